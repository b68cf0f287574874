//! `sensitivity`: the tornado (one at a time, expected value) and the joint ranking (simulation).

use super::*;
use crate::sensitivity::{self, Swing};

pub(super) fn sensitivity(path: &Path, opts: &RunOptions) -> anyhow::Result<()> {
    let file = path.display().to_string();
    let base = scenario::load(path)?;
    let text = std::fs::read_to_string(path)
        .map_err(|e| InputError::file(&file, format!("cannot read ({e})"), "check the path"))?;
    let default_out = PathBuf::from("output").join(format!("sensitivity-{}", base.id));
    let cfg = RunConfig::new(opts, &base, default_out)?;
    let profit_of = |s: &Scenario| {
        expected::project(s)
            .metrics
            .get("profit_per_agent_year")
            .unwrap_or(0.0)
    };
    let uncertain: Vec<&scenario::Param> = base
        .params()
        .into_iter()
        .filter(|p| !p.dist.is_fixed())
        .collect();
    if uncertain.is_empty() {
        let fix = "give some inputs a distribution (see README, Distributions)";
        return Err(InputError::file(&file, "has no uncertain inputs", fix).into());
    }
    let mut swings = Vec::new();
    for p in &uncertain {
        let (p10, p90) = sensitivity::p10_p90(p);
        let at = |v: f64| -> anyhow::Result<f64> {
            let t = crate::sweep::set_field(&text, &p.path, v).map_err(|e| {
                InputError::file(&file, e, "report this: the path came from the file")
            })?;
            Ok(profit_of(&scenario::parse(&t, &file, &base.id)?))
        };
        let (lo, hi) = (at(p10)?, at(p90)?);
        swings.push(Swing {
            input: p.path.clone(),
            p10,
            p90,
            profit_at_p10: lo,
            profit_at_p90: hi,
            swing: (hi - lo).abs(),
        });
    }
    let out = OutputDir::prepare(&cfg.out_dir)?;
    let sim = simulate(&base, &cfg, &pool(cfg.threads)?, false);
    let profits = profit_series(&base, &sim.records).values;
    let n_agents = base.agents.len() as u64;
    let correlations = uncertain
        .iter()
        .map(|p| {
            let per_agent = base.is_per_agent(p);
            let draws: Vec<f64> = (0..cfg.iterations)
                .map(|it| {
                    if per_agent {
                        (0..n_agents)
                            .map(|a| p.draw_for(cfg.seed, it, a))
                            .sum::<f64>()
                            / n_agents as f64
                    } else {
                        p.draw(cfg.seed, it)
                    }
                })
                .collect();
            (p.path.clone(), crate::stats::spearman(&draws, &profits))
        })
        .collect();
    let (swings, ranked) = sensitivity::rank(swings, correlations);
    let base_profit = profit_of(&base);
    let json = serde_json::json!({
        "scenario": base.id, "iterations": cfg.iterations, "seed": cfg.seed, "version": crate::VERSION,
        "metric": "profit_per_agent_year", "base": base_profit,
        "one_at_a_time": swings, "together": ranked,
    });
    let mut json_bytes = serde_json::to_vec_pretty(&json)?;
    json_bytes.push(b'\n');
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record([
        "input",
        "p10",
        "p90",
        "profit_at_p10",
        "profit_at_p90",
        "swing",
    ])?;
    for s in &swings {
        w.write_record([
            s.input.clone(),
            s.p10.to_string(),
            s.p90.to_string(),
            s.profit_at_p10.to_string(),
            s.profit_at_p90.to_string(),
            s.swing.to_string(),
        ])?;
    }
    let mut files = vec![
        ("sensitivity.json".to_string(), json_bytes.clone()),
        ("sensitivity.csv".to_string(), w.into_inner()?),
    ];
    if cfg.charts {
        let foot = charts::Footnote {
            scenarios: format!("{} ({})", base.name, base.id),
            iterations: cfg.iterations,
            seed: cfg.seed,
        };
        let bars: Vec<(String, f64, f64)> = swings
            .iter()
            .map(|s| (s.input.clone(), s.profit_at_p10, s.profit_at_p90))
            .collect();
        files.extend(charts::tornado_chart(base_profit, &bars, &foot)?.into_files());
        let shares: Vec<(String, f64, f64)> = ranked
            .iter()
            .map(|r| (r.input.clone(), r.share_of_variance, r.rank_correlation))
            .collect();
        files.extend(charts::variance_shares_chart(&shares, &foot)?.into_files());
    }
    let written = out.write_all(&files)?;
    if cfg.json {
        print!("{}", String::from_utf8_lossy(&json_bytes));
        return Ok(());
    }
    println!("{} ({file}): what drives profit per agent-year", base.name);
    println!(
        "\none at a time (expected value, the others at their means; base {}):",
        console::usd(base_profit)
    );
    for s in &swings {
        println!(
            "  {:<44} P10 {:>10} -> {:>10}   P90 {:>10} -> {:>10}   swing {:>10}",
            s.input,
            crate::distributions::format_number(s.p10),
            console::usd(s.profit_at_p10),
            crate::distributions::format_number(s.p90),
            console::usd(s.profit_at_p90),
            console::usd(s.swing)
        );
    }
    println!(
        "\ntogether ({} simulated years, rank correlation with profit):",
        cfg.iterations
    );
    for r in &ranked {
        println!(
            "  {:<44} rho {:>6.3}   share of explained variance {:>5.1}%",
            r.input,
            r.rank_correlation,
            r.share_of_variance * 100.0
        );
    }
    if !base.correlations.is_empty() {
        println!(
            "  (inputs declared correlated share credit: each one's rho carries part of its partners')"
        );
    }
    let names: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
    println!("\nwrote {}", names.join(", "));
    Ok(())
}
