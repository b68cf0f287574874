//! Reading a scenario file: TOML syntax errors and serde errors become one-line messages that
//! name the file, the line or field path, and the fix (with a did-you-mean for misspelt names).

use super::Scenario;
use super::file::ScenarioFile;
use super::validate;
use crate::error::{FieldError, InputError, did_you_mean};
use std::path::Path;

/// Reads, parses and validates a scenario file.
pub fn load(path: &Path) -> Result<Scenario, InputError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        let fix = "check the path; the bundled scenarios are in scenarios/";
        InputError::file(&file, format!("cannot read the scenario ({e})"), fix)
    })?;
    let id = path
        .file_stem()
        .map_or("scenario".into(), |s| s.to_string_lossy().into_owned());
    parse(&text, &file, &id)
}

/// Parses and validates scenario text; `file` names it in errors, `id` names its outputs.
pub fn parse(text: &str, file: &str, id: &str) -> Result<Scenario, InputError> {
    let attach = |error| InputError::Field {
        file: file.to_string(),
        error,
    };
    let de = toml::de::Deserializer::parse(text).map_err(|e| syntax_error(file, text, &e))?;
    let raw: ScenarioFile =
        serde_path_to_error::deserialize(de).map_err(|e| attach(field_error(&e)))?;
    validate::scenario(std::sync::Arc::new(raw), id, Default::default()).map_err(attach)
}

fn syntax_error(file: &str, text: &str, e: &toml::de::Error) -> InputError {
    let at = e
        .span()
        .map(|s| line_col(text, s.start))
        .unwrap_or_default();
    let problem = format!(
        "malformed TOML{at}: {}",
        e.message().trim().replace('\n', " ")
    );
    InputError::file(
        file,
        problem,
        "fix the TOML syntax there (see the scenario format in README.md)",
    )
}

fn line_col(text: &str, offset: usize) -> String {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    format!(" at line {line}, column {col}")
}

fn field_error(e: &serde_path_to_error::Error<toml::de::Error>) -> FieldError {
    let path = e.path().to_string();
    let message = e.inner().message().trim().replace('\n', " ");
    let Some((what, word, choices)) = unknown_name(&message) else {
        let fix = "see the scenario format in README.md for this field";
        return FieldError::new(path, "", &message, fix);
    };
    let choice_refs: Vec<&str> = choices.iter().map(String::as_str).collect();
    let fix = match did_you_mean(&word, &choice_refs) {
        Some(s) => format!("did you mean `{s}`? allowed: {}", choices.join(", ")),
        None => format!("allowed: {}", choices.join(", ")),
    };
    // serde_path_to_error's path already ends with an unknown field's name, except inside a
    // distribution table, whose fields serde buffers before the path sees them.
    let at = |p: &str| {
        if p == "." {
            word.clone()
        } else {
            p.to_string()
        }
    };
    match what {
        "field" if path.ends_with(&word) => FieldError::new(at(&path), "", "unknown field", &fix),
        "field" => FieldError::new(at(&format!("{path}.{word}")), "", "unknown field", &fix),
        _ => FieldError::new(path, word, &format!("is not a known {what}"), &fix),
    }
}

/// Picks apart serde's "unknown field `x`, expected one of `a`, `b`" (or "unknown variant").
fn unknown_name(message: &str) -> Option<(&'static str, String, Vec<String>)> {
    let what = if message.starts_with("unknown field") {
        "field"
    } else if message.starts_with("unknown variant") {
        "value"
    } else {
        return None;
    };
    let mut quoted = message.split('`').skip(1).step_by(2).map(str::to_string);
    let word = quoted.next()?;
    Some((what, word, quoted.collect()))
}
