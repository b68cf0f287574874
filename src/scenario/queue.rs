//! Validation of the `[queue]` section (capacity mode "queue").

use super::file::QueueFile;
use super::inputs::{Range, Registry, label};
use super::{Agent, Horizon, Queue};
use crate::distributions::{Dist, ParamSpec};
use crate::error::FieldError;

pub fn queue(
    q: &QueueFile,
    h: &Horizon,
    agents: &[Agent],
    reg: &mut Registry,
) -> Result<Queue, FieldError> {
    if let Some(i) = agents.iter().position(|a| a.calls_per_week.is_some()) {
        let fix = "in queue mode any free agent takes the next call: drop calls_per_week and set \
                   demand.calls_per_agent_hour or queue.calls_per_hour";
        return Err(FieldError::new(
            format!("roster[{i}].calls_per_week"),
            "",
            "cannot be used with [queue]",
            fix,
        ));
    }
    let at = |f: &'static str| (f, label("Queue", f.trim_start_matches("queue.")));
    let open_hours_per_day = reg.setting(
        q.open_hours_per_day
            .unwrap_or(h.paid_hours_per_week / f64::from(h.days_per_week)),
        at("queue.open_hours_per_day"),
        false,
    )?;
    let shrinkage_pct = reg.setting(q.shrinkage_pct, at("queue.shrinkage_pct"), false)?;
    if !(0.25..=24.0).contains(&open_hours_per_day) {
        let fix = "use the hours the center takes calls each open day, e.g. 8";
        return Err(FieldError::new(
            "queue.open_hours_per_day",
            open_hours_per_day,
            "must be 0.25 to 24",
            fix,
        ));
    }
    if !(0.0..100.0).contains(&shrinkage_pct) {
        let fix = "write the share of paid time off the phones in percent, e.g. 30";
        return Err(FieldError::new(
            "queue.shrinkage_pct",
            shrinkage_pct,
            "must be in [0, 100)",
            fix,
        ));
    }
    let handle_seconds = per_call(reg, &q.handle_seconds, at("queue.handle_seconds"))?;
    if handle_seconds.mean() <= 0.0 {
        let fix = "give the mean talk time of a call in seconds, e.g. 300";
        return Err(FieldError::new(
            "queue.handle_seconds",
            &handle_seconds,
            "has mean 0",
            fix,
        ));
    }
    let mut optional = |spec: &Option<ParamSpec>, path: &'static str| {
        let spec = spec.clone().unwrap_or(ParamSpec::Number(0.0));
        per_call(reg, &spec, at(path))
    };
    let after_call_work_seconds =
        optional(&q.after_call_work_seconds, "queue.after_call_work_seconds")?;
    let attempt_seconds = optional(&q.attempt_seconds, "queue.attempt_seconds")?;
    let patience_seconds = match &q.patience_seconds {
        Some(d) => Some(per_call(reg, d, at("queue.patience_seconds"))?),
        None => None,
    };
    let attempt_share = reg.setting(
        q.attempt_share.unwrap_or(0.0),
        at("queue.attempt_share"),
        false,
    )?;
    let service_level_seconds = reg.setting(
        q.service_level_seconds,
        at("queue.service_level_seconds"),
        false,
    )?;
    if !(0.0..=1.0).contains(&attempt_share) {
        let fix = "write the share of handled calls with a save or offer attempt, e.g. 0.6";
        return Err(FieldError::new(
            "queue.attempt_share",
            attempt_share,
            "is not a probability in [0, 1]",
            fix,
        ));
    }
    if !(service_level_seconds.is_finite() && service_level_seconds >= 0.0) {
        let fix = "use the answer-time target in seconds, e.g. 20 for 80/20";
        return Err(FieldError::new(
            "queue.service_level_seconds",
            service_level_seconds,
            "must be 0 or more",
            fix,
        ));
    }
    let slots = open_hours_per_day.ceil() as usize;
    let hour_weights = profile(
        &q.intraday_profile,
        slots,
        "queue.intraday_profile",
        "open hour",
    )?;
    let days = h.days_per_week as usize;
    let day_weights = profile(
        &q.weekday_profile,
        days,
        "queue.weekday_profile",
        "open day",
    )?;
    let calls_per_hour = match &q.calls_per_hour {
        Some(spec) => Some(reg.uncertain(
            spec,
            ("queue.calls_per_hour", "Center calls per open hour".into()),
            Range::NonNegative,
            false,
        )?),
        None => None,
    };
    let out = Queue {
        calls_per_hour,
        demand_agents: agents.len(),
        open_hours_per_day,
        shrinkage_pct,
        handle_seconds,
        after_call_work_seconds,
        patience_seconds,
        attempt_share,
        attempt_seconds,
        service_level_seconds,
        hour_weights,
        day_weights,
        abandon_churn: super::offers::abandon_churn(q, reg)?,
    };
    if out.seats(agents.len(), h) == 0 {
        let fix =
            "add agents or lower queue.shrinkage_pct: at least one agent must be on the phones";
        return Err(FieldError::new(
            "queue.shrinkage_pct",
            shrinkage_pct,
            "leaves no agent on the phones",
            fix,
        ));
    }
    Ok(out)
}

/// A per-call duration: any distribution that cannot draw below 0.
fn per_call(reg: &mut Registry, spec: &ParamSpec, at: (&str, String)) -> Result<Dist, FieldError> {
    let path = at.0.to_string();
    let dist = reg.per_call(spec, at)?;
    let path = path.as_str();
    if dist.support().0 < 0.0 {
        let fix = "use a distribution of durations (lognormal, gamma, exponential, or a truncated normal)";
        return Err(FieldError::new(
            path,
            &dist,
            "can draw negative seconds",
            fix,
        ));
    }
    Ok(dist)
}

/// Weights per slot scaled to mean 1; empty means flat.
fn profile(w: &[f64], slots: usize, path: &str, slot: &str) -> Result<Vec<f64>, FieldError> {
    if w.is_empty() {
        return Ok(vec![1.0; slots]);
    }
    let valid = w.iter().all(|x| x.is_finite() && *x >= 0.0) && w.iter().sum::<f64>() > 0.0;
    if w.len() != slots || !valid {
        let fix = format!("give {slots} non-negative weights, one per {slot}, not all 0");
        return Err(FieldError::new(
            path,
            crate::error::list_value(w, "weights"),
            "has the wrong length or a bad weight",
            &fix,
        ));
    }
    let mean = w.iter().sum::<f64>() / slots as f64;
    Ok(w.iter().map(|x| x / mean).collect())
}
