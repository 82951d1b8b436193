"""The stage analysis as a whole (scores on the 0–100 scale, who counts, sections,
organisations) and its xlsx export."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import openpyxl
import pytest

from questionbank.io.stats_xlsx import analysis_workbook, sheet_name
from questionbank.model import QuestionType
from questionbank.stats.data import AttemptResult, ItemResult, Mark, Sitting, StageData
from questionbank.stats.flags import FlagThresholds
from questionbank.stats.report import analyse_stage, to_data

D = Decimal
SINGLE, SHORT = QuestionType.SINGLE, QuestionType.SHORT


def paper(attempt_id: int, single: str, response: str | None, short: str) -> AttemptResult:
    items = (
        ItemResult(1, 1, SINGLE, D(2), D(single), response, "A", 4, "BADC", 0, 1),
        ItemResult(2, 2, SHORT, D(8), D(short), "text", None, 0, "", 1, 2),
    )
    return AttemptResult(attempt_id, items, D(10))


def stage() -> StageData:
    return StageData(
        sittings=[
            # theory 10/10 → 100, skill 80 → total 0.3 × 100 + 0.7 × 80 = 86
            Sitting("t1", "甲公司", paper(1, "2", "A", "8"), D("80")),
            # theory 4.5/10 → 45, skill 60.555 → 60.56 → total 13.5 + 42.392 = 55.89
            Sitting("t2", "甲公司", paper(2, "0", "B", "4.5"), D("60.555")),
            # theory only: 0/10 → 0, skill absent → total 0
            Sitting("t3", "乙学校", paper(3, "0", None, "0")),
            # skill only: 90 → total 63
            Sitting("t4", "乙学校", None, D("90")),
            # waiting for a short-answer mark: left out
            Sitting("t5", "乙学校", None, D("70"), theory_pending=True),
            # absent from both
            Sitting("t6", "丙", None, None),
        ],
        marks=[
            Mark((1, 2), 2, D(8), 1, "g1", D(8)),
            Mark((1, 2), 2, D(8), 2, "g2", D(8)),
        ],
    )


def test_who_counts_and_their_scores():
    a = analyse_stage(stage())
    assert (a.participants, a.absent, a.pending) == (4, 1, 1)
    by_key = {s.key: s for s in a.scores}
    assert by_key["t1"].total == D("86.00")
    assert by_key["t2"].theory == D("45.00") and by_key["t2"].skill == D("60.56")
    assert by_key["t2"].total == D("55.89")
    assert by_key["t3"].skill is None and by_key["t3"].total == D("0.00")
    assert by_key["t4"].theory is None and by_key["t4"].total == D("63.00")
    assert a.theory.n == 3 and a.theory.mean == pytest.approx(145 / 3)
    assert a.skill.n == 3 and a.skill.median == pytest.approx(80)
    assert a.total.n == 4 and a.total.max == pytest.approx(86)
    assert [b.count for b in a.histograms["theory"]] == [1, 0, 0, 0, 1, 0, 0, 0, 0, 1]
    assert sum(b.count for b in a.histograms["total"]) == 4


def test_sections_and_organisations():
    a = analyse_stage(stage())
    single, short = a.sections
    assert (single.section, single.qtype, single.items, single.full) == (0, SINGLE, 1, D(2))
    assert single.summary.mean == pytest.approx(2 / 3)
    assert single.facility == pytest.approx(1 / 3)
    assert short.summary.median == pytest.approx(4.5)
    orgs = {g.name: g for g in a.organisations}
    assert set(orgs) == {"甲公司", "乙学校"}  # 丙 is absent, t5 waits: no participant of 丙
    assert orgs["乙学校"].participants == 2
    assert orgs["乙学校"].theory.n == 1 and orgs["乙学校"].skill.n == 1
    assert orgs["甲公司"].total.mean == pytest.approx((86 + 55.89) / 2)


def test_items_flags_and_markers_are_included():
    a = analyse_stage(stage(), FlagThresholds(min_responses=3))
    q1 = a.item(1)
    assert q1 is not None and q1.n == 3 and q1.facility == pytest.approx(1 / 3)
    # key A 1, B 1, C and D never: two wrong answers are no evidence about unused distractors
    assert [f.code for f in q1.flags] == []
    assert a.item(99) is None
    assert a.flagged == ()
    assert a.markers.pairs == 1 and a.markers.questions[0].exact == 1
    assert a.reliability.n == 3 and a.reliability.slots == 2
    # the key A was shown as B on every paper; answers: A (shown B) and B (shown A)
    assert a.positions.keys == (0, 3, 0, 0) and a.positions.answers == (1, 1, 0, 0)


def test_json_form_is_plain_data():
    data = to_data(analyse_stage(stage()))
    text = json.dumps(data)
    assert '"facility"' in text
    assert data["items"][0]["qtype"] == "single"
    assert data["items"][0]["points"] == ["2"]
    assert data["reliability"]["error_ratio"] is not None or data["reliability"]["alpha"] is None
    assert data["sections"][0]["facility"] == pytest.approx(1 / 3)
    assert data["positions"]["answer_shares"] == [0.5, 0.5, 0.0, 0.0]


def test_empty_stage():
    a = analyse_stage(StageData(sittings=[]))
    assert a.participants == 0 and a.items == () and a.theory.mean is None
    assert analysis_workbook(a, title="空")[:2] == b"PK"


def test_workbook_holds_every_table():
    a = analyse_stage(stage(), FlagThresholds(min_responses=3, too_hard=0.4))
    data = analysis_workbook(
        a,
        title="=初赛",
        question_labels={1: "=1+1 值班员首先应", 2: "简述"},
        type_names={"single": "单选", "short": "简答"},
        translate=lambda s: {"Question statistics": "题目", "Facility": "难度系数"}.get(s, s),
    )
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == [
        "Overview",
        "Reliability",
        "Histograms",
        "Sections",
        "Organisations",
        "题目",
        "Options",
        "Positions",
        "Marking agreement",
        "Graders",
    ]
    overview = book["Overview"]
    assert overview["A2"].value == "=初赛" and overview["A2"].data_type == "s"
    assert overview["B3"].value == 4  # participants
    questions = list(book["题目"].iter_rows(values_only=True))
    assert questions[0][6] == "难度系数"
    row = questions[1]
    assert row[0] == 1 and row[1] == "=1+1 值班员首先应" and row[2] == "单选"
    assert row[6] == pytest.approx(1 / 3)
    assert row[14] == "facility 33% is below 40%: too hard"
    assert book["题目"]["G2"].number_format == "0.0%"
    options = list(book["Options"].iter_rows(values_only=True))[1:]
    assert [(o[1], o[2], o[3]) for o in options[:4]] == [
        ("A", "✓", 1),
        ("B", None, 1),
        ("C", None, 0),
        ("D", None, 0),
    ]
    graders = list(book["Graders"].iter_rows(values_only=True))
    assert [g[0] for g in graders[1:]] == ["g1", "g2"]


def test_workbook_without_people():
    a = analyse_stage(stage())
    book = openpyxl.load_workbook(io.BytesIO(analysis_workbook(a, title="x", include_people=False)))
    assert "Organisations" not in book.sheetnames and "Graders" not in book.sheetnames


def test_sheet_names_are_valid_and_unique():
    taken: set[str] = set()
    assert sheet_name("a/b:c", taken) == "a b c"
    assert sheet_name("A/B:C", taken) == "A B C 2"
    long = sheet_name("x" * 40, taken)
    assert len(long) == 31
    assert len(sheet_name("x" * 40, taken)) == 31
