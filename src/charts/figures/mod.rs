//! The figures, each drawn by one function for any plotters backend (SVG and PNG share it).

use super::style::{FONT, INK, LOSS, PALETTE, money};
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

/// Title (the question), footnote (scenario, iterations, seed, version) and the plot.
pub struct Frame {
    pub title: String,
    pub footnote: String,
    pub x_label: String,
    pub y_label: String,
}

/// A labelled vertical marker.
pub struct Marker {
    pub x: f64,
    pub label: String,
    pub color: RGBColor,
    pub dashed: bool,
}

pub enum Figure {
    /// Bars over [lo, hi) bins with counts, markers and a note in the corner.
    Histogram {
        bins: Vec<(f64, f64, u64)>,
        markers: Vec<Marker>,
        note: String,
    },
    /// Cumulative probability curves, one per series.
    SCurve {
        series: Vec<(String, Vec<(f64, f64)>)>,
    },
    /// Per series: P5, P25, P50, P75, P95 and the mean.
    Boxes { series: Vec<(String, [f64; 6])> },
    /// Bands over x: per point the outer low, inner low, middle, inner high, outer high, with
    /// the legend's names for the outer and inner bands.
    /// Optionally a named reference line over the same x, and vertical markers.
    Band {
        x: Vec<f64>,
        bands: Vec<[f64; 5]>,
        outer: String,
        inner: String,
        reference: Option<(String, Vec<f64>)>,
        markers: Vec<Marker>,
    },
    /// One-at-a-time swings: per input (largest first) the result at its P10 and at its P90,
    /// around the base (every input at its mean).
    Tornado {
        base: f64,
        bars: Vec<(String, f64, f64)>,
    },
    /// Shares (0 to 1) per input, largest first, each with the sign of its correlation.
    Shares { bars: Vec<(String, f64, f64)> },
    /// Shares (0 to 1) by open hour of the day, one line per series.
    Hourly {
        series: Vec<(String, Vec<(f64, f64)>)>,
    },
    /// Agents per open hour, one line per day, a dashed reference level (`intervals.rs`).
    Intervals(super::intervals::Lines),
}

pub(super) type DrawResult = anyhow::Result<()>;

mod bands;
use bands::{Row, band, horizontal_bars};

pub(super) fn err<E: std::fmt::Debug>(e: E) -> anyhow::Error {
    anyhow::anyhow!("drawing a chart: {e:?}")
}

pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    frame: &Frame,
    fig: &Figure,
) -> DrawResult {
    root.fill(&WHITE).map_err(err)?;
    let (_, h) = root.dim_in_pixel();
    let (top, rest) = root.split_vertically(130);
    let (plot, bottom) = rest.split_vertically(h - 130 - 60);
    top.draw(&Text::new(
        frame.title.clone(),
        (60, 24),
        (FONT, 40).into_font().style(FontStyle::Bold).color(&INK),
    ))
    .map_err(err)?;
    if let Figure::Histogram { note, .. } = fig {
        // The headline number under the question, where no bar or marker can cover it.
        top.draw(&Text::new(
            note.clone(),
            (60, 80),
            (FONT, 30)
                .into_font()
                .style(FontStyle::Bold)
                .color(&PALETTE[0]),
        ))
        .map_err(err)?;
    }
    let lines = wrap_footnote(&frame.footnote, FOOTNOTE_CHARS);
    let (size, first, step) = if lines.len() > 1 {
        (20, 4, 26)
    } else {
        (22, 18, 0)
    };
    for (i, line) in lines.iter().enumerate() {
        bottom
            .draw(&Text::new(
                line.clone(),
                (60, first + step * i as i32),
                (FONT, size).into_font().color(&RGBColor(90, 90, 90)),
            ))
            .map_err(err)?;
    }
    match fig {
        Figure::Histogram { bins, markers, .. } => histogram(&plot, frame, bins, markers),
        Figure::SCurve { series } => s_curve(&plot, frame, series),
        Figure::Boxes { series } => boxes(&plot, frame, series),
        Figure::Hourly { series } => hourly(&plot, frame, series),
        Figure::Intervals(lines) => super::intervals::draw(&plot, frame, lines),
        Figure::Tornado { base, bars } => {
            let rows: Vec<Row> = bars
                .iter()
                .map(|(name, at10, at90)| {
                    (name.clone(), vec![(*at10, PALETTE[1]), (*at90, PALETTE[0])])
                })
                .collect();
            horizontal_bars(&plot, frame, *base, &rows, &dollars)
        }
        Figure::Shares { bars } => {
            let rows: Vec<Row> = bars
                .iter()
                .map(|(name, share, sign)| {
                    let color = if *sign < 0.0 { PALETTE[1] } else { PALETTE[0] };
                    (name.clone(), vec![(*share, color)])
                })
                .collect();
            let percent = |x: &f64| format!("{:.0}%", x * 100.0);
            horizontal_bars(&plot, frame, 0.0, &rows, &percent)
        }
        Figure::Band {
            x,
            bands,
            outer,
            inner,
            reference,
            markers,
        } => band(
            &plot,
            frame,
            (x, bands),
            [outer, inner],
            reference.as_ref(),
            markers,
        ),
    }
}

/// About how many characters of the footnote fit across the chart at 22 px.
const FOOTNOTE_CHARS: usize = 140;

/// The footnote on one line, or on two split at a " · " so that neither runs off the edge.
fn wrap_footnote(text: &str, width: usize) -> Vec<String> {
    if text.chars().count() <= width {
        return vec![text.to_string()];
    }
    let parts: Vec<&str> = text.split(" · ").collect();
    let mut first = String::new();
    let mut i = 0;
    while i < parts.len() {
        let next = if first.is_empty() {
            parts[i].to_string()
        } else {
            format!("{first} · {}", parts[i])
        };
        if next.chars().count() > width && !first.is_empty() {
            break;
        }
        first = next;
        i += 1;
    }
    if i == parts.len() {
        return vec![first];
    }
    vec![first, parts[i..].join(" · ")]
}

pub(super) type Chart2d<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// The plot area every figure shares: margins, label areas, and the coordinate ranges.
pub(super) fn plot<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    x: std::ops::Range<f64>,
    y: std::ops::Range<f64>,
    y_label_width: u32,
) -> anyhow::Result<Chart2d<'a, DB>> {
    // Empty data gives an infinite extent, and an infinite or NaN axis would hang or panic in
    // plotters' ticks: refuse it here, for every figure.
    let sound =
        |r: &std::ops::Range<f64>| r.start.is_finite() && r.end.is_finite() && r.start < r.end;
    if !(sound(&x) && sound(&y)) {
        anyhow::bail!("drawing a chart: nothing to draw in the range x {x:?}, y {y:?}");
    }
    ChartBuilder::on(area)
        .margin_left(30)
        .margin_right(60)
        .x_label_area_size(80)
        .y_label_area_size(y_label_width)
        .build_cartesian_2d(x, y)
        .map_err(err)
}

/// Smallest and largest of some values.
fn extent(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| {
        (a.min(x), b.max(x))
    })
}

/// How one figure labels its axes; the rest of the mesh is the same for every figure.
pub(super) struct Axes<'f> {
    /// How many labels on each axis (None: plotters' default).
    pub x_labels: Option<usize>,
    pub y_labels: Option<usize>,
    pub x: &'f dyn Fn(&f64) -> String,
    pub y: &'f dyn Fn(&f64) -> String,
    /// Grid lines across the bars of a horizontal bar chart instead of along x.
    pub horizontal_bars: bool,
    pub label_size: u32,
}

impl<'f> Axes<'f> {
    pub fn new(x: &'f dyn Fn(&f64) -> String, y: &'f dyn Fn(&f64) -> String) -> Axes<'f> {
        Axes {
            x_labels: None,
            y_labels: None,
            x,
            y,
            horizontal_bars: false,
            label_size: 22,
        }
    }
}

pub(super) fn mesh<DB: DrawingBackend>(
    chart: &mut Chart2d<'_, DB>,
    frame: &Frame,
    a: Axes,
) -> DrawResult {
    let mut m = chart.configure_mesh();
    if a.horizontal_bars {
        m.disable_y_mesh();
    } else {
        m.disable_x_mesh();
    }
    if let Some(n) = a.x_labels {
        m.x_labels(n);
    }
    if let Some(n) = a.y_labels {
        m.y_labels(n);
    }
    m.x_label_formatter(a.x)
        .y_label_formatter(a.y)
        .x_desc(frame.x_label.clone())
        .y_desc(frame.y_label.clone())
        .axis_desc_style((FONT, 26))
        .label_style((FONT, a.label_size))
        .draw()
        .map_err(err)
}

fn percent(y: &f64) -> String {
    format!("{:.0}%", y * 100.0)
}

fn dollars(x: &f64) -> String {
    money(*x)
}

/// Dollar x axis and percent y axis, as histograms and S-curves have.
fn axes<DB: DrawingBackend>(chart: &mut Chart2d<'_, DB>, frame: &Frame) -> DrawResult {
    mesh(chart, frame, Axes::new(&dollars, &percent))
}

fn histogram<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    frame: &Frame,
    bins: &[(f64, f64, u64)],
    markers: &[Marker],
) -> DrawResult {
    let lo = bins
        .first()
        .map_or(0.0, |b| b.0)
        .min(markers.iter().map(|m| m.x).fold(f64::INFINITY, f64::min));
    let hi = bins.last().map_or(1.0, |b| b.1).max(
        markers
            .iter()
            .map(|m| m.x)
            .fold(f64::NEG_INFINITY, f64::max),
    );
    let pad = (hi - lo).max(1.0) * 0.03;
    let total: u64 = bins.iter().map(|b| b.2).sum::<u64>().max(1);
    let top = bins.iter().map(|b| b.2).max().unwrap_or(1) as f64 / total as f64 * 1.15;
    let mut chart = plot(area, (lo - pad)..(hi + pad), 0.0..top, 110)?;
    axes(&mut chart, frame)?;
    chart
        .draw_series(bins.iter().map(|(a, b, c)| {
            let share = *c as f64 / total as f64;
            Rectangle::new([(*a, 0.0), (*b, share)], PALETTE[0].mix(0.75).filled())
        }))
        .map_err(err)?;
    for (i, m) in markers.iter().enumerate() {
        let style = ShapeStyle::from(&m.color).stroke_width(3);
        let line = vec![(m.x, 0.0), (m.x, top * 0.92)];
        if m.dashed {
            chart
                .draw_series(DashedLineSeries::new(line, 12, 8, style))
                .map_err(err)?;
        } else {
            chart
                .draw_series(LineSeries::new(line, style))
                .map_err(err)?;
        }
        // Labels on three rows (P10, P50, P90, mean, break-even) so neighbours do not collide.
        let row = [0, 1, 0, 2, 0][i.min(4)];
        let y = top * (0.985 - 0.045 * row as f64);
        chart
            .draw_series(std::iter::once(Text::new(
                m.label.clone(),
                (m.x, y),
                (FONT, 22).into_font().color(&m.color),
            )))
            .map_err(err)?;
    }
    Ok(())
}

fn s_curve<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    frame: &Frame,
    series: &[(String, Vec<(f64, f64)>)],
) -> DrawResult {
    let xs = series.iter().flat_map(|(_, p)| p.iter().map(|q| q.0));
    let (lo, hi) = extent(xs);
    let pad = (hi - lo).max(1.0) * 0.03;
    let mut chart = plot(area, (lo - pad)..(hi + pad), 0.0..1.0, 110)?;
    axes(&mut chart, frame)?;
    lines(&mut chart, series, false, SeriesLabelPosition::UpperLeft)
}

/// One coloured line per series (with dots at the points if `dots`), and the legend.
fn lines<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart2d<'a, DB>,
    series: &[(String, Vec<(f64, f64)>)],
    dots: bool,
    legend_at: SeriesLabelPosition,
) -> DrawResult {
    for (i, (name, points)) in series.iter().enumerate() {
        let color = PALETTE[i % PALETTE.len()];
        chart
            .draw_series(LineSeries::new(
                points.iter().copied(),
                color.stroke_width(4),
            ))
            .map_err(err)?
            .label(name.clone())
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 30, y)], color.stroke_width(4))
            });
        if dots {
            chart
                .draw_series(points.iter().map(|p| Circle::new(*p, 7, color.filled())))
                .map_err(err)?;
        }
    }
    chart
        .configure_series_labels()
        .position(legend_at)
        .label_font((FONT, 24))
        .background_style(WHITE.mix(0.9))
        .border_style(INK)
        .draw()
        .map_err(err)
}

fn boxes<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    frame: &Frame,
    series: &[(String, [f64; 6])],
) -> DrawResult {
    let all = series.iter().flat_map(|(_, q)| q.iter().copied());
    let (lo, hi) = extent(all);
    let pad = (hi - lo).max(1.0) * 0.08;
    let n = series.len() as f64;
    let mut chart = plot(area, -0.5..(n - 0.5), (lo - pad)..(hi + pad), 140)?;
    let names: Vec<String> = series.iter().map(|s| s.0.clone()).collect();
    let name_at = |x: &f64| {
        let i = x.round();
        if (x - i).abs() < 1e-9 && i >= 0.0 {
            names.get(i as usize).cloned().unwrap_or_default()
        } else {
            String::new()
        }
    };
    let axes = Axes {
        x_labels: Some(series.len().max(2) * 2 + 1),
        ..Axes::new(&name_at, &dollars)
    };
    mesh(&mut chart, frame, axes)?;
    for (i, (_, q)) in series.iter().enumerate() {
        let x = i as f64;
        let color = PALETTE[i % PALETTE.len()];
        let [p5, p25, p50, p75, p95, mean] = *q;
        chart
            .draw_series([
                Rectangle::new([(x - 0.25, p25), (x + 0.25, p75)], color.mix(0.35).filled()),
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
    }
    chart
        .draw_series(DashedLineSeries::new(
            vec![(-0.5, 0.0), (n - 0.5, 0.0)],
            10,
            8,
            LOSS.stroke_width(2),
        ))
        .map_err(err)?;
    Ok(())
}

fn hourly<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    frame: &Frame,
    series: &[(String, Vec<(f64, f64)>)],
) -> DrawResult {
    let hours = series.iter().map(|(_, p)| p.len()).max().unwrap_or(1) as f64;
    let mut chart = plot(area, 0.5..(hours + 0.5), 0.0..1.0, 110)?;
    let whole = |x: &f64| format!("{x:.0}");
    let axes = Axes {
        x_labels: Some(hours as usize),
        ..Axes::new(&whole, &percent)
    };
    mesh(&mut chart, frame, axes)?;
    lines(&mut chart, series, true, SeriesLabelPosition::MiddleRight)
}

#[cfg(test)]
mod tests {
    use super::wrap_footnote;

    #[test]
    fn long_footnotes_wrap_at_a_separator() {
        assert_eq!(wrap_footnote("a · b", 20), ["a · b"]);
        assert_eq!(
            wrap_footnote("aaaa · bbbb · cccc", 12),
            ["aaaa · bbbb", "cccc"]
        );
    }
}
