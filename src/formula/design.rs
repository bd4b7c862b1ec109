//! The design matrix of a formula on a frame: listwise deletion, the
//! treatment coding of categorical factors and the products of
//! interactions.

use std::borrow::Cow;
use std::ops::Range;

use chrono::Datelike;
use ndarray::Array2;

use crate::error::{Error, Result};
use crate::series::Frame;

use super::eval::eval_cow;
use super::parse::Formula;
use super::terms::{self, Coding, Factor};

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

impl Formula {
    /// Builds the design on frame rows `rows` (expressions are evaluated on
    /// the whole frame first, so lags reach back before `rows.start`), with
    /// listwise deletion of rows where the response, a factor of a term or
    /// the offset is missing. Columns: `const`, then each term's columns
    /// (coded as described in the module documentation).
    ///
    /// # Errors
    /// Rows out of range, or the errors of [`eval_expr`](super::eval_expr).
    ///
    /// # Examples
    /// ```
    /// use colcrime::formula::Formula;
    /// use colcrime::series::Frame;
    /// let fr = Frame::from_csv_str("t", "y,x\n1,2\n3,\n5,6\n").unwrap();
    /// let d = Formula::parse("y ~ x").unwrap().design(&fr, 0..3).unwrap();
    /// assert_eq!(d.dropped, 1);
    /// assert_eq!(d.rows, vec![0, 2]);
    /// ```
    pub fn design(&self, frame: &Frame, rows: Range<usize>) -> Result<Design> {
        use std::collections::HashMap;
        if rows.end > frame.nrows() || rows.start > rows.end {
            return Err(Error::usage(format!(
                "rows {}..{} are outside the data's {} rows",
                rows.start + 1,
                rows.end,
                frame.nrows()
            )));
        }
        let y_all = eval_cow(frame, &self.source, &self.resp_expr)?;
        let off = match &self.offset_expr {
            Some(e) => Some(eval_cow(frame, &self.source, e)?),
            None => None,
        };
        // Each distinct factor once: numeric values, or category labels.
        let mut values: HashMap<String, FactorValues<'_>> = HashMap::new();
        for f in self.term_list.iter().flat_map(|t| &t.factors) {
            let key = f.text();
            if values.contains_key(&key) {
                continue;
            }
            let v = match f {
                Factor::Cat { col } => FactorValues::Cat(category_values(frame, col)?),
                Factor::Num { expr, .. } => FactorValues::Num(eval_cow(frame, &self.source, expr)?),
            };
            values.insert(key, v);
        }
        // Listwise deletion, one column at a time.
        let mut ok = vec![true; rows.len()];
        let mut drop_missing = |present: &dyn Fn(usize) -> bool| {
            for (o, i) in ok.iter_mut().zip(rows.clone()) {
                *o = *o && present(i);
            }
        };
        drop_missing(&|i| y_all.get(i).is_some_and(|v| !v.is_nan()));
        for t in values.values() {
            match t {
                FactorValues::Num(c) => drop_missing(&|i| c.get(i).is_some_and(|v| !v.is_nan())),
                FactorValues::Cat(c) => drop_missing(&|i| c.get(i).is_some_and(Option::is_some)),
            }
        }
        if let Some(o) = &off {
            drop_missing(&|i| o.get(i).is_some_and(|v| !v.is_nan()));
        }
        let keep: Vec<usize> = rows
            .clone()
            .zip(&ok)
            .filter(|p| *p.1)
            .map(|p| p.0)
            .collect();
        // With no row dropped, numeric columns are the rows' slices.
        let all_kept = keep.len() == rows.len();
        let pick = |v: &[f64]| -> Vec<f64> {
            keep.iter()
                .map(|&i| v.get(i).copied().unwrap_or(f64::NAN))
                .collect()
        };
        // Each factor's columns on the kept rows: (name, values).
        let mut factor_cols: HashMap<String, FactorColumns<'_>> = HashMap::new();
        for (key, v) in &values {
            let cols = match v {
                FactorValues::Num(c) => (
                    vec![key.clone()],
                    vec![key.clone()],
                    vec![match c.get(rows.clone()) {
                        Some(slice) if all_kept => Cow::Borrowed(slice),
                        _ => Cow::Owned(pick(c)),
                    }],
                ),
                FactorValues::Cat(c) => {
                    let mut levels: Vec<&Level> =
                        keep.iter().filter_map(|&i| c.get(i)?.as_ref()).collect();
                    levels.sort_by(|a, b| a.cmp_key(b));
                    levels.dedup_by(|a, b| a.label == b.label);
                    let full = levels
                        .iter()
                        .map(|l| format!("{key}[{}]", l.label))
                        .collect();
                    let reduced = levels
                        .iter()
                        .map(|l| format!("{key}[T.{}]", l.label))
                        .collect();
                    let dummies = levels
                        .iter()
                        .map(|lev| {
                            Cow::Owned(
                                keep.iter()
                                    .map(|&i| {
                                        let hit = c
                                            .get(i)
                                            .and_then(Option::as_ref)
                                            .is_some_and(|v| v.label == lev.label);
                                        if hit { 1.0 } else { 0.0 }
                                    })
                                    .collect(),
                            )
                        })
                        .collect();
                    (full, reduced, dummies)
                }
            };
            factor_cols.insert(key.clone(), cols);
        }
        let nk = keep.len();
        let mut names: Vec<String> = Vec::new();
        // `None` is a column of ones.
        let mut columns: Vec<Option<Cow<'_, [f64]>>> = Vec::new();
        if self.intercept {
            names.push("const".into());
            columns.push(None);
        }
        for (t, blocks) in self
            .term_list
            .iter()
            .zip(terms::codings(&self.term_list, self.intercept))
        {
            for block in blocks {
                // Each factor's (names, columns) in this block.
                let mut parts: Vec<BlockPart<'_, '_>> = Vec::new();
                for (i, coding) in block {
                    let Some((full, reduced, cols)) =
                        t.factors.get(i).and_then(|f| factor_cols.get(&f.text()))
                    else {
                        continue;
                    };
                    parts.push(match coding {
                        Coding::Num | Coding::Full => {
                            (full.iter().collect(), cols.iter().collect())
                        }
                        Coding::Reduced => (
                            reduced.iter().skip(1).collect(),
                            cols.iter().skip(1).collect(),
                        ),
                    });
                }
                // Products with the left-most factor varying fastest (R, patsy).
                let total: usize = parts.iter().map(|p| p.0.len()).product();
                for mut idx in 0..total {
                    let mut name = String::new();
                    let mut col: Option<Cow<'_, [f64]>> = None;
                    for (pn, pc) in &parts {
                        let len = pn.len().max(1);
                        let j = idx % len;
                        idx /= len;
                        if !name.is_empty() {
                            name.push(':');
                        }
                        if let (Some(n), Some(&c)) = (pn.get(j), pc.get(j)) {
                            name.push_str(n);
                            match col.as_mut() {
                                None => col = Some(Cow::Borrowed(&**c)),
                                Some(acc) => {
                                    for (a, b) in acc.to_mut().iter_mut().zip(c.iter()) {
                                        *a *= b;
                                    }
                                }
                            }
                        }
                    }
                    names.push(name);
                    columns.push(col);
                }
            }
        }
        // Row-major, written by blocks of rows on all threads.
        let k = columns.len();
        let mut cells = vec![0.0; nk * k];
        if k > 0 {
            const ROWS: usize = 1 << 14;
            let fill = |(b, block): (usize, &mut [f64])| {
                for (r, row) in block.chunks_exact_mut(k).enumerate() {
                    let i = b * ROWS + r;
                    for (cell, c) in row.iter_mut().zip(&columns) {
                        *cell = match c {
                            Some(c) => c.get(i).copied().unwrap_or(f64::NAN),
                            None => 1.0,
                        };
                    }
                }
            };
            if nk * k >= 1 << 20 {
                use rayon::prelude::*;
                cells.par_chunks_mut(ROWS * k).enumerate().for_each(fill);
            } else {
                cells.chunks_mut(ROWS * k).enumerate().for_each(fill);
            }
        }
        let x = Array2::from_shape_vec((nk, k), cells)
            .map_err(|e| Error::other(format!("design matrix: {e}")))?;
        let kept = |v: Cow<'_, [f64]>| -> Vec<f64> {
            match v {
                Cow::Owned(v) if all_kept && rows.len() == v.len() => v,
                v => pick(&v),
            }
        };
        Ok(Design {
            y: kept(y_all),
            x,
            names,
            offset: off.map(kept),
            dropped: rows.len() - keep.len(),
            rows: keep,
            response: self.response.clone(),
        })
    }
}

/// One category of a `C(col)` term: its label (as patsy prints it) and a
/// numeric sort key when the column is numeric.
#[derive(Debug, Clone, PartialEq)]
struct Level {
    label: String,
    key: Option<f64>,
}

impl Level {
    fn cmp_key(&self, other: &Level) -> std::cmp::Ordering {
        match (self.key, other.key) {
            (Some(a), Some(b)) => a.total_cmp(&b),
            _ => self.label.cmp(&other.label),
        }
    }
}

/// A factor's columns on the rows kept: the names with every level
/// (`C(g)[v]`, or the numeric factor's text), the names with treatment
/// contrasts (`C(g)[T.v]`; the first is skipped when used), and the columns.
type FactorColumns<'a> = (Vec<String>, Vec<String>, Vec<Cow<'a, [f64]>>);

/// One factor's (names, columns) within a term's block of columns.
type BlockPart<'s, 'a> = (Vec<&'s String>, Vec<&'s Cow<'a, [f64]>>);

/// A factor's values on every frame row.
enum FactorValues<'a> {
    Num(Cow<'a, [f64]>),
    Cat(Vec<Option<Level>>),
}

/// The categories of column `col` on every row: a text column's cells, the
/// index's periods when `col` is the index column (`C(date)`, ordered in
/// time), or a numeric column's values (integers printed without a decimal
/// point).
fn category_values(frame: &Frame, col: &str) -> Result<Vec<Option<Level>>> {
    if let (Some(idx), Some(name)) = (&frame.index, frame.index_name())
        && name == col
        && frame.text_column(col).is_none()
    {
        return Ok(idx
            .iter()
            .map(|p| {
                Some(Level {
                    label: p.to_string(),
                    key: Some(f64::from(p.first_day().num_days_from_ce())),
                })
            })
            .collect());
    }
    if let Some(t) = frame.text_column(col) {
        return Ok(t
            .iter()
            .map(|c| {
                c.as_ref().map(|s| Level {
                    label: s.clone(),
                    key: None,
                })
            })
            .collect());
    }
    Ok(frame
        .column(col)?
        .iter()
        .map(|&v| {
            (!v.is_nan()).then(|| Level {
                label: if v.fract() == 0.0 && v.abs() < 1e15 {
                    format!("{v:.0}")
                } else {
                    format!("{v}")
                },
                key: Some(v),
            })
        })
        .collect())
}

/// Parses `formula` and builds its design on frame rows `rows`
/// (see [`Formula::design`]).
///
/// # Errors
/// As [`Formula::parse`] and [`Formula::design`].
///
/// # Examples
/// ```
/// use colcrime::formula::design;
/// use colcrime::series::Frame;
/// let fr = Frame::from_csv_str("t", "y,x\n1,2\n3,4\n5,7\n").unwrap();
/// let d = design(&fr, "y ~ lag(x, 1)", 0..3).unwrap();
/// assert_eq!(d.y, vec![3.0, 5.0]);
/// assert_eq!(d.dropped, 1);
/// ```
pub fn design(frame: &Frame, formula: &str, rows: Range<usize>) -> Result<Design> {
    Formula::parse(formula)?.design(frame, rows)
}
