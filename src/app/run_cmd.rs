//! `run`: one scenario, its summary, exports and charts; and `--target-se`'s batch loop, which
//! `compare` and `report` share.
use super::*;
use crate::export::Export;
use crate::precision::{self, Reached, Running, Target, Verdict};

pub(super) fn run(args: &RunArgs) -> anyhow::Result<()> {
    let scenario = scenario::load(&args.scenario)?;
    let default_out = PathBuf::from("output").join(&scenario.id);
    let cfg = RunConfig::new(&args.opts, &scenario, default_out)?
        .showing(args.show)
        .drawn(&args.chart)?;
    let target = target_of(args.target_se, args.shard.is_some(), &cfg, &[&scenario])?;
    if let Some(spec) = args.shard {
        let sources = vec![shard::Source::read(&args.scenario)?];
        let header = shard_cmd::header("run", sources, Vec::new(), &cfg, (spec, 1));
        let job = shard_cmd::Job {
            scenarios: std::slice::from_ref(&scenario),
            detail: cfg.charts,
            across_arms: false,
        };
        return shard_cmd::write_shard(header, &job, &cfg);
    }
    let out = OutputDir::prepare(&cfg.out_dir)?;
    let sim = match target {
        None => simulate(&scenario, &cfg, &pool(cfg.threads)?, cfg.charts)?,
        Some(t) => {
            let scenarios = std::slice::from_ref(&scenario);
            let (sims, reached) = simulate_to_target(scenarios, &cfg, cfg.charts, t)?;
            let mut sim = sims.into_iter().next().context("a run has one scenario")?;
            record_target(&mut sim.summary, &reached);
            sim
        }
    };
    write_run(&scenario, &args.scenario, (&cfg, !args.no_xlsx), sim, out)
}

/// `--target-se` validated against the run's cap; a shard simulates a fixed slice of the years,
/// so it cannot also stop at a precision.
pub(super) fn target_of(
    se_usd: Option<f64>,
    shard: bool,
    cfg: &RunConfig,
    scenarios: &[&Scenario],
) -> Result<Option<Target>, InputError> {
    if shard && se_usd.is_some() {
        return Err(InputError::file(
            "--target-se",
            "cannot be used with --shard (a shard simulates a fixed slice of the years)",
            "give --iterations for a sharded run, or drop --shard",
        ));
    }
    let queue = scenarios.iter().any(|s| s.queue.is_some());
    crate::config::target(se_usd, cfg, queue)
}

/// The summary records the target and, when the cap came first, warns.
pub(super) fn record_target(summary: &mut Summary, reached: &Reached) {
    summary.warnings.extend(reached.warning());
    summary.target_se = Some(reached.clone());
}

/// `--target-se`: the scenarios simulated batch by batch, each batch the next years of every
/// one, until the headline standard error meets the target or the cap comes first. The rows are
/// those of the fixed run of as many years: each batch's records are appended in year order and
/// the hourly tallies are sums of counts, so the summaries and files are that run's bytes.
pub(super) fn simulate_to_target(
    scenarios: &[Scenario],
    cfg: &RunConfig,
    detail: bool,
    target: Target,
) -> anyhow::Result<(Vec<Simulated>, Reached)> {
    for s in scenarios {
        memory_fits(s, target.cap_years, keep(s, detail))?;
    }
    let pool = pool(cfg.threads)?;
    let mut rows: Vec<engine::Detailed> = scenarios
        .iter()
        .map(|s| no_rows(s, target.cap_years, detail))
        .collect();
    let mut seconds = vec![0.0; scenarios.len()];
    let mut running: Vec<Running> = Vec::new();
    let mut done = 0;
    let verdict = loop {
        let years = target.next_batch(done);
        let mut profits = Vec::with_capacity(scenarios.len());
        for (i, s) in scenarios.iter().enumerate() {
            let (more, secs) = simulate_rows(s, cfg, &pool, detail, years.clone());
            check_finite(s, &more.records)?;
            profits.push(profit_series(s, &more.records).values);
            append_rows(&mut rows[i], more);
            seconds[i] += secs;
        }
        let series = precision::headline(&profits);
        running.resize(series.len(), Running::default());
        for (r, xs) in running.iter_mut().zip(&series) {
            r.add(xs);
        }
        done = years.end;
        let estimate = running.iter().map(Running::se).fold(0.0, f64::max);
        match target.verdict(done, estimate, || headline_se(scenarios, &rows)) {
            Verdict::Continue => {}
            v => break v,
        }
    };
    let reached = Reached {
        of: precision::of(scenarios.len()),
        target_usd: target.se_usd,
        batch_years: target.batch_years,
        cap_years: target.cap_years,
        years: done,
        se_usd: headline_se(scenarios, &rows),
        met: verdict == Verdict::Met,
    };
    let sims = scenarios
        .iter()
        .zip(rows)
        .zip(seconds)
        .map(|((s, r), secs)| simulated(s, cfg.seed, r, secs))
        .collect::<Result<_, _>>()?;
    Ok((sims, reached))
}

/// The headline standard error of the rows so far, by the summary's own formula (two passes
/// over the values in year order): what summary.json and compare.json report.
fn headline_se(scenarios: &[Scenario], rows: &[engine::Detailed]) -> f64 {
    let profits: Vec<Vec<f64>> = scenarios
        .iter()
        .zip(rows)
        .map(|(s, r)| profit_series(s, &r.records).values)
        .collect();
    precision::headline(&profits)
        .iter()
        .filter_map(|xs| stats::summarize(xs))
        .map(|m| m.mean_se)
        .fold(0.0, f64::max)
}

/// Room for the cap's rows from the start, as a fixed run of the cap makes (what the memory
/// check counted): growing batch by batch would copy them, twice the memory at each doubling.
/// Pages not written are not taken from the system, so a run that stops early uses no more.
fn no_rows(s: &Scenario, cap: u64, detail: bool) -> engine::Detailed {
    let keep = keep(s, detail);
    let cap = cap as usize;
    let agents = if keep.agents { cap * s.agents.len() } else { 0 };
    // The engine keeps either the year's months or, with a cash view, the horizon's.
    let (months, cash) = match (keep.months, s.finance.cash_view) {
        (false, _) => (0, 0),
        (true, false) => (cap, 0),
        (true, true) => (0, cap * 12 * s.finance.horizon_years as usize),
    };
    engine::Detailed {
        records: Vec::with_capacity(cap),
        agents: Vec::with_capacity(agents),
        hours: Vec::new(),
        month_revenue_usd: Vec::with_capacity(months),
        month_cash_profit_usd: Vec::with_capacity(cash),
    }
}

/// The next years' rows after those so far: records, per-agent rows and months in year order,
/// the hourly tallies added (counts, so the sums are exact in any grouping).
fn append_rows(into: &mut engine::Detailed, more: engine::Detailed) {
    into.records.extend(more.records);
    into.agents.extend(more.agents);
    into.month_revenue_usd.extend(more.month_revenue_usd);
    into.month_cash_profit_usd
        .extend(more.month_cash_profit_usd);
    if into.hours.len() < more.hours.len() {
        into.hours.resize(more.hours.len(), [0; 3]);
    }
    for (total, batch) in into.hours.iter_mut().zip(&more.hours) {
        for i in 0..3 {
            total[i] += batch[i];
        }
    }
}

/// `merge` of `run` shards: the one scenario's rows, through `write_run`.
pub(super) fn merged(m: shard::Merged, cfg: &RunConfig) -> anyhow::Result<()> {
    let source = &m.header.sources[0];
    let scenario = shard_cmd::parse_source(source)?;
    let rows = m.arms.into_iter().next().context("a run has one arm")?;
    let sim = simulated(&scenario, cfg.seed, rows, m.seconds)?;
    let out = OutputDir::prepare(&cfg.out_dir)?;
    // A merge always writes the workbook (`--no-xlsx` is refused with `--shard`).
    write_run(&scenario, Path::new(&source.file), (cfg, true), sim, out)
}

/// Everything `run` writes and prints, from the simulated rows; `xlsx`: results.xlsx too.
fn write_run(
    scenario: &Scenario,
    file: &Path,
    (cfg, xlsx): (&RunConfig, bool),
    mut sim: Simulated,
    out: OutputDir,
) -> anyhow::Result<()> {
    let months = std::mem::take(&mut sim.month_revenue_usd);
    let cash = std::mem::take(&mut sim.month_cash_profit_usd);
    let run = RunOutput {
        scenario,
        summary: &sim.summary,
        records: &sim.records,
    };
    // Streamed into the output's temporary folder: iterations.csv is the largest thing a run
    // makes, and holding it whole in memory doubled a long run's peak.
    for e in export::standard() {
        out.stream(e.file_name(), |w| e.write(&run, w))?;
    }
    if xlsx {
        let swings = tornado(scenario);
        let tornado = match &swings {
            Ok((base, swings)) => export::xlsx::Tornado::Swings {
                base: *base,
                swings,
            },
            Err(why) => export::xlsx::Tornado::Without(why.clone()),
        };
        out.stream(export::xlsx::FILE, |w| {
            export::xlsx::run_workbook(&run, &tornado, w)
        })?;
    }
    let files = if cfg.charts {
        run_charts(scenario, &sim, (months, cash), cfg.look)?
    } else {
        Vec::new()
    };
    let written = out.write_all(&files)?;
    if cfg.json {
        let json = export::SummaryJson.render(&run)?;
        print!("{}", String::from_utf8_lossy(&json));
    } else {
        let timing = console::Timing {
            threads: cfg.threads,
            seconds: sim.seconds,
        };
        print!(
            "{}",
            console::run_summary(scenario, file, &sim.summary, timing, &written)
        );
    }
    Ok(())
}

/// The workbook's tornado, as `sensitivity` computes it (the projection with each uncertain
/// input at its P10, then its P90), largest swing first; or why a scenario has none.
fn tornado(s: &Scenario) -> Result<(f64, Vec<crate::sensitivity::Swing>), String> {
    let uncertain = crate::sensitivity::uncertain(s);
    if uncertain.is_empty() {
        return Err("no input of the scenario is uncertain".to_string());
    }
    let swings = uncertain
        .iter()
        .map(|i| crate::sensitivity::swing(s, i))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("an input's P10 or P90 is not a valid value ({e})"))?;
    let (swings, _) = crate::sensitivity::rank(swings, Vec::new());
    Ok((expected::project(s).profit_per_agent_year, swings))
}

/// `months` (each year's revenue by month) is turned into the fan's paths in place, after the
/// profit series is dropped: at 96 bytes a year, no second copy of it is made.
fn run_charts(
    s: &Scenario,
    sim: &Simulated,
    (mut months, cash): (Vec<[f64; 12]>, Vec<f64>),
    look: charts::Look,
) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let foot = charts::Footnote {
        scenarios: format!("{} ({})", s.name, s.id),
        iterations: sim.summary.iterations,
        seed: sim.summary.seed,
        look,
    };
    let series = profit_series(s, &sim.records);
    let mut charts =
        charts::run_charts(&series, sim.summary.p_loss, sim.summary.iterations, &foot)?;
    drop(series);
    if !sim.summary.by_hour.is_empty() {
        charts.push(charts::hour_chart(&sim.summary.by_hour, &foot)?);
    }
    if !months.is_empty() {
        let agents = s.agents.len() as f64;
        for (r, m) in sim.records.iter().zip(&mut months) {
            *m = cumulative_profit(m, r.cost_usd(), agents);
        }
        let fan = charts::Fan::Booked;
        charts.push(charts::fan_chart(months.as_flattened(), 12, fan, &foot)?);
    }
    if !cash.is_empty() {
        let months = 12 * s.finance.horizon_years as usize;
        charts.push(charts::fan_chart(&cash, months, charts::Fan::Cash, &foot)?);
    }
    Ok(charts.into_iter().flat_map(|c| c.into_files()).collect())
}

/// Cumulative profit per agent at the end of each month: revenue as it came, costs spread evenly
/// over the months. Both are on one calendar, 12 equal months (the engine's `months`), so a year
/// with the same rate throughout climbs by the same step every month.
fn cumulative_profit(months: &[f64; 12], cost_usd: f64, agents: f64) -> [f64; 12] {
    let mut out = [0.0; 12];
    let mut acc = 0.0;
    for (m, rev) in months.iter().enumerate() {
        acc += rev - cost_usd / 12.0;
        out[m] = acc / agents;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::cumulative_profit;
    use crate::engine::{self, Keep};
    use crate::scenario::{self, Scenario};

    /// Hand count: $1,200 a month against $12,000 a year is $200 a month, $100 per agent of 2;
    /// and whatever its months, a year whose revenue is its cost ends at 0.
    #[test]
    fn a_year_whose_revenue_is_its_cost_ends_at_zero() {
        let path = cumulative_profit(&[1_200.0; 12], 12_000.0, 2.0);
        assert_eq!(path, std::array::from_fn(|m| 100.0 * (m + 1) as f64));
        let months = [
            3.0, 0.0, 7.5, 1e4, 2.25, 0.0, 0.0, 41.0, 9.0, 1.0, 0.5, 600.0,
        ];
        let cost = months.iter().sum();
        assert!(cumulative_profit(&months, cost, 3.0)[11].abs() < 1e-9 * cost);
    }

    /// 3 agents at $18 an hour (no other cost) over 52 weeks of 40 paid hours; every input fixed.
    fn even_year(capacity: &str) -> Scenario {
        let text = format!(
            r#"
[horizon]
weeks_per_year = 52
paid_hours_per_week = 40
days_per_week = 5
[team]
agents = 3
wage_per_hour_usd = 18
benefits_load_pct = 0
overhead_per_agent_year_usd = 0
training_cost_per_agent_usd = 0
{capacity}
[[outcomes]]
name = "save"
probability = 0.1
value_usd = 30
[[outcomes]]
name = "trial"
probability = 0.05
value_usd = 0
trial_to_paid = 0.25
paid_value_usd = 35
"#
        );
        scenario::parse(&text, "t.toml", "t").expect("test scenario is valid")
    }

    /// A year with the same rate throughout steps evenly: each month's mean profit increment per
    /// agent is (calls a year x value per call - cost) / 12 / agents within 4 s.e. of the years,
    /// in both capacity modes. Calls a year: unlimited, agents x 15 x 2,080 paid hours; queue
    /// (no patience: every caller is served), 30 an hour x 8 open hours x 5 days x 52 weeks,
    /// the profiles having mean 1 and a pattern that repeats every week.
    #[test]
    fn an_even_year_steps_evenly_in_both_capacity_modes() {
        let per_call = 0.1 * 30.0 + 0.05 * 0.25 * 35.0;
        let queue = "[queue]\ncalls_per_hour = 30\nhandle_seconds = 120\n\
                     intraday_profile = [1, 2, 3, 2, 1, 1, 1, 1]\n\
                     weekday_profile = [2, 1, 1, 1, 0.5]";
        let cases = [
            (
                "[demand]\ncalls_per_agent_hour = 15",
                3.0 * 15.0 * 2080.0,
                400,
            ),
            (queue, 30.0 * 8.0 * 5.0 * 52.0, 60),
        ];
        for (capacity, calls, years) in cases {
            let s = even_year(capacity);
            let keep = Keep {
                agents: false,
                months: true,
            };
            let d = engine::run_detailed(&s, years, 8, keep, &|_| ());
            let cost = 3.0 * 18.0 * 2080.0;
            let mut steps = vec![Vec::new(); 12];
            for (r, months) in d.records.iter().zip(&d.month_revenue_usd) {
                assert!((r.cost_usd() - cost).abs() < 1e-6, "cost {}", r.cost_usd());
                let path = cumulative_profit(months, r.cost_usd(), 3.0);
                for m in 0..12 {
                    steps[m].push(path[m] - if m == 0 { 0.0 } else { path[m - 1] });
                }
            }
            let want = (calls * per_call - cost) / 12.0 / 3.0;
            for (m, xs) in steps.iter().enumerate() {
                let n = xs.len() as f64;
                let mean = xs.iter().sum::<f64>() / n;
                let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
                let z = (mean - want) / (var / n).sqrt();
                assert!(
                    z.abs() < 4.0,
                    "{capacity}: month {m} steps {mean:.1}, want {want:.1} ({z:.1} s.e.)"
                );
            }
        }
    }
}
