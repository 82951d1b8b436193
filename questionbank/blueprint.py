"""The blueprint of a stage's theory paper: sections, tag quotas and a difficulty target.

A :class:`Blueprint` says what every paper of a stage holds; :mod:`questionbank.assembly` draws
one paper per contestant from it. Every paper of a stage has the same sections in the same order,
hence the same item count and total points.

* A :class:`Section` takes ``count`` questions of one type, each worth ``points``, whose tags
  match its filters (``tags_any``: at least one of them, if any are given; ``tags_all``: all of
  them) and whose difficulty lies in ``difficulty = (lo, hi)``. A question may match several
  sections; it still appears at most once on a paper.
* A :class:`Quota` bounds how many questions on the whole paper carry one tag, across sections.
* ``target_difficulty`` is the mean difficulty (1–5) every paper must stay within ±0.3 of; when
  absent the assembler uses the pool's own mean (see :mod:`questionbank.assembly`).

Values are checked by :func:`blueprint_problems`, whether they come from the contest file
(:func:`read_blueprint`, with key paths like ``stages[1].exam.sections[2].count``) or from code.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from questionbank.keypath import TableReader, join_path
from questionbank.model import QuestionType, normalise_tag, tag_problems
from questionbank.problems import N_, Problem, error, raise_if_errors

MIN_DIFFICULTY = 1
MAX_DIFFICULTY = 5
DEFAULT_ARBITRATION_THRESHOLD = Decimal("1.0")
#: points of an item have at most this many decimal places (0.5, 0.25), so totals stay exact
POINTS_PLACES = 2


class MultipleScoring(StrEnum):
    """How a multiple-choice item is scored (see the contest file spec)."""

    STRICT = "strict"
    PARTIAL = "partial"
    PER_OPTION = "per_option"


@dataclass(frozen=True)
class Section:
    """One section of a paper: ``count`` questions of ``type``, each worth ``points``.

    Type-specific settings default as the spec says: a multiple-choice section scores
    ``partial`` unless told otherwise; a short-answer section is double-marked with an
    arbitration threshold of 1.0. They stay ``None`` on sections of other types.
    """

    type: QuestionType
    count: int
    points: Decimal
    tags_any: tuple[str, ...] = ()
    tags_all: tuple[str, ...] = ()
    difficulty: tuple[int, int] = (MIN_DIFFICULTY, MAX_DIFFICULTY)
    multiple_scoring: MultipleScoring | None = None
    double_marking: bool | None = None
    arbitration_threshold: Decimal | None = None

    def __post_init__(self) -> None:
        # Defaults depend on the type, so they are filled here rather than in the field list;
        # a frozen dataclass needs object.__setattr__ for that.
        if self.type is QuestionType.MULTIPLE and self.multiple_scoring is None:
            object.__setattr__(self, "multiple_scoring", MultipleScoring.PARTIAL)
        if self.type is QuestionType.SHORT:
            if self.double_marking is None:
                object.__setattr__(self, "double_marking", True)
            if self.arbitration_threshold is None:
                object.__setattr__(self, "arbitration_threshold", DEFAULT_ARBITRATION_THRESHOLD)

    @property
    def total_points(self) -> Decimal:
        """Points of the whole section."""
        return self.points * self.count

    def accepts(self, qtype: QuestionType, difficulty: int, tags: Collection[str]) -> bool:
        """Whether a question of this type, difficulty and tags may fill this section."""
        if qtype != self.type or not self.difficulty[0] <= difficulty <= self.difficulty[1]:
            return False
        if self.tags_any and not any(tag in tags for tag in self.tags_any):
            return False
        return all(tag in tags for tag in self.tags_all)

    def describe(self) -> str:
        """A short description for messages: ``multiple, tags any of area:x, difficulty 2–4``."""
        parts = [str(self.type)]
        if self.tags_any:
            parts.append("tags any of " + " ".join(self.tags_any))
        if self.tags_all:
            parts.append("tags all of " + " ".join(self.tags_all))
        lo, hi = self.difficulty
        if (lo, hi) != (MIN_DIFFICULTY, MAX_DIFFICULTY):
            parts.append(f"difficulty {lo}–{hi}" if lo != hi else f"difficulty {lo}")
        return ", ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """The section as plain data, keyed like the contest file (Decimals kept)."""
        data: dict[str, Any] = {
            "type": str(self.type),
            "count": self.count,
            "points": self.points,
            "tags_any": list(self.tags_any),
            "tags_all": list(self.tags_all),
            "difficulty": list(self.difficulty),
        }
        if self.multiple_scoring is not None:
            data["multiple_scoring"] = str(self.multiple_scoring)
        if self.double_marking is not None:
            data["double_marking"] = self.double_marking
        if self.arbitration_threshold is not None:
            data["arbitration_threshold"] = self.arbitration_threshold
        return data


@dataclass(frozen=True)
class Quota:
    """At least ``min`` and at most ``max`` (``None``: no limit) questions of a paper carry ``tag``."""

    tag: str
    min: int = 0
    max: int | None = None

    def accepts(self, count: int) -> bool:
        """Whether ``count`` questions carrying the tag satisfy the quota."""
        return count >= self.min and (self.max is None or count <= self.max)

    def describe(self) -> str:
        """``source:standard ≥ 16``, ``area:law ≤ 5`` or ``level:apply 10–20``."""
        if self.max is None:
            return f"{self.tag} ≥ {self.min}"
        if self.min == 0:
            return f"{self.tag} ≤ {self.max}"
        return f"{self.tag} {self.min}–{self.max}"

    def to_dict(self) -> dict[str, Any]:
        """The quota as plain data, keyed like the contest file."""
        data: dict[str, Any] = {"tag": self.tag, "min": self.min}
        if self.max is not None:
            data["max"] = self.max
        return data


@dataclass(frozen=True)
class Blueprint:
    """What every paper of a stage holds: sections in order, paper-wide quotas, target, shuffling."""

    sections: tuple[Section, ...]
    quotas: tuple[Quota, ...] = ()
    target_difficulty: Decimal | None = None
    shuffle_questions: bool = True
    shuffle_options: bool = True

    @property
    def total_points(self) -> Decimal:
        """Full marks of a paper."""
        return sum((s.total_points for s in self.sections), Decimal(0))

    @property
    def item_count(self) -> int:
        """Number of items on a paper."""
        return sum(s.count for s in self.sections)

    def to_dict(self) -> dict[str, Any]:
        """The blueprint as plain data, keyed like the ``[stages.exam]`` table (Decimals kept)."""
        data: dict[str, Any] = {
            "shuffle_questions": self.shuffle_questions,
            "shuffle_options": self.shuffle_options,
        }
        if self.target_difficulty is not None:
            data["target_difficulty"] = self.target_difficulty
        data["sections"] = [s.to_dict() for s in self.sections]
        data["quotas"] = [q.to_dict() for q in self.quotas]
        return data

    def canonical_json(self) -> str:
        """A canonical JSON text of the blueprint: sorted keys, tags sorted, numbers normalised.

        Two blueprints that mean the same (``points = 1`` and ``points = 1.0``, tags in another
        order) give the same text.
        """
        return json.dumps(_canonical(self.to_dict()), sort_keys=True, separators=(",", ":"))

    def fingerprint(self) -> str:
        """sha256 (hex) of :meth:`canonical_json`: changes exactly when the blueprint's meaning does."""
        return hashlib.sha256(self.canonical_json().encode("utf-8")).hexdigest()


def _canonical(value: Any) -> Any:
    if isinstance(value, Decimal):
        # normalize() drops trailing zeros; 'f' avoids exponent forms like 1E+1
        return format(value.normalize(), "f")
    if isinstance(value, dict):
        out = {k: _canonical(v) for k, v in value.items()}
        for key in ("tags_any", "tags_all"):
            if key in out:
                out[key] = sorted(set(out[key]))
        return out
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    return value


# --------------------------------------------------------------------------- validation


def _points_problems(path: str, value: Decimal, what: str) -> list[Problem]:
    if not value > 0:
        return [error(path, N_("must be > 0"))]
    if value != value.quantize(Decimal(1).scaleb(-POINTS_PLACES)):
        return [error(path, N_("%(what)s must have at most 2 decimal places"), what=what)]
    return []


def section_problems(section: Section, path: str = "") -> list[Problem]:
    """Every problem with one section; ``path`` is its key path (``…sections[2]``)."""
    problems: list[Problem] = []

    def at(key: str) -> str:
        return join_path(path, key)

    if not isinstance(section.type, QuestionType):
        problems.append(error(at("type"), N_("must be one of single, multiple, truefalse, short")))
        return problems
    if section.count < 1:
        problems.append(error(at("count"), N_("must be ≥ %(min)s"), min=1))
    problems += _points_problems(at("points"), section.points, "points")
    lo, hi = section.difficulty
    if not (MIN_DIFFICULTY <= lo <= MAX_DIFFICULTY and MIN_DIFFICULTY <= hi <= MAX_DIFFICULTY):
        problems.append(error(at("difficulty"), N_("must lie within 1–5")))
    elif lo > hi:
        problems.append(error(at("difficulty"), N_("must be [low, high] with low ≤ high")))
    for key in ("tags_any", "tags_all"):
        for tag in getattr(section, key):
            problems += tag_problems(tag, at(key))
    if section.type is not QuestionType.MULTIPLE and section.multiple_scoring is not None:
        problems.append(error(at("multiple_scoring"), N_("only for multiple-choice sections")))
    if section.type is not QuestionType.SHORT:
        for key in ("double_marking", "arbitration_threshold"):
            if getattr(section, key) is not None:
                problems.append(error(at(key), N_("only for short-answer sections")))
    elif section.arbitration_threshold is not None and section.arbitration_threshold < 0:
        problems.append(error(at("arbitration_threshold"), N_("must be ≥ %(min)s"), min=0))
    return problems


def quota_problems(quota: Quota, item_count: int | None, path: str = "") -> list[Problem]:
    """Every problem with one quota of a paper of ``item_count`` items (``None``: unknown)."""
    problems = tag_problems(quota.tag, join_path(path, "tag"))
    if quota.min < 0:
        problems.append(error(join_path(path, "min"), N_("must be ≥ %(min)s"), min=0))
    elif item_count is not None and quota.min > item_count:
        problems.append(
            error(
                join_path(path, "min"),
                N_("must be ≤ %(max)s (the paper has %(max)s items)"),
                max=item_count,
            )
        )
    if quota.max is not None and quota.max < quota.min:
        problems.append(error(join_path(path, "max"), N_("must be ≥ min (%(min)s)"), min=quota.min))
    return problems


def _parts_problems(
    path: str,
    sections: list[Section | None],
    quotas: list[Quota | None],
    target: Decimal | None,
) -> list[Problem]:
    """Problems of the parts of a blueprint that could be read (``None``: unreadable part)."""
    problems: list[Problem] = []
    if not sections:
        problems.append(error(join_path(path, "sections"), N_("at least one section is required")))
    for i, section in enumerate(sections):
        if section is not None:
            problems += section_problems(section, join_path(join_path(path, "sections"), i))
    # The paper's size is known only when every section was readable.
    items = None if None in sections else sum(s.count for s in sections if s is not None)
    seen: set[str] = set()
    for i, quota in enumerate(quotas):
        if quota is None:
            continue
        qpath = join_path(join_path(path, "quotas"), i)
        problems += quota_problems(quota, items, qpath)
        if quota.tag in seen:
            problems.append(
                error(
                    join_path(qpath, "tag"), N_("a quota for %(tag)s is already set"), tag=quota.tag
                )
            )
        seen.add(quota.tag)
    if target is not None and not MIN_DIFFICULTY <= target <= MAX_DIFFICULTY:
        problems.append(error(join_path(path, "target_difficulty"), N_("must lie within 1–5")))
    return problems


def blueprint_problems(blueprint: Blueprint, path: str = "") -> list[Problem]:
    """Every problem with a blueprint on its own (no pool needed).

    ``path`` prefixes each key path (``stages[0].exam``). Whether the bank can fill the
    blueprint is a separate question: :func:`questionbank.assembly.check_feasibility`.
    """
    return _parts_problems(
        path, list(blueprint.sections), list(blueprint.quotas), blueprint.target_difficulty
    )


def check_blueprint(blueprint: Blueprint) -> Blueprint:
    """Return ``blueprint`` if valid.

    :raises ValidationError: listing every problem.
    """
    raise_if_errors(blueprint_problems(blueprint))
    return blueprint


# --------------------------------------------------------------------------- reading TOML data

#: the keys of an ``[stages.exam]`` table that belong to the blueprint
BLUEPRINT_KEYS = ("shuffle_questions", "shuffle_options", "target_difficulty", "sections", "quotas")


def _tags(reader: TableReader, key: str) -> tuple[str, ...] | None:
    raw = reader.text_list(key)
    if raw is None:
        return None
    return tuple(sorted({normalise_tag(t) for t in raw if t.strip()}))


def _read_section(reader: TableReader) -> Section | None:
    before = len(reader.problems)
    type_text = reader.text("type", required=True)
    qtype = None
    if type_text is not None:
        try:
            qtype = QuestionType(type_text)
        except ValueError:
            reader.fail("type", N_("must be one of single, multiple, truefalse, short"))
    count = reader.integer("count", required=True)
    points = reader.decimal("points", required=True)
    tags_any = _tags(reader, "tags_any")
    tags_all = _tags(reader, "tags_all")
    difficulty = reader.int_list("difficulty")
    if difficulty is not None and len(difficulty) != 2:
        reader.fail("difficulty", N_("must be [low, high], e.g. [2, 4]"))
    scoring = None
    scoring_text = reader.text("multiple_scoring")
    if scoring_text is not None:
        try:
            scoring = MultipleScoring(scoring_text)
        except ValueError:
            reader.fail("multiple_scoring", N_("must be one of strict, partial, per_option"))
    double = reader.boolean("double_marking")
    threshold = reader.decimal("arbitration_threshold")
    reader.finish()
    if len(reader.problems) > before:
        return None
    assert qtype is not None and count is not None and points is not None
    return Section(
        type=qtype,
        count=count,
        points=points,
        tags_any=tags_any or (),
        tags_all=tags_all or (),
        difficulty=(difficulty[0], difficulty[1])
        if difficulty
        else (MIN_DIFFICULTY, MAX_DIFFICULTY),
        multiple_scoring=scoring,
        double_marking=double,
        arbitration_threshold=threshold,
    )


def _read_quota(reader: TableReader) -> Quota | None:
    before = len(reader.problems)
    tag = reader.text("tag", required=True)
    low = reader.integer("min", default=0)
    high = reader.integer("max")
    reader.finish()
    if len(reader.problems) > before:
        return None
    assert tag is not None and low is not None
    return Quota(tag=normalise_tag(tag), min=low, max=high)


def read_blueprint(reader: TableReader) -> Blueprint | None:
    """Read the blueprint keys (:data:`BLUEPRINT_KEYS`) of an exam table.

    Records every problem in ``reader.problems`` at its key path and returns ``None`` if there
    was any. The caller reads the table's other keys and calls ``reader.finish()``.
    """
    before = len(reader.problems)
    shuffle_questions = reader.boolean("shuffle_questions", default=True)
    shuffle_options = reader.boolean("shuffle_options", default=True)
    target = reader.decimal("target_difficulty")
    section_readers = reader.table_list("sections", required=True)
    sections = [_read_section(r) for r in section_readers or []]
    quotas = [_read_quota(r) for r in reader.table_list("quotas") or []]
    if section_readers is not None:
        # Check every part that could be read, so one typo does not hide other problems.
        reader.problems.extend(_parts_problems(reader.path, sections, quotas, target))
    if len(reader.problems) > before:
        return None
    return Blueprint(
        sections=tuple(s for s in sections if s is not None),
        quotas=tuple(q for q in quotas if q is not None),
        target_difficulty=target,
        shuffle_questions=bool(shuffle_questions),
        shuffle_options=bool(shuffle_options),
    )


def blueprint_from_dict(data: Mapping[str, Any], path: str = "") -> Blueprint:
    """A blueprint from a plain mapping shaped like the ``[stages.exam]`` table's blueprint keys.

    :raises ValidationError: listing every problem, each at its key path below ``path``;
        unknown keys are problems too.
    """
    problems: list[Problem] = []
    reader = TableReader(data, path, problems)
    blueprint = read_blueprint(reader)
    reader.finish()
    raise_if_errors(problems)
    assert blueprint is not None
    return blueprint
