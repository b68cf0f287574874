//! The second page, only with `--appendix`: each scenario's every metric (mean, P10, P50, P90),
//! its full input table, and the charts the first page leaves out.

use super::{ReportInput, assumptions, dollars, esc, letter, strip_xml_prolog};
use crate::compare::Arm;
use crate::console::standard_error;
use crate::metrics::{Metric, Unit};
use std::fmt::Write;

pub(super) fn page(o: &mut String, input: &ReportInput, charts: &[(String, String)]) {
    o.push_str("<section class=\"appendix\"><h1>Appendix</h1>\n");
    for (k, a) in input.arms.iter().enumerate() {
        detail(o, k, a);
        assumptions::full(o, k, a);
    }
    for (caption, svg) in charts {
        let _ = writeln!(
            o,
            "<figure data-chart=\"{}\">{}<figcaption>{}</figcaption></figure>",
            esc(caption),
            strip_xml_prolog(svg),
            esc(caption)
        );
    }
    o.push_str("</section>\n");
}

fn shown(unit: Unit, x: f64) -> String {
    match unit {
        Unit::Usd => dollars(x),
        Unit::Share => super::reading::pct(x),
        u => standard_error(u, x),
    }
}

/// Every metric the scenario's summary.json holds.
fn detail(o: &mut String, k: usize, a: &Arm) {
    let _ = writeln!(
        o,
        "<h3>{}. {}: every metric</h3><table><tr><th>metric</th><th class=\"n\">mean</th>\
         <th class=\"n\">± s.e.</th><th class=\"n\">P10</th><th class=\"n\">P50</th>\
         <th class=\"n\">P90</th></tr>",
        letter(k),
        esc(&a.scenario.name)
    );
    for m in Metric::for_scenario(a.scenario) {
        let Some(s) = a.summary.metric(m) else {
            continue;
        };
        let u = m.unit();
        let _ = writeln!(
            o,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
             <td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(m.label()),
            shown(u, s.mean),
            standard_error(u, s.mean_se),
            shown(u, s.p10),
            shown(u, s.p50),
            shown(u, s.p90)
        );
    }
    o.push_str("</table>\n");
}
