//! Level 2, capacity mode "queue": a call-by-call simulation of one FCFS queue in front of the
//! agents on the phones, over every open day of the simulated year.
//!
//! No event list is needed. Under FCFS a caller's wait depends only on when the earliest seat
//! frees up, so calls are processed in arrival order against a min-heap of the seats' next-free
//! times: a caller who finds that time later than their arrival waits for it, or hangs up if
//! their patience runs out first (then the seat is untouched). This recursion is exact for a
//! single FCFS queue with any arrival, handle-time and patience distributions, and costs
//! O(log seats) per call. The earliest-free seat takes the call: the longest-idle agent.
//!
//! Arrivals are Poisson with a rate that is constant within each open hour (the intraday and
//! weekday profiles); each day opens at its own time and callers still queued at closing are
//! served (or hang up), as in the shared W2 peer. With 24 open hours a day the days join up.
//! Every offered call draws its patience, handle time and outcome uniforms from its input's own
//! stream whether or not it is answered, so two scenarios run with the same seed see the same
//! callers (common random numbers).

use super::counts::{Unit, YearCounts};
use super::params::YearDraw;
use crate::incentives::{self, Period};
use crate::rng::{self, Stream};
use crate::scenario::{Queue, Scenario};
use rand::RngExt;
use rand_distr::{Distribution, Exp1};

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
}

pub struct QueueSim {
    pub year: YearCounts,
    pub stats: QueueStats,
    /// Per open hour of the day, over the year: offered, answered within the threshold, and
    /// abandoned calls (by the hour the caller arrived).
    pub hours: Vec<[u64; 3]>,
    /// Revenue by month of the year.
    pub month_revenue_usd: [f64; 12],
    /// Min-heap of seats by next-free time (parallel arrays).
    free_at: Vec<f64>,
    seat: Vec<u32>,
    /// Per agent, cumulative outcome probabilities (row-major).
    cumulative: Vec<f64>,
}

const DAY_SECONDS: f64 = 86_400.0;

impl QueueSim {
    pub fn new(s: &Scenario) -> QueueSim {
        let (k, n) = (s.outcomes.len(), s.agents.len());
        QueueSim {
            year: YearCounts::new(s),
            stats: QueueStats::default(),
            hours: Vec::new(),
            month_revenue_usd: [0.0; 12],
            free_at: Vec::with_capacity(n),
            seat: Vec::with_capacity(n),
            cumulative: vec![0.0; n * k],
        }
    }

    pub fn simulate(&mut self, s: &Scenario, q: &Queue, draw: &YearDraw, seed: u64, it: u64) {
        let (k, n) = (s.outcomes.len(), s.agents.len());
        self.year.reset();
        self.stats = QueueStats::default();
        self.month_revenue_usd = [0.0; 12];
        self.hours.clear();
        self.hours.resize(q.hour_weights.len(), [0; 3]);
        for a in 0..n {
            let mut acc = 0.0;
            for j in 0..k {
                acc += draw.probability[a * k + j];
                self.cumulative[a * k + j] = acc;
            }
        }
        let seats = q.seats(n, &s.horizon);
        self.free_at.clear();
        self.free_at.resize(seats, 0.0);
        self.seat.clear();
        self.seat.extend(0..seats as u32);
        let mut streams = Streams {
            arrivals: rng::stream(seed, it, rng::key("queue/arrivals")),
            patience: rng::stream(seed, it, rng::key("queue/patience")),
            service: rng::stream(seed, it, rng::key("queue/service")),
            outcome: rng::stream(seed, it, rng::key("queue/outcome")),
        };
        let h = &s.horizon;
        let days = h.days_per_week as usize;
        let open_seconds = q.open_hours_per_day * 3600.0;
        let continuous = q.open_hours_per_day >= 24.0;
        let year_days = h.weeks_per_year as usize * days;
        let year_end = year_days as f64 * DAY_SECONDS;
        let rate = draw.queue_calls_per_hour * draw.demand_multiplier / 3600.0;
        self.stats.seat_seconds = seats as f64 * open_seconds * year_days as f64;
        let unit = self.year.unit;
        for day in 0..year_days {
            let open = day as f64 * DAY_SECONDS;
            let close = open + open_seconds;
            let day_rate = rate * q.day_weights[day % days];
            let mut ctx = Day {
                close: if continuous { year_end } else { close },
                first_agent: (day * seats) % n,
                agents: n,
                k,
                month: incentives::period_index(
                    Period::Month,
                    day / days,
                    day,
                    h.weeks_per_year,
                    h.days_per_week,
                ),
                unit: match unit {
                    None => None,
                    Some(Unit::Day) => Some(day),
                    Some(Unit::Week) => Some(day / days),
                },
            };
            for (hour, w) in q.hour_weights.iter().enumerate() {
                let start = open + hour as f64 * 3600.0;
                let end = (start + 3600.0).min(close);
                let before = self.stats;
                self.hour(q, draw, &mut streams, &mut ctx, start, end, day_rate * w);
                let s = &self.stats;
                let h = &mut self.hours[hour];
                h[0] += s.offered - before.offered;
                h[1] += s.answered_in_sl - before.answered_in_sl;
                h[2] += s.abandoned - before.abandoned;
            }
        }
    }

    /// Arrivals at `rate` per second in [start, end): a fresh exponential gap at the start of
    /// each hour is exact, as the Poisson process has no memory.
    #[allow(clippy::too_many_arguments)]
    fn hour(
        &mut self,
        q: &Queue,
        draw: &YearDraw,
        st: &mut Streams,
        day: &mut Day,
        start: f64,
        end: f64,
        rate: f64,
    ) {
        if rate <= 0.0 || end <= start {
            return;
        }
        let gap_scale = 1.0 / rate;
        let mut t = start;
        loop {
            let e: f64 = Exp1.sample(&mut st.arrivals);
            t += e * gap_scale;
            if t >= end {
                return;
            }
            self.call(q, draw, st, day, t);
        }
    }

    #[inline]
    fn call(&mut self, q: &Queue, draw: &YearDraw, st: &mut Streams, day: &Day, t: f64) {
        let stats = &mut self.stats;
        stats.offered += 1;
        // Every input is drawn for every offered call (common random numbers).
        let patience = q
            .patience_seconds
            .as_ref()
            .map(|p| p.sample(&mut st.patience));
        let talk = q.handle_seconds.sample(&mut st.service);
        let wrap = q.after_call_work_seconds.sample(&mut st.service);
        let attempt_u: f64 = st.service.random();
        let attempt = q.attempt_seconds.sample(&mut st.service);
        let outcome_u: f64 = st.outcome.random();
        let convert_u: f64 = st.outcome.random();

        let Some(&free) = self.free_at.first() else {
            // No agent on the phones (a team too small for its shrinkage): nobody answers.
            stats.waited += 1;
            stats.abandoned += 1;
            return;
        };
        let wait = if free > t {
            stats.waited += 1;
            let wait = free - t;
            if patience.is_some_and(|p| p < wait) {
                stats.abandoned += 1;
                return;
            }
            wait
        } else {
            0.0
        };
        stats.wait_seconds += wait;
        if wait <= q.service_level_seconds {
            stats.answered_in_sl += 1;
        }
        let start = t + wait;
        let mut work = talk + wrap;
        if attempt_u < draw.attempt_share {
            work += attempt;
            stats.offers += 1;
        }
        let seat = self.seat[0] as usize;
        // (first_agent + seat) mod agents, without a division: both are below `agents`.
        let mut a = day.first_agent + seat;
        if a >= day.agents {
            a -= day.agents;
        }
        let k = day.k;
        self.year.calls[a] += 1;
        let ledger = day.unit.map(|u| u * day.agents + a);
        if let Some(i) = ledger {
            self.year.unit_calls[i] += 1;
        }
        let row = &self.cumulative[a * k..(a + 1) * k];
        if let Some(j) = row.iter().position(|c| outcome_u < *c) {
            work += draw.extra_handle_seconds[j];
            self.year.counts[a * k + j] += 1;
            let paid = convert_u < draw.trial_to_paid[j];
            if paid {
                self.year.paid[a * k + j] += 1;
            }
            self.month_revenue_usd[day.month] +=
                draw.value_usd[j] + if paid { draw.paid_value_usd[j] } else { 0.0 };
            if let Some(i) = ledger {
                self.year.unit_counts[i * k + j] += 1;
                self.year.unit_paid[i * k + j] += u64::from(paid);
            }
        }
        let end = start + work;
        stats.busy_seconds += (end.min(day.close) - start).max(0.0);
        stats.work_seconds += work;
        self.replace_top(end);
    }

    /// Gives the earliest-free seat its new free time and restores the heap.
    fn replace_top(&mut self, t: f64) {
        let n = self.free_at.len();
        let seat = self.seat[0];
        let mut i = 0;
        loop {
            let l = 2 * i + 1;
            if l >= n {
                break;
            }
            let r = l + 1;
            let c = if r < n && self.free_at[r] < self.free_at[l] {
                r
            } else {
                l
            };
            if self.free_at[c] >= t {
                break;
            }
            self.free_at[i] = self.free_at[c];
            self.seat[i] = self.seat[c];
            i = c;
        }
        self.free_at[i] = t;
        self.seat[i] = seat;
    }
}

struct Streams {
    arrivals: Stream,
    patience: Stream,
    service: Stream,
    outcome: Stream,
}

/// What a call needs to know about its day.
struct Day {
    /// Busy time is counted up to here (closing time, or the year's end when days join up).
    close: f64,
    /// Seats map to agents in rotation by day, so with shrinkage every agent takes calls.
    first_agent: usize,
    agents: usize,
    k: usize,
    /// The day's ledger unit (a day, or its week) when incentives are settled per period.
    unit: Option<usize>,
    /// The day's month (months are equal shares of the year's weeks).
    month: usize,
}
