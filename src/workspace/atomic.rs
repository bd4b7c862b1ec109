//! Writes that never leave a half-written file, and the workspace lock.
//!
//! A file is written to a temporary file in the same folder, flushed to
//! disk (`fsync`) and renamed over the target, so a reader sees either the
//! old file or the new one, never a mixture, even if the process is killed.
//!
//! The temporary file is created with the mode an ordinary `File::create`
//! would give (`0o666` less the process umask: `0644` under the usual
//! umask `022`), not `tempfile`'s private `0600`, so a briefing on a shared
//! drive or behind a web server can be read by others. Folders are made by
//! `create_dir_all` (`0o777` less the umask: `0755`).

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, ErrorKind, Result};

/// Writes `bytes` to `path` atomically (creating parent folders).
///
/// # Errors
/// Any I/O failure, naming the file.
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let p = dir.path().join("a/b.txt");
/// colcrime::workspace::write_atomic(&p, b"hello").unwrap();
/// assert_eq!(std::fs::read(&p).unwrap(), b"hello");
/// ```
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut tmp = temp_file_in(dir, ".colcrime-tmp-", "")?;
    tmp.write_all(bytes).map_err(|e| Error::io(path, e))?;
    tmp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    // Make the rename itself durable.
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// A named temporary file in `dir` (to be renamed over its target) whose
/// mode honours the umask, as `File::create` would: `0o666 & !umask`.
///
/// # Errors
/// The folder cannot be written.
pub(crate) fn temp_file_in(
    dir: &Path,
    prefix: &str,
    suffix: &str,
) -> Result<tempfile::NamedTempFile> {
    let mut b = tempfile::Builder::new();
    b.prefix(prefix).suffix(suffix);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // open(2) applies the umask to this mode.
        b.permissions(fs::Permissions::from_mode(0o666));
    }
    b.tempfile_in(dir).map_err(|e| Error::io(dir, e))
}

/// An exclusive lock on a workspace's output folder, released on drop.
/// A second `colcrime` that tries to write the same workspace is refused
/// with [`ErrorKind::Locked`]. A lock left by a process that no longer
/// exists is taken over.
#[derive(Debug)]
pub struct WorkspaceLock {
    path: PathBuf,
}

impl WorkspaceLock {
    /// Takes the lock file `dir/.colcrime.lock`.
    ///
    /// # Errors
    /// Another live process holds it, or the folder cannot be written.
    ///
    /// ```
    /// use colcrime::workspace::WorkspaceLock;
    /// let dir = tempfile::tempdir().unwrap();
    /// let lock = WorkspaceLock::acquire(dir.path()).unwrap();
    /// assert!(WorkspaceLock::acquire(dir.path()).is_err());
    /// drop(lock);
    /// assert!(WorkspaceLock::acquire(dir.path()).is_ok());
    /// ```
    pub fn acquire(dir: &Path) -> Result<WorkspaceLock> {
        fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let path = dir.join(".colcrime.lock");
        for _ in 0..2 {
            match create_with_pid(dir, &path) {
                Ok(()) => return Ok(WorkspaceLock { path }),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    // colcrime writes the lock with its process id in one
                    // step, so an empty or unreadable lock file was left by
                    // something else (a crash of an older version, a
                    // copy): it is stale.
                    let holder = fs::read_to_string(&path)
                        .ok()
                        .and_then(|s| s.trim().parse::<u32>().ok());
                    if holder.is_some_and(process_alive) {
                        return Err(Error::new(ErrorKind::Locked {
                            path: path.display().to_string(),
                        }));
                    }
                    // Stale lock from a killed run: remove and retry once.
                    let _ = fs::remove_file(&path);
                }
                Err(e) => return Err(Error::io(&path, e)),
            }
        }
        Err(Error::new(ErrorKind::Locked {
            path: path.display().to_string(),
        }))
    }
}

/// Creates the lock file `path` already holding this process's id: the id
/// is written to a temporary file that is then hard-linked to `path`
/// (which fails if `path` exists), so no reader ever sees an empty lock.
/// Where hard links are not supported, falls back to an exclusive create
/// followed by the write.
fn create_with_pid(dir: &Path, path: &Path) -> std::io::Result<()> {
    let pid = std::process::id();
    let tmp = dir.join(format!(".colcrime.lock.{pid}.tmp"));
    let linked = (|| {
        let mut f = File::create(&tmp)?;
        writeln!(f, "{pid}")?;
        f.sync_all()?;
        fs::hard_link(&tmp, path)
    })();
    let _ = fs::remove_file(&tmp);
    match linked {
        Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => {
            let mut f = OpenOptions::new().write(true).create_new(true).open(path)?;
            writeln!(f, "{pid}")?;
            let _ = f.sync_all();
            Ok(())
        }
        other => other,
    }
}

impl Drop for WorkspaceLock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

/// Whether a process with this id exists (Linux: `/proc/PID`; elsewhere
/// assume it does, so a lock is never stolen wrongly).
fn process_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let proc_dir = Path::new("/proc");
    if proc_dir.is_dir() {
        proc_dir.join(pid.to_string()).exists()
    } else {
        true
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    /// The process umask (set and restored; the value is unchanged).
    fn umask() -> u32 {
        // Read it from /proc without changing it (Linux 4.7+).
        std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|s| {
                s.lines()
                    .find_map(|l| l.strip_prefix("Umask:"))
                    .and_then(|v| u32::from_str_radix(v.trim(), 8).ok())
            })
            .unwrap_or(0o022)
    }

    #[test]
    fn empty_or_dead_locks_are_stale_live_ones_are_not() {
        let dir = tempfile::tempdir().unwrap();
        let lock = dir.path().join(".colcrime.lock");
        fs::write(&lock, b"").unwrap();
        let held = WorkspaceLock::acquire(dir.path()).unwrap();
        assert_eq!(
            fs::read_to_string(&lock).unwrap().trim(),
            std::process::id().to_string()
        );
        assert!(
            WorkspaceLock::acquire(dir.path()).is_err(),
            "held by a live process"
        );
        drop(held);
        assert!(!lock.exists());
        fs::write(&lock, b"not a pid\n").unwrap();
        assert!(WorkspaceLock::acquire(dir.path()).is_ok());
        // No temporary file is left behind.
        let left: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert!(left.is_empty(), "{left:?}");
    }

    #[test]
    fn files_and_folders_honour_the_umask() {
        let mask = umask();
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub/deeper/file.txt");
        write_atomic(&p, b"x").unwrap();
        let file_mode = fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(
            file_mode,
            0o666 & !mask,
            "file mode {file_mode:o} under umask {mask:o}"
        );
        let dir_mode = fs::metadata(p.parent().unwrap())
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(
            dir_mode,
            0o777 & !mask,
            "folder mode {dir_mode:o} under umask {mask:o}"
        );
        // Overwriting keeps the ordinary mode.
        write_atomic(&p, b"y").unwrap();
        assert_eq!(
            fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o666 & !mask
        );
    }
}
