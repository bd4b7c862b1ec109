//! A count model of a formula over a [`Frame`], with an optional exposure
//! column, as the command line and the workspace call it.

use super::{GlmParams, GlmResult};
use crate::error::{Error, Result};
use crate::formula::Formula;
use crate::series::Frame;

/// Fits a count model of `formula` on the first `train_rows` rows of
/// `frame`; `exposure` (a column) adds `offset(log(exposure))`.
///
/// # Errors
/// Formula errors, an offset given twice, and the errors of
/// [`GlmParams::fit_xy`].
///
/// ```
/// use colcrime::models::glm::{fit_glm_frame, Family, GlmParams};
/// use colcrime::series::Frame;
/// let f = Frame::from_csv_str("t", "y,x,pop\n1,0,10\n2,1,10\n4,2,20\n9,3,20\n").unwrap();
/// let a = fit_glm_frame(&f, "y ~ x", Some("pop"), &GlmParams::new(Family::Poisson), 4).unwrap();
/// let b = fit_glm_frame(&f, "y ~ x + offset(log(pop))", None, &GlmParams::new(Family::Poisson), 4).unwrap();
/// assert!((a.params[1] - b.params[1]).abs() < 1e-12);
/// ```
pub fn fit_glm_frame(
    frame: &Frame,
    formula: &str,
    exposure: Option<&str>,
    params: &GlmParams,
    train_rows: usize,
) -> Result<GlmResult> {
    params.validate()?;
    let text = match exposure {
        Some(col) => {
            if Formula::parse(formula)?.offset.is_some() {
                return Err(Error::usage(
                    "give either --exposure or offset(...) in the formula, not both",
                ));
            }
            let quoted = if col
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
            {
                col.to_string()
            } else {
                format!("`{col}`")
            };
            format!("{formula} + offset(log({quoted}))")
        }
        None => formula.to_string(),
    };
    let d = Formula::parse(&text)?.design(frame, 0..train_rows.min(frame.nrows()))?;
    params.fit(&d)
}
