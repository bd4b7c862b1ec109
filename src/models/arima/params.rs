//! Orders and options of a seasonal ARIMA ([`SarimaParams`]) and their
//! validation.

use ndarray::Array2;

use super::{SarimaFit, fit_sarima_series};
use crate::error::{Error, Result};

/// Orders and options of a seasonal ARIMA; validated by [`SarimaParams::fit`].
///
/// ```
/// use colcrime::models::arima::SarimaParams;
/// let s = SarimaParams::new((0, 1, 1)).seasonal((0, 1, 1, 12));
/// assert_eq!(s.param_names(0), vec!["ma.L1", "ma.S.L12"]);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SarimaParams {
    /// (p, d, q).
    pub order: (usize, usize, usize),
    /// (P, D, Q, s); s = 0 when there is no seasonal part.
    pub seasonal_order: (usize, usize, usize, usize),
    /// A constant in the differenced equation (`drift`).
    pub drift: bool,
    /// Names of the exogenous columns (default `x1`, `x2`, …).
    pub exog_names: Vec<String>,
    /// Parameters at which to evaluate instead of optimising (same order as
    /// [`SarimaParams::param_names`], optionally ending with σ²).
    pub fixed_params: Option<Vec<f64>>,
    /// Most BFGS iterations.
    pub max_iter: usize,
    /// Starting values for the optimiser (a warm start, e.g. the estimates
    /// of an earlier fit): the parameters of [`SarimaParams::param_names`],
    /// optionally followed by σ² (ignored). An unusable start (wrong length,
    /// not stationary or invertible) falls back to the default starts.
    pub start_params: Option<Vec<f64>>,
}

impl SarimaParams {
    /// A non-seasonal ARIMA(p, d, q) without drift or regressors.
    ///
    /// ```
    /// let s = colcrime::models::arima::SarimaParams::new((1, 1, 1));
    /// assert_eq!(s.order, (1, 1, 1));
    /// ```
    pub fn new(order: (usize, usize, usize)) -> SarimaParams {
        SarimaParams {
            order,
            seasonal_order: (0, 0, 0, 0),
            drift: false,
            exog_names: Vec::new(),
            fixed_params: None,
            max_iter: 200,
            start_params: None,
        }
    }

    /// Sets the seasonal order (P, D, Q, s).
    ///
    /// ```
    /// let s = colcrime::models::arima::SarimaParams::new((0, 1, 1)).seasonal((0, 1, 1, 12));
    /// assert_eq!(s.seasonal_order.3, 12);
    /// ```
    pub fn seasonal(mut self, so: (usize, usize, usize, usize)) -> SarimaParams {
        self.seasonal_order = so;
        self
    }

    /// Includes a constant in the differenced equation.
    ///
    /// ```
    /// let s = colcrime::models::arima::SarimaParams::new((1, 1, 0)).drift(true);
    /// assert_eq!(s.param_names(0)[0], "drift");
    /// ```
    pub fn drift(mut self, yes: bool) -> SarimaParams {
        self.drift = yes;
        self
    }

    /// Names the exogenous columns.
    ///
    /// ```
    /// let s = colcrime::models::arima::SarimaParams::new((1, 0, 0)).exog_names(vec!["cpi".into()]);
    /// assert_eq!(s.param_names(1)[0], "cpi");
    /// ```
    pub fn exog_names(mut self, names: Vec<String>) -> SarimaParams {
        self.exog_names = names;
        self
    }

    /// Evaluates at these parameters instead of optimising.
    ///
    /// ```
    /// let s = colcrime::models::arima::SarimaParams::new((1, 0, 0)).fixed_params(vec![0.5]);
    /// assert!(s.fixed_params.is_some());
    /// ```
    pub fn fixed_params(mut self, v: Vec<f64>) -> SarimaParams {
        self.fixed_params = Some(v);
        self
    }

    /// Starts the optimiser at these parameters (a warm start) instead of
    /// the default starting values; see [`SarimaParams::start_params`].
    ///
    /// ```
    /// use colcrime::models::arima::SarimaParams;
    /// let y = [0.5, 0.9, 0.2, -0.4, -0.1, 0.6, 1.1, 0.4, -0.3, -0.8, -0.2, 0.3, 0.7, 0.1, -0.5];
    /// let cold = SarimaParams::new((1, 0, 0)).fit(&y, None).unwrap();
    /// let warm = SarimaParams::new((1, 0, 0)).start_params(cold.params.clone()).fit(&y, None).unwrap();
    /// assert!((warm.llf - cold.llf).abs() < 1e-8);
    /// assert!(warm.iterations <= 1);
    /// ```
    pub fn start_params(mut self, v: Vec<f64>) -> SarimaParams {
        self.start_params = Some(v);
        self
    }

    /// Parameter names (without `sigma2`) for `k` exogenous columns:
    /// `drift`, exog names, `ar.L1…`, `ma.L1…`, `ar.S.L12…`, `ma.S.L12…`.
    ///
    /// ```
    /// let s = colcrime::models::arima::SarimaParams::new((2, 0, 1)).seasonal((1, 0, 0, 4));
    /// assert_eq!(s.param_names(0), vec!["ar.L1", "ar.L2", "ma.L1", "ar.S.L4"]);
    /// ```
    pub fn param_names(&self, k: usize) -> Vec<String> {
        let (p, _, q) = self.order;
        let (sp, _, sq, s) = self.seasonal_order;
        let mut names = Vec::new();
        if self.drift {
            names.push("drift".to_string());
        }
        for j in 0..k {
            names.push(
                self.exog_names
                    .get(j)
                    .cloned()
                    .unwrap_or_else(|| format!("x{}", j + 1)),
            );
        }
        names.extend((1..=p).map(|i| format!("ar.L{i}")));
        names.extend((1..=q).map(|i| format!("ma.L{i}")));
        names.extend((1..=sp).map(|i| format!("ar.S.L{}", i * s)));
        names.extend((1..=sq).map(|i| format!("ma.S.L{}", i * s)));
        names
    }

    /// Checks the orders against a series of `n` values and `k` regressors.
    ///
    /// # Errors
    /// A seasonal part with period 0 or 1, or a series too short for the
    /// orders (`NotEnoughData`).
    ///
    /// ```
    /// let s = colcrime::models::arima::SarimaParams::new((0, 1, 1)).seasonal((0, 1, 1, 12));
    /// assert!(s.validate(20, 0).is_err());
    /// assert!(s.validate(60, 0).is_ok());
    /// ```
    pub fn validate(&self, n: usize, k: usize) -> Result<()> {
        let (p, d, q) = self.order;
        let (sp, sd, sq, s) = self.seasonal_order;
        if (sp + sd + sq) > 0 && s < 2 {
            return Err(Error::usage(format!(
                "seasonal period must be at least 2, got {s}"
            )));
        }
        if d > 3 || sd > 2 {
            return Err(Error::usage(format!(
                "differencing orders d = {d}, D = {sd} are too high (at most 3 and 2)"
            )));
        }
        let dd = d + sd * s;
        let npar = self.param_names(k).len() + 1;
        let lags = p + sp * s + q + sq * s;
        let needed = dd + npar.max(lags + 1) + 1;
        if n < needed {
            return Err(Error::not_enough_data(self.model_name(), needed, n));
        }
        if let Some(f) = &self.fixed_params {
            let m = npar - 1;
            if f.len() != m && f.len() != m + 1 {
                return Err(Error::usage(format!(
                    "--fixed-params needs {m} values ({}) or {} with sigma2, got {}",
                    self.param_names(k).join(", "),
                    m + 1,
                    f.len()
                )));
            }
            if f.len() == m + 1 && (f[m].is_nan() || f[m] <= 0.0) {
                return Err(Error::usage(format!(
                    "fixed sigma2 must be positive, got {}",
                    f[m]
                )));
            }
        }
        Ok(())
    }

    /// `SARIMAX(p, d, q)x(P, D, Q, s)`.
    pub(super) fn model_name(&self) -> String {
        let (p, d, q) = self.order;
        let (sp, sd, sq, s) = self.seasonal_order;
        if s > 0 && sp + sd + sq > 0 {
            format!("SARIMAX({p}, {d}, {q})x({sp}, {sd}, {sq}, {s})")
        } else {
            format!("SARIMAX({p}, {d}, {q})")
        }
    }

    /// Fits the model to `y` (NaN = missing) with optional regressors
    /// (`n x k`).
    ///
    /// # Errors
    /// Invalid orders, a series too short, regressors of the wrong length,
    /// or (exit 1) an optimiser that did not converge, with the best point.
    ///
    /// ```
    /// use colcrime::models::arima::SarimaParams;
    /// let y: Vec<f64> = (0..40).map(|t| (t as f64 * 0.7).sin() + 0.05 * t as f64).collect();
    /// let fit = SarimaParams::new((1, 1, 0)).drift(true).fit(&y, None).unwrap();
    /// assert_eq!(fit.nobs, 39);
    /// assert!(fit.llf.is_finite());
    /// ```
    pub fn fit(&self, y: &[f64], exog: Option<&Array2<f64>>) -> Result<SarimaFit> {
        fit_sarima_series(y, exog, self)
    }
}
