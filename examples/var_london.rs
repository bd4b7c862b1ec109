//! A VAR of London robbery and theft growth, CPI inflation and the change in
//! unemployment, from the shipped data via the default workspace: prints the
//! lag order chosen by AIC and the orthogonalised response of robbery growth
//! to a CPI inflation shock.
//!
//! `cargo run --example var_london`

use std::error::Error;

use colcrime::formula::eval_expr;
use colcrime::models::var::{Trend, VarParams, select_order};
use colcrime::series::{Frame, Series};
use colcrime::workspace::Loaded;
use ndarray::Array2;

fn main() -> Result<(), Box<dyn Error>> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let ws = Loaded::load(&root.join("notebooks-data/workspace.toml"), &mut |_| {})?;
    let wanted = [
        "london_robbery_q",
        "london_theft_q",
        "cpi_q",
        "unemployment",
    ];
    let list: Vec<&Series> = wanted
        .iter()
        .map(|n| ws.series.get(*n).ok_or_else(|| format!("no series {n}")))
        .collect::<Result<_, _>>()?;
    let frame = Frame::from_series(&list)?;
    let exprs = [
        "100*diff(log(london_robbery_q))",
        "100*diff(log(london_theft_q))",
        "cpi_q",
        "diff(unemployment)",
    ];
    let names = ["robbery", "theft", "cpi", "unemployment"].map(String::from);
    let cols: Vec<Vec<f64>> = exprs
        .iter()
        .map(|e| eval_expr(&frame, e))
        .collect::<Result<_, _>>()?;
    // The rows where every series is observed.
    let ok = |t: usize| cols.iter().all(|c| c[t].is_finite());
    let n = frame.nrows();
    let first = (0..n).find(|&t| ok(t)).ok_or("no complete rows")?;
    let last = (0..n).rev().find(|&t| ok(t)).ok_or("no complete rows")?;
    let y = Array2::from_shape_fn((last + 1 - first, 4), |(t, j)| cols[j][first + t]);
    let index = frame.index.clone().unwrap_or_default();

    let sel = select_order(&y, 6, Trend::Constant)?;
    let p = sel.selected.aic;
    let fit = VarParams::new(p).fit(&y, &names)?;
    println!(
        "data: {} to {}; {} quarterly equations after {p} presample lags",
        index[first], index[last], fit.nobs
    );
    println!(
        "lag order: aic {}, bic {}, hqic {}, fpe {}",
        sel.selected.aic, sel.selected.bic, sel.selected.hqic, sel.selected.fpe
    );
    println!("fitted VAR({p}): llf {:.4}, aic {:.6}", fit.llf, fit.aic);
    println!("orthogonalised response of robbery growth (pp) to a one-s.d. CPI inflation shock:");
    for (h, m) in fit.orth_irf(8).iter().enumerate() {
        println!("  h = {h}: {:+.4}", m[[0, 2]]);
    }
    Ok(())
}
