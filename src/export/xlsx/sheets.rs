//! The workbook's tables: a run's summary, its years, its inputs, compare's differences, the
//! sweep's points and sensitivity's ranking. Each returns a named sheet for `Book::push`.

use super::super::RunOutput;
use super::super::csv::{YEAR_HEAD, year_figures};
use super::{Formats, header, named, printable, widths, write_notes};
use crate::charts::Series;
use crate::compare::Comparison;
use crate::metrics::{Metric, Scale};
use crate::scenario::Scenario;
use crate::sensitivity::SensitivityResult;
use crate::stats::grouped;
use crate::summary::Summary;
use crate::sweep::SweepResult;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

/// The row of the Summary and Differences sheets' column headers (title and method above).
pub const HEAD_ROW: u32 = 3;

/// A run's summary: each metric's mean, standard error, P10, P50 and P90, then P(loss) and the
/// notes a reader must see.
pub fn summary(
    name: &str,
    title: &str,
    s: &Summary,
    notes: &[String],
    f: &Formats,
) -> Result<Worksheet, XlsxError> {
    let mut ws = named(name)?;
    ws.write_string_with_format(0, 0, title, &f.title)?;
    let method = format!(
        "{} · {} simulated years · seed {} · callprofit {}",
        s.scenario,
        grouped(s.iterations),
        s.seed,
        s.version
    );
    ws.write_string(1, 0, method)?;
    let head = [
        "metric",
        "what it is",
        "mean",
        "s.e. of the mean",
        "P10",
        "P50",
        "P90",
    ];
    header(&mut ws, HEAD_ROW, &head, f)?;
    let mut row = HEAD_ROW + 1;
    for (m, stats) in &s.metrics {
        ws.write_string(row, 0, m.name())?;
        ws.write_string(row, 1, m.label())?;
        match stats {
            Some(x) => {
                let (v, se) = (f.value(*m), f.se(*m));
                let cells = [
                    (x.mean, v),
                    (x.mean_se, se),
                    (x.p10, v),
                    (x.p50, v),
                    (x.p90, v),
                ];
                for (col, (x, fmt)) in (2..).zip(cells) {
                    ws.write_number_with_format(row, col, x, fmt)?;
                }
            }
            None => {
                ws.write_string(row, 2, m.undefined_because())?;
            }
        }
        row += 1;
    }
    ws.write_string(row, 0, "p_loss")?;
    ws.write_string(row, 1, "P(loss): share of years with profit below $0")?;
    ws.write_number_with_format(row, 2, s.p_loss.p, &f.share)?;
    ws.write_number_with_format(row, 3, s.p_loss.se, &f.share_fine)?;
    write_notes(&mut ws, row + 2, notes, f)?;
    widths(&mut ws, &[30.0, 44.0, 15.0, 15.0, 15.0, 15.0, 15.0])?;
    ws.set_freeze_panes(HEAD_ROW + 1, 0)?;
    printable(&mut ws);
    Ok(ws)
}

/// The years as iterations.csv has them, one row each (the first `shown`), written row by row
/// through a temporary file so a long run's rows are never all in memory.
pub fn years(
    book: &mut Workbook,
    run: &RunOutput,
    shown: usize,
    f: &Formats,
) -> anyhow::Result<Worksheet> {
    let mut ws = constant_memory(book, "Years")?;
    let list = Metric::for_scenario(run.scenario);
    let scale = Scale::of(run.scenario);
    let head: Vec<&str> = YEAR_HEAD
        .into_iter()
        .chain(list.iter().map(|m| m.name()))
        .collect();
    let mut w = vec![10.0; 4];
    w.resize(head.len(), 16.0);
    widths(&mut ws, &w)?;
    header(&mut ws, 0, &head, f)?;
    if shown < run.records.len() {
        let note = format!(
            "the first {} years of {}",
            grouped(shown as u64),
            run.records.len()
        );
        ws.write_string(0, head.len() as u16, note)?;
    }
    for (row, r) in (1..).zip(&run.records[..shown]) {
        let (counts, money) = year_figures(r);
        ws.write_number(row, 0, counts[0] as f64)?;
        for (col, x) in (1..).zip(&counts[1..]) {
            ws.write_number_with_format(row, col, *x as f64, &f.count)?;
        }
        for (col, x) in (4..).zip(money) {
            ws.write_number_with_format(row, col, x, &f.money)?;
        }
        for (col, m) in (YEAR_HEAD.len() as u16..).zip(&list) {
            if let Some(x) = m.value(r, scale) {
                ws.write_number_with_format(row, col, x, f.value(*m))?;
            }
        }
    }
    Ok(ws)
}

/// `compare`'s years: profit per agent-year of every scenario, as compare_iterations.csv.
pub fn compare_years(
    book: &mut Workbook,
    profits: &[Series],
    shown: usize,
    f: &Formats,
) -> anyhow::Result<Worksheet> {
    let mut ws = constant_memory(book, "Years")?;
    let mut head = vec!["iteration"];
    head.extend(profits.iter().map(|p| p.name.as_str()));
    let mut w = vec![16.0; head.len()];
    w[0] = 10.0;
    widths(&mut ws, &w)?;
    header(&mut ws, 0, &head, f)?;
    for i in 0..shown {
        let row = i as u32 + 1;
        ws.write_number(row, 0, i as f64)?;
        for (col, p) in (1..).zip(profits) {
            ws.write_number_with_format(row, col, p.values[i], &f.money)?;
        }
    }
    Ok(ws)
}

/// A sheet in constant-memory mode; its temporary file is the one thing here that can fail for
/// the user's machine rather than for a bug, so the message says what to do.
fn constant_memory(book: &mut Workbook, name: &str) -> anyhow::Result<Worksheet> {
    let temp = std::env::temp_dir();
    let mut ws = book.new_worksheet_with_constant_memory().map_err(|e| {
        anyhow::anyhow!(
            "no temporary file for its {name} sheet in {} ({e}): set TMPDIR to a writable \
             folder, or pass --no-xlsx",
            temp.display()
        )
    })?;
    ws.set_name(name)?;
    Ok(ws)
}

/// Every input of the scenario's table: its stable path, label, how it is drawn, its
/// distribution with parameters, mean, P10 and P90.
pub fn inputs(s: &Scenario, f: &Formats) -> Result<Worksheet, XlsxError> {
    let mut ws = named("Inputs")?;
    let head = [
        "input",
        "label",
        "drawn",
        "distribution",
        "mean",
        "P10",
        "P90",
        "correlated",
    ];
    header(&mut ws, 0, &head, f)?;
    for (row, i) in (1..).zip(s.inputs.iter()) {
        let d = i.dist();
        ws.write_string(row, 0, &i.path)?;
        ws.write_string(row, 1, &i.label)?;
        ws.write_string(row, 2, i.kind.name())?;
        ws.write_string(row, 3, d.to_string())?;
        for (col, x) in [(4, d.mean()), (5, d.quantile(0.1)), (6, d.quantile(0.9))] {
            if x.is_finite() {
                ws.write_number(row, col, x)?;
            }
        }
        if i.param.is_correlated() {
            ws.write_string(row, 7, "yes")?;
        }
    }
    widths(&mut ws, &[36.0, 44.0, 18.0, 44.0, 12.0, 12.0, 12.0, 11.0])?;
    ws.set_freeze_panes(1, 0)?;
    Ok(ws)
}

/// Each scenario minus the baseline, year by year on the same random numbers: mean, its
/// paired and unpaired standard errors, P5, P95, P(better), and the plan's cost and return.
pub fn differences(c: &Comparison, notes: &[String], f: &Formats) -> Result<Worksheet, XlsxError> {
    let mut ws = named("Differences")?;
    let base = &c.scenarios[0];
    let title = format!(
        "Profit per agent-year, each scenario minus the baseline {} ({})",
        base.name, base.scenario
    );
    ws.write_string_with_format(0, 0, title, &f.title)?;
    let method = format!(
        "year by year on the same random numbers · {} simulated years · seed {} · callprofit {}",
        grouped(c.iterations),
        c.seed,
        c.version
    );
    ws.write_string(1, 0, method)?;
    let head = [
        "scenario",
        "name",
        "mean difference",
        "s.e. (paired)",
        "s.e. (independent runs)",
        "P5",
        "P95",
        "P(better)",
        "s.e. of P(better)",
        "plan cost difference",
        "return on plan cost",
    ];
    header(&mut ws, HEAD_ROW, &head, f)?;
    for (row, (d, col)) in (HEAD_ROW + 1..).zip(c.differences.iter().zip(&c.scenarios[1..])) {
        ws.write_string(row, 0, &d.scenario)?;
        ws.write_string(row, 1, &col.name)?;
        let cells: [(f64, &Format); 8] = [
            (d.mean, &f.money),
            (d.se_paired, &f.cents),
            (d.se_unpaired, &f.cents),
            (d.p5, &f.money),
            (d.p95, &f.money),
            (d.p_better.p, &f.share),
            (d.p_better.se, &f.share_fine),
            (d.plan_cost_difference, &f.money),
        ];
        for (col, (x, fmt)) in (2..).zip(cells) {
            ws.write_number_with_format(row, col, x, fmt)?;
        }
        match d.return_on_plan_cost_pct {
            Some(x) => ws.write_number_with_format(row, 10, x, &f.percent)?,
            None => ws.write_string(row, 10, "the plan costs no more")?,
        };
    }
    let end = HEAD_ROW + 1 + c.differences.len() as u32;
    write_notes(&mut ws, end + 1, notes, f)?;
    widths(
        &mut ws,
        &[
            24.0, 36.0, 16.0, 14.0, 14.0, 14.0, 14.0, 12.0, 12.0, 16.0, 16.0,
        ],
    )?;
    Ok(ws)
}

/// The sweep in words: what was swept, and where the mean profit breaks even.
pub fn sweep_summary(r: &SweepResult, f: &Formats) -> Result<Worksheet, XlsxError> {
    let mut ws = named("Summary")?;
    let labels: Vec<&str> = r.axes.iter().map(|a| a.label.as_str()).collect();
    let title = format!(
        "Profit per agent-year over {}: {}",
        labels.join(" and "),
        r.name
    );
    ws.write_string_with_format(0, 0, title, &f.title)?;
    let rows: [(&str, String); 5] = [
        ("scenario", r.scenario.clone()),
        ("swept inputs", r.fields.join(", ")),
        ("simulated years per point", grouped(r.iterations)),
        ("seed", r.seed.to_string()),
        ("callprofit", r.version.to_string()),
    ];
    for (row, (k, v)) in (2..).zip(rows) {
        ws.write_string_with_format(row, 0, k, &f.bold)?;
        ws.write_string(row, 1, v)?;
    }
    ws.write_string_with_format(7, 0, "break_even", &f.bold)?;
    match (r.axes.len(), r.break_even) {
        (1, Some(x)) => ws.write_number(7, 1, x)?,
        (1, None) => ws.write_string(7, 1, "the mean does not cross $0 in the grid")?,
        _ => ws.write_string(7, 1, "found for one swept input only")?,
    };
    if let Some(x) = r.capacity_at {
        ws.write_string_with_format(8, 0, "capacity_at", &f.bold)?;
        ws.write_number(8, 1, x)?;
        ws.write_string(8, 2, "where the offered load reaches the seat time (100%)")?;
    }
    widths(&mut ws, &[26.0, 40.0])?;
    Ok(ws)
}

/// sweep.csv's rows under its own column names, then the spreadsheet projection and the
/// offered load where the sweep has them; a second header row reads for people.
pub fn sweep_points(r: &SweepResult, f: &Formats) -> Result<Worksheet, XlsxError> {
    let mut ws = named("Points")?;
    let mut head: Vec<&str> = r.axes.iter().map(|a| a.path.as_str()).collect();
    let mut people: Vec<&str> = r.axes.iter().map(|a| a.label.as_str()).collect();
    let columns = [
        ("mean", "mean profit per agent-year"),
        ("mean_se", "s.e. of the mean"),
        ("p10", "P10"),
        ("p25", "P25"),
        ("p50", "P50"),
        ("p75", "P75"),
        ("p90", "P90"),
        ("p_loss", "P(loss)"),
        ("p_loss_se", "s.e. of P(loss)"),
        ("spreadsheet", "spreadsheet projection"),
        ("offered_load", "offered load"),
        ("offered_load_se", "s.e. of the offered load"),
    ];
    head.extend(columns.iter().map(|c| c.0));
    people.extend(columns.iter().map(|c| c.1));
    header(&mut ws, 0, &head, f)?;
    header(&mut ws, 1, &people, f)?;
    let n = r.axes.len() as u16;
    for (row, p) in (2..).zip(&r.points) {
        for (col, x) in (0..).zip(&p.values) {
            ws.write_number(row, col, *x)?;
        }
        let money = [p.mean, p.mean_se, p.p10, p.p25, p.p50, p.p75, p.p90];
        for (col, x) in (n..).zip(money) {
            let fmt = if col == n + 1 { &f.cents } else { &f.money };
            ws.write_number_with_format(row, col, x, fmt)?;
        }
        ws.write_number_with_format(row, n + 7, p.p_loss, &f.share)?;
        ws.write_number_with_format(row, n + 8, p.p_loss_se, &f.share_fine)?;
        let optional = [
            (p.spreadsheet, &f.money),
            (p.offered_load, &f.share),
            (p.offered_load_se, &f.share_fine),
        ];
        for (col, (x, fmt)) in (n + 9..).zip(optional) {
            if let Some(x) = x {
                ws.write_number_with_format(row, col, x, fmt)?;
            }
        }
    }
    let mut w = vec![30.0; r.axes.len()];
    w.resize(head.len(), 14.0);
    widths(&mut ws, &w)?;
    ws.set_freeze_panes(2, 0)?;
    Ok(ws)
}

/// The inputs ranked by rank correlation with profit over the simulated years (all drawn
/// together), with each one's share of the squared correlations.
pub fn drivers(f: &Formats, r: &SensitivityResult) -> Result<Worksheet, XlsxError> {
    let mut ws = named("Drivers")?;
    let head = [
        "input",
        "label",
        "rank correlation with profit",
        "share of variance",
    ];
    header(&mut ws, 0, &head, f)?;
    for (row, k) in (1..).zip(&r.together) {
        ws.write_string(row, 0, &k.input)?;
        ws.write_string(row, 1, &k.label)?;
        ws.write_number_with_format(row, 2, k.rank_correlation, &f.decimal)?;
        ws.write_number_with_format(row, 3, k.share_of_variance, &f.share)?;
    }
    if r.correlated_inputs {
        let row = r.together.len() as u32 + 2;
        let note = "Some inputs are declared correlated, so their rank correlations share credit.";
        ws.write_string(row, 0, note)?;
    }
    widths(&mut ws, &[36.0, 44.0, 16.0, 16.0])?;
    Ok(ws)
}
