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
}

impl RankBy {
    /// The name as written in scenario files.
    pub fn name(self) -> &'static str {
        match self {
            RankBy::Points => "points",
            RankBy::SuccessRate => "success_rate",
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
    pub fn score(&self, calls: f64, points: f64, successes: f64) -> Option<f64> {
        if calls <= 0.0 || calls < self.min_calls as f64 {
            return None;
        }
        let s = match self.rank_by {
            RankBy::Points => points,
            RankBy::SuccessRate => successes / calls,
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
            .map(|a| c.score(CALLS[a] as f64, points(counts(a), &POINTS), counts(a).sum()))
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
        assert_eq!(c.score(9.0, 50.0, 5.0), None);
        assert_eq!(c.score(0.0, 0.0, 0.0), None);
        assert_eq!(contest(RankBy::Points, 0).score(30.0, 0.0, 0.0), None);
        let mut pay = vec![0.0; 2];
        assert_eq!(award(&[None, None], &[100.0], &mut pay), 0.0);
        assert_eq!(pay, [0.0, 0.0]);
    }

    #[test]
    fn periods_per_year() {
        assert_eq!(Period::Day.per_year(52, 5), 260);
        assert_eq!(Period::Week.per_year(52, 5), 52);
        assert_eq!(Period::Month.per_year(52, 5), 12);
        assert_eq!(Period::Quarter.per_year(52, 5), 4);
        assert_eq!(Period::Year.per_year(52, 5), 1);
    }
}
