//! OLS on a formula over a [`Frame`]: the design, its cluster labels and
//! the fit, as the command line and the workspace call it.

use super::{OlsParams, OlsResult};
use crate::error::{Error, Result};
use crate::formula::{Design, Formula};
use crate::series::Frame;

/// Fits `formula` by OLS and returns its design too (for diagnostics).
///
/// # Errors
/// As [`fit_ols_frame`].
///
/// ```
/// use colcrime::models::ols::{fit_ols_frame_design, OlsParams};
/// use colcrime::series::Frame;
/// let f = Frame::from_csv_str("t", "y,x\n1,0\n3,1\n4,2\n8,3\n").unwrap();
/// let (d, r) = fit_ols_frame_design(&f, "y ~ x", &OlsParams::new(), 4).unwrap();
/// assert_eq!(d.y.len(), r.nobs);
/// ```
pub fn fit_ols_frame_design(
    frame: &Frame,
    formula: &str,
    params: &OlsParams,
    train_rows: usize,
) -> Result<(Design, OlsResult)> {
    fit_ols_frame_rows(frame, formula, params, 0..train_rows.min(frame.nrows()))
}

/// Fits `formula` by OLS on frame rows `rows` (lags may reach back before
/// them) and returns its design too.
///
/// # Errors
/// As [`fit_ols_frame`].
///
/// ```
/// use colcrime::models::ols::{fit_ols_frame_rows, OlsParams};
/// use colcrime::series::Frame;
/// let f = Frame::from_csv_str("t", "y,x\n100,0\n1,0\n3,1\n4,2\n8,3\n").unwrap();
/// let (d, r) = fit_ols_frame_rows(&f, "y ~ x", &OlsParams::new(), 1..5).unwrap();
/// assert_eq!((d.rows[0], r.nobs), (1, 4));
/// ```
pub fn fit_ols_frame_rows(
    frame: &Frame,
    formula: &str,
    params: &OlsParams,
    rows: std::ops::Range<usize>,
) -> Result<(Design, OlsResult)> {
    params.validate()?;
    let f = Formula::parse(formula)?;
    let d = f.design(frame, rows)?;
    if d.y.is_empty() {
        return Err(Error::not_enough_data(
            format!("ols \"{formula}\""),
            d.names.len() + 1,
            0,
        ));
    }
    let cols = params.get_group_columns();
    let r = if cols.is_empty() {
        params.fit(&d)?
    } else {
        let codes = cols
            .iter()
            .map(|c| cluster_codes(frame, c, &d.rows))
            .collect::<Result<Vec<_>>>()?;
        let refs: Vec<&[usize]> = codes.iter().map(Vec::as_slice).collect();
        let mut r = params.fit_inner(&d.x, &d.y, d.names.clone(), &refs, Some(&d.rows))?;
        r.response = d.response.clone();
        r.dropped = d.dropped;
        r
    };
    Ok((d, r))
}

/// Fits `formula` by OLS on the first `train_rows` rows of `frame` (lags may
/// reach back before the rows used). The workspace calls this; the CLI
/// `fit ols` is a thin wrapper round it.
///
/// # Errors
/// Formula errors, too few rows, a singular design.
///
/// ```
/// use colcrime::models::ols::{fit_ols_frame, OlsParams};
/// use colcrime::series::Frame;
/// let f = Frame::from_csv_str("t", "y,x\n1,0\n3,1\n4,2\n8,3\n100,4\n").unwrap();
/// let r = fit_ols_frame(&f, "y ~ x", &OlsParams::new(), 4).unwrap();
/// assert_eq!(r.nobs, 4);
/// ```
pub fn fit_ols_frame(
    frame: &Frame,
    formula: &str,
    params: &OlsParams,
    train_rows: usize,
) -> Result<OlsResult> {
    fit_ols_frame_design(frame, formula, params, train_rows).map(|(_, r)| r)
}

/// Integer cluster labels of frame rows `rows` from a text or numeric
/// column; a missing label is an error.
///
/// ```
/// use colcrime::models::ols::cluster_codes;
/// let f = colcrime::series::Frame::from_csv_str("t", "g,y\na,1\nb,2\na,3\n").unwrap();
/// assert_eq!(cluster_codes(&f, "g", &[0, 1, 2]).unwrap(), vec![0, 1, 0]);
/// ```
pub fn cluster_codes(frame: &Frame, col: &str, rows: &[usize]) -> Result<Vec<usize>> {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let text = frame.text_column(col);
    let nums = if text.is_none() {
        Some(frame.column(col)?)
    } else {
        None
    };
    let mut out = Vec::with_capacity(rows.len());
    for &i in rows {
        let label = match (text, nums) {
            (Some(t), _) => t.get(i).cloned().flatten(),
            (None, Some(v)) => v.get(i).filter(|x| !x.is_nan()).map(|x| format!("{x}")),
            _ => None,
        };
        let Some(label) = label else {
            return Err(Error::usage(format!(
                "the cluster column \"{col}\" is missing on row {} used by the fit",
                i + 1
            )));
        };
        let next = seen.len();
        out.push(*seen.entry(label).or_insert(next));
    }
    Ok(out)
}
