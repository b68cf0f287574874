//! Turns the file mirror into a validated `Scenario`. Every check names the field path, the
//! bad value and the fix; the loader attaches the file name.

use super::file::*;
use super::{Agent, Conversion, Horizon, Outcome, Param, Scenario, Simulation, Team};
use crate::distributions::{Dist, ParamSpec, format_number};
use crate::error::{FieldError, did_you_mean};

/// The range a numeric input must stay in, whatever its distribution draws.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Range {
    Any,
    NonNegative,
    Probability,
}

pub(super) fn param(spec: &ParamSpec, path: &str, range: Range) -> Result<Param, FieldError> {
    let dist = Dist::compile(spec, path)?;
    let (lo, hi) = dist.support();
    let (ok, problem, fix) = match range {
        Range::Any => (true, "", ""),
        Range::NonNegative => (lo >= 0.0, "is negative", "use a value of 0 or more"),
        Range::Probability => (
            lo >= 0.0 && hi <= 1.0,
            "is not a probability in [0, 1]",
            "write a share such as 0.13 for 13%, or a beta distribution",
        ),
    };
    if ok {
        return Ok(Param::new(path, dist));
    }
    if dist.is_fixed() {
        return Err(FieldError::new(
            path,
            format_number(dist.mean()),
            problem,
            fix,
        ));
    }
    let problem = format!("{problem} for some draws (it can draw values in [{lo}, {hi}])");
    let fix = "truncate it (normal with min/max) or pick a distribution whose range fits";
    Err(FieldError::new(path, &dist, &problem, fix))
}

pub fn scenario(raw: ScenarioFile, id: &str) -> Result<Scenario, FieldError> {
    let horizon = horizon(&raw.horizon)?;
    let outcomes = outcomes(&raw.outcomes)?;
    let agents = agents(&raw, &outcomes)?;
    let center_rate = raw
        .queue
        .as_ref()
        .is_some_and(|q| q.calls_per_hour.is_some());
    let needs_team_rate = agents.iter().any(|a| a.calls_per_week.is_none()) && !center_rate;
    let calls_per_agent_hour = match (&raw.demand.calls_per_agent_hour, needs_team_rate) {
        (Some(spec), _) => Some(param(
            spec,
            "demand.calls_per_agent_hour",
            Range::NonNegative,
        )?),
        (None, true) => {
            let fix = "add calls_per_agent_hour under [demand], calls_per_week to every roster agent, or calls_per_hour under [queue]";
            return Err(FieldError::new(
                "demand.calls_per_agent_hour",
                "(missing)",
                "is required",
                fix,
            ));
        }
        (None, false) => None,
    };
    let plan = super::plan::plan(&raw.incentives, &outcomes)?;
    let queue = match &raw.queue {
        Some(q) => Some(super::queue::queue(q, &horizon, &agents)?),
        None => None,
    };

    let mut scenario = Scenario {
        id: id.to_string(),
        name: raw.name.clone().unwrap_or_else(|| id.to_string()),
        description: raw.description.trim().to_string(),
        horizon,
        team: team(&raw.team)?,
        calls_per_agent_hour,
        demand_multiplier: param(
            &raw.demand.demand_multiplier,
            "demand.demand_multiplier",
            Range::NonNegative,
        )?,
        outcomes,
        agents,
        contest: plan.contest,
        commissions: plan.commissions,
        team_bonus: plan.team_bonus,
        plan_costs: plan.costs,
        behaviour: plan.behaviour,
        queue,
        simulation: simulation(&raw.simulation)?,
        correlations: Vec::new(),
    };
    scenario.correlations = super::correlations::apply(&raw.correlations, &scenario)?;
    Ok(scenario)
}

fn horizon(h: &HorizonFile) -> Result<Horizon, FieldError> {
    if !(1..=53).contains(&h.weeks_per_year) {
        let fix = "use 52 (or the weeks the team works in a year)";
        return Err(FieldError::new(
            "horizon.weeks_per_year",
            h.weeks_per_year,
            "must be 1 to 53",
            fix,
        ));
    }
    if !(h.paid_hours_per_week > 0.0 && h.paid_hours_per_week <= 168.0) {
        let fix = "use the paid hours of one agent in a week, e.g. 40";
        return Err(FieldError::new(
            "horizon.paid_hours_per_week",
            h.paid_hours_per_week,
            "must be in (0, 168]",
            fix,
        ));
    }
    if !(1..=7).contains(&h.days_per_week) {
        return Err(FieldError::new(
            "horizon.days_per_week",
            h.days_per_week,
            "must be 1 to 7",
            "use 5 for a work week",
        ));
    }
    Ok(Horizon {
        weeks_per_year: h.weeks_per_year,
        paid_hours_per_week: h.paid_hours_per_week,
        days_per_week: h.days_per_week,
    })
}

fn team(t: &TeamFile) -> Result<Team, FieldError> {
    Ok(Team {
        wage_per_hour_usd: param(
            &t.wage_per_hour_usd,
            "team.wage_per_hour_usd",
            Range::NonNegative,
        )?,
        benefits_load_pct: param(
            &t.benefits_load_pct,
            "team.benefits_load_pct",
            Range::NonNegative,
        )?,
        overhead_per_agent_year_usd: param(
            &t.overhead_per_agent_year_usd,
            "team.overhead_per_agent_year_usd",
            Range::NonNegative,
        )?,
        training_cost_per_agent_usd: param(
            &t.training_cost_per_agent_usd,
            "team.training_cost_per_agent_usd",
            Range::NonNegative,
        )?,
        skill_multiplier: param(
            &t.skill_multiplier,
            "team.skill_multiplier",
            Range::NonNegative,
        )?,
    })
}

fn outcomes(raw: &[OutcomeFile]) -> Result<Vec<Outcome>, FieldError> {
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
        if !o.points.is_finite() {
            return Err(FieldError::new(
                format!("{at}.points"),
                o.points,
                "is not finite",
                "write a number",
            ));
        }
        out.push(Outcome {
            name: o.name.clone(),
            label: o.label.clone().unwrap_or_else(|| o.name.replace('_', " ")),
            probability: param(
                &o.probability,
                &format!("{at}.probability"),
                Range::Probability,
            )?,
            value_usd: param(&o.value_usd, &format!("{at}.value_usd"), Range::Any)?,
            conversion: conversion(o, &at)?,
            points: o.points,
            extra_handle_seconds: param(
                o.extra_handle_seconds
                    .as_ref()
                    .unwrap_or(&ParamSpec::Number(0.0)),
                &format!("{at}.extra_handle_seconds"),
                Range::NonNegative,
            )?,
        });
    }
    let team: Vec<Option<&Param>> = vec![None; out.len()];
    check_probability_sum(&out, &team, "outcomes[*].probability")?;
    Ok(out)
}

fn conversion(o: &OutcomeFile, at: &str) -> Result<Option<Conversion>, FieldError> {
    match (&o.trial_to_paid, &o.paid_value_usd) {
        (None, None) => Ok(None),
        (Some(r), Some(v)) => Ok(Some(Conversion {
            trial_to_paid: param(r, &format!("{at}.trial_to_paid"), Range::Probability)?,
            paid_value_usd: param(v, &format!("{at}.paid_value_usd"), Range::NonNegative)?,
        })),
        _ => {
            let fix = "a trial needs both trial_to_paid (share converting) and paid_value_usd";
            Err(FieldError::new(
                at,
                &o.name,
                "has only one of trial_to_paid and paid_value_usd",
                fix,
            ))
        }
    }
}

/// Each handled call ends in at most one outcome, so the mean probabilities must sum to <= 1.
fn check_probability_sum(
    outcomes: &[Outcome],
    own: &[Option<&Param>],
    field: &str,
) -> Result<(), FieldError> {
    let sum: f64 = outcomes
        .iter()
        .zip(own)
        .map(|(o, r)| r.map_or(o.probability.mean(), |p| p.mean()))
        .sum();
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

fn agents(raw: &ScenarioFile, outcomes: &[Outcome]) -> Result<Vec<Agent>, FieldError> {
    if raw.roster.is_empty() {
        let n = raw.team.agents.unwrap_or(0);
        if n == 0 {
            let fix = "set team.agents to 1 or more, or list the agents under [[roster]]";
            return Err(FieldError::new("team.agents", n, "no agents", fix));
        }
        let agent = |i: u32| Agent::team_member(i as usize, outcomes.len());
        return Ok((0..n).map(agent).collect());
    }
    if let Some(n) = raw.team.agents.filter(|n| *n as usize != raw.roster.len()) {
        let fix = format!(
            "set team.agents = {} or remove it (the roster sets the team)",
            raw.roster.len()
        );
        return Err(FieldError::new(
            "team.agents",
            n,
            "differs from the number of [[roster]] agents",
            &fix,
        ));
    }
    raw.roster
        .iter()
        .enumerate()
        .map(|(i, a)| roster_agent(i, a, outcomes))
        .collect()
}

fn roster_agent(i: usize, a: &RosterAgentFile, outcomes: &[Outcome]) -> Result<Agent, FieldError> {
    let at = format!("roster[{i}]");
    let calls_per_week = match &a.calls_per_week {
        Some(spec) => Some(param(
            spec,
            &format!("{at}.calls_per_week"),
            Range::NonNegative,
        )?),
        None => None,
    };
    let mut rates = vec![None; outcomes.len()];
    let names: Vec<&str> = outcomes.iter().map(|o| o.name.as_str()).collect();
    for (name, spec) in &a.rates {
        let Some(k) = names.iter().position(|n| n == name) else {
            return Err(unknown_outcome(&format!("{at}.rates.{name}"), name, &names));
        };
        rates[k] = Some(param(
            spec,
            &format!("{at}.rates.{name}"),
            Range::Probability,
        )?);
    }
    check_probability_sum(
        outcomes,
        &rates.iter().map(Option::as_ref).collect::<Vec<_>>(),
        &format!("{at}.rates"),
    )?;
    Ok(Agent {
        name: a.name.clone(),
        calls_per_week,
        rates,
    })
}

pub(super) fn unknown_outcome(field: &str, name: &str, names: &[&str]) -> FieldError {
    let fix = match did_you_mean(name, names) {
        Some(s) => format!("did you mean `{s}`? outcomes are: {}", names.join(", ")),
        None => format!("use one of the outcome names: {}", names.join(", ")),
    };
    FieldError::new(field, name, "is not an outcome of this scenario", &fix)
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
