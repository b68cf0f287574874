//! The stopping rule of `--target-se`: simulate in fixed batches of years until the standard
//! error of the headline mean is at most the target. Pure: the caller simulates each batch and
//! hands its values here.
//!
//! Batches are prefixes of one year sequence (year i is a pure function of (seed, i)), so a run
//! that stops after N years is exactly the fixed run of N years, for any thread count; the rule
//! only picks N, from numbers that do not depend on the threads either.

use serde::Serialize;
use std::ops::Range;

/// Years per batch when every call is answered at once (a year costs microseconds).
pub const BATCH_YEARS: u64 = 1_000;
/// Years per batch in queue mode, where a year simulates every call (tens of milliseconds).
pub const QUEUE_BATCH_YEARS: u64 = 50;
/// Batches before the first look: a standard error from one small batch is itself too noisy
/// to stop on.
pub const MIN_BATCHES: u64 = 2;

/// What to reach and how: the target, the batch size and the most years (the cap).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Target {
    pub se_usd: f64,
    pub batch_years: u64,
    pub cap_years: u64,
}

impl Target {
    /// The next batch's years after `done` years: a full batch, or what is left up to the cap.
    pub fn next_batch(&self, done: u64) -> Range<u64> {
        done..(done + self.batch_years).min(self.cap_years)
    }

    /// Whether to stop after `done` years whose headline standard error is estimated at
    /// `estimate`. The running estimate can differ from the summary's two-pass figure in the
    /// last bits, so within 1e-9 of the target `exact` (the summary's formula) decides.
    pub fn verdict(&self, done: u64, estimate: f64, exact: impl FnOnce() -> f64) -> Verdict {
        if done >= self.cap_years {
            return if self.meets(estimate, exact) {
                Verdict::Met
            } else {
                Verdict::Capped
            };
        }
        if done < MIN_BATCHES * self.batch_years || !self.meets(estimate, exact) {
            return Verdict::Continue;
        }
        Verdict::Met
    }

    fn meets(&self, estimate: f64, exact: impl FnOnce() -> f64) -> bool {
        let se = if (estimate - self.se_usd).abs() <= 1e-9 * self.se_usd {
            exact()
        } else {
            estimate
        };
        se <= self.se_usd
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Continue,
    Met,
    /// The cap was reached with the standard error still above the target.
    Capped,
}

/// What a run records of its target (summary.json's and compare.json's `target_se`).
#[derive(Debug, Clone, Serialize)]
pub struct Reached {
    /// What the standard error is of.
    pub of: &'static str,
    pub target_usd: f64,
    pub batch_years: u64,
    pub cap_years: u64,
    /// Years simulated (the run's `iterations`).
    pub years: u64,
    /// The standard error after them (compare: the largest of the paired differences').
    pub se_usd: f64,
    pub met: bool,
}

impl Reached {
    /// The warning a run that reached its cap carries (summary warnings, compare notes).
    pub fn warning(&self) -> Option<String> {
        (!self.met).then(|| {
            format!(
                "--target-se ${} not met: s.e. ${:.2} after the cap of {} years; raise \
                 --iterations",
                self.target_usd,
                self.se_usd,
                crate::stats::grouped(self.cap_years)
            )
        })
    }
}

/// The series whose mean the target is on, from each scenario's profit per agent-year in year
/// order: one scenario's own; with more, each later one's paired difference from the first
/// (year by year, as `compare` takes it).
pub fn headline(profits: &[Vec<f64>]) -> Vec<Vec<f64>> {
    match profits {
        [one] => vec![one.clone()],
        [base, rest @ ..] => rest
            .iter()
            .map(|b| b.iter().zip(base).map(|(b, a)| b - a).collect())
            .collect(),
        [] => Vec::new(),
    }
}

/// What `headline` is of, for the record.
pub fn of(scenarios: usize) -> &'static str {
    if scenarios == 1 {
        "profit_per_agent_year"
    } else {
        "paired difference in profit_per_agent_year from the first scenario (the largest s.e.)"
    }
}

/// Mean and sum of squared deviations of values added batch by batch, merged with Chan, Golub
/// and LeVeque's pairwise update: one pass over each batch, however many batches came before.
#[derive(Debug, Clone, Copy, Default)]
pub struct Running {
    n: u64,
    mean: f64,
    m2: f64,
}

impl Running {
    pub fn add(&mut self, values: &[f64]) {
        if values.is_empty() {
            return;
        }
        let nb = values.len() as f64;
        let mean_b = values.iter().sum::<f64>() / nb;
        let m2_b: f64 = values.iter().map(|x| (x - mean_b).powi(2)).sum();
        let na = self.n as f64;
        let n = na + nb;
        let delta = mean_b - self.mean;
        self.mean += delta * nb / n;
        self.m2 += m2_b + delta * delta * na * nb / n;
        self.n += values.len() as u64;
    }

    /// Standard error of the mean: sd (n - 1) / sqrt(n); infinite below two values.
    pub fn se(&self) -> f64 {
        if self.n < 2 {
            return f64::INFINITY;
        }
        let n = self.n as f64;
        (self.m2 / (n - 1.0)).sqrt() / n.sqrt()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(cap: u64) -> Target {
        Target {
            se_usd: 10.0,
            batch_years: 100,
            cap_years: cap,
        }
    }

    /// Hand computation: 1..=10 in batches of 3, 3, 4 has mean 5.5 and sample variance
    /// 55/6 (sum of squared deviations 82.5 over 9), so s.e. sqrt(55/6 / 10).
    #[test]
    fn running_batches_give_the_two_pass_standard_error() {
        let xs: Vec<f64> = (1..=10).map(f64::from).collect();
        let mut r = Running::default();
        assert_eq!(r.se(), f64::INFINITY);
        r.add(&xs[..3]);
        r.add(&[]);
        r.add(&xs[3..6]);
        r.add(&xs[6..]);
        let want = (55.0f64 / 6.0 / 10.0).sqrt();
        assert!((r.se() - want).abs() < 1e-14, "{} vs {want}", r.se());
        // Large offsets: a naive sum of squares would lose every digit here.
        let shifted: Vec<f64> = xs.iter().map(|x| x + 1e9).collect();
        let mut r = Running::default();
        r.add(&shifted[..5]);
        r.add(&shifted[5..]);
        assert!((r.se() - want).abs() < 1e-9, "{}", r.se());
    }

    #[test]
    fn one_scenario_is_its_own_headline_and_more_are_differences_from_the_first() {
        let a = vec![1.0, 2.0, 3.0];
        assert_eq!(headline(std::slice::from_ref(&a)), vec![a.clone()]);
        let (b, c) = (vec![2.0, 2.0, 5.0], vec![0.0, 4.0, 3.5]);
        let d = headline(&[a, b, c]);
        assert_eq!(d, vec![vec![1.0, 0.0, 2.0], vec![-1.0, 2.0, 0.5]]);
    }

    #[test]
    fn batches_are_full_until_the_cap() {
        let t = target(250);
        assert_eq!(t.next_batch(0), 0..100);
        assert_eq!(t.next_batch(200), 200..250);
    }

    #[test]
    fn two_batches_first_then_the_target_then_the_cap() {
        let t = target(1000);
        let never = || panic!("far from the target: the estimate decides");
        assert_eq!(t.verdict(100, 1.0, never), Verdict::Continue);
        assert_eq!(t.verdict(200, 1.0, never), Verdict::Met);
        assert_eq!(t.verdict(200, 10.5, never), Verdict::Continue);
        assert_eq!(t.verdict(1000, 10.5, never), Verdict::Capped);
        assert_eq!(t.verdict(1000, 9.0, never), Verdict::Met);
        // At the target's edge the exact figure decides, either way.
        assert_eq!(t.verdict(300, 10.0 + 1e-12, || 10.0), Verdict::Met);
        assert_eq!(
            t.verdict(300, 10.0 - 1e-12, || 10.0 + 1e-11),
            Verdict::Continue
        );
    }
}
