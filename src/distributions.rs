//! Input distributions. A scenario's numeric inputs are written as a plain number or as a table
//! `{ dist = "...", ... }` (`ParamSpec`); each is validated once into a `Dist`, which samples
//! through rand_distr and knows its mean (the expected-value mode uses it) and its support (so a
//! probability that could be drawn above 1 is refused at load time, not mid-run).

use crate::error::FieldError;
use rand::{Rng, RngExt};
use rand_distr::{Beta, Distribution, Exp, Gamma, LogNormal, Normal, Pert, Poisson, Triangular};
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

#[derive(Debug, Clone)]
enum Sampler {
    Fixed(f64),
    Uniform {
        lo: f64,
        width: f64,
    },
    Triangular(Triangular<f64>),
    Pert(Pert<f64>),
    Normal {
        d: Normal<f64>,
        lo: f64,
        hi: f64,
    },
    LogNormal(LogNormal<f64>),
    Gamma(Gamma<f64>),
    Exp(Exp<f64>),
    Beta(Beta<f64>),
    Poisson(Poisson<f64>),
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
            Sampler::Triangular(d) => d.sample(rng),
            Sampler::Pert(d) => d.sample(rng),
            Sampler::Normal { d, lo, hi } => loop {
                // Validation guarantees at least 1e-6 of the mass lies in [lo, hi].
                let x = d.sample(rng);
                if x >= *lo && x <= *hi {
                    break x;
                }
            },
            Sampler::LogNormal(d) => d.sample(rng),
            Sampler::Gamma(d) => d.sample(rng),
            Sampler::Exp(d) => d.sample(rng),
            Sampler::Beta(d) => d.sample(rng),
            Sampler::Poisson(d) => d.sample(rng),
            Sampler::Empirical { values, cumulative } => {
                let u = rng.random::<f64>() * cumulative[cumulative.len() - 1];
                let i = cumulative.partition_point(|c| *c <= u);
                values[i.min(values.len() - 1)]
            }
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
}

impl fmt::Display for Dist {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.text)
    }
}

fn compile_dist(spec: &DistSpec, field: &str) -> Result<Dist, FieldError> {
    use DistSpec as S;
    match spec {
        S::Fixed { value } => Dist::compile(&ParamSpec::Number(*value), &format!("{field}.value")),
        S::Ratio { k, n } => ratio(field, *k, *n),
        S::Uniform { min, max } => uniform(field, *min, *max),
        S::Triangular { min, mode, max } => triangular(field, *min, *mode, *max),
        S::Pert { min, mode, max } => pert(field, *min, *mode, *max),
        S::Normal { mean, sd, min, max } => normal(field, *mean, *sd, *min, *max),
        S::Lognormal { mean, sd } => lognormal(field, *mean, *sd),
        S::Gamma { shape, scale } => gamma(field, *shape, *scale),
        S::Exponential { mean } => exponential(field, *mean),
        S::Beta {
            alpha,
            beta: b,
            k,
            n,
        } => beta(field, *alpha, *b, *k, *n),
        S::Poisson { mean } => poisson(field, *mean),
        S::Empirical { values, weights } => empirical(field, values, weights.as_deref()),
    }
}

fn finite(field: &str, part: &str, x: f64) -> Result<f64, FieldError> {
    if x.is_finite() {
        return Ok(x);
    }
    let name = if part.is_empty() {
        field.to_string()
    } else {
        format!("{field}.{part}")
    };
    Err(FieldError::new(
        name,
        x,
        "is not a finite number",
        "write a finite number",
    ))
}

fn positive(field: &str, part: &str, x: f64) -> Result<f64, FieldError> {
    finite(field, part, x)?;
    if x > 0.0 {
        return Ok(x);
    }
    let fix = format!("give {part} a value above 0");
    Err(FieldError::new(
        format!("{field}.{part}"),
        x,
        "must be positive",
        &fix,
    ))
}

fn ordered(field: &str, min: f64, mode: f64, max: f64) -> Result<(), FieldError> {
    for (part, x) in [("min", min), ("mode", mode), ("max", max)] {
        finite(field, part, x)?;
    }
    if min < max && min <= mode && mode <= max {
        return Ok(());
    }
    let value = format!("(min {min}, mode {mode}, max {max})");
    Err(FieldError::new(
        field,
        value,
        "needs min <= mode <= max with min < max",
        "reorder the three values",
    ))
}

fn build(sampler: Sampler, mean: f64, support: (f64, f64), text: String) -> Dist {
    Dist {
        sampler,
        mean,
        min: support.0,
        max: support.1,
        text,
    }
}

fn ratio(field: &str, k: f64, n: f64) -> Result<Dist, FieldError> {
    positive(field, "n", n)?;
    finite(field, "k", k)?;
    if !(0.0..=n).contains(&k) {
        let fix = "k counts successes out of n trials, so 0 <= k <= n";
        return Err(FieldError::new(
            format!("{field}.k"),
            k,
            &format!("exceeds n = {n} or is negative"),
            fix,
        ));
    }
    let mut d = Dist::fixed(k / n);
    d.text = format!("{k} of {n} = {}", format_number(k / n));
    Ok(d)
}

fn uniform(field: &str, min: f64, max: f64) -> Result<Dist, FieldError> {
    ordered(field, min, min, max)?;
    let text = format!("uniform({min}, {max})");
    Ok(build(
        Sampler::Uniform {
            lo: min,
            width: max - min,
        },
        (min + max) / 2.0,
        (min, max),
        text,
    ))
}

fn triangular(field: &str, min: f64, mode: f64, max: f64) -> Result<Dist, FieldError> {
    ordered(field, min, mode, max)?;
    let d = Triangular::new(min, max, mode).map_err(|e| rejected(field, e))?;
    let text = format!("triangular({min}, {mode}, {max})");
    Ok(build(
        Sampler::Triangular(d),
        (min + mode + max) / 3.0,
        (min, max),
        text,
    ))
}

fn pert(field: &str, min: f64, mode: f64, max: f64) -> Result<Dist, FieldError> {
    ordered(field, min, mode, max)?;
    let d = Pert::new(min, max)
        .with_mode(mode)
        .map_err(|e| rejected(field, e))?;
    let text = format!("pert({min}, {mode}, {max})");
    Ok(build(
        Sampler::Pert(d),
        (min + 4.0 * mode + max) / 6.0,
        (min, max),
        text,
    ))
}

fn normal(
    field: &str,
    mean: f64,
    sd: f64,
    lo: Option<f64>,
    hi: Option<f64>,
) -> Result<Dist, FieldError> {
    finite(field, "mean", mean)?;
    positive(field, "sd", sd)?;
    let (lo, hi) = (lo.unwrap_or(f64::NEG_INFINITY), hi.unwrap_or(f64::INFINITY));
    let d = Normal::new(mean, sd).map_err(|e| rejected(field, e))?;
    let (a, b) = ((lo - mean) / sd, (hi - mean) / sd);
    let mass = std_normal_cdf(b) - std_normal_cdf(a);
    if lo.is_nan() || hi.is_nan() || lo >= hi || mass < 1e-6 {
        let fix = "choose min < max around the mean, within a few sd of it";
        return Err(FieldError::new(
            field,
            format!("[{lo}, {hi}]"),
            "truncation keeps (almost) none of the normal",
            fix,
        ));
    }
    // Mean of a truncated normal: mu + sd (phi(a) - phi(b)) / (Phi(b) - Phi(a)).
    let truncated_mean = mean + sd * (std_normal_pdf(a) - std_normal_pdf(b)) / mass;
    let text = match (lo.is_finite(), hi.is_finite()) {
        (false, false) => format!("normal(mean {mean}, sd {sd})"),
        _ => format!("normal(mean {mean}, sd {sd}) truncated to [{lo}, {hi}]"),
    };
    Ok(build(
        Sampler::Normal { d, lo, hi },
        truncated_mean,
        (lo, hi),
        text,
    ))
}

fn lognormal(field: &str, mean: f64, sd: f64) -> Result<Dist, FieldError> {
    positive(field, "mean", mean)?;
    positive(field, "sd", sd)?;
    // For X lognormal with E[X] = m and sd(X) = s: sigma^2 = ln(1 + s^2/m^2), mu = ln m - sigma^2/2.
    let sigma2 = (1.0 + (sd / mean).powi(2)).ln();
    let d =
        LogNormal::new(mean.ln() - sigma2 / 2.0, sigma2.sqrt()).map_err(|e| rejected(field, e))?;
    let text = format!("lognormal(mean {mean}, sd {sd})");
    Ok(build(
        Sampler::LogNormal(d),
        mean,
        (0.0, f64::INFINITY),
        text,
    ))
}

fn gamma(field: &str, shape: f64, scale: f64) -> Result<Dist, FieldError> {
    positive(field, "shape", shape)?;
    positive(field, "scale", scale)?;
    let d = Gamma::new(shape, scale).map_err(|e| rejected(field, e))?;
    let text = format!("gamma(shape {shape}, scale {scale})");
    Ok(build(
        Sampler::Gamma(d),
        shape * scale,
        (0.0, f64::INFINITY),
        text,
    ))
}

fn exponential(field: &str, mean: f64) -> Result<Dist, FieldError> {
    positive(field, "mean", mean)?;
    let d = Exp::new(1.0 / mean).map_err(|e| rejected(field, e))?;
    Ok(build(
        Sampler::Exp(d),
        mean,
        (0.0, f64::INFINITY),
        format!("exponential(mean {mean})"),
    ))
}

fn beta(
    field: &str,
    a: Option<f64>,
    b: Option<f64>,
    k: Option<f64>,
    n: Option<f64>,
) -> Result<Dist, FieldError> {
    let (alpha, beta, text) = match (a, b, k, n) {
        (Some(a), Some(b), None, None) => (
            positive(field, "alpha", a)?,
            positive(field, "beta", b)?,
            String::new(),
        ),
        (None, None, Some(k), Some(n)) => {
            ratio(field, k, n)?;
            (k + 1.0, n - k + 1.0, format!(" from {k} of {n}"))
        }
        _ => {
            let fix = "write either alpha and beta, or k (successes) and n (trials)";
            return Err(FieldError::new(
                field,
                "beta",
                "needs alpha and beta, or k and n",
                fix,
            ));
        }
    };
    let d = Beta::new(alpha, beta).map_err(|e| rejected(field, e))?;
    let text = format!("beta({alpha}, {beta}){text}");
    Ok(build(
        Sampler::Beta(d),
        alpha / (alpha + beta),
        (0.0, 1.0),
        text,
    ))
}

fn poisson(field: &str, mean: f64) -> Result<Dist, FieldError> {
    positive(field, "mean", mean)?;
    let d = Poisson::new(mean).map_err(|e| rejected(field, e))?;
    Ok(build(
        Sampler::Poisson(d),
        mean,
        (0.0, f64::INFINITY),
        format!("poisson(mean {mean})"),
    ))
}

fn empirical(field: &str, values: &[f64], weights: Option<&[f64]>) -> Result<Dist, FieldError> {
    if values.is_empty() {
        return Err(FieldError::new(
            format!("{field}.values"),
            "[]",
            "is empty",
            "list at least one value",
        ));
    }
    let ones = vec![1.0; values.len()];
    let weights = weights.unwrap_or(&ones);
    if weights.len() != values.len() {
        let fix = "give one weight per value";
        let problem = format!("has {} weights for {} values", weights.len(), values.len());
        return Err(FieldError::new(
            format!("{field}.weights"),
            weights.len(),
            &problem,
            fix,
        ));
    }
    for (i, (v, w)) in values.iter().zip(weights).enumerate() {
        finite(field, &format!("values[{i}]"), *v)?;
        if !(w.is_finite() && *w >= 0.0) {
            return Err(FieldError::new(
                format!("{field}.weights[{i}]"),
                w,
                "must be >= 0",
                "use a non-negative weight",
            ));
        }
    }
    let cumulative: Vec<f64> = weights
        .iter()
        .scan(0.0, |s, w| Some(*s + w).inspect(|x| *s = *x))
        .collect();
    let total = cumulative[cumulative.len() - 1];
    if total <= 0.0 {
        return Err(FieldError::new(
            format!("{field}.weights"),
            0,
            "sum to zero",
            "give some value a positive weight",
        ));
    }
    let mean = values.iter().zip(weights).map(|(v, w)| v * w).sum::<f64>() / total;
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let text = format!("empirical({} values)", values.len());
    let sampler = Sampler::Empirical {
        values: values.to_vec(),
        cumulative,
    };
    Ok(build(sampler, mean, (lo, hi), text))
}

fn rejected(field: &str, e: impl fmt::Display) -> FieldError {
    FieldError::new(
        field,
        "parameters",
        &e.to_string(),
        "check the distribution's parameters",
    )
}

/// A number as a short human string (no trailing zeros).
pub fn format_number(x: f64) -> String {
    let s = format!("{x:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

fn std_normal_pdf(x: f64) -> f64 {
    if x.is_infinite() {
        return 0.0;
    }
    (-0.5 * x * x).exp() / (2.0 * std::f64::consts::PI).sqrt()
}

/// Standard normal CDF through erfc (Numerical Recipes' Chebyshev fit, relative error < 1.2e-7).
pub fn std_normal_cdf(x: f64) -> f64 {
    let z = (-x / std::f64::consts::SQRT_2).abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let erfc = t * poly.exp();
    if -x >= 0.0 {
        0.5 * erfc
    } else {
        1.0 - 0.5 * erfc
    }
}

#[cfg(test)]
#[path = "distributions_tests.rs"]
mod tests;
