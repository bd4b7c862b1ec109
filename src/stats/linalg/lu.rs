//! Gaussian elimination with partial pivoting (`P A = L U`) for small
//! dense square systems, and the general inverse it gives.
//!
//! At step `k` the row with the largest `|a_ik|`, `i ≥ k`, becomes the
//! pivot row; the rows below subtract `f_ik = a_ik / a_kk` times it. A
//! right-hand side replays the same swaps and subtractions, then back
//! substitution solves `U x = c` (Golub & Van Loan, *Matrix Computations*,
//! 4th ed., §3.4). A pivot below `10⁻³⁰⁰` in magnitude (or not finite)
//! means the matrix is singular to working precision.
//!
//! ```
//! use colcrime::stats::linalg::inverse;
//! let inv = inverse(&ndarray::array![[2.0, 1.0], [1.0, 3.0]]).unwrap();
//! assert!((inv[[0, 0]] - 0.6).abs() < 1e-15);
//! ```

use ndarray::Array2;

use crate::error::{Error, Result};

/// The eliminated rows of a row-major `m × m` matrix: `U` on and above the
/// diagonal of `a`, the pivot row of each step and its multipliers.
#[derive(Debug, Clone)]
struct Lu {
    m: usize,
    a: Vec<f64>,
    piv: Vec<usize>,
    /// `mult[i * m + k]` = `f_ik` for `i > k`.
    mult: Vec<f64>,
}

impl Lu {
    /// Eliminates `a` (row-major `m × m`, overwritten); `None` if singular.
    fn factor(a: &mut [f64], m: usize) -> Option<Lu> {
        if a.len() != m * m {
            return None;
        }
        let mut piv = vec![0; m];
        let mut mult = vec![0.0; m * m];
        for k in 0..m {
            let mut p = k;
            let mut best = a[k * m + k].abs();
            for i in k + 1..m {
                let v = a[i * m + k].abs();
                if v > best {
                    best = v;
                    p = i;
                }
            }
            if best.is_nan() || best <= 1e-300 || !best.is_finite() {
                return None;
            }
            piv[k] = p;
            if p != k {
                for j in 0..m {
                    a.swap(k * m + j, p * m + j);
                }
            }
            let d = a[k * m + k];
            for i in k + 1..m {
                let f = a[i * m + k] / d;
                mult[i * m + k] = f;
                if f != 0.0 {
                    for j in k..m {
                        a[i * m + j] -= f * a[k * m + j];
                    }
                }
            }
        }
        Some(Lu {
            m,
            a: a.to_vec(),
            piv,
            mult,
        })
    }

    /// Solves `A x = b` (`b` is overwritten by the eliminated right-hand side).
    fn solve(&self, b: &mut [f64]) -> Vec<f64> {
        let m = self.m;
        for k in 0..m {
            if self.piv[k] != k {
                b.swap(k, self.piv[k]);
            }
            for i in k + 1..m {
                let f = self.mult[i * m + k];
                if f != 0.0 {
                    b[i] -= f * b[k];
                }
            }
        }
        let mut x = vec![0.0; m];
        for k in (0..m).rev() {
            let mut v = b[k];
            for (akj, xj) in self.a[k * m + k + 1..(k + 1) * m].iter().zip(&x[k + 1..]) {
                v -= akj * xj;
            }
            x[k] = v / self.a[k * m + k];
        }
        x
    }
}

/// Solves `A x = b` for a row-major `m × m` matrix `a` (both overwritten);
/// `None` if `A` is singular or the lengths do not match (the tests'
/// oracle for the ARMA autocovariances).
#[cfg(test)]
pub(crate) fn solve_dense(a: &mut [f64], b: &mut [f64], m: usize) -> Option<Vec<f64>> {
    if b.len() != m {
        return None;
    }
    Some(Lu::factor(a, m)?.solve(b))
}

/// The inverse of a square matrix, column by column from one elimination.
///
/// # Errors
/// A matrix that is not square, or singular to working precision.
///
/// ```
/// use colcrime::stats::linalg::inverse;
/// let a = ndarray::array![[0.0, 2.0], [4.0, 0.0]];
/// let inv = inverse(&a).unwrap();
/// assert_eq!((inv[[0, 1]], inv[[1, 0]]), (0.25, 0.5));
/// assert!(inverse(&ndarray::array![[1.0, 2.0], [2.0, 4.0]]).is_err());
/// ```
pub fn inverse(a: &Array2<f64>) -> Result<Array2<f64>> {
    let m = a.nrows();
    if a.ncols() != m {
        return Err(Error::usage(format!(
            "inverse: the matrix is not square ({m} x {})",
            a.ncols()
        )));
    }
    let mut cells: Vec<f64> = a.iter().copied().collect();
    let lu = Lu::factor(&mut cells, m).ok_or_else(|| Error::singular("the matrix is singular"))?;
    let mut out = Array2::<f64>::zeros((m, m));
    let mut e = vec![0.0; m];
    for c in 0..m {
        e.iter_mut().for_each(|v| *v = 0.0);
        e[c] = 1.0;
        for (i, v) in lu.solve(&mut e).into_iter().enumerate() {
            out[[i, c]] = v;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solves_a_pivoted_system() {
        // x + 2y = 5, 3x + 4y = 11: x = 1, y = 2 (the first step swaps rows).
        let mut a = [1.0, 2.0, 3.0, 4.0];
        let mut b = [5.0, 11.0];
        let x = solve_dense(&mut a, &mut b, 2).unwrap();
        assert!((x[0] - 1.0).abs() < 1e-15 && (x[1] - 2.0).abs() < 1e-15);
        assert!(solve_dense(&mut [1.0, 2.0, 2.0, 4.0], &mut [1.0, 1.0], 2).is_none());
        assert!(solve_dense(&mut [1.0], &mut [1.0, 2.0], 1).is_none());
    }

    #[test]
    fn inverts() {
        let a = ndarray::array![[2.0, 1.0, 0.0], [1.0, 3.0, 1.0], [0.0, 1.0, 4.0]];
        let id = a.dot(&inverse(&a).unwrap());
        for i in 0..3 {
            for j in 0..3 {
                let e = if i == j { 1.0 } else { 0.0 };
                assert!((id[[i, j]] - e).abs() < 1e-15);
            }
        }
        assert!(inverse(&ndarray::array![[1.0, 2.0]]).is_err());
    }
}
