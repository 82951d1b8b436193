"""Describing a set of scores: summary figures and histograms.

Conventions (the same everywhere in :mod:`questionbank.stats`):

* **mean** = Σx / n.
* **SD** is the *sample* standard deviation, ``sqrt(Σ(x − mean)² / (n − 1))``, as Moodle's
  quiz statistics report it; ``None`` for fewer than two values.
* **median and quartiles** interpolate linearly between order statistics (Hyndman & Fan
  type 7, the default of numpy, pandas and spreadsheets): the p-quantile of the sorted values
  ``x[0] … x[n−1]`` is ``x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋])`` with ``h = (n − 1)p``.
* **histograms** count ``edges[i] ≤ x < edges[i+1]``; the last bin also holds its upper edge,
  so a score of 100 falls in 90–100 (numpy's rule).

Scores come in as Decimal (or anything ``float()`` accepts); the figures are floats.
"""

from __future__ import annotations

import bisect
import itertools
import math
import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Summary:
    """Summary figures of a set of scores (every figure ``None`` when the set is empty)."""

    n: int
    mean: float | None = None
    sd: float | None = None
    min: float | None = None
    q1: float | None = None
    median: float | None = None
    q3: float | None = None
    max: float | None = None

    def as_dict(self) -> dict[str, float | int | None]:
        """The figures by name (for JSON and spreadsheets)."""
        return {
            "n": self.n,
            "mean": self.mean,
            "sd": self.sd,
            "min": self.min,
            "q1": self.q1,
            "median": self.median,
            "q3": self.q3,
            "max": self.max,
        }


@dataclass(frozen=True)
class Bin:
    """One histogram bar: ``low ≤ x < high`` (``≤ high`` for the last one)."""

    low: float
    high: float
    count: int


def mean(values: Sequence[float]) -> float | None:
    """The arithmetic mean, ``None`` for no values."""
    return math.fsum(values) / len(values) if values else None


def sample_sd(values: Sequence[float]) -> float | None:
    """The sample standard deviation (divisor n − 1), ``None`` for fewer than two values."""
    n = len(values)
    if n < 2:
        return None
    m = math.fsum(values) / n
    return math.sqrt(math.fsum((x - m) ** 2 for x in values) / (n - 1))


def quantile(sorted_values: Sequence[float], p: float) -> float | None:
    """The ``p``-quantile (0 ≤ p ≤ 1) of already sorted values by linear interpolation
    (type 7, see the module docstring); ``None`` for no values.

    :raises ValueError: if ``p`` is outside [0, 1].
    """
    if not 0 <= p <= 1:
        raise ValueError(f"a quantile is between 0 and 1, not {p}")
    n = len(sorted_values)
    if n == 0:
        return None
    h = (n - 1) * p
    low = math.floor(h)
    high = min(low + 1, n - 1)
    return sorted_values[low] + (h - low) * (sorted_values[high] - sorted_values[low])


def summarize(values: Iterable[Decimal | float | int]) -> Summary:
    """Count, mean, sample SD, minimum, quartiles and maximum of ``values``."""
    xs = sorted(float(v) for v in values)
    if not xs:
        return Summary(0)
    return Summary(
        n=len(xs),
        mean=mean(xs),
        sd=sample_sd(xs),
        min=xs[0],
        q1=quantile(xs, 0.25),
        median=quantile(xs, 0.5),
        q3=quantile(xs, 0.75),
        max=xs[-1],
    )


def histogram(values: Iterable[Decimal | float | int], edges: Sequence[float]) -> list[Bin]:
    """Counts of ``values`` in the bins between consecutive ``edges`` (see the module
    docstring for the bin rule); values outside ``[edges[0], edges[-1]]`` are not counted.

    :raises ValueError: if there are fewer than two edges or they do not increase.
    """
    if len(edges) < 2 or any(b <= a for a, b in itertools.pairwise(edges)):
        raise ValueError("a histogram needs two or more increasing edges")
    counts = [0] * (len(edges) - 1)
    last = len(counts) - 1
    for value in values:
        x = float(value)
        if x < edges[0] or x > edges[-1]:
            continue
        # the bin whose lower edge is the largest edge ≤ x (the top edge joins the last bin)
        counts[min(bisect.bisect_right(edges, x) - 1, last)] += 1
    return [Bin(float(edges[i]), float(edges[i + 1]), count) for i, count in enumerate(counts)]


def even_edges(low: float, high: float, bins: int) -> list[float]:
    """``bins + 1`` evenly spaced edges from ``low`` to ``high`` (0–100 in tens: 11 edges).

    :raises ValueError: unless ``bins ≥ 1`` and ``high > low``.
    """
    if bins < 1 or not high > low:
        raise ValueError("even_edges needs bins ≥ 1 and high > low")
    step = (high - low) / bins
    return [low + i * step for i in range(bins)] + [float(high)]


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's correlation of paired values, ``None`` when fewer than two pairs or either
    side does not vary (the correlation is undefined then).

    :raises ValueError: if the sequences differ in length.
    """
    if len(xs) != len(ys):
        raise ValueError("pearson needs pairs")
    n = len(xs)
    if n < 2:
        return None
    mx, my = math.fsum(xs) / n, math.fsum(ys) / n
    dx = [x - mx for x in xs]
    dy = [y - my for y in ys]
    sxx = math.fsum(map(operator.mul, dx, dx))
    syy = math.fsum(map(operator.mul, dy, dy))
    if sxx <= 0 or syy <= 0:
        return None
    sxy = math.fsum(map(operator.mul, dx, dy))
    # rounding can push |r| a hair past 1 for perfectly correlated data
    return max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))


def covariance(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """The sample covariance (divisor n − 1) of paired values, ``None`` for fewer than two.

    :raises ValueError: if the sequences differ in length.
    """
    if len(xs) != len(ys):
        raise ValueError("covariance needs pairs")
    n = len(xs)
    if n < 2:
        return None
    mx, my = math.fsum(xs) / n, math.fsum(ys) / n
    return math.fsum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / (n - 1)
