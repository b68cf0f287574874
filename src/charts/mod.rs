//! Deck-ready charts with plotters: each written as SVG and as a 1600x900 PNG (text drawn with
//! the embedded DejaVu Sans, so it renders on a machine with no fonts), with the numbers behind
//! it as CSV beside it. The question is the title; scenario, iterations, seed and version are
//! the footnote. Pure: bytes in memory, written by the caller (all or nothing).

mod drivers;
mod figures;
mod intervals;
mod style;
mod time;

pub use drivers::{SweepOverlay, sweep_chart, tornado_chart, variance_shares_chart};
pub use intervals::interval_chart;
pub use time::{Fan, fan_chart, fan_chart_from_bands, hour_chart};

use crate::stats::{EdgeShare, Proportion, quantile};
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

/// What every footnote says.
pub struct Footnote {
    pub scenarios: String,
    pub iterations: u64,
    pub seed: u64,
}

impl Footnote {
    fn text(&self) -> String {
        format!(
            "{} · {} simulated years · seed {} · callprofit {}",
            self.scenarios,
            self.iterations,
            self.seed,
            crate::VERSION
        )
    }
}

/// A scenario's simulated profit per agent-year, one value per year.
pub struct Series {
    pub name: String,
    pub values: Vec<f64>,
}

/// `run`'s charts: the histogram with its markers and P(loss) over `years`, and the S-curve.
pub fn run_charts(
    series: &Series,
    p_loss: Proportion,
    years: u64,
    foot: &Footnote,
) -> anyhow::Result<Vec<ChartFiles>> {
    let note = match EdgeShare::of(p_loss, years) {
        Some(edge) => format!("P(loss): {} ({})", edge.count(), edge.bound()),
        None => format!(
            "P(loss) = {:.1}% ± {:.1}%",
            p_loss.p * 100.0,
            p_loss.se * 100.0
        ),
    };
    // One sorted copy serves both charts.
    let sorted = sorted(&series.values)?;
    let hist = histogram_of_sorted(
        "profit_histogram",
        "How much profit does each agent bring in a year?",
        "profit per agent-year (revenue minus every cost, per agent)",
        &sorted,
        &note,
        foot,
    )?;
    let curve = s_curve_of(
        "profit_s_curve",
        "How likely is each level of profit per agent-year?",
        vec![curve_points(&series.name, &sorted)],
        foot,
    )?;
    Ok(vec![hist, curve])
}

/// `compare`'s charts: S-curves, box plots, and each paired difference from the baseline.
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
    let base = &series[0].name;
    for (i, (name, d, better)) in differences.iter().enumerate() {
        out.push(histogram_chart(
            &format!("difference_{}", i + 1),
            &format!("How much better is {name} than {base}, year by year?"),
            &format!("profit per agent-year, {name} minus {base} (same random numbers)"),
            d,
            &format!(
                "P(better) = {:.1}% ± {:.1}%",
                better.p * 100.0,
                better.se * 100.0
            ),
            foot,
        )?);
    }
    Ok(out)
}

/// Renders a figure to SVG text and PNG bytes.
fn render(frame: &Frame, fig: &Figure) -> anyhow::Result<(Vec<u8>, Vec<u8>)> {
    style::register_font();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, style::SIZE).into_drawing_area();
        figures::draw(&root, frame, fig)?;
        root.present()
            .map_err(|e| anyhow::anyhow!("writing SVG: {e:?}"))?;
    }
    let (w, h) = style::SIZE;
    let mut rgb = vec![0u8; (w * h * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, style::SIZE).into_drawing_area();
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

fn histogram_chart(
    stem: &str,
    title: &str,
    x_label: &str,
    values: &[f64],
    note: &str,
    foot: &Footnote,
) -> anyhow::Result<ChartFiles> {
    histogram_of_sorted(stem, title, x_label, &sorted(values)?, note, foot)
}

fn histogram_of_sorted(
    stem: &str,
    title: &str,
    x_label: &str,
    s: &[f64],
    note: &str,
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
    let markers = vec![
        mark(
            q(0.1),
            format!("P10 {}", style::money(q(0.1))),
            style::PALETTE[1],
            true,
        ),
        mark(
            q(0.5),
            format!("P50 {}", style::money(q(0.5))),
            style::INK,
            true,
        ),
        mark(
            q(0.9),
            format!("P90 {}", style::money(q(0.9))),
            style::PALETTE[1],
            true,
        ),
        mark(
            mean,
            format!("mean {}", style::money(mean)),
            style::PALETTE[2],
            false,
        ),
        mark(0.0, "break-even".to_string(), style::LOSS, false),
    ];
    let frame = Frame {
        title: title.to_string(),
        footnote: foot.text(),
        x_label: x_label.to_string(),
        y_label: "share of simulated years".to_string(),
    };
    let fig = Figure::Histogram {
        bins: bins.clone(),
        markers,
        note: note.to_string(),
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

/// Up to this many points per S-curve (evenly spaced order statistics).
const CURVE_POINTS: usize = 800;

fn s_curve_chart(
    stem: &str,
    title: &str,
    series: &[Series],
    foot: &Footnote,
) -> anyhow::Result<ChartFiles> {
    let curves = series
        .iter()
        .map(|s| Ok(curve_points(&s.name, &sorted(&s.values)?)))
        .collect::<anyhow::Result<Vec<(String, Vec<(f64, f64)>)>>>()?;
    s_curve_of(stem, title, curves, foot)
}

/// One S-curve's points from its sorted values.
fn curve_points(name: &str, v: &[f64]) -> (String, Vec<(f64, f64)>) {
    let n = v.len();
    let step = n.div_ceil(CURVE_POINTS).max(1);
    let mut pts: Vec<(f64, f64)> = (0..n)
        .step_by(step)
        .map(|i| (v[i], (i + 1) as f64 / n as f64))
        .collect();
    pts.push((v[n - 1], 1.0));
    (name.to_string(), pts)
}

fn s_curve_of(
    stem: &str,
    title: &str,
    curves: Vec<(String, Vec<(f64, f64)>)>,
    foot: &Footnote,
) -> anyhow::Result<ChartFiles> {
    let frame = Frame {
        title: title.to_string(),
        footnote: foot.text(),
        x_label: "profit per agent-year".to_string(),
        y_label: "probability of at most this profit".to_string(),
    };
    let (svg, png) = render(
        &frame,
        &Figure::SCurve {
            series: curves.clone(),
        },
    )?;
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "scenario",
        "profit_per_agent_year",
        "cumulative_probability",
    ])?;
    for (name, pts) in &curves {
        for (x, p) in pts {
            w.write_record([name.clone(), x.to_string(), p.to_string()])?;
        }
    }
    Ok(ChartFiles {
        stem: stem.to_string(),
        svg,
        png,
        csv: w.into_inner()?,
    })
}

fn box_chart(series: &[Series], foot: &Footnote) -> anyhow::Result<ChartFiles> {
    let stats = series
        .iter()
        .map(|s| {
            let v = sorted(&s.values)?;
            let q = |p| quantile(&v, p);
            let mean = v.iter().sum::<f64>() / v.len() as f64;
            let box_ = [q(0.05), q(0.25), q(0.5), q(0.75), q(0.95), mean];
            Ok((s.name.clone(), box_))
        })
        .collect::<anyhow::Result<Vec<(String, [f64; 6])>>>()?;
    let frame = Frame {
        title: "Profit per agent-year by scenario: the range to plan with".to_string(),
        footnote: format!(
            "{} · box P25-P75, line P50, whiskers P5-P95, dot the mean",
            foot.text()
        ),
        x_label: "scenario".to_string(),
        y_label: "profit per agent-year".to_string(),
    };
    let (svg, png) = render(
        &frame,
        &Figure::Boxes {
            series: stats.clone(),
        },
    )?;
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["scenario", "p5", "p25", "p50", "p75", "p95", "mean"])?;
    for (name, q) in &stats {
        let mut row = vec![name.clone()];
        row.extend(q.iter().map(f64::to_string));
        w.write_record(row)?;
    }
    Ok(ChartFiles {
        stem: "compare_box".to_string(),
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
                values: values.clone(),
            };
            assert!(run_charts(&s, none, 2, &foot()).is_err(), "{values:?}");
            assert!(compare_charts(&[s], &[], &foot()).is_err(), "{values:?}");
        }
        assert!(fan_chart(&[], 12, Fan::Booked, &foot()).is_err());
        assert!(fan_chart_from_bands(&[], Fan::Cash, &foot()).is_err());
        let flat = Series {
            name: "flat".into(),
            values: vec![5.0; 10],
        };
        assert!(run_charts(&flat, none, 10, &foot()).is_ok());
    }
}
