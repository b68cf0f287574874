//! `erlang SCENARIO`'s chart: the agents to schedule in each open hour, one line per open day,
//! with the mean hour's need as a dashed level; clock hours along the bottom.

use super::figures::{Axes, DrawResult, Figure, Frame, err, mesh, plot};
use super::style::{FONT, INK, PALETTE};
use super::{ChartFiles, render};
use crate::calculator::IntervalPlan;
use plotters::coord::Shift;
use plotters::prelude::*;

/// What the chart draws.
pub struct Lines {
    /// Per open day: its name and (open hour 1.., agents).
    pub days: Vec<(String, Vec<(f64, f64)>)>,
    /// The clock time each open hour starts (index 0 = the first).
    pub clock: Vec<String>,
    /// The dashed level: its legend text and value.
    pub level: (String, f64),
}

/// Most clock labels along the bottom (more would collide at 1600 px).
const MAX_LABELS: usize = 12;

pub fn interval_chart(p: &IntervalPlan) -> anyhow::Result<ChartFiles> {
    let hours = p.intervals.iter().map(|i| i.hour).max().unwrap_or(1);
    let mut days: Vec<(String, Vec<(f64, f64)>)> = Vec::new();
    for i in &p.intervals {
        if days.len() < i.day {
            days.push((i.day_name.to_string(), Vec::new()));
        }
        let point = (i.hour as f64, i.need.scheduled_agents as f64);
        days[i.day - 1].1.push(point);
    }
    // Days with the same needs share one line (and its legend entry), so none hides another.
    let mut shared: Vec<(String, Vec<(f64, f64)>)> = Vec::new();
    for (name, points) in days {
        match shared.iter_mut().find(|(_, p)| *p == points) {
            Some((names, _)) => *names = format!("{names}, {name}"),
            None => shared.push((name, points)),
        }
    }
    let days = shared;
    let clock: Vec<String> = (0..hours)
        .map(|h| crate::calculator::clock(p.opens_at + h as f64))
        .collect();
    let m = &p.mean_hour;
    let lines = Lines {
        days,
        clock,
        level: (
            format!(
                "an hour at the mean load ({:.0} calls): {} ({} on the phones)",
                m.calls_per_hour, m.scheduled_agents, m.agents_on_phones
            ),
            m.scheduled_agents as f64,
        ),
    };
    let frame = Frame {
        title: "How many agents must be scheduled in each open hour?".to_string(),
        footnote: format!(
            "{} ({}) · {}: {:.0}% of calls answered within {} s, {:.0} s of work per call · scheduled = on the phones / (1 - {}% shrinkage) · callprofit {}",
            p.name,
            p.scenario,
            p.model,
            p.target_service_level * 100.0,
            p.service_level_seconds,
            p.handle_seconds,
            p.shrinkage_pct,
            crate::VERSION
        ),
        x_label: "open hour, by the clock time it starts (open days from Monday)".to_string(),
        y_label: "agents scheduled".to_string(),
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut head = vec!["hour".to_string(), "starts".to_string()];
    head.extend(lines.days.iter().map(|(d, _)| d.clone()));
    head.push("mean_hour".to_string());
    w.write_record(&head)?;
    for h in 0..hours {
        let mut row = vec![(h + 1).to_string(), lines.clock[h].clone()];
        for (_, points) in &lines.days {
            row.push(points.get(h).map_or(String::new(), |p| p.1.to_string()));
        }
        row.push(lines.level.1.to_string());
        w.write_record(&row)?;
    }
    let (svg, png) = render(&frame, &Figure::Intervals(lines))?;
    Ok(ChartFiles {
        stem: "erlang_intervals".to_string(),
        svg,
        png,
        csv: w.into_inner()?,
    })
}

pub(super) fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    frame: &Frame,
    l: &Lines,
) -> DrawResult {
    let hours = l.clock.len().max(1);
    let most = l
        .days
        .iter()
        .flat_map(|(_, p)| p.iter().map(|q| q.1))
        .fold(l.level.1, f64::max)
        .max(1.0);
    // Head room above the lines for the legend: about 28 px a row of the ~600 px plot.
    let legend = (l.days.len() + 1) as f64 * 28.0 + 40.0;
    let top = most / (1.0 - legend / 600.0).max(0.3);
    let mut chart = plot(area, 0.5..(hours as f64 + 0.5), 0.0..top, 110)?;
    let clock = |x: &f64| {
        let i = x.round();
        if (x - i).abs() < 1e-9 && i >= 1.0 {
            l.clock.get(i as usize - 1).cloned().unwrap_or_default()
        } else {
            String::new()
        }
    };
    let whole = |y: &f64| {
        if (y - y.round()).abs() < 1e-9 {
            format!("{y:.0}")
        } else {
            String::new()
        }
    };
    let axes = Axes {
        x_labels: Some(hours.min(MAX_LABELS)),
        ..Axes::new(&clock, &whole)
    };
    mesh(&mut chart, frame, axes)?;
    let style = INK.stroke_width(3);
    chart
        .draw_series(DashedLineSeries::new(
            vec![(0.5, l.level.1), (hours as f64 + 0.5, l.level.1)],
            14,
            8,
            style,
        ))
        .map_err(err)?
        .label(l.level.0.clone())
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 30, y)], style));
    // Past the palette's five colours a day's line is dashed, so no two lines look alike.
    for (i, (name, points)) in l.days.iter().enumerate() {
        let color = PALETTE[i % PALETTE.len()];
        let line = color.stroke_width(4);
        let dashed = i >= PALETTE.len();
        let drawn = if dashed {
            chart.draw_series(DashedLineSeries::new(points.iter().copied(), 16, 10, line))
        } else {
            chart.draw_series(LineSeries::new(points.iter().copied(), line))
        };
        drawn
            .map_err(err)?
            .label(name.clone())
            .legend(move |(x, y)| {
                let end = if dashed { x + 14 } else { x + 30 };
                PathElement::new(vec![(x, y), (end, y)], line)
            });
        chart
            .draw_series(points.iter().map(|p| Circle::new(*p, 7, color.filled())))
            .map_err(err)?;
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .legend_area_size(44)
        .label_font((FONT, 24))
        .background_style(WHITE.mix(0.9))
        .border_style(INK)
        .draw()
        .map_err(err)
}
