//! `sweep` and `sensitivity` on the terminal.

use super::{standard_error, usd, usd_short};
use crate::distributions::format_number;
use crate::metrics::Unit;
use crate::sensitivity::SensitivityResult;
use crate::sweep::SweepResult;
use std::fmt::Write;
use std::path::PathBuf;

pub fn sweep(r: &SweepResult, file: &str, written: &[PathBuf]) -> String {
    let mut o = String::new();
    let labels: Vec<&str> = r.axes.iter().map(|a| a.label.as_str()).collect();
    let what = format!(": profit per agent-year over {}", labels.join(" x "));
    let _ = writeln!(o, "{}", super::titled(&r.name, file, &what));
    let _ = writeln!(
        o,
        "{} simulated years per point, seed {} (the same at every point)\n",
        r.iterations, r.seed
    );
    let _ = writeln!(
        o,
        "{:>14} {:>21} {:>9} {:>9} {:>9} {:>8}",
        "at", "mean ± s.e.", "P10", "P50", "P90", "P(loss)"
    );
    for p in &r.points {
        let at: Vec<String> = p.values.iter().map(|v| format_number(*v)).collect();
        let _ = writeln!(
            o,
            "{:>14} {:>21} {:>9} {:>9} {:>9} {:>7.1}%",
            at.join(", "),
            format!("{} ± {}", usd(p.mean), standard_error(Unit::Usd, p.mean_se)),
            usd_short(p.p10),
            usd_short(p.p50),
            usd_short(p.p90),
            p.p_loss * 100.0
        );
        if let (Some(s), Some(l)) = (p.spreadsheet, p.offered_load) {
            let load = format!("spreadsheet {}, offered load {:.1}%", usd(s), l * 100.0);
            let _ = writeln!(o, "{:>14} {load}", "");
        }
    }
    match (r.axes.len(), r.break_even) {
        (1, Some(b)) => {
            let _ = writeln!(
                o,
                "\nbreak-even (mean profit per agent-year = 0) at {} = {b:.3}",
                labels[0]
            );
        }
        (1, None) => {
            let _ = writeln!(
                o,
                "\nno break-even in this range (the mean does not change sign)"
            );
        }
        _ => {}
    }
    if let Some(c) = r.capacity_at {
        let _ = writeln!(
            o,
            "the offered work reaches the seat time (offered load 100%) at {} = {c:.3}:\npast it the queue turns callers away and profit bends",
            labels[0]
        );
    }
    let _ = writeln!(o, "\nwrote {}", super::file_list(written));
    o
}

pub fn sensitivity(r: &SensitivityResult, file: &str, written: &[PathBuf]) -> String {
    let mut o = String::new();
    let what = ": what drives profit per agent-year";
    let _ = writeln!(o, "{}", super::titled(&r.name, file, what));
    let _ = writeln!(
        o,
        "\none at a time (expected value, the others at their means; base {}):",
        usd(r.base)
    );
    let labels = r.one_at_a_time.iter().map(|s| s.label.chars().count());
    let width = labels.max().unwrap_or(0).clamp(5, 40);
    let _ = writeln!(
        o,
        "  {:<width$} {:>10} {:>9} {:>10} {:>9} {:>9}",
        "input", "P10", "profit", "P90", "profit", "swing"
    );
    for s in &r.one_at_a_time {
        let _ = writeln!(
            o,
            "  {:<width$} {:>10} {:>9} {:>10} {:>9} {:>9}",
            cut(&s.label, width),
            short_number(s.p10),
            usd_short(s.profit_at_p10),
            short_number(s.p90),
            usd_short(s.profit_at_p90),
            usd_short(s.swing)
        );
    }
    let _ = writeln!(
        o,
        "\ntogether ({} simulated years, rank correlation with profit):",
        r.iterations
    );
    let _ = writeln!(
        o,
        "  {:<width$} {:>7} {:>22}",
        "input", "rho", "share of variance"
    );
    for k in &r.together {
        let _ = writeln!(
            o,
            "  {:<width$} {:>7.3} {:>21.1}%",
            cut(&k.label, width),
            k.rank_correlation,
            k.share_of_variance * 100.0
        );
    }
    if r.correlated_inputs {
        let _ = writeln!(
            o,
            "  (inputs declared correlated share credit: each one's rho carries part of its partners')"
        );
    }
    let _ = writeln!(o, "\nwrote {}", super::file_list(written));
    o
}

/// An input's value to four significant digits (7775.255129 is 7,775).
fn short_number(x: f64) -> String {
    if x != 0.0 && x.abs() >= 1000.0 {
        return super::count(x);
    }
    let digits = if x == 0.0 {
        0
    } else {
        (3 - x.abs().log10().floor() as i32).max(0) as usize
    };
    format!("{x:.digits$}")
}

/// `text` cut to `width` characters, with an ellipsis when it is longer.
fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut s: String = text.chars().take(width.saturating_sub(1)).collect();
    s.push('…');
    s
}
