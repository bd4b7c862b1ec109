//! Content tests of the impulse-response, ACF/PACF, scatter, residual,
//! coefficient (forest) and strip (distribution small multiples) charts: the SVG carries the title and labels and the expected number of
//! bands, spikes and points; the PNG decodes at its size and is not blank;
//! empty or all-missing input is an error or a "No data" panel, never a
//! panic; ACF/PACF match statsmodels (tests/reference/acf); an insta
//! snapshot pins each chart's SVG; `colcrime chart` draws VAR and OLS
//! results.

mod common;

use assert_cmd::Command;
use colcrime::charts::{
    AcfChart, Chart, Coefficient, ForestChart, IrfChart, PanelScale, ResidualChart, ScatterChart,
    ScatterPoint, StripMultiples, StripPanel, acf, pacf, qq_points, render_acf, render_forest,
    render_irf, render_residuals, render_scatter, render_strips,
};
use colcrime::series::Period;
use serde_json::{Value, json};

fn assert_png(path: &std::path::Path, w: u32, h: u32) {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let img = image::load_from_memory(&bytes).unwrap().to_rgb8();
    assert_eq!(img.dimensions(), (w, h));
    let first = *img.get_pixel(0, 0);
    let differing = img.pixels().filter(|p| **p != first).count();
    assert!(differing > 2000, "PNG nearly blank: {differing}");
    assert!(img.pixels().any(|p| p.0 == [0x12, 0x43, 0x6D]));
}

/// A stable pseudo-random sequence (LCG) for synthetic data.
fn noise(n: usize, seed: u64) -> Vec<f64> {
    let mut s = seed;
    (0..n)
        .map(|_| {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((s >> 11) as f64 / (1u64 << 53) as f64) - 0.5
        })
        .collect()
}

fn irf_chart() -> IrfChart {
    // Three variables, H = 6, a decaying response pattern.
    let k = 3;
    let irf: Vec<Vec<Vec<f64>>> = (0..=6)
        .map(|h| {
            (0..k)
                .map(|i| {
                    (0..k)
                        .map(|j| {
                            if j > i && h == 0 {
                                0.0
                            } else {
                                (1.0 + i as f64 - 0.7 * j as f64) * 0.6f64.powi(h)
                            }
                        })
                        .collect()
                })
                .collect()
        })
        .collect();
    let se: Vec<Vec<Vec<f64>>> = (0..=6)
        .map(|h| vec![vec![0.1 + 0.05 * f64::from(h); k]; k])
        .collect();
    IrfChart {
        title: "Robbery growth barely responds to an inflation shock".into(),
        subtitle: "percentage points, orthogonalised (Cholesky) shock of one standard deviation"
            .into(),
        x_label: "Quarters after the shock".into(),
        source: "ONS MM23 (25 March 2026); MPS borough crime".into(),
        names: vec!["robbery".into(), "theft".into(), "cpi".into()],
        labels: vec!["Robbery".into(), "Theft".into(), "CPI inflation".into()],
        irf,
        stderr: se,
        ..Default::default()
    }
}

#[test]
fn irf_grid_has_one_band_per_panel() {
    let c = irf_chart();
    let svg = c.to_svg().unwrap();
    assert!(svg.contains(
        "<title id=\"chart-title\">Robbery growth barely responds to an inflation shock</title>"
    ));
    assert!(svg.contains("\nShock to CPI inflation\n"));
    assert_eq!(svg.matches("\nTheft\n").count(), 3);
    assert!(svg.contains("\nQuarters after the shock\n"));
    assert_eq!(svg.matches("<polygon").count(), 9);
    // One response line per panel in the main colour, width 2.
    let lines = svg
        .lines()
        .filter(|l| l.starts_with("<polyline") && l.contains("stroke=\"#12436D\""))
        .count();
    assert_eq!(lines, 9);
    let d = c.description();
    assert!(
        d.contains("Response of Theft to a shock to Robbery: 2 on impact"),
        "{d}"
    );
    insta::assert_snapshot!("irf_grid", common::redact_font(&svg));
}

#[test]
fn irf_selection_png_and_missing_panel() {
    let mut c = irf_chart();
    c.responses = vec![0, 1];
    c.shocks = vec![2];
    // The response of theft to CPI is missing: a "No data" panel.
    for m in c.irf.iter_mut() {
        m[1][2] = f64::NAN;
    }
    let svg = c.to_svg().unwrap();
    assert!(svg.contains("\nResponse of Robbery to CPI inflation\n"));
    assert_eq!(svg.matches("<polygon").count(), 1);
    assert!(svg.contains("\nNo data\n"));
    let dir = tempfile::tempdir().unwrap();
    let f = render_irf(&c, &dir.path().join("irf")).unwrap();
    assert_png(&f.png, 960, 540);
    // Bad input: an index out of range, wrong shapes, nothing at all.
    c.shocks = vec![3];
    assert!(c.to_svg().is_err());
    let mut d = irf_chart();
    d.stderr.pop();
    assert!(d.to_svg().is_err());
    assert!(IrfChart::default().to_svg().is_err());
}

#[derive(serde::Deserialize)]
struct AcfCase {
    x: Vec<f64>,
    nlags: usize,
    acf: Vec<f64>,
    pacf: Vec<f64>,
}

#[test]
fn acf_and_pacf_match_statsmodels() {
    let text = std::fs::read_to_string("tests/reference/acf/acf_pacf.json").unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    for name in ["cpi", "ar2", "small"] {
        let c: AcfCase = serde_json::from_value(v["cases"][name].clone()).unwrap();
        let a = acf(&c.x, c.nlags).unwrap();
        let p = pacf(&c.x, c.nlags).unwrap();
        assert_eq!(a.len(), c.acf.len());
        assert_eq!(p.len(), c.pacf.len());
        for (k, (x, y)) in a.iter().zip(&c.acf).enumerate() {
            assert!((x - y).abs() < 1e-12, "{name} acf lag {k}: {x} vs {y}");
        }
        for (k, (x, y)) in p.iter().zip(&c.pacf).enumerate() {
            assert!(
                (x - y).abs() < 1e-10 * y.abs().max(1.0),
                "{name} pacf lag {k}: {x} vs {y}"
            );
        }
    }
}

#[test]
fn acf_errors_are_clear() {
    assert!(acf(&[1.0, 1.0, 1.0], 1).is_err());
    assert!(acf(&[1.0, 2.0], 3).is_err());
    let e = pacf(&[1.0, 2.0, 3.0, 4.0], 2).unwrap_err();
    assert!(e.to_string().contains('4'), "{e}");
    assert!(AcfChart::from_values("t", &[f64::NAN; 5], 0).is_err());
    assert!(AcfChart::default().to_svg().is_err());
}

#[test]
fn acf_chart_spikes_and_bounds() {
    let x: Vec<f64> = noise(80, 7)
        .iter()
        .scan(0.0, |s, e| {
            *s = 0.7 * *s + e;
            Some(*s)
        })
        .collect();
    let mut c = AcfChart::from_values("Inflation is persistent", &x, 12).unwrap();
    c.subtitle = "Synthetic AR(1), 80 observations".into();
    let svg = c.to_svg().unwrap();
    assert!(svg.contains("\nAutocorrelation\n"));
    assert!(svg.contains("\nPartial autocorrelation\n"));
    // 12 ACF + 12 PACF spikes (filled rectangles in the main colour).
    let spikes = svg
        .lines()
        .filter(|l| l.starts_with("<rect") && l.contains("fill=\"#12436D\""))
        .count();
    assert_eq!(spikes, 24);
    // Dashed bounds (many short segments) in orange.
    assert!(svg.matches("stroke=\"#F46A25\"").count() >= 4);
    assert!(c.description().contains("outside the bounds at lag"));
    let dir = tempfile::tempdir().unwrap();
    let f = render_acf(&c, &dir.path().join("acf")).unwrap();
    assert_png(&f.png, 960, 540);
    insta::assert_snapshot!("acf_chart", common::redact_font(&svg));
}

fn scatter_chart() -> ScatterChart {
    let e = noise(24, 3);
    let p = Period::quarter(2019, 1).unwrap();
    ScatterChart {
        title: "Robbery grew faster when inflation was higher".into(),
        subtitle: "London, quarterly, 2019 Q1 to 2024 Q4".into(),
        x_label: "CPI inflation, %".into(),
        y_label: "Robbery, annual growth, %".into(),
        source: "ONS MM23; MPS borough crime".into(),
        points: (0..24)
            .map(|i| {
                let x = 1.0 + 0.4 * f64::from(i);
                let label = if i % 8 == 0 {
                    p.offset(i64::from(i)).to_string()
                } else {
                    String::new()
                };
                ScatterPoint::new(x, 2.0 + 1.5 * x + 6.0 * e[i as usize], label)
            })
            .collect(),
        ..Default::default()
    }
}

#[test]
fn scatter_points_line_and_band() {
    let c = scatter_chart();
    let f = c.fit().unwrap().unwrap();
    // The band is narrowest near the mean of x and contains the line.
    let widths: Vec<f64> = f.band.iter().map(|b| b.3 - b.1).collect();
    let imin = widths
        .iter()
        .enumerate()
        .min_by(|a, b| a.1.total_cmp(b.1))
        .unwrap()
        .0;
    assert!((f.band[imin].0 - 5.6).abs() < 0.2, "{}", f.band[imin].0);
    assert!(f.band.iter().all(|b| b.1 <= b.2 && b.2 <= b.3));
    let svg = c.to_svg().unwrap();
    assert_eq!(svg.matches("<circle").count(), 24);
    assert_eq!(svg.matches("<polygon").count(), 1);
    assert!(svg.contains("\n2019 Q1\n") && svg.contains("\n2021 Q1\n"));
    assert!(svg.contains("\nCPI inflation, %\n"));
    assert!(c.description().contains("slope"));
    let dir = tempfile::tempdir().unwrap();
    let files = render_scatter(&c, &dir.path().join("sc")).unwrap();
    assert_png(&files.png, 960, 540);
    insta::assert_snapshot!("scatter_chart", common::redact_font(&svg));
}

#[test]
fn scatter_band_matches_statsmodels_formula() {
    // Points (0,1), (1,3), (2,2), (3,5): a = 1.1, b = 1.1, s2 = 1.35,
    // mean CI at x0 = 1.5 is fit ± t(0.975, 2) * sqrt(s2 / 4).
    let c = ScatterChart {
        points: vec![
            ScatterPoint::new(0.0, 1.0, ""),
            ScatterPoint::new(1.0, 3.0, ""),
            ScatterPoint::new(2.0, 2.0, ""),
            ScatterPoint::new(3.0, 5.0, ""),
        ],
        ..Default::default()
    };
    let f = c.fit().unwrap().unwrap();
    assert!((f.slope - 1.1).abs() < 1e-12 && (f.intercept - 1.1).abs() < 1e-12);
    let mid = f.band[30];
    assert!((mid.0 - 1.5).abs() < 1e-12);
    let half = 4.302652729749464 * (1.35f64 / 4.0).sqrt();
    assert!((mid.3 - mid.2 - half).abs() < 1e-9, "{mid:?}");
}

#[derive(serde::Deserialize)]
struct BandRef {
    x: Vec<f64>,
    y: Vec<f64>,
    params: Vec<f64>,
    slope_ci: Vec<f64>,
    rsquared: f64,
    grid_index: Vec<usize>,
    x0: Vec<f64>,
    mean: Vec<f64>,
    lower: Vec<f64>,
    upper: Vec<f64>,
}

#[test]
fn scatter_line_and_band_match_statsmodels() {
    let text = std::fs::read_to_string("tests/reference/scatter/band.json").unwrap();
    let r: BandRef = serde_json::from_str(&text).unwrap();
    let c = ScatterChart {
        points: r
            .x
            .iter()
            .zip(&r.y)
            .map(|(x, y)| ScatterPoint::new(*x, *y, ""))
            .collect(),
        ..Default::default()
    };
    let f = c.fit().unwrap().unwrap();
    let close = |a: f64, b: f64, what: &str| {
        assert!(
            (a - b).abs() < 1e-9 * b.abs().max(1.0),
            "{what}: {a} vs {b}"
        );
    };
    close(f.intercept, r.params[0], "intercept");
    close(f.slope, r.params[1], "slope");
    close(f.slope_ci.0, r.slope_ci[0], "slope lower");
    close(f.slope_ci.1, r.slope_ci[1], "slope upper");
    close(f.rsquared, r.rsquared, "rsquared");
    for (k, &i) in r.grid_index.iter().enumerate() {
        let b = f.band[i];
        close(b.0, r.x0[k], "x0");
        close(b.1, r.lower[k], "lower");
        close(b.2, r.mean[k], "mean");
        close(b.3, r.upper[k], "upper");
    }
}

#[test]
fn scatter_all_missing_is_a_no_data_panel() {
    let c = ScatterChart {
        title: "Nothing".into(),
        points: vec![ScatterPoint::new(f64::NAN, 1.0, ""); 3],
        ..Default::default()
    };
    let svg = c.to_svg().unwrap();
    assert!(svg.contains("\nNo data\n"));
    assert!(ScatterChart::default().to_svg().is_err());
}

fn residual_chart() -> ResidualChart {
    let e = noise(60, 11);
    ResidualChart {
        title: "The regression's residuals look like noise".into(),
        subtitle: "OLS of robbery growth, 60 quarters".into(),
        source: "ONS; MPS".into(),
        resid: e.iter().map(|v| 3.0 * v).collect(),
        periods: (0..60)
            .map(|i| Period::quarter(2010, 1).unwrap().offset(i))
            .collect(),
        ..Default::default()
    }
}

#[test]
fn residual_panels() {
    let c = residual_chart();
    let svg = c.to_svg().unwrap();
    for t in [
        "Residuals over time",
        "Histogram and normal density",
        "Autocorrelation of residuals",
        "Normal Q-Q plot",
    ] {
        assert!(svg.contains(&format!("\n{t}\n")), "{t}");
    }
    assert_eq!(svg.matches("<circle").count(), 60);
    assert!(svg.contains("\n2015\n"));
    let q = qq_points(&c.resid);
    assert_eq!(q.len(), 60);
    assert!(q.windows(2).all(|w| w[0].0 < w[1].0 && w[0].1 <= w[1].1));
    let dir = tempfile::tempdir().unwrap();
    let f = render_residuals(&c, &dir.path().join("res")).unwrap();
    assert_png(&f.png, 960, 1080);
    insta::assert_snapshot!("residual_chart", common::redact_font(&svg));
    // Bad and degenerate input.
    let mut d = c.clone();
    d.periods.pop();
    assert!(d.to_svg().is_err());
    assert!(ResidualChart::default().to_svg().is_err());
    let nan = ResidualChart {
        resid: vec![f64::NAN; 4],
        ..Default::default()
    };
    assert!(nan.to_svg().unwrap().contains("\nNo data\n"));
}

fn forest_chart() -> ForestChart {
    ForestChart {
        title: "Robbery grew faster when inflation was higher".into(),
        subtitle:
            "OLS of annual robbery growth, %, London, 2011 Q1 to 2024 Q4, HAC standard errors"
                .into(),
        source: "ONS MM23 (25 March 2026); MPS borough crime (November 2025)".into(),
        coefficients: vec![
            Coefficient::new("const", -4.2, -9.8, 1.4),
            Coefficient::new("cpi_inflation", 3.25, 1.1, 5.4),
            Coefficient::new("real_earnings_growth", -0.8, -2.9, 1.3),
            Coefficient::new("covid", -31.0, -44.5, -17.5),
            Coefficient::new("unemployment", f64::NAN, f64::NAN, f64::NAN),
        ],
        ..Default::default()
    }
}

/// Horizontal interval lines of the forest plot: two-point polylines in
/// the first palette colour at the series width.
fn interval_lines(svg: &str) -> Vec<(f64, f64, f64)> {
    svg.lines()
        .filter(|l| {
            l.starts_with("<polyline")
                && l.contains("stroke=\"#12436D\"")
                && l.contains("stroke-width=\"3\"")
        })
        .filter_map(|l| {
            let pts = l.split("points=\"").nth(1)?.split('"').next()?;
            let xy: Vec<(f64, f64)> = pts
                .split_whitespace()
                .filter_map(|p| {
                    let (x, y) = p.split_once(',')?;
                    Some((x.parse().ok()?, y.parse().ok()?))
                })
                .collect();
            match xy.as_slice() {
                [a, b] if a.1 == b.1 => Some((a.0, b.0, a.1)),
                _ => None,
            }
        })
        .collect()
}

#[test]
fn forest_rows_intervals_and_reference_line() {
    let c = forest_chart();
    let svg = c.to_svg().unwrap();
    assert!(svg.contains(
        "<title id=\"chart-title\">Robbery grew faster when inflation was higher</title>"
    ));
    assert!(svg.contains("<desc id=\"chart-desc\">Coefficient plot of 5 estimates"));
    assert!(svg.contains("cpi_inflation 3.25 (interval 1.1 to 5.4)"));
    for t in [
        "Robbery grew faster when inflation was higher",
        "const",
        "cpi_inflation",
        "real_earnings_growth",
        "covid",
        "unemployment",
        "Estimate and 95% confidence interval",
        "not estimated",
        "3.250 (1.100 to 5.400)",
        "-31.00 (-44.50 to -17.50)",
    ] {
        assert!(svg.contains(&format!("\n{t}\n</text>")), "{t}");
    }
    assert!(svg.contains("HAC standard errors"), "subtitle");
    assert!(svg.contains("ONS MM23 (25 March 2026)"), "source line");
    // One dot and one interval per estimated coefficient, top to bottom in
    // the given order; the interval's ends are in proportion.
    assert_eq!(svg.matches("<circle").count(), 4);
    let rows = interval_lines(&svg);
    assert_eq!(rows.len(), 4, "{rows:?}");
    assert!(rows.windows(2).all(|w| w[0].2 < w[1].2), "{rows:?}");
    let px_per_unit = (rows[1].1 - rows[1].0) / (5.4 - 1.1);
    let covid_w = rows[3].1 - rows[3].0;
    assert!(
        (covid_w - px_per_unit * 27.0).abs() <= 2.0,
        "covid interval {covid_w} px, expected {}",
        px_per_unit * 27.0
    );
    // The dashed reference line at zero: vertical grey dashes where the
    // const interval (-9.8 to 1.4) puts zero.
    let zero_x = rows[0].0 + (rows[0].1 - rows[0].0) * 9.8 / 11.2;
    let dashes: Vec<f64> = svg
        .lines()
        .filter(|l| l.starts_with("<polyline") && l.contains("stroke=\"#707070\""))
        .filter_map(|l| {
            let pts = l.split("points=\"").nth(1)?.split('"').next()?;
            let xs: Vec<f64> = pts
                .split_whitespace()
                .filter_map(|p| p.split_once(',')?.0.parse().ok())
                .collect();
            (xs.len() == 2 && xs[0] == xs[1]).then_some(xs[0])
        })
        .filter(|x| (x - zero_x).abs() <= 2.0)
        .collect();
    assert!(dashes.len() >= 5, "{} dashes at x = {zero_x}", dashes.len());
    // PNG: the requested size (taller than the minimum for many rows).
    let dir = tempfile::tempdir().unwrap();
    let f = render_forest(&c, &dir.path().join("coef")).unwrap();
    assert_png(&f.png, 960, 540);
    let mut many = c.clone();
    many.coefficients = (0..20)
        .map(|i| {
            Coefficient::new(
                format!("x{i}"),
                f64::from(i),
                f64::from(i) - 1.0,
                f64::from(i) + 1.0,
            )
        })
        .collect();
    let f = render_forest(&many, &dir.path().join("many")).unwrap();
    assert_png(&f.png, 960, 170 + 30 * 20);
    insta::assert_snapshot!("forest_chart", common::redact_font(&svg));
}

#[test]
fn forest_bad_input_is_an_error() {
    assert!(ForestChart::default().to_svg().is_err());
    let mut c = forest_chart();
    c.coefficients[1].upper = f64::INFINITY;
    let e = c.to_svg().unwrap_err().to_string();
    assert!(e.contains("cpi_inflation"), "{e}");
    let mut c = forest_chart();
    for k in &mut c.coefficients {
        k.estimate = f64::NAN;
    }
    assert!(c.to_svg().is_err());
}

fn run_chart(dir: &std::path::Path, name: &str, body: &Value) -> Value {
    let path = dir.join(name);
    std::fs::write(&path, body.to_string()).unwrap();
    let out = Command::cargo_bin("colcrime")
        .unwrap()
        .args(["--format", "json", "chart"])
        .arg(&path)
        .arg("--out")
        .arg(dir.join("out"))
        .assert()
        .success();
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

#[test]
fn cli_charts_var_and_ols_results() {
    let dir = tempfile::tempdir().unwrap();
    let c = irf_chart();
    let var =
        json!({"model": "VAR", "names": c.names, "orth_irf": c.irf, "orth_irf_stderr": c.stderr});
    let out = run_chart(dir.path(), "crime_var.json", &var);
    let svg = std::fs::read_to_string(out["charts"][0]["svg"].as_str().unwrap()).unwrap();
    assert!(
        out["charts"][0]["svg"]
            .as_str()
            .unwrap()
            .ends_with("crime_var_irf.svg")
    );
    assert_eq!(svg.matches("<polygon").count(), 9);
    // As a workspace run writes it: "model" is the name, "kind" is "var".
    let ws = json!({"model": "crime_var", "kind": "var", "names": c.names, "orth_irf": c.irf});
    let out = run_chart(dir.path(), "ws_var.json", &ws);
    assert_eq!(out["charts"][0]["name"], "impulse_responses");
    // A VAR without impulse responses is a clear error (exit 2).
    std::fs::write(
        dir.path().join("v2.json"),
        json!({"model": "VAR"}).to_string(),
    )
    .unwrap();
    Command::cargo_bin("colcrime")
        .unwrap()
        .arg("chart")
        .arg(dir.path().join("v2.json"))
        .assert()
        .code(2);
    // OLS: the coefficient plot and the residual diagnostics.
    let r = residual_chart().resid;
    let ols = json!({"param_names": ["const", "x"], "params": [1.0, 0.5], "bse": [0.1, 0.2],
        "resid": r, "fittedvalues": vec![1.0; 60], "nobs": 60, "sample": ["2010 Q1", "2024 Q4"]});
    let out = run_chart(dir.path(), "ols.json", &ols);
    let names: Vec<&str> = out["charts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["coefficients", "residuals"]);
    // Dated from `sample` (60 quarters): a calendar axis.
    let svg = std::fs::read_to_string(out["charts"][1]["svg"].as_str().unwrap()).unwrap();
    assert!(svg.contains("60 residuals, 2010 Q1 to 2024 Q4"));
    assert!(svg.contains("\n2015\n"));
    // ETS-like: forecast-less result with residuals only gets the ACF.
    let ets = json!({"resid": r});
    let out = run_chart(dir.path(), "ets.json", &ets);
    assert_eq!(out["charts"][0]["name"], "acf");
}

/// Eight boroughs of wards on a log scale, one ward with no offences.
fn strips() -> StripMultiples {
    let panels = (0..8)
        .map(|i| {
            let level = 10f64.powf(1.5 - 0.25 * f64::from(i));
            let mut v: Vec<f64> = noise(20, 7 + i as u64)
                .into_iter()
                .map(|e| level * (1.2 + 2.0 * e))
                .collect();
            if i == 7 {
                v[0] = 0.0;
            }
            StripPanel::new(format!("Borough {i} and Somewhere Long"), v)
        })
        .collect();
    StripMultiples {
        title: "Borough 0 has the highest median ward".into(),
        subtitle: "Offences per 1,000 residents in each ward, log scale".into(),
        x_label: "Offences per 1,000 residents".into(),
        source: "Synthetic".into(),
        panels,
        member: "ward".into(),
        scale: PanelScale::Log,
        ..Default::default()
    }
}

#[test]
fn strip_multiples_content() {
    let c = strips();
    assert_eq!(c.grid(), (4, 2));
    let svg = c.to_svg().unwrap();
    assert!(
        svg.contains("<title id=\"chart-title\">Borough 0 has the highest median ward</title>")
    );
    // Every ward a dot: 160 filled, the ward with none an open ring at the
    // left edge; the key's dot besides.
    let circles = svg.matches("<circle").count();
    assert_eq!(circles, 160 + 1, "{circles} circles");
    // Every panel named (long names shortened to fit, in full in <desc>)
    // with its median beside it.
    for i in 0..8 {
        assert!(
            svg.contains(&format!("Borough {i} and Somewhere Long:")),
            "desc {i}"
        );
    }
    assert!(
        c.description()
            .contains("1 value at or below zero is drawn as an open ring")
    );
    let medians: Vec<f64> = c.panels.iter().map(StripPanel::median).collect();
    assert!(medians.windows(2).all(|w| w[0] > w[1]), "{medians:?}");
    // Tick labels at the powers of ten under the bottom row only (4 panels).
    for t in ["1", "10"] {
        assert_eq!(
            svg.matches(&format!("\n{t}\n</text>")).count(),
            4,
            "tick {t}"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let f = render_strips(&c, &dir.path().join("strips")).unwrap();
    assert_png(&f.png, 960, 1080);
    insta::assert_snapshot!("strip_multiples", common::redact_font(&svg));
}

#[test]
fn strip_multiples_bad_input_is_an_error() {
    let mut c = strips();
    c.panels[3].values[2] = f64::INFINITY;
    assert!(c.to_svg().is_err());
    let c = StripMultiples {
        panels: vec![StripPanel::new("a", vec![]), StripPanel::new("b", vec![])],
        ..Default::default()
    };
    assert!(c.to_svg().is_err());
    // A panel without values, beside others, says so.
    let mut c = strips();
    c.panels[2].values.clear();
    let svg = c.to_svg().unwrap();
    assert_eq!(svg.matches("\nNo data\n</text>").count(), 1);
}
