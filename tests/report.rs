//! The CFO report end to end. The README's report command's page prints to exactly one page on
//! A4 and on Letter from headless Chromium, and its text names service level and abandonment;
//! the figures on the page equal summary.json and compare.json, rounded as finance reads them
//! (by a rounding written here, not the report's); the reading's numbers are recomputed from
//! the JSON files; `--appendix` alone adds a second page; flags a command would ignore are
//! refused. Chromium and poppler-utils (pdfinfo, pdftotext) are installed by scripts/test.sh;
//! without them the browser tests fail, never skip. The PDFs are kept in target/tmp.

mod common;

use common::{callprofit, scenario};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The exact value behind a figure on the page: `data-metric="M" data-value="V"` (optionally
/// for one scenario).
fn data_value(html: &str, scenario: Option<&str>, metric: &str) -> f64 {
    let key = match scenario {
        Some(s) => format!("data-scenario=\"{s}\" data-metric=\"{metric}\" data-value=\""),
        None => format!("data-metric=\"{metric}\" data-value=\""),
    };
    let start = html
        .find(&key)
        .unwrap_or_else(|| panic!("no {metric} for {scenario:?} on the page"))
        + key.len();
    let end = start + html[start..].find('"').unwrap();
    html[start..end].parse().unwrap()
}

/// The text shown for that figure (up to the closing tag).
fn shown(html: &str, scenario: &str, metric: &str) -> String {
    let key = format!("data-scenario=\"{scenario}\" data-metric=\"{metric}\" data-value=\"");
    let start = html.find(&key).unwrap() + key.len();
    let text = start + html[start..].find('>').unwrap() + 1;
    html[text..text + html[text..].find('<').unwrap()].to_string()
}

/// Whole dollars with thousands separators, written independently of the report's code.
fn whole_dollars(x: f64) -> String {
    let digits = format!("{:.0}", x.abs());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{}${out}", if x < 0.0 { "-" } else { "" })
}

fn json(path: PathBuf) -> Value {
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn tool(name: &'static str) -> &'static str {
    let found = Command::new(name)
        .arg("-v")
        .output()
        .is_ok_and(|o| o.status.success() || !o.stderr.is_empty());
    assert!(
        found,
        "{name} is missing: this test prints the report to PDF and reads it back. Install \
         poppler-utils (`apt-get install poppler-utils`), or run scripts/test.sh, which does"
    );
    name
}

fn browser() -> &'static str {
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| {
            Command::new(b)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        });
    // No browser is a failure, never a skip: the page is only known to print if one printed it.
    found.unwrap_or_else(|| {
        panic!(
            "no browser: none of chromium, chromium-browser, google-chrome runs; this test prints \
             the report from headless Chromium. Install it (`apt-get install chromium`), or run \
             scripts/test.sh, which installs it or stops with an error"
        )
    })
}

/// Prints `page` to PDF on `paper` (as choosing the paper in the print dialog does: an
/// `@page { size }` rule after the page's own) and returns (pages by pdfinfo, pages by
/// counting `/Type /Page` objects, the PDF's text).
fn print(page: &Path, paper: &str, artefact: &str) -> (usize, usize, String) {
    let html = std::fs::read_to_string(page).unwrap();
    let sized = page.with_file_name(format!("sized_{paper}.html"));
    std::fs::write(
        &sized,
        html.replacen("</style>", &format!("@page{{size:{paper}}}</style>"), 1),
    )
    .unwrap();
    let pdf = Path::new(env!("CARGO_TARGET_TMPDIR")).join(artefact);
    let _ = std::fs::remove_file(&pdf);
    let out = Command::new(browser())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", sized.display()))
        .output()
        .expect("chromium runs");
    assert!(
        pdf.exists(),
        "no PDF: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let info = Command::new(tool("pdfinfo")).arg(&pdf).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout).into_owned();
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .expect("pdfinfo gives the pages")
        .trim()
        .parse()
        .unwrap();
    let bytes = std::fs::read(&pdf).unwrap();
    let key = b"/Type /Page";
    let objects = bytes
        .windows(key.len() + 1)
        .filter(|w| &w[..key.len()] == key && w[key.len()] != b's')
        .count();
    let text = Command::new(tool("pdftotext"))
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    (
        pages,
        objects,
        String::from_utf8_lossy(&text.stdout).into_owned(),
    )
}

/// The README's report command, as written there, with its --out moved into `out`.
fn readme_report_args(out: &Path) -> Vec<String> {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let line = readme
        .lines()
        .find(|l| l.starts_with("cargo run --release -- report "))
        .expect("the README shows a report command");
    let mut args: Vec<String> = line
        .trim_start_matches("cargo run --release -- ")
        .split_whitespace()
        .map(|a| match a.strip_prefix("scenarios/") {
            Some(file) => scenario(file),
            None => a.to_string(),
        })
        .collect();
    let at = args.iter().position(|a| a == "--out").expect("with --out");
    args[at + 1] = out.display().to_string();
    args.push("--quiet".into());
    args
}

#[test]
fn the_readme_report_is_one_page_on_a4_and_letter_and_holds_the_json_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    let args = readme_report_args(&out);
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, _, err) = callprofit(&refs);
    assert_eq!(code, 0, "{err}");
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let compare = json(out.join("compare.json"));
    let ids: Vec<String> = compare["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["scenario"].as_str().unwrap().to_string())
        .collect();
    let summaries: Vec<Value> = ids
        .iter()
        .map(|id| json(out.join(format!("summary_{id}.json"))))
        .collect();
    figures_equal_the_json(&html, &ids, &summaries, &compare);
    reading_from_the_json(&html, &summaries, &compare);
    assumptions_by_label(&html);
    for paper in ["A4", "letter"] {
        let (pages, objects, text) = print(
            &out.join("report.html"),
            paper,
            &format!("report_{paper}.pdf"),
        );
        assert_eq!(
            (pages, objects),
            (1, 1),
            "{paper}: the README's report on one page"
        );
        for words in [
            "Service level",
            "Abandoned calls",
            "Occupancy",
            "Revenue lost to abandonment",
        ] {
            assert!(
                text.contains(words),
                "{paper}: {words} missing from the printed page"
            );
        }
    }
}

/// Each figure's exact value is the JSON's; its text is that value rounded to whole dollars
/// (or a whole percent) as written here.
fn figures_equal_the_json(html: &str, ids: &[String], summaries: &[Value], compare: &Value) {
    let first = &summaries[0]["metrics"]["profit_per_agent_year"];
    for q in ["p10", "p50", "p90", "mean"] {
        assert_eq!(
            data_value(html, None, q),
            first[q].as_f64().unwrap(),
            "headline {q}"
        );
        let text = whole_dollars(first[q].as_f64().unwrap());
        assert!(
            html.contains(&format!(">{text}</span>")),
            "headline {q} shows {text}"
        );
    }
    for (id, s) in ids.iter().zip(summaries) {
        for (metric, key) in [
            ("profit_per_agent_year", "mean"),
            ("profit_per_agent_year", "p10"),
            ("profit_per_agent_year", "p90"),
            ("team_profit_year", "mean"),
            ("service_level", "mean"),
            ("abandon_rate", "mean"),
            ("occupancy", "mean"),
            ("lost_revenue_per_agent_year", "mean"),
        ] {
            let want = s["metrics"][metric][key].as_f64().unwrap();
            let name = format!("{metric}.{key}");
            assert_eq!(data_value(html, Some(id), &name), want, "{id} {name}");
            let text = shown(html, id, &name);
            if metric.contains("year") && want.abs() >= 1000.0 {
                assert_eq!(
                    text,
                    whole_dollars(want),
                    "{id} {name}: no cents above $1,000"
                );
            }
        }
        let p_loss = s["p_loss"]["p"].as_f64().unwrap();
        assert_eq!(data_value(html, Some(id), "p_loss"), p_loss);
    }
    let d = &compare["differences"][0];
    let id = &ids[1];
    assert_eq!(
        data_value(html, Some(id), "difference.mean"),
        d["mean"].as_f64().unwrap()
    );
    assert_eq!(
        data_value(html, Some(id), "difference.p_better"),
        d["p_better"]["p"].as_f64().unwrap()
    );
    let text = shown(html, id, "difference.mean");
    assert!(
        text.starts_with(&whole_dollars(d["mean"].as_f64().unwrap())),
        "{text}"
    );
    // The service level as a whole percent, e.g. 21% and 83%.
    for (id, s) in ids.iter().zip(summaries) {
        let sl = s["metrics"]["service_level"]["mean"].as_f64().unwrap() * 100.0;
        assert_eq!(shown(html, id, "service_level.mean"), format!("{sl:.0}%"));
    }
}

/// The reading's numbers, recomputed from the JSON: the paired difference, the team's, the
/// service levels, and the worth an extra answered call would need (team profit lost / calls
/// gained).
fn reading_from_the_json(html: &str, s: &[Value], compare: &Value) {
    let start = html.find("<p class=\"reading\">").unwrap();
    let reading = &html[start..start + html[start..].find("</p>").unwrap()];
    let mean = |k: usize, m: &str| s[k]["metrics"][m]["mean"].as_f64().unwrap();
    let d = compare["differences"][0]["mean"].as_f64().unwrap();
    assert!(
        d < 0.0,
        "the staffed team earns less per agent (as the scenario files say)"
    );
    let team = mean(1, "team_profit_year") - mean(0, "team_profit_year");
    let calls = mean(1, "handled_calls_year") - mean(0, "handled_calls_year");
    let worth = -team / calls;
    let sl = |k: usize| format!("{:.0}%", mean(k, "service_level") * 100.0);
    let expect = [
        "Staffing 16 more agents (36 instead of 20)".to_string(),
        format!("costs {} per agent-year", whole_dollars(-d)),
        format!("team profit falls by {} a year", whole_dollars(-team)),
        format!("lifts service level from {} to {}", sl(0), sl(1)),
        format!(
            "each of the {} more calls",
            whole_dollars(calls).trim_start_matches('$')
        ),
        // Cents below $10, whole dollars from there.
        if worth < 10.0 {
            format!("worth more than ${worth:.2}")
        } else {
            format!("worth more than {}", whole_dollars(worth))
        },
    ];
    for e in expect {
        assert!(reading.contains(&e), "reading lacks {e:?}: {reading}");
    }
}

/// Every driving input by its label, queue settings included, with the files' values; the
/// team sizes differ and say so; no input path shows.
fn assumptions_by_label(html: &str) {
    for (label, value) in [
        ("Queue: shrinkage (%)", "30"),
        ("Queue: handle seconds", "lognormal(mean 210, sd 120)"),
        ("Queue: patience seconds", "exponential(mean 120)"),
        ("Queue: service level seconds", "20"),
        ("Queue: after call work seconds", "30"),
        ("Site-1 save: probability", "57 of 662 = 0.086103"),
        ("Wage per hour ($)", "18"),
    ] {
        let row = format!(
            "<span>{}</span><span>{value}</span>",
            label.replace('&', "&amp;")
        );
        assert!(html.contains(&row), "assumption row {row}");
    }
    let agents = "<div class=\"differs\"><span>Agents</span><span><em>A: 20</em> · <em>B: 36</em>";
    assert!(html.contains(agents), "the team sizes differ");
    assert!(!html.contains("outcomes[") && !html.contains("team.agents"));
}

#[test]
fn a_plain_report_is_one_page_and_the_appendix_adds_a_second() {
    let dir = tempfile::tempdir().unwrap();
    let run = |name: &str, files: &[&str], extra: &[&str]| {
        let out = dir.path().join(name);
        let mut args = vec!["report".to_string()];
        args.extend(files.iter().map(|f| scenario(f)));
        args.extend([
            "--iterations".into(),
            "400".into(),
            "--quiet".into(),
            "--out".into(),
            out.display().to_string(),
        ]);
        args.extend(extra.iter().map(|s| s.to_string()));
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, _, err) = callprofit(&refs);
        assert_eq!(code, 0, "{err}");
        out
    };
    let pair = ["center_20.toml", "article_15.toml"];
    let plain = run("plain", &pair, &[]);
    let html = std::fs::read_to_string(plain.join("report.html")).unwrap();
    assert_eq!(
        html.matches("<figure data-chart").count(),
        1,
        "one chart on the page"
    );
    assert!(
        !html.contains("<script") && !html.contains("src=\"http"),
        "self-contained"
    );
    assert!(!html.contains("Appendix"));
    let summary = json(plain.join("summary_center_20.json"));
    let profit = &summary["metrics"]["profit_per_agent_year"];
    assert_eq!(
        data_value(&html, None, "p50"),
        profit["p50"].as_f64().unwrap()
    );
    assert!(html.contains("Demand multiplier") && !html.contains("demand.demand_multiplier"));
    for paper in ["A4", "letter"] {
        let (pages, objects, _) = print(
            &plain.join("report.html"),
            paper,
            &format!("plain_{paper}.pdf"),
        );
        assert_eq!((pages, objects), (1, 1), "{paper}");
    }
    // Three plans of a five-agent roster: the longest list of assumptions bundled.
    let plans = [
        "plans/baseline.toml",
        "plans/base_plus_commission.toml",
        "plans/contest_points.toml",
    ];
    let roster = run("plans", &plans, &[]);
    for paper in ["A4", "letter"] {
        let (pages, objects, _) = print(
            &roster.join("report.html"),
            paper,
            &format!("plans_{paper}.pdf"),
        );
        assert_eq!((pages, objects), (1, 1), "{paper}: three plans");
    }
    let long = run("appendix", &pair, &["--appendix"]);
    let html = std::fs::read_to_string(long.join("report.html")).unwrap();
    assert_eq!(
        html.matches("<figure data-chart").count(),
        4,
        "box plot; histogram, S-curve, difference"
    );
    let (pages, _, text) = print(&long.join("report.html"), "A4", "appendix_A4.pdf");
    assert!(pages >= 2, "the appendix starts a second page");
    let first_page = text.split('\u{c}').next().unwrap();
    assert!(!first_page.contains("Appendix") && text.contains("Appendix"));
    assert!(
        text.contains("every input") && text.contains("team.agents"),
        "full input table"
    );
}

#[test]
fn flags_a_command_would_ignore_are_refused() {
    let s = scenario("center_20.toml");
    let q = scenario("queue_15.toml");
    for (args, flag) in [
        (vec!["report", s.as_str(), "--json"], "--json"),
        (vec!["report", s.as_str(), "--no-charts"], "--no-charts"),
        (vec!["staffing", q.as_str(), "--no-charts"], "--no-charts"),
        // staffing draws no chart, so it has no chart size or font scale either.
        (
            vec!["staffing", q.as_str(), "--chart-size", "1920x1080"],
            "--chart-size",
        ),
        (
            vec!["staffing", q.as_str(), "--font-scale", "1.5"],
            "--font-scale",
        ),
    ] {
        let (code, _, err) = callprofit(&args);
        assert_eq!(code, 2, "{args:?}");
        assert!(
            err.contains(&format!("unexpected argument '{flag}'")),
            "{err}"
        );
    }
    for flag in [["--json", ""], ["--chart-size", "1920x1080"]] {
        let mut args = vec!["run", s.as_str(), "--shard", "0/2", flag[0]];
        args.extend(flag[1..].iter().filter(|f| !f.is_empty()));
        let (code, _, err) = callprofit(&args);
        assert_eq!(code, 2, "{args:?}");
        assert!(err.contains("cannot be used with"), "{err}");
    }
    let flags = [
        "erlang",
        "--calls-per-hour",
        "200",
        "--handle-seconds",
        "180",
        "--agents",
        "12",
    ];
    for extra in [["--out", "x"], ["--opens-at", "9"]] {
        let args: Vec<&str> = flags.iter().copied().chain(extra).collect();
        let (code, _, err) = callprofit(&args);
        assert_eq!(code, 2, "{args:?}");
        assert!(err.contains("<SCENARIO>"), "{err}");
    }
}
