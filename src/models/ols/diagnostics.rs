//! Specification diagnostics of an OLS fit: serial correlation,
//! heteroskedasticity, functional form, normality, collinearity and
//! influence, as statsmodels' summary footer and `outliers_influence`.

use std::fmt::Write as _;

use ndarray::Array2;
use serde_json::{Value, json};

use super::fit::constant_column;
use super::result::fmt_g;
use super::{OlsParams, OlsResult};
use crate::error::{Error, Result};
use crate::json::{num, nums};
use crate::models::diagnostics::{LmTest, WaldTest, breusch_godfrey, breusch_pagan, reset};
use crate::stats::linalg::sym_eigenvalues;

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
/// On a tall design (a row-major design of more than a million cells with
/// a constant) every auxiliary regression is computed from one triangle of
/// the design augmented with the lags, powers and squares the tests use
/// (one pass over the rows) instead of being refitted; the statistics are
/// the same, and `from_triangle` (in the JSON
/// `diagnostics.auxiliary_regressions`) says which way they were computed.
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
    /// Whether the auxiliary regressions were computed from one triangle
    /// of the design augmented with the lags, powers and squares they use
    /// (a row-major design of more than a million cells with a constant;
    /// the same statistics as refitting each regression, in one pass over
    /// the rows). The JSON says so (`diagnostics.auxiliary_regressions`).
    pub from_triangle: bool,
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
        let (skew, kurt, jb, pjb) = r.jarque_bera();
        let const_idx = constant_column(x);
        let tall = match const_idx {
            // On a failure (a power of ŷ overflowing) the refits say which
            // regression fails.
            Some(c) => super::tall_diagnostics::tall_diagnostics(x, y, r, c).unwrap_or(None),
            None => None,
        };
        let from_triangle = tall.is_some();
        let (breusch_godfrey, breusch_pagan, reset, condition_number, vif) = match tall {
            Some(t) => (
                Some(t.breusch_godfrey),
                Some(t.breusch_pagan),
                Some(t.reset),
                t.condition_number,
                t.vif,
            ),
            None => {
                let (cn, vif) = condition_and_vif(x, const_idx);
                (
                    breusch_godfrey(x, &r.resid, None).ok(),
                    breusch_pagan(&r.resid, x, true).ok(),
                    reset(x, y, 3, false).ok(),
                    cn,
                    vif,
                )
            }
        };
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
            from_triangle,
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
        if self.from_triangle
            && let Some(Value::Object(d)) = obj.get_mut("diagnostics")
        {
            d.insert(
                "auxiliary_regressions".into(),
                Value::from("one_pass_triangle"),
            );
        }
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

/// The condition number of the design from its cross-product `XᵀX`:
/// the square root of the ratio of its extreme eigenvalues.
pub(super) fn condition_number(xtx: &Array2<f64>) -> f64 {
    let (lo, hi) = sym_eigenvalues(xtx)
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
            (a.min(v), b.max(v))
        });
    (hi / lo).sqrt()
}

/// The condition number `sqrt(λmax/λmin)` of `XᵀX` and the variance
/// inflation factors by refitting each column on the others.
fn condition_and_vif(x: &Array2<f64>, const_idx: Option<usize>) -> (f64, Vec<Option<f64>>) {
    let (n, k) = x.dim();
    let condition_number = condition_number(&x.t().dot(x));
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
    (condition_number, vif)
}
