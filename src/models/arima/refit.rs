//! Re-fitting a seasonal ARIMA when new observations arrive (issue 7, house
//! style item 5): `fitted.refit(&y, exog, RefitMode::KeepParams | Reestimate)`.
//!
//! * [`RefitMode::KeepParams`] runs the Kalman filter over the new data with
//!   the estimates unchanged (σ² included), as R forecast's
//!   `Arima(y, model = fit)`: the coefficients are identical, the fitted
//!   values on the old sample are reproduced exactly (the filter does the
//!   same arithmetic on the same numbers), and the forecasts start from the
//!   new end. The whole series is filtered again rather than only the new
//!   observations, so revised old values are taken into account; at these
//!   sample sizes that costs well under a millisecond.
//! * [`RefitMode::Reestimate`] maximises the likelihood again, starting
//!   BFGS from the previous estimates (a warm start) instead of the default
//!   starting values: after a few new observations the optimum moves little,
//!   so it is reached in fewer iterations.

use ndarray::Array2;

use super::{SarimaFit, SarimaParams};
use crate::error::{Error, Result};

/// How [`SarimaFit::refit`] treats the parameters.
///
/// ```
/// use colcrime::models::arima::RefitMode;
/// assert_ne!(RefitMode::KeepParams, RefitMode::Reestimate);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefitMode {
    /// Keep every parameter (σ² included); only filter the new data.
    KeepParams,
    /// Re-estimate by maximum likelihood, warm-started from the estimates.
    Reestimate,
}

impl SarimaParams {
    /// This model with known estimates over data `y` (regressors `exog`,
    /// `n x k`): the Kalman filter runs at `params` (σ² last) without
    /// optimising, and the standard errors `bse` and covariance
    /// `cov_params` are those of the estimation that produced them; without
    /// `cov_params`, the observed information at `params` on these data.
    /// This restores a stored fit ([`RefitMode::KeepParams`]): `llf`, the
    /// residuals, fitted values and the forecast origin are those of `y`,
    /// `iterations` is 0, and `spec` is this model (without the fixed
    /// parameters).
    ///
    /// # Errors
    /// `params` or `bse` of the wrong length, a `cov_params` that is not
    /// `k x k`, or as [`SarimaParams::fit`].
    ///
    /// ```
    /// use colcrime::models::arima::SarimaParams;
    /// let y: Vec<f64> = (0..60).map(|t| (t as f64 * 0.9).sin() + 0.02 * t as f64).collect();
    /// let spec = SarimaParams::new((1, 1, 1));
    /// let fit = spec.fit(&y, None).unwrap();
    /// let back = spec.with_estimates(&y, None, &fit.params, &fit.bse, None).unwrap();
    /// assert_eq!(back.params, fit.params);
    /// assert_eq!(back.bse, fit.bse);
    /// assert!((back.llf - fit.llf).abs() < 1e-9 * fit.llf.abs());
    /// assert!(spec.with_estimates(&y, None, &fit.params, &fit.bse[..1], None).is_err());
    /// ```
    pub fn with_estimates(
        &self,
        y: &[f64],
        exog: Option<&Array2<f64>>,
        params: &[f64],
        bse: &[f64],
        cov_params: Option<Array2<f64>>,
    ) -> Result<SarimaFit> {
        let k = params.len();
        if bse.len() != k {
            return Err(Error::usage(format!(
                "{k} estimates but {} standard errors",
                bse.len()
            )));
        }
        if let Some(c) = &cov_params
            && c.dim() != (k, k)
        {
            return Err(Error::usage(format!(
                "{k} estimates but a {} x {} covariance",
                c.nrows(),
                c.ncols()
            )));
        }
        let mut out = self.clone().fixed_params(params.to_vec()).fit(y, exog)?;
        out.spec = self.clone();
        out.bse = bse.to_vec();
        if let Some(c) = cov_params {
            out.cov_params = c;
        }
        Ok(out)
    }
}

impl SarimaFit {
    /// Fits the same model to new data `y` (usually the old series extended
    /// by newly published observations) with regressors `exog` (`n x k`).
    ///
    /// With [`RefitMode::KeepParams`] the result has the same `params` (σ²
    /// too) and `bse` (those of the original estimation), while `llf`, the
    /// information criteria, `nobs`, the residuals, fitted values and the
    /// forecast origin are those of the new data; `iterations` is 0. With
    /// [`RefitMode::Reestimate`] it is a new maximum-likelihood fit started
    /// from these estimates.
    ///
    /// # Errors
    /// As [`super::SarimaParams::fit`]: a series too short, regressors of the
    /// wrong width or length, and (re-estimation) non-convergence.
    ///
    /// ```
    /// use colcrime::models::arima::{RefitMode, SarimaParams};
    /// let y: Vec<f64> = (0..60).map(|t| (t as f64 * 0.9).sin() + 0.02 * t as f64).collect();
    /// let fit = SarimaParams::new((1, 1, 1)).fit(&y[..56], None).unwrap();
    /// let kept = fit.refit(&y, None, RefitMode::KeepParams).unwrap();
    /// assert_eq!(kept.params, fit.params);
    /// // (index 0 is NaN: the difference uses it up)
    /// assert_eq!(kept.fittedvalues()[1..56], fit.fittedvalues()[1..]);
    /// let again = fit.refit(&y, None, RefitMode::Reestimate).unwrap();
    /// assert_eq!(again.nobs, 59);
    /// ```
    pub fn refit(
        &self,
        y: &[f64],
        exog: Option<&Array2<f64>>,
        mode: RefitMode,
    ) -> Result<SarimaFit> {
        match mode {
            RefitMode::KeepParams => self.spec.with_estimates(
                y,
                exog,
                &self.params,
                &self.bse,
                Some(self.cov_params.clone()),
            ),
            RefitMode::Reestimate => {
                let mut spec = self.spec.clone();
                if spec.fixed_params.is_none() {
                    spec.start_params = Some(self.params.clone());
                }
                let mut out = spec.fit(y, exog)?;
                out.spec.start_params = self.spec.start_params.clone();
                Ok(out)
            }
        }
    }

    /// One-step-ahead predictions of the series at every observation (the
    /// series minus the Kalman filter's innovations; NaN for the first
    /// `d + sD` values, which differencing uses up, and for missing values).
    ///
    /// ```
    /// use colcrime::models::arima::SarimaParams;
    /// let y = [1.0, 2.0, 1.5, 1.8, 2.5, 2.2, 1.9, 2.4, 2.8, 2.1, 2.0, 2.6];
    /// let fit = SarimaParams::new((0, 1, 0)).fit(&y, None).unwrap();
    /// // A random walk predicts the previous value.
    /// assert!(fit.fittedvalues()[0].is_nan());
    /// assert!((fit.fittedvalues()[5] - y[4]).abs() < 1e-12);
    /// ```
    pub fn fittedvalues(&self) -> &[f64] {
        &self.state.fitted
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(n: usize) -> Vec<f64> {
        (0..n)
            .map(|t| 10.0 + (t as f64 * 0.8).sin() + ((t * 5) % 7) as f64 * 0.2 + 0.03 * t as f64)
            .collect()
    }

    #[test]
    fn keep_params_on_the_same_data_reproduces_the_fit() {
        let y = series(80);
        let fit = SarimaParams::new((1, 1, 1))
            .seasonal((0, 1, 1, 4))
            .fit(&y, None)
            .unwrap();
        let same = fit.refit(&y, None, RefitMode::KeepParams).unwrap();
        assert_eq!(same.params, fit.params);
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(same.fittedvalues()), bits(fit.fittedvalues()));
        assert!((same.llf - fit.llf).abs() < 1e-9 * fit.llf.abs());
        let (m0, s0) = fit.forecast_mean_se(4, None).unwrap();
        let (m1, s1) = same.forecast_mean_se(4, None).unwrap();
        assert_eq!(m0, m1);
        assert_eq!(s0, s1);
    }

    #[test]
    fn keep_params_with_regressors_and_drift() {
        let y = series(70);
        let x = Array2::from_shape_fn((70, 1), |(t, _)| (t as f64 * 0.3).cos());
        let spec = SarimaParams::new((1, 1, 0))
            .drift(true)
            .exog_names(vec!["x".into()]);
        let xs = x.slice(ndarray::s![..64, ..]).to_owned();
        let fit = spec.fit(&y[..64], Some(&xs)).unwrap();
        let kept = fit.refit(&y, Some(&x), RefitMode::KeepParams).unwrap();
        assert_eq!(kept.params, fit.params);
        assert_eq!(kept.param_names, fit.param_names);
        assert_eq!(kept.fittedvalues()[1..64], fit.fittedvalues()[1..]);
        assert_eq!(kept.nobs, 69);
        assert!(kept.spec.fixed_params.is_none());
    }
}
