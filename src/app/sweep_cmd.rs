//! `sweep`: one scenario over a grid of one or two of its inputs.
use super::*;
use crate::sweep::{Axis, SweepPoint, SweepResult};

pub(super) fn sweep(args: &SweepArgs) -> anyhow::Result<()> {
    let file = args.scenario.display().to_string();
    let base = scenario::load(&args.scenario)?;
    let axes = args
        .set
        .iter()
        .map(|s| crate::sweep::parse_axis(s, &base))
        .collect::<Result<Vec<Axis>, _>>()?;
    let grid = crate::sweep::grid(&axes)?;
    let default_out = PathBuf::from("output").join(format!("sweep-{}", base.id));
    let cfg = RunConfig::new(&args.opts, &base, default_out)?;
    // Every point is validated before anything runs or is written.
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
    let work = scenarios
        .iter()
        .map(|s| crate::config::core_seconds(s, cfg.iterations))
        .sum();
    cfg.check_work(work)?;
    let out = OutputDir::prepare(&cfg.out_dir)?;
    let pool = pool(cfg.threads)?;
    let points = scenarios
        .iter()
        .zip(&grid)
        .map(|(s, values)| point(s, values, &cfg, &pool))
        .collect::<Result<_, _>>()?;
    let result = SweepResult::new(&base, (cfg.iterations, cfg.seed), axes, points);
    let mut files = export::sweep_files(&result)?;
    if cfg.charts && result.axes.len() == 1 {
        files.extend(chart(&result)?.into_files());
    }
    let written = out.write_all(&files)?;
    if cfg.json {
        print!("{}", String::from_utf8_lossy(&files[0].1));
    } else {
        print!("{}", console::sweep(&result, &file, &written));
    }
    Ok(())
}

/// One grid point simulated.
fn point(
    s: &Scenario,
    values: &[f64],
    cfg: &RunConfig,
    pool: &rayon::ThreadPool,
) -> Result<SweepPoint, InputError> {
    let sim = simulate(s, cfg, pool, false)?;
    // Only queue runs report the offered load; there the spreadsheet's line is worth drawing.
    let load = sim.summary.metric(Metric::OfferedLoad);
    let spreadsheet = s
        .queue
        .is_some()
        .then(|| expected::project(s).profit_per_agent_year);
    let p = sim.summary.profit();
    Ok(SweepPoint {
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
    })
}

fn chart(r: &SweepResult) -> anyhow::Result<charts::ChartFiles> {
    let foot = charts::Footnote {
        scenarios: format!("{} ({})", r.name, r.scenario),
        iterations: r.iterations,
        seed: r.seed,
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
