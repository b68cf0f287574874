//! `--shard I/N` then `merge` against one process: byte for byte, for every command that
//! shards, in any order and for any N; and merges of shards that do not belong together refused.

mod common;

use common::{callprofit, scenario};
use std::collections::BTreeMap;
use std::path::Path;

/// Every file of a folder (hidden ones too: the manifest must match as well), by name.
fn read_folder(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap())
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (name, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

fn ok(args: &[&str]) {
    let (code, out, err) = callprofit(args);
    assert_eq!(code, 0, "{args:?}\nstdout: {out}\nstderr: {err}");
}

/// The command once, then as N shards run in `order` and merged: the folders must be equal.
fn same_as_one_process(command: &[&str], n: u32, order: &[u32]) {
    let tmp = tempfile::tempdir().unwrap();
    let one = tmp.path().join("one");
    let shards = tmp.path().join("shards");
    let merged = tmp.path().join("merged");
    let with = |extra: Vec<String>| {
        let mut args: Vec<String> = command.iter().map(|a| a.to_string()).collect();
        args.extend(extra);
        args.push("--quiet".into());
        args
    };
    let strs = |v: &[String]| ok(&v.iter().map(String::as_str).collect::<Vec<_>>());
    strs(&with(vec!["--out".into(), one.display().to_string()]));
    for i in order {
        let out = shards.display().to_string();
        strs(&with(vec![
            "--shard".into(),
            format!("{i}/{n}"),
            "--out".into(),
            out,
        ]));
    }
    ok(&[
        "merge",
        shards.to_str().unwrap(),
        "--out",
        merged.to_str().unwrap(),
    ]);
    let (a, b) = (read_folder(&one), read_folder(&merged));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (name, bytes) in &a {
        assert!(bytes == &b[name], "{command:?}, N = {n}: {name} differs");
    }
}

/// Queue mode (hourly tallies), charts (monthly revenue, the fan chart); 10 years in 4 shards
/// (not a divisor), produced last to first.
#[test]
fn run_queue_with_charts_merges_byte_identical() {
    let s = scenario("queue_1_5.toml");
    same_as_one_process(&["run", &s, "--iterations", "10"], 4, &[3, 2, 1, 0]);
}

/// A contest (per-agent rows, fairness), in order and in reverse, and with more shards than
/// years (empty slices).
#[test]
fn run_with_a_contest_merges_byte_identical() {
    let s = scenario("plans/contest_points.toml");
    let cmd = ["run", &s, "--iterations", "30", "--no-charts"];
    same_as_one_process(&cmd, 4, &[0, 1, 2, 3]);
    same_as_one_process(&cmd, 4, &[3, 2, 1, 0]);
    let few = ["run", &s, "--iterations", "3", "--no-charts"];
    same_as_one_process(&few, 4, &[2, 0, 3, 1]);
}

#[test]
fn compare_merges_byte_identical() {
    let (a, b) = (scenario("article_15.toml"), scenario("article_1_5.toml"));
    same_as_one_process(&["compare", &a, &b, "--iterations", "50"], 4, &[3, 1, 0, 2]);
}

/// 3 points x 10 years over 4 shards: shard edges fall inside points.
#[test]
fn sweep_merges_byte_identical() {
    let s = scenario("article_15.toml");
    let set = "demand.calls_per_agent_hour=1.5..15:3";
    same_as_one_process(
        &["sweep", &s, "--set", set, "--iterations", "10"],
        4,
        &[3, 2, 1, 0],
    );
}

/// Four shards of a 20-year run of a copy of article_15.toml in `dir/shards`; the copy's path.
fn four_shards(dir: &Path, extra: &[&str]) -> String {
    let file = dir.join("s.toml");
    std::fs::copy(scenario("article_15.toml"), &file).unwrap();
    let file = file.display().to_string();
    let out = dir.join("shards").display().to_string();
    for i in 0..4 {
        let spec = format!("{i}/4");
        let args = [&["run", &file, "--iterations", "20", "--no-charts"], extra].concat();
        ok(&[&args[..], &["--quiet", "--shard", &spec, "--out", &out]].concat());
    }
    file
}

/// `merge DIRS`: exit 2, the message names `named`, and no output folder appears.
fn refused(dir: &Path, dirs: &[&Path], named: &str) {
    let merged = dir.join("merged");
    let mut args = vec!["merge".to_string()];
    args.extend(dirs.iter().map(|d| d.display().to_string()));
    args.extend(["--out".into(), merged.display().to_string()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, _, err) = callprofit(&args);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(named),
        "the message should name {named}: {err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    assert!(!merged.exists(), "nothing may be written");
}

#[test]
fn a_missing_shard_is_refused_by_name() {
    let tmp = tempfile::tempdir().unwrap();
    four_shards(tmp.path(), &[]);
    let shards = tmp.path().join("shards");
    std::fs::remove_file(shards.join("shard-2-of-4.cpshard")).unwrap();
    refused(tmp.path(), &[&shards], "shard 2/4 is missing");
}

#[test]
fn a_duplicated_shard_is_refused_by_name() {
    let tmp = tempfile::tempdir().unwrap();
    four_shards(tmp.path(), &[]);
    let (shards, copy) = (tmp.path().join("shards"), tmp.path().join("copy"));
    std::fs::create_dir(&copy).unwrap();
    let name = "shard-1-of-4.cpshard";
    std::fs::copy(shards.join(name), copy.join(name)).unwrap();
    refused(tmp.path(), &[&shards, &copy], "is shard 1/4 a second time");
}

/// A shard of the same scenario run with another seed, dropped in for shard 3.
#[test]
fn a_shard_of_another_seed_is_refused_by_name() {
    let tmp = tempfile::tempdir().unwrap();
    let file = four_shards(tmp.path(), &[]);
    let other = tmp.path().join("other");
    let args = [
        "run",
        &file,
        "--iterations",
        "20",
        "--no-charts",
        "--seed",
        "7",
    ];
    let out = other.display().to_string();
    ok(&[&args[..], &["--quiet", "--shard", "3/4", "--out", &out]].concat());
    let shards = tmp.path().join("shards");
    std::fs::rename(
        other.join("shard-3-of-4.cpshard"),
        shards.join("shard-3-of-4.cpshard"),
    )
    .unwrap();
    refused(tmp.path(), &[&shards], "shard-3-of-4.cpshard");
    refused(tmp.path(), &[&shards], "seed 7");
}

/// Shard 0 run again after the scenario's text changed (same file name): foreign.
#[test]
fn a_shard_of_other_scenario_text_is_refused_by_name() {
    let tmp = tempfile::tempdir().unwrap();
    let file = four_shards(tmp.path(), &[]);
    let mut text = std::fs::read_to_string(&file).unwrap();
    text.push_str("\n# edited after the other shards ran\n");
    std::fs::write(&file, text).unwrap();
    let out = tmp.path().join("shards").display().to_string();
    let args = ["run", &file, "--iterations", "20", "--no-charts", "--quiet"];
    ok(&[&args[..], &["--shard", "0/4", "--out", &out]].concat());
    refused(tmp.path(), &[&tmp.path().join("shards")], "text hash");
}

#[test]
fn a_bad_shard_flag_is_refused() {
    let s = scenario("article_15.toml");
    for bad in ["4/4", "1", "a/b", "0/0"] {
        let (code, _, err) = callprofit(&["run", &s, "--shard", bad]);
        assert_eq!(code, 2, "{bad}: {err}");
        assert!(err.contains("--shard"), "{bad}: {err}");
    }
}
