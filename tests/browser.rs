//! The briefing as a reader sees it: the default workspace's
//! `briefing.html` (and `summary.html`) rendered in headless Chromium with
//! only the DejaVu fonts (what a bare Debian machine with Chromium has),
//! checked from the rendered DOM: no raw Markdown, every image loads, no
//! chart text outside its chart, no two chart labels on top of each other.
//! A chart's SVG, rendered by the browser, is also compared with the PNG
//! colcrime rasterised, with a tolerance: the two must agree.
//!
//! Skipped, with a message, when no Chromium is installed (`.ci/run`
//! installs Debian's `chromium`). `COLCRIME_CHROMIUM` names another
//! browser binary.

mod common;

use std::path::Path;

use colcrime::charts::{Chart, LineChart, LineSeries};
use colcrime::series::Period;
use common::chromium::{SKIPPED, bare_fonts, browser, chromium};

/// Measures the page once it has loaded and writes the findings as JSON
/// into a `<pre id="probe">`.
const PROBE: &str = r#"<script>
window.addEventListener('load', () => setTimeout(() => {
  const out = {svgs: 0, overflow: [], collide: [], images: 0, broken: [], raw: [], fonts: []};
  document.fonts.forEach(f => { if (f.status !== 'loaded') out.fonts.push(f.family + ' ' + f.status); });
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.parentElement.closest('code, pre, script, style, svg')) continue;
    const t = n.textContent;
    const m = t.match(/`[^`\n]{1,60}`|(^|[^\w*])\*[A-Za-z][^*\n]{0,60}\*(?![\w*])|\*\*|^#{1,6} |\]\(/m);
    if (m) out.raw.push(m[0]);
  }
  document.querySelectorAll('svg').forEach((svg, k) => {
    out.svgs++;
    const box = svg.getBoundingClientRect();
    const name = (svg.querySelector('title') || {textContent: String(k)}).textContent.slice(0, 30);
    const texts = [...svg.querySelectorAll('text')].map(t => [t, t.getBoundingClientRect()]).filter(([t, b]) => b.width > 0);
    for (const [t, b] of texts) {
      if (b.left < box.left - 1 || b.right > box.right + 1 || b.top < box.top - 1 || b.bottom > box.bottom + 1)
        out.overflow.push(name + ': ' + t.textContent.trim().slice(0, 40));
    }
    for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) {
      const a = texts[i][1], b = texts[j][1];
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (w > 0 && h > 0 && w * h > 0.2 * Math.min(a.width * a.height, b.width * b.height))
        out.collide.push(name + ': ' + texts[i][0].textContent.trim().slice(0, 25) + ' / ' + texts[j][0].textContent.trim().slice(0, 25));
    }
  });
  document.querySelectorAll('img').forEach(img => {
    out.images++;
    if (!img.complete || img.naturalWidth === 0) out.broken.push(img.src.slice(0, 60));
  });
  const pre = document.createElement('pre');
  pre.id = 'probe';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
}, 500));
</script>"#;

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Renders `html` with the probe and returns its findings.
fn probe(chrome: &Path, fonts: &Path, html: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(html).unwrap();
    let probed = html.with_extension("probe.html");
    std::fs::write(&probed, text.replace("</body>", &format!("{PROBE}</body>"))).unwrap();
    let url = format!("file://{}", probed.display());
    let out = browser(
        chrome,
        fonts,
        &["--window-size=1280,2000", "--dump-dom", &url],
    );
    let dom = String::from_utf8_lossy(&out.stdout);
    let start = dom.find("<pre id=\"probe\">").unwrap_or_else(|| {
        panic!(
            "no probe result; stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let body = &dom[start + "<pre id=\"probe\">".len()..];
    let end = body.find("</pre>").unwrap();
    serde_json::from_str(&unescape(&body[..end])).unwrap()
}

fn list(v: &serde_json::Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn briefing_reads_correctly_in_a_browser_with_bare_fonts() {
    let Some(chrome) = chromium() else {
        eprintln!("{SKIPPED}");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let fonts = bare_fonts(dir.path());
    let ws = Path::new(env!("CARGO_MANIFEST_DIR")).join("notebooks-data/workspace.toml");
    let report =
        colcrime::workspace::run_workspace_to(&ws, Some(&dir.path().join("out")), &mut |_| {})
            .unwrap();
    for (page, min_charts) in [("briefing.html", 8), ("summary.html", 1)] {
        let o = probe(&chrome, &fonts, &report.run_dir.join(page));
        let charts = o["svgs"].as_u64().unwrap() + o["images"].as_u64().unwrap();
        assert!(charts >= min_charts, "{page}: {charts} charts");
        for key in ["raw", "broken", "overflow", "collide", "fonts"] {
            let found = list(&o, key);
            assert!(found.is_empty(), "{page}: {key}: {found:?}");
        }
    }
}

/// A fixed chart, so the comparison does not move with the data.
fn fixed_chart() -> LineChart {
    let p0 = Period::quarter(2015, 1).unwrap();
    let wave = |k: f64| -> Vec<f64> {
        (0..40)
            .map(|i| 100.0 + 30.0 * ((i as f64) / 5.0 + k).sin() + i as f64)
            .collect()
    };
    LineChart {
        title: "Robbery rose faster than theft after 2021 in Kensington and Chelsea".into(),
        subtitle: "Offences per 100,000 residents, quarterly, index 2015 Q1 = 100".into(),
        y_label: "Index".into(),
        source: "Metropolitan Police, MPS Borough Level Crime (London Datastore); GLA population"
            .into(),
        series: vec![
            LineSeries::from_start("Robbery", p0, wave(0.0)),
            LineSeries::from_start("Theft from the person", p0, wave(1.5)),
        ],
        ..Default::default()
    }
}

#[test]
fn browser_draws_the_svg_as_the_png_shows_it() {
    let Some(chrome) = chromium() else {
        eprintln!("{SKIPPED}");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let fonts = bare_fonts(dir.path());
    let files = fixed_chart().render(&dir.path().join("fixed")).unwrap();
    // The SVG alone in a page of exactly its size.
    let page = dir.path().join("fixed.html");
    let svg = std::fs::read_to_string(&files.svg).unwrap();
    std::fs::write(
        &page,
        format!("<!DOCTYPE html><html><body style=\"margin:0\">{svg}</body></html>"),
    )
    .unwrap();
    let shot = dir.path().join("shot.png");
    let out = browser(
        &chrome,
        &fonts,
        &[
            "--window-size=960,540",
            &format!("--screenshot={}", shot.display()),
            &format!("file://{}", page.display()),
        ],
    );
    assert!(
        shot.exists(),
        "no screenshot: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let a = image::open(&shot).unwrap().to_rgb8();
    let b = image::open(&files.png).unwrap().to_rgb8();
    assert_eq!(a.dimensions(), b.dimensions());
    // Compare ink: a pixel is ink when darker than light grey. Anti-aliasing
    // differs between the two rasterisers, so compare ink within 2 px.
    let ink = |img: &image::RgbImage, x: u32, y: u32| {
        let p = img.get_pixel(x, y);
        (u32::from(p[0]) + u32::from(p[1]) + u32::from(p[2])) < 3 * 150
    };
    let near = |img: &image::RgbImage, x: u32, y: u32| {
        let (w, h) = img.dimensions();
        (x.saturating_sub(2)..(x + 3).min(w))
            .any(|xx| (y.saturating_sub(2)..(y + 3).min(h)).any(|yy| ink(img, xx, yy)))
    };
    let (w, h) = a.dimensions();
    let (mut ink_a, mut missing) = (0u32, 0u32);
    for y in 0..h {
        for x in 0..w {
            if ink(&a, x, y) {
                ink_a += 1;
                if !near(&b, x, y) {
                    missing += 1;
                }
            }
        }
    }
    let share = f64::from(missing) / f64::from(ink_a.max(1));
    assert!(ink_a > 2000, "the browser drew little: {ink_a} ink pixels");
    assert!(
        share < 0.02,
        "{missing} of {ink_a} ink pixels of the browser's rendering are not in the PNG ({:.1}%)",
        100.0 * share
    );
}
