//! Shards back into one run: every file checked against the others before anything is
//! assembled, then each arm's rows concatenated in iteration order.

use super::{Header, Shard, file_name, read};
use crate::engine::Detailed;
use crate::error::InputError;
use std::path::PathBuf;

/// The whole run again: the header every shard shares and, per arm, all its years in order.
pub struct Merged {
    pub header: Header,
    pub arms: Vec<Detailed>,
    /// Seconds the shards simulated, summed.
    pub seconds: f64,
}

/// Reads every `shard-*.cpshard` in `dirs` and merges them; a missing, duplicated, foreign or
/// unreadable shard is an `InputError` naming it.
pub fn merge(dirs: &[PathBuf]) -> Result<Merged, InputError> {
    let mut shards = Vec::new();
    for path in shard_files(dirs)? {
        shards.push((read(&path)?, path));
    }
    let shown = dirs
        .iter()
        .map(|d| d.display().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let Some((first, first_path)) = shards.first() else {
        return Err(InputError::file(
            &shown,
            "holds no shard files (shard-I-of-N.cpshard)",
            "pass the --out folder(s) of the `--shard I/N` runs",
        ));
    };
    for (s, path) in &shards[1..] {
        if let Some(diff) = difference(&first.header, &s.header) {
            return Err(InputError::file(
                path.display().to_string(),
                format!(
                    "is a shard of another run than {}: {diff}",
                    first_path.display()
                ),
                "merge only the shards of one run (same scenario files, seed, iterations, version and N)",
            ));
        }
    }
    if first.header.version != crate::VERSION {
        return Err(InputError::file(
            first_path.display().to_string(),
            format!(
                "was written by callprofit {}, this is {}",
                first.header.version,
                crate::VERSION
            ),
            "merge with the version that wrote the shards (its summary code is what they match)",
        ));
    }
    let header = first.header.clone();
    shards.sort_by_key(|(s, _)| s.header.shard.index);
    check_each_once(&shards, &header, &shown)?;
    let seconds = shards.iter().map(|(s, _)| s.header.seconds).sum();
    let arms = assemble(shards.into_iter().map(|(s, _)| s), &header)
        .map_err(|problem| InputError::file(&shown, problem, "run every shard again and merge"))?;
    Ok(Merged {
        header,
        arms,
        seconds,
    })
}

fn shard_files(dirs: &[PathBuf]) -> Result<Vec<PathBuf>, InputError> {
    let mut files = Vec::new();
    for dir in dirs {
        let shown = dir.display().to_string();
        let entries = std::fs::read_dir(dir).map_err(|e| {
            InputError::file(
                &shown,
                format!("cannot read the shard folder ({e})"),
                "check the path",
            )
        })?;
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with("shard-") && name.ends_with(".cpshard") {
                files.push(entry.path());
            }
        }
    }
    // Sorted, so which shard the others are checked against does not depend on the disk.
    files.sort();
    Ok(files)
}

/// The first way `b` is not a slice of the run `a` is, in words.
fn difference(a: &Header, b: &Header) -> Option<String> {
    if a.command != b.command {
        return Some(format!("`{}`, not `{}`", b.command, a.command));
    }
    if a.version != b.version {
        return Some(format!("callprofit {}, not {}", b.version, a.version));
    }
    if a.sources.len() != b.sources.len() {
        return Some(format!(
            "{} scenario files, not {}",
            b.sources.len(),
            a.sources.len()
        ));
    }
    for (x, y) in a.sources.iter().zip(&b.sources) {
        if x != y {
            return Some(format!(
                "scenario {} (text hash {}), not {} (text hash {})",
                y.file,
                y.hash(),
                x.file,
                x.hash()
            ));
        }
    }
    let pairs = [
        (
            "arguments",
            format!("{:?}", b.args),
            format!("{:?}", a.args),
        ),
        ("charts", b.charts.to_string(), a.charts.to_string()),
        ("seed", b.seed.to_string(), a.seed.to_string()),
        (
            "iterations",
            b.iterations.to_string(),
            a.iterations.to_string(),
        ),
        ("N", b.shard.count.to_string(), a.shard.count.to_string()),
    ];
    pairs
        .into_iter()
        .find(|(_, x, y)| x != y)
        .map(|(what, x, y)| format!("{what} {x}, not {y}"))
}

/// Each I of 0..N exactly once (`shards` sorted by I).
fn check_each_once(shards: &[(Shard, PathBuf)], h: &Header, shown: &str) -> Result<(), InputError> {
    for pair in shards.windows(2) {
        if pair[0].0.header.shard.index == pair[1].0.header.shard.index {
            return Err(InputError::file(
                pair[1].1.display().to_string(),
                format!(
                    "is shard {} a second time (also {})",
                    pair[1].0.header.shard,
                    pair[0].1.display()
                ),
                "pass each shard once (remove the copy or the folder holding it)",
            ));
        }
    }
    let n = h.shard.count;
    if let Some(missing) =
        (0..n).find(|i| shards.get(*i as usize).map(|s| s.0.header.shard.index) != Some(*i))
    {
        let spec = super::ShardSpec {
            index: missing,
            count: n,
        };
        return Err(InputError::file(
            shown,
            format!("shard {spec} is missing (no {})", file_name(spec)),
            format!("run it with `--shard {spec}` and the same arguments, then merge again"),
        ));
    }
    Ok(())
}

/// Concatenates each arm's sections in shard order (shards sorted by I, sections by arm), and
/// checks the years come out as 0, 1, 2, ...: the order one process writes.
fn assemble(shards: impl Iterator<Item = Shard>, h: &Header) -> Result<Vec<Detailed>, String> {
    let mut arms: Vec<Detailed> = (0..h.arms).map(|_| empty()).collect();
    for shard in shards {
        for (arm, d) in shard.sections {
            let into = arms
                .get_mut(arm as usize)
                .ok_or("a section names an arm past the run's")?;
            into.records.extend(d.records);
            into.agents.extend(d.agents);
            into.month_revenue_usd.extend(d.month_revenue_usd);
            into.month_cash_profit_usd.extend(d.month_cash_profit_usd);
            if into.hours.len() < d.hours.len() {
                into.hours.resize(d.hours.len(), [0; 3]);
            }
            // Whole-number tallies: their sum is the same in any grouping.
            for (total, part) in into.hours.iter_mut().zip(&d.hours) {
                (0..3).for_each(|i| total[i] += part[i]);
            }
        }
    }
    for (i, arm) in arms.iter().enumerate() {
        let in_order = arm
            .records
            .iter()
            .enumerate()
            .all(|(k, r)| r.iteration == k as u64);
        if arm.records.len() as u64 != h.iterations || !in_order {
            return Err(format!(
                "the shards' years of part {i} are not 0..{} in order",
                h.iterations
            ));
        }
    }
    Ok(arms)
}

fn empty() -> Detailed {
    Detailed {
        records: Vec::new(),
        agents: Vec::new(),
        hours: Vec::new(),
        month_revenue_usd: Vec::new(),
        month_cash_profit_usd: Vec::new(),
    }
}
