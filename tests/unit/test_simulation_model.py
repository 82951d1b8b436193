"""The demo's answer model: reproducible from a seed, and its bad questions really are bad."""

from __future__ import annotations

import random
from decimal import Decimal

from examsvc.demo.answer_model import BAD_KINDS, SimItem, answer, half_mark, item_models, know
from questionbank.model import QuestionType

SINGLE, MULTIPLE, TF, SHORT = (
    QuestionType.SINGLE,
    QuestionType.MULTIPLE,
    QuestionType.TRUEFALSE,
    QuestionType.SHORT,
)


def pool() -> list[SimItem]:
    items = [SimItem(n, n, SINGLE, "B", 4, "CADB", Decimal(1), 0, n % 5 + 1) for n in range(1, 61)]
    items += [
        SimItem(n, n, MULTIPLE, ("A", "C"), 4, "DCBA", Decimal(2), 1, 3) for n in range(61, 81)
    ]
    items += [SimItem(n, n, TF, False, 0, "", Decimal("0.5"), 2, 2) for n in range(81, 101)]
    items += [SimItem(n, n, SHORT, "参考答案", 0, "", Decimal(5), 3, 3) for n in range(101, 106)]
    return items


def test_models_are_reproducible_and_bad_kinds_disjoint():
    models_a, bad_a = item_models(pool(), random.Random(5))
    models_b, bad_b = item_models(pool(), random.Random(5))
    assert bad_a == bad_b and models_a == models_b
    assert set(bad_a) == set(BAD_KINDS)
    chosen = [q for ids in bad_a.values() for q in ids]
    assert len(chosen) == len(set(chosen)) == 3 * len(BAD_KINDS)  # 3% of 105, per kind
    assert all(models_a[q].kind == kind for kind, ids in bad_a.items() for q in ids)
    assert {models_a[q].lure for q in bad_a["miskeyed"]} <= {"A", "C", "D"}
    assert item_models(pool(), random.Random(6))[1] != bad_a


def shares(item, model, theta, n=2000, seed=1):
    rng = random.Random(seed)
    out: dict[object, int] = {}
    for _ in range(n):
        value = answer(item, model, theta, rng)
        key = tuple(value) if isinstance(value, list) else value
        out[key] = out.get(key, 0) + 1
    return {k: v / n for k, v in out.items()}


def test_bad_questions_behave_badly():
    items = {i.question_id: i for i in pool()}
    models, bad = item_models(pool(), random.Random(5))
    miskeyed = bad["miskeyed"][0]
    lure = models[miskeyed].lure
    strong = shares(items[miskeyed], models[miskeyed], 2.0)
    assert strong.get(lure, 0) > 0.8 > strong.get("B", 0)
    unused = bad["unused"][0]
    dead = next(k for k, w in models[unused].weights.items() if w == 0)
    assert shares(items[unused], models[unused], -1.5).get(dead, 0) < 0.3  # only via guessing C
    negative = bad["negative"][0]
    key = items[negative].key
    assert (
        shares(items[negative], models[negative], -2)[key]
        > shares(items[negative], models[negative], 2)[key]
    )
    easy = bad["easy"][0]
    assert know(-2.0, models[easy]) > 0.8
    hard = bad["hard"][0]
    assert know(1.0, models[hard]) < 0.05


def test_answers_have_the_api_shapes():
    items = pool()
    models, _bad = item_models(items, random.Random(5))
    rng = random.Random(9)
    for item in items:
        value = answer(item, models[item.question_id], 0.3, rng)
        match item.qtype:
            case QuestionType.SINGLE:
                assert value is None or value in "ABCD"
            case QuestionType.MULTIPLE:
                assert value is None or (value == sorted(value) and set(value) <= set("ABCD"))
            case QuestionType.TRUEFALSE:
                assert value is None or isinstance(value, bool)
            case QuestionType.SHORT:
                assert isinstance(value, str) and value


def test_half_marks():
    assert half_mark(2.26, Decimal(5)) == Decimal("2.50")
    assert half_mark(2.24, Decimal(5)) == Decimal("2.00")
    assert half_mark(-1, Decimal(5)) == Decimal("0.00")
    assert half_mark(7, Decimal(5)) == Decimal("5.00")
