//! The CFO report end to end: the real binary writes one self-contained page; its headline
//! numbers equal summary.json exactly; every chart is inline; and headless Chromium (installed
//! by the README's test command, scripts/test.sh) loads it with no console errors and saves a
//! screenshot to target/tmp/report.png as the test's artefact. Without Chromium the test fails.

mod common;

use common::{callprofit, scenario};
use std::path::Path;
use std::process::Command;

fn data_value(html: &str, metric: &str) -> String {
    let key = format!("data-metric=\"{metric}\" data-value=\"");
    let start = html
        .find(&key)
        .unwrap_or_else(|| panic!("no {metric} on the page"))
        + key.len();
    html[start..start + html[start..].find('"').unwrap()].to_string()
}

fn browser() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| {
            Command::new(b)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
}

#[test]
fn report_page_matches_summary_and_loads_in_a_browser() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    let (code, _, err) = callprofit(&[
        "report",
        &scenario("center_20.toml"),
        &scenario("article_15.toml"),
        "--iterations",
        "400",
        "--quiet",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary_center_20.json")).unwrap())
            .unwrap();
    let profit = &summary["metrics"]["profit_per_agent_year"];
    for (metric, want) in [
        ("p50", &profit["p50"]),
        ("p10", &profit["p10"]),
        ("p90", &profit["p90"]),
        ("mean", &profit["mean"]),
        ("p_loss", &summary["p_loss"]["p"]),
    ] {
        let got: f64 = data_value(&html, metric).parse().unwrap();
        assert_eq!(
            got,
            want.as_f64().unwrap(),
            "{metric} on the page vs summary.json"
        );
    }
    assert_eq!(
        html.matches("<figure data-chart").count(),
        3,
        "histogram, box plot, S-curve"
    );
    assert_eq!(html.matches("<svg").count(), 3);
    assert!(
        !html.contains("<script") && !html.contains("src=\"http"),
        "self-contained"
    );
    // Inputs by the scenario's labels, not by their paths in the file.
    assert!(html.contains("Demand multiplier") && html.contains("P(better)"));
    assert!(!html.contains("demand.demand_multiplier"));

    // No browser is a failure, never a skip: the page is only known to load if one loaded it.
    let Some(b) = browser() else {
        panic!(
            "no browser: none of chromium, chromium-browser, google-chrome runs; this test loads \
             the report in headless Chromium. Install it (`apt-get install chromium`), or run \
             scripts/test.sh, which installs it or stops with an error"
        );
    };
    let page = format!("file://{}", out.join("report.html").display());
    let artefact = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report.png");
    let common_flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
    ];
    let dom = Command::new(b)
        .args(common_flags)
        .args(["--enable-logging=stderr", "--v=0", "--dump-dom", &page])
        .output()
        .expect("chromium runs");
    let stderr = String::from_utf8_lossy(&dom.stderr);
    let console: Vec<&str> = stderr.lines().filter(|l| l.contains("CONSOLE")).collect();
    assert!(console.is_empty(), "console messages: {console:?}");
    let loaded = String::from_utf8_lossy(&dom.stdout);
    assert_eq!(
        loaded.matches("<figure data-chart").count(),
        3,
        "charts present after load"
    );
    assert_eq!(data_value(&loaded, "p50"), data_value(&html, "p50"));
    let shot = Command::new(b)
        .args(common_flags)
        .args([
            "--window-size=1200,2400",
            &format!("--screenshot={}", artefact.display()),
            &page,
        ])
        .output()
        .expect("chromium runs");
    assert!(
        shot.status.success() && artefact.exists(),
        "screenshot: {}",
        String::from_utf8_lossy(&shot.stderr)
    );
}
