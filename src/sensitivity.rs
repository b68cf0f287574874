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

/// An input's P10 and P90: its distribution's exact quantiles.
pub fn p10_p90(p: &Param) -> (f64, f64) {
    (p.dist.quantile(0.1), p.dist.quantile(0.9))
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
