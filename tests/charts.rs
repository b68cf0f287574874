//! Charts: every chart of `run`, `compare`, `sensitivity` and `sweep`, rendered from small fixed-seed runs of the real
//! binary: valid SVG that parses, PNG of the stated size whose title and footnote are not blank
//! (a missing font would leave them empty), CSV beside each, and `chart DIR` redraws the same
//! bytes without simulating.

mod common;

use common::scenario;
use std::path::Path;

fn callprofit(args: &[&str]) -> (i32, String) {
    let (code, _, stderr) = common::callprofit(args);
    (code, stderr)
}

/// Dark pixels (text, lines) in rows [y0, y1) of an RGB8 image.
fn dark_pixels(rgb: &[u8], width: usize, y0: usize, y1: usize) -> usize {
    rgb[y0 * width * 3..y1 * width * 3]
        .chunks(3)
        .filter(|p| (p[0] as u32 + p[1] as u32 + p[2] as u32) < 300)
        .count()
}

fn assert_chart(dir: &Path, stem: &str) {
    let svg = std::fs::read_to_string(dir.join(format!("{stem}.svg"))).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{stem}.svg: {e}"));
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    assert!(
        doc.descendants().any(|n| n.has_tag_name("text")),
        "{stem}.svg has no text"
    );

    let file = std::fs::File::open(dir.join(format!("{stem}.png"))).unwrap();
    let mut reader = png::Decoder::new(std::io::BufReader::new(file))
        .read_info()
        .unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!((info.width, info.height), (1600, 900), "{stem}.png size");
    assert_eq!(info.color_type, png::ColorType::Rgb);
    let w = info.width as usize;
    // The title band and the footnote band hold nothing but text (a footnote of two lines
    // starts above 850).
    assert!(
        dark_pixels(&buf, w, 10, 100) > 2000,
        "{stem}.png: blank title"
    );
    assert!(
        dark_pixels(&buf, w, 830, 900) > 500,
        "{stem}.png: blank footnote"
    );

    let csv = std::fs::read_to_string(dir.join(format!("{stem}.csv"))).unwrap();
    assert!(csv.lines().count() > 2, "{stem}.csv is empty");
}

fn read_all(dir: &Path, stems: &[&str]) -> Vec<Vec<u8>> {
    stems
        .iter()
        .flat_map(|s| {
            ["svg", "png", "csv"].map(|e| std::fs::read(dir.join(format!("{s}.{e}"))).unwrap())
        })
        .collect()
}

#[test]
fn run_and_compare_draw_every_chart_and_chart_redraws_them() {
    let tmp = tempfile::tempdir().unwrap();
    let run_dir = tmp.path().join("run");
    let (code, err) = callprofit(&[
        "run",
        &scenario("center_20.toml"),
        "--iterations",
        "300",
        "--quiet",
        "--out",
        run_dir.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let run_stems = ["profit_histogram", "profit_s_curve", "profit_fan"];
    for stem in run_stems {
        assert_chart(&run_dir, stem);
    }
    assert_fan_ends_at_the_years_profit(&run_dir);
    let before = read_all(&run_dir, &run_stems);
    for stem in run_stems {
        std::fs::remove_file(run_dir.join(format!("{stem}.png"))).unwrap();
    }
    let (code, err) = callprofit(&["chart", run_dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        before == read_all(&run_dir, &run_stems),
        "chart DIR redraws run charts identically"
    );

    let cmp_dir = tmp.path().join("cmp");
    let (code, err) = callprofit(&[
        "compare",
        &scenario("article_1_5.toml"),
        &scenario("article_15.toml"),
        &scenario("center_20.toml"),
        "--iterations",
        "300",
        "--quiet",
        "--out",
        cmp_dir.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let cmp_stems = [
        "compare_s_curve",
        "compare_box",
        "difference_1",
        "difference_2",
    ];
    for stem in cmp_stems {
        assert_chart(&cmp_dir, stem);
    }
    let before = read_all(&cmp_dir, &cmp_stems);
    let (code, err) = callprofit(&["chart", cmp_dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        before == read_all(&cmp_dir, &cmp_stems),
        "chart DIR redraws compare charts identically"
    );

    let queue_dir = tmp.path().join("queue");
    let (code, err) = callprofit(&[
        "run",
        &scenario("queue_15.toml"),
        "--iterations",
        "4",
        "--quiet",
        "--out",
        queue_dir.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert_chart(&queue_dir, "queue_by_hour");
    assert_chart(&queue_dir, "profit_fan");
    assert_fan_ends_at_the_years_profit(&queue_dir);
    let before = read_all(&queue_dir, &["queue_by_hour"]);
    std::fs::remove_file(queue_dir.join("queue_by_hour.svg")).unwrap();
    let (code, err) = callprofit(&["chart", queue_dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        before == read_all(&queue_dir, &["queue_by_hour"]),
        "chart DIR redraws the hourly chart"
    );

    let none = tmp.path().join("none");
    let (code, _) = callprofit(&[
        "run",
        &scenario("article_15.toml"),
        "--iterations",
        "50",
        "--quiet",
        "--no-charts",
        "--out",
        none.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    assert!(!none.join("profit_histogram.svg").exists());
    let (code, err) = callprofit(&["chart", tmp.path().join("empty").to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("summary.json") && err.contains("fix"), "{err}");
}

/// The fan chart's last month is the whole year: its median equals the median profit per
/// agent-year in summary.json (monthly revenues add up to the year's; rounding aside).
fn assert_fan_ends_at_the_years_profit(dir: &Path) {
    let fan = std::fs::read_to_string(dir.join("profit_fan.csv")).unwrap();
    let last = fan.lines().last().unwrap();
    let cells: Vec<&str> = last.split(',').collect();
    assert_eq!(cells[0], "12");
    let p50: f64 = cells[3].parse().unwrap();
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("summary.json")).unwrap()).unwrap();
    let want = summary["metrics"]["profit_per_agent_year"]["p50"]
        .as_f64()
        .unwrap();
    assert!(
        (p50 - want).abs() <= 1e-6 * want.abs().max(1.0),
        "fan month 12 median {p50} vs {want}"
    );
}

#[test]
fn sensitivity_and_sweep_draw_their_charts() {
    let dir = tempfile::tempdir().unwrap();
    let sens = dir.path().join("sens");
    let (code, err) = callprofit(&[
        "sensitivity",
        &scenario("center_20.toml"),
        "--iterations",
        "300",
        "--quiet",
        "--out",
        sens.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert_chart(&sens, "tornado");
    assert_chart(&sens, "variance_shares");
    // A queue sweep's chart carries the spreadsheet's line beside the simulated bands.
    let sweep = dir.path().join("sweep");
    let (code, err) = callprofit(&[
        "sweep",
        &scenario("queue_1_5.toml"),
        "--set",
        "demand.calls_per_agent_hour=1..2:3",
        "--iterations",
        "5",
        "--quiet",
        "--out",
        sweep.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert_chart(&sweep, "sweep_chart");
    let csv = std::fs::read_to_string(sweep.join("sweep_chart.csv")).unwrap();
    assert!(csv.starts_with("demand.calls_per_agent_hour,p10,p25,p50,p75,p90,spreadsheet\n"));
    // `chart DIR` redraws a sweep and a sensitivity folder's figures, the same bytes.
    for (folder, stems) in [
        (&sweep, &["sweep_chart"][..]),
        (&sens, &["tornado", "variance_shares"][..]),
    ] {
        let before = read_all(folder, stems);
        for stem in stems {
            std::fs::remove_file(folder.join(format!("{stem}.png"))).unwrap();
        }
        let (code, err) = callprofit(&["chart", folder.to_str().unwrap()]);
        assert_eq!(code, 0, "{err}");
        assert!(
            before == read_all(folder, stems),
            "chart DIR redraws {stems:?}"
        );
    }
}

/// `--chart-size` sets the canvas of SVG and PNG, `--font-scale` the text; bad values exit 2
/// with one line naming the flag, and write nothing.
#[test]
fn chart_size_and_font_scale() {
    let dir = tempfile::tempdir().unwrap();
    let run = dir.path().join("run");
    let (code, err) = callprofit(&[
        "run",
        &scenario("article_15.toml"),
        "--iterations",
        "50",
        "--quiet",
        "--chart-size",
        "1920x1080",
        "--font-scale",
        "1.5",
        "--out",
        run.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let svg = std::fs::read_to_string(run.join("profit_histogram.svg")).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let root = doc.root_element();
    assert_eq!(
        (root.attribute("width"), root.attribute("height")),
        (Some("1920"), Some("1080"))
    );
    // The title: 40 px at 1600x900, times 1.2 for the size and 1.5 for the scale, as plotters
    // writes it into SVG (its size over 1.24).
    let title = doc.descendants().find(|n| n.has_tag_name("text")).unwrap();
    let size: f64 = title.attribute("font-size").unwrap().parse().unwrap();
    assert!((size - 72.0 / 1.24).abs() < 1e-3, "{size}");
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(run.join("profit_histogram.png")).unwrap(),
    ));
    let info = decoder.read_info().unwrap();
    assert_eq!((info.info().width, info.info().height), (1920, 1080));
    for (flag, value) in [
        ("--chart-size", "1920"),
        ("--chart-size", "10x10"),
        ("--chart-size", "wide"),
        ("--font-scale", "0"),
        ("--font-scale", "9"),
    ] {
        let out = dir.path().join("bad");
        let (code, err) = callprofit(&[
            "run",
            &scenario("article_15.toml"),
            "--iterations",
            "5",
            flag,
            value,
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(code, 2, "{flag} {value}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert!(err.contains(flag) && err.contains("fix"), "{err}");
        assert!(!out.exists(), "{flag} {value} wrote {}", out.display());
    }
}
