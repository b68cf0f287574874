//! What drives the result: `sweep` (linear in calls per agent-hour in unlimited mode within
//! standard error, the break-even where the expected-value arithmetic puts it) and `calibrate`.

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

/// `calibrate` on the shipped field-test table: the pooled site-1 posterior is Beta(58, 606)
/// (mean 58/664), its 90% interval the beta quantiles, agent 4 is pulled toward the team, and
/// bad data is refused with exit code 2.
#[test]
fn calibrate_the_field_test_table() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cal");
    let data = scenario("data/field_test.csv");
    let (code, _, err) = callprofit(&["calibrate", &data, "--out", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let c: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("calibration.json")).unwrap())
            .unwrap();
    let site1 = &c[0];
    assert_eq!(site1["outcome"], "site1_save");
    assert_eq!(site1["pooled"]["alpha"], 58.0);
    assert_eq!(site1["pooled"]["beta"], 606.0);
    let mean = site1["pooled"]["mean"].as_f64().unwrap();
    assert!((mean - 58.0 / 664.0).abs() < 1e-12);
    let q = |p: f64| callprofit::special::beta_quantile(p, 58.0, 606.0);
    assert!((site1["pooled"]["p5"].as_f64().unwrap() - q(0.05)).abs() < 1e-12);
    assert!((site1["pooled"]["p95"].as_f64().unwrap() - q(0.95)).abs() < 1e-12);
    let a4 = &site1["agents"][3];
    let (own, pooled) = (
        a4["own"]["mean"].as_f64().unwrap(),
        a4["partially_pooled"]["mean"].as_f64().unwrap(),
    );
    assert!(
        pooled < own && pooled > mean,
        "agent 4: own {own}, partially pooled {pooled}, team {mean}"
    );
    let fragment = std::fs::read_to_string(out.join("scenario_fragment.toml")).unwrap();
    assert!(fragment.contains("[[roster]]") && fragment.contains("rates.site1_save"));

    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "agent,calls,save\nA,10,12\n").unwrap();
    let (code, _, err) = callprofit(&[
        "calibrate",
        bad.to_str().unwrap(),
        "--out",
        dir.path().join("x").to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("line 2") && err.contains("fix"), "{err}");
    // The bundled calibrated scenario is valid.
    let (code, _, err) = callprofit(&["check", &scenario("field_test_calibrated.toml")]);
    assert_eq!(code, 0, "{err}");
}

/// `calibrate` on a CSV written to `dir`; its calibration.json.
fn calibrate_csv(dir: &std::path::Path, name: &str, csv: &str) -> Value {
    let data = dir.join(format!("{name}.csv"));
    std::fs::write(&data, csv).unwrap();
    let out = dir.join(name);
    let (code, _, err) = callprofit(&[
        "calibrate",
        data.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&std::fs::read_to_string(out.join("calibration.json")).unwrap()).unwrap()
}

fn num(v: &Value) -> f64 {
    v.as_f64().unwrap()
}

/// On the field test no agent's partially pooled rate is known much better than the team's: every
/// agent's 90% interval is at least 0.7 times the pooled one of the same outcome (site 3's 10
/// trials in 662 calls once gave 0.0149 to 0.0153, 40 times too narrow). And the bundled
/// calibrated scenario holds what the command writes now.
#[test]
fn calibrate_keeps_the_teams_uncertainty() {
    let dir = tempfile::tempdir().unwrap();
    let csv = std::fs::read_to_string(scenario("data/field_test.csv")).unwrap();
    let c = calibrate_csv(dir.path(), "field_test", &csv);
    for o in c.as_array().unwrap() {
        let width = |p: &Value| num(&p["p95"]) - num(&p["p5"]);
        let pooled = width(&o["pooled"]);
        for a in o["agents"].as_array().unwrap() {
            let w = width(&a["partially_pooled"]);
            assert!(
                w >= 0.7 * pooled,
                "{} {}: 90% interval {w} against the pooled {pooled}",
                o["outcome"],
                a["agent"]
            );
        }
    }
    let fragment = std::fs::read_to_string(dir.path().join("field_test/scenario_fragment.toml"));
    let fragment = fragment.unwrap();
    let agents = &fragment[fragment.find("# Each agent").unwrap()..];
    let bundled = std::fs::read_to_string(scenario("field_test_calibrated.toml")).unwrap();
    assert!(
        bundled.contains(agents),
        "field_test_calibrated.toml is not what calibrate writes; paste:\n{agents}"
    );
}

/// Independent references. Four agents with 5 of 100 each differ by nothing but chance: each
/// gets the pooled posterior Beta(21, 381) itself, whose quantiles mpmath gives (40 digits,
/// bisection) as 0.035356727886979735 and 0.071651531161340965. Two agents with 0 and 500 of
/// 500 are as far apart as rates go: each keeps the mean of their own flat-prior posterior
/// (1/502 and 501/502, exactly: the team's weight floors at the prior's 2 calls around a team
/// mean of 1/2), and their interval is their own, Beta(1, 501) or Beta(501, 1) (quantiles
/// 1 - 0.95^(1/501) and 1 - 0.05^(1/501)), widened only by the team mean's uncertainty: by the
/// beta with the mixture's moments, computed apart with scipy, 7.738946128274516e-05 to
/// 0.006190476000073708, 4.3% wider. Quantiles agree to 1e-10 relative (each side stops at
/// 1e-13 relative; the rest is the conditioning of the inverse).
#[test]
fn calibrate_between_the_pooling_limits() {
    let dir = tempfile::tempdir().unwrap();
    let rel = |x: f64, want: f64| ((x - want) / want).abs();
    let same = calibrate_csv(
        dir.path(),
        "same",
        "agent,calls,save\nA,100,5\nB,100,5\nC,100,5\nD,100,5\n",
    );
    assert!(same[0]["kappa"].is_null(), "complete pooling");
    for a in same[0]["agents"].as_array().unwrap() {
        let p = &a["partially_pooled"];
        assert_eq!((num(&p["alpha"]), num(&p["beta"])), (21.0, 381.0));
        assert!(rel(num(&p["p5"]), 0.035_356_727_886_979_74) < 1e-10, "{p}");
        assert!(rel(num(&p["p95"]), 0.071_651_531_161_340_96) < 1e-10, "{p}");
    }

    let apart = calibrate_csv(
        dir.path(),
        "apart",
        "agent,calls,save\nA,500,0\nB,500,500\n",
    );
    let o = &apart[0];
    assert_eq!(num(&o["kappa"]), 2.0, "the floor: the flat prior's weight");
    // Agent A's own Beta(1, 501) has the CDF 1 - (1 - x)^501; agent B's is its mirror image.
    let own = [
        1.0 - 0.95f64.powf(1.0 / 501.0),
        1.0 - 0.05f64.powf(1.0 / 501.0),
    ];
    let partial = [7.738946128274516e-05, 0.006190476000073708];
    for (i, mirror) in [(0, false), (1, true)] {
        let a = &o["agents"][i];
        // Agent B's figures mirror agent A's: x becomes 1 - x and p5 trades places with p95.
        // Compared as written, relative to themselves (the quantiles' own precision).
        let want = |x: f64| if mirror { 1.0 - x } else { x };
        let (lo, hi) = if mirror { ("p95", "p5") } else { ("p5", "p95") };
        for (p, [x5, x95]) in [(&a["own"], own), (&a["partially_pooled"], partial)] {
            assert!(rel(num(&p[lo]), want(x5)) < 1e-10, "{p}");
            assert!(rel(num(&p[hi]), want(x95)) < 1e-10, "{p}");
        }
        let mean = num(&a["partially_pooled"]["mean"]);
        assert!((mean - want(1.0 / 502.0)).abs() < 1e-15, "{mean}");
    }
}

/// Names from the CSV go into the fragment as TOML strings and keys whatever they hold (a quote,
/// a backslash, a space): the fragment parses, keeps every name as written, and pasted under
/// outcomes of those names it is a valid scenario (its correlations find their inputs).
#[test]
fn calibrate_fragment_quotes_names() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "agent,calls,site 1,\"say \"\"yes\"\"\"\n\"Ann \"\"A\"\"\",400,40,10\nB\\o,400,80,12\nCy,400,10,9\n";
    calibrate_csv(dir.path(), "names", csv);
    let fragment =
        std::fs::read_to_string(dir.path().join("names/scenario_fragment.toml")).unwrap();
    let t: toml::Table = toml::from_str(&fragment)
        .unwrap_or_else(|e| panic!("the fragment is not TOML: {e}\n{fragment}"));
    let roster = t["roster"].as_array().unwrap();
    assert_eq!(roster[0]["name"].as_str(), Some("Ann \"A\""));
    assert_eq!(roster[1]["name"].as_str(), Some("B\\o"));
    assert!(roster[0]["rates"].get("site 1").is_some(), "{fragment}");
    let text = format!(
        "name = \"quoted names\"\n[team]\nwage_per_hour_usd = 0\n\
         [[outcomes]]\nname = \"site 1\"\nprobability = 0.1\nvalue_usd = 30\n\
         [[outcomes]]\nname = 'say \"yes\"'\nprobability = 0.03\nvalue_usd = 5\n{fragment}"
    );
    let file = dir.path().join("pasted.toml");
    std::fs::write(&file, text).unwrap();
    let (code, out, err) = callprofit(&["check", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Ann \"A\": site 1 rate"), "{out}");
}

/// A model linear in its inputs: profit per agent-year = revenue - wage x 2080 x 1.25 - overhead.
/// Each tornado swing is then the slope times (P90 - P10), with P10 and P90 the distribution's
/// own (uniform 10..20: 11 and 19); and the joint ranking puts the wider input first.
#[test]
fn tornado_of_a_linear_model() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("linear.toml");
    std::fs::write(
        &path,
        r#"
[team]
agents = 3
wage_per_hour_usd = { dist = "uniform", min = 10, max = 20 }
benefits_load_pct = 25
overhead_per_agent_year_usd = { dist = "uniform", min = 3000, max = 5000 }
[demand]
calls_per_agent_hour = 15
[[outcomes]]
name = "save"
probability = 0.1
value_usd = 30
"#,
    )
    .unwrap();
    let out = dir.path().join("s");
    let (code, stdout, err) = callprofit(&[
        "sensitivity",
        path.to_str().unwrap(),
        "--iterations",
        "2000",
        "--quiet",
        "--json",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&stdout).unwrap();
    let swings = v["one_at_a_time"].as_array().unwrap();
    let find = |name: &str| swings.iter().find(|s| s["input"] == name).unwrap();
    for (name, slope, p10, p90, tol) in [
        ("team.wage_per_hour_usd", -2080.0 * 1.25, 11.0, 19.0, 0.03),
        (
            "team.overhead_per_agent_year_usd",
            -1.0,
            3200.0,
            4800.0,
            6.0,
        ),
    ] {
        let s = find(name);
        let (q10, q90) = (s["p10"].as_f64().unwrap(), s["p90"].as_f64().unwrap());
        assert!(
            (q10 - p10).abs() < tol && (q90 - p90).abs() < tol,
            "{name}: {q10}, {q90}"
        );
        let diff = s["profit_at_p90"].as_f64().unwrap() - s["profit_at_p10"].as_f64().unwrap();
        assert!(
            (diff - slope * (q90 - q10)).abs() < 1e-6 * diff.abs(),
            "{name}: {diff}"
        );
    }
    assert_eq!(
        swings[0]["input"], "team.wage_per_hour_usd",
        "the wage swings most"
    );
    assert_eq!(v["together"][0]["input"], "team.wage_per_hour_usd");
    assert!(out.join("tornado.png").exists());
}

/// A reader that stops early (`callprofit ... | head`) ends the command quietly: exit code 141
/// (SIGPIPE's), no panic message. The pipe's reading end is closed before the command starts:
/// closing it after the spawn raced a command that can print everything first.
#[test]
fn queue_sweep_bends_where_the_offered_work_reaches_the_seat_time() {
    // queue_15: 20 agents, 14 on the phones; each handled call brings 210 s of talk, 30 s of
    // wrap-up, 0.6 x 20 s of offers and (57 x 45 + 10 x 40 + 6 x 60) / 662 s of selling, so
    // 257.02 s; x calls per agent-hour put 20 x calls per open hour in front of 14 seats, and the
    // offered work reaches the seat time at x = 14 x 3600 / (20 x 257.02) = 9.805.
    let dir = tempfile::tempdir().unwrap();
    let s = sweep(
        "queue_15.toml",
        "demand.calls_per_agent_hour=3..18:6",
        "30",
        dir.path(),
    );
    let work = 252.0 + (57.0 * 45.0 + 10.0 * 40.0 + 6.0 * 60.0) / 662.0;
    let capacity = 14.0 * 3600.0 / (20.0 * work);
    let points = s["points"].as_array().unwrap();
    let get = |i: usize, k: &str| points[i][k].as_f64().unwrap();
    // The load is linear in x, so the crossing's error is the load's s.e. over its slope.
    let slope = (get(5, "offered_load") - get(0, "offered_load")) / 15.0;
    let at = s["capacity_at"].as_f64().unwrap();
    let se = get(2, "offered_load_se").max(get(3, "offered_load_se")) / slope;
    assert!(
        (at - capacity).abs() < 4.0 * se,
        "capacity at {at}, closed form {capacity} (se {se})"
    );
    // Below it the simulation is the spreadsheet; far above it, far below.
    let gap = |i: usize| (get(i, "spreadsheet") - get(i, "mean")) / get(i, "mean_se");
    assert!(gap(0).abs() < 4.0, "at 3 calls: {} s.e. apart", gap(0));
    assert!(gap(5) > 20.0, "at 18 calls: only {} s.e. apart", gap(5));
    // The bend: the slope over the last step is a fraction of the first.
    let step = |i: usize| {
        let d = (get(i + 1, "mean") - get(i, "mean")) / 3.0;
        let se = (get(i + 1, "mean_se").powi(2) + get(i, "mean_se").powi(2)).sqrt() / 3.0;
        (d, se)
    };
    let ((first, se_first), (last, se_last)) = (step(0), step(4));
    assert!(
        first - 4.0 * last > 4.0 * (se_first.powi(2) + 16.0 * se_last.powi(2)).sqrt(),
        "slope {first} then {last} per call/agent-hour"
    );
}
