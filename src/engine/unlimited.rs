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
use super::economics::{Totals, revenue_of};
use super::months;
use super::params::YearDraw;
use super::poisson::{self, Table};
use crate::rng::{self, Stream};
use crate::scenario::Scenario;
use rand::RngExt;
use std::collections::HashMap;

/// Per agent, the Poisson draws of one year: per outcome its paid trials and the rest, then the
/// calls with no outcome.
fn draws_per_agent(s: &Scenario) -> usize {
    2 * s.outcomes.len() + 1
}

/// The mean number of calls of agent `a` in the year.
fn year_mean(s: &Scenario, draw: &YearDraw, a: usize) -> f64 {
    draw.calls_per_hour[a] * s.horizon.paid_hours_per_year() * draw.demand_multiplier
}

/// How one Poisson draw of a year is made in a scenario whose inputs are all fixed (its mean is
/// then the same in every year, so this is worked out once per run).
pub enum Slot {
    /// A trial's paid share with no conversion: no draw, no random number.
    Skip,
    /// Inversion of the mean's table (held in the slot, its arrays shared: one load less per
    /// draw than a pointer to the table).
    Table(Table),
    /// A mean without a table (0, or too large to tabulate): the general sampler.
    Mean(f64),
}

impl Slot {
    #[inline]
    fn draw(&self, stream: &mut Stream) -> u64 {
        match self {
            Slot::Skip => 0,
            Slot::Table(t) => t.sample(stream),
            Slot::Mean(lambda) => poisson::sample(stream, *lambda),
        }
    }
}

/// One slot per Poisson draw of a year (see `draws_per_agent`), for a scenario whose inputs are
/// all fixed; empty otherwise. Agents with the same means share one table (a team of 10,000
/// identical agents holds a handful, not 10,000 x 75 KB).
pub fn tables(s: &Scenario) -> Vec<Slot> {
    let mut draw = YearDraw::new(s);
    if !draw.all_fixed() {
        return Vec::new();
    }
    draw.fill(s, 0, 0);
    let k = s.outcomes.len();
    let mut built: HashMap<u64, Option<Table>> = HashMap::new();
    let mut slot = |lambda: f64| {
        let table = built
            .entry(lambda.to_bits())
            .or_insert_with(|| Table::new(lambda));
        match table {
            Some(t) => Slot::Table(t.clone()),
            None => Slot::Mean(lambda),
        }
    };
    let mut out = Vec::with_capacity(s.agents.len() * draws_per_agent(s));
    for a in 0..s.agents.len() {
        let mu = year_mean(s, &draw, a);
        for j in 0..k {
            let (lambda, r) = (mu * draw.probability[a * k + j], draw.trial_to_paid[j]);
            out.push(if r > 0.0 {
                slot(lambda * r)
            } else {
                Slot::Skip
            });
            out.push(slot(lambda * (1.0 - r)));
        }
        out.push(slot(mu * draw.no_outcome[a]));
    }
    out
}

/// Draws one simulated year's counts, per agent (and per ledger unit when incentives need it).
pub struct Tally<'a> {
    pub year: YearCounts,
    /// Stream keys per agent, per slot (each outcome, then "no outcome"), and the run's part of
    /// their seeds (`rng::stream_base`) for the seed in `base_seed`.
    keys: Vec<u64>,
    bases: Vec<u64>,
    base_seed: Option<u64>,
    streams: Vec<Stream>,
    /// Per agent, the year's total of each draw (`draws_per_agent`).
    totals: Vec<u64>,
    /// Per ledger unit, one draw's share of its total; ln(1 - 1/r) for r units left.
    split: Vec<u64>,
    ln_q: Vec<f64>,
    /// Paid trials are split on their own only when a commission pays on value; otherwise an
    /// outcome's paid and unpaid occurrences are split together (one split instead of two).
    split_paid: bool,
    /// From `tables`: indexed like the draws, or empty.
    tables: &'a [Slot],
}

impl<'a> Tally<'a> {
    pub fn new(s: &Scenario, tables: &'a [Slot]) -> Tally<'a> {
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
            bases: vec![0; keys.len()],
            base_seed: None,
            keys,
            totals: vec![0; n * draws_per_agent(s)],
            split: vec![0; counts::units_per_year(s)],
            ln_q: (0..=counts::units_per_year(s))
                .map(|r| (1.0 - 1.0 / r as f64).ln())
                .collect(),
            split_paid: s.commissions.iter().any(|c| {
                !s.input(c.share_of_value).dist().is_fixed() || s.mean(c.share_of_value) > 0.0
            }),
            tables,
        }
    }

    /// Draws the year's counts: one Poisson total per agent and draw; when incentives are settled
    /// per period, each total is then split evenly at random over the ledger units (given its
    /// total, a Poisson process's counts in equal units are multinomial, so the units' counts are
    /// again independent Poissons: exact). Totals come first from each stream, so a plan that adds
    /// periods leaves the year's totals, and so the baseline's revenue, unchanged.
    pub fn simulate(&mut self, s: &Scenario, draw: &YearDraw, seed: u64, it: u64) {
        self.reset(seed);
        let (k, n, d) = (s.outcomes.len(), s.agents.len(), draws_per_agent(s));
        for a in 0..n {
            self.agent_year(s, draw, a, it);
            let t = &self.totals[a * d..(a + 1) * d];
            let counts = &mut self.year.counts[a * k..(a + 1) * k];
            let paid = &mut self.year.paid[a * k..(a + 1) * k];
            let mut calls = t[2 * k];
            for j in 0..k {
                let (converted, rest) = (t[2 * j], t[2 * j + 1]);
                counts[j] = converted + rest;
                paid[j] = converted;
                calls += converted + rest;
            }
            self.year.calls[a] = calls;
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

    /// Each outcome's year total spread over the 12 equal months at random, on a stream of its
    /// own so the counts' streams are untouched: `add(outcome, converted, month, count)`. Exact:
    /// calls arrive uniformly over the paid hours, so each month holds each call with
    /// probability 1/12.
    pub fn month_parts(&self, s: &Scenario, seed: u64, it: u64, add: months::Add) {
        let (k, d) = (s.outcomes.len(), draws_per_agent(s));
        let weeks = u64::from(s.horizon.weeks_per_year);
        let mut stream = rng::stream(seed, it, rng::key("months"));
        // Every agent's occurrences fall uniformly over the year, so the team's total of each
        // outcome (paid trials apart) is split once.
        let team = |i: usize| {
            (0..s.agents.len())
                .map(|a| self.totals[a * d + i])
                .sum::<u64>()
        };
        let year = (0, 12 * weeks);
        for j in 0..k {
            months::split(&mut stream, (team(2 * j), year), weeks, |m, c| {
                add(j, true, m, c)
            });
            months::split(&mut stream, (team(2 * j + 1), year), weeks, |m, c| {
                add(j, false, m, c)
            });
        }
    }

    fn reset(&mut self, seed: u64) {
        // The year's totals are assigned in `simulate`; only the ledger accumulates.
        self.year.reset_units();
        if self.base_seed != Some(seed) {
            for (base, key) in self.bases.iter_mut().zip(&self.keys) {
                *base = rng::stream_base(seed, *key);
            }
            self.base_seed = Some(seed);
        }
    }

    /// `simulate` of a plain year (`economics::is_plain`), with the sums `settle` would make
    /// of it taken in the same pass and order: per agent, per outcome, open its stream, draw
    /// its paid trials and the rest from their tables, count and value them. The workspace
    /// ends as `simulate` leaves it (the year's totals and counts, for what keeps detail).
    pub fn plain_year(&mut self, s: &Scenario, d: &YearDraw, seed: u64, it: u64) -> Totals {
        self.reset(seed);
        let (k, n, dd) = (s.outcomes.len(), s.agents.len(), draws_per_agent(s));
        let mut sums = Totals::default();
        for a in 0..n {
            let plan = &self.tables[a * dd..(a + 1) * dd];
            let bases = &self.bases[a * (k + 1)..(a + 1) * (k + 1)];
            let totals = &mut self.totals[a * dd..(a + 1) * dd];
            let counts = &mut self.year.counts[a * k..(a + 1) * k];
            let paid = &mut self.year.paid[a * k..(a + 1) * k];
            let mut calls = 0;
            for j in 0..k {
                let mut stream = rng::stream_at(bases[j], it);
                let converted = plan[2 * j].draw(&mut stream);
                let rest = plan[2 * j + 1].draw(&mut stream);
                let count = converted + rest;
                (totals[2 * j], totals[2 * j + 1]) = (converted, rest);
                (counts[j], paid[j]) = (count, converted);
                sums.revenue_usd += revenue_of(d, j, count, converted).1;
                sums.successes += count;
                sums.paid_conversions += converted;
                calls += count;
            }
            totals[2 * k] = plan[2 * k].draw(&mut rng::stream_at(bases[k], it));
            self.year.calls[a] = calls + totals[2 * k];
            sums.calls += self.year.calls[a];
        }
        sums
    }

    /// One agent's year totals of every draw; each outcome's stream (opened here for year
    /// `it`) draws its paid trials, then the rest.
    fn agent_year(&mut self, s: &Scenario, draw: &YearDraw, a: usize, it: u64) {
        let (k, d) = (s.outcomes.len(), draws_per_agent(s));
        let streams = &mut self.streams[a * (k + 1)..(a + 1) * (k + 1)];
        let bases = &self.bases[a * (k + 1)..(a + 1) * (k + 1)];
        for (stream, base) in streams.iter_mut().zip(bases) {
            *stream = rng::stream_at(*base, it);
        }
        let totals = &mut self.totals[a * d..(a + 1) * d];
        if let Some(plan) = self.tables.get(a * d..(a + 1) * d) {
            for j in 0..k {
                totals[2 * j] = plan[2 * j].draw(&mut streams[j]);
                totals[2 * j + 1] = plan[2 * j + 1].draw(&mut streams[j]);
            }
            totals[2 * k] = plan[2 * k].draw(&mut streams[k]);
            return;
        }
        let mu = year_mean(s, draw, a);
        let p = &draw.probability[a * k..(a + 1) * k];
        for j in 0..k {
            let lambda = mu * p[j];
            let r = draw.trial_to_paid[j];
            totals[2 * j] = if r > 0.0 {
                poisson::sample(&mut streams[j], lambda * r)
            } else {
                0
            };
            totals[2 * j + 1] = poisson::sample(&mut streams[j], lambda * (1.0 - r));
        }
        totals[2 * k] = poisson::sample(&mut streams[k], mu * draw.no_outcome[a]);
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::goodness_of_fit::assert_fits;
    use crate::scenario;
    use crate::special::ln_gamma;

    const AGENTS: usize = 4;
    const DEMAND: f64 = 1.25;
    /// 52 weeks of 40 paid hours.
    const PAID_HOURS: f64 = 2080.0;

    /// 4 agents at `rate` calls per paid hour, demand x1.25, a save (p 0.1, $30) and a trial
    /// (p 0.05, converting a quarter to $35); `team` and `tail` add lines to [team] and the end.
    fn team(rate: f64, team: &str, tail: &str) -> Scenario {
        let text = format!(
            r#"
[horizon]
weeks_per_year = 52
paid_hours_per_week = 40
[team]
agents = {AGENTS}
{team}
[demand]
calls_per_agent_hour = {rate}
demand_multiplier = {DEMAND}
[[outcomes]]
name = "save"
probability = 0.1
value_usd = 30
points = 1
[[outcomes]]
name = "trial"
probability = 0.05
value_usd = 0
trial_to_paid = 0.25
paid_value_usd = 35
{tail}
"#
        );
        scenario::parse(&text, "t.toml", "t").expect("test scenario is valid")
    }

    /// Makes a fixed scenario use Poisson draws rather than its inversion tables.
    const UNCERTAIN: &str =
        "overhead_per_agent_year_usd = { dist = \"triangular\", min = 1, mode = 2, max = 3 }";
    const WEEKLY_CONTEST: &str = "[incentives.contest]\nperiod = \"week\"\nprizes_usd = [100]";

    /// Simulates years 0..n of `s` and hands each year's tally, draw and number to `f`.
    fn each_year(s: &Scenario, n: u64, seed: u64, mut f: impl FnMut(&Tally, &YearDraw, u64)) {
        let tables = tables(s);
        let mut tally = Tally::new(s, &tables);
        let mut draw = YearDraw::new(s);
        for it in 0..n {
            draw.fill(s, seed, it);
            tally.simulate(s, &draw, seed, it);
            f(&tally, &draw, it);
        }
    }

    fn mean_var(xs: &[f64]) -> (f64, f64) {
        let n = xs.len() as f64;
        let m = xs.iter().sum::<f64>() / n;
        (
            m,
            xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1.0),
        )
    }

    /// Asserts sample mean and variance of `xs` fit a Poisson(lambda), each within 4 s.e.: the
    /// mean's is sqrt(lambda / n); the variance's sqrt(mu4 / n - lambda^2 (n - 3) / (n (n - 1)))
    /// with the Poisson fourth central moment mu4 = lambda (1 + 3 lambda).
    fn assert_poisson_moments(what: &str, xs: &[f64], lambda: f64) {
        let (m, v) = mean_var(xs);
        let n = xs.len() as f64;
        let z = (m - lambda) / (lambda / n).sqrt();
        assert!(
            z.abs() < 4.0,
            "{what}: mean {m:.3}, want {lambda:.3} ({z:.1} s.e.)"
        );
        let mu4 = lambda * (1.0 + 3.0 * lambda);
        let se = (mu4 / n - lambda * lambda * (n - 3.0) / (n * (n - 1.0))).sqrt();
        let z = (v - lambda) / se;
        assert!(
            z.abs() < 4.0,
            "{what}: variance {v:.3}, want {lambda:.3} ({z:.1} s.e.)"
        );
    }

    /// An agent's calls in a year are Poisson with mean rate x paid hours x demand, with the
    /// inversion tables (every input fixed) and with Poisson draws; for a small mean the whole
    /// distribution is checked against the pmf.
    #[test]
    fn calls_per_agent_year_are_poisson_with_the_closed_form_mean() {
        for rate in [0.01, 15.0] {
            for extra in ["", UNCERTAIN] {
                let s = team(rate, extra, "");
                let mut calls = Vec::new();
                each_year(&s, 2_000, 1, |t, _, _| {
                    calls.extend(t.year.calls.iter().map(|c| *c as f64))
                });
                let lambda = rate * PAID_HOURS * DEMAND;
                let what = format!("rate {rate}, {extra:?}");
                assert_poisson_moments(&what, &calls, lambda);
                if lambda < 100.0 {
                    let hi = 80;
                    let mut counts = vec![0u64; hi + 1];
                    calls
                        .iter()
                        .for_each(|c| counts[(*c as usize).min(hi)] += 1);
                    let pmf = |k: f64| (-lambda + k * lambda.ln() - ln_gamma(k + 1.0)).exp();
                    let share = |k: usize| match k {
                        _ if k < hi => pmf(k as f64),
                        _ => 1.0 - (0..hi).map(|j| pmf(j as f64)).sum::<f64>(),
                    };
                    assert_fits(&what, &counts, share, calls.len() as f64);
                }
            }
        }
    }

    /// Poisson thinning: of all calls, a share p of each outcome (binomial s.e.), a quarter of
    /// the trials paid; each outcome's count is Poisson(mean x p) on its own, and the counts of
    /// two outcomes are uncorrelated (s.e. of a covariance of independent variables:
    /// sqrt(var1 var2 / n)).
    #[test]
    fn outcomes_split_the_calls_binomially() {
        for extra in ["", UNCERTAIN] {
            outcomes_split_binomially(&team(15.0, extra, ""));
        }
    }

    fn outcomes_split_binomially(s: &Scenario) {
        let (mut saves, mut trials, mut paid, mut calls) = (vec![], vec![], 0.0, 0.0);
        each_year(s, 2_000, 2, |t, _, _| {
            for a in 0..AGENTS {
                saves.push(t.year.counts[2 * a] as f64);
                trials.push(t.year.counts[2 * a + 1] as f64);
                paid += t.year.paid[2 * a + 1] as f64;
                calls += t.year.calls[a] as f64;
            }
        });
        let share = |what: &str, hits: f64, of: f64, p: f64| {
            let z = (hits / of - p) / (p * (1.0 - p) / of).sqrt();
            assert!(
                z.abs() < 4.0,
                "{what}: share {} vs {p} ({z:.1} s.e.)",
                hits / of
            );
        };
        let total = |xs: &[f64]| xs.iter().sum::<f64>();
        share("saves", total(&saves), calls, 0.1);
        share("trials", total(&trials), calls, 0.05);
        share("paid trials", paid, total(&trials), 0.25);
        let lambda = 15.0 * PAID_HOURS * DEMAND;
        assert_poisson_moments("saves", &saves, lambda * 0.1);
        assert_poisson_moments("trials", &trials, lambda * 0.05);
        let ((ms, vs), (mt, vt)) = (mean_var(&saves), mean_var(&trials));
        let n = saves.len() as f64;
        let cov = saves
            .iter()
            .zip(&trials)
            .map(|(a, b)| (a - ms) * (b - mt))
            .sum::<f64>()
            / (n - 1.0);
        let z = cov / (vs * vt / n).sqrt();
        assert!(
            z.abs() < 4.0,
            "saves and trials correlate: cov {cov:.1} ({z:.1} s.e.)"
        );
    }

    /// With a weekly contest each agent's year is split over 52 weeks: the weeks add up to the
    /// year exactly, and a week's calls are Poisson(year mean / 52), below and above the
    /// size at which the split changes method.
    #[test]
    fn weeks_add_up_to_the_year_and_share_it_evenly() {
        for rate in [0.01, 15.0] {
            let s = team(rate, "", WEEKLY_CONTEST);
            let mut weeks = Vec::new();
            each_year(&s, 300, 3, |t, _, _| {
                let y = &t.year;
                for a in 0..AGENTS {
                    let by_week = (0..52).map(|u| y.unit_calls[u * AGENTS + a]);
                    assert_eq!(by_week.clone().sum::<u64>(), y.calls[a]);
                    let saves = (0..52)
                        .map(|u| y.unit_counts[(u * AGENTS + a) * 2])
                        .sum::<u64>();
                    assert_eq!(saves, y.counts[2 * a]);
                    weeks.extend(by_week.map(|c| c as f64));
                }
            });
            let lambda = rate * PAID_HOURS * DEMAND / 52.0;
            assert_poisson_moments(&format!("rate {rate}: a week"), &weeks, lambda);
        }
    }

    /// The months hold the year's revenue exactly (hand count: counts x values) and each holds a
    /// twelfth of its closed-form mean, agents x rate x paid hours x demand x (0.1 x $30 + 0.05
    /// x 0.25 x $35), within 4 s.e.
    #[test]
    fn months_hold_a_twelfth_of_the_years_revenue() {
        let s = team(15.0, "", "");
        let mut months = vec![Vec::new(); 12];
        each_year(&s, 400, 4, |t, draw, it| {
            let y = &t.year;
            let revenue: f64 = (0..AGENTS)
                .map(|a| y.counts[2 * a] as f64 * 30.0 + y.paid[2 * a + 1] as f64 * 35.0)
                .sum();
            let by_month = months::revenue(draw, |add| t.month_parts(&s, 4, it, add));
            assert!((by_month.iter().sum::<f64>() - revenue).abs() < 1e-6 * revenue);
            by_month
                .iter()
                .zip(&mut months)
                .for_each(|(r, m)| m.push(*r));
        });
        let year = AGENTS as f64 * 15.0 * PAID_HOURS * DEMAND * (0.1 * 30.0 + 0.05 * 0.25 * 35.0);
        for (m, xs) in months.iter().enumerate() {
            let (mean, var) = mean_var(xs);
            let z = (mean - year / 12.0) / (var / xs.len() as f64).sqrt();
            assert!(
                z.abs() < 4.0,
                "month {m}: {mean:.0} vs {:.0} ({z:.1} s.e.)",
                year / 12.0
            );
        }
    }
}
