"""Export → import round trips of the bank spreadsheet (Hypothesis), and a 20,000-row bank."""

import time
from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from questionbank.io.spreadsheet import read_spreadsheet, write_spreadsheet
from questionbank.model import (
    OPTION_KEYS,
    Question,
    QuestionContent,
    QuestionType,
    RubricPoint,
    equal_shares,
    validate_content,
)


def content(qtype, **kw):
    return QuestionContent(type=qtype, stem=kw.pop("stem", "题干"), **kw)


# --------------------------------------------------------------------------- round trip
#
# What the format can carry (and so what is generated): texts are trimmed and non-empty where
# required; line breaks are "\n"; no control characters (XML cannot hold them); a rubric point is
# one line; tags are facet:value, normalised and sorted. Inside those rules anything goes:
# Chinese and ASCII, "|" "｜" "," "，" "、" ";" quotes, leading "=" "+" "-" "@" "'", "_x0041_".

SPECIALS = ["|", "｜", ",", "，", "、", ";", "；", "\n", " ", "=", "-", "+", "@", "'", '"',
            "_x0041_", "_x005F_", "%", "：", "\t", "001", "TRUE", "2025-07-28", "１"]  # fmt: skip
CHARS = st.characters(exclude_categories=("Cs", "Cc", "Cn", "Co"))


def texts(max_pieces=6, newline=True):
    piece = st.one_of(st.text(CHARS, min_size=1, max_size=4), st.sampled_from(SPECIALS))
    return (
        st.lists(piece, min_size=1, max_size=max_pieces)
        .map(lambda parts: "".join(parts).strip())
        .filter(lambda t: t and "![" not in t and (newline or "\n" not in t))
    )


TAGS = st.lists(
    st.builds(
        "{}:{}".format,
        st.sampled_from(["area", "level", "source", "chapter", "provenance", "x-y_1"]),
        st.text(st.sampled_from("abcxyz0129.-值班报警"), min_size=1, max_size=8),
    ),
    max_size=4,
).map(lambda tags: tuple(sorted(set(tags))))


@st.composite
def rubrics(draw):
    n = draw(st.integers(0, 4))
    if not n:
        return ()
    point_texts = draw(st.lists(texts(4, newline=False), min_size=n, max_size=n))
    if draw(st.booleans()):
        return equal_shares(point_texts)
    cuts = sorted(draw(st.sets(st.integers(1, 99), min_size=n - 1, max_size=n - 1)))
    bounds = [0, *cuts, 100]
    shares = [Decimal(b - a) / 100 for a, b in pairwise(bounds)]
    return tuple(RubricPoint(t, s) for t, s in zip(point_texts, shares, strict=True))


@st.composite
def questions(draw):
    qtype = draw(st.sampled_from(list(QuestionType)))
    options, rubric = (), ()
    if qtype.is_choice:
        options = tuple(draw(st.lists(texts(3), min_size=2, max_size=8)))
        keys = OPTION_KEYS[: len(options)]
        if qtype is QuestionType.SINGLE:
            answer = draw(st.sampled_from(keys))
        else:
            answer = tuple(sorted(draw(st.sets(st.sampled_from(keys), min_size=2))))
    elif qtype is QuestionType.TRUEFALSE:
        answer = draw(st.booleans())
    else:
        answer = draw(texts())
        rubric = draw(rubrics())
    body = QuestionContent(
        type=qtype,
        stem=draw(texts()),
        options=options,
        answer=answer,
        rubric=rubric,
        explanation=draw(st.one_of(st.just(""), texts())),
        difficulty=draw(st.integers(1, 5)),
        source=draw(st.one_of(st.just(""), texts(3))),
    )
    assert validate_content(body) == []
    return Question(content=body, tags=draw(TAGS))


@st.composite
def banks(draw):
    bank = draw(st.lists(questions(), min_size=1, max_size=6))
    ids = draw(st.lists(st.integers(1, 10**9), min_size=len(bank), max_size=len(bank),
                        unique=True))  # fmt: skip
    with_id = draw(st.lists(st.booleans(), min_size=len(bank), max_size=len(bank)))
    return [
        Question(q.content, q.tags, id=i if keep else None)
        for q, i, keep in zip(bank, ids, with_id, strict=True)
    ]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bank=banks())
def test_export_then_import_gives_the_same_questions(fmt, bank):
    result = read_spreadsheet(write_spreadsheet(bank, fmt), f"bank.{fmt}")
    assert result.errors == []
    assert [q.question for q in result.questions] == bank
    assert [q.row for q in result.questions] == list(range(2, len(bank) + 2))


# --------------------------------------------------------------------------- size


@pytest.mark.slow
def test_a_20000_question_xlsx_imports_quickly():
    kinds = [
        content(QuestionType.SINGLE, options=("甲" * 20, "乙" * 20, "丙" * 20, "丁" * 20),
                answer="C", explanation="解析" * 40),
        content(QuestionType.MULTIPLE, options=tuple("技防物防人防探测"), answer=("A", "D")),
        content(QuestionType.TRUEFALSE, answer=True, source="团体标准 5.3.1"),
        content(QuestionType.SHORT, answer="要点" * 30, rubric=equal_shares(["接警", "核实"])),
    ]  # fmt: skip
    bank = [
        Question(
            QuestionContent(**{**kinds[i % 4].__dict__, "stem": f"第{i}题：值班员" + "报警" * 30}),
            tags=("area:alarm-handling", "level:apply"),
            id=i + 1,
        )
        for i in range(20_000)
    ]
    data = write_spreadsheet(bank, "xlsx")
    started = time.perf_counter()
    result = read_spreadsheet(data, "bank.xlsx")
    elapsed = time.perf_counter() - started
    assert result.errors == []
    assert len(result.questions) == 20_000
    assert result.questions[-1].question == bank[-1]
    assert elapsed < 15, elapsed
