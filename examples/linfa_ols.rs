//! colcrime's least squares through linfa's traits, checked against
//! linfa's own linear regression.
//!
//! Monthly robbery recorded by the Metropolitan Police in London, on CPI
//! inflation and a linear trend:
//!
//! `log robbery_t = a + b cpi_rate_t + c trend_t + u_t`
//!
//! The records and targets go into a `linfa::Dataset`; `OlsParams`
//! implements linfa's `Fit` (`colcrime::models::linfa_traits`), so the
//! same call that fits any linfa model returns colcrime's full OLS result
//! (standard errors, R², diagnostics), and the result implements `Predict`.
//! `linfa_linear::LinearRegression` (an unpivoted Householder QR that
//! shares no code with colcrime) fits the same dataset, and the example
//! prints the largest difference between the two coefficient vectors.
//!
//! Data, from `notebooks-data/`: the MPS borough files of the current
//! classification (April 2010 onwards) and ONS CPI annual inflation (D7G7).
//!
//! `cargo run --example linfa_ols`

use std::error::Error;
use std::path::Path;

use colcrime::models::ols::OlsParams;
use colcrime::series::Frequency;
use colcrime::sources;
use colcrime::transforms::align;
use linfa::prelude::*;
use linfa_linear::LinearRegression;
use ndarray::{Array1, Array2};

fn main() -> Result<(), Box<dyn Error>> {
    let nb = Path::new(env!("CARGO_MANIFEST_DIR")).join("notebooks-data");
    let met_dir = nb.join("met_police_borough");
    let files = [
        "MPS_Borough_Level_Crime_Historical_201004-202311.csv",
        "MPS_Borough_Level_Crime_recent24m_202312-202511.csv",
    ]
    .map(|f| met_dir.join(f));
    let paths: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
    let met = sources::read_many(&paths)?;
    let robbery = met.select("robbery:London", Some(Frequency::Monthly))?;
    let cpi_ds = sources::read(&nb.join("ons_mm23/d7g7_cpi_annual_rate_rel2026-03-25.csv"))?;
    let cpi = cpi_ds.select("D7G7", Some(Frequency::Monthly))?;
    let (periods, cols) = align(&[robbery, cpi])?;
    let [rob, rate] = cols.as_slice() else {
        return Err("two series expected".into());
    };
    let (Some(first), Some(last)) = (periods.first(), periods.last()) else {
        return Err("no common months".into());
    };
    let n = periods.len();
    println!("London robbery and CPI inflation, monthly {first} to {last} ({n} months)");

    let x = Array2::from_shape_fn((n, 2), |(t, j)| if j == 0 { rate[t] } else { t as f64 });
    let y = Array1::from_iter(rob.iter().map(|v| v.ln()));
    let ds = Dataset::new(x.clone(), y.clone()).with_feature_names(vec!["cpi_rate", "trend"]);

    // colcrime's OLS, called as a linfa model.
    let ours = Fit::fit(&OlsParams::new(), &ds)?;
    println!("\ncolcrime OLS through linfa's Fit: log(robbery) on cpi_rate and trend");
    println!("{:<10}{:>16}{:>14}{:>10}", "", "coef", "std err", "t");
    for (((name, b), se), t) in ours
        .param_names
        .iter()
        .zip(&ours.params)
        .zip(&ours.bse)
        .zip(&ours.tvalues)
    {
        println!("{name:<10}{b:>16.8}{se:>14.8}{t:>10.3}");
    }
    println!("R-squared: {:.4}", ours.rsquared);
    let fitted: Array1<f64> = Predict::predict(&ours, &x);
    let rmse = ((&y - &fitted).mapv(|e| e * e).sum() / n as f64).sqrt();
    println!("in-sample RMSE of log robbery (linfa's Predict): {rmse:.6}");

    // The independent fit: linfa-linear puts the intercept apart.
    let theirs = LinearRegression::new().fit(&ds)?;
    let mut linfa_params = vec![theirs.intercept()];
    linfa_params.extend(theirs.params().iter().copied());
    println!("\nlinfa-linear LinearRegression on the same dataset");
    for (name, b) in ours.param_names.iter().zip(&linfa_params) {
        println!("{name:<10}{b:>16.8}");
    }
    let scale = ours.params.iter().fold(0.0f64, |m, b| m.max(b.abs()));
    let diff = ours
        .params
        .iter()
        .zip(&linfa_params)
        .fold(0.0f64, |m, (a, b)| m.max((a - b).abs() / scale));
    println!("largest coefficient difference, relative to the largest coefficient: {diff:.1e}");
    if diff > 1e-10 {
        return Err(format!("colcrime and linfa-linear disagree by {diff:e}").into());
    }
    Ok(())
}
