//! Level 2, unlimited capacity: every arriving call is handled (the article's assumption).
//!
//! Calls arrive as a Poisson process and each handled call independently ends in outcome k with
//! probability p_k, so by Poisson thinning the counts of the outcomes (and of calls with no
//! outcome) are independent Poisson variables with means mu * p_k; a trial that converts with
//! probability r thins once more into paid and unpaid trials. One Poisson draw per outcome per
//! agent per year is exact in distribution and costs O(outcomes), not O(calls).
//! Each (agent, outcome) pair has its own stream, so scenarios that differ in one lever keep the
//! other draws (common random numbers).
//! When every input is fixed, each draw's mean is the same in every year, and `tables` builds one
//! inversion table per draw up front (one uniform per count instead of PTRS's rejection loop).

use super::binomial;
use super::counts::{self, YearCounts};
use super::params::YearDraw;
use super::poisson::{self, Table};
use crate::incentives::{self, Period};
use crate::rng::{self, Stream};
use crate::scenario::Scenario;
use rand::RngExt;

/// Per agent, the Poisson draws of one year: per outcome its paid trials and the rest, then the
/// calls with no outcome.
fn draws_per_agent(s: &Scenario) -> usize {
    2 * s.outcomes.len() + 1
}

/// The mean number of calls of agent `a` in the year.
fn year_mean(s: &Scenario, draw: &YearDraw, a: usize) -> f64 {
    draw.calls_per_hour[a] * s.horizon.paid_hours_per_year() * draw.demand_multiplier
}

/// One inversion table per Poisson draw of a year (see `draws_per_agent`), for a scenario whose
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
        let mu = year_mean(s, &draw, a);
        for j in 0..k {
            let (lambda, r) = (mu * draw.probability[a * k + j], draw.trial_to_paid[j]);
            out.push(Table::new(lambda * r));
            out.push(Table::new(lambda * (1.0 - r)));
        }
        out.push(Table::new(mu * draw.no_outcome[a]));
    }
    out
}

/// Draws one simulated year's counts, per agent (and per ledger unit when incentives need it).
pub struct Tally<'a> {
    pub year: YearCounts,
    /// Stream keys per agent, per slot (each outcome, then "no outcome").
    keys: Vec<u64>,
    streams: Vec<Stream>,
    /// Per agent, the year's total of each draw (`draws_per_agent`).
    totals: Vec<u64>,
    /// Per ledger unit, one draw's share of its total; ln(1 - 1/r) for r units left.
    split: Vec<u64>,
    ln_q: Vec<f64>,
    /// Paid trials are split on their own only when a commission pays on value; otherwise an
    /// outcome's paid and unpaid occurrences are split together (one split instead of two).
    split_paid: bool,
    /// Weeks in each month of the year (months are equal shares of the weeks).
    month_weeks: [f64; 12],
    /// From `tables`: indexed like the draws, or empty.
    tables: &'a [Option<Table>],
}

impl<'a> Tally<'a> {
    pub fn new(s: &Scenario, tables: &'a [Option<Table>]) -> Tally<'a> {
        let n = s.agents.len();
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
            totals: vec![0; n * draws_per_agent(s)],
            split: vec![0; counts::units_per_year(s)],
            ln_q: (0..=counts::units_per_year(s))
                .map(|r| (1.0 - 1.0 / r as f64).ln())
                .collect(),
            split_paid: s.commissions.iter().any(|c| {
                !s.input(c.share_of_value).dist().is_fixed() || s.mean(c.share_of_value) > 0.0
            }),
            month_weeks: month_weeks(s),
            tables,
        }
    }

    /// Draws the year's counts: one Poisson total per agent and draw; when incentives are settled
    /// per period, each total is then split evenly at random over the ledger units (given its
    /// total, a Poisson process's counts in equal units are multinomial, so the units' counts are
    /// again independent Poissons: exact). Totals come first from each stream, so a plan that adds
    /// periods leaves the year's totals, and so the baseline's revenue, unchanged.
    pub fn simulate(&mut self, s: &Scenario, draw: &YearDraw, seed: u64, it: u64) {
        self.reset(seed, it);
        let (k, n, d) = (s.outcomes.len(), s.agents.len(), draws_per_agent(s));
        for a in 0..n {
            self.agent_year(s, draw, a);
            let t = &self.totals[a * d..(a + 1) * d];
            let mut calls = 0;
            for j in 0..k {
                let (paid, rest) = (t[2 * j], t[2 * j + 1]);
                self.year.counts[a * k + j] = paid + rest;
                self.year.paid[a * k + j] = paid;
                calls += paid + rest;
            }
            self.year.calls[a] = calls + t[2 * k];
        }
        if self.split.is_empty() {
            return;
        }
        for a in 0..n {
            for j in 0..=k {
                let t = &self.totals[a * d..(a + 1) * d];
                let parts: [(u64, bool); 2] = match j {
                    _ if j == k => [(t[2 * k], false), (0, false)],
                    _ if self.split_paid => [(t[2 * j], true), (t[2 * j + 1], false)],
                    _ => [(t[2 * j] + t[2 * j + 1], false), (0, false)],
                };
                for (total, paid) in parts {
                    if total == 0 {
                        continue;
                    }
                    let stream = &mut self.streams[a * (k + 1) + j];
                    split_evenly(stream, total, &mut self.split, &self.ln_q);
                    for (u, c) in self.split.iter().enumerate() {
                        self.year.unit_calls[u * n + a] += c;
                        if j < k {
                            self.year.unit_counts[(u * n + a) * k + j] += c;
                            if paid {
                                self.year.unit_paid[(u * n + a) * k + j] += c;
                            }
                        }
                    }
                }
            }
        }
    }

    /// The year's revenue by month: each outcome's year total is spread over the months at
    /// random (multinomially, months weighted by their weeks), on a stream of its own so the
    /// counts' streams are untouched. Exact: calls arrive uniformly over the paid hours.
    pub fn month_revenue(&self, s: &Scenario, draw: &YearDraw, seed: u64, it: u64) -> [f64; 12] {
        let weeks = &self.month_weeks;
        let (k, d) = (s.outcomes.len(), draws_per_agent(s));
        let mut stream = rng::stream(seed, it, rng::key("months"));
        let mut out = [0.0; 12];
        // Every agent's occurrences fall uniformly over the year, so the team's total of each
        // outcome (paid trials apart) is split once.
        let team = |i: usize| {
            (0..s.agents.len())
                .map(|a| self.totals[a * d + i])
                .sum::<u64>()
        };
        for j in 0..k {
            let parts = [
                (team(2 * j), draw.value_usd[j] + draw.paid_value_usd[j]),
                (team(2 * j + 1), draw.value_usd[j]),
            ];
            for (count, value) in parts {
                let mut left = count;
                let mut weight_left: f64 = weeks.iter().sum();
                for (m, w) in weeks.iter().enumerate() {
                    if left == 0 {
                        break;
                    }
                    let c = if weight_left <= *w {
                        left
                    } else {
                        binomial::sample(&mut stream, left, w / weight_left)
                    };
                    out[m] += c as f64 * value;
                    left -= c;
                    weight_left -= w;
                }
            }
        }
        out
    }

    fn reset(&mut self, seed: u64, it: u64) {
        // The year's totals are assigned in `simulate`; only the ledger accumulates.
        self.year.reset_units();
        for (stream, key) in self.streams.iter_mut().zip(&self.keys) {
            *stream = rng::stream(seed, it, *key);
        }
    }

    /// One agent's year totals of every draw.
    fn agent_year(&mut self, s: &Scenario, draw: &YearDraw, a: usize) {
        let k = s.outcomes.len();
        let mu = year_mean(s, draw, a);
        let p = &draw.probability[a * k..(a + 1) * k];
        let streams = &mut self.streams[a * (k + 1)..(a + 1) * (k + 1)];
        let d = draws_per_agent(s);
        let tables = self.tables.get(a * d..(a + 1) * d);
        let totals = &mut self.totals[a * d..(a + 1) * d];
        let draw_count = |stream: &mut rng::Stream, i: usize, lambda: f64| match tables {
            Some(t) => t[i].as_ref().map_or(0, |t| t.sample(stream)),
            None => poisson::sample(stream, lambda),
        };
        for j in 0..k {
            let lambda = mu * p[j];
            let r = draw.trial_to_paid[j];
            totals[2 * j] = if r > 0.0 {
                draw_count(&mut streams[j], 2 * j, lambda * r)
            } else {
                0
            };
            totals[2 * j + 1] = draw_count(&mut streams[j], 2 * j + 1, lambda * (1.0 - r));
        }
        totals[2 * k] = draw_count(&mut streams[k], 2 * k, mu * draw.no_outcome[a]);
    }
}

fn month_weeks(s: &Scenario) -> [f64; 12] {
    let h = &s.horizon;
    let mut weeks = [0.0; 12];
    for w in 0..h.weeks_per_year as usize {
        let m = incentives::period_index(Period::Month, w, 0, h.weeks_per_year, h.days_per_week);
        weeks[m] += 1.0;
    }
    weeks
}

/// Totals up to this are split event by event.
const SCATTER_MAX: u64 = 400;

/// Splits `total` over `out.len()` equal units, multinomially: a small total by placing each
/// event in a uniformly drawn unit, a large one by sequential binomials (each exact; the switch
/// point only trades one cost for the other).
fn split_evenly(stream: &mut Stream, total: u64, out: &mut [u64], ln_q: &[f64]) {
    let units = out.len();
    if total <= SCATTER_MAX {
        out.fill(0);
        for _ in 0..total {
            let u = (stream.random::<f64>() * units as f64) as usize;
            out[u.min(units - 1)] += 1;
        }
        return;
    }
    let mut left = total;
    for (u, slot) in out.iter_mut().enumerate() {
        let rest = units - u;
        *slot = if left == 0 || rest == 1 {
            left
        } else {
            binomial::sample_ln_q(stream, left, 1.0 / rest as f64, ln_q[rest])
        };
        left -= *slot;
    }
}
