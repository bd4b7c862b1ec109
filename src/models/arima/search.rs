//! The order search of auto-ARIMA: the stepwise moves of Hyndman &
//! Khandakar (2008) over `(p, q, P, Q, constant)`, an approximate stage
//! ranked by conditional sums of squares, and the exact stage that decides.
//!
//! **Approximate stage** ([`Approximation`]; by default where R's
//! `auto.arima` approximates: more than 150 observations or a period above
//! 12). A first-improvement stepwise pass (forecast 8.x) ranks candidates by
//! the CSS information criterion of R forecast,
//!
//! ```text
//! AICc ≈ offset + n* log σ²_CSS + 2k + 2k(k + 1) / (n* - k - 1),
//! ```
//!
//! where `offset = -2 log L - n* log σ²` of the exact fit of
//! `(1, d, 0)(0, D, 0)` puts the values on the scale of the exact AICc
//! (the offset is common to every candidate, so it does not change their
//! order). Its winner, the model R's default returns, is then fitted by
//! exact maximum likelihood; when that fails the next-ranked candidate is
//! tried, as R does.
//!
//! **Exact stage**, run in every case. Candidates are fitted by exact
//! maximum likelihood and ranked by their AICc; the first-improvement
//! stepwise pass of forecast 8.x runs from the usual starting models, then
//! a second pass from the same starts moves to the best of the whole
//! neighbourhood (the paper's rule), which explores a second path.
//!
//! - *After an approximate stage* (the fast exact stage): each candidate
//!   is fitted from its CSS estimates (R's "CSS-ML"; the partial
//!   autocorrelations when the CSS fit fails or BFGS does not converge from
//!   it), to a gradient tolerance of `SEARCH_GTOL` (1e-4, which moves an
//!   AICc by about 1e-6) with forward-difference gradients. The CSS fits
//!   of the approximate stage use the same tolerance.
//! - *Without one*: each candidate gets every start of a full fit (see
//!   [`super::fit_sarima_series`]: partial autocorrelations,
//!   Hannan–Rissanen, statsmodels' CSS regressions, the mirror across a
//!   cancelling ARMA ridge) at the full tolerance.
//!
//! The fits are shared: the approximate stage's refit reuses the exact
//! stage's fit of the same model.
//!
//! **The choice.** After the fast exact stage the `FINALISTS` (3) models
//! with the lowest exact AICc are refitted at the full tolerance from every
//! start (the further starts climb loosely first and are polished only in
//! a new basin near the best) and from their search estimates, the better
//! optimum of each kept. The lowest exact AICc wins (a finalist whose
//! information matrix is singular only when all are). The result is
//! therefore never worse than the exact stage's stepwise search, and never
//! worse than the approximate search's model refitted exactly. The
//! covariance is computed for the chosen model only (and for the next
//! finalist when its information matrix is singular).
//!
//! **What the fast path gives up.** The fast exact stage fits each model
//! from one start at a looser tolerance; the thorough one
//! (`Approximation::Never`) uses every start. On the 200 simulated series
//! of `bench/auto_batch` the fast result's AICc is no worse than R's
//! default `auto.arima` (within 0.02) on 198 of 200 series (on the other
//! two, R's choice has a seasonal MA root inside the 1.01 circle once its
//! likelihood is fully maximised, which the root rule rejects) and lower
//! on average by 3.6; it is no worse than the thorough search's on 195 of
//! 200 series (above it by up to 2.5 on the other five, where the thorough
//! search's extra starts lead it down another path), at a quarter of its
//! cost.

use std::collections::{HashMap, HashSet};

use ndarray::Array2;

use super::auto::{AutoArimaParams, ModelTried};
use super::css::fit_css;
use super::fit::{Control, fit_controlled, fit_inner};
use super::{SarimaFit, SarimaParams};

/// Whether auto-ARIMA runs the approximate (CSS) stage before the exact
/// one.
///
/// ```
/// use colcrime::models::arima::search::Approximation;
/// assert!(Approximation::Auto.applies(151, 12));
/// assert!(!Approximation::Auto.applies(150, 12));
/// assert!(Approximation::Auto.applies(60, 52));
/// assert!(!Approximation::Never.applies(500, 12));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Approximation {
    /// R's rule: more than 150 observations or a period above 12.
    #[default]
    Auto,
    /// Always.
    Always,
    /// Never: the exact search alone.
    Never,
}

impl Approximation {
    /// Whether the approximate stage runs for a series of `n` observations
    /// with period `m`.
    ///
    /// ```
    /// use colcrime::models::arima::search::Approximation;
    /// assert!(Approximation::Always.applies(20, 1));
    /// ```
    pub fn applies(self, n: usize, m: usize) -> bool {
        match self {
            Approximation::Auto => n > 150 || m > 12,
            Approximation::Always => true,
            Approximation::Never => false,
        }
    }

    /// Parses `auto`, `true` or `false`.
    ///
    /// # Errors
    /// Any other word.
    ///
    /// ```
    /// use colcrime::models::arima::search::Approximation;
    /// assert_eq!(Approximation::parse("false").unwrap(), Approximation::Never);
    /// assert!(Approximation::parse("sometimes").is_err());
    /// ```
    pub fn parse(s: &str) -> crate::error::Result<Approximation> {
        match s.trim() {
            "auto" => Ok(Approximation::Auto),
            "true" => Ok(Approximation::Always),
            "false" => Ok(Approximation::Never),
            other => Err(crate::error::Error::usage(format!(
                "approximation = {other:?}: expected auto, true or false"
            ))),
        }
    }
}

/// Smallest modulus of the roots of `1 + Σ c_i z^i` (Durand–Kerner);
/// ∞ for a constant polynomial.
fn min_root_modulus(c: &[f64]) -> f64 {
    let deg = c.iter().rposition(|v| *v != 0.0).map_or(0, |i| i + 1);
    if deg == 0 {
        return f64::INFINITY;
    }
    // Monic polynomial z^deg + a_{deg-1} z^{deg-1} + ... + a_0 with
    // a_k = coef of z^k / c_deg.
    let lead = c[deg - 1];
    let coef = |k: usize| -> f64 { if k == 0 { 1.0 / lead } else { c[k - 1] / lead } };
    let eval = |z: (f64, f64)| -> (f64, f64) {
        let mut acc = (1.0, 0.0);
        for k in (0..deg).rev() {
            acc = (
                acc.0 * z.0 - acc.1 * z.1 + coef(k),
                acc.0 * z.1 + acc.1 * z.0,
            );
        }
        acc
    };
    let mut roots: Vec<(f64, f64)> = (0..deg)
        .map(|k| {
            let ang = 0.4 + 2.0 * std::f64::consts::PI * k as f64 / deg as f64;
            let r = 1.0 + coef(0).abs().powf(1.0 / deg as f64);
            (r * ang.cos(), r * ang.sin())
        })
        .collect();
    for _ in 0..500 {
        let mut change = 0.0f64;
        for i in 0..deg {
            let zi = roots[i];
            let num = eval(zi);
            let mut den = (1.0, 0.0);
            for (j, zj) in roots.iter().enumerate() {
                if j != i {
                    let d = (zi.0 - zj.0, zi.1 - zj.1);
                    den = (den.0 * d.0 - den.1 * d.1, den.0 * d.1 + den.1 * d.0);
                }
            }
            let dd = den.0 * den.0 + den.1 * den.1;
            if dd == 0.0 || !dd.is_finite() {
                continue;
            }
            let q = (
                (num.0 * den.0 + num.1 * den.1) / dd,
                (num.1 * den.0 - num.0 * den.1) / dd,
            );
            roots[i] = (zi.0 - q.0, zi.1 - q.1);
            change = change.max(q.0.hypot(q.1));
        }
        if change < 1e-14 {
            break;
        }
    }
    roots
        .iter()
        .map(|z| z.0.hypot(z.1))
        .fold(f64::INFINITY, f64::min)
}

/// Whether every AR and MA root of the coefficients `v`
/// (`[ar p][ma q][sar P][sma Q]`) lies outside the circle of radius 1.01
/// (factors checked separately; a seasonal factor in `B^m` has roots of
/// modulus `|ρ|^(1/m)`).
fn roots_ok(v: &[f64], (p, q, sp, sq, m): (usize, usize, usize, usize, usize)) -> bool {
    let ar: Vec<f64> = v[..p].iter().map(|x| -x).collect();
    let ma = v[p..p + q].to_vec();
    let sar: Vec<f64> = v[p + q..p + q + sp].iter().map(|x| -x).collect();
    let sma = v[p + q + sp..p + q + sp + sq].to_vec();
    let lim = 1.01;
    let mf = m.max(1) as f64;
    min_root_modulus(&ar) >= lim
        && min_root_modulus(&ma) >= lim
        && min_root_modulus(&sar).powf(1.0 / mf) >= lim
        && min_root_modulus(&sma).powf(1.0 / mf) >= lim
}

/// [`roots_ok`] of a fitted model.
fn fit_roots_ok(fit: &SarimaFit) -> bool {
    let (p, _, q) = fit.spec.order;
    let (sp, _, sq, m) = fit.spec.seasonal_order;
    let k = fit.param_names.len() - 1 - (p + q + sp + sq);
    roots_ok(&fit.params[k..], (p, q, sp, sq, m))
}

/// The BFGS gradient tolerance of the search's fits: 100 times looser
/// than a final fit's, which moves an AICc by about 1e-6; the chosen
/// candidates are refitted at the full tolerance.
const SEARCH_GTOL: f64 = 1e-4;

/// (p, q, P, Q, constant).
type Key = (usize, usize, usize, usize, bool);

/// Largest (p, q, P, Q) searched.
type Bounds = (usize, usize, usize, usize);

/// What the search needs to know.
pub(super) struct Setup<'a> {
    pub(super) y: &'a [f64],
    pub(super) exog: Option<&'a Array2<f64>>,
    pub(super) opts: &'a AutoArimaParams,
    pub(super) d: usize,
    pub(super) sd: usize,
    /// Seasonal period (1 = none).
    pub(super) m: usize,
    /// Observed values.
    pub(super) n: usize,
    /// Whether a constant may be included.
    pub(super) constant: bool,
}

/// What the search found.
pub(super) struct Outcome {
    /// The chosen model, with its covariance.
    pub(super) best: Option<SarimaFit>,
    /// Every model fitted, in order (approximate ones marked).
    pub(super) tried: Vec<ModelTried>,
}

/// A CSS fit of the approximate stage and its approximate AICc.
struct Approx {
    params: Vec<f64>,
    aicc: f64,
}

struct Search<'a> {
    setup: &'a Setup<'a>,
    /// The approximate stage is running.
    approximate: bool,
    /// The exact stage is the fast one (the approximate stage ran).
    fast: bool,
    /// The offset of the approximate criterion.
    offset: f64,
    exact: HashMap<Key, f64>,
    approx: HashMap<Key, Approx>,
    tried: Vec<ModelTried>,
    /// The exact fit of each model that could be fitted.
    fits: HashMap<Key, SarimaFit>,
}

impl Search<'_> {
    fn spec(&self, key: Key) -> SarimaParams {
        let (p, q, sp, sq, c) = key;
        let st = self.setup;
        let s = if st.m > 1 { st.m } else { 0 };
        SarimaParams::new((p, st.d, q))
            .seasonal((sp, st.sd, sq, s))
            .drift(c)
            .exog_names(st.opts.exog_names.clone())
    }

    fn record(&mut self, key: Key, aicc: f64, approximate: bool) {
        let (p, q, sp, sq, c) = key;
        let st = self.setup;
        self.tried.push(ModelTried {
            order: (p, st.d, q),
            seasonal_order: (sp, st.sd, sq, if st.m > 1 { st.m } else { 0 }),
            drift: c,
            aicc,
            approximate,
        });
    }

    /// Lowers the recorded exact AICc of a model refitted to a better
    /// optimum.
    fn improve_record(&mut self, key: Key, aicc: f64) {
        let (p, q, sp, sq, c) = key;
        let entry = self.tried.iter_mut().rev().find(|t| {
            !t.approximate
                && (
                    t.order.0,
                    t.order.2,
                    t.seasonal_order.0,
                    t.seasonal_order.2,
                    t.drift,
                ) == (p, q, sp, sq, c)
        });
        if let Some(t) = entry {
            t.aicc = aicc;
        }
        self.exact.insert(key, aicc);
    }

    /// The criterion of the running stage.
    fn eval(&mut self, key: Key) -> f64 {
        if self.approximate {
            self.eval_approx(key)
        } else {
            self.eval_exact(key)
        }
    }

    /// The approximate AICc of a model, from its CSS fit.
    fn eval_approx(&mut self, key: Key) -> f64 {
        if let Some(a) = self.approx.get(&key) {
            return a.aicc;
        }
        let spec = self.spec(key);
        let (p, q, sp, sq, _) = key;
        let fit = fit_css(self.setup.y, self.setup.exog, &spec, SEARCH_GTOL);
        let (aicc, params) = match fit {
            Some(f) => {
                let kx = f.params.len() - (p + q + sp + sq);
                let ok = roots_ok(&f.params[kx..], (p, q, sp, sq, self.setup.m));
                let k = f.params.len() + 1;
                let (kf, nf) = (k as f64, f.nstar as f64);
                let a = if ok && nf - kf - 1.0 > 0.0 && f.sigma2 > 0.0 {
                    self.offset
                        + nf * f.sigma2.ln()
                        + 2.0 * kf
                        + 2.0 * kf * (kf + 1.0) / (nf - kf - 1.0)
                } else {
                    f64::INFINITY
                };
                (a, f.params)
            }
            None => (f64::INFINITY, Vec::new()),
        };
        self.approx.insert(key, Approx { params, aicc });
        self.record(key, aicc, true);
        aicc
    }

    /// Keeps `fit` as the model's exact fit unless a better optimum is
    /// known.
    fn consider(&mut self, key: Key, fit: SarimaFit) {
        if self.fits.get(&key).is_none_or(|b| fit.aicc < b.aicc) {
            self.fits.insert(key, fit);
        }
    }

    /// An exact fit (no covariance: the chosen model's is computed at the
    /// end), `None` when it fails or is rejected.
    fn exact_fit(&self, spec: &SarimaParams) -> Option<SarimaFit> {
        // The fast exact stage: one start, a looser tolerance.
        let control = if self.fast {
            Control {
                with_cov: false,
                gtol: SEARCH_GTOL,
                more_starts: false,
                forward: true,
                quick_starts: false,
            }
        } else {
            Control {
                with_cov: false,
                ..Control::default()
            }
        };
        match fit_controlled(self.setup.y, self.setup.exog, spec, &control) {
            Ok(f) if f.aicc.is_finite() && fit_roots_ok(&f) => Some(f),
            _ => None,
        }
    }

    /// The exact AICc of a model, fitting it the first time it is asked for.
    fn eval_exact(&mut self, key: Key) -> f64 {
        if let Some(a) = self.exact.get(&key) {
            return *a;
        }
        let mut spec = self.spec(key);
        if let Some(w) = &self.setup.opts.warm_start
            && w.order == spec.order
            && w.seasonal_order == spec.seasonal_order
            && w.drift == key.4
        {
            spec.start_params = w.start_params.clone();
        }
        // R's "CSS-ML": the likelihood is maximised from the model's CSS
        // estimates (the approximate stage's, or fitted now).
        if self.fast && spec.start_params.is_none() {
            let css = match self.approx.get(&key) {
                Some(a) if !a.params.is_empty() => Some(a.params.clone()),
                Some(_) => None,
                None => {
                    fit_css(self.setup.y, self.setup.exog, &spec, SEARCH_GTOL).map(|c| c.params)
                }
            };
            spec.start_params = css;
        }
        let fit = self.exact_fit(&spec);
        let aicc = fit.as_ref().map_or(f64::INFINITY, |f| f.aicc);
        self.exact.insert(key, aicc);
        self.record(key, aicc, false);
        if let Some(f) = fit {
            self.consider(key, f);
        }
        aicc
    }

    /// The exact refit of the approximate stage's candidates, best first,
    /// until one fits (R's rule); a model the exact stage has fitted is
    /// not fitted again.
    fn refit_approximate(&mut self) {
        let mut ranked: Vec<(Key, f64)> = self
            .approx
            .iter()
            .filter(|(_, a)| a.aicc.is_finite())
            .map(|(k, a)| (*k, a.aicc))
            .collect();
        ranked.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        for (key, _) in ranked {
            if self.eval_exact(key).is_finite() {
                return;
            }
        }
    }

    /// The offset of the approximate criterion: `-2 log L - n* log σ²` of
    /// the exact `(1, d, 0)(0, D, 0)` fit, 0 when it fails.
    fn approximate_offset(&self) -> f64 {
        let spec = self.spec((1, 0, 0, 0, false));
        match fit_inner(self.setup.y, self.setup.exog, &spec, false) {
            Ok(f) if f.sigma2 > 0.0 => -2.0 * f.llf - f.nobs as f64 * f.sigma2.ln(),
            _ => 0.0,
        }
    }
    /// One stepwise pass from `starts`: with `first_improvement` the first
    /// neighbour that beats the current model replaces it (forecast 8.x),
    /// otherwise the best of the whole neighbourhood does (the paper).
    fn stepwise(&mut self, starts: &[Key], first_improvement: bool, b: Bounds, constant: bool) {
        let mut visited: HashSet<Key> = HashSet::new();
        let mut cur: Option<(Key, f64)> = None;
        for &k in starts {
            if !visited.insert(k) {
                continue;
            }
            let a = self.eval(k);
            if cur.is_none_or(|(_, ca)| a < ca) {
                // forecast 8.x: when the null model without the constant
                // wins, the orders are reset to 0 but the constant flag is
                // kept for the moves that follow; the first pass does the
                // same so that it retraces R's search.
                let keep_constant = first_improvement && constant && k == (0, 0, 0, 0, false);
                let kk = if keep_constant { (0, 0, 0, 0, true) } else { k };
                cur = Some((kk, a));
            }
        }
        let moves: [(i64, i64); 8] = [
            (-1, 0),
            (0, -1),
            (1, 0),
            (0, 1),
            (-1, -1),
            (-1, 1),
            (1, -1),
            (1, 1),
        ];
        let shift = |v: usize, dv: i64, max: usize| -> Option<usize> {
            let nv = v as i64 + dv;
            (nv >= 0 && nv as usize <= max).then_some(nv as usize)
        };
        while let Some((ck, ca)) = cur {
            let (p, q, sp, sq, c) = ck;
            let mut cands: Vec<Key> = Vec::new();
            if self.setup.m > 1 {
                for (x, y) in moves {
                    if let (Some(nx), Some(ny)) = (shift(sp, x, b.2), shift(sq, y, b.3)) {
                        cands.push((p, q, nx, ny, c));
                    }
                }
            }
            for (x, y) in moves {
                if let (Some(nx), Some(ny)) = (shift(p, x, b.0), shift(q, y, b.1)) {
                    cands.push((nx, ny, sp, sq, c));
                }
            }
            if constant {
                cands.push((p, q, sp, sq, !c));
            }
            let mut next = (ck, ca);
            for k in cands {
                if visited.len() >= self.setup.opts.max_models {
                    break;
                }
                if !visited.insert(k) {
                    continue;
                }
                let a = self.eval(k);
                if a < next.1 {
                    next = (k, a);
                    if first_improvement {
                        break;
                    }
                }
            }
            if next.0 == ck {
                break;
            }
            cur = Some(next);
            if visited.len() >= self.setup.opts.max_models {
                break;
            }
        }
    }
}

/// The bounds actually searched: the options limited by the sample size.
fn bounds(opts: &AutoArimaParams, n: usize, m: usize) -> Bounds {
    let (sp, sq) = if m > 1 {
        (opts.max_sp.min(n / (3 * m)), opts.max_sq.min(n / (3 * m)))
    } else {
        (0, 0)
    };
    (opts.max_p.min(n / 3), opts.max_q.min(n / 3), sp, sq)
}

/// How many of the best candidates are refitted at the full tolerance
/// from every start before the choice.
const FINALISTS: usize = 3;

impl Search<'_> {
    /// Refits the best [`FINALISTS`] candidates from every start at the
    /// full tolerance (after the fast exact stage, whose fits use one start
    /// and a looser tolerance) and keeps the better optimum of each;
    /// returns the one with the lowest AICc, with its observed-information
    /// covariance. A finalist with a standard error that cannot be
    /// computed (a singular information matrix) is chosen only when every
    /// finalist has one.
    fn finish(mut self) -> Outcome {
        let mut ranked: Vec<(Key, f64)> = self
            .exact
            .iter()
            .filter(|(_, a)| a.is_finite())
            .map(|(k, a)| (*k, *a))
            .collect();
        ranked.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        let usable = |f: &SarimaFit| f.aicc.is_finite() && fit_roots_ok(f);
        // A full fit without its covariance (computed below, for the
        // chosen one).
        let full = Control {
            with_cov: false,
            quick_starts: true,
            ..Control::default()
        };
        let mut finalists: Vec<SarimaFit> = Vec::new();
        for (key, _) in ranked {
            if finalists.len() == FINALISTS {
                break;
            }
            let spec = self.spec(key);
            let searched = self.fits.remove(&key);
            let fit = if self.fast {
                // Every start at the full tolerance, and the search's
                // optimum polished to it; the better one.
                let every = fit_controlled(self.setup.y, self.setup.exog, &spec, &full)
                    .ok()
                    .filter(usable);
                let polished = searched.as_ref().and_then(|f| {
                    let warm = spec.clone().start_params(f.params.clone());
                    fit_controlled(self.setup.y, self.setup.exog, &warm, &full)
                        .ok()
                        .filter(usable)
                });
                match (every, polished) {
                    (Some(a), Some(b)) => Some(if b.aicc < a.aicc { b } else { a }),
                    (None, None) => searched,
                    (a, b) => a.or(b),
                }
            } else {
                // The search's fits already had every start.
                searched
            };
            let Some(fit) = fit else {
                continue;
            };
            if fit.aicc < self.exact[&key] {
                self.improve_record(key, fit.aicc);
            }
            finalists.push(fit);
        }
        finalists.sort_by(|a, b| a.aicc.total_cmp(&b.aicc));
        // The lowest AICc whose standard errors can all be computed; the
        // lowest AICc when none can.
        let mut fallback = None;
        let mut best = None;
        for f in finalists {
            let f = with_covariance(self.setup, f);
            if f.bse.iter().all(|v| v.is_finite()) {
                best = Some(f);
                break;
            }
            fallback.get_or_insert(f);
        }
        let best = best.or(fallback);
        Outcome {
            best,
            tried: self.tried,
        }
    }
}

/// The model `fit` with its observed-information covariance, computed at
/// its estimates (the search's fits skip it).
fn with_covariance(setup: &Setup, mut fit: SarimaFit) -> SarimaFit {
    let spec = fit.spec.clone().fixed_params(fit.params.clone());
    if let Ok(f) = fit_inner(setup.y, setup.exog, &spec, true) {
        fit.bse = f.bse;
        fit.cov_params = f.cov_params;
    }
    fit
}

/// Runs the search of `setup`: the stepwise stages (approximate when
/// [`Approximation::applies`], then exact) or, without `stepwise`, every
/// model within the bounds, fitted exactly.
pub(super) fn run(setup: &Setup) -> Outcome {
    let opts = setup.opts;
    let (max_p, max_q, max_sp, max_sq) = bounds(opts, setup.n, setup.m);
    let constant = setup.constant;
    let mut s = Search {
        setup,
        approximate: false,
        fast: false,
        offset: 0.0,
        exact: HashMap::new(),
        approx: HashMap::new(),
        tried: Vec::new(),
        fits: HashMap::new(),
    };
    if opts.stepwise {
        let seas = setup.m > 1;
        let mut starts: Vec<Key> = vec![
            (
                2.min(max_p),
                2.min(max_q),
                if seas { 1.min(max_sp) } else { 0 },
                if seas { 1.min(max_sq) } else { 0 },
                constant,
            ),
            (0, 0, 0, 0, constant),
            (
                usize::from(max_p > 0),
                0,
                usize::from(seas && max_sp > 0),
                0,
                constant,
            ),
            (
                0,
                usize::from(max_q > 0),
                0,
                usize::from(seas && max_sq > 0),
                constant,
            ),
        ];
        if constant {
            starts.push((0, 0, 0, 0, false));
        }
        let b = (max_p, max_q, max_sp, max_sq);
        let approximate = opts.approximation.applies(setup.y.len(), setup.m);
        if approximate {
            s.offset = s.approximate_offset();
            s.approximate = true;
            s.stepwise(&starts, true, b, constant);
            s.approximate = false;
            s.fast = true;
        }
        s.stepwise(&starts, true, b, constant);
        // The paper's best-neighbour pass explores a second path; with
        // the approximate stage that path is the CSS one.
        s.stepwise(&starts, false, b, constant);
        if approximate {
            s.refit_approximate();
        }
    } else {
        for p in 0..=max_p {
            for q in 0..=max_q {
                for sp in 0..=max_sp {
                    for sq in 0..=max_sq {
                        if p + q + sp + sq > opts.max_order {
                            continue;
                        }
                        for c in [false, true] {
                            if c && !constant {
                                continue;
                            }
                            s.eval_exact((p, q, sp, sq, c));
                        }
                    }
                }
            }
        }
    }
    s.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_of_quadratic() {
        // 1 - 0.5 z  -> root 2; 1 + 0 z - 0.25 z^2 -> roots ±2.
        assert!((min_root_modulus(&[-0.5]) - 2.0).abs() < 1e-12);
        assert!((min_root_modulus(&[0.0, -0.25]) - 2.0).abs() < 1e-10);
        // (1 - 0.9z)(1 - 0.5z) = 1 - 1.4 z + 0.45 z^2
        assert!((min_root_modulus(&[-1.4, 0.45]) - 1.0 / 0.9).abs() < 1e-10);
    }

    #[test]
    fn roots_check_reads_each_factor() {
        // AR 0.5 and a seasonal MA of -0.99 at period 12: |ρ|^(1/12) > 1.01 fails.
        assert!(roots_ok(&[0.5, -0.5], (1, 0, 0, 1, 12)));
        assert!(!roots_ok(&[0.5, -0.999], (1, 0, 0, 1, 12)));
        assert!(!roots_ok(&[1.2], (1, 0, 0, 0, 1)));
    }
}
