//! What a forecasting model's backtest says of its forecast, for the
//! briefing's key points and its fan charts: which of the model, the naive
//! forecast (no change), the seasonal-naive forecast (the same period a
//! year earlier) and their simplest combination (the average of the model
//! and no change) had the lowest mean absolute error one step ahead, and
//! how often the model's 95% intervals held the outturn. The headline
//! forecast is the best of them, and that forecast's path is computed
//! here from the same definitions as the backtest's benchmarks.

use crate::doc::words::fmt_num;
use crate::forecast::Forecast;
use crate::kinds::Detail;
use crate::models::backtest::{BacktestResult, HorizonAccuracy};
use crate::series::{Period, Series};

use super::models::ModelOutcome;

/// The forecast the backtest ranks first one step ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Best {
    /// The model's own forecast.
    Model,
    /// No change from the last observation.
    Naive,
    /// The same period a year earlier.
    SeasonalNaive,
    /// The average of the model's forecast and no change.
    Combination,
}

impl Best {
    /// The forecast's name in a sentence.
    pub(crate) fn words(self) -> &'static str {
        match self {
            Best::Model => "the model's forecast",
            Best::Naive => "the no-change forecast",
            Best::SeasonalNaive => "the same-period-last-year forecast",
            Best::Combination => "the average of the model's and the no-change forecasts",
        }
    }

    /// The chart's direct label of the forecast's line.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Best::Model => "Model",
            Best::Naive => "No change (best in backtest)",
            Best::SeasonalNaive => "Same period last year (best in backtest)",
            Best::Combination => "Model and no change averaged (best in backtest)",
        }
    }
}

/// A backtested forecast's skill (see the module docs).
#[derive(Debug, Clone)]
pub(crate) struct Skill<'a> {
    /// The backtest.
    pub bt: &'a BacktestResult,
    /// Its one-step-ahead scores.
    pub one: &'a HorizonAccuracy,
}

impl<'a> Skill<'a> {
    /// The skill of `o`'s forecast, when it was backtested.
    pub(crate) fn of(o: &'a ModelOutcome) -> Option<Skill<'a>> {
        let r = o.report.as_ref()?;
        let Detail::Arima {
            backtest: Some(bt), ..
        } = &r.detail
        else {
            return None;
        };
        Some(Skill {
            bt,
            one: bt.horizons.first()?,
        })
    }

    /// The forecast with the lowest one-step MAE and that MAE (the model
    /// keeps ties; a combination never scored ranks last).
    pub(crate) fn best(&self) -> (Best, f64) {
        let o = self.one;
        [
            (Best::Model, o.mae),
            (Best::Naive, o.naive_mae),
            (Best::SeasonalNaive, o.snaive_mae),
            (Best::Combination, o.combo_mae),
        ]
        .into_iter()
        .filter(|(_, m)| m.is_finite())
        .fold(
            (Best::Model, o.mae),
            |acc, c| if c.1 < acc.1 { c } else { acc },
        )
    }

    /// The share of outturns inside the model's 95% intervals over all
    /// horizons (NaN when not scored).
    pub(crate) fn coverage_95(&self) -> f64 {
        self.bt.overall.as_ref().map_or(f64::NAN, |a| a.coverage_95)
    }

    /// The subtitle's sentence: the backtest's origins, the 95% intervals'
    /// coverage and the best forecast one step ahead.
    pub(crate) fn subtitle(&self, step: &str) -> String {
        let (best, mae) = self.best();
        let ranked = if best == Best::Model {
            format!(
                "one {step} ahead it beat no change and last year's value (MAE {} against {})",
                fmt_num(self.one.mae, 3),
                fmt_num(self.one.naive_mae.min(self.one.snaive_mae), 3)
            )
        } else {
            format!(
                "one {step} ahead {} did better (MAE {} against the model's {})",
                best.words(),
                fmt_num(mae, 3),
                fmt_num(self.one.mae, 3)
            )
        };
        format!(
            "Backtest from {} origins: the 95% intervals held {} of outturns; {ranked}",
            self.bt.origins.len(),
            crate::doc::words::share(self.coverage_95())
        )
    }
}

/// "quarter", "month" or "year": one step of `h`'s frequency.
pub(crate) fn step_word(h: &Series) -> &'static str {
    match h.freq().periods_per_year() {
        12 => "month",
        4 => "quarter",
        _ => "year",
    }
}

/// The path of `best` over the periods of `f`, from the observed `h` (on
/// the scale of both): `None` for the model itself or when `h` has no
/// observation to start from.
pub(crate) fn benchmark_path(best: Best, h: &Series, f: &Forecast) -> Option<Vec<f64>> {
    let (_, end) = h.observed_span()?;
    let last = h.get(end)?;
    match best {
        Best::Model => None,
        Best::Naive => Some(vec![last; f.periods.len()]),
        Best::Combination => Some(f.point.iter().map(|p| 0.5 * (p + last)).collect()),
        Best::SeasonalNaive => {
            let m = i64::from(end.freq().periods_per_year()).max(1);
            Some(
                f.periods
                    .iter()
                    .map(|p| last_year(h, *p, end, m).unwrap_or(last))
                    .collect(),
            )
        }
    }
}

/// The value of `h` in the latest observed period that is a whole number
/// of years before `p` (the seasonal-naive forecast of `p`).
fn last_year(h: &Series, p: Period, end: Period, m: i64) -> Option<f64> {
    let mut q = p.offset(-m);
    while q > end {
        q = q.offset(-m);
    }
    h.get(q).filter(|v| v.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn acc(mae: f64, naive: f64, snaive: f64, combo: f64) -> HorizonAccuracy {
        HorizonAccuracy {
            h: 1,
            n: 8,
            mae,
            rmse: mae,
            mase: 1.0,
            mape: 1.0,
            coverage_80: 0.5,
            coverage_95: 0.6,
            naive_mae: naive,
            snaive_mae: snaive,
            naive_rmse: naive,
            snaive_rmse: snaive,
            combo_mae: combo,
            coverage: vec![(0.8, 0.5), (0.95, 0.6)],
        }
    }

    fn bt(one: HorizonAccuracy) -> BacktestResult {
        BacktestResult {
            origins: (20..28).collect(),
            season: 4,
            horizons: vec![one.clone()],
            overall: Some(one),
            exog_future: None,
            origin_periods: vec![],
        }
    }

    #[test]
    fn the_best_of_four_one_step_ahead() {
        let b = bt(acc(563.0, 468.0, 900.0, 480.0));
        let s = Skill {
            bt: &b,
            one: &b.horizons[0],
        };
        assert_eq!(s.best(), (Best::Naive, 468.0));
        let t = s.subtitle("quarter");
        assert_eq!(
            t,
            "Backtest from 8 origins: the 95% intervals held 60% of outturns; one quarter ahead the no-change forecast did better (MAE 468 against the model's 563)"
        );
        let b = bt(acc(400.0, 468.0, 900.0, f64::NAN));
        let s = Skill {
            bt: &b,
            one: &b.horizons[0],
        };
        assert_eq!(s.best().0, Best::Model);
        let b = bt(acc(500.0, 468.0, 900.0, 450.0));
        let s = Skill {
            bt: &b,
            one: &b.horizons[0],
        };
        assert_eq!(s.best().0, Best::Combination);
    }

    #[test]
    fn benchmark_paths_follow_their_definitions() {
        let h = Series::new(
            "y",
            Period::quarter(2023, 1).unwrap(),
            vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
        );
        let start = Period::quarter(2024, 3).unwrap();
        let f = Forecast::gaussian(
            (0..5).map(|i| start.offset(i)).collect(),
            vec![10.0; 5],
            vec![1.0; 5],
            &[95.0],
        )
        .unwrap();
        assert_eq!(benchmark_path(Best::Naive, &h, &f).unwrap(), vec![6.0; 5]);
        assert_eq!(
            benchmark_path(Best::Combination, &h, &f).unwrap(),
            vec![8.0; 5]
        );
        // 2024 Q3 takes 2023 Q3 (3.0); 2025 Q3 takes 2024 Q3? not observed:
        // the latest observed same quarter, 2023 Q3.
        assert_eq!(
            benchmark_path(Best::SeasonalNaive, &h, &f).unwrap(),
            vec![3.0, 4.0, 5.0, 6.0, 3.0]
        );
        assert!(benchmark_path(Best::Model, &h, &f).is_none());
    }
}
