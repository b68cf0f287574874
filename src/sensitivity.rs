//! What drives profit per agent-year, two ways (both on the tornado's page):
//! - one at a time: each uncertain input set to its P10 and then its P90, every other input at
//!   its mean, through the expected-value projection (the swing a spreadsheet user would compute);
//! - together: over the simulated years, the rank correlation between each input's draw and the
//!   profit, squared and normalised into a share of explained variance (inputs vary jointly).
//!   Each input's draw in year i is re-created from its own (seed, year, key) stream.
//!
//! Pure apart from the projection and statistics it calls.

use crate::scenario::Param;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Swing {
    pub input: String,
    pub p10: f64,
    pub p90: f64,
    /// Profit per agent-year (expected value) with the input at its P10, and at its P90.
    pub profit_at_p10: f64,
    pub profit_at_p90: f64,
    pub swing: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Ranked {
    pub input: String,
    /// Spearman rank correlation of the input's yearly draw with profit per agent-year.
    pub rank_correlation: f64,
    /// rho^2 over the sum of all inputs' rho^2.
    pub share_of_variance: f64,
}

/// Draws used to find an input's P10 and P90.
const QUANTILE_DRAWS: u64 = 100_001;

/// An input's P10 and P90 from its distribution (a fixed stream: the same every time).
pub fn p10_p90(p: &Param) -> (f64, f64) {
    let mut s = crate::rng::stream(0x5EED, 0, crate::rng::key(&p.path));
    let mut v: Vec<f64> = (0..QUANTILE_DRAWS).map(|_| p.dist.sample(&mut s)).collect();
    v.sort_by(f64::total_cmp);
    (
        crate::stats::quantile(&v, 0.1),
        crate::stats::quantile(&v, 0.9),
    )
}

/// Spearman's rho: the Pearson correlation of the ranks (ties get their mean rank).
pub fn spearman(x: &[f64], y: &[f64]) -> f64 {
    let (rx, ry) = (ranks(x), ranks(y));
    let n = x.len() as f64;
    let (mx, my) = (rx.iter().sum::<f64>() / n, ry.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in rx.iter().zip(&ry) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx).powi(2);
        syy += (b - my).powi(2);
    }
    if sxx == 0.0 || syy == 0.0 {
        0.0
    } else {
        sxy / (sxx * syy).sqrt()
    }
}

fn ranks(v: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..v.len()).collect();
    idx.sort_by(|a, b| v[*a].total_cmp(&v[*b]));
    let mut r = vec![0.0; v.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && v[idx[j + 1]] == v[idx[i]] {
            j += 1;
        }
        let mean = (i + j) as f64 / 2.0 + 1.0;
        for k in &idx[i..=j] {
            r[*k] = mean;
        }
        i = j + 1;
    }
    r
}

/// Orders swings and rankings largest first, and turns correlations into shares.
pub fn rank(mut swings: Vec<Swing>, correlations: Vec<(String, f64)>) -> (Vec<Swing>, Vec<Ranked>) {
    swings.sort_by(|a, b| b.swing.total_cmp(&a.swing));
    let total: f64 = correlations.iter().map(|(_, r)| r * r).sum();
    let mut ranked: Vec<Ranked> = correlations
        .into_iter()
        .map(|(input, rho)| Ranked {
            input,
            rank_correlation: rho,
            share_of_variance: if total > 0.0 { rho * rho / total } else { 0.0 },
        })
        .collect();
    ranked.sort_by(|a, b| b.share_of_variance.total_cmp(&a.share_of_variance));
    (swings, ranked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spearman_of_monotone_and_reversed_data() {
        let x = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert!((spearman(&x, &[2.0, 4.0, 8.0, 16.0, 32.0]) - 1.0).abs() < 1e-12);
        assert!((spearman(&x, &[5.0, 4.0, 3.0, 2.0, 1.0]) + 1.0).abs() < 1e-12);
        assert_eq!(ranks(&[3.0, 1.0, 3.0]), [2.5, 1.0, 2.5]);
    }
}
