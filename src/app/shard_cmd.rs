//! `--shard I/N` (simulate a slice of a command's years, save the rows) and `merge` (rows back
//! in order, then the command's own output code).
use super::*;
use crate::cli::MergeArgs;
use crate::shard::{Header, Shard, ShardSpec, Source};

/// What one sharded command simulates: its arms (scenarios of `compare`, points of `sweep`).
pub(super) struct Job<'a> {
    pub scenarios: &'a [Scenario],
    /// Keep each year's revenue by month (`run` with charts).
    pub detail: bool,
    /// Slice the arms times the years as one list (`sweep`: a shard may hold a few whole points)
    /// rather than each arm's years alike (`run`, `compare`).
    pub across_arms: bool,
}

/// The header of shard `spec` of a run with `arms` arms.
pub(super) fn header(
    command: &str,
    sources: Vec<Source>,
    args: Vec<String>,
    cfg: &RunConfig,
    (spec, arms): (ShardSpec, u32),
) -> Header {
    Header {
        command: command.to_string(),
        version: crate::VERSION.to_string(),
        sources,
        args,
        charts: cfg.charts,
        seed: cfg.seed,
        iterations: cfg.iterations,
        arms,
        shard: spec,
        seconds: 0.0,
    }
}

/// Each arm's slice of years for shard `spec`.
fn slices(job: &Job, iterations: u64, spec: ShardSpec) -> Vec<(u32, std::ops::Range<u64>)> {
    let arms = job.scenarios.len() as u64;
    if !job.across_arms {
        let range = shard::slice(iterations, spec);
        return (0..arms as u32).map(|a| (a, range.clone())).collect();
    }
    let all = shard::slice(arms * iterations, spec);
    (0..arms)
        .filter_map(|a| {
            let (from, to) = (a * iterations, (a + 1) * iterations);
            let (start, end) = (all.start.max(from), all.end.min(to));
            (start < end).then(|| (a as u32, start - from..end - from))
        })
        .collect()
}

/// Simulates this shard's slices and writes its file into `--out`.
pub(super) fn write_shard(mut header: Header, job: &Job, cfg: &RunConfig) -> anyhow::Result<()> {
    let pool = pool(cfg.threads)?;
    let mut sections = Vec::new();
    for (arm, range) in slices(job, cfg.iterations, header.shard) {
        let s = &job.scenarios[arm as usize];
        let (rows, seconds) = simulate_rows(s, cfg, &pool, job.detail, range);
        check_finite(s, &rows.records)?;
        header.seconds += seconds;
        sections.push((arm, rows));
    }
    let years: usize = sections.iter().map(|(_, d)| d.records.len()).sum();
    let spec = header.shard;
    let path = shard::write(&cfg.out_dir, &Shard { header, sections })?;
    if !cfg.quiet {
        println!(
            "wrote {} (shard {spec}, {years} simulated years)",
            path.display()
        );
    }
    Ok(())
}

/// A scenario from the text a shard carries, named as `scenario::load` names it.
pub(super) fn parse_source(source: &Source) -> Result<Scenario, InputError> {
    let id = Path::new(&source.file)
        .file_stem()
        .map_or("scenario".into(), |s| s.to_string_lossy().into_owned());
    scenario::parse(&source.text, &source.file, &id)
}

pub(super) fn merge(args: &MergeArgs) -> anyhow::Result<()> {
    let merged = shard::merge(&args.dirs)?;
    let h = &merged.header;
    let cfg = RunConfig {
        iterations: h.iterations,
        seed: h.seed,
        threads: 1,
        out_dir: args.out.clone(),
        json: false,
        quiet: true,
        charts: h.charts,
        // Shards do not carry the chart flags: a merge draws at the default look.
        look: Default::default(),
        long: true,
    };
    match h.command.as_str() {
        "run" => run_cmd::merged(merged, &cfg),
        "compare" => compare_cmd::merged(merged, cfg),
        "sweep" => sweep_cmd::merged(merged, &cfg),
        other => Err(InputError::file(
            args.dirs[0].display().to_string(),
            format!("holds shards of `{other}`, which merge does not know"),
            "merge with the callprofit version that wrote the shards",
        )
        .into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every (arm, year) pair lands in exactly one shard, for N below, at and above the work.
    #[test]
    fn slices_cover_every_year_once() {
        let s = scenario::parse(include_str!("../../scenarios/article_15.toml"), "a", "a").unwrap();
        let scenarios = vec![s.clone(), s.clone(), s];
        for across_arms in [false, true] {
            let job = Job {
                scenarios: &scenarios,
                detail: false,
                across_arms,
            };
            for n in [1, 3, 4, 7, 40] {
                let mut seen = vec![vec![0; 10]; 3];
                for i in 0..n {
                    for (arm, range) in slices(&job, 10, ShardSpec { index: i, count: n }) {
                        range.for_each(|y| seen[arm as usize][y as usize] += 1);
                    }
                }
                assert!(seen.iter().flatten().all(|&c| c == 1), "N {n}: {seen:?}");
            }
        }
    }
}
