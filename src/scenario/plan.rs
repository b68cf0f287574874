//! Validation of the `[incentives]` section: the contest, commissions, the team bonus, the plan's
//! own costs and what it changes in behaviour.

use super::file::{BehaviourFile, CommissionFile, ContestFile, IncentivesFile, TeamBonusFile};
use super::inputs::{Range, Registry, label};
use super::roster::unknown_outcome;
use super::{Behaviour, Commission, InputId, Outcome, PlanCosts};
use crate::distributions::ParamSpec;
use crate::error::FieldError;
use crate::incentives::{CommissionRule, Contest, TeamBonus};

pub struct Plan {
    pub contest: Option<Contest>,
    pub commissions: Vec<Commission>,
    pub team_bonus: Option<TeamBonus>,
    pub costs: PlanCosts,
    pub behaviour: Behaviour,
}

pub fn plan(
    raw: &IncentivesFile,
    outcomes: &[Outcome],
    reg: &mut Registry,
) -> Result<Plan, FieldError> {
    let mut or = |spec: &Option<ParamSpec>, default: f64, path: &str, prefix: &str, range| {
        let field = path.rsplit('.').next().unwrap_or(path);
        let spec = spec.clone().unwrap_or(ParamSpec::Number(default));
        reg.uncertain(&spec, (path, label(prefix, field)), range, false)
    };
    let costs = PlanCosts {
        base_wage_change_per_hour_usd: or(
            &raw.base_wage_change_per_hour_usd,
            0.0,
            "incentives.base_wage_change_per_hour_usd",
            "Plan",
            Range::Any,
        )?,
        training_hours_per_agent: or(
            &raw.training_hours_per_agent,
            0.0,
            "incentives.training_hours_per_agent",
            "Plan",
            Range::NonNegative,
        )?,
        programme_cost_usd: or(
            &raw.programme_cost_usd,
            0.0,
            "incentives.programme_cost_usd",
            "Plan",
            Range::NonNegative,
        )?,
    };
    let none = BehaviourFile::default();
    let b = raw.behaviour.as_ref().unwrap_or(&none);
    let at = "incentives.behaviour";
    let rate_multiplier = or(
        &b.rate_multiplier,
        1.0,
        &format!("{at}.rate_multiplier"),
        "Plan behaviour",
        Range::NonNegative,
    )?;
    let offer_share = match &b.offer_share {
        Some(s) => Some(or(
            &Some(s.clone()),
            0.0,
            &format!("{at}.offer_share"),
            "Plan behaviour",
            Range::Probability,
        )?),
        None => None,
    };
    let annoyed_share = or(
        &b.annoyed_share,
        0.0,
        &format!("{at}.annoyed_share"),
        "Plan behaviour",
        Range::Probability,
    )?;
    let churn_cost_usd = or(
        &b.churn_cost_usd,
        0.0,
        &format!("{at}.churn_cost_usd"),
        "Plan behaviour",
        Range::NonNegative,
    )?;
    let behaviour = Behaviour {
        rate_multiplier,
        offer_share,
        annoyed_share,
        churn_cost_usd,
        receptive: super::offers::receptive(b, reg)?,
    };
    Ok(Plan {
        contest: raw.contest.as_ref().map(|c| contest(c, reg)).transpose()?,
        commissions: commissions(&raw.commission, outcomes, reg)?,
        team_bonus: raw
            .team_bonus
            .as_ref()
            .map(|b| team_bonus(b, reg))
            .transpose()?,
        costs,
        behaviour,
    })
}

fn contest(c: &ContestFile, reg: &mut Registry) -> Result<Contest, FieldError> {
    let mut prizes_usd = Vec::with_capacity(c.prizes_usd.len());
    for (k, p) in c.prizes_usd.iter().enumerate() {
        let path = format!("incentives.contest.prizes_usd[{k}]");
        let l = format!("Contest prize for rank {} ($)", k + 1);
        prizes_usd.push(reg.setting(*p, (&path, l), false)?);
    }
    let l = "Contest: minimum calls".to_string();
    let min_calls = reg.setting(
        c.min_calls as f64,
        ("incentives.contest.min_calls", l),
        true,
    )?;
    if prizes_usd.is_empty() || prizes_usd.iter().any(|p| !(p.is_finite() && *p >= 0.0)) {
        let fix = "list prizes by rank in dollars, e.g. [100] for winner-takes-all";
        return Err(FieldError::new(
            "incentives.contest.prizes_usd",
            crate::error::list_value(&prizes_usd, "prizes"),
            "needs non-negative amounts",
            fix,
        ));
    }
    if min_calls < 0.0 {
        let fix = "give the fewest calls in a period that let an agent rank, e.g. 50";
        return Err(FieldError::new(
            "incentives.contest.min_calls",
            min_calls,
            "must be 0 or more",
            fix,
        ));
    }
    Ok(Contest {
        period: c.period,
        prizes_usd,
        rank_by: c.rank_by,
        min_calls: min_calls as u64,
    })
}

fn team_bonus(b: &TeamBonusFile, reg: &mut Registry) -> Result<TeamBonus, FieldError> {
    let at = "incentives.team_bonus";
    let usd = reg.setting(
        b.usd,
        (&format!("{at}.usd"), "Team bonus per period ($)".into()),
        false,
    )?;
    let l = "Team bonus: minimum success rate".to_string();
    let min_success_rate = reg.setting(
        b.min_success_rate,
        (&format!("{at}.min_success_rate"), l),
        false,
    )?;
    if !(usd.is_finite() && usd >= 0.0) {
        let fix = "give the bonus per period in dollars, e.g. 500";
        return Err(FieldError::new(
            "incentives.team_bonus.usd",
            usd,
            "must be 0 or more",
            fix,
        ));
    }
    if !(0.0..=1.0).contains(&min_success_rate) {
        let fix = "write the team success rate that earns the bonus, e.g. 0.15";
        return Err(FieldError::new(
            "incentives.team_bonus.min_success_rate",
            min_success_rate,
            "is not a probability in [0, 1]",
            fix,
        ));
    }
    Ok(TeamBonus {
        period: b.period,
        usd,
        min_success_rate,
    })
}

fn commissions(
    raw: &[CommissionFile],
    outcomes: &[Outcome],
    reg: &mut Registry,
) -> Result<Vec<Commission>, FieldError> {
    raw.iter()
        .enumerate()
        .map(|(i, c)| commission(i, c, outcomes, reg))
        .collect()
}

fn commission(
    i: usize,
    c: &CommissionFile,
    outcomes: &[Outcome],
    reg: &mut Registry,
) -> Result<Commission, FieldError> {
    let names: Vec<&str> = outcomes.iter().map(|o| o.name.as_str()).collect();
    let at = format!("incentives.commission[{i}]");
    let Some(outcome) = names.iter().position(|n| *n == c.outcome) else {
        return Err(unknown_outcome(
            &format!("{at}.outcome"),
            &c.outcome,
            &names,
        ));
    };
    if c.usd_per_outcome.is_none() && c.share_of_value.is_none() {
        let fix = "set usd_per_outcome (dollars per occurrence) or share_of_value (e.g. 0.05)";
        return Err(FieldError::new(&at, &c.outcome, "pays nothing", fix));
    }
    let prefix = format!("Commission on {}", outcomes[outcome].label);
    let path = |f: &str| format!("{at}.{f}");
    let quota = reg.setting(
        c.quota as f64,
        (&path("quota"), label(&prefix, "quota")),
        true,
    )?;
    let cap_usd = match c.cap_usd {
        Some(cap) => {
            Some(reg.setting(cap, (&path("cap_usd"), label(&prefix, "cap_usd")), false)?)
        }
        None => None,
    };
    if let Some(cap) = cap_usd.filter(|x| !(x.is_finite() && *x >= 0.0)) {
        let fix = "give the most one agent can earn from this rule per period, in dollars";
        return Err(FieldError::new(
            path("cap_usd"),
            cap,
            "must be 0 or more",
            fix,
        ));
    }
    if quota < 0.0 {
        let fix = "give the occurrences per period that earn nothing, e.g. 5";
        return Err(FieldError::new(
            path("quota"),
            quota,
            "must be 0 or more",
            fix,
        ));
    }
    let zero = ParamSpec::Number(0.0);
    let mut money = |spec: &Option<ParamSpec>, f: &str, range| -> Result<InputId, FieldError> {
        let spec = spec.as_ref().unwrap_or(&zero);
        reg.uncertain(spec, (&path(f), label(&prefix, f)), range, false)
    };
    let usd_per_outcome = money(&c.usd_per_outcome, "usd_per_outcome", Range::NonNegative)?;
    let share_of_value = money(&c.share_of_value, "share_of_value", Range::Probability)?;
    Ok(Commission {
        rule: CommissionRule {
            outcome,
            period: c.period,
            quota: quota as u64,
            cap_usd,
        },
        usd_per_outcome,
        share_of_value,
    })
}
