"""95% intervals for a count over a denominator, and for a proportion.

SPOs are not drawn one per offence from the offences they are set against (one offence can lead to
no order, an order can follow offences from earlier years), so a rate of SPOs per 100 offences is a
count over a denominator, not a proportion: the interval is the exact Poisson one on the count
(Garwood 1936), as public-health practice uses for such rates, with the denominator taken as fixed.
Granted per 100 applications is a proportion (a grant is one outcome of one application), so the
grant ratio keeps the Wilson score interval.
"""

from __future__ import annotations

import math
from collections.abc import Callable

Z95 = 1.959963984540054
ALPHA95 = 0.05


def _poisson_cdf(k: int, mean: float) -> float:
    """P(X <= k) for X ~ Poisson(mean), summed in log space so large counts do not overflow."""
    if mean <= 0:
        return 1.0
    log_mean = math.log(mean)
    return min(1.0, sum(math.exp(i * log_mean - mean - math.lgamma(i + 1)) for i in range(k + 1)))


def _root(f: Callable[[float], float], lo: float, hi: float) -> float:
    """Where a decreasing function crosses zero between lo and hi, by bisection."""
    for _ in range(200):
        mid = (lo + hi) / 2
        if f(mid) > 0:
            lo = mid
        else:
            hi = mid
        if hi - lo <= 1e-12 * max(1.0, hi):
            break
    return (lo + hi) / 2


def poisson_interval(count: int, alpha: float = ALPHA95) -> tuple[float, float]:
    """Garwood's exact interval for the mean of a Poisson count: (lower, upper).

    The lower bound is the mean at which a count this large or larger has probability alpha/2;
    the upper bound the mean at which one this small or smaller has alpha/2. At 0 the lower is 0.
    """
    if count < 0:
        raise ValueError(f"a count cannot be negative ({count})")
    top = count + 10 + 10 * math.sqrt(count + 1)  # far above any 95% upper bound
    upper = _root(lambda m: _poisson_cdf(count, m) - alpha / 2, 0.0, top)
    if count == 0:
        return 0.0, upper
    # P(X >= count) rises with the mean; _root wants a falling function, hence alpha/2 minus it.
    lower = _root(lambda m: alpha / 2 - (1 - _poisson_cdf(count - 1, m)), 0.0, float(count))
    return lower, upper


def rate_interval(count: int, denominator: float, alpha: float = ALPHA95) -> tuple[float, float]:
    """The exact Poisson interval of count per 100 of denominator."""
    if denominator <= 0:
        raise ValueError("the denominator must be positive")
    lo, hi = poisson_interval(count, alpha)
    return 100 * lo / denominator, 100 * hi / denominator


def wilson(x: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a proportion x/n, as proportions."""
    if n <= 0:
        raise ValueError("the denominator must be positive")
    if not 0 <= x <= n:
        raise ValueError(f"{x} is not between 0 and {n}")
    p = x / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    # At x = 0 or x = n the bound is exactly 0 or 1; rounding must not move it off.
    lo = 0.0 if x == 0 else max(0.0, centre - half)
    hi = 1.0 if x == n else min(1.0, centre + half)
    return lo, hi
