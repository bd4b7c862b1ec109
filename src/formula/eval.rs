//! Evaluation of parsed expressions on a [`Frame`]: arithmetic, the
//! elementwise functions and the row shifts (`lag`, `diff`, `growth`).

use std::borrow::Cow;

use crate::error::{Error, Result};
use crate::series::Frame;
use crate::series::frame::Disorder;

use super::parse::{Expr, Formula, parse_tokens, tokenize};
use super::terms::Factor;

/// Describes row `i` of a frame for messages: its period, or its row number.
fn row_label(frame: &Frame, i: usize) -> String {
    match frame.index.as_ref().and_then(|ix| ix.get(i)) {
        Some(p) => format!("period {p} (row {})", i + 1),
        None => format!("row {}", i + 1),
    }
}

fn shift_arg(src: &str, name: &str, args: &[Expr], default: Option<i64>) -> Result<i64> {
    match args.get(1) {
        None => default.ok_or_else(|| Error::usage(format!("{name}(x, k) in \"{src}\" needs k"))),
        Some(Expr::Num(k)) if k.fract() == 0.0 && k.abs() < 1e6 => Ok(*k as i64),
        Some(Expr::Neg(b)) if matches!(**b, Expr::Num(k) if k.fract() == 0.0 && k.abs() < 1e6) => {
            match **b {
                Expr::Num(k) => Ok(-(k as i64)),
                _ => Err(Error::usage("unreachable")),
            }
        }
        Some(_) => Err(Error::usage(format!(
            "the second argument of {name}() in \"{src}\" must be a whole number"
        ))),
    }
}

/// Shifts (`lag`, `diff`, `growth`) move along the rows, which must then be
/// a time series: on a long panel (a period repeated once per borough) the
/// row above is another borough's, and on shuffled rows another period's.
/// Lagging within each group is not supported, so both are errors naming
/// the line.
fn along_rows(frame: &Frame, src: &str, name: &str) -> Result<()> {
    let Some(d) = frame.disorder() else {
        return Ok(());
    };
    let (loc, problem) = frame.disorder_text(&d);
    let advice = match (d, frame.panel_group()) {
        (Disorder::OutOfOrder { .. }, _) => "sort the rows by date".to_string(),
        (_, Some(g)) => format!(
            "the rows are a long panel (one per {g} and date), and shifting within each {g} is not supported; add the lagged values to the file as a column"
        ),
        (_, None) => format!(
            "the rows are a long panel, where the row above is not the period before; {name}() needs each period once, in time order"
        ),
    };
    Err(Error::format(
        loc,
        format!("{name}() in \"{src}\" shifts along the rows, but {problem}: {advice}"),
    ))
}

/// `x[t - k]` along the rows (`NaN` outside).
fn shifted(x: &[f64], k: i64) -> Vec<f64> {
    let n = x.len() as i64;
    (0..n)
        .map(|t| {
            let s = t - k;
            if (0..n).contains(&s) {
                x.get(s as usize).copied().unwrap_or(f64::NAN)
            } else {
                f64::NAN
            }
        })
        .collect()
}

pub(super) fn eval(frame: &Frame, src: &str, e: &Expr) -> Result<Vec<f64>> {
    let n = frame.nrows();
    match e {
        Expr::Num(v) => Ok(vec![*v; n]),
        Expr::Col(name) => Ok(frame.column(name)?.to_vec()),
        Expr::Neg(a) => Ok(eval(frame, src, a)?.into_iter().map(|v| -v).collect()),
        Expr::Bin(op, a, b) => {
            let a = eval(frame, src, a)?;
            let b = eval(frame, src, b)?;
            let mut out = Vec::with_capacity(n);
            for (i, (x, y)) in a.iter().zip(&b).enumerate() {
                let v = match op {
                    '+' => x + y,
                    '-' => x - y,
                    '*' => x * y,
                    '/' => {
                        if *y == 0.0 && !x.is_nan() {
                            return Err(Error::domain(format!(
                                "division by zero in \"{src}\" at {}",
                                row_label(frame, i)
                            )));
                        }
                        x / y
                    }
                    _ => {
                        let v = x.powf(*y);
                        if v.is_nan() && !x.is_nan() && !y.is_nan() {
                            return Err(Error::domain(format!(
                                "{x}^{y} is undefined in \"{src}\" at {}",
                                row_label(frame, i)
                            )));
                        }
                        v
                    }
                };
                out.push(v);
            }
            Ok(out)
        }
        Expr::Call(name, args) => {
            let arity = |lo: usize, hi: usize| -> Result<()> {
                if args.len() < lo || args.len() > hi {
                    Err(Error::usage(format!(
                        "{name}() in \"{src}\" takes {} argument(s), got {}",
                        if lo == hi {
                            lo.to_string()
                        } else {
                            format!("{lo} or {hi}")
                        },
                        args.len()
                    )))
                } else {
                    Ok(())
                }
            };
            let first = || -> Result<Vec<f64>> {
                match args.first() {
                    Some(a) => eval(frame, src, a),
                    None => Err(Error::usage(format!("{name}() needs an argument"))),
                }
            };
            match name.as_str() {
                "log" | "sqrt" => {
                    arity(1, 1)?;
                    let x = first()?;
                    let mut out = Vec::with_capacity(n);
                    for (i, v) in x.into_iter().enumerate() {
                        let bad = if name == "log" { v <= 0.0 } else { v < 0.0 };
                        if bad {
                            return Err(Error::domain(format!(
                                "{name} of {v} in \"{src}\" at {}",
                                row_label(frame, i)
                            )));
                        }
                        out.push(if name == "log" { v.ln() } else { v.sqrt() });
                    }
                    Ok(out)
                }
                "exp" => {
                    arity(1, 1)?;
                    Ok(first()?.into_iter().map(f64::exp).collect())
                }
                "abs" => {
                    arity(1, 1)?;
                    Ok(first()?.into_iter().map(f64::abs).collect())
                }
                "I" => {
                    arity(1, 1)?;
                    first()
                }
                "lag" => {
                    arity(2, 2)?;
                    along_rows(frame, src, name)?;
                    let k = shift_arg(src, name, args, None)?;
                    Ok(shifted(&first()?, k))
                }
                "diff" | "growth" => {
                    arity(1, 2)?;
                    along_rows(frame, src, name)?;
                    let k = shift_arg(src, name, args, Some(1))?;
                    if k < 1 {
                        return Err(Error::usage(format!(
                            "the lag of {name}() in \"{src}\" must be at least 1"
                        )));
                    }
                    let x = first()?;
                    let l = shifted(&x, k);
                    let mut out = Vec::with_capacity(n);
                    for (i, (a, b)) in x.iter().zip(&l).enumerate() {
                        if name == "diff" {
                            out.push(a - b);
                        } else {
                            if *b == 0.0 {
                                return Err(Error::domain(format!(
                                    "growth from zero in \"{src}\" at {}",
                                    row_label(frame, i)
                                )));
                            }
                            out.push(100.0 * (a / b - 1.0));
                        }
                    }
                    Ok(out)
                }
                _ => Err(Error::usage(format!(
                    "unknown function {name}() in \"{src}\" (known: log, exp, sqrt, abs, diff, lag, growth, I)"
                ))),
            }
        }
    }
}

/// [`eval`] without copying a bare column reference: the frame's column is
/// borrowed (designs on a million rows would otherwise copy every column).
pub(super) fn eval_cow<'a>(frame: &'a Frame, src: &str, e: &Expr) -> Result<Cow<'a, [f64]>> {
    match e {
        Expr::Col(name) => Ok(Cow::Borrowed(frame.column(name)?)),
        _ => eval(frame, src, e).map(Cow::Owned),
    }
}

/// Evaluates an expression to one value per row of `frame` (`NaN` where
/// missing).
///
/// # Errors
/// Unknown column or function (exit 2), bad syntax (a parse error with the
/// 1-based character column), or a domain error naming the row/period.
///
/// # Examples
/// ```
/// use colcrime::formula::eval_expr;
/// use colcrime::series::Frame;
/// let f = Frame::from_csv_str("t", "date,cpi\n2024-01,100\n2024-02,102\n").unwrap();
/// let g = eval_expr(&f, "growth(cpi, 1)").unwrap();
/// assert!(g[0].is_nan());
/// assert!((g[1] - 2.0).abs() < 1e-12);
/// assert!(eval_expr(&f, "log(cpi - 101)").unwrap_err().to_string().contains("2024"));
/// ```
pub fn eval_expr(frame: &Frame, expr: &str) -> Result<Vec<f64>> {
    let toks = tokenize(expr)?;
    let e = parse_tokens(expr, &toks)?;
    eval(frame, expr, &e)
}

impl Formula {
    /// Evaluates the regressor columns (without the intercept; an
    /// interaction of numeric factors is their product) and the offset on
    /// every row of `frame`.
    ///
    /// # Errors
    /// As [`eval_expr`]; a categorical term (which expands to several
    /// columns only in a [`Design`](super::Design)).
    ///
    /// # Examples
    /// ```
    /// use colcrime::formula::Formula;
    /// use colcrime::series::Frame;
    /// let fr = Frame::from_csv_str("t", "y,x\n1,2\n3,4\n").unwrap();
    /// let (cols, off) = Formula::parse("y ~ x + x:x:y").unwrap().eval_regressors(&fr).unwrap();
    /// assert_eq!(cols[0], vec![2.0, 4.0]);
    /// assert_eq!(cols[1], vec![2.0, 12.0]);
    /// assert!(off.is_none());
    /// ```
    #[allow(clippy::type_complexity)]
    pub fn eval_regressors(&self, frame: &Frame) -> Result<(Vec<Vec<f64>>, Option<Vec<f64>>)> {
        let mut cols = Vec::with_capacity(self.term_list.len());
        for t in &self.term_list {
            let mut col = vec![1.0; frame.nrows()];
            for f in &t.factors {
                match f {
                    Factor::Cat { col } => {
                        return Err(Error::usage(format!(
                            "the categorical term C({col}) in \"{}\" expands to dummy columns only in a design",
                            self.source
                        )));
                    }
                    Factor::Num { expr, .. } => {
                        let v = eval(frame, &self.source, expr)?;
                        for (c, x) in col.iter_mut().zip(v) {
                            *c *= x;
                        }
                    }
                }
            }
            cols.push(col);
        }
        let off = match &self.offset_expr {
            Some(e) => Some(eval(frame, &self.source, e)?),
            None => None,
        };
        Ok((cols, off))
    }

    /// Evaluates the response on every row of `frame`.
    ///
    /// # Errors
    /// As [`eval_expr`].
    ///
    /// # Examples
    /// ```
    /// use colcrime::formula::Formula;
    /// use colcrime::series::Frame;
    /// let fr = Frame::from_csv_str("t", "y,x\n1,2\n3,4\n").unwrap();
    /// assert_eq!(Formula::parse("2*y ~ x").unwrap().eval_response(&fr).unwrap(), vec![2.0, 6.0]);
    /// ```
    pub fn eval_response(&self, frame: &Frame) -> Result<Vec<f64>> {
        eval(frame, &self.source, &self.resp_expr)
    }
}
