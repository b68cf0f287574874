//! Validation of the `[incentives]` section: the contest, commissions, the team bonus, the plan's
//! own costs and what it changes in behaviour.

use super::file::{BehaviourFile, CommissionFile, ContestFile, IncentivesFile, TeamBonusFile};
use super::validate::{Range, param, unknown_outcome};
use super::{Behaviour, Commission, Outcome, Param, PlanCosts};
use crate::distributions::{Dist, ParamSpec};
use crate::error::FieldError;
use crate::incentives::{CommissionRule, Contest, TeamBonus};

pub struct Plan {
    pub contest: Option<Contest>,
    pub commissions: Vec<Commission>,
    pub team_bonus: Option<TeamBonus>,
    pub costs: PlanCosts,
    pub behaviour: Behaviour,
}

pub fn plan(raw: &IncentivesFile, outcomes: &[Outcome]) -> Result<Plan, FieldError> {
    let or = |spec: &Option<ParamSpec>, default: f64, path: &str, range: Range| match spec {
        Some(s) => param(s, path, range),
        None => Ok(Param::new(path, Dist::fixed(default))),
    };
    let costs = PlanCosts {
        base_wage_change_per_hour_usd: or(
            &raw.base_wage_change_per_hour_usd,
            0.0,
            "incentives.base_wage_change_per_hour_usd",
            Range::Any,
        )?,
        training_hours_per_agent: or(
            &raw.training_hours_per_agent,
            0.0,
            "incentives.training_hours_per_agent",
            Range::NonNegative,
        )?,
        programme_cost_usd: or(
            &raw.programme_cost_usd,
            0.0,
            "incentives.programme_cost_usd",
            Range::NonNegative,
        )?,
    };
    let none = BehaviourFile::default();
    let b = raw.behaviour.as_ref().unwrap_or(&none);
    let at = "incentives.behaviour";
    let behaviour = Behaviour {
        rate_multiplier: or(
            &b.rate_multiplier,
            1.0,
            &format!("{at}.rate_multiplier"),
            Range::NonNegative,
        )?,
        offer_share: match &b.offer_share {
            Some(s) => Some(param(s, &format!("{at}.offer_share"), Range::Probability)?),
            None => None,
        },
        annoyed_share: or(
            &b.annoyed_share,
            0.0,
            &format!("{at}.annoyed_share"),
            Range::Probability,
        )?,
        churn_cost_usd: or(
            &b.churn_cost_usd,
            0.0,
            &format!("{at}.churn_cost_usd"),
            Range::NonNegative,
        )?,
    };
    Ok(Plan {
        contest: raw.contest.as_ref().map(contest).transpose()?,
        commissions: commissions(&raw.commission, outcomes)?,
        team_bonus: raw.team_bonus.as_ref().map(team_bonus).transpose()?,
        costs,
        behaviour,
    })
}

fn contest(c: &ContestFile) -> Result<Contest, FieldError> {
    if c.prizes_usd.is_empty() || c.prizes_usd.iter().any(|p| !(p.is_finite() && *p >= 0.0)) {
        let fix = "list prizes by rank in dollars, e.g. [100] for winner-takes-all";
        return Err(FieldError::new(
            "incentives.contest.prizes_usd",
            format!("{:?}", c.prizes_usd),
            "needs non-negative amounts",
            fix,
        ));
    }
    Ok(Contest {
        period: c.period,
        prizes_usd: c.prizes_usd.clone(),
        rank_by: c.rank_by,
        min_calls: c.min_calls,
    })
}

fn team_bonus(b: &TeamBonusFile) -> Result<TeamBonus, FieldError> {
    if !(b.usd.is_finite() && b.usd >= 0.0) {
        let fix = "give the bonus per period in dollars, e.g. 500";
        return Err(FieldError::new(
            "incentives.team_bonus.usd",
            b.usd,
            "must be 0 or more",
            fix,
        ));
    }
    if !(0.0..=1.0).contains(&b.min_success_rate) {
        let fix = "write the team success rate that earns the bonus, e.g. 0.15";
        return Err(FieldError::new(
            "incentives.team_bonus.min_success_rate",
            b.min_success_rate,
            "is not a probability in [0, 1]",
            fix,
        ));
    }
    Ok(TeamBonus {
        period: b.period,
        usd: b.usd,
        min_success_rate: b.min_success_rate,
    })
}

fn commissions(
    raw: &[CommissionFile],
    outcomes: &[Outcome],
) -> Result<Vec<Commission>, FieldError> {
    let names: Vec<&str> = outcomes.iter().map(|o| o.name.as_str()).collect();
    let one = |(i, c): (usize, &CommissionFile)| {
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
        if let Some(cap) = c.cap_usd.filter(|x| !(x.is_finite() && *x >= 0.0)) {
            let fix = "give the most one agent can earn from this rule per period, in dollars";
            return Err(FieldError::new(
                format!("{at}.cap_usd"),
                cap,
                "must be 0 or more",
                fix,
            ));
        }
        let zero = ParamSpec::Number(0.0);
        Ok(Commission {
            rule: CommissionRule {
                outcome,
                period: c.period,
                quota: c.quota,
                cap_usd: c.cap_usd,
            },
            usd_per_outcome: param(
                c.usd_per_outcome.as_ref().unwrap_or(&zero),
                &format!("{at}.usd_per_outcome"),
                Range::NonNegative,
            )?,
            share_of_value: param(
                c.share_of_value.as_ref().unwrap_or(&zero),
                &format!("{at}.share_of_value"),
                Range::Probability,
            )?,
        })
    };
    raw.iter().enumerate().map(one).collect()
}
