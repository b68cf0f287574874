//! What one simulated year produced per agent, whichever capacity model drew it: handled calls,
//! outcome counts and paid trial conversions, for the year and per ledger unit (a week, or a day
//! when some incentive is paid daily); then the incentives settled on them: contest prizes,
//! commissions (quota, cap) and the team bonus. `economics` settles the rest of the year.

use super::params::YearDraw;
use crate::incentives::{self, Period};
use crate::scenario::Scenario;

/// The finest period any incentive rule needs, or None when no rule needs periods.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Unit {
    Week,
    Day,
}

pub fn unit(s: &Scenario) -> Option<Unit> {
    let mut periods: Vec<Period> = s.contest.iter().map(|c| c.period).collect();
    periods.extend(s.commissions.iter().map(|c| c.rule.period));
    periods.extend(s.team_bonus.iter().map(|b| b.period));
    if periods.is_empty() {
        None
    } else if periods.contains(&Period::Day) {
        Some(Unit::Day)
    } else {
        Some(Unit::Week)
    }
}

/// Ledger units in the year.
pub fn units_per_year(s: &Scenario) -> usize {
    let h = &s.horizon;
    match unit(s) {
        None => 0,
        Some(Unit::Week) => h.weeks_per_year as usize,
        Some(Unit::Day) => (h.weeks_per_year * h.days_per_week) as usize,
    }
}

pub struct YearCounts {
    /// Handled calls per agent.
    pub calls: Vec<u64>,
    /// Per agent, per outcome (row-major): occurrences, and trials converted to paid.
    pub counts: Vec<u64>,
    pub paid: Vec<u64>,
    /// Per ledger unit, per agent (and per outcome): the same, when incentives need periods.
    pub unit_calls: Vec<u64>,
    pub unit_counts: Vec<u64>,
    pub unit_paid: Vec<u64>,
    /// Settled incentives: paid per agent (prizes and commissions), and in total by kind.
    pub payouts_usd: Vec<f64>,
    pub prizes_usd: f64,
    pub commissions_usd: f64,
    pub team_bonus_usd: f64,
    /// Contest periods won per agent (a tie for first shares the win).
    pub wins: Vec<f64>,
    pub contest_periods: u32,
    /// The ledger's unit and the agent with the most expected calls: fixed by the scenario,
    /// worked out once here rather than every year.
    pub unit: Option<Unit>,
    pub top_volume_agent: usize,
    scores: Vec<Option<f64>>,
    period_calls: Vec<u64>,
    period_counts: Vec<u64>,
    period_paid: Vec<u64>,
}

impl YearCounts {
    pub fn new(s: &Scenario) -> YearCounts {
        let (k, n) = (s.outcomes.len(), s.agents.len());
        let u = units_per_year(s);
        YearCounts {
            calls: vec![0; n],
            counts: vec![0; n * k],
            paid: vec![0; n * k],
            unit_calls: vec![0; u * n],
            unit_counts: vec![0; u * n * k],
            unit_paid: vec![0; u * n * k],
            payouts_usd: vec![0.0; n],
            prizes_usd: 0.0,
            commissions_usd: 0.0,
            team_bonus_usd: 0.0,
            wins: vec![0.0; n],
            contest_periods: 0,
            unit: unit(s),
            top_volume_agent: s.top_volume_agent(),
            scores: vec![None; n],
            period_calls: vec![0; n],
            period_counts: vec![0; n * k],
            period_paid: vec![0; n * k],
        }
    }

    pub fn reset(&mut self) {
        self.calls.fill(0);
        self.counts.fill(0);
        self.paid.fill(0);
        self.reset_units();
    }

    /// Clears the ledger units only (for a model that assigns the year's totals outright).
    /// Skipped when empty: the engine's hot path resets per year, and even an empty fill costs.
    pub fn reset_units(&mut self) {
        if !self.unit_calls.is_empty() {
            self.unit_calls.fill(0);
            self.unit_counts.fill(0);
            self.unit_paid.fill(0);
        }
    }

    /// Settles every incentive rule on the year's ledger (nothing to do without rules: the
    /// payouts stay at zero).
    #[inline]
    pub fn settle_incentives(&mut self, s: &Scenario, d: &YearDraw) {
        if s.contest.is_some() || !s.commissions.is_empty() || s.team_bonus.is_some() {
            self.settle_rules(s, d);
        }
    }

    fn settle_rules(&mut self, s: &Scenario, d: &YearDraw) {
        self.payouts_usd.fill(0.0);
        self.wins.fill(0.0);
        self.prizes_usd = 0.0;
        self.commissions_usd = 0.0;
        self.team_bonus_usd = 0.0;
        self.contest_periods = 0;
        if let Some(c) = &s.contest {
            self.for_each_period(s, c.period, |me| me.contest_period(s, d));
        }
        for (i, rule) in s.commissions.iter().enumerate() {
            self.for_each_period(s, rule.rule.period, |me| me.commission_period(s, d, i));
        }
        if let Some(b) = &s.team_bonus {
            self.for_each_period(s, b.period, |me| {
                let calls: u64 = me.period_calls.iter().sum();
                let successes: u64 = me.period_counts.iter().sum();
                me.team_bonus_usd += b.pays(calls, successes);
            });
        }
    }

    /// Sums the ledger units of each `period` into the period buffers and calls `f` per period.
    fn for_each_period(&mut self, s: &Scenario, period: Period, mut f: impl FnMut(&mut Self)) {
        let h = &s.horizon;
        let (n, k) = (s.agents.len(), s.outcomes.len());
        let units = self.unit_calls.len() / n.max(1);
        let per_day = self.unit == Some(Unit::Day);
        let index = |u: usize| {
            let (week, day) = if per_day {
                (u / h.days_per_week as usize, u)
            } else {
                (u, u * h.days_per_week as usize)
            };
            incentives::period_index(period, week, day, h.weeks_per_year, h.days_per_week)
        };
        let mut u = 0;
        while u < units {
            let p = index(u);
            self.period_calls.fill(0);
            self.period_counts.fill(0);
            self.period_paid.fill(0);
            while u < units && index(u) == p {
                for a in 0..n {
                    self.period_calls[a] += self.unit_calls[u * n + a];
                }
                for i in 0..n * k {
                    self.period_counts[i] += self.unit_counts[u * n * k + i];
                    self.period_paid[i] += self.unit_paid[u * n * k + i];
                }
                u += 1;
            }
            f(self);
        }
    }

    fn contest_period(&mut self, s: &Scenario, d: &YearDraw) {
        let Some(c) = &s.contest else { return };
        let k = s.outcomes.len();
        for a in 0..s.agents.len() {
            let counts = &self.period_counts[a * k..(a + 1) * k];
            let successes: u64 = counts.iter().sum();
            let pts = incentives::points(counts.iter().map(|x| *x as f64), &d.points);
            let calls = self.period_calls[a] as f64;
            self.scores[a] = c.score(calls, pts, successes as f64, d.base_success_rate[a]);
        }
        self.prizes_usd += incentives::award(&self.scores, &c.prizes_usd, &mut self.payouts_usd);
        self.contest_periods += 1;
        let best = self
            .scores
            .iter()
            .flatten()
            .fold(f64::NEG_INFINITY, |m, x| m.max(*x));
        let winners = self.scores.iter().filter(|x| **x == Some(best)).count();
        for (w, score) in self.wins.iter_mut().zip(&self.scores) {
            if winners > 0 && *score == Some(best) {
                *w += 1.0 / winners as f64;
            }
        }
    }

    fn commission_period(&mut self, s: &Scenario, d: &YearDraw, i: usize) {
        let c = &s.commissions[i];
        let (k, j) = (s.outcomes.len(), c.rule.outcome);
        for a in 0..s.agents.len() {
            let count = self.period_counts[a * k + j];
            let paid = self.period_paid[a * k + j];
            let value = count as f64 * d.value_usd[j] + paid as f64 * d.paid_value_usd[j];
            let usd = incentives::commission(
                &c.rule,
                count,
                value,
                d.commission_usd[i],
                d.commission_share[i],
            );
            self.payouts_usd[a] += usd;
            self.commissions_usd += usd;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::parse;

    #[test]
    fn incentives_settle_to_hand_computed_payouts_on_known_weeks() {
        // Every week agent 1 takes 10 calls and 2 saves, agent 2 10 calls and 1 save.
        // - Weekly contest, prizes $60 and $30 by points: 52 x $90, agent 1 wins every week.
        // - Monthly commission, $2 per save over a quota of 3, capped at $10: months are 5, 4, 4
        //   weeks (x4). Agent 1 has 10 or 8 saves: 7 or 5 over, $14 or $10, capped: $10 x 12.
        //   Agent 2 has 5 or 4: $4 in the 4 five-week months, $2 in the other 8: $32.
        // - Quarterly team bonus of $100 at a 10% success rate: 3 of 20 calls every quarter.
        let text = r#"
[team]
agents = 2
[demand]
calls_per_agent_hour = 1
[[outcomes]]
name = "save"
probability = 0.1
value_usd = 30
points = 1
[incentives.contest]
period = "week"
prizes_usd = [60, 30]
[[incentives.commission]]
outcome = "save"
usd_per_outcome = 2
quota = 3
cap_usd = 10
period = "month"
[incentives.team_bonus]
period = "quarter"
usd = 100
min_success_rate = 0.1
"#;
        let s = parse(text, "t.toml", "t").unwrap();
        let mut d = super::super::params::YearDraw::new(&s);
        d.fill(&s, 0, 0);
        let mut t = YearCounts::new(&s);
        assert_eq!(t.unit, Some(Unit::Week));
        for u in 0..52 {
            t.unit_calls[u * 2..u * 2 + 2].copy_from_slice(&[10, 10]);
            t.unit_counts[u * 2..u * 2 + 2].copy_from_slice(&[2, 1]);
        }
        t.settle_incentives(&s, &d);
        assert_eq!(t.prizes_usd, 52.0 * 90.0);
        assert_eq!(t.commissions_usd, 120.0 + 32.0);
        assert_eq!(t.team_bonus_usd, 400.0);
        assert_eq!(t.payouts_usd, [52.0 * 60.0 + 120.0, 52.0 * 30.0 + 32.0]);
        assert_eq!((t.wins[0], t.wins[1], t.contest_periods), (52.0, 0.0, 52));
    }

    #[test]
    fn a_daily_rule_makes_the_ledger_daily() {
        let text = "[team]\nagents = 1\n[demand]\ncalls_per_agent_hour = 1\n[[outcomes]]\n\
                    name = \"save\"\nprobability = 0.1\nvalue_usd = 30\n\
                    [[incentives.commission]]\noutcome = \"save\"\nusd_per_outcome = 1\nperiod = \"day\"\n";
        let s = parse(text, "t.toml", "t").unwrap();
        assert_eq!(unit(&s), Some(Unit::Day));
        assert_eq!(units_per_year(&s), 260);
    }
}
