//! Offers that sell and annoy, and what a hang-up costs: validation of `per_offer` outcomes,
//! `[incentives.behaviour]`'s receptive share and acceptances, `[queue]`'s abandon churn, and
//! the one rule (`OfferSplit`) that turns an offer share into offers to receptive and to other
//! callers, which the engine and the expected-value projection both read.

use super::file::{BehaviourFile, QueueFile, ScenarioFile};
use super::inputs::{Range, Registry, label};
use super::{InputId, Outcome, Scenario};
use crate::distributions::ParamSpec;
use crate::error::FieldError;

/// Callers who welcome an offer get one first.
#[derive(Debug, Clone)]
pub struct Receptive {
    /// Share of callers who welcome an offer.
    pub share: InputId,
    /// Share of offered receptive callers, and of offered other callers, who accept.
    pub receptive_acceptance: InputId,
    pub other_acceptance: InputId,
}

/// Queue mode: callers who hang up and then cancel, and the subscriber value each takes.
#[derive(Debug, Clone)]
pub struct AbandonChurn {
    pub share: InputId,
    pub value_usd: InputId,
}

/// Where a year's offers go, per handled call: to a receptive caller with probability
/// `receptive` = min(o, r), to another caller with probability `unwanted` = max(0, o - r), for
/// offer share o and receptive share r. Without a receptive share every offer is "unwanted"
/// (it can annoy) and accepted per the outcome's own probability, so `other_acceptance` is 1.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct OfferSplit {
    pub receptive: f64,
    pub unwanted: f64,
    pub receptive_acceptance: f64,
    pub other_acceptance: f64,
}

impl OfferSplit {
    /// `receptive`: (share, receptive acceptance, other acceptance), when the file sets one.
    pub fn new(offer_share: f64, receptive: Option<(f64, f64, f64)>) -> OfferSplit {
        match receptive {
            None => OfferSplit {
                receptive: 0.0,
                unwanted: offer_share,
                receptive_acceptance: 1.0,
                other_acceptance: 1.0,
            },
            Some((r, ra, oa)) => OfferSplit {
                receptive: offer_share.min(r),
                unwanted: (offer_share - r).max(0.0),
                receptive_acceptance: ra,
                other_acceptance: oa,
            },
        }
    }

    /// What multiplies a per-offer outcome's probability to make it per handled call:
    /// min(o, r) x receptive_acceptance + max(0, o - r) x other_acceptance (o without r).
    pub fn per_call(&self) -> f64 {
        self.receptive * self.receptive_acceptance + self.unwanted * self.other_acceptance
    }

    /// The highest acceptance among the kinds of offer that happen: a per-offer outcome's
    /// probability on such a call, per unit of `probability` (what bounds a call's outcomes).
    pub fn peak_acceptance(&self) -> f64 {
        let r = if self.receptive > 0.0 {
            self.receptive_acceptance
        } else {
            0.0
        };
        let o = if self.unwanted > 0.0 {
            self.other_acceptance
        } else {
            0.0
        };
        r.max(o)
    }
}

impl Scenario {
    /// Where the offers go with every input at its mean: the plan's offer share, else the
    /// queue's attempt share, split between receptive and other callers.
    pub fn mean_offer_split(&self) -> OfferSplit {
        let b = &self.behaviour;
        let queue = self.queue.as_ref().map_or(0.0, |q| q.attempt_share);
        let offer_share = b.offer_share.map_or(queue, |p| self.mean(p));
        let receptive = b.receptive.as_ref().map(|r| {
            let m = |id| self.mean(id);
            (m(r.share), m(r.receptive_acceptance), m(r.other_acceptance))
        });
        OfferSplit::new(offer_share, receptive)
    }

    /// What a call's outcome probabilities (means) sum to on the kind of call with the most:
    /// the per-handled-call outcomes plus the per-offer ones at the highest acceptance.
    pub(super) fn mean_probability_peak(&self, rates: &[Option<InputId>]) -> f64 {
        let peak = self.mean_offer_split().peak_acceptance();
        let p = |j: usize| self.mean(rates[j].unwrap_or(self.outcomes[j].probability));
        let plain: f64 = (0..self.outcomes.len())
            .filter(|j| !self.outcomes[*j].per_offer)
            .map(p)
            .sum();
        let offered: f64 = (0..self.outcomes.len())
            .filter(|j| self.outcomes[*j].per_offer)
            .map(p)
            .sum();
        plain + peak * offered
    }
}

/// `[incentives.behaviour]`'s receptive share and acceptances: registered only when the file
/// gives a receptive share (acceptances default to 1 and 0), refused without one.
pub(super) fn receptive(
    b: &BehaviourFile,
    reg: &mut Registry,
) -> Result<Option<Receptive>, FieldError> {
    let at = "incentives.behaviour";
    let Some(share) = &b.receptive_share else {
        let stray = [
            ("receptive_acceptance", &b.receptive_acceptance),
            ("other_acceptance", &b.other_acceptance),
        ];
        if let Some((f, _)) = stray.iter().find(|(_, v)| v.is_some()) {
            let fix = "add receptive_share (the share of callers who welcome an offer, e.g. \
                       0.15), or drop this field";
            return Err(FieldError::new(
                format!("{at}.{f}"),
                "",
                "needs receptive_share",
                fix,
            ));
        }
        return Ok(None);
    };
    let mut share_input = |spec: &ParamSpec, f: &str| {
        let path = format!("{at}.{f}");
        reg.uncertain(
            spec,
            (&path, label("Plan behaviour", f)),
            Range::Probability,
            false,
        )
    };
    let default = |v: &Option<ParamSpec>, d: f64| v.clone().unwrap_or(ParamSpec::Number(d));
    Ok(Some(Receptive {
        share: share_input(share, "receptive_share")?,
        receptive_acceptance: share_input(
            &default(&b.receptive_acceptance, 1.0),
            "receptive_acceptance",
        )?,
        other_acceptance: share_input(&default(&b.other_acceptance, 0.0), "other_acceptance")?,
    }))
}

/// `[queue]`'s abandon churn: the value is required unless the share is exactly 0, and refused
/// without a share.
pub(super) fn abandon_churn(
    q: &QueueFile,
    reg: &mut Registry,
) -> Result<Option<AbandonChurn>, FieldError> {
    let value_path = "queue.abandon_churn_value_usd";
    let Some(share) = &q.abandon_churn_share else {
        if q.abandon_churn_value_usd.is_some() {
            let fix = "add queue.abandon_churn_share (the share of callers who hang up and then \
                       cancel, e.g. 0.1), or drop the value";
            return Err(FieldError::new(
                value_path,
                "",
                "needs abandon_churn_share",
                fix,
            ));
        }
        return Ok(None);
    };
    let path = "queue.abandon_churn_share";
    let l = label("Queue", "abandon_churn_share");
    let share = reg.uncertain(share, (path, l), Range::Probability, false)?;
    let zero_share = reg.get(share).dist().is_fixed() && reg.get(share).mean() == 0.0;
    let value = match (&q.abandon_churn_value_usd, zero_share) {
        (Some(v), _) => v.clone(),
        (None, true) => ParamSpec::Number(0.0),
        (None, false) => {
            let fix = "add queue.abandon_churn_value_usd, the subscriber value a cancelling \
                       caller takes with them, e.g. 120";
            return Err(FieldError::new(
                value_path,
                "(missing)",
                "is required when abandon_churn_share is above 0",
                fix,
            ));
        }
    };
    let l = label("Queue", "abandon_churn_value_usd");
    let value_usd = reg.uncertain(&value, (value_path, l), Range::NonNegative, false)?;
    Ok(Some(AbandonChurn { share, value_usd }))
}

/// A per-offer outcome, or a receptive share, needs an offer share to act on: the plan's
/// `offer_share`, or in queue mode `queue.attempt_share`.
pub(super) fn check_offer_share(
    raw: &ScenarioFile,
    outcomes: &[Outcome],
) -> Result<(), FieldError> {
    let b = raw.incentives.behaviour.as_ref();
    let plan = b.is_some_and(|b| b.offer_share.is_some());
    let queue = raw
        .queue
        .as_ref()
        .is_some_and(|q| q.attempt_share.is_some());
    if plan || queue {
        return Ok(());
    }
    let fix = "set [incentives.behaviour] offer_share (in queue mode queue.attempt_share works \
               too), the share of handled calls that get an offer, e.g. 0.3";
    if let Some(i) = outcomes.iter().position(|o| o.per_offer) {
        let field = format!("outcomes[{i}].per_offer");
        return Err(FieldError::new(
            field,
            "true",
            "has no offer share to act on",
            fix,
        ));
    }
    if b.is_some_and(|b| b.receptive_share.is_some()) {
        let field = "incentives.behaviour.receptive_share";
        return Err(FieldError::new(
            field,
            "",
            "has no offer share to act on",
            fix,
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::OfferSplit;

    #[test]
    fn offers_go_to_receptive_callers_first() {
        // Offer share 0.3, receptive share 0.1: 0.1 of calls are offers to receptive callers and
        // 0.2 to others; accepted on 0.1 x 0.6 + 0.2 x 0.1 = 0.08 of calls.
        let s = OfferSplit::new(0.3, Some((0.1, 0.6, 0.1)));
        assert_eq!((s.receptive, s.unwanted), (0.1, 0.3 - 0.1));
        assert!((s.per_call() - 0.08).abs() < 1e-15);
        assert_eq!(s.peak_acceptance(), 0.6);
        // Fewer offers than receptive callers: every offer is wanted and none annoys.
        let s = OfferSplit::new(0.05, Some((0.15, 0.5, 0.0)));
        assert_eq!((s.receptive, s.unwanted), (0.05, 0.0));
        assert!((s.per_call() - 0.025).abs() < 1e-15);
        // Only other callers take offers here, the lower acceptance bounds nothing.
        let s = OfferSplit::new(0.3, Some((0.0, 0.9, 0.2)));
        assert_eq!(s.peak_acceptance(), 0.2);
        // No receptive share: every offer may annoy and the outcome's probability is per offer.
        let s = OfferSplit::new(0.3, None);
        assert_eq!((s.receptive, s.unwanted, s.per_call()), (0.0, 0.3, 0.3));
    }
}
