//! The one-page report for a CFO: one self-contained HTML file (charts inlined as SVG, no
//! scripts, no network) whose print styles put it on exactly one A4 or Letter page: the
//! question, a plain-language reading of the comparison, the baseline's headline box (figures
//! rounded as finance reads them, the small standard errors stated once in the method), one
//! chart, what each scenario is, the scenarios side by side (queue measures included), every
//! assumption that drives them, and the method. `--appendix` adds a second page (`appendix.rs`).
//! Every figure carries its exact value in a `data-value` attribute, so a test can hold the page
//! to summary.json and compare.json. Pure: numbers in, a string out.

mod appendix;
mod assumptions;
pub mod reading;
mod table;

use crate::compare::{Arm, Comparison};
use crate::console::{standard_error, usd};
use crate::metrics::{Metric, Scale, Unit};
use crate::stats;
use reading::{Facts, Paired, QueueFacts};
use std::fmt::Write;

pub struct ReportInput<'a> {
    pub arms: &'a [Arm<'a>],
    pub comparison: Option<&'a Comparison>,
    /// The page's one chart: caption and SVG.
    pub chart: (String, String),
    /// With `--appendix`: the second page's charts (caption, SVG); None: no second page.
    pub appendix: Option<Vec<(String, String)>>,
    pub run_date: String,
}

/// Batches for the standard errors of the headline quantiles.
const BATCHES: usize = 20;

/// A standard error this small against its figure (2%) does not change how the figure reads;
/// the method states it once instead of beside the figure.
const SMALL_SE: f64 = 0.02;

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

/// Dollars as finance reads them on a page: whole dollars with separators from $10 up
/// ($16,870, $163), cents only below ($1.08).
pub fn dollars(x: f64) -> String {
    if x.abs() >= 999.5 || x.abs() < 9.995 {
        return usd(x);
    }
    let sign = if x < 0.0 { "-" } else { "" };
    format!("{sign}${:.0}", x.abs())
}

/// Letters name the scenarios in the tables: A is the baseline.
fn letter(i: usize) -> char {
    char::from(b'A' + (i % 26) as u8)
}

/// One year's values of `metric` for an arm.
fn values(a: &Arm, metric: Metric) -> Vec<f64> {
    let scale = Scale::of(a.scenario);
    a.records
        .iter()
        .filter_map(|r| metric.value(r, scale))
        .collect()
}

pub fn html(input: &ReportInput) -> String {
    let first = &input.arms[0];
    let mut o = String::new();
    let _ = writeln!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>{title}</title><style>{CSS}</style></head><body><main class=\"page\">",
        title = esc(&format!("callprofit report: {}", first.scenario.name))
    );
    o.push_str(
        "<h1>How much profit does each agent bring in a year, and how sure can we be?</h1>\n",
    );
    let _ = writeln!(o, "<p class=\"reading\">{}</p>", reading_text(input));
    let small = headline(&mut o, first);
    let (caption, svg) = &input.chart;
    let _ = writeln!(
        o,
        "<div class=\"duo\"><figure data-chart=\"{}\">{}<figcaption>{}</figcaption></figure>",
        esc(caption),
        strip_xml_prolog(svg),
        esc(caption)
    );
    table::descriptions(&mut o, input.arms);
    o.push_str("</div>\n");
    table::scenarios(&mut o, input);
    assumptions::driving(&mut o, input.arms);
    method(&mut o, input, &small);
    o.push_str("</main>\n");
    if let Some(charts) = &input.appendix {
        appendix::page(&mut o, input, charts);
    }
    o.push_str("</body></html>\n");
    o
}

/// The reading: one sentence per scenario against the baseline, or the baseline's range alone.
fn reading_text(input: &ReportInput) -> String {
    let base = &input.arms[0];
    if input.arms.len() == 1 {
        let Some(p) = base.summary.metric(Metric::ProfitPerAgentYear) else {
            return String::new();
        };
        return esc(&format!(
            "\u{201c}{}\u{201d} brings a median {} of profit per agent-year; in 80% of simulated \
             years it lies between {} and {}.",
            base.scenario.name,
            dollars(p.p50),
            dollars(p.p10),
            dollars(p.p90)
        ));
    }
    let sentences: Vec<String> = input.arms[1..]
        .iter()
        .map(|arm| esc(&reading::sentence(&facts(base, arm))))
        .collect();
    sentences.join(" ")
}

/// The numbers one sentence reads, from both scenarios' years (paired by year).
pub fn facts(base: &Arm, arm: &Arm) -> Facts {
    let queue = |a: &Arm| {
        a.scenario.queue.as_ref()?;
        let mean = |m| a.summary.metric(m).map(|s| s.mean);
        Some(QueueFacts {
            service_level: mean(Metric::ServiceLevel)?,
            abandon_rate: mean(Metric::AbandonRate)?,
            handled_calls_year: mean(Metric::HandledCallsYear)?,
        })
    };
    let paired = |m| Paired::of(&values(base, m), &values(arm, m));
    Facts {
        name: arm.scenario.name.clone(),
        agents: (base.scenario.agents.len(), arm.scenario.agents.len()),
        per_agent: paired(Metric::ProfitPerAgentYear),
        team: paired(Metric::TeamProfitYear),
        queue: queue(base).zip(queue(arm)),
    }
}

/// The baseline's headline box; returns the standard errors small enough for the method line.
fn headline(o: &mut String, first: &Arm) -> Vec<String> {
    let s = first.summary;
    let Some(p) = s.metric(Metric::ProfitPerAgentYear) else {
        return Vec::new();
    };
    let profit = values(first, Metric::ProfitPerAgentYear);
    let mut small = Vec::new();
    // Beside the figure when it is large against it; else once, in the method.
    let mut se = |what: &str, value: f64, se: Option<f64>| match se {
        Some(se) if se <= SMALL_SE * value.abs() => {
            small.push(format!("{what} {}", standard_error(Unit::Usd, se)));
            String::new()
        }
        Some(se) => format!(" <small>± {}</small>", standard_error(Unit::Usd, se)),
        None => String::new(),
    };
    let qse = |q| stats::quantile_se(&profit, q, BATCHES);
    let cells = [
        (
            format!("Median profit per agent-year, {}", letter(0)),
            figure("p50", p.p50, &dollars(p.p50)) + &se("median", p.p50, qse(0.5)),
        ),
        (
            "80% of years between".to_string(),
            format!(
                "{}{} to {}{}",
                figure("p10", p.p10, &dollars(p.p10)),
                se("P10", p.p10, qse(0.1)),
                figure("p90", p.p90, &dollars(p.p90)),
                se("P90", p.p90, qse(0.9))
            ),
        ),
        ("Chance of a loss".to_string(), loss_figure(s)),
        (
            "Mean".to_string(),
            figure("mean", p.mean, &dollars(p.mean)) + &se("mean", p.mean, Some(p.mean_se)),
        ),
    ];
    o.push_str("<section class=\"headline\">");
    for (title, body) in cells {
        let _ = write!(
            o,
            "<div><h2>{}</h2><p class=\"big\">{body}</p></div>",
            esc(&title)
        );
    }
    o.push_str("</section>\n");
    small
}

/// P(loss) as a share with its s.e., or, when no year (or every year) was a loss, the count of
/// years and the rule of three's bound (an s.e. of 0 would claim certainty).
fn loss_figure(s: &crate::summary::Summary) -> String {
    let p = s.p_loss;
    match stats::EdgeShare::of(p, s.iterations) {
        Some(edge) => format!(
            "{}<small class=\"note\">{} (rule of three)</small>",
            figure("p_loss", p.p, &edge.count()),
            edge.bound()
        ),
        None => format!(
            "{}<small> ± {:.1}% (s.e.)</small>",
            figure("p_loss", p.p, &reading::pct(p.p)),
            p.se * 100.0
        ),
    }
}

fn method(o: &mut String, input: &ReportInput, small: &[String]) {
    let s = input.arms[0].summary;
    let errors = if small.is_empty() {
        String::new()
    } else {
        format!(
            " Monte Carlo standard errors of the headline figures (quantiles by {BATCHES} batch \
             medians): {}; each under {:.0}% of its figure, so figures are rounded to the dollar.",
            small.join(", "),
            SMALL_SE * 100.0
        )
    };
    let _ = writeln!(
        o,
        "<footer><b>Method.</b> Monte Carlo simulation: {} simulated years per scenario, seed {}, \
         callprofit {}, run {}. Uncertain inputs are drawn once per simulated year; calls and \
         outcomes are drawn within it. All scenarios share their random numbers input by input \
         (common random numbers), so differences are paired year by year; ± figures are standard \
         errors, and a difference within 2 of them is read as unresolved.{errors}</footer>",
        crate::console::count(s.iterations as f64),
        s.seed,
        crate::VERSION,
        esc(&input.run_date),
    );
}

fn strip_xml_prolog(svg: &str) -> &str {
    svg.find("<svg").map_or(svg, |i| &svg[i..])
}

/// Sized for the smaller of A4 (210 x 297 mm) and Letter (216 x 279 mm) less the margins:
/// 190 x 259 mm. Screen and print share the layout, so what a browser shows is what prints.
const CSS: &str = "@page{margin:10mm}*{box-sizing:border-box}\
html{-webkit-print-color-adjust:exact;print-color-adjust:exact}\
body{font-family:'DejaVu Sans',Arial,sans-serif;color:#1e1e1e;font-size:8pt;line-height:1.28;margin:0;background:#fff}\
.page,.appendix{width:190mm;margin:6mm auto}\
h1{font-size:11.5pt;line-height:1.2;margin:0 0 1.5mm;color:#17375e}\
h2{font-size:9.5pt;margin:2.5mm 0 1mm;color:#17375e}h3{font-size:8.5pt;margin:2mm 0 1mm}\
.reading{font-size:9pt;border-left:1mm solid #17375e;background:#eef2f8;padding:1.2mm 3mm;margin:0 0 2mm}\
.headline{display:grid;grid-template-columns:1fr 1.5fr 1.2fr 1fr;gap:3mm;border:0.5mm solid #17375e;border-radius:1.5mm;padding:1.5mm 3mm;margin:0 0 2mm}\
.headline h2{font-size:7.5pt;font-weight:normal;color:#555;margin:0}\
.big{font-size:11.5pt;font-weight:bold;color:#17375e;margin:0.5mm 0 0}.big small{font-size:7pt;font-weight:normal;color:#555}.big small.note{display:block}\
.duo{display:grid;grid-template-columns:105mm 1fr;gap:4mm;align-items:start}\
figure{margin:0}figure svg{width:100%;height:auto;display:block}figcaption{font-size:7pt;color:#555}\
.what{font-size:7pt;line-height:1.22}.what h2{margin-top:0}.what p{margin:0 0 1mm}.what b{color:#17375e}\
table{border-collapse:collapse;width:100%}th,td{border-bottom:0.25mm solid #d0d0d0;padding:0.3mm 1.5mm;text-align:left;vertical-align:top}table{font-size:7.5pt}\
th{font-weight:bold;background:#f3f5f9}td.n,th.n{text-align:right;white-space:nowrap}\
.assume{columns:2;column-gap:5mm;font-size:6.8pt;line-height:1.2}\
.assume.three{columns:3;column-gap:4mm;font-size:6.3pt}.assume div{break-inside:avoid;display:flex;justify-content:space-between;gap:2mm;border-bottom:0.25mm solid #e2e2e2;padding:0.2mm 0}\
.assume span:last-child{text-align:right}.assume em{font-style:normal;white-space:nowrap}.assume .differs span:last-child{font-weight:bold}\
footer{font-size:7pt;color:#444;margin-top:2mm}\
.appendix{break-before:page}.appendix figure{break-inside:avoid;margin:2mm 0;width:140mm}\
.appendix table{font-size:7pt;margin-bottom:2mm}.appendix tr{break-inside:avoid}";
