//! Dense least squares by Householder QR with column pivoting, written on
//! plain column-major buffers (no LAPACK).
//!
//! For `X` (`n × k`, `n ≥ k`) the factorisation is `X D P = Q R`: `D`
//! scales every column to unit Euclidean norm (so the rank decision does not
//! depend on the units of the regressors), `P` moves the column with the
//! largest remaining norm forward at each step (Businger & Golub 1965), `Q`
//! is a product of `k` Householder reflectors `H_j = I - τ_j v_j v_jᵀ` and `R`
//! is upper triangular. The least-squares solution solves `R z = (Qᵀ y)[..k]`
//! and maps back, `b = D P z`; one step of iterative refinement on the
//! residual recovers the digits lost to cancellation on ill-conditioned
//! designs (NIST Filip). `(XᵀX)⁻¹ = D P R⁻¹ R⁻ᵀ Pᵀ D` without ever forming
//! `XᵀX` (Golub & Van Loan, *Matrix Computations*, 4th ed., §5.4.1).
//!
//! A column whose remaining norm falls below `max(n, k) · ε` after scaling
//! is linearly dependent on the columns already chosen; the design is then
//! rank deficient and [`Qr::check_rank`] names the collinear columns.
//!
//! ```
//! use colcrime::stats::linalg::lstsq;
//! let x = ndarray::array![[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]];
//! let (b, _qr) = lstsq(&x, &[1.0, 3.0, 5.0]).unwrap();
//! assert!((b[0] - 1.0).abs() < 1e-14 && (b[1] - 2.0).abs() < 1e-14);
//! ```

use ndarray::Array2;
use rayon::prelude::*;

use super::vector::{axpy, dot, norm};
use crate::error::{Error, Result};

/// A pivoted Householder QR factorisation of a scaled design (see the
/// module docs).
///
/// ```
/// use colcrime::stats::linalg::Qr;
/// let x = ndarray::array![[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]];
/// let qr = Qr::new(&x).unwrap();
/// assert_eq!(qr.rank(), 1);
/// assert!(qr.check_rank(&["const".into(), "x".into()]).is_err());
/// ```
#[derive(Debug, Clone)]
pub struct Qr {
    n: usize,
    k: usize,
    /// Column-major `n × k`: `R` on and above the diagonal, the Householder
    /// vectors (implicit leading 1) below it. Column `j` is pivot column `j`.
    a: Vec<f64>,
    tau: Vec<f64>,
    /// `perm[j]` is the original column in pivot position `j`.
    perm: Vec<usize>,
    /// Column scale factors `D` (1 / original column norm).
    scale: Vec<f64>,
    rank: usize,
}

impl Qr {
    /// Factorises `x`.
    ///
    /// # Errors
    /// Fewer rows than columns, no columns, or non-finite values.
    ///
    /// # Examples
    /// ```
    /// use colcrime::stats::linalg::Qr;
    /// let qr = Qr::new(&ndarray::array![[3.0], [4.0]]).unwrap();
    /// assert_eq!(qr.rank(), 1);
    /// ```
    pub fn new(x: &Array2<f64>) -> Result<Qr> {
        Qr::factor(x, x.nrows())
    }

    /// Factorises the triangle `R_X` of a tall design's `X = Q R_X`
    /// ([`r_factor`](super::tsqr::r_factor)), for a design of `nobs` rows:
    /// `X D P = (Q Q₂) R₂`, so the rank decision, the coefficients
    /// ([`Qr::solve`] with `R_X` and `Qᵀy`), `(XᵀX)⁻¹` and the leverages of
    /// `X`'s rows are those of `X` itself. The rank tolerance is the one
    /// [`Qr::new`] would use on `X`.
    ///
    /// # Errors
    /// A matrix that is not square, or a non-finite value.
    ///
    /// ```
    /// use colcrime::stats::linalg::{Qr, tsqr::r_factor};
    /// let x = ndarray::array![[1.0, 1.0], [1.0, 2.0], [1.0, 3.0]];
    /// let r = r_factor(&x, &[0.0; 3]).unwrap();
    /// let rx = r.slice(ndarray::s![..2, ..2]).to_owned();
    /// let qr = Qr::from_triangle(&rx, 3).unwrap();
    /// let direct = Qr::new(&x).unwrap().xtx_inv().unwrap();
    /// let m = qr.xtx_inv().unwrap();
    /// assert!((m[[1, 1]] - direct[[1, 1]]).abs() < 1e-14);
    /// ```
    pub fn from_triangle(r_x: &Array2<f64>, nobs: usize) -> Result<Qr> {
        if r_x.nrows() != r_x.ncols() {
            return Err(Error::usage("from_triangle: R is not square"));
        }
        Qr::factor(r_x, nobs.max(r_x.nrows()))
    }

    /// Factorises `x`, deciding the rank as for a design of `tol_rows` rows.
    fn factor(x: &Array2<f64>, tol_rows: usize) -> Result<Qr> {
        let (n, k) = x.dim();
        if k == 0 {
            return Err(Error::usage("the design has no columns"));
        }
        if n < k {
            return Err(Error::not_enough_data("least squares", k, n));
        }
        if x.iter().any(|v| !v.is_finite()) {
            return Err(Error::domain("the design matrix has a non-finite value"));
        }
        let mut a = vec![0.0; n * k];
        // Copy into column-major order in one pass over the rows (a
        // row-major design is read once, not once per column).
        match x.as_slice() {
            Some(rows) => {
                for (i, row) in rows.chunks_exact(k).enumerate() {
                    for (j, v) in row.iter().enumerate() {
                        a[j * n + i] = *v;
                    }
                }
            }
            None => {
                for (j, col) in x.columns().into_iter().enumerate() {
                    for (d, s) in a[j * n..(j + 1) * n].iter_mut().zip(col.iter()) {
                        *d = *s;
                    }
                }
            }
        }
        // Scale each column to unit norm (columns in parallel on large
        // designs); the partial norms of the pivot search start from the
        // scaled columns' norms.
        let scale_col = |dst: &mut [f64]| -> (f64, f64) {
            let nrm = norm(dst);
            if nrm > 0.0 {
                let s = 1.0 / nrm;
                dst.iter_mut().for_each(|v| *v *= s);
                (s, norm(dst))
            } else {
                (1.0, 0.0)
            }
        };
        let scaled: Vec<(f64, f64)> = if n * k >= PARALLEL_CELLS {
            a.par_chunks_mut(n).map(scale_col).collect()
        } else {
            a.chunks_mut(n).map(scale_col).collect()
        };
        let mut scale: Vec<f64> = scaled.iter().map(|p| p.0).collect();
        let mut perm: Vec<usize> = (0..k).collect();
        let mut tau = vec![0.0; k];
        let tol = (tol_rows.max(k) as f64) * f64::EPSILON;
        let mut rank = k;
        // Partial column norms on rows j..n, downdated after each step and
        // recomputed when cancellation has eaten their accuracy (the LAPACK
        // xGEQP3 rule), so the pivot search costs O(k) instead of O(n k).
        let mut pnorm: Vec<f64> = scaled.iter().map(|p| p.1).collect();
        let mut pref = pnorm.clone();
        let tol3z = f64::EPSILON.sqrt();
        for j in 0..k {
            // Pivot: the remaining column with the largest norm on rows j..n.
            let mut best = j;
            let mut best_norm = -1.0;
            for (c, &nrm) in pnorm.iter().enumerate().skip(j) {
                if nrm > best_norm {
                    best_norm = nrm;
                    best = c;
                }
            }
            // The chosen column's norm exactly, for the reflector.
            best_norm = norm(&a[best * n + j..(best + 1) * n]);
            if best_norm <= tol {
                rank = j;
                break;
            }
            if best != j {
                for i in 0..n {
                    a.swap(j * n + i, best * n + i);
                }
                perm.swap(j, best);
                scale.swap(j, best);
                pnorm.swap(j, best);
                pref.swap(j, best);
            }
            // Householder vector for column j, rows j..n.
            let (head, tail) = a.split_at_mut((j + 1) * n);
            let col = &mut head[j * n + j..];
            let alpha = col[0];
            let beta = if alpha >= 0.0 { -best_norm } else { best_norm };
            let t = (beta - alpha) / beta;
            let inv = 1.0 / (alpha - beta);
            col[1..].iter_mut().for_each(|v| *v *= inv);
            col[0] = beta;
            tau[j] = t;
            // Apply H_j to the remaining columns.
            let v = &col[1..];
            let reflect = |tc: &mut [f64]| {
                let (t0, trest) = tc[j..].split_at_mut(1);
                let w = t0[0] + dot(v, trest);
                let tw = t * w;
                t0[0] -= tw;
                axpy(-tw, v, trest);
            };
            let rest = &mut tail[..(k - j - 1) * n];
            if (n - j) * (k - j - 1) >= PARALLEL_CELLS && k - j > 2 {
                rest.par_chunks_mut(n).for_each(reflect);
            } else {
                rest.chunks_mut(n).for_each(reflect);
            }
            // Downdate the partial norms of the remaining columns.
            for c in (j + 1)..k {
                if pnorm[c] == 0.0 {
                    continue;
                }
                let ratio = a[c * n + j].abs() / pnorm[c];
                let temp = (1.0 - ratio * ratio).max(0.0);
                let temp2 = temp * (pnorm[c] / pref[c]).powi(2);
                if temp2 <= tol3z || j + 1 >= n {
                    pnorm[c] = if j + 1 < n {
                        norm(&a[c * n + j + 1..(c + 1) * n])
                    } else {
                        0.0
                    };
                    pref[c] = pnorm[c];
                } else {
                    pnorm[c] *= temp.sqrt();
                }
            }
        }
        Ok(Qr {
            n,
            k,
            a,
            tau,
            perm,
            scale,
            rank,
        })
    }

    /// The numerical rank.
    ///
    /// ```
    /// # use colcrime::stats::linalg::Qr;
    /// assert_eq!(Qr::new(&ndarray::array![[1.0, 0.0], [0.0, 1.0]]).unwrap().rank(), 2);
    /// ```
    pub fn rank(&self) -> usize {
        self.rank
    }

    /// `Ok` if the design has full column rank; otherwise a
    /// [`Singular`](crate::error::ErrorKind::Singular) error naming each
    /// dependent column and the columns it is a combination of.
    ///
    /// # Errors
    /// Rank deficiency.
    ///
    /// ```
    /// use colcrime::stats::linalg::Qr;
    /// let x = ndarray::array![[1.0, 1.0, 2.0], [1.0, 2.0, 4.0], [1.0, 3.0, 6.0], [1.0, 5.0, 10.0]];
    /// let e = Qr::new(&x).unwrap().check_rank(&["const".into(), "a".into(), "b".into()]).unwrap_err();
    /// assert!(e.to_string().contains("collinear"));
    /// ```
    pub fn check_rank(&self, names: &[String]) -> Result<()> {
        if self.rank == self.k {
            return Ok(());
        }
        let r = self.rank;
        let name = |j: usize| {
            names
                .get(j)
                .cloned()
                .unwrap_or_else(|| format!("column {}", j + 1))
        };
        let mut parts = Vec::new();
        for d in r..self.k {
            let orig = self.perm.get(d).copied().unwrap_or(d);
            // Coefficients of the dependent column on the independent ones:
            // R11 c = R12[:, d] in the scaled, pivoted space.
            let mut c: Vec<f64> = (0..r).map(|i| self.a[d * self.n + i]).collect();
            for i in (0..r).rev() {
                let mut s = c[i];
                for (l, cl) in c.iter().enumerate().skip(i + 1) {
                    s -= self.a[l * self.n + i] * cl;
                }
                c[i] = s / self.a[i * self.n + i];
            }
            let cmax = c.iter().fold(0.0f64, |m, v| m.max(v.abs()));
            let with: Vec<String> = c
                .iter()
                .enumerate()
                .filter(|(_, v)| v.abs() > 1e-8 * cmax)
                .map(|(i, _)| name(self.perm.get(i).copied().unwrap_or(i)))
                .collect();
            if with.is_empty() {
                parts.push(format!("{} is all zeros", name(orig)));
            } else {
                parts.push(format!(
                    "{} is collinear with {}",
                    name(orig),
                    with.join(", ")
                ));
            }
        }
        Err(Error::singular(format!(
            "the design is rank deficient (rank {} of {} columns): {}",
            r,
            self.k,
            parts.join("; ")
        )))
    }

    /// Applies the reflector `H_j = I - τ_j v_j v_jᵀ` to `y` (length `n`).
    fn reflect(&self, j: usize, y: &mut [f64]) {
        let n = self.n;
        let v = &self.a[j * n + j + 1..(j + 1) * n];
        let (y0, yrest) = y[j..].split_at_mut(1);
        let w = y0[0] + dot(v, yrest);
        let tw = self.tau[j] * w;
        y0[0] -= tw;
        axpy(-tw, v, yrest);
    }

    /// Overwrites `y` (length `n`) with `Qᵀ y = H_{r-1} ⋯ H_0 y`.
    fn apply_qt(&self, y: &mut [f64]) {
        for j in 0..self.rank {
            self.reflect(j, y);
        }
    }

    /// Least-squares coefficients for `y` in the original column order and
    /// units (no refinement).
    fn solve_once(&self, y: &[f64]) -> Vec<f64> {
        let mut qty = y.to_vec();
        self.apply_qt(&mut qty);
        let r = self.rank;
        let mut z = qty[..r].to_vec();
        for i in (0..r).rev() {
            let mut s = z[i];
            for (l, zl) in z.iter().enumerate().skip(i + 1) {
                s -= self.a[l * self.n + i] * zl;
            }
            z[i] = s / self.a[i * self.n + i];
        }
        let mut b = vec![0.0; self.k];
        for (j, zj) in z.iter().enumerate() {
            b[self.perm[j]] = zj * self.scale[j];
        }
        b
    }

    /// Overwrites `y` (length `n`) with `Q y = H_0 ⋯ H_{r-1} y`.
    fn apply_q(&self, y: &mut [f64]) {
        for j in (0..self.rank).rev() {
            self.reflect(j, y);
        }
    }

    /// Solves `R z = c` (back substitution) in place.
    fn solve_r(&self, z: &mut [f64]) {
        for i in (0..self.rank).rev() {
            let mut s = z[i];
            for (l, zl) in z.iter().enumerate().take(self.rank).skip(i + 1) {
                s -= self.a[l * self.n + i] * zl;
            }
            z[i] = s / self.a[i * self.n + i];
        }
    }

    /// Solves `Rᵀ h = g` (forward substitution) in place.
    fn solve_rt(&self, h: &mut [f64]) {
        for i in 0..self.rank {
            let mut s = h[i];
            for (l, hl) in h.iter().enumerate().take(i) {
                s -= self.a[i * self.n + l] * hl;
            }
            h[i] = s / self.a[i * self.n + i];
        }
    }

    /// Frobenius-norm condition number `‖R‖ ‖R⁻¹‖` of the column-scaled
    /// design (`O(k³)`; infinite when rank deficient).
    ///
    /// ```
    /// use colcrime::stats::linalg::Qr;
    /// let qr = Qr::new(&ndarray::array![[1.0, 0.0], [0.0, 1.0]]).unwrap();
    /// assert!((qr.condition() - 2.0).abs() < 1e-12);
    /// ```
    pub fn condition(&self) -> f64 {
        if self.rank < self.k {
            return f64::INFINITY;
        }
        let k = self.k;
        let mut rn = 0.0;
        for j in 0..k {
            for i in 0..=j {
                rn += self.a[j * self.n + i].powi(2);
            }
        }
        let ri = self.r_inverse();
        let rin: f64 = ri.iter().map(|v| v * v).sum();
        (rn * rin).sqrt()
    }

    /// Least-squares solution without the double-double refinement of
    /// [`Qr::solve`]: accurate to a few ulps times the condition number.
    /// For inner steps of an iteration (IRLS) whose last step is refined.
    ///
    /// # Errors
    /// `y` of the wrong length, or a rank-deficient design.
    ///
    /// ```
    /// use ndarray::array;
    /// use colcrime::stats::linalg::Qr;
    /// let x = array![[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]];
    /// let b = Qr::new(&x).unwrap().solve_unrefined(&[1.0, 3.0, 5.0]).unwrap();
    /// assert!((b[0] - 1.0).abs() < 1e-12 && (b[1] - 2.0).abs() < 1e-12);
    /// ```
    pub fn solve_unrefined(&self, y: &[f64]) -> Result<Vec<f64>> {
        if y.len() != self.n {
            return Err(Error::usage(format!(
                "least squares: y has {} rows, expected {}",
                y.len(),
                self.n
            )));
        }
        self.check_rank(&[])?;
        Ok(self.solve_once(y))
    }

    /// Least-squares coefficients `argmin ||y - X b||` (`x` must be the
    /// matrix that was factorised). The QR solution is polished by iterative refinement of the augmented system
    /// `r + X b = y, Xᵀ r = 0` (Björck 1967) with residuals accumulated in
    /// double-double arithmetic, which recovers the NIST certified digits.
    ///
    /// # Errors
    /// Rank deficiency (call [`Qr::check_rank`] first for named columns), or
    /// `y` of the wrong length.
    ///
    /// ```
    /// use colcrime::stats::linalg::Qr;
    /// let x = ndarray::array![[1.0, 1.0], [1.0, 2.0], [1.0, 3.0]];
    /// let b = Qr::new(&x).unwrap().solve(&x, &[2.0, 4.0, 6.0]).unwrap();
    /// assert!(b[0].abs() < 1e-14 && (b[1] - 2.0).abs() < 1e-14);
    /// ```
    pub fn solve(&self, x: &Array2<f64>, y: &[f64]) -> Result<Vec<f64>> {
        if y.len() != self.n || x.dim() != (self.n, self.k) {
            return Err(Error::usage(format!(
                "least squares: y has {} rows and X is {:?}, expected {} rows",
                y.len(),
                x.dim(),
                self.n
            )));
        }
        self.check_rank(&[])?;
        let mut b = self.solve_once(y);
        // A well-conditioned problem is already accurate to a few ulps times
        // the condition number; refinement (in double-double, several
        // passes over X) recovers the last digits and rescues ill-conditioned
        // designs (NIST Longley, Filip, Wampler). It is always run on designs
        // of up to a million cells, where it costs little, and on larger
        // ones only when the condition number asks for it.
        if self.n * self.k > REFINE_ALWAYS_CELLS && self.condition() <= REFINE_ABOVE_CONDITION {
            return Ok(b);
        }
        let (n, k) = (self.n, self.k);
        let mut r = residuals_dd(x, y, &b, None);
        for _ in 0..4 {
            // f = y - r - X b, g = -Xᵀ r (both in double-double).
            let f = residuals_dd(x, y, &b, Some(&r));
            let mut g = vec![0.0; k];
            for (j, col) in x.columns().into_iter().enumerate() {
                let mut acc = Dd::default();
                for (xi, ri) in col.iter().zip(&r) {
                    acc.add_prod(*xi, -*ri);
                }
                g[j] = acc.value();
            }
            // Into the scaled, pivoted coordinates: g_s = P D g.
            let mut h: Vec<f64> = (0..k).map(|j| g[self.perm[j]] * self.scale[j]).collect();
            self.solve_rt(&mut h);
            let mut d = f;
            self.apply_qt(&mut d);
            let mut z: Vec<f64> = (0..k).map(|j| d[j] - h[j]).collect();
            self.solve_r(&mut z);
            // dr = Q [h; d2].
            d[..k].copy_from_slice(&h);
            self.apply_q(&mut d);
            let mut change = 0.0f64;
            for (j, zj) in z.iter().enumerate() {
                let db = zj * self.scale[j];
                let p = self.perm[j];
                change = change.max((db / b[p]).abs());
                b[p] += db;
            }
            r.iter_mut().zip(&d).for_each(|(ri, di)| *ri += di);
            if change.is_nan() || change <= 1e-17 || n == k {
                break;
            }
        }
        Ok(b)
    }

    /// `R⁻¹` of the scaled, pivoted problem (upper triangular, `k × k`).
    fn r_inverse(&self) -> Vec<f64> {
        let k = self.k;
        let n = self.n;
        // Column-major inverse of an upper-triangular matrix, column by column.
        let mut inv = vec![0.0; k * k];
        for j in 0..k {
            inv[j * k + j] = 1.0 / self.a[j * n + j];
            for i in (0..j).rev() {
                let mut s = 0.0;
                for l in (i + 1)..=j {
                    s += self.a[l * n + i] * inv[j * k + l];
                }
                inv[j * k + i] = -s / self.a[i * n + i];
            }
        }
        inv
    }

    /// `(XᵀX)⁻¹` in the original column order and units, from `R⁻¹`.
    ///
    /// # Errors
    /// Rank deficiency.
    ///
    /// ```
    /// use colcrime::stats::linalg::Qr;
    /// let x = ndarray::array![[1.0, 0.0], [0.0, 2.0]];
    /// let m = Qr::new(&x).unwrap().xtx_inv().unwrap();
    /// assert!((m[[1, 1]] - 0.25).abs() < 1e-15 && m[[0, 1]].abs() < 1e-15);
    /// ```
    pub fn xtx_inv(&self) -> Result<Array2<f64>> {
        self.check_rank(&[])?;
        let k = self.k;
        let ri = self.r_inverse();
        let mut m = Array2::<f64>::zeros((k, k));
        for i in 0..k {
            for j in i..k {
                // (R⁻¹ R⁻ᵀ)[i, j] = Σ_l R⁻¹[i, l] R⁻¹[j, l], l ≥ max(i, j).
                let mut s = 0.0;
                for l in j..k {
                    s += ri[l * k + i] * ri[l * k + j];
                }
                let (pi, pj) = (self.perm[i], self.perm[j]);
                let v = s * self.scale[i] * self.scale[j];
                m[[pi, pj]] = v;
                m[[pj, pi]] = v;
            }
        }
        Ok(m)
    }

    /// The diagonal of the hat matrix `H = X (XᵀX)⁻¹ Xᵀ` (leverages), as the
    /// squared row norms of `X D P R⁻¹`.
    ///
    /// # Errors
    /// Rank deficiency, or `x` not the factorised matrix's shape.
    ///
    /// ```
    /// use colcrime::stats::linalg::Qr;
    /// let x = ndarray::array![[1.0], [1.0], [1.0], [1.0]];
    /// let h = Qr::new(&x).unwrap().leverage(&x).unwrap();
    /// assert!((h[2] - 0.25).abs() < 1e-15);
    /// ```
    pub fn leverage(&self, x: &Array2<f64>) -> Result<Vec<f64>> {
        self.check_rank(&[])?;
        if x.ncols() != self.k {
            return Err(Error::usage(
                "leverage: X does not have the factorised matrix's columns",
            ));
        }
        let k = self.k;
        let ri = self.r_inverse();
        let mut xs = vec![0.0; k];
        let mut h = Vec::with_capacity(self.n);
        for row in x.rows() {
            for j in 0..k {
                xs[j] = row[self.perm[j]] * self.scale[j];
            }
            let mut s = 0.0;
            for c in 0..k {
                // (x_s R⁻¹)[c] = Σ_{l ≤ c} x_s[l] R⁻¹[l, c]
                let mut z = 0.0;
                for l in 0..=c {
                    z += xs[l] * ri[c * k + l];
                }
                s += z * z;
            }
            h.push(s);
        }
        Ok(h)
    }
}

/// `y - X b`.
///
/// ```
/// use colcrime::stats::linalg::residuals;
/// let x = ndarray::array![[1.0, 2.0]];
/// assert_eq!(residuals(&x, &[5.0], &[1.0, 1.0]), vec![2.0]);
/// ```
pub fn residuals(x: &Array2<f64>, y: &[f64], b: &[f64]) -> Vec<f64> {
    let fitted = matvec(x, b);
    y.iter().zip(&fitted).map(|(a, f)| a - f).collect()
}

/// `X b`.
///
/// ```
/// use colcrime::stats::linalg::matvec;
/// assert_eq!(matvec(&ndarray::array![[1.0, 2.0], [3.0, 4.0]], &[1.0, 1.0]), vec![3.0, 7.0]);
/// ```
pub fn matvec(x: &Array2<f64>, b: &[f64]) -> Vec<f64> {
    if b.len() == x.ncols() {
        // ndarray's gemv follows the memory layout of `x`.
        return x.dot(&ndarray::ArrayView1::from(b)).to_vec();
    }
    let mut out = vec![0.0; x.nrows()];
    for (j, col) in x.columns().into_iter().enumerate() {
        let bj = b.get(j).copied().unwrap_or(0.0);
        if bj == 0.0 {
            continue;
        }
        for (o, v) in out.iter_mut().zip(col.iter()) {
            *o += bj * v;
        }
    }
    out
}

/// Least squares `argmin ||y - X b||` by pivoted QR; returns the
/// coefficients and the factorisation (for the rank, covariances and
/// leverages). A tall, well-conditioned design of more than a million cells
/// is solved from the triangle of `[X y]`
/// ([`tall_lstsq`](super::tsqr::tall_lstsq)); its factorisation is then that of
/// the triangle, which serves the same purposes but cannot solve for another
/// right-hand side.
///
/// # Errors
/// Rank deficiency (named by column number), too few rows, non-finite
/// values.
///
/// ```
/// use colcrime::stats::linalg::lstsq;
/// let x = ndarray::array![[1.0], [2.0]];
/// assert!((lstsq(&x, &[2.0, 4.0]).unwrap().0[0] - 2.0).abs() < 1e-15);
/// ```
pub fn lstsq(x: &Array2<f64>, y: &[f64]) -> Result<(Vec<f64>, Qr)> {
    if let Some((qr, b)) = super::tsqr::tall_lstsq(x, y)? {
        return Ok((b, qr));
    }
    let qr = Qr::new(x)?;
    let b = qr.solve(x, y)?;
    Ok((b, qr))
}

/// A double-double accumulator (Dekker/Knuth error-free transformations).
#[derive(Debug, Default, Clone, Copy)]
struct Dd {
    hi: f64,
    lo: f64,
}

impl Dd {
    fn add(&mut self, v: f64) {
        let s = self.hi + v;
        let bb = s - self.hi;
        let err = (self.hi - (s - bb)) + (v - bb);
        self.hi = s;
        self.lo += err;
    }
    fn add_prod(&mut self, a: f64, b: f64) {
        let p = a * b;
        let e = a.mul_add(b, -p);
        self.add(p);
        self.lo += e;
    }
    fn value(&self) -> f64 {
        self.hi + self.lo
    }
}

/// `y - X b` (minus `r` if given), accumulated in double-double.
fn residuals_dd(x: &Array2<f64>, y: &[f64], b: &[f64], r: Option<&[f64]>) -> Vec<f64> {
    let mut out = Vec::with_capacity(y.len());
    for (i, (row, yi)) in x.rows().into_iter().zip(y).enumerate() {
        let mut acc = Dd { hi: *yi, lo: 0.0 };
        if let Some(r) = r {
            acc.add(-r[i]);
        }
        for (xij, bj) in row.iter().zip(b) {
            acc.add_prod(*xij, -*bj);
        }
        out.push(acc.value());
    }
    out
}

/// Condition number (of the column-scaled design) above which
/// [`Qr::solve`] polishes the solution by iterative refinement.
pub(crate) const REFINE_ABOVE_CONDITION: f64 = 100.0;

/// Designs with at least this many cells are factored with the columns
/// shared out among threads (below it the threads cost more than they save).
const PARALLEL_CELLS: usize = 200_000;

/// Designs with at most this many cells are always refined.
pub(crate) const REFINE_ALWAYS_CELLS: usize = 1_000_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solves_and_inverts() {
        let x = ndarray::array![
            [1.0, 0.5, 3.0],
            [1.0, 1.5, -1.0],
            [1.0, 2.5, 0.0],
            [1.0, 4.0, 2.0],
            [1.0, -1.0, 1.0]
        ];
        let y = [1.0, 2.0, 2.5, 5.0, -0.5];
        let (b, qr) = lstsq(&x, &y).unwrap();
        // Normal equations hold: Xᵀ(y - Xb) = 0.
        let r = residuals(&x, &y, &b);
        for col in x.columns() {
            let g: f64 = col.iter().zip(&r).map(|(a, b)| a * b).sum();
            assert!(g.abs() < 1e-13, "{g}");
        }
        let m = qr.xtx_inv().unwrap();
        let xtx = x.t().dot(&x);
        let id = xtx.dot(&m);
        for i in 0..3 {
            for j in 0..3 {
                let e = if i == j { 1.0 } else { 0.0 };
                assert!((id[[i, j]] - e).abs() < 1e-13);
            }
        }
        let h = qr.leverage(&x).unwrap();
        assert!((h.iter().sum::<f64>() - 3.0).abs() < 1e-13);
    }

    #[test]
    fn names_collinear_columns() {
        let x = ndarray::array![
            [1.0, 1.0, 3.0],
            [1.0, 2.0, 5.0],
            [1.0, 3.0, 7.0],
            [1.0, 4.0, 9.0]
        ];
        let qr = Qr::new(&x).unwrap();
        assert_eq!(qr.rank(), 2);
        let e = qr
            .check_rank(&["const".into(), "a".into(), "b".into()])
            .unwrap_err()
            .to_string();
        assert!(e.contains("collinear"), "{e}");
        let zero = ndarray::array![[1.0, 0.0], [1.0, 0.0]];
        let e = Qr::new(&zero)
            .unwrap()
            .check_rank(&["c".into(), "z".into()])
            .unwrap_err();
        assert!(e.to_string().contains("z is all zeros"), "{e}");
    }
}
