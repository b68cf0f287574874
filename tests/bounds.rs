//! Bounds at load time and the work estimate: values past what any call center has are refused
//! with the limit named (exit 2, one line, nothing written); a run past the work limit needs
//! `--long`; and a yearly mean too large to tabulate draws from the exact general sampler.

mod common;

use common::{callprofit, scenario};

const BASE: &str = r#"
[team]
agents = 2
[demand]
calls_per_agent_hour = 2
[[outcomes]]
name = "save"
probability = 0.1
value_usd = 30
"#;

/// Runs `run` on `text`; exit code, stderr, and whether the output folder holds anything.
fn run_text(text: &str, extra: &[&str]) -> (i32, String, bool) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.toml");
    std::fs::write(&file, text).unwrap();
    let out = dir.path().join("out");
    let mut args = vec![
        "run",
        file.to_str().unwrap(),
        "--quiet",
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend(extra);
    let (code, _, stderr) = callprofit(&args);
    (code, stderr, out.exists())
}

#[test]
fn values_past_the_limits_are_refused_with_the_limit_named() {
    let cases = [
        (
            "agents = 2",
            "agents = 4294967295",
            "team.agents",
            "10,000 agents",
        ),
        (
            "calls_per_agent_hour = 2",
            "calls_per_agent_hour = 1e308",
            "demand.calls_per_agent_hour",
            "1,000 calls",
        ),
        (
            "value_usd = 30",
            "value_usd = 1e308",
            "outcomes[0].value_usd",
            "a billion dollars",
        ),
        (
            "value_usd = 30",
            "value_usd = { dist = \"normal\", mean = 30, sd = 1e300 }",
            "outcomes[0].value_usd",
            "a billion dollars",
        ),
        (
            "[team]",
            "[horizon]\npaid_hours_per_week = 1e-310\n[team]",
            "horizon.paid_hours_per_week",
            "subnormal",
        ),
        (
            "[team]",
            "[horizon]\npaid_hours_per_week = 0.001\n[team]",
            "horizon.paid_hours_per_week",
            "1 to 168",
        ),
        (
            "[team]",
            "[queue]\ncalls_per_hour = 1e308\nhandle_seconds = 300\n[team]",
            "queue.calls_per_hour",
            "1,000,000 calls",
        ),
        (
            "[team]",
            "[queue]\nhandle_seconds = 1e9\n[team]",
            "queue.handle_seconds",
            "a day",
        ),
        (
            "[team]",
            "[queue]\nhandle_seconds = 300\nopen_hours_per_day = 1e-300\n[team]",
            "queue.open_hours_per_day",
            "0.25 to 24",
        ),
    ];
    for (from, to, field, limit) in cases {
        assert!(BASE.contains(from), "{from}");
        let (code, stderr, wrote) = run_text(&BASE.replacen(from, to, 1), &[]);
        assert_eq!(code, 2, "{to}: {stderr}");
        assert!(
            stderr.contains(field) && stderr.contains(limit),
            "{to}: {stderr}"
        );
        assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
        assert!(!stderr.contains("panicked") && !wrote, "{to}");
    }
}

#[test]
fn a_run_past_the_work_limit_needs_long() {
    // queue_15 offers about 620,000 calls a year: 100,000 years is about 2.5e12 calls, over 40
    // core-minutes at 25 M calls/s.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let (code, _, stderr) = callprofit(&[
        "run",
        &scenario("queue_15.toml"),
        "--iterations",
        "100000",
        "--quiet",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("core-minutes") && stderr.contains("--long"),
        "{stderr}"
    );
    assert!(!out.exists());
}

#[test]
fn a_sweep_grid_past_the_work_limit_is_refused_before_it_runs() {
    // 200 x 200 points of queue_15 at 100 years each: 4 million queue years.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let (code, _, stderr) = callprofit(&[
        "sweep",
        &scenario("queue_15.toml"),
        "--set",
        "demand.calls_per_agent_hour=5..20:200",
        "--set",
        "queue.shrinkage_pct=10..40:200",
        "--iterations",
        "100",
        "--quiet",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("core-minutes") && stderr.contains("--long"),
        "{stderr}"
    );
    assert!(!out.exists());
}

#[test]
fn a_mean_too_large_to_tabulate_is_drawn_exactly() {
    // One agent at 1,000 calls per agent-hour, 168 paid hours a week for 53 weeks, demand x 100:
    // 890 million calls a year, past the inversion table's reach, so every year draws from the
    // general sampler: calls per agent-hour average 100,000, within 4 s.e. (a Poisson count of
    // mean m has sd sqrt(m), so per hour sqrt(m) / hours, over 20 years / sqrt(20)).
    let text = "[horizon]\nweeks_per_year = 53\npaid_hours_per_week = 168\n[team]\nagents = 1\n\
                [demand]\ncalls_per_agent_hour = 1000\ndemand_multiplier = 100\n\
                [[outcomes]]\nname = \"save\"\nprobability = 0.1\nvalue_usd = 1\n";
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.toml");
    std::fs::write(&file, text).unwrap();
    let out = dir.path().join("out");
    let (code, stdout, stderr) = callprofit(&[
        "run",
        file.to_str().unwrap(),
        "--iterations",
        "20",
        "--quiet",
        "--json",
        "--no-charts",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let s: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let mean = s["metrics"]["calls_per_agent_hour"]["mean"]
        .as_f64()
        .unwrap();
    let hours: f64 = 53.0 * 168.0;
    let se = (1000.0f64 * 100.0 * hours).sqrt() / hours / 20f64.sqrt();
    assert!((mean - 100_000.0).abs() < 4.0 * se, "{mean} (se {se})");
}
