//! Incentive rules as pure functions of per-agent results: contest scoring and prize awards.
//! No randomness and no IO here; the engine feeds each contest period's counts in and adds the
//! payouts to the plan's cost.

use serde::{Deserialize, Serialize};

/// How often a contest is decided (and its prizes paid).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

impl Period {
    /// Number of contest periods in the simulated year.
    pub fn per_year(self, weeks_per_year: u32, days_per_week: u32) -> u32 {
        match self {
            Period::Day => weeks_per_year * days_per_week,
            Period::Week => weeks_per_year,
            Period::Month => 12,
            Period::Quarter => 4,
            Period::Year => 1,
        }
    }

    /// The name as written in scenario files.
    pub fn name(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
            Period::Quarter => "quarter",
            Period::Year => "year",
        }
    }
}

/// What a contest ranks agents by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RankBy {
    /// Sum of points per outcome: favours agents who take more calls.
    #[default]
    Points,
    /// Successes per handled call: the article's advice when call volumes differ.
    SuccessRate,
    /// Success rate above the agent's own baseline rate (their rate without the plan).
    Improvement,
}

impl RankBy {
    /// The name as written in scenario files.
    pub fn name(self) -> &'static str {
        match self {
            RankBy::Points => "points",
            RankBy::SuccessRate => "success_rate",
            RankBy::Improvement => "improvement",
        }
    }
}

/// A contest: prizes by rank, paid every period.
#[derive(Debug, Clone, PartialEq)]
pub struct Contest {
    pub period: Period,
    /// Prize for rank 1, 2, ...; `[100.0]` is winner-takes-all.
    pub prizes_usd: Vec<f64>,
    pub rank_by: RankBy,
    /// Agents with fewer handled calls in the period do not qualify.
    pub min_calls: u64,
}

impl Contest {
    /// An agent's score for one period, or None if they do not qualify. Nobody wins a prize for
    /// nothing: a zero score does not qualify, so a period with no successes pays no prize.
    /// Counts are f64 so the expected-value projection scores expected counts by the same rule.
    /// `baseline_rate` is the agent's own success rate without the plan (for `Improvement`).
    pub fn score(
        &self,
        calls: f64,
        points: f64,
        successes: f64,
        baseline_rate: f64,
    ) -> Option<f64> {
        if calls <= 0.0 || calls < self.min_calls as f64 {
            return None;
        }
        let s = match self.rank_by {
            RankBy::Points => points,
            RankBy::SuccessRate => successes / calls,
            RankBy::Improvement => successes / calls - baseline_rate,
        };
        (s > 0.0).then_some(s)
    }
}

/// Contest points earned: counts per outcome times points per outcome.
pub fn points(counts: impl IntoIterator<Item = f64>, points_per_outcome: &[f64]) -> f64 {
    counts
        .into_iter()
        .zip(points_per_outcome)
        .map(|(c, p)| c * p)
        .sum()
}

/// A commission on one outcome, per agent and period: `usd_per_outcome` plus `share_of_value` of
/// the outcome's value, on the occurrences beyond `quota`, at most `cap_usd` per period.
#[derive(Debug, Clone, PartialEq)]
pub struct CommissionRule {
    pub outcome: usize,
    pub period: Period,
    pub quota: u64,
    pub cap_usd: Option<f64>,
}

/// One agent's commission for one period: `count` occurrences worth `value_usd` in all; the
/// first `quota` earn nothing, the rest earn `usd_each` plus `share` of their pro-rata value.
pub fn commission(
    rule: &CommissionRule,
    count: u64,
    value_usd: f64,
    usd_each: f64,
    share: f64,
) -> f64 {
    let eligible = count.saturating_sub(rule.quota);
    if eligible == 0 {
        return 0.0;
    }
    let value = value_usd * eligible as f64 / count as f64;
    let amount = eligible as f64 * usd_each + share * value;
    rule.cap_usd.map_or(amount, |cap| amount.min(cap))
}

/// A supervisor/team bonus: `usd` per period in which the team's success rate reaches
/// `min_success_rate` (a period with no calls pays nothing).
#[derive(Debug, Clone, PartialEq)]
pub struct TeamBonus {
    pub period: Period,
    pub usd: f64,
    pub min_success_rate: f64,
}

impl TeamBonus {
    pub fn pays(&self, calls: u64, successes: u64) -> f64 {
        if calls > 0 && successes as f64 / calls as f64 >= self.min_success_rate {
            self.usd
        } else {
            0.0
        }
    }
}

/// The index of the period of `period` kind that contains (week, day of the year); months and
/// quarters are equal shares of the year's weeks.
pub fn period_index(
    period: Period,
    week: usize,
    day: usize,
    weeks: u32,
    days_per_week: u32,
) -> usize {
    match period {
        Period::Day => day,
        Period::Week => week,
        Period::Year => 0,
        p => week * p.per_year(weeks, days_per_week) as usize / weeks as usize,
    }
}

/// Awards prizes by rank, adding each agent's share to `payouts`; returns the total paid.
/// Agents tied on score share equally the prizes of all the ranks they occupy together.
pub fn award(scores: &[Option<f64>], prizes_usd: &[f64], payouts: &mut [f64]) -> f64 {
    let mut order: Vec<(usize, f64)> = scores
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.map(|s| (i, s)))
        .collect();
    order.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut total = 0.0;
    let mut rank = 0;
    while rank < order.len() && rank < prizes_usd.len() {
        let tied = order[rank..]
            .iter()
            .take_while(|(_, s)| *s == order[rank].1)
            .count();
        let pool: f64 = prizes_usd.iter().skip(rank).take(tied).sum();
        for (agent, _) in &order[rank..rank + tied] {
            payouts[*agent] += pool / tied as f64;
        }
        total += pool;
        rank += tied;
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The field test's outcome counts per agent: site-1 saves, site-2 saves, site-3 trial
    /// up-sells, site-3 full up-sells; and calls per agent.
    const COUNTS: [[u64; 4]; 5] = [
        [20, 3, 3, 3],
        [18, 10, 2, 1],
        [9, 1, 3, 1],
        [8, 3, 1, 0],
        [2, 4, 1, 1],
    ];
    const CALLS: [u64; 5] = [222, 214, 105, 49, 72];
    const POINTS: [f64; 4] = [4.0, 2.0, 1.0, 3.0];

    fn contest(rank_by: RankBy, min_calls: u64) -> Contest {
        Contest {
            period: Period::Week,
            prizes_usd: vec![100.0],
            rank_by,
            min_calls,
        }
    }

    fn counts(agent: usize) -> impl Iterator<Item = f64> {
        COUNTS[agent].iter().map(|c| *c as f64)
    }

    fn field_test_payouts(c: &Contest) -> Vec<f64> {
        let scores: Vec<Option<f64>> = (0..5)
            .map(|a| {
                c.score(
                    CALLS[a] as f64,
                    points(counts(a), &POINTS),
                    counts(a).sum(),
                    0.0,
                )
            })
            .collect();
        let mut pay = vec![0.0; 5];
        assert_eq!(award(&scores, &c.prizes_usd, &mut pay), 100.0);
        pay
    }

    #[test]
    fn field_test_points_and_winner() {
        let pts: Vec<f64> = (0..5).map(|a| points(counts(a), &POINTS)).collect();
        assert_eq!(pts, [98.0, 97.0, 44.0, 39.0, 20.0]);
        assert_eq!(
            field_test_payouts(&contest(RankBy::Points, 0)),
            [100.0, 0.0, 0.0, 0.0, 0.0]
        );
    }

    #[test]
    fn field_test_ranked_by_success_rate() {
        // Agent 4: 12 of 49 calls; with a 50-call minimum, agent 2: 31 of 214.
        assert_eq!(
            field_test_payouts(&contest(RankBy::SuccessRate, 0))[3],
            100.0
        );
        assert_eq!(
            field_test_payouts(&contest(RankBy::SuccessRate, 50))[1],
            100.0
        );
    }

    #[test]
    fn ties_split_the_prizes_of_the_ranks_they_share() {
        let mut pay = vec![0.0; 3];
        assert_eq!(
            award(&[Some(5.0), Some(5.0), Some(3.0)], &[100.0], &mut pay),
            100.0
        );
        assert_eq!(pay, [50.0, 50.0, 0.0]);
        let mut pay = vec![0.0; 3];
        assert_eq!(
            award(
                &[Some(5.0), Some(5.0), Some(3.0)],
                &[100.0, 50.0, 10.0],
                &mut pay
            ),
            160.0
        );
        assert_eq!(pay, [75.0, 75.0, 10.0]);
        let mut pay = vec![0.0; 3];
        award(&[Some(1.0), Some(4.0), Some(4.0)], &[90.0, 30.0], &mut pay);
        assert_eq!(pay, [0.0, 60.0, 60.0]);
    }

    #[test]
    fn unqualified_agents_and_empty_periods_win_nothing() {
        let c = contest(RankBy::Points, 10);
        assert_eq!(c.score(9.0, 50.0, 5.0, 0.0), None);
        assert_eq!(c.score(0.0, 0.0, 0.0, 0.0), None);
        assert_eq!(contest(RankBy::Points, 0).score(30.0, 0.0, 0.0, 0.0), None);
        let mut pay = vec![0.0; 2];
        assert_eq!(award(&[None, None], &[100.0], &mut pay), 0.0);
        assert_eq!(pay, [0.0, 0.0]);
    }

    #[test]
    fn improvement_ranks_on_the_rate_above_each_agents_own_baseline() {
        let c = contest(RankBy::Improvement, 0);
        // 20% against a 15% baseline beats 24% against a 22% one; no gain, no prize.
        assert!((c.score(100.0, 0.0, 20.0, 0.15).unwrap() - 0.05).abs() < 1e-12);
        assert!((c.score(50.0, 0.0, 12.0, 0.22).unwrap() - 0.02).abs() < 1e-12);
        assert_eq!(c.score(100.0, 0.0, 10.0, 0.10), None);
    }

    fn rule(quota: u64, cap_usd: Option<f64>) -> CommissionRule {
        CommissionRule {
            outcome: 0,
            period: Period::Week,
            quota,
            cap_usd,
        }
    }

    #[test]
    fn commission_edges_quota_cap_share_and_empty_periods() {
        // $2 each on 10 saves worth $349.50.
        assert_eq!(commission(&rule(0, None), 10, 349.5, 2.0, 0.0), 20.0);
        // A quota of 4: only 6 pay; 5% of their pro-rata value on top.
        let got = commission(&rule(4, None), 10, 349.5, 2.0, 0.05);
        assert!((got - (12.0 + 0.05 * 349.5 * 0.6)).abs() < 1e-9);
        // At or below the quota, nothing; a period with no outcomes, nothing.
        assert_eq!(commission(&rule(10, None), 10, 349.5, 2.0, 0.05), 0.0);
        assert_eq!(commission(&rule(0, None), 0, 0.0, 2.0, 0.05), 0.0);
        // The cap binds per period, and only when reached.
        assert_eq!(commission(&rule(0, Some(15.0)), 10, 349.5, 2.0, 0.0), 15.0);
        assert_eq!(commission(&rule(0, Some(25.0)), 10, 349.5, 2.0, 0.0), 20.0);
    }

    #[test]
    fn team_bonus_pays_at_the_threshold_and_not_for_empty_periods() {
        let b = TeamBonus {
            period: Period::Month,
            usd: 500.0,
            min_success_rate: 0.14,
        };
        assert_eq!(b.pays(100, 14), 500.0);
        assert_eq!(b.pays(100, 13), 0.0);
        assert_eq!(b.pays(0, 0), 0.0);
    }

    #[test]
    fn period_index_groups_weeks_into_months_and_quarters() {
        assert_eq!(period_index(Period::Month, 0, 0, 52, 5), 0);
        assert_eq!(period_index(Period::Month, 51, 259, 52, 5), 11);
        assert_eq!(period_index(Period::Quarter, 13, 65, 52, 5), 1);
        assert_eq!(period_index(Period::Day, 3, 17, 52, 5), 17);
        assert_eq!(period_index(Period::Year, 40, 200, 52, 5), 0);
    }

    #[test]
    fn periods_per_year() {
        assert_eq!(Period::Day.per_year(52, 5), 260);
        assert_eq!(Period::Week.per_year(52, 5), 52);
        assert_eq!(Period::Month.per_year(52, 5), 12);
        assert_eq!(Period::Quarter.per_year(52, 5), 4);
        assert_eq!(Period::Year.per_year(52, 5), 1);
    }

    fn assert_cents(got: f64, want: f64) {
        assert!((got - want).abs() < 1e-9, "got {got}, by hand {want}");
    }

    /// A monthly save commission by hand: quota 5, cap $40, $1 per save plus 2% of a $34.95
    /// save's value, so $1 + $0.699 = $1.699 on each save beyond the fifth.
    #[test]
    fn save_commission_by_hand_below_at_and_above_the_cap() {
        let rule = CommissionRule {
            outcome: 0,
            period: Period::Month,
            quota: 5,
            cap_usd: Some(40.0),
        };
        let pay = |saves: u64| commission(&rule, saves, saves as f64 * 34.95, 1.0, 0.02);
        assert_eq!(pay(5), 0.0);
        assert_cents(pay(6), 1.699);
        assert_cents(pay(12), 11.893); // 7 x 1.699
        assert_cents(pay(28), 39.077); // 23 x 1.699, under the cap
        assert_eq!(pay(29), 40.0); // 24 x 1.699 = 40.776, capped
        assert_eq!(pay(500), 40.0);
    }

    /// A trial commission's share is of the value the trials brought in, paid conversions
    /// included, pro rata to the trials beyond the quota: 10 trials worth $0 each of which 3
    /// converted at $35, so $105 in all.
    #[test]
    fn trial_commission_shares_converted_value_pro_rata() {
        let rule = CommissionRule {
            outcome: 0,
            period: Period::Day,
            quota: 4,
            cap_usd: None,
        };
        // 6 of the 10 beyond the quota: 6 x $0.50 + 10% x $105 x 6/10 = $3 + $6.30.
        assert_cents(commission(&rule, 10, 105.0, 0.5, 0.1), 9.3);
        let capped = CommissionRule {
            cap_usd: Some(8.0),
            ..rule
        };
        assert_eq!(commission(&capped, 10, 105.0, 0.5, 0.1), 8.0);
    }

    /// Ties by hand. Prizes [60, 30]: a three-way tie for second shares rank 2's $30 with the
    /// unpaid ranks 3 and 4, $10 each; the unqualified agent takes no rank. Four agents tied
    /// first on [100, 50, 10] share $160, $40 each. Payouts add up period after period.
    #[test]
    fn ties_by_hand_past_the_last_prize_and_across_periods() {
        let mut pay = vec![0.0; 5];
        let week = [Some(2.0), None, Some(9.0), Some(2.0), Some(2.0)];
        assert_eq!(award(&week, &[60.0, 30.0], &mut pay), 90.0);
        assert_eq!(pay, [10.0, 0.0, 60.0, 10.0, 10.0]);
        let next_week = [Some(3.0), Some(3.0), Some(3.0), Some(3.0), None];
        assert_eq!(award(&next_week, &[100.0, 50.0, 10.0], &mut pay), 160.0);
        assert_eq!(pay, [50.0, 40.0, 100.0, 50.0, 10.0]);
    }

    /// `min_calls` is a floor the agent may sit on: 50 calls qualify for a 50-call minimum.
    #[test]
    fn min_calls_qualifies_at_the_minimum() {
        let c = contest(RankBy::SuccessRate, 50);
        assert_eq!(c.score(50.0, 0.0, 10.0, 0.0), Some(0.2));
        assert_eq!(c.score(49.0, 0.0, 10.0, 0.0), None);
    }
}
