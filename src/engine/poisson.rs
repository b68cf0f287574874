//! Exact Poisson sampling for the engine's hot path, with a cheap set-up because the mean
//! changes with every agent, period and year.
//!
//! - lambda < 10: multiplication of uniforms (Knuth), about lambda + 1 uniforms.
//! - lambda >= 10: PTRS, the transformed rejection method with squeeze of W. Hörmann, "The
//!   transformed rejection method for generating Poisson random variables", Insurance:
//!   Mathematics and Economics 12 (1993) 39-45; the same algorithm and constants as numpy's
//!   `random_poisson_ptrs`. About 87% of draws are accepted by the squeeze with two uniforms and
//!   no logarithm. k grows with the first uniform, which keeps common random numbers effective.
//! - `Table`: when the mean is the same in every simulated year (every input of the scenario is
//!   fixed), inversion of a tabulated CDF with a guide table (Chen and Asau, 1974; Devroye,
//!   "Non-Uniform Random Variate Generation", 1986, section III.2.4): one uniform, and for most
//!   draws one guide entry and no comparison (a bucket that lies inside one value's interval
//!   answers at once; the rest search from the guide's start). The table spans every value whose probability is not negligible
//!   (weight above 1e-24 of the mode's; what is left out has probability below 1e-21), so the mass left outside is far below the 2^-53
//!   resolution of the uniform; should a uniform ever land there, PTRS answers instead.

use crate::special::ln_gamma;
use rand::{Rng, RngExt};
use std::sync::Arc;

/// One draw from Poisson(lambda); 0 for lambda <= 0 (no random numbers consumed then).
pub fn sample<R: Rng + ?Sized>(rng: &mut R, lambda: f64) -> u64 {
    if lambda <= 0.0 {
        0
    } else if lambda < 10.0 {
        multiplication(rng, lambda)
    } else {
        ptrs(rng, lambda)
    }
}

fn multiplication<R: Rng + ?Sized>(rng: &mut R, lambda: f64) -> u64 {
    let limit = (-lambda).exp();
    let mut k = 0;
    let mut product = rng.random::<f64>();
    while product > limit {
        k += 1;
        product *= rng.random::<f64>();
    }
    k
}

fn ptrs<R: Rng + ?Sized>(rng: &mut R, lambda: f64) -> u64 {
    let b = 0.931 + 2.53 * lambda.sqrt();
    let a = -0.059 + 0.02483 * b;
    let v_r = 0.9277 - 3.6224 / (b - 2.0);
    loop {
        let u = rng.random::<f64>() - 0.5;
        let v = rng.random::<f64>();
        let us = 0.5 - u.abs();
        let y = (2.0 * a / us + b) * u + lambda + 0.43;
        if y < 0.0 {
            continue; // k < 0: rejected (the squeeze below never accepts it for lambda >= 10)
        }
        let k = y as u64; // floor, as y >= 0
        if us >= 0.07 && v <= v_r {
            return k;
        }
        if us < 0.013 && v > us {
            continue;
        }
        // Hörmann's acceptance test, ln V + ln(1/alpha) - ln(a/us^2 + b) <= ln p(k) + ln k!...,
        // with the three logarithms on the left folded into one.
        let inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
        let kf = k as f64;
        if (v * inv_alpha / (a / (us * us) + b)).ln()
            <= kf * lambda.ln() - lambda - ln_gamma(kf + 1.0)
        {
            return k;
        }
    }
}

/// Inversion sampler for one fixed mean (see the module docs).
#[derive(Clone)]
pub struct Table {
    lambda: f64,
    /// Smallest value in the table.
    lo: u64,
    /// cdf[i] = P(X <= lo + i), normalised over the table.
    cdf: Arc<[f64]>,
    /// The guide, in the uniform's own integer terms: a uniform is u = m / 2^53 with m its 53
    /// random bits, and bucket g holds the m with floor(m G / 2^53) = g (G = guide.len()).
    /// guide[g] is the first i with cdf[i] above the bucket's smallest u; with `WHOLE` set,
    /// cdf[i] is above its largest u too, so i is the answer for every uniform of the bucket
    /// and the draw reads no cdf at all (most draws: the buckets are finer than the values).
    /// Entries are 16 bits, so the guide of a 27,000-call mean is 28 KB: the six tables of a
    /// W1 year stay in cache beside the records streaming out.
    guide: Arc<[u16]>,
}

/// Tables this long or longer are not built (a mean above about 300,000, when a table is
/// about 60 sqrt(mean) entries at most); PTRS serves them. Below it, an entry's index fits
/// the guide's 15 bits.
const MAX_TABLE: usize = 1 << 15;
/// Guide buckets per table entry: more buckets, more of them inside one value.
const BUCKETS_PER_ENTRY: usize = 8;
/// Flags a guide entry whose whole bucket maps to one value.
const WHOLE: u16 = 1 << 15;
/// 2^-53: the uniform's resolution (`rand`'s f64 is its 53 top bits times this).
const UNIT: f64 = 1.0 / (1u64 << 53) as f64;

impl Table {
    /// The table for Poisson(lambda), or None when lambda <= 0 or the table would be too long.
    pub fn new(lambda: f64) -> Option<Table> {
        if lambda.is_nan() || lambda <= 0.0 || 60.0 * lambda.sqrt() > MAX_TABLE as f64 {
            return None;
        }
        let (lo, cdf) = cdf(lambda);
        if cdf.len() >= MAX_TABLE {
            return None;
        }
        let guide = guide(&cdf);
        Some(Table {
            lambda,
            lo,
            cdf: cdf.into(),
            guide: guide.into(),
        })
    }

    #[inline]
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> u64 {
        // Exactly `rng.random::<f64>()`, its 53 bits kept as an integer for the bucket.
        let m = rng.next_u64() >> 11;
        match self.invert(m) {
            Some(k) => k,
            // Only a uniform within rounding of 1 gets here (mass far below 2^-53).
            None => past_the_table(rng, self.lambda),
        }
    }

    /// The smallest value lo + i with cdf[i] > u for the uniform u = m / 2^53 (None past the
    /// table): inversion, so a draw is the same function of its uniform whatever the guide.
    #[inline]
    fn invert(&self, m: u64) -> Option<u64> {
        let g = ((u128::from(m) * self.guide.len() as u128) >> 53) as usize;
        let entry = self.guide[g];
        if entry & WHOLE != 0 {
            return Some(self.lo + u64::from(entry & !WHOLE));
        }
        let u = m as f64 * UNIT;
        let mut i = entry as usize;
        while self.cdf[i] <= u {
            i += 1;
            if i == self.cdf.len() {
                return None;
            }
        }
        Some(self.lo + i as u64)
    }
}

#[cold]
#[inline(never)]
fn past_the_table<R: Rng + ?Sized>(rng: &mut R, lambda: f64) -> u64 {
    ptrs(rng, lambda)
}

/// The smallest tabulated value and the CDF over the values whose probability is not negligible.
fn cdf(lambda: f64) -> (u64, Vec<f64>) {
    // Weights relative to the mode by the ratio p(k+1)/p(k) = lambda/(k+1): no lgamma, and
    // normalising by their sum removes any error in the mode's own probability.
    const NEGLIGIBLE: f64 = 1e-24;
    let mode = lambda.floor() as u64;
    let mut left = Vec::new(); // weights of mode-1, mode-2, ...
    let (mut w, mut k) = (1.0f64, mode);
    while k > 0 {
        w *= k as f64 / lambda;
        if w < NEGLIGIBLE {
            break;
        }
        left.push(w);
        k -= 1;
    }
    let lo = mode - left.len() as u64;
    let mut weights: Vec<f64> = left.into_iter().rev().collect();
    weights.push(1.0);
    let (mut w, mut k) = (1.0f64, mode);
    loop {
        k += 1;
        w *= lambda / k as f64;
        if w < NEGLIGIBLE {
            break;
        }
        weights.push(w);
    }
    let total: f64 = weights.iter().sum();
    let mut acc = 0.0;
    let cdf = weights
        .iter()
        .map(|w| {
            acc += w;
            acc / total
        })
        .collect();
    (lo, cdf)
}

/// The guide of a CDF (see `Table::guide`), bucket bounds computed in exact integers.
fn guide(cdf: &[f64]) -> Vec<u16> {
    let n = cdf.len();
    let buckets = (n * BUCKETS_PER_ENTRY) as u64;
    // The first i with cdf[i] > u, or the last entry when there is none (the sampler then
    // walks off the end into its fallback).
    let first_above = |from: usize, u: f64| (from..n).find(|&i| cdf[i] > u).unwrap_or(n - 1);
    let mut out = Vec::with_capacity(buckets as usize);
    let mut i = 0;
    let mut first = BucketStart::new(buckets);
    let mut m_lo = first.next();
    for _ in 0..buckets {
        // Smallest and largest m of the bucket: m G >= g 2^53 and m G < (g + 1) 2^53.
        let m_hi = first.next() - 1;
        i = first_above(i, m_lo as f64 * UNIT);
        // Every uniform of the bucket is at least m_lo's, so its answer is at least i; it is i
        // for all of them when cdf[i] is above the largest.
        let whole = cdf[i] > m_hi as f64 * UNIT;
        out.push(i as u16 | if whole { WHOLE } else { 0 });
        m_lo = m_hi + 1;
    }
    out
}

/// The smallest m of bucket g = 0, 1, 2, ... of G buckets, ceil(g 2^53 / G), in u64 steps:
/// with 2^53 = q G + r it is g q + ceil(g r / G), and g r / G is carried as a whole part and a
/// remainder (a table is built every run, so no 128-bit division per bucket).
struct BucketStart {
    buckets: u64,
    q: u64,
    r: u64,
    g: u64,
    whole: u64,
    rem: u64,
}

impl BucketStart {
    fn new(buckets: u64) -> BucketStart {
        let bits = 1u64 << 53;
        BucketStart {
            buckets,
            q: bits / buckets,
            r: bits % buckets,
            g: 0,
            whole: 0,
            rem: 0,
        }
    }

    fn next(&mut self) -> u64 {
        let m = self.g * self.q + self.whole + u64::from(self.rem > 0);
        self.g += 1;
        self.rem += self.r;
        if self.rem >= self.buckets {
            self.rem -= self.buckets;
            self.whole += 1;
        }
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::goodness_of_fit::assert_fits;
    use crate::rng;

    /// Chi-square goodness of fit against the exact pmf, on bins with expected count >= 20,
    /// tails pooled; the bound is df + 5 sqrt(2 df), a 5-sigma limit for a fixed seed.
    /// Also checks the sample mean within 4 standard errors.
    fn assert_poisson(lambda: f64) {
        assert_draws_fit(lambda, |r| sample(r, lambda));
    }

    fn assert_draws_fit(lambda: f64, mut draw: impl FnMut(&mut rng::Stream) -> u64) {
        let n = 400_000;
        let mut r = rng::stream(11, 0, rng::key(&format!("poisson {lambda}")));
        let hi = (lambda + 12.0 * lambda.sqrt() + 20.0) as usize;
        let mut counts = vec![0u64; hi + 1];
        let mut sum = 0.0;
        for _ in 0..n {
            let k = draw(&mut r);
            sum += k as f64;
            counts[(k as usize).min(hi)] += 1;
        }
        let z = (sum / n as f64 - lambda) / (lambda / n as f64).sqrt();
        assert!(
            z.abs() < 4.0,
            "lambda {lambda}: mean off by {z:.2} standard errors"
        );
        let pmf = |k: usize| (-lambda + k as f64 * lambda.ln() - ln_gamma(k as f64 + 1.0)).exp();
        let tail = 1.0 - (0..hi).map(pmf).sum::<f64>();
        let share = |k: usize| if k == hi { tail } else { pmf(k) };
        assert_fits(&format!("lambda {lambda}"), &counts, share, n as f64);
    }

    #[test]
    fn matches_the_poisson_pmf_across_both_methods() {
        for lambda in [0.3, 2.5, 9.99, 10.0, 14.2, 47.5, 311.0, 2686.4] {
            assert_poisson(lambda);
        }
    }

    #[test]
    fn table_matches_the_poisson_pmf() {
        for lambda in [0.3, 2.5, 14.2, 47.5, 311.0, 2686.4] {
            let table = Table::new(lambda).expect("table");
            assert_draws_fit(lambda, |r| table.sample(r));
        }
        assert!(Table::new(0.0).is_none());
    }

    /// The guide only shortens the search: every uniform gets the value plain inversion gives
    /// (the first CDF entry above it, by bisection), at random and at every bucket's edges.
    #[test]
    fn table_draws_are_plain_inversion_of_their_uniform() {
        for lambda in [0.3, 2.5, 47.5, 2686.4, 26_770.0] {
            let t = Table::new(lambda).expect("table");
            let inversion = |m: u64| {
                let u = m as f64 * UNIT;
                let i = t.cdf.partition_point(|c| *c <= u);
                (i < t.cdf.len()).then(|| t.lo + i as u64)
            };
            let buckets = t.guide.len() as u128;
            let edges = (0..buckets).flat_map(|g| {
                let m = (g << 53).div_ceil(buckets) as u64;
                [m.saturating_sub(1), m, m + 1]
            });
            let mut r = rng::stream(13, 0, rng::key("inversion"));
            let random = (0..200_000).map(|_| r.next_u64() >> 11);
            let top = [(1u64 << 53) - 1, (1u64 << 53) - 2];
            let mut whole = 0;
            for m in edges.chain(random).chain(top) {
                let m = m.min((1u64 << 53) - 1);
                assert_eq!(t.invert(m), inversion(m), "lambda {lambda}, m {m}");
                let g = ((u128::from(m) * buckets) >> 53) as usize;
                whole += usize::from(t.guide[g] & WHOLE != 0);
            }
            assert!(whole > 0, "lambda {lambda}: no bucket is whole");
        }
        // The same numbers as drawing the f64 uniform itself.
        let mut r = rng::stream(1, 0, 0);
        let x = r.clone().random::<f64>();
        assert_eq!((r.next_u64() >> 11) as f64 * UNIT, x);
    }

    /// The bucket starts in u64 steps are the exact ceil(g 2^53 / G), for bucket counts that
    /// do and do not divide 2^53.
    #[test]
    fn bucket_starts_are_exact_ceilings() {
        for buckets in [1u64, 3, 4, 7, 1_000, 13_804, (1 << 22) - 3] {
            let mut starts = BucketStart::new(buckets);
            for g in 0..=buckets.min(50_000) {
                let exact = (u128::from(g) << 53).div_ceil(u128::from(buckets)) as u64;
                assert_eq!(starts.next(), exact, "G {buckets}, g {g}");
            }
        }
    }

    #[test]
    fn table_mean_and_variance_at_large_lambda() {
        let table = Table::new(27_000.0).expect("table");
        assert_moments(27_000.0, |r| table.sample(r));
    }

    #[test]
    fn mean_and_variance_at_large_lambda() {
        assert_moments(27_000.0, |r| sample(r, 27_000.0));
        assert_eq!(sample(&mut rng::stream(3, 0, 0), 0.0), 0);
    }

    fn assert_moments(lambda: f64, mut draw: impl FnMut(&mut rng::Stream) -> u64) {
        let n = 200_000;
        let mut r = rng::stream(3, 0, rng::key("big"));
        let xs: Vec<f64> = (0..n).map(|_| draw(&mut r) as f64).collect();
        let m = xs.iter().sum::<f64>() / n as f64;
        let v = xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1) as f64;
        assert!(
            (m - lambda).abs() < 4.0 * (lambda / n as f64).sqrt(),
            "mean {m}"
        );
        // sd of a sample variance of a near-normal variable: lambda * sqrt(2 / (n - 1)).
        assert!(
            (v - lambda).abs() < 4.0 * lambda * (2.0 / (n - 1) as f64).sqrt(),
            "variance {v}"
        );
    }
}
