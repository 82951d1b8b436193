"""Workbooks for people outside the service: the stage ranking (with the rules in force and the
audit trail) and the awards for the finance office. Plain data in, xlsx bytes out (pandas).

Every text stays text: a name or reason that starts with ``=`` is written as a string, never
as a formula (openpyxl would otherwise store it as one). Scores and money are written as exact
decimals with two places shown.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import pandas as pd

from questionbank.io.xlsx import strip_illegal

#: a sheet: its title, column headers and rows (cells: text, int, Decimal or None)
Sheet = tuple[str, Sequence[str], Sequence[Sequence[Any]]]
TWO_PLACES = "0.00"


def workbook(sheets: Sequence[Sheet], widths: Mapping[str, Sequence[int]] | None = None) -> bytes:
    """An xlsx with one sheet per ``(title, header, rows)``, headers bold and frozen.

    Decimal cells are shown with two places; texts never become formulas; characters XML
    cannot hold are dropped.
    """
    out = io.BytesIO()
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        for title, header, rows in sheets:
            frame = pd.DataFrame([[_cell(v) for v in row] for row in rows], columns=list(header))
            frame.to_excel(writer, sheet_name=title, index=False)
            sheet = writer.sheets[title]
            sheet.freeze_panes = "A2"
            for column_cells in sheet.iter_cols(min_row=2):
                for cell in column_cells:
                    if cell.data_type == "f":  # a text that looks like a formula
                        cell.data_type = "s"
                    elif isinstance(cell.value, Decimal):
                        cell.number_format = TWO_PLACES
            for index, width in enumerate((widths or {}).get(title, ()), start=1):
                sheet.column_dimensions[_letter(index)].width = width
    return out.getvalue()


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        return strip_illegal(value)
    return value


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


RANKING_HEADER = (
    "名次", "准考证号", "姓名", "工作单位", "理论成绩", "技能成绩", "总成绩", "晋级", "标注",
)  # fmt: skip
RULES_HEADER = ("项目", "内容")
AUDIT_HEADER = ("时间", "操作人", "操作", "对象", "原值", "新值", "理由")


def ranking_workbook(
    rows: Sequence[Sequence[Any]],
    rules: Sequence[tuple[str, str]],
    audit: Sequence[Sequence[Any]],
) -> bytes:
    """The ranking workbook: sheet 排名 (``rows`` in :data:`RANKING_HEADER` order), sheet 规则
    (the rules in force, ``(item, text)`` pairs) and sheet 审计记录 (:data:`AUDIT_HEADER`)."""
    return workbook(
        [
            ("排名", RANKING_HEADER, rows),
            ("规则", RULES_HEADER, rules),
            ("审计记录", AUDIT_HEADER, audit),
        ],
        widths={
            "排名": [6, 12, 10, 30, 10, 10, 10, 6, 24],
            "规则": [18, 120],
            "审计记录": [20, 14, 22, 16, 30, 30, 40],
        },
    )


AWARDS_HEADER = (
    "奖项代码",
    "奖项",
    "获奖者",
    "准考证号",
    "工作单位",
    "决赛名次",
    "金额（元）",
    "依据",
)
TOTALS_HEADER = ("奖项代码", "奖项", "人数/单位数", "金额合计（元）")


def awards_workbook(
    awards: Sequence[Sequence[Any]], totals: Sequence[Sequence[Any]], notes: Sequence[str] = ()
) -> bytes:
    """The awards workbook for the finance office: sheet 获奖名单 (:data:`AWARDS_HEADER`),
    sheet 金额汇总 (:data:`TOTALS_HEADER`) and, if given, sheet 说明 with ``notes``."""
    sheets: list[Sheet] = [
        ("获奖名单", AWARDS_HEADER, awards),
        ("金额汇总", TOTALS_HEADER, totals),
    ]
    if notes:
        sheets.append(("说明", ("说明",), [[note] for note in notes]))
    return workbook(
        sheets,
        widths={
            "获奖名单": [22, 40, 12, 12, 30, 8, 10, 60],
            "金额汇总": [22, 40, 12, 14],
            "说明": [100],
        },
    )
