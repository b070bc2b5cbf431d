//! One-time enrolment codes: short enough to read over the phone, with a check character.
//!
//! A code is 11 random characters of Crockford's base-32 alphabet (no I, L, O or U, so no
//! letter is mistaken for a digit; 55 bits) and one check character (Luhn mod 32, which
//! catches every single wrong character and every swap of two neighbours but `0` with `Z`),
//! shown in three
//! groups of four: `7KQ2-M9XD-4TB8`. Reading it back forgives case, spaces, hyphens and the
//! letters Crockford maps to digits (O to 0, I and L to 1).

/// Crockford's base-32 alphabet, each character's value its position.
pub(crate) const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Random characters in a code; the check character follows them.
pub const DATA_CHARS: usize = 11;
/// Characters in a code without its hyphens.
pub const CODE_CHARS: usize = DATA_CHARS + 1;

/// Why a typed code was refused before anything was sent.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    /// Not 12 characters once spaces and hyphens are taken out.
    #[error("a code has {CODE_CHARS} characters, this one has {0}")]
    Length(usize),
    /// A character outside the alphabet (its position, from 1, among the code's characters).
    #[error("character {0} of the code is not one a code uses")]
    Character(usize),
    /// The check character does not match: a character was mistyped.
    #[error("the code's check character does not match: a character is mistyped")]
    Check,
}

/// The code made of `random`'s first [`DATA_CHARS`] values (each taken modulo 32) and its
/// check character, in its display form.
pub fn make(random: &[u8; DATA_CHARS]) -> String {
    let values: Vec<u8> = random.iter().map(|b| b % 32).collect();
    let check = check_value(&values);
    let chars: Vec<u8> = values
        .iter()
        .chain(std::iter::once(&check))
        .map(|&v| ALPHABET[v as usize])
        .collect();
    display(&chars)
}

/// The values of typed characters, forgiving case, spaces, hyphens and the letters
/// Crockford maps to digits; a character outside the alphabet is named by its position.
pub(crate) fn values_of(typed: &str) -> Result<Vec<u8>, CodeError> {
    let mut values = Vec::with_capacity(CODE_CHARS);
    for c in typed.chars().filter(|c| !c.is_whitespace() && *c != '-') {
        let v = match c.to_ascii_uppercase() {
            'O' => 0,
            'I' | 'L' => 1,
            u => match ALPHABET.iter().position(|&a| a as char == u) {
                Some(v) => v as u8,
                None => return Err(CodeError::Character(values.len() + 1)),
            },
        };
        values.push(v);
    }
    Ok(values)
}

/// A typed code in its display form, or why it cannot be one.
pub fn normalize(typed: &str) -> Result<String, CodeError> {
    let values = values_of(typed)?;
    if values.len() != CODE_CHARS {
        return Err(CodeError::Length(values.len()));
    }
    let (data, check) = values.split_at(DATA_CHARS);
    if check[0] != check_value(data) {
        return Err(CodeError::Check);
    }
    let chars: Vec<u8> = values.iter().map(|&v| ALPHABET[v as usize]).collect();
    Ok(display(&chars))
}

/// Luhn mod 32 over the values: doubling every second value from the right, digits summed
/// in base 32.
fn check_value(values: &[u8]) -> u8 {
    let mut sum = 0u32;
    for (i, &v) in values.iter().rev().enumerate() {
        let mut v = u32::from(v);
        if i % 2 == 0 {
            v *= 2;
            v = v / 32 + v % 32;
        }
        sum += v;
    }
    ((32 - sum % 32) % 32) as u8
}

/// ASCII characters in groups of four joined by hyphens, as codes and fingerprints are read
/// aloud.
pub(crate) fn display(chars: &[u8]) -> String {
    chars
        .chunks(4)
        .map(|g| std::str::from_utf8(g).expect("ASCII"))
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(seed: u8) -> String {
        let mut random = [0u8; DATA_CHARS];
        for (i, b) in random.iter_mut().enumerate() {
            *b = seed.wrapping_mul(31).wrapping_add(i as u8 * 7);
        }
        make(&random)
    }

    #[test]
    fn a_made_code_reads_back_in_any_case_and_spacing() {
        for seed in 0..50 {
            let code = sample(seed);
            assert_eq!(code.len(), 14, "{code}");
            assert_eq!(normalize(&code).unwrap(), code);
            let typed = code.to_lowercase().replace('-', " ");
            assert_eq!(normalize(&typed).unwrap(), code);
            let typed = code.replace('0', "o").replace('1', "l");
            assert_eq!(normalize(&typed).unwrap(), code);
        }
    }

    #[test]
    fn every_single_mistyped_character_is_caught() {
        for seed in 0..20 {
            let code: Vec<u8> = sample(seed).bytes().filter(|&b| b != b'-').collect();
            for pos in 0..CODE_CHARS {
                for &other in ALPHABET {
                    if other == code[pos] {
                        continue;
                    }
                    let mut typo = code.clone();
                    typo[pos] = other;
                    let typo = String::from_utf8(typo).unwrap();
                    assert_eq!(normalize(&typo), Err(CodeError::Check), "{typo}");
                }
            }
        }
    }

    #[test]
    fn swapped_neighbours_are_caught() {
        for seed in 0..20 {
            let code: Vec<u8> = sample(seed).bytes().filter(|&b| b != b'-').collect();
            for pos in 0..CODE_CHARS - 1 {
                // Luhn mod N's one blind spot: the first and last characters swapped.
                let pair = [code[pos], code[pos + 1]];
                if pair[0] == pair[1] || pair == *b"0Z" || pair == *b"Z0" {
                    continue;
                }
                let mut typo = code.clone();
                typo.swap(pos, pos + 1);
                let typo = String::from_utf8(typo).unwrap();
                assert_eq!(normalize(&typo), Err(CodeError::Check), "{typo}");
            }
        }
    }

    #[test]
    fn wrong_lengths_and_characters_are_named() {
        assert_eq!(normalize("7KQ2-M9XD"), Err(CodeError::Length(8)));
        assert_eq!(normalize(""), Err(CodeError::Length(0)));
        assert_eq!(normalize("7KQ2-M9XU-4TB8"), Err(CodeError::Character(8)));
        assert_eq!(normalize("7KQ2-Mđ"), Err(CodeError::Character(6)));
    }
}
