//! The negative binomial NB2 by maximum likelihood: its log-likelihood,
//! the score and curvature in `α`, the negative Hessian in `(β, α)` and the
//! joint fit (Cameron & Trivedi 2013, §3.3; see the module docs of
//! [`crate::models::glm`]).

use ndarray::Array2;
use statrs::function::gamma::ln_gamma;

use super::irls::irls;
use crate::error::{Error, Result};
use crate::stats::linalg::{matvec, spd_inverse};

/// The distinct counts and each observation's place among them: the NB2
/// terms that depend on `y` only through special functions (`lnΓ`, `ψ`,
/// `ψ'` of `y + 1/α`) are evaluated once per distinct count instead of once
/// per observation (crime counts repeat a lot), with the same arithmetic, so
/// the results are bit-for-bit those of the per-observation loop.
#[derive(Debug, Clone)]
pub(super) struct Distinct {
    values: Vec<f64>,
    index: Vec<usize>,
}

impl Distinct {
    pub(super) fn new(y: &[f64]) -> Distinct {
        let mut values = y.to_vec();
        values.sort_by(f64::total_cmp);
        values.dedup_by(|a, b| a.total_cmp(b).is_eq());
        let index = y
            .iter()
            .map(|v| match values.binary_search_by(|p| p.total_cmp(v)) {
                Ok(i) | Err(i) => i,
            })
            .collect();
        Distinct { values, index }
    }

    /// `f` at every distinct count.
    fn table(&self, f: impl Fn(f64) -> f64) -> Vec<f64> {
        self.values.iter().map(|&v| f(v)).collect()
    }
}

pub(super) fn nb2_llf(y: &[f64], mu: &[f64], alpha: f64, counts: &Distinct) -> f64 {
    let r = 1.0 / alpha;
    let lg_r = ln_gamma(r);
    let lg = counts.table(|v| ln_gamma(v + r) - lg_r - ln_gamma(v + 1.0));
    y.iter()
        .zip(mu)
        .zip(&counts.index)
        .map(|((yi, m), &c)| {
            lg.get(c).copied().unwrap_or(f64::NAN) - r * (1.0 + alpha * m).ln()
                + if *yi > 0.0 {
                    yi * (alpha * m / (1.0 + alpha * m)).ln()
                } else {
                    0.0
                }
        })
        .sum()
}

/// Score of the NB2 log-likelihood in `α` and its derivative (per the
/// module docs: `∂ℓ/∂α = -r² g`, `∂²ℓ/∂α² = 2r³ g + r⁴ g'`, `r = 1/α`).
fn nb2_alpha_derivs(y: &[f64], mu: &[f64], alpha: f64, counts: &Distinct) -> (f64, f64) {
    let r = 1.0 / alpha;
    let (psi_r, tri_r) = (digamma(r), trigamma(r));
    let psi = counts.table(|v| digamma(v + r) - psi_r);
    let tri = counts.table(|v| trigamma(v + r) - tri_r);
    let (mut d1, mut d2) = (0.0, 0.0);
    for ((yi, m), &c) in y.iter().zip(mu).zip(&counts.index) {
        let (dpsi, dtri) = (
            psi.get(c).copied().unwrap_or(f64::NAN),
            tri.get(c).copied().unwrap_or(f64::NAN),
        );
        let g = dpsi + (r / (r + m)).ln() + (m - yi) / (r + m);
        let gp = dtri + 1.0 / r - 1.0 / (r + m) - (m - yi) / (r + m).powi(2);
        d1 += -r * r * g;
        d2 += 2.0 * r * r * r * g + r.powi(4) * gp;
    }
    (d1, d2)
}

/// Negative Hessian of the NB2 log-likelihood in `(β, α)`.
pub(super) fn nb2_neg_hessian(
    x: &Array2<f64>,
    y: &[f64],
    mu: &[f64],
    alpha: f64,
    counts: &Distinct,
) -> Array2<f64> {
    let k = x.ncols();
    let mut h = Array2::<f64>::zeros((k + 1, k + 1));
    for (i, row) in x.rows().into_iter().enumerate() {
        let (yi, m) = (y[i], mu[i]);
        let den = 1.0 + alpha * m;
        let wbb = m * (1.0 + alpha * yi) / (den * den);
        let wba = m * (yi - m) / (den * den);
        for a in 0..k {
            for b in 0..=a {
                h[[a, b]] += wbb * row[a] * row[b];
            }
            h[[k, a]] += wba * row[a];
        }
    }
    let (_, d2) = nb2_alpha_derivs(y, mu, alpha, counts);
    h[[k, k]] = -d2;
    for a in 0..=k {
        for b in 0..a {
            h[[b, a]] = h[[a, b]];
        }
    }
    h
}

/// Joint ML for NB2: alternate IRLS in `β` and Newton in `α` until the
/// coefficients settle to `SWITCH`, then full Newton steps on `(β, α)` with
/// the analytic Hessian, which converge quadratically from there, until the
/// step is below `1e-10` relative (so the point is converged to rounding).
pub(super) fn fit_nb2(
    x: &Array2<f64>,
    y: &[f64],
    off: &[f64],
    counts: &Distinct,
    max_iter: usize,
    tol: f64,
) -> Result<(Vec<f64>, f64, usize)> {
    // Alternation only finds the basin; Newton does the last digits.
    const SWITCH: f64 = 1e-6;
    let inner_tol = tol.max(1e-8);
    let (n, k) = x.dim();
    let (mut b, mut iters) = irls(x, y, off, 0.0, None, max_iter, inner_tol)?;
    let mu_of = |b: &[f64]| -> Vec<f64> {
        matvec(x, b)
            .iter()
            .zip(off)
            .map(|(e, o)| (e + o).exp())
            .collect()
    };
    // Moment start for alpha: Σ((y-μ)² - y)/μ² / n, at least 1e-3.
    let mu = mu_of(&b);
    let mut alpha = (y
        .iter()
        .zip(&mu)
        .map(|(yi, m)| ((yi - m).powi(2) - yi) / (m * m))
        .sum::<f64>()
        / n as f64)
        .max(1e-3);
    for outer in 0..max_iter {
        // Newton in alpha (on log alpha for positivity) at fixed beta.
        let mu = mu_of(&b);
        for _ in 0..50 {
            let (d1, d2) = nb2_alpha_derivs(y, &mu, alpha, counts);
            // In la = ln α: dℓ/dla = α d1, d²ℓ/dla² = α² d2 + α d1.
            let g = alpha * d1;
            let hh = alpha * alpha * d2 + alpha * d1;
            let step = if hh < 0.0 { -g / hh } else { g.signum() * 0.5 };
            let step = step.clamp(-2.0, 2.0);
            alpha *= step.exp();
            if step.abs() < 1e-10 {
                break;
            }
        }
        if !(alpha.is_finite() && alpha > 1e-12) {
            return Err(Error::convergence(format!(
                "alpha went to {alpha}: no overdispersion (use --family poisson); coefficients {b:?}"
            )));
        }
        let (b_new, it) = irls(x, y, off, alpha, Some(&b), max_iter, inner_tol)?;
        iters += it;
        let change = b_new
            .iter()
            .zip(&b)
            .map(|(a, o)| (a - o).abs() / o.abs().max(1.0))
            .fold(0.0f64, f64::max);
        b = b_new;
        if change <= SWITCH.max(tol) && outer > 0 {
            break;
        }
    }
    // Full Newton on (β, α).
    for _ in 0..50 {
        let mu = mu_of(&b);
        let h = nb2_neg_hessian(x, y, &mu, alpha, counts);
        let mut score = vec![0.0; k + 1];
        for (i, row) in x.rows().into_iter().enumerate() {
            let s = (y[i] - mu[i]) / (1.0 + alpha * mu[i]);
            for j in 0..k {
                score[j] += s * row[j];
            }
        }
        score[k] = nb2_alpha_derivs(y, &mu, alpha, counts).0;
        let Ok(inv) = spd_inverse(&h) else { break };
        let step: Vec<f64> = (0..=k)
            .map(|i| (0..=k).map(|j| inv[[i, j]] * score[j]).sum())
            .collect();
        for j in 0..k {
            b[j] += step[j];
        }
        let na = alpha + step[k];
        if na > 0.0 {
            alpha = na;
        }
        iters += 1;
        if step
            .iter()
            .zip(b.iter().chain(std::iter::once(&alpha)))
            .all(|(s, v)| s.abs() <= 1e-10 * v.abs().max(1.0))
        {
            break;
        }
    }
    Ok((b, alpha, iters))
}

/// ψ(x) by recurrence to `x ≥ 16` and the asymptotic series.
fn digamma(mut x: f64) -> f64 {
    let mut acc = 0.0;
    while x < 16.0 {
        acc -= 1.0 / x;
        x += 1.0;
    }
    let x2 = 1.0 / (x * x);
    acc + x.ln()
        - 0.5 / x
        - x2 * (1.0 / 12.0
            - x2 * (1.0 / 120.0
                - x2 * (1.0 / 252.0
                    - x2 * (1.0 / 240.0 - x2 * (1.0 / 132.0 - x2 * 691.0 / 32760.0)))))
}

/// ψ'(x) by recurrence to `x ≥ 16` and the asymptotic series.
fn trigamma(mut x: f64) -> f64 {
    let mut acc = 0.0;
    while x < 16.0 {
        acc += 1.0 / (x * x);
        x += 1.0;
    }
    let x2 = 1.0 / (x * x);
    acc + 1.0 / x
        + x2 / 2.0
        + (x2 / x)
            * (1.0 / 6.0
                - x2 * (1.0 / 30.0 - x2 * (1.0 / 42.0 - x2 * (1.0 / 30.0 - x2 * 5.0 / 66.0))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_functions() {
        // ψ(1) = -γ, ψ'(1) = π²/6.
        assert!((digamma(1.0) + 0.577_215_664_901_532_9).abs() < 1e-14);
        assert!((trigamma(1.0) - std::f64::consts::PI.powi(2) / 6.0).abs() < 1e-14);
        assert!((digamma(0.5) + 1.963_510_026_021_423_5).abs() < 1e-14);
    }
}
