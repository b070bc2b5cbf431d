//! Exit codes (documented in the README) and the one-line error a failed command prints.

/// What a failed command exits with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Code {
    /// Anything unexpected.
    Failure = 1,
    // 2 is clap's: a bad command line.
    /// The notebook is open in another window.
    Locked = 3,
    /// The notebook is damaged, or was made by a newer sotay.
    Damaged = 4,
    /// The input was refused: a file that can't be used, a field that isn't valid, no
    /// profile yet.
    Invalid = 5,
    /// The hub could not be reached (or is busy): nothing was lost, try again later.
    Unreachable = 6,
    /// The notebook is locked with a passphrase, and the one given is wrong (or none was
    /// given). The notebook is sound: try again.
    Passphrase = 7,
}

#[derive(Debug)]
pub struct CliError {
    pub code: Code,
    pub message: String,
}

impl CliError {
    pub fn new(code: Code, message: impl Into<String>) -> CliError {
        CliError {
            code,
            message: message.into(),
        }
    }
}
