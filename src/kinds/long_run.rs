//! The sample of the long-run kinds (`ardl`, `ecm`): the dependent series
//! and its regressors on the model's rows, missing values dropped at the
//! ends only (a gap inside is an error).

use super::ModelData;
use crate::error::{Error, Result};

/// `y` and `x` on the common complete span of the sample.
pub(crate) struct LrSample {
    /// The dependent series.
    pub(crate) y: Vec<f64>,
    /// The regressors.
    pub(crate) x: Vec<Vec<f64>>,
    /// The periods (or row labels) of the rows kept.
    pub(crate) labels: Vec<String>,
}

impl LrSample {
    /// `{"start", "end", "nobs"}`.
    pub(crate) fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "start": self.labels.first(),
            "end": self.labels.last(),
            "nobs": self.y.len()
        })
    }
}

pub(crate) fn lr_sample(
    kind: &str,
    data: &ModelData<'_>,
    y: &str,
    x: &[String],
) -> Result<LrSample> {
    if x.is_empty() {
        return Err(Error::usage(format!(
            "an {kind} model needs at least one regressor (x)"
        )));
    }
    let mut exprs = vec![y.to_string()];
    exprs.extend(x.iter().cloned());
    let cols: Vec<Vec<f64>> = exprs.iter().map(|e| data.eval(e)).collect::<Result<_>>()?;
    let (a, b) = (data.rows.start, data.rows.end);
    let b = cols.iter().map(Vec::len).fold(b, usize::min);
    let ok = |i: usize| cols.iter().all(|c| c.get(i).is_some_and(|v| v.is_finite()));
    let (Some(first), Some(last)) = ((a..b).find(|&i| ok(i)), (a..b).rev().find(|&i| ok(i))) else {
        return Err(Error::not_enough_data(
            format!("{kind} of {} (no complete observations)", exprs.join(", ")),
            1,
            0,
        ));
    };
    for (e, c) in exprs.iter().zip(&cols) {
        if let Some(i) = (first..=last).find(|&i| c.get(i).is_none_or(|v| !v.is_finite())) {
            return Err(Error::domain(format!(
                "{kind}: `{e}` is missing at {} inside the sample {} to {}; \
                 the model needs complete series (missing values are dropped only at the ends)",
                data.label(i),
                data.label(first),
                data.label(last)
            )));
        }
    }
    let mut series: Vec<Vec<f64>> = cols
        .into_iter()
        .map(|c| c.get(first..=last).map(<[f64]>::to_vec).unwrap_or_default())
        .collect();
    let y = series.remove(0);
    Ok(LrSample {
        y,
        x: series,
        labels: (first..=last).map(|i| data.label(i)).collect(),
    })
}
