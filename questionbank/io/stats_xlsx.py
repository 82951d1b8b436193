"""Every figure of a stage analysis as an xlsx workbook, one sheet per table.

Headers and sheet names are English templates (``N_``) passed through ``translate``, so the
service writes them in the reader's language. Shares are written as numbers formatted as
percentages, statistics with two or three decimals; text is always text (a label starting
with ``=`` never becomes a formula). Tables about people (organisations, graders) are written
only when ``include_people`` is set.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from questionbank.io.xlsx import strip_illegal
from questionbank.problems import N_
from questionbank.stats.descriptive import Summary
from questionbank.stats.report import StageAnalysis

#: a column: (header template, format) with format int | num | stat | pct | text
Column = tuple[str, str]
FORMATS = {"int": "0", "num": "0.00", "stat": "0.000", "pct": "0.0%"}
_LITERAL_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

SUMMARY_COLUMNS: list[Column] = [
    (N_("Figure"), "text"),
    (N_("Count"), "int"),
    (N_("Mean"), "num"),
    (N_("SD"), "num"),
    (N_("Minimum"), "num"),
    (N_("Lower quartile"), "num"),
    (N_("Median"), "num"),
    (N_("Upper quartile"), "num"),
    (N_("Maximum"), "num"),
]


def _summary(label: str, s: Summary) -> list[Any]:
    return [label, s.n, s.mean, s.sd, s.min, s.q1, s.median, s.q3, s.max]


def analysis_workbook(
    analysis: StageAnalysis,
    *,
    title: str,
    translate: Callable[[str], str] = lambda s: s,
    question_labels: Mapping[int, str] | None = None,
    type_names: Mapping[str, str] | None = None,
    include_people: bool = True,
) -> bytes:
    """The workbook of ``analysis`` (``title`` heads the first sheet). ``question_labels``
    names questions (e.g. the start of the stem), ``type_names`` names question types."""
    t = translate
    labels = question_labels or {}
    types = type_names or {}
    sheets: list[tuple[str, list[Column], list[list[Any]]]] = []
    a = analysis
    r = a.reliability

    overview = [
        [title, None, None, None, None, None, None, None, None],
        [t(N_("Participants")), a.participants],
        [t(N_("Absent from both parts")), a.absent],
        [t(N_("Waiting for final marks (not included)")), a.pending],
        _summary(t(N_("Theory (0–100)")), a.theory),
        _summary(t(N_("Skill (0–100)")), a.skill),
        _summary(t(N_("Total (0–100)")), a.total),
    ]
    sheets.append((t(N_("Overview")), SUMMARY_COLUMNS, overview))

    reliability_rows = [
        [t(N_("Papers in the common structure")), r.n],
        [t(N_("Papers of another structure (left out)")), r.excluded],
        [t(N_("Item slots")), r.slots],
        [t(N_("Cronbach's alpha")), r.alpha],
        [t(N_("KR-20 (right-or-wrong items)")), r.kr20],
        [t(N_("Right-or-wrong slots")), r.kr20_slots],
        [t(N_("SD of raw scores")), r.sd],
        [t(N_("Standard error of measurement (raw points)")), r.sem],
        [t(N_("Standard error of measurement (0–100)")), r.sem_100],
        [t(N_("Error ratio")), r.error_ratio],
    ]
    reliability_rows += [
        [t(N_("Cronbach's alpha of section %(n)s")) % {"n": section + 1}, alpha]
        for section, _slots, alpha in r.sections
    ]
    sheets.append(
        (t(N_("Reliability")), [(N_("Figure"), "text"), (N_("Value"), "stat")], reliability_rows)
    )

    sheets.append(
        (
            t(N_("Histograms")),
            [
                (N_("From"), "num"),
                (N_("To"), "num"),
                (N_("Theory"), "int"),
                (N_("Skill"), "int"),
                (N_("Total score"), "int"),
            ],
            [
                [b.low, b.high, b.count, s.count, tot.count]
                for b, s, tot in zip(
                    a.histograms["theory"],
                    a.histograms["skill"],
                    a.histograms["total"],
                    strict=True,
                )
            ],
        )
    )

    sheets.append(
        (
            t(N_("Sections")),
            [
                (N_("Paper section"), "int"),
                (N_("Type"), "text"),
                (N_("Items"), "int"),
                (N_("Full marks"), "num"),
                *SUMMARY_COLUMNS[1:],
                (N_("Facility"), "pct"),
            ],
            [
                [
                    s.section + 1,
                    types.get(s.qtype.value, s.qtype.value),
                    s.items,
                    s.full,
                    *_summary("", s.summary)[1:],
                    s.facility,
                ]
                for s in a.sections
            ],
        )
    )

    if include_people:
        sheets.append(
            (
                t(N_("Organisations")),
                [
                    (N_("Organisation"), "text"),
                    (N_("Participants"), "int"),
                    (N_("Theory mean"), "num"),
                    (N_("Theory median"), "num"),
                    (N_("Skill mean"), "num"),
                    (N_("Skill median"), "num"),
                    (N_("Total mean"), "num"),
                    (N_("Total median"), "num"),
                    (N_("Total SD"), "num"),
                ],
                [
                    [
                        g.name,
                        g.participants,
                        g.theory.mean,
                        g.theory.median,
                        g.skill.mean,
                        g.skill.median,
                        g.total.mean,
                        g.total.median,
                        g.total.sd,
                    ]
                    for g in a.organisations
                ],
            )
        )

    sheets.append(
        (
            t(N_("Question statistics")),
            [
                (N_("Question"), "int"),
                (N_("Text"), "text"),
                (N_("Type"), "text"),
                (N_("Number of contestants"), "int"),
                (N_("Points"), "text"),
                (N_("Versions"), "text"),
                (N_("Facility"), "pct"),
                (N_("SD"), "stat"),
                (N_("Discrimination index"), "stat"),
                (N_("Facility, top 27%"), "pct"),
                (N_("Facility, bottom 27%"), "pct"),
                (N_("Item-rest correlation"), "stat"),
                (N_("Discriminative efficiency"), "pct"),
                (N_("Unanswered"), "int"),
                (N_("Flags"), "text"),
            ],
            [
                [
                    i.question_id,
                    labels.get(i.question_id, ""),
                    types.get(i.qtype.value, i.qtype.value),
                    i.n,
                    " / ".join(_points(p) for p in i.points),
                    ", ".join(str(v) for v in i.versions),
                    i.facility,
                    i.sd,
                    i.discrimination,
                    i.upper_facility,
                    i.lower_facility,
                    i.item_rest,
                    i.efficiency,
                    i.omitted,
                    "; ".join(f.text(t) for f in i.flags),
                ]
                for i in a.items
            ],
        )
    )

    sheets.append(
        (
            t(N_("Options")),
            [
                (N_("Question"), "int"),
                (N_("Option"), "text"),
                (N_("Key"), "text"),
                (N_("Chosen by"), "int"),
                (N_("Share"), "pct"),
                (N_("Rest of paper, mean of choosers"), "pct"),
                (N_("Correlation with rest of paper"), "stat"),
            ],
            [
                [
                    i.question_id,
                    _option(o.key),
                    "✓" if o.is_key else "",
                    o.count,
                    o.share,
                    o.rest_mean,
                    o.correlation,
                ]
                for i in a.items
                for o in i.options
            ],
        )
    )

    p = a.positions
    sheets.append(
        (
            t(N_("Positions")),
            [
                (N_("Letter shown"), "text"),
                (N_("Answers"), "int"),
                (N_("Share of answers"), "pct"),
                (N_("Keys shown there"), "int"),
                (N_("Share of keys"), "pct"),
            ],
            [
                [letter, n, share, k, kshare]
                for letter, n, share, k, kshare in zip(
                    p.letters, p.answers, p.answer_shares, p.keys, p.key_shares, strict=True
                )
            ],
        )
    )

    m = a.markers
    sheets.append(
        (
            t(N_("Marking agreement")),
            [
                (N_("Question"), "int"),
                (N_("Doubly marked answers"), "int"),
                (N_("Exact agreement"), "pct"),
                (N_("Mean absolute difference"), "num"),
                (N_("Mean absolute difference (share of points)"), "pct"),
                (N_("Correlation"), "stat"),
                (N_("ICC(1)"), "stat"),
                (N_("Arbitrated"), "int"),
            ],
            [
                [
                    q.question_id,
                    q.pairs,
                    q.exact,
                    q.mean_abs_diff,
                    q.mean_abs_diff_share,
                    q.correlation,
                    q.icc,
                    q.arbitrated,
                ]
                for q in m.questions
            ],
        )
    )
    if include_people:
        sheets.append(
            (
                t(N_("Graders")),
                [
                    (N_("Grader"), "text"),
                    (N_("Marks"), "int"),
                    (N_("Doubly marked answers"), "int"),
                    (N_("Mean mark (share of points)"), "pct"),
                    (N_("Co-markers' mean"), "pct"),
                    (N_("Bias against co-markers"), "pct"),
                    (N_("SD of the difference"), "pct"),
                    (N_("Mean absolute difference"), "pct"),
                    (N_("Spread ratio"), "stat"),
                    (N_("Arbitrated"), "int"),
                ],
                [
                    [
                        g.grader,
                        g.marks,
                        g.pairs,
                        g.mean,
                        g.co_mean,
                        g.bias,
                        g.bias_sd,
                        g.mean_abs_diff,
                        g.spread_ratio,
                        g.arbitrated,
                    ]
                    for g in m.graders
                ],
            )
        )
    return _write(sheets, t)


def _points(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _option(key: str) -> str:
    return {"true": "√", "false": "×"}.get(key, key)


def sheet_name(text: str, taken: set[str]) -> str:
    """A valid, unique sheet name (at most 31 characters, none of ``[]:*?/\\``)."""
    base = _SHEET_FORBIDDEN.sub(" ", strip_illegal(text)).strip()[:31] or "Sheet"
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" {n}"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def _write(
    sheets: Sequence[tuple[str, list[Column], list[list[Any]]]], t: Callable[[str], str]
) -> bytes:
    workbook = openpyxl.Workbook(write_only=True)
    taken: set[str] = set()
    bold = Font(bold=True)
    for title, columns, rows in sheets:
        sheet = workbook.create_sheet(sheet_name(title, taken))
        for index, (header, kind) in enumerate(columns, start=1):
            width = 44 if kind == "text" and index <= 2 else max(12, min(28, len(t(header)) + 4))
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
        heading = []
        for header, _kind in columns:
            cell = _text(sheet, t(header))
            cell.font = bold
            heading.append(cell)
        sheet.append(heading)
        for row in rows:
            sheet.append(
                [
                    _cell(sheet, value, columns[min(j, len(columns) - 1)][1])
                    for j, value in enumerate(row)
                ]
            )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _cell(sheet: Any, value: Any, kind: str) -> Any:
    if value is None:
        return None
    if isinstance(value, str):
        return _text(sheet, value)
    if isinstance(value, bool):
        return _text(sheet, "✓" if value else "")
    if isinstance(value, int):
        return value  # counts print as whole numbers in any column
    if isinstance(value, float | Decimal):
        cell = WriteOnlyCell(sheet, value=float(value))
        cell.number_format = FORMATS.get(kind, "General")
        return cell
    return _text(sheet, str(value))


def _text(sheet: Any, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=_LITERAL_ESCAPE.sub("_x005F_", strip_illegal(text)))
    # openpyxl turns a string starting with "=" into a formula; labels and names are text
    cell.data_type = "s"
    return cell
