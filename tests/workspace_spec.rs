//! The workspace schema and series steps: validation messages and the
//! arithmetic of each step.

use colcrime::series::{Frequency, Measure, Period, Series};
use colcrime::workspace::{Step, WorkspaceSpec};

fn manifest_dir() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_default_workspace_parses_and_declares_the_contract_names() {
    let w = WorkspaceSpec::read(&manifest_dir().join("notebooks-data/workspace.toml")).unwrap();
    let cpi = &w.sources["cpi"];
    assert!(cpi.paths()[0].contains("d7g7"), "{:?}", cpi.paths());
    assert!(w.series.contains_key("london_robbery"));
    // The cpi source is used by at least one model.
    assert!(
        w.models
            .values()
            .any(|m| m.options.expressions().join(" ").contains("cpi"))
    );
}

#[test]
fn unknown_keys_and_dangling_names_are_errors_with_positions() {
    let e = WorkspaceSpec::from_toml_str(
        "w.toml",
        "[sources.a]\npath = \"x\"\n\n[series.s]\nsource = \"b\"\nselect = \"X\"\n",
    )
    .unwrap_err();
    assert!(
        e.to_string()
            .contains("names source \"b\", which is not declared"),
        "{e}"
    );
    let e = WorkspaceSpec::from_toml_str(
        "w.toml",
        "[models.m]\nkind = \"ols\"\nfrequency = \"quarterly\"\nformla = \"y ~ x\"\n",
    )
    .unwrap_err();
    assert!(e.to_string().starts_with("w.toml:4:1"), "{e}");
    assert_eq!(e.exit_code(), 2);
    let e = WorkspaceSpec::from_toml_str(
        "w.toml",
        "[models.m]\nkind = \"lasso\"\nfrequency = \"quarterly\"\n",
    )
    .unwrap_err();
    assert!(
        e.to_string()
            .contains("is not a model kind: expected one of ols, glm, ecm, ardl, sarima, auto-arima, ets, holt-winters, var, unit_root"),
        "{e}"
    );
    let e = WorkspaceSpec::from_toml_str("w.toml", "this is not toml").unwrap_err();
    assert!(e.to_string().starts_with("w.toml:1:"), "{e}");
}

#[test]
fn steps_parse_and_apply() {
    let m = Series::new(
        "n",
        Period::month(2023, 1).unwrap(),
        (1..=24).map(f64::from).collect(),
    )
    .with_measure(Measure::Count);
    let q = Step::parse("aggregate(quarterly)")
        .unwrap()
        .apply(&m, &|_| None)
        .unwrap();
    assert_eq!(q.freq(), Frequency::Quarterly);
    assert_eq!(q.values()[0], 6.0);
    assert_eq!(q.len(), 8);
    let g = Step::parse("growth(4)")
        .unwrap()
        .apply(&q, &|_| None)
        .unwrap();
    assert!((g.values()[4] - 100.0 * (42.0 / 6.0 - 1.0)).abs() < 1e-12);
    let d = Step::parse("indicator(2023 Q2, 2023 Q3)")
        .unwrap()
        .apply(&q, &|_| None)
        .unwrap();
    assert_eq!(&d.values()[..5], &[0.0, 1.0, 1.0, 0.0, 0.0]);
    let e = Step::parse("frobnicate(2)")
        .unwrap()
        .apply(&q, &|_| None)
        .unwrap_err();
    assert!(e.to_string().contains("unknown step \"frobnicate\""), "{e}");
    let e = Step::parse("growth(x)")
        .unwrap()
        .apply(&q, &|_| None)
        .unwrap_err();
    assert!(e.to_string().contains("expected a whole number"), "{e}");
    let pop = Series::from_pairs(
        "pop",
        vec![(Period::year(2011), 8.0e6), (Period::year(2021), 9.0e6)],
    )
    .unwrap();
    let r = Step::parse("per_capita(pop)")
        .unwrap()
        .apply(&q, &|n| (n == "pop").then(|| pop.clone()))
        .unwrap();
    // 2023 Q1 mid-point is 2023.125 years: population 9.0e6 + 0.1e6 * 1.625.
    let p = 9.0e6 + 1.0e5 * (2023.125 - 2021.5);
    assert!((r.values()[0] - 6.0 / p * 1e5).abs() < 1e-12);
    let e = Step::parse("per_capita(nope)")
        .unwrap()
        .apply(&q, &|_| None)
        .unwrap_err();
    assert!(e.to_string().contains("no series named \"nope\""), "{e}");
}

#[test]
fn a_series_cycle_is_reported() {
    let text = "[series.a]\nfrom = \"b\"\n[series.b]\nfrom = \"a\"\n";
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("w.toml");
    std::fs::write(&p, text).unwrap();
    let e = colcrime::workspace::Loaded::load(&p, &mut |_| {}).unwrap_err();
    assert!(e.to_string().contains("cycle"), "{e}");
}
