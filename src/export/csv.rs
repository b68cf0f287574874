//! summary.csv (one row per metric) and iterations.csv (one row per simulated year).

use super::{Export, RunOutput};
use crate::engine::IterationRecord;
use crate::metrics::{Metric, Scale};
use serde::Serialize;

pub struct SummaryCsv;
pub struct IterationsCsv;

#[derive(Serialize)]
struct SummaryRow<'a> {
    metric: &'a str,
    mean: f64,
    std: Option<f64>,
    mean_se: f64,
    min: Option<f64>,
    p5: Option<f64>,
    p10: Option<f64>,
    p25: Option<f64>,
    p50: Option<f64>,
    p75: Option<f64>,
    p90: Option<f64>,
    p95: Option<f64>,
    max: Option<f64>,
}

impl Export for SummaryCsv {
    fn file_name(&self) -> &'static str {
        "summary.csv"
    }
    fn render(&self, run: &RunOutput) -> anyhow::Result<Vec<u8>> {
        let mut w = csv::Writer::from_writer(Vec::new());
        for (m, s) in run
            .summary
            .metrics
            .iter()
            .filter_map(|(m, s)| s.map(|s| (m, s)))
        {
            w.serialize(SummaryRow {
                metric: m.name(),
                mean: s.mean,
                std: Some(s.std),
                mean_se: s.mean_se,
                min: Some(s.min),
                p5: Some(s.p5),
                p10: Some(s.p10),
                p25: Some(s.p25),
                p50: Some(s.p50),
                p75: Some(s.p75),
                p90: Some(s.p90),
                p95: Some(s.p95),
                max: Some(s.max),
            })?;
        }
        let loss = run.summary.p_loss;
        let none = None;
        w.serialize(SummaryRow {
            metric: "p_loss",
            mean: loss.p,
            mean_se: loss.se,
            std: none,
            min: none,
            p5: none,
            p10: none,
            p25: none,
            p50: none,
            p75: none,
            p90: none,
            p95: none,
            max: none,
        })?;
        Ok(w.into_inner()?)
    }
}

impl Export for IterationsCsv {
    fn file_name(&self) -> &'static str {
        "iterations.csv"
    }
    fn render(&self, run: &RunOutput) -> anyhow::Result<Vec<u8>> {
        let mut bytes = Vec::new();
        self.write(run, &mut bytes)?;
        Ok(bytes)
    }
    /// Streamed: at 150-300 bytes a row, the whole file would outweigh the records themselves.
    fn write(&self, run: &RunOutput, out: &mut dyn std::io::Write) -> anyhow::Result<()> {
        let scale = Scale::of(run.scenario);
        let mut w = csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(out);
        let list = Metric::for_scenario(run.scenario);
        let head = YEAR_HEAD.into_iter();
        w.write_record(head.chain(list.iter().map(|m| m.name())))?;
        for r in run.records {
            let (counts, money) = year_figures(r);
            let counts = counts.map(|x| x.to_string());
            let metrics = list
                .iter()
                .map(|m| m.value(r, scale).map_or(String::new(), |v| v.to_string()));
            w.write_record(
                counts
                    .into_iter()
                    .chain(money.iter().map(f64::to_string))
                    .chain(metrics),
            )?;
        }
        w.flush()?;
        Ok(())
    }
}

/// iterations.csv's columns before the metrics; the workbook's Years sheet has the same.
pub(super) const YEAR_HEAD: [&str; 10] = [
    "iteration",
    "calls",
    "successes",
    "paid_conversions",
    "revenue_usd",
    "labour_cost_usd",
    "fixed_cost_usd",
    "incentive_cost_usd",
    "cost_usd",
    "profit_usd",
];

/// A year's counts and money, in `YEAR_HEAD`'s order.
pub(super) fn year_figures(r: &IterationRecord) -> ([u64; 4], [f64; 6]) {
    let counts = [r.iteration, r.calls, r.successes, r.paid_conversions];
    let money = [
        r.revenue_usd,
        r.labour_cost_usd,
        r.fixed_cost_usd,
        r.incentive_cost_usd,
        r.cost_usd(),
        r.profit_usd(),
    ];
    (counts, money)
}
