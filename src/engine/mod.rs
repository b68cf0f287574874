//! The Monte Carlo engine: one iteration is one simulated year of the whole team.
//!
//! Two levels of randomness, kept apart on purpose:
//! 1. `params`: what we do not know about the year (a save rate known only from 662 calls, the
//!    demand level, an agent's skill) is drawn once per iteration;
//! 2. given those, what happens by chance within the year (how many calls each agent takes, how
//!    many end in a save or an up-sell): `unlimited` draws counts per agent and period when every
//!    call is answered at once; `queue` simulates the queue call by call. Both fill `counts`.
//!
//! `economics` then settles the year's revenue and costs into an `IterationRecord`.
//! Iterations run on rayon, each record written in place in order, and every input draws from
//! its own (seed, iteration, name) stream, so results are byte-identical for any thread count.

mod binomial;
mod cash;
mod counts;
mod economics;
#[cfg(test)]
mod goodness_of_fit;
mod months;
mod params;
mod poisson;
mod queue;
mod record;
mod unlimited;

pub use record::{CashView, Extras, IterationRecord, LATER_YEARS, QueueStats, RECORD_BYTES, Side};

use crate::scenario::Scenario;
use rayon::prelude::*;
use std::ops::Range;

/// Iterations per work unit: big enough to amortise scheduling, small enough to balance. A
/// queue-mode year simulates every call, so there one year is a work unit. A power of two.
const CHUNK: usize = 256;
const _: () = assert!(CHUNK.is_power_of_two());

/// Runs `iterations` simulated years; `progress` is told how many finished, chunk by chunk.
pub fn run(
    scenario: &Scenario,
    iterations: u64,
    seed: u64,
    progress: &(dyn Fn(u64) + Sync),
) -> Vec<IterationRecord> {
    run_range(scenario, 0..iterations, seed, progress)
}

/// As `run`, for the years `range` only (a shard): each year is a pure function of (seed,
/// iteration), so the slices of a split run are exactly the slices of one whole run.
pub fn run_range(
    scenario: &Scenario,
    range: Range<u64>,
    seed: u64,
    progress: &(dyn Fn(u64) + Sync),
) -> Vec<IterationRecord> {
    // The records are written in place, block after block, into the run's own vector.
    let mut out = Vec::with_capacity(range.end.saturating_sub(range.start) as usize);
    run_with(scenario, range, seed, progress, |_, r| r, &mut out, |_| ());
    out
}

/// One agent's simulated year: what fairness and payout reports need.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct AgentYear {
    pub calls: u64,
    pub successes: u64,
    /// Prizes and commissions paid to the agent.
    pub payout_usd: f64,
    /// Contest periods won (a shared first place counts as a share).
    pub wins: f64,
}

/// A run with the detail some reports need.
pub struct Detailed {
    pub records: Vec<IterationRecord>,
    /// Per-agent rows, iteration-major (year i's agents are `agents[i * n..(i + 1) * n]`);
    /// empty unless asked for.
    pub agents: Vec<AgentYear>,
    /// Queue mode: per open hour of the day, offered, answered within the threshold and
    /// abandoned, summed over all years; empty otherwise.
    pub hours: Vec<[u64; 3]>,
    /// Per year, revenue by month, 12 equal months (for the cumulative-profit fan chart);
    /// empty where the scenario has a cash view (see `month_cash_profit_usd`).
    pub month_revenue_usd: Vec<[f64; 12]>,
    /// With a cash view: per year, the cumulative cash profit per agent at the end of each
    /// month of the horizon (12 x horizon years a year, year-major).
    pub month_cash_profit_usd: Vec<f64>,
}

/// What `run_detailed` keeps beyond the records.
#[derive(Debug, Clone, Copy, Default)]
pub struct Keep {
    /// Per-agent rows.
    pub agents: bool,
    /// Each year's revenue by month.
    pub months: bool,
}

/// About how many bytes of memory a run keeps per simulated year: the record, a box for its
/// rarer figures where the scenario makes them (queue, contest, offers), what `keep` asks for,
/// and the one metric column the summary and the charts sort at a time. What bounds the
/// iterations a run may ask for (`app`'s memory check).
pub fn bytes_per_year(s: &Scenario, keep: Keep) -> u64 {
    use std::mem::size_of;
    let mut bytes = size_of::<IterationRecord>() + size_of::<f64>();
    let boxed = s.queue.is_some() || s.contest.is_some() || s.behaviour.offer_share.is_some();
    if boxed || s.finance.cash_view || s.attributes_partly() {
        // The allocator's header and rounding.
        bytes += size_of::<Extras>() + 16;
    }
    if keep.agents {
        // Each agent's row, and the summary's per-agent columns (one agent at a time).
        bytes += s.agents.len() * size_of::<AgentYear>() + 4 * size_of::<f64>();
    }
    if keep.months {
        bytes += size_of::<[f64; 12]>() * s.finance.horizon_years as usize;
    }
    bytes as u64
}

/// As `run`, keeping what `keep` asks for and, in queue mode, the hourly tallies.
pub fn run_detailed(
    scenario: &Scenario,
    iterations: u64,
    seed: u64,
    keep: Keep,
    progress: &(dyn Fn(u64) + Sync),
) -> Detailed {
    run_detailed_range(scenario, 0..iterations, seed, keep, progress)
}

/// As `run_detailed`, for the years `range` only (see `run_range`).
pub fn run_detailed_range(
    scenario: &Scenario,
    range: Range<u64>,
    seed: u64,
    keep: Keep,
    progress: &(dyn Fn(u64) + Sync),
) -> Detailed {
    let cash_view = scenario.finance.cash_view;
    let keep_year = |ws: &Workspace, r: IterationRecord| {
        let agents = scenario.agents.len() as f64;
        let cash = if keep.months && cash_view {
            ws.cash.cumulative_per_agent(agents)
        } else {
            Vec::new()
        };
        let keep_months = keep.months && !cash_view;
        let (year, hours, months) = match scenario.queue {
            None => (
                &ws.tally.year,
                Vec::new(),
                keep_months.then(|| ws.month_revenue(scenario, seed, r.iteration)),
            ),
            Some(_) => (
                &ws.queue.year,
                ws.queue.hours.clone(),
                keep_months.then(|| ws.month_revenue(scenario, seed, r.iteration)),
            ),
        };
        let k = scenario.outcomes.len();
        let n = if keep.agents {
            scenario.agents.len()
        } else {
            0
        };
        let rows: Vec<AgentYear> = (0..n)
            .map(|a| AgentYear {
                calls: year.calls[a],
                successes: year.counts[a * k..(a + 1) * k].iter().sum(),
                payout_usd: year.payouts_usd[a],
                wins: year.wins[a],
            })
            .collect();
        (r, rows, hours, months, cash)
    };
    let n = range.end.saturating_sub(range.start) as usize;
    let mut out = Detailed {
        records: Vec::with_capacity(n),
        agents: Vec::new(),
        hours: Vec::new(),
        month_revenue_usd: Vec::with_capacity(if keep.months && !cash_view { n } else { 0 }),
        month_cash_profit_usd: Vec::new(),
    };
    let mut add =
        |(r, a, h, m, c): (IterationRecord, Vec<AgentYear>, Vec<[u64; 3]>, _, Vec<f64>)| {
            out.records.push(r);
            out.month_revenue_usd.extend(m);
            out.month_cash_profit_usd.extend(c);
            out.agents.extend(a);
            if out.hours.len() < h.len() {
                out.hours.resize(h.len(), [0; 3]);
            }
            for (total, year) in out.hours.iter_mut().zip(&h) {
                for i in 0..3 {
                    total[i] += year[i];
                }
            }
        };
    let mut block = Vec::new();
    run_with(
        scenario,
        range,
        seed,
        progress,
        keep_year,
        &mut block,
        |b| b.drain(..).for_each(&mut add),
    );
    out
}

/// Years per block: each block's results are appended in parallel, in iteration order, to
/// `out`, which `flush` is then handed (it may empty it, so that only one block's worth is held
/// at a time beyond what it keeps).
const BLOCK: u64 = 1 << 16;

fn run_with<T: Send>(
    scenario: &Scenario,
    range: Range<u64>,
    seed: u64,
    progress: &(dyn Fn(u64) + Sync),
    keep: impl Fn(&Workspace, IterationRecord) -> T + Sync,
    out: &mut Vec<T>,
    mut flush: impl FnMut(&mut Vec<T>),
) {
    let tables = unlimited::tables(scenario);
    let plain = plain(scenario, &tables);
    let chunk = if scenario.queue.is_some() { 1 } else { CHUNK };
    let (first, last) = (range.start, range.end.max(range.start));
    for start in (first..last).step_by(BLOCK as usize) {
        let end = (start + BLOCK).min(last);
        // Each worker keeps one workspace across the years of the block it is handed; an
        // indexed iterator's `par_extend` writes each result in its place, no copy.
        let years = (start as usize..end as usize)
            .into_par_iter()
            .with_min_len(chunk)
            .map_init(
                || Workspace::new(scenario, &tables, plain),
                |ws, it| {
                    let it = it as u64;
                    let record = simulate_year(scenario, seed, it, ws);
                    let done = it + 1 - first;
                    // `chunk` is a power of two: a mask, not a division per year.
                    if done & (chunk as u64 - 1) == 0 || it + 1 == last {
                        progress(((done - 1) & (chunk as u64 - 1)) + 1);
                    }
                    keep(ws, record)
                },
            );
        out.par_extend(years);
        flush(out);
    }
}

/// Scratch space reused across the iterations a worker runs (no allocation per iteration).
struct Workspace<'a> {
    draw: params::YearDraw,
    tally: unlimited::Tally<'a>,
    queue: queue::QueueSim,
    cash: cash::CashFlow,
    /// The scenario's years are plain (`economics::is_plain`) and their draws planned: each
    /// year is drawn and settled in one pass.
    plain: bool,
}

impl<'a> Workspace<'a> {
    fn new(scenario: &Scenario, tables: &'a [unlimited::Slot], plain: bool) -> Workspace<'a> {
        Workspace {
            draw: params::YearDraw::new(scenario),
            tally: unlimited::Tally::new(scenario, tables),
            queue: queue::QueueSim::new(scenario),
            cash: cash::CashFlow::new(scenario),
            plain,
        }
    }
}

/// Whether a run's years are plain (`Workspace::plain`), worked out once per run: tables exist
/// only when every input is fixed, so one fill is then every year's draw.
fn plain(scenario: &Scenario, tables: &[unlimited::Slot]) -> bool {
    !tables.is_empty() && {
        let mut draw = params::YearDraw::new(scenario);
        draw.fill(scenario, 0, 0);
        economics::is_plain(scenario, &draw)
    }
}

impl Workspace<'_> {
    /// The year just simulated spread over its months, by the capacity mode that simulated it.
    fn month_parts(&self, s: &Scenario, seed: u64, it: u64, add: months::Add) {
        match s.queue {
            None => self.tally.month_parts(s, seed, it, add),
            Some(_) => self.queue.month_parts(s, seed, it, add),
        }
    }

    /// The year's revenue by month (the fan chart's calendar).
    fn month_revenue(&self, s: &Scenario, seed: u64, it: u64) -> [f64; 12] {
        months::revenue(&self.draw, |add| self.month_parts(s, seed, it, add))
    }
}

/// One simulated year: draw the year's parameters, then its calls and outcomes, then settle.
/// With a cash view, the later programme years are simulated first (same parameters, their own
/// chance), so the workspace ends holding the first year, which the record and its detail are.
fn simulate_year(
    scenario: &Scenario,
    seed: u64,
    iteration: u64,
    ws: &mut Workspace,
) -> IterationRecord {
    ws.draw.fill(scenario, seed, iteration);
    if !scenario.finance.cash_view {
        return chance(scenario, seed, iteration, ws);
    }
    ws.cash.reset();
    let mut stream = crate::rng::stream(seed, iteration, crate::rng::key("cash"));
    let mut first = None;
    for year in (0..scenario.finance.programme_years as usize).rev() {
        let seed_y = programme_seed(seed, year);
        let record = chance(scenario, seed_y, iteration, ws);
        let counts = months::counts(scenario.outcomes.len(), |add| {
            ws.month_parts(scenario, seed_y, iteration, add)
        });
        let cost = record.cost_usd();
        ws.cash.add_year((year, &ws.draw), &counts, cost);
        first = Some(record);
    }
    ws.cash.finish(&ws.draw, &mut stream);
    let record = first.expect("a programme runs at least one year");
    let unattributed = record.cash().unattributed_revenue_usd;
    let view = ws
        .cash
        .view(record.revenue_usd, unattributed, ws.draw.monthly_discount);
    record.with_cash(view)
}

/// The level-2 seed of programme year `year`: the run's own for the first, so a one-year
/// programme draws exactly what a scenario without a cash view draws.
fn programme_seed(seed: u64, year: usize) -> u64 {
    if year == 0 {
        return seed;
    }
    crate::rng::mix64(seed ^ crate::rng::mix64(crate::rng::key("programme year") ^ year as u64))
}

/// What happens by chance within a year whose parameters are drawn, settled into its record.
fn chance(scenario: &Scenario, seed: u64, iteration: u64, ws: &mut Workspace) -> IterationRecord {
    match &scenario.queue {
        None if ws.plain => {
            let totals = ws.tally.plain_year(scenario, &ws.draw, seed, iteration);
            economics::settle_plain(&ws.draw, &ws.tally.year, totals, iteration)
        }
        None => {
            ws.tally.simulate(scenario, &ws.draw, seed, iteration);
            ws.tally.year.settle_incentives(scenario, &ws.draw);
            economics::settle(scenario, &ws.draw, &ws.tally.year, None, seed, iteration)
        }
        Some(q) => {
            ws.queue.simulate(scenario, q, &ws.draw, seed, iteration);
            ws.queue.year.settle_incentives(scenario, &ws.draw);
            let stats = Some(&ws.queue.stats);
            economics::settle(scenario, &ws.draw, &ws.queue.year, stats, seed, iteration)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::parse;

    /// Three named agents with their own volumes and rates, a save, a trial that converts and
    /// an up-sell, a wage and a plan's fixed costs; `tail` adds to the end.
    fn fixed(tail: &str) -> Scenario {
        fixed_with("", "", tail)
    }

    /// `fixed` with `from` replaced by `to` in its text.
    fn fixed_with(from: &str, to: &str, tail: &str) -> Scenario {
        let agent = |name: &str, calls: u32, saves: u32| {
            format!(
                "[[roster]]\nname = \"{name}\"\ncalls_per_week = {calls}\n\
                 rates.save = {{ dist = \"ratio\", k = {saves}, n = {calls} }}\n\
                 rates.trial = {{ dist = \"ratio\", k = 3, n = {calls} }}\n\
                 rates.upsell = {{ dist = \"ratio\", k = 2, n = {calls} }}\n"
            )
        };
        let roster = [agent("A", 222, 20), agent("B", 214, 18), agent("C", 160, 9)].concat();
        let text = format!(
            r#"
[team]
wage_per_hour_usd = 14.5
benefits_load_pct = 20
[[outcomes]]
name = "save"
probability = 0.08
value_usd = 34.95
[[outcomes]]
name = "trial"
probability = 0.015
value_usd = 0
trial_to_paid = 0.1
paid_value_usd = 35
[[outcomes]]
name = "upsell"
probability = 0.01
value_usd = 35
{roster}
[incentives]
training_hours_per_agent = 4
programme_cost_usd = 500
{tail}
"#
        );
        let text = if from.is_empty() {
            text
        } else {
            text.replacen(from, to, 1)
        };
        parse(&text, "fixed.toml", "fixed").expect("scenario parses")
    }

    fn is_plain(s: &Scenario) -> bool {
        plain(s, &unlimited::tables(s))
    }

    /// 200 years through the plain path or the general one: each record (its Debug text
    /// prints every float's shortest round trip, so equal text is equal bits), the counts the
    /// detail reads and the months the fan chart splits.
    fn years(s: &Scenario, plain: bool) -> Vec<(String, Vec<u64>, [f64; 12])> {
        let tables = unlimited::tables(s);
        let mut ws = Workspace::new(s, &tables, plain);
        (0..200)
            .map(|it| {
                let r = simulate_year(s, 9, it, &mut ws);
                let y = &ws.tally.year;
                let counts = [&y.calls[..], &y.counts, &y.paid].concat();
                (format!("{r:?}"), counts, ws.month_revenue(s, 9, it))
            })
            .collect()
    }

    /// A plain year, drawn and settled in one pass, is the general path's year to the bit.
    #[test]
    fn plain_years_are_the_general_paths_years() {
        for tail in ["", "[finance]\nhorizon_years = 3\ndiscount_rate_pct = 8"] {
            let s = fixed(tail);
            assert!(is_plain(&s), "{tail:?} is plain");
            assert_eq!(years(&s, true), years(&s, false), "{tail:?}");
        }
    }

    /// What a plain year leaves out (an annoyance draw, a contest, a partial attribution,
    /// an uncertain input) makes a scenario not plain.
    #[test]
    fn extras_make_a_scenario_not_plain() {
        let tails = [
            "[incentives.behaviour]\noffer_share = 0.6\nannoyed_share = 0.02\nchurn_cost_usd = 35",
            "[incentives.contest]\nperiod = \"week\"\nprizes_usd = [100]\nrank_by = \"points\"",
        ];
        for tail in tails {
            assert!(!is_plain(&fixed(tail)), "{tail:?} is not plain");
        }
        let edits = [
            (
                "value_usd = 34.95",
                "value_usd = 34.95\nincremental_share = 0.5",
            ),
            (
                "wage_per_hour_usd = 14.5",
                "wage_per_hour_usd = { dist = \"uniform\", min = 14, max = 15 }",
            ),
        ];
        for (from, to) in edits {
            assert!(!is_plain(&fixed_with(from, to, "")), "{to:?} is not plain");
        }
    }
}
