"""Independent references for callprofit's Erlang tests.

Erlang C: the textbook sum formula in 50-digit mpmath, checked against pyworkforce 0.5.1.
Erlang A (M/M/N+M): the birth-death chain's stationary distribution in mpmath, then the tagged
caller's absorbing chain (position in queue; served or abandoned) solved by matrix algebra:
P(served within t) by the matrix exponential, E[wait; served] = alpha (-T)^-2 r. A third
method, the Mandelbaum-Zeltyn virtual-wait density integrated by mpmath.quad, cross-checks.
"""
import mpmath as mp
from pyworkforce.queuing import ErlangC as PwErlangC

mp.mp.dps = 30


def erlang_c(n, calls_per_hour, aht, t):
    lam = mp.mpf(calls_per_hour) / 3600
    a = lam * aht
    top = a**n / mp.factorial(n) * n / (n - a)
    c = top / (mp.fsum(a**k / mp.factorial(k) for k in range(n)) + top)
    sl = 1 - c * mp.e ** (-(n - a) * t / aht)
    asa = c * aht / (n - a)
    return c, sl, asa, a / n


def erlang_a(n, calls_per_hour, aht, patience, t):
    lam = mp.mpf(calls_per_hour) / 3600
    mu = 1 / mp.mpf(aht)
    th = 1 / mp.mpf(patience)
    # stationary weights of the number in system
    qmax = 2000
    w = [mp.mpf(1)]
    for j in range(1, n + qmax + 1):
        death = min(j, n) * mu + max(j - n, 0) * th
        w.append(w[-1] * lam / death)
    tot = mp.fsum(w)
    pi = [x / tot for x in w]
    p_wait = mp.fsum(pi[n:])
    # tagged caller with q ahead: transient states position m = q..0; from m: to m-1 (or to
    # service from 0) at n mu + m th, abandons at th.
    Q = 1  # queue positions considered: until the stationary tail is below 1e-25
    while mp.fsum(pi[n + Q:]) > mp.mpf(10) ** -25:
        Q += 1
    size = Q
    T = mp.zeros(size, size)
    r = mp.zeros(size, 1)
    for m in range(size):
        adv = n * mu + m * th
        T[m, m] = -(adv + th)
        if m == 0:
            r[0] = adv
        else:
            T[m, m - 1] = adv
    alpha = mp.zeros(1, size)
    for q in range(size):
        alpha[0, q] = pi[n + q]
    inv = mp.inverse(-T)
    served_queue = (alpha * inv * r)[0]
    e = mp.expm(T * t)
    served_within = (alpha * (mp.eye(size) - e) * inv * r)[0]
    wait_served = (alpha * inv * inv * r)[0]
    p_now = mp.fsum(pi[:n])
    p_served = p_now + served_queue
    p_ab = 1 - p_served
    sl = p_now + served_within
    asa = wait_served / p_served
    occ = lam * p_served / (n * mu)
    return p_wait, sl, asa, p_ab, occ, (lam, mu, th, pi)


def mz_check(n, lam, mu, th, t, pi):
    """Mandelbaum and Zeltyn (2007): offered-wait density f(x) = c exp(lam H(x) - n mu x) for
    x > 0, H(x) = (1 - exp(-th x)) / th, with c fixed by P(V > 0) = P(wait)."""
    f = lambda x: mp.e ** (lam * (1 - mp.e ** (-th * x)) / th - n * mu * x)
    p_wait = mp.fsum(pi[n:])
    c = p_wait / mp.quad(f, [0, mp.inf])
    sl = mp.fsum(pi[:n]) + c * mp.quad(lambda x: f(x) * mp.e ** (-th * x), [0, t])
    ab = c * mp.quad(lambda x: f(x) * (1 - mp.e ** (-th * x)), [0, mp.inf])
    ws = c * mp.quad(lambda x: x * f(x) * mp.e ** (-th * x), [0, mp.inf])
    return sl, ab, ws / (1 - ab)


print("Erlang C: 100 calls per 30 minutes (200 an hour), 180 s handle, within 20 s")
for n in range(11, 16):
    c, sl, asa, occ = erlang_c(n, 200, 180, 20)
    pw = PwErlangC(transactions=100, aht=3, asa=20 / 60, interval=30)
    assert abs(pw.waiting_probability(n) - float(c)) < 1e-12
    assert abs(pw.service_level(n) - float(sl)) < 1e-12
    print(f"  {n}: p_wait {mp.nstr(c, 15)}  sl {mp.nstr(sl, 15)}  asa {mp.nstr(asa, 15)}  occ {mp.nstr(occ, 15)}")

for (n, cph, aht, pat, t) in [(9, 200, 180, 120, 20), (11, 200, 180, 120, 20), (14, 200, 180, 120, 20),
                             (25, 300, 257.02, 120, 20), (210, 3000, 240, 300, 30)]:
    p_wait, sl, asa, ab, occ, (lam, mu, th, pi) = erlang_a(n, cph, aht, pat, t)
    sl2, ab2, asa2 = mz_check(n, lam, mu, th, t, pi)
    assert abs(sl - sl2) < 1e-20 and abs(ab - ab2) < 1e-20 and abs(asa - asa2) < 1e-12, (sl, sl2, ab, ab2, asa, asa2)
    print(f"Erlang A n={n} calls/h={cph} aht={aht} patience={pat} t={t}:")
    print(f"  p_wait {mp.nstr(p_wait, 16)} sl {mp.nstr(sl, 16)} asa {mp.nstr(asa, 16)} ab {mp.nstr(ab, 16)} occ {mp.nstr(occ, 16)}")
