//! Orchestration, the one room that sees everything: load, simulate, summarize, export, print;
//! one file per command family. No numbers are computed here.

use crate::cli::{
    Cli, Command, CompareArgs, ReportArgs, RunArgs, RunOptions, ShowOptions, StaffingArgs,
    SweepArgs,
};
use crate::config::RunConfig;
use crate::engine::IterationRecord;
use crate::error::InputError;
use crate::export::{self, OutputDir, RunOutput};
use crate::metrics::Metric;
use crate::scenario::Scenario;
use crate::summary::Summary;
use crate::{
    charts, compare, console, engine, expected, metrics, progress, scenario, shard, staffing, stats,
};
use anyhow::Context;
use std::path::{Path, PathBuf};
use std::time::Instant;

mod calibrate_cmd;
mod compare_cmd;
mod erlang_cmd;
mod run_cmd;
mod sensitivity_cmd;
mod shard_cmd;
mod slurm_cmd;
mod staffing_cmd;
mod sweep_cmd;

pub fn main(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Run(args) => run_cmd::run(&args),
        Command::Expected { scenario, json } => expected_cmd(&scenario, json),
        Command::Check { scenario } => check(&scenario),
        Command::Compare(args) => compare_cmd::compare(&args),
        Command::Staffing(args) => staffing_cmd::staffing(&args),
        Command::Erlang(args) => erlang_cmd::erlang(&args),
        Command::Chart { dir, chart } => chart_cmd(&dir, &chart),
        Command::Report(args) => compare_cmd::report(&args),
        Command::Sweep(args) => sweep_cmd::sweep(&args),
        Command::Sensitivity {
            scenario,
            no_xlsx,
            opts,
            show,
            chart,
        } => sensitivity_cmd::sensitivity(&scenario, &opts, (show, &chart), !no_xlsx),
        Command::Calibrate {
            data,
            out,
            prior_alpha,
            prior_beta,
        } => calibrate_cmd::calibrate(&data, out, prior_alpha, prior_beta),
        Command::Merge(args) => shard_cmd::merge(&args),
        Command::Slurm(crate::cli::SlurmCommand::Submit(args)) => slurm_cmd::submit(&args),
    }
}

/// One scenario simulated: its records, summary and the seconds it took.
struct Simulated {
    records: Vec<IterationRecord>,
    summary: Summary,
    seconds: f64,
    /// Per year, revenue by month; only when `simulate` was asked for detail.
    month_revenue_usd: Vec<[f64; 12]>,
    /// With a cash view, per year, cumulative cash profit per agent by month of the horizon.
    month_cash_profit_usd: Vec<f64>,
}

fn pool(threads: usize) -> anyhow::Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("starting worker threads")
}

/// Simulates one scenario; `detail` also keeps each year's revenue by month (the fan chart). A
/// year whose money does not come out finite is an error, never a null in the outputs.
fn simulate(
    scenario: &Scenario,
    cfg: &RunConfig,
    pool: &rayon::ThreadPool,
    detail: bool,
) -> Result<Simulated, InputError> {
    memory_fits(scenario, cfg.iterations, keep(scenario, detail))?;
    let (rows, seconds) = simulate_rows(scenario, cfg, pool, detail, 0..cfg.iterations);
    simulated(scenario, cfg.seed, rows, seconds)
}

/// The summary of a scenario's rows, from one process or merged from shards: the same code
/// either way, which is what makes a merged run's files byte-identical.
fn simulated(
    scenario: &Scenario,
    seed: u64,
    rows: engine::Detailed,
    seconds: f64,
) -> Result<Simulated, InputError> {
    check_finite(scenario, &rows.records)?;
    let records = rows.records;
    let summary = Summary::build(scenario, seed, &records)
        .with_agents(scenario, &records, &rows.agents)
        .with_hours(&rows.hours);
    Ok(Simulated {
        records,
        summary,
        seconds,
        month_revenue_usd: rows.month_revenue_usd,
        month_cash_profit_usd: rows.month_cash_profit_usd,
    })
}

fn check_finite(scenario: &Scenario, records: &[IterationRecord]) -> Result<(), InputError> {
    match records
        .iter()
        .find(|r| !(r.profit_usd().is_finite() && r.revenue_usd.is_finite()))
    {
        Some(r) => Err(not_finite(
            scenario,
            &format!("simulated year {}", r.iteration),
        )),
        None => Ok(()),
    }
}

/// The memory a run may plan to use: a run keeps every year's record (the summary's quantiles
/// need them all), so the iterations it may ask for are what fits in this.
const MEMORY_BUDGET_BYTES: u64 = 8 << 30;

/// Refuses, before simulating, a run whose kept years would not fit in `MEMORY_BUDGET_BYTES`,
/// naming the most that fit (no run is killed by the system after hours of work).
fn memory_fits(s: &Scenario, iterations: u64, keep: engine::Keep) -> Result<(), InputError> {
    let per_year = engine::bytes_per_year(s, keep);
    let most = MEMORY_BUDGET_BYTES / per_year;
    if iterations <= most {
        return Ok(());
    }
    let gb = |b: u64| b as f64 / f64::from(1u32 << 30);
    let problem = format!(
        "{iterations} simulated years of {} need about {:.1} GiB of memory ({per_year} bytes a \
         year{}), more than the {:.0} GiB a run may use",
        s.id,
        gb(iterations * per_year),
        if keep.months { ", with charts" } else { "" },
        gb(MEMORY_BUDGET_BYTES),
    );
    let mut fix = format!("use at most {} iterations", stats::grouped(most));
    if keep.months {
        fix.push_str(", or --no-charts (the fan chart keeps each year's months)");
    }
    Err(InputError::file("--iterations", problem, fix))
}

/// What the engine keeps beyond the records: per-agent rows with a plan that pays agents, and
/// each year's months for the charts (`detail`).
fn keep(s: &Scenario, detail: bool) -> engine::Keep {
    engine::Keep {
        agents: s.contest.is_some() || !s.commissions.is_empty(),
        months: detail,
    }
}

fn not_finite(s: &Scenario, what: &str) -> InputError {
    InputError::file(
        &s.id,
        format!("{what} gives a profit that is not a finite number"),
        "check the scenario's largest values and distributions' tails (`check` lists every input)",
    )
}

/// The rows of the years `range` (all of them, or a shard's slice) and the seconds they took.
fn simulate_rows(
    scenario: &Scenario,
    cfg: &RunConfig,
    pool: &rayon::ThreadPool,
    detail: bool,
    range: std::ops::Range<u64>,
) -> (engine::Detailed, f64) {
    let label = format!("simulating {}", scenario.id);
    let bar = progress::bar(range.end - range.start, cfg.quiet, &label);
    let started = Instant::now();
    let keep = keep(scenario, detail);
    let detailed = pool.install(|| {
        let progress = |n| bar.inc(n);
        if detail || keep.agents || scenario.queue.is_some() {
            engine::run_detailed_range(scenario, range, cfg.seed, keep, &progress)
        } else {
            engine::Detailed {
                records: engine::run_range(scenario, range, cfg.seed, &progress),
                agents: Vec::new(),
                hours: Vec::new(),
                month_revenue_usd: Vec::new(),
                month_cash_profit_usd: Vec::new(),
            }
        }
    });
    let seconds = started.elapsed().as_secs_f64();
    bar.finish_and_clear();
    (detailed, seconds)
}

/// Several scenarios simulated with the first one's iterations and seed: the same seed is what
/// makes the random numbers common.
struct ScenarioSet {
    scenarios: Vec<Scenario>,
    runs: Vec<Simulated>,
    cfg: RunConfig,
    out: OutputDir,
}

/// Ids name columns and files, so two scenarios with the same file stem (`a/base.toml`,
/// `b/base.toml`, or one file given twice) become `base` and `base-2`.
fn unique_ids(scenarios: &mut [Scenario]) {
    for i in 1..scenarios.len() {
        let taken = |id: &str, s: &[Scenario]| s.iter().any(|o| o.id == id);
        if !taken(&scenarios[i].id, &scenarios[..i]) {
            continue;
        }
        let stem = scenarios[i].id.clone();
        let mut k = 2;
        while taken(&format!("{stem}-{k}"), &scenarios[..i]) {
            k += 1;
        }
        scenarios[i].id = format!("{stem}-{k}");
    }
}

/// The scenarios (with unique ids) and the configuration the first one's defaults give.
fn load_set(
    paths: &[PathBuf],
    opts: &RunOptions,
    command: &str,
) -> Result<(Vec<Scenario>, RunConfig), InputError> {
    let mut scenarios = paths
        .iter()
        .map(|p| scenario::load(p))
        .collect::<Result<Vec<_>, _>>()?;
    unique_ids(&mut scenarios);
    let ids: Vec<&str> = scenarios.iter().map(|s| s.id.as_str()).collect();
    let default_out = PathBuf::from("output").join(format!("{command}-{}", ids.join("-vs-")));
    let cfg = RunConfig::new(opts, &scenarios[0], default_out)?;
    Ok((scenarios, cfg))
}

fn simulate_set(scenarios: Vec<Scenario>, cfg: RunConfig) -> anyhow::Result<ScenarioSet> {
    let out = OutputDir::prepare(&cfg.out_dir)?;
    let pool = pool(cfg.threads)?;
    let runs = scenarios
        .iter()
        .map(|s| simulate(s, &cfg, &pool, false))
        .collect::<Result<_, _>>()?;
    Ok(ScenarioSet {
        scenarios,
        runs,
        cfg,
        out,
    })
}

impl ScenarioSet {
    fn arms<'a>(&'a self, paths: &[PathBuf]) -> Vec<compare::Arm<'a>> {
        self.scenarios
            .iter()
            .zip(&self.runs)
            .zip(paths)
            .map(|((s, r), path)| compare::Arm {
                scenario: s,
                file: path.display().to_string(),
                summary: &r.summary,
                records: &r.records,
            })
            .collect()
    }
}

fn expected_cmd(path: &Path, json: bool) -> anyhow::Result<()> {
    let scenario = scenario::load(path)?;
    let projection = expected::project(&scenario);
    if json {
        println!("{}", serde_json::to_string_pretty(&projection)?);
    } else {
        print!("{}", console::projection(&scenario, path, &projection));
    }
    Ok(())
}

fn check(path: &Path) -> anyhow::Result<()> {
    let scenario = scenario::load(path)?;
    print!("{}", console::assumptions(&scenario, path));
    Ok(())
}

/// Redraws from a saved folder: `run`, `compare`, `sweep` or `sensitivity` (see
/// `export::redraw`). The folder keeps its other files.
fn chart_cmd(dir: &Path, chart: &crate::cli::ChartOptions) -> anyhow::Result<()> {
    let look = crate::config::look(chart)?;
    if !dir.is_dir() {
        // Refused by redraw (no summary.json there), and no folder is created.
        export::redraw(dir, look)?;
    }
    // Locked before reading, so no other run replaces the folder between the read and the swap.
    let out = OutputDir::prepare_keeping(dir)?;
    let files = export::redraw(dir, look)?;
    let written = out.write_all(&files)?;
    println!("wrote {}", console::file_list(&written));
    Ok(())
}

/// Profit per agent-year, year by year: what the charts draw.
fn profit_series(s: &Scenario, records: &[IterationRecord]) -> charts::Series {
    let scale = metrics::Scale::of(s);
    let m = Metric::ProfitPerAgentYear;
    charts::Series {
        name: s.id.clone(),
        label: s.name.clone(),
        values: records.iter().filter_map(|r| m.value(r, scale)).collect(),
    }
}
