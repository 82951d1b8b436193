"""How the markers agreed: per question, and per grader relative to their co-markers.

Each short answer gets two independent marks (slots 1 and 2) from two graders drawn from a
pool, and an arbitrator's mark (slot 3) when they differ by more than the section's threshold.
Only answers with both independent marks form a *pair*. Marks are compared as shares of the
item's points, so items worth different points can be pooled.

Per question (over its pairs ``(a_i, b_i)``):

* **exact agreement**: the share of pairs with ``a = b``;
* **mean absolute difference** ``mean |a − b|``, in points and as a share of the points;
* **correlation** r(a, b) (Pearson; slot 1 against slot 2);
* **ICC(1)**, the one-way random-effects intraclass correlation for single marks, the
  agreement measure that fits a pool of graders where each answer meets a different pair:
  ``(MSB − MSW) / (MSB + MSW)`` with ``MSB = 2 Σ(m_i − M)² / (n − 1)`` between answers
  (``m_i`` the pair's mean, M the grand mean) and ``MSW = Σ (a_i − b_i)² / 2n`` within them.
  Unlike r it also drops when one grader is systematically stricter. ``None`` when undefined;
* **arbitrated**: how many answers went to an arbitrator.

Per grader (over the pairs they took part in; ``own`` their mark, ``co`` the other one, both as
shares of the points):

* **mean** of their marks and of their co-markers' marks on the same answers;
* **bias** = ``mean(own − co)``: above 0 more lenient, below 0 stricter than their co-markers,
  with the sample SD of ``own − co`` as its spread;
* **spread ratio** = ``SD(own) / SD(co)``: below 1 they use less of the scale than their
  co-markers (everything in the middle), above 1 more;
* **arbitrated**: how many of their pairs went to an arbitrator.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from questionbank.stats.data import Mark
from questionbank.stats.descriptive import mean, pearson, sample_sd


@dataclass(frozen=True)
class Pair:
    """The two independent marks of one answer."""

    answer: tuple[int, int]
    question_id: int
    points: Decimal
    first: Mark
    second: Mark
    arbitrated: bool


@dataclass(frozen=True)
class QuestionAgreement:
    """Agreement of the two marks on one question's answers (module docstring)."""

    question_id: int
    pairs: int
    exact: float | None
    mean_abs_diff: float | None
    mean_abs_diff_share: float | None
    correlation: float | None
    icc: float | None
    arbitrated: int


@dataclass(frozen=True)
class GraderStats:
    """One grader against their co-markers (module docstring)."""

    grader: str
    marks: int
    pairs: int
    mean: float | None
    co_mean: float | None
    bias: float | None
    bias_sd: float | None
    mean_abs_diff: float | None
    spread_ratio: float | None
    arbitrated: int


@dataclass(frozen=True)
class MarkerReport:
    """The marking agreement of a stage."""

    pairs: int
    arbitrated: int
    questions: tuple[QuestionAgreement, ...]
    graders: tuple[GraderStats, ...]


def pairs_of(marks: Iterable[Mark]) -> list[Pair]:
    """The answers with both independent marks, in answer order."""
    by_answer: dict[tuple[int, int], dict[int, Mark]] = defaultdict(dict)
    for mark in marks:
        by_answer[mark.answer][mark.slot] = mark
    out = []
    for answer, slots in sorted(by_answer.items()):
        if 1 in slots and 2 in slots:
            first, second = slots[1], slots[2]
            out.append(Pair(answer, first.question_id, first.points, first, second, 3 in slots))
    return out


def _share(score: Decimal, points: Decimal) -> float:
    return float(score / points) if points else 0.0


def icc1(pairs: Sequence[tuple[float, float]]) -> float | None:
    """ICC(1) for two marks per answer (module docstring); ``None`` for fewer than two pairs
    or marks that do not vary at all."""
    n = len(pairs)
    if n < 2:
        return None
    means = [(a + b) / 2 for a, b in pairs]
    grand = math.fsum(means) / n
    msb = 2 * math.fsum((m - grand) ** 2 for m in means) / (n - 1)
    msw = math.fsum((a - b) ** 2 for a, b in pairs) / (2 * n)
    if msb + msw <= 1e-15:
        return None
    return (msb - msw) / (msb + msw)


def question_agreement(question_id: int, pairs: Sequence[Pair]) -> QuestionAgreement:
    """The agreement figures of one question's pairs."""
    raw = [(float(p.first.score), float(p.second.score)) for p in pairs]
    shares = [(_share(p.first.score, p.points), _share(p.second.score, p.points)) for p in pairs]
    return QuestionAgreement(
        question_id=question_id,
        pairs=len(pairs),
        exact=mean([1.0 if p.first.score == p.second.score else 0.0 for p in pairs]),
        mean_abs_diff=mean([abs(a - b) for a, b in raw]),
        mean_abs_diff_share=mean([abs(a - b) for a, b in shares]),
        correlation=pearson([a for a, _ in raw], [b for _, b in raw]),
        icc=icc1(shares),
        arbitrated=sum(1 for p in pairs if p.arbitrated),
    )


def grader_stats(grader: str, marks: int, pairs: Sequence[Pair]) -> GraderStats:
    """One grader's figures from the pairs they took part in (``marks`` counts all their
    independent marks, paired or not)."""
    own, co = [], []
    for p in pairs:
        mine, other = (p.first, p.second) if p.first.grader == grader else (p.second, p.first)
        own.append(_share(mine.score, p.points))
        co.append(_share(other.score, p.points))
    diffs = [a - b for a, b in zip(own, co, strict=True)]
    own_sd, co_sd = sample_sd(own), sample_sd(co)
    return GraderStats(
        grader=grader,
        marks=marks,
        pairs=len(pairs),
        mean=mean(own),
        co_mean=mean(co),
        bias=mean(diffs),
        bias_sd=sample_sd(diffs),
        mean_abs_diff=mean([abs(d) for d in diffs]),
        spread_ratio=own_sd / co_sd if own_sd is not None and co_sd else None,
        arbitrated=sum(1 for p in pairs if p.arbitrated),
    )


def marker_report(marks: Iterable[Mark]) -> MarkerReport:
    """Agreement per question and per grader from every mark of a stage."""
    marks = list(marks)
    pairs = pairs_of(marks)
    by_question: dict[int, list[Pair]] = defaultdict(list)
    by_grader: dict[str, list[Pair]] = defaultdict(list)
    for p in pairs:
        by_question[p.question_id].append(p)
        by_grader[p.first.grader].append(p)
        if p.second.grader != p.first.grader:
            by_grader[p.second.grader].append(p)
    counts: dict[str, int] = defaultdict(int)
    for mark in marks:
        if mark.slot in (1, 2):
            counts[mark.grader] += 1
    return MarkerReport(
        pairs=len(pairs),
        arbitrated=sum(1 for p in pairs if p.arbitrated),
        questions=tuple(question_agreement(q, ps) for q, ps in sorted(by_question.items())),
        graders=tuple(grader_stats(g, counts[g], by_grader.get(g, [])) for g in sorted(counts)),
    )
