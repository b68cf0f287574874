//! `erlang` on the terminal: the calculator's table, and a scenario's agents per open hour.

use crate::calculator::{ErlangTable, IntervalPlan};
use std::fmt::Write;
use std::path::{Path, PathBuf};

fn pct(x: f64) -> String {
    format!("{:.2}%", x * 100.0)
}

fn asa(x: Option<f64>) -> String {
    x.map_or("unbounded".to_string(), |s| format!("{s:.1}"))
}

fn patience(p: Option<f64>) -> String {
    p.map_or(String::new(), |p| {
        format!(", patience {p} s on average (exponential)")
    })
}

/// The flags' table: one row per agent count; the target's answer marked.
pub fn erlang_table(t: &ErlangTable) -> String {
    let mut o = String::new();
    let head = format!(
        "{}: {} calls an hour, {} s per call = {:.2} Erlangs{}; service level = answered within {} s",
        t.model,
        t.calls_per_hour,
        t.handle_seconds,
        t.offered_load_erlangs,
        patience(t.patience_seconds),
        t.service_level_seconds
    );
    let _ = writeln!(o, "{}", super::wrap(&head, 100, "  "));
    if let (Some(target), Some(n)) = (t.target_service_level, t.agents_needed) {
        let scheduled = match (t.scheduled_agents_needed, t.shrinkage_pct) {
            (Some(m), Some(s)) => format!(" ({m} scheduled at {s}% shrinkage)"),
            _ => String::new(),
        };
        let _ = writeln!(
            o,
            "target {:.0}%: {n} agents on the phones{scheduled}",
            target * 100.0
        );
    }
    let _ = writeln!(
        o,
        "\n{:>7}{:>11}{:>10}{:>15}{:>11}{:>11}{:>11}",
        "agents", "scheduled", "P(wait)", "service level", "ASA (s)", "abandoned", "occupancy"
    );
    for r in &t.rows {
        let mark = if Some(r.agents) == t.agents_needed {
            "  <"
        } else {
            ""
        };
        let scheduled = r
            .scheduled_agents
            .map_or("-".to_string(), |m| m.to_string());
        let _ = writeln!(
            o,
            "{:>7}{:>11}{:>10}{:>15}{:>11}{:>11}{:>11}{mark}",
            r.agents,
            scheduled,
            pct(r.p_wait),
            pct(r.service_level),
            asa(r.asa_seconds),
            pct(r.abandon_rate),
            format!("{:.1}%", r.occupancy * 100.0)
        );
    }
    o
}

/// A scenario's week: agents on the phones / scheduled per open hour (rows) and day (columns).
pub fn interval_plan(p: &IntervalPlan, path: &Path, written: &[PathBuf]) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{}",
        super::titled(&p.name, &path.display().to_string(), "")
    );
    let load = format!(
        "{} per open hour: {:.1} calls an hour on average x the day's and the hour's weights, {:.1} s of work per handled call{}",
        p.model,
        p.mean_calls_per_hour,
        p.handle_seconds,
        patience(p.patience_seconds)
    );
    let _ = writeln!(o, "{}", super::wrap(&load, 100, "  "));
    let _ = writeln!(
        o,
        "target: {:.0}% of calls answered within {} s; scheduled = on the phones / (1 - {}% shrinkage)\n",
        p.target_service_level * 100.0,
        p.service_level_seconds,
        p.shrinkage_pct
    );
    let days: Vec<&str> = p
        .intervals
        .iter()
        .filter(|i| i.hour == 1)
        .map(|i| i.day_name)
        .collect();
    let _ = write!(o, "agents on the phones / scheduled\n{:<7}", "starts");
    for d in &days {
        let _ = write!(o, "{d:>10}");
    }
    let hours = p.intervals.iter().map(|i| i.hour).max().unwrap_or(0);
    for h in 1..=hours {
        let mut cells = p.intervals.iter().filter(|i| i.hour == h).peekable();
        let starts = cells.peek().map_or(String::new(), |i| i.starts.clone());
        let _ = write!(o, "\n{starts:<7}");
        for i in cells {
            let cell = format!("{}/{}", i.need.agents_on_phones, i.need.scheduled_agents);
            let _ = write!(o, "{cell:>10}");
        }
    }
    let m = &p.mean_hour;
    let _ = writeln!(
        o,
        "\n\nan hour at the mean load ({:.1} calls): {} on the phones, {} scheduled (service level {})",
        m.calls_per_hour,
        m.agents_on_phones,
        m.scheduled_agents,
        pct(m.service_level)
    );
    let k = &p.peak;
    let _ = writeln!(
        o,
        "the busiest hour, {} {} ({:.1} calls): {} on the phones, {} scheduled (service level {})",
        k.day_name,
        k.starts,
        k.need.calls_per_hour,
        k.need.agents_on_phones,
        k.need.scheduled_agents,
        pct(k.need.service_level)
    );
    let _ = writeln!(
        o,
        "the week: {:.0} scheduled agent-hours = {:.1} agents at {} paid hours a week",
        p.scheduled_agent_hours_per_week, p.full_time_agents, p.paid_hours_per_week
    );
    if !written.is_empty() {
        let _ = writeln!(o, "\nwrote {}", super::file_list(written));
    }
    o
}
