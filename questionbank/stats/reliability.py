"""Reliability of the theory paper: Cronbach's alpha, KR-20 and the standard error of
measurement.

**The common structure.** Every contestant has their own paper, drawn at random from the
question pool by the stage's blueprint, so no two contestants need share a single question and
"alpha over the questions" does not exist. What they do share is the blueprint: section ``s``
holds the same number of items of one type worth the same points on every paper. The j-th item
of section s on each paper (in paper order) is a *slot*, a random draw from the same pool, and
the slots are what alpha is computed over: the reliability of a randomly drawn paper of this
blueprint, which is the reliability the contest actually has (Lord's randomly parallel tests).
The alternatives were rejected: grouping contestants by identical question sets leaves groups of
one; alpha over the four or so section scores has too few parts to say much and mixes unlike
parts. Contestants whose papers have another structure (the blueprint was changed after some
papers were built) are left out and counted in :attr:`Reliability.excluded`; the largest group
sharing one structure is used.

Formulas, for n contestants and k slots with scores ``x_ij`` and totals ``X_i = Σ_j x_ij``:

* **Cronbach's alpha** = ``k / (k − 1) × (1 − Σ_j var(x_j) / var(X))`` over every slot, in
  points (the total people see is the sum of points). The variances' divisor cancels out.
* **KR-20** = ``k / (k − 1) × (1 − Σ_j p_j (1 − p_j) / var(X))`` over the right-or-wrong slots
  only (single choice, true/false, strictly scored multiple choice), each scored 0/1, with
  ``p_j`` the share right and ``var`` the population variance (divisor n) of the number right:
  the objective part's consistency; equal to alpha on the same 0/1 scores.
* **SEM** = ``SD × sqrt(1 − alpha)`` with SD the sample standard deviation of the paper's raw
  totals; also on the 0–100 scale (× 100 / full marks). ``sqrt(1 − alpha)`` is Moodle's "error
  ratio".

Each is ``None`` when undefined: fewer than two slots or contestants, or totals that do not vary.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from questionbank.model import QuestionType
from questionbank.stats.data import AttemptResult, ItemResult
from questionbank.stats.descriptive import sample_sd

#: one slot of the structure: (section, type, points)
Slot = tuple[int, QuestionType, Decimal]


@dataclass(frozen=True)
class Reliability:
    """Reliability of a stage's theory paper over its common structure (module docstring)."""

    n: int
    excluded: int
    slots: int
    full_marks: Decimal | None
    alpha: float | None
    kr20: float | None
    kr20_slots: int
    sd: float | None
    sem: float | None
    #: Cronbach's alpha within each section: (section, slots, alpha)
    sections: tuple[tuple[int, int, float | None], ...] = ()

    @property
    def error_ratio(self) -> float | None:
        """``sqrt(1 − alpha)``: the SEM as a share of the SD."""
        return math.sqrt(1 - self.alpha) if self.alpha is not None else None

    @property
    def sem_100(self) -> float | None:
        """The SEM on the 0–100 scale."""
        if self.sem is None or not self.full_marks:
            return None
        return self.sem * 100 / float(self.full_marks)


def _variance(values: Sequence[float], ddof: int) -> float:
    n = len(values)
    m = math.fsum(values) / n
    return math.fsum((v - m) ** 2 for v in values) / (n - ddof)


def cronbach_alpha(rows: Sequence[Sequence[float]]) -> float | None:
    """Cronbach's alpha of a score matrix (a row per contestant, a column per item).

    :raises ValueError: if the rows differ in length.
    """
    if not rows:
        return None
    k = len(rows[0])
    if any(len(row) != k for row in rows):
        raise ValueError("every row needs one score per item")
    n = len(rows)
    if k < 2 or n < 2:
        return None
    totals = [math.fsum(row) for row in rows]
    total_var = _variance(totals, 1)
    if total_var <= 1e-15:
        return None
    item_var = math.fsum(_variance([row[j] for row in rows], 1) for j in range(k))
    return k / (k - 1) * (1 - item_var / total_var)


def kr20(rows: Sequence[Sequence[int | float]]) -> float | None:
    """Kuder–Richardson 20 of a 0/1 score matrix (a row per contestant).

    :raises ValueError: if the rows differ in length or hold anything but 0 and 1.
    """
    if not rows:
        return None
    k = len(rows[0])
    if any(len(row) != k for row in rows):
        raise ValueError("every row needs one score per item")
    if any(v not in (0, 1) for row in rows for v in row):
        raise ValueError("KR-20 needs items scored 0 or 1")
    n = len(rows)
    if k < 2 or n < 2:
        return None
    totals = [float(sum(row)) for row in rows]
    total_var = _variance(totals, 0)
    if total_var <= 1e-15:
        return None
    pq = math.fsum((p := sum(row[j] for row in rows) / n) * (1 - p) for j in range(k))
    return k / (k - 1) * (1 - pq / total_var)


def structure(attempt: AttemptResult) -> tuple[tuple[Slot, ...], tuple[ItemResult, ...]]:
    """The paper's slots in order (section, then position) and its items in that order."""
    ordered = tuple(sorted(attempt.items, key=lambda item: (item.section, item.position)))
    return tuple((i.section, i.qtype, i.points) for i in ordered), ordered


def reliability(attempts: Iterable[AttemptResult]) -> Reliability:
    """Alpha, KR-20 and SEM of the papers over their common structure."""
    groups: dict[tuple[Slot, ...], list[tuple[ItemResult, ...]]] = defaultdict(list)
    total = 0
    for attempt in attempts:
        signature, items = structure(attempt)
        groups[signature].append(items)
        total += 1
    if not groups:
        return Reliability(0, 0, 0, None, None, None, 0, None, None)
    # the largest group; among equals the one that sorts first, so the choice is stable
    signature = min(groups, key=lambda s: (-len(groups[s]), repr(s)))
    papers = groups[signature]
    rows = [[float(item.score) for item in items] for items in papers]
    sd = sample_sd([math.fsum(row) for row in rows])
    alpha = cronbach_alpha(rows)
    binary_columns = [j for j, item in enumerate(papers[0]) if item.is_dichotomous]
    binary = [
        [1 if items[j].points and items[j].score >= items[j].points else 0 for j in binary_columns]
        for items in papers
    ]
    sections = []
    for section in sorted({slot[0] for slot in signature}):
        columns = [j for j, slot in enumerate(signature) if slot[0] == section]
        sections.append(
            (section, len(columns), cronbach_alpha([[row[j] for j in columns] for row in rows]))
        )
    return Reliability(
        n=len(papers),
        excluded=total - len(papers),
        slots=len(signature),
        full_marks=sum((slot[2] for slot in signature), Decimal(0)),
        alpha=alpha,
        kr20=kr20(binary) if binary_columns else None,
        kr20_slots=len(binary_columns),
        sd=sd,
        sem=sd * math.sqrt(1 - alpha) if sd is not None and alpha is not None else None,
        sections=tuple(sections),
    )
