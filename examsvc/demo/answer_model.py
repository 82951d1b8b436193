"""How simulated contestants answer: a 2PL-like model with a few deliberately bad questions.

Ability θ ~ N(0, 1) (plus an organisation effect, drawn by the caller); an item has a
difficulty b from its 1–5 rating and a discrimination a; the chance of knowing it is
``1 / (1 + exp(−1.7 a (θ − b)))``. Single choice adds guessing (and blind guessers favour the
letter C); multiple choice is answered option by option (partial knowledge: some right options,
sometimes a wrong one); true/false is a coin toss when not known. Bad questions, so the flags
have something to find: mis-keyed (the stronger contestants pick one distractor), one distractor
nobody picks, negatively discriminating, far too easy, far too hard. Randomness comes only from
the ``random.Random`` passed in, so a seed reproduces a simulation.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from questionbank.model import OPTION_KEYS, QuestionType

#: share of the stage's questions made deliberately bad, per kind
BAD_SHARE = 0.03
BAD_KINDS = ("miskeyed", "unused", "negative", "easy", "hard")


@dataclass
class ItemModel:
    """How one question behaves in the simulation."""

    a: float
    b: float
    guess: float
    kind: str = "normal"
    #: distractor → how attractive it is (0: nobody picks it)
    weights: dict[str, float] = field(default_factory=dict)
    #: the distractor a mis-keyed question's strong contestants pick
    lure: str | None = None


@dataclass(frozen=True)
class SimItem:
    """One item of a paper as the simulation needs it (key in original option keys)."""

    no: int
    question_id: int
    qtype: QuestionType
    key: Any
    options: int
    order: str
    points: Decimal
    section: int
    difficulty: int


def _logistic(x: float) -> float:
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, x))))


def know(theta: float, model: ItemModel) -> float:
    """The chance that a contestant of ability ``theta`` knows the item."""
    return _logistic(1.7 * model.a * (theta - model.b))


def item_models(
    items: list[SimItem], rng: random.Random
) -> tuple[dict[int, ItemModel], dict[str, list[int]]]:
    """A model per question of the stage and the questions chosen to be bad, by kind."""
    first: dict[int, SimItem] = {}
    for item in items:
        first.setdefault(item.question_id, item)
    models = {}
    for qid in sorted(first):
        item = first[qid]
        keys = set(item.key) if item.qtype is QuestionType.MULTIPLE else {item.key}
        weights = {k: rng.uniform(0.3, 1.5) for k in OPTION_KEYS[: item.options] if k not in keys}
        models[qid] = ItemModel(
            a=min(2.2, max(0.5, rng.lognormvariate(0.1, 0.35))),
            b=(item.difficulty - 3) * 0.75 + rng.gauss(0, 0.35),
            guess=0.15 if item.qtype is QuestionType.SINGLE else 0.0,
            weights=weights,
        )
    bad: dict[str, list[int]] = {kind: [] for kind in BAD_KINDS}
    count = max(1, round(BAD_SHARE * len(models))) if models else 0
    taken: set[int] = set()

    def pick(kind: str, types: tuple[QuestionType, ...], min_options: int = 0) -> None:
        fits = [
            q
            for q in sorted(models)
            if q not in taken and first[q].qtype in types and first[q].options >= min_options
        ]
        for qid in rng.sample(fits, min(count, len(fits))):
            taken.add(qid)
            bad[kind].append(qid)
            model = models[qid]
            model.kind = kind
            if kind == "miskeyed":
                model.lure = max(sorted(model.weights), key=lambda k: model.weights[k])
                model.a, model.b = 1.4, -0.3
            elif kind == "unused":
                # hard enough that many go wrong, so the empty distractor is evidence
                model.weights[min(model.weights)] = 0.0
                model.a, model.b = 1.2, 0.6
            elif kind == "negative":
                model.a, model.b = -0.9, 0.0
            elif kind == "easy":
                model.a, model.b = 0.8, -3.8
            elif kind == "hard":
                model.a, model.b, model.guess = 1.0, 3.4, 0.03

    single = (QuestionType.SINGLE,)
    pick("miskeyed", single, 3)
    pick("unused", single, 4)
    pick("negative", (QuestionType.SINGLE, QuestionType.TRUEFALSE))
    pick("easy", (QuestionType.SINGLE, QuestionType.TRUEFALSE, QuestionType.MULTIPLE))
    pick("hard", (QuestionType.SINGLE, QuestionType.MULTIPLE))
    return models, {k: sorted(v) for k, v in bad.items() if v}


def _pick_weighted(weights: dict[str, float], rng: random.Random) -> str | None:
    live = [(k, w) for k, w in sorted(weights.items()) if w > 0]
    if not live:
        return None
    return rng.choices([k for k, _ in live], weights=[w for _, w in live])[0]


def answer(item: SimItem, model: ItemModel, theta: float, rng: random.Random) -> Any:
    """A response in original keys (``None``: left unanswered) for a contestant of ``theta``."""
    p = know(theta, model)
    if item.qtype is not QuestionType.SHORT and rng.random() < (0.04 if theta < -1 else 0.01):
        return None
    match item.qtype:
        case QuestionType.SINGLE:
            if model.kind == "miskeyed":
                if rng.random() < p:
                    return model.lure
                return _pick_weighted({item.key: 1.2, **model.weights}, rng)
            if rng.random() < model.guess + (1 - model.guess) * p:
                return item.key
            if len(item.order) > 2 and rng.random() < 0.2:
                return item.order[2]  # a habit of blind guessers: "when in doubt, C"
            return _pick_weighted(model.weights, rng) or item.key
        case QuestionType.MULTIPLE:
            chosen = [k for k in item.key if rng.random() < 0.15 + 0.8 * p]
            chosen += [
                k for k, w in sorted(model.weights.items()) if rng.random() < 0.35 * (1 - p) * w
            ]
            return sorted(chosen) or [rng.choice(list(item.key))]
        case QuestionType.TRUEFALSE:
            right = rng.random() < 0.5 + 0.5 * p
            return item.key if right else not item.key
    return _short_text(rng, p)


def _short_text(rng: random.Random, p: float) -> str:
    steps = [
        "接警登记",
        "视频复核",
        "确认警情",
        "按预案处置",
        "报告值班领导",
        "通知相关部门",
        "做好记录",
    ]
    known = [s for s in steps if rng.random() < 0.2 + 0.8 * p]
    return "、".join(known) or "不清楚"


def half_mark(value: float, points: Decimal) -> Decimal:
    """A mark in half points within [0, points]."""
    mark = Decimal(round(value * 2)) / 2
    return min(points, max(Decimal(0), mark)).quantize(Decimal("0.01"))
