//! Bad input: each case exits with code 2 and one line naming the file, the field, the value and
//! the fix, never panics, and leaves no output files behind.

use super::*;

const BASE: &str = r#"
name = "bad-input base"
[team]
agents = 2
[demand]
calls_per_agent_hour = 2
[[outcomes]]
name = "save"
probability = 0.1
value_usd = 30
[[outcomes]]
name = "trial"
probability = 0.05
value_usd = 0
trial_to_paid = 0.1
paid_value_usd = 35
[simulation]
iterations = 50
"#;

/// (what, scenario text, words the message must contain)
fn cases() -> Vec<(&'static str, String, Vec<&'static str>)> {
    let with = |from: &str, to: &str| {
        assert!(BASE.contains(from), "{from}");
        BASE.replacen(from, to, 1)
    };
    // Three uncertain inputs, for the correlation cases.
    let uncertain = with(
        "calls_per_agent_hour = 2",
        "calls_per_agent_hour = { dist = \"uniform\", min = 1, max = 3 }",
    )
    .replacen(
        "probability = 0.1\nvalue_usd = 30",
        "probability = { dist = \"beta\", k = 10, n = 100 }\nvalue_usd = { dist = \"uniform\", min = 20, max = 40 }",
        1,
    );
    vec![
        (
            "malformed TOML",
            with("[team]", "[team"),
            vec!["malformed TOML", "line 3"],
        ),
        (
            "unknown top-level field",
            format!("{BASE}\nseeed = 4\n"),
            vec!["simulation.seeed: unknown field", "did you mean `seed`"],
        ),
        (
            "misspelt field",
            with("probability = 0.1", "probabilty = 0.1"),
            vec![
                "outcomes[0].probabilty: unknown field",
                "did you mean `probability`",
            ],
        ),
        (
            "probability above 1",
            with("probability = 0.1", "probability = 1.3"),
            vec!["outcomes[0].probability = 1.3", "[0, 1]"],
        ),
        (
            "probabilities sum above 1",
            with("probability = 0.1", "probability = 0.97"),
            vec!["outcomes[*].probability", "sum above 1"],
        ),
        (
            "negative rate",
            with("calls_per_agent_hour = 2", "calls_per_agent_hour = -2"),
            vec!["demand.calls_per_agent_hour = -2: is negative"],
        ),
        (
            "lognormal sd 0",
            with(
                "value_usd = 30",
                "value_usd = { dist = \"lognormal\", mean = 30, sd = 0 }",
            ),
            vec!["outcomes[0].value_usd.sd = 0", "positive"],
        ),
        (
            "beta k > n",
            with(
                "probability = 0.1",
                "probability = { dist = \"beta\", k = 70, n = 66 }",
            ),
            vec!["outcomes[0].probability.k = 70"],
        ),
        (
            "zero agents",
            with("agents = 2", "agents = 0"),
            vec!["team.agents = 0"],
        ),
        (
            "zero iterations",
            with("iterations = 50", "iterations = 0"),
            vec!["simulation.iterations = 0"],
        ),
        (
            "unknown distribution",
            with(
                "value_usd = 30",
                "value_usd = { dist = \"lognorm\", mean = 30, sd = 3 }",
            ),
            vec!["outcomes[0].value_usd.dist", "did you mean `lognormal`"],
        ),
        (
            "wrong type",
            with("value_usd = 30", "value_usd = \"thirty\""),
            vec!["outcomes[0].value_usd", "a number or a distribution"],
        ),
        (
            "negative wage",
            with("agents = 2", "agents = 2\nwage_per_hour_usd = -15"),
            vec!["team.wage_per_hour_usd = -15"],
        ),
        (
            "half a trial",
            with("paid_value_usd = 35", ""),
            vec!["outcomes[1]", "trial_to_paid"],
        ),
        (
            "unknown contest period",
            format!("{BASE}\n[incentives.contest]\nperiod = \"weekly\"\nprizes_usd = [100]\n"),
            vec!["incentives.contest.period", "did you mean `week`"],
        ),
        (
            "commission on unknown outcome",
            format!("{BASE}\n[[incentives.commission]]\noutcome = \"sav\"\nusd_per_outcome = 2\n"),
            vec![
                "incentives.commission[0].outcome = sav",
                "did you mean `save`",
            ],
        ),
        (
            "untruncated normal probability",
            with(
                "probability = 0.05",
                "probability = { dist = \"normal\", mean = 0.05, sd = 0.02 }",
            ),
            vec!["outcomes[1].probability", "truncate"],
        ),
        (
            "missing demand",
            with("calls_per_agent_hour = 2", ""),
            vec!["demand.calls_per_agent_hour", "(missing)"],
        ),
        (
            "receptive share above 1",
            format!("{BASE}\n[incentives.behaviour]\noffer_share = 0.3\nreceptive_share = 1.5\n"),
            vec!["incentives.behaviour.receptive_share = 1.5", "[0, 1]"],
        ),
        (
            "negative acceptance",
            format!(
                "{BASE}\n[incentives.behaviour]\noffer_share = 0.3\nreceptive_share = 0.1\nother_acceptance = -0.1\n"
            ),
            vec!["incentives.behaviour.other_acceptance = -0.1", "[0, 1]"],
        ),
        (
            "acceptance without a receptive share",
            format!(
                "{BASE}\n[incentives.behaviour]\noffer_share = 0.3\nreceptive_acceptance = 0.5\n"
            ),
            vec![
                "incentives.behaviour.receptive_acceptance",
                "needs receptive_share",
            ],
        ),
        (
            "per-offer outcome without an offer share",
            with("value_usd = 30", "value_usd = 30\nper_offer = true"),
            vec![
                "outcomes[0].per_offer = true",
                "no offer share",
                "offer_share",
            ],
        ),
        (
            "receptive share without an offer share",
            format!("{BASE}\n[incentives.behaviour]\nreceptive_share = 0.15\n"),
            vec!["incentives.behaviour.receptive_share", "no offer share"],
        ),
        (
            "queue: abandon churn share above 1",
            format!(
                "{BASE}\n[queue]\nhandle_seconds = 240\nabandon_churn_share = 1.2\nabandon_churn_value_usd = 50\n"
            ),
            vec!["queue.abandon_churn_share = 1.2", "[0, 1]"],
        ),
        (
            "queue: negative abandon churn value",
            format!(
                "{BASE}\n[queue]\nhandle_seconds = 240\nabandon_churn_share = 0.1\nabandon_churn_value_usd = -5\n"
            ),
            vec!["queue.abandon_churn_value_usd = -5", "negative"],
        ),
        (
            "queue: abandon churn value without a share",
            format!("{BASE}\n[queue]\nhandle_seconds = 240\nabandon_churn_value_usd = 50\n"),
            vec!["queue.abandon_churn_value_usd", "needs abandon_churn_share"],
        ),
        (
            "queue: abandon churn share without a value",
            format!("{BASE}\n[queue]\nhandle_seconds = 240\nabandon_churn_share = 0.1\n"),
            vec!["queue.abandon_churn_value_usd = (missing)", "is required"],
        ),
        (
            "queue: shrinkage of 100%",
            format!("{BASE}\n[queue]\nshrinkage_pct = 100\nhandle_seconds = 240\n"),
            vec!["queue.shrinkage_pct = 100", "[0, 100)"],
        ),
        (
            "queue: handle time that can be negative",
            format!(
                "{BASE}\n[queue]\nhandle_seconds = {{ dist = \"normal\", mean = 200, sd = 90 }}\n"
            ),
            vec!["queue.handle_seconds", "negative seconds"],
        ),
        (
            "queue: intraday profile of the wrong length",
            format!("{BASE}\n[queue]\nhandle_seconds = 240\nintraday_profile = [1, 2]\n"),
            vec!["queue.intraday_profile", "give 8 non-negative weights"],
        ),
        (
            "queue: misspelt field",
            format!("{BASE}\n[queue]\nhandle_seconds = 240\npatiense_seconds = 60\n"),
            vec![
                "queue.patiense_seconds: unknown field",
                "did you mean `patience_seconds`",
            ],
        ),
        (
            "queue: shrinkage leaves nobody on the phones",
            format!("{BASE}\n[queue]\nshrinkage_pct = 60\nhandle_seconds = 240\n"),
            vec!["queue.shrinkage_pct = 60", "no agent on the phones"],
        ),
        (
            "a fraction of an agent",
            with("agents = 2", "agents = 14.5"),
            vec!["team.agents = 14.5", "must be a whole number of 0 or more"],
        ),
        (
            "negative weeks",
            format!("{BASE}\n[horizon]\nweeks_per_year = -1\n"),
            vec![
                "horizon.weeks_per_year = -1",
                "must be a whole number of 0 or more",
            ],
        ),
        (
            "distribution name with a trailing space",
            with(
                "value_usd = 30",
                "value_usd = { dist = \"lognormal \", mean = 30, sd = 3 }",
            ),
            vec![
                "outcomes[0].value_usd.dist = \"lognormal \"",
                "`lognormal` without the spaces",
            ],
        ),
        (
            "queue: an intraday profile of 100,000 weights",
            format!(
                "{BASE}\n[queue]\nhandle_seconds = 240\nintraday_profile = [{}]\n",
                vec!["1"; 100_000].join(", ")
            ),
            vec![
                "queue.intraday_profile = [1, 1, 1, … (100000 weights)]",
                "give 8 non-negative weights",
            ],
        ),
        (
            "correlation: an input the scenario does not have",
            correlated(
                &uncertain,
                "\"demand.calls_per_agent_hour\", \"outcomes[0].probabilty\"",
                0.5,
            ),
            vec![
                "correlations[0].between = outcomes[0].probabilty",
                "did you mean `outcomes[0].probability`",
            ],
        ),
        (
            "correlation: a fixed input",
            correlated(
                &uncertain,
                "\"demand.calls_per_agent_hour\", \"outcomes[1].probability\"",
                0.5,
            ),
            vec![
                "outcomes[1].probability",
                "fixed number",
                "give it a distribution",
            ],
        ),
        (
            "correlation: rank outside (-1, 1)",
            correlated(
                &uncertain,
                "\"demand.calls_per_agent_hour\", \"outcomes[0].probability\"",
                1.3,
            ),
            vec!["correlations[0].rank = 1.3", "strictly between -1 and 1"],
        ),
        (
            "correlation: one input named",
            correlated(&uncertain, "\"demand.calls_per_agent_hour\"", 0.5),
            vec!["correlations[0].between", "exactly two inputs"],
        ),
        (
            "correlation: per-agent skill",
            correlated(
                &uncertain,
                "\"demand.calls_per_agent_hour\", \"team.skill_multiplier\"",
                0.5,
            ),
            vec!["team.skill_multiplier", "varies agent by agent"],
        ),
        (
            "correlations that cannot hold together",
            format!(
                "{}{}{}",
                correlated(
                    &uncertain,
                    "\"demand.calls_per_agent_hour\", \"outcomes[0].probability\"",
                    0.9
                ),
                correlated(
                    "",
                    "\"outcomes[0].probability\", \"outcomes[0].value_usd\"",
                    0.9
                ),
                correlated(
                    "",
                    "\"demand.calls_per_agent_hour\", \"outcomes[0].value_usd\"",
                    -0.9
                ),
            ),
            vec!["correlations", "not positive definite", "weaken"],
        ),
        (
            "churn above 1",
            subscribed("monthly_churn = 1.3"),
            vec!["outcomes[0].subscriber.monthly_churn", "1.3", "probability"],
        ),
        (
            "negative price",
            subscribed("monthly_churn = 0.1\nmonthly_price_usd = -5")
                .replace("monthly_price_usd = 20\n", ""),
            vec!["outcomes[0].subscriber.monthly_price_usd", "-5", "negative"],
        ),
        (
            "margin above 100%",
            subscribed("monthly_churn = 0.1\ngross_margin_pct = 120"),
            vec!["outcomes[0].subscriber.gross_margin_pct", "120", "100"],
        ),
        (
            "discount months without a discount",
            subscribed("monthly_churn = 0.1\ndiscount_months = 3"),
            vec!["outcomes[0].subscriber.discount_months", "discount_pct"],
        ),
        (
            "a discount without its months",
            subscribed("monthly_churn = 0.1\ndiscount_pct = 30"),
            vec!["outcomes[0].subscriber.discount_pct", "discount_months"],
        ),
        (
            "payments that never end",
            subscribed("monthly_churn = 0"),
            vec![
                "outcomes[0].subscriber.monthly_churn",
                "max_months",
                "discount_rate_pct",
            ],
        ),
        (
            "a value and a subscription",
            with(
                "value_usd = 30",
                "value_usd = 30\n[outcomes.subscriber]\nmonthly_price_usd = 20\nmonthly_churn = 0.1",
            ),
            vec!["outcomes[0].value_usd", "keep one"],
        ),
        (
            "no value at all",
            with("value_usd = 30\n", ""),
            vec!["outcomes[0].value_usd", "missing", "subscriber"],
        ),
        (
            "incremental share above 1",
            with("value_usd = 30", "value_usd = 30\nincremental_share = 1.5"),
            vec!["outcomes[0].incremental_share", "1.5", "probability"],
        ),
        (
            "negative discount rate",
            format!("{BASE}\n[finance]\ndiscount_rate_pct = -3\n"),
            vec!["finance.discount_rate_pct", "-3", "negative"],
        ),
        (
            "a horizon of no years",
            format!("{BASE}\n[finance]\nhorizon_years = 0\n"),
            vec!["finance.horizon_years", "0", "1 to 10"],
        ),
        (
            "a programme longer than its horizon",
            format!("{BASE}\n[finance]\nhorizon_years = 2\nprogramme_years = 3\n"),
            vec!["finance.programme_years", "3", "1 to 2"],
        ),
    ]
}

/// BASE with its first outcome valued by a subscription with `fields` (and a $20 price).
fn subscribed(fields: &str) -> String {
    BASE.replacen(
        "value_usd = 30\n",
        &format!("[outcomes.subscriber]\nmonthly_price_usd = 20\n{fields}\n"),
        1,
    )
}

/// `text` with one `[[correlations]]` entry appended.
fn correlated(text: &str, between: &str, rank: f64) -> String {
    format!("{text}\n[[correlations]]\nbetween = [{between}]\nrank = {rank}\n")
}

fn assert_refused(out: &Output, file: &str, words: &[&str], out_dir: &Path) {
    assert_eq!(out.code, 2, "exit code for {file}: stderr {}", out.stderr);
    let line = out.stderr.trim_end();
    assert!(!line.contains('\n'), "one line expected: {line}");
    assert!(!line.contains("panicked"), "{line}");
    assert!(line.len() < 1500, "a short line: {} bytes", line.len());
    // Rust's type names are jargon to someone editing a scenario.
    let jargon = ["u8", "u16", "u32", "u64", "usize", "i32", "i64", "f64"];
    let tokens: Vec<&str> = line.split(|c: char| !c.is_alphanumeric()).collect();
    assert!(!jargon.iter().any(|j| tokens.contains(j)), "jargon: {line}");
    assert!(
        line.contains(file) && line.contains("fix"),
        "names the file and the fix: {line}"
    );
    for w in words {
        assert!(line.contains(w), "message lacks `{w}`: {line}");
    }
    let left: Vec<_> = std::fs::read_dir(out_dir)
        .map(|d| d.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "files left behind: {left:?}");
}

#[test]
fn bad_scenarios_are_refused_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.toml");
    std::fs::write(&good, BASE).unwrap();
    let ok = callprofit(&[
        "run",
        good.to_str().unwrap(),
        "--quiet",
        "--out",
        dir.path().join("ok").to_str().unwrap(),
    ]);
    assert_eq!(ok.code, 0, "the base scenario is valid: {}", ok.stderr);
    for (i, (what, text, words)) in cases().into_iter().enumerate() {
        let file = dir.path().join(format!("case{i}.toml"));
        std::fs::write(&file, text).unwrap();
        let out_dir = dir.path().join(format!("out{i}"));
        let out = callprofit(&[
            "run",
            file.to_str().unwrap(),
            "--quiet",
            "--out",
            out_dir.to_str().unwrap(),
        ]);
        println!("{what}: {}", out.stderr.trim());
        assert_refused(&out, file.to_str().unwrap(), &words, &out_dir);
        assert_eq!(
            callprofit(&["check", file.to_str().unwrap()]).code,
            2,
            "{what}: check"
        );
    }
}

#[test]
fn missing_file_bad_flags_and_unwritable_output_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.toml");
    let out = callprofit(&["run", missing.to_str().unwrap()]);
    assert_refused(
        &out,
        missing.to_str().unwrap(),
        &["cannot read"],
        &dir.path().join("none"),
    );

    let good = dir.path().join("good.toml");
    std::fs::write(&good, BASE).unwrap();
    let zero = callprofit(&[
        "run",
        good.to_str().unwrap(),
        "--iterations",
        "0",
        "--out",
        dir.path().join("z").to_str().unwrap(),
    ]);
    assert_refused(
        &zero,
        "--iterations",
        &["out of range"],
        &dir.path().join("z"),
    );

    // The cap allows 1e8 years, but with charts they do not fit in memory: refused before
    // simulating, naming the most that fit.
    let huge = callprofit(&[
        "run",
        good.to_str().unwrap(),
        "--iterations",
        "100000000",
        "--quiet",
        "--out",
        dir.path().join("h").to_str().unwrap(),
    ]);
    assert_refused(
        &huge,
        "--iterations",
        &[
            "GiB of memory",
            "use at most 48,806,446 iterations",
            "--no-charts",
        ],
        &dir.path().join("h"),
    );

    // A folder cannot be made under a regular file: the output folder is unwritable.
    let blocker = dir.path().join("blocker");
    std::fs::write(&blocker, "").unwrap();
    let target = blocker.join("results");
    let out = callprofit(&[
        "run",
        good.to_str().unwrap(),
        "--quiet",
        "--out",
        target.to_str().unwrap(),
    ]);
    assert_refused(
        &out,
        target.to_str().unwrap(),
        &["not writable", "--out"],
        &dir.path().join("none"),
    );

    let usage = callprofit(&["run"]);
    assert_eq!(usage.code, 2, "clap usage errors exit 2 too");
}

#[test]
fn unknown_fields_are_named_wherever_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (format!("colour = 1\n{BASE}"), "colour: unknown field"),
        (
            BASE.replacen(
                "value_usd = 30",
                "value_usd = { dist = \"lognormal\", mean = 30, sdev = 3 }",
                1,
            ),
            "outcomes[0].value_usd.sdev: unknown field",
        ),
    ];
    for (i, (text, words)) in cases.iter().enumerate() {
        let file = dir.path().join(format!("u{i}.toml"));
        std::fs::write(&file, text).unwrap();
        let out = callprofit(&["check", file.to_str().unwrap()]);
        assert_refused(
            &out,
            file.to_str().unwrap(),
            &[words],
            &dir.path().join("none"),
        );
    }
}

/// A byte that is not UTF-8 (here Latin-1's é) is named by its offset, line and column.
#[test]
fn invalid_utf8_is_located() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("latin1.toml");
    let mut bytes = b"# caf".to_vec();
    bytes.push(0xE9);
    bytes.extend_from_slice(BASE.as_bytes());
    std::fs::write(&file, bytes).unwrap();
    let out_dir = dir.path().join("out");
    let out = callprofit(&[
        "run",
        file.to_str().unwrap(),
        "--quiet",
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    let words = [
        "not UTF-8",
        "byte 5 (0xE9) at line 1, column 6",
        "save the file as UTF-8",
    ];
    assert_refused(&out, file.to_str().unwrap(), &words, &out_dir);
}

/// Counts no table can hold: successes above the calls, and sums past the largest count
/// (which once overflowed and aborted); a blank or repeated outcome column.
#[test]
fn bad_calibration_data_is_refused_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let max = u64::MAX;
    let cases = [
        (
            "agent,calls,s1,s2\nA,10,18446744073709551615,1\n".to_string(),
            vec![
                "line 2, column s1",
                "18446744073709551615 by this column, more than the row's 10 calls",
            ],
        ),
        (
            format!("agent,calls,s1,s2\nA,{max},{max},1\n"),
            vec!["line 2, column s2", "past 18446744073709551615"],
        ),
        (
            "agent,calls,s1,s2\nA,10,2,3\nB,10,6,5\n".to_string(),
            vec!["line 3, column s2", "11 by this column"],
        ),
        (
            "agent,calls,save,save\nA,10,1,1\n".to_string(),
            vec!["outcome column 4 is `save`", "own non-empty name"],
        ),
    ];
    for (i, (csv, words)) in cases.iter().enumerate() {
        let file = dir.path().join(format!("data{i}.csv"));
        std::fs::write(&file, csv).unwrap();
        let out_dir = dir.path().join(format!("out{i}"));
        let out = callprofit(&[
            "calibrate",
            file.to_str().unwrap(),
            "--out",
            out_dir.to_str().unwrap(),
        ]);
        assert_refused(&out, file.to_str().unwrap(), words, &out_dir);
    }
}

/// `chart DIR` on a folder whose years are gone (a header alone) or cannot be drawn (an
/// infinite value, on which plotters never finished) is refused, and draws nothing.
#[test]
fn chart_of_a_folder_without_drawable_years_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.toml");
    std::fs::write(&good, BASE).unwrap();
    let saved = dir.path().join("saved");
    let run = callprofit(&[
        "run",
        good.to_str().unwrap(),
        "--quiet",
        "--no-charts",
        "--out",
        saved.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let iterations = saved.join("iterations.csv");
    let text = std::fs::read_to_string(&iterations).unwrap();
    let header = text.lines().next().unwrap();
    let column = header.split(',').position(|h| h == "profit_per_agent_year");
    let column = column.unwrap();
    let mut row: Vec<&str> = text.lines().nth(1).unwrap().split(',').collect();
    row[column] = "inf";
    let cases = [
        (format!("{header}\n"), vec!["no simulated years", "re-run"]),
        (
            format!("{header}\n{}\n", row.join(",")),
            vec!["line 2, column profit_per_agent_year: inf", "re-run"],
        ),
    ];
    for (csv, words) in cases {
        std::fs::write(&iterations, csv).unwrap();
        let before = std::fs::read_dir(&saved).unwrap().count();
        let out = callprofit(&["chart", saved.to_str().unwrap()]);
        assert_refused(
            &out,
            iterations.to_str().unwrap(),
            &words,
            &dir.path().join("none"),
        );
        let after = std::fs::read_dir(&saved).unwrap().count();
        assert_eq!(before, after, "no chart written");
    }
}
