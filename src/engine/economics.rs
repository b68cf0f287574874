//! Settles one simulated year: revenue from outcome counts, and the year's costs (labour,
//! overhead, training, incentives), into one `IterationRecord` of team totals.

use super::counts::YearCounts;
use super::params::YearDraw;
use super::record::{CashView, Extras, IterationRecord, QueueStats, Side};
use crate::rng;
use crate::scenario::Scenario;

/// The costs of a year that depend on its drawn inputs only, not on its calls: worked out when
/// the inputs are drawn (`YearDraw::fill`), so a scenario whose inputs are all fixed works them
/// out once per run, not once per year.
#[derive(Debug, Clone, Copy, Default)]
pub struct InputCosts {
    pub labour_usd: f64,
    pub fixed_usd: f64,
    /// The plan's costs apart from its payouts: the base-wage change, training hours and the
    /// programme's own cost.
    pub wage_change_usd: f64,
    pub training_usd: f64,
    pub programme_usd: f64,
    pub churn_cost_usd: f64,
}

impl InputCosts {
    pub fn of(s: &Scenario, d: &YearDraw) -> InputCosts {
        let agents = s.agents.len() as f64;
        let hours = s.horizon.paid_hours_per_year();
        let (team, plan) = (&s.team, &s.plan_costs);
        let wage = d.value(team.wage_per_hour_usd);
        let load = 1.0 + d.value(team.benefits_load_pct) / 100.0;
        let wage_change = d.value(plan.base_wage_change_per_hour_usd);
        InputCosts {
            labour_usd: agents * wage * hours * load,
            fixed_usd: agents
                * (d.value(team.overhead_per_agent_year_usd)
                    + d.value(team.training_cost_per_agent_usd)),
            wage_change_usd: agents * wage_change * hours * load,
            training_usd: agents
                * d.value(plan.training_hours_per_agent)
                * (wage + wage_change)
                * load,
            programme_usd: d.value(plan.programme_cost_usd),
            churn_cost_usd: d.value(s.behaviour.churn_cost_usd),
        }
    }
}

pub fn settle(
    s: &Scenario,
    d: &YearDraw,
    t: &YearCounts,
    queue: Option<&QueueStats>,
    seed: u64,
    iteration: u64,
) -> IterationRecord {
    let k = s.outcomes.len();
    let mut revenue_usd = 0.0;
    let mut unattributed_revenue_usd = 0.0;
    let mut successes = 0;
    let mut paid_conversions = 0;
    // Agent by agent, outcome by outcome (rows of k; no division per count in the hot path).
    for (counts, paid) in t.counts.chunks_exact(k).zip(t.paid.chunks_exact(k)) {
        for (j, (count, paid)) in counts.iter().zip(paid).enumerate() {
            let (observed, attributed) = revenue_of(d, j, *count, *paid);
            revenue_usd += attributed;
            unattributed_revenue_usd += observed - attributed;
            successes += count;
            paid_conversions += paid;
        }
    }
    let costs = &d.costs;
    let incentive_cost_usd = incentive_cost_usd(t, costs);
    let calls: u64 = t.calls.iter().sum();
    let annoyed = annoyed(
        s,
        d,
        calls,
        queue.map(|q| q.unwanted_offers),
        seed,
        iteration,
    );
    let annoyance_cost_usd = annoyed as f64 * costs.churn_cost_usd;
    let top_volume_wins = t.wins[t.top_volume_agent];
    // Without a queue most years have no extras at all: the usual case skips building them.
    let plain = queue.is_none()
        && [
            annoyance_cost_usd,
            top_volume_wins,
            unattributed_revenue_usd,
        ]
        .iter()
        .all(|x| x.to_bits() == 0)
        && annoyed == 0
        && t.contest_periods == 0
        && !d.capped;
    let side = if plain {
        Side::default()
    } else {
        let q = queue.copied().unwrap_or_default();
        Side::new(Extras {
            queue: q,
            lost_revenue_usd: if q.abandoned > 0 {
                q.abandoned as f64 * value_per_handled_call(s, d)
            } else {
                0.0
            },
            annoyed,
            annoyance_cost_usd,
            abandon_churn_cost_usd: abandon_churn_cost(s, d, q.abandoned, seed, iteration),
            contest_periods: t.contest_periods,
            top_volume_wins,
            probability_capped: d.capped,
            cash: CashView {
                unattributed_revenue_usd,
                ..CashView::default()
            },
        })
    };
    IterationRecord {
        iteration,
        calls,
        successes,
        paid_conversions,
        revenue_usd,
        labour_cost_usd: costs.labour_usd,
        fixed_cost_usd: costs.fixed_usd,
        incentive_cost_usd,
        queue: side,
    }
}

/// The revenue of `count` occurrences of outcome `j`, `paid` of them converted trials: as
/// observed, and the share the programme caused (x 1 leaves the bits alone). One rule for
/// `settle` and for a plain year's single pass.
#[inline]
pub fn revenue_of(d: &YearDraw, j: usize, count: u64, paid: u64) -> (f64, f64) {
    // Counts are far below 2^63: the signed conversion is the same float, and cheaper.
    let (c, p) = (count as i64 as f64, paid as i64 as f64);
    let observed = c * d.value_usd[j] + p * d.paid_value_usd[j];
    (observed, observed * d.incremental_share[j])
}

/// The plan's cost: its payouts, then the costs that follow from its inputs (in this order,
/// which the record's cost sums keep).
fn incentive_cost_usd(t: &YearCounts, costs: &InputCosts) -> f64 {
    t.prizes_usd
        + t.commissions_usd
        + t.team_bonus_usd
        + costs.wage_change_usd
        + costs.training_usd
        + costs.programme_usd
}

/// The year's totals that a plain year's record needs (see `is_plain`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Totals {
    pub calls: u64,
    pub successes: u64,
    pub paid_conversions: u64,
    pub revenue_usd: f64,
}

/// A scenario is plain when its years settle to the totals alone, with nothing for `Extras`:
/// unlimited capacity, every input fixed (the draw `d` is then every year's), no incentive
/// rule (so no payouts and no contest), every outcome's value wholly the programme's, no
/// annoyance draw and no capped probability. `settle` of such a year is `settle_plain` of its
/// totals, and `unlimited::Tally::plain_year` draws them in one pass.
pub fn is_plain(s: &Scenario, d: &YearDraw) -> bool {
    s.queue.is_none()
        && d.all_fixed()
        && super::counts::unit(s).is_none()
        && d.incremental_share.iter().all(|x| *x == 1.0)
        && (d.value(s.behaviour.annoyed_share) <= 0.0 || d.offers.unwanted <= 0.0)
        && (0.0 * d.costs.churn_cost_usd).to_bits() == 0
        && !d.capped
}

/// The record of a plain year (`is_plain`) from its totals: what `settle` makes of it, with
/// the same sums in the same order.
pub fn settle_plain(
    d: &YearDraw,
    t: &YearCounts,
    totals: Totals,
    iteration: u64,
) -> IterationRecord {
    IterationRecord {
        iteration,
        calls: totals.calls,
        successes: totals.successes,
        paid_conversions: totals.paid_conversions,
        revenue_usd: totals.revenue_usd,
        labour_cost_usd: d.costs.labour_usd,
        fixed_cost_usd: d.costs.fixed_usd,
        incentive_cost_usd: incentive_cost_usd(t, &d.costs),
        queue: Side::default(),
    }
}

/// Callers annoyed into churning: each offer to a caller who did not want one (every offer,
/// without a receptive share) annoys with probability `annoyed_share`; such offers are counted
/// in queue mode, and drawn (each handled call with that share of unwanted offers) otherwise.
fn annoyed(s: &Scenario, d: &YearDraw, calls: u64, offers: Option<u64>, seed: u64, it: u64) -> u64 {
    let annoyed_share = d.value(s.behaviour.annoyed_share);
    if annoyed_share <= 0.0 || d.offers.unwanted <= 0.0 {
        return 0;
    }
    let mut r = rng::stream(seed, it, rng::key("annoyance"));
    let (n, p) = match offers {
        Some(o) => (o, annoyed_share),
        None => (calls, d.offers.unwanted * annoyed_share),
    };
    super::binomial::sample(&mut r, n, p)
}

/// Queue mode: each abandoned caller cancels with probability `abandon_churn_share` and takes
/// `abandon_churn_value_usd` with them; Binomial(abandoned, share) on a stream of its own.
fn abandon_churn_cost(s: &Scenario, d: &YearDraw, abandoned: u64, seed: u64, it: u64) -> f64 {
    let Some(c) = s.queue.as_ref().and_then(|q| q.abandon_churn.as_ref()) else {
        return 0.0;
    };
    let share = d.value(c.share);
    if abandoned == 0 || share <= 0.0 {
        return 0.0;
    }
    let mut r = rng::stream(seed, it, rng::key("queue/abandon_churn"));
    super::binomial::sample(&mut r, abandoned, share) as f64 * d.value(c.value_usd)
}

/// This year's expected revenue of one handled call, averaged over the agents.
fn value_per_handled_call(s: &Scenario, d: &YearDraw) -> f64 {
    let k = s.outcomes.len();
    let per_call: f64 = (0..d.probability.len())
        .map(|i| {
            let j = i % k;
            let value = d.value_usd[j] + d.trial_to_paid[j] * d.paid_value_usd[j];
            d.probability[i] * value * d.incremental_share[j]
        })
        .sum();
    per_call / s.agents.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::parse;

    #[test]
    fn a_year_settles_to_a_hand_computed_ledger() {
        // Two agents with known counts: 10 and 4 saves at $34.95, 3 trials at $0 of which 1
        // converts at $35. Costs: 2 x $15 x 2,080 h x 1.2 labour, 2 x ($1,000 + $100) fixed, and
        // the plan: a base $1 lower (2 x -1 x 2,080 x 1.2), 4 training hours at the loaded new
        // wage (2 x 4 x 14 x 1.2) and a $500 programme.
        let text = r#"
[team]
agents = 2
wage_per_hour_usd = 15
benefits_load_pct = 20
overhead_per_agent_year_usd = 1000
training_cost_per_agent_usd = 100
[demand]
calls_per_agent_hour = 1
[[outcomes]]
name = "save"
probability = 0.1
value_usd = 34.95
[[outcomes]]
name = "trial"
probability = 0.05
value_usd = 0
trial_to_paid = 0.2
paid_value_usd = 35
[incentives]
base_wage_change_per_hour_usd = -1
training_hours_per_agent = 4
programme_cost_usd = 500
"#;
        let s = parse(text, "t.toml", "t").unwrap();
        let mut d = YearDraw::new(&s);
        d.fill(&s, 0, 0);
        let mut t = YearCounts::new(&s);
        t.calls = vec![100, 60];
        t.counts = vec![10, 0, 4, 3];
        t.paid = vec![0, 0, 0, 1];
        let r = settle(&s, &d, &t, None, 0, 0);
        assert_eq!((r.calls, r.successes, r.paid_conversions), (160, 17, 1));
        assert!((r.revenue_usd - (14.0 * 34.95 + 35.0)).abs() < 1e-9);
        assert!((r.labour_cost_usd - 74_880.0).abs() < 1e-9);
        assert!((r.fixed_cost_usd - 2_200.0).abs() < 1e-9);
        let plan = -4_992.0 + 134.4 + 500.0;
        assert!(
            (r.incentive_cost_usd - plan).abs() < 1e-9,
            "{}",
            r.incentive_cost_usd
        );
        assert!((r.cost_usd() - (74_880.0 + 2_200.0 + plan)).abs() < 1e-9);
        assert!((r.profit_usd() - (524.3 - 74_880.0 - 2_200.0 - plan)).abs() < 1e-9);
        assert_eq!((r.queue.offered, r.annoyed()), (0, 0));
    }

    #[test]
    fn annoyed_callers_are_a_binomial_share_of_the_offers() {
        // 10,000 handled calls, offers on 40% and 5% of those annoyed: Binomial(10,000, 0.02),
        // mean 200 and sd 14; over 400 years the mean is within 4 s.e. (0.7) of 200.
        let text = r#"
[team]
agents = 1
[demand]
calls_per_agent_hour = 1
[[outcomes]]
name = "save"
probability = 0.1
value_usd = 1
[incentives.behaviour]
offer_share = 0.4
annoyed_share = 0.05
churn_cost_usd = 20
"#;
        let s = parse(text, "t.toml", "t").unwrap();
        let mut d = YearDraw::new(&s);
        d.fill(&s, 0, 0);
        let mut t = YearCounts::new(&s);
        t.calls = vec![10_000];
        let years = 400;
        let mut sum = 0.0;
        for it in 0..years {
            let r = settle(&s, &d, &t, None, 9, it);
            assert_eq!(r.annoyance_cost_usd(), 20.0 * r.annoyed() as f64);
            sum += r.annoyed() as f64;
        }
        let se = (10_000.0f64 * 0.02 * 0.98 / years as f64).sqrt();
        assert!(
            (sum / years as f64 - 200.0).abs() < 4.0 * se,
            "{}",
            sum / years as f64
        );
    }
}
