//! A fitted ETS model ([`EtsFit`]): point forecasts, analytic or simulated
//! prediction intervals, JSON and the text summary.

use serde_json::{Value, json};

use super::statespace::{EtsParams, State};
use super::{ErrorType, SeasonalType};
use crate::error::Result;
use crate::forecast::{Band, Forecast, IntervalCoverage, PointKind, normalise_levels};
use crate::json::{num, nums};
use crate::series::Period;
use crate::stats::quantile::quantile_sorted;
use crate::stats::rng::{Flavour, Rng};

/// How the prediction intervals were computed.
///
/// ```
/// use colcrime::models::ets::IntervalMethod;
/// assert_eq!(IntervalMethod::Analytic.word(), "analytic");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntervalMethod {
    /// Closed-form forecast variance (the linear models ANN, AAN, AAdN, ANA,
    /// AAA, AAdA; Hyndman et al. 2008, table 6.1) with Gaussian quantiles.
    Analytic,
    /// Quantiles of seeded simulated future paths.
    Simulated,
}

impl IntervalMethod {
    /// The word used in JSON.
    ///
    /// ```
    /// use colcrime::models::ets::IntervalMethod;
    /// assert_eq!(IntervalMethod::Simulated.word(), "simulated");
    /// ```
    pub fn word(self) -> &'static str {
        match self {
            IntervalMethod::Analytic => "analytic",
            IntervalMethod::Simulated => "simulated",
        }
    }
}

/// A fitted ETS model.
///
/// ```
/// use colcrime::models::ets::{EtsParams, ErrorType, TrendType};
/// let y: Vec<f64> = (0..30).map(|t| 5.0 + t as f64 + if t % 2 == 0 { 0.3 } else { -0.3 }).collect();
/// let f = EtsParams::new(ErrorType::Add).trend(TrendType::Add).fit(&y).unwrap();
/// assert_eq!(f.fittedvalues.len(), 30);
/// assert!(f.to_json()["params"]["smoothing_trend"].is_number());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct EtsFit {
    pub(super) spec: EtsParams,
    /// `alpha`.
    pub smoothing_level: f64,
    /// `beta` (ETS form, `alpha beta*`), if the model has a trend.
    pub smoothing_trend: Option<f64>,
    /// `gamma` (ETS form, `(1 - alpha) gamma*`), if seasonal.
    pub smoothing_seasonal: Option<f64>,
    /// `phi`, if the trend is damped.
    pub damping_trend: Option<f64>,
    /// `l_{-1}`, the level before the first observation.
    pub initial_level: f64,
    /// `b_{-1}`, if the model has a trend.
    pub initial_trend: Option<f64>,
    /// `s_{-m}, ..., s_{-1}` in time order (statsmodels' `initial_seasonal`
    /// attribute of the results; its parameter vector holds them reversed).
    pub initial_seasons: Vec<f64>,
    /// statsmodels' parameter names.
    pub param_names: Vec<String>,
    /// The parameters in the order of `param_names`.
    pub params: Vec<f64>,
    /// Log-likelihood (scale concentrated out).
    pub llf: f64,
    /// `-2 llf + 2 (k + 1)`.
    pub aic: f64,
    /// `-2 llf + 2 (k + 1) n / (n - k - 2)`.
    pub aicc: f64,
    /// `-2 llf + log(n) (k + 1)`.
    pub bic: f64,
    /// Sum of squared residuals (relative residuals for multiplicative errors).
    pub sse: f64,
    /// `sse / n`, the innovation variance.
    pub scale: f64,
    /// Number of observations.
    pub nobs: usize,
    /// `k + 1`: parameters plus the scale.
    pub df_model: usize,
    /// One-step-ahead forecasts.
    pub fittedvalues: Vec<f64>,
    /// Residuals `y - mu` (additive) or `(y - mu) / mu` (multiplicative).
    pub resid: Vec<f64>,
    /// Whether the optimiser converged (true at fixed parameters).
    pub converged: bool,
    /// Optimiser iterations.
    pub iterations: usize,
    /// Whether the parameters were fixed rather than estimated.
    pub fixed: bool,
    pub(super) state: State,
}

impl EtsFit {
    /// The model's short name (`AAdA`).
    ///
    /// ```
    /// use colcrime::models::ets::{EtsParams, ErrorType};
    /// let y = [3.0, 4.0, 3.5, 5.0, 4.5, 5.5, 5.0, 6.0];
    /// assert_eq!(EtsParams::new(ErrorType::Add).fit(&y).unwrap().short_name(), "ANN");
    /// ```
    pub fn short_name(&self) -> String {
        self.spec.short_name()
    }

    /// The specification that was fitted.
    ///
    /// ```
    /// use colcrime::models::ets::{EtsParams, ErrorType};
    /// let y = [3.0, 4.0, 3.5, 5.0, 4.5, 5.5, 5.0, 6.0];
    /// let f = EtsParams::new(ErrorType::Add).fit(&y).unwrap();
    /// assert_eq!(f.spec().param_names().len(), 2);
    /// ```
    pub fn spec(&self) -> &EtsParams {
        &self.spec
    }

    /// How [`forecast`](Self::forecast) computes intervals for this model.
    ///
    /// ```
    /// use colcrime::models::ets::{EtsParams, ErrorType, IntervalMethod};
    /// let y = [3.0, 4.0, 3.5, 5.0, 4.5, 5.5, 5.0, 6.0];
    /// let f = EtsParams::new(ErrorType::Mul).fit(&y).unwrap();
    /// assert_eq!(f.interval_method(), IntervalMethod::Simulated);
    /// ```
    pub fn interval_method(&self) -> IntervalMethod {
        if self.spec.error == ErrorType::Add && self.spec.seasonal != SeasonalType::Mul {
            IntervalMethod::Analytic
        } else {
            IntervalMethod::Simulated
        }
    }

    /// Replaces the final states and the scale (Holt-Winters forecasts use
    /// their own recursion's states with this model's interval machinery).
    pub(crate) fn set_state(&mut self, l: f64, b: f64, s: Vec<f64>, scale: f64) {
        self.state = State { l, b, s };
        self.scale = scale;
    }

    /// The point forecasts for horizons 1..=h (the paths with zero errors).
    fn point(&self, h: usize) -> Vec<f64> {
        let mul_s = self.spec.seasonal == SeasonalType::Mul;
        let phi = self.damping_trend.unwrap_or(1.0);
        let m = self.state.s.len().max(1);
        let mut l = self.state.l;
        let mut b = self.state.b;
        let mut out = Vec::with_capacity(h);
        for j in 0..h {
            let bb = phi * b;
            let ll = l + bb;
            let s = self.state.s.get(j % m).copied().unwrap_or(0.0);
            out.push(if mul_s { ll * s } else { ll + s });
            l = ll;
            b = bb;
        }
        out
    }

    /// Relative forecast-error variances of the linear models (Hyndman et
    /// al. 2008, table 6.1, as statsmodels' `_relative_forecast_variance`).
    fn relative_variance(&self, h: usize) -> Vec<f64> {
        let a = self.smoothing_level;
        let b = self.smoothing_trend.unwrap_or(0.0);
        let g = self.smoothing_seasonal.unwrap_or(0.0);
        let m = self.spec.m() as f64;
        let damped = self.spec.trend.damped();
        let has_t = self.spec.trend.has_trend();
        let phi = self.damping_trend.unwrap_or(1.0);
        (1..=h)
            .map(|hh| {
                let hf = hh as f64;
                let k = if self.spec.seasonal.is_seasonal() {
                    ((hh - 1) / self.spec.m()) as f64
                } else {
                    0.0
                };
                let mut v = 1.0 + a * a * (hf - 1.0);
                if has_t && !damped {
                    v = 1.0
                        + (hf - 1.0) * (a * a + a * b * hf + b * b * hf / 6.0 * (2.0 * hf - 1.0));
                }
                if damped {
                    v += (b * phi * hf) / (1.0 - phi).powi(2) * (2.0 * a * (1.0 - phi) + b * phi)
                        - (b * phi * (1.0 - phi.powf(hf)))
                            / ((1.0 - phi).powi(2) * (1.0 - phi * phi))
                            * (2.0 * a * (1.0 - phi * phi)
                                + b * phi * (1.0 + 2.0 * phi - phi.powf(hf)));
                }
                if self.spec.seasonal.is_seasonal() {
                    v += g * k * (2.0 * a + g);
                    if has_t && !damped {
                        v += g * k * b * m * (k + 1.0);
                    }
                    if damped {
                        let pm = phi.powf(m);
                        v += (2.0 * b * g * phi) / ((1.0 - phi) * (1.0 - pm))
                            * (k * (1.0 - pm) - pm * (1.0 - phi.powf(m * k)));
                    }
                }
                v
            })
            .collect()
    }

    /// Simulated future paths (`h` x `reps`, row-major by horizon), from the
    /// final states with Gaussian errors of variance `scale`, as statsmodels'
    /// `ETSResults.simulate`.
    fn simulate(&self, h: usize) -> Vec<Vec<f64>> {
        let reps = self.spec.repetitions;
        let mut rng = Rng::new(self.spec.seed, 0, Flavour::StarStarPolar);
        let sigma = self.scale.sqrt();
        let mul_s = self.spec.seasonal == SeasonalType::Mul;
        let mul_e = self.spec.error == ErrorType::Mul;
        let alpha = self.smoothing_level;
        let beta = self.smoothing_trend.unwrap_or(0.0);
        let gamma = self.smoothing_seasonal.unwrap_or(0.0);
        let phi = self.damping_trend.unwrap_or(1.0);
        let m = self.state.s.len().max(1);
        let mut out = vec![vec![0.0; reps]; h];
        for r in 0..reps {
            let mut l = self.state.l;
            let mut b = self.state.b;
            let mut seas = self.state.s.clone();
            if seas.is_empty() {
                seas.push(0.0);
            }
            for (j, row) in out.iter_mut().enumerate() {
                let e = rng.normal() * sigma;
                let pos = j % m;
                let bb = phi * b;
                let ll = l + bb;
                let s = seas[pos];
                let yy = if mul_s { ll * s } else { ll + s };
                let (eta, kl, kb, ks) = if !mul_e {
                    let kl = if mul_s { 1.0 / s } else { 1.0 };
                    (1.0, kl, kl, if mul_s { 1.0 / ll } else { 1.0 })
                } else {
                    let kl = if mul_s { 0.0 } else { s };
                    (yy, kl, kl + l, if mul_s { 0.0 } else { ll })
                };
                let me = if mul_e { 1.0 } else { 0.0 };
                row[r] = yy + eta * e;
                l = ll + alpha * (me * ll + kl) * e;
                b = bb + beta * (me * bb + kb) * e;
                seas[pos] = s + gamma * (me * s + ks) * e;
            }
        }
        out
    }

    /// Forecasts `h` periods ahead with prediction intervals at `levels`
    /// (0.8 or 80): analytic for the linear models, simulated (seeded)
    /// otherwise — see [`interval_method`](Self::interval_method).
    ///
    /// # Errors
    /// A level outside (0, 100).
    ///
    /// ```
    /// use colcrime::models::ets::{EtsParams, ErrorType};
    /// let y = [3.0, 4.0, 3.5, 5.0, 4.5, 5.5, 5.0, 6.0];
    /// let f = EtsParams::new(ErrorType::Add).fixed_params(vec![0.5, 3.0]).fit(&y).unwrap();
    /// let fc = f.forecast(2, &[95.0]).unwrap();
    /// assert_eq!(fc.point[0], fc.point[1]);
    /// assert!((fc.se[1] / fc.se[0] - 1.25f64.sqrt()).abs() < 1e-12);
    /// ```
    pub fn forecast(&self, h: usize, levels: &[f64]) -> Result<Forecast> {
        let periods: Vec<Period> = match self.spec.last_period {
            Some(p) => (1..=h).map(|i| p.offset(i as i64)).collect(),
            None => (1..=h)
                .map(|i| Period::year((self.nobs + i) as i32))
                .collect(),
        };
        self.forecast_at(periods, levels)
    }

    /// Like [`forecast`](Self::forecast) with the given future periods (one
    /// per horizon).
    ///
    /// # Errors
    /// A level outside (0, 100).
    ///
    /// ```
    /// use colcrime::models::ets::{EtsParams, ErrorType};
    /// use colcrime::series::Period;
    /// let y = [3.0, 4.0, 3.5, 5.0, 4.5, 5.5, 5.0, 6.0];
    /// let f = EtsParams::new(ErrorType::Add).fixed_params(vec![0.5, 3.0]).fit(&y).unwrap();
    /// let fc = f.forecast_at(vec![Period::year(2030)], &[80.0]).unwrap();
    /// assert_eq!(fc.periods.len(), 1);
    /// ```
    pub fn forecast_at(&self, periods: Vec<Period>, levels: &[f64]) -> Result<Forecast> {
        let h = periods.len();
        let point = self.point(h);
        match self.interval_method() {
            IntervalMethod::Analytic => {
                let se = self
                    .relative_variance(h)
                    .iter()
                    .map(|v| (self.scale * v).sqrt())
                    .collect();
                Forecast::gaussian(periods, point, se, levels)
            }
            IntervalMethod::Simulated => {
                let levels = normalise_levels(levels)?;
                let mut sims = self.simulate(h);
                let mut se = Vec::with_capacity(h);
                for row in sims.iter_mut() {
                    let k = row.len() as f64;
                    let mean = row.iter().sum::<f64>() / k;
                    let var =
                        row.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (k - 1.0).max(1.0);
                    se.push(var.sqrt());
                    row.sort_by(|a, b| a.total_cmp(b));
                }
                let bands = levels
                    .iter()
                    .map(|&level| Band {
                        level,
                        lower: sims
                            .iter()
                            .map(|r| quantile_sorted(r, (1.0 - level) / 2.0))
                            .collect(),
                        upper: sims
                            .iter()
                            .map(|r| quantile_sorted(r, (1.0 + level) / 2.0))
                            .collect(),
                    })
                    .collect();
                Ok(Forecast {
                    periods,
                    point,
                    se,
                    bands,
                    point_kind: PointKind::Mean,
                    covers: IntervalCoverage {
                        innovation: true,
                        ..Default::default()
                    },
                })
            }
        }
    }

    /// The contract's JSON: `params` as an object (`smoothing_level,
    /// smoothing_trend, smoothing_seasonal, damping_trend, initial_level,
    /// initial_trend, initial_seasons`; `null` for components the model does
    /// not have), `param_names`/`param_values` (statsmodels order), `sse,
    /// scale, llf, aic, aicc, bic, nobs, df_model, fittedvalues, resid,
    /// converged, iterations, interval_method`.
    ///
    /// ```
    /// use colcrime::models::ets::{EtsParams, ErrorType};
    /// let y = [3.0, 4.0, 3.5, 5.0, 4.5, 5.5, 5.0, 6.0];
    /// let j = EtsParams::new(ErrorType::Add).fit(&y).unwrap().to_json();
    /// assert_eq!(j["model"], "ETS(A,N,N)");
    /// assert!(j["params"]["damping_trend"].is_null());
    /// ```
    pub fn to_json(&self) -> Value {
        let opt = |v: Option<f64>| v.map(num).unwrap_or(Value::Null);
        json!({
            "model": format!("ETS({},{},{})", self.spec.error.letter(), self.spec.trend.letter(), self.spec.seasonal.letter()),
            "short_name": self.short_name(),
            "error": self.spec.error.word(),
            "trend": self.spec.trend.word(),
            "seasonal": self.spec.seasonal.word(),
            "period": if self.spec.seasonal.is_seasonal() { json!(self.spec.period) } else { Value::Null },
            "params": {
                "smoothing_level": num(self.smoothing_level),
                "smoothing_trend": opt(self.smoothing_trend),
                "smoothing_seasonal": opt(self.smoothing_seasonal),
                "damping_trend": opt(self.damping_trend),
                "initial_level": num(self.initial_level),
                "initial_trend": opt(self.initial_trend),
                "initial_seasons": if self.spec.seasonal.is_seasonal() { nums(&self.initial_seasons) } else { Value::Null },
            },
            "param_names": self.param_names,
            "param_values": nums(&self.params),
            "fixed_params": self.fixed,
            "sse": num(self.sse),
            "scale": num(self.scale),
            "llf": num(self.llf),
            "aic": num(self.aic),
            "aicc": num(self.aicc),
            "bic": num(self.bic),
            "nobs": self.nobs,
            "df_model": self.df_model,
            "fittedvalues": nums(&self.fittedvalues),
            "resid": nums(&self.resid),
            "converged": self.converged,
            "iterations": self.iterations,
            "interval_method": self.interval_method().word(),
        })
    }

    /// A human summary laid out like statsmodels' ETS results.
    ///
    /// ```
    /// use colcrime::models::ets::{EtsParams, ErrorType};
    /// let y = [3.0, 4.0, 3.5, 5.0, 4.5, 5.5, 5.0, 6.0];
    /// let s = EtsParams::new(ErrorType::Add).fit(&y).unwrap().summary("y");
    /// assert!(s.contains("smoothing_level"));
    /// ```
    pub fn summary(&self, name: &str) -> String {
        let mut s = format!(
            "ETS({},{},{}) results for {name}\n{:<22}{:>14}\n",
            self.spec.error.letter(),
            self.spec.trend.letter(),
            self.spec.seasonal.letter(),
            "No. observations",
            self.nobs
        );
        for (k, v) in [
            ("Log likelihood", self.llf),
            ("AIC", self.aic),
            ("AICc", self.aicc),
            ("BIC", self.bic),
            ("SSE", self.sse),
            ("Scale", self.scale),
        ] {
            s.push_str(&format!("{k:<22}{v:>14.4}\n"));
        }
        s.push_str(&format!("\n{:<24}{:>16}\n", "parameter", "value"));
        for (n, v) in self.param_names.iter().zip(&self.params) {
            s.push_str(&format!("{n:<24}{v:>16.6}\n"));
        }
        if !self.converged {
            s.push_str("\nwarning: the optimiser did not report convergence\n");
        }
        s
    }
}
