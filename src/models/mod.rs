//! Models: least squares and count regressions, econometric tests and
//! time-series models. Each has a parameter struct that validates itself and
//! a `fit` that returns a result object, as in linfa.

// Regression, count models and econometric tests (issue 4).
pub mod ardl;
pub mod backtest;
pub mod diagnostics;
pub mod ecm;
pub mod glm;
pub mod granger;
pub mod linfa_traits;
pub mod ols;
pub mod unitroot;

// Time-series models (issue 5).
pub mod arima;
pub mod ets;
pub mod optim;
pub mod scenario;
pub mod var;

// Shared numerics moved to `crate::stats`; the old paths keep working.
pub use crate::stats::linalg;
pub use crate::stats::linalg::tsqr;
pub use crate::stats::student_t;
