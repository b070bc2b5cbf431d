//! `sotay readers` and `sotay readers accept FINGERPRINT`: the report readers above the
//! class, which the teacher accepts one by one after comparing fingerprints. A changed key
//! is shown as changed and never used until accepted.

use std::path::Path;
use std::sync::Arc;

use sotay_wire::reader::normalize_fingerprint;

use super::commands::store_failure;
use super::exit::{CliError, Code};
use super::hub::{joined_store, sync_failure};
use crate::clock::Clock;
use crate::hub::{self, HubError, publish};
use crate::i18n::Lang;
use crate::i18n::hub as words;
use crate::i18n::readers::RD;
use crate::store::{Readers, Standing, Store};
use crate::text;

/// The readers the hub offers now, recorded; when the hub is out of reach, those of the
/// last sync, said so.
fn refreshed(store: &Store, lang: Lang, binding: &crate::store::Binding) -> Result<Readers, CliError> {
    let client = hub::client_for(binding)
        .map_err(|e| CliError::new(Code::Invalid, words::setup_error(lang, &binding.url, &e)))?;
    match client.readers() {
        Ok(keys) => store
            .set_offered_readers(publish::offered(keys))
            .map_err(|e| store_failure(lang, &e)),
        Err(HubError::Unreachable { reason, .. }) => {
            super::say(&RD::Offline.fill(lang, &[&reason]));
            store.readers().map_err(|e| store_failure(lang, &e))
        }
        Err(e) => Err(sync_failure(lang, &binding.url, &e.into())),
    }
}

pub fn list(dir: &Path, lang_flag: Option<Lang>, clock: Arc<dyn Clock>) -> Result<(), CliError> {
    let (store, lang, binding) = joined_store(dir, lang_flag, clock)?;
    let readers = refreshed(&store, lang, &binding)?;
    if readers.offered.is_empty() {
        println!("{}", RD::None.get(lang));
        return Ok(());
    }
    println!("{}", RD::Header.get(lang));
    // Columns line up by the characters shown (Vietnamese names are wider in bytes).
    let width = |f: &dyn Fn(&crate::store::Reader) -> String| {
        readers.offered.iter().map(|r| text::width(&f(r))).max().unwrap_or(0)
    };
    let scope_w = width(&|r| r.scope.clone());
    let place_w = width(&|r| r.place.clone().unwrap_or_else(|| "?".into()));
    for r in &readers.offered {
        let standing = match readers.standing(r) {
            Standing::Accepted => RD::Accepted,
            Standing::New => RD::New,
            Standing::Changed => RD::Changed,
        };
        let place = r.place.as_deref().unwrap_or("?");
        println!(
            "{}",
            RD::Row.fill(
                lang,
                &[
                    &r.fingerprint,
                    &pad(&r.scope, scope_w),
                    &pad(place, place_w),
                    &standing.get(lang)
                ]
            )
        );
    }
    if readers
        .offered
        .iter()
        .any(|r| readers.standing(r) != Standing::Accepted)
    {
        println!("{}", RD::HowToAccept.get(lang));
    }
    Ok(())
}

pub fn accept(dir: &Path, typed: &str, lang_flag: Option<Lang>, clock: Arc<dyn Clock>) -> Result<(), CliError> {
    let (store, lang, binding) = joined_store(dir, lang_flag, clock)?;
    let not_offered = || CliError::new(Code::Invalid, RD::NotOffered.fill(lang, &[&typed]));
    let fingerprint = normalize_fingerprint(typed).ok_or_else(not_offered)?;
    refreshed(&store, lang, &binding)?;
    let reader = store
        .accept_reader(&fingerprint)
        .map_err(|e| store_failure(lang, &e))?
        .ok_or_else(not_offered)?;
    let whom = match &reader.place {
        Some(place) => format!("{} ({place})", reader.scope),
        None => reader.scope.clone(),
    };
    println!("{}", RD::AcceptedNow.fill(lang, &[&reader.fingerprint, &whom]));
    Ok(())
}

/// `s` with spaces after it to `width` characters as shown.
fn pad(s: &str, width: usize) -> String {
    format!("{s}{}", " ".repeat(width.saturating_sub(text::width(s))))
}
