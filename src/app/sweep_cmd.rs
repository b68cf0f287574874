//! `sweep`: one scenario over a grid of one or two of its fields.
use super::*;

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
    /// Queue mode: the spreadsheet's profit here (every call answered at once), and the mean
    /// offered load (offered work / seat time).
    #[serde(skip_serializing_if = "Option::is_none")]
    spreadsheet: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    offered_load: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    offered_load_se: Option<f64>,
}

pub(super) fn sweep(args: &SweepArgs) -> anyhow::Result<()> {
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
            let queue = s.queue.is_some();
            let spreadsheet = queue.then(|| {
                expected::project(s)
                    .metrics
                    .get("profit_per_agent_year")
                    .unwrap_or(0.0)
            });
            // Only queue runs report the offered load.
            let load = sim.summary.metric(Metric::OfferedLoad);
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
                spreadsheet,
                offered_load: load.map(|m| m.mean),
                offered_load_se: load.map(|m| m.mean_se),
            }
        })
        .collect();
    let break_even = (axes.len() == 1)
        .then(|| {
            let curve: Vec<(f64, f64)> = points.iter().map(|p| (p.values[0], p.mean)).collect();
            crate::sweep::break_even(&curve)
        })
        .flatten();
    // Queue mode, one field: where the mean offered load crosses 1 (seat time used up).
    let capacity_at = (axes.len() == 1)
        .then(|| {
            let load: Option<Vec<(f64, f64)>> = points
                .iter()
                .map(|p| p.offered_load.map(|l| (p.values[0], l - 1.0)))
                .collect();
            load.and_then(|l| crate::sweep::break_even(&l))
        })
        .flatten();
    let paths: Vec<&str> = axes.iter().map(|a| a.path.as_str()).collect();
    let json = serde_json::json!({
        "scenario": base.id, "iterations": cfg.iterations, "seed": cfg.seed,
        "version": crate::VERSION, "fields": paths, "metric": "profit_per_agent_year",
        "points": points, "break_even": break_even, "capacity_at": capacity_at,
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
        let spreadsheet: Option<Vec<f64>> = points.iter().map(|p| p.spreadsheet).collect();
        let overlay = spreadsheet.map(|spreadsheet| charts::SweepOverlay {
            spreadsheet,
            capacity_at,
        });
        let chart = charts::sweep_chart(
            &axes[0].path,
            (&x, &bands),
            break_even,
            overlay.as_ref(),
            &foot,
        )?;
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
        let queue = match (p.spreadsheet, p.offered_load) {
            (Some(s), Some(l)) => format!(
                "  spreadsheet {:>12}  offered load {:>5.1}%",
                console::usd(s),
                l * 100.0
            ),
            _ => String::new(),
        };
        println!(
            "{:>24}  mean {:>12} ± {:<10} P10 {:>12}  P50 {:>12}  P90 {:>12}  P(loss) {:>6.1}%{queue}",
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
    if let Some(c) = capacity_at {
        println!(
            "the offered work reaches the seat time (offered load 100%) at {} = {c:.3}: past it the queue turns callers away and profit bends",
            paths[0]
        );
    }
    let names: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
    println!("\nwrote {}", names.join(", "));
    Ok(())
}
