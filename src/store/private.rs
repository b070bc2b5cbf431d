//! The notebook's folder and files are readable by their owner only, like the reports: a
//! school PC is shared, and the folder holds data about children. On Unix the folder is made
//! (or narrowed to) `rwx------` and sled's files and the seal `rw-------`; sled creates new
//! files with the process's umask, but nobody else can enter the folder to read them. On
//! Windows the user's data folder is already private to the user, and this does nothing.
//! The folder of the crash logs is made the same way (see `crate::panic`).

use std::io;
use std::path::Path;

/// Creates `dir` (and missing parents) for a notebook, or narrows an existing one, so only
/// its owner can enter it.
pub(crate) fn make_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        if !dir.is_dir() {
            std::fs::DirBuilder::new().recursive(true).mode(0o700).create(dir)?;
        }
        narrow(dir, 0o700, std::fs::metadata(dir)?.permissions().mode())?;
    }
    #[cfg(not(unix))]
    std::fs::create_dir_all(dir)?;
    Ok(())
}

/// Narrows sled's files and the seal in `dir` to their owner.
pub(super) fn narrow_files(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let files = super::seal::sled_files(dir)?
            .into_iter()
            .chain([super::seal::SEAL_FILE.into(), super::lock::LOCK_FILE.into()]);
        for rel in files {
            match std::fs::metadata(dir.join(&rel)) {
                Ok(m) => narrow(&dir.join(&rel), 0o600, m.permissions().mode())?,
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
        }
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Takes away group and other permissions from `path` (mode `mode` now) if it has any.
#[cfg(unix)]
fn narrow(path: &Path, private: u32, mode: u32) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    if mode & 0o077 == 0 {
        return Ok(());
    }
    match std::fs::set_permissions(path, std::fs::Permissions::from_mode(private)) {
        // A folder someone else owns (a shared one given with --data-dir): it can't be
        // narrowed by us, and refusing the notebook would not make it private either.
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => Ok(()),
        other => other,
    }
}
