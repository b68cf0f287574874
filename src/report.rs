//! The one-page report for a CFO: one self-contained HTML file (charts inlined as SVG, no
//! scripts, no network, print styles for PDF). The question; a headline box for the first
//! scenario (median, P10-P90, P(loss), each ± its standard error); the main chart; the scenario
//! table with paired differences and P(better); the key assumptions from the scenario files; and
//! the method. Every headline number carries its exact value in a `data-value` attribute, so a
//! test can hold the page to summary.json. Pure: a string in, a string out.

use crate::compare::{Arm, Comparison};
use crate::console::usd;
use crate::metrics::{Metric, Scale};
use crate::scenario::Kind;
use crate::stats;
use std::fmt::Write;

pub struct ReportInput<'a> {
    pub arms: &'a [Arm<'a>],
    pub comparison: Option<&'a Comparison>,
    /// Inline SVG charts, with a caption each.
    pub charts: Vec<(String, String)>,
    pub run_date: String,
}

/// Batches for the standard errors of the headline quantiles.
const BATCHES: usize = 20;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A number on the page with its exact value attached.
fn figure(metric: &str, value: f64, text: &str) -> String {
    format!("<span class=\"num\" data-metric=\"{metric}\" data-value=\"{value}\">{text}</span>")
}

pub fn html(input: &ReportInput) -> String {
    let first = &input.arms[0];
    let s = first.summary;
    let profit = s.metric(Metric::ProfitPerAgentYear);
    let scale = Scale::of(first.scenario);
    let values: Vec<f64> = first
        .records
        .iter()
        .filter_map(|r| Metric::ProfitPerAgentYear.value(r, scale))
        .collect();
    let qse = |p| stats::quantile_se(&values, p, BATCHES).map_or("-".into(), usd);
    let mut o = String::new();
    let _ = writeln!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>{title}</title><style>{CSS}</style></head><body>",
        title = esc(&format!("callprofit report: {}", first.scenario.name))
    );
    let _ = writeln!(
        o,
        "<h1>If our agents save cancellations and up-sell on inbound calls, how much profit does each agent bring in a year, and how sure can we be?</h1>\n\
         <p class=\"lead\">{}</p>",
        esc(&first.scenario.name)
    );
    let loss = loss_figures(s.p_loss, s.iterations);
    if let Some(p) = profit {
        let _ = writeln!(
            o,
            "<section class=\"headline\"><div><h2>Median profit per agent-year</h2><p class=\"big\">{}</p><p>± {} (s.e.)</p></div>\
             <div><h2>80% of years between</h2><p class=\"big\">{} and {}</p><p>P10 ± {}, P90 ± {}</p></div>\
             <div><h2>Chance of a loss</h2><p class=\"big\">{}</p><p>{}</p></div>\
             <div><h2>Mean</h2><p class=\"big\">{}</p><p>± {} (s.e.)</p></div></section>",
            figure("p50", p.p50, &usd(p.p50)),
            qse(0.5),
            figure("p10", p.p10, &usd(p.p10)),
            figure("p90", p.p90, &usd(p.p90)),
            qse(0.1),
            qse(0.9),
            figure("p_loss", s.p_loss.p, &loss.0),
            loss.1,
            figure("mean", p.mean, &usd(p.mean)),
            usd(p.mean_se),
        );
    }
    for (caption, svg) in &input.charts {
        let _ = writeln!(
            o,
            "<figure data-chart=\"{}\">{}<figcaption>{}</figcaption></figure>",
            esc(caption),
            strip_xml_prolog(svg),
            esc(caption)
        );
    }
    scenario_table(&mut o, input);
    assumptions(&mut o, input);
    let _ = writeln!(
        o,
        "<footer><h2>Method</h2><p>Monte Carlo simulation: {} simulated years per scenario, seed {}, \
         callprofit {}, run {}. Uncertain inputs are drawn once per simulated year; calls and outcomes \
         are drawn within it. All scenarios share their random numbers input by input (common random \
         numbers), so differences are paired year by year. ± figures are Monte Carlo standard errors \
         (quantiles: by {} batch medians).</p></footer>\n</body></html>",
        s.iterations,
        s.seed,
        crate::VERSION,
        esc(&input.run_date),
        BATCHES
    );
    o
}

/// The headline's P(loss) and the line under it: the share ± its s.e., or, when no year (or
/// every year) was a loss, the count of years and the rule of three's bound (an s.e. of 0
/// would claim certainty).
fn loss_figures(p: stats::Proportion, years: u64) -> (String, String) {
    match stats::EdgeShare::of(p, years) {
        Some(edge) => (
            edge.count(),
            format!("{} (rule of three, 3/n)", edge.bound()),
        ),
        None => (
            format!("{:.1}%", p.p * 100.0),
            format!("± {:.1}% (s.e.)", p.se * 100.0),
        ),
    }
}

/// P(loss) in the scenario table: the share, or the bound when it is 0 or 1.
fn loss_cell(p: stats::Proportion, years: u64) -> String {
    stats::EdgeShare::of(p, years).map_or(format!("{:.1}%", p.p * 100.0), |e| e.bound())
}

fn strip_xml_prolog(svg: &str) -> &str {
    svg.find("<svg").map_or(svg, |i| &svg[i..])
}

fn scenario_table(o: &mut String, input: &ReportInput) {
    let _ = writeln!(
        o,
        "<h2>Scenarios</h2><table><tr><th>scenario</th><th>profit per agent-year (mean ± s.e.)</th>\
         <th>P10 to P90</th><th>P(loss)</th><th>difference from the first (paired)</th><th>P(better)</th></tr>"
    );
    for (i, a) in input.arms.iter().enumerate() {
        let p = a.summary.metric(Metric::ProfitPerAgentYear);
        let diff = i
            .checked_sub(1)
            .and_then(|j| input.comparison.map(|c| &c.differences[j]));
        let (d, better) = diff.map_or(("baseline".to_string(), "-".to_string()), |d| {
            (
                format!("{} ± {}", usd(d.mean), usd(d.se_paired)),
                format!(
                    "{:.1}% ± {:.1}%",
                    d.p_better.p * 100.0,
                    d.p_better.se * 100.0
                ),
            )
        });
        let _ = writeln!(
            o,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&a.scenario.name),
            p.map_or("-".into(), |p| format!(
                "{} ± {}",
                usd(p.mean),
                usd(p.mean_se)
            )),
            p.map_or("-".into(), |p| format!("{} to {}", usd(p.p10), usd(p.p90))),
            loss_cell(a.summary.p_loss, a.summary.iterations),
            d,
            better
        );
    }
    o.push_str("</table>");
}

fn assumptions(o: &mut String, input: &ReportInput) {
    o.push_str("<h2>Key assumptions</h2>");
    for a in input.arms {
        let s = a.scenario;
        let _ = writeln!(
            o,
            "<h3>{} <small>({})</small></h3><p>{}</p><table><tr><th>input</th><th>assumption</th><th>mean</th></tr>",
            esc(&s.name),
            esc(&a.file),
            esc(&s.description)
        );
        let _ = writeln!(
            o,
            "<tr><td>team</td><td>{} agents, {} weeks x {} paid hours</td><td></td></tr>",
            s.agents.len(),
            s.horizon.weeks_per_year,
            s.horizon.paid_hours_per_week
        );
        // Every drawn input, and the queue's settings; zeros are defaults left alone.
        let shown = |i: &&crate::scenario::Input| {
            let drawn = i.kind != Kind::Setting || i.path.starts_with("queue.");
            drawn && !(i.dist().is_fixed() && i.mean() == 0.0)
        };
        for i in s.inputs.iter().filter(shown) {
            let _ = writeln!(
                o,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&i.label),
                esc(&i.dist().to_string()),
                crate::distributions::format_number(i.mean())
            );
        }
        for c in &s.correlations {
            let _ = writeln!(
                o,
                "<tr><td>{} ~ {}</td><td>rank correlation {}</td><td></td></tr>",
                esc(&s.label_of(&c.between[0])),
                esc(&s.label_of(&c.between[1])),
                c.rank
            );
        }
        o.push_str("</table>");
    }
}

const CSS: &str = "body{font-family:'DejaVu Sans',Arial,sans-serif;color:#1e1e1e;max-width:1100px;margin:24px auto;padding:0 16px}\
h1{font-size:24px;line-height:1.3}h2{font-size:17px;margin:22px 0 8px}h3{font-size:15px}\
.lead{font-size:18px;color:#17375e}\
.headline{display:grid;grid-template-columns:repeat(4,1fr);gap:12px;border:2px solid #17375e;padding:12px;border-radius:6px}\
.headline h2{font-size:13px;margin:0;color:#555}.big{font-size:22px;font-weight:bold;margin:6px 0;color:#17375e}\
figure{margin:18px 0}figure svg{width:100%;height:auto}figcaption{font-size:13px;color:#555}\
table{border-collapse:collapse;width:100%;font-size:13px}td,th{border-bottom:1px solid #ddd;padding:4px 6px;text-align:left}\
footer{font-size:12px;color:#555;margin-top:24px}\
@media print{body{margin:0;max-width:none}figure{break-inside:avoid}.headline{break-inside:avoid}}";
