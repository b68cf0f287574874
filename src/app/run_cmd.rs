//! `run`: one scenario, its summary, exports and charts.
use super::*;

pub(super) fn run(args: &RunArgs) -> anyhow::Result<()> {
    let scenario = scenario::load(&args.scenario)?;
    let default_out = PathBuf::from("output").join(&scenario.id);
    let cfg = RunConfig::new(&args.opts, &scenario, default_out)?;
    let out = OutputDir::prepare(&cfg.out_dir)?;
    let sim = simulate(&scenario, &cfg, &pool(cfg.threads)?, cfg.charts);
    let run = RunOutput {
        scenario: &scenario,
        summary: &sim.summary,
        records: &sim.records,
    };
    let mut files = export::standard()
        .iter()
        .map(|e| Ok((e.file_name().to_string(), e.render(&run)?)))
        .collect::<anyhow::Result<Vec<_>>>()?;
    if cfg.charts {
        files.extend(run_charts(&scenario, &sim)?);
    }
    let written = out.write_all(&files)?;
    if cfg.json {
        let json = files
            .iter()
            .find(|(name, _)| name == "summary.json")
            .map(|(_, b)| b);
        print!("{}", String::from_utf8_lossy(json.map_or(&[][..], |b| b)));
    } else {
        let timing = console::Timing {
            threads: cfg.threads,
            seconds: sim.seconds,
        };
        print!(
            "{}",
            console::run_summary(&scenario, &args.scenario, &sim.summary, timing, &written)
        );
    }
    Ok(())
}

fn run_charts(s: &Scenario, sim: &Simulated) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let foot = charts::Footnote {
        scenarios: format!("{} ({})", s.name, s.id),
        iterations: sim.summary.iterations,
        seed: sim.summary.seed,
    };
    let series = profit_series(s, &sim.records);
    let mut charts =
        charts::run_charts(&series, sim.summary.p_loss, sim.summary.iterations, &foot)?;
    if !sim.summary.by_hour.is_empty() {
        charts.push(charts::hour_chart(&sim.summary.by_hour, &foot)?);
    }
    if !sim.month_revenue_usd.is_empty() {
        let agents = s.agents.len() as f64;
        let paths: Vec<[f64; 12]> = sim
            .records
            .iter()
            .zip(&sim.month_revenue_usd)
            .map(|(r, months)| cumulative_profit(months, r.cost_usd, agents))
            .collect();
        charts.push(charts::fan_chart(&paths, &foot)?);
    }
    Ok(charts.into_iter().flat_map(|c| c.into_files()).collect())
}

/// Cumulative profit per agent at the end of each month: revenue as it came, costs spread evenly
/// over the months.
fn cumulative_profit(months: &[f64; 12], cost_usd: f64, agents: f64) -> [f64; 12] {
    let mut out = [0.0; 12];
    let mut acc = 0.0;
    for (m, rev) in months.iter().enumerate() {
        acc += rev - cost_usd / 12.0;
        out[m] = acc / agents;
    }
    out
}
