//! Leftovers of killed runs: the temporary files of atomic writes
//! (`.colcrime-tmp-*`) and of chart drawing (`.colcrime-chart-*`) that a
//! `kill -9` left behind. A run sweeps them while it holds the workspace
//! lock, so no other colcrime can be writing them.
//!
//! ```
//! let dir = tempfile::tempdir().unwrap();
//! let charts = dir.path().join("runs/1/charts");
//! std::fs::create_dir_all(&charts).unwrap();
//! std::fs::write(charts.join(".colcrime-chart-x.png"), b"").unwrap();
//! std::fs::write(charts.join("a.png"), b"").unwrap();
//! assert_eq!(colcrime::workspace::sweep_temporaries(dir.path()), 1);
//! assert!(charts.join("a.png").exists());
//! ```

use std::path::Path;

/// Prefixes of colcrime's temporary files.
const PREFIXES: [&str; 2] = [".colcrime-tmp-", ".colcrime-chart-"];

/// How deep below the output folder temporaries are looked for
/// (`runs/RUN/charts/FILE` is 4).
const DEPTH: usize = 4;

/// Removes colcrime's temporary files under the output folder `root`
/// (symbolic links are neither followed nor removed); returns how many
/// were removed. Errors are ignored: a leftover that cannot be removed is
/// harmless, as every reader ignores dot files.
pub fn sweep_temporaries(root: &Path) -> usize {
    sweep(root, DEPTH)
}

fn sweep(dir: &Path, depth: usize) -> usize {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut n = 0;
    for e in rd.flatten() {
        let Ok(t) = e.file_type() else { continue };
        if t.is_dir() && depth > 1 {
            n += sweep(&e.path(), depth - 1);
        } else if t.is_file() {
            let name = e.file_name();
            let name = name.to_string_lossy();
            if PREFIXES.iter().any(|p| name.starts_with(p))
                && std::fs::remove_file(e.path()).is_ok()
            {
                n += 1;
            }
        }
    }
    n
}
