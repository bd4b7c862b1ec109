//! A small quasi-Newton minimiser (BFGS with numerical central-difference
//! gradients, or forward ones on request, and a backtracking Armijo line
//! search), as in Nocedal & Wright,
//! *Numerical Optimization* (2006), algorithm 6.1.
//!
//! The objective may return a non-finite value (outside its domain); the line
//! search then shortens the step.
//!
//! ```
//! use colcrime::models::optim::{minimize_bfgs, BfgsOptions};
//! let f = |x: &[f64]| (x[0] - 1.0).powi(2) + 10.0 * (x[1] + 2.0).powi(2);
//! let r = minimize_bfgs(f, &[0.0, 0.0], &BfgsOptions::default());
//! assert!(r.converged);
//! assert!((r.x[0] - 1.0).abs() < 1e-5 && (r.x[1] + 2.0).abs() < 1e-5);
//! ```

/// Options of [`minimize_bfgs`].
///
/// ```
/// let o = colcrime::models::optim::BfgsOptions::default();
/// assert_eq!(o.max_iter, 200);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BfgsOptions {
    /// Most iterations.
    pub max_iter: usize,
    /// Stop when the largest absolute gradient component is below this.
    pub gtol: f64,
    /// Stop when the relative decrease of the objective is below this.
    pub ftol: f64,
    /// Relative step of the central-difference gradient.
    pub diff_step: f64,
    /// Forward differences instead of central ones, with the relative step
    /// [`FORWARD_STEP`]: one evaluation per coordinate instead of two, a
    /// gradient accurate to about `1e-7` of the curvature, which is enough
    /// for a loose `gtol` (1e-4 and above).
    pub forward: bool,
}

/// The relative step of the forward-difference gradient (about the square
/// root of the machine epsilon, which balances the truncation and rounding
/// errors).
pub const FORWARD_STEP: f64 = 1.5e-8;

impl Default for BfgsOptions {
    fn default() -> Self {
        BfgsOptions {
            max_iter: 200,
            gtol: 1e-6,
            ftol: 1e-13,
            diff_step: 1e-5,
            forward: false,
        }
    }
}

/// The result of [`minimize_bfgs`].
///
/// ```
/// use colcrime::models::optim::{minimize_bfgs, BfgsOptions};
/// let r = minimize_bfgs(|x: &[f64]| x[0] * x[0], &[3.0], &BfgsOptions::default());
/// assert!(r.fun < 1e-10);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct BfgsResult {
    /// The best point reached.
    pub x: Vec<f64>,
    /// The objective there.
    pub fun: f64,
    /// Iterations taken.
    pub iterations: usize,
    /// Whether a stopping test (not the iteration limit) ended the search.
    pub converged: bool,
    /// Largest absolute gradient component at `x`.
    pub grad_max: f64,
}

/// The central-difference gradient of `f` at `x` (steps `step * max(|x_i|, 1)`).
///
/// ```
/// let g = colcrime::models::optim::num_gradient(&|x: &[f64]| x[0] * x[0] + 3.0 * x[1], &[2.0, 0.0], 1e-5);
/// assert!((g[0] - 4.0).abs() < 1e-8 && (g[1] - 3.0).abs() < 1e-8);
/// ```
pub fn num_gradient<F: Fn(&[f64]) -> f64>(f: &F, x: &[f64], step: f64) -> Vec<f64> {
    let mut xx = x.to_vec();
    let mut g = vec![0.0; x.len()];
    for i in 0..x.len() {
        let h = step * x[i].abs().max(1.0);
        xx[i] = x[i] + h;
        let fp = f(&xx);
        xx[i] = x[i] - h;
        let fm = f(&xx);
        xx[i] = x[i];
        g[i] = (fp - fm) / (2.0 * h);
    }
    g
}

/// The forward-difference gradient of `f` at `x`, where `f(x) = fx`
/// (steps `step * max(|x_i|, 1)`).
///
/// ```
/// let f = |x: &[f64]| x[0] * x[0] + 3.0 * x[1];
/// let g = colcrime::models::optim::forward_gradient(&f, &[2.0, 0.0], 4.0, 1.5e-8);
/// assert!((g[0] - 4.0).abs() < 1e-6 && (g[1] - 3.0).abs() < 1e-6);
/// ```
pub fn forward_gradient<F: Fn(&[f64]) -> f64>(f: &F, x: &[f64], fx: f64, step: f64) -> Vec<f64> {
    let mut xx = x.to_vec();
    let mut g = vec![0.0; x.len()];
    for i in 0..x.len() {
        let h = step * x[i].abs().max(1.0);
        xx[i] = x[i] + h;
        // The step actually taken (x + h rounded).
        let dx = xx[i] - x[i];
        g[i] = (f(&xx) - fx) / dx;
        xx[i] = x[i];
    }
    g
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn max_abs(a: &[f64]) -> f64 {
    a.iter().fold(0.0f64, |m, v| m.max(v.abs()))
}

/// Minimises `f` from `x0` by BFGS with numerical gradients.
///
/// Never panics: a start where `f` is not finite returns at once with
/// `converged = false`.
///
/// ```
/// use colcrime::models::optim::{minimize_bfgs, BfgsOptions};
/// // Rosenbrock's banana.
/// let f = |x: &[f64]| 100.0 * (x[1] - x[0] * x[0]).powi(2) + (1.0 - x[0]).powi(2);
/// let r = minimize_bfgs(f, &[-1.2, 1.0], &BfgsOptions::default());
/// assert!((r.x[0] - 1.0).abs() < 1e-4);
/// ```
pub fn minimize_bfgs<F: Fn(&[f64]) -> f64>(f: F, x0: &[f64], opts: &BfgsOptions) -> BfgsResult {
    let n = x0.len();
    let mut x = x0.to_vec();
    let mut fx = f(&x);
    if !fx.is_finite() {
        return BfgsResult {
            x,
            fun: fx,
            iterations: 0,
            converged: false,
            grad_max: f64::NAN,
        };
    }
    if n == 0 {
        return BfgsResult {
            x,
            fun: fx,
            iterations: 0,
            converged: true,
            grad_max: 0.0,
        };
    }
    let grad = |x: &[f64], fx: f64| {
        if opts.forward {
            forward_gradient(&f, x, fx, FORWARD_STEP)
        } else {
            num_gradient(&f, x, opts.diff_step)
        }
    };
    let mut g = grad(&x, fx);
    // Inverse Hessian approximation, row-major.
    let mut h = vec![0.0; n * n];
    for i in 0..n {
        h[i * n + i] = 1.0;
    }
    let mut first = true;
    let mut d = vec![0.0; n];
    let mut xn = vec![0.0; n];
    let mut s = vec![0.0; n];
    let mut y = vec![0.0; n];
    let mut hy = vec![0.0; n];
    let mut small_steps = 0;
    for it in 0..opts.max_iter {
        if max_abs(&g) < opts.gtol {
            return BfgsResult {
                grad_max: max_abs(&g),
                x,
                fun: fx,
                iterations: it,
                converged: true,
            };
        }
        for i in 0..n {
            d[i] = -(0..n).map(|j| h[i * n + j] * g[j]).sum::<f64>();
        }
        let mut slope = dot(&d, &g);
        if slope >= 0.0 {
            // Not a descent direction: restart from steepest descent.
            for i in 0..n {
                for j in 0..n {
                    h[i * n + j] = if i == j { 1.0 } else { 0.0 };
                }
                d[i] = -g[i];
            }
            slope = dot(&d, &g);
            first = true;
        }
        // Limit the first step to a unit length in the parameters.
        let mut t = 1.0;
        if first {
            let dn = dot(&d, &d).sqrt();
            if dn > 1.0 {
                t = 1.0 / dn;
            }
        }
        let mut fnew = f64::INFINITY;
        let mut accepted = false;
        for _ in 0..60 {
            for i in 0..n {
                xn[i] = x[i] + t * d[i];
            }
            fnew = f(&xn);
            if fnew.is_finite() && fnew <= fx + 1e-4 * t * slope {
                accepted = true;
                break;
            }
            t *= 0.5;
        }
        if !accepted {
            // No decrease possible along the direction: the optimum is
            // reached to the precision of the numerical gradient.
            let gm = max_abs(&g);
            return BfgsResult {
                x,
                fun: fx,
                iterations: it,
                converged: gm < 1e-3,
                grad_max: gm,
            };
        }
        let gn = grad(&xn, fnew);
        for i in 0..n {
            s[i] = xn[i] - x[i];
            y[i] = gn[i] - g[i];
        }
        let rel = (fx - fnew).abs() / fx.abs().max(1.0);
        x.copy_from_slice(&xn);
        fx = fnew;
        g = gn;
        if rel < opts.ftol {
            small_steps += 1;
            if small_steps >= 3 {
                return BfgsResult {
                    grad_max: max_abs(&g),
                    x,
                    fun: fx,
                    iterations: it + 1,
                    converged: true,
                };
            }
        } else {
            small_steps = 0;
        }
        let sy = dot(&s, &y);
        if sy > 1e-300 {
            if first {
                // Shanno's scaling of the initial inverse Hessian.
                let scale = sy / dot(&y, &y);
                for v in h.iter_mut() {
                    *v *= scale;
                }
                first = false;
            }
            for i in 0..n {
                hy[i] = (0..n).map(|j| h[i * n + j] * y[j]).sum();
            }
            let yhy = dot(&y, &hy);
            let rho = 1.0 / sy;
            for i in 0..n {
                for j in 0..n {
                    h[i * n + j] +=
                        (1.0 + rho * yhy) * rho * s[i] * s[j] - rho * (hy[i] * s[j] + s[i] * hy[j]);
                }
            }
        }
    }
    BfgsResult {
        grad_max: max_abs(&g),
        x,
        fun: fx,
        iterations: opts.max_iter,
        converged: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quadratic_converges() {
        let f = |x: &[f64]| (x[0] - 3.0).powi(2) + (x[0] - x[1]).powi(2) * 5.0;
        let r = minimize_bfgs(f, &[0.0, 0.0], &BfgsOptions::default());
        assert!(r.converged);
        assert!((r.x[0] - 3.0).abs() < 1e-6);
        assert!((r.x[1] - 3.0).abs() < 1e-6);
    }

    #[test]
    fn infinite_start_is_reported() {
        let r = minimize_bfgs(|_x: &[f64]| f64::NAN, &[0.0], &BfgsOptions::default());
        assert!(!r.converged);
    }
}
