//! Offers that sell and annoy, and what a hang-up costs (issue 12, parts 4 and 5): `expected`
//! against hand computations, `run` against `expected` in both capacity modes, the offer-share
//! sweep's bend at the receptive share against its closed-form slopes, and the abandon churn
//! cost against share x abandoned x value.

mod common;

use common::{callprofit, scenario};
use serde_json::Value;
use std::path::Path;

/// One agent-week of 400 calls (10 an hour, 40 paid hours), 4 weeks a year, 2 agents: a save
/// per handled call (0.1, $30) and two per-offer outcomes (0.7 at $40; 0.2 trials at $0 of which
/// half convert at $20). Offers on 30% of calls, 10% of callers receptive, who accept 60% of
/// the time, other callers 10%; a fifth of unwanted offers churn a $20 subscriber.
const UNLIMITED: &str = r#"
[horizon]
weeks_per_year = 4
[team]
agents = 2
[demand]
calls_per_agent_hour = 10
[[outcomes]]
name = "save"
probability = 0.1
value_usd = 30
[[outcomes]]
name = "upsell"
probability = 0.7
value_usd = 40
per_offer = true
[[outcomes]]
name = "trial"
probability = 0.2
value_usd = 0
trial_to_paid = 0.5
paid_value_usd = 20
per_offer = true
[incentives.behaviour]
offer_share = 0.3
receptive_share = 0.1
receptive_acceptance = 0.6
other_acceptance = 0.1
annoyed_share = 0.2
churn_cost_usd = 20
[simulation]
iterations = 2000
"#;

/// The same team behind a queue: 5 agents at 10 calls per paid hour are 50 calls per open hour
/// of 8 (3 minutes each: 2.5 erlangs on 5 seats), the offers decided per call by
/// `queue.attempt_share`; callers never hang up, so every call is handled.
fn queue_text() -> String {
    UNLIMITED
        .replace("agents = 2", "agents = 5")
        .replace("offer_share = 0.3\n", "")
        .replace(
            "[simulation]",
            "[queue]\nhandle_seconds = 180\nattempt_share = 0.3\n[simulation]",
        )
        .replace("iterations = 2000", "iterations = 300")
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

fn json(args: &[&str]) -> Value {
    let (code, stdout, stderr) = callprofit(args);
    assert_eq!(code, 0, "{args:?}: {stderr}");
    serde_json::from_str(&stdout).unwrap()
}

fn expected(file: &str) -> Value {
    json(&["expected", file, "--json"])
}

fn run(file: &str, out: &Path) -> Value {
    json(&[
        "run",
        file,
        "--quiet",
        "--json",
        "--out",
        out.to_str().unwrap(),
    ])
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9 * b.abs().max(1.0)
}

#[test]
fn expected_sales_and_annoyance_are_the_hand_computed_ones() {
    let dir = tempfile::tempdir().unwrap();
    // Offers to receptive callers: min(0.3, 0.1) = 0.1 of calls, to others 0.2; accepted on
    // 0.1 x 0.6 + 0.2 x 0.1 = 0.08 of calls. Per agent-week (400 calls): 40 saves, 400 x 0.7 x
    // 0.08 = 22.4 up-sells and 400 x 0.2 x 0.08 = 6.4 trials. A year's 1,600 calls per agent
    // bring 1,600 x (3 + 0.056 x 40 + 0.016 x 0.5 x 20) = $8,640; the unwanted offers (0.2 of
    // calls) annoy a fifth: 1,600 x 0.2 x 0.2 x $20 = $1,280 per agent-year.
    let e = expected(&write(dir.path(), "r.toml", UNLIMITED));
    let week = &e["agents"][0]["outcomes"];
    let got: Vec<f64> = (0..3).map(|j| week[j].as_f64().unwrap()).collect();
    for (g, want) in got.iter().zip([40.0, 22.4, 6.4]) {
        assert!(close(*g, want), "{got:?}");
    }
    let m = &e["metrics"];
    assert!(close(
        m["revenue_per_agent_year"].as_f64().unwrap(),
        8_640.0
    ));
    assert!(close(m["cost_per_agent_year"].as_f64().unwrap(), 1_280.0));

    // Without a receptive share the per-offer probabilities are per offered call (x 0.3) and
    // every offer can annoy: 400 x 0.7 x 0.3 = 84 up-sells, 24 trials; revenue 1,600 x (3 + 0.21
    // x 40 + 0.06 x 10) = $19,200 and annoyance 1,600 x 0.3 x 0.2 x $20 = $1,920 per agent-year.
    let plain = UNLIMITED
        .replace("receptive_share = 0.1\n", "")
        .replace("receptive_acceptance = 0.6\n", "")
        .replace("other_acceptance = 0.1\n", "");
    let e = expected(&write(dir.path(), "p.toml", &plain));
    let week = &e["agents"][0]["outcomes"];
    assert!(close(week[1].as_f64().unwrap(), 84.0), "{week}");
    assert!(close(week[2].as_f64().unwrap(), 24.0), "{week}");
    let m = &e["metrics"];
    assert!(close(
        m["revenue_per_agent_year"].as_f64().unwrap(),
        19_200.0
    ));
    assert!(close(m["cost_per_agent_year"].as_f64().unwrap(), 1_920.0));
}

/// Where `run`'s mean of `metric` is not within 4 s.e. of `expected`'s, why.
fn disagrees(run: &Value, expected: &Value, metric: &str) -> Option<String> {
    let r = &run["metrics"][metric];
    let (mean, se) = (r["mean"].as_f64().unwrap(), r["mean_se"].as_f64().unwrap());
    let want = expected["metrics"][metric].as_f64().unwrap();
    let z = (mean - want) / se;
    (!(se > 0.0 && z.abs() < 4.0))
        .then(|| format!("{metric}: run {mean} ± {se}, expected {want} ({z:.1} s.e.)"))
}

#[test]
fn run_agrees_with_expected_in_both_capacity_modes() {
    let dir = tempfile::tempdir().unwrap();
    let bundled = scenario("offers.toml");
    let queue = write(dir.path(), "q.toml", &queue_text());
    let unlimited = write(dir.path(), "u.toml", UNLIMITED);
    let mut failed = Vec::new();
    for (file, out) in [(&bundled, "b"), (&unlimited, "u"), (&queue, "q")] {
        let (r, e) = (run(file, &dir.path().join(out)), expected(file));
        // Revenue holds the sales, cost the annoyance (nothing else costs money here).
        for metric in [
            "revenue_per_agent_year",
            "cost_per_agent_year",
            "success_rate",
        ] {
            if let Some(why) = disagrees(&r, &e, metric) {
                failed.push(format!("{out}: {why}"));
            }
        }
    }
    assert!(failed.is_empty(), "{failed:#?}");
}

/// Mean profit per agent-year and its standard error at each point of an offer-share sweep.
fn sweep_points(out: &Path) -> Vec<(f64, f64, f64)> {
    let s = json(&[
        "sweep",
        &scenario("offers.toml"),
        "--set",
        "incentives.behaviour.offer_share=0..0.5:11",
        "--iterations",
        "2000",
        "--quiet",
        "--json",
        "--out",
        out.to_str().unwrap(),
    ]);
    let num = |v: &Value| v.as_f64().unwrap();
    s["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (num(&p["values"][0]), num(&p["mean"]), num(&p["mean_se"])))
        .collect()
}

#[test]
fn the_offer_share_sweep_bends_at_the_receptive_share() {
    // offers.toml: 3.31 calls an hour over 2,080 paid hours = 6,884.8 calls per agent-year. An
    // accepting caller brings 0.7 x $35 + 0.3 x 0.1 x $35 = $25.55. Below the receptive share
    // (0.15) each unit of offer share sells to receptive callers at 0.5: slope 6,884.8 x 0.5 x
    // 25.55 per agent-year. Above it offers reach other callers, who buy at 0.04 and cancel at
    // 0.1 taking $34.95: slope 6,884.8 x (0.04 x 25.55 - 0.1 x 34.95), negative.
    let calls = 3.31 * 2080.0;
    let below = calls * 0.5 * 25.55;
    let above = calls * (0.04 * 25.55 - 0.1 * 34.95);
    assert!(below > 0.0 && above < 0.0);
    let dir = tempfile::tempdir().unwrap();
    let p = sweep_points(&dir.path().join("s"));
    assert_eq!(p.len(), 11);
    let at = |x: f64| *p.iter().find(|q| (q.0 - x).abs() < 1e-9).unwrap();
    // Every point runs the same seed; the saves' counts are the same draws at every point and
    // the sales' counts are coupled draws, so the two means are not negatively correlated and
    // the unpaired standard error of their difference bounds the paired one.
    for ((x0, x1), slope) in [((0.0, 0.15), below), ((0.15, 0.5), above)] {
        let ((_, m0, s0), (_, m1, s1)) = (at(x0), at(x1));
        let got = (m1 - m0) / (x1 - x0);
        let se = (s0 * s0 + s1 * s1).sqrt() / (x1 - x0);
        let z = (got - slope) / se;
        assert!(
            z.abs() < 4.0,
            "slope over [{x0}, {x1}]: {got} vs {slope} ({z:.1} s.e.)"
        );
    }
    // The best point is the receptive share.
    let best = p.iter().max_by(|a, b| a.1.total_cmp(&b.1)).unwrap();
    assert!((best.0 - 0.15).abs() < 1e-9, "peak at {}", best.0);
}

/// A queue where callers hang up: 18 calls per agent-hour on 5 agents is 4.5 erlangs on 5 seats,
/// with patience of 30 s on average; `churn` adds lines to `[queue]`.
fn impatient(churn: &str) -> String {
    format!(
        r#"
[horizon]
weeks_per_year = 2
[team]
agents = 5
[demand]
calls_per_agent_hour = 18
[[outcomes]]
name = "save"
probability = 0.1
value_usd = 30
[queue]
handle_seconds = 180
patience_seconds = {{ dist = "exponential", mean = 30 }}
{churn}
[simulation]
iterations = 300
"#
    )
}

/// iterations.csv as rows of named numbers.
fn iterations(out: &Path) -> (Vec<String>, Vec<Vec<f64>>) {
    let text = std::fs::read_to_string(out.join("iterations.csv")).unwrap();
    let mut lines = text.lines();
    let head: Vec<String> = lines.next().unwrap().split(',').map(String::from).collect();
    let rows = lines
        .map(|l| {
            l.split(',')
                .map(|x| x.parse().unwrap_or(f64::NAN))
                .collect()
        })
        .collect();
    (head, rows)
}

#[test]
fn abandon_churn_costs_share_times_abandoned_times_value() {
    let dir = tempfile::tempdir().unwrap();
    let (share, value) = (0.25, 80.0);
    let churn = format!("abandon_churn_share = {share}\nabandon_churn_value_usd = {value}");
    let file = write(dir.path(), "c.toml", &impatient(&churn));
    let out = dir.path().join("c");
    let r = run(&file, &out);
    assert!(r["metrics"]["abandon_churn_cost_per_agent_year"].is_object());
    let (head, rows) = iterations(&out);
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    let (a, c, cost) = (
        col("abandoned_calls_year"),
        col("abandon_churn_cost_per_agent_year"),
        col("cost_usd"),
    );
    // Given a year's abandoned calls A, the cost is value x Binomial(A, share): mean
    // share x A x value, variance value^2 x A x share x (1 - share). Summed over the years the
    // differences from the mean have that summed variance.
    let (mut diff, mut var, mut abandoned) = (0.0, 0.0, 0.0);
    for row in &rows {
        let team_cost = row[c] * 5.0;
        assert!(close(row[cost], team_cost), "the cost is in cost_usd");
        diff += team_cost - share * row[a] * value;
        var += value * value * row[a] * share * (1.0 - share);
        abandoned += row[a];
    }
    assert!(abandoned > 1000.0, "callers do hang up: {abandoned}");
    let z = diff / var.sqrt();
    assert!(z.abs() < 4.0, "{z:.1} s.e. from share x abandoned x value");

    // A share of 0 needs no value and costs exactly nothing; without the fields there is no
    // such metric.
    let zero = write(dir.path(), "z.toml", &impatient("abandon_churn_share = 0"));
    let out = dir.path().join("z");
    run(&zero, &out);
    let (head, rows) = iterations(&out);
    let c = head
        .iter()
        .position(|h| h == "abandon_churn_cost_per_agent_year")
        .unwrap();
    assert!(rows.iter().all(|r| r[c] == 0.0));
    let none = write(dir.path(), "n.toml", &impatient(""));
    let r = run(&none, &dir.path().join("n"));
    assert!(r["metrics"]["abandon_churn_cost_per_agent_year"].is_null());
}
