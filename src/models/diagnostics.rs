//! Specification tests for a least-squares fit, as in statsmodels'
//! `stats.diagnostic`: Breusch-Godfrey (serial correlation), Breusch-Pagan
//! (heteroskedasticity, Koenker's studentised form by default) and Ramsey's
//! RESET (functional form).
//!
//! With `X` the `n × k` design, `y` the response and `e` the residuals:
//!
//! - **Breusch-Godfrey** (Breusch 1978, Godfrey 1978): regress `e_t` on
//!   `X` and `e_{t-1}, …, e_{t-p}` (zeros before the sample; a constant is
//!   added when `X` has none). `LM = n R²` ~ χ²(p); the F form is the
//!   (nonrobust Wald) F test of the `p` lag coefficients on `(p, n - k - p)`
//!   degrees of freedom.
//! - **Breusch-Pagan** (Breusch & Pagan 1979; Koenker 1981): regress
//!   `e_t²` (divided by its mean when not `robust`) on `Z` (with a
//!   constant). `LM = n R²` (robust) or `ESS/2`, ~ χ²(q - 1); the F form is
//!   the regression's overall F.
//! - **RESET** (Ramsey 1969): add `ŷ², …, ŷ^P` to `X` and Wald-test their
//!   coefficients (χ²(P - 1), or F on `(P - 1, n - k - P + 1)`).
//!
//! ```
//! use colcrime::models::diagnostics::breusch_pagan;
//! let z = ndarray::Array2::from_shape_fn((40, 2), |(i, j)| if j == 0 { 1.0 } else { i as f64 });
//! let e: Vec<f64> = (0..40).map(|i| if i % 2 == 0 { 0.1 * i as f64 } else { -0.1 * i as f64 }).collect();
//! let t = breusch_pagan(&e, &z, true).unwrap();
//! assert!(t.lm_pvalue < 0.01);
//! ```

use ndarray::Array2;
use serde_json::{Value, json};
use statrs::distribution::{ChiSquared, ContinuousCDF, FisherSnedecor};

use crate::error::{Error, Result};
use crate::json::num;
use crate::models::unitroot::ls_fit;

/// A Lagrange-multiplier test with its F form.
///
/// ```
/// use colcrime::models::diagnostics::LmTest;
/// let t = LmTest { lm: 1.0, lm_pvalue: 0.3, df: 1.0, fvalue: 1.0, f_pvalue: 0.3, df_num: 1.0, df_denom: 20.0 };
/// assert_eq!(t.to_json()["df"], 1.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LmTest {
    /// The LM statistic.
    pub lm: f64,
    /// Its χ² p-value.
    pub lm_pvalue: f64,
    /// χ² degrees of freedom.
    pub df: f64,
    /// The F statistic.
    pub fvalue: f64,
    /// Its p-value.
    pub f_pvalue: f64,
    /// F numerator degrees of freedom.
    pub df_num: f64,
    /// F denominator degrees of freedom.
    pub df_denom: f64,
}

impl LmTest {
    /// `{lm, lm_pvalue, df, fvalue, f_pvalue, df_num, df_denom}`.
    ///
    /// ```
    /// use colcrime::models::diagnostics::LmTest;
    /// let t = LmTest { lm: 2.0, lm_pvalue: 0.1, df: 1.0, fvalue: 2.0, f_pvalue: 0.2, df_num: 1.0, df_denom: 9.0 };
    /// assert_eq!(t.to_json()["fvalue"], 2.0);
    /// ```
    pub fn to_json(&self) -> Value {
        json!({
            "lm": num(self.lm),
            "lm_pvalue": num(self.lm_pvalue),
            "df": num(self.df),
            "fvalue": num(self.fvalue),
            "f_pvalue": num(self.f_pvalue),
            "df_num": num(self.df_num),
            "df_denom": num(self.df_denom),
        })
    }
}

/// A Wald test of linear restrictions (χ² form unless `use_f`).
///
/// ```
/// use colcrime::models::diagnostics::WaldTest;
/// let w = WaldTest { statistic: 3.0, pvalue: 0.2, df_num: 2.0, df_denom: None };
/// assert!(w.to_json()["df_denom"].is_null());
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WaldTest {
    /// χ² (or F) statistic.
    pub statistic: f64,
    /// Its p-value.
    pub pvalue: f64,
    /// Number of restrictions.
    pub df_num: f64,
    /// Residual degrees of freedom for the F form; `None` for χ².
    pub df_denom: Option<f64>,
}

impl WaldTest {
    /// `{statistic, pvalue, df_num, df_denom}`.
    ///
    /// ```
    /// use colcrime::models::diagnostics::WaldTest;
    /// let w = WaldTest { statistic: 3.0, pvalue: 0.2, df_num: 2.0, df_denom: Some(30.0) };
    /// assert_eq!(w.to_json()["df_denom"], 30.0);
    /// ```
    pub fn to_json(&self) -> Value {
        json!({
            "statistic": num(self.statistic),
            "pvalue": num(self.pvalue),
            "df_num": num(self.df_num),
            "df_denom": self.df_denom.map_or(Value::Null, num),
        })
    }
}

fn chi2_sf(x: f64, k: f64) -> Result<f64> {
    if x.is_nan() {
        return Ok(f64::NAN);
    }
    let d = ChiSquared::new(k).map_err(|e| Error::domain(format!("chi2({k}): {e}")))?;
    Ok(d.sf(x))
}

fn f_sf(x: f64, d1: f64, d2: f64) -> Result<f64> {
    if x.is_nan() {
        return Ok(f64::NAN);
    }
    let d =
        FisherSnedecor::new(d1, d2).map_err(|e| Error::domain(format!("F({d1}, {d2}): {e}")))?;
    Ok(d.sf(x))
}

/// Whether a column is constant (an intercept, possibly scaled).
fn has_constant(x: &Array2<f64>) -> bool {
    x.columns().into_iter().any(|c| {
        c.first()
            .is_some_and(|&f| f != 0.0 && c.iter().all(|v| *v == f))
    })
}

/// `Σ (y_i - ȳ)²`.
pub(crate) fn centered_ss(y: &[f64]) -> f64 {
    let n = y.len() as f64;
    let m = y.iter().sum::<f64>() / n;
    y.iter().map(|v| (v - m).powi(2)).sum::<f64>()
}

fn check_dims(x: &Array2<f64>, n: usize, what: &str) -> Result<()> {
    if x.nrows() != n {
        return Err(Error::usage(format!(
            "{what}: the design has {} rows but there are {n} residuals",
            x.nrows()
        )));
    }
    Ok(())
}

/// The Breusch-Godfrey test of no serial correlation up to lag `nlags`
/// (default `min(10, n/5)`) in the residuals `resid` of a regression on
/// `x` (statsmodels `acorr_breusch_godfrey`).
///
/// # Errors
/// Mismatched sizes, `nlags` = 0, too few observations or a singular
/// auxiliary regression.
///
/// # Examples
/// ```
/// use colcrime::models::diagnostics::breusch_godfrey;
/// let x = ndarray::Array2::from_shape_fn((50, 1), |_| 1.0);
/// // Strongly autocorrelated residuals.
/// let e: Vec<f64> = (0..50).map(|t| (t as f64 / 8.0).sin()).collect();
/// let t = breusch_godfrey(&x, &e, Some(2)).unwrap();
/// assert!(t.lm_pvalue < 1e-6 && t.df == 2.0);
/// ```
pub fn breusch_godfrey(x: &Array2<f64>, resid: &[f64], nlags: Option<usize>) -> Result<LmTest> {
    let n = resid.len();
    check_dims(x, n, "breusch-godfrey")?;
    let p = nlags.unwrap_or((n / 5).min(10));
    if p == 0 {
        return Err(Error::usage(format!(
            "breusch-godfrey: needs at least one lag (n = {n} gives min(10, n/5) = 0)"
        )));
    }
    let add_const = !has_constant(x);
    let k = x.ncols() + usize::from(add_const) + p;
    let aux = Array2::from_shape_fn((n, k), |(i, j)| {
        if j < x.ncols() {
            x[[i, j]]
        } else if add_const && j == x.ncols() {
            1.0
        } else {
            let lag = j + 1 - (k - p);
            if i >= lag { resid[i - lag] } else { 0.0 }
        }
    });
    let fit = ls_fit(&aux, resid, "breusch-godfrey auxiliary regression")?;
    // Nonrobust Wald F of the lag coefficients = SSR-difference F against
    // the auxiliary regression without the lags.
    let short = aux.slice(ndarray::s![.., ..k - p]).to_owned();
    let ssr_r = ls_fit(&short, resid, "breusch-godfrey restricted regression")?.ssr;
    breusch_godfrey_from_ssr(
        n,
        p,
        fit.df_resid(),
        fit.ssr,
        ssr_r - fit.ssr,
        centered_ss(resid),
    )
}

/// The Breusch-Godfrey test from the sums of squares of its auxiliary
/// regression of the residuals on the design and `p` lags: `ssr` of that
/// regression with `df_resid` residual degrees of freedom, `ssr_drop` the
/// increase without the lags, `tss` the centered sum of squares of the
/// residuals (`n` of them).
pub(crate) fn breusch_godfrey_from_ssr(
    n: usize,
    p: usize,
    df_resid: f64,
    ssr: f64,
    ssr_drop: f64,
    tss: f64,
) -> Result<LmTest> {
    let lm = n as f64 * (1.0 - ssr / tss);
    let f = ssr_drop / p as f64 / (ssr / df_resid);
    let (pf, dfd) = (p as f64, df_resid);
    Ok(LmTest {
        lm,
        lm_pvalue: chi2_sf(lm, pf)?,
        df: pf,
        fvalue: f,
        f_pvalue: f_sf(f, pf, dfd)?,
        df_num: pf,
        df_denom: dfd,
    })
}

/// The Breusch-Pagan test of homoskedasticity against variance depending
/// on the columns of `exog_het` (which must include a constant);
/// `robust` gives Koenker's `n R²` form (statsmodels `het_breuschpagan`).
///
/// # Errors
/// Mismatched sizes, no constant or only a constant in `exog_het`, or a
/// singular auxiliary regression.
///
/// # Examples
/// ```
/// use colcrime::models::diagnostics::breusch_pagan;
/// let z = ndarray::Array2::from_shape_fn((30, 1), |(i, _)| i as f64);
/// assert!(breusch_pagan(&[1.0; 30], &z, true).is_err()); // no constant
/// ```
pub fn breusch_pagan(resid: &[f64], exog_het: &Array2<f64>, robust: bool) -> Result<LmTest> {
    let n = resid.len();
    check_dims(exog_het, n, "breusch-pagan")?;
    let q = exog_het.ncols();
    if !has_constant(exog_het) || q < 2 {
        return Err(Error::usage(
            "breusch-pagan: exog_het needs a constant and at least one other column",
        ));
    }
    let mut y: Vec<f64> = resid.iter().map(|e| e * e).collect();
    if !robust {
        let m = y.iter().sum::<f64>() / n as f64;
        y.iter_mut().for_each(|v| *v /= m);
    }
    let fit = ls_fit(exog_het, &y, "breusch-pagan auxiliary regression")?;
    breusch_pagan_from_ssr(n, q, fit.df_resid(), fit.ssr, centered_ss(&y), robust)
}

/// The Breusch-Pagan test from its auxiliary regression of the squared
/// residuals (`n` of them) on `q` columns including a constant: `ssr` with
/// `df_resid` residual degrees of freedom, and `tss` the centered sum of
/// squares of its response.
pub(crate) fn breusch_pagan_from_ssr(
    n: usize,
    q: usize,
    df_resid: f64,
    ssr: f64,
    tss: f64,
    robust: bool,
) -> Result<LmTest> {
    let ess = tss - ssr;
    let df_model = (q - 1) as f64;
    let fvalue = (ess / df_model) / (ssr / df_resid);
    let lm = if robust {
        n as f64 * (1.0 - ssr / tss)
    } else {
        ess / 2.0
    };
    Ok(LmTest {
        lm,
        lm_pvalue: chi2_sf(lm, df_model)?,
        df: df_model,
        fvalue,
        f_pvalue: f_sf(fvalue, df_model, df_resid)?,
        df_num: df_model,
        df_denom: df_resid,
    })
}

/// Ramsey's RESET: adds powers `2..=power` of the fitted values of `y` on
/// `x` and Wald-tests them (χ², or F with `use_f`; statsmodels
/// `linear_reset(test_type="fitted")`).
///
/// # Errors
/// `power` < 2, mismatched sizes, a design that is only a constant, or a
/// singular regression.
///
/// # Examples
/// ```
/// use colcrime::models::diagnostics::reset;
/// let x = ndarray::Array2::from_shape_fn((40, 2), |(i, j)| if j == 0 { 1.0 } else { i as f64 });
/// let y: Vec<f64> = (0..40).map(|i| (i as f64).powi(2) / 10.0 + ((i * 7 % 5) as f64)).collect();
/// let w = reset(&x, &y, 3, false).unwrap();
/// assert!(w.pvalue < 1e-6 && w.df_num == 2.0);
/// ```
pub fn reset(x: &Array2<f64>, y: &[f64], power: usize, use_f: bool) -> Result<WaldTest> {
    let n = y.len();
    check_dims(x, n, "reset")?;
    if power < 2 {
        return Err(Error::usage(format!(
            "reset: power must be >= 2, got {power}"
        )));
    }
    if x.ncols() == 1 && has_constant(x) {
        return Err(Error::usage(
            "reset: the design is only a constant; the test needs a non-constant regressor",
        ));
    }
    let base = ls_fit(x, y, "reset regression")?;
    let fitted: Vec<f64> = y.iter().zip(&base.resid).map(|(a, e)| a - e).collect();
    let q = power - 1;
    let k0 = x.ncols();
    let aug = Array2::from_shape_fn((n, k0 + q), |(i, j)| {
        if j < k0 {
            x[[i, j]]
        } else {
            fitted[i].powi((j - k0 + 2) as i32)
        }
    });
    let fit = ls_fit(&aug, y, "reset augmented regression")?;
    reset_from_ssr(q, fit.df_resid(), fit.ssr, base.ssr - fit.ssr, use_f)
}

/// RESET from its augmented regression (the design and `q` powers of the
/// fitted values): `ssr` with `df_resid` residual degrees of freedom and
/// `ssr_drop` the increase without the powers.
pub(crate) fn reset_from_ssr(
    q: usize,
    df_resid: f64,
    ssr: f64,
    ssr_drop: f64,
    use_f: bool,
) -> Result<WaldTest> {
    // Nonrobust Wald = (ssr_r - ssr_u) / s²: the sums of squares stay
    // accurate where (X'X)⁻¹ of the powers of ŷ is ill-conditioned.
    let w = ssr_drop / (ssr / df_resid);
    let qf = q as f64;
    Ok(if use_f {
        let f = w / qf;
        WaldTest {
            statistic: f,
            pvalue: f_sf(f, qf, df_resid)?,
            df_num: qf,
            df_denom: Some(df_resid),
        }
    } else {
        WaldTest {
            statistic: w,
            pvalue: chi2_sf(w, qf)?,
            df_num: qf,
            df_denom: None,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors() {
        let x = Array2::from_shape_fn((20, 1), |_| 1.0);
        assert!(reset(&x, &[1.0; 20], 3, false).is_err());
        assert!(reset(&x, &[1.0; 19], 3, false).is_err());
        assert!(breusch_godfrey(&x, &[1.0; 4], None).is_err());
    }

    #[test]
    fn autotraits() {
        fn ok<T: Send + Sync + Unpin + std::fmt::Debug + Clone>() {}
        ok::<LmTest>();
        ok::<WaldTest>();
    }
}
