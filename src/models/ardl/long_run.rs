//! Long-run coefficients of an ARDL and their delta-method standard errors.
//!
//! With `a = 1 - Σ_i φ_i` (the `y` lags), the long-run effect of regressor
//! `j` is `θ_j = Σ_m β_{j,m} / a` and of a deterministic term `δ / a`. The
//! gradient is `∂θ/∂β_{j,m} = 1/a`, `∂θ/∂φ_i = θ/a`, so
//! `Cov(θ̂) = G V Gᵀ` with `V` the ARDL covariance. Because the UECM is a
//! linear reparameterisation of the same regression, these are exactly
//! minus statsmodels' `UECMResults.ci_params` (the cointegrating vector
//! normalised on `y`) with the same `ci_bse`; as there, `tvalues` and
//! `pvalues` use the normal distribution.

use serde_json::{Value, json};
use statrs::distribution::{ContinuousCDF, Normal};

use crate::json::nums;
use crate::models::ols::OlsResult;

/// Long-run coefficients: deterministic terms, then one per included
/// regressor.
///
/// ```
/// use colcrime::models::ardl::{ArdlData, ArdlParams};
/// let x: Vec<f64> = (0..50).map(|t| ((t * 7) % 11) as f64).collect();
/// let mut y = vec![0.0; 50];
/// for t in 1..50 { y[t] = 0.5 * y[t - 1] + 2.0 * x[t] + ((t * 5) % 3) as f64 * 0.01; }
/// let d = ArdlData::new(y, vec![x], "y", &["x".into()]).unwrap();
/// let r = ArdlParams::new(1, &[0]).fit(&d).unwrap();
/// // θ = 2 / (1 - 0.5) = 4.
/// assert!((r.long_run.params[1] - 4.0).abs() < 0.05);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct LongRun {
    /// Names: `const`, `trend`, then the regressors.
    pub param_names: Vec<String>,
    /// Long-run coefficients.
    pub params: Vec<f64>,
    /// Delta-method standard errors.
    pub bse: Vec<f64>,
    /// `params / bse`.
    pub tvalues: Vec<f64>,
    /// Two-sided normal p-values.
    pub pvalues: Vec<f64>,
}

impl LongRun {
    /// JSON: `param_names, params, bse, tvalues, pvalues`.
    ///
    /// ```
    /// use colcrime::models::ardl::LongRun;
    /// let l = LongRun { param_names: vec!["x".into()], params: vec![1.0], bse: vec![0.5], tvalues: vec![2.0], pvalues: vec![0.05] };
    /// assert_eq!(l.to_json()["params"][0], 1.0);
    /// ```
    pub fn to_json(&self) -> Value {
        json!({
            "param_names": self.param_names,
            "params": nums(&self.params),
            "bse": nums(&self.bse),
            "tvalues": nums(&self.tvalues),
            "pvalues": nums(&self.pvalues),
        })
    }
}

/// The long-run coefficients of a fitted ARDL whose columns are `ndet`
/// deterministic terms, `p` lags of `y`, then for each included regressor
/// `orders[j] + 1` lags (named `names[j]`).
pub(crate) fn long_run(
    ols: &OlsResult,
    ndet: usize,
    p: usize,
    groups: &[(String, usize)],
) -> LongRun {
    let b = &ols.params;
    let v = &ols.cov_params;
    let k = b.len();
    let a = 1.0 - b.iter().skip(ndet).take(p).sum::<f64>();
    // Each long-run coefficient as (name, columns summed in its numerator).
    let mut terms: Vec<(String, Vec<usize>)> = ols
        .param_names
        .iter()
        .take(ndet)
        .enumerate()
        .map(|(i, n)| (n.clone(), vec![i]))
        .collect();
    let mut col = ndet + p;
    for (name, q) in groups {
        terms.push((name.clone(), (col..col + q + 1).collect()));
        col += q + 1;
    }
    let norm = Normal::standard();
    let mut out = LongRun {
        param_names: Vec::with_capacity(terms.len()),
        params: Vec::with_capacity(terms.len()),
        bse: Vec::with_capacity(terms.len()),
        tvalues: Vec::with_capacity(terms.len()),
        pvalues: Vec::with_capacity(terms.len()),
    };
    for (name, cols) in terms {
        let theta = cols.iter().map(|&c| b[c]).sum::<f64>() / a;
        let mut g = vec![0.0; k];
        for &c in &cols {
            g[c] = 1.0 / a;
        }
        for gi in g.iter_mut().skip(ndet).take(p) {
            *gi = theta / a;
        }
        let mut var = 0.0;
        for i in 0..k {
            for j in 0..k {
                var += g[i] * v[[i, j]] * g[j];
            }
        }
        let se = var.sqrt();
        let t = theta / se;
        let pv = 2.0 * norm.sf(t.abs());
        out.param_names.push(name);
        out.params.push(theta);
        out.bse.push(se);
        out.tvalues.push(t);
        out.pvalues.push(pv);
    }
    out
}
