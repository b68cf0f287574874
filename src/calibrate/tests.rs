use super::*;
use crate::special::ln_gamma;

fn field_test() -> Vec<Observed> {
    let rows = [
        ("Agent 1", 222, [20, 3, 3, 3]),
        ("Agent 2", 214, [18, 10, 2, 1]),
        ("Agent 3", 105, [9, 1, 3, 1]),
        ("Agent 4", 49, [8, 3, 1, 0]),
        ("Agent 5", 72, [2, 4, 1, 1]),
    ];
    rows.iter()
        .map(|(a, n, k)| Observed {
            agent: a.to_string(),
            calls: *n,
            successes: k.to_vec(),
        })
        .collect()
}

fn names() -> Vec<String> {
    ["site1_save", "site2_save", "site3_trial", "site3_full"]
        .map(String::from)
        .to_vec()
}

#[test]
fn field_test_pooled_posterior_and_partial_pooling() {
    let c = calibrate(&field_test(), &names(), 1.0, 1.0).outcomes;
    let site1 = &c[0];
    assert!((site1.pooled.mean - 58.0 / 664.0).abs() < 1e-12);
    assert_eq!((site1.pooled.alpha, site1.pooled.beta), (58.0, 606.0));
    assert!((site1.pooled.p5 - beta_quantile(0.05, 58.0, 606.0)).abs() < 1e-15);
    assert!(site1.pooled.p5 < site1.pooled.mean && site1.pooled.mean < site1.pooled.p95);
    // Agent 4 saved 8 of 49 (16.3%) against the team's 8.6%: partial pooling pulls the
    // estimate toward the team, further than the agent's own flat-prior posterior.
    let a4 = &site1.agents[3];
    assert!((a4.observed - 8.0 / 49.0).abs() < 1e-12);
    assert!(a4.partially_pooled.mean < a4.own.mean);
    assert!(a4.partially_pooled.mean > site1.pooled.mean);
    // ... and agents with more calls move less: the share of the way from the agent's
    // observed rate to the team's mean is kappa / (kappa + calls), exactly.
    let team = site1.team_mean.mean;
    let pull = |a: &AgentRate| (a.observed - a.partially_pooled.mean) / (a.observed - team);
    let kappa = site1
        .kappa
        .expect("the site-1 agents differ beyond binomial noise");
    for a in &site1.agents {
        let want = kappa / (kappa + a.calls as f64);
        assert!(
            (pull(a) - want).abs() < 1e-9,
            "{}: {} vs {want}",
            a.agent,
            pull(a)
        );
    }
    assert!(pull(&site1.agents[3]) > pull(&site1.agents[0]));
    // Site 3's agents differ less than binomial noise: complete pooling, each agent exactly
    // the pooled posterior, Beta(11, 653) for the trials.
    let trial = &c[2];
    assert!(trial.completely_pooled() && trial.design_effect == 1.0);
    for a in &trial.agents {
        assert_eq!(a.partially_pooled, trial.pooled, "{}", a.agent);
        assert_eq!(a.correlation_with_team_mean, 1.0);
    }
    assert!(trial.rank_correlations().is_empty());
}

/// P(k) for k of n calls when the rate is Beta(alpha, beta).
fn beta_binomial(k: u64, n: u64, alpha: f64, beta: f64) -> f64 {
    let (k, n) = (k as f64, n as f64);
    let ln_choose = ln_gamma(n + 1.0) - ln_gamma(k + 1.0) - ln_gamma(n - k + 1.0);
    let ln_b = |a: f64, b: f64| ln_gamma(a) + ln_gamma(b) - ln_gamma(a + b);
    (ln_choose + ln_b(k + alpha, n - k + beta) - ln_b(alpha, beta)).exp()
}

/// Over every outcome of three agents with 3, 5 and 8 calls whose rates are Beta(1.2, 2.8)
/// (m = 0.3, kappa = 4, rho = 0.2): E[S] gives back rho through the moment equation, and the
/// variance of the pooled rate is m (1 - m) / N times the design effect. Exact sums, so the
/// tolerance is rounding.
#[test]
fn moment_equation_and_design_effect_by_enumeration() {
    let calls = [3u64, 5, 8];
    let (m, kappa) = (0.3, 4.0);
    let (alpha, beta) = (m * kappa, (1.0 - m) * kappa);
    let n: f64 = calls.iter().map(|&c| c as f64).sum();
    let (mut e_s, mut e_rate, mut e_rate2, mut total) = (0.0, 0.0, 0.0, 0.0);
    for k0 in 0..=calls[0] {
        for k1 in 0..=calls[1] {
            for k2 in 0..=calls[2] {
                let ks = [k0, k1, k2];
                let p: f64 = ks
                    .iter()
                    .zip(&calls)
                    .map(|(&k, &c)| beta_binomial(k, c, alpha, beta))
                    .product();
                let rate = ks.iter().sum::<u64>() as f64 / n;
                let s: f64 = ks
                    .iter()
                    .zip(&calls)
                    .map(|(&k, &c)| c as f64 * (k as f64 / c as f64 - rate).powi(2))
                    .sum();
                (e_s, e_rate, e_rate2, total) = (
                    e_s + p * s,
                    e_rate + p * rate,
                    e_rate2 + p * rate * rate,
                    total + p,
                );
            }
        }
    }
    assert!((total - 1.0).abs() < 1e-12);
    assert!((e_rate - m).abs() < 1e-12);
    let calls_f: Vec<f64> = calls.iter().map(|&c| c as f64).collect();
    let rho = rho_from_spread(e_s / (m * (1.0 - m)), &calls_f).unwrap();
    assert!((rho - 1.0 / (kappa + 1.0)).abs() < 1e-12, "rho {rho}");
    let variance = e_rate2 - e_rate * e_rate;
    let deff = design_effect(Some(kappa), &calls_f);
    assert!(
        (variance - m * (1.0 - m) / n * deff).abs() < 1e-14,
        "{variance} vs {}",
        m * (1.0 - m) / n * deff
    );
}

/// The mixture's mean and variance against Simpson's rule over m: E[p | m] = mu and
/// E[p^2 | m] = mu (mu c + 1) / (c + 1), raw moments rather than the law of total variance.
/// The integrand and its derivatives vanish at both ends (alpha, beta > 2), so 2,000 and 20,000
/// panels already agree to 1e-17: the tolerances are rounding (ln Gamma's 1e-14 in the density),
/// the variance's amplified by E[p^2] - E[p]^2 cancelling some twentyfold.
#[test]
fn mixture_moments_match_quadrature() {
    let c = calibrate(&field_test(), &names(), 1.0, 1.0).outcomes;
    let site1 = &c[0];
    let kappa = site1.kappa.unwrap();
    let team = site1.team_mean;
    let ln_norm = ln_gamma(team.alpha) + ln_gamma(team.beta) - ln_gamma(team.alpha + team.beta);
    let pdf =
        |x: f64| ((team.alpha - 1.0) * x.ln() + (team.beta - 1.0) * (1.0 - x).ln() - ln_norm).exp();
    for a in &site1.agents {
        let (k, calls) = (a.successes as f64, a.calls as f64);
        let conc = kappa + calls;
        let moment = |x: f64| {
            let mu = (kappa * x + k) / conc;
            (mu, mu * (mu * conc + 1.0) / (conc + 1.0))
        };
        let panels = 20_000;
        let h = 1.0 / panels as f64;
        let (mut e1, mut e2) = (0.0, 0.0);
        for i in 1..panels {
            let x = i as f64 * h;
            let w = if i % 2 == 1 { 4.0 } else { 2.0 } * pdf(x);
            let (m1, m2) = moment(x);
            (e1, e2) = (e1 + w * m1, e2 + w * m2);
        }
        let (e1, e2) = (e1 * h / 3.0, e2 * h / 3.0);
        let p = &a.partially_pooled;
        assert!(
            (p.mean - e1).abs() < 1e-13,
            "{}: {} vs {e1}",
            a.agent,
            p.mean
        );
        assert!(
            (p.variance() - (e2 - e1 * e1)).abs() < 1e-11 * p.variance(),
            "{}: {} vs {}",
            a.agent,
            p.variance(),
            e2 - e1 * e1
        );
    }
}
