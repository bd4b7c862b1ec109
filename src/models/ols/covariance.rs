//! The covariance of OLS estimates: the [`CovType`] a fit asks for and the
//! sandwich estimators behind it (HC0–HC3, Newey–West, one- and two-way
//! cluster-robust); see the module docs of [`crate::models::ols`] for the
//! formulas.

use ndarray::Array2;

use crate::error::{Error, Result};

/// How the covariance of the estimates is computed.
///
/// ```
/// use colcrime::models::ols::CovType;
/// assert_eq!(CovType::parse("HC3", None, false).unwrap(), CovType::HC3);
/// assert_eq!(CovType::Hac { maxlags: Some(4), correction: false }.name(), "HAC");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CovType {
    /// `s² (XᵀX)⁻¹`.
    NonRobust,
    /// White's heteroskedasticity-consistent estimator.
    HC0,
    /// HC0 times `n / (n - k)`.
    HC1,
    /// Squared residuals divided by `1 - h`.
    HC2,
    /// Squared residuals divided by `(1 - h)²`.
    HC3,
    /// Cluster-robust (CRV1, Liang & Zeger 1986) for groups given with
    /// [`OlsParams::groups`](super::OlsParams::groups) or
    /// [`OlsParams::fit_xy_clustered`](super::OlsParams::fit_xy_clustered); two-way
    /// (Cameron, Gelbach & Miller 2011) with
    /// [`OlsParams::two_way_groups`](super::OlsParams::two_way_groups).
    Cluster {
        /// Multiply by `G/(G-1) · (n-1)/(n-k)` (statsmodels' default; in
        /// two-way clustering each of the three terms with its own `G`).
        correction: bool,
    },
    /// Newey–West with Bartlett weights.
    Hac {
        /// Lags `L`; `None` uses `floor(4 (n/100)^(2/9))` (Newey & West 1994).
        maxlags: Option<usize>,
        /// Multiply by `n / (n - k)`.
        correction: bool,
    },
}

impl CovType {
    /// statsmodels' name: `nonrobust`, `HC0`..`HC3`, `HAC`.
    ///
    /// ```
    /// # use colcrime::models::ols::CovType;
    /// assert_eq!(CovType::NonRobust.name(), "nonrobust");
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            CovType::NonRobust => "nonrobust",
            CovType::HC0 => "HC0",
            CovType::HC1 => "HC1",
            CovType::HC2 => "HC2",
            CovType::HC3 => "HC3",
            CovType::Hac { .. } => "HAC",
            CovType::Cluster { .. } => "cluster",
        }
    }

    /// Parses a name as the command line gives it (case-insensitive).
    ///
    /// # Errors
    /// An unknown name, or `maxlags`/`correction` given with a covariance
    /// other than HAC.
    ///
    /// ```
    /// # use colcrime::models::ols::CovType;
    /// assert!(CovType::parse("hac", Some(2), true).is_ok());
    /// assert!(CovType::parse("HC1", Some(2), false).is_err());
    /// assert!(CovType::parse("HC9", None, false).is_err());
    /// ```
    pub fn parse(name: &str, maxlags: Option<usize>, correction: bool) -> Result<CovType> {
        let c = match name.to_ascii_lowercase().as_str() {
            "nonrobust" => CovType::NonRobust,
            "hc0" => CovType::HC0,
            "hc1" => CovType::HC1,
            "hc2" => CovType::HC2,
            "hc3" => CovType::HC3,
            "cluster" => CovType::Cluster { correction: true },
            "hac" => {
                return Ok(CovType::Hac {
                    maxlags,
                    correction,
                });
            }
            _ => {
                return Err(Error::usage(format!(
                    "unknown covariance \"{name}\" (expected nonrobust, HC0, HC1, HC2, HC3, HAC or cluster)"
                )));
            }
        };
        if maxlags.is_some() || correction {
            return Err(Error::usage(
                "--maxlags and --hac-correction only apply to --cov HAC",
            ));
        }
        Ok(c)
    }

    pub(super) fn is_robust(&self) -> bool {
        !matches!(self, CovType::NonRobust)
    }
}

/// `Xᵀ diag(w) X`.
pub(super) fn weighted_crossprod(x: &Array2<f64>, w: &[f64]) -> Array2<f64> {
    let k = x.ncols();
    let mut m = Array2::<f64>::zeros((k, k));
    for (row, wi) in x.rows().into_iter().zip(w) {
        for a in 0..k {
            let ra = row[a] * wi;
            for b in 0..=a {
                m[[a, b]] += ra * row[b];
            }
        }
    }
    for a in 0..k {
        for b in 0..a {
            m[[b, a]] = m[[a, b]];
        }
    }
    m
}

/// Newey–West `S` with Bartlett weights for scores `x_t e_t`.
pub(super) fn hac_meat(x: &Array2<f64>, e: &[f64], lags: usize) -> Array2<f64> {
    let (n, k) = x.dim();
    let u = Array2::from_shape_fn((n, k), |(t, j)| x[[t, j]] * e[t]);
    let mut s = u.t().dot(&u);
    for l in 1..=lags.min(n.saturating_sub(1)) {
        let w = 1.0 - l as f64 / (lags as f64 + 1.0);
        let g = u
            .slice(ndarray::s![l.., ..])
            .t()
            .dot(&u.slice(ndarray::s![..n - l, ..]));
        s = s + (&g + &g.t()) * w;
    }
    s
}

/// Cluster-robust covariance of an M-estimator with a log-likelihood-type
/// objective whose Hessian is `-Xᵀ diag(h) X` and whose score of row `i`
/// is `x_i s_i`: `B (Σ_g u_g u_gᵀ) B` with `B = (Xᵀ diag(h) X)⁻¹` and
/// `u_g = Σ_{i∈g} x_i s_i`, times `G/(G-1) · (n-1)/(n-k)` with
/// `correction` (statsmodels' `cov_cluster`); with two clusterings
/// `V₁ + V₂ - V₁₂` (Cameron, Gelbach & Miller 2011; statsmodels'
/// `cov_cluster_2groups`, no eigenvalue fix).
///
/// * OLS: `h = 1`, `s = e` (the residuals);
/// * Poisson GLM (log link): `h = μ`, `s = y - μ`, as statsmodels'
///   `GLM(..., family=Poisson()).fit(cov_type="cluster")`;
/// * negative binomial NB2 (log link) with `α` held at its estimate, as
///   statsmodels' `GLM(..., family=NegativeBinomial(alpha))`, which uses
///   the observed information (the log link is not canonical for NB2):
///   `h = μ(1+αy)/(1+αμ)²`, `s = (y - μ)/(1+αμ)`.
///
/// `clusters` holds one or two label vectors (any integers, one per row).
///
/// # Errors
/// No clustering or more than two, labels of the wrong length, fewer than
/// two clusters, weights of the wrong length, or a singular `Xᵀ diag(h) X`.
///
/// ```
/// use colcrime::models::ols::{cluster_robust_cov, CovType, OlsParams};
/// let x = ndarray::array![[1.0, 0.0], [1.0, 1.0], [1.0, 2.0], [1.0, 3.0], [1.0, 5.0], [1.0, 4.0]];
/// let y = [1.0, 3.0, 4.0, 8.0, 9.0, 7.0];
/// let g = [0, 0, 1, 1, 2, 2];
/// let p = OlsParams::new().cov_type(CovType::Cluster { correction: true });
/// let r = p.fit_xy_clustered(&x, &y, vec!["const".into(), "x".into()], &g).unwrap();
/// let v = cluster_robust_cov(&x, &[1.0; 6], &r.resid, &[&g], true).unwrap();
/// assert!((v[[1, 1]] - r.cov_params[[1, 1]]).abs() < 1e-14);
/// ```
pub fn cluster_robust_cov(
    x: &Array2<f64>,
    h: &[f64],
    s: &[f64],
    clusters: &[&[usize]],
    correction: bool,
) -> Result<Array2<f64>> {
    let (n, k) = x.dim();
    if h.len() != n || s.len() != n {
        return Err(Error::usage(format!(
            "cluster covariance: {} Hessian weights and {} scores for {n} rows",
            h.len(),
            s.len()
        )));
    }
    if n <= k {
        return Err(Error::not_enough_data("cluster covariance", k + 1, n));
    }
    if h.iter().any(|v| !(v.is_finite() && *v > 0.0)) {
        return Err(Error::domain(
            "cluster covariance: the Hessian weights must be positive",
        ));
    }
    let xw = Array2::from_shape_fn((n, k), |(i, j)| x[[i, j]] * h[i].sqrt());
    let bread = crate::stats::linalg::tsqr::qr_for_covariance(&xw)?.xtx_inv()?;
    for g in clusters {
        if g.len() != n {
            return Err(Error::usage(format!(
                "cluster covariance: {} cluster labels for {n} rows",
                g.len()
            )));
        }
    }
    cluster_sandwich(&bread, x, s, clusters, correction)
}

/// `B (Σ_g u_g u_gᵀ) B` with the small-sample factor, one- or two-way (see
/// [`cluster_robust_cov`]).
pub(super) fn cluster_sandwich(
    bread: &Array2<f64>,
    x: &Array2<f64>,
    s: &[f64],
    clusters: &[&[usize]],
    correction: bool,
) -> Result<Array2<f64>> {
    let (n, k) = x.dim();
    let nf = n as f64;
    let one_way = |g: &[usize]| -> Result<Array2<f64>> {
        let count = distinct(g);
        if count < 2 {
            return Err(Error::not_enough_data(
                "cluster-robust covariance (clusters)",
                2,
                count,
            ));
        }
        let meat = cluster_meat(x, s, g);
        let mut c = sandwich(bread, &meat);
        if correction {
            let gf = count as f64;
            let f = gf / (gf - 1.0) * ((nf - 1.0) / (nf - k as f64));
            c.mapv_inplace(|v| v * f);
        }
        Ok(c)
    };
    match clusters {
        [g] => one_way(g),
        [g0, g1] => {
            let (g01, _) = intersect(g0, g1);
            Ok(one_way(g0)? + one_way(g1)? - one_way(&g01)?)
        }
        _ => Err(Error::usage(format!(
            "cluster covariance needs one or two clusterings, got {}",
            clusters.len()
        ))),
    }
}

/// The number of distinct labels.
pub(super) fn distinct(g: &[usize]) -> usize {
    let mut u = g.to_vec();
    u.sort_unstable();
    u.dedup();
    u.len()
}

/// Labels of the intersections of two clusterings (rows share a label when
/// they share both), and how many there are.
fn intersect(a: &[usize], b: &[usize]) -> (Vec<usize>, usize) {
    let mut seen: std::collections::HashMap<(usize, usize), usize> =
        std::collections::HashMap::new();
    let labels = a
        .iter()
        .zip(b)
        .map(|(x, y)| {
            let next = seen.len();
            *seen.entry((*x, *y)).or_insert(next)
        })
        .collect();
    (labels, seen.len())
}

/// Cluster meat `Σ_g (Σ_{i∈g} x_i e_i)(Σ_{i∈g} x_i e_i)ᵀ`.
fn cluster_meat(x: &Array2<f64>, e: &[f64], groups: &[usize]) -> Array2<f64> {
    let k = x.ncols();
    let mut sums: std::collections::BTreeMap<usize, Vec<f64>> = std::collections::BTreeMap::new();
    for ((row, ei), g) in x.rows().into_iter().zip(e).zip(groups) {
        let s = sums.entry(*g).or_insert_with(|| vec![0.0; k]);
        for (sj, xj) in s.iter_mut().zip(row.iter()) {
            *sj += xj * ei;
        }
    }
    let mut m = Array2::<f64>::zeros((k, k));
    for s in sums.values() {
        for a in 0..k {
            for b in 0..k {
                m[[a, b]] += s[a] * s[b];
            }
        }
    }
    m
}

/// `B M B` for symmetric `B`.
pub(super) fn sandwich(b: &Array2<f64>, m: &Array2<f64>) -> Array2<f64> {
    b.dot(m).dot(b)
}
