//! The layout of `tests/reference/` (STYLE.md item 10): every reference
//! case carries its expected outputs and its provenance, so a new case is
//! just new files.
//!
//! Walks every model directory `tests/reference/<model>/` and checks:
//!
//! - every directory holding data (`*.csv`, `*.json`) has a `SOURCE.md`
//!   (its own or one above it in the model), and that `SOURCE.md` names a
//!   generating script (`*.py`, `*.R`, `*.sh`) that exists in the model;
//! - every case directory (one with an `input.csv`) has its expected
//!   outputs: a `*.json` beside the input, or an `expected*.json` above it
//!   in the model (cases whose expectations are kept together, as
//!   `ols/expected_panel.json`);
//! - every `*.json` parses and every `input.csv` has a header and a row.

mod common;

use std::path::{Path, PathBuf};

/// The files and subdirectories of `dir`, sorted.
fn entries(dir: &Path) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    for e in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let p = e.unwrap().path();
        if p.is_dir() {
            dirs.push(p);
        } else {
            files.push(p);
        }
    }
    files.sort();
    dirs.sort();
    (files, dirs)
}

fn ext(p: &Path) -> &str {
    p.extension().and_then(|e| e.to_str()).unwrap_or("")
}

fn name(p: &Path) -> &str {
    p.file_name().and_then(|e| e.to_str()).unwrap_or("")
}

fn is_script(p: &Path) -> bool {
    matches!(ext(p), "py" | "R" | "sh")
}

fn is_data(p: &Path) -> bool {
    matches!(ext(p), "csv" | "json")
}

/// `dir` and its ancestors up to (and including) `model`, nearest first.
fn up_to(dir: &Path, model: &Path) -> Vec<PathBuf> {
    dir.ancestors()
        .take_while(|a| a.starts_with(model))
        .map(Path::to_path_buf)
        .collect()
}

/// Every directory of the tree below (and including) `dir`.
fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    out.push(dir.to_path_buf());
    for d in entries(dir).1 {
        walk(&d, out);
    }
}

/// Checks one model directory; returns its number of data directories and
/// of cases.
fn check_model(model: &Path) -> (usize, usize) {
    let mut dirs = Vec::new();
    walk(model, &mut dirs);
    let scripts: Vec<String> = dirs
        .iter()
        .flat_map(|d| entries(d).0)
        .filter(|f| is_script(f))
        .map(|f| name(&f).to_string())
        .collect();
    let (mut with_data, mut cases) = (0, 0);
    for dir in &dirs {
        let files = entries(dir).0;
        if !files.iter().any(|f| is_data(f)) {
            continue;
        }
        with_data += 1;
        let what = dir.strip_prefix(common::root()).unwrap_or(dir).display();
        // Provenance: the nearest SOURCE.md, naming a script of the model.
        let source = up_to(dir, model)
            .into_iter()
            .map(|d| d.join("SOURCE.md"))
            .find(|p| p.exists())
            .unwrap_or_else(|| panic!("{what}: no SOURCE.md here or above it in the model"));
        let text = std::fs::read_to_string(&source).unwrap();
        assert!(
            scripts.iter().any(|s| text.contains(s.as_str())),
            "{}: names none of the model's generating scripts {scripts:?}",
            source.display()
        );
        for f in files.iter().filter(|f| ext(f) == "json") {
            common::read_json(f);
        }
        // A case: its input and its expected outputs.
        let input = dir.join("input.csv");
        if input.exists() {
            cases += 1;
            let text = std::fs::read_to_string(&input).unwrap();
            assert!(
                text.lines().filter(|l| !l.trim().is_empty()).count() >= 2,
                "{what}/input.csv: no header and data rows"
            );
            let beside = files.iter().any(|f| ext(f) == "json");
            let above = up_to(dir, model).iter().skip(1).any(|d| {
                entries(d)
                    .0
                    .iter()
                    .any(|f| ext(f) == "json" && name(f).starts_with("expected"))
            });
            assert!(
                beside || above,
                "{what}: an input.csv without expected outputs (a *.json beside it, or an expected*.json above it)"
            );
        }
    }
    (with_data, cases)
}

#[test]
fn every_reference_case_has_expected_outputs_and_provenance() {
    let root = common::root().join("tests/reference");
    let models = entries(&root).1;
    assert!(
        models.len() >= 15,
        "the reference models in {}",
        root.display()
    );
    let mut total_cases = 0;
    for model in &models {
        let (with_data, cases) = check_model(model);
        assert!(
            with_data > 0,
            "{}: a model directory without reference data",
            model.display()
        );
        total_cases += cases;
    }
    assert!(total_cases >= 80, "found only {total_cases} cases");
}

/// The checks themselves, on a made-up tree: a case without expected
/// outputs, and a data directory without provenance, are refused.
#[test]
fn the_harness_refuses_incomplete_cases() {
    let tmp = tempfile::tempdir().unwrap();
    let model = tmp.path().join("demo");
    let case = model.join("case1");
    std::fs::create_dir_all(&case).unwrap();
    std::fs::write(model.join("generate.py"), "print()\n").unwrap();
    std::fs::write(model.join("SOURCE.md"), "Command: `python3 generate.py`.\n").unwrap();
    std::fs::write(case.join("input.csv"), "x,y\n1,2\n").unwrap();
    // Without expected.json: refused.
    let refused = std::panic::catch_unwind(|| check_model(&model));
    assert!(refused.is_err());
    std::fs::write(case.join("expected.json"), "{\"a\": 1}\n").unwrap();
    assert_eq!(check_model(&model), (1, 1));
    // A SOURCE.md that names no script: refused.
    std::fs::write(model.join("SOURCE.md"), "Made by hand.\n").unwrap();
    assert!(std::panic::catch_unwind(|| check_model(&model)).is_err());
}
