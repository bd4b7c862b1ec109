//! The briefing's account of a forecasting model's backtest: how far off
//! its forecasts were, against the naive benchmarks, and how often the
//! outturn fell inside its intervals.

use crate::doc::Block;
use crate::doc::words::{fmt_num, share};
use crate::models::backtest::BacktestResult;

/// "How well has it forecast before?": the one-step scores in words and a
/// table by horizon; `exog_future` says what the regressors did over each
/// horizon (`realised` or `arima`).
pub(crate) fn sections(bt: &BacktestResult, exog_future: Option<&str>) -> Vec<Block> {
    let mut b = Vec::new();
    let Some(first) = bt.horizons.first() else {
        return b;
    };
    b.push(Block::Heading(3, "How well has it forecast before?".into()));
    b.push(Block::Para(format!(
        "Re-fitted at each of the last {} periods and scored against what followed, the model's one-step-ahead forecasts were off by {}% on average (MAE {}, against {} for the seasonal-naive forecast and {} for the naive one; MASE {}). {} of outturns fell inside the 80% interval and {} inside the 95% interval.",
        bt.origins.len(),
        fmt_num(first.mape, 2),
        fmt_num(first.mae, 3),
        fmt_num(first.snaive_mae, 3),
        fmt_num(first.naive_mae, 3),
        fmt_num(first.mase, 2),
        share(first.coverage_80),
        share(first.coverage_95),
    )));
    match exog_future {
        Some("realised") => b.push(Block::Para(
            "The regressors took their realised values over each horizon, so these are forecasts conditional on the drivers: they leave out the uncertainty of forecasting the drivers themselves.".into(),
        )),
        Some("arima") => b.push(Block::Para(
            "The regressors followed their own ARIMA forecasts made at each origin, with their uncertainty in the intervals: the forecasts the model could have made at the time.".into(),
        )),
        _ => {}
    }
    b.push(Block::Table(
        vec![
            "Steps ahead".into(),
            "Forecasts".into(),
            "MAE".into(),
            "MAPE %".into(),
            "MASE".into(),
            "Seasonal-naive MAE".into(),
            "In 80%".into(),
            "In 95%".into(),
        ],
        bt.horizons
            .iter()
            .map(|r| {
                vec![
                    r.h.to_string(),
                    r.n.to_string(),
                    fmt_num(r.mae, 3),
                    fmt_num(r.mape, 2),
                    fmt_num(r.mase, 2),
                    fmt_num(r.snaive_mae, 3),
                    share(r.coverage_80),
                    share(r.coverage_95),
                ]
            })
            .collect(),
    ));
    b
}
