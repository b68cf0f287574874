//! What the README's commands print fits a 100-column terminal.

mod common;

use common::{callprofit, scenario};

#[test]
fn the_readme_commands_fit_100_columns() {
    let dir = tempfile::tempdir().unwrap();
    let out = |name: &str| dir.path().join(name).display().to_string();
    let s = scenario;
    let quick = ["--iterations", "10", "--quiet"];
    let runs: Vec<Vec<String>> = vec![
        vec![
            "run".into(),
            s("field_test.toml"),
            "--out".into(),
            out("run"),
        ],
        vec![
            "run".into(),
            s("center_20_correlated.toml"),
            "--out".into(),
            out("corr"),
        ],
        vec![
            "run".into(),
            s("queue_15.toml"),
            "--out".into(),
            out("queue"),
        ],
        vec!["expected".into(), s("field_test.toml")],
        vec!["expected".into(), s("article_15.toml")],
        vec!["check".into(), s("center_20.toml")],
        vec!["check".into(), s("field_test.toml")],
        vec!["check".into(), s("queue_15.toml")],
        vec![
            "compare".into(),
            s("queue_1_5.toml"),
            s("queue_15.toml"),
            s("queue_15_staffed.toml"),
            "--out".into(),
            out("compare"),
        ],
        vec![
            "compare".into(),
            s("plans/baseline.toml"),
            s("plans/base_plus_commission.toml"),
            s("plans/contest_points.toml"),
            s("plans/contest_rate.toml"),
            "--out".into(),
            out("plans"),
        ],
        vec![
            "sweep".into(),
            s("center_20.toml"),
            "--set".into(),
            "demand.calls_per_agent_hour=0..15:6".into(),
            "--out".into(),
            out("sweep"),
        ],
        vec![
            "sweep".into(),
            s("queue_15.toml"),
            "--set".into(),
            "team.agents=14..26:4".into(),
            "--out".into(),
            out("sweep_q"),
        ],
        vec![
            "sweep".into(),
            s("offers.toml"),
            "--set".into(),
            "incentives.behaviour.offer_share=0..0.5:11".into(),
            "--out".into(),
            out("sweep_offers"),
        ],
        vec!["expected".into(), s("offers.toml")],
        vec![
            "run".into(),
            s("subscriber_economics.toml"),
            "--out".into(),
            out("subscriber"),
        ],
        vec!["expected".into(), s("subscriber_economics.toml")],
        vec![
            "sensitivity".into(),
            s("center_20.toml"),
            "--out".into(),
            out("sens"),
        ],
        vec![
            "staffing".into(),
            s("queue_15.toml"),
            "--service-level".into(),
            "0.8".into(),
            "--within".into(),
            "20".into(),
            "--out".into(),
            out("staffing"),
        ],
        vec![
            "erlang".into(),
            s("queue_15.toml"),
            "--out".into(),
            out("erlang"),
        ],
        vec![
            "erlang".into(),
            "--calls-per-hour".into(),
            "200".into(),
            "--handle-seconds".into(),
            "180".into(),
            "--agents".into(),
            "11..15".into(),
            "--target-service-level".into(),
            "0.8".into(),
            "--patience-seconds".into(),
            "120".into(),
            "--shrinkage-pct".into(),
            "30".into(),
        ],
        vec![
            "calibrate".into(),
            s("data/field_test.csv"),
            "--out".into(),
            out("cal"),
        ],
    ];
    for mut args in runs {
        if !["expected", "check", "calibrate", "erlang"].contains(&args[0].as_str()) {
            args.extend(quick.iter().map(|a| a.to_string()));
        }
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, stdout, stderr) = callprofit(&refs);
        assert_eq!(code, 0, "{args:?}: {stderr}");
        for line in stdout.lines() {
            assert!(
                line.chars().count() <= 100,
                "{}: {} columns:\n{line}",
                args[0],
                line.chars().count()
            );
        }
    }
}

#[test]
fn every_command_help_shows_an_example() {
    let commands = [
        vec!["run"],
        vec!["expected"],
        vec!["check"],
        vec!["compare"],
        vec!["sweep"],
        vec!["calibrate"],
        vec!["sensitivity"],
        vec!["staffing"],
        vec!["erlang"],
        vec!["report"],
        vec!["chart"],
        vec!["merge"],
        vec!["slurm", "submit"],
    ];
    for c in commands {
        let mut args = c.clone();
        args.push("--help");
        let (code, stdout, stderr) = callprofit(&args);
        assert_eq!(code, 0, "{c:?}: {stderr}");
        assert!(
            stdout.contains("Example") && stdout.contains("callprofit "),
            "{c:?}:\n{stdout}"
        );
    }
}
