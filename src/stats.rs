//! Statistics of Monte Carlo output: distribution summaries with the standard error of the
//! mean, quantiles, and proportions with their standard errors. Pure and deterministic: values
//! are summed in the order given, so the same iterations give the same bytes.

use serde::Serialize;

/// Summary of one metric over the iterations.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MetricSummary {
    pub mean: f64,
    /// Sample standard deviation (n - 1).
    pub std: f64,
    /// Monte Carlo standard error of the mean: std / sqrt(n).
    pub mean_se: f64,
    pub min: f64,
    pub p5: f64,
    pub p10: f64,
    pub p25: f64,
    pub p50: f64,
    pub p75: f64,
    pub p90: f64,
    pub p95: f64,
    pub max: f64,
}

/// Summarizes values; None when there are none.
pub fn summarize(values: &[f64]) -> Option<MetricSummary> {
    summarize_owned(values.to_vec())
}

/// As `summarize`, sorting `values` in place: a long run's metrics are summarized one at a
/// time with no second copy of each. Mean and spread are summed before the sort, in the order
/// given, so the bytes are `summarize`'s.
pub fn summarize_owned(mut values: Vec<f64>) -> Option<MetricSummary> {
    let n = values.len();
    if n == 0 {
        return None;
    }
    let mean = values.iter().sum::<f64>() / n as f64;
    let ss: f64 = values.iter().map(|x| (x - mean).powi(2)).sum();
    let std = if n > 1 {
        (ss / (n - 1) as f64).sqrt()
    } else {
        0.0
    };
    values.sort_by(f64::total_cmp);
    let sorted = values;
    let q = |p| quantile(&sorted, p);
    Some(MetricSummary {
        mean,
        std,
        mean_se: std / (n as f64).sqrt(),
        min: sorted[0],
        p5: q(0.05),
        p10: q(0.10),
        p25: q(0.25),
        p50: q(0.50),
        p75: q(0.75),
        p90: q(0.90),
        p95: q(0.95),
        max: sorted[n - 1],
    })
}

/// Quantile of sorted data by linear interpolation between order statistics (Hyndman and
/// Fan's type 7, the default of R and numpy).
pub fn quantile(sorted: &[f64], p: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * p.clamp(0.0, 1.0);
    let (lo, frac) = (h.floor() as usize, h - h.floor());
    match sorted.get(lo + 1) {
        Some(next) => sorted[lo] + frac * (next - sorted[lo]),
        None => sorted[lo],
    }
}

/// A share of iterations with its binomial standard error sqrt(p (1 - p) / n).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, serde::Deserialize)]
pub struct Proportion {
    pub p: f64,
    pub se: f64,
}

pub fn proportion(hits: usize, n: usize) -> Proportion {
    if n == 0 {
        return Proportion { p: 0.0, se: 0.0 };
    }
    let p = hits as f64 / n as f64;
    Proportion {
        p,
        se: (p * (1.0 - p) / n as f64).sqrt(),
    }
}

/// A share seen in none (or in all) of `years`: its binomial standard error is then 0, which
/// would claim certainty. What can be said is a 95% bound, 3/n from the edge (the rule of three,
/// Hanley and Lippman-Hand 1983; the exact bound 1 - 0.05^(1/n) is a little inside it).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EdgeShare {
    pub years: u64,
    /// True when every year showed it (the bound is then a lower one).
    pub all: bool,
}

impl EdgeShare {
    /// Some when `p` is 0 or 1 of at least one year.
    pub fn of(p: Proportion, years: u64) -> Option<EdgeShare> {
        let edge = p.p == 0.0 || p.p == 1.0;
        (edge && years > 0).then_some(EdgeShare {
            years,
            all: p.p == 1.0,
        })
    }

    /// "0 of 10,000 years".
    pub fn count(&self) -> String {
        let n = grouped(self.years);
        format!("{} of {n} years", if self.all { n.as_str() } else { "0" })
    }

    /// "below 0.03% at 95%" (or "above 99.97% at 95%"), rounded away from the data.
    pub fn bound(&self) -> String {
        let (away, decimals) = round_up_2_digits(300.0 / self.years as f64);
        let away = away.min(100.0);
        if self.all {
            format!("above {} at 95%", percent_text(100.0 - away, decimals))
        } else {
            format!("below {} at 95%", percent_text(away, decimals))
        }
    }
}

impl std::fmt::Display for EdgeShare {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(
            f,
            "{} ({}: the rule of three, 3/n)",
            self.count(),
            self.bound()
        )
    }
}

/// `x` (positive) rounded up to two significant digits, and the decimals that shows.
fn round_up_2_digits(x: f64) -> (f64, usize) {
    let decimals = (1 - x.log10().floor() as i32).max(0) as usize;
    let scale = 10f64.powi(decimals as i32);
    // Less a hair, so that 3/10,000 (0.03 times 1000 is 30.000000000000004) stays 0.03.
    ((x * scale * (1.0 - 1e-12)).ceil() / scale, decimals)
}

fn percent_text(x: f64, decimals: usize) -> String {
    let s = format!("{x:.decimals$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        &s
    };
    format!("{s}%")
}

/// A count with thousands separators: 10000 as "10,000".
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Standard error of the p-quantile by batch means: the values (in iteration order) are cut into
/// `batches` consecutive batches, the quantile is taken in each, and the batch quantiles' spread
/// gives the error of the whole-sample quantile (it scales as 1/sqrt(n) like a mean's). None
/// with fewer than two values per batch.
pub fn quantile_se(values: &[f64], p: f64, batches: usize) -> Option<f64> {
    let size = values.len() / batches.max(2);
    if size < 2 {
        return None;
    }
    let qs: Vec<f64> = values
        .chunks_exact(size)
        .take(batches)
        .map(|c| {
            let mut v = c.to_vec();
            v.sort_by(f64::total_cmp);
            quantile(&v, p)
        })
        .collect();
    let m = summarize(&qs)?;
    Some(m.std / (qs.len() as f64).sqrt() * ((size * qs.len()) as f64 / values.len() as f64).sqrt())
}

/// Spearman's rho: the Pearson correlation of the ranks (ties get their mean rank).
pub fn spearman(x: &[f64], y: &[f64]) -> f64 {
    let (rx, ry) = (ranks(x), ranks(y));
    let n = x.len() as f64;
    let (mx, my) = (rx.iter().sum::<f64>() / n, ry.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in rx.iter().zip(&ry) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx).powi(2);
        syy += (b - my).powi(2);
    }
    if sxx == 0.0 || syy == 0.0 {
        0.0
    } else {
        sxy / (sxx * syy).sqrt()
    }
}

fn ranks(v: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..v.len()).collect();
    idx.sort_by(|a, b| v[*a].total_cmp(&v[*b]));
    let mut r = vec![0.0; v.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && v[idx[j + 1]] == v[idx[i]] {
            j += 1;
        }
        let mean = (i + j) as f64 / 2.0 + 1.0;
        for k in &idx[i..=j] {
            r[*k] = mean;
        }
        i = j + 1;
    }
    r
}

/// Standard error of Spearman's rho near `rho` for n pairs: on the Fisher z scale its variance
/// is 1.06 / (n - 3) (Fieller, Hartley and Pearson 1957), mapped back by dz/drho = 1/(1 - rho^2).
pub fn spearman_se(rho: f64, n: usize) -> f64 {
    (1.0 - rho * rho) * (1.06 / (n as f64 - 3.0)).sqrt()
}

/// The two-sample Kolmogorov-Smirnov statistic: the largest gap between the two empirical CDFs.
pub fn ks_distance(mut a: Vec<f64>, mut b: Vec<f64>) -> f64 {
    a.sort_by(f64::total_cmp);
    b.sort_by(f64::total_cmp);
    let (mut i, mut j, mut d) = (0, 0, 0.0f64);
    while i < a.len() && j < b.len() {
        let x = a[i].min(b[j]);
        while i < a.len() && a[i] <= x {
            i += 1;
        }
        while j < b.len() && b[j] <= x {
            j += 1;
        }
        d = d.max((i as f64 / a.len() as f64 - j as f64 / b.len() as f64).abs());
    }
    d
}

/// The KS distance two samples of sizes n and m from one continuous distribution exceed with
/// probability about `alpha`: sqrt(-ln(alpha / 2) / 2) sqrt((n + m) / (n m)) (asymptotic).
pub fn ks_critical(alpha: f64, n: usize, m: usize) -> f64 {
    let (n, m) = (n as f64, m as f64);
    (-(alpha / 2.0).ln() / 2.0).sqrt() * ((n + m) / (n * m)).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ks_distance_of_shifted_and_identical_samples() {
        let a: Vec<f64> = (0..100).map(f64::from).collect();
        let shifted: Vec<f64> = a.iter().map(|x| x + 25.0).collect();
        assert!((ks_distance(a.clone(), shifted) - 0.25).abs() < 1e-12);
        assert_eq!(ks_distance(a.clone(), a), 0.0);
        // alpha 0.05 with n = m = 100: 1.358 sqrt(2 / 100).
        assert!((ks_critical(0.05, 100, 100) - 0.192_1).abs() < 1e-3);
    }

    #[test]
    fn spearman_of_monotone_and_reversed_data() {
        let x = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert!((spearman(&x, &[2.0, 4.0, 8.0, 16.0, 32.0]) - 1.0).abs() < 1e-12);
        assert!((spearman(&x, &[5.0, 4.0, 3.0, 2.0, 1.0]) + 1.0).abs() < 1e-12);
        assert_eq!(ranks(&[3.0, 1.0, 3.0]), [2.5, 1.0, 2.5]);
    }

    #[test]
    fn no_losses_give_the_rule_of_three() {
        let none = EdgeShare::of(proportion(0, 10_000), 10_000).unwrap();
        assert_eq!(
            none.to_string(),
            "0 of 10,000 years (below 0.03% at 95%: the rule of three, 3/n)"
        );
        let all = EdgeShare::of(proportion(700, 700), 700).unwrap();
        // 3/700 = 0.4286%, rounded up to 0.43%: the bound never claims more than it can.
        assert_eq!(all.count(), "700 of 700 years");
        assert_eq!(all.bound(), "above 99.57% at 95%");
        assert_eq!(
            EdgeShare::of(proportion(0, 2), 2).unwrap().bound(),
            "below 100% at 95%"
        );
        assert_eq!(EdgeShare::of(proportion(1, 10), 10), None);
        assert_eq!(grouped(1_234_567), "1,234,567");
    }

    #[test]
    fn quantiles_match_numpy_linear() {
        let xs = [1.0, 2.0, 3.0, 4.0, 10.0];
        // numpy.percentile([1,2,3,4,10], [5, 25, 50, 90]) = [1.2, 2, 3, 7.6]
        assert!((quantile(&xs, 0.05) - 1.2).abs() < 1e-12);
        assert_eq!(quantile(&xs, 0.25), 2.0);
        assert_eq!(quantile(&xs, 0.5), 3.0);
        assert!((quantile(&xs, 0.9) - 7.6).abs() < 1e-12);
        assert_eq!(quantile(&xs, 1.0), 10.0);
    }

    #[test]
    fn summary_moments() {
        let s = summarize(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]).unwrap();
        assert_eq!(s.mean, 5.0);
        assert!((s.std - (32.0f64 / 7.0).sqrt()).abs() < 1e-12);
        assert!((s.mean_se - s.std / 8f64.sqrt()).abs() < 1e-12);
        assert_eq!((s.min, s.max), (2.0, 9.0));
        assert!(summarize(&[]).is_none());
        assert_eq!(summarize(&[3.0]).unwrap().std, 0.0);
    }

    #[test]
    fn proportion_se() {
        let p = proportion(25, 100);
        assert_eq!(p.p, 0.25);
        assert!((p.se - (0.25f64 * 0.75 / 100.0).sqrt()).abs() < 1e-15);
        assert_eq!(proportion(0, 0), Proportion { p: 0.0, se: 0.0 });
    }

    #[test]
    fn median_standard_error_matches_the_normal_theory_value() {
        // For N(0, 1), the median's s.e. is sqrt(pi / 2) / sqrt(n) = 1.2533 / sqrt(n).
        use rand_distr::{Distribution, StandardNormal};
        let mut r = crate::rng::stream(1, 0, 0);
        let n = 40_000;
        let xs: Vec<f64> = (0..n).map(|_| StandardNormal.sample(&mut r)).collect();
        let se = quantile_se(&xs, 0.5, 40).unwrap();
        let want = (std::f64::consts::PI / 2.0).sqrt() / (n as f64).sqrt();
        // 40 batches: the estimate's own relative error is about 1 / sqrt(2 x 39) = 11%.
        assert!((se / want - 1.0).abs() < 0.35, "se {se} vs {want}");
        assert_eq!(quantile_se(&xs[..3], 0.5, 20), None);
    }
}
