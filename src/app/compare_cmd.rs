//! `compare` and `report`: several scenarios run with the same seed, side by side.
use super::*;

pub(super) fn compare(args: &CompareArgs) -> anyhow::Result<()> {
    let (scenarios, cfg) = load_set(&args.scenarios, &args.opts, "compare")?;
    let cfg = cfg.showing(args.show).drawn(&args.chart)?;
    let all: Vec<&Scenario> = scenarios.iter().collect();
    let target = run_cmd::target_of(args.target_se, args.shard.is_some(), &cfg, &all)?;
    if let Some(spec) = args.shard {
        let sources = args
            .scenarios
            .iter()
            .map(|p| shard::Source::read(p))
            .collect::<Result<Vec<_>, _>>()?;
        let arms = (spec, scenarios.len() as u32);
        let header = shard_cmd::header("compare", sources, Vec::new(), &cfg, arms);
        let job = shard_cmd::Job {
            scenarios: &scenarios,
            detail: false,
            across_arms: false,
        };
        return shard_cmd::write_shard(header, &job, &cfg);
    }
    write_compare(
        &simulate_some(scenarios, cfg, target)?,
        &args.scenarios,
        !args.no_xlsx,
    )
}

/// The scenarios simulated for their fixed years, or with `--target-se` batch by batch: then
/// `cfg.iterations` becomes the years run, and every summary records the target.
fn simulate_some(
    scenarios: Vec<Scenario>,
    mut cfg: RunConfig,
    target: Option<crate::precision::Target>,
) -> anyhow::Result<ScenarioSet> {
    let Some(target) = target else {
        return simulate_set(scenarios, cfg);
    };
    let out = OutputDir::prepare(&cfg.out_dir)?;
    let (mut runs, reached) = run_cmd::simulate_to_target(&scenarios, &cfg, false, target)?;
    for r in &mut runs {
        run_cmd::record_target(&mut r.summary, &reached);
    }
    cfg.iterations = reached.years;
    Ok(ScenarioSet {
        scenarios,
        runs,
        cfg,
        out,
    })
}

/// `merge` of `compare` shards: each scenario's rows, through `write_compare`.
pub(super) fn merged(m: shard::Merged, cfg: RunConfig) -> anyhow::Result<()> {
    let mut scenarios = m
        .header
        .sources
        .iter()
        .map(shard_cmd::parse_source)
        .collect::<Result<Vec<_>, _>>()?;
    unique_ids(&mut scenarios);
    let runs = scenarios
        .iter()
        .zip(m.arms)
        .map(|(s, rows)| simulated(s, cfg.seed, rows, m.seconds))
        .collect::<Result<_, _>>()?;
    let out = OutputDir::prepare(&cfg.out_dir)?;
    let paths: Vec<PathBuf> = m
        .header
        .sources
        .iter()
        .map(|s| PathBuf::from(&s.file))
        .collect();
    let set = ScenarioSet {
        scenarios,
        runs,
        cfg,
        out,
    };
    // A merge always writes the workbook (`--no-xlsx` is refused with `--shard`).
    write_compare(&set, &paths, true)
}

/// Everything `compare` writes and prints, from the simulated scenarios; `xlsx`: results.xlsx
/// too.
fn write_compare(set: &ScenarioSet, paths: &[PathBuf], xlsx: bool) -> anyhow::Result<()> {
    let (scenarios, runs, cfg, out) = (&set.scenarios, &set.runs, &set.cfg, &set.out);
    let arms = set.arms(paths);
    let mut comparison = compare::compare(&arms);
    if let Some(r) = &runs[0].summary.target_se {
        comparison.notes.extend(r.warning());
        comparison.target_se = Some(r.clone());
    }
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
        files.extend(compare_chart_files(&profits, &comparison, cfg.look)?);
    }
    if xlsx {
        out.stream(export::xlsx::FILE, |w| {
            export::xlsx::compare_workbook(&arms, &comparison, &profits, w)
        })?;
    }
    let written = out.write_all(&files)?;
    if cfg.json {
        print!("{}", String::from_utf8_lossy(&json));
    } else {
        print!("{}", console::comparison(&comparison, &written));
    }
    Ok(())
}

fn compare_chart_files(
    profits: &[charts::Series],
    c: &compare::Comparison,
    look: charts::Look,
) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let foot = charts::Footnote {
        scenarios: charts::scenarios_text(profits),
        iterations: c.iterations,
        seed: c.seed,
        look,
    };
    let charts = charts::compare_charts(profits, &paired_differences(profits, c), &foot)?;
    Ok(charts.into_iter().flat_map(|c| c.into_files()).collect())
}

/// `report`: the one-page HTML (a second page with `--appendix`), each scenario's summary and,
/// with two or more, compare.json: the files the page's numbers come from.
/// Each scenario's profit minus the baseline's, year by year, with its P(better): what the
/// difference histograms draw.
fn paired_differences(
    profits: &[charts::Series],
    c: &compare::Comparison,
) -> Vec<(String, Vec<f64>, stats::Proportion)> {
    profits[1..]
        .iter()
        .zip(&c.differences)
        .map(|(p, d)| {
            let values = p.values.iter().zip(&profits[0].values).map(|(b, a)| b - a);
            (p.label.clone(), values.collect(), d.p_better)
        })
        .collect()
}

/// `report`'s scenarios, simulated for their years or to `--target-se`.
fn report_set(args: &ReportArgs) -> anyhow::Result<ScenarioSet> {
    let (scenarios, cfg) = load_set(&args.scenarios, &args.opts, "report")?;
    let cfg = cfg.drawn(&args.chart)?;
    let all: Vec<&Scenario> = scenarios.iter().collect();
    let target = run_cmd::target_of(args.target_se, false, &cfg, &all)?;
    simulate_some(scenarios, cfg, target)
}

pub(super) fn report(args: &ReportArgs) -> anyhow::Result<()> {
    let set = report_set(args)?;
    let (scenarios, runs, cfg, out) = (&set.scenarios, &set.runs, &set.cfg, &set.out);
    let arms = set.arms(&args.scenarios);
    let comparison = (arms.len() > 1).then(|| compare::compare(&arms));
    let profits: Vec<charts::Series> = scenarios
        .iter()
        .zip(runs)
        .map(|(s, r)| profit_series(s, &r.records))
        .collect();
    let foot = charts::Footnote {
        scenarios: charts::scenarios_text(&profits),
        iterations: cfg.iterations,
        seed: cfg.seed,
        look: cfg.look,
    };
    let (chart, appendix) = report_charts(set.runs.first(), &profits, &comparison, &foot)?;
    let page = crate::report::html(&crate::report::ReportInput {
        arms: &arms,
        comparison: comparison.as_ref(),
        chart,
        appendix: args.appendix.then_some(appendix),
        run_date: run_date(),
    });
    let mut files = vec![("report.html".to_string(), page.into_bytes())];
    if let Some(c) = &comparison {
        files.push(("compare.json".to_string(), export::compare_json(c)?));
    }
    for (s, r) in scenarios.iter().zip(runs) {
        let mut json = serde_json::to_vec_pretty(&r.summary)?;
        json.push(b'\n');
        files.push((format!("summary_{}.json", s.id), json));
    }
    let written = out.write_all(&files)?;
    print!("{}", target_lines(&runs[0].summary));
    println!("wrote {}", console::file_list(&written));
    Ok(())
}

type Inline = (String, String);

/// The page's one chart (the box plots of all scenarios, or the one scenario's histogram) and
/// the appendix's others (the baseline's histogram, the S-curves, each paired difference).
fn report_charts(
    first: Option<&Simulated>,
    profits: &[charts::Series],
    comparison: &Option<compare::Comparison>,
    foot: &charts::Footnote,
) -> anyhow::Result<(Inline, Vec<Inline>)> {
    let svg = |c: &charts::ChartFiles| String::from_utf8_lossy(&c.svg).into_owned();
    let first = first.expect("a report has a scenario");
    let base = &profits[0];
    let single = charts::run_charts(base, first.summary.p_loss, first.summary.iterations, foot)?;
    let histogram = (
        format!(
            "{}: profit per agent-year over the simulated years",
            base.name
        ),
        svg(&single[0]),
    );
    let Some(c) = comparison else {
        let curve = (
            format!("{}: cumulative probability", base.name),
            svg(&single[1]),
        );
        return Ok((histogram, vec![curve]));
    };
    let diffs = paired_differences(profits, c);
    let many = charts::compare_charts(profits, &diffs, foot)?;
    let boxes = (
        "Profit per agent-year by scenario: box P25-P75, line P50, whiskers P5-P95, dot the mean"
            .to_string(),
        svg(&many[1]),
    );
    let mut rest = vec![
        histogram,
        (
            "All scenarios: cumulative probability".to_string(),
            svg(&many[0]),
        ),
    ];
    for (d, chart) in diffs.iter().zip(&many[2..]) {
        let caption = format!("{} minus {}, year by year (paired)", d.0, base.name);
        rest.push((caption, svg(chart)));
    }
    Ok((boxes, rest))
}

/// What `report` prints of its target (if any): the years and s.e., and the warning past the
/// cap.
fn target_lines(s: &Summary) -> String {
    let Some(r) = &s.target_se else {
        return String::new();
    };
    let mut lines = console::target_line(r) + "\n";
    if let Some(w) = r.warning() {
        lines += &console::wrap(&format!("warning: {w}"), 100, "  ");
        lines += "\n";
    }
    lines
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
