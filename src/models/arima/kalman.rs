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

use crate::stats::linalg::solve_dense;

/// Innovation variance σ² = 1 autocovariances γ(0..=nlags) and ψ weights
/// ψ_0..=ψ_{nlags} of an ARMA(p, q) with AR polynomial `1 - Σ φ_j B^j` and MA
/// polynomial `1 + Σ θ_j B^j`. `None` when the AR part is not stationary
/// (singular system or a negative variance).
pub(crate) fn arma_acov(phi: &[f64], theta: &[f64], nlags: usize) -> Option<(Vec<f64>, Vec<f64>)> {
    let p = phi.len();
    let q = theta.len();
    let th = |j: usize| -> f64 {
        if j == 0 {
            1.0
        } else if j <= q {
            theta[j - 1]
        } else {
            0.0
        }
    };
    let npsi = nlags.max(q) + 1;
    let mut psi = vec![0.0; npsi];
    for j in 0..npsi {
        let mut v = th(j);
        for i in 1..=p.min(j) {
            v += phi[i - 1] * psi[j - i];
        }
        psi[j] = v;
    }
    // c_h = Σ_{j=h}^{q} θ_j ψ_{j-h}
    let c = |h: usize| -> f64 { (h..=q).map(|j| th(j) * psi[j - h]).sum() };
    let mut gamma = vec![0.0; nlags.max(p) + 1];
    if p == 0 {
        for (h, g) in gamma.iter_mut().enumerate() {
            *g = if h <= q { c(h) } else { 0.0 };
        }
    } else {
        let m = p + 1;
        let mut a = vec![0.0; m * m];
        let mut b = vec![0.0; m];
        for h in 0..m {
            a[h * m + h] += 1.0;
            for j in 1..=p {
                let idx = h.abs_diff(j);
                a[h * m + idx] -= phi[j - 1];
            }
            b[h] = if h <= q { c(h) } else { 0.0 };
        }
        let sol = solve_dense(&mut a, &mut b, m)?;
        gamma[..m].copy_from_slice(&sol[..m]);
        for h in m..gamma.len() {
            let mut v = if h <= q { c(h) } else { 0.0 };
            for j in 1..=p {
                v += phi[j - 1] * gamma[h - j];
            }
            gamma[h] = v;
        }
    }
    if !(gamma[0] > 0.0 && gamma[0].is_finite()) {
        return None;
    }
    Some((gamma, psi))
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
        //   = Σ_{u=0}^{r-1-k} φ_{u+k+1} γ(u + 1) + θ_{u+k} ψ_u.
        let ph = &self.phi;
        let rv = &self.rvec;
        let psim = |m: usize| -> f64 { psi.get(m).copied().unwrap_or(0.0) };
        for k in 0..r {
            let mut v = 0.0;
            for u in 0..r - k {
                // φ_{u+k+1} is ph[u + k] (ph is 0-based).
                v += ph[u + k] * gamma.get(u + 1).copied().unwrap_or(0.0) + rv[u + k] * psim(u);
            }
            self.p[k] = v;
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
