//! Input distributions. A scenario's numeric inputs are written as a plain number or as a table
//! `{ dist = "...", ... }` (`ParamSpec`); each is validated once into a `Dist`, which samples
//! through rand_distr and knows its mean (the expected-value mode uses it) and its support (so a
//! probability that could be drawn above 1 is refused at load time, not mid-run).

mod build;

use crate::error::FieldError;
use crate::special;
use build::{compile_dist, finite};
use rand::{Rng, RngExt};
use rand_distr::{Beta, Distribution, Exp, Gamma, LogNormal, Normal, Poisson, Triangular};
use serde::{Deserialize, Deserializer};
use std::fmt;

/// A distribution as written in a scenario file, tagged by `dist`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "dist", rename_all = "lowercase", deny_unknown_fields)]
pub enum DistSpec {
    /// A known value.
    Fixed {
        value: f64,
    },
    /// A known share written as k out of n (the observed rate, no uncertainty).
    Ratio {
        k: f64,
        n: f64,
    },
    Uniform {
        min: f64,
        max: f64,
    },
    Triangular {
        min: f64,
        mode: f64,
        max: f64,
    },
    /// Beta-PERT on [min, max] with the given mode (shape 4).
    Pert {
        min: f64,
        mode: f64,
        max: f64,
    },
    /// Normal, optionally truncated to [min, max] (by rejection).
    Normal {
        mean: f64,
        sd: f64,
        min: Option<f64>,
        max: Option<f64>,
    },
    /// Lognormal given by the mean and standard deviation of the value itself.
    Lognormal {
        mean: f64,
        sd: f64,
    },
    Gamma {
        shape: f64,
        scale: f64,
    },
    Exponential {
        mean: f64,
    },
    /// Beta(alpha, beta), or "k successes out of n": the posterior Beta(k+1, n-k+1) under a
    /// uniform prior.
    Beta {
        alpha: Option<f64>,
        beta: Option<f64>,
        k: Option<f64>,
        n: Option<f64>,
    },
    Poisson {
        mean: f64,
    },
    /// Values with weights (equal weights if none are given).
    Empirical {
        values: Vec<f64>,
        weights: Option<Vec<f64>>,
    },
}

/// A numeric input as written: a plain number or a distribution.
#[derive(Debug, Clone, PartialEq)]
pub enum ParamSpec {
    Number(f64),
    Dist(DistSpec),
}

impl From<f64> for ParamSpec {
    fn from(x: f64) -> Self {
        ParamSpec::Number(x)
    }
}

impl<'de> Deserialize<'de> for ParamSpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ParamVisitor)
    }
}

struct ParamVisitor;

impl<'de> serde::de::Visitor<'de> for ParamVisitor {
    type Value = ParamSpec;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number or a distribution table such as { dist = \"beta\", k = 57, n = 662 }")
    }
    fn visit_f64<E>(self, v: f64) -> Result<ParamSpec, E> {
        Ok(ParamSpec::Number(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<ParamSpec, E> {
        Ok(ParamSpec::Number(v as f64))
    }
    fn visit_u64<E>(self, v: u64) -> Result<ParamSpec, E> {
        Ok(ParamSpec::Number(v as f64))
    }
    fn visit_map<M: serde::de::MapAccess<'de>>(self, map: M) -> Result<ParamSpec, M::Error> {
        let de = serde::de::value::MapAccessDeserializer::new(map);
        DistSpec::deserialize(de).map(ParamSpec::Dist)
    }
}

/// A validated distribution: sampler, mean, support and a one-line description.
#[derive(Debug, Clone)]
pub struct Dist {
    sampler: Sampler,
    mean: f64,
    min: f64,
    max: f64,
    text: String,
}

/// Each sampler keeps its parameters beside rand_distr's sampler, which does not expose them,
/// because the inverse CDF (`quantile`) needs them.
#[derive(Debug, Clone)]
enum Sampler {
    Fixed(f64),
    Uniform {
        lo: f64,
        width: f64,
    },
    Triangular {
        d: Triangular<f64>,
        min: f64,
        mode: f64,
        max: f64,
    },
    /// min + width * Beta(alpha, beta).
    Pert {
        d: Beta<f64>,
        min: f64,
        width: f64,
        alpha: f64,
        beta: f64,
    },
    /// Truncated to [lo, hi]; `mass_below` = Phi((lo - mean) / sd), `mass` the share kept.
    Normal {
        d: Normal<f64>,
        lo: f64,
        hi: f64,
        mass_below: f64,
        mass: f64,
    },
    LogNormal {
        d: LogNormal<f64>,
        mu: f64,
        sigma: f64,
    },
    Gamma {
        d: Gamma<f64>,
        shape: f64,
        scale: f64,
    },
    Exp(Exp<f64>),
    Beta {
        d: Beta<f64>,
        alpha: f64,
        beta: f64,
    },
    Poisson(Poisson<f64>),
    /// Values in increasing order with their cumulative weights.
    Empirical {
        values: Vec<f64>,
        cumulative: Vec<f64>,
    },
}

impl Dist {
    /// A constant.
    pub fn fixed(value: f64) -> Dist {
        Dist {
            sampler: Sampler::Fixed(value),
            mean: value,
            min: value,
            max: value,
            text: format_number(value),
        }
    }

    /// Validates a spec; `field` names it in any error.
    pub fn compile(spec: &ParamSpec, field: &str) -> Result<Dist, FieldError> {
        match spec {
            ParamSpec::Number(x) => {
                finite(field, "", *x)?;
                Ok(Dist::fixed(*x))
            }
            ParamSpec::Dist(d) => compile_dist(d, field),
        }
    }

    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match &self.sampler {
            Sampler::Fixed(x) => *x,
            Sampler::Uniform { lo, width } => lo + width * rng.random::<f64>(),
            Sampler::Triangular { d, .. } => d.sample(rng),
            Sampler::Pert { d, min, width, .. } => d.sample(rng) * width + min,
            Sampler::Normal { d, lo, hi, .. } => loop {
                // Validation guarantees at least 1e-6 of the mass lies in [lo, hi].
                let x = d.sample(rng);
                if x >= *lo && x <= *hi {
                    break x;
                }
            },
            Sampler::LogNormal { d, .. } => d.sample(rng),
            Sampler::Gamma { d, .. } => d.sample(rng),
            Sampler::Exp(d) => d.sample(rng),
            Sampler::Beta { d, .. } => d.sample(rng),
            Sampler::Poisson(d) => d.sample(rng),
            Sampler::Empirical { .. } => self.quantile(rng.random::<f64>()),
        }
    }

    /// The inverse CDF: the smallest x with P(X <= x) >= u, for u in (0, 1). Feeding it one
    /// uniform draw gives a draw from this very distribution, which is how correlated inputs
    /// keep their own marginals (see `copula`).
    pub fn quantile(&self, u: f64) -> f64 {
        match &self.sampler {
            Sampler::Fixed(x) => *x,
            Sampler::Uniform { lo, width } => lo + width * u,
            Sampler::Triangular { min, mode, max, .. } => {
                let (range, left) = (max - min, mode - min);
                if u * range <= left {
                    min + (u * range * left).sqrt()
                } else {
                    max - ((1.0 - u) * range * (max - mode)).sqrt()
                }
            }
            Sampler::Pert {
                min,
                width,
                alpha,
                beta,
                ..
            } => min + width * special::beta_quantile(u, *alpha, *beta),
            Sampler::Normal {
                d,
                lo,
                hi,
                mass_below,
                mass,
            } => {
                let z = special::std_normal_quantile(mass_below + u * mass);
                (d.mean() + d.std_dev() * z).clamp(*lo, *hi)
            }
            Sampler::LogNormal { mu, sigma, .. } => {
                (mu + sigma * special::std_normal_quantile(u)).exp()
            }
            Sampler::Gamma { shape, scale, .. } => scale * special::gamma_quantile(u, *shape),
            Sampler::Exp(_) => -self.mean * (-u).ln_1p(),
            Sampler::Beta { alpha, beta, .. } => special::beta_quantile(u, *alpha, *beta),
            Sampler::Poisson(_) => poisson_quantile(u, self.mean),
            Sampler::Empirical { values, cumulative } => {
                let target = u * cumulative[cumulative.len() - 1];
                let i = cumulative.partition_point(|c| *c <= target);
                values[i.min(values.len() - 1)]
            }
        }
    }

    /// `quantile(Phi(z))`: the value at standard normal score `z`. Normal and lognormal inputs
    /// skip the round trip through the CDF.
    pub fn at_normal_score(&self, z: f64) -> f64 {
        match &self.sampler {
            Sampler::Normal { d, lo, hi, .. } if lo.is_infinite() && hi.is_infinite() => {
                d.mean() + d.std_dev() * z
            }
            Sampler::LogNormal { mu, sigma, .. } => (mu + sigma * z).exp(),
            // Phi rounds to 1 beyond z = 8.3: keep u inside (0, 1) so no quantile is infinite.
            _ => self.quantile(
                special::std_normal_cdf(z).clamp(f64::MIN_POSITIVE, 1.0 - f64::EPSILON / 2.0),
            ),
        }
    }

    pub fn mean(&self) -> f64 {
        self.mean
    }

    /// Smallest and largest value the distribution can produce.
    pub fn support(&self) -> (f64, f64) {
        (self.min, self.max)
    }

    /// True when the value is known (no draw is needed).
    pub fn is_fixed(&self) -> bool {
        matches!(self.sampler, Sampler::Fixed(_))
    }

    /// The mean of an exponential distribution, None for any other: the queue's per-call loop
    /// draws one as `Exp1` times 1 / (1 / mean), the very numbers `sample` gives, without the
    /// general match.
    pub fn exponential_mean(&self) -> Option<f64> {
        matches!(self.sampler, Sampler::Exp(_)).then_some(self.mean)
    }
}

impl fmt::Display for Dist {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// A number as a short human string (no trailing zeros).
pub fn format_number(x: f64) -> String {
    // Past a trillion, or below a millionth, digits stop saying anything: use the exponent.
    if x.is_finite() && x != 0.0 && !(1e-6..1e12).contains(&x.abs()) {
        return format!("{x:e}");
    }
    let s = format!("{x:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// The smallest k with P(X <= k) >= u for X ~ Poisson(mean), where P(X <= k) = Q(k + 1, mean):
/// start from the normal approximation and step to the exact answer.
fn poisson_quantile(u: f64, mean: f64) -> f64 {
    let cdf = |k: f64| special::gamma_q(k + 1.0, mean);
    let guess = mean + mean.sqrt() * special::std_normal_quantile(u);
    let mut k = guess.floor().max(0.0);
    while k > 0.0 && cdf(k - 1.0) >= u {
        k -= 1.0;
    }
    while cdf(k) < u {
        k += 1.0;
    }
    k
}

#[cfg(test)]
mod tests;
