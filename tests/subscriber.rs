//! What a save is worth, end to end through the real binary: subscriber value against the
//! closed form and hand-written finite sums, cash by month against its closed form, the
//! horizon's cash converging to the value booked, incrementality with common random numbers,
//! and value_usd scenarios unchanged.

mod common;
use common::{callprofit, scenario};
use serde_json::Value;
use std::path::Path;

/// One agent at 2 calls an hour for 2,080 hours, a save on 10% of calls, no costs: 416 saves
/// a year on average (Poisson), each worth `value` (a TOML fragment: the outcome's value).
fn one_save(value: &str, finance: &str) -> String {
    format!(
        r#"
name = "one save"
[team]
agents = 1
[demand]
calls_per_agent_hour = 2
[[outcomes]]
name = "save"
probability = 0.1
{value}
{finance}
"#
    )
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

fn expected_json(file: &str) -> Value {
    let (code, out, err) = callprofit(&["expected", file, "--json"]);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

/// `run` into `dir/out`, returning summary.json.
fn run(file: &str, dir: &Path, out: &str, years: &str) -> Value {
    let out = dir.join(out);
    let args = [
        "run",
        file,
        "--quiet",
        "--no-charts",
        "--iterations",
        years,
        "--out",
        out.to_str().unwrap(),
    ];
    let (code, _, err) = callprofit(&args);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap()
}

fn mean_se(summary: &Value, metric: &str) -> (f64, f64) {
    let m = &summary["metrics"][metric];
    (m["mean"].as_f64().unwrap(), m["mean_se"].as_f64().unwrap())
}

/// The column `name` of iterations.csv in `dir`.
fn column(dir: &Path, name: &str) -> Vec<f64> {
    let text = std::fs::read_to_string(dir.join("iterations.csv")).unwrap();
    let mut lines = text.lines();
    let head: Vec<&str> = lines.next().unwrap().split(',').collect();
    let i = head.iter().position(|h| *h == name).unwrap();
    lines
        .map(|l| l.split(',').nth(i).unwrap().parse().unwrap())
        .collect()
}

/// Sum over k < cap of pay(k) q^k, term by term (the series itself, not its closed form).
fn series(margin: f64, q: f64, (discount, months): (f64, u32), cap: u32) -> f64 {
    (0..cap)
        .map(|k| {
            let cut = if k < months { 1.0 - discount } else { 1.0 };
            margin * cut * q.powi(k as i32)
        })
        .sum()
}

#[test]
fn expected_gives_the_closed_form_and_run_agrees_within_four_standard_errors() {
    let dir = tempfile::tempdir().unwrap();
    let delta = 1.10f64.powf(-1.0 / 12.0);
    // (the outcome's value, the finance section, the value per save by hand)
    let cases = [
        // $20 x 50% margin, 5% churn: 10 / 0.05 = $200.
        (
            "[outcomes.subscriber]\nmonthly_price_usd = 20\ngross_margin_pct = 50\nmonthly_churn = 0.05",
            "",
            200.0,
        ),
        // Discounted at 10% a year: 10 / (1 - 0.95 delta).
        (
            "[outcomes.subscriber]\nmonthly_price_usd = 20\ngross_margin_pct = 50\nmonthly_churn = 0.05",
            "[finance]\ndiscount_rate_pct = 10",
            10.0 / (1.0 - 0.95 * delta),
        ),
        // A 40%-off offer for 3 months, at most 12 payments, discounted: the finite series.
        (
            "[outcomes.subscriber]\nmonthly_price_usd = 20\ngross_margin_pct = 50\nmonthly_churn = 0.05\ndiscount_pct = 40\ndiscount_months = 3\nmax_months = 12",
            "[finance]\ndiscount_rate_pct = 10",
            series(10.0, 0.95 * delta, (0.4, 3), 12),
        ),
    ];
    for (i, (value, finance, by_hand)) in cases.iter().enumerate() {
        let file = write(dir.path(), &format!("s{i}.toml"), &one_save(value, finance));
        let e = expected_json(&file);
        let v = e["values"][0]["value_usd"].as_f64().unwrap();
        assert!((v - by_hand).abs() < 0.005, "case {i}: {v} vs {by_hand}");
        let (code, text, _) = callprofit(&["expected", &file]);
        assert_eq!(code, 0);
        let cents = format!("${by_hand:.2}");
        assert!(text.contains(&cents), "case {i}: {cents} in\n{text}");
        // 416 expected saves a year: the booked revenue is 416 x the value per save.
        let s = run(&file, dir.path(), &format!("o{i}"), "4000");
        let (mean, se) = mean_se(&s, "revenue_per_agent_year");
        let want = 416.0 * by_hand;
        assert!(
            (mean - want).abs() < 4.0 * se,
            "case {i}: run {mean} ± {se} vs {want}"
        );
    }
}

/// Saves fall uniformly over the year's 12 months, so a save in month m pays its payments of
/// ages 0..=11-m within the year: E[cash in year 1] = E[saves] x (1/12) sum_m sum_{k<=11-m}
/// pay(k) s^k. With churn 1 there is one payment, in the month of the call, so the cash is
/// the value booked, year by year.
#[test]
fn year_one_cash_is_the_closed_form_and_one_payment_is_all_cash() {
    let dir = tempfile::tempdir().unwrap();
    let sub = "[outcomes.subscriber]\nmonthly_price_usd = 20\ngross_margin_pct = 50\nmonthly_churn = 0.2\ndiscount_pct = 50\ndiscount_months = 2";
    let file = write(dir.path(), "cash.toml", &one_save(sub, ""));
    let s = run(&file, dir.path(), "cash", "4000");
    let per_save: f64 = (0..12u32)
        .map(|m| series(10.0, 0.8, (0.5, 2), 12 - m))
        .sum::<f64>()
        / 12.0;
    let (mean, se) = mean_se(&s, "cash_profit_per_agent_year");
    let want = 416.0 * per_save;
    assert!(
        (mean - want).abs() < 4.0 * se,
        "cash {mean} ± {se} vs {want}"
    );
    // Cash is less than the value booked: later payments fall after the year.
    let (booked, _) = mean_se(&s, "profit_per_agent_year");
    assert!(booked > mean + 10.0 * se, "{booked} vs {mean}");

    let once =
        "[outcomes.subscriber]\nmonthly_price_usd = 20\ngross_margin_pct = 50\nmonthly_churn = 1";
    let file = write(dir.path(), "once.toml", &one_save(once, ""));
    run(&file, dir.path(), "once", "500");
    let cash = column(&dir.path().join("once"), "cash_profit_per_agent_year");
    let booked = column(&dir.path().join("once"), "profit_per_agent_year");
    for (c, b) in cash.iter().zip(&booked) {
        assert!((c - b).abs() <= 1e-9 * b.abs(), "{c} vs {b}");
    }
}

/// A one-year programme whose saves keep paying for 10 years, undiscounted: the cash of all
/// ten years adds up to the value booked (the payments left after 120 months are worth 0.9^109
/// of a save, nothing), so their difference year by year averages 0 within 4 s.e.
#[test]
fn a_long_horizon_collects_the_value_booked() {
    let dir = tempfile::tempdir().unwrap();
    let sub = "[outcomes.subscriber]\nmonthly_price_usd = 20\nmonthly_churn = 0.1\ndiscount_pct = 25\ndiscount_months = 3";
    let finance = "[finance]\nhorizon_years = 10\nprogramme_years = 1";
    let file = write(dir.path(), "long.toml", &one_save(sub, finance));
    run(&file, dir.path(), "long", "2000");
    let out = dir.path().join("long");
    let booked = column(&out, "revenue_per_agent_year");
    let mut cash = column(&out, "cash_profit_per_agent_year");
    for y in 2..=10 {
        let later = column(&out, &format!("cash_profit_per_agent_year_{y}"));
        cash.iter_mut().zip(&later).for_each(|(c, l)| *c += l);
    }
    // No costs, so cash profit is cash; and with no discounting the NPV is the same sum.
    let npv = column(&out, "programme_npv_per_agent");
    let gaps: Vec<f64> = cash.iter().zip(&booked).map(|(c, b)| c - b).collect();
    for (c, n) in cash.iter().zip(&npv) {
        assert!((c - n).abs() < 1e-6 * c.abs().max(1.0), "{c} vs {n}");
    }
    let n = gaps.len() as f64;
    let mean = gaps.iter().sum::<f64>() / n;
    let sd = (gaps.iter().map(|g| (g - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    assert!(sd > 0.0, "a subscriber's months are random");
    assert!(mean.abs() < 4.0 * sd / n.sqrt(), "gap {mean} (sd {sd})");
}

/// Half the saves would have happened anyway: the attributed revenue is half, year by year,
/// with the same draws; the observed revenue is unchanged.
#[test]
fn an_incremental_share_of_one_half_halves_the_revenue_year_by_year() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(scenario("field_test.toml")).unwrap();
    let half = text.replace("\nvalue_usd = ", "\nincremental_share = 0.5\nvalue_usd = ");
    assert_eq!(half.matches("incremental_share").count(), 4);
    let full = write(dir.path(), "full.toml", &text);
    let half = write(dir.path(), "half.toml", &half);
    run(&full, dir.path(), "full", "300");
    run(&half, dir.path(), "half", "300");
    let a = column(&dir.path().join("full"), "revenue_usd");
    let b = column(&dir.path().join("half"), "revenue_usd");
    let observed = column(&dir.path().join("half"), "observed_revenue_per_agent_year");
    for ((a, b), o) in a.iter().zip(&b).zip(&observed) {
        assert_eq!(*b, a / 2.0);
        assert!((o * 5.0 - a).abs() < 1e-9 * a, "{o} x 5 agents vs {a}");
    }
}

/// The headline of every value_usd scenario is what it was before subscriber economics
/// existed: summary.json's profit_per_agent_year as commit 5a310e3 (the last before this
/// feature) wrote it for field_test.toml at 2,000 years and queue_1_5.toml at 20.
///
/// field_test's is compared to the bit. queue_1_5's to 1e-12 of each figure: since the seats'
/// heap became 4-ary, the seats still unused at a year's start (tied at time 0) are taken in
/// another order, so other agents answer the year's first calls; every count, wait and
/// tally is unchanged, but a year's revenue, summed agent by agent, groups the same terms
/// differently (a few ulps of $1e6: 2e-15 to 3e-14 relative on the bundled queue scenarios).
/// Any change in what is drawn moves these figures by far more.
#[test]
fn value_usd_scenarios_keep_their_bytes() {
    let dir = tempfile::tempdir().unwrap();
    for (file, years, before, tolerance) in [
        ("field_test.toml", "2000", FIELD_TEST_BEFORE, 0.0),
        ("queue_1_5.toml", "20", QUEUE_1_5_BEFORE, 1e-12),
    ] {
        let s = run(&scenario(file), dir.path(), file, years);
        let before: Value = serde_json::from_str(before).unwrap();
        let now = &s["metrics"]["profit_per_agent_year"];
        let keys: Vec<&String> = before.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            now.as_object().unwrap().keys().collect::<Vec<_>>(),
            "{file}"
        );
        for key in keys {
            // Every figure parsed from the text (the same float when the bytes are the same).
            let (b, n) = (before[key].as_f64().unwrap(), now[key].as_f64().unwrap());
            assert!(
                (n - b).abs() <= tolerance * b.abs(),
                "{file} {key}: {n} vs {b}"
            );
        }
    }
}

const FIELD_TEST_BEFORE: &str = r#"{"mean":23320.77730799994,"std":417.329921320746,"mean_se":9.331780731178268,"min":21938.864000000005,"p5":22623.887899999998,"p10":22789.597200000004,"p25":23038.896,"p50":23327.263999999996,"p75":23591.775500000003,"p90":23860.828999999998,"p95":24013.831400000006,"max":24627.010000000006}"#;
const QUEUE_1_5_BEFORE: &str = r#"{"mean":-42387.24498816034,"std":1200.1519634071979,"mean_se":268.36213735083345,"min":-45090.6983349208,"p5":-44399.5308706485,"p10":-43843.62331370597,"p25":-42998.297773363614,"p50":-42160.9893413868,"p75":-41595.7027078532,"p90":-41134.083920203266,"p95":-40620.79546782117,"max":-40613.61360546009}"#;
