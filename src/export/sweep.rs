//! sweep.json (the typed result as it is) and sweep.csv (one row per grid point, a column per
//! swept input named by its path).

use crate::sweep::SweepResult;

pub fn sweep_files(r: &SweepResult) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let mut json = serde_json::to_vec_pretty(r)?;
    json.push(b'\n');
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let mut head: Vec<&str> = r.axes.iter().map(|a| a.path.as_str()).collect();
    head.extend([
        "mean",
        "mean_se",
        "p10",
        "p25",
        "p50",
        "p75",
        "p90",
        "p_loss",
        "p_loss_se",
    ]);
    w.write_record(&head)?;
    for p in &r.points {
        let mut row: Vec<String> = p.values.iter().map(f64::to_string).collect();
        let figures = [
            p.mean,
            p.mean_se,
            p.p10,
            p.p25,
            p.p50,
            p.p75,
            p.p90,
            p.p_loss,
            p.p_loss_se,
        ];
        row.extend(figures.map(|x| x.to_string()));
        w.write_record(&row)?;
    }
    Ok(vec![
        ("sweep.json".to_string(), json),
        ("sweep.csv".to_string(), w.into_inner()?),
    ])
}
