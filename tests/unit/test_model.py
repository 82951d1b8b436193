from decimal import Decimal

import pytest

from questionbank.model import (
    QuestionContent,
    QuestionType,
    RubricPoint,
    check_content,
    equal_shares,
    normalise_stem,
    normalise_tag,
    parse_tags,
    tag_problems,
    validate_content,
)
from questionbank.problems import ValidationError


def single(**kw):
    base = dict(
        type=QuestionType.SINGLE, stem="值班员首先应？", options=("甲", "乙", "丙"), answer="B"
    )
    base.update(kw)
    return QuestionContent(**base)


def fields(problems):
    return {p.field for p in problems}


def test_valid_single():
    assert validate_content(single()) == []


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"stem": "  "}, "stem"),
        ({"answer": "D"}, "answer"),
        ({"answer": "AB"}, "answer"),
        ({"options": ("甲",), "answer": "A"}, "options"),
        ({"options": ("甲", "", "丙")}, "option_b"),
        ({"difficulty": 6}, "difficulty"),
        ({"difficulty": True}, "difficulty"),
        ({"rubric": (RubricPoint("x", Decimal(1)),)}, "rubric"),
    ],
)
def test_single_problems(kw, field):
    assert field in fields(validate_content(single(**kw)))


def test_multiple_needs_two_sorted_distinct_keys():
    ok = QuestionContent(QuestionType.MULTIPLE, "下列属于技防的有", ("a", "b", "c"), ("A", "C"))
    assert validate_content(ok) == []
    for answer in [("A",), ("C", "A"), ("A", "A"), ("A", "D"), "AC"]:
        bad = QuestionContent(QuestionType.MULTIPLE, "s", ("a", "b", "c"), answer)
        assert "answer" in fields(validate_content(bad)), answer


def test_truefalse_and_short():
    assert (
        validate_content(
            QuestionContent(QuestionType.TRUEFALSE, "紧急报警装置可以被撤防", answer=False)
        )
        == []
    )
    assert "options" in fields(
        validate_content(QuestionContent(QuestionType.TRUEFALSE, "s", ("a", "b"), True))
    )
    assert "answer" in fields(
        validate_content(QuestionContent(QuestionType.TRUEFALSE, "s", answer="对"))
    )
    short = QuestionContent(
        QuestionType.SHORT,
        "简述报警处置流程",
        answer="接警、核实、处置",
        rubric=equal_shares(["接警", "核实", "处置"]),
    )
    assert validate_content(short) == []
    assert sum(p.share for p in short.rubric) == 1
    assert "answer" in fields(
        validate_content(QuestionContent(QuestionType.SHORT, "s", answer=" "))
    )


def test_rubric_shares_must_sum_to_one():
    bad = QuestionContent(
        QuestionType.SHORT,
        "s",
        answer="r",
        rubric=(RubricPoint("a", Decimal("0.5")), RubricPoint("b", Decimal("0.4"))),
    )
    problems = validate_content(bad)
    assert [p.field for p in problems] == ["rubric"]
    assert "0.900" in problems[0].text()
    neg = QuestionContent(
        QuestionType.SHORT,
        "s",
        answer="r",
        rubric=(RubricPoint("a", Decimal("-1")), RubricPoint("b", Decimal(2))),
    )
    assert "rubric" in fields(validate_content(neg))


def test_check_content_raises_with_every_problem():
    with pytest.raises(ValidationError) as info:
        check_content(single(stem="", answer="Z"))
    assert {p.field for p in info.value.problems} == {"stem", "answer"}


def test_normalise_stem_ignores_spacing_punctuation_and_width():
    assert normalise_stem("下列哪项 属于技防？") == normalise_stem("下列哪项属于技防?")
    assert normalise_stem("ＡＢＣ　１２") == normalise_stem("abc12")
    assert normalise_stem("报警") != normalise_stem("警报")


def test_tags():
    assert normalise_tag(" Area : alarm-handling ") == "area:alarm-handling"
    assert parse_tags("area:basics，source:standard;area:basics\nlevel:apply") == (
        "area:basics",
        "level:apply",
        "source:standard",
    )
    assert tag_problems("nofacet")
    assert tag_problems("Bad Facet:x")
    assert not tag_problems("category:默认/子类 一")
