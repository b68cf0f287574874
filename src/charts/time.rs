//! Charts over the time of day and the months of the year: the queue's service level and
//! abandonment by open hour, and the fan of cumulative profit month by month.

use super::figures::{Figure, Frame};
use super::{ChartFiles, Footnote, into_sorted, render};
use crate::stats::quantile;

/// Queue mode: service level and abandonment by open hour of the day (by the caller's arrival
/// hour), pooled over all simulated years.
pub fn hour_chart(
    hours: &[crate::summary::HourSummary],
    foot: &Footnote,
) -> anyhow::Result<ChartFiles> {
    let line = |f: fn(&crate::summary::HourSummary) -> f64| -> Vec<(f64, f64)> {
        hours.iter().map(|h| (h.hour as f64, f(h))).collect()
    };
    let series = vec![
        ("service level".to_string(), line(|h| h.service_level)),
        ("abandon rate".to_string(), line(|h| h.abandon_rate)),
    ];
    let frame = Frame {
        title: "When in the day do callers wait and hang up?".to_string(),
        footnote: foot.text(),
        x_label: "open hour of the day (1 = the first)".to_string(),
        y_label: "share of offered calls".to_string(),
    };
    let (svg, png) = render(&frame, &Figure::Hourly { series })?;
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["hour", "offered", "service_level", "abandon_rate"])?;
    for h in hours {
        w.write_record([
            h.hour.to_string(),
            h.offered.to_string(),
            h.service_level.to_string(),
            h.abandon_rate.to_string(),
        ])?;
    }
    Ok(ChartFiles {
        stem: "queue_by_hour".to_string(),
        svg,
        png,
        csv: w.into_inner()?,
    })
}

/// What the fan's months hold: a year of value booked at the call, or the cash view's months
/// over the programme's horizon.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Fan {
    Booked,
    Cash,
}

impl Fan {
    /// The chart's file stem (`chart DIR` tells the two apart by it).
    pub fn stem(self) -> &'static str {
        match self {
            Fan::Booked => "profit_fan",
            Fan::Cash => "cash_fan",
        }
    }
}

/// The fan chart: cumulative profit per agent by month (median, 50% and 90% bands), from each
/// year's path (`paths[year * months + month]`, `months` a path).
pub fn fan_chart(
    paths: &[f64],
    months: usize,
    fan: Fan,
    foot: &Footnote,
) -> anyhow::Result<ChartFiles> {
    let years = paths.len().checked_div(months).unwrap_or(0);
    let bands = (0..months)
        .map(|m| {
            // One month's column at a time, sorted in place.
            let mut column = Vec::with_capacity(years);
            column.extend((0..years).map(|y| paths[y * months + m]));
            let v = into_sorted(column)?;
            Ok([0.05, 0.25, 0.5, 0.75, 0.95].map(|p| quantile(&v, p)))
        })
        .collect::<anyhow::Result<Vec<[f64; 5]>>>()?;
    fan_chart_from_bands(&bands, fan, foot)
}

/// The fan chart from its bands (what `profit_fan.csv` or `cash_fan.csv` holds; `chart DIR`
/// redraws from it).
pub fn fan_chart_from_bands(
    months: &[[f64; 5]],
    fan: Fan,
    foot: &Footnote,
) -> anyhow::Result<ChartFiles> {
    let (title, x_label, y_label) = match fan {
        Fan::Booked => (
            "When does the year pay off? Cumulative profit per agent, month by month",
            "month of the year (value booked at the call, costs in twelfths)",
            "cumulative profit per agent",
        ),
        Fan::Cash => (
            "When does the programme pay back? Cumulative cash profit per agent",
            "month of the programme (cash as it is paid, costs in twelfths)",
            "cumulative cash profit per agent",
        ),
    };
    let frame = Frame {
        title: title.to_string(),
        footnote: foot.text(),
        x_label: x_label.to_string(),
        y_label: y_label.to_string(),
    };
    let fig = Figure::Band {
        x: (1..=months.len()).map(|m| m as f64).collect(),
        bands: months.to_vec(),
        outer: "90% of years (P5 to P95)".to_string(),
        inner: "50% of years (P25 to P75)".to_string(),
        reference: None,
        markers: Vec::new(),
    };
    let (svg, png) = render(&frame, &fig)?;
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["month", "p5", "p25", "p50", "p75", "p95"])?;
    for (m, q) in months.iter().enumerate() {
        let mut row = vec![(m + 1).to_string()];
        row.extend(q.iter().map(f64::to_string));
        w.write_record(row)?;
    }
    Ok(ChartFiles {
        stem: fan.stem().to_string(),
        svg,
        png,
        csv: w.into_inner()?,
    })
}
