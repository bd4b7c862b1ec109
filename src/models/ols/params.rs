//! The checked settings of an OLS fit and its entry points (linfa style:
//! build, validate, then `fit`).

use ndarray::Array2;

use super::{CovType, OlsResult};
use crate::error::{Error, Result};
use crate::formula::Design;

/// Checked settings of an OLS fit (linfa style: build, then `fit`).
///
/// ```
/// use colcrime::models::ols::{CovType, OlsParams};
/// let p = OlsParams::new().cov_type(CovType::Hac { maxlags: Some(4), correction: true });
/// assert!(p.validate().is_ok());
/// assert!(OlsParams::new().alpha(1.5).validate().is_err());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct OlsParams {
    pub(super) cov_type: CovType,
    pub(super) alpha: f64,
    pub(super) groups: Vec<String>,
}

impl Default for OlsParams {
    fn default() -> Self {
        OlsParams::new()
    }
}

impl OlsParams {
    /// Nonrobust covariance, 95% intervals.
    ///
    /// ```
    /// # use colcrime::models::ols::{CovType, OlsParams};
    /// assert_eq!(OlsParams::new().get_cov_type(), CovType::NonRobust);
    /// ```
    pub fn new() -> Self {
        OlsParams {
            cov_type: CovType::NonRobust,
            alpha: 0.05,
            groups: Vec::new(),
        }
    }

    /// Sets the column (text or numeric) whose values are the clusters of
    /// `CovType::Cluster`, used by [`fit_ols_frame`](super::fit_ols_frame).
    ///
    /// ```
    /// # use colcrime::models::ols::{CovType, OlsParams};
    /// let p = OlsParams::new().cov_type(CovType::Cluster { correction: true }).groups("borough");
    /// assert!(p.validate().is_ok());
    /// assert!(OlsParams::new().groups("borough").validate().is_err());
    /// ```
    pub fn groups(mut self, column: &str) -> Self {
        self.groups = vec![column.to_string()];
        self
    }

    /// Sets two cluster columns for two-way clustering (Cameron, Gelbach &
    /// Miller 2011): `V = V₁ + V₂ - V₁₂`, as statsmodels'
    /// `cov_kwds={"groups": np.column_stack([g1, g2])}`.
    ///
    /// ```
    /// # use colcrime::models::ols::{CovType, OlsParams};
    /// let p = OlsParams::new()
    ///     .cov_type(CovType::Cluster { correction: true })
    ///     .two_way_groups("borough", "year");
    /// assert_eq!(p.get_group_columns(), ["borough", "year"]);
    /// assert!(p.validate().is_ok());
    /// assert!(OlsParams::new().two_way_groups("a", "a").validate().is_err());
    /// ```
    pub fn two_way_groups(mut self, first: &str, second: &str) -> Self {
        self.groups = vec![first.to_string(), second.to_string()];
        self
    }

    /// The (first) cluster column, if set.
    ///
    /// ```
    /// # use colcrime::models::ols::OlsParams;
    /// assert_eq!(OlsParams::new().groups("g").get_groups(), Some("g"));
    /// ```
    pub fn get_groups(&self) -> Option<&str> {
        self.groups.first().map(String::as_str)
    }

    /// Every cluster column (none, one, or two for two-way clustering).
    ///
    /// ```
    /// # use colcrime::models::ols::OlsParams;
    /// assert!(OlsParams::new().get_group_columns().is_empty());
    /// ```
    pub fn get_group_columns(&self) -> &[String] {
        &self.groups
    }

    /// Sets the covariance type.
    ///
    /// ```
    /// # use colcrime::models::ols::{CovType, OlsParams};
    /// assert_eq!(OlsParams::new().cov_type(CovType::HC0).get_cov_type(), CovType::HC0);
    /// ```
    pub fn cov_type(mut self, c: CovType) -> Self {
        self.cov_type = c;
        self
    }

    /// The covariance type.
    ///
    /// ```
    /// # use colcrime::models::ols::{CovType, OlsParams};
    /// assert_eq!(OlsParams::default().get_cov_type().name(), "nonrobust");
    /// ```
    pub fn get_cov_type(&self) -> CovType {
        self.cov_type
    }

    /// Sets the significance level of `conf_int` (default 0.05: 95%).
    ///
    /// ```
    /// # use colcrime::models::ols::OlsParams;
    /// assert!(OlsParams::new().alpha(0.1).validate().is_ok());
    /// ```
    pub fn alpha(mut self, alpha: f64) -> Self {
        self.alpha = alpha;
        self
    }

    /// Checks the settings.
    ///
    /// # Errors
    /// `alpha` outside (0, 1).
    ///
    /// ```
    /// # use colcrime::models::ols::OlsParams;
    /// assert!(OlsParams::new().alpha(0.0).validate().is_err());
    /// ```
    pub fn validate(&self) -> Result<()> {
        if !(self.alpha > 0.0 && self.alpha < 1.0) {
            return Err(Error::usage(format!(
                "the significance level must lie in (0, 1), got {}",
                self.alpha
            )));
        }
        if !self.groups.is_empty() && !matches!(self.cov_type, CovType::Cluster { .. }) {
            return Err(Error::usage("--groups only applies to --cov cluster"));
        }
        if let [a, b] = self.groups.as_slice()
            && a == b
        {
            return Err(Error::usage(format!(
                "two-way clustering needs two different columns, got \"{a}\" twice"
            )));
        }
        if self.groups.len() > 2 {
            return Err(Error::usage(format!(
                "at most two cluster columns (two-way clustering), got {}",
                self.groups.len()
            )));
        }
        Ok(())
    }

    /// Fits a formula's design.
    ///
    /// # Errors
    /// Invalid settings, fewer observations than parameters, a rank-deficient
    /// design (naming the collinear columns).
    ///
    /// ```
    /// use colcrime::formula::design;
    /// use colcrime::models::ols::OlsParams;
    /// use colcrime::series::Frame;
    /// let f = Frame::from_csv_str("t", "y,a,b\n1,1,2\n2,2,4\n4,3,6\n3,5,10\n").unwrap();
    /// let e = OlsParams::new().fit(&design(&f, "y ~ a + b", 0..4).unwrap()).unwrap_err();
    /// assert!(e.to_string().contains("collinear"));
    /// ```
    pub fn fit(&self, d: &Design) -> Result<OlsResult> {
        let mut r = self.fit_inner(&d.x, &d.y, d.names.clone(), &[], Some(&d.rows))?;
        r.response = d.response.clone();
        r.dropped = d.dropped;
        Ok(r)
    }

    /// Fits `y` on the columns of `x` named `names`.
    ///
    /// # Errors
    /// As [`OlsParams::fit`], and shapes that do not agree.
    ///
    /// ```
    /// use colcrime::models::ols::OlsParams;
    /// let x = ndarray::array![[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]];
    /// let r = OlsParams::new().fit_xy(&x, &[1.0, 2.0, 3.5], vec!["const".into(), "x".into()]).unwrap();
    /// assert!((r.params[1] - 1.25).abs() < 1e-12);
    /// assert_eq!(r.df_resid, 1.0);
    /// ```
    pub fn fit_xy(&self, x: &Array2<f64>, y: &[f64], names: Vec<String>) -> Result<OlsResult> {
        self.fit_inner(x, y, names, &[], None)
    }

    /// Fits `y` on `x` with cluster labels `groups` (one per row, any
    /// integers) for `CovType::Cluster`.
    ///
    /// # Errors
    /// As [`OlsParams::fit_xy`], labels of the wrong length, fewer than two
    /// clusters, or a covariance type other than cluster.
    ///
    /// ```
    /// use colcrime::models::ols::{CovType, OlsParams};
    /// let x = ndarray::array![[1.0, 0.0], [1.0, 1.0], [1.0, 2.0], [1.0, 3.0]];
    /// let p = OlsParams::new().cov_type(CovType::Cluster { correction: true });
    /// let r = p.fit_xy_clustered(&x, &[1.0, 3.0, 4.0, 8.0], vec!["const".into(), "x".into()], &[0, 0, 1, 1]).unwrap();
    /// assert_eq!(r.n_groups, Some(2));
    /// assert!((r.params[1] - 2.2).abs() < 1e-12);
    /// ```
    pub fn fit_xy_clustered(
        &self,
        x: &Array2<f64>,
        y: &[f64],
        names: Vec<String>,
        groups: &[usize],
    ) -> Result<OlsResult> {
        if !matches!(self.cov_type, CovType::Cluster { .. }) {
            return Err(Error::usage(
                "cluster labels given for a covariance other than cluster",
            ));
        }
        self.fit_inner(x, y, names, &[groups], None)
    }

    /// Fits `y` on `x` with two-way cluster-robust covariance: labels
    /// `first` and `second` (one each per row) are the two clusterings
    /// (Cameron, Gelbach & Miller 2011; statsmodels `cov_cluster_2groups`).
    ///
    /// # Errors
    /// As [`OlsParams::fit_xy_clustered`].
    ///
    /// ```
    /// use colcrime::models::ols::{CovType, OlsParams};
    /// let x = ndarray::array![[1.0, 0.0], [1.0, 1.0], [1.0, 2.0], [1.0, 3.0], [1.0, 5.0], [1.0, 4.0]];
    /// let y = [1.0, 3.0, 4.0, 8.0, 9.0, 7.0];
    /// let names = vec!["const".to_string(), "x".to_string()];
    /// let p = OlsParams::new().cov_type(CovType::Cluster { correction: true });
    /// let r = p.fit_xy_clustered_two_way(&x, &y, names, &[0, 0, 1, 1, 2, 2], &[0, 1, 0, 1, 0, 1]).unwrap();
    /// assert_eq!(r.cluster_counts, vec![3, 2]);
    /// assert_eq!(r.n_groups, Some(2));
    /// ```
    pub fn fit_xy_clustered_two_way(
        &self,
        x: &Array2<f64>,
        y: &[f64],
        names: Vec<String>,
        first: &[usize],
        second: &[usize],
    ) -> Result<OlsResult> {
        if !matches!(self.cov_type, CovType::Cluster { .. }) {
            return Err(Error::usage(
                "cluster labels given for a covariance other than cluster",
            ));
        }
        self.fit_inner(x, y, names, &[first, second], None)
    }
}
