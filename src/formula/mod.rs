//! Expressions (`log(x)`, `lag(x, 1)`, `growth(cpi, 12)`, ...) and R-style
//! formulas (`y ~ x1 + lag(x2, 1) + offset(log(pop))`) evaluated on a
//! [`Frame`].
//!
//! (Stub: the parser lands with issue 4.)

use ndarray::Array2;

use crate::error::Result;
use crate::series::Frame;

/// Evaluates an expression to one value per row of `frame` (`NaN` where
/// missing). Stub: only bare column names.
///
/// # Errors
/// Unknown column, bad syntax, or a domain error.
pub fn eval_expr(frame: &Frame, expr: &str) -> Result<Vec<f64>> {
    Ok(frame.column(expr.trim())?.to_vec())
}

/// A design matrix built from a formula, after listwise deletion.
#[derive(Debug, Clone)]
pub struct Design {
    /// The response.
    pub y: Vec<f64>,
    /// Regressors, one column per parameter.
    pub x: Array2<f64>,
    /// Parameter names (`const` for the intercept, otherwise the term text).
    pub names: Vec<String>,
    /// The offset, if the formula has `offset(...)`.
    pub offset: Option<Vec<f64>>,
    /// Frame row of each design row.
    pub rows: Vec<usize>,
    /// Rows dropped because a used value was missing.
    pub dropped: usize,
    /// The response's text.
    pub response: String,
}
