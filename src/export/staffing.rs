//! staffing.csv: one row per team size the search simulated.

use crate::staffing::Level;
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
        }
    }
}
