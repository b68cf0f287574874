//! The report's plain-language reading of a comparison: one sentence per scenario against the
//! baseline, built only from its numbers (paired differences, team sizes, queue measures), so
//! it says what the numbers say whichever way they come out.

use super::dollars;
use crate::console::count;

/// A paired difference (alternative minus baseline) over the simulated years.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Paired {
    pub mean: f64,
    pub se: f64,
    /// Shares of years in which the alternative did better, and worse.
    pub p_better: f64,
    pub p_worse: f64,
    pub years: u64,
}

impl Paired {
    /// The paired difference of `b` minus `a`, year by year.
    pub fn of(a: &[f64], b: &[f64]) -> Paired {
        let d: Vec<f64> = b.iter().zip(a).map(|(b, a)| b - a).collect();
        let s = crate::stats::summarize(&d);
        let share = |keep: fn(f64) -> bool| {
            d.iter().filter(|x| keep(**x)).count() as f64 / d.len().max(1) as f64
        };
        Paired {
            mean: s.as_ref().map_or(0.0, |s| s.mean),
            se: s.as_ref().map_or(0.0, |s| s.mean_se),
            p_better: share(|x| x > 0.0),
            p_worse: share(|x| x < 0.0),
            years: d.len() as u64,
        }
    }

    /// +1 or -1 when the difference is more than 2 standard errors from zero, else 0.
    fn sign(self) -> i8 {
        if self.mean.abs() <= 2.0 * self.se || self.mean == 0.0 {
            0
        } else if self.mean > 0.0 {
            1
        } else {
            -1
        }
    }
}

/// A queue scenario's measures, as means over the years.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QueueFacts {
    pub service_level: f64,
    pub abandon_rate: f64,
    pub handled_calls_year: f64,
}

/// What one sentence reads: the alternative against the baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    pub name: String,
    /// Team sizes, baseline then alternative.
    pub agents: (usize, usize),
    pub per_agent: Paired,
    pub team: Paired,
    /// Baseline and alternative, when both simulate a queue.
    pub queue: Option<(QueueFacts, QueueFacts)>,
}

/// A share as finance reads it: whole percents between 10% and 90%, one decimal outside.
pub fn pct(x: f64) -> String {
    let p = x * 100.0;
    if (10.0..=90.0).contains(&p) {
        format!("{p:.0}%")
    } else {
        format!("{p:.1}%")
    }
}

/// One sentence: who, what it does to profit per agent-year (and to the team's when sizes
/// differ), to service level and abandonment when both queue, and whether it pays.
pub fn sentence(f: &Facts) -> String {
    let (a, b) = f.agents;
    let who = match b.cmp(&a) {
        std::cmp::Ordering::Greater => {
            format!("Staffing {} more agents ({b} instead of {a})", b - a)
        }
        std::cmp::Ordering::Less => format!("Staffing {} fewer agents ({b} instead of {a})", a - b),
        std::cmp::Ordering::Equal => format!("\u{201c}{}\u{201d}", f.name),
    };
    let d = f.per_agent;
    let mut s = match d.sign() {
        1 => format!("{who} adds {} per agent-year", dollars(d.mean)),
        -1 => format!("{who} costs {} per agent-year", dollars(-d.mean)),
        _ => format!(
            "{who} changes profit per agent-year by less than the simulation can resolve ({} ± {})",
            dollars(d.mean),
            dollars(d.se)
        ),
    };
    if a != b {
        s.push_str(&match f.team.sign() {
            1 => format!(" (team profit rises by {} a year)", dollars(f.team.mean)),
            -1 => format!(" (team profit falls by {} a year)", dollars(-f.team.mean)),
            _ => " (team profit about the same)".to_string(),
        });
    }
    if let Some((qa, qb)) = f.queue {
        s.push_str(&queue_clause(qa, qb));
    }
    s.push_str("; ");
    s.push_str(&verdict(f));
    s.push('.');
    s
}

fn queue_clause(qa: QueueFacts, qb: QueueFacts) -> String {
    let (from, to) = (pct(qa.service_level), pct(qb.service_level));
    let level = if from == to {
        format!(" and leaves service level at {from}")
    } else if qb.service_level > qa.service_level {
        format!(" and lifts service level from {from} to {to}")
    } else {
        format!(" and lowers service level from {from} to {to}")
    };
    let (from, to) = (pct(qa.abandon_rate), pct(qb.abandon_rate));
    if from == to {
        format!("{level} (abandoned calls {from} in both)")
    } else {
        format!("{level} (abandoned calls {from} to {to})")
    }
}

/// Whether the alternative pays against the baseline, by the team's profit a year (the same
/// verdict as per agent-year when the team sizes are equal).
fn verdict(f: &Facts) -> String {
    let t = f.team;
    let years = |share: f64| {
        let n = count(t.years as f64);
        if share >= 1.0 {
            format!("every one of the {n} simulated years")
        } else {
            format!("{} of the {n} simulated years", pct(share))
        }
    };
    let more_calls = f
        .queue
        .map(|(qa, qb)| qb.handled_calls_year - qa.handled_calls_year)
        .filter(|extra| *extra >= 1.0);
    match (t.sign(), more_calls) {
        (1, _) => format!("it pays: team profit is higher in {}", years(t.p_better)),
        (-1, Some(extra)) => format!(
            "it pays only if each of the {} more calls answered a year is worth more than {} \
             to the business beyond its saves and up-sells",
            count(extra),
            dollars(-t.mean / extra)
        ),
        (-1, None) => format!(
            "on these assumptions it does not pay on average (team profit is lower in {})",
            years(t.p_worse)
        ),
        _ => format!(
            "whether it pays is within the simulation's noise (team profit {} ± {} a year)",
            dollars(t.mean),
            dollars(t.se)
        ),
    }
}

#[cfg(test)]
mod tests;
