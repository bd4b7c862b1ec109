//! Granger causality tests of "x does not Granger-cause y", as
//! statsmodels' `grangercausalitytests` (with a constant).
//!
//! For each lag length `L = 1, …, maxlag`, on the rows `t = L, …, n-1`
//! (`nobs = n - L`), the restricted and unrestricted regressions are
//!
//! ```text
//! y_t = c + Σ_{i=1}^{L} a_i y_{t-i} + e_t                       (ssr_r, llf_r)
//! y_t = c + Σ_{i=1}^{L} a_i y_{t-i} + Σ_{i=1}^{L} b_i x_{t-i} + u_t   (ssr_u, llf_u, df_u = nobs - 2L - 1)
//! ```
//!
//! and the four statistics are
//!
//! - `ssr_ftest`: `F = (ssr_r - ssr_u)/ssr_u · df_u/L` on `(L, df_u)` degrees of freedom;
//! - `ssr_chi2test`: `nobs (ssr_r - ssr_u)/ssr_u`, χ²(L);
//! - `lrtest`: `-2 (llf_r - llf_u)`, χ²(L);
//! - `params_ftest`: the Wald F test of `b = 0` in the unrestricted model,
//!   `(R b̂)' [R V̂ R']⁻¹ (R b̂) / L` with `V̂ = s² (X'X)⁻¹`, on `(L, df_u)`.
//!
//! Granger, C. W. J. (1969), "Investigating causal relations by econometric
//! models and cross-spectral methods", *Econometrica* 37(3), 424–438.
//!
//! ```
//! use colcrime::models::granger::granger;
//! // y follows x with a one-period delay.
//! let x: Vec<f64> = (0..80).map(|t| (t * 7919 % 23) as f64).collect();
//! let y: Vec<f64> = (0..80).map(|t| if t == 0 { 0.0 } else { 0.8 * x[t - 1] + ((t * 13 % 5) as f64) }).collect();
//! let r = granger(&y, &x, &[1, 2]).unwrap();
//! assert!(r[0].ssr_ftest.pvalue < 1e-6);
//! ```

use ndarray::Array2;
use serde_json::{Map, Value, json};
use statrs::distribution::{ChiSquared, ContinuousCDF, FisherSnedecor};

use crate::error::{Error, Result};
use crate::json::num;
use crate::models::unitroot::{LsFit, from_columns, ls_fit};
use crate::stats::linalg::spd_inverse;

/// An F test: statistic, p-value and degrees of freedom.
///
/// ```
/// use colcrime::models::granger::FTest;
/// let t = FTest { statistic: 1.0, pvalue: 0.5, df_num: 1.0, df_denom: 10.0 };
/// assert_eq!(t.to_json()["df_num"], 1.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FTest {
    /// F statistic.
    pub statistic: f64,
    /// Upper-tail p-value.
    pub pvalue: f64,
    /// Numerator degrees of freedom.
    pub df_num: f64,
    /// Denominator degrees of freedom.
    pub df_denom: f64,
}

impl FTest {
    /// `{statistic, pvalue, df_num, df_denom}`.
    ///
    /// ```
    /// use colcrime::models::granger::FTest;
    /// let t = FTest { statistic: 2.0, pvalue: 0.2, df_num: 2.0, df_denom: 30.0 };
    /// assert_eq!(t.to_json()["df_denom"], 30.0);
    /// ```
    pub fn to_json(&self) -> Value {
        json!({
            "statistic": num(self.statistic),
            "pvalue": num(self.pvalue),
            "df_num": num(self.df_num),
            "df_denom": num(self.df_denom),
        })
    }
}

/// A chi-square test: statistic, p-value and degrees of freedom.
///
/// ```
/// use colcrime::models::granger::Chi2Test;
/// let t = Chi2Test { statistic: 3.0, pvalue: 0.08, df: 1.0 };
/// assert_eq!(t.to_json()["df"], 1.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Chi2Test {
    /// χ² statistic.
    pub statistic: f64,
    /// Upper-tail p-value.
    pub pvalue: f64,
    /// Degrees of freedom.
    pub df: f64,
}

impl Chi2Test {
    /// `{statistic, pvalue, df}`.
    ///
    /// ```
    /// use colcrime::models::granger::Chi2Test;
    /// assert_eq!(Chi2Test { statistic: 1.0, pvalue: 0.3, df: 2.0 }.to_json()["pvalue"], 0.3);
    /// ```
    pub fn to_json(&self) -> Value {
        json!({
            "statistic": num(self.statistic),
            "pvalue": num(self.pvalue),
            "df": num(self.df),
        })
    }
}

/// The four tests at one lag length.
///
/// ```
/// use colcrime::models::granger::granger;
/// let x: Vec<f64> = (0..40).map(|t| (t * 7 % 11) as f64).collect();
/// let y: Vec<f64> = (0..40).map(|t| (t * 5 % 13) as f64).collect();
/// let r = granger(&y, &x, &[2]).unwrap();
/// assert_eq!((r[0].lag, r[0].nobs), (2, 38));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct GrangerLag {
    /// The lag length `L`.
    pub lag: usize,
    /// Observations in both regressions (`n - L`).
    pub nobs: usize,
    /// F test from the sums of squares.
    pub ssr_ftest: FTest,
    /// χ² test from the sums of squares.
    pub ssr_chi2test: Chi2Test,
    /// Likelihood-ratio test.
    pub lrtest: Chi2Test,
    /// Wald F test of the cause's lag coefficients.
    pub params_ftest: FTest,
}

impl GrangerLag {
    /// `{ssr_ftest, ssr_chi2test, lrtest, params_ftest, nobs}`.
    ///
    /// ```
    /// use colcrime::models::granger::granger;
    /// let x: Vec<f64> = (0..40).map(|t| (t * 7 % 11) as f64).collect();
    /// let y: Vec<f64> = (0..40).map(|t| (t * 5 % 13) as f64).collect();
    /// let j = granger(&y, &x, &[1]).unwrap()[0].to_json();
    /// assert_eq!(j["lrtest"]["df"], 1.0);
    /// ```
    pub fn to_json(&self) -> Value {
        json!({
            "ssr_ftest": self.ssr_ftest.to_json(),
            "ssr_chi2test": self.ssr_chi2test.to_json(),
            "lrtest": self.lrtest.to_json(),
            "params_ftest": self.params_ftest.to_json(),
            "nobs": self.nobs,
        })
    }
}

/// The contract's JSON `{"lags": {"1": {...}, ...}}` for several lags.
///
/// ```
/// use colcrime::models::granger::{granger, granger_json};
/// let x: Vec<f64> = (0..40).map(|t| (t * 7 % 11) as f64).collect();
/// let y: Vec<f64> = (0..40).map(|t| (t * 5 % 13) as f64).collect();
/// let j = granger_json(&granger(&y, &x, &[1, 2]).unwrap());
/// assert!(j["lags"]["2"]["params_ftest"]["statistic"].is_number());
/// ```
pub fn granger_json(res: &[GrangerLag]) -> Value {
    let mut m = Map::new();
    for r in res {
        m.insert(r.lag.to_string(), r.to_json());
    }
    json!({ "lags": Value::Object(m) })
}

/// A printout laid out like statsmodels' `grangercausalitytests(verbose=True)`.
///
/// ```
/// use colcrime::models::granger::{granger, granger_summary};
/// let x: Vec<f64> = (0..40).map(|t| (t * 7 % 11) as f64).collect();
/// let y: Vec<f64> = (0..40).map(|t| (t * 5 % 13) as f64).collect();
/// assert!(granger_summary(&granger(&y, &x, &[1]).unwrap()).contains("Granger Causality"));
/// ```
pub fn granger_summary(res: &[GrangerLag]) -> String {
    let mut s = String::new();
    for r in res {
        s.push_str("\nGranger Causality\n");
        s.push_str(&format!("number of lags (no zero) {}\n", r.lag));
        let f = &r.ssr_ftest;
        s.push_str(&format!(
            "ssr based F test:         F={:<8.4}, p={:.4}  , df_denom={}, df_num={}\n",
            f.statistic, f.pvalue, f.df_denom, f.df_num
        ));
        let c = &r.ssr_chi2test;
        s.push_str(&format!(
            "ssr based chi2 test:   chi2={:<8.4}, p={:.4}  , df={}\n",
            c.statistic, c.pvalue, c.df
        ));
        let l = &r.lrtest;
        s.push_str(&format!(
            "likelihood ratio test: chi2={:<8.4}, p={:.4}  , df={}\n",
            l.statistic, l.pvalue, l.df
        ));
        let p = &r.params_ftest;
        s.push_str(&format!(
            "parameter F test:         F={:<8.4}, p={:.4}  , df_denom={}, df_num={}\n",
            p.statistic, p.pvalue, p.df_denom, p.df_num
        ));
    }
    s
}

fn f_sf(f: f64, d1: f64, d2: f64) -> Result<f64> {
    if f.is_nan() {
        return Ok(f64::NAN);
    }
    let d = FisherSnedecor::new(d1, d2)
        .map_err(|e| Error::domain(format!("F({d1}, {d2}) distribution: {e}")))?;
    Ok(d.sf(f))
}

fn chi2_sf(x: f64, k: f64) -> Result<f64> {
    if x.is_nan() {
        return Ok(f64::NAN);
    }
    let d =
        ChiSquared::new(k).map_err(|e| Error::domain(format!("chi2({k}) distribution: {e}")))?;
    Ok(d.sf(x))
}

/// The Wald F statistic of `params[idx] = 0`.
fn wald_f(fit: &LsFit, idx: &[usize]) -> Result<f64> {
    let q = idx.len();
    let s2 = fit.ssr / fit.df_resid();
    let mut v = Array2::<f64>::zeros((q, q));
    for (a, &i) in idx.iter().enumerate() {
        for (b, &j) in idx.iter().enumerate() {
            v[[a, b]] = s2 * fit.xtx_inv[[i, j]];
        }
    }
    let vi = spd_inverse(&v).map_err(|e| e.context("granger Wald test"))?;
    let rb: Vec<f64> = idx.iter().map(|&i| fit.params[i]).collect();
    let mut w = 0.0;
    for a in 0..q {
        for b in 0..q {
            w += rb[a] * vi[[a, b]] * rb[b];
        }
    }
    Ok(w / q as f64)
}

/// Granger causality tests of "`x` does not Granger-cause `y`" at each lag
/// length in `lags` (see the module docs; statsmodels
/// `grangercausalitytests(np.column_stack([y, x]), lags)`).
///
/// # Errors
/// Lengths that differ, missing values, an empty lag list or a zero lag,
/// `n ≤ 3 max(lags) + 1` (statsmodels' rule), a constant lag column or a
/// perfect fit.
///
/// # Examples
/// ```
/// use colcrime::models::granger::granger;
/// let x: Vec<f64> = (0..10).map(|t| t as f64).collect();
/// assert!(granger(&x, &x, &[3]).is_err()); // 10 <= 3*3 + 1
/// ```
pub fn granger(y: &[f64], x: &[f64], lags: &[usize]) -> Result<Vec<GrangerLag>> {
    let n = y.len();
    if x.len() != n {
        return Err(Error::usage(format!(
            "granger: y has {n} observations and x has {}",
            x.len()
        )));
    }
    let maxlag = match lags.iter().copied().max() {
        Some(m) if !lags.contains(&0) => m,
        _ => {
            return Err(Error::usage(
                "granger: maxlag must be a positive integer (lags 1, 2, ...)",
            ));
        }
    };
    for (name, s) in [("y", y), ("x", x)] {
        if let Some(i) = s.iter().position(|v| !v.is_finite()) {
            return Err(Error::domain(format!(
                "granger: {name} observation {} is missing or not finite",
                i + 1
            )));
        }
    }
    if n <= 3 * maxlag + 1 {
        let allowed = (n.saturating_sub(1) / 3).saturating_sub(1);
        return Err(Error::usage(format!(
            "granger: insufficient observations for maxlag {maxlag}: {n} observations \
             need more than 3 * maxlag + 1 = {}; the maximum allowable lag is {allowed}",
            3 * maxlag + 1
        )));
    }
    let mut out = Vec::with_capacity(lags.len());
    for &l in lags {
        let rows = l..n;
        let nobs = rows.len();
        let resp: Vec<f64> = y[l..].to_vec();
        let mut own: Vec<Vec<f64>> = (1..=l)
            .map(|i| rows.clone().map(|t| y[t - i]).collect())
            .collect();
        let xl: Vec<Vec<f64>> = (1..=l)
            .map(|i| rows.clone().map(|t| x[t - i]).collect())
            .collect();
        for (j, c) in own.iter().chain(&xl).enumerate() {
            if c.windows(2).all(|w| w[0] == w[1]) {
                let which = if j < l { "y" } else { "x" };
                return Err(Error::domain(format!(
                    "granger: lag {} of {which} is constant over the sample; the test statistic cannot be computed",
                    j % l + 1
                )));
            }
        }
        let mut joint = own.clone();
        joint.extend(xl);
        joint.push(vec![1.0; nobs]);
        own.push(vec![1.0; nobs]);
        let what = format!("granger lag {l}");
        let down = ls_fit(&from_columns(&own, nobs), &resp, &what)?;
        let up = ls_fit(&from_columns(&joint, nobs), &resp, &what)?;
        let mean = resp.iter().sum::<f64>() / nobs as f64;
        let tss: f64 = resp.iter().map(|v| (v - mean).powi(2)).sum();
        if tss == 0.0 || up.ssr == 0.0 || up.ssr / tss < f64::EPSILON {
            return Err(Error::domain(format!(
                "granger lag {l}: the unrestricted regression fits perfectly; the test statistic cannot be computed"
            )));
        }
        let df_u = up.df_resid();
        let lf = l as f64;
        let fgc1 = (down.ssr - up.ssr) / up.ssr / lf * df_u;
        let fgc2 = nobs as f64 * (down.ssr - up.ssr) / up.ssr;
        let lr = -2.0 * (down.llf() - up.llf());
        let wf = wald_f(&up, &(l..2 * l).collect::<Vec<_>>())?;
        out.push(GrangerLag {
            lag: l,
            nobs,
            ssr_ftest: FTest {
                statistic: fgc1,
                pvalue: f_sf(fgc1, lf, df_u)?,
                df_num: lf,
                df_denom: df_u,
            },
            ssr_chi2test: Chi2Test {
                statistic: fgc2,
                pvalue: chi2_sf(fgc2, lf)?,
                df: lf,
            },
            lrtest: Chi2Test {
                statistic: lr,
                pvalue: chi2_sf(lr, lf)?,
                df: lf,
            },
            params_ftest: FTest {
                statistic: wf,
                pvalue: f_sf(wf, lf, df_u)?,
                df_num: lf,
                df_denom: df_u,
            },
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ssr_and_wald_f_agree() {
        let x: Vec<f64> = (0..60).map(|t| (t * 7919 % 23) as f64).collect();
        let y: Vec<f64> = (0..60).map(|t| (t * 31 % 17) as f64).collect();
        for r in granger(&y, &x, &[1, 2, 3]).unwrap() {
            let a = r.ssr_ftest.statistic;
            let b = r.params_ftest.statistic;
            assert!((a - b).abs() <= 1e-10 * a.abs().max(1.0));
        }
    }

    #[test]
    fn errors() {
        let x: Vec<f64> = (0..20).map(|t| t as f64).collect();
        assert!(granger(&x, &x[..10], &[1]).is_err());
        assert!(granger(&x, &x, &[0]).is_err());
        assert!(granger(&x, &x, &[]).is_err());
        assert!(granger(&x, &[1.0; 20], &[1]).is_err());
    }

    #[test]
    fn autotraits() {
        fn ok<T: Send + Sync + Unpin + std::fmt::Debug + Clone>() {}
        ok::<GrangerLag>();
        ok::<FTest>();
        ok::<Chi2Test>();
    }
}
