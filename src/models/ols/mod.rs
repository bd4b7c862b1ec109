//! Ordinary least squares with classical, heteroskedasticity-robust (HC0–HC3)
//! and Newey–West (HAC) covariances, following statsmodels' definitions.
//!
//! The model is `y = X β + u`. `β̂` comes from a pivoted Householder QR of
//! `X` ([`linalg`](crate::stats::linalg)), never from the normal equations. With
//! `e = y - X β̂`, `n` observations, `k = rank(X)` and `B = (XᵀX)⁻¹`:
//!
//! * nonrobust: `V = s² B`, `s² = eᵀe / (n - k)`; `t` statistics with
//!   `n - k` degrees of freedom;
//! * HC0: `V = B Xᵀ diag(e²) X B` (White 1980); HC1: `HC0 · n/(n-k)`;
//!   HC2: `e²/(1-h)`; HC3: `e²/(1-h)²` (MacKinnon & White 1985), with
//!   `h` the leverages;
//! * cluster (CRV1, Liang & Zeger 1986): `V = c B (Σ_g s_g s_gᵀ) B` with
//!   `s_g = Σ_{i∈g} x_i e_i` and `c = G/(G-1) · (n-1)/(n-k)`; two-way
//!   (Cameron, Gelbach & Miller 2011, "Robust inference with multiway
//!   clustering", JBES 29(2)): `V = V₁ + V₂ - V₁₂`, each one-way CRV1 with
//!   its own `c` (`V₁₂` clusters on the intersections), exactly as
//!   statsmodels' `cov_cluster_2groups` — without an eigenvalue fix, so a
//!   negative variance gives a `NaN` standard error, as there;
//! * HAC: `V = B S B`, `S = Γ₀ + Σ_{l=1..L} w_l (Γ_l + Γ_lᵀ)`,
//!   `Γ_l = Σ_t (x_t e_t)(x_{t-l} e_{t-l})ᵀ`, Bartlett weights
//!   `w_l = 1 - l/(L+1)` (Newey & West 1987), times `n/(n-k)` only with the
//!   small-sample correction.
//!
//! As in statsmodels, robust covariances report `z` statistics with normal
//! p-values and intervals, and `fvalue` is the Wald statistic of all slopes
//! divided by their number, referred to `F(df_model, df_resid)`.
//!
//! ```
//! use colcrime::formula::design;
//! use colcrime::models::ols::{CovType, OlsParams};
//! use colcrime::series::Frame;
//! let f = Frame::from_csv_str("t", "y,x\n1,0\n3,1\n4,2\n8,3\n").unwrap();
//! let d = design(&f, "y ~ x", 0..4).unwrap();
//! let r = OlsParams::new().fit(&d).unwrap();
//! assert!((r.params[1] - 2.2).abs() < 1e-12);
//! let hc = OlsParams::new().cov_type(CovType::HC1).fit(&d).unwrap();
//! assert_eq!(hc.params, r.params);
//! ```

mod covariance;
mod diagnostics;
mod fit;
mod frame;
mod params;
mod result;
mod tall_diagnostics;

pub use covariance::{CovType, cluster_robust_cov};
pub use diagnostics::OlsDiagnostics;
pub use frame::{cluster_codes, fit_ols_frame, fit_ols_frame_design, fit_ols_frame_rows};
pub use params::OlsParams;
pub use result::OlsResult;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::linalg::Qr;
    use ndarray::Array2;

    fn auto<T: Send + Sync + Unpin + Clone + std::fmt::Debug>() {}

    #[test]
    fn autotraits() {
        auto::<OlsParams>();
        auto::<OlsResult>();
        auto::<CovType>();
    }

    /// Simple regression by hand: x = 0,1,2,3, y = 1,3,4,8.
    /// x̄ = 1.5, ȳ = 4, Sxx = 5, Sxy = 11 ⇒ b = 2.2, a = 0.7;
    /// residuals 0.3, 0.1, -1.1, 0.7 ⇒ ssr = 1.8, s² = 0.9,
    /// se(b) = sqrt(0.9 / 5).
    #[test]
    fn hand_computed() {
        let x = ndarray::array![[1.0, 0.0], [1.0, 1.0], [1.0, 2.0], [1.0, 3.0]];
        let r = OlsParams::new()
            .fit_xy(&x, &[1.0, 3.0, 4.0, 8.0], vec!["const".into(), "x".into()])
            .unwrap();
        assert!((r.params[0] - 0.7).abs() < 1e-13);
        assert!((r.params[1] - 2.2).abs() < 1e-13);
        assert!((r.ssr - 1.8).abs() < 1e-13);
        assert!((r.bse[1] - (0.9f64 / 5.0).sqrt()).abs() < 1e-13);
        assert!((r.rsquared - (1.0 - 1.8 / 26.0)).abs() < 1e-13);
        // DW = (0.2² + 1.2² + 1.8²) / 1.8
        assert!((r.durbin_watson - (0.04 + 1.44 + 3.24) / 1.8).abs() < 1e-12);
        assert!(r.summary().contains("const"));
    }

    fn tall_design(n: usize, near: Option<f64>) -> (Array2<f64>, Vec<f64>, Vec<String>) {
        let mut s: u64 = 11;
        let mut u = || {
            s = s
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (s >> 11) as f64 / (1u64 << 53) as f64 - 0.5
        };
        let mut x = Array2::from_shape_fn((n, 6), |(_, j)| if j == 0 { 1.0 } else { u() });
        if let Some(eps) = near {
            // Column 5 nearly repeats column 4: ill-conditioned or singular.
            for i in 0..n {
                x[[i, 5]] = x[[i, 4]] + eps * u();
            }
        }
        let y = (0..n)
            .map(|i| 1.0 + 0.5 * x[[i, 1]] - 2.0 * x[[i, 3]] + x[[i, 5]] + u())
            .collect();
        let names = ["const", "a", "b", "c", "d", "e"]
            .map(String::from)
            .to_vec();
        (x, y, names)
    }

    /// Above a million cells a well-conditioned design is fitted from the
    /// triangle of `[X y]` (one blocked pass); the estimates and standard
    /// errors equal those of the full pivoted QR. The nearly collinear
    /// design (condition number in the thousands) takes the refined path.
    #[test]
    fn tall_designs_match_the_full_factorisation() {
        for near in [None, Some(1e-3)] {
            let (x, y, names) = tall_design(200_000, near);
            assert!(x.len() > crate::stats::linalg::REFINE_ALWAYS_CELLS);
            let r = OlsParams::new().fit_xy(&x, &y, names).unwrap();
            let qr = Qr::new(&x).unwrap();
            let b = qr.solve(&x, &y).unwrap();
            let bread = qr.xtx_inv().unwrap();
            for j in 0..6 {
                assert!((r.params[j] - b[j]).abs() < 1e-11 * b[j].abs().max(1.0));
                let se = (bread[[j, j]] * r.scale).sqrt();
                assert!((r.bse[j] - se).abs() < 1e-11 * se, "{j}: {} {se}", r.bse[j]);
            }
        }
    }

    #[test]
    fn tall_rank_deficiency_names_the_columns() {
        let (x, y, names) = tall_design(200_000, Some(0.0));
        let e = OlsParams::new().fit_xy(&x, &y, names).unwrap_err();
        assert!(e.to_string().contains("rank deficient"), "{e}");
        let msg = e.to_string();
        assert!(
            msg.contains("e is collinear with d") || msg.contains("d is collinear with e"),
            "{msg}"
        );
    }

    #[test]
    fn too_few_rows() {
        let x = ndarray::array![[1.0, 0.0], [1.0, 1.0]];
        let e = OlsParams::new().fit_xy(&x, &[1.0, 2.0], vec!["const".into(), "x".into()]);
        assert!(e.is_err());
    }
}
