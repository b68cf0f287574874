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
//!   "Non-Uniform Random Variate Generation", 1986, section III.2.4): one uniform and on average
//!   about two comparisons. The table spans every value whose probability is not negligible
//!   (weight above 1e-24 of the mode's; what is left out has probability below 1e-21), so the mass left outside is far below the 2^-53
//!   resolution of the uniform; should a uniform ever land there, PTRS answers instead.

use crate::special::ln_gamma;
use rand::{Rng, RngExt};

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
pub struct Table {
    lambda: f64,
    /// Smallest value in the table.
    lo: u64,
    /// cdf[i] = P(X <= lo + i), normalised over the table.
    cdf: Vec<f64>,
    /// guide[g] = first i with cdf[i] > g / guide.len().
    guide: Vec<u32>,
}

/// Tables longer than this are not built (a mean above about a billion); PTRS serves them.
const MAX_TABLE: usize = 1 << 20;

impl Table {
    /// The table for Poisson(lambda), or None when lambda <= 0 or the table would be too long.
    pub fn new(lambda: f64) -> Option<Table> {
        if lambda.is_nan() || lambda <= 0.0 || 60.0 * lambda.sqrt() > MAX_TABLE as f64 {
            return None;
        }
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
        let cdf: Vec<f64> = weights
            .iter()
            .map(|w| {
                acc += w;
                acc / total
            })
            .collect();
        let n = cdf.len();
        let mut guide = Vec::with_capacity(n);
        let mut i = 0;
        for g in 0..n {
            let u = g as f64 / n as f64;
            while i + 1 < n && cdf[i] <= u {
                i += 1;
            }
            guide.push(i as u32);
        }
        Some(Table {
            lambda,
            lo,
            cdf,
            guide,
        })
    }

    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> u64 {
        let u = rng.random::<f64>();
        let n = self.cdf.len();
        let mut i = self.guide[((u * n as f64) as usize).min(n - 1)] as usize;
        while self.cdf[i] <= u {
            i += 1;
            if i == n {
                // Only a uniform within rounding of 1 gets here (mass far below 2^-53).
                return ptrs(rng, self.lambda);
            }
        }
        self.lo + i as u64
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
