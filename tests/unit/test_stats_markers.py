"""Marker agreement: a hand-computed question and its graders, then ICC(1) against an ANOVA
computed with pandas on random marks."""

from __future__ import annotations

import math
from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from questionbank.stats.data import Mark
from questionbank.stats.markers import icc1, marker_report, pairs_of

D = Decimal


def mark(attempt, slot, grader, score, qid=7, points="5"):
    return Mark((attempt, 3), qid, D(points), slot, grader, D(score))


# question 7, worth 5:
#   answer  slot 1   slot 2      arbitrator
#   a1      g1 3     g2 3
#   a2      g1 4     g2 2        arb 3
#   a3      g2 1     g3 1.5
#   a4      g1 5     (none yet)
MARKS = [
    mark(1, 1, "g1", "3"),
    mark(1, 2, "g2", "3"),
    mark(2, 1, "g1", "4"),
    mark(2, 2, "g2", "2"),
    mark(2, 3, "arb", "3"),
    mark(3, 1, "g2", "1"),
    mark(3, 2, "g3", "1.5"),
    mark(4, 1, "g1", "5"),
]


def test_pairs_need_both_independent_marks():
    pairs = pairs_of(MARKS)
    assert [p.answer for p in pairs] == [(1, 3), (2, 3), (3, 3)]
    assert [p.arbitrated for p in pairs] == [False, True, False]


def test_question_agreement_by_hand():
    report = marker_report(MARKS)
    assert (report.pairs, report.arbitrated) == (3, 1)
    (q,) = report.questions
    assert q.question_id == 7 and q.pairs == 3 and q.arbitrated == 1
    assert q.exact == pytest.approx(1 / 3)
    assert q.mean_abs_diff == pytest.approx((0 + 2 + 0.5) / 3)
    assert q.mean_abs_diff_share == pytest.approx((0 + 2 + 0.5) / 3 / 5)
    # slot 1 = 3 4 1, slot 2 = 3 2 1.5: Σdadb = 7/6, Σda² = 14/3, Σdb² = 7/6 → r = 0.5
    assert q.correlation == pytest.approx(0.5)
    # as shares: (.6 .6) (.8 .4) (.2 .3): pair means .6 .6 .25, grand mean .48333…
    msb = 2 * ((0.6 - 1.45 / 3) ** 2 * 2 + (0.25 - 1.45 / 3) ** 2) / 2
    msw = (0 + 0.16 + 0.01) / 6
    assert q.icc == pytest.approx((msb - msw) / (msb + msw))


def test_grader_figures_by_hand():
    graders = {g.grader: g for g in marker_report(MARKS).graders}
    assert set(graders) == {"g1", "g2", "g3"}  # the arbitrator gives no independent marks
    g1 = graders["g1"]
    assert (g1.marks, g1.pairs, g1.arbitrated) == (3, 2, 1)
    # own .6 .8 against co-markers' .6 .4
    assert g1.mean == pytest.approx(0.7) and g1.co_mean == pytest.approx(0.5)
    assert g1.bias == pytest.approx(0.2)
    assert g1.bias_sd == pytest.approx(math.sqrt(0.08))
    assert g1.mean_abs_diff == pytest.approx(0.2)
    assert g1.spread_ratio == pytest.approx(1.0)
    g2 = graders["g2"]
    # own .6 .4 .2 against .6 .8 .3: differences 0, -.4, -.1
    assert (g2.marks, g2.pairs) == (3, 3)
    assert g2.bias == pytest.approx(-0.5 / 3)
    assert g2.mean_abs_diff == pytest.approx(0.5 / 3)
    assert g2.spread_ratio == pytest.approx(
        0.2 / math.sqrt(((0.6 - 17 / 30) ** 2 + (0.8 - 17 / 30) ** 2 + (0.3 - 17 / 30) ** 2) / 2)
    )
    g3 = graders["g3"]
    assert (g3.marks, g3.pairs) == (1, 1)
    assert g3.bias == pytest.approx(0.1)
    assert g3.bias_sd is None and g3.spread_ratio is None


def test_no_marks():
    report = marker_report([])
    assert report.pairs == 0 and report.questions == () and report.graders == ()


def anova_icc(pairs):
    frame = pd.DataFrame(
        [(i, v) for i, pair in enumerate(pairs) for v in pair], columns=["answer", "mark"]
    )
    n, k = len(pairs), 2
    grand = frame.mark.mean()
    means = frame.groupby("answer").mark.mean()
    ssb = k * ((means - grand) ** 2).sum()
    ssw = ((frame.mark - frame.answer.map(means)) ** 2).sum()
    msb, msw = ssb / (n - 1), ssw / (n * (k - 1))
    return (msb - msw) / (msb + (k - 1) * msw)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 10), st.integers(0, 10)).map(lambda p: (p[0] / 2, p[1] / 2)),
        min_size=2,
        max_size=40,
    )
)
def test_icc_matches_a_pandas_anova(pairs):
    values = [v for p in pairs for v in p]
    assume(max(values) > min(values))
    assert icc1(pairs) == pytest.approx(anova_icc(pairs), abs=1e-9)
