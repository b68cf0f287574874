//! `compare` and `staffing` end to end: the real binary on the bundled queue scenarios.

mod common;

use common::{callprofit, scenario};
use serde_json::Value;

fn json(args: &[&str]) -> Value {
    let (code, stdout, stderr) = callprofit(args);
    assert_eq!(code, 0, "callprofit {args:?}: {stderr}");
    serde_json::from_str(&stdout).expect("JSON on stdout")
}

/// Common random numbers at work: the 1.5 and 15 calls-per-agent-hour teams share their cost
/// draws and callers, so the paired standard error of the profit difference is at least 5x
/// smaller than two independent runs would give.
#[test]
fn paired_difference_is_far_more_precise_than_unpaired() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (scenario("queue_1_5.toml"), scenario("queue_15.toml"));
    let out = dir.path().to_str().unwrap();
    let c = json(&[
        "compare",
        &a,
        &b,
        "--iterations",
        "100",
        "--seed",
        "5",
        "--out",
        out,
        "--json",
        "--quiet",
    ]);
    let d = &c["differences"][0];
    let (paired, unpaired) = (
        d["se_paired"].as_f64().unwrap(),
        d["se_unpaired"].as_f64().unwrap(),
    );
    assert!(
        unpaired >= 5.0 * paired,
        "paired s.e. {paired} vs unpaired {unpaired}"
    );
    assert_eq!(d["scenario"], "queue_15");
    assert_eq!(d["baseline"], "queue_1_5");
    // The difference of the means is the mean of the differences.
    let mean = |i: usize| {
        c["scenarios"][i]["metrics"]["profit_per_agent_year"]["mean"]
            .as_f64()
            .unwrap()
    };
    let diff = d["mean"].as_f64().unwrap();
    assert!((mean(1) - mean(0) - diff).abs() < 1e-6 * diff.abs());
    assert!(
        c["scenarios"][1]["metrics"]["service_level"]["mean"]
            .as_f64()
            .unwrap()
            < 0.5
    );
    assert!(dir.path().join("compare.csv").exists());
}

#[test]
fn compare_output_is_identical_for_any_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        scenario("queue_15.toml"),
        scenario("queue_15_staffed.toml"),
        scenario("article_15.toml"),
    ];
    let mut outputs = Vec::new();
    for threads in ["1", "2"] {
        let out = dir.path().join(threads);
        let mut args = vec!["compare"];
        args.extend(files.iter().map(String::as_str));
        args.extend(["--iterations", "6", "--threads", threads, "--quiet"]);
        args.extend(["--out", out.to_str().unwrap()]);
        let (code, stdout, stderr) = callprofit(&args);
        assert_eq!(code, 0, "{stderr}");
        assert!(stdout.contains("better in") && stdout.contains("service level"));
        let read = |f: &str| std::fs::read(out.join(f)).unwrap();
        outputs.push((read("compare.json"), read("compare.csv")));
    }
    assert!(
        outputs[0] == outputs[1],
        "compare output differs between 1 and 2 threads"
    );
}

/// Staffing for the 15-calls demand: the answer meets the target and one agent fewer does not
/// (in the mean), and a missing queue or a bad target is refused with exit code 2.
#[test]
fn staffing_finds_the_fewest_agents_for_80_20() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s");
    let s = json(&[
        "staffing",
        &scenario("queue_15.toml"),
        "--service-level",
        "0.8",
        "--within",
        "20",
        "--iterations",
        "8",
        "--out",
        out.to_str().unwrap(),
        "--json",
        "--quiet",
    ]);
    let n = s["agents_for_mean"].as_u64().unwrap();
    let levels = s["levels"].as_array().unwrap();
    let sl = |agents: u64| {
        levels
            .iter()
            .find(|l| l["agents"] == agents)
            .map(|l| l["service_level_mean"].as_f64().unwrap())
            .unwrap_or_else(|| panic!("{agents} agents not simulated"))
    };
    assert!(
        sl(n) >= 0.8 && sl(n - 1) < 0.8,
        "{n} agents: {} / {}",
        sl(n),
        sl(n - 1)
    );
    assert!((30..=40).contains(&n), "{n} agents");
    assert!(s["agents_for_years"].as_u64().unwrap() >= n);
    sl(n + 1);

    let (code, _, err) = callprofit(&["staffing", &scenario("article_15.toml"), "--quiet"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("article_15.toml") && err.contains("queue"),
        "{err}"
    );
    let (code, _, err) = callprofit(&[
        "staffing",
        &scenario("queue_15.toml"),
        "--service-level",
        "1.5",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--service-level") && err.contains("fix"),
        "{err}"
    );
}

/// Staffing in seconds: the Erlang answer for queue_15's mean load, confirmed by simulating each
/// size only as many years as its verdict needs, gives the answer of the full search it replaced
/// (every size at 100 years: 36 agents in the mean, 38 in 90% of years, as that search printed
/// on this seed), and where a size took all 100 years its figures are that search's to the bit
/// (year i is the same however many years run). staffing.csv keeps its columns, `years` last.
#[test]
fn staffing_gives_the_full_searchs_answer_from_fewer_years() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s");
    let s = json(&[
        "staffing",
        &scenario("queue_15.toml"),
        "--service-level",
        "0.8",
        "--within",
        "20",
        "--out",
        out.to_str().unwrap(),
        "--json",
        "--quiet",
    ]);
    assert_eq!(
        (
            s["agents_for_mean"].as_u64(),
            s["agents_for_years"].as_u64()
        ),
        (Some(36), Some(38))
    );
    let levels = s["levels"].as_array().unwrap();
    let at = |n: u64| {
        levels
            .iter()
            .find(|l| l["agents"] == n)
            .unwrap_or_else(|| panic!("{n} agents not simulated"))
    };
    let sl = |n: u64| at(n)["service_level_mean"].as_f64().unwrap();
    let share = |n: u64| at(n)["years_meeting"]["p"].as_f64().unwrap();
    // The full search's figures where this one took the full 100 years (ee850a8's staffing.json).
    assert_eq!(
        (at(35)["years"].as_u64(), sl(35), share(35)),
        (Some(100), 0.7946492442674443, 0.5)
    );
    assert_eq!(
        (at(38)["years"].as_u64(), sl(38), share(38)),
        (Some(100), 0.8662851718191501, 0.91)
    );
    assert!(sl(36) >= 0.8 && sl(35) < 0.8);
    assert!(share(38) >= 0.9 && share(37) < 0.9);
    sl(39);
    let years: Vec<u64> = levels
        .iter()
        .map(|l| l["years"].as_u64().unwrap())
        .collect();
    assert!(years.iter().all(|y| *y <= 100 && y % 10 == 0), "{years:?}");
    let total: u64 = years.iter().sum();
    assert_eq!(s["years_simulated"].as_u64(), Some(total));
    // Against 15 sizes x 100 years before; the two undecided sizes (35, 38) take 100 each.
    assert!(total <= 350, "{years:?}");
    let start = s["erlang_start"].as_u64().unwrap();
    assert!((33..=39).contains(&start), "Erlang start {start}");
    assert_eq!(s["sampling"]["max_years"], 100);
    let csv = std::fs::read_to_string(out.join("staffing.csv")).unwrap();
    assert_eq!(
        csv.lines().next().unwrap(),
        "agents,seats,service_level_mean,service_level_se,years_meeting,years_meeting_se,abandon_rate_mean,occupancy_mean,profit_per_agent_year_mean,profit_per_agent_year_se,team_profit_year_mean,team_profit_year_se,years"
    );
    assert_eq!(csv.lines().count(), levels.len() + 1);
}

/// The sequential search is as reproducible as a run: the same bytes for 1 and 2 threads.
#[test]
fn staffing_is_identical_for_any_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let mut outputs = Vec::new();
    for threads in ["1", "2"] {
        let out = dir.path().join(threads);
        let (code, _, err) = callprofit(&[
            "staffing",
            &scenario("queue_15.toml"),
            "--iterations",
            "30",
            "--threads",
            threads,
            "--quiet",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{err}");
        let read = |f: &str| std::fs::read(out.join(f)).unwrap();
        outputs.push((read("staffing.json"), read("staffing.csv")));
    }
    assert!(
        outputs[0] == outputs[1],
        "staffing differs between 1 and 2 threads"
    );
}

/// The manager's comparison: a plan's extra cost is exactly its prizes and training, the paired
/// difference shows whether behaviour pays it back, and the rate-ranked contest spreads the wins.
#[test]
fn plans_against_the_baseline() {
    let dir = tempfile::tempdir().unwrap();
    let plan = |name: &str| scenario(&format!("plans/{name}.toml"));
    let out = dir.path().join("c");
    let c = json(&[
        "compare",
        &plan("baseline"),
        &plan("contest_points"),
        &plan("commission"),
        "--iterations",
        "300",
        "--out",
        out.to_str().unwrap(),
        "--json",
        "--quiet",
    ]);
    let d = &c["differences"][0];
    // $100 a week for 52 weeks plus 4 training hours at $15 x 1.2 for 5 agents, per agent.
    let want = (5200.0 + 5.0 * 4.0 * 15.0 * 1.2) / 5.0;
    let got = d["plan_cost_difference"].as_f64().unwrap();
    assert!((got - want).abs() < 1e-6, "plan cost {got} vs {want}");
    let ret = d["return_on_plan_cost_pct"].as_f64().unwrap();
    let mean = d["mean"].as_f64().unwrap();
    assert!((ret - mean / want * 100.0).abs() < 1e-6);
    assert!(
        c["differences"][1]["plan_cost_difference"]
            .as_f64()
            .unwrap()
            > 0.0
    );

    let run = |name: &str| {
        let o = dir.path().join(name);
        json(&[
            "run",
            &plan(name),
            "--iterations",
            "300",
            "--out",
            o.to_str().unwrap(),
            "--json",
            "--quiet",
        ])
    };
    let win = |v: &Value, a: usize| v["agents"][a]["p_win_period"]["p"].as_f64().unwrap();
    let (points, rate) = (run("contest_points"), run("contest_rate"));
    assert_eq!(points["fairness"]["top_volume_agent"], "Agent 1");
    assert!(win(&points, 0) > 0.45 && win(&rate, 0) < 0.2);
    // Ranked by rate, agent 4 (the best rate, ~49 calls a week) wins most often.
    let best = (0..5)
        .max_by(|a, b| win(&rate, *a).total_cmp(&win(&rate, *b)))
        .unwrap();
    assert_eq!(best, 3);
}

#[test]
fn scenarios_with_the_same_file_stem_get_distinct_names() {
    // The same file twice: a zero difference in every year, under two distinct names.
    let dir = tempfile::tempdir().unwrap();
    let base = scenario("plans/baseline.toml");
    let c = json(&[
        "compare",
        &base,
        &base,
        "--iterations",
        "50",
        "--out",
        dir.path().to_str().unwrap(),
        "--json",
        "--quiet",
        "--no-charts",
    ]);
    let d = &c["differences"][0];
    assert_eq!(
        (d["baseline"].as_str(), d["scenario"].as_str()),
        (Some("baseline"), Some("baseline-2"))
    );
    assert_eq!(d["mean"].as_f64(), Some(0.0));
    let csv = std::fs::read_to_string(dir.path().join("compare_iterations.csv")).unwrap();
    let head: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let unique: std::collections::BTreeSet<&&str> = head.iter().collect();
    assert_eq!(unique.len(), head.len(), "{head:?}");
}

/// A queue scenario against one that answers every call: a note on the console and in
/// compare.json says the capacity models differ; two unlimited ones get no note.
#[test]
fn comparing_capacity_models_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("mixed");
    let (code, stdout, stderr) = callprofit(&[
        "compare",
        &scenario("article_15.toml"),
        &scenario("queue_15.toml"),
        "--iterations",
        "4",
        "--quiet",
        "--no-charts",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    // The note may wrap onto indented lines: read it as one run of words.
    let flat = stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    let note = flat
        .split_once("note: ")
        .and_then(|(_, n)| n.split_once(" wrote ").map(|(n, _)| n));
    let note = note.unwrap_or_else(|| panic!("no note: {stdout}"));
    assert!(
        note.contains("queue_15 simulates a queue")
            && note.contains("article_15 answers every call")
            && note.contains("includes the calls the queue loses"),
        "{note}"
    );
    let saved: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("compare.json")).unwrap()).unwrap();
    assert_eq!(saved["notes"], serde_json::json!([note]));
    let same = json(&[
        "compare",
        &scenario("article_1_5.toml"),
        &scenario("article_15.toml"),
        "--iterations",
        "4",
        "--quiet",
        "--no-charts",
        "--json",
        "--out",
        dir.path().join("same").to_str().unwrap(),
    ]);
    assert!(same.get("notes").is_none(), "no note: {same}");
}
