//! The `ardl` kind: an autoregressive distributed-lag model with its
//! error-correction form (UECM), the Pesaran-Shin-Smith bounds test and the
//! long-run coefficients (statsmodels' `ARDL`/`UECM` names).

use serde::{Deserialize, Serialize};

use super::long_run::lr_sample;
use super::{Coefficient, Detail, Kind, List, ModelData, Report};
use crate::error::{Error, Result};
use crate::models::ardl::{ArdlData, ArdlParams, ArdlTrend, Ic, select_order};

/// Options of `fit ardl` and of a workspace `kind = "ardl"` table.
///
/// ```
/// use colcrime::kinds::ardl::ArdlOptions;
/// let o: ArdlOptions = toml::from_str("y = \"log(theft)\"\nx = [\"log(pay)\", \"log(cpi)\"]\nlags = 4\nxlags = [1]").unwrap();
/// assert_eq!(o.lags, Some(4));
/// ```
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(deny_unknown_fields)]
pub struct ArdlOptions {
    /// The dependent series, e.g. "log(theft)".
    #[cfg_attr(feature = "cli", arg(long, value_name = "EXPR"))]
    pub y: String,
    /// The regressors, comma separated, e.g. "log(cpi),unemployment".
    #[cfg_attr(feature = "cli", arg(long, value_name = "EXPR[,EXPR]"))]
    pub x: List<String>,
    /// Lags P of the dependent series (default 1).
    #[cfg_attr(feature = "cli", arg(long, value_name = "P"))]
    #[serde(default)]
    pub lags: Option<usize>,
    /// Orders Q of the regressors (lags 0..=Q): one for all, or one per
    /// regressor (default 1).
    #[cfg_attr(feature = "cli", arg(long, value_name = "Q[,Q]"))]
    #[serde(default)]
    pub xlags: Option<List<usize>>,
    /// Deterministic terms: n (none), c (constant; default) or ct
    /// (constant and trend).
    #[cfg_attr(feature = "cli", arg(long, value_name = "n|c|ct"))]
    #[serde(default)]
    pub trend: Option<String>,
    /// PSS case of the bounds test (default from the trend: n -> 1, c -> 3,
    /// ct -> 5; 2 and 4 restrict the constant or trend).
    #[cfg_attr(feature = "cli", arg(long, value_name = "1-5"))]
    #[serde(default)]
    pub case: Option<u8>,
    /// Choose the orders instead: the largest P, then the largest Q (one
    /// for all or one per regressor; default P).
    #[cfg_attr(feature = "cli", arg(long, value_name = "P[,Q[,Q]]"))]
    #[serde(default)]
    pub select_maxlags: Option<List<usize>>,
    /// The largest Q of the order selection (one for all or one per
    /// regressor), when not given in select_maxlags.
    #[cfg_attr(feature = "cli", arg(long, value_name = "Q[,Q]"))]
    #[serde(default)]
    pub select_xmaxlags: Option<List<usize>>,
    /// Criterion of the order selection: aic, bic (default) or hqic.
    #[cfg_attr(feature = "cli", arg(long, value_name = "aic|bic|hqic"))]
    #[serde(default)]
    pub ic: Option<String>,
}

/// `[Q]` or one order per regressor.
fn per_regressor(v: &[usize], nx: usize, field: &str) -> Result<Vec<usize>> {
    match v {
        [q] => Ok(vec![*q; nx]),
        _ if v.len() == nx => Ok(v.to_vec()),
        _ => Err(Error::usage(format!(
            "{field}: {} orders for {nx} regressors; give one for all or one per regressor",
            v.len()
        ))),
    }
}

impl ArdlOptions {
    fn trend(&self) -> Result<ArdlTrend> {
        ArdlTrend::parse(self.trend.as_deref().unwrap_or("c"))
    }

    /// The selection's largest orders `(P, [Q..])`, if orders are chosen.
    fn selection(&self) -> Result<Option<(usize, Vec<usize>)>> {
        let nx = self.x.0.len();
        let Some(sm) = &self.select_maxlags else {
            if self.select_xmaxlags.is_some() {
                return Err(Error::usage(
                    "select_xmaxlags needs select_maxlags (the largest lag of y) too",
                ));
            }
            return Ok(None);
        };
        let (p, rest) = match sm.0.split_first() {
            Some((p, rest)) => (*p, rest.to_vec()),
            None => return Err(Error::usage("select_maxlags is empty: give P (and Q)")),
        };
        let q = match (&self.select_xmaxlags, rest.is_empty()) {
            (Some(q), true) => per_regressor(&q.0, nx, "select_xmaxlags")?,
            (Some(_), false) => {
                return Err(Error::usage(
                    "give the largest Q either in select_maxlags = [P, Q] or in select_xmaxlags, not both",
                ));
            }
            (None, false) => per_regressor(&rest, nx, "select_maxlags")?,
            (None, true) => vec![p; nx],
        };
        Ok(Some((p, q)))
    }
}

impl Kind for ArdlOptions {
    const NAME: &'static str = "ardl";
    const TIME_SERIES: bool = true;

    fn validate(&self) -> Result<()> {
        if self.y.trim().is_empty() {
            return Err(Error::usage("ardl: y (the dependent series) is empty"));
        }
        if self.x.0.is_empty() || self.x.0.iter().any(|e| e.trim().is_empty()) {
            return Err(Error::usage(
                "ardl: x needs one or more regressor expressions, none empty",
            ));
        }
        self.trend()?;
        if let Some(c) = self.case {
            if !(1..=5).contains(&c) {
                return Err(Error::usage(format!("case: expected 1 to 5, found {c}")));
            }
        }
        if let Some(q) = &self.xlags {
            per_regressor(&q.0, self.x.0.len(), "xlags")?;
        }
        if self.selection()?.is_some() && (self.lags.is_some() || self.xlags.is_some()) {
            return Err(Error::usage(
                "select_maxlags chooses the orders: give it or lags/xlags, not both",
            ));
        }
        Ic::parse(self.ic.as_deref().unwrap_or("bic"))?;
        Ok(())
    }

    fn expressions(&self) -> Vec<String> {
        let mut v = vec![self.y.clone()];
        v.extend(self.x.0.iter().cloned());
        v
    }

    fn fit(&self, data: &ModelData<'_>) -> Result<Report> {
        let xs = &self.x.0;
        let s = lr_sample(Self::NAME, data, &self.y, xs)?;
        let trend = self.trend()?;
        let d = ArdlData::new(s.y.clone(), s.x.clone(), &self.y, xs)?;
        let (mut params, selection) = match self.selection()? {
            Some((p, q)) => {
                let ic = Ic::parse(self.ic.as_deref().unwrap_or("bic"))?;
                let sel = select_order(&d, p, &q, trend, ic)
                    .map_err(|e| e.context("ardl order selection"))?;
                let params = ArdlParams::new(sel.lags, &[])
                    .xlags_opt(sel.xlags.clone())
                    .trend(trend);
                (params, Some(sel))
            }
            None => {
                let q = per_regressor(
                    self.xlags.as_ref().map_or(&[1][..], |q| q.as_slice()),
                    xs.len(),
                    "xlags",
                )?;
                (
                    ArdlParams::new(self.lags.unwrap_or(1), &q).trend(trend),
                    None,
                )
            }
        };
        if let Some(c) = self.case {
            params = params.case(c);
        }
        let mut r = params
            .fit(&d)
            .map_err(|e| e.context(format!("ardl of `{}`", self.y)))?;
        r.order_selection = selection;
        let (start, end) = (
            s.labels.first().cloned().unwrap_or_default(),
            s.labels.last().cloned().unwrap_or_default(),
        );
        let table = format!(
            "y: {}    x: {}    Sample: {start} to {end}\n{}",
            self.y,
            xs.join(", "),
            r.summary()
        );
        let mut report = Report::new(Self::NAME, r.to_json(), table).with("sample", s.json());
        // The first fitted observation is the one after the held-back lags.
        if let Some(first) = s.labels.get(r.hold_back) {
            report = report.with(
                "estimation_sample",
                serde_json::json!({"start": first, "end": end, "nobs": r.ols.nobs}),
            );
        }
        let o = &r.ols;
        report.coefficients =
            Coefficient::table(&o.param_names, &o.params, &o.bse, &o.conf_int, &o.pvalues);
        report.detail = Detail::Ardl(Box::new(r));
        Ok(report)
    }
}
