//! The per-year rows of a shard file, field by field. Every `IterationRecord` field is written
//! and read here by name, in one place, so a change to the record's layout is a change to these
//! two functions (and `FORMAT` in `mod.rs`); a field added to the record without a line here
//! makes the `Default`-free struct literal in `read_record` fail to compile.

use super::bytes::{Reader, Writer};
use crate::engine::{AgentYear, CashView, Extras, IterationRecord, LATER_YEARS, QueueStats, Side};

pub fn write_record(w: &mut Writer, r: &IterationRecord) {
    w.u64(r.iteration);
    w.u64(r.calls);
    w.u64(r.successes);
    w.u64(r.paid_conversions);
    w.f64(r.revenue_usd);
    w.f64(r.labour_cost_usd);
    w.f64(r.fixed_cost_usd);
    w.f64(r.incentive_cost_usd);
    let e = r.queue.extras();
    w.u8(u8::from(e.probability_capped));
    write_queue(w, &e.queue);
    w.f64(e.lost_revenue_usd);
    w.u64(e.annoyed);
    w.f64(e.annoyance_cost_usd);
    w.f64(e.abandon_churn_cost_usd);
    w.u32(e.contest_periods);
    w.f64(e.top_volume_wins);
    write_cash(w, &e.cash);
}

/// A flag, then the fields only where the year has a cash view (most scenarios have none).
fn write_cash(w: &mut Writer, c: &CashView) {
    let present = *c != CashView::default();
    w.u8(u8::from(present));
    if !present {
        return;
    }
    w.f64(c.unattributed_revenue_usd);
    w.f64(c.deferred_revenue_usd);
    w.f64(c.npv_usd);
    w.u32(c.payback_month);
    for x in c.later_years_cash_profit_usd {
        w.f64(x);
    }
}

fn read_cash(r: &mut Reader) -> Result<CashView, String> {
    if r.u8()? == 0 {
        return Ok(CashView::default());
    }
    let mut c = CashView {
        unattributed_revenue_usd: r.f64()?,
        deferred_revenue_usd: r.f64()?,
        npv_usd: r.f64()?,
        payback_month: r.u32()?,
        later_years_cash_profit_usd: [0.0; LATER_YEARS],
    };
    for x in &mut c.later_years_cash_profit_usd {
        *x = r.f64()?;
    }
    Ok(c)
}

pub fn read_record(r: &mut Reader) -> Result<IterationRecord, String> {
    let head = (r.u64()?, r.u64()?, r.u64()?, r.u64()?);
    let money = (r.f64()?, r.f64()?, r.f64()?, r.f64()?);
    let probability_capped = r.u8()? != 0;
    let extras = Extras {
        queue: read_queue(r)?,
        lost_revenue_usd: r.f64()?,
        annoyed: r.u64()?,
        annoyance_cost_usd: r.f64()?,
        abandon_churn_cost_usd: r.f64()?,
        contest_periods: r.u32()?,
        top_volume_wins: r.f64()?,
        probability_capped,
        cash: read_cash(r)?,
    };
    Ok(IterationRecord {
        iteration: head.0,
        calls: head.1,
        successes: head.2,
        paid_conversions: head.3,
        revenue_usd: money.0,
        labour_cost_usd: money.1,
        fixed_cost_usd: money.2,
        incentive_cost_usd: money.3,
        queue: Side::new(extras),
    })
}

fn write_queue(w: &mut Writer, q: &QueueStats) {
    w.u64(q.offered);
    w.u64(q.abandoned);
    w.u64(q.waited);
    w.u64(q.answered_in_sl);
    w.f64(q.wait_seconds);
    w.f64(q.busy_seconds);
    w.f64(q.seat_seconds);
    w.f64(q.work_seconds);
    w.u64(q.offers);
    w.u64(q.unwanted_offers);
}

fn read_queue(r: &mut Reader) -> Result<QueueStats, String> {
    Ok(QueueStats {
        offered: r.u64()?,
        abandoned: r.u64()?,
        waited: r.u64()?,
        answered_in_sl: r.u64()?,
        wait_seconds: r.f64()?,
        busy_seconds: r.f64()?,
        seat_seconds: r.f64()?,
        work_seconds: r.f64()?,
        offers: r.u64()?,
        unwanted_offers: r.u64()?,
    })
}

pub fn write_agent(w: &mut Writer, a: &AgentYear) {
    w.u64(a.calls);
    w.u64(a.successes);
    w.f64(a.payout_usd);
    w.f64(a.wins);
}

pub fn read_agent(r: &mut Reader) -> Result<AgentYear, String> {
    Ok(AgentYear {
        calls: r.u64()?,
        successes: r.u64()?,
        payout_usd: r.f64()?,
        wins: r.f64()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every field survives the trip bit for bit (distinct values, so a swapped pair shows).
    #[test]
    fn a_record_round_trips_exactly() {
        let extras = Extras {
            queue: QueueStats {
                offered: 19,
                abandoned: 23,
                waited: 29,
                answered_in_sl: 31,
                wait_seconds: 6.5,
                busy_seconds: 7.5,
                seat_seconds: 8.5,
                work_seconds: 9.5,
                offers: 37,
                unwanted_offers: 47,
            },
            lost_revenue_usd: 10.5,
            annoyed: 41,
            annoyance_cost_usd: 11.5,
            abandon_churn_cost_usd: 13.5,
            contest_periods: 43,
            top_volume_wins: 12.5,
            probability_capped: true,
            cash: CashView {
                unattributed_revenue_usd: 14.5,
                deferred_revenue_usd: 15.5,
                npv_usd: 16.5,
                payback_month: 59,
                later_years_cash_profit_usd: std::array::from_fn(|i| 17.5 + i as f64),
            },
        };
        let rec = IterationRecord {
            iteration: 7,
            calls: 11,
            successes: 13,
            paid_conversions: 17,
            revenue_usd: 1.5,
            labour_cost_usd: 2.25,
            fixed_cost_usd: 3.125,
            incentive_cost_usd: -4.0,
            queue: Side::new(extras),
        };
        let agent = AgentYear {
            calls: 47,
            successes: 53,
            payout_usd: 13.5,
            wins: 0.5,
        };
        let mut w = Writer::default();
        write_record(&mut w, &rec);
        write_agent(&mut w, &agent);
        let bytes = w.into_bytes();
        let mut r = Reader::new(&bytes);
        assert_eq!(read_record(&mut r).unwrap(), rec);
        assert_eq!(read_agent(&mut r).unwrap(), agent);
        assert!(r.is_empty());
    }
}
