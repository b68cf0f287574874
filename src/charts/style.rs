//! The look every chart shares: size and font scale (`Look`), the embedded font, a palette that
//! also reads in grayscale (its colours step down in lightness), and dollars as finance reads
//! them ($45k, $1.2M) with axis ticks precise enough to tell apart.

use plotters::style::{FontStyle, RGBColor};
use std::sync::Once;

/// The size every layout constant in `figures` is written for; other sizes scale it.
pub const BASE: (u32, u32) = (1600, 900);

/// How a chart is drawn: its size in pixels and a multiplier on every font.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Look {
    pub size: (u32, u32),
    pub font_scale: f64,
}

impl Default for Look {
    /// Presentation size, 16:9: text 22 px and up on 900 reads from the back of a room.
    fn default() -> Look {
        Look {
            size: BASE,
            font_scale: 1.0,
        }
    }
}

/// The smallest and largest side `--chart-size` accepts, and the font scales `--font-scale` does.
pub const SIDES: std::ops::RangeInclusive<u32> = 320..=8000;
pub const FONT_SCALES: std::ops::RangeInclusive<f64> = 0.5..=3.0;

impl Look {
    /// How much larger than at `BASE` the whole layout is: it follows the shorter relative side,
    /// so a 1920x1080 chart is the 1600x900 one at a higher resolution.
    fn layout_scale(&self) -> f64 {
        let (w, h) = self.size;
        (w as f64 / BASE.0 as f64).min(h as f64 / BASE.1 as f64)
    }

    /// A length written for `BASE` (margins, strips), at this size.
    pub fn len(&self, base: f64) -> i32 {
        (base * self.layout_scale()).round() as i32
    }

    /// A font size written for `BASE`, at this size and font scale; it also sizes the space the
    /// text needs (label areas, rows).
    pub fn font(&self, base: f64) -> i32 {
        (base * self.layout_scale() * self.font_scale)
            .round()
            .max(6.0) as i32
    }

    /// `WxH` as `--chart-size` takes it, e.g. 1920x1080.
    pub fn parse_size(text: &str) -> Result<(u32, u32), String> {
        let bad = || format!("{text:?} is not WIDTHxHEIGHT in pixels");
        let (w, h) = text.split_once(['x', 'X']).ok_or_else(bad)?;
        let w: u32 = w.trim().parse().map_err(|_| bad())?;
        let h: u32 = h.trim().parse().map_err(|_| bad())?;
        if !(SIDES.contains(&w) && SIDES.contains(&h)) {
            return Err(format!(
                "{w}x{h} has a side outside {} to {} pixels",
                SIDES.start(),
                SIDES.end()
            ));
        }
        Ok((w, h))
    }
}

/// Colours by series, dark to light so they stay distinct in grayscale.
pub const PALETTE: [RGBColor; 5] = [
    RGBColor(23, 55, 94),
    RGBColor(214, 96, 18),
    RGBColor(60, 140, 120),
    RGBColor(150, 150, 150),
    RGBColor(200, 170, 40),
];
pub const INK: RGBColor = RGBColor(30, 30, 30);
pub const MUTED: RGBColor = RGBColor(90, 90, 90);
pub const GRID: RGBColor = RGBColor(225, 225, 225);
pub const LOSS: RGBColor = RGBColor(170, 20, 20);

/// `c` at `share` strength over white, as an opaque colour: bars drawn in it hide the
/// gridlines behind them instead of letting them stripe through.
pub fn tint(c: RGBColor, share: f64) -> RGBColor {
    let mix = |v: u8| (255.0 - (255.0 - v as f64) * share).round() as u8;
    RGBColor(mix(c.0), mix(c.1), mix(c.2))
}

/// The family charts name; the PNG renderer finds it in the embedded font, an SVG viewer
/// falls back to its own sans-serif.
pub const FONT: &str = "sans-serif";

pub static FONT_BYTES: &[u8] = include_bytes!("../../assets/DejaVuSans.ttf");

/// Registers the embedded DejaVu Sans (once), so PNG text renders without system fonts.
pub fn register_font() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        for style in [FontStyle::Normal, FontStyle::Bold] {
            // The font is compiled in and known to parse; a failure would show as blank text,
            // which the chart tests catch.
            let _ = plotters::style::register_font(FONT, style, FONT_BYTES);
        }
    });
}

/// Dollars as a label says them, two or three significant figures: $950, $4.5k, $45k, $450k,
/// $1.2M, $12M, with a sign.
pub fn money(x: f64) -> String {
    let sign = if x < 0.0 { "-" } else { "" };
    let a = x.abs();
    // Rounding can carry into the next unit ($999.6k is $1.0M): decide on the rounded value.
    let (v, unit) = if a >= 999_500.0 {
        (a / 1e6, "M")
    } else if a >= 999.5 {
        (a / 1e3, "k")
    } else {
        (a, "")
    };
    let decimals = if v < 10.0 && !unit.is_empty() { 1 } else { 0 };
    let text = format!("{v:.decimals$}");
    let text = text.strip_suffix(".0").unwrap_or(&text);
    if text == "0" {
        return "$0".to_string();
    }
    format!("{sign}${text}{unit}")
}

/// An axis's dollar ticks: one unit for the whole axis (from its largest end), as many decimals
/// as each round tick needs and no trailing zeros ($40k, $42.5k, $45k).
pub fn money_axis(lo: f64, hi: f64) -> impl Fn(&f64) -> String {
    let top = lo.abs().max(hi.abs());
    let (div, unit) = if top >= 1e6 {
        (1e6, "M")
    } else if top >= 1e3 {
        (1e3, "k")
    } else {
        (1.0, "")
    };
    move |x: &f64| {
        let v = x / div;
        let text = format!("{:.3}", v.abs());
        let text = text.trim_end_matches('0').trim_end_matches('.');
        if text == "0" {
            return "$0".to_string();
        }
        let sign = if v < 0.0 { "-" } else { "" };
        format!("{sign}${text}{unit}")
    }
}

/// Whether a $0 line belongs on an axis over [lo, hi]: inside the data, or within a fifth of
/// its span of it (closer, the axis stretches to it; farther, the subtitle says where $0 is).
pub fn zero_near(lo: f64, hi: f64) -> bool {
    let slack = (hi - lo).abs() * 0.2;
    lo - slack <= 0.0 && 0.0 <= hi + slack
}

/// What the subtitle says when $0 is off the axis: all of `what` is above or below `zero`.
pub fn zero_note(lo: f64, what: &str, zero: &str) -> String {
    let side = if lo > 0.0 { "above" } else { "below" };
    format!("{what} {side} {zero} ($0)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_reads_as_finance_rounds() {
        assert_eq!(money(12_345.0), "$12k");
        assert_eq!(money(44_700.0), "$45k");
        assert_eq!(money(-1_250_000.0), "-$1.2M");
        assert_eq!(money(999_700.0), "$1M");
        assert_eq!(money(950.0), "$950");
        assert_eq!(money(2_340.0), "$2.3k");
        assert_eq!(money(-0.2), "$0");
    }

    #[test]
    fn axis_ticks_keep_what_tells_them_apart() {
        let f = money_axis(40_000.0, 50_000.0);
        assert_eq!(f(&42_500.0), "$42.5k");
        assert_eq!(f(&40_000.0), "$40k");
        assert_eq!(f(&-5_000.0), "-$5k");
        assert_eq!(f(&0.0), "$0");
        assert_eq!(money_axis(0.0, 3e6)(&1_500_000.0), "$1.5M");
        assert_eq!(money_axis(0.0, 900.0)(&250.0), "$250");
        assert_eq!(money_axis(-4000.0, 4000.0)(&-2500.0), "-$2.5k");
    }

    #[test]
    fn sizes_parse_or_say_why_not() {
        assert_eq!(Look::parse_size("1920x1080"), Ok((1920, 1080)));
        for bad in ["1920", "x1080", "1920x", "axb", "10x10", "1920x-5"] {
            assert!(Look::parse_size(bad).is_err(), "{bad}");
        }
        let big = Look {
            size: (1920, 1080),
            font_scale: 1.5,
        };
        assert_eq!(big.font(20.0), 36);
        assert_eq!(big.len(100.0), 120);
    }
}
