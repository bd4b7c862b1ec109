//! The drivers of a scenario forecast: each regressor's own ARIMA
//! ([`DriverModel`]), which supplies the spread of its future values
//! around a path, the baseline path in which every regressor follows its
//! own forecast, and the simulation and covariance of forecast errors
//! ([`ErrorSim`]) that the scenario intervals draw on.

use ndarray::ArrayView2;
use serde_json::{Value, json};

use super::{SarimaFit, SarimaParams};
use crate::error::{Error, Result};
use crate::json::{num, nums};
use crate::series::Period;
use crate::stats::linalg::cholesky_semidefinite;
use crate::stats::rng::Rng;

/// A driver's own ARIMA, fitted to its history: supplies the spread of the
/// driver around a scenario path.
///
/// ```
/// use colcrime::models::arima::DriverModel;
/// let x: Vec<f64> = (0..30).map(|t| ((t * 7) % 5) as f64 + 0.1 * t as f64).collect();
/// let d = DriverModel::fit("x", &x, Some((0, 1, 0))).unwrap();
/// let v = d.error_variances(3).unwrap();
/// // A random walk: the m-step error variance is m σ².
/// assert!((v[2] - 3.0 * d.fit.sigma2).abs() < 1e-9 * v[2]);
/// ```
#[derive(Debug, Clone)]
pub struct DriverModel {
    /// The regressor it models.
    pub name: String,
    /// Its ARIMA.
    pub fit: SarimaFit,
}

impl DriverModel {
    /// Fits the driver's ARIMA to `values` (its history; leading and
    /// trailing missing values are dropped): the given `(p, d, q)` (with a
    /// mean when `d = 0`), or the automatic choice (non-seasonal stepwise
    /// search, Hyndman & Khandakar 2008) when `order` is `None`.
    ///
    /// # Errors
    /// A history too short for the model, or a fit that fails.
    ///
    /// ```
    /// use colcrime::models::arima::DriverModel;
    /// assert!(DriverModel::fit("x", &[1.0, 2.0], None).is_err());
    /// ```
    pub fn fit(
        name: &str,
        values: &[f64],
        order: Option<(usize, usize, usize)>,
    ) -> Result<DriverModel> {
        let first = values.iter().position(|v| v.is_finite());
        let last = values.iter().rposition(|v| v.is_finite());
        let (Some(a), Some(b)) = (first, last) else {
            return Err(Error::not_enough_data(
                format!("driver model of {name}"),
                10,
                0,
            ));
        };
        let y = &values[a..=b];
        let ctx = |e: Error| e.context(format!("the model of driver \"{name}\""));
        let fit = match order {
            Some(o) => SarimaParams::new(o)
                .drift(o.1 == 0)
                .fit(y, None)
                .map_err(ctx)?,
            None => {
                if y.len() < 10 {
                    return Err(Error::not_enough_data(
                        format!("driver model of {name}"),
                        10,
                        y.len(),
                    ));
                }
                super::auto::AutoArimaParams::new(1)
                    .fit(y, None)
                    .map_err(ctx)?
                    .fit
            }
        };
        Ok(DriverModel {
            name: name.to_string(),
            fit,
        })
    }

    /// The `m`-step forecast-error variances, `m = 1..=h`.
    ///
    /// # Errors
    /// As [`SarimaFit::forecast_mean_se`].
    ///
    /// ```
    /// use colcrime::models::arima::DriverModel;
    /// let x: Vec<f64> = (0..30).map(|t| ((t * 7) % 5) as f64).collect();
    /// let d = DriverModel::fit("x", &x, Some((1, 0, 0))).unwrap();
    /// let v = d.error_variances(4).unwrap();
    /// assert!(v[3] >= v[0]);
    /// ```
    pub fn error_variances(&self, h: usize) -> Result<Vec<f64>> {
        let (_, se) = self.fit.forecast_mean_se(h, None)?;
        Ok(se.iter().map(|s| s * s).collect())
    }

    /// `{model, order, params, param_names, sigma2}`.
    ///
    /// ```
    /// use colcrime::models::arima::DriverModel;
    /// let x: Vec<f64> = (0..30).map(|t| ((t * 7) % 5) as f64).collect();
    /// let d = DriverModel::fit("x", &x, Some((1, 0, 0))).unwrap();
    /// assert_eq!(d.to_json()["order"][0], 1);
    /// ```
    pub fn to_json(&self) -> Value {
        let (p, d, q) = self.fit.spec.order;
        json!({
            "model": self.fit.spec.model_name(),
            "order": [p, d, q],
            "param_names": self.fit.param_names,
            "params": nums(&self.fit.params),
            "sigma2": num(self.fit.sigma2),
            "nobs": self.fit.nobs,
        })
    }
}

/// Simulates paths of the forecast errors `y_{T+j} - ŷ_{T+j|T}` of a
/// fitted SARIMA (regressors held at their path).
#[derive(Debug, Clone)]
pub(super) struct ErrorSim {
    phi: Vec<f64>,
    rv: Vec<f64>,
    delta: Vec<f64>,
    /// σ × Cholesky factor of P_{T+1|T}.
    chol: Vec<f64>,
    sigma: f64,
}

impl ErrorSim {
    pub(super) fn new(fit: &SarimaFit) -> Result<ErrorSim> {
        let st = &fit.state;
        let r = st.a.len();
        let mut phi = vec![0.0; r];
        phi[..st.phi.len()].copy_from_slice(&st.phi);
        let mut rv = vec![0.0; r];
        rv[0] = 1.0;
        rv[1..=st.theta.len()].copy_from_slice(&st.theta);
        let sigma = fit.sigma2.max(0.0).sqrt();
        let p = ArrayView2::from_shape((r, r), &st.p)
            .map_err(|e| Error::other(format!("the state covariance: {e}")))?;
        let chol = cholesky_semidefinite(&p)?
            .iter()
            .map(|v| v * sigma)
            .collect();
        Ok(ErrorSim {
            phi,
            rv,
            delta: st.delta.clone(),
            chol,
            sigma,
        })
    }

    /// The covariance of the errors at steps `1..=m` (row-major `m x m`):
    /// the paths are linear in the initial state deviation and the new
    /// innovations, so each source's unit response is propagated through
    /// the same recursion as [`ErrorSim::draw`] and their outer products
    /// summed. Its diagonal is the driver's forecast-error variance
    /// ([`DriverModel::error_variances`]).
    pub(super) fn covariance(&self, m: usize) -> Vec<f64> {
        let r = self.phi.len();
        let mut cov = vec![0.0; m * m];
        let mut path = vec![0.0; m];
        let mut add = |path: &[f64]| {
            for a in 0..m {
                for b in 0..m {
                    cov[a * m + b] += path[a] * path[b];
                }
            }
        };
        // The initial state: column `c` of σ L.
        for c in 0..r {
            let alpha: Vec<f64> = (0..r).map(|i| self.chol[i * r + c]).collect();
            self.respond(alpha, None, &mut path);
            add(&path);
        }
        // The innovation entering after step `s`.
        for s in 0..m {
            self.respond(vec![0.0; r], Some(s), &mut path);
            add(&path);
        }
        cov
    }

    /// The error path from state deviation `alpha` and, when `shock` is
    /// given, one innovation of σ after that step (the rest zero).
    fn respond(&self, mut alpha: Vec<f64>, shock: Option<usize>, out: &mut [f64]) {
        let r = self.phi.len();
        let mut lags = vec![0.0; self.delta.len()];
        for (j, o) in out.iter_mut().enumerate() {
            let e = alpha[0]
                + self
                    .delta
                    .iter()
                    .zip(lags.iter())
                    .map(|(d, l)| d * l)
                    .sum::<f64>();
            *o = e;
            if !lags.is_empty() {
                lags.rotate_right(1);
                lags[0] = e;
            }
            let eps = if shock == Some(j) { self.sigma } else { 0.0 };
            let a0 = alpha[0];
            for i in 0..r {
                let next = if i + 1 < r { alpha[i + 1] } else { 0.0 };
                alpha[i] = self.phi[i] * a0 + next + self.rv[i] * eps;
            }
        }
    }

    /// Writes one path of `out.len()` errors.
    pub(super) fn draw(
        &self,
        rng: &mut Rng,
        out: &mut [f64],
        z: &mut Vec<f64>,
        lags: &mut Vec<f64>,
    ) {
        let r = self.phi.len();
        z.clear();
        z.extend((0..r).map(|_| rng.normal()));
        // State deviation α - a ~ N(0, σ² P).
        let mut alpha: Vec<f64> = (0..r)
            .map(|i| (0..=i).map(|k| self.chol[i * r + k] * z[k]).sum())
            .collect();
        lags.clear();
        lags.resize(self.delta.len(), 0.0);
        for o in out.iter_mut() {
            // e_j = α_j[0] + Σ δ_i e_{j-i}; the last d + sD errors start at 0.
            let e = alpha[0]
                + self
                    .delta
                    .iter()
                    .zip(lags.iter())
                    .map(|(d, l)| d * l)
                    .sum::<f64>();
            *o = e;
            if !lags.is_empty() {
                lags.rotate_right(1);
                lags[0] = e;
            }
            let eps = self.sigma * rng.normal();
            let a0 = alpha[0];
            for i in 0..r {
                let next = if i + 1 < r { alpha[i + 1] } else { 0.0 };
                alpha[i] = self.phi[i] * a0 + next + self.rv[i] * eps;
            }
        }
    }
}

/// Fits a [`DriverModel`] to each regressor's history (aligned with the
/// frame's index).
///
/// # Errors
/// As [`DriverModel::fit`], naming the driver.
///
/// ```
/// use colcrime::models::arima::fit_drivers;
/// let x: Vec<f64> = (0..30).map(|t| ((t * 7) % 5) as f64).collect();
/// let d = fit_drivers(&["x".into()], &[x], Some((1, 0, 0))).unwrap();
/// assert_eq!(d[0].name, "x");
/// ```
pub fn fit_drivers(
    names: &[String],
    history: &[Vec<f64>],
    order: Option<(usize, usize, usize)>,
) -> Result<Vec<DriverModel>> {
    names
        .iter()
        .zip(history)
        .map(|(n, h)| DriverModel::fit(n, h, order))
        .collect()
}

/// The scenario in which every driver follows its own model's mean
/// forecast after its last observation (named `driver_forecast`): with
/// driver uncertainty, the forecast of `y` that a joint model would give.
///
/// # Errors
/// A driver without observations, or a failing driver forecast.
///
/// ```
/// use colcrime::models::arima::{DriverModel, driver_forecast_scenario};
/// use colcrime::series::Period;
/// let x: Vec<f64> = (0..30).map(|t| ((t * 7) % 5) as f64).collect();
/// let ix: Vec<Period> = (0..30).map(|t| Period::year(1990 + t)).collect();
/// let d = DriverModel::fit("x", &x, Some((0, 1, 0))).unwrap();
/// let s = driver_forecast_scenario(&[d], &ix, &[x.clone()], 2).unwrap();
/// assert_eq!(s.value("x", Period::year(2021)), Some(x[29]));
/// ```
pub fn driver_forecast_scenario(
    drivers: &[DriverModel],
    index: &[Period],
    history: &[Vec<f64>],
    h: usize,
) -> Result<crate::models::scenario::Scenario> {
    use crate::models::scenario::{PathRule, Scenario};
    let mut rules = Vec::new();
    let mut hist = Vec::new();
    for (d, x) in drivers.iter().zip(history) {
        let (m, _) = d.fit.forecast_mean_se(h.max(1), None)?;
        rules.push((d.name.clone(), PathRule::Path(m)));
        hist.push((d.name.clone(), x.clone()));
    }
    let label = match drivers {
        [d] => format!("{} follows its own forecast", d.name),
        _ => "Regressors follow their own forecasts".to_string(),
    };
    Scenario::from_rules("driver_forecast", &label, &rules, index, &hist, h.max(1))
}
