//! Exact binomial sampling with a cheap set-up, for splitting a year's counts over periods
//! (a new n and p at every split, so set-up cost matters more than anything else).
//!
//! - n p < 10: inversion by sequential search from 0 (about n p + 1 steps).
//! - otherwise: BTRS, the transformed rejection method with squeeze of W. Hörmann, "The
//!   generation of binomial random variates", Journal of Statistical Computation and Simulation
//!   46 (1993) 101-110, with its constants; the same algorithm as TensorFlow's and JAX's
//!   binomial samplers. p > 1/2 is drawn as n minus a draw with 1 - p.

use crate::special::ln_gamma;
use rand::{Rng, RngExt};

pub fn sample<R: Rng + ?Sized>(rng: &mut R, n: u64, p: f64) -> u64 {
    if n == 0 || p <= 0.0 {
        return 0;
    }
    if p >= 1.0 {
        return n;
    }
    if p > 0.5 {
        return n - sample(rng, n, 1.0 - p);
    }
    if n as f64 * p < 10.0 {
        inversion(rng, n, p, (1.0 - p).ln())
    } else {
        btrs(rng, n, p)
    }
}

/// As `sample`, for p <= 1/2 with ln(1 - p) known (a caller drawing with few distinct p's
/// tabulates it and saves a logarithm per draw).
pub fn sample_ln_q<R: Rng + ?Sized>(rng: &mut R, n: u64, p: f64, ln_q: f64) -> u64 {
    if n == 0 || p <= 0.0 {
        0
    } else if n as f64 * p < 10.0 {
        inversion(rng, n, p, ln_q)
    } else {
        btrs(rng, n, p)
    }
}

fn inversion<R: Rng + ?Sized>(rng: &mut R, n: u64, p: f64, ln_q: f64) -> u64 {
    let q = 1.0 - p;
    let ratio = p / q;
    let mut pk = (n as f64 * ln_q).exp();
    let mut u: f64 = rng.random();
    let mut k = 0;
    while u > pk && k < n {
        u -= pk;
        pk *= (n - k) as f64 / (k + 1) as f64 * ratio;
        k += 1;
        if pk <= 0.0 {
            // Rounding has exhausted the pmf: start again (probability ~1e-16).
            return inversion(rng, n, p, ln_q);
        }
    }
    k
}

fn btrs<R: Rng + ?Sized>(rng: &mut R, n: u64, p: f64) -> u64 {
    let nf = n as f64;
    let q = 1.0 - p;
    let spq = (nf * p * q).sqrt();
    let b = 1.15 + 2.53 * spq;
    let a = -0.0873 + 0.0248 * b + 0.01 * p;
    let c = nf * p + 0.5;
    let v_r = 0.92 - 4.2 / b;
    let mut h = None; // the slow path's constants, computed on first need
    loop {
        let u = rng.random::<f64>() - 0.5;
        let v = rng.random::<f64>();
        let us = 0.5 - u.abs();
        let kf = ((2.0 * a / us + b) * u + c).floor();
        if kf < 0.0 || kf > nf {
            continue;
        }
        if us >= 0.07 && v <= v_r {
            return kf as u64;
        }
        let (alpha, lpq, m, hm) = *h.get_or_insert_with(|| {
            let m = ((nf + 1.0) * p).floor();
            (
                (2.83 + 5.1 / b) * spq,
                (p / q).ln(),
                m,
                ln_gamma(m + 1.0) + ln_gamma(nf - m + 1.0),
            )
        });
        let lhs = (v * alpha / (a / (us * us) + b)).ln();
        if lhs <= hm - ln_gamma(kf + 1.0) - ln_gamma(nf - kf + 1.0) + (kf - m) * lpq {
            return kf as u64;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::goodness_of_fit::assert_fits;
    use crate::rng;

    /// Chi-square against the exact pmf (bins of expected count >= 20, tails pooled, 5-sigma
    /// bound on a fixed seed) and the mean within 4 standard errors.
    fn assert_binomial(n: u64, p: f64) {
        let draws = 200_000;
        let mut r = rng::stream(5, 0, rng::key(&format!("binomial {n} {p}")));
        let mut counts = vec![0u64; n as usize + 1];
        let mut sum = 0.0;
        for _ in 0..draws {
            let k = sample(&mut r, n, p);
            assert!(k <= n);
            counts[k as usize] += 1;
            sum += k as f64;
        }
        let (nf, d) = (n as f64, draws as f64);
        let z = (sum / d - nf * p) / (nf * p * (1.0 - p) / d).sqrt();
        assert!(z.abs() < 4.0, "n {n} p {p}: mean off by {z:.2} s.e.");
        let pmf = |k: f64| {
            (ln_gamma(nf + 1.0) - ln_gamma(k + 1.0) - ln_gamma(nf - k + 1.0)
                + k * p.ln()
                + (nf - k) * (1.0 - p).ln())
            .exp()
        };
        assert_fits(&format!("n {n} p {p}"), &counts, |k| pmf(k as f64), d);
    }

    #[test]
    fn matches_the_binomial_pmf_across_both_methods() {
        for (n, p) in [
            (5, 0.3),
            (40, 0.02),
            (60, 0.5),
            (200, 0.06),
            (2000, 1.0 / 52.0),
            (27000, 0.2),
            (300, 0.9),
        ] {
            assert_binomial(n, p);
        }
        let mut r = rng::stream(1, 0, 0);
        assert_eq!(sample(&mut r, 0, 0.5), 0);
        assert_eq!(sample(&mut r, 7, 1.0), 7);
        assert_eq!(sample(&mut r, 7, 0.0), 0);
        // The tabulated-logarithm entry point draws the same numbers.
        let (mut r1, mut r2) = (rng::stream(2, 0, 0), rng::stream(2, 0, 0));
        for n in [3, 30, 300] {
            let p = 1.0 / 52.0;
            assert_eq!(
                sample(&mut r1, n, p),
                sample_ln_q(&mut r2, n, p, (1.0 - p).ln())
            );
        }
    }
}
