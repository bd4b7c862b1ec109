//! Automatic ETS selection (`select_ets`, period 12) on seeded monthly
//! series of length 180 like those of `bench/auto_batch` (issue 16): one
//! with a multiplicative season on a damped trend, one with an additive
//! season on a random-walk level, and one without a season. The
//! side-by-side comparison with R and statsforecast is
//! `bench/auto_batch/compare.py`.

use colcrime::models::ets::select_ets;
use colcrime::stats::rng::{Flavour, Rng};
use criterion::{Criterion, criterion_group, criterion_main};

/// A level that follows a random walk with drift, a seasonal pattern
/// (multiplied or added) and noise; strictly positive.
fn simulate(seed: u64, n: usize, season: f64, mul: bool) -> Vec<f64> {
    let mut r = Rng::new(seed, 0, Flavour::PlusPlusBoxMuller);
    let mut level = 100.0;
    (0..n)
        .map(|t| {
            level += 0.2 + 0.8 * r.normal();
            let s = season * (2.0 * std::f64::consts::PI * (t % 12) as f64 / 12.0).sin();
            let e = 1.5 * r.normal();
            if mul {
                (level + e) * (1.0 + s / 100.0)
            } else {
                level + s + e
            }
        })
        .collect()
}

fn bench_ets(c: &mut Criterion) {
    let series = [
        simulate(20_261_207, 180, 20.0, true),
        simulate(20_261_208, 180, 15.0, false),
        simulate(20_261_209, 180, 0.0, false),
    ];
    let mut g = c.benchmark_group("ets");
    g.sample_size(10);
    for (name, y) in ["mul_season", "add_season", "no_season"]
        .iter()
        .zip(&series)
    {
        g.bench_function(format!("select_m12_{name}"), |b| {
            b.iter(|| select_ets(y, Some(12)).unwrap().best.aicc)
        });
    }
    g.finish();
}

criterion_group!(benches, bench_ets);
criterion_main!(benches);
