//! An error-correction model of theft in London in the style of the Home
//! Office studies (Field 1990, Home Office Research Study 119; Dhiri et al.
//! 1999, HORS 198): in the long run the level of theft moves with real
//! incomes and prices; in the short run theft growth responds to growth in
//! real incomes and to inflation, and closes part of any gap from the long
//! run each quarter.
//!
//! Engle-Granger two steps (`models::ecm`, as `colcrime fit ecm`):
//!
//! * long run: `log theft_t = a + b log real_earnings_t + c log cpi_t + u_t`
//! * short run: `Δlog theft_t = k + α û_{t-1} + g Δlog real_earnings_t +
//!   h Δlog cpi_t + (four lags of each difference) + e_t`, Newey-West
//!   standard errors (4 lags).
//!
//! Field used real consumption per head; notebooks-data has no consumption
//! series, so real average weekly earnings (ONS KAB9 deflated by CPI D7BT)
//! stand in. Theft is the Metropolitan Police's recorded theft (theft from
//! the person, shoplifting, other theft, bicycle theft and vehicle offences),
//! summed over London's boroughs and the months of each quarter, spliced
//! from the old- and new-classification borough files.
//!
//! `cargo run --example ecm_theft`

use std::error::Error;
use std::path::Path;

use colcrime::models::ecm::{EcmParams, fit_ecm};
use colcrime::models::ols::CovType;
use colcrime::series::{Frequency, Period};
use colcrime::sources;
use colcrime::transforms::{Aggregation, aggregate, align, deflate};

fn main() -> Result<(), Box<dyn Error>> {
    let nb = Path::new(env!("CARGO_MANIFEST_DIR")).join("notebooks-data");
    let met_dir = nb.join("met_police_borough");
    let files = [
        "MPS_Borough_Level_Crime_Historic_oldclass_200801-201612.csv",
        "MPS_Borough_Level_Crime_recent24m_oldclass_201701-201812.csv",
        "MPS_Borough_Level_Crime_Historical_201004-202311.csv",
        "MPS_Borough_Level_Crime_recent24m_202312-202511.csv",
    ]
    .map(|f| met_dir.join(f));
    let paths: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
    let met = sources::read_many(&paths)?;
    let theft_m = met.select("theft:London", Some(Frequency::Monthly))?;
    let awe_ds =
        sources::read(&nb.join("ons_vintage_json_policyengine/uk_average_weekly_earnings.json"))?;
    let awe = awe_ds.select("KAB9", Some(Frequency::Monthly))?;
    let cpi_ds = sources::read(&nb.join("ons_mm23/d7bt_cpi_index_rel2026-03-25.csv"))?;
    let cpi_m = cpi_ds.select("D7BT", Some(Frequency::Monthly))?;
    let real_m = deflate(awe, cpi_m, Some(Period::month(2025, 1)?))?;

    let theft = aggregate(theft_m, Frequency::Quarterly, Aggregation::Sum)?;
    let real = aggregate(&real_m, Frequency::Quarterly, Aggregation::Mean)?;
    let cpi = aggregate(cpi_m, Frequency::Quarterly, Aggregation::Mean)?;
    let (periods, cols) = align(&[&theft, &real, &cpi])?;
    let (Some(first), Some(last)) = (periods.first(), periods.last()) else {
        return Err("no common quarters".into());
    };
    if first.periods_until(last)? + 1 != periods.len() as i64 {
        return Err("a quarter is missing inside the sample".into());
    }
    let logs: Vec<Vec<f64>> = cols
        .iter()
        .map(|c| c.iter().map(|v| v.ln()).collect())
        .collect();
    let [y, x_real, x_cpi] = logs.as_slice() else {
        return Err("three series expected".into());
    };
    println!(
        "London theft, real average weekly earnings and CPI, quarterly {first} to {last} ({} quarters)",
        periods.len()
    );

    let params = EcmParams::new().lags(4).cov_type(CovType::Hac {
        maxlags: Some(4),
        correction: false,
    });
    let names = vec!["log(real_earnings)".to_string(), "log(cpi)".to_string()];
    let r = fit_ecm(
        y,
        &[x_real.clone(), x_cpi.clone()],
        "log(theft)",
        &names,
        &params,
    )?;

    println!("\nLong run: log(theft) = a + b log(real earnings) + c log(CPI)");
    for (i, n) in r.long_run.param_names.iter().enumerate() {
        println!("  {:<22} {:>10.4}", n, r.long_run.params[i]);
    }
    println!("  R-squared {:.4}", r.long_run.rsquared);
    if let Some(c) = &r.coint {
        println!(
            "  Engle-Granger cointegration test: statistic {:.4}, p-value {:.4}",
            c.statistic, c.pvalue
        );
    }

    println!("\nShort run: quarterly growth of theft (Newey-West standard errors, 4 lags)");
    println!("  {:<22} {:>10} {:>10} {:>8}", "", "coef", "se", "p");
    for (i, n) in r.short_run.param_names.iter().enumerate() {
        // The adjustment, the contemporaneous growth terms and the constant.
        if i <= 1 + names.len() {
            println!(
                "  {:<22} {:>10.4} {:>10.4} {:>8.4}",
                n, r.short_run.params[i], r.short_run.bse[i], r.short_run.pvalues[i]
            );
        }
    }
    let half_life = if r.adjustment < 0.0 && r.adjustment > -1.0 {
        0.5f64.ln() / (1.0 + r.adjustment).ln()
    } else {
        f64::NAN
    };
    println!(
        "\nAdjustment speed: {:.4} a quarter (half of a gap from the long run closes in {:.1} quarters)",
        r.adjustment, half_life
    );
    Ok(())
}
