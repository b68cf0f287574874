//! The workbook's native Excel charts and the cells they are drawn from: the histogram's bins,
//! the S-curve's points, the tornado's swings and the sweep's lines. Every chart reads cells of
//! the workbook (never numbers of its own), so what it shows is what the sheets hold.

use super::{Formats, named, printable, widths};
use crate::charts::Series;
use crate::distributions::format_number;
use crate::sensitivity::Swing;
use crate::sweep::SweepResult;
use rust_xlsxwriter::{
    Chart, ChartAxisLabelPosition, ChartLegendPosition, ChartType, Worksheet, XlsxError,
};

/// Equal-width bins from the smallest to the largest value, as the PNG histogram has.
const BINS: usize = 40;

/// Points per S-curve at most: evenly spaced order statistics, plus the largest value.
const CURVE_POINTS: usize = 1000;

/// A chart's size in pixels: 16:9, and the rows it takes on the Charts sheet (20 px a row).
const WIDTH: u32 = 960;
const HEIGHT: u32 = 540;
const ROWS_PER_CHART: u32 = 29;

/// Header rows above the data of the Bins and Curve sheets: the series' names, then columns.
const NAME_ROW: u32 = 0;
const DATA_ROW: u32 = 2;

/// Profit per agent-year binned on edges shared by every series (one series for `run`).
pub struct Bins {
    edges: Vec<f64>,
    names: Vec<String>,
    counts: Vec<Vec<u64>>,
    years: Vec<usize>,
}

impl Bins {
    pub fn of(series: &[Series]) -> Bins {
        let all = || series.iter().flat_map(|s| s.values.iter().copied());
        let lo = all().fold(f64::INFINITY, f64::min);
        let hi = all().fold(f64::NEG_INFINITY, f64::max);
        // All years alike: one bin either side of the value, as the PNG histogram does.
        let (lo, hi) = if hi > lo {
            (lo, hi)
        } else {
            (lo - 1.0, hi + 1.0)
        };
        let width = (hi - lo) / BINS as f64;
        let mut edges: Vec<f64> = (0..BINS).map(|i| lo + i as f64 * width).collect();
        edges.push(hi);
        // A value belongs to the bin whose written edges hold it (from <= x < to; the last bin
        // holds its upper edge), so the sheet can be recounted from its own cells.
        let counts = series
            .iter()
            .map(|s| {
                let mut c = vec![0u64; BINS];
                for x in &s.values {
                    c[edges[1..BINS].partition_point(|e| e <= x)] += 1;
                }
                c
            })
            .collect();
        Bins {
            edges,
            names: series.iter().map(|s| s.name.clone()).collect(),
            counts,
            years: series.iter().map(|s| s.values.len()).collect(),
        }
    }

    /// from | to | midpoint, then years and share per series under the series' name.
    pub fn sheet(&self, f: &Formats) -> Result<Worksheet, XlsxError> {
        let mut ws = named("Bins")?;
        for (col, h) in (0..).zip(["from", "to", "midpoint"]) {
            ws.write_string_with_format(DATA_ROW - 1, col, h, &f.bold)?;
        }
        for (j, name) in (0..).zip(&self.names) {
            let col = 3 + 2 * j;
            ws.write_string_with_format(NAME_ROW, col, name, &f.bold)?;
            ws.write_string_with_format(NAME_ROW, col + 1, name, &f.bold)?;
            ws.write_string_with_format(DATA_ROW - 1, col, "years", &f.bold)?;
            ws.write_string_with_format(DATA_ROW - 1, col + 1, "share", &f.bold)?;
        }
        for (i, w) in self.edges.windows(2).enumerate() {
            let row = DATA_ROW + i as u32;
            ws.write_number_with_format(row, 0, w[0], &f.money)?;
            ws.write_number_with_format(row, 1, w[1], &f.money)?;
            ws.write_number_with_format(row, 2, (w[0] + w[1]) / 2.0, &f.money)?;
            for (j, (c, n)) in (0..).zip(self.counts.iter().zip(&self.years)) {
                let col = 3 + 2 * j;
                ws.write_number_with_format(row, col, c[i] as f64, &f.count)?;
                ws.write_number_with_format(row, col + 1, c[i] as f64 / *n as f64, &f.share)?;
            }
        }
        widths(&mut ws, &vec![14.0; 3 + 2 * self.names.len()])?;
        Ok(ws)
    }
}

/// Each series' S-curve: sorted values against the share of years at or below them.
pub struct Curves {
    names: Vec<String>,
    points: Vec<Vec<(f64, f64)>>,
}

impl Curves {
    pub fn of(series: &[Series]) -> Curves {
        let points = series
            .iter()
            .map(|s| {
                let mut v = s.values.clone();
                v.sort_by(f64::total_cmp);
                let n = v.len();
                let step = n.div_ceil(CURVE_POINTS).max(1);
                let mut pts: Vec<(f64, f64)> = (0..n)
                    .step_by(step)
                    .map(|i| (v[i], (i + 1) as f64 / n as f64))
                    .collect();
                if (n - 1) % step != 0 {
                    pts.push((v[n - 1], 1.0));
                }
                pts
            })
            .collect();
        Curves {
            names: series.iter().map(|s| s.name.clone()).collect(),
            points,
        }
    }

    pub fn sheet(&self, f: &Formats) -> Result<Worksheet, XlsxError> {
        let mut ws = named("Curve")?;
        for (j, (name, pts)) in (0..).zip(self.names.iter().zip(&self.points)) {
            let col = 2 * j;
            ws.write_string_with_format(NAME_ROW, col, name, &f.bold)?;
            ws.write_string_with_format(NAME_ROW, col + 1, name, &f.bold)?;
            ws.write_string_with_format(DATA_ROW - 1, col, "profit per agent-year", &f.bold)?;
            ws.write_string_with_format(DATA_ROW - 1, col + 1, "share at or below", &f.bold)?;
            for (row, (x, p)) in (DATA_ROW..).zip(pts) {
                ws.write_number_with_format(row, col, *x, &f.money)?;
                ws.write_number_with_format(row, col + 1, *p, &f.share)?;
            }
        }
        widths(&mut ws, &vec![20.0; 2 * self.names.len()])?;
        Ok(ws)
    }
}

/// The tornado's cells: each input's P10 and P90, the projection at each, and the change from
/// the base projection (what the bars draw), largest swing first as `swings` come.
pub fn tornado_sheet(base: f64, swings: &[Swing], f: &Formats) -> Result<Worksheet, XlsxError> {
    let mut ws = named("Tornado")?;
    let head = [
        "input",
        "label",
        "input at P10",
        "input at P90",
        "profit at P10",
        "profit at P90",
        "change at the input's P10",
        "change at the input's P90",
        "swing",
    ];
    for (col, h) in (0..).zip(head) {
        ws.write_string_with_format(0, col, h, &f.bold)?;
    }
    for (row, s) in (1..).zip(swings) {
        ws.write_string(row, 0, &s.input)?;
        ws.write_string(row, 1, &s.label)?;
        ws.write_number(row, 2, s.p10)?;
        ws.write_number(row, 3, s.p90)?;
        let money = [
            s.profit_at_p10,
            s.profit_at_p90,
            s.profit_at_p10 - base,
            s.profit_at_p90 - base,
            s.swing,
        ];
        for (col, x) in (4..).zip(money) {
            ws.write_number_with_format(row, col, x, &f.money)?;
        }
    }
    let row = swings.len() as u32 + 2;
    ws.write_string_with_format(row, 0, "base (every input at its mean)", &f.bold)?;
    ws.write_number_with_format(row, 4, base, &f.money)?;
    widths(
        &mut ws,
        &[36.0, 44.0, 12.0, 12.0, 14.0, 14.0, 16.0, 16.0, 14.0],
    )?;
    Ok(ws)
}

/// The Charts sheet: charts one under another, each 16:9.
pub struct Charts {
    sheet: Worksheet,
    row: u32,
}

impl Charts {
    pub fn new(name: &str) -> Result<Charts, XlsxError> {
        Ok(Charts {
            sheet: named(name)?,
            row: 1,
        })
    }

    fn insert(&mut self, chart: &mut Chart) -> Result<(), XlsxError> {
        chart.set_width(WIDTH).set_height(HEIGHT);
        self.sheet.insert_chart(self.row, 1, chart)?;
        self.row += ROWS_PER_CHART;
        Ok(())
    }

    pub fn into_sheet(mut self) -> Worksheet {
        printable(&mut self.sheet);
        self.sheet
    }

    /// Columns of the share of years in each bin, one series per scenario.
    pub fn histogram(&mut self, bins: &Bins, title: &str) -> Result<(), XlsxError> {
        let mut chart = Chart::new(ChartType::Column);
        let last = DATA_ROW + BINS as u32 - 1;
        for j in 0..bins.names.len() as u16 {
            let col = 4 + 2 * j;
            chart
                .add_series()
                .set_name(("Bins", NAME_ROW, col))
                .set_categories(("Bins", DATA_ROW, 2, last, 2))
                .set_values(("Bins", DATA_ROW, col, last, col))
                .set_gap(10);
        }
        chart.title().set_name(title);
        let x = "profit per agent-year (bin midpoint; revenue minus every cost, per agent)";
        chart
            .x_axis()
            .set_name(x)
            .set_num_format("$#,##0")
            .set_label_interval(4)
            .set_tick_interval(4);
        chart
            .y_axis()
            .set_name("share of simulated years")
            .set_num_format("0%");
        chart.legend().set_position(ChartLegendPosition::Top);
        self.insert(&mut chart)
    }

    /// Lines through each scenario's sorted values against the share of years at or below.
    pub fn s_curve(&mut self, curves: &Curves, title: &str) -> Result<(), XlsxError> {
        let mut chart = Chart::new(ChartType::ScatterStraight);
        for (j, pts) in (0..).zip(&curves.points) {
            let (col, last) = (2 * j, DATA_ROW + pts.len() as u32 - 1);
            chart
                .add_series()
                .set_name(("Curve", NAME_ROW, col))
                .set_categories(("Curve", DATA_ROW, col, last, col))
                .set_values(("Curve", DATA_ROW, col + 1, last, col + 1));
        }
        chart.title().set_name(title);
        chart
            .x_axis()
            .set_name("profit per agent-year")
            .set_num_format("$#,##0");
        chart
            .y_axis()
            .set_name("probability of at most this profit")
            .set_num_format("0%")
            .set_min(0)
            .set_max(1);
        chart.legend().set_position(ChartLegendPosition::Top);
        self.insert(&mut chart)
    }

    /// Bars of the change from the base projection at each input's P10 and P90, the largest
    /// swing on top; the chart draws the first 15 inputs (the sheet holds them all).
    pub fn tornado(&mut self, base: f64, swings: &[Swing]) -> Result<(), XlsxError> {
        if swings.is_empty() {
            return Ok(());
        }
        let mut chart = Chart::new(ChartType::Bar);
        let last = swings.len().min(15) as u32;
        for col in [6, 7] {
            chart
                .add_series()
                .set_name(("Tornado", 0, col))
                .set_categories(("Tornado", 1, 1, last, 1))
                .set_values(("Tornado", 1, col, last, col))
                .set_overlap(100)
                .set_gap(40);
        }
        let title = format!(
            "What moves profit per agent-year most? Each input at its P10 and P90 (base {})",
            dollars(base)
        );
        chart.title().set_name(&title);
        // A bar chart's categories run up its y axis, and its values along its x axis.
        chart
            .y_axis()
            .set_reverse()
            .set_label_position(ChartAxisLabelPosition::Low);
        chart
            .x_axis()
            .set_name("change in profit per agent-year from the base")
            .set_num_format("$#,##0");
        chart.legend().set_position(ChartLegendPosition::Top);
        self.insert(&mut chart)
    }
}

/// The sweep's line chart: mean, P10 and P90 over the swept input; with two swept inputs, the
/// mean over the first, one line per value of the second, from a Grid sheet it returns.
pub fn sweep_chart(
    charts: &mut Charts,
    r: &SweepResult,
    f: &Formats,
) -> Result<Option<Worksheet>, XlsxError> {
    let mut chart = Chart::new(ChartType::Line);
    let a = &r.axes[0];
    let (grid, title) = if r.axes.len() == 1 {
        let last = 1 + r.points.len() as u32;
        for col in [1, 3, 7] {
            chart
                .add_series()
                .set_name(("Points", 1, col))
                .set_categories(("Points", 2, 0, last, 0))
                .set_values(("Points", 2, col, last, col));
        }
        let even = match r.break_even {
            Some(x) => format!("breaks even at {}", format_number(x)),
            None => "does not cross $0 in the grid".to_string(),
        };
        (
            None,
            format!("Profit per agent-year over {}: the mean {even}", a.label),
        )
    } else {
        let b = &r.axes[1];
        let last = a.values.len() as u32;
        for j in 0..b.values.len() as u16 {
            chart
                .add_series()
                .set_name(("Grid", 0, j + 1))
                .set_categories(("Grid", 1, 0, last, 0))
                .set_values(("Grid", 1, j + 1, last, j + 1));
        }
        let title = format!(
            "Mean profit per agent-year over {}, by {}",
            a.label, b.label
        );
        (Some(grid_sheet(r, f)?), title)
    };
    chart.title().set_name(&title);
    chart.x_axis().set_name(&a.label);
    chart
        .y_axis()
        .set_name("profit per agent-year")
        .set_num_format("$#,##0");
    chart.legend().set_position(ChartLegendPosition::Top);
    charts.insert(&mut chart)?;
    Ok(grid)
}

/// Two swept inputs: the mean at each point, the first input down, the second across.
fn grid_sheet(r: &SweepResult, f: &Formats) -> Result<Worksheet, XlsxError> {
    let (a, b) = (&r.axes[0], &r.axes[1]);
    let mut ws = named("Grid")?;
    ws.write_string_with_format(0, 0, &a.path, &f.bold)?;
    for (col, y) in (1..).zip(&b.values) {
        let name = format!("{} = {}", b.label, format_number(*y));
        ws.write_string_with_format(0, col, name, &f.bold)?;
    }
    // The grid runs the second input fastest (sweep::grid), so point i*|b|+j is (a_i, b_j).
    for (i, x) in a.values.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_number(row, 0, *x)?;
        for j in 0..b.values.len() {
            let mean = r.points[i * b.values.len() + j].mean;
            ws.write_number_with_format(row, j as u16 + 1, mean, &f.money)?;
        }
    }
    widths(&mut ws, &vec![24.0; 1 + b.values.len()])?;
    Ok(ws)
}

/// Whole dollars with separators, for a title.
fn dollars(x: f64) -> String {
    let sign = if x < 0.0 { "-" } else { "" };
    format!("{sign}${}", crate::stats::grouped(x.abs().round() as u64))
}
