"""Banks in and out: all-or-nothing imports (with a dry run) and exports, and the image store.

A file is parsed by :mod:`questionbank.io` into plain data first; this module checks what only
the database can tell (does question N exist? does a stem duplicate one already in the bank?
is every referenced image available?) and then writes everything, or nothing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from examsvc.bank.queries import BankFilter, all_matching
from examsvc.bank.services import (
    Actor,
    content_of,
    create_question,
    stem_key,
    update_question,
)
from examsvc.errors import InvalidInputError
from examsvc.models import Image, Question
from questionbank.images import check_image
from questionbank.io.common import ImageBlob, ImportResult
from questionbank.model import Question as DomainQuestion
from questionbank.model import QuestionStatus
from questionbank.problems import N_, Problem, error, warning
from questionbank.render import image_refs

#: the spreadsheet column that holds question ids (for locating id problems)
ID_COLUMN = "编号"
STEM_COLUMN = "题干"


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do)."""

    format: str
    dry_run: bool
    status: str
    counts_by_type: dict[str, int] = field(default_factory=dict)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    images: int = 0
    warnings: list[Problem] = field(default_factory=list)
    unsupported: list[Problem] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        """Plain data (stored with the import and shown again on the confirm page)."""
        return {
            "format": self.format,
            "dry_run": self.dry_run,
            "status": self.status,
            "counts_by_type": self.counts_by_type,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "images": self.images,
            "warnings": [p.located() for p in self.warnings],
            "unsupported": [p.located() for p in self.unsupported],
        }


def import_questions(
    session: Session,
    result: ImportResult,
    *,
    actor: Actor,
    now: datetime,
    status: QuestionStatus = QuestionStatus.DRAFT,
    dry_run: bool = False,
    skip_unsupported: bool = False,
) -> ImportReport:
    """Import a parsed file all-or-nothing.

    Nothing is written when anything is wrong: a row error, an unknown question id, a missing
    image, or (unless ``skip_unsupported``) a construct with no equivalent here. Duplicated
    stems are warnings, not errors. A dry run checks everything and writes nothing.

    :raises InvalidInputError: with every problem, located by row and column.
    """
    if status not in (QuestionStatus.DRAFT, QuestionStatus.ACTIVE):
        raise InvalidInputError("imported questions start as draft or active")
    problems = list(result.errors)
    problems += _id_problems(session, result)
    problems += _image_problems(session, result)
    if result.unsupported and not skip_unsupported and not dry_run:
        problems += [p.at(severity="error") for p in result.unsupported]
    if problems:
        raise InvalidInputError(
            f"nothing imported: {len(problems)} problem(s) in the file", problems=problems
        )

    report = ImportReport(
        format=result.format,
        dry_run=dry_run,
        status=status.value,
        counts_by_type=result.counts_by_type(),
        warnings=list(result.warnings) + _duplicate_warnings(session, result),
        unsupported=list(result.unsupported),
    )
    existing = _existing(session, result)
    for item in result.questions:
        question = item.question
        if question.id is None:
            report.created += 1
        elif content_of(existing[question.id].current_version) == question.content and sorted(
            existing[question.id].tags
        ) == sorted(question.tags):
            report.unchanged += 1
        else:
            report.updated += 1
    report.images = len(result.images)
    if dry_run:
        return report

    for blob in result.images.values():
        stored = store_image(session, blob.data, actor_id=actor.id, now=now)
        if stored.digest != blob.digest:  # a reader bug, never the user's: refuse loudly
            raise InvalidInputError(f"image {blob.digest[:12]} does not match its content")
    for item in result.questions:
        question = item.question
        if question.id is None:
            create_question(
                session,
                question.content,
                question.tags,
                actor=actor,
                now=now,
                status=status,
                note="imported",
            )
        else:
            update_question(
                session,
                question.id,
                question.content,
                question.tags,
                actor=actor,
                now=now,
                note="imported",
            )
    session.flush()
    return report


def _existing(session: Session, result: ImportResult) -> dict[int, Question]:
    ids = {q.question.id for q in result.questions if q.question.id is not None}
    if not ids:
        return {}
    return {q.id: q for q in session.scalars(select(Question).where(Question.id.in_(ids)))}


def _id_problems(session: Session, result: ImportResult) -> list[Problem]:
    existing = _existing(session, result)
    problems = []
    seen: dict[int, int | None] = {}
    for item in result.questions:
        qid = item.question.id
        if qid is None:
            continue
        located = {"row": item.row, "column": ID_COLUMN, "where": item.where}
        if qid not in existing:
            problems.append(
                error("id", N_("there is no question %(id)s to update"), id=qid).at(**located)
            )
        elif existing[qid].status is QuestionStatus.RETIRED:
            problems.append(error("id", N_("question %(id)s is retired"), id=qid).at(**located))
        if qid in seen:
            problems.append(
                error(
                    "id",
                    N_("question %(id)s is updated twice (also row %(other)s)"),
                    id=qid,
                    other=seen[qid],
                ).at(**located)
            )
        seen[qid] = item.row
    return problems


def _image_problems(session: Session, result: ImportResult) -> list[Problem]:
    wanted: dict[str, object] = {}
    for item in result.questions:
        content = item.question.content
        texts = [content.stem, *content.options, content.explanation]
        if isinstance(content.answer, str):
            texts.append(content.answer)
        for digest in set().union(*(image_refs(t) for t in texts)):
            wanted.setdefault(digest, item)
    missing = set(wanted) - set(result.images)
    if missing:
        stored = set(session.scalars(select(Image.digest).where(Image.digest.in_(missing))))
        missing -= stored
    return [
        error(
            "stem",
            N_("image %(digest)s is neither in the file nor in the image store"),
            digest=digest[:12],
        ).at(row=wanted[digest].row, where=wanted[digest].where)  # type: ignore[attr-defined]
        for digest in sorted(missing)
    ]


def _duplicate_warnings(session: Session, result: ImportResult) -> list[Problem]:
    keys = {stem_key(item.question.content.stem): item for item in result.questions}
    rows = session.execute(
        select(Question.id, Question.stem_key).where(Question.stem_key.in_(keys))
    )
    warnings = []
    for qid, key in rows:
        item = keys[key]
        if item.question.id == qid:
            continue
        warnings.append(
            warning("stem", N_("the same stem as question %(id)s already in the bank"), id=qid).at(
                row=item.row, column=STEM_COLUMN, where=item.where
            )
        )
    return warnings


# --------------------------------------------------------------------------- export


def export_questions(
    session: Session, flt: BankFilter
) -> tuple[list[DomainQuestion], dict[str, ImageBlob]]:
    """The matching questions as domain objects (with ids, so a re-import updates them) and
    the images they refer to."""
    questions = []
    digests: set[str] = set()
    for question in all_matching(session, flt):
        version = question.current_version
        assert version is not None
        content = content_of(version)
        questions.append(
            DomainQuestion(
                content=content, tags=tuple(question.tags), id=question.id, status=question.status
            )
        )
        for text in (content.stem, *content.options, content.explanation):
            digests |= image_refs(text)
    images = {
        img.digest: ImageBlob(img.digest, img.mime, img.data)
        for img in session.scalars(select(Image).where(Image.digest.in_(digests)))
    }
    return questions, images


# --------------------------------------------------------------------------- images


def store_image(session: Session, data: bytes, *, actor_id: int | None, now: datetime) -> Image:
    """Put an image in the store (once per content) and return it.

    :raises InvalidInputError: not PNG/JPEG/GIF/WebP by its bytes, empty, or over 5 MB.
    """
    from questionbank.problems import ValidationError

    try:
        digest, mime = check_image(data)
    except ValidationError as exc:
        raise InvalidInputError("the image was refused", problems=exc.problems) from exc
    image = session.get(Image, digest)
    if image is None:
        image = Image(
            digest=digest,
            mime=mime,
            size=len(data),
            data=data,
            created_by_id=actor_id,
            created_at=now,
        )
        session.add(image)
        session.flush()
    return image


def counts_summary(report: ImportReport) -> str:
    """A one-line summary for the CLI: counts per type, created/updated/unchanged."""
    per_type = ", ".join(f"{k} {v}" for k, v in sorted(Counter(report.counts_by_type).items()))
    verb = "would import" if report.dry_run else "imported"
    return (
        f"{verb} {sum(report.counts_by_type.values())} question(s) ({per_type or 'none'}): "
        f"{report.created} new, {report.updated} updated, {report.unchanged} unchanged; "
        f"{len(report.warnings)} warning(s)"
    )
