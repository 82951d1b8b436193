"""Marking short answers by people: the marks of the rubric's scoring points, and how graders
compare with each other (the rules behind the marking screen and the marking dashboard).

A short answer's rubric gives each scoring point 评分要点 a share of the item's points. On the
marking screen each point has its own mark, between 0 and the point's maximum; the item's mark
is their sum. A point worth at most :data:`ALL_OR_NOTHING_MAX` marks is all or nothing (a
checkbox): half of a one-mark point is not a distinction markers make consistently.

Double marking (双评) compares two graders' marks on the same answer. A grader whose marks are
consistently above their co-markers' is lenient, below harsh: :func:`grader_stats` gives each
grader's mean mark and their mean difference from the co-marker on the answers they shared.

Every figure is a :class:`~decimal.Decimal` rounded half-up to two decimals once, at the end.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from questionbank.grading import BadMarkError, check_mark, quantize_score, round_ratio
from questionbank.problems import N_, error

#: a scoring point worth at most this many marks is given whole or not at all (a checkbox)
ALL_OR_NOTHING_MAX = Decimal(1)
HUNDRED = Decimal(100)


def point_maxima(shares: Sequence[Decimal], points: Decimal) -> tuple[Decimal, ...]:
    """The most each scoring point can earn on an item worth ``points``.

    Each point gets its share of the points, rounded half-up to cents; the last point takes
    what is left, so the maxima always add up to exactly ``points`` (three equal shares of 5
    points: 1.67, 1.67, 1.66). No rubric (``shares`` empty) gives ``()``.

    :raises ValueError: if a share is not positive or the shares leave the last point nothing.
    """
    if not shares:
        return ()
    if any(not share > 0 for share in shares):
        raise ValueError("every scoring point needs a positive share")
    maxima = [quantize_score(share * points) for share in shares[:-1]]
    last = points - sum(maxima, Decimal(0))
    if not last > 0 and points > 0:
        raise ValueError(f"the shares {list(shares)} leave the last scoring point nothing")
    return (*maxima, quantize_score(last))


def is_all_or_nothing(maximum: Decimal) -> bool:
    """Whether a scoring point worth ``maximum`` marks is given whole or not at all."""
    return maximum <= ALL_OR_NOTHING_MAX


def sum_point_marks(marks: Sequence[Decimal], maxima: Sequence[Decimal]) -> Decimal:
    """The item's mark from the marks of its scoring points: their sum, each one checked.

    An all-or-nothing point (see :func:`is_all_or_nothing`) takes 0 or its maximum only.

    :raises BadMarkError: if the number of marks is not the number of points, or a mark is not
        a valid mark for its point (the problem's field is ``points[i]``, 0-based).
    """
    if len(marks) != len(maxima):
        raise BadMarkError(
            [
                error(
                    "points",
                    N_("give a mark for each of the %(n)s scoring points"),
                    n=len(maxima),
                )
            ]
        )
    problems = []
    total = Decimal(0)
    for index, (mark, maximum) in enumerate(zip(marks, maxima, strict=True)):
        try:
            value = check_mark(mark, maximum)
        except BadMarkError as exc:
            problems += [p.at(field=f"points[{index}]") for p in exc.problems]
            continue
        if is_all_or_nothing(maximum) and value not in (0, maximum):
            problems.append(
                error(
                    f"points[{index}]",
                    N_("scoring point %(n)s is given whole (%(max)s) or not at all (0)"),
                    n=index + 1,
                    max=str(maximum),
                )
            )
            continue
        total += value
    if problems:
        raise BadMarkError(problems)
    return total


@dataclass(frozen=True)
class Mark:
    """One independent mark (slot 1 or 2 of double marking) as the dashboard sees it.

    ``answer`` identifies the answer (any hashable value: the dashboard never needs to know
    whose it is); ``points`` is what the item is worth.
    """

    answer: Hashable
    grader: Hashable
    score: Decimal
    points: Decimal


@dataclass(frozen=True)
class GraderStats:
    """How one grader marks, compared with their co-markers.

    ``bias`` is the mean of (this grader's mark − the co-marker's mark) over the answers both
    marked, in marks: above 0 lenient, below 0 harsh. ``spread`` is the mean absolute
    difference. Both are ``None`` when the grader shares no answer with anyone yet.
    """

    grader: Hashable
    marks: int
    mean: Decimal
    #: the mean mark as a percentage of the items' points (comparable across questions)
    mean_percent: Decimal | None
    paired: int
    bias: Decimal | None
    spread: Decimal | None


def grader_stats(marks: Iterable[Mark]) -> list[GraderStats]:
    """Per grader: how many marks, their mean, and their bias and spread against the other
    grader of each answer both marked. Graders come in the order they first appear.

    An answer with more than two marks compares every pair (double marking has two).
    """
    by_grader: dict[Hashable, list[Mark]] = defaultdict(list)
    by_answer: dict[Hashable, list[Mark]] = defaultdict(list)
    for mark in marks:
        by_grader[mark.grader].append(mark)
        by_answer[mark.answer].append(mark)
    out = []
    for grader, own in by_grader.items():
        total = sum((m.score for m in own), Decimal(0))
        full = sum((m.points for m in own), Decimal(0))
        differences = [
            mine.score - other.score
            for mine in own
            for other in by_answer[mine.answer]
            if other.grader != grader
        ]
        out.append(
            GraderStats(
                grader=grader,
                marks=len(own),
                mean=round_ratio(total, Decimal(len(own))),
                mean_percent=round_ratio(total * HUNDRED, full) if full > 0 else None,
                paired=len(differences),
                bias=_mean(differences),
                spread=_mean([abs(d) for d in differences]),
            )
        )
    return out


def _mean(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    return round_ratio(sum(values, Decimal(0)), Decimal(len(values)))


@dataclass(frozen=True)
class Agreement:
    """How often two graders' marks on the same answer agreed (within the threshold)."""

    pairs: int
    agreed: int

    @property
    def rate(self) -> Decimal | None:
        """Agreed pairs as a percentage (two decimals), ``None`` before any pair."""
        return (
            round_ratio(Decimal(self.agreed) * HUNDRED, Decimal(self.pairs)) if self.pairs else None
        )


def agreement(pairs: Iterable[tuple[Decimal, Decimal]], threshold: Decimal) -> Agreement:
    """Count the mark pairs that differ by at most ``threshold`` (the rule of
    :func:`questionbank.grading.combine_marks`: exactly at the threshold agrees).

    :raises ValueError: if ``threshold`` is negative.
    """
    if threshold < 0:
        raise ValueError(f"the arbitration threshold must not be negative, not {threshold}")
    seen = agreed = 0
    for first, second in pairs:
        seen += 1
        agreed += abs(first - second) <= threshold
    return Agreement(seen, agreed)
