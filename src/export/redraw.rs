//! Charts from a saved output folder (`callprofit chart DIR`), without simulating: a `run` folder
//! (summary.json, iterations.csv) or a `compare` folder (compare.json, compare_iterations.csv).
//! CSV numbers are written in shortest round-trip form, so the redraw equals the original.

use crate::charts::{self, Footnote, Series};
use crate::error::InputError;
use crate::stats::Proportion;
use serde_json::Value;
use std::path::Path;

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

fn read_json(path: &Path) -> anyhow::Result<Value> {
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

fn num(v: &Value, key: &str) -> f64 {
    v[key].as_f64().unwrap_or(0.0)
}

fn run_folder(dir: &Path) -> anyhow::Result<Vec<charts::ChartFiles>> {
    let s = read_json(&dir.join("summary.json"))?;
    let id = s["scenario"].as_str().unwrap_or("scenario").to_string();
    let name = s["name"].as_str().unwrap_or(&id).to_string();
    let values = columns(&dir.join("iterations.csv"), &["profit_per_agent_year"])?.remove(0);
    let foot = Footnote {
        scenarios: format!("{name} ({id})"),
        iterations: s["iterations"].as_u64().unwrap_or(values.len() as u64),
        seed: s["seed"].as_u64().unwrap_or(0),
    };
    let p_loss = Proportion {
        p: num(&s["p_loss"], "p"),
        se: num(&s["p_loss"], "se"),
    };
    let mut out = charts::run_charts(&Series { name: id, values }, p_loss, &foot)?;
    let hours: Vec<crate::summary::HourSummary> = s["by_hour"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|h| crate::summary::HourSummary {
                    hour: h["hour"].as_u64().unwrap_or(0) as usize,
                    offered: h["offered"].as_u64().unwrap_or(0),
                    service_level: num(h, "service_level"),
                    abandon_rate: num(h, "abandon_rate"),
                })
                .collect()
        })
        .unwrap_or_default();
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
    let c = read_json(&dir.join("compare.json"))?;
    let ids: Vec<String> = c["scenarios"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s["scenario"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    let names: Vec<&str> = ids.iter().map(String::as_str).collect();
    let cols = columns(&dir.join("compare_iterations.csv"), &names)?;
    let series: Vec<Series> = ids
        .iter()
        .zip(cols)
        .map(|(id, values)| Series {
            name: id.clone(),
            values,
        })
        .collect();
    let diffs = c["differences"].as_array().cloned().unwrap_or_default();
    let differences = series[1..]
        .iter()
        .zip(&diffs)
        .map(|(s, d)| {
            let values = s.values.iter().zip(&series[0].values).map(|(b, a)| b - a);
            let better = Proportion {
                p: num(&d["p_better"], "p"),
                se: num(&d["p_better"], "se"),
            };
            (s.name.clone(), values.collect(), better)
        })
        .collect::<Vec<_>>();
    let foot = Footnote {
        scenarios: names.join(" vs "),
        iterations: c["iterations"].as_u64().unwrap_or(0),
        seed: c["seed"].as_u64().unwrap_or(0),
    };
    charts::compare_charts(&series, &differences, &foot)
}
