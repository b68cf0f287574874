//! `calibrate`: observed results per agent to beta distributions, and a scenario fragment. The
//! one typed `Calibration` is what the JSON, the CSV, the fragment and the console all read.

use super::*;
use crate::calibrate::{self, AgentRate, Calibration, Observed, OutcomeCalibration, Posterior};
use std::fmt::Write as _;

pub(super) fn calibrate(
    data: &Path,
    out: Option<PathBuf>,
    prior_a: f64,
    prior_b: f64,
) -> anyhow::Result<()> {
    let file = data.display().to_string();
    if !(prior_a > 0.0 && prior_b > 0.0 && prior_a.is_finite() && prior_b.is_finite()) {
        let fix = "use positive numbers, e.g. 1 and 1 for a flat prior";
        return Err(InputError::file("--prior-alpha/--prior-beta", "must be positive", fix).into());
    }
    let (outcomes, rows) = read(data, &file)?;
    let stem = data
        .file_stem()
        .map_or("data".into(), |s| s.to_string_lossy().into_owned());
    let dir = out.unwrap_or_else(|| PathBuf::from("output").join(format!("calibrate-{stem}")));
    let result = calibrate::calibrate(&rows, &outcomes, prior_a, prior_b);
    let out = OutputDir::prepare(&dir)?;
    let mut json = serde_json::to_vec_pretty(&result)?;
    json.push(b'\n');
    let files = vec![
        ("calibration.json".to_string(), json),
        ("calibration.csv".to_string(), table_csv(&result)?),
        (
            "scenario_fragment.toml".to_string(),
            fragment(&result, &file).into_bytes(),
        ),
    ];
    let written = out.write_all(&files)?;
    print!("{}", render(&result));
    println!("\nwrote {}", console::file_list(&written));
    Ok(())
}

/// Reads `agent,calls,<outcome>...`; every count a whole number, successes at most calls.
fn read(path: &Path, file: &str) -> anyhow::Result<(Vec<String>, Vec<Observed>)> {
    let bad = |problem: String, fix: &str| InputError::file(file, problem, fix);
    let mut r = ::csv::Reader::from_path(path)
        .map_err(|e| bad(format!("cannot read the data ({e})"), "check the path"))?;
    let head = header(&mut r, file)?;
    let mut rows = Vec::new();
    for (i, rec) in r.records().enumerate() {
        let line = i + 2;
        let rec = rec.map_err(|e| bad(format!("line {line}: {e}"), "fix the CSV there"))?;
        rows.push(row(&rec, &head, line).map_err(|(problem, fix)| bad(problem, fix))?);
    }
    if rows.is_empty() {
        return Err(bad("has no agents".into(), "add one row per agent").into());
    }
    Ok((head[2..].to_vec(), rows))
}

/// One agent's row, or the problem (naming line and column) and its fix.
fn row(
    rec: &::csv::StringRecord,
    head: &[String],
    line: usize,
) -> Result<Observed, (String, &'static str)> {
    let num = |c: usize| -> Result<u64, (String, &'static str)> {
        let cell = rec.get(c).unwrap_or("").trim();
        cell.parse().map_err(|_| {
            let problem = format!(
                "line {line}, column {}: `{cell}` is not a whole number",
                head[c]
            );
            (problem, "write counts as whole numbers")
        })
    };
    let calls = num(1)?;
    let successes = (2..head.len()).map(num).collect::<Result<Vec<_>, _>>()?;
    // Checked: counts near u64::MAX would wrap (or abort) an unchecked sum and slip past the
    // comparison with the calls.
    let fix =
        "each call ends in at most one outcome: a row's successes add up to at most its calls";
    let mut total: u64 = 0;
    for (k, c) in successes.iter().zip(&head[2..]) {
        let sum = total.checked_add(*k);
        if let Some(t) = sum.filter(|t| *t <= calls) {
            total = t;
            continue;
        }
        let sum = sum.map_or(format!("past {}", u64::MAX), |t| t.to_string());
        let problem = format!(
            "line {line}, column {c}: successes add up to {sum} by this column, more than the row's {calls} calls"
        );
        return Err((problem, fix));
    }
    Ok(Observed {
        agent: rec.get(0).unwrap_or("").to_string(),
        calls,
        successes,
    })
}

/// The header, which must be `agent,calls` and at least one outcome.
fn header(r: &mut ::csv::Reader<std::fs::File>, file: &str) -> anyhow::Result<Vec<String>> {
    let head: Vec<String> = r
        .headers()
        .map_err(|e| {
            let fix = "start with agent,calls,<outcome>...";
            InputError::file(file, format!("no header ({e})"), fix)
        })?
        .iter()
        .map(str::to_string)
        .collect();
    if head.len() < 3 || head[0] != "agent" || head[1] != "calls" {
        let fix = "the header must be agent,calls, then one column per outcome";
        return Err(InputError::file(file, format!("header is {}", head.join(",")), fix).into());
    }
    // Each column becomes an outcome's name and a key in the fragment's `rates` tables, which
    // a blank or a repeated name would break.
    let outcomes = &head[2..];
    for (i, name) in outcomes.iter().enumerate() {
        if name.trim().is_empty() || outcomes[..i].contains(name) {
            let problem = format!("header: outcome column {} is `{name}`", i + 3);
            let fix = "give every outcome column its own non-empty name, as in the scenario";
            return Err(InputError::file(file, problem, fix).into());
        }
    }
    Ok(head)
}

/// One line of calibration.csv: a posterior and whose it is (the team's has no counts).
struct TableRow<'a> {
    outcome: &'a str,
    agent: &'a str,
    counts: Option<(u64, u64)>,
    estimate: &'static str,
    posterior: &'a Posterior,
}

impl TableRow<'_> {
    const HEADER: [&'static str; 10] = [
        "outcome",
        "agent",
        "successes",
        "calls",
        "estimate",
        "alpha",
        "beta",
        "mean",
        "p5",
        "p95",
    ];

    fn record(&self) -> [String; 10] {
        let p = self.posterior;
        let (k, n) = self
            .counts
            .map_or((String::new(), String::new()), |(k, n)| {
                (k.to_string(), n.to_string())
            });
        [
            self.outcome.to_string(),
            self.agent.to_string(),
            k,
            n,
            self.estimate.to_string(),
            p.alpha.to_string(),
            p.beta.to_string(),
            p.mean.to_string(),
            p.p5.to_string(),
            p.p95.to_string(),
        ]
    }
}

/// Per outcome, the team's pooled row, then each agent's own and partially pooled rows.
fn table_rows(c: &OutcomeCalibration) -> Vec<TableRow<'_>> {
    let team = TableRow {
        outcome: &c.outcome,
        agent: "(team)",
        counts: None,
        estimate: "pooled",
        posterior: &c.pooled,
    };
    let mut rows = vec![team];
    for a in &c.agents {
        rows.push(agent_row(c, a, "own", &a.own));
        rows.push(agent_row(c, a, "partially_pooled", &a.partially_pooled));
    }
    rows
}

fn agent_row<'a>(
    c: &'a OutcomeCalibration,
    a: &'a AgentRate,
    estimate: &'static str,
    posterior: &'a Posterior,
) -> TableRow<'a> {
    TableRow {
        outcome: &c.outcome,
        agent: &a.agent,
        counts: Some((a.successes, a.calls)),
        estimate,
        posterior,
    }
}

fn table_csv(result: &Calibration) -> anyhow::Result<Vec<u8>> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record(TableRow::HEADER)?;
    for c in &result.outcomes {
        for row in table_rows(c) {
            w.write_record(row.record())?;
        }
    }
    Ok(w.into_inner()?)
}

fn beta_spec(p: &Posterior) -> String {
    format!(
        "{{ dist = \"beta\", alpha = {}, beta = {} }}",
        p.alpha, p.beta
    )
}

/// `probability` lines for [[outcomes]], a [[roster]] with partially pooled rates and the
/// [[correlations]] between agents' rates, ready to paste into a scenario (values and points are
/// the user's to add). An outcome pooled completely gets no per-agent rate: its agents share
/// the team's one draw a year, which independent per-agent draws of the same beta would not.
/// Names come from the CSV as written, so every one goes through `toml_string` or `toml_key`.
fn fragment(result: &Calibration, file: &str) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "# Calibrated from {} by `callprofit calibrate`.",
        one_line(file)
    );
    let _ = writeln!(
        o,
        "# Pooled team rates: paste each into its [[outcomes]] table."
    );
    for c in &result.outcomes {
        let (key, spec) = (toml_key(&c.outcome), beta_spec(&c.pooled));
        let _ = writeln!(o, "# {key}: probability = {spec}");
    }
    let _ = writeln!(o, "\n# Each agent, partially pooled toward the team.");
    let shared: Vec<String> = result
        .outcomes
        .iter()
        .filter(|c| c.completely_pooled())
        .map(|c| toml_key(&c.outcome))
        .collect();
    if !shared.is_empty() {
        let _ = writeln!(
            o,
            "# {}: the agents differ no more than chance,\n# so each takes the team's rate (one draw a year for all).",
            shared.join(", ")
        );
    }
    let agents = result.outcomes.first().map_or(0, |c| c.agents.len());
    for i in 0..agents {
        let first = &result.outcomes[0].agents[i];
        let _ = writeln!(
            o,
            "[[roster]]\nname = {}\ncalls_per_week = {}",
            toml_string(&first.agent),
            first.calls
        );
        for c in result.outcomes.iter().filter(|c| !c.completely_pooled()) {
            let p = &c.agents[i].partially_pooled;
            let _ = writeln!(o, "rates.{} = {}", toml_key(&c.outcome), beta_spec(p));
        }
        o.push('\n');
    }
    o.push_str(&fragment_correlations(result));
    o
}

/// Agents' rates share the uncertainty in the team's mean, so they go together.
fn fragment_correlations(result: &Calibration) -> String {
    let mut o = String::new();
    for c in &result.outcomes {
        let pairs = c.rank_correlations();
        if pairs.is_empty() {
            continue;
        }
        let _ = writeln!(
            o,
            "# {}: the agents share the uncertain team mean, so their rates go together.",
            toml_key(&c.outcome)
        );
        // An input's path holds the outcome's name as written (validation joins it unquoted).
        let path = |i: usize| toml_string(&format!("roster[{i}].rates.{}", c.outcome));
        for (i, j, rank) in pairs {
            let _ = writeln!(
                o,
                "[[correlations]]\nbetween = [{}, {}]\nrank = {rank}\n",
                path(i),
                path(j)
            );
        }
    }
    o
}

/// `s` as a TOML basic string: quotes, backslashes and control characters escaped (TOML 1.0,
/// "Basic strings").
fn toml_string(s: &str) -> String {
    let mut o = String::from('"');
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            '\n' => o.push_str("\\n"),
            '\r' => o.push_str("\\r"),
            '\t' => o.push_str("\\t"),
            // Every control character is below U+10000, so four hex digits hold it.
            c if c.is_control() => {
                let _ = write!(o, "\\u{:04X}", u32::from(c));
            }
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

/// `s` as a TOML key: bare when TOML allows it (ASCII letters, digits, `_` and `-`), else quoted.
fn toml_key(s: &str) -> String {
    let bare = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    if !s.is_empty() && s.chars().all(bare) {
        s.to_string()
    } else {
        toml_string(s)
    }
}

/// `s` for a comment: a line break in it would end the comment and start a line of TOML.
fn one_line(s: &str) -> String {
    if s.chars().any(char::is_control) {
        toml_string(s)
    } else {
        s.to_string()
    }
}

/// The console's view: per outcome the pooled posterior and how far agents are pulled, then
/// each agent's counts, own and partially pooled posteriors.
fn render(result: &Calibration) -> String {
    let mut o = String::new();
    for c in &result.outcomes {
        let p = &c.pooled;
        let pull = match c.kappa {
            Some(kappa) => {
                let t = &c.team_mean;
                format!(
                    "agents pulled toward the team mean ({:.4}, 90% {:.4} to {:.4}) with the weight of {kappa:.0} calls",
                    t.mean, t.p5, t.p95
                )
            }
            None => "agents differ no more than chance: each gets the pooled posterior".into(),
        };
        let _ = writeln!(
            o,
            "{}: pooled Beta({}, {}), mean {:.4}, 90% {:.4} to {:.4}",
            c.outcome, p.alpha, p.beta, p.mean, p.p5, p.p95
        );
        let _ = writeln!(o, "{}", console::wrap(&pull, 100, "  "));
        let _ = writeln!(
            o,
            "  {:<12} {:>12} {:>8} {:>26} {:>26}",
            "agent", "observed", "rate", "own (90%)", "partially pooled (90%)"
        );
        for a in &c.agents {
            let (own, pp) = (&a.own, &a.partially_pooled);
            let _ = writeln!(
                o,
                "  {:<12} {:>4} of {:<5} {:>8.4} {:>8.4} ({:.4} to {:.4}) {:>8.4} ({:.4} to {:.4})",
                a.agent,
                a.successes,
                a.calls,
                a.observed,
                own.mean,
                own.p5,
                own.p95,
                pp.mean,
                pp.p5,
                pp.p95
            );
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::{toml_key, toml_string};

    /// Whatever a CSV holds comes back from TOML as it was written.
    #[test]
    fn names_survive_a_round_trip_through_toml() {
        for name in [
            "Ann \"A\"",
            "back\\slash",
            "two\nlines",
            "tab\tand bell \u{7}, del \u{7f}",
            "site 1",
            "é",
            "",
        ] {
            let text = format!("{} = {}\n", toml_key(name), toml_string(name));
            let table: toml::Table =
                toml::from_str(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(table[name].as_str(), Some(name), "{text}");
        }
        assert_eq!(toml_key("site1_save"), "site1_save", "bare keys stay bare");
    }
}
