//! The figures, each drawn by one function for any plotters backend (SVG and PNG share it):
//! `frame.rs` the title, subtitle, key and footnote around the plot; `distribution.rs` the
//! histogram, S-curves and box plots; `bands.rs` bands over x and horizontal bars; `lines.rs`
//! lines by open hour. This file holds what they share: the figure types, the plot area and
//! the mesh.

use super::style::{FONT, GRID, INK, Look, PALETTE};
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

mod bands;
mod distribution;
mod frame;
mod lines;

pub(super) use frame::text_width;

/// Title (the question), subtitle (the headline number, what is off the axes), the key, the
/// footnote (scenario, iterations, seed, version) and the axis names, at a size.
pub struct Frame {
    pub title: String,
    pub subtitle: Vec<String>,
    pub footnote: String,
    pub x_label: String,
    pub y_label: String,
    pub look: Look,
}

/// A labelled vertical marker.
pub struct Marker {
    pub x: f64,
    pub label: String,
    pub color: RGBColor,
    pub dashed: bool,
}

/// How a key entry shows what it names.
#[derive(Clone, Copy)]
pub enum Mark {
    Line,
    Dashed,
    Area(f64),
}

/// One entry of the key drawn above the plot (never over the data).
pub struct KeyEntry {
    pub name: String,
    pub color: RGBColor,
    pub mark: Mark,
}

pub enum Figure {
    /// Bars over [lo, hi) bins with counts, markers labelled above the bars.
    Histogram {
        bins: Vec<(f64, f64, u64)>,
        markers: Vec<Marker>,
    },
    /// Cumulative probability curves, one per series.
    SCurve {
        series: Vec<(String, Vec<(f64, f64)>)>,
    },
    /// Per series: P5, P25, P50, P75, P95 and the mean; whether to draw the $0 line.
    Boxes {
        series: Vec<(String, [f64; 6])>,
        zero: bool,
    },
    /// Bands over x: per point the outer low, inner low, middle, inner high, outer high, with
    /// the key's names for the outer and inner bands.
    /// Optionally a named reference line over the same x, vertical markers (named in the key)
    /// and the $0 line.
    Band {
        x: Vec<f64>,
        bands: Vec<[f64; 5]>,
        outer: String,
        inner: String,
        reference: Option<(String, Vec<f64>)>,
        markers: Vec<Marker>,
        zero: bool,
    },
    /// One-at-a-time swings: per input (largest first) the result at its P10 and at its P90,
    /// around the base (every input at its mean).
    Tornado {
        base: f64,
        bars: Vec<(String, f64, f64)>,
    },
    /// Shares (0 to 1) per input, largest first, each with the sign of its correlation.
    Shares { bars: Vec<(String, f64, f64)> },
    /// Shares (0 to 1) by open hour of the day, one line per series; the clock time each
    /// hour starts.
    Hourly {
        series: Vec<(String, Vec<(f64, f64)>)>,
        clock: Vec<String>,
    },
    /// Agents per open hour, one line per day, a dashed reference level (`intervals.rs`).
    Intervals(super::intervals::Lines),
}

impl Figure {
    /// What the key above the plot names, in the colours the figure draws.
    fn key(&self) -> Vec<KeyEntry> {
        let entry = |name: &str, color: RGBColor, mark: Mark| KeyEntry {
            name: name.to_string(),
            color,
            mark,
        };
        let lines = |series: &[(String, Vec<(f64, f64)>)]| -> Vec<KeyEntry> {
            let each = series.iter().enumerate();
            each.map(|(i, (name, _))| entry(name, PALETTE[i % PALETTE.len()], Mark::Line))
                .collect()
        };
        match self {
            Figure::Histogram { .. } | Figure::Boxes { .. } => Vec::new(),
            Figure::SCurve { series } | Figure::Hourly { series, .. } => lines(series),
            Figure::Band {
                outer,
                inner,
                reference,
                markers,
                ..
            } => bands::key(outer, inner, reference.as_ref(), markers),
            Figure::Tornado { .. } => vec![
                entry("the input at its P10", PALETTE[1], Mark::Area(0.8)),
                entry("the input at its P90", PALETTE[0], Mark::Area(0.8)),
            ],
            Figure::Shares { .. } => vec![
                entry("profit rises with the input", PALETTE[0], Mark::Area(0.8)),
                entry("profit falls as it rises", PALETTE[1], Mark::Area(0.8)),
            ],
            Figure::Intervals(l) => super::intervals::key(l),
        }
    }
}

pub(super) type DrawResult = anyhow::Result<()>;

pub(super) fn err<E: std::fmt::Debug>(e: E) -> anyhow::Error {
    anyhow::anyhow!("drawing a chart: {e:?}")
}

pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    frame: &Frame,
    fig: &Figure,
) -> DrawResult {
    root.fill(&WHITE).map_err(err)?;
    let plot = frame::draw(root, frame, &fig.key())?;
    match fig {
        Figure::Histogram { bins, markers } => distribution::histogram(&plot, frame, bins, markers),
        Figure::SCurve { series } => distribution::s_curve(&plot, frame, series),
        Figure::Boxes { series, zero } => distribution::boxes(&plot, frame, series, *zero),
        Figure::Hourly { series, clock } => lines::hourly(&plot, frame, series, clock),
        Figure::Intervals(lines) => super::intervals::draw(&plot, frame, lines),
        Figure::Tornado { base, bars } => bands::tornado(&plot, frame, *base, bars),
        Figure::Shares { bars } => bands::shares(&plot, frame, bars),
        Figure::Band {
            x,
            bands,
            reference,
            markers,
            zero,
            ..
        } => bands::band(&plot, frame, (x, bands), reference.as_ref(), markers, *zero),
    }
}

pub(super) type Chart2d<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// The plot area every figure shares: margins, label areas (`y_label_width` in pixels at the
/// chart's size), and the coordinate ranges.
pub(super) fn plot<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    frame: &Frame,
    x: std::ops::Range<f64>,
    y: std::ops::Range<f64>,
    y_label_width: i32,
) -> anyhow::Result<Chart2d<'a, DB>> {
    // Empty data gives an infinite extent, and an infinite or NaN axis would hang or panic in
    // plotters' ticks: refuse it here, for every figure.
    let sound =
        |r: &std::ops::Range<f64>| r.start.is_finite() && r.end.is_finite() && r.start < r.end;
    if !(sound(&x) && sound(&y)) {
        anyhow::bail!("drawing a chart: nothing to draw in the range x {x:?}, y {y:?}");
    }
    let look = &frame.look;
    ChartBuilder::on(area)
        .margin_left(look.len(30.0))
        .margin_right(look.len(60.0))
        .margin_top(look.len(10.0))
        .x_label_area_size(x_label_area(frame))
        .y_label_area_size(y_label_width)
        .build_cartesian_2d(x, y)
        .map_err(err)
}

/// Room under the plot for the tick labels and the axis name.
fn x_label_area(frame: &Frame) -> i32 {
    let l = &frame.look;
    l.font(22.0) + l.font(26.0) + l.len(40.0)
}

/// Room left of the plot for labels `widest` pixels wide and the rotated axis name.
pub(super) fn y_label_area(frame: &Frame, widest: u32) -> i32 {
    let l = &frame.look;
    widest as i32 + l.font(26.0) + l.len(36.0)
}

/// Smallest and largest of some values.
pub(super) fn extent(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| {
        (a.min(x), b.max(x))
    })
}

/// How one figure labels its axes; the rest of the mesh is the same for every figure.
pub(super) struct Axes<'f> {
    /// How many labels on each axis (None: about one per 150 px).
    pub x_labels: Option<usize>,
    pub y_labels: Option<usize>,
    pub x: &'f dyn Fn(&f64) -> String,
    pub y: &'f dyn Fn(&f64) -> String,
    /// Grid lines across the bars of a horizontal bar chart instead of along x.
    pub horizontal_bars: bool,
    /// Categories (bars, boxes) sit between label positions: no tick marks there.
    pub categories: bool,
    pub label_size: f64,
}

impl<'f> Axes<'f> {
    pub fn new(x: &'f dyn Fn(&f64) -> String, y: &'f dyn Fn(&f64) -> String) -> Axes<'f> {
        Axes {
            x_labels: None,
            y_labels: None,
            x,
            y,
            horizontal_bars: false,
            categories: false,
            label_size: 22.0,
        }
    }
}

/// Gridlines (major only, light grey, drawn before the data so they sit behind it), tick
/// labels and axis names.
pub(super) fn mesh<DB: DrawingBackend>(
    chart: &mut Chart2d<'_, DB>,
    frame: &Frame,
    a: Axes,
) -> DrawResult {
    let look = &frame.look;
    let mut m = chart.configure_mesh();
    if a.horizontal_bars {
        m.disable_y_mesh();
    } else {
        m.disable_x_mesh();
    }
    // Fewer labels as the font grows, so neighbours keep apart.
    let default = ((9.0 / look.font_scale).round() as usize).max(3);
    if a.categories {
        m.set_all_tick_mark_size(0);
    }
    m.x_labels(a.x_labels.unwrap_or(default));
    m.y_labels(a.y_labels.unwrap_or(default));
    m.max_light_lines(0)
        .bold_line_style(GRID.stroke_width(1))
        .axis_style(INK.stroke_width(1))
        .x_label_formatter(a.x)
        .y_label_formatter(a.y)
        .x_desc(frame.x_label.clone())
        .y_desc(frame.y_label.clone())
        .axis_desc_style((FONT, look.font(26.0)))
        .label_style((FONT, look.font(a.label_size)))
        .draw()
        .map_err(err)
}

pub(super) fn percent(y: &f64) -> String {
    format!("{:.0}%", y * 100.0)
}

/// Draws one text at a pixel position of `area` (top-left anchored) in `color`.
pub(super) fn label<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    at: (i32, i32),
    size: i32,
    color: &RGBColor,
) -> DrawResult {
    area.draw(&Text::new(
        text.to_string(),
        at,
        (FONT, size).into_font().color(color),
    ))
    .map_err(err)
}
