//! Scenarios: loading a TOML file (`file.rs` mirrors it field for field), validating it
//! (`validate.rs`) and the validated `Scenario` the engine and the expected-value mode read.
//! Every numeric input is a `Param`: a validated distribution with its field path, drawn once
//! per simulated year from its own random stream.

mod correlations;
mod file;
mod load;
mod plan;
mod queue;
mod validate;

pub use load::{load, parse};

use crate::copula::Link;
use crate::distributions::Dist;
use crate::incentives::{CommissionRule, Contest, TeamBonus};
use crate::rng;
use std::sync::OnceLock;

/// One numeric input: its path in the file, its distribution, and its random stream's key.
#[derive(Debug, Clone)]
pub struct Param {
    pub path: String,
    pub dist: Dist,
    key: u64,
    /// Set once at load time when the input is rank-correlated with others (`[[correlations]]`),
    /// after every input is known: its draws then come from the copula.
    copula: OnceLock<Link>,
}

impl Param {
    pub fn new(path: impl Into<String>, dist: Dist) -> Param {
        let path = path.into();
        Param {
            key: rng::key(&path),
            path,
            dist,
            copula: OnceLock::new(),
        }
    }

    /// This input's value in one simulated year: a fixed input costs no random draw.
    pub fn draw(&self, seed: u64, iteration: u64) -> f64 {
        self.draw_for(seed, iteration, 0)
    }

    /// As `draw`, for one of several independent copies (one per agent, say). Correlated
    /// inputs have one copy (validation refuses the per-agent skill multiplier).
    pub fn draw_for(&self, seed: u64, iteration: u64, copy: u64) -> f64 {
        if self.dist.is_fixed() {
            return self.dist.mean();
        }
        if let Some(link) = self.copula.get() {
            return self
                .dist
                .at_normal_score(link.normal_score(seed, iteration));
        }
        let mut s = rng::stream(seed, iteration, self.key ^ rng::mix64(copy));
        self.dist.sample(&mut s)
    }

    /// True when the input draws through the copula.
    pub fn is_correlated(&self) -> bool {
        self.copula.get().is_some()
    }

    pub fn mean(&self) -> f64 {
        self.dist.mean()
    }
}

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
    pub calls_per_agent_hour: Option<Param>,
    /// Year-level demand level: multiplies every agent's call volume.
    pub demand_multiplier: Param,
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
    /// Declared rank correlations between uncertain inputs (already wired into their `Param`s).
    pub correlations: Vec<Correlation>,
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
    pub calls_per_hour: Option<Param>,
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
}

impl Queue {
    /// Agents on the phones at any open moment: paid time less shrinkage, spread over the open
    /// hours, rounded down, at most one seat per agent.
    pub fn seats(&self, agents: usize, h: &Horizon) -> usize {
        let open_per_week = self.open_hours_per_day * f64::from(h.days_per_week);
        let available = agents as f64 * (1.0 - self.shrinkage_pct / 100.0) * h.paid_hours_per_week;
        ((available / open_per_week + 1e-9).floor() as usize).min(agents)
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
    pub wage_per_hour_usd: Param,
    pub benefits_load_pct: Param,
    pub overhead_per_agent_year_usd: Param,
    pub training_cost_per_agent_usd: Param,
    /// Per-agent multiplier on every outcome probability, drawn per agent per year.
    pub skill_multiplier: Param,
}

/// One thing a handled call can end in (a save, an up-sell, a trial).
#[derive(Debug, Clone)]
pub struct Outcome {
    pub name: String,
    pub label: String,
    /// Probability per handled call (team rate; roster agents may have their own).
    pub probability: Param,
    /// Value to the business when it happens.
    pub value_usd: Param,
    /// For free trials: the share that converts to paid, and the paid value.
    pub conversion: Option<Conversion>,
    /// Contest points per occurrence.
    pub points: f64,
    /// Queue mode: extra talk seconds on a call that ends in this outcome.
    pub extra_handle_seconds: Param,
}

#[derive(Debug, Clone)]
pub struct Conversion {
    pub trial_to_paid: Param,
    pub paid_value_usd: Param,
}

#[derive(Debug, Clone)]
pub struct Agent {
    pub name: String,
    /// Own weekly call volume; None means `calls_per_agent_hour` x paid hours.
    pub calls_per_week: Option<Param>,
    /// Own outcome probabilities, one slot per outcome; None means the team's.
    pub rates: Vec<Option<Param>>,
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
    pub usd_per_outcome: Param,
    pub share_of_value: Param,
}

/// The plan's own costs beyond its payouts.
#[derive(Debug, Clone)]
pub struct PlanCosts {
    pub base_wage_change_per_hour_usd: Param,
    pub training_hours_per_agent: Param,
    pub programme_cost_usd: Param,
}

/// What the plan changes in agents' behaviour; with none of it, a plan only costs money.
#[derive(Debug, Clone)]
pub struct Behaviour {
    pub rate_multiplier: Param,
    /// None: unchanged (queue.attempt_share in queue mode, no offers otherwise).
    pub offer_share: Option<Param>,
    pub annoyed_share: Param,
    pub churn_cost_usd: Param,
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
        let team = self.calls_per_agent_hour.as_ref().map_or(0.0, Param::mean);
        let volume = |a: &Agent| {
            a.calls_per_week
                .as_ref()
                .map_or(team * self.horizon.paid_hours_per_week, Param::mean)
        };
        let mut best = 0;
        for (i, a) in self.agents.iter().enumerate() {
            if volume(a) > volume(&self.agents[best]) {
                best = i;
            }
        }
        best
    }

    /// Every input in file order, for `check` and for sensitivity work.
    /// The same scenario with `agents` team agents (staffing search); the demand stays that of
    /// the original team. Only for scenarios without a roster.
    pub fn with_agents(&self, agents: usize) -> Scenario {
        let mut s = self.clone();
        let k = s.outcomes.len();
        s.agents = (0..agents).map(|i| Agent::team_member(i, k)).collect();
        s
    }

    /// True for the one input drawn for each agent rather than once per year (skill).
    pub fn is_per_agent(&self, p: &Param) -> bool {
        std::ptr::eq(p, &self.team.skill_multiplier)
    }

    pub fn params(&self) -> Vec<&Param> {
        let t = &self.team;
        let mut out = vec![
            &t.wage_per_hour_usd,
            &t.benefits_load_pct,
            &t.overhead_per_agent_year_usd,
        ];
        out.extend([&t.training_cost_per_agent_usd, &t.skill_multiplier]);
        out.extend(self.calls_per_agent_hour.iter());
        out.push(&self.demand_multiplier);
        for o in &self.outcomes {
            out.extend([&o.probability, &o.value_usd]);
            if self.queue.is_some() {
                out.push(&o.extra_handle_seconds);
            }
            out.extend(
                o.conversion
                    .iter()
                    .flat_map(|c| [&c.trial_to_paid, &c.paid_value_usd]),
            );
        }
        for a in &self.agents {
            out.extend(a.calls_per_week.iter().chain(a.rates.iter().flatten()));
        }
        out.extend(
            self.commissions
                .iter()
                .flat_map(|c| [&c.usd_per_outcome, &c.share_of_value]),
        );
        let (p, b) = (&self.plan_costs, &self.behaviour);
        out.extend([
            &p.base_wage_change_per_hour_usd,
            &p.training_hours_per_agent,
            &p.programme_cost_usd,
            &b.rate_multiplier,
        ]);
        out.extend(b.offer_share.iter());
        out.extend([&b.annoyed_share, &b.churn_cost_usd]);
        out.extend(self.queue.iter().flat_map(|q| q.calls_per_hour.iter()));
        out
    }
}
