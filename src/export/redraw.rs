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

/// The named columns of a CSV file, as finite numbers (an empty cell is skipped).
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
    for (i, row) in r.records().enumerate() {
        let row = row.map_err(|e| bad(e.to_string()))?;
        for ((col, c), name) in out.iter_mut().zip(&idx).zip(names) {
            let cell = row.get(*c).unwrap_or("");
            if cell.is_empty() {
                continue;
            }
            // "NaN" and "inf" parse as f64, but no chart can place them (an infinite axis
            // never finishes its ticks).
            let x: f64 = cell
                .parse()
                .map_err(|_| bad(format!("bad number {cell}")))?;
            if !x.is_finite() {
                let at = format!(
                    "line {}, column {name}: {cell} is not a finite number",
                    i + 2
                );
                return Err(bad(at).into());
            }
            col.push(x);
        }
    }
    Ok(out)
}

/// A folder's per-year values, refused when there are none: a histogram of no years has no
/// range to draw.
fn years(path: &Path, names: &[&str]) -> anyhow::Result<Vec<Vec<f64>>> {
    let cols = columns(path, names)?;
    if cols.iter().any(Vec::is_empty) {
        return Err(InputError::file(
            path.display().to_string(),
            "holds no simulated years to draw (a header and no rows)",
            "re-run the command that wrote it",
        )
        .into());
    }
    Ok(cols)
}

fn run_folder(dir: &Path) -> anyhow::Result<Vec<charts::ChartFiles>> {
    let s: SavedRun = read_json(&dir.join("summary.json"))?;
    let values = years(&dir.join("iterations.csv"), &["profit_per_agent_year"])?.remove(0);
    let foot = Footnote {
        scenarios: format!("{} ({})", s.name, s.scenario),
        iterations: s.iterations,
        seed: s.seed,
    };
    let series = Series {
        name: s.scenario,
        values,
    };
    let mut out = charts::run_charts(&series, s.p_loss, s.iterations, &foot)?;
    let hours = s.by_hour;
    if !hours.is_empty() {
        out.push(charts::hour_chart(&hours, &foot)?);
    }
    for fan in [charts::Fan::Booked, charts::Fan::Cash] {
        let path = dir.join(format!("{}.csv", fan.stem()));
        if path.exists() {
            out.push(charts::fan_chart_from_bands(
                &fan_bands(&path)?,
                fan,
                &foot,
            )?);
        }
    }
    Ok(out)
}

/// profit_fan.csv's (or cash_fan.csv's) bands, month by month: every month needs all five.
fn fan_bands(path: &Path) -> anyhow::Result<Vec<[f64; 5]>> {
    let cols = columns(path, &["p5", "p25", "p50", "p75", "p95"])?;
    let months = cols[0].len();
    if months == 0 || cols.iter().any(|c| c.len() != months) {
        return Err(InputError::file(
            path.display().to_string(),
            "has no months or a month with a band missing",
            "re-run the command that wrote it",
        )
        .into());
    }
    Ok((0..months)
        .map(|m| [cols[0][m], cols[1][m], cols[2][m], cols[3][m], cols[4][m]])
        .collect())
}

fn compare_folder(dir: &Path) -> anyhow::Result<Vec<charts::ChartFiles>> {
    let path = dir.join("compare.json");
    let c: SavedComparison = read_json(&path)?;
    if c.scenarios.is_empty() {
        let file = path.display().to_string();
        let fix = "re-run the command that wrote it";
        return Err(InputError::file(file, "lists no scenarios", fix).into());
    }
    let ids: Vec<&str> = c.scenarios.iter().map(|a| a.scenario.as_str()).collect();
    let cols = years(&dir.join("compare_iterations.csv"), &ids)?;
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
