use super::*;
use crate::rng;

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

/// Sample mean within 4 standard errors of the stated mean (fixed seed).
fn assert_mean(text: &str) {
    let d = dist(text);
    let mut r = rng::stream(7, 0, rng::key(text));
    let n = 200_000;
    let xs: Vec<f64> = (0..n).map(|_| d.sample(&mut r)).collect();
    let m = xs.iter().sum::<f64>() / n as f64;
    let sd = (xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1) as f64).sqrt();
    let se = sd / (n as f64).sqrt();
    assert!(
        (m - d.mean()).abs() <= 4.0 * se,
        "{text}: sample mean {m}, stated {}, se {se}",
        d.mean()
    );
    let (lo, hi) = d.support();
    assert!(
        xs.iter().all(|x| *x >= lo && *x <= hi),
        "{text}: draw outside support"
    );
}

#[test]
fn every_distribution_samples_its_stated_mean() {
    for text in [
        "{ dist = \"uniform\", min = 2, max = 5 }",
        "{ dist = \"triangular\", min = 0, mode = 1, max = 5 }",
        "{ dist = \"pert\", min = 0, mode = 1, max = 5 }",
        "{ dist = \"normal\", mean = 3, sd = 2 }",
        "{ dist = \"normal\", mean = 0.1, sd = 0.1, min = 0, max = 1 }",
        "{ dist = \"lognormal\", mean = 240, sd = 120 }",
        "{ dist = \"gamma\", shape = 2.5, scale = 3 }",
        "{ dist = \"exponential\", mean = 120 }",
        "{ dist = \"beta\", k = 57, n = 662 }",
        "{ dist = \"beta\", alpha = 2, beta = 5 }",
        "{ dist = \"poisson\", mean = 4.5 }",
        "{ dist = \"poisson\", mean = 250 }",
        "{ dist = \"empirical\", values = [1, 2, 10], weights = [3, 1, 1] }",
    ] {
        assert_mean(text);
    }
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
    assert!((half - (2.0 / std::f64::consts::PI).sqrt()).abs() < 1e-6);
    assert!(dist("3").is_fixed() && !dist("{ dist = \"exponential\", mean = 1 }").is_fixed());
}

#[test]
fn normal_cdf_matches_tables() {
    assert!((std_normal_cdf(0.0) - 0.5).abs() < 1e-7);
    assert!((std_normal_cdf(1.959_963_985) - 0.975).abs() < 1e-7);
    assert!((std_normal_cdf(-1.0) - 0.158_655_254).abs() < 1e-7);
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
