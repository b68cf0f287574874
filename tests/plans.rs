//! Incentive plans, each rule's cost against a hand computation from counts that are known:
//! certain by design (volumes so large, or rates of 0 or 1, that chance cannot move what a rule
//! pays), read back from each simulated year, or exact expectations over Poisson counts checked
//! within 4 standard errors (fixed seed). Also: a plan without behaviour leaves every draw of
//! the year unchanged (common random numbers), behaviour changes results by what it says, and
//! contest win shares against their exact probabilities.

use callprofit::engine::{self, AgentYear, IterationRecord, Keep};
use callprofit::scenario::{self, Scenario};

fn parse(text: &str) -> Scenario {
    scenario::parse(text, "t.toml", "t").expect("valid test scenario")
}

fn run(text: &str, years: u64) -> Vec<IterationRecord> {
    engine::run(&parse(text), years, 42, &|_| ())
}

/// The records and the per-agent rows (year i's agents are `agents[i * n..(i + 1) * n]`).
fn run_agents(text: &str, years: u64) -> (Vec<IterationRecord>, Vec<AgentYear>) {
    let keep = Keep {
        agents: true,
        months: false,
    };
    let d = engine::run_detailed(&parse(text), years, 42, keep, &|_| ());
    (d.records, d.agents)
}

/// Sample mean and its standard error.
fn mean_se(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, (var / n).sqrt())
}

/// Poisson(lambda) probabilities of 0, 1, 2, ... far into the upper tail (what is left out is
/// below 1e-40), by p(k) = p(k - 1) lambda / k from p(0) = e^-lambda.
fn poisson_pmf(lambda: f64) -> Vec<f64> {
    let last = (lambda + 20.0 * lambda.sqrt() + 40.0) as usize;
    let mut p = vec![(-lambda).exp()];
    for k in 1..=last {
        p.push(p[k - 1] * lambda / k as f64);
    }
    p
}

fn commission(outcome: &str, period: &str, terms: &str) -> String {
    format!("[[incentives.commission]]\noutcome = \"{outcome}\"\nperiod = \"{period}\"\n{terms}\n")
}

/// Three agents at 2,000 calls a week, half of them saves: about 200 saves per agent a day,
/// 1,000 a week, 4,000 or more a month. Every quota below is met and every cap reached in
/// every period of every year (a period short of that has probability below 1e-70), so the
/// counts that decide what a rule pays are certain and so is its cost.
const BUSY: &str = r#"
[[outcomes]]
name = "save"
probability = 0.5
value_usd = 34.95
[[outcomes]]
name = "trial"
probability = 0
value_usd = 0
trial_to_paid = 0.1
paid_value_usd = 35
[[roster]]
name = "A"
calls_per_week = 2000
[[roster]]
name = "B"
calls_per_week = 2000
[[roster]]
name = "C"
calls_per_week = 2000
"#;

/// $1 per save plus 2% of $34.95: $1.699 per save beyond the quota.
const SAVE_TERMS: &str = "usd_per_outcome = 1\nshare_of_value = 0.02\nquota = 5";

#[test]
fn a_commission_cap_binds_once_per_agent_and_period() {
    for (period, cap, cost) in [
        ("day", 2.0, 1_560.0),       // 3 agents x 260 days x $2
        ("week", 10.0, 1_560.0),     // 3 x 52 weeks x $10
        ("month", 40.0, 1_440.0),    // 3 x 12 months x $40
        ("quarter", 100.0, 1_200.0), // 3 x 4 quarters x $100
        ("year", 300.0, 900.0),      // 3 x $300
    ] {
        let rule = commission("save", period, &format!("{SAVE_TERMS}\ncap_usd = {cap}"));
        for r in run(&format!("{BUSY}{rule}"), 20) {
            assert!(
                (r.incentive_cost_usd - cost).abs() < 1e-9,
                "{period}: year {} cost {} against {cost} by hand",
                r.iteration,
                r.incentive_cost_usd
            );
        }
    }
}

#[test]
fn a_commission_quota_is_taken_from_every_agent_and_period() {
    // Without a cap each year costs $1.699 on every save but the quota's 5 per agent and period.
    for (period, quota_saves) in [
        ("day", 3_900.0),  // 3 agents x 260 days x 5
        ("week", 780.0),   // 3 x 52 x 5
        ("month", 180.0),  // 3 x 12 x 5
        ("quarter", 60.0), // 3 x 4 x 5
        ("year", 15.0),    // 3 x 5
    ] {
        let rule = commission("save", period, SAVE_TERMS);
        for r in run(&format!("{BUSY}{rule}"), 20) {
            let want = 1.699 * (r.successes as f64 - quota_saves);
            assert!(
                (r.incentive_cost_usd - want).abs() < 1e-9 * want,
                "{period}: year {} cost {} against {want} by hand",
                r.iteration,
                r.incentive_cost_usd
            );
        }
    }
}

#[test]
fn a_trial_commission_shares_the_value_of_the_paid_conversions() {
    // Trials now at 20% of calls (saves at 50%), worth $0 each but $35 when they convert
    // (10%): 10% of the trials' value is $3.50 per paid conversion, whatever the period; a
    // rule settled on the saves instead would cost thousands more.
    let text = BUSY.replace("probability = 0\n", "probability = 0.2\n");
    for period in ["day", "week", "month", "quarter", "year"] {
        let rule = commission("trial", period, "share_of_value = 0.1");
        for r in run(&format!("{text}{rule}"), 20) {
            assert!(r.paid_conversions > 5_000);
            let want = 3.5 * r.paid_conversions as f64;
            assert!(
                (r.incentive_cost_usd - want).abs() < 1e-9 * want,
                "{period}: year {} cost {} against {want} by hand",
                r.iteration,
                r.incentive_cost_usd
            );
        }
    }
}

/// A year of one week of one day: every period kind is then the whole year, so the counts
/// each rule is settled on are the year's, which every record reports. One agent with 30
/// calls a week, half trials (Poisson, mean 15), worth $2 each, 30% of them converting to $35.
const ONE_PERIOD_YEAR: &str = r#"
[horizon]
weeks_per_year = 1
days_per_week = 1
[[outcomes]]
name = "trial"
probability = 0.5
value_usd = 2
trial_to_paid = 0.3
paid_value_usd = 35
[[roster]]
name = "Solo"
calls_per_week = 30
"#;

#[test]
fn quota_cap_and_pro_rata_value_by_hand_on_each_years_counts() {
    // $0.50 per trial beyond 10, plus 10% of their pro-rata value, at most $6.
    let terms = "usd_per_outcome = 0.5\nshare_of_value = 0.1\nquota = 10\ncap_usd = 6";
    for period in ["day", "week", "month", "quarter", "year"] {
        let rule = commission("trial", period, terms);
        let mut regimes = [0; 3]; // years below the quota, between quota and cap, capped
        for r in run(&format!("{ONE_PERIOD_YEAR}{rule}"), 400) {
            let (n, paid) = (r.successes as f64, r.paid_conversions as f64);
            let beyond = (n - 10.0).max(0.0);
            let uncapped = if beyond > 0.0 {
                0.5 * beyond + 0.1 * (2.0 * n + 35.0 * paid) * beyond / n
            } else {
                0.0
            };
            let want = uncapped.min(6.0);
            regimes[usize::from(beyond > 0.0) + usize::from(uncapped > 6.0)] += 1;
            assert!(
                (r.incentive_cost_usd - want).abs() < 1e-12,
                "{period}: {n} trials, {paid} paid: cost {} against {want} by hand",
                r.incentive_cost_usd
            );
        }
        assert!(regimes.iter().all(|y| *y >= 20), "{period}: {regimes:?}");
    }
}

/// Quota and cap where chance decides, on the 52-week year. Three agents at 6 calls a week,
/// half saves: each agent's saves in a period are Poisson (the year's Poisson total, split
/// evenly at random over the weeks, is Poisson week by week), with mean 3 a week; 0.6 a day;
/// 15 in a five-week month and 12 in a four-week one (month m holds the weeks w with
/// floor(12 w / 52) = m: 5, 4 and 4 weeks, four times over); 39 a quarter of 13 weeks; 156 a
/// year. A rule pays E min(cap, 1.699 (N - quota)+) per agent and period, summed here over the
/// Poisson pmf; the mean cost of 4,000 years must be within 4 standard errors of that.
#[test]
fn commission_cost_matches_its_exact_expectation_over_poisson_counts() {
    let text = r#"
[[outcomes]]
name = "save"
probability = 0.5
value_usd = 34.95
[[roster]]
name = "A"
calls_per_week = 6
[[roster]]
name = "B"
calls_per_week = 6
[[roster]]
name = "C"
calls_per_week = 6
"#;
    let month_weeks = [5.0, 4.0, 4.0, 5.0, 4.0, 4.0, 5.0, 4.0, 4.0, 5.0, 4.0, 4.0];
    let months: Vec<f64> = month_weeks.iter().map(|w| 3.0 * w).collect();
    // Each case's quota and cap are set where its period's counts fall on both sides of them.
    let cases: [(&str, u32, f64, Vec<f64>); 5] = [
        ("day", 1, 2.0, vec![0.6; 260]),
        ("week", 2, 3.4, vec![3.0; 52]),
        ("month", 5, 12.0, months),
        ("quarter", 30, 15.0, vec![39.0; 4]),
        ("year", 140, 30.0, vec![156.0]),
    ];
    for (period, quota, cap, means) in cases {
        let expected_per_period = |lambda: f64| -> f64 {
            poisson_pmf(lambda)
                .iter()
                .enumerate()
                .map(|(n, p)| p * (1.699 * n.saturating_sub(quota as usize) as f64).min(cap))
                .sum()
        };
        let exact = 3.0 * means.iter().map(|l| expected_per_period(*l)).sum::<f64>();
        let terms =
            format!("usd_per_outcome = 1\nshare_of_value = 0.02\nquota = {quota}\ncap_usd = {cap}");
        let rule = commission("save", period, &terms);
        let costs: Vec<f64> = run(&format!("{text}{rule}"), 4_000)
            .iter()
            .map(|r| r.incentive_cost_usd)
            .collect();
        let (mean, se) = mean_se(&costs);
        println!(
            "{period}: simulated {mean:.3} +- {se:.3} a year, exact {exact:.3}, z {:.2}",
            (mean - exact) / se
        );
        assert!(
            (mean - exact).abs() <= 4.0 * se,
            "{period}: simulated {mean} +- {se}, exact {exact}"
        );
    }
}

/// A contest whose every ranking is certain. A and B answer 2,000 and 1,000 calls a week and
/// save every one (a rate of exactly 1); C saves every one of its 20 calls a week but falls
/// short of a 100-call minimum (P(Poisson(20) >= 100) < 1e-30), and has at least one call in
/// every day's or week's period it could rank in (P(none in a week) = 2e-9); D saves none of
/// its 500 calls, a zero score, which never qualifies.
const CONTEST_TEAM: &str = r#"
[[outcomes]]
name = "save"
probability = 0.5
value_usd = 34.95
points = 1
[[roster]]
name = "A"
calls_per_week = 2000
rates.save = 1
[[roster]]
name = "B"
calls_per_week = 1000
rates.save = 1
[[roster]]
name = "C"
calls_per_week = 20
rates.save = 1
[[roster]]
name = "D"
calls_per_week = 500
rates.save = 0
"#;

#[test]
fn contest_prizes_by_rank_ties_and_minimum_calls_by_hand() {
    // (period, rank_by, min_calls, each agent's prizes in a year, A's periods won).
    let cases = [
        // A and B tie on a rate of 1 and share ranks 1 and 2, $45 each a week; C does not
        // qualify, D scores zero, so the third prize goes unpaid.
        (
            "week",
            "success_rate",
            100,
            [2_340.0, 2_340.0, 0.0, 0.0],
            26.0,
        ),
        // By points A (2,000) beats B (1,000): $60 and $30 a week.
        ("week", "points", 100, [3_120.0, 1_560.0, 0.0, 0.0], 52.0),
        // Without the minimum C joins the tie on rate: $100 / 3 each a week.
        (
            "week",
            "success_rate",
            0,
            [5_200.0 / 3.0, 5_200.0 / 3.0, 5_200.0 / 3.0, 0.0],
            52.0 / 3.0,
        ),
        // ... and takes the third prize by points, $10 a week.
        ("week", "points", 0, [3_120.0, 1_560.0, 520.0, 0.0], 52.0),
        // Daily, 260 times a year: A and B still reach 100 calls a day (400 and 200 expected).
        (
            "day",
            "success_rate",
            100,
            [11_700.0, 11_700.0, 0.0, 0.0],
            130.0,
        ),
    ];
    for (period, rank_by, min_calls, prizes, a_wins) in cases {
        let contest = format!(
            "[incentives.contest]\nperiod = \"{period}\"\nprizes_usd = [60, 30, 10]\nrank_by = \"{rank_by}\"\nmin_calls = {min_calls}\n"
        );
        let (records, agents) = run_agents(&format!("{CONTEST_TEAM}{contest}"), 20);
        let periods = if period == "day" { 260 } else { 52 };
        let total: f64 = prizes.iter().sum();
        for (r, year) in records.iter().zip(agents.chunks(4)) {
            let what = format!(
                "{period} by {rank_by}, min {min_calls}, year {}",
                r.iteration
            );
            assert_eq!(r.contest_periods(), periods, "{what}");
            assert!((r.incentive_cost_usd - total).abs() < 1e-9, "{what}: {r:?}");
            for (a, want) in year.iter().zip(prizes) {
                assert!((a.payout_usd - want).abs() < 1e-9, "{what}: {year:?}");
            }
            assert!((r.top_volume_wins() - a_wins).abs() < 1e-9, "{what}: {r:?}");
            assert!((year[0].wins - a_wins).abs() < 1e-9, "{what}: {year:?}");
        }
    }
}

/// One agent's week score, per distinct score, with its probability (weeks in which the agent
/// does not qualify left out): its saves S and unsaved calls U are independent Poissons with
/// means `calls` x `rate` and `calls` x (1 - `rate`); it qualifies with S + U >= `min_calls`
/// and S > 0, and scores `score(S, S + U)`.
fn week_scores(
    calls: f64,
    rate: f64,
    min_calls: usize,
    score: fn(usize, usize) -> f64,
) -> Vec<(f64, f64)> {
    let (saves, unsaved) = (poisson_pmf(calls * rate), poisson_pmf(calls * (1.0 - rate)));
    let mut all = Vec::new();
    for (s, ps) in saves.iter().enumerate().skip(1) {
        for (u, pu) in unsaved.iter().enumerate() {
            if s + u >= min_calls {
                all.push((score(s, s + u), ps * pu));
            }
        }
    }
    all.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out: Vec<(f64, f64)> = Vec::new();
    for (x, p) in all {
        match out.last_mut() {
            Some(last) if last.0 == x => last.1 += p,
            _ => out.push((x, p)),
        }
    }
    out
}

/// The share W of a week that `me` wins against `other` (1 outright, 1/2 on a tie for first, 0
/// otherwise): E[W] and E[W^2].
fn win_moments(me: &[(f64, f64)], other: &[(f64, f64)]) -> (f64, f64) {
    let mut beaten = 1.0 - other.iter().map(|x| x.1).sum::<f64>(); // other unqualified
    let (mut e, mut e2, mut j) = (0.0, 0.0, 0);
    for (x, p) in me {
        while j < other.len() && other[j].0 < *x {
            beaten += other[j].1;
            j += 1;
        }
        let tie = if j < other.len() && other[j].0 == *x {
            other[j].1
        } else {
            0.0
        };
        e += p * (beaten + 0.5 * tie);
        e2 += p * (beaten + 0.25 * tie);
    }
    (e, e2)
}

/// Two agents whose weeks are random: A takes Poisson(30) calls a week and saves 30% of them,
/// B Poisson(20) at 40%, both needing 18 calls to rank. The exact probability that each wins
/// a week (a tie counting half) is a finite sum over both agents' score distributions; the
/// simulated shares over 3,000 years of 52 weeks must be within 4 standard errors of it, and
/// so must the mean yearly prize cost ($60 and $30 a week: $60 when one agent ranks, $90 when
/// both do).
#[test]
fn contest_win_shares_match_exact_probabilities() {
    let text = r#"
[[outcomes]]
name = "save"
probability = 0.5
value_usd = 34.95
points = 1
[[roster]]
name = "A"
calls_per_week = 30
rates.save = 0.3
[[roster]]
name = "B"
calls_per_week = 20
rates.save = 0.4
"#;
    let years = 3_000;
    let weeks = 52.0 * years as f64;
    let by_points: fn(usize, usize) -> f64 = |s, _| s as f64;
    let by_rate: fn(usize, usize) -> f64 = |s, c| s as f64 / c as f64;
    for (rank_by, score) in [("points", by_points), ("success_rate", by_rate)] {
        let contest = format!(
            "[incentives.contest]\nperiod = \"week\"\nprizes_usd = [60, 30]\nrank_by = \"{rank_by}\"\nmin_calls = 18\n"
        );
        let (records, agents) = run_agents(&format!("{text}{contest}"), years);
        let (a, b) = (
            week_scores(30.0, 0.3, 18, score),
            week_scores(20.0, 0.4, 18, score),
        );
        for (who, me, other) in [(0, &a, &b), (1, &b, &a)] {
            let (p, p2) = win_moments(me, other);
            let se = ((p2 - p * p) / weeks).sqrt();
            let won: f64 = agents.iter().skip(who).step_by(2).map(|y| y.wins).sum();
            let share = won / weeks;
            println!(
                "by {rank_by}: agent {} wins {share:.4} of weeks, exact {p:.4} (se {se:.4}, z {:.2})",
                who + 1,
                (share - p) / se
            );
            assert!((share - p).abs() <= 4.0 * se, "by {rank_by}, agent {who}");
        }
        // Weeks are independent, so a year's prize cost has 52 times one week's variance.
        let (qa, qb) = (
            a.iter().map(|x| x.1).sum::<f64>(),
            b.iter().map(|x| x.1).sum::<f64>(),
        );
        let (one, both) = (qa * (1.0 - qb) + qb * (1.0 - qa), qa * qb);
        let week_mean = 60.0 * one + 90.0 * both;
        let week_var = 3_600.0 * one + 8_100.0 * both - week_mean * week_mean;
        let costs: Vec<f64> = records.iter().map(|r| r.incentive_cost_usd).collect();
        let (mean, _) = mean_se(&costs);
        let se = (52.0 * week_var / years as f64).sqrt();
        println!(
            "by {rank_by}: prizes {mean:.2} a year, exact {:.2} (se {se:.2})",
            52.0 * week_mean
        );
        assert!(
            (mean - 52.0 * week_mean).abs() <= 4.0 * se,
            "by {rank_by}: prize cost"
        );
    }
}

/// The team bonus is on the team's success rate, weighted by calls: A answers 30,000 calls a
/// week and saves half, B 10,000 at 10%, so the team saves 40% although its agents' rates
/// average 30%. A day's team rate is within 0.006 (one sd) of 40%, so bars of 34% and 46% are
/// ten sd away in every period: the bonus is paid every period, or never. At a bar of 46% A
/// alone is above it, so a rule on any one agent would pay; at 34% a rule on every agent, or on
/// their average rate, would not.
#[test]
fn team_bonus_pays_each_period_the_team_rate_reaches_the_bar() {
    let text = r#"
[[outcomes]]
name = "save"
probability = 0.5
value_usd = 34.95
[[roster]]
name = "A"
calls_per_week = 30000
[[roster]]
name = "B"
calls_per_week = 10000
rates.save = 0.1
"#;
    // Every call saved: the team's rate is exactly 1, and a bar of 1 is reached.
    let all_saved = text
        .replace("probability = 0.5", "probability = 1")
        .replace("rates.save = 0.1", "");
    for (period, periods) in [
        ("day", 260.0),
        ("week", 52.0),
        ("month", 12.0),
        ("quarter", 4.0),
        ("year", 1.0),
    ] {
        for (team, bar, cost) in [
            (text, 0.34, 400.0 * periods),
            (text, 0.46, 0.0),
            (all_saved.as_str(), 1.0, 400.0 * periods),
        ] {
            let bonus = format!(
                "[incentives.team_bonus]\nperiod = \"{period}\"\nusd = 400\nmin_success_rate = {bar}\n"
            );
            for r in run(&format!("{team}{bonus}"), 10) {
                assert_eq!(r.incentive_cost_usd, cost, "{period}, bar {bar}: {r:?}");
            }
        }
    }
}

/// The plan's own costs by hand, for 6 agents at $15 an hour with a 20% load and 52 x 40 =
/// 2,080 paid hours (labour: 6 x 15 x 2,080 x 1.2 = $224,640, unchanged by any plan).
#[test]
fn base_wage_training_hours_and_programme_costs_by_hand() {
    let team = "[team]\nagents = 6\nwage_per_hour_usd = 15\nbenefits_load_pct = 20\n[demand]\ncalls_per_agent_hour = 4\n[[outcomes]]\nname = \"save\"\nprobability = 0.1\nvalue_usd = 34.95\n[incentives]\n";
    for (plan, cost) in [
        // A $1.50 lower base: 6 x -1.5 x 2,080 x 1.2.
        ("base_wage_change_per_hour_usd = -1.5", -22_464.0),
        // 4 training hours at the loaded wage: 6 x 4 x 15 x 1.2.
        ("training_hours_per_agent = 4", 432.0),
        ("programme_cost_usd = 700", 700.0),
        // All three; training is paid at the plan's wage: 6 x 4 x (15 - 1.5) x 1.2 = 388.80.
        (
            "base_wage_change_per_hour_usd = -1.5\ntraining_hours_per_agent = 4\nprogramme_cost_usd = 700",
            -22_464.0 + 388.8 + 700.0,
        ),
    ] {
        for r in run(&format!("{team}{plan}\n"), 10) {
            assert!((r.incentive_cost_usd - cost).abs() < 1e-6, "{plan}: {r:?}");
            assert!(
                (r.labour_cost_usd - 224_640.0).abs() < 1e-6,
                "{plan}: {r:?}"
            );
        }
    }
    // An uncertain programme cost, Uniform(500, 900): every year inside, and the mean within 4
    // standard errors of $700 (the uniform's sd is 400 / sqrt(12)).
    let years = 2_000;
    let r = run(
        &format!("{team}programme_cost_usd = {{ dist = \"uniform\", min = 500, max = 900 }}\n"),
        years,
    );
    assert!(
        r.iter()
            .all(|x| (500.0..=900.0).contains(&x.incentive_cost_usd))
    );
    let (mean, _) = mean_se(&r.iter().map(|x| x.incentive_cost_usd).collect::<Vec<_>>());
    let se = 400.0 / 12f64.sqrt() / (years as f64).sqrt();
    assert!(
        (mean - 700.0).abs() <= 4.0 * se,
        "programme cost mean {mean}"
    );
}

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

/// Adding a plan without behaviour must not move any draw of the year: the plan's periods
/// split the year's totals on streams of their own, so calls, outcomes, conversions, revenue,
/// labour and the queue are those of the baseline, year by year, and only the plan's cost
/// differs (what that cost is, the tests above check by hand).
fn assert_plan_leaves_the_year_unchanged(base: &str, plan: &str, years: u64) {
    let a = run(base, years);
    let b = run(plan, years);
    for (x, y) in a.iter().zip(&b) {
        let year = x.iteration;
        assert_eq!(
            (x.calls, x.successes, x.paid_conversions, x.annoyed()),
            (y.calls, y.successes, y.paid_conversions, y.annoyed()),
            "year {year}"
        );
        assert_eq!(x.revenue_usd, y.revenue_usd, "year {year}");
        assert_eq!(x.labour_cost_usd, y.labour_cost_usd, "year {year}");
        assert_eq!(x.fixed_cost_usd, y.fixed_cost_usd, "year {year}");
        assert_eq!(*x.queue, *y.queue, "year {year}");
        assert!(x.incentive_cost_usd == 0.0 && y.incentive_cost_usd != 0.0);
    }
}

#[test]
fn without_behaviour_a_plan_leaves_every_draw_of_the_year_unchanged() {
    assert_plan_leaves_the_year_unchanged(BASELINE, &format!("{BASELINE}{PLAN}"), 300);
    // The same in queue mode (every call and its draws are the same with and without the plan).
    let base = format!("{BASELINE}{QUEUE}");
    assert_plan_leaves_the_year_unchanged(&base, &format!("{base}{PLAN}"), 4);
}

/// Behaviour does what it says, within 4 standard errors. Under common random numbers both
/// runs draw the same year parameters, and given them the plan's 1.2 rate multiplier makes the
/// expected successes exactly 1.2 times the baseline's (no probability comes near 1 here), so
/// the yearly differences S_plan - 1.2 S_base have mean 0; and each handled call is offered
/// with probability 0.5 and then annoys with 0.05, so annoyed - 0.025 calls has mean 0.
#[test]
fn behaviour_is_what_changes_results() {
    let behaviour = "[incentives.behaviour]\nrate_multiplier = 1.2\noffer_share = 0.5\nannoyed_share = 0.05\nchurn_cost_usd = 20\n";
    let a = run(BASELINE, 400);
    let b = run(&format!("{BASELINE}{PLAN}{behaviour}"), 400);
    let lift: Vec<f64> = a
        .iter()
        .zip(&b)
        .map(|(x, y)| y.successes as f64 - 1.2 * x.successes as f64)
        .collect();
    let (mean, se) = mean_se(&lift);
    let base_mean = a.iter().map(|x| x.successes as f64).sum::<f64>() / a.len() as f64;
    println!(
        "S_plan - 1.2 S_base: {mean:.1} +- {se:.1} a year (baseline {base_mean:.0} successes)"
    );
    assert!(mean.abs() <= 4.0 * se, "lift off 1.2 by {mean} +- {se}");
    // The check's power: it would see the lift off by 0.2% of the baseline's successes.
    assert!(4.0 * se < 0.002 * base_mean, "se {se} too wide");
    let annoyed: Vec<f64> = b
        .iter()
        .map(|y| y.annoyed() as f64 - 0.025 * y.calls as f64)
        .collect();
    let (mean, se) = mean_se(&annoyed);
    println!("annoyed - 0.025 calls: {mean:.2} +- {se:.2} a year");
    assert!(
        mean.abs() <= 4.0 * se,
        "annoyed share off 2.5% by {mean} +- {se}"
    );
    assert!(
        b.iter()
            .all(|x| (x.annoyance_cost_usd() - 20.0 * x.annoyed() as f64).abs() < 1e-9)
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
        let wins: f64 = r.iter().map(|x| x.top_volume_wins()).sum();
        let periods: f64 = r.iter().map(|x| f64::from(x.contest_periods())).sum();
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
