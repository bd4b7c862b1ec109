//! Content tests of the briefing charts: the SVG carries the text, the
//! expected number of series lines and band polygons, the PNG decodes at
//! the requested size and is not blank, bad input is an error (never a
//! panic), and an insta snapshot pins each chart's SVG.

mod common;

use colcrime::charts::{
    Bar, BarChart, Chart, FanChart, LineChart, LineSeries, PanelScale, SmallMultiples, render_bar,
    render_fan, render_line, render_small_multiples, style,
};
use colcrime::error::ErrorKind;
use colcrime::forecast::Forecast;
use colcrime::series::Period;

const BLUE: &str = "#12436D";
const TURQUOISE: &str = "#28A197";
const PINK: &str = "#801650";

fn q(y: i32, n: u32) -> Period {
    Period::quarter(y, n).unwrap()
}

/// Polylines drawn in `colour` with stroke width `width`.
fn lines_of(svg: &str, colour: &str, width: u32) -> usize {
    svg.lines()
        .filter(|l| {
            l.starts_with("<polyline")
                && l.contains(&format!("stroke=\"{colour}\""))
                && l.contains(&format!("stroke-width=\"{width}\""))
        })
        .count()
}

fn line_chart() -> LineChart {
    let p = q(2020, 1);
    LineChart {
        title: "Robbery fell while prices rose".into(),
        subtitle: "Index, 2020 Q1 = 100, London, 2020 Q1 to 2022 Q4".into(),
        x_label: "Quarter".into(),
        y_label: "Index".into(),
        source: "ONS MM23 (25 March 2026); MPS borough crime (November 2025)".into(),
        series: vec![
            LineSeries::from_start(
                "Prices",
                p,
                (0..12).map(|i| 100.0 + 2.0 * f64::from(i)).collect(),
            ),
            LineSeries::from_start(
                "Robbery",
                p,
                vec![
                    100.0,
                    90.0,
                    80.0,
                    f64::NAN,
                    f64::NAN,
                    85.0,
                    88.0,
                    90.0,
                    92.0,
                    91.0,
                    95.0,
                    97.0,
                ],
            ),
        ],
        ..Default::default()
    }
}

fn fan_chart() -> FanChart {
    let p = q(2020, 1);
    let hist: Vec<f64> = (0..12).map(|i| 2.0 + 0.3 * f64::from(i)).collect();
    let fp: Vec<Period> = (12..20).map(|i| p.offset(i)).collect();
    let se: Vec<f64> = (1..=8).map(|h| 0.4 * f64::from(h).sqrt()).collect();
    let f = Forecast::gaussian(fp.clone(), vec![5.3; 8], se, &[80.0, 95.0]).unwrap();
    FanChart {
        title: "Inflation is expected to stay above target".into(),
        subtitle: "CPI annual rate, %, UK, 2020 Q1 to 2024 Q4".into(),
        y_label: "Per cent".into(),
        source: "ONS MM23 (25 March 2026)".into(),
        history: LineSeries::from_start("CPI", p, hist),
        forecast: f,
        scenarios: vec![LineSeries::new(
            "Energy shock",
            fp,
            (1..=8).map(|h| 5.3 + 0.2 * f64::from(h)).collect(),
        )],
        ..Default::default()
    }
}

fn multiples() -> SmallMultiples {
    let p = Period::month(2020, 1).unwrap();
    let panels = (0..33)
        .map(|i| {
            let vals = if i == 5 {
                vec![f64::NAN; 24]
            } else {
                (0..24).map(|t| f64::from(i) + f64::from(t) * 0.5).collect()
            };
            LineSeries::from_start(format!("Borough {i}"), p, vals)
        })
        .collect();
    SmallMultiples {
        title: "Robbery rose in most boroughs".into(),
        subtitle: "Offences per month, January 2020 to December 2021".into(),
        y_label: "Offences".into(),
        source: "MPS borough crime (November 2025)".into(),
        panels,
        reference: Some(LineSeries::from_start("London average", p, vec![10.0; 24])),
        ..Default::default()
    }
}

fn bar_chart() -> BarChart {
    BarChart {
        title: "Robbery rose most in Lambeth".into(),
        subtitle: "Change in robbery offences, 2019 to 2025, %".into(),
        x_label: "Change, %".into(),
        source: "MPS borough crime (November 2025)".into(),
        bars: vec![
            Bar::new("Camden", -20.0),
            Bar::new("Lambeth", 34.0).highlighted(),
            Bar::new("Bromley", 29.0),
            Bar::new("Sutton", f64::NAN),
        ],
        ..Default::default()
    }
}

fn assert_accessible(svg: &str, title: &str) {
    assert!(
        svg.contains(&format!("<title id=\"chart-title\">{title}</title>")),
        "no <title>"
    );
    assert!(svg.contains("<desc id=\"chart-desc\">"), "no <desc>");
    assert!(svg.contains("role=\"img\""));
    assert!(
        svg.contains(&format!("\n{title}\n</text>")),
        "title text missing"
    );
}

/// Decodes a PNG and checks its size and that it is not one colour.
fn assert_png(path: &std::path::Path, w: u32, h: u32) {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let img = image::load_from_memory(&bytes).unwrap().to_rgb8();
    assert_eq!(img.dimensions(), (w, h));
    let first = *img.get_pixel(0, 0);
    let differing = img.pixels().filter(|p| **p != first).count();
    // Charts are mostly white, but text and lines cover thousands of pixels.
    assert!(
        differing > 2000,
        "PNG nearly blank: {differing} non-background pixels"
    );
    // The palette's dark blue is present (the first series).
    assert!(img.pixels().any(|p| p.0 == [0x12, 0x43, 0x6D]));
}

#[test]
fn line_chart_content() {
    let c = line_chart();
    let svg = c.to_svg().unwrap();
    assert_accessible(&svg, "Robbery fell while prices rose");
    for t in [
        "Index, 2020 Q1 = 100",
        "\nIndex\n</text>",
        "\nQuarter\n</text>",
        "\nPrices\n</text>",
        "\nRobbery\n</text>",
        "Source: ONS MM23",
    ] {
        assert!(svg.contains(t), "missing {t}");
    }
    // One unbroken line for Prices, and Robbery broken by the missing
    // quarters into two lines: NaN is a gap, never a zero.
    assert_eq!(lines_of(&svg, BLUE, style::LINE_WIDTH), 1);
    assert_eq!(lines_of(&svg, TURQUOISE, style::LINE_WIDTH), 2);
    // Horizontal gridlines only: every grid polyline is horizontal.
    for l in svg.lines().filter(|l| l.contains("stroke=\"#D9D9D9\"")) {
        let pts: Vec<&str> = l
            .split("points=\"")
            .nth(1)
            .unwrap()
            .split(' ')
            .filter(|s| s.contains(','))
            .collect();
        let ys: Vec<&str> = pts.iter().map(|p| p.split(',').nth(1).unwrap()).collect();
        assert!(
            ys.windows(2).all(|w| w[0] == w[1]),
            "vertical gridline: {l}"
        );
    }
    insta::assert_snapshot!("line_chart", common::redact_font(&svg));
}

#[test]
fn line_chart_indexed_and_single_point() {
    let mut c = line_chart();
    c.index_base = Some(q(2020, 2));
    let p = c.plotted().unwrap();
    assert!((p[1].values[1] - 100.0).abs() < 1e-12);
    assert!((p[0].values[0] - 100.0 / 102.0 * 100.0).abs() < 1e-12);
    let svg = c.to_svg().unwrap();
    assert!(svg.contains("Index (base = 100)") || svg.contains("\nIndex\n</text>"));
    // Base period missing in a series: a clear error.
    c.index_base = Some(q(2020, 4));
    let e = c.to_svg().unwrap_err();
    assert!(
        e.to_string()
            .contains("cannot index series \"Robbery\" to 2020 Q4"),
        "{e}"
    );
    // One point: drawn as a dot, no panic.
    let one = LineChart {
        title: "One".into(),
        series: vec![LineSeries::from_start("x", q(2024, 1), vec![3.0])],
        ..Default::default()
    };
    let svg = one.to_svg().unwrap();
    assert!(svg.contains("<circle"));
}

#[test]
fn fan_chart_content() {
    let c = fan_chart();
    let svg = c.to_svg().unwrap();
    assert_accessible(&svg, "Inflation is expected to stay above target");
    for t in [
        "\n80% interval\n</text>",
        "\n95% interval\n</text>",
        "\nForecast\n</text>",
        "\nCPI\n</text>",
        "\nEnergy shock\n</text>",
        "\nPer cent\n</text>",
    ] {
        assert!(svg.contains(t), "missing {t}");
    }
    // Two band polygons, 95% (paler) drawn before 80%.
    let polys: Vec<&str> = svg.lines().filter(|l| l.starts_with("<polygon")).collect();
    assert_eq!(polys.len(), 2);
    let pale = style::PALETTE[0].tint(0.78).hex();
    let mid = style::PALETTE[0].tint(0.55).hex();
    assert!(polys[0].contains(&pale) && polys[1].contains(&mid));
    // Each polygon: the anchor (last observation) + 8 upper + anchor + 8 lower.
    let n_pts = polys[0]
        .split("points=\"")
        .nth(1)
        .unwrap()
        .split(' ')
        .filter(|s| s.contains(','))
        .count();
    assert_eq!(n_pts, 18);
    // History is one solid line; the scenario is a thin dark-pink line.
    assert_eq!(lines_of(&svg, BLUE, style::LINE_WIDTH).min(1), 1);
    assert_eq!(lines_of(&svg, PINK, 2), 1);
    assert!(c.description().contains("95% interval"));
    insta::assert_snapshot!("fan_chart", common::redact_font(&svg));
}

#[test]
fn fan_chart_bad_input() {
    // Infinite point forecast: a domain error naming the period.
    let mut c = fan_chart();
    c.forecast.point[3] = f64::INFINITY;
    let e = c.to_svg().unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Domain { .. }));
    assert!(e.to_string().contains("2023 Q4"), "{e}");
    assert_eq!(e.exit_code(), 2);
    // Infinite band.
    let mut c = fan_chart();
    c.forecast.bands[1].upper[7] = f64::INFINITY;
    assert!(c.to_svg().unwrap_err().to_string().contains("95% interval"));
    // A NaN bound splits the band into two polygons.
    let mut c = fan_chart();
    c.forecast.bands[0].lower[4] = f64::NAN;
    let svg = c.to_svg().unwrap();
    assert_eq!(svg.matches("<polygon").count(), 3);
    // One-point history still draws.
    let mut c = fan_chart();
    c.history = LineSeries::from_start("CPI", q(2022, 4), vec![5.0]);
    assert!(c.to_svg().is_ok());
    // Nothing at all.
    assert!(matches!(
        FanChart::default().to_svg().unwrap_err().kind(),
        ErrorKind::NotEnoughData { .. }
    ));
}

#[test]
fn small_multiples_content() {
    let c = multiples();
    assert_eq!(c.grid(), (6, 6));
    let svg = c.to_svg().unwrap();
    assert_accessible(&svg, "Robbery rose in most boroughs");
    for i in 0..33 {
        assert!(
            svg.contains(&format!("\nBorough {i}\n</text>")),
            "panel {i}"
        );
    }
    // 32 panels with data, one "No data"; the reference line in all 33,
    // with a key naming it (the panels' own lines are labelled directly).
    assert_eq!(lines_of(&svg, BLUE, style::PANEL_LINE_WIDTH), 32);
    assert_eq!(svg.matches("\nNo data\n</text>").count(), 1);
    assert_eq!(lines_of(&svg, "#A0A0A0", 1), 33);
    assert!(svg.contains("\nGrey line: London average\n</text>"));
    insta::assert_snapshot!("small_multiples", common::redact_font(&svg));
}

/// The text of every `<text>` element, trimmed.
fn texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| {
            let body = t.split_once('>')?.1;
            Some(body.split("</text>").next()?.trim().to_string())
        })
        .collect()
}

#[test]
fn small_multiples_free_scales_fit_names_and_thin_ticks() {
    let p = Period::quarter(2015, 1).unwrap();
    let mut panels: Vec<LineSeries> = (0..8)
        .map(|i| {
            let level = if i == 0 {
                2000.0
            } else {
                100.0 + 10.0 * f64::from(i)
            };
            LineSeries::from_start(
                format!("Borough {i}"),
                p,
                (0..44).map(|t| level + f64::from(t)).collect(),
            )
        })
        .collect();
    panels[1].label = "Kensington and Chelsea and a very long name indeed".into();
    assert_eq!(PanelScale::choose(&panels), PanelScale::Free);
    let c = SmallMultiples {
        title: "Borough 0 is far above the rest".into(),
        panels,
        y_scale: PanelScale::Free,
        cols: 4,
        ..Default::default()
    };
    let svg = c.to_svg().unwrap();
    let t = texts(&svg);
    // Each panel labels its own y axis: the small boroughs' scales stop
    // well below Borough 0's 2,000.
    assert!(t.iter().any(|x| x == "2,000"));
    assert!(t.iter().any(|x| x == "150" || x == "200"));
    // The long name is cut to fit, with the full name in the description.
    assert!(t.iter().any(|x| x.ends_with('…')), "{t:?}");
    assert!(
        svg.contains("<desc id=\"chart-desc\">")
            && svg.contains("Kensington and Chelsea and a very long name indeed")
    );
    // The time ticks under neighbouring panels never run together.
    assert!(
        !t.iter()
            .any(|x| x.len() > 4 && x.chars().all(|c| c.is_ascii_digit()))
    );
    // Shared scale: only the first column is labelled.
    let shared = SmallMultiples {
        y_scale: PanelScale::Shared,
        ..c.clone()
    };
    let t2 = texts(&shared.to_svg().unwrap());
    assert!(t2.iter().filter(|x| x.as_str() == "2,000").count() <= 2);
}

#[test]
fn bar_chart_content() {
    let c = bar_chart();
    let svg = c.to_svg().unwrap();
    assert_accessible(&svg, "Robbery rose most in Lambeth");
    // Ranked: Lambeth, Bromley, Camden, then the missing Sutton.
    let pos = |s: &str| svg.find(&format!("\n{s}\n</text>")).unwrap();
    assert!(
        pos("Lambeth") < pos("Bromley")
            && pos("Bromley") < pos("Camden")
            && pos("Camden") < pos("Sutton")
    );
    assert!(svg.contains("\nno data\n</text>"));
    assert!(svg.contains("\n34.0\n</text>") && svg.contains("\n-20.0\n</text>"));
    // Three bars; the highlighted one in orange.
    let rects: Vec<&str> = svg
        .lines()
        .filter(|l| l.starts_with("<rect") && !l.contains("#FFFFFF"))
        .collect();
    assert_eq!(rects.len(), 3);
    assert_eq!(rects.iter().filter(|r| r.contains("#F46A25")).count(), 1);
    insta::assert_snapshot!("bar_chart", common::redact_font(&svg));
}

#[test]
fn files_png_and_svg() {
    let dir = tempfile::tempdir().unwrap();
    let f = render_line(&line_chart(), &dir.path().join("line.v1")).unwrap();
    assert!(f.png.ends_with("line.v1.png") && f.svg.ends_with("line.v1.svg"));
    assert_png(&f.png, 960, 540);
    let f = render_fan(&fan_chart(), &dir.path().join("fan")).unwrap();
    assert_png(&f.png, 960, 540);
    let f = render_small_multiples(&multiples(), &dir.path().join("sub/multiples")).unwrap();
    assert_png(&f.png, 960, 1080);
    let f = render_bar(&bar_chart(), &dir.path().join("bar")).unwrap();
    assert_png(&f.png, 960, 540);
    let svg = std::fs::read_to_string(&f.svg).unwrap();
    assert!(svg.starts_with("<svg width=\"960\" height=\"540\""));
    // Atomic writes leave no temporary files behind.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.starts_with(".colcrime-chart")),
        "{names:?}"
    );
}

#[test]
fn bad_input_is_an_error() {
    let empty = LineChart {
        title: "x".into(),
        ..Default::default()
    };
    assert!(matches!(
        empty.to_svg().unwrap_err().kind(),
        ErrorKind::NotEnoughData { .. }
    ));
    let all_nan = LineChart {
        series: vec![LineSeries::from_start("x", q(2020, 1), vec![f64::NAN; 4])],
        ..Default::default()
    };
    let e = all_nan.to_svg().unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::NotEnoughData { .. }));
    assert_eq!(e.exit_code(), 2);
    let mismatched = LineChart {
        series: vec![LineSeries::new("x", vec![q(2020, 1)], vec![1.0, 2.0])],
        ..Default::default()
    };
    assert!(
        mismatched
            .to_svg()
            .unwrap_err()
            .to_string()
            .contains("1 periods but 2 values")
    );
    assert!(SmallMultiples::default().to_svg().is_err());
    let nan_panels = SmallMultiples {
        panels: vec![LineSeries::from_start("a", q(2020, 1), vec![f64::NAN])],
        ..Default::default()
    };
    assert!(nan_panels.to_svg().is_err());
    assert!(BarChart::default().to_svg().is_err());
    let inf = BarChart {
        bars: vec![Bar::new("a", f64::INFINITY)],
        ..Default::default()
    };
    assert!(matches!(
        inf.to_svg().unwrap_err().kind(),
        ErrorKind::Domain { .. }
    ));
    // Nothing is written when the data are bad.
    let dir = tempfile::tempdir().unwrap();
    assert!(render_line(&empty, &dir.path().join("x")).is_err());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}
