//! `compare` and `report`: several scenarios run with the same seed, side by side.
use super::*;

pub(super) fn compare(args: &CompareArgs) -> anyhow::Result<()> {
    let (scenarios, cfg) = load_set(&args.scenarios, &args.opts, "compare")?;
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
        &simulate_set(scenarios, cfg)?,
        &args.scenarios,
        !args.no_xlsx,
    )
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

pub(super) fn report(args: &ReportArgs) -> anyhow::Result<()> {
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
    let first = charts::run_charts(
        &profits[0],
        runs[0].summary.p_loss,
        runs[0].summary.iterations,
        &foot,
    )?;
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
    println!("wrote {}", console::file_list(&written));
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
