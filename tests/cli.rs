//! End-to-end tests: the real `callprofit` binary on the bundled scenarios, in temp folders.
//! Oracles are closed forms (the field test's figures, compound-Poisson moments); Monte Carlo
//! figures must land within 4 standard errors of them, with fixed seeds.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_callprofit");

fn scenario(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name)
}

struct Output {
    code: i32,
    stdout: String,
    stderr: String,
}

fn callprofit(args: &[&str]) -> Output {
    let out = Command::new(BIN).args(args).output().expect("binary runs");
    Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn json(args: &[&str]) -> Value {
    let out = callprofit(args);
    assert_eq!(out.code, 0, "callprofit {args:?} failed: {}", out.stderr);
    serde_json::from_str(&out.stdout).expect("valid JSON on stdout")
}

fn expected(name: &str) -> Value {
    json(&["expected", scenario(name).to_str().unwrap(), "--json"])
}

fn run(name: &str, iterations: u64, out: &Path, extra: &[&str]) -> Value {
    let it = iterations.to_string();
    let mut args = vec![
        "run",
        scenario(name).to_str().unwrap().to_string().leak(),
        "--iterations",
        &it,
    ];
    args.extend(["--out", out.to_str().unwrap(), "--json", "--quiet"]);
    args.extend(extra);
    json(&args)
}

fn num(v: &Value, path: &[&str]) -> f64 {
    path.iter()
        .fold(v, |v, k| &v[k])
        .as_f64()
        .unwrap_or_else(|| panic!("no number at {path:?}"))
}

fn assert_close(what: &str, got: f64, want: f64, tol: f64) {
    assert!(
        (got - want).abs() <= tol,
        "{what}: got {got}, want {want} (tolerance {tol})"
    );
}

// ---------------------------------------------------------------- the field test, reproduced

#[test]
fn expected_mode_reproduces_the_field_test_week() {
    let e = expected("field_test.toml");
    let m = |k| num(&e, &["metrics", k]);
    let a = |k| num(&e, &["article_figures", k]);
    assert_close(
        "team revenue of the week",
        m("team_revenue_week"),
        2341.73,
        0.005,
    );
    assert_close("revenue per call", m("revenue_per_call"), 3.5374, 0.00005);
    assert_close("calls in the week", m("team_calls_week"), 662.0, 1e-9);
    assert_close("success rate", m("success_rate"), 94.0 / 662.0, 1e-12);
    // Week x 52: exact, and as the article computes it from $2,341.
    assert_close(
        "year revenue, exact",
        m("team_revenue_year"),
        2341.73 * 52.0,
        0.005,
    );
    assert_eq!(a("team_revenue_year"), 121_732.0);
    assert_eq!(a("revenue_per_call"), 3.54);
    // The roster implies 3.31 calls per agent-hour at 40 hours, not the article's 1.5.
    assert_close(
        "implied calls per agent-hour",
        m("calls_per_agent_hour"),
        3.31,
        1e-9,
    );
}

#[test]
fn expected_mode_reproduces_the_article_projections() {
    let low = expected("article_1_5.toml");
    assert_close(
        "per agent-hour at 1.5",
        num(&low, &["metrics", "revenue_per_agent_hour"]),
        5.3060,
        0.00005,
    );
    assert_close(
        "per agent-year at 1.5",
        num(&low, &["metrics", "revenue_per_agent_year"]),
        11_036.55,
        0.005,
    );
    assert_eq!(
        num(&low, &["article_figures", "revenue_per_agent_hour"]),
        5.31
    );
    assert_eq!(
        num(&low, &["article_figures", "revenue_per_agent_year"]),
        11_044.0
    );
    let high = expected("article_15.toml");
    assert_close(
        "per agent-hour at 15",
        num(&high, &["metrics", "revenue_per_agent_hour"]),
        53.06,
        0.005,
    );
    assert_close(
        "per agent-year at 15",
        num(&high, &["metrics", "revenue_per_agent_year"]),
        110_365.52,
        0.005,
    );
    assert_eq!(
        num(&high, &["article_figures", "revenue_per_agent_hour"]),
        53.10
    );
    assert_eq!(
        num(&high, &["article_figures", "revenue_per_agent_year"]),
        110_448.0
    );
    // Wage $0 and no programme cost: profit equals revenue and ROI is undefined, not infinite.
    assert_eq!(
        num(&high, &["metrics", "profit_per_agent_year"]),
        num(&high, &["metrics", "revenue_per_agent_year"])
    );
    assert!(high["metrics"]["roi_pct"].is_null());
}

#[test]
fn field_test_points_per_agent_and_winner() {
    let e = expected("field_test.toml");
    let agents = e["agents"].as_array().unwrap();
    let points: Vec<f64> = agents
        .iter()
        .map(|a| a["contest_score"].as_f64().unwrap())
        .collect();
    for (got, want) in points.iter().zip([98.0, 97.0, 44.0, 39.0, 20.0]) {
        assert_close("points", *got, want, 1e-9);
    }
    let prizes: Vec<f64> = agents
        .iter()
        .map(|a| a["prize_per_period_usd"].as_f64().unwrap())
        .collect();
    assert_eq!(prizes, [100.0, 0.0, 0.0, 0.0, 0.0]);
}

// ---------------------------------------------------------------- Monte Carlo against closed forms

const METRICS: [&str; 9] = [
    "profit_per_agent_year",
    "revenue_per_agent_year",
    "cost_per_agent_year",
    "incentive_cost_per_agent_year",
    "team_profit_year",
    "team_revenue_year",
    "revenue_per_call",
    "success_rate",
    "calls_per_agent_hour",
];

/// Every listed metric's simulated mean within 4 standard errors of the expected-value figure.
fn assert_means(name: &str, iterations: u64, metrics: &[&str]) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let summary = run(name, iterations, dir.path(), &[]);
    let e = expected(name);
    for m in metrics {
        let (mean, se) = (
            num(&summary, &["metrics", m, "mean"]),
            num(&summary, &["metrics", m, "mean_se"]),
        );
        let want = num(&e, &["metrics", m]);
        let tol = (4.0 * se).max(1e-9 * want.abs());
        assert_close(&format!("{name}: {m}"), mean, want, tol);
    }
    summary
}

#[test]
fn simulated_means_match_the_expected_projection() {
    assert_means("article_1_5.toml", 20_000, &METRICS);
    assert_means(
        "field_test.toml",
        4_000,
        &[&METRICS[..], &["roi_pct"]].concat(),
    );
}

#[test]
fn center_20_means_match_a_hand_computation_from_its_file() {
    // Uncertain rates, demand and skill, all independent with mean 1 for demand and skill, so
    // the means multiply: 15 calls x 2,080 h per agent; beta(k+1, n-k+1) rates with mean
    // (k+1)/664; the trial converts with beta(2, 18) mean 0.1 at $35. Costs per agent: $18 x
    // 2,080 h x 1.25, triangular(4,000, 6,000, 9,000) overhead (mean 19,000 / 3), $150 training
    // and a $100 weekly prize shared by 20 agents.
    let dir = tempfile::tempdir().unwrap();
    let s = run("center_20.toml", 2_000, dir.path(), &[]);
    let calls = 15.0 * 2080.0;
    let per_call = (58.0 * 34.95 + 22.0 * 4.98 + 11.0 * 0.1 * 35.0 + 7.0 * 35.0) / 664.0;
    let revenue = calls * per_call;
    let cost = 18.0 * 2080.0 * 1.25 + 19_000.0 / 3.0 + 150.0 + 100.0 * 52.0 / 20.0;
    for (m, want) in [
        ("revenue_per_agent_year", revenue),
        ("cost_per_agent_year", cost),
        ("profit_per_agent_year", revenue - cost),
        ("team_profit_year", 20.0 * (revenue - cost)),
        ("calls_per_agent_hour", 15.0),
    ] {
        let (mean, se) = (
            num(&s, &["metrics", m, "mean"]),
            num(&s, &["metrics", m, "mean_se"]),
        );
        assert_close(
            &format!("center_20: {m}"),
            mean,
            want,
            (4.0 * se).max(1e-9 * want),
        );
    }
}

#[test]
fn profit_spread_at_15_calls_matches_the_compound_poisson_value() {
    let summary = assert_means("article_15.toml", 20_000, &METRICS);
    // Profit is a compound Poisson sum: Var = lambda * E[X^2] with X the value of one call.
    let calls = 15.0 * 2080.0;
    let ex2 = (57.0 * 34.95f64.powi(2)
        + 21.0 * 4.98f64.powi(2)
        + 10.0 * 0.1 * 35.0f64.powi(2)
        + 6.0 * 35.0f64.powi(2))
        / 662.0;
    let sd = (calls * ex2).sqrt();
    assert_close("closed-form sd", sd, 1926.17, 0.01);
    // Standard error of a sample sd of a near-normal variable: sd / sqrt(2 (n - 1)).
    let se = sd / (2.0 * 19_999.0f64).sqrt();
    assert_close(
        "simulated sd",
        num(&summary, &["metrics", "profit_per_agent_year", "std"]),
        sd,
        4.0 * se,
    );
    assert_eq!(num(&summary, &["p_loss", "p"]), 0.0);
}

// ---------------------------------------------------------------- outputs and reproducibility

#[test]
fn run_writes_its_files_and_is_identical_for_any_thread_count() {
    let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    run(
        "center_20.toml",
        1_500,
        one.path(),
        &["--threads", "1", "--seed", "99"],
    );
    run(
        "center_20.toml",
        1_500,
        two.path(),
        &["--threads", "2", "--seed", "99"],
    );
    for file in ["summary.json", "summary.csv", "iterations.csv"] {
        let a = std::fs::read(one.path().join(file)).unwrap();
        let b = std::fs::read(two.path().join(file)).unwrap();
        assert!(
            !a.is_empty() && a == b,
            "{file} differs between 1 and 2 threads"
        );
    }
    let rows = std::fs::read_to_string(one.path().join("iterations.csv"))
        .unwrap()
        .lines()
        .count();
    assert_eq!(rows, 1_501, "one header and one row per iteration");
    let s: Value =
        serde_json::from_slice(&std::fs::read(one.path().join("summary.json")).unwrap()).unwrap();
    for key in [
        "scenario",
        "iterations",
        "seed",
        "version",
        "metrics",
        "p_loss",
    ] {
        assert!(!s[key].is_null(), "summary.json lacks {key}");
    }
    for key in [
        "mean", "std", "mean_se", "min", "p5", "p10", "p25", "p50", "p75", "p90", "p95", "max",
    ] {
        assert!(
            s["metrics"]["profit_per_agent_year"][key].is_number(),
            "metric summary lacks {key}"
        );
    }
}

#[test]
fn human_commands_print_tables() {
    let dir = tempfile::tempdir().unwrap();
    let path = scenario("field_test.toml");
    let out = callprofit(&[
        "run",
        path.to_str().unwrap(),
        "--iterations",
        "300",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("profit per agent-year")
            && out.stdout.contains("P(profit per agent-year < 0)")
    );
    let check = callprofit(&["check", path.to_str().unwrap()]);
    assert_eq!(check.code, 0);
    assert!(
        check.stdout.contains("roster[3].rates.site1_save") && check.stdout.contains("8 of 49")
    );
    let exp = callprofit(&["expected", path.to_str().unwrap()]);
    assert!(exp.stdout.contains("121732.00") && exp.stdout.contains("3.31 calls per agent-hour"));
}

/// With no calls the per-call figures are undefined because no call was handled (not for a
/// cost of zero); and a team that never loses gets the rule of three's bound on P(loss), not
/// "0.00% ± 0.00%", on the console, in the histogram and in the report, while summary.json
/// keeps its numbers.
#[test]
fn undefined_figures_and_zero_losses_say_what_is_true() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("silent.toml");
    let text = "name = \"no calls\"\n[team]\nagents = 2\n[demand]\ncalls_per_agent_hour = 0\n\
                [[outcomes]]\nname = \"save\"\nprobability = 0.1\nvalue_usd = 30\n\
                [simulation]\niterations = 200\n";
    std::fs::write(&file, text).unwrap();
    let run_dir = dir.path().join("run");
    let out = callprofit(&[
        "run",
        file.to_str().unwrap(),
        "--out",
        run_dir.to_str().unwrap(),
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let line = out
        .stdout
        .lines()
        .find(|l| l.starts_with("revenue per call"));
    let line = line.unwrap_or_else(|| panic!("{}", out.stdout));
    assert!(
        line.contains("no calls were handled") && !line.contains("zero cost"),
        "{line}"
    );
    let bound = "0 of 200 years (below 1.5% at 95%: the rule of three, 3/n)";
    assert!(
        out.stdout
            .contains(&format!("P(profit per agent-year < 0): {bound}")),
        "{}",
        out.stdout
    );
    let summary: Value =
        serde_json::from_str(&std::fs::read_to_string(run_dir.join("summary.json")).unwrap())
            .unwrap();
    assert_eq!(summary["p_loss"]["p"], 0.0);
    assert_eq!(summary["p_loss"]["se"], 0.0);
    let svg = std::fs::read_to_string(run_dir.join("profit_histogram.svg")).unwrap();
    assert!(
        svg.contains("0 of 200 years (below 1.5% at 95%)"),
        "the chart's note"
    );
    let report_dir = dir.path().join("report");
    let out = callprofit(&[
        "report",
        file.to_str().unwrap(),
        "--quiet",
        "--out",
        report_dir.to_str().unwrap(),
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let html = std::fs::read_to_string(report_dir.join("report.html")).unwrap();
    assert!(
        html.contains("data-value=\"0\">0 of 200 years<") && html.contains("below 1.5% at 95%"),
        "the report's P(loss)"
    );
}

#[path = "cli/bad_input.rs"]
mod bad_input;
