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
mod params;
mod poisson;
mod queue;
mod unlimited;

pub use economics::IterationRecord;

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
    let tables = unlimited::tables(scenario);
    let chunk = if scenario.queue.is_some() { 1 } else { CHUNK };
    let mut out = Vec::with_capacity(iterations as usize);
    // Records are written straight into `out` in iteration order (no zero-filled buffer first);
    // each worker keeps one workspace across the years it is handed.
    (0..iterations as usize)
        .into_par_iter()
        .with_min_len(chunk)
        .map_init(
            || Workspace::new(scenario, &tables),
            |ws, it| {
                let it = it as u64;
                let record = simulate_year(scenario, seed, it, ws);
                if (it + 1).is_multiple_of(chunk as u64) || it + 1 == iterations {
                    progress((it % chunk as u64) + 1);
                }
                record
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
    fn new(scenario: &Scenario, tables: &'a [Option<poisson::Table>]) -> Workspace<'a> {
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
