//! Turns the file mirror into a validated `Scenario`. Every check names the field path, the
//! bad value and the fix; the loader attaches the file name.

use super::file::*;
use super::inputs::{Overrides, Range, Registry, label};
use super::{Agent, Conversion, Horizon, InputId, Outcome, Scenario, Simulation, Team};
use crate::distributions::{ParamSpec, format_number};
use crate::error::FieldError;
use std::sync::Arc;

/// Validates the file with `overrides` pinned over its values, registering every input.
pub fn scenario(
    raw: Arc<ScenarioFile>,
    id: &str,
    overrides: Overrides,
) -> Result<Scenario, FieldError> {
    let mut reg = Registry::new(&overrides);
    let horizon = horizon(&raw.horizon, &mut reg)?;
    let team = team(&raw.team, &mut reg)?;
    let outcomes = outcomes(&raw.outcomes, &mut reg)?;
    let agents = super::roster::agents(&raw, &outcomes, &mut reg)?;
    let calls_per_agent_hour = team_rate(&raw, &agents, &mut reg)?;
    let demand_multiplier = reg.uncertain(
        &raw.demand.demand_multiplier,
        ("demand.demand_multiplier", label("", "demand_multiplier")),
        Range::NonNegative,
        false,
    )?;
    let plan = super::plan::plan(&raw.incentives, &outcomes, &mut reg)?;
    let queue = match &raw.queue {
        Some(q) => Some(super::queue::queue(q, &horizon, &agents, &mut reg)?),
        None => None,
    };
    super::offers::check_offer_share(&raw, &outcomes)?;
    let simulation = simulation(&raw.simulation)?;
    let finance = super::finance::finance(&raw, &outcomes, &mut reg)?;
    let inputs = reg.finish()?;
    let mut scenario = Scenario {
        id: id.to_string(),
        name: raw.name.clone().unwrap_or_else(|| id.to_string()),
        description: raw.description.trim().to_string(),
        horizon,
        team,
        calls_per_agent_hour,
        demand_multiplier,
        outcomes,
        agents,
        contest: plan.contest,
        commissions: plan.commissions,
        team_bonus: plan.team_bonus,
        plan_costs: plan.costs,
        behaviour: plan.behaviour,
        queue,
        simulation,
        finance,
        correlations: Vec::new(),
        inputs,
        source: Arc::clone(&raw),
        overrides: overrides.clone(),
    };
    check_probability_sums(&scenario)?;
    // A pinned input is a number, and numbers are not correlated.
    let declared: Vec<&CorrelationFile> = raw
        .correlations
        .iter()
        .filter(|c| !c.between.iter().any(|p| overrides.contains_key(p)))
        .collect();
    scenario.correlations = super::correlations::apply(&declared, &scenario)?;
    Ok(scenario)
}

/// Calls per agent-hour: required when some agent has no volume of their own and the queue
/// sets no center-level rate.
fn team_rate(
    raw: &ScenarioFile,
    agents: &[Agent],
    reg: &mut Registry,
) -> Result<Option<InputId>, FieldError> {
    let center_rate = raw
        .queue
        .as_ref()
        .is_some_and(|q| q.calls_per_hour.is_some());
    let needs_team_rate = agents.iter().any(|a| a.calls_per_week.is_none()) && !center_rate;
    match (&raw.demand.calls_per_agent_hour, needs_team_rate) {
        (Some(spec), _) => Ok(Some(reg.uncertain(
            spec,
            (
                "demand.calls_per_agent_hour",
                label("", "calls_per_agent_hour"),
            ),
            Range::NonNegative,
            false,
        )?)),
        (None, true) => {
            let fix = "add calls_per_agent_hour under [demand], calls_per_week to every roster agent, or calls_per_hour under [queue]";
            Err(FieldError::new(
                "demand.calls_per_agent_hour",
                "(missing)",
                "is required",
                fix,
            ))
        }
        (None, false) => Ok(None),
    }
}

fn horizon(h: &HorizonFile, reg: &mut Registry) -> Result<Horizon, FieldError> {
    let at = |f: &'static str| (f, label("", f.trim_start_matches("horizon.")));
    let weeks = reg.setting(
        f64::from(h.weeks_per_year),
        at("horizon.weeks_per_year"),
        true,
    )?;
    if !(1.0..=53.0).contains(&weeks) {
        let fix = "use 52 (or the weeks the team works in a year)";
        return Err(FieldError::new(
            "horizon.weeks_per_year",
            weeks,
            "must be 1 to 53",
            fix,
        ));
    }
    let hours = reg.setting(
        h.paid_hours_per_week,
        at("horizon.paid_hours_per_week"),
        false,
    )?;
    if !(1.0..=168.0).contains(&hours) {
        let fix = "use the paid hours of one agent in a week, e.g. 40";
        return Err(FieldError::new(
            "horizon.paid_hours_per_week",
            hours,
            "must be 1 to 168",
            fix,
        ));
    }
    let days = reg.setting(
        f64::from(h.days_per_week),
        at("horizon.days_per_week"),
        true,
    )?;
    if !(1.0..=7.0).contains(&days) {
        return Err(FieldError::new(
            "horizon.days_per_week",
            days,
            "must be 1 to 7",
            "use 5 for a work week",
        ));
    }
    Ok(Horizon {
        weeks_per_year: weeks as u32,
        paid_hours_per_week: hours,
        days_per_week: days as u32,
    })
}

fn team(t: &TeamFile, reg: &mut Registry) -> Result<Team, FieldError> {
    let mut one = |spec: &ParamSpec, field: &str, per_agent: bool| {
        let path = format!("team.{field}");
        let name = if per_agent {
            "agent_skill_multiplier"
        } else {
            field
        };
        reg.uncertain(
            spec,
            (&path, label("", name)),
            Range::NonNegative,
            per_agent,
        )
    };
    Ok(Team {
        wage_per_hour_usd: one(&t.wage_per_hour_usd, "wage_per_hour_usd", false)?,
        benefits_load_pct: one(&t.benefits_load_pct, "benefits_load_pct", false)?,
        overhead_per_agent_year_usd: one(
            &t.overhead_per_agent_year_usd,
            "overhead_per_agent_year_usd",
            false,
        )?,
        training_cost_per_agent_usd: one(
            &t.training_cost_per_agent_usd,
            "training_cost_per_agent_usd",
            false,
        )?,
        skill_multiplier: one(&t.skill_multiplier, "skill_multiplier", true)?,
    })
}

fn outcomes(raw: &[OutcomeFile], reg: &mut Registry) -> Result<Vec<Outcome>, FieldError> {
    if raw.is_empty() {
        let fix = "add at least one [[outcomes]] table (a save or an up-sell)";
        return Err(FieldError::new("outcomes", "[]", "is empty", fix));
    }
    let mut out: Vec<Outcome> = Vec::with_capacity(raw.len());
    for (i, o) in raw.iter().enumerate() {
        let at = format!("outcomes[{i}]");
        if o.name.trim().is_empty() || out.iter().any(|p| p.name == o.name) {
            let fix = "give every outcome its own non-empty name";
            return Err(FieldError::new(
                format!("{at}.name"),
                &o.name,
                "is empty or repeated",
                fix,
            ));
        }
        let name = o.label.clone().unwrap_or_else(|| o.name.replace('_', " "));
        out.push(outcome(o, &at, name, reg)?);
    }
    Ok(out)
}

fn outcome(
    o: &OutcomeFile,
    at: &str,
    name: String,
    reg: &mut Registry,
) -> Result<Outcome, FieldError> {
    let field = |f: &str| (format!("{at}.{f}"), label(&name, f));
    let (p, l) = field("probability");
    let probability = reg.uncertain(&o.probability, (&p, l), Range::Probability, false)?;
    let value = super::finance::value(
        (o.value_usd.as_ref(), o.subscriber.as_ref()),
        (at, "value_usd", "subscriber"),
        &name,
        reg,
    )?;
    let conversion = conversion(o, at, &name, reg)?;
    let (p, l) = field("incremental_share");
    let one = ParamSpec::Number(1.0);
    let share = o.incremental_share.as_ref().unwrap_or(&one);
    let incremental_share = reg.uncertain(share, (&p, l), Range::Probability, false)?;
    let p = format!("{at}.points");
    let points = reg.setting(o.points, (&p, format!("{name}: contest points")), false)?;
    let p = format!("{at}.extra_handle_seconds");
    let extra = o
        .extra_handle_seconds
        .as_ref()
        .unwrap_or(&ParamSpec::Number(0.0));
    let l = format!("{name}: extra talk time (s)");
    let extra_handle_seconds = reg.uncertain(extra, (&p, l), Range::NonNegative, false)?;
    Ok(Outcome {
        name: o.name.clone(),
        label: name,
        probability,
        value,
        incremental_share,
        conversion,
        points,
        extra_handle_seconds,
        per_offer: o.per_offer,
    })
}

fn conversion(
    o: &OutcomeFile,
    at: &str,
    name: &str,
    reg: &mut Registry,
) -> Result<Option<Conversion>, FieldError> {
    let paid = o.paid_value_usd.is_some() || o.paid_subscriber.is_some();
    match (&o.trial_to_paid, paid) {
        (None, false) => Ok(None),
        (Some(r), true) => {
            let p = format!("{at}.trial_to_paid");
            let trial_to_paid = reg.uncertain(
                r,
                (&p, label(name, "trial_to_paid")),
                Range::Probability,
                false,
            )?;
            let paid_value = super::finance::value(
                (o.paid_value_usd.as_ref(), o.paid_subscriber.as_ref()),
                (at, "paid_value_usd", "paid_subscriber"),
                name,
                reg,
            )?;
            Ok(Some(Conversion {
                trial_to_paid,
                paid_value,
            }))
        }
        _ => {
            let fix = "a trial needs both trial_to_paid (share converting) and paid_value_usd (or [outcomes.paid_subscriber])";
            Err(FieldError::new(
                at,
                &o.name,
                "has only one of trial_to_paid and a paid value",
                fix,
            ))
        }
    }
}

/// Each handled call ends in at most one outcome, so the mean probabilities must sum to <= 1,
/// for the team's rates and for each roster agent's.
fn check_probability_sums(s: &Scenario) -> Result<(), FieldError> {
    let per_offer = s.outcomes.iter().any(|o| o.per_offer);
    let team = s.outcomes.iter().map(|o| s.mean(o.probability)).sum();
    // Per-offer outcomes count on an offered call, at their acceptance (`offers.rs`).
    let team = match per_offer {
        true => s.mean_probability_peak(&vec![None; s.outcomes.len()]),
        false => team,
    };
    check_sum(team, "outcomes[*].probability")?;
    for (i, a) in s.agents.iter().enumerate() {
        if a.rates.iter().all(Option::is_none) {
            continue;
        }
        let sum = s
            .outcomes
            .iter()
            .zip(&a.rates)
            .map(|(o, r)| s.mean(r.unwrap_or(o.probability)))
            .sum();
        let sum = if per_offer {
            s.mean_probability_peak(&a.rates)
        } else {
            sum
        };
        check_sum(sum, &format!("roster[{i}].rates"))?;
    }
    Ok(())
}

fn check_sum(sum: f64, field: &str) -> Result<(), FieldError> {
    if sum <= 1.0 + 1e-12 {
        return Ok(());
    }
    let problem = "sum above 1 per handled call (each call ends in at most one outcome)";
    Err(FieldError::new(
        field,
        format_number(sum),
        problem,
        "lower the probabilities so they sum to 1 or less",
    ))
}

fn simulation(s: &SimulationFile) -> Result<Simulation, FieldError> {
    if !(1..=super::MAX_ITERATIONS).contains(&s.iterations) {
        let fix = "use 10000 or so (each iteration is one simulated year)";
        return Err(FieldError::new(
            "simulation.iterations",
            s.iterations,
            "must be 1 to 100,000,000",
            fix,
        ));
    }
    Ok(Simulation {
        iterations: s.iterations,
        seed: s.seed,
    })
}
