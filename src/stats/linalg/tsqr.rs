//! The triangular factor of a tall design by blocked Householder QR
//! ("TSQR", Demmel, Grigori, Hoemmen & Langou 2012, *SIAM J. Sci.
//! Comput.* 34(1)).
//!
//! For `X` with many more rows than columns, [`r_factor`] returns the upper
//! triangular `R` of the augmented matrix `[X y] = Q R` without storing `Q`.
//! The rows are read once, in blocks small enough to stay in the first-level
//! cache: each block is stacked under the running `R` and reduced to a new
//! `R` by Householder reflections that exploit the triangle (a reflector
//! touches one row of `R` and the block). Independent runs of rows are
//! reduced on separate threads, and their triangles are stacked and reduced
//! in a fixed order, so the result does not depend on the number of threads.
//! Every step is an orthogonal transformation, so this is as backward stable
//! as Householder QR of the whole matrix; it never forms `XᵀX`.
//!
//! What follows from `R`: with `R_X` its leading `k × k` block and `z` the
//! first `k` entries of its last column, the least-squares coefficients
//! solve `R_X b = z`, `XᵀX = R_Xᵀ R_X` (so `(XᵀX)⁻¹` needs only `R_X`), and
//! `|R[k, k]|` is the residual norm `‖y − X b‖`.
//!
//! ```
//! use colcrime::stats::linalg::tsqr::r_factor;
//! let x = ndarray::array![[1.0, 0.0], [1.0, 1.0], [1.0, 2.0], [1.0, 3.0]];
//! let r = r_factor(&x, &[1.0, 3.0, 5.0, 8.0]).unwrap();
//! // R_X b = z for b = (0.8, 2.3); the residual norm is |R[2, 2]|.
//! let b1 = r[[1, 2]] / r[[1, 1]];
//! let b0 = (r[[0, 2]] - r[[0, 1]] * b1) / r[[0, 0]];
//! assert!((b1 - 2.3).abs() < 1e-13 && (b0 - 0.8).abs() < 1e-13);
//! assert!((r[[2, 2]].abs() - 0.3f64.sqrt()).abs() < 1e-13);
//! ```

use ndarray::Array2;
use rayon::prelude::*;

use super::qr::Qr;
use super::vector::{axpy, dot, norm};
use super::{REFINE_ABOVE_CONDITION, REFINE_ALWAYS_CELLS};
use crate::error::{Error, Result};

/// Rows in a cache block (with 7 columns, 14 KB).
const BLOCK_ROWS: usize = 256;

/// Rows reduced by one task; a fixed size, so the order of the reductions
/// (and the rounding) does not depend on the number of threads.
const TASK_ROWS: usize = 1 << 16;

/// The upper-triangular `R` (`(k+1) × (k+1)`) of `[X y] = Q R` (see the
/// module docs). The diagonal may have either sign.
///
/// # Errors
/// `y` of the wrong length, no columns, or a non-finite value in `X` or `y`.
///
/// ```
/// use colcrime::stats::linalg::tsqr::r_factor;
/// let r = r_factor(&ndarray::array![[3.0], [4.0]], &[0.0, 0.0]).unwrap();
/// assert!((r[[0, 0]].abs() - 5.0).abs() < 1e-15 && r[[1, 1]] == 0.0);
/// ```
pub fn r_factor(x: &Array2<f64>, y: &[f64]) -> Result<Array2<f64>> {
    if y.len() != x.nrows() {
        return Err(Error::usage(format!(
            "least squares: y has {} rows, expected {}",
            y.len(),
            x.nrows()
        )));
    }
    triangle(x, Some(y))
}

/// The triangle of `[X y]` (`(k+1) × (k+1)`), or of `X` alone (`k × k`)
/// when `y` is `None`; `y` has `X`'s rows.
fn triangle(x: &Array2<f64>, y: Option<&[f64]>) -> Result<Array2<f64>> {
    let (n, k) = x.dim();
    if k == 0 {
        return Err(Error::usage("the design has no columns"));
    }
    let m = k + usize::from(y.is_some());
    reduce_rows(
        n,
        m,
        |start, rows, block| fill_block(x, y, start, rows, block),
        absorb,
    )
}

/// The upper-triangular `R` (`m × m`) of an `n × m` matrix `A = Q R` whose
/// rows are never stored whole: `fill(start, rows, block)` writes rows
/// `start..start + rows` of `A` into `block`, column-major with `rows`
/// rows per column (at most 256 rows at a time, on any thread). One pass
/// of blocked Householder reductions as [`r_factor`] (which is this with
/// the rows of `[X y]`), so columns computed from the data (lags, powers,
/// squares) need no `n × m` copy. The diagonal may have either sign.
///
/// # Errors
/// No columns, or a non-finite value in `A`.
///
/// ```
/// use colcrime::stats::linalg::tsqr::triangle_of;
/// // A = [1, i]: RᵀR = AᵀA = [[3, 3], [3, 5]] for i = 0, 1, 2.
/// let r = triangle_of(3, 2, |start, rows, block| {
///     for i in 0..rows {
///         block[i] = 1.0;
///         block[rows + i] = (start + i) as f64;
///     }
/// })
/// .unwrap();
/// assert!((r[[0, 0]].powi(2) - 3.0).abs() < 1e-14);
/// assert!((r[[0, 1]].powi(2) + r[[1, 1]].powi(2) - 5.0).abs() < 1e-14);
/// ```
pub fn triangle_of<F>(n: usize, m: usize, fill: F) -> Result<Array2<f64>>
where
    F: Fn(usize, usize, &mut [f64]) + Sync,
{
    reduce_rows(n, m, fill, absorb_pairs)
}

/// The triangle of the rows `fill` writes, each block reduced by `kernel`
/// ([`absorb`] or [`absorb_pairs`]).
fn reduce_rows<F>(
    n: usize,
    m: usize,
    fill: F,
    kernel: fn(&mut [f64], usize, &mut [f64], usize),
) -> Result<Array2<f64>>
where
    F: Fn(usize, usize, &mut [f64]) + Sync,
{
    if m == 0 {
        return Err(Error::usage("the design has no columns"));
    }
    let reduce = |lo: usize, hi: usize| -> Option<Vec<f64>> {
        let mut r = vec![0.0; m * m];
        let mut block = vec![0.0; BLOCK_ROWS * m];
        let mut start = lo;
        while start < hi {
            let rows = (hi - start).min(BLOCK_ROWS);
            fill(start, rows, &mut block[..rows * m]);
            if !block[..rows * m].iter().all(|v| v.is_finite()) {
                return None;
            }
            kernel(&mut r, m, &mut block[..rows * m], rows);
            start += rows;
        }
        Some(r)
    };
    let ranges: Vec<(usize, usize)> = (0..n)
        .step_by(TASK_ROWS)
        .map(|lo| (lo, (lo + TASK_ROWS).min(n)))
        .collect();
    let parts: Vec<Option<Vec<f64>>> = if ranges.len() > 1 {
        ranges.par_iter().map(|&(lo, hi)| reduce(lo, hi)).collect()
    } else {
        ranges.iter().map(|&(lo, hi)| reduce(lo, hi)).collect()
    };
    let mut r = vec![0.0; m * m];
    let mut block = vec![0.0; m * m];
    for part in parts {
        let part = part.ok_or_else(|| {
            Error::domain("the design matrix or the response has a non-finite value")
        })?;
        // The part's triangle is a block of m rows; as stored (column-major
        // m × m) it is already in the block layout.
        block.copy_from_slice(&part);
        kernel(&mut r, m, &mut block, m);
    }
    Ok(Array2::from_shape_fn((m, m), |(i, j)| {
        if i <= j { r[j * m + i] } else { 0.0 }
    }))
}

/// The triangle of the columns `cols` (in that order) of a matrix `A`
/// whose triangle is `r` (`A = Q R`, so `A[:, cols] = Q R[:, cols]` and
/// the Householder QR of the small `R[:, cols]` is a triangle of
/// `A[:, cols]`): any regression among the columns of `A` from one pass
/// over its rows. With `t` the result and `s = cols.len()`, the residual
/// sum of squares of column `cols[s-1]` on `cols[..q]` is
/// `Σ_{i ≥ q} t[i, s-1]²`.
///
/// # Errors
/// An index out of range or a non-finite entry.
///
/// ```
/// use colcrime::stats::linalg::tsqr::{r_factor, sub_triangle};
/// let x = ndarray::array![[1.0, 0.0], [1.0, 1.0], [1.0, 2.0], [1.0, 3.0]];
/// let r = r_factor(&x, &[1.0, 3.0, 5.0, 8.0]).unwrap();
/// // y on the constant alone: the centered sum of squares of y.
/// let t = sub_triangle(&r, &[0, 2]).unwrap();
/// assert!((t[[1, 1]].powi(2) - 26.75).abs() < 1e-12);
/// ```
pub fn sub_triangle(r: &Array2<f64>, cols: &[usize]) -> Result<Array2<f64>> {
    let m = r.nrows();
    if let Some(&c) = cols.iter().find(|&&c| c >= r.ncols()) {
        return Err(Error::usage(format!(
            "sub_triangle: column {c} of a {m} x {} triangle",
            r.ncols()
        )));
    }
    triangle_of(m, cols.len(), |start, rows, block| {
        for (j, &c) in cols.iter().enumerate() {
            for i in 0..rows {
                block[j * rows + i] = r[[start + i, c]];
            }
        }
    })
}

/// Least squares `argmin ‖y − X b‖` on a tall design from the triangle of
/// `[X y]` (one blocked pass over the rows, on all threads, instead of a
/// column-major copy of `X` and a pass per reflector); the pivoted QR of
/// `R_X` ([`Qr::from_triangle`]) comes back for the rank, `(XᵀX)⁻¹` and the
/// leverages.
///
/// `Ok(None)` when the plain [`Qr`] should be used instead: a design of at
/// most a million cells (where [`Qr::solve`] always refines), a
/// rank-deficient one (its message names the collinear columns), or one
/// whose column-scaled condition number asks for the iterative refinement
/// of [`Qr::solve`], which needs the full factorisation.
///
/// # Errors
/// As [`r_factor`].
///
/// ```
/// use colcrime::stats::linalg::tsqr::tall_lstsq;
/// let x = ndarray::Array2::from_shape_fn((400_000, 3), |(i, j)| match j {
///     0 => 1.0,
///     _ => ((i * (j + 2)) % 11) as f64,
/// });
/// let y: Vec<f64> = (0..400_000).map(|i| 1.0 + 2.0 * x[[i, 1]] - x[[i, 2]]).collect();
/// let (qr, b) = tall_lstsq(&x, &y).unwrap().unwrap();
/// assert_eq!(qr.rank(), 3);
/// assert!((b[1] - 2.0).abs() < 1e-12 && (b[2] + 1.0).abs() < 1e-12);
/// // Small designs are left to the refined QR.
/// assert!(tall_lstsq(&ndarray::array![[1.0], [2.0]], &[1.0, 2.0]).unwrap().is_none());
/// ```
pub fn tall_lstsq(x: &Array2<f64>, y: &[f64]) -> Result<Option<(Qr, Vec<f64>)>> {
    let (n, k) = x.dim();
    if n * k <= REFINE_ALWAYS_CELLS {
        return Ok(None);
    }
    let r = r_factor(x, y)?;
    let r_x = r.slice(ndarray::s![..k, ..k]).to_owned();
    let qty: Vec<f64> = (0..k).map(|i| r[[i, k]]).collect();
    let qr = Qr::from_triangle(&r_x, n)?;
    if qr.rank() < k || qr.condition() > REFINE_ABOVE_CONDITION {
        return Ok(None);
    }
    let b = qr.solve(&r_x, &qty)?;
    Ok(Some((qr, b)))
}

/// The pivoted QR of `X` for its rank, `(XᵀX)⁻¹` and leverages (not for
/// solving): from the triangle of `X` on a design of more than a million
/// cells, else [`Qr::new`].
///
/// # Errors
/// As [`Qr::new`].
///
/// ```
/// use colcrime::stats::linalg::tsqr::qr_for_covariance;
/// let x = ndarray::array![[1.0, 0.0], [0.0, 2.0]];
/// let m = qr_for_covariance(&x).unwrap().xtx_inv().unwrap();
/// assert!((m[[1, 1]] - 0.25).abs() < 1e-15);
/// ```
pub fn qr_for_covariance(x: &Array2<f64>) -> Result<Qr> {
    let (n, k) = x.dim();
    if n * k <= REFINE_ALWAYS_CELLS {
        return Qr::new(x);
    }
    Qr::from_triangle(&triangle(x, None)?, n)
}

/// Copies rows `start..start + rows` of `[X y]` (or of `X` alone) into
/// `block`, column-major with `rows` rows per column.
fn fill_block(x: &Array2<f64>, y: Option<&[f64]>, start: usize, rows: usize, block: &mut [f64]) {
    let k = x.ncols();
    match x.as_slice() {
        Some(all) => {
            // Row-major: read each row once.
            for (i, row) in all[start * k..(start + rows) * k]
                .chunks_exact(k)
                .enumerate()
            {
                for (j, v) in row.iter().enumerate() {
                    block[j * rows + i] = *v;
                }
            }
        }
        None => {
            for (j, col) in x.columns().into_iter().enumerate() {
                for i in 0..rows {
                    block[j * rows + i] = col[start + i];
                }
            }
        }
    }
    if let Some(y) = y {
        block[k * rows..(k + 1) * rows].copy_from_slice(&y[start..start + rows]);
    }
}

/// Reduces `[R; B]` to a new triangle in `r` (column-major `m × m`), where
/// `b` is `rows × m` column-major. `b` is overwritten.
fn absorb(r: &mut [f64], m: usize, b: &mut [f64], rows: usize) {
    for j in 0..m {
        let (head, tail) = b.split_at_mut((j + 1) * rows);
        let v = &mut head[j * rows..];
        let sigma = norm(v);
        if sigma == 0.0 {
            // Nothing below the diagonal: the reflector is the identity.
            continue;
        }
        let alpha = r[j * m + j];
        let nrm = alpha.hypot(sigma);
        let beta = if alpha >= 0.0 { -nrm } else { nrm };
        let tau = (beta - alpha) / beta;
        let inv = 1.0 / (alpha - beta);
        v.iter_mut().for_each(|e| *e *= inv);
        r[j * m + j] = beta;
        let v = &*v;
        for (c, col) in tail.chunks_exact_mut(rows).enumerate() {
            let c = j + 1 + c;
            let w = r[c * m + j] + dot(v, col);
            let tw = tau * w;
            r[c * m + j] -= tw;
            axpy(-tw, v, col);
        }
    }
}

/// Makes the Householder reflector of column `j` of `[R; B]` (`R[j, j]`
/// over `B[:, j]`): `B[:, j]` becomes its vector `v` (with an implicit 1 in
/// row `j` of `R`), `R[j, j]` its `β`; returns `τ` (0 for the identity).
fn reflector(r: &mut [f64], m: usize, b: &mut [f64], rows: usize, j: usize) -> f64 {
    let v = &mut b[j * rows..(j + 1) * rows];
    let sigma = norm(v);
    if sigma == 0.0 {
        return 0.0;
    }
    let alpha = r[j * m + j];
    let nrm = alpha.hypot(sigma);
    let beta = if alpha >= 0.0 { -nrm } else { nrm };
    let inv = 1.0 / (alpha - beta);
    v.iter_mut().for_each(|e| *e *= inv);
    r[j * m + j] = beta;
    (beta - alpha) / beta
}

/// [`absorb`] two reflectors at a time: both are applied to each further
/// column in one pass for their two dot products and one for the update
/// (`v₂ᵀ(I - τ₁ v₁ v₁ᵀ) c = v₂ᵀc - τ₁ (v₁ᵀc) (v₂ᵀv₁)`), so a wide block is
/// read half as often. The same reflectors as [`absorb`], rounded
/// differently.
fn absorb_pairs(r: &mut [f64], m: usize, b: &mut [f64], rows: usize) {
    let mut j = 0;
    while j + 1 < m {
        let t1 = reflector(r, m, b, rows, j);
        {
            let (head, tail) = b.split_at_mut((j + 1) * rows);
            let v1 = &head[j * rows..];
            let col = &mut tail[..rows];
            let tw = t1 * (r[(j + 1) * m + j] + dot(v1, col));
            r[(j + 1) * m + j] -= tw;
            axpy(-tw, v1, col);
        }
        let t2 = reflector(r, m, b, rows, j + 1);
        let (head, tail) = b.split_at_mut((j + 2) * rows);
        let (v1, v2) = head[j * rows..].split_at(rows);
        let d = dot(v1, v2);
        for (i, col) in tail.chunks_exact_mut(rows).enumerate() {
            let c = j + 2 + i;
            let (a1, a2) = dot2(v1, v2, col);
            let tw1 = t1 * (r[c * m + j] + a1);
            r[c * m + j] -= tw1;
            let tw2 = t2 * (r[c * m + j + 1] + a2 - tw1 * d);
            r[c * m + j + 1] -= tw2;
            for ((x, p), q) in col.iter_mut().zip(v1).zip(v2) {
                *x -= tw1 * p + tw2 * q;
            }
        }
        j += 2;
    }
    if j + 1 == m {
        reflector(r, m, b, rows, j);
    }
}

/// `(aᵀc, bᵀc)` in one pass, with four partial sums each.
fn dot2(a: &[f64], b: &[f64], c: &[f64]) -> (f64, f64) {
    let (mut s, mut t) = ([0.0; 4], [0.0; 4]);
    let (ca, cb, cc) = (a.chunks_exact(4), b.chunks_exact(4), c.chunks_exact(4));
    let (ra, rb, rc) = (ca.remainder(), cb.remainder(), cc.remainder());
    for ((x, y), z) in ca.zip(cb).zip(cc) {
        for l in 0..4 {
            s[l] += x[l] * z[l];
            t[l] += y[l] * z[l];
        }
    }
    let (mut u, mut w) = ((s[0] + s[1]) + (s[2] + s[3]), (t[0] + t[1]) + (t[2] + t[3]));
    for ((x, y), z) in ra.iter().zip(rb).zip(rc) {
        u += x * z;
        w += y * z;
    }
    (u, w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::linalg::lstsq;
    use ndarray::ShapeBuilder;

    fn design(n: usize) -> (Array2<f64>, Vec<f64>) {
        let mut s: u64 = 7;
        let mut u = || {
            s = s
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (s >> 11) as f64 / (1u64 << 53) as f64 - 0.5
        };
        let x = Array2::from_shape_fn((n, 4), |(_, j)| if j == 0 { 1.0 } else { u() * 10.0 });
        let y = (0..n)
            .map(|i| 2.0 - x[[i, 1]] + 0.5 * x[[i, 3]] + u())
            .collect();
        (x, y)
    }

    /// `RᵀR = [X y]ᵀ[X y]` and the coefficients from `R` equal those of the
    /// pivoted QR, on a design spanning several tasks and a ragged last
    /// block, in both memory layouts.
    #[test]
    fn triangle_reproduces_the_gram_matrix_and_the_fit() {
        let n = 2 * TASK_ROWS + 3 * BLOCK_ROWS + 17;
        let (x, y) = design(n);
        let r = r_factor(&x, &y).unwrap();
        let (b, _) = lstsq(&x, &y).unwrap();
        // Back substitution on R_X b = z.
        let k = 4;
        let mut z: Vec<f64> = (0..k).map(|i| r[[i, k]]).collect();
        for i in (0..k).rev() {
            for l in i + 1..k {
                z[i] -= r[[i, l]] * z[l];
            }
            z[i] /= r[[i, i]];
        }
        for (a, e) in z.iter().zip(&b) {
            assert!((a - e).abs() < 1e-12 * e.abs().max(1.0), "{a} vs {e}");
        }
        let ssr: f64 = y
            .iter()
            .enumerate()
            .map(|(i, yi)| {
                let f: f64 = (0..k).map(|j| x[[i, j]] * b[j]).sum();
                (yi - f).powi(2)
            })
            .sum();
        assert!((r[[k, k]].powi(2) - ssr).abs() < 1e-9 * ssr);
        for a in 0..k {
            for c in 0..k {
                let g: f64 = x
                    .column(a)
                    .iter()
                    .zip(x.column(c))
                    .map(|(p, q)| p * q)
                    .sum();
                let rr: f64 = (0..=a.min(c)).map(|l| r[[l, a]] * r[[l, c]]).sum();
                assert!((g - rr).abs() < 1e-10 * g.abs().max(n as f64), "{a},{c}");
            }
            for l in a + 1..=k {
                assert_eq!(r[[l, a]], 0.0);
            }
        }
        // A column-major copy gives the same triangle bit for bit.
        let mut xf = Array2::<f64>::zeros(x.raw_dim().f());
        xf.assign(&x);
        assert_eq!(r_factor(&xf, &y).unwrap(), r);
    }

    #[test]
    fn rejects_non_finite_values_and_bad_lengths() {
        let (mut x, y) = design(1000);
        x[[999, 2]] = f64::NAN;
        assert!(
            r_factor(&x, &y)
                .unwrap_err()
                .to_string()
                .contains("non-finite")
        );
        let (x, mut y) = design(10);
        y[3] = f64::INFINITY;
        assert!(r_factor(&x, &y).is_err());
        assert!(r_factor(&x, &y[..5]).is_err());
        assert!(r_factor(&Array2::zeros((3, 0)), &[0.0; 3]).is_err());
    }

    /// Reflectors two at a time give the triangle of one at a time, on an
    /// odd and an even number of columns, with a zero column among them.
    #[test]
    fn pairs_of_reflectors_give_the_same_triangle() {
        let n = TASK_ROWS + 3 * BLOCK_ROWS + 5;
        let (mut x, y) = design(n);
        for (cols, zero) in [(4, None), (3, Some(1))] {
            if let Some(z) = zero {
                x.column_mut(z).fill(0.0);
            }
            let xs = x.slice(ndarray::s![.., ..cols]).to_owned();
            let one = r_factor(&xs, &y).unwrap();
            let m = cols + 1;
            let two = triangle_of(n, m, |start, rows, block| {
                fill_block(&xs, Some(&y), start, rows, block);
            })
            .unwrap();
            let scale = one.iter().fold(0.0f64, |a, v| a.max(v.abs()));
            for (a, b) in one.iter().zip(&two) {
                assert!((a - b).abs() < 1e-12 * scale, "{a} vs {b}");
            }
        }
    }

    #[test]
    fn a_zero_column_leaves_a_zero_in_the_triangle() {
        let x = ndarray::array![[1.0, 0.0], [1.0, 0.0], [1.0, 0.0]];
        let r = r_factor(&x, &[1.0, 2.0, 3.0]).unwrap();
        assert_eq!(r[[1, 1]], 0.0);
        assert!((r[[0, 0]].abs() - 3f64.sqrt()).abs() < 1e-15);
    }
}
