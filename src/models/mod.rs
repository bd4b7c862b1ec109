//! Models: least squares and count regressions, econometric tests and
//! time-series models. Each has a parameter struct that validates itself and
//! a `fit` that returns a result object, as in linfa.

pub mod arima;
pub mod optim;
