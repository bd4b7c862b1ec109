//! A borough panel of annual robbery counts in London, 2011-2024, as count
//! regressions with population offsets and borough and year fixed effects
//! (the design of Draca, Koutmeridis and Machin 2019, here with the
//! borough's unemployment rate as the economic variable):
//!
//! `log E[robbery_bt] = log(population_bt) + β unemployment_bt + borough_b + year_t`
//!
//! fitted by Poisson (pseudo-)maximum likelihood with standard errors
//! clustered by borough, and by negative binomial NB2 (α by maximum
//! likelihood). National CPI inflation cannot sit beside year effects (it
//! is one number a year), so a second Poisson model replaces the year
//! effects with it.
//!
//! Data, all from `notebooks-data/`: Metropolitan Police borough files
//! (robbery, calendar years), the ONS model-based unemployment rate by
//! borough (Nomis), ONS CPI inflation (D7G7, annual), and the GLA census
//! populations of 2011 and 2021, interpolated linearly between the
//! censuses and carried on with the 2011-2021 trend after 2021
//! (`transforms::interpolate_linear`). The same panel, fitted by
//! statsmodels, is the reference case `tests/reference/glm_cluster/borough_robbery`.
//!
//! `cargo run --example borough_poisson`

use std::error::Error;
use std::fmt::Write as _;
use std::path::Path;

use colcrime::formula::{Design, Formula};
use colcrime::models::glm::{Family, GlmParams, GlmResult};
use colcrime::models::ols::cluster_robust_cov;
use colcrime::series::{Frame, Frequency, Period};
use colcrime::sources;
use colcrime::transforms::{Aggregation, aggregate, interpolate_linear};

const FIRST: i32 = 2011;
const LAST: i32 = 2024;

fn main() -> Result<(), Box<dyn Error>> {
    let nb = Path::new(env!("CARGO_MANIFEST_DIR")).join("notebooks-data");
    let met_dir = nb.join("met_police_borough");
    let met = sources::read_many(&[
        met_dir
            .join("MPS_Borough_Level_Crime_Historical_201004-202311.csv")
            .as_path(),
        met_dir
            .join("MPS_Borough_Level_Crime_recent24m_202312-202511.csv")
            .as_path(),
    ])?;
    let pop = sources::read(&nb.join("london_econ/london_borough_population_1801-2021.xlsx"))?;
    let unemp = sources::read(
        &nb.join("london_econ/nomis_model_unemployment_rate_london_boroughs_2004-2024.csv"),
    )?;
    let cpi_ds = sources::read(&nb.join("ons_mm23/d7g7_cpi_annual_rate_rel2026-03-25.csv"))?;
    let cpi = cpi_ds.select("D7G7", Some(Frequency::Annual))?;

    // Boroughs with crime, population and unemployment (City of London has
    // no unemployment estimate; the Met's airports are not a borough).
    let mut boroughs: Vec<String> = met
        .series
        .iter()
        .filter_map(|s| s.name.strip_prefix("robbery:"))
        .filter(|b| *b != "London")
        .filter(|b| {
            pop.select(&format!("population:{b}"), None).is_ok()
                && unemp
                    .select(&format!("unemployment_rate:{b}"), None)
                    .is_ok()
        })
        .map(str::to_string)
        .collect();
    boroughs.sort();
    boroughs.dedup();

    let mut csv = String::from("borough,year,robbery,population,unemployment,cpi\n");
    for b in &boroughs {
        let monthly = met.select(&format!("robbery:{b}"), Some(Frequency::Monthly))?;
        let annual = aggregate(monthly, Frequency::Annual, Aggregation::Sum)?;
        let census = pop.select(&format!("population:{b}"), None)?;
        let people = interpolate_linear(
            census,
            Frequency::Annual,
            Period::year(FIRST),
            Period::year(LAST),
        )?;
        let rate = unemp.select(&format!("unemployment_rate:{b}"), None)?;
        for y in FIRST..=LAST {
            let p = Period::year(y);
            let get = |what: &str, v: Option<f64>| {
                v.filter(|x| x.is_finite())
                    .ok_or_else(|| format!("{what} missing for {b} in {y}"))
            };
            let count = get("robbery", annual.get(p))?;
            let n = get("population", people.get(p))?;
            let u = get("unemployment", rate.get(p))?;
            let c = get("CPI inflation", cpi.get(p))?;
            writeln!(csv, "\"{b}\",{y},{count},{n},{u},{c}")?;
        }
    }
    let frame = Frame::from_csv_str("borough panel", &csv)?;
    println!(
        "London borough panel: {} boroughs x {} years ({FIRST}-{LAST}), {} borough-years",
        boroughs.len(),
        LAST - FIRST + 1,
        frame.nrows()
    );
    println!(
        "population: 2011 and 2021 census counts, interpolated linearly between them and extended on the 2011-2021 trend to {LAST}"
    );

    let fe = "robbery ~ unemployment + C(borough) + C(year) + offset(log(population))";
    let d = Formula::parse(fe)?.design(&frame, 0..frame.nrows())?;
    let borough_of_row = cluster_labels(&frame, &d)?;

    // Poisson with cluster-robust standard errors (statsmodels' GLM
    // `cov_type="cluster"`: score x (y - mu), bread (X' diag(mu) X)^-1).
    let pois = GlmParams::new(Family::Poisson).fit(&d)?;
    let score: Vec<f64> = d.y.iter().zip(&pois.mu).map(|(y, m)| y - m).collect();
    let v_pois = cluster_robust_cov(&d.x, &pois.mu, &score, &[&borough_of_row], true)?;
    println!("\nPoisson, borough and year fixed effects, offset log(population):");
    println!(
        "  {:<14} {:>10} {:>10} {:>10}",
        "", "coef", "cluster se", "model se"
    );
    print_coef(&pois, &v_pois, "unemployment")?;
    println!(
        "  a point of unemployment goes with {:+.1}% robbery per head (cluster-robust 95% interval {:+.1}% to {:+.1}%)",
        pct(coef(&pois, "unemployment")?),
        pct(coef(&pois, "unemployment")? - 1.96 * se(&v_pois, &pois, "unemployment")?),
        pct(coef(&pois, "unemployment")? + 1.96 * se(&v_pois, &pois, "unemployment")?)
    );
    println!("  year effects (robbery per head against {FIRST}, other things equal):");
    for y in (FIRST + 1)..=LAST {
        let name = format!("C(year)[T.{y}]");
        let b = coef(&pois, &name)?;
        let s = se(&v_pois, &pois, &name)?;
        println!("    {y}: {:>+7.4} (se {:.4})  {:>+6.1}%", b, s, pct(b));
    }

    // NB2: alpha by maximum likelihood; standard errors from the full
    // Hessian, and clustered with alpha held at its estimate (statsmodels'
    // GLM NegativeBinomial(alpha)).
    let nb2 = GlmParams::new(Family::NegBin).fit(&d)?;
    let alpha = nb2.alpha.ok_or("NB2 without alpha")?;
    // Observed information of the log-link NB2 likelihood in beta, as
    // statsmodels' GLM uses: mu (1 + alpha y) / (1 + alpha mu)^2.
    let h: Vec<f64> =
        d.y.iter()
            .zip(&nb2.mu)
            .map(|(y, m)| m * (1.0 + alpha * y) / (1.0 + alpha * m).powi(2))
            .collect();
    let s: Vec<f64> =
        d.y.iter()
            .zip(&nb2.mu)
            .map(|(y, m)| (y - m) / (1.0 + alpha * m))
            .collect();
    let v_nb = cluster_robust_cov(&d.x, &h, &s, &[&borough_of_row], true)?;
    println!(
        "\nNegative binomial (NB2), same model: alpha = {:.6} (se {:.6}), llf = {:.4}",
        alpha,
        nb2.alpha_bse.unwrap_or(f64::NAN),
        nb2.llf
    );
    println!(
        "  {:<14} {:>10} {:>10} {:>10}",
        "", "coef", "cluster se", "model se"
    );
    print_coef(&nb2, &v_nb, "unemployment")?;

    // CPI inflation in place of the year effects.
    let f_cpi = "robbery ~ cpi + unemployment + C(borough) + offset(log(population))";
    let d2 = Formula::parse(f_cpi)?.design(&frame, 0..frame.nrows())?;
    let g2 = cluster_labels(&frame, &d2)?;
    let p2 = GlmParams::new(Family::Poisson).fit(&d2)?;
    let s2: Vec<f64> = d2.y.iter().zip(&p2.mu).map(|(y, m)| y - m).collect();
    let v2 = cluster_robust_cov(&d2.x, &p2.mu, &s2, &[&g2], true)?;
    println!("\nPoisson with CPI inflation instead of year effects (borough fixed effects):");
    println!(
        "  {:<14} {:>10} {:>10} {:>10}",
        "", "coef", "cluster se", "model se"
    );
    print_coef(&p2, &v2, "cpi")?;
    print_coef(&p2, &v2, "unemployment")?;
    println!(
        "  (with {} boroughs as clusters; CPI varies only by year, so these standard errors are optimistic)",
        boroughs.len()
    );
    Ok(())
}

/// Borough label (0, 1, ...) of each design row.
fn cluster_labels(frame: &Frame, d: &Design) -> Result<Vec<usize>, Box<dyn Error>> {
    let col = frame
        .text_column("borough")
        .ok_or("no borough column in the panel")?;
    let mut seen: Vec<&str> = Vec::new();
    let mut out = Vec::with_capacity(d.rows.len());
    for &r in &d.rows {
        let b = col
            .get(r)
            .and_then(Option::as_deref)
            .ok_or("a borough is missing")?;
        let i = match seen.iter().position(|s| *s == b) {
            Some(i) => i,
            None => {
                seen.push(b);
                seen.len() - 1
            }
        };
        out.push(i);
    }
    Ok(out)
}

fn index(r: &GlmResult, name: &str) -> Result<usize, Box<dyn Error>> {
    r.param_names
        .iter()
        .position(|n| n == name)
        .ok_or_else(|| format!("no parameter {name}").into())
}

fn coef(r: &GlmResult, name: &str) -> Result<f64, Box<dyn Error>> {
    Ok(r.params[index(r, name)?])
}

fn se(v: &ndarray::Array2<f64>, r: &GlmResult, name: &str) -> Result<f64, Box<dyn Error>> {
    let i = index(r, name)?;
    Ok(v[[i, i]].sqrt())
}

fn print_coef(r: &GlmResult, v: &ndarray::Array2<f64>, name: &str) -> Result<(), Box<dyn Error>> {
    let i = index(r, name)?;
    println!(
        "  {:<14} {:>10.6} {:>10.6} {:>10.6}",
        name,
        r.params[i],
        v[[i, i]].sqrt(),
        r.bse[i]
    );
    Ok(())
}

/// A log-scale coefficient as a percentage change.
fn pct(b: f64) -> f64 {
    100.0 * (b.exp() - 1.0)
}
