//! Band figures (a fan of quantiles over any x, with a reference line and markers) and
//! horizontal bars (the tornado, the variance shares).

use super::*;

pub(super) fn band<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    frame: &Frame,
    (xs, bands): (&[f64], &[[f64; 5]]),
    names: [&String; 2],
    reference: Option<&(String, Vec<f64>)>,
    markers: &[Marker],
) -> DrawResult {
    let all = bands.iter().flat_map(|q| q.iter().copied()).chain([0.0]);
    let all = all.chain(reference.iter().flat_map(|(_, ys)| ys.iter().copied()));
    let (lo, hi) = extent(all);
    let pad = (hi - lo).max(1.0) * 0.05;
    let (x0, x1) = extent(xs.iter().copied());
    let step = if xs.len() > 1 {
        (x1 - x0) / (xs.len() - 1) as f64
    } else {
        1.0
    };
    let (x0, x1) = (x0 - step / 2.0, x1 + step / 2.0);
    let mut chart = plot(area, x0..x1, (lo - pad)..(hi + pad), 140)?;
    let short = |x: &f64| crate::distributions::format_number((x * 1000.0).round() / 1000.0);
    let axes = Axes {
        x_labels: Some(xs.len().clamp(2, 13)),
        ..Axes::new(&short, &dollars)
    };
    mesh(&mut chart, frame, axes)?;
    let polygon = |lo: usize, hi: usize| -> Vec<(f64, f64)> {
        let up = xs.iter().zip(bands).map(|(x, q)| (*x, q[hi]));
        let down = xs.iter().zip(bands).rev().map(|(x, q)| (*x, q[lo]));
        up.chain(down).collect()
    };
    let color = PALETTE[0];
    for (i, (lo, hi, mix)) in [(0, 4, 0.18), (1, 3, 0.4)].into_iter().enumerate() {
        chart
            .draw_series(std::iter::once(Polygon::new(
                polygon(lo, hi),
                color.mix(mix).filled(),
            )))
            .map_err(err)?
            .label(names[i].clone())
            .legend(move |(x, y)| {
                Rectangle::new([(x, y - 8), (x + 30, y + 8)], color.mix(mix).filled())
            });
    }
    let median: Vec<(f64, f64)> = xs.iter().zip(bands).map(|(x, q)| (*x, q[2])).collect();
    chart
        .draw_series(LineSeries::new(median, color.stroke_width(4)))
        .map_err(err)?
        .label("median")
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 30, y)], color.stroke_width(4)));
    chart
        .draw_series(DashedLineSeries::new(
            vec![(x0, 0.0), (x1, 0.0)],
            10,
            8,
            LOSS.stroke_width(2),
        ))
        .map_err(err)?;
    if let Some((name, ys)) = reference {
        let points: Vec<(f64, f64)> = xs.iter().copied().zip(ys.iter().copied()).collect();
        let style = PALETTE[1].stroke_width(3);
        chart
            .draw_series(DashedLineSeries::new(points, 14, 8, style))
            .map_err(err)?
            .label(name.clone())
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 30, y)], style));
    }
    let (y_lo, y_hi) = (lo - pad, hi + pad);
    for m in markers {
        let style = ShapeStyle::from(&m.color).stroke_width(3);
        let line = vec![(m.x, y_lo), (m.x, y_hi)];
        if m.dashed {
            chart
                .draw_series(DashedLineSeries::new(line, 6, 6, style))
                .map_err(err)?;
        } else {
            chart
                .draw_series(LineSeries::new(line, style))
                .map_err(err)?;
        }
        // The label hangs just right of the line, in the lower part where the bands rise.
        chart
            .draw_series(std::iter::once(Text::new(
                m.label.clone(),
                (m.x + (x1 - x0) * 0.008, y_lo + (y_hi - y_lo) * 0.06),
                (FONT, 22).into_font().color(&m.color),
            )))
            .map_err(err)?;
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .label_font((FONT, 24))
        .background_style(WHITE.mix(0.9))
        .border_style(INK)
        .draw()
        .map_err(err)
}

/// One row of a horizontal bar chart: its name and the bars drawn from the base, each to its
/// end in its colour.
pub(super) type Row = (String, Vec<(f64, RGBColor)>);

/// Rows of bars from `base`, the first row on top (the tornado, the variance shares).
pub(super) fn horizontal_bars<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    frame: &Frame,
    base: f64,
    rows: &[Row],
    x_text: &dyn Fn(&f64) -> String,
) -> DrawResult {
    let ends = rows.iter().flat_map(|r| r.1.iter().map(|b| b.0));
    let (lo, hi) = extent(ends.chain([base]));
    let pad = (hi - lo).max(1e-9) * 0.08;
    let n = rows.len().max(1) as f64;
    let y = |i: usize| n - 1.0 - i as f64;
    let mut chart = plot(area, (lo - pad)..(hi + pad), -0.6..(n - 0.4), 420)?;
    let names: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
    let name_at = |v: &f64| {
        let i = (n - 1.0 - v.round()) as isize;
        if (v - v.round()).abs() < 1e-9 && i >= 0 {
            names.get(i as usize).cloned().unwrap_or_default()
        } else {
            String::new()
        }
    };
    let axes = Axes {
        y_labels: Some(rows.len() * 2 + 1),
        horizontal_bars: true,
        label_size: 20,
        ..Axes::new(x_text, &name_at)
    };
    mesh(&mut chart, frame, axes)?;
    for (i, (_, bars)) in rows.iter().enumerate() {
        let yc = y(i);
        for (end, color) in bars {
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(base, yc - 0.32), (*end, yc + 0.32)],
                    color.mix(0.8).filled(),
                )))
                .map_err(err)?;
        }
    }
    chart
        .draw_series(LineSeries::new(
            vec![(base, -0.6), (base, n - 0.4)],
            INK.stroke_width(2),
        ))
        .map_err(err)?;
    Ok(())
}
