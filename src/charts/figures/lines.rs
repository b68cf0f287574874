//! Lines over x, one colour per series (named in the frame's key): the S-curves' lines and the
//! queue's shares by open hour of the day.

use super::*;

/// One coloured line per series, with dots at the points if `dots`.
pub(super) fn lines<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart2d<'a, DB>,
    series: &[(String, Vec<(f64, f64)>)],
    dots: bool,
) -> DrawResult {
    for (i, (_, points)) in series.iter().enumerate() {
        let color = PALETTE[i % PALETTE.len()];
        chart
            .draw_series(LineSeries::new(
                points.iter().copied(),
                color.stroke_width(4),
            ))
            .map_err(err)?;
        if dots {
            chart
                .draw_series(points.iter().map(|p| Circle::new(*p, 7, color.filled())))
                .map_err(err)?;
        }
    }
    Ok(())
}

/// Shares by open hour, the hours named by the clock time they start (`clock[0]` the first).
pub(super) fn hourly<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    frame: &Frame,
    series: &[(String, Vec<(f64, f64)>)],
    clock: &[String],
) -> DrawResult {
    let hours = series.iter().map(|(_, p)| p.len()).max().unwrap_or(1);
    let y_width = y_label_area(
        frame,
        text_width(area, "100%", frame.look.font(22.0), false),
    );
    let x = 0.5..(hours as f64 + 0.5);
    let mut chart = plot(area, frame, x, 0.0..1.0, y_width)?;
    let at = |x: &f64| {
        let i = x.round();
        if (x - i).abs() < 1e-9 && i >= 1.0 {
            clock.get(i as usize - 1).cloned().unwrap_or_default()
        } else {
            String::new()
        }
    };
    // At most one label per ~110 px at the base size, so "09:00" never meets "10:00".
    let room = (chart.plotting_area().dim_in_pixel().0 as f64 / frame.look.font(110.0) as f64)
        .floor()
        .max(2.0) as usize;
    let axes = Axes {
        x_labels: Some(hours.min(room)),
        ..Axes::new(&at, &percent)
    };
    mesh(&mut chart, frame, axes)?;
    lines(&mut chart, series, true)
}
