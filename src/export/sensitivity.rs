//! sensitivity.json (the typed result as it is) and sensitivity.csv (the tornado's rows, each
//! input by its path and label).

use crate::sensitivity::SensitivityResult;

pub fn sensitivity_files(r: &SensitivityResult) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let mut json = serde_json::to_vec_pretty(r)?;
    json.push(b'\n');
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record([
        "input",
        "label",
        "p10",
        "p90",
        "profit_at_p10",
        "profit_at_p90",
        "swing",
    ])?;
    for s in &r.one_at_a_time {
        w.write_record([
            s.input.clone(),
            s.label.clone(),
            s.p10.to_string(),
            s.p90.to_string(),
            s.profit_at_p10.to_string(),
            s.profit_at_p90.to_string(),
            s.swing.to_string(),
        ])?;
    }
    Ok(vec![
        ("sensitivity.json".to_string(), json),
        ("sensitivity.csv".to_string(), w.into_inner()?),
    ])
}
