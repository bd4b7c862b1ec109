//! The `ols` kind: least squares with classical, robust (HC0-HC3), HAC or
//! clustered covariance, and the diagnostics of statsmodels' summary
//! (Breusch-Godfrey, Breusch-Pagan, RESET, Jarque-Bera, VIF). A regression:
//! it accepts a long panel (periods repeated once per group).

use serde::{Deserialize, Serialize};

use super::report::Deferred;
use super::{Coefficient, Detail, FitStats, Kind, List, ModelData, Report};
use crate::doc::words::{fmt_count, is_dummy, regression_blocks};
use crate::error::{Error, Result};
use crate::models::ols::{CovType, OlsDiagnostics, OlsParams, fit_ols_frame_rows};
use crate::series::Series;

/// Options of `fit ols` and of a workspace `kind = "ols"` table.
///
/// ```
/// use colcrime::kinds::ols::OlsOptions;
/// let o: OlsOptions = toml::from_str("formula = \"y ~ x\"\ncov = \"HAC\"\nmaxlags = 4").unwrap();
/// assert_eq!(o.maxlags, Some(4));
/// ```
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(deny_unknown_fields)]
pub struct OlsOptions {
    /// R-style formula, e.g. "log(robbery) ~ cpi + lag(cpi, 1)".
    #[cfg_attr(feature = "cli", arg(long))]
    pub formula: String,
    /// Covariance of the estimates: nonrobust (default), HC0, HC1, HC2,
    /// HC3, HAC or cluster.
    #[cfg_attr(feature = "cli", arg(long))]
    #[serde(default)]
    pub cov: Option<String>,
    /// Lags of the HAC (Newey-West) covariance; default floor(4 (n/100)^(2/9)).
    #[cfg_attr(feature = "cli", arg(long))]
    #[serde(default)]
    pub maxlags: Option<usize>,
    /// Multiply the HAC covariance by n/(n-k).
    #[cfg_attr(feature = "cli", arg(long))]
    #[serde(default)]
    pub hac_correction: bool,
    /// Cluster column (text or numeric) for cov = cluster; two columns
    /// `COL1,COL2` for two-way clustering (Cameron-Gelbach-Miller).
    #[cfg_attr(feature = "cli", arg(long, value_name = "COL[,COL2]"))]
    #[serde(default)]
    pub groups: Option<List<String>>,
    /// Also report leverages and Cook's distances.
    #[cfg_attr(feature = "cli", arg(long))]
    #[serde(default)]
    pub influence: bool,
    /// Skip the diagnostic tests (Breusch-Godfrey, Breusch-Pagan, RESET,
    /// VIF), which refit auxiliary regressions: the fit alone, as
    /// statsmodels' `fit()` gives it, for large data.
    #[cfg_attr(feature = "cli", arg(long, conflicts_with = "influence"))]
    #[serde(default)]
    pub no_diagnostics: bool,
}

impl OlsOptions {
    /// The checked estimator settings.
    ///
    /// # Errors
    /// An unknown covariance, a cluster covariance without its column, or
    /// more than two cluster columns.
    ///
    /// ```
    /// use colcrime::kinds::ols::OlsOptions;
    /// let o: OlsOptions = toml::from_str("formula = \"y ~ x\"\ncov = \"cluster\"").unwrap();
    /// assert!(o.params().unwrap_err().to_string().contains("groups"));
    /// ```
    pub fn params(&self) -> Result<OlsParams> {
        let cov = CovType::parse(
            self.cov.as_deref().unwrap_or("nonrobust"),
            self.maxlags,
            self.hac_correction,
        )
        .map_err(|e| Error::usage(format!("cov: {e}")))?;
        let mut params = OlsParams::new().cov_type(cov);
        if let Some(g) = &self.groups {
            params = match g.as_slice() {
                [c] if !c.is_empty() => params.groups(c),
                [c1, c2] if !c1.is_empty() && !c2.is_empty() => params.two_way_groups(c1, c2),
                _ => {
                    return Err(Error::usage(format!(
                        "groups: takes one cluster column or two (COL1,COL2), got {:?}",
                        g.as_slice()
                    )));
                }
            };
        }
        if matches!(cov, CovType::Cluster { .. }) && self.groups.is_none() {
            return Err(Error::usage(
                "groups: cov = cluster needs the cluster column: groups = \"COL\" (--groups COL)",
            ));
        }
        if self.influence && self.no_diagnostics {
            return Err(Error::usage(
                "no_diagnostics: cannot be combined with influence",
            ));
        }
        params.validate()?;
        Ok(params)
    }
}

impl Kind for OlsOptions {
    const NAME: &'static str = "ols";
    const TIME_SERIES: bool = false;
    const CHARTS: super::ResultCharts = super::ResultCharts::REGRESSION.named(&["ols"]);

    fn validate(&self) -> Result<()> {
        self.params().map(|_| ())
    }

    fn expressions(&self) -> Vec<String> {
        vec![self.formula.clone()]
    }

    fn fit(&self, data: &ModelData<'_>) -> Result<Report> {
        let params = self.params()?;
        let (d, r) = fit_ols_frame_rows(data.frame, &self.formula, &params, data.rows.clone())?;
        // The table alone does not need the JSON (with a million rows,
        // building the residuals into it costs as much as the fit).
        let mut json = if data.table_only {
            serde_json::json!({})
        } else {
            r.json_with_arrays(!data.defer_arrays)
        };
        let mut table = r.summary();
        if !self.no_diagnostics {
            let diag = OlsDiagnostics::compute(&d.x, &d.y, &r, self.influence)?;
            diag.add_to_json(&mut json);
            table.push_str(&diag.footer(&r.param_names));
        }
        let mut report = Report::new(Self::NAME, json, table)
            .with("formula", self.formula.as_str())
            .with("nobs_dropped", d.dropped);
        let (first, last) = (d.rows.first().copied(), d.rows.last().copied());
        if let (Some(a), Some(b)) = (
            first.and_then(|i| data.period(i)),
            last.and_then(|i| data.period(i)),
        ) {
            report = report.with("sample", serde_json::json!([a.to_string(), b.to_string()]));
            report.sample = Some((a, b));
            // Residuals by period, when each period is one row (a time
            // series rather than a long panel).
            if let (Some(f), Some(l)) = (first, last)
                && l + 1 - f >= d.rows.len()
                && a <= b
            {
                let mut v = vec![f64::NAN; l + 1 - f];
                let mut ok = true;
                for (&row, &e) in d.rows.iter().zip(&r.resid) {
                    ok &= data.period(row) == Some(a.offset((row - f) as i64));
                    v[row - f] = e;
                }
                if ok {
                    report.residuals = Some(Series::new(&r.response, a, v));
                }
            }
        }
        report.formula = Some(self.formula.clone());
        report.response = Some(r.response.clone());
        report.coefficients =
            Coefficient::table(&r.param_names, &r.params, &r.bse, &r.conf_int, &r.pvalues);
        let response = self.formula.split('~').next().unwrap_or("").trim();
        let facts = format!(
            "Formula `{}`, {} observations, covariance `{}`, R² = {:.3}.",
            self.formula,
            fmt_count(r.nobs as f64),
            r.cov_type.name(),
            r.rsquared
        );
        let dummies: Vec<bool> = (0..r.param_names.len())
            .map(|j| is_dummy(&r.param_names[j], &d.x, j))
            .collect();
        let is_ind = |n: &str| {
            r.param_names
                .iter()
                .position(|p| p == n)
                .is_some_and(|j| dummies[j])
        };
        report.sections = regression_blocks(facts, &report.coefficients, response, &is_ind);
        report.fit_stats = FitStats {
            nobs: Some(r.nobs),
            llf: Some(r.llf),
            aic: Some(r.aic),
            rsquared: Some(r.rsquared),
        };
        report.detail = Detail::Ols(Box::new(r));
        if data.defer_arrays && !data.table_only {
            report.deferred = vec![
                ("resid".into(), Deferred::OlsResid),
                ("fittedvalues".into(), Deferred::OlsFitted),
            ];
        }
        Ok(report)
    }
}
