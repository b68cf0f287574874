//! The Erlang calculator (`callprofit erlang`): P(wait), service level, ASA, abandonment and
//! occupancy per number of agents on the phones, from the closed forms in `erlang.rs` (Erlang C,
//! or Erlang A with exponential patience); the fewest agents meeting a target; and for a queue
//! scenario the same per open hour of the week from its profiles (`intervals.rs`). Pure: typed
//! results that `export` and `console` render.

use crate::erlang::{Load, MAX_AGENTS, Measures};
use crate::error::InputError;
use serde::Serialize;

mod intervals;
pub use intervals::{
    HourNeed, Interval, IntervalPlan, PlanSettings, clock, erlang_team, interval_plan,
    scenario_demand,
};

/// A flat load, as the calculator's flags give it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Demand {
    pub calls_per_hour: f64,
    /// Work per handled call: talk, wrap-up and selling.
    pub handle_seconds: f64,
    /// Mean patience; None: callers never hang up (Erlang C).
    pub patience_seconds: Option<f64>,
    /// The service level counts calls answered within this many seconds.
    pub service_level_seconds: f64,
}

impl Demand {
    /// Rates per second.
    pub fn load(&self) -> Load {
        Load {
            lambda: self.calls_per_hour / 3600.0,
            mu: 1.0 / self.handle_seconds,
            theta: self.patience_seconds.map(|p| 1.0 / p),
        }
    }

    pub fn model(&self) -> &'static str {
        if self.patience_seconds.is_some() {
            "Erlang A"
        } else {
            "Erlang C"
        }
    }

    /// The fewest agents on the phones meeting `target`.
    pub fn agents_needed(&self, target: f64) -> Option<usize> {
        self.load()
            .fewest_agents(self.service_level_seconds, target)
    }

    pub fn row(&self, agents: usize, shrinkage_pct: Option<f64>) -> Row {
        let m: Measures = self.load().measures(agents, self.service_level_seconds);
        Row {
            agents,
            scheduled_agents: shrinkage_pct.map(|s| scheduled(agents, s)),
            p_wait: m.p_wait,
            service_level: m.service_level,
            asa_seconds: m.asa,
            abandon_rate: m.abandon_rate,
            occupancy: m.occupancy,
        }
    }
}

/// Agents to schedule so that `on_phones` are on the phones after `shrinkage_pct` percent of
/// paid time off them: the fewest m with m (1 - shrinkage) >= on_phones (as `Queue::seats`
/// rounds, so a scenario with m agents has that many on the phones).
pub fn scheduled(on_phones: usize, shrinkage_pct: f64) -> usize {
    let m = on_phones as f64 / (1.0 - shrinkage_pct / 100.0);
    (m - 1e-9).ceil().max(0.0) as usize
}

/// One number of agents on the phones.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    pub agents: usize,
    /// With shrinkage: agents to schedule for `agents` on the phones.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheduled_agents: Option<usize>,
    pub p_wait: f64,
    pub service_level: f64,
    /// Mean wait of answered calls (zero waits included); null when the queue grows without
    /// bound (Erlang C at or past full load).
    pub asa_seconds: Option<f64>,
    pub abandon_rate: f64,
    pub occupancy: f64,
}

/// `callprofit erlang` with flags: one row per agent count, and the answer to a target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErlangTable {
    pub model: &'static str,
    pub calls_per_hour: f64,
    pub handle_seconds: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub patience_seconds: Option<f64>,
    pub service_level_seconds: f64,
    /// Calls per hour x handle time: the agents' worth of work the calls bring.
    pub offered_load_erlangs: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shrinkage_pct: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_service_level: Option<f64>,
    /// The fewest agents on the phones meeting the target.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agents_needed: Option<usize>,
    /// With shrinkage: the agents to schedule for `agents_needed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheduled_agents_needed: Option<usize>,
    pub rows: Vec<Row>,
}

/// Agent counts to show when only a target is given: the answer and three either side.
pub const AROUND: usize = 3;

/// The table for `agents` (or, when empty, the counts around the target's answer). None when
/// the target needs more than `erlang::MAX_AGENTS`.
pub fn table(
    d: &Demand,
    agents: &[usize],
    target: Option<f64>,
    shrinkage_pct: Option<f64>,
) -> Option<ErlangTable> {
    let needed = match target {
        Some(t) => Some(d.agents_needed(t)?),
        None => None,
    };
    let counts: Vec<usize> = match (agents.is_empty(), needed) {
        (true, Some(n)) => (n.saturating_sub(AROUND).max(1)..=n + AROUND).collect(),
        _ => agents.to_vec(),
    };
    Some(ErlangTable {
        model: d.model(),
        calls_per_hour: d.calls_per_hour,
        handle_seconds: d.handle_seconds,
        patience_seconds: d.patience_seconds,
        service_level_seconds: d.service_level_seconds,
        offered_load_erlangs: d.calls_per_hour * d.handle_seconds / 3600.0,
        shrinkage_pct,
        target_service_level: target,
        agents_needed: needed,
        scheduled_agents_needed: needed.zip(shrinkage_pct).map(|(n, s)| scheduled(n, s)),
        rows: counts.iter().map(|&n| d.row(n, shrinkage_pct)).collect(),
    })
}

/// Most rows one table shows.
pub const MAX_ROWS: usize = 1_000;

/// `--agents`: one count (`50`) or an inclusive range (`50..60`), each from 1.
pub fn parse_agents(spec: &str) -> Result<Vec<usize>, InputError> {
    let bad = |problem: &str| {
        let fix = "give agents on the phones as a whole number from 1, or a range such as 50..60";
        InputError::file("--agents", format!("{spec}: {problem}"), fix)
    };
    let whole = |s: &str| {
        s.trim()
            .parse::<usize>()
            .map_err(|_| bad("is not a whole number"))
    };
    let (from, to) = match spec.split_once("..") {
        Some((a, b)) => (whole(a)?, whole(b.trim_start_matches('='))?),
        None => (whole(spec)?, whole(spec)?),
    };
    if from == 0 {
        return Err(bad("0 agents answer no call"));
    }
    if to < from {
        return Err(bad("the range runs backwards"));
    }
    if to > MAX_AGENTS || to - from >= MAX_ROWS {
        return Err(bad(
            "too many agents or rows (at most 200,000 agents, 1,000 rows)",
        ));
    }
    Ok((from..=to).collect())
}
