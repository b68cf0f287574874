//! Deck-ready charts with plotters: each written as SVG and as a PNG (16:9, 1600x900 unless the
//! `Look` says otherwise; text drawn with the embedded DejaVu Sans, so it renders on a machine
//! with no fonts), with the numbers behind it as CSV beside it. The question is the title, the
//! headline number the subtitle; scenario, iterations, seed and version are the footnote. Every
//! text is measured and placed so that none overlaps another or leaves the canvas
//! (`tests/chart_layout.rs`). Pure: bytes in memory, written by the caller (all or nothing).

mod curves;
mod drivers;
mod figures;
mod intervals;
pub mod style;
mod time;

pub use drivers::{SweepOverlay, sweep_chart, tornado_chart, variance_shares_chart};
pub use intervals::interval_chart;
pub use style::Look;
pub use time::{Fan, fan_chart, fan_chart_from_bands, hour_chart};

use crate::stats::{EdgeShare, Proportion, quantile};
use curves::{box_chart, curve_points, s_curve_chart, s_curve_of};
use figures::{Figure, Frame, Marker};
use plotters::prelude::*;

/// One chart's three files: `<stem>.svg`, `<stem>.png` and `<stem>.csv`.
pub struct ChartFiles {
    pub stem: String,
    pub svg: Vec<u8>,
    pub png: Vec<u8>,
    pub csv: Vec<u8>,
}

impl ChartFiles {
    pub fn into_files(self) -> [(String, Vec<u8>); 3] {
        [
            (format!("{}.svg", self.stem), self.svg),
            (format!("{}.png", self.stem), self.png),
            (format!("{}.csv", self.stem), self.csv),
        ]
    }
}

/// What every footnote says, and the look of the chart it goes under.
pub struct Footnote {
    pub scenarios: String,
    pub iterations: u64,
    pub seed: u64,
    pub look: Look,
}

impl Footnote {
    fn text(&self) -> String {
        format!(
            "{} · {} simulated years · seed {} · callprofit {}",
            self.scenarios,
            crate::console::count(self.iterations as f64),
            self.seed,
            crate::VERSION
        )
    }
}

/// A scenario's simulated profit per agent-year, one value per year: `name` its stable id
/// (CSV columns), `label` what a chart calls it (the scenario's own `name`).
pub struct Series {
    pub name: String,
    pub label: String,
    pub values: Vec<f64>,
}

/// What the $0 line means on a chart, and what the subtitle says when $0 is off its axis.
struct Zero {
    marker: String,
    above: String,
    below: String,
}

impl Zero {
    fn break_even() -> Zero {
        Zero {
            marker: "break-even $0".to_string(),
            above: "every simulated year above break-even ($0)".to_string(),
            below: "every simulated year below break-even ($0)".to_string(),
        }
    }
}

/// The footnote's scenarios for a comparison: their ids (the chart names them by their names).
pub fn scenarios_text(series: &[Series]) -> String {
    let ids: Vec<&str> = series.iter().map(|s| s.name.as_str()).collect();
    ids.join(" vs ")
}

/// A share of years with its standard error, or at 0 or 1 the count and its 95% bound.
fn share_text(name: &str, p: Proportion, years: u64) -> String {
    match EdgeShare::of(p, years) {
        Some(edge) => format!("{name}: {} ({})", edge.count(), edge.bound()),
        None => format!("{name} = {:.1}% ± {:.1}%", p.p * 100.0, p.se * 100.0),
    }
}

/// `run`'s charts: the histogram with its markers and P(loss) over `years`, and the S-curve.
pub fn run_charts(
    series: &Series,
    p_loss: Proportion,
    years: u64,
    foot: &Footnote,
) -> anyhow::Result<Vec<ChartFiles>> {
    let note = share_text("P(loss)", p_loss, years);
    // One sorted copy serves both charts.
    let sorted = sorted(&series.values)?;
    let hist = histogram_of_sorted(
        (
            "profit_histogram",
            "How much profit does each agent bring in a year?",
        ),
        "profit per agent-year (revenue minus every cost, per agent)",
        &sorted,
        (vec![note], Zero::break_even()),
        foot,
    )?;
    let curve = s_curve_of(
        (
            "profit_s_curve",
            "How likely is each level of profit per agent-year?",
        ),
        vec![curve_points(&series.label, &sorted)],
        &[&series.name],
        foot,
    )?;
    Ok(vec![hist, curve])
}

/// `compare`'s charts: S-curves, box plots, and each paired difference from the baseline
/// (`differences` hold the scenario's label, its differences and P(better)).
pub fn compare_charts(
    series: &[Series],
    differences: &[(String, Vec<f64>, Proportion)],
    foot: &Footnote,
) -> anyhow::Result<Vec<ChartFiles>> {
    let mut out = vec![
        s_curve_chart(
            "compare_s_curve",
            "Which scenario brings more profit per agent-year, and how surely?",
            series,
            foot,
        )?,
        box_chart(series, foot)?,
    ];
    let base = &series[0].label;
    for (i, (name, d, better)) in differences.iter().enumerate() {
        let names = format!("“{name}” minus “{base}”");
        let note = share_text("P(better)", *better, d.len() as u64);
        let zero = Zero {
            marker: "no difference $0".to_string(),
            above: "better than the baseline in every simulated year".to_string(),
            below: "worse than the baseline in every simulated year".to_string(),
        };
        out.push(histogram_of_sorted(
            (
                &format!("difference_{}", i + 1),
                "How much more profit per agent-year, year by year?",
            ),
            "difference in profit per agent-year (same random numbers)",
            &sorted(d)?,
            (vec![names, note], zero),
            foot,
        )?);
    }
    Ok(out)
}

/// Renders a figure to SVG text and PNG bytes, at the frame's size.
fn render(frame: &Frame, fig: &Figure) -> anyhow::Result<(Vec<u8>, Vec<u8>)> {
    style::register_font();
    let size = frame.look.size;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        figures::draw(&root, frame, fig)?;
        root.present()
            .map_err(|e| anyhow::anyhow!("writing SVG: {e:?}"))?;
    }
    let (w, h) = size;
    let mut rgb = vec![0u8; (w * h * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, size).into_drawing_area();
        figures::draw(&root, frame, fig)?;
        root.present()
            .map_err(|e| anyhow::anyhow!("drawing PNG: {e:?}"))?;
    }
    let mut png = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut png, w, h);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        enc.write_header()?.write_image_data(&rgb)?;
    }
    Ok((svg.into_bytes(), png))
}

/// The values in order, refused when there are none or one is not finite: a chart of them has
/// no range (and plotters, given an infinite one, never finishes its ticks).
fn sorted(values: &[f64]) -> anyhow::Result<Vec<f64>> {
    into_sorted(values.to_vec())
}

/// As `sorted`, in place.
fn into_sorted(mut values: Vec<f64>) -> anyhow::Result<Vec<f64>> {
    if values.is_empty() {
        anyhow::bail!("a chart needs at least one simulated year, and got none");
    }
    if let Some(x) = values.iter().find(|x| !x.is_finite()) {
        anyhow::bail!("a chart cannot place the value {x}");
    }
    values.sort_by(f64::total_cmp);
    Ok(values)
}

/// A histogram of sorted values with P10, P50, P90 and mean marked, and the $0 line where it
/// is near the data (else the subtitle says which side of it every year is).
fn histogram_of_sorted(
    (stem, title): (&str, &str),
    x_label: &str,
    s: &[f64],
    (notes, zero): (Vec<String>, Zero),
    foot: &Footnote,
) -> anyhow::Result<ChartFiles> {
    let (lo, hi) = (s[0], s[s.len() - 1]);
    let (lo, hi) = if hi > lo {
        (lo, hi)
    } else {
        (lo - 1.0, hi + 1.0)
    };
    let n_bins = 40;
    let width = (hi - lo) / n_bins as f64;
    let mut bins: Vec<(f64, f64, u64)> = (0..n_bins)
        .map(|i| (lo + i as f64 * width, lo + (i + 1) as f64 * width, 0))
        .collect();
    for x in s {
        let i = (((x - lo) / width) as usize).min(n_bins - 1);
        bins[i].2 += 1;
    }
    let mean = s.iter().sum::<f64>() / s.len() as f64;
    let q = |p| quantile(s, p);
    let mark = |x: f64, label: String, color: RGBColor, dashed: bool| Marker {
        x,
        label,
        color,
        dashed,
    };
    let m = style::money;
    let mut markers = vec![
        mark(
            q(0.1),
            format!("P10 {}", m(q(0.1))),
            style::PALETTE[1],
            true,
        ),
        mark(q(0.5), format!("P50 {}", m(q(0.5))), style::INK, true),
        mark(
            q(0.9),
            format!("P90 {}", m(q(0.9))),
            style::PALETTE[1],
            true,
        ),
        mark(mean, format!("mean {}", m(mean)), style::PALETTE[2], false),
    ];
    let mut subtitle = notes;
    let last = subtitle.len() - 1;
    if style::zero_near(s[0], s[s.len() - 1]) {
        markers.push(mark(0.0, zero.marker, style::LOSS, false));
    } else {
        let side = if s[0] > 0.0 { zero.above } else { zero.below };
        subtitle[last] = format!("{} · {side}", subtitle[last]);
    }
    let frame = Frame {
        title: title.to_string(),
        subtitle,
        footnote: foot.text(),
        x_label: x_label.to_string(),
        y_label: "share of simulated years".to_string(),
        look: foot.look,
    };
    let fig = Figure::Histogram {
        bins: bins.clone(),
        markers,
    };
    let (svg, png) = render(&frame, &fig)?;
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["bin_low", "bin_high", "years", "share"])?;
    for (a, b, c) in &bins {
        let share = *c as f64 / s.len() as f64;
        w.write_record([
            a.to_string(),
            b.to_string(),
            c.to_string(),
            share.to_string(),
        ])?;
    }
    for (name, x) in [
        ("p10", q(0.1)),
        ("p50", q(0.5)),
        ("p90", q(0.9)),
        ("mean", mean),
    ] {
        w.write_record([
            name.to_string(),
            x.to_string(),
            String::new(),
            String::new(),
        ])?;
    }
    Ok(ChartFiles {
        stem: stem.to_string(),
        svg,
        png,
        csv: w.into_inner()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn foot() -> Footnote {
        Footnote {
            scenarios: "t".into(),
            iterations: 2,
            seed: 1,
            look: Look::default(),
        }
    }

    /// No years, a NaN or an infinity is an error, never a panic (or plotters' endless ticks);
    /// years that all agree still draw.
    #[test]
    fn charts_refuse_what_they_cannot_draw() {
        let none = Proportion { p: 0.0, se: 0.0 };
        for values in [vec![], vec![1.0, f64::NAN], vec![f64::INFINITY, 0.0]] {
            let s = Series {
                name: "x".into(),
                label: "x".into(),
                values: values.clone(),
            };
            assert!(run_charts(&s, none, 2, &foot()).is_err(), "{values:?}");
            assert!(compare_charts(&[s], &[], &foot()).is_err(), "{values:?}");
        }
        assert!(fan_chart(&[], 12, Fan::Booked, &foot()).is_err());
        assert!(fan_chart_from_bands(&[], Fan::Cash, &foot()).is_err());
        let flat = Series {
            name: "flat".into(),
            label: "flat".into(),
            values: vec![5.0; 10],
        };
        assert!(run_charts(&flat, none, 10, &foot()).is_ok());
    }
}
