//! Count regressions: Poisson, quasi-Poisson and negative binomial (NB2),
//! with a log link and optional offset.
//!
//! `log μ_i = x_iᵀβ + o_i`. Poisson and quasi-Poisson are fitted by
//! iteratively reweighted least squares (McCullagh & Nelder 1989, §2.5):
//! each step solves the weighted least-squares problem with working
//! response `z = η - o + (y - μ)/μ` and weights `w = μ` by pivoted QR, until
//! the coefficients stop changing. Quasi-Poisson has the same estimates and
//! scales the covariance by `φ = Σ (y-μ)²/μ / (n - k)` (Pearson χ² over the
//! residual degrees of freedom).
//!
//! NB2 has variance `μ + α μ²` and log-likelihood
//! `Σ lnΓ(y+1/α) - lnΓ(1/α) - lnΓ(y+1) + (1/α) ln(1/(1+αμ)) + y ln(αμ/(1+αμ))`
//! (Cameron & Trivedi 2013, §3.3); `(β, α)` are estimated jointly by
//! maximum likelihood (IRLS for `β` at fixed `α` and Newton steps for `α`,
//! then Newton steps on both with the analytic Hessian), and the standard
//! errors, including `α`'s, come from the inverse of the full negative
//! Hessian.
//!
//! `llf` is the full log-likelihood (with `ln y!`), `aic = -2 llf + 2p` and
//! `bic = -2 llf + p ln n` where `p` counts every estimated parameter
//! (`α` included). Inference uses `z` statistics, as statsmodels does.
//!
//! ```
//! use colcrime::models::glm::{Family, GlmParams};
//! let x = ndarray::array![[1.0, 0.0], [1.0, 1.0], [1.0, 2.0], [1.0, 3.0]];
//! let r = GlmParams::new(Family::Poisson)
//!     .fit_xy(&x, &[1.0, 2.0, 4.0, 9.0], None, vec!["const".into(), "x".into()])
//!     .unwrap();
//! assert!(r.converged && r.params[1] > 0.6);
//! ```

mod family;
mod frame;
mod irls;
mod nb2;
mod params;
mod result;

pub use family::Family;
pub use frame::fit_glm_frame;
pub use params::GlmParams;
pub use result::GlmResult;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::linalg::{Qr, matvec};
    use ndarray::Array2;

    /// On a design of more than a million cells the IRLS steps come from
    /// the triangle of `[W½X W½z]`: the estimate solves the score equations
    /// `Xᵀ(y − μ) = 0`, and its standard errors are those of the full QR of
    /// `W½X` at the optimum.
    #[test]
    fn tall_poisson_solves_the_score_equations() {
        let n = 200_000;
        let mut s: u64 = 5;
        let mut u = || {
            s = s
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (s >> 11) as f64 / (1u64 << 53) as f64
        };
        let x = Array2::from_shape_fn((n, 6), |(_, j)| if j == 0 { 1.0 } else { u() - 0.5 });
        // Counts 0..=6 drawn around exp(η), a deterministic stand-in for
        // Poisson draws.
        let y: Vec<f64> = (0..n)
            .map(|i| {
                let eta = 0.5 + 0.8 * x[[i, 1]] - 0.4 * x[[i, 2]];
                (eta.exp() * 2.0 * u()).floor().min(6.0)
            })
            .collect();
        let names: Vec<String> = (0..6).map(|j| format!("x{j}")).collect();
        let r = GlmParams::new(Family::Poisson)
            .fit_xy(&x, &y, None, names)
            .unwrap();
        let mu: Vec<f64> = matvec(&x, &r.params).iter().map(|e| e.exp()).collect();
        for j in 0..6 {
            let score: f64 = (0..n).map(|i| x[[i, j]] * (y[i] - mu[i])).sum();
            let scale: f64 = (0..n).map(|i| (x[[i, j]] * y[i]).abs()).sum();
            assert!(score.abs() < 1e-9 * scale, "score {j}: {score}");
        }
        let xw = Array2::from_shape_fn((n, 6), |(i, j)| x[[i, j]] * mu[i].sqrt());
        let inv = Qr::new(&xw).unwrap().xtx_inv().unwrap();
        for j in 0..6 {
            let se = inv[[j, j]].sqrt();
            assert!(
                (r.bse[j] - se).abs() < 1e-9 * se,
                "bse {j}: {} {se}",
                r.bse[j]
            );
        }
    }

    #[test]
    fn all_zero_counts_fail() {
        let x = ndarray::array![[1.0], [1.0], [1.0]];
        assert!(
            GlmParams::new(Family::Poisson)
                .fit_xy(&x, &[0.0; 3], None, vec!["c".into()])
                .is_err()
        );
        assert!(
            GlmParams::new(Family::Poisson)
                .fit_xy(&x, &[1.0, -1.0, 2.0], None, vec!["c".into()])
                .is_err()
        );
    }

    #[test]
    fn separation_is_an_error() {
        // y = 0 exactly where d = 1: the coefficient of d runs to -infinity.
        let x = ndarray::array![[1.0, 0.0], [1.0, 0.0], [1.0, 1.0], [1.0, 1.0], [1.0, 0.0]];
        let e = GlmParams::new(Family::Poisson)
            .fit_xy(
                &x,
                &[3.0, 2.0, 0.0, 0.0, 4.0],
                None,
                vec!["c".into(), "d".into()],
            )
            .unwrap_err();
        assert_eq!(e.exit_code(), 1, "{e}");
    }
}
