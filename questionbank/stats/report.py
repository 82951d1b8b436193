"""The analysis of a stage: every figure of :mod:`questionbank.stats` in one value.

Scores on the 0–100 scale follow the ranking's rules (:mod:`questionbank.ranking`): theory =
raw / full × 100 and the skill score, each rounded half-up to two decimals, and total =
``theory_weight × theory + skill_weight × skill`` rounded the same way, a missing part counting 0.
Only final marks count: a contestant whose paper still waits for a mark is left out of every
figure and counted in :attr:`StageAnalysis.pending`; a contestant with neither part is absent
and not a participant.
"""

from __future__ import annotations

import dataclasses
import enum
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from questionbank.grading import quantize_score, theory_score
from questionbank.model import QuestionType
from questionbank.stats.data import AttemptResult, Sitting, StageData
from questionbank.stats.descriptive import Bin, Summary, even_edges, histogram, summarize
from questionbank.stats.flags import FlagThresholds, is_flagged, with_flags
from questionbank.stats.items import (
    GROUP_SHARE,
    ItemStats,
    PositionBias,
    item_statistics,
    position_bias,
)
from questionbank.stats.markers import MarkerReport, marker_report
from questionbank.stats.reliability import Reliability, reliability

ZERO = Decimal(0)
#: histogram bins on the 0–100 scale
SCALE_EDGES = even_edges(0, 100, 10)


@dataclass(frozen=True)
class Scores:
    """One participant's scores on the 0–100 scale (``None``: that part is absent)."""

    key: str
    organisation: str
    theory: Decimal | None
    skill: Decimal | None
    total: Decimal


@dataclass(frozen=True)
class SectionSummary:
    """The scores of one blueprint section, in points, over the marked papers."""

    section: int
    qtype: QuestionType
    items: int
    full: Decimal
    summary: Summary

    @property
    def facility(self) -> float | None:
        """The section's mean score as a share of its full marks."""
        if self.summary.mean is None or not self.full:
            return None
        return self.summary.mean / float(self.full)


@dataclass(frozen=True)
class GroupSummary:
    """The theory, skill and total scores of one organisation's participants."""

    name: str
    participants: int
    theory: Summary
    skill: Summary
    total: Summary


@dataclass(frozen=True)
class StageAnalysis:
    """Everything the analysis page, the export and the bank show for a stage."""

    participants: int
    absent: int
    pending: int
    theory: Summary
    skill: Summary
    total: Summary
    histograms: dict[str, list[Bin]]
    sections: tuple[SectionSummary, ...]
    organisations: tuple[GroupSummary, ...]
    reliability: Reliability
    items: tuple[ItemStats, ...]
    positions: PositionBias
    markers: MarkerReport
    thresholds: FlagThresholds
    scores: tuple[Scores, ...] = ()

    @property
    def flagged(self) -> tuple[ItemStats, ...]:
        """The questions an author should look at."""
        return tuple(item for item in self.items if is_flagged(item))

    def item(self, question_id: int) -> ItemStats | None:
        """The statistics of one question, if it was on a marked paper."""
        return next((i for i in self.items if i.question_id == question_id), None)


def scores_of(sitting: Sitting, data: StageData) -> Scores | None:
    """A participant's 0–100 scores, or ``None`` if absent from both parts or waiting for a
    final theory mark."""
    if sitting.theory_pending:
        return None
    attempt = sitting.attempt
    theory = theory_score(attempt.raw, attempt.full_marks) if attempt is not None else None
    skill = quantize_score(Decimal(sitting.skill)) if sitting.skill is not None else None
    if theory is None and skill is None:
        return None
    total = quantize_score(
        data.theory_weight * (theory if theory is not None else ZERO)
        + data.skill_weight * (skill if skill is not None else ZERO)
    )
    return Scores(sitting.key, sitting.organisation, theory, skill, total)


def section_summaries(attempts: Sequence[AttemptResult]) -> tuple[SectionSummary, ...]:
    """Per section: its type, size, full marks and the summary of its scores."""
    scores: dict[int, list[Decimal]] = defaultdict(list)
    shapes: dict[int, Counter[tuple[QuestionType, int, Decimal]]] = defaultdict(Counter)
    for attempt in attempts:
        per: dict[int, list[Any]] = defaultdict(list)
        for item in attempt.items:
            per[item.section].append(item)
        for section, items in per.items():
            scores[section].append(sum((i.score for i in items), ZERO))
            types = Counter(i.qtype for i in items).most_common(1)[0][0]
            full = sum((i.points for i in items), ZERO)
            shapes[section][(types, len(items), full)] += 1
    out = []
    for section in sorted(scores):
        qtype, count, full = shapes[section].most_common(1)[0][0]
        out.append(SectionSummary(section, qtype, count, full, summarize(scores[section])))
    return tuple(out)


def _organisations(scores: Sequence[Scores]) -> tuple[GroupSummary, ...]:
    groups: dict[str, list[Scores]] = defaultdict(list)
    for s in scores:
        groups[s.organisation].append(s)
    return tuple(
        GroupSummary(
            name=name,
            participants=len(rows),
            theory=summarize(r.theory for r in rows if r.theory is not None),
            skill=summarize(r.skill for r in rows if r.skill is not None),
            total=summarize(r.total for r in rows),
        )
        for name, rows in sorted(groups.items())
    )


def analyse_stage(
    data: StageData,
    thresholds: FlagThresholds | None = None,
    share: float = GROUP_SHARE,
) -> StageAnalysis:
    """Every figure of a stage from its final marks (see the module docstrings of
    :mod:`questionbank.stats` for the formulas)."""
    thresholds = thresholds or FlagThresholds()
    scored = [s for sitting in data.sittings if (s := scores_of(sitting, data)) is not None]
    attempts = [s.attempt for s in data.sittings if s.attempt is not None and not s.theory_pending]
    pending = sum(1 for s in data.sittings if s.theory_pending)
    theory = [s.theory for s in scored if s.theory is not None]
    skill = [s.skill for s in scored if s.skill is not None]
    total = [s.total for s in scored]
    return StageAnalysis(
        participants=len(scored),
        absent=len(data.sittings) - len(scored) - pending,
        pending=pending,
        theory=summarize(theory),
        skill=summarize(skill),
        total=summarize(total),
        histograms={
            "theory": histogram(theory, SCALE_EDGES),
            "skill": histogram(skill, SCALE_EDGES),
            "total": histogram(total, SCALE_EDGES),
        },
        sections=section_summaries(attempts),
        organisations=_organisations(scored),
        reliability=reliability(attempts),
        items=tuple(with_flags(item_statistics(attempts, share), thresholds)),
        positions=position_bias(attempts),
        markers=marker_report(data.marks),
        thresholds=thresholds,
        scores=tuple(scored),
    )


def to_data(value: Any) -> Any:
    """A JSON-ready copy of an analysis value: dataclasses become dicts (with their useful
    properties), Decimals strings, enums their values, tuples lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
        for name in _PROPERTIES.get(type(value).__name__, ()):
            out[name] = to_data(getattr(value, name))
        return out
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): to_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_data(v) for v in value]
    return value


_PROPERTIES = {
    "Reliability": ("error_ratio", "sem_100"),
    "SectionSummary": ("facility",),
    "PositionBias": ("answer_shares", "key_shares"),
    "ItemFlag": (),
}
