//! `staffing`: the fewest agents meeting a service-level target, from the Erlang answer,
//! confirmed and corrected by simulation with as many years as each decision needs.
use super::*;
use std::collections::BTreeMap;

pub(super) fn staffing(args: &StaffingArgs) -> anyhow::Result<()> {
    let file = args.scenario.display().to_string();
    let base = staffing_scenario(args, &file)?;
    let default_out = PathBuf::from("output").join(format!("staffing-{}", base.id));
    let cfg = RunConfig::new(&args.opts, &base, default_out)?;
    let out = OutputDir::prepare(&cfg.out_dir)?;
    let pool = pool(cfg.threads)?;
    let q = base
        .queue
        .as_ref()
        .expect("a staffing scenario has a queue");
    let guess = crate::calculator::erlang_team(&base, q, args.service_level, args.within)
        .unwrap_or(staffing::MAX_AGENTS);
    let mut sizes = Sizes::default();
    let evaluate = |n: usize, years: u64| sizes.level(&base, n, years, (&cfg, &pool), args);
    let sampling = staffing::Sampling::up_to(cfg.iterations);
    let targets = (args.service_level, args.within, args.years_share);
    let Some(result) = staffing::search(targets, guess, sampling, evaluate) else {
        let problem = format!(
            "no team of up to {} agents meets the target",
            staffing::MAX_AGENTS
        );
        let fix = "check the demand, handle time and shrinkage";
        return Err(InputError::file(&file, problem, fix).into());
    };
    if result
        .levels
        .iter()
        .any(|l| !l.profit_per_agent_year_mean.is_finite())
    {
        return Err(not_finite(&base, "a team size of the search").into());
    }
    let files = export::staffing_files(&result)?;
    let written = out.write_all(&files)?;
    if args.json {
        print!("{}", String::from_utf8_lossy(&files[0].1));
    } else {
        print!(
            "{}",
            console::staffing(&base, &args.scenario, &result, &written)
        );
    }
    Ok(())
}

/// Each team size's scenario and the years simulated so far (the first years, in order).
#[derive(Default)]
struct Sizes {
    runs: BTreeMap<usize, (Scenario, Vec<IterationRecord>)>,
}

impl Sizes {
    /// The level of `n` agents over the first `years` years, simulating only the years missing.
    fn level(
        &mut self,
        base: &Scenario,
        n: usize,
        years: u64,
        (cfg, pool): (&RunConfig, &rayon::ThreadPool),
        args: &StaffingArgs,
    ) -> staffing::Level {
        let (s, records) = self
            .runs
            .entry(n)
            .or_insert_with(|| (base.with_agents(n), Vec::new()));
        let have = records.len() as u64;
        if years > have {
            let bar = progress::bar(years, cfg.quiet, &format!("simulating {n} agents"));
            bar.set_position(have);
            let more =
                pool.install(|| engine::run_range(s, have..years, cfg.seed, &|k| bar.inc(k)));
            bar.finish_and_clear();
            records.extend(more);
        }
        let records = &records[..years as usize];
        let summary = Summary::build(s, cfg.seed, records);
        staffing_level(s, n, &summary, records, args.service_level)
    }
}

/// The scenario the search varies: a queue scenario without a roster, with the target's
/// threshold as its service level, and few years per team size unless asked for more.
fn staffing_scenario(args: &StaffingArgs, file: &str) -> anyhow::Result<Scenario> {
    let base = scenario::load(&args.scenario)?;
    let bad = |problem: &str, fix: &str| InputError::file(file, problem, fix);
    if base.queue.is_none() {
        let fix =
            "add a [queue] section (see README, Queue mode): without one every call is answered";
        return Err(bad("staffing needs a queue scenario", fix).into());
    }
    if base
        .agents
        .iter()
        .any(|a| a.calls_per_week.is_some() || a.rates.iter().any(Option::is_some))
    {
        let fix = "use team.agents with team-level rates: the search varies the team size";
        return Err(bad("staffing cannot vary a [[roster]]", fix).into());
    }
    check_targets(args)?;
    let threshold = base
        .inputs
        .find("queue.service_level_seconds")
        .expect("a queue scenario has a service-level threshold")
        .id;
    let mut base = base
        .with_input(threshold, args.within)
        .map_err(|error| InputError::Field {
            file: format!("{file} (with --within)"),
            error,
        })?;
    // At most 100 years per team size unless --iterations says otherwise.
    base.simulation.iterations = base.simulation.iterations.min(STAFFING_ITERATIONS);
    Ok(base)
}

fn check_targets(args: &StaffingArgs) -> Result<(), InputError> {
    let checks = [
        (
            "--service-level",
            args.service_level,
            0.0 < args.service_level && args.service_level <= 1.0,
            "use a share such as 0.80",
        ),
        (
            "--within",
            args.within,
            args.within.is_finite() && args.within >= 0.0,
            "use seconds, e.g. 20",
        ),
        (
            "--years-share",
            args.years_share,
            0.0 < args.years_share && args.years_share <= 1.0,
            "use a share such as 0.90",
        ),
    ];
    match checks.iter().find(|c| !c.2) {
        Some((flag, v, _, fix)) => Err(InputError::file(
            *flag,
            format!("{v} is out of range"),
            *fix,
        )),
        None => Ok(()),
    }
}

const STAFFING_ITERATIONS: u64 = 100;

fn staffing_level(
    s: &Scenario,
    agents: usize,
    summary: &Summary,
    records: &[IterationRecord],
    target: f64,
) -> staffing::Level {
    let mean_se = |m: Metric| {
        summary
            .metric(m)
            .map_or((0.0, 0.0), |x| (x.mean, x.mean_se))
    };
    let (sl, sl_se) = mean_se(Metric::ServiceLevel);
    let (profit, profit_se) = mean_se(Metric::ProfitPerAgentYear);
    let (team, team_se) = mean_se(Metric::TeamProfitYear);
    let meeting = records
        .iter()
        .filter(|r| {
            r.queue.offered == 0 || r.queue.answered_in_sl as f64 / r.queue.offered as f64 >= target
        })
        .count();
    staffing::Level {
        agents,
        seats: s
            .queue
            .as_ref()
            .map_or(agents, |q| q.seats(agents, &s.horizon)),
        service_level_mean: sl,
        service_level_se: sl_se,
        years_meeting: stats::proportion(meeting, records.len()),
        abandon_rate_mean: mean_se(Metric::AbandonRate).0,
        occupancy_mean: mean_se(Metric::Occupancy).0,
        profit_per_agent_year_mean: profit,
        profit_per_agent_year_se: profit_se,
        team_profit_year_mean: team,
        team_profit_year_se: team_se,
        years: records.len() as u64,
    }
}
