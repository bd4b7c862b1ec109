//! A second starting point for the SARIMA likelihood: the Hannan–Rissanen
//! estimates (Hannan & Rissanen 1982, "Recursive estimation of mixed
//! autoregressive-moving average order", Biometrika 69(1)).
//!
//! The ARMA likelihood can have several local optima (typically when AR and
//! MA roots nearly cancel), and BFGS finds the one nearest its start. The
//! default start (partial autocorrelations for the AR part, zero MA) is
//! complemented by a start from two least-squares regressions:
//!
//! 1. a long autoregression `e_t = Σ_{i ≤ m} a_i e_{t-i} + ε_t` whose
//!    residuals `ε̂_t` stand in for the innovations;
//! 2. the regression of `e_t` on `e_{t-i}` (i ≤ p), `e_{t-js}` (j ≤ P),
//!    `ε̂_{t-i}` (i ≤ q) and `ε̂_{t-js}` (j ≤ Q): additive in the
//!    seasonal lags (the multiplicative cross terms are left out), which
//!    is good enough for a starting value.
//!
//! The estimates must be stationary and invertible to be used.

use crate::stats::linalg::lstsq_unpivoted;

/// The long-AR order: enough lags to absorb a seasonal MA, capped at a
/// quarter of the sample.
fn long_ar_order(n: usize, p: usize, q: usize, seasonal: bool, s: usize) -> usize {
    let base = p.max(q) + 3;
    let m = if seasonal {
        base.max(2 * s + p.max(q))
    } else {
        base.max(2 * (p + q))
    };
    m.min(n / 4)
}

/// Least squares of `e_t` on `lags` of `e` (and of `u` for `ulags`), over
/// `t` from `start`; the coefficients in order `lags` then `ulags`.
fn regress(
    e: &[f64],
    u: &[f64],
    lags: &[usize],
    ulags: &[usize],
    start: usize,
) -> Option<Vec<f64>> {
    let k = lags.len() + ulags.len();
    let n = e.len().checked_sub(start)?;
    let mut x = Vec::with_capacity(n * k);
    for t in start..e.len() {
        x.extend(lags.iter().map(|&l| e[t - l]));
        x.extend(ulags.iter().map(|&l| u[t - l]));
    }
    lstsq_unpivoted(&x, &e[start..], n, k).map(|(b, _)| b)
}

/// Hannan–Rissanen starting values `[ar p][ma q][sar P][sma Q]` for the
/// ARMA part of residuals `e` (orders `(p, q, P, Q, s)`), or `None` when
/// there is nothing to estimate, `e` has missing values or is too short.
pub(super) fn second_start(
    e: &[f64],
    (p, q, sp, sq, s): (usize, usize, usize, usize, usize),
) -> Option<Vec<f64>> {
    // Without an MA part or with a single parameter the default start is
    // already the least-squares (Yule-Walker) answer: nothing to gain.
    if q + sq == 0 || p + q + sp + sq < 2 || e.iter().any(|v| !v.is_finite()) {
        return None;
    }
    let n = e.len();
    let seasonal = sp + sq > 0;
    let m = long_ar_order(n, p, q, seasonal, s);
    let maxlag = p.max(q).max((sp.max(sq)) * s);
    if m == 0 || n < 2 * (m + maxlag) + 10 {
        return None;
    }
    let mean = e.iter().sum::<f64>() / n as f64;
    let e: Vec<f64> = e.iter().map(|v| v - mean).collect();
    let lags: Vec<usize> = (1..=m).collect();
    let a = regress(&e, &e, &lags, &[], m)?;
    let mut u = vec![0.0; n];
    for t in m..n {
        u[t] = e[t] - (1..=m).map(|i| a[i - 1] * e[t - i]).sum::<f64>();
    }
    let elags: Vec<usize> = (1..=p).chain((1..=sp).map(|j| j * s)).collect();
    let ulags: Vec<usize> = (1..=q).chain((1..=sq).map(|j| j * s)).collect();
    let b = regress(&e, &u, &elags, &ulags, m + maxlag)?;
    let (ar, sar) = b[..p + sp].split_at(p);
    let (ma, sma) = b[p + sp..].split_at(q);
    let mut out = Vec::with_capacity(b.len());
    out.extend_from_slice(ar);
    out.extend_from_slice(ma);
    out.extend_from_slice(sar);
    out.extend_from_slice(sma);
    out.iter().all(|v| v.is_finite()).then_some(out)
}

/// One conditional-sum-of-squares regression in the manner of
/// statsmodels' `SARIMAX.start_params`: the innovations are approximated by
/// the residuals of a *short* autoregression of order `2 k` on lags
/// `1..=2k` (`k` the largest MA lag), then `e_t` is regressed on its lags
/// `ar` and those residuals' lags `ma` over `t >= max(3k, max ar lag)`. No
/// intercept, as the model has none. `[ar][ma]` coefficients, or `None`
/// when the sample is too short or the regressions are singular.
fn css_part(e: &[f64], ar: &[usize], ma: &[usize]) -> Option<Vec<f64>> {
    let kma = ma.iter().copied().max().unwrap_or(0);
    let kar = ar.iter().copied().max().unwrap_or(0);
    let k = 2 * kma;
    let r = (3 * kma).max(kar);
    let n = e.len();
    if n < r + 2 * (ar.len() + ma.len()) + 10 {
        return None;
    }
    let mut u = vec![0.0; n];
    if k > 0 {
        let lags: Vec<usize> = (1..=k).collect();
        let a = regress(e, e, &lags, &[], k)?;
        for t in k..n {
            u[t] = e[t] - (1..=k).map(|i| a[i - 1] * e[t - i]).sum::<f64>();
        }
    }
    regress(e, &u, ar, ma, r)
}

/// A third starting point, the one statsmodels' `SARIMAX` uses: separate
/// conditional-sum-of-squares regressions for the non-seasonal ARMA part
/// (innovations from an AR(2q)) and for the seasonal part (innovations
/// from an AR(2Qs), lags at multiples of `s`), both on the same residuals
/// `e`. Its short autoregression for the non-seasonal innovations makes it
/// a genuinely different start from [`second_start`] (whose long
/// autoregression absorbs the seasonal structure): when the ARMA(p, q)
/// part nearly cancels, the likelihood has a ridge with an optimum on each
/// side, and the two regressions often start on different sides.
/// `[ar p][ma q][sar P][sma Q]`, or `None` when there is nothing to
/// estimate, `e` has missing values or is too short.
pub(super) fn css_start(
    e: &[f64],
    (p, q, sp, sq, s): (usize, usize, usize, usize, usize),
) -> Option<Vec<f64>> {
    if q + sq == 0 || p + q + sp + sq < 2 || e.iter().any(|v| !v.is_finite()) {
        return None;
    }
    let lags = |k: usize, step: usize| -> Vec<usize> { (1..=k).map(|j| j * step).collect() };
    let ns = if p + q > 0 {
        css_part(e, &lags(p, 1), &lags(q, 1))?
    } else {
        Vec::new()
    };
    let se = if sp + sq > 0 {
        css_part(e, &lags(sp, s), &lags(sq, s))?
    } else {
        Vec::new()
    };
    let mut out = ns;
    out.extend(se);
    out.iter().all(|v| v.is_finite()).then_some(out)
}

/// Whether a second start `x1` (unconstrained coordinates, regression
/// coefficients first) is far enough from the optimum `xopt` reached from
/// the first start to be worth a second optimisation: some partial
/// autocorrelation differs by more than 0.1. A start near the optimum
/// would climb back to it.
pub(super) fn worth_trying(x1: &[f64], xopt: &[f64], kx: usize) -> bool {
    let r = |x: f64| x / (1.0 + x * x).sqrt();
    x1.iter()
        .zip(xopt)
        .skip(kx)
        .any(|(a, b)| (r(*a) - r(*b)).abs() > 0.1)
}

/// The mirror of an optimum `x` (unconstrained coordinates, `kx`
/// regression coefficients first, then `p` AR and `q` MA): each
/// non-seasonal AR and MA partial autocorrelation negated and pushed out to
/// at least 0.5 in absolute value (for `p = q = 1`, `φ` and `θ`
/// themselves), the rest kept.
///
/// An ARMA(p, q) part whose AR and MA factors nearly cancel has a
/// likelihood with a ridge and an optimum on each side (for an ARMA(1, 1),
/// one with `φ > 0 > θ` and one with `φ < 0 < θ`); BFGS climbs to the one
/// on its start's side. A start just across the ridge from a weak optimum
/// (small coefficients) often climbs back over it, hence the push outwards.
pub(super) fn mirror(x: &[f64], kx: usize, p: usize, q: usize) -> Vec<f64> {
    let mut out = x.to_vec();
    for v in &mut out[kx..kx + p + q] {
        let r = *v / (1.0 + *v * *v).sqrt();
        let m = -r.signum() * r.abs().max(0.5);
        *v = m / (1.0 - m * m).sqrt();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An ARMA(1,1) with φ = 0.6, θ = -0.3 from a fixed pseudo-random
    /// sequence: Hannan–Rissanen lands near the true values.
    #[test]
    fn recovers_an_arma11() {
        let mut s = 12345u64;
        let mut norm = || {
            // Sum of 12 uniforms minus 6: approximately N(0, 1).
            (0..12)
                .map(|_| {
                    s = s
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    (s >> 11) as f64 / (1u64 << 53) as f64
                })
                .sum::<f64>()
                - 6.0
        };
        let n = 2000;
        let mut y = vec![0.0; n];
        let mut prev_e = 0.0;
        for t in 0..n {
            let e = norm();
            y[t] = if t > 0 { 0.6 * y[t - 1] } else { 0.0 } + e - 0.3 * prev_e;
            prev_e = e;
        }
        let c = second_start(&y, (1, 1, 0, 0, 0)).unwrap();
        assert!((c[0] - 0.6).abs() < 0.1, "{c:?}");
        assert!((c[1] + 0.3).abs() < 0.1, "{c:?}");
    }

    #[test]
    fn nothing_to_do_without_ma_or_with_gaps() {
        let y: Vec<f64> = (0..100).map(|t| ((t * 7) % 5) as f64).collect();
        assert!(second_start(&y, (2, 0, 0, 0, 0)).is_none());
        let mut g = y.clone();
        g[3] = f64::NAN;
        assert!(second_start(&g, (1, 1, 0, 0, 0)).is_none());
    }

    /// The statsmodels-style start reproduces `SARIMAX.start_params` on the
    /// differenced benchmark series s114 (tests/reference/arima_starts).
    #[test]
    fn css_start_matches_statsmodels() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/reference/arima_starts/s114");
        let csv = std::fs::read_to_string(dir.join("input.csv")).unwrap();
        let y: Vec<f64> = csv
            .lines()
            .skip(1)
            .map(|l| l.split(',').nth(1).unwrap().parse().unwrap())
            .collect();
        let w: Vec<f64> = (13..y.len())
            .map(|t| y[t] - y[t - 1] - y[t - 12] + y[t - 13])
            .collect();
        let exp: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap())
                .unwrap();
        assert_eq!(w.len() as u64, exp["w_len"].as_u64().unwrap());
        let c = css_start(&w, (1, 1, 0, 1, 12)).unwrap();
        let want: Vec<f64> = exp["start_params"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect();
        assert_eq!(c.len(), want.len());
        for (a, b) in c.iter().zip(&want) {
            assert!((a - b).abs() < 1e-9, "{c:?} vs {want:?}");
        }
        // Nothing to estimate without an MA part.
        assert!(css_start(&w, (1, 0, 1, 0, 12)).is_none());
    }

    #[test]
    fn mirror_negates_the_nonseasonal_arma_only() {
        // Partial autocorrelations 0.8 and -0.2 (free coordinates r / √(1 - r²)).
        let free = |r: f64| r / (1.0 - r * r).sqrt();
        let x = [0.5, free(0.8), free(-0.2), -0.9];
        let m = mirror(&x, 1, 1, 1);
        let want = [0.5, free(-0.8), free(0.5), -0.9];
        for (a, b) in m.iter().zip(&want) {
            assert!((a - b).abs() < 1e-12, "{m:?}");
        }
    }

    #[test]
    fn distance_rule() {
        assert!(!worth_trying(&[5.0, 0.1], &[-5.0, 0.15], 1));
        assert!(worth_trying(&[0.0, 0.5], &[0.0, 0.1], 1));
    }
}
