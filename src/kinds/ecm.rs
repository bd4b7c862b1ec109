//! The `ecm` kind: the Engle-Granger two-step error-correction model (the
//! Home Office studies' form, Field 1990): a long-run levels regression,
//! then short-run differences with last period's gap from it.

use serde::{Deserialize, Serialize};

use super::long_run::lr_sample;
use super::{Coefficient, Detail, Kind, List, ModelData, Report};
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
    pub y: String,
    /// Long-run regressors, comma separated, e.g. "log(cpi),unemployment".
    #[cfg_attr(feature = "cli", arg(long, value_name = "EXPR[,EXPR]"))]
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
        )?;
        Ok(EcmParams::new().lags(self.lags.unwrap_or(0)).cov_type(cov))
    }
}

impl Kind for EcmOptions {
    const NAME: &'static str = "ecm";
    const TIME_SERIES: bool = true;

    fn validate(&self) -> Result<()> {
        if self.y.trim().is_empty() {
            return Err(Error::usage("ecm: y (the dependent series) is empty"));
        }
        if self.x.0.is_empty() || self.x.0.iter().any(|e| e.trim().is_empty()) {
            return Err(Error::usage(
                "ecm: x needs one or more regressor expressions, none empty",
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
        report.detail = Detail::Ecm(Box::new(r));
        Ok(report)
    }
}
