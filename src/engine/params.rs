//! Level 1: the year's uncertain parameters, drawn once per iteration from each input's own
//! stream (fixed inputs cost nothing). Also turns team rates, roster rates and skill into each
//! agent's effective outcome probabilities.

use crate::scenario::Scenario;

/// The parameter values of one simulated year.
pub struct YearDraw {
    pub demand_multiplier: f64,
    pub wage_per_hour_usd: f64,
    pub benefits_load_pct: f64,
    pub overhead_per_agent_year_usd: f64,
    pub training_cost_per_agent_usd: f64,
    /// Per outcome: value, trial-to-paid share (0 when not a trial) and paid value.
    pub value_usd: Vec<f64>,
    pub trial_to_paid: Vec<f64>,
    pub paid_value_usd: Vec<f64>,
    /// Per commission rule: dollars per outcome, and share of the outcome's value.
    pub commission_usd: Vec<f64>,
    pub commission_share: Vec<f64>,
    /// Contest points per outcome.
    pub points: Vec<f64>,
    /// Per agent: success rate without the plan's behaviour (the `improvement` baseline).
    pub base_success_rate: Vec<f64>,
    /// The plan's own costs.
    pub base_wage_change_per_hour_usd: f64,
    pub training_hours_per_agent: f64,
    pub programme_cost_usd: f64,
    /// Share of handled calls that receive an offer (queue: the attempt share), and of those the
    /// share annoyed enough to churn, and the cost of each.
    pub attempt_share: f64,
    pub annoyed_share: f64,
    pub churn_cost_usd: f64,
    /// Per agent: calls per paid hour (before the demand multiplier).
    pub calls_per_hour: Vec<f64>,
    /// Per outcome: the team's probability per handled call this year.
    pub team_probability: Vec<f64>,
    /// Per agent, per outcome (row-major): effective probability per handled call.
    pub probability: Vec<f64>,
    /// Per agent: probability that a handled call ends in no outcome (1 - the row's sum).
    pub no_outcome: Vec<f64>,
    /// Per outcome, queue mode: extra talk seconds on a call that ends in it.
    pub extra_handle_seconds: Vec<f64>,
    /// Queue mode: calls arriving per open hour at the center (before the demand multiplier).
    pub queue_calls_per_hour: f64,
    /// True if some agent's probabilities had to be scaled down to sum to 1 this year.
    pub capped: bool,
    /// Every input is fixed, so one fill serves every year; and whether that fill happened.
    all_fixed: bool,
    filled: bool,
}

impl YearDraw {
    pub fn new(s: &Scenario) -> YearDraw {
        let (k, n) = (s.outcomes.len(), s.agents.len());
        YearDraw {
            demand_multiplier: 1.0,
            wage_per_hour_usd: 0.0,
            benefits_load_pct: 0.0,
            overhead_per_agent_year_usd: 0.0,
            training_cost_per_agent_usd: 0.0,
            value_usd: vec![0.0; k],
            trial_to_paid: vec![0.0; k],
            paid_value_usd: vec![0.0; k],
            commission_usd: vec![0.0; s.commissions.len()],
            commission_share: vec![0.0; s.commissions.len()],
            points: s.outcomes.iter().map(|o| o.points).collect(),
            base_success_rate: vec![0.0; n],
            base_wage_change_per_hour_usd: 0.0,
            training_hours_per_agent: 0.0,
            programme_cost_usd: 0.0,
            attempt_share: 0.0,
            annoyed_share: 0.0,
            churn_cost_usd: 0.0,
            calls_per_hour: vec![0.0; n],
            team_probability: vec![0.0; k],
            probability: vec![0.0; n * k],
            no_outcome: vec![0.0; n],
            extra_handle_seconds: vec![0.0; k],
            queue_calls_per_hour: 0.0,
            capped: false,
            all_fixed: s.params().iter().all(|p| p.dist.is_fixed()),
            filled: false,
        }
    }

    /// Every input is fixed: every year draws the same parameters.
    pub fn all_fixed(&self) -> bool {
        self.all_fixed
    }

    pub fn fill(&mut self, s: &Scenario, seed: u64, it: u64) {
        if self.all_fixed && self.filled {
            return;
        }
        self.filled = true;
        let t = &s.team;
        self.demand_multiplier = s.demand_multiplier.draw(seed, it);
        self.wage_per_hour_usd = t.wage_per_hour_usd.draw(seed, it);
        self.benefits_load_pct = t.benefits_load_pct.draw(seed, it);
        self.overhead_per_agent_year_usd = t.overhead_per_agent_year_usd.draw(seed, it);
        self.training_cost_per_agent_usd = t.training_cost_per_agent_usd.draw(seed, it);
        for (k, o) in s.outcomes.iter().enumerate() {
            self.value_usd[k] = o.value_usd.draw(seed, it);
            self.extra_handle_seconds[k] = o.extra_handle_seconds.draw(seed, it);
            let conv = o.conversion.as_ref();
            self.trial_to_paid[k] = conv.map_or(0.0, |c| c.trial_to_paid.draw(seed, it));
            self.paid_value_usd[k] = conv.map_or(0.0, |c| c.paid_value_usd.draw(seed, it));
        }
        for (c, rule) in s.commissions.iter().enumerate() {
            self.commission_usd[c] = rule.usd_per_outcome.draw(seed, it);
            self.commission_share[c] = rule.share_of_value.draw(seed, it);
        }
        let (p, b) = (&s.plan_costs, &s.behaviour);
        self.base_wage_change_per_hour_usd = p.base_wage_change_per_hour_usd.draw(seed, it);
        self.training_hours_per_agent = p.training_hours_per_agent.draw(seed, it);
        self.programme_cost_usd = p.programme_cost_usd.draw(seed, it);
        let queue_share = s.queue.as_ref().map_or(0.0, |q| q.attempt_share);
        self.attempt_share = b
            .offer_share
            .as_ref()
            .map_or(queue_share, |p| p.draw(seed, it));
        self.annoyed_share = b.annoyed_share.draw(seed, it);
        self.churn_cost_usd = b.churn_cost_usd.draw(seed, it);
        self.fill_agents(s, seed, it);
    }

    fn fill_agents(&mut self, s: &Scenario, seed: u64, it: u64) {
        let k = s.outcomes.len();
        let team_rate = s
            .calls_per_agent_hour
            .as_ref()
            .map_or(0.0, |p| p.draw(seed, it));
        if let Some(q) = &s.queue {
            let h = &s.horizon;
            let open_per_week = q.open_hours_per_day * f64::from(h.days_per_week);
            self.queue_calls_per_hour = match &q.calls_per_hour {
                Some(p) => p.draw(seed, it),
                None => team_rate * q.demand_agents as f64 * h.paid_hours_per_week / open_per_week,
            };
        }
        for (p, o) in self.team_probability.iter_mut().zip(&s.outcomes) {
            *p = o.probability.draw(seed, it);
        }
        self.capped = false;
        let behaviour = s.behaviour.rate_multiplier.draw(seed, it);
        for (a, agent) in s.agents.iter().enumerate() {
            self.calls_per_hour[a] = match &agent.calls_per_week {
                Some(w) => w.draw(seed, it) / s.horizon.paid_hours_per_week,
                None => team_rate,
            };
            let skill = s.team.skill_multiplier.draw_for(seed, it, a as u64);
            let row = &mut self.probability[a * k..(a + 1) * k];
            let mut without_plan = 0.0;
            for (j, p) in row.iter_mut().enumerate() {
                let base = agent.rates[j]
                    .as_ref()
                    .map_or(self.team_probability[j], |r| r.draw(seed, it));
                without_plan += (base * skill).min(1.0);
                *p = (base * skill * behaviour).min(1.0);
            }
            self.base_success_rate[a] = without_plan.min(1.0);
            // A skilled agent or an unlucky draw can push the sum past 1: scale down and flag it.
            let sum: f64 = row.iter().sum();
            if sum > 1.0 {
                row.iter_mut().for_each(|p| *p /= sum);
                self.capped = true;
            }
            self.no_outcome[a] = (1.0 - sum).max(0.0);
        }
    }
}
