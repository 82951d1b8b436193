"""The pure rules of marking: scoring-point maxima and marks, grader comparison, agreement."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from questionbank.grading import BadMarkError, combine_marks
from questionbank.marking import (
    Mark,
    agreement,
    grader_stats,
    is_all_or_nothing,
    point_maxima,
    sum_point_marks,
)
from questionbank.model import equal_shares


def test_point_maxima_split_the_points_and_the_last_takes_the_remainder():
    thirds = [p.share for p in equal_shares(["a", "b", "c"])]  # 0.3333, 0.3333, 0.3334
    assert point_maxima(thirds, D(5)) == (D("1.67"), D("1.67"), D("1.66"))
    assert point_maxima([D("0.25")] * 4, D(5)) == (D("1.25"),) * 4
    assert point_maxima([D("0.4"), D("0.6")], D(2)) == (D("0.80"), D("1.20"))
    assert point_maxima([], D(5)) == ()


def test_point_maxima_refuse_shares_that_leave_nothing():
    with pytest.raises(ValueError):
        point_maxima([D("0.6"), D("0.6"), D("0.001")], D(1))
    with pytest.raises(ValueError):
        point_maxima([D(0), D(1)], D(5))


@settings(max_examples=300)
@given(
    n=st.integers(1, 8),
    points=st.decimals(min_value=D("0.5"), max_value=D(20), places=2),
)
def test_point_maxima_always_add_up_to_the_points(n, points):
    shares = [p.share for p in equal_shares([str(i) for i in range(n)])]
    maxima = point_maxima(shares, points)
    assert sum(maxima) == points
    assert all(m >= 0 and m == m.quantize(D("0.01")) for m in maxima)


def test_small_points_are_all_or_nothing():
    assert is_all_or_nothing(D("1.00")) and is_all_or_nothing(D("0.5"))
    assert not is_all_or_nothing(D("1.25"))


def test_point_marks_sum_to_the_mark():
    maxima = (D("1.25"), D("1.25"), D("1.25"), D("1.25"))
    assert sum_point_marks([D("1.25"), D("0.5"), D(0), D("1")], maxima) == D("2.75")
    assert sum_point_marks([D(1), D(0)], (D(1), D(1))) == D(1)


def test_bad_point_marks_are_reported_per_point():
    maxima = (D("1.25"), D("1.00"), D("2.75"))
    with pytest.raises(BadMarkError) as caught:
        sum_point_marks([D("1.5"), D("0.5"), D("2.555")], maxima)
    fields = [p.field for p in caught.value.problems]
    assert fields == ["points[0]", "points[1]", "points[2]"]  # above, not whole, 3 decimals
    with pytest.raises(BadMarkError) as caught:
        sum_point_marks([D(1)], maxima)
    assert caught.value.problems[0].field == "points"


def test_grader_stats_show_a_lenient_and_a_harsh_marker():
    five = D(5)
    marks = [
        # answer a: g1 4, g2 2; answer b: g1 5, g3 5; answer c: g2 1, g3 2
        Mark("a", "g1", D(4), five),
        Mark("a", "g2", D(2), five),
        Mark("b", "g1", D(5), five),
        Mark("b", "g3", D(5), five),
        Mark("c", "g2", D(1), five),
        Mark("c", "g3", D(2), five),
        Mark("d", "g1", D("3.5"), five),  # not marked by anyone else yet
    ]
    stats = {s.grader: s for s in grader_stats(marks)}
    g1, g2, g3 = stats["g1"], stats["g2"], stats["g3"]
    assert (g1.marks, g1.mean, g1.mean_percent) == (3, D("4.17"), D("83.33"))  # 12.5 / 3
    assert (g1.paired, g1.bias, g1.spread) == (2, D("1.00"), D("1.00"))  # +2 and 0
    assert (g2.marks, g2.mean, g2.paired, g2.bias, g2.spread) == (
        2,
        D("1.50"),
        2,
        D("-1.50"),
        D("1.50"),
    )
    assert (g3.bias, g3.spread) == (D("0.50"), D("0.50"))  # 0 and +1
    assert list(stats) == ["g1", "g2", "g3"]


def test_a_grader_without_co_markers_has_no_bias():
    (only,) = grader_stats([Mark(1, "g", D(2), D(4))])
    assert (only.mean, only.mean_percent, only.paired, only.bias, only.spread) == (
        D("2.00"),
        D("50.00"),
        0,
        None,
        None,
    )


def test_agreement_counts_exactly_at_the_threshold_as_agreed():
    pairs = [(D(3), D(4)), (D(3), D("4.01")), (D(5), D(5)), (D(0), D(2))]
    result = agreement(pairs, D("1.0"))
    assert (result.pairs, result.agreed, result.rate) == (4, 2, D("50.00"))
    assert agreement([], D(1)).rate is None
    with pytest.raises(ValueError):
        agreement(pairs, D(-1))


@settings(max_examples=300)
@given(
    m1=st.decimals(min_value=0, max_value=10, places=2),
    m2=st.decimals(min_value=0, max_value=10, places=2),
    threshold=st.decimals(min_value=0, max_value=5, places=2),
)
def test_agreement_follows_combine_marks(m1, m2, threshold):
    agreed = agreement([(m1, m2)], threshold).agreed == 1
    assert agreed == (combine_marks(m1, m2, threshold) is not None)
