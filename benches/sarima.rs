//! SARIMA(1,1,1)(0,1,1)12 by exact ML on a few simulated monthly series of
//! length 180 (the model of `bench/sarima_batch`, issue 5), and one
//! automatic order search.

use colcrime::models::arima::SarimaParams;
use colcrime::models::arima::auto::AutoArimaParams;
use criterion::{Criterion, criterion_group, criterion_main};

/// SplitMix64 + Box-Muller: a seeded standard normal stream.
struct Normal(u64);

impl Normal {
    fn uniform(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        ((z >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }
    fn next(&mut self) -> f64 {
        let (u, v) = (self.uniform(), self.uniform());
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }
}

/// (1 - 0.6B)(1 - B)(1 - B^12) y = (1 - 0.4B)(1 - 0.5B^12) e.
fn simulate(seed: u64, n: usize) -> Vec<f64> {
    let (phi, th, sth, s, burn) = (0.6, -0.4, -0.5, 12, 60);
    let mut g = Normal(seed);
    let m = n + burn;
    let e: Vec<f64> = (0..m + s + 1).map(|_| g.next()).collect();
    let mut w = vec![0.0; m];
    for t in 0..m {
        let ma = e[t + s + 1] + th * e[t + s] + sth * e[t + 1] + th * sth * e[t];
        w[t] = if t > 0 { phi * w[t - 1] } else { 0.0 } + ma;
    }
    let w = &w[burn..];
    let mut u = vec![0.0; n];
    for t in 0..n {
        u[t] = w[t] + if t >= s { u[t - s] } else { 0.0 };
    }
    let mut y = Vec::with_capacity(n);
    let mut acc = 100.0;
    for v in u {
        acc += v;
        y.push(acc);
    }
    y
}

fn bench_sarima(c: &mut Criterion) {
    let series: Vec<Vec<f64>> = (0..4).map(|i| simulate(20240501 + i, 180)).collect();
    let spec = SarimaParams::new((1, 1, 1)).seasonal((0, 1, 1, 12));
    let mut g = c.benchmark_group("sarima");
    g.sample_size(20);
    g.bench_function("fit_111_011_12_x4", |b| {
        b.iter(|| {
            series
                .iter()
                .map(|y| spec.fit(y, None).unwrap().llf)
                .sum::<f64>()
        })
    });
    g.bench_function("auto_arima_m12", |b| {
        b.iter(|| {
            AutoArimaParams::new(12)
                .fit(&series[0], None)
                .unwrap()
                .fit
                .aicc
        })
    });
    g.finish();
}

criterion_group!(benches, bench_sarima);
criterion_main!(benches);
