//! Iteratively reweighted least squares for a log-link count model with
//! NB2 variance `μ + α μ²` (`α = 0`: Poisson; McCullagh & Nelder 1989,
//! §2.5), and the unit deviance.

use ndarray::Array2;
use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::stats::linalg::{Qr, matvec};

/// IRLS for a log-link count model with NB2 variance `μ + α μ²` (`α = 0`:
/// Poisson). Returns the coefficients and the iterations used.
pub(super) fn irls(
    x: &Array2<f64>,
    y: &[f64],
    off: &[f64],
    alpha: f64,
    start: Option<&[f64]>,
    max_iter: usize,
    tol: f64,
) -> Result<(Vec<f64>, usize)> {
    let (n, k) = x.dim();
    let ybar = y.iter().sum::<f64>() / n as f64;
    if ybar <= 0.0 {
        return Err(Error::domain(
            "every count is zero: the model is not identified",
        ));
    }
    let mut eta: Vec<f64> = match start {
        Some(b) => matvec(x, b).iter().zip(off).map(|(e, o)| e + o).collect(),
        None => y.iter().map(|yi| ((yi + ybar) / 2.0).ln()).collect(),
    };
    let mut b_old: Option<Vec<f64>> = None;
    // Inner steps far from the optimum are solved without refinement; once
    // the steps are small every solve is refined, so the accepted estimate
    // always comes from a refined solve.
    let mut last_change = f64::INFINITY;
    // The weighted problem, rewritten in place at each step.
    let mut xw = Array2::<f64>::zeros((n, k));
    let mut zw = vec![0.0; n];
    for it in 1..=max_iter {
        if !weighted_problem(x, y, off, &eta, alpha, &mut xw, &mut zw) {
            return Err(Error::convergence(format!(
                "IRLS diverged at iteration {it} (fitted means over- or underflowed; perfect separation?), \
                 last coefficients {:?}",
                b_old.unwrap_or_default()
            )));
        }
        // A tall, well-conditioned step from the triangle of [W½X W½z];
        // otherwise the full QR (refined once the steps are small).
        let b = match crate::stats::linalg::tsqr::tall_lstsq(&xw, &zw)? {
            Some((_, b)) => b,
            None => {
                let qr = Qr::new(&xw)?;
                if qr.rank() < k {
                    return Err(Error::convergence(format!(
                        "the weighted design became singular at iteration {it} (perfect separation?), last coefficients {:?}",
                        b_old.unwrap_or_default()
                    )));
                }
                if last_change < 1e-4 {
                    qr.solve(&xw, &zw)?
                } else {
                    qr.solve_unrefined(&zw)?
                }
            }
        };
        eta = matvec(x, &b).iter().zip(off).map(|(e, o)| e + o).collect();
        if let Some(old) = &b_old {
            let change = b
                .iter()
                .zip(old)
                .map(|(a, o)| (a - o).abs() / o.abs().max(1.0))
                .fold(0.0f64, f64::max);
            last_change = change;
            if change <= tol {
                return Ok((b, it));
            }
        }
        b_old = Some(b);
    }
    // Quasi-separation shows as ever-growing coefficients.
    Err(Error::convergence(format!(
        "IRLS did not converge in {max_iter} iterations (perfect separation?); last coefficients {:?}",
        b_old.unwrap_or_default()
    )))
}

/// Writes the IRLS working problem `W½X`, `W½z` (NB2 weights
/// `μ / (1 + αμ)`, working response `η − offset + (y − μ)/μ`) into `xw` and
/// `zw`, by blocks of rows on all threads for large designs; `false` if a
/// value is not finite (the fitted means over- or underflowed).
pub(super) fn weighted_problem(
    x: &Array2<f64>,
    y: &[f64],
    off: &[f64],
    eta: &[f64],
    alpha: f64,
    xw: &mut Array2<f64>,
    zw: &mut [f64],
) -> bool {
    const ROWS: usize = 1 << 13;
    let k = x.ncols();
    // Rows `lo..lo + z.len()`; `row(i)` is row i of X.
    let block = |lo: usize, xb: &mut [f64], z: &mut [f64], row: &dyn Fn(usize, usize) -> f64| {
        let mut finite = true;
        for (r, zi) in z.iter_mut().enumerate() {
            let i = lo + r;
            let Some(xr) = xb.get_mut(r * k..(r + 1) * k) else {
                return false;
            };
            let mu = eta[i].exp();
            let sw = (mu / (1.0 + alpha * mu)).sqrt();
            *zi = (eta[i] - off[i] + (y[i] - mu) / mu) * sw;
            finite &= zi.is_finite();
            for (j, v) in xr.iter_mut().enumerate() {
                *v = row(i, j) * sw;
                finite &= v.is_finite();
            }
        }
        finite
    };
    match (x.as_slice(), xw.as_slice_mut()) {
        (Some(cells), Some(out)) => {
            let row = |i: usize, j: usize| cells[i * k + j];
            if out.len() >= 1 << 20 {
                out.par_chunks_mut(ROWS * k.max(1))
                    .zip(zw.par_chunks_mut(ROWS))
                    .enumerate()
                    .map(|(c, (xb, z))| block(c * ROWS, xb, z, &row))
                    .reduce(|| true, |a, b| a && b)
            } else {
                block(0, out, zw, &row)
            }
        }
        (_, Some(out)) => block(0, out, zw, &|i, j| x[[i, j]]),
        _ => false,
    }
}

/// Unit deviance sum for the NB2 family (`α = 0`: Poisson).
pub(super) fn deviance(y: &[f64], mu: &[f64], alpha: f64) -> f64 {
    let mut d = 0.0;
    for (yi, m) in y.iter().zip(mu) {
        let ylog = if *yi > 0.0 { yi * (yi / m).ln() } else { 0.0 };
        if alpha > 0.0 {
            let r = 1.0 / alpha;
            d += 2.0 * (ylog - (yi + r) * ((yi + r) / (m + r)).ln());
        } else {
            d += 2.0 * (ylog - (yi - m));
        }
    }
    d
}
