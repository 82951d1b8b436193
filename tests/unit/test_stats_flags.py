"""Flags: each threshold at and around its limit, the key check, unused distractors, settings."""

from __future__ import annotations

from decimal import Decimal

import pytest

from questionbank.model import QuestionType
from questionbank.stats.flags import (
    FEW,
    NEGATIVE,
    TOO_EASY,
    TOO_HARD,
    UNUSED,
    WEAK,
    WRONG_KEY,
    FlagThresholds,
    is_flagged,
    item_flags,
    with_flags,
)
from questionbank.stats.items import ItemStats, OptionStat


def options(counts: dict[str, int], keys: str, n: int = 20) -> tuple[OptionStat, ...]:
    return tuple(OptionStat(k, k in keys, c, c / n, None, None) for k, c in counts.items())


def stats(
    facility=0.6,
    d=0.4,
    n=20,
    qtype=QuestionType.SINGLE,
    opts=None,
) -> ItemStats:
    if opts is None and qtype is QuestionType.SINGLE:
        opts = options({"A": 12, "B": 4, "C": 3, "D": 1}, "A", n)
    return ItemStats(
        question_id=1,
        qtype=qtype,
        n=n,
        versions=(1,),
        points=(Decimal(1),),
        sections=(0,),
        mean_score=facility,
        facility=facility,
        sd=0.5,
        discrimination=d,
        upper_facility=None,
        lower_facility=None,
        item_rest=d,
        efficiency=None,
        options=opts or (),
    )


def codes(item, thresholds=None):
    return [f.code for f in item_flags(item, thresholds)]


def test_a_good_question_has_no_flag():
    assert codes(stats()) == []
    assert not is_flagged(with_flags([stats()])[0])


@pytest.mark.parametrize(
    ("facility", "expected"),
    [(0.91, [TOO_EASY]), (0.9, []), (0.2, []), (0.19, [TOO_HARD])],
)
def test_facility_limits_are_strict(facility, expected):
    assert codes(stats(facility=facility)) == expected


@pytest.mark.parametrize(
    ("d", "expected"),
    [(0.2, []), (0.19, [WEAK]), (0.0, [WEAK]), (-0.01, [NEGATIVE]), (None, [])],
)
def test_discrimination_limits(d, expected):
    assert codes(stats(d=d)) == expected


def test_likely_wrong_key_and_its_message():
    item = stats(opts=options({"A": 3, "B": 12, "C": 4, "D": 1}, "A"))
    (flag,) = item_flags(item)
    assert flag.code == WRONG_KEY
    assert flag.text() == "key option A was chosen by 15% but distractor B by 60%: check the key"
    assert flag.text(lambda s: s.replace("check the key", "核对答案")).endswith("核对答案")
    # a tie is not evidence of a wrong key
    assert codes(stats(opts=options({"A": 5, "B": 5, "C": 5, "D": 5}, "A"))) == []


def test_multiple_choice_key_option_below_a_distractor():
    opts = options({"A": 15, "B": 2, "C": 6, "D": 9}, "AC")
    item = stats(qtype=QuestionType.MULTIPLE, opts=opts)
    (flag,) = item_flags(item)
    assert flag.code == WRONG_KEY and flag.params["key"] == "C" and flag.params["other"] == "D"


def test_truefalse_key_shown_as_tick_or_cross():
    opts = (
        OptionStat("true", False, 14, 0.7, None, None),
        OptionStat("false", True, 6, 0.3, None, None),
    )
    (flag,) = item_flags(stats(qtype=QuestionType.TRUEFALSE, opts=opts, facility=0.3))
    assert flag.code == WRONG_KEY and (flag.params["key"], flag.params["other"]) == ("×", "√")


def test_unused_distractor_only_for_choice_questions():
    # 20 × (1 − 0.4) = 12 wrong answers: 4 per distractor if spread evenly, enough to judge
    item = stats(facility=0.4, opts=options({"A": 8, "B": 12, "C": 0, "D": 0}, "A"))
    assert codes(item) == [WRONG_KEY, UNUSED]
    assert item_flags(item)[1].params == {"keys": "C, D"}
    # 20 × (1 − 0.6) = 8 wrong answers: under 3 per distractor, no evidence either way
    assert codes(stats(opts=options({"A": 12, "B": 8, "C": 0, "D": 0}, "A"))) == []
    assert codes(stats(facility=0.55, opts=options({"A": 11, "B": 9, "C": 0, "D": 0}, "A"))) == [
        UNUSED
    ]
    tf = (
        OptionStat("true", True, 20, 1.0, None, None),
        OptionStat("false", False, 0, 0.0, None, None),
    )
    assert codes(stats(qtype=QuestionType.TRUEFALSE, opts=tf, facility=0.85)) == []


def test_several_flags_come_most_serious_first():
    item = stats(facility=0.15, d=-0.1, opts=options({"A": 3, "B": 17, "C": 0, "D": 0}, "A"))
    assert codes(item) == [WRONG_KEY, NEGATIVE, TOO_HARD, UNUSED]


def test_few_responses_hide_everything_else():
    item = stats(n=5, facility=1.0, d=-1)
    assert codes(item) == [FEW]
    assert not is_flagged(with_flags([item])[0])
    assert codes(item, FlagThresholds(min_responses=5)) == [NEGATIVE, TOO_EASY]


def test_thresholds_from_settings():
    t = FlagThresholds.from_mapping({"too_easy": "0.85", "min_responses": 30, "unknown": 1})
    assert (t.too_easy, t.min_responses, t.too_hard) == (0.85, 30, 0.2)
    assert FlagThresholds.from_mapping(None) == FlagThresholds()
    assert t.as_dict()["too_easy"] == 0.85
    assert codes(stats(facility=0.86), t) == [FEW]  # 20 responses < 30
    assert codes(stats(facility=0.86, n=30), t) == [TOO_EASY]
    for bad in (
        {"too_easy": 0.1},
        {"weak_discrimination": -0.5},
        {"min_responses": 1},
        {"too_hard": True},
        {"too_hard": "hard"},
        [0.9, 0.2],
    ):
        with pytest.raises(ValueError):
            FlagThresholds.from_mapping(bad)
