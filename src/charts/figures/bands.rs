//! Band figures (a fan of quantiles over any x, with a reference line and markers) and
//! horizontal bars (the tornado, the variance shares).

use super::*;
use crate::charts::style::{LOSS, money_axis, tint};

/// The band figure's key: the two bands, the median, the reference line and each marker.
pub(super) fn key(
    outer: &str,
    inner: &str,
    reference: Option<&(String, Vec<f64>)>,
    markers: &[Marker],
) -> Vec<KeyEntry> {
    let entry = |name: &str, color: RGBColor, mark: Mark| KeyEntry {
        name: name.to_string(),
        color,
        mark,
    };
    let mut key = vec![
        entry(outer, PALETTE[0], Mark::Area(0.18)),
        entry(inner, PALETTE[0], Mark::Area(0.4)),
        entry("median", PALETTE[0], Mark::Line),
    ];
    key.extend(reference.map(|(name, _)| entry(name, PALETTE[1], Mark::Dashed)));
    for m in markers {
        let mark = if m.dashed { Mark::Dashed } else { Mark::Line };
        key.push(entry(&m.label, m.color, mark));
    }
    key
}

pub(super) fn band<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    frame: &Frame,
    (xs, bands): (&[f64], &[[f64; 5]]),
    reference: Option<&(String, Vec<f64>)>,
    markers: &[Marker],
    zero: bool,
) -> DrawResult {
    let all = bands
        .iter()
        .flat_map(|q| q.iter().copied())
        .chain(zero.then_some(0.0));
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
    let dollars = money_axis(lo, hi);
    let size = frame.look.font(22.0);
    let widest = [lo, hi]
        .iter()
        .map(|v| text_width(area, &dollars(v), size, false))
        .max();
    let y_width = y_label_area(frame, widest.unwrap_or(0));
    let mut chart = plot(area, frame, x0..x1, (lo - pad)..(hi + pad), y_width)?;
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
    for (lo, hi, mix) in [(0, 4, 0.18), (1, 3, 0.4)] {
        let fill = color.mix(mix).filled();
        chart
            .draw_series(std::iter::once(Polygon::new(polygon(lo, hi), fill)))
            .map_err(err)?;
    }
    let median: Vec<(f64, f64)> = xs.iter().zip(bands).map(|(x, q)| (*x, q[2])).collect();
    chart
        .draw_series(LineSeries::new(median, color.stroke_width(4)))
        .map_err(err)?;
    if zero {
        let line = vec![(x0, 0.0), (x1, 0.0)];
        chart
            .draw_series(DashedLineSeries::new(line, 10, 8, LOSS.stroke_width(2)))
            .map_err(err)?;
    }
    if let Some((_, ys)) = reference {
        let points: Vec<(f64, f64)> = xs.iter().copied().zip(ys.iter().copied()).collect();
        let style = PALETTE[1].stroke_width(3);
        chart
            .draw_series(DashedLineSeries::new(points, 14, 8, style))
            .map_err(err)?;
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
    }
    Ok(())
}

/// The tornado: per input its result at P10 (orange) and at P90 (blue) from the base.
pub(super) fn tornado<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    frame: &Frame,
    base: f64,
    bars: &[(String, f64, f64)],
) -> DrawResult {
    let rows: Vec<Row> = bars
        .iter()
        .map(|(name, at10, at90)| (name.clone(), vec![(*at10, PALETTE[1]), (*at90, PALETTE[0])]))
        .collect();
    let ends = bars.iter().flat_map(|b| [b.1, b.2]).chain([base]);
    let (lo, hi) = extent(ends);
    horizontal_bars(area, frame, base, &rows, &money_axis(lo, hi))
}

/// The variance shares: blue where profit rises with the input, orange where it falls.
pub(super) fn shares<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    frame: &Frame,
    bars: &[(String, f64, f64)],
) -> DrawResult {
    let rows: Vec<Row> = bars
        .iter()
        .map(|(name, share, sign)| {
            let color = if *sign < 0.0 { PALETTE[1] } else { PALETTE[0] };
            (name.clone(), vec![(*share, color)])
        })
        .collect();
    horizontal_bars(area, frame, 0.0, &rows, &percent)
}

/// One row of a horizontal bar chart: its name and the bars drawn from the base, each to its
/// end in its colour.
type Row = (String, Vec<(f64, RGBColor)>);

/// Rows of bars from `base`, the first row on top; the label area is as wide as the longest
/// name.
fn horizontal_bars<DB: DrawingBackend>(
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
    let size = frame.look.font(20.0);
    let widest = rows
        .iter()
        .map(|r| text_width(area, &r.0, size, false))
        .max();
    let y_width = y_label_area(frame, widest.unwrap_or(0));
    let mut chart = plot(
        area,
        frame,
        (lo - pad)..(hi + pad),
        -0.6..(n - 0.4),
        y_width,
    )?;
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
        label_size: 20.0,
        ..Axes::new(x_text, &name_at)
    };
    mesh(&mut chart, frame, axes)?;
    for (i, (_, bars)) in rows.iter().enumerate() {
        let yc = y(i);
        // The longer bar first, so a shorter one on the same side stays in view on top of it.
        let mut bars = bars.clone();
        bars.sort_by(|a, b| (b.0 - base).abs().total_cmp(&(a.0 - base).abs()));
        for (end, color) in &bars {
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(base, yc - 0.32), (*end, yc + 0.32)],
                    tint(*color, 0.8).filled(),
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
