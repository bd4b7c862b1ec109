//! ETS state-space models by maximum likelihood (see the module docs of
//! [`crate::models::ets`] for the equations and references).

use super::bounded::{Stop, minimize_box_scaled};
use super::objective::{Objective, Shape};
use super::{ErrorType, EtsFit, SeasonalType, TrendType, check_series};
use crate::error::{Error, Result};
use crate::series::Period;

/// Lower and upper bounds of `alpha`, `beta*`, `gamma*` (statsmodels' usual bounds).
const SMOOTH_LB: f64 = 1e-4;
const SMOOTH_UB: f64 = 1.0 - 1e-4;
/// Iterations of the short run that screens each start value.
const SCREEN_ITER: usize = 40;
/// Gradient tolerance of the screening runs (enough to rank the starts;
/// the two kept are polished to `GTOL`).
const SCREEN_GTOL: f64 = 1e-4;
/// Gradient tolerance of the final runs.
const GTOL: f64 = 1e-9;
/// Start values taken on to convergence after the screening.
const KEEP_STARTS: usize = 2;
/// The fast-slope start value of `beta*`.
const TREND_START: f64 = 0.5;
/// Bounds of the damping parameter.
const PHI_LB: f64 = 0.8;
const PHI_UB: f64 = 0.98;

/// Specification of an ETS model: error, trend, seasonal component and
/// period, validated when fitted (linfa style).
///
/// ```
/// use colcrime::models::ets::{EtsParams, ErrorType, TrendType, SeasonalType};
/// let p = EtsParams::new(ErrorType::Mul).trend(TrendType::AddDamped).seasonal(SeasonalType::Mul, 12);
/// assert_eq!(p.short_name(), "MAdM");
/// assert_eq!(p.param_names().len(), 4 + 2 + 12);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct EtsParams {
    pub(super) error: ErrorType,
    pub(super) trend: TrendType,
    pub(super) seasonal: SeasonalType,
    pub(super) period: usize,
    pub(super) fixed: Option<Vec<f64>>,
    pub(super) repetitions: usize,
    pub(super) seed: u64,
    pub(super) last_period: Option<Period>,
}

/// The full internal parameter set: smoothing parameters (ETS form) and
/// initial states, `s` in chronological order `s_{-m}, ..., s_{-1}`.
#[derive(Debug, Clone, PartialEq)]
struct Theta {
    alpha: f64,
    beta: f64,
    gamma: f64,
    phi: f64,
    l0: f64,
    b0: f64,
    s: Vec<f64>,
}

/// The states after the last observation.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct State {
    pub(super) l: f64,
    pub(super) b: f64,
    /// The last `m` seasonal states, oldest first.
    pub(super) s: Vec<f64>,
}

impl EtsParams {
    /// An ETS model with the given error, no trend and no season.
    ///
    /// ```
    /// use colcrime::models::ets::{EtsParams, ErrorType};
    /// assert_eq!(EtsParams::new(ErrorType::Add).short_name(), "ANN");
    /// ```
    pub fn new(error: ErrorType) -> EtsParams {
        EtsParams {
            error,
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
    /// use colcrime::models::ets::{EtsParams, ErrorType, TrendType};
    /// assert_eq!(EtsParams::new(ErrorType::Add).trend(TrendType::Add).short_name(), "AAN");
    /// ```
    pub fn trend(mut self, trend: TrendType) -> EtsParams {
        self.trend = trend;
        self
    }

    /// Sets the seasonal component and its period `m` (observations per cycle).
    ///
    /// ```
    /// use colcrime::models::ets::{EtsParams, ErrorType, SeasonalType};
    /// assert_eq!(EtsParams::new(ErrorType::Add).seasonal(SeasonalType::Add, 4).short_name(), "ANA");
    /// ```
    pub fn seasonal(mut self, seasonal: SeasonalType, period: usize) -> EtsParams {
        self.seasonal = seasonal;
        self.period = period;
        self
    }

    /// Evaluates at these parameters (in the order of
    /// [`param_names`](Self::param_names)) instead of estimating them.
    ///
    /// ```
    /// use colcrime::models::ets::{EtsParams, ErrorType};
    /// let y = [3.0, 4.0, 3.5, 5.0, 4.5, 5.5];
    /// let f = EtsParams::new(ErrorType::Add).fixed_params(vec![0.5, 3.0]).fit(&y).unwrap();
    /// assert_eq!(f.fittedvalues[1], 3.0);
    /// ```
    pub fn fixed_params(mut self, params: Vec<f64>) -> EtsParams {
        self.fixed = Some(params);
        self
    }

    /// Sets the number of simulated paths (default 5000) and the seed used for
    /// simulated prediction intervals.
    ///
    /// ```
    /// use colcrime::models::ets::{EtsParams, ErrorType};
    /// let p = EtsParams::new(ErrorType::Mul).simulation(1000, 7);
    /// assert_eq!(p.short_name(), "MNN");
    /// ```
    pub fn simulation(mut self, repetitions: usize, seed: u64) -> EtsParams {
        self.repetitions = repetitions;
        self.seed = seed;
        self
    }

    /// Sets the period of the last observation, so that forecasts are dated.
    ///
    /// ```
    /// use colcrime::models::ets::{EtsParams, ErrorType};
    /// use colcrime::series::Period;
    /// let y = [3.0, 4.0, 3.5, 5.0, 4.5, 5.5, 5.0, 6.0];
    /// let f = EtsParams::new(ErrorType::Add).last_period(Some(Period::year(2020))).fit(&y).unwrap();
    /// assert_eq!(f.forecast(1, &[95.0]).unwrap().periods[0], Period::year(2021));
    /// ```
    pub fn last_period(mut self, p: Option<Period>) -> EtsParams {
        self.last_period = p;
        self
    }

    /// The model's short name as statsmodels writes it (`AAdM`).
    ///
    /// ```
    /// use colcrime::models::ets::{EtsParams, ErrorType, TrendType};
    /// assert_eq!(EtsParams::new(ErrorType::Mul).trend(TrendType::AddDamped).short_name(), "MAdN");
    /// ```
    pub fn short_name(&self) -> String {
        format!(
            "{}{}{}",
            self.error.letter(),
            self.trend.letter(),
            self.seasonal.letter()
        )
    }

    pub(super) fn m(&self) -> usize {
        if self.seasonal.is_seasonal() {
            self.period
        } else {
            1
        }
    }

    /// The parameter names, in statsmodels `ETSModel` order:
    /// `smoothing_level, smoothing_trend, smoothing_seasonal, damping_trend,
    /// initial_level, initial_trend, initial_seasonal.0, ...` where
    /// `initial_seasonal.j` is `s_{-1-j}` (the most recent first).
    ///
    /// ```
    /// use colcrime::models::ets::{EtsParams, ErrorType, TrendType};
    /// let p = EtsParams::new(ErrorType::Add).trend(TrendType::Add);
    /// assert_eq!(p.param_names(), vec!["smoothing_level", "smoothing_trend", "initial_level", "initial_trend"]);
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
                v.push(format!("initial_seasonal.{j}"));
            }
        }
        v
    }

    /// Checks the specification.
    ///
    /// # Errors
    /// A seasonal model with period below 2, fixed parameters of the wrong
    /// number or outside (0, 1) for the smoothing parameters, or zero
    /// simulation repetitions.
    ///
    /// ```
    /// use colcrime::models::ets::{EtsParams, ErrorType, SeasonalType};
    /// assert!(EtsParams::new(ErrorType::Add).seasonal(SeasonalType::Add, 1).validate().is_err());
    /// ```
    pub fn validate(&self) -> Result<()> {
        if self.seasonal.is_seasonal() && self.period < 2 {
            return Err(Error::usage(format!(
                "ETS({}): a seasonal model needs --period of at least 2, found {}",
                self.short_name(),
                self.period
            )));
        }
        if self.repetitions == 0 {
            return Err(Error::usage("ETS: simulation repetitions must be positive"));
        }
        if let Some(f) = &self.fixed {
            let names = self.param_names();
            if f.len() != names.len() {
                return Err(Error::usage(format!(
                    "--fixed-params: ETS({}) has {} parameters ({}), found {}",
                    self.short_name(),
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
            let alpha = f.first().copied().unwrap_or(f64::NAN);
            if !(alpha > 0.0 && alpha < 1.0) {
                return Err(Error::usage(format!(
                    "--fixed-params: smoothing_level must lie in (0, 1), found {alpha}"
                )));
            }
        }
        Ok(())
    }

    /// Number of parameters as statsmodels counts them (smoothing parameters
    /// and every initial state, `m` seasonal ones).
    fn k_params(&self) -> usize {
        self.param_names().len()
    }

    /// Theta from a statsmodels-ordered parameter vector.
    fn theta_from_params(&self, p: &[f64]) -> Theta {
        let mut it = p.iter().copied();
        let mut next = || it.next().unwrap_or(f64::NAN);
        let alpha = next();
        let beta = if self.trend.has_trend() { next() } else { 0.0 };
        let gamma = if self.seasonal.is_seasonal() {
            next()
        } else {
            0.0
        };
        let phi = if self.trend.damped() { next() } else { 1.0 };
        let l0 = next();
        let b0 = if self.trend.has_trend() { next() } else { 0.0 };
        let s = if self.seasonal.is_seasonal() {
            let mut rev: Vec<f64> = (0..self.period).map(|_| next()).collect();
            rev.reverse();
            rev
        } else {
            vec![0.0]
        };
        Theta {
            alpha,
            beta,
            gamma,
            phi,
            l0,
            b0,
            s,
        }
    }

    /// The statsmodels-ordered parameter vector of theta.
    fn params_from_theta(&self, th: &Theta) -> Vec<f64> {
        let mut v = vec![th.alpha];
        if self.trend.has_trend() {
            v.push(th.beta);
        }
        if self.seasonal.is_seasonal() {
            v.push(th.gamma);
        }
        if self.trend.damped() {
            v.push(th.phi);
        }
        v.push(th.l0);
        if self.trend.has_trend() {
            v.push(th.b0);
        }
        if self.seasonal.is_seasonal() {
            v.extend(th.s.iter().rev());
        }
        v
    }

    /// Runs the smoother with starred parameters, writing one-step forecasts.
    fn smooth(
        &self,
        th: &Theta,
        beta_star: f64,
        gamma_star: f64,
        y: &[f64],
        yhat: &mut [f64],
    ) -> State {
        let m = th.s.len().max(1);
        let mul_s = self.seasonal == SeasonalType::Mul;
        let mut seas = th.s.clone();
        if seas.is_empty() {
            seas.push(0.0);
        }
        let (alpha, phi) = (th.alpha, th.phi);
        let mut l = th.l0;
        let mut b = th.b0;
        let mut pos = 0usize; // index of s_{t-m} in the ring
        for (t, &yt) in y.iter().enumerate() {
            let sp = seas[pos];
            let lb = l + phi * b;
            let (f, lnew, snew);
            if mul_s {
                f = lb * sp;
                lnew = alpha * (yt / sp) + (1.0 - alpha) * lb;
                snew = gamma_star * (yt / lnew) + (1.0 - gamma_star) * sp;
            } else {
                f = lb + sp;
                lnew = alpha * (yt - sp) + (1.0 - alpha) * lb;
                snew = gamma_star * (yt - lnew) + (1.0 - gamma_star) * sp;
            }
            if let Some(slot) = yhat.get_mut(t) {
                *slot = f;
            }
            b = beta_star * (lnew - l) + (1.0 - beta_star) * phi * b;
            l = lnew;
            seas[pos] = snew;
            pos = (pos + 1) % m;
        }
        let mut s = Vec::with_capacity(m);
        for j in 0..m {
            s.push(seas[(pos + j) % m]);
        }
        State { l, b, s }
    }

    /// Log-likelihood and sum of squared (relative) residuals.
    fn loglike(&self, y: &[f64], yhat: &mut [f64]) -> (f64, f64) {
        let n = y.len() as f64;
        let mul = self.error == ErrorType::Mul;
        let mut sse = 0.0;
        let mut slog = 0.0;
        for (yt, f) in y.iter().zip(yhat.iter_mut()) {
            let e = if mul { (yt - *f) / *f } else { yt - *f };
            sse += e * e;
            if mul {
                if *f == 0.0 {
                    *f = 1e-32;
                }
                slog += f.abs().ln();
            }
        }
        let llf = -n / 2.0 * ((2.0 * std::f64::consts::PI * sse / n).ln() + 1.0) - slog;
        (llf, sse)
    }

    /// The log-likelihood at statsmodels-ordered parameters (no checks).
    fn eval_params(&self, p: &[f64], y: &[f64]) -> (f64, f64, Vec<f64>, State) {
        let th = self.theta_from_params(p);
        let bs = if self.trend.has_trend() {
            th.beta / th.alpha
        } else {
            0.0
        };
        let gs = if self.seasonal.is_seasonal() {
            th.gamma / (1.0 - th.alpha)
        } else {
            0.0
        };
        let mut yhat = vec![0.0; y.len()];
        let st = self.smooth(&th, bs, gs, y, &mut yhat);
        let fitted = yhat.clone();
        let (llf, sse) = self.loglike(y, &mut yhat);
        (llf, sse, fitted, st)
    }

    /// Start values of the initial states (statsmodels' heuristic when there
    /// are at least `10 + 2 (m / 2)` observations, else its simple method):
    /// level, trend, and seasonals in data order (position 0..m-1).
    pub(crate) fn initial_states(&self, y: &[f64]) -> (f64, f64, Vec<f64>) {
        let m = self.m();
        let seasonal = self.seasonal.is_seasonal();
        let mul = self.seasonal == SeasonalType::Mul;
        let n = y.len();
        let min_obs = 10 + 2 * (m / 2);
        if n < min_obs {
            // Simple: Hyndman & Athanasopoulos section 7.6.
            if !seasonal {
                let l = y.first().copied().unwrap_or(0.0);
                let b = y.get(1).copied().unwrap_or(l) - l;
                return (l, b, vec![0.0]);
            }
            let l = y.iter().take(m).sum::<f64>() / m as f64;
            let b = (m..(2 * m).min(n))
                .map(|i| (y[i] - y[i - m]) / m as f64)
                .sum::<f64>()
                / m as f64;
            let s = y
                .iter()
                .take(m)
                .map(|v| if mul { v / l } else { v - l })
                .collect();
            return (l, b, s);
        }
        let mut base: Vec<f64> = y.to_vec();
        let mut seas = vec![0.0];
        if seasonal {
            let k_cycles = (n / m).min(5).max(min_obs.div_ceil(m));
            let len = (m * k_cycles).min(n);
            let ys = &y[..len];
            // Centred moving average (2 x m for even m).
            let mut trend = vec![f64::NAN; len];
            if m.is_multiple_of(2) {
                let h = m / 2;
                for (i, tr) in trend
                    .iter_mut()
                    .enumerate()
                    .take(len.saturating_sub(h))
                    .skip(h)
                {
                    let mut acc = 0.5 * ys[i - h] + 0.5 * ys[i + h];
                    for v in &ys[i + 1 - h..i + h] {
                        acc += v;
                    }
                    *tr = acc / m as f64;
                }
            } else {
                let h = (m - 1) / 2;
                for (i, tr) in trend
                    .iter_mut()
                    .enumerate()
                    .take(len.saturating_sub(h))
                    .skip(h)
                {
                    *tr = ys[i - h..=i + h].iter().sum::<f64>() / m as f64;
                }
            }
            let mut sums = vec![0.0; m];
            let mut counts = vec![0usize; m];
            for i in 0..len {
                if trend[i].is_finite() {
                    let d = if mul {
                        ys[i] / trend[i]
                    } else {
                        ys[i] - trend[i]
                    };
                    sums[i % m] += d;
                    counts[i % m] += 1;
                }
            }
            seas = sums
                .iter()
                .zip(&counts)
                .map(|(s, &c)| if c > 0 { s / c as f64 } else { f64::NAN })
                .collect();
            let mean = seas.iter().sum::<f64>() / m as f64;
            for v in seas.iter_mut() {
                if mul {
                    *v /= mean;
                } else {
                    *v -= mean;
                }
            }
            base = trend.into_iter().filter(|v| v.is_finite()).collect();
        }
        // Least-squares line through the first ten values (start values only).
        let k = base.len().min(10);
        let xs: Vec<f64> = (1..=k).map(|i| i as f64).collect();
        let xbar = xs.iter().sum::<f64>() / k.max(1) as f64;
        let ybar = base.iter().take(k).sum::<f64>() / k.max(1) as f64;
        let sxy: f64 = xs
            .iter()
            .zip(&base)
            .map(|(x, y)| (x - xbar) * (y - ybar))
            .sum();
        let sxx: f64 = xs.iter().map(|x| (x - xbar).powi(2)).sum();
        let slope = if sxx > 0.0 { sxy / sxx } else { 0.0 };
        (ybar - slope * xbar, slope, seas)
    }

    /// Fits the model to `y` (maximum likelihood), or evaluates it at the
    /// fixed parameters.
    ///
    /// # Errors
    /// An invalid specification; missing values; a series shorter than two
    /// seasons or than the parameters need; non-positive values with a
    /// multiplicative component (domain error); a constant series; an
    /// optimiser that fails to converge (reported with the best point).
    ///
    /// ```
    /// use colcrime::models::ets::{EtsParams, ErrorType};
    /// let y = [10.0, 12.0, 11.0, 13.0, 12.5, 14.0, 13.0, 15.0, 14.5, 16.0, 15.0, 17.0];
    /// let f = EtsParams::new(ErrorType::Add).fit(&y).unwrap();
    /// assert!(f.smoothing_level > 0.0 && f.smoothing_level < 1.0);
    /// assert!((f.aic - (-2.0 * f.llf + 2.0 * 3.0)).abs() < 1e-9);
    /// ```
    pub fn fit(&self, y: &[f64]) -> Result<EtsFit> {
        self.validate()?;
        let name = format!("ETS({})", self.short_name());
        let positive = self.error == ErrorType::Mul || self.seasonal == SeasonalType::Mul;
        let nfree = self.k_params() - usize::from(self.seasonal.is_seasonal());
        check_series(
            y,
            &name,
            positive,
            self.seasonal.is_seasonal(),
            self.m(),
            nfree,
        )?;
        if let Some(p) = &self.fixed {
            let (llf, sse, fitted, st) = self.eval_params(p, y);
            return Ok(self.build(y, p.clone(), llf, sse, fitted, st, true, 0, true));
        }
        let (params, converged, iters) = self.optimise(y)?;
        let (llf, sse, fitted, st) = self.eval_params(&params, y);
        if !converged {
            let best: Vec<String> = self
                .param_names()
                .iter()
                .zip(&params)
                .map(|(n, v)| format!("{n} = {v}"))
                .collect();
            return Err(Error::convergence(format!(
                "{name}: the optimiser did not converge in {iters} iterations; best point: {} with log-likelihood {llf}",
                best.join(", ")
            )));
        }
        if !llf.is_finite() {
            return Err(Error::convergence(format!(
                "{name}: the likelihood is not finite at the best point reached ({})",
                params
                    .iter()
                    .map(|v| format!("{v}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        Ok(self.build(y, params, llf, sse, fitted, st, converged, iters, false))
    }

    /// Maximises the likelihood of `y / c` (c = mean |y|, for conditioning;
    /// the optimum maps back exactly) from two starts and returns the
    /// statsmodels-ordered parameters on the original scale.
    fn optimise(&self, y: &[f64]) -> Result<(Vec<f64>, bool, usize)> {
        let n = y.len();
        let c = y.iter().map(|v| v.abs()).sum::<f64>() / n as f64;
        let c = if c > 0.0 && c.is_finite() { c } else { 1.0 };
        let ys: Vec<f64> = y.iter().map(|v| v / c).collect();
        let has_t = self.trend.has_trend();
        let has_s = self.seasonal.is_seasonal();
        let damped = self.trend.damped();
        let mul_s = self.seasonal == SeasonalType::Mul;
        let m = self.m();
        // Free vector: alpha, beta*, gamma*, phi, l0, b0, s_{-1} .. s_{-m+1}.
        let mut lb = vec![SMOOTH_LB];
        let mut ub = vec![SMOOTH_UB];
        if has_t {
            lb.push(SMOOTH_LB);
            ub.push(SMOOTH_UB);
        }
        if has_s {
            lb.push(SMOOTH_LB);
            ub.push(SMOOTH_UB);
        }
        if damped {
            lb.push(PHI_LB);
            ub.push(PHI_UB);
        }
        let nstates = 1 + usize::from(has_t) + if has_s { m - 1 } else { 0 };
        lb.extend(std::iter::repeat_n(f64::NEG_INFINITY, nstates));
        ub.extend(std::iter::repeat_n(f64::INFINITY, nstates));
        let sfix = if mul_s { 1.0 } else { 0.0 };
        let unpack = |z: &[f64]| -> (Theta, f64, f64) {
            let mut i = 0;
            let mut take = || {
                let v = z.get(i).copied().unwrap_or(f64::NAN);
                i += 1;
                v
            };
            let alpha = take();
            let bs = if has_t { take() } else { 0.0 };
            let gs = if has_s { take() } else { 0.0 };
            let phi = if damped { take() } else { 1.0 };
            let l0 = take();
            let b0 = if has_t { take() } else { 0.0 };
            let s = if has_s {
                // z holds s_{-1}, ..., s_{-m+1}; s_{-m} is fixed.
                let mut rev: Vec<f64> = (0..m - 1).map(|_| take()).collect();
                rev.push(sfix);
                rev.reverse();
                rev
            } else {
                vec![0.0]
            };
            (
                Theta {
                    alpha,
                    beta: bs * alpha,
                    gamma: gs * (1.0 - alpha),
                    phi,
                    l0,
                    b0,
                    s,
                },
                bs,
                gs,
            )
        };
        let shape = Shape {
            has_t,
            has_s,
            damped,
            mul_s,
            mul_e: self.error == ErrorType::Mul,
            m: if has_s { m } else { 1 },
        };
        let obj = Objective::new(shape, &ys);
        let objective = |z: &[f64]| obj.value(z);
        let grad = |z: &[f64], _fz: f64| {
            let mut g = vec![0.0; z.len()];
            obj.value_grad(z, &mut g);
            g
        };
        let (l_h, b_h, s_h) = self.initial_states(&ys);
        let smooth_start = |z: &mut Vec<f64>, alpha: f64, beta_star: Option<f64>| {
            // statsmodels: 0.1, 0.01, 0.01, 0.98 nudged by 1e-3 into the box.
            z.push(alpha);
            if has_t {
                z.push(beta_star.unwrap_or(0.011 / alpha));
            }
            if has_s {
                z.push(0.011 / (1.0 - alpha));
            }
            if damped {
                z.push(PHI_UB);
            }
        };
        let mut starts: Vec<Vec<f64>> = Vec::new();
        // Start 1: the seasonals in data order, s_{-m} = season at position 0,
        // from a slow, a medium and a fast level (the likelihood often has
        // one local optimum near each end of alpha).
        // With a trend, also from a fast-moving slope (beta* = 0.5): its
        // optimum is often far from the slow-slope one.
        let mut smooth: Vec<(f64, Option<f64>)> =
            vec![(0.02, None), (0.101, None), (0.5, None), (0.9, None)];
        if has_t {
            smooth.extend([(0.5, Some(TREND_START)), (0.9, Some(TREND_START))]);
        }
        for (alpha, beta_star) in smooth {
            let mut z = Vec::new();
            smooth_start(&mut z, alpha, beta_star);
            let s0 = s_h.first().copied().unwrap_or(sfix);
            z.push(if has_s && mul_s {
                l_h * s0
            } else if has_s {
                l_h + s0
            } else {
                l_h
            });
            if has_t {
                z.push(b_h);
            }
            if has_s {
                for j in 0..m - 1 {
                    let v = s_h.get(m - 1 - j).copied().unwrap_or(sfix);
                    z.push(if mul_s { v / s0 } else { v - s0 });
                }
            }
            starts.push(z);
        }
        // Start 2: statsmodels' own start (seasonals in reverse order).
        if has_s {
            let mut z = Vec::new();
            smooth_start(&mut z, 0.101, None);
            let last = s_h.last().copied().unwrap_or(sfix);
            z.push(if mul_s { l_h * last } else { l_h + last });
            if has_t {
                z.push(b_h);
            }
            for j in 0..m - 1 {
                let v = s_h.get(j).copied().unwrap_or(sfix);
                z.push(if mul_s { v / last } else { v - last });
            }
            starts.push(z);
        }
        // Screen every start with a short run, then take the two most
        // promising to convergence, each restarted once from its optimum
        // (which refreshes the Hessian approximation).
        let h0 = |z: &[f64]| -> Vec<f64> {
            let d = obj.gauss_newton_diag(z);
            let top = d
                .iter()
                .copied()
                .filter(|v| v.is_finite())
                .fold(0.0f64, f64::max);
            d.iter()
                .map(|&v| {
                    if v.is_finite() && top > 0.0 {
                        1.0 / v.max(1e-8 * top)
                    } else {
                        1.0
                    }
                })
                .collect()
        };
        let run = |z0: &[f64], iters: usize| {
            let gtol = if iters == SCREEN_ITER {
                SCREEN_GTOL
            } else {
                GTOL
            };
            let stop = Stop {
                max_iter: iters,
                gtol,
            };
            minimize_box_scaled(objective, grad, z0, &lb, &ub, stop, &h0)
        };
        let mut screened: Vec<super::BoxResult> =
            starts.iter().map(|z0| run(z0, SCREEN_ITER)).collect();
        screened.sort_by(|a, b| a.fun.total_cmp(&b.fun));
        let mut best: Option<super::BoxResult> = None;
        for s in screened.into_iter().take(KEEP_STARTS) {
            let mut r = if s.converged || !s.fun.is_finite() {
                s
            } else {
                let full = run(&s.x, 2000);
                super::BoxResult {
                    iterations: s.iterations + full.iterations,
                    ..full
                }
            };
            if r.fun.is_finite() {
                let r2 = run(&r.x, 2000);
                if r2.fun <= r.fun {
                    let conv = r2.converged || r.converged;
                    r = super::BoxResult {
                        iterations: r.iterations + r2.iterations,
                        converged: conv,
                        ..r2
                    };
                }
            }
            if best
                .as_ref()
                .is_none_or(|b| r.fun < b.fun || !b.fun.is_finite())
            {
                best = Some(r);
            }
        }
        let Some(best) = best else {
            return Err(Error::other("ETS: no start values"));
        };
        if !best.fun.is_finite() {
            return Err(Error::convergence(format!(
                "ETS({}): the likelihood is not finite at any start value",
                self.short_name()
            )));
        }
        let (mut th, _, _) = unpack(&best.x);
        th.l0 *= c;
        th.b0 *= c;
        if !mul_s {
            for v in th.s.iter_mut() {
                *v *= c;
            }
        }
        if !has_s {
            th.s = vec![0.0];
        }
        Ok((self.params_from_theta(&th), best.converged, best.iterations))
    }

    #[allow(clippy::too_many_arguments)]
    fn build(
        &self,
        y: &[f64],
        params: Vec<f64>,
        llf: f64,
        sse: f64,
        fitted: Vec<f64>,
        st: State,
        converged: bool,
        iterations: usize,
        fixed: bool,
    ) -> EtsFit {
        let n = y.len() as f64;
        let th = self.theta_from_params(&params);
        let k = (self.k_params() + 1) as f64;
        let aic = -2.0 * llf + 2.0 * k;
        let dof = n - k - 1.0;
        let aicc = if dof > 0.0 {
            -2.0 * llf + 2.0 * k * n / dof
        } else {
            f64::INFINITY
        };
        let bic = -2.0 * llf + n.ln() * k;
        let resid: Vec<f64> = y
            .iter()
            .zip(&fitted)
            .map(|(yt, f)| {
                if self.error == ErrorType::Mul {
                    (yt - f) / f
                } else {
                    yt - f
                }
            })
            .collect();
        EtsFit {
            spec: self.clone(),
            smoothing_level: th.alpha,
            smoothing_trend: self.trend.has_trend().then_some(th.beta),
            smoothing_seasonal: self.seasonal.is_seasonal().then_some(th.gamma),
            damping_trend: self.trend.damped().then_some(th.phi),
            initial_level: th.l0,
            initial_trend: self.trend.has_trend().then_some(th.b0),
            initial_seasons: if self.seasonal.is_seasonal() {
                th.s.clone()
            } else {
                Vec::new()
            },
            param_names: self.param_names(),
            params,
            llf,
            aic,
            aicc,
            bic,
            sse,
            scale: sse / n,
            nobs: y.len(),
            df_model: self.k_params() + 1,
            fittedvalues: fitted,
            resid,
            converged,
            iterations,
            fixed,
            state: st,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ann_fixed_is_hand_computable() {
        // alpha = 0.5, l0 = 3: fitted 3, 3, 3.5, 3.5, 4.25 ...
        let y = [3.0, 4.0, 3.5, 5.0];
        let f = EtsParams::new(ErrorType::Add)
            .fixed_params(vec![0.5, 3.0])
            .fit(&[y[0], y[1], y[2], y[3], 4.0, 6.0])
            .unwrap();
        assert_eq!(&f.fittedvalues[..4], &[3.0, 3.0, 3.5, 3.5]);
        assert!((f.fittedvalues[4] - 4.25).abs() < 1e-15);
    }

    #[test]
    fn bad_input() {
        let y = [1.0, 2.0, -1.0, 3.0, 2.0, 4.0, 3.0, 5.0];
        let e = EtsParams::new(ErrorType::Mul).fit(&y).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        let e = EtsParams::new(ErrorType::Add)
            .seasonal(SeasonalType::Add, 4)
            .fit(&y[..7])
            .unwrap_err();
        assert!(e.to_string().contains('8'), "{e}");
        let e = EtsParams::new(ErrorType::Add).fit(&[2.0; 20]).unwrap_err();
        assert_eq!(e.exit_code(), 2);
    }
}
