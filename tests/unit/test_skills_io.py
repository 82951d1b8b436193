"""Skill-score files and the ranking/awards workbooks."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest

from questionbank.io.reports import awards_workbook, ranking_workbook
from questionbank.io.skills import parse_skill, read_skills, skills_template
from questionbank.problems import ValidationError


def csv_bytes(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("85", Decimal(85)), ("85.5", Decimal("85.5")), ("0", Decimal(0)), ("100.00", Decimal(100))],
)
def test_valid_scores(text, expected):
    assert parse_skill(text) == expected


@pytest.mark.parametrize("word", ["缺考", "absent", "ABSENT"])
def test_absent(word):
    assert parse_skill(word) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "give a score from 0 to 100, or 缺考"),
        ("八十", "八十 is not a score (0–100, or 缺考)"),
        ("NaN", "NaN is not a score (0–100, or 缺考)"),
        ("100.01", "a skill score is from 0 to 100, not 100.01"),
        ("-1", "a skill score is from 0 to 100, not -1"),
        ("85.555", "at most two decimals, not 85.555"),
    ],
)
def test_invalid_scores(text, message):
    with pytest.raises(ValidationError) as info:
        parse_skill(text)
    assert [p.text() for p in info.value.problems] == [message]


def test_a_file_with_aliases_reads():
    result = read_skills(
        csv_bytes("ticket,name,skill", "202510001,张伟,85.5", "202510002,,缺考"), "s.csv"
    )
    assert result.ok
    assert [(r.row, r.ticket, r.skill, r.name) for r in result.rows] == [
        (2, "202510001", Decimal("85.5"), "张伟"),
        (3, "202510002", None, ""),
    ]


def test_every_error_is_located():
    result = read_skills(
        csv_bytes("准考证号,技能成绩", "202510001,85", ",70", "202510001,90", "202510003,101"),
        "s.csv",
    )
    assert [p.located() for p in result.problems] == [
        "row 3, column 准考证号: required",
        "row 4, column 准考证号: ticket 202510001 is also on row 2",
        "row 5, column 技能成绩: a skill score is from 0 to 100, not 101",
    ]
    assert [r.ticket for r in result.rows] == ["202510001"]


def test_the_judges_sheet_reads_back_with_blank_scores_as_errors():
    data = skills_template("xlsx", [("202510001", "张伟"), ("202510002", "李娜")])
    result = read_skills(data, "s.xlsx")
    assert [p.located() for p in result.problems] == [
        "row 2, column 技能成绩: give a score from 0 to 100, or 缺考",
        "row 3, column 技能成绩: give a score from 0 to 100, or 缺考",
    ]


def test_ranking_workbook_has_three_sheets_exact_decimals_and_no_formulas():
    data = ranking_workbook(
        [[1, "202510001", "=1+1", "某公司", Decimal("85.50"), None, Decimal("25.65"), "是", ""]],
        [("总成绩", "理论 × 30% + 技能 × 70%")],
        [["2025-07-28 10:00", "admin", "skill.recorded", "202510001", "", "85.50", "s.xlsx"]],
    )
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["排名", "规则", "审计记录"]
    row = list(book["排名"][2])
    assert row[2].value == "=1+1" and row[2].data_type == "s"
    assert row[4].value == 85.5 and row[4].number_format == "0.00"
    assert book["规则"]["B2"].value == "理论 × 30% + 技能 × 70%"
    assert book["审计记录"]["C2"].value == "skill.recorded"


def test_awards_workbook():
    data = awards_workbook(
        [
            [
                "bspia-prize-1",
                "北安协奖金",
                "张伟",
                "202530001",
                "某公司",
                1,
                Decimal(6000),
                "final rank 1",
            ]
        ],
        [["bspia-prize-1", "北安协奖金", 1, Decimal(6000)]],
        notes=["依据已公布的决赛排名"],
    )
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["获奖名单", "金额汇总", "说明"]
    assert book["金额汇总"]["D2"].value == 6000
