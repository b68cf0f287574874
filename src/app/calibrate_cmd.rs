//! `calibrate`: observed results per agent to beta distributions, and a scenario fragment.

use super::*;
use crate::calibrate::{self, Observed, OutcomeCalibration};
use std::fmt::Write as _;

pub(super) fn calibrate(
    data: &Path,
    out: Option<PathBuf>,
    prior_a: f64,
    prior_b: f64,
) -> anyhow::Result<()> {
    let file = data.display().to_string();
    if !(prior_a > 0.0 && prior_b > 0.0 && prior_a.is_finite() && prior_b.is_finite()) {
        let fix = "use positive numbers, e.g. 1 and 1 for a flat prior";
        return Err(InputError::file("--prior-alpha/--prior-beta", "must be positive", fix).into());
    }
    let (outcomes, rows) = read(data, &file)?;
    let stem = data
        .file_stem()
        .map_or("data".into(), |s| s.to_string_lossy().into_owned());
    let dir = out.unwrap_or_else(|| PathBuf::from("output").join(format!("calibrate-{stem}")));
    let result = calibrate::calibrate(&rows, &outcomes, prior_a, prior_b);
    let out = OutputDir::prepare(&dir)?;
    let mut json = serde_json::to_vec_pretty(&result)?;
    json.push(b'\n');
    let files = vec![
        ("calibration.json".to_string(), json),
        ("calibration.csv".to_string(), table_csv(&result)?),
        (
            "scenario_fragment.toml".to_string(),
            fragment(&result, &rows, &file).into_bytes(),
        ),
    ];
    let written = out.write_all(&files)?;
    for c in &result {
        let p = &c.pooled;
        println!(
            "{}: pooled Beta({}, {}), mean {:.4}, 90% {:.4} to {:.4}; agents pulled toward it with the weight of {:.0} calls",
            c.outcome, p.alpha, p.beta, p.mean, p.p5, p.p95, c.kappa
        );
        for a in &c.agents {
            println!(
                "  {:<12} {:>4} of {:<5} observed {:.4}  own {:.4} ({:.4} to {:.4})  partially pooled {:.4} ({:.4} to {:.4})",
                a.agent,
                a.successes,
                a.calls,
                a.observed,
                a.own.mean,
                a.own.p5,
                a.own.p95,
                a.partially_pooled.mean,
                a.partially_pooled.p5,
                a.partially_pooled.p95
            );
        }
    }
    let names: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
    println!("\nwrote {}", names.join(", "));
    Ok(())
}

/// Reads `agent,calls,<outcome>...`; every count a whole number, successes at most calls.
fn read(path: &Path, file: &str) -> anyhow::Result<(Vec<String>, Vec<Observed>)> {
    let bad = |problem: String, fix: &str| InputError::file(file, problem, fix);
    let mut r = ::csv::Reader::from_path(path)
        .map_err(|e| bad(format!("cannot read the data ({e})"), "check the path"))?;
    let head: Vec<String> = r
        .headers()
        .map_err(|e| {
            bad(
                format!("no header ({e})"),
                "start with agent,calls,<outcome>...",
            )
        })?
        .iter()
        .map(str::to_string)
        .collect();
    if head.len() < 3 || head[0] != "agent" || head[1] != "calls" {
        let fix = "the header must be agent,calls, then one column per outcome";
        return Err(bad(format!("header is {}", head.join(",")), fix).into());
    }
    let mut rows = Vec::new();
    for (i, rec) in r.records().enumerate() {
        let line = i + 2;
        let rec = rec.map_err(|e| bad(format!("line {line}: {e}"), "fix the CSV there"))?;
        let num = |c: usize| -> Result<u64, InputError> {
            let cell = rec.get(c).unwrap_or("").trim();
            cell.parse().map_err(|_| {
                bad(
                    format!(
                        "line {line}, column {}: `{cell}` is not a whole number",
                        head[c]
                    ),
                    "write counts as whole numbers",
                )
            })
        };
        let calls = num(1)?;
        let successes = (2..head.len()).map(num).collect::<Result<Vec<_>, _>>()?;
        if successes.iter().sum::<u64>() > calls {
            let fix = "each call ends in at most one outcome: successes cannot exceed calls";
            return Err(bad(format!("line {line}: more successes than calls"), fix).into());
        }
        rows.push(Observed {
            agent: rec.get(0).unwrap_or("").to_string(),
            calls,
            successes,
        });
    }
    if rows.is_empty() {
        return Err(bad("has no agents".into(), "add one row per agent").into());
    }
    Ok((head[2..].to_vec(), rows))
}

fn table_csv(result: &[OutcomeCalibration]) -> anyhow::Result<Vec<u8>> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record([
        "outcome",
        "agent",
        "successes",
        "calls",
        "estimate",
        "alpha",
        "beta",
        "mean",
        "p5",
        "p95",
    ])?;
    for c in result {
        let row = |agent: &str, k: String, n: String, which: &str, p: &calibrate::Posterior| {
            vec![
                c.outcome.clone(),
                agent.to_string(),
                k,
                n,
                which.to_string(),
                p.alpha.to_string(),
                p.beta.to_string(),
                p.mean.to_string(),
                p.p5.to_string(),
                p.p95.to_string(),
            ]
        };
        w.write_record(row(
            "(team)",
            String::new(),
            String::new(),
            "pooled",
            &c.pooled,
        ))?;
        for a in &c.agents {
            let (k, n) = (a.successes.to_string(), a.calls.to_string());
            w.write_record(row(&a.agent, k.clone(), n.clone(), "own", &a.own))?;
            w.write_record(row(&a.agent, k, n, "partially_pooled", &a.partially_pooled))?;
        }
    }
    Ok(w.into_inner()?)
}

/// `probability` lines for [[outcomes]] and a [[roster]] with partially pooled rates, ready to
/// paste into a scenario (values and points are the user's to add).
fn fragment(result: &[OutcomeCalibration], rows: &[Observed], file: &str) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "# Calibrated from {file} by `callprofit calibrate`.");
    let _ = writeln!(
        o,
        "# Pooled team rates: paste each into its [[outcomes]] table."
    );
    for c in result {
        let _ = writeln!(
            o,
            "# {}: probability = {{ dist = \"beta\", alpha = {}, beta = {} }}",
            c.outcome, c.pooled.alpha, c.pooled.beta
        );
    }
    let _ = writeln!(o, "\n# Each agent, partially pooled toward the team.");
    for (i, r) in rows.iter().enumerate() {
        let _ = writeln!(
            o,
            "[[roster]]\nname = \"{}\"\ncalls_per_week = {}",
            r.agent, r.calls
        );
        for c in result {
            let p = &c.agents[i].partially_pooled;
            let _ = writeln!(
                o,
                "rates.{} = {{ dist = \"beta\", alpha = {}, beta = {} }}",
                c.outcome, p.alpha, p.beta
            );
        }
        o.push('\n');
    }
    o
}
