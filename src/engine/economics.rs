//! Settles one simulated year: revenue from outcome counts, and the year's costs (labour,
//! overhead, training, incentives), into one `IterationRecord` of team totals.

use super::counts::YearCounts;
use super::params::YearDraw;
use super::queue::QueueStats;
use crate::scenario::Scenario;
use serde::Serialize;

/// Team totals of one simulated year. Per-agent and per-call metrics derive from these
/// (see `metrics.rs`); this row is what iterations.csv holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct IterationRecord {
    pub iteration: u64,
    pub calls: u64,
    pub successes: u64,
    pub paid_conversions: u64,
    pub revenue_usd: f64,
    /// Wages plus benefits.
    pub labour_cost_usd: f64,
    /// Overhead and training.
    pub fixed_cost_usd: f64,
    /// Contest prizes and commissions.
    pub incentive_cost_usd: f64,
    pub cost_usd: f64,
    pub profit_usd: f64,
    /// Some agent's outcome probabilities summed above 1 this year and were scaled down.
    pub probability_capped: bool,
    /// Queue mode (unlimited mode: offered = calls and the rest 0): calls offered, abandoned,
    /// finding every seat busy, answered within the service-level threshold; total wait of
    /// answered calls, seat time on calls and seat time available (seconds); and the revenue the
    /// abandoned calls would have brought at this year's expected value per handled call.
    pub offered: u64,
    pub abandoned: u64,
    pub waited: u64,
    pub answered_in_sl: u64,
    pub wait_seconds: f64,
    pub busy_seconds: f64,
    pub seat_seconds: f64,
    pub lost_revenue_usd: f64,
}

pub fn settle(
    s: &Scenario,
    d: &YearDraw,
    t: &YearCounts,
    queue: Option<&QueueStats>,
    iteration: u64,
) -> IterationRecord {
    let k = s.outcomes.len();
    let agents = s.agents.len() as f64;
    let mut revenue_usd = 0.0;
    let mut successes = 0;
    let mut paid_conversions = 0;
    for (i, (count, paid)) in t.counts.iter().zip(&t.paid).enumerate() {
        let j = i % k;
        revenue_usd += *count as f64 * d.value_usd[j] + *paid as f64 * d.paid_value_usd[j];
        successes += count;
        paid_conversions += paid;
    }
    let hours = s.horizon.paid_hours_per_year();
    let labour_cost_usd =
        agents * d.wage_per_hour_usd * hours * (1.0 + d.benefits_load_pct / 100.0);
    let fixed_cost_usd = agents * (d.overhead_per_agent_year_usd + d.training_cost_per_agent_usd);
    let commission_usd: f64 = s
        .commissions
        .iter()
        .zip(&d.commission_usd)
        .map(|(c, usd)| usd * t.counts.iter().skip(c.outcome).step_by(k).sum::<u64>() as f64)
        .sum();
    let incentive_cost_usd = t.prizes_usd + commission_usd;
    let cost_usd = labour_cost_usd + fixed_cost_usd + incentive_cost_usd;
    let calls = t.calls.iter().sum();
    let q = queue.copied().unwrap_or(QueueStats {
        offered: calls,
        ..QueueStats::default()
    });
    IterationRecord {
        iteration,
        calls,
        successes,
        paid_conversions,
        revenue_usd,
        labour_cost_usd,
        fixed_cost_usd,
        incentive_cost_usd,
        cost_usd,
        profit_usd: revenue_usd - cost_usd,
        probability_capped: d.capped,
        offered: q.offered,
        abandoned: q.abandoned,
        waited: q.waited,
        answered_in_sl: q.answered_in_sl,
        wait_seconds: q.wait_seconds,
        busy_seconds: q.busy_seconds,
        seat_seconds: q.seat_seconds,
        lost_revenue_usd: if q.abandoned > 0 {
            q.abandoned as f64 * value_per_handled_call(s, d)
        } else {
            0.0
        },
    }
}

/// This year's expected revenue of one handled call, averaged over the agents.
fn value_per_handled_call(s: &Scenario, d: &YearDraw) -> f64 {
    let k = s.outcomes.len();
    let per_call: f64 = (0..d.probability.len())
        .map(|i| {
            let j = i % k;
            d.probability[i] * (d.value_usd[j] + d.trial_to_paid[j] * d.paid_value_usd[j])
        })
        .sum();
    per_call / s.agents.len() as f64
}
