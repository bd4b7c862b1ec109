//! `colcrime run` on the default workspace (target: under 3 s after the build).

use criterion::{Criterion, criterion_group, criterion_main};

fn bench_run(c: &mut Criterion) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let ws = root.join("notebooks-data/workspace.toml");
    let mut g = c.benchmark_group("workspace");
    g.sample_size(10);
    g.bench_function("run_default_workspace", |b| {
        b.iter(|| {
            let out = tempfile::tempdir().unwrap();
            colcrime::workspace::run_workspace_to(&ws, Some(out.path()), &mut |_| {}).unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, bench_run);
criterion_main!(benches);
