//! Negative binomial (NB2, alpha by maximum likelihood, full-Hessian
//! standard errors) on 20,000 rows with a constant, 5 regressors and a
//! log-population offset: the issue-4 target is under 50 ms.

use colcrime::models::glm::{Family, GlmParams};
use criterion::{Criterion, criterion_group, criterion_main};
use ndarray::Array2;

/// A seeded design: counts drawn as Poisson(μ·G) with G ~ Gamma(2, 1/2)
/// (so NB2 with α = 0.5), μ = exp(offset + Xβ).
fn design(n: usize) -> (Array2<f64>, Vec<f64>, Vec<f64>) {
    let mut s: u64 = 2026;
    let mut u = || {
        s = s
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((s >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    };
    let beta = [-8.0, 0.3, -0.2, 0.5, 0.1, -0.4];
    let mut x = Array2::<f64>::ones((n, 6));
    let mut off = vec![0.0; n];
    let mut y = vec![0.0; n];
    for i in 0..n {
        for j in 1..6 {
            x[[i, j]] = u() * 2.0 - 1.0;
        }
        off[i] = (5_000.0 + 20_000.0 * u()).ln();
        let eta: f64 = off[i] + (0..6).map(|j| beta[j] * x[[i, j]]).sum::<f64>();
        // Gamma(2, 1/2) as the mean of two exponentials.
        let g = -(u().ln() + u().ln()) / 2.0;
        let lam = eta.exp() * g;
        // Poisson by inversion (λ is moderate here).
        let (mut k, mut p, target) = (0.0f64, (-lam).exp(), u());
        let mut cdf = p;
        while cdf < target && k < 10_000.0 {
            k += 1.0;
            p *= lam / k;
            cdf += p;
        }
        y[i] = k;
    }
    (x, y, off)
}

fn bench_nb2(c: &mut Criterion) {
    let (x, y, off) = design(20_000);
    let names: Vec<String> = ["const", "x1", "x2", "x3", "x4", "x5"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let p = GlmParams::new(Family::NegBin);
    let r = p.fit_xy(&x, &y, Some(&off), names.clone()).unwrap();
    eprintln!(
        "nb2 20,000 rows: alpha = {:.4}, llf = {:.3}, iterations = {}",
        r.alpha.unwrap_or(f64::NAN),
        r.llf,
        r.iterations
    );
    let mut g = c.benchmark_group("nb2_20000_rows_6_columns_offset");
    g.sample_size(10);
    g.bench_function("fit", |b| {
        b.iter(|| p.fit_xy(&x, &y, Some(&off), names.clone()).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench_nb2);
criterion_main!(benches);
