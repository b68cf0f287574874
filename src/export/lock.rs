//! The exclusive lock that keeps two callprofit runs out of one output folder: `flock` on
//! `.<name>.lock` beside the folder (std's `File::try_lock`), held for the whole command.

use crate::error::InputError;
use std::ffi::OsString;
use std::fs::{self, File, TryLockError};
use std::io;
use std::path::{Path, PathBuf};

/// The exclusive lock on `.<name>.lock` in the parent. Dropped, it removes the file while still
/// holding the lock, then releases it.
pub(super) struct Lock {
    path: PathBuf,
    _file: File,
}

impl Lock {
    pub(super) fn take(parent: &Path, name: &OsString, shown: &str) -> Result<Lock, InputError> {
        let path = parent.join(format!(".{}.lock", name.to_string_lossy()));
        let failed = |e: io::Error| {
            let problem = format!("output folder is not writable (cannot lock {e})");
            InputError::file(shown, problem, "choose another folder with --out")
        };
        // A run that finished may remove the file between our open and our lock; then the lock
        // we hold is on a file nobody else sees, so open the path again.
        for _ in 0..16 {
            let file = fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(failed)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => return Err(busy(shown)),
                Err(TryLockError::Error(e)) => return Err(failed(e)),
            }
            if same_file(&file, &path) {
                return Ok(Lock { path, _file: file });
            }
        }
        Err(busy(shown))
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        drop(fs::remove_file(&self.path));
    }
}

fn busy(shown: &str) -> InputError {
    InputError::file(
        shown,
        "another callprofit run is writing this folder",
        "wait for it to finish, or choose another folder with --out",
    )
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &File, path: &Path) -> bool {
    path.exists()
}
