//! Sample quantiles of sorted values by linear interpolation (Hyndman &
//! Fan 1996, "Sample quantiles in statistical packages", *The American
//! Statistician* 50(4), definition 7: R's `quantile(type = 7)`, numpy's
//! default `np.quantile`).
//!
//! For sorted `v_0 ≤ … ≤ v_{n-1}` and `q ∈ [0, 1]`, with `h = (n − 1) q`,
//!
//! ```text
//! Q(q) = v_⌊h⌋ + (h − ⌊h⌋) (v_⌊h⌋+1 − v_⌊h⌋).
//! ```
//!
//! The simulated prediction intervals of ETS and of SARIMA scenarios take
//! their band edges from here.

/// The `q` quantile of sorted values (type 7: linear interpolation between
/// order statistics) for `q` in `[0, 1]`; `NaN` for an empty slice or a
/// `NaN` level.
///
/// ```
/// use colcrime::stats::quantile::quantile_sorted;
/// // np.quantile([1, 2, 3, 4], 0.1) == 1.3
/// assert!((quantile_sorted(&[1.0, 2.0, 3.0, 4.0], 0.1) - 1.3).abs() < 1e-12);
/// assert_eq!(quantile_sorted(&[1.0, 2.0, 3.0, 4.0], 0.5), 2.5);
/// assert!(quantile_sorted(&[], 0.5).is_nan());
/// ```
pub fn quantile_sorted(v: &[f64], q: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    let pos = q * (v.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = (lo + 1).min(v.len() - 1);
    let frac = pos - lo as f64;
    match (v.get(lo), v.get(hi)) {
        (Some(a), Some(b)) => a + frac * (b - a),
        _ => f64::NAN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type7_by_hand() {
        let v = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile_sorted(&v, 0.5), 2.5);
        assert_eq!(quantile_sorted(&v, 0.0), 1.0);
        assert_eq!(quantile_sorted(&v, 1.0), 4.0);
        // h = 3 × 0.1 = 0.3: 1 + 0.3 × (2 − 1).
        assert!((quantile_sorted(&v, 0.1) - 1.3).abs() < 1e-12);
        assert_eq!(quantile_sorted(&[7.0], 0.9), 7.0);
    }

    #[test]
    fn no_panic_off_the_unit_interval() {
        assert!(quantile_sorted(&[1.0, 2.0], f64::NAN).is_nan());
        assert!(quantile_sorted(&[1.0, 2.0], 3.0).is_nan());
    }
}
