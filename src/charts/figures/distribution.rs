//! Figures of one distribution or several: the histogram with its labelled markers, S-curves,
//! and box plots by scenario.

use super::*;
use crate::charts::style::{LOSS, money_axis, tint};

/// Markers' labels sit in rows above the bars: each centred on its line where it fits, and a
/// label that would touch one already placed drops into the next row. Returns each label's
/// left edge and row, and how many rows are used.
fn place_labels(centres: &[i32], widths: &[i32], span: (i32, i32), gap: i32) -> Vec<(i32, usize)> {
    let mut rows: Vec<Vec<(i32, i32)>> = Vec::new();
    let mut out = vec![(0, 0); centres.len()];
    let mut order: Vec<usize> = (0..centres.len()).collect();
    order.sort_by_key(|&i| centres[i]);
    for i in order {
        let w = widths[i];
        let x = (centres[i] - w / 2).clamp(span.0, (span.1 - w).max(span.0));
        let free =
            |row: &Vec<(i32, i32)>| row.iter().all(|&(a, b)| x + w + gap <= a || b + gap <= x);
        let row = match rows.iter().position(free) {
            Some(r) => r,
            None => {
                rows.push(Vec::new());
                rows.len() - 1
            }
        };
        rows[row].push((x, x + w));
        out[i] = (x, row);
    }
    out
}

pub(super) fn histogram<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    frame: &Frame,
    bins: &[(f64, f64, u64)],
    markers: &[Marker],
) -> DrawResult {
    let marks = markers.iter().map(|m| m.x);
    let edges = bins.iter().flat_map(|b| [b.0, b.1]);
    let (lo, hi) = extent(edges.chain(marks));
    let pad = (hi - lo).max(1.0) * 0.03;
    let x = (lo - pad)..(hi + pad);
    let total: u64 = bins.iter().map(|b| b.2).sum::<u64>().max(1);
    let top = bins.iter().map(|b| b.2).max().unwrap_or(1) as f64 / total as f64 * 1.08;
    let dollars = money_axis(lo, hi);
    let y_width = y_label_area(
        frame,
        text_width(area, "100%", frame.look.font(22.0), false),
    );
    // Where each marker's line falls (x maps the same over the whole height), to place the labels.
    let probe = plot(area, frame, x.clone(), 0.0..top, y_width)?;
    let size = frame.look.font(22.0);
    let centres: Vec<i32> = markers
        .iter()
        .map(|m| probe.backend_coord(&(m.x, 0.0)).0)
        .collect();
    let widths: Vec<i32> = markers
        .iter()
        .map(|m| text_width(area, &m.label, size, false) as i32)
        .collect();
    let (span, _) = probe.plotting_area().get_pixel_range();
    drop(probe);
    let placed = place_labels(
        &centres,
        &widths,
        (span.start, span.end),
        frame.look.len(14.0),
    );
    let rows = placed.iter().map(|p| p.1 + 1).max().unwrap_or(0) as i32;
    let row_h = size * 5 / 4;
    let (strip, rest) = area.split_vertically(rows * row_h + frame.look.len(6.0));
    let mut chart = plot(&rest, frame, x, 0.0..top, y_width)?;
    mesh(&mut chart, frame, Axes::new(&dollars, &percent))?;
    let bar = tint(PALETTE[0], 0.75);
    chart
        .draw_series(bins.iter().map(|(a, b, c)| {
            let share = *c as f64 / total as f64;
            Rectangle::new([(*a, 0.0), (*b, share)], bar.filled())
        }))
        .map_err(err)?;
    let (x0, _) = strip.get_base_pixel();
    for (m, (left, row)) in markers.iter().zip(placed) {
        let style = ShapeStyle::from(&m.color).stroke_width(3);
        let line = vec![(m.x, 0.0), (m.x, top)];
        if m.dashed {
            chart
                .draw_series(DashedLineSeries::new(line, 12, 8, style))
                .map_err(err)?;
        } else {
            chart
                .draw_series(LineSeries::new(line, style))
                .map_err(err)?;
        }
        // Row 0 is the one nearest the bars.
        let y = (rows - 1 - row as i32) * row_h;
        label(&strip, &m.label, (left - x0, y), size, &m.color)?;
    }
    Ok(())
}

pub(super) fn s_curve<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    frame: &Frame,
    series: &[(String, Vec<(f64, f64)>)],
) -> DrawResult {
    let xs = series.iter().flat_map(|(_, p)| p.iter().map(|q| q.0));
    let (lo, hi) = extent(xs);
    let pad = (hi - lo).max(1.0) * 0.03;
    let y_width = y_label_area(
        frame,
        text_width(area, "100%", frame.look.font(22.0), false),
    );
    let mut chart = plot(area, frame, (lo - pad)..(hi + pad), 0.0..1.0, y_width)?;
    let dollars = money_axis(lo, hi);
    mesh(&mut chart, frame, Axes::new(&dollars, &percent))?;
    super::lines::lines(&mut chart, series, false)
}

pub(super) fn boxes<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    frame: &Frame,
    series: &[(String, [f64; 6])],
    zero: bool,
) -> DrawResult {
    let all = series.iter().flat_map(|(_, q)| q.iter().copied());
    let (lo, hi) = extent(all.chain(zero.then_some(0.0)));
    let pad = (hi - lo).max(1.0) * 0.08;
    let n = series.len() as f64;
    let dollars = money_axis(lo, hi);
    let size = frame.look.font(22.0);
    let widest = [lo, hi]
        .iter()
        .map(|v| text_width(area, &dollars(v), size, false))
        .max();
    // The names go under their boxes, wrapped to a box's share of the width (plotters' tick
    // labels are one line each, so the axis draws none).
    let plot_width = area.dim_in_pixel().0 as i32 - y_label_area(frame, widest.unwrap_or(0));
    let slot = (plot_width as f64 / n * 0.85) as u32;
    let names: Vec<Vec<String>> = series
        .iter()
        .map(|(name, _)| super::frame::wrap(area, name, size, false, slot))
        .collect();
    let y_width = y_label_area(frame, widest.unwrap_or(0));
    let mut chart = plot(
        area,
        frame,
        -0.5..(n - 0.5),
        (lo - pad)..(hi + pad),
        y_width,
    )?;
    let none = |_: &f64| String::new();
    let axes = Axes {
        x_labels: Some(series.len().max(2) * 2 + 1),
        categories: true,
        ..Axes::new(&none, &dollars)
    };
    mesh(&mut chart, frame, axes)?;
    // The names hang under the plot, in the room the tick labels would take.
    let (base_x, base_y) = area.get_base_pixel();
    let under = chart.plotting_area().get_pixel_range().1.end - base_y + frame.look.len(10.0);
    let row_h = size * 5 / 4;
    for (i, (_, q)) in series.iter().enumerate() {
        let x = i as f64;
        let color = PALETTE[i % PALETTE.len()];
        let [p5, p25, p50, p75, p95, mean] = *q;
        chart
            .draw_series([
                Rectangle::new(
                    [(x - 0.25, p25), (x + 0.25, p75)],
                    tint(color, 0.35).filled(),
                ),
                Rectangle::new([(x - 0.25, p25), (x + 0.25, p75)], color.stroke_width(3)),
            ])
            .map_err(err)?;
        let lines = [
            vec![(x - 0.25, p50), (x + 0.25, p50)],
            vec![(x, p75), (x, p95)],
            vec![(x, p25), (x, p5)],
            vec![(x - 0.12, p95), (x + 0.12, p95)],
            vec![(x - 0.12, p5), (x + 0.12, p5)],
        ];
        for l in lines {
            chart
                .draw_series(LineSeries::new(l, color.stroke_width(3)))
                .map_err(err)?;
        }
        chart
            .draw_series(std::iter::once(Circle::new((x, mean), 9, INK.filled())))
            .map_err(err)?;
        let centre = chart.backend_coord(&(x, 0.0)).0 - base_x;
        for (row, line) in names[i].iter().enumerate() {
            let w = text_width(area, line, size, false) as i32;
            label(
                area,
                line,
                (centre - w / 2, under + row as i32 * row_h),
                size,
                &INK,
            )?;
        }
    }
    if zero {
        let line = vec![(-0.5, 0.0), (n - 0.5, 0.0)];
        chart
            .draw_series(DashedLineSeries::new(line, 10, 8, LOSS.stroke_width(2)))
            .map_err(err)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::place_labels;

    /// P10 and P90 close together: the second drops a row; far apart they share one; a label
    /// at the edge stays inside.
    #[test]
    fn labels_never_touch() {
        let placed = place_labels(&[100, 120, 600], &[80, 80, 80], (0, 1000), 10);
        assert_eq!(placed[0].1, 0);
        assert_eq!(placed[1].1, 1);
        assert_eq!(placed[2].1, 0);
        let edge = place_labels(&[995], &[80], (0, 1000), 10);
        assert_eq!(edge[0], (920, 0));
    }
}
