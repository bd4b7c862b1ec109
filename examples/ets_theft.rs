//! Exponential smoothing of monthly London theft from the shipped Met
//! borough files: every admissible ETS model is fitted by maximum likelihood
//! (in parallel), the one with the smallest AICc is kept, and it forecasts
//! the next twelve months with 80% and 95% intervals.
//!
//! `cargo run --release --example ets_theft`

use std::error::Error;

use colcrime::models::ets::select_ets;
use colcrime::series::Period;
use colcrime::workspace::Loaded;

fn main() -> Result<(), Box<dyn Error>> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let ws = Loaded::load(&root.join("notebooks-data/workspace.toml"), &mut |_| {})?;
    let theft = ws
        .series
        .get("london_theft")
        .ok_or("the default workspace has no series london_theft")?;
    // Since April 2010 (the start of the current Met file), all observed.
    let (_, last) = theft.observed_span().ok_or("no observed theft")?;
    let start = Period::month(2010, 4)?;
    let window = theft.slice(start, last);
    let y = window.values();
    if y.iter().any(|v| !v.is_finite()) {
        return Err("a month is missing inside the sample".into());
    }
    let selected = select_ets(y, Some(12))?;
    let best = &selected.best;
    println!(
        "monthly London theft, {start} to {last} ({} months)",
        y.len()
    );
    println!(
        "{} candidate models; chosen by AICc: ETS({}) with AICc {:.2}",
        selected.candidates.len(),
        best.short_name(),
        best.aicc
    );
    let fc = best.forecast(12, &[0.8, 0.95])?;
    let b95 = fc.band(0.95).ok_or("no 95% band")?;
    println!("month ahead   forecast   95% interval");
    for (h, p) in fc.point.iter().enumerate() {
        println!(
            "{:>11}   {:>8.0}   {:.0} to {:.0}",
            h + 1,
            p,
            b95.lower[h],
            b95.upper[h]
        );
    }
    Ok(())
}
