//! What the commands print on stdout for people: the run summary table, the expected-value
//! projection, the resolved assumptions, comparisons and staffing. Formatting only; the numbers
//! come in ready.

use crate::compare::Comparison;
use crate::expected::Projection;
use crate::metrics::{Metric, Unit};
use crate::scenario::Scenario;
use crate::stats::MetricSummary;
use crate::summary::Summary;
use std::fmt::Write;
use std::path::{Path, PathBuf};

mod check;
mod erlang;
mod staffing;
mod sweep;
pub use check::assumptions;
pub use erlang::{erlang_table, interval_plan};
pub use staffing::staffing;
pub use sweep::{sensitivity, sweep};

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
    for c in &sum.correlations {
        let _ = writeln!(
            o,
            "rank correlation {} ~ {}: declared {:.2}, drawn {:.3} ± {:.3}",
            s.label_of(&c.between[0]),
            s.label_of(&c.between[1]),
            c.declared_rank,
            c.drawn_rank,
            c.drawn_rank_se
        );
    }
    for w in &sum.warnings {
        let _ = writeln!(o, "warning: {w}");
    }
    agents_table(&mut o, sum);
    let _ = writeln!(o, "\nwrote {}", file_list(written));
    o
}

/// Per agent: volume, success rate, share of contest periods won, and payouts per year.
fn agents_table(o: &mut String, sum: &Summary) {
    if sum.agents.is_empty() {
        return;
    }
    let _ = writeln!(
        o,
        "\n{:<14}{:>14}{:>14}{:>18}{:>34}",
        "agent", "calls/year", "success rate", "periods won", "payout per year (P5 to P95)"
    );
    for a in &sum.agents {
        let won = a.p_win_period.map_or("-".to_string(), |p| {
            format!("{:.1}% ± {:.2}%", p.p * 100.0, p.se * 100.0)
        });
        let pay = a.payout_per_year.map_or("-".to_string(), |m| {
            format!("{} ({} to {})", usd(m.mean), usd(m.p5), usd(m.p95))
        });
        let _ = writeln!(
            o,
            "{:<14}{:>14.0}{:>13.1}%{:>18}{:>34}",
            a.name,
            a.calls_per_year,
            a.success_rate * 100.0,
            won,
            pay
        );
    }
    if let Some(f) = &sum.fairness {
        let _ = writeln!(
            o,
            "contest by {} per {}: the highest-volume agent ({}) wins {:.1}% ± {:.1}% of periods",
            f.rank_by,
            f.period,
            f.top_volume_agent,
            f.top_volume_share.p * 100.0,
            f.top_volume_share.se * 100.0
        );
    }
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

/// `compare`: each metric per scenario (mean ± s.e. and P5–P95), then the paired differences.
pub fn comparison(c: &Comparison, written: &[PathBuf]) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{} scenarios, {} simulated years each, seed {} (common random numbers)\n",
        c.scenarios.len(),
        c.iterations,
        c.seed
    );
    for (i, col) in c.scenarios.iter().enumerate() {
        let _ = writeln!(o, "[{}] {} ({})", i + 1, col.name, col.file);
    }
    let _ = write!(o, "\n{:<31}", "metric");
    for i in 0..c.scenarios.len() {
        let _ = write!(o, "{:>44}", format!("[{}] mean ± s.e. (P5 to P95)", i + 1));
    }
    let _ = writeln!(o);
    let metrics = c.scenarios[0].metrics.iter().map(|(m, _)| *m);
    for m in metrics {
        let _ = write!(o, "{:<31}", m.label());
        for col in &c.scenarios {
            let cell = col
                .metrics
                .iter()
                .find(|(x, _)| *x == m)
                .and_then(|(_, b)| *b)
                .map_or("-".to_string(), |b| {
                    let u = m.unit();
                    format!(
                        "{} ± {} ({} to {})",
                        value(u, b.mean),
                        standard_error(u, b.mean_se),
                        value(u, b.p5),
                        value(u, b.p95)
                    )
                });
            let _ = write!(o, "{cell:>44}");
        }
        let _ = writeln!(o);
    }
    let _ = writeln!(o);
    for d in &c.differences {
        let _ = writeln!(
            o,
            "{} minus {}: profit per agent-year {} ± {} (paired; {} if run independently), \
             P5 to P95 {} to {}; P(better) = {:.1}% ± {:.1}%",
            d.scenario,
            d.baseline,
            usd(d.mean),
            standard_error(Unit::Usd, d.se_paired),
            standard_error(Unit::Usd, d.se_unpaired),
            usd(d.p5),
            usd(d.p95),
            d.p_better.p * 100.0,
            d.p_better.se * 100.0
        );
        if let Some(r) = d.return_on_plan_cost_pct {
            let _ = writeln!(
                o,
                "  its plan costs {} more per agent-year; net return on that cost {r:.0}%",
                usd(d.plan_cost_difference)
            );
        }
    }
    let _ = writeln!(o, "\nwrote {}", file_list(written));
    o
}

/// The files a command wrote: their folder once, then the names (one line, however many).
pub fn file_list(written: &[PathBuf]) -> String {
    let dir = written.first().and_then(|p| p.parent());
    match dir {
        Some(d) if written.iter().all(|p| p.parent() == Some(d)) => {
            let names: Vec<String> = written
                .iter()
                .filter_map(|p| p.file_name())
                .map(|n| n.to_string_lossy().into_owned())
                .collect();
            format!(
                "{} files to {}/: {}",
                written.len(),
                d.display(),
                names.join(", ")
            )
        }
        _ => {
            let names: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
            names.join(", ")
        }
    }
}
