//! Never lose data: an interrupted run leaves earlier runs intact and is
//! detectable; damaged workspace files give errors, never panics.

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use proptest::prelude::*;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn digest_tree(dir: &std::path::Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((
                    p.clone(),
                    colcrime::workspace::sha256_hex(&std::fs::read(&p).unwrap()),
                ));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn killing_a_run_leaves_earlier_runs_intact_and_the_next_run_works() {
    let out = tempfile::tempdir().unwrap();
    let o = out.path().to_str().unwrap();
    let bin = env!("CARGO_BIN_EXE_colcrime");
    let first = Command::new(bin)
        .args(["run", "--output", o])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let runs = out.path().join("runs");
    let before = digest_tree(&runs);
    // Kill runs at several points of their progress.
    for delay_ms in [5u64, 40, 150] {
        let mut child = Command::new(bin)
            .args(["run", "--output", o])
            .current_dir(root())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        // Every file of the first run is byte-for-byte unchanged.
        let after: Vec<_> = digest_tree(&runs)
            .into_iter()
            .filter(|(p, _)| before.iter().any(|(q, _)| q == p))
            .collect();
        assert_eq!(after, before, "killed after {delay_ms} ms");
        // The latest complete run is still one with a manifest.
        let latest = colcrime::workspace::latest_run(out.path()).unwrap();
        assert!(latest.join("manifest.json").is_file());
    }
    // No temporary files are left looking like results.
    // The stale lock of a killed run does not block the next one.
    let again = Command::new(bin)
        .args(["run", "--output", o])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn damaged_workspace_text_never_panics(s in "\\PC{0,300}") {
        let _ = colcrime::workspace::WorkspaceSpec::from_toml_str("w.toml", &s);
    }

    #[test]
    fn truncated_default_workspace_never_panics(cut in 0usize..6000) {
        let text = std::fs::read_to_string(root().join("notebooks-data/workspace.toml")).unwrap();
        let mut end = cut.min(text.len());
        while !text.is_char_boundary(end) { end -= 1; }
        let _ = colcrime::workspace::WorkspaceSpec::from_toml_str("w.toml", &text[..end]);
    }

    #[test]
    fn step_text_never_panics(s in "[a-z_]{0,12}(\\([^)]{0,20}\\)?)?") {
        let series = colcrime::series::Series::new("x", colcrime::series::Period::quarter(2020, 1).unwrap(), vec![1.0, 2.0, 3.0, 4.0, 5.0]);
        if let Ok(step) = colcrime::workspace::Step::parse(&s) {
            let _ = step.apply(&series, &|_| None);
        }
    }
}
