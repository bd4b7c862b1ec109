//! A small seeded random-number generator for simulated prediction
//! intervals: reproducible across platforms and independent of any crate's
//! version.
//!
//! The state is xoshiro256 (Blackman & Vigna 2021, "Scrambled linear
//! pseudorandom number generators", *ACM TOMS* 47(4)), four 64-bit words
//! filled by SplitMix64 from `seed ⊕ stream · φ`, `φ = 0x9E3779B97F4A7C15`,
//! so that independent streams of one seed do not overlap in practice. Each
//! step applies the xoshiro linear transformation; a [`Flavour`] fixes how
//! the state becomes numbers:
//!
//! - [`Flavour::PlusPlusBoxMuller`]: the `++` scrambler
//!   `rotl(s₀ + s₃, 23) + s₀`, uniforms `(⌊x / 2¹¹⌋ + ½) / 2⁵³` on the open
//!   interval `(0, 1)` and Box–Muller normals `√(−2 ln u₁) (cos, sin)(2π u₂)`
//!   (SARIMA scenario simulations);
//! - [`Flavour::StarStarPolar`]: the `**` scrambler `rotl(5 s₁, 7) · 9`,
//!   uniforms `⌊x / 2¹¹⌋ / 2⁵³` on `[0, 1)` and Marsaglia's polar normals
//!   (ETS simulated intervals).
//!
//! Both flavours are kept, rather than one: a seed is part of a saved
//! model's options, and its simulated intervals must not move between
//! versions.

/// How a [`Rng`] turns its state into numbers (see the module docs).
///
/// ```
/// use colcrime::stats::rng::{Flavour, Rng};
/// let mut a = Rng::new(1, 0, Flavour::PlusPlusBoxMuller);
/// let mut b = Rng::new(1, 0, Flavour::StarStarPolar);
/// assert_ne!(a.next_u64(), b.next_u64());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavour {
    /// xoshiro256++, uniforms on `(0, 1)`, Box–Muller normals.
    PlusPlusBoxMuller,
    /// xoshiro256**, uniforms on `[0, 1)`, polar-method normals.
    StarStarPolar,
}

/// A seeded xoshiro256 generator with standard normal draws.
///
/// ```
/// use colcrime::stats::rng::{Flavour, Rng};
/// let mut r = Rng::new(42, 0, Flavour::StarStarPolar);
/// let n = 20_000;
/// let mean = (0..n).map(|_| r.uniform()).sum::<f64>() / n as f64;
/// assert!((mean - 0.5).abs() < 0.01);
/// ```
#[derive(Debug, Clone)]
pub struct Rng {
    s: [u64; 4],
    spare: Option<f64>,
    flavour: Flavour,
}

/// SplitMix64's increment, the golden ratio in 64 bits.
const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

impl Rng {
    /// The generator of `seed`'s stream number `stream`.
    ///
    /// ```
    /// use colcrime::stats::rng::{Flavour, Rng};
    /// let mut a = Rng::new(7, 3, Flavour::PlusPlusBoxMuller);
    /// let mut b = Rng::new(7, 3, Flavour::PlusPlusBoxMuller);
    /// assert_eq!(a.normal(), b.normal());
    /// let mut c = Rng::new(7, 4, Flavour::PlusPlusBoxMuller);
    /// assert_ne!(Rng::new(7, 3, Flavour::PlusPlusBoxMuller).next_u64(), c.next_u64());
    /// ```
    pub fn new(seed: u64, stream: u64, flavour: Flavour) -> Rng {
        let mut x = seed ^ stream.wrapping_mul(GOLDEN);
        let mut next = || {
            x = x.wrapping_add(GOLDEN);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        Rng {
            s: [next(), next(), next(), next()],
            spare: None,
            flavour,
        }
    }

    /// The next 64 random bits.
    ///
    /// ```
    /// use colcrime::stats::rng::{Flavour, Rng};
    /// let mut r = Rng::new(0, 0, Flavour::StarStarPolar);
    /// let ones: u32 = (0..1000).map(|_| r.next_u64().count_ones()).sum();
    /// assert!((ones as f64 / 1000.0 - 32.0).abs() < 1.0);
    /// ```
    pub fn next_u64(&mut self) -> u64 {
        let s = &mut self.s;
        let out = match self.flavour {
            Flavour::PlusPlusBoxMuller => {
                s[0].wrapping_add(s[3]).rotate_left(23).wrapping_add(s[0])
            }
            Flavour::StarStarPolar => s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9),
        };
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        out
    }

    /// A uniform draw: on `(0, 1)` for [`Flavour::PlusPlusBoxMuller`], on
    /// `[0, 1)` for [`Flavour::StarStarPolar`].
    ///
    /// ```
    /// use colcrime::stats::rng::{Flavour, Rng};
    /// let mut r = Rng::new(5, 0, Flavour::PlusPlusBoxMuller);
    /// assert!((0..1000).map(|_| r.uniform()).all(|u| u > 0.0 && u < 1.0));
    /// ```
    pub fn uniform(&mut self) -> f64 {
        let bits = (self.next_u64() >> 11) as f64;
        match self.flavour {
            Flavour::PlusPlusBoxMuller => (bits + 0.5) / (1u64 << 53) as f64,
            Flavour::StarStarPolar => bits * (1.0 / (1u64 << 53) as f64),
        }
    }

    /// A standard normal draw (draws come in pairs; the second is kept for
    /// the next call).
    ///
    /// ```
    /// use colcrime::stats::rng::{Flavour, Rng};
    /// let mut r = Rng::new(42, 0, Flavour::PlusPlusBoxMuller);
    /// let n = 20_000;
    /// let xs: Vec<f64> = (0..n).map(|_| r.normal()).collect();
    /// let var = xs.iter().map(|x| x * x).sum::<f64>() / n as f64;
    /// assert!((var - 1.0).abs() < 0.05);
    /// ```
    pub fn normal(&mut self) -> f64 {
        if let Some(z) = self.spare.take() {
            return z;
        }
        match self.flavour {
            Flavour::PlusPlusBoxMuller => {
                let r = (-2.0 * self.uniform().ln()).sqrt();
                let a = 2.0 * std::f64::consts::PI * self.uniform();
                self.spare = Some(r * a.sin());
                r * a.cos()
            }
            Flavour::StarStarPolar => loop {
                let u = 2.0 * self.uniform() - 1.0;
                let v = 2.0 * self.uniform() - 1.0;
                let s = u * u + v * v;
                if s > 0.0 && s < 1.0 {
                    let f = (-2.0 * s.ln() / s).sqrt();
                    self.spare = Some(v * f);
                    return u * f;
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reproducible_and_standard() {
        for flavour in [Flavour::PlusPlusBoxMuller, Flavour::StarStarPolar] {
            let mut a = Rng::new(42, 0, flavour);
            let mut b = Rng::new(42, 0, flavour);
            let xs: Vec<f64> = (0..20000).map(|_| a.normal()).collect();
            let ys: Vec<f64> = (0..20000).map(|_| b.normal()).collect();
            assert_eq!(xs, ys);
            let m = xs.iter().sum::<f64>() / 20000.0;
            let v = xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / 19999.0;
            // 5 standard errors.
            assert!(m.abs() < 5.0 / 20000f64.sqrt(), "{m}");
            assert!((v - 1.0).abs() < 5.0 * (2.0 / 20000f64).sqrt(), "{v}");
            let mut c = Rng::new(42, 1, flavour);
            assert_ne!(c.normal(), xs[0]);
        }
    }

    #[test]
    fn autotraits() {
        fn check<T: Send + Sync + Unpin + std::fmt::Debug + Clone>() {}
        check::<Rng>();
        check::<Flavour>();
    }
}
