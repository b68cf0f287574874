//! `staffing` on the terminal: the answers, how the search sampled, every team size simulated.

use super::{Unit, file_list, standard_error, usd};
use crate::scenario::Scenario;
use crate::staffing::Staffing;
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// `staffing`: the answer, then every team size simulated.
pub fn staffing(s: &Scenario, path: &Path, r: &Staffing, written: &[PathBuf]) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{}",
        super::titled(&s.name, &path.display().to_string(), "")
    );
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
    let how = format!(
        "started from the Erlang answer, {} agents; each size simulated until its verdict was clear \
         ({} standard errors, or the years left could not change it), at most {} years: {} years in all",
        r.erlang_start, r.sampling.z, r.sampling.max_years, r.years_simulated
    );
    let _ = writeln!(o, "{}\n", super::wrap(&how, 100, ""));
    let _ = writeln!(
        o,
        "{:>6}{:>6}{:>6}{:>16}{:>10}{:>9}{:>10}{:>21}{:>11}",
        "agents",
        "years",
        "seats",
        "service level",
        "years met",
        "abandon",
        "occupancy",
        "profit / agent-year",
        "team"
    );
    for l in &r.levels {
        let mark = if l.agents == r.agents_for_mean || l.agents == r.agents_for_years {
            " <"
        } else {
            ""
        };
        let _ = writeln!(
            o,
            "{:>6}{:>6}{:>6}{:>16}{:>10}{:>9}{:>10}{:>21}{:>11}{mark}",
            l.agents,
            l.years,
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
            super::usd_short(l.team_profit_year_mean),
        );
    }
    let _ = writeln!(o, "\nwrote {}", file_list(written));
    o
}
