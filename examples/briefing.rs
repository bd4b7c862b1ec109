//! Runs the default workspace on the shipped data into a temporary folder
//! and prints the briefing's key points and each model's status.
//!
//! `cargo run --release --example briefing`

use std::error::Error;

fn main() -> Result<(), Box<dyn Error>> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir()?;
    let report = colcrime::workspace::run_workspace_to(
        &root.join("notebooks-data/workspace.toml"),
        Some(out.path()),
        &mut |_| {},
    )?;
    let md = std::fs::read_to_string(report.run_dir.join("briefing.md"))?;
    let key_points: Vec<&str> = md
        .split("## Key points")
        .nth(1)
        .unwrap_or("")
        .lines()
        .take_while(|l| !l.starts_with("## "))
        .filter(|l| l.starts_with("- "))
        .collect();
    println!("Key points:");
    for k in key_points {
        println!("{k}");
    }
    println!("\nModels:");
    for (name, status) in &report.models {
        println!("  {name}: {}", status["status"].as_str().unwrap_or("?"));
    }
    println!(
        "\n{} files written to {}",
        report.files.len(),
        report.run_dir.display()
    );
    Ok(())
}
