//! The `var` kind: a vector autoregression by least squares, with lag-order
//! selection, impulse responses, FEVD, Granger causality and forecasts
//! ([`crate::models::var`]).

use std::fmt::Write as _;

use ndarray::Array2;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::{Detail, FitStats, Kind, List, ModelData, Report};
use crate::error::{Error, Result};
use crate::json::{matrix, rows};
use crate::models::var::{Trend, select_order};
use crate::series::Frame;

/// Options of `fit var` and of a workspace `kind = "var"` table.
///
/// ```
/// use colcrime::kinds::var::VarOptions;
/// let o: VarOptions = toml::from_str("series = [\"a\", \"b\"]\nselect_maxlags = 2\nirf = 8").unwrap();
/// assert_eq!(o.series.0, vec!["a", "b"]);
/// ```
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(deny_unknown_fields)]
pub struct VarOptions {
    /// The series: two or more expressions separated by commas, in the
    /// order used for the Cholesky ordering of orthogonalised responses
    /// (`variables` in older workspaces).
    #[cfg_attr(feature = "cli", arg(long, value_name = "EXPR,EXPR,..."))]
    #[serde(alias = "variables")]
    pub series: List<String>,
    /// Lag order p (default: the AIC choice of select_maxlags).
    #[cfg_attr(feature = "cli", arg(long, value_name = "P"))]
    #[serde(default)]
    pub lags: Option<usize>,
    /// Deterministic terms: c (constant; default) or n (none).
    #[cfg_attr(feature = "cli", arg(long, value_name = "c|n"))]
    #[serde(default)]
    pub trend: Option<String>,
    /// Compare lag orders up to M by AIC, BIC, HQIC and FPE on a common
    /// sample (statsmodels select_order); default 8 when lags is not given.
    #[cfg_attr(feature = "cli", arg(long, value_name = "M"))]
    #[serde(default)]
    pub select_maxlags: Option<usize>,
    /// Impulse responses (plain and orthogonalised, with asymptotic standard
    /// errors) for H periods (H+1 matrices K x K, [response][shock]), and the
    /// forecast error variance decomposition for 1..H steps (`fevd`, as
    /// statsmodels' `decomp`: [variable][step][shock]).
    #[cfg_attr(feature = "cli", arg(long, value_name = "H"))]
    #[serde(default)]
    pub irf: Option<usize>,
    /// Forecast horizon (default two years of periods; 0 for none).
    #[cfg_attr(feature = "cli", arg(long, value_name = "H"))]
    #[serde(default)]
    pub horizon: Option<usize>,
    /// Prediction interval levels in percent (default 80,95).
    #[cfg_attr(feature = "cli", arg(long, value_name = "L1,L2"))]
    #[serde(default, alias = "levels")]
    pub level: Option<List<f64>>,
}

/// A row's label: its period, or its data row number.
fn row_label(frame: &Frame, row: usize) -> String {
    match frame.index.as_ref().and_then(|ix| ix.get(row)) {
        Some(p) => format!("{p} (line {})", row + 2),
        None => format!("line {}", row + 2),
    }
}

/// The complete block of the series: rows `first..=last` of the training
/// rows, where every series is observed; a gap inside it is an error.
fn complete_block(
    frame: &Frame,
    cols: &[Vec<f64>],
    names: &[String],
    start: usize,
    ntrain: usize,
) -> Result<(usize, usize)> {
    let ok = |t: usize| cols.iter().all(|c| c.get(t).is_some_and(|v| v.is_finite()));
    let first = (start..ntrain).find(|&t| ok(t));
    let last = (start..ntrain).rev().find(|&t| ok(t));
    let (Some(first), Some(last)) = (first, last) else {
        return Err(Error::not_enough_data(
            "VAR: rows where every series is observed",
            1,
            0,
        ));
    };
    for t in first..=last {
        for (c, n) in cols.iter().zip(names) {
            if !c.get(t).is_some_and(|v| v.is_finite()) {
                return Err(Error::usage(format!(
                    "VAR: series {n} is missing at {} inside the sample {} to {}; every series must be observed in every period (shorten the sample with --train-end or fill the gap)",
                    row_label(frame, t),
                    row_label(frame, first),
                    row_label(frame, last),
                )));
            }
        }
    }
    Ok((first, last))
}

impl Kind for VarOptions {
    const NAME: &'static str = "var";
    const TIME_SERIES: bool = true;
    const CHARTS: super::ResultCharts = super::ResultCharts::IRF.named(&["var"]);

    fn validate(&self) -> Result<()> {
        let names = &self.series.0;
        if names.len() < 2 {
            return Err(Error::usage(format!(
                "series: a VAR needs at least 2 series, found {}",
                names.len()
            )));
        }
        if let Some(dup) = names
            .iter()
            .enumerate()
            .find(|(i, n)| names[..*i].contains(n))
        {
            return Err(Error::usage(format!("series: {} is given twice", dup.1)));
        }
        Trend::parse(self.trend.as_deref().unwrap_or("c"))
            .map_err(|e| Error::usage(format!("trend: {e}")))?;
        Ok(())
    }

    fn expressions(&self) -> Vec<String> {
        self.series.0.clone()
    }

    fn fit(&self, data: &ModelData<'_>) -> Result<Report> {
        let frame = data.frame;
        self.validate()?;
        let names = self.series.0.clone();
        let trend = Trend::parse(self.trend.as_deref().unwrap_or("c"))?;
        let levels = self.level.clone().map_or_else(|| vec![80.0, 95.0], |l| l.0);
        let cols: Vec<Vec<f64>> = names.iter().map(|e| data.eval(e)).collect::<Result<_>>()?;
        let (first, last) = complete_block(frame, &cols, &names, data.rows.start, data.rows.end)?;
        let y = Array2::from_shape_fn((last + 1 - first, names.len()), |(t, j)| cols[j][first + t]);
        let select = self
            .select_maxlags
            .or(if self.lags.is_none() { Some(8) } else { None });
        let selection = match select {
            Some(m) => Some(select_order(&y, m, trend)?),
            None => None,
        };
        let lags = match (self.lags, &selection) {
            (Some(p), _) => p,
            (None, Some(sel)) => sel.selected.aic,
            (None, None) => {
                return Err(Error::usage(
                    "give the lag order with --lags P, or --select-maxlags M to choose it by AIC",
                ));
            }
        };
        let fit = crate::models::var::VarParams::new(lags)
            .trend(trend)
            .fit(&y, &names)?;
        let mut json = fit.to_json();
        let mut table = String::new();
        let sample: Vec<String> = [first + lags, last]
            .iter()
            .map(|&r| match frame.index.as_ref().and_then(|ix| ix.get(r)) {
                Some(p) => p.to_string(),
                None => format!("row {}", r + 1),
            })
            .collect();
        let _ = writeln!(
            table,
            "VAR({lags}) of {} on {} to {} ({} observations)\n",
            names.join(", "),
            sample.first().map(String::as_str).unwrap_or(""),
            sample.last().map(String::as_str).unwrap_or(""),
            fit.nobs
        );
        table.push_str(&fit.summary());
        let mut extra = Map::new();
        extra.insert("series".into(), json!(names));
        extra.insert("sample".into(), json!(sample));
        if let Some(sel) = &selection {
            extra.insert("lag_order_selection".into(), sel.to_json());
            let _ = writeln!(
                table,
                "\nLag order selection (common sample from row {}; * = minimum)",
                sel.maxlags + 1
            );
            let _ = writeln!(
                table,
                "{:>4}{:>14}{:>14}{:>14}{:>14}",
                "p", "AIC", "BIC", "HQIC", "FPE"
            );
            for (i, p) in (sel.min_lag..=sel.maxlags).enumerate() {
                let _ = write!(table, "{p:>4}");
                for (vals, chosen) in [
                    (&sel.aic, sel.selected.aic),
                    (&sel.bic, sel.selected.bic),
                    (&sel.hqic, sel.selected.hqic),
                    (&sel.fpe, sel.selected.fpe),
                ] {
                    let v = vals.get(i).copied().unwrap_or(f64::NAN);
                    let mark = if chosen == p { "*" } else { " " };
                    let _ = write!(table, "{:>13.6e}{mark}", v);
                }
                let _ = writeln!(table);
            }
        }
        let causality = fit.causality_pairs()?;
        if !causality.is_empty() {
            let _ = writeln!(table, "\nGranger causality (F tests within the VAR)");
            let _ = writeln!(
                table,
                "{:<24}{:<24}{:>12}{:>12}{:>10}",
                "caused", "causing", "F", "p-value", "df"
            );
            for c in &causality {
                let _ = writeln!(
                    table,
                    "{:<24}{:<24}{:>12.4}{:>12.4}{:>10}",
                    c.caused.join(","),
                    c.causing.join(","),
                    c.statistic,
                    c.pvalue,
                    format!("{},{}", c.df_num, c.df_denom)
                );
            }
        }
        extra.insert(
            "causality".into(),
            Value::Array(causality.iter().map(|c| c.to_json()).collect()),
        );
        let (mut orth_irf, mut orth_irf_stderr) = (Vec::new(), Vec::new());
        if let Some(h) = self.irf {
            let irf = fit.irf(h);
            let orth = fit.orth_irf(h);
            extra.insert("irf".into(), Value::Array(irf.iter().map(matrix).collect()));
            extra.insert(
                "orth_irf".into(),
                Value::Array(orth.iter().map(matrix).collect()),
            );
            let se = fit.irf_stderr(h, false)?;
            let ose = fit.irf_stderr(h, true)?;
            extra.insert(
                "irf_stderr".into(),
                Value::Array(se.iter().map(matrix).collect()),
            );
            extra.insert(
                "orth_irf_stderr".into(),
                Value::Array(ose.iter().map(matrix).collect()),
            );
            orth_irf.clone_from(&orth);
            orth_irf_stderr.clone_from(&ose);
            let fevd = fit.fevd(h);
            extra.insert(
                "fevd".into(),
                Value::Array(fevd.iter().map(|v| rows(v)).collect()),
            );
            let _ = writeln!(
                table,
                "\nOrthogonalised impulse responses (Cholesky, series order as given)"
            );
            for (s, m) in orth.iter().enumerate() {
                let _ = writeln!(table, "h = {s}");
                for (i, n) in names.iter().enumerate() {
                    let r: Vec<String> = m.row(i).iter().map(|v| format!("{v:>12.5}")).collect();
                    let _ = writeln!(
                        table,
                        "  {:<22}{}",
                        n.chars().take(22).collect::<String>(),
                        r.join("")
                    );
                }
            }
        }
        let h = self.horizon.unwrap_or_else(|| data.default_horizon());
        if h > 0 {
            let f = fit.forecast(h, &levels)?;
            let periods = data.future_periods(last, h);
            let fc = f.to_forecasts(periods)?;
            let mut fj = Map::new();
            for (n, one) in names.iter().zip(&fc) {
                fj.insert(n.clone(), one.to_json());
                let _ = writeln!(
                    table,
                    "\nForecast of {n}\n{:<12}{:>14}{:>14}",
                    "period", "mean", "se"
                );
                for ((p, m), s) in one.periods.iter().zip(&one.point).zip(&one.se) {
                    let _ = writeln!(table, "{:<12}{:>14.6}{:>14.6}", p.to_string(), m, s);
                }
            }
            extra.insert("forecast".into(), Value::Object(fj));
        } else {
            extra.insert("forecast".into(), Value::Null);
        }
        if let Value::Object(map) = &mut json {
            map.extend(extra);
        }
        let mut report = Report::new(Self::NAME, json, table);
        report.sections = sections(&fit, &sample, selection.as_ref(), &causality);
        report.fit_stats = FitStats {
            nobs: Some(fit.nobs),
            llf: Some(fit.llf),
            aic: Some(fit.aic),
            rsquared: None,
        };
        report.detail = Detail::Var {
            fit: Box::new(fit),
            orth_irf,
            orth_irf_stderr,
        };
        Ok(report)
    }
}

/// The briefing's part: the order and sample, and the Granger causality
/// tests within the VAR in words.
fn sections(
    fit: &crate::models::var::VarFit,
    sample: &[String],
    selection: Option<&crate::models::var::LagOrderSelection>,
    causality: &[crate::models::var::Causality],
) -> Vec<crate::doc::Block> {
    use crate::doc::Block;
    use crate::doc::words::{fmt_count, fmt_num, pvalue};
    let mut b = Vec::new();
    let mut facts = format!(
        "VAR({}) of {} over {} to {} ({} observations)",
        fit.lags,
        fit.names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", "),
        sample.first().map_or("?", String::as_str),
        sample.last().map_or("?", String::as_str),
        fmt_count(fit.nobs as f64)
    );
    if let Some(sel) = selection {
        facts.push_str(&format!(
            "; the lag order is the AIC choice up to {} (BIC would choose {}, HQIC {})",
            sel.maxlags, sel.selected.bic, sel.selected.hqic,
        ));
    }
    facts.push('.');
    b.push(Block::Para(facts));
    if !causality.is_empty() {
        b.push(Block::Heading(3, "Granger causality within the VAR".into()));
        let join = |v: &[String]| {
            v.iter()
                .map(|x| format!("`{x}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        b.push(Block::Table(
            vec![
                "Does".into(),
                "help predict".into(),
                "F".into(),
                "p-value".into(),
            ],
            causality
                .iter()
                .map(|c| {
                    vec![
                        join(&c.causing),
                        join(&c.caused),
                        fmt_num(c.statistic, 3),
                        pvalue(c.pvalue),
                    ]
                })
                .collect(),
        ));
        let sig: Vec<String> = causality
            .iter()
            .filter(|c| c.pvalue < 0.05)
            .map(|c| format!("{} helps predict {}", join(&c.causing), join(&c.caused)))
            .collect();
        b.push(Block::Para(if sig.is_empty() {
            "No series helps predict another at the 5% level, given the others' own past.".into()
        } else {
            format!(
                "At the 5% level, given the other series' past: {}. Granger causality is predictive precedence, not a causal effect.",
                sig.join("; ")
            )
        }));
    }
    b
}
