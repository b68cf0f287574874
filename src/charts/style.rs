//! The look every chart shares: size, the embedded font, a palette that also reads in grayscale
//! (its colours step down in lightness), and dollar axes as $12.3k.

use plotters::style::{FontStyle, RGBColor};
use std::sync::Once;

/// Presentation size (16:9), in pixels.
pub const SIZE: (u32, u32) = (1600, 900);

/// Colours by series, dark to light so they stay distinct in grayscale.
pub const PALETTE: [RGBColor; 5] = [
    RGBColor(23, 55, 94),
    RGBColor(214, 96, 18),
    RGBColor(60, 140, 120),
    RGBColor(150, 150, 150),
    RGBColor(200, 170, 40),
];
pub const INK: RGBColor = RGBColor(30, 30, 30);
pub const LOSS: RGBColor = RGBColor(170, 20, 20);

/// The family charts name; the PNG renderer finds it in the embedded font, an SVG viewer
/// falls back to its own sans-serif.
pub const FONT: &str = "sans-serif";

static FONT_BYTES: &[u8] = include_bytes!("../../assets/DejaVuSans.ttf");

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

/// Dollars for an axis or label: $950, $12.3k, $1.25M, with a sign.
pub fn money(x: f64) -> String {
    let sign = if x < 0.0 { "-" } else { "" };
    let a = x.abs();
    if a >= 1e6 {
        format!("{sign}${:.2}M", a / 1e6)
    } else if a >= 1e4 {
        format!("{sign}${:.1}k", a / 1e3)
    } else if a >= 1e3 {
        format!("{sign}${:.2}k", a / 1e3)
    } else {
        format!("{sign}${a:.0}")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn money_is_short() {
        assert_eq!(super::money(12_345.0), "$12.3k");
        assert_eq!(super::money(-1_250_000.0), "-$1.25M");
        assert_eq!(super::money(950.0), "$950");
        assert_eq!(super::money(2_340.0), "$2.34k");
    }
}
