//! Regressor matrices of the ARDL and of its unrestricted error-correction
//! form, with statsmodels' column order and names.
//!
//! With `h` observations held back (the largest lag), both are fitted on
//! the rows `t = h, …, n - 1` (0-based).
//!
//! ARDL columns: deterministic terms, `y.L1 … y.Lp`, then for each
//! regressor `x.L0 … x.Lq`.
//!
//! UECM columns (response `Δy_t`): deterministic terms, the lagged levels
//! `y.L1, x₁.L1, …`, then `D.y.L1 … D.y.L(p-1)`, then for each regressor
//! `D.x.L0 … D.x.L(q-1)`.

use ndarray::Array2;

use super::spec::{ArdlData, ArdlTrend};
use crate::error::{Error, Result};

/// A response, its regressors and their names.
#[derive(Debug, Clone)]
pub(crate) struct Design {
    pub(crate) x: Array2<f64>,
    pub(crate) y: Vec<f64>,
    pub(crate) names: Vec<String>,
    pub(crate) hold_back: usize,
}

fn matrix(cols: &[Vec<f64>], n: usize) -> Array2<f64> {
    Array2::from_shape_fn((n, cols.len()), |(i, j)| {
        cols.get(j)
            .and_then(|c| c.get(i))
            .copied()
            .unwrap_or(f64::NAN)
    })
}

fn check_size(what: &str, n: usize, hold_back: usize, k: usize) -> Result<()> {
    let rows = n.saturating_sub(hold_back);
    if rows <= k {
        return Err(Error::not_enough_data(
            format!("{what} ({k} regressors after holding back {hold_back} observations)"),
            hold_back + k + 1,
            n,
        ));
    }
    Ok(())
}

/// The ARDL(p, q) regression on the rows from `hold_back` (≥ the largest lag).
pub(crate) fn ardl_design(
    d: &ArdlData,
    p: usize,
    q: &[Option<usize>],
    trend: ArdlTrend,
    hold_back: usize,
) -> Result<Design> {
    let n = d.nobs();
    let k = trend.ndet() + p + q.iter().flatten().map(|q| q + 1).sum::<usize>();
    check_size("ardl", n, hold_back, k)?;
    let rows = hold_back..n;
    let mut cols = trend.columns(rows.clone());
    let mut names = trend.names();
    for i in 1..=p {
        cols.push(rows.clone().map(|t| d.y[t - i]).collect());
        names.push(format!("{}.L{i}", d.y_name));
    }
    for ((x, name), q) in d.x.iter().zip(&d.x_names).zip(q) {
        let Some(q) = *q else { continue };
        for j in 0..=q {
            cols.push(rows.clone().map(|t| x[t - j]).collect());
            names.push(format!("{name}.L{j}"));
        }
    }
    Ok(Design {
        x: matrix(&cols, rows.len()),
        y: d.y[hold_back..].to_vec(),
        names,
        hold_back,
    })
}

/// The unrestricted error-correction form of an ARDL(p, q) with `p ≥ 1`
/// and every `q ≥ 1`, on the rows from `max(p, q…)`.
pub(crate) fn uecm_design(d: &ArdlData, p: usize, q: &[usize], trend: ArdlTrend) -> Result<Design> {
    let n = d.nobs();
    let hold_back = q.iter().copied().fold(p.max(1), usize::max);
    let k = trend.ndet() + 1 + q.len() + (p.saturating_sub(1)) + q.iter().sum::<usize>();
    check_size("uecm", n, hold_back, k)?;
    let rows = hold_back..n;
    let diff = |s: &[f64], t: usize| s[t] - s[t - 1];
    let mut cols = trend.columns(rows.clone());
    let mut names = trend.names();
    cols.push(rows.clone().map(|t| d.y[t - 1]).collect());
    names.push(format!("{}.L1", d.y_name));
    for (x, name) in d.x.iter().zip(&d.x_names) {
        cols.push(rows.clone().map(|t| x[t - 1]).collect());
        names.push(format!("{name}.L1"));
    }
    for j in 1..p {
        cols.push(rows.clone().map(|t| diff(&d.y, t - j)).collect());
        names.push(format!("D.{}.L{j}", d.y_name));
    }
    for ((x, name), &q) in d.x.iter().zip(&d.x_names).zip(q) {
        for j in 0..q {
            cols.push(rows.clone().map(|t| diff(x, t - j)).collect());
            names.push(format!("D.{name}.L{j}"));
        }
    }
    Ok(Design {
        x: matrix(&cols, rows.len()),
        y: rows.map(|t| diff(&d.y, t)).collect(),
        names,
        hold_back,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> ArdlData {
        let y: Vec<f64> = (0..10).map(|t| (t * t) as f64).collect();
        let x: Vec<f64> = (0..10).map(|t| 10.0 + t as f64).collect();
        ArdlData::new(y, vec![x], "y", &["x".into()]).unwrap()
    }

    #[test]
    fn ardl_columns_and_names() {
        let d = ardl_design(&data(), 2, &[Some(1)], ArdlTrend::Ct, 2).unwrap();
        assert_eq!(d.names, ["const", "trend", "y.L1", "y.L2", "x.L0", "x.L1"]);
        assert_eq!(d.x.dim(), (8, 6));
        // Row 0 is t = 2: trend 3, y_1 = 1, y_0 = 0, x_2 = 12, x_1 = 11.
        assert_eq!(d.x.row(0).to_vec(), vec![1.0, 3.0, 1.0, 0.0, 12.0, 11.0]);
        assert_eq!(d.y[0], 4.0);
    }

    #[test]
    fn uecm_columns_and_names() {
        let d = uecm_design(&data(), 2, &[2], ArdlTrend::C).unwrap();
        assert_eq!(
            d.names,
            ["const", "y.L1", "x.L1", "D.y.L1", "D.x.L0", "D.x.L1"]
        );
        // t = 2: Δy_2 = 3; y_1 = 1; x_1 = 11; Δy_1 = 1; Δx_2 = Δx_1 = 1.
        assert_eq!(d.x.row(0).to_vec(), vec![1.0, 1.0, 11.0, 1.0, 1.0, 1.0]);
        assert_eq!(d.y[0], 3.0);
        assert_eq!(d.hold_back, 2);
    }

    #[test]
    fn too_short_is_an_error() {
        assert!(ardl_design(&data(), 4, &[Some(4)], ArdlTrend::Ct, 4).is_err());
    }
}
