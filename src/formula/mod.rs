//! Expressions (`log(x)`, `lag(x, 1)`, `growth(cpi, 12)`, ...) and R-style
//! formulas (`y ~ x1 + lag(x2, 1) + offset(log(pop))`) evaluated on a
//! [`Frame`](crate::series::Frame).
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
//! Shifts move along the frame's rows, which must then be a time series:
//! on a long panel (a date column that repeats each period once per
//! borough, read with
//! [`ReadOptions::long_panel`](crate::series::frame::ReadOptions::long_panel))
//! or on rows out of time order, the row above is not the period before, and
//! `lag`, `diff` and `growth` are errors naming the line (lagging within each
//! borough is not supported). A missing value (`NaN`) propagates;
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
//! dropped. The frame's index column is a categorical too (`C(date)`, one
//! level per period, in time order): with `C(borough)` on a long panel,
//! borough and period fixed effects.
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

mod design;
mod eval;
mod parse;
mod terms;

pub use design::{Design, design};
pub use eval::eval_expr;
pub use parse::Formula;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::series::Frame;
    use crate::series::frame::ReadOptions;

    /// Two boroughs by two months, sorted by borough.
    fn panel() -> Frame {
        let text = "date,borough,y,x\n2020-01,a,1,2\n2020-02,a,2,3\n2020-01,b,3,4\n2020-02,b,4,6\n";
        Frame::from_csv_str_with("p.csv", text, ReadOptions::long_panel()).unwrap()
    }

    #[test]
    fn shifts_on_a_long_panel_are_errors() {
        let f = panel();
        let e = eval_expr(&f, "lag(x, 1)").unwrap_err();
        assert_eq!(
            e.to_string(),
            "p.csv:4: lag() in \"lag(x, 1)\" shifts along the rows, but period 2020-01 repeats \
             (first at line 2): the rows are a long panel (one per borough and date), and shifting \
             within each borough is not supported; add the lagged values to the file as a column"
        );
        assert_eq!(e.exit_code(), 2);
        let e = design(&f, "y ~ x + diff(x, 1)", 0..4).unwrap_err();
        assert!(
            e.to_string().contains("diff() in \"y ~ x + diff(x, 1)\""),
            "{e}"
        );
        let e = design(&f, "growth(y) ~ x", 0..4).unwrap_err();
        assert!(e.to_string().contains("growth() in"), "{e}");
        // Without a column that tells the rows apart.
        let f = Frame::from_csv_str_with(
            "q.csv",
            "date,y\n2020-01,1\n2020-01,2\n",
            ReadOptions::long_panel(),
        )
        .unwrap();
        assert_eq!(
            eval_expr(&f, "growth(y)").unwrap_err().to_string(),
            "q.csv:3: growth() in \"growth(y)\" shifts along the rows, but period 2020-01 repeats \
             (first at line 2): the rows are a long panel, where the row above is not the period \
             before; growth() needs each period once, in time order"
        );
        // Shuffled periods.
        let f = Frame::from_csv_str_with(
            "s.csv",
            "date,y\n2020-02,1\n2020-01,2\n",
            ReadOptions::long_panel(),
        )
        .unwrap();
        assert_eq!(
            eval_expr(&f, "diff(y)").unwrap_err().to_string(),
            "s.csv:3: diff() in \"diff(y)\" shifts along the rows, but period 2020-01 comes after \
             2020-02 (line 2): sort the rows by date"
        );
        // Frames without an index shift along their rows, as before.
        assert_eq!(eval_expr(&frame(), "lag(y, 1)").unwrap()[1], 1.0);
    }

    #[test]
    fn long_panel_designs_use_rows_in_file_order() {
        let f = panel();
        assert_eq!(eval_expr(&f, "log(x)").unwrap()[3], 6f64.ln());
        let d = design(&f, "y ~ x + C(borough)", 0..4).unwrap();
        assert_eq!(d.names, vec!["const", "x", "C(borough)[T.b]"]);
        assert_eq!(d.rows, vec![0, 1, 2, 3]);
        assert_eq!(d.x.column(2).to_vec(), vec![0., 0., 1., 1.]);
        // The index column is a category too: time fixed effects.
        let d = design(&f, "y ~ C(borough) + C(date)", 0..4).unwrap();
        assert_eq!(
            d.names,
            vec!["const", "C(borough)[T.b]", "C(date)[T.2020-02]"]
        );
        assert_eq!(d.x.column(2).to_vec(), vec![0., 1., 0., 1.]);
        let d = design(&f, "y ~ 0 + C(date)", 0..4).unwrap();
        assert_eq!(d.names, vec!["C(date)[2020-01]", "C(date)[2020-02]"]);
    }

    #[test]
    fn index_column_is_a_category_under_its_own_name() {
        let f =
            Frame::from_csv_str("t.csv", "Quarter,y\n2019 Q4,1\n2020 Q1,2\n2020 Q2,4\n").unwrap();
        let d = design(&f, "y ~ C(Quarter)", 0..3).unwrap();
        assert_eq!(
            d.names,
            vec!["const", "C(Quarter)[T.2020 Q1]", "C(Quarter)[T.2020 Q2]"]
        );
        assert!(design(&f, "y ~ C(date)", 0..3).is_err());
    }

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
