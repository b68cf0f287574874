//! Declared rank correlations (`[[correlations]]`): they show in the drawn years within sampling
//! error, every input keeps its own distribution, and the covariance they add moves the mean
//! profit by exactly the closed-form amount.

mod common;

use callprofit::scenario::{self, Scenario};
use callprofit::stats;
use common::{callprofit, scenario as bundled};
use serde_json::Value;

fn load(name: &str) -> Scenario {
    scenario::load(std::path::Path::new(&bundled(name))).expect("bundled scenario loads")
}

fn run_json(path: &str, extra: &[&str], out: &std::path::Path) -> Value {
    let mut args = vec!["run", path, "--quiet", "--json", "--no-charts"];
    args.extend(["--out", out.to_str().unwrap()]);
    args.extend(extra);
    let (code, stdout, stderr) = callprofit(&args);
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str(&stdout).unwrap()
}

#[test]
fn declared_rank_correlations_appear_in_the_drawn_years() {
    let dir = tempfile::tempdir().unwrap();
    let path = bundled("center_20_correlated.toml");
    let s = run_json(&path, &["--iterations", "4000"], dir.path());
    let checks = s["correlations"].as_array().expect("summary lists them");
    assert_eq!(checks.len(), 2);
    for c in checks {
        let declared = c["declared_rank"].as_f64().unwrap();
        let drawn = c["drawn_rank"].as_f64().unwrap();
        let se = c["drawn_rank_se"].as_f64().unwrap();
        assert!(
            (drawn - declared).abs() < 4.0 * se,
            "{c}: drawn {drawn} vs declared {declared} (se {se})"
        );
    }
    // Measured here too, straight from the inputs, over 20,000 years.
    let sc = load("center_20_correlated.toml");
    let draws = |path: &str| -> Vec<f64> {
        let p = &sc.inputs.find(path).unwrap().param;
        (0..20_000).map(|it| p.draw(99, it)).collect()
    };
    let demand = draws("demand.demand_multiplier");
    let (save1, save2) = (
        draws("outcomes[0].probability"),
        draws("outcomes[1].probability"),
    );
    let n = demand.len();
    for (a, b, declared) in [
        (&demand, &save1, 0.5),
        (&save1, &save2, 0.6),
        (&demand, &save2, 0.0),
    ] {
        let rho = stats::spearman(a, b);
        let se = stats::spearman_se(rho, n);
        // An undeclared pair stays independent, however its inputs are linked to a third.
        let expected = declared;
        assert!(
            (rho - expected).abs() < 4.0 * se,
            "rank {rho} vs {expected} (se {se})"
        );
    }
}

#[test]
fn every_correlated_input_keeps_its_own_distribution() {
    // The same inputs drawn with the correlations (center_20_correlated) and without (center_20):
    // the two samples' KS distance stays under its 1-in-10,000 critical value, and each mean
    // within 4 s.e. of the distribution's own.
    let (with, without) = (load("center_20_correlated.toml"), load("center_20.toml"));
    let n = 20_000u64;
    let critical = stats::ks_critical(0.0001, n as usize, n as usize);
    for path in [
        "demand.demand_multiplier",
        "outcomes[0].probability",
        "outcomes[1].probability",
    ] {
        let find = |s: &Scenario| {
            let p = &s.inputs.find(path).unwrap().param;
            (
                p.is_correlated(),
                (0..n).map(|it| p.draw(5, it)).collect::<Vec<f64>>(),
            )
        };
        let ((linked, a), (free, b)) = (find(&with), find(&without));
        assert!(
            linked && !free,
            "{path}: only the first scenario correlates it"
        );
        let stated = with.inputs.find(path).unwrap().mean();
        let m = stats::summarize(&a).unwrap();
        assert!(
            (m.mean - stated).abs() < 4.0 * m.mean_se,
            "{path}: mean {} vs {stated}",
            m.mean
        );
        let ks = stats::ks_distance(a, b);
        assert!(ks < critical, "{path}: KS distance {ks} >= {critical}");
    }
}

const UNIFORM_PAIR: &str = r#"
name = "demand level and value per save, both uniform"
[team]
agents = 1
[demand]
calls_per_agent_hour = 10
demand_multiplier = { dist = "uniform", min = 0.5, max = 1.5 }
[[outcomes]]
name = "save"
probability = 0.1
value_usd = { dist = "uniform", min = 50, max = 150 }
[simulation]
iterations = 20000
seed = 7
"#;

#[test]
fn the_added_covariance_moves_mean_revenue_by_the_closed_form() {
    // Revenue per agent-year has mean 2080 h x 10 calls/h x 0.1 x E[D V]. Under a Gaussian
    // copula the ranks of two uniform inputs have Pearson correlation equal to the declared
    // Spearman rank, so E[D V] = E[D] E[V] + rank sd(D) sd(V) = 100 + rank x 100 / 12.
    let dir = tempfile::tempdir().unwrap();
    let mut means = Vec::new();
    for rank in [None, Some(0.6), Some(-0.6)] {
        let text = match rank {
            None => UNIFORM_PAIR.to_string(),
            Some(r) => format!(
                "{UNIFORM_PAIR}\n[[correlations]]\nbetween = [\"demand.demand_multiplier\", \"outcomes[0].value_usd\"]\nrank = {r}\n"
            ),
        };
        let file = dir.path().join("pair.toml");
        std::fs::write(&file, text).unwrap();
        let s = run_json(file.to_str().unwrap(), &[], &dir.path().join("out"));
        let revenue = &s["metrics"]["revenue_per_agent_year"];
        let (mean, se) = (
            revenue["mean"].as_f64().unwrap(),
            revenue["mean_se"].as_f64().unwrap(),
        );
        let expected = 2080.0 * (100.0 + rank.unwrap_or(0.0) * 100.0 / 12.0);
        assert!(
            (mean - expected).abs() < 4.0 * se,
            "rank {rank:?}: mean {mean} vs {expected} (se {se})"
        );
        means.push((mean, se));
    }
    // And the shift is no rounding: +-$10,400, many standard errors away from independence.
    let (base, se) = means[0];
    assert!(means[1].0 - base > 10.0 * se && base - means[2].0 > 10.0 * se);
}

#[test]
fn sweeping_a_correlated_input_drops_its_correlation() {
    // A swept input is a fixed number at each point; its correlation goes, the others stay.
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = callprofit(&[
        "sweep",
        &bundled("center_20_correlated.toml"),
        "--set",
        "demand.demand_multiplier=0.9..1.1:2",
        "--iterations",
        "200",
        "--quiet",
        "--json",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["points"].as_array().map(Vec::len), Some(2), "{v}");
    let path = bundled("center_20_correlated.toml");
    let base = scenario::load(std::path::Path::new(&path)).unwrap();
    let demand = base.inputs.find("demand.demand_multiplier").unwrap().id;
    let s = base.with_input(demand, 1.0).expect("still valid");
    let left: Vec<&[String; 2]> = s.correlations.iter().map(|c| &c.between).collect();
    assert_eq!(
        left,
        [&[
            "outcomes[0].probability".to_string(),
            "outcomes[1].probability".to_string()
        ]]
    );
}

/// Two uniform costs and no revenue: profit per agent-year is -(2080 x 1.25 x W + O) exactly,
/// a linear function of the two inputs and nothing else.
const COST_PAIR: &str = r#"
[team]
agents = 2
wage_per_hour_usd = { dist = "uniform", min = 10, max = 20 }
benefits_load_pct = 25
overhead_per_agent_year_usd = { dist = "uniform", min = 0, max = 30000 }
[demand]
calls_per_agent_hour = 1
[[outcomes]]
name = "save"
probability = 0
value_usd = 35
[simulation]
iterations = 20000
seed = 11
"#;

#[test]
fn the_added_covariance_widens_the_spread_by_the_closed_form() {
    // Var(aW + O) = a^2 Var W + Var O + 2 a rho sd(W) sd(O), a = 2080 x 1.25, with the copula's
    // Pearson correlation of two uniforms equal to the declared Spearman rank. The sample
    // variance's standard error is sqrt((m4 - s^4) / n), from the sample's own fourth moment.
    let dir = tempfile::tempdir().unwrap();
    let a = 2080.0 * 1.25;
    let (sd_w, sd_o) = (10.0 / 12f64.sqrt(), 30000.0 / 12f64.sqrt());
    for rank in [0.0, 0.7, -0.7] {
        let text = format!(
            "{COST_PAIR}\n[[correlations]]\nbetween = [\"team.wage_per_hour_usd\", \"team.overhead_per_agent_year_usd\"]\nrank = {rank}\n"
        );
        let text = if rank == 0.0 {
            COST_PAIR.to_string()
        } else {
            text
        };
        let file = dir.path().join("costs.toml");
        std::fs::write(&file, text).unwrap();
        let out = dir.path().join(format!("out{rank}"));
        let (code, _, stderr) = callprofit(&[
            "run",
            file.to_str().unwrap(),
            "--quiet",
            "--no-charts",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{stderr}");
        let csv = std::fs::read_to_string(out.join("iterations.csv")).unwrap();
        let mut rows = csv.lines();
        let head: Vec<&str> = rows.next().unwrap().split(',').collect();
        let col = head
            .iter()
            .position(|h| *h == "profit_per_agent_year")
            .unwrap();
        let x: Vec<f64> = rows
            .map(|r| r.split(',').nth(col).unwrap().parse().unwrap())
            .collect();
        let n = x.len() as f64;
        let mean = x.iter().sum::<f64>() / n;
        let m2 = x.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
        let m4 = x.iter().map(|v| (v - mean).powi(4)).sum::<f64>() / n;
        let want = a * a * sd_w * sd_w + sd_o * sd_o + 2.0 * a * rank * sd_w * sd_o;
        let se = ((m4 - m2 * m2) / n).sqrt();
        assert!(
            (m2 - want).abs() < 4.0 * se,
            "rank {rank}: variance {m2} vs {want} (se {se})"
        );
    }
}

#[test]
fn the_bundled_example_widens_the_spread() {
    // README, "Correlated inputs": both declared pairs are positive, so center_20_correlated has
    // more spread than center_20 at the same 10,000 years and seed (a sample sd's s.e. is about
    // sd / sqrt(2n), 0.7% here) and wider tails both ways.
    let dir = tempfile::tempdir().unwrap();
    let profit = |name: &str| {
        let s = run_json(&bundled(name), &[], &dir.path().join(name));
        s["metrics"]["profit_per_agent_year"].clone()
    };
    let (free, linked) = (
        profit("center_20.toml"),
        profit("center_20_correlated.toml"),
    );
    let (a, b) = (
        free["std"].as_f64().unwrap(),
        linked["std"].as_f64().unwrap(),
    );
    let se = (a * a + b * b).sqrt() / (2.0 * 10_000f64).sqrt();
    assert!(b - a > 4.0 * se, "sd {b} vs {a} (se {se})");
    let at = |v: &Value, q: &str| v[q].as_f64().unwrap();
    assert!(at(&linked, "p5") < at(&free, "p5") && at(&linked, "p95") > at(&free, "p95"));
}
