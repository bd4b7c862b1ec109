//! Least squares by plain Householder QR (no column scaling, pivoting or
//! refinement) on a row-major buffer, with classical standard errors
//! `se_i = s ‖(R⁻¹)_i‖`, `s² = ‖y − X b‖² / (n − k)`.
//!
//! This is the second least-squares solver of the crate, kept on purpose
//! beside [`lstsq`](super::lstsq): the SARIMA fit takes its regression
//! starts and parameter scales, and the Hannan–Rissanen starts, from here,
//! and BFGS with numerical gradients carries the last bits of a start into
//! the optimum. Solving them with the pivoted, refined QR instead moves the
//! fitted SARIMA parameters by up to 1e-9 and their (numerical-Hessian)
//! covariances by up to 6e-3 relative on `tests/reference/arima`; every
//! saved SARIMA would change.

/// Least squares `min ||y - X b||` by Householder QR (X is `n x k`,
/// row-major). Returns `(b, se)` with classical standard errors, or `None`
/// if X is rank deficient or `n <= k`.
pub(crate) fn lstsq_unpivoted(
    x: &[f64],
    y: &[f64],
    n: usize,
    k: usize,
) -> Option<(Vec<f64>, Vec<f64>)> {
    if n <= k || k == 0 {
        return None;
    }
    // Column-major copy.
    let mut a: Vec<f64> = (0..k)
        .flat_map(|j| (0..n).map(move |i| (i, j)))
        .map(|(i, j)| x[i * k + j])
        .collect();
    let mut qty = y.to_vec();
    let mut rdiag = vec![0.0; k];
    let scale = a.iter().fold(0.0f64, |m, v| m.max(v.abs())).max(1e-300);
    for j in 0..k {
        let col = &mut a[j * n..(j + 1) * n];
        let norm = col[j..].iter().map(|v| v * v).sum::<f64>().sqrt();
        if norm <= 1e-12 * scale * (n as f64).sqrt() {
            return None;
        }
        let alpha = if col[j] > 0.0 { -norm } else { norm };
        col[j] -= alpha;
        let vnorm2: f64 = col[j..].iter().map(|v| v * v).sum();
        rdiag[j] = alpha;
        let v: Vec<f64> = col[j..].to_vec();
        for jj in j + 1..k {
            let c = &mut a[jj * n..(jj + 1) * n];
            let d: f64 = v.iter().zip(&c[j..]).map(|(p, q)| p * q).sum::<f64>() * 2.0 / vnorm2;
            for (ci, vi) in c[j..].iter_mut().zip(&v) {
                *ci -= d * vi;
            }
        }
        let d: f64 = v.iter().zip(&qty[j..]).map(|(p, q)| p * q).sum::<f64>() * 2.0 / vnorm2;
        for (ci, vi) in qty[j..].iter_mut().zip(&v) {
            *ci -= d * vi;
        }
    }
    // R: diagonal rdiag, above-diagonal a[jj*n + j] for j < jj.
    let r_at = |i: usize, j: usize| if i == j { rdiag[i] } else { a[j * n + i] };
    let mut b = vec![0.0; k];
    for i in (0..k).rev() {
        let v = qty[i] - (i + 1..k).map(|j| r_at(i, j) * b[j]).sum::<f64>();
        b[i] = v / rdiag[i];
    }
    let ssr: f64 = qty[k..].iter().map(|v| v * v).sum();
    let s2 = ssr / (n - k) as f64;
    // R^{-1} by back substitution, column by column; se_i = s sqrt(Σ_j Rinv[i][j]²).
    let mut rinv = vec![0.0; k * k];
    for c in 0..k {
        for i in (0..=c).rev() {
            let mut v = if i == c { 1.0 } else { 0.0 };
            for j in i + 1..=c {
                v -= r_at(i, j) * rinv[j * k + c];
            }
            rinv[i * k + c] = v / rdiag[i];
        }
    }
    let se = (0..k)
        .map(|i| (s2 * (0..k).map(|c| rinv[i * k + c].powi(2)).sum::<f64>()).sqrt())
        .collect();
    Some((b, se))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_fit() {
        let x = [1.0, 0.0, 1.0, 1.0, 1.0, 2.0, 1.0, 3.0];
        let y = [1.0, 3.1, 4.9, 7.0];
        let (b, se) = lstsq_unpivoted(&x, &y, 4, 2).unwrap();
        // Hand computation: slope = Sxy/Sxx = 9.9/5 = 1.98, intercept = 4 - 1.98*1.5.
        assert!((b[1] - 1.98).abs() < 1e-12);
        assert!((b[0] - (4.0 - 1.98 * 1.5)).abs() < 1e-12);
        assert!(se[1] > 0.0);
    }
}
