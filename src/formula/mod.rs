//! Expressions (`log(x)`, `lag(x, 1)`, `growth(cpi, 12)`, ...) and R-style
//! formulas (`y ~ x1 + lag(x2, 1) + offset(log(pop))`) evaluated on a
//! [`Frame`].
//!
//! # Expressions
//! Column names (names with spaces in backticks: `` `total crime` ``),
//! numbers, `+ - * / ^` (with `^` binding tightest and right-associative),
//! unary minus, parentheses, and the functions
//!
//! | function | value at row `t` |
//! |---|---|
//! | `log(x)`, `exp(x)`, `sqrt(x)`, `abs(x)` | elementwise |
//! | `diff(x)`, `diff(x, k)` | `x[t] - x[t-k]` |
//! | `lag(x, k)` | `x[t-k]` (negative `k` leads) |
//! | `growth(x, k)` | `100 (x[t] / x[t-k] - 1)` |
//! | `I(e)` | `e` (arithmetic inside a formula) |
//!
//! Shifts move along the frame's rows. A missing value (`NaN`) propagates;
//! `log`/`sqrt` of a value outside their domain, or a division by zero, is a
//! [`Domain`](crate::error::ErrorKind::Domain) error naming the row (and its
//! period when the frame has an index).
//!
//! # Formulas
//! `response ~ term + term + ...`. An intercept (named `const`) is included
//! unless the right-hand side has `- 1` or `+ 0`; `offset(e)` adds an offset
//! (for GLMs). A term's parameter name is its text with whitespace
//! normalised (`lag(x2, 1)`, `I(x^2)`).
//!
//! Interactions are written as in R: `a:b` is the product of `a` and `b`
//! (parameter `a:b`), and `a*b` is `a + b + a:b` (`a*b*c` every product of
//! the three). `:` binds tighter than `*`, which binds tighter than `+`;
//! arithmetic on values goes inside `I()` (`I(a * b)` is one variable).
//! Terms are ordered main effects first, then by degree (as R and patsy);
//! a term written twice is an error, one repeated by `*` counts once.
//!
//! A categorical term `C(col)` (a text column, or a numeric one such as a
//! year) expands to treatment-coded dummies as patsy does: the levels found
//! on the rows used, sorted (text by code point, numbers numerically), the
//! first is the base and each other level `v` gets a column named
//! `C(col)[T.v]`. A categorical factor inside an interaction multiplies:
//! with `x + C(g):x` the columns are `x` and the slope differences
//! `C(g)[T.v]:x`; `C(g):x` without `x` gives one slope per level,
//! `C(g)[v]:x`. Which factors keep every level follows patsy's rule (see
//! the `terms` submodule), which matches R's `model.matrix` in these cases;
//! in a formula without intercept the first categorical term keeps every
//! level (`C(col)[v]`). Columns stay in term order (patsy puts terms without
//! numeric factors first: compare by name). A row with a missing category is
//! dropped.
//!
//! ```
//! use colcrime::formula::design;
//! use colcrime::series::Frame;
//! let f = Frame::from_csv_str("t", "g,y,x\nb,1,1\na,3,2\nc,5,4\na,6,3\n").unwrap();
//! let d = design(&f, "y ~ x + C(g)", 0..4).unwrap();
//! assert_eq!(d.names, vec!["const", "x", "C(g)[T.b]", "C(g)[T.c]"]);
//! assert_eq!(d.x[[0, 2]], 1.0);
//! ```
//!
//! ```
//! use colcrime::formula::{design, eval_expr};
//! use colcrime::series::Frame;
//! let f = Frame::from_csv_str("t", "y,x\n1,1\n3,2\n5,4\n").unwrap();
//! assert_eq!(eval_expr(&f, "lag(x, 1)").unwrap()[2], 2.0);
//! let d = design(&f, "y ~ x + I(x^2)", 0..3).unwrap();
//! assert_eq!(d.names, vec!["const", "x", "I(x^2)"]);
//! assert_eq!(d.x[[2, 2]], 16.0);
//! ```
//!
//! ```
//! use colcrime::formula::design;
//! use colcrime::series::Frame;
//! let f = Frame::from_csv_str("t", "g,y,x\nb,1,1\na,3,2\nc,5,4\na,6,3\n").unwrap();
//! let d = design(&f, "y ~ x + C(g):x", 0..4).unwrap();
//! assert_eq!(d.names, vec!["const", "x", "C(g)[T.b]:x", "C(g)[T.c]:x"]);
//! assert_eq!(d.x[[2, 3]], 4.0);
//! let d = design(&f, "y ~ C(g):x", 0..4).unwrap();
//! assert_eq!(d.names, vec!["const", "C(g)[a]:x", "C(g)[b]:x", "C(g)[c]:x"]);
//! let d = design(&f, "y ~ x*y", 0..4).unwrap();
//! assert_eq!(d.names, vec!["const", "x", "y", "x:y"]);
//! assert_eq!(d.x[[3, 3]], 18.0);
//! ```

use std::borrow::Cow;
use std::ops::Range;

use ndarray::Array2;

use crate::error::{Error, Location, Result};
use crate::series::Frame;

mod terms;
use terms::{Coding, Factor, Term};

/// A token of the expression language, with its byte position.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(f64, String),
    Ident(String),
    Quoted(String),
    Op(char),
}

fn tokenize(src: &str) -> Result<Vec<(Tok, usize)>> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = src.char_indices().collect();
    let mut i = 0;
    while let Some(&(pos, c)) = chars.get(i) {
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_digit()
            || (c == '.' && chars.get(i + 1).is_some_and(|d| d.1.is_ascii_digit()))
        {
            let start = i;
            while chars
                .get(i)
                .is_some_and(|d| d.1.is_ascii_digit() || d.1 == '.')
            {
                i += 1;
            }
            // Exponent: 1e-3, 2E5.
            if chars.get(i).is_some_and(|d| d.1 == 'e' || d.1 == 'E') {
                let mut j = i + 1;
                if chars.get(j).is_some_and(|d| d.1 == '+' || d.1 == '-') {
                    j += 1;
                }
                if chars.get(j).is_some_and(|d| d.1.is_ascii_digit()) {
                    i = j;
                    while chars.get(i).is_some_and(|d| d.1.is_ascii_digit()) {
                        i += 1;
                    }
                }
            }
            let text: String = chars
                .get(start..i)
                .unwrap_or(&[])
                .iter()
                .map(|d| d.1)
                .collect();
            let v: f64 = text
                .parse()
                .map_err(|_| expr_err(src, pos, "a number", &text))?;
            out.push((Tok::Num(v, text), pos));
        } else if c.is_alphabetic() || c == '_' || c == '.' {
            let start = i;
            while chars
                .get(i)
                .is_some_and(|d| d.1.is_alphanumeric() || d.1 == '_' || d.1 == '.')
            {
                i += 1;
            }
            let text: String = chars
                .get(start..i)
                .unwrap_or(&[])
                .iter()
                .map(|d| d.1)
                .collect();
            out.push((Tok::Ident(text), pos));
        } else if c == '`' {
            let start = i + 1;
            i += 1;
            while chars.get(i).is_some_and(|d| d.1 != '`') {
                i += 1;
            }
            if i >= chars.len() {
                return Err(expr_err(src, pos, "a closing backtick", &src[pos..]));
            }
            let text: String = chars
                .get(start..i)
                .unwrap_or(&[])
                .iter()
                .map(|d| d.1)
                .collect();
            out.push((Tok::Quoted(text), pos));
            i += 1;
        } else if "+-*/^(),~:".contains(c) {
            out.push((Tok::Op(c), pos));
            i += 1;
        } else {
            return Err(expr_err(
                src,
                pos,
                "a column name, number, operator or function",
                &c.to_string(),
            ));
        }
    }
    Ok(out)
}

/// A parse error inside an expression: the location names the expression
/// and the 1-based character column.
fn expr_err(src: &str, byte_pos: usize, expected: &str, found: &str) -> Error {
    let col = src.get(..byte_pos).map_or(1, |s| s.chars().count() + 1);
    Error::parse(
        Location::new(format!("expression \"{src}\""))
            .line(1)
            .column_index(col as u64),
        expected,
        found,
    )
}

/// A parsed expression.
#[derive(Debug, Clone, PartialEq)]
enum Expr {
    Num(f64),
    Col(String),
    Neg(Box<Expr>),
    Bin(char, Box<Expr>, Box<Expr>),
    Call(String, Vec<Expr>),
}

struct Parser<'a> {
    src: &'a str,
    toks: &'a [(Tok, usize)],
    i: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.i).map(|t| &t.0)
    }
    fn pos(&self) -> usize {
        self.toks.get(self.i).map_or(self.src.len(), |t| t.1)
    }
    fn found(&self) -> String {
        match self.peek() {
            None => "the end".into(),
            Some(Tok::Num(_, s)) | Some(Tok::Ident(s)) => s.clone(),
            Some(Tok::Quoted(s)) => format!("`{s}`"),
            Some(Tok::Op(c)) => c.to_string(),
        }
    }
    fn err(&self, expected: &str) -> Error {
        expr_err(self.src, self.pos(), expected, &self.found())
    }
    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(&Tok::Op(c)) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    // sum := product (('+'|'-') product)*
    fn sum(&mut self) -> Result<Expr> {
        let mut e = self.product()?;
        loop {
            if self.eat('+') {
                e = Expr::Bin('+', Box::new(e), Box::new(self.product()?));
            } else if self.eat('-') {
                e = Expr::Bin('-', Box::new(e), Box::new(self.product()?));
            } else {
                return Ok(e);
            }
        }
    }
    // product := unary (('*'|'/') unary)*
    fn product(&mut self) -> Result<Expr> {
        let mut e = self.unary()?;
        loop {
            if self.eat('*') {
                e = Expr::Bin('*', Box::new(e), Box::new(self.unary()?));
            } else if self.eat('/') {
                e = Expr::Bin('/', Box::new(e), Box::new(self.unary()?));
            } else {
                return Ok(e);
            }
        }
    }
    // unary := '-' unary | power   (so -x^2 = -(x^2), as in R)
    fn unary(&mut self) -> Result<Expr> {
        if self.eat('-') {
            Ok(Expr::Neg(Box::new(self.unary()?)))
        } else if self.eat('+') {
            self.unary()
        } else {
            self.power()
        }
    }
    // power := atom ('^' unary)?   (right-associative)
    fn power(&mut self) -> Result<Expr> {
        let base = self.atom()?;
        if self.eat('^') {
            Ok(Expr::Bin('^', Box::new(base), Box::new(self.unary()?)))
        } else {
            Ok(base)
        }
    }
    fn atom(&mut self) -> Result<Expr> {
        match self.peek().cloned() {
            Some(Tok::Num(v, _)) => {
                self.i += 1;
                Ok(Expr::Num(v))
            }
            Some(Tok::Quoted(s)) => {
                self.i += 1;
                Ok(Expr::Col(s))
            }
            Some(Tok::Ident(s)) => {
                self.i += 1;
                if self.eat('(') {
                    let mut args = vec![self.sum()?];
                    while self.eat(',') {
                        args.push(self.sum()?);
                    }
                    if !self.eat(')') {
                        return Err(self.err("`,` or `)`"));
                    }
                    Ok(Expr::Call(s, args))
                } else {
                    Ok(Expr::Col(s))
                }
            }
            Some(Tok::Op('(')) => {
                self.i += 1;
                let e = self.sum()?;
                if !self.eat(')') {
                    return Err(self.err("`)`"));
                }
                Ok(e)
            }
            _ => Err(self.err("a column name, number, function or `(`")),
        }
    }
}

fn parse_tokens(src: &str, toks: &[(Tok, usize)]) -> Result<Expr> {
    let mut p = Parser { src, toks, i: 0 };
    let e = p.sum()?;
    if p.i < toks.len() {
        return Err(p.err("an operator or the end of the expression"));
    }
    Ok(e)
}

/// Canonical text of a token run: no spaces except one after each comma.
fn canonical(toks: &[(Tok, usize)]) -> String {
    let mut s = String::new();
    for (t, _) in toks {
        match t {
            Tok::Num(_, txt) | Tok::Ident(txt) => {
                if s.ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == '.') {
                    s.push(' ');
                }
                s.push_str(txt);
            }
            Tok::Quoted(txt) => {
                s.push('`');
                s.push_str(txt);
                s.push('`');
            }
            Tok::Op(',') => s.push_str(", "),
            Tok::Op(c) => s.push(*c),
        }
    }
    s
}

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

fn eval(frame: &Frame, src: &str, e: &Expr) -> Result<Vec<f64>> {
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
                    let k = shift_arg(src, name, args, None)?;
                    Ok(shifted(&first()?, k))
                }
                "diff" | "growth" => {
                    arity(1, 2)?;
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
fn eval_cow<'a>(frame: &'a Frame, src: &str, e: &Expr) -> Result<Cow<'a, [f64]>> {
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

/// A parsed formula: the response, the terms and whether it has an
/// intercept. Build designs from it with [`Formula::design`].
///
/// # Examples
/// ```
/// use colcrime::formula::Formula;
/// let f = Formula::parse("log(y) ~ x + lag(x,1) - 1").unwrap();
/// assert_eq!(f.response, "log(y)");
/// assert_eq!(f.terms, vec!["x", "lag(x, 1)"]);
/// assert!(!f.intercept);
/// let g = Formula::parse("y ~ a * C(g)").unwrap();
/// assert_eq!(g.terms, vec!["a", "C(g)", "a:C(g)"]);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Formula {
    /// The response's text (normalised).
    pub response: String,
    /// The regressor terms' texts (normalised; interactions joined by `:`),
    /// in order of degree, then as written.
    pub terms: Vec<String>,
    /// The offset expression's text, if any.
    pub offset: Option<String>,
    /// Whether the intercept `const` is included.
    pub intercept: bool,
    /// The formula as given.
    pub source: String,
    resp_expr: Expr,
    term_list: Vec<Term>,
    offset_expr: Option<Expr>,
}

/// Splits a token run at the top-level (outside parentheses) operator `op`.
fn split_top(toks: &[(Tok, usize)], op: char) -> Vec<&[(Tok, usize)]> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0usize;
    for (j, (t, _)) in toks.iter().enumerate() {
        match t {
            Tok::Op('(') => depth += 1,
            Tok::Op(')') => depth -= 1,
            Tok::Op(c) if *c == op && depth == 0 => {
                out.push(toks.get(start..j).unwrap_or(&[]));
                start = j + 1;
            }
            _ => {}
        }
    }
    out.push(toks.get(start..).unwrap_or(&[]));
    out
}

/// A factor of a formula term, or an `offset(...)`.
enum Parsed {
    Factor(Factor),
    Offset(String, Expr),
}

/// Parses one factor (`x`, `log(x)`, `C(g)`, `offset(e)`).
fn parse_factor(src: &str, toks: &[(Tok, usize)], end_pos: usize) -> Result<Parsed> {
    let Some(first_pos) = toks.first().map(|t| t.1) else {
        return Err(expr_err(src, end_pos, "a term", "nothing"));
    };
    let e = parse_tokens(src, toks)?;
    match &e {
        Expr::Call(name, args) if name == "offset" => {
            let [a] = args.as_slice() else {
                return Err(expr_err(
                    src,
                    first_pos,
                    "offset(expr) with one argument",
                    "offset",
                ));
            };
            let inner = toks.get(2..toks.len().saturating_sub(1)).unwrap_or(&[]);
            Ok(Parsed::Offset(canonical(inner), a.clone()))
        }
        Expr::Call(name, args) if name == "C" => {
            let [Expr::Col(col)] = args.as_slice() else {
                return Err(expr_err(
                    src,
                    first_pos,
                    "C(column) naming one column",
                    &canonical(toks),
                ));
            };
            Ok(Parsed::Factor(Factor::Cat { col: col.clone() }))
        }
        Expr::Num(_) => Err(expr_err(
            src,
            first_pos,
            "a variable (a number alone can only be the intercept, 0 or 1)",
            &canonical(toks),
        )),
        _ => Ok(Parsed::Factor(Factor::Num {
            text: canonical(toks),
            expr: e,
        })),
    }
}

impl Formula {
    /// Parses `response ~ rhs`.
    ///
    /// # Errors
    /// A syntax error (with the 1-based character column), no `~`, a
    /// repeated term, an `offset()` inside an interaction, or an
    /// unsupported R operator (`/`, `^` between terms).
    ///
    /// # Examples
    /// ```
    /// use colcrime::formula::Formula;
    /// assert!(Formula::parse("y ~ x +").is_err());
    /// assert_eq!(Formula::parse("y ~ 0 + x").unwrap().intercept, false);
    /// assert_eq!(Formula::parse("y ~ a:b + a").unwrap().terms, vec!["a", "a:b"]);
    /// ```
    pub fn parse(src: &str) -> Result<Formula> {
        let toks = tokenize(src)?;
        let tilde = toks
            .iter()
            .position(|t| t.0 == Tok::Op('~'))
            .ok_or_else(|| expr_err(src, 0, "a formula `y ~ x1 + x2`", src))?;
        let (lhs, rest) = toks.split_at(tilde);
        let rhs = rest.get(1..).unwrap_or(&[]);
        if lhs.is_empty() {
            return Err(expr_err(src, 0, "a response before `~`", "~"));
        }
        let resp_expr = parse_tokens(src, lhs)?;
        let response = canonical(lhs);
        // Split the right-hand side at top-level + and -.
        let mut pieces: Vec<(bool, &[(Tok, usize)])> = Vec::new();
        let mut depth = 0i32;
        let mut start = 0usize;
        let mut sign = true;
        for (j, (t, pos)) in rhs.iter().enumerate() {
            match t {
                Tok::Op('(') => depth += 1,
                Tok::Op(')') => depth -= 1,
                Tok::Op(c @ ('+' | '-')) if depth == 0 => {
                    let piece = rhs.get(start..j).unwrap_or(&[]);
                    if piece.is_empty() {
                        if j != 0 {
                            return Err(expr_err(src, *pos, "a term", &c.to_string()));
                        }
                    } else {
                        pieces.push((sign, piece));
                    }
                    sign = *c == '+';
                    start = j + 1;
                }
                Tok::Op(c @ ('/' | '^')) if depth == 0 => {
                    return Err(expr_err(
                        src,
                        *pos,
                        "`+`, `:` or `*` between terms (write arithmetic as I(a / b))",
                        &c.to_string(),
                    ));
                }
                Tok::Op('~') => return Err(expr_err(src, *pos, "a single `~`", "~")),
                _ => {}
            }
        }
        let last = rhs.get(start..).unwrap_or(&[]);
        if last.is_empty() {
            return Err(expr_err(src, src.len(), "a term", "the end"));
        }
        pieces.push((sign, last));

        let mut intercept = true;
        // Terms with whether they were written out (not from `*`).
        let mut terms: Vec<(Term, bool)> = Vec::new();
        let mut offset = None;
        let mut offset_expr = None;
        for (plus, piece) in pieces {
            let first_pos = piece.first().map_or(0, |t| t.1);
            let end_pos = piece.last().map_or(src.len(), |t| t.1 + 1);
            if let [(Tok::Num(v, _), _)] = piece {
                match (plus, *v) {
                    (true, 1.0) | (false, 0.0) => intercept = true,
                    (true, 0.0) | (false, 1.0) => intercept = false,
                    _ => {
                        return Err(expr_err(
                            src,
                            first_pos,
                            "0 or 1 (the intercept)",
                            &v.to_string(),
                        ));
                    }
                }
                continue;
            }
            if !plus {
                return Err(expr_err(
                    src,
                    first_pos,
                    "`+` (only the intercept can be removed, with `- 1`)",
                    "-",
                ));
            }
            // a:b*c:d → groups [a, b] and [c, d].
            let mut groups: Vec<Vec<Factor>> = Vec::new();
            let star = split_top(piece, '*');
            let single = star.len() == 1;
            for g in star {
                let mut factors: Vec<Factor> = Vec::new();
                let colon = split_top(g, ':');
                let alone = single && colon.len() == 1;
                for f in colon {
                    match parse_factor(src, f, end_pos)? {
                        Parsed::Offset(text, e) => {
                            if !alone {
                                return Err(expr_err(
                                    src,
                                    first_pos,
                                    "offset() as a term of its own",
                                    &canonical(piece),
                                ));
                            }
                            if offset.is_some() {
                                return Err(expr_err(
                                    src,
                                    first_pos,
                                    "at most one offset()",
                                    "offset",
                                ));
                            }
                            offset = Some(text);
                            offset_expr = Some(e);
                        }
                        Parsed::Factor(fa) => {
                            if !factors.iter().any(|x| x.text() == fa.text()) {
                                factors.push(fa);
                            }
                        }
                    }
                }
                if !factors.is_empty() {
                    groups.push(factors);
                }
            }
            if groups.len() > 8 {
                return Err(expr_err(
                    src,
                    first_pos,
                    "at most 8 factors joined by `*`",
                    &canonical(piece),
                ));
            }
            for t in terms::expand_star(&groups) {
                match terms.iter_mut().find(|(u, _)| u.key() == t.key()) {
                    Some((_, explicit)) => {
                        if single && *explicit {
                            return Err(expr_err(src, first_pos, "each term once", &t.text()));
                        }
                        *explicit |= single;
                    }
                    None => terms.push((t, single)),
                }
            }
        }
        // Main effects first, then interactions by degree (as R and patsy).
        let mut term_list: Vec<Term> = terms.into_iter().map(|(t, _)| t).collect();
        term_list.sort_by_key(|t| t.factors.len());
        Ok(Formula {
            response,
            terms: term_list.iter().map(Term::text).collect(),
            offset,
            intercept,
            source: src.to_string(),
            resp_expr,
            term_list,
            offset_expr,
        })
    }

    /// Parameter names when no term is categorical: `const` (if the
    /// intercept is included) then the terms. (A categorical term's names
    /// depend on its levels: see [`Design::names`].)
    ///
    /// # Examples
    /// ```
    /// use colcrime::formula::Formula;
    /// assert_eq!(Formula::parse("y ~ x").unwrap().param_names(), vec!["const", "x"]);
    /// assert_eq!(Formula::parse("y ~ x*z").unwrap().param_names(), vec!["const", "x", "z", "x:z"]);
    /// ```
    pub fn param_names(&self) -> Vec<String> {
        let mut v = Vec::with_capacity(self.terms.len() + 1);
        if self.intercept {
            v.push("const".to_string());
        }
        v.extend(self.terms.iter().cloned());
        v
    }

    /// Evaluates the regressor columns (without the intercept; an
    /// interaction of numeric factors is their product) and the offset on
    /// every row of `frame`.
    ///
    /// # Errors
    /// As [`eval_expr`]; a categorical term (which expands to several
    /// columns only in a [`Design`]).
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

    /// Builds the design on frame rows `rows` (expressions are evaluated on
    /// the whole frame first, so lags reach back before `rows.start`), with
    /// listwise deletion of rows where the response, a factor of a term or
    /// the offset is missing. Columns: `const`, then each term's columns
    /// (coded as described in the module documentation).
    ///
    /// # Errors
    /// Rows out of range, or the errors of [`eval_expr`].
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

/// The categories of column `col` on every row: a text column's cells, or a
/// numeric column's values (integers printed without a decimal point).
fn category_values(frame: &Frame, col: &str) -> Result<Vec<Option<Level>>> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn frame() -> Frame {
        Frame::from_csv_str("t", "y,x,a b\n1,1,2\n2,4,3\n4,9,5\n8,16,7\n").unwrap()
    }

    #[test]
    fn arithmetic_and_precedence() {
        let f = frame();
        assert_eq!(eval_expr(&f, "-x^2").unwrap()[1], -16.0);
        assert_eq!(eval_expr(&f, "2^3^2").unwrap()[0], 512.0);
        assert_eq!(eval_expr(&f, "1 + 2 * 3 - 4 / 2").unwrap()[0], 5.0);
        assert_eq!(eval_expr(&f, "(1 + 2) * 3").unwrap()[0], 9.0);
        assert_eq!(eval_expr(&f, "1e-1 * 10").unwrap()[0], 1.0);
        assert_eq!(eval_expr(&f, "`a b` + 1").unwrap()[3], 8.0);
        assert_eq!(eval_expr(&f, "sqrt(x)").unwrap()[2], 3.0);
        assert_eq!(eval_expr(&f, "abs(-x)").unwrap()[2], 9.0);
    }

    #[test]
    fn shifts() {
        let f = frame();
        let d = eval_expr(&f, "diff(y, 2)").unwrap();
        assert!(d[1].is_nan());
        assert_eq!(d[2], 3.0);
        let l = eval_expr(&f, "lag(y, -1)").unwrap();
        assert_eq!(l[0], 2.0);
        assert!(l[3].is_nan());
        assert_eq!(eval_expr(&f, "growth(y)").unwrap()[1], 100.0);
    }

    #[test]
    fn errors() {
        let f = frame();
        let e = eval_expr(&f, "log(x - 4)").unwrap_err();
        assert!(e.to_string().contains("row 1"), "{e}");
        assert_eq!(e.exit_code(), 2);
        let e = eval_expr(&f, "x + * 2").unwrap_err();
        assert!(e.to_string().contains(":1:5"), "{e}");
        assert!(eval_expr(&f, "nope(x)").is_err());
        assert!(eval_expr(&f, "zz").is_err());
        assert!(eval_expr(&f, "lag(x, 1.5)").is_err());
        assert!(Formula::parse("y ~ a / b").is_err());
        assert!(Formula::parse("y ~ a ^ 2").is_err());
        assert!(Formula::parse("y ~ a:offset(b)").is_err());
        assert!(Formula::parse("y ~ a:b + b:a").is_err());
        assert!(Formula::parse("y ~ 2:a").is_err());
        assert!(Formula::parse("y ~ a:").is_err());
        assert!(Formula::parse("y ~ *a").is_err());
        assert!(Formula::parse("y ~ a - b").is_err());
        assert!(Formula::parse("y ~ a + a").is_err());
    }

    #[test]
    fn formula_parts() {
        let f = Formula::parse("log( y ) ~ x+I(x ^ 2)+lag(x,1) + offset(log(x)) + 0").unwrap();
        assert_eq!(f.response, "log(y)");
        assert_eq!(f.terms, vec!["x", "I(x^2)", "lag(x, 1)"]);
        assert_eq!(f.offset.as_deref(), Some("log(x)"));
        assert!(!f.intercept);
        let d = f.design(&frame(), 0..4).unwrap();
        assert_eq!(d.dropped, 1);
        assert_eq!(d.x.dim(), (3, 3));
        assert_eq!(d.offset.unwrap()[0], 4f64.ln());
        assert!(Formula::parse("y ~ -1 + x").is_ok_and(|f| !f.intercept));
    }

    #[test]
    fn interactions() {
        let f = Formula::parse("y ~ x*`a b` + x:x + I(x*y)").unwrap();
        // `x:x` is `x`, already there from the star: counted once.
        assert_eq!(f.terms, vec!["x", "`a b`", "I(x*y)", "x:`a b`"]);
        let d = f.design(&frame(), 0..4).unwrap();
        assert_eq!(d.names, vec!["const", "x", "`a b`", "I(x*y)", "x:`a b`"]);
        assert_eq!(d.x[[3, 4]], 16.0 * 7.0);
        let f = Formula::parse("y ~ a*b*c + a:b").unwrap();
        assert_eq!(f.terms, vec!["a", "b", "c", "a:b", "a:c", "b:c", "a:b:c"]);
        let f = Formula::parse("y ~ log(x):lag(y, 1)").unwrap();
        assert_eq!(f.terms, vec!["log(x):lag(y, 1)"]);
        let d = f.design(&frame(), 0..4).unwrap();
        assert_eq!(d.dropped, 1);
        assert!((d.x[[0, 1]] - 4f64.ln() * 1.0).abs() < 1e-15);
    }

    #[test]
    fn categorical_interactions() {
        let f = Frame::from_csv_str(
            "t",
            "g,h,y,x\nb,u,1,1\na,v,3,2\nc,u,5,4\na,u,6,3\nb,v,2,5\nc,v,4,6\n",
        )
        .unwrap();
        let d = design(&f, "y ~ C(g)*C(h)", 0..6).unwrap();
        assert_eq!(
            d.names,
            vec![
                "const",
                "C(g)[T.b]",
                "C(g)[T.c]",
                "C(h)[T.v]",
                "C(g)[T.b]:C(h)[T.v]",
                "C(g)[T.c]:C(h)[T.v]"
            ]
        );
        assert_eq!(d.x.column(4).to_vec(), vec![0., 0., 0., 0., 1., 0.]);
        // patsy: `1 + C(g):C(h)` is `C(h)[T.v]` and `C(g)[T.*]:C(h)[*]`.
        let d = design(&f, "y ~ C(g):C(h)", 0..6).unwrap();
        assert_eq!(
            d.names,
            vec![
                "const",
                "C(h)[T.v]",
                "C(g)[T.b]:C(h)[u]",
                "C(g)[T.c]:C(h)[u]",
                "C(g)[T.b]:C(h)[v]",
                "C(g)[T.c]:C(h)[v]"
            ]
        );
        let d = design(&f, "y ~ 0 + C(g):x", 0..6).unwrap();
        assert_eq!(d.names, vec!["C(g)[a]:x", "C(g)[b]:x", "C(g)[c]:x"]);
        assert_eq!(d.x.column(1).to_vec(), vec![1., 0., 0., 0., 5., 0.]);
        let d = design(&f, "y ~ x:C(g) + x", 0..6).unwrap();
        assert_eq!(d.names, vec!["const", "x", "x:C(g)[T.b]", "x:C(g)[T.c]"]);
        // Categorical interactions have no single column outside a design.
        assert!(
            Formula::parse("y ~ C(g):x")
                .unwrap()
                .eval_regressors(&f)
                .is_err()
        );
    }
}
