//! Count regressions: Poisson, quasi-Poisson and negative binomial (NB2),
//! with a log link and optional offset.
//!
//! `log μ_i = x_iᵀβ + o_i`. Poisson and quasi-Poisson are fitted by
//! iteratively reweighted least squares (McCullagh & Nelder 1989, §2.5):
//! each step solves the weighted least-squares problem with working
//! response `z = η - o + (y - μ)/μ` and weights `w = μ` by pivoted QR, until
//! the coefficients stop changing. Quasi-Poisson has the same estimates and
//! scales the covariance by `φ = Σ (y-μ)²/μ / (n - k)` (Pearson χ² over the
//! residual degrees of freedom).
//!
//! NB2 has variance `μ + α μ²` and log-likelihood
//! `Σ lnΓ(y+1/α) - lnΓ(1/α) - lnΓ(y+1) + (1/α) ln(1/(1+αμ)) + y ln(αμ/(1+αμ))`
//! (Cameron & Trivedi 2013, §3.3); `(β, α)` are estimated jointly by
//! maximum likelihood (IRLS for `β` at fixed `α` and Newton steps for `α`,
//! then Newton steps on both with the analytic Hessian), and the standard
//! errors, including `α`'s, come from the inverse of the full negative
//! Hessian.
//!
//! `llf` is the full log-likelihood (with `ln y!`), `aic = -2 llf + 2p` and
//! `bic = -2 llf + p ln n` where `p` counts every estimated parameter
//! (`α` included). Inference uses `z` statistics, as statsmodels does.
//!
//! ```
//! use colcrime::models::glm::{Family, GlmParams};
//! let x = ndarray::array![[1.0, 0.0], [1.0, 1.0], [1.0, 2.0], [1.0, 3.0]];
//! let r = GlmParams::new(Family::Poisson)
//!     .fit_xy(&x, &[1.0, 2.0, 4.0, 9.0], None, vec!["const".into(), "x".into()])
//!     .unwrap();
//! assert!(r.converged && r.params[1] > 0.6);
//! ```

use std::fmt::Write as _;

use ndarray::Array2;
use rayon::prelude::*;
use serde_json::{Value, json};
use statrs::distribution::{ContinuousCDF, Normal};
use statrs::function::gamma::ln_gamma;

use crate::error::{Error, Result};
use crate::formula::{Design, Formula};
use crate::json::{num, nums};
use crate::series::Frame;
use crate::stats::linalg::{Qr, matvec, spd_inverse};

/// The count family.
///
/// ```
/// use colcrime::models::glm::Family;
/// assert_eq!("negbin".parse::<Family>().unwrap(), Family::NegBin);
/// assert_eq!(Family::QuasiPoisson.name(), "quasipoisson");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// Poisson, scale 1.
    Poisson,
    /// Poisson estimates, covariance scaled by Pearson χ² / df_resid.
    QuasiPoisson,
    /// Negative binomial NB2, `α` by maximum likelihood.
    NegBin,
}

impl Family {
    /// The command-line name.
    ///
    /// ```
    /// # use colcrime::models::glm::Family;
    /// assert_eq!(Family::Poisson.name(), "poisson");
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            Family::Poisson => "poisson",
            Family::QuasiPoisson => "quasipoisson",
            Family::NegBin => "negbin",
        }
    }
}

impl std::str::FromStr for Family {
    type Err = Error;
    fn from_str(s: &str) -> Result<Family> {
        match s.to_ascii_lowercase().as_str() {
            "poisson" => Ok(Family::Poisson),
            "quasipoisson" | "quasi-poisson" => Ok(Family::QuasiPoisson),
            "negbin" | "nb2" | "negativebinomial" => Ok(Family::NegBin),
            _ => Err(Error::usage(format!(
                "unknown family \"{s}\" (expected poisson, quasipoisson or negbin)"
            ))),
        }
    }
}

/// Checked settings of a count-model fit.
///
/// ```
/// use colcrime::models::glm::{Family, GlmParams};
/// assert!(GlmParams::new(Family::NegBin).max_iter(0).validate().is_err());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct GlmParams {
    family: Family,
    max_iter: usize,
    tol: f64,
}

impl GlmParams {
    /// Defaults: 100 iterations, coefficient tolerance `1e-12`.
    ///
    /// ```
    /// # use colcrime::models::glm::{Family, GlmParams};
    /// assert!(GlmParams::new(Family::Poisson).validate().is_ok());
    /// ```
    pub fn new(family: Family) -> Self {
        GlmParams {
            family,
            max_iter: 100,
            tol: 1e-12,
        }
    }

    /// Sets the iteration limit.
    ///
    /// ```
    /// # use colcrime::models::glm::{Family, GlmParams};
    /// assert!(GlmParams::new(Family::Poisson).max_iter(5).validate().is_ok());
    /// ```
    pub fn max_iter(mut self, n: usize) -> Self {
        self.max_iter = n;
        self
    }

    /// Sets the convergence tolerance (largest relative change of a
    /// coefficient between iterations).
    ///
    /// ```
    /// # use colcrime::models::glm::{Family, GlmParams};
    /// assert!(GlmParams::new(Family::Poisson).tol(-1.0).validate().is_err());
    /// ```
    pub fn tol(mut self, tol: f64) -> Self {
        self.tol = tol;
        self
    }

    /// Checks the settings.
    ///
    /// # Errors
    /// No iterations allowed, or a tolerance that is not positive.
    ///
    /// ```
    /// # use colcrime::models::glm::{Family, GlmParams};
    /// assert!(GlmParams::new(Family::Poisson).tol(0.0).validate().is_err());
    /// ```
    pub fn validate(&self) -> Result<()> {
        if self.max_iter == 0 {
            return Err(Error::usage("the iteration limit must be at least 1"));
        }
        if !(self.tol > 0.0 && self.tol.is_finite()) {
            return Err(Error::usage("the tolerance must be positive"));
        }
        Ok(())
    }

    /// Fits a formula's design (its offset included).
    ///
    /// # Errors
    /// As [`GlmParams::fit_xy`].
    ///
    /// ```
    /// use colcrime::formula::design;
    /// use colcrime::models::glm::{Family, GlmParams};
    /// use colcrime::series::Frame;
    /// let f = Frame::from_csv_str("t", "y,x,pop\n1,0,10\n2,1,10\n4,2,20\n9,3,20\n").unwrap();
    /// let d = design(&f, "y ~ x + offset(log(pop))", 0..4).unwrap();
    /// let r = GlmParams::new(Family::Poisson).fit(&d).unwrap();
    /// assert_eq!(r.param_names, vec!["const", "x"]);
    /// ```
    pub fn fit(&self, d: &Design) -> Result<GlmResult> {
        let mut r = self.fit_xy(&d.x, &d.y, d.offset.as_deref(), d.names.clone())?;
        r.response = d.response.clone();
        r.dropped = d.dropped;
        Ok(r)
    }

    /// Fits counts `y` on `x` with an optional offset.
    ///
    /// # Errors
    /// Negative or non-integer... negative or non-finite counts, a
    /// rank-deficient design, too few rows (exit 2); no convergence or
    /// (quasi-)perfect separation (exit 1, the message has the best point).
    ///
    /// ```
    /// use colcrime::models::glm::{Family, GlmParams};
    /// let x = ndarray::array![[1.0], [1.0], [1.0]];
    /// let r = GlmParams::new(Family::Poisson).fit_xy(&x, &[1.0, 2.0, 3.0], None, vec!["const".into()]).unwrap();
    /// assert!((r.params[0] - 2f64.ln()).abs() < 1e-12);
    /// ```
    pub fn fit_xy(
        &self,
        x: &Array2<f64>,
        y: &[f64],
        offset: Option<&[f64]>,
        names: Vec<String>,
    ) -> Result<GlmResult> {
        self.validate()?;
        let (n, k) = x.dim();
        if y.len() != n || names.len() != k || offset.is_some_and(|o| o.len() != n) {
            return Err(Error::usage(
                "glm: the response, design, offset and names do not agree",
            ));
        }
        if n <= k {
            return Err(Error::not_enough_data(
                format!("{} regression", self.family.name()),
                k + 1,
                n,
            ));
        }
        if let Some((i, v)) = y
            .iter()
            .enumerate()
            .find(|(_, v)| !(v.is_finite() && **v >= 0.0))
        {
            return Err(Error::domain(format!(
                "count models need non-negative counts; observation {} is {v}",
                i + 1
            )));
        }
        let zeros = vec![0.0; n];
        let off = offset.unwrap_or(&zeros);
        crate::stats::linalg::tsqr::qr_for_covariance(x)?.check_rank(&names)?;
        let counts = Distinct::new(y);

        let (params, alpha, iterations) = match self.family {
            Family::Poisson | Family::QuasiPoisson => {
                let (b, it) = irls(x, y, off, 0.0, None, self.max_iter, self.tol)?;
                (b, 0.0, it)
            }
            Family::NegBin => fit_nb2(x, y, off, &counts, self.max_iter, self.tol)?,
        };
        let eta: Vec<f64> = matvec(x, &params)
            .iter()
            .zip(off)
            .map(|(e, o)| e + o)
            .collect();
        let mu: Vec<f64> = eta.iter().map(|e| e.exp()).collect();
        let nf = n as f64;
        let const_idx = x.columns().into_iter().position(|c| {
            let f = c.first().copied().unwrap_or(0.0);
            f != 0.0 && c.iter().all(|v| *v == f)
        });
        let k_constant = usize::from(const_idx.is_some());
        let df_model = (k - k_constant) as f64;
        let df_resid = (n - k) as f64;
        let pearson_chi2: f64 = y
            .iter()
            .zip(&mu)
            .map(|(yi, m)| (yi - m).powi(2) / (m + alpha * m * m))
            .sum();
        let dev = deviance(y, &mu, alpha);
        // Null model: intercept (and offset) only. Without an offset its
        // fitted mean is the sample mean (the intercept's score equation,
        // for Poisson and for NB2 at fixed α); with one, IRLS.
        let ybar = y.iter().sum::<f64>() / n as f64;
        let null_deviance = if offset.is_none() && ybar > 0.0 {
            deviance(y, &vec![ybar; n], alpha)
        } else {
            let ones = Array2::<f64>::ones((n, 1));
            match irls(&ones, y, off, alpha, None, self.max_iter, self.tol) {
                Ok((b0, _)) => {
                    let mu0: Vec<f64> = off.iter().map(|o| (b0[0] + o).exp()).collect();
                    deviance(y, &mu0, alpha)
                }
                Err(_) => f64::NAN,
            }
        };
        let llf = if self.family == Family::NegBin {
            nb2_llf(y, &mu, alpha, &counts)
        } else {
            y.iter()
                .zip(&mu)
                .map(|(yi, m)| yi * m.ln() - m - ln_gamma(yi + 1.0))
                .sum()
        };
        let scale = if self.family == Family::QuasiPoisson {
            pearson_chi2 / df_resid
        } else {
            1.0
        };
        // Covariance: inverse negative Hessian.
        let (cov, alpha_bse) = if self.family == Family::NegBin {
            let h = nb2_neg_hessian(x, y, &mu, alpha, &counts);
            let inv = spd_inverse(&h).map_err(|_| {
                Error::convergence(format!(
                    "the negative binomial Hessian is not positive definite at alpha = {alpha}"
                ))
            })?;
            let cov = Array2::from_shape_fn((k, k), |(i, j)| inv[[i, j]]);
            (cov, inv[[k, k]].sqrt())
        } else {
            let w: Vec<f64> = mu.clone();
            let mut xtwx = Array2::<f64>::zeros((k, k));
            for (row, wi) in x.rows().into_iter().zip(&w) {
                for a in 0..k {
                    for b in 0..=a {
                        xtwx[[a, b]] += wi * row[a] * row[b];
                    }
                }
            }
            for a in 0..k {
                for b in 0..a {
                    xtwx[[b, a]] = xtwx[[a, b]];
                }
            }
            // (XᵀWX)⁻¹ through QR of W^½ X for accuracy.
            let xw = Array2::from_shape_fn((n, k), |(i, j)| x[[i, j]] * w[i].sqrt());
            let inv = crate::stats::linalg::tsqr::qr_for_covariance(&xw)?
                .xtx_inv()
                .or_else(|_| spd_inverse(&xtwx))?;
            (inv.mapv(|v| v * scale), f64::NAN)
        };
        let bse: Vec<f64> = (0..k).map(|j| cov[[j, j]].sqrt()).collect();
        let tvalues: Vec<f64> = params.iter().zip(&bse).map(|(b, s)| b / s).collect();
        let z = Normal::standard();
        let pvalues: Vec<f64> = tvalues.iter().map(|t| 2.0 * z.sf(t.abs())).collect();
        let q = 1.959_963_984_540_054;
        let conf_int = params
            .iter()
            .zip(&bse)
            .map(|(b, s)| [b - q * s, b + q * s])
            .collect();
        let p = k as f64
            + if self.family == Family::NegBin {
                1.0
            } else {
                0.0
            };
        Ok(GlmResult {
            family: self.family,
            param_names: names,
            params,
            bse,
            tvalues,
            pvalues,
            conf_int,
            nobs: n,
            df_model,
            df_resid,
            deviance: dev,
            null_deviance,
            pearson_chi2,
            llf,
            aic: -2.0 * llf + 2.0 * p,
            bic: -2.0 * llf + p * nf.ln(),
            scale,
            converged: true,
            iterations,
            alpha: (self.family == Family::NegBin).then_some(alpha),
            alpha_bse: (self.family == Family::NegBin).then_some(alpha_bse),
            mu,
            cov_params: cov,
            response: "y".into(),
            dropped: 0,
        })
    }
}

/// IRLS for a log-link count model with NB2 variance `μ + α μ²` (`α = 0`:
/// Poisson). Returns the coefficients and the iterations used.
fn irls(
    x: &Array2<f64>,
    y: &[f64],
    off: &[f64],
    alpha: f64,
    start: Option<&[f64]>,
    max_iter: usize,
    tol: f64,
) -> Result<(Vec<f64>, usize)> {
    let (n, k) = x.dim();
    let ybar = y.iter().sum::<f64>() / n as f64;
    if ybar <= 0.0 {
        return Err(Error::domain(
            "every count is zero: the model is not identified",
        ));
    }
    let mut eta: Vec<f64> = match start {
        Some(b) => matvec(x, b).iter().zip(off).map(|(e, o)| e + o).collect(),
        None => y.iter().map(|yi| ((yi + ybar) / 2.0).ln()).collect(),
    };
    let mut b_old: Option<Vec<f64>> = None;
    // Inner steps far from the optimum are solved without refinement; once
    // the steps are small every solve is refined, so the accepted estimate
    // always comes from a refined solve.
    let mut last_change = f64::INFINITY;
    // The weighted problem, rewritten in place at each step.
    let mut xw = Array2::<f64>::zeros((n, k));
    let mut zw = vec![0.0; n];
    for it in 1..=max_iter {
        if !weighted_problem(x, y, off, &eta, alpha, &mut xw, &mut zw) {
            return Err(Error::convergence(format!(
                "IRLS diverged at iteration {it} (fitted means over- or underflowed; perfect separation?), \
                 last coefficients {:?}",
                b_old.unwrap_or_default()
            )));
        }
        // A tall, well-conditioned step from the triangle of [W½X W½z];
        // otherwise the full QR (refined once the steps are small).
        let b = match crate::stats::linalg::tsqr::tall_lstsq(&xw, &zw)? {
            Some((_, b)) => b,
            None => {
                let qr = Qr::new(&xw)?;
                if qr.rank() < k {
                    return Err(Error::convergence(format!(
                        "the weighted design became singular at iteration {it} (perfect separation?), last coefficients {:?}",
                        b_old.unwrap_or_default()
                    )));
                }
                if last_change < 1e-4 {
                    qr.solve(&xw, &zw)?
                } else {
                    qr.solve_unrefined(&zw)?
                }
            }
        };
        eta = matvec(x, &b).iter().zip(off).map(|(e, o)| e + o).collect();
        if let Some(old) = &b_old {
            let change = b
                .iter()
                .zip(old)
                .map(|(a, o)| (a - o).abs() / o.abs().max(1.0))
                .fold(0.0f64, f64::max);
            last_change = change;
            if change <= tol {
                return Ok((b, it));
            }
        }
        b_old = Some(b);
    }
    // Quasi-separation shows as ever-growing coefficients.
    Err(Error::convergence(format!(
        "IRLS did not converge in {max_iter} iterations (perfect separation?); last coefficients {:?}",
        b_old.unwrap_or_default()
    )))
}

/// Writes the IRLS working problem `W½X`, `W½z` (NB2 weights
/// `μ / (1 + αμ)`, working response `η − offset + (y − μ)/μ`) into `xw` and
/// `zw`, by blocks of rows on all threads for large designs; `false` if a
/// value is not finite (the fitted means over- or underflowed).
fn weighted_problem(
    x: &Array2<f64>,
    y: &[f64],
    off: &[f64],
    eta: &[f64],
    alpha: f64,
    xw: &mut Array2<f64>,
    zw: &mut [f64],
) -> bool {
    const ROWS: usize = 1 << 13;
    let k = x.ncols();
    // Rows `lo..lo + z.len()`; `row(i)` is row i of X.
    let block = |lo: usize, xb: &mut [f64], z: &mut [f64], row: &dyn Fn(usize, usize) -> f64| {
        let mut finite = true;
        for (r, zi) in z.iter_mut().enumerate() {
            let i = lo + r;
            let Some(xr) = xb.get_mut(r * k..(r + 1) * k) else {
                return false;
            };
            let mu = eta[i].exp();
            let sw = (mu / (1.0 + alpha * mu)).sqrt();
            *zi = (eta[i] - off[i] + (y[i] - mu) / mu) * sw;
            finite &= zi.is_finite();
            for (j, v) in xr.iter_mut().enumerate() {
                *v = row(i, j) * sw;
                finite &= v.is_finite();
            }
        }
        finite
    };
    match (x.as_slice(), xw.as_slice_mut()) {
        (Some(cells), Some(out)) => {
            let row = |i: usize, j: usize| cells[i * k + j];
            if out.len() >= 1 << 20 {
                out.par_chunks_mut(ROWS * k.max(1))
                    .zip(zw.par_chunks_mut(ROWS))
                    .enumerate()
                    .map(|(c, (xb, z))| block(c * ROWS, xb, z, &row))
                    .reduce(|| true, |a, b| a && b)
            } else {
                block(0, out, zw, &row)
            }
        }
        (_, Some(out)) => block(0, out, zw, &|i, j| x[[i, j]]),
        _ => false,
    }
}

/// Unit deviance sum for the NB2 family (`α = 0`: Poisson).
fn deviance(y: &[f64], mu: &[f64], alpha: f64) -> f64 {
    let mut d = 0.0;
    for (yi, m) in y.iter().zip(mu) {
        let ylog = if *yi > 0.0 { yi * (yi / m).ln() } else { 0.0 };
        if alpha > 0.0 {
            let r = 1.0 / alpha;
            d += 2.0 * (ylog - (yi + r) * ((yi + r) / (m + r)).ln());
        } else {
            d += 2.0 * (ylog - (yi - m));
        }
    }
    d
}

/// The distinct counts and each observation's place among them: the NB2
/// terms that depend on `y` only through special functions (`lnΓ`, `ψ`,
/// `ψ'` of `y + 1/α`) are evaluated once per distinct count instead of once
/// per observation (crime counts repeat a lot), with the same arithmetic, so
/// the results are bit-for-bit those of the per-observation loop.
#[derive(Debug, Clone)]
struct Distinct {
    values: Vec<f64>,
    index: Vec<usize>,
}

impl Distinct {
    fn new(y: &[f64]) -> Distinct {
        let mut values = y.to_vec();
        values.sort_by(f64::total_cmp);
        values.dedup_by(|a, b| a.total_cmp(b).is_eq());
        let index = y
            .iter()
            .map(|v| match values.binary_search_by(|p| p.total_cmp(v)) {
                Ok(i) | Err(i) => i,
            })
            .collect();
        Distinct { values, index }
    }

    /// `f` at every distinct count.
    fn table(&self, f: impl Fn(f64) -> f64) -> Vec<f64> {
        self.values.iter().map(|&v| f(v)).collect()
    }
}

fn nb2_llf(y: &[f64], mu: &[f64], alpha: f64, counts: &Distinct) -> f64 {
    let r = 1.0 / alpha;
    let lg_r = ln_gamma(r);
    let lg = counts.table(|v| ln_gamma(v + r) - lg_r - ln_gamma(v + 1.0));
    y.iter()
        .zip(mu)
        .zip(&counts.index)
        .map(|((yi, m), &c)| {
            lg.get(c).copied().unwrap_or(f64::NAN) - r * (1.0 + alpha * m).ln()
                + if *yi > 0.0 {
                    yi * (alpha * m / (1.0 + alpha * m)).ln()
                } else {
                    0.0
                }
        })
        .sum()
}

/// Score of the NB2 log-likelihood in `α` and its derivative (per the
/// module docs: `∂ℓ/∂α = -r² g`, `∂²ℓ/∂α² = 2r³ g + r⁴ g'`, `r = 1/α`).
fn nb2_alpha_derivs(y: &[f64], mu: &[f64], alpha: f64, counts: &Distinct) -> (f64, f64) {
    let r = 1.0 / alpha;
    let (psi_r, tri_r) = (digamma(r), trigamma(r));
    let psi = counts.table(|v| digamma(v + r) - psi_r);
    let tri = counts.table(|v| trigamma(v + r) - tri_r);
    let (mut d1, mut d2) = (0.0, 0.0);
    for ((yi, m), &c) in y.iter().zip(mu).zip(&counts.index) {
        let (dpsi, dtri) = (
            psi.get(c).copied().unwrap_or(f64::NAN),
            tri.get(c).copied().unwrap_or(f64::NAN),
        );
        let g = dpsi + (r / (r + m)).ln() + (m - yi) / (r + m);
        let gp = dtri + 1.0 / r - 1.0 / (r + m) - (m - yi) / (r + m).powi(2);
        d1 += -r * r * g;
        d2 += 2.0 * r * r * r * g + r.powi(4) * gp;
    }
    (d1, d2)
}

/// Negative Hessian of the NB2 log-likelihood in `(β, α)`.
fn nb2_neg_hessian(
    x: &Array2<f64>,
    y: &[f64],
    mu: &[f64],
    alpha: f64,
    counts: &Distinct,
) -> Array2<f64> {
    let k = x.ncols();
    let mut h = Array2::<f64>::zeros((k + 1, k + 1));
    for (i, row) in x.rows().into_iter().enumerate() {
        let (yi, m) = (y[i], mu[i]);
        let den = 1.0 + alpha * m;
        let wbb = m * (1.0 + alpha * yi) / (den * den);
        let wba = m * (yi - m) / (den * den);
        for a in 0..k {
            for b in 0..=a {
                h[[a, b]] += wbb * row[a] * row[b];
            }
            h[[k, a]] += wba * row[a];
        }
    }
    let (_, d2) = nb2_alpha_derivs(y, mu, alpha, counts);
    h[[k, k]] = -d2;
    for a in 0..=k {
        for b in 0..a {
            h[[b, a]] = h[[a, b]];
        }
    }
    h
}

/// Joint ML for NB2: alternate IRLS in `β` and Newton in `α` until the
/// coefficients settle to `SWITCH`, then full Newton steps on `(β, α)` with
/// the analytic Hessian, which converge quadratically from there, until the
/// step is below `1e-10` relative (so the point is converged to rounding).
fn fit_nb2(
    x: &Array2<f64>,
    y: &[f64],
    off: &[f64],
    counts: &Distinct,
    max_iter: usize,
    tol: f64,
) -> Result<(Vec<f64>, f64, usize)> {
    // Alternation only finds the basin; Newton does the last digits.
    const SWITCH: f64 = 1e-6;
    let inner_tol = tol.max(1e-8);
    let (n, k) = x.dim();
    let (mut b, mut iters) = irls(x, y, off, 0.0, None, max_iter, inner_tol)?;
    let mu_of = |b: &[f64]| -> Vec<f64> {
        matvec(x, b)
            .iter()
            .zip(off)
            .map(|(e, o)| (e + o).exp())
            .collect()
    };
    // Moment start for alpha: Σ((y-μ)² - y)/μ² / n, at least 1e-3.
    let mu = mu_of(&b);
    let mut alpha = (y
        .iter()
        .zip(&mu)
        .map(|(yi, m)| ((yi - m).powi(2) - yi) / (m * m))
        .sum::<f64>()
        / n as f64)
        .max(1e-3);
    for outer in 0..max_iter {
        // Newton in alpha (on log alpha for positivity) at fixed beta.
        let mu = mu_of(&b);
        for _ in 0..50 {
            let (d1, d2) = nb2_alpha_derivs(y, &mu, alpha, counts);
            // In la = ln α: dℓ/dla = α d1, d²ℓ/dla² = α² d2 + α d1.
            let g = alpha * d1;
            let hh = alpha * alpha * d2 + alpha * d1;
            let step = if hh < 0.0 { -g / hh } else { g.signum() * 0.5 };
            let step = step.clamp(-2.0, 2.0);
            alpha *= step.exp();
            if step.abs() < 1e-10 {
                break;
            }
        }
        if !(alpha.is_finite() && alpha > 1e-12) {
            return Err(Error::convergence(format!(
                "alpha went to {alpha}: no overdispersion (use --family poisson); coefficients {b:?}"
            )));
        }
        let (b_new, it) = irls(x, y, off, alpha, Some(&b), max_iter, inner_tol)?;
        iters += it;
        let change = b_new
            .iter()
            .zip(&b)
            .map(|(a, o)| (a - o).abs() / o.abs().max(1.0))
            .fold(0.0f64, f64::max);
        b = b_new;
        if change <= SWITCH.max(tol) && outer > 0 {
            break;
        }
    }
    // Full Newton on (β, α).
    for _ in 0..50 {
        let mu = mu_of(&b);
        let h = nb2_neg_hessian(x, y, &mu, alpha, counts);
        let mut score = vec![0.0; k + 1];
        for (i, row) in x.rows().into_iter().enumerate() {
            let s = (y[i] - mu[i]) / (1.0 + alpha * mu[i]);
            for j in 0..k {
                score[j] += s * row[j];
            }
        }
        score[k] = nb2_alpha_derivs(y, &mu, alpha, counts).0;
        let Ok(inv) = spd_inverse(&h) else { break };
        let step: Vec<f64> = (0..=k)
            .map(|i| (0..=k).map(|j| inv[[i, j]] * score[j]).sum())
            .collect();
        for j in 0..k {
            b[j] += step[j];
        }
        let na = alpha + step[k];
        if na > 0.0 {
            alpha = na;
        }
        iters += 1;
        if step
            .iter()
            .zip(b.iter().chain(std::iter::once(&alpha)))
            .all(|(s, v)| s.abs() <= 1e-10 * v.abs().max(1.0))
        {
            break;
        }
    }
    Ok((b, alpha, iters))
}

/// ψ(x) by recurrence to `x ≥ 16` and the asymptotic series.
fn digamma(mut x: f64) -> f64 {
    let mut acc = 0.0;
    while x < 16.0 {
        acc -= 1.0 / x;
        x += 1.0;
    }
    let x2 = 1.0 / (x * x);
    acc + x.ln()
        - 0.5 / x
        - x2 * (1.0 / 12.0
            - x2 * (1.0 / 120.0
                - x2 * (1.0 / 252.0
                    - x2 * (1.0 / 240.0 - x2 * (1.0 / 132.0 - x2 * 691.0 / 32760.0)))))
}

/// ψ'(x) by recurrence to `x ≥ 16` and the asymptotic series.
fn trigamma(mut x: f64) -> f64 {
    let mut acc = 0.0;
    while x < 16.0 {
        acc += 1.0 / (x * x);
        x += 1.0;
    }
    let x2 = 1.0 / (x * x);
    acc + 1.0 / x
        + x2 / 2.0
        + (x2 / x)
            * (1.0 / 6.0
                - x2 * (1.0 / 30.0 - x2 * (1.0 / 42.0 - x2 * (1.0 / 30.0 - x2 * 5.0 / 66.0))))
}

/// A fitted count model.
///
/// ```
/// use colcrime::models::glm::{Family, GlmParams};
/// let x = ndarray::array![[1.0], [1.0], [1.0]];
/// let r = GlmParams::new(Family::Poisson).fit_xy(&x, &[1.0, 2.0, 3.0], None, vec!["const".into()]).unwrap();
/// assert_eq!(r.to_json()["family"], "poisson");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct GlmResult {
    /// The family.
    pub family: Family,
    /// Parameter names.
    pub param_names: Vec<String>,
    /// Coefficients.
    pub params: Vec<f64>,
    /// Standard errors.
    pub bse: Vec<f64>,
    /// `z` statistics.
    pub tvalues: Vec<f64>,
    /// Normal two-sided p-values.
    pub pvalues: Vec<f64>,
    /// 95% intervals.
    pub conf_int: Vec<[f64; 2]>,
    /// Observations.
    pub nobs: usize,
    /// Coefficients minus the constant.
    pub df_model: f64,
    /// `nobs` minus coefficients.
    pub df_resid: f64,
    /// Deviance (NB2: at the estimated `α`).
    pub deviance: f64,
    /// Deviance of the intercept(-and-offset)-only model.
    pub null_deviance: f64,
    /// `Σ (y-μ)² / V(μ)`.
    pub pearson_chi2: f64,
    /// Full log-likelihood.
    pub llf: f64,
    /// `-2 llf + 2p`.
    pub aic: f64,
    /// `-2 llf + p ln n`.
    pub bic: f64,
    /// Dispersion (1, or Pearson χ² / df_resid for quasi-Poisson).
    pub scale: f64,
    /// Whether the iterations converged (an unconverged fit is an error).
    pub converged: bool,
    /// Iterations used.
    pub iterations: usize,
    /// NB2 `α`.
    pub alpha: Option<f64>,
    /// Its standard error.
    pub alpha_bse: Option<f64>,
    /// Fitted means.
    pub mu: Vec<f64>,
    /// Covariance of the coefficients.
    pub cov_params: Array2<f64>,
    /// The response's text.
    pub response: String,
    /// Rows dropped for missing values.
    pub dropped: usize,
}

impl GlmResult {
    /// The contract's JSON.
    ///
    /// ```
    /// use colcrime::models::glm::{Family, GlmParams};
    /// let x = ndarray::array![[1.0], [1.0], [1.0]];
    /// let r = GlmParams::new(Family::Poisson).fit_xy(&x, &[1.0, 2.0, 3.0], None, vec!["const".into()]).unwrap();
    /// assert_eq!(r.to_json()["converged"], true);
    /// ```
    pub fn to_json(&self) -> Value {
        let ci: Vec<Value> = self.conf_int.iter().map(|c| nums(c)).collect();
        let mut j = json!({
            "model": "glm",
            "family": self.family.name(),
            "response": self.response,
            "param_names": self.param_names,
            "params": nums(&self.params),
            "bse": nums(&self.bse),
            "tvalues": nums(&self.tvalues),
            "pvalues": nums(&self.pvalues),
            "conf_int": ci,
            "nobs": self.nobs,
            "df_model": num(self.df_model),
            "df_resid": num(self.df_resid),
            "deviance": num(self.deviance),
            "null_deviance": num(self.null_deviance),
            "pearson_chi2": num(self.pearson_chi2),
            "llf": num(self.llf),
            "aic": num(self.aic),
            "bic": num(self.bic),
            "scale": num(self.scale),
            "converged": self.converged,
            "iterations": self.iterations,
            "dropped": self.dropped,
            "fittedvalues": nums(&self.mu),
        });
        if let Some(obj) = j.as_object_mut() {
            if let (Some(a), Some(s)) = (self.alpha, self.alpha_bse) {
                obj.insert("alpha".into(), num(a));
                obj.insert("alpha_bse".into(), num(s));
            }
        }
        j
    }

    /// A statsmodels-like text summary.
    ///
    /// ```
    /// use colcrime::models::glm::{Family, GlmParams};
    /// let x = ndarray::array![[1.0], [1.0], [1.0]];
    /// let r = GlmParams::new(Family::Poisson).fit_xy(&x, &[1.0, 2.0, 3.0], None, vec!["const".into()]).unwrap();
    /// assert!(r.summary().contains("Generalized Linear Model Regression Results"));
    /// ```
    pub fn summary(&self) -> String {
        let mut s = String::new();
        let eq = "=".repeat(78);
        let _ = writeln!(s, "{:^78}", "Generalized Linear Model Regression Results");
        let _ = writeln!(s, "{eq}");
        let rows = [
            (
                "Dep. Variable:",
                self.response.clone(),
                "No. Observations:",
                self.nobs.to_string(),
            ),
            (
                "Family:",
                self.family.name().to_string(),
                "Df Residuals:",
                format!("{}", self.df_resid),
            ),
            (
                "Link Function:",
                "Log".into(),
                "Df Model:",
                format!("{}", self.df_model),
            ),
            (
                "Method:",
                "IRLS/Newton".into(),
                "Scale:",
                format!("{:.4}", self.scale),
            ),
            (
                "Log-Likelihood:",
                format!("{:.4}", self.llf),
                "Deviance:",
                format!("{:.4}", self.deviance),
            ),
            (
                "AIC:",
                format!("{:.4}", self.aic),
                "Pearson chi2:",
                format!("{:.4}", self.pearson_chi2),
            ),
            (
                "Iterations:",
                self.iterations.to_string(),
                "Rows dropped:",
                self.dropped.to_string(),
            ),
        ];
        for (a, b, c, d) in rows {
            let _ = writeln!(s, "{a:<20}{b:>19}   {c:<20}{d:>16}");
        }
        let _ = writeln!(s, "{eq}");
        let w = self
            .param_names
            .iter()
            .map(String::len)
            .max()
            .unwrap_or(5)
            .max(10);
        let _ = writeln!(
            s,
            "{:<w$} {:>11} {:>11} {:>9} {:>9} {:>11} {:>11}",
            "", "coef", "std err", "z", "P>|z|", "[0.025", "0.975]"
        );
        let _ = writeln!(s, "{}", "-".repeat(78));
        let mut line = |name: &str, b: f64, se: f64, ci: [f64; 2]| {
            let _ = writeln!(
                s,
                "{:<w$} {:>11.4} {:>11.4} {:>9.3} {:>9.3} {:>11.4} {:>11.4}",
                name,
                b,
                se,
                b / se,
                2.0 * Normal::standard().sf((b / se).abs()),
                ci[0],
                ci[1]
            );
        };
        for j in 0..self.params.len() {
            line(
                self.param_names.get(j).map_or("", String::as_str),
                self.params[j],
                self.bse[j],
                self.conf_int.get(j).copied().unwrap_or([f64::NAN; 2]),
            );
        }
        if let (Some(a), Some(se)) = (self.alpha, self.alpha_bse) {
            let q = 1.959_963_984_540_054;
            line("alpha", a, se, [a - q * se, a + q * se]);
        }
        let _ = writeln!(s, "{eq}");
        s
    }
}

/// Fits a count model of `formula` on the first `train_rows` rows of
/// `frame`; `exposure` (a column) adds `offset(log(exposure))`.
///
/// # Errors
/// Formula errors, an offset given twice, and the errors of
/// [`GlmParams::fit_xy`].
///
/// ```
/// use colcrime::models::glm::{fit_glm_frame, Family, GlmParams};
/// use colcrime::series::Frame;
/// let f = Frame::from_csv_str("t", "y,x,pop\n1,0,10\n2,1,10\n4,2,20\n9,3,20\n").unwrap();
/// let a = fit_glm_frame(&f, "y ~ x", Some("pop"), &GlmParams::new(Family::Poisson), 4).unwrap();
/// let b = fit_glm_frame(&f, "y ~ x + offset(log(pop))", None, &GlmParams::new(Family::Poisson), 4).unwrap();
/// assert!((a.params[1] - b.params[1]).abs() < 1e-12);
/// ```
pub fn fit_glm_frame(
    frame: &Frame,
    formula: &str,
    exposure: Option<&str>,
    params: &GlmParams,
    train_rows: usize,
) -> Result<GlmResult> {
    params.validate()?;
    let text = match exposure {
        Some(col) => {
            if Formula::parse(formula)?.offset.is_some() {
                return Err(Error::usage(
                    "give either --exposure or offset(...) in the formula, not both",
                ));
            }
            let quoted = if col
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
            {
                col.to_string()
            } else {
                format!("`{col}`")
            };
            format!("{formula} + offset(log({quoted}))")
        }
        None => formula.to_string(),
    };
    let d = Formula::parse(&text)?.design(frame, 0..train_rows.min(frame.nrows()))?;
    params.fit(&d)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// On a design of more than a million cells the IRLS steps come from
    /// the triangle of `[W½X W½z]`: the estimate solves the score equations
    /// `Xᵀ(y − μ) = 0`, and its standard errors are those of the full QR of
    /// `W½X` at the optimum.
    #[test]
    fn tall_poisson_solves_the_score_equations() {
        let n = 200_000;
        let mut s: u64 = 5;
        let mut u = || {
            s = s
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (s >> 11) as f64 / (1u64 << 53) as f64
        };
        let x = Array2::from_shape_fn((n, 6), |(_, j)| if j == 0 { 1.0 } else { u() - 0.5 });
        // Counts 0..=6 drawn around exp(η), a deterministic stand-in for
        // Poisson draws.
        let y: Vec<f64> = (0..n)
            .map(|i| {
                let eta = 0.5 + 0.8 * x[[i, 1]] - 0.4 * x[[i, 2]];
                (eta.exp() * 2.0 * u()).floor().min(6.0)
            })
            .collect();
        let names: Vec<String> = (0..6).map(|j| format!("x{j}")).collect();
        let r = GlmParams::new(Family::Poisson)
            .fit_xy(&x, &y, None, names)
            .unwrap();
        let mu: Vec<f64> = matvec(&x, &r.params).iter().map(|e| e.exp()).collect();
        for j in 0..6 {
            let score: f64 = (0..n).map(|i| x[[i, j]] * (y[i] - mu[i])).sum();
            let scale: f64 = (0..n).map(|i| (x[[i, j]] * y[i]).abs()).sum();
            assert!(score.abs() < 1e-9 * scale, "score {j}: {score}");
        }
        let xw = Array2::from_shape_fn((n, 6), |(i, j)| x[[i, j]] * mu[i].sqrt());
        let inv = Qr::new(&xw).unwrap().xtx_inv().unwrap();
        for j in 0..6 {
            let se = inv[[j, j]].sqrt();
            assert!(
                (r.bse[j] - se).abs() < 1e-9 * se,
                "bse {j}: {} {se}",
                r.bse[j]
            );
        }
    }

    #[test]
    fn special_functions() {
        // ψ(1) = -γ, ψ'(1) = π²/6.
        assert!((digamma(1.0) + 0.577_215_664_901_532_9).abs() < 1e-14);
        assert!((trigamma(1.0) - std::f64::consts::PI.powi(2) / 6.0).abs() < 1e-14);
        assert!((digamma(0.5) + 1.963_510_026_021_423_5).abs() < 1e-14);
    }

    #[test]
    fn all_zero_counts_fail() {
        let x = ndarray::array![[1.0], [1.0], [1.0]];
        assert!(
            GlmParams::new(Family::Poisson)
                .fit_xy(&x, &[0.0; 3], None, vec!["c".into()])
                .is_err()
        );
        assert!(
            GlmParams::new(Family::Poisson)
                .fit_xy(&x, &[1.0, -1.0, 2.0], None, vec!["c".into()])
                .is_err()
        );
    }

    #[test]
    fn separation_is_an_error() {
        // y = 0 exactly where d = 1: the coefficient of d runs to -infinity.
        let x = ndarray::array![[1.0, 0.0], [1.0, 0.0], [1.0, 1.0], [1.0, 1.0], [1.0, 0.0]];
        let e = GlmParams::new(Family::Poisson)
            .fit_xy(
                &x,
                &[3.0, 2.0, 0.0, 0.0, 4.0],
                None,
                vec!["c".into(), "d".into()],
            )
            .unwrap_err();
        assert_eq!(e.exit_code(), 1, "{e}");
    }
}
