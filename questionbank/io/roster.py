"""The roster file (xlsx or csv, one contestant a row): read and checked, or written as a
template for organisations to fill in.

Columns (shared/spec/interfaces.md, "Roster file"), matched by the Chinese header or an alias:

========== =============== ======== ===================================================
header     alias           required content
========== =============== ======== ===================================================
姓名       name            yes
性别       gender          no       男/女; must agree with the ID number
身份证号   id_number       yes      18-digit resident ID (checksum, birth date, age)
工作单位   organisation    yes      employer, school or unit
手机       phone           no       11-digit mainland mobile number
工会会员卡 union_card      no       是/否
岗位       occupation      no       free text
出生日期   birth_date      no       must agree with the ID number
考点       venue           no       where the contestant sits the exam (admission ticket)
考场       room            no       room (the proctor console groups by it)
座位号     seat            no
序号       no              no       ignored (organisations' templates number their rows)
========== =============== ======== ===================================================

The eligibility rules are :mod:`questionbank.eligibility`; every problem is located by row and
column. Nothing here knows the database: whether a person is already enrolled is the service's
question.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from questionbank.eligibility import EligibilityRules, Person, PersonForm, check_people, clean_text
from questionbank.io.tables import CheckedFile, Column, TableResult, read_table, write_table
from questionbank.problems import N_, Problem

ROSTER_COLUMNS: tuple[Column, ...] = (
    Column("no", "序号", ("number", "编号")),
    Column("name", "姓名", ("name", "选手姓名"), required=True),
    Column("gender", "性别", ("gender", "sex")),
    Column(
        "id_number", "身份证号", ("id_number", "身份证号码", "身份证", "证件号码"), required=True
    ),
    Column(
        "organisation",
        "工作单位",
        ("organisation", "organization", "单位", "所在单位", "工作单位名称"),
        required=True,
    ),
    Column("phone", "手机", ("phone", "mobile", "手机号", "手机号码", "联系电话")),
    Column(
        "union_card",
        "工会会员卡",
        ("union_card", "工会会员互助服务卡", "是否持有工会会员互助服务卡", "工会卡"),
    ),
    Column("occupation", "岗位", ("occupation", "职务", "岗位职务")),
    Column("birth_date", "出生日期", ("birth_date", "出生年月日")),
    Column("venue", "考点", ("venue",)),
    Column("room", "考场", ("room", "考场号")),
    Column("seat", "座位号", ("seat", "座位")),
)

#: the template's columns, in order: the contract's seven, then the optional extras
TEMPLATE_COLUMNS = (
    "name", "gender", "id_number", "organisation", "phone", "union_card", "occupation",
    "birth_date", "venue", "room", "seat",
)  # fmt: skip
PLACEMENT_LIMITS = {"venue": 100, "room": 50, "seat": 20}


@dataclass(frozen=True)
class RosterRow:
    """A checked row: the person and where they sit (empty when the file does not say)."""

    row: int
    person: Person
    venue: str = ""
    room: str = ""
    seat: str = ""


@dataclass
class RosterFile(CheckedFile):
    """What :func:`read_roster` found: the checked rows and every problem."""

    rows: list[RosterRow] = field(default_factory=list)


def read_roster(data: bytes, filename: str, rules: EligibilityRules) -> RosterFile:
    """Read and check a roster file; never raises for bad input.

    Every problem (unreadable file, headers, any ineligible row, an ID number repeated in the
    file) is in :attr:`RosterFile.problems` with its row and the column as the file names it.
    ``rows`` holds only the rows that passed; a caller importing all-or-nothing imports them
    only when :attr:`RosterFile.ok`.
    """
    table = read_table(data, filename, ROSTER_COLUMNS)
    result = RosterFile(
        problems=list(table.problems),
        format=table.format,
        row_count=len(table.rows),
        headers=dict(table.headers),
        columns=ROSTER_COLUMNS,
    )
    forms = [
        (row.number, PersonForm(**{name: row[name] for name in PersonForm.__dataclass_fields__}))
        for row in table.rows
    ]
    checked, problems = check_people(forms, rules)
    result.problems += [_locate(p, table) for p in problems]
    placements = {row.number: _placement(row.number, row.values, result) for row in table.rows}
    for item in checked:
        venue, room, seat = placements[item.row]
        result.rows.append(RosterRow(item.row, item.person, venue, room, seat))
    # keep rows only if their placement cells were valid too
    bad_rows = {p.row for p in result.problems if p.severity == "error"}
    result.rows = [r for r in result.rows if r.row not in bad_rows]
    result.problems.sort(key=lambda p: (p.row or 0, _column_order(p.field)))
    return result


def _placement(number: int, values: Mapping[str, str], result: RosterFile) -> tuple[str, str, str]:
    out = []
    for name, limit in PLACEMENT_LIMITS.items():
        text = clean_text(values.get(name, ""))
        if len(text) > limit:
            result.problems.append(
                result.problem(name, N_("at most %(max)s characters"), number, max=limit)
            )
        out.append(text[:limit])
    return out[0], out[1], out[2]


def _locate(problem: Problem, table: TableResult) -> Problem:
    return problem.at(column=table.label(problem.field))


def _column_order(name: str) -> int:
    for index, column in enumerate(ROSTER_COLUMNS):
        if column.name == name:
            return index
    return len(ROSTER_COLUMNS)


def roster_template(fmt: str) -> bytes:
    """An empty roster (the header row only) as ``xlsx`` or ``csv``, for organisations.

    :raises ValueError: for another format.
    """
    by_name = {c.name: c for c in ROSTER_COLUMNS}
    header = [by_name[name].header for name in TEMPLATE_COLUMNS]
    widths = [10, 6, 22, 30, 14, 10, 14, 12, 16, 8, 8]
    return write_table(header, [], fmt, sheet_title="报名表", widths=widths)
