//! `erlang`: the instant Erlang C / A calculator from flags, or a queue scenario's agents per
//! open hour of its week.
use super::*;
use crate::calculator::{self, Demand, PlanSettings};
use crate::cli::ErlangArgs;

pub(super) fn erlang(args: &ErlangArgs) -> anyhow::Result<()> {
    match &args.scenario {
        Some(path) => interval_plan(args, path),
        None => table(args),
    }
}

fn table(args: &ErlangArgs) -> anyhow::Result<()> {
    let demand = demand(args)?;
    let agents = match &args.agents {
        Some(spec) => calculator::parse_agents(spec)?,
        None => Vec::new(),
    };
    if agents.is_empty() && args.target_service_level.is_none() {
        let fix =
            "give --agents 50..60, or --target-service-level 0.8 for the fewest agents meeting it";
        return Err(InputError::file("--agents", "is missing", fix).into());
    }
    let Some(t) = calculator::table(
        &demand,
        &agents,
        args.target_service_level,
        args.shrinkage_pct,
    ) else {
        return Err(too_many("--target-service-level").into());
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&t)?);
    } else {
        print!("{}", console::erlang_table(&t));
    }
    Ok(())
}

fn too_many(flag: &str) -> InputError {
    InputError::file(
        flag,
        format!(
            "needs more than {} agents on the phones",
            crate::erlang::MAX_AGENTS
        ),
        "check the calls per hour and the handle time",
    )
}

/// The flags' load, every value checked.
fn demand(args: &ErlangArgs) -> Result<Demand, InputError> {
    let need = |flag: &str, v: Option<f64>, fix: &str| {
        v.ok_or_else(|| InputError::file(flag, "is missing", fix))
    };
    let d = Demand {
        calls_per_hour: need(
            "--calls-per-hour",
            args.calls_per_hour,
            "give the calls offered per hour, e.g. --calls-per-hour 200 (or a queue scenario)",
        )?,
        handle_seconds: need(
            "--handle-seconds",
            args.handle_seconds,
            "give the work per handled call in seconds, e.g. --handle-seconds 180",
        )?,
        patience_seconds: args.patience_seconds,
        service_level_seconds: args.service_level_seconds.unwrap_or(20.0),
    };
    check_load(&d)?;
    check_settings(
        d.service_level_seconds,
        args.target_service_level,
        args.shrinkage_pct,
        args.opens_at,
    )?;
    if d.calls_per_hour * d.handle_seconds / 3600.0 > MAX_ERLANGS {
        return Err(InputError::file(
            "--calls-per-hour",
            format!(
                "{} calls an hour of {} s is more than {MAX_ERLANGS} Erlangs",
                d.calls_per_hour, d.handle_seconds
            ),
            "give one queue's calls per hour and seconds per call",
        ));
    }
    Ok(d)
}

/// The largest offered load the calculator takes (the agents it needs stay in reach).
const MAX_ERLANGS: f64 = 100_000.0;

type Check<'a> = (&'a str, Option<f64>, bool, &'a str);

/// The first value out of its range names its flag and the fix.
fn first_bad(checks: &[Check]) -> Result<(), InputError> {
    match checks.iter().find(|c| !c.2) {
        Some((flag, v, _, fix)) => {
            let v = v.map_or(String::new(), |v| v.to_string());
            Err(InputError::file(
                *flag,
                format!("{v} is out of range"),
                *fix,
            ))
        }
        None => Ok(()),
    }
}

fn within(v: f64, lo: f64, hi: f64) -> bool {
    v.is_finite() && lo <= v && v <= hi
}

/// The load the flags give (a scenario's is validated with the scenario).
fn check_load(d: &Demand) -> Result<(), InputError> {
    let (calls, handle, patience) = (d.calls_per_hour, d.handle_seconds, d.patience_seconds);
    first_bad(&[
        (
            "--calls-per-hour",
            Some(calls),
            calls.is_finite() && calls > 0.0,
            "use the calls offered per hour, above 0, e.g. 200",
        ),
        (
            "--handle-seconds",
            Some(handle),
            within(handle, 1e-3, 86_400.0),
            "use the seconds of work per handled call, above 0, e.g. 180",
        ),
        (
            "--patience-seconds",
            patience,
            patience.is_none_or(|p| within(p, 1e-3, 1e6)),
            "use the callers' mean patience in seconds, above 0, e.g. 120 (leave it out for Erlang C)",
        ),
    ])
}

/// The settings either mode takes.
fn check_settings(
    threshold: f64,
    target: Option<f64>,
    shrinkage: Option<f64>,
    opens_at: f64,
) -> Result<(), InputError> {
    first_bad(&[
        (
            "--service-level-seconds",
            Some(threshold),
            within(threshold, 0.0, 86_400.0),
            "use the answer-time threshold in seconds, e.g. 20",
        ),
        (
            "--target-service-level",
            target,
            target.is_none_or(|t| t > 0.0 && t < 1.0),
            "use a share above 0 and below 1, e.g. 0.8",
        ),
        (
            "--shrinkage-pct",
            shrinkage,
            shrinkage.is_none_or(|s| (0.0..100.0).contains(&s)),
            "use the percent of paid time off the phones, 0 to below 100, e.g. 30",
        ),
        (
            "--opens-at",
            Some(opens_at),
            (0.0..24.0).contains(&opens_at),
            "use the clock hour the center opens, 0 to below 24, e.g. 8",
        ),
    ])
}

/// `erlang SCENARIO`: every open hour's need, written as JSON, CSV and a chart.
fn interval_plan(args: &ErlangArgs, path: &Path) -> anyhow::Result<()> {
    let given = [
        ("--calls-per-hour", args.calls_per_hour.is_some()),
        ("--handle-seconds", args.handle_seconds.is_some()),
        ("--agents", args.agents.is_some()),
        ("--patience-seconds", args.patience_seconds.is_some()),
    ];
    if let Some((flag, _)) = given.iter().find(|g| g.1) {
        let fix = "drop the flag (the scenario gives it), or drop the scenario to use the flags";
        return Err(InputError::file(*flag, "cannot be used with a scenario", fix).into());
    }
    let s = scenario::load(path)?;
    let Some(q) = &s.queue else {
        let fix = "add a [queue] section (see README, Queue mode), or give the load as flags";
        let problem = "erlang needs a queue scenario";
        return Err(InputError::file(path.display().to_string(), problem, fix).into());
    };
    let set = PlanSettings {
        target: args.target_service_level.unwrap_or(0.8),
        service_level_seconds: args
            .service_level_seconds
            .unwrap_or(q.service_level_seconds),
        shrinkage_pct: args.shrinkage_pct.unwrap_or(q.shrinkage_pct),
        opens_at: args.opens_at,
    };
    check_settings(
        set.service_level_seconds,
        Some(set.target),
        Some(set.shrinkage_pct),
        set.opens_at,
    )?;
    let patience = calculator::scenario_demand(&s, q, 0.0).patience_seconds;
    if patience.is_some_and(|p| p <= 0.0) {
        let fix = "give callers a mean patience above 0 seconds, e.g. 120, or leave it out";
        let problem = "queue.patience_seconds has mean 0: Erlang A needs a patience";
        return Err(InputError::file(path.display().to_string(), problem, fix).into());
    }
    let plan = calculator::interval_plan(&s, q, set).ok_or_else(|| too_many(&s.id))?;
    let dir = (args.out.clone())
        .unwrap_or_else(|| PathBuf::from("output").join(format!("erlang-{}", s.id)));
    let look = crate::config::look(&args.chart)?;
    let out = OutputDir::prepare(&dir)?;
    let mut files = export::erlang_files(&plan)?;
    if !args.no_charts {
        files.extend(charts::interval_chart(&plan, look)?.into_files());
    }
    let written = out.write_all(&files)?;
    if args.json {
        print!("{}", String::from_utf8_lossy(&files[0].1));
    } else {
        print!("{}", console::interval_plan(&plan, path, &written));
    }
    Ok(())
}
