//! The one input table, checked from outside: every number a bundled scenario file writes is an
//! input `check` lists exactly once with its label, and a value pinned by `sweep` (fields left at
//! their default, whole-number fields and prizes included) gives the same numbers as the value
//! written into the file.

mod common;

use common::{callprofit, scenario};
use serde_json::Value;
use std::collections::BTreeMap;

/// Every numeric leaf of a scenario file, by the path `check` and `--set` use: numbers,
/// distribution tables, and the elements of number lists (prizes). Not inputs: the simulation's
/// own settings, correlation ranks and the arrival profiles' weights.
fn numeric_leaves(v: &toml::Value, at: &str, out: &mut Vec<String>) {
    let skip = [
        "simulation",
        "correlations",
        "queue.intraday_profile",
        "queue.weekday_profile",
    ];
    if skip.contains(&at) {
        return;
    }
    match v {
        toml::Value::Integer(_) | toml::Value::Float(_) => out.push(at.to_string()),
        toml::Value::Table(t) if t.contains_key("dist") => out.push(at.to_string()),
        toml::Value::Table(t) => {
            for (k, v) in t {
                let path = if at.is_empty() {
                    k.clone()
                } else {
                    format!("{at}.{k}")
                };
                numeric_leaves(v, &path, out);
            }
        }
        toml::Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                numeric_leaves(v, &format!("{at}[{i}]"), out);
            }
        }
        _ => {}
    }
}

fn bundled() -> Vec<String> {
    let mut files: Vec<String> = ["", "plans/"]
        .iter()
        .flat_map(|sub| {
            let dir = std::path::Path::new(&scenario(sub)).to_path_buf();
            std::fs::read_dir(dir)
                .unwrap()
                .filter_map(|e| {
                    let name = e.unwrap().file_name().to_string_lossy().into_owned();
                    name.ends_with(".toml").then(|| format!("{sub}{name}"))
                })
                .collect::<Vec<_>>()
        })
        .collect();
    files.sort();
    files
}

#[test]
fn check_lists_every_number_of_every_bundled_file_once_with_its_label() {
    let files = bundled();
    assert!(files.len() >= 12, "{files:?}");
    for name in files {
        let path = scenario(&name);
        let text = std::fs::read_to_string(&path).unwrap();
        let doc = toml::Value::Table(text.parse::<toml::Table>().unwrap());
        let mut leaves = Vec::new();
        numeric_leaves(&doc, "", &mut leaves);
        let (code, stdout, stderr) = callprofit(&["check", &path]);
        assert_eq!(code, 0, "{name}: {stderr}");
        // An input line reads "  label [path]: value" (the value may wrap onto the next line).
        let mut listed: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for line in stdout.lines().filter(|l| l.starts_with("  ")) {
            let Some((label, rest)) = line.trim_start().split_once(" [") else {
                continue;
            };
            if let Some((path, _)) = rest.split_once("]:") {
                listed.entry(path).or_default().push(label);
            }
        }
        for leaf in &leaves {
            let labels = listed.get(leaf.as_str()).cloned().unwrap_or_default();
            assert_eq!(
                labels.len(),
                1,
                "{name}: `{leaf}` listed {} times:\n{stdout}",
                labels.len()
            );
            assert!(
                !labels[0].is_empty() && !labels[0].contains('.') && !labels[0].contains('['),
                "{name}: `{leaf}` has no label for people: {:?}",
                labels[0]
            );
        }
        // The outcomes' own labels name their inputs.
        for o in doc.get("outcomes").and_then(|o| o.as_array()).unwrap() {
            if let Some(l) = o.get("label").and_then(|l| l.as_str()) {
                let want = format!("  {l}: probability [");
                assert!(stdout.contains(&want), "{name}: no `{want}` in\n{stdout}");
            }
        }
    }
}

fn sweep_json(file: &str, set: &str, iterations: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = callprofit(&[
        "sweep",
        file,
        "--set",
        set,
        "--iterations",
        iterations,
        "--quiet",
        "--json",
        "--no-charts",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{set}: {stderr}");
    serde_json::from_str(&stdout).unwrap()
}

/// `run` on `text` (a scenario written out) at the same iterations and seed: its profit summary.
fn run_profit(text: &str, iterations: &str, seed: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("written.toml");
    std::fs::write(&file, text).unwrap();
    let (code, _, stderr) = callprofit(&[
        "run",
        file.to_str().unwrap(),
        "--iterations",
        iterations,
        "--seed",
        seed,
        "--quiet",
        "--no-charts",
        "--out",
        dir.path().join("out").to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let s: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("out/summary.json")).unwrap(),
    )
    .unwrap();
    s["metrics"]["profit_per_agent_year"].clone()
}

fn assert_same_point(point: &Value, run: &Value, what: &str) {
    for k in ["mean", "mean_se", "p10", "p50", "p90"] {
        assert_eq!(
            point[k].as_f64(),
            run[k].as_f64(),
            "{what}: {k}: sweep {point} vs file {run}"
        );
    }
}

#[test]
fn a_swept_default_field_gives_the_numbers_of_the_value_written_in_the_file() {
    // center_20 leaves incentives.programme_cost_usd at its default 0.
    let path = scenario("center_20.toml");
    let v = sweep_json(&path, "incentives.programme_cost_usd=0..50000:2", "300");
    assert_eq!(v["axes"][0]["label"], "Plan: programme cost ($)");
    let seed = v["seed"].to_string();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains("programme_cost_usd"));
    let written = text.replace(
        "[incentives.contest]",
        "[incentives]\nprogramme_cost_usd = 50000\n\n[incentives.contest]",
    );
    assert_same_point(
        &v["points"][1],
        &run_profit(&written, "300", &seed),
        "programme cost",
    );
    // The cost is $50,000 for 20 agents: $2,500 per agent-year, year by year.
    let drop = v["points"][0]["mean"].as_f64().unwrap() - v["points"][1]["mean"].as_f64().unwrap();
    assert!((drop - 2500.0).abs() < 1e-6, "{drop}");
}

#[test]
fn whole_number_fields_and_prizes_sweep_like_written_values() {
    // A planner's first sweep: agents in a queue scenario (integer grid points only).
    let path = scenario("queue_15.toml");
    let v = sweep_json(&path, "team.agents=14..26:4", "4");
    let values: Vec<f64> = v["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["values"][0].as_f64().unwrap())
        .collect();
    assert_eq!(values, [14.0, 18.0, 22.0, 26.0]);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("agents = 20"));
    let written = text.replace("agents = 20", "agents = 18");
    assert_same_point(
        &v["points"][1],
        &run_profit(&written, "4", &v["seed"].to_string()),
        "agents",
    );
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = callprofit(&[
        "sweep",
        &path,
        "--set",
        "team.agents=14..25:4",
        "--quiet",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("not a whole number") && stderr.contains("team.agents"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing written"
    );
    // The weekly prize of the field test.
    let path = scenario("field_test.toml");
    let v = sweep_json(&path, "incentives.contest.prizes_usd[0]=0..200:3", "50");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("prizes_usd = [100]"));
    let written = text.replace("prizes_usd = [100]", "prizes_usd = [200]");
    assert_same_point(
        &v["points"][2],
        &run_profit(&written, "50", &v["seed"].to_string()),
        "prize",
    );
    // 52 weekly prizes of $100 more, shared by 5 agents: $1,040 per agent-year less.
    let step = v["points"][1]["mean"].as_f64().unwrap() - v["points"][2]["mean"].as_f64().unwrap();
    assert!((step - 1040.0).abs() < 1e-6, "{step}");
}
