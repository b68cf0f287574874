//! staffing.json (the search's typed result) and staffing.csv (one row per team size the search
//! simulated, with the years it took).

use crate::staffing::{Level, Staffing};
use serde::Serialize;

#[derive(Serialize)]
pub struct StaffingRow {
    agents: usize,
    seats: usize,
    service_level_mean: f64,
    service_level_se: f64,
    years_meeting: f64,
    years_meeting_se: f64,
    abandon_rate_mean: f64,
    occupancy_mean: f64,
    profit_per_agent_year_mean: f64,
    profit_per_agent_year_se: f64,
    team_profit_year_mean: f64,
    team_profit_year_se: f64,
    /// Years simulated at this size (last, so older readers' columns keep their places).
    years: u64,
}

impl From<&Level> for StaffingRow {
    fn from(l: &Level) -> Self {
        StaffingRow {
            agents: l.agents,
            seats: l.seats,
            service_level_mean: l.service_level_mean,
            service_level_se: l.service_level_se,
            years_meeting: l.years_meeting.p,
            years_meeting_se: l.years_meeting.se,
            abandon_rate_mean: l.abandon_rate_mean,
            occupancy_mean: l.occupancy_mean,
            profit_per_agent_year_mean: l.profit_per_agent_year_mean,
            profit_per_agent_year_se: l.profit_per_agent_year_se,
            team_profit_year_mean: l.team_profit_year_mean,
            team_profit_year_se: l.team_profit_year_se,
            years: l.years,
        }
    }
}

pub fn staffing_files(r: &Staffing) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let mut json = serde_json::to_vec_pretty(r)?;
    json.push(b'\n');
    let mut csv = ::csv::Writer::from_writer(Vec::new());
    for level in &r.levels {
        csv.serialize(StaffingRow::from(level))?;
    }
    Ok(vec![
        ("staffing.json".to_string(), json),
        ("staffing.csv".to_string(), csv.into_inner()?),
    ])
}
