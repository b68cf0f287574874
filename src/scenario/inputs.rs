//! The one table of a scenario's numeric inputs. Validation registers every number the user can
//! write (or leave at its default) here, once, with its path in the file, a label built from the
//! scenario's own names, its distribution, its random stream and how it is drawn; the scenario's
//! structs hold only the `InputId`. The engine draws a year by walking this table, `check` lists
//! it, sensitivity ranks it and sweeps pin an input by id (`Scenario::with_input`), so an input
//! cannot be known to one of them and forgotten by another.

use crate::copula::Link;
use crate::distributions::{Dist, ParamSpec, format_number};
use crate::error::FieldError;
use crate::rng;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// An input's index in its scenario's table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct InputId(pub(crate) u32);

impl InputId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// How the engine uses an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Drawn once per simulated year (fixed when it is a number).
    Yearly,
    /// Drawn for each agent in each year (the skill multiplier).
    PerAgent,
    /// A distribution drawn for every call (queue durations).
    PerCall,
    /// A plain number the scenario's structure depends on (agents, prizes, shrinkage).
    Setting,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Yearly => "per year",
            Kind::PerAgent => "per agent and year",
            Kind::PerCall => "per call",
            Kind::Setting => "setting",
        }
    }
}

/// A distribution with its random stream's key and, when rank-correlated with other inputs,
/// its copula link.
#[derive(Debug, Clone)]
pub struct Param {
    pub dist: Dist,
    key: u64,
    /// Set once at load time when the input is rank-correlated with others (`[[correlations]]`),
    /// after every input is known: its draws then come from the copula.
    pub(super) copula: OnceLock<Link>,
}

impl Param {
    fn new(path: &str, dist: Dist) -> Param {
        Param {
            key: rng::key(path),
            dist,
            copula: OnceLock::new(),
        }
    }

    /// This input's value in one simulated year: a fixed input costs no random draw.
    pub fn draw(&self, seed: u64, iteration: u64) -> f64 {
        self.draw_for(seed, iteration, 0)
    }

    /// As `draw`, for one of several independent copies (one per agent). Correlated inputs
    /// have one copy (validation refuses the per-agent skill multiplier).
    pub fn draw_for(&self, seed: u64, iteration: u64, copy: u64) -> f64 {
        if self.dist.is_fixed() {
            return self.dist.mean();
        }
        if let Some(link) = self.copula.get() {
            return self
                .dist
                .at_normal_score(link.normal_score(seed, iteration));
        }
        let mut s = rng::stream(seed, iteration, self.key ^ rng::mix64(copy));
        self.dist.sample(&mut s)
    }

    pub fn is_correlated(&self) -> bool {
        self.copula.get().is_some()
    }

    pub fn mean(&self) -> f64 {
        self.dist.mean()
    }
}

/// One row of the table.
#[derive(Debug, Clone)]
pub struct Input {
    pub id: InputId,
    /// The field's path as written in the file (`outcomes[0].probability`): stable, for JSON,
    /// CSV and `--set`.
    pub path: String,
    /// For people: "Site-1 save: probability".
    pub label: String,
    pub kind: Kind,
    /// Only whole numbers (agents, a quota).
    pub integer: bool,
    pub param: Param,
}

impl Input {
    pub fn dist(&self) -> &Dist {
        &self.param.dist
    }

    pub fn mean(&self) -> f64 {
        self.param.mean()
    }

    /// Drawn once per year (or per agent and year) and uncertain: what sensitivity ranks.
    pub fn is_uncertain(&self) -> bool {
        matches!(self.kind, Kind::Yearly | Kind::PerAgent) && !self.param.dist.is_fixed()
    }
}

/// Every numeric input of a scenario, in file order.
#[derive(Debug, Clone, Default)]
pub struct Inputs(Vec<Input>);

impl Inputs {
    pub fn iter(&self) -> std::slice::Iter<'_, Input> {
        self.0.iter()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn find(&self, path: &str) -> Option<&Input> {
        self.0.iter().find(|i| i.path == path)
    }

    /// No input drawn per year or per agent varies: every year draws the same parameters.
    pub fn all_fixed(&self) -> bool {
        self.0
            .iter()
            .filter(|i| matches!(i.kind, Kind::Yearly | Kind::PerAgent))
            .all(|i| i.param.dist.is_fixed())
    }
}

impl std::ops::Index<InputId> for Inputs {
    type Output = Input;
    fn index(&self, id: InputId) -> &Input {
        &self.0[id.index()]
    }
}

/// Values pinned over the file's own (`Scenario::with_input`), by path.
pub type Overrides = BTreeMap<String, f64>;

/// The range a numeric input must stay in, whatever its distribution draws.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Range {
    Any,
    NonNegative,
    Probability,
}

/// Builds the table while validation walks the file: each call registers one input (the
/// pinned value replacing what the file says) and returns what the scenario's structs keep.
pub(super) struct Registry<'a> {
    inputs: Vec<Input>,
    overrides: &'a Overrides,
}

impl<'a> Registry<'a> {
    pub fn new(overrides: &'a Overrides) -> Registry<'a> {
        Registry {
            inputs: Vec::new(),
            overrides,
        }
    }

    fn push(&mut self, path: &str, label: String, kind: Kind, integer: bool, dist: Dist) {
        let id = InputId(self.inputs.len() as u32);
        let param = Param::new(path, dist);
        let path = path.to_string();
        self.inputs.push(Input {
            id,
            path,
            label,
            kind,
            integer,
            param,
        });
    }

    fn spec<'s>(&self, path: &str, spec: &'s ParamSpec) -> std::borrow::Cow<'s, ParamSpec> {
        match self.overrides.get(path) {
            Some(v) => std::borrow::Cow::Owned(ParamSpec::Number(*v)),
            None => std::borrow::Cow::Borrowed(spec),
        }
    }

    /// An input drawn once per year (`per_agent`: for each agent), checked against `range`.
    pub fn uncertain(
        &mut self,
        spec: &ParamSpec,
        at: (&str, String),
        range: Range,
        per_agent: bool,
    ) -> Result<InputId, FieldError> {
        let (path, label) = at;
        let dist = in_range(Dist::compile(&self.spec(path, spec), path)?, path, range)?;
        within_limit(&dist, path)?;
        let kind = if per_agent {
            Kind::PerAgent
        } else {
            Kind::Yearly
        };
        self.push(path, label, kind, false, dist);
        Ok(InputId(self.inputs.len() as u32 - 1))
    }

    /// An input registered so far (for a rule that depends on another input's value).
    pub fn get(&self, id: InputId) -> &Input {
        &self.inputs[id.index()]
    }

    /// A distribution drawn per call; the caller checks its support.
    pub fn per_call(&mut self, spec: &ParamSpec, at: (&str, String)) -> Result<Dist, FieldError> {
        let (path, label) = at;
        let dist = Dist::compile(&self.spec(path, spec), path)?;
        within_limit(&dist, path)?;
        self.push(path, label, Kind::PerCall, false, dist.clone());
        Ok(dist)
    }

    /// A plain number; the caller checks its range. `integer`: only whole numbers.
    pub fn setting(
        &mut self,
        value: f64,
        at: (&str, String),
        integer: bool,
    ) -> Result<f64, FieldError> {
        let (path, label) = at;
        let v = self.overrides.get(path).copied().unwrap_or(value);
        if !v.is_finite() || (integer && v.fract() != 0.0) {
            let problem = if integer {
                "must be a whole number"
            } else {
                "is not a finite number"
            };
            let fix = "use a whole number here (a sweep grid on it needs whole-number points, e.g. team.agents=14..26:4)";
            return Err(FieldError::new(path, format_number(v), problem, fix));
        }
        within_limit(&Dist::fixed(v), path)?;
        self.push(path, label, Kind::Setting, integer, Dist::fixed(v));
        Ok(v)
    }

    /// The range of values a registered input can take.
    pub fn support(&self, id: InputId) -> (f64, f64) {
        self.inputs[id.index()].param.dist.support()
    }

    /// The finished table; every pinned path must have been an input.
    pub fn finish(self) -> Result<Inputs, FieldError> {
        if let Some(path) = self
            .overrides
            .keys()
            .find(|p| !self.inputs.iter().any(|i| &i.path == *p))
        {
            let fix = "name an input as `check` lists it";
            return Err(FieldError::new(
                path,
                "",
                "is not an input of this scenario",
                fix,
            ));
        }
        Ok(Inputs(self.inputs))
    }
}

fn in_range(dist: Dist, path: &str, range: Range) -> Result<Dist, FieldError> {
    let (lo, hi) = dist.support();
    let (ok, problem, fix) = match range {
        Range::Any => (true, "", ""),
        Range::NonNegative => (lo >= 0.0, "is negative", "use a value of 0 or more"),
        Range::Probability => (
            lo >= 0.0 && hi <= 1.0,
            "is not a probability in [0, 1]",
            "write a share such as 0.13 for 13%, or a beta distribution",
        ),
    };
    if ok {
        return Ok(dist);
    }
    if dist.is_fixed() {
        return Err(FieldError::new(
            path,
            format_number(dist.mean()),
            problem,
            fix,
        ));
    }
    let problem = format!("{problem} for some draws (it can draw values in [{lo}, {hi}])");
    let fix = "truncate it (normal with min/max) or pick a distribution whose range fits";
    Err(FieldError::new(path, &dist, &problem, fix))
}

/// The largest magnitude an input may take, by what it measures (its path's ending), and why:
/// past these no call center exists, and the arithmetic (Poisson means, sums over a year) would
/// leave the range where results are exact or finite.
pub(super) fn limit(path: &str) -> (f64, &'static str) {
    let field = path.rsplit('.').next().unwrap_or(path);
    let field = field.split('[').next().unwrap_or(field);
    match field {
        "agents" => (
            10_000.0,
            "10,000 agents (larger centers: run sites as separate scenarios)",
        ),
        "calls_per_agent_hour" => (1_000.0, "1,000 calls per agent-hour (one every 3.6 s)"),
        "calls_per_week" => (100_000.0, "100,000 calls per agent-week"),
        "calls_per_hour" => (1_000_000.0, "1,000,000 calls per open hour"),
        "points" => (1e6, "1,000,000 points"),
        "quota" | "min_calls" => (1e9, "a billion"),
        "training_hours_per_agent" => (10_000.0, "10,000 hours"),
        "max_months" | "discount_months" => (1_200.0, "1,200 months (100 years)"),
        f if f.ends_with("_usd") => (1e9, "a billion dollars"),
        f if f.ends_with("_pct") => (1_000.0, "1,000%"),
        f if f.ends_with("_seconds") => (86_400.0, "a day (86,400 s)"),
        f if f.ends_with("multiplier") => (100.0, "100 times"),
        _ => (1e12, "a trillion"),
    }
}

/// Refuses values past the input's limit (for a distribution: its P(1 - 1e-9) and P(1e-9), so
/// an unbounded tail is allowed but not a scale that lives out there) and subnormal numbers.
fn within_limit(dist: &Dist, path: &str) -> Result<(), FieldError> {
    let (max, why) = limit(path);
    let (lo, hi) = if dist.is_fixed() {
        (dist.mean(), dist.mean())
    } else {
        (dist.quantile(1e-9), dist.quantile(1.0 - 1e-9))
    };
    let tiny = |x: f64| x != 0.0 && x.abs() < f64::MIN_POSITIVE;
    if dist.is_fixed() && tiny(lo) {
        let fix = "use 0 or an ordinary number (this one is too small to compute with)";
        return Err(FieldError::new(
            path,
            format!("{lo:e}"),
            "is subnormal",
            fix,
        ));
    }
    if lo.abs() <= max && hi.abs() <= max && lo.is_finite() && hi.is_finite() {
        return Ok(());
    }
    let problem = format!("is past the limit of {why}");
    let fix = format!("use a value of at most {} in size", format_number(max));
    Err(FieldError::new(path, dist, &problem, &fix))
}

/// A label for people: `prefix: field words` ("Site-1 save: value ($)").
pub(super) fn label(prefix: &str, field: &str) -> String {
    let words = field
        .strip_suffix("_usd")
        .map(|f| format!("{} ($)", f.replace('_', " ")))
        .or_else(|| {
            field
                .strip_suffix("_pct")
                .map(|f| format!("{} (%)", f.replace('_', " ")))
        })
        .unwrap_or_else(|| field.replace('_', " "));
    let words = words
        .replace("agent hour", "agent-hour")
        .replace("agent year", "agent-year")
        .replace("usd per ", "$ per ");
    if prefix.is_empty() {
        let mut c = words.chars();
        c.next()
            .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
    } else {
        format!("{prefix}: {words}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_read_as_words_with_units() {
        assert_eq!(label("", "wage_per_hour_usd"), "Wage per hour ($)");
        assert_eq!(
            label("Team", "benefits_load_pct"),
            "Team: benefits load (%)"
        );
        assert_eq!(
            label("Demand", "calls_per_agent_hour"),
            "Demand: calls per agent-hour"
        );
        assert_eq!(
            label("Site-1 save", "probability"),
            "Site-1 save: probability"
        );
    }

    #[test]
    fn pinned_values_replace_the_file_and_unknown_pins_are_refused() {
        let mut pins = Overrides::new();
        pins.insert("team.agents".into(), 14.5);
        let mut r = Registry::new(&pins);
        assert!(
            r.setting(20.0, ("team.agents", "Agents".into()), true)
                .is_err()
        );
        pins.insert("team.agents".into(), 14.0);
        let mut r = Registry::new(&pins);
        assert_eq!(
            r.setting(20.0, ("team.agents", "Agents".into()), true),
            Ok(14.0)
        );
        let t = r.finish().unwrap();
        assert_eq!(t.len(), 1);
        pins.insert("team.nothing".into(), 1.0);
        let r = Registry::new(&pins);
        assert!(r.finish().is_err());
    }
}
