//! A box-constrained quasi-Newton minimiser: projected BFGS with an active
//! set (Bertsekas 1982, "Projected Newton methods for optimization problems
//! with simple constraints", SIAM J. Control Optim. 20(2)), numerical
//! gradients (central differences, one-sided at a bound) and a projected
//! Armijo backtracking line search ([`minimize_box`], used by Holt-Winters).
//!
//! The ETS likelihood uses a variant (`minimize_box_scaled`) with an exact
//! gradient, a diagonal start of the inverse Hessian supplied by the caller
//! (the inverse Gauss-Newton diagonal: level, slope, seasonal states and
//! smoothing parameters differ in scale by orders of magnitude), a first
//! step that moves no bounded coordinate by more than a tenth of its range,
//! an interpolating line search, a BFGS update restricted to the free
//! coordinates, and restarts of the matrix when steps stay short or
//! progress stalls.
//!
//! ```
//! use colcrime::models::ets::minimize_box;
//! let f = |x: &[f64]| (x[0] - 2.0).powi(2) + (x[1] + 1.0).powi(2);
//! let r = minimize_box(f, &[0.5, 0.5], &[0.0, 0.0], &[1.0, 1.0], 500);
//! assert!((r.x[0] - 1.0).abs() < 1e-12 && r.x[1].abs() < 1e-12);
//! ```

/// The result of [`minimize_box`].
///
/// ```
/// use colcrime::models::ets::minimize_box;
/// let r = minimize_box(|x: &[f64]| x[0] * x[0], &[3.0], &[-10.0], &[10.0], 100);
/// assert!(r.converged && r.fun < 1e-10);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct BoxResult {
    /// The best point reached.
    pub x: Vec<f64>,
    /// The objective there.
    pub fun: f64,
    /// Iterations taken.
    pub iterations: usize,
    /// Whether a stopping test (not the iteration limit) ended the search.
    pub converged: bool,
    /// Largest absolute projected-gradient component at `x`.
    pub pgrad_max: f64,
}

fn gradient<F: Fn(&[f64]) -> f64>(f: &F, x: &[f64], fx: f64, lb: &[f64], ub: &[f64]) -> Vec<f64> {
    let mut xx = x.to_vec();
    let mut g = vec![0.0; x.len()];
    for i in 0..x.len() {
        let h = 1e-6 * x[i].abs().max(1e-2);
        let up = x[i] + h <= ub[i];
        let down = x[i] - h >= lb[i];
        g[i] = if up && down {
            xx[i] = x[i] + h;
            let fp = f(&xx);
            xx[i] = x[i] - h;
            let fm = f(&xx);
            (fp - fm) / (2.0 * h)
        } else if up {
            xx[i] = x[i] + h;
            (f(&xx) - fx) / h
        } else {
            xx[i] = x[i] - h;
            (fx - f(&xx)) / h
        };
        xx[i] = x[i];
        if !g[i].is_finite() {
            g[i] = 0.0;
        }
    }
    g
}

/// Largest first move of a bounded coordinate, as a fraction of its range.
const FIRST_REACH: f64 = 0.1;
/// Iterations over which the stall test of the scaled variant looks back.
const STALL_WINDOW: usize = 10;
/// Relative gain over `STALL_WINDOW` iterations below which it stops.
const STALL_FTOL: f64 = 1e-11;

fn project(x: &mut [f64], lb: &[f64], ub: &[f64]) {
    for i in 0..x.len() {
        x[i] = x[i].max(lb[i]).min(ub[i]);
    }
}

fn active(x: &[f64], g: &[f64], lb: &[f64], ub: &[f64]) -> Vec<bool> {
    (0..x.len())
        .map(|i| {
            let tol = 1e-10 * (1.0 + x[i].abs());
            (x[i] <= lb[i] + tol && g[i] > 0.0) || (x[i] >= ub[i] - tol && g[i] < 0.0)
        })
        .collect()
}

/// Minimises `f` over the box `lb <= x <= ub` (bounds may be infinite) from
/// `x0` (projected into the box first).
///
/// Never panics: a start where `f` is not finite returns at once with
/// `converged = false`. `lb`, `ub` shorter than `x0` leave the remaining
/// coordinates unbounded.
///
/// ```
/// use colcrime::models::ets::minimize_box;
/// // Rosenbrock's banana with the optimum inside the box.
/// let f = |x: &[f64]| 100.0 * (x[1] - x[0] * x[0]).powi(2) + (1.0 - x[0]).powi(2);
/// let inf = f64::INFINITY;
/// let r = minimize_box(f, &[-1.2, 1.0], &[-inf, -inf], &[inf, inf], 1000);
/// assert!((r.x[0] - 1.0).abs() < 1e-4);
/// ```
pub fn minimize_box<F: Fn(&[f64]) -> f64>(
    f: F,
    x0: &[f64],
    lb: &[f64],
    ub: &[f64],
    max_iter: usize,
) -> BoxResult {
    let n = x0.len();
    let lbv: Vec<f64> = (0..n)
        .map(|i| lb.get(i).copied().unwrap_or(f64::NEG_INFINITY))
        .collect();
    let ubv: Vec<f64> = (0..n)
        .map(|i| ub.get(i).copied().unwrap_or(f64::INFINITY))
        .collect();
    let grad = |x: &[f64], fx: f64| gradient(&f, x, fx, &lbv, &ubv);
    let stop = Stop {
        max_iter,
        gtol: GTOL,
    };
    minimize_core(&f, grad, x0, lb, ub, stop, None)
}

/// When [`minimize_box_scaled`] stops: after `max_iter` iterations, or
/// (converged) when the largest free gradient component falls below
/// `gtol (1 + |f|)`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Stop {
    pub(crate) max_iter: usize,
    pub(crate) gtol: f64,
}

/// The diagonal start of the inverse Hessian at a point (see
/// [`minimize_box_scaled`]).
pub(crate) type DiagStart<'a> = &'a dyn Fn(&[f64]) -> Vec<f64>;

/// The gradient tolerance of [`minimize_box`].
const GTOL: f64 = 1e-9;

/// [`minimize_box`] with an exact gradient: `grad(x, f(x))` returns the
/// gradient of `f` at `x` (e.g. from forward-mode differentiation of a
/// recursion), its own stopping rule, a diagonal start `h0` for the inverse
/// Hessian (e.g. the inverse of a Gauss-Newton diagonal, which puts
/// parameters of very different scales on an equal footing) and a line search that interpolates (a safeguarded
/// quadratic through `f(x)`, the slope at `x` and the rejected trial,
/// Nocedal & Wright 2006, section 3.5) instead of halving.
pub(crate) fn minimize_box_scaled<F: Fn(&[f64]) -> f64, G: Fn(&[f64], f64) -> Vec<f64>>(
    f: F,
    gradient: G,
    x0: &[f64],
    lb: &[f64],
    ub: &[f64],
    stop: Stop,
    h0: DiagStart<'_>,
) -> BoxResult {
    minimize_core(f, gradient, x0, lb, ub, stop, Some(h0))
}

/// The projected BFGS iteration; `h0` (diagonal start of the inverse
/// Hessian) also switches the line search from halving to interpolation.
fn minimize_core<F: Fn(&[f64]) -> f64, G: Fn(&[f64], f64) -> Vec<f64>>(
    f: F,
    gradient: G,
    x0: &[f64],
    lb: &[f64],
    ub: &[f64],
    stop: Stop,
    h0: Option<DiagStart<'_>>,
) -> BoxResult {
    let Stop { max_iter, gtol } = stop;
    let n = x0.len();
    let lb: Vec<f64> = (0..n)
        .map(|i| lb.get(i).copied().unwrap_or(f64::NEG_INFINITY))
        .collect();
    let ub: Vec<f64> = (0..n)
        .map(|i| ub.get(i).copied().unwrap_or(f64::INFINITY))
        .collect();
    let mut x = x0.to_vec();
    project(&mut x, &lb, &ub);
    let mut fx = f(&x);
    if !fx.is_finite() || n == 0 {
        return BoxResult {
            x,
            fun: fx,
            iterations: 0,
            converged: n == 0 && fx.is_finite(),
            pgrad_max: f64::NAN,
        };
    }
    let mut g = gradient(&x, fx);
    let start_diag = |x: &[f64]| -> Vec<f64> {
        let h = h0.map(|h0| h0(x)).unwrap_or_default();
        (0..n)
            .map(|i| {
                h.get(i)
                    .copied()
                    .filter(|v| v.is_finite() && *v > 0.0)
                    .unwrap_or(1.0)
            })
            .collect()
    };
    let mut diag = start_diag(&x);
    let interpolate = h0.is_some();
    let identity = |h: &mut Vec<f64>, diag: &[f64]| {
        for i in 0..n {
            for j in 0..n {
                h[i * n + j] = if i == j { diag[i] } else { 0.0 };
            }
        }
    };
    let mut h = vec![0.0; n * n];
    identity(&mut h, &diag);
    let mut fresh = true;
    let mut small = 0;
    let mut d = vec![0.0; n];
    let mut xn = vec![0.0; n];
    let mut history = [f64::INFINITY; STALL_WINDOW];
    let mut since_reset = 0usize;
    let mut short = 0usize;
    let mut last_stall = f64::INFINITY;
    for it in 0..max_iter {
        let act = active(&x, &g, &lb, &ub);
        let pg: Vec<f64> = (0..n).map(|i| if act[i] { 0.0 } else { g[i] }).collect();
        let pgmax = pg.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        if pgmax < gtol * (1.0 + fx.abs()) {
            return BoxResult {
                x,
                fun: fx,
                iterations: it,
                converged: true,
                pgrad_max: pgmax,
            };
        }
        for i in 0..n {
            d[i] = if act[i] {
                0.0
            } else {
                -(0..n)
                    .filter(|&j| !act[j])
                    .map(|j| h[i * n + j] * g[j])
                    .sum::<f64>()
            };
        }
        let slope: f64 = (0..n).map(|i| d[i] * g[i]).sum();
        if slope >= 0.0 || !slope.is_finite() {
            identity(&mut h, &diag);
            fresh = true;
            d.clone_from(&pg);
            for v in d.iter_mut() {
                *v = -*v;
            }
        }
        let mut t = 1.0;
        if fresh && !interpolate {
            let dn = d.iter().map(|v| v * v).sum::<f64>().sqrt();
            if dn > 0.1 {
                t = 0.1 / dn;
            }
        } else if fresh {
            // A first step moves no bounded coordinate by more than a tenth
            // of its range: the search stays in the basin of its start.
            let reach = (0..n)
                .filter(|&i| (ub[i] - lb[i]).is_finite())
                .map(|i| d[i].abs() / (ub[i] - lb[i]))
                .fold(0.0f64, f64::max);
            if reach > FIRST_REACH {
                t = FIRST_REACH / reach;
            }
        }
        let mut fnew = f64::INFINITY;
        let mut accepted = false;
        for _ in 0..60 {
            for i in 0..n {
                xn[i] = x[i] + t * d[i];
            }
            project(&mut xn, &lb, &ub);
            fnew = f(&xn);
            let dec: f64 = (0..n).map(|i| g[i] * (xn[i] - x[i])).sum();
            if fnew.is_finite() && fnew <= fx + 1e-4 * dec.min(0.0) {
                accepted = true;
                break;
            }
            t *= if !interpolate {
                0.5
            } else if fnew.is_finite() && dec < 0.0 {
                // Minimiser of the quadratic through fx (slope dec / t at 0)
                // and fnew at t, kept within [0.1, 0.5] of the last trial.
                let curv = fnew - fx - dec;
                if curv > 0.0 {
                    (-dec / (2.0 * curv)).clamp(0.1, 0.5)
                } else {
                    0.5
                }
            } else {
                0.1
            };
        }
        if !accepted || xn == x {
            if !fresh {
                identity(&mut h, &diag);
                fresh = true;
                continue;
            }
            return BoxResult {
                x,
                fun: fx,
                iterations: it,
                converged: pgmax < 1e-4 * (1.0 + fx.abs()),
                pgrad_max: pgmax,
            };
        }
        let gn = gradient(&xn, fnew);
        let s: Vec<f64> = (0..n).map(|i| xn[i] - x[i]).collect();
        // The scaled variant updates the curvature of the free coordinates
        // only: the gradient of a coordinate held at its bound may jump
        // without telling anything about the free ones.
        let yv: Vec<f64> = (0..n)
            .map(|i| {
                if interpolate && act[i] && s[i] == 0.0 {
                    0.0
                } else {
                    gn[i] - g[i]
                }
            })
            .collect();
        let sy: f64 = (0..n).map(|i| s[i] * yv[i]).sum();
        let ss = s.iter().map(|v| v * v).sum::<f64>().sqrt();
        let yy = yv.iter().map(|v| v * v).sum::<f64>().sqrt();
        if sy > 1e-12 * ss * yy {
            if fresh && !interpolate {
                // Scale the initial inverse Hessian (Nocedal & Wright 6.20).
                let scale = sy / (yy * yy);
                for v in h.iter_mut() {
                    *v *= scale;
                }
            }
            let hy: Vec<f64> = (0..n)
                .map(|i| (0..n).map(|j| h[i * n + j] * yv[j]).sum())
                .collect();
            let yhy: f64 = (0..n).map(|i| yv[i] * hy[i]).sum();
            let rho = 1.0 / sy;
            for i in 0..n {
                for j in 0..n {
                    h[i * n + j] += -rho * (hy[i] * s[j] + s[i] * hy[j])
                        + (rho * rho * yhy + rho) * s[i] * s[j];
                }
            }
            fresh = false;
        }
        let rel = (fx - fnew).abs() / (fx.abs() + 1e-10);
        x.clone_from(&xn);
        fx = fnew;
        g = gn;
        // With interpolation (the scaled variant), also stop when the last
        // STALL_WINDOW iterations together gained less than STALL_FTOL
        // relative: a crawl along a ridge or a bound that cannot change the
        // optimum reached by more than rounding of the likelihood.
        // A stall first restarts the quasi-Newton matrix from the
        // Gauss-Newton diagonal at the current point (a stale matrix is the
        // usual cause); a second stall without real progress in between stops.
        since_reset += 1;
        history[it % STALL_WINDOW] = fx;
        // Steps far shorter than the quasi-Newton step, again and again,
        // also mean a stale matrix.
        short = if interpolate && t < 1e-3 {
            short + 1
        } else {
            0
        };
        if short >= 3 && since_reset > n {
            diag = start_diag(&x);
            identity(&mut h, &diag);
            fresh = true;
            since_reset = 0;
            short = 0;
        }
        let mut stalled = interpolate
            && since_reset > STALL_WINDOW
            && (history[(it + 1) % STALL_WINDOW] - fx) <= STALL_FTOL * (1.0 + fx.abs());
        if stalled {
            if last_stall - fx > STALL_FTOL * (1.0 + fx.abs()) {
                last_stall = fx;
                diag = start_diag(&x);
                identity(&mut h, &diag);
                fresh = true;
                since_reset = 0;
                stalled = false;
            } else {
                small = 5;
            }
        }
        if rel < 1e-15 || stalled {
            small += 1;
            if small >= 5 {
                let act = active(&x, &g, &lb, &ub);
                let pgmax = (0..n)
                    .filter(|&i| !act[i])
                    .fold(0.0f64, |m, i| m.max(g[i].abs()));
                return BoxResult {
                    x,
                    fun: fx,
                    iterations: it + 1,
                    converged: true,
                    pgrad_max: pgmax,
                };
            }
        } else {
            small = 0;
        }
    }
    let act = active(&x, &g, &lb, &ub);
    let pgmax = (0..n)
        .filter(|&i| !act[i])
        .fold(0.0f64, |m, i| m.max(g[i].abs()));
    BoxResult {
        x,
        fun: fx,
        iterations: max_iter,
        converged: false,
        pgrad_max: pgmax,
    }
}
