//! Vector kernels shared by the QR factorisations: dot product, `y += αx`
//! and an overflow-safe Euclidean norm.

/// `Σ a_i b_i`, with four partial sums.
pub(crate) fn dot(a: &[f64], b: &[f64]) -> f64 {
    // Four accumulators: fewer dependencies, and it vectorises.
    let mut s = [0.0; 4];
    let ca = a.chunks_exact(4);
    let cb = b.chunks_exact(4);
    let (ra, rb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        s[0] += x[0] * y[0];
        s[1] += x[1] * y[1];
        s[2] += x[2] * y[2];
        s[3] += x[3] * y[3];
    }
    let mut t = (s[0] + s[1]) + (s[2] + s[3]);
    for (x, y) in ra.iter().zip(rb) {
        t += x * y;
    }
    t
}

/// `y += α x`.
pub(crate) fn axpy(alpha: f64, x: &[f64], y: &mut [f64]) {
    for (yi, xi) in y.iter_mut().zip(x) {
        *yi += alpha * xi;
    }
}

/// Euclidean norm, scaled to avoid overflow and underflow.
pub(crate) fn norm(x: &[f64]) -> f64 {
    // One pass when the sum of squares can neither overflow nor lose
    // everything to underflow; otherwise the scaled two-pass form.
    let quick = {
        let mut s = [0.0; 4];
        let c = x.chunks_exact(4);
        let r = c.remainder();
        for v in c {
            s[0] += v[0] * v[0];
            s[1] += v[1] * v[1];
            s[2] += v[2] * v[2];
            s[3] += v[3] * v[3];
        }
        let mut t = (s[0] + s[1]) + (s[2] + s[3]);
        for v in r {
            t += v * v;
        }
        t
    };
    if quick.is_finite() && quick > 1e-280 && quick < 1e280 {
        return quick.sqrt();
    }
    let m = x.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    if m == 0.0 || !m.is_finite() {
        return m;
    }
    let inv = 1.0 / m;
    let mut s = [0.0; 4];
    let c = x.chunks_exact(4);
    let r = c.remainder();
    for v in c {
        s[0] += (v[0] * inv) * (v[0] * inv);
        s[1] += (v[1] * inv) * (v[1] * inv);
        s[2] += (v[2] * inv) * (v[2] * inv);
        s[3] += (v[3] * inv) * (v[3] * inv);
    }
    let mut t = (s[0] + s[1]) + (s[2] + s[3]);
    for v in r {
        t += (v * inv) * (v * inv);
    }
    m * t.sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_hand() {
        let a = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(dot(&a, &a), 55.0);
        let mut y = [1.0; 5];
        axpy(2.0, &a, &mut y);
        assert_eq!(y, [3.0, 5.0, 7.0, 9.0, 11.0]);
        assert_eq!(norm(&[3.0, 4.0]), 5.0);
        // Squares that overflow, and that underflow, still give the norm.
        assert!((norm(&[3e200, 4e200]) / 5e200 - 1.0).abs() < 1e-15);
        assert!((norm(&[3e-200, 4e-200]) / 5e-200 - 1.0).abs() < 1e-15);
    }
}
