//! The ETS estimation objective, minus the concentrated Gaussian
//! log-likelihood per observation, in one allocation-free pass, with its
//! exact gradient by reverse-mode differentiation of the smoothing
//! recursions.
//!
//! With one-step forecast `f_t` and error `e_t = y_t - f_t` (additive) or
//! `(y_t - f_t) / f_t` (multiplicative), the objective is
//!
//! ```text
//! J(z) = ½ (ln(2π SSE / n) + 1) + (1/n) Σ ln|f_t| [multiplicative error only],
//! SSE = Σ e_t²,
//! ```
//!
//! and its gradient `∇J = ½ ∇SSE / SSE + (1/n) Σ ∇f_t / f_t`. The
//! gradient runs the recursions (Hyndman et al. 2008, ch. 2) forward,
//! keeping the states of every step, then the adjoint recursions backward
//! (Griewank & Walther 2008, *Evaluating Derivatives*, ch. 3): about three
//! passes whatever the number `k` of free parameters, where carrying the
//! derivatives forward with the states costs about `k / 3` passes and
//! numerical central differences `2k`. The forward mode stays for the
//! Gauss-Newton diagonal `Σ_t (∂e_t/∂z_i)² / SSE`, which needs every
//! `∂e_t/∂z` (it scales the optimiser's first steps), and as the test's
//! check of the reverse mode. Both are specialised per model shape at
//! compile time.
//!
//! The free vector `z` is `alpha, beta*, gamma*, phi, l0, b0,
//! s_{-1}, ..., s_{-m+1}` (those the model has; `s_{-m}` is fixed at 0 or 1).
//!
//! Used as `Objective::new(shape, &ys)` then `obj.value(&z)` in line
//! searches and `obj.value_grad(&z, &mut g)` for the BFGS steps; the test
//! below checks the gradient against central differences and the forward
//! mode for every shape.

use std::cell::RefCell;

/// The shape of the model (which components, which kinds).
#[derive(Debug, Clone, Copy)]
pub(super) struct Shape {
    pub(super) has_t: bool,
    pub(super) has_s: bool,
    pub(super) damped: bool,
    pub(super) mul_s: bool,
    pub(super) mul_e: bool,
    /// Seasonal period (1 without a season).
    pub(super) m: usize,
}

impl Shape {
    /// Length of the free vector.
    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        1 + 2 * usize::from(self.has_t)
            + usize::from(self.has_s)
            + usize::from(self.damped)
            + 1
            + if self.has_s { self.m - 1 } else { 0 }
    }
}

/// Scratch buffers reused across evaluations.
#[derive(Debug, Default)]
struct Buffers {
    ring: Vec<f64>,
    dl: Vec<f64>,
    db: Vec<f64>,
    dlb: Vec<f64>,
    dlnew: Vec<f64>,
    dbnew: Vec<f64>,
    df: Vec<f64>,
    ds: Vec<f64>,
    dsse: Vec<f64>,
    dslog: Vec<f64>,
    /// Reverse mode: the level, trend, seasonal read and forecast of
    /// every step, and the seasonal adjoints.
    tape: Vec<[f64; 4]>,
    sbar: Vec<f64>,
}

/// Objective and gradient of one ETS model on one (scaled) series.
#[derive(Debug)]
pub(super) struct Objective<'a> {
    shape: Shape,
    y: &'a [f64],
    buf: RefCell<Buffers>,
}

/// Positions of the parameters in the free vector.
#[derive(Debug, Clone, Copy)]
struct Layout {
    ib: usize,
    ig: usize,
    iphi: usize,
    il: usize,
    ibb: usize,
    is: usize,
}

impl Shape {
    fn layout(&self) -> Layout {
        let mut i = 1;
        let mut next = |on: bool| {
            if on {
                i += 1;
                i - 1
            } else {
                usize::MAX
            }
        };
        let ib = next(self.has_t);
        let ig = next(self.has_s);
        let iphi = next(self.damped);
        let il = next(true);
        let ibb = next(self.has_t);
        let is = next(self.has_s);
        Layout {
            ib,
            ig,
            iphi,
            il,
            ibb,
            is,
        }
    }
}

/// One step of the smoothing recursions for a model shape (multiplicative
/// season, trend, season): from the level `l`, the slope `*b` and this
/// season's state `*s`, the one-step forecast and the new level; `*s` and
/// `*b` are updated in place. `(alpha, beta*, gamma*, phi)` as
/// [`Objective::start`] returns them.
#[inline(always)]
fn step<const MS: bool, const HT: bool, const HS: bool>(
    yt: f64,
    l: f64,
    b: &mut f64,
    s: &mut f64,
    (alpha, bs, gs, phi): (f64, f64, f64, f64),
) -> (f64, f64) {
    let sp = *s;
    let lb = l + phi * *b;
    let (f, lnew);
    if MS {
        f = lb * sp;
        lnew = alpha * (yt / sp) + (1.0 - alpha) * lb;
        *s = gs * (yt / lnew) + (1.0 - gs) * sp;
    } else {
        f = lb + sp;
        lnew = alpha * (yt - sp) + (1.0 - alpha) * lb;
        if HS {
            *s = gs * (yt - lnew) + (1.0 - gs) * sp;
        }
    }
    if HT {
        *b = bs * (lnew - l) + (1.0 - bs) * phi * *b;
    }
    (f, lnew)
}

/// Adds one step's error to the sum of squares (relative with a
/// multiplicative error, whose forecast also enters `Σ ln|f|`).
#[inline(always)]
fn accumulate<const ME: bool>(yt: f64, f: f64, sse: &mut f64, slog: &mut LogSum) {
    let e = if ME { (yt - f) / f } else { yt - f };
    *sse += e * e;
    if ME {
        slog.add(f);
    }
}

/// Σ ln|f| accumulated as a product, a logarithm taken only when the
/// product leaves [1e-150, 1e150] (the sum of logarithms, to rounding).
#[derive(Debug, Clone, Copy)]
struct LogSum {
    prod: f64,
    sum: f64,
}

impl LogSum {
    fn new() -> LogSum {
        LogSum {
            prod: 1.0,
            sum: 0.0,
        }
    }
    #[inline]
    fn add(&mut self, f: f64) {
        self.prod *= f.abs();
        if !(1e-150..=1e150).contains(&self.prod) {
            self.sum += self.prod.ln();
            self.prod = 1.0;
        }
    }
    fn total(&self) -> f64 {
        self.sum + self.prod.ln()
    }
}

impl<'a> Objective<'a> {
    /// The objective of `shape` on `y`.
    pub(super) fn new(shape: Shape, y: &'a [f64]) -> Objective<'a> {
        Objective {
            shape,
            y,
            buf: RefCell::new(Buffers::default()),
        }
    }

    /// Unpacks the smoothing parameters and fills the seasonal ring
    /// (`ring[0] = s_{-m}`, ..., `ring[m-1] = s_{-1}`).
    fn start(&self, z: &[f64], ring: &mut Vec<f64>) -> (f64, f64, f64, f64, f64, f64) {
        let sh = self.shape;
        let at = |i: usize| z.get(i).copied().unwrap_or(f64::NAN);
        let lay = sh.layout();
        let alpha = at(0);
        let bs = if sh.has_t { at(lay.ib) } else { 0.0 };
        let gs = if sh.has_s { at(lay.ig) } else { 0.0 };
        let phi = if sh.damped { at(lay.iphi) } else { 1.0 };
        let l0 = at(lay.il);
        let b0 = if sh.has_t { at(lay.ibb) } else { 0.0 };
        ring.clear();
        if sh.has_s {
            ring.resize(sh.m, 0.0);
            ring[0] = if sh.mul_s { 1.0 } else { 0.0 };
            for j in 0..sh.m - 1 {
                ring[sh.m - 1 - j] = at(lay.is + j);
            }
        } else {
            ring.push(0.0);
        }
        (alpha, bs, gs, phi, l0, b0)
    }

    fn finish(&self, sse: f64, slog: f64) -> f64 {
        let n = self.y.len() as f64;
        let llf = -n / 2.0 * ((2.0 * std::f64::consts::PI * sse / n).ln() + 1.0) - slog;
        if sse.is_finite() && llf.is_finite() {
            -llf / n
        } else {
            f64::INFINITY
        }
    }

    /// `J(z)`; infinite where a forecast is not finite (or zero with a
    /// multiplicative error).
    pub(super) fn value(&self, z: &[f64]) -> f64 {
        let sh = self.shape;
        match (sh.mul_s, sh.mul_e, sh.has_t, sh.has_s) {
            (true, true, true, _) => self.value_impl::<true, true, true, true>(z),
            (true, true, false, _) => self.value_impl::<true, true, false, true>(z),
            (true, false, true, _) => self.value_impl::<true, false, true, true>(z),
            (true, false, false, _) => self.value_impl::<true, false, false, true>(z),
            (false, true, true, true) => self.value_impl::<false, true, true, true>(z),
            (false, true, true, false) => self.value_impl::<false, true, true, false>(z),
            (false, true, false, true) => self.value_impl::<false, true, false, true>(z),
            (false, true, false, false) => self.value_impl::<false, true, false, false>(z),
            (false, false, true, true) => self.value_impl::<false, false, true, true>(z),
            (false, false, true, false) => self.value_impl::<false, false, true, false>(z),
            (false, false, false, true) => self.value_impl::<false, false, false, true>(z),
            (false, false, false, false) => self.value_impl::<false, false, false, false>(z),
        }
    }

    /// `J(z)` and its gradient in `g` (same length as `z`), by reverse mode.
    pub(super) fn value_grad(&self, z: &[f64], g: &mut [f64]) -> f64 {
        let sh = self.shape;
        match (sh.mul_s, sh.mul_e, sh.has_t, sh.has_s) {
            (true, true, true, _) => self.value_grad_impl::<true, true, true, true>(z, g),
            (true, true, false, _) => self.value_grad_impl::<true, true, false, true>(z, g),
            (true, false, true, _) => self.value_grad_impl::<true, false, true, true>(z, g),
            (true, false, false, _) => self.value_grad_impl::<true, false, false, true>(z, g),
            (false, true, true, true) => self.value_grad_impl::<false, true, true, true>(z, g),
            (false, true, true, false) => self.value_grad_impl::<false, true, true, false>(z, g),
            (false, true, false, true) => self.value_grad_impl::<false, true, false, true>(z, g),
            (false, true, false, false) => self.value_grad_impl::<false, true, false, false>(z, g),
            (false, false, true, true) => self.value_grad_impl::<false, false, true, true>(z, g),
            (false, false, true, false) => self.value_grad_impl::<false, false, true, false>(z, g),
            (false, false, false, true) => self.value_grad_impl::<false, false, false, true>(z, g),
            (false, false, false, false) => {
                self.value_grad_impl::<false, false, false, false>(z, g)
            }
        }
    }

    /// `J(z)` for one model shape (multiplicative season, multiplicative
    /// error, trend, season), the branches resolved at compile time.
    fn value_impl<const MS: bool, const ME: bool, const HT: bool, const HS: bool>(
        &self,
        z: &[f64],
    ) -> f64 {
        let mut guard = self.buf.borrow_mut();
        let ring = &mut guard.ring;
        let (alpha, bs, gs, phi, mut l, mut b) = self.start(z, ring);
        let m = ring.len();
        let mut pos = 0usize;
        let mut sse = 0.0;
        let mut slog = LogSum::new();
        for &yt in self.y {
            let (f, lnew) = step::<MS, HT, HS>(yt, l, &mut b, &mut ring[pos], (alpha, bs, gs, phi));
            l = lnew;
            pos += 1;
            if pos == m {
                pos = 0;
            }
            accumulate::<ME>(yt, f, &mut sse, &mut slog);
        }
        let slog = if ME { slog.total() } else { 0.0 };
        self.finish(sse, slog)
    }

    /// `J(z)` and its gradient for one model shape (as `value_impl`).
    fn value_grad_impl<const MS: bool, const ME: bool, const HT: bool, const HS: bool>(
        &self,
        z: &[f64],
        g: &mut [f64],
    ) -> f64 {
        let sh = self.shape;
        let lay = sh.layout();
        let mut guard = self.buf.borrow_mut();
        let Buffers {
            ring, tape, sbar, ..
        } = &mut *guard;
        let (alpha, bs, gs, phi, mut l, mut b) = self.start(z, ring);
        let m = ring.len();
        let n = self.y.len();
        // Forward: the states along the series, on a tape.
        tape.clear();
        tape.reserve(n);
        let mut pos = 0usize;
        let mut sse = 0.0;
        let mut slog = LogSum::new();
        for &yt in self.y {
            let (l0, b0, sp) = (l, b, ring[pos]);
            let (f, lnew) = step::<MS, HT, HS>(yt, l, &mut b, &mut ring[pos], (alpha, bs, gs, phi));
            tape.push([l0, b0, sp, f]);
            l = lnew;
            pos += 1;
            if pos == m {
                pos = 0;
            }
            accumulate::<ME>(yt, f, &mut sse, &mut slog);
        }
        let slog = if ME { slog.total() } else { 0.0 };
        let v = self.finish(sse, slog);
        // Backward: adjoints of the states (Griewank & Walther 2008, ch. 3),
        // `lbar`, `bbar` of the level and trend after step t, `sbar` of the
        // seasonal ring.
        let (wsse, wlog) = (0.5 / sse, 1.0 / n as f64);
        let (mut abar, mut bsbar, mut gsbar, mut phibar) = (0.0, 0.0, 0.0, 0.0);
        let (mut lbar, mut bbar) = (0.0, 0.0);
        sbar.clear();
        sbar.resize(m, 0.0);
        let mut lnew = l;
        let mut pos = n.saturating_sub(1) % m;
        for t in (0..n).rev() {
            let yt = self.y[t];
            let [l, b, sp, f] = tape[t];
            let fbar = if ME {
                let inv = 1.0 / f;
                let e = (yt - f) * inv;
                (-2.0 * e * yt * inv * inv) * wsse + wlog * inv
            } else {
                -2.0 * (yt - f) * wsse
            };
            let lb = l + phi * b;
            let mut lnewbar = lbar;
            let mut lold = 0.0;
            let mut bold = 0.0;
            if HT {
                lnewbar += bs * bbar;
                lold -= bs * bbar;
                bold += (1.0 - bs) * phi * bbar;
                bsbar += (lnew - l - phi * b) * bbar;
                phibar += (1.0 - bs) * b * bbar;
            }
            let snewbar = sbar[pos];
            let mut spbar = 0.0;
            let mut lbbar;
            if MS {
                let (yl, ys) = (yt / lnew, yt / sp);
                lnewbar -= gs * yl / lnew * snewbar;
                spbar += (1.0 - gs) * snewbar;
                gsbar += (yl - sp) * snewbar;
                spbar -= alpha * ys / sp * lnewbar;
                lbbar = (1.0 - alpha) * lnewbar;
                abar += (ys - lb) * lnewbar;
                lbbar += sp * fbar;
                spbar += lb * fbar;
            } else {
                if HS {
                    lnewbar -= gs * snewbar;
                    spbar += (1.0 - gs) * snewbar;
                    gsbar += (yt - lnew - sp) * snewbar;
                }
                spbar -= alpha * lnewbar;
                lbbar = (1.0 - alpha) * lnewbar;
                abar += (yt - sp - lb) * lnewbar;
                lbbar += fbar;
                spbar += fbar;
            }
            lold += lbbar;
            bold += phi * lbbar;
            phibar += b * lbbar;
            lbar = lold;
            bbar = bold;
            sbar[pos] = spbar;
            lnew = l;
            pos = if pos == 0 { m - 1 } else { pos - 1 };
        }
        let mut put = |i: usize, v: f64| {
            if let Some(gi) = g.get_mut(i) {
                *gi = if v.is_finite() { v } else { 0.0 };
            }
        };
        put(0, abar);
        if HT {
            put(lay.ib, bsbar);
            put(lay.ibb, bbar);
        }
        if HS {
            put(lay.ig, gsbar);
            for j in 0..m - 1 {
                put(lay.is + j, sbar[m - 1 - j]);
            }
        }
        if sh.damped {
            put(lay.iphi, phibar);
        }
        put(lay.il, lbar);
        v
    }

    /// `J(z)` and its gradient by forward-mode differentiation (the test's
    /// check of the reverse mode).
    #[cfg(test)]
    fn value_grad_forward(&self, z: &[f64], g: &mut [f64]) -> f64 {
        self.value_grad_diag(z, g, None)
    }

    /// The diagonal of the Gauss-Newton approximation of the Hessian of `J`
    /// at `z`, `Σ_t (∂e_t/∂z_i)² / SSE`, a measure of each coordinate's
    /// scale (the inverse starts the quasi-Newton iteration).
    pub(super) fn gauss_newton_diag(&self, z: &[f64]) -> Vec<f64> {
        let mut g = vec![0.0; z.len()];
        let mut d = vec![0.0; z.len()];
        self.value_grad_diag(z, &mut g, Some(&mut d));
        d
    }

    /// `value_grad`, also accumulating the Gauss-Newton diagonal when asked.
    fn value_grad_diag(&self, z: &[f64], g: &mut [f64], mut diag: Option<&mut [f64]>) -> f64 {
        let sh = self.shape;
        let k = z.len();
        let lay = sh.layout();
        let mut guard = self.buf.borrow_mut();
        let Buffers {
            ring,
            dl,
            db,
            dlb,
            dlnew,
            dbnew,
            df,
            ds,
            dsse,
            dslog,
            ..
        } = &mut *guard;
        let (alpha, bs, gs, phi, mut l, mut b) = self.start(z, ring);
        let m = ring.len();
        for v in [
            &mut *dl,
            &mut *db,
            &mut *dlb,
            &mut *dlnew,
            &mut *dbnew,
            &mut *df,
            &mut *dsse,
            &mut *dslog,
        ] {
            v.clear();
            v.resize(k, 0.0);
        }
        ds.clear();
        ds.resize(m * k, 0.0);
        dl[lay.il] = 1.0;
        if sh.has_t {
            db[lay.ibb] = 1.0;
        }
        if sh.has_s {
            for j in 0..m - 1 {
                ds[(m - 1 - j) * k + lay.is + j] = 1.0;
            }
        }
        let mut pos = 0usize;
        let mut sse = 0.0;
        let mut slog = LogSum::new();
        for &yt in self.y {
            let sp = ring[pos];
            let lb = l + phi * b;
            let dsp = &mut ds[pos * k..(pos + 1) * k];
            let (dl_, db_, dlb_, dlnew_, df_) = (
                &dl[..k],
                &db[..k],
                &mut dlb[..k],
                &mut dlnew[..k],
                &mut df[..k],
            );
            for i in 0..k {
                dlb_[i] = dl_[i] + phi * db_[i];
            }
            if sh.damped {
                dlb_[lay.iphi] += b;
            }
            let (f, lnew);
            if sh.mul_s {
                f = lb * sp;
                lnew = alpha * (yt / sp) + (1.0 - alpha) * lb;
                let snew = gs * (yt / lnew) + (1.0 - gs) * sp;
                let cs = -alpha * yt / (sp * sp);
                for i in 0..k {
                    df_[i] = dlb_[i] * sp + lb * dsp[i];
                    dlnew_[i] = cs * dsp[i] + (1.0 - alpha) * dlb_[i];
                }
                dlnew_[0] += yt / sp - lb;
                let cl = -gs * yt / (lnew * lnew);
                for i in 0..k {
                    dsp[i] = cl * dlnew_[i] + (1.0 - gs) * dsp[i];
                }
                dsp[lay.ig] += yt / lnew - sp;
                ring[pos] = snew;
            } else {
                f = lb + sp;
                lnew = alpha * (yt - sp) + (1.0 - alpha) * lb;
                for i in 0..k {
                    df_[i] = dlb_[i] + dsp[i];
                    dlnew_[i] = -alpha * dsp[i] + (1.0 - alpha) * dlb_[i];
                }
                dlnew_[0] += (yt - sp) - lb;
                if sh.has_s {
                    let snew = gs * (yt - lnew) + (1.0 - gs) * sp;
                    for i in 0..k {
                        dsp[i] = -gs * dlnew_[i] + (1.0 - gs) * dsp[i];
                    }
                    dsp[lay.ig] += (yt - lnew) - sp;
                    ring[pos] = snew;
                }
            }
            if sh.has_t {
                let bnew = bs * (lnew - l) + (1.0 - bs) * phi * b;
                let dbnew_ = &mut dbnew[..k];
                for i in 0..k {
                    dbnew_[i] = bs * (dlnew_[i] - dl_[i]) + (1.0 - bs) * phi * db_[i];
                }
                dbnew_[lay.ib] += (lnew - l) - phi * b;
                if sh.damped {
                    dbnew_[lay.iphi] += (1.0 - bs) * b;
                }
                b = bnew;
                std::mem::swap(db, dbnew);
            }
            l = lnew;
            std::mem::swap(dl, dlnew);
            pos += 1;
            if pos == m {
                pos = 0;
            }
            let df_ = &df[..k];
            if sh.mul_e {
                let e = (yt - f) / f;
                sse += e * e;
                slog.add(f);
                let c2 = 2.0 * e * (-yt / (f * f));
                let inv = 1.0 / f;
                let (dsse_, dslog_) = (&mut dsse[..k], &mut dslog[..k]);
                for i in 0..k {
                    dsse_[i] += c2 * df_[i];
                    dslog_[i] += inv * df_[i];
                }
                if let Some(d) = diag.as_deref_mut() {
                    let c = yt / (f * f);
                    for (di, dfi) in d.iter_mut().zip(df_) {
                        *di += (c * dfi).powi(2);
                    }
                }
            } else {
                let e = yt - f;
                sse += e * e;
                let c2 = -2.0 * e;
                let dsse_ = &mut dsse[..k];
                for i in 0..k {
                    dsse_[i] += c2 * df_[i];
                }
                if let Some(d) = diag.as_deref_mut() {
                    for (di, dfi) in d.iter_mut().zip(df_) {
                        *di += dfi * dfi;
                    }
                }
            }
        }
        let slog = if sh.mul_e { slog.total() } else { 0.0 };
        let n = self.y.len() as f64;
        let v = self.finish(sse, slog);
        for i in 0..k.min(g.len()) {
            let gi = 0.5 * dsse[i] / sse + dslog[i] / n;
            g[i] = if gi.is_finite() { gi } else { 0.0 };
        }
        if let Some(d) = diag {
            for di in d.iter_mut() {
                *di /= sse;
            }
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series() -> Vec<f64> {
        (0..60)
            .map(|t| {
                let s = [1.1, 0.9, 1.2, 0.8][t % 4];
                (10.0 + 0.2 * t as f64 + (t as f64 * 1.7).sin()) * s
            })
            .collect()
    }

    /// The analytic gradient agrees with central differences for every
    /// model shape.
    #[test]
    fn gradient_matches_differences() {
        let y = series();
        for has_t in [false, true] {
            for damped in [false, true] {
                if damped && !has_t {
                    continue;
                }
                for (has_s, mul_s) in [(false, false), (true, false), (true, true)] {
                    for mul_e in [false, true] {
                        let sh = Shape {
                            has_t,
                            has_s,
                            damped,
                            mul_s,
                            mul_e,
                            m: if has_s { 4 } else { 1 },
                        };
                        let obj = Objective::new(sh, &y);
                        let mut z = vec![0.3];
                        if has_t {
                            z.push(0.2);
                        }
                        if has_s {
                            z.push(0.15);
                        }
                        if damped {
                            z.push(0.9);
                        }
                        z.push(10.0);
                        if has_t {
                            z.push(0.2);
                        }
                        if has_s {
                            z.extend(if mul_s {
                                [0.8, 1.2, 0.9]
                            } else {
                                [-1.5, 2.0, -1.0]
                            });
                        }
                        assert_eq!(z.len(), sh.len());
                        let mut g = vec![0.0; z.len()];
                        let v = obj.value_grad(&z, &mut g);
                        assert!((v - obj.value(&z)).abs() < 1e-13, "{sh:?}");
                        let mut gf = vec![0.0; z.len()];
                        obj.value_grad_forward(&z, &mut gf);
                        for i in 0..z.len() {
                            assert!(
                                (g[i] - gf[i]).abs() < 1e-10 * (1.0 + gf[i].abs()),
                                "{sh:?} i={i}: reverse {} forward {}",
                                g[i],
                                gf[i]
                            );
                        }
                        for i in 0..z.len() {
                            let h = 1e-6 * z[i].abs().max(1e-2);
                            let mut zp = z.clone();
                            zp[i] += h;
                            let mut zm = z.clone();
                            zm[i] -= h;
                            let num = (obj.value(&zp) - obj.value(&zm)) / (2.0 * h);
                            assert!(
                                (g[i] - num).abs() < 1e-6 * (1.0 + num.abs()),
                                "{sh:?} i={i}: {} vs {num}",
                                g[i]
                            );
                        }
                    }
                }
            }
        }
    }
}
