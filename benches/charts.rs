//! Every chart of the default briefing (`notebooks-data/workspace.toml`)
//! drawn to PNG and SVG, timed apart from reading the sources and fitting
//! the models (issue 6: under 1 second in total).
//!
//! The workspace is loaded, its models fitted and its ward hotspots
//! computed once, in setup; each iteration runs
//! [`colcrime::workspace::charts::render_all`], the chart stage of
//! `colcrime run`, and [`colcrime::evidence::charts::render`], the
//! evidence step's charts (concentration curves, the top wards, the
//! borough small multiples of ward rates), into a fresh temporary folder.

use colcrime::evidence::hotspots::{Hotspots, hotspots};
use colcrime::sources::census_ward::read_ward_population;
use colcrime::sources::met_ward::read_ward_file;
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
    let inputs = loaded
        .spec
        .evidence
        .as_ref()
        .unwrap()
        .inputs(&loaded.dir)
        .unwrap();
    let tables: Vec<_> = inputs
        .ward_files
        .iter()
        .map(|p| read_ward_file(p).unwrap())
        .collect();
    let pop = read_ward_population(&inputs.ward_population).unwrap();
    let hs: Hotspots = hotspots(&tables, &pop, &inputs.offences, inputs.top).unwrap();
    // Check once that every chart draws, so the timing is of real work.
    let out = tempfile::tempdir().unwrap();
    let t0 = std::time::Instant::now();
    let r = render_all(&loaded, &outcomes, out.path());
    let ev = colcrime::evidence::charts::render(&hs, out.path()).unwrap();
    let once = t0.elapsed();
    assert!(r.errors.is_empty(), "charts failed: {:?}", r.errors);
    assert_eq!(r.charts.len(), loaded.spec.charts.len());
    assert_eq!(ev.len(), 4, "the evidence charts");
    // The budget: every chart, PNG and SVG (with its embedded font
    // subset), in under a second.
    eprintln!(
        "all {} charts drawn once (cold): {} ms; budget 1000 ms",
        r.charts.len() + ev.len(),
        once.as_millis()
    );

    let mut g = c.benchmark_group("charts");
    g.sample_size(10);
    g.bench_function("render_default_briefing_png_svg", |b| {
        b.iter(|| {
            let out = tempfile::tempdir().unwrap();
            let r = render_all(&loaded, &outcomes, out.path());
            let ev = colcrime::evidence::charts::render(&hs, out.path());
            (r, ev)
        })
    });
    g.finish();
}

criterion_group!(benches, bench_charts);
criterion_main!(benches);
