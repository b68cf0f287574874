//! Orchestration, the one room that sees everything: load, simulate, summarize, export, print;
//! one file per command family. No numbers are computed here.

use crate::cli::{
    Cli, Command, CompareArgs, ReportArgs, RunArgs, RunOptions, StaffingArgs, SweepArgs,
};
use crate::config::RunConfig;
use crate::engine::IterationRecord;
use crate::error::InputError;
use crate::export::{self, OutputDir, RunOutput};
use crate::metrics::Metric;
use crate::scenario::Scenario;
use crate::summary::Summary;
use crate::{
    charts, compare, console, engine, expected, metrics, progress, scenario, staffing, stats,
};
use anyhow::Context;
use std::path::{Path, PathBuf};
use std::time::Instant;

mod calibrate_cmd;
mod compare_cmd;
mod erlang_cmd;
mod run_cmd;
mod sensitivity_cmd;
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
        Command::Chart { dir } => chart_cmd(&dir),
        Command::Report(args) => compare_cmd::report(&args),
        Command::Sweep(args) => sweep_cmd::sweep(&args),
        Command::Sensitivity { scenario, opts } => sensitivity_cmd::sensitivity(&scenario, &opts),
        Command::Calibrate {
            data,
            out,
            prior_alpha,
            prior_beta,
        } => calibrate_cmd::calibrate(&data, out, prior_alpha, prior_beta),
    }
}

/// One scenario simulated: its records, summary and the seconds it took.
struct Simulated {
    records: Vec<IterationRecord>,
    summary: Summary,
    seconds: f64,
    /// Per year, revenue by month; only when `simulate` was asked for detail.
    month_revenue_usd: Vec<[f64; 12]>,
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
    let sim = simulate_unchecked(scenario, cfg, pool, detail);
    match sim
        .records
        .iter()
        .find(|r| !(r.profit_usd.is_finite() && r.revenue_usd.is_finite()))
    {
        Some(r) => Err(not_finite(
            scenario,
            &format!("simulated year {}", r.iteration),
        )),
        None => Ok(sim),
    }
}

fn not_finite(s: &Scenario, what: &str) -> InputError {
    InputError::file(
        &s.id,
        format!("{what} gives a profit that is not a finite number"),
        "check the scenario's largest values and distributions' tails (`check` lists every input)",
    )
}

fn simulate_unchecked(
    scenario: &Scenario,
    cfg: &RunConfig,
    pool: &rayon::ThreadPool,
    detail: bool,
) -> Simulated {
    let label = format!("simulating {}", scenario.id);
    let bar = progress::bar(cfg.iterations, cfg.quiet, &label);
    let started = Instant::now();
    let plan = scenario.contest.is_some() || !scenario.commissions.is_empty();
    let detailed = pool.install(|| {
        let progress = |n| bar.inc(n);
        if detail || plan || scenario.queue.is_some() {
            let keep = engine::Keep {
                agents: plan,
                months: detail,
            };
            engine::run_detailed(scenario, cfg.iterations, cfg.seed, keep, &progress)
        } else {
            engine::Detailed {
                records: engine::run(scenario, cfg.iterations, cfg.seed, &progress),
                agents: Vec::new(),
                hours: Vec::new(),
                month_revenue_usd: Vec::new(),
            }
        }
    });
    let seconds = started.elapsed().as_secs_f64();
    bar.finish_and_clear();
    let records = detailed.records;
    let summary = Summary::build(scenario, cfg.seed, &records)
        .with_agents(scenario, &records, &detailed.agents)
        .with_hours(&detailed.hours);
    Simulated {
        records,
        summary,
        seconds,
        month_revenue_usd: detailed.month_revenue_usd,
    }
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

fn simulate_all(
    paths: &[PathBuf],
    opts: &RunOptions,
    command: &str,
) -> anyhow::Result<ScenarioSet> {
    let mut scenarios = paths
        .iter()
        .map(|p| scenario::load(p))
        .collect::<Result<Vec<_>, _>>()?;
    unique_ids(&mut scenarios);
    let ids: Vec<&str> = scenarios.iter().map(|s| s.id.as_str()).collect();
    let default_out = PathBuf::from("output").join(format!("{command}-{}", ids.join("-vs-")));
    let cfg = RunConfig::new(opts, &scenarios[0], default_out)?;
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

/// Redraws from a saved folder: a `run` folder (summary.json + iterations.csv) or a `compare`
/// folder (compare.json + compare_iterations.csv).
fn chart_cmd(dir: &Path) -> anyhow::Result<()> {
    let files = export::redraw(dir)?;
    let out = OutputDir::prepare(dir)?;
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
        values: records.iter().filter_map(|r| m.value(r, scale)).collect(),
    }
}
