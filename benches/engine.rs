//! Engine throughput (criterion, fixed seed).
//! - `w1_agent_years`: one agent at 15 calls per agent-hour, wage $0, unlimited capacity: the
//!   model of the shared W1 peer (`w1_peers.py --impl np_agg`), on one thread. Target: 5 times
//!   the peer's agent-years per second per core.
//! - `team_years_20_agents`: 20 agents at 15 calls per agent-hour with uncertain rates, demand
//!   and skill, costs and a weekly points contest (scenarios/center_20.toml), on 1 and 2 threads.
//!   Target: 10,000 team-years in under 2 s on a 2-core machine.
//! - `w2_queue_calls`: the shared W2 peer's queue (`w2_queue.py --impl fcfs`): 20 agents,
//!   300 calls an hour, exponential handle time of 3.5 min, exponential patience of 2 min, 40
//!   open hours a week, with the field test's outcomes and every queue metric; exponential and
//!   lognormal (mean 3.5 min, sd 2 min) handle times, 1 and 2 threads. Throughput is offered
//!   calls. Target: 28 million calls per second per core, every metric kept.
//! - `w2_random_numbers_only`: the same random numbers per call drawn and summed, nothing else:
//!   the floor under the queue simulation's cost.

use callprofit::{engine, rng, scenario};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rand::RngExt;
use rand_distr::{Distribution, Exp1};
use std::path::Path;

fn load(name: &str) -> scenario::Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name);
    scenario::load(&path).expect("bundled scenario loads")
}

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("thread pool")
}

fn w1_agent_years(c: &mut Criterion) {
    let s = load("article_15.toml");
    let iterations = 100_000;
    let one = pool(1);
    let mut g = c.benchmark_group("w1_agent_years");
    g.throughput(Throughput::Elements(iterations));
    g.bench_function("1_thread", |b| {
        b.iter(|| one.install(|| engine::run(&s, iterations, 7, &|_| ())))
    });
    g.finish();
}

fn team_years(c: &mut Criterion) {
    let s = load("center_20.toml");
    let iterations = 10_000;
    let mut g = c.benchmark_group("team_years_20_agents");
    g.sample_size(10);
    g.throughput(Throughput::Elements(iterations));
    for threads in [1, 2] {
        let p = pool(threads);
        g.bench_function(format!("{threads}_threads"), |b| {
            b.iter(|| p.install(|| engine::run(&s, iterations, 7, &|_| ())))
        });
    }
    g.finish();
}

/// The W2 workload (`benches/w2.toml`, which `examples/throughput.rs` also runs) with `handle`
/// as the handle-time distribution.
fn w2(handle: &str) -> scenario::Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/w2.toml");
    let text = std::fs::read_to_string(&path).expect("benches/w2.toml");
    let exponential = "handle_seconds = { dist = \"exponential\", mean = 210 }";
    assert!(text.contains(exponential), "benches/w2.toml's handle time");
    let text = text.replace(exponential, &format!("handle_seconds = {handle}"));
    scenario::parse(&text, "w2.toml", "w2").expect("W2 scenario")
}

fn w2_queue(c: &mut Criterion) {
    let iterations = 200;
    let mut g = c.benchmark_group("w2_queue_calls");
    g.sample_size(20);
    let cases = [
        ("exponential", "{ dist = \"exponential\", mean = 210 }"),
        (
            "lognormal",
            "{ dist = \"lognormal\", mean = 210, sd = 120 }",
        ),
    ];
    for (name, handle) in cases {
        let s = w2(handle);
        let offered: u64 = engine::run(&s, iterations, 7, &|_| ())
            .iter()
            .map(|r| r.queue.offered)
            .sum();
        g.throughput(Throughput::Elements(offered));
        for threads in [1, 2] {
            let p = pool(threads);
            g.bench_function(format!("{name}_{threads}_threads"), |b| {
                b.iter(|| p.install(|| engine::run(&s, iterations, 7, &|_| ())))
            });
        }
    }
    g.finish();
}

/// Per offered call: an arrival gap, a patience, a handle time (exponential), an attempt
/// uniform and two outcome uniforms, as the queue draws them; summed so nothing is optimised away.
fn w2_random_numbers_only(c: &mut Criterion) {
    let calls = 2_400_000u64;
    let mut g = c.benchmark_group("w2_random_numbers_only");
    g.throughput(Throughput::Elements(calls));
    g.bench_function("1_thread", |b| {
        b.iter(|| {
            let mut r = rng::stream(7, 0, 1);
            let mut acc = 0.0f64;
            for _ in 0..calls {
                let gap: f64 = Exp1.sample(&mut r);
                let patience: f64 = Exp1.sample(&mut r);
                let handle: f64 = Exp1.sample(&mut r);
                let u: f64 = r.random();
                let v: f64 = r.random();
                let w: f64 = r.random();
                acc += gap + patience + handle + u + v + w;
            }
            acc
        })
    });
    g.finish();
}

// No HTML plots: criterion draws them with plotters, which (sharing our font-embedding
// build of plotters) finds no system font on a bare machine and panics after the first result.
criterion_group! {
    name = benches;
    config = Criterion::default().without_plots();
    targets = w1_agent_years, team_years, w2_queue, w2_random_numbers_only
}
criterion_main!(benches);
