//! The ARDL specification: data, lag orders, deterministic terms and the
//! bounds-test case, validated in one place.

use crate::error::{Error, Result};

/// Deterministic terms of the ARDL and its error-correction form.
///
/// ```
/// use colcrime::models::ardl::ArdlTrend;
/// assert_eq!(ArdlTrend::parse("ct").unwrap().ndet(), 2);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArdlTrend {
    /// None.
    N,
    /// A constant.
    C,
    /// A constant and a linear trend.
    Ct,
}

impl ArdlTrend {
    /// Parses `n`, `c` or `ct`.
    ///
    /// # Errors
    /// Any other name.
    ///
    /// # Examples
    /// ```
    /// use colcrime::models::ardl::ArdlTrend;
    /// assert_eq!(ArdlTrend::parse("C").unwrap(), ArdlTrend::C);
    /// assert!(ArdlTrend::parse("ctt").is_err());
    /// ```
    pub fn parse(s: &str) -> Result<ArdlTrend> {
        match s.trim().to_ascii_lowercase().as_str() {
            "n" => Ok(ArdlTrend::N),
            "c" => Ok(ArdlTrend::C),
            "ct" => Ok(ArdlTrend::Ct),
            _ => Err(Error::usage(format!(
                "trend: expected n, c or ct, found \"{s}\""
            ))),
        }
    }

    /// The statsmodels name.
    ///
    /// ```
    /// use colcrime::models::ardl::ArdlTrend;
    /// assert_eq!(ArdlTrend::Ct.name(), "ct");
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            ArdlTrend::N => "n",
            ArdlTrend::C => "c",
            ArdlTrend::Ct => "ct",
        }
    }

    /// The number of deterministic columns (0, 1 or 2).
    ///
    /// ```
    /// use colcrime::models::ardl::ArdlTrend;
    /// assert_eq!(ArdlTrend::N.ndet(), 0);
    /// ```
    pub fn ndet(&self) -> usize {
        match self {
            ArdlTrend::N => 0,
            ArdlTrend::C => 1,
            ArdlTrend::Ct => 2,
        }
    }

    /// The PSS case used when none is asked for: I (no deterministic
    /// terms), III (unrestricted constant) or V (unrestricted constant and
    /// trend).
    ///
    /// ```
    /// use colcrime::models::ardl::ArdlTrend;
    /// assert_eq!(ArdlTrend::C.default_case(), 3);
    /// ```
    pub fn default_case(&self) -> u8 {
        match self {
            ArdlTrend::N => 1,
            ArdlTrend::C => 3,
            ArdlTrend::Ct => 5,
        }
    }

    /// The deterministic columns' names (`const`, `trend`).
    pub(crate) fn names(&self) -> Vec<String> {
        ["const", "trend"]
            .iter()
            .take(self.ndet())
            .map(|s| (*s).to_string())
            .collect()
    }

    /// The deterministic columns for the 0-based sample rows `rows`: 1 and
    /// `t + 1` (statsmodels' `DeterministicProcess` counts from 1 at the
    /// first observation of the whole series).
    pub(crate) fn columns(&self, rows: std::ops::Range<usize>) -> Vec<Vec<f64>> {
        let mut out = Vec::with_capacity(2);
        if self.ndet() >= 1 {
            out.push(vec![1.0; rows.len()]);
        }
        if self.ndet() >= 2 {
            out.push(rows.map(|t| t as f64 + 1.0).collect());
        }
        out
    }
}

/// The series of an ARDL: the dependent `y` and the regressors `x`, with
/// their names (expression texts), all of one length and finite.
///
/// ```
/// use colcrime::models::ardl::ArdlData;
/// let d = ArdlData::new(vec![1.0, 2.0, 3.0], vec![vec![0.5, 0.1, 0.2]], "y", &["x".into()]).unwrap();
/// assert_eq!(d.nobs(), 3);
/// assert!(ArdlData::new(vec![1.0, 2.0], vec![vec![0.5]], "y", &["x".into()]).is_err());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ArdlData {
    pub(crate) y: Vec<f64>,
    pub(crate) x: Vec<Vec<f64>>,
    pub(crate) y_name: String,
    pub(crate) x_names: Vec<String>,
}

impl ArdlData {
    /// Checks and wraps the series.
    ///
    /// # Errors
    /// No regressor, names that do not match the regressors, series of
    /// different lengths, or a value that is missing or not finite.
    ///
    /// # Examples
    /// ```
    /// use colcrime::models::ardl::ArdlData;
    /// assert!(ArdlData::new(vec![1.0, f64::NAN], vec![vec![1.0, 2.0]], "y", &["x".into()]).is_err());
    /// ```
    pub fn new(y: Vec<f64>, x: Vec<Vec<f64>>, y_name: &str, x_names: &[String]) -> Result<Self> {
        if x.is_empty() {
            return Err(Error::usage("ardl: at least one regressor (--x) is needed"));
        }
        if x.len() != x_names.len() {
            return Err(Error::usage(format!(
                "ardl: {} regressors but {} names",
                x.len(),
                x_names.len()
            )));
        }
        let n = y.len();
        for (name, col) in
            std::iter::once((y_name, &y)).chain(x_names.iter().map(String::as_str).zip(x.iter()))
        {
            if col.len() != n {
                return Err(Error::usage(format!(
                    "ardl: `{name}` has {} observations, `{y_name}` has {n}",
                    col.len()
                )));
            }
            if let Some(i) = col.iter().position(|v| !v.is_finite()) {
                return Err(Error::domain(format!(
                    "ardl: `{name}` is missing or not finite at observation {}",
                    i + 1
                )));
            }
        }
        Ok(ArdlData {
            y,
            x,
            y_name: y_name.to_string(),
            x_names: x_names.to_vec(),
        })
    }

    /// The number of observations.
    ///
    /// ```
    /// use colcrime::models::ardl::ArdlData;
    /// let d = ArdlData::new(vec![1.0; 4], vec![vec![2.0; 4]], "y", &["x".into()]).unwrap();
    /// assert_eq!(d.nobs(), 4);
    /// ```
    pub fn nobs(&self) -> usize {
        self.y.len()
    }
}

/// Options of an ARDL(p, q₁, …, q_k) fit: `p` lags of `y`, lags `0..=q_j`
/// of regressor `j` (or the regressor left out), the deterministic terms
/// and the PSS case of the bounds test (default from the trend: I, III or
/// V).
///
/// ```
/// use colcrime::models::ardl::{ArdlParams, ArdlTrend};
/// let p = ArdlParams::new(2, &[1, 0]).trend(ArdlTrend::Ct);
/// assert_eq!(p.get_case(), 5);
/// assert!(p.validate(2).is_ok());
/// assert!(p.validate(3).is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArdlParams {
    pub(crate) lags: usize,
    pub(crate) xlags: Vec<Option<usize>>,
    pub(crate) trend: ArdlTrend,
    pub(crate) case: Option<u8>,
}

impl ArdlParams {
    /// `p` lags of `y` and lags `0..=q_j` of each regressor, with a constant.
    ///
    /// ```
    /// use colcrime::models::ardl::ArdlParams;
    /// assert_eq!(ArdlParams::new(1, &[1]).get_lags(), 1);
    /// ```
    pub fn new(lags: usize, xlags: &[usize]) -> Self {
        ArdlParams {
            lags,
            xlags: xlags.iter().map(|&q| Some(q)).collect(),
            trend: ArdlTrend::C,
            case: None,
        }
    }

    /// Sets the regressors' orders, `None` leaving a regressor out (as
    /// order selection may).
    ///
    /// ```
    /// use colcrime::models::ardl::ArdlParams;
    /// let p = ArdlParams::new(1, &[1, 1]).xlags_opt(vec![Some(2), None]);
    /// assert_eq!(p.get_xlags(), &[Some(2), None]);
    /// ```
    pub fn xlags_opt(mut self, xlags: Vec<Option<usize>>) -> Self {
        self.xlags = xlags;
        self
    }

    /// Sets the deterministic terms.
    ///
    /// ```
    /// use colcrime::models::ardl::{ArdlParams, ArdlTrend};
    /// assert_eq!(ArdlParams::new(1, &[1]).trend(ArdlTrend::N).get_trend(), ArdlTrend::N);
    /// ```
    pub fn trend(mut self, t: ArdlTrend) -> Self {
        self.trend = t;
        self
    }

    /// Sets the PSS case of the bounds test (1 to 5).
    ///
    /// ```
    /// use colcrime::models::ardl::ArdlParams;
    /// assert_eq!(ArdlParams::new(1, &[1]).case(2).get_case(), 2);
    /// ```
    pub fn case(mut self, c: u8) -> Self {
        self.case = Some(c);
        self
    }

    /// The lags of `y`.
    ///
    /// ```
    /// use colcrime::models::ardl::ArdlParams;
    /// assert_eq!(ArdlParams::new(3, &[0]).get_lags(), 3);
    /// ```
    pub fn get_lags(&self) -> usize {
        self.lags
    }

    /// The regressors' orders.
    ///
    /// ```
    /// use colcrime::models::ardl::ArdlParams;
    /// assert_eq!(ArdlParams::new(1, &[2]).get_xlags(), &[Some(2)]);
    /// ```
    pub fn get_xlags(&self) -> &[Option<usize>] {
        &self.xlags
    }

    /// The deterministic terms.
    ///
    /// ```
    /// use colcrime::models::ardl::{ArdlParams, ArdlTrend};
    /// assert_eq!(ArdlParams::new(1, &[1]).get_trend(), ArdlTrend::C);
    /// ```
    pub fn get_trend(&self) -> ArdlTrend {
        self.trend
    }

    /// The PSS case (the trend's default unless set).
    ///
    /// ```
    /// use colcrime::models::ardl::ArdlParams;
    /// assert_eq!(ArdlParams::new(1, &[1]).get_case(), 3);
    /// ```
    pub fn get_case(&self) -> u8 {
        self.case.unwrap_or_else(|| self.trend.default_case())
    }

    /// The largest lag in the model (the observations held back).
    pub(crate) fn maxlag(&self) -> usize {
        self.xlags
            .iter()
            .flatten()
            .copied()
            .fold(self.lags, usize::max)
    }

    /// Checks the orders against `nx` regressors and the case against the
    /// trend (case I needs trend n, II and III a constant, IV and V a
    /// constant and trend).
    ///
    /// # Errors
    /// A count of orders that does not match the regressors, every
    /// regressor left out, or a case that does not fit the trend.
    ///
    /// # Examples
    /// ```
    /// use colcrime::models::ardl::{ArdlParams, ArdlTrend};
    /// assert!(ArdlParams::new(1, &[1]).case(5).validate(1).is_err());
    /// assert!(ArdlParams::new(1, &[1]).trend(ArdlTrend::Ct).case(4).validate(1).is_ok());
    /// ```
    pub fn validate(&self, nx: usize) -> Result<()> {
        if self.xlags.len() != nx {
            return Err(Error::usage(format!(
                "ardl: {} lag orders (--xlags) for {nx} regressors (--x); give one per regressor \
                 or a single order for all",
                self.xlags.len()
            )));
        }
        let ok = match (self.get_case(), self.trend) {
            (1, ArdlTrend::N) => true,
            (2 | 3, ArdlTrend::C) => true,
            (4 | 5, ArdlTrend::Ct) => true,
            (1..=5, _) => false,
            (c, _) => {
                return Err(Error::usage(format!(
                    "ardl: the bounds-test case must be 1 to 5, found {c}"
                )));
            }
        };
        if !ok {
            return Err(Error::usage(format!(
                "ardl: PSS case {} does not fit trend {}: case 1 needs --trend n, cases 2 and 3 \
                 --trend c, cases 4 and 5 --trend ct",
                self.get_case(),
                self.trend.name()
            )));
        }
        Ok(())
    }
}
