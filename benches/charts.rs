//! Every chart of the default briefing (`notebooks-data/workspace.toml`)
//! drawn to PNG and SVG, timed apart from reading the sources and fitting
//! the models (issue 6: under 1 second in total).
//!
//! The workspace is loaded and its models fitted once, in setup; each
//! iteration runs [`colcrime::workspace::charts::render_all`], the chart
//! stage of `colcrime run`, into a fresh temporary folder.

use colcrime::workspace::Loaded;
use colcrime::workspace::charts::render_all;
use colcrime::workspace::models::{self, ModelOutcome};
use criterion::{Criterion, criterion_group, criterion_main};

fn bench_charts(c: &mut Criterion) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let ws = root.join("notebooks-data/workspace.toml");
    let loaded = Loaded::load(&ws, &mut |_| {}).unwrap();
    let outcomes: Vec<ModelOutcome> = loaded
        .spec
        .models
        .iter()
        .map(|(name, m)| models::fit(&loaded, name, m))
        .collect();
    // Check once that every chart draws, so the timing is of real work.
    let out = tempfile::tempdir().unwrap();
    let t0 = std::time::Instant::now();
    let r = render_all(&loaded, &outcomes, out.path());
    let once = t0.elapsed();
    assert!(r.errors.is_empty(), "charts failed: {:?}", r.errors);
    assert_eq!(r.charts.len(), loaded.spec.charts.len());
    // The budget: every chart, PNG and SVG (with its embedded font
    // subset), in under a second.
    eprintln!(
        "all {} charts drawn once (cold): {} ms; budget 1000 ms",
        r.charts.len(),
        once.as_millis()
    );

    let mut g = c.benchmark_group("charts");
    g.sample_size(10);
    g.bench_function("render_default_briefing_png_svg", |b| {
        b.iter(|| {
            let out = tempfile::tempdir().unwrap();
            render_all(&loaded, &outcomes, out.path())
        })
    });
    g.finish();
}

criterion_group!(benches, bench_charts);
criterion_main!(benches);
