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
    if n == 0 || a >= nf {
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
    let a = lambda / mu;
    // Weights relative to pi_N, below N (downwards) and above N (upwards).
    let mut below = 0.0;
    let mut w = 1.0;
    for j in (1..=n).rev() {
        w *= j as f64 / a;
        below += w;
    }
    let (mut above, mut queue) = (1.0, 0.0); // sum over j >= N, and sum of (j - N) pi_j
    let mut w = 1.0;
    for k in 1.. {
        w *= lambda / (n as f64 * mu + k as f64 * theta);
        above += w;
        queue += k as f64 * w;
        if w < 1e-18 * above && k as f64 * theta > lambda {
            break;
        }
    }
    let total = below + above;
    ErlangA {
        p_wait: above / total,
        p_abandon: theta * queue / total / lambda,
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
}
