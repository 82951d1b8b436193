"""Grading rules, answer mapping and marks.

The property tests compare :func:`grade_item` with an independent oracle written with
``fractions.Fraction``, plain sets and integer rounding (never ``decimal``), on at least 10,000
examples per rule (marked ``slow``).
"""

import math
import random
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from questionbank.answers import BadAnswerError, to_original, to_shown, validate_response
from questionbank.grading import (
    GRADING_RULES,
    BadMarkError,
    NotAutoGradable,
    NotAutoGradableError,
    QuestionType,
    check_mark,
    combine_marks,
    grade_item,
    grading_rule,
    round_ratio,
    theory_score,
)
from questionbank.problems import ValidationError

D = Decimal
SINGLE, MULTIPLE, TF, SHORT = (
    QuestionType.SINGLE,
    QuestionType.MULTIPLE,
    QuestionType.TRUEFALSE,
    QuestionType.SHORT,
)
MANY = settings(
    max_examples=10_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    database=None,
)
KEYS = "ABCDEFGH"


# --------------------------------------------------------------------------- the oracle


def half_up_cents(x: Fraction) -> Fraction:
    """Round a non-negative fraction half-up to hundredths, with integers only."""
    return Fraction(math.floor(x * 100 + Fraction(1, 2)), 100)


def oracle(qtype, key, response, cents, scoring="partial"):
    """The expected score as a Fraction, from the rules as written in the brief."""
    full = Fraction(cents, 100)
    if response is None:
        return Fraction(0)
    if qtype is SINGLE:
        return full if type(response) is str and response == key else Fraction(0)
    if qtype is TF:
        return full if type(response) is bool and response == key else Fraction(0)
    if type(response) not in (list, tuple) or not response:
        return Fraction(0)
    if any(type(k) is not str for k in response) or len(set(response)) < len(response):
        return Fraction(0)
    right, chosen = set(key), set(response)
    if chosen - right:
        return Fraction(0)
    if chosen == right:
        return full
    if scoring == "strict":
        return Fraction(0)
    if scoring == "partial":
        return half_up_cents(full / 2)
    return half_up_cents(full * len(chosen) / len(right))


def as_fraction(score: Decimal) -> Fraction:
    assert isinstance(score, Decimal)
    assert score.as_tuple().exponent == -2, score  # always two decimals
    return Fraction(score)


# --------------------------------------------------------------------------- strategies

cents = st.integers(min_value=0, max_value=2000)
JUNK = [1, 0, 1.0, "AC", "", "Z", "a", "AB", b"A", {"A": 1}, ("A", 1), ["A", None]]
junk = st.sampled_from(JUNK)


def keys_of(mask: int, n: int) -> list[str]:
    """The option keys among the first ``n`` whose bits are set in ``mask``."""
    return [KEYS[i] for i in range(n) if mask >> i & 1]


def make_multiple_case(n, key_mask, resp_mask, kind, extra, seed):
    """A key of 2+ of ``n`` options and a response: mostly subsets, some malformed."""
    key = keys_of(key_mask, n)
    if len(key) < 2:
        key = list(KEYS[:2]) if not key else sorted({*key, KEYS[(KEYS.index(key[0]) + 1) % n]})
    if kind <= 5:
        # half of these pick only among the right keys, so partial credit is common
        mask = resp_mask if kind <= 2 else resp_mask & sum(1 << KEYS.index(k) for k in key)
        response = keys_of(mask, n)
        random.Random(seed).shuffle(response)
    elif kind == 6:
        response = list(key)
    elif kind == 7:
        response = [*key, extra]  # a duplicate, a wrong key or a key that is no option
    elif kind == 8:
        response = JUNK[seed % len(JUNK)]
    else:
        response = None
    if seed % 2 and isinstance(response, list):
        response = tuple(response)
    return tuple(key), response


# plain integers are far cheaper to generate than sets and permutations, which keeps
# 10,000 examples per rule inside the time budget
multiple_case = st.builds(
    make_multiple_case,
    st.integers(2, 8),
    st.integers(0, 255),
    st.integers(0, 255),
    st.integers(0, 9),
    st.sampled_from([*KEYS, "I", "Z", "a"]),
    st.integers(0, 1000),
)


def make_single_case(n, key_index, response_index):
    """A key among ``n`` options and a response: an option, no option, None or junk."""
    responses = [*KEYS[:n], "I", "b", None, *JUNK]
    return KEYS[key_index % n], responses[response_index % len(responses)]


single_case = st.builds(
    make_single_case, st.integers(2, 8), st.integers(0, 7), st.integers(0, 10**6)
)
TF_RESPONSES = [True, False, None, *JUNK]


# --------------------------------------------------------------------------- properties


@pytest.mark.slow
@MANY
@given(case=single_case, c=cents)
def test_single_matches_oracle(case, c):
    key, response = case
    points = D(c) / 100
    score = grade_item(SINGLE, key, response, points)
    assert as_fraction(score) == oracle(SINGLE, key, response, c)
    assert D(0) <= score <= points
    assert grade_item(SINGLE, key, key, points) == points


@pytest.mark.slow
@MANY
@given(key=st.booleans(), response_index=st.integers(0, len(TF_RESPONSES) - 1), c=cents)
def test_truefalse_matches_oracle(key, response_index, c):
    response = TF_RESPONSES[response_index]
    points = D(c) / 100
    score = grade_item(TF, key, response, points)
    assert as_fraction(score) == oracle(TF, key, response, c)
    assert D(0) <= score <= points
    assert grade_item(TF, key, key, points) == points


@pytest.mark.slow
@MANY
@given(case=multiple_case, c=cents)
def test_multiple_matches_oracle(case, c):
    # every example checks all three rules: 10,000 examples per rule
    key, response = case
    points = D(c) / 100
    for scoring in ("strict", "partial", "per_option"):
        score = grade_item(MULTIPLE, key, response, points, scoring)
        assert as_fraction(score) == oracle(MULTIPLE, key, response, c, scoring), scoring
        assert D(0) <= score <= points
        assert grade_item(MULTIPLE, key, list(key), points, scoring) == points


def make_shuffled_case(qtype, n, key_mask, value_mask, seed):
    """An item of ``qtype`` with ``n`` options shown in a random order, a key and an answer."""
    rng = random.Random(seed)
    order = list(KEYS[:n])
    rng.shuffle(order)
    if qtype is SINGLE:
        key = KEYS[key_mask % n]
        value = None if value_mask % (n + 1) == n else KEYS[value_mask % (n + 1)]
    elif qtype is MULTIPLE:
        key, _ = make_multiple_case(n, key_mask, 0, 6, "A", 0)
        value = keys_of(value_mask, n) or None
    else:
        key, value = bool(key_mask % 2), [None, True, False][value_mask % 3]
    return qtype, tuple(order), key, value


shuffled_case = st.builds(
    make_shuffled_case,
    st.sampled_from([SINGLE, MULTIPLE, TF]),
    st.integers(2, 8),
    st.integers(0, 255),
    st.integers(0, 255),
    st.integers(0, 10**6),
)


@pytest.mark.slow
@MANY
@given(case=shuffled_case, c=cents, scoring=st.sampled_from(["strict", "partial", "per_option"]))
def test_option_shuffling_never_changes_a_score(case, c, scoring):
    qtype, order, key, value = case
    points = D(c) / 100
    direct = grade_item(qtype, key, value, points, scoring)
    shown = to_shown(qtype, value, order)
    back = to_original(qtype, shown, order)
    assert back == value
    assert grade_item(qtype, key, back, points, scoring) == direct
    # grading in the shown keys against the shown key is the same too
    shown_key = to_shown(qtype, list(key) if qtype is MULTIPLE else key, order)
    assert grade_item(qtype, shown_key, shown, points, scoring) == direct


@settings(max_examples=2000, deadline=None, database=None)
@given(a=st.integers(0, 1000), b=st.integers(0, 1000), t=st.integers(0, 300))
def test_combine_marks_matches_oracle(a, b, t):
    m1, m2, threshold = D(a) / 100, D(b) / 100, D(t) / 100
    result = combine_marks(m1, m2, threshold)
    if abs(a - b) > t:
        assert result is None
    else:
        assert as_fraction(result) == half_up_cents(Fraction(a + b, 200))
        assert min(m1, m2) <= result <= max(m1, m2)


@settings(max_examples=2000, deadline=None, database=None)
@given(data=st.data(), full=st.integers(1, 50_000))
def test_theory_score_matches_oracle(data, full):
    raw = data.draw(st.integers(0, full))
    score = theory_score(D(raw) / 100, D(full) / 100)
    assert as_fraction(score) == half_up_cents(Fraction(raw * 100, full))
    assert D(0) <= score <= D(100)


# --------------------------------------------------------------------------- hand-worked cases


@pytest.mark.parametrize(
    ("response", "strict", "partial", "per_option"),
    [
        (["A", "C", "D"], "2.00", "2.00", "2.00"),
        (["D", "A", "C"], "2.00", "2.00", "2.00"),
        (("A", "C", "D"), "2.00", "2.00", "2.00"),
        (["A", "C"], "0.00", "1.00", "1.33"),
        (["A"], "0.00", "1.00", "0.67"),
        (["A", "B"], "0.00", "0.00", "0.00"),
        (["A", "B", "C", "D"], "0.00", "0.00", "0.00"),
        (["B"], "0.00", "0.00", "0.00"),
        ([], "0.00", "0.00", "0.00"),
        (None, "0.00", "0.00", "0.00"),
        (["A", "A", "C"], "0.00", "0.00", "0.00"),  # duplicate: malformed
        (["A", "Z"], "0.00", "0.00", "0.00"),  # not an option: a wrong key
        (["a", "c", "d"], "0.00", "0.00", "0.00"),  # grading sees original keys only
        ("ACD", "0.00", "0.00", "0.00"),  # wrong type
        ([1, 2], "0.00", "0.00", "0.00"),
    ],
)
def test_multiple_rules_by_hand(response, strict, partial, per_option):
    key = ("A", "C", "D")
    for scoring, expected in [("strict", strict), ("partial", partial), ("per_option", per_option)]:
        score = grade_item(MULTIPLE, key, response, D("2"), scoring)
        assert score == D(expected), scoring
        assert str(score) == expected


def test_multiple_default_is_partial_and_half_marks_round_half_up():
    assert grade_item(MULTIPLE, ("A", "B"), ["A"], D("1.25")) == D("0.63")
    assert grade_item(MULTIPLE, ("A", "B"), ["B"], D("0.05")) == D("0.03")
    assert grade_item(MULTIPLE, ("A", "B"), ["A"], D("3")) == D("1.50")


def test_per_option_quantizes_once():
    key = ("A", "B", "C")
    # 1/3 of 1 point is 0.33, 2/3 is 0.67 (not 0.33 + 0.33), all three is exactly 1
    assert grade_item(MULTIPLE, key, ["A"], D(1), "per_option") == D("0.33")
    assert grade_item(MULTIPLE, key, ["A", "B"], D(1), "per_option") == D("0.67")
    assert grade_item(MULTIPLE, key, ["A", "B", "C"], D(1), "per_option") == D("1.00")
    seven = tuple("ABCDEFG")
    assert grade_item(MULTIPLE, seven, list("ABCDEF"), D("0.07"), "per_option") == D("0.06")


@pytest.mark.parametrize(
    ("response", "expected"),
    [("B", "1.50"), ("A", "0"), ("b", "0"), (None, "0"), (["B"], "0"), (1, "0"), ("BB", "0")],
)
def test_single_by_hand(response, expected):
    assert grade_item(SINGLE, "B", response, D("1.5")) == D(expected)


@pytest.mark.parametrize(
    ("key", "response", "expected"),
    [
        (True, True, "0.50"),
        (False, False, "0.50"),
        (True, False, "0"),
        (True, 1, "0"),
        (False, 0, "0"),
        (True, "true", "0"),
        (True, None, "0"),
    ],
)
def test_truefalse_by_hand(key, response, expected):
    assert grade_item(TF, key, response, D("0.5")) == D(expected)


def test_zero_point_item_scores_zero():
    assert grade_item(SINGLE, "A", "A", D(0)) == D("0.00")


def test_short_answers_are_not_auto_graded():
    assert NotAutoGradable is NotAutoGradableError
    with pytest.raises(NotAutoGradableError):
        grade_item(SHORT, "参考答案", "我的答案", D(5))
    with pytest.raises(NotAutoGradableError):
        grade_item("short", "参考答案", None, D(5))


@pytest.mark.parametrize(
    ("qtype", "key", "points", "scoring", "exc"),
    [
        (SINGLE, "A", 1.0, None, TypeError),
        (SINGLE, "A", True, None, TypeError),
        (SINGLE, "A", D("-1"), None, ValueError),
        (SINGLE, "A", D("0.125"), None, ValueError),
        (SINGLE, "A", D("NaN"), None, ValueError),
        (SINGLE, "AB", D(1), None, ValueError),
        (MULTIPLE, "AC", D(1), None, ValueError),
        (MULTIPLE, ("A", "A"), D(1), None, ValueError),
        (MULTIPLE, (), D(1), None, ValueError),
        (TF, "true", D(1), None, ValueError),
        (MULTIPLE, ("A", "B"), D(1), "lenient", ValueError),
        ("essay", "A", D(1), None, ValueError),
    ],
)
def test_bad_keys_points_and_settings_raise(qtype, key, points, scoring, exc):
    with pytest.raises(exc):
        grade_item(qtype, key, "A", points, scoring)


def test_registry_holds_the_objective_types_and_refuses_a_second_rule():
    assert set(GRADING_RULES) == {SINGLE, MULTIPLE, TF}
    with pytest.raises(ValueError, match="already"):
        grading_rule(SINGLE)(lambda *a: D(0))
    assert GRADING_RULES[SINGLE].__name__ == "grade_single"


def test_round_ratio_is_exact_half_up():
    assert round_ratio(D(1), D(8)) == D("0.13")  # 0.125
    assert round_ratio(D(1), D(3)) == D("0.33")
    assert round_ratio(D(2), D(3)) == D("0.67")
    assert round_ratio(D(-1), D(8)) == D("-0.13")  # half away from zero
    assert round_ratio(D("1234.5"), D(1)) == D("1234.50")


# --------------------------------------------------------------------------- answers


def test_to_original_and_to_shown_follow_the_option_order():
    order = ("C", "A", "D", "B")  # the contestant's A is the original C
    assert to_original(SINGLE, "A", order) == "C"
    assert to_original(SINGLE, "d", order) == "B"
    assert to_original(SINGLE, "Ｂ", order) == "A"  # full-width folded
    assert to_original(MULTIPLE, ["A", "B"], order) == ["A", "C"]
    assert to_original(MULTIPLE, ["D", "C"], order) == ["B", "D"]
    assert to_original(MULTIPLE, [], order) is None
    assert to_original(SINGLE, None, order) is None
    assert to_shown(SINGLE, "C", order) == "A"
    assert to_shown(MULTIPLE, ("A", "C"), order) == ["A", "B"]
    assert to_original(TF, True, ()) is True
    assert to_original(SHORT, "  文本 ", ()) == "  文本 "


@pytest.mark.parametrize(
    ("qtype", "value"),
    [
        (SINGLE, "E"),  # beyond the four options shown
        (SINGLE, "AB"),
        (SINGLE, ""),
        (SINGLE, 1),
        (SINGLE, ["A"]),
        (MULTIPLE, ["A", "E"]),
        (MULTIPLE, ["A", "a"]),  # the same key twice
        (MULTIPLE, "AB"),
        (MULTIPLE, [1]),
        (TF, "true"),
        (TF, 1),
        (SHORT, 5),
        (SHORT, "x" * 5001),
    ],
)
def test_bad_answers_are_refused(qtype, value):
    with pytest.raises(BadAnswerError) as info:
        to_original(qtype, value, ("C", "A", "D", "B") if qtype.is_choice else ())
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, ValidationError)
    assert info.value.problems[0].field == "value"


def test_validate_response_limits():
    assert validate_response(SHORT, "x" * 5000, 0) == "x" * 5000
    with pytest.raises(BadAnswerError):
        validate_response(SHORT, "x" * 11, 0, max_chars=10)
    assert validate_response(MULTIPLE, ("H", "A"), 8) == ["A", "H"]
    with pytest.raises(ValueError, match="2–8"):
        validate_response(SINGLE, "A", 9)
    with pytest.raises(ValueError, match="permutation"):
        to_original(SINGLE, "A", ("A", "A", "B"))


# --------------------------------------------------------------------------- marks


@pytest.mark.parametrize("score", [D(0), D("2.5"), D("2.50"), D("2.500"), D(5), 3])
def test_check_mark_accepts(score):
    assert check_mark(score, D(5)) == D(score)


@pytest.mark.parametrize(
    "score", [D("-0.01"), D("5.01"), D("2.505"), D("NaN"), D("Infinity"), 2.5, "2", True, None]
)
def test_check_mark_refuses(score):
    with pytest.raises(BadMarkError) as info:
        check_mark(score, D(5))
    assert info.value.problems[0].field == "score"


def test_combine_marks_by_hand():
    assert combine_marks(D("2.5"), D("2.75"), D(1)) == D("2.63")
    assert combine_marks(D(3), D(4), D(1)) == D("3.50")  # exactly the threshold agrees
    assert combine_marks(D(3), D("4.01"), D(1)) is None
    assert combine_marks(D(4), D(4), D(0)) == D("4.00")
    with pytest.raises(ValueError):
        combine_marks(D(1), D(1), D(-1))


def test_theory_score_by_hand():
    assert theory_score(D("87.5"), D(120)) == D("72.92")
    assert theory_score(D(45), D(90)) == D("50.00")
    assert theory_score(D("0.5"), D(80)) == D("0.63")  # 0.625 rounds up
    assert theory_score(D(100), D(100)) == D("100.00")
    for raw, full in [(D(1), D(0)), (D(-1), D(10)), (D(11), D(10))]:
        with pytest.raises(ValueError):
            theory_score(raw, full)
