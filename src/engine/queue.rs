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
//! callers (common random numbers). Revenue is tallied by the week of the call and spread over
//! 12 equal months only when the fan chart or the cash view asks for it (`month_parts`).

use super::counts::{Unit, YearCounts};
use super::months;
use super::params::YearDraw;
use super::record::QueueStats;
use crate::distributions::Dist;
use crate::rng::{self, Stream};
use crate::scenario::{Queue, Scenario};
use rand::RngExt;
use rand_distr::{Distribution, Exp1};

pub struct QueueSim {
    pub year: YearCounts,
    pub stats: QueueStats,
    /// Per open hour of the day, over the year: offered, answered within the threshold, and
    /// abandoned calls (by the hour the caller arrived).
    pub hours: Vec<[u64; 3]>,
    /// Per week, per outcome: handled calls that ended in it, unpaid then paid (row-major).
    week_counts: Vec<u64>,
    /// 4-ary min-heap of the seats by next-free time (parallel arrays, children of i at 4i+1..
    /// 4i+4: half a binary heap's levels, so half its unpredictable branches), with three +inf
    /// entries so that every parent has four children to compare, no test.
    free_at: Vec<f64>,
    seat: Vec<u32>,
    seats: usize,
    /// Per agent, cumulative outcome probabilities (row-major); with per-offer outcomes one
    /// row per kind of call (no offer, offer to a receptive caller, to another caller).
    cumulative: Vec<f64>,
    rows: usize,
    /// Tests only: every offered call of the year, when switched on (`Some`).
    #[cfg(test)]
    trace: Option<Vec<tests::Traced>>,
}

const DAY_SECONDS: f64 = 86_400.0;

impl QueueSim {
    pub fn new(s: &Scenario) -> QueueSim {
        let (k, n) = (s.outcomes.len(), s.agents.len());
        QueueSim {
            year: YearCounts::new(s),
            stats: QueueStats::default(),
            hours: Vec::new(),
            week_counts: vec![0; s.horizon.weeks_per_year as usize * 2 * k],
            free_at: Vec::with_capacity(n + 1),
            seat: Vec::with_capacity(n + 1),
            seats: 0,
            cumulative: vec![0.0; n * k * rows(s)],
            rows: rows(s),
            #[cfg(test)]
            trace: None,
        }
    }

    pub fn simulate(&mut self, s: &Scenario, q: &Queue, draw: &YearDraw, seed: u64, it: u64) {
        let (k, n) = (s.outcomes.len(), s.agents.len());
        self.year.reset();
        self.stats = QueueStats::default();
        self.week_counts.fill(0);
        #[cfg(test)]
        if let Some(t) = &mut self.trace {
            t.clear();
        }
        self.hours.clear();
        self.hours.resize(q.hour_weights.len(), [0; 3]);
        for a in 0..n {
            for kind in 0..self.rows {
                let mut acc = 0.0;
                for j in 0..k {
                    acc += match self.rows {
                        1 => draw.probability[a * k + j],
                        _ => draw.given_offer(s, a, j, kind),
                    };
                    self.cumulative[(a * self.rows + kind) * k + j] = acc;
                }
            }
        }
        let seats = q.seats(n, &s.horizon);
        self.free_at.clear();
        self.free_at.resize(seats, 0.0);
        self.free_at.extend([f64::INFINITY; 3]);
        self.seat.clear();
        self.seat.extend(0..seats as u32 + 3);
        self.seats = seats;
        let mut streams = Streams {
            arrivals: rng::stream(seed, it, rng::key("queue/arrivals")),
            patience: rng::stream(seed, it, rng::key("queue/patience")),
            service: rng::stream(seed, it, rng::key("queue/service")),
            outcome: rng::stream(seed, it, rng::key("queue/outcome")),
            patience_seconds: q.patience_seconds.as_ref().map(PerCall::new),
            handle_seconds: PerCall::new(&q.handle_seconds),
            after_call_work_seconds: PerCall::new(&q.after_call_work_seconds),
            attempt_seconds: PerCall::new(&q.attempt_seconds),
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
                week_row: day / days * 2 * k,
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

    /// Each week's calls of each outcome shared among the months the week overlaps, by the
    /// overlap (`months`), on a stream of its own: `add(outcome, converted, month, count)`.
    /// Every week has the same pattern, so a month holds 1/12 of the year's expected calls.
    pub fn month_parts(&self, s: &Scenario, seed: u64, it: u64, add: months::Add) {
        let k = s.outcomes.len();
        let weeks = u64::from(s.horizon.weeks_per_year);
        let mut stream = rng::stream(seed, it, rng::key("queue/months"));
        for (w, row) in self.week_counts.chunks_exact(2 * k).enumerate() {
            for (slot, &count) in row.iter().enumerate() {
                let (j, paid) = (slot / 2, slot % 2 == 1);
                months::split(&mut stream, (count, months::week(w)), weeks, |m, c| {
                    add(j, paid, m, c)
                });
            }
        }
    }

    #[inline]
    fn call(&mut self, q: &Queue, draw: &YearDraw, st: &mut Streams, day: &Day, t: f64) {
        let stats = &mut self.stats;
        stats.offered += 1;
        // Every input is drawn for every offered call (common random numbers).
        let patience = st.patience_seconds.map(|p| p.sample(&mut st.patience));
        let talk = st.handle_seconds.sample(&mut st.service);
        let wrap = st.after_call_work_seconds.sample(&mut st.service);
        let attempt_u: f64 = st.service.random();
        let attempt = st.attempt_seconds.sample(&mut st.service);
        let outcome_u: f64 = st.outcome.random();
        let convert_u: f64 = st.outcome.random();

        let free = self.free_at[0];
        if self.seats == 0 {
            // No agent on the phones (a team too small for its shrinkage): nobody answers.
            stats.waited += 1;
            stats.abandoned += 1;
            self.record(t, patience, None, None);
            return;
        }
        // Tallies as sums of comparisons rather than branches (a busy or slow answer is a coin
        // flip the branch predictor loses).
        let busy = free > t;
        stats.waited += u64::from(busy);
        let wait = if busy { free - t } else { 0.0 };
        if busy && patience.is_some_and(|p| p < wait) {
            stats.abandoned += 1;
            self.record(t, patience, None, None);
            return;
        }
        stats.wait_seconds += wait;
        stats.answered_in_sl += u64::from(wait <= q.service_level_seconds);
        let start = t + wait;
        let mut work = talk + wrap;
        // The same uniform places the offer: below the receptive share it went to a caller
        // who wanted one (kind 1), else to another caller (kind 2).
        let mut kind = 0;
        if attempt_u < draw.attempt_share {
            work += attempt;
            stats.offers += 1;
            kind = 1;
            if attempt_u >= draw.offers.receptive {
                stats.unwanted_offers += 1;
                kind = 2;
            }
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
        let first = (a * self.rows + if self.rows == 1 { 0 } else { kind }) * k;
        let row = &self.cumulative[first..first + k];
        // The first outcome whose cumulative probability is above the uniform: the row does not
        // decrease, so that is the number of entries at or below it (no early exit).
        let j: usize = row.iter().map(|c| usize::from(*c <= outcome_u)).sum();
        let outcome = (j < k).then(|| {
            work += draw.extra_handle_seconds[j];
            self.year.counts[a * k + j] += 1;
            let paid = convert_u < draw.trial_to_paid[j];
            if paid {
                self.year.paid[a * k + j] += 1;
            }
            self.week_counts[day.week_row + 2 * j + usize::from(paid)] += 1;
            if let Some(i) = ledger {
                self.year.unit_counts[i * k + j] += 1;
                self.year.unit_paid[i * k + j] += u64::from(paid);
            }
            (j, paid)
        });
        let end = start + work;
        stats.busy_seconds += (end.min(day.close) - start).max(0.0);
        stats.work_seconds += work;
        self.record(t, patience, Some((seat as u32, start, end)), outcome);
        self.replace_top(end);
    }

    /// Tests only: appends the call (arrival, patience, seat with answer and free times, and
    /// outcome) to the trace when one is kept; nothing in other builds.
    #[inline(always)]
    #[allow(unused_variables)]
    fn record(&mut self, arrival: f64, patience: Option<f64>, answered: Answer, outcome: Outcome) {
        #[cfg(test)]
        if let Some(t) = &mut self.trace {
            t.push(tests::Traced {
                arrival,
                patience,
                answered,
                outcome,
            });
        }
    }

    /// Gives the earliest-free seat its new free time and restores the heap: the hole walks
    /// down to the earliest child (the leftmost among equal times) while that is earlier.
    fn replace_top(&mut self, t: f64) {
        let n = self.seats;
        let free_at = &mut self.free_at[..n + 3];
        let seats = &mut self.seat[..n + 3];
        let seat = seats[0];
        let mut i = 0;
        loop {
            let c0 = 4 * i + 1;
            if c0 >= n {
                break;
            }
            // The earliest of the four: two pairs, then their winners (selections, no branch).
            let a = c0 + usize::from(free_at[c0 + 1] < free_at[c0]);
            let b = c0 + 2 + usize::from(free_at[c0 + 3] < free_at[c0 + 2]);
            let c = if free_at[b] < free_at[a] { b } else { a };
            let child = free_at[c];
            if child >= t {
                break;
            }
            free_at[i] = child;
            seats[i] = seats[c];
            i = c;
        }
        free_at[i] = t;
        seats[i] = seat;
    }
}

/// A call's seat, answer time and the time the seat is free again (None: it hung up), and its
/// outcome with whether it was paid.
type Answer = Option<(u32, f64, f64)>;
type Outcome = Option<(usize, bool)>;

/// Cumulative rows per agent: one, or one per kind of call when some outcome is per offer.
fn rows(s: &Scenario) -> usize {
    1 + 2 * usize::from(s.outcomes.iter().any(|o| o.per_offer))
}

/// Where each offered call's random inputs come from: the streams, and the samplers of the
/// per-call durations.
struct Streams<'a> {
    arrivals: Stream,
    patience: Stream,
    service: Stream,
    outcome: Stream,
    patience_seconds: Option<PerCall<'a>>,
    handle_seconds: PerCall<'a>,
    after_call_work_seconds: PerCall<'a>,
    attempt_seconds: PerCall<'a>,
}

/// A per-call duration's sampler with the two common cases taken out of `Dist`'s general
/// match (called six times a call): a constant draws nothing, an exponential is `Exp1` scaled
/// exactly as `rand_distr::Exp` scales it; either way the same numbers as `Dist::sample`.
#[derive(Clone, Copy)]
enum PerCall<'a> {
    Fixed(f64),
    Exp { scale: f64 },
    Any(&'a Dist),
}

impl<'a> PerCall<'a> {
    fn new(d: &'a Dist) -> PerCall<'a> {
        match d.exponential_mean() {
            // `Exp::new(1 / mean)` keeps 1 / lambda.
            Some(mean) => PerCall::Exp {
                scale: 1.0 / (1.0 / mean),
            },
            None if d.is_fixed() => PerCall::Fixed(d.mean()),
            None => PerCall::Any(d),
        }
    }

    #[inline(always)]
    fn sample(&self, rng: &mut Stream) -> f64 {
        match self {
            PerCall::Fixed(x) => *x,
            PerCall::Exp { scale } => {
                let e: f64 = Exp1.sample(rng);
                e * scale
            }
            PerCall::Any(d) => d.sample(rng),
        }
    }
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
    /// Where the day's week starts in `week_counts`.
    week_row: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One offered call as the simulation saw it, for tests to check the queue's laws on.
    #[derive(Debug, Clone, Copy)]
    pub(super) struct Traced {
        pub(super) arrival: f64,
        pub(super) patience: Option<f64>,
        /// Seat, answer time and the time the seat is free again; `None`: the caller hung up.
        pub(super) answered: Option<(u32, f64, f64)>,
        /// The outcome and whether it was paid.
        pub(super) outcome: Option<(usize, bool)>,
    }
    use crate::engine::goodness_of_fit::assert_fits;
    use crate::scenario;

    /// Slack for comparing times: an answer at t + (free - t) can differ from `free` by an ulp.
    const EPS: f64 = 1e-6;

    /// A 5-agent center, 5 days a week, `open` hours a day; `patience` in seconds or none.
    fn center(load: f64, patience: Option<f64>, handle: &str, open: f64) -> Scenario {
        let calls_per_hour = load * 5.0 * 3600.0 / 180.0;
        let patience = patience.map_or(String::new(), |p| {
            format!("patience_seconds = {{ dist = \"exponential\", mean = {p} }}")
        });
        let text = format!(
            r#"
[horizon]
weeks_per_year = 2
paid_hours_per_week = {paid}
days_per_week = 5
[team]
agents = 5
[queue]
calls_per_hour = {calls_per_hour}
open_hours_per_day = {open}
handle_seconds = {handle}
service_level_seconds = 20
{patience}
[[outcomes]]
name = "save"
probability = 0.3
value_usd = 30
[[outcomes]]
name = "trial"
probability = 0.2
value_usd = 0
trial_to_paid = 0.5
paid_value_usd = 35
"#,
            paid = open * 5.0
        );
        scenario::parse(&text, "t.toml", "t").expect("test scenario is valid")
    }

    const EXPONENTIAL: &str = "{ dist = \"exponential\", mean = 180 }";
    const LOGNORMAL: &str = "{ dist = \"lognormal\", mean = 180, sd = 150 }";

    /// Year `it` simulated with the trace on.
    fn traced_year(s: &Scenario, seed: u64, it: u64) -> QueueSim {
        let mut draw = YearDraw::new(s);
        draw.fill(s, seed, it);
        let mut sim = QueueSim::new(s);
        sim.trace = Some(Vec::new());
        sim.simulate(s, s.queue.as_ref().unwrap(), &draw, seed, it);
        sim
    }

    /// Every combination the laws must hold in: idle to overloaded, with and without patience,
    /// two handle-time shapes, a daily close (queued callers at closing) and days that join up.
    fn cases() -> Vec<(String, Scenario)> {
        let mut out = Vec::new();
        for load in [0.2, 0.9, 1.3] {
            for patience in [None, Some(60.0)] {
                for handle in [EXPONENTIAL, LOGNORMAL] {
                    for open in [9.5, 24.0] {
                        let what =
                            format!("load {load}, patience {patience:?}, {handle}, {open} h");
                        out.push((what, center(load, patience, handle, open)));
                    }
                }
            }
        }
        out
    }

    /// Each seat's calls as [answer, free again), sorted by answer time.
    fn seat_intervals(trace: &[Traced], seats: usize) -> Vec<Vec<(f64, f64)>> {
        let mut out = vec![Vec::new(); seats];
        for (seat, start, end) in trace.iter().filter_map(|c| c.answered) {
            out[seat as usize].push((start, end));
        }
        for v in &mut out {
            v.sort_by(|a, b| a.0.total_cmp(&b.0));
        }
        out
    }

    /// (a) No seat serves two calls at once.
    fn assert_no_seat_overlaps(what: &str, seats: &[Vec<(f64, f64)>]) {
        for (s, calls) in seats.iter().enumerate() {
            for w in calls.windows(2) {
                assert!(w[1].0 >= w[0].1 - EPS, "{what}: seat {s} overlaps: {w:?}");
            }
        }
    }

    /// (b) Answered calls, in arrival order, are answered at non-decreasing times (FCFS).
    fn assert_first_come_first_served(what: &str, trace: &[Traced]) {
        let mut answered: Vec<(f64, f64)> = trace
            .iter()
            .filter_map(|c| c.answered.map(|a| (c.arrival, a.1)))
            .collect();
        answered.sort_by(|a, b| a.0.total_cmp(&b.0));
        for w in answered.windows(2) {
            assert!(
                w[1].1 >= w[0].1 - EPS,
                "{what}: (arrival, answer) {w:?} out of order"
            );
        }
    }

    /// True if `seat` (its busy intervals, sorted, not overlapping) is busy throughout [a, b).
    fn busy_throughout(seat: &[(f64, f64)], a: f64, b: f64) -> bool {
        // The last call answered at or before a, then the calls that follow it back to back.
        let first = seat.partition_point(|c| c.0 <= a + EPS);
        let Some(mut covered) = first.checked_sub(1).map(|i| seat[i].1) else {
            return false;
        };
        for c in &seat[first..] {
            if covered >= b - EPS || c.0 > covered + EPS {
                break;
            }
            covered = covered.max(c.1);
        }
        covered >= b - EPS
    }

    /// (c) A caller who waits waits only while every seat is busy (FCFS leaves no seat idle
    /// while someone queues), so an abandoner waited their whole patience with every seat busy,
    /// and an answered caller's wait is within their patience.
    fn assert_waits_match_patience(what: &str, trace: &[Traced], seats: &[Vec<(f64, f64)>]) {
        for (i, c) in trace.iter().enumerate() {
            let until = match (c.answered, c.patience) {
                (Some((_, start, _)), p) => {
                    let wait = start - c.arrival;
                    assert!(wait >= -EPS, "{what}: call {i} answered before it arrived");
                    let patient = p.is_none_or(|p| wait <= p + EPS);
                    assert!(patient, "{what}: call {i} waited {wait} s, patience {p:?}");
                    start
                }
                (None, Some(p)) => c.arrival + p,
                (None, None) => panic!("{what}: call {i} hung up without patience"),
            };
            if until > c.arrival + EPS {
                let all_busy = seats.iter().all(|s| busy_throughout(s, c.arrival, until));
                assert!(
                    all_busy,
                    "{what}: call {i} waited in [{}, {until}) with a seat idle",
                    c.arrival
                );
            }
        }
    }

    /// (d) The year's counters are the counts on the trace.
    fn assert_counters_match(what: &str, s: &Scenario, sim: &QueueSim) {
        let (trace, st) = (sim.trace.as_deref().unwrap(), &sim.stats);
        let sl = s.queue.as_ref().unwrap().service_level_seconds;
        let waits: Vec<f64> = trace
            .iter()
            .filter_map(|c| c.answered.map(|a| a.1 - c.arrival))
            .collect();
        let count = |f: &dyn Fn(&Traced) -> bool| trace.iter().filter(|c| f(c)).count() as u64;
        assert_eq!(st.offered, trace.len() as u64, "{what}: offered");
        assert_eq!(
            st.abandoned,
            count(&|c| c.answered.is_none()),
            "{what}: abandoned"
        );
        assert_eq!(
            sim.year.calls.iter().sum::<u64>(),
            waits.len() as u64,
            "{what}: handled"
        );
        let in_sl = waits.iter().filter(|w| **w <= sl).count() as u64;
        assert_eq!(st.answered_in_sl, in_sl, "{what}: answered within {sl} s");
        let waited = count(&|c| c.answered.is_none_or(|a| a.1 > c.arrival));
        assert_eq!(st.waited, waited, "{what}: waited");
        let total_wait: f64 = waits.iter().sum();
        assert!(
            (st.wait_seconds - total_wait).abs() <= 1e-9 * total_wait.max(1.0),
            "{what}: wait"
        );
        for j in 0..s.outcomes.len() {
            let of_j = |paid: Option<bool>| {
                count(&|c| {
                    c.outcome
                        .is_some_and(|(o, p)| o == j && paid.is_none_or(|x| x == p))
                })
            };
            let k = s.outcomes.len();
            let counts = (0..s.agents.len())
                .map(|a| sim.year.counts[a * k + j])
                .sum::<u64>();
            let paid = (0..s.agents.len())
                .map(|a| sim.year.paid[a * k + j])
                .sum::<u64>();
            assert_eq!(
                (counts, paid),
                (of_j(None), of_j(Some(true))),
                "{what}: outcome {j}"
            );
        }
    }

    #[test]
    fn the_trace_keeps_the_queues_laws() {
        for (i, (what, s)) in cases().iter().enumerate() {
            let sim = traced_year(s, 40 + i as u64, 0);
            let trace = sim.trace.as_deref().unwrap();
            assert!(trace.len() > 500, "{what}: {} calls", trace.len());
            let seats = seat_intervals(trace, s.queue.as_ref().unwrap().seats(5, &s.horizon));
            assert_no_seat_overlaps(what, &seats);
            assert_first_come_first_served(what, trace);
            assert_waits_match_patience(what, trace, &seats);
            assert_counters_match(what, s, &sim);
        }
    }

    /// The laws are not idle: in the overloaded cases with patience some callers wait, some
    /// hang up and some are answered within the threshold, so each check has cases to bite on.
    #[test]
    fn the_trace_cases_exercise_every_branch() {
        let s = center(1.3, Some(60.0), LOGNORMAL, 9.5);
        let st = traced_year(&s, 1, 0).stats;
        assert!(st.abandoned > 100 && st.waited > st.abandoned + 100);
        assert!(st.answered_in_sl > 100 && st.answered_in_sl < st.offered - st.abandoned);
    }

    /// Offered calls per weekday and open hour against the closed form: calls_per_hour x the
    /// hour's weight x the day's weight (each profile scaled to mean 1) x 3600 s x weeks x years,
    /// each cell a Poisson count (s.e. its square root); the shape by chi-square.
    #[test]
    fn profiles_shape_arrivals_by_weekday_and_hour() {
        let hour_raw = [1.0, 2.0, 3.0, 2.0, 1.0, 1.0, 1.0, 1.0];
        let day_raw = [2.0, 1.0, 1.0, 1.0, 0.5];
        let text = r#"
[horizon]
weeks_per_year = 4
paid_hours_per_week = 40
days_per_week = 5
[team]
agents = 3
[queue]
calls_per_hour = 30
handle_seconds = { dist = "exponential", mean = 180 }
intraday_profile = [1, 2, 3, 2, 1, 1, 1, 1]
weekday_profile = [2, 1, 1, 1, 0.5]
[[outcomes]]
name = "save"
probability = 0.1
value_usd = 30
"#;
        let s = scenario::parse(text, "t.toml", "t").unwrap();
        let years = 25;
        let mut cells = [[0u64; 8]; 5];
        for it in 0..years {
            for c in traced_year(&s, 9, it).trace.unwrap() {
                let day = (c.arrival / DAY_SECONDS).floor();
                let hour = ((c.arrival - day * DAY_SECONDS) / 3600.0) as usize;
                cells[day as usize % 5][hour] += 1;
            }
        }
        let mean = |w: &[f64]| w.iter().sum::<f64>() / w.len() as f64;
        let (hm, dm) = (mean(&hour_raw), mean(&day_raw));
        let per_cell =
            |d: usize, h: usize| 30.0 * hour_raw[h] / hm * day_raw[d] / dm * 4.0 * years as f64;
        let assert_poisson = |what: String, got: u64, want: f64| {
            let z = (got as f64 - want) / want.sqrt();
            assert!(
                z.abs() < 4.0,
                "{what}: {got} offered, expected {want:.0} ({z:.1} s.e.)"
            );
        };
        for h in 0..8 {
            let got = cells.iter().map(|day| day[h]).sum();
            let want = (0..5).map(|d| per_cell(d, h)).sum();
            assert_poisson(format!("hour {h}"), got, want);
        }
        for (d, day) in cells.iter().enumerate() {
            let want = (0..8).map(|h| per_cell(d, h)).sum();
            assert_poisson(format!("weekday {d}"), day.iter().sum(), want);
        }
        let flat: Vec<u64> = cells.iter().flatten().copied().collect();
        let total: f64 = (0..40).map(|i| per_cell(i / 8, i % 8)).sum();
        let n = flat.iter().sum::<u64>() as f64;
        assert_fits(
            "weekday x hour",
            &flat,
            |i| per_cell(i / 8, i % 8) / total,
            n,
        );
    }

    /// One seat (M/G/1): the mean wait is Pollaczek-Khinchine's lambda E[S^2] / (2 (1 - rho)),
    /// for lognormal and fixed handle times (E[S^2] = sd^2 + mean^2), within 4 s.e. of the years.
    #[test]
    fn one_seat_waits_match_pollaczek_khinchine() {
        for (handle, sd) in [(LOGNORMAL, 150.0), ("180", 0.0)] {
            let rho = 0.7;
            let text = format!(
                r#"
[horizon]
weeks_per_year = 8
paid_hours_per_week = 168
days_per_week = 7
[team]
agents = 1
[queue]
calls_per_hour = {}
open_hours_per_day = 24
handle_seconds = {handle}
[[outcomes]]
name = "save"
probability = 0.1
value_usd = 30
"#,
                rho * 3600.0 / 180.0
            );
            let s = scenario::parse(&text, "t.toml", "t").unwrap();
            let asa: Vec<f64> = crate::engine::run(&s, 40, 5, &|_| ())
                .iter()
                .map(|r| r.queue.wait_seconds / r.calls as f64)
                .collect();
            let n = asa.len() as f64;
            let m = asa.iter().sum::<f64>() / n;
            let se = (asa.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1.0) / n).sqrt();
            let lambda = rho / 180.0;
            let want = lambda * (sd * sd + 180.0 * 180.0) / (2.0 * (1.0 - rho));
            let z = (m - want) / se;
            assert!(
                z.abs() < 4.0,
                "{handle}: ASA {m:.1} ± {se:.1} s, P-K {want:.1} ({z:.1} s.e.)"
            );
        }
    }

    /// The months hold exactly the trace's revenue (hand count over its calls), and each month
    /// lies between the revenue of the weeks wholly inside it and that of the weeks it touches
    /// (month m is weeks [m W / 12, (m + 1) W / 12) of a W-week year).
    #[test]
    fn months_hold_the_traced_revenue_by_week() {
        let mut s = center(0.9, None, EXPONENTIAL, 8.0);
        s.horizon.weeks_per_year = 26;
        let sim = traced_year(&s, 2, 0);
        let mut draw = YearDraw::new(&s);
        draw.fill(&s, 2, 0);
        let months = months::revenue(&draw, |add| sim.month_parts(&s, 2, 0, add));
        let mut weeks = vec![0.0; 26];
        for c in sim.trace.as_deref().unwrap() {
            let value = match c.outcome {
                Some((0, _)) => 30.0,
                Some((1, true)) => 35.0,
                _ => 0.0,
            };
            weeks[(c.arrival / DAY_SECONDS) as usize / 5] += value;
        }
        let total: f64 = weeks.iter().sum();
        assert!((months.iter().sum::<f64>() - total).abs() < 1e-6 * total);
        for (m, got) in months.iter().enumerate() {
            let (from, to) = (m as f64 * 26.0 / 12.0, (m + 1) as f64 * 26.0 / 12.0);
            let inside: f64 = (0..26)
                .filter(|&w| w as f64 >= from && w as f64 + 1.0 <= to)
                .map(|w| weeks[w])
                .sum();
            let touching: f64 = (0..26)
                .filter(|&w| (w as f64) < to && w as f64 + 1.0 > from)
                .map(|w| weeks[w])
                .sum();
            assert!(
                *got >= inside - 1e-6 && *got <= touching + 1e-6,
                "month {m}: {got} not in [{inside}, {touching}]"
            );
        }
    }
}
