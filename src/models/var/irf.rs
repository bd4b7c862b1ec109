//! Moving-average representation, impulse responses and forecast error
//! variance decompositions of a fitted VAR (see the module docs of
//! [`var`](super)).

use ndarray::Array2;

use super::VarFit;
use crate::error::{Error, Result};
use crate::stats::linalg::inverse;

impl VarFit {
    /// The MA coefficients `Φ_0 = I, Φ_1, ..., Φ_h`, with
    /// `Φ_i = Σ_{j=1}^{min(i,p)} Φ_{i-j} A_j` (statsmodels `ma_rep`).
    ///
    /// ```
    /// use colcrime::models::var::VarParams;
    /// let y = ndarray::array![[1.0, 2.0], [2.0, 1.0], [1.5, 3.0], [3.0, 2.5], [2.0, 2.0], [2.5, 3.5], [1.0, 2.0]];
    /// let fit = VarParams::new(1).fit(&y, &["a".into(), "b".into()]).unwrap();
    /// let phi = fit.ma_rep(2);
    /// // For a VAR(1), Φ_2 = A_1².
    /// let a = fit.coefs(1);
    /// assert!((phi[2][[0, 1]] - a.dot(&a)[[0, 1]]).abs() < 1e-14);
    /// ```
    pub fn ma_rep(&self, h: usize) -> Vec<Array2<f64>> {
        let k = self.neqs();
        let a: Vec<Array2<f64>> = (1..=self.lags).map(|j| self.coefs(j)).collect();
        let mut phis: Vec<Array2<f64>> = Vec::with_capacity(h + 1);
        phis.push(Array2::eye(k));
        for i in 1..=h {
            let mut phi = Array2::<f64>::zeros((k, k));
            for (j, aj) in a.iter().enumerate().take(i) {
                // Φ_{i-j-1} A_{j+1}
                if let Some(prev) = phis.get(i - j - 1) {
                    phi = phi + prev.dot(aj);
                }
            }
            phis.push(phi);
        }
        phis
    }

    /// Impulse responses `Φ_0, ..., Φ_h` (`h + 1` matrices `K × K`;
    /// entry `[i, j]` is the response of variable `i` to a unit shock in
    /// `j`), statsmodels `irf(h).irfs`.
    ///
    /// ```
    /// use colcrime::models::var::VarParams;
    /// let y = ndarray::array![[1.0, 2.0], [2.0, 1.0], [1.5, 3.0], [3.0, 2.5], [2.0, 2.0], [2.5, 3.5], [1.0, 2.0]];
    /// let fit = VarParams::new(1).fit(&y, &["a".into(), "b".into()]).unwrap();
    /// assert_eq!(fit.irf(3)[1], fit.coefs(1));
    /// ```
    pub fn irf(&self, h: usize) -> Vec<Array2<f64>> {
        self.ma_rep(h)
    }

    /// Orthogonalised impulse responses `Θ_i = Φ_i P`, `P` the lower
    /// Cholesky factor of `sigma_u` (responses to one-standard-deviation
    /// shocks in the order of the series), statsmodels `irf(h).orth_irfs`.
    ///
    /// ```
    /// use colcrime::models::var::VarParams;
    /// let y = ndarray::array![[1.0, 2.0], [2.0, 1.0], [1.5, 3.0], [3.0, 2.5], [2.0, 2.0], [2.5, 3.5], [1.0, 2.0]];
    /// let fit = VarParams::new(1).fit(&y, &["a".into(), "b".into()]).unwrap();
    /// let th = fit.orth_irf(2);
    /// assert!((th[0][[0, 0]] - fit.sigma_u[[0, 0]].sqrt()).abs() < 1e-14);
    /// assert_eq!(th[0][[0, 1]], 0.0);
    /// ```
    pub fn orth_irf(&self, h: usize) -> Vec<Array2<f64>> {
        self.ma_rep(h)
            .iter()
            .map(|phi| phi.dot(&self.chol))
            .collect()
    }

    /// Forecast error covariances `Σ(1), ..., Σ(h)`,
    /// `Σ(s) = Σ_{i<s} Φ_i Σ_u Φ_iᵀ` (statsmodels `mse`).
    ///
    /// ```
    /// use colcrime::models::var::VarParams;
    /// let y = ndarray::array![[1.0, 2.0], [2.0, 1.0], [1.5, 3.0], [3.0, 2.5], [2.0, 2.0], [2.5, 3.5], [1.0, 2.0]];
    /// let fit = VarParams::new(1).fit(&y, &["a".into(), "b".into()]).unwrap();
    /// assert_eq!(fit.mse(1)[0], fit.sigma_u);
    /// ```
    pub fn mse(&self, h: usize) -> Vec<Array2<f64>> {
        let k = self.neqs();
        let mut out = Vec::with_capacity(h);
        let mut acc = Array2::<f64>::zeros((k, k));
        for phi in self.ma_rep(h.saturating_sub(1)).iter().take(h) {
            acc = acc + phi.dot(&self.sigma_u).dot(&phi.t());
            out.push(acc.clone());
        }
        out
    }

    /// Forecast error variance decomposition for steps `1..=h`, in
    /// statsmodels' `fevd(h).decomp` layout: `out[i][s][j]` is the share of
    /// variable `i`'s `(s+1)`-step forecast error variance due to orthogonal
    /// shock `j` (each `out[i][s]` sums to 1).
    ///
    /// ```
    /// use colcrime::models::var::VarParams;
    /// let y = ndarray::array![[1.0, 2.0], [2.0, 1.0], [1.5, 3.0], [3.0, 2.5], [2.0, 2.0], [2.5, 3.5], [1.0, 2.0]];
    /// let fit = VarParams::new(1).fit(&y, &["a".into(), "b".into()]).unwrap();
    /// let d = fit.fevd(3);
    /// assert_eq!(d[0][0], vec![1.0, 0.0]);
    /// assert!((d[1][2].iter().sum::<f64>() - 1.0).abs() < 1e-14);
    /// ```
    pub fn fevd(&self, h: usize) -> Vec<Vec<Vec<f64>>> {
        let k = self.neqs();
        let orth = self.orth_irf(h.saturating_sub(1));
        let mse = self.mse(h);
        let mut out = vec![vec![vec![0.0; k]; h]; k];
        let mut cum = Array2::<f64>::zeros((k, k));
        for (s, (th, sig)) in orth.iter().zip(&mse).enumerate() {
            cum = cum + th.mapv(|v| v * v);
            for (i, row) in out.iter_mut().enumerate() {
                for j in 0..k {
                    row[s][j] = cum[[i, j]] / sig[[i, i]];
                }
            }
        }
        out
    }
}

/// Kronecker product `a ⊗ b`.
fn kron(a: &Array2<f64>, b: &Array2<f64>) -> Array2<f64> {
    let (ar, ac) = a.dim();
    let (br, bc) = b.dim();
    Array2::from_shape_fn((ar * br, ac * bc), |(i, j)| {
        a[[i / br, j / bc]] * b[[i % br, j % bc]]
    })
}

/// Positions `(i, j)`, `i ≥ j`, in `vech` order (column by column).
fn vech_pairs(k: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(k * (k + 1) / 2);
    for j in 0..k {
        for i in j..k {
            out.push((i, j));
        }
    }
    out
}

/// `unvec`: a `K²` vector (column-major) as a `K × K` matrix of square roots
/// (negative rounding noise on a zero variance is read as zero).
fn unvec_sqrt(cov: &Array2<f64>, k: usize) -> Array2<f64> {
    Array2::from_shape_fn((k, k), |(r, c)| cov[[c * k + r, c * k + r]].max(0.0).sqrt())
}

impl VarFit {
    /// Asymptotic standard errors of the impulse responses `Φ_0..Φ_h`
    /// (`orth = false`) or of the orthogonalised responses `Θ_0..Θ_h`
    /// (`orth = true`), as statsmodels `irf(h).stderr(orth)`
    /// (Lütkepohl 2005, §3.7.1, eqs. 3.7.5 and 3.7.8):
    /// `Cov(vec Φ_i) = G_i Σ_α G_iᵀ` with
    /// `G_i = Σ_{m<i} J (𝐀ᵀ)^{i-1-m} ⊗ Φ_m`, `𝐀` the companion matrix and
    /// `Σ_α = (ZᵀZ)⁻¹_lags ⊗ Σ_u`; for `Θ_i` add
    /// `C̄_i Σ_σ C̄_iᵀ / n`, `C̄_i = (I ⊗ Φ_i) H`,
    /// `H = Lᵀ [L ((I ⊗ P) K + (P ⊗ I)) Lᵀ]⁻¹`, `Σ_σ = 2 D⁺ (Σ_u ⊗ Σ_u) D⁺ᵀ`,
    /// and use `C_i = (Pᵀ ⊗ I) G_i`.
    ///
    /// # Errors
    /// A singular derivative matrix `H` (not expected for positive-definite
    /// `Σ_u`).
    ///
    /// ```
    /// use colcrime::models::var::VarParams;
    /// let y = ndarray::array![[1.0, 2.0], [2.0, 1.0], [1.5, 3.0], [3.0, 2.5], [2.0, 2.0], [2.5, 3.5], [1.0, 2.0], [2.0, 1.5]];
    /// let fit = VarParams::new(1).fit(&y, &["a".into(), "b".into()]).unwrap();
    /// let se = fit.irf_stderr(2, false).unwrap();
    /// assert_eq!(se[0][[0, 0]], 0.0);
    /// // Φ_1 = A_1: its standard errors are those of the lag coefficients.
    /// assert!((se[1][[0, 1]] - fit.stderr[[2, 0]]).abs() < 1e-14);
    /// ```
    pub fn irf_stderr(&self, h: usize, orth: bool) -> Result<Vec<Array2<f64>>> {
        let k = self.neqs();
        let p = self.lags;
        let kp = k * p;
        let kt = self.trend.k_trend();
        let phis = self.ma_rep(h);
        let zz = self.zzinv.slice(ndarray::s![kt.., kt..]).to_owned();
        let cov_a = kron(&zz, &self.sigma_u);
        // Companion matrix and the first K rows of the powers of its transpose.
        let mut comp = Array2::<f64>::zeros((kp, kp));
        for j in 1..=p {
            let a = self.coefs(j);
            for e in 0..k {
                for v in 0..k {
                    comp[[e, (j - 1) * k + v]] = a[[e, v]];
                }
            }
        }
        for i in k..kp {
            comp[[i, i - k]] = 1.0;
        }
        let ct = comp.t().to_owned();
        let mut pows: Vec<Array2<f64>> = Vec::with_capacity(h);
        let mut cur = Array2::<f64>::eye(kp);
        for _ in 0..h {
            // J 𝐀ᵀ^i: the first K rows (none exist for a VAR(0)).
            pows.push(if kp == 0 {
                Array2::zeros((k, 0))
            } else {
                cur.slice(ndarray::s![..k, ..]).to_owned()
            });
            cur = cur.dot(&ct);
        }
        let g: Vec<Array2<f64>> = (1..=h)
            .map(|i| {
                let mut gi = Array2::<f64>::zeros((k * k, k * kp));
                for m in 0..i {
                    if let (Some(pw), Some(phi)) = (pows.get(i - 1 - m), phis.get(m)) {
                        gi = gi + kron(pw, phi);
                    }
                }
                gi
            })
            .collect();
        let mut covs: Vec<Array2<f64>> = Vec::with_capacity(h + 1);
        if !orth {
            covs.push(Array2::zeros((k * k, k * k)));
            for gi in &g {
                covs.push(gi.dot(&cov_a).dot(&gi.t()));
            }
            return Ok(covs.iter().map(|c| unvec_sqrt(c, k)).collect());
        }
        let ik = Array2::<f64>::eye(k);
        let pmat = &self.chol;
        let pairs = vech_pairs(k);
        let nv = pairs.len();
        // Elimination L (vech = L vec), commutation K, duplication pseudo-inverse D⁺.
        let mut l = Array2::<f64>::zeros((nv, k * k));
        let mut dplus = Array2::<f64>::zeros((nv, k * k));
        for (r, &(i, j)) in pairs.iter().enumerate() {
            l[[r, j * k + i]] = 1.0;
            if i == j {
                dplus[[r, j * k + i]] = 1.0;
            } else {
                dplus[[r, j * k + i]] = 0.5;
                dplus[[r, i * k + j]] = 0.5;
            }
        }
        let mut kkk = Array2::<f64>::zeros((k * k, k * k));
        for a in 0..k {
            for b in 0..k {
                kkk[[a * k + b, a + b * k]] = 1.0;
            }
        }
        let bmat = l
            .dot(&(kron(&ik, pmat).dot(&kkk) + kron(pmat, &ik)))
            .dot(&l.t());
        let hmat = l.t().dot(&inverse(&bmat).map_err(|_| {
            Error::singular(
                "the matrix of the orthogonalised impulse-response derivative is singular",
            )
        })?);
        let cov_sig = dplus
            .dot(&kron(&self.sigma_u, &self.sigma_u))
            .dot(&dplus.t())
            .mapv(|v| 2.0 * v);
        let pik = kron(&pmat.t().to_owned(), &ik);
        let n = self.nobs as f64;
        for (i, phi) in phis.iter().enumerate() {
            let mut c = match i.checked_sub(1).and_then(|j| g.get(j)) {
                Some(gi) => {
                    let ci = pik.dot(gi);
                    ci.dot(&cov_a).dot(&ci.t())
                }
                None => Array2::zeros((k * k, k * k)),
            };
            let cbar = kron(&ik, phi).dot(&hmat);
            c = c + cbar.dot(&cov_sig).dot(&cbar.t()).mapv(|v| v / n);
            covs.push(c);
        }
        Ok(covs.iter().map(|c| unvec_sqrt(c, k)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::super::VarParams;
    use super::*;

    fn data() -> Array2<f64> {
        Array2::from_shape_fn((30, 2), |(t, j)| {
            ((t * 7919 + j * 104729) % 1009) as f64 / 1009.0
        })
    }

    #[test]
    fn var0_has_flat_responses_and_mean_forecasts() {
        let y = data();
        let fit = VarParams::new(0)
            .fit(&y, &["a".into(), "b".into()])
            .unwrap();
        assert_eq!(fit.param_names, ["const"]);
        let irf = fit.irf(3);
        assert_eq!(irf[0], Array2::<f64>::eye(2));
        assert_eq!(irf[2], Array2::<f64>::zeros((2, 2)));
        let se = fit.irf_stderr(3, false).unwrap();
        assert_eq!(se[3], Array2::<f64>::zeros((2, 2)));
        assert!(fit.irf_stderr(3, true).unwrap()[0][[0, 0]] > 0.0);
        let f = fit.forecast(2, &[95.0]).unwrap();
        let mean = y.column(0).sum() / 30.0;
        assert!((f.mean[[1, 0]] - mean).abs() < 1e-12);
        assert!(fit.causality_pairs().unwrap().is_empty());
        assert_eq!(fit.fevd(0), vec![Vec::<Vec<f64>>::new(); 2]);
    }

    #[test]
    fn kron_and_inverse_by_hand() {
        let a = ndarray::array![[1.0, 2.0], [3.0, 4.0]];
        let k = kron(&a, &Array2::<f64>::eye(2));
        assert_eq!(k[[2, 0]], 3.0);
        assert_eq!(k[[3, 3]], 4.0);
        assert_eq!(k[[0, 1]], 0.0);
        let inv = inverse(&a).unwrap();
        let id = a.dot(&inv);
        assert!((id[[0, 0]] - 1.0).abs() < 1e-15 && id[[0, 1]].abs() < 1e-15);
        assert!(inverse(&ndarray::array![[1.0, 2.0], [2.0, 4.0]]).is_err());
    }
}
