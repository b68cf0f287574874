//! Orchestration, the one room that sees everything: load, simulate, summarize, export, print.
//! No numbers are computed here.

use crate::cli::{
    Cli, Command, CompareArgs, ReportArgs, RunArgs, RunOptions, StaffingArgs, SweepArgs,
};
use crate::config::RunConfig;
use crate::engine::IterationRecord;
use crate::error::InputError;
use crate::export::{self, OutputDir, RunOutput};
use crate::metrics::Metric;
use crate::scenario::Scenario;
use crate::summary::Summary;
use crate::{
    charts, compare, console, engine, expected, metrics, progress, scenario, staffing, stats,
};
use anyhow::Context;
use std::path::{Path, PathBuf};
use std::time::Instant;

pub fn main(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Run(args) => run(&args),
        Command::Expected { scenario, json } => expected_cmd(&scenario, json),
        Command::Check { scenario } => check(&scenario),
        Command::Compare(args) => compare_cmd(&args),
        Command::Staffing(args) => staffing_cmd(&args),
        Command::Chart { dir } => chart_cmd(&dir),
        Command::Report(args) => report_cmd(&args),
        Command::Sweep(args) => sweep_cmd(&args),
    }
}

/// One scenario simulated: its records, summary and the seconds it took.
struct Simulated {
    records: Vec<IterationRecord>,
    summary: Summary,
    seconds: f64,
    /// Per year, revenue by month; only when `simulate` was asked for detail.
    month_revenue_usd: Vec<[f64; 12]>,
}

fn pool(threads: usize) -> anyhow::Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("starting worker threads")
}

/// Simulates one scenario; `detail` also keeps each year's revenue by month (the fan chart).
fn simulate(
    scenario: &Scenario,
    cfg: &RunConfig,
    pool: &rayon::ThreadPool,
    detail: bool,
) -> Simulated {
    let label = format!("simulating {}", scenario.id);
    let bar = progress::bar(cfg.iterations, cfg.quiet, &label);
    let started = Instant::now();
    let plan = scenario.contest.is_some() || !scenario.commissions.is_empty();
    let detailed = pool.install(|| {
        let progress = |n| bar.inc(n);
        if detail || plan || scenario.queue.is_some() {
            let keep = engine::Keep {
                agents: plan,
                months: detail,
            };
            engine::run_detailed(scenario, cfg.iterations, cfg.seed, keep, &progress)
        } else {
            engine::Detailed {
                records: engine::run(scenario, cfg.iterations, cfg.seed, &progress),
                agents: Vec::new(),
                hours: Vec::new(),
                month_revenue_usd: Vec::new(),
            }
        }
    });
    let seconds = started.elapsed().as_secs_f64();
    bar.finish_and_clear();
    let records = detailed.records;
    let summary = Summary::build(scenario, cfg.seed, &records)
        .with_agents(scenario, &records, &detailed.agents)
        .with_hours(&detailed.hours);
    Simulated {
        records,
        summary,
        seconds,
        month_revenue_usd: detailed.month_revenue_usd,
    }
}

fn run(args: &RunArgs) -> anyhow::Result<()> {
    let scenario = scenario::load(&args.scenario)?;
    let default_out = PathBuf::from("output").join(&scenario.id);
    let cfg = RunConfig::new(&args.opts, &scenario, default_out)?;
    let out = OutputDir::prepare(&cfg.out_dir)?;
    let sim = simulate(&scenario, &cfg, &pool(cfg.threads)?, cfg.charts);
    let run = RunOutput {
        scenario: &scenario,
        summary: &sim.summary,
        records: &sim.records,
    };
    let mut files = export::standard()
        .iter()
        .map(|e| Ok((e.file_name().to_string(), e.render(&run)?)))
        .collect::<anyhow::Result<Vec<_>>>()?;
    if cfg.charts {
        files.extend(run_charts(&scenario, &sim)?);
    }
    let written = out.write_all(&files)?;
    if cfg.json {
        let json = files
            .iter()
            .find(|(name, _)| name == "summary.json")
            .map(|(_, b)| b);
        print!("{}", String::from_utf8_lossy(json.map_or(&[][..], |b| b)));
    } else {
        let timing = console::Timing {
            threads: cfg.threads,
            seconds: sim.seconds,
        };
        print!(
            "{}",
            console::run_summary(&scenario, &args.scenario, &sim.summary, timing, &written)
        );
    }
    Ok(())
}

/// Several scenarios simulated with the first one's iterations and seed: the same seed is what
/// makes the random numbers common.
struct ScenarioSet {
    scenarios: Vec<Scenario>,
    runs: Vec<Simulated>,
    cfg: RunConfig,
    out: OutputDir,
}

fn simulate_all(
    paths: &[PathBuf],
    opts: &RunOptions,
    command: &str,
) -> anyhow::Result<ScenarioSet> {
    let scenarios = paths
        .iter()
        .map(|p| scenario::load(p))
        .collect::<Result<Vec<_>, _>>()?;
    let ids: Vec<&str> = scenarios.iter().map(|s| s.id.as_str()).collect();
    let default_out = PathBuf::from("output").join(format!("{command}-{}", ids.join("-vs-")));
    let cfg = RunConfig::new(opts, &scenarios[0], default_out)?;
    let out = OutputDir::prepare(&cfg.out_dir)?;
    let pool = pool(cfg.threads)?;
    let runs = scenarios
        .iter()
        .map(|s| simulate(s, &cfg, &pool, false))
        .collect();
    Ok(ScenarioSet {
        scenarios,
        runs,
        cfg,
        out,
    })
}

impl ScenarioSet {
    fn arms<'a>(&'a self, paths: &[PathBuf]) -> Vec<compare::Arm<'a>> {
        self.scenarios
            .iter()
            .zip(&self.runs)
            .zip(paths)
            .map(|((s, r), path)| compare::Arm {
                scenario: s,
                file: path.display().to_string(),
                summary: &r.summary,
                records: &r.records,
            })
            .collect()
    }
}

fn compare_cmd(args: &CompareArgs) -> anyhow::Result<()> {
    let set = simulate_all(&args.scenarios, &args.opts, "compare")?;
    let (scenarios, runs, cfg, out) = (&set.scenarios, &set.runs, &set.cfg, &set.out);
    let arms = set.arms(&args.scenarios);
    let comparison = compare::compare(&arms);
    let json = export::compare_json(&comparison)?;
    let profits: Vec<charts::Series> = scenarios
        .iter()
        .zip(runs)
        .map(|(s, r)| profit_series(s, &r.records))
        .collect();
    let mut files = vec![
        ("compare.json".to_string(), json.clone()),
        ("compare.csv".to_string(), export::compare_csv(&comparison)?),
        (
            "compare_iterations.csv".to_string(),
            export::compare_iterations_csv(&profits)?,
        ),
    ];
    if cfg.charts {
        files.extend(compare_chart_files(&profits, &comparison)?);
    }
    let written = out.write_all(&files)?;
    if cfg.json {
        print!("{}", String::from_utf8_lossy(&json));
    } else {
        print!("{}", console::comparison(&comparison, &written));
    }
    Ok(())
}

fn expected_cmd(path: &Path, json: bool) -> anyhow::Result<()> {
    let scenario = scenario::load(path)?;
    let projection = expected::project(&scenario);
    if json {
        println!("{}", serde_json::to_string_pretty(&projection)?);
    } else {
        print!("{}", console::projection(&scenario, path, &projection));
    }
    Ok(())
}

fn check(path: &Path) -> anyhow::Result<()> {
    let scenario = scenario::load(path)?;
    print!("{}", console::assumptions(&scenario, path));
    Ok(())
}

fn staffing_cmd(args: &StaffingArgs) -> anyhow::Result<()> {
    let file = args.scenario.display().to_string();
    let mut base = scenario::load(&args.scenario)?;
    let bad = |problem: &str, fix: &str| InputError::file(&file, problem, fix);
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
    if let Some((flag, v, _, fix)) = checks.iter().find(|c| !c.2) {
        return Err(InputError::file(*flag, format!("{v} is out of range"), *fix).into());
    }
    if let Some(q) = base.queue.as_mut() {
        q.service_level_seconds = args.within;
    }
    // Every team size is a full simulation: 100 years each unless --iterations says otherwise.
    base.simulation.iterations = base.simulation.iterations.min(STAFFING_ITERATIONS);
    let default_out = PathBuf::from("output").join(format!("staffing-{}", base.id));
    let cfg = RunConfig::new(&args.opts, &base, default_out)?;
    let out = OutputDir::prepare(&cfg.out_dir)?;
    let pool = pool(cfg.threads)?;
    let evaluate = |n: usize| {
        let s = base.with_agents(n);
        let sim = simulate(&s, &cfg, &pool, false);
        staffing_level(&s, n, &sim, args.service_level)
    };
    let Some(result) =
        staffing::search(args.service_level, args.within, args.years_share, evaluate)
    else {
        let problem = format!(
            "no team of up to {} agents meets the target",
            staffing::MAX_AGENTS
        );
        return Err(bad(&problem, "check the demand, handle time and shrinkage").into());
    };
    let json = {
        let mut b = serde_json::to_vec_pretty(&result)?;
        b.push(b'\n');
        b
    };
    let mut csv = ::csv::Writer::from_writer(Vec::new());
    for level in &result.levels {
        csv.serialize(export::StaffingRow::from(level))?;
    }
    let files = vec![
        ("staffing.json".to_string(), json.clone()),
        ("staffing.csv".to_string(), csv.into_inner()?),
    ];
    let written = out.write_all(&files)?;
    if cfg.json {
        print!("{}", String::from_utf8_lossy(&json));
    } else {
        print!(
            "{}",
            console::staffing(&base, &args.scenario, &result, &written)
        );
    }
    Ok(())
}

const STAFFING_ITERATIONS: u64 = 100;

fn staffing_level(s: &Scenario, agents: usize, sim: &Simulated, target: f64) -> staffing::Level {
    let mean_se = |m: Metric| {
        sim.summary
            .metric(m)
            .map_or((0.0, 0.0), |x| (x.mean, x.mean_se))
    };
    let (sl, sl_se) = mean_se(Metric::ServiceLevel);
    let (profit, profit_se) = mean_se(Metric::ProfitPerAgentYear);
    let (team, team_se) = mean_se(Metric::TeamProfitYear);
    let meeting = sim
        .records
        .iter()
        .filter(|r| r.offered == 0 || r.answered_in_sl as f64 / r.offered as f64 >= target)
        .count();
    staffing::Level {
        agents,
        seats: s
            .queue
            .as_ref()
            .map_or(agents, |q| q.seats(agents, &s.horizon)),
        service_level_mean: sl,
        service_level_se: sl_se,
        years_meeting: stats::proportion(meeting, sim.records.len()),
        abandon_rate_mean: mean_se(Metric::AbandonRate).0,
        occupancy_mean: mean_se(Metric::Occupancy).0,
        profit_per_agent_year_mean: profit,
        profit_per_agent_year_se: profit_se,
        team_profit_year_mean: team,
        team_profit_year_se: team_se,
    }
}

fn profit_series(s: &Scenario, records: &[IterationRecord]) -> charts::Series {
    let scale = metrics::Scale::of(s);
    let m = Metric::ProfitPerAgentYear;
    charts::Series {
        name: s.id.clone(),
        values: records.iter().filter_map(|r| m.value(r, scale)).collect(),
    }
}

fn run_charts(s: &Scenario, sim: &Simulated) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let foot = charts::Footnote {
        scenarios: format!("{} ({})", s.name, s.id),
        iterations: sim.summary.iterations,
        seed: sim.summary.seed,
    };
    let series = profit_series(s, &sim.records);
    let mut charts = charts::run_charts(&series, sim.summary.p_loss, &foot)?;
    if !sim.summary.by_hour.is_empty() {
        charts.push(charts::hour_chart(&sim.summary.by_hour, &foot)?);
    }
    if !sim.month_revenue_usd.is_empty() {
        let agents = s.agents.len() as f64;
        let paths: Vec<[f64; 12]> = sim
            .records
            .iter()
            .zip(&sim.month_revenue_usd)
            .map(|(r, months)| cumulative_profit(months, r.cost_usd, agents))
            .collect();
        charts.push(charts::fan_chart(&paths, &foot)?);
    }
    Ok(charts.into_iter().flat_map(|c| c.into_files()).collect())
}

fn compare_chart_files(
    profits: &[charts::Series],
    c: &compare::Comparison,
) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let ids: Vec<&str> = profits.iter().map(|p| p.name.as_str()).collect();
    let foot = charts::Footnote {
        scenarios: ids.join(" vs "),
        iterations: c.iterations,
        seed: c.seed,
    };
    let diffs: Vec<(String, Vec<f64>, stats::Proportion)> = profits[1..]
        .iter()
        .zip(&c.differences)
        .map(|(p, d)| {
            let values = p.values.iter().zip(&profits[0].values).map(|(b, a)| b - a);
            (p.name.clone(), values.collect(), d.p_better)
        })
        .collect();
    let charts = charts::compare_charts(profits, &diffs, &foot)?;
    Ok(charts.into_iter().flat_map(|c| c.into_files()).collect())
}

/// Redraws from a saved folder: a `run` folder (summary.json + iterations.csv) or a `compare`
/// folder (compare.json + compare_iterations.csv).
fn chart_cmd(dir: &Path) -> anyhow::Result<()> {
    let files = export::redraw(dir)?;
    let out = OutputDir::prepare(dir)?;
    let written = out.write_all(&files)?;
    let names: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
    println!("wrote {}", names.join(", "));
    Ok(())
}

fn report_cmd(args: &ReportArgs) -> anyhow::Result<()> {
    let set = simulate_all(&args.scenarios, &args.opts, "report")?;
    let (scenarios, runs, cfg, out) = (&set.scenarios, &set.runs, &set.cfg, &set.out);
    let ids: Vec<&str> = scenarios.iter().map(|s| s.id.as_str()).collect();
    let arms = set.arms(&args.scenarios);
    let comparison = (arms.len() > 1).then(|| compare::compare(&arms));
    let profits: Vec<charts::Series> = scenarios
        .iter()
        .zip(runs)
        .map(|(s, r)| profit_series(s, &r.records))
        .collect();
    let foot = charts::Footnote {
        scenarios: ids.join(" vs "),
        iterations: cfg.iterations,
        seed: cfg.seed,
    };
    let svg = |c: &charts::ChartFiles| String::from_utf8_lossy(&c.svg).into_owned();
    let mut inline = Vec::new();
    let first = charts::run_charts(&profits[0], runs[0].summary.p_loss, &foot)?;
    inline.push((
        format!(
            "Profit per agent-year, {}: distribution over simulated years",
            scenarios[0].name
        ),
        svg(&first[0]),
    ));
    if comparison.is_some() {
        let many = charts::compare_charts(&profits, &[], &foot)?;
        inline.push((
            "All scenarios: P5, P25, P50, P75, P95 and mean".to_string(),
            svg(&many[1]),
        ));
        inline.push((
            "All scenarios: cumulative probability".to_string(),
            svg(&many[0]),
        ));
    }
    let page = crate::report::html(&crate::report::ReportInput {
        arms: &arms,
        comparison: comparison.as_ref(),
        charts: inline,
        run_date: run_date(),
    });
    let mut files = vec![("report.html".to_string(), page.into_bytes())];
    for (s, r) in scenarios.iter().zip(runs) {
        let mut json = serde_json::to_vec_pretty(&r.summary)?;
        json.push(b'\n');
        files.push((format!("summary_{}.json", s.id), json));
    }
    let written = out.write_all(&files)?;
    let names: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
    println!("wrote {}", names.join(", "));
    Ok(())
}

/// Today's date (UTC) for the report's method line.
fn run_date() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Cumulative profit per agent at the end of each month: revenue as it came, costs spread evenly
/// over the months.
fn cumulative_profit(months: &[f64; 12], cost_usd: f64, agents: f64) -> [f64; 12] {
    let mut out = [0.0; 12];
    let mut acc = 0.0;
    for (m, rev) in months.iter().enumerate() {
        acc += rev - cost_usd / 12.0;
        out[m] = acc / agents;
    }
    out
}

/// One grid point of a sweep: the swept values and the profit per agent-year there.
#[derive(serde::Serialize)]
struct SweepPoint {
    values: Vec<f64>,
    mean: f64,
    mean_se: f64,
    p10: f64,
    p25: f64,
    p50: f64,
    p75: f64,
    p90: f64,
    p_loss: f64,
    p_loss_se: f64,
}

fn sweep_cmd(args: &SweepArgs) -> anyhow::Result<()> {
    let file = args.scenario.display().to_string();
    let base = scenario::load(&args.scenario)?;
    let text = std::fs::read_to_string(&args.scenario)
        .map_err(|e| InputError::file(&file, format!("cannot read ({e})"), "check the path"))?;
    let axes = args
        .set
        .iter()
        .map(|s| crate::sweep::parse_axis(s))
        .collect::<Result<Vec<_>, _>>()?;
    if axes.len() > 2 {
        let fix = "sweep one or two fields at a time";
        return Err(InputError::file("--set", "given more than twice", fix).into());
    }
    let grid: Vec<Vec<f64>> = match axes.as_slice() {
        [a] => a.values.iter().map(|v| vec![*v]).collect(),
        [a, b] => a
            .values
            .iter()
            .flat_map(|x| b.values.iter().map(move |y| vec![*x, *y]))
            .collect(),
        _ => Vec::new(),
    };
    let default_out = PathBuf::from("output").join(format!("sweep-{}", base.id));
    let cfg = RunConfig::new(&args.opts, &base, default_out)?;
    // Every point is validated before anything runs or is written.
    let scenarios = grid
        .iter()
        .map(|values| {
            let mut t = text.clone();
            for (axis, v) in axes.iter().zip(values) {
                t = crate::sweep::set_field(&t, &axis.path, *v).map_err(|problem| {
                    let fix =
                        "use a field path as `check` lists it, e.g. demand.calls_per_agent_hour";
                    InputError::file("--set", problem, fix)
                })?;
            }
            Ok(scenario::parse(&t, &file, &base.id)?)
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let out = OutputDir::prepare(&cfg.out_dir)?;
    let pool = pool(cfg.threads)?;
    let points: Vec<SweepPoint> = scenarios
        .iter()
        .zip(&grid)
        .map(|(s, values)| {
            let sim = simulate(s, &cfg, &pool, false);
            let p = sim.summary.metric(Metric::ProfitPerAgentYear).copied();
            let p = p.unwrap_or_else(|| stats::summarize(&[0.0]).expect("one value"));
            SweepPoint {
                values: values.clone(),
                mean: p.mean,
                mean_se: p.mean_se,
                p10: p.p10,
                p25: p.p25,
                p50: p.p50,
                p75: p.p75,
                p90: p.p90,
                p_loss: sim.summary.p_loss.p,
                p_loss_se: sim.summary.p_loss.se,
            }
        })
        .collect();
    let break_even = (axes.len() == 1)
        .then(|| {
            let curve: Vec<(f64, f64)> = points.iter().map(|p| (p.values[0], p.mean)).collect();
            crate::sweep::break_even(&curve)
        })
        .flatten();
    let paths: Vec<&str> = axes.iter().map(|a| a.path.as_str()).collect();
    let json = serde_json::json!({
        "scenario": base.id, "iterations": cfg.iterations, "seed": cfg.seed,
        "version": crate::VERSION, "fields": paths, "metric": "profit_per_agent_year",
        "points": points, "break_even": break_even,
    });
    let mut json_bytes = serde_json::to_vec_pretty(&json)?;
    json_bytes.push(b'\n');
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let mut head: Vec<String> = paths.iter().map(|p| p.to_string()).collect();
    head.extend(
        [
            "mean",
            "mean_se",
            "p10",
            "p25",
            "p50",
            "p75",
            "p90",
            "p_loss",
            "p_loss_se",
        ]
        .map(String::from),
    );
    w.write_record(&head)?;
    for p in &points {
        let mut row: Vec<String> = p.values.iter().map(f64::to_string).collect();
        row.extend(
            [
                p.mean,
                p.mean_se,
                p.p10,
                p.p25,
                p.p50,
                p.p75,
                p.p90,
                p.p_loss,
                p.p_loss_se,
            ]
            .map(|x| x.to_string()),
        );
        w.write_record(&row)?;
    }
    let mut files = vec![
        ("sweep.json".to_string(), json_bytes.clone()),
        ("sweep.csv".to_string(), w.into_inner()?),
    ];
    if cfg.charts && axes.len() == 1 {
        let foot = charts::Footnote {
            scenarios: format!("{} ({})", base.name, base.id),
            iterations: cfg.iterations,
            seed: cfg.seed,
        };
        let x: Vec<f64> = points.iter().map(|p| p.values[0]).collect();
        let bands: Vec<[f64; 5]> = points
            .iter()
            .map(|p| [p.p10, p.p25, p.p50, p.p75, p.p90])
            .collect();
        let chart = charts::sweep_chart(&axes[0].path, &x, &bands, break_even, &foot)?;
        files.extend(chart.into_files());
    }
    let written = out.write_all(&files)?;
    if cfg.json {
        print!("{}", String::from_utf8_lossy(&json_bytes));
        return Ok(());
    }
    println!(
        "{} ({}): profit per agent-year over {}",
        base.name,
        file,
        paths.join(" x ")
    );
    println!(
        "{} simulated years per point, seed {} (the same at every point)\n",
        cfg.iterations, cfg.seed
    );
    for p in &points {
        let at: Vec<String> = p
            .values
            .iter()
            .map(|v| crate::distributions::format_number(*v))
            .collect();
        println!(
            "{:>24}  mean {:>12} ± {:<10} P10 {:>12}  P50 {:>12}  P90 {:>12}  P(loss) {:>6.1}%",
            at.join(", "),
            console::usd(p.mean),
            console::usd(p.mean_se),
            console::usd(p.p10),
            console::usd(p.p50),
            console::usd(p.p90),
            p.p_loss * 100.0
        );
    }
    match (axes.len(), break_even) {
        (1, Some(b)) => println!(
            "\nbreak-even (mean profit per agent-year = 0) at {} = {b:.3}",
            paths[0]
        ),
        (1, None) => println!("\nno break-even in this range (the mean does not change sign)"),
        _ => {}
    }
    let names: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
    println!("\nwrote {}", names.join(", "));
    Ok(())
}
