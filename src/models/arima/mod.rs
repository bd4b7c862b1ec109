//! Seasonal ARIMA with exogenous regressors by exact Gaussian maximum
//! likelihood (the basis of R's `arima(method = "ML")`).
//!
//! The model is a regression with ARIMA errors:
//!
//! ```text
//! y_t = x_t' β + u_t,
//! (1 - B)^d (1 - B^s)^D u_t = c + η_t,
//! φ(B) Φ(B^s) η_t = θ(B) Θ(B^s) ε_t,   ε_t ~ N(0, σ²),
//! ```
//!
//! with `φ(B) = 1 - φ_1 B - …`, `θ(B) = 1 + θ_1 B + …` (the sign convention
//! of R and statsmodels) and `c` the optional *drift* (R forecast's
//! `include.drift`; with `d = D = 0` it is the mean). The series and the
//! regressors are differenced and the likelihood is that of the differenced
//! series, evaluated exactly by the Kalman filter of the ARMA state space
//! (Harvey 1989) started from the stationary covariance (Gardner, Harvey &
//! Phillips 1980), with σ² concentrated out. Missing values skip the update
//! step of the filter. Parameters are optimised by BFGS on a scale that
//! enforces stationarity and invertibility (Jones 1980; Monahan 1984);
//! standard errors come from the numerical Hessian of the log-likelihood
//! (observed information). Forecasts integrate the differencing exactly in
//! an augmented state.
//!
//! ```
//! use colcrime::models::arima::SarimaParams;
//! // An AR(1) with mean 0 and a few noisy values.
//! let y = [0.5, 0.9, 0.2, -0.4, -0.1, 0.6, 1.1, 0.4, -0.3, -0.8, -0.2, 0.3, 0.7, 0.1, -0.5];
//! let fit = SarimaParams::new((1, 0, 0)).fit(&y, None).unwrap();
//! assert_eq!(fit.param_names, vec!["ar.L1", "sigma2"]);
//! assert!(fit.params[0] > 0.0 && fit.params[0] < 1.0);
//! ```

pub mod auto;
mod css;
mod driver;
mod fit;
mod kalman;
mod likelihood;
mod params;
mod ragged;
mod refit;
mod scenario;
pub mod search;
mod starts;
mod transform;

pub use ragged::RaggedEdge;
pub use refit::RefitMode;

use ndarray::Array2;
use serde_json::{Value, json};

use crate::error::{Error, Result};
use crate::forecast::Forecast;
use crate::json::{num, nums};
use crate::series::Period;

pub use driver::{DriverModel, driver_forecast_scenario, fit_drivers};
pub use scenario::{
    BLOCK, IntervalMethod, ScenarioOptions, ScenarioResult, ScenarioUncertainty, forecast_scenarios,
};

use fit::fit_inner;
pub use fit::fit_sarima_series;
pub use params::SarimaParams;

/// A fitted seasonal ARIMA.
///
/// ```
/// use colcrime::models::arima::SarimaParams;
/// let y: Vec<f64> = (0..30).map(|t| ((t * 7) % 5) as f64).collect();
/// let fit = SarimaParams::new((0, 0, 1)).drift(true).fit(&y, None).unwrap();
/// assert_eq!(fit.params.len(), fit.param_names.len());
/// assert!((fit.aic - (-2.0 * fit.llf + 2.0 * 3.0)).abs() < 1e-9);
/// ```
#[derive(Debug, Clone)]
pub struct SarimaFit {
    /// The specification.
    pub spec: SarimaParams,
    /// Parameter names, ending with `sigma2`.
    pub param_names: Vec<String>,
    /// Estimates (σ² last).
    pub params: Vec<f64>,
    /// Standard errors from the observed information,
    /// `sqrt(diag(cov_params))` (NaN where the variance is not positive).
    pub bse: Vec<f64>,
    /// Covariance of the estimates (σ² last, rows and columns in the order
    /// of `param_names`): the inverse of minus the numerical Hessian of the
    /// log-likelihood, statsmodels' `cov_params()` with `cov_type="approx"`
    /// (R's `var.coef` is its block without σ²). All NaN when the Hessian
    /// is not invertible.
    pub cov_params: Array2<f64>,
    /// Log-likelihood of the differenced series.
    pub llf: f64,
    /// Akaike's criterion, `-2 llf + 2 k` (k counts σ²).
    pub aic: f64,
    /// The small-sample AIC.
    pub aicc: f64,
    /// Schwarz's criterion.
    pub bic: f64,
    /// Innovation variance.
    pub sigma2: f64,
    /// Differenced observations used.
    pub nobs: usize,
    /// Whether the optimiser converged (true for fixed parameters).
    pub converged: bool,
    /// BFGS iterations.
    pub iterations: usize,
    /// Standardised one-step innovations of the differenced series.
    pub std_resid: Vec<f64>,
    state: FittedState,
}

#[derive(Debug, Clone)]
struct FittedState {
    phi: Vec<f64>,
    theta: Vec<f64>,
    /// a_{n+1|n}, P_{n+1|n} (unit σ²).
    a: Vec<f64>,
    p: Vec<f64>,
    drift: f64,
    beta: Vec<f64>,
    /// δ*: y_t = w_t + Σ δ*_j y_{t-j}.
    delta: Vec<f64>,
    /// The last len(δ*) values of u_t = y_t - x_t'β, oldest first.
    u_tail: Vec<f64>,
    /// One-step-ahead predictions of y (NaN for the first d + sD values and
    /// where y is missing).
    fitted: Vec<f64>,
    /// The data fitted (for the forecast's parameter sensitivities).
    y: Vec<f64>,
    exog: Option<Array2<f64>>,
}

impl SarimaFit {
    /// Forecasts `h` steps of the undifferenced series: means and standard
    /// errors (innovation uncertainty, parameters taken as known, as R's
    /// `predict.Arima`), with Gaussian bands at `levels`. `future_exog` holds
    /// the regressors for the `h` future periods; `periods` labels them.
    ///
    /// # Errors
    /// Missing or short future regressors, `periods.len() != h`, a level
    /// outside (0, 1), or a missing value among the last `d + sD` observations.
    ///
    /// ```
    /// use colcrime::models::arima::SarimaParams;
    /// use colcrime::series::Period;
    /// let y: Vec<f64> = (0..40).map(|t| t as f64 + ((t * 7) % 3) as f64).collect();
    /// let fit = SarimaParams::new((0, 1, 1)).drift(true).fit(&y, None).unwrap();
    /// let p0 = Period::year(2000);
    /// let f = fit.forecast(2, None, vec![p0, p0.succ()], &[95.0]).unwrap();
    /// assert!(f.se[1] > f.se[0]);
    /// ```
    pub fn forecast(
        &self,
        h: usize,
        future_exog: Option<&Array2<f64>>,
        periods: Vec<Period>,
        levels: &[f64],
    ) -> Result<Forecast> {
        let (mean, se) = self.forecast_mean_se(h, future_exog)?;
        Forecast::gaussian(periods, mean, se, levels)
    }

    /// The forecast means and standard errors (see [`SarimaFit::forecast`]).
    ///
    /// # Errors
    /// As [`SarimaFit::forecast`].
    ///
    /// ```
    /// use colcrime::models::arima::SarimaParams;
    /// let y = [1.0, 2.0, 1.5, 1.8, 2.5, 2.2, 1.9, 2.4, 2.8, 2.1, 2.0, 2.6];
    /// let fit = SarimaParams::new((0, 0, 0)).drift(true).fit(&y, None).unwrap();
    /// let (m, _se) = fit.forecast_mean_se(1, None).unwrap();
    /// assert!((m[0] - y.iter().sum::<f64>() / 12.0).abs() < 1e-4);
    /// ```
    pub fn forecast_mean_se(
        &self,
        h: usize,
        future_exog: Option<&Array2<f64>>,
    ) -> Result<(Vec<f64>, Vec<f64>)> {
        let st = &self.state;
        let k = st.beta.len();
        if k > 0 {
            match future_exog {
                Some(x) if x.ncols() == k && x.nrows() >= h => {
                    if let Some((i, _)) = x
                        .rows()
                        .into_iter()
                        .take(h)
                        .enumerate()
                        .find(|(_, r)| r.iter().any(|v| !v.is_finite()))
                    {
                        return Err(Error::usage(format!(
                            "future regressor values are missing at forecast step {}",
                            i + 1
                        )));
                    }
                }
                Some(x) => {
                    return Err(Error::usage(format!(
                        "forecasting {h} steps needs {h} future rows of {k} regressors, got {} rows of {}",
                        x.nrows(),
                        x.ncols()
                    )));
                }
                None => {
                    return Err(Error::usage(format!(
                        "forecasting needs future values of the {k} regressors"
                    )));
                }
            }
        }
        if st.u_tail.iter().any(|v| !v.is_finite()) {
            return Err(Error::domain(
                "a missing value among the last d + sD observations: the forecast origin is not observed",
            ));
        }
        let r = st.a.len();
        let dd = st.delta.len();
        let mut phi = vec![0.0; r];
        phi[..st.phi.len()].copy_from_slice(&st.phi);
        let mut rv = vec![0.0; r];
        rv[0] = 1.0;
        rv[1..=st.theta.len()].copy_from_slice(&st.theta);
        // Means.
        let mut a = st.a.clone();
        let mut hist = st.u_tail.clone();
        let mut mean = Vec::with_capacity(h);
        for step in 0..h {
            let eta = a[0];
            let lagged: f64 = (0..dd)
                .map(|j| st.delta[j] * hist[hist.len() - 1 - j])
                .sum();
            let u = st.drift + eta + lagged;
            hist.push(u);
            let xb: f64 = match future_exog {
                Some(x) if k > 0 => (0..k).map(|j| x[[step, j]] * st.beta[j]).sum(),
                _ => 0.0,
            };
            mean.push(u + xb);
            let a0 = a[0];
            for i in 0..r {
                let next = if i + 1 < r { a[i + 1] } else { 0.0 };
                a[i] = phi[i] * a0 + next;
            }
        }
        // Variances in the augmented state (α, e_{t-1}, …, e_{t-dd}).
        let mm = r + dd;
        let mut cmat = vec![0.0; mm * mm];
        for i in 0..r {
            for j in 0..r {
                cmat[i * mm + j] = st.p[i * r + j] * self.sigma2;
            }
        }
        let mut g = vec![0.0; mm];
        g[0] = 1.0;
        g[r..].copy_from_slice(&st.delta);
        let mut amat = vec![0.0; mm * mm];
        for i in 0..r {
            amat[i * mm] = phi[i];
            if i + 1 < r {
                amat[i * mm + i + 1] = 1.0;
            }
        }
        if dd > 0 {
            amat[r * mm..(r + 1) * mm].copy_from_slice(&g);
            for i in r + 1..mm {
                amat[i * mm + i - 1] = 1.0;
            }
        }
        let mut tmp = vec![0.0; mm * mm];
        let mut se = Vec::with_capacity(h);
        for _ in 0..h {
            let v: f64 = (0..mm)
                .map(|i| g[i] * (0..mm).map(|j| cmat[i * mm + j] * g[j]).sum::<f64>())
                .sum();
            se.push(v.max(0.0).sqrt());
            // C = A C A' + σ² B B'.
            for i in 0..mm {
                for j in 0..mm {
                    tmp[i * mm + j] = (0..mm).map(|l| amat[i * mm + l] * cmat[l * mm + j]).sum();
                }
            }
            for i in 0..mm {
                for j in 0..mm {
                    cmat[i * mm + j] = (0..mm).map(|l| tmp[i * mm + l] * amat[j * mm + l]).sum();
                }
            }
            for i in 0..r {
                for j in 0..r {
                    cmat[i * mm + j] += self.sigma2 * rv[i] * rv[j];
                }
            }
        }
        Ok((mean, se))
    }

    /// The contract's JSON (without `forecast`, which the caller adds):
    /// `param_names, params, bse, llf, aic, aicc, bic, sigma2, nobs,
    /// converged, iterations`, plus `model`, `order`, `seasonal_order` and
    /// `cov_params` (`{names, matrix}`, σ² last).
    ///
    /// ```
    /// use colcrime::models::arima::SarimaParams;
    /// let y = [1.0, 2.0, 1.5, 1.8, 2.5, 2.2, 1.9, 2.4, 2.8, 2.1, 2.0, 2.6];
    /// let fit = SarimaParams::new((0, 0, 0)).drift(true).fit(&y, None).unwrap();
    /// assert_eq!(fit.to_json()["param_names"][1], "sigma2");
    /// ```
    pub fn to_json(&self) -> Value {
        let (p, d, q) = self.spec.order;
        let (sp, sd, sq, s) = self.spec.seasonal_order;
        json!({
            "model": self.spec.model_name(),
            "order": [p, d, q],
            "seasonal_order": [sp, sd, sq, s],
            "param_names": self.param_names,
            "params": nums(&self.params),
            "bse": nums(&self.bse),
            "cov_params": {
                "names": self.param_names,
                "matrix": crate::json::matrix(&self.cov_params),
            },
            "llf": num(self.llf),
            "aic": num(self.aic),
            "aicc": num(self.aicc),
            "bic": num(self.bic),
            "sigma2": num(self.sigma2),
            "nobs": self.nobs,
            "converged": self.converged,
            "iterations": self.iterations,
        })
    }

    /// Two-sided p-values of the z statistics `params / bse` under the
    /// standard normal (statsmodels' `pvalues`; NaN where `bse` is).
    ///
    /// ```
    /// use colcrime::models::arima::SarimaParams;
    /// let y = [1.0, 2.0, 1.5, 1.8, 2.5, 2.2, 1.9, 2.4, 2.8, 2.1, 2.0, 2.6];
    /// let fit = SarimaParams::new((0, 0, 0)).drift(true).fit(&y, None).unwrap();
    /// // The mean, about 2.15 with a standard error near 0.12, is far from zero.
    /// assert!(fit.pvalues()[0] < 1e-6);
    /// ```
    pub fn pvalues(&self) -> Vec<f64> {
        use statrs::distribution::{ContinuousCDF, Normal};
        let normal = Normal::standard();
        self.params
            .iter()
            .zip(&self.bse)
            .map(|(b, se)| 2.0 * (1.0 - normal.cdf((b / se).abs())))
            .collect()
    }

    /// Normal 95% confidence intervals `params ± 1.96 bse` (statsmodels'
    /// `conf_int()`), one `[lower, upper]` per parameter.
    ///
    /// ```
    /// use colcrime::models::arima::SarimaParams;
    /// let y = [1.0, 2.0, 1.5, 1.8, 2.5, 2.2, 1.9, 2.4, 2.8, 2.1, 2.0, 2.6];
    /// let fit = SarimaParams::new((0, 0, 0)).drift(true).fit(&y, None).unwrap();
    /// let ci = fit.conf_int();
    /// assert!((ci[0][1] - ci[0][0] - 2.0 * 1.959963984540054 * fit.bse[0]).abs() < 1e-12);
    /// ```
    pub fn conf_int(&self) -> Vec<[f64; 2]> {
        const Z975: f64 = 1.959963984540054;
        self.params
            .iter()
            .zip(&self.bse)
            .map(|(b, se)| [b - Z975 * se, b + Z975 * se])
            .collect()
    }

    /// A statsmodels-like summary table.
    ///
    /// ```
    /// use colcrime::models::arima::SarimaParams;
    /// let y = [1.0, 2.0, 1.5, 1.8, 2.5, 2.2, 1.9, 2.4, 2.8, 2.1, 2.0, 2.6];
    /// let fit = SarimaParams::new((0, 0, 0)).drift(true).fit(&y, None).unwrap();
    /// assert!(fit.summary().contains("Log Likelihood"));
    /// ```
    pub fn summary(&self) -> String {
        self.summary_named("y")
    }

    /// [`SarimaFit::summary`] naming the dependent variable.
    ///
    /// ```
    /// use colcrime::models::arima::SarimaParams;
    /// let y = [1.0, 2.0, 1.5, 1.8, 2.5, 2.2, 1.9, 2.4, 2.8, 2.1, 2.0, 2.6];
    /// let fit = SarimaParams::new((0, 0, 0)).drift(true).fit(&y, None).unwrap();
    /// assert!(fit.summary_named("robbery").contains("robbery"));
    /// ```
    pub fn summary_named(&self, dep: &str) -> String {
        let bar = "=".repeat(78);
        let thin = "-".repeat(78);
        let mut out = String::new();
        out.push_str(&format!("{:^78}\n", "SARIMAX Results"));
        out.push_str(&bar);
        out.push('\n');
        out.push_str(&format!(
            "{:<20}{:>18}   {:<20}{:>17}\n",
            "Dep. Variable:", dep, "No. Observations:", self.nobs
        ));
        out.push_str(&format!(
            "{:<20}{:>18}   {:<20}{:>17.3}\n",
            "Model:",
            self.spec.model_name(),
            "Log Likelihood",
            self.llf
        ));
        out.push_str(&format!(
            "{:<20}{:>18}   {:<20}{:>17.3}\n",
            "Converged:", self.converged, "AIC", self.aic
        ));
        out.push_str(&format!(
            "{:<20}{:>18}   {:<20}{:>17.3}\n",
            "Iterations:", self.iterations, "BIC", self.bic
        ));
        out.push_str(&format!(
            "{:<20}{:>18}   {:<20}{:>17.3}\n",
            "", "", "AICc", self.aicc
        ));
        out.push_str(&bar);
        out.push('\n');
        out.push_str(&format!(
            "{:<14}{:>10}{:>10}{:>10}{:>10}{:>12}{:>12}\n",
            "", "coef", "std err", "z", "P>|z|", "[0.025", "0.975]"
        ));
        out.push_str(&thin);
        out.push('\n');
        let (pvalues, conf_int) = (self.pvalues(), self.conf_int());
        for (i, name) in self.param_names.iter().enumerate() {
            let (b, se) = (self.params[i], self.bse[i]);
            out.push_str(&format!(
                "{:<14}{:>10.4}{:>10.3}{:>10.3}{:>10.3}{:>12.3}{:>12.3}\n",
                name,
                b,
                se,
                b / se,
                pvalues[i],
                conf_int[i][0],
                conf_int[i][1]
            ));
        }
        out.push_str(&bar);
        out.push('\n');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::kalman::Filter;
    use super::likelihood::{diff_poly, expand};

    #[test]
    fn expand_airline() {
        let th = expand(&[0.5], &[0.25], 12, 1.0);
        assert_eq!(th.len(), 13);
        assert!(
            (th[0] - 0.5).abs() < 1e-15
                && (th[11] - 0.25).abs() < 1e-15
                && (th[12] - 0.125).abs() < 1e-15
        );
        let ph = expand(&[0.5], &[0.25], 4, -1.0);
        // (1 - .5B)(1 - .25B^4) = 1 - .5B - .25B^4 + .125B^5
        assert!(
            (ph[0] - 0.5).abs() < 1e-15
                && (ph[3] - 0.25).abs() < 1e-15
                && (ph[4] + 0.125).abs() < 1e-15
        );
    }

    #[test]
    fn ar1_p0_is_variance() {
        let mut f = Filter::new(&[0.6], &[]);
        assert!(f.init(&[0.6], &[]));
        assert!((f.p[0] - 1.0 / (1.0 - 0.36)).abs() < 1e-12);
    }

    #[test]
    fn p0_solves_lyapunov() {
        // ARMA(2,2) and a seasonal (1,0,1)(2,0,1)12 (state dimension 26):
        // check P = T P T' + R R'.
        let sphi = expand(&[0.5], &[0.3, -0.2], 12, -1.0);
        let stheta = expand(&[0.4], &[-0.6], 12, 1.0);
        for (phi, theta) in [(vec![0.5, -0.3], vec![0.4, 0.2]), (sphi, stheta)] {
            lyapunov_case(&phi, &theta);
        }
    }

    fn lyapunov_case(phi: &[f64], theta: &[f64]) {
        let mut f = Filter::new(phi, theta);
        assert!(f.init(phi, theta));
        let r = f.r;
        let t = |i: usize, j: usize| -> f64 {
            let mut v = if j == 0 { f.phi[i] } else { 0.0 };
            if j == i + 1 {
                v += 1.0;
            }
            v
        };
        for i in 0..r {
            for j in 0..r {
                let mut v = f.rvec[i] * f.rvec[j];
                for a in 0..r {
                    for b in 0..r {
                        v += t(i, a) * f.p[a * r + b] * t(j, b);
                    }
                }
                assert!(
                    (v - f.p[i * r + j]).abs() < 1e-12 * (1.0 + v.abs()),
                    "{i} {j}"
                );
            }
        }
    }

    #[test]
    fn diff_poly_seasonal() {
        let c = diff_poly(1, 1, 4);
        assert_eq!(c, vec![1.0, -1.0, 0.0, 0.0, -1.0, 1.0]);
    }
}
