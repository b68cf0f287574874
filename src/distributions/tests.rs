use super::*;
use crate::rng;
use rand::RngExt;

fn parse(text: &str) -> ParamSpec {
    #[derive(Deserialize)]
    struct W {
        x: ParamSpec,
    }
    toml::from_str::<W>(&format!("x = {text}"))
        .expect("test spec parses")
        .x
}

fn dist(text: &str) -> Dist {
    Dist::compile(&parse(text), "x").expect("valid test distribution")
}

/// Every kind of distribution, some twice with different shapes.
const EVERY_KIND: [&str; 14] = [
    "{ dist = \"uniform\", min = 2, max = 5 }",
    "{ dist = \"triangular\", min = 0, mode = 1, max = 5 }",
    "{ dist = \"pert\", min = 0, mode = 1, max = 5 }",
    "{ dist = \"normal\", mean = 3, sd = 2 }",
    "{ dist = \"normal\", mean = 0.1, sd = 0.1, min = 0, max = 1 }",
    "{ dist = \"lognormal\", mean = 240, sd = 120 }",
    "{ dist = \"gamma\", shape = 2.5, scale = 3 }",
    "{ dist = \"gamma\", shape = 0.4, scale = 3 }",
    "{ dist = \"exponential\", mean = 120 }",
    "{ dist = \"beta\", k = 57, n = 662 }",
    "{ dist = \"beta\", alpha = 2, beta = 5 }",
    "{ dist = \"poisson\", mean = 4.5 }",
    "{ dist = \"poisson\", mean = 250 }",
    "{ dist = \"empirical\", values = [10, 1, 2], weights = [1, 3, 1] }",
];

/// The sample's mean within 4 standard errors of the stated mean, and every draw inside the
/// support.
fn assert_mean(text: &str, d: &Dist, xs: &[f64]) {
    let s = crate::stats::summarize(xs).expect("draws");
    assert!(
        (s.mean - d.mean()).abs() <= 4.0 * s.mean_se,
        "{text}: sample mean {}, stated {}, se {}",
        s.mean,
        d.mean(),
        s.mean_se
    );
    let (lo, hi) = d.support();
    assert!(
        xs.iter().all(|x| *x >= lo && *x <= hi),
        "{text}: draw outside support"
    );
}

#[test]
fn every_distribution_samples_its_stated_mean() {
    for text in EVERY_KIND {
        let d = dist(text);
        let mut r = rng::stream(7, 0, rng::key(text));
        let xs: Vec<f64> = (0..200_000).map(|_| d.sample(&mut r)).collect();
        assert_mean(text, &d, &xs);
    }
}

/// The inverse CDF fed uniform draws gives the sampler's own distribution: the two samples'
/// Kolmogorov-Smirnov distance stays under its 1-in-10,000 critical value (conservative for the
/// discrete kinds), and the mean within 4 standard errors of the stated one.
#[test]
fn the_inverse_cdf_draws_each_distribution_itself() {
    let n = 20_000;
    for text in EVERY_KIND {
        let d = dist(text);
        let mut r = rng::stream(11, 0, rng::key(text));
        let sampled: Vec<f64> = (0..n).map(|_| d.sample(&mut r)).collect();
        let inverted: Vec<f64> = (0..n).map(|_| d.quantile(r.random::<f64>())).collect();
        assert_mean(text, &d, &inverted);
        let ks = crate::stats::ks_distance(sampled, inverted);
        let critical = crate::stats::ks_critical(0.0001, n, n);
        assert!(ks < critical, "{text}: KS distance {ks} >= {critical}");
    }
}

#[test]
fn quantiles_match_closed_forms() {
    let q = |text: &str, u: f64| dist(text).quantile(u);
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * b.abs().max(1.0);
    // Triangular(0, 1, 5): F(1) = 1/5, and F(x) = 1 - (5 - x)^2 / 20 above the mode.
    let tri = "{ dist = \"triangular\", min = 0, mode = 1, max = 5 }";
    assert!(close(q(tri, 0.2), 1.0) && close(q(tri, 0.8), 5.0 - 4.0f64.sqrt()));
    assert!(close(
        q("{ dist = \"exponential\", mean = 120 }", 0.5),
        120.0 * 2f64.ln()
    ));
    assert!(close(
        q("{ dist = \"normal\", mean = 3, sd = 2 }", 0.975),
        3.0 + 2.0 * 1.959_963_984_540_054
    ));
    // Truncated to its mean and above: the median is mean + sd Phi^-1(0.75).
    let half = "{ dist = \"normal\", mean = 3, sd = 2, min = 3 }";
    assert!(close(q(half, 0.5), 3.0 + 2.0 * 0.674_489_750_196_081_7));
    // Lognormal: the median is exp(mu) = mean / sqrt(1 + cv^2).
    let logn = "{ dist = \"lognormal\", mean = 240, sd = 120 }";
    assert!(close(q(logn, 0.5), 240.0 / 1.25f64.sqrt()));
    // Gamma with shape 1 is the exponential; Pert(0, 2.5, 5) is symmetric.
    assert!(close(
        q("{ dist = \"gamma\", shape = 1, scale = 3 }", 0.9),
        3.0 * 10f64.ln()
    ));
    assert!(close(
        q("{ dist = \"pert\", min = 0, mode = 2.5, max = 5 }", 0.5),
        2.5
    ));
    // Poisson(4.5): P(X <= 3) = 0.3423, P(X <= 4) = 0.5321.
    let poisson = "{ dist = \"poisson\", mean = 4.5 }";
    assert_eq!(
        (q(poisson, 0.34), q(poisson, 0.35), q(poisson, 0.5321)),
        (3.0, 4.0, 4.0)
    );
    // Empirical: sorted 1 (weight 3), 2, 10.
    let emp = "{ dist = \"empirical\", values = [10, 1, 2], weights = [1, 3, 1] }";
    assert_eq!((q(emp, 0.1), q(emp, 0.7), q(emp, 0.9)), (1.0, 2.0, 10.0));
    // The normal score route agrees with Phi then the quantile.
    let b = dist("{ dist = \"beta\", k = 57, n = 662 }");
    let z = 1.3;
    assert!(close(
        b.at_normal_score(z),
        b.quantile(crate::special::std_normal_cdf(z))
    ));
}

#[test]
fn closed_form_means() {
    assert_eq!(dist("0.25").mean(), 0.25);
    assert_eq!(
        dist("{ dist = \"ratio\", k = 57, n = 662 }").mean(),
        57.0 / 662.0
    );
    assert_eq!(
        dist("{ dist = \"beta\", k = 57, n = 662 }").mean(),
        58.0 / 664.0
    );
    assert_eq!(
        dist("{ dist = \"pert\", min = 0, mode = 3, max = 6 }").mean(),
        3.0
    );
    // Truncating a standard normal to [0, inf) gives the half-normal mean sqrt(2/pi).
    let half = dist("{ dist = \"normal\", mean = 0, sd = 1, min = 0 }").mean();
    assert!((half - (2.0 / std::f64::consts::PI).sqrt()).abs() < 1e-13);
    assert!(dist("3").is_fixed() && !dist("{ dist = \"exponential\", mean = 1 }").is_fixed());
}

#[test]
fn bad_parameters_are_refused_with_the_field_named() {
    let cases = [
        ("{ dist = \"lognormal\", mean = 1, sd = 0 }", "x.sd"),
        ("{ dist = \"beta\", k = 700, n = 662 }", "x.k"),
        ("{ dist = \"beta\", k = 5 }", "x"),
        ("{ dist = \"uniform\", min = 5, max = 1 }", "x"),
        ("{ dist = \"triangular\", min = 0, mode = 9, max = 5 }", "x"),
        ("{ dist = \"exponential\", mean = -2 }", "x.mean"),
        ("{ dist = \"normal\", mean = 0, sd = 1, min = 50 }", "x"),
        (
            "{ dist = \"empirical\", values = [1, 2], weights = [1] }",
            "x.weights",
        ),
        (
            "{ dist = \"empirical\", values = [1, 2], weights = [0, 0] }",
            "x.weights",
        ),
        ("nan", "x"),
    ];
    for (text, field) in cases {
        let e = Dist::compile(&parse(text), "x").expect_err(text);
        assert_eq!(e.field, field, "{text}: {e}");
        assert!(!e.fix.is_empty());
    }
}
