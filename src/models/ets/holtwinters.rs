//! Holt-Winters exponential smoothing by least squares, as statsmodels'
//! `ExponentialSmoothing(y, trend, seasonal, seasonal_periods,
//! damped_trend).fit()` (see the module docs of [`crate::models::ets`]).
//!
//! With `l_0, b_0, s_0, ..., s_{m-1}` the initial states (the first fitted
//! value is `l_0 + phi b_0 + s_0`):
//!
//! ```text
//! yhat_t  = l_t + phi b_t + s_t                     (or (l_t + phi b_t) s_t)
//! l_{t+1} = alpha (y_t - s_t) + (1 - alpha)(l_t + phi b_t)
//! b_{t+1} = beta (l_{t+1} - l_t) + (1 - beta) phi b_t
//! s_{t+m} = gamma (y_t - l_t - phi b_t) + (1 - gamma) s_t
//! ```
//!
//! minimising `sse = sum (y_t - yhat_t)^2` over the smoothing parameters
//! (`0 <= alpha <= 1`, `0 <= beta <= alpha`, `0 <= gamma <= 1 - alpha`,
//! `0.8 <= phi <= 0.995`) and the initial states ("estimated"
//! initialisation). The level and the seasonals are not separately
//! identified (adding `c` to `l_0` and subtracting it from every `s_j`, or
//! scaling for multiplicative seasons, leaves the fit unchanged); the
//! optimum is reported with the seasonals normalised to mean 0 (additive) or
//! 1 (multiplicative). statsmodels reports an arbitrary point of that ridge,
//! so its initial states are compared through the fitted values.
//!
//! `aic = n log(sse/n) + 2k`, `aicc = aic + 2(k+2)(k+3)/(n-k-3)`,
//! `bic = n log(sse/n) + k log n` with `k = m [seasonal] + 2 [trend] + 2 +
//! [damped]` (statsmodels' definitions); `llf` is the Gaussian
//! log-likelihood at `sigma^2 = sse/n`. Prediction intervals are those of the
//! equivalent additive-error ETS model (`beta_ETS = alpha beta`,
//! `gamma_ETS = gamma`), analytic or simulated as in [`super::EtsFit`].

use serde_json::{Value, json};

use super::{
    ErrorType, EtsFit, EtsParams, IntervalMethod, SeasonalType, TrendType, check_series,
    minimize_box,
};
use crate::error::{Error, Result};
use crate::forecast::Forecast;
use crate::json::{num, nums};
use crate::series::Period;

/// statsmodels' `LOWER_BOUND = sqrt(machine epsilon)` for alpha.
const A_LB: f64 = 1.490_116_119_384_765_6e-8;

/// Specification of a Holt-Winters model, validated when fitted.
///
/// ```
/// use colcrime::models::ets::{HoltWintersParams, TrendType, SeasonalType};
/// let p = HoltWintersParams::new().trend(TrendType::Add).seasonal(SeasonalType::Mul, 4);
/// assert_eq!(p.param_names().len(), 2 + 2 + 4 + 1);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct HoltWintersParams {
    trend: TrendType,
    seasonal: SeasonalType,
    period: usize,
    fixed: Option<Vec<f64>>,
    repetitions: usize,
    seed: u64,
    last_period: Option<Period>,
}

impl Default for HoltWintersParams {
    fn default() -> Self {
        HoltWintersParams::new()
    }
}

impl HoltWintersParams {
    /// Simple exponential smoothing (no trend, no season); add components
    /// with [`trend`](Self::trend) and [`seasonal`](Self::seasonal).
    ///
    /// ```
    /// use colcrime::models::ets::HoltWintersParams;
    /// assert_eq!(HoltWintersParams::new().param_names(), vec!["smoothing_level", "initial_level"]);
    /// ```
    pub fn new() -> HoltWintersParams {
        HoltWintersParams {
            trend: TrendType::None,
            seasonal: SeasonalType::None,
            period: 1,
            fixed: None,
            repetitions: 5000,
            seed: 20_240_101,
            last_period: None,
        }
    }

    /// Sets the trend.
    ///
    /// ```
    /// use colcrime::models::ets::{HoltWintersParams, TrendType};
    /// assert_eq!(HoltWintersParams::new().trend(TrendType::AddDamped).param_names().len(), 5);
    /// ```
    pub fn trend(mut self, trend: TrendType) -> HoltWintersParams {
        self.trend = trend;
        self
    }

    /// Sets the seasonal component and its period.
    ///
    /// ```
    /// use colcrime::models::ets::{HoltWintersParams, SeasonalType};
    /// assert_eq!(HoltWintersParams::new().seasonal(SeasonalType::Add, 4).param_names().len(), 7);
    /// ```
    pub fn seasonal(mut self, seasonal: SeasonalType, period: usize) -> HoltWintersParams {
        self.seasonal = seasonal;
        self.period = period;
        self
    }

    /// Evaluates at these parameters (order of
    /// [`param_names`](Self::param_names)) instead of estimating them.
    ///
    /// ```
    /// use colcrime::models::ets::HoltWintersParams;
    /// let y = [3.0, 4.0, 3.5, 5.0, 4.5, 5.5];
    /// let f = HoltWintersParams::new().fixed_params(vec![0.5, 3.0]).fit(&y).unwrap();
    /// assert_eq!(f.fittedvalues[2], 3.5);
    /// ```
    pub fn fixed_params(mut self, params: Vec<f64>) -> HoltWintersParams {
        self.fixed = Some(params);
        self
    }

    /// Sets the number of simulated paths and the seed for simulated intervals.
    ///
    /// ```
    /// use colcrime::models::ets::HoltWintersParams;
    /// let p = HoltWintersParams::new().simulation(100, 1);
    /// assert_eq!(p.param_names().len(), 2);
    /// ```
    pub fn simulation(mut self, repetitions: usize, seed: u64) -> HoltWintersParams {
        self.repetitions = repetitions;
        self.seed = seed;
        self
    }

    /// Sets the period of the last observation, so that forecasts are dated.
    ///
    /// ```
    /// use colcrime::models::ets::HoltWintersParams;
    /// use colcrime::series::Period;
    /// let y = [3.0, 4.0, 3.5, 5.0, 4.5, 5.5];
    /// let f = HoltWintersParams::new().last_period(Some(Period::year(2000))).fit(&y).unwrap();
    /// assert_eq!(f.forecast(1, &[80.0]).unwrap().periods[0], Period::year(2001));
    /// ```
    pub fn last_period(mut self, p: Option<Period>) -> HoltWintersParams {
        self.last_period = p;
        self
    }

    fn m(&self) -> usize {
        if self.seasonal.is_seasonal() {
            self.period
        } else {
            1
        }
    }

    /// Parameter names: `smoothing_level, smoothing_trend,
    /// smoothing_seasonal, damping_trend, initial_level, initial_trend,
    /// initial_seasons.0, ..., initial_seasons.{m-1}` (time order: `.0`
    /// applies to the first observation), those the model has.
    ///
    /// ```
    /// use colcrime::models::ets::{HoltWintersParams, TrendType};
    /// assert_eq!(HoltWintersParams::new().trend(TrendType::Add).param_names()[1], "smoothing_trend");
    /// ```
    pub fn param_names(&self) -> Vec<String> {
        let mut v = vec!["smoothing_level".to_string()];
        if self.trend.has_trend() {
            v.push("smoothing_trend".into());
        }
        if self.seasonal.is_seasonal() {
            v.push("smoothing_seasonal".into());
        }
        if self.trend.damped() {
            v.push("damping_trend".into());
        }
        v.push("initial_level".into());
        if self.trend.has_trend() {
            v.push("initial_trend".into());
        }
        if self.seasonal.is_seasonal() {
            for j in 0..self.period {
                v.push(format!("initial_seasons.{j}"));
            }
        }
        v
    }

    /// Checks the specification.
    ///
    /// # Errors
    /// A seasonal period below 2, or fixed parameters of the wrong number or
    /// with `alpha` outside (0, 1).
    ///
    /// ```
    /// use colcrime::models::ets::HoltWintersParams;
    /// assert!(HoltWintersParams::new().fixed_params(vec![0.5]).validate().is_err());
    /// ```
    pub fn validate(&self) -> Result<()> {
        if self.seasonal.is_seasonal() && self.period < 2 {
            return Err(Error::usage(format!(
                "Holt-Winters: a seasonal model needs --period of at least 2, found {}",
                self.period
            )));
        }
        if self.repetitions == 0 {
            return Err(Error::usage(
                "Holt-Winters: simulation repetitions must be positive",
            ));
        }
        if let Some(f) = &self.fixed {
            let names = self.param_names();
            if f.len() != names.len() {
                return Err(Error::usage(format!(
                    "--fixed-params: this Holt-Winters model has {} parameters ({}), found {}",
                    names.len(),
                    names.join(", "),
                    f.len()
                )));
            }
            if let Some(v) = f.iter().find(|v| !v.is_finite()) {
                return Err(Error::usage(format!(
                    "--fixed-params: every value must be finite, found {v}"
                )));
            }
            let a = f.first().copied().unwrap_or(f64::NAN);
            if !(a > 0.0 && a < 1.0) {
                return Err(Error::usage(format!(
                    "--fixed-params: smoothing_level must lie in (0, 1), found {a}"
                )));
            }
        }
        Ok(())
    }

    /// Unpacks a parameter vector: alpha, beta, gamma, phi, l0, b0, seasons.
    #[allow(clippy::type_complexity)]
    fn unpack(&self, p: &[f64]) -> (f64, f64, f64, f64, f64, f64, Vec<f64>) {
        let mut it = p.iter().copied();
        let mut next = || it.next().unwrap_or(f64::NAN);
        let a = next();
        let b = if self.trend.has_trend() { next() } else { 0.0 };
        let g = if self.seasonal.is_seasonal() {
            next()
        } else {
            0.0
        };
        let phi = if self.trend.damped() { next() } else { 1.0 };
        let l0 = next();
        let b0 = if self.trend.has_trend() { next() } else { 0.0 };
        let s = if self.seasonal.is_seasonal() {
            (0..self.period).map(|_| next()).collect()
        } else {
            vec![0.0]
        };
        (a, b, g, phi, l0, b0, s)
    }

    /// One-step fitted values of the Holt-Winters recursions.
    fn fitted(&self, p: &[f64], y: &[f64]) -> Vec<f64> {
        self.run(p, y).0
    }

    /// Fitted values and the final level, trend and last `m` seasonals
    /// (oldest first).
    fn run(&self, p: &[f64], y: &[f64]) -> (Vec<f64>, f64, f64, Vec<f64>) {
        let (alpha, beta, gamma, phi, mut l, mut b, mut s) = self.unpack(p);
        let mul = self.seasonal == SeasonalType::Mul;
        let m = s.len().max(1);
        if s.is_empty() {
            s.push(0.0);
        }
        let mut out = Vec::with_capacity(y.len());
        for (i, &yt) in y.iter().enumerate() {
            let pos = i % m;
            let sp = s[pos];
            let lb = l + phi * b;
            let (f, lnew, snew) = if mul {
                (
                    lb * sp,
                    alpha * yt / sp + (1.0 - alpha) * lb,
                    gamma * yt / lb + (1.0 - gamma) * sp,
                )
            } else {
                (
                    lb + sp,
                    alpha * yt - alpha * sp + (1.0 - alpha) * lb,
                    gamma * yt - gamma * lb + (1.0 - gamma) * sp,
                )
            };
            out.push(f);
            b = beta * (lnew - l) + (1.0 - beta) * phi * b;
            l = lnew;
            s[pos] = snew;
        }
        let n = y.len();
        let last: Vec<f64> = (0..m).map(|j| s[(n + j) % m]).collect();
        (out, l, b, last)
    }

    fn sse(&self, p: &[f64], y: &[f64]) -> f64 {
        self.fitted(p, y)
            .iter()
            .zip(y)
            .map(|(f, yt)| (yt - f).powi(2))
            .sum()
    }

    /// Fits by least squares, or evaluates at the fixed parameters.
    ///
    /// # Errors
    /// An invalid specification, missing values, too short a series (two
    /// seasons for seasonal models), non-positive data with a
    /// multiplicative season, a constant series, or a non-finite optimum.
    ///
    /// ```
    /// use colcrime::models::ets::{HoltWintersParams, TrendType};
    /// let y: Vec<f64> = (0..24).map(|t| 2.0 * t as f64 + if t % 3 == 0 { 1.0 } else { 0.0 }).collect();
    /// let f = HoltWintersParams::new().trend(TrendType::Add).fit(&y).unwrap();
    /// assert!(f.sse < 20.0);
    /// ```
    pub fn fit(&self, y: &[f64]) -> Result<HoltWintersFit> {
        self.validate()?;
        let name = "Holt-Winters";
        let positive = self.seasonal == SeasonalType::Mul;
        let k = self.param_names().len();
        check_series(
            y,
            name,
            positive,
            self.seasonal.is_seasonal(),
            self.m(),
            k - usize::from(self.seasonal.is_seasonal()),
        )?;
        let (params, converged, iterations, fixed) = match &self.fixed {
            Some(p) => (p.clone(), true, 0, true),
            None => {
                let (p, c, it) = self.optimise(y)?;
                if !c {
                    let best: Vec<String> = self
                        .param_names()
                        .iter()
                        .zip(&p)
                        .map(|(n, v)| format!("{n} = {v}"))
                        .collect();
                    return Err(Error::convergence(format!(
                        "{name}: the optimiser did not converge in {it} iterations; best point: {} with sum of squares {}",
                        best.join(", "),
                        self.sse(&p, y)
                    )));
                }
                (p, c, it, false)
            }
        };
        self.build(y, params, converged, iterations, fixed)
    }

    fn optimise(&self, y: &[f64]) -> Result<(Vec<f64>, bool, usize)> {
        let n = y.len();
        let c = y.iter().map(|v| v.abs()).sum::<f64>() / n as f64;
        let c = if c > 0.0 && c.is_finite() { c } else { 1.0 };
        let ys: Vec<f64> = y.iter().map(|v| v / c).collect();
        let has_t = self.trend.has_trend();
        let has_s = self.seasonal.is_seasonal();
        let damped = self.trend.damped();
        let mul = self.seasonal == SeasonalType::Mul;
        let m = self.m();
        let sfix = if mul { 1.0 } else { 0.0 };
        // Free vector: alpha, beta/alpha, gamma/(1-alpha), phi, l0, b0, s_0..s_{m-2}.
        let mut lb = vec![A_LB];
        let mut ub = vec![1.0 - A_LB];
        if has_t {
            lb.push(0.0);
            ub.push(1.0);
        }
        if has_s {
            lb.push(0.0);
            ub.push(1.0);
        }
        if damped {
            lb.push(0.8);
            ub.push(0.995);
        }
        let nst = 1 + usize::from(has_t) + if has_s { m - 1 } else { 0 };
        lb.extend(std::iter::repeat_n(f64::NEG_INFINITY, nst));
        ub.extend(std::iter::repeat_n(f64::INFINITY, nst));
        let to_params = |z: &[f64]| -> Vec<f64> {
            let mut i = 0;
            let mut take = || {
                let v = z.get(i).copied().unwrap_or(f64::NAN);
                i += 1;
                v
            };
            let a = take();
            let mut p = vec![a];
            if has_t {
                p.push(take() * a);
            }
            if has_s {
                p.push(take() * (1.0 - a));
            }
            if damped {
                p.push(take());
            }
            p.push(take());
            if has_t {
                p.push(take());
            }
            if has_s {
                for _ in 0..m - 1 {
                    p.push(take());
                }
                p.push(sfix);
            }
            p
        };
        let objective = |z: &[f64]| -> f64 {
            let v = self.sse(&to_params(z), &ys) / n as f64;
            if v.is_finite() { v } else { f64::INFINITY }
        };
        // Initial states: statsmodels' heuristic (via the ETS helper), with
        // the last seasonal moved into the level.
        let helper = EtsParams::new(ErrorType::Add).seasonal(self.seasonal, self.m());
        let (l_h, b_h, s_h) = helper.initial_states(&ys);
        let slast = s_h.last().copied().unwrap_or(sfix);
        let mut states = Vec::new();
        if has_s && mul {
            states.push(l_h * slast);
            if has_t {
                states.push(b_h * slast);
            }
            states.extend(s_h.iter().take(m - 1).map(|v| v / slast));
        } else {
            states.push(l_h + if has_s { slast } else { 0.0 });
            if has_t {
                states.push(b_h);
            }
            if has_s {
                states.extend(s_h.iter().take(m - 1).map(|v| v - slast));
            }
        }
        let smooth_vec = |a: f64, bf: f64, gf: f64, phi: f64| -> Vec<f64> {
            let mut z = vec![a];
            if has_t {
                z.push(bf);
            }
            if has_s {
                z.push(gf);
            }
            if damped {
                z.push(phi);
            }
            z.extend(states.iter().copied());
            z
        };
        // statsmodels' default start, then a coarse grid over the smoothing
        // parameters (its "brute" step), both refined by projected BFGS.
        let a0 = 0.5 / m as f64;
        let mut starts = vec![smooth_vec(a0, 0.1, 0.05, 0.99)];
        let mut grid_best = (f64::INFINITY, Vec::new());
        let fr = [0.05, 0.25, 0.5, 0.75, 0.95];
        for ai in 1..=19 {
            let a = ai as f64 * 0.05;
            for &bf in if has_t { &fr[..] } else { &fr[..1] } {
                for &gf in if has_s { &fr[..] } else { &fr[..1] } {
                    let z = smooth_vec(a, bf, gf, 0.99);
                    let v = objective(&z);
                    if v < grid_best.0 {
                        grid_best = (v, z);
                    }
                }
            }
        }
        if grid_best.0.is_finite() {
            starts.push(grid_best.1);
        }
        let mut best: Option<super::BoxResult> = None;
        for z0 in &starts {
            let mut r = minimize_box(objective, z0, &lb, &ub, 2000);
            if r.fun.is_finite() {
                let r2 = minimize_box(objective, &r.x, &lb, &ub, 2000);
                if r2.fun <= r.fun {
                    let conv = r.converged || r2.converged;
                    r = super::BoxResult {
                        iterations: r.iterations + r2.iterations,
                        converged: conv,
                        ..r2
                    };
                }
            }
            if best.as_ref().is_none_or(|b| r.fun < b.fun) {
                best = Some(r);
            }
        }
        let Some(best) = best.filter(|b| b.fun.is_finite()) else {
            return Err(Error::convergence(
                "Holt-Winters: the sum of squares is not finite at any start value",
            ));
        };
        let mut p = to_params(&best.x);
        // Back to the original scale, seasonals normalised.
        let (a, bt, g, phi, mut l0, mut b0, mut s) = self.unpack(&p);
        l0 *= c;
        b0 *= c;
        if has_s {
            if mul {
                let mean = s.iter().sum::<f64>() / m as f64;
                for v in s.iter_mut() {
                    *v /= mean;
                }
                l0 *= mean;
                b0 *= mean;
            } else {
                for v in s.iter_mut() {
                    *v *= c;
                }
                let mean = s.iter().sum::<f64>() / m as f64;
                for v in s.iter_mut() {
                    *v -= mean;
                }
                l0 += mean;
            }
        }
        p.clear();
        p.push(a);
        if has_t {
            p.push(bt);
        }
        if has_s {
            p.push(g);
        }
        if damped {
            p.push(phi);
        }
        p.push(l0);
        if has_t {
            p.push(b0);
        }
        if has_s {
            p.extend(s);
        }
        Ok((p, best.converged, best.iterations))
    }

    fn build(
        &self,
        y: &[f64],
        params: Vec<f64>,
        converged: bool,
        iterations: usize,
        fixed: bool,
    ) -> Result<HoltWintersFit> {
        let n = y.len() as f64;
        let (fitted, l_n, b_n, s_n) = self.run(&params, y);
        let sse: f64 = fitted.iter().zip(y).map(|(f, yt)| (yt - f).powi(2)).sum();
        if !sse.is_finite() {
            return Err(Error::convergence(format!(
                "Holt-Winters: the sum of squares is not finite at ({})",
                params
                    .iter()
                    .map(|v| format!("{v}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        let (alpha, beta, gamma, phi, l0, b0, s) = self.unpack(&params);
        let has_t = self.trend.has_trend();
        let has_s = self.seasonal.is_seasonal();
        let k = (if has_s { self.period } else { 0 }
            + 2 * usize::from(has_t)
            + 2
            + usize::from(self.trend.damped())) as f64;
        let aic = n * (sse / n).ln() + 2.0 * k;
        let dof = n - k - 3.0;
        let aicc = if dof > 0.0 {
            aic + 2.0 * (k + 2.0) * (k + 3.0) / dof
        } else {
            f64::INFINITY
        };
        let bic = n * (sse / n).ln() + k * n.ln();
        let llf = -n / 2.0 * ((2.0 * std::f64::consts::PI * sse / n).ln() + 1.0);
        // The equivalent additive-error ETS model, for forecasts.
        let mut ep = vec![alpha];
        if has_t {
            ep.push(alpha * beta);
        }
        if has_s {
            ep.push(gamma);
        }
        if self.trend.damped() {
            ep.push(phi);
        }
        ep.push(l0);
        if has_t {
            ep.push(b0);
        }
        if has_s {
            ep.extend(s.iter().rev());
        }
        let mut ets = EtsParams::new(ErrorType::Add)
            .trend(self.trend)
            .seasonal(self.seasonal, self.period)
            .simulation(self.repetitions, self.seed)
            .last_period(self.last_period)
            .fixed_params(ep)
            .fit(y)?;
        // statsmodels' ETS smoother updates a multiplicative season with
        // y / l_t rather than Holt-Winters' y / (l_{t-1} + phi b_{t-1}): keep
        // this recursion's own final states and scale.
        ets.set_state(l_n, b_n, s_n, sse / n);
        let resid = y.iter().zip(&fitted).map(|(yt, f)| yt - f).collect();
        Ok(HoltWintersFit {
            trend: self.trend,
            seasonal: self.seasonal,
            period: self.period,
            smoothing_level: alpha,
            smoothing_trend: has_t.then_some(beta),
            smoothing_seasonal: has_s.then_some(gamma),
            damping_trend: self.trend.damped().then_some(phi),
            initial_level: l0,
            initial_trend: has_t.then_some(b0),
            initial_seasons: if has_s { s } else { Vec::new() },
            param_names: self.param_names(),
            params,
            sse,
            llf,
            aic,
            aicc,
            bic,
            k: k as usize,
            nobs: y.len(),
            fittedvalues: fitted,
            resid,
            converged,
            iterations,
            fixed,
            ets,
        })
    }
}

/// A fitted Holt-Winters model.
///
/// ```
/// use colcrime::models::ets::HoltWintersParams;
/// let y = [3.0, 4.0, 3.5, 5.0, 4.5, 5.5, 5.0, 6.0];
/// let f = HoltWintersParams::new().fit(&y).unwrap();
/// assert!(f.to_json()["sse"].as_f64().unwrap() > 0.0);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct HoltWintersFit {
    trend: TrendType,
    seasonal: SeasonalType,
    period: usize,
    /// `alpha`.
    pub smoothing_level: f64,
    /// `beta` (Holt form), if the model has a trend.
    pub smoothing_trend: Option<f64>,
    /// `gamma`, if seasonal.
    pub smoothing_seasonal: Option<f64>,
    /// `phi`, if damped.
    pub damping_trend: Option<f64>,
    /// `l_0`.
    pub initial_level: f64,
    /// `b_0`, if the model has a trend.
    pub initial_trend: Option<f64>,
    /// `s_0, ..., s_{m-1}` (time order).
    pub initial_seasons: Vec<f64>,
    /// Parameter names.
    pub param_names: Vec<String>,
    /// Parameters in the order of `param_names`.
    pub params: Vec<f64>,
    /// Sum of squared one-step errors.
    pub sse: f64,
    /// Gaussian log-likelihood at `sigma^2 = sse / n`.
    pub llf: f64,
    /// `n log(sse/n) + 2k`.
    pub aic: f64,
    /// `aic + 2(k+2)(k+3)/(n-k-3)`.
    pub aicc: f64,
    /// `n log(sse/n) + k log n`.
    pub bic: f64,
    /// statsmodels' parameter count `k`.
    pub k: usize,
    /// Observations.
    pub nobs: usize,
    /// One-step fitted values.
    pub fittedvalues: Vec<f64>,
    /// `y - fitted`.
    pub resid: Vec<f64>,
    /// Whether the optimiser converged.
    pub converged: bool,
    /// Optimiser iterations.
    pub iterations: usize,
    /// Whether the parameters were fixed.
    pub fixed: bool,
    ets: EtsFit,
}

impl HoltWintersFit {
    /// How the prediction intervals are computed.
    ///
    /// ```
    /// use colcrime::models::ets::{HoltWintersParams, IntervalMethod};
    /// let y = [3.0, 4.0, 3.5, 5.0, 4.5, 5.5, 5.0, 6.0];
    /// assert_eq!(HoltWintersParams::new().fit(&y).unwrap().interval_method(), IntervalMethod::Analytic);
    /// ```
    pub fn interval_method(&self) -> IntervalMethod {
        self.ets.interval_method()
    }

    /// Forecasts `h` periods ahead with intervals at `levels`.
    ///
    /// # Errors
    /// A level outside (0, 100).
    ///
    /// ```
    /// use colcrime::models::ets::HoltWintersParams;
    /// let y = [3.0, 4.0, 3.5, 5.0, 4.5, 5.5];
    /// let f = HoltWintersParams::new().fixed_params(vec![0.5, 3.0]).fit(&y).unwrap();
    /// assert!((f.forecast(1, &[95.0]).unwrap().point[0] - 4.9375).abs() < 1e-12);
    /// ```
    pub fn forecast(&self, h: usize, levels: &[f64]) -> Result<Forecast> {
        self.ets.forecast(h, levels)
    }

    /// Like [`forecast`](Self::forecast) at the given periods.
    ///
    /// # Errors
    /// A level outside (0, 100).
    ///
    /// ```
    /// use colcrime::models::ets::HoltWintersParams;
    /// use colcrime::series::Period;
    /// let y = [3.0, 4.0, 3.5, 5.0, 4.5, 5.5];
    /// let f = HoltWintersParams::new().fit(&y).unwrap();
    /// assert_eq!(f.forecast_at(vec![Period::year(9)], &[80.0]).unwrap().point.len(), 1);
    /// ```
    pub fn forecast_at(&self, periods: Vec<Period>, levels: &[f64]) -> Result<Forecast> {
        self.ets.forecast_at(periods, levels)
    }

    /// The contract's JSON (`params` object, `sse, llf, aic, aicc, bic,
    /// fittedvalues`, ...).
    ///
    /// ```
    /// use colcrime::models::ets::HoltWintersParams;
    /// let y = [3.0, 4.0, 3.5, 5.0, 4.5, 5.5];
    /// let j = HoltWintersParams::new().fit(&y).unwrap().to_json();
    /// assert!(j["params"]["smoothing_trend"].is_null());
    /// ```
    pub fn to_json(&self) -> Value {
        let opt = |v: Option<f64>| v.map(num).unwrap_or(Value::Null);
        json!({
            "model": "Holt-Winters",
            "trend": self.trend.word(),
            "seasonal": self.seasonal.word(),
            "period": if self.seasonal.is_seasonal() { json!(self.period) } else { Value::Null },
            "params": {
                "smoothing_level": num(self.smoothing_level),
                "smoothing_trend": opt(self.smoothing_trend),
                "smoothing_seasonal": opt(self.smoothing_seasonal),
                "damping_trend": opt(self.damping_trend),
                "initial_level": num(self.initial_level),
                "initial_trend": opt(self.initial_trend),
                "initial_seasons": if self.seasonal.is_seasonal() { nums(&self.initial_seasons) } else { Value::Null },
            },
            "param_names": self.param_names,
            "param_values": nums(&self.params),
            "fixed_params": self.fixed,
            "sse": num(self.sse),
            "llf": num(self.llf),
            "aic": num(self.aic),
            "aicc": num(self.aicc),
            "bic": num(self.bic),
            "k": self.k,
            "nobs": self.nobs,
            "fittedvalues": nums(&self.fittedvalues),
            "resid": nums(&self.resid),
            "converged": self.converged,
            "iterations": self.iterations,
            "interval_method": self.interval_method().word(),
        })
    }

    /// A human summary.
    ///
    /// ```
    /// use colcrime::models::ets::HoltWintersParams;
    /// let y = [3.0, 4.0, 3.5, 5.0, 4.5, 5.5];
    /// assert!(HoltWintersParams::new().fit(&y).unwrap().summary("y").contains("SSE"));
    /// ```
    pub fn summary(&self, name: &str) -> String {
        let mut s = format!(
            "Holt-Winters (trend {}, seasonal {}) results for {name}\n{:<22}{:>14}\n",
            self.trend.word(),
            self.seasonal.word(),
            "No. observations",
            self.nobs
        );
        for (k, v) in [
            ("SSE", self.sse),
            ("AIC", self.aic),
            ("AICc", self.aicc),
            ("BIC", self.bic),
        ] {
            s.push_str(&format!("{k:<22}{v:>14.4}\n"));
        }
        s.push_str(&format!("\n{:<24}{:>16}\n", "parameter", "value"));
        for (n, v) in self.param_names.iter().zip(&self.params) {
            s.push_str(&format!("{n:<24}{v:>16.6}\n"));
        }
        s
    }
}
