//! OLS with a constant and 5 regressors on 1,000,000 rows, with standard
//! errors (the issue-4 benchmark; statsmodels takes about 0.25 s on this
//! machine for `OLS(y, X).fit()` plus `bse`, see bench/ols_vs_statsmodels.py),
//! and what the default `fit ols --format json` adds (issue 16): the
//! diagnostics, the residuals and fitted values written as JSON, and the
//! whole command on a CSV of the same design (bench/ols_vs_statsmodels.py
//! sets it against pandas + statsmodels).

use std::io::Write;
use std::process::{Command, Stdio};

use colcrime::json::write_nums;
use colcrime::models::ols::{CovType, OlsDiagnostics, OlsParams};
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

    let r = OlsParams::new().fit_xy(&x, &y, names.clone()).unwrap();
    let mut g = c.benchmark_group("ols_1e6_rows_default_output");
    g.sample_size(10);
    g.bench_function("diagnostics", |b| {
        b.iter(|| OlsDiagnostics::compute(&x, &y, &r, false).unwrap())
    });
    g.bench_function("resid_and_fitted_json", |b| {
        b.iter(|| {
            let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::sink());
            write_nums(&mut out, &r.resid).unwrap();
            write_nums(&mut out, &r.fittedvalues).unwrap();
            out.flush().unwrap();
        })
    });
    // The command end to end: `colcrime --format json fit ols` with its
    // default options on a CSV of the design (17 significant digits).
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("ols.csv");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&csv).unwrap());
        writeln!(f, "y,x1,x2,x3,x4,x5").unwrap();
        for (i, yi) in y.iter().enumerate() {
            write!(f, "{yi:.17e}").unwrap();
            for j in 1..6 {
                write!(f, ",{:.17e}", x[[i, j]]).unwrap();
            }
            writeln!(f).unwrap();
        }
    }
    g.bench_function("cli_default_json_from_csv", |b| {
        b.iter(|| {
            let status = Command::new(env!("CARGO_BIN_EXE_colcrime"))
                .args(["--format", "json", "fit", "ols", "--data"])
                .arg(&csv)
                .args(["--formula", "y ~ x1 + x2 + x3 + x4 + x5"])
                .stdout(Stdio::null())
                .status()
                .unwrap();
            assert!(status.success());
        })
    });
    g.finish();
}

criterion_group!(benches, bench_ols);
criterion_main!(benches);
