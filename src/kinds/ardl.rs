//! The `ardl` kind: an autoregressive distributed-lag model with its
//! error-correction form (UECM), the Pesaran-Shin-Smith bounds test and the
//! long-run coefficients (statsmodels' `ARDL`/`UECM` names).

use serde::{Deserialize, Serialize};

use super::long_run::lr_sample;
use super::{Coefficient, Detail, FitStats, Kind, List, ModelData, Report};
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
    #[serde(default)]
    pub y: String,
    /// The regressors, comma separated, e.g. "log(cpi),unemployment".
    #[cfg_attr(feature = "cli", arg(long, value_name = "EXPR[,EXPR]"))]
    #[serde(default)]
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
        let t = self.trend.as_deref().unwrap_or("c");
        ArdlTrend::parse(t)
            .map_err(|_| Error::usage(format!("trend: expected n, c or ct, found \"{t}\"")))
    }

    /// The selection's largest orders `(P, [Q..])`, if orders are chosen.
    fn selection(&self) -> Result<Option<(usize, Vec<usize>)>> {
        let nx = self.x.0.len();
        let Some(sm) = &self.select_maxlags else {
            if self.select_xmaxlags.is_some() {
                return Err(Error::usage(
                    "select_xmaxlags: needs select_maxlags (the largest lag of y) too",
                ));
            }
            return Ok(None);
        };
        let (p, rest) = match sm.0.split_first() {
            Some((p, rest)) => (*p, rest.to_vec()),
            None => return Err(Error::usage("select_maxlags: is empty: give P (and Q)")),
        };
        let q = match (&self.select_xmaxlags, rest.is_empty()) {
            (Some(q), true) => per_regressor(&q.0, nx, "select_xmaxlags")?,
            (Some(_), false) => {
                return Err(Error::usage(
                    "select_xmaxlags: give the largest Q either in select_maxlags = [P, Q] or in select_xmaxlags, not both",
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
    const CHARTS: super::ResultCharts = super::ResultCharts::REGRESSION.named(&["ardl"]);

    fn validate(&self) -> Result<()> {
        if self.y.trim().is_empty() {
            return Err(Error::usage(
                "y: an ardl model needs y = \"EXPR\", the dependent series",
            ));
        }
        if self.x.0.is_empty() || self.x.0.iter().any(|e| e.trim().is_empty()) {
            return Err(Error::usage(
                "x: an ardl model needs at least one regressor, x = [\"EXPR\", ...], none empty",
            ));
        }
        self.trend()?;
        if let Some(c) = self.case
            && !(1..=5).contains(&c)
        {
            return Err(Error::usage(format!("case: expected 1 to 5, found {c}")));
        }
        if let Some(q) = &self.xlags {
            per_regressor(&q.0, self.x.0.len(), "xlags")?;
        }
        if self.selection()?.is_some() && (self.lags.is_some() || self.xlags.is_some()) {
            return Err(Error::usage(
                "select_maxlags: chooses the orders: give it or lags/xlags, not both",
            ));
        }
        let ic = self.ic.as_deref().unwrap_or("bic");
        Ic::parse(ic)
            .map_err(|_| Error::usage(format!("ic: expected aic, bic or hqic, found \"{ic}\"")))?;
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
        let first = s.labels.get(r.hold_back).cloned().unwrap_or_default();
        report.sections = sections(&r, (&first, &end));
        report.fit_stats = FitStats {
            nobs: Some(o.nobs),
            llf: Some(o.llf),
            aic: Some(r.aic),
            rsquared: None,
        };
        report.detail = Detail::Ardl(Box::new(r));
        Ok(report)
    }
}

/// Rows with normal 95% intervals from names, estimates, standard errors
/// and p-values (the long-run coefficients, whose delta-method standard
/// errors are asymptotic).
fn normal_rows(names: &[String], params: &[f64], bse: &[f64], pvalues: &[f64]) -> Vec<Coefficient> {
    let q = 1.959_963_984_540_054;
    let ci: Vec<[f64; 2]> = params
        .iter()
        .zip(bse)
        .map(|(b, s)| [b - q * s, b + q * s])
        .collect();
    Coefficient::table(names, params, bse, &ci, pvalues)
}

/// The briefing's part: order and sample, the bounds test with its
/// I(0)/I(1) critical values and verdict, the long-run coefficients in
/// words and the ARDL coefficients.
fn sections(r: &crate::models::ardl::ArdlResult, sample: (&str, &str)) -> Vec<crate::doc::Block> {
    use crate::doc::Block;
    use crate::doc::words::{coef_table, fmt_count, fmt_num, p_phrase};
    let mut b = Vec::new();
    let y = r.y_name.as_str();
    let order: Vec<String> = std::iter::once(r.lags)
        .chain(r.xlags.iter().flatten().copied())
        .map(|v| v.to_string())
        .collect();
    let xs: Vec<String> = r.x_names.iter().map(|x| format!("`{x}`")).collect();
    let mut facts = format!(
        "ARDL({}) of `{y}` on {}, trend `{}`, {} to {} ({} observations after the lags)",
        order.join(", "),
        xs.join(", "),
        r.trend.name(),
        sample.0,
        sample.1,
        fmt_count(r.ols.nobs as f64)
    );
    if let Some(sel) = &r.order_selection {
        facts.push_str(&format!(
            "; the orders are the {} choice up to {} lags of `{y}` and {} of each regressor",
            sel.ic.name().to_uppercase(),
            sel.maxlag,
            sel.maxorder
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("/")
        ));
    }
    facts.push('.');
    b.push(Block::Para(facts));
    match &r.bounds_test {
        None => b.push(Block::Para(format!(
            "No bounds test: {}",
            if r.notes.is_empty() {
                "the model has no error-correction form.".to_string()
            } else {
                r.notes.join(" ")
            }
        ))),
        Some(bt) => {
            let stat = bt.stat;
            b.push(Block::Heading(
                3,
                "Is there a long-run relation? (bounds test)".into(),
            ));
            let rows = (0..4)
                .map(|i| {
                    let (pct, l, h) = (bt.percentiles[i], bt.crit_lower[i], bt.crit_upper[i]);
                    // 10%, 5%, 1%, 0.1%.
                    let size = ((100.0 - pct) * 10.0).round() / 10.0;
                    let verdict = if stat > h {
                        "rejects no long-run relation"
                    } else if stat < l {
                        "does not reject no long-run relation"
                    } else {
                        "inconclusive"
                    };
                    vec![
                        format!("{size}%"),
                        fmt_num(l, 3),
                        fmt_num(h, 3),
                        fmt_num(stat, 3),
                        verdict.to_string(),
                    ]
                })
                .collect();
            b.push(Block::Table(
                vec![
                    "Level".into(),
                    "I(0) bound".into(),
                    "I(1) bound".into(),
                    "F".into(),
                    "At this level the test".into(),
                ],
                rows,
            ));
            let at95 = |v: &[f64; 4]| {
                bt.percentiles
                    .iter()
                    .position(|p| (*p - 95.0).abs() < 1e-9)
                    .map_or(f64::NAN, |i| v[i])
            };
            let (l5, h5) = (at95(&bt.crit_lower), at95(&bt.crit_upper));
            let verdict = if stat > h5 {
                format!(
                    "The F statistic, {}, is above the 5% upper bound ({}): whether the series are stationary or not, the data reject the null of no long-run (levels) relation between `{y}` and the regressors ({} under all-I(1) regressors).",
                    fmt_num(stat, 3),
                    fmt_num(h5, 3),
                    p_phrase(bt.p_upper)
                )
            } else if stat < l5 {
                format!(
                    "The F statistic, {}, is below the 5% lower bound ({}): the data do not reject the null of no long-run (levels) relation between `{y}` and the regressors ({} even under all-I(0) regressors), so the long-run coefficients below should not be read as an equilibrium.",
                    fmt_num(stat, 3),
                    fmt_num(l5, 3),
                    p_phrase(bt.p_lower)
                )
            } else {
                format!(
                    "The F statistic, {}, lies between the 5% bounds ({} and {}): the test is inconclusive; the answer depends on whether the regressors are stationary (see the unit-root tests).",
                    fmt_num(stat, 3),
                    fmt_num(l5, 3),
                    fmt_num(h5, 3)
                )
            };
            b.push(Block::Para(format!(
                "{verdict} Pesaran, Shin and Smith (2001) case {}, k = {} regressors; critical values from their asymptotic tables (I(0): all regressors stationary; I(1): all integrated).",
                bt.case, bt.k
            )));
        }
    }
    let lr = &r.long_run;
    if !lr.param_names.is_empty() {
        b.push(Block::Heading(3, "Long-run coefficients".into()));
        let lr_rows = normal_rows(&lr.param_names, &lr.params, &lr.bse, &lr.pvalues);
        b.push(coef_table(&lr_rows));
        let unlog = |v: &str| {
            v.strip_prefix("log(")
                .and_then(|v| v.strip_suffix(')'))
                .map(String::from)
        };
        let readings: Vec<String> = lr_rows
            .iter()
            .filter(|r| !matches!(r.name.as_str(), "const" | "trend"))
            .map(|r| {
                let elastic = unlog(y).is_some() && unlog(&r.name).is_some();
                let what = if elastic {
                    format!(
                        "a 1% higher `{}` goes with `{}` {}% {} in the long run",
                        unlog(&r.name).unwrap_or_default(),
                        y.trim_start_matches("log(").trim_end_matches(')'),
                        fmt_num(r.estimate.abs(), 3),
                        if r.estimate >= 0.0 { "higher" } else { "lower" }
                    )
                } else {
                    format!(
                        "a unit higher `{}` goes with `{y}` {} {} in the long run",
                        r.name,
                        fmt_num(r.estimate.abs(), 3),
                        if r.estimate >= 0.0 { "higher" } else { "lower" }
                    )
                };
                format!(
                    "{}{} (95% interval {} to {}; {}).",
                    what.get(0..1).map(str::to_uppercase).unwrap_or_default(),
                    what.get(1..).unwrap_or(""),
                    fmt_num(r.ci.0, 3),
                    fmt_num(r.ci.1, 3),
                    p_phrase(r.pvalue)
                )
            })
            .collect();
        if !readings.is_empty() {
            b.push(Block::List(readings));
        }
    }
    b.push(Block::Heading(3, "ARDL coefficients".into()));
    let o = &r.ols;
    b.push(coef_table(&Coefficient::table(
        &o.param_names,
        &o.params,
        &o.bse,
        &o.conf_int,
        &o.pvalues,
    )));
    b
}
