//! Test support for the engine's samplers: Pearson's chi-square of drawn counts against the
//! exact probabilities, with a fixed-seed 5-sigma bound.

/// Asserts that `counts[k]` (draws of value k; the last entry may pool a tail) fit `share(k)`
/// (the probability of that entry) over `draws` draws. Adjacent values are merged until each bin
/// expects at least 20, and the bound is df + 5 sqrt(2 df).
pub fn assert_fits(what: &str, counts: &[u64], share: impl Fn(usize) -> f64, draws: f64) {
    let last = counts.len() - 1;
    let (mut chi2, mut bins, mut observed, mut expected) = (0.0, 0usize, 0.0, 0.0);
    for (k, c) in counts.iter().enumerate() {
        observed += *c as f64;
        expected += draws * share(k);
        if expected >= 20.0 || k == last {
            chi2 += (observed - expected).powi(2) / expected.max(1e-9);
            bins += 1;
            (observed, expected) = (0.0, 0.0);
        }
    }
    let df = (bins - 1) as f64;
    assert!(
        chi2 < df + 5.0 * (2.0 * df).sqrt(),
        "{what}: chi2 {chi2:.1} on {df} df"
    );
}
