//! Conditional-sum-of-squares (CSS) fits: the approximate likelihood that
//! auto-ARIMA's fast search ranks models by (Box & Jenkins 1976, §7.1;
//! the `method = "CSS"` of R's `arima`, which `auto.arima` uses when
//! `approximation = TRUE`).
//!
//! The differenced series `w_t` less its regression `x_t'β` gives `u_t`;
//! with the expanded AR polynomial `φ(B)` and MA polynomial `θ(B)`, the
//! conditional residuals are
//!
//! ```text
//! e_t = u_t - Σ_k φ_k u_{t-k} - Σ_j θ_j e_{t-j}      (t ≥ c = p + P s)
//! ```
//!
//! with `e_t = 0` before `c`. The fit minimises `½ log(Σ e_t² / ν)` (`ν`
//! residuals) over β and the ARMA coefficients, unconstrained, by BFGS from
//! zero ARMA coefficients and the least-squares β; σ² is `Σ e_t² / ν`.
//! A CSS fit needs one pass of O(n (p + q + P + Q)) per evaluation, no
//! state-space recursion: it is the cheap ranking, the exact likelihood
//! decides (see [`super::search`]).

use ndarray::Array2;

use super::SarimaParams;
use super::likelihood::{diff_poly, differenced_design, expand, regression_start};
use crate::models::optim::{BfgsOptions, minimize_bfgs};

/// A CSS fit.
#[derive(Debug, Clone)]
pub(super) struct CssFit {
    /// Regression coefficients (drift first), then
    /// `[ar p][ma q][sar P][sma Q]`: the layout of
    /// [`SarimaParams::start_params`] without σ².
    pub(super) params: Vec<f64>,
    /// `Σ e_t² / ν`.
    pub(super) sigma2: f64,
    /// Differenced observations `n*`.
    pub(super) nstar: usize,
}

/// Nonzero lags and coefficients of an expanded polynomial.
fn sparse(c: &[f64]) -> Vec<(usize, f64)> {
    c.iter()
        .enumerate()
        .filter(|(_, v)| **v != 0.0)
        .map(|(i, v)| (i + 1, *v))
        .collect()
}

/// The problem's data and buffers.
struct Css<'a> {
    w: &'a [f64],
    xd: &'a [f64],
    kx: usize,
    orders: (usize, usize, usize, usize, usize),
    /// First residual index `p + P s`.
    start: usize,
    u: std::cell::RefCell<(Vec<f64>, Vec<f64>)>,
}

impl Css<'_> {
    /// `(Σ e_t², ν)` at regression coefficients `beta` and ARMA
    /// coefficients `arma` (`[ar][ma][sar][sma]`).
    fn ssq(&self, beta: &[f64], arma: &[f64]) -> (f64, usize) {
        let (p, q, sp, _sq, s) = self.orders;
        let phi = sparse(&expand(&arma[..p], &arma[p + q..p + q + sp], s, -1.0));
        let theta = sparse(&expand(&arma[p..p + q], &arma[p + q + sp..], s, 1.0));
        // `e` carries `lead` zeros in front (e_t is e[lead + t]), so that
        // every MA lag reads inside it.
        let lead = theta.last().map_or(0, |&(j, _)| j);
        let mut guard = self.u.borrow_mut();
        let (u, e) = &mut *guard;
        u.clear();
        let kx = self.kx;
        u.extend(self.w.iter().enumerate().map(|(t, wt)| {
            let row = &self.xd[t * kx..(t + 1) * kx];
            wt - row.iter().zip(beta).map(|(a, b)| a * b).sum::<f64>()
        }));
        e.clear();
        e.resize(lead + u.len(), 0.0);
        let mut ssq = 0.0;
        for t in self.start..u.len() {
            // Two accumulators: the AR and MA sums are independent chains.
            let ar: f64 = phi.iter().map(|&(k, c)| c * u[t - k]).sum();
            let ma: f64 = theta.iter().map(|&(j, c)| c * e[lead + t - j]).sum();
            let v = u[t] - ar - ma;
            e[lead + t] = v;
            ssq += v * v;
        }
        (ssq, u.len() - self.start)
    }
}

/// The CSS fit of `spec`'s orders (its fixed and start values are not
/// used), or `None` when the series or a regressor has a missing value,
/// the regressors are collinear, there are too few residuals, or the
/// optimiser does not converge.
///
/// `gtol` is the BFGS gradient tolerance on the criterion: the search
/// ranks models at its looser 1e-4, with forward differences (an AICc
/// moved by about 1e-6); a final CSS fit would use 1e-6 (the default),
/// with central ones.
pub(super) fn fit_css(
    y: &[f64],
    exog: Option<&Array2<f64>>,
    spec: &SarimaParams,
    gtol: f64,
) -> Option<CssFit> {
    let (p, d, q) = spec.order;
    let (sp, sd, sq, s) = spec.seasonal_order;
    let c = diff_poly(d, sd, s);
    let (w, xd, kx) = differenced_design(y, exog, spec.drift, &c);
    if w.iter().any(|v| !v.is_finite()) {
        return None;
    }
    let start = p + sp * s;
    let narma = p + q + sp + sq;
    if w.len() < start + kx + narma + 2 {
        return None;
    }
    let (b0, s0) = regression_start(&w, &xd, kx)?;
    let css = Css {
        w: &w,
        xd: &xd,
        kx,
        orders: (p, q, sp, sq, s),
        start,
        u: std::cell::RefCell::new((Vec::with_capacity(w.len()), Vec::with_capacity(w.len()))),
    };
    let split = |x: &[f64]| -> Vec<f64> { (0..kx).map(|j| b0[j] + s0[j] * x[j]).collect() };
    let objective = |x: &[f64]| -> f64 {
        let (ssq, nu) = css.ssq(&split(x), &x[kx..]);
        if ssq > 0.0 && ssq.is_finite() {
            0.5 * (ssq / nu as f64).ln()
        } else {
            f64::NAN
        }
    };
    let opts = BfgsOptions {
        gtol,
        forward: gtol >= 1e-4,
        ..BfgsOptions::default()
    };
    let res = minimize_bfgs(objective, &vec![0.0; kx + narma], &opts);
    if !res.converged || !res.fun.is_finite() {
        return None;
    }
    let beta = split(&res.x);
    let (ssq, nu) = css.ssq(&beta, &res.x[kx..]);
    let mut params = beta;
    params.extend_from_slice(&res.x[kx..]);
    Some(CssFit {
        params,
        sigma2: ssq / nu as f64,
        nstar: w.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The full tolerance of a final fit.
    const STRICT: f64 = 1e-6;

    /// `Σ e_t² / ν` of `spec`'s CSS residuals at `params` (the layout of
    /// [`CssFit::params`]).
    fn sigma2_at(y: &[f64], spec: &SarimaParams, params: &[f64]) -> f64 {
        let (p, d, q) = spec.order;
        let (sp, sd, sq, s) = spec.seasonal_order;
        let c = diff_poly(d, sd, s);
        let (w, xd, kx) = differenced_design(y, None, spec.drift, &c);
        let css = Css {
            w: &w,
            xd: &xd,
            kx,
            orders: (p, q, sp, sq, s),
            start: p + sp * s,
            u: std::cell::RefCell::new((Vec::new(), Vec::new())),
        };
        let (ssq, nu) = css.ssq(&params[..kx], &params[kx..]);
        ssq / nu as f64
    }

    fn column(file: &str) -> Vec<f64> {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reference/arima_css");
        std::fs::read_to_string(dir.join(file))
            .unwrap()
            .lines()
            .skip(1)
            .map(|l| l.parse().unwrap())
            .collect()
    }

    /// R's `arima(method = "CSS")` (tests/reference/arima_css): at R's
    /// estimates our CSS criterion is R's σ² to 1e-10 (the same residual
    /// recursion and conditioning), and our optimum is at least as low as
    /// R's (R's `optim` stops at a relative tolerance of 1.5e-8), with
    /// estimates within R's precision.
    #[test]
    fn matches_r_css() {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reference/arima_css");
        let exp: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap())
                .unwrap();
        let air = column("air_log.csv");
        let sim = column("sim_drift.csv");
        let cases = exp["cases"].as_object().unwrap();
        assert_eq!(cases.len(), 5);
        for (name, c) in cases {
            let u = |v: &serde_json::Value, i: usize| v[i].as_u64().unwrap() as usize;
            let (o, so) = (&c["order"], &c["seasonal"]);
            let period = c["period"].as_u64().unwrap() as usize;
            let drift = c["drift"].as_bool().unwrap();
            let spec = SarimaParams::new((u(o, 0), u(o, 1), u(o, 2)))
                .seasonal((
                    u(so, 0),
                    u(so, 1),
                    u(so, 2),
                    if period > 1 { period } else { 0 },
                ))
                .drift(drift);
            let y = if name.starts_with("air") { &air } else { &sim };
            // R puts the drift (an xreg) last; ours comes first.
            let mut r: Vec<f64> = c["coef"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_f64().unwrap())
                .collect();
            if drift {
                r.rotate_right(1);
            }
            let r_s2 = c["sigma2"].as_f64().unwrap();
            let at_r = sigma2_at(y, &spec, &r);
            assert!(
                (at_r - r_s2).abs() < 1e-10 * r_s2,
                "{name}: {at_r} vs R {r_s2}"
            );
            let fit = fit_css(y, None, &spec, STRICT).unwrap();
            assert!(
                fit.sigma2 <= r_s2 * (1.0 + 1e-9),
                "{name}: {} vs R {r_s2}",
                fit.sigma2
            );
            if fit.sigma2 < r_s2 * (1.0 - 1e-6) {
                // A lower optimum than R's (air_mixed: R's optim stops on a
                // flat ridge with the MA root past the unit circle).
                continue;
            }
            for (a, b) in fit.params.iter().zip(&r) {
                assert!(
                    (a - b).abs() < 2e-3 * b.abs().max(0.1),
                    "{name}: {:?} vs R {r:?}",
                    fit.params
                );
            }
        }
    }

    /// An AR(1) without a constant: the CSS estimate is the least-squares
    /// regression of y_t on y_{t-1} (t ≥ 1), in closed form.
    #[test]
    fn ar1_is_the_lagged_regression() {
        let y: Vec<f64> = (0..120)
            .map(|t| ((t * 37 % 11) as f64 - 5.0) * 0.3 + (t as f64 * 0.7).sin())
            .collect();
        let fit = fit_css(&y, None, &SarimaParams::new((1, 0, 0)), STRICT).unwrap();
        let sxy: f64 = (1..y.len()).map(|t| y[t] * y[t - 1]).sum();
        let sxx: f64 = (1..y.len()).map(|t| y[t - 1] * y[t - 1]).sum();
        let phi = sxy / sxx;
        assert!(
            (fit.params[0] - phi).abs() < 1e-6,
            "{} vs {phi}",
            fit.params[0]
        );
        let ssq: f64 = (1..y.len()).map(|t| (y[t] - phi * y[t - 1]).powi(2)).sum();
        assert!((fit.sigma2 - ssq / (y.len() - 1) as f64).abs() < 1e-9);
        assert_eq!(fit.nstar, y.len());
    }

    #[test]
    fn a_gap_gives_no_css_fit() {
        let mut y: Vec<f64> = (0..60).map(|t| (t as f64 * 0.9).cos()).collect();
        y[10] = f64::NAN;
        assert!(fit_css(&y, None, &SarimaParams::new((1, 0, 0)), STRICT).is_none());
    }
}
