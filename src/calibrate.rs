//! Calibration from observed results: per agent, calls and successes per outcome (the field
//! test's table) become beta distributions for each outcome's rate, three ways:
//! - pooled: all agents together, Beta(prior_a + k, prior_b + n - k);
//! - per agent: each agent's own calls alone (same prior);
//! - partially pooled (empirical Bayes beta-binomial): each agent's rate is drawn toward the
//!   team's by a prior Beta(m kappa, (1 - m) kappa) fitted to the agents' spread by the method of
//!   moments (Kleinman 1973), so an agent with few calls moves most. Pure: numbers in, numbers out.

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
}

#[derive(Debug, Clone, Serialize)]
pub struct AgentRate {
    pub agent: String,
    pub successes: u64,
    pub calls: u64,
    pub observed: f64,
    pub own: Posterior,
    pub partially_pooled: Posterior,
}

#[derive(Debug, Clone, Serialize)]
pub struct OutcomeCalibration {
    pub outcome: String,
    pub pooled: Posterior,
    /// The fitted prior's concentration (its alpha + beta): how many calls' worth of weight the
    /// team's rate carries for each agent. Infinite spread-free data gives a large value.
    pub kappa: f64,
    pub agents: Vec<AgentRate>,
}

/// Calibrates each outcome (named by `outcomes`) under a Beta(prior_a, prior_b) prior.
pub fn calibrate(
    data: &[Observed],
    outcomes: &[String],
    prior_a: f64,
    prior_b: f64,
) -> Vec<OutcomeCalibration> {
    outcomes
        .iter()
        .enumerate()
        .map(|(j, name)| {
            let k: u64 = data.iter().map(|d| d.successes[j]).sum();
            let n: u64 = data.iter().map(|d| d.calls).sum();
            let pooled = Posterior::new(prior_a + k as f64, prior_b + (n - k) as f64);
            let (m, kappa) = fit_prior(data, j);
            let agents = data
                .iter()
                .map(|d| {
                    let (k, n) = (d.successes[j] as f64, d.calls as f64);
                    AgentRate {
                        agent: d.agent.clone(),
                        successes: d.successes[j],
                        calls: d.calls,
                        observed: if n > 0.0 { k / n } else { 0.0 },
                        own: Posterior::new(prior_a + k, prior_b + n - k),
                        partially_pooled: Posterior::new(m * kappa + k, (1.0 - m) * kappa + n - k),
                    }
                })
                .collect();
            OutcomeCalibration {
                outcome: name.clone(),
                pooled,
                kappa,
                agents,
            }
        })
        .collect()
}

/// Largest prior concentration used (no visible spread between agents: near-complete pooling).
const MAX_KAPPA: f64 = 1e6;

/// The team mean m and concentration kappa of the beta-binomial prior, by moments: with
/// rho = 1 / (kappa + 1), E[sum n_i (p_i - m)^2] = m (1 - m) [(A - 1) + rho (N - sum n_i^2 / N)].
fn fit_prior(data: &[Observed], j: usize) -> (f64, f64) {
    let n: f64 = data.iter().map(|d| d.calls as f64).sum();
    let k: f64 = data.iter().map(|d| d.successes[j] as f64).sum();
    let m = if n > 0.0 { k / n } else { 0.0 };
    let agents = data.iter().filter(|d| d.calls > 0).count() as f64;
    if m <= 0.0 || m >= 1.0 || agents < 2.0 {
        return (m.clamp(1e-9, 1.0 - 1e-9), MAX_KAPPA);
    }
    let s: f64 = data
        .iter()
        .filter(|d| d.calls > 0)
        .map(|d| {
            let p = d.successes[j] as f64 / d.calls as f64;
            d.calls as f64 * (p - m).powi(2)
        })
        .sum();
    let sum_sq: f64 = data.iter().map(|d| (d.calls as f64).powi(2)).sum();
    let rho = (s / (m * (1.0 - m)) - (agents - 1.0)) / (n - sum_sq / n);
    let kappa = if rho > 0.0 {
        (1.0 / rho - 1.0).clamp(1e-3, MAX_KAPPA)
    } else {
        MAX_KAPPA
    };
    (m, kappa)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_test() -> Vec<Observed> {
        let rows = [
            ("Agent 1", 222, [20, 3, 3, 3]),
            ("Agent 2", 214, [18, 10, 2, 1]),
            ("Agent 3", 105, [9, 1, 3, 1]),
            ("Agent 4", 49, [8, 3, 1, 0]),
            ("Agent 5", 72, [2, 4, 1, 1]),
        ];
        rows.iter()
            .map(|(a, n, k)| Observed {
                agent: a.to_string(),
                calls: *n,
                successes: k.to_vec(),
            })
            .collect()
    }

    #[test]
    fn field_test_pooled_posterior_and_partial_pooling() {
        let names: Vec<String> = ["site1_save", "site2_save", "site3_trial", "site3_full"]
            .map(String::from)
            .to_vec();
        let c = calibrate(&field_test(), &names, 1.0, 1.0);
        let site1 = &c[0];
        assert!((site1.pooled.mean - 58.0 / 664.0).abs() < 1e-12);
        assert_eq!((site1.pooled.alpha, site1.pooled.beta), (58.0, 606.0));
        assert!((site1.pooled.p5 - beta_quantile(0.05, 58.0, 606.0)).abs() < 1e-15);
        assert!(site1.pooled.p5 < site1.pooled.mean && site1.pooled.mean < site1.pooled.p95);
        // Agent 4 saved 8 of 49 (16.3%) against the team's 8.6%: partial pooling pulls the
        // estimate toward the team, further than the agent's own flat-prior posterior.
        let a4 = &site1.agents[3];
        assert!((a4.observed - 8.0 / 49.0).abs() < 1e-12);
        assert!(a4.partially_pooled.mean < a4.own.mean);
        assert!(a4.partially_pooled.mean > site1.pooled.mean);
        // ... and agents with more calls move less: the share of the way from the agent's
        // observed rate to the team's (57 of 662) is kappa / (kappa + calls).
        let team = 57.0 / 662.0;
        let pull = |a: &AgentRate| (a.observed - a.partially_pooled.mean) / (a.observed - team);
        let kappa = site1.kappa;
        for a in &site1.agents {
            let want = kappa / (kappa + a.calls as f64);
            assert!(
                (pull(a) - want).abs() < 1e-9,
                "{}: {} vs {want}",
                a.agent,
                pull(a)
            );
        }
        assert!(pull(&site1.agents[3]) > pull(&site1.agents[0]));
    }
}
