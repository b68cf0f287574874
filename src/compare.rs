//! Scenarios side by side. Every scenario of a comparison is run with the same seed, so year i
//! of each draws the same random numbers input by input (common random numbers, see rng.rs);
//! the difference from the baseline is then taken year by year (paired), which removes the
//! noise the scenarios share. Both the paired standard error and the one two independent runs
//! would have (unpaired) are reported, so the gain is visible. Pure: no IO.

use crate::engine::IterationRecord;
use crate::metrics::{Metric, Scale};
use crate::scenario::Scenario;
use crate::stats::{self, Proportion};
use crate::summary::Summary;
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

/// One scenario's run, as `compare` needs it.
pub struct Arm<'a> {
    pub scenario: &'a Scenario,
    pub file: String,
    pub summary: &'a Summary,
    pub records: &'a [IterationRecord],
}

#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub iterations: u64,
    pub seed: u64,
    pub version: &'static str,
    pub baseline: String,
    pub scenarios: Vec<Column>,
    /// Each scenario after the first against the first.
    pub differences: Vec<Difference>,
    /// What a reader must know to read the differences (absent from JSON when there is none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// `--target-se`: the target on the paired differences and the standard error reached.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_se: Option<crate::precision::Reached>,
}

/// One scenario's metrics: mean, its standard error, P5, P50, P95.
#[derive(Debug, Clone, Serialize)]
pub struct Column {
    pub scenario: String,
    pub name: String,
    pub file: String,
    #[serde(serialize_with = "as_map")]
    pub metrics: Vec<(Metric, Option<Brief>)>,
    pub p_loss: Proportion,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Brief {
    pub mean: f64,
    pub mean_se: f64,
    pub p5: f64,
    pub p50: f64,
    pub p95: f64,
}

/// Scenario minus baseline in profit per agent-year, year by year.
#[derive(Debug, Clone, Serialize)]
pub struct Difference {
    pub scenario: String,
    pub baseline: String,
    pub metric: &'static str,
    pub mean: f64,
    /// Standard error of the mean paired difference: sd(B_i - A_i) / sqrt(n).
    pub se_paired: f64,
    /// What the standard error would be with independent runs: sqrt(var A / n + var B / n).
    pub se_unpaired: f64,
    pub p5: f64,
    pub p95: f64,
    /// Share of years in which the scenario beats the baseline (ties count as not better).
    pub p_better: Proportion,
    /// The scenario's incentive (plan) cost per agent-year minus the baseline's, mean.
    pub plan_cost_difference: f64,
    /// Mean profit difference per dollar of extra plan cost, in percent: what the plan returns
    /// after paying for itself (-100% = it only costs). None when the plan costs no more.
    pub return_on_plan_cost_pct: Option<f64>,
}

/// Compares `arms` (the first is the baseline); each ran the same iterations and seed.
pub fn compare(arms: &[Arm]) -> Comparison {
    let base = &arms[0];
    let metrics = metric_list(arms);
    let scenarios = arms.iter().map(|a| column(a, &metrics)).collect();
    let differences = arms[1..].iter().map(|a| difference(base, a)).collect();
    Comparison {
        iterations: base.summary.iterations,
        seed: base.summary.seed,
        version: crate::VERSION,
        baseline: base.scenario.id.clone(),
        scenarios,
        differences,
        notes: arms[1..]
            .iter()
            .filter_map(|a| capacity_note(base, a))
            .collect(),
        target_se: None,
    }
}

/// A queue loses the calls of callers who hang up; an unlimited-capacity scenario answers every
/// call. A difference between the two is then partly that loss, not only the levers changed.
fn capacity_note(base: &Arm, arm: &Arm) -> Option<String> {
    let queued = |a: &Arm| a.scenario.queue.is_some();
    if queued(base) == queued(arm) {
        return None;
    }
    let (queue, open) = if queued(arm) {
        (arm, base)
    } else {
        (base, arm)
    };
    Some(format!(
        "{} simulates a queue (callers wait and some hang up) and {} answers every call at once: \
         the difference {} minus {} includes the calls the queue loses",
        queue.scenario.id, open.scenario.id, arm.scenario.id, base.scenario.id
    ))
}

/// The metrics of every arm, in report order (queue metrics when any arm has a queue).
fn metric_list(arms: &[Arm]) -> Vec<Metric> {
    let mut out: Vec<Metric> = Vec::new();
    for a in arms {
        for m in Metric::for_scenario(a.scenario) {
            if !out.contains(&m) {
                out.push(m);
            }
        }
    }
    out
}

fn column(a: &Arm, metrics: &[Metric]) -> Column {
    let brief = |m: &Metric| {
        let s = a.summary.metric(*m)?;
        Some(Brief {
            mean: s.mean,
            mean_se: s.mean_se,
            p5: s.p5,
            p50: s.p50,
            p95: s.p95,
        })
    };
    Column {
        scenario: a.scenario.id.clone(),
        name: a.scenario.name.clone(),
        file: a.file.clone(),
        metrics: metrics.iter().map(|m| (*m, brief(m))).collect(),
        p_loss: a.summary.p_loss,
    }
}

fn profit(a: &Arm) -> Vec<f64> {
    let scale = Scale::of(a.scenario);
    let m = Metric::ProfitPerAgentYear;
    a.records.iter().filter_map(|r| m.value(r, scale)).collect()
}

fn difference(base: &Arm, arm: &Arm) -> Difference {
    let (a, b) = (profit(base), profit(arm));
    let d: Vec<f64> = b.iter().zip(&a).map(|(b, a)| b - a).collect();
    let n = d.len() as f64;
    let sd = stats::summarize(&d).expect("at least one iteration");
    let var = |x: &[f64]| stats::summarize(x).map_or(0.0, |s| s.std * s.std);
    let better = d.iter().filter(|x| **x > 0.0).count();
    let plan_cost = |a: &Arm| {
        let scale = Scale::of(a.scenario);
        let m = Metric::IncentiveCostPerAgentYear;
        let v: Vec<f64> = a.records.iter().filter_map(|r| m.value(r, scale)).collect();
        v.iter().sum::<f64>() / v.len().max(1) as f64
    };
    let plan_cost_difference = plan_cost(arm) - plan_cost(base);
    Difference {
        scenario: arm.scenario.id.clone(),
        baseline: base.scenario.id.clone(),
        metric: Metric::ProfitPerAgentYear.name(),
        mean: sd.mean,
        se_paired: sd.mean_se,
        se_unpaired: ((var(&a) + var(&b)) / n).sqrt(),
        p5: sd.p5,
        p95: sd.p95,
        p_better: stats::proportion(better, d.len()),
        plan_cost_difference,
        return_on_plan_cost_pct: (plan_cost_difference > 0.0)
            .then(|| sd.mean / plan_cost_difference * 100.0),
    }
}

fn as_map<S: Serializer>(m: &[(Metric, Option<Brief>)], ser: S) -> Result<S::Ok, S::Error> {
    let mut map = ser.serialize_map(Some(m.len()))?;
    for (metric, brief) in m {
        map.serialize_entry(metric.name(), brief)?;
    }
    map.end()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paired_and_unpaired_errors_of_a_known_difference() {
        // B = A + 10 + e with e = +-1: paired sd 1, unpaired sd of two spread-out arms.
        let text = "[team]\nagents = 1\n[demand]\ncalls_per_agent_hour = 1\n\
                    [[outcomes]]\nname = \"x\"\nprobability = 0.1\nvalue_usd = 1\n";
        let s = crate::scenario::parse(text, "t.toml", "t").unwrap();
        let rec = |i: u64, profit_usd: f64| IterationRecord {
            iteration: i,
            // No cost: the profit is the revenue.
            revenue_usd: profit_usd,
            ..IterationRecord::default()
        };
        let a: Vec<IterationRecord> = (0..100).map(|i| rec(i, i as f64 * 100.0)).collect();
        let b: Vec<IterationRecord> = (0..100)
            .map(|i| {
                rec(
                    i,
                    i as f64 * 100.0 + 10.0 + if i % 2 == 0 { 1.0 } else { -1.0 },
                )
            })
            .collect();
        let (sa, sb) = (Summary::build(&s, 1, &a), Summary::build(&s, 1, &b));
        let arm = |summary, records| Arm {
            scenario: &s,
            file: "t.toml".into(),
            summary,
            records,
        };
        let c = compare(&[arm(&sa, &a), arm(&sb, &b)]);
        let d = &c.differences[0];
        assert!((d.mean - 10.0).abs() < 1e-9);
        // sd of +-1 alternating over 100 values: sqrt(100/99).
        assert!((d.se_paired - (100.0f64 / 99.0).sqrt() / 10.0).abs() < 1e-9);
        assert!(d.se_unpaired > 100.0 * d.se_paired);
        assert_eq!(d.p_better.p, 1.0);
    }
}
