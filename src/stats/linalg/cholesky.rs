//! Cholesky factorisation `A = L Lᵀ` of a symmetric positive
//! (semi-)definite matrix, and the inverse it gives.
//!
//! Column by column (Golub & Van Loan, *Matrix Computations*, 4th ed.,
//! algorithm 4.2.1), with the sums subtracted term by term:
//!
//! ```text
//! L_jj = √(A_jj − Σ_{p<j} L_jp²),   L_ij = (A_ij − Σ_{p<j} L_ip L_jp) / L_jj   (i > j).
//! ```
//!
//! A pivot `A_jj − Σ L_jp²` that is not positive and finite means `A` is not
//! positive definite: [`cholesky`] and [`spd_inverse`] refuse it, while
//! [`cholesky_semidefinite`] leaves that column of `L` at zero (a covariance
//! of rank below its size still factors, `A = L Lᵀ`, for simulation).
//!
//! ```
//! use colcrime::stats::linalg::cholesky;
//! let l = cholesky(&ndarray::array![[4.0, 2.0], [2.0, 5.0]], "m").unwrap();
//! assert_eq!(l, ndarray::array![[2.0, 0.0], [1.0, 2.0]]);
//! ```

use ndarray::{Array2, ArrayBase, Data, Ix2};

use crate::error::{Error, Result};

/// The factor `L`, or the first failed pivot `(j, value)`. With
/// `zero_below`, a pivot at or below it leaves column `j` at zero instead.
fn factor<S: Data<Elem = f64>>(
    a: &ArrayBase<S, Ix2>,
    zero_below: Option<f64>,
) -> std::result::Result<Array2<f64>, (usize, f64)> {
    let k = a.nrows();
    let mut l = Array2::<f64>::zeros((k, k));
    for j in 0..k {
        let mut d = a[[j, j]];
        for p in 0..j {
            d -= l[[j, p]] * l[[j, p]];
        }
        match zero_below {
            Some(tol) if d <= tol => continue,
            None if d <= 0.0 || !d.is_finite() => return Err((j, d)),
            _ => {}
        }
        let djj = d.sqrt();
        l[[j, j]] = djj;
        for i in (j + 1)..k {
            let mut s = a[[i, j]];
            for p in 0..j {
                s -= l[[i, p]] * l[[j, p]];
            }
            l[[i, j]] = s / djj;
        }
    }
    Ok(l)
}

/// A square matrix, or a usage error naming `what`.
fn check_square<S: Data<Elem = f64>>(a: &ArrayBase<S, Ix2>, what: &str) -> Result<()> {
    if a.nrows() == a.ncols() {
        Ok(())
    } else {
        Err(Error::usage(format!(
            "{what} is not square ({} x {})",
            a.nrows(),
            a.ncols()
        )))
    }
}

/// The lower Cholesky factor `L` of a symmetric positive-definite matrix
/// (`A = L Lᵀ`); `what` names the matrix in the error.
///
/// # Errors
/// A matrix that is not square, or not positive definite (naming the
/// failed pivot).
///
/// ```
/// use colcrime::stats::linalg::cholesky;
/// let l = cholesky(&ndarray::array![[9.0, 3.0], [3.0, 5.0]], "the covariance").unwrap();
/// assert_eq!((l[[0, 0]], l[[1, 0]], l[[1, 1]]), (3.0, 1.0, 2.0));
/// let e = cholesky(&ndarray::array![[1.0, 1.0], [1.0, 1.0]], "the covariance").unwrap_err();
/// assert!(e.to_string().contains("the covariance is not positive definite (pivot 2"));
/// ```
pub fn cholesky<S: Data<Elem = f64>>(a: &ArrayBase<S, Ix2>, what: &str) -> Result<Array2<f64>> {
    check_square(a, what)?;
    factor(a, None).map_err(|(j, d)| {
        Error::singular(format!(
            "{what} is not positive definite (pivot {} is {d:e})",
            j + 1
        ))
    })
}

/// The lower Cholesky factor of a symmetric positive *semi*-definite
/// matrix: a pivot at or below `10⁻¹² max_i |A_ii|` leaves its column at
/// zero, so `L Lᵀ = A` also for a singular covariance.
///
/// # Errors
/// A matrix that is not square.
///
/// ```
/// use colcrime::stats::linalg::cholesky_semidefinite;
/// // [[1, 1], [1, 1]] = l lᵀ with l = (1, 1)ᵀ.
/// let l = cholesky_semidefinite(&ndarray::array![[1.0, 1.0], [1.0, 1.0]]).unwrap();
/// assert_eq!(l, ndarray::array![[1.0, 0.0], [1.0, 0.0]]);
/// ```
pub fn cholesky_semidefinite<S: Data<Elem = f64>>(a: &ArrayBase<S, Ix2>) -> Result<Array2<f64>> {
    check_square(a, "the covariance")?;
    let tol = 1e-12 * a.diag().iter().map(|v| v.abs()).fold(0.0, f64::max);
    factor(a, Some(tol)).map_err(|(j, d)| {
        Error::singular(format!(
            "the covariance has an invalid pivot {} ({d:e})",
            j + 1
        ))
    })
}

/// Inverse of a small symmetric positive-definite matrix by Cholesky,
/// `A⁻¹ = L⁻ᵀ L⁻¹` (for Wald tests on `k × k` covariance blocks).
///
/// # Errors
/// The matrix is not square, or not positive definite.
///
/// ```
/// use colcrime::stats::linalg::spd_inverse;
/// let m = spd_inverse(&ndarray::array![[4.0, 0.0], [0.0, 2.0]]).unwrap();
/// assert!((m[[0, 0]] - 0.25).abs() < 1e-15);
/// ```
pub fn spd_inverse(a: &Array2<f64>) -> Result<Array2<f64>> {
    let k = a.nrows();
    if a.ncols() != k {
        return Err(Error::usage("spd_inverse: the matrix is not square"));
    }
    let l = factor(a, None).map_err(|_| Error::singular("the matrix is not positive definite"))?;
    // Invert L (lower triangular), then A⁻¹ = L⁻ᵀ L⁻¹.
    let mut li = Array2::<f64>::zeros((k, k));
    for j in 0..k {
        li[[j, j]] = 1.0 / l[[j, j]];
        for i in (j + 1)..k {
            let mut s = 0.0;
            for p in j..i {
                s += l[[i, p]] * li[[p, j]];
            }
            li[[i, j]] = -s / l[[i, i]];
        }
    }
    let mut inv = Array2::<f64>::zeros((k, k));
    for i in 0..k {
        for j in 0..=i {
            let mut s = 0.0;
            for p in i..k {
                s += li[[p, i]] * li[[p, j]];
            }
            inv[[i, j]] = s;
            inv[[j, i]] = s;
        }
    }
    Ok(inv)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cholesky_of_known_matrix() {
        let a = ndarray::array![[4.0, 2.0], [2.0, 5.0]];
        let l = cholesky(&a, "m").unwrap();
        assert_eq!(l, ndarray::array![[2.0, 0.0], [1.0, 2.0]]);
        assert!(cholesky(&ndarray::array![[1.0, 1.0], [1.0, 1.0]], "m").is_err());
        assert!(cholesky(&ndarray::array![[1.0, 1.0]], "m").is_err());
    }

    #[test]
    fn cholesky_of_singular_psd() {
        // [[1, 1], [1, 1]] = l l' with l = [1, 1]'.
        let l = cholesky_semidefinite(&ndarray::array![[1.0, 1.0], [1.0, 1.0]]).unwrap();
        assert_eq!(l, ndarray::array![[1.0, 0.0], [1.0, 0.0]]);
        let l = cholesky_semidefinite(&ndarray::array![[4.0, 2.0], [2.0, 5.0]]).unwrap();
        assert!(
            (l[[0, 0]] - 2.0).abs() < 1e-15
                && (l[[1, 0]] - 1.0).abs() < 1e-15
                && (l[[1, 1]] - 2.0).abs() < 1e-15
        );
    }

    #[test]
    fn spd() {
        let a = ndarray::array![[4.0, 2.0], [2.0, 3.0]];
        let inv = spd_inverse(&a).unwrap();
        let id = a.dot(&inv);
        assert!((id[[0, 0]] - 1.0).abs() < 1e-15 && id[[0, 1]].abs() < 1e-15);
        assert!(spd_inverse(&ndarray::array![[1.0, 2.0], [2.0, 1.0]]).is_err());
    }
}
