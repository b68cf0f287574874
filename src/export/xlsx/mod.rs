//! results.xlsx: the workbook `run`, `compare`, `sweep` and `sensitivity` write beside their CSV
//! and JSON, for readers who live in Excel. It owns the sheets (`sheets.rs`: the summary tables,
//! the years, the inputs, the differences, the sweep's points) and the native Excel charts
//! built from cells of the workbook itself (`figures.rs`: the histogram's bins, the S-curve's
//! points, the tornado's swings, the sweep's lines), so a reader can restyle or extend them.
//!
//! Numbers are written as the exact floats of the JSON and CSV; only their number formats
//! round them for reading ($#,##0, 0.0%). The Years sheet is written row by row through a
//! temporary file (rust_xlsxwriter's constant-memory mode), so a long run's workbook does not
//! hold its rows in memory, and it stops at Excel's row limit (`YEARS_ROW_LIMIT`), saying so.
//! The workbook's creation date is fixed, so one scenario and seed give the same bytes.

mod figures;
mod sheets;
#[cfg(test)]
mod tests;

use super::RunOutput;
use crate::charts::Series;
use crate::compare::{Arm, Comparison};
use crate::metrics::{Metric, Unit};
use crate::scenario::Scenario;
use crate::sensitivity::{SensitivityResult, Swing};
use crate::sweep::SweepResult;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use std::io::Write;

/// The workbook's file name in every output folder.
pub const FILE: &str = "results.xlsx";

/// Years the Years sheet holds at most: Excel's 1,048,576 rows less the header row. Past it
/// the sheet holds the first this-many years and says so; every other sheet (the summary, the
/// bins, the S-curve) is computed from all the years, and iterations.csv holds them all.
pub const YEARS_ROW_LIMIT: usize = 1_048_575;

/// The tornado of a run: the one-at-a-time swings `sensitivity` computes, or why there is none.
pub enum Tornado<'a> {
    Swings { base: f64, swings: &'a [Swing] },
    Without(String),
}

/// `run`'s workbook: Summary, Charts (histogram, S-curve, tornado), Years, Inputs, and the
/// cells the charts are drawn from (Bins, Curve, Tornado).
pub fn run_workbook(
    run: &RunOutput,
    tornado: &Tornado,
    w: &mut (dyn Write + Send),
) -> anyhow::Result<()> {
    let mut book = Book::new();
    let extra = match tornado {
        Tornado::Swings { .. } => Vec::new(),
        Tornado::Without(why) => vec![format!("No tornado: {why}.")],
    };
    run_sheets(&mut book, run, tornado, extra, YEARS_ROW_LIMIT)?;
    book.save(w)
}

/// `sensitivity`'s workbook: `run`'s, with the tornado from its swings and a Drivers sheet
/// (the inputs ranked by rank correlation with profit over the simulated years).
pub fn sensitivity_workbook(
    run: &RunOutput,
    r: &SensitivityResult,
    w: &mut (dyn Write + Send),
) -> anyhow::Result<()> {
    let mut book = Book::new();
    let tornado = Tornado::Swings {
        base: r.base,
        swings: &r.one_at_a_time,
    };
    run_sheets(&mut book, run, &tornado, Vec::new(), YEARS_ROW_LIMIT)?;
    book.push(sheets::drivers(&book.formats, r)?);
    book.save(w)
}

/// The sheets of `run` and `sensitivity`; the Years sheet holds `limit` years at most.
fn run_sheets(
    book: &mut Book,
    run: &RunOutput,
    tornado: &Tornado,
    mut notes: Vec<String>,
    limit: usize,
) -> anyhow::Result<()> {
    let s = run.scenario;
    let profits = [profit_series(run)];
    let bins = figures::Bins::of(&profits);
    let curves = figures::Curves::of(&profits);
    let shown = run.records.len().min(limit);
    if shown < run.records.len() {
        notes.push(years_cut_note(shown, run.records.len(), "iterations.csv"));
    }
    if let Tornado::Swings { .. } = tornado {
        notes.push(TORNADO_NOTE.to_string());
    }
    let title = format!("Profit per agent-year: {}", s.name);
    let f = &book.formats;
    let mut sheets = vec![sheets::summary("Summary", &title, run.summary, &notes, f)?];
    let mut charts = figures::Charts::new("Charts")?;
    charts.histogram(&bins, "How much profit does each agent bring in a year?")?;
    charts.s_curve(
        &curves,
        "How likely is each level of profit per agent-year?",
    )?;
    let mut data = vec![bins.sheet(f)?, curves.sheet(f)?];
    if let Tornado::Swings { base, swings } = tornado {
        charts.tornado(*base, swings)?;
        data.push(figures::tornado_sheet(*base, swings, f)?);
    }
    sheets.push(charts.into_sheet());
    sheets.push(sheets::years(
        &mut book.workbook,
        run,
        shown,
        &book.formats,
    )?);
    sheets.push(sheets::inputs(s, &book.formats)?);
    sheets.extend(data);
    for sheet in sheets {
        book.push(sheet);
    }
    Ok(())
}

const TORNADO_NOTE: &str = "Tornado: the spreadsheet projection of profit per agent-year with each \
     uncertain input pinned at its P10, then its P90, the others at their means (as `callprofit \
     sensitivity` computes it).";

fn years_cut_note(shown: usize, all: usize, file: &str) -> String {
    format!(
        "The Years sheet holds the first {} of {} simulated years (Excel's row limit); {file} \
         holds them all, and every other figure here is computed from all of them.",
        crate::stats::grouped(shown as u64),
        crate::stats::grouped(all as u64)
    )
}

/// `compare`'s workbook: Differences (each scenario minus the baseline, paired), Charts
/// (histograms and S-curves of every scenario), a Summary per scenario, Years (profit per
/// agent-year of every scenario, as compare_iterations.csv), Bins and Curve.
pub fn compare_workbook(
    arms: &[Arm],
    c: &Comparison,
    profits: &[Series],
    w: &mut (dyn Write + Send),
) -> anyhow::Result<()> {
    let mut book = Book::new();
    let years = profits.iter().map(|p| p.values.len()).min().unwrap_or(0);
    let shown = years.min(YEARS_ROW_LIMIT);
    let mut notes = c.notes.clone();
    if shown < years {
        notes.push(years_cut_note(shown, years, "compare_iterations.csv"));
    }
    let f = &book.formats;
    let bins = figures::Bins::of(profits);
    let curves = figures::Curves::of(profits);
    let mut charts = figures::Charts::new("Charts")?;
    let question = "How much profit does each agent bring in a year, scenario by scenario?";
    charts.histogram(&bins, question)?;
    charts.s_curve(
        &curves,
        "Which scenario brings more profit per agent-year, and how surely?",
    )?;
    let mut sheets = vec![sheets::differences(c, &notes, f)?, charts.into_sheet()];
    for (i, a) in arms.iter().enumerate() {
        let role = if i == 0 { " (the baseline)" } else { "" };
        let title = format!("Scenario {}: {}{role}", i + 1, a.scenario.name);
        let sheet = format!("Summary {}", i + 1);
        sheets.push(sheets::summary(
            &sheet,
            &title,
            a.summary,
            &a.summary.warnings,
            f,
        )?);
    }
    sheets.push(sheets::compare_years(
        &mut book.workbook,
        profits,
        shown,
        f,
    )?);
    sheets.extend([bins.sheet(f)?, curves.sheet(f)?]);
    for sheet in sheets {
        book.push(sheet);
    }
    book.save(w)
}

/// `sweep`'s workbook: Summary (the break-even), Points (as sweep.csv, with labels), the line
/// chart of mean, P10 and P90 over the swept input (with two inputs, the mean over the first, a
/// line per value of the second, from a Grid sheet), and the base scenario's Inputs.
pub fn sweep_workbook(
    base: &Scenario,
    r: &SweepResult,
    w: &mut (dyn Write + Send),
) -> anyhow::Result<()> {
    let mut book = Book::new();
    let f = &book.formats;
    let mut sheets = vec![sheets::sweep_summary(r, f)?];
    let mut charts = figures::Charts::new("Charts")?;
    let grid = figures::sweep_chart(&mut charts, r, f)?;
    sheets.push(charts.into_sheet());
    sheets.push(sheets::sweep_points(r, f)?);
    sheets.extend(grid);
    sheets.push(sheets::inputs(base, f)?);
    for sheet in sheets {
        book.push(sheet);
    }
    book.save(w)
}

fn profit_series(run: &RunOutput) -> Series {
    let scale = crate::metrics::Scale::of(run.scenario);
    let m = Metric::ProfitPerAgentYear;
    Series {
        name: run.scenario.id.clone(),
        label: run.scenario.name.clone(),
        values: run
            .records
            .iter()
            .filter_map(|r| m.value(r, scale))
            .collect(),
    }
}

/// A workbook and the cell formats every sheet shares.
struct Book {
    workbook: Workbook,
    formats: Formats,
}

impl Book {
    fn new() -> Book {
        let mut workbook = Workbook::new();
        // A fixed creation date: the same run gives the same bytes (see the module docs).
        let date = ExcelDateTime::from_ymd(2000, 1, 1).expect("a valid date");
        let props = DocProperties::new()
            .set_title("callprofit results")
            .set_creation_datetime(&date);
        workbook.set_properties(&props);
        Book {
            workbook,
            formats: Formats::new(),
        }
    }

    fn push(&mut self, sheet: Worksheet) {
        self.workbook.push_worksheet(sheet);
    }

    fn save(mut self, w: &mut (dyn Write + Send)) -> anyhow::Result<()> {
        self.workbook.save_to_writer(w)?;
        Ok(())
    }
}

/// The number formats finance reads, one per unit of `metrics`.
struct Formats {
    bold: Format,
    title: Format,
    money: Format,
    cents: Format,
    share: Format,
    share_fine: Format,
    percent: Format,
    percent_fine: Format,
    count: Format,
    decimal: Format,
    seconds: Format,
    general: Format,
}

impl Formats {
    fn new() -> Formats {
        let num = |f: &str| Format::new().set_num_format(f);
        Formats {
            bold: Format::new().set_bold(),
            title: Format::new().set_bold().set_font_size(14),
            money: num("$#,##0"),
            cents: num("$#,##0.00"),
            share: num("0.0%"),
            share_fine: num("0.00%"),
            percent: num("0.0\"%\""),
            percent_fine: num("0.00\"%\""),
            count: num("#,##0"),
            decimal: num("0.00"),
            seconds: num("0.0\" s\""),
            general: Format::new(),
        }
    }

    /// How a metric's values read: dollars without cents (with cents for a figure per call),
    /// shares as percentages, counts with separators.
    fn value(&self, m: Metric) -> &Format {
        match m.unit() {
            Unit::Usd if m == Metric::RevenuePerCall => &self.cents,
            Unit::Usd => &self.money,
            Unit::Share => &self.share,
            Unit::Percent => &self.percent,
            Unit::Count => &self.count,
            Unit::PerHour | Unit::Months => &self.decimal,
            Unit::Seconds => &self.seconds,
        }
    }

    /// A standard error reads one step finer than its mean.
    fn se(&self, m: Metric) -> &Format {
        match m.unit() {
            Unit::Usd => &self.cents,
            Unit::Share => &self.share_fine,
            Unit::Percent => &self.percent_fine,
            Unit::Count | Unit::PerHour | Unit::Seconds | Unit::Months => &self.decimal,
        }
    }
}

/// A sheet with its name set (names here are short and valid, so a failure is a bug).
fn named(name: &str) -> Result<Worksheet, XlsxError> {
    let mut sheet = Worksheet::new();
    sheet.set_name(name)?;
    Ok(sheet)
}

/// A sheet to hand out on paper: landscape, one page wide.
fn printable(sheet: &mut Worksheet) {
    sheet.set_landscape().set_print_fit_to_pages(1, 0);
}

/// Bold column names along `row`.
fn header(ws: &mut Worksheet, row: u32, names: &[&str], f: &Formats) -> Result<(), XlsxError> {
    for (col, name) in (0..).zip(names) {
        ws.write_string_with_format(row, col, *name, &f.bold)?;
    }
    Ok(())
}

/// Notes one a row from `row`, in column A.
fn write_notes(
    ws: &mut Worksheet,
    row: u32,
    notes: &[String],
    f: &Formats,
) -> Result<(), XlsxError> {
    for (row, note) in (row..).zip(notes) {
        ws.write_string_with_format(row, 0, note, &f.general)?;
    }
    Ok(())
}

/// Column widths from column A, in characters.
fn widths(ws: &mut Worksheet, widths: &[f64]) -> Result<(), XlsxError> {
    for (col, w) in (0..).zip(widths) {
        ws.set_column_width(col, *w)?;
    }
    Ok(())
}
