//! Moving-average representation, impulse responses and forecast error
//! variance decompositions of a fitted VAR (see the module docs of
//! [`var`](super)).

use ndarray::Array2;

use super::VarFit;

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
