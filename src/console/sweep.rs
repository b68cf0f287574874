//! `sweep` and `sensitivity` on the terminal.

use super::usd;
use crate::distributions::format_number;
use crate::sensitivity::SensitivityResult;
use crate::sweep::SweepResult;
use std::fmt::Write;
use std::path::PathBuf;

pub fn sweep(r: &SweepResult, file: &str, written: &[PathBuf]) -> String {
    let mut o = String::new();
    let labels: Vec<&str> = r.axes.iter().map(|a| a.label.as_str()).collect();
    let _ = writeln!(
        o,
        "{} ({file}): profit per agent-year over {}",
        r.name,
        labels.join(" x ")
    );
    let _ = writeln!(
        o,
        "{} simulated years per point, seed {} (the same at every point)\n",
        r.iterations, r.seed
    );
    for p in &r.points {
        let at: Vec<String> = p.values.iter().map(|v| format_number(*v)).collect();
        let queue = match (p.spreadsheet, p.offered_load) {
            (Some(s), Some(l)) => format!(
                "  spreadsheet {:>12}  offered load {:>5.1}%",
                usd(s),
                l * 100.0
            ),
            _ => String::new(),
        };
        let _ = writeln!(
            o,
            "{:>16}  mean {:>10} ± {:<8}  P10 {:>10}  P50 {:>10}  P90 {:>10}  P(loss) {:>5.1}%{queue}",
            at.join(", "),
            usd(p.mean),
            usd(p.mean_se),
            usd(p.p10),
            usd(p.p50),
            usd(p.p90),
            p.p_loss * 100.0
        );
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
            "the offered work reaches the seat time (offered load 100%) at {} = {c:.3}: past it the queue turns callers away and profit bends",
            labels[0]
        );
    }
    let _ = writeln!(o, "\nwrote {}", super::file_list(written));
    o
}

pub fn sensitivity(r: &SensitivityResult, file: &str, written: &[PathBuf]) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{} ({file}): what drives profit per agent-year", r.name);
    let _ = writeln!(
        o,
        "\none at a time (expected value, the others at their means; base {}):",
        usd(r.base)
    );
    let width = r
        .one_at_a_time
        .iter()
        .map(|s| s.label.chars().count())
        .max()
        .unwrap_or(0);
    for s in &r.one_at_a_time {
        let _ = writeln!(
            o,
            "  {:<width$}  P10 {:>10} -> {:>10}   P90 {:>10} -> {:>10}   swing {:>10}",
            s.label,
            format_number(s.p10),
            usd(s.profit_at_p10),
            format_number(s.p90),
            usd(s.profit_at_p90),
            usd(s.swing)
        );
    }
    let _ = writeln!(
        o,
        "\ntogether ({} simulated years, rank correlation with profit):",
        r.iterations
    );
    for k in &r.together {
        let _ = writeln!(
            o,
            "  {:<width$}  rho {:>6.3}   share of explained variance {:>5.1}%",
            k.label,
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
