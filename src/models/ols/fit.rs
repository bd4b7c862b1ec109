//! The OLS fit itself: the QR solve (from the triangle of a tall design),
//! the covariance, the statistics and the tests of statsmodels'
//! `OLSResults`.

use ndarray::Array2;
use rayon::prelude::*;
use statrs::distribution::{ContinuousCDF, FisherSnedecor, Normal, StudentsT};

use super::covariance::{cluster_sandwich, distinct, hac_meat, sandwich, weighted_crossprod};
use super::{CovType, OlsParams, OlsResult};
use crate::error::{Error, Result};
use crate::stats::linalg::{Qr, matvec, spd_inverse};

impl OlsParams {
    pub(super) fn fit_inner(
        &self,
        x: &Array2<f64>,
        y: &[f64],
        names: Vec<String>,
        clusters: &[&[usize]],
        rows: Option<&[usize]>,
    ) -> Result<OlsResult> {
        self.validate()?;
        let (n, k) = x.dim();
        let mut cluster_counts = Vec::with_capacity(clusters.len());
        if matches!(self.cov_type, CovType::Cluster { .. }) {
            if clusters.is_empty() {
                return Err(Error::usage(
                    "--cov cluster needs the cluster column: --groups COL",
                ));
            }
            if clusters.len() > 2 {
                return Err(Error::usage(format!(
                    "at most two cluster columns (two-way clustering), got {}",
                    clusters.len()
                )));
            }
            for g in clusters {
                if g.len() != n {
                    return Err(Error::usage(format!(
                        "ols: {} cluster labels for {n} rows",
                        g.len()
                    )));
                }
                let count = distinct(g);
                if count < 2 {
                    return Err(Error::not_enough_data(
                        "cluster-robust covariance (clusters)",
                        2,
                        count,
                    ));
                }
                cluster_counts.push(count);
            }
        }
        // statsmodels: inference uses the smaller number of clusters.
        let n_groups = cluster_counts.iter().copied().min();
        if y.len() != n || names.len() != k {
            return Err(Error::usage(format!(
                "ols: {} responses, {} rows and {} names for {} columns",
                y.len(),
                n,
                names.len(),
                k
            )));
        }
        if n <= k {
            return Err(Error::not_enough_data("ols", k + 1, n));
        }
        if y.iter().any(|v| !v.is_finite()) {
            return Err(Error::domain("ols: the response has a non-finite value"));
        }
        let const_idx = constant_column(x);
        // A rank-deficient tall design goes to the full factorisation too,
        // whose message names the collinear columns.
        let tall = if const_idx.is_some() {
            crate::stats::linalg::tsqr::tall_lstsq(x, y)?
        } else {
            None
        };
        let (qr, params) = match tall {
            Some(fit) => fit,
            None => {
                let qr = Qr::new(x)?;
                qr.check_rank(&names)?;
                let params = qr.solve(x, y)?;
                (qr, params)
            }
        };
        let (fitted, resid) = fitted_and_resid(x, y, &params);
        let bread = qr.xtx_inv()?;

        let nf = n as f64;
        // As statsmodels, a constant spanned by the columns (a full set of
        // dummies) counts as an implicit constant.
        let implicit_const = const_idx.is_none() && {
            let ones = vec![1.0; n];
            qr.solve(x, &ones)
                .is_ok_and(|b| matvec(x, &b).iter().all(|f| (f - 1.0).abs() < 1e-10))
        };
        let k_constant = usize::from(const_idx.is_some() || implicit_const);
        let df_model = (k - k_constant) as f64;
        let df_resid = (n - k) as f64;
        let ssr: f64 = resid.iter().map(|e| e * e).sum();
        let ybar = y.iter().sum::<f64>() / nf;
        let centered_tss: f64 = y.iter().map(|v| (v - ybar) * (v - ybar)).sum();
        let uncentered_tss: f64 = y.iter().map(|v| v * v).sum();
        let (tss, ess) = if k_constant == 1 {
            (centered_tss, centered_tss - ssr)
        } else {
            (uncentered_tss, uncentered_tss - ssr)
        };
        let rsquared = 1.0 - ssr / tss;
        let rsquared_adj = 1.0 - (nf - k_constant as f64) / df_resid * (1.0 - rsquared);
        let mse_resid = ssr / df_resid;
        let scale = mse_resid;
        let llf = -nf / 2.0 * ((2.0 * std::f64::consts::PI).ln() + (ssr / nf).ln() + 1.0);
        let kk = df_model + k_constant as f64;
        let aic = -2.0 * llf + 2.0 * kk;
        let bic = -2.0 * llf + nf.ln() * kk;
        let dw_num: f64 = resid
            .windows(2)
            .map(|w| (w[1] - w[0]) * (w[1] - w[0]))
            .sum();
        let durbin_watson = dw_num / ssr;

        let cov = match self.cov_type {
            CovType::NonRobust => bread.mapv(|v| v * scale),
            CovType::Cluster { correction } => {
                cluster_sandwich(&bread, x, &resid, clusters, correction)?
            }
            CovType::HC0 | CovType::HC1 | CovType::HC2 | CovType::HC3 => {
                let w: Vec<f64> = match self.cov_type {
                    CovType::HC2 | CovType::HC3 => {
                        let h = qr.leverage(x)?;
                        let pow = if self.cov_type == CovType::HC2 { 1 } else { 2 };
                        resid
                            .iter()
                            .zip(&h)
                            .map(|(e, hi)| e * e / (1.0 - hi).powi(pow))
                            .collect()
                    }
                    _ => resid.iter().map(|e| e * e).collect(),
                };
                let meat = weighted_crossprod(x, &w);
                let mut c = sandwich(&bread, &meat);
                if self.cov_type == CovType::HC1 {
                    c.mapv_inplace(|v| v * nf / df_resid);
                }
                c
            }
            CovType::Hac {
                maxlags,
                correction,
            } => {
                let lags = maxlags
                    .unwrap_or_else(|| (4.0 * (nf / 100.0).powf(2.0 / 9.0)).floor() as usize);
                let meat = hac_meat(x, &resid, lags);
                let mut c = sandwich(&bread, &meat);
                if correction {
                    c.mapv_inplace(|v| v * nf / df_resid);
                }
                c
            }
        };
        let use_t = !self.cov_type.is_robust();
        let bse: Vec<f64> = (0..k).map(|j| cov[[j, j]].sqrt()).collect();
        let tvalues: Vec<f64> = params.iter().zip(&bse).map(|(b, s)| b / s).collect();
        let (pvalues, q) = if use_t {
            let t = StudentsT::new(0.0, 1.0, df_resid).map_err(|e| Error::other(e.to_string()))?;
            (
                // statrs' `sf` is off by up to a few percent far in the tail.
                tvalues
                    .iter()
                    .map(|&v| crate::stats::student_t::t_two_sided(v, df_resid))
                    .collect::<Vec<_>>(),
                t.inverse_cdf(1.0 - self.alpha / 2.0),
            )
        } else {
            let z = Normal::standard();
            (
                tvalues
                    .iter()
                    .map(|v| 2.0 * z.sf(v.abs()))
                    .collect::<Vec<_>>(),
                z.inverse_cdf(1.0 - self.alpha / 2.0),
            )
        };
        let q = refine_quantile(q, 1.0 - self.alpha / 2.0, use_t, df_resid);
        let conf_int: Vec<[f64; 2]> = params
            .iter()
            .zip(&bse)
            .map(|(b, s)| [b - q * s, b + q * s])
            .collect();

        // statsmodels refers robust F tests to `F(q, G-1)` for clusters.
        let df_denom_f = n_groups.map_or(df_resid, |g| g as f64 - 1.0);
        let n_slopes = (0..k).filter(|j| Some(*j) != const_idx).count();
        let fvalue = if df_model == 0.0
            || n_groups.is_some_and(|g| n_slopes > g - 1)
            || (implicit_const && !use_t)
        {
            // With more slopes than clusters minus one the Wald matrix is
            // singular: no F statistic (statsmodels falls back on a
            // pseudo-inverse whose rank depends on rounding).
            f64::NAN
        } else if use_t {
            (ess / df_model) / mse_resid
        } else {
            // Wald test that every slope is zero, divided by their number.
            let idx: Vec<usize> = (0..k).filter(|j| Some(*j) != const_idx).collect();
            let sub = Array2::from_shape_fn((idx.len(), idx.len()), |(a, b)| cov[[idx[a], idx[b]]]);
            match spd_inverse(&sub) {
                Ok(inv) => {
                    let bsub: Vec<f64> = idx.iter().map(|&j| params[j]).collect();
                    let mut w = 0.0;
                    for (a, ba) in bsub.iter().enumerate() {
                        for (b, bb) in bsub.iter().enumerate() {
                            w += ba * inv[[a, b]] * bb;
                        }
                    }
                    w / idx.len() as f64
                }
                Err(_) => f64::NAN,
            }
        };
        let f_pvalue = if fvalue.is_finite() {
            FisherSnedecor::new(df_model, df_denom_f)
                .map(|f| f.sf(fvalue))
                .unwrap_or(f64::NAN)
        } else {
            f64::NAN
        };
        Ok(OlsResult {
            param_names: names,
            params,
            bse,
            tvalues,
            pvalues,
            conf_int,
            nobs: n,
            df_model,
            df_resid,
            rsquared,
            rsquared_adj,
            fvalue,
            f_pvalue,
            llf,
            aic,
            bic,
            ssr,
            ess,
            centered_tss,
            uncentered_tss,
            mse_resid,
            scale,
            durbin_watson,
            resid,
            fittedvalues: fitted,
            cov_type: self.cov_type,
            cov_params: cov,
            normalized_cov_params: bread,
            k_constant,
            use_t,
            alpha: self.alpha,
            response: "y".into(),
            rows: rows.map_or_else(|| (0..n).collect(), <[usize]>::to_vec),
            dropped: 0,
            n_groups,
            cluster_counts,
        })
    }
}

/// Polishes a quantile from statrs with Newton steps on the CDF, so the
/// intervals carry full double precision (statrs' inverses stop earlier).
fn refine_quantile(q0: f64, p: f64, use_t: bool, df: f64) -> f64 {
    let mut q = q0;
    if use_t {
        if let Ok(t) = StudentsT::new(0.0, 1.0, df) {
            use statrs::distribution::Continuous;
            for _ in 0..3 {
                let d = t.pdf(q);
                if d > 0.0 {
                    // The CDF from the accurate survival function.
                    let cdf = 1.0 - crate::stats::student_t::t_sf(q, df);
                    q -= (cdf - p) / d;
                }
            }
        }
    } else {
        let z = Normal::standard();
        use statrs::distribution::Continuous;
        for _ in 0..3 {
            let d = z.pdf(q);
            if d > 0.0 {
                q -= (z.cdf(q) - p) / d;
            }
        }
    }
    q
}

/// The index of a column that is constant and non-zero (statsmodels'
/// `k_constant` detection), if any.
pub(super) fn constant_column(x: &Array2<f64>) -> Option<usize> {
    let Some(cells) = x.as_slice() else {
        return x.columns().into_iter().position(|c| {
            let first = c.first().copied().unwrap_or(0.0);
            first != 0.0 && c.iter().all(|v| *v == first)
        });
    };
    // Row-major: one pass over the rows, dropping candidates as they vary.
    let k = x.ncols();
    let first: Vec<f64> = cells.get(..k)?.to_vec();
    let mut candidate: Vec<bool> = first.iter().map(|v| *v != 0.0).collect();
    for row in cells.chunks_exact(k).skip(1) {
        let mut any = false;
        for ((c, v), f) in candidate.iter_mut().zip(row).zip(&first) {
            *c = *c && v == f;
            any |= *c;
        }
        if !any {
            return None;
        }
    }
    candidate.iter().position(|c| *c)
}

/// Fitted values `X b` and residuals `y - X b`; by blocks of rows on all
/// threads for a large row-major design.
fn fitted_and_resid(x: &Array2<f64>, y: &[f64], b: &[f64]) -> (Vec<f64>, Vec<f64>) {
    const ROWS: usize = 1 << 14;
    let (n, k) = x.dim();
    match x.as_slice() {
        Some(cells) if n * k >= 1 << 20 && y.len() == n && b.len() == k => {
            let mut fitted = vec![0.0; n];
            let mut resid = vec![0.0; n];
            fitted
                .par_chunks_mut(ROWS)
                .zip(resid.par_chunks_mut(ROWS))
                .enumerate()
                .for_each(|(c, (f, r))| {
                    let lo = c * ROWS;
                    let rows = cells[lo * k..(lo + f.len()) * k].chunks_exact(k);
                    for (((fi, ri), row), yi) in f.iter_mut().zip(r).zip(rows).zip(&y[lo..]) {
                        let v: f64 = row.iter().zip(b).map(|(a, c)| a * c).sum();
                        *fi = v;
                        *ri = yi - v;
                    }
                });
            (fitted, resid)
        }
        _ => {
            let fitted = matvec(x, b);
            let resid = y.iter().zip(&fitted).map(|(a, f)| a - f).collect();
            (fitted, resid)
        }
    }
}
