//! What one saved or up-sold subscriber is worth: the monthly payments a retained subscriber
//! makes, and their expected present value. Pure arithmetic, no randomness.
//!
//! Convention (README, "What a save is worth"): the subscriber makes payment 1 in the month of
//! the call (age 0) and each later monthly payment with probability `1 - churn` given the one
//! before, up to `max_months` payments; payment k (k = 0, 1, ...) is the monthly price times the
//! gross margin, cut by `discount` for the first `discount_months` payments, and it is discounted
//! to the month of the call by `delta^k`, `delta = (1 + r)^(-1/12)` for an annual rate r.

/// One year's terms of a subscription (the drawn values of its inputs).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Terms {
    /// Monthly price times gross margin: the margin one full-price payment brings.
    pub margin_usd: f64,
    /// Chance a subscriber who paid this month leaves before the next payment.
    pub churn: f64,
    /// Price cut of the retention offer (a share: 0.3 for 30% off), for the first
    /// `discount_months` payments.
    pub discount: f64,
    pub discount_months: u32,
    /// Payments at most; None: until the subscriber leaves.
    pub max_months: Option<u32>,
}

impl Terms {
    /// The margin payment number `age` (0 = the month of the call) brings, if it is made.
    pub fn payment(&self, age: u32) -> f64 {
        if age < self.discount_months {
            self.margin_usd * (1.0 - self.discount)
        } else {
            self.margin_usd
        }
    }

    /// Whether a payment at `age` can be made at all (the cap).
    pub fn pays_at(&self, age: u32) -> bool {
        self.max_months.is_none_or(|m| age < m)
    }

    /// Expected present value at the month of the call of one subscriber's payments, with
    /// `delta` the monthly discount factor: sum over k < max_months of payment(k) (s delta)^k,
    /// s = 1 - churn, in closed form (two geometric sums: the discounted months, then the rest).
    /// Infinite when nothing ends the payments (no churn, no discounting, no cap); validation
    /// refuses that scenario.
    pub fn value_per_save(&self, delta: f64) -> f64 {
        let q = (1.0 - self.churn) * delta;
        let cap = self.max_months.map_or(f64::INFINITY, f64::from);
        let split = f64::from(self.discount_months).min(cap);
        let discounted = geometric(q, 0.0, split);
        let full = geometric(q, split, cap);
        self.margin_usd * ((1.0 - self.discount) * discounted + full)
    }
}

/// sum_{k = from}^{to - 1} q^k for 0 <= q <= 1 (`to` may be infinite).
fn geometric(q: f64, from: f64, to: f64) -> f64 {
    if to <= from {
        return 0.0;
    }
    if q >= 1.0 {
        return to - from;
    }
    let tail = if to.is_finite() { q.powf(to) } else { 0.0 };
    (q.powf(from) - tail) / (1.0 - q)
}

/// The monthly discount factor of an annual rate in percent: (1 + r)^(-1/12).
pub fn monthly_discount(annual_rate_pct: f64) -> f64 {
    (1.0 + annual_rate_pct / 100.0).powf(-1.0 / 12.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(churn: f64, discount: f64, discount_months: u32, max: Option<u32>) -> Terms {
        Terms {
            margin_usd: 20.0,
            churn,
            discount,
            discount_months,
            max_months: max,
        }
    }

    /// The plain case is the closed form, margin / (1 - (1 - churn) delta), here worked
    /// by hand: $20 margin, 5% churn, no discounting: 20 / 0.05 = $400; at 12% a year,
    /// delta = 1.12^(-1/12) = 0.990600..., 20 / (1 - 0.95 x 0.990600...) = $339.39.
    #[test]
    fn geometric_survival_gives_margin_over_the_monthly_leave_rate() {
        let t = terms(0.05, 0.0, 0, None);
        assert!((t.value_per_save(1.0) - 400.0).abs() < 1e-9);
        let delta = monthly_discount(12.0);
        assert!((delta - 0.990_600_8).abs() < 1e-6, "{delta}");
        let v = t.value_per_save(delta);
        assert!((v - 20.0 / (1.0 - 0.95 * delta)).abs() < 1e-9);
        assert!((v - 339.39).abs() < 0.005, "{v}");
    }

    /// A discount offer and a cap against the finite series written out term by term: churn
    /// 10%, 30% off the first 3 payments, at most 6: 20 x (0.7 (1 + .9 + .81) + .729 + .6561 +
    /// .59049) = 20 x 3.87259 = $77.4518.
    #[test]
    fn a_discount_offer_and_a_cap_sum_the_finite_series() {
        let t = terms(0.1, 0.3, 3, Some(6));
        let by_hand: f64 = 20.0 * (0.7 * (1.0 + 0.9 + 0.81) + 0.729 + 0.6561 + 0.59049);
        assert!((by_hand - 77.4518).abs() < 1e-9);
        assert!((t.value_per_save(1.0) - by_hand).abs() < 1e-9);
        // A discount longer than the cap discounts every payment.
        let t = terms(0.1, 0.3, 12, Some(2));
        assert!((t.value_per_save(1.0) - 20.0 * 0.7 * 1.9).abs() < 1e-9);
        // No churn, no discounting: exactly the cap's payments.
        let t = terms(0.0, 0.0, 0, Some(24));
        assert_eq!(t.value_per_save(1.0), 480.0);
    }

    /// Churn 1: one payment, in the month of the call.
    #[test]
    fn churn_one_is_one_payment() {
        let t = terms(1.0, 0.25, 2, None);
        assert_eq!(t.value_per_save(0.99), t.payment(0));
        assert_eq!(t.payment(0), 15.0);
        assert_eq!(t.payment(2), 20.0);
        assert!(t.pays_at(1000) && !terms(0.1, 0.0, 0, Some(3)).pays_at(3));
    }
}
