//! What one simulated year leaves: its `IterationRecord` of team totals, kept small, with the
//! figures most years leave at zero (`Extras`, the cash view) boxed apart. `economics` fills it.

/// Team totals of one simulated year. Per-agent and per-call metrics derive from these
/// (see `metrics.rs`); this row is what iterations.csv holds.
///
/// A run keeps one per simulated year, so it is kept small (72 bytes, `RECORD_BYTES`): what
/// most years leave at zero (the queue's tallies, the plan's behaviour and contest, a capped
/// probability) lives in `queue`'s box, allocated only for a year where one of them is not
/// zero; cost and profit are recomputed from their parts, in the order `settle` adds them, so
/// they are the same floats to the bit.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IterationRecord {
    pub iteration: u64,
    pub calls: u64,
    pub successes: u64,
    pub paid_conversions: u64,
    pub revenue_usd: f64,
    /// Wages plus benefits.
    pub labour_cost_usd: f64,
    /// Overhead and training.
    pub fixed_cost_usd: f64,
    /// The plan's cost: contest prizes, commissions, team bonus, the base-wage change, training
    /// hours and programme costs (a lower base makes it negative).
    pub incentive_cost_usd: f64,
    /// Queue mode: offered, abandoned and waiting calls, waits, seat time and work (all 0 in
    /// unlimited mode); it also holds the year's rarer figures (see `Extras`).
    pub queue: Side,
}

/// What `IterationRecord` keeps per year at most; a test holds it to this.
pub const RECORD_BYTES: usize = 72;

/// The figures most years leave at zero.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Extras {
    pub queue: QueueStats,
    /// The revenue the abandoned calls would have brought at this year's expected value per
    /// handled call.
    pub lost_revenue_usd: f64,
    /// Callers annoyed by an offer who churn, and what they cost (in `cost_usd`).
    pub annoyed: u64,
    pub annoyance_cost_usd: f64,
    /// Queue mode: callers who hung up and then cancelled, at the subscriber value each took
    /// (in `cost_usd`).
    pub abandon_churn_cost_usd: f64,
    /// Contest periods in the year, and how many the highest-volume agent won.
    pub contest_periods: u32,
    pub top_volume_wins: f64,
    /// Some agent's outcome probabilities summed above 1 this year and were scaled down.
    pub probability_capped: bool,
    /// Cash apart from value booked, and the revenue not credited to the programme.
    pub cash: CashView,
}

/// What a year's value booked leaves out: the revenue that would have come anyway (observed
/// minus attributed), and, where the scenario has a cash view, the cash (`engine/cash.rs`).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CashView {
    pub unattributed_revenue_usd: f64,
    /// Value booked in year 1 minus the cash year 1 received (0 when the two are the same).
    pub deferred_revenue_usd: f64,
    /// Net present value of the programme's cash over the horizon (at the discount rate).
    pub npv_usd: f64,
    /// First month (1 = the first) in which the cumulative cash profit is at least 0; 0: none
    /// within the horizon.
    pub payback_month: u32,
    /// Cash profit of programme years 2, 3, ... (year 1's is the record's).
    pub later_years_cash_profit_usd: [f64; LATER_YEARS],
}

/// Programme years after the first a record keeps.
pub const LATER_YEARS: usize = crate::scenario::MAX_HORIZON_YEARS as usize - 1;

impl CashView {
    fn is_zero(&self) -> bool {
        let floats = [
            self.unattributed_revenue_usd,
            self.deferred_revenue_usd,
            self.npv_usd,
        ];
        floats.iter().all(|x| x.to_bits() == 0)
            && self.payback_month == 0
            && self
                .later_years_cash_profit_usd
                .iter()
                .all(|x| x.to_bits() == 0)
    }
}

impl Extras {
    /// All zero, to the bit (a -0.0 is kept, as it prints differently).
    fn is_zero(&self) -> bool {
        let q = &self.queue;
        let counts = [
            q.offered,
            q.abandoned,
            q.waited,
            q.answered_in_sl,
            q.offers,
            q.unwanted_offers,
        ];
        let floats = [
            q.wait_seconds,
            q.busy_seconds,
            q.seat_seconds,
            q.work_seconds,
            self.lost_revenue_usd,
            self.annoyance_cost_usd,
            self.abandon_churn_cost_usd,
            self.top_volume_wins,
        ];
        counts.iter().all(|c| *c == 0)
            && floats.iter().all(|x| x.to_bits() == 0)
            && self.annoyed == 0
            && self.contest_periods == 0
            && !self.probability_capped
            && self.cash.is_zero()
    }
}

/// A year's `Extras`, boxed only when not all zero; it reads as the queue's tallies.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Side(Option<Box<Extras>>);

static ZERO: Extras = Extras {
    queue: QueueStats {
        offered: 0,
        abandoned: 0,
        waited: 0,
        answered_in_sl: 0,
        wait_seconds: 0.0,
        busy_seconds: 0.0,
        seat_seconds: 0.0,
        work_seconds: 0.0,
        offers: 0,
        unwanted_offers: 0,
    },
    lost_revenue_usd: 0.0,
    annoyed: 0,
    annoyance_cost_usd: 0.0,
    abandon_churn_cost_usd: 0.0,
    contest_periods: 0,
    top_volume_wins: 0.0,
    probability_capped: false,
    cash: CashView {
        unattributed_revenue_usd: 0.0,
        deferred_revenue_usd: 0.0,
        npv_usd: 0.0,
        payback_month: 0,
        later_years_cash_profit_usd: [0.0; LATER_YEARS],
    },
};

impl Side {
    pub fn new(e: Extras) -> Side {
        Side((!e.is_zero()).then(|| Box::new(e)))
    }
    pub fn extras(&self) -> &Extras {
        self.0.as_deref().unwrap_or(&ZERO)
    }
}

impl std::ops::Deref for Side {
    type Target = QueueStats;
    fn deref(&self) -> &QueueStats {
        &self.extras().queue
    }
}

impl IterationRecord {
    pub fn cost_usd(&self) -> f64 {
        self.labour_cost_usd
            + self.fixed_cost_usd
            + self.incentive_cost_usd
            + self.annoyance_cost_usd()
            + self.abandon_churn_cost_usd()
    }
    pub fn profit_usd(&self) -> f64 {
        self.revenue_usd - self.cost_usd()
    }
    pub fn lost_revenue_usd(&self) -> f64 {
        self.queue.extras().lost_revenue_usd
    }
    pub fn annoyed(&self) -> u64 {
        self.queue.extras().annoyed
    }
    pub fn annoyance_cost_usd(&self) -> f64 {
        self.queue.extras().annoyance_cost_usd
    }
    pub fn abandon_churn_cost_usd(&self) -> f64 {
        self.queue.extras().abandon_churn_cost_usd
    }
    pub fn contest_periods(&self) -> u32 {
        self.queue.extras().contest_periods
    }
    pub fn top_volume_wins(&self) -> f64 {
        self.queue.extras().top_volume_wins
    }
    pub fn probability_capped(&self) -> bool {
        self.queue.extras().probability_capped
    }
    pub fn cash(&self) -> &CashView {
        &self.queue.extras().cash
    }
    /// Revenue observed, whether or not the programme caused it.
    pub fn observed_revenue_usd(&self) -> f64 {
        self.revenue_usd + self.cash().unattributed_revenue_usd
    }
    /// Cash received in the year (attributed), and the year's cash profit.
    pub fn cash_revenue_usd(&self) -> f64 {
        self.revenue_usd - self.cash().deferred_revenue_usd
    }
    pub fn cash_profit_usd(&self) -> f64 {
        self.cash_revenue_usd() - self.cost_usd()
    }
    /// The record with its cash view set (boxed again only if it is not all zero).
    pub fn with_cash(mut self, cash: CashView) -> IterationRecord {
        let mut e = *self.queue.extras();
        e.cash = cash;
        self.queue = Side::new(e);
        self
    }
}

/// Queue results of one simulated year.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct QueueStats {
    pub offered: u64,
    pub abandoned: u64,
    /// Offered calls that found every seat busy.
    pub waited: u64,
    /// Answered within the service-level threshold.
    pub answered_in_sl: u64,
    /// Total wait of answered calls, in seconds.
    pub wait_seconds: f64,
    /// Seat time spent on calls within the open hours, and seat time available.
    pub busy_seconds: f64,
    pub seat_seconds: f64,
    /// The handled calls' whole work (talk, wrap-up, selling), past closing time included.
    pub work_seconds: f64,
    /// Handled calls on which a save or offer was attempted.
    pub offers: u64,
    /// Of those, offers to callers who did not want one (all of them without a receptive
    /// share): the offers that can annoy.
    pub unwanted_offers: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A run keeps one record a year: its size is what bounds a long run's memory.
    #[test]
    fn a_record_stays_small() {
        assert!(std::mem::size_of::<IterationRecord>() <= RECORD_BYTES);
    }
}
