//! linfa's `Fit` and `PredictInplace` for colcrime's regressions, so OLS and
//! the count models work with `linfa::Dataset`s and the rest of the linfa
//! ecosystem (cross-validation, metrics).
//!
//! Fitting a dataset adds an intercept column named `const` in front of the
//! records (as `linfa_linear::LinearRegression` does by default); parameter
//! names come from the dataset's feature names. Prediction accepts the same
//! records (the constant is added back) or a full design with the constant
//! column already in place.
//!
//! The inherent `fit` methods take a formula [`Design`](crate::formula::Design);
//! call the traits as `Fit::fit(&params, &dataset)` and
//! `Predict::predict(&fitted, &records)` (the inherent `predict` returns a
//! `Result` instead).
//!
//! ```
//! use colcrime::models::ols::OlsParams;
//! use linfa::prelude::*;
//! let x = ndarray::array![[0.0], [1.0], [2.0], [3.0]];
//! let y = ndarray::array![1.0, 3.0, 5.0, 7.1];
//! let ds = Dataset::new(x.clone(), y).with_feature_names(vec!["cpi"]);
//! let fit = Fit::fit(&OlsParams::new(), &ds).unwrap();
//! assert_eq!(fit.param_names, ["const", "cpi"]);
//! let pred: ndarray::Array1<f64> = Predict::predict(&fit, &x);
//! assert!((pred[1] - (fit.params[0] + fit.params[1])).abs() < 1e-12);
//! ```

use linfa::dataset::{AsSingleTargets, DatasetBase, Records};
use linfa::traits::{Fit, PredictInplace};
use ndarray::{Array1, Array2, ArrayBase, Data, Ix2};

use super::glm::{GlmParams, GlmResult};
use super::ols::{OlsParams, OlsResult};
use crate::error::{Error, Result};

impl From<linfa::Error> for Error {
    fn from(e: linfa::Error) -> Self {
        Error::other(format!("linfa: {e}"))
    }
}

/// The records with a leading column of ones, and the names `const`, then
/// the dataset's feature names (or `x1`, `x2`, ... when it has none).
fn with_constant<D: Data<Elem = f64>>(
    x: &ArrayBase<D, Ix2>,
    features: &[String],
) -> (Array2<f64>, Vec<String>) {
    let (n, k) = x.dim();
    let mut design = Array2::<f64>::ones((n, k + 1));
    design.slice_mut(ndarray::s![.., 1..]).assign(x);
    let mut names = vec!["const".to_string()];
    for j in 0..k {
        names.push(
            features
                .get(j)
                .cloned()
                .unwrap_or_else(|| format!("x{}", j + 1)),
        );
    }
    (design, names)
}

/// Linear predictor `X β` for records with or without the constant column;
/// `None` when the column count fits neither.
fn linear_predictor<D: Data<Elem = f64>>(
    x: &ArrayBase<D, Ix2>,
    params: &[f64],
    k_constant: usize,
) -> Option<Array1<f64>> {
    let k = x.ncols();
    let beta = Array1::from(params.to_vec());
    if k == params.len() {
        Some(x.dot(&beta))
    } else if k_constant == 1 && k + 1 == params.len() {
        let slopes = beta.slice(ndarray::s![1..]);
        let mut eta = x.dot(&slopes);
        eta += params[0];
        Some(eta)
    } else {
        None
    }
}

impl<D, T> Fit<ArrayBase<D, Ix2>, T, Error> for OlsParams
where
    D: Data<Elem = f64>,
    T: AsSingleTargets<Elem = f64>,
{
    type Object = OlsResult;

    /// Least squares of the targets on a constant and the records, with this
    /// parameter set's covariance type.
    fn fit(&self, dataset: &DatasetBase<ArrayBase<D, Ix2>, T>) -> Result<OlsResult> {
        let (x, names) = with_constant(dataset.records(), dataset.feature_names());
        let y: Vec<f64> = dataset.as_single_targets().iter().copied().collect();
        if y.len() != dataset.records().nsamples() {
            return Err(Error::usage(
                "linfa dataset: records and targets differ in length",
            ));
        }
        self.fit_xy(&x, &y, names)
    }
}

impl<D: Data<Elem = f64>> PredictInplace<ArrayBase<D, Ix2>, Array1<f64>> for OlsResult {
    /// Fitted values `X β̂`; rows are NaN when the records have a column count
    /// the model cannot use (linfa's trait has no error channel).
    fn predict_inplace(&self, x: &ArrayBase<D, Ix2>, y: &mut Array1<f64>) {
        match linear_predictor(x, &self.params, self.k_constant) {
            Some(eta) if eta.len() == y.len() => y.assign(&eta),
            _ => y.fill(f64::NAN),
        }
    }

    fn default_target(&self, x: &ArrayBase<D, Ix2>) -> Array1<f64> {
        Array1::zeros(x.nrows())
    }
}

impl<D, T> Fit<ArrayBase<D, Ix2>, T, Error> for GlmParams
where
    D: Data<Elem = f64>,
    T: AsSingleTargets<Elem = f64>,
{
    type Object = GlmResult;

    /// The count model of the targets on a constant and the records (no
    /// offset: use the formula interface for exposures).
    fn fit(&self, dataset: &DatasetBase<ArrayBase<D, Ix2>, T>) -> Result<GlmResult> {
        let (x, names) = with_constant(dataset.records(), dataset.feature_names());
        let y: Vec<f64> = dataset.as_single_targets().iter().copied().collect();
        self.fit_xy(&x, &y, None, names)
    }
}

impl<D: Data<Elem = f64>> PredictInplace<ArrayBase<D, Ix2>, Array1<f64>> for GlmResult {
    /// The predicted mean `exp(X β̂)` (log link, no offset).
    fn predict_inplace(&self, x: &ArrayBase<D, Ix2>, y: &mut Array1<f64>) {
        let k_constant = usize::from(self.param_names.first().is_some_and(|n| n == "const"));
        match linear_predictor(x, &self.params, k_constant) {
            Some(eta) if eta.len() == y.len() => y.assign(&eta.mapv(f64::exp)),
            _ => y.fill(f64::NAN),
        }
    }

    fn default_target(&self, x: &ArrayBase<D, Ix2>) -> Array1<f64> {
        Array1::zeros(x.nrows())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::glm::Family;
    use linfa::prelude::*;

    #[test]
    fn ols_through_linfa_matches_fit_xy() {
        let x = ndarray::array![[0.0, 1.0], [1.0, 0.5], [2.0, 2.0], [3.0, 1.0], [4.0, 3.5]];
        let y = ndarray::array![1.0, 2.9, 5.2, 7.1, 8.7];
        let ds = Dataset::new(x.clone(), y.clone());
        let a = Fit::fit(&OlsParams::new(), &ds).unwrap();
        let (d, names) = with_constant(&x, &[]);
        let b = OlsParams::new()
            .fit_xy(&d, y.as_slice().unwrap(), names)
            .unwrap();
        assert_eq!(a.params, b.params);
        assert_eq!(a.param_names, ["const", "x1", "x2"]);
        // Records with or without the constant column predict the same.
        let p1: Array1<f64> = Predict::predict(&a, &x);
        let p2: Array1<f64> = Predict::predict(&a, &d);
        for i in 0..5 {
            assert!((p1[i] - b.fittedvalues[i]).abs() < 1e-12);
            assert!((p2[i] - b.fittedvalues[i]).abs() < 1e-12);
        }
        // A wrong column count gives NaN, not a panic.
        let bad: Array1<f64> = Predict::predict(&a, &ndarray::array![[1.0, 2.0, 3.0, 4.0]]);
        assert!(bad[0].is_nan());
    }

    #[test]
    fn poisson_through_linfa_predicts_means() {
        let x = ndarray::array![[0.0], [1.0], [2.0], [3.0], [4.0], [5.0]];
        let y = ndarray::array![1.0, 2.0, 2.0, 4.0, 7.0, 9.0];
        let ds = Dataset::new(x.clone(), y.clone());
        let fit = Fit::fit(&GlmParams::new(Family::Poisson), &ds).unwrap();
        let mu: Array1<f64> = Predict::predict(&fit, &x);
        // Poisson score equations with a constant: Σ μ = Σ y.
        assert!((mu.sum() - y.sum()).abs() < 1e-8);
    }
}
