//! What the commands print on stdout for people: the run summary table, the expected-value
//! projection and the resolved assumptions. Formatting only; the numbers come in ready.

use crate::expected::Projection;
use crate::metrics::{Metric, Unit};
use crate::scenario::Scenario;
use crate::stats::MetricSummary;
use crate::summary::Summary;
use std::fmt::Write;
use std::path::{Path, PathBuf};

pub struct Timing {
    pub threads: usize,
    pub seconds: f64,
}

/// Dollars with thousands separators; cents below $1,000.
pub fn usd(x: f64) -> String {
    let sign = if x < 0.0 { "-" } else { "" };
    let a = x.abs();
    if a < 1000.0 {
        return format!("{sign}${a:.2}");
    }
    let whole = format!("{:.0}", a);
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}${grouped}")
}

fn value(unit: Unit, x: f64) -> String {
    match unit {
        Unit::Usd => usd(x),
        Unit::Share => format!("{:.2}%", x * 100.0),
        Unit::PerHour => format!("{x:.3}"),
        Unit::Percent => format!("{x:.1}%"),
        Unit::Count => format!("{x:.0}"),
        Unit::Seconds => format!("{x:.1} s"),
    }
}

/// A standard error to two significant digits, so a small one does not print as zero.
fn standard_error(unit: Unit, se: f64) -> String {
    let shown = match unit {
        Unit::Share => se * 100.0,
        _ => se,
    };
    if shown == 0.0 || shown >= 10.0 {
        return value(unit, se);
    }
    let decimals = (1 - shown.log10().floor() as i32).max(0) as usize;
    match unit {
        Unit::Usd => format!("${shown:.decimals$}"),
        Unit::Share | Unit::Percent => format!("{shown:.decimals$}%"),
        Unit::PerHour | Unit::Count => format!("{shown:.decimals$}"),
        Unit::Seconds => format!("{shown:.decimals$} s"),
    }
}

pub fn run_summary(
    s: &Scenario,
    path: &Path,
    sum: &Summary,
    t: Timing,
    written: &[PathBuf],
) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{} ({})", s.name, path.display());
    let _ = writeln!(
        o,
        "{} simulated years, seed {}, {} threads, {:.2} s\n",
        sum.iterations, sum.seed, t.threads, t.seconds
    );
    let _ = writeln!(
        o,
        "{:<31}{:>24}{:>13}{:>13}{:>13}",
        "metric", "mean ± s.e.", "P5", "P50", "P95"
    );
    for (m, ms) in &sum.metrics {
        let _ = writeln!(o, "{}", metric_line(*m, ms.as_ref()));
    }
    let pl = sum.p_loss;
    let _ = writeln!(
        o,
        "\nP(profit per agent-year < 0) = {:.2}% ± {:.2}%",
        pl.p * 100.0,
        pl.se * 100.0
    );
    for w in &sum.warnings {
        let _ = writeln!(o, "warning: {w}");
    }
    let names: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
    let _ = writeln!(o, "\nwrote {}", names.join(", "));
    o
}

fn metric_line(m: Metric, s: Option<&MetricSummary>) -> String {
    let Some(s) = s else {
        return format!("{:<31}{:>24}", m.label(), "undefined (zero cost)");
    };
    let u = m.unit();
    let mean = format!("{} ± {}", value(u, s.mean), standard_error(u, s.mean_se));
    format!(
        "{:<31}{:>24}{:>13}{:>13}{:>13}",
        m.label(),
        mean,
        value(u, s.p5),
        value(u, s.p50),
        value(u, s.p95)
    )
}

pub fn projection(s: &Scenario, path: &Path, p: &Projection) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{} ({})\nexpected-value projection: every input at its mean, no randomness\n",
        s.name,
        path.display()
    );
    for (name, v) in &p.metrics.0 {
        let _ = writeln!(
            o,
            "  {:<32}{:>16}",
            name,
            v.map_or("undefined".into(), |v| format!("{v:.4}"))
        );
    }
    let _ = writeln!(
        o,
        "\nwith the article's rounding (revenue per call to the cent; dollars cut to whole dollars):"
    );
    for (name, v) in &p.article_figures.0 {
        let _ = writeln!(
            o,
            "  {:<32}{:>16}",
            name,
            v.map_or(String::new(), |v| format!("{v:.2}"))
        );
    }
    if s.agents.len() > 1 {
        o.push_str(&agent_table(s, p));
    }
    for n in &p.notes {
        let _ = writeln!(o, "\nnote: {n}");
    }
    o
}

fn agent_table(s: &Scenario, p: &Projection) -> String {
    let mut o = String::from("\nper agent, expected week:\n");
    let _ = write!(o, "  {:<12}{:>8}", "agent", "calls");
    for out in &s.outcomes {
        let _ = write!(o, "{:>14}", out.name);
    }
    let _ = writeln!(
        o,
        "{:>10}{:>12}{:>10}{:>10}",
        "success", "revenue", "score", "prize"
    );
    for a in &p.agents {
        let _ = write!(o, "  {:<12}{:>8.1}", a.name, a.calls);
        for n in &a.outcomes {
            let _ = write!(o, "{n:>14.2}");
        }
        let score = a.contest_score.map_or("-".into(), |x| format!("{x:.2}"));
        let _ = writeln!(
            o,
            "{:>9.1}%{:>12}{:>10}{:>10}",
            a.success_rate * 100.0,
            usd(a.revenue_usd),
            score,
            usd(a.prize_per_period_usd)
        );
    }
    o
}

pub fn assumptions(s: &Scenario, path: &Path) -> String {
    let mut o = String::new();
    let h = &s.horizon;
    let _ = writeln!(
        o,
        "{} ({}): valid\n{}\n",
        s.name,
        path.display(),
        s.description
    );
    let _ = writeln!(
        o,
        "horizon: {} weeks x {} paid hours = {} paid hours per agent-year",
        h.weeks_per_year,
        h.paid_hours_per_week,
        h.paid_hours_per_year()
    );
    let names: Vec<&str> = s.agents.iter().map(|a| a.name.as_str()).collect();
    let _ = writeln!(o, "team: {} agent(s): {}", s.agents.len(), names.join(", "));
    let _ = writeln!(o, "capacity: unlimited (every arriving call is handled)");
    let _ = writeln!(
        o,
        "\ninputs (a distribution is drawn once per simulated year; a number is fixed):"
    );
    for p in s.params() {
        let per_agent = if std::ptr::eq(p, &s.team.skill_multiplier) {
            " (drawn per agent)"
        } else {
            ""
        };
        let mean = crate::distributions::format_number(p.mean());
        let _ = writeln!(
            o,
            "  {:<44} {:<40} mean {mean}{per_agent}",
            p.path,
            p.dist.to_string()
        );
    }
    if let Some(c) = &s.contest {
        let (period, rank_by) = (c.period.name(), c.rank_by.name());
        let (prizes, min) = (&c.prizes_usd, c.min_calls);
        let _ = writeln!(
            o,
            "\ncontest: every {period}, prizes by rank {prizes:?} USD, ranked by {rank_by}, min calls {min}"
        );
    }
    let _ = writeln!(
        o,
        "\nsimulation: {} iterations, seed {}",
        s.simulation.iterations, s.simulation.seed
    );
    o
}
