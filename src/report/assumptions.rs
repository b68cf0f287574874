//! The assumptions, by the scenarios' own labels (the input table, `scenario::inputs`): on the
//! page every input that drives a result, one row per input across the scenarios (the value
//! once when they agree, each scenario's when they differ, in bold); in the appendix every
//! input of every scenario with its path and how it is drawn.

use super::{esc, letter};
use crate::compare::Arm;
use crate::distributions::format_number;
use crate::scenario::Input;
use std::fmt::Write;

/// An input that changes nothing: an amount fixed at 0, or a multiplier, an incremental share or
/// a horizon (programme years) fixed at 1 (the values a scenario without that feature leaves).
fn inert(i: &Input) -> bool {
    let ones = [
        "multiplier",
        "incremental_share",
        "horizon_years",
        "programme_years",
    ];
    let one_is_none = ones.iter().any(|f| i.path.ends_with(f));
    i.dist().is_fixed() && (i.mean() == 0.0 || (i.mean() == 1.0 && one_is_none))
}

/// How an input reads: the number, or the distribution with its mean.
fn value(i: &Input) -> String {
    let d = i.dist().to_string();
    if i.dist().is_fixed() || d.contains(" = ") || d.contains("(mean ") {
        return d;
    }
    // Four significant digits: a mean of 26.666667 reads as 26.67.
    let m = i.mean();
    let magnitude = if m.is_normal() {
        m.abs().log10().floor() as i32
    } else {
        0
    };
    let digits = (3 - magnitude).clamp(0, 12) as usize;
    let rounded: f64 = format!("{m:.digits$}").parse().unwrap_or(m);
    format!("{d}, mean {}", format_number(rounded))
}

/// Rows by input path, in the order they first appear: the label and each scenario's value.
fn rows(arms: &[Arm]) -> Vec<(String, Vec<Option<String>>)> {
    let mut out: Vec<(String, String, Vec<Option<String>>)> = Vec::new();
    for (k, a) in arms.iter().enumerate() {
        for i in a.scenario.inputs.iter().filter(|i| !inert(i)) {
            let at = match out.iter().position(|(path, _, _)| *path == i.path) {
                Some(at) => at,
                None => {
                    out.push((i.path.clone(), i.label.clone(), vec![None; arms.len()]));
                    out.len() - 1
                }
            };
            out[at].2[k] = Some(value(i));
        }
    }
    out.into_iter().map(|(_, label, v)| (label, v)).collect()
}

/// Past this many rows the assumptions take three narrower columns instead of two (a roster
/// of agents with their own rates), so they stay on the page.
const TWO_COLUMNS: usize = 36;

/// Every input that drives a result, in two columns (three for a long list).
pub(super) fn driving(o: &mut String, arms: &[Arm]) {
    let rows = rows(arms);
    let class = if rows.len() > TWO_COLUMNS {
        "assume three"
    } else {
        "assume"
    };
    let _ = write!(
        o,
        "<h2>Every assumption that drives the results</h2><div class=\"{class}\">"
    );
    for (label, values) in rows {
        let same = values.windows(2).all(|w| w[0] == w[1]);
        let text = if same {
            esc(values[0].as_deref().unwrap_or("\u{2014}"))
        } else {
            let each: Vec<String> = values
                .iter()
                .enumerate()
                .map(|(k, v)| {
                    let v = esc(v.as_deref().unwrap_or("\u{2014}"));
                    format!("<em>{}: {v}</em>", letter(k))
                })
                .collect();
            each.join(" · ")
        };
        let class = if same { "" } else { " class=\"differs\"" };
        let _ = write!(
            o,
            "<div{class}><span>{}</span><span>{text}</span></div>",
            esc(&label)
        );
    }
    for (k, a) in arms.iter().enumerate() {
        for c in &a.scenario.correlations {
            let _ = write!(
                o,
                "<div><span>{}: {} ~ {}</span><span>rank correlation {}</span></div>",
                letter(k),
                esc(&a.scenario.label_of(&c.between[0])),
                esc(&a.scenario.label_of(&c.between[1])),
                c.rank
            );
        }
    }
    o.push_str("</div>\n");
}

/// The appendix's full table of one scenario: every input, inert ones included.
pub(super) fn full(o: &mut String, k: usize, a: &Arm) {
    let _ = writeln!(
        o,
        "<h3>{}. {}: every input</h3><table><tr><th>input</th><th>path in {}</th><th>drawn</th>\
         <th>value</th></tr>",
        letter(k),
        esc(&a.scenario.name),
        esc(&super::table::file_name(&a.file))
    );
    for i in a.scenario.inputs.iter() {
        let _ = writeln!(
            o,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&i.label),
            esc(&i.path),
            i.kind.name(),
            esc(&value(i))
        );
    }
    o.push_str("</table>\n");
}
