//! The charts of the drivers of profit: a sweep's bands against the swept input, the tornado
//! of one-at-a-time swings, and the variance shares when every input varies together.

use super::figures::{Figure, Frame, Marker};
use super::{ChartFiles, Footnote, render, style};

/// What a queue-mode sweep adds to its chart: the spreadsheet's profit at each point (every call
/// answered at once, a straight line in the demand) and where the offered work reaches the
/// seat time, past which the queue must turn callers away.
pub struct SweepOverlay {
    pub spreadsheet: Vec<f64>,
    pub capacity_at: Option<f64>,
}

/// A sweep: profit per agent-year against the swept input (median, P25-P75 and P10-P90 bands),
/// with the break-even in the title and marked on the chart when there is one. `(path, label)`:
/// the input's stable path heads the CSV column, its label names it on the chart.
pub fn sweep_chart(
    (path, field): (&str, &str),
    (x, bands): (&[f64], &[[f64; 5]]),
    break_even: Option<f64>,
    overlay: Option<&SweepOverlay>,
    foot: &Footnote,
) -> anyhow::Result<ChartFiles> {
    let number = |x: f64| crate::distributions::format_number((x * 100.0).round() / 100.0);
    let title = match break_even {
        Some(b) => format!("Where is the break-even? {field}: {}", number(b)),
        None => format!("How does profit per agent-year move with {field}?"),
    };
    let (zero, subtitle) = zero_line(bands, overlay.map(|o| &o.spreadsheet[..]));
    let frame = Frame {
        title,
        subtitle,
        footnote: format!("{} · the same random numbers at every point", foot.text()),
        x_label: field.to_string(),
        y_label: "profit per agent-year".to_string(),
        look: foot.look,
    };
    let mut markers: Vec<Marker> = break_even
        .map(|b| Marker {
            x: b,
            label: format!("break-even at {}", number(b)),
            color: style::LOSS,
            dashed: false,
        })
        .into_iter()
        .collect();
    markers.extend(overlay.and_then(|o| o.capacity_at).map(|at| Marker {
        x: at,
        label: format!("offered work = seat time at {}", number(at)),
        color: style::PALETTE[2],
        dashed: true,
    }));
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
        zero,
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
        title: "What drives profit per agent-year? One input at a time, from its P10 to its P90"
            .to_string(),
        subtitle: vec![format!(
            "the line: every input at its mean, {} (expected value)",
            style::money(base)
        )],
        footnote: foot.text(),
        x_label: "profit per agent-year, expected value, the other inputs at their means"
            .to_string(),
        y_label: String::new(),
        look: foot.look,
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
        subtitle: Vec::new(),
        footnote: foot.text(),
        x_label: "share of the rank-explained variance (Spearman's rho² with profit, normalised)"
            .to_string(),
        y_label: String::new(),
        look: foot.look,
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

/// Whether the sweep's chart draws the $0 line (its bands or the spreadsheet come near it), and
/// what the subtitle says when it does not.
fn zero_line(bands: &[[f64; 5]], reference: Option<&[f64]>) -> (bool, Vec<String>) {
    let all = bands.iter().flatten().copied();
    let (lo, hi) = super::figures::extent(all.chain(reference.into_iter().flatten().copied()));
    if style::zero_near(lo, hi) {
        return (true, Vec::new());
    }
    let side = if lo > 0.0 { "above" } else { "below" };
    (
        false,
        vec![format!("every point's P10 to P90 {side} break-even ($0)")],
    )
}
