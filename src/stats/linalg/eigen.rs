//! Eigenvalues of a small symmetric matrix by cyclic Jacobi rotations
//! (Golub & Van Loan, *Matrix Computations*, 4th ed., §8.5): each rotation
//! zeroes one off-diagonal pair, sweeping until the off-diagonal mass is
//! below `10⁻³²` of the diagonal's (at most 100 sweeps). For the condition
//! number of `XᵀX` in the OLS diagnostics.

use ndarray::Array2;

/// Eigenvalues of a symmetric matrix by cyclic Jacobi rotations.
pub(crate) fn sym_eigenvalues(a: &Array2<f64>) -> Vec<f64> {
    let k = a.nrows();
    let mut m = a.clone();
    for _sweep in 0..100 {
        let mut off = 0.0;
        for p in 0..k {
            for q in p + 1..k {
                off += m[[p, q]] * m[[p, q]];
            }
        }
        let diag: f64 = (0..k).map(|i| m[[i, i]] * m[[i, i]]).sum();
        if off <= 1e-32 * diag || off == 0.0 {
            break;
        }
        for p in 0..k {
            for q in p + 1..k {
                let apq = m[[p, q]];
                if apq == 0.0 {
                    continue;
                }
                let theta = (m[[q, q]] - m[[p, p]]) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let sn = t * c;
                for r in 0..k {
                    let mrp = m[[r, p]];
                    let mrq = m[[r, q]];
                    m[[r, p]] = c * mrp - sn * mrq;
                    m[[r, q]] = sn * mrp + c * mrq;
                }
                for r in 0..k {
                    let mpr = m[[p, r]];
                    let mqr = m[[q, r]];
                    m[[p, r]] = c * mpr - sn * mqr;
                    m[[q, r]] = sn * mpr + c * mqr;
                }
            }
        }
    }
    (0..k).map(|i| m[[i, i]]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_by_two_by_hand() {
        // [[2, 1], [1, 2]] has eigenvalues 1 and 3.
        let mut e = sym_eigenvalues(&ndarray::array![[2.0, 1.0], [1.0, 2.0]]);
        e.sort_by(f64::total_cmp);
        assert!((e[0] - 1.0).abs() < 1e-14 && (e[1] - 3.0).abs() < 1e-14);
    }
}
