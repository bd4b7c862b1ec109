//! The `ecm` kind: the Engle-Granger two-step error-correction model (the
//! Home Office studies' form, Field 1990): a long-run levels regression,
//! then short-run differences with last period's gap from it.

use serde::{Deserialize, Serialize};

use super::long_run::lr_sample;
use super::{Coefficient, Detail, FitStats, Kind, List, ModelData, Report};
use crate::error::{Error, Result};
use crate::models::ecm::{EcmParams, fit_ecm};
use crate::models::ols::CovType;

/// Options of `fit ecm` and of a workspace `kind = "ecm"` table.
///
/// ```
/// use colcrime::kinds::ecm::EcmOptions;
/// let o: EcmOptions = toml::from_str("y = \"log(theft)\"\nx = [\"log(pay)\"]\nlags = 4\ncov = \"HAC\"").unwrap();
/// assert_eq!(o.x.0, vec!["log(pay)"]);
/// ```
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(deny_unknown_fields)]
pub struct EcmOptions {
    /// The dependent series, e.g. "log(robbery)".
    #[cfg_attr(feature = "cli", arg(long))]
    #[serde(default)]
    pub y: String,
    /// Long-run regressors, comma separated, e.g. "log(cpi),unemployment".
    #[cfg_attr(feature = "cli", arg(long, value_name = "EXPR[,EXPR]"))]
    #[serde(default)]
    pub x: List<String>,
    /// Lags P of the differences in the short-run regression (default 0).
    #[cfg_attr(feature = "cli", arg(long))]
    #[serde(default)]
    pub lags: Option<usize>,
    /// Covariance of the short-run regression: nonrobust (default),
    /// HC0-HC3 or HAC.
    #[cfg_attr(feature = "cli", arg(long))]
    #[serde(default)]
    pub cov: Option<String>,
    /// Lags of the HAC covariance; default floor(4 (n/100)^(2/9)).
    #[cfg_attr(feature = "cli", arg(long))]
    #[serde(default)]
    pub maxlags: Option<usize>,
    /// Multiply the HAC covariance by n/(n-k).
    #[cfg_attr(feature = "cli", arg(long))]
    #[serde(default)]
    pub hac_correction: bool,
}

impl EcmOptions {
    fn params(&self) -> Result<EcmParams> {
        let cov = CovType::parse(
            self.cov.as_deref().unwrap_or("nonrobust"),
            self.maxlags,
            self.hac_correction,
        )
        .map_err(|e| Error::usage(format!("cov: {e}")))?;
        Ok(EcmParams::new().lags(self.lags.unwrap_or(0)).cov_type(cov))
    }
}

impl Kind for EcmOptions {
    const NAME: &'static str = "ecm";
    const TIME_SERIES: bool = true;
    const CHARTS: super::ResultCharts = super::ResultCharts::REGRESSION.named(&["ecm"]);

    fn validate(&self) -> Result<()> {
        if self.y.trim().is_empty() {
            return Err(Error::usage(
                "y: an ecm model needs y = \"EXPR\", the dependent series",
            ));
        }
        if self.x.0.is_empty() || self.x.0.iter().any(|e| e.trim().is_empty()) {
            return Err(Error::usage(
                "x: an ecm model needs at least one regressor, x = [\"EXPR\", ...], none empty",
            ));
        }
        self.params().map(|_| ())
    }

    fn expressions(&self) -> Vec<String> {
        let mut v = vec![self.y.clone()];
        v.extend(self.x.0.iter().cloned());
        v
    }

    fn fit(&self, data: &ModelData<'_>) -> Result<Report> {
        let params = self.params()?;
        let s = lr_sample(Self::NAME, data, &self.y, &self.x.0)?;
        let r = fit_ecm(&s.y, &s.x, &self.y, &self.x.0, &params)
            .map_err(|e| e.context(format!("ecm of `{}`", self.y)))?;
        let sr = &r.short_run;
        let mut report = Report::new(Self::NAME, r.to_json(), r.summary())
            .with("y", self.y.as_str())
            .with("x", serde_json::json!(self.x.0))
            .with("sample", s.json());
        // The short-run regression's table at the top level (the
        // adjustment coefficient among them), which the change report
        // compares.
        let short = sr.to_json();
        for k in [
            "param_names",
            "params",
            "bse",
            "tvalues",
            "pvalues",
            "conf_int",
            "nobs",
            "cov_type",
        ] {
            if let Some(v) = short.get(k) {
                report.json.insert(k.into(), v.clone());
            }
        }
        report.coefficients = Coefficient::table(
            &sr.param_names,
            &sr.params,
            &sr.bse,
            &sr.conf_int,
            &sr.pvalues,
        );
        // As at the top of the JSON: the short-run regression's count.
        report.fit_stats = FitStats {
            nobs: Some(sr.nobs),
            ..FitStats::default()
        };
        report.sections = sections(&r, &self.y, &s);
        report.response = Some(self.y.clone());
        report.detail = Detail::Ecm(Box::new(r));
        Ok(report)
    }
}

/// The briefing's part: the sample, the adjustment coefficient in words
/// with the Engle-Granger test, and the long- and short-run tables.
fn sections(
    r: &crate::models::ecm::EcmResult,
    y: &str,
    s: &super::long_run::LrSample,
) -> Vec<crate::doc::Block> {
    use crate::doc::Block;
    use crate::doc::words::{coef_table, fmt_count, fmt_num, p_phrase};
    let table = |o: &crate::models::ols::OlsResult| {
        coef_table(&Coefficient::table(
            &o.param_names,
            &o.params,
            &o.bse,
            &o.conf_int,
            &o.pvalues,
        ))
    };
    let mut b = vec![Block::Para(format!(
        "Engle–Granger two-step error-correction model of `{y}`, {} to {} ({} observations; {} lags of the differences in the short run; short-run covariance `{}`).",
        s.labels.first().map_or("?", String::as_str),
        s.labels.last().map_or("?", String::as_str),
        fmt_count(s.y.len() as f64),
        r.lags,
        r.short_run.cov_type.name()
    ))];
    let a = r.adjustment;
    let a_se = r.short_run.bse.get(1).copied().unwrap_or(f64::NAN);
    let a_p = r.short_run.pvalues.get(1).copied().unwrap_or(f64::NAN);
    b.push(Block::Heading(3, "Adjustment to the long run".into()));
    let mut adj = if a < 0.0 && a > -1.0 {
        format!(
            "The adjustment coefficient is {} (s.e. {}, {}): each period about {}% of a gap between `{y}` and its long-run relation closes",
            fmt_num(a, 3),
            fmt_num(a_se, 3),
            p_phrase(a_p),
            fmt_num(-100.0 * a, 2)
        )
    } else {
        format!(
            "The adjustment coefficient is {} (s.e. {}, {}): not between -1 and 0, so the model shows no stable return to the long-run relation",
            fmt_num(a, 3),
            fmt_num(a_se, 3),
            p_phrase(a_p)
        )
    };
    if a < 0.0 && a > -1.0 {
        // Periods for half of a disequilibrium to decay: ln(0.5)/ln(1+α).
        let h = 0.5f64.ln() / (1.0 + a).ln();
        if h.is_finite() {
            adj.push_str(&format!(
                "; half of a gap is gone after {} periods",
                fmt_num(h, 2)
            ));
        }
    }
    adj.push('.');
    if let Some(c) = &r.coint {
        adj.push_str(&format!(
            " The Engle–Granger test of the long-run regression's residuals gives {} ({}, 5% critical value {}): {}.",
            fmt_num(c.statistic, 3),
            p_phrase(c.pvalue),
            fmt_num(c.critical_values.five, 3),
            if c.pvalue < 0.05 {
                "the series are cointegrated at the 5% level"
            } else {
                "cointegration is not established at the 5% level, so the long-run relation and the adjustment should be read with caution"
            }
        ));
    }
    b.push(Block::Para(adj));
    b.push(Block::Heading(
        3,
        "Long run (cointegrating regression)".into(),
    ));
    b.push(table(&r.long_run));
    b.push(Block::Para(
        "The long-run regression's standard errors are not valid for inference when the series are integrated (the estimates are super-consistent but their distribution is not normal); they are shown for reference.".into(),
    ));
    b.push(Block::Heading(3, "Short run".into()));
    b.push(table(&r.short_run));
    b
}
