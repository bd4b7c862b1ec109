//! Shared numerics: the one home of the estimators and algorithms that
//! several models, tests and charts use.
//!
//! - [`linalg`]: QR least squares, Cholesky, LU inverses, Jacobi
//!   eigenvalues;
//! - [`acf`]: sample autocorrelations and partial autocorrelations;
//! - [`stl`]: seasonal-trend decomposition by loess;
//! - [`student_t`]: Student-t tail probabilities accurate in both tails;
//! - [`quantile`]: sample quantiles of simulated paths;
//! - [`rng`]: the seeded generator of simulated intervals.
//!
//! ```
//! use colcrime::stats::{quantile::quantile_sorted, student_t::t_two_sided};
//! assert_eq!(quantile_sorted(&[1.0, 2.0, 3.0], 0.5), 2.0);
//! assert!((t_two_sided(0.0, 10.0) - 1.0).abs() < 1e-15);
//! ```

pub mod acf;
pub mod linalg;
pub mod quantile;
pub mod rng;
pub mod stl;
pub mod student_t;
