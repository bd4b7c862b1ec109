//! Autoregressive distributed-lag models with the Pesaran–Shin–Smith
//! bounds test, as statsmodels' `ARDL`, `UECM`, `ardl_select_order` and
//! `UECMResults.bounds_test`.
//!
//! The ARDL(p, q₁, …, q_k) is
//!
//! ```text
//! y_t = d_t + Σ_{i=1}^{p} φ_i y_{t-i} + Σ_{j=1}^{k} Σ_{m=0}^{q_j} β_{j,m} x_{j,t-m} + ε_t,
//! ```
//!
//! with deterministic terms `d_t` (none, a constant, or a constant and a
//! trend), fitted by least squares on the observations after the largest
//! lag. The unrestricted error-correction form ([`fit_uecm`]) rewrites it
//! in differences with lagged levels; the bounds test ([`bounds_test`])
//! asks whether the levels matter (a level relationship between `y` and
//! `x`); the long-run coefficients ([`LongRun`]) are `Σβ / (1 - Σφ)`.
//! The Home Office studies of property crime and consumption (Field 1990;
//! Dhiri et al. 1999) are error-correction models of exactly this kind.
//!
//! - Pesaran, M. H. & Shin, Y. (1999), "An autoregressive distributed lag
//!   modelling approach to cointegration analysis", in Strøm (ed.),
//!   *Econometrics and Economic Theory in the 20th Century*, CUP.
//! - Pesaran, M. H., Shin, Y. & Smith, R. J. (2001), *Journal of Applied
//!   Econometrics* 16(3), 289–326.
//!
//! ```
//! use colcrime::models::ardl::{ArdlData, ArdlParams};
//! // y adjusts to 2 x with speed 0.5.
//! let mut s = 5u64;
//! let mut u = || { s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
//!                  ((s >> 11) as f64 / (1u64 << 53) as f64) - 0.5 };
//! let mut x = vec![0.0; 200];
//! let mut y = vec![0.0; 200];
//! for t in 1..200 {
//!     x[t] = x[t - 1] + u();
//!     y[t] = y[t - 1] + 0.5 * (2.0 * x[t - 1] - y[t - 1]) + 0.2 * u();
//! }
//! let d = ArdlData::new(y, vec![x], "y", &["x".into()]).unwrap();
//! let r = ArdlParams::new(1, &[1]).fit(&d).unwrap();
//! assert!((r.long_run.params[1] - 2.0).abs() < 0.1);
//! assert!(r.bounds_test.unwrap().p_upper < 0.01);
//! ```

mod bounds;
mod design;
mod fit;
mod long_run;
mod pss_tables;
mod select;
mod spec;
mod uecm;

pub use bounds::{BoundsTest, bounds_test};
pub use fit::ArdlResult;
pub use long_run::LongRun;
pub use select::{Ic, OrderSelection, select_order};
pub use spec::{ArdlData, ArdlParams, ArdlTrend};
pub use uecm::{UecmResult, fit_uecm};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn autotraits() {
        fn ok<T: Send + Sync + Unpin + std::fmt::Debug + Clone>() {}
        ok::<ArdlData>();
        ok::<ArdlParams>();
        ok::<ArdlTrend>();
        ok::<ArdlResult>();
        ok::<UecmResult>();
        ok::<BoundsTest>();
        ok::<LongRun>();
        ok::<Ic>();
        ok::<OrderSelection>();
    }
}
