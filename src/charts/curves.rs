//! S-curves (cumulative probability of profit per agent-year, one line per scenario) and box
//! plots by scenario: the charts `run` and `compare` share.

use super::figures::{self, Figure, Frame};
use super::{ChartFiles, Footnote, Series, render, sorted, style};
use crate::stats::quantile;

/// Up to this many points per S-curve (evenly spaced order statistics).
const CURVE_POINTS: usize = 800;

pub(super) fn s_curve_chart(
    stem: &str,
    title: &str,
    series: &[Series],
    foot: &Footnote,
) -> anyhow::Result<ChartFiles> {
    let curves = series
        .iter()
        .map(|s| Ok(curve_points(&s.label, &sorted(&s.values)?)))
        .collect::<anyhow::Result<Vec<(String, Vec<(f64, f64)>)>>>()?;
    let ids: Vec<&str> = series.iter().map(|s| s.name.as_str()).collect();
    s_curve_of((stem, title), curves, &ids, foot)
}

/// One S-curve's points from its sorted values.
pub(super) fn curve_points(name: &str, v: &[f64]) -> (String, Vec<(f64, f64)>) {
    let n = v.len();
    let step = n.div_ceil(CURVE_POINTS).max(1);
    let mut pts: Vec<(f64, f64)> = (0..n)
        .step_by(step)
        .map(|i| (v[i], (i + 1) as f64 / n as f64))
        .collect();
    pts.push((v[n - 1], 1.0));
    (name.to_string(), pts)
}

/// A line for each curve drawn exactly over an earlier one, which would otherwise look missing.
fn coincide(curves: &[(String, Vec<(f64, f64)>)]) -> Vec<String> {
    let mut notes = Vec::new();
    for (i, (name, points)) in curves.iter().enumerate() {
        if let Some((first, _)) = curves[..i].iter().find(|(_, p)| p == points) {
            notes.push(format!("“{first}” lies exactly under “{name}”"));
        }
    }
    notes
}

/// S-curves named by their labels on the chart and by their ids in the CSV.
pub(super) fn s_curve_of(
    (stem, title): (&str, &str),
    curves: Vec<(String, Vec<(f64, f64)>)>,
    ids: &[&str],
    foot: &Footnote,
) -> anyhow::Result<ChartFiles> {
    let frame = Frame {
        title: title.to_string(),
        subtitle: coincide(&curves),
        footnote: foot.text(),
        x_label: "profit per agent-year".to_string(),
        y_label: "probability of at most this profit".to_string(),
        look: foot.look,
    };
    let (svg, png) = render(
        &frame,
        &Figure::SCurve {
            series: curves.clone(),
        },
    )?;
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "scenario",
        "profit_per_agent_year",
        "cumulative_probability",
    ])?;
    for (id, (_, pts)) in ids.iter().zip(&curves) {
        for (x, p) in pts {
            w.write_record([id.to_string(), x.to_string(), p.to_string()])?;
        }
    }
    Ok(ChartFiles {
        stem: stem.to_string(),
        svg,
        png,
        csv: w.into_inner()?,
    })
}

pub(super) fn box_chart(series: &[Series], foot: &Footnote) -> anyhow::Result<ChartFiles> {
    let stats = series
        .iter()
        .map(|s| {
            let v = sorted(&s.values)?;
            let q = |p| quantile(&v, p);
            let mean = v.iter().sum::<f64>() / v.len() as f64;
            let box_ = [q(0.05), q(0.25), q(0.5), q(0.75), q(0.95), mean];
            Ok((s.label.clone(), box_))
        })
        .collect::<anyhow::Result<Vec<(String, [f64; 6])>>>()?;
    let (lo, hi) = figures::extent(stats.iter().flat_map(|(_, q)| q.iter().copied()));
    let zero = style::zero_near(lo, hi);
    let subtitle = match (zero, lo > 0.0) {
        (true, _) => Vec::new(),
        (false, true) => vec!["every scenario's P5 to P95 above break-even ($0)".to_string()],
        (false, false) => vec!["every scenario's P5 to P95 below break-even ($0)".to_string()],
    };
    let frame = Frame {
        title: "Profit per agent-year by scenario: the range to plan with".to_string(),
        subtitle,
        footnote: format!(
            "{} · box P25-P75, line P50, whiskers P5-P95, dot the mean",
            foot.text()
        ),
        x_label: String::new(),
        y_label: "profit per agent-year".to_string(),
        look: foot.look,
    };
    let fig = Figure::Boxes {
        series: stats.clone(),
        zero,
    };
    let (svg, png) = render(&frame, &fig)?;
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["scenario", "p5", "p25", "p50", "p75", "p95", "mean"])?;
    for (s, (_, q)) in series.iter().zip(&stats) {
        let mut row = vec![s.name.clone()];
        row.extend(q.iter().map(f64::to_string));
        w.write_record(row)?;
    }
    Ok(ChartFiles {
        stem: "compare_box".to_string(),
        svg,
        png,
        csv: w.into_inner()?,
    })
}
