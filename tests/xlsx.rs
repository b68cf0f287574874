//! results.xlsx against the files beside it and against hand computations: its summary numbers
//! are summary.json's / compare.json's floats, its Years sheet is iterations.csv cell for cell,
//! its inputs' P10 and P90 are the distributions' closed-form quantiles, its bins and S-curve
//! recount from iterations.csv, and its native charts (read from the zip's chart parts) are
//! the histogram, S-curve and tornado (or the sweep's lines), each drawn from cells that hold
//! numbers. LibreOffice opens it (headless conversion to PDF; scripts/test.sh installs it, and
//! the test fails without it).

mod common;

use calamine::{Data, Range, Reader, Xlsx, open_workbook};
use common::{callprofit, scenario};
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

fn ok(args: &[&str]) -> String {
    let (code, out, err) = callprofit(args);
    assert_eq!(code, 0, "{args:?}\nstdout: {out}\nstderr: {err}");
    out
}

struct Book {
    cells: Xlsx<std::io::BufReader<std::fs::File>>,
    /// Every part of the zip by name (charts, sheets, styles).
    parts: BTreeMap<String, String>,
}

impl Book {
    fn open(dir: &Path) -> Book {
        let path = dir.join("results.xlsx");
        let cells: Xlsx<_> = open_workbook(&path).expect("calamine opens results.xlsx");
        let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
        let mut parts = BTreeMap::new();
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).unwrap();
            let mut text = String::new();
            if f.read_to_string(&mut text).is_ok() {
                parts.insert(f.name().unwrap().to_string(), text);
            }
        }
        Book { cells, parts }
    }

    fn sheet(&mut self, name: &str) -> Range<Data> {
        self.cells
            .worksheet_range(name)
            .unwrap_or_else(|e| panic!("sheet {name}: {e}"))
    }

    /// Each chart's kind (`col`, `bar`, `scatter`, `line`) and its series' value ranges.
    fn charts(&self) -> Vec<(String, Vec<String>)> {
        self.parts
            .iter()
            .filter(|(n, _)| n.starts_with("xl/charts/chart") && n.ends_with(".xml"))
            .map(|(_, xml)| {
                let doc = roxmltree::Document::parse(xml).unwrap();
                let kind = doc
                    .descendants()
                    .find_map(|n| match n.tag_name().name() {
                        "barChart" => Some(
                            n.descendants()
                                .find(|d| {
                                    d.has_tag_name((
                                        "http://schemas.openxmlformats.org/drawingml/2006/chart",
                                        "barDir",
                                    ))
                                })
                                .and_then(|d| d.attribute("val"))
                                .unwrap_or("?")
                                .to_string(),
                        ),
                        "scatterChart" => Some("scatter".to_string()),
                        "lineChart" => Some("line".to_string()),
                        _ => None,
                    })
                    .expect("a chart of a known kind");
                let values = doc
                    .descendants()
                    .filter(|n| matches!(n.tag_name().name(), "val" | "yVal"))
                    .filter_map(|n| n.descendants().find(|d| d.tag_name().name() == "f"))
                    .filter_map(|f| f.text().map(str::to_string))
                    .collect();
                (kind, values)
            })
            .collect()
    }

    /// Every cell of a chart's range (`Bins!$E$3:$E$42`) is a number.
    fn assert_numbers(&mut self, range: &str) {
        let (sheet, cells) = range.split_once('!').unwrap();
        let sheet = sheet.trim_matches('\'');
        let (a, b) = cells.split_once(':').unwrap();
        let ((r0, c0), (r1, c1)) = (cell(a), cell(b));
        let s = self.sheet(sheet);
        for r in r0..=r1 {
            for c in c0..=c1 {
                assert!(
                    matches!(s.get_value((r, c)), Some(Data::Float(_))),
                    "{range}: ({r}, {c}) is {:?}",
                    s.get_value((r, c))
                );
            }
        }
    }

    /// The number format of a cell.
    fn format(&mut self, sheet: &str, at: (u32, u32)) -> String {
        let styles = self.cells.worksheet_style(sheet).unwrap();
        let style = styles.get(at).cloned().unwrap_or_default();
        style
            .number_format
            .map_or("General".into(), |f| f.format_code)
    }
}

/// `$E$3` as a zero-based (row, column).
fn cell(a1: &str) -> (u32, u32) {
    let s = a1.replace('$', "");
    let split = s.find(|c: char| c.is_ascii_digit()).unwrap();
    let (letters, digits) = s.split_at(split);
    let col = letters
        .bytes()
        .fold(0, |acc, b| acc * 26 + u32::from(b - b'A' + 1))
        - 1;
    (digits.parse::<u32>().unwrap() - 1, col)
}

fn float(s: &Range<Data>, at: (u32, u32)) -> f64 {
    match s.get_value(at) {
        Some(Data::Float(x)) => *x,
        other => panic!("{at:?}: {other:?} is not a number"),
    }
}

fn text(s: &Range<Data>, at: (u32, u32)) -> String {
    match s.get_value(at) {
        Some(Data::String(x)) => x.clone(),
        other => panic!("{at:?}: {other:?} is not text"),
    }
}

/// The row whose first cell is `key`.
fn row_of(s: &Range<Data>, key: &str) -> u32 {
    (0..s.end().unwrap().0 + 1)
        .find(|r| matches!(s.get_value((*r, 0)), Some(Data::String(k)) if k == key))
        .unwrap_or_else(|| panic!("no row {key}"))
}

fn json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .unwrap();
    r.records()
        .map(|x| x.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// A sheet equal to a CSV file cell for cell: the header as text, each number the same float,
/// each empty CSV field an empty cell.
fn assert_sheet_is_csv(s: &Range<Data>, rows: &[Vec<String>], what: &str) {
    assert_eq!(s.end().unwrap().0 as usize + 1, rows.len(), "{what}: rows");
    for (r, row) in (0..).zip(rows) {
        for (c, want) in (0..).zip(row) {
            let got = s.get_value((r, c));
            match (r, want.as_str()) {
                (0, _) => assert_eq!(text(s, (0, c)), *want, "{what}: header {c}"),
                (_, "") => assert!(matches!(got, None | Some(Data::Empty)), "{what} ({r}, {c})"),
                _ => assert_eq!(
                    float(s, (r, c)),
                    want.parse::<f64>().unwrap(),
                    "{what} ({r}, {c})"
                ),
            }
        }
    }
}

/// The Summary sheet holds summary.json's floats: mean, s.e., P10, P50, P90 per metric (a
/// metric with no value says why), then P(loss).
fn assert_summary_is_json(s: &Range<Data>, summary: &Value) {
    for (name, m) in summary["metrics"].as_object().unwrap() {
        let r = row_of(s, name);
        if m.is_null() {
            assert!(text(s, (r, 2)).starts_with("undefined"), "{name}");
            continue;
        }
        for (c, key) in (2..).zip(["mean", "mean_se", "p10", "p50", "p90"]) {
            assert_eq!(float(s, (r, c)), m[key].as_f64().unwrap(), "{name} {key}");
        }
    }
    let r = row_of(s, "p_loss");
    assert_eq!(float(s, (r, 2)), summary["p_loss"]["p"].as_f64().unwrap());
    assert_eq!(float(s, (r, 3)), summary["p_loss"]["se"].as_f64().unwrap());
}

/// Profit per agent-year of every year, from iterations.csv.
fn profits(rows: &[Vec<String>]) -> Vec<f64> {
    let col = rows[0]
        .iter()
        .position(|h| h == "profit_per_agent_year")
        .unwrap();
    rows[1..].iter().map(|r| r[col].parse().unwrap()).collect()
}

/// The Bins sheet recounted from the years: each series' count is the number of values with
/// from <= x < to (the last bin holds its upper edge), its share that over the years, and the
/// edges run from the smallest value to the largest.
fn assert_bins(book: &mut Book, series: &[Vec<f64>]) {
    let s = book.sheet("Bins");
    let all = || series.iter().flatten().copied();
    let (lo, hi) = (
        all().fold(f64::INFINITY, f64::min),
        all().fold(f64::NEG_INFINITY, f64::max),
    );
    assert_eq!(float(&s, (2, 0)), lo);
    assert_eq!(float(&s, (41, 1)), hi);
    for (j, values) in (0..).zip(series) {
        let mut total = 0.0;
        for r in 2..42 {
            let (from, to) = (float(&s, (r, 0)), float(&s, (r, 1)));
            let inside = |x: &&f64| **x >= from && (**x < to || (r == 41 && **x <= to));
            let count = values.iter().filter(inside).count() as f64;
            assert_eq!(float(&s, (r, 3 + 2 * j)), count, "bin {r} of series {j}");
            assert_eq!(float(&s, (r, 4 + 2 * j)), count / values.len() as f64);
            total += count;
        }
        assert_eq!(total, values.len() as f64);
    }
}

/// Each S-curve point (x, p) has at least p of the years at or below x and fewer than p below
/// it: x is the order statistic at share p. The last point is the largest value at 1.
fn assert_curves(book: &mut Book, series: &[Vec<f64>]) {
    let s = book.sheet("Curve");
    for (j, values) in (0..).zip(series) {
        let n = values.len() as f64;
        let mut r = 2;
        while let Some(Data::Float(x)) = s.get_value((r, 2 * j)) {
            let p = float(&s, (r, 2 * j + 1));
            let at_or_below = values.iter().filter(|v| *v <= x).count() as f64;
            let below = values.iter().filter(|v| *v < x).count() as f64;
            assert!(
                at_or_below >= (p * n).round() && below < (p * n).round(),
                "row {r}"
            );
            r += 1;
        }
        assert!(r > 100, "series {j}: only {} points", r - 2);
        assert_eq!(float(&s, (r - 1, 2 * j + 1)), 1.0);
        let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        assert_eq!(float(&s, (r - 1, 2 * j)), max);
    }
}

/// The inputs' rows: every path `check` lists, once; and the closed-form quantiles of two of
/// center_20's distributions.
fn assert_inputs(book: &mut Book, file: &str) {
    let s = book.sheet("Inputs");
    let listed: Vec<String> = (1..=s.end().unwrap().0).map(|r| text(&s, (r, 0))).collect();
    let check = ok(&["check", file]);
    let mut paths: Vec<String> = check
        .lines()
        .filter_map(|l| {
            // "  Label [path]: value": the path runs from the last " [" to "]:".
            let head = &l[..l.find("]:")?];
            Some(head[head.rfind(" [")? + 2..].to_string())
        })
        .collect();
    let mut sorted = listed.clone();
    sorted.sort();
    paths.sort();
    assert_eq!(sorted, paths, "the Inputs sheet lists what `check` lists");
    // Triangular(4000, 6000, 9000): F(mode) = 0.4, so P10 = 4000 + sqrt(0.1 * 5000 * 2000) =
    // 5000 and P90 = 9000 - sqrt(0.1 * 5000 * 3000).
    let r = row_of(&s, "team.overhead_per_agent_year_usd");
    assert!((float(&s, (r, 5)) - 5000.0).abs() < 1e-9);
    assert!((float(&s, (r, 6)) - (9000.0 - 1.5e6f64.sqrt())).abs() < 1e-9);
    assert!(text(&s, (r, 3)).starts_with("triangular"));
    // Lognormal with mean 1 and sd 0.08: sigma^2 = ln(1 + 0.08^2), mu = -sigma^2 / 2, and
    // P10 = exp(mu - z sigma) with z = 1.2815515655446004 (the normal's 90th percentile).
    let r = row_of(&s, "demand.demand_multiplier");
    let s2 = (1.0f64 + 0.0064).ln();
    let z = 1.2815515655446004;
    let p10 = (-s2 / 2.0 - z * s2.sqrt()).exp();
    let p90 = (-s2 / 2.0 + z * s2.sqrt()).exp();
    assert!(
        (float(&s, (r, 5)) - p10).abs() < 1e-9,
        "{}",
        float(&s, (r, 5))
    );
    assert!((float(&s, (r, 6)) - p90).abs() < 1e-9);
    assert!((float(&s, (r, 4)) - 1.0).abs() < 1e-12);
}

/// Charts of the given kinds, in order, each series drawn from cells that hold numbers.
fn assert_charts(book: &mut Book, kinds: &[&str], series: &[usize]) {
    let charts = book.charts();
    let got: Vec<&str> = charts.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(got, kinds);
    for ((kind, values), n) in charts.iter().zip(series) {
        assert_eq!(values.len(), *n, "{kind}: series");
        for v in values {
            book.assert_numbers(v);
        }
    }
}

/// LibreOffice opens the workbook and prints it, charts and all: a headless conversion to PDF
/// gives a PDF. Missing `soffice` is a failure, never a skip (scripts/test.sh installs it).
#[test]
fn libreoffice_opens_the_workbook() {
    let Ok(soffice) = which("soffice") else {
        panic!(
            "no soffice: this test opens results.xlsx in LibreOffice. Install it (`apt-get \
             install libreoffice-calc-nogui`), or run scripts/test.sh, which installs it or stops \
             with an error"
        );
    };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("run");
    let file = scenario("center_20.toml");
    let args = [
        "run",
        &file,
        "--iterations",
        "200",
        "--no-charts",
        "--quiet",
        "--out",
    ];
    ok(&[&args[..], &[dir.to_str().unwrap()]].concat());
    let out = tmp.path().join("pdf");
    let profile = format!(
        "-env:UserInstallation=file://{}/profile",
        tmp.path().display()
    );
    let run = std::process::Command::new(soffice)
        .args([&profile, "--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&out)
        .arg(dir.join("results.xlsx"))
        .output()
        .unwrap();
    let pdf = std::fs::read(out.join("results.pdf")).unwrap_or_default();
    assert!(pdf.starts_with(b"%PDF"), "soffice: {run:?}");
}

fn which(name: &str) -> Result<std::path::PathBuf, ()> {
    let path = std::env::var_os("PATH").ok_or(())?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
        .ok_or(())
}

#[test]
fn run_workbook_matches_its_json_csv_and_hand_counts() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("run");
    let file = scenario("center_20.toml");
    let base = [
        "run",
        &file,
        "--iterations",
        "3000",
        "--no-charts",
        "--quiet",
    ];
    ok(&[&base[..], &["--out", dir.to_str().unwrap()]].concat());
    let mut book = Book::open(&dir);
    let names = book.cells.sheet_names();
    assert_eq!(
        names,
        [
            "Summary", "Charts", "Years", "Inputs", "Bins", "Curve", "Tornado"
        ]
    );
    let summary = json(&dir.join("summary.json"));
    assert_summary_is_json(&book.sheet("Summary"), &summary);
    let rows = csv_rows(&dir.join("iterations.csv"));
    assert_sheet_is_csv(&book.sheet("Years"), &rows, "Years");
    let values = [profits(&rows)];
    assert_bins(&mut book, &values);
    assert_curves(&mut book, &values);
    assert_inputs(&mut book, &file);
    assert_charts(&mut book, &["col", "scatter", "bar"], &[1, 1, 2]);
    // Finance's formats: whole dollars, percentages to a tenth.
    let s = book.sheet("Summary");
    let (profit, rate) = (
        row_of(&s, "profit_per_agent_year"),
        row_of(&s, "success_rate"),
    );
    assert_eq!(book.format("Summary", (profit, 2)), "$#,##0");
    assert_eq!(book.format("Summary", (rate, 2)), "0.0%");
    // The tornado is sensitivity's: the same inputs in the same order, the same projections.
    let sens = tmp.path().join("sens");
    ok(&[
        "sensitivity",
        &file,
        "--iterations",
        "300",
        "--no-charts",
        "--quiet",
        "--out",
        sens.to_str().unwrap(),
    ]);
    let want = csv_rows(&sens.join("sensitivity.csv"));
    let t = book.sheet("Tornado");
    for (r, row) in (1..).zip(&want[1..]) {
        assert_eq!(text(&t, (r, 0)), row[0]);
        assert_eq!(float(&t, (r, 4)), row[4].parse::<f64>().unwrap());
        assert_eq!(float(&t, (r, 5)), row[5].parse::<f64>().unwrap());
    }
    // The same run on one thread writes the same bytes (the creation date is fixed).
    let again = tmp.path().join("again");
    ok(&[
        &base[..],
        &["--threads", "1", "--out", again.to_str().unwrap()],
    ]
    .concat());
    assert!(
        std::fs::read(dir.join("results.xlsx")).unwrap()
            == std::fs::read(again.join("results.xlsx")).unwrap()
    );
}

#[test]
fn compare_workbook_matches_compare_json_and_each_run() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("compare");
    let (a, b) = (scenario("center_20.toml"), scenario("article_15.toml"));
    let common = [
        "--iterations",
        "2000",
        "--seed",
        "7",
        "--no-charts",
        "--quiet",
    ];
    ok(&[
        &["compare", &a, &b][..],
        &common,
        &["--out", dir.to_str().unwrap()],
    ]
    .concat());
    let mut book = Book::open(&dir);
    let names = book.cells.sheet_names();
    let want = [
        "Differences",
        "Charts",
        "Summary 1",
        "Summary 2",
        "Years",
        "Bins",
        "Curve",
    ];
    assert_eq!(names, want);
    let c = json(&dir.join("compare.json"));
    // Each scenario's Summary is what `run` of it alone gives with the same seed, and its
    // mean, s.e. and P50 are compare.json's.
    for (i, file) in [&a, &b].into_iter().enumerate() {
        let out = tmp.path().join(format!("run{i}"));
        ok(&[
            &["run", file.as_str()][..],
            &common,
            &["--out", out.to_str().unwrap()],
        ]
        .concat());
        let s = book.sheet(&format!("Summary {}", i + 1));
        assert_summary_is_json(&s, &json(&out.join("summary.json")));
        let col = &c["scenarios"][i]["metrics"];
        for (name, m) in col
            .as_object()
            .unwrap()
            .iter()
            .filter(|(_, m)| !m.is_null())
        {
            let r = row_of(&s, name);
            for (cell, key) in [(2, "mean"), (3, "mean_se"), (5, "p50")] {
                assert_eq!(
                    float(&s, (r, cell)),
                    m[key].as_f64().unwrap(),
                    "{name} {key}"
                );
            }
        }
    }
    let rows = csv_rows(&dir.join("compare_iterations.csv"));
    assert_sheet_is_csv(&book.sheet("Years"), &rows, "Years");
    // Differences: compare.json's floats, and by hand from the years: the mean of B - A and
    // the share of years in which B beats A.
    let d = &c["differences"][0];
    let s = book.sheet("Differences");
    let r = row_of(&s, d["scenario"].as_str().unwrap());
    let keys = ["mean", "se_paired", "se_unpaired", "p5", "p95"];
    for (cell, key) in (2..).zip(keys) {
        assert_eq!(float(&s, (r, cell)), d[key].as_f64().unwrap(), "{key}");
    }
    assert_eq!(float(&s, (r, 7)), d["p_better"]["p"].as_f64().unwrap());
    assert_eq!(float(&s, (r, 8)), d["p_better"]["se"].as_f64().unwrap());
    let years: Vec<(f64, f64)> = rows[1..]
        .iter()
        .map(|r| (r[1].parse().unwrap(), r[2].parse().unwrap()))
        .collect();
    let n = years.len() as f64;
    let mean = years.iter().map(|(a, b)| b - a).sum::<f64>() / n;
    assert!((float(&s, (r, 2)) - mean).abs() < 1e-9 * mean.abs().max(1.0));
    let better = years.iter().filter(|(a, b)| b > a).count() as f64 / n;
    assert_eq!(float(&s, (r, 7)), better);
    let series: Vec<Vec<f64>> = (1..3)
        .map(|c| rows[1..].iter().map(|r| r[c].parse().unwrap()).collect())
        .collect();
    assert_bins(&mut book, &series);
    assert_curves(&mut book, &series);
    assert_charts(&mut book, &["col", "scatter"], &[2, 2]);
}

#[test]
fn sweep_workbook_holds_sweep_csv_its_break_even_and_a_line_chart() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("sweep");
    let file = scenario("center_20.toml");
    let set = "demand.calls_per_agent_hour=0..15:4";
    let args = [
        "sweep",
        &file,
        "--set",
        set,
        "--iterations",
        "200",
        "--no-charts",
        "--quiet",
    ];
    ok(&[&args[..], &["--out", dir.to_str().unwrap()]].concat());
    let mut book = Book::open(&dir);
    assert_eq!(
        book.cells.sheet_names(),
        ["Summary", "Charts", "Points", "Inputs"]
    );
    let rows = csv_rows(&dir.join("sweep.csv"));
    let s = book.sheet("Points");
    for (r, row) in (0..).zip(&rows) {
        // The Points sheet's second row is the columns' names for people; data follow it.
        let at = if r == 0 { 0 } else { r + 1 };
        for (c, want) in (0..).zip(row) {
            match r {
                0 => assert_eq!(text(&s, (0, c)), *want),
                _ => assert_eq!(float(&s, (at, c)), want.parse::<f64>().unwrap()),
            }
        }
    }
    // The break-even by hand: the straight line between the two points whose means change sign.
    let pts: Vec<(f64, f64)> = rows[1..]
        .iter()
        .map(|r| (r[0].parse().unwrap(), r[1].parse().unwrap()))
        .collect();
    let w = pts
        .windows(2)
        .find(|w| (w[0].1 < 0.0) != (w[1].1 < 0.0))
        .unwrap();
    let ((x0, y0), (x1, y1)) = (w[0], w[1]);
    let even = x0 + (x1 - x0) * -y0 / (y1 - y0);
    let summary = book.sheet("Summary");
    let r = row_of(&summary, "break_even");
    assert!((float(&summary, (r, 1)) - even).abs() < 1e-9);
    let want = json(&dir.join("sweep.json"))["break_even"]
        .as_f64()
        .unwrap();
    assert_eq!(float(&summary, (r, 1)), want);
    assert_charts(&mut book, &["line"], &[3]);
}

#[test]
fn two_input_sweep_charts_the_mean_per_value_of_the_second() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("sweep2");
    let file = scenario("center_20.toml");
    let (x, y) = (
        "demand.calls_per_agent_hour=5..15:3",
        "team.agents=10..30:3",
    );
    let args = [
        "sweep",
        &file,
        "--set",
        x,
        "--set",
        y,
        "--iterations",
        "50",
        "--quiet",
    ];
    ok(&[&args[..], &["--no-charts", "--out", dir.to_str().unwrap()]].concat());
    let mut book = Book::open(&dir);
    assert_eq!(
        book.cells.sheet_names(),
        ["Summary", "Charts", "Points", "Grid", "Inputs"]
    );
    let rows = csv_rows(&dir.join("sweep.csv"));
    let g = book.sheet("Grid");
    for row in &rows[1..] {
        let (a, b, mean): (f64, f64, f64) = (
            row[0].parse().unwrap(),
            row[1].parse().unwrap(),
            row[2].parse().unwrap(),
        );
        let r = (1..4).find(|r| float(&g, (*r, 0)) == a).unwrap();
        let c = (1..4)
            .find(|c| text(&g, (0, *c)).ends_with(&format!("= {b}")))
            .unwrap();
        assert_eq!(float(&g, (r, c)), mean, "({a}, {b})");
    }
    assert_charts(&mut book, &["line"], &[3]);
}

#[test]
fn sensitivity_workbook_holds_the_tornado_and_the_ranking() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("sens");
    let file = scenario("center_20.toml");
    let args = [
        "sensitivity",
        &file,
        "--iterations",
        "500",
        "--no-charts",
        "--quiet",
    ];
    ok(&[&args[..], &["--out", dir.to_str().unwrap()]].concat());
    let mut book = Book::open(&dir);
    let names = book.cells.sheet_names();
    let want = [
        "Summary", "Charts", "Years", "Inputs", "Bins", "Curve", "Tornado", "Drivers",
    ];
    assert_eq!(names, want);
    let rows = csv_rows(&dir.join("sensitivity.csv"));
    let t = book.sheet("Tornado");
    let r = json(&dir.join("sensitivity.json"));
    let base = r["base"].as_f64().unwrap();
    for (i, row) in (1..).zip(&rows[1..]) {
        assert_eq!(text(&t, (i, 0)), row[0]);
        assert_eq!(text(&t, (i, 1)), row[1]);
        for c in 2..6 {
            assert_eq!(float(&t, (i, c)), row[c as usize].parse::<f64>().unwrap());
        }
        // The bars: each projection minus the base.
        assert_eq!(float(&t, (i, 6)), row[4].parse::<f64>().unwrap() - base);
        assert_eq!(float(&t, (i, 7)), row[5].parse::<f64>().unwrap() - base);
    }
    let d = book.sheet("Drivers");
    for (i, k) in (1..).zip(r["together"].as_array().unwrap()) {
        assert_eq!(text(&d, (i, 0)), k["input"].as_str().unwrap());
        assert_eq!(float(&d, (i, 2)), k["rank_correlation"].as_f64().unwrap());
        assert_eq!(float(&d, (i, 3)), k["share_of_variance"].as_f64().unwrap());
    }
    // Its simulation is `run`'s with the same seed and years.
    let run = tmp.path().join("run");
    ok(&[
        &[
            "run",
            &file,
            "--iterations",
            "500",
            "--no-charts",
            "--no-xlsx",
        ][..],
        &["--quiet", "--out", run.to_str().unwrap()],
    ]
    .concat());
    assert_summary_is_json(&book.sheet("Summary"), &json(&run.join("summary.json")));
    assert_charts(&mut book, &["col", "scatter", "bar"], &[1, 1, 2]);
}

#[test]
fn no_xlsx_skips_the_workbook_and_is_refused_with_shard() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("run");
    let file = scenario("article_15.toml");
    let args = [
        "run",
        &file,
        "--iterations",
        "100",
        "--no-charts",
        "--quiet",
        "--no-xlsx",
    ];
    ok(&[&args[..], &["--out", dir.to_str().unwrap()]].concat());
    assert!(dir.join("summary.json").is_file());
    assert!(!dir.join("results.xlsx").exists());
    let (code, _, err) = callprofit(&["run", &file, "--shard", "0/2", "--no-xlsx"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("--no-xlsx") && err.contains("--shard"),
        "{err}"
    );
}

/// The Years sheet's temporary file cannot be made: a one-line error naming the fix, exit 2,
/// and no output folder.
#[test]
fn an_unwritable_temporary_folder_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("run");
    let file = scenario("article_15.toml");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_callprofit"))
        .args([
            "run",
            &file,
            "--iterations",
            "100",
            "--no-charts",
            "--quiet",
            "--out",
        ])
        .arg(&dir)
        .env("TMPDIR", tmp.path().join("missing"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("results.xlsx") && err.contains("TMPDIR"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(!dir.exists());
}
