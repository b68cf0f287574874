//! A queue scenario by interval: its mean load shaped by the weekday and intraday profiles, the
//! agents each open hour needs, and the Erlang start of the staffing search.

use super::{Demand, scheduled};
use crate::erlang::MAX_AGENTS;
use crate::scenario::{Queue, Scenario};
use serde::Serialize;

/// What one hour's calls need: the fewest agents on the phones meeting the target, the agents
/// to schedule for them, and the measures they give.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HourNeed {
    pub calls_per_hour: f64,
    pub agents_on_phones: usize,
    /// Agents on the phones / (1 - shrinkage), rounded up.
    pub scheduled_agents: usize,
    pub p_wait: f64,
    pub service_level: f64,
    pub asa_seconds: Option<f64>,
    pub abandon_rate: f64,
    pub occupancy: f64,
}

impl HourNeed {
    fn new(d: &Demand, target: f64, shrinkage_pct: f64) -> Option<HourNeed> {
        let n = d.agents_needed(target)?;
        let row = d.row(n, Some(shrinkage_pct));
        Some(HourNeed {
            calls_per_hour: d.calls_per_hour,
            agents_on_phones: n,
            scheduled_agents: scheduled(n, shrinkage_pct),
            p_wait: row.p_wait,
            service_level: row.service_level,
            asa_seconds: row.asa_seconds,
            abandon_rate: row.abandon_rate,
            occupancy: row.occupancy,
        })
    }
}

/// One open hour of one open day of a scenario's week.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Interval {
    /// 1 = the first open day of the week.
    pub day: usize,
    /// Open days are taken as Monday onwards.
    pub day_name: &'static str,
    /// 1 = the first open hour of the day.
    pub hour: usize,
    /// Clock time the hour starts, HH:MM.
    pub starts: String,
    /// Length in hours (the day's last open hour may be part of one).
    pub hours: f64,
    #[serde(flatten)]
    pub need: HourNeed,
}

/// `callprofit erlang SCENARIO`: agents needed per open hour of the week.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IntervalPlan {
    pub scenario: String,
    pub name: String,
    pub model: &'static str,
    /// Mean calls per open hour (the demand and its multiplier at their means).
    pub mean_calls_per_hour: f64,
    /// Mean work per handled call: talk + after-call work + attempt share x attempt seconds +
    /// each outcome's probability x its extra talk, at the inputs' means.
    pub handle_seconds: f64,
    /// Mean patience (Erlang A takes it as exponential's); absent: Erlang C.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub patience_seconds: Option<f64>,
    pub service_level_seconds: f64,
    pub target_service_level: f64,
    pub shrinkage_pct: f64,
    /// Clock hour the center opens (labels only).
    pub opens_at: f64,
    /// An hour at the mean load (every weight 1).
    pub mean_hour: HourNeed,
    /// The busiest interval (the first of equals).
    pub peak: Interval,
    /// Day-major: every open hour of day 1, then of day 2, ...
    pub intervals: Vec<Interval>,
    /// Scheduled agents x hours, summed over the week.
    pub scheduled_agent_hours_per_week: f64,
    pub paid_hours_per_week: f64,
    /// The same in agents working the scenario's paid hours per week.
    pub full_time_agents: f64,
}

const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// The calculator's settings for a scenario's interval plan.
#[derive(Debug, Clone, Copy)]
pub struct PlanSettings {
    pub target: f64,
    pub service_level_seconds: f64,
    pub shrinkage_pct: f64,
    pub opens_at: f64,
}

/// The scenario's mean load as one flat demand: calls per open hour and work per handled call.
pub fn scenario_demand(s: &Scenario, q: &Queue, service_level_seconds: f64) -> Demand {
    let base = s.mean_calls_per_open_hour(q);
    let attempt_share = s
        .behaviour
        .offer_share
        .map_or(q.attempt_share, |id| s.mean(id));
    let rate_scale = s.mean(s.team.skill_multiplier) * s.mean(s.behaviour.rate_multiplier);
    let selling: f64 = s
        .outcomes
        .iter()
        .map(|o| (s.mean(o.probability) * rate_scale).min(1.0) * s.mean(o.extra_handle_seconds))
        .sum();
    Demand {
        calls_per_hour: base * s.mean(s.demand_multiplier),
        handle_seconds: q.handle_seconds.mean()
            + q.after_call_work_seconds.mean()
            + attempt_share * q.attempt_seconds.mean()
            + selling,
        patience_seconds: q.patience_seconds.as_ref().map(|p| p.mean()),
        service_level_seconds,
    }
}

/// Every open hour of the week: its calls (the mean load x the day's and the hour's weights)
/// and the fewest agents meeting the target. None when an hour needs more than
/// `erlang::MAX_AGENTS`.
pub fn interval_plan(s: &Scenario, q: &Queue, set: PlanSettings) -> Option<IntervalPlan> {
    let d = scenario_demand(s, q, set.service_level_seconds);
    let need = |weight: f64| {
        let at = Demand {
            calls_per_hour: d.calls_per_hour * weight,
            ..d
        };
        HourNeed::new(&at, set.target, set.shrinkage_pct)
    };
    let mut intervals = Vec::new();
    for (day, dw) in q.day_weights.iter().enumerate() {
        for (hour, hw) in q.hour_weights.iter().enumerate() {
            intervals.push(Interval {
                day: day + 1,
                day_name: DAYS[day % 7],
                hour: hour + 1,
                starts: clock(set.opens_at + hour as f64),
                hours: (q.open_hours_per_day - hour as f64).clamp(0.0, 1.0),
                need: need(dw * hw)?,
            });
        }
    }
    // The busiest interval, the first of equals.
    let mut peak = &intervals[0];
    for i in &intervals {
        if i.need.calls_per_hour > peak.need.calls_per_hour {
            peak = i;
        }
    }
    let peak = peak.clone();
    let agent_hours: f64 = intervals
        .iter()
        .map(|i| i.need.scheduled_agents as f64 * i.hours)
        .sum();
    Some(IntervalPlan {
        scenario: s.id.clone(),
        name: s.name.clone(),
        model: d.model(),
        mean_calls_per_hour: d.calls_per_hour,
        handle_seconds: d.handle_seconds,
        patience_seconds: d.patience_seconds,
        service_level_seconds: set.service_level_seconds,
        target_service_level: set.target,
        shrinkage_pct: set.shrinkage_pct,
        opens_at: set.opens_at,
        mean_hour: need(1.0)?,
        peak,
        intervals,
        scheduled_agent_hours_per_week: agent_hours,
        paid_hours_per_week: s.horizon.paid_hours_per_week,
        full_time_agents: agent_hours / s.horizon.paid_hours_per_week,
    })
}

/// Where the staffing search starts: the fewest team agents whose seats (`Queue::seats`, the
/// same all day) give an Erlang service level, averaged over the week's open hours by their
/// calls at the mean load, of at least `target` within `within` seconds. None past
/// `erlang::MAX_AGENTS` seats.
pub fn erlang_team(s: &Scenario, q: &Queue, target: f64, within: f64) -> Option<usize> {
    let d = scenario_demand(s, q, within);
    let mut hours = Vec::new(); // (calls in the hour, its load)
    for dw in &q.day_weights {
        for (h, hw) in q.hour_weights.iter().enumerate() {
            let length = (q.open_hours_per_day - h as f64).clamp(0.0, 1.0);
            let at = Demand {
                calls_per_hour: d.calls_per_hour * dw * hw,
                ..d
            };
            hours.push((at.calls_per_hour * length, at.load()));
        }
    }
    let calls: f64 = hours.iter().map(|h| h.0).sum();
    let ok = |seats: usize| {
        let answered: f64 = hours
            .iter()
            .map(|(c, load)| c * load.measures(seats, within).service_level)
            .sum();
        calls <= 0.0 || answered >= target * calls
    };
    let (mut lo, mut hi) = (0, 1); // no seat answers a call
    while !ok(hi) {
        if hi >= MAX_AGENTS {
            return None;
        }
        (lo, hi) = (hi, (hi * 2).min(MAX_AGENTS));
    }
    while hi - lo > 1 {
        let mid = (lo + hi) / 2;
        if ok(mid) { hi = mid } else { lo = mid }
    }
    // The fewest agents with that many seats (seats grow with agents).
    let per_agent = q.seats(1_000_000, &s.horizon) as f64 / 1e6;
    let mut n = ((hi as f64 / per_agent.max(1e-9)).floor() as usize).max(1);
    while q.seats(n, &s.horizon) < hi {
        n += 1;
    }
    while n > 1 && q.seats(n - 1, &s.horizon) >= hi {
        n -= 1;
    }
    Some(n)
}

/// HH:MM for an hour of the day (past midnight wraps).
pub fn clock(hour: f64) -> String {
    let minutes = (hour * 60.0).round() as i64;
    let m = minutes.rem_euclid(24 * 60);
    format!("{:02}:{:02}", m / 60, m % 60)
}
