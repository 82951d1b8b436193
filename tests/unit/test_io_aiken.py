"""Aiken import: the format as Moodle documents it, and each error case with its line number."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from questionbank.io import aiken
from questionbank.io.aiken import read_aiken
from questionbank.model import QuestionType

GOOD = """\
What is the correct answer to this question?
A. Is it this one?
B. Maybe this answer?
C. Possibly this one?
D. Must be this one!
ANSWER: D

Which LMS has the most quiz import formats?
A) Moodle
B) ATutor
C) Claroline
D) Blackboard
E) WebCT
F) Ilias
ANSWER: A
"""


def test_reads_both_marker_styles():
    result = read_aiken(GOOD)
    assert result.problems == []
    assert result.format == "aiken"
    first, second = (q.question.content for q in result.questions)
    assert first.type is QuestionType.SINGLE
    assert first.stem == "What is the correct answer to this question?"
    assert first.options == (
        "Is it this one?",
        "Maybe this answer?",
        "Possibly this one?",
        "Must be this one!",
    )
    assert first.answer == "D"
    assert second.options[0] == "Moodle" and len(second.options) == 6
    assert second.answer == "A"
    assert [q.row for q in result.questions] == [1, 8]


def test_questions_need_no_blank_line_between_them_and_crlf_works():
    text = "Q1\r\nA. a\r\nB. b\r\nANSWER: B\r\nQ2\r\nA. c\r\nB. d\r\nANSWER: A\r\n"
    result = read_aiken(text)
    assert [q.question.content.answer for q in result.questions] == ["B", "A"]
    assert [q.row for q in result.questions] == [1, 5]


def test_full_width_markers_and_chinese_text():
    text = "值班员接到报警后首先应当？\nＡ．立即出警\nＢ）通过视频复核\nC. 记录后离岗\nANSWER：Ｂ\n"
    c = read_aiken(text).questions[0].question.content
    assert c.stem == "值班员接到报警后首先应当？"
    assert c.options == ("立即出警", "通过视频复核", "记录后离岗")
    assert c.answer == "B"


def test_text_is_plain_and_escaped_for_markdown():
    c = read_aiken("Is 2*3 <b>6</b>?\nA. # yes\nB. no_way\nANSWER: A\n").questions[0]
    assert c.question.content.stem == r"Is 2\*3 &lt;b>6&lt;/b>?"
    assert c.question.content.options == (r"\# yes", r"no\_way")


def test_a_question_text_may_span_lines():
    c = read_aiken("First line\nsecond line\nA. a\nB. b\nANSWER: a\n").questions[0].question
    assert c.content.stem == "First line\nsecond line"
    assert c.content.answer == "A"


# Each error case, in a file whose other questions are fine (they are still read).
@pytest.mark.parametrize(
    ("block", "line", "field", "words"),
    [
        # too few options
        ("Q\nA. only\nANSWER: A", 7, "options", "at least 2 options"),
        ("Q\nANSWER: A", 7, "options", "at least 2 options"),
        # missing answer (the next question starts, or the file ends)
        ("Q\nA. a\nB. b", 7, "answer", "no ANSWER line"),
        # missing space after the letter
        ("Q\nA.a\nB. b\nANSWER: A", 8, "options", "space is missing after A."),
        ("Q\nA. a\nB)b\nANSWER: A", 9, "options", "space is missing after B)"),
        # answer naming no option
        ("Q\nA. a\nB. b\nANSWER: C", 10, "answer", "C names no option"),
        ("Q\nA. a\nB. b\nANSWER:", 10, "answer", "names no key"),
        ("Q\nA. a\nB. b\nANSWER: AB", 10, "answer", "exactly one right option"),
        # options out of order
        ("Q\nA. a\nC. c\nANSWER: A", 9, "options", "expected B, found C"),
        ("Q\nB. b\nA. a\nANSWER: A", 8, "options", "expected A, found B"),
        # option or ANSWER without a question
        ("A) not started\n\nANSWER: A", 7, "options", "before any question text"),
        ("ANSWER: A", 7, "answer", "without a question"),
        # more than 8 options (the bank's limit)
        ("Q\n" + "\n".join(f"{k}. x{k}" for k in "ABCDEFGHI") + "\nANSWER: A", 7, "options", "8"),
    ],
)
def test_error_cases_name_their_line(block, line, field, words):
    text = f"Good\nA. a\nB. b\nANSWER: A\n\n\n{block}\n\nAlso good\nA. x\nB. y\nANSWER: B\n"
    result = read_aiken(text)
    assert [q.question.content.stem for q in result.questions] == ["Good", "Also good"]
    assert len(result.errors) >= 1
    problem = result.errors[0]
    assert (problem.row, problem.field) == (line, field), str(problem)
    assert words in problem.text()


def test_missing_answer_at_end_of_file_and_before_next_question():
    result = read_aiken("Q1\nA. a\nB. b\n\nQ2\nA. c\nB. d\nANSWER: A\n\nQ3\nA. e\nB. f\n")
    assert [q.question.content.stem for q in result.questions] == ["Q2"]
    assert [(p.row, p.field) for p in result.errors] == [(1, "answer"), (10, "answer")]


def test_moodle_error_fixture():
    # the cases of Moodle's own question/format/aiken/tests/fixtures/aiken_errors.txt
    text = (
        "A question with too few answers\nA) Only answer\nANSWER: A\n\n"
        "A) Question not started\n\nANSWER: Question not started\n\n"
        "A good question\nA) Correct\nB) Incorrect\nANSWER: A\n\n"
        "A question started but not finished\nA) Correct-ish\nB) Incorrect-ish\n\n"
        "A second good question\nA)Incorrect (No space)\nB)Correct (No space)\nANSWER: B"
    )
    result = read_aiken(text)
    assert [q.question.content.stem for q in result.questions] == ["A good question"]
    assert [p.row for p in result.errors] == [1, 5, 7, 14, 19, 20]


def test_empty_and_oversized_files(monkeypatch):
    result = read_aiken("\n\n")
    assert result.questions == [] and result.warnings[0].field == "file"
    monkeypatch.setattr(aiken, "MAX_AIKEN_CHARS", 5)
    assert read_aiken(GOOD).errors[0].field == "file"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="AB.) \nANSWER:：Ｃ．xy值", max_size=120))
def test_any_text_is_read_without_crashing_and_problems_have_lines(text):
    result = read_aiken(text)  # must not raise
    for problem in result.problems:
        assert problem.row is not None or problem.field == "file", problem
    for question in result.questions:
        assert question.question.content.type is QuestionType.SINGLE
        assert len(question.question.content.options) >= 2
