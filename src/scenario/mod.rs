//! Scenarios: loading a TOML file (`file.rs` mirrors it field for field), validating it
//! (`validate.rs`) and the validated `Scenario` the engine and the expected-value mode read.
//! Every numeric input is a row of one table (`inputs.rs`); the structs below hold its
//! `InputId`, and a year's draws are indexed by it.

mod correlations;
mod file;
mod finance;
mod inputs;
mod load;
mod offers;
mod plan;
mod queue;
mod roster;
mod validate;

pub use inputs::{Input, InputId, Inputs, Kind, Overrides, Param};
pub use load::{load, parse};
pub use offers::{AbandonChurn, OfferSplit, Receptive};

use crate::distributions::Dist;
use crate::error::FieldError;
use crate::incentives::{CommissionRule, Contest, TeamBonus};
use std::sync::Arc;

/// A validated scenario.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Short identifier (the file stem), used for the output folder.
    pub id: String,
    pub name: String,
    pub description: String,
    pub horizon: Horizon,
    pub team: Team,
    /// Calls per agent-hour for agents without their own volume.
    pub calls_per_agent_hour: Option<InputId>,
    /// Year-level demand level: multiplies every agent's call volume.
    pub demand_multiplier: InputId,
    pub outcomes: Vec<Outcome>,
    pub agents: Vec<Agent>,
    pub contest: Option<Contest>,
    pub commissions: Vec<Commission>,
    pub team_bonus: Option<TeamBonus>,
    pub plan_costs: PlanCosts,
    pub behaviour: Behaviour,
    /// None: unlimited capacity (every call is handled at once); Some: the queue model.
    pub queue: Option<Queue>,
    pub simulation: Simulation,
    pub finance: Finance,
    /// Declared rank correlations between uncertain inputs (already wired into their `Param`s).
    pub correlations: Vec<Correlation>,
    /// Every numeric input, once.
    pub inputs: Inputs,
    /// The file as read, and the inputs pinned over it: `with_input` validates them again.
    source: Arc<file::ScenarioFile>,
    overrides: Overrides,
}

/// A rank correlation declared between two uncertain inputs, named by their paths.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Correlation {
    pub between: [String; 2],
    pub rank: f64,
}

/// Capacity mode "queue": one FCFS queue in front of the agents on the phones.
#[derive(Debug, Clone)]
pub struct Queue {
    /// Center-level calls per open hour; None: calls per agent-hour x `demand_agents`.
    pub calls_per_hour: Option<InputId>,
    /// The team size whose per-agent demand sets the arrivals (kept when staffing varies agents).
    pub demand_agents: usize,
    pub open_hours_per_day: f64,
    pub shrinkage_pct: f64,
    /// Per-call distributions, in seconds.
    pub handle_seconds: Dist,
    pub after_call_work_seconds: Dist,
    /// None: callers never hang up.
    pub patience_seconds: Option<Dist>,
    pub attempt_share: f64,
    pub attempt_seconds: Dist,
    pub service_level_seconds: f64,
    /// Arrival weights per open hour of the day and per open day of the week, each scaled to
    /// mean 1 (so they shape the day and the week without changing the volume).
    pub hour_weights: Vec<f64>,
    pub day_weights: Vec<f64>,
    /// None: a caller who hangs up costs nothing beyond the lost call.
    pub abandon_churn: Option<AbandonChurn>,
}

impl Queue {
    /// Agents on the phones at any open moment: paid time less shrinkage, spread over the open
    /// hours, rounded down, at most one seat per agent.
    pub fn seats(&self, agents: usize, h: &Horizon) -> usize {
        let open_per_week = self.open_hours_per_day * f64::from(h.days_per_week);
        let available = agents as f64 * (1.0 - self.shrinkage_pct / 100.0) * h.paid_hours_per_week;
        ((available / open_per_week + 1e-9).floor() as usize).min(agents)
    }

    /// Center calls per open hour from a per-agent-hour rate: the demand of `demand_agents`
    /// agents' paid hours, spread over the open hours.
    pub fn calls_per_open_hour(&self, team_rate: f64, h: &Horizon) -> f64 {
        let open_per_week = self.open_hours_per_day * f64::from(h.days_per_week);
        team_rate * self.demand_agents as f64 * h.paid_hours_per_week / open_per_week
    }

    pub fn open_hours_per_year(&self, h: &Horizon) -> f64 {
        self.open_hours_per_day * f64::from(h.days_per_week * h.weeks_per_year)
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Horizon {
    pub weeks_per_year: u32,
    pub paid_hours_per_week: f64,
    pub days_per_week: u32,
}

impl Horizon {
    pub fn paid_hours_per_year(&self) -> f64 {
        self.weeks_per_year as f64 * self.paid_hours_per_week
    }
}

#[derive(Debug, Clone)]
pub struct Team {
    pub wage_per_hour_usd: InputId,
    pub benefits_load_pct: InputId,
    pub overhead_per_agent_year_usd: InputId,
    pub training_cost_per_agent_usd: InputId,
    /// Per-agent multiplier on every outcome probability, drawn per agent per year.
    pub skill_multiplier: InputId,
}

/// One thing a handled call can end in (a save, an up-sell, a trial).
#[derive(Debug, Clone)]
pub struct Outcome {
    pub name: String,
    pub label: String,
    /// Probability per handled call (team rate; roster agents may have their own).
    pub probability: InputId,
    /// Value to the business when it happens.
    pub value: Value,
    /// Share of these outcomes the programme caused (the rest would have happened anyway).
    pub incremental_share: InputId,
    /// For free trials: the share that converts to paid, and the paid value.
    pub conversion: Option<Conversion>,
    /// Contest points per occurrence.
    pub points: f64,
    /// Queue mode: extra talk seconds on a call that ends in this outcome.
    pub extra_handle_seconds: InputId,
    /// `probability` is per offered call (see `offers.rs`), not per handled call.
    pub per_offer: bool,
}

#[derive(Debug, Clone)]
pub struct Conversion {
    pub trial_to_paid: InputId,
    pub paid_value: Value,
}

/// What one occurrence is worth: a value booked at the call (and paid then), or a subscriber's
/// monthly payments (booked at their expected present value, paid month by month).
#[derive(Debug, Clone)]
pub enum Value {
    Usd(InputId),
    Subscriber(Subscriber),
}

/// `[outcomes.subscriber]`: the inputs of a subscription (see `crate::subscriber`).
#[derive(Debug, Clone)]
pub struct Subscriber {
    pub monthly_price_usd: InputId,
    pub gross_margin_pct: InputId,
    pub monthly_churn: InputId,
    pub discount_pct: InputId,
    pub discount_months: u32,
    pub max_months: Option<u32>,
}

impl Subscriber {
    /// The terms, with each input's value read by `value`.
    pub fn terms(&self, value: impl Fn(InputId) -> f64) -> crate::subscriber::Terms {
        crate::subscriber::Terms {
            margin_usd: value(self.monthly_price_usd) * (value(self.gross_margin_pct) / 100.0),
            churn: value(self.monthly_churn),
            discount: value(self.discount_pct) / 100.0,
            discount_months: self.discount_months,
            max_months: self.max_months,
        }
    }
}

impl Value {
    /// The value booked per occurrence, with each input's value read by `value` and the
    /// monthly discount factor `delta`.
    pub fn per_occurrence(&self, value: impl Fn(InputId) -> f64, delta: f64) -> f64 {
        match self {
            Value::Usd(id) => value(*id),
            Value::Subscriber(s) => s.terms(value).value_per_save(delta),
        }
    }
}

/// `[finance]`: discounting, and the years the programme runs and its cash is counted.
#[derive(Debug, Clone)]
pub struct Finance {
    pub discount_rate_pct: InputId,
    pub horizon_years: u32,
    pub programme_years: u32,
    /// Cash is told apart from value booked: some outcome pays as a subscription, or the file
    /// has a `[finance]` section.
    pub cash_view: bool,
}

impl Scenario {
    /// Some outcome's incremental share may be below 1: observed and attributed revenue differ.
    pub fn attributes_partly(&self) -> bool {
        self.outcomes.iter().any(|o| {
            let d = &self.input(o.incremental_share).param.dist;
            !d.is_fixed() || d.mean() != 1.0
        })
    }
}

/// Longest horizon (years of cash a record keeps).
pub const MAX_HORIZON_YEARS: u32 = 10;

#[derive(Debug, Clone)]
pub struct Agent {
    pub name: String,
    /// Own weekly call volume; None means `calls_per_agent_hour` x paid hours.
    pub calls_per_week: Option<InputId>,
    /// Own outcome probabilities, one slot per outcome; None means the team's.
    pub rates: Vec<Option<InputId>>,
}

impl Agent {
    /// An agent with the team's volume and rates.
    pub fn team_member(i: usize, outcomes: usize) -> Agent {
        Agent {
            name: format!("Agent {}", i + 1),
            calls_per_week: None,
            rates: vec![None; outcomes],
        }
    }
}

/// A commission on one outcome: dollars per occurrence and/or a share of its value.
#[derive(Debug, Clone)]
pub struct Commission {
    pub rule: CommissionRule,
    pub usd_per_outcome: InputId,
    pub share_of_value: InputId,
}

/// The plan's own costs beyond its payouts.
#[derive(Debug, Clone)]
pub struct PlanCosts {
    pub base_wage_change_per_hour_usd: InputId,
    pub training_hours_per_agent: InputId,
    pub programme_cost_usd: InputId,
}

/// What the plan changes in agents' behaviour; with none of it, a plan only costs money.
#[derive(Debug, Clone)]
pub struct Behaviour {
    pub rate_multiplier: InputId,
    /// None: unchanged (queue.attempt_share in queue mode, no offers otherwise).
    pub offer_share: Option<InputId>,
    pub annoyed_share: InputId,
    pub churn_cost_usd: InputId,
    /// None: offers go to callers at random and every offer can annoy.
    pub receptive: Option<Receptive>,
}

/// Most simulated years one run may ask for (records are kept in memory).
pub const MAX_ITERATIONS: u64 = 100_000_000;

#[derive(Debug, Clone, Copy)]
pub struct Simulation {
    pub iterations: u64,
    pub seed: u64,
}

impl Scenario {
    /// Contest periods per year; 1 when there is no contest (counts are then drawn per year).
    pub fn periods_per_year(&self) -> u32 {
        let h = &self.horizon;
        self.contest
            .as_ref()
            .map_or(1, |c| c.period.per_year(h.weeks_per_year, h.days_per_week))
    }

    /// The agent with the most calls expected (the first of equals): whom a volume-ranked
    /// contest favours.
    pub fn top_volume_agent(&self) -> usize {
        let team = self.calls_per_agent_hour.map_or(0.0, |id| self.mean(id));
        let volume = |a: &Agent| {
            a.calls_per_week
                .map_or(team * self.horizon.paid_hours_per_week, |id| self.mean(id))
        };
        let mut best = 0;
        for (i, a) in self.agents.iter().enumerate() {
            if volume(a) > volume(&self.agents[best]) {
                best = i;
            }
        }
        best
    }

    /// The same scenario with `agents` team agents (staffing search); the demand stays that of
    /// the original team. Only for scenarios without a roster.
    pub fn with_agents(&self, agents: usize) -> Scenario {
        let mut s = self.clone();
        let k = s.outcomes.len();
        s.agents = (0..agents).map(|i| Agent::team_member(i, k)).collect();
        s
    }

    pub fn input(&self, id: InputId) -> &Input {
        &self.inputs[id]
    }

    /// Queue mode: calls arriving per open hour with every input at its mean (before the demand
    /// multiplier).
    pub fn mean_calls_per_open_hour(&self, q: &Queue) -> f64 {
        match q.calls_per_hour {
            Some(id) => self.mean(id),
            None => {
                let rate = self.calls_per_agent_hour.map_or(0.0, |id| self.mean(id));
                q.calls_per_open_hour(rate, &self.horizon)
            }
        }
    }

    /// The label of the input at `path` (the path itself if there is none).
    pub fn label_of(&self, path: &str) -> String {
        self.inputs
            .find(path)
            .map_or_else(|| path.to_string(), |i| i.label.clone())
    }

    /// The input's mean (its value, when it is a number).
    pub fn mean(&self, id: InputId) -> f64 {
        self.inputs[id].mean()
    }

    /// The scenario with one input pinned to `value`, as if the file said so: the file is
    /// validated again with the value in place, so every rule (ranges, whole numbers, sums of
    /// probabilities, seats) holds for a swept value as for a written one, fields left at their
    /// default included. A pinned input is a number, so correlations naming it are dropped.
    pub fn with_input(&self, id: InputId, value: f64) -> Result<Scenario, FieldError> {
        self.with_inputs(&[(id, value)])
    }

    pub fn with_inputs(&self, values: &[(InputId, f64)]) -> Result<Scenario, FieldError> {
        let mut overrides = self.overrides.clone();
        for (id, v) in values {
            overrides.insert(self.inputs[*id].path.clone(), *v);
        }
        validate::scenario(Arc::clone(&self.source), &self.id, overrides)
    }
}
