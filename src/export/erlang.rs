//! `erlang SCENARIO`'s files: erlang.json (the typed interval plan) and erlang.csv (one row per
//! open hour of the week).

use crate::calculator::IntervalPlan;

pub fn erlang_files(p: &IntervalPlan) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let mut json = serde_json::to_vec_pretty(p)?;
    json.push(b'\n');
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record([
        "day",
        "day_name",
        "hour",
        "starts",
        "hours",
        "calls_per_hour",
        "agents_on_phones",
        "scheduled_agents",
        "p_wait",
        "service_level",
        "asa_seconds",
        "abandon_rate",
        "occupancy",
    ])?;
    for i in &p.intervals {
        let n = &i.need;
        w.write_record([
            i.day.to_string(),
            i.day_name.to_string(),
            i.hour.to_string(),
            i.starts.clone(),
            i.hours.to_string(),
            n.calls_per_hour.to_string(),
            n.agents_on_phones.to_string(),
            n.scheduled_agents.to_string(),
            n.p_wait.to_string(),
            n.service_level.to_string(),
            n.asa_seconds.map_or(String::new(), |a| a.to_string()),
            n.abandon_rate.to_string(),
            n.occupancy.to_string(),
        ])?;
    }
    Ok(vec![
        ("erlang.json".to_string(), json),
        ("erlang.csv".to_string(), w.into_inner()?),
    ])
}
