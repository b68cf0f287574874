//! Level 1: the year's uncertain parameters, drawn once per iteration from each input's own
//! stream (fixed inputs cost nothing). Also turns team rates, roster rates and skill into each
//! agent's effective outcome probabilities.

use super::economics::InputCosts;
use crate::scenario::{InputId, Kind, OfferSplit, Scenario, Value};
use crate::subscriber::{Terms, monthly_discount};

/// The parameter values of one simulated year.
pub struct YearDraw {
    /// Every input's value this year, indexed by `InputId` (a per-agent input holds its mean
    /// here; each agent's own draw goes into `probability`).
    values: Vec<f64>,
    /// Per outcome, read from `values`: value, trial-to-paid share (0 when not a trial), paid
    /// value, and queue mode's extra talk seconds on a call that ends in it.
    pub value_usd: Vec<f64>,
    pub trial_to_paid: Vec<f64>,
    pub paid_value_usd: Vec<f64>,
    pub extra_handle_seconds: Vec<f64>,
    /// Per outcome: the share the programme caused, and the subscription terms of the outcome
    /// and of its paid conversion (None: the value is booked and paid at the call).
    pub incremental_share: Vec<f64>,
    pub terms: Vec<Option<Terms>>,
    pub paid_terms: Vec<Option<Terms>>,
    /// The monthly discount factor, (1 + r)^(-1/12).
    pub monthly_discount: f64,
    /// Per commission rule: dollars per outcome, and share of the outcome's value.
    pub commission_usd: Vec<f64>,
    pub commission_share: Vec<f64>,
    /// Contest points per outcome.
    pub points: Vec<f64>,
    /// Per agent: success rate without the plan's behaviour (the `improvement` baseline).
    pub base_success_rate: Vec<f64>,
    /// Share of handled calls that receive an offer (the plan's offer share, else the queue's
    /// attempt share, else none).
    pub attempt_share: f64,
    /// Where the offers go: to receptive callers first (`scenario/offers.rs`).
    pub offers: OfferSplit,
    /// Per agent, per outcome (row-major), only when some outcome is `per_offer`: a per-offer
    /// outcome's probability on an offered call per unit of acceptance (0 for the others).
    pub offer_probability: Vec<f64>,
    /// Per agent: calls per paid hour (before the demand multiplier).
    pub calls_per_hour: Vec<f64>,
    /// Per outcome: the team's probability per handled call this year.
    pub team_probability: Vec<f64>,
    /// Per agent, per outcome (row-major): effective probability per handled call.
    pub probability: Vec<f64>,
    /// Per agent: probability that a handled call ends in no outcome (1 - the row's sum).
    pub no_outcome: Vec<f64>,
    /// The year's demand level (multiplies every agent's volume).
    pub demand_multiplier: f64,
    /// Queue mode: calls arriving per open hour at the center (before the demand multiplier).
    pub queue_calls_per_hour: f64,
    /// True if some agent's probabilities had to be scaled down to sum to 1 this year.
    pub capped: bool,
    /// The year's costs that follow from its inputs alone.
    pub costs: InputCosts,
    /// Every input is fixed, so one fill serves every year; and whether that fill happened.
    all_fixed: bool,
    filled: bool,
}

impl YearDraw {
    pub fn new(s: &Scenario) -> YearDraw {
        let (k, n) = (s.outcomes.len(), s.agents.len());
        YearDraw {
            values: s.inputs.iter().map(|i| i.mean()).collect(),
            value_usd: vec![0.0; k],
            trial_to_paid: vec![0.0; k],
            paid_value_usd: vec![0.0; k],
            extra_handle_seconds: vec![0.0; k],
            incremental_share: vec![1.0; k],
            terms: vec![None; k],
            paid_terms: vec![None; k],
            monthly_discount: 1.0,
            commission_usd: vec![0.0; s.commissions.len()],
            commission_share: vec![0.0; s.commissions.len()],
            points: s.outcomes.iter().map(|o| o.points).collect(),
            base_success_rate: vec![0.0; n],
            attempt_share: 0.0,
            offers: OfferSplit::default(),
            offer_probability: if s.outcomes.iter().any(|o| o.per_offer) {
                vec![0.0; n * k]
            } else {
                Vec::new()
            },
            calls_per_hour: vec![0.0; n],
            team_probability: vec![0.0; k],
            probability: vec![0.0; n * k],
            no_outcome: vec![0.0; n],
            demand_multiplier: 1.0,
            queue_calls_per_hour: 0.0,
            capped: false,
            costs: InputCosts::default(),
            all_fixed: s.inputs.all_fixed(),
            filled: false,
        }
    }

    /// Every input is fixed: every year draws the same parameters.
    pub fn all_fixed(&self) -> bool {
        self.all_fixed
    }

    /// This year's value of a year-level input.
    pub fn value(&self, id: InputId) -> f64 {
        self.values[id.index()]
    }

    /// Draws every year-level input of the table, then what follows from them.
    #[inline]
    pub fn fill(&mut self, s: &Scenario, seed: u64, it: u64) {
        // Checked here, inlined into the year's loop: a fixed scenario fills once per run.
        if !(self.all_fixed && self.filled) {
            self.draw_year(s, seed, it);
        }
    }

    fn draw_year(&mut self, s: &Scenario, seed: u64, it: u64) {
        self.filled = true;
        for input in s.inputs.iter().filter(|i| i.kind == Kind::Yearly) {
            self.values[input.id.index()] = input.param.draw(seed, it);
        }
        if s.finance.cash_view {
            self.monthly_discount = monthly_discount(self.value(s.finance.discount_rate_pct));
        }
        for (k, o) in s.outcomes.iter().enumerate() {
            self.value_usd[k] = self.per_occurrence(&o.value);
            self.terms[k] = self.terms_of(&o.value);
            self.incremental_share[k] = self.value(o.incremental_share);
            self.extra_handle_seconds[k] = self.value(o.extra_handle_seconds);
            let conv = o.conversion.as_ref();
            self.trial_to_paid[k] = conv.map_or(0.0, |c| self.value(c.trial_to_paid));
            self.paid_value_usd[k] = conv.map_or(0.0, |c| self.per_occurrence(&c.paid_value));
            self.paid_terms[k] = conv.and_then(|c| self.terms_of(&c.paid_value));
            self.team_probability[k] = self.value(o.probability);
        }
        for (c, rule) in s.commissions.iter().enumerate() {
            self.commission_usd[c] = self.value(rule.usd_per_outcome);
            self.commission_share[c] = self.value(rule.share_of_value);
        }
        let queue_share = s.queue.as_ref().map_or(0.0, |q| q.attempt_share);
        let offer = s.behaviour.offer_share;
        self.attempt_share = offer.map_or(queue_share, |id| self.value(id));
        let receptive = s.behaviour.receptive.as_ref().map(|r| {
            let v = |id| self.value(id);
            (v(r.share), v(r.receptive_acceptance), v(r.other_acceptance))
        });
        self.offers = OfferSplit::new(self.attempt_share, receptive);
        self.demand_multiplier = self.value(s.demand_multiplier);
        self.fill_agents(s, seed, it);
        self.costs = InputCosts::of(s, self);
    }

    /// This year's value booked per occurrence.
    fn per_occurrence(&self, v: &Value) -> f64 {
        v.per_occurrence(|id| self.value(id), self.monthly_discount)
    }

    fn terms_of(&self, v: &Value) -> Option<Terms> {
        match v {
            Value::Usd(_) => None,
            Value::Subscriber(sub) => Some(sub.terms(|id| self.value(id))),
        }
    }

    fn fill_agents(&mut self, s: &Scenario, seed: u64, it: u64) {
        let k = s.outcomes.len();
        let team_rate = s.calls_per_agent_hour.map_or(0.0, |id| self.value(id));
        if let Some(q) = &s.queue {
            self.queue_calls_per_hour = match q.calls_per_hour {
                Some(id) => self.value(id),
                None => q.calls_per_open_hour(team_rate, &s.horizon),
            };
        }
        self.capped = false;
        let behaviour = self.value(s.behaviour.rate_multiplier);
        let skill = s.input(s.team.skill_multiplier);
        let per_offer = !self.offer_probability.is_empty();
        // A per-offer outcome's probability per handled call is `probability` x the share of
        // calls that are accepted offers; on an offered call it is `probability` x acceptance.
        let (accept, peak_accept) = (self.offers.per_call(), self.offers.peak_acceptance());
        for (a, agent) in s.agents.iter().enumerate() {
            self.calls_per_hour[a] = match agent.calls_per_week {
                Some(w) => self.value(w) / s.horizon.paid_hours_per_week,
                None => team_rate,
            };
            let skill = skill.param.draw_for(seed, it, a as u64);
            let row = &mut self.probability[a * k..(a + 1) * k];
            let mut without_plan = 0.0;
            // Per call kind: the outcomes of a call without an offer, and the per-offer ones.
            let (mut plain, mut offered) = (0.0, 0.0);
            for (j, p) in row.iter_mut().enumerate() {
                let base =
                    agent.rates[j].map_or(self.team_probability[j], |r| self.values[r.index()]);
                let raw = (base * skill * behaviour).min(1.0);
                if s.outcomes[j].per_offer {
                    without_plan += (base * skill).min(1.0) * accept;
                    self.offer_probability[a * k + j] = raw;
                    offered += raw;
                    *p = raw * accept;
                } else {
                    without_plan += (base * skill).min(1.0);
                    plain += raw;
                    *p = raw;
                }
            }
            self.base_success_rate[a] = without_plan.min(1.0);
            // A skilled agent or an unlucky draw can push the sum past 1 (on the call kind with
            // the most outcomes, when some are per offer): scale down and flag it.
            let sum: f64 = row.iter().sum();
            let peak = if per_offer {
                plain + peak_accept * offered
            } else {
                sum
            };
            if peak > 1.0 {
                row.iter_mut().for_each(|p| *p /= peak);
                if per_offer {
                    let offer_row = &mut self.offer_probability[a * k..(a + 1) * k];
                    offer_row.iter_mut().for_each(|p| *p /= peak);
                }
                self.capped = true;
            }
            self.no_outcome[a] = (1.0 - sum / peak.max(1.0)).max(0.0);
        }
    }

    /// Queue mode: the probability that agent `a`'s handled call ends in outcome `j`, given
    /// the kind of call: 0 no offer, 1 an offer to a receptive caller, 2 to another caller.
    pub fn given_offer(&self, s: &Scenario, a: usize, j: usize, kind: usize) -> f64 {
        let k = s.outcomes.len();
        if !s.outcomes[j].per_offer {
            return self.probability[a * k + j];
        }
        let p = self.offer_probability[a * k + j];
        match kind {
            0 => 0.0,
            1 => p * self.offers.receptive_acceptance,
            _ => p * self.offers.other_acceptance,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::parse;

    /// Every year-level input of the file as a uniform with its own range.
    const UNIFORMS: &str = r#"
[team]
agents = 3
wage_per_hour_usd = { dist = "uniform", min = 10, max = 20 }
benefits_load_pct = { dist = "uniform", min = 20, max = 30 }
overhead_per_agent_year_usd = { dist = "uniform", min = 1000, max = 3000 }
training_cost_per_agent_usd = { dist = "uniform", min = 100, max = 200 }
[demand]
calls_per_agent_hour = { dist = "uniform", min = 4, max = 6 }
demand_multiplier = { dist = "uniform", min = 0.8, max = 1.2 }
[[outcomes]]
name = "save"
probability = { dist = "uniform", min = 0.05, max = 0.15 }
value_usd = { dist = "uniform", min = 30, max = 40 }
trial_to_paid = { dist = "uniform", min = 0.1, max = 0.3 }
paid_value_usd = { dist = "uniform", min = 20, max = 60 }
[incentives]
base_wage_change_per_hour_usd = { dist = "uniform", min = -1, max = 1 }
training_hours_per_agent = { dist = "uniform", min = 2, max = 6 }
programme_cost_usd = { dist = "uniform", min = 0, max = 1000 }
[incentives.behaviour]
rate_multiplier = { dist = "uniform", min = 1.0, max = 1.2 }
offer_share = { dist = "uniform", min = 0.2, max = 0.4 }
annoyed_share = { dist = "uniform", min = 0.0, max = 0.02 }
churn_cost_usd = { dist = "uniform", min = 10, max = 50 }
[[incentives.commission]]
outcome = "save"
usd_per_outcome = { dist = "uniform", min = 1, max = 3 }
share_of_value = { dist = "uniform", min = 0.0, max = 0.1 }
"#;

    #[test]
    fn every_year_level_input_is_drawn_from_the_table() {
        // The mean and variance of each input's yearly value over 4,000 years are within 4 s.e.
        // of its uniform's as the file writes it: midpoint and w^2/12, s.e. w / sqrt(12 n) and
        // w^2 sqrt((1/80 - 1/144) / n) (a uniform's fourth central moment is w^4 / 80).
        let s = parse(UNIFORMS, "u.toml", "u").unwrap();
        let doc = toml::Value::Table(UNIFORMS.parse().unwrap());
        let mut d = YearDraw::new(&s);
        assert!(!d.all_fixed());
        let n = 4000;
        let yearly: Vec<_> = s.inputs.iter().filter(|i| i.kind == Kind::Yearly).collect();
        let mut draws = vec![Vec::new(); yearly.len()];
        for it in 0..n {
            d.fill(&s, 3, it);
            for (x, i) in draws.iter_mut().zip(&yearly) {
                x.push(d.value(i.id));
            }
        }
        let mut uncertain = 0;
        for (x, i) in draws.iter().zip(&yearly) {
            let parts: Vec<&str> = i.path.split('.').collect();
            let Some((lo, hi)) = uniform_in(&doc, &parts) else {
                assert!(
                    i.dist().is_fixed(),
                    "{} is not in the file yet varies",
                    i.path
                );
                continue;
            };
            uncertain += 1;
            let (w, nf) = (hi - lo, n as f64);
            let mean = x.iter().sum::<f64>() / nf;
            let var = x.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / nf;
            let se = w / (12.0 * nf).sqrt();
            assert!(
                (mean - (lo + hi) / 2.0).abs() < 4.0 * se,
                "{}: mean {mean}",
                i.path
            );
            let se = w * w * ((1.0 / 80.0 - 1.0 / 144.0) / nf).sqrt();
            assert!(
                (var - w * w / 12.0).abs() < 4.0 * se,
                "{}: variance {var}",
                i.path
            );
        }
        assert_eq!(uncertain, 19, "every uniform of the file is a yearly input");
    }

    /// The (min, max) of the uniform the file writes at `path`, if any.
    fn uniform_in(v: &toml::Value, path: &[&str]) -> Option<(f64, f64)> {
        let Some((part, rest)) = path.split_first() else {
            let num = |k: &str| {
                let x = v.get(k)?;
                x.as_float().or(x.as_integer().map(|i| i as f64))
            };
            return Some((num("min")?, num("max")?));
        };
        let (key, index) = match part.split_once('[') {
            Some((k, i)) => (k, i.trim_end_matches(']').parse::<usize>().ok()),
            None => (*part, None),
        };
        let mut next = v.get(key)?;
        if let Some(i) = index {
            next = next.get(i)?;
        }
        uniform_in(next, rest)
    }

    #[test]
    fn a_fixed_scenario_fills_once_and_repeats() {
        let s = parse(UNIFORMS, "u.toml", "u").unwrap();
        let pins: Vec<_> = s
            .inputs
            .iter()
            .filter(|i| i.kind == Kind::Yearly)
            .map(|i| (i.id, i.mean()))
            .collect();
        let fixed = s.with_inputs(&pins).unwrap();
        let mut d = YearDraw::new(&fixed);
        assert!(d.all_fixed());
        d.fill(&fixed, 1, 0);
        let wage = d.value(fixed.team.wage_per_hour_usd);
        assert_eq!(wage, 15.0);
        d.fill(&fixed, 1, 99);
        assert_eq!(d.value(fixed.team.wage_per_hour_usd), wage);
    }

    #[test]
    fn per_offer_outcomes_are_per_accepted_offer_and_capped_on_an_offered_call() {
        // A save (0.4 per call) and a per-offer up-sell (0.4 per offer), offers on half the
        // calls, no receptive share. A skill of 1.5 makes 0.6 and 0.6: an offered call would
        // end in an outcome with probability 1.2, so both are scaled by 1 / 1.2: the save to 0.5
        // per call, the up-sell to 0.5 per offer, 0.25 per handled call; no outcome on 0.25.
        let text = r#"
[team]
agents = 1
skill_multiplier = 1.5
[demand]
calls_per_agent_hour = 1
[[outcomes]]
name = "save"
probability = 0.4
value_usd = 1
[[outcomes]]
name = "upsell"
probability = 0.4
value_usd = 1
per_offer = true
[incentives.behaviour]
offer_share = 0.5
"#;
        let s = parse(text, "t.toml", "t").unwrap();
        let mut d = YearDraw::new(&s);
        d.fill(&s, 0, 0);
        let near = |a: f64, b: f64| (a - b).abs() < 1e-12;
        assert!(near(d.probability[0], 0.5) && near(d.probability[1], 0.25));
        assert!(near(d.offer_probability[1], 0.5) && d.offer_probability[0] == 0.0);
        assert!(near(d.no_outcome[0], 0.25) && d.capped);
        // Per kind of call: no offer, no up-sell; an offer (every one "other" here) at 0.5.
        assert!(near(d.given_offer(&s, 0, 1, 0), 0.0) && near(d.given_offer(&s, 0, 1, 2), 0.5));
        assert!(near(d.given_offer(&s, 0, 0, 0), 0.5) && near(d.given_offer(&s, 0, 0, 2), 0.5));
    }

    #[test]
    fn probabilities_past_one_are_scaled_down_and_flagged() {
        // Team rates 0.6 and 0.3 times a skill of 1.5 make 0.9 and 0.45 (sum 1.35): scaled to
        // 0.9 / 1.35 = 2/3 and 1/3, no call without an outcome, and the year is flagged. A roster
        // agent's own volume of 80 calls a week over 40 paid hours is 2 calls per hour.
        let text = r#"
[team]
skill_multiplier = 1.5
[[outcomes]]
name = "a"
probability = 0.6
value_usd = 1
[[outcomes]]
name = "b"
probability = 0.3
value_usd = 1
[[roster]]
name = "Ann"
calls_per_week = 80
"#;
        let s = parse(text, "t.toml", "t").unwrap();
        let mut d = YearDraw::new(&s);
        d.fill(&s, 0, 0);
        assert!((d.probability[0] - 2.0 / 3.0).abs() < 1e-12);
        assert!((d.probability[1] - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(d.no_outcome[0], 0.0);
        assert!(d.capped);
        assert_eq!(d.calls_per_hour[0], 2.0);
        assert!((d.base_success_rate[0] - 1.0).abs() < 1e-12);
    }
}
