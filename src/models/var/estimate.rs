//! Least-squares estimation of a VAR, its summary statistics and Granger
//! causality tests (see the module docs of [`var`](super)).

use std::fmt::Write as _;

use ndarray::{Array2, ArrayView2, s};
use serde_json::{Value, json};
use statrs::distribution::{ContinuousCDF, FisherSnedecor, Normal};

use super::{Trend, VarParams};
use crate::error::{Error, Result};
use crate::json::{matrix, num};
use crate::stats::linalg::{Qr, cholesky, spd_inverse};

/// The least-squares core shared by [`VarParams::fit`] and the lag-order
/// selection: coefficients, residual cross-products and `(ZᵀZ)⁻¹`.
#[derive(Debug, Clone)]
pub(super) struct Core {
    /// `m × K` coefficients (rows: const, L1.y1, ..., L1.yK, L2.y1, ...).
    pub(super) params: Array2<f64>,
    /// `n × K` residuals.
    pub(super) resid: Array2<f64>,
    /// `(ZᵀZ)⁻¹`, `m × m`.
    pub(super) zzinv: Array2<f64>,
    /// `UᵀU`, `K × K`.
    pub(super) sse: Array2<f64>,
    /// Observations used, `n = T - p`.
    pub(super) nobs: usize,
    /// `n - m`.
    pub(super) df_resid: usize,
}

/// Regressor names: `const`, then `L1.name` for each series, `L2.name`, ...
pub(super) fn param_names(names: &[String], lags: usize, trend: Trend) -> Vec<String> {
    let mut out = Vec::with_capacity(trend.k_trend() + names.len() * lags);
    if trend == Trend::Constant {
        out.push("const".to_string());
    }
    for j in 1..=lags {
        for n in names {
            out.push(format!("L{j}.{n}"));
        }
    }
    out
}

/// Estimates a VAR(`lags`) on `y` (already checked: finite, long enough).
pub(super) fn estimate(
    y: ArrayView2<'_, f64>,
    lags: usize,
    trend: Trend,
    names: &[String],
) -> Result<Core> {
    let (t_all, k) = y.dim();
    let kt = trend.k_trend();
    let m = kt + k * lags;
    let n = t_all.saturating_sub(lags);
    if n < m + 1 {
        return Err(Error::not_enough_data(
            format!("VAR({lags}) of {k} series"),
            lags + m + 1,
            t_all,
        ));
    }
    let z = Array2::from_shape_fn((n, m), |(t, c)| {
        if c < kt {
            1.0
        } else {
            let c = c - kt;
            let (j, v) = (c / k, c % k);
            y[[t + lags - 1 - j, v]]
        }
    });
    let qr = Qr::new(&z)?;
    let pnames = param_names(names, lags, trend);
    qr.check_rank(&pnames).map_err(|e| {
        e.context(format!(
            "VAR({lags}) design (a constant series, or series that are exact linear combinations of others, make it singular)"
        ))
    })?;
    let mut params = Array2::<f64>::zeros((m, k));
    let mut resid = Array2::<f64>::zeros((n, k));
    for e in 0..k {
        let ycol: Vec<f64> = y.slice(s![lags.., e]).to_vec();
        let b = qr.solve(&z, &ycol)?;
        for (i, bi) in b.iter().enumerate() {
            params[[i, e]] = *bi;
        }
        let fitted = crate::stats::linalg::matvec(&z, &b);
        for (t, (yv, f)) in ycol.iter().zip(&fitted).enumerate() {
            resid[[t, e]] = yv - f;
        }
    }
    let sse = resid.t().dot(&resid);
    let zzinv = qr.xtx_inv()?;
    Ok(Core {
        params,
        resid,
        zzinv,
        sse,
        nobs: n,
        df_resid: n - m,
    })
}

/// `ln |S|` of a symmetric positive-definite matrix, by Cholesky.
pub(super) fn logdet(s: &Array2<f64>, what: &str) -> Result<f64> {
    let l = cholesky(s, what)?;
    Ok(2.0 * l.diag().iter().map(|v| v.ln()).sum::<f64>())
}

/// Information criteria `(aic, bic, hqic, fpe)` from `ln|Σ̃_u|`.
pub(super) fn info_criteria(ld: f64, nobs: usize, k: usize, lags: usize, kt: usize) -> [f64; 4] {
    let n = nobs as f64;
    let free = (lags * k * k + k * kt) as f64;
    let m = (kt + k * lags) as f64;
    let aic = ld + 2.0 / n * free;
    let bic = ld + n.ln() / n * free;
    let hqic = ld + 2.0 * n.ln().ln() / n * free;
    let fpe = ((n + m) / (n - m)).powi(k as i32) * ld.exp();
    [aic, bic, hqic, fpe]
}

/// A fitted VAR: coefficients (rows regressors, columns equations), their
/// standard errors, the residual covariance and the information criteria,
/// with the statsmodels `VARResults` definitions.
///
/// ```
/// use colcrime::models::var::VarParams;
/// let y = ndarray::array![[1.0, 2.0], [2.0, 1.0], [1.5, 3.0], [3.0, 2.5], [2.0, 2.0], [2.5, 3.5], [1.0, 2.0]];
/// let fit = VarParams::new(1).fit(&y, &["a".into(), "b".into()]).unwrap();
/// assert_eq!(fit.params.dim(), (3, 2));
/// // sigma_u_mle = sigma_u (n - m) / n
/// assert!((fit.sigma_u_mle[[0, 0]] - fit.sigma_u[[0, 0]] * 3.0 / 6.0).abs() < 1e-14);
/// ```
#[derive(Debug, Clone)]
pub struct VarFit {
    /// The series (equation) names.
    pub names: Vec<String>,
    /// Regressor names: `const`, `L1.name`, ...
    pub param_names: Vec<String>,
    /// The lag order `p`.
    pub lags: usize,
    /// The deterministic terms.
    pub trend: Trend,
    /// Coefficients, `m × K`: row `i` regressor, column `e` equation.
    pub params: Array2<f64>,
    /// Standard errors, `m × K`.
    pub stderr: Array2<f64>,
    /// `params / stderr`.
    pub tvalues: Array2<f64>,
    /// Two-sided normal p-values.
    pub pvalues: Array2<f64>,
    /// Residual covariance `UᵀU / (n - m)`.
    pub sigma_u: Array2<f64>,
    /// Residual covariance `UᵀU / n`.
    pub sigma_u_mle: Array2<f64>,
    /// Gaussian log-likelihood at `sigma_u_mle`.
    pub llf: f64,
    /// Akaike criterion, `ln|Σ̃_u| + 2N/n`.
    pub aic: f64,
    /// Schwarz criterion.
    pub bic: f64,
    /// Hannan–Quinn criterion.
    pub hqic: f64,
    /// Final prediction error.
    pub fpe: f64,
    /// Observations used, `n = T - p`.
    pub nobs: usize,
    /// `n - m`.
    pub df_resid: usize,
    /// Coefficients per equation, `m = k_t + K p`.
    pub df_model: usize,
    /// Residuals, `n × K`.
    pub resid: Array2<f64>,
    pub(super) zzinv: Array2<f64>,
    /// The last `p` rows of the data (for forecasts), oldest first.
    pub(super) tail: Array2<f64>,
    /// Lower Cholesky factor of `sigma_u`.
    pub(super) chol: Array2<f64>,
}

/// A Granger-causality test within a fitted VAR (Wald test in F form).
///
/// ```
/// use colcrime::models::var::VarParams;
/// let y = ndarray::array![[1.0, 2.0], [2.0, 1.0], [1.5, 3.0], [3.0, 2.5], [2.0, 2.0], [2.5, 3.5], [1.0, 2.0], [2.0, 1.5]];
/// let fit = VarParams::new(1).fit(&y, &["a".into(), "b".into()]).unwrap();
/// let c = fit.test_causality(&[0], &[1]).unwrap();
/// assert_eq!((c.df_num, c.df_denom), (1, 8));
/// assert!(c.pvalue > 0.0 && c.pvalue <= 1.0);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Causality {
    /// The equations tested (the effect).
    pub caused: Vec<String>,
    /// The variables whose lags are excluded (the cause).
    pub causing: Vec<String>,
    /// The Wald statistic divided by the number of restrictions.
    pub statistic: f64,
    /// Upper tail of `F(df_num, df_denom)`.
    pub pvalue: f64,
    /// Number of restrictions `q = |caused| |causing| p`.
    pub df_num: usize,
    /// `K (n - m)`.
    pub df_denom: usize,
}

impl Causality {
    /// `{caused, causing, statistic, pvalue, df_num, df_denom}`.
    ///
    /// ```
    /// use colcrime::models::var::Causality;
    /// let c = Causality { caused: vec!["a".into()], causing: vec!["b".into()], statistic: 2.0, pvalue: 0.1, df_num: 1, df_denom: 10 };
    /// assert_eq!(c.to_json()["df_denom"], 10);
    /// ```
    pub fn to_json(&self) -> Value {
        json!({
            "caused": self.caused,
            "causing": self.causing,
            "statistic": num(self.statistic),
            "pvalue": num(self.pvalue),
            "df_num": self.df_num,
            "df_denom": self.df_denom,
        })
    }
}

pub(super) fn fit(spec: &VarParams, y: &Array2<f64>, names: &[String]) -> Result<VarFit> {
    let (rows, k) = y.dim();
    if names.len() != k {
        return Err(Error::usage(format!(
            "VAR: {} names given for {k} series",
            names.len()
        )));
    }
    spec.validate(rows, k)?;
    for (e, col) in y.columns().into_iter().enumerate() {
        if let Some(t) = col.iter().position(|v| !v.is_finite()) {
            return Err(Error::domain(format!(
                "VAR: series {} has a missing or non-finite value at row {} of {rows}; the sample must be complete",
                names.get(e).map(String::as_str).unwrap_or("?"),
                t + 1
            )));
        }
    }
    let lags = spec.lags;
    let trend = spec.trend;
    let kt = trend.k_trend();
    let core = estimate(y.view(), lags, trend, names)?;
    let n = core.nobs;
    let df_resid = core.df_resid;
    let sigma_u = core.sse.mapv(|v| v / df_resid as f64);
    let sigma_u_mle = core.sse.mapv(|v| v / n as f64);
    let ld = logdet(
        &sigma_u_mle,
        "the residual covariance (a series is an exact function of the lags)",
    )?;
    let chol = cholesky(&sigma_u, "the residual covariance")?;
    let [aic, bic, hqic, fpe] = info_criteria(ld, n, k, lags, kt);
    let nf = n as f64;
    let kf = k as f64;
    let llf = -(nf * kf / 2.0) * (2.0 * std::f64::consts::PI).ln() - nf / 2.0 * (ld + kf);
    let m = core.params.nrows();
    let stderr = Array2::from_shape_fn((m, k), |(i, e)| {
        (core.zzinv[[i, i]] * sigma_u[[e, e]]).sqrt()
    });
    let tvalues = Array2::from_shape_fn((m, k), |(i, e)| core.params[[i, e]] / stderr[[i, e]]);
    let z = Normal::standard();
    let pvalues = tvalues.mapv(|t| 2.0 * z.sf(t.abs()));
    let tail = y.slice(s![rows - lags.., ..]).to_owned();
    Ok(VarFit {
        names: names.to_vec(),
        param_names: param_names(names, lags, trend),
        lags,
        trend,
        params: core.params,
        stderr,
        tvalues,
        pvalues,
        sigma_u,
        sigma_u_mle,
        llf,
        aic,
        bic,
        hqic,
        fpe,
        nobs: n,
        df_resid,
        df_model: m,
        resid: core.resid,
        zzinv: core.zzinv,
        tail,
        chol,
    })
}

impl VarFit {
    /// The number of series `K`.
    ///
    /// ```
    /// use colcrime::models::var::VarParams;
    /// let y = ndarray::array![[1.0, 2.0], [2.0, 1.0], [1.5, 3.0], [3.0, 2.5], [2.0, 2.0], [2.5, 3.5], [1.0, 2.0]];
    /// assert_eq!(VarParams::new(1).fit(&y, &["a".into(), "b".into()]).unwrap().neqs(), 2);
    /// ```
    pub fn neqs(&self) -> usize {
        self.names.len()
    }

    /// The lag-`j` coefficient matrix `A_j` (`K × K`, row = equation), for
    /// `j = 1..=p`; zeros outside that range.
    ///
    /// ```
    /// use colcrime::models::var::VarParams;
    /// let y = ndarray::array![[1.0, 2.0], [2.0, 1.0], [1.5, 3.0], [3.0, 2.5], [2.0, 2.0], [2.5, 3.5], [1.0, 2.0]];
    /// let fit = VarParams::new(1).fit(&y, &["a".into(), "b".into()]).unwrap();
    /// assert_eq!(fit.coefs(1)[[0, 1]], fit.params[[2, 0]]);
    /// ```
    pub fn coefs(&self, j: usize) -> Array2<f64> {
        let k = self.neqs();
        if j == 0 || j > self.lags {
            return Array2::zeros((k, k));
        }
        let off = self.trend.k_trend() + (j - 1) * k;
        Array2::from_shape_fn((k, k), |(e, v)| self.params[[off + v, e]])
    }

    /// The intercepts (zeros without a constant).
    ///
    /// ```
    /// use colcrime::models::var::{Trend, VarParams};
    /// let y = ndarray::array![[1.0, 2.0], [2.0, 1.0], [1.5, 3.0], [3.0, 2.5], [2.0, 2.0], [2.5, 3.5], [1.0, 2.0]];
    /// let fit = VarParams::new(1).trend(Trend::None).fit(&y, &["a".into(), "b".into()]).unwrap();
    /// assert_eq!(fit.intercept(), vec![0.0, 0.0]);
    /// ```
    pub fn intercept(&self) -> Vec<f64> {
        match self.trend {
            Trend::Constant => self.params.row(0).to_vec(),
            Trend::None => vec![0.0; self.neqs()],
        }
    }

    /// Granger causality: do the lags of `causing` (series indices) help
    /// predict the equations `caused`? Wald test of the `q` zero
    /// restrictions with `Cov(vec B) = (ZᵀZ)⁻¹ ⊗ Σ_u`, reported as `λ/q`
    /// against `F(q, K(n - m))` (statsmodels `test_causality(kind="f")`).
    ///
    /// # Errors
    /// Empty, out-of-range or overlapping index lists, or a VAR(0).
    ///
    /// ```
    /// use colcrime::models::var::VarParams;
    /// let y = ndarray::array![[1.0, 2.0], [2.0, 1.0], [1.5, 3.0], [3.0, 2.5], [2.0, 2.0], [2.5, 3.5], [1.0, 2.0]];
    /// let fit = VarParams::new(1).fit(&y, &["a".into(), "b".into()]).unwrap();
    /// assert!(fit.test_causality(&[0], &[0]).is_err());
    /// assert!(fit.test_causality(&[1], &[0]).unwrap().statistic >= 0.0);
    /// ```
    pub fn test_causality(&self, caused: &[usize], causing: &[usize]) -> Result<Causality> {
        let k = self.neqs();
        if self.lags == 0 {
            return Err(Error::usage("Granger causality needs at least one lag"));
        }
        if caused.is_empty() || causing.is_empty() {
            return Err(Error::usage(
                "Granger causality needs at least one caused and one causing variable",
            ));
        }
        if let Some(bad) = caused.iter().chain(causing).find(|&&i| i >= k) {
            return Err(Error::usage(format!(
                "Granger causality: variable index {bad} is out of range (the VAR has {k} series)"
            )));
        }
        if caused.iter().any(|c| causing.contains(c)) {
            return Err(Error::usage(
                "Granger causality: a variable cannot be both caused and causing",
            ));
        }
        let kt = self.trend.k_trend();
        // Restricted coefficients as (regressor row, equation column).
        let mut idx = Vec::new();
        for j in 0..self.lags {
            for &c in causing {
                for &e in caused {
                    idx.push((kt + j * k + c, e));
                }
            }
        }
        let q = idx.len();
        let b: Vec<f64> = idx.iter().map(|&(r, e)| self.params[[r, e]]).collect();
        let v = Array2::from_shape_fn((q, q), |(a, c)| {
            let (ra, ea) = idx[a];
            let (rc, ec) = idx[c];
            self.zzinv[[ra, rc]] * self.sigma_u[[ea, ec]]
        });
        let vinv = spd_inverse(&v)?;
        let mut wald = 0.0;
        for a in 0..q {
            for c in 0..q {
                wald += b[a] * vinv[[a, c]] * b[c];
            }
        }
        let statistic = wald / q as f64;
        let df_denom = k * self.df_resid;
        let pvalue = FisherSnedecor::new(q as f64, df_denom as f64)
            .map(|f| f.sf(statistic))
            .unwrap_or(f64::NAN);
        let pick = |ix: &[usize]| -> Vec<String> {
            ix.iter()
                .map(|&i| self.names.get(i).cloned().unwrap_or_default())
                .collect()
        };
        Ok(Causality {
            caused: pick(caused),
            causing: pick(causing),
            statistic,
            pvalue,
            df_num: q,
            df_denom,
        })
    }

    /// Every pairwise Granger test `j → i`, `i ≠ j`, ordered by caused then
    /// causing (empty for a VAR(0)).
    ///
    /// ```
    /// use colcrime::models::var::VarParams;
    /// let y = ndarray::array![[1.0, 2.0], [2.0, 1.0], [1.5, 3.0], [3.0, 2.5], [2.0, 2.0], [2.5, 3.5], [1.0, 2.0]];
    /// let fit = VarParams::new(1).fit(&y, &["a".into(), "b".into()]).unwrap();
    /// assert_eq!(fit.causality_pairs().unwrap().len(), 2);
    /// ```
    ///
    /// # Errors
    /// A singular restricted covariance (not expected after a full-rank fit).
    pub fn causality_pairs(&self) -> Result<Vec<Causality>> {
        let k = self.neqs();
        let mut out = Vec::new();
        if self.lags == 0 {
            return Ok(out);
        }
        for i in 0..k {
            for j in 0..k {
                if i != j {
                    out.push(self.test_causality(&[i], &[j])?);
                }
            }
        }
        Ok(out)
    }

    /// The contract's JSON: `names, param_names, params, stderr, tvalues,
    /// pvalues` (rows regressors, columns equations), `sigma_u,
    /// sigma_u_mle, llf, aic, bic, hqic, fpe, nobs, df_resid, df_model,
    /// lags, trend`.
    ///
    /// ```
    /// use colcrime::models::var::VarParams;
    /// let y = ndarray::array![[1.0, 2.0], [2.0, 1.0], [1.5, 3.0], [3.0, 2.5], [2.0, 2.0], [2.5, 3.5], [1.0, 2.0]];
    /// let j = VarParams::new(1).fit(&y, &["a".into(), "b".into()]).unwrap().to_json();
    /// assert_eq!(j["nobs"], 6);
    /// assert_eq!(j["params"].as_array().unwrap().len(), 3);
    /// ```
    pub fn to_json(&self) -> Value {
        json!({
            "model": "VAR",
            "names": self.names,
            "param_names": self.param_names,
            "lags": self.lags,
            "trend": self.trend.code(),
            "params": matrix(&self.params),
            "stderr": matrix(&self.stderr),
            "tvalues": matrix(&self.tvalues),
            "pvalues": matrix(&self.pvalues),
            "sigma_u": matrix(&self.sigma_u),
            "sigma_u_mle": matrix(&self.sigma_u_mle),
            "llf": num(self.llf),
            "aic": num(self.aic),
            "bic": num(self.bic),
            "hqic": num(self.hqic),
            "fpe": num(self.fpe),
            "nobs": self.nobs,
            "df_resid": self.df_resid,
            "df_model": self.df_model,
        })
    }

    /// A summary laid out like statsmodels' `VARResults.summary()`.
    ///
    /// ```
    /// use colcrime::models::var::VarParams;
    /// let y = ndarray::array![[1.0, 2.0], [2.0, 1.0], [1.5, 3.0], [3.0, 2.5], [2.0, 2.0], [2.5, 3.5], [1.0, 2.0]];
    /// let s = VarParams::new(1).fit(&y, &["a".into(), "b".into()]).unwrap().summary();
    /// assert!(s.contains("Results for equation a"));
    /// ```
    pub fn summary(&self) -> String {
        let mut s = String::new();
        let rule = "=".repeat(74);
        let thin = "-".repeat(74);
        let _ = writeln!(s, "  Summary of Regression Results");
        let _ = writeln!(s, "{}", "=".repeat(34));
        let _ = writeln!(s, "Model:                         VAR({})", self.lags);
        let _ = writeln!(s, "Method:                        OLS");
        let _ = writeln!(s, "{thin}");
        let det_mle = logdet(&self.sigma_u_mle, "")
            .map(f64::exp)
            .unwrap_or(f64::NAN);
        let rows = [
            ("No. of Equations:", self.neqs() as f64, "BIC:", self.bic),
            ("Nobs:", self.nobs as f64, "HQIC:", self.hqic),
            ("Log likelihood:", self.llf, "FPE:", self.fpe),
            ("AIC:", self.aic, "Det(Omega_mle):", det_mle),
        ];
        for (a, av, b, bv) in rows {
            let _ = writeln!(s, "{a:<20}{av:>14.6}    {b:<18}{bv:>14.6}");
        }
        let _ = writeln!(s, "{thin}");
        for (e, name) in self.names.iter().enumerate() {
            let _ = writeln!(s, "Results for equation {name}");
            let _ = writeln!(s, "{rule}");
            let _ = writeln!(
                s,
                "{:<18}{:>14}{:>14}{:>14}{:>14}",
                "", "coefficient", "std. error", "t-stat", "prob"
            );
            let _ = writeln!(s, "{thin}");
            for (i, pn) in self.param_names.iter().enumerate() {
                let _ = writeln!(
                    s,
                    "{:<18}{:>14.6}{:>14.6}{:>14.3}{:>14.3}",
                    pn,
                    self.params[[i, e]],
                    self.stderr[[i, e]],
                    self.tvalues[[i, e]],
                    self.pvalues[[i, e]]
                );
            }
            let _ = writeln!(s, "{rule}\n");
        }
        let _ = writeln!(s, "Correlation matrix of residuals");
        let _ = write!(s, "{:<18}", "");
        for n in &self.names {
            let _ = write!(s, "{:>14}", truncate(n, 13));
        }
        let _ = writeln!(s);
        for (i, n) in self.names.iter().enumerate() {
            let _ = write!(s, "{:<18}", truncate(n, 17));
            for j in 0..self.neqs() {
                let c = self.sigma_u[[i, j]] / (self.sigma_u[[i, i]] * self.sigma_u[[j, j]]).sqrt();
                let _ = write!(s, "{c:>14.6}");
            }
            let _ = writeln!(s);
        }
        s
    }
}

fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A VAR(1) with no noise in the regressors' span: exact coefficients
    /// are recovered when `y` is generated by the model with known residuals
    /// orthogonal to `Z`. Here just check the names and shapes by hand.
    #[test]
    fn names_follow_statsmodels() {
        let n = param_names(&["a".into(), "b".into()], 2, Trend::Constant);
        assert_eq!(n, ["const", "L1.a", "L1.b", "L2.a", "L2.b"]);
        let n = param_names(&["a".into(), "b".into()], 1, Trend::None);
        assert_eq!(n, ["L1.a", "L1.b"]);
    }

    #[test]
    fn info_criteria_by_hand() {
        // n = 10, K = 2, p = 1, constant: N = 4 + 2 = 6, m = 3.
        let [aic, bic, hqic, fpe] = info_criteria(0.5, 10, 2, 1, 1);
        assert!((aic - (0.5 + 1.2)).abs() < 1e-15);
        assert!((bic - (0.5 + 10f64.ln() * 0.6)).abs() < 1e-15);
        assert!((hqic - (0.5 + 2.0 * 10f64.ln().ln() * 0.6)).abs() < 1e-15);
        assert!((fpe - (13.0f64 / 7.0).powi(2) * 0.5f64.exp()).abs() < 1e-14);
    }

    #[test]
    fn constant_series_is_singular() {
        let y = ndarray::array![
            [1.0, 2.0],
            [2.0, 2.0],
            [1.5, 2.0],
            [3.0, 2.0],
            [2.0, 2.0],
            [2.5, 2.0]
        ];
        let e = VarParams::new(1)
            .fit(&y, &["a".into(), "b".into()])
            .unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(e.to_string().contains("L1.b"), "{e}");
    }
}
