//! Text rules shared by every layer: NFC storage, Vietnamese folding for search,
//! dd/mm/yyyy dates and Vietnamese phone numbers.

use std::borrow::Cow;

use chrono::{Datelike, NaiveDate};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Text is stored in NFC: some input methods and files send decomposed (NFD) letters.
pub fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// NFC, with surrounding white space trimmed and inner runs of white space folded to one
/// space, as a name or an address should be stored.
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    nfc(&out)
}

/// Folds Vietnamese for search and matching: no diacritics, `đ` as `d`, lower case.
/// Done by hand because generic accent folding gets Vietnamese wrong (đ is not a d with
/// a combining mark).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            'đ' | 'Đ' => out.push('d'),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// True when `s` holds a control character (a tab or newline pasted into a one-line field)
/// or another character that [`visible`] escapes.
pub fn has_control(s: &str) -> bool {
    s.chars().any(is_hidden_control)
}

/// Characters that act on a terminal or on the text around them instead of showing: the C0
/// and C1 controls and DEL (escape sequences), the line and paragraph separators, and the
/// bidirectional marks, embeddings, overrides and isolates (which reorder what follows).
pub fn is_hidden_control(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// Text from a file or the notebook as it can be shown on a terminal, in a report or a
/// message: each character of [`is_hidden_control`] becomes a visible escape such as
/// `\u{202E}`, so a crafted name cannot clear the screen or turn the line around.
pub fn visible(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_hidden_control) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_hidden_control(c) {
            out.push_str(&format!("\\u{{{:X}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// [`visible`] for text that may span lines (notes): line breaks stay line breaks.
pub fn visible_lines(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c != '\n' && is_hidden_control(c)) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.split('\n').map(visible).collect::<Vec<_>>().join("\n"))
}

/// What a message quotes of a value it did not take: at most [`EXCERPT_CHARS`] characters,
/// shown with [`visible`], and `…` when there was more.
pub fn excerpt(s: &str) -> String {
    let mut chars = s.char_indices();
    match chars.nth(EXCERPT_CHARS) {
        None => visible(s).into_owned(),
        Some((cut, _)) => format!("{}…", visible(&s[..cut])),
    }
}

/// See [`excerpt`].
pub const EXCERPT_CHARS: usize = 40;

/// Parses a date written the Vietnamese way: `d/m/yyyy` (also with `-` or `.`), and the ISO
/// `yyyy-mm-dd` that spreadsheets sometimes produce. Returns `None` for a date that does
/// not exist (31/02).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let parts: Vec<&str> = s.split(['/', '-', '.']).map(str::trim).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let nums: Vec<u32> = parts.iter().map(|p| p.parse().ok()).collect::<Option<_>>()?;
    if parts[0].len() == 4 {
        return NaiveDate::from_ymd_opt(nums[0] as i32, nums[1], nums[2]);
    }
    if parts[2].len() != 4 {
        return None;
    }
    NaiveDate::from_ymd_opt(nums[2] as i32, nums[1], nums[0])
}

/// Formats a date as dd/mm/yyyy.
pub fn format_date(d: NaiveDate) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year())
}

/// Parses an amount of money in đồng as teachers type it: `1.500.000`, `1500000`,
/// `1 500 000`, with or without `₫`, `đ`, `VND`, `VNĐ` or `đồng` after it (any case).
/// Dots and spaces group thousands; when used, every group after the first must hold three
/// digits, so `1.5` or `1.50` (a decimal slip) is refused. A comma is the Vietnamese decimal
/// mark, so `1,5` is refused too, as are negatives and anything else.
pub fn parse_vnd(s: &str) -> Option<u64> {
    let lower = clean(s).to_lowercase();
    let mut body = lower.as_str();
    // Longest first, so "vnđ" is not read as "vn" + "đ".
    for suffix in ["đồng", "vnđ", "vnd", "₫", "đ"] {
        if let Some(rest) = body.strip_suffix(suffix) {
            body = rest.trim_end();
            break;
        }
    }
    if body.is_empty() {
        return None;
    }
    let sep = body.chars().find(|c| !c.is_ascii_digit());
    let groups: Vec<&str> = match sep {
        None => vec![body],
        Some(sep @ ('.' | ' ')) => body.split(sep).collect(),
        Some(_) => return None,
    };
    let mut amount: u64 = 0;
    for (i, g) in groups.iter().enumerate() {
        let grouped = groups.len() > 1;
        let ok_len = if i == 0 {
            !grouped || (1..=3).contains(&g.len())
        } else {
            g.len() == 3
        };
        if g.is_empty() || !ok_len || !g.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        // "0.500" is no way to write 500.
        if grouped && i == 0 && g.starts_with('0') {
            return None;
        }
        for b in g.bytes() {
            amount = amount.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
        }
    }
    Some(amount)
}

/// Groups the digits of `n` by thousands with dots, the Vietnamese way: `1.500.000`.
pub fn format_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// An amount in đồng as the product shows money: `1.500.000 ₫`.
pub fn format_vnd(amount: u64) -> String {
    format!("{} ₫", format_thousands(amount))
}

/// Normalises a Vietnamese phone number: drops spaces, dots and dashes, turns `+84`/`84`
/// into a leading `0`. Returns `None` unless it is a plausible 10-digit mobile or 10/11-digit
/// landline number starting with 0.
pub fn normalise_phone(s: &str) -> Option<String> {
    let compact: String = s
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-' | '(' | ')'))
        .collect();
    let digits = if let Some(rest) = compact.strip_prefix("+84") {
        format!("0{rest}")
    } else if compact.starts_with("84") && compact.len() == 11 {
        format!("0{}", &compact[2..])
    } else {
        compact
    };
    let ok = digits.starts_with('0')
        && !digits.starts_with("00")
        && (10..=11).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit());
    ok.then_some(digits)
}

/// The Vietnamese sort key of a full name: given name first, then the rest in order
/// (family name, middle names), each by [`collation_key`], with the exact name last to
/// break ties.
pub fn name_sort_key(full_name: &str) -> (String, String, String) {
    let name = clean(full_name);
    let (rest, given) = name.rsplit_once(' ').unwrap_or(("", &name));
    (collation_key(given), collation_key(rest), full_name.to_string())
}

/// The Vietnamese alphabet, in dictionary order (f, j, w, z for foreign names).
const ALPHABET: [&str; 33] = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "ô", "ơ", "p", "q",
    "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
];

/// A key whose byte order is Vietnamese dictionary order: letters by the alphabet above
/// (so ă and â follow a, đ follows d), and only where the letters are equal, tones in the
/// order ngang, huyền, hỏi, ngã, sắc, nặng. Folding alone would sort đ with d and mix tones.
pub fn collation_key(s: &str) -> String {
    // Letters map to U+0100 + rank: UTF-8 keeps code point order, so bytes compare as ranks.
    let mut letters: Vec<u32> = Vec::with_capacity(s.len());
    let mut tones: Vec<u8> = Vec::with_capacity(s.len());
    for c in s.nfd().flat_map(char::to_lowercase) {
        match c {
            '\u{0300}' => set_last(&mut tones, 1),
            '\u{0309}' => set_last(&mut tones, 2),
            '\u{0303}' => set_last(&mut tones, 3),
            '\u{0301}' => set_last(&mut tones, 4),
            '\u{0323}' => set_last(&mut tones, 5),
            // Breve, circumflex and horn make another letter of the one before.
            '\u{0306}' | '\u{0302}' | '\u{031B}' => {
                if let Some(last) = letters.last_mut() {
                    *last = modified(*last, c);
                }
            }
            c if is_combining_mark(c) => {}
            c => {
                letters.push(rank(c));
                tones.push(0);
            }
        }
    }
    let mut key: String = letters.iter().filter_map(|&r| char::from_u32(r)).collect();
    key.push('\u{1}');
    key.extend(tones.iter().map(|&t| char::from(b'0' + t)));
    key
}

fn set_last(tones: &mut [u8], tone: u8) {
    if let Some(last) = tones.last_mut() {
        *last = tone;
    }
}

const LETTER_BASE: u32 = 0x100;

fn rank(c: char) -> u32 {
    let mut buf = [0; 4];
    match ALPHABET.iter().position(|l| *l == c.encode_utf8(&mut buf)) {
        Some(i) => LETTER_BASE + 1 + i as u32,
        // A space sorts before any letter, so "An" comes before "An Bình".
        None if c == ' ' => LETTER_BASE,
        // Digits and anything else after the letters, in code point order.
        None => 0x800 + c as u32,
    }
}

fn modified(letter: u32, mark: char) -> u32 {
    let base = ALPHABET.get((letter.wrapping_sub(LETTER_BASE + 1)) as usize).copied();
    let target = match (base, mark) {
        (Some("a"), '\u{0306}') => "ă",
        (Some("a"), '\u{0302}') => "â",
        (Some("e"), '\u{0302}') => "ê",
        (Some("o"), '\u{0302}') => "ô",
        (Some("o"), '\u{031B}') => "ơ",
        (Some("u"), '\u{031B}') => "ư",
        _ => return letter,
    };
    ALPHABET
        .iter()
        .position(|l| *l == target)
        .map_or(letter, |i| LETTER_BASE + 1 + i as u32)
}

/// Display width in terminal cells.
pub fn width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// Cuts `s` to at most `max` cells, ending with `…` when cut.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > max {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_direction_changes_are_shown_escaped() {
        assert!(matches!(visible("Nguyễn Văn An"), Cow::Borrowed(_)));
        assert_eq!(visible("An\u{1b}[2J\u{1b}]0;x\u{7}"), "An\\u{1B}[2J\\u{1B}]0;x\\u{7}");
        assert_eq!(visible("An\u{202e}nib"), "An\\u{202E}nib");
        assert_eq!(
            visible("a\u{2028}b\u{2066}c\u{200f}\u{9b}\u{7f}"),
            "a\\u{2028}b\\u{2066}c\\u{200F}\\u{9B}\\u{7F}"
        );
        assert!(has_control("An\u{202e}"));
        assert!(!has_control("Đặng Thị Bình"));
    }

    #[test]
    fn an_excerpt_is_short_escaped_and_says_it_was_cut() {
        assert_eq!(excerpt("ngắn"), "ngắn");
        let long = "ă".repeat(1_000_000);
        let e = excerpt(&long);
        assert_eq!(e, format!("{}…", "ă".repeat(EXCERPT_CHARS)));
        assert_eq!(
            excerpt(&"\u{1b}".repeat(50)),
            format!("{}…", "\\u{1B}".repeat(EXCERPT_CHARS))
        );
    }

    #[test]
    fn folding_handles_vietnamese() {
        assert_eq!(fold("Nguyễn Văn"), "nguyen van");
        assert_eq!(fold("Đặng Thị Ánh"), "dang thi anh");
        // Decomposed input folds to the same key.
        assert_eq!(fold(&"Đặng".nfd().collect::<String>()), "dang");
    }

    #[test]
    fn clean_stores_nfc_and_single_spaces() {
        let nfd: String = "Lê  Văn\tDũng ".nfd().collect();
        assert_eq!(clean(&nfd), "Lê Văn Dũng");
        assert_eq!(clean(&nfd).chars().count(), 11);
    }

    #[test]
    fn dates_must_exist() {
        assert_eq!(parse_date("27/03/2013"), NaiveDate::from_ymd_opt(2013, 3, 27));
        assert_eq!(parse_date("7/3/2013"), NaiveDate::from_ymd_opt(2013, 3, 7));
        assert_eq!(parse_date("2013-03-27"), NaiveDate::from_ymd_opt(2013, 3, 27));
        assert_eq!(parse_date("31/02/2013"), None);
        assert_eq!(parse_date("29/02/2012"), NaiveDate::from_ymd_opt(2012, 2, 29));
        assert_eq!(parse_date("29/02/2013"), None);
        assert_eq!(parse_date("27/03/13"), None);
        assert_eq!(parse_date("hôm qua"), None);
        assert_eq!(format_date(NaiveDate::from_ymd_opt(2013, 3, 7).unwrap()), "07/03/2013");
    }

    #[test]
    fn amounts_in_dong() {
        for ok in [
            "1.500.000",
            "1500000",
            "1 500 000",
            "1.500.000 ₫",
            "1.500.000₫",
            "1500000đ",
            "1.500.000 VND",
            "1.500.000 vnđ",
            "1.500.000 đồng",
            "1.500.000 ĐỒNG",
            "  1 500 000 đ ",
        ] {
            assert_eq!(parse_vnd(ok), Some(1_500_000), "{ok}");
        }
        // Decomposed "đồng" reads the same.
        assert_eq!(parse_vnd(&"200.000 đồng".nfd().collect::<String>()), Some(200_000));
        assert_eq!(parse_vnd("0"), Some(0));
        assert_eq!(parse_vnd("999"), Some(999));
        assert_eq!(parse_vnd("12.000"), Some(12_000));
        for bad in [
            "",
            "₫",
            "-500.000",
            "+500",
            "1,5",
            "1,500,000",
            "1.5",
            "1.50",
            "1.5000",
            "1.500.00",
            "1..500",
            "1.500 000",
            ".500",
            "500.",
            "0.500",
            "1500 nghìn",
            "abc",
            "1.500.000 $",
            "18446744073709551616",
        ] {
            assert_eq!(parse_vnd(bad), None, "{bad}");
        }
    }

    #[test]
    fn amounts_are_shown_with_dots() {
        assert_eq!(format_vnd(0), "0 ₫");
        assert_eq!(format_vnd(999), "999 ₫");
        assert_eq!(format_vnd(1_000), "1.000 ₫");
        assert_eq!(format_vnd(1_500_000), "1.500.000 ₫");
        assert_eq!(format_thousands(123_456_789), "123.456.789");
        for n in [0, 7, 1_000, 45_600, 1_500_000, u64::MAX] {
            assert_eq!(parse_vnd(&format_vnd(n)), Some(n));
        }
    }

    #[test]
    fn phones_look_vietnamese() {
        assert_eq!(normalise_phone("0900 080 039").as_deref(), Some("0900080039"));
        assert_eq!(normalise_phone("+84 900.080.039").as_deref(), Some("0900080039"));
        assert_eq!(normalise_phone("84900080039").as_deref(), Some("0900080039"));
        assert_eq!(normalise_phone("02203 123 456").as_deref(), Some("02203123456"));
        assert_eq!(normalise_phone("12345"), None);
        assert_eq!(normalise_phone("09000800ab"), None);
    }

    #[test]
    fn names_sort_by_given_name() {
        let mut names = vec![
            "Trần Văn Bình",
            "Nguyễn Thị An",
            "Lê Ánh",
            "Đặng Văn An",
            "Dương Văn An",
        ];
        names.sort_by_key(|n| name_sort_key(n));
        assert_eq!(
            names,
            [
                "Dương Văn An",
                "Đặng Văn An",
                "Nguyễn Thị An",
                "Lê Ánh",
                "Trần Văn Bình"
            ]
        );
    }

    #[test]
    fn collation_follows_the_vietnamese_alphabet_then_tones() {
        let sorted = |words: &[&str]| {
            let mut v: Vec<String> = words.iter().map(|w| w.to_string()).collect();
            v.sort_by_key(|w| collation_key(w));
            v
        };
        // ă, â after a; đ after d; ơ after ô after o; ư after u.
        assert_eq!(sorted(&["Ân", "Bình", "Ăn", "An"]), ["An", "Ăn", "Ân", "Bình"]);
        assert_eq!(sorted(&["Đức", "Dung", "Em"]), ["Dung", "Đức", "Em"]);
        assert_eq!(sorted(&["Ơn", "On", "Ôn"]), ["On", "Ôn", "Ơn"]);
        assert_eq!(sorted(&["Ưng", "Vy", "Uyên"]), ["Uyên", "Ưng", "Vy"]);
        // Tones only where the letters are equal: ngang, huyền, hỏi, ngã, sắc, nặng.
        assert_eq!(
            sorted(&["Hạ", "Há", "Hã", "Hả", "Hà", "Ha"]),
            ["Ha", "Hà", "Hả", "Hã", "Há", "Hạ"]
        );
        assert_eq!(sorted(&["Hà", "Hai"]), ["Hà", "Hai"]);
        // Shorter first, and decomposed input sorts as composed.
        assert_eq!(sorted(&["Anh", "An"]), ["An", "Anh"]);
        assert_eq!(collation_key(&"Đặng".nfd().collect::<String>()), collation_key("Đặng"));
    }

    #[test]
    fn truncation_counts_cells() {
        assert_eq!(truncate("Nguyễn Văn An", 8), "Nguyễn …");
        assert_eq!(truncate("An", 8), "An");
    }
}
