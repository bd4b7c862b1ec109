//! Fitting an ARDL: the regression, its error-correction form, the bounds
//! test and the long-run coefficients in one result.

use serde_json::{Value, json};

use super::bounds::{BoundsTest, bounds_test};
use super::design::ardl_design;
use super::long_run::{LongRun, long_run};
use super::select::OrderSelection;
use super::spec::{ArdlData, ArdlParams, ArdlTrend};
use super::uecm::{UecmResult, fit_uecm};
use crate::error::Result;
use crate::json::{num, nums};
use crate::models::ols::{OlsParams, OlsResult};
use crate::stats::student_t::t_two_sided;

/// A fitted ARDL (statsmodels `ARDLResults` names), with its UECM, the
/// bounds test and the long-run coefficients.
///
/// ```
/// use colcrime::models::ardl::{ArdlData, ArdlParams};
/// let x: Vec<f64> = (0..60).map(|t| ((t * 7) % 11) as f64).collect();
/// let y: Vec<f64> = (0..60).map(|t| ((t * 5) % 13) as f64).collect();
/// let d = ArdlData::new(y, vec![x], "y", &["x".into()]).unwrap();
/// let r = ArdlParams::new(2, &[1]).fit(&d).unwrap();
/// assert_eq!(r.ols.param_names, ["const", "y.L1", "y.L2", "x.L0", "x.L1"]);
/// assert_eq!(r.ols.nobs, 58);
/// assert!(r.bounds_test.is_some());
/// ```
#[derive(Debug, Clone)]
pub struct ArdlResult {
    /// The least-squares fit of the ARDL.
    pub ols: OlsResult,
    /// Lags of `y`.
    pub lags: usize,
    /// Order of each regressor (`None`: left out).
    pub xlags: Vec<Option<usize>>,
    /// Deterministic terms.
    pub trend: ArdlTrend,
    /// Observations held back (the largest lag).
    pub hold_back: usize,
    /// The dependent series' name.
    pub y_name: String,
    /// The regressors' names.
    pub x_names: Vec<String>,
    /// `ssr / nobs`.
    pub sigma2: f64,
    /// Akaike criterion (statsmodels: `-2 llf + 2 (k + 1)`).
    pub aic: f64,
    /// Schwarz criterion (`-2 llf + ln n (k + 1)`).
    pub bic: f64,
    /// Hannan–Quinn criterion (`-2 llf + 2 ln ln n (k + 1)`).
    pub hqic: f64,
    /// Long-run coefficients.
    pub long_run: LongRun,
    /// The error-correction form (when `p ≥ 1` and every `q ≥ 1`).
    pub uecm: Option<UecmResult>,
    /// The bounds test on the UECM.
    pub bounds_test: Option<BoundsTest>,
    /// Why the UECM or the bounds test is missing, if it is.
    pub notes: Vec<String>,
    /// The order selection, when the orders were chosen.
    pub order_selection: Option<OrderSelection>,
}

impl ArdlParams {
    /// Fits the ARDL by least squares (pivoted QR), then its UECM and the
    /// bounds test for the case.
    ///
    /// # Errors
    /// Invalid options (see [`ArdlParams::validate`]), a sample too short
    /// for the lags, or a singular design. A model without an
    /// error-correction form (`p = 0` or some `q = 0`) is not an error: the
    /// UECM and bounds test are then absent and `notes` says why.
    ///
    /// # Examples
    /// ```
    /// use colcrime::models::ardl::{ArdlData, ArdlParams};
    /// let x: Vec<f64> = (0..40).map(|t| ((t * 7) % 11) as f64).collect();
    /// let y: Vec<f64> = (0..40).map(|t| ((t * 5) % 13) as f64).collect();
    /// let d = ArdlData::new(y, vec![x], "y", &["x".into()]).unwrap();
    /// let r = ArdlParams::new(1, &[0]).fit(&d).unwrap();
    /// assert!(r.uecm.is_none() && !r.notes.is_empty());
    /// assert!(ArdlParams::new(30, &[1]).fit(&d).is_err());
    /// ```
    pub fn fit(&self, d: &ArdlData) -> Result<ArdlResult> {
        self.validate(d.x.len())?;
        let hold_back = self.maxlag();
        let des = ardl_design(d, self.lags, &self.xlags, self.trend, hold_back)?;
        let mut ols = OlsParams::new()
            .fit_xy(&des.x, &des.y, des.names)
            .map_err(|e| e.context("ardl"))?;
        ols.response = d.y_name.clone();
        ols.pvalues = ols
            .tvalues
            .iter()
            .map(|&t| t_two_sided(t, ols.df_resid))
            .collect();
        let n = ols.nobs;
        let m = ols.params.len() + 1;
        let ic = |pen: f64| -2.0 * ols.llf + pen * m as f64;
        let (aic, bic, hqic) = (ic(2.0), ic((n as f64).ln()), ic(2.0 * (n as f64).ln().ln()));
        let groups: Vec<(String, usize)> = d
            .x_names
            .iter()
            .zip(&self.xlags)
            .filter_map(|(name, q)| q.map(|q| (name.clone(), q)))
            .collect();
        let lr = long_run(&ols, self.trend.ndet(), self.lags, &groups);
        let mut notes = Vec::new();
        let full: Option<Vec<usize>> = self.xlags.iter().copied().collect();
        let (uecm, bt) = match full {
            Some(q) if self.lags >= 1 && !q.contains(&0) => {
                let u = fit_uecm(d, self.lags, &q, self.trend)?;
                let b = bounds_test(&u, self.get_case())?;
                (Some(u), Some(b))
            }
            _ => {
                notes.push(format!(
                    "no error-correction form or bounds test: they need at least one lag of \
                     `{}` and of every regressor (ARDL order {:?})",
                    d.y_name,
                    self.ardl_order()
                ));
                (None, None)
            }
        };
        Ok(ArdlResult {
            sigma2: ols.ssr / n as f64,
            ols,
            lags: self.lags,
            xlags: self.xlags.clone(),
            trend: self.trend,
            hold_back,
            y_name: d.y_name.clone(),
            x_names: d.x_names.clone(),
            aic,
            bic,
            hqic,
            long_run: lr,
            uecm,
            bounds_test: bt,
            notes,
            order_selection: None,
        })
    }

    /// `[p, q₁, …]` with left-out regressors omitted (statsmodels
    /// `ardl_order`).
    pub(crate) fn ardl_order(&self) -> Vec<usize> {
        std::iter::once(self.lags)
            .chain(self.xlags.iter().flatten().copied())
            .collect()
    }
}

impl ArdlResult {
    /// JSON with statsmodels names: `param_names, params, bse, tvalues,
    /// pvalues, conf_int, nobs, df_model, df_resid, llf, aic, bic, hqic,
    /// sigma2, ssr, resid, fittedvalues, ardl_order, trend, hold_back`,
    /// plus `uecm`, `bounds_test`, `long_run` and `order_selection`.
    ///
    /// ```
    /// use colcrime::models::ardl::{ArdlData, ArdlParams};
    /// let x: Vec<f64> = (0..40).map(|t| ((t * 7) % 11) as f64).collect();
    /// let y: Vec<f64> = (0..40).map(|t| ((t * 5) % 13) as f64).collect();
    /// let d = ArdlData::new(y, vec![x], "y", &["x".into()]).unwrap();
    /// let j = ArdlParams::new(1, &[1]).fit(&d).unwrap().to_json();
    /// assert_eq!(j["ardl_order"], serde_json::json!([1, 1]));
    /// assert_eq!(j["bounds_test"]["case"], 3);
    /// ```
    pub fn to_json(&self) -> Value {
        let o = &self.ols;
        let ci: Vec<Value> = o.conf_int.iter().map(|c| nums(c)).collect();
        let order: Vec<usize> = std::iter::once(self.lags)
            .chain(self.xlags.iter().flatten().copied())
            .collect();
        json!({
            "model": "ardl",
            "endog_name": self.y_name,
            "x": self.x_names,
            "lags": self.lags,
            "xlags": self.xlags,
            "ardl_order": order,
            "trend": self.trend.name(),
            "hold_back": self.hold_back,
            "param_names": o.param_names,
            "params": nums(&o.params),
            "bse": nums(&o.bse),
            "tvalues": nums(&o.tvalues),
            "pvalues": nums(&o.pvalues),
            "conf_int": ci,
            "nobs": o.nobs,
            "df_model": o.params.len(),
            "df_resid": num(o.df_resid),
            "llf": num(o.llf),
            "aic": num(self.aic),
            "bic": num(self.bic),
            "hqic": num(self.hqic),
            "sigma2": num(self.sigma2),
            "ssr": num(o.ssr),
            "resid": nums(&o.resid),
            "fittedvalues": nums(&o.fittedvalues),
            "long_run": self.long_run.to_json(),
            "uecm": self.uecm.as_ref().map_or(Value::Null, UecmResult::to_json),
            "bounds_test": self.bounds_test.as_ref().map_or(Value::Null, BoundsTest::to_json),
            "order_selection": self.order_selection.as_ref().map_or(Value::Null, OrderSelection::to_json),
            "notes": self.notes,
        })
    }

    /// A printout: the ARDL coefficients, the long-run coefficients and the
    /// bounds test.
    ///
    /// ```
    /// use colcrime::models::ardl::{ArdlData, ArdlParams};
    /// let x: Vec<f64> = (0..40).map(|t| ((t * 7) % 11) as f64).collect();
    /// let y: Vec<f64> = (0..40).map(|t| ((t * 5) % 13) as f64).collect();
    /// let d = ArdlData::new(y, vec![x], "y", &["x".into()]).unwrap();
    /// let s = ArdlParams::new(1, &[1]).fit(&d).unwrap().summary();
    /// assert!(s.contains("Bounds test") && s.contains("Long-run"));
    /// ```
    pub fn summary(&self) -> String {
        let o = &self.ols;
        let order: Vec<String> = std::iter::once(self.lags.to_string())
            .chain(self.xlags.iter().flatten().map(ToString::to_string))
            .collect();
        let mut s = format!(
            "ARDL({}) Model Results\nDep. Variable: {}    Trend: {}    No. Observations: {}\n\
             Log Likelihood: {:.3}    AIC: {:.3}    BIC: {:.3}    HQIC: {:.3}    S.D. of innovations: {:.5}\n",
            order.join(", "),
            self.y_name,
            self.trend.name(),
            o.nobs,
            o.llf,
            self.aic,
            self.bic,
            self.hqic,
            self.sigma2.sqrt()
        );
        let table = |s: &mut String,
                     names: &[String],
                     p: &[f64],
                     se: &[f64],
                     t: &[f64],
                     pv: &[f64],
                     stat: &str| {
            let w = names
                .iter()
                .map(String::len)
                .max()
                .unwrap_or(5)
                .clamp(5, 80);
            s.push_str(&format!(
                "{:w$} {:>12} {:>12} {:>9} {:>9}\n",
                "", "coef", "std err", stat, "P>|t|"
            ));
            for i in 0..names.len() {
                s.push_str(&format!(
                    "{:w$} {:>12.6} {:>12.6} {:>9.3} {:>9.3}\n",
                    names[i], p[i], se[i], t[i], pv[i]
                ));
            }
        };
        table(
            &mut s,
            &o.param_names,
            &o.params,
            &o.bse,
            &o.tvalues,
            &o.pvalues,
            "t",
        );
        let l = &self.long_run;
        s.push_str("\nLong-run coefficients (delta-method standard errors, normal p-values)\n");
        table(
            &mut s,
            &l.param_names,
            &l.params,
            &l.bse,
            &l.tvalues,
            &l.pvalues,
            "z",
        );
        match &self.bounds_test {
            Some(b) => {
                s.push_str(&format!(
                    "\nBounds test (Pesaran, Shin & Smith 2001), case {}, k = {}\n\
                     F = {:.5}    p-value: lower (I(0)) {:.4}, upper (I(1)) {:.4}\n\
                     critical values   {}\n",
                    b.case,
                    b.k,
                    b.stat,
                    b.p_lower,
                    b.p_upper,
                    b.percentiles
                        .iter()
                        .zip(b.crit_lower.iter().zip(&b.crit_upper))
                        .map(|(p, (lo, hi))| format!("{p}%: [{lo:.3}, {hi:.3}]"))
                        .collect::<Vec<_>>()
                        .join("  ")
                ));
                s.push_str("H0: no level relationship (no cointegration)\n");
            }
            None => {
                for n in &self.notes {
                    s.push_str(&format!("\nNote: {n}\n"));
                }
            }
        }
        s
    }
}
