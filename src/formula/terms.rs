//! Terms of a formula's right-hand side (products of factors, as in R's
//! `a:b`) and patsy's rule for coding their categorical factors.
//!
//! A term is a set of factors: numeric expressions and categorical columns
//! `C(col)`. Its columns are the products of its factors' columns: a numeric
//! factor contributes one column; a categorical factor either every level
//! ("full rank", named `C(col)[v]`) or every level but the first
//! (treatment contrasts, `C(col)[T.v]`).
//!
//! Which categorical factors are coded in full follows patsy
//! (Smith et al., <https://patsy.readthedocs.io/en/latest/formulas.html>,
//! "Technical details"), which gives R's `model.matrix` columns in the usual
//! cases: terms are grouped by their set of numeric factors; within a group
//! terms are taken in order of degree, and each term is expanded into the
//! subsets of its categorical factors (`a:b` into `1`, `a-`, `b-`, `a-:b-`,
//! with `-` meaning contrast coding), dropping the subsets an earlier term
//! (or the intercept, in the group without numeric factors) already spans.
//! The remaining subsets are merged greedily from the left: a subset one
//! factor larger absorbs a smaller one it contains, turning the extra
//! factor's coding into full rank (`1 + a-` is `a+`). So with an intercept
//! `x + C(g):x` gives `x` and `C(g)[T.v]:x` (slope differences), while
//! `C(g):x` alone gives one slope per level, `C(g)[v]:x`.

use super::parse::Expr;

/// One factor of a term.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Factor {
    /// A numeric expression, with its normalised text.
    Num { text: String, expr: Expr },
    /// A categorical column `C(col)`.
    Cat { col: String },
}

impl Factor {
    /// The factor's text (`log(x)`, `C(borough)`).
    pub(super) fn text(&self) -> String {
        match self {
            Factor::Num { text, .. } => text.clone(),
            Factor::Cat { col } => format!("C({col})"),
        }
    }

    pub(super) fn is_cat(&self) -> bool {
        matches!(self, Factor::Cat { .. })
    }
}

/// A term: the product of its factors (in the order written).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Term {
    pub(super) factors: Vec<Factor>,
}

impl Term {
    /// The term's text: its factors joined by `:`.
    pub(super) fn text(&self) -> String {
        self.factors
            .iter()
            .map(Factor::text)
            .collect::<Vec<_>>()
            .join(":")
    }

    /// The factors' texts, sorted: equal for `a:b` and `b:a`.
    pub(super) fn key(&self) -> Vec<String> {
        let mut k: Vec<String> = self.factors.iter().map(Factor::text).collect();
        k.sort();
        k
    }
}

/// The terms of `g1 * g2 * ... * gm`, where each group `gi` is a product
/// of factors (`a:b`): every non-empty subset of the groups, by size and
/// then in the order written, as R and patsy expand `*` (`a*b` is
/// `a + b + a:b`). Factors repeated within a term count once (`a:a` is `a`).
pub(super) fn expand_star(groups: &[Vec<Factor>]) -> Vec<Term> {
    let m = groups.len();
    let mut subsets: Vec<Vec<usize>> = (1u64..(1u64 << m))
        .map(|mask| (0..m).filter(|i| mask & (1u64 << i) != 0).collect())
        .collect();
    subsets.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
    subsets
        .into_iter()
        .map(|s| {
            let mut factors: Vec<Factor> = Vec::new();
            for f in s.iter().filter_map(|&i| groups.get(i)).flatten() {
                if !factors.iter().any(|g| g.text() == f.text()) {
                    factors.push(f.clone());
                }
            }
            Term { factors }
        })
        .collect()
}

/// How one factor enters a block of columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Coding {
    /// A numeric factor: its single column.
    Num,
    /// A categorical factor with every level.
    Full,
    /// A categorical factor with treatment contrasts (the first level left out).
    Reduced,
}

/// The column blocks ("subterms") of each term, in patsy's order: for each
/// term a list of blocks, each block the term's factors that enter it (by
/// index into the term's factors, in the term's order) with their coding.
/// `terms` must already be in degree order.
pub(super) fn codings(terms: &[Term], intercept: bool) -> Vec<Vec<Vec<(usize, Coding)>>> {
    use std::collections::{HashMap, HashSet};
    // Per group of numeric factors, the sets of categorical factors spanned.
    let mut used: HashMap<Vec<String>, HashSet<Vec<String>>> = HashMap::new();
    if intercept {
        used.entry(Vec::new()).or_default().insert(Vec::new());
    }
    let mut out = Vec::with_capacity(terms.len());
    for t in terms {
        let mut bucket: Vec<String> = t
            .factors
            .iter()
            .filter(|f| !f.is_cat())
            .map(Factor::text)
            .collect();
        bucket.sort();
        let cats: Vec<usize> = (0..t.factors.len())
            .filter(|&i| t.factors.get(i).is_some_and(Factor::is_cat))
            .collect();
        let key_of = |s: &[usize]| -> Vec<String> {
            let mut k: Vec<String> = s
                .iter()
                .filter_map(|&i| t.factors.get(i).map(Factor::text))
                .collect();
            k.sort();
            k
        };
        // Subsets of the categorical factors, by size then position.
        let m = cats.len();
        let mut subsets: Vec<Vec<usize>> = (0u64..(1u64 << m))
            .map(|mask| {
                (0..m)
                    .filter(|i| mask & (1u64 << i) != 0)
                    .filter_map(|i| cats.get(i).copied())
                    .collect()
            })
            .collect();
        subsets.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
        let spanned = used.entry(bucket).or_default();
        let mut subterms: Vec<Vec<(usize, bool)>> = subsets
            .iter()
            .filter(|s| !spanned.contains(&key_of(s)))
            .map(|s| s.iter().map(|&i| (i, false)).collect())
            .collect();
        for s in &subsets {
            spanned.insert(key_of(s));
        }
        simplify(&mut subterms);
        let blocks = subterms
            .into_iter()
            .map(|sub| {
                t.factors
                    .iter()
                    .enumerate()
                    .filter_map(|(i, f)| {
                        if !f.is_cat() {
                            Some((i, Coding::Num))
                        } else {
                            sub.iter()
                                .find(|e| e.0 == i)
                                .map(|e| (i, if e.1 { Coding::Full } else { Coding::Reduced }))
                        }
                    })
                    .collect()
            })
            .collect();
        out.push(blocks);
    }
    out
}

/// patsy's greedy merging: repeatedly, the first subterm (from the left)
/// that a later subterm one factor larger contains is absorbed into it, the
/// extra factor becoming full rank.
fn simplify(subterms: &mut Vec<Vec<(usize, bool)>>) {
    loop {
        let mut hit = None;
        'search: for (si, short) in subterms.iter().enumerate() {
            for (li, long) in subterms.iter().enumerate().skip(si + 1) {
                if long.len() == short.len() + 1 && short.iter().all(|e| long.contains(e)) {
                    hit = Some((si, li));
                    break 'search;
                }
            }
        }
        let Some((si, li)) = hit else { return };
        let (Some(short), Some(long)) = (subterms.get(si).cloned(), subterms.get(li)) else {
            return;
        };
        let mut merged = short.clone();
        for e in long {
            if !short.contains(e) {
                merged.push((e.0, true));
            }
        }
        merged.sort_unstable();
        if let Some(slot) = subterms.get_mut(li) {
            *slot = merged;
        }
        subterms.remove(si);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cat(c: &str) -> Factor {
        Factor::Cat { col: c.into() }
    }
    fn num(c: &str) -> Factor {
        Factor::Num {
            text: c.into(),
            expr: Expr::Col(c.into()),
        }
    }

    #[test]
    fn star_expansion() {
        let t = expand_star(&[vec![num("a")], vec![num("b")], vec![num("c")]]);
        let names: Vec<String> = t.iter().map(Term::text).collect();
        assert_eq!(names, ["a", "b", "c", "a:b", "a:c", "b:c", "a:b:c"]);
        let t = expand_star(&[vec![num("a"), num("b")], vec![num("a")]]);
        let names: Vec<String> = t.iter().map(Term::text).collect();
        assert_eq!(names, ["a:b", "a", "a:b"]);
    }

    /// patsy's documented cases (its "Technical details" page).
    #[test]
    fn patsy_codings() {
        use Coding::*;
        // y ~ 1 + a:b: `b-` and `a-:b+` (patsy's "Technical details").
        let t = vec![Term {
            factors: vec![cat("a"), cat("b")],
        }];
        assert_eq!(
            codings(&t, true),
            vec![vec![vec![(1, Reduced)], vec![(0, Reduced), (1, Full)]]]
        );
        // y ~ 0 + a:b: every cell.
        assert_eq!(codings(&t, false), vec![vec![vec![(0, Full), (1, Full)]]]);
        // y ~ 1 + a + b + a:b: the usual treatment interaction.
        let t = vec![
            Term {
                factors: vec![cat("a")],
            },
            Term {
                factors: vec![cat("b")],
            },
            Term {
                factors: vec![cat("a"), cat("b")],
            },
        ];
        assert_eq!(
            codings(&t, true),
            vec![
                vec![vec![(0, Reduced)]],
                vec![vec![(0, Reduced)]],
                vec![vec![(0, Reduced), (1, Reduced)]]
            ]
        );
        // y ~ 1 + x + C(g):x: slope differences; y ~ 1 + C(g):x: a slope per level.
        let t = vec![
            Term {
                factors: vec![num("x")],
            },
            Term {
                factors: vec![cat("g"), num("x")],
            },
        ];
        assert_eq!(
            codings(&t, true),
            vec![vec![vec![(0, Num)]], vec![vec![(0, Reduced), (1, Num)]]]
        );
        let t = vec![Term {
            factors: vec![cat("g"), num("x")],
        }];
        assert_eq!(codings(&t, true), vec![vec![vec![(0, Full), (1, Num)]]]);
    }
}
