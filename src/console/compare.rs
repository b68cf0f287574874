//! `compare` and `staffing` on the console: scenarios side by side with their paired
//! differences, and the team sizes a staffing search simulated.

use super::{file_list, standard_error, usd, value};
use crate::compare::Comparison;
use crate::metrics::Unit;
use crate::scenario::Scenario;
use crate::staffing::Staffing;
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// `compare`: each metric per scenario (mean ± s.e. and P5–P95), then the paired differences.
pub fn comparison(c: &Comparison, written: &[PathBuf]) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{} scenarios, {} simulated years each, seed {} (common random numbers)\n",
        c.scenarios.len(),
        c.iterations,
        c.seed
    );
    for (i, col) in c.scenarios.iter().enumerate() {
        let _ = writeln!(o, "[{}] {} ({})", i + 1, col.name, col.file);
    }
    let _ = write!(o, "\n{:<31}", "metric");
    for i in 0..c.scenarios.len() {
        let _ = write!(o, "{:>44}", format!("[{}] mean ± s.e. (P5 to P95)", i + 1));
    }
    let _ = writeln!(o);
    let metrics = c.scenarios[0].metrics.iter().map(|(m, _)| *m);
    for m in metrics {
        let _ = write!(o, "{:<31}", m.label());
        for col in &c.scenarios {
            let cell = col
                .metrics
                .iter()
                .find(|(x, _)| *x == m)
                .and_then(|(_, b)| *b)
                .map_or("-".to_string(), |b| {
                    let u = m.unit();
                    format!(
                        "{} ± {} ({} to {})",
                        value(u, b.mean),
                        standard_error(u, b.mean_se),
                        value(u, b.p5),
                        value(u, b.p95)
                    )
                });
            let _ = write!(o, "{cell:>44}");
        }
        let _ = writeln!(o);
    }
    let _ = writeln!(o);
    for d in &c.differences {
        let _ = writeln!(
            o,
            "{} minus {}: profit per agent-year {} ± {} (paired; {} if run independently), \
             P5 to P95 {} to {}; P(better) = {:.1}% ± {:.1}%",
            d.scenario,
            d.baseline,
            usd(d.mean),
            standard_error(Unit::Usd, d.se_paired),
            standard_error(Unit::Usd, d.se_unpaired),
            usd(d.p5),
            usd(d.p95),
            d.p_better.p * 100.0,
            d.p_better.se * 100.0
        );
        if let Some(r) = d.return_on_plan_cost_pct {
            let _ = writeln!(
                o,
                "  its plan costs {} more per agent-year; net return on that cost {r:.0}%",
                usd(d.plan_cost_difference)
            );
        }
    }
    for n in &c.notes {
        let _ = writeln!(o, "note: {n}");
    }
    let _ = writeln!(o, "\nwrote {}", file_list(written));
    o
}

/// `staffing`: the answer, then every team size simulated.
pub fn staffing(s: &Scenario, path: &Path, r: &Staffing, written: &[PathBuf]) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{} ({})", s.name, path.display());
    let target = format!(
        "{:.0}% of offered calls answered within {} s",
        r.target_service_level * 100.0,
        r.within_seconds
    );
    let _ = writeln!(o, "target: {target}\n");
    let _ = writeln!(
        o,
        "fewest agents meeting it in the mean:                 {}",
        r.agents_for_mean
    );
    let _ = writeln!(
        o,
        "fewest agents meeting it in {:.0}% of simulated years: {}\n",
        r.years_share * 100.0,
        r.agents_for_years
    );
    let _ = writeln!(
        o,
        "{:>7}{:>7}{:>20}{:>14}{:>10}{:>11}{:>26}{:>22}",
        "agents",
        "seats",
        "service level",
        "years met",
        "abandon",
        "occupancy",
        "profit per agent-year",
        "team profit per year"
    );
    for l in &r.levels {
        let mark = if l.agents == r.agents_for_mean || l.agents == r.agents_for_years {
            " <"
        } else {
            ""
        };
        let _ = writeln!(
            o,
            "{:>7}{:>7}{:>20}{:>14}{:>10}{:>11}{:>26}{:>22}{mark}",
            l.agents,
            l.seats,
            format!(
                "{:.2}% ± {}",
                l.service_level_mean * 100.0,
                standard_error(Unit::Share, l.service_level_se)
            ),
            format!("{:.0}%", l.years_meeting.p * 100.0),
            format!("{:.2}%", l.abandon_rate_mean * 100.0),
            format!("{:.1}%", l.occupancy_mean * 100.0),
            format!(
                "{} ± {}",
                usd(l.profit_per_agent_year_mean),
                standard_error(Unit::Usd, l.profit_per_agent_year_se)
            ),
            usd(l.team_profit_year_mean),
        );
    }
    let _ = writeln!(o, "\nwrote {}", file_list(written));
    o
}
