//! `sensitivity`: the tornado (one at a time, expected value) and the joint ranking (simulation).

use super::*;
use crate::sensitivity::{self, SensitivityResult};

/// `xlsx`: results.xlsx too.
pub(super) fn sensitivity(
    path: &Path,
    opts: &RunOptions,
    (show, chart): (ShowOptions, &crate::cli::ChartOptions),
    xlsx: bool,
) -> anyhow::Result<()> {
    let file = path.display().to_string();
    let base = scenario::load(path)?;
    let default_out = PathBuf::from("output").join(format!("sensitivity-{}", base.id));
    let cfg = RunConfig::new(opts, &base, default_out)?
        .showing(show)
        .drawn(chart)?;
    let uncertain = sensitivity::uncertain(&base);
    if uncertain.is_empty() {
        let fix = "give some inputs a distribution (see README, Distributions)";
        return Err(InputError::file(&file, "has no uncertain inputs", fix).into());
    }
    let swings = swings_of(&base, &uncertain, &file)?;
    let out = OutputDir::prepare(&cfg.out_dir)?;
    let sim = simulate(&base, &cfg, &pool(cfg.threads)?, false)?;
    let profits = profit_series(&base, &sim.records).values;
    let correlations = uncertain
        .iter()
        .map(|i| {
            let draws = sensitivity::yearly_draws(&base, i, cfg.seed, cfg.iterations);
            (*i, crate::stats::spearman(&draws, &profits))
        })
        .collect();
    let (one_at_a_time, together) = sensitivity::rank(swings, correlations);
    let result = SensitivityResult {
        scenario: base.id.clone(),
        name: base.name.clone(),
        iterations: cfg.iterations,
        seed: cfg.seed,
        version: crate::VERSION,
        metric: "profit_per_agent_year",
        base: expected::project(&base).profit_per_agent_year,
        one_at_a_time,
        together,
        correlated_inputs: !base.correlations.is_empty(),
    };
    let mut files = export::sensitivity_files(&result)?;
    if cfg.charts {
        files.extend(charts_of(&result, cfg.look)?);
    }
    if xlsx {
        let run = RunOutput {
            scenario: &base,
            summary: &sim.summary,
            records: &sim.records,
        };
        out.stream(export::xlsx::FILE, |w| {
            export::xlsx::sensitivity_workbook(&run, &result, w)
        })?;
    }
    let written = out.write_all(&files)?;
    if cfg.json {
        print!("{}", String::from_utf8_lossy(&files[0].1));
    } else {
        print!("{}", console::sensitivity(&result, &file, &written));
    }
    Ok(())
}

/// Each uncertain input's swing (pinned at its P10 and P90); a pinned value the scenario's
/// rules refuse names the file.
fn swings_of(
    base: &Scenario,
    uncertain: &[&crate::scenario::Input],
    file: &str,
) -> Result<Vec<sensitivity::Swing>, InputError> {
    uncertain
        .iter()
        .map(|i| sensitivity::swing(base, i))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|error| InputError::Field {
            file: file.to_string(),
            error,
        })
}

/// The tornado and the variance shares, bars named by the inputs' labels.
fn charts_of(r: &SensitivityResult, look: charts::Look) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let foot = charts::Footnote {
        scenarios: format!("{} ({})", r.name, r.scenario),
        iterations: r.iterations,
        seed: r.seed,
        look,
    };
    let bars: Vec<(String, f64, f64)> = r
        .one_at_a_time
        .iter()
        .map(|s| (s.label.clone(), s.profit_at_p10, s.profit_at_p90))
        .collect();
    let mut files = charts::tornado_chart(r.base, &bars, &foot)?
        .into_files()
        .to_vec();
    let shares: Vec<(String, f64, f64)> = r
        .together
        .iter()
        .map(|k| (k.label.clone(), k.share_of_variance, k.rank_correlation))
        .collect();
    files.extend(charts::variance_shares_chart(&shares, &foot)?.into_files());
    Ok(files)
}
