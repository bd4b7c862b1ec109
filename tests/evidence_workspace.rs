//! The `[evidence]` table of a workspace: `colcrime run` writes
//! `results/hotspots.json`, `results/london_vs_ew.json` and
//! `results/claims.json` in the contract's shape, lists them in
//! `manifest.json` with the files they read, and a failure of the evidence
//! step (an unreadable input) is recorded without stopping the run.

mod common;

use std::path::{Path, PathBuf};

use colcrime::workspace::run_workspace_to;
use common::root;
use serde_json::Value;

fn nd(rel: &str) -> String {
    root()
        .join("notebooks-data")
        .join(rel)
        .display()
        .to_string()
}

/// A workspace with only the Met borough source and the `[evidence]`
/// table (absolute paths), written into `dir`.
fn workspace(dir: &Path, newest_ward_file: &str) -> PathBuf {
    let text = format!(
        r#"[workspace]
title = "Evidence only"

[sources.met]
paths = [
  "{b1}",
  "{b2}",
  "{b3}",
  "{b4}",
]

[evidence]
ward_files = ["{w1}", "{w2}"]
ward_population = "{pop}"
pfa_table = "{p1}"
pfa_population = "{p3}"
national_trend = "{trend}"
top = 5
"#,
        b1 = nd("met_police_borough/MPS_Borough_Level_Crime_Historic_oldclass_200801-201612.csv"),
        b2 = nd("met_police_borough/MPS_Borough_Level_Crime_recent24m_oldclass_201701-201812.csv"),
        b3 = nd("met_police_borough/MPS_Borough_Level_Crime_Historical_201004-202311.csv"),
        b4 = nd("met_police_borough/MPS_Borough_Level_Crime_recent24m_202312-202511.csv"),
        w1 = nd("met_police_ward/MPS_Ward_Level_Crime_recent24m_202304-202503.csv"),
        w2 = newest_ward_file,
        pop = nd("london_population/census2021_ward_usual_residents_by_residence_type_london.csv"),
        p1 = nd("ons_pfa_tables/ons_pfa_TableP1_counts_by_PFA_yejune2025.csv"),
        p3 = nd("ons_pfa_tables/policeforceareatablesyearendingjune2019.xlsx"),
        trend = nd("ons_crime_trends_ew/wiah_crime_trends_ew_A5a_2002-03_to_2024-25.json"),
    );
    let p = dir.join("workspace.toml");
    std::fs::write(&p, text).unwrap();
    p
}

fn read(p: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

#[test]
fn run_writes_the_three_evidence_files_with_their_sources() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(
        dir.path(),
        &nd("met_police_ward/MPS_Ward_Level_Crime_recent24m_202403-202603.csv"),
    );
    let report = run_workspace_to(&ws, None, &mut |_| {}).unwrap();
    let res = report.run_dir.join("results");
    let hs = read(&res.join("hotspots.json"));
    for off in ["robbery", "theft", "shoplifting", "theft_from_person"] {
        let o = &hs["offences"][off];
        for k in [
            "period",
            "wards",
            "total",
            "share_top_10pct",
            "share_top_1pct",
            "gini",
            "top",
        ] {
            assert!(o.get(k).is_some(), "{off}: {k}");
        }
        assert_eq!(o["top"].as_array().unwrap().len(), 5);
        for k in ["ward_code", "ward", "borough", "count", "rate_per_1000"] {
            assert!(o["top"][0].get(k).is_some(), "{off}: top.{k}");
        }
    }
    assert_eq!(hs["offences"]["robbery"]["total"], 31_599);
    assert!(hs["caveat"].as_str().unwrap().contains("daytime"));
    let lv = read(&res.join("london_vs_ew.json"));
    assert!(
        lv["population_source"]
            .as_str()
            .unwrap()
            .contains("mid-2018")
    );
    assert!(lv.get("period").is_some());
    assert_eq!(lv["rows"][0]["offence"], "robbery");
    assert!(
        lv["trend"]["offences"][0]["london"]
            .as_array()
            .unwrap()
            .len()
            > 10
    );
    let cl = read(&res.join("claims.json"));
    let ids: Vec<&str> = cl["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "robbery_back_to_pre_covid",
            "violence_lower_in_london",
            "burglary_down_since_2016"
        ]
    );
    // The manifest lists every file with its digest and each product's sources.
    let man = read(&report.run_dir.join("manifest.json"));
    let files: Vec<&str> = man["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    for f in [
        "results/hotspots.json",
        "results/london_vs_ew.json",
        "results/claims.json",
        "charts/hotspots_lorenz.png",
        "charts/hotspots_top_robbery.svg",
    ] {
        assert!(files.contains(&f), "{f} not in the manifest");
        assert!(report.files.iter().any(|x| x == f), "{f} not reported");
    }
    let hs_src = man["results"]["hotspots"]["sources"].as_array().unwrap();
    assert_eq!(hs_src.len(), 3);
    assert!(
        hs_src
            .iter()
            .all(|s| s["sha256"].as_str().unwrap().len() == 64)
    );
    let lv_src: Vec<&str> = man["results"]["london_vs_ew"]["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["path"].as_str().unwrap())
        .collect();
    assert!(
        lv_src
            .iter()
            .any(|p| p.ends_with("policeforceareatablesyearendingjune2019.xlsx"))
    );
    assert!(
        lv_src
            .iter()
            .any(|p| p.ends_with("ons_pfa_TableP1_counts_by_PFA_yejune2025.csv"))
    );
}

#[test]
fn an_unreadable_evidence_input_is_recorded_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path(), &nd("met_police_ward/no_such_file.csv"));
    let mut said = Vec::new();
    let report = run_workspace_to(&ws, None, &mut |s| said.push(s.to_string())).unwrap();
    let man = read(&report.run_dir.join("manifest.json"));
    let e = &man["results"]["evidence"];
    assert_eq!(e["status"], "failed");
    assert!(
        e["error"].as_str().unwrap().contains("no_such_file.csv"),
        "{e}"
    );
    assert!(!report.run_dir.join("results/hotspots.json").exists());
    assert!(said.iter().any(|s| s.contains("evidence products failed")));
}
