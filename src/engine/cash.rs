//! The cash view of a programme: when the money of its saves and sales arrives, month by month
//! over the horizon, against its costs; the year-1 cash, each programme year's cash profit, the
//! NPV and the payback month.
//!
//! A value booked at the call is paid then. A subscription pays month by month: `n` subscribers
//! won in one month pay `n` payments in that month, and the survivors of each month are
//! Binomial(alive, 1 - churn) (each subscriber leaves independently with the churn), so every
//! subscriber's months are random, exactly in distribution, not only their mean. Costs fall in
//! twelfths over each programme year's months.
//!
//! Churn has no memory, so subscribers are tracked by age only while their age changes what
//! they pay or whether they may pay (the retention discount's months, or every month up to a
//! cap); past that they share one pool, thinned by one binomial a month (a sum of independent
//! thinnings is the thinning of the sum: still exact).

use super::binomial;
use super::months::MonthCounts;
use super::params::YearDraw;
use super::record::{CashView, LATER_YEARS};
use crate::rng::Stream;
use crate::scenario::Scenario;
use crate::subscriber::Terms;

/// One iteration's cash, month by month over the horizon (reused across iterations).
pub struct CashFlow {
    /// Per month of the horizon: cash received (the programme's share), and costs.
    pub inflow_usd: Vec<f64>,
    pub cost_usd: Vec<f64>,
    /// Per subscription (outcome j's own at 2j, its converted trials' at 2j + 1): new
    /// subscribers by month of the horizon, paid out by `finish`.
    joins: Vec<Vec<u64>>,
    /// Subscribers by age, for the ages tracked one by one (scratch).
    ages: Vec<u64>,
}

impl CashFlow {
    pub fn new(s: &Scenario) -> CashFlow {
        let months = 12 * s.finance.horizon_years as usize;
        CashFlow {
            inflow_usd: vec![0.0; months],
            cost_usd: vec![0.0; months],
            joins: vec![vec![0; months]; 2 * s.outcomes.len()],
            ages: Vec::new(),
        }
    }

    pub fn reset(&mut self) {
        self.inflow_usd.fill(0.0);
        self.cost_usd.fill(0.0);
        self.joins.iter_mut().for_each(|j| j.fill(0));
    }

    /// Programme year `year` (0 = the first): its occurrences by month (a value booked at the
    /// call is paid then; a subscription's new subscribers wait for `finish`), and its cost in
    /// twelfths.
    pub fn add_year(&mut self, (year, d): (usize, &YearDraw), counts: &MonthCounts, cost_usd: f64) {
        for m in 0..12 {
            self.cost_usd[12 * year + m] += cost_usd / 12.0;
        }
        for (j, [rest, paid]) in counts.iter().enumerate() {
            let share = d.incremental_share[j];
            for m in 0..12 {
                let start = 12 * year + m;
                let own = (2 * j, rest[m] + paid[m], d.terms[j], d.value_usd[j]);
                let conversion = (2 * j + 1, paid[m], d.paid_terms[j], d.paid_value_usd[j]);
                for (slot, n, terms, value) in [own, conversion] {
                    match terms {
                        Some(_) => self.joins[slot][start] += n,
                        None if n > 0 => self.inflow_usd[start] += n as f64 * value * share,
                        None => {}
                    }
                }
            }
        }
    }

    /// Pays every subscription's subscribers out, month by month over the horizon.
    pub fn finish(&mut self, d: &YearDraw, stream: &mut Stream) {
        for slot in 0..self.joins.len() {
            let (j, converted) = (slot / 2, slot % 2 == 1);
            let terms = if converted {
                d.paid_terms[j]
            } else {
                d.terms[j]
            };
            if let Some(t) = terms {
                self.subscribe(slot, (&t, d.incremental_share[j]), stream);
            }
        }
    }

    /// One subscription's payments: ages below the cap (or the discount's months) one by one,
    /// the rest pooled; each month every subscriber alive pays, then each stays with 1 - churn.
    fn subscribe(&mut self, slot: usize, (t, share): (&Terms, f64), s: &mut Stream) {
        // Ages past the horizon never pay within it: no need to track them.
        let months = self.inflow_usd.len();
        let tracked = (t.max_months.unwrap_or(t.discount_months) as usize).min(months);
        let pooled = t.max_months.is_none_or(|m| m as usize > months);
        self.ages.clear();
        self.ages.resize(tracked, 0);
        let mut pool = 0u64;
        let keep = 1.0 - t.churn;
        let thin = |n: u64, s: &mut Stream| {
            if n == 0 {
                0
            } else {
                binomial::sample(s, n, keep)
            }
        };
        for m in 0..months {
            let new = self.joins[slot][m];
            match self.ages.first_mut() {
                Some(youngest) => *youngest += new,
                None => pool += new,
            }
            let mut paid = pool as f64 * t.payment(tracked as u32);
            for (age, &n) in self.ages.iter().enumerate() {
                if n > 0 {
                    paid += n as f64 * t.payment(age as u32);
                }
            }
            self.inflow_usd[m] += paid * share;
            pool = thin(pool, s);
            if let Some(&oldest) = self.ages.last() {
                // Past the tracked ages: into the pool, or, at the cap, no more payments.
                let aged = thin(oldest, s);
                if pooled {
                    pool += aged;
                }
            }
            for age in (1..tracked).rev() {
                self.ages[age] = thin(self.ages[age - 1], s);
            }
            if let Some(youngest) = self.ages.first_mut() {
                *youngest = 0;
            }
        }
    }

    /// Cash received in the months of programme year `year`.
    pub fn year_inflow(&self, year: usize) -> f64 {
        self.inflow_usd[12 * year..12 * (year + 1)].iter().sum()
    }

    fn year_profit(&self, year: usize) -> f64 {
        let months = 12 * year..12 * (year + 1);
        self.inflow_usd[months.clone()].iter().sum::<f64>()
            - self.cost_usd[months].iter().sum::<f64>()
    }

    /// The record's cash view: year 1's cash against `booked_usd` (the value year 1 booked),
    /// the later years' cash profit, the NPV at the monthly discount factor `delta`, and the
    /// first month the cumulative cash profit is at least 0.
    pub fn view(&self, booked_usd: f64, unattributed_usd: f64, delta: f64) -> CashView {
        let years = self.inflow_usd.len() / 12;
        let mut later = [0.0; LATER_YEARS];
        for (y, x) in later.iter_mut().enumerate().take(years.saturating_sub(1)) {
            *x = self.year_profit(y + 1);
        }
        let (mut npv, mut factor, mut cumulative) = (0.0, 1.0, 0.0);
        let mut payback_month = 0;
        for (m, (i, c)) in self.inflow_usd.iter().zip(&self.cost_usd).enumerate() {
            npv += (i - c) * factor;
            factor *= delta;
            cumulative += i - c;
            if payback_month == 0 && cumulative >= 0.0 {
                payback_month = m as u32 + 1;
            }
        }
        CashView {
            unattributed_revenue_usd: unattributed_usd,
            deferred_revenue_usd: booked_usd - self.year_inflow(0),
            npv_usd: npv,
            payback_month,
            later_years_cash_profit_usd: later,
        }
    }

    /// Cumulative cash profit per agent at the end of each month of the horizon (the fan).
    pub fn cumulative_per_agent(&self, agents: f64) -> Vec<f64> {
        let mut acc = 0.0;
        self.inflow_usd
            .iter()
            .zip(&self.cost_usd)
            .map(|(i, c)| {
                acc += i - c;
                acc / agents
            })
            .collect()
    }
}
