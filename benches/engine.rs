//! Engine throughput (criterion, fixed seed).
//! - `w1_agent_years`: one agent at 15 calls per agent-hour, wage $0, unlimited capacity: the
//!   model of the shared W1 peer (`w1_peers.py --impl np_agg`), on one thread.
//! - `team_years_20_agents`: 20 agents at 15 calls per agent-hour with uncertain rates, demand
//!   and skill, costs and a weekly points contest (scenarios/center_20.toml), on 1 and 2 threads.
//!   Target: 10,000 team-years in under 2 s on a 2-core machine.

use callprofit::{engine, scenario};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
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

criterion_group!(benches, w1_agent_years, team_years);
criterion_main!(benches);
