//! Validation and construction of each distribution from its spec: parameter checks with the
//! field named, the sampler, the mean (closed forms) and the support.

use super::{Dist, DistSpec, ParamSpec, Sampler, format_number};
use crate::error::FieldError;
use crate::special::{std_normal_cdf, std_normal_pdf};
use rand_distr::{Beta, Exp, Gamma, LogNormal, Normal, Poisson, Triangular};
use std::fmt;

pub(super) fn compile_dist(spec: &DistSpec, field: &str) -> Result<Dist, FieldError> {
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

pub(super) fn finite(field: &str, part: &str, x: f64) -> Result<f64, FieldError> {
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
        Sampler::Triangular { d, min, mode, max },
        (min + mode + max) / 3.0,
        (min, max),
        text,
    ))
}

fn pert(field: &str, min: f64, mode: f64, max: f64) -> Result<Dist, FieldError> {
    ordered(field, min, mode, max)?;
    // Beta-PERT with shape 4, as rand_distr's Pert builds it: min + width x Beta(alpha, beta).
    let width = max - min;
    let (alpha, beta) = (
        1.0 + 4.0 * (mode - min) / width,
        1.0 + 4.0 * (max - mode) / width,
    );
    let d = Beta::new(alpha, beta).map_err(|e| rejected(field, e))?;
    let text = format!("pert({min}, {mode}, {max})");
    Ok(build(
        Sampler::Pert {
            d,
            min,
            width,
            alpha,
            beta,
        },
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
        Sampler::Normal {
            d,
            lo,
            hi,
            mass_below: std_normal_cdf(a),
            mass,
        },
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
    let (mu, sigma) = (mean.ln() - sigma2 / 2.0, sigma2.sqrt());
    let d = LogNormal::new(mu, sigma).map_err(|e| rejected(field, e))?;
    let text = format!("lognormal(mean {mean}, sd {sd})");
    Ok(build(
        Sampler::LogNormal { d, mu, sigma },
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
        Sampler::Gamma { d, shape, scale },
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
        Sampler::Beta { d, alpha, beta },
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
    // Sorted by value, so that the cumulative weights make an inverse CDF.
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|i, j| values[*i].total_cmp(&values[*j]));
    let cumulative: Vec<f64> = order
        .iter()
        .scan(0.0, |s, i| Some(*s + weights[*i]).inspect(|x| *s = *x))
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
        values: order.iter().map(|i| values[*i]).collect(),
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
