//! Sweeps: a scenario run over a grid of one or two of its inputs, named by their path in the
//! file (`demand.calls_per_agent_hour`, `team.agents`) and pinned by id on the validated scenario
//! (`Scenario::with_inputs`), every point with the same seed (common random numbers); the
//! break-even value where the mean profit per agent-year changes sign. Pure: grid parsing, the
//! typed result and interpolation; simulating the points is the app's.

use crate::distributions::format_number;
use crate::error::{InputError, did_you_mean};
use crate::scenario::{InputId, Kind, Scenario};
use serde::Serialize;

/// One swept input: `PATH=FROM..TO:STEPS`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Axis {
    #[serde(skip)]
    pub id: InputId,
    pub path: String,
    pub label: String,
    pub values: Vec<f64>,
}

const FORMAT: &str = "write PATH=FROM..TO:STEPS, e.g. demand.calls_per_agent_hour=1.5..15:10";

/// Parses one `--set` and resolves its path in the scenario's input table.
pub fn parse_axis(spec: &str, s: &Scenario) -> Result<Axis, InputError> {
    let bad =
        |problem: &str, fix: &str| InputError::file("--set", format!("{spec}: {problem}"), fix);
    let (path, range) = spec.split_once('=').ok_or_else(|| bad("no `=`", FORMAT))?;
    let (span, steps) = range
        .split_once(':')
        .ok_or_else(|| bad("no `:STEPS`", FORMAT))?;
    let (from, to) = span
        .split_once("..")
        .ok_or_else(|| bad("no `FROM..TO`", FORMAT))?;
    let num = |s: &str| s.trim().parse::<f64>().ok().filter(|x| x.is_finite());
    let (Some(from), Some(to)) = (num(from), num(to)) else {
        return Err(bad("FROM and TO must be numbers", FORMAT));
    };
    let steps: usize = steps
        .trim()
        .parse()
        .map_err(|_| bad("STEPS must be a whole number", FORMAT))?;
    if !(2..=200).contains(&steps) || path.trim().is_empty() {
        return Err(bad("STEPS must be 2 to 200, and PATH not empty", FORMAT));
    }
    let input =
        find_input(s, path.trim()).map_err(|fix| bad("is not an input of this scenario", &fix))?;
    if input.kind == Kind::PerCall {
        let fix = "a per-call duration is a distribution; sweep a year-level input or a setting";
        return Err(bad("is drawn for every call", fix));
    }
    let values: Vec<f64> = (0..steps)
        .map(|i| from + (to - from) * i as f64 / (steps - 1) as f64)
        .collect();
    if let Some(v) = values.iter().find(|v| input.integer && v.fract() != 0.0) {
        let step = ((to - from) / (steps - 1) as f64).round().max(1.0);
        let end = from.round() + step * (steps - 1) as f64;
        let fix = format!(
            "{} takes whole numbers: choose FROM, TO and STEPS so that every point is whole, e.g. {}={}..{end}:{steps}",
            input.path,
            input.path,
            from.round()
        );
        let problem = format!("the grid point {} is not a whole number", format_number(*v));
        return Err(bad(&problem, &fix));
    }
    Ok(Axis {
        id: input.id,
        path: input.path.clone(),
        label: input.label.clone(),
        values,
    })
}

fn find_input<'a>(s: &'a Scenario, path: &str) -> Result<&'a crate::scenario::Input, String> {
    if let Some(i) = s.inputs.find(path) {
        return Ok(i);
    }
    let paths: Vec<&str> = s.inputs.iter().map(|i| i.path.as_str()).collect();
    Err(match did_you_mean(path, &paths) {
        Some(p) => format!("did you mean `{p}`? `check` lists every input with its path"),
        None => "use an input's path as `check` lists it, e.g. demand.calls_per_agent_hour".into(),
    })
}

/// The points of one or two axes (the second varying fastest). The same input twice is an
/// error: the second would silently replace the first.
pub fn grid(axes: &[Axis]) -> Result<Vec<Vec<f64>>, InputError> {
    match axes {
        [a] => Ok(a.values.iter().map(|v| vec![*v]).collect()),
        [a, b] if a.id == b.id => Err(InputError::file(
            "--set",
            format!("{} is given twice", a.path),
            "sweep two different inputs, or one",
        )),
        [a, b] => Ok(a
            .values
            .iter()
            .flat_map(|x| b.values.iter().map(move |y| vec![*x, *y]))
            .collect()),
        _ => Err(InputError::file(
            "--set",
            format!("given {} times", axes.len()),
            "sweep one or two inputs at a time",
        )),
    }
}

/// Profit per agent-year at one grid point.
#[derive(Debug, Clone, Serialize)]
pub struct SweepPoint {
    pub values: Vec<f64>,
    pub mean: f64,
    pub mean_se: f64,
    pub p10: f64,
    pub p25: f64,
    pub p50: f64,
    pub p75: f64,
    pub p90: f64,
    pub p_loss: f64,
    pub p_loss_se: f64,
    /// Queue mode: the spreadsheet's profit here (every call answered at once), and the mean
    /// offered load (offered work / seat time).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spreadsheet: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offered_load: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offered_load_se: Option<f64>,
}

/// What `sweep` found: sweep.json holds it as it is.
#[derive(Debug, Clone, Serialize)]
pub struct SweepResult {
    pub scenario: String,
    pub name: String,
    pub iterations: u64,
    pub seed: u64,
    pub version: &'static str,
    pub fields: Vec<String>,
    pub axes: Vec<Axis>,
    pub metric: &'static str,
    pub points: Vec<SweepPoint>,
    /// One axis: where the mean profit crosses 0, and (queue mode) where the offered load
    /// reaches 100% of the seat time.
    pub break_even: Option<f64>,
    pub capacity_at: Option<f64>,
}

impl SweepResult {
    pub fn new(
        s: &Scenario,
        (iterations, seed): (u64, u64),
        axes: Vec<Axis>,
        points: Vec<SweepPoint>,
    ) -> SweepResult {
        let one = axes.len() == 1;
        let curve = |f: &dyn Fn(&SweepPoint) -> Option<f64>| -> Option<f64> {
            let c: Option<Vec<(f64, f64)>> = points
                .iter()
                .map(|p| f(p).map(|y| (p.values[0], y)))
                .collect();
            c.and_then(|c| break_even(&c)).filter(|_| one)
        };
        SweepResult {
            scenario: s.id.clone(),
            name: s.name.clone(),
            iterations,
            seed,
            version: crate::VERSION,
            fields: axes.iter().map(|a| a.path.clone()).collect(),
            metric: "profit_per_agent_year",
            break_even: curve(&|p| Some(p.mean)),
            capacity_at: curve(&|p| p.offered_load.map(|l| l - 1.0)),
            axes,
            points,
        }
    }
}

/// Where a piecewise-linear curve through (x, y) points crosses zero, if it does.
pub fn break_even(points: &[(f64, f64)]) -> Option<f64> {
    points.windows(2).find_map(|w| {
        let ((x0, y0), (x1, y1)) = (w[0], w[1]);
        if y0 == 0.0 {
            Some(x0)
        } else if (y0 < 0.0) != (y1 < 0.0) {
            Some(x0 + (x1 - x0) * (-y0) / (y1 - y0))
        } else {
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "[team]\nagents = 20\n[demand]\ncalls_per_agent_hour = 15\n\
                        [[outcomes]]\nname = \"a\"\nlabel = \"Site-1 save\"\n\
                        probability = { dist = \"beta\", k = 5, n = 50 }\nvalue_usd = 30\n";

    fn scenario() -> Scenario {
        crate::scenario::parse(TEXT, "t.toml", "t").unwrap()
    }

    #[test]
    fn axes_parse_resolve_and_reject() {
        let s = scenario();
        let a = parse_axis("demand.calls_per_agent_hour=1.5..15:4", &s).unwrap();
        assert_eq!(a.path, "demand.calls_per_agent_hour");
        assert_eq!(a.values, [1.5, 6.0, 10.5, 15.0]);
        let p = parse_axis("outcomes[0].probability=0.1..0.2:2", &s).unwrap();
        assert_eq!(p.label, "Site-1 save: probability");
        // A field left at its default is an input too.
        assert!(parse_axis("team.benefits_load_pct=0..40:3", &s).is_ok());
        for bad in [
            "x=1..2",
            "demand.calls_per_agent_hour=1..2:1",
            "=1..2:3",
            "demand.calls_per_agent_hour=a..2:3",
            "x1..2:3",
            "demand.calls_per_agent_hr=1..2:3",
        ] {
            assert!(parse_axis(bad, &s).is_err(), "{bad}");
        }
    }

    #[test]
    fn integer_inputs_take_whole_grid_points_only() {
        let s = scenario();
        assert_eq!(
            parse_axis("team.agents=14..26:4", &s).unwrap().values,
            [14.0, 18.0, 22.0, 26.0]
        );
        let e = parse_axis("team.agents=14..25:4", &s)
            .unwrap_err()
            .to_string();
        assert!(e.contains("not a whole number"), "{e}");
    }

    #[test]
    fn the_same_input_twice_is_refused() {
        let s = scenario();
        let a = parse_axis("team.agents=14..26:4", &s).unwrap();
        assert!(grid(&[a.clone(), a.clone()]).is_err());
        assert_eq!(grid(&[a]).unwrap().len(), 4);
    }

    #[test]
    fn break_even_interpolates_the_sign_change() {
        assert_eq!(
            break_even(&[(0.0, -10.0), (1.0, -5.0), (2.0, 5.0)]),
            Some(1.5)
        );
        assert_eq!(break_even(&[(0.0, 1.0), (1.0, 2.0)]), None);
    }
}
