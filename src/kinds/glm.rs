//! The `glm` kind: Poisson, quasi-Poisson and negative binomial (NB2)
//! regressions of counts, with an exposure offset and, optionally,
//! cluster-robust standard errors (statsmodels' `cov_type="cluster"`). A
//! regression: it accepts a long panel, e.g. boroughs by quarter with
//! `C(borough)` fixed effects.

use serde::{Deserialize, Serialize};

use super::{Coefficient, Detail, FitStats, Kind, List, ModelData, Report};
use crate::doc::words::{fmt_count, fmt_num, is_dummy, regression_blocks};
use crate::error::{Error, Result};
use crate::formula::Formula;
use crate::models::glm::{Family, GlmParams, GlmResult};
use crate::models::ols::{cluster_codes, cluster_robust_cov};

/// Options of `fit glm` and of a workspace `kind = "glm"` table.
///
/// ```
/// use colcrime::kinds::glm::GlmOptions;
/// let o: GlmOptions = toml::from_str("formula = \"y ~ x + offset(log(pop))\"\nfamily = \"negbin\"").unwrap();
/// assert_eq!(o.family.as_deref(), Some("negbin"));
/// ```
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(deny_unknown_fields)]
pub struct GlmOptions {
    /// R-style formula, e.g. "robbery ~ cpi + offset(log(pop))".
    #[cfg_attr(feature = "cli", arg(long))]
    pub formula: String,
    /// poisson (default), quasipoisson or negbin (NB2, alpha by maximum
    /// likelihood).
    #[cfg_attr(feature = "cli", arg(long))]
    #[serde(default)]
    pub family: Option<String>,
    /// A column whose log is the offset (same as `+ offset(log(COL))`).
    #[cfg_attr(feature = "cli", arg(long, value_name = "COL"))]
    #[serde(default)]
    pub exposure: Option<String>,
    /// Iteration limit (default 100).
    #[cfg_attr(feature = "cli", arg(long))]
    #[serde(default)]
    pub max_iter: Option<usize>,
    /// Cluster column(s) for cluster-robust standard errors (one, or two
    /// `COL1,COL2`), as statsmodels' `fit(cov_type="cluster")` with its
    /// small-sample correction; NB2's alpha is held at its estimate.
    #[cfg_attr(feature = "cli", arg(long, value_name = "COL[,COL2]"))]
    #[serde(default)]
    pub groups: Option<List<String>>,
}

impl GlmOptions {
    fn family(&self) -> Result<Family> {
        self.family
            .as_deref()
            .unwrap_or("poisson")
            .parse()
            .map_err(|e| Error::usage(format!("family: {e}")))
    }

    fn params(&self) -> Result<GlmParams> {
        let p = GlmParams::new(self.family()?).max_iter(self.max_iter.unwrap_or(100));
        p.validate()?;
        Ok(p)
    }

    /// The formula with the exposure's offset added.
    fn formula_text(&self) -> Result<String> {
        let Some(col) = &self.exposure else {
            return Ok(self.formula.clone());
        };
        if Formula::parse(&self.formula)?.offset.is_some() {
            return Err(Error::usage(
                "give either exposure (--exposure) or offset(...) in the formula, not both",
            ));
        }
        let quoted = if col
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
        {
            col.clone()
        } else {
            format!("`{col}`")
        };
        Ok(format!("{} + offset(log({quoted}))", self.formula))
    }
}

/// Replaces the model-based covariance of `r` by the cluster-robust one
/// (normal inference, as statsmodels).
fn cluster(
    r: &mut GlmResult,
    x: &ndarray::Array2<f64>,
    y: &[f64],
    codes: &[Vec<usize>],
) -> Result<()> {
    use statrs::distribution::{ContinuousCDF, Normal};
    let (h, s): (Vec<f64>, Vec<f64>) = match (r.family, r.alpha) {
        (Family::Poisson, _) => (
            r.mu.clone(),
            y.iter().zip(&r.mu).map(|(y, m)| y - m).collect(),
        ),
        (Family::NegBin, Some(a)) => y
            .iter()
            .zip(&r.mu)
            .map(|(y, m)| {
                (
                    m * (1.0 + a * y) / (1.0 + a * m).powi(2),
                    (y - m) / (1.0 + a * m),
                )
            })
            .unzip(),
        _ => {
            return Err(Error::usage(
                "cluster-robust standard errors (groups) are available for the poisson and negbin families",
            ));
        }
    };
    let refs: Vec<&[usize]> = codes.iter().map(Vec::as_slice).collect();
    let cov = cluster_robust_cov(x, &h, &s, &refs, true)?;
    let z = Normal::standard();
    let q = 1.959_963_984_540_054;
    r.bse = (0..r.params.len()).map(|j| cov[[j, j]].sqrt()).collect();
    r.tvalues = r.params.iter().zip(&r.bse).map(|(b, s)| b / s).collect();
    r.pvalues = r.tvalues.iter().map(|t| 2.0 * z.sf(t.abs())).collect();
    r.conf_int = r
        .params
        .iter()
        .zip(&r.bse)
        .map(|(b, s)| [b - q * s, b + q * s])
        .collect();
    r.cov_params = cov;
    Ok(())
}

impl Kind for GlmOptions {
    const NAME: &'static str = "glm";
    const TIME_SERIES: bool = false;
    const CHARTS: super::ResultCharts = super::ResultCharts::REGRESSION.named(&["glm"]);

    fn validate(&self) -> Result<()> {
        self.params()?;
        if let Some(g) = &self.groups
            && (g.0.is_empty() || g.0.len() > 2)
        {
            return Err(Error::usage(
                "groups: takes one cluster column or two (COL1,COL2)",
            ));
        }
        Ok(())
    }

    fn expressions(&self) -> Vec<String> {
        let mut v = vec![self.formula.clone()];
        v.extend(self.exposure.iter().cloned());
        v
    }

    fn fit(&self, data: &ModelData<'_>) -> Result<Report> {
        let params = self.params()?;
        let d = Formula::parse(&self.formula_text()?)?.design(data.frame, data.rows.clone())?;
        let mut r = params.fit(&d)?;
        let mut groups = Vec::new();
        if let Some(g) = &self.groups {
            let codes =
                g.0.iter()
                    .map(|c| cluster_codes(data.frame, c, &d.rows))
                    .collect::<Result<Vec<_>>>()?;
            cluster(&mut r, &d.x, &d.y, &codes)?;
            groups = codes
                .iter()
                .map(|c| c.iter().max().map_or(0, |m| m + 1))
                .collect();
        }
        let mut table = r.summary();
        let mut report = Report::new(Self::NAME, r.to_json(), String::new());
        if let Some(g) = &self.groups {
            table.push_str(&format!(
                "Standard errors clustered by {} ({} clusters), normal inference.\n",
                g.0.join(" and "),
                groups
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(" and ")
            ));
            report = report
                .with("cov_type", "cluster")
                .with("n_groups", serde_json::json!(groups));
        }
        report.table = table;
        report = report.with("formula", self.formula.as_str());
        if let (Some(a), Some(b)) = (
            d.rows.first().and_then(|&i| data.period(i)),
            d.rows.last().and_then(|&i| data.period(i)),
        ) {
            report = report.with("sample", serde_json::json!([a.to_string(), b.to_string()]));
            report.sample = Some((a, b));
        }
        report.formula = Some(self.formula.clone());
        report.response = Some(r.response.clone());
        report.coefficients =
            Coefficient::table(&r.param_names, &r.params, &r.bse, &r.conf_int, &r.pvalues);
        // A log link: coefficients read as percentage changes in the
        // expected count (rate ratios), as for a logged response.
        let response = format!(
            "log({})",
            self.formula.split('~').next().unwrap_or("").trim()
        );
        let mut facts = format!(
            "Formula `{}`, {} observations, covariance `{}`, family `{}` with a log link",
            self.formula,
            fmt_count(r.nobs as f64),
            if self.groups.is_some() {
                "cluster"
            } else {
                "nonrobust"
            },
            r.family.name()
        );
        if let Some(a) = r.alpha {
            facts.push_str(&format!(
                " (NB2 dispersion α = {}, s.e. {})",
                fmt_num(a, 3),
                fmt_num(r.alpha_bse.unwrap_or(f64::NAN), 3)
            ));
        }
        facts.push_str(&format!(
            ", deviance {} on {} residual degrees of freedom.",
            fmt_num(r.deviance, 4),
            fmt_count(r.df_resid)
        ));
        let dummies: Vec<bool> = (0..r.param_names.len())
            .map(|j| is_dummy(&r.param_names[j], &d.x, j))
            .collect();
        let is_ind = |n: &str| {
            r.param_names
                .iter()
                .position(|p| p == n)
                .is_some_and(|j| dummies[j])
        };
        report.sections = regression_blocks(facts, &report.coefficients, &response, &is_ind);
        report.fit_stats = FitStats {
            nobs: Some(r.nobs),
            llf: Some(r.llf),
            aic: Some(r.aic),
            rsquared: None,
        };
        report.detail = Detail::Glm(Box::new(r));
        Ok(report)
    }
}
