//! Sweeps: a scenario run over a grid of one or two of its numeric fields, addressed by their
//! path in the file (`demand.calls_per_agent_hour`, `outcomes[0].probability`), every point with
//! the same seed (common random numbers), and the break-even value where the mean profit per
//! agent-year changes sign. Pure: grid parsing, setting a field in the TOML text, interpolation.

use crate::error::InputError;

/// One swept field: `PATH=FROM..TO:STEPS`.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    pub path: String,
    pub values: Vec<f64>,
}

pub fn parse_axis(spec: &str) -> Result<Axis, InputError> {
    let bad = |problem: &str| {
        InputError::file(
            "--set",
            format!("{spec}: {problem}"),
            "write PATH=FROM..TO:STEPS, e.g. demand.calls_per_agent_hour=1.5..15:10",
        )
    };
    let (path, range) = spec.split_once('=').ok_or_else(|| bad("no `=`"))?;
    let (span, steps) = range.split_once(':').ok_or_else(|| bad("no `:STEPS`"))?;
    let (from, to) = span.split_once("..").ok_or_else(|| bad("no `FROM..TO`"))?;
    let num = |s: &str| s.trim().parse::<f64>().ok().filter(|x| x.is_finite());
    let (Some(from), Some(to)) = (num(from), num(to)) else {
        return Err(bad("FROM and TO must be numbers"));
    };
    let steps: usize = steps
        .trim()
        .parse()
        .map_err(|_| bad("STEPS must be a whole number"))?;
    if !(2..=200).contains(&steps) || path.trim().is_empty() {
        return Err(bad("STEPS must be 2 to 200, and PATH not empty"));
    }
    let values = (0..steps)
        .map(|i| from + (to - from) * i as f64 / (steps - 1) as f64)
        .collect();
    Ok(Axis {
        path: path.trim().to_string(),
        values,
    })
}

/// The scenario text with the field at `path` set to `value` (a plain number, replacing a number
/// or a distribution). A fixed number cannot be correlated, so any `[[correlations]]` entry
/// naming the field goes too. Errors say what is wrong with the path.
pub fn set_field(text: &str, path: &str, value: f64) -> Result<String, String> {
    let mut doc: toml::Table = text
        .parse()
        .map_err(|e| format!("cannot parse the scenario ({e})"))?;
    let parts: Vec<&str> = path.split('.').collect();
    set_in(&mut doc, &parts, path, value)?;
    if let Some(toml::Value::Array(list)) = doc.get_mut("correlations") {
        list.retain(|c| {
            let names = c.get("between").and_then(toml::Value::as_array);
            !names.is_some_and(|n| n.iter().any(|p| p.as_str() == Some(path)))
        });
    }
    toml::to_string(&doc).map_err(|e| e.to_string())
}

fn is_settable(v: &toml::Value) -> bool {
    v.is_integer() || v.is_float() || v.get("dist").is_some()
}

fn set_in(table: &mut toml::Table, parts: &[&str], path: &str, value: f64) -> Result<(), String> {
    let (key, index) = match parts[0].split_once('[') {
        Some((k, rest)) => {
            let i = rest.trim_end_matches(']').parse::<usize>();
            (
                k,
                Some(i.map_err(|_| format!("{path}: bad index in `{}`", parts[0]))?),
            )
        }
        None => (parts[0], None),
    };
    let last = parts.len() == 1;
    let node = table
        .get_mut(key)
        .ok_or_else(|| format!("{path}: no `{key}` in the file (write the field there first)"))?;
    let node = match index {
        Some(i) => node
            .as_array_mut()
            .and_then(|a| a.get_mut(i))
            .ok_or_else(|| format!("{path}: `{key}` has no element {i}"))?,
        None => node,
    };
    if last {
        if !is_settable(node) {
            return Err(format!("{path} is not a number or a distribution"));
        }
        *node = toml::Value::Float(value);
        return Ok(());
    }
    let inner = node
        .as_table_mut()
        .ok_or_else(|| format!("{path}: `{}` is not a table", parts[0]))?;
    set_in(inner, &parts[1..], path, value)
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

    #[test]
    fn axes_parse_and_reject() {
        let a = parse_axis("demand.calls_per_agent_hour=1.5..15:4").unwrap();
        assert_eq!(a.path, "demand.calls_per_agent_hour");
        assert_eq!(a.values, [1.5, 6.0, 10.5, 15.0]);
        for bad in ["x=1..2", "x=1..2:1", "=1..2:3", "x=a..2:3", "x1..2:3"] {
            assert!(parse_axis(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn fields_are_set_by_path() {
        let text = "[demand]\ncalls_per_agent_hour = 15\n[[outcomes]]\nname = \"a\"\n\
                    probability = { dist = \"beta\", k = 5, n = 50 }\n";
        let out = set_field(text, "outcomes[0].probability", 0.2).unwrap();
        assert!(out.contains("probability = 0.2"), "{out}");
        let out = set_field(text, "demand.calls_per_agent_hour", 7.5).unwrap();
        assert!(out.contains("calls_per_agent_hour = 7.5"));
        assert!(set_field(text, "demand.calls_per_agent_hr", 1.0).is_err());
        assert!(set_field(text, "outcomes[3].probability", 1.0).is_err());
        assert!(set_field(text, "outcomes[0].name", 1.0).is_err());
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
