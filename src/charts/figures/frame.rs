//! The frame around a plot: the title (the question) and subtitle on top, the key under them
//! (so no legend covers data), the footnote at the bottom. Every line is measured in the
//! embedded font and wrapped to the chart's width, so none runs off the edge.

use super::{Frame, KeyEntry, Mark, err, label};
use crate::charts::style::{FONT, INK, MUTED, PALETTE};
use plotters::coord::Shift;
use plotters::prelude::*;

/// The pixel width of `text` at `size` as the renderer lays it out (the embedded font's
/// advances; both backends measure with it).
pub(in crate::charts) fn text_width<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    size: i32,
    bold: bool,
) -> u32 {
    let style = if bold {
        FontStyle::Bold
    } else {
        FontStyle::Normal
    };
    let font: TextStyle = (FONT, size).into_font().style(style).into();
    // The font is compiled in: a failure to measure would be a failure to draw, caught there.
    area.estimate_text_size(text, &font).map_or(0, |(w, _)| w)
}

/// `text` in lines no wider than `width` pixels, broken at spaces.
pub(super) fn wrap<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    size: i32,
    bold: bool,
    width: u32,
) -> Vec<String> {
    greedy(area, text.split(' '), " ", (size, bold, width))
}

/// The footnote in lines no wider than `width`, broken between its " · " parts where it can (a
/// part is not split unless it is too long for a line on its own).
fn wrap_parts<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    size: i32,
    width: u32,
) -> Vec<String> {
    let lines = greedy(area, text.split(" · "), " · ", (size, false, width));
    let wide = |l: &String| text_width(area, l, size, false) > width;
    lines
        .iter()
        .flat_map(|l| {
            if wide(l) {
                wrap(area, l, size, false, width)
            } else {
                vec![l.clone()]
            }
        })
        .collect()
}

/// Pieces joined by `sep` into lines, each as long as fits in `width` (a piece wider than the
/// width has a line to itself).
fn greedy<'t, DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    pieces: impl Iterator<Item = &'t str>,
    sep: &str,
    (size, bold, width): (i32, bool, u32),
) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for piece in pieces {
        let next = if line.is_empty() {
            piece.to_string()
        } else {
            format!("{line}{sep}{piece}")
        };
        if !line.is_empty() && text_width(area, &next, size, bold) > width {
            lines.push(std::mem::take(&mut line));
            line = piece.to_string();
        } else {
            line = next;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Draws the frame and returns the area left for the plot.
pub(super) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    frame: &Frame,
    key: &[KeyEntry],
) -> anyhow::Result<DrawingArea<DB, Shift>> {
    let l = &frame.look;
    let (w, h) = root.dim_in_pixel();
    let left = l.len(60.0);
    let width = (w as i32 - 2 * left).max(1) as u32;
    let (title, sub, foot) = (l.font(40.0), l.font(28.0), l.font(20.0));
    let mut y = l.len(24.0);
    for line in wrap(root, &frame.title, title, true, width) {
        let style = (FONT, title).into_font().style(FontStyle::Bold).color(&INK);
        root.draw(&Text::new(line, (left, y), style)).map_err(err)?;
        y += title * 5 / 4;
    }
    for text in &frame.subtitle {
        for line in wrap(root, text, sub, true, width) {
            let style = (FONT, sub).into_font().style(FontStyle::Bold);
            root.draw(&Text::new(line, (left, y), style.color(&PALETTE[0])))
                .map_err(err)?;
            y += sub * 4 / 3;
        }
    }
    y = draw_key(root, frame, key, (left, y + l.len(6.0)), width)?;
    let notes = wrap_parts(root, &frame.footnote, foot, width);
    let step = foot * 13 / 10;
    let bottom = step * notes.len() as i32 + l.len(20.0);
    let foot_y = h as i32 - bottom + l.len(8.0);
    for (i, line) in notes.into_iter().enumerate() {
        label(root, &line, (left, foot_y + step * i as i32), foot, &MUTED)?;
    }
    let top = y + l.len(8.0);
    let plot_height = (h as i32 - top - bottom).max(1);
    let (_, rest) = root.split_vertically(top);
    let (plot, _) = rest.split_vertically(plot_height);
    Ok(plot)
}

/// The key in rows from `at`, each entry a sample of its mark and its name; returns the y under
/// the last row.
fn draw_key<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    frame: &Frame,
    key: &[KeyEntry],
    (left, mut y): (i32, i32),
    width: u32,
) -> anyhow::Result<i32> {
    if key.is_empty() {
        return Ok(y);
    }
    let l = &frame.look;
    let size = l.font(24.0);
    let (sample, gap, step) = (l.len(36.0), l.len(34.0), size * 3 / 2);
    let mut x = left;
    for e in key {
        let text = text_width(root, &e.name, size, false) as i32;
        let need = sample + l.len(10.0) + text;
        if x > left && x + need > left + width as i32 {
            x = left;
            y += step;
        }
        let mid = y + size * 2 / 5;
        let ends = [(x, mid), (x + sample, mid)];
        match e.mark {
            Mark::Line => root.draw(&PathElement::new(ends, e.color.stroke_width(4))),
            Mark::Dashed => root.draw(&plotters::element::DashedPathElement::new(
                ends,
                l.len(8.0) as u32,
                l.len(5.0) as u32,
                e.color.stroke_width(3),
            )),
            Mark::Area(mix) => root.draw(&Rectangle::new(
                [(x, mid - size / 3), (x + sample, mid + size / 3)],
                e.color.mix(mix).filled(),
            )),
        }
        .map_err(err)?;
        label(root, &e.name, (x + sample + l.len(10.0), y), size, &INK)?;
        x += need + gap;
    }
    Ok(y + step)
}

#[cfg(test)]
mod tests {
    use super::wrap;
    use plotters::prelude::*;

    /// Lines break at spaces before they pass the width; a footnote breaks between its parts.
    #[test]
    fn long_lines_wrap_at_a_space() {
        crate::charts::style::register_font();
        let mut svg = String::new();
        let root = SVGBackend::with_string(&mut svg, (400, 100)).into_drawing_area();
        assert_eq!(wrap(&root, "a b", 20, false, 300), ["a b"]);
        let long = "aaaa bbbb cccc dddd eeee ffff gggg";
        let lines = wrap(&root, long, 20, false, 130);
        assert!(lines.len() > 1, "{lines:?}");
        assert_eq!(lines.join(" "), long);
        for line in &lines {
            assert!(super::text_width(&root, line, 20, false) <= 130, "{line}");
        }
        let width = super::text_width(&root, "aaaa · bbbb", 20, false);
        assert_eq!(
            super::wrap_parts(&root, "aaaa · bbbb · cccc dddd", 20, width),
            ["aaaa · bbbb", "cccc dddd"]
        );
    }
}
