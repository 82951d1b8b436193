"""Item statistics: a small stage computed by hand (with shuffled options mapped back to the
original keys), then facility, discrimination, item-rest correlation and discriminative
efficiency against an independent pandas/numpy computation on random stages."""

from __future__ import annotations

import math
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from questionbank.answers import to_original
from questionbank.model import QuestionType
from questionbank.stats.data import AttemptResult, ItemResult
from questionbank.stats.items import (
    discrimination_index,
    displayed_key,
    item_statistics,
    position_bias,
    tail_weights,
)

D = Decimal
SINGLE, MULTIPLE, TF, SHORT = (
    QuestionType.SINGLE,
    QuestionType.MULTIPLE,
    QuestionType.TRUEFALSE,
    QuestionType.SHORT,
)


def paper(attempt_id: int, *items: ItemResult) -> AttemptResult:
    return AttemptResult(attempt_id, tuple(items), sum((i.points for i in items), D(0)))


def short(qid: int, score: str, points: str = "4", section: int = 1, position: int = 2):
    return ItemResult(
        qid, qid * 10, SHORT, D(points), D(score), "text", None, 0, "", section, position
    )


# Five contestants. Question 1 (single choice, key A, 1 point) is shown with its options in a
# different order to each; question 2 (a short answer worth 4) is "the rest of the paper".
#   contestant  order  clicked (shown)  original  q1  q2  total/5
#   c1          BCAD   C                A         1   4   1.0
#   c2          ABCD   A                A         1   3   0.8
#   c3          DCBA   C                B         0   3   0.6
#   c4          CADB   B                A         1   1   0.4
#   c5          CDAB   A                C         0   0   0.0
HAND = [
    ("BCAD", "C", "1", "4"),
    ("ABCD", "A", "1", "3"),
    ("DCBA", "C", "0", "3"),
    ("CADB", "B", "1", "1"),
    ("CDAB", "A", "0", "0"),
]


def hand_stage() -> list[AttemptResult]:
    attempts = []
    for n, (order, clicked, q1, q2) in enumerate(HAND, start=1):
        response = to_original(SINGLE, clicked, tuple(order))
        item = ItemResult(1, 11, SINGLE, D(1), D(q1), response, "A", 4, order, 0, 1)
        attempts.append(paper(n, item, short(2, q2)))
    return attempts


def test_shown_keys_map_back_to_original_options():
    assert [a.items[0].response for a in hand_stage()] == ["A", "A", "B", "A", "C"]
    assert displayed_key("A", "BCAD") == "C"
    assert displayed_key("A", "") == "A"
    with pytest.raises(ValueError):
        displayed_key("E", "ABCD")


def test_hand_computed_item_statistics():
    stats = {s.question_id: s for s in item_statistics(hand_stage())}
    q1 = stats[1]
    assert q1.n == 5 and q1.versions == (11,) and q1.points == (D(1),)
    assert q1.facility == pytest.approx(0.6)
    assert q1.mean_score == pytest.approx(0.6)
    assert q1.sd == pytest.approx(math.sqrt(1.2 / 4))
    # 27% of 5 = 1.35: upper = c1 (1) + 0.35 × c2 (1); lower = c5 (0) + 0.35 × c4 (1)
    assert q1.upper_facility == pytest.approx(1.0)
    assert q1.lower_facility == pytest.approx(0.35 / 1.35)
    assert q1.discrimination == pytest.approx(1 - 0.35 / 1.35)
    # x = 1 1 0 1 0, rest = q2 / 4 = 1 .75 .75 .25 0: Σdxdr = .35, Σdx² = 1.2, Σdr² = .675
    assert q1.item_rest == pytest.approx(0.35 / math.sqrt(1.2 * 0.675))
    # sorted pairs: Σ = .33 + .18 + .08 + .08 + .18 = .85
    assert q1.efficiency == pytest.approx(0.35 / 0.85)
    options = {o.key: o for o in q1.options}
    assert [(o.key, o.is_key, o.count) for o in q1.options] == [
        ("A", True, 3),
        ("B", False, 1),
        ("C", False, 1),
        ("D", False, 0),
    ]
    assert options["A"].share == pytest.approx(0.6)
    assert options["A"].rest_mean == pytest.approx((1 + 0.75 + 0.25) / 3)
    assert options["B"].rest_mean == pytest.approx(0.75)
    assert options["D"].rest_mean is None and options["D"].correlation is None
    assert options["A"].correlation == pytest.approx(q1.item_rest)
    # by the letter shown: c1 C, c2 A, c3 C, c4 B, c5 A
    assert q1.positions == (("A", 2), ("B", 1), ("C", 2))
    assert q1.omitted == 0
    q2 = stats[2]
    assert q2.options == () and q2.facility == pytest.approx((4 + 3 + 3 + 1 + 0) / 20)


def test_position_bias_counts_displayed_letters():
    bias = position_bias(hand_stage())
    assert bias.letters == ("A", "B", "C", "D")
    assert bias.answers == (2, 1, 2, 0)
    # the key A was shown as C, A, D, B, C
    assert bias.keys == (1, 1, 2, 1)
    assert bias.answer_shares == pytest.approx((0.4, 0.2, 0.4, 0.0))


def test_tail_weights_share_ties():
    lower, upper = tail_weights([1, 2, 2, 2, 5])
    # 1.35 places: the lowest takes 1, the three 2s share the remaining 0.35
    assert lower == pytest.approx([1, 0.35 / 3, 0.35 / 3, 0.35 / 3, 0])
    assert upper == pytest.approx([0, 0.35 / 3, 0.35 / 3, 0.35 / 3, 1])
    assert sum(lower) == pytest.approx(1.35)
    with pytest.raises(ValueError):
        tail_weights([1, 2], share=0.6)


def test_discrimination_with_all_tied_is_zero_and_needs_two():
    assert discrimination_index([1, 0, 1, 0], [0.5] * 4)[0] == pytest.approx(0)
    assert discrimination_index([1], [1]) == (None, None, None)


def test_multiple_and_truefalse_options():
    key = ["A", "C"]
    multi = [["A", "C"], ["A"], ["B", "C"], None]
    tf = [True, False, False, None]
    attempts = []
    for n, (m, t) in enumerate(zip(multi, tf, strict=True), start=1):
        m_score = {0: "2", 1: "1"}.get(n - 1, "0")
        t_score = "0.5" if t is False else "0"
        attempts.append(
            paper(
                n,
                ItemResult(5, 50, MULTIPLE, D(2), D(m_score), m, key, 4, "DCBA", 1, 1, "partial"),
                ItemResult(6, 60, TF, D("0.5"), D(t_score), t, False, 0, "", 2, 2),
                short(2, str(n)),
            )
        )
    stats = {s.question_id: s for s in item_statistics(attempts)}
    m = stats[5]
    assert [(o.key, o.is_key, o.count) for o in m.options] == [
        ("A", True, 2),
        ("B", False, 1),
        ("C", True, 2),
        ("D", False, 0),
    ]
    assert [o.share for o in m.options] == [0.5, 0.25, 0.5, 0.0]
    assert m.omitted == 1
    assert m.facility == pytest.approx((1 + 0.5 + 0 + 0) / 4)
    # shown letters with order DCBA: A→D, C→B, B→C
    assert dict(m.positions) == {"D": 2, "B": 2, "C": 1}
    t = stats[6]
    assert [(o.key, o.is_key, o.count) for o in t.options] == [
        ("true", False, 1),
        ("false", True, 2),
    ]
    assert t.positions == ()


# --------------------------------------------------------------------------- random stages


def independent(frame: pd.DataFrame, qid: int) -> dict[str, float | None]:
    """The statistics of one question computed another way: pandas ranks for the 27% groups
    (each member of a block of equal totals holds an equal part of its places), numpy for the
    correlations."""
    rows = frame[frame.qid == qid]
    x = (rows.score / rows.points).to_numpy(dtype=float)
    total = (rows.raw / rows.full).to_numpy(dtype=float)
    rest = ((rows.raw - rows.score) / (rows.full - rows.points)).to_numpy(dtype=float)
    n = len(x)
    g = 0.27 * n

    def weights(values: np.ndarray) -> np.ndarray:
        s = pd.Series(values)
        start = s.rank(method="min").to_numpy() - 1
        size = s.map(s.value_counts()).to_numpy()
        return np.clip(g - start, 0, size) / size

    low_w, up_w = weights(total), weights(-total)
    d = (up_w @ x) / up_w.sum() - (low_w @ x) / low_w.sum() if n >= 2 else None
    r = None
    if n >= 2 and x.std() > 0 and rest.std() > 0:
        r = float(np.corrcoef(x, rest)[0, 1])
    eff = None
    if n >= 2:
        cov_max = np.cov(np.sort(x), np.sort(rest))[0, 1]
        if cov_max > 1e-15:
            eff = float(np.cov(x, rest)[0, 1] / cov_max)
    return {"facility": float(x.mean()), "d": d, "r": r, "eff": eff}


@st.composite
def stages(draw):
    pool = draw(st.integers(min_value=3, max_value=8))
    per_paper = draw(st.integers(min_value=2, max_value=min(4, pool)))
    papers = draw(st.integers(min_value=2, max_value=25))
    attempts = []
    for n in range(papers):
        qids = draw(st.permutations(range(1, pool + 1)))[:per_paper]
        items = []
        for position, qid in enumerate(qids, start=1):
            points = D(qid % 3 + 1)
            score = draw(st.sampled_from([D(0), points / 2, points]))
            items.append(
                ItemResult(qid, qid, MULTIPLE, points, score, ["A"], ["A"], 4, "", 0, position)
            )
        attempts.append(paper(n, *items))
    return attempts


@settings(max_examples=120, deadline=None)
@given(stages())
def test_item_statistics_match_an_independent_computation(attempts):
    frame = pd.DataFrame(
        [
            {
                "qid": i.question_id,
                "score": float(i.score),
                "points": float(i.points),
                "raw": float(a.raw),
                "full": float(a.full_marks),
            }
            for a in attempts
            for i in a.items
        ]
    )
    for stats in item_statistics(attempts):
        expected = independent(frame, stats.question_id)
        assert stats.n == len(frame[frame.qid == stats.question_id])
        assert stats.facility == pytest.approx(expected["facility"], abs=1e-9)
        for ours, theirs in (
            (stats.discrimination, expected["d"]),
            (stats.item_rest, expected["r"]),
            (stats.efficiency, expected["eff"]),
        ):
            if theirs is None:
                assert ours is None
            else:
                assert ours == pytest.approx(theirs, abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(stages(), st.randoms(use_true_random=False))
def test_input_order_never_matters(attempts, rnd):
    shuffled = [
        AttemptResult(a.attempt_id, tuple(rnd.sample(a.items, len(a.items))), a.full_marks)
        for a in rnd.sample(attempts, len(attempts))
    ]
    assert item_statistics(shuffled) == item_statistics(attempts)
