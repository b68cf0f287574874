//! Deck-ready charts with plotters: each written as SVG and as a 1600x900 PNG (text drawn with
//! the embedded DejaVu Sans, so it renders on a machine with no fonts), with the numbers behind
//! it as CSV beside it. The question is the title; scenario, iterations, seed and version are
//! the footnote. Pure: bytes in memory, written by the caller (all or nothing).

mod figures;
mod intervals;
mod style;

pub use intervals::interval_chart;

use crate::stats::{Proportion, quantile};
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

/// `run`'s charts: the histogram with its markers and P(loss), and the S-curve.
pub fn run_charts(
    series: &Series,
    p_loss: Proportion,
    foot: &Footnote,
) -> anyhow::Result<Vec<ChartFiles>> {
    let hist = histogram_chart(
        "profit_histogram",
        "How much profit does each agent bring in a year?",
        "profit per agent-year (revenue minus every cost, per agent)",
        &series.values,
        &format!(
            "P(loss) = {:.1}% ± {:.1}%",
            p_loss.p * 100.0,
            p_loss.se * 100.0
        ),
        foot,
    )?;
    let curve = s_curve_chart(
        "profit_s_curve",
        "How likely is each level of profit per agent-year?",
        std::slice::from_ref(series),
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

fn sorted(values: &[f64]) -> Vec<f64> {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    v
}

fn histogram_chart(
    stem: &str,
    title: &str,
    x_label: &str,
    values: &[f64],
    note: &str,
    foot: &Footnote,
) -> anyhow::Result<ChartFiles> {
    let s = sorted(values);
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
    for x in &s {
        let i = (((x - lo) / width) as usize).min(n_bins - 1);
        bins[i].2 += 1;
    }
    let mean = s.iter().sum::<f64>() / s.len() as f64;
    let q = |p| quantile(&s, p);
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
    let curves: Vec<(String, Vec<(f64, f64)>)> = series
        .iter()
        .map(|s| {
            let v = sorted(&s.values);
            let n = v.len();
            let step = n.div_ceil(CURVE_POINTS).max(1);
            let mut pts: Vec<(f64, f64)> = (0..n)
                .step_by(step)
                .map(|i| (v[i], (i + 1) as f64 / n as f64))
                .collect();
            pts.push((v[n - 1], 1.0));
            (s.name.clone(), pts)
        })
        .collect();
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
    let stats: Vec<(String, [f64; 6])> = series
        .iter()
        .map(|s| {
            let v = sorted(&s.values);
            let q = |p| quantile(&v, p);
            let mean = v.iter().sum::<f64>() / v.len() as f64;
            (
                s.name.clone(),
                [q(0.05), q(0.25), q(0.5), q(0.75), q(0.95), mean],
            )
        })
        .collect();
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

/// Queue mode: service level and abandonment by open hour of the day (by the caller's arrival
/// hour), pooled over all simulated years.
pub fn hour_chart(
    hours: &[crate::summary::HourSummary],
    foot: &Footnote,
) -> anyhow::Result<ChartFiles> {
    let line = |f: fn(&crate::summary::HourSummary) -> f64| -> Vec<(f64, f64)> {
        hours.iter().map(|h| (h.hour as f64, f(h))).collect()
    };
    let series = vec![
        ("service level".to_string(), line(|h| h.service_level)),
        ("abandon rate".to_string(), line(|h| h.abandon_rate)),
    ];
    let frame = Frame {
        title: "When in the day do callers wait and hang up?".to_string(),
        footnote: foot.text(),
        x_label: "open hour of the day (1 = the first)".to_string(),
        y_label: "share of offered calls".to_string(),
    };
    let (svg, png) = render(&frame, &Figure::Hourly { series })?;
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["hour", "offered", "service_level", "abandon_rate"])?;
    for h in hours {
        w.write_record([
            h.hour.to_string(),
            h.offered.to_string(),
            h.service_level.to_string(),
            h.abandon_rate.to_string(),
        ])?;
    }
    Ok(ChartFiles {
        stem: "queue_by_hour".to_string(),
        svg,
        png,
        csv: w.into_inner()?,
    })
}

/// The fan chart: cumulative profit per agent by month (median, 50% and 90% bands), from each
/// year's path (`paths[year][month]`).
pub fn fan_chart(paths: &[[f64; 12]], foot: &Footnote) -> anyhow::Result<ChartFiles> {
    let months: Vec<[f64; 5]> = (0..12)
        .map(|m| {
            let v = sorted(&paths.iter().map(|p| p[m]).collect::<Vec<f64>>());
            [0.05, 0.25, 0.5, 0.75, 0.95].map(|p| quantile(&v, p))
        })
        .collect();
    fan_chart_from_bands(&months, foot)
}

/// The fan chart from its bands (what `profit_fan.csv` holds; `chart DIR` redraws from it).
pub fn fan_chart_from_bands(months: &[[f64; 5]], foot: &Footnote) -> anyhow::Result<ChartFiles> {
    let frame = Frame {
        title: "When does the year pay off? Cumulative profit per agent, month by month"
            .to_string(),
        footnote: foot.text(),
        x_label: "month of the year (12 equal months: revenue as it comes, costs in twelfths)"
            .to_string(),
        y_label: "cumulative profit per agent".to_string(),
    };
    let fig = Figure::Band {
        x: (1..=months.len()).map(|m| m as f64).collect(),
        bands: months.to_vec(),
        outer: "90% of years (P5 to P95)".to_string(),
        inner: "50% of years (P25 to P75)".to_string(),
        reference: None,
        markers: Vec::new(),
    };
    let (svg, png) = render(&frame, &fig)?;
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["month", "p5", "p25", "p50", "p75", "p95"])?;
    for (m, q) in months.iter().enumerate() {
        let mut row = vec![(m + 1).to_string()];
        row.extend(q.iter().map(f64::to_string));
        w.write_record(row)?;
    }
    Ok(ChartFiles {
        stem: "profit_fan".to_string(),
        svg,
        png,
        csv: w.into_inner()?,
    })
}

/// What a queue-mode sweep adds to its chart: the spreadsheet's profit at each point (every call
/// answered at once, a straight line in the demand) and where the offered work reaches the
/// seat time, past which the queue must turn callers away.
pub struct SweepOverlay {
    pub spreadsheet: Vec<f64>,
    pub capacity_at: Option<f64>,
}

/// A sweep: profit per agent-year against the swept input (median, P25-P75 and P10-P90 bands),
/// with the break-even in the title when there is one. `(path, label)`: the input's stable path
/// heads the CSV column, its label names it on the chart.
pub fn sweep_chart(
    (path, field): (&str, &str),
    (x, bands): (&[f64], &[[f64; 5]]),
    break_even: Option<f64>,
    overlay: Option<&SweepOverlay>,
    foot: &Footnote,
) -> anyhow::Result<ChartFiles> {
    let title = match break_even {
        Some(b) => format!("Where is the break-even? {field} = {b:.2}"),
        None => format!("How does profit per agent-year move with {field}?"),
    };
    let frame = Frame {
        title,
        footnote: format!("{} · the same random numbers at every point", foot.text()),
        x_label: field.to_string(),
        y_label: "profit per agent-year".to_string(),
    };
    let markers = overlay
        .and_then(|o| o.capacity_at)
        .map(|at| Marker {
            x: at,
            label: format!("offered work = seat time at {at:.2}"),
            color: style::PALETTE[2],
            dashed: true,
        })
        .into_iter()
        .collect();
    let fig = Figure::Band {
        x: x.to_vec(),
        bands: bands.to_vec(),
        outer: "80% of years (P10 to P90)".to_string(),
        inner: "50% of years (P25 to P75)".to_string(),
        reference: overlay.map(|o| {
            let name = "spreadsheet (every call answered at once)".to_string();
            (name, o.spreadsheet.clone())
        }),
        markers,
    };
    let (svg, png) = render(&frame, &fig)?;
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut head = vec![path, "p10", "p25", "p50", "p75", "p90"];
    head.extend(overlay.map(|_| "spreadsheet"));
    w.write_record(head)?;
    for (i, (v, q)) in x.iter().zip(bands).enumerate() {
        let mut row = vec![v.to_string()];
        row.extend(q.iter().map(f64::to_string));
        row.extend(overlay.map(|o| o.spreadsheet[i].to_string()));
        w.write_record(row)?;
    }
    Ok(ChartFiles {
        stem: "sweep_chart".to_string(),
        svg,
        png,
        csv: w.into_inner()?,
    })
}

/// The tornado: each input's one-at-a-time swing (orange: at its P10, blue: at its P90).
pub fn tornado_chart(
    base: f64,
    bars: &[(String, f64, f64)],
    foot: &Footnote,
) -> anyhow::Result<ChartFiles> {
    let frame = Frame {
        title: "What drives profit per agent-year? One input at a time, P10 (orange) to P90 (blue)"
            .to_string(),
        footnote: foot.text(),
        x_label: format!(
            "profit per agent-year, expected value, the other inputs at their means (line: all at their means, {})",
            money_text(base)
        ),
        y_label: String::new(),
    };
    let fig = Figure::Tornado {
        base,
        bars: bars.to_vec(),
    };
    let (svg, png) = render(&frame, &fig)?;
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["input", "profit_at_p10", "profit_at_p90", "base"])?;
    for (name, a, b) in bars {
        w.write_record([name.clone(), a.to_string(), b.to_string(), base.to_string()])?;
    }
    Ok(ChartFiles {
        stem: "tornado".to_string(),
        svg,
        png,
        csv: w.into_inner()?,
    })
}

/// The joint ranking: each input's share of the rank-explained variance of profit (Spearman's
/// rho squared, normalised), blue where profit rises with the input and orange where it falls.
/// `ranked` holds (input, share, rho), largest share first.
pub fn variance_shares_chart(
    ranked: &[(String, f64, f64)],
    foot: &Footnote,
) -> anyhow::Result<ChartFiles> {
    let frame = Frame {
        title: "What moves profit per agent-year when every input varies together?".to_string(),
        footnote: foot.text(),
        x_label: "Spearman's rho² with profit, as a share of the sum (blue: profit rises with it, orange: falls)"
            .to_string(),
        y_label: String::new(),
    };
    let fig = Figure::Shares {
        bars: ranked.to_vec(),
    };
    let (svg, png) = render(&frame, &fig)?;
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["input", "share_of_variance", "rank_correlation"])?;
    for (name, share, rho) in ranked {
        w.write_record([name.clone(), share.to_string(), rho.to_string()])?;
    }
    Ok(ChartFiles {
        stem: "variance_shares".to_string(),
        svg,
        png,
        csv: w.into_inner()?,
    })
}

fn money_text(x: f64) -> String {
    style::money(x)
}
