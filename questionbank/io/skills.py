"""Skill scores from the judges (xlsx or csv, one contestant a row), read and checked.

Columns: ``准考证号`` / ``ticket`` and ``技能成绩`` / ``skill`` (required); ``姓名`` / ``name``
(optional: the service warns when it differs from the name enrolled under the ticket) and
``序号`` / ``备注`` (ignored).

A score is a number from 0 to 100 with at most two decimals (``85``, ``85.5``, ``85.50``);
``缺考`` / ``absent`` records that the contestant missed the skills part (any score recorded
before is withdrawn). An empty score, any other text, a score out of range or with more
decimals, and a ticket repeated in the file are errors, each located by row and column.
Whether a ticket belongs to the stage is the service's question.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from questionbank.eligibility import clean_text
from questionbank.grading import has_cents_only
from questionbank.io.tables import CheckedFile, Column, read_table, write_table
from questionbank.problems import N_, Problem, ValidationError, error

SKILL_COLUMNS: tuple[Column, ...] = (
    Column("no", "序号", ("number",)),
    Column("ticket", "准考证号", ("ticket", "准考证", "准考证号码"), required=True),
    Column("name", "姓名", ("name",)),
    Column("skill", "技能成绩", ("skill", "技能操作成绩", "技能分数", "成绩"), required=True),
    Column("note", "备注", ("note", "remark")),
)
ABSENT_WORDS = frozenset({"缺考", "ABSENT", "缺席"})
MAX_SKILL = Decimal(100)


@dataclass(frozen=True)
class SkillRow:
    """One checked row: ``skill`` is ``None`` when the file says the contestant was absent."""

    row: int
    ticket: str
    skill: Decimal | None
    name: str = ""


@dataclass
class SkillsFile(CheckedFile):
    """What :func:`read_skills` found: the checked rows and every problem."""

    rows: list[SkillRow] = field(default_factory=list)


def parse_skill(text: str) -> Decimal | None:
    """A skill score from its text: a Decimal, or ``None`` for 缺考 / absent.

    :raises ValidationError: (field ``skill``) for an empty cell, text that is not a number, a
        number outside 0–100 or one with more than two decimals.
    """
    value = clean_text(text)
    if value.upper() in ABSENT_WORDS:
        return None
    try:
        score = Decimal(value)
    except InvalidOperation:
        score = None
    if not value:
        message = N_("give a score from 0 to 100, or 缺考")
    elif score is None or not score.is_finite():
        message = N_("%(value)s is not a score (0–100, or 缺考)")
    elif not 0 <= score <= MAX_SKILL:
        message = N_("a skill score is from 0 to 100, not %(value)s")
    elif not has_cents_only(score):
        message = N_("at most two decimals, not %(value)s")
    else:
        return score
    raise ValidationError([error("skill", message, value=value)])


def read_skills(data: bytes, filename: str) -> SkillsFile:
    """Read and check a skill-score file; never raises for bad input.

    ``rows`` holds the rows that passed; import them only when :attr:`SkillsFile.ok`.
    """
    table = read_table(data, filename, SKILL_COLUMNS)
    result = SkillsFile(
        problems=list(table.problems),
        format=table.format,
        row_count=len(table.rows),
        headers=dict(table.headers),
        columns=SKILL_COLUMNS,
    )
    first_row: dict[str, int] = {}
    for row in table.rows:
        problems: list[Problem] = []
        ticket = clean_text(row["ticket"])
        if not ticket:
            problems.append(result.problem("ticket", N_("required"), row.number))
        elif first_row.setdefault(ticket, row.number) != row.number:
            problems.append(
                result.problem(
                    "ticket",
                    N_("ticket %(ticket)s is also on row %(row)s"),
                    row.number,
                    ticket=ticket,
                    row=first_row[ticket],
                )
            )
        skill = None
        try:
            skill = parse_skill(row["skill"])
        except ValidationError as exc:
            label = result.headers.get("skill", "技能成绩")
            problems += [p.at(row=row.number, column=label) for p in exc.problems]
        result.problems += problems
        if not problems:
            result.rows.append(SkillRow(row.number, ticket, skill, clean_text(row["name"])))
    return result


def skills_template(fmt: str, tickets: Sequence[tuple[str, str]] = ()) -> bytes:
    """A skill-score sheet for the judges as ``xlsx`` or ``csv``: one row per ``(ticket,
    name)`` with the score left blank.

    :raises ValueError: for another format.
    """
    rows = [[ticket, name, None] for ticket, name in tickets]
    return write_table(["准考证号", "姓名", "技能成绩"], rows, fmt, widths=[14, 12, 10])
