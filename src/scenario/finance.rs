//! Validation of what an outcome is worth (`value_usd` or `[outcomes.subscriber]`) and of
//! `[finance]` (discount rate, horizon, programme years).

use super::file::{FinanceFile, ScenarioFile, SubscriberFile};
use super::inputs::{Range, Registry, label};
use super::{Finance, InputId, MAX_HORIZON_YEARS, Outcome, Subscriber, Value};
use crate::distributions::{ParamSpec, format_number};
use crate::error::FieldError;

/// An outcome's value: exactly one of a dollar figure (`usd_field`) or a subscription
/// (`table`), both named under `at`.
pub(super) fn value(
    given: (Option<&ParamSpec>, Option<&SubscriberFile>),
    (at, usd_field, table): (&str, &str, &str),
    name: &str,
    reg: &mut Registry,
) -> Result<Value, FieldError> {
    // A paid value (what a converted trial pays) is never negative; an outcome's own value may
    // be (a save that costs more than it keeps).
    let range = if usd_field == "value_usd" {
        Range::Any
    } else {
        Range::NonNegative
    };
    match given {
        (Some(v), None) => {
            let p = format!("{at}.{usd_field}");
            let id = reg.uncertain(v, (&p, label(name, usd_field)), range, false)?;
            Ok(Value::Usd(id))
        }
        (None, Some(sub)) => Ok(Value::Subscriber(subscriber(
            sub,
            &format!("{at}.{table}"),
            name,
            reg,
        )?)),
        (Some(_), Some(_)) => Err(FieldError::new(
            format!("{at}.{usd_field}"),
            "",
            &format!("is given together with [{table}]"),
            &format!("keep one: {usd_field} (a value booked at the call) or the [{table}] table"),
        )),
        (None, None) => Err(FieldError::new(
            format!("{at}.{usd_field}"),
            "",
            "is missing",
            &format!(
                "give {usd_field} (dollars per occurrence) or a [{table}] table with monthly_price_usd and monthly_churn"
            ),
        )),
    }
}

fn subscriber(
    f: &SubscriberFile,
    at: &str,
    name: &str,
    reg: &mut Registry,
) -> Result<Subscriber, FieldError> {
    let mut input = |field: &str, spec: &ParamSpec, range: Range| {
        let p = format!("{at}.{field}");
        reg.uncertain(spec, (&p, label(name, field)), range, false)
    };
    let monthly_price_usd = input(
        "monthly_price_usd",
        &f.monthly_price_usd,
        Range::NonNegative,
    )?;
    let full = ParamSpec::Number(100.0);
    let margin = f.gross_margin_pct.as_ref().unwrap_or(&full);
    let gross_margin_pct = input("gross_margin_pct", margin, Range::NonNegative)?;
    let monthly_churn = input("monthly_churn", &f.monthly_churn, Range::Probability)?;
    let none = ParamSpec::Number(0.0);
    let discount = f.discount_pct.as_ref().unwrap_or(&none);
    let discount_pct = input("discount_pct", discount, Range::NonNegative)?;
    for (field, id) in [
        ("gross_margin_pct", gross_margin_pct),
        ("discount_pct", discount_pct),
    ] {
        at_most_100(reg, id, &format!("{at}.{field}"))?;
    }
    if f.discount_months.is_some() != f.discount_pct.is_some() {
        let (field, fix) = if f.discount_pct.is_none() {
            (
                "discount_months",
                "add discount_pct (the price cut, e.g. 30 for 30% off) or drop discount_months",
            )
        } else {
            (
                "discount_pct",
                "add discount_months (how many payments get the cut) or drop discount_pct",
            )
        };
        return Err(FieldError::new(
            format!("{at}.{field}"),
            "",
            "is given without the other half of the retention offer",
            fix,
        ));
    }
    let months = |field: &str, v: f64, min: f64, reg: &mut Registry| {
        let p = format!("{at}.{field}");
        let v = reg.setting(v, (&p, label(name, field)), true)?;
        if v < min {
            let fix = format!("use a whole number of at least {min}");
            return Err(FieldError::new(&p, format_number(v), "is too small", &fix));
        }
        Ok(v as u32)
    };
    let discount_months = months(
        "discount_months",
        f.discount_months.unwrap_or(0.0),
        0.0,
        reg,
    )?;
    let max_months = match f.max_months {
        Some(m) => Some(months("max_months", m, 1.0, reg)?),
        None => None,
    };
    Ok(Subscriber {
        monthly_price_usd,
        gross_margin_pct,
        monthly_churn,
        discount_pct,
        discount_months,
        max_months,
    })
}

fn at_most_100(reg: &Registry, id: InputId, path: &str) -> Result<(), FieldError> {
    let (_, hi) = reg.support(id);
    if hi <= 100.0 {
        return Ok(());
    }
    let fix = "use a percentage from 0 to 100";
    Err(FieldError::new(
        path,
        format_number(hi),
        "is above 100%",
        fix,
    ))
}

/// `[finance]`, and whether the scenario has a cash view apart from value booked.
pub(super) fn finance(
    raw: &ScenarioFile,
    outcomes: &[Outcome],
    reg: &mut Registry,
) -> Result<Finance, FieldError> {
    let empty = FinanceFile {
        discount_rate_pct: None,
        horizon_years: None,
        programme_years: None,
    };
    let f = raw.finance.as_ref().unwrap_or(&empty);
    let zero = ParamSpec::Number(0.0);
    let rate = f.discount_rate_pct.as_ref().unwrap_or(&zero);
    let p = "finance.discount_rate_pct";
    let discount_rate_pct = reg.uncertain(
        rate,
        (p, label("", "discount_rate_pct")),
        Range::NonNegative,
        false,
    )?;
    let mut years = |field: &str, v: f64, max: u32| {
        let p = format!("finance.{field}");
        let v = reg.setting(v, (&p, label("", field)), true)?;
        if v < 1.0 || v > f64::from(max) {
            let fix = format!("use a whole number of years from 1 to {max}");
            return Err(FieldError::new(
                &p,
                format_number(v),
                "is out of range",
                &fix,
            ));
        }
        Ok(v as u32)
    };
    let horizon_years = years(
        "horizon_years",
        f.horizon_years.unwrap_or(1.0),
        MAX_HORIZON_YEARS,
    )?;
    let programme = f.programme_years.unwrap_or(f64::from(horizon_years));
    let programme_years = years("programme_years", programme, horizon_years)?;
    let subscribes = |v: &Value| matches!(v, Value::Subscriber(_));
    let cash_view = raw.finance.is_some()
        || outcomes.iter().any(|o| {
            subscribes(&o.value)
                || o.conversion
                    .as_ref()
                    .is_some_and(|c| subscribes(&c.paid_value))
        });
    let finance = Finance {
        discount_rate_pct,
        horizon_years,
        programme_years,
        cash_view,
    };
    payments_end(&finance, outcomes, reg)?;
    Ok(finance)
}

/// A subscription that can never end (no churn, no cap) is worth an infinite amount unless the
/// future is discounted: refuse it.
fn payments_end(f: &Finance, outcomes: &[Outcome], reg: &Registry) -> Result<(), FieldError> {
    let discounted = reg.support(f.discount_rate_pct).0 > 0.0;
    for (i, o) in outcomes.iter().enumerate() {
        let mut values = vec![(format!("outcomes[{i}].subscriber"), &o.value)];
        if let Some(c) = &o.conversion {
            values.push((format!("outcomes[{i}].paid_subscriber"), &c.paid_value));
        }
        for (at, v) in values {
            let Value::Subscriber(s) = v else { continue };
            if s.max_months.is_none() && reg.support(s.monthly_churn).0 <= 0.0 && !discounted {
                let fix = "give a monthly_churn above 0, a max_months, or a [finance] discount_rate_pct above 0";
                return Err(FieldError::new(
                    format!("{at}.monthly_churn"),
                    "0",
                    "lets payments go on for ever (an infinite value per save)",
                    fix,
                ));
            }
        }
    }
    Ok(())
}
