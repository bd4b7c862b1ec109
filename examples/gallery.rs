//! Renders every chart type from the shipped data in `notebooks-data/`
//! into `target/gallery/` (PNG and SVG).
//!
//! Run with `cargo run --example gallery`. It reads the ONS CPI annual rate
//! (MM23, D7G7) and the Metropolitan Police borough crime tables directly
//! with the `csv` crate, so it does not depend on the readers.

use std::collections::BTreeMap;
use std::error::Error;
use std::path::{Path, PathBuf};

use colcrime::charts::{
    self, AcfChart, Bar, BarChart, Chart, Coefficient, FanChart, ForestChart, IrfChart, LineChart,
    LineSeries, ResidualChart, RevisionChart, ScatterChart, ScatterPoint, SmallMultiples,
};
use colcrime::forecast::Forecast;
use colcrime::models::ols::OlsParams;
use colcrime::models::var::VarParams;
use colcrime::series::Period;

type Res<T> = Result<T, Box<dyn Error>>;

fn data(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("notebooks-data")
        .join(rel)
}

/// Monthly rows (`2024 MAR`) of an ONS time-series CSV.
fn ons_monthly(rel: &str) -> Res<(Vec<Period>, Vec<f64>)> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(data(rel))?;
    let (mut ps, mut vs) = (Vec::new(), Vec::new());
    for rec in rdr.records() {
        let rec = rec?;
        let (Some(d), Some(v)) = (rec.get(0), rec.get(1)) else {
            continue;
        };
        if d.len() == 8
            && let Some(p) = Period::parse(d)
            && let Ok(x) = v.trim().parse::<f64>()
        {
            ps.push(p);
            vs.push(x);
        }
    }
    Ok((ps, vs))
}

/// Monthly robbery offences per borough from the Met borough tables.
fn met_robbery() -> Res<BTreeMap<String, BTreeMap<Period, f64>>> {
    let mut out: BTreeMap<String, BTreeMap<Period, f64>> = BTreeMap::new();
    for f in [
        "met_police_borough/MPS_Borough_Level_Crime_Historical_201004-202311.csv",
        "met_police_borough/MPS_Borough_Level_Crime_recent24m_202312-202511.csv",
    ] {
        let mut rdr = csv::Reader::from_path(data(f))?;
        let months: Vec<Option<Period>> = rdr
            .headers()?
            .iter()
            .map(|h| {
                let y = h.get(0..4)?.parse().ok()?;
                let m = h.get(4..6)?.parse().ok()?;
                Period::month(y, m).ok()
            })
            .collect();
        for rec in rdr.records() {
            let rec = rec?;
            if rec.get(0) != Some("ROBBERY") {
                continue;
            }
            let borough = rec.get(2).unwrap_or("").to_string();
            if borough.starts_with("London Heathrow") || borough == "Unknown" {
                continue;
            }
            let e = out.entry(borough).or_default();
            for (p, v) in months.iter().zip(rec.iter()) {
                if let (Some(p), Ok(x)) = (p, v.trim().parse::<f64>()) {
                    *e.entry(*p).or_insert(0.0) += x;
                }
            }
        }
    }
    Ok(out)
}

/// Trailing 12-month sum (NaN until 12 values are available).
fn rolling12(vals: &[f64]) -> Vec<f64> {
    (0..vals.len())
        .map(|i| {
            if i < 11 {
                f64::NAN
            } else {
                vals[i - 11..=i].iter().sum()
            }
        })
        .collect()
}

fn main() -> Res<()> {
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/gallery");
    std::fs::create_dir_all(&out)?;
    let cpi_src =
        "ONS, Consumer price inflation time series (MM23), series D7G7, released 25 March 2026";
    let met_src = "Metropolitan Police Service, recorded crime by borough (historical and recent 24 months), to November 2025";

    // 1. Line chart: CPI annual rate and London robbery, indexed.
    let (cp, cv) = ons_monthly("ons_mm23/d7g7_cpi_annual_rate_rel2026-03-25.csv")?;
    let start = Period::month(2008, 1)?;
    let (cp2, cv2): (Vec<Period>, Vec<f64>) = cp
        .iter()
        .zip(&cv)
        .filter(|(p, _)| **p >= start)
        .map(|(p, v)| (*p, *v))
        .unzip();
    let line = LineChart {
        title: "Inflation peaked at 11.1% in October 2022, its highest rate in 40 years".into(),
        subtitle: "Consumer Prices Index (CPI), 12-month rate, UK, January 2008 to February 2026"
            .into(),
        y_label: "Per cent".into(),
        source: cpi_src.into(),
        series: vec![LineSeries::new("CPI", cp2.clone(), cv2.clone())],
        ..Default::default()
    };
    report(&line, &out.join("line_cpi"))?;

    let robbery = met_robbery()?;
    let mut london: BTreeMap<Period, f64> = BTreeMap::new();
    for b in robbery.values() {
        for (p, v) in b {
            *london.entry(*p).or_insert(0.0) += v;
        }
    }
    let lp: Vec<Period> = london.keys().copied().collect();
    let lv: Vec<f64> = london.values().copied().collect();
    let l12 = rolling12(&lv);
    // CPI index (D7BT) for the comparison.
    let (ip, iv) = ons_monthly("ons_mm23/d7bt_cpi_index_rel2026-03-25.csv")?;
    let base = Period::month(2015, 1)?;
    let (ip2, iv2): (Vec<Period>, Vec<f64>) = ip
        .iter()
        .zip(&iv)
        .filter(|(p, _)| **p >= lp[0])
        .map(|(p, v)| (*p, *v))
        .unzip();
    let indexed = LineChart {
        title: "Prices have risen by more than half since 2015; robbery fell, then rose again".into(),
        subtitle: "CPI index and London robbery offences (12 months to date), index January 2015 = 100, April 2010 to November 2025".into(),
        source: format!("{cpi_src} (D7BT); {met_src}"),
        series: vec![LineSeries::new("Prices (CPI)", ip2, iv2), LineSeries::new("Robbery", lp.clone(), l12.clone())],
        index_base: Some(base),
        ..Default::default()
    };
    report(&indexed, &out.join("line_indexed"))?;

    // 2. Fan chart: a random-walk forecast of the CPI rate (a stand-in for
    // a fitted model: point = last value, se = sd of monthly changes x sqrt(h)).
    let hist_start = Period::month(2019, 1)?;
    let (hp, hv): (Vec<Period>, Vec<f64>) = cp2
        .iter()
        .zip(&cv2)
        .filter(|(p, _)| **p >= hist_start)
        .map(|(p, v)| (*p, *v))
        .unzip();
    let d: Vec<f64> = cv2.windows(2).map(|w| w[1] - w[0]).collect();
    let mean = d.iter().sum::<f64>() / d.len() as f64;
    let sd = (d.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (d.len() - 1) as f64).sqrt();
    let last_p = *hp.last().ok_or("no CPI data")?;
    let last_v = *hv.last().ok_or("no CPI data")?;
    let h = 24;
    let fp: Vec<Period> = (1..=h).map(|i| last_p.offset(i)).collect();
    let fse: Vec<f64> = (1..=h).map(|i| sd * (i as f64).sqrt()).collect();
    let fc = Forecast::gaussian(fp.clone(), vec![last_v; h as usize], fse, &[80.0, 95.0])?;
    let fan = FanChart {
        title: "Inflation could be anywhere between -1% and 7% by early 2028".into(),
        subtitle: "CPI 12-month rate, UK, %, January 2019 to February 2026 and random-walk forecast to February 2028".into(),
        y_label: "Per cent".into(),
        source: cpi_src.into(),
        history: LineSeries::new("CPI", hp, hv),
        forecast: fc,
        scenarios: vec![LineSeries::new("Return to 2% target", fp.clone(), (1..=h).map(|i| last_v + (2.0 - last_v) * (i as f64 / 12.0).min(1.0)).collect())],
        ..Default::default()
    };
    report(&fan, &out.join("fan_cpi"))?;

    // 3. Small multiples: robbery per borough, 12 months to date.
    let nb = robbery.len() as f64;
    let panels: Vec<LineSeries> = robbery
        .iter()
        .map(|(name, m)| {
            let vals: Vec<f64> = lp
                .iter()
                .map(|p| m.get(p).copied().unwrap_or(f64::NAN))
                .collect();
            LineSeries::new(short(name), lp.clone(), rolling12(&vals))
        })
        .collect();
    let sm = SmallMultiples {
        title: "Robbery is concentrated in Westminster; most boroughs followed the London pattern".into(),
        subtitle: "Robbery offences recorded in the 12 months to date, by London borough, April 2011 to November 2025".into(),
        y_label: "Offences".into(),
        source: met_src.into(),
        panels,
        reference: Some(LineSeries::new("Borough average", lp.clone(), l12.iter().map(|v| v / nb).collect())),
        ..Default::default()
    };
    report(&sm, &out.join("multiples_robbery"))?;

    // 4. Ranked bars: change in robbery, year to November 2025 vs year to November 2019.
    let y25 = Period::month(2025, 11)?;
    let y19 = Period::month(2019, 11)?;
    let sum12 = |m: &BTreeMap<Period, f64>, end: Period| -> f64 {
        (0..12)
            .map(|i| m.get(&end.offset(-i)).copied().unwrap_or(f64::NAN))
            .sum()
    };
    let bars: Vec<Bar> = robbery
        .iter()
        .map(|(name, m)| {
            let a = sum12(m, y19);
            let b = sum12(m, y25);
            let bar = Bar::new(name.clone(), (b / a - 1.0) * 100.0);
            if name == "Westminster" {
                bar.highlighted()
            } else {
                bar
            }
        })
        .collect();
    let bar = BarChart {
        title: "Robbery rose in Lambeth and Bromley but fell in most other boroughs".into(),
        subtitle: "Change in robbery offences, 12 months to November 2025 compared with 12 months to November 2019, %".into(),
        x_label: "Change, %".into(),
        source: met_src.into(),
        bars,
        decimals: 0,
        ..Default::default()
    };
    report(&bar, &out.join("bar_robbery_change"))?;

    // 5. ACF and PACF of the monthly change in the CPI rate since 2010.
    let from = Period::month(2010, 1)?;
    let cpi_since: Vec<(Period, f64)> = cp
        .iter()
        .zip(&cv)
        .filter(|(p, _)| **p >= from)
        .map(|(p, v)| (*p, *v))
        .collect();
    let dcpi: Vec<f64> = cpi_since.windows(2).map(|w| w[1].1 - w[0].1).collect();
    let mut acf = AcfChart::from_values(
        "Monthly changes in inflation carry on for several months, then partly reverse after a year",
        &dcpi,
        24,
    )?;
    acf.subtitle = "Autocorrelation and partial autocorrelation of the monthly change in the CPI 12-month rate, February 2010 to February 2026; dashed lines at plus or minus 1.96 divided by the square root of n".into();
    acf.source = cpi_src.into();
    report(&acf, &out.join("acf_cpi_change"))?;

    // 6. Scatter: annual growth in London robbery (12 months to date on a
    // year earlier) against the CPI rate, monthly, with the OLS line.
    let cpi_at: BTreeMap<Period, f64> = cp.iter().copied().zip(cv.iter().copied()).collect();
    let growth: Vec<(Period, f64)> = lp
        .iter()
        .zip(&l12)
        .enumerate()
        .filter_map(|(i, (p, v))| {
            let prev = *l12.get(i.checked_sub(12)?)?;
            (v.is_finite() && prev.is_finite() && prev > 0.0)
                .then(|| (*p, 100.0 * (v / prev - 1.0)))
        })
        .collect();
    let pairs: Vec<(Period, f64, f64)> = growth
        .iter()
        .filter_map(|(p, g)| Some((*p, *cpi_at.get(p)?, *g)))
        .collect();
    let points = pairs
        .iter()
        .map(|(p, x, y)| {
            let label = if p.sub_year() == 11 && p.year_number() % 4 == 1 {
                p.ons_label()
            } else {
                String::new()
            };
            ScatterPoint::new(*x, *y, label)
        })
        .collect();
    let sc = ScatterChart {
        title: "Robbery grew faster in months of higher inflation, but the link is loose".into(),
        subtitle: "London robbery, 12 months to date, % change on a year earlier, against the CPI 12-month rate, monthly, April 2012 to November 2025".into(),
        x_label: "CPI inflation, %".into(),
        y_label: "Robbery, annual change, %".into(),
        source: format!("{cpi_src}; {met_src}"),
        points,
        ..Default::default()
    };
    report(&sc, &out.join("scatter_robbery_cpi"))?;

    // 7. Residual diagnostics of that regression.
    let x = ndarray::Array2::from_shape_fn(
        (pairs.len(), 2),
        |(i, j)| if j == 0 { 1.0 } else { pairs[i].1 },
    );
    let y: Vec<f64> = pairs.iter().map(|t| t.2).collect();
    let fit = OlsParams::new().fit_xy(&x, &y, vec!["const".into(), "cpi".into()])?;
    let res = ResidualChart {
        title: "The residuals are strongly autocorrelated: the simple regression leaves a lot out"
            .into(),
        subtitle:
            "OLS of annual robbery growth on CPI inflation, monthly, April 2012 to November 2025"
                .into(),
        source: format!("{cpi_src}; {met_src}"),
        resid: fit.resid.clone(),
        periods: pairs.iter().map(|t| t.0).collect(),
        ..Default::default()
    };
    report(&res, &out.join("residuals_robbery_cpi"))?;

    // 8. Impulse responses of a VAR(2) of robbery growth and inflation.
    let yv = ndarray::Array2::from_shape_fn((pairs.len(), 2), |(i, j)| {
        if j == 0 { pairs[i].2 } else { pairs[i].1 }
    });
    let names = vec!["robbery".to_string(), "cpi".to_string()];
    let var = VarParams::new(2).fit(&yv, &names)?;
    let h = 12;
    let cube = |ms: Vec<ndarray::Array2<f64>>| -> Vec<Vec<Vec<f64>>> {
        ms.iter()
            .map(|m| m.rows().into_iter().map(|r| r.to_vec()).collect())
            .collect()
    };
    let irf = IrfChart {
        title: "Robbery growth responds little to a shock to inflation".into(),
        subtitle: "Percentage points, orthogonalised (Cholesky) shock of one standard deviation, VAR(2), monthly, April 2012 to November 2025, with bands of plus or minus 1.96 standard errors".into(),
        x_label: "Months after the shock".into(),
        source: format!("{cpi_src}; {met_src}"),
        labels: vec!["Robbery growth".into(), "CPI inflation".into()],
        names,
        irf: cube(var.orth_irf(h)),
        stderr: cube(var.irf_stderr(h, true)?),
        ..Default::default()
    };
    report(&irf, &out.join("irf_robbery_cpi"))?;

    // 9. Coefficient (forest) plot: annual robbery growth on CPI inflation
    // with a dummy for the Covid-19 restrictions (April 2020 to June 2021).
    let covid = |p: &Period| -> f64 {
        let from = Period::month(2020, 4).ok();
        let to = Period::month(2021, 6).ok();
        match (from, to) {
            (Some(a), Some(b)) if *p >= a && *p <= b => 1.0,
            _ => 0.0,
        }
    };
    let xc = ndarray::Array2::from_shape_fn((pairs.len(), 3), |(i, j)| match j {
        0 => 1.0,
        1 => pairs[i].1,
        _ => covid(&pairs[i].0),
    });
    let names3 = vec![
        "const".to_string(),
        "CPI inflation".into(),
        "Covid-19 restrictions".into(),
    ];
    let fit3 = OlsParams::new().fit_xy(&xc, &y, names3.clone())?;
    let coefficients: Vec<Coefficient> = names3
        .iter()
        .enumerate()
        .map(|(i, n)| {
            Coefficient::new(
                n.clone(),
                fit3.params[i],
                fit3.conf_int[i][0],
                fit3.conf_int[i][1],
            )
        })
        .collect();
    let forest = ForestChart {
        title: format!(
            "Each point of inflation went with {:.1} points faster robbery growth; the restrictions cut it by {:.0} points",
            fit3.params[1],
            -fit3.params[2]
        ),
        subtitle: "OLS of the annual change in London robbery (12 months to date, %) on the CPI 12-month rate and a Covid-19 restrictions dummy, monthly, April 2012 to November 2025".into(),
        x_label: "Percentage points, estimate and 95% confidence interval".into(),
        source: format!("{cpi_src}; {met_src}"),
        coefficients,
        ..Default::default()
    };
    report(&forest, &out.join("forest_robbery_cpi"))?;

    // 10. Data revision: the CPI annual rate as published on 14 February
    // 2024 against the release of 25 March 2026 (both shipped).
    let (op, ov) = ons_monthly("ons_mm23/d7g7_cpi_annual_rate_rel2024-02-14.csv")?;
    let since = Period::month(2021, 1)?;
    let keep = |ps: &[Period], vs: &[f64]| -> (Vec<Period>, Vec<f64>) {
        ps.iter()
            .zip(vs)
            .filter(|(p, _)| **p >= since)
            .map(|(p, v)| (*p, *v))
            .unzip()
    };
    let (op, ov) = keep(&op, &ov);
    let (np, nv) = keep(&cp, &cv);
    let previous = LineSeries::new("Release of 14 February 2024", op, ov);
    let new = LineSeries::new("Release of 25 March 2026", np, nv);
    let revised: usize = charts::revised_stretches(&previous, &new)
        .iter()
        .map(|r| r.len())
        .sum();
    let added = new.values.len().saturating_sub(previous.values.len());
    let rev = RevisionChart {
        title: if revised == 0 {
            format!("The March 2026 release added {added} months of CPI inflation and revised none")
        } else {
            format!("The March 2026 release added {added} months of CPI inflation and revised earlier ones")
        },
        subtitle: "CPI 12-month rate, %, UK, January 2021 onwards: release of 25 March 2026 against that of 14 February 2024".into(),
        y_label: "Per cent".into(),
        source: "ONS, Consumer price inflation time series (MM23), series D7G7, released 14 February 2024 and 25 March 2026".into(),
        previous,
        new,
        ..Default::default()
    };
    report(&rev, &out.join("revision_cpi"))?;
    Ok(())
}

/// Short panel titles for long borough names.
fn short(name: &str) -> String {
    match name {
        "Barking and Dagenham" => "Barking & Dag.".into(),
        "Hammersmith and Fulham" => "Hammersmith & F.".into(),
        "Kensington and Chelsea" => "Kensington & C.".into(),
        "Kingston upon Thames" => "Kingston".into(),
        "Richmond upon Thames" => "Richmond".into(),
        other => other.into(),
    }
}

fn report<C: Chart>(c: &C, stem: &Path) -> Res<()> {
    let f = c.render(stem)?;
    println!("{} {}", f.png.display(), f.svg.display());
    Ok(())
}
