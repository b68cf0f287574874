//! What one simulated year produced per agent, whichever capacity model drew it: handled calls,
//! outcome counts, paid trial conversions, and contest payouts. `economics` settles it.

use crate::incentives;
use crate::scenario::Scenario;

pub struct YearCounts {
    /// Handled calls per agent.
    pub calls: Vec<u64>,
    /// Per agent, per outcome (row-major): occurrences, and trials converted to paid.
    pub counts: Vec<u64>,
    pub paid: Vec<u64>,
    /// Contest prizes won per agent, and paid in total.
    pub payouts_usd: Vec<f64>,
    pub prizes_usd: f64,
    points: Vec<f64>,
    scores: Vec<Option<f64>>,
}

impl YearCounts {
    pub fn new(s: &Scenario) -> YearCounts {
        let (k, n) = (s.outcomes.len(), s.agents.len());
        YearCounts {
            calls: vec![0; n],
            counts: vec![0; n * k],
            paid: vec![0; n * k],
            payouts_usd: vec![0.0; n],
            prizes_usd: 0.0,
            points: s.outcomes.iter().map(|o| o.points).collect(),
            scores: vec![None; n],
        }
    }

    pub fn reset(&mut self) {
        self.calls.fill(0);
        self.counts.fill(0);
        self.paid.fill(0);
        self.payouts_usd.fill(0.0);
        self.prizes_usd = 0.0;
    }

    /// Scores agent `a` on one contest period's results (calls and counts per outcome).
    pub fn score(&mut self, s: &Scenario, a: usize, calls: u64, counts: &[u64]) {
        if let Some(contest) = &s.contest {
            let successes: u64 = counts.iter().sum();
            let pts = incentives::points(counts.iter().map(|c| *c as f64), &self.points);
            self.scores[a] = contest.score(calls as f64, pts, successes as f64);
        }
    }

    /// Pays the period's prizes on the scores set by `score`.
    pub fn award(&mut self, s: &Scenario) {
        if let Some(contest) = &s.contest {
            self.prizes_usd +=
                incentives::award(&self.scores, &contest.prizes_usd, &mut self.payouts_usd);
        }
    }
}
