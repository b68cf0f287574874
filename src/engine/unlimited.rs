//! Level 2, unlimited capacity: every arriving call is handled (the article's assumption).
//!
//! Calls arrive as a Poisson process and each handled call independently ends in outcome k with
//! probability p_k, so by Poisson thinning the counts of the outcomes (and of calls with no
//! outcome) are independent Poisson variables with means mu * p_k; a trial that converts with
//! probability r thins once more into paid and unpaid trials. One Poisson draw per outcome per
//! agent per period is exact in distribution and costs O(outcomes), not O(calls).
//! Each (agent, outcome) pair has its own stream, consumed period by period, so scenarios that
//! differ in one lever keep the other draws (common random numbers).
//! When every input is fixed, each draw's mean is the same in every year, and `tables` builds one
//! inversion table per draw up front (one uniform per count instead of PTRS's rejection loop).

use super::counts::YearCounts;
use super::params::YearDraw;
use super::poisson::{self, Table};
use crate::rng::{self, Stream};
use crate::scenario::Scenario;

/// Per agent, the Poisson draws of one period: per outcome its paid trials and the rest, then
/// the calls with no outcome.
fn draws_per_agent(s: &Scenario) -> usize {
    2 * s.outcomes.len() + 1
}

/// The mean number of calls of agent `a` in one period.
fn period_mean(s: &Scenario, draw: &YearDraw, a: usize) -> f64 {
    let hours = s.horizon.paid_hours_per_year() / f64::from(s.periods_per_year());
    draw.calls_per_hour[a] * hours * draw.demand_multiplier
}

/// One inversion table per Poisson draw of a period (see `draws_per_agent`), for a scenario whose
/// inputs are all fixed; empty otherwise.
pub fn tables(s: &Scenario) -> Vec<Option<Table>> {
    let mut draw = YearDraw::new(s);
    if !draw.all_fixed() {
        return Vec::new();
    }
    draw.fill(s, 0, 0);
    let k = s.outcomes.len();
    let mut out = Vec::with_capacity(s.agents.len() * draws_per_agent(s));
    for a in 0..s.agents.len() {
        let mu = period_mean(s, &draw, a);
        for j in 0..k {
            let (lambda, r) = (mu * draw.probability[a * k + j], draw.trial_to_paid[j]);
            out.push(Table::new(lambda * r));
            out.push(Table::new(lambda * (1.0 - r)));
        }
        out.push(Table::new(mu * draw.no_outcome[a]));
    }
    out
}

/// Draws one simulated year's counts, per agent and period.
pub struct Tally<'a> {
    pub year: YearCounts,
    /// Stream keys per agent, per slot (each outcome, then "no outcome").
    keys: Vec<u64>,
    streams: Vec<Stream>,
    period_counts: Vec<u64>,
    /// From `tables`: indexed like the draws, or empty.
    tables: &'a [Option<Table>],
}

impl<'a> Tally<'a> {
    pub fn new(s: &Scenario, tables: &'a [Option<Table>]) -> Tally<'a> {
        let (k, n) = (s.outcomes.len(), s.agents.len());
        let slot_names = s
            .outcomes
            .iter()
            .map(|o| o.name.as_str())
            .chain(["(no outcome)"]);
        let slot_names: Vec<&str> = slot_names.collect();
        let keys: Vec<u64> = (0..n)
            .flat_map(|a| {
                slot_names
                    .iter()
                    .map(move |name| rng::key(&format!("counts/{a}/{name}")))
            })
            .collect();
        Tally {
            year: YearCounts::new(s),
            streams: keys.iter().map(|k| rng::stream(0, 0, *k)).collect(),
            keys,
            period_counts: vec![0; k],
            tables,
        }
    }

    /// Draws the year's calls and outcomes, period by period (a period is a contest period, or
    /// the whole year when there is no contest), and runs the contest in each period.
    pub fn simulate(&mut self, s: &Scenario, draw: &YearDraw, seed: u64, it: u64) {
        self.reset(seed, it);
        for _ in 0..s.periods_per_year() {
            for a in 0..s.agents.len() {
                let mu = period_mean(s, draw, a);
                self.agent_period(s, draw, a, mu);
            }
            self.year.award(s);
        }
    }

    fn reset(&mut self, seed: u64, it: u64) {
        self.year.reset();
        for (stream, key) in self.streams.iter_mut().zip(&self.keys) {
            *stream = rng::stream(seed, it, *key);
        }
    }

    /// One agent's calls and outcomes in one period, with mean `mu` calls.
    fn agent_period(&mut self, s: &Scenario, draw: &YearDraw, a: usize, mu: f64) {
        let k = s.outcomes.len();
        let p = &draw.probability[a * k..(a + 1) * k];
        let streams = &mut self.streams[a * (k + 1)..(a + 1) * (k + 1)];
        let d = draws_per_agent(s);
        let tables = self.tables.get(a * d..(a + 1) * d);
        let draw_count = |stream: &mut rng::Stream, i: usize, lambda: f64| match tables {
            Some(t) => t[i].as_ref().map_or(0, |t| t.sample(stream)),
            None => poisson::sample(stream, lambda),
        };
        let mut calls = 0;
        for j in 0..k {
            let lambda = mu * p[j];
            let r = draw.trial_to_paid[j];
            let paid = if r > 0.0 {
                draw_count(&mut streams[j], 2 * j, lambda * r)
            } else {
                0
            };
            let count = paid + draw_count(&mut streams[j], 2 * j + 1, lambda * (1.0 - r));
            self.period_counts[j] = count;
            self.year.counts[a * k + j] += count;
            self.year.paid[a * k + j] += paid;
            calls += count;
        }
        calls += draw_count(&mut streams[k], 2 * k, mu * draw.no_outcome[a]);
        self.year.calls[a] += calls;
        if s.contest.is_some() {
            self.year.score(s, a, calls, &self.period_counts);
        }
    }
}
