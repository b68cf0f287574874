//! Staffing search: the fewest agents whose simulated service level meets a target, in the mean
//! and in a chosen share of simulated years. Pure: the caller supplies `evaluate`, which
//! simulates the scenario with a given number of agents (same seed for every size, so the sizes
//! see the same callers and the search does not chase noise).

use crate::stats::Proportion;
use serde::Serialize;
use std::collections::BTreeMap;

/// One simulated team size.
#[derive(Debug, Clone, Serialize)]
pub struct Level {
    pub agents: usize,
    /// Agents on the phones at any open moment (after shrinkage).
    pub seats: usize,
    pub service_level_mean: f64,
    pub service_level_se: f64,
    /// Share of simulated years whose service level met the target.
    pub years_meeting: Proportion,
    pub abandon_rate_mean: f64,
    pub occupancy_mean: f64,
    pub profit_per_agent_year_mean: f64,
    pub profit_per_agent_year_se: f64,
    pub team_profit_year_mean: f64,
    pub team_profit_year_se: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Staffing {
    pub target_service_level: f64,
    pub within_seconds: f64,
    pub years_share: f64,
    /// Fewest agents whose mean service level meets the target.
    pub agents_for_mean: usize,
    /// Fewest agents that meet the target in at least `years_share` of simulated years.
    pub agents_for_years: usize,
    /// Every size simulated, ascending; includes one fewer and one more around both answers.
    pub levels: Vec<Level>,
}

/// Largest team the search will try.
pub const MAX_AGENTS: usize = 5_000;

/// Searches team sizes 1..=MAX_AGENTS; None when even MAX_AGENTS misses the target.
pub fn search(
    target: f64,
    within_seconds: f64,
    years_share: f64,
    mut evaluate: impl FnMut(usize) -> Level,
) -> Option<Staffing> {
    let mut seen: BTreeMap<usize, Level> = BTreeMap::new();
    let mut eval = |n: usize, seen: &mut BTreeMap<usize, Level>| {
        seen.entry(n).or_insert_with(|| evaluate(n)).clone()
    };
    let meets_mean = |l: &Level| l.service_level_mean >= target;
    let meets_years = |l: &Level| l.years_meeting.p >= years_share;
    let agents_for_mean = fewest(&mut seen, &mut eval, &meets_mean)?;
    let agents_for_years = fewest(&mut seen, &mut eval, &meets_years)?;
    for n in [agents_for_mean, agents_for_years] {
        for m in [n.saturating_sub(1).max(1), n + 1] {
            eval(m, &mut seen);
        }
    }
    Some(Staffing {
        target_service_level: target,
        within_seconds,
        years_share,
        agents_for_mean,
        agents_for_years,
        levels: seen.into_values().collect(),
    })
}

/// Smallest n with `ok(level(n))`, by doubling then bisection (service level grows with n).
fn fewest(
    seen: &mut BTreeMap<usize, Level>,
    eval: &mut impl FnMut(usize, &mut BTreeMap<usize, Level>) -> Level,
    ok: &impl Fn(&Level) -> bool,
) -> Option<usize> {
    let (mut lo, mut hi) = (0, 1); // ok fails at lo (0 agents never serve), holds at hi
    while !ok(&eval(hi, seen)) {
        if hi >= MAX_AGENTS {
            return None;
        }
        lo = hi;
        hi = (hi * 2).min(MAX_AGENTS);
    }
    while hi - lo > 1 {
        let mid = (lo + hi) / 2;
        if ok(&eval(mid, seen)) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Some(hi)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::erlang;

    /// With Erlang C as the "simulation", the search finds the textbook staffing: 100 calls an
    /// hour of 3 minutes (5 Erlangs) need 8 agents for 80% answered within 20 s.
    #[test]
    fn finds_the_erlang_c_staffing() {
        let lambda = 100.0 / 3600.0;
        let mu = 1.0 / 180.0;
        let level = |n: usize| {
            let sl = erlang::erlang_c(n, lambda, mu)
                .map_or(0.0, |c| c.service_level(n, lambda, mu, 20.0));
            Level {
                agents: n,
                seats: n,
                service_level_mean: sl,
                service_level_se: 0.0,
                years_meeting: crate::stats::proportion(usize::from(sl >= 0.8), 1),
                abandon_rate_mean: 0.0,
                occupancy_mean: 0.0,
                profit_per_agent_year_mean: 0.0,
                profit_per_agent_year_se: 0.0,
                team_profit_year_mean: 0.0,
                team_profit_year_se: 0.0,
            }
        };
        let s = search(0.8, 20.0, 0.9, level).unwrap();
        let want = (1..50)
            .find(|n| level(*n).service_level_mean >= 0.8)
            .unwrap();
        assert_eq!(s.agents_for_mean, want);
        assert_eq!(s.agents_for_years, want);
        assert_eq!(want, 8);
        let sizes: Vec<usize> = s.levels.iter().map(|l| l.agents).collect();
        assert!(sizes.contains(&7) && sizes.contains(&9));
    }
}
