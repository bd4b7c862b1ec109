//! The checked settings of a count-model fit and the fit itself: the
//! estimates (IRLS or NB2 maximum likelihood), the covariance and the
//! statistics of statsmodels' `GLMResults`.

use ndarray::Array2;
use statrs::distribution::{ContinuousCDF, Normal};
use statrs::function::gamma::ln_gamma;

use super::irls::{deviance, irls};
use super::nb2::{Distinct, fit_nb2, nb2_llf, nb2_neg_hessian};
use super::{Family, GlmResult};
use crate::error::{Error, Result};
use crate::formula::Design;
use crate::stats::linalg::{matvec, spd_inverse};

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
