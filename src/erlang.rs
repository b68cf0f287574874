//! Closed forms for a single FCFS queue with Poisson arrivals and exponential handle times,
//! used to validate the queue simulation and to seed the staffing search.
//!
//! - Erlang C (M/M/N): A. K. Erlang (1917); in the form of G. Koole, "Call Center Optimization"
//!   (2013), ch. 4: with offered load a = lambda/mu < N, the probability of waiting is
//!   C(N, a) = N B / (N - a (1 - B)), B being Erlang B from the recursion
//!   B(0) = 1, B(n) = a B(n-1) / (n + a B(n-1)); the wait W satisfies
//!   P(W > t) = C exp(-(N mu - lambda) t), so the service level is 1 - C exp(-(N mu - lambda) t)
//!   and the mean wait (ASA) is C / (N mu - lambda).
//! - Erlang A (M/M/N+M, Palm 1943), with exponential patience at rate theta: the birth-death
//!   chain with births lambda and deaths min(j, N) mu + max(j - N, 0) theta has stationary
//!   weights pi_j proportional to a^j / j! for j <= N and pi_N prod_{k=1}^{j-N} lambda / (N mu +
//!   k theta) above; by PASTA an arrival waits with probability sum_{j >= N} pi_j, and the
//!   abandonment rate is theta E[queue] / lambda (Mandelbaum and Zeltyn, "The M/M/n+G queue:
//!   summary of performance measures", 2007). The sums are taken numerically until the terms
//!   vanish.
//! - Erlang A, per caller: an arrival that finds q callers queued ahead moves up one place at rate
//!   N mu + m theta while m are ahead (a service ends or one ahead hangs up) and hangs up itself
//!   at rate theta, so each of its q + 1 stages lasts Exp(N mu + k theta), k = 1..q+1, and it
//!   is answered with probability prod (N mu + m theta) / (N mu + (m+1) theta) = s / (s + q + 1),
//!   s = N mu / theta, independently of the stages' lengths. Its wait is then a sum of
//!   exponentials with rates theta (s + k), distributed as the (q+1)-th smallest of s + q + 1
//!   Exp(theta) lifetimes: P(wait <= t) = I_x(q + 1, s + 1), x = 1 - e^(-theta t), the
//!   regularized incomplete beta (for whole s the binomial tail; the beta form holds for any
//!   s > 0). Hence the service level (answered within t, over offered), the abandonment
//!   sum_q pi_(N+q) (q + 1) / (s + q + 1) and the answered callers' mean wait
//!   sum_q pi_(N+q) s / (s + q + 1) sum_k 1 / (N mu + k theta) / P(answered). The tests check
//!   them against an independent computation (the caller's absorbing chain solved by matrix
//!   exponential, and the offered-wait density of Mandelbaum and Zeltyn integrated numerically,
//!   `tests/reference/erlang_reference.py`).

/// Erlang B: the blocking probability with `n` servers and offered load `a` (Erlangs).
pub fn erlang_b(n: usize, a: f64) -> f64 {
    (1..=n).fold(1.0, |b, k| a * b / (k as f64 + a * b))
}

/// M/M/N measures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ErlangC {
    pub p_wait: f64,
    /// Mean wait of all calls (zero waits included), in the time unit of the rates.
    pub asa: f64,
    pub occupancy: f64,
}

/// `lambda` and `mu` per the same time unit; None when the queue is unstable (a >= n).
pub fn erlang_c(n: usize, lambda: f64, mu: f64) -> Option<ErlangC> {
    let a = lambda / mu;
    let nf = n as f64;
    // At full load (to rounding: 200 calls an hour of 180 s is 10 Erlangs, not 9.999...).
    if n == 0 || a >= nf * (1.0 - 1e-12) {
        return None;
    }
    let b = erlang_b(n, a);
    let p_wait = nf * b / (nf - a * (1.0 - b));
    Some(ErlangC {
        p_wait,
        asa: p_wait / (nf * mu - lambda),
        occupancy: a / nf,
    })
}

impl ErlangC {
    /// P(wait <= t), with t in the time unit of the rates.
    pub fn service_level(&self, n: usize, lambda: f64, mu: f64, t: f64) -> f64 {
        1.0 - self.p_wait * (-(n as f64 * mu - lambda) * t).exp()
    }
}

/// M/M/N+M measures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ErlangA {
    pub p_wait: f64,
    pub p_abandon: f64,
}

pub fn erlang_a(n: usize, lambda: f64, mu: f64, theta: f64) -> ErlangA {
    let m = erlang_a_measures(n, lambda, mu, theta, 0.0);
    ErlangA {
        p_wait: m.p_wait,
        p_abandon: m.abandon_rate,
    }
}

/// What a planner reads off an Erlang calculator for one number of agents on the phones.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measures {
    /// Share of offered calls that find every agent busy.
    pub p_wait: f64,
    /// Share of offered calls answered within the threshold (a caller who hangs up counts
    /// against it, whenever they hang up).
    pub service_level: f64,
    /// Mean wait of the answered calls, zero waits included, in the time unit of the rates;
    /// None when the queue grows without bound (Erlang C at or past full load).
    pub asa: Option<f64>,
    /// Share of offered calls that hang up before an answer.
    pub abandon_rate: f64,
    /// Busy share of the agents' time.
    pub occupancy: f64,
}

/// One queue's load: arrivals `lambda` and service `mu` per time unit and, for Erlang A, the
/// callers' patience rate `theta` (None: callers never hang up, Erlang C).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Load {
    pub lambda: f64,
    pub mu: f64,
    pub theta: Option<f64>,
}

impl Load {
    /// Offered load in Erlangs.
    pub fn erlangs(&self) -> f64 {
        self.lambda / self.mu
    }

    /// The measures with `n` agents and the service-level threshold `t` (time unit of the rates).
    pub fn measures(&self, n: usize, t: f64) -> Measures {
        match self.theta {
            Some(theta) => erlang_a_measures(n, self.lambda, self.mu, theta, t),
            None => match erlang_c(n, self.lambda, self.mu) {
                Some(c) => Measures {
                    p_wait: c.p_wait,
                    service_level: c.service_level(n, self.lambda, self.mu, t),
                    asa: Some(c.asa),
                    abandon_rate: 0.0,
                    occupancy: c.occupancy,
                },
                None => Measures {
                    p_wait: 1.0,
                    service_level: 0.0,
                    asa: None,
                    abandon_rate: 0.0,
                    occupancy: 1.0,
                },
            },
        }
    }

    /// The fewest agents whose service level within `t` is at least `target` (below 1); None
    /// past `MAX_AGENTS`. The service level grows with the agents (doubling, then bisection),
    /// and it cannot pass the share answered, so no fewer than `target` x the load can meet it.
    pub fn fewest_agents(&self, t: f64, target: f64) -> Option<usize> {
        let a = self.erlangs();
        let ok = |n: usize| self.measures(n, t).service_level >= target;
        let mut lo = ((a * target).floor() as usize).max(1) - 1; // fails (0 agents answer none)
        if self.theta.is_none() {
            lo = lo.max(a.floor() as usize); // Erlang C needs more agents than Erlangs
        }
        let mut step = 1;
        let mut hi = lo + step;
        while !ok(hi) {
            if hi >= MAX_AGENTS {
                return None;
            }
            lo = hi;
            step *= 2;
            hi = (lo + step).min(MAX_AGENTS);
        }
        while hi - lo > 1 {
            let mid = (lo + hi) / 2;
            if ok(mid) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        Some(hi)
    }
}

/// The most agents `Load::fewest_agents` tries.
pub const MAX_AGENTS: usize = 200_000;

/// Erlang A (M/M/N+M) with the service-level threshold `t`; see the module docs. The weights
/// pi_j / pi_N are summed below N (Erlang B's recursion) and above it until the geometric tail
/// is negligible, rescaled when they grow large (an overloaded queue).
pub fn erlang_a_measures(n: usize, lambda: f64, mu: f64, theta: f64, t: f64) -> Measures {
    let nmu = n as f64 * mu;
    let a = lambda / mu;
    // Sum over j < N of pi_j / pi_N = 1 / B(N, a) - 1.
    let mut below = if n == 0 {
        0.0
    } else {
        1.0 / erlang_b(n, a) - 1.0
    };
    if !below.is_finite() {
        // pi_N vanishes next to the states below it: nobody waits.
        return Measures {
            p_wait: 0.0,
            service_level: 1.0,
            asa: Some(0.0),
            abandon_rate: 0.0,
            occupancy: a / n as f64,
        };
    }
    let s = nmu / theta;
    let b = s + 1.0;
    let ln_x = (-(-theta * t).exp_m1()).ln(); // ln(1 - e^(-theta t)); -inf at t = 0
    let mut ln_d = ln_x + b * (-theta * t) + b.ln(); // ln of I_x(1, b) - I_x(2, b)
    let mut beta = -(-theta * t * b).exp_m1(); // I_x(1, b) = 1 - (1 - x)^b
    // Weighted sums over q = queued callers ahead: weight, answered, answered within t,
    // answered callers' wait, abandoned.
    let (mut above, mut answered, mut within, mut wait, mut abandoned) = (0.0, 0.0, 0.0, 0.0, 0.0);
    let (mut w, mut harmonic) = (1.0, 0.0);
    for q in 0usize.. {
        let qf = q as f64;
        let served = s / (s + qf + 1.0);
        harmonic += 1.0 / (nmu + (qf + 1.0) * theta);
        above += w;
        answered += w * served;
        within += w * served * beta.max(0.0);
        wait += w * served * harmonic;
        abandoned += w * (qf + 1.0) / (s + qf + 1.0);
        beta -= ln_d.exp();
        ln_d += ln_x + (qf + 1.0 + b).ln() - (qf + 2.0).ln();
        let r = lambda / (nmu + (qf + 1.0) * theta);
        w *= r;
        if r < 1.0 && w / (1.0 - r) < 1e-17 * (below + above) {
            break;
        }
        if above > 1e200 {
            for x in [
                &mut below,
                &mut above,
                &mut answered,
                &mut within,
                &mut wait,
                &mut abandoned,
                &mut w,
            ] {
                *x *= 1e-200;
            }
        }
    }
    let total = below + above;
    let abandon_rate = abandoned / total;
    Measures {
        p_wait: above / total,
        service_level: (below + within) / total,
        asa: Some(wait / (below + answered)),
        abandon_rate,
        occupancy: if n == 0 {
            0.0
        } else {
            lambda * (1.0 - abandon_rate) / nmu
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erlang_c_matches_published_values() {
        // The textbook example N = 10 servers, a = 8 Erlangs: C = 0.4092.
        let c = erlang_c(10, 8.0, 1.0).unwrap();
        assert!((c.p_wait - 0.409_17).abs() < 5e-5, "{}", c.p_wait);
        // One server: C = rho (M/M/1).
        assert!((erlang_c(1, 0.7, 1.0).unwrap().p_wait - 0.7).abs() < 1e-12);
        assert!(erlang_c(5, 5.0, 1.0).is_none());
    }

    #[test]
    fn erlang_a_tends_to_erlang_c_as_patience_grows() {
        let c = erlang_c(10, 8.0, 1.0).unwrap();
        let a = erlang_a(10, 8.0, 1.0, 1e-7);
        assert!(
            (a.p_wait - c.p_wait).abs() < 1e-4,
            "{} vs {}",
            a.p_wait,
            c.p_wait
        );
        assert!(a.p_abandon < 1e-5);
        // M/M/1+M with theta = mu is M/M/inf in disguise: P(wait) = 1 - e^-a.
        let one = erlang_a(1, 0.5, 1.0, 1.0);
        assert!((one.p_wait - (1.0 - (-0.5f64).exp())).abs() < 1e-12);
    }

    /// The classic example: 100 calls per 30 minutes at 180 s average handle time (10 Erlangs),
    /// 11 to 15 agents, service level within 20 s. References: the textbook sum formula
    /// C = (a^N / N! N / (N - a)) / (sum_{k<N} a^k / k! + a^N / N! N / (N - a)) evaluated in
    /// 30-digit mpmath, and pyworkforce 0.5.1's ErlangC agreeing to 1e-12
    /// (tests/reference/erlang_reference.py); P(wait) 68.2%, 44.9%, 28.5%, 17.4%, 10.2% and
    /// service level 39.0%, 64.0%, 79.6%, 88.8%, 94.1%, as the published example has them.
    #[test]
    fn erlang_c_reproduces_the_classic_example() {
        let load = Load {
            lambda: 200.0 / 3600.0,
            mu: 1.0 / 180.0,
            theta: None,
        };
        // agents, P(wait), service level within 20 s, ASA (s)
        let want = [
            (11, 0.682118204689332, 0.389613811729153, 122.78127684408),
            (12, 0.449388224298271, 0.640158040374007, 40.4449401868444),
            (13, 0.285270453036493, 0.795594788417783, 17.1162271821896),
            (14, 0.17413193359505, 0.888350019179467, 7.83593701177724),
            (15, 0.102042367007988, 0.941452842869022, 3.67352521228757),
        ];
        for (n, p_wait, sl, asa) in want {
            let m = load.measures(n, 20.0);
            assert!((m.p_wait - p_wait).abs() < 1e-12, "{n}: {m:?}");
            assert!((m.service_level - sl).abs() < 1e-12, "{n}: {m:?}");
            assert!((m.asa.unwrap() - asa).abs() < 1e-9, "{n}: {m:?}");
            assert!((m.occupancy - 10.0 / n as f64).abs() < 1e-15);
            assert_eq!(m.abandon_rate, 0.0);
        }
        // 13 agents give 79.6%, 14 give 88.8%: 14 meet 80/20.
        assert_eq!(load.fewest_agents(20.0, 0.8), Some(14));
        assert_eq!(load.fewest_agents(20.0, 0.7955), Some(13));
        // At or past full load the queue grows without bound.
        let full = load.measures(10, 20.0);
        assert_eq!(
            (full.p_wait, full.service_level, full.asa),
            (1.0, 0.0, None)
        );
    }

    /// Erlang A against an independent computation (tests/reference/erlang_reference.py): the
    /// birth-death chain in 30-digit mpmath, then the tagged caller's absorbing chain (its place
    /// in the queue; answered or hung up) solved by matrix exponential and inversion, agreeing
    /// to 1e-20 with the Mandelbaum-Zeltyn offered-wait density integrated by mpmath.quad.
    #[test]
    fn erlang_a_matches_an_independent_computation() {
        // agents, calls per hour, handle s, patience s, threshold s;
        // P(wait), service level, ASA of answered (s), abandonment, occupancy
        let cases = [
            (
                9,
                200.0,
                180.0,
                120.0,
                20.0,
                [
                    0.613307133249985,
                    0.5240660591899028,
                    20.94265291421924,
                    0.1921560380125868,
                    0.8976044022082369,
                ],
            ),
            (
                11,
                200.0,
                180.0,
                120.0,
                20.0,
                [
                    0.382816491479932,
                    0.7422089843893893,
                    9.7825175186691,
                    0.09415503423745646,
                    0.8234954234204941,
                ],
            ),
            (
                14,
                200.0,
                180.0,
                120.0,
                20.0,
                [
                    0.1269763400797954,
                    0.9327295806980597,
                    2.34537523415217,
                    0.02283928653181877,
                    0.697971938191558,
                ],
            ),
            (
                25,
                300.0,
                257.02,
                120.0,
                20.0,
                [
                    0.2094305060852227,
                    0.8853810488402021,
                    4.007187001627213,
                    0.03826585732017347,
                    0.8239496978385633,
                ],
            ),
            (
                210,
                3000.0,
                240.0,
                300.0,
                30.0,
                [
                    0.2605090335703107,
                    0.9805641738010794,
                    2.706348353320973,
                    0.00921753068654851,
                    0.9436023517270967,
                ],
            ),
        ];
        for (n, calls, handle, patience, t, want) in cases {
            let load = Load {
                lambda: calls / 3600.0,
                mu: 1.0 / handle,
                theta: Some(1.0 / patience),
            };
            let m = load.measures(n, t);
            let got = [
                m.p_wait,
                m.service_level,
                m.asa.unwrap(),
                m.abandon_rate,
                m.occupancy,
            ];
            for (g, w) in got.iter().zip(want.map(f64::from)) {
                // ASA is in seconds (tens): the same relative precision.
                let tol = 1e-9 * w.abs().max(1.0);
                assert!((g - w).abs() < tol, "{n} agents: {got:?} vs {want:?}");
            }
        }
    }

    /// The caller-by-caller abandonment equals the queue-length form theta E[queue] / lambda
    /// (Little), and the service level within 0 s is the share that does not wait.
    #[test]
    fn erlang_a_identities() {
        for (n, lambda, theta) in [
            (10, 8.0, 0.5),
            (10, 14.0, 2.0),
            (3, 1.0, 0.01),
            (1, 0.5, 1.0),
        ] {
            let m = erlang_a_measures(n, lambda, 1.0, theta, 0.0);
            let mut weights = vec![1.0f64];
            for j in 1..5000 {
                let death = j.min(n) as f64 + j.saturating_sub(n) as f64 * theta;
                weights.push(weights[j - 1] * lambda / death);
            }
            let total: f64 = weights.iter().sum();
            let queue: f64 = weights
                .iter()
                .enumerate()
                .skip(n)
                .map(|(j, w)| (j - n) as f64 * w)
                .sum();
            let p_wait: f64 = weights[n..].iter().sum::<f64>() / total;
            assert!(
                (m.abandon_rate - theta * queue / total / lambda).abs() < 1e-12,
                "{m:?}"
            );
            assert!((m.p_wait - p_wait).abs() < 1e-12, "{m:?}");
            assert!((m.service_level - (1.0 - p_wait)).abs() < 1e-12, "{m:?}");
        }
    }
}
