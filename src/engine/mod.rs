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
mod counts;
mod economics;
#[cfg(test)]
mod goodness_of_fit;
mod months;
mod params;
mod poisson;
mod queue;
mod unlimited;

pub use economics::IterationRecord;
pub use queue::QueueStats;

use crate::scenario::Scenario;
use rayon::prelude::*;

/// Iterations per work unit: big enough to amortise scheduling, small enough to balance. A
/// queue-mode year simulates every call, so there one year is a work unit.
const CHUNK: usize = 256;

/// Runs `iterations` simulated years; `progress` is told how many finished, chunk by chunk.
pub fn run(
    scenario: &Scenario,
    iterations: u64,
    seed: u64,
    progress: &(dyn Fn(u64) + Sync),
) -> Vec<IterationRecord> {
    run_years(scenario, 0..iterations, seed, progress)
}

/// As `run`, for the years `years` only: year i is the same whichever years are run with it,
/// so a run can be extended batch by batch (the staffing search does).
pub fn run_years(
    scenario: &Scenario,
    years: std::ops::Range<u64>,
    seed: u64,
    progress: &(dyn Fn(u64) + Sync),
) -> Vec<IterationRecord> {
    run_with(scenario, years, seed, progress, |_, r| r)
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
    /// Per year, revenue by month, 12 equal months (for the cumulative-profit fan chart).
    pub month_revenue_usd: Vec<[f64; 12]>,
}

/// What `run_detailed` keeps beyond the records.
#[derive(Debug, Clone, Copy, Default)]
pub struct Keep {
    /// Per-agent rows.
    pub agents: bool,
    /// Each year's revenue by month.
    pub months: bool,
}

/// As `run`, keeping what `keep` asks for and, in queue mode, the hourly tallies.
pub fn run_detailed(
    scenario: &Scenario,
    iterations: u64,
    seed: u64,
    keep: Keep,
    progress: &(dyn Fn(u64) + Sync),
) -> Detailed {
    let rows = run_with(scenario, 0..iterations, seed, progress, |ws, r| {
        let (year, hours, months) = match scenario.queue {
            None => (
                &ws.tally.year,
                Vec::new(),
                keep.months.then(|| {
                    ws.tally
                        .month_revenue(scenario, &ws.draw, seed, r.iteration)
                }),
            ),
            Some(_) => (
                &ws.queue.year,
                ws.queue.hours.clone(),
                keep.months.then(|| {
                    ws.queue
                        .month_revenue(scenario, &ws.draw, seed, r.iteration)
                }),
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
        (r, rows, hours, months)
    });
    let mut out = Detailed {
        records: Vec::with_capacity(rows.len()),
        agents: Vec::new(),
        hours: Vec::new(),
        month_revenue_usd: Vec::with_capacity(rows.len()),
    };
    for (r, a, h, m) in rows {
        out.records.push(r);
        out.month_revenue_usd.extend(m);
        out.agents.extend(a);
        if out.hours.len() < h.len() {
            out.hours.resize(h.len(), [0; 3]);
        }
        for (total, year) in out.hours.iter_mut().zip(&h) {
            for i in 0..3 {
                total[i] += year[i];
            }
        }
    }
    out
}

fn run_with<T: Send>(
    scenario: &Scenario,
    years: std::ops::Range<u64>,
    seed: u64,
    progress: &(dyn Fn(u64) + Sync),
    keep: impl Fn(&Workspace, IterationRecord) -> T + Sync,
) -> Vec<T> {
    let tables = unlimited::tables(scenario);
    let chunk = if scenario.queue.is_some() { 1 } else { CHUNK };
    let mut out = Vec::with_capacity(years.end.saturating_sub(years.start) as usize);
    let last = years.end;
    // Results are written straight into `out` in iteration order (no zero-filled buffer first);
    // each worker keeps one workspace across the years it is handed.
    (years.start as usize..years.end as usize)
        .into_par_iter()
        .with_min_len(chunk)
        .map_init(
            || Workspace::new(scenario, &tables),
            |ws, it| {
                let it = it as u64;
                let record = simulate_year(scenario, seed, it, ws);
                if (it + 1).is_multiple_of(chunk as u64) || it + 1 == last {
                    progress((it % chunk as u64) + 1);
                }
                keep(ws, record)
            },
        )
        .collect_into_vec(&mut out);
    out
}

/// Scratch space reused across the iterations a worker runs (no allocation per iteration).
struct Workspace<'a> {
    draw: params::YearDraw,
    tally: unlimited::Tally<'a>,
    queue: queue::QueueSim,
}

impl<'a> Workspace<'a> {
    fn new(
        scenario: &Scenario,
        tables: &'a [Option<std::sync::Arc<poisson::Table>>],
    ) -> Workspace<'a> {
        Workspace {
            draw: params::YearDraw::new(scenario),
            tally: unlimited::Tally::new(scenario, tables),
            queue: queue::QueueSim::new(scenario),
        }
    }
}

/// One simulated year: draw the year's parameters, then its calls and outcomes, then settle.
fn simulate_year(
    scenario: &Scenario,
    seed: u64,
    iteration: u64,
    ws: &mut Workspace,
) -> IterationRecord {
    ws.draw.fill(scenario, seed, iteration);
    match &scenario.queue {
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
