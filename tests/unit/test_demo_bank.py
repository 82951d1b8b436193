"""The demo bank's own guard: examsvc/demo/bank.csv is valid, current and shaped like a pool.

The real importer lives elsewhere; this test reads the file with the standard csv module and a
tiny parser of its own, and checks every row with :mod:`questionbank.model`, so that a broken or
lopsided demo bank fails here first.
"""

from __future__ import annotations

import csv
import difflib
import importlib.util
import sys
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from questionbank.model import (
    QuestionContent,
    QuestionType,
    RubricPoint,
    equal_shares,
    normalise_stem,
    parse_tags,
    tag_facet,
    tag_problems,
    validate_content,
)
from questionbank.render import render_markdown

DEMO = Path(__file__).resolve().parents[2] / "examsvc" / "demo"
BANK = DEMO / "bank.csv"
GENERATOR = DEMO / "make_bank.py"

HEADER = [
    "题型", "题干", "选项A", "选项B", "选项C", "选项D", "选项E",
    "答案", "评分要点", "解析", "难度", "标签", "来源",
]  # fmt: skip
OPTION_COLUMNS = ["选项A", "选项B", "选项C", "选项D", "选项E"]
TYPES = {
    "单选": QuestionType.SINGLE,
    "多选": QuestionType.MULTIPLE,
    "判断": QuestionType.TRUEFALSE,
    "简答": QuestionType.SHORT,
}
TRUTH = {"对": True, "错": False}

SKILL_AREAS = {
    "equipment-operation",
    "video-grouping",
    "alarm-screening",
    "alarm-handling",
    "fault-handling",
}
AREAS = SKILL_AREAS | {"basics", "duty-management", "law-ethics"}
FACET_VALUES = {
    "area": AREAS,
    "source": {"textbook", "standard"},
    "level": {"remember", "understand", "apply"},
    "provenance": {"clause-verified", "secondary", "needs-expert"},
}

#: the brief's minimums per type
MINIMUM = {
    QuestionType.SINGLE: 100,
    QuestionType.MULTIPLE: 50,
    QuestionType.TRUEFALSE: 60,
    QuestionType.SHORT: 30,
}
#: a typical paper (40 single, 15 multiple, 20 true/false, 4 short) for each of three stages
#: with no question repeated across stages
THREE_PAPERS = {
    QuestionType.SINGLE: 3 * 40,
    QuestionType.MULTIPLE: 3 * 15,
    QuestionType.TRUEFALSE: 3 * 20,
    QuestionType.SHORT: 3 * 4,
}


@dataclass(frozen=True)
class BankRow:
    """One row of bank.csv, parsed."""

    number: int  # as a spreadsheet shows it: header = 1
    cells: dict[str, str]
    content: QuestionContent
    tags: tuple[str, ...]

    def tag(self, facet: str) -> list[str]:
        """The values of ``facet`` among the row's tags."""
        return [t.partition(":")[2] for t in self.tags if tag_facet(t) == facet]


def parse_answer(qtype: QuestionType, text: str) -> str | tuple[str, ...] | bool:
    """The answer cell in the model's shape (no normalising beyond what the bank uses)."""
    if qtype is QuestionType.MULTIPLE:
        return tuple(text)
    if qtype is QuestionType.TRUEFALSE:
        return TRUTH[text]
    return text


def parse_rubric(text: str) -> tuple[RubricPoint, ...]:
    """``text|share`` lines as rubric points."""
    points = []
    for line in text.splitlines():
        point, _, share = line.rpartition("|")
        points.append(RubricPoint(point, Decimal(share)))
    return tuple(points)


def parse_row(number: int, cells: dict[str, str]) -> BankRow:
    """A CSV row as a :class:`BankRow`."""
    qtype = TYPES[cells["题型"]]
    options = tuple(cells[c] for c in OPTION_COLUMNS if cells[c])
    content = QuestionContent(
        type=qtype,
        stem=cells["题干"],
        options=options,
        answer=parse_answer(qtype, cells["答案"]),
        rubric=parse_rubric(cells["评分要点"]),
        explanation=cells["解析"],
        difficulty=int(cells["难度"]),
        source=cells["来源"],
    )
    return BankRow(number, cells, content, parse_tags(cells["标签"]))


@pytest.fixture(scope="module")
def lines() -> list[list[str]]:
    with BANK.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


@pytest.fixture(scope="module")
def rows(lines) -> list[BankRow]:
    header, *body = lines
    return [parse_row(n, dict(zip(header, cells, strict=True))) for n, cells in enumerate(body, 2)]


def of_type(rows: list[BankRow], qtype: QuestionType) -> list[BankRow]:
    return [r for r in rows if r.content.type is qtype]


def share(part: int, whole: int) -> float:
    return part / whole


# --------------------------------------------------------------------------- the file


def test_header_is_the_chinese_bank_format(lines):
    assert lines[0] == HEADER
    assert all(len(cells) == len(HEADER) for cells in lines)


def test_file_is_utf8_with_bom():
    assert BANK.read_bytes().startswith(b"\xef\xbb\xbf")


def load_generator():
    """make_bank.py, loaded by path (it is a script, not part of the examsvc package)."""
    spec = importlib.util.spec_from_file_location("_demo_make_bank", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


def test_csv_is_what_the_generator_makes():
    generated = load_generator().render_csv()
    on_disk = BANK.read_text(encoding="utf-8-sig")  # universal newlines: CRLF → LF
    assert on_disk == generated.replace("\r\n", "\n"), "run examsvc/demo/make_bank.py"


def test_chapter_tags_belong_to_the_outline(rows):
    generator = load_generator()
    known = {f"textbook-{key}" for key in generator.TEXTBOOK} | set(generator.STANDARD)
    for row in rows:
        (chapter,) = row.tag("chapter")
        assert chapter in known, (row.number, chapter)
        source = "standard" if chapter.startswith("TBAX") else "textbook"
        assert row.tag("source") == [source], row.number
        prefix = "团体标准 T/BAX 0001" if source == "standard" else "教材 第"
        assert row.content.source.startswith(prefix), row.number


# --------------------------------------------------------------------------- every row


def test_every_row_is_a_valid_question(rows):
    bad = {r.number: [p.located() for p in validate_content(r.content)] for r in rows}
    assert {n: p for n, p in bad.items() if p} == {}


def test_choice_questions_have_the_brief_shape(rows):
    for row in rows:
        content = row.content
        match content.type:
            case QuestionType.SINGLE:
                assert len(content.options) == 4, row.number
                assert content.answer in "ABCD", row.number
            case QuestionType.MULTIPLE:
                assert 4 <= len(content.options) <= 5, row.number
                assert 2 <= len(content.answer) < len(content.options), row.number
                assert list(content.answer) == sorted(content.answer), row.number
            case _:
                assert content.options == (), row.number


def test_every_question_carries_the_required_tags(rows):
    for row in rows:
        assert [p for t in row.tags for p in tag_problems(t)] == [], row.number
        for facet, values in FACET_VALUES.items():
            found = row.tag(facet)
            assert len(found) == 1, (row.number, facet, found)
            assert found[0] in values, (row.number, facet, found)
        assert len(row.tag("chapter")) == 1, row.number


def test_every_question_is_explained_and_sourced(rows):
    for row in rows:
        assert row.content.explanation.strip(), row.number
        assert row.content.source.strip(), row.number


def test_short_answers_have_equal_shares_summing_to_exactly_one(rows):
    for row in of_type(rows, QuestionType.SHORT):
        rubric = row.content.rubric
        assert len(rubric) >= 2, row.number
        assert sum(p.share for p in rubric) == Decimal(1), row.number
        expected = equal_shares([p.text for p in rubric])
        assert [p.share for p in rubric] == [p.share for p in expected], row.number


def test_stems_options_and_explanations_render(rows):
    for row in rows:
        content = row.content
        html = render_markdown(content.stem)
        assert html.strip(), row.number
        if "|---|" in content.stem:
            assert "<table>" in html, row.number
        for text in (*content.options, content.explanation):
            assert render_markdown(text).strip(), row.number


# --------------------------------------------------------------------------- the pool


def test_counts_per_type_cover_the_minimums_and_three_stages(rows):
    counts = Counter(r.content.type for r in rows)
    for qtype, minimum in MINIMUM.items():
        assert counts[qtype] >= max(minimum, THREE_PAPERS[qtype]), (qtype, counts[qtype])


def test_every_area_is_well_covered(rows):
    counts = Counter(r.tag("area")[0] for r in rows)
    assert set(counts) == AREAS
    for area, count in counts.items():
        assert count >= (25 if area in SKILL_AREAS else 15), (area, count)


def test_difficulties_span_1_to_5_mostly_in_the_middle(rows):
    counts = Counter(r.content.difficulty for r in rows)
    assert set(counts) == {1, 2, 3, 4, 5}
    assert counts[1] >= 5 and counts[5] >= 5
    assert share(counts[2] + counts[3] + counts[4], len(rows)) >= 0.7


def test_at_least_a_quarter_comes_from_the_standard(rows):
    standard = sum(1 for r in rows if r.tag("source") == ["standard"])
    assert share(standard, len(rows)) >= 0.25


def test_no_two_stems_normalise_alike(rows):
    seen: dict[str, int] = {}
    for row in rows:
        key = normalise_stem(row.content.stem)
        assert key not in seen, (row.number, seen.get(key))
        seen[key] = row.number


def test_no_near_duplicate_stems(rows):
    stems = [(r.number, normalise_stem(r.content.stem)) for r in rows]
    close = []
    for i, (number_a, a) in enumerate(stems):
        matcher = difflib.SequenceMatcher(None, a, autojunk=False)
        for number_b, b in stems[i + 1 :]:
            matcher.set_seq2(b)
            if matcher.real_quick_ratio() > 0.85 and matcher.ratio() > 0.85:
                close.append((number_a, number_b))
    assert close == []


def test_truefalse_answers_are_balanced(rows):
    answers = [r.content.answer for r in of_type(rows, QuestionType.TRUEFALSE)]
    assert 0.35 <= share(answers.count(True), len(answers)) <= 0.65


def test_single_choice_keys_are_spread_over_a_to_d(rows):
    keys = Counter(r.content.answer for r in of_type(rows, QuestionType.SINGLE))
    total = sum(keys.values())
    for key in "ABCD":
        assert 0.15 <= share(keys[key], total) <= 0.35, (key, keys)


def test_multiple_choice_keys_vary(rows):
    multiple = of_type(rows, QuestionType.MULTIPLE)
    sets = Counter(r.content.answer for r in multiple)
    assert len(sets) >= 5
    assert share(sets.most_common(1)[0][1], len(multiple)) <= 0.35
    # every option letter is right somewhere and wrong somewhere
    for key in "ABCD":
        assert any(key in r.content.answer for r in multiple), key
        assert any(key not in r.content.answer for r in multiple), key
