//! Ordinary least squares with classical, heteroskedasticity-robust (HC0–HC3)
//! and Newey–West (HAC) covariances, following statsmodels' definitions.
//!
//! The model is `y = X β + u`. `β̂` comes from a pivoted Householder QR of
//! `X` ([`linalg`](crate::stats::linalg)), never from the normal equations. With
//! `e = y - X β̂`, `n` observations, `k = rank(X)` and `B = (XᵀX)⁻¹`:
//!
//! * nonrobust: `V = s² B`, `s² = eᵀe / (n - k)`; `t` statistics with
//!   `n - k` degrees of freedom;
//! * HC0: `V = B Xᵀ diag(e²) X B` (White 1980); HC1: `HC0 · n/(n-k)`;
//!   HC2: `e²/(1-h)`; HC3: `e²/(1-h)²` (MacKinnon & White 1985), with
//!   `h` the leverages;
//! * cluster (CRV1, Liang & Zeger 1986): `V = c B (Σ_g s_g s_gᵀ) B` with
//!   `s_g = Σ_{i∈g} x_i e_i` and `c = G/(G-1) · (n-1)/(n-k)`; two-way
//!   (Cameron, Gelbach & Miller 2011, "Robust inference with multiway
//!   clustering", JBES 29(2)): `V = V₁ + V₂ - V₁₂`, each one-way CRV1 with
//!   its own `c` (`V₁₂` clusters on the intersections), exactly as
//!   statsmodels' `cov_cluster_2groups` — without an eigenvalue fix, so a
//!   negative variance gives a `NaN` standard error, as there;
//! * HAC: `V = B S B`, `S = Γ₀ + Σ_{l=1..L} w_l (Γ_l + Γ_lᵀ)`,
//!   `Γ_l = Σ_t (x_t e_t)(x_{t-l} e_{t-l})ᵀ`, Bartlett weights
//!   `w_l = 1 - l/(L+1)` (Newey & West 1987), times `n/(n-k)` only with the
//!   small-sample correction.
//!
//! As in statsmodels, robust covariances report `z` statistics with normal
//! p-values and intervals, and `fvalue` is the Wald statistic of all slopes
//! divided by their number, referred to `F(df_model, df_resid)`.
//!
//! ```
//! use colcrime::formula::design;
//! use colcrime::models::ols::{CovType, OlsParams};
//! use colcrime::series::Frame;
//! let f = Frame::from_csv_str("t", "y,x\n1,0\n3,1\n4,2\n8,3\n").unwrap();
//! let d = design(&f, "y ~ x", 0..4).unwrap();
//! let r = OlsParams::new().fit(&d).unwrap();
//! assert!((r.params[1] - 2.2).abs() < 1e-12);
//! let hc = OlsParams::new().cov_type(CovType::HC1).fit(&d).unwrap();
//! assert_eq!(hc.params, r.params);
//! ```

use std::fmt::Write as _;

use ndarray::Array2;
use rayon::prelude::*;
use serde_json::{Value, json};
use statrs::distribution::{ChiSquared, ContinuousCDF, FisherSnedecor, Normal, StudentsT};

use super::diagnostics::{LmTest, WaldTest, breusch_godfrey, breusch_pagan, reset};
use crate::error::{Error, Result};
use crate::formula::{Design, Formula};
use crate::json::{num, nums};
use crate::series::Frame;
use crate::stats::linalg::{Qr, matvec, spd_inverse, sym_eigenvalues};

/// How the covariance of the estimates is computed.
///
/// ```
/// use colcrime::models::ols::CovType;
/// assert_eq!(CovType::parse("HC3", None, false).unwrap(), CovType::HC3);
/// assert_eq!(CovType::Hac { maxlags: Some(4), correction: false }.name(), "HAC");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CovType {
    /// `s² (XᵀX)⁻¹`.
    NonRobust,
    /// White's heteroskedasticity-consistent estimator.
    HC0,
    /// HC0 times `n / (n - k)`.
    HC1,
    /// Squared residuals divided by `1 - h`.
    HC2,
    /// Squared residuals divided by `(1 - h)²`.
    HC3,
    /// Cluster-robust (CRV1, Liang & Zeger 1986) for groups given with
    /// [`OlsParams::groups`] or [`OlsParams::fit_xy_clustered`]; two-way
    /// (Cameron, Gelbach & Miller 2011) with [`OlsParams::two_way_groups`].
    Cluster {
        /// Multiply by `G/(G-1) · (n-1)/(n-k)` (statsmodels' default; in
        /// two-way clustering each of the three terms with its own `G`).
        correction: bool,
    },
    /// Newey–West with Bartlett weights.
    Hac {
        /// Lags `L`; `None` uses `floor(4 (n/100)^(2/9))` (Newey & West 1994).
        maxlags: Option<usize>,
        /// Multiply by `n / (n - k)`.
        correction: bool,
    },
}

impl CovType {
    /// statsmodels' name: `nonrobust`, `HC0`..`HC3`, `HAC`.
    ///
    /// ```
    /// # use colcrime::models::ols::CovType;
    /// assert_eq!(CovType::NonRobust.name(), "nonrobust");
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            CovType::NonRobust => "nonrobust",
            CovType::HC0 => "HC0",
            CovType::HC1 => "HC1",
            CovType::HC2 => "HC2",
            CovType::HC3 => "HC3",
            CovType::Hac { .. } => "HAC",
            CovType::Cluster { .. } => "cluster",
        }
    }

    /// Parses a name as the command line gives it (case-insensitive).
    ///
    /// # Errors
    /// An unknown name, or `maxlags`/`correction` given with a covariance
    /// other than HAC.
    ///
    /// ```
    /// # use colcrime::models::ols::CovType;
    /// assert!(CovType::parse("hac", Some(2), true).is_ok());
    /// assert!(CovType::parse("HC1", Some(2), false).is_err());
    /// assert!(CovType::parse("HC9", None, false).is_err());
    /// ```
    pub fn parse(name: &str, maxlags: Option<usize>, correction: bool) -> Result<CovType> {
        let c = match name.to_ascii_lowercase().as_str() {
            "nonrobust" => CovType::NonRobust,
            "hc0" => CovType::HC0,
            "hc1" => CovType::HC1,
            "hc2" => CovType::HC2,
            "hc3" => CovType::HC3,
            "cluster" => CovType::Cluster { correction: true },
            "hac" => {
                return Ok(CovType::Hac {
                    maxlags,
                    correction,
                });
            }
            _ => {
                return Err(Error::usage(format!(
                    "unknown covariance \"{name}\" (expected nonrobust, HC0, HC1, HC2, HC3, HAC or cluster)"
                )));
            }
        };
        if maxlags.is_some() || correction {
            return Err(Error::usage(
                "--maxlags and --hac-correction only apply to --cov HAC",
            ));
        }
        Ok(c)
    }

    fn is_robust(&self) -> bool {
        !matches!(self, CovType::NonRobust)
    }
}

/// Checked settings of an OLS fit (linfa style: build, then `fit`).
///
/// ```
/// use colcrime::models::ols::{CovType, OlsParams};
/// let p = OlsParams::new().cov_type(CovType::Hac { maxlags: Some(4), correction: true });
/// assert!(p.validate().is_ok());
/// assert!(OlsParams::new().alpha(1.5).validate().is_err());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct OlsParams {
    cov_type: CovType,
    alpha: f64,
    groups: Vec<String>,
}

impl Default for OlsParams {
    fn default() -> Self {
        OlsParams::new()
    }
}

impl OlsParams {
    /// Nonrobust covariance, 95% intervals.
    ///
    /// ```
    /// # use colcrime::models::ols::{CovType, OlsParams};
    /// assert_eq!(OlsParams::new().get_cov_type(), CovType::NonRobust);
    /// ```
    pub fn new() -> Self {
        OlsParams {
            cov_type: CovType::NonRobust,
            alpha: 0.05,
            groups: Vec::new(),
        }
    }

    /// Sets the column (text or numeric) whose values are the clusters of
    /// `CovType::Cluster`, used by [`fit_ols_frame`].
    ///
    /// ```
    /// # use colcrime::models::ols::{CovType, OlsParams};
    /// let p = OlsParams::new().cov_type(CovType::Cluster { correction: true }).groups("borough");
    /// assert!(p.validate().is_ok());
    /// assert!(OlsParams::new().groups("borough").validate().is_err());
    /// ```
    pub fn groups(mut self, column: &str) -> Self {
        self.groups = vec![column.to_string()];
        self
    }

    /// Sets two cluster columns for two-way clustering (Cameron, Gelbach &
    /// Miller 2011): `V = V₁ + V₂ - V₁₂`, as statsmodels'
    /// `cov_kwds={"groups": np.column_stack([g1, g2])}`.
    ///
    /// ```
    /// # use colcrime::models::ols::{CovType, OlsParams};
    /// let p = OlsParams::new()
    ///     .cov_type(CovType::Cluster { correction: true })
    ///     .two_way_groups("borough", "year");
    /// assert_eq!(p.get_group_columns(), ["borough", "year"]);
    /// assert!(p.validate().is_ok());
    /// assert!(OlsParams::new().two_way_groups("a", "a").validate().is_err());
    /// ```
    pub fn two_way_groups(mut self, first: &str, second: &str) -> Self {
        self.groups = vec![first.to_string(), second.to_string()];
        self
    }

    /// The (first) cluster column, if set.
    ///
    /// ```
    /// # use colcrime::models::ols::OlsParams;
    /// assert_eq!(OlsParams::new().groups("g").get_groups(), Some("g"));
    /// ```
    pub fn get_groups(&self) -> Option<&str> {
        self.groups.first().map(String::as_str)
    }

    /// Every cluster column (none, one, or two for two-way clustering).
    ///
    /// ```
    /// # use colcrime::models::ols::OlsParams;
    /// assert!(OlsParams::new().get_group_columns().is_empty());
    /// ```
    pub fn get_group_columns(&self) -> &[String] {
        &self.groups
    }

    /// Sets the covariance type.
    ///
    /// ```
    /// # use colcrime::models::ols::{CovType, OlsParams};
    /// assert_eq!(OlsParams::new().cov_type(CovType::HC0).get_cov_type(), CovType::HC0);
    /// ```
    pub fn cov_type(mut self, c: CovType) -> Self {
        self.cov_type = c;
        self
    }

    /// The covariance type.
    ///
    /// ```
    /// # use colcrime::models::ols::{CovType, OlsParams};
    /// assert_eq!(OlsParams::default().get_cov_type().name(), "nonrobust");
    /// ```
    pub fn get_cov_type(&self) -> CovType {
        self.cov_type
    }

    /// Sets the significance level of `conf_int` (default 0.05: 95%).
    ///
    /// ```
    /// # use colcrime::models::ols::OlsParams;
    /// assert!(OlsParams::new().alpha(0.1).validate().is_ok());
    /// ```
    pub fn alpha(mut self, alpha: f64) -> Self {
        self.alpha = alpha;
        self
    }

    /// Checks the settings.
    ///
    /// # Errors
    /// `alpha` outside (0, 1).
    ///
    /// ```
    /// # use colcrime::models::ols::OlsParams;
    /// assert!(OlsParams::new().alpha(0.0).validate().is_err());
    /// ```
    pub fn validate(&self) -> Result<()> {
        if !(self.alpha > 0.0 && self.alpha < 1.0) {
            return Err(Error::usage(format!(
                "the significance level must lie in (0, 1), got {}",
                self.alpha
            )));
        }
        if !self.groups.is_empty() && !matches!(self.cov_type, CovType::Cluster { .. }) {
            return Err(Error::usage("--groups only applies to --cov cluster"));
        }
        if let [a, b] = self.groups.as_slice() {
            if a == b {
                return Err(Error::usage(format!(
                    "two-way clustering needs two different columns, got \"{a}\" twice"
                )));
            }
        }
        if self.groups.len() > 2 {
            return Err(Error::usage(format!(
                "at most two cluster columns (two-way clustering), got {}",
                self.groups.len()
            )));
        }
        Ok(())
    }

    /// Fits a formula's design.
    ///
    /// # Errors
    /// Invalid settings, fewer observations than parameters, a rank-deficient
    /// design (naming the collinear columns).
    ///
    /// ```
    /// use colcrime::formula::design;
    /// use colcrime::models::ols::OlsParams;
    /// use colcrime::series::Frame;
    /// let f = Frame::from_csv_str("t", "y,a,b\n1,1,2\n2,2,4\n4,3,6\n3,5,10\n").unwrap();
    /// let e = OlsParams::new().fit(&design(&f, "y ~ a + b", 0..4).unwrap()).unwrap_err();
    /// assert!(e.to_string().contains("collinear"));
    /// ```
    pub fn fit(&self, d: &Design) -> Result<OlsResult> {
        let mut r = self.fit_inner(&d.x, &d.y, d.names.clone(), &[], Some(&d.rows))?;
        r.response = d.response.clone();
        r.dropped = d.dropped;
        Ok(r)
    }

    /// Fits `y` on the columns of `x` named `names`.
    ///
    /// # Errors
    /// As [`OlsParams::fit`], and shapes that do not agree.
    ///
    /// ```
    /// use colcrime::models::ols::OlsParams;
    /// let x = ndarray::array![[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]];
    /// let r = OlsParams::new().fit_xy(&x, &[1.0, 2.0, 3.5], vec!["const".into(), "x".into()]).unwrap();
    /// assert!((r.params[1] - 1.25).abs() < 1e-12);
    /// assert_eq!(r.df_resid, 1.0);
    /// ```
    pub fn fit_xy(&self, x: &Array2<f64>, y: &[f64], names: Vec<String>) -> Result<OlsResult> {
        self.fit_inner(x, y, names, &[], None)
    }

    /// Fits `y` on `x` with cluster labels `groups` (one per row, any
    /// integers) for `CovType::Cluster`.
    ///
    /// # Errors
    /// As [`OlsParams::fit_xy`], labels of the wrong length, fewer than two
    /// clusters, or a covariance type other than cluster.
    ///
    /// ```
    /// use colcrime::models::ols::{CovType, OlsParams};
    /// let x = ndarray::array![[1.0, 0.0], [1.0, 1.0], [1.0, 2.0], [1.0, 3.0]];
    /// let p = OlsParams::new().cov_type(CovType::Cluster { correction: true });
    /// let r = p.fit_xy_clustered(&x, &[1.0, 3.0, 4.0, 8.0], vec!["const".into(), "x".into()], &[0, 0, 1, 1]).unwrap();
    /// assert_eq!(r.n_groups, Some(2));
    /// assert!((r.params[1] - 2.2).abs() < 1e-12);
    /// ```
    pub fn fit_xy_clustered(
        &self,
        x: &Array2<f64>,
        y: &[f64],
        names: Vec<String>,
        groups: &[usize],
    ) -> Result<OlsResult> {
        if !matches!(self.cov_type, CovType::Cluster { .. }) {
            return Err(Error::usage(
                "cluster labels given for a covariance other than cluster",
            ));
        }
        self.fit_inner(x, y, names, &[groups], None)
    }

    /// Fits `y` on `x` with two-way cluster-robust covariance: labels
    /// `first` and `second` (one each per row) are the two clusterings
    /// (Cameron, Gelbach & Miller 2011; statsmodels `cov_cluster_2groups`).
    ///
    /// # Errors
    /// As [`OlsParams::fit_xy_clustered`].
    ///
    /// ```
    /// use colcrime::models::ols::{CovType, OlsParams};
    /// let x = ndarray::array![[1.0, 0.0], [1.0, 1.0], [1.0, 2.0], [1.0, 3.0], [1.0, 5.0], [1.0, 4.0]];
    /// let y = [1.0, 3.0, 4.0, 8.0, 9.0, 7.0];
    /// let names = vec!["const".to_string(), "x".to_string()];
    /// let p = OlsParams::new().cov_type(CovType::Cluster { correction: true });
    /// let r = p.fit_xy_clustered_two_way(&x, &y, names, &[0, 0, 1, 1, 2, 2], &[0, 1, 0, 1, 0, 1]).unwrap();
    /// assert_eq!(r.cluster_counts, vec![3, 2]);
    /// assert_eq!(r.n_groups, Some(2));
    /// ```
    pub fn fit_xy_clustered_two_way(
        &self,
        x: &Array2<f64>,
        y: &[f64],
        names: Vec<String>,
        first: &[usize],
        second: &[usize],
    ) -> Result<OlsResult> {
        if !matches!(self.cov_type, CovType::Cluster { .. }) {
            return Err(Error::usage(
                "cluster labels given for a covariance other than cluster",
            ));
        }
        self.fit_inner(x, y, names, &[first, second], None)
    }

    fn fit_inner(
        &self,
        x: &Array2<f64>,
        y: &[f64],
        names: Vec<String>,
        clusters: &[&[usize]],
        rows: Option<&[usize]>,
    ) -> Result<OlsResult> {
        self.validate()?;
        let (n, k) = x.dim();
        let mut cluster_counts = Vec::with_capacity(clusters.len());
        if matches!(self.cov_type, CovType::Cluster { .. }) {
            if clusters.is_empty() {
                return Err(Error::usage(
                    "--cov cluster needs the cluster column: --groups COL",
                ));
            }
            if clusters.len() > 2 {
                return Err(Error::usage(format!(
                    "at most two cluster columns (two-way clustering), got {}",
                    clusters.len()
                )));
            }
            for g in clusters {
                if g.len() != n {
                    return Err(Error::usage(format!(
                        "ols: {} cluster labels for {n} rows",
                        g.len()
                    )));
                }
                let count = distinct(g);
                if count < 2 {
                    return Err(Error::not_enough_data(
                        "cluster-robust covariance (clusters)",
                        2,
                        count,
                    ));
                }
                cluster_counts.push(count);
            }
        }
        // statsmodels: inference uses the smaller number of clusters.
        let n_groups = cluster_counts.iter().copied().min();
        if y.len() != n || names.len() != k {
            return Err(Error::usage(format!(
                "ols: {} responses, {} rows and {} names for {} columns",
                y.len(),
                n,
                names.len(),
                k
            )));
        }
        if n <= k {
            return Err(Error::not_enough_data("ols", k + 1, n));
        }
        if y.iter().any(|v| !v.is_finite()) {
            return Err(Error::domain("ols: the response has a non-finite value"));
        }
        let const_idx = constant_column(x);
        // A rank-deficient tall design goes to the full factorisation too,
        // whose message names the collinear columns.
        let tall = if const_idx.is_some() {
            crate::stats::linalg::tsqr::tall_lstsq(x, y)?
        } else {
            None
        };
        let (qr, params) = match tall {
            Some(fit) => fit,
            None => {
                let qr = Qr::new(x)?;
                qr.check_rank(&names)?;
                let params = qr.solve(x, y)?;
                (qr, params)
            }
        };
        let (fitted, resid) = fitted_and_resid(x, y, &params);
        let bread = qr.xtx_inv()?;

        let nf = n as f64;
        // As statsmodels, a constant spanned by the columns (a full set of
        // dummies) counts as an implicit constant.
        let implicit_const = const_idx.is_none() && {
            let ones = vec![1.0; n];
            qr.solve(x, &ones)
                .is_ok_and(|b| matvec(x, &b).iter().all(|f| (f - 1.0).abs() < 1e-10))
        };
        let k_constant = usize::from(const_idx.is_some() || implicit_const);
        let df_model = (k - k_constant) as f64;
        let df_resid = (n - k) as f64;
        let ssr: f64 = resid.iter().map(|e| e * e).sum();
        let ybar = y.iter().sum::<f64>() / nf;
        let centered_tss: f64 = y.iter().map(|v| (v - ybar) * (v - ybar)).sum();
        let uncentered_tss: f64 = y.iter().map(|v| v * v).sum();
        let (tss, ess) = if k_constant == 1 {
            (centered_tss, centered_tss - ssr)
        } else {
            (uncentered_tss, uncentered_tss - ssr)
        };
        let rsquared = 1.0 - ssr / tss;
        let rsquared_adj = 1.0 - (nf - k_constant as f64) / df_resid * (1.0 - rsquared);
        let mse_resid = ssr / df_resid;
        let scale = mse_resid;
        let llf = -nf / 2.0 * ((2.0 * std::f64::consts::PI).ln() + (ssr / nf).ln() + 1.0);
        let kk = df_model + k_constant as f64;
        let aic = -2.0 * llf + 2.0 * kk;
        let bic = -2.0 * llf + nf.ln() * kk;
        let dw_num: f64 = resid
            .windows(2)
            .map(|w| (w[1] - w[0]) * (w[1] - w[0]))
            .sum();
        let durbin_watson = dw_num / ssr;

        let cov = match self.cov_type {
            CovType::NonRobust => bread.mapv(|v| v * scale),
            CovType::Cluster { correction } => {
                cluster_sandwich(&bread, x, &resid, clusters, correction)?
            }
            CovType::HC0 | CovType::HC1 | CovType::HC2 | CovType::HC3 => {
                let w: Vec<f64> = match self.cov_type {
                    CovType::HC2 | CovType::HC3 => {
                        let h = qr.leverage(x)?;
                        let pow = if self.cov_type == CovType::HC2 { 1 } else { 2 };
                        resid
                            .iter()
                            .zip(&h)
                            .map(|(e, hi)| e * e / (1.0 - hi).powi(pow))
                            .collect()
                    }
                    _ => resid.iter().map(|e| e * e).collect(),
                };
                let meat = weighted_crossprod(x, &w);
                let mut c = sandwich(&bread, &meat);
                if self.cov_type == CovType::HC1 {
                    c.mapv_inplace(|v| v * nf / df_resid);
                }
                c
            }
            CovType::Hac {
                maxlags,
                correction,
            } => {
                let lags = maxlags
                    .unwrap_or_else(|| (4.0 * (nf / 100.0).powf(2.0 / 9.0)).floor() as usize);
                let meat = hac_meat(x, &resid, lags);
                let mut c = sandwich(&bread, &meat);
                if correction {
                    c.mapv_inplace(|v| v * nf / df_resid);
                }
                c
            }
        };
        let use_t = !self.cov_type.is_robust();
        let bse: Vec<f64> = (0..k).map(|j| cov[[j, j]].sqrt()).collect();
        let tvalues: Vec<f64> = params.iter().zip(&bse).map(|(b, s)| b / s).collect();
        let (pvalues, q) = if use_t {
            let t = StudentsT::new(0.0, 1.0, df_resid).map_err(|e| Error::other(e.to_string()))?;
            (
                // statrs' `sf` is off by up to a few percent far in the tail.
                tvalues
                    .iter()
                    .map(|&v| crate::stats::student_t::t_two_sided(v, df_resid))
                    .collect::<Vec<_>>(),
                t.inverse_cdf(1.0 - self.alpha / 2.0),
            )
        } else {
            let z = Normal::standard();
            (
                tvalues
                    .iter()
                    .map(|v| 2.0 * z.sf(v.abs()))
                    .collect::<Vec<_>>(),
                z.inverse_cdf(1.0 - self.alpha / 2.0),
            )
        };
        let q = refine_quantile(q, 1.0 - self.alpha / 2.0, use_t, df_resid);
        let conf_int: Vec<[f64; 2]> = params
            .iter()
            .zip(&bse)
            .map(|(b, s)| [b - q * s, b + q * s])
            .collect();

        // statsmodels refers robust F tests to `F(q, G-1)` for clusters.
        let df_denom_f = n_groups.map_or(df_resid, |g| g as f64 - 1.0);
        let n_slopes = (0..k).filter(|j| Some(*j) != const_idx).count();
        let fvalue = if df_model == 0.0
            || n_groups.is_some_and(|g| n_slopes > g - 1)
            || (implicit_const && !use_t)
        {
            // With more slopes than clusters minus one the Wald matrix is
            // singular: no F statistic (statsmodels falls back on a
            // pseudo-inverse whose rank depends on rounding).
            f64::NAN
        } else if use_t {
            (ess / df_model) / mse_resid
        } else {
            // Wald test that every slope is zero, divided by their number.
            let idx: Vec<usize> = (0..k).filter(|j| Some(*j) != const_idx).collect();
            let sub = Array2::from_shape_fn((idx.len(), idx.len()), |(a, b)| cov[[idx[a], idx[b]]]);
            match spd_inverse(&sub) {
                Ok(inv) => {
                    let bsub: Vec<f64> = idx.iter().map(|&j| params[j]).collect();
                    let mut w = 0.0;
                    for (a, ba) in bsub.iter().enumerate() {
                        for (b, bb) in bsub.iter().enumerate() {
                            w += ba * inv[[a, b]] * bb;
                        }
                    }
                    w / idx.len() as f64
                }
                Err(_) => f64::NAN,
            }
        };
        let f_pvalue = if fvalue.is_finite() {
            FisherSnedecor::new(df_model, df_denom_f)
                .map(|f| f.sf(fvalue))
                .unwrap_or(f64::NAN)
        } else {
            f64::NAN
        };
        Ok(OlsResult {
            param_names: names,
            params,
            bse,
            tvalues,
            pvalues,
            conf_int,
            nobs: n,
            df_model,
            df_resid,
            rsquared,
            rsquared_adj,
            fvalue,
            f_pvalue,
            llf,
            aic,
            bic,
            ssr,
            ess,
            centered_tss,
            uncentered_tss,
            mse_resid,
            scale,
            durbin_watson,
            resid,
            fittedvalues: fitted,
            cov_type: self.cov_type,
            cov_params: cov,
            normalized_cov_params: bread,
            k_constant,
            use_t,
            alpha: self.alpha,
            response: "y".into(),
            rows: rows.map_or_else(|| (0..n).collect(), <[usize]>::to_vec),
            dropped: 0,
            n_groups,
            cluster_counts,
        })
    }
}

/// Polishes a quantile from statrs with Newton steps on the CDF, so the
/// intervals carry full double precision (statrs' inverses stop earlier).
fn refine_quantile(q0: f64, p: f64, use_t: bool, df: f64) -> f64 {
    let mut q = q0;
    if use_t {
        if let Ok(t) = StudentsT::new(0.0, 1.0, df) {
            use statrs::distribution::Continuous;
            for _ in 0..3 {
                let d = t.pdf(q);
                if d > 0.0 {
                    // The CDF from the accurate survival function.
                    let cdf = 1.0 - crate::stats::student_t::t_sf(q, df);
                    q -= (cdf - p) / d;
                }
            }
        }
    } else {
        let z = Normal::standard();
        use statrs::distribution::Continuous;
        for _ in 0..3 {
            let d = z.pdf(q);
            if d > 0.0 {
                q -= (z.cdf(q) - p) / d;
            }
        }
    }
    q
}

/// The index of a column that is constant and non-zero (statsmodels'
/// `k_constant` detection), if any.
fn constant_column(x: &Array2<f64>) -> Option<usize> {
    let Some(cells) = x.as_slice() else {
        return x.columns().into_iter().position(|c| {
            let first = c.first().copied().unwrap_or(0.0);
            first != 0.0 && c.iter().all(|v| *v == first)
        });
    };
    // Row-major: one pass over the rows, dropping candidates as they vary.
    let k = x.ncols();
    let first: Vec<f64> = cells.get(..k)?.to_vec();
    let mut candidate: Vec<bool> = first.iter().map(|v| *v != 0.0).collect();
    for row in cells.chunks_exact(k).skip(1) {
        let mut any = false;
        for ((c, v), f) in candidate.iter_mut().zip(row).zip(&first) {
            *c = *c && v == f;
            any |= *c;
        }
        if !any {
            return None;
        }
    }
    candidate.iter().position(|c| *c)
}

/// Fitted values `X b` and residuals `y - X b`; by blocks of rows on all
/// threads for a large row-major design.
fn fitted_and_resid(x: &Array2<f64>, y: &[f64], b: &[f64]) -> (Vec<f64>, Vec<f64>) {
    const ROWS: usize = 1 << 14;
    let (n, k) = x.dim();
    match x.as_slice() {
        Some(cells) if n * k >= 1 << 20 && y.len() == n && b.len() == k => {
            let mut fitted = vec![0.0; n];
            let mut resid = vec![0.0; n];
            fitted
                .par_chunks_mut(ROWS)
                .zip(resid.par_chunks_mut(ROWS))
                .enumerate()
                .for_each(|(c, (f, r))| {
                    let lo = c * ROWS;
                    let rows = cells[lo * k..(lo + f.len()) * k].chunks_exact(k);
                    for (((fi, ri), row), yi) in f.iter_mut().zip(r).zip(rows).zip(&y[lo..]) {
                        let v: f64 = row.iter().zip(b).map(|(a, c)| a * c).sum();
                        *fi = v;
                        *ri = yi - v;
                    }
                });
            (fitted, resid)
        }
        _ => {
            let fitted = matvec(x, b);
            let resid = y.iter().zip(&fitted).map(|(a, f)| a - f).collect();
            (fitted, resid)
        }
    }
}

/// `Xᵀ diag(w) X`.
fn weighted_crossprod(x: &Array2<f64>, w: &[f64]) -> Array2<f64> {
    let k = x.ncols();
    let mut m = Array2::<f64>::zeros((k, k));
    for (row, wi) in x.rows().into_iter().zip(w) {
        for a in 0..k {
            let ra = row[a] * wi;
            for b in 0..=a {
                m[[a, b]] += ra * row[b];
            }
        }
    }
    for a in 0..k {
        for b in 0..a {
            m[[b, a]] = m[[a, b]];
        }
    }
    m
}

/// Newey–West `S` with Bartlett weights for scores `x_t e_t`.
fn hac_meat(x: &Array2<f64>, e: &[f64], lags: usize) -> Array2<f64> {
    let (n, k) = x.dim();
    let u = Array2::from_shape_fn((n, k), |(t, j)| x[[t, j]] * e[t]);
    let mut s = u.t().dot(&u);
    for l in 1..=lags.min(n.saturating_sub(1)) {
        let w = 1.0 - l as f64 / (lags as f64 + 1.0);
        let g = u
            .slice(ndarray::s![l.., ..])
            .t()
            .dot(&u.slice(ndarray::s![..n - l, ..]));
        s = s + (&g + &g.t()) * w;
    }
    s
}

/// Cluster-robust covariance of an M-estimator with a log-likelihood-type
/// objective whose Hessian is `-Xᵀ diag(h) X` and whose score of row `i`
/// is `x_i s_i`: `B (Σ_g u_g u_gᵀ) B` with `B = (Xᵀ diag(h) X)⁻¹` and
/// `u_g = Σ_{i∈g} x_i s_i`, times `G/(G-1) · (n-1)/(n-k)` with
/// `correction` (statsmodels' `cov_cluster`); with two clusterings
/// `V₁ + V₂ - V₁₂` (Cameron, Gelbach & Miller 2011; statsmodels'
/// `cov_cluster_2groups`, no eigenvalue fix).
///
/// * OLS: `h = 1`, `s = e` (the residuals);
/// * Poisson GLM (log link): `h = μ`, `s = y - μ`, as statsmodels'
///   `GLM(..., family=Poisson()).fit(cov_type="cluster")`;
/// * negative binomial NB2 (log link) with `α` held at its estimate, as
///   statsmodels' `GLM(..., family=NegativeBinomial(alpha))`, which uses
///   the observed information (the log link is not canonical for NB2):
///   `h = μ(1+αy)/(1+αμ)²`, `s = (y - μ)/(1+αμ)`.
///
/// `clusters` holds one or two label vectors (any integers, one per row).
///
/// # Errors
/// No clustering or more than two, labels of the wrong length, fewer than
/// two clusters, weights of the wrong length, or a singular `Xᵀ diag(h) X`.
///
/// ```
/// use colcrime::models::ols::{cluster_robust_cov, CovType, OlsParams};
/// let x = ndarray::array![[1.0, 0.0], [1.0, 1.0], [1.0, 2.0], [1.0, 3.0], [1.0, 5.0], [1.0, 4.0]];
/// let y = [1.0, 3.0, 4.0, 8.0, 9.0, 7.0];
/// let g = [0, 0, 1, 1, 2, 2];
/// let p = OlsParams::new().cov_type(CovType::Cluster { correction: true });
/// let r = p.fit_xy_clustered(&x, &y, vec!["const".into(), "x".into()], &g).unwrap();
/// let v = cluster_robust_cov(&x, &[1.0; 6], &r.resid, &[&g], true).unwrap();
/// assert!((v[[1, 1]] - r.cov_params[[1, 1]]).abs() < 1e-14);
/// ```
pub fn cluster_robust_cov(
    x: &Array2<f64>,
    h: &[f64],
    s: &[f64],
    clusters: &[&[usize]],
    correction: bool,
) -> Result<Array2<f64>> {
    let (n, k) = x.dim();
    if h.len() != n || s.len() != n {
        return Err(Error::usage(format!(
            "cluster covariance: {} Hessian weights and {} scores for {n} rows",
            h.len(),
            s.len()
        )));
    }
    if n <= k {
        return Err(Error::not_enough_data("cluster covariance", k + 1, n));
    }
    if h.iter().any(|v| !(v.is_finite() && *v > 0.0)) {
        return Err(Error::domain(
            "cluster covariance: the Hessian weights must be positive",
        ));
    }
    let xw = Array2::from_shape_fn((n, k), |(i, j)| x[[i, j]] * h[i].sqrt());
    let bread = crate::stats::linalg::tsqr::qr_for_covariance(&xw)?.xtx_inv()?;
    for g in clusters {
        if g.len() != n {
            return Err(Error::usage(format!(
                "cluster covariance: {} cluster labels for {n} rows",
                g.len()
            )));
        }
    }
    cluster_sandwich(&bread, x, s, clusters, correction)
}

/// `B (Σ_g u_g u_gᵀ) B` with the small-sample factor, one- or two-way (see
/// [`cluster_robust_cov`]).
fn cluster_sandwich(
    bread: &Array2<f64>,
    x: &Array2<f64>,
    s: &[f64],
    clusters: &[&[usize]],
    correction: bool,
) -> Result<Array2<f64>> {
    let (n, k) = x.dim();
    let nf = n as f64;
    let one_way = |g: &[usize]| -> Result<Array2<f64>> {
        let count = distinct(g);
        if count < 2 {
            return Err(Error::not_enough_data(
                "cluster-robust covariance (clusters)",
                2,
                count,
            ));
        }
        let meat = cluster_meat(x, s, g);
        let mut c = sandwich(bread, &meat);
        if correction {
            let gf = count as f64;
            let f = gf / (gf - 1.0) * ((nf - 1.0) / (nf - k as f64));
            c.mapv_inplace(|v| v * f);
        }
        Ok(c)
    };
    match clusters {
        [g] => one_way(g),
        [g0, g1] => {
            let (g01, _) = intersect(g0, g1);
            Ok(one_way(g0)? + one_way(g1)? - one_way(&g01)?)
        }
        _ => Err(Error::usage(format!(
            "cluster covariance needs one or two clusterings, got {}",
            clusters.len()
        ))),
    }
}

/// The number of distinct labels.
fn distinct(g: &[usize]) -> usize {
    let mut u = g.to_vec();
    u.sort_unstable();
    u.dedup();
    u.len()
}

/// Labels of the intersections of two clusterings (rows share a label when
/// they share both), and how many there are.
fn intersect(a: &[usize], b: &[usize]) -> (Vec<usize>, usize) {
    let mut seen: std::collections::HashMap<(usize, usize), usize> =
        std::collections::HashMap::new();
    let labels = a
        .iter()
        .zip(b)
        .map(|(x, y)| {
            let next = seen.len();
            *seen.entry((*x, *y)).or_insert(next)
        })
        .collect();
    (labels, seen.len())
}

/// Cluster meat `Σ_g (Σ_{i∈g} x_i e_i)(Σ_{i∈g} x_i e_i)ᵀ`.
fn cluster_meat(x: &Array2<f64>, e: &[f64], groups: &[usize]) -> Array2<f64> {
    let k = x.ncols();
    let mut sums: std::collections::BTreeMap<usize, Vec<f64>> = std::collections::BTreeMap::new();
    for ((row, ei), g) in x.rows().into_iter().zip(e).zip(groups) {
        let s = sums.entry(*g).or_insert_with(|| vec![0.0; k]);
        for (sj, xj) in s.iter_mut().zip(row.iter()) {
            *sj += xj * ei;
        }
    }
    let mut m = Array2::<f64>::zeros((k, k));
    for s in sums.values() {
        for a in 0..k {
            for b in 0..k {
                m[[a, b]] += s[a] * s[b];
            }
        }
    }
    m
}

/// `B M B` for symmetric `B`.
fn sandwich(b: &Array2<f64>, m: &Array2<f64>) -> Array2<f64> {
    b.dot(m).dot(b)
}

/// A fitted OLS model with statsmodels' statistics.
///
/// ```
/// use colcrime::models::ols::OlsParams;
/// let x = ndarray::array![[1.0, 0.0], [1.0, 1.0], [1.0, 2.0], [1.0, 3.0]];
/// let r = OlsParams::new().fit_xy(&x, &[0.0, 1.0, 1.0, 3.0], vec!["const".into(), "x".into()]).unwrap();
/// assert!((r.rsquared - 20.25 / 23.75).abs() < 1e-12);
/// assert_eq!(r.to_json()["cov_type"], "nonrobust");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct OlsResult {
    /// Parameter names.
    pub param_names: Vec<String>,
    /// Estimates.
    pub params: Vec<f64>,
    /// Standard errors.
    pub bse: Vec<f64>,
    /// `t` (nonrobust) or `z` (robust) statistics.
    pub tvalues: Vec<f64>,
    /// Two-sided p-values.
    pub pvalues: Vec<f64>,
    /// Confidence intervals `[lower, upper]` (95% by default).
    pub conf_int: Vec<[f64; 2]>,
    /// Observations used.
    pub nobs: usize,
    /// Parameters minus the constant.
    pub df_model: f64,
    /// `nobs - k`.
    pub df_resid: f64,
    /// `1 - ssr / tss` (centered with a constant, uncentered without).
    pub rsquared: f64,
    /// Adjusted R².
    pub rsquared_adj: f64,
    /// F statistic of all slopes (Wald form under robust covariances).
    pub fvalue: f64,
    /// Its p-value from `F(df_model, df_resid)`.
    pub f_pvalue: f64,
    /// Gaussian log-likelihood at the MLE of the variance.
    pub llf: f64,
    /// `-2 llf + 2 k`.
    pub aic: f64,
    /// `-2 llf + log(n) k`.
    pub bic: f64,
    /// Residual sum of squares.
    pub ssr: f64,
    /// Explained sum of squares.
    pub ess: f64,
    /// `Σ (y - ȳ)²`.
    pub centered_tss: f64,
    /// `Σ y²`.
    pub uncentered_tss: f64,
    /// `ssr / df_resid`.
    pub mse_resid: f64,
    /// `ssr / df_resid` (σ̂²).
    pub scale: f64,
    /// Durbin–Watson statistic of the residuals.
    pub durbin_watson: f64,
    /// Residuals.
    pub resid: Vec<f64>,
    /// Fitted values.
    pub fittedvalues: Vec<f64>,
    /// The covariance type.
    pub cov_type: CovType,
    /// Covariance of the estimates.
    pub cov_params: Array2<f64>,
    /// `(XᵀX)⁻¹`.
    pub normalized_cov_params: Array2<f64>,
    /// 1 if the design has a constant column.
    pub k_constant: usize,
    /// `t` (true) or normal (false) inference.
    pub use_t: bool,
    /// Significance level of `conf_int`.
    pub alpha: f64,
    /// The response's text.
    pub response: String,
    /// Frame rows used.
    pub rows: Vec<usize>,
    /// Rows dropped for missing values.
    pub dropped: usize,
    /// Number of clusters of a cluster-robust covariance (with two-way
    /// clustering the smaller of the two, which statsmodels uses for the
    /// degrees of freedom of tests: `F(q, G - 1)`).
    pub n_groups: Option<usize>,
    /// Number of clusters in each clustering (one entry, or two for
    /// two-way clustering); empty without clustering.
    pub cluster_counts: Vec<usize>,
}

impl OlsResult {
    /// Predictions `X β̂` for new rows (same columns as the fit).
    ///
    /// # Errors
    /// The wrong number of columns.
    ///
    /// ```
    /// use colcrime::models::ols::OlsParams;
    /// let x = ndarray::array![[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]];
    /// let r = OlsParams::new().fit_xy(&x, &[1.0, 3.0, 5.0], vec!["const".into(), "x".into()]).unwrap();
    /// let p = r.predict(&ndarray::array![[1.0, 10.0]]).unwrap();
    /// assert!((p[0] - 21.0).abs() < 1e-10);
    /// ```
    pub fn predict(&self, x: &Array2<f64>) -> Result<Vec<f64>> {
        if x.ncols() != self.params.len() {
            return Err(Error::usage(format!(
                "predict: {} columns given, the model has {} parameters",
                x.ncols(),
                self.params.len()
            )));
        }
        Ok(matvec(x, &self.params))
    }

    /// The contract's JSON (statsmodels names), plus `cov_params`,
    /// `response`, `dropped` and `k_constant`.
    ///
    /// ```
    /// use colcrime::models::ols::OlsParams;
    /// let x = ndarray::array![[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]];
    /// let r = OlsParams::new().fit_xy(&x, &[1.0, 3.0, 5.0], vec!["const".into(), "x".into()]).unwrap();
    /// let j = r.to_json();
    /// assert_eq!(j["param_names"][1], "x");
    /// assert_eq!(j["nobs"], 3);
    /// ```
    pub fn to_json(&self) -> Value {
        let ci: Vec<Value> = self.conf_int.iter().map(|c| nums(c)).collect();
        let mut j = json!({
            "model": "ols",
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
            "rsquared": num(self.rsquared),
            "rsquared_adj": num(self.rsquared_adj),
            "fvalue": num(self.fvalue),
            "f_pvalue": num(self.f_pvalue),
            "llf": num(self.llf),
            "aic": num(self.aic),
            "bic": num(self.bic),
            "ssr": num(self.ssr),
            "ess": num(self.ess),
            "centered_tss": num(self.centered_tss),
            "uncentered_tss": num(self.uncentered_tss),
            "mse_resid": num(self.mse_resid),
            "scale": num(self.scale),
            "durbin_watson": num(self.durbin_watson),
            "resid": nums(&self.resid),
            "fittedvalues": nums(&self.fittedvalues),
            "cov_type": self.cov_type.name(),
            "use_t": self.use_t,
            "k_constant": self.k_constant,
            "dropped": self.dropped,
            "cov_params": crate::json::matrix(&self.cov_params),
        });
        if let (
            CovType::Hac {
                maxlags,
                correction,
            },
            Some(obj),
        ) = (self.cov_type, j.as_object_mut())
        {
            let lags = maxlags.unwrap_or_else(|| {
                (4.0 * (self.nobs as f64 / 100.0).powf(2.0 / 9.0)).floor() as usize
            });
            obj.insert("maxlags".into(), json!(lags));
            obj.insert("hac_correction".into(), json!(correction));
        }
        if let (Some(g), Some(obj)) = (self.n_groups, j.as_object_mut()) {
            // statsmodels' `n_groups`: a number, or a pair for two-way.
            if self.cluster_counts.len() == 2 {
                obj.insert("n_groups".into(), json!(self.cluster_counts));
            } else {
                obj.insert("n_groups".into(), json!(g));
            }
            obj.insert("df_resid_inference".into(), json!(g.saturating_sub(1)));
        }
        j
    }

    /// Skewness, kurtosis (not excess), Jarque–Bera statistic and its
    /// `χ²(2)` p-value of the residuals (as statsmodels' summary).
    ///
    /// ```
    /// use colcrime::models::ols::OlsParams;
    /// let x = ndarray::array![[1.0], [1.0], [1.0], [1.0]];
    /// let r = OlsParams::new().fit_xy(&x, &[1.0, 2.0, 3.0, 10.0], vec!["const".into()]).unwrap();
    /// let (skew, _, jb, p) = r.jarque_bera();
    /// assert!(skew > 0.0 && jb > 0.0 && p < 1.0);
    /// ```
    pub fn jarque_bera(&self) -> (f64, f64, f64, f64) {
        let n = self.resid.len() as f64;
        let m = self.resid.iter().sum::<f64>() / n;
        let (mut m2, mut m3, mut m4) = (0.0, 0.0, 0.0);
        for e in &self.resid {
            let d = e - m;
            m2 += d * d;
            m3 += d * d * d;
            m4 += d * d * d * d;
        }
        m2 /= n;
        m3 /= n;
        m4 /= n;
        let skew = m3 / m2.powf(1.5);
        let kurt = m4 / (m2 * m2);
        let jb = n / 6.0 * (skew * skew + (kurt - 3.0).powi(2) / 4.0);
        let p = ChiSquared::new(2.0).map(|c| c.sf(jb)).unwrap_or(f64::NAN);
        (skew, kurt, jb, p)
    }

    /// A text summary laid out like statsmodels' `OLSResults.summary()`.
    ///
    /// ```
    /// use colcrime::models::ols::OlsParams;
    /// let x = ndarray::array![[1.0, 0.0], [1.0, 1.0], [1.0, 2.0], [1.0, 4.0]];
    /// let r = OlsParams::new().fit_xy(&x, &[1.0, 3.0, 4.0, 9.0], vec!["const".into(), "x".into()]).unwrap();
    /// assert!(r.summary().contains("OLS Regression Results"));
    /// ```
    pub fn summary(&self) -> String {
        let mut s = String::new();
        let w = 78;
        let eq = "=".repeat(w);
        let dash = "-".repeat(w);
        let _ = writeln!(s, "{:^w$}", "OLS Regression Results");
        let _ = writeln!(s, "{eq}");
        let left = [
            ("Dep. Variable:", self.response.clone()),
            ("Model:", "OLS".into()),
            ("Method:", "Least Squares".into()),
            ("No. Observations:", self.nobs.to_string()),
            ("Df Residuals:", format!("{}", self.df_resid)),
            ("Df Model:", format!("{}", self.df_model)),
            ("Covariance Type:", self.cov_type.name().to_string()),
            ("Rows dropped:", self.dropped.to_string()),
        ];
        let right = [
            ("R-squared:", format!("{:.3}", self.rsquared)),
            ("Adj. R-squared:", format!("{:.3}", self.rsquared_adj)),
            ("F-statistic:", fmt_g(self.fvalue)),
            ("Prob (F-statistic):", fmt_g(self.f_pvalue)),
            ("Log-Likelihood:", fmt_g(self.llf)),
            ("AIC:", fmt_g(self.aic)),
            ("BIC:", fmt_g(self.bic)),
            ("", String::new()),
        ];
        for (l, r) in left.iter().zip(&right) {
            let _ = writeln!(s, "{:<20}{:>19}   {:<20}{:>16}", l.0, l.1, r.0, r.1);
        }
        let _ = writeln!(s, "{eq}");
        let stat = if self.use_t { "t" } else { "z" };
        let lo = format!("[{}", fmt_level(self.alpha / 2.0));
        let hi = format!("{}]", fmt_level(1.0 - self.alpha / 2.0));
        let namew = self
            .param_names
            .iter()
            .map(|n| n.len())
            .max()
            .unwrap_or(5)
            .max(10);
        let _ = writeln!(
            s,
            "{:<namew$} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10}",
            "",
            "coef",
            "std err",
            stat,
            format!("P>|{stat}|"),
            lo,
            hi
        );
        let _ = writeln!(s, "{dash}");
        for j in 0..self.params.len() {
            let ci = self.conf_int.get(j).copied().unwrap_or([f64::NAN; 2]);
            let _ = writeln!(
                s,
                "{:<namew$} {:>10} {:>10} {:>10.3} {:>10.3} {:>10} {:>10}",
                self.param_names.get(j).map_or("", String::as_str),
                fmt_g(self.params[j]),
                fmt_g(self.bse[j]),
                self.tvalues[j],
                self.pvalues[j],
                fmt_g(ci[0]),
                fmt_g(ci[1])
            );
        }
        let _ = writeln!(s, "{eq}");
        let (skew, kurt, jb, pjb) = self.jarque_bera();
        let _ = writeln!(
            s,
            "{:<20}{:>19}   {:<20}{:>16}",
            "Durbin-Watson:",
            format!("{:.3}", self.durbin_watson),
            "Jarque-Bera (JB):",
            format!("{jb:.3}")
        );
        let _ = writeln!(
            s,
            "{:<20}{:>19}   {:<20}{:>16}",
            "Skew:",
            format!("{skew:.3}"),
            "Prob(JB):",
            fmt_g(pjb)
        );
        let _ = writeln!(s, "{:<20}{:>19}", "Kurtosis:", format!("{kurt:.3}"));
        let _ = writeln!(s, "{eq}");
        if let [g0, g1] = self.cluster_counts.as_slice() {
            let _ = writeln!(
                s,
                "Notes:\n[1] Standard Errors are robust to two-way cluster correlation (cluster), {g0} and {g1} clusters"
            );
        } else if let Some(g) = self.n_groups {
            let _ = writeln!(
                s,
                "Notes:\n[1] Standard Errors are robust to cluster correlation (cluster), {g} clusters"
            );
        } else if self.cov_type.is_robust() {
            let _ = writeln!(
                s,
                "Notes:\n[1] Standard Errors are heteroscedasticity{} robust ({})",
                if matches!(self.cov_type, CovType::Hac { .. }) {
                    " and autocorrelation"
                } else {
                    ""
                },
                self.cov_type.name()
            );
        } else {
            let _ = writeln!(
                s,
                "Notes:\n[1] Standard Errors assume that the covariance matrix of the errors is correctly specified."
            );
        }
        s
    }
}

fn fmt_level(p: f64) -> String {
    let s = format!("{p:.3}");
    s
}

/// statsmodels-like compact number: 4 significant digits, scientific when
/// very large or small.
fn fmt_g(v: f64) -> String {
    if !v.is_finite() {
        return format!("{v}");
    }
    let a = v.abs();
    if a != 0.0 && !(1e-4..1e6).contains(&a) {
        format!("{v:.3e}")
    } else if a >= 1000.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.4}")
    }
}

/// Specification diagnostics of an OLS fit (statsmodels' summary footer and
/// `stats.outliers_influence`): Breusch-Godfrey (default lags
/// `min(10, n/5)`), Breusch-Pagan (Koenker, on the regressors), RESET
/// (powers 2..3 of the fitted values, χ² form as `linear_reset`'s default),
/// Jarque-Bera, the condition number `sqrt(λmax/λmin)` of `XᵀX`, variance
/// inflation factors `1/(1-R²_j)` (regressing column `j` on the others) and,
/// optionally, leverages `h_i` and Cook's distances
/// `D_i = e_i² h_i / (k s² (1-h_i)²)`.
///
/// A test that cannot be computed on this design (e.g. Breusch-Pagan
/// without a constant) is `None`.
///
/// ```
/// use colcrime::formula::design;
/// use colcrime::models::ols::{OlsDiagnostics, OlsParams};
/// use colcrime::series::Frame;
/// let f = Frame::from_csv_str("t", "y,x,z\n1,0,1\n3,1,0\n4,2,2\n8,3,1\n9,4,5\n13,5,2\n").unwrap();
/// let d = design(&f, "y ~ x + z", 0..6).unwrap();
/// let r = OlsParams::new().fit(&d).unwrap();
/// let g = OlsDiagnostics::compute(&d.x, &d.y, &r, true).unwrap();
/// assert!(g.vif[0].is_none() && g.vif[1].unwrap() >= 1.0);
/// let h: f64 = g.leverage.as_ref().unwrap().iter().sum();
/// assert!((h - 3.0).abs() < 1e-12);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct OlsDiagnostics {
    /// Breusch-Godfrey serial-correlation test.
    pub breusch_godfrey: Option<LmTest>,
    /// Breusch-Pagan heteroskedasticity test (Koenker form).
    pub breusch_pagan: Option<LmTest>,
    /// Ramsey's RESET, powers 2 and 3, χ² form.
    pub reset: Option<WaldTest>,
    /// Jarque-Bera `(statistic, pvalue, skew, kurtosis)`.
    pub jarque_bera: (f64, f64, f64, f64),
    /// `sqrt(λmax / λmin)` of `XᵀX`.
    pub condition_number: f64,
    /// Variance inflation factor per parameter (`None` for the constant).
    pub vif: Vec<Option<f64>>,
    /// Leverages (hat-matrix diagonal), when asked for.
    pub leverage: Option<Vec<f64>>,
    /// Cook's distances, when asked for.
    pub cooks_distance: Option<Vec<f64>>,
}

impl OlsDiagnostics {
    /// Computes the diagnostics of `r`, fitted to `y` on `x`.
    ///
    /// # Errors
    /// `x`/`y` that are not the fit's, or a singular design.
    ///
    /// ```
    /// use colcrime::models::ols::{OlsDiagnostics, OlsParams};
    /// let x = ndarray::array![[1.0, 0.0], [1.0, 1.0], [1.0, 2.0], [1.0, 4.0], [1.0, 5.0]];
    /// let y = [1.0, 3.0, 4.0, 9.0, 10.0];
    /// let r = OlsParams::new().fit_xy(&x, &y, vec!["const".into(), "x".into()]).unwrap();
    /// let g = OlsDiagnostics::compute(&x, &y, &r, false).unwrap();
    /// assert_eq!(g.vif[1], Some(1.0));
    /// assert!(g.cooks_distance.is_none());
    /// ```
    pub fn compute(
        x: &Array2<f64>,
        y: &[f64],
        r: &OlsResult,
        influence: bool,
    ) -> Result<OlsDiagnostics> {
        let (n, k) = x.dim();
        if y.len() != n || r.resid.len() != n || r.params.len() != k {
            return Err(Error::usage(
                "ols diagnostics: the design is not the one the model was fitted to",
            ));
        }
        let breusch_godfrey = breusch_godfrey(x, &r.resid, None).ok();
        let breusch_pagan = breusch_pagan(&r.resid, x, true).ok();
        let reset = reset(x, y, 3, false).ok();
        let (skew, kurt, jb, pjb) = r.jarque_bera();
        let xtx = x.t().dot(x);
        let eig = sym_eigenvalues(&xtx);
        let (lo, hi) = eig
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
                (a.min(v), b.max(v))
            });
        let condition_number = (hi / lo).sqrt();
        let const_idx = constant_column(x);
        let mut vif = Vec::with_capacity(k);
        for j in 0..k {
            if Some(j) == const_idx || k < 2 {
                vif.push(None);
                continue;
            }
            let others: Vec<usize> = (0..k).filter(|&c| c != j).collect();
            let xo = Array2::from_shape_fn((n, k - 1), |(i, c)| x[[i, others[c]]]);
            let yj: Vec<f64> = x.column(j).to_vec();
            let names: Vec<String> = (0..k - 1).map(|c| format!("x{c}")).collect();
            let v = OlsParams::new()
                .fit_xy(&xo, &yj, names)
                .map(|a| 1.0 / (1.0 - a.rsquared))
                .unwrap_or(f64::INFINITY);
            vif.push(Some(v));
        }
        let (leverage, cooks_distance) = if influence {
            let qr = crate::stats::linalg::tsqr::qr_for_covariance(x)?;
            let h = qr.leverage(x)?;
            let kf = k as f64;
            let d: Vec<f64> = r
                .resid
                .iter()
                .zip(&h)
                .map(|(e, hi)| e * e * hi / (kf * r.scale * (1.0 - hi) * (1.0 - hi)))
                .collect();
            (Some(h), Some(d))
        } else {
            (None, None)
        };
        Ok(OlsDiagnostics {
            breusch_godfrey,
            breusch_pagan,
            reset,
            jarque_bera: (jb, pjb, skew, kurt),
            condition_number,
            vif,
            leverage,
            cooks_distance,
        })
    }

    /// Adds `diagnostics {breusch_godfrey, breusch_pagan, reset,
    /// jarque_bera, condition_number}`, `vif` (aligned with `param_names`,
    /// `null` for the constant) and, when computed, `leverage` and
    /// `cooks_distance` to a fit's JSON object.
    ///
    /// ```
    /// use colcrime::models::ols::{OlsDiagnostics, OlsParams};
    /// let x = ndarray::array![[1.0, 0.0], [1.0, 1.0], [1.0, 2.0], [1.0, 4.0], [1.0, 5.0]];
    /// let y = [1.0, 3.0, 4.0, 9.0, 10.0];
    /// let r = OlsParams::new().fit_xy(&x, &y, vec!["const".into(), "x".into()]).unwrap();
    /// let mut j = r.to_json();
    /// OlsDiagnostics::compute(&x, &y, &r, true).unwrap().add_to_json(&mut j);
    /// assert_eq!(j["vif"][1], 1.0);
    /// assert_eq!(j["cooks_distance"].as_array().unwrap().len(), 5);
    /// ```
    pub fn add_to_json(&self, j: &mut Value) {
        let Some(obj) = j.as_object_mut() else {
            return;
        };
        let (jb, pjb, skew, kurt) = self.jarque_bera;
        obj.insert(
            "diagnostics".into(),
            json!({
                "breusch_godfrey": self.breusch_godfrey.map_or(Value::Null, |t| t.to_json()),
                "breusch_pagan": self.breusch_pagan.map_or(Value::Null, |t| t.to_json()),
                "reset": self.reset.map_or(Value::Null, |t| t.to_json()),
                "jarque_bera": {"statistic": num(jb), "pvalue": num(pjb), "skew": num(skew), "kurtosis": num(kurt)},
                "condition_number": num(self.condition_number),
            }),
        );
        obj.insert(
            "vif".into(),
            Value::Array(
                self.vif
                    .iter()
                    .map(|v| v.map_or(Value::Null, num))
                    .collect(),
            ),
        );
        if let Some(h) = &self.leverage {
            obj.insert("leverage".into(), nums(h));
        }
        if let Some(d) = &self.cooks_distance {
            obj.insert("cooks_distance".into(), nums(d));
        }
    }

    /// Footer lines for the text summary.
    ///
    /// ```
    /// use colcrime::models::ols::{OlsDiagnostics, OlsParams};
    /// let x = ndarray::array![[1.0, 0.0], [1.0, 1.0], [1.0, 2.0], [1.0, 4.0], [1.0, 5.0]];
    /// let y = [1.0, 3.0, 4.0, 9.0, 10.0];
    /// let r = OlsParams::new().fit_xy(&x, &y, vec!["const".into(), "x".into()]).unwrap();
    /// let g = OlsDiagnostics::compute(&x, &y, &r, false).unwrap();
    /// assert!(g.footer(&r.param_names).contains("Cond. No."));
    /// ```
    pub fn footer(&self, names: &[String]) -> String {
        let mut s = String::new();
        let p = |t: Option<f64>| t.map_or_else(|| "n/a".to_string(), fmt_g);
        let _ = writeln!(s, "Diagnostics:");
        let _ = writeln!(
            s,
            "  Breusch-Godfrey LM {} (p {}, {} lags)   Breusch-Pagan LM {} (p {})",
            p(self.breusch_godfrey.map(|t| t.lm)),
            p(self.breusch_godfrey.map(|t| t.lm_pvalue)),
            self.breusch_godfrey.map_or(0.0, |t| t.df),
            p(self.breusch_pagan.map(|t| t.lm)),
            p(self.breusch_pagan.map(|t| t.lm_pvalue)),
        );
        let _ = writeln!(
            s,
            "  RESET chi2 {} (p {})   Cond. No. {}",
            p(self.reset.map(|t| t.statistic)),
            p(self.reset.map(|t| t.pvalue)),
            fmt_g(self.condition_number)
        );
        // VIF of the numeric regressors; dummies (`C(x)[...]`) only by
        // their largest value (all are in the JSON).
        let v: Vec<String> = names
            .iter()
            .zip(&self.vif)
            .filter(|(n, _)| !n.contains('['))
            .filter_map(|(n, v)| v.map(|v| format!("{n} {}", fmt_g(v))))
            .collect();
        if !v.is_empty() {
            let _ = writeln!(s, "  VIF: {}", v.join(", "));
        }
        let dummies = names
            .iter()
            .zip(&self.vif)
            .filter(|(n, _)| n.contains('['))
            .filter_map(|(_, v)| *v)
            .fold(f64::NEG_INFINITY, f64::max);
        if dummies.is_finite() {
            let _ = writeln!(s, "  Largest VIF of a dummy column: {}", fmt_g(dummies));
        }
        if let Some(d) = &self.cooks_distance {
            let (i, m) =
                d.iter().enumerate().fold(
                    (0, f64::NEG_INFINITY),
                    |a, (i, &v)| if v > a.1 { (i, v) } else { a },
                );
            let _ = writeln!(
                s,
                "  Largest Cook's distance {} (observation {})",
                fmt_g(m),
                i + 1
            );
        }
        s
    }
}

/// Fits `formula` by OLS and returns its design too (for diagnostics).
///
/// # Errors
/// As [`fit_ols_frame`].
///
/// ```
/// use colcrime::models::ols::{fit_ols_frame_design, OlsParams};
/// use colcrime::series::Frame;
/// let f = Frame::from_csv_str("t", "y,x\n1,0\n3,1\n4,2\n8,3\n").unwrap();
/// let (d, r) = fit_ols_frame_design(&f, "y ~ x", &OlsParams::new(), 4).unwrap();
/// assert_eq!(d.y.len(), r.nobs);
/// ```
pub fn fit_ols_frame_design(
    frame: &Frame,
    formula: &str,
    params: &OlsParams,
    train_rows: usize,
) -> Result<(Design, OlsResult)> {
    fit_ols_frame_rows(frame, formula, params, 0..train_rows.min(frame.nrows()))
}

/// Fits `formula` by OLS on frame rows `rows` (lags may reach back before
/// them) and returns its design too.
///
/// # Errors
/// As [`fit_ols_frame`].
///
/// ```
/// use colcrime::models::ols::{fit_ols_frame_rows, OlsParams};
/// use colcrime::series::Frame;
/// let f = Frame::from_csv_str("t", "y,x\n100,0\n1,0\n3,1\n4,2\n8,3\n").unwrap();
/// let (d, r) = fit_ols_frame_rows(&f, "y ~ x", &OlsParams::new(), 1..5).unwrap();
/// assert_eq!((d.rows[0], r.nobs), (1, 4));
/// ```
pub fn fit_ols_frame_rows(
    frame: &Frame,
    formula: &str,
    params: &OlsParams,
    rows: std::ops::Range<usize>,
) -> Result<(Design, OlsResult)> {
    params.validate()?;
    let f = Formula::parse(formula)?;
    let d = f.design(frame, rows)?;
    if d.y.is_empty() {
        return Err(Error::not_enough_data(
            format!("ols \"{formula}\""),
            d.names.len() + 1,
            0,
        ));
    }
    let cols = params.get_group_columns();
    let r = if cols.is_empty() {
        params.fit(&d)?
    } else {
        let codes = cols
            .iter()
            .map(|c| cluster_codes(frame, c, &d.rows))
            .collect::<Result<Vec<_>>>()?;
        let refs: Vec<&[usize]> = codes.iter().map(Vec::as_slice).collect();
        let mut r = params.fit_inner(&d.x, &d.y, d.names.clone(), &refs, Some(&d.rows))?;
        r.response = d.response.clone();
        r.dropped = d.dropped;
        r
    };
    Ok((d, r))
}

/// Fits `formula` by OLS on the first `train_rows` rows of `frame` (lags may
/// reach back before the rows used). The workspace calls this; the CLI
/// `fit ols` is a thin wrapper round it.
///
/// # Errors
/// Formula errors, too few rows, a singular design.
///
/// ```
/// use colcrime::models::ols::{fit_ols_frame, OlsParams};
/// use colcrime::series::Frame;
/// let f = Frame::from_csv_str("t", "y,x\n1,0\n3,1\n4,2\n8,3\n100,4\n").unwrap();
/// let r = fit_ols_frame(&f, "y ~ x", &OlsParams::new(), 4).unwrap();
/// assert_eq!(r.nobs, 4);
/// ```
pub fn fit_ols_frame(
    frame: &Frame,
    formula: &str,
    params: &OlsParams,
    train_rows: usize,
) -> Result<OlsResult> {
    fit_ols_frame_design(frame, formula, params, train_rows).map(|(_, r)| r)
}

/// Integer cluster labels of frame rows `rows` from a text or numeric
/// column; a missing label is an error.
///
/// ```
/// use colcrime::models::ols::cluster_codes;
/// let f = colcrime::series::Frame::from_csv_str("t", "g,y\na,1\nb,2\na,3\n").unwrap();
/// assert_eq!(cluster_codes(&f, "g", &[0, 1, 2]).unwrap(), vec![0, 1, 0]);
/// ```
pub fn cluster_codes(frame: &Frame, col: &str, rows: &[usize]) -> Result<Vec<usize>> {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let text = frame.text_column(col);
    let nums = if text.is_none() {
        Some(frame.column(col)?)
    } else {
        None
    };
    let mut out = Vec::with_capacity(rows.len());
    for &i in rows {
        let label = match (text, nums) {
            (Some(t), _) => t.get(i).cloned().flatten(),
            (None, Some(v)) => v.get(i).filter(|x| !x.is_nan()).map(|x| format!("{x}")),
            _ => None,
        };
        let Some(label) = label else {
            return Err(Error::usage(format!(
                "the cluster column \"{col}\" is missing on row {} used by the fit",
                i + 1
            )));
        };
        let next = seen.len();
        out.push(*seen.entry(label).or_insert(next));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn auto<T: Send + Sync + Unpin + Clone + std::fmt::Debug>() {}

    #[test]
    fn autotraits() {
        auto::<OlsParams>();
        auto::<OlsResult>();
        auto::<CovType>();
    }

    /// Simple regression by hand: x = 0,1,2,3, y = 1,3,4,8.
    /// x̄ = 1.5, ȳ = 4, Sxx = 5, Sxy = 11 ⇒ b = 2.2, a = 0.7;
    /// residuals 0.3, 0.1, -1.1, 0.7 ⇒ ssr = 1.8, s² = 0.9,
    /// se(b) = sqrt(0.9 / 5).
    #[test]
    fn hand_computed() {
        let x = ndarray::array![[1.0, 0.0], [1.0, 1.0], [1.0, 2.0], [1.0, 3.0]];
        let r = OlsParams::new()
            .fit_xy(&x, &[1.0, 3.0, 4.0, 8.0], vec!["const".into(), "x".into()])
            .unwrap();
        assert!((r.params[0] - 0.7).abs() < 1e-13);
        assert!((r.params[1] - 2.2).abs() < 1e-13);
        assert!((r.ssr - 1.8).abs() < 1e-13);
        assert!((r.bse[1] - (0.9f64 / 5.0).sqrt()).abs() < 1e-13);
        assert!((r.rsquared - (1.0 - 1.8 / 26.0)).abs() < 1e-13);
        // DW = (0.2² + 1.2² + 1.8²) / 1.8
        assert!((r.durbin_watson - (0.04 + 1.44 + 3.24) / 1.8).abs() < 1e-12);
        assert!(r.summary().contains("const"));
    }

    fn tall_design(n: usize, near: Option<f64>) -> (Array2<f64>, Vec<f64>, Vec<String>) {
        let mut s: u64 = 11;
        let mut u = || {
            s = s
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (s >> 11) as f64 / (1u64 << 53) as f64 - 0.5
        };
        let mut x = Array2::from_shape_fn((n, 6), |(_, j)| if j == 0 { 1.0 } else { u() });
        if let Some(eps) = near {
            // Column 5 nearly repeats column 4: ill-conditioned or singular.
            for i in 0..n {
                x[[i, 5]] = x[[i, 4]] + eps * u();
            }
        }
        let y = (0..n)
            .map(|i| 1.0 + 0.5 * x[[i, 1]] - 2.0 * x[[i, 3]] + x[[i, 5]] + u())
            .collect();
        let names = ["const", "a", "b", "c", "d", "e"]
            .map(String::from)
            .to_vec();
        (x, y, names)
    }

    /// Above a million cells a well-conditioned design is fitted from the
    /// triangle of `[X y]` (one blocked pass); the estimates and standard
    /// errors equal those of the full pivoted QR. The nearly collinear
    /// design (condition number in the thousands) takes the refined path.
    #[test]
    fn tall_designs_match_the_full_factorisation() {
        for near in [None, Some(1e-3)] {
            let (x, y, names) = tall_design(200_000, near);
            assert!(x.len() > crate::stats::linalg::REFINE_ALWAYS_CELLS);
            let r = OlsParams::new().fit_xy(&x, &y, names).unwrap();
            let qr = Qr::new(&x).unwrap();
            let b = qr.solve(&x, &y).unwrap();
            let bread = qr.xtx_inv().unwrap();
            for j in 0..6 {
                assert!((r.params[j] - b[j]).abs() < 1e-11 * b[j].abs().max(1.0));
                let se = (bread[[j, j]] * r.scale).sqrt();
                assert!((r.bse[j] - se).abs() < 1e-11 * se, "{j}: {} {se}", r.bse[j]);
            }
        }
    }

    #[test]
    fn tall_rank_deficiency_names_the_columns() {
        let (x, y, names) = tall_design(200_000, Some(0.0));
        let e = OlsParams::new().fit_xy(&x, &y, names).unwrap_err();
        assert!(e.to_string().contains("rank deficient"), "{e}");
        let msg = e.to_string();
        assert!(
            msg.contains("e is collinear with d") || msg.contains("d is collinear with e"),
            "{msg}"
        );
    }

    #[test]
    fn too_few_rows() {
        let x = ndarray::array![[1.0, 0.0], [1.0, 1.0]];
        let e = OlsParams::new().fit_xy(&x, &[1.0, 2.0], vec!["const".into(), "x".into()]);
        assert!(e.is_err());
    }
}
