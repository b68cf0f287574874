//! What each scenario is (name and description) and the scenarios side by side: profit, the
//! paired difference from the baseline, and for queue scenarios service level, abandonment,
//! occupancy and the revenue lost to abandonment. Each figure carries `data-scenario`,
//! `data-metric` and `data-value` (compare.json's and summary.json's names).

use super::{ReportInput, dollars, esc, letter, reading::pct};
use crate::compare::Arm;
use crate::console::standard_error;
use crate::metrics::{Metric, Unit};
use std::fmt::Write;

pub(super) fn descriptions(o: &mut String, arms: &[Arm]) {
    o.push_str("<div class=\"what\"><h2>What each scenario is</h2>");
    for (i, a) in arms.iter().enumerate() {
        let role = if i == 0 { " (the baseline)" } else { "" };
        let _ = write!(
            o,
            "<p><b>{}. {}</b>{role}: {} ({} agents, {})</p>",
            letter(i),
            esc(&a.scenario.name),
            esc(a.scenario.description.trim()),
            a.scenario.agents.len(),
            esc(&file_name(&a.file))
        );
    }
    o.push_str("</div>");
}

/// The scenario's file without its folders: where it lives on one machine means nothing on paper.
pub(super) fn file_name(file: &str) -> String {
    std::path::Path::new(file)
        .file_name()
        .map_or(file.to_string(), |f| f.to_string_lossy().into_owned())
}

/// A cell holding one figure of one scenario.
fn cell(id: &str, metric: &str, value: f64, text: &str) -> String {
    format!(
        "<td class=\"n\"><span data-scenario=\"{}\" data-metric=\"{metric}\" data-value=\"{value}\">{text}</span></td>",
        esc(id)
    )
}

fn row(o: &mut String, label: &str, cells: &[String]) {
    let _ = writeln!(o, "<tr><th>{}</th>{}</tr>", esc(label), cells.concat());
}

/// The scenarios as columns, the measures as rows.
pub(super) fn scenarios(o: &mut String, input: &ReportInput) {
    let arms = input.arms;
    o.push_str("<h2>The scenarios side by side</h2><table><tr><th>per scenario (mean over the simulated years)</th>");
    for (i, a) in arms.iter().enumerate() {
        let _ = write!(
            o,
            "<th class=\"n\">{}. {}</th>",
            letter(i),
            esc(&a.scenario.id)
        );
    }
    o.push_str("</tr>\n");
    let metric_row = |o: &mut String, m: Metric, label: &str| {
        let cells: Vec<String> = arms.iter().map(|a| metric_cell(a, m)).collect();
        if cells.iter().any(|c| c.contains("data-value")) {
            row(o, label, &cells);
        }
    };
    metric_row(o, Metric::ProfitPerAgentYear, "Profit per agent-year");
    let range: Vec<String> = arms.iter().map(range_cell).collect();
    row(o, "80% of years between", &range);
    metric_row(o, Metric::TeamProfitYear, "Team profit per year");
    differences(o, input);
    let loss: Vec<String> = arms
        .iter()
        .map(|a| {
            let p = a.summary.p_loss;
            let text = crate::stats::EdgeShare::of(p, a.summary.iterations)
                .map_or(pct(p.p), |e| e.bound());
            cell(&a.scenario.id, "p_loss", p.p, &text)
        })
        .collect();
    row(o, "Chance of a loss", &loss);
    if arms.iter().any(|a| a.scenario.queue.is_some()) {
        let within = arms
            .iter()
            .find_map(|a| a.scenario.queue.as_ref())
            .map_or(20.0, |q| q.service_level_seconds);
        let sl = format!("Service level (answered within {within} s)");
        metric_row(o, Metric::ServiceLevel, &sl);
        metric_row(o, Metric::AbandonRate, "Abandoned calls");
        metric_row(o, Metric::Occupancy, "Occupancy of agents on the phones");
        metric_row(
            o,
            Metric::LostRevenuePerAgentYear,
            "Revenue lost to abandonment, per agent-year",
        );
    }
    // What a save is worth: rows only for scenarios that have them (a cash view, attribution).
    let worth = [
        (
            Metric::ObservedRevenuePerAgentYear,
            "Observed revenue per agent-year (before attribution)",
        ),
        (
            Metric::CashProfitPerAgentYear,
            "Cash profit in year 1, per agent",
        ),
        (
            Metric::ProgrammeNpvPerAgent,
            "Programme NPV per agent (cash over the horizon)",
        ),
        (
            Metric::PaybackMonth,
            "Payback month (cumulative cash reaches $0)",
        ),
    ];
    for (m, label) in worth {
        metric_row(o, m, label);
    }
    o.push_str("</table>\n");
}

/// The mean of `m` for one scenario (compare.json's `metrics.<name>.mean`), or a dash.
fn metric_cell(a: &Arm, m: Metric) -> String {
    let Some(s) = a.summary.metric(m) else {
        return "<td class=\"n\">-</td>".to_string();
    };
    let text = match m.unit() {
        Unit::Usd => dollars(s.mean),
        Unit::Share => pct(s.mean),
        u => standard_error(u, s.mean),
    };
    cell(&a.scenario.id, &format!("{}.mean", m.name()), s.mean, &text)
}

fn range_cell(a: &Arm) -> String {
    let Some(p) = a.summary.metric(Metric::ProfitPerAgentYear) else {
        return "<td class=\"n\">-</td>".to_string();
    };
    let id = &a.scenario.id;
    let span = |m: &str, v: f64| {
        format!(
            "<span data-scenario=\"{}\" data-metric=\"profit_per_agent_year.{m}\" data-value=\"{v}\">{}</span>",
            esc(id),
            dollars(v)
        )
    };
    format!(
        "<td class=\"n\">{} to {}</td>",
        span("p10", p.p10),
        span("p90", p.p90)
    )
}

/// Each scenario's paired difference from the baseline and P(better), compare.json's
/// `differences[i]`.
fn differences(o: &mut String, input: &ReportInput) {
    let Some(c) = input.comparison else {
        return;
    };
    let base = "<td class=\"n\">baseline</td>".to_string();
    let mut diff = vec![base.clone()];
    let mut better = vec![base];
    for (a, d) in input.arms[1..].iter().zip(&c.differences) {
        let id = &a.scenario.id;
        diff.push(cell(
            id,
            "difference.mean",
            d.mean,
            &format!(
                "{} ± {}",
                dollars(d.mean),
                standard_error(Unit::Usd, d.se_paired)
            ),
        ));
        better.push(cell(
            id,
            "difference.p_better",
            d.p_better.p,
            &pct(d.p_better.p),
        ));
    }
    row(
        o,
        "Difference from A per agent-year (paired, ± s.e.)",
        &diff,
    );
    row(o, "Share of years better than A, P(better)", &better);
}
