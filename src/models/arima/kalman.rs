//! The ARMA state space (Harvey's form), its stationary initial covariance,
//! the Kalman filter likelihood and the forecast recursions.
//!
//! State `α_t` of length `r = max(p, q + 1)`; `y_t = α_t[0]`;
//! `α_{t+1} = T α_t + R ε_{t+1}` with `T` the companion matrix (φ in the
//! first column, ones on the superdiagonal) and `R = (1, θ_1, …, θ_{r-1})'`.
//! Everything is per unit innovation variance (σ² is concentrated out or
//! multiplied in by the caller).
//!
//! The initial covariance `P_0 = T P_0 T' + R R'` is obtained in closed form
//! from the ARMA autocovariances (Brockwell & Davis 1991, §3.3) and the
//! cross-covariances `E[y_t ε_{t-j}] = ψ_j`: writing
//! `α_t[i] = Σ_{u=0}^{r-1-i} (φ_{u+i+1} y_{t-1-u} + θ_{u+i} ε_{t-u})`
//! every element is a finite sum.

/// Innovation variance σ² = 1 autocovariances γ(0..=nlags) and ψ weights
/// ψ_0..=ψ_{nlags} of an ARMA(p, q) with AR polynomial `1 - Σ φ_j B^j` and MA
/// polynomial `1 + Σ θ_j B^j`. `None` when the AR part is not stationary.
///
/// With `x_t = ε_t / φ(B)` the pure autoregression, `y_t = θ(B) x_t` and
/// `γ(h) = Σ_m c_m γ_x(h - m)` with `c_m = Σ_l θ_{l+m} θ_l` (θ_0 = 1);
/// `γ_x` comes from [`ar_acov`] in O(p²), where solving the (p + 1)-square
/// Yule–Walker-type system for γ directly costs O(p³) (p is 26 for a
/// seasonal AR(2)(2) at period 12).
pub(crate) fn arma_acov(phi: &[f64], theta: &[f64], nlags: usize) -> Option<(Vec<f64>, Vec<f64>)> {
    let p = phi.len();
    let q = theta.len();
    let th = |j: usize| ma_coef(theta, j);
    let nz: Vec<(usize, f64)> = phi
        .iter()
        .enumerate()
        .filter(|(_, v)| **v != 0.0)
        .map(|(i, v)| (i + 1, *v))
        .collect();
    let npsi = nlags.max(q) + 1;
    let mut psi = vec![0.0; npsi];
    for j in 0..npsi {
        let mut v = th(j);
        for &(i, f) in &nz {
            if i > j {
                break;
            }
            v += f * psi[j - i];
        }
        psi[j] = v;
    }
    let ng = nlags.max(p) + 1;
    let gx = ar_acov(phi, &nz, ng + q)?;
    let c: Vec<f64> = (0..=q)
        .map(|m| (0..=q - m).map(|l| th(l + m) * th(l)).sum())
        .collect();
    let gamma: Vec<f64> = (0..ng)
        .map(|h| {
            let mut v = c[0] * gx[h];
            for (m, cm) in c.iter().enumerate().skip(1) {
                v += cm * (gx[h.abs_diff(m)] + gx[h + m]);
            }
            v
        })
        .collect();
    if !(gamma[0] > 0.0 && gamma[0].is_finite()) {
        return None;
    }
    Some((gamma, psi))
}

/// `θ_j` of the MA polynomial `1 + Σ θ_j B^j` (`θ_0 = 1`, 0 past its end).
fn ma_coef(theta: &[f64], j: usize) -> f64 {
    match j {
        0 => 1.0,
        _ => theta.get(j - 1).copied().unwrap_or(0.0),
    }
}

/// Autocovariances `γ_x(0..n)` of the autoregression `φ(B) x_t = ε_t`
/// (unit innovation variance; `nz` the nonzero `(lag, φ_lag)`), or `None`
/// when it is not stationary.
///
/// The Durbin–Levinson recursion run backwards ("step-down") gives the
/// partial autocorrelations `κ_k` and the coefficients `φ^{(k)}` of every
/// order; running it forwards on the autocorrelations,
/// `ρ(k) = κ_k (1 - Σ_{j<k} φ^{(k-1)}_j ρ(j)) + Σ_{j<k} φ^{(k-1)}_j ρ(k - j)`,
/// and `γ_x(0) = 1 / Π (1 - κ_k²)` (Brockwell & Davis 1991, §5.2). Lags
/// past `p` follow `γ_x(h) = Σ φ_j γ_x(h - j)`.
fn ar_acov(phi: &[f64], nz: &[(usize, f64)], n: usize) -> Option<Vec<f64>> {
    let p = phi.len();
    let mut g = vec![0.0; n.max(p + 1)];
    // coef[k] holds φ^{(k)}_1..=φ^{(k)}_k (order k), from p down to 1.
    let mut coef: Vec<Vec<f64>> = vec![Vec::new(); p + 1];
    coef[p] = phi.to_vec();
    let mut kappa = vec![0.0; p + 1];
    let mut g0 = 1.0;
    for k in (1..=p).rev() {
        let a = &coef[k];
        let kk = a[k - 1];
        let den = 1.0 - kk * kk;
        if den.is_nan() || den <= 0.0 || !kk.is_finite() {
            return None;
        }
        kappa[k] = kk;
        g0 /= den;
        let prev: Vec<f64> = (1..k)
            .map(|j| (a[j - 1] + kk * a[k - j - 1]) / den)
            .collect();
        coef[k - 1] = prev;
    }
    let mut rho = vec![0.0; p + 1];
    rho[0] = 1.0;
    for k in 1..=p {
        let a = &coef[k - 1];
        let mut s1 = 0.0;
        let mut s2 = 0.0;
        for j in 1..k {
            s1 += a[j - 1] * rho[j];
            s2 += a[j - 1] * rho[k - j];
        }
        rho[k] = kappa[k] * (1.0 - s1) + s2;
    }
    for h in 0..=p {
        g[h] = g0 * rho[h];
    }
    for h in p + 1..g.len() {
        g[h] = nz.iter().map(|&(j, f)| f * g[h - j]).sum();
    }
    g.iter().all(|v| v.is_finite()).then_some(g)
}

/// The largest square of `w`'s elements (NaN if one is NaN, so that a
/// convergence test on it fails).
fn max_sq(w: &[f64]) -> f64 {
    let mut out = 0.0f64;
    for v in w {
        let sq = v * v;
        if sq > out || sq.is_nan() {
            out = sq;
        }
    }
    out
}

/// A workspace for the filter (no allocation inside the time loop).
#[derive(Debug, Clone)]
pub(crate) struct Filter {
    /// State dimension.
    pub r: usize,
    /// φ padded to length r.
    pub phi: Vec<f64>,
    /// R = (1, θ_1, ..., θ_{r-1}).
    pub rvec: Vec<f64>,
    /// Predicted state mean a_{t|t-1}.
    pub a: Vec<f64>,
    /// Predicted covariance (upper triangle maintained), row-major r x r.
    pub p: Vec<f64>,
    row0: Vec<f64>,
    /// Gain `K_t = T P_t e_1 / F_t` of the Chandrasekhar recursions.
    gain: Vec<f64>,
    /// `W_t` of `P_{t+1} - P_t = W_t M_t W_t'` (rank one here).
    wdir: Vec<f64>,
}

/// The output of one pass of the filter.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FilterSums {
    /// Σ v_t² / F_t.
    pub ssq: f64,
    /// Σ ln F_t.
    pub sumlog: f64,
    /// Observations used.
    pub nobs: usize,
}

impl Filter {
    /// Sets up the state space of the ARMA with full (expanded) polynomials.
    pub(crate) fn new(phi: &[f64], theta: &[f64]) -> Filter {
        let r = phi.len().max(theta.len() + 1).max(1);
        let mut ph = vec![0.0; r];
        ph[..phi.len()].copy_from_slice(phi);
        let mut rv = vec![0.0; r];
        rv[0] = 1.0;
        rv[1..=theta.len()].copy_from_slice(theta);
        Filter {
            r,
            phi: ph,
            rvec: rv,
            a: vec![0.0; r],
            p: vec![0.0; r * r],
            row0: vec![0.0; r + 1],
            gain: vec![0.0; r],
            wdir: vec![0.0; r + 1],
        }
    }

    /// Resets a to 0 and P to the stationary covariance; `false` if the AR
    /// part is not stationary.
    pub(crate) fn init(&mut self, phi: &[f64], theta: &[f64]) -> bool {
        if !self.init_first_row(phi, theta) {
            return false;
        }
        let r = self.r;
        let ph = &self.phi;
        let rv = &self.rvec;
        // Remaining rows from P = T P T' + R R' read element by element:
        // P[i][k] = P[i+1][k+1] + φ_i φ_k P[0][0] + φ_i P[0][k+1]
        //           + φ_k P[0][i+1] + R_i R_k (terms past the edge are 0),
        // filled from the last row up: O(r²) where the direct double sums
        // cost O(r⁴).
        let p00 = self.p[0];
        let row0 = |j: usize, p: &[f64]| if j < r { p[j] } else { 0.0 };
        for i in (1..r).rev() {
            for k in i..r {
                let inner = if k + 1 < r {
                    self.p[(i + 1) * r + k + 1]
                } else {
                    0.0
                };
                let v = inner
                    + ph[i] * ph[k] * p00
                    + ph[i] * row0(k + 1, &self.p)
                    + ph[k] * row0(i + 1, &self.p)
                    + rv[i] * rv[k];
                self.p[i * r + k] = v;
                self.p[k * r + i] = v;
            }
        }
        for k in 1..r {
            self.p[k * r] = self.p[k];
        }
        self.p.iter().all(|v| v.is_finite())
    }

    /// Resets a to 0 and sets the first row of the stationary covariance
    /// `P` (all [`Filter::run_chandrasekhar`] needs; the rest of `P` is
    /// left stale); `false` if the AR part is not stationary.
    pub(crate) fn init_first_row(&mut self, phi: &[f64], theta: &[f64]) -> bool {
        let r = self.r;
        if phi.len() > r || theta.len() + 1 > r {
            return false;
        }
        self.a.iter_mut().for_each(|v| *v = 0.0);
        self.phi.iter_mut().for_each(|v| *v = 0.0);
        self.phi[..phi.len()].copy_from_slice(phi);
        self.rvec.iter_mut().for_each(|v| *v = 0.0);
        self.rvec[0] = 1.0;
        self.rvec[1..=theta.len()].copy_from_slice(theta);
        let Some((gamma, psi)) = arma_acov(phi, theta, r + 1) else {
            return false;
        };
        // First row: P[0][k] = Cov(y_t, α_t[k])
        //   = Σ_{u=0}^{r-1-k} φ_{u+k+1} γ(u + 1) + θ_{u+k} ψ_u,
        // summed over the nonzero coefficients only (seasonal polynomials
        // are sparse): with j = u + k, φ_{j+1} γ(j - k + 1) + R_j ψ_{j-k}.
        // `gamma` and `psi` reach lag r + 1 (arma_acov's nlags).
        self.p[..r].iter_mut().for_each(|v| *v = 0.0);
        for (j, (&f, &t)) in self.phi.iter().zip(&self.rvec).enumerate() {
            if f != 0.0 {
                for k in 0..=j {
                    self.p[k] += f * gamma[j - k + 1];
                }
            }
            if t != 0.0 {
                for k in 0..=j {
                    self.p[k] += t * psi[j - k];
                }
            }
        }
        self.p[..r].iter().all(|v| v.is_finite())
    }

    /// The likelihood sums of a series without missing values by the
    /// Chandrasekhar recursions (Morf, Sidhu & Kailath 1974; Herbst 2015),
    /// from the state set by [`Filter::init`].
    ///
    /// With the stationary `P_1`, `P_2 - P_1 = -K_1 F_1 K_1'` has rank one,
    /// and so has every later difference `P_{t+1} - P_t = W_t M_t W_t'`;
    /// carrying the vector `W_t`, the scalar `M_t`, the gain `K_t` and
    /// `F_t` in place of `P_t` makes a step O(r) where the Riccati update
    /// of [`Filter::run_raw`] is O(r²):
    ///
    /// ```text
    /// F_{t+1} = F_t + M_t W_t[0]²
    /// K_{t+1} = (K_t F_t + (T W_t) M_t W_t[0]) / F_{t+1}
    /// M_{t+1} = M_t + M_t² W_t[0]² / F_t
    /// W_{t+1} = T W_t - K_{t+1} W_t[0]
    /// ```
    ///
    /// Once `M_t W_t W_t'` is below `1e-13 F_t` (as in `run_raw`; checked
    /// every 8 steps) the gain is held fixed. Leaves `a_{n+1|n}` in the
    /// workspace but not `P`:
    /// callers that need `P` run [`Filter::run_raw`].
    pub(crate) fn run_chandrasekhar(&mut self, e: &[f64]) -> FilterSums {
        let r = self.r;
        // Only the first row of P is read (P is symmetric).
        let mut f = self.p[0];
        for i in 0..r {
            let next = if i + 1 < r { self.p[i + 1] } else { 0.0 };
            self.gain[i] = (self.phi[i] * f + next) / f;
        }
        self.wdir[..r].copy_from_slice(&self.gain);
        self.wdir[r] = 0.0;
        // The state padded with a zero, so that the shift needs no branch.
        self.row0[..r].copy_from_slice(&self.a);
        self.row0[r] = 0.0;
        let mut m = -f;
        let mut ssq = 0.0;
        let mut sumlog = 0.0;
        // Σ ln F_t as the logarithm of running products (F_t >= 1 falls
        // towards 1), taken every 16 steps or before the product is large.
        let mut prod = 1.0;
        let phi = &self.phi[..r];
        let a = &mut self.row0[..=r];
        let gain = &mut self.gain[..r];
        let wdir = &mut self.wdir[..=r];
        let mut t = 0;
        while t < e.len() {
            let et = e[t];
            t += 1;
            let v = et - a[0];
            ssq += v * v / f;
            prod *= f;
            if t % 16 == 0 || prod > 1e150 {
                sumlog += prod.ln();
                prod = 1.0;
            }
            let a0 = a[0];
            let w0 = wdir[0];
            let mw0 = m * w0;
            let fnew = f + mw0 * w0;
            let inv = 1.0 / fnew;
            // One sweep: the state with the old gain, then the new gain
            // and W (each reads element i + 1 before it is overwritten).
            for i in 0..r {
                a[i] = phi[i] * a0 + a[i + 1] + gain[i] * v;
                let tw = phi[i] * w0 + wdir[i + 1];
                let g = (gain[i] * f + tw * mw0) * inv;
                gain[i] = g;
                wdir[i] = tw - g * w0;
            }
            m += mw0 * mw0 / f;
            f = fnew;
            // Convergence of the gain, checked every 8 steps (a separate
            // pass keeps the sweep free of a serial maximum).
            if t % 8 == 0 && (m * max_sq(wdir)).abs() < 1e-13 * f {
                // The gain has converged: the state recursion alone.
                let rest = &e[t..];
                sumlog += rest.len() as f64 * f.ln();
                for &et in rest {
                    let v = et - a[0];
                    ssq += v * v / f;
                    let a0 = a[0];
                    for i in 0..r {
                        a[i] = phi[i] * a0 + a[i + 1] + gain[i] * v;
                    }
                }
                break;
            }
        }
        sumlog += prod.ln();
        self.a.copy_from_slice(&a[..r]);
        FilterSums {
            ssq,
            sumlog,
            nobs: e.len(),
        }
    }

    /// Runs the filter over residuals `e` (NaN = missing) from the current
    /// state; leaves a_{n+1|n}, P_{n+1|n} in the workspace. With `innov`,
    /// stores the standardised innovations v_t / sqrt(F_t) (NaN if missing).
    /// With `raw`, also stores the raw one-step innovations
    /// `v_t = e_t - a_t[0]` (NaN if missing).
    pub(crate) fn run_raw(
        &mut self,
        e: &[f64],
        mut innov: Option<&mut Vec<f64>>,
        mut raw: Option<&mut Vec<f64>>,
    ) -> FilterSums {
        let r = self.r;
        let mut ssq = 0.0;
        let mut sumlog = 0.0;
        let mut nobs = 0usize;
        let mut steady = false;
        // Does any later observation miss? Then a steady state may not be used.
        let last_missing = e.iter().rposition(|v| !v.is_finite());
        for (t, &et) in e.iter().enumerate() {
            if !et.is_finite() {
                // Prediction only: a = T a, P = T P T' + R R'.
                let a0 = self.a[0];
                for i in 0..r {
                    let next = if i + 1 < r { self.a[i + 1] } else { 0.0 };
                    self.a[i] = self.phi[i] * a0 + next;
                }
                for k in 0..r {
                    self.row0[k] = self.p[k];
                }
                self.row0[r] = 0.0;
                let p00 = self.row0[0];
                for i in 0..r {
                    let fi = self.phi[i];
                    for j in i..r {
                        let fj = self.phi[j];
                        let inner = if i + 1 < r && j + 1 < r {
                            self.p[(i + 1) * r + j + 1]
                        } else {
                            0.0
                        };
                        let v = fi * fj * p00
                            + fi * self.row0[j + 1]
                            + fj * self.row0[i + 1]
                            + inner
                            + self.rvec[i] * self.rvec[j];
                        self.p[i * r + j] = v;
                    }
                }
                if let Some(iv) = innov.as_deref_mut() {
                    iv.push(f64::NAN);
                }
                if let Some(rv) = raw.as_deref_mut() {
                    rv.push(f64::NAN);
                }
                steady = false;
                continue;
            }
            let f = self.p[0];
            let v = et - self.a[0];
            ssq += v * v / f;
            sumlog += f.ln();
            nobs += 1;
            if let Some(iv) = innov.as_deref_mut() {
                iv.push(v / f.sqrt());
            }
            if let Some(rv) = raw.as_deref_mut() {
                rv.push(v);
            }
            let vf = v / f;
            if steady {
                for i in 0..r {
                    let next = if i + 1 < r {
                        self.a[i + 1] + self.row0[i + 1] * vf
                    } else {
                        0.0
                    };
                    self.a[i] = self.phi[i] * et + next;
                }
                continue;
            }
            for k in 0..r {
                self.row0[k] = self.p[k];
            }
            self.row0[r] = 0.0;
            for i in 0..r {
                let next = if i + 1 < r {
                    self.a[i + 1] + self.row0[i + 1] * vf
                } else {
                    0.0
                };
                self.a[i] = self.phi[i] * et + next;
            }
            // P_new[i][j] = P[i+1][j+1] - P[0][i+1] P[0][j+1] / F + R_i R_j.
            let mut change = 0.0f64;
            for i in 0..r {
                let ri = self.row0[i + 1] / f;
                for j in i..r {
                    let inner = if i + 1 < r && j + 1 < r {
                        self.p[(i + 1) * r + j + 1]
                    } else {
                        0.0
                    };
                    let nv = inner - ri * self.row0[j + 1] + self.rvec[i] * self.rvec[j];
                    change = change.max((nv - self.p[i * r + j]).abs());
                    self.p[i * r + j] = nv;
                }
            }
            if change < 1e-13 * f && last_missing.is_none_or(|lm| lm < t) {
                steady = true;
                // row0 must hold P's first row for the steady update.
                for k in 0..r {
                    self.row0[k] = self.p[k];
                }
                self.row0[r] = 0.0;
            }
        }
        // Symmetrise P for later use.
        for i in 0..r {
            for j in 0..i {
                self.p[i * r + j] = self.p[j * r + i];
            }
        }
        FilterSums { ssq, sumlog, nobs }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deterministic, irregular test series.
    fn series(n: usize) -> Vec<f64> {
        (0..n)
            .map(|t| ((t * 37 % 11) as f64 - 5.0) * 0.3 + (t as f64 * 0.7).sin())
            .collect()
    }

    /// The autocovariances by the (p + 1)-square linear system (the
    /// previous method), as the oracle for [`arma_acov`].
    fn acov_by_solve(phi: &[f64], theta: &[f64], nlags: usize) -> Vec<f64> {
        let p = phi.len();
        let q = theta.len();
        let th = |j: usize| ma_coef(theta, j);
        let npsi = nlags.max(q) + 1;
        let mut psi = vec![0.0; npsi];
        for j in 0..npsi {
            psi[j] = th(j) + (1..=p.min(j)).map(|i| phi[i - 1] * psi[j - i]).sum::<f64>();
        }
        let c = |h: usize| -> f64 { (h..=q).map(|j| th(j) * psi[j - h]).sum() };
        let m = p + 1;
        let mut a = vec![0.0; m * m];
        let mut b = vec![0.0; m];
        for h in 0..m {
            a[h * m + h] += 1.0;
            for j in 1..=p {
                a[h * m + h.abs_diff(j)] -= phi[j - 1];
            }
            b[h] = if h <= q { c(h) } else { 0.0 };
        }
        let sol = crate::stats::linalg::solve_dense(&mut a, &mut b, m).unwrap();
        let mut gamma = vec![0.0; nlags.max(p) + 1];
        gamma[..m].copy_from_slice(&sol[..m]);
        for h in m..gamma.len() {
            gamma[h] = (if h <= q { c(h) } else { 0.0 })
                + (1..=p).map(|j| phi[j - 1] * gamma[h - j]).sum::<f64>();
        }
        gamma
    }

    #[test]
    fn autocovariances_match_the_linear_system() {
        use crate::models::arima::likelihood::expand;
        let cases: Vec<(Vec<f64>, Vec<f64>)> = vec![
            (vec![0.6], vec![]),
            (vec![], vec![0.4, -0.2]),
            (vec![0.5, -0.3], vec![0.4]),
            (
                expand(&[0.5], &[0.7], 12, -1.0),
                expand(&[-0.3], &[-0.6], 12, 1.0),
            ),
            (
                expand(&[0.3, 0.2], &[0.4, -0.3], 12, -1.0),
                expand(&[0.2], &[-0.8], 12, 1.0),
            ),
            (
                expand(&[-0.9], &[0.95], 4, -1.0),
                expand(&[], &[-0.9], 4, 1.0),
            ),
            (expand(&[0.99], &[], 1, -1.0), vec![0.5]),
        ];
        for (phi, theta) in cases {
            let r = phi.len().max(theta.len() + 1);
            let (g, _) = arma_acov(&phi, &theta, r + 1).unwrap();
            let want = acov_by_solve(&phi, &theta, r + 1);
            assert_eq!(g.len(), want.len());
            for (a, b) in g.iter().zip(&want) {
                assert!(
                    (a - b).abs() < 1e-10 * want[0],
                    "{phi:?} {theta:?}: {g:?} vs {want:?}"
                );
            }
        }
        // Not stationary.
        assert!(arma_acov(&[1.0], &[], 3).is_none());
        assert!(arma_acov(&[0.5, 0.6], &[], 3).is_none());
    }

    fn both(phi: &[f64], theta: &[f64], e: &[f64]) -> (FilterSums, FilterSums, Vec<f64>, Vec<f64>) {
        let mut f = Filter::new(phi, theta);
        assert!(f.init(phi, theta));
        let full = f.run_raw(e, None, None);
        let a_full = f.a.clone();
        // A fresh workspace: the first row alone must be enough.
        let mut f = Filter::new(phi, theta);
        assert!(f.init_first_row(phi, theta));
        let fast = f.run_chandrasekhar(e);
        (full, fast, a_full, f.a.clone())
    }

    #[test]
    fn chandrasekhar_recursions_give_the_riccati_likelihood() {
        let e = series(180);
        // (1,0,1)(1,0,1)_12 expanded: r = 14; an MA(13) near the unit
        // circle (slow convergence of P); a pure AR; white noise (r = 1).
        let seasonal_phi = {
            let mut v = vec![0.0; 13];
            v[0] = 0.5;
            v[11] = -0.4;
            v[12] = 0.2;
            v
        };
        let seasonal_theta = {
            let mut v = vec![0.0; 13];
            v[0] = 0.3;
            v[11] = -0.95;
            v[12] = -0.285;
            v
        };
        let cases: [(&[f64], &[f64]); 4] = [
            (&seasonal_phi, &seasonal_theta),
            (&[], &seasonal_theta),
            (&[0.6, -0.3], &[]),
            (&[], &[]),
        ];
        for (phi, theta) in cases {
            let (full, fast, a_full, a_fast) = both(phi, theta, &e);
            assert_eq!(full.nobs, fast.nobs);
            assert!(
                (full.ssq - fast.ssq).abs() < 1e-9 * full.ssq,
                "{full:?} {fast:?}"
            );
            assert!((full.sumlog - fast.sumlog).abs() < 1e-9 * (1.0 + full.sumlog.abs()));
            for (x, y) in a_full.iter().zip(&a_fast) {
                assert!(
                    (x - y).abs() < 1e-9 * (1.0 + x.abs()),
                    "{a_full:?} {a_fast:?}"
                );
            }
        }
    }
}
