//! `sweep` end to end: linear in calls per agent-hour in unlimited mode within standard error,
//! the break-even where the expected-value arithmetic puts it, and bad paths refused.

mod common;

use common::{callprofit, scenario};
use serde_json::Value;

fn sweep(name: &str, set: &str, iterations: &str, out: &std::path::Path) -> Value {
    let (code, stdout, stderr) = callprofit(&[
        "sweep",
        &scenario(name),
        "--set",
        set,
        "--iterations",
        iterations,
        "--quiet",
        "--json",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str(&stdout).unwrap()
}

fn expected_metric(name: &str, metric: &str) -> f64 {
    let (code, stdout, _) = callprofit(&["expected", &scenario(name), "--json"]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&stdout).unwrap();
    v["metrics"][metric].as_f64().unwrap()
}

#[test]
fn unlimited_sweep_is_linear_and_finds_the_break_even() {
    let dir = tempfile::tempdir().unwrap();
    // article_15: wage 0, every input fixed, so profit per agent-year = (profit at 15) x / 15.
    let per_unit = expected_metric("article_15.toml", "profit_per_agent_year") / 15.0;
    let s = sweep(
        "article_15.toml",
        "demand.calls_per_agent_hour=1.5..15:4",
        "4000",
        &dir.path().join("a"),
    );
    for p in s["points"].as_array().unwrap() {
        let x = p["values"][0].as_f64().unwrap();
        let (mean, se) = (p["mean"].as_f64().unwrap(), p["mean_se"].as_f64().unwrap());
        let z = (mean - per_unit * x) / se;
        assert!(
            z.abs() < 4.0,
            "at {x}: {mean} vs {} ({z:.1} s.e.)",
            per_unit * x
        );
    }
    assert!(s["break_even"].is_null(), "always profitable at wage 0");

    // center_20: costs are fixed, revenue grows with calls: the break-even is cost / revenue x 15.
    let cost = expected_metric("center_20.toml", "cost_per_agent_year");
    let revenue = expected_metric("center_20.toml", "revenue_per_agent_year");
    let s = sweep(
        "center_20.toml",
        "demand.calls_per_agent_hour=0..15:6",
        "1000",
        &dir.path().join("b"),
    );
    let b = s["break_even"].as_f64().expect("a break-even");
    assert!(
        (b - 15.0 * cost / revenue).abs() < 0.25,
        "break-even {b} vs {}",
        15.0 * cost / revenue
    );
    assert!(
        dir.path().join("b/sweep_chart.png").exists() && dir.path().join("b/sweep.csv").exists()
    );

    let (code, _, err) = callprofit(&[
        "sweep",
        &scenario("center_20.toml"),
        "--set",
        "demand.calls_per_hour=1..2:3",
        "--quiet",
        "--out",
        dir.path().join("c").to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("--set") && err.contains("calls_per_hour") && err.contains("fix"),
        "{err}"
    );
    assert!(
        !dir.path().join("c").exists(),
        "nothing written for a bad sweep"
    );
}
