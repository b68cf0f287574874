//! Numbers as people read them on a terminal: dollars with thousands separators (no cents from
//! $1,000 up), short dollars for ranges ($40.1k, $1.42M), counts with separators, and standard
//! errors to two significant digits.

use crate::metrics::Unit;

/// Dollars with thousands separators; cents below $1,000.
pub fn usd(x: f64) -> String {
    let sign = if x < 0.0 { "-" } else { "" };
    let a = x.abs();
    if a < 1000.0 {
        return format!("{sign}${a:.2}");
    }
    format!("{sign}${}", grouped(&format!("{a:.0}")))
}

/// Dollars to three significant digits, for ranges: $645, $40.1k, $1.42M.
pub fn usd_short(x: f64) -> String {
    let sign = if x < 0.0 { "-" } else { "" };
    let a = x.abs();
    let (scaled, suffix) = if a >= 999_500.0 {
        (a / 1e6, "M")
    } else if a >= 999.5 {
        (a / 1e3, "k")
    } else {
        (a, "")
    };
    let decimals = match (suffix.is_empty(), scaled) {
        (true, v) if v >= 10.0 => 0,
        (true, _) => 2,
        (false, v) if v >= 100.0 => 0,
        (false, v) if v >= 10.0 => 1,
        _ => 2,
    };
    format!("{sign}${scaled:.decimals$}{suffix}")
}

/// A whole count with thousands separators: 11,543.
pub fn count(x: f64) -> String {
    let sign = if x < 0.0 { "-" } else { "" };
    format!("{sign}{}", grouped(&format!("{:.0}", x.abs())))
}

fn grouped(digits: &str) -> String {
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub(super) fn value(unit: Unit, x: f64) -> String {
    match unit {
        Unit::Usd => usd(x),
        Unit::Share => format!("{:.2}%", x * 100.0),
        Unit::PerHour => format!("{x:.3}"),
        Unit::Percent => format!("{x:.1}%"),
        Unit::Count => count(x),
        Unit::Seconds => format!("{x:.1} s"),
        Unit::Months => format!("{x:.1}"),
    }
}

/// A range's end, short where the unit allows.
pub(super) fn short(unit: Unit, x: f64) -> String {
    match unit {
        Unit::Usd => usd_short(x),
        Unit::Count if x.abs() >= 1e6 => format!("{:.2}M", x / 1e6),
        _ => value(unit, x),
    }
}

/// A standard error to two significant digits, so a small one does not print as zero and a
/// large one does not claim digits it does not have ($268.36 is $270).
pub fn standard_error(unit: Unit, se: f64) -> String {
    let shown = match unit {
        Unit::Share => se * 100.0,
        _ => se,
    };
    if shown == 0.0 || !shown.is_finite() {
        return value(unit, se);
    }
    let magnitude = shown.abs().log10().floor() as i32;
    let decimals = (1 - magnitude).max(0) as usize;
    let rounded = if magnitude >= 2 {
        let step = 10f64.powi(magnitude - 1);
        (shown / step).round() * step
    } else {
        shown
    };
    match unit {
        Unit::Usd if rounded >= 1000.0 => usd(rounded),
        Unit::Usd => format!("${rounded:.decimals$}"),
        Unit::Share | Unit::Percent => format!("{rounded:.decimals$}%"),
        Unit::Count => count(rounded),
        Unit::PerHour => format!("{rounded:.decimals$}"),
        Unit::Seconds => format!("{rounded:.decimals$} s"),
        Unit::Months => format!("{rounded:.decimals$}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dollars_read_as_finance_reads_them() {
        assert_eq!(usd(1_417_963.4), "$1,417,963");
        assert_eq!(usd(-645.157), "-$645.16");
        assert_eq!(usd_short(1_403_410.0), "$1.40M");
        assert_eq!(usd_short(-44_400.0), "-$44.4k");
        assert_eq!(usd_short(645.16), "$645");
        assert_eq!(usd_short(6.731), "$6.73");
        assert_eq!(usd_short(999_700.0), "$1.00M");
        assert_eq!(count(11_543.2), "11,543");
        assert_eq!(standard_error(Unit::Usd, 268.36), "$270");
        assert_eq!(standard_error(Unit::Usd, 5_367.0), "$5,400");
        assert_eq!(standard_error(Unit::Usd, 4.06), "$4.1");
        assert_eq!(standard_error(Unit::Usd, 0.00056), "$0.00056");
        assert_eq!(standard_error(Unit::Share, 0.000019), "0.0019%");
        assert_eq!(standard_error(Unit::Count, 6751.0), "6,800");
    }
}
