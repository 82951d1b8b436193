"""Parsing editor input into question content, and the version diff: hand-made cases and
properties (parsing never raises; a diff always rebuilds both sides)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from examsvc.bank.diff import diff_lines, field_lines, version_diff
from examsvc.bank.editing import (
    draft_from_values,
    parse_answer,
    parse_difficulty,
    parse_rubric,
    parse_share,
    trim_options,
)
from questionbank.model import QuestionContent, QuestionType, RubricPoint, validate_content


def test_answers_are_read_the_way_people_type_them():
    assert parse_answer(QuestionType.SINGLE, " ｂ ") == "B"
    assert parse_answer(QuestionType.MULTIPLE, "D,a、C") == ("A", "C", "D")
    assert parse_answer(QuestionType.MULTIPLE, ["C", "A"]) == ("A", "C")
    assert parse_answer(QuestionType.MULTIPLE, "AAB") == ("A", "A", "B")  # left to validation
    assert parse_answer(QuestionType.TRUEFALSE, "对") is True
    assert parse_answer(QuestionType.TRUEFALSE, "×") is False
    assert parse_answer(QuestionType.TRUEFALSE, False) is False
    assert parse_answer(QuestionType.TRUEFALSE, "也许") == ""
    assert parse_answer(QuestionType.SHORT, "  核实、报告  ") == "核实、报告"


def test_shares_difficulty_and_options():
    assert parse_share("25%") == Decimal("0.25")
    assert parse_share("０.５") == Decimal("0.5")
    assert parse_share("many") is None and parse_share("NaN") is None
    assert parse_difficulty("较难") == (4, [])
    assert parse_difficulty("") == (3, [])
    level, problems = parse_difficulty("hard")
    assert level == 3 and problems[0].field == "difficulty"
    assert trim_options([" 甲 ", "", "丙", "", ""]) == ("甲", "", "丙")


def test_rubric_rows():
    equal, problems = parse_rubric([("核实", ""), ("", ""), ("记录", None)])
    assert problems == [] and [p.share for p in equal] == [Decimal("0.5"), Decimal("0.5")]
    mixed, problems = parse_rubric([("核实", "0.5"), ("记录", "")])
    assert [p.field for p in problems] == ["rubric"] and problems[0].params == {"n": 2}
    assert [p.text for p in mixed] == ["核实", "记录"]
    points, problems = parse_rubric([("核实", "60%"), ("记录", "0.4")])
    assert problems == [] and points == (
        RubricPoint("核实", Decimal("0.6")),
        RubricPoint("记录", Decimal("0.4")),
    )


def test_a_draft_keeps_only_what_its_type_has():
    draft = draft_from_values(
        {
            "type": "truefalse",
            "stem": " 紧急报警装置可以被撤防。 ",
            "options": ["甲", "乙"],
            "answer": "错",
            "rubric": [("要点", "1")],
            "tags": "Area: alarm-handling， level:apply",
        }
    )
    assert draft.content.options == () and draft.content.rubric == ()
    assert draft.content.answer is False and draft.content.stem == "紧急报警装置可以被撤防。"
    assert draft.tags == ("area:alarm-handling", "level:apply")
    assert validate_content(draft.content) == [] and draft.problems == []
    unknown = draft_from_values({"type": "essay", "stem": "x"})
    assert unknown.problems[0].field == "type"


values = st.fixed_dictionaries(
    {},
    optional={
        "type": st.sampled_from(["single", "multiple", "truefalse", "short", "x", ""]),
        "stem": st.text(max_size=30),
        "options": st.lists(st.text(max_size=10), max_size=10),
        "answer": st.one_of(
            st.text(max_size=8), st.booleans(), st.lists(st.text(max_size=2), max_size=5)
        ),
        "rubric": st.lists(st.tuples(st.text(max_size=6), st.text(max_size=6)), max_size=4),
        "difficulty": st.one_of(st.integers(-3, 9), st.text(max_size=3)),
        "tags": st.one_of(st.text(max_size=30), st.lists(st.text(max_size=10), max_size=4)),
    },
)


@settings(max_examples=300, deadline=None)
@given(values)
def test_parsing_never_raises_and_problems_name_fields(raw):
    draft = draft_from_values(raw)
    problems = draft.problems + validate_content(draft.content)
    assert all(p.field for p in problems)
    assert len(draft.content.options) <= 8


lines = st.lists(st.sampled_from(["甲", "乙", "丙", "<b>丁</b>", ""]), max_size=8)


@settings(max_examples=300, deadline=None)
@given(lines, lines)
def test_a_diff_rebuilds_both_versions(old, new):
    diff = diff_lines(old, new)
    assert [line.text for line in diff if line.kind != "added"] == old
    assert [line.text for line in diff if line.kind != "removed"] == new
    assert all(line.kind == "same" for line in diff) == (old == new)


def test_version_diff_by_field():
    old = QuestionContent(QuestionType.SINGLE, "题干", ("甲", "乙"), "A", difficulty=2)
    new = QuestionContent(
        QuestionType.SINGLE, "题干", ("甲", "乙\n第二行", "丙"), "C", difficulty=2
    )
    changed = {d.field for d in version_diff(old, new) if d.changed}
    assert changed == {"options", "answer"}
    assert field_lines(new, "options") == ["A. 甲", "B. 乙", "   第二行", "C. 丙"]
    short = QuestionContent(
        QuestionType.SHORT,
        "简述",
        answer="要点",
        rubric=(RubricPoint("核实", Decimal("0.50")), RubricPoint("记录", Decimal("0.5"))),
    )
    assert field_lines(short, "rubric") == ["核实｜0.5", "记录｜0.5"]
    truefalse = QuestionContent(QuestionType.TRUEFALSE, "判断", answer=True, difficulty=5)
    assert field_lines(truefalse, "answer") == ["对"]
    assert field_lines(truefalse, "difficulty") == ["5 难"]
