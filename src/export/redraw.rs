//! Charts from a saved output folder (`callprofit chart DIR`), without simulating: a `run` folder
//! (summary.json, iterations.csv) or a `compare` folder (compare.json, compare_iterations.csv).
//! CSV numbers are written in shortest round-trip form, so the redraw equals the original.

use crate::charts::{self, Footnote, Series};
use crate::error::InputError;
use crate::stats::Proportion;
use crate::summary::HourSummary;
use serde::Deserialize;
use std::path::Path;

/// What a redraw reads of summary.json; a missing field is an error naming the file.
#[derive(Deserialize)]
struct SavedRun {
    scenario: String,
    name: String,
    iterations: u64,
    seed: u64,
    p_loss: Proportion,
    #[serde(default)]
    by_hour: Vec<HourSummary>,
}

/// What a redraw reads of compare.json.
#[derive(Deserialize)]
struct SavedComparison {
    iterations: u64,
    seed: u64,
    scenarios: Vec<SavedArm>,
    differences: Vec<SavedDifference>,
}

#[derive(Deserialize)]
struct SavedArm {
    scenario: String,
}

#[derive(Deserialize)]
struct SavedDifference {
    p_better: Proportion,
}

pub fn redraw(dir: &Path) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let charts = if dir.join("summary.json").exists() {
        run_folder(dir)?
    } else if dir.join("compare.json").exists() {
        compare_folder(dir)?
    } else {
        return Err(InputError::file(
            dir.display().to_string(),
            "holds no summary.json or compare.json",
            "pass the output folder of a `run` or `compare` (e.g. output/field_test)",
        )
        .into());
    };
    Ok(charts.into_iter().flat_map(|c| c.into_files()).collect())
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> anyhow::Result<T> {
    let bad = |e: String| {
        InputError::file(
            path.display().to_string(),
            format!("cannot be read ({e})"),
            "re-run the command that wrote it",
        )
    };
    let text = std::fs::read_to_string(path).map_err(|e| bad(e.to_string()))?;
    serde_json::from_str(&text).map_err(|e| bad(e.to_string()).into())
}

/// The named columns of a CSV file, as numbers (an empty cell is skipped).
fn columns(path: &Path, names: &[&str]) -> anyhow::Result<Vec<Vec<f64>>> {
    let bad = |e: String| {
        InputError::file(
            path.display().to_string(),
            format!("cannot be read ({e})"),
            "re-run the command that wrote it",
        )
    };
    let mut r = csv::Reader::from_path(path).map_err(|e| bad(e.to_string()))?;
    let head = r.headers().map_err(|e| bad(e.to_string()))?.clone();
    let idx: Vec<usize> = names
        .iter()
        .map(|n| {
            head.iter()
                .position(|h| h == *n)
                .ok_or_else(|| bad(format!("no column {n}")))
        })
        .collect::<Result<_, _>>()?;
    let mut out = vec![Vec::new(); names.len()];
    for row in r.records() {
        let row = row.map_err(|e| bad(e.to_string()))?;
        for (col, i) in out.iter_mut().zip(&idx) {
            let cell = row.get(*i).unwrap_or("");
            if !cell.is_empty() {
                col.push(
                    cell.parse()
                        .map_err(|_| bad(format!("bad number {cell}")))?,
                );
            }
        }
    }
    Ok(out)
}

fn run_folder(dir: &Path) -> anyhow::Result<Vec<charts::ChartFiles>> {
    let s: SavedRun = read_json(&dir.join("summary.json"))?;
    let values = columns(&dir.join("iterations.csv"), &["profit_per_agent_year"])?.remove(0);
    let foot = Footnote {
        scenarios: format!("{} ({})", s.name, s.scenario),
        iterations: s.iterations,
        seed: s.seed,
    };
    let series = Series {
        name: s.scenario,
        values,
    };
    let mut out = charts::run_charts(&series, s.p_loss, &foot)?;
    let hours = s.by_hour;
    if !hours.is_empty() {
        out.push(charts::hour_chart(&hours, &foot)?);
    }
    if dir.join("profit_fan.csv").exists() {
        let cols = columns(
            &dir.join("profit_fan.csv"),
            &["p5", "p25", "p50", "p75", "p95"],
        )?;
        let bands: Vec<[f64; 5]> = (0..cols[0].len())
            .map(|m| [cols[0][m], cols[1][m], cols[2][m], cols[3][m], cols[4][m]])
            .collect();
        out.push(charts::fan_chart_from_bands(&bands, &foot)?);
    }
    Ok(out)
}

fn compare_folder(dir: &Path) -> anyhow::Result<Vec<charts::ChartFiles>> {
    let c: SavedComparison = read_json(&dir.join("compare.json"))?;
    let ids: Vec<&str> = c.scenarios.iter().map(|a| a.scenario.as_str()).collect();
    let cols = columns(&dir.join("compare_iterations.csv"), &ids)?;
    let series: Vec<Series> = ids
        .iter()
        .zip(cols)
        .map(|(id, values)| Series {
            name: id.to_string(),
            values,
        })
        .collect();
    let differences = series[1..]
        .iter()
        .zip(&c.differences)
        .map(|(s, d)| {
            let values = s.values.iter().zip(&series[0].values).map(|(b, a)| b - a);
            (s.name.clone(), values.collect(), d.p_better)
        })
        .collect::<Vec<_>>();
    let foot = Footnote {
        scenarios: ids.join(" vs "),
        iterations: c.iterations,
        seed: c.seed,
    };
    charts::compare_charts(&series, &differences, &foot)
}
