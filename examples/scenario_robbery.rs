//! London robbery under two CPI inflation paths: log quarterly robbery
//! regressed on CPI inflation with seasonal ARIMA(1,1,1)(0,1,1)4 errors,
//! forecast eight quarters ahead with CPI held at 4% or gliding back to 2%
//! over four quarters. Intervals carry CPI's own ARIMA uncertainty around
//! each path; the last column takes the path as known.
//!
//! `cargo run --release --example scenario_robbery`

use std::error::Error;

use colcrime::formula::eval_expr;
use colcrime::models::arima::{
    SarimaParams, ScenarioOptions, ScenarioUncertainty, fit_drivers, forecast_scenarios,
};
use colcrime::models::scenario::{PathRule, Scenario};
use colcrime::series::{Frame, Series};
use colcrime::workspace::Loaded;
use ndarray::Array2;

fn main() -> Result<(), Box<dyn Error>> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let ws = Loaded::load(&root.join("notebooks-data/workspace.toml"), &mut |_| {})?;
    let list: Vec<&Series> = ["london_robbery_q", "cpi_q"]
        .iter()
        .map(|n| ws.series.get(*n).ok_or_else(|| format!("no series {n}")))
        .collect::<Result<_, _>>()?;
    let frame = Frame::from_series(&list)?;
    let index = frame.index.clone().ok_or("undated frame")?;
    let y_all = eval_expr(&frame, "log(london_robbery_q)")?;
    let cpi = eval_expr(&frame, "cpi_q")?;
    // 2008 Q1 to the last quarter with robbery observed.
    let start = colcrime::series::Period::quarter(2008, 1)?;
    let a = index.iter().position(|p| *p >= start).ok_or("no 2008 Q1")?;
    let b = y_all
        .iter()
        .rposition(|v| v.is_finite())
        .ok_or("no robbery")?
        + 1;
    let y = &y_all[a..b];
    let x = Array2::from_shape_fn((b - a, 1), |(i, _)| cpi[a + i]);
    let fit = SarimaParams::new((1, 1, 1))
        .seasonal((0, 1, 1, 4))
        .exog_names(vec!["cpi_q".into()])
        .fit(y, Some(&x))?;
    println!(
        "robbery: {} to {}; CPI coefficient {:.4} (se {:.4}) on log robbery",
        index[a],
        index[b - 1],
        fit.params[0],
        fit.bse[0]
    );
    let hist_index = &index[a..];
    let hist = vec![cpi[a..].to_vec()];
    let names = vec!["cpi_q".to_string()];
    let h = 8;
    let rule = |name: &str, label: &str, r: PathRule| {
        Scenario::from_rules(
            name,
            label,
            &[("cpi_q".into(), r)],
            hist_index,
            &[("cpi_q".into(), hist[0].clone())],
            h,
        )
    };
    let scenarios = vec![
        rule("cpi_stays_high", "CPI stays at 4%", PathRule::Hold(4.0))?,
        rule(
            "cpi_back_to_target",
            "CPI returns to 2% over 4 quarters",
            PathRule::Glide { to: 2.0, over: 4 },
        )?,
    ];
    let drivers = fit_drivers(&names, &hist, None)?;
    let opts = ScenarioOptions {
        uncertainty: ScenarioUncertainty::Driver,
        ..Default::default()
    };
    let periods: Vec<_> = (1..=h as i64).map(|j| index[b - 1].offset(j)).collect();
    let results = forecast_scenarios(
        &fit, &scenarios, &periods, hist_index, &hist, &drivers, &opts,
    )?;
    let last = periods[h - 1];
    println!(
        "CPI's own model: {} (intervals below carry its uncertainty)",
        drivers[0].to_json()["model"].as_str().unwrap_or("ARIMA")
    );
    println!(
        "{:<36}{:>10}{:>12}{:>22}{:>22}{:>22}",
        "scenario",
        format!("CPI {last}"),
        "robbery",
        "80% interval",
        "95% interval",
        "95% given the path"
    );
    for r in &results {
        let f = r.exp(false);
        let iv = |fc: &colcrime::forecast::Forecast, l: f64| -> String {
            fc.band(l).map_or_else(
                || "n/a".into(),
                |bd| format!("{:.0} to {:.0}", bd.lower[h - 1], bd.upper[h - 1]),
            )
        };
        println!(
            "{:<36}{:>10.2}{:>12.0}{:>22}{:>22}{:>22}",
            r.label,
            r.path.values[[h - 1, 0]],
            f.forecast.point[h - 1],
            iv(&f.forecast, 0.8),
            iv(&f.forecast, 0.95),
            iv(&f.given_path, 0.95)
        );
    }
    Ok(())
}
