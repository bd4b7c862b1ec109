//! The workspace lock: one `colcrime` at a time writes an output folder.
//!
//! The lock is an operating-system lock ([`std::fs::File::try_lock`]) on
//! `OUTPUT/.colcrime.lock`, held for as long as the process keeps the file
//! open. The kernel releases it when the process ends, however it ends
//! (`kill -9` included), so a lock file left behind (empty, with garbage,
//! or naming a process id that has been reused) never blocks a later run,
//! and two processes can never both take it. The file itself is left in
//! place: deleting it on exit would let a third process lock a fresh file
//! while a second still holds the old one.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, ErrorKind, Result};

/// An exclusive lock on a workspace's output folder, released on drop (or
/// when the process dies). A second `colcrime` that tries to write the
/// same workspace is refused with [`ErrorKind::Locked`].
#[derive(Debug)]
pub struct WorkspaceLock {
    path: PathBuf,
    file: File,
}

impl WorkspaceLock {
    /// Takes the lock `dir/.colcrime.lock` (creating `dir` if needed).
    ///
    /// # Errors
    /// Another process (or another `WorkspaceLock` in this one) holds it,
    /// or the folder cannot be written.
    ///
    /// ```
    /// use colcrime::workspace::WorkspaceLock;
    /// let dir = tempfile::tempdir().unwrap();
    /// let lock = WorkspaceLock::acquire(dir.path()).unwrap();
    /// assert_eq!(WorkspaceLock::acquire(dir.path()).unwrap_err().exit_code(), 1);
    /// drop(lock);
    /// assert!(WorkspaceLock::acquire(dir.path()).is_ok());
    /// // A stale lock file (empty, or garbage) does not block.
    /// std::fs::write(dir.path().join(".colcrime.lock"), "-1\n").unwrap();
    /// assert!(WorkspaceLock::acquire(dir.path()).is_ok());
    /// ```
    pub fn acquire(dir: &Path) -> Result<WorkspaceLock> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let path = dir.join(".colcrime.lock");
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                return Err(Error::new(ErrorKind::Locked {
                    path: path.display().to_string(),
                }));
            }
            Err(TryLockError::Error(e)) => return Err(Error::io(&path, e)),
        }
        // For people looking at the folder: who holds it. Not read back.
        if file.set_len(0).is_ok() {
            let _ = writeln!(file, "{}", std::process::id());
        }
        Ok(WorkspaceLock { path, file })
    }

    /// The lock file.
    ///
    /// ```
    /// # use colcrime::workspace::WorkspaceLock;
    /// let dir = tempfile::tempdir().unwrap();
    /// let lock = WorkspaceLock::acquire(dir.path()).unwrap();
    /// assert!(lock.path().ends_with(".colcrime.lock"));
    /// ```
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for WorkspaceLock {
    fn drop(&mut self) {
        // Closing the file releases the lock too; unlock explicitly so the
        // release does not wait for the descriptor's last duplicate.
        let _ = self.file.unlock();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_lock_files_never_block() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(".colcrime.lock");
        for stale in [
            "",
            "garbage",
            "-1\n",
            "1\n",
            &format!("{}\n", std::process::id()),
        ] {
            std::fs::write(&p, stale).unwrap();
            let l = WorkspaceLock::acquire(dir.path()).unwrap();
            drop(l);
        }
    }

    #[test]
    fn a_held_lock_is_refused_until_released() {
        let dir = tempfile::tempdir().unwrap();
        let held = WorkspaceLock::acquire(dir.path()).unwrap();
        let e = WorkspaceLock::acquire(dir.path()).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::Locked { .. }));
        drop(held);
        WorkspaceLock::acquire(dir.path()).unwrap();
    }
}
