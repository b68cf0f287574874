//! compare.json and compare.csv: the side-by-side table and the paired differences.

use crate::compare::Comparison;
use serde::Serialize;

#[derive(Serialize)]
struct Row<'a> {
    /// "metric" (one scenario's metric) or "difference" (scenario minus baseline).
    kind: &'a str,
    scenario: &'a str,
    baseline: &'a str,
    metric: &'a str,
    mean: f64,
    mean_se: f64,
    se_unpaired: Option<f64>,
    p5: f64,
    p50: Option<f64>,
    p95: f64,
    p_better: Option<f64>,
    p_better_se: Option<f64>,
}

pub fn json(c: &Comparison) -> anyhow::Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(c)?;
    bytes.push(b'\n');
    Ok(bytes)
}

pub fn csv(c: &Comparison) -> anyhow::Result<Vec<u8>> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    for col in &c.scenarios {
        for (m, b) in col.metrics.iter().filter_map(|(m, b)| b.map(|b| (m, b))) {
            w.serialize(Row {
                kind: "metric",
                scenario: &col.scenario,
                baseline: "",
                metric: m.name(),
                mean: b.mean,
                mean_se: b.mean_se,
                se_unpaired: None,
                p5: b.p5,
                p50: Some(b.p50),
                p95: b.p95,
                p_better: None,
                p_better_se: None,
            })?;
        }
    }
    for d in &c.differences {
        w.serialize(Row {
            kind: "difference",
            scenario: &d.scenario,
            baseline: &d.baseline,
            metric: d.metric,
            mean: d.mean,
            mean_se: d.se_paired,
            se_unpaired: Some(d.se_unpaired),
            p5: d.p5,
            p50: None,
            p95: d.p95,
            p_better: Some(d.p_better.p),
            p_better_se: Some(d.p_better.se),
        })?;
    }
    Ok(w.into_inner()?)
}

/// compare_iterations.csv: profit per agent-year of every scenario, year by year (what the
/// compare charts are drawn from, and what `chart` redraws them from).
pub fn iterations_csv(profits: &[crate::charts::Series]) -> anyhow::Result<Vec<u8>> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let mut head = vec!["iteration".to_string()];
    head.extend(profits.iter().map(|p| p.name.clone()));
    w.write_record(&head)?;
    let n = profits.iter().map(|p| p.values.len()).min().unwrap_or(0);
    for i in 0..n {
        let mut row = vec![i.to_string()];
        row.extend(profits.iter().map(|p| p.values[i].to_string()));
        w.write_record(&row)?;
    }
    Ok(w.into_inner()?)
}
