//! Turns command-line arguments and the scenario's defaults into a validated run configuration.

use crate::cli::RunOptions;
use crate::error::InputError;
use crate::scenario::Scenario;
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct RunConfig {
    pub iterations: u64,
    pub seed: u64,
    pub threads: usize,
    pub out_dir: PathBuf,
    pub json: bool,
    pub quiet: bool,
    pub charts: bool,
}

impl RunConfig {
    /// `s` gives the defaults; `default_out` is the folder used without --out.
    pub fn new(
        args: &RunOptions,
        s: &Scenario,
        default_out: PathBuf,
    ) -> Result<RunConfig, InputError> {
        let iterations = args.iterations.unwrap_or(s.simulation.iterations);
        if !(1..=crate::scenario::MAX_ITERATIONS).contains(&iterations) {
            return Err(InputError::file(
                "--iterations",
                format!("{iterations} is out of range"),
                "use 1 to 100,000,000",
            ));
        }
        let threads = args
            .threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
        if !(1..=1024).contains(&threads) {
            return Err(InputError::file(
                "--threads",
                format!("{threads} is out of range"),
                "use 1 or more",
            ));
        }
        Ok(RunConfig {
            iterations,
            seed: args.seed.unwrap_or(s.simulation.seed),
            threads,
            out_dir: args.out.clone().unwrap_or(default_out),
            json: args.json,
            quiet: args.quiet,
            charts: !args.no_charts,
        })
    }
}
