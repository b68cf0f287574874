//! Errors the user can fix: a bad scenario value, a missing file, an unwritable output folder.
//! Each one names where (file and field path), what (the bad value) and how to fix it, on one
//! line. The binary maps them to exit code 2; anything else is a bug and exits 1.

/// A problem with one field of a scenario, before the file name is attached.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{field}{}: {problem}; fix: {fix}", if value.is_empty() { String::new() } else { format!(" = {}", short(value)) })]
pub struct FieldError {
    /// Path of the field in the scenario file, e.g. `outcomes[1].probability`.
    pub field: String,
    /// The offending value as written (or as resolved); empty when there is none to show.
    pub value: String,
    pub problem: String,
    pub fix: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, value: impl ToString, problem: &str, fix: &str) -> Self {
        FieldError {
            field: field.into(),
            value: value.to_string(),
            problem: problem.to_string(),
            fix: fix.to_string(),
        }
    }
}

/// How much of a value an error echoes: enough to recognise it, on one line.
const SHOWN_CHARS: usize = 120;

/// A value as an error shows it: whole when short, else its start and how long it was (an
/// echoed 100,000-weight list would be one 500 KB line).
fn short(value: &str) -> String {
    let chars = value.chars().count();
    if chars <= SHOWN_CHARS {
        return value.to_string();
    }
    let head: String = value.chars().take(SHOWN_CHARS).collect();
    format!("{head}… ({chars} characters)")
}

/// A list as an error shows it: `[1, 2, 3]`, or its first few and the count,
/// `[1, 2, 3, … (100000 weights)]`; `noun` names the elements.
pub fn list_value(values: &[f64], noun: &str) -> String {
    const SHOWN: usize = 3;
    let head: Vec<String> = values.iter().take(SHOWN).map(f64::to_string).collect();
    if values.len() <= SHOWN + 1 {
        let all: Vec<String> = values.iter().map(f64::to_string).collect();
        return format!("[{}]", all.join(", "));
    }
    format!("[{}, … ({} {noun})]", head.join(", "), values.len())
}

/// Bad input to the program: exit code 2.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{file}: {error}")]
    Field { file: String, error: FieldError },
    #[error("{file}: {problem}; fix: {fix}")]
    File {
        file: String,
        problem: String,
        fix: String,
    },
}

impl InputError {
    pub fn file(
        file: impl Into<String>,
        problem: impl Into<String>,
        fix: impl Into<String>,
    ) -> Self {
        InputError::File {
            file: file.into(),
            problem: problem.into(),
            fix: fix.into(),
        }
    }
}

/// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let limit = (word.len() / 3).max(2);
    candidates
        .iter()
        .map(|c| (edit_distance(word, c), *c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (row[j + 1] + 1)
                .min(row[j] + 1)
                .min(diag + usize::from(ca != *cb));
            diag = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_values_are_cut_short() {
        let weights = vec![1.5; 100_000];
        assert_eq!(
            list_value(&weights, "weights"),
            "[1.5, 1.5, 1.5, … (100000 weights)]"
        );
        assert_eq!(list_value(&[1.0, 2.0], "weights"), "[1, 2]");
        let e = FieldError::new("f", "x".repeat(500_000), "is bad", "fix it");
        let text = e.to_string();
        assert!(
            text.len() < 200 && text.contains("(500000 characters)"),
            "{text}"
        );
    }

    #[test]
    fn suggests_close_names_only() {
        let names = ["probability", "value_usd", "points"];
        assert_eq!(did_you_mean("probabilty", &names), Some("probability"));
        assert_eq!(did_you_mean("pionts", &names), Some("points"));
        assert_eq!(did_you_mean("colour", &names), None);
    }
}
