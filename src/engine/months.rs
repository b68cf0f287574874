//! The fan chart's calendar: 12 equal months, each a twelfth of the simulated year, the
//! calendar its costs are spread on (`cumulative_profit` in app/run_cmd.rs).
//!
//! Months of whole weeks (the incentives' months: 5-4-4 weeks in a 52-week year) would give a
//! year with the same rate throughout a quarter more revenue in every third month than in the
//! others, against costs in twelfths: a fan with uneven steps in an even year. So time here is
//! counted in twelfths of a week: month m is [m W, (m + 1) W) of the year's 12 W, and a week
//! that straddles two months shares its events between them by the overlap.

use super::binomial;
use super::params::YearDraw;
use crate::rng::Stream;

/// A stretch of the year in twelfths of a week, [from, to).
pub type Span = (u64, u64);

/// The whole of week `w`.
pub fn week(w: usize) -> Span {
    (12 * w as u64, 12 * (w as u64 + 1))
}

/// Shares `count` events falling uniformly over `span` among the months of a `weeks`-week
/// year, handing each month reached and its count to `add`: multinomially by each month's
/// overlap with the span (one binomial per month the span reaches into; exact in distribution
/// for uniform events).
pub fn split(
    stream: &mut Stream,
    (count, span): (u64, Span),
    weeks: u64,
    mut add: impl FnMut(usize, u64),
) {
    let (from, to) = span;
    let (mut left, mut length) = (count, to - from);
    for m in 0..12u64 {
        let overlap = to.min((m + 1) * weeks).saturating_sub(from.max(m * weeks));
        if overlap == 0 || left == 0 {
            continue;
        }
        let c = if overlap >= length {
            left
        } else {
            binomial::sample(stream, left, overlap as f64 / length as f64)
        };
        add(m as usize, c);
        left -= c;
        length -= overlap;
    }
}

/// A year's occurrences by month: per outcome, [not converted, converted trials], per month.
pub type MonthCounts = Vec<[[u64; 12]; 2]>;

/// How a capacity mode spreads its year over the months: it hands `add` each (outcome,
/// converted, month, count).
pub type Add<'a> = &'a mut dyn FnMut(usize, bool, usize, u64);

/// The year's revenue by month (the programme's share) from a mode's split (`parts`).
pub fn revenue(draw: &YearDraw, parts: impl FnOnce(Add)) -> [f64; 12] {
    let mut out = [0.0; 12];
    parts(&mut |j, paid, m, c| {
        let value = if paid {
            draw.value_usd[j] + draw.paid_value_usd[j]
        } else {
            draw.value_usd[j]
        };
        out[m] += c as f64 * (value * draw.incremental_share[j]);
    });
    out
}

/// The same split as counts (what the cash view pays out from).
pub fn counts(outcomes: usize, parts: impl FnOnce(Add)) -> MonthCounts {
    let mut out = vec![[[0; 12]; 2]; outcomes];
    parts(&mut |j, paid, m, c| out[j][usize::from(paid)][m] += c);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng;

    /// Over a whole 52-week year each month holds 1/12 of the events: mean n/12 and binomial
    /// variance n (1/12)(11/12) per month, within 4 s.e., and every event lands in some month.
    #[test]
    fn a_year_splits_into_twelve_equal_binomial_months() {
        let (n, years) = (1_000u64, 4_000);
        let mut r = rng::stream(3, 0, 0);
        let mut sum = [0.0; 12];
        let mut sq = [0.0; 12];
        for _ in 0..years {
            let mut out = [0.0; 12];
            split(&mut r, (n, (0, 12 * 52)), 52, |m, c| out[m] += c as f64);
            assert_eq!(out.iter().sum::<f64>(), n as f64);
            for m in 0..12 {
                sum[m] += out[m];
                sq[m] += out[m] * out[m];
            }
        }
        let p = 1.0 / 12.0;
        let (mean, var) = (n as f64 * p, n as f64 * p * (1.0 - p));
        let y = years as f64;
        for m in 0..12 {
            let m_hat = sum[m] / y;
            let v_hat = (sq[m] - y * m_hat * m_hat) / (y - 1.0);
            let z = (m_hat - mean) / (var / y).sqrt();
            assert!(
                z.abs() < 4.0,
                "month {m}: mean {m_hat} vs {mean} ({z:.1} s.e.)"
            );
            // s.e. of a sample variance: sqrt((mu4 - var^2 (y-3)/(y-1)) / y), binomial mu4.
            let mu4 = var * (1.0 + 3.0 * (n as f64 - 2.0) * p * (1.0 - p));
            let se = ((mu4 - var * var * (y - 3.0) / (y - 1.0)) / y).sqrt();
            let z = (v_hat - var) / se;
            assert!(
                z.abs() < 4.0,
                "month {m}: variance {v_hat} vs {var} ({z:.1} s.e.)"
            );
        }
    }

    /// Week 4 of a 52-week year is [48, 60) twelfths of a week and month 0 ends at 52: a
    /// third of its events fall in month 0, two thirds in month 1 (hand count), none elsewhere.
    #[test]
    fn a_straddling_week_is_shared_by_its_overlap() {
        let (n, years) = (900u64, 2_000);
        let mut r = rng::stream(4, 0, 0);
        let mut first = 0.0;
        for _ in 0..years {
            let mut out = [0.0; 12];
            split(&mut r, (n, week(4)), 52, |m, c| out[m] += 2.0 * c as f64);
            assert_eq!(out[0] + out[1], 2.0 * n as f64);
            assert!(out[2..].iter().all(|x| *x == 0.0));
            first += out[0] / 2.0;
        }
        let (p, draws) = (4.0 / 12.0, (n * years) as f64);
        let z = (first / draws - p) / (p * (1.0 - p) / draws).sqrt();
        assert!(z.abs() < 4.0, "share in month 0 off by {z:.1} s.e.");
        // A week inside one month stays there.
        let mut out = [0.0; 12];
        split(&mut r, (n, week(0)), 52, |m, c| out[m] += c as f64);
        assert_eq!(out[0], n as f64);
    }
}
