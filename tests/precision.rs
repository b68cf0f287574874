//! `--target-se`: `run`, `compare` and `report` simulate in batches until the headline standard
//! error is at most the target. Each case first runs the cap's years as one fixed run (the
//! pilot): a stopped run's years are the pilot's first N, so the pilot's own files say, by a
//! two-pass standard error computed here, where the rule had to stop; and a run of N years is
//! byte for byte the stopped run.

mod common;

use common::{callprofit, scenario};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Runs a command that must succeed; what it prints fits 100 columns.
fn ok(args: &[&str]) -> String {
    let (code, stdout, stderr) = callprofit(args);
    assert_eq!(code, 0, "{args:?}: {stderr}");
    for line in stdout.lines() {
        assert!(line.chars().count() <= 100, "past 100 columns: {line}");
    }
    stdout
}

fn json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A CSV file's column `name`, as numbers.
fn column(path: &Path, name: &str) -> Vec<f64> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let at = header.iter().position(|h| *h == name).expect("column");
    lines
        .map(|l| l.split(',').nth(at).unwrap().parse().unwrap())
        .collect()
}

/// Standard error of the mean, sd (n - 1) / sqrt(n), by two passes.
fn se(xs: &[f64]) -> f64 {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (var / n).sqrt()
}

/// The largest standard error over `series`, of their first `n` values.
fn se_of_first(series: &[Vec<f64>], n: u64) -> f64 {
    series
        .iter()
        .map(|xs| se(&xs[..n as usize]))
        .fold(0.0, f64::max)
}

/// The stopped run's `years` against the pilot's values: a multiple of the batch, past the two
/// first batches, within the target, and one batch earlier still above it.
fn assert_stopped_where_due(series: &[Vec<f64>], target: f64, batch: u64, years: u64) {
    assert_eq!(years % batch, 0, "{years} years: not a multiple of {batch}");
    assert!(years > 2 * batch, "{years} years: the target is met late");
    let (at, before) = (
        se_of_first(series, years),
        se_of_first(series, years - batch),
    );
    assert!(
        at <= target,
        "s.e. {at} after {years} years, target {target}"
    );
    assert!(
        before > target,
        "s.e. {before} one batch earlier: it should have stopped"
    );
}

/// A target the pilot's values first meet between batches 4 and 5 or so: the s.e. of its first
/// 4.5 batches.
fn target_for(series: &[Vec<f64>], batch: u64) -> f64 {
    se_of_first(series, batch * 9 / 2)
}

/// The lines of a file; the header and the first `n` rows.
fn first_rows(path: &Path, n: u64) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let lines: Vec<&str> = text.lines().take(n as usize + 1).collect();
    lines.join("\n") + "\n"
}

/// summary.json or compare.json without `target_se`: what a fixed run of the same years writes.
fn without_target(mut v: Value) -> Value {
    v.as_object_mut().unwrap().remove("target_se");
    v
}

fn path(dir: &Path, name: &str) -> String {
    dir.join(name).display().to_string()
}

/// `run` on a scenario: the pilot of `cap` years, then `--target-se` at 1 and 2 threads and a
/// fixed run of the years it stopped at, all compared; returns the stopped run's folder.
fn run_case(file: &str, cap: u64, batch: u64, extra: &[&str], dir: &Path) -> PathBuf {
    let cap_s = cap.to_string();
    let base = [&["run", file, "--quiet", "--iterations", &cap_s][..], extra].concat();
    ok(&[&base[..], &["--out", &path(dir, "pilot")]].concat());
    let pilot = dir.join("pilot");
    let profit = vec![column(
        &pilot.join("iterations.csv"),
        "profit_per_agent_year",
    )];
    let target = target_for(&profit, batch);
    let t = target.to_string();
    for threads in ["1", "2"] {
        let out = path(dir, &format!("t{threads}"));
        let flags = ["--target-se", &t, "--threads", threads, "--out", &out];
        ok(&[&base[..], &flags].concat());
    }
    let (t1, t2) = (dir.join("t1"), dir.join("t2"));
    for f in ["summary.json", "iterations.csv", "summary.csv"] {
        let (a, b) = (std::fs::read(t1.join(f)), std::fs::read(t2.join(f)));
        assert_eq!(
            a.unwrap(),
            b.unwrap(),
            "{f} differs between 1 and 2 threads"
        );
    }
    let summary = json(&t1.join("summary.json"));
    let years = summary["iterations"].as_u64().unwrap();
    assert_stopped_where_due(&profit, target, batch, years);
    let rec = &summary["target_se"];
    assert_eq!(rec["years"].as_u64(), Some(years));
    assert_eq!(rec["batch_years"].as_u64(), Some(batch));
    assert_eq!(rec["cap_years"].as_u64(), Some(cap));
    assert_eq!(rec["target_usd"].as_f64(), Some(target));
    assert_eq!(rec["met"], Value::Bool(true));
    let reported = summary["metrics"]["profit_per_agent_year"]["mean_se"].as_f64();
    assert_eq!(rec["se_usd"].as_f64(), reported);
    let csv = std::fs::read_to_string(t1.join("iterations.csv")).unwrap();
    assert_eq!(csv, first_rows(&pilot.join("iterations.csv"), years));
    // The fixed run of as many years: the same files, but for the target's record.
    let n = years.to_string();
    let fixed = [&["run", file, "--quiet", "--iterations", &n][..], extra].concat();
    ok(&[
        &fixed[..],
        &["--threads", "2", "--out", &path(dir, "fixed")],
    ]
    .concat());
    let f = dir.join("fixed");
    assert_eq!(
        csv,
        std::fs::read_to_string(f.join("iterations.csv")).unwrap()
    );
    assert_eq!(
        without_target(summary),
        json(&f.join("summary.json")),
        "summary.json of the fixed run"
    );
    t1
}

/// Unlimited capacity, batches of 1,000 years; the console says how many years it took.
#[test]
fn run_stops_at_the_first_batch_within_the_target_and_is_the_fixed_run() {
    let dir = tempfile::tempdir().unwrap();
    let file = scenario("article_15.toml");
    let t1 = run_case(&file, 12_000, 1_000, &["--no-charts"], dir.path());
    let years = json(&t1.join("summary.json"))["iterations"]
        .as_u64()
        .unwrap();
    let target = json(&t1.join("summary.json"))["target_se"]["target_usd"].to_string();
    let out = path(dir.path(), "console");
    let table = ok(&[
        "run",
        &file,
        "--quiet",
        "--no-charts",
        "--iterations",
        "12000",
        "--target-se",
        &target,
        "--out",
        &out,
    ]);
    let grouped = grouped(years);
    assert!(
        table.contains(&format!("met after {grouped} years (batches of 1,000)")),
        "{table}"
    );
}

/// A small queue (3 agents, every call simulated), batches of 50 years, with charts: the hourly
/// tallies and each year's months go through the batches too.
#[test]
fn a_queue_run_stops_on_batches_of_50_years() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(scenario("queue_15.toml"))
        .unwrap()
        .replacen("agents = 20", "agents = 3", 1)
        .replacen("shrinkage_pct = 30", "shrinkage_pct = 0", 1);
    let file = dir.path().join("small_queue.toml");
    std::fs::write(&file, text).unwrap();
    let t1 = run_case(file.to_str().unwrap(), 600, 50, &[], dir.path());
    let (a, b) = (dir.path().join("t2"), dir.path().join("fixed"));
    for f in ["profit_fan.csv", "queue_by_hour.csv"] {
        let read = |p: PathBuf| std::fs::read_to_string(p).unwrap();
        let fixed = read(b.join(f));
        assert_eq!(read(t1.join(f)), fixed, "{f} (1 thread)");
        assert_eq!(read(a.join(f)), fixed, "{f} (2 threads)");
    }
}

/// A cash view (a subscription): each year's months of the horizon go through the batches, and
/// the cash fan is the fixed run's.
#[test]
fn a_cash_view_run_keeps_the_fixed_runs_cash_fan() {
    let dir = tempfile::tempdir().unwrap();
    let file = scenario("subscriber_economics.toml");
    let t1 = run_case(&file, 8_000, 1_000, &[], dir.path());
    let read = |p: PathBuf| std::fs::read_to_string(p).unwrap();
    let fixed = read(dir.path().join("fixed/cash_fan.csv"));
    assert_eq!(
        read(t1.join("cash_fan.csv")),
        fixed,
        "cash_fan.csv (1 thread)"
    );
    let t2 = read(dir.path().join("t2/cash_fan.csv"));
    assert_eq!(t2, fixed, "cash_fan.csv (2 threads)");
}

/// `compare`: the target is on every paired difference from the first scenario; the stopped
/// comparison is the fixed one of as many years.
#[test]
fn compare_stops_when_every_paired_difference_meets_the_target() {
    let dir = tempfile::tempdir().unwrap();
    // The second difference is the noisier (sd about $1,510 against $1,310): a rule on the
    // first pair alone would stop early.
    let files = [
        scenario("plans/baseline.toml"),
        scenario("plans/contest_points.toml"),
        scenario("plans/base_plus_commission.toml"),
    ];
    let mut base: Vec<&str> = vec!["compare", "--quiet", "--no-charts"];
    base.extend(files.iter().map(String::as_str));
    let pilot = path(dir.path(), "pilot");
    ok(&[&base[..], &["--iterations", "10000", "--out", &pilot]].concat());
    let iterations = dir.path().join("pilot/compare_iterations.csv");
    let a = column(&iterations, "baseline");
    let diffs: Vec<Vec<f64>> = ["contest_points", "base_plus_commission"]
        .iter()
        .map(|id| {
            let b = column(&iterations, id);
            b.iter().zip(&a).map(|(b, a)| b - a).collect()
        })
        .collect();
    let target = target_for(&diffs, 1_000);
    let t = target.to_string();
    let stopped = path(dir.path(), "stopped");
    let flags = [
        "--iterations",
        "10000",
        "--target-se",
        &t,
        "--out",
        &stopped,
    ];
    let table = ok(&[&base[..], &flags].concat());
    let c = json(&dir.path().join("stopped/compare.json"));
    let years = c["iterations"].as_u64().unwrap();
    assert_stopped_where_due(&diffs, target, 1_000, years);
    let largest = c["differences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["se_paired"].as_f64().unwrap())
        .fold(0.0, f64::max);
    assert_eq!(c["target_se"]["se_usd"].as_f64(), Some(largest));
    assert!(table.contains("largest paired s.e."), "{table}");
    let n = years.to_string();
    let fixed = path(dir.path(), "fixed");
    ok(&[&base[..], &["--iterations", &n, "--out", &fixed]].concat());
    let read = |d: &str, f: &str| std::fs::read(dir.path().join(d).join(f)).unwrap();
    let csv = "compare_iterations.csv";
    assert_eq!(read("stopped", csv), read("fixed", csv));
    assert_eq!(
        without_target(c),
        json(&dir.path().join("fixed/compare.json"))
    );
}

/// A target the cap cannot reach: every year of the cap, and a warning in the files and on
/// the console, never silence.
#[test]
fn a_target_past_the_cap_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let out = path(dir.path(), "run");
    let table = ok(&[
        "run",
        &scenario("article_15.toml"),
        "--quiet",
        "--no-charts",
        "--iterations",
        "2500",
        "--target-se",
        "1",
        "--out",
        &out,
    ]);
    let s = json(&dir.path().join("run/summary.json"));
    assert_eq!(s["iterations"].as_u64(), Some(2500));
    assert_eq!(s["target_se"]["met"], Value::Bool(false));
    let warnings = s["warnings"].as_array().unwrap();
    assert!(
        warnings
            .iter()
            .any(|w| w.as_str().unwrap().contains("--target-se $1 not met")),
        "{warnings:?}"
    );
    assert!(table.contains("NOT met at the cap, 2,500 years"), "{table}");
    assert!(table.contains("warning: --target-se $1 not met"), "{table}");
}

/// `report`: one scenario's target is on its own mean; summary_<id>.json records it.
#[test]
fn report_records_the_target_beside_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let file = scenario("article_15.toml");
    let pilot = path(dir.path(), "pilot");
    ok(&[
        "run",
        &file,
        "--quiet",
        "--no-charts",
        "--iterations",
        "10000",
        "--out",
        &pilot,
    ]);
    let profit = vec![column(
        &dir.path().join("pilot/iterations.csv"),
        "profit_per_agent_year",
    )];
    let target = target_for(&profit, 1_000);
    let (t, out) = (target.to_string(), path(dir.path(), "report"));
    let printed = ok(&[
        "report",
        &file,
        "--quiet",
        "--iterations",
        "10000",
        "--target-se",
        &t,
        "--out",
        &out,
    ]);
    let s = json(&dir.path().join("report/summary_article_15.json"));
    let years = s["iterations"].as_u64().unwrap();
    assert_stopped_where_due(&profit, target, 1_000, years);
    assert_eq!(s["target_se"]["years"].as_u64(), Some(years));
    assert!(printed.contains("met after"), "{printed}");
    let page = std::fs::read_to_string(dir.path().join("report/report.html")).unwrap();
    // The page writes counts with thousands separators (7,000).
    let digits = years.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let method = format!("{grouped} simulated years per scenario");
    assert!(
        page.contains(&method),
        "the page's method names the years run"
    );
}

/// 12,345 as the page and the console write it: 12,345.
fn grouped(n: u64) -> String {
    format!("{},{:03}", n / 1000, n % 1000)
}

/// Bad targets, a cap below two batches, and `--shard`: exit 2, one line naming the flag and
/// the fix, nothing written.
#[test]
fn bad_targets_are_refused_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (scenario("article_15.toml"), scenario("article_1_5.toml"));
    let cases: Vec<(Vec<&str>, &str, &str)> = vec![
        (
            vec!["run", &a, "--target-se", "0"],
            "--target-se",
            "0 is not",
        ),
        (
            vec!["run", &a, "--target-se", "-5"],
            "--target-se",
            "-5 is not",
        ),
        (
            vec!["run", &a, "--target-se", "NaN"],
            "--target-se",
            "NaN is not",
        ),
        (
            vec!["compare", &a, &b, "--target-se", "-0.5"],
            "--target-se",
            "-0.5 is not",
        ),
        (
            vec!["report", &a, "--target-se", "inf"],
            "--target-se",
            "inf is not",
        ),
        (
            vec!["run", &a, "--target-se", "5", "--shard", "0/2"],
            "--target-se",
            "--shard",
        ),
        (
            vec!["compare", &a, &b, "--target-se", "5", "--shard", "1/2"],
            "--target-se",
            "--shard",
        ),
        (
            vec!["run", &a, "--target-se", "5", "--iterations", "1999"],
            "--iterations",
            "give --iterations 2000 or more",
        ),
    ];
    for (i, (args, flag, words)) in cases.into_iter().enumerate() {
        let out = path(dir.path(), &format!("out{i}"));
        let (code, _, stderr) = callprofit(&[&args[..], &["--quiet", "--out", &out]].concat());
        let line = stderr.trim_end();
        assert_eq!(code, 2, "{args:?}: {line}");
        assert!(!line.contains('\n') && !line.contains("panicked"), "{line}");
        assert!(line.starts_with(&format!("error: {flag}: ")), "{line}");
        assert!(line.contains(words) && line.contains("fix: "), "{line}");
        assert!(!Path::new(&out).exists(), "{out} written");
    }
}
