//! Engine throughput of one scenario on one thread, for profilers and loaded machines (the
//! criterion benchmark in `benches/engine.rs` is the wall-clock figure):
//! `cargo run --release --example throughput -- SCENARIO YEARS [REPEATS]` prints the best
//! wall time of REPEATS runs of YEARS years, with simulated years and offered calls per second
//! and a checksum of the records (the revenue sum, equal to the bit across engine versions
//! that keep the draws). Under `perf stat -e task-clock` (or valgrind's callgrind) the
//! difference between 1 and N+1 repeats is the CPU time (or instructions) of N runs, set-up
//! excluded.

use callprofit::{engine, scenario};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: throughput SCENARIO YEARS [REPEATS]");
        std::process::exit(2);
    }
    let s = scenario::load(std::path::Path::new(&args[1])).expect("scenario loads");
    let years: u64 = args[2].parse().expect("YEARS is a whole number");
    let repeats: usize = args
        .get(3)
        .map_or(1, |x| x.parse().expect("REPEATS is a number"));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("thread pool");
    let mut best = f64::INFINITY;
    let mut records = Vec::new();
    for _ in 0..repeats.max(1) {
        let t = std::time::Instant::now();
        records = pool.install(|| engine::run(&s, years, 7, &|_| ()));
        best = best.min(t.elapsed().as_secs_f64());
    }
    let revenue: f64 = records.iter().map(|r| r.revenue_usd).sum();
    let offered: u64 = records.iter().map(|r| r.queue.offered).sum();
    println!(
        "{years} years in {best:.4} s: {:.2} M years/s, {:.2} M offered calls/s; revenue sum {revenue}",
        years as f64 / best / 1e6,
        offered as f64 / best / 1e6
    );
}
