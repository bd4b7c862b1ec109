//! Point forecasts and Gaussian prediction intervals of a fitted VAR (see
//! the module docs of [`var`](super)).

use ndarray::Array2;

use super::VarFit;
use crate::error::{Error, Result};
use crate::forecast::{Forecast, normal_quantile, normalise_levels};
use crate::series::Period;

/// Forecasts of every series of a VAR: means, standard errors and bands.
///
/// ```
/// use colcrime::models::var::VarParams;
/// let y = ndarray::array![[1.0, 2.0], [2.0, 1.0], [1.5, 3.0], [3.0, 2.5], [2.0, 2.0], [2.5, 3.5], [1.0, 2.0]];
/// let fit = VarParams::new(1).fit(&y, &["a".into(), "b".into()]).unwrap();
/// let f = fit.forecast(3, &[80.0, 95.0]).unwrap();
/// assert_eq!(f.mean.dim(), (3, 2));
/// assert!((f.se[[0, 1]] - fit.sigma_u[[1, 1]].sqrt()).abs() < 1e-14);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct VarForecast {
    /// The series names (columns).
    pub names: Vec<String>,
    /// Point forecasts, `h × K`.
    pub mean: Array2<f64>,
    /// Forecast standard errors `sqrt(diag Σ(s))`, `h × K`.
    pub se: Array2<f64>,
    /// Interval levels in (0, 1), ascending.
    pub levels: Vec<f64>,
    /// Lower bounds, one `h × K` matrix per level.
    pub lower: Vec<Array2<f64>>,
    /// Upper bounds, one `h × K` matrix per level.
    pub upper: Vec<Array2<f64>>,
}

impl VarFit {
    /// Forecasts `h` steps after the end of the sample:
    /// `ŷ_{T+s} = c + Σ_j A_j ŷ_{T+s-j}`, with standard errors from the MSE
    /// of the MA representation and Gaussian intervals at `levels` (0.8 or
    /// 80), as statsmodels `forecast_interval`.
    ///
    /// # Errors
    /// A level outside (0, 100).
    ///
    /// ```
    /// use colcrime::models::var::VarParams;
    /// let y = ndarray::array![[1.0, 2.0], [2.0, 1.0], [1.5, 3.0], [3.0, 2.5], [2.0, 2.0], [2.5, 3.5], [1.0, 2.0]];
    /// let fit = VarParams::new(1).fit(&y, &["a".into(), "b".into()]).unwrap();
    /// let f = fit.forecast(1, &[95.0]).unwrap();
    /// let c = fit.intercept();
    /// let a = fit.coefs(1);
    /// assert!((f.mean[[0, 0]] - (c[0] + a[[0, 0]] * 1.0 + a[[0, 1]] * 2.0)).abs() < 1e-13);
    /// assert!(fit.forecast(1, &[120.0]).is_err());
    /// ```
    pub fn forecast(&self, h: usize, levels: &[f64]) -> Result<VarForecast> {
        let levels = normalise_levels(levels)?;
        let k = self.neqs();
        let p = self.lags;
        let c = self.intercept();
        let a: Vec<Array2<f64>> = (1..=p).map(|j| self.coefs(j)).collect();
        // History (oldest first) followed by the forecasts.
        let mut path: Vec<Vec<f64>> = self.tail.rows().into_iter().map(|r| r.to_vec()).collect();
        let mut mean = Array2::<f64>::zeros((h, k));
        for s in 0..h {
            let mut next = c.clone();
            let len = path.len();
            for (j, aj) in a.iter().enumerate() {
                let Some(prev) = len.checked_sub(j + 1).and_then(|i| path.get(i)) else {
                    continue;
                };
                for (e, nv) in next.iter_mut().enumerate() {
                    for (v, pv) in prev.iter().enumerate() {
                        *nv += aj[[e, v]] * pv;
                    }
                }
            }
            for (e, v) in next.iter().enumerate() {
                mean[[s, e]] = *v;
            }
            path.push(next);
        }
        let mse = self.mse(h);
        let mut se = Array2::<f64>::zeros((h, k));
        for (s, m) in mse.iter().enumerate() {
            for e in 0..k {
                se[[s, e]] = m[[e, e]].sqrt();
            }
        }
        let mut lower = Vec::with_capacity(levels.len());
        let mut upper = Vec::with_capacity(levels.len());
        for &l in &levels {
            let z = normal_quantile(l);
            lower.push(&mean - &se.mapv(|v| z * v));
            upper.push(&mean + &se.mapv(|v| z * v));
        }
        Ok(VarForecast {
            names: self.names.clone(),
            mean,
            se,
            levels,
            lower,
            upper,
        })
    }
}

impl VarForecast {
    /// One [`Forecast`] per series, dated by `periods` (one per step).
    ///
    /// # Errors
    /// `periods` of the wrong length.
    ///
    /// ```
    /// use colcrime::models::var::VarParams;
    /// use colcrime::series::Period;
    /// let y = ndarray::array![[1.0, 2.0], [2.0, 1.0], [1.5, 3.0], [3.0, 2.5], [2.0, 2.0], [2.5, 3.5], [1.0, 2.0]];
    /// let fit = VarParams::new(1).fit(&y, &["a".into(), "b".into()]).unwrap();
    /// let f = fit.forecast(2, &[80.0]).unwrap();
    /// let p = Period::quarter(2026, 1).unwrap();
    /// let v = f.to_forecasts(vec![p, p.succ()]).unwrap();
    /// assert_eq!(v.len(), 2);
    /// assert_eq!(v[1].point[0], f.mean[[0, 1]]);
    /// ```
    pub fn to_forecasts(&self, periods: Vec<Period>) -> Result<Vec<Forecast>> {
        let h = self.mean.nrows();
        if periods.len() != h {
            return Err(Error::usage(format!(
                "VAR forecast: {} periods given for {h} steps",
                periods.len()
            )));
        }
        (0..self.names.len())
            .map(|e| {
                Forecast::gaussian(
                    periods.clone(),
                    self.mean.column(e).to_vec(),
                    self.se.column(e).to_vec(),
                    &self.levels,
                )
            })
            .collect()
    }
}
