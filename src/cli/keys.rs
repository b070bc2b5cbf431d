//! `sotay keys new-report-key`: a report reader's key pair, made where the reader is (a
//! school's, a commune's or a province's computer), so the secret key never travels; and
//! `sotay keys account-identity`: the account's age identity from its recovery code, to
//! open a backup with the `age` tool. Neither needs a notebook.

use std::path::Path;
use std::sync::Arc;

use age::secrecy::ExposeSecret;
use chrono::SecondsFormat;
use sotay_wire::reader::{fingerprint, parse_recipient};
use zeroize::Zeroizing;

use super::exit::CliError;
use super::report::write_failure;
use crate::clock::Clock;
use crate::i18n::Lang;
use crate::i18n::keys::K;
use crate::report::output::{self, WriteError};

pub fn new_report_key(out: &Path, force: bool, lang_flag: Option<Lang>, clock: Arc<dyn Clock>) -> Result<(), CliError> {
    let lang = lang_flag.unwrap_or_else(Lang::from_system);
    // Refused before a key is made; `output::write` refuses again a file that appears meanwhile.
    if !force && out.symlink_metadata().is_ok() {
        return Err(write_failure(lang, &WriteError::Exists(out.to_path_buf())));
    }
    let identity = age::x25519::Identity::generate();
    let public = identity.to_public().to_string();
    let key = parse_recipient(&public).expect("age's recipients are age1… in Bech32");
    // age's identity file, as `age-keygen` writes it, so the reader can also use the `age`
    // tool. The text holding the secret is wiped when dropped.
    let file = Zeroizing::new(format!(
        "# created: {}\n# public key: {public}\n{}\n",
        clock.now().to_rfc3339_opts(SecondsFormat::Secs, true),
        identity.to_string().expose_secret()
    ));
    // Through a temporary file renamed into place (made 0600 on Unix by `tempfile`, and the
    // rename keeps that, also over a file replaced with --force): owner-only from the first
    // byte, and never half written.
    output::write(out, file.as_bytes(), force).map_err(|e| write_failure(lang, &e))?;

    let shown = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
    println!("{}", K::Made.fill(lang, &[&shown.display()]));
    println!("{}", K::Fingerprint.fill(lang, &[&fingerprint(&key)]));
    println!("{}", K::PublicNext.get(lang));
    // Alone on the last line, for scripts and for copying.
    println!("{public}");
    Ok(())
}

/// `sotay keys account-identity -o FILE --recovery-code RC`: the account's age identity
/// (what opens its backups and bundles), written as `age-keygen` writes one, owner-only, so
/// a backup opens with `age -d -i FILE` on a computer without sotay.
pub fn account_identity(out: &Path, recovery_code: &str, force: bool, lang_flag: Option<Lang>) -> Result<(), CliError> {
    let lang = lang_flag.unwrap_or_else(Lang::from_system);
    let secret = super::sync::recovery_secret(lang, recovery_code)?;
    if !force && out.symlink_metadata().is_ok() {
        return Err(write_failure(lang, &WriteError::Exists(out.to_path_buf())));
    }
    let keys = crate::sync::AccountKeys::from_secret(&secret);
    let file = Zeroizing::new(format!(
        "# sotay account {}\n# public key: {}\n{}\n",
        keys.account_id(),
        keys.recipient(),
        keys.age_secret_key().expose_secret()
    ));
    output::write(out, file.as_bytes(), force).map_err(|e| write_failure(lang, &e))?;
    let shown = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
    println!("{}", K::AccountIdentity.fill(lang, &[&shown.display()]));
    Ok(())
}
