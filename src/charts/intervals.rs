//! `erlang SCENARIO`'s chart: the agents to schedule in each open hour, one line per open day,
//! with the mean hour's need as a dashed level; clock hours along the bottom.

use super::figures::{
    Axes, DrawResult, Figure, Frame, KeyEntry, Mark, err, mesh, plot, text_width, y_label_area,
};
use super::style::{INK, Look, PALETTE};
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

pub fn interval_chart(p: &IntervalPlan, look: Look) -> anyhow::Result<ChartFiles> {
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
        subtitle: Vec::new(),
        look,
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

/// The key: the dashed level, then each day's line (dashed past the palette's colours).
pub(super) fn key(l: &Lines) -> Vec<KeyEntry> {
    let mut key = vec![KeyEntry {
        name: l.level.0.clone(),
        color: INK,
        mark: Mark::Dashed,
    }];
    for (i, (name, _)) in l.days.iter().enumerate() {
        key.push(KeyEntry {
            name: name.clone(),
            color: PALETTE[i % PALETTE.len()],
            mark: if i >= PALETTE.len() {
                Mark::Dashed
            } else {
                Mark::Line
            },
        });
    }
    key
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
    let size = frame.look.font(22.0);
    let y_width = y_label_area(frame, text_width(area, &format!("{most:.0}"), size, false));
    let x = 0.5..(hours as f64 + 0.5);
    let mut chart = plot(area, frame, x, 0.0..most * 1.08, y_width)?;
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
        .map_err(err)?;
    // Past the palette's five colours a day's line is dashed, so no two lines look alike.
    for (i, (_, points)) in l.days.iter().enumerate() {
        let color = PALETTE[i % PALETTE.len()];
        let line = color.stroke_width(4);
        if i >= PALETTE.len() {
            chart.draw_series(DashedLineSeries::new(points.iter().copied(), 16, 10, line))
        } else {
            chart.draw_series(LineSeries::new(points.iter().copied(), line))
        }
        .map_err(err)?;
        chart
            .draw_series(points.iter().map(|p| Circle::new(*p, 7, color.filled())))
            .map_err(err)?;
    }
    Ok(())
}
