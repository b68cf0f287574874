//! What drives profit per agent-year, two ways (both on the tornado's page):
//! - one at a time: each uncertain input pinned to its P10 and then its P90, every other input
//!   at its mean, through the expected-value projection (the swing a spreadsheet user would
//!   compute);
//! - together: over the simulated years, the rank correlation between each input's draw and the
//!   profit, squared and normalised into a share of explained variance (inputs vary jointly).
//!   Each input's draw in year i is re-created from its own (seed, year, key) stream.
//!
//! Pure apart from the projection and statistics it calls.

use crate::error::FieldError;
use crate::expected;
use crate::scenario::{Input, Kind, Scenario};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Swing {
    /// The input's path (stable), and its label (for people).
    pub input: String,
    pub label: String,
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
    pub label: String,
    /// Spearman rank correlation of the input's yearly draw with profit per agent-year.
    pub rank_correlation: f64,
    /// rho^2 over the sum of all inputs' rho^2.
    pub share_of_variance: f64,
}

/// What `sensitivity` found: sensitivity.json holds it as it is.
#[derive(Debug, Clone, Serialize)]
pub struct SensitivityResult {
    pub scenario: String,
    pub name: String,
    pub iterations: u64,
    pub seed: u64,
    pub version: &'static str,
    pub metric: &'static str,
    /// Expected profit per agent-year with every input at its mean.
    pub base: f64,
    pub one_at_a_time: Vec<Swing>,
    pub together: Vec<Ranked>,
    /// Some inputs are declared correlated, so their rank correlations share credit.
    pub correlated_inputs: bool,
}

/// An input's P10 and P90: its distribution's exact quantiles.
pub fn p10_p90(i: &Input) -> (f64, f64) {
    (i.dist().quantile(0.1), i.dist().quantile(0.9))
}

/// The inputs sensitivity ranks: those drawn per year (or per agent) that vary.
pub fn uncertain(s: &Scenario) -> Vec<&Input> {
    s.inputs.iter().filter(|i| i.is_uncertain()).collect()
}

/// One input's swing: the projection with it pinned at its P10, then its P90.
pub fn swing(s: &Scenario, i: &Input) -> Result<Swing, FieldError> {
    let (p10, p90) = p10_p90(i);
    let at = |v: f64| -> Result<f64, FieldError> {
        Ok(expected::project(&s.with_input(i.id, v)?).profit_per_agent_year)
    };
    let (lo, hi) = (at(p10)?, at(p90)?);
    Ok(Swing {
        input: i.path.clone(),
        label: i.label.clone(),
        p10,
        p90,
        profit_at_p10: lo,
        profit_at_p90: hi,
        swing: (hi - lo).abs(),
    })
}

/// The input's value in each of years 0..iterations; a per-agent input by its team average.
pub fn yearly_draws(s: &Scenario, i: &Input, seed: u64, iterations: u64) -> Vec<f64> {
    let n = s.agents.len() as u64;
    (0..iterations)
        .map(|it| match i.kind {
            Kind::PerAgent => (0..n).map(|a| i.param.draw_for(seed, it, a)).sum::<f64>() / n as f64,
            _ => i.param.draw(seed, it),
        })
        .collect()
}

/// Orders swings and rankings largest first, and turns correlations into shares.
pub fn rank(mut swings: Vec<Swing>, correlations: Vec<(&Input, f64)>) -> (Vec<Swing>, Vec<Ranked>) {
    swings.sort_by(|a, b| b.swing.total_cmp(&a.swing));
    let total: f64 = correlations.iter().map(|(_, r)| r * r).sum();
    let mut ranked: Vec<Ranked> = correlations
        .into_iter()
        .map(|(i, rho)| Ranked {
            input: i.path.clone(),
            label: i.label.clone(),
            rank_correlation: rho,
            share_of_variance: if total > 0.0 { rho * rho / total } else { 0.0 },
        })
        .collect();
    ranked.sort_by(|a, b| b.share_of_variance.total_cmp(&a.share_of_variance));
    (swings, ranked)
}
