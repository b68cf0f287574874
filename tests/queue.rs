//! The queue simulation against closed forms (formulas and sources in src/erlang.rs), and its
//! conservation laws. Each operating point runs a continuous center (24 open hours, 7 days) for
//! several weeks per simulated year, so the empty start is a negligible share of the run; the
//! tolerance is 4 Monte Carlo standard errors of the per-year values, with fixed seeds.

use callprofit::engine::{self, IterationRecord};
use callprofit::erlang;
use callprofit::scenario::{self, Scenario};

const SEATS: usize = 20;
const HANDLE_S: f64 = 180.0;

/// A 20-seat center open around the clock; `patience` in seconds or none.
fn center(load: f64, patience: Option<f64>, weeks: u32, handle: &str) -> Scenario {
    let calls_per_hour = load * SEATS as f64 * 3600.0 / HANDLE_S;
    let patience = patience.map_or(String::new(), |p| {
        format!("patience_seconds = {{ dist = \"exponential\", mean = {p} }}")
    });
    let text = format!(
        r#"
[horizon]
weeks_per_year = {weeks}
paid_hours_per_week = 168
days_per_week = 7
[team]
agents = {SEATS}
[queue]
calls_per_hour = {calls_per_hour}
open_hours_per_day = 24
handle_seconds = {handle}
{patience}
[[outcomes]]
name = "save"
probability = 0.1
value_usd = 30
"#
    );
    scenario::parse(&text, "test.toml", "test").expect("test scenario is valid")
}

fn exponential() -> String {
    format!("{{ dist = \"exponential\", mean = {HANDLE_S} }}")
}

/// Mean and standard error over the years of a per-year ratio.
fn mean_se(records: &[IterationRecord], f: impl Fn(&IterationRecord) -> f64) -> (f64, f64) {
    let xs: Vec<f64> = records.iter().map(f).collect();
    let n = xs.len() as f64;
    let m = xs.iter().sum::<f64>() / n;
    let v = xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1.0);
    (m, (v / n).sqrt())
}

fn assert_within(what: &str, load: f64, (m, se): (f64, f64), want: f64) {
    let z = (m - want) / se;
    assert!(
        z.abs() <= 4.0,
        "load {load}: {what} simulated {m:.5} ± {se:.5}, closed form {want:.5} ({z:.1} s.e.)"
    );
}

const LOADS: [f64; 4] = [0.5, 0.7, 0.85, 0.95];

#[test]
fn no_abandonment_matches_erlang_c() {
    for (i, load) in LOADS.into_iter().enumerate() {
        let s = center(load, None, 6, &exponential());
        let records = engine::run(&s, 24, 100 + i as u64, &|_| ());
        let lambda = load * SEATS as f64 / HANDLE_S; // per second
        let mu = 1.0 / HANDLE_S;
        let c = erlang::erlang_c(SEATS, lambda, mu).unwrap();
        let sl = c.service_level(SEATS, lambda, mu, 20.0);
        assert_within(
            "p_wait",
            load,
            mean_se(&records, |r| r.queue.waited as f64 / r.queue.offered as f64),
            c.p_wait,
        );
        assert_within(
            "service level (20 s)",
            load,
            mean_se(&records, |r| {
                r.queue.answered_in_sl as f64 / r.queue.offered as f64
            }),
            sl,
        );
        assert_within(
            "ASA (s)",
            load,
            mean_se(&records, |r| r.queue.wait_seconds / r.calls as f64),
            c.asa,
        );
        assert_within(
            "occupancy",
            load,
            mean_se(&records, |r| r.queue.busy_seconds / r.queue.seat_seconds),
            c.occupancy,
        );
        assert!(records.iter().all(|r| r.queue.abandoned == 0));
    }
}

#[test]
fn exponential_patience_matches_erlang_a() {
    let patience = 120.0;
    for (i, load) in LOADS.into_iter().enumerate() {
        let s = center(load, Some(patience), 6, &exponential());
        let records = engine::run(&s, 24, 200 + i as u64, &|_| ());
        let lambda = load * SEATS as f64 / HANDLE_S;
        let a = erlang::erlang_a(SEATS, lambda, 1.0 / HANDLE_S, 1.0 / patience);
        let per_offered = |x: fn(&IterationRecord) -> u64| {
            move |r: &IterationRecord| x(r) as f64 / r.queue.offered as f64
        };
        assert_within(
            "abandon rate",
            load,
            mean_se(&records, per_offered(|r| r.queue.abandoned)),
            a.p_abandon,
        );
        assert_within(
            "p_wait",
            load,
            mean_se(&records, per_offered(|r| r.queue.waited)),
            a.p_wait,
        );
        // Occupancy falls below the load as callers hang up; the offered load does not.
        let scale = callprofit::metrics::Scale::of(&s);
        let offered_load = |r: &IterationRecord| {
            callprofit::metrics::Metric::OfferedLoad
                .value(r, scale)
                .unwrap()
        };
        assert_within("offered load", load, mean_se(&records, offered_load), load);
    }
}

/// Conservation in every simulated year, over loads from idle to overloaded, with and without
/// patience, with lognormal handle times and a daily open window (queued callers at closing).
#[test]
fn every_year_conserves_calls_and_time() {
    let lognormal = "{ dist = \"lognormal\", mean = 180, sd = 150 }".to_string();
    for (i, load) in [0.2, 0.9, 1.3].into_iter().enumerate() {
        for patience in [None, Some(60.0)] {
            for handle in [exponential(), lognormal.clone()] {
                let mut s = center(load, patience, 1, &handle);
                s.queue.as_mut().unwrap().open_hours_per_day = 9.5;
                for r in engine::run(&s, 6, i as u64, &|_| ()) {
                    assert_eq!(
                        r.queue.offered,
                        r.calls + r.queue.abandoned,
                        "offered = handled + abandoned"
                    );
                    assert!(
                        r.queue.busy_seconds <= r.queue.seat_seconds * (1.0 + 1e-12),
                        "busy <= available"
                    );
                    assert!(
                        r.queue.wait_seconds >= 0.0,
                        "no call is answered before it arrives"
                    );
                    assert!(r.queue.answered_in_sl <= r.calls && r.queue.waited <= r.queue.offered);
                    if patience.is_none() {
                        assert_eq!(r.queue.abandoned, 0);
                    }
                }
            }
        }
    }
}

/// Selling time feeds the queue: with 180 s of extra talk on the 10% of calls that end in a save,
/// the mean work per call is 180 + 0.1 x 180 = 198 s, and occupancy (no abandonment, stable) is
/// arrivals x 198 s / seat time. A weekly $100 contest in queue mode pays $100 every week.
#[test]
fn outcome_handle_time_and_contests_work_in_queue_mode() {
    let mut text = String::from(
        r#"
[horizon]
weeks_per_year = 4
paid_hours_per_week = 168
days_per_week = 7
[team]
agents = 20
[queue]
calls_per_hour = 200
open_hours_per_day = 24
handle_seconds = { dist = "exponential", mean = 180 }
[[outcomes]]
name = "save"
probability = 0.1
value_usd = 30
points = 1
extra_handle_seconds = 180
[incentives.contest]
period = "week"
prizes_usd = [100]
"#,
    );
    let s = scenario::parse(&text, "t.toml", "t").unwrap();
    let records = engine::run(&s, 24, 9, &|_| ());
    let want = 200.0 / 3600.0 * 198.0 / SEATS as f64;
    let occ = mean_se(&records, |r| r.queue.busy_seconds / r.queue.seat_seconds);
    assert_within("occupancy with selling time", 0.55, occ, want);
    for r in &records {
        assert!(
            (r.incentive_cost_usd - 400.0).abs() < 1e-9,
            "{}",
            r.incentive_cost_usd
        );
    }
    text = text.replace("period = \"week\"", "period = \"day\"");
    let s = scenario::parse(&text, "t.toml", "t").unwrap();
    for r in engine::run(&s, 4, 9, &|_| ()) {
        assert!(
            (r.incentive_cost_usd - 2800.0).abs() < 1e-9,
            "28 days: {}",
            r.incentive_cost_usd
        );
    }
}

/// The hourly tallies add up to the year's: every offered, answered-in-time and abandoned call
/// is counted in exactly one open hour.
#[test]
fn hourly_tallies_add_up_to_the_years() {
    let mut s = center(1.1, Some(60.0), 1, &exponential());
    s.queue.as_mut().unwrap().open_hours_per_day = 9.5;
    let d = engine::run_detailed(&s, 5, 3, engine::Keep::default(), &|_| ());
    // The profile has 24 slots (parsed with 24 open hours); after closing they stay empty.
    assert_eq!(d.hours.len(), 24);
    assert!(d.hours[..10].iter().all(|h| h[0] > 0) && d.hours[10..].iter().all(|h| h[0] == 0));
    let total = |f: fn(&IterationRecord) -> u64| d.records.iter().map(f).sum::<u64>();
    let hourly = |i: usize| d.hours.iter().map(|h| h[i]).sum::<u64>();
    assert_eq!(hourly(0), total(|r| r.queue.offered));
    assert_eq!(hourly(1), total(|r| r.queue.answered_in_sl));
    assert_eq!(hourly(2), total(|r| r.queue.abandoned));
    assert!(d.agents.is_empty() && d.month_revenue_usd.is_empty());
}

/// The intraday and weekday profiles shape the offered calls: over 8 open hours a day with
/// weights [1, 2, 3, 2, 1, 1, 1, 1] (mean 1.5) and 5 days with weights [2, 1, 1, 1, 0.5] (mean
/// 1.1), hour h of the day offers calls_per_hour x w_h / 1.5 x (the days' weights / 1.1, which
/// sum to 5) x weeks x years, a Poisson count summed over the years (s.e. its square root). The
/// weekday profile moves calls between days but leaves each hour's total unchanged, so a flat
/// one expects the same. (The weekday split itself is checked on the per-call trace, in
/// src/engine/queue.rs.)
#[test]
fn profiles_shape_the_offered_calls_by_hour() {
    let text = |weekday: &str| {
        format!(
            r#"
[horizon]
weeks_per_year = 4
paid_hours_per_week = 40
days_per_week = 5
[team]
agents = 3
[queue]
calls_per_hour = 30
handle_seconds = {{ dist = "exponential", mean = 180 }}
intraday_profile = [1, 2, 3, 2, 1, 1, 1, 1]
weekday_profile = {weekday}
[[outcomes]]
name = "save"
probability = 0.1
value_usd = 30
"#
        )
    };
    let (years, weeks) = (30, 4.0);
    let weights = [1.0, 2.0, 3.0, 2.0, 1.0, 1.0, 1.0, 1.0];
    for weekday in ["[2, 1, 1, 1, 0.5]", "[1, 1, 1, 1, 1]"] {
        let s = scenario::parse(&text(weekday), "t.toml", "t").unwrap();
        let d = engine::run_detailed(&s, years, 17, engine::Keep::default(), &|_| ());
        assert_eq!(d.hours.len(), 8);
        for (h, w) in weights.iter().enumerate() {
            let want = 30.0 * w / 1.5 * 5.0 * weeks * years as f64;
            let got = d.hours[h][0] as f64;
            let z = (got - want) / want.sqrt();
            assert!(
                z.abs() < 4.0,
                "{weekday}, hour {h}: {got} offered, expected {want} ({z:.1} s.e.)"
            );
        }
    }
}
