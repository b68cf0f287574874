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
    let bytes = std::fs::read(path).map_err(|e| {
        let fix = "check the path; the bundled scenarios are in scenarios/";
        InputError::file(&file, format!("cannot read the scenario ({e})"), fix)
    })?;
    let text = String::from_utf8(bytes).map_err(|e| not_utf8(&file, &e))?;
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

/// Where the first byte that is not UTF-8 sits (a file saved as Latin-1 or UTF-16, often).
fn not_utf8(file: &str, e: &std::string::FromUtf8Error) -> InputError {
    let offset = e.utf8_error().valid_up_to();
    let good = std::str::from_utf8(&e.as_bytes()[..offset]).unwrap_or_default();
    let problem = format!(
        "is not UTF-8 text, from byte {offset} (0x{:02X}){}",
        e.as_bytes()[offset],
        line_col(good, offset)
    );
    let fix = "save the file as UTF-8 (your editor's encoding setting) or retype that character";
    InputError::file(file, problem, fix)
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
    if let Some((value, problem, fix)) = number_error(&message) {
        return FieldError::new(path, value, problem, fix);
    }
    let Some((what, word, choices)) = unknown_name(&message) else {
        let fix = "see the scenario format in README.md for this field";
        return FieldError::new(path, "", &message, fix);
    };
    let choice_refs: Vec<&str> = choices.iter().map(String::as_str).collect();
    let fix = match did_you_mean(&word, &choice_refs) {
        Some(s) if s == word.trim() => format!(
            "write `{s}` without the spaces around it; allowed: {}",
            choices.join(", ")
        ),
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
        // Quoted and escaped, so that a stray space or tab in the value shows.
        _ => FieldError::new(
            path,
            format!("{word:?}"),
            &format!("is not a known {what}"),
            &fix,
        ),
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

/// serde's "invalid type: floating point `14.5`, expected u32" or "invalid value: integer `-1`,
/// expected u32" in words (the value, the problem, the fix): Rust's type names mean nothing to
/// someone editing a scenario. None for any other message.
fn number_error(message: &str) -> Option<(String, &'static str, &'static str)> {
    let rest = message
        .strip_prefix("invalid type: ")
        .or_else(|| message.strip_prefix("invalid value: "))?;
    let (got, expected) = rest.rsplit_once(", expected ")?;
    // "floating point `14.5`" shows its value in backticks, "string \"x\"" in quotes.
    let value = match got.split_once('`') {
        Some((_, v)) => v.trim_end_matches('`').to_string(),
        None => got.strip_prefix("string ").unwrap_or("").to_string(),
    };
    let (problem, fix) = match expected {
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" if value.parse::<u128>().is_ok() => (
            "is too large for this field",
            "write a smaller whole number",
        ),
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => (
            "must be a whole number of 0 or more",
            "write it without a decimal point or a minus sign, e.g. 52",
        ),
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => (
            "must be a whole number",
            "write it without a decimal point, e.g. 3",
        ),
        "f32" | "f64" => ("must be a number", "write a number, e.g. 0.5"),
        _ => return None,
    };
    Some((value, problem, fix))
}
