//! [`Forecast`]: point forecasts with standard errors and prediction
//! intervals at several levels, shared by every forecasting model, the
//! charts and the briefing.
//!
//! ```
//! use colcrime::forecast::{Forecast, PointKind};
//! use colcrime::series::Period;
//! let p0 = Period::quarter(2026, 1).unwrap();
//! let f = Forecast::gaussian(vec![p0, p0.succ()], vec![10.0, 11.0], vec![1.0, 2.0], &[0.8, 0.95]).unwrap();
//! assert!((f.band(0.95).unwrap().upper[0] - (10.0 + 1.959963984540054)).abs() < 1e-12);
//! assert_eq!(f.point_kind, PointKind::Mean);
//! let j = f.to_json();
//! assert_eq!(j["dates"][0], "2026-01-01");
//! assert!(j["lower"]["80"].is_array());
//! ```

use serde_json::{Map, Value};
use statrs::distribution::{ContinuousCDF, Normal};

use crate::error::{Error, Result};
use crate::json::nums;
use crate::series::Period;

/// One prediction interval, for all horizons.
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    /// Coverage in (0, 1), e.g. 0.8.
    pub level: f64,
    /// Lower bounds, one per horizon.
    pub lower: Vec<f64>,
    /// Upper bounds, one per horizon.
    pub upper: Vec<f64>,
}

/// Whether the point forecast is a mean or a median (a forecast of a logged
/// series transformed back with `exp` is the median of the original).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PointKind {
    /// The conditional mean.
    Mean,
    /// The conditional median.
    Median,
}

/// Which sources of uncertainty the intervals include.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct IntervalCoverage {
    /// Future shocks to the modelled series.
    pub innovation: bool,
    /// Estimation error in the parameters.
    pub parameter: bool,
    /// Uncertainty in the future paths of the regressors.
    pub regressor_paths: bool,
}

/// A forecast: periods, point forecasts, standard errors and bands.
#[derive(Debug, Clone, PartialEq)]
pub struct Forecast {
    /// The forecast periods.
    pub periods: Vec<Period>,
    /// Point forecasts.
    pub point: Vec<f64>,
    /// Standard errors of the forecast (on the model's scale).
    pub se: Vec<f64>,
    /// Prediction intervals, ascending by level.
    pub bands: Vec<Band>,
    /// Mean or median.
    pub point_kind: PointKind,
    /// What the intervals account for.
    pub covers: IntervalCoverage,
}

/// Checks that every level lies in (0, 1); accepts percentages (80) too.
///
/// # Errors
/// A level outside (0, 100).
///
/// ```
/// use colcrime::forecast::normalise_levels;
/// assert_eq!(normalise_levels(&[95.0, 80.0]).unwrap(), vec![0.8, 0.95]);
/// assert!(normalise_levels(&[0.0]).is_err());
/// ```
pub fn normalise_levels(levels: &[f64]) -> Result<Vec<f64>> {
    let mut out = Vec::with_capacity(levels.len());
    for &l in levels {
        let v = if l >= 1.0 { l / 100.0 } else { l };
        if !(v > 0.0 && v < 1.0 && v.is_finite()) {
            return Err(Error::usage(format!(
                "interval level {l} is not in (0, 100)"
            )));
        }
        out.push(v);
    }
    out.sort_by(|a, b| a.total_cmp(b));
    out.dedup();
    Ok(out)
}

/// The two-sided standard normal quantile for `level` (1.96 for 0.95).
///
/// ```
/// use colcrime::forecast::normal_quantile;
/// assert!((normal_quantile(0.95) - 1.959963984540054).abs() < 1e-12);
/// ```
pub fn normal_quantile(level: f64) -> f64 {
    Normal::standard().inverse_cdf(0.5 + level / 2.0)
}

/// The JSON key of a level: `"80"`, `"95"`, `"99.5"`.
fn level_key(level: f64) -> String {
    let pct = level * 100.0;
    if (pct - pct.round()).abs() < 1e-9 {
        format!("{}", pct.round() as i64)
    } else {
        format!("{pct}")
    }
}

impl Forecast {
    /// Gaussian intervals `point ± z se` at each level.
    ///
    /// # Errors
    /// Lengths that differ, or a level outside (0, 1).
    ///
    /// ```
    /// # use colcrime::forecast::Forecast;
    /// # use colcrime::series::Period;
    /// let f = Forecast::gaussian(vec![Period::year(2030)], vec![0.0], vec![1.0], &[80.0]).unwrap();
    /// assert!((f.bands[0].upper[0] - 1.2815515655446004).abs() < 1e-12);
    /// ```
    pub fn gaussian(
        periods: Vec<Period>,
        point: Vec<f64>,
        se: Vec<f64>,
        levels: &[f64],
    ) -> Result<Forecast> {
        if periods.len() != point.len() || point.len() != se.len() {
            return Err(Error::other(format!(
                "forecast lengths differ: {} periods, {} points, {} standard errors",
                periods.len(),
                point.len(),
                se.len()
            )));
        }
        let levels = normalise_levels(levels)?;
        let bands = levels
            .iter()
            .map(|&level| {
                let z = normal_quantile(level);
                Band {
                    level,
                    lower: point.iter().zip(&se).map(|(m, s)| m - z * s).collect(),
                    upper: point.iter().zip(&se).map(|(m, s)| m + z * s).collect(),
                }
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

    /// The band at `level` (0.8 or 80), if computed.
    ///
    /// ```
    /// # use colcrime::forecast::Forecast;
    /// # use colcrime::series::Period;
    /// let f = Forecast::gaussian(vec![Period::year(2030)], vec![0.0], vec![1.0], &[80.0]).unwrap();
    /// assert!(f.band(80.0).is_some() && f.band(0.95).is_none());
    /// ```
    pub fn band(&self, level: f64) -> Option<&Band> {
        let level = if level >= 1.0 { level / 100.0 } else { level };
        self.bands.iter().find(|b| (b.level - level).abs() < 1e-9)
    }

    /// Transforms a forecast of `log(y)` back to `y`: bounds by `exp`
    /// (quantiles map through a monotone function); the point becomes the
    /// median `exp(m)`, or the mean `exp(m + se²/2)` if `mean` is true.
    /// The standard error becomes that of the log-normal.
    ///
    /// ```
    /// # use colcrime::forecast::{Forecast, PointKind};
    /// # use colcrime::series::Period;
    /// let f = Forecast::gaussian(vec![Period::year(2030)], vec![0.0], vec![0.5], &[95.0]).unwrap();
    /// let g = f.exp(false);
    /// assert_eq!(g.point[0], 1.0);
    /// assert_eq!(g.point_kind, PointKind::Median);
    /// assert!((g.bands[0].upper[0] - (0.5f64 * 1.959963984540054).exp()).abs() < 1e-12);
    /// ```
    pub fn exp(&self, mean: bool) -> Forecast {
        let point = self
            .point
            .iter()
            .zip(&self.se)
            .map(|(m, s)| {
                if mean {
                    (m + s * s / 2.0).exp()
                } else {
                    m.exp()
                }
            })
            .collect();
        let se = self
            .point
            .iter()
            .zip(&self.se)
            .map(|(m, s)| ((s * s).exp_m1() * (2.0 * m + s * s).exp()).sqrt())
            .collect();
        Forecast {
            periods: self.periods.clone(),
            point,
            se,
            bands: self
                .bands
                .iter()
                .map(|b| Band {
                    level: b.level,
                    lower: b.lower.iter().map(|x| x.exp()).collect(),
                    upper: b.upper.iter().map(|x| x.exp()).collect(),
                })
                .collect(),
            point_kind: if mean {
                PointKind::Mean
            } else {
                PointKind::Median
            },
            covers: self.covers,
        }
    }

    /// The contract's JSON:
    /// `{dates, mean, se, lower: {"80": [...]}, upper: {...}}`, plus
    /// `periods` (labels), `point_kind` and `covers`.
    ///
    /// ```
    /// # use colcrime::forecast::Forecast;
    /// # use colcrime::series::Period;
    /// let f = Forecast::gaussian(vec![Period::year(2030)], vec![1.0], vec![1.0], &[95.0]).unwrap();
    /// assert_eq!(f.to_json()["mean"][0], 1.0);
    /// ```
    pub fn to_json(&self) -> Value {
        let mut lower = Map::new();
        let mut upper = Map::new();
        for b in &self.bands {
            lower.insert(level_key(b.level), nums(&b.lower));
            upper.insert(level_key(b.level), nums(&b.upper));
        }
        serde_json::json!({
            "dates": self.periods.iter().map(Period::iso).collect::<Vec<_>>(),
            "periods": self.periods.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
            "mean": nums(&self.point),
            "se": nums(&self.se),
            "lower": lower,
            "upper": upper,
            "point_kind": match self.point_kind { PointKind::Mean => "mean", PointKind::Median => "median" },
            "covers": {
                "innovation": self.covers.innovation,
                "parameter": self.covers.parameter,
                "regressor_paths": self.covers.regressor_paths,
            },
        })
    }
}
