//! `sotay report pull`: a report reader (a school, a commune or ward, a province) pulls its
//! scope's figures from the hub, checks and decrypts them with its key, and writes the same
//! report `sotay report merge` makes: a school's by class, an area's by school with totals.
//! Every class or school without figures for the period is listed, with since when. Needs
//! no notebook.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use sotay_wire::api::ErrorCode;
use sotay_wire::reader::{Scope, fingerprint, parse_recipient};

use super::PullArgs;
use super::exit::{CliError, Code};
use super::hub::sync_failure;
use super::report::{format_of, refuse_existing, render, write, write_failure};
use crate::clock::Clock;
use crate::hub::pull::{self, BuildError, Built, ClassOutcome, FigureRefusal, open_all};
use crate::hub::{Client, Options};
use crate::i18n::Lang;
use crate::i18n::hub as words;
use crate::i18n::readers::RD;
use crate::report::merge as merging;
use crate::report::output;
use crate::report::period::PeriodKind;
use crate::report::{ReportPeriod, period};
use crate::text;

/// What is kept beside the key file: the hub it was enrolled with and the token.
#[derive(Serialize, Deserialize)]
struct Kept {
    hub: String,
    token: String,
}

/// The token file of a key file: `school.key` → `school.key.token`.
fn token_path(key: &Path) -> PathBuf {
    let mut name = key.as_os_str().to_owned();
    name.push(".token");
    PathBuf::from(name)
}

/// The age identity in a key file `sotay keys new-report-key` (or `age-keygen`) wrote.
fn read_key(file: &Path, lang: Lang) -> Result<age::x25519::Identity, CliError> {
    let bad = || CliError::new(Code::Invalid, RD::BadKey.fill(lang, &[&file.display()]));
    // A key file is a few lines; anything larger is not one.
    let bytes = std::fs::read(file).map_err(|e| {
        CliError::new(
            Code::Invalid,
            format!(
                "{}: {}",
                RD::BadKey.fill(lang, &[&file.display()]),
                crate::i18n::io::reason(lang, &e)
            ),
        )
    })?;
    if bytes.len() > 64 << 10 {
        return Err(bad());
    }
    let text = String::from_utf8(bytes).map_err(|_| bad())?;
    text.lines()
        .map(str::trim)
        .find(|l| l.starts_with("AGE-SECRET-KEY-"))
        .and_then(|l| l.parse().ok())
        .ok_or_else(bad)
}

pub fn pull(a: &PullArgs, lang_flag: Option<Lang>, clock: Arc<dyn Clock>) -> Result<(), CliError> {
    let lang = lang_flag.unwrap_or_else(Lang::from_system);
    // Everything that can be checked here is, before any connection.
    let format = format_of(a.file.format.as_deref(), &a.file.output, lang)?;
    refuse_existing(&a.file.output, a.file.force, lang)?;
    let period =
        ReportPeriod::parse(&a.period).map_err(|e| CliError::new(Code::Invalid, period::error_message(lang, &e)))?;
    if period.kind == PeriodKind::Custom {
        return Err(CliError::new(Code::Invalid, RD::CustomPeriod.get(lang)));
    }
    let today = clock.today();
    period
        .check_started(today)
        .map_err(|e| CliError::new(Code::Invalid, period::error_message(lang, &e)))?;
    if let Some(s) = &a.scope {
        Scope::parse(s).map_err(|e| CliError::new(Code::Invalid, format!("--scope {s}: {e}")))?;
    }
    let identity = read_key(&a.key, lang)?;
    let own_print =
        fingerprint(&parse_recipient(&identity.to_public().to_string()).expect("age's recipients are Bech32"));
    let options = Options {
        ca: a.tls.ca.clone(),
        insecure: a.tls.insecure,
    };
    let client = Client::new(&a.hub, None, &options)
        .map_err(|e| CliError::new(Code::Invalid, words::setup_error(lang, &a.hub, &e)))?;
    let url = client.url().to_string();
    let asked = a.scope.clone().unwrap_or_else(|| RD::OwnScope.get(lang).to_string());
    // A reader's refusals in a reader's words; the others as a sync's.
    let failed = |e: crate::hub::HubError| match &e {
        crate::hub::HubError::Refused(r) if r.code == ErrorCode::Forbidden => {
            CliError::new(Code::Invalid, RD::OutsideScope.fill(lang, &[&url, &asked]))
        }
        crate::hub::HubError::Refused(r) if r.code == ErrorCode::Unauthorized => {
            CliError::new(Code::Invalid, RD::UnknownReader.fill(lang, &[&url]))
        }
        _ => sync_failure(lang, &url, &e.into()),
    };

    let tokens = token_path(&a.key);
    let kept: Option<Kept> = match std::fs::read(&tokens) {
        Ok(bytes) => Some(
            serde_json::from_slice(&bytes)
                .map_err(|_| CliError::new(Code::Invalid, RD::TokenUnreadable.fill(lang, &[&tokens.display()])))?,
        ),
        Err(_) => None,
    };
    let token = match (&a.code, kept) {
        (Some(code), _) => {
            let code = sotay_wire::code::normalize(code).map_err(|e| {
                CliError::new(
                    Code::Invalid,
                    words::H::BadCode.fill(lang, &[code, &words::code_error(lang, &e)]),
                )
            })?;
            let enrolled = client.reader_enrol(&code).map_err(failed)?;
            if enrolled.fingerprint != own_print {
                return Err(CliError::new(
                    Code::Invalid,
                    RD::WrongKey.fill(lang, &[&enrolled.fingerprint, &a.key.display(), &own_print]),
                ));
            }
            let kept = serde_json::to_vec(&Kept {
                hub: url.clone(),
                token: enrolled.token.clone(),
            })
            .expect("serialisable");
            // Owner-only from the first byte (a temporary file renamed into place).
            output::write(&tokens, &kept, true).map_err(|e| write_failure(lang, &e))?;
            let place = enrolled.place.as_deref().unwrap_or("?");
            super::say(&RD::Enrolled.fill(
                lang,
                &[&enrolled.scope, &place, &enrolled.fingerprint, &tokens.display()],
            ));
            enrolled.token
        }
        (None, Some(kept)) if kept.hub == url => kept.token,
        (None, _) => return Err(CliError::new(Code::Invalid, RD::NeedCode.fill(lang, &[&url]))),
    };
    client.set_token(token);
    let data = client.report(&period.code(), a.scope.as_deref()).map_err(failed)?;
    let pulled = open_all(&data, &identity);

    // The report speaks the flag's language, else the one the classes' figures agree on.
    let lang = lang_flag.or_else(|| pull::common_lang(&pulled)).unwrap_or(lang);
    for c in &pulled {
        let who = format!("{} {}", c.school, c.class);
        match &c.outcome {
            ClassOutcome::Withheld => super::say(&RD::Withheld.fill(lang, &[&who, &own_print])),
            ClassOutcome::Refused(r) => super::say(&RD::Refused.fill(lang, &[&who, &refusal(lang, r)])),
            _ => {}
        }
    }
    let place = data.place.clone().unwrap_or_else(|| data.scope.clone());
    let built = pull::build(&data, &pulled, today, lang);
    if let Ok(b) = &built {
        for w in &b.warnings {
            super::say(&merging::warning_message(lang, w));
        }
    }
    let missing = match &built {
        Ok(Built { missing, .. }) | Err(BuildError::Nothing { missing }) => missing.clone(),
        Err(_) => Vec::new(),
    };
    for (who, m) in &missing {
        println!("{}", missing_line(lang, who, m));
    }
    let built = built.map_err(|e| match e {
        BuildError::Nothing { .. } => {
            CliError::new(Code::Invalid, RD::NothingYet.fill(lang, &[&place, &period.label(lang)]))
        }
        BuildError::Merge(e) => CliError::new(Code::Invalid, merging::error_message(lang, &e)),
        BuildError::BadScope => failed(crate::hub::HubError::BadAnswer(format!("scope {}", data.scope))),
    })?;
    let doc = built.doc;
    let (class_count, school_count, missing_count) = (built.classes, built.schools, missing.len());
    let bytes = render(&doc, format, &a.file.output, lang)?;
    write(&a.file.output, &bytes, a.file.force, lang)?;
    let shown = std::path::absolute(&a.file.output).unwrap_or_else(|_| a.file.output.clone());
    println!(
        "{}",
        RD::Pulled.fill(
            lang,
            &[
                &period.label(lang),
                &place,
                &class_count,
                &school_count,
                &missing_count,
                &shown.display()
            ]
        )
    );
    Ok(())
}

fn missing_line(lang: Lang, who: &str, m: &merging::Missing) -> String {
    let since = m.last_sent.map_or_else(
        || crate::i18n::report::R::Never.get(lang).to_string(),
        text::format_date,
    );
    match m.why {
        Some(why) => RD::MissingWhy.fill(lang, &[&who, &why.text(lang), &since]),
        None => RD::Missing.fill(lang, &[&who, &since]),
    }
}

fn refusal(lang: Lang, r: &FigureRefusal) -> String {
    match r {
        FigureRefusal::UnknownDevice => RD::UnknownDevice.get(lang).to_string(),
        FigureRefusal::RevokedDevice => RD::RevokedDevice.get(lang).to_string(),
        FigureRefusal::BadSignature => RD::BadSignature.get(lang).to_string(),
        FigureRefusal::Undecryptable => RD::Undecryptable.get(lang).to_string(),
        FigureRefusal::NotThisClass => RD::NotThisClass.get(lang).to_string(),
        FigureRefusal::Unreadable(m) => RD::Unreadable.fill(lang, &[m]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_sits_beside_the_key_file() {
        assert_eq!(
            token_path(Path::new("keys/school.key")),
            Path::new("keys/school.key.token")
        );
    }
}
