//! Writes that never leave a half-written file (the workspace lock is in
//! `lock.rs`).
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

use std::fs::{self, File};
use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

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
