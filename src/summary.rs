//! The summary of one run: every metric's distribution over the simulated years, P(loss),
//! and warnings the user must see. This is what summary.json holds.

use crate::engine::{AgentYear, IterationRecord};
use crate::metrics::{Metric, Scale};
use crate::scenario::Scenario;
use crate::stats::{self, MetricSummary, Proportion};
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub scenario: String,
    pub name: String,
    pub iterations: u64,
    pub seed: u64,
    pub version: &'static str,
    #[serde(serialize_with = "metrics_as_map")]
    pub metrics: Vec<(Metric, Option<MetricSummary>)>,
    /// P(profit per agent-year < 0).
    pub p_loss: Proportion,
    pub warnings: Vec<String>,
    /// With incentives: each agent's year (volume, success rate, payouts, contest wins).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub agents: Vec<AgentSummary>,
    /// With a contest: how often the highest-volume agent wins a period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fairness: Option<Fairness>,
    /// Queue mode: per open hour of the day, pooled over all simulated years.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub by_hour: Vec<HourSummary>,
    /// Declared rank correlations, each against the one found in the years' drawn inputs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub correlations: Vec<CorrelationCheck>,
    /// `--target-se`: the target, the batches, the years it took and the standard error reached.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_se: Option<crate::precision::Reached>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CorrelationCheck {
    pub between: [String; 2],
    pub declared_rank: f64,
    /// Spearman's rho between the two inputs' draws over the simulated years, and its s.e.
    pub drawn_rank: f64,
    pub drawn_rank_se: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, serde::Deserialize)]
pub struct HourSummary {
    /// 1 = the first open hour of the day.
    pub hour: usize,
    pub offered: u64,
    /// Answered within the threshold / offered, and abandoned / offered (by arrival hour).
    pub service_level: f64,
    pub abandon_rate: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct AgentSummary {
    pub name: String,
    /// Mean over simulated years.
    pub calls_per_year: f64,
    pub success_rate: f64,
    /// Share of contest periods won (mean over years, and its standard error).
    pub p_win_period: Option<Proportion>,
    /// Prizes and commissions paid to the agent per year.
    pub payout_per_year: Option<MetricSummary>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Fairness {
    pub period: &'static str,
    pub rank_by: &'static str,
    pub top_volume_agent: String,
    /// Share of contest periods the highest-volume agent wins (mean over years, s.e.).
    pub top_volume_share: Proportion,
}

impl Summary {
    pub fn build(s: &Scenario, seed: u64, records: &[IterationRecord]) -> Summary {
        let scale = Scale::of(s);
        let metrics = Metric::for_scenario(s)
            .iter()
            .map(|m| {
                // One metric at a time, in one vector sized up front (no doubling).
                let mut values = Vec::with_capacity(records.len());
                values.extend(records.iter().filter_map(|r| m.value(r, scale)));
                (*m, stats::summarize_owned(values))
            })
            .collect();
        let losses = records.iter().filter(|r| r.profit_usd() < 0.0).count();
        Summary {
            scenario: s.id.clone(),
            name: s.name.clone(),
            iterations: records.len() as u64,
            seed,
            version: crate::VERSION,
            metrics,
            p_loss: stats::proportion(losses, records.len()),
            warnings: warnings(records),
            agents: Vec::new(),
            fairness: None,
            by_hour: Vec::new(),
            correlations: correlation_checks(s, seed, records),
            target_se: None,
        }
    }

    /// Adds the queue's hourly view from `engine::run_detailed`'s tallies.
    pub fn with_hours(mut self, hours: &[[u64; 3]]) -> Summary {
        let ratio = |a: u64, b: u64| if b > 0 { a as f64 / b as f64 } else { 0.0 };
        self.by_hour = hours
            .iter()
            .enumerate()
            .map(|(i, h)| HourSummary {
                hour: i + 1,
                offered: h[0],
                service_level: ratio(h[1], h[0]),
                abandon_rate: ratio(h[2], h[0]),
            })
            .collect();
        self
    }

    /// Adds the per-agent view from `engine::run_detailed` rows (iteration-major).
    pub fn with_agents(
        mut self,
        s: &Scenario,
        records: &[IterationRecord],
        rows: &[AgentYear],
    ) -> Summary {
        let n = s.agents.len();
        if rows.is_empty() || n == 0 {
            return self;
        }
        let periods: Vec<f64> = records
            .iter()
            .map(|r| f64::from(r.contest_periods()))
            .collect();
        let share = |wins: &[f64]| -> Option<Proportion> {
            let per_year: Vec<f64> = wins
                .iter()
                .zip(&periods)
                .filter(|(_, p)| **p > 0.0)
                .map(|(w, p)| w / p)
                .collect();
            stats::summarize(&per_year).map(|m| Proportion {
                p: m.mean,
                se: m.mean_se,
            })
        };
        self.agents = s
            .agents
            .iter()
            .enumerate()
            .map(|(a, agent)| {
                let mine: Vec<&AgentYear> = rows.iter().skip(a).step_by(n).collect();
                let years = mine.len() as f64;
                let calls = mine.iter().map(|r| r.calls as f64).sum::<f64>() / years;
                let rates: Vec<f64> = mine
                    .iter()
                    .filter(|r| r.calls > 0)
                    .map(|r| r.successes as f64 / r.calls as f64)
                    .collect();
                let wins: Vec<f64> = mine.iter().map(|r| r.wins).collect();
                let payouts: Vec<f64> = mine.iter().map(|r| r.payout_usd).collect();
                AgentSummary {
                    name: agent.name.clone(),
                    calls_per_year: calls,
                    success_rate: stats::summarize(&rates).map_or(0.0, |m| m.mean),
                    p_win_period: s.contest.as_ref().and_then(|_| share(&wins)),
                    payout_per_year: stats::summarize(&payouts),
                }
            })
            .collect();
        self.fairness = s.contest.as_ref().and_then(|c| {
            let top = s.top_volume_agent();
            let wins: Vec<f64> = records.iter().map(|r| r.top_volume_wins()).collect();
            Some(Fairness {
                period: c.period.name(),
                rank_by: c.rank_by.name(),
                top_volume_agent: s.agents[top].name.clone(),
                top_volume_share: share(&wins)?,
            })
        });
        self
    }

    /// Profit per agent-year: every run has it.
    pub fn profit(&self) -> &MetricSummary {
        self.metric(Metric::ProfitPerAgentYear)
            .expect("every run summarizes profit per agent-year")
    }

    pub fn metric(&self, m: Metric) -> Option<&MetricSummary> {
        self.metrics
            .iter()
            .find(|(x, _)| *x == m)
            .and_then(|(_, s)| s.as_ref())
    }
}

/// Re-creates each correlated input's draws year by year (each is a pure function of the seed
/// and the year), once per input however many pairs it is in, and measures each pair's rank
/// correlation.
fn correlation_checks(
    s: &Scenario,
    seed: u64,
    records: &[IterationRecord],
) -> Vec<CorrelationCheck> {
    if s.correlations.is_empty() {
        return Vec::new();
    }
    let draws: std::collections::BTreeMap<&str, Vec<f64>> = s
        .inputs
        .iter()
        .filter(|i| i.param.is_correlated())
        .map(|i| {
            let years = records
                .iter()
                .map(|r| i.param.draw(seed, r.iteration))
                .collect();
            (i.path.as_str(), years)
        })
        .collect();
    s.correlations
        .iter()
        .filter_map(|c| {
            let (a, b) = (
                draws.get(c.between[0].as_str())?,
                draws.get(c.between[1].as_str())?,
            );
            let rho = stats::spearman(a, b);
            Some(CorrelationCheck {
                between: c.between.clone(),
                declared_rank: c.rank,
                drawn_rank: rho,
                drawn_rank_se: stats::spearman_se(rho, records.len()),
            })
        })
        .collect()
}

fn warnings(records: &[IterationRecord]) -> Vec<String> {
    let capped = records.iter().filter(|r| r.probability_capped()).count();
    if capped == 0 {
        return Vec::new();
    }
    vec![format!(
        "in {capped} of {} simulated years some agent's outcome probabilities (after skill) summed above 1 \
         and were scaled down to sum to 1; narrow the rate or skill distributions",
        records.len()
    )]
}

fn metrics_as_map<S: Serializer>(
    m: &[(Metric, Option<MetricSummary>)],
    ser: S,
) -> Result<S::Ok, S::Error> {
    let mut map = ser.serialize_map(Some(m.len()))?;
    for (metric, summary) in m {
        map.serialize_entry(metric.name(), summary)?;
    }
    map.end()
}
