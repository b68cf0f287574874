//! Incentive plans against the baseline: without behaviour a plan can only cost money (exactly,
//! year by year, under common random numbers), and who wins a contest depends on what it ranks.

use callprofit::engine::{self, IterationRecord};
use callprofit::scenario::{self, Scenario};

const BASELINE: &str = r#"
[team]
agents = 6
wage_per_hour_usd = 15
benefits_load_pct = 20
skill_multiplier = { dist = "lognormal", mean = 1.0, sd = 0.2 }
[demand]
calls_per_agent_hour = 4
demand_multiplier = { dist = "lognormal", mean = 1.0, sd = 0.1 }
[[outcomes]]
name = "save"
probability = { dist = "beta", k = 57, n = 662 }
value_usd = 34.95
points = 4
[[outcomes]]
name = "trial"
probability = { dist = "beta", k = 10, n = 662 }
value_usd = 0
trial_to_paid = 0.1
paid_value_usd = 35
points = 1
"#;

/// Every kind of payout and programme cost, and no behaviour.
const PLAN: &str = r#"
[incentives]
base_wage_change_per_hour_usd = -1.5
training_hours_per_agent = 4
programme_cost_usd = { dist = "uniform", min = 500, max = 900 }
[incentives.contest]
period = "week"
prizes_usd = [60, 30]
rank_by = "success_rate"
min_calls = 100
[[incentives.commission]]
outcome = "save"
usd_per_outcome = 1.0
share_of_value = 0.02
quota = 5
cap_usd = 40
period = "month"
[[incentives.commission]]
outcome = "trial"
share_of_value = 0.10
period = "day"
[incentives.team_bonus]
period = "quarter"
usd = 400
min_success_rate = 0.1
"#;

const QUEUE: &str = r#"
[queue]
shrinkage_pct = 10
handle_seconds = { dist = "lognormal", mean = 420, sd = 200 }
attempt_share = 0.5
attempt_seconds = 30
patience_seconds = { dist = "exponential", mean = 90 }
"#;

fn parse(text: &str) -> Scenario {
    scenario::parse(text, "t.toml", "t").expect("valid test scenario")
}

fn assert_plan_costs_only_its_cost(base: &Scenario, plan: &Scenario, years: u64) {
    let a = engine::run(base, years, 42, &|_| ());
    let b = engine::run(plan, years, 42, &|_| ());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(
            x.calls, y.calls,
            "the plan changed the calls of year {}",
            x.iteration
        );
        assert_eq!(x.successes, y.successes);
        assert!(x.incentive_cost_usd == 0.0 && y.incentive_cost_usd != 0.0);
        let want = x.profit_usd - y.incentive_cost_usd;
        assert!(
            (y.profit_usd - want).abs() <= 1e-9 * x.cost_usd.abs().max(1.0),
            "year {}: plan profit {} vs baseline {} minus plan cost {}",
            x.iteration,
            y.profit_usd,
            x.profit_usd,
            y.incentive_cost_usd
        );
    }
}

#[test]
fn without_behaviour_a_plan_only_costs_its_cost_year_by_year() {
    let base = parse(BASELINE);
    let plan = parse(&format!("{BASELINE}{PLAN}"));
    assert_plan_costs_only_its_cost(&base, &plan, 300);
    // The same in queue mode (every call and its draws are the same with and without the plan).
    let base = parse(&format!("{BASELINE}{QUEUE}"));
    let plan = parse(&format!("{BASELINE}{QUEUE}{PLAN}"));
    assert_plan_costs_only_its_cost(&base, &plan, 4);
}

#[test]
fn behaviour_is_what_changes_results() {
    let behaviour = "[incentives.behaviour]\nrate_multiplier = 1.2\noffer_share = 0.5\nannoyed_share = 0.05\nchurn_cost_usd = 20\n";
    let base = parse(BASELINE);
    let plan = parse(&format!("{BASELINE}{PLAN}{behaviour}"));
    let a = engine::run(&base, 400, 42, &|_| ());
    let b = engine::run(&plan, 400, 42, &|_| ());
    let mean = |r: &[IterationRecord], f: fn(&IterationRecord) -> f64| {
        r.iter().map(f).sum::<f64>() / r.len() as f64
    };
    // 20% more successes per call, in expectation; and annoyed callers at 0.5 x 5% of calls.
    let rate = |r: &[IterationRecord]| mean(r, |x| x.successes as f64 / x.calls as f64);
    let lift = rate(&b) / rate(&a);
    assert!((lift - 1.2).abs() < 0.02, "lift {lift}");
    let annoyed = mean(&b, |x| x.annoyed as f64 / x.calls as f64);
    assert!((annoyed - 0.025).abs() < 0.001, "annoyed share {annoyed}");
    assert!(
        b.iter()
            .all(|x| (x.annoyance_cost_usd - 20.0 * x.annoyed as f64).abs() < 1e-9)
    );
}

/// The field test's week, 52 times a year: ranking by points rewards volume, ranking by success
/// rate does not. Shares are over all contest periods of all years; each bound is more than 10
/// standard errors from the simulated share.
#[test]
fn volume_ranked_contest_is_won_by_the_highest_volume_agent_far_more_often() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/field_test.toml");
    let text = std::fs::read_to_string(path).unwrap();
    let share = |text: &str| {
        let s = parse(text);
        assert_eq!(s.top_volume_agent(), 0, "agent 1 takes the most calls");
        let r = engine::run(&s, 400, 7, &|_| ());
        let wins: f64 = r.iter().map(|x| x.top_volume_wins).sum();
        let periods: f64 = r.iter().map(|x| f64::from(x.contest_periods)).sum();
        (wins / periods, periods)
    };
    let (points, n) = share(&text);
    assert!(text.contains("rank_by = \"points\""));
    let (rate, _) = share(&text.replace("rank_by = \"points\"", "rank_by = \"success_rate\""));
    let se = |p: f64| (p * (1.0 - p) / n).sqrt();
    println!("agent 1 wins {points:.3} of periods by points, {rate:.3} by success rate");
    assert!(points > 0.35 && points - 10.0 * se(points) > rate + 10.0 * se(rate));
    assert!(rate < 0.2);
}
