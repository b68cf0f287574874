//! The team's agents: `team.agents` identical team members, or a `[[roster]]` of named agents
//! with their own volumes and rates, each registered in the input table.

use super::file::{RosterAgentFile, ScenarioFile};
use super::inputs::{Range, Registry, label};
use super::{Agent, Outcome};
use crate::error::{FieldError, did_you_mean};

pub(super) fn agents(
    raw: &ScenarioFile,
    outcomes: &[Outcome],
    reg: &mut Registry,
) -> Result<Vec<Agent>, FieldError> {
    if raw.roster.is_empty() {
        let n = raw.team.agents.map_or(0.0, f64::from);
        let n = reg.setting(n, ("team.agents", "Agents".to_string()), true)?;
        if !(1.0..=f64::from(u32::MAX)).contains(&n) {
            let fix = "set team.agents to 1 or more, or list the agents under [[roster]]";
            return Err(FieldError::new("team.agents", n, "no agents", fix));
        }
        let agent = |i: usize| Agent::team_member(i, outcomes.len());
        return Ok((0..n as usize).map(agent).collect());
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
        .map(|(i, a)| roster_agent(i, a, outcomes, reg))
        .collect()
}

fn roster_agent(
    i: usize,
    a: &RosterAgentFile,
    outcomes: &[Outcome],
    reg: &mut Registry,
) -> Result<Agent, FieldError> {
    let at = format!("roster[{i}]");
    let calls_per_week = match &a.calls_per_week {
        Some(spec) => {
            let p = format!("{at}.calls_per_week");
            Some(reg.uncertain(
                spec,
                (&p, label(&a.name, "calls_per_week")),
                Range::NonNegative,
                false,
            )?)
        }
        None => None,
    };
    let mut rates = vec![None; outcomes.len()];
    let names: Vec<&str> = outcomes.iter().map(|o| o.name.as_str()).collect();
    for (name, spec) in &a.rates {
        let p = format!("{at}.rates.{name}");
        let Some(k) = names.iter().position(|n| n == name) else {
            return Err(unknown_outcome(&p, name, &names));
        };
        let l = format!("{}: {} rate", a.name, outcomes[k].label);
        rates[k] = Some(reg.uncertain(spec, (&p, l), Range::Probability, false)?);
    }
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
