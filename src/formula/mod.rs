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
//! normalised (`lag(x2, 1)`, `I(x^2)`). Products of terms in the R sense
//! (`a * b`, `a:b`) are not supported: write `I(a * b)`.
//!
//! A categorical term `C(col)` (a text column, or a numeric one such as a
//! year) expands to treatment-coded dummies as patsy does: the levels found
//! on the rows used, sorted (text by code point, numbers numerically), the
//! first is the base and each other level `v` gets a column named
//! `C(col)[T.v]`. In a formula without intercept the first categorical term
//! keeps every level (`C(col)[v]`). Columns stay in formula order (patsy puts
//! categorical terms first). A row with a missing category is dropped.
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

use std::ops::Range;

use ndarray::Array2;

use crate::error::{Error, Location, Result};
use crate::series::Frame;

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
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Formula {
    /// The response's text (normalised).
    pub response: String,
    /// The regressor terms' texts (normalised), in order.
    pub terms: Vec<String>,
    /// The offset expression's text, if any.
    pub offset: Option<String>,
    /// Whether the intercept `const` is included.
    pub intercept: bool,
    /// The formula as given.
    pub source: String,
    resp_expr: Expr,
    term_exprs: Vec<Expr>,
    offset_expr: Option<Expr>,
    /// For each term, the column of a categorical term `C(col)`.
    categorical: Vec<Option<String>>,
}

impl Formula {
    /// Parses `response ~ rhs`.
    ///
    /// # Errors
    /// A syntax error (with the 1-based character column), no `~`, a
    /// repeated term or an unsupported R operator (`*`, `:` between terms).
    ///
    /// # Examples
    /// ```
    /// use colcrime::formula::Formula;
    /// assert!(Formula::parse("y ~ x +").is_err());
    /// assert_eq!(Formula::parse("y ~ 0 + x").unwrap().intercept, false);
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
                Tok::Op(c @ ('*' | ':' | '/' | '^')) if depth == 0 => {
                    return Err(expr_err(
                        src,
                        *pos,
                        "`+` between terms (write products and powers as I(a * b))",
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
        let mut terms = Vec::new();
        let mut term_exprs = Vec::new();
        let mut offset = None;
        let mut offset_expr = None;
        let mut categorical = Vec::new();
        for (plus, piece) in pieces {
            let first_pos = piece.first().map_or(0, |t| t.1);
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
            let e = parse_tokens(src, piece)?;
            if let Expr::Call(name, args) = &e {
                if name == "offset" {
                    let [a] = args.as_slice() else {
                        return Err(expr_err(
                            src,
                            first_pos,
                            "offset(expr) with one argument",
                            "offset",
                        ));
                    };
                    if offset.is_some() {
                        return Err(expr_err(src, first_pos, "at most one offset()", "offset"));
                    }
                    let inner = piece.get(2..piece.len().saturating_sub(1)).unwrap_or(&[]);
                    offset = Some(canonical(inner));
                    offset_expr = Some(a.clone());
                    continue;
                }
                if name == "C" {
                    let [Expr::Col(col)] = args.as_slice() else {
                        return Err(expr_err(
                            src,
                            first_pos,
                            "C(column) naming one column",
                            &canonical(piece),
                        ));
                    };
                    let text = format!("C({col})");
                    if terms.contains(&text) {
                        return Err(expr_err(src, first_pos, "each term once", &text));
                    }
                    terms.push(text);
                    categorical.push(Some(col.clone()));
                    term_exprs.push(e.clone());
                    continue;
                }
            }
            let text = canonical(piece);
            if terms.contains(&text) {
                return Err(expr_err(src, first_pos, "each term once", &text));
            }
            terms.push(text);
            categorical.push(None);
            term_exprs.push(e);
        }
        Ok(Formula {
            response,
            terms,
            offset,
            intercept,
            source: src.to_string(),
            resp_expr,
            term_exprs,
            offset_expr,
            categorical,
        })
    }

    /// Parameter names: `const` (if the intercept is included) then the terms.
    ///
    /// # Examples
    /// ```
    /// use colcrime::formula::Formula;
    /// assert_eq!(Formula::parse("y ~ x").unwrap().param_names(), vec!["const", "x"]);
    /// ```
    pub fn param_names(&self) -> Vec<String> {
        let mut v = Vec::with_capacity(self.terms.len() + 1);
        if self.intercept {
            v.push("const".to_string());
        }
        v.extend(self.terms.iter().cloned());
        v
    }

    /// Evaluates the regressor columns (without the intercept) and the
    /// offset on every row of `frame`.
    ///
    /// # Errors
    /// As [`eval_expr`].
    ///
    /// # Examples
    /// ```
    /// use colcrime::formula::Formula;
    /// use colcrime::series::Frame;
    /// let fr = Frame::from_csv_str("t", "y,x\n1,2\n3,4\n").unwrap();
    /// let (cols, off) = Formula::parse("y ~ x").unwrap().eval_regressors(&fr).unwrap();
    /// assert_eq!(cols[0], vec![2.0, 4.0]);
    /// assert!(off.is_none());
    /// ```
    #[allow(clippy::type_complexity)]
    pub fn eval_regressors(&self, frame: &Frame) -> Result<(Vec<Vec<f64>>, Option<Vec<f64>>)> {
        if let Some(t) = self.categorical.iter().flatten().next() {
            return Err(Error::usage(format!(
                "the categorical term C({t}) in \"{}\" expands to dummy columns only in a design",
                self.source
            )));
        }
        let cols = self
            .term_exprs
            .iter()
            .map(|e| eval(frame, &self.source, e))
            .collect::<Result<Vec<_>>>()?;
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
    /// listwise deletion of rows where the response, a regressor or the
    /// offset is missing.
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
        if rows.end > frame.nrows() || rows.start > rows.end {
            return Err(Error::usage(format!(
                "rows {}..{} are outside the data's {} rows",
                rows.start + 1,
                rows.end,
                frame.nrows()
            )));
        }
        let y_all = self.eval_response(frame)?;
        let off = match &self.offset_expr {
            Some(e) => Some(eval(frame, &self.source, e)?),
            None => None,
        };
        // Each term: numeric values, or category labels with sort keys.
        let mut terms: Vec<TermValues> = Vec::with_capacity(self.term_exprs.len());
        for (e, cat) in self.term_exprs.iter().zip(&self.categorical) {
            terms.push(match cat {
                Some(col) => TermValues::Cat(category_values(frame, col)?),
                None => TermValues::Num(eval(frame, &self.source, e)?),
            });
        }
        let keep: Vec<usize> = rows
            .clone()
            .filter(|&i| {
                y_all.get(i).is_some_and(|v| !v.is_nan())
                    && terms.iter().all(|t| match t {
                        TermValues::Num(c) => c.get(i).is_some_and(|v| !v.is_nan()),
                        TermValues::Cat(c) => c.get(i).is_some_and(Option::is_some),
                    })
                    && off
                        .as_ref()
                        .is_none_or(|o| o.get(i).is_some_and(|v| !v.is_nan()))
            })
            .collect();
        let k0 = usize::from(self.intercept);
        let mut names: Vec<String> = Vec::new();
        if self.intercept {
            names.push("const".into());
        }
        let mut columns: Vec<Vec<f64>> = Vec::new();
        let mut full_rank_done = self.intercept;
        for (t, text) in terms.iter().zip(&self.terms) {
            match t {
                TermValues::Num(c) => {
                    names.push(text.clone());
                    columns.push(
                        keep.iter()
                            .map(|&i| c.get(i).copied().unwrap_or(f64::NAN))
                            .collect(),
                    );
                }
                TermValues::Cat(c) => {
                    let mut levels: Vec<&Level> =
                        keep.iter().filter_map(|&i| c.get(i)?.as_ref()).collect();
                    levels.sort_by(|a, b| a.cmp_key(b));
                    levels.dedup_by(|a, b| a.label == b.label);
                    // Treatment coding against the first level, or every
                    // level for the first categorical term of a formula
                    // without intercept (as patsy).
                    let skip = usize::from(full_rank_done);
                    for lev in levels.iter().skip(skip) {
                        names.push(if full_rank_done {
                            format!("{text}[T.{}]", lev.label)
                        } else {
                            format!("{text}[{}]", lev.label)
                        });
                        columns.push(
                            keep.iter()
                                .map(|&i| {
                                    let hit = c
                                        .get(i)
                                        .and_then(Option::as_ref)
                                        .is_some_and(|v| v.label == lev.label);
                                    if hit { 1.0 } else { 0.0 }
                                })
                                .collect(),
                        );
                    }
                    full_rank_done = true;
                }
            }
        }
        let k = columns.len() + k0;
        let mut x = Array2::<f64>::zeros((keep.len(), k));
        for r in 0..keep.len() {
            if self.intercept {
                x[[r, 0]] = 1.0;
            }
            for (j, c) in columns.iter().enumerate() {
                x[[r, j + k0]] = c.get(r).copied().unwrap_or(f64::NAN);
            }
        }
        let pick = |v: &[f64]| {
            keep.iter()
                .map(|&i| v.get(i).copied().unwrap_or(f64::NAN))
                .collect::<Vec<_>>()
        };
        Ok(Design {
            y: pick(&y_all),
            x,
            names,
            offset: off.as_deref().map(pick),
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

/// A term's values on every frame row.
enum TermValues {
    Num(Vec<f64>),
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
        assert!(Formula::parse("y ~ a * b").is_err());
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
}
