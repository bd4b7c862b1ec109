//! OLS with a constant and 5 regressors on 1,000,000 rows, with standard
//! errors (the issue-4 benchmark; statsmodels takes about 0.25 s on this
//! machine for `OLS(y, X).fit()` plus `bse`, see bench/ols_vs_statsmodels.py).

use colcrime::models::ols::{CovType, OlsParams};
use criterion::{Criterion, criterion_group, criterion_main};
use ndarray::Array2;

fn design(n: usize) -> (Array2<f64>, Vec<f64>) {
    // A seeded linear congruential generator: no extra dependency.
    let mut s: u64 = 42;
    let mut u = || {
        s = s
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (s >> 11) as f64 / (1u64 << 53) as f64 - 0.5
    };
    let mut x = Array2::<f64>::ones((n, 6));
    let mut y = vec![0.0; n];
    for i in 0..n {
        for j in 1..6 {
            x[[i, j]] = u();
        }
        y[i] = 1.0 + 0.5 * x[[i, 1]] - 0.25 * x[[i, 2]] + 2.0 * x[[i, 3]] + 1.5 * x[[i, 5]] + u();
    }
    (x, y)
}

fn bench_ols(c: &mut Criterion) {
    let (x, y) = design(1_000_000);
    let names: Vec<String> = ["const", "x1", "x2", "x3", "x4", "x5"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let mut g = c.benchmark_group("ols_1e6_rows_6_columns");
    g.sample_size(10);
    g.bench_function("nonrobust", |b| {
        b.iter(|| OlsParams::new().fit_xy(&x, &y, names.clone()).unwrap())
    });
    g.bench_function("HC1", |b| {
        b.iter(|| {
            OlsParams::new()
                .cov_type(CovType::HC1)
                .fit_xy(&x, &y, names.clone())
                .unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, bench_ols);
criterion_main!(benches);
