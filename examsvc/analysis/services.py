"""Results analysis of a stage and its feedback into the bank.

The figures are computed on request from the final marks (so they follow every change of a
mark at once): :func:`stage_analysis` reads the stage (:mod:`examsvc.analysis.collect`) and
hands it to :func:`questionbank.stats.analyse_stage`. The bank needs the per-question figures
of every stage on many pages, so those are also kept in a small cache row per stage
(``SiteSetting`` ``analysis.items.<stage id>``), keyed by a fingerprint of the stage's marks and
the flag thresholds: a changed mark, a regrade or new thresholds change the fingerprint and the
figures are recomputed on the next read. The cache is a copy, never a source: deleting it loses
nothing. Writing it is the only write these functions do; a read-only request that triggers it
commits afterwards when :func:`cache_written` says so (else the copy is simply recomputed next
time).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from examsvc.analysis.collect import stage_data
from examsvc.database import begin_write, insert_for
from examsvc.errors import NotFoundError
from examsvc.models import Attempt, ItemScore, PaperItem, Question, SiteSetting, Stage
from questionbank.stats.flags import PROBLEM_CODES, FlagThresholds, ItemFlag
from questionbank.stats.report import StageAnalysis, analyse_stage

CACHE_PREFIX = "analysis.items."
#: ``session.info`` key set when a cache row was written in the session's transaction
CACHE_WRITTEN = "analysis_cache_written"
#: bump when the figures' definitions change, so old cache rows are recomputed
STATS_VERSION = 1


def stage_by_code(session: Session, code: str) -> Stage:
    """A stage by code (the latest contest's, should several contests share codes).

    :raises NotFoundError: no such stage.
    """
    stage = session.scalar(select(Stage).where(Stage.code == code).order_by(Stage.id.desc()))
    if stage is None:
        raise NotFoundError(f"no stage {code}")
    return stage


def stage_analysis(session: Session, stage: Stage, thresholds: FlagThresholds) -> StageAnalysis:
    """Every figure of the stage, from its final marks."""
    return analyse_stage(stage_data(session, stage), thresholds)


def stages_with_results(session: Session) -> list[tuple[Stage, int]]:
    """Stages with at least one attempt, newest contest first, and how many attempts each."""
    rows = session.execute(
        select(Stage, func.count(Attempt.id))
        .join(Attempt, Attempt.stage_id == Stage.id)
        .group_by(Stage.id)
        .order_by(Stage.contest_id.desc(), Stage.ordinal)
    ).all()
    return [(stage, count) for stage, count in rows]


def marks_fingerprint(session: Session, stage: Stage, thresholds: FlagThresholds) -> str:
    """A digest of everything the stage's item figures depend on: the final item scores
    (count, sums, last change) and the thresholds."""
    count, finals, total, weighted, last = session.execute(
        select(
            func.count(),
            func.count().filter(ItemScore.final.is_(True)),
            func.coalesce(func.sum(ItemScore.score), 0),
            func.coalesce(func.sum(ItemScore.score * ItemScore.item_no), 0),
            func.max(ItemScore.updated_at),
        )
        .join(Attempt, Attempt.id == ItemScore.attempt_id)
        .where(Attempt.stage_id == stage.id)
    ).one()
    basis = [
        STATS_VERSION,
        count,
        finals,
        str(total),
        str(weighted),
        last.isoformat() if isinstance(last, datetime) else str(last),
        thresholds.as_dict(),
    ]
    return hashlib.sha256(json.dumps(basis, sort_keys=True, default=str).encode()).hexdigest()


@dataclass(frozen=True)
class QuestionFigures:
    """One question's figures in one stage (what the bank shows)."""

    stage_id: int
    n: int
    facility: float | None
    discrimination: float | None
    item_rest: float | None
    efficiency: float | None
    options: list[dict[str, Any]]
    flags: list[ItemFlag]

    @property
    def flagged(self) -> bool:
        """Whether a flag asks an author to look at the question."""
        return any(f.code in PROBLEM_CODES for f in self.flags)

    def as_dict(self) -> dict[str, Any]:
        """The figures as plain data (the cache row and the API)."""
        return {
            "stage_id": self.stage_id,
            "n": self.n,
            "facility": self.facility,
            "discrimination": self.discrimination,
            "item_rest": self.item_rest,
            "efficiency": self.efficiency,
            "options": self.options,
            "flags": [f.as_dict() for f in self.flags],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> QuestionFigures:
        """Back from :meth:`as_dict`."""
        return cls(
            stage_id=data["stage_id"],
            n=data["n"],
            facility=data["facility"],
            discrimination=data["discrimination"],
            item_rest=data["item_rest"],
            efficiency=data["efficiency"],
            options=data["options"],
            flags=[ItemFlag(f["code"], f["message"], f["params"]) for f in data["flags"]],
        )


def _figures(stage: Stage, analysis: StageAnalysis) -> dict[int, QuestionFigures]:
    return {
        item.question_id: QuestionFigures(
            stage_id=stage.id,
            n=item.n,
            facility=item.facility,
            discrimination=item.discrimination,
            item_rest=item.item_rest,
            efficiency=item.efficiency,
            options=[
                {"key": o.key, "is_key": o.is_key, "count": o.count, "share": o.share}
                for o in item.options
            ],
            flags=list(item.flags),
        )
        for item in analysis.items
    }


def figures_of(
    session: Session, stages: list[Stage], thresholds: FlagThresholds, *, now: datetime
) -> dict[int, dict[int, QuestionFigures]]:
    """Stage id → question id → the question's figures in that stage: from the cache where the
    fingerprint matches, else recomputed. Every stage is read first; the recomputed ones are
    then stored together, so the (SQLite) write lock is held only for the upserts, never while
    computing."""
    found: dict[int, dict[int, QuestionFigures]] = {}
    stale: list[tuple[str, dict[str, Any]]] = []
    for stage in stages:
        key = f"{CACHE_PREFIX}{stage.id}"
        fingerprint = marks_fingerprint(session, stage, thresholds)
        cached = session.get(SiteSetting, key)
        if cached is not None and cached.value.get("fingerprint") == fingerprint:
            found[stage.id] = {
                int(q): QuestionFigures.from_dict(v) for q, v in cached.value["items"].items()
            }
            continue
        figures = _figures(stage, stage_analysis(session, stage, thresholds))
        found[stage.id] = figures
        stale.append(
            (
                key,
                {
                    "fingerprint": fingerprint,
                    "items": {str(q): f.as_dict() for q, f in figures.items()},
                },
            )
        )
    if stale:
        # a read-only request (GET) upgrades to a writing transaction first; then upserts, so
        # two requests recomputing at once both succeed
        begin_write(session)
        for key, value in stale:
            stmt = insert_for(session, SiteSetting.__table__).values(
                key=key, value=value, updated_at=now
            )
            session.execute(
                stmt.on_conflict_do_update(
                    index_elements=["key"],
                    set_={"value": stmt.excluded.value, "updated_at": stmt.excluded.updated_at},
                )
            )
        session.info[CACHE_WRITTEN] = True
    return found


def stage_figures(
    session: Session, stage: Stage, thresholds: FlagThresholds, *, now: datetime
) -> dict[int, QuestionFigures]:
    """Per question, its figures in the stage (see :func:`figures_of`)."""
    return figures_of(session, [stage], thresholds, now=now)[stage.id]


def cache_written(session: Session) -> bool:
    """Whether figures were recomputed and stored since the last call (the caller of a
    read-only request then commits, so the next request finds them)."""
    return bool(session.info.pop(CACHE_WRITTEN, False))


def question_stages(session: Session, question_id: int, *, now: datetime) -> list[Stage]:
    """The stages whose exam window has closed by ``now`` and whose papers carried the
    question, in contest order. A stage still sitting is left out: its figures would change
    with every submission, and recomputing them on bank pages would compete with the exam."""
    return list(
        session.scalars(
            select(Stage)
            .where(
                Stage.closes_at <= now,
                Stage.id.in_(
                    select(Attempt.stage_id)
                    .join(PaperItem, PaperItem.paper_id == Attempt.paper_id)
                    .where(PaperItem.question_id == question_id)
                ),
            )
            .order_by(Stage.contest_id, Stage.ordinal)
        )
    )


def question_stats(
    session: Session, question_id: int, thresholds: FlagThresholds, *, now: datetime
) -> list[tuple[Stage, QuestionFigures]]:
    """The question's figures in every closed stage it appeared in (a stage is left out while
    no paper carrying the question has all its final marks)."""
    stages = question_stages(session, question_id, now=now)
    found = figures_of(session, stages, thresholds, now=now)
    return [
        (stage, found[stage.id][question_id]) for stage in stages if question_id in found[stage.id]
    ]


def question_flags(
    session: Session, question_id: int, thresholds: FlagThresholds | None = None, *, now: datetime
) -> list[ItemFlag]:
    """Every flag the question's statistics raise, over all stages it appeared in."""
    thresholds = thresholds or FlagThresholds()
    return [
        flag
        for _stage, figures in question_stats(session, question_id, thresholds, now=now)
        for flag in figures.flags
    ]


def flagged_question_ids(
    session: Session, thresholds: FlagThresholds, *, now: datetime
) -> dict[int, list[str]]:
    """Question id → the codes of its problem flags, for every question flagged in any stage
    whose exam window has closed (the bank list's "flagged by statistics" filter)."""
    out: dict[int, list[str]] = {}
    stages = [stage for stage, _n in stages_with_results(session) if stage.closes_at <= now]
    for figures_by_question in figures_of(session, stages, thresholds, now=now).values():
        for qid, figures in figures_by_question.items():
            codes = [f.code for f in figures.flags if f.code in PROBLEM_CODES]
            if codes:
                out.setdefault(qid, [])
                out[qid] += [c for c in codes if c not in out[qid]]
    return out


def flagged_filter(
    session: Session, thresholds: FlagThresholds, *, now: datetime
) -> ColumnElement[bool]:
    """A condition for a query over ``Question``: flagged by statistics in any stage (for the
    bank list's filter: ``query.where(flagged_filter(session, thresholds, now=now))``)."""
    return Question.id.in_(sorted(flagged_question_ids(session, thresholds, now=now)))
