//! The serde mirror of a scenario file: field for field what a user writes, with defaults and
//! `deny_unknown_fields` everywhere so a misspelt field is an error, never silently ignored.
//! Nothing here is validated; `validate.rs` turns it into a `Scenario`.

use crate::distributions::ParamSpec;
use crate::incentives::{Period, RankBy};
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    pub name: Option<String>,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub horizon: HorizonFile,
    #[serde(default)]
    pub team: TeamFile,
    #[serde(default)]
    pub demand: DemandFile,
    #[serde(default)]
    pub outcomes: Vec<OutcomeFile>,
    #[serde(default)]
    pub roster: Vec<RosterAgentFile>,
    #[serde(default)]
    pub incentives: IncentivesFile,
    /// Present: the call-by-call queue model; absent: unlimited capacity.
    pub queue: Option<QueueFile>,
    #[serde(default)]
    pub simulation: SimulationFile,
    /// Rank correlations between pairs of uncertain inputs.
    #[serde(default)]
    pub correlations: Vec<CorrelationFile>,
    /// Discounting and the programme's horizon (absent: one year, no discounting).
    pub finance: Option<FinanceFile>,
}

/// `[finance]`: what money later is worth today, and how long the programme runs.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FinanceFile {
    /// Annual discount rate; payment k months after the call is worth (1 + r)^(-k/12).
    pub discount_rate_pct: Option<ParamSpec>,
    /// Years over which cash is counted (default 1).
    pub horizon_years: Option<f64>,
    /// Years in which the programme runs and makes saves (default: the horizon); later years
    /// only collect what earlier saves still pay.
    pub programme_years: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorrelationFile {
    /// Two input paths, as `sweep --set` and `sensitivity` name them.
    pub between: Vec<String>,
    /// Spearman's rank correlation, in (-1, 1).
    pub rank: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HorizonFile {
    pub weeks_per_year: u32,
    pub paid_hours_per_week: f64,
    pub days_per_week: u32,
}

impl Default for HorizonFile {
    fn default() -> Self {
        HorizonFile {
            weeks_per_year: 52,
            paid_hours_per_week: 40.0,
            days_per_week: 5,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TeamFile {
    pub agents: Option<u32>,
    pub wage_per_hour_usd: ParamSpec,
    pub benefits_load_pct: ParamSpec,
    pub overhead_per_agent_year_usd: ParamSpec,
    pub training_cost_per_agent_usd: ParamSpec,
    pub skill_multiplier: ParamSpec,
}

impl Default for TeamFile {
    fn default() -> Self {
        TeamFile {
            agents: None,
            wage_per_hour_usd: 0.0.into(),
            benefits_load_pct: 0.0.into(),
            overhead_per_agent_year_usd: 0.0.into(),
            training_cost_per_agent_usd: 0.0.into(),
            skill_multiplier: 1.0.into(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DemandFile {
    pub calls_per_agent_hour: Option<ParamSpec>,
    pub demand_multiplier: ParamSpec,
}

impl Default for DemandFile {
    fn default() -> Self {
        DemandFile {
            calls_per_agent_hour: None,
            demand_multiplier: 1.0.into(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutcomeFile {
    pub name: String,
    pub label: Option<String>,
    pub probability: ParamSpec,
    /// What one occurrence is worth, booked at the call; or `subscriber`: its value from the
    /// subscriber's monthly payments.
    pub value_usd: Option<ParamSpec>,
    pub subscriber: Option<SubscriberFile>,
    pub trial_to_paid: Option<ParamSpec>,
    pub paid_value_usd: Option<ParamSpec>,
    /// What a converted trial pays, as a subscription (instead of `paid_value_usd`).
    pub paid_subscriber: Option<SubscriberFile>,
    /// Share of these outcomes that would not have happened without the programme (default 1).
    pub incremental_share: Option<ParamSpec>,
    #[serde(default)]
    pub points: f64,
    /// Queue mode: extra talk seconds on a call that ends in this outcome (selling takes time).
    pub extra_handle_seconds: Option<ParamSpec>,
    /// `probability` is per offered call (the offer share drives it), not per handled call.
    #[serde(default)]
    pub per_offer: bool,
}

/// `[outcomes.subscriber]`: a retained or up-sold subscriber's monthly payments.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubscriberFile {
    pub monthly_price_usd: ParamSpec,
    pub gross_margin_pct: Option<ParamSpec>,
    /// Chance, each month after the save, that the subscriber leaves before the next payment.
    pub monthly_churn: ParamSpec,
    /// The retention offer: a price cut for the first months.
    pub discount_pct: Option<ParamSpec>,
    pub discount_months: Option<f64>,
    /// Payments at most (absent: until the subscriber leaves).
    pub max_months: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RosterAgentFile {
    pub name: String,
    pub calls_per_week: Option<ParamSpec>,
    #[serde(default)]
    pub rates: BTreeMap<String, ParamSpec>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncentivesFile {
    pub contest: Option<ContestFile>,
    #[serde(default)]
    pub commission: Vec<CommissionFile>,
    pub team_bonus: Option<TeamBonusFile>,
    /// Change to the base wage per paid hour under the plan (negative: a lower base).
    pub base_wage_change_per_hour_usd: Option<ParamSpec>,
    /// Programme costs: training hours per agent (paid at the loaded wage), and materials etc.
    pub training_hours_per_agent: Option<ParamSpec>,
    pub programme_cost_usd: Option<ParamSpec>,
    pub behaviour: Option<BehaviourFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamBonusFile {
    pub period: Period,
    pub usd: f64,
    pub min_success_rate: f64,
}

/// What the plan changes in what agents do (absent: nothing).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BehaviourFile {
    /// Multiplies every outcome probability.
    pub rate_multiplier: Option<ParamSpec>,
    /// Share of handled calls that receive an offer (queue mode: replaces queue.attempt_share).
    pub offer_share: Option<ParamSpec>,
    /// Share of callers receiving an offer who are annoyed enough to churn, and what each costs.
    pub annoyed_share: Option<ParamSpec>,
    pub churn_cost_usd: Option<ParamSpec>,
    /// Share of callers who welcome an offer (offers go to them first), and how often receptive
    /// and other offered callers accept (see `scenario/offers.rs`).
    pub receptive_share: Option<ParamSpec>,
    pub receptive_acceptance: Option<ParamSpec>,
    pub other_acceptance: Option<ParamSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContestFile {
    pub period: Period,
    pub prizes_usd: Vec<f64>,
    #[serde(default)]
    pub rank_by: RankBy,
    #[serde(default)]
    pub min_calls: u64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommissionFile {
    pub outcome: String,
    pub usd_per_outcome: Option<ParamSpec>,
    pub share_of_value: Option<ParamSpec>,
    #[serde(default)]
    pub quota: u64,
    pub cap_usd: Option<f64>,
    #[serde(default = "default_commission_period")]
    pub period: Period,
}

fn default_commission_period() -> Period {
    Period::Week
}

/// `[queue]`: capacity mode "queue" (see README, "Queue mode").
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueueFile {
    /// Center-level calls per open hour; default: demand.calls_per_agent_hour x agents.
    pub calls_per_hour: Option<ParamSpec>,
    /// Open hours per day; default: horizon.paid_hours_per_week / horizon.days_per_week.
    pub open_hours_per_day: Option<f64>,
    #[serde(default)]
    pub shrinkage_pct: f64,
    /// Per call: talk time, after-call work, and the caller's patience (absent: infinite).
    pub handle_seconds: ParamSpec,
    #[serde(default)]
    pub after_call_work_seconds: Option<ParamSpec>,
    pub patience_seconds: Option<ParamSpec>,
    /// Share of handled calls on which a save or offer is attempted, and what it adds.
    #[serde(default)]
    pub attempt_share: Option<f64>,
    #[serde(default)]
    pub attempt_seconds: Option<ParamSpec>,
    #[serde(default = "default_sl_seconds")]
    pub service_level_seconds: f64,
    #[serde(default)]
    pub intraday_profile: Vec<f64>,
    #[serde(default)]
    pub weekday_profile: Vec<f64>,
    /// Share of callers who hang up and then cancel, and the subscriber value each takes.
    pub abandon_churn_share: Option<ParamSpec>,
    pub abandon_churn_value_usd: Option<ParamSpec>,
}

fn default_sl_seconds() -> f64 {
    20.0
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SimulationFile {
    pub iterations: u64,
    pub seed: u64,
}

impl Default for SimulationFile {
    fn default() -> Self {
        SimulationFile {
            iterations: 10_000,
            seed: 20_261_123,
        }
    }
}
