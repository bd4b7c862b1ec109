//! The expression and formula language: tokens, the expression parser
//! (precedence climbing over `+ - * / ^`, calls and parentheses), and
//! [`Formula::parse`], which splits a right-hand side into terms.

use crate::error::{Error, Location, Result};

use super::terms::{self, Factor, Term};

/// A token of the expression language, with its byte position.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok {
    Num(f64, String),
    Ident(String),
    Quoted(String),
    Op(char),
}

pub(super) fn tokenize(src: &str) -> Result<Vec<(Tok, usize)>> {
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
pub(super) enum Expr {
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

pub(super) fn parse_tokens(src: &str, toks: &[(Tok, usize)]) -> Result<Expr> {
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
    pub(super) resp_expr: Expr,
    pub(super) term_list: Vec<Term>,
    pub(super) offset_expr: Option<Expr>,
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
    /// depend on its levels: see [`Design::names`](super::Design::names).)
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
}
