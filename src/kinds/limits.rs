//! Limits on options that size the work: a forecast horizon or an
//! impulse-response horizon of ten million periods would take minutes and
//! gigabytes before failing, so it is refused at once with exit 2.
//!
//! | option | limit |
//! |---|---|
//! | `--horizon`, `horizon = H` (every forecasting kind, `colcrime backtest`) | [`MAX_HORIZON`] periods |
//! | `--irf H`, `irf = H` (VAR impulse responses) | [`MAX_HORIZON`] periods |
//! | `--select-maxlags`, `maxlags`, `--lags`, ... (any lag order) | [`MAX_LAGS`] |
//! | `--simulations` (simulated intervals) | [`MAX_SIMULATIONS`] |
//!
//! ```
//! use colcrime::kinds::KindOptions;
//! let t: toml::Table = toml::from_str("series = \"y\"\norder = [1, 1, 0]\nhorizon = 100000000")?;
//! let e = KindOptions::from_table("sarima", t).unwrap_err();
//! assert_eq!(e.exit_code(), 2);
//! assert!(e.to_string().contains("at most 1000"), "{e}");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use serde_json::Value;

use super::KindOptions;
use crate::error::{Error, Result};

/// The longest forecast or impulse-response horizon, in periods (83 years
/// of months).
pub const MAX_HORIZON: usize = 1000;

/// The largest lag order of any option (`maxlags`, `select_maxlags`, ...).
pub const MAX_LAGS: usize = 1000;

/// The most simulated paths (`--simulations`) of a simulated interval.
pub const MAX_SIMULATIONS: usize = 1_000_000;

/// Checks `--simulations` against [`MAX_SIMULATIONS`].
///
/// # Errors
/// A usage error (exit 2) naming the limit.
///
/// ```
/// use colcrime::kinds::limits::check_simulations;
/// assert!(check_simulations(5000).is_ok());
/// assert!(check_simulations(1 << 40).is_err());
/// ```
pub fn check_simulations(n: usize) -> Result<()> {
    if n > MAX_SIMULATIONS {
        return Err(Error::usage(format!(
            "--simulations {n}: at most {MAX_SIMULATIONS} simulated paths"
        )));
    }
    Ok(())
}

/// Checks `horizon` against [`MAX_HORIZON`] for `what` (`--horizon`).
///
/// # Errors
/// A usage error (exit 2) naming the option and the limit.
///
/// ```
/// use colcrime::kinds::limits::check_horizon;
/// assert!(check_horizon("--horizon", 24).is_ok());
/// assert_eq!(check_horizon("--horizon", 10_000_000).unwrap_err().exit_code(), 2);
/// ```
pub fn check_horizon(what: &str, horizon: usize) -> Result<()> {
    if horizon > MAX_HORIZON {
        return Err(Error::usage(format!(
            "{what} {horizon}: at most {MAX_HORIZON} periods can be forecast (a longer horizon is not a forecast anyone can use, and would take minutes and gigabytes)"
        )));
    }
    Ok(())
}

/// Checks every horizon and lag option of a kind, whatever the kind: the
/// options are read through their serialised form, so a new kind is
/// covered without a line here.
pub(crate) fn check_options(o: &KindOptions) -> Result<()> {
    let Ok(Value::Object(m)) = serde_json::to_value(o) else {
        return Ok(());
    };
    for (k, v) in &m {
        let Some(n) = v.as_u64() else { continue };
        let n = usize::try_from(n).unwrap_or(usize::MAX);
        let flag = format!("--{}", k.replace('_', "-"));
        if k.contains("horizon") || k == "irf" {
            check_horizon(&flag, n)?;
        } else if k.contains("simulations") {
            check_simulations(n)?;
        } else if k.contains("lags") && n > MAX_LAGS {
            return Err(Error::usage(format!("{flag} {n}: at most {MAX_LAGS} lags")));
        }
    }
    Ok(())
}
