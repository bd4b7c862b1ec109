//! A fitted OLS model: its statistics, JSON and statsmodels-style text
//! summary.

use std::fmt::Write as _;

use ndarray::Array2;
use serde_json::{Value, json};
use statrs::distribution::{ChiSquared, ContinuousCDF};

use super::CovType;
use crate::error::{Error, Result};
use crate::json::{num, nums};
use crate::stats::linalg::matvec;

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
        self.json_with_arrays(true)
    }

    /// [`OlsResult::to_json`], with `resid` and `fittedvalues` `null` unless
    /// `arrays` (for a writer that streams them in their place).
    pub(crate) fn json_with_arrays(&self, arrays: bool) -> Value {
        let long = |xs: &[f64]| if arrays { nums(xs) } else { Value::Null };
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
            "resid": long(&self.resid),
            "fittedvalues": long(&self.fittedvalues),
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
            .clamp(10, 80);
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
pub(super) fn fmt_g(v: f64) -> String {
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
