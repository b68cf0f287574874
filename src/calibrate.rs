//! Calibration from observed results: per agent, calls and successes per outcome (the field
//! test's table) become beta distributions for each outcome's rate, three ways:
//! - pooled: all agents together, Beta(prior_a + k, prior_b + n - k);
//! - per agent: each agent's own calls alone (same prior);
//! - partially pooled (empirical Bayes beta-binomial): agent i's rate given the team's mean m is
//!   Beta(kappa m + k_i, kappa (1 - m) + n_i - k_i), with kappa fitted to the agents' spread by
//!   the method of moments (Kleinman 1973), so an agent with few calls moves most.
//!
//! The team's mean m is not known exactly either: it is given the pooled posterior with the data
//! counted at their effective size n / deff, where deff = 1 + (sum n_i^2 / n - 1) / (kappa + 1)
//! is the exact variance inflation of the pooled rate when each agent has a rate of their own
//! (Kish's design effect). Each agent's posterior is the mixture over m, summarised by the beta
//! with its exact mean and variance (law of total variance). When the agents differ no more than
//! binomial noise, kappa is infinite, deff is 1 and every agent gets exactly the pooled posterior,
//! never a point mass at the team's rate; kappa is kept at least prior_a + prior_b, so that the
//! agents are never assumed more dispersed than the prior given for any one rate. Agents' rates
//! share m, so they are correlated: `correlation_with_team_mean` (lambda_i) gives
//! corr(p_i, p_j) = lambda_i lambda_j. Pure: numbers in, numbers out.

use crate::special::beta_quantile;
use serde::Serialize;

/// One agent's observed results: calls and successes per outcome (in the file's column order).
#[derive(Debug, Clone, PartialEq)]
pub struct Observed {
    pub agent: String,
    pub calls: u64,
    pub successes: Vec<u64>,
}

/// A beta distribution with its mean and 90% interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Posterior {
    pub alpha: f64,
    pub beta: f64,
    pub mean: f64,
    pub p5: f64,
    pub p95: f64,
}

impl Posterior {
    pub fn new(alpha: f64, beta: f64) -> Posterior {
        Posterior {
            alpha,
            beta,
            mean: alpha / (alpha + beta),
            p5: beta_quantile(0.05, alpha, beta),
            p95: beta_quantile(0.95, alpha, beta),
        }
    }

    /// The beta with this mean and variance (needs 0 < variance < mean (1 - mean)).
    pub fn matching(mean: f64, variance: f64) -> Posterior {
        let concentration = mean * (1.0 - mean) / variance - 1.0;
        Posterior::new(mean * concentration, (1.0 - mean) * concentration)
    }

    pub fn variance(&self) -> f64 {
        self.mean * (1.0 - self.mean) / (self.alpha + self.beta + 1.0)
    }

    /// The 90% interval's width.
    pub fn width(&self) -> f64 {
        self.p95 - self.p5
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct AgentRate {
    pub agent: String,
    pub successes: u64,
    pub calls: u64,
    pub observed: f64,
    pub own: Posterior,
    pub partially_pooled: Posterior,
    /// The correlation of this agent's partially pooled rate with the team's mean rate: 1 under
    /// complete pooling, near 0 for an agent whose own calls dominate.
    pub correlation_with_team_mean: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct OutcomeCalibration {
    pub outcome: String,
    pub pooled: Posterior,
    /// The fitted prior's concentration (its alpha + beta): how many calls' worth of weight the
    /// team's rate carries for each agent. None (null in JSON) when the agents differ no more
    /// than binomial noise: complete pooling, every agent takes the team's rate.
    pub kappa: Option<f64>,
    /// How much the agents' own rates widen the variance of the pooled rate (1: not at all).
    pub design_effect: f64,
    /// What the team's mean rate is known to be: the pooled posterior at the effective sample
    /// size n / design_effect.
    pub team_mean: Posterior,
    pub agents: Vec<AgentRate>,
}

impl OutcomeCalibration {
    /// True when every agent takes the team's rate (no spread beyond binomial noise).
    pub fn completely_pooled(&self) -> bool {
        self.kappa.is_none()
    }

    /// For each pair of agents (i < j), the Spearman rank correlation that a Gaussian copula
    /// needs for their rates to have the normal correlation lambda_i lambda_j (the inverse of
    /// r = 2 sin(pi rho / 6)). Empty under complete pooling, where all agents share one rate.
    pub fn rank_correlations(&self) -> Vec<(usize, usize, f64)> {
        if self.completely_pooled() {
            return Vec::new();
        }
        let lambda: Vec<f64> = self
            .agents
            .iter()
            .map(|a| a.correlation_with_team_mean)
            .collect();
        let mut out = Vec::new();
        for i in 0..lambda.len() {
            for j in i + 1..lambda.len() {
                let r = lambda[i] * lambda[j];
                out.push((i, j, 6.0 / std::f64::consts::PI * (r / 2.0).asin()));
            }
        }
        out
    }
}

/// What `calibrate` finds: one calibration per outcome, in the file's column order.
#[derive(Debug, Clone, Serialize)]
#[serde(transparent)]
pub struct Calibration {
    pub outcomes: Vec<OutcomeCalibration>,
}

/// Calibrates each outcome (named by `outcomes`) under a Beta(prior_a, prior_b) prior.
pub fn calibrate(
    data: &[Observed],
    outcomes: &[String],
    prior_a: f64,
    prior_b: f64,
) -> Calibration {
    let calls: Vec<f64> = data.iter().map(|d| d.calls as f64).collect();
    let outcomes = outcomes
        .iter()
        .enumerate()
        .map(|(j, name)| {
            let successes: Vec<f64> = data.iter().map(|d| d.successes[j] as f64).collect();
            let (k, n) = (successes.iter().sum::<f64>(), calls.iter().sum::<f64>());
            let kappa = fit_kappa(&successes, &calls, prior_a + prior_b);
            let design_effect = design_effect(kappa, &calls);
            let team_mean = Posterior::new(
                prior_a + k / design_effect,
                prior_b + (n - k) / design_effect,
            );
            let agents = data
                .iter()
                .zip(&successes)
                .map(|(d, &k)| {
                    let n = d.calls as f64;
                    let (partially_pooled, correlation_with_team_mean) =
                        partially_pooled(kappa, &team_mean, k, n);
                    AgentRate {
                        agent: d.agent.clone(),
                        successes: d.successes[j],
                        calls: d.calls,
                        observed: if n > 0.0 { k / n } else { 0.0 },
                        own: Posterior::new(prior_a + k, prior_b + n - k),
                        partially_pooled,
                        correlation_with_team_mean,
                    }
                })
                .collect();
            OutcomeCalibration {
                outcome: name.clone(),
                pooled: Posterior::new(prior_a + k, prior_b + n - k),
                kappa,
                design_effect,
                team_mean,
                agents,
            }
        })
        .collect();
    Calibration { outcomes }
}

/// Agent i's posterior, mixed over the team mean m ~ `team`: given m it is Beta(kappa m + k,
/// kappa (1 - m) + n - k), whose mean w m + k / c (c = kappa + n, w = kappa / c) varies with m
/// by w^2 Var(m); the mixture's variance is E[Var | m] + Var(E | m). Also the correlation of
/// the agent's rate with m, w sd(m) / sd(p_i).
fn partially_pooled(kappa: Option<f64>, team: &Posterior, k: f64, n: f64) -> (Posterior, f64) {
    let Some(kappa) = kappa else {
        return (*team, 1.0);
    };
    let c = kappa + n;
    let w = kappa / c;
    let mean = w * team.mean + k / c;
    let shared = w * w * team.variance();
    // E[mu (1 - mu)] = mean (1 - mean) - Var(mu) for the conditional mean mu.
    let variance = (mean * (1.0 - mean) - shared) / (c + 1.0) + shared;
    let correlation = w * team.variance().sqrt() / variance.sqrt();
    (Posterior::matching(mean, variance), correlation)
}

/// kappa by moments, or None for complete pooling: fewer than two agents with calls, no
/// successes or no failures at all, too few calls to show a spread, or a spread no larger than
/// binomial noise. At least `floor` (the prior's alpha + beta).
fn fit_kappa(successes: &[f64], calls: &[f64], floor: f64) -> Option<f64> {
    let (k, n): (f64, f64) = (successes.iter().sum(), calls.iter().sum());
    let active: Vec<(f64, f64)> = successes
        .iter()
        .zip(calls)
        .filter(|(_, n)| **n > 0.0)
        .map(|(k, n)| (*k, *n))
        .collect();
    if active.len() < 2 || k <= 0.0 || k >= n {
        return None;
    }
    let m = k / n;
    let spread: f64 = active.iter().map(|(k, n)| n * (k / n - m).powi(2)).sum();
    let rho = rho_from_spread(spread / (m * (1.0 - m)), calls)?;
    Some((1.0 / rho - 1.0).max(floor))
}

/// Solves the moment equation for rho = 1 / (kappa + 1): with S = sum n_i (p_i - m)^2 over
/// the A agents with calls, E[S] = m (1 - m) [(A - 1)(1 - rho) + rho (N - sum n_i^2 / N)]
/// (Kleinman 1973). `scaled` is S / (m (1 - m)). None when S does not exceed binomial noise or
/// the calls cannot show a spread (every agent with one call).
fn rho_from_spread(scaled: f64, calls: &[f64]) -> Option<f64> {
    let agents = calls.iter().filter(|n| **n > 0.0).count() as f64;
    let n: f64 = calls.iter().sum();
    let sum_sq: f64 = calls.iter().map(|c| c * c).sum();
    let slope = n - sum_sq / n - (agents - 1.0);
    if slope <= 0.0 {
        return None;
    }
    let rho = (scaled - (agents - 1.0)) / slope;
    (rho > 0.0).then_some(rho)
}

/// Var(k / n) over its binomial value when each agent's rate has concentration kappa:
/// 1 + rho (sum n_i^2 / n - 1), rho = 1 / (kappa + 1); 1 under complete pooling.
fn design_effect(kappa: Option<f64>, calls: &[f64]) -> f64 {
    let Some(kappa) = kappa else {
        return 1.0;
    };
    let n: f64 = calls.iter().sum();
    let sum_sq: f64 = calls.iter().map(|c| c * c).sum();
    1.0 + (sum_sq / n - 1.0) / (kappa + 1.0)
}

#[cfg(test)]
mod tests;
