//! Each branch of the sentence on numbers whose reading is worked out by hand.
use super::*;

fn paired(mean: f64, se: f64, p_better: f64) -> Paired {
    Paired {
        mean,
        se,
        p_better,
        p_worse: 1.0 - p_better,
        years: 400,
    }
}

fn queue(service_level: f64, abandon_rate: f64, handled_calls_year: f64) -> QueueFacts {
    QueueFacts {
        service_level,
        abandon_rate,
        handled_calls_year,
    }
}

#[test]
fn paired_differences_by_hand() {
    // d = 1, 0, 2: mean 1, sd 1, s.e. 1/sqrt(3); better in 2 of 3 years, worse in none.
    let p = Paired::of(&[1.0, 2.0, 3.0], &[2.0, 2.0, 5.0]);
    assert_eq!(p.mean, 1.0);
    assert!((p.se - 1.0 / 3f64.sqrt()).abs() < 1e-12);
    assert!((p.p_better - 2.0 / 3.0).abs() < 1e-12);
    assert_eq!(p.p_worse, 0.0);
    assert_eq!(p.years, 3);
}

#[test]
fn more_agents_that_cost_money_but_answer_more_calls() {
    // 16 more agents: the team's profit falls by $202,458 a year while 100,000 more calls are
    // answered, so each would have to be worth $202,458 / 100,000 = $2.02 (rounded) more.
    let f = Facts {
        name: "staffed".into(),
        agents: (20, 36),
        per_agent: paired(-13_072.1, 120.0, 0.0),
        team: paired(-202_458.4, 4_500.0, 0.0),
        queue: Some((
            queue(0.2068, 0.3559, 400_000.0),
            queue(0.8294, 0.056, 500_000.0),
        )),
    };
    assert_eq!(
        sentence(&f),
        "Staffing 16 more agents (36 instead of 20) costs $13,072 per agent-year (team profit \
         falls by $202,458 a year) and lifts service level from 21% to 83% (abandoned calls 36% \
         to 5.6%); it pays only if each of the 100,000 more calls answered a year is worth more \
         than $2.02 to the business beyond its saves and up-sells."
    );
}

#[test]
fn a_plan_that_pays_and_one_that_does_not() {
    let pays = Facts {
        name: "Commission".into(),
        agents: (5, 5),
        per_agent: paired(1_250.4, 100.0, 0.93),
        team: paired(6_252.0, 500.0, 0.93),
        queue: None,
    };
    assert_eq!(
        sentence(&pays),
        "\u{201c}Commission\u{201d} adds $1,250 per agent-year; it pays: team profit is higher in \
         93.0% of the 400 simulated years."
    );
    let loses = Facts {
        per_agent: paired(-300.0, 10.0, 0.0),
        team: paired(-1_500.0, 50.0, 0.0),
        ..pays
    };
    assert_eq!(
        sentence(&loses),
        "\u{201c}Commission\u{201d} costs $300 per agent-year; on these assumptions it does not \
         pay on average (team profit is lower in every one of the 400 simulated years)."
    );
}

#[test]
fn a_difference_inside_the_noise_is_called_so() {
    // 2 s.e. = $100 > |$80|: not resolved, whichever sign it has.
    let f = Facts {
        name: "B".into(),
        agents: (3, 3),
        per_agent: paired(-80.0, 50.0, 0.45),
        team: paired(-240.0, 150.0, 0.45),
        queue: Some((queue(0.8, 0.05, 1000.0), queue(0.8, 0.05, 1000.0))),
    };
    assert_eq!(
        sentence(&f),
        "\u{201c}B\u{201d} changes profit per agent-year by less than the simulation can resolve \
         (-$80 ± $50) and leaves service level at 80% (abandoned calls 5.0% in both); \
         whether it pays is within the simulation's noise (team profit -$240 ± $150 a year)."
    );
}

#[test]
fn fewer_agents_that_earn_more_each_and_more_as_a_team() {
    let f = Facts {
        name: "lean".into(),
        agents: (36, 20),
        per_agent: paired(13_072.0, 120.0, 1.0),
        team: paired(202_458.0, 4_500.0, 1.0),
        queue: Some((
            queue(0.83, 0.056, 500_000.0),
            queue(0.207, 0.356, 400_000.0),
        )),
    };
    assert_eq!(
        sentence(&f),
        "Staffing 16 fewer agents (20 instead of 36) adds $13,072 per agent-year (team profit \
         rises by $202,458 a year) and lowers service level from 83% to 21% (abandoned calls 5.6% \
         to 36%); it pays: team profit is higher in every one of the 400 simulated years."
    );
}

#[test]
fn shares_read_as_finance_reads_them() {
    assert_eq!(pct(0.2068), "21%");
    assert_eq!(pct(0.056), "5.6%");
    assert_eq!(pct(0.974), "97.4%");
    assert_eq!(pct(0.9), "90%");
}
