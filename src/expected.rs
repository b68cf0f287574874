//! The expected-value projection: what the article's spreadsheet does, figure by figure, with
//! every input at its mean and no randomness. It reproduces the field test's figures exactly,
//! and, with `article_figures`, the article's own rounding (revenue per call rounded to the
//! cent before multiplying; dollar totals cut to whole dollars).

use crate::incentives;
use crate::metrics::roi_pct;
use crate::scenario::Scenario;
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

/// Named figures in a fixed order; serialized as a JSON object.
#[derive(Debug, Clone, Default)]
pub struct Figures(pub Vec<(&'static str, Option<f64>)>);

impl Figures {
    pub fn get(&self, name: &str) -> Option<f64> {
        self.0
            .iter()
            .find(|(n, _)| *n == name)
            .and_then(|(_, v)| *v)
    }
    fn push(&mut self, name: &'static str, v: f64) {
        self.0.push((name, Some(v)));
    }
}

impl Serialize for Figures {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let mut map = ser.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// One agent's expected week.
#[derive(Debug, Clone, Serialize)]
pub struct AgentWeek {
    pub name: String,
    pub calls: f64,
    /// Expected occurrences of each outcome, in the scenario's outcome order.
    pub outcomes: Vec<f64>,
    pub successes: f64,
    pub success_rate: f64,
    pub revenue_usd: f64,
    /// Contest score per period (points or success rate), and prize won per period.
    pub contest_score: Option<f64>,
    pub prize_per_period_usd: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Projection {
    pub scenario: String,
    pub name: String,
    pub version: &'static str,
    pub metrics: Figures,
    pub article_figures: Figures,
    pub agents: Vec<AgentWeek>,
    pub notes: Vec<String>,
    /// What each outcome is worth: booked per occurrence, and credited to the programme.
    pub values: Vec<OutcomeValue>,
    /// The headline figure, typed (it is also in `metrics`).
    #[serde(skip)]
    pub profit_per_agent_year: f64,
}

/// One outcome's value at the inputs' means.
#[derive(Debug, Clone, Serialize)]
pub struct OutcomeValue {
    pub outcome: String,
    pub label: String,
    /// Booked per occurrence (a subscription: the expected present value of its payments).
    pub value_usd: f64,
    /// Booked per converted trial, for trials.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paid_value_usd: Option<f64>,
    pub incremental_share: f64,
    /// Credited to the programme per occurrence: (value + trial_to_paid x paid value) x share.
    pub credited_usd: f64,
}

fn outcome_values(s: &Scenario) -> Vec<OutcomeValue> {
    s.outcomes
        .iter()
        .map(|o| OutcomeValue {
            outcome: o.name.clone(),
            label: o.label.clone(),
            value_usd: value_booked(s, &o.value),
            paid_value_usd: o
                .conversion
                .as_ref()
                .map(|c| value_booked(s, &c.paid_value)),
            incremental_share: s.mean(o.incremental_share),
            credited_usd: value_per_outcome(s, o),
        })
        .collect()
}

pub fn project(s: &Scenario) -> Projection {
    let agents = agent_weeks(s);
    let (metrics, article_figures, profit_per_agent_year) = figures(s, &agents);
    Projection {
        profit_per_agent_year,
        scenario: s.id.clone(),
        name: s.name.clone(),
        version: crate::VERSION,
        notes: notes(s, &metrics),
        values: outcome_values(s),
        metrics,
        article_figures,
        agents,
    }
}

fn agent_weeks(s: &Scenario) -> Vec<AgentWeek> {
    let hours = s.horizon.paid_hours_per_week;
    let skill = s.mean(s.team.skill_multiplier) * s.mean(s.behaviour.rate_multiplier);
    let demand = s.mean(s.demand_multiplier);
    let team_rate = s.calls_per_agent_hour.map_or(0.0, |p| s.mean(p));
    let accepted = s.mean_offer_split().per_call();
    let mut weeks: Vec<AgentWeek> = s
        .agents
        .iter()
        .map(|a| {
            let calls = demand * a.calls_per_week.map_or(team_rate * hours, |w| s.mean(w));
            let rate = |j: usize| s.mean(a.rates[j].unwrap_or(s.outcomes[j].probability));
            let outcomes: Vec<f64> = (0..s.outcomes.len())
                .map(|j| match s.outcomes[j].per_offer {
                    true => calls * rate(j) * skill * accepted,
                    false => calls * rate(j) * skill,
                })
                .collect();
            let successes = outcomes.iter().sum();
            let revenue_usd = s
                .outcomes
                .iter()
                .zip(&outcomes)
                .map(|(o, n)| n * value_per_outcome(s, o))
                .sum();
            let success_rate = if calls > 0.0 { successes / calls } else { 0.0 };
            AgentWeek {
                name: a.name.clone(),
                calls,
                outcomes,
                successes,
                success_rate,
                revenue_usd,
                contest_score: None,
                prize_per_period_usd: 0.0,
            }
        })
        .collect();
    run_contest(s, &mut weeks);
    weeks
}

/// Expected value the programme is credited with per occurrence: its value plus, for trials,
/// the expected paid conversion, times the share the programme caused.
fn value_per_outcome(s: &Scenario, o: &crate::scenario::Outcome) -> f64 {
    let paid = o.conversion.as_ref().map_or(0.0, |c| {
        s.mean(c.trial_to_paid) * value_booked(s, &c.paid_value)
    });
    (value_booked(s, &o.value) + paid) * s.mean(o.incremental_share)
}

/// The value booked per occurrence at the inputs' means (for a subscription: the expected
/// present value of its payments, `subscriber::Terms::value_per_save`).
pub fn value_booked(s: &Scenario, v: &crate::scenario::Value) -> f64 {
    let delta = crate::subscriber::monthly_discount(s.mean(s.finance.discount_rate_pct));
    v.per_occurrence(|id| s.mean(id), delta)
}

/// Ranks agents on their expected results in one contest period (a deterministic projection).
fn run_contest(s: &Scenario, weeks: &mut [AgentWeek]) {
    let Some(c) = &s.contest else { return };
    let per_week = f64::from(s.horizon.weeks_per_year) / f64::from(s.periods_per_year());
    let points: Vec<f64> = s.outcomes.iter().map(|o| o.points).collect();
    let scores: Vec<Option<f64>> = weeks
        .iter()
        .map(|w| {
            let pts = incentives::points(w.outcomes.iter().map(|n| n * per_week), &points);
            let base = w.success_rate / s.mean(s.behaviour.rate_multiplier).max(f64::MIN_POSITIVE);
            c.score(w.calls * per_week, pts, w.successes * per_week, base)
        })
        .collect();
    let mut prizes = vec![0.0; weeks.len()];
    incentives::award(&scores, &c.prizes_usd, &mut prizes);
    for (w, (score, prize)) in weeks.iter_mut().zip(scores.into_iter().zip(prizes)) {
        w.contest_score = score;
        w.prize_per_period_usd = prize;
    }
}

/// The projection's figures, the article's rounding of them, and profit per agent-year.
fn figures(s: &Scenario, weeks: &[AgentWeek]) -> (Figures, Figures, f64) {
    let n = s.agents.len() as f64;
    let h = &s.horizon;
    let paid_hours = h.paid_hours_per_year();
    let calls_week: f64 = weeks.iter().map(|w| w.calls).sum();
    let revenue_week: f64 = weeks.iter().map(|w| w.revenue_usd).sum();
    let successes_week: f64 = weeks.iter().map(|w| w.successes).sum();
    let per_call = |x: f64| {
        if calls_week > 0.0 {
            x / calls_week
        } else {
            0.0
        }
    };
    let calls_per_agent_hour = calls_week / (n * h.paid_hours_per_week);
    let revenue_year = revenue_week * f64::from(h.weeks_per_year);
    let cost_year = cost_per_year(s, weeks);
    let mut m = Figures::default();
    m.push("calls_per_agent_hour", calls_per_agent_hour);
    m.push("calls_per_agent_year", calls_per_agent_hour * paid_hours);
    m.push("team_calls_week", calls_week);
    m.push("success_rate", per_call(successes_week));
    m.push("revenue_per_call", per_call(revenue_week));
    m.push(
        "revenue_per_agent_hour",
        revenue_week / (n * h.paid_hours_per_week),
    );
    m.push("revenue_per_agent_year", revenue_year / n);
    m.push("team_revenue_week", revenue_week);
    m.push("team_revenue_year", revenue_year);
    m.push("cost_per_agent_year", cost_year.total / n);
    m.push("incentive_cost_per_agent_year", cost_year.incentives / n);
    let profit = (revenue_year - cost_year.total) / n;
    m.push("profit_per_agent_year", profit);
    m.push("team_profit_year", revenue_year - cost_year.total);
    m.0.push(("roi_pct", roi_pct(revenue_year, cost_year.total)));
    (
        m,
        article_rounding(
            per_call(revenue_week),
            calls_per_agent_hour,
            revenue_week,
            s,
        ),
        profit,
    )
}

struct YearCost {
    total: f64,
    incentives: f64,
}

fn cost_per_year(s: &Scenario, weeks: &[AgentWeek]) -> YearCost {
    let t = &s.team;
    let n = s.agents.len() as f64;
    let labour = n
        * s.mean(t.wage_per_hour_usd)
        * s.horizon.paid_hours_per_year()
        * (1.0 + s.mean(t.benefits_load_pct) / 100.0);
    let fixed = n * (s.mean(t.overhead_per_agent_year_usd) + s.mean(t.training_cost_per_agent_usd));
    let prizes: f64 =
        weeks.iter().map(|w| w.prize_per_period_usd).sum::<f64>() * f64::from(s.periods_per_year());
    let weeks_per_year = f64::from(s.horizon.weeks_per_year);
    let h = &s.horizon;
    // Each rule on each agent's expected count per period (quota and cap applied to it).
    let commissions: f64 = s
        .commissions
        .iter()
        .map(|c| {
            let periods = f64::from(c.rule.period.per_year(h.weeks_per_year, h.days_per_week));
            let o = &s.outcomes[c.rule.outcome];
            let per_agent = |w: &AgentWeek| {
                let count = w.outcomes[c.rule.outcome] * weeks_per_year / periods;
                let eligible = (count - c.rule.quota as f64).max(0.0);
                let amount = eligible
                    * (s.mean(c.usd_per_outcome)
                        + s.mean(c.share_of_value) * value_per_outcome(s, o));
                c.rule.cap_usd.map_or(amount, |cap| amount.min(cap))
            };
            weeks.iter().map(per_agent).sum::<f64>() * periods
        })
        .sum();
    let team_bonus = s.team_bonus.as_ref().map_or(0.0, |b| {
        let calls: f64 = weeks.iter().map(|w| w.calls).sum();
        let successes: f64 = weeks.iter().map(|w| w.successes).sum();
        let rate = if calls > 0.0 { successes / calls } else { 0.0 };
        let periods = f64::from(b.period.per_year(h.weeks_per_year, h.days_per_week));
        if rate >= b.min_success_rate {
            b.usd * periods
        } else {
            0.0
        }
    });
    let p = &s.plan_costs;
    let load = 1.0 + s.mean(t.benefits_load_pct) / 100.0;
    let wage = s.mean(t.wage_per_hour_usd) + s.mean(p.base_wage_change_per_hour_usd);
    let plan = n * s.mean(p.base_wage_change_per_hour_usd) * s.horizon.paid_hours_per_year() * load
        + n * s.mean(p.training_hours_per_agent) * wage * load
        + s.mean(p.programme_cost_usd);
    let b = &s.behaviour;
    // Only offers to callers who did not want one annoy (every offer, without a receptive share).
    let unwanted = s.mean_offer_split().unwanted;
    let calls_per_year: f64 = weeks.iter().map(|w| w.calls).sum::<f64>() * weeks_per_year;
    let annoyance = calls_per_year * unwanted * s.mean(b.annoyed_share) * s.mean(b.churn_cost_usd);
    let incentives = prizes + commissions + team_bonus + plan;
    YearCost {
        total: labour + fixed + incentives + annoyance,
        incentives,
    }
}

/// The article's arithmetic: revenue per call rounded to the cent before multiplying, and
/// dollar totals cut to whole dollars (as its $2,341, $11,044 and $121,732 are).
fn article_rounding(
    revenue_per_call: f64,
    calls_per_agent_hour: f64,
    revenue_week: f64,
    s: &Scenario,
) -> Figures {
    let cents = |x: f64| (x * 100.0).round() / 100.0;
    let dollars = |x: f64| cents(x).floor();
    let rpc = cents(revenue_per_call);
    let per_hour = cents(rpc * calls_per_agent_hour);
    let mut a = Figures::default();
    a.push("revenue_per_call", rpc);
    a.push("revenue_per_agent_hour", per_hour);
    a.push(
        "revenue_per_agent_year",
        dollars(per_hour * s.horizon.paid_hours_per_year()),
    );
    a.push("team_revenue_week", dollars(revenue_week));
    a.push(
        "team_revenue_year",
        dollars(revenue_week) * f64::from(s.horizon.weeks_per_year),
    );
    a
}

fn notes(s: &Scenario, m: &Figures) -> Vec<String> {
    let mut notes = Vec::new();
    if s.queue.is_some() {
        notes.push("queue scenario: this projection answers every call at once (the spreadsheet's assumption), an upper bound; `run` simulates the queue, waits and hang-ups".into());
    }
    if s.agents.iter().any(|a| a.calls_per_week.is_some()) {
        notes.push(format!(
            "the roster's volumes imply {:.2} calls per agent-hour at {} paid hours per agent-week",
            m.get("calls_per_agent_hour").unwrap_or(0.0),
            s.horizon.paid_hours_per_week
        ));
    }
    if s.contest.is_some() {
        notes.push("contest prizes are projected from each agent's expected results; `run` simulates who actually wins".into());
    }
    if !s.correlations.is_empty() {
        notes.push("inputs declared correlated are set to their means here, so the covariance between them is left out; `run` draws them together".into());
    }
    if uncertain_churn(s) {
        notes.push("a subscription's value is convex in its churn: at the mean churn it is below the mean of the values `run` draws, so `run` books more on average".into());
    }
    notes
}

/// Some subscription's churn (or the discount rate) is a distribution, not a number.
fn uncertain_churn(s: &Scenario) -> bool {
    use crate::scenario::Value;
    let values = s.outcomes.iter().flat_map(|o| {
        std::iter::once(&o.value).chain(o.conversion.as_ref().map(|c| &c.paid_value))
    });
    let mut churns = values.filter_map(|v| match v {
        Value::Subscriber(sub) => Some(sub.monthly_churn),
        Value::Usd(_) => None,
    });
    let varies = |id| s.input(id).is_uncertain();
    churns.any(varies) || (s.finance.cash_view && varies(s.finance.discount_rate_pct))
}
