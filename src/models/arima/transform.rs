//! Reparametrisation enforcing stationarity (AR) and invertibility (MA):
//! unconstrained `x` ↦ partial autocorrelations `r = x / sqrt(1 + x²)` ↦
//! coefficients by the Durbin–Levinson recursion (Jones 1980; Monahan 1984).

/// Unconstrained values to AR coefficients of `1 - Σ φ_j B^j` (stationary).
pub(crate) fn constrain_ar(x: &[f64]) -> Vec<f64> {
    let p = x.len();
    let mut phi = vec![0.0; p];
    let mut prev = vec![0.0; p];
    for k in 0..p {
        let r = x[k] / (1.0 + x[k] * x[k]).sqrt();
        prev[..k].copy_from_slice(&phi[..k]);
        for j in 0..k {
            phi[j] = prev[j] - r * prev[k - 1 - j];
        }
        phi[k] = r;
    }
    phi
}

/// The inverse of [`constrain_ar`]; `None` if `phi` is not stationary.
pub(crate) fn unconstrain_ar(phi: &[f64]) -> Option<Vec<f64>> {
    let p = phi.len();
    let mut cur = phi.to_vec();
    let mut x = vec![0.0; p];
    for k in (0..p).rev() {
        let r = cur[k];
        if r.is_nan() || r.abs() >= 1.0 {
            return None;
        }
        x[k] = r / (1.0 - r * r).sqrt();
        let prev: Vec<f64> = (0..k)
            .map(|j| (cur[j] + r * cur[k - 1 - j]) / (1.0 - r * r))
            .collect();
        cur[..k].copy_from_slice(&prev);
    }
    Some(x)
}

/// Unconstrained values to MA coefficients of `1 + Σ θ_j B^j` (invertible).
pub(crate) fn constrain_ma(x: &[f64]) -> Vec<f64> {
    constrain_ar(x).into_iter().map(|v| -v).collect()
}

/// The inverse of [`constrain_ma`]; `None` if `theta` is not invertible.
pub(crate) fn unconstrain_ma(theta: &[f64]) -> Option<Vec<f64>> {
    let neg: Vec<f64> = theta.iter().map(|v| -v).collect();
    unconstrain_ar(&neg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let x = [0.3, -1.2, 0.7];
        let phi = constrain_ar(&x);
        let back = unconstrain_ar(&phi).unwrap();
        for (a, b) in x.iter().zip(&back) {
            assert!((a - b).abs() < 1e-12);
        }
        let th = constrain_ma(&x);
        let back = unconstrain_ma(&th).unwrap();
        for (a, b) in x.iter().zip(&back) {
            assert!((a - b).abs() < 1e-12);
        }
    }

    #[test]
    fn ar1() {
        let phi = constrain_ar(&[1.0]);
        assert!((phi[0] - 1.0 / 2f64.sqrt()).abs() < 1e-15);
        assert!(unconstrain_ar(&[1.5]).is_none());
    }
}
