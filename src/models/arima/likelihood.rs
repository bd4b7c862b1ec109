//! The exact ARMA likelihood of the differenced series: differencing and
//! polynomial helpers, the [`Problem`] with its reusable filter buffers,
//! and the PACF starting values.

use std::cell::RefCell;

use super::kalman::{self, Filter};

/// Coefficients of (1 - B)^d (1 - B^s)^D, c[0] = 1.
pub(super) fn diff_poly(d: usize, sd: usize, s: usize) -> Vec<f64> {
    let mut c = vec![1.0];
    let mul = |c: &Vec<f64>, lag: usize| -> Vec<f64> {
        let mut out = vec![0.0; c.len() + lag];
        for (i, v) in c.iter().enumerate() {
            out[i] += v;
            out[i + lag] -= v;
        }
        out
    };
    for _ in 0..d {
        c = mul(&c, 1);
    }
    for _ in 0..sd {
        c = mul(&c, s);
    }
    c
}

pub(super) fn difference(x: &[f64], c: &[f64]) -> Vec<f64> {
    let dd = c.len() - 1;
    (dd..x.len())
        .map(|t| c.iter().enumerate().map(|(j, cj)| cj * x[t - j]).sum())
        .collect()
}

/// The differenced series `w` and the differenced regressors (row-major
/// `m x kx`, a column of ones first with `drift`) of `y` under the
/// differencing polynomial `c`; a row with a missing regressor is a
/// missing observation (`w` NaN, the row zero).
pub(super) fn differenced_design(
    y: &[f64],
    exog: Option<&ndarray::Array2<f64>>,
    drift: bool,
    c: &[f64],
) -> (Vec<f64>, Vec<f64>, usize) {
    let mut w = difference(y, c);
    let m = w.len();
    let k = exog.map_or(0, |x| x.ncols());
    let kx = k + usize::from(drift);
    let xcols: Vec<Vec<f64>> = exog.map_or_else(Vec::new, |x| {
        (0..k)
            .map(|j| difference(&x.column(j).to_vec(), c))
            .collect()
    });
    let mut xd = vec![0.0; m * kx];
    for t in 0..m {
        let row = &mut xd[t * kx..(t + 1) * kx];
        let j0 = usize::from(drift);
        if drift {
            row[0] = 1.0;
        }
        for j in 0..k {
            row[j0 + j] = xcols[j][t];
        }
        if row.iter().any(|v| !v.is_finite()) {
            w[t] = f64::NAN;
            row.iter_mut().for_each(|v| *v = 0.0);
        }
    }
    (w, xd, kx)
}

/// Least-squares start and scale (standard errors, 1 where not usable) of
/// the regression coefficients on the observed rows; empty without
/// regressors, `None` when they are collinear.
pub(super) fn regression_start(w: &[f64], xd: &[f64], kx: usize) -> Option<(Vec<f64>, Vec<f64>)> {
    if kx == 0 {
        return Some((Vec::new(), Vec::new()));
    }
    let rows: Vec<usize> = (0..w.len()).filter(|&t| w[t].is_finite()).collect();
    let xs: Vec<f64> = rows
        .iter()
        .flat_map(|&t| xd[t * kx..(t + 1) * kx].iter().copied())
        .collect();
    let ys: Vec<f64> = rows.iter().map(|&t| w[t]).collect();
    let (b, se) = crate::stats::linalg::lstsq_unpivoted(&xs, &ys, rows.len(), kx)?;
    let se = se
        .into_iter()
        .map(|v| if v > 0.0 && v.is_finite() { v } else { 1.0 })
        .collect();
    Some((b, se))
}

/// Expands (1 - Σ a_i B^i)(1 - Σ A_j B^{sj}) and returns the coefficients
/// φ_k of `1 - Σ φ_k B^k` (`sign = -1`), or of `1 + Σ` (`sign = +1`).
pub(super) fn expand(ns: &[f64], se: &[f64], s: usize, sign: f64) -> Vec<f64> {
    let n = ns.len() + se.len() * s;
    let mut a = vec![0.0; ns.len() + 1];
    a[0] = 1.0;
    for (i, v) in ns.iter().enumerate() {
        a[i + 1] = sign * v;
    }
    let mut b = vec![0.0; se.len() * s + 1];
    b[0] = 1.0;
    for (j, v) in se.iter().enumerate() {
        b[(j + 1) * s] = sign * v;
    }
    let mut out = vec![0.0; n + 1];
    for (i, x) in a.iter().enumerate() {
        for (j, y) in b.iter().enumerate() {
            out[i + j] += x * y;
        }
    }
    out[1..].iter().map(|v| sign * v).collect()
}

/// Everything the likelihood needs, with reusable buffers.
pub(super) struct Problem {
    pub(super) w: Vec<f64>,
    /// Differenced regressors, row-major m x kx (drift column first).
    pub(super) xd: Vec<f64>,
    pub(super) kx: usize,
    pub(super) p: usize,
    pub(super) q: usize,
    pub(super) sp: usize,
    pub(super) s: usize,
    /// No observation of `w` is missing (the Chandrasekhar recursions
    /// apply).
    pub(super) complete: bool,
    pub(super) work: RefCell<(Filter, Vec<f64>)>,
}

pub(super) struct Arma {
    pub(super) phi: Vec<f64>,
    pub(super) theta: Vec<f64>,
}

impl Problem {
    pub(super) fn arma(&self, v: &[f64]) -> Arma {
        // v: [ar p][ma q][sar P][sma Q] in original coefficients.
        let (p, q, sp) = (self.p, self.q, self.sp);
        let ar = &v[..p];
        let ma = &v[p..p + q];
        let sar = &v[p + q..p + q + sp];
        let sma = &v[p + q + sp..];
        Arma {
            phi: expand(ar, sar, self.s, -1.0),
            theta: expand(ma, sma, self.s, 1.0),
        }
    }

    /// (ssq, sumlog, nobs) at regression coefficients `beta` and ARMA
    /// coefficients; `None` outside the stationary region. The
    /// likelihood alone of a complete series is filtered by the
    /// Chandrasekhar recursions.
    pub(super) fn sums(
        &self,
        beta: &[f64],
        arma: &Arma,
        innov: Option<&mut Vec<f64>>,
        raw: Option<&mut Vec<f64>>,
    ) -> Option<kalman::FilterSums> {
        self.sums_by(beta, arma, innov, raw, false)
    }

    /// [`Problem::sums`], by the Riccati recursions when `riccati`.
    fn sums_by(
        &self,
        beta: &[f64],
        arma: &Arma,
        innov: Option<&mut Vec<f64>>,
        raw: Option<&mut Vec<f64>>,
        riccati: bool,
    ) -> Option<kalman::FilterSums> {
        let mut guard = self.work.borrow_mut();
        let (filter, e) = &mut *guard;
        e.clear();
        for (t, wt) in self.w.iter().enumerate() {
            let row = &self.xd[t * self.kx..(t + 1) * self.kx];
            let xb: f64 = row.iter().zip(beta).map(|(a, b)| a * b).sum();
            e.push(wt - xb);
        }
        // The likelihood alone, of a complete series: the O(r) recursions,
        // which need only the first row of the initial covariance.
        if innov.is_none() && raw.is_none() && self.complete && !riccati {
            if !filter.init_first_row(&arma.phi, &arma.theta) {
                return None;
            }
            return Some(filter.run_chandrasekhar(e));
        }
        if !filter.init(&arma.phi, &arma.theta) {
            return None;
        }
        Some(filter.run_raw(e, innov, raw))
    }

    /// Concentrated log-likelihood.
    pub(super) fn llf_conc(&self, beta: &[f64], arma: &Arma) -> f64 {
        match self.sums(beta, arma, None, None) {
            Some(s) if s.nobs > 0 => {
                let n = s.nobs as f64;
                let s2 = s.ssq / n;
                -0.5 * (n * ((2.0 * std::f64::consts::PI * s2).ln() + 1.0) + s.sumlog)
            }
            _ => f64::NAN,
        }
    }

    /// Log-likelihood with an explicit σ².
    /// Log-likelihood with an explicit σ², by the Riccati recursions: it
    /// serves the numerical Hessian, whose second differences would
    /// magnify the rounding differences of the two recursions.
    pub(super) fn llf_full(&self, beta: &[f64], arma: &Arma, sigma2: f64) -> f64 {
        if sigma2.is_nan() || sigma2 <= 0.0 {
            return f64::NAN;
        }
        match self.sums_by(beta, arma, None, None, true) {
            Some(s) => {
                let n = s.nobs as f64;
                -0.5 * (n * (2.0 * std::f64::consts::PI * sigma2).ln() + s.sumlog + s.ssq / sigma2)
            }
            None => f64::NAN,
        }
    }
}

/// Sample partial autocorrelations 1..=p of `x` (finite values only), as
/// starting values: each clamped to ±0.9 inside the recursion.
///
/// The autocorrelations are [`crate::stats::acf::acf`]'s (unadjusted); the
/// recursion is kept here rather than taken from
/// [`crate::stats::acf::pacf`], which reports statsmodels' PACF on the
/// *adjusted* autocovariances without clamping: the starts, and through
/// them every fitted SARIMA, would move.
pub(super) fn pacf_start(x: &[f64], p: usize) -> Vec<f64> {
    let n = x.iter().filter(|v| v.is_finite()).count();
    if n < p + 2 || p == 0 {
        return vec![0.0; p];
    }
    let Ok(rho) = crate::stats::acf::acf(x, p) else {
        return vec![0.0; p];
    };
    // Durbin–Levinson.
    let mut phi = vec![0.0; p];
    let mut pacf = vec![0.0; p];
    for k in 0..p {
        let num = rho[k + 1] - (0..k).map(|j| phi[j] * rho[k - j]).sum::<f64>();
        let den = 1.0 - (0..k).map(|j| phi[j] * rho[j + 1]).sum::<f64>();
        let r = if den.abs() > 1e-12 {
            (num / den).clamp(-0.9, 0.9)
        } else {
            0.0
        };
        let prev = phi.clone();
        for j in 0..k {
            phi[j] = prev[j] - r * prev[k - 1 - j];
        }
        phi[k] = r;
        pacf[k] = r;
    }
    pacf
}
