//! Maximum-likelihood fitting of one series ([`fit_sarima_series`]): the
//! differenced problem, starting values, BFGS from several starts and the
//! observed-information covariance.

use std::cell::RefCell;

use ndarray::Array2;

use super::kalman::Filter;
use super::likelihood::{Problem, diff_poly, differenced_design, pacf_start, regression_start};
use super::{FittedState, SarimaFit, SarimaParams};
use super::{starts, transform};
use crate::error::{Error, Result};
use crate::models::optim::{BfgsOptions, BfgsResult, minimize_bfgs};

/// Fits a seasonal ARIMA to one series: the workhorse behind
/// [`SarimaParams::fit`], public for batch use.
///
/// # Errors
/// As [`SarimaParams::fit`].
///
/// ```
/// use colcrime::models::arima::{fit_sarima_series, SarimaParams};
/// let y: Vec<f64> = (0..50).map(|t| ((t * 13) % 7) as f64).collect();
/// let fit = fit_sarima_series(&y, None, &SarimaParams::new((1, 0, 0)).drift(true)).unwrap();
/// assert!((fit.params[0] - 3.0).abs() < 1.0);
/// ```
pub fn fit_sarima_series(
    y: &[f64],
    exog: Option<&Array2<f64>>,
    spec: &SarimaParams,
) -> Result<SarimaFit> {
    fit_inner(y, exog, spec, true)
}

/// [`fit_sarima_series`]; without the observed information when
/// `with_cov` is false (then `bse` and `cov_params` are NaN), for
/// evaluations at fixed parameters that need only the filtered state.
pub(super) fn fit_inner(
    y: &[f64],
    exog: Option<&Array2<f64>>,
    spec: &SarimaParams,
    with_cov: bool,
) -> Result<SarimaFit> {
    let control = Control {
        with_cov,
        ..Control::default()
    };
    fit_controlled(y, exog, spec, &control)
}

/// How [`fit_controlled`] fits: what the order search relaxes.
#[derive(Debug, Clone, Copy)]
pub(super) struct Control {
    /// Compute the observed-information covariance.
    pub(super) with_cov: bool,
    /// BFGS gradient tolerance (on the log-likelihood per observation).
    pub(super) gtol: f64,
    /// Try the Hannan–Rissanen and statsmodels starts when they lie away
    /// from the first optimum.
    pub(super) more_starts: bool,
    /// Forward-difference gradients (for a loose `gtol`).
    pub(super) forward: bool,
    /// Every further start climbs at a loose tolerance first and is
    /// polished only if it then lies in a new basin near or past the best
    /// optimum (otherwise only the mirror start does).
    pub(super) quick_starts: bool,
}

impl Default for Control {
    fn default() -> Self {
        Control {
            with_cov: true,
            gtol: BfgsOptions::default().gtol,
            more_starts: true,
            forward: false,
            quick_starts: false,
        }
    }
}

/// [`fit_inner`] under a [`Control`].
pub(super) fn fit_controlled(
    y: &[f64],
    exog: Option<&Array2<f64>>,
    spec: &SarimaParams,
    control: &Control,
) -> Result<SarimaFit> {
    let with_cov = control.with_cov;
    let n = y.len();
    let k = exog.map_or(0, |x| x.ncols());
    if let Some(x) = exog
        && x.nrows() != n
    {
        return Err(Error::usage(format!(
            "exog has {} rows but the series has {n}",
            x.nrows()
        )));
    }
    spec.validate(n, k)?;
    let (p, d, q) = spec.order;
    let (sp, sd, sq, s) = spec.seasonal_order;
    let c = diff_poly(d, sd, s);
    let dd = c.len() - 1;
    let (w, xd, kx) = differenced_design(y, exog, spec.drift, &c);
    let m = w.len();
    let nobs = w.iter().filter(|v| v.is_finite()).count();
    let narma = p + q + sp + sq;
    let npar = kx + narma;
    if nobs < npar + 2 {
        return Err(Error::not_enough_data(
            spec.model_name(),
            npar + 2 + dd,
            nobs + dd,
        ));
    }
    // OLS start and scale for the regression coefficients.
    let Some((b0, s0)) = regression_start(&w, &xd, kx) else {
        return Err(Error::singular(
            "the differenced regressors are collinear (or constant)",
        ));
    };
    let complete = w.iter().all(|v| v.is_finite());
    let prob = Problem {
        complete,
        w,
        xd,
        kx,
        p,
        q,
        sp,
        s,
        work: RefCell::new((
            Filter::new(&vec![0.0; p + sp * s], &vec![0.0; q + sq * s]),
            Vec::with_capacity(m),
        )),
    };
    // Maps an unconstrained vector to (beta, arma coefficients).
    let to_orig = |x: &[f64]| -> (Vec<f64>, Vec<f64>) {
        let beta: Vec<f64> = (0..kx).map(|j| b0[j] + s0[j] * x[j]).collect();
        let mut v = Vec::with_capacity(narma);
        v.extend(transform::constrain_ar(&x[kx..kx + p]));
        v.extend(transform::constrain_ma(&x[kx + p..kx + p + q]));
        v.extend(transform::constrain_ar(&x[kx + p + q..kx + p + q + sp]));
        v.extend(transform::constrain_ma(&x[kx + p + q + sp..]));
        (beta, v)
    };
    let nobs_f = nobs as f64;
    let (beta, coefs, sigma2_fixed, converged, iterations) = match &spec.fixed_params {
        Some(f) => {
            let beta = f[..kx].to_vec();
            let coefs = f[kx..npar].to_vec();
            (beta, coefs, f.get(npar).copied(), true, 0)
        }
        None => {
            let objective = |x: &[f64]| -> f64 {
                let (beta, v) = to_orig(x);
                -prob.llf_conc(&beta, &prob.arma(&v)) / nobs_f
            };
            let opts = BfgsOptions {
                max_iter: spec.max_iter,
                gtol: control.gtol,
                forward: control.forward,
                ..BfgsOptions::default()
            };
            // Unconstrained coordinates of original-scale parameters.
            let to_free = |v: &[f64]| -> Option<Vec<f64>> {
                if v.len() != npar && v.len() != npar + 1 {
                    return None;
                }
                let mut x = Vec::with_capacity(npar);
                x.extend((0..kx).map(|j| (v[j] - b0[j]) / s0[j]));
                let (ar, rest) = v[kx..npar].split_at(p);
                let (ma, rest) = rest.split_at(q);
                let (sar, sma) = rest.split_at(sp);
                x.extend(transform::unconstrain_ar(ar)?);
                x.extend(transform::unconstrain_ma(ma)?);
                x.extend(transform::unconstrain_ar(sar)?);
                x.extend(transform::unconstrain_ma(sma)?);
                x.iter().all(|v| v.is_finite()).then_some(x)
            };
            // A warm start (re-estimation from earlier estimates) is used
            // alone when it converges: it is the point of re-using them.
            let warm = spec
                .start_params
                .as_deref()
                .and_then(to_free)
                .map(|x0| minimize_bfgs(objective, &x0, &opts))
                .filter(|r| r.converged && r.fun.is_finite());
            let res = match warm {
                Some(r) => r,
                None => {
                    let resid: Vec<f64> = (0..m)
                        .map(|t| {
                            prob.w[t] - (0..kx).map(|j| prob.xd[t * kx + j] * b0[j]).sum::<f64>()
                        })
                        .collect();
                    let mut x0 = vec![0.0; npar];
                    let pac = pacf_start(&resid, p);
                    for i in 0..p {
                        x0[kx + i] = pac[i] / (1.0 - pac[i] * pac[i]).sqrt();
                    }
                    let mut res = minimize_bfgs(objective, &x0, &opts);
                    // Further starts (Hannan-Rissanen, statsmodels' CSS,
                    // then the mirror of the best optimum) when the
                    // likelihood may have several optima; each is tried
                    // only if it lies away from every optimum reached. The
                    // mirror climbs at a loose tolerance first and is
                    // polished only if it is then near or past the best.
                    let orders = (p, q, sp, sq, s);
                    let mut optima = vec![res.x.clone()];
                    let loose = BfgsOptions {
                        gtol: opts.gtol.max(1e-3),
                        forward: true,
                        ..opts
                    };
                    let usable = |r: &BfgsResult| r.converged && r.fun.is_finite();
                    let mut try_start = |x1: &[f64], res: &mut BfgsResult, quick: bool| {
                        if !optima.iter().all(|xo| starts::worth_trying(x1, xo, kx)) {
                            return;
                        }
                        if !quick {
                            let alt = minimize_bfgs(objective, x1, &opts);
                            optima.push(alt.x.clone());
                            if usable(&alt) && (!usable(res) || alt.fun < res.fun) {
                                *res = alt;
                            }
                            return;
                        }
                        let mut alt = minimize_bfgs(objective, x1, &loose);
                        // Back in the basin of an optimum already reached:
                        // nothing new.
                        if !optima.iter().all(|xo| starts::worth_trying(&alt.x, xo, kx)) {
                            return;
                        }
                        optima.push(alt.x.clone());
                        if alt.fun.is_finite() && !(usable(res) && alt.fun > res.fun + 1e-3) {
                            alt = minimize_bfgs(objective, &alt.x, &opts);
                        }
                        if usable(&alt) && (!usable(res) || alt.fun < res.fun) {
                            *res = alt;
                        }
                    };
                    if control.more_starts {
                        let extra = [
                            starts::second_start(&resid, orders),
                            starts::css_start(&resid, orders),
                        ];
                        for c in extra.into_iter().flatten() {
                            let mut v = b0.clone();
                            v.extend(c);
                            if let Some(x1) = to_free(&v) {
                                try_start(&x1, &mut res, control.quick_starts);
                            }
                        }
                        // Across the ridge of a nearly cancelling ARMA(p, q).
                        if p > 0 && q > 0 && usable(&res) {
                            let x1 = starts::mirror(&res.x, kx, p, q);
                            try_start(&x1, &mut res, true);
                        }
                    }
                    if !res.converged || !res.fun.is_finite() {
                        let alt = minimize_bfgs(objective, &vec![0.0; npar], &opts);
                        if alt.fun < res.fun || !res.fun.is_finite() {
                            res = alt;
                        }
                    }
                    res
                }
            };
            let (beta, coefs) = to_orig(&res.x);
            if !res.converged {
                let names = spec.param_names(k);
                let best: Vec<String> = names
                    .iter()
                    .zip(beta.iter().chain(coefs.iter()))
                    .map(|(n, v)| format!("{n} = {v}"))
                    .collect();
                return Err(Error::convergence(format!(
                    "{}: BFGS did not converge in {} iterations (largest gradient {:.3e}); best point: {} with log-likelihood {}",
                    spec.model_name(),
                    res.iterations,
                    res.grad_max,
                    best.join(", "),
                    -res.fun * nobs_f
                )));
            }
            (beta, coefs, None, true, res.iterations)
        }
    };
    let arma = prob.arma(&coefs);
    let mut innov = Vec::with_capacity(m);
    let mut raw = Vec::with_capacity(m);
    let sums = prob
        .sums(&beta, &arma, Some(&mut innov), Some(&mut raw))
        .ok_or_else(|| {
            Error::domain(format!(
                "{}: the AR parameters are not stationary",
                spec.model_name()
            ))
        })?;
    let (a, pmat) = {
        let guard = prob.work.borrow();
        (guard.0.a.clone(), guard.0.p.clone())
    };
    let sigma2 = sigma2_fixed.unwrap_or(sums.ssq / sums.nobs as f64);
    let llf = match sigma2_fixed {
        Some(s2) => prob.llf_full(&beta, &arma, s2),
        None => prob.llf_conc(&beta, &arma),
    };
    // Observed information in the original parameters (σ² explicit).
    let mut theta_all: Vec<f64> = beta.iter().chain(coefs.iter()).copied().collect();
    theta_all.push(sigma2);
    let full = |v: &[f64]| -> f64 { prob.llf_full(&v[..kx], &prob.arma(&v[kx..npar]), v[npar]) };
    let scales: Vec<f64> = (0..=npar)
        .map(|i| {
            if i < kx {
                s0[i].max(theta_all[i].abs())
            } else if i < npar {
                theta_all[i].abs().max(0.1)
            } else {
                sigma2.abs()
            }
        })
        .collect();
    let cov_params = if with_cov {
        hessian_cov(&full, &theta_all, &scales)
    } else {
        Array2::from_elem((npar + 1, npar + 1), f64::NAN)
    };
    let bse = (0..=npar)
        .map(|i| {
            let v = cov_params[[i, i]];
            if v > 0.0 { v.sqrt() } else { f64::NAN }
        })
        .collect();
    // u_t = y_t - x_t' β (original scale), last dd values.
    let beta_x = &beta[usize::from(spec.drift)..];
    let u_tail: Vec<f64> = (n - dd..n)
        .map(|t| {
            let xb: f64 = match exog {
                Some(x) => (0..k).map(|j| x[[t, j]] * beta_x[j]).sum(),
                None => 0.0,
            };
            y[t] - xb
        })
        .collect();
    let kk = (npar + 1) as f64;
    let nf = sums.nobs as f64;
    let aic = -2.0 * llf + 2.0 * kk;
    let aicc = if nf - kk - 1.0 > 0.0 {
        aic + 2.0 * kk * (kk + 1.0) / (nf - kk - 1.0)
    } else {
        f64::INFINITY
    };
    let bic = -2.0 * llf + kk * nf.ln();
    let mut names = spec.param_names(k);
    names.push("sigma2".into());
    Ok(SarimaFit {
        spec: spec.clone(),
        param_names: names,
        params: theta_all,
        bse,
        cov_params,
        llf,
        aic,
        aicc,
        bic,
        sigma2,
        nobs: sums.nobs,
        converged,
        iterations,
        std_resid: innov,
        state: FittedState {
            phi: arma.phi,
            theta: arma.theta,
            a,
            p: pmat,
            drift: if spec.drift { beta[0] } else { 0.0 },
            beta: beta_x.to_vec(),
            delta: c[1..].iter().map(|v| -v).collect(),
            u_tail,
            fitted: (0..n)
                .map(|t| if t < dd { f64::NAN } else { y[t] - raw[t - dd] })
                .collect(),
            y: y.to_vec(),
            exog: exog.cloned(),
        },
    })
}

/// The inverse of minus the numerical Hessian of `f` (central differences,
/// steps `1e-4 * scale`): the covariance from the observed information;
/// all NaN when it is not invertible.
pub(super) fn hessian_cov<F: Fn(&[f64]) -> f64>(f: &F, x: &[f64], scale: &[f64]) -> Array2<f64> {
    let k = x.len();
    let h: Vec<f64> = scale.iter().map(|s| 1e-4 * s.max(1e-8)).collect();
    let mut xx = x.to_vec();
    let f0 = f(x);
    let mut hess = vec![0.0; k * k];
    for i in 0..k {
        xx[i] = x[i] + h[i];
        let fp = f(&xx);
        xx[i] = x[i] - h[i];
        let fm = f(&xx);
        xx[i] = x[i];
        hess[i * k + i] = (fp - 2.0 * f0 + fm) / (h[i] * h[i]);
        for j in 0..i {
            let mut g = |di: f64, dj: f64| {
                xx[i] = x[i] + di * h[i];
                xx[j] = x[j] + dj * h[j];
                let v = f(&xx);
                xx[i] = x[i];
                xx[j] = x[j];
                v
            };
            let v =
                (g(1.0, 1.0) - g(1.0, -1.0) - g(-1.0, 1.0) + g(-1.0, -1.0)) / (4.0 * h[i] * h[j]);
            hess[i * k + j] = v;
            hess[j * k + i] = v;
        }
    }
    let neg = Array2::from_shape_fn((k, k), |(i, j)| -hess[i * k + j]);
    match crate::stats::linalg::inverse(&neg) {
        Ok(cov) if cov.iter().all(|v| v.is_finite()) => {
            // Symmetrise (the inverse is symmetric up to rounding).
            Array2::from_shape_fn((k, k), |(i, j)| 0.5 * (cov[[i, j]] + cov[[j, i]]))
        }
        _ => Array2::from_elem((k, k), f64::NAN),
    }
}
