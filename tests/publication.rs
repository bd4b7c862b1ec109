//! The briefing as it is published, in headless Chromium with only the
//! `fonts-dejavu-core` fonts (what `.ci/run` installs):
//!
//! * the one-page summary prints on exactly one A4 page (Chromium's
//!   `--print-to-pdf`, the pages of the PDF counted);
//! * screenshots of the summary and of one chart match the committed ones
//!   in `tests/screenshots/` within a tolerance: the share of pixels whose
//!   colour differs by more than [`CHANNEL`] in some channel.
//!
//! The rendering is deterministic: the default workspace's shipped data fix
//! every number and date the summary shows (it prints no run date), the
//! window size and device scale are fixed, and nothing on the page
//! animates. After a deliberate change to what the summary or the chart
//! shows, refresh the references with
//!
//! ```sh
//! COLCRIME_UPDATE_SCREENSHOTS=1 cargo test --locked --test publication
//! ```
//!
//! and review the new PNGs before committing them. On a mismatch the test
//! writes what it rendered, and a picture of the differing pixels, into
//! `target/tmp/screenshots/`.
//!
//! Skipped, with a message, when no Chromium is installed;
//! `COLCRIME_CHROMIUM` names another browser binary.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::chromium::{SKIPPED, bare_fonts, browser, chromium};

/// A pixel differs when some channel differs by more than this (of 255):
/// anti-aliasing noise stays under it, a moved or changed glyph does not.
const CHANNEL: u8 = 48;

/// The default workspace, run once for the tests of this file, into the
/// test target's scratch folder.
fn run_dir() -> &'static Path {
    static RUN: OnceLock<PathBuf> = OnceLock::new();
    RUN.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("publication");
        let _ = std::fs::remove_dir_all(&out);
        let ws = Path::new(env!("CARGO_MANIFEST_DIR")).join("notebooks-data/workspace.toml");
        colcrime::workspace::run_workspace_to(&ws, Some(&out.join("out")), &mut |_| {})
            .unwrap()
            .run_dir
    })
}

/// The pages of a PDF: its `/Type /Page` objects (not `/Pages`, the tree
/// above them).
fn pdf_pages(pdf: &[u8]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while let Some(k) = find(&pdf[i..], b"/Type") {
        let mut j = i + k + b"/Type".len();
        while pdf.get(j).is_some_and(u8::is_ascii_whitespace) {
            j += 1;
        }
        if pdf[j..].starts_with(b"/Page")
            && !pdf
                .get(j + b"/Page".len())
                .is_some_and(|c| c.is_ascii_alphanumeric())
        {
            n += 1;
        }
        i = j;
    }
    n
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[test]
fn pdf_pages_counts_page_objects_only() {
    let pdf = b"<< /Type /Pages /Kids [3 0 R 4 0 R] >> << /Type /Page >> <</Type/Page/Parent 2 0 R>> << /Type /PageLabel >>";
    assert_eq!(pdf_pages(pdf), 2);
}

#[test]
fn summary_prints_on_one_a4_page() {
    let Some(chrome) = chromium() else {
        eprintln!("{SKIPPED}");
        return;
    };
    let run = run_dir();
    let dir = tempfile::tempdir().unwrap();
    let fonts = bare_fonts(dir.path());
    for (page, want) in [("summary.html", Some(1)), ("briefing.html", None)] {
        let pdf = dir.path().join(format!("{page}.pdf"));
        let out = browser(
            &chrome,
            &fonts,
            &[
                "--no-pdf-header-footer",
                &format!("--print-to-pdf={}", pdf.display()),
                &format!("file://{}", run.join(page).display()),
            ],
        );
        let bytes = std::fs::read(&pdf).unwrap_or_else(|e| {
            panic!(
                "{page}: no PDF ({e}); stderr: {}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
        let pages = pdf_pages(&bytes);
        match want {
            Some(n) => assert_eq!(pages, n, "{page} prints on {pages} A4 pages"),
            // The annex starts each section on a new page: many pages.
            None => assert!(pages > 5, "{page} prints on {pages} pages"),
        }
    }
}

/// Compares a screenshot with the committed reference `name`, or replaces
/// the reference when `COLCRIME_UPDATE_SCREENSHOTS=1`.
fn compare(shot: &Path, name: &str, tolerance: f64) {
    let reference = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/screenshots")
        .join(format!("{name}.png"));
    if std::env::var("COLCRIME_UPDATE_SCREENSHOTS").is_ok_and(|v| v == "1") {
        std::fs::create_dir_all(reference.parent().unwrap()).unwrap();
        std::fs::copy(shot, &reference).unwrap();
        eprintln!("updated {}", reference.display());
        return;
    }
    let a = image::open(shot).unwrap().to_rgb8();
    let b = image::open(&reference)
        .unwrap_or_else(|e| {
            panic!(
                "{}: {e}; make it with COLCRIME_UPDATE_SCREENSHOTS=1",
                reference.display()
            )
        })
        .to_rgb8();
    assert_eq!(
        a.dimensions(),
        b.dimensions(),
        "{name}: screenshot and reference differ in size"
    );
    let mut diff = image::RgbImage::from_pixel(a.width(), a.height(), image::Rgb([255, 255, 255]));
    let mut differing = 0u64;
    for (x, y, p) in a.enumerate_pixels() {
        let q = b.get_pixel(x, y);
        if p.0.iter().zip(q.0).any(|(u, v)| u.abs_diff(v) > CHANNEL) {
            differing += 1;
            diff.put_pixel(x, y, image::Rgb([220, 0, 0]));
        }
    }
    let share = differing as f64 / f64::from(a.width() * a.height());
    if share > tolerance {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::copy(shot, out.join(format!("{name}.png"))).unwrap();
        diff.save(out.join(format!("{name}.diff.png"))).unwrap();
        panic!(
            "{name}: {:.2}% of pixels differ from {} (tolerance {:.2}%); the rendering and the differing pixels are in {}. If the change is deliberate, refresh the reference with COLCRIME_UPDATE_SCREENSHOTS=1 cargo test --locked --test publication",
            100.0 * share,
            reference.display(),
            100.0 * tolerance,
            out.display()
        );
    }
}

#[test]
fn summary_and_a_chart_look_as_committed() {
    let Some(chrome) = chromium() else {
        eprintln!("{SKIPPED}");
        return;
    };
    let run = run_dir();
    let dir = tempfile::tempdir().unwrap();
    let fonts = bare_fonts(dir.path());
    // The summary as a reader first sees it: the title, the key points
    // and the first chart.
    let shot = dir.path().join("summary.png");
    let out = browser(
        &chrome,
        &fonts,
        &[
            "--window-size=1000,1400",
            &format!("--screenshot={}", shot.display()),
            &format!("file://{}", run.join("summary.html").display()),
        ],
    );
    assert!(
        shot.exists(),
        "no screenshot: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    compare(&shot, "summary", 0.01);
    // One chart's SVG alone in a page of exactly its size.
    let svg = std::fs::read_to_string(run.join("charts/crime_trend.svg")).unwrap();
    let page = dir.path().join("chart.html");
    std::fs::write(
        &page,
        format!("<!DOCTYPE html><html><body style=\"margin:0\">{svg}</body></html>"),
    )
    .unwrap();
    let shot = dir.path().join("chart.png");
    browser(
        &chrome,
        &fonts,
        &[
            "--window-size=960,540",
            &format!("--screenshot={}", shot.display()),
            &format!("file://{}", page.display()),
        ],
    );
    assert!(shot.exists(), "no screenshot of the chart");
    compare(&shot, "crime_trend", 0.005);
}
