//! The summary of one run: every metric's distribution over the simulated years, P(loss),
//! and warnings the user must see. This is what summary.json holds.

use crate::engine::IterationRecord;
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
}

impl Summary {
    pub fn build(s: &Scenario, seed: u64, records: &[IterationRecord]) -> Summary {
        let scale = Scale::of(s);
        let metrics = Metric::for_scenario(s)
            .iter()
            .map(|m| {
                let values: Vec<f64> = records.iter().filter_map(|r| m.value(r, scale)).collect();
                (*m, stats::summarize(&values))
            })
            .collect();
        let losses = records.iter().filter(|r| r.profit_usd < 0.0).count();
        Summary {
            scenario: s.id.clone(),
            name: s.name.clone(),
            iterations: records.len() as u64,
            seed,
            version: crate::VERSION,
            metrics,
            p_loss: stats::proportion(losses, records.len()),
            warnings: warnings(records),
        }
    }

    pub fn metric(&self, m: Metric) -> Option<&MetricSummary> {
        self.metrics
            .iter()
            .find(|(x, _)| *x == m)
            .and_then(|(_, s)| s.as_ref())
    }
}

fn warnings(records: &[IterationRecord]) -> Vec<String> {
    let capped = records.iter().filter(|r| r.probability_capped).count();
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
