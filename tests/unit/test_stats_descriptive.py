"""Summary figures, histograms and correlations: hand-computed cases, then numpy on random data."""

from __future__ import annotations

import math
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from questionbank.stats.descriptive import (
    covariance,
    even_edges,
    histogram,
    pearson,
    quantile,
    sample_sd,
    summarize,
)

scores = st.lists(
    st.decimals(min_value=0, max_value=100, places=2, allow_nan=False), min_size=1, max_size=60
)


def test_summary_by_hand():
    s = summarize([2, 4, 4, 4, 5, 5, 7, 9])
    assert s.n == 8
    assert s.mean == 5
    # squared deviations 9+1+1+1+0+0+4+16 = 32, divided by n - 1 = 7
    assert s.sd == pytest.approx(math.sqrt(32 / 7))
    assert (s.min, s.max) == (2, 9)
    # type 7: h = 7 × p → q1 at 1.75 (4, 4), median at 3.5 (4, 5), q3 at 5.25 (5, 7)
    assert (s.q1, s.median, s.q3) == (4, 4.5, 5.5)


def test_summary_of_decimals_and_edge_cases():
    s = summarize([Decimal("62.50"), Decimal("80.00"), Decimal("71.25")])
    assert s.mean == pytest.approx(213.75 / 3)
    assert s.median == 71.25
    one = summarize([Decimal("42")])
    assert (one.n, one.mean, one.sd, one.median, one.q1, one.q3) == (1, 42, None, 42, 42, 42)
    empty = summarize([])
    assert empty.n == 0 and empty.mean is None and empty.as_dict()["median"] is None


def test_quantile_bounds():
    assert quantile([1.0, 2.0], 0) == 1 and quantile([1.0, 2.0], 1) == 2
    assert quantile([], 0.5) is None
    with pytest.raises(ValueError):
        quantile([1.0], 1.5)


def test_histogram_bins_by_hand():
    bins = histogram([0, 5, 10, 99.99, 100, 100, -1, 101, 45], even_edges(0, 100, 10))
    assert [b.count for b in bins] == [2, 1, 0, 0, 1, 0, 0, 0, 0, 3]
    assert (bins[0].low, bins[0].high, bins[-1].low, bins[-1].high) == (0, 10, 90, 100)
    with pytest.raises(ValueError):
        histogram([1], [0])
    with pytest.raises(ValueError):
        histogram([1], [0, 5, 5])


def test_pearson_and_covariance_by_hand():
    # dx = -1, 0, 1; dy = -7/3, -1/3, 8/3: Σdxdy = 5, Σdx² = 2, Σdy² = 114/9
    assert pearson([1, 2, 3], [2, 4, 7]) == pytest.approx(5 / math.sqrt(2 * 114 / 9))
    assert covariance([1, 2, 3], [2, 4, 7]) == pytest.approx(5 / 2)
    assert pearson([1, 1, 1], [1, 2, 3]) is None
    assert pearson([1], [2]) is None and covariance([1], [2]) is None
    assert pearson([1, 2], [2, 1]) == pytest.approx(-1)
    with pytest.raises(ValueError):
        pearson([1, 2], [1])


@settings(max_examples=150, deadline=None)
@given(scores)
def test_summary_matches_numpy(values):
    xs = np.array([float(v) for v in values])
    s = summarize(values)
    assert s.n == len(xs)
    assert s.mean == pytest.approx(xs.mean(), abs=1e-9)
    assert s.median == pytest.approx(np.median(xs), abs=1e-9)
    assert s.q1 == pytest.approx(np.percentile(xs, 25), abs=1e-9)
    assert s.q3 == pytest.approx(np.percentile(xs, 75), abs=1e-9)
    assert (s.min, s.max) == (xs.min(), xs.max())
    if len(xs) > 1:
        assert s.sd == pytest.approx(xs.std(ddof=1), abs=1e-9)
        assert sample_sd(list(xs)) == pytest.approx(xs.std(ddof=1), abs=1e-9)
    else:
        assert s.sd is None


@settings(max_examples=150, deadline=None)
@given(scores, st.integers(min_value=1, max_value=20))
def test_histogram_matches_numpy(values, bins):
    edges = even_edges(0, 100, bins)
    ours = [b.count for b in histogram(values, edges)]
    theirs, _ = np.histogram([float(v) for v in values], bins=np.array(edges))
    assert ours == list(theirs)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 10), st.integers(0, 10)),
        min_size=2,
        max_size=40,
    )
)
def test_pearson_matches_numpy(pairs):
    xs = [float(a) for a, _ in pairs]
    ys = [float(b) for _, b in pairs]
    r = pearson(xs, ys)
    if np.std(xs) == 0 or np.std(ys) == 0:
        assert r is None
    else:
        assert r == pytest.approx(np.corrcoef(xs, ys)[0, 1], abs=1e-9)
    assert covariance(xs, ys) == pytest.approx(np.cov(xs, ys)[0, 1], abs=1e-9)
