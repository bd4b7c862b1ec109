//! The workspace's model-check charts (`acf`, `residuals`) and the re-fit
//! revision chart, tested for content: the run writes the charts, the
//! manifest lists them, the briefing places them under "Model checks"
//! with alt text; each SVG carries its title, panel titles and the
//! expected number of spikes; each PNG has its size and is not blank; the
//! SARIMA `resid` matches R's `residuals(arima)` (tests/reference/sarima_resid);
//! the revision chart draws the previous release dashed only where it
//! differs.

mod common;

use std::path::{Path, PathBuf};

use colcrime::charts::{
    Chart, LineSeries, RevisionChart, default_nlags, render_revision, revised_stretches,
};
use colcrime::models::arima::SarimaParams;
use colcrime::series::Period;
use colcrime::workspace::WorkspaceSpec;
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Decodes a PNG and checks its size, that it is not blank and that it
/// has pixels of `colour`.
fn assert_png(path: &Path, w: u32, h: u32, colour: [u8; 3]) -> image::RgbImage {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let img = image::load_from_memory(&bytes).unwrap().to_rgb8();
    assert_eq!(img.dimensions(), (w, h), "{}", path.display());
    let first = *img.get_pixel(0, 0);
    let differing = img.pixels().filter(|p| **p != first).count();
    assert!(differing > 2000, "PNG nearly blank: {differing}");
    assert!(
        img.pixels().any(|p| p.0 == colour),
        "{} has no pixel of {colour:?}",
        path.display()
    );
    img
}

/// The `points` of every `<polyline>` stroked in `colour`.
fn polylines(svg: &str, colour: &str) -> Vec<Vec<(f64, f64)>> {
    svg.split("<polyline")
        .skip(1)
        .filter(|p| p.contains(&format!("stroke=\"{colour}\"")))
        .filter_map(|p| {
            let pts = p.split("points=\"").nth(1)?.split('"').next()?;
            Some(
                pts.split_whitespace()
                    .filter_map(|xy| {
                        let (x, y) = xy.split_once(',')?;
                        Some((x.parse().ok()?, y.parse().ok()?))
                    })
                    .collect(),
            )
        })
        .collect()
}

fn spikes(svg: &str) -> usize {
    svg.lines()
        .filter(|l| l.starts_with("<rect") && l.contains("fill=\"#12436D\""))
        .count()
}

#[test]
fn default_workspace_declares_the_model_checks() {
    let spec = WorkspaceSpec::read(&root().join("notebooks-data/workspace.toml")).unwrap();
    let kind = |n: &str| spec.charts.get(n).map(|c| c.kind.as_str());
    assert_eq!(kind("robbery_ols_residuals"), Some("residuals"));
    assert_eq!(kind("robbery_forecast_acf"), Some("acf"));
    assert_eq!(
        spec.charts["robbery_forecast_acf"].model.as_deref(),
        Some("robbery_forecast")
    );
}

#[test]
fn acf_and_residual_specs_are_checked() {
    let head = "[series.a]\nsource = \"s\"\nselect = \"x\"\n[sources.s]\npath = \"s.csv\"\n\
                [models.m]\nkind = \"ols\"\nfrequency = \"quarterly\"\nformula = \"a ~ 1\"\n";
    let both = format!("{head}[charts.c]\nkind = \"acf\"\nmodel = \"m\"\nvariable = \"a\"\n");
    let e = WorkspaceSpec::from_toml_str("w.toml", &both).unwrap_err();
    assert!(e.to_string().contains("either model"), "{e}");
    let neither = format!("{head}[charts.c]\nkind = \"acf\"\n");
    assert!(WorkspaceSpec::from_toml_str("w.toml", &neither).is_err());
    let no_model = format!("{head}[charts.c]\nkind = \"residuals\"\n");
    let e = WorkspaceSpec::from_toml_str("w.toml", &no_model).unwrap_err();
    assert!(e.to_string().contains("needs model"), "{e}");
    let ok = format!("{head}[charts.c]\nkind = \"acf\"\nvariable = \"growth(a, 4)\"\nnlags = 8\n");
    let spec = WorkspaceSpec::from_toml_str("w.toml", &ok).unwrap();
    assert_eq!(spec.charts["c"].nlags, Some(8));
    let unknown = format!("{head}[charts.c]\nkind = \"pie\"\n");
    let e = WorkspaceSpec::from_toml_str("w.toml", &unknown).unwrap_err();
    assert!(e.to_string().contains("acf or residuals"), "{e}");
}

/// The default workspace with absolute source paths and two more checks:
/// the ACF of a transformed series and the residual panel of a SARIMA.
fn extended_workspace(dir: &Path) -> PathBuf {
    let data = root().join("notebooks-data");
    let mut text = std::fs::read_to_string(data.join("workspace.toml")).unwrap();
    for folder in [
        "met_police_borough/",
        "ons_mm23/",
        "london_econ/",
        "ons_vintage_json_policyengine/",
    ] {
        text = text.replace(
            &format!("\"{folder}"),
            &format!("\"{}/{folder}", data.display()),
        );
    }
    text.push_str(
        r#"
[charts.robbery_growth_acf]
kind = "acf"
variable = "growth(london_robbery_q, 4)"
start = "2010 Q1"
nlags = 12
title = "Annual robbery growth is persistent"

[charts.cpi_forecast_residuals]
kind = "residuals"
model = "cpi_forecast"
title = "CPI forecast errors"
"#,
    );
    let p = dir.join("workspace.toml");
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn run_draws_the_model_checks_and_the_briefing_places_them() {
    let dir = tempfile::tempdir().unwrap();
    let ws = extended_workspace(dir.path());
    let report = colcrime::workspace::run_workspace(&ws, &mut |_| {}).unwrap();
    let run = &report.run_dir;
    let names = [
        "robbery_ols_residuals",
        "robbery_forecast_acf",
        "robbery_growth_acf",
        "cpi_forecast_residuals",
    ];
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(run.join("manifest.json")).unwrap()).unwrap();
    let listed: Vec<&str> = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    for n in names {
        for ext in ["png", "svg"] {
            let rel = format!("charts/{n}.{ext}");
            assert!(run.join(&rel).is_file(), "{rel} missing");
            assert!(report.files.contains(&rel), "{rel} not reported");
            assert!(listed.contains(&rel.as_str()), "{rel} not in the manifest");
        }
    }

    // The SARIMA results carry their residuals: one per differenced
    // observation.
    let result = |m: &str| -> Value {
        serde_json::from_str(
            &std::fs::read_to_string(run.join(format!("results/{m}.json"))).unwrap(),
        )
        .unwrap()
    };
    let rf = result("robbery_forecast");
    let resid = rf["resid"].as_array().unwrap();
    assert_eq!(resid.len() as u64, rf["nobs"].as_u64().unwrap());
    assert!(resid.iter().all(|v| v.as_f64().is_some_and(f64::is_finite)));
    let n_rf = resid.len();
    let cf = result("cpi_forecast");
    assert_eq!(
        cf["resid"].as_array().unwrap().len() as u64,
        cf["nobs"].as_u64().unwrap()
    );

    let svg = |n: &str| std::fs::read_to_string(run.join(format!("charts/{n}.svg"))).unwrap();
    // Residual panel of the OLS: title, desc, the four panels.
    let r = svg("robbery_ols_residuals");
    let spec = WorkspaceSpec::read(&ws).unwrap();
    // The title's {lag1} is filled with the residuals' lag-1 autocorrelation.
    let title = spec.charts["robbery_ols_residuals"].title.clone().unwrap();
    assert!(title.contains("{lag1}"));
    let e: Vec<f64> = result("robbery_ols")["resid"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    let mean = e.iter().sum::<f64>() / e.len() as f64;
    let c0: f64 = e.iter().map(|v| (v - mean).powi(2)).sum();
    let c1: f64 = e.windows(2).map(|w| (w[0] - mean) * (w[1] - mean)).sum();
    let filled = title
        .replace("{lag1}", &format!("{:.2}", c1 / c0))
        .replace('\'', "&apos;");
    assert!(
        r.contains(&format!("<title id=\"chart-title\">{filled}</title>")),
        "title with lag-1 autocorrelation {:.2} not found",
        c1 / c0
    );
    let a_title = spec.charts["robbery_forecast_acf"].title.clone().unwrap();
    let a_svg = svg("robbery_forecast_acf");
    assert!(
        a_title.contains("{outside}") && !a_svg.contains("{outside}") && !a_svg.contains("{nlags}")
    );
    assert!(r.contains("<desc id=\"chart-desc\">Residual diagnostics of "));
    for panel in [
        "Residuals over time",
        "Histogram and normal density",
        "Autocorrelation of residuals",
        "Normal Q-Q plot",
    ] {
        assert!(r.contains(&format!("\n{panel}\n")), "no panel {panel}");
    }
    let ols = result("robbery_ols");
    let n_ols = ols["resid"].as_array().unwrap().len();
    assert!(r.contains(&format!("Residual diagnostics of {n_ols} residuals")));
    // Dated: the sample has no gaps, so the time axis shows years.
    assert!(r.contains("\n2015\n"), "residuals are not dated");
    assert!(r.contains("Metropolitan Police"), "no source line");

    // ACF/PACF of the SARIMA's residuals: one spike per lag in each panel.
    let a = svg("robbery_forecast_acf");
    assert!(a.contains("\nAutocorrelation\n") && a.contains("\nPartial autocorrelation\n"));
    assert_eq!(spikes(&a), 2 * default_nlags(n_rf));
    assert!(a.contains(&format!("Correlogram of {n_rf} observations")));
    // ACF/PACF of a transformed series, 12 lags, labelled by its title.
    let g = svg("robbery_growth_acf");
    assert_eq!(spikes(&g), 24);
    assert!(g.contains("Robbery, London, annual growth"));
    // Residual panel of a SARIMA.
    let c = svg("cpi_forecast_residuals");
    let n_cf = cf["resid"].as_array().unwrap().len();
    assert!(c.contains(&format!("Residual diagnostics of {n_cf} residuals")));

    assert_png(
        &run.join("charts/robbery_ols_residuals.png"),
        960,
        1080,
        [0x12, 0x43, 0x6D],
    );
    assert_png(
        &run.join("charts/robbery_forecast_acf.png"),
        960,
        540,
        [0x12, 0x43, 0x6D],
    );

    // The briefing: a "Model checks" part with each check once, with alt
    // text; the model sections do not repeat them.
    let md = std::fs::read_to_string(run.join("briefing.md")).unwrap();
    let checks = md.find("# Model checks").expect("no Model checks part");
    for n in names {
        let link = format!("](charts/{n}.png)");
        assert_eq!(
            md.matches(&link).count(),
            1,
            "{n} placed {} times",
            md.matches(&link).count()
        );
        assert!(
            md.find(&link).unwrap() > checks,
            "{n} is not under Model checks"
        );
    }
    assert!(md.contains("![Residual diagnostics of "));
    assert!(md.contains("![Correlogram of "));
    let html = std::fs::read_to_string(run.join("briefing.html")).unwrap();
    assert!(html.contains("Model checks"));
    // Each inline chart is an accessible image: its title and description
    // (ids unique in the page) label it.
    assert!(html.contains("aria-labelledby=\"chart-title-1 chart-desc-1\""));
    assert!(html.contains("\">Correlogram of "));
}

fn reference(case: &str) -> Value {
    common::read_json(&common::reference_dir("sarima_resid").join(format!("{case}.json")))
}

fn input_y(case: &str) -> Vec<f64> {
    let p = root().join(format!("tests/reference/arima/{case}/input.csv"));
    let mut r = csv::Reader::from_path(p).unwrap();
    let h = r.headers().unwrap().clone();
    let col = h.iter().position(|c| c == "y").unwrap();
    r.records()
        .map(|rec| rec.unwrap()[col].parse().unwrap())
        .collect()
}

/// colcrime's SARIMA residuals (`resid`, the `std_resid` of the fit) at
/// R's estimates equal R's `residuals(arima)` on the differenced series.
#[test]
fn sarima_resid_matches_r() {
    for case in ["airline", "london_robbery"] {
        let r = reference(case);
        let o: Vec<usize> = r["order"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap() as usize)
            .collect();
        let s: Vec<usize> = r["seasonal"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap() as usize)
            .collect();
        let fit = SarimaParams::new((o[0], o[1], o[2]))
            .seasonal((s[0], s[1], s[2], s[3]))
            .fixed_params(common::f64s(&r["params"]))
            .fit(&input_y(case), None)
            .unwrap();
        let want = common::f64s(&r["resid"]);
        assert_eq!(fit.std_resid.len(), want.len(), "{case}");
        let scale = want.iter().map(|v| v.abs()).fold(0.0, f64::max);
        for (t, (a, b)) in fit.std_resid.iter().zip(&want).enumerate() {
            common::assert_within(*a, *b, 1e-7 * scale, &format!("{case} t = {t}"));
        }
    }
}

fn quarters(values: &[f64]) -> LineSeries {
    LineSeries::from_start("", Period::quarter(2022, 1).unwrap(), values.to_vec())
}

#[test]
fn revised_stretches_widen_and_merge() {
    let old = quarters(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0]);
    // Values 2 and 4 revised: stretches 1..4 and 3..6 merge into 1..6.
    let new = quarters(&[1.0, 2.0, 3.1, 4.0, 5.1, 6.0, 7.0, 8.0, 9.0, 10.0]);
    assert_eq!(revised_stretches(&old, &new), vec![1..6]);
    // The first and last values revised: clipped at the ends.
    let new = quarters(&[1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.5]);
    assert_eq!(revised_stretches(&old, &new), vec![0..2, 7..9]);
    // A value the new release no longer has is a revision; a missing old
    // value is not.
    let mut gap = old.clone();
    gap.values[4] = f64::NAN;
    let short = quarters(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]);
    assert_eq!(revised_stretches(&gap, &short), vec![7..9]);
    // A CSV round trip is not a revision.
    let new = quarters(&[1.0, 2.0, 3.0 + 1e-13, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0]);
    assert!(revised_stretches(&old, &new).is_empty());
}

fn revision_chart(new_values: &[f64]) -> RevisionChart {
    let old: Vec<f64> = (0..12).map(|i| 100.0 + 3.0 * f64::from(i)).collect();
    RevisionChart {
        title: "CPI: 2 earlier values revised".into(),
        subtitle: "%, previous release against this release".into(),
        y_label: "%".into(),
        source: "ONS, CPI annual rate (D7G7), MM23 (released 2026-04-22)".into(),
        previous: LineSeries {
            label: "Previous release".into(),
            ..quarters(&old)
        },
        new: LineSeries {
            label: "This release".into(),
            ..quarters(new_values)
        },
        ..Default::default()
    }
}

#[test]
fn revision_chart_dashes_only_the_revised_stretch() {
    let mut new: Vec<f64> = (0..13).map(|i| 100.0 + 3.0 * f64::from(i)).collect();
    new[5] += 4.0;
    new[6] += 2.0;
    let c = revision_chart(&new);
    let svg = c.to_svg().unwrap();
    assert!(svg.contains("<title id=\"chart-title\">CPI: 2 earlier values revised</title>"));
    assert!(svg.contains("<desc id=\"chart-desc\">Line chart of a data revision"));
    assert!(
        svg.contains("2 values revised: 2023 Q2 from 115 to 119"),
        "{}",
        c.description()
    );
    assert!(svg.contains("\nPrevious release\n</text>") && svg.contains("\nThis release\n</text>"));
    assert!(svg.contains("\n%\n</text>"), "no y label");
    // The new release: one solid line through all 13 quarters.
    let blue = polylines(&svg, "#12436D");
    let line = blue
        .iter()
        .find(|l| l.len() == 13)
        .expect("no 13-point line");
    // The previous release: dashes only between quarters 4 and 7.
    let dashes = polylines(&svg, "#F46A25");
    assert!(dashes.len() >= 4, "{} dashes", dashes.len());
    let (lo, hi) = (line[4].0, line[7].0);
    for d in &dashes {
        for (x, _) in d {
            assert!(
                *x >= lo - 1.0 && *x <= hi + 1.0,
                "dash at x = {x} outside {lo}..{hi}"
            );
        }
    }
    let xs: Vec<f64> = dashes.iter().flatten().map(|p| p.0).collect();
    let (dmin, dmax) = (
        xs.iter().copied().fold(f64::INFINITY, f64::min),
        xs.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    );
    assert!(
        dmin < lo + 10.0 && dmax > hi - 10.0,
        "dashes cover {dmin}..{dmax}"
    );

    // PNG: the orange of the previous release lies in the revised stretch
    // (and the end-of-release ring and its label, right of it).
    let dir = tempfile::tempdir().unwrap();
    let f = render_revision(&c, &dir.path().join("rev")).unwrap();
    let img = assert_png(&f.png, 960, 540, [0xF4, 0x6A, 0x25]);
    let orange_left = img
        .enumerate_pixels()
        .filter(|(_, _, p)| p.0 == [0xF4, 0x6A, 0x25])
        .map(|(x, _, _)| f64::from(x))
        .fold(f64::INFINITY, f64::min);
    assert!(
        orange_left >= lo - 4.0,
        "orange at x = {orange_left}, stretch starts at {lo}"
    );
    assert!(f.svg.is_file());
    insta::assert_snapshot!("revision_chart", common::redact_font(&svg));
}

#[test]
fn unrevised_extension_draws_no_dashes() {
    let new: Vec<f64> = (0..13).map(|i| 100.0 + 3.0 * f64::from(i)).collect();
    let c = revision_chart(&new);
    let svg = c.to_svg().unwrap();
    assert!(polylines(&svg, "#F46A25").is_empty());
    assert!(svg.contains("No earlier value was revised."));
    // The ring where the previous release ended, and its label.
    assert!(svg.contains("<circle") && svg.contains("fill=\"#F46A25\""));
    assert!(svg.contains("\nPrevious release\n</text>"));
}

#[test]
fn revision_chart_bad_input_is_an_error() {
    let mut c = revision_chart(&[1.0, 2.0]);
    c.new.periods.pop();
    assert!(c.to_svg().is_err());
    let mut c = revision_chart(&[1.0, f64::INFINITY]);
    assert!(c.to_svg().is_err());
    c.previous = LineSeries::default();
    c.new = LineSeries::default();
    assert!(c.to_svg().is_err());
}
