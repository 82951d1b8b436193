"""Cronbach's alpha, KR-20 and SEM: by hand, over the common structure of randomly drawn papers,
and against pandas on random matrices."""

from __future__ import annotations

import math
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from questionbank.model import QuestionType
from questionbank.stats.data import AttemptResult, ItemResult
from questionbank.stats.reliability import cronbach_alpha, kr20, reliability

D = Decimal
SINGLE, TF, SHORT = QuestionType.SINGLE, QuestionType.TRUEFALSE, QuestionType.SHORT

# totals 3 2 1 0: sample variance 5/3; item variances .25 + 1/3 + .25 = 5/6 → alpha = 3/2 × 1/2
MATRIX = [[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 0, 0]]


def test_alpha_and_kr20_by_hand():
    assert cronbach_alpha(MATRIX) == pytest.approx(0.75)
    # p = .75 .5 .25: Σpq = .625; population variance of totals = 5/4
    assert kr20(MATRIX) == pytest.approx(1.5 * (1 - 0.625 / 1.25))


def test_undefined_cases():
    assert cronbach_alpha([]) is None
    assert cronbach_alpha([[1, 0]]) is None  # one contestant
    assert cronbach_alpha([[1], [0]]) is None  # one item
    assert cronbach_alpha([[1, 1], [1, 1]]) is None  # totals do not vary
    assert kr20([[1, 1], [1, 1]]) is None
    with pytest.raises(ValueError):
        kr20([[1, 2], [0, 1]])
    with pytest.raises(ValueError):
        cronbach_alpha([[1, 2], [0]])


def build(attempt_id, rows):
    """A paper from (qid, section, position, type, points, score) rows."""
    items = tuple(
        ItemResult(qid, qid, qtype, D(points), D(score), None, None, 4, "", section, position)
        for qid, section, position, qtype, points, score in rows
    )
    return AttemptResult(attempt_id, items, sum((i.points for i in items), D(0)))


def test_slots_of_randomly_drawn_papers():
    # four papers with different questions (ids) but one structure: 2 single-choice items
    # (1 point) in section 0 and one true/false item (1 point) in section 1; each paper lists
    # its items out of order. The slot scores are MATRIX.
    attempts = []
    for n, (a, b, c) in enumerate(MATRIX):
        attempts.append(
            build(
                n,
                [
                    (100 + n, 1, 3, TF, 1, c),
                    (200 + 3 * n, 0, 2, SINGLE, 1, b),
                    (300 + 7 * n, 0, 1, SINGLE, 1, a),
                ],
            )
        )
    # a paper of another structure (a short answer) is left out and counted
    attempts.append(build(9, [(1, 0, 1, SINGLE, 1, 1), (2, 1, 2, SHORT, 5, 3)]))
    result = reliability(attempts)
    assert (result.n, result.excluded, result.slots) == (4, 1, 3)
    assert result.full_marks == D(3)
    assert result.alpha == pytest.approx(0.75)
    assert result.kr20 == pytest.approx(0.75) and result.kr20_slots == 3
    sd = math.sqrt(5 / 3)
    assert result.sd == pytest.approx(sd)
    assert result.sem == pytest.approx(sd * math.sqrt(0.25))
    assert result.error_ratio == pytest.approx(0.5)
    assert result.sem_100 == pytest.approx(sd * 0.5 * 100 / 3)
    # section 0 has two slots, columns (1 1 1 0) and (1 1 0 0): totals 2 2 1 0
    # variances 1/4 + 1/3, total variance 11/12 → alpha = 2 × (1 − 7/11)
    assert result.sections[0] == (0, 2, pytest.approx(2 * (1 - 7 / 11)))
    assert result.sections[1] == (1, 1, None)


def test_kr20_uses_only_right_or_wrong_slots():
    # a short answer and a partly scored multiple-choice item are not 0/1 items
    attempts = [
        AttemptResult(
            n,
            (
                ItemResult(1, 1, SINGLE, D(1), D(a), None, None, 4, "", 0, 1),
                ItemResult(2, 2, TF, D("0.5"), D(b) / 2, None, None, 0, "", 1, 2),
                ItemResult(
                    3, 3, QuestionType.MULTIPLE, D(2), D(c), None, None, 4, "", 2, 3, "partial"
                ),
                ItemResult(4, 4, SHORT, D(5), D(d), None, None, 0, "", 3, 4),
            ),
            D("8.5"),
        )
        for n, (a, b, c, d) in enumerate([(1, 1, 2, 5), (1, 0, 1, 3), (0, 1, 1, 2), (0, 0, 0, 1)])
    ]
    result = reliability(attempts)
    assert result.kr20_slots == 2
    assert result.kr20 == pytest.approx(kr20([[1, 1], [1, 0], [0, 1], [0, 0]]))
    assert result.alpha == pytest.approx(
        cronbach_alpha([[1, 0.5, 2, 5], [1, 0, 1, 3], [0, 0.5, 1, 2], [0, 0, 0, 1]])
    )


def test_no_papers():
    result = reliability([])
    assert result.n == 0 and result.alpha is None and result.sem is None and result.sem_100 is None


def pandas_alpha(rows):
    frame = pd.DataFrame(rows, dtype=float)
    k = frame.shape[1]
    return k / (k - 1) * (1 - frame.var(ddof=1).sum() / frame.sum(axis=1).var(ddof=1))


@settings(max_examples=150, deadline=None)
@given(
    st.integers(min_value=2, max_value=6).flatmap(
        lambda k: st.lists(
            st.lists(st.sampled_from([0, 0.5, 1, 2]), min_size=k, max_size=k),
            min_size=2,
            max_size=30,
        )
    )
)
def test_alpha_matches_pandas(rows):
    totals = np.array(rows).sum(axis=1)
    assume(totals.var() > 1e-9)
    assert cronbach_alpha(rows) == pytest.approx(pandas_alpha(rows), abs=1e-9)


@settings(max_examples=150, deadline=None)
@given(
    st.integers(min_value=2, max_value=6).flatmap(
        lambda k: st.lists(
            st.lists(st.sampled_from([0, 1]), min_size=k, max_size=k), min_size=2, max_size=30
        )
    )
)
def test_kr20_is_alpha_on_right_or_wrong_items(rows):
    totals = np.array(rows).sum(axis=1)
    assume(totals.var() > 1e-9)
    assert kr20(rows) == pytest.approx(cronbach_alpha(rows), abs=1e-9)
    assert kr20(rows) == pytest.approx(pandas_alpha(rows), abs=1e-9)
