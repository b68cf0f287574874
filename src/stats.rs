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
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
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
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
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

#[cfg(test)]
mod tests {
    use super::*;

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
