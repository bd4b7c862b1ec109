//! The count family of a GLM: Poisson, quasi-Poisson or negative binomial
//! (NB2), all with a log link.

use crate::error::{Error, Result};

/// The count family.
///
/// ```
/// use colcrime::models::glm::Family;
/// assert_eq!("negbin".parse::<Family>().unwrap(), Family::NegBin);
/// assert_eq!(Family::QuasiPoisson.name(), "quasipoisson");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// Poisson, scale 1.
    Poisson,
    /// Poisson estimates, covariance scaled by Pearson χ² / df_resid.
    QuasiPoisson,
    /// Negative binomial NB2, `α` by maximum likelihood.
    NegBin,
}

impl Family {
    /// The command-line name.
    ///
    /// ```
    /// # use colcrime::models::glm::Family;
    /// assert_eq!(Family::Poisson.name(), "poisson");
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            Family::Poisson => "poisson",
            Family::QuasiPoisson => "quasipoisson",
            Family::NegBin => "negbin",
        }
    }
}

impl std::str::FromStr for Family {
    type Err = Error;
    fn from_str(s: &str) -> Result<Family> {
        match s.to_ascii_lowercase().as_str() {
            "poisson" => Ok(Family::Poisson),
            "quasipoisson" | "quasi-poisson" => Ok(Family::QuasiPoisson),
            "negbin" | "nb2" | "negativebinomial" => Ok(Family::NegBin),
            _ => Err(Error::usage(format!(
                "unknown family \"{s}\" (expected poisson, quasipoisson or negbin)"
            ))),
        }
    }
}
