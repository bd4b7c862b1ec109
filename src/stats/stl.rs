//! Seasonal-trend decomposition by loess, STL (Cleveland, Cleveland, McRae
//! & Terpenning 1990, "STL: a seasonal-trend decomposition procedure based
//! on loess", *Journal of Official Statistics* 6(1)), as R's `stats::stl`
//! with its defaults and no robustness iterations.
//!
//! `y_t = S_t + T_t + R_t`. Each inner pass detrends `y`, smooths every
//! cycle-subseries (the observations one period apart) by loess of degree 0
//! extended one period at each end, removes the low-pass filter of that
//! (moving averages of lengths `np`, `np`, 3, then loess of degree 1) to
//! get the seasonal `S`, and smooths the deseasonalised series by loess of
//! degree 1 to get the trend `T`. Loess weights are tricube,
//! `(1 − (d/h)³)³`, over a window of `len` points.
//!
//! The seasonal strength of [`crate::models::arima::auto`] (R forecast's
//! `nsdiffs(test = "seas")`) reads this decomposition.
//!
//! ```
//! use colcrime::stats::stl::stl;
//! let y: Vec<f64> = (0..48).map(|t| [1.0, 3.0, 2.0, 0.0][t % 4] + 0.1 * t as f64).collect();
//! let d = stl(&y, 4, 11).unwrap();
//! assert!((d.seasonal[1] + d.trend[1] + d.remainder[1] - y[1]).abs() < 1e-12);
//! ```

/// An STL decomposition `y = seasonal + trend + remainder`.
///
/// ```
/// use colcrime::stats::stl::stl;
/// let y: Vec<f64> = (0..48).map(|t| [1.0, 3.0, 2.0, 0.0][t % 4] + 0.1 * t as f64).collect();
/// let d = stl(&y, 4, 11).unwrap();
/// assert!((d.seasonal[1] + d.trend[1] + d.remainder[1] - y[1]).abs() < 1e-12);
/// ```
#[derive(Debug, Clone)]
pub struct Stl {
    /// Seasonal component.
    pub seasonal: Vec<f64>,
    /// Trend component.
    pub trend: Vec<f64>,
    /// Remainder.
    pub remainder: Vec<f64>,
}

/// Local (degree 0 or 1) tricube-weighted fit of `y` (positions 0..n) at
/// position `xs` from the points `nleft..=nright`, window length `len`.
#[allow(clippy::needless_range_loop)] // positions are the abscissae
fn loess_at(
    y: &[f64],
    len: usize,
    degree: usize,
    xs: f64,
    nleft: usize,
    nright: usize,
    w: &mut [f64],
) -> Option<f64> {
    let n = y.len();
    let range = n as f64 - 1.0;
    let mut h = (xs - nleft as f64).max(nright as f64 - xs);
    if len > n {
        h += ((len - n) / 2) as f64;
    }
    let (h9, h1) = (0.999 * h, 0.001 * h);
    let mut a = 0.0;
    for j in nleft..=nright {
        let r = (j as f64 - xs).abs();
        w[j] = if r <= h9 {
            if r <= h1 {
                1.0
            } else {
                let u = r / h;
                (1.0 - u * u * u).powi(3)
            }
        } else {
            0.0
        };
        a += w[j];
    }
    if a <= 0.0 {
        return None;
    }
    for v in &mut w[nleft..=nright] {
        *v /= a;
    }
    if h > 0.0 && degree > 0 {
        let a: f64 = (nleft..=nright).map(|j| w[j] * j as f64).sum();
        let c: f64 = (nleft..=nright)
            .map(|j| w[j] * (j as f64 - a).powi(2))
            .sum();
        if c.sqrt() > 0.001 * range {
            let b = (xs - a) / c;
            for j in nleft..=nright {
                w[j] *= b * (j as f64 - a) + 1.0;
            }
        }
    }
    Some((nleft..=nright).map(|j| w[j] * y[j]).sum())
}

/// Loess smooth of `y` at every point, computed every `jump` points and
/// linearly interpolated between.
fn loess_smooth(y: &[f64], len: usize, degree: usize, jump: usize) -> Vec<f64> {
    let n = y.len();
    if n < 2 {
        return y.to_vec();
    }
    let mut w = vec![0.0; n];
    let mut ys = vec![0.0; n];
    let jump = jump.clamp(1, n - 1);
    let window = |i: usize| -> (usize, usize) {
        if len >= n {
            (0, n - 1)
        } else {
            let half = len.div_ceil(2); // points left of centre + 1
            if i + 1 < half {
                (0, len - 1)
            } else if i + half >= n {
                (n - len, n - 1)
            } else {
                (i + 1 - half, i + len - half)
            }
        }
    };
    let mut computed = Vec::new();
    let mut i = 0;
    let mut win = (0, n - 1);
    while i < n {
        computed.push(i);
        win = window(i);
        ys[i] = loess_at(y, len, degree, i as f64, win.0, win.1, &mut w).unwrap_or(y[i]);
        i += jump;
    }
    if computed.last() != Some(&(n - 1)) {
        // The end point uses the window of the last regular point (as the
        // original STL Fortran does).
        computed.push(n - 1);
        ys[n - 1] =
            loess_at(y, len, degree, (n - 1) as f64, win.0, win.1, &mut w).unwrap_or(y[n - 1]);
    }
    for pair in computed.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let delta = (ys[b] - ys[a]) / (b - a) as f64;
        for j in a + 1..b {
            ys[j] = ys[a] + delta * (j - a) as f64;
        }
    }
    ys
}

fn moving_average(x: &[f64], len: usize) -> Vec<f64> {
    if x.len() < len || len == 0 {
        return Vec::new();
    }
    let mut out = Vec::with_capacity(x.len() - len + 1);
    let mut s: f64 = x[..len].iter().sum();
    out.push(s / len as f64);
    for i in len..x.len() {
        s += x[i] - x[i - len];
        out.push(s / len as f64);
    }
    out
}

fn next_odd(x: f64) -> usize {
    let v = x.round().max(1.0) as usize;
    if v.is_multiple_of(2) { v + 1 } else { v }
}

/// STL decomposition (Cleveland et al. 1990) with period `np`, seasonal
/// window `s_window` (degree 0), trend window
/// `nextodd(1.5 np / (1 - 1.5 / s_window))` and low-pass window
/// `nextodd(np)` (degree 1), loess every `⌈window/10⌉` points, two inner
/// iterations and no robustness iterations (the defaults of R's `stl`).
/// `None` when the series has missing values or fewer than two periods.
///
/// ```
/// use colcrime::stats::stl::stl;
/// let y: Vec<f64> = (0..36).map(|t| if t % 12 == 0 { 5.0 } else { 1.0 }).collect();
/// let d = stl(&y, 12, 11).unwrap();
/// assert!(d.seasonal[12] > 3.0);
/// ```
pub fn stl(y: &[f64], np: usize, s_window: usize) -> Option<Stl> {
    let n = y.len();
    if np < 2 || n <= 2 * np || y.iter().any(|v| !v.is_finite()) {
        return None;
    }
    let ns = next_odd(s_window as f64);
    let nt = next_odd((1.5 * np as f64 / (1.0 - 1.5 / ns as f64)).ceil());
    let nl = next_odd(np as f64);
    let (sjump, tjump, ljump) = (ns.div_ceil(10), nt.div_ceil(10), nl.div_ceil(10));
    let mut trend = vec![0.0; n];
    let mut seasonal = vec![0.0; n];
    let mut c = vec![0.0; n + 2 * np];
    for _ in 0..2 {
        let detr: Vec<f64> = y.iter().zip(&trend).map(|(a, b)| a - b).collect();
        // Cycle-subseries smoothing, extended one period at each end.
        for j in 0..np {
            let sub: Vec<f64> = detr.iter().skip(j).step_by(np).copied().collect();
            let k = sub.len();
            let sm = loess_smooth(&sub, ns, 0, sjump);
            let mut w = vec![0.0; k];
            let first = loess_at(&sub, ns, 0, -1.0, 0, ns.min(k) - 1, &mut w).unwrap_or(sm[0]);
            let last = loess_at(&sub, ns, 0, k as f64, k.saturating_sub(ns), k - 1, &mut w)
                .unwrap_or(sm[k - 1]);
            c[j] = first;
            for (m, v) in sm.iter().enumerate() {
                c[(m + 1) * np + j] = *v;
            }
            let idx = (k + 1) * np + j;
            if idx < c.len() {
                c[idx] = last;
            }
        }
        // Low-pass filter of the cycle-subseries.
        let l1 = moving_average(&c, np);
        let l2 = moving_average(&l1, np);
        let l3 = moving_average(&l2, 3);
        let low = loess_smooth(&l3, nl, 1, ljump);
        if low.len() != n {
            return None;
        }
        for i in 0..n {
            seasonal[i] = c[np + i] - low[i];
        }
        let deseas: Vec<f64> = y.iter().zip(&seasonal).map(|(a, b)| a - b).collect();
        trend = loess_smooth(&deseas, nt, 1, tjump);
    }
    let remainder = (0..n).map(|i| y[i] - seasonal[i] - trend[i]).collect();
    Some(Stl {
        seasonal,
        trend,
        remainder,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moving_average_lengths() {
        assert_eq!(moving_average(&[1.0, 2.0, 3.0, 4.0], 3), vec![2.0, 3.0]);
    }

    #[test]
    fn next_odd_rounds_up_to_odd() {
        assert_eq!(next_odd(4.0), 5);
        assert_eq!(next_odd(7.2), 7);
        assert_eq!(next_odd(0.2), 1);
    }

    #[test]
    fn autotraits() {
        fn check<T: Send + Sync + Unpin + std::fmt::Debug + Clone>() {}
        check::<Stl>();
    }
}
