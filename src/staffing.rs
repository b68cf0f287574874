//! Staffing search: the fewest agents whose simulated service level meets a target, in the mean
//! and in a chosen share of simulated years. It starts from a guess (the Erlang answer), and
//! steps from it one team size at a time, doubling the step while the answers are clear, then
//! bisects. Each size's verdict is sequential: years are simulated in batches until the target
//! is met or missed by more than `z` standard errors, or, for the share of years, until the
//! remaining years could no longer change the verdict at the cap; at the cap the point estimate
//! decides, as a full search of that many years would. Pure: the caller supplies `evaluate`,
//! which simulates the scenario with a given number of agents for its first `years` years
//! (same seed for every size, so the sizes see the same callers and the search does not chase
//! noise; year i is the same however many years are run).

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
    /// Years simulated at this size (its decisions needed no more).
    pub years: u64,
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
    /// Where the search started: the Erlang answer for the scenario's mean load.
    pub erlang_start: usize,
    /// How each size's years were chosen.
    pub sampling: Sampling,
    /// Years simulated over all sizes.
    pub years_simulated: u64,
    /// Every size simulated, ascending; includes one fewer and one more around both answers.
    pub levels: Vec<Level>,
}

/// Sequential sampling: batches of `batch` years, at least `min_years` before any verdict, at
/// most `max_years`; a verdict before the cap needs a margin of `z` standard errors.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Sampling {
    pub batch: u64,
    pub min_years: u64,
    pub max_years: u64,
    pub z: f64,
}

impl Sampling {
    /// Batches of 10 years, verdicts from 20 years at 4 standard errors, at most `max_years`.
    pub fn up_to(max_years: u64) -> Sampling {
        Sampling {
            batch: 10,
            min_years: 20.min(max_years),
            max_years,
            z: 4.0,
        }
    }
}

/// Largest team the search will try.
pub const MAX_AGENTS: usize = 5_000;

/// The two questions asked of a team size.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Question {
    /// Does the mean service level meet the target?
    Mean,
    /// Do at least `years_share` of the years meet it?
    Years,
}

struct Search<'a, F: FnMut(usize, u64) -> Level> {
    target: f64,
    years_share: f64,
    sampling: Sampling,
    evaluate: F,
    seen: &'a mut BTreeMap<usize, Level>,
}

/// Searches team sizes 1..=MAX_AGENTS from `guess`; None when even MAX_AGENTS misses the
/// target.
pub fn search(
    (target, within_seconds, years_share): (f64, f64, f64),
    guess: usize,
    sampling: Sampling,
    evaluate: impl FnMut(usize, u64) -> Level,
) -> Option<Staffing> {
    let mut seen = BTreeMap::new();
    let mut s = Search {
        target,
        years_share,
        sampling,
        evaluate,
        seen: &mut seen,
    };
    let agents_for_mean = s.fewest(guess, Question::Mean)?;
    // Meeting the target in most years takes more than meeting it in the mean: start one up.
    let above = usize::from(years_share >= 0.5);
    let agents_for_years = s.fewest(agents_for_mean + above, Question::Years)?;
    // The sizes either side of each answer, for the table: one batch where not simulated.
    for n in [agents_for_mean, agents_for_years] {
        for m in [n.saturating_sub(1).max(1), n + 1] {
            if !s.seen.contains_key(&m) {
                s.level(m, sampling.batch.min(sampling.max_years));
            }
        }
    }
    let levels: Vec<Level> = seen.into_values().collect();
    Some(Staffing {
        target_service_level: target,
        within_seconds,
        years_share,
        agents_for_mean,
        agents_for_years,
        erlang_start: guess,
        sampling,
        years_simulated: levels.iter().map(|l| l.years).sum(),
        levels,
    })
}

impl<F: FnMut(usize, u64) -> Level> Search<'_, F> {
    fn level(&mut self, n: usize, years: u64) -> Level {
        let l = (self.evaluate)(n, years);
        self.seen.insert(n, l.clone());
        l
    }

    /// The verdict at size `n`, simulating more years until it is clear; and whether it came
    /// at the first look (a clear answer, far from the target).
    fn decide(&mut self, n: usize, q: Question) -> (bool, bool) {
        let sm = self.sampling;
        let mut years = self.seen.get(&n).map_or(sm.min_years, |l| l.years);
        let first = years;
        loop {
            let l = match self.seen.get(&n) {
                Some(l) if l.years >= years => l.clone(),
                _ => self.level(n, years),
            };
            if let Some(v) = self.verdict(&l, q) {
                return (v, l.years == first && first == sm.min_years);
            }
            years = (l.years + sm.batch).min(sm.max_years);
        }
    }

    /// Met (Some(true)), missed (Some(false)) or not yet clear (None).
    fn verdict(&self, l: &Level, q: Question) -> Option<bool> {
        let sm = self.sampling;
        let at_cap = l.years >= sm.max_years;
        match q {
            Question::Mean => {
                let margin = l.service_level_mean - self.target;
                if at_cap {
                    Some(margin >= 0.0)
                } else {
                    (margin.abs() > sm.z * l.service_level_se).then_some(margin > 0.0)
                }
            }
            Question::Years => {
                let (k, cap, s) = (l.years as f64, sm.max_years as f64, self.years_share);
                let met = (l.years_meeting.p * k).round();
                if at_cap {
                    return Some(l.years_meeting.p >= s);
                }
                // Whatever the years left to the cap bring, the share at the cap is decided.
                if met / cap >= s {
                    return Some(true);
                }
                if (met + cap - k) / cap < s {
                    return Some(false);
                }
                let se = (s * (1.0 - s) / k).sqrt();
                let margin = l.years_meeting.p - s;
                (margin.abs() > sm.z * se).then_some(margin > 0.0)
            }
        }
    }

    /// Smallest n with a met verdict (the service level grows with n): steps from `guess`,
    /// doubling while the verdicts are clear, then bisects.
    fn fewest(&mut self, guess: usize, q: Question) -> Option<usize> {
        let mut n = guess.clamp(1, MAX_AGENTS);
        let (met, _) = self.decide(n, q);
        let (mut lo, mut hi) = if met { (0, n) } else { (n, 0) };
        let mut step = 1;
        while hi == 0 || (met && lo == 0 && hi > 1) {
            n = if met {
                hi.saturating_sub(step).max(1)
            } else {
                (lo + step).min(MAX_AGENTS)
            };
            let (ok, clear) = self.decide(n, q);
            match (ok, met) {
                (true, true) => hi = n,
                (false, false) if n >= MAX_AGENTS => return None,
                (false, false) => lo = n,
                (true, false) => hi = n,
                (false, true) => lo = n,
            }
            step = if clear { step * 2 } else { 1 };
        }
        while hi - lo > 1 {
            let mid = (lo + hi) / 2;
            if self.decide(mid, q).0 {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        Some(hi)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::erlang;
    use crate::stats::proportion;
    use rand::RngExt;

    fn level(agents: usize, years: &[f64], target: f64) -> Level {
        let k = years.len() as f64;
        let mean = years.iter().sum::<f64>() / k;
        let var = years.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (k - 1.0).max(1.0);
        Level {
            agents,
            seats: agents,
            service_level_mean: mean,
            service_level_se: (var / k).sqrt(),
            years_meeting: proportion(years.iter().filter(|x| **x >= target).count(), years.len()),
            abandon_rate_mean: 0.0,
            occupancy_mean: 0.0,
            profit_per_agent_year_mean: 0.0,
            profit_per_agent_year_se: 0.0,
            team_profit_year_mean: 0.0,
            team_profit_year_se: 0.0,
            years: years.len() as u64,
        }
    }

    /// With Erlang C as the "simulation" (every year the same), the search finds the textbook
    /// staffing: 100 calls an hour of 3 minutes (5 Erlangs) need 8 agents for 80% answered
    /// within 20 s, from any start.
    #[test]
    fn finds_the_erlang_c_staffing() {
        let lambda = 100.0 / 3600.0;
        let mu = 1.0 / 180.0;
        let sl = |n: usize| {
            erlang::erlang_c(n, lambda, mu).map_or(0.0, |c| c.service_level(n, lambda, mu, 20.0))
        };
        let want = (1..50).find(|n| sl(*n) >= 0.8).unwrap();
        assert_eq!(want, 8);
        for guess in [1, 5, 8, 9, 30, 400] {
            let evaluate = |n: usize, years: u64| level(n, &vec![sl(n); years as usize], 0.8);
            let s = search((0.8, 20.0, 0.9), guess, Sampling::up_to(100), evaluate).unwrap();
            assert_eq!(
                (s.agents_for_mean, s.agents_for_years),
                (want, want),
                "from {guess}"
            );
            let sizes: Vec<usize> = s.levels.iter().map(|l| l.agents).collect();
            assert!(sizes.contains(&7) && sizes.contains(&9), "{sizes:?}");
            // Misses are clear at the first look (20 years), neighbours get one batch (10); a
            // met share of 90% of 100 years is certain at the 90th met year.
            assert!(
                s.levels.iter().all(|l| [10, 20, 90].contains(&l.years)),
                "from {guess}"
            );
            assert_eq!(s.levels.iter().find(|l| l.agents == 8).unwrap().years, 90);
        }
    }

    /// A simulated year's service level at n agents: a smooth curve through the target plus the
    /// year's own luck, shared by every size (common random numbers), so each year's level grows
    /// with n. 300 random problems: the sequential search gives the full search's answers (every
    /// size at 100 years) in each, at a fraction of the years.
    #[test]
    fn sequential_search_gives_the_full_searchs_answers() {
        let (target, share, cap) = (0.8, 0.9, 100u64);
        let mut rng = crate::rng::stream(11, 0, crate::rng::key("staffing test"));
        let (mut used, mut full) = (0u64, 0u64);
        for problem in 0..300 {
            let centre = rng.random_range(10.0..60.0);
            let width = rng.random_range(0.5..4.0);
            let spread = rng.random_range(0.005..0.05);
            let luck: Vec<f64> = (0..cap)
                .map(|_| {
                    // Box-Muller normal deviates.
                    let (u, v): (f64, f64) = (rng.random(), rng.random());
                    (-2.0 * (1.0 - u).ln()).sqrt() * (std::f64::consts::TAU * v).cos()
                })
                .collect();
            let years = |n: usize, k: u64| -> Vec<f64> {
                let base = 1.0 / (1.0 + (-(n as f64 - centre) / width).exp());
                luck[..k as usize]
                    .iter()
                    .map(|e| (base * 0.95 + spread * e).clamp(0.0, 1.0))
                    .collect()
            };
            let full_level = |n: usize| level(n, &years(n, cap), target);
            let want_mean = (1..)
                .find(|n| full_level(*n).service_level_mean >= target)
                .unwrap();
            let want_years = (1..)
                .find(|n| full_level(*n).years_meeting.p >= share)
                .unwrap();
            let guess = (want_mean as i64 + rng.random_range(-6i64..=6)).max(1) as usize;
            let evaluate = |n: usize, k: u64| level(n, &years(n, k), target);
            let s = search((target, 20.0, share), guess, Sampling::up_to(cap), evaluate).unwrap();
            assert_eq!(
                (s.agents_for_mean, s.agents_for_years),
                (want_mean, want_years),
                "problem {problem}: centre {centre}, width {width}, spread {spread}, guess {guess}"
            );
            used += s.years_simulated;
            // The doubling-and-bisection search of 100 years per size that this one replaced.
            full += 100 * (2.0 * (want_years as f64).log2() + 4.0) as u64;
        }
        eprintln!("{used} years simulated against about {full}");
        assert!(used * 3 < full, "{used} years against about {full}");
    }

    /// The share of years decides as soon as the years left to the cap could not change it:
    /// with 90% needed of 100, the eleventh missed year is a miss, the ninetieth met year a meet.
    #[test]
    fn share_of_years_stops_when_the_cap_cannot_change_it() {
        let sm = Sampling {
            batch: 1,
            min_years: 1,
            max_years: 100,
            z: 1e9,
        };
        let mut seen = BTreeMap::new();
        let s = Search {
            target: 0.8,
            years_share: 0.9,
            sampling: sm,
            evaluate: |_, _| unreachable!(),
            seen: &mut seen,
        };
        let at = |k: usize, met: usize| {
            let mut years = vec![0.9; met];
            years.resize(k, 0.7);
            level(30, &years, 0.8)
        };
        assert_eq!(s.verdict(&at(11, 0), Question::Years), Some(false));
        assert_eq!(s.verdict(&at(10, 0), Question::Years), None);
        assert_eq!(s.verdict(&at(50, 39), Question::Years), Some(false));
        assert_eq!(s.verdict(&at(50, 40), Question::Years), None);
        assert_eq!(s.verdict(&at(90, 90), Question::Years), Some(true));
        assert_eq!(s.verdict(&at(95, 89), Question::Years), None);
        assert_eq!(s.verdict(&at(100, 89), Question::Years), Some(false));
        assert_eq!(s.verdict(&at(100, 90), Question::Years), Some(true));
    }
}
