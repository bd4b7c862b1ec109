//! A re-fit with a real new release: the default workspace with the
//! February 2024 CPI release as its baseline, then `refit` with the March
//! 2026 release. Prints what the change report found.
//!
//! `cargo run --release --example refit_cpi`

use std::error::Error;

fn main() -> Result<(), Box<dyn Error>> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let nd = root.join("notebooks-data");
    let dir = tempfile::tempdir()?;
    // The default workspace, with absolute paths and the older CPI release.
    let text = std::fs::read_to_string(nd.join("workspace.toml"))?
        .replace(
            "d7g7_cpi_annual_rate_rel2026-03-25",
            "d7g7_cpi_annual_rate_rel2024-02-14",
        )
        .replace("path = \"", &format!("path = \"{}/", nd.display()))
        .replace(
            "  \"met_police_borough/",
            &format!("  \"{}/met_police_borough/", nd.display()),
        );
    let ws = dir.path().join("workspace.toml");
    std::fs::write(&ws, text)?;
    let first = colcrime::workspace::run_workspace(&ws, &mut |_| {})?;
    println!("baseline run: {}", first.run_dir.display());
    let update = vec![(
        "cpi".to_string(),
        nd.join("ons_mm23/d7g7_cpi_annual_rate_rel2026-03-25.csv"),
    )];
    let second = colcrime::workspace::refit_workspace(&ws, None, &update, &mut |_| {})?;
    let changes: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(
        second.run_dir.join("changes.json"),
    )?)?;
    let cpi = &changes["data"]["cpi"];
    println!(
        "cpi: {} monthly points added, {} revised",
        cpi["added"].as_array().map_or(0, Vec::len),
        cpi["revised"].as_array().map_or(0, Vec::len)
    );
    for p in changes["models"]["robbery_ols"]["params"]
        .as_array()
        .into_iter()
        .flatten()
    {
        println!(
            "robbery_ols {:<20} {:>10.4} -> {:>10.4} ({:+.2} s.e.)",
            p["name"].as_str().unwrap_or(""),
            p["before"].as_f64().unwrap_or(f64::NAN),
            p["after"].as_f64().unwrap_or(f64::NAN),
            p["change_in_se"].as_f64().unwrap_or(f64::NAN)
        );
    }
    println!(
        "change report: {}",
        second.run_dir.join("changes.md").display()
    );
    Ok(())
}
