//! `compare` and `staffing` on the console: scenarios side by side with their paired
//! differences, and the team sizes a staffing search simulated.

use super::{file_list, short, standard_error, usd, value};
use crate::compare::Comparison;
use crate::metrics::Unit;
use crate::stats::EdgeShare;
use std::fmt::Write;
use std::path::PathBuf;

/// Scenarios per block of the side-by-side table: three columns fit 100 characters.
const PER_BLOCK: usize = 3;

/// `compare`: each metric per scenario (mean ± s.e., and P5 to P95 below it), three scenarios to
/// a block, then the paired differences.
pub fn comparison(c: &Comparison, written: &[PathBuf]) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{} scenarios, {} simulated years each, seed {} (common random numbers)\n",
        c.scenarios.len(),
        c.iterations,
        c.seed
    );
    if let Some(r) = &c.target_se {
        let _ = writeln!(o, "{}\n", super::target_line(r));
    }
    for (i, col) in c.scenarios.iter().enumerate() {
        let line = format!("[{}] {} ({})", i + 1, col.name, col.file);
        if line.chars().count() <= 100 {
            let _ = writeln!(o, "{line}");
        } else {
            let _ = writeln!(o, "[{}] {}\n    ({})", i + 1, col.name, col.file);
        }
    }
    for (b, block) in c.scenarios.chunks(PER_BLOCK).enumerate() {
        side_by_side(&mut o, block, b * PER_BLOCK);
    }
    let _ = writeln!(o);
    for d in &c.differences {
        difference(&mut o, c, d);
    }
    for n in &c.notes {
        let _ = writeln!(o, "{}", super::wrap(&format!("note: {n}"), 100, "  "));
    }
    let _ = writeln!(o, "\nwrote {}", file_list(written));
    o
}

/// One block of up to three scenarios: a row per metric, its P5 to P95 on the row below.
fn side_by_side(o: &mut String, block: &[crate::compare::Column], first: usize) {
    let _ = write!(o, "\n{:<30}", "metric (mean ± s.e.)");
    for i in 0..block.len() {
        let _ = write!(o, "{:>23}", format!("[{}]", first + i + 1));
    }
    let _ = writeln!(o);
    for (m, _) in &block[0].metrics {
        let cell = |col: &crate::compare::Column| {
            col.metrics
                .iter()
                .find(|(x, _)| x == m)
                .and_then(|(_, b)| *b)
        };
        let u = m.unit();
        let _ = write!(o, "{:<30}", m.label());
        for col in block {
            let text = cell(col).map_or("-".into(), |b| {
                format!("{} ± {}", value(u, b.mean), standard_error(u, b.mean_se))
            });
            let _ = write!(o, "{text:>23}");
        }
        let _ = write!(o, "\n{:<30}", "  P5 to P95");
        for col in block {
            let text = cell(col).map_or(String::new(), |b| {
                format!("{} to {}", short(u, b.p5), short(u, b.p95))
            });
            let _ = write!(o, "{text:>23}");
        }
        let _ = writeln!(o);
    }
}

/// A paired difference in profit per agent-year, on three short lines.
fn difference(o: &mut String, c: &Comparison, d: &crate::compare::Difference) {
    let index = |id: &str| {
        c.scenarios
            .iter()
            .position(|s| s.scenario == id)
            .map_or(0, |i| i + 1)
    };
    let _ = writeln!(
        o,
        "[{}] minus [{}], profit per agent-year: {} ± {} paired (± {} if run independently)",
        index(&d.scenario),
        index(&d.baseline),
        usd(d.mean),
        standard_error(Unit::Usd, d.se_paired),
        standard_error(Unit::Usd, d.se_unpaired),
    );
    let better = match EdgeShare::of(d.p_better, c.iterations) {
        Some(e) => format!("better in {} ({})", e.count(), e.bound()),
        None => format!(
            "better in {:.1}% ± {} of years",
            d.p_better.p * 100.0,
            standard_error(Unit::Share, d.p_better.se)
        ),
    };
    let _ = writeln!(o, "    P5 to P95 {} to {}; {better}", usd(d.p5), usd(d.p95));
    if let Some(r) = d.return_on_plan_cost_pct {
        let _ = writeln!(
            o,
            "    its plan costs {} more per agent-year; net return on that cost {r:.0}%",
            usd(d.plan_cost_difference)
        );
    }
}
