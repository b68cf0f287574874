//! Rank correlations between uncertain inputs, by a Gaussian copula (Iman and Conover's target,
//! without their reordering). Each correlated input still draws from its own stream, seeded by
//! (seed, year, input): a standard normal score. An input's value in a year is its own
//! distribution's quantile at Phi(w), where w mixes its score with the scores of the inputs
//! before it through one row of the Cholesky factor L of the normal correlation matrix. So:
//! - every input keeps its marginal distribution exactly (w is standard normal, Phi(w) uniform);
//! - the pairs get the declared Spearman correlation: for a Gaussian copula, Spearman's rho_s and
//!   the normal correlation r satisfy r = 2 sin(pi rho_s / 6) (Kruskal 1958);
//! - each value is a pure function of (seed, year), like every other draw, so threads, order and
//!   common random numbers work as before.

use crate::rng;
use rand_distr::{Distribution, StandardNormal};

/// One correlated input's recipe for its normal score: the stream keys of the scores it mixes
/// and their weights (its row of L, zeros left out).
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    keys: Vec<u64>,
    weights: Vec<f64>,
}

impl Link {
    /// The input's standard normal score in one year.
    pub fn normal_score(&self, seed: u64, iteration: u64) -> f64 {
        self.keys
            .iter()
            .zip(&self.weights)
            .map(|(key, w)| {
                let z: f64 = StandardNormal.sample(&mut rng::stream(seed, iteration, *key));
                w * z
            })
            .sum()
    }
}

/// The stream key of an input's normal score, apart from the key of its ordinary draws.
pub fn score_key(path: &str) -> u64 {
    rng::key(&format!("copula:{path}"))
}

/// The normal correlation that gives Spearman's `rank` under a Gaussian copula.
pub fn normal_correlation(rank: f64) -> f64 {
    2.0 * (std::f64::consts::PI * rank / 6.0).sin()
}

/// The lower Cholesky factor of a symmetric matrix, or None if it is not positive definite.
pub fn cholesky(m: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let n = m.len();
    let mut l = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in 0..=i {
            let dot: f64 = (0..j).map(|k| l[i][k] * l[j][k]).sum();
            if i == j {
                let d = m[i][i] - dot;
                // A tiny pivot means the declared correlations almost contradict one another.
                if d <= 1e-10 {
                    return None;
                }
                l[i][i] = d.sqrt();
            } else {
                l[i][j] = (m[i][j] - dot) / l[j][j];
            }
        }
    }
    Some(l)
}

/// The links of `n` inputs (named by their score keys) given the declared Spearman correlations
/// between pairs of them (by index); None when no joint distribution has those correlations.
pub fn links(keys: &[u64], pairs: &[(usize, usize, f64)]) -> Option<Vec<Link>> {
    let n = keys.len();
    let mut m = vec![vec![0.0; n]; n];
    for (i, row) in m.iter_mut().enumerate() {
        row[i] = 1.0;
    }
    for (a, b, rank) in pairs {
        let r = normal_correlation(*rank);
        m[*a][*b] = r;
        m[*b][*a] = r;
    }
    let l = cholesky(&m)?;
    let links = l
        .iter()
        .map(|row| {
            let (keys, weights) = row
                .iter()
                .enumerate()
                .filter(|(_, w)| **w != 0.0)
                .map(|(j, w)| (keys[j], *w))
                .unzip();
            Link { keys, weights }
        })
        .collect();
    Some(links)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_correlation_inverts_kruskal() {
        for rank in [-0.9, -0.3, 0.0, 0.5, 1.0] {
            let r = normal_correlation(rank);
            let back = 6.0 / std::f64::consts::PI * (r / 2.0).asin();
            assert!((back - rank).abs() < 1e-14);
        }
        assert!((normal_correlation(1.0) - 1.0).abs() < 1e-15);
    }

    #[test]
    fn cholesky_rebuilds_its_matrix_and_refuses_contradictions() {
        let m = vec![
            vec![1.0, 0.5, 0.2],
            vec![0.5, 1.0, -0.3],
            vec![0.2, -0.3, 1.0],
        ];
        let l = cholesky(&m).expect("positive definite");
        for i in 0..3 {
            for j in 0..3 {
                let back: f64 = (0..3).map(|k| l[i][k] * l[j][k]).sum();
                assert!((back - m[i][j]).abs() < 1e-14);
            }
        }
        // A with B and B with C strongly, A against C strongly: impossible together.
        let bad = vec![
            vec![1.0, 0.9, -0.9],
            vec![0.9, 1.0, 0.9],
            vec![-0.9, 0.9, 1.0],
        ];
        assert!(cholesky(&bad).is_none());
    }

    #[test]
    fn scores_are_standard_normal_with_the_normal_correlation() {
        let keys = [score_key("a"), score_key("b")];
        let links = links(&keys, &[(0, 1, 0.6)]).expect("valid");
        let n = 40_000;
        let (mut sa, mut sb, mut saa, mut sbb, mut sab) = (0.0, 0.0, 0.0, 0.0, 0.0);
        for it in 0..n {
            let (a, b) = (links[0].normal_score(3, it), links[1].normal_score(3, it));
            sa += a;
            sb += b;
            saa += a * a;
            sbb += b * b;
            sab += a * b;
        }
        let n = n as f64;
        // Means 0 (se 1/sqrt n), variances 1 (se sqrt(2/n)), covariance r (se (1 + r^2)/sqrt n).
        let r = normal_correlation(0.6);
        assert!((sa / n).abs() < 4.0 / n.sqrt() && (sb / n).abs() < 4.0 / n.sqrt());
        assert!((saa / n - 1.0).abs() < 4.0 * (2.0 / n).sqrt());
        assert!((sbb / n - 1.0).abs() < 4.0 * (2.0 / n).sqrt());
        assert!((sab / n - r).abs() < 4.0 * (1.0 + r * r).sqrt() / n.sqrt());
    }
}
