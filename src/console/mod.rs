//! What the commands print on stdout for people: the run summary table, the expected-value
//! projection, the resolved assumptions, comparisons and staffing. Formatting only; the numbers
//! come in ready.

use crate::expected::Projection;
use crate::metrics::{Metric, Unit};
use crate::scenario::Scenario;
use crate::stats::{EdgeShare, MetricSummary};
use crate::summary::Summary;
use std::fmt::Write;
use std::path::{Path, PathBuf};

mod check;
mod compare;
mod erlang;
mod numbers;
mod staffing;
mod sweep;
pub use check::assumptions;
pub use compare::comparison;
pub use erlang::{erlang_table, interval_plan};
pub use numbers::{count, standard_error, usd, usd_short};
use numbers::{short, value};
pub use staffing::staffing;
pub use sweep::{sensitivity, sweep};

pub struct Timing {
    pub threads: usize,
    pub seconds: f64,
}

pub fn run_summary(
    s: &Scenario,
    path: &Path,
    sum: &Summary,
    t: Timing,
    written: &[PathBuf],
) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{}", titled(&s.name, &path.display().to_string(), ""));
    let _ = writeln!(
        o,
        "{} simulated years, seed {}, {} threads, {:.2} s\n",
        sum.iterations, sum.seed, t.threads, t.seconds
    );
    if let Some(r) = &sum.target_se {
        let _ = writeln!(o, "{}\n", target_line(r));
    }
    let _ = writeln!(
        o,
        "{:<31}{:>24}{:>13}{:>13}{:>13}",
        "metric", "mean ± s.e.", "P5", "P50", "P95"
    );
    for (m, ms) in &sum.metrics {
        let _ = writeln!(o, "{}", metric_line(*m, ms.as_ref()));
    }
    let pl = sum.p_loss;
    let _ = match EdgeShare::of(pl, sum.iterations) {
        Some(edge) => writeln!(o, "\nP(profit per agent-year < 0): {edge}"),
        None => writeln!(
            o,
            "\nP(profit per agent-year < 0) = {:.2}% ± {:.2}%",
            pl.p * 100.0,
            pl.se * 100.0
        ),
    };
    if !sum.correlations.is_empty() {
        let _ = writeln!(o, "rank correlations, declared and drawn:");
    }
    for c in &sum.correlations {
        let (a, b) = (s.label_of(&c.between[0]), s.label_of(&c.between[1]));
        let _ = writeln!(
            o,
            "  {a} ~ {b}\n    declared {:.2}, drawn {:.3} ± {:.3}",
            c.declared_rank, c.drawn_rank, c.drawn_rank_se
        );
    }
    for w in &sum.warnings {
        let _ = writeln!(o, "warning: {w}");
    }
    agents_table(&mut o, sum);
    let _ = writeln!(o, "\nwrote {}", file_list(written));
    o
}

/// `--target-se`: whether it was met, after how many years, and the standard error reached.
pub fn target_line(r: &crate::precision::Reached) -> String {
    let what = if r.of == crate::precision::of(1) {
        "s.e. of the mean"
    } else {
        "largest paired s.e."
    };
    let verdict = if r.met {
        "met after"
    } else {
        "NOT met at the cap,"
    };
    format!(
        "target s.e. {}: {verdict} {} years (batches of {}); {what} {}",
        usd(r.target_usd),
        crate::stats::grouped(r.years),
        crate::stats::grouped(r.batch_years),
        usd(r.se_usd)
    )
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
            if p.p == 0.0 {
                "none".to_string()
            } else {
                format!(
                    "{:.1}% ± {}",
                    p.p * 100.0,
                    standard_error(Unit::Share, p.se)
                )
            }
        });
        let pay = a.payout_per_year.map_or("-".to_string(), |m| {
            format!(
                "{} ({} to {})",
                usd(m.mean),
                usd_short(m.p5),
                usd_short(m.p95)
            )
        });
        let _ = writeln!(
            o,
            "{:<14}{:>14}{:>13.1}%{:>18}{:>34}",
            a.name,
            count(a.calls_per_year),
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
        return format!("{:<31}  {}", m.label(), m.undefined_because());
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
    let title = titled(&s.name, &path.display().to_string(), "");
    let _ = writeln!(
        o,
        "{title}\nexpected-value projection: every input at its mean, no randomness\n"
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
    o.push_str(&value_table(p));
    if s.agents.len() > 1 {
        o.push_str(&agent_table(s, p));
    }
    for n in &p.notes {
        let _ = writeln!(o, "\n{}", wrap(&format!("note: {n}"), 100, "  "));
    }
    o
}

/// What each outcome is worth, booked and credited (`[outcomes.subscriber]`, incrementality).
fn value_table(p: &Projection) -> String {
    let mut o =
        String::from("\nvalue per occurrence, booked at the call and credited to the programme:\n");
    let _ = writeln!(
        o,
        "  {:<30}{:>14}{:>16}{:>14}{:>14}",
        "outcome", "value booked", "paid (trials)", "incremental", "credited"
    );
    for v in &p.values {
        let label: String = v.label.chars().take(29).collect();
        let paid = v.paid_value_usd.map_or("-".into(), numbers::usd);
        let _ = writeln!(
            o,
            "  {label:<30}{:>14}{paid:>16}{:>13.1}%{:>14}",
            numbers::usd(v.value_usd),
            v.incremental_share * 100.0,
            numbers::usd(v.credited_usd)
        );
    }
    o
}

fn agent_table(s: &Scenario, p: &Projection) -> String {
    let mut o = String::from("\nper agent, expected week:\n");
    let _ = write!(o, "  {:<10}{:>8}", "agent", "calls");
    for out in &s.outcomes {
        let name: String = out.name.chars().take(10).collect();
        let _ = write!(o, "{name:>11}");
    }
    let _ = writeln!(
        o,
        "{:>9}{:>9}{:>8}{:>8}",
        "success", "revenue", "score", "prize"
    );
    for a in &p.agents {
        let _ = write!(o, "  {:<10}{:>8.1}", a.name, a.calls);
        for n in &a.outcomes {
            let _ = write!(o, "{n:>11.2}");
        }
        let score = a.contest_score.map_or("-".into(), |x| format!("{x:.2}"));
        let _ = writeln!(
            o,
            "{:>8.1}%{:>9}{:>8}{:>8}",
            a.success_rate * 100.0,
            usd(a.revenue_usd),
            score,
            usd(a.prize_per_period_usd)
        );
    }
    o
}

/// The files a command wrote, as one short line: how many, and where.
pub fn file_list(written: &[PathBuf]) -> String {
    let dirs: std::collections::BTreeSet<_> = written.iter().filter_map(|p| p.parent()).collect();
    match dirs.iter().next() {
        Some(d) if dirs.len() == 1 => format!("{} files to {}/", written.len(), d.display()),
        _ => format!("{} files", written.len()),
    }
}

/// "name (file)what", on two lines when one would pass 100 columns.
pub fn titled(name: &str, file: &str, what: &str) -> String {
    let one = format!("{name} ({file}){what}");
    if one.chars().count() <= 100 {
        one
    } else {
        format!("{name}\n({file}){what}")
    }
}

/// `text` broken at spaces into lines of at most `width` characters, later lines indented.
pub fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut lines: Vec<String> = vec![String::new()];
    for word in text.split(' ') {
        let line = lines.last_mut().expect("one line at least");
        if !line.trim().is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(format!("{indent}{word}"));
        } else {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    lines.join("\n")
}
