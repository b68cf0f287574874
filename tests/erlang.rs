//! `callprofit erlang` end to end: the calculator's published values from the flags, a queue
//! scenario's agents per open hour (table, CSV, JSON and chart), and bad flags refused with
//! exit code 2 and one line naming the flag and the fix.

mod common;

use common::{callprofit, scenario};
use serde_json::Value;

fn json(args: &[&str]) -> Value {
    let (code, stdout, stderr) = callprofit(args);
    assert_eq!(code, 0, "callprofit {args:?}: {stderr}");
    serde_json::from_str(&stdout).expect("JSON on stdout")
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

/// The classic example, 100 calls per 30 minutes at 180 s (10 Erlangs), 11 to 15 agents:
/// P(wait) and service level within 20 s from an independent computation (the textbook sum
/// formula in 30-digit mpmath, pyworkforce 0.5.1 agreeing to 1e-12:
/// tests/reference/erlang_reference.py). 14 agents meet 80/20, and with 30% shrinkage 14 on
/// the phones take 14 / 0.7 = 20 scheduled.
#[test]
fn flags_reproduce_the_classic_erlang_c_example() {
    let t = json(&[
        "erlang",
        "--calls-per-hour",
        "200",
        "--handle-seconds",
        "180",
        "--agents",
        "11..15",
        "--target-service-level",
        "0.8",
        "--shrinkage-pct",
        "30",
        "--json",
    ]);
    let want = [
        (11, 0.682118204689332, 0.389613811729153, 16),
        (12, 0.449388224298271, 0.640158040374007, 18),
        (13, 0.285270453036493, 0.795594788417783, 19),
        (14, 0.17413193359505, 0.888350019179467, 20),
        (15, 0.102042367007988, 0.941452842869022, 22),
    ];
    let rows = t["rows"].as_array().unwrap();
    assert_eq!(rows.len(), want.len());
    for (row, (agents, p_wait, sl, scheduled)) in rows.iter().zip(want) {
        assert_eq!(row["agents"], agents);
        assert!((f(&row["p_wait"]) - p_wait).abs() < 1e-12, "{row}");
        assert!((f(&row["service_level"]) - sl).abs() < 1e-12, "{row}");
        assert_eq!(row["abandon_rate"], 0.0);
        assert!((f(&row["occupancy"]) - 10.0 / agents as f64).abs() < 1e-12);
        assert!(f(&row["asa_seconds"]) > 0.0);
        assert_eq!(row["scheduled_agents"], scheduled);
    }
    assert_eq!(t["agents_needed"], 14);
    assert_eq!(t["scheduled_agents_needed"], 20);
    assert_eq!(t["model"], "Erlang C");
    assert_eq!(t["offered_load_erlangs"], 10.0);

    // The table a person reads: the same figures, the answer marked.
    let (code, out, _) = callprofit(&[
        "erlang",
        "--calls-per-hour",
        "200",
        "--handle-seconds",
        "180",
        "--agents",
        "13..14",
        "--target-service-level",
        "0.8",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("target 80%: 14 agents on the phones"), "{out}");
    let line = out
        .lines()
        .find(|l| l.trim_start().starts_with("14 "))
        .unwrap();
    assert!(line.contains("17.41%") && line.contains("88.84%") && line.ends_with('<'));
}

/// Erlang A from the flags: the values of the independent computation (the caller's absorbing
/// chain by matrix exponential, tests/reference/erlang_reference.py) within 1e-9; with only a
/// target, the rows are the answer and three either side.
#[test]
fn patience_gives_erlang_a() {
    let t = json(&[
        "erlang",
        "--calls-per-hour",
        "200",
        "--handle-seconds",
        "180",
        "--patience-seconds",
        "120",
        "--target-service-level",
        "0.8",
        "--json",
    ]);
    assert_eq!(t["model"], "Erlang A");
    // 11 agents give 74.2%: 12 are needed (its service level is 82.6%).
    assert_eq!(t["agents_needed"], 12);
    let agents: Vec<u64> = t["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["agents"].as_u64().unwrap())
        .collect();
    assert_eq!(agents, (9..=15).collect::<Vec<u64>>());
    let row = |n: usize| &t["rows"][n - 9];
    let want = [
        (
            9,
            [
                0.613307133249985,
                0.5240660591899028,
                20.94265291421924,
                0.1921560380125868,
                0.8976044022082369,
            ],
        ),
        (
            11,
            [
                0.382816491479932,
                0.7422089843893893,
                9.7825175186691,
                0.09415503423745646,
                0.8234954234204941,
            ],
        ),
        (
            14,
            [
                0.1269763400797954,
                0.9327295806980597,
                2.34537523415217,
                0.02283928653181877,
                0.697971938191558,
            ],
        ),
    ];
    for (n, w) in want {
        let r = row(n);
        let got = [
            "p_wait",
            "service_level",
            "asa_seconds",
            "abandon_rate",
            "occupancy",
        ]
        .map(|k| f(&r[k]));
        for (g, w) in got.iter().zip(w) {
            assert!(
                (g - w).abs() < 1e-9 * w.max(1.0),
                "{n} agents: {got:?} vs {w}"
            );
        }
    }
    assert!(f(&row(11)["service_level"]) < 0.8 && f(&row(12)["service_level"]) >= 0.8);
}

/// queue_15 by interval: 300 calls an open hour on average, shaped by the day (Monday 1.2) and
/// the hour (the third hour 1.25, weights scaled to mean 1), so the busiest hour is Monday
/// 10:00 with 1.2 x 1.25 / (8.0 / 8) = 1.5 x 300 = 450 calls; its need is above the mean
/// hour's. Work per call at the means: 210 + 30 + 0.6 x 20 + (57 x 45 + 10 x 40 + 6 x 60) / 662.
#[test]
fn interval_table_for_queue_15_peaks_above_the_mean_hour() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("e");
    let p = json(&[
        "erlang",
        &scenario("queue_15.toml"),
        "--out",
        out.to_str().unwrap(),
        "--json",
    ]);
    let work = 252.0 + 3325.0 / 662.0;
    assert!(
        (f(&p["handle_seconds"]) - work).abs() < 1e-9,
        "{}",
        p["handle_seconds"]
    );
    assert!((f(&p["mean_calls_per_hour"]) - 300.0).abs() < 1e-9);
    assert_eq!(p["model"], "Erlang A");
    assert_eq!(
        (f(&p["target_service_level"]), f(&p["shrinkage_pct"])),
        (0.8, 30.0)
    );
    let intervals = p["intervals"].as_array().unwrap();
    assert_eq!(intervals.len(), 5 * 8);
    let (peak, mean) = (&p["peak"], &p["mean_hour"]);
    assert_eq!(
        (peak["day_name"].as_str(), peak["starts"].as_str()),
        (Some("Mon"), Some("10:00"))
    );
    assert!((f(&peak["calls_per_hour"]) - 450.0).abs() < 1e-9);
    let need = |v: &Value| v["agents_on_phones"].as_u64().unwrap();
    assert!(need(peak) > need(mean), "peak {peak} vs mean {mean}");
    // The mean hour is the flags' calculator at the scenario's mean load.
    let flat = json(&[
        "erlang",
        "--calls-per-hour",
        "300",
        "--handle-seconds",
        &work.to_string(),
        "--patience-seconds",
        "120",
        "--target-service-level",
        "0.8",
        "--shrinkage-pct",
        "30",
        "--json",
    ]);
    assert_eq!(mean["agents_on_phones"], flat["agents_needed"]);
    assert_eq!(mean["scheduled_agents"], flat["scheduled_agents_needed"]);
    for i in intervals {
        // Each hour's answer meets the target, and scheduled agents cover it after shrinkage.
        assert!(f(&i["service_level"]) >= 0.8, "{i}");
        let (on, sched) = (need(i) as f64, f(&i["scheduled_agents"]));
        assert!(sched * 0.7 >= on - 1e-9 && (sched - 1.0) * 0.7 < on, "{i}");
        assert!(need(i) <= need(peak));
    }
    // CSV: one row per open hour; the chart: 1600x900 with every clock hour labelled.
    let csv = std::fs::read_to_string(out.join("erlang.csv")).unwrap();
    assert_eq!(csv.lines().count(), 41);
    assert!(csv.starts_with(
        "day,day_name,hour,starts,hours,calls_per_hour,agents_on_phones,scheduled_agents"
    ));
    let svg = std::fs::read_to_string(out.join("erlang_intervals.svg")).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let texts: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .map(str::trim)
        .collect();
    for h in 8..16 {
        let label = format!("{h:02}:00");
        assert!(
            texts.contains(&label.as_str()),
            "{label} not labelled: {texts:?}"
        );
    }
    assert!(
        texts.contains(&"Wed, Thu"),
        "equal days share a line: {texts:?}"
    );
    let png = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(out.join("erlang_intervals.png")).unwrap(),
    ))
    .read_info()
    .unwrap();
    assert_eq!((png.info().width, png.info().height), (1600, 900));

    // The table a person reads.
    let (code, text, _) = callprofit(&[
        "erlang",
        &scenario("queue_15.toml"),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    assert!(
        text.contains("the busiest hour, Mon 10:00 (450.0 calls)"),
        "{text}"
    );
    assert!(text.contains("10:00") && text.contains("Wed"));
}

/// Bad input: exit code 2, one line naming the flag (or file) and the fix, nothing on stdout.
#[test]
fn bad_flags_are_refused_with_the_fix() {
    let q15 = scenario("queue_15.toml");
    let a15 = scenario("article_15.toml");
    let load = ["--calls-per-hour", "200", "--handle-seconds", "180"];
    let with = |extra: &[&'static str]| {
        let mut v: Vec<String> = vec!["erlang".into()];
        v.extend(load.iter().map(|s| s.to_string()));
        v.extend(extra.iter().map(|s| s.to_string()));
        v
    };
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec![
                "erlang".into(),
                "--calls-per-hour".into(),
                "-5".into(),
                "--handle-seconds".into(),
                "180".into(),
                "--agents".into(),
                "3".into(),
            ],
            "--calls-per-hour",
        ),
        (with(&["--agents", "0"]), "--agents"),
        (with(&["--agents", "60..50"]), "--agents"),
        (with(&["--agents", "ten"]), "--agents"),
        (with(&["--agents", "5..x"]), "--agents"),
        (with(&[]), "--agents"),
        (
            vec![
                "erlang".into(),
                "--handle-seconds".into(),
                "180".into(),
                "--agents".into(),
                "3".into(),
            ],
            "--calls-per-hour",
        ),
        (
            vec![
                "erlang".into(),
                "--calls-per-hour".into(),
                "200".into(),
                "--handle-seconds".into(),
                "0".into(),
                "--agents".into(),
                "3".into(),
            ],
            "--handle-seconds",
        ),
        (
            with(&["--agents", "12", "--patience-seconds", "-1"]),
            "--patience-seconds",
        ),
        (
            with(&["--agents", "12", "--service-level-seconds", "-20"]),
            "--service-level-seconds",
        ),
        (
            with(&["--agents", "12", "--target-service-level", "1"]),
            "--target-service-level",
        ),
        (
            with(&["--agents", "12", "--target-service-level", "0"]),
            "--target-service-level",
        ),
        (
            with(&["--agents", "12", "--shrinkage-pct", "100"]),
            "--shrinkage-pct",
        ),
        (
            vec!["erlang".into(), q15.clone(), "--agents".into(), "5".into()],
            "--agents",
        ),
        (
            vec![
                "erlang".into(),
                q15.clone(),
                "--calls-per-hour".into(),
                "5".into(),
            ],
            "--calls-per-hour",
        ),
        (
            vec![
                "erlang".into(),
                q15.clone(),
                "--opens-at".into(),
                "25".into(),
            ],
            "--opens-at",
        ),
        (
            vec![
                "erlang".into(),
                q15,
                "--target-service-level".into(),
                "1.5".into(),
            ],
            "--target-service-level",
        ),
        (vec!["erlang".into(), a15], "article_15.toml"),
    ];
    for (args, names) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, out, err) = callprofit(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(out.is_empty(), "{args:?}: {out}");
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        assert!(
            err.contains(names) && err.contains("fix:"),
            "{args:?}: {err}"
        );
    }
}
