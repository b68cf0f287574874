//! `[[correlations]]`: checks each declared rank correlation (two distinct uncertain inputs of
//! this scenario, a rank strictly between -1 and 1, no pair twice, a set that can hold at once)
//! and wires the copula's links into the inputs' `Param`s.

use super::file::CorrelationFile;
use super::{Correlation, Input, Kind, Scenario};
use crate::copula;
use crate::error::{FieldError, did_you_mean};

pub(super) fn apply(
    raw: &[&CorrelationFile],
    s: &Scenario,
) -> Result<Vec<Correlation>, FieldError> {
    if raw.is_empty() {
        return Ok(Vec::new());
    }
    let mut inputs: Vec<&Input> = Vec::new();
    let mut pairs: Vec<(usize, usize, f64)> = Vec::new();
    let mut declared = Vec::new();
    for (i, c) in raw.iter().enumerate() {
        let at = format!("correlations[{i}]");
        let [a, b] = c.between.as_slice() else {
            let fix = "name two inputs, e.g. between = [\"demand.demand_multiplier\", \"outcomes[0].probability\"]";
            return Err(FieldError::new(
                format!("{at}.between"),
                format!("[{}]", c.between.join(", ")),
                "must name exactly two inputs",
                fix,
            ));
        };
        if a == b {
            let fix = "name two different inputs";
            return Err(FieldError::new(
                format!("{at}.between"),
                a,
                "names the same input twice",
                fix,
            ));
        }
        if !(c.rank > -1.0 && c.rank < 1.0) {
            let fix = "use Spearman's rank correlation strictly between -1 and 1, e.g. 0.5";
            return Err(FieldError::new(
                format!("{at}.rank"),
                c.rank,
                "is not in (-1, 1)",
                fix,
            ));
        }
        let mut index = |path: &str| -> Result<usize, FieldError> {
            let p = input(s, path, &at)?;
            Ok(match inputs.iter().position(|q| q.id == p.id) {
                Some(k) => k,
                None => {
                    inputs.push(p);
                    inputs.len() - 1
                }
            })
        };
        let (ia, ib) = (index(a)?, index(b)?);
        if pairs
            .iter()
            .any(|(x, y, _)| (*x, *y) == (ia, ib) || (*x, *y) == (ib, ia))
        {
            let fix = "keep one declaration per pair";
            return Err(FieldError::new(
                format!("{at}.between"),
                format!("{a}, {b}"),
                "is declared twice",
                fix,
            ));
        }
        pairs.push((ia, ib, c.rank));
        declared.push(Correlation {
            between: [a.clone(), b.clone()],
            rank: c.rank,
        });
    }
    let keys: Vec<u64> = inputs.iter().map(|p| copula::score_key(&p.path)).collect();
    let Some(links) = copula::links(&keys, &pairs) else {
        let fix = "weaken the strongest correlations or check their signs (if A goes with B and B with C, A cannot go against C)";
        return Err(FieldError::new(
            "correlations",
            format!("{} declarations", pairs.len()),
            "cannot all hold at once (their correlation matrix is not positive definite)",
            fix,
        ));
    };
    for (p, link) in inputs.iter().zip(links) {
        // Each input appears once in `inputs`, and a fresh scenario has no links yet.
        let _ = p.param.copula.set(link);
    }
    Ok(declared)
}

/// The uncertain, year-level input at `path`.
fn input<'a>(s: &'a Scenario, path: &str, at: &str) -> Result<&'a Input, FieldError> {
    let field = format!("{at}.between");
    let Some(p) = s.inputs.find(path) else {
        let uncertain: Vec<&str> = s
            .inputs
            .iter()
            .filter(|i| i.is_uncertain())
            .map(|i| i.path.as_str())
            .collect();
        let fix = match did_you_mean(path, &uncertain) {
            Some(s) => format!(
                "did you mean `{s}`? uncertain inputs: {}",
                uncertain.join(", ")
            ),
            None if uncertain.is_empty() => "give some inputs a distribution first".to_string(),
            None => format!("name one of the uncertain inputs: {}", uncertain.join(", ")),
        };
        return Err(FieldError::new(
            field,
            path,
            "is not an input of this scenario",
            &fix,
        ));
    };
    if p.kind == Kind::PerAgent {
        let fix = "correlate inputs drawn once per year (skill is drawn for each agent)";
        return Err(FieldError::new(field, path, "varies agent by agent", fix));
    }
    if p.kind != Kind::Yearly || p.dist().is_fixed() {
        let fix = "give it a distribution drawn per year, or remove this correlation";
        return Err(FieldError::new(
            field,
            path,
            "is a fixed number, so it cannot be correlated",
            fix,
        ));
    }
    Ok(p)
}
