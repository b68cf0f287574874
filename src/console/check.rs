//! `check`: a validated scenario in words, and its table of inputs.

use crate::distributions::format_number;
use crate::scenario::{Input, Kind, Scenario};
use std::fmt::Write;
use std::path::Path;

pub fn assumptions(s: &Scenario, path: &Path) -> String {
    let mut o = String::new();
    let h = &s.horizon;
    let head = super::titled(&s.name, &path.display().to_string(), ": valid");
    let _ = writeln!(o, "{head}\n{}\n", s.description);
    let _ = writeln!(
        o,
        "horizon: {} weeks x {} paid hours = {} paid hours per agent-year",
        h.weeks_per_year,
        h.paid_hours_per_week,
        h.paid_hours_per_year()
    );
    let names: Vec<&str> = s.agents.iter().map(|a| a.name.as_str()).collect();
    let mut team = format!("team: {} agent(s): {}", s.agents.len(), names.join(", "));
    if team.chars().count() > 100 {
        let (first, last) = (names[0], names[names.len() - 1]);
        team = format!("team: {} agents: {first} to {last}", names.len());
    }
    let _ = writeln!(o, "{team}");
    match &s.queue {
        None => {
            let _ = writeln!(o, "capacity: unlimited (every arriving call is handled)");
        }
        Some(q) => {
            let seats = q.seats(s.agents.len(), h);
            let patience = q
                .patience_seconds
                .as_ref()
                .map_or("none (callers never hang up)".to_string(), |d| {
                    d.to_string()
                });
            let lines = [
                format!(
                    "capacity: queue (FCFS), {} open hours a day, {:.0}% shrinkage: {seats} of {} agents on the phones",
                    q.open_hours_per_day,
                    q.shrinkage_pct,
                    s.agents.len()
                ),
                format!("  handle seconds per call: {}", q.handle_seconds),
                format!("  after-call work seconds: {}", q.after_call_work_seconds),
                format!(
                    "  save/offer attempt on {:.0}% of handled calls, adding {} seconds",
                    q.attempt_share * 100.0,
                    q.attempt_seconds
                ),
                format!("  patience seconds: {patience}"),
                format!("  service level threshold: {} s", q.service_level_seconds),
            ];
            for l in lines {
                let _ = writeln!(o, "{l}");
            }
        }
    }
    inputs_table(&mut o, s);
    if let Some(c) = &s.contest {
        let (period, rank_by) = (c.period.name(), c.rank_by.name());
        let (prizes, min) = (&c.prizes_usd, c.min_calls);
        let _ = writeln!(
            o,
            "\ncontest: every {period}, prizes by rank {prizes:?} USD, ranked by {rank_by}, min calls {min}"
        );
    }
    if !s.correlations.is_empty() {
        let _ = writeln!(
            o,
            "\nrank correlations (Gaussian copula; pairs not listed are independent):"
        );
        for c in &s.correlations {
            let (a, b) = (s.label_of(&c.between[0]), s.label_of(&c.between[1]));
            let _ = writeln!(o, "  {a} ~ {b}: {}", c.rank);
        }
    }
    let _ = writeln!(
        o,
        "\nsimulation: {} iterations, seed {}",
        s.simulation.iterations, s.simulation.seed
    );
    o
}

/// Every input once, grouped by how the engine draws it: label, value, path.
fn inputs_table(o: &mut String, s: &Scenario) {
    let groups = [
        (
            Kind::Yearly,
            "inputs drawn once per simulated year (a number is fixed)",
        ),
        (Kind::PerAgent, "inputs drawn for each agent in each year"),
        (Kind::PerCall, "inputs drawn for every call"),
        (Kind::Setting, "settings"),
    ];
    for (kind, title) in groups {
        let rows: Vec<&Input> = s.inputs.iter().filter(|i| i.kind == kind).collect();
        if rows.is_empty() {
            continue;
        }
        let _ = writeln!(o, "\n{title}:");
        for i in rows {
            let (label, value) = (format!("{} [{}]", i.label, i.path), value(i));
            if label.chars().count() + value.chars().count() < 96 {
                let _ = writeln!(o, "  {label}: {value}");
            } else {
                let _ = writeln!(o, "  {label}:\n      {value}");
            }
        }
    }
}

fn value(i: &Input) -> String {
    let d = i.dist();
    let mut v = if d.is_fixed() {
        d.to_string()
    } else {
        format!("{d}, mean {}", format_number(d.mean()))
    };
    if i.param.is_correlated() {
        v.push_str(" (correlated)");
    }
    v
}
