//! The specification diagnostics of a tall OLS fit from one pass over the
//! rows.
//!
//! Every auxiliary regression of [`OlsDiagnostics`](super::OlsDiagnostics)
//! needs only a residual sum of squares, and every one regresses a column
//! of
//!
//! `A = [X | e₋₁ … e₋ₚ | ŷ² ŷ³ | e | e² | y]`
//!
//! on some of its other columns (`e` the residuals with zeros before the
//! sample, `ŷ` the fitted values). So the rows of `A` are generated block
//! by block and reduced to its triangle `R` by blocked Householder
//! ([`tsqr::triangle_of`]); `A[:, S] = Q R[:, S]`, so the small QR of
//! `R[:, S]` ([`tsqr::sub_triangle`]) is the triangle of any subset `S`,
//! and the residual sum of squares of its last column on the others is the
//! square of its last diagonal entry. No normal equations, no copy of the
//! design per regression (the refits build an `n × 16` Breusch-Godfrey
//! design, an `n × 8` RESET design and five `n × 5` VIF designs).
//!
//! The differences of sums of squares the F statistics need (lags or powers
//! dropped) are sums of squares of entries of the triangle, not
//! differences of two large numbers.

use ndarray::Array2;

use super::OlsResult;
use crate::error::Result;
use crate::models::diagnostics::{
    LmTest, WaldTest, breusch_godfrey_from_ssr, breusch_pagan_from_ssr, centered_ss, reset_from_ssr,
};
use crate::stats::linalg::{Qr, REFINE_ALWAYS_CELLS, tsqr};

/// Lags of the Breusch-Godfrey test, as `breusch_godfrey`'s default.
fn bg_lags(n: usize) -> usize {
    (n / 5).min(10)
}

/// The diagnostics computed from the triangle.
#[derive(Debug, Clone)]
pub(super) struct TallDiagnostics {
    pub(super) breusch_godfrey: LmTest,
    pub(super) breusch_pagan: LmTest,
    pub(super) reset: WaldTest,
    pub(super) condition_number: f64,
    pub(super) vif: Vec<Option<f64>>,
}

/// The diagnostics of `r` (fitted to `y` on the row-major `x` with the
/// constant column `konst`) from one triangle, or `None` where the refits
/// are used instead: a design of at most a million cells (where they
/// refine every solution), one not stored row-major, or one whose
/// augmented design `[X, lags, ŷ², ŷ³]` is rank deficient (whose refits
/// say which regression fails).
pub(super) fn tall_diagnostics(
    x: &Array2<f64>,
    y: &[f64],
    r: &OlsResult,
    konst: usize,
) -> Result<Option<TallDiagnostics>> {
    let (n, k) = x.dim();
    let p = bg_lags(n);
    let Some(cells) = x.as_slice() else {
        return Ok(None);
    };
    if n * k <= REFINE_ALWAYS_CELLS
        || k < 2
        || p == 0
        || r.resid.len() != n
        || r.fittedvalues.len() != n
        || y.len() != n
    {
        return Ok(None);
    }
    let (e, f) = (&r.resid, &r.fittedvalues);
    // Column indices in A.
    let (c_sq, c_e, c_e2, c_y) = (k + p, k + p + 2, k + p + 3, k + p + 4);
    let m = k + p + 5;
    let big = tsqr::triangle_of(n, m, |start, rows, block| {
        for (ii, row) in cells[start * k..(start + rows) * k]
            .chunks_exact(k)
            .enumerate()
        {
            for (j, v) in row.iter().enumerate() {
                block[j * rows + ii] = *v;
            }
        }
        for l in 1..=p {
            // Lag l of rows start.. is e[start - l..], zeros before the sample.
            let col = &mut block[(k + l - 1) * rows..(k + l) * rows];
            let zeros = l.saturating_sub(start).min(rows);
            col[..zeros].fill(0.0);
            if zeros < rows {
                col[zeros..].copy_from_slice(&e[start + zeros - l..start + rows - l]);
            }
        }
        let (fs, es) = (&f[start..start + rows], &e[start..start + rows]);
        block[c_e * rows..(c_e + 1) * rows].copy_from_slice(es);
        block[c_y * rows..(c_y + 1) * rows].copy_from_slice(&y[start..start + rows]);
        let (sq, rest) = block[c_sq * rows..].split_at_mut(rows);
        for ((a, b), v) in sq.iter_mut().zip(&mut rest[..rows]).zip(fs) {
            *a = v * v;
            *b = v * v * v;
        }
        for (a, v) in block[c_e2 * rows..(c_e2 + 1) * rows].iter_mut().zip(es) {
            *a = v * v;
        }
    })?;
    let d = k + p + 2;
    let lead = big.slice(ndarray::s![..d, ..d]).to_owned();
    if Qr::from_triangle(&lead, n)?.rank() < d {
        return Ok(None);
    }
    let ssq = |t: &Array2<f64>, rows: std::ops::Range<usize>, col: usize| -> f64 {
        rows.map(|i| t[[i, col]].powi(2)).sum()
    };
    // The constant first: row 0 of a sub-triangle is then the mean part of
    // the response, rows 1.. its explained sum of squares, so an LM
    // statistic n R² = n ESS / TSS comes from a small sum of squares
    // computed directly (accurate to its own size), not from 1 - SSR/TSS
    // with SSR within a few parts in 10⁶ of TSS.
    let xs: Vec<usize> = std::iter::once(konst)
        .chain((0..k).filter(|&c| c != konst))
        .collect();

    // Breusch-Godfrey: e on [X, lags].
    let cols: Vec<usize> = xs.iter().copied().chain(k..k + p).chain([c_e]).collect();
    let t = tsqr::sub_triangle(&big, &cols)?;
    let tss = centered_ss(e);
    let ssr = tss - ssq(&t, 1..k + p, k + p);
    let drop = ssq(&t, k..k + p, k + p);
    let breusch_godfrey = breusch_godfrey_from_ssr(n, p, (n - k - p) as f64, ssr, drop, tss)?;

    // Breusch-Pagan (Koenker): e² on X.
    let cols: Vec<usize> = xs.iter().copied().chain([c_e2]).collect();
    let t = tsqr::sub_triangle(&big, &cols)?;
    let mean_sq = e.iter().map(|v| v * v).sum::<f64>() / n as f64;
    let tss_sq: f64 = e.iter().map(|v| (v * v - mean_sq).powi(2)).sum();
    let ssr = tss_sq - ssq(&t, 1..k, k);
    let breusch_pagan = breusch_pagan_from_ssr(n, k, (n - k) as f64, ssr, tss_sq, true)?;

    // RESET: y on [X, ŷ², ŷ³].
    let cols: Vec<usize> = xs.iter().copied().chain([c_sq, c_sq + 1, c_y]).collect();
    let t = tsqr::sub_triangle(&big, &cols)?;
    let reset = reset_from_ssr(
        2,
        (n - k - 2) as f64,
        t[[k + 2, k + 2]].powi(2),
        ssq(&t, k..k + 2, k + 2),
        false,
    )?;

    // Condition number of XᵀX = R_Xᵀ R_X.
    let r_x = big.slice(ndarray::s![..k, ..k]);
    let condition_number = super::diagnostics::condition_number(&r_x.t().dot(&r_x));

    // VIF: column j on the others; R² centered (the others hold the
    // constant), its total sum of squares from column j on the constant.
    let mut vif = Vec::with_capacity(k);
    for j in 0..k {
        if j == konst {
            vif.push(None);
            continue;
        }
        let cols: Vec<usize> = (0..k).filter(|&c| c != j).chain([j]).collect();
        let ssr = tsqr::sub_triangle(&big, &cols)?[[k - 1, k - 1]].powi(2);
        let tss = tsqr::sub_triangle(&big, &[konst, j])?[[1, 1]].powi(2);
        let rsquared = 1.0 - ssr / tss;
        vif.push(Some(1.0 / (1.0 - rsquared)));
    }
    Ok(Some(TallDiagnostics {
        breusch_godfrey,
        breusch_pagan,
        reset,
        condition_number,
        vif,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::diagnostics::{breusch_godfrey, breusch_pagan, reset};
    use crate::models::ols::OlsParams;
    use crate::stats::linalg::sym_eigenvalues;

    /// A tall design (constant + 4 regressors, one a near copy of another
    /// so that a VIF is large) with autocorrelated, heteroskedastic errors
    /// and a curved mean, so every test has something to find.
    fn design(n: usize) -> (Array2<f64>, Vec<f64>) {
        let mut s: u64 = 5;
        let mut u = || {
            s = s
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (s >> 11) as f64 / (1u64 << 53) as f64 - 0.5
        };
        let mut x = Array2::<f64>::ones((n, 5));
        let mut y = vec![0.0; n];
        let mut ar = 0.0;
        for i in 0..n {
            for j in 1..4 {
                x[[i, j]] = u() * 4.0;
            }
            x[[i, 4]] = x[[i, 3]] + 0.3 * u();
            ar = 0.05 * ar + u() * (1.0 + 0.1 * x[[i, 1]].abs());
            y[i] = 2.0 + x[[i, 1]] - 0.5 * x[[i, 2]] + 0.02 * x[[i, 1]].powi(2) + x[[i, 4]] + ar;
        }
        (x, y)
    }

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol * b.abs().max(1.0)
    }

    /// The one-pass statistics equal those of the refits (each auxiliary
    /// regression by its own pivoted QR) to many digits.
    #[test]
    fn the_triangle_gives_the_refits_statistics() {
        let (x, y) = design(250_000);
        let names = (0..5).map(|j| format!("x{j}")).collect();
        let r = OlsParams::new().fit_xy(&x, &y, names).unwrap();
        let t = tall_diagnostics(&x, &y, &r, 0).unwrap().unwrap();
        let bg = breusch_godfrey(&x, &r.resid, None).unwrap();
        let bp = breusch_pagan(&r.resid, &x, true).unwrap();
        let rs = reset(&x, &y, 3, false).unwrap();
        for (a, b, what) in [
            (t.breusch_godfrey.lm, bg.lm, "bg lm"),
            (t.breusch_godfrey.fvalue, bg.fvalue, "bg f"),
            (t.breusch_godfrey.lm_pvalue, bg.lm_pvalue, "bg p"),
            (t.breusch_pagan.lm, bp.lm, "bp lm"),
            (t.breusch_pagan.fvalue, bp.fvalue, "bp f"),
            (t.breusch_pagan.lm_pvalue, bp.lm_pvalue, "bp p"),
            (t.reset.statistic, rs.statistic, "reset"),
            (t.reset.pvalue, rs.pvalue, "reset p"),
        ] {
            assert!(close(a, b, 1e-7), "{what}: {a} vs {b}");
        }
        assert_eq!(t.breusch_godfrey.df_denom, bg.df_denom);
        assert_eq!(t.breusch_pagan.df_denom, bp.df_denom);
        assert_eq!(t.reset.df_num, rs.df_num);
        assert!(t.breusch_godfrey.lm_pvalue < 1e-6 && t.reset.pvalue < 1e-6);
        // VIF and the condition number against the direct computations.
        for j in 1..5 {
            let others: Vec<usize> = (0..5).filter(|&c| c != j).collect();
            let xo = Array2::from_shape_fn((x.nrows(), 4), |(i, c)| x[[i, others[c]]]);
            let names = (0..4).map(|c| format!("z{c}")).collect();
            let a = OlsParams::new()
                .fit_xy(&xo, &x.column(j).to_vec(), names)
                .unwrap();
            let v = 1.0 / (1.0 - a.rsquared);
            assert!(close(t.vif[j].unwrap(), v, 1e-10), "vif {j}");
        }
        assert!(t.vif[0].is_none() && t.vif[4].unwrap() > 100.0);
        let eig = sym_eigenvalues(&x.t().dot(&x));
        let (lo, hi) = eig
            .iter()
            .fold((f64::INFINITY, 0.0f64), |(a, b), &v| (a.min(v), b.max(v)));
        assert!(close(t.condition_number, (hi / lo).sqrt(), 1e-10));
    }

    #[test]
    fn small_or_column_major_designs_use_the_refits() {
        let (x, y) = design(1000);
        let names: Vec<String> = (0..5).map(|j| format!("x{j}")).collect();
        let r = OlsParams::new().fit_xy(&x, &y, names.clone()).unwrap();
        assert!(tall_diagnostics(&x, &y, &r, 0).unwrap().is_none());
        let (x, y) = design(250_000);
        let r = OlsParams::new().fit_xy(&x, &y, names).unwrap();
        let mut xf = Array2::<f64>::zeros(ndarray::ShapeBuilder::f(x.raw_dim()));
        xf.assign(&x);
        assert!(xf.as_slice().is_none());
        assert!(tall_diagnostics(&xf, &y, &r, 0).unwrap().is_none());
    }
}
