//! `sweep`: one scenario over a grid of one or two of its inputs.
use super::*;
use crate::sweep::{Axis, SweepPoint, SweepResult};

pub(super) fn sweep(args: &SweepArgs) -> anyhow::Result<()> {
    let file = args.scenario.display().to_string();
    let base = scenario::load(&args.scenario)?;
    let default_out = PathBuf::from("output").join(format!("sweep-{}", base.id));
    let (axes, grid, scenarios) = plan(&base, &file, &args.set)?;
    let cfg = RunConfig::new(&args.opts, &base, default_out)?
        .showing(args.show)
        .drawn(&args.chart)?;
    let work = scenarios
        .iter()
        .map(|s| crate::config::core_seconds(s, cfg.iterations))
        .sum();
    cfg.check_work(work)?;
    if let Some(spec) = args.shard {
        let sources = vec![shard::Source::read(&args.scenario)?];
        let arms = (spec, scenarios.len() as u32);
        let header = shard_cmd::header("sweep", sources, args.set.clone(), &cfg, arms);
        let job = shard_cmd::Job {
            scenarios: &scenarios,
            detail: false,
            across_arms: true,
        };
        return shard_cmd::write_shard(header, &job, &cfg);
    }
    let out = OutputDir::prepare(&cfg.out_dir)?;
    let pool = pool(cfg.threads)?;
    let points = scenarios
        .iter()
        .zip(&grid)
        .map(|(s, values)| Ok(point(s, values, &simulate(s, &cfg, &pool, false)?)))
        .collect::<Result<_, InputError>>()?;
    write_sweep(&base, &file, (&cfg, !args.no_xlsx), axes, points, out)
}

type Plan = (Vec<Axis>, Vec<Vec<f64>>, Vec<Scenario>);

/// The axes, the grid and a scenario per point; every point is validated before anything runs
/// or is written.
fn plan(base: &Scenario, file: &str, set: &[String]) -> Result<Plan, InputError> {
    let axes = set
        .iter()
        .map(|s| crate::sweep::parse_axis(s, base))
        .collect::<Result<Vec<Axis>, _>>()?;
    let grid = crate::sweep::grid(&axes)?;
    let scenarios = grid
        .iter()
        .map(|values| {
            let pins: Vec<_> = axes
                .iter()
                .map(|a| a.id)
                .zip(values.iter().copied())
                .collect();
            base.with_inputs(&pins).map_err(|error| InputError::Field {
                file: format!("{file} (with --set)"),
                error,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok((axes, grid, scenarios))
}

/// `merge` of `sweep` shards: each point's rows, through `write_sweep`.
pub(super) fn merged(m: shard::Merged, cfg: &RunConfig) -> anyhow::Result<()> {
    let source = &m.header.sources[0];
    let base = shard_cmd::parse_source(source)?;
    let (axes, grid, scenarios) = plan(&base, &source.file, &m.header.args)?;
    let points = scenarios
        .iter()
        .zip(&grid)
        .zip(m.arms)
        .map(|((s, values), rows)| Ok(point(s, values, &simulated(s, cfg.seed, rows, 0.0)?)))
        .collect::<Result<_, InputError>>()?;
    let out = OutputDir::prepare(&cfg.out_dir)?;
    // A merge always writes the workbook (`--no-xlsx` is refused with `--shard`).
    write_sweep(&base, &source.file, (cfg, true), axes, points, out)
}

/// Everything `sweep` writes and prints, from the simulated points; `xlsx`: results.xlsx too.
fn write_sweep(
    base: &Scenario,
    file: &str,
    (cfg, xlsx): (&RunConfig, bool),
    axes: Vec<Axis>,
    points: Vec<SweepPoint>,
    out: OutputDir,
) -> anyhow::Result<()> {
    let result = SweepResult::new(base, (cfg.iterations, cfg.seed), axes, points);
    let mut files = export::sweep_files(&result)?;
    if cfg.charts && result.axes.len() == 1 {
        files.extend(chart(&result, cfg.look)?.into_files());
    }
    if xlsx {
        out.stream(export::xlsx::FILE, |w| {
            export::xlsx::sweep_workbook(base, &result, w)
        })?;
    }
    let written = out.write_all(&files)?;
    if cfg.json {
        print!("{}", String::from_utf8_lossy(&files[0].1));
    } else {
        print!("{}", console::sweep(&result, file, &written));
    }
    Ok(())
}

/// One grid point's figures from its simulated years.
fn point(s: &Scenario, values: &[f64], sim: &Simulated) -> SweepPoint {
    // Only queue runs report the offered load; there the spreadsheet's line is worth drawing.
    let load = sim.summary.metric(Metric::OfferedLoad);
    let spreadsheet = s
        .queue
        .is_some()
        .then(|| expected::project(s).profit_per_agent_year);
    let p = sim.summary.profit();
    SweepPoint {
        values: values.to_vec(),
        mean: p.mean,
        mean_se: p.mean_se,
        p10: p.p10,
        p25: p.p25,
        p50: p.p50,
        p75: p.p75,
        p90: p.p90,
        p_loss: sim.summary.p_loss.p,
        p_loss_se: sim.summary.p_loss.se,
        spreadsheet,
        offered_load: load.map(|m| m.mean),
        offered_load_se: load.map(|m| m.mean_se),
    }
}

fn chart(r: &SweepResult, look: charts::Look) -> anyhow::Result<charts::ChartFiles> {
    let foot = charts::Footnote {
        scenarios: format!("{} ({})", r.name, r.scenario),
        iterations: r.iterations,
        seed: r.seed,
        look,
    };
    let x: Vec<f64> = r.points.iter().map(|p| p.values[0]).collect();
    let bands: Vec<[f64; 5]> = r
        .points
        .iter()
        .map(|p| [p.p10, p.p25, p.p50, p.p75, p.p90])
        .collect();
    let spreadsheet: Option<Vec<f64>> = r.points.iter().map(|p| p.spreadsheet).collect();
    let overlay = spreadsheet.map(|spreadsheet| charts::SweepOverlay {
        spreadsheet,
        capacity_at: r.capacity_at,
    });
    charts::sweep_chart(
        (&r.axes[0].path, &r.axes[0].label),
        (&x, &bands),
        r.break_even,
        overlay.as_ref(),
        &foot,
    )
}
