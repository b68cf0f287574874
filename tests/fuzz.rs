//! Seeded mutation fuzzing of the bundled scenarios: every number of every file replaced by
//! special values, and random byte edits, through validation, the expected-value projection and
//! one simulated year. Nothing may panic, loop for ever or give a non-finite figure: a mutant is
//! either refused with a field error, or it runs and every figure of its year is finite.

use callprofit::scenario::{self, Scenario};
use callprofit::{config, engine, expected};
use rand::{RngExt, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

const SPECIALS: [&str; 16] = [
    "0",
    "-1",
    "1e308",
    "-1e308",
    "1e-310",
    "4294967295",
    "18446744073709551615",
    "0.5",
    "1e9",
    "1.3",
    "-0.0",
    "inf",
    "nan",
    "2",
    "100000",
    "1e-300",
];

fn bundled() -> Vec<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut out = Vec::new();
    for dir in [root.clone(), root.join("plans")] {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "toml") {
                out.push((
                    p.display().to_string(),
                    std::fs::read_to_string(&p).unwrap(),
                ));
            }
        }
    }
    out.sort();
    out
}

/// Byte ranges of the numbers in the text (outside comments and strings, roughly: a token that
/// starts with a digit or a sign followed by a digit).
fn numbers(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let starts = b[i].is_ascii_digit()
            || ((b[i] == b'-' || b[i] == b'+') && b.get(i + 1).is_some_and(u8::is_ascii_digit));
        let after_word = i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_');
        if starts && !after_word {
            let mut j = i + 1;
            while j < b.len() && (b[j].is_ascii_alphanumeric() || b"._+-".contains(&b[j])) {
                j += 1;
            }
            out.push((i, j));
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// Validates and, when the year is cheap, projects and simulates it: the figures must be finite.
fn exercise(text: &str, file: &str) {
    let Ok(s) = scenario::parse(text, file, "fuzz") else {
        return;
    };
    let p = expected::project(&s);
    assert!(
        p.profit_per_agent_year.is_finite() || s.agents.is_empty(),
        "{file}: projection {text}"
    );
    if config::core_seconds(&s, 1) > 0.004 {
        return;
    }
    year_is_finite(&s, text);
}

fn year_is_finite(s: &Scenario, text: &str) {
    let records = engine::run(s, 1, 7, &|_| {});
    let r = &records[0];
    let figures = [
        r.revenue_usd,
        r.labour_cost_usd,
        r.fixed_cost_usd,
        r.incentive_cost_usd,
        r.cost_usd(),
        r.profit_usd(),
        r.lost_revenue_usd(),
        r.annoyance_cost_usd(),
    ];
    assert!(
        figures.iter().all(|x| x.is_finite()),
        "{figures:?} from\n{text}"
    );
}

#[test]
fn every_number_replaced_by_special_values() {
    let mut mutants = 0;
    for (file, text) in bundled() {
        for (a, b) in numbers(&text) {
            for v in SPECIALS {
                let mutant = format!("{}{v}{}", &text[..a], &text[b..]);
                exercise(&mutant, &file);
                mutants += 1;
            }
        }
    }
    assert!(mutants > 2000, "{mutants} mutants");
}

#[test]
fn random_byte_edits() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(20261201);
    let files = bundled();
    let bytes = b"0123456789.-+e=[]{}\"#\n ,_x";
    for _ in 0..3000 {
        let (file, text) = &files[rng.random_range(0..files.len())];
        let mut b = text.as_bytes().to_vec();
        for _ in 0..rng.random_range(1..4) {
            let i = rng.random_range(0..b.len());
            match rng.random_range(0..3) {
                0 => b[i] = bytes[rng.random_range(0..bytes.len())],
                1 => {
                    b.remove(i);
                }
                _ => b.insert(i, bytes[rng.random_range(0..bytes.len())]),
            }
        }
        if let Ok(mutant) = String::from_utf8(b) {
            exercise(&mutant, file);
        }
    }
}
