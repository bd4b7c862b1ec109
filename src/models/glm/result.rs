//! A fitted count model: its statistics, JSON and statsmodels-style text
//! summary.

use std::fmt::Write as _;

use ndarray::Array2;
use serde_json::{Value, json};
use statrs::distribution::{ContinuousCDF, Normal};

use super::Family;
use crate::json::{num, nums};

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
        if let Some(obj) = j.as_object_mut()
            && let (Some(a), Some(s)) = (self.alpha, self.alpha_bse)
        {
            obj.insert("alpha".into(), num(a));
            obj.insert("alpha_bse".into(), num(s));
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
            .clamp(10, 80);
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
