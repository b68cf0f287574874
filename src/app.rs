//! Orchestration, the one room that sees everything: load, simulate, summarize, export, print.
//! No numbers are computed here.

use crate::cli::{Cli, Command, RunArgs};
use crate::config::RunConfig;
use crate::export::{self, OutputDir, RunOutput};
use crate::summary::Summary;
use crate::{console, engine, expected, progress, scenario};
use anyhow::Context;
use std::path::Path;
use std::time::Instant;

pub fn main(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Run(args) => run(&args),
        Command::Expected { scenario, json } => expected_cmd(&scenario, json),
        Command::Check { scenario } => check(&scenario),
    }
}

fn run(args: &RunArgs) -> anyhow::Result<()> {
    let scenario = scenario::load(&args.scenario)?;
    let cfg = RunConfig::new(args, &scenario)?;
    let out = OutputDir::prepare(&cfg.out_dir)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(cfg.threads)
        .build()
        .context("starting worker threads")?;
    let bar = progress::bar(cfg.iterations, cfg.quiet, "simulating years");
    let started = Instant::now();
    let records =
        pool.install(|| engine::run(&scenario, cfg.iterations, cfg.seed, &|n| bar.inc(n)));
    let elapsed = started.elapsed();
    bar.finish_and_clear();
    let summary = Summary::build(&scenario, cfg.seed, &records);
    let run = RunOutput {
        scenario: &scenario,
        summary: &summary,
        records: &records,
    };
    let files = export::standard()
        .iter()
        .map(|e| Ok((e.file_name(), e.render(&run)?)))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let written = out.write_all(&files)?;
    if cfg.json {
        let json = files
            .iter()
            .find(|(name, _)| *name == "summary.json")
            .map(|(_, b)| b);
        print!("{}", String::from_utf8_lossy(json.map_or(&[][..], |b| b)));
    } else {
        let timing = console::Timing {
            threads: cfg.threads,
            seconds: elapsed.as_secs_f64(),
        };
        print!(
            "{}",
            console::run_summary(&scenario, &args.scenario, &summary, timing, &written)
        );
    }
    Ok(())
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
