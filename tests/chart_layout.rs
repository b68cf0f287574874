//! Every chart a designer would sign off: for each chart of each bundled scenario's `run` and of
//! the README's compare, report, sweep, sensitivity and erlang commands (and `chart DIR`'s
//! redraws), the SVG is parsed and every text's box is computed from the embedded font's own
//! advance widths and glyph bounds (read here with ttf-parser, not with the renderer's code),
//! honouring font-size, text-anchor, the baseline shift and rotation. No two boxes may overlap,
//! none may leave the canvas, and no scenario input path may show in the visible text.
//! (`staffing` draws no chart: its folder holds staffing.json and staffing.csv only.)

mod common;

use common::{callprofit, scenario};
use std::path::{Path, PathBuf};

/// A text's box on the canvas, in SVG pixels.
#[derive(Debug, Clone)]
struct TextBox {
    text: String,
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

struct Font<'a> {
    face: ttf_parser::Face<'a>,
}

/// DejaVu Sans Bold's advances run about 10% wider than the regular face's (the file in
/// assets is the regular face, which the PNG draws bold text in too); an SVG viewer that has
/// the bold face gets the wider text, so bold is measured at that width.
const BOLD_WIDENING: f64 = 1.1;

impl Font<'_> {
    fn em(&self) -> f64 {
        self.face.units_per_em() as f64
    }

    /// Width of `text` at `size` px: the sum of its glyphs' advances.
    fn width(&self, text: &str, size: f64) -> f64 {
        let units: f64 = text
            .chars()
            .map(|c| {
                let g = self.face.glyph_index(c).unwrap_or(ttf_parser::GlyphId(0));
                self.face.glyph_hor_advance(g).unwrap_or(0) as f64
            })
            .sum();
        units / self.em() * size
    }

    /// How far the text's ink reaches above and below the baseline, at `size` px.
    fn ink(&self, text: &str, size: f64) -> (f64, f64) {
        let (mut up, mut down) = (0.0f64, 0.0f64);
        for c in text.chars() {
            let Some(g) = self.face.glyph_index(c) else {
                continue;
            };
            if let Some(b) = self.face.glyph_bounding_box(g) {
                up = up.max(b.y_max as f64);
                down = down.max(-b.y_min as f64);
            }
        }
        (up / self.em() * size, down / self.em() * size)
    }

    fn x_height(&self, size: f64) -> f64 {
        self.face.x_height().unwrap_or(1120) as f64 / self.em() * size
    }
}

fn number(node: roxmltree::Node, name: &str) -> f64 {
    let v = node.attribute(name).unwrap_or("0");
    v.parse()
        .unwrap_or_else(|_| panic!("<{}> {name}={v:?}", node.tag_name().name()))
}

/// The baseline's offset from `y` that `dy` asks for (plotters writes 0.76em, 0.5ex or -0.5ex).
fn baseline_shift(dy: &str, size: f64, font: &Font) -> f64 {
    if let Some(em) = dy.strip_suffix("em") {
        em.parse::<f64>().unwrap() * size
    } else if let Some(ex) = dy.strip_suffix("ex") {
        ex.parse::<f64>().unwrap() * font.x_height(size)
    } else {
        dy.parse().unwrap_or(0.0)
    }
}

/// `rotate(A, CX, CY)` applied to the box's corners; the box around them.
fn rotated(b: TextBox, transform: &str) -> TextBox {
    let inner = transform
        .trim()
        .strip_prefix("rotate(")
        .and_then(|t| t.strip_suffix(')'))
        .unwrap_or_else(|| panic!("unexpected transform {transform}"));
    let v: Vec<f64> = inner
        .split(',')
        .map(|p| p.trim().parse().unwrap())
        .collect();
    let (a, cx, cy) = (v[0].to_radians(), v[1], v[2]);
    let corners = [(b.x0, b.y0), (b.x1, b.y0), (b.x0, b.y1), (b.x1, b.y1)];
    let turned: Vec<(f64, f64)> = corners
        .iter()
        .map(|(x, y)| {
            let (dx, dy) = (x - cx, y - cy);
            (
                cx + dx * a.cos() - dy * a.sin(),
                cy + dx * a.sin() + dy * a.cos(),
            )
        })
        .collect();
    let xs = turned.iter().map(|p| p.0);
    let ys = turned.iter().map(|p| p.1);
    TextBox {
        text: b.text,
        x0: xs.clone().fold(f64::INFINITY, f64::min),
        x1: xs.fold(f64::NEG_INFINITY, f64::max),
        y0: ys.clone().fold(f64::INFINITY, f64::min),
        y1: ys.fold(f64::NEG_INFINITY, f64::max),
    }
}

/// The canvas size and every non-empty text's box.
fn boxes(svg: &str, font: &Font) -> ((f64, f64), Vec<TextBox>) {
    let doc = roxmltree::Document::parse(svg).expect("the chart is well-formed SVG");
    let root = doc.root_element();
    let canvas = (number(root, "width"), number(root, "height"));
    let mut out = Vec::new();
    for t in doc.descendants().filter(|n| n.has_tag_name("text")) {
        // SVG collapses the white space around the text (plotters puts it on its own line).
        let text: String = t.children().filter_map(|n| n.text()).collect();
        let text = text.trim().to_string();
        if text.is_empty() {
            continue;
        }
        let size = number(t, "font-size");
        let bold = t.attribute("font-weight") == Some("bold");
        let w = font.width(&text, size) * if bold { BOLD_WIDENING } else { 1.0 };
        let (x, y) = (number(t, "x"), number(t, "y"));
        let x0 = match t.attribute("text-anchor").unwrap_or("start") {
            "middle" => x - w / 2.0,
            "end" => x - w,
            _ => x,
        };
        let base = y + baseline_shift(t.attribute("dy").unwrap_or("0"), size, font);
        let (up, down) = font.ink(&text, size);
        let b = TextBox {
            text,
            x0,
            x1: x0 + w,
            y0: base - up,
            y1: base + down,
        };
        out.push(match t.attribute("transform") {
            Some(tr) => rotated(b, tr),
            None => b,
        });
    }
    (canvas, out)
}

/// What is wrong with one chart's text: overlaps, text off the canvas, input paths.
fn problems(svg: &str, font: &Font) -> Vec<String> {
    let ((w, h), boxes) = boxes(svg, font);
    let mut found = Vec::new();
    // Half a pixel of slack: rounding in the renderer's integer positions.
    let slack = 0.5;
    for b in &boxes {
        if b.x0 < -slack || b.y0 < -slack || b.x1 > w + slack || b.y1 > h + slack {
            found.push(format!("off the {w}x{h} canvas: {b:?}"));
        }
        for path in ["outcomes[", "team.", "demand.", "queue."] {
            if b.text.contains(path) {
                found.push(format!("an input path ({path}) in {:?}", b.text));
            }
        }
    }
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            let across = a.x1.min(b.x1) - a.x0.max(b.x0);
            let down = a.y1.min(b.y1) - a.y0.max(b.y0);
            if across > slack && down > slack {
                found.push(format!("overlap: {a:?} and {b:?}"));
            }
        }
    }
    found
}

/// Every SVG in `dir`, and every one inlined in its report.html, with its name.
fn charts_in(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.display().to_string();
        let text = || std::fs::read_to_string(&path).unwrap();
        match path.extension().and_then(|e| e.to_str()) {
            Some("svg") => out.push((name, text())),
            Some("html") => {
                let page = text();
                for (i, part) in page.split("<svg").skip(1).enumerate() {
                    let end = part.find("</svg>").expect("inline SVG closes") + "</svg>".len();
                    out.push((format!("{name} chart {i}"), format!("<svg{}", &part[..end])));
                }
            }
            _ => {}
        }
    }
    out
}

fn bundled() -> Vec<String> {
    let mut files = Vec::new();
    for folder in ["scenarios", "scenarios/plans"] {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "toml") {
                files.push(p.display().to_string());
            }
        }
    }
    files.sort();
    files
}

/// The commands whose charts are checked, each with its own output folder.
fn commands(out: &dyn Fn(&str) -> String) -> Vec<Vec<String>> {
    let s = scenario;
    let mut cmds: Vec<Vec<String>> = Vec::new();
    for file in bundled() {
        let stem = Path::new(&file)
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        // A queue simulates every call: 20 years keep it quick; the rest draw from 300.
        let years = if file.contains("queue") { "20" } else { "300" };
        let mut c = vec![
            "run".into(),
            file.clone(),
            "--iterations".into(),
            years.into(),
        ];
        c.extend(["--out".into(), out(&format!("run-{stem}"))]);
        cmds.push(c);
    }
    let queues = ["queue_1_5.toml", "queue_15.toml", "queue_15_staffed.toml"];
    let plans = [
        "plans/baseline.toml",
        "plans/contest_points.toml",
        "plans/contest_rate.toml",
        "plans/commission.toml",
        "plans/base_plus_commission.toml",
    ];
    let with = |cmd: &str, files: &[&str], rest: &[&str], dir: &str| -> Vec<String> {
        let mut c = vec![cmd.to_string()];
        c.extend(files.iter().map(|f| s(f)));
        c.extend(rest.iter().map(|r| r.to_string()));
        c.extend(["--out".to_string(), out(dir)]);
        c
    };
    let q20 = ["--iterations", "20"];
    cmds.push(with("compare", &queues, &q20, "compare-queues"));
    cmds.push(with(
        "compare",
        &plans,
        &["--iterations", "300"],
        "compare-plans",
    ));
    let report = ["queue_15.toml", "queue_15_staffed.toml"];
    cmds.push(with("report", &report, &q20, "report"));
    let calls = "demand.calls_per_agent_hour=1.5..21:14";
    let sweep = ["--set", calls, "--iterations", "4"];
    cmds.push(with("sweep", &["queue_15.toml"], &sweep, "sweep-queue"));
    let center = [
        "--set",
        "demand.calls_per_agent_hour=0..15:6",
        "--iterations",
        "300",
    ];
    cmds.push(with("sweep", &["center_20.toml"], &center, "sweep-center"));
    let years = ["--iterations", "300"];
    cmds.push(with(
        "sensitivity",
        &["center_20.toml"],
        &years,
        "sensitivity",
    ));
    cmds.push(with(
        "sensitivity",
        &["center_20_correlated.toml"],
        &years,
        "sensitivity-corr",
    ));
    cmds.push(with("erlang", &["queue_15.toml"], &[], "erlang"));
    cmds
}

#[test]
fn no_chart_text_overlaps_leaves_the_canvas_or_names_an_input_path() {
    let bytes =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/DejaVuSans.ttf")).unwrap();
    let font = Font {
        face: ttf_parser::Face::parse(&bytes, 0).expect("the embedded font parses"),
    };
    let dir = tempfile::tempdir().unwrap();
    let out = |name: &str| dir.path().join(name).display().to_string();
    let mut folders: Vec<PathBuf> = Vec::new();
    for cmd in commands(&out) {
        let mut args: Vec<&str> = cmd.iter().map(String::as_str).collect();
        if args[0] != "erlang" {
            args.push("--quiet");
        }
        let (code, _, err) = callprofit(&args);
        assert_eq!(code, 0, "{cmd:?}: {err}");
        folders.push(PathBuf::from(cmd.last().unwrap()));
    }
    // `chart DIR` redraws a sweep and a sensitivity folder too: its charts face the same test.
    for redraw in ["sweep-queue", "sensitivity", "compare-queues"] {
        let (code, _, err) = callprofit(&["chart", &out(redraw)]);
        assert_eq!(code, 0, "chart {redraw}: {err}");
    }
    let mut checked = 0;
    let mut found = Vec::new();
    for folder in &folders {
        let charts = charts_in(folder);
        assert!(!charts.is_empty(), "{} holds no chart", folder.display());
        for (name, svg) in charts {
            checked += 1;
            found.extend(
                problems(&svg, &font)
                    .into_iter()
                    .map(|p| format!("{name}: {p}")),
            );
        }
    }
    assert!(checked > 60, "only {checked} charts checked");
    assert!(
        found.is_empty(),
        "{} problems:\n{}",
        found.len(),
        found.join("\n")
    );
}

/// The measure itself, on texts whose boxes are known: two labels side by side that touch by
/// a few pixels are found; set apart they are not; a label past the right edge is found; a
/// rotated label's box turns with it.
#[test]
fn the_measure_finds_what_it_should() {
    let bytes =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/DejaVuSans.ttf")).unwrap();
    let font = Font {
        face: ttf_parser::Face::parse(&bytes, 0).unwrap(),
    };
    // "P10 $45k" at 20 px: its width from the advances, by hand from the font's units.
    let w = font.width("P10 $45k", 20.0);
    let svg = |x2: f64| {
        format!(
            r#"<svg width="400" height="100" xmlns="http://www.w3.org/2000/svg">
<text x="10" y="10" dy="0.76em" text-anchor="start" font-size="20">P10 $45k</text>
<text x="{x2}" y="10" dy="0.76em" text-anchor="start" font-size="20">P90 $49k</text>
</svg>"#
        )
    };
    assert_eq!(problems(&svg(10.0 + w - 3.0), &font).len(), 1);
    assert!(problems(&svg(10.0 + w + 2.0), &font).is_empty());
    assert_eq!(problems(&svg(400.0 - w + 5.0), &font).len(), 1);
    let anchored = r#"<svg width="400" height="100" xmlns="http://www.w3.org/2000/svg">
<text x="10" y="50" dy="0.5ex" text-anchor="middle" font-size="20">mean</text></svg>"#;
    assert_eq!(
        problems(anchored, &font).len(),
        1,
        "a centred label half off the left edge"
    );
    let ((_, _), b) = boxes(
        r#"<svg width="400" height="400" xmlns="http://www.w3.org/2000/svg">
<text x="100" y="200" dy="0.76em" text-anchor="middle" font-size="20" transform="rotate(270, 100, 200)">share of years</text></svg>"#,
        &font,
    );
    let long = font.width("share of years", 20.0);
    assert!((b[0].y1 - b[0].y0 - long).abs() < 1e-6, "{:?}", b[0]);
    assert!(b[0].x1 - b[0].x0 < 25.0, "{:?}", b[0]);
}
