//! Turns command-line arguments and the scenario's defaults into a validated run configuration
//! (and `--target-se`'s batches and cap).

use crate::charts::Look;
use crate::cli::{ChartOptions, RunOptions, ShowOptions};
use crate::error::InputError;
use crate::precision::{self, Target};
use crate::scenario::Scenario;
use crate::stats::grouped;
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
    /// `--chart-size` and `--font-scale`.
    pub look: Look,
    /// `--long`: the user accepts a run past the work limit.
    pub long: bool,
}

/// Past this many seconds of one core's work a run needs `--long`.
pub const WORK_LIMIT_SECONDS: f64 = 1800.0;

/// Seconds of one core's work to simulate `iterations` years of `s`: the queue simulates every
/// call (about 25 M calls a second), unlimited capacity draws per agent (about 10 M agent-years
/// a second); see README, Performance.
pub fn core_seconds(s: &Scenario, iterations: u64) -> f64 {
    // A cash view simulates each programme year of an iteration.
    let programme = if s.finance.cash_view {
        f64::from(s.finance.programme_years)
    } else {
        1.0
    };
    let years = iterations as f64 * programme;
    match &s.queue {
        Some(q) => years * expected_queue_calls(s, q) / 25e6,
        None => years * s.agents.len() as f64 / 10e6,
    }
}

/// Calls offered in a year at the inputs' means.
fn expected_queue_calls(s: &Scenario, q: &crate::scenario::Queue) -> f64 {
    s.mean_calls_per_open_hour(q) * s.mean(s.demand_multiplier) * q.open_hours_per_year(&s.horizon)
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
        let cfg = RunConfig {
            iterations,
            seed: args.seed.unwrap_or(s.simulation.seed),
            threads,
            out_dir: args.out.clone().unwrap_or(default_out),
            json: false,
            quiet: args.quiet,
            charts: true,
            look: Look::default(),
            long: args.long,
        };
        cfg.check_work(core_seconds(s, iterations))?;
        Ok(cfg)
    }

    /// The table-or-JSON and charts choices of a command that has them (`ShowOptions`); a
    /// command without them prints its table and draws what it draws.
    /// The charts' look from `--chart-size` and `--font-scale` (commands that draw charts).
    pub fn drawn(self, chart: &ChartOptions) -> Result<RunConfig, InputError> {
        Ok(RunConfig {
            look: look(chart)?,
            ..self
        })
    }

    pub fn showing(self, show: ShowOptions) -> RunConfig {
        RunConfig {
            json: show.json,
            charts: !show.no_charts,
            ..self
        }
    }

    /// Refuses, before anything runs, work past `WORK_LIMIT_SECONDS` of one core unless
    /// `--long` says so; the message gives the estimate.
    pub fn check_work(&self, core_seconds: f64) -> Result<(), InputError> {
        let wall = core_seconds / self.threads as f64;
        if self.long || core_seconds <= WORK_LIMIT_SECONDS {
            // A run of more than a minute says so before it starts (on stderr, with the bar).
            if wall > 60.0 && !self.quiet {
                eprintln!(
                    "about {:.0} minutes of work on {} threads",
                    wall / 60.0,
                    self.threads
                );
            }
            return Ok(());
        }
        let problem = format!(
            "this run is about {:.0} core-minutes of work ({:.0} minutes on {} threads), past the {:.0}-minute limit",
            core_seconds / 60.0,
            wall / 60.0,
            self.threads,
            WORK_LIMIT_SECONDS / 60.0
        );
        let fix = "lower --iterations (or the grid), or pass --long to run it anyway";
        Err(InputError::file("--iterations", problem, fix))
    }
}

/// `--chart-size WxH` and `--font-scale F` as a chart's look; a bad value names its flag.
pub fn look(args: &ChartOptions) -> Result<Look, InputError> {
    let mut look = Look::default();
    if let Some(text) = &args.chart_size {
        look.size = Look::parse_size(text).map_err(|problem| {
            InputError::file("--chart-size", problem, "give WIDTHxHEIGHT, e.g. 1920x1080")
        })?;
    }
    if let Some(f) = args.font_scale {
        if !crate::charts::style::FONT_SCALES.contains(&f) {
            let (lo, hi) = (
                crate::charts::style::FONT_SCALES.start(),
                crate::charts::style::FONT_SCALES.end(),
            );
            return Err(InputError::file(
                "--font-scale",
                format!("{f} is out of range"),
                format!("use {lo} to {hi}, e.g. 1.25"),
            ));
        }
        look.font_scale = f;
    }
    Ok(look)
}

/// `--target-se DOLLARS` with the run's iterations as its cap: a positive, finite target, and a
/// cap that leaves room for the two batches the rule takes before its first look. `queue`: any
/// of the run's scenarios simulates a queue (smaller batches).
pub fn target(
    se_usd: Option<f64>,
    cfg: &RunConfig,
    queue: bool,
) -> Result<Option<Target>, InputError> {
    let Some(se_usd) = se_usd else {
        return Ok(None);
    };
    if !(se_usd.is_finite() && se_usd > 0.0) {
        return Err(InputError::file(
            "--target-se",
            format!("{se_usd} is not a positive number of dollars"),
            "give the standard error to reach in dollars, e.g. --target-se 50",
        ));
    }
    let batch_years = if queue {
        precision::QUEUE_BATCH_YEARS
    } else {
        precision::BATCH_YEARS
    };
    let least = precision::MIN_BATCHES * batch_years;
    if cfg.iterations < least {
        return Err(InputError::file(
            "--iterations",
            format!(
                "{} years are fewer than the {} (two batches of {}) --target-se simulates at \
                 least; --iterations is its cap",
                grouped(cfg.iterations),
                grouped(least),
                grouped(batch_years)
            ),
            format!("give --iterations {least} or more"),
        ));
    }
    Ok(Some(Target {
        se_usd,
        batch_years,
        cap_years: cfg.iterations,
    }))
}
