"""GIFT import and export: every construct of Moodle's GIFT format, errors with lines, round trip.

Fixtures follow the published format description (Moodle docs "GIFT format" and the examples in
Moodle's question/format/gift), written here by hand.
"""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from moodle_banks import banks, expected_order

from questionbank.io import gift
from questionbank.io.gift import read_gift, write_gift
from questionbank.model import Question, QuestionContent, QuestionType, RubricPoint


def only(text):
    """The one question of a GIFT text (asserting nothing else was reported)."""
    result = read_gift(text)
    assert result.errors == [], [str(p) for p in result.errors]
    assert result.unsupported == []
    assert len(result.questions) == 1, result.questions
    return result.questions[0].question


def content(text):
    return only(text).content


# --------------------------------------------------------------------------- question types


def test_single_choice_with_name_feedback_and_general_feedback():
    question = only(
        "// a comment line\n"
        "::Grant's tomb::Who's buried in Grant's tomb?{\n"
        "  ~Grant#No, he is entombed.\n"
        "  =no one#Right!\n"
        "  ~Jefferson\n"
        "  ####Nobody is buried there.\n"
        "}\n"
    )
    assert question.name == "Grant's tomb"
    c = question.content
    assert c.type is QuestionType.SINGLE
    assert c.stem == "Who's buried in Grant's tomb?"
    assert c.options == ("Grant", "no one", "Jefferson")
    assert c.answer == "B"
    # per-answer feedback is folded into the explanation, after the general feedback
    assert c.explanation == (
        "Nobody is buried there.\n\n【选项反馈】\n\n- A：No, he is entombed.\n- B：Right!"
    )
    assert c.difficulty == 3
    assert question.tags == ()


def test_multiple_choice_keys_are_the_positive_weights():
    c = content(
        "What two people are entombed in Grant's tomb? {\n"
        "   ~%-100%No one\n   ~%50%Grant\n   ~%50%Grant's wife\n   ~%-100%Grant's father\n}"
    )
    assert c.type is QuestionType.MULTIPLE
    assert c.options == ("No one", "Grant", "Grant's wife", "Grant's father")
    assert c.answer == ("B", "C")


def test_multiple_choice_with_fractional_weights():
    c = content("Pick three{~%33.33333%a ~%33.33333%b ~%33.33333%c ~%-100%d}")
    assert c.answer == ("A", "B", "C")


def test_one_positive_weight_without_equals_is_single_with_a_warning():
    result = read_gift("Q{~%100%a ~b ~c}")
    assert result.questions[0].question.content.type is QuestionType.SINGLE
    assert result.questions[0].question.content.answer == "A"
    assert [p.severity for p in result.problems] == ["warning"]
    assert result.problems[0].row == 1


def test_partial_weights_beside_an_equals_are_dropped_with_a_warning():
    result = read_gift("Q{=a ~%50%b ~c}")
    assert result.questions[0].question.content.answer == "A"
    assert result.warnings and "partial credit" in result.warnings[0].message


@pytest.mark.parametrize(
    ("answer", "value"), [("T", True), ("TRUE", True), ("F", False), ("FALSE", False)]
)
def test_true_false_forms(answer, value):
    c = content(f"Grant was buried in a tomb in New York City.{{{answer}}}")
    assert c.type is QuestionType.TRUEFALSE
    assert c.answer is value
    assert c.options == ()


def test_true_false_feedback_is_folded_by_meaning():
    # {TRUE#feedback when answered wrong#feedback when answered right}
    c = content("The sun rises in the east.{TRUE#No, it does.#Yes.####Astronomy}")
    assert c.answer is True
    assert c.explanation == "Astronomy\n\n【选项反馈】\n\n- 对：Yes.\n- 错：No, it does."
    c = content("The sun rises in the west.{F#It does not.#Right.}")
    assert c.explanation == "【选项反馈】\n\n- 对：It does not.\n- 错：Right."


def test_essay_written_by_us_reads_answer_rubric_and_explanation():
    feedback = (
        "【参考答案】\\n\\n接警、复核、处置\\n\\n【评分要点】\\n\\n- [60%] 接警与复核\\n"
        "- [40%] 处置\\n\\n【解析】\\n\\n见第3章"
    )
    c = content(f"简述报警处置流程。{{####{feedback}}}")
    assert c.type is QuestionType.SHORT
    assert c.answer == "接警、复核、处置"
    assert c.rubric == (
        RubricPoint("接警与复核", Decimal("0.6")),
        RubricPoint("处置", Decimal("0.4")),
    )
    assert c.explanation == "见第3章"


def test_essay_rubric_without_shares_gets_equal_shares():
    c = content("Q{####【参考答案】\\n\\nA\\n\\n【评分要点】\\n\\n- one\\n- two}")
    assert [p.share for p in c.rubric] == [Decimal("0.5"), Decimal("0.5")]


def test_foreign_essay_takes_general_feedback_as_reference_answer_with_warning():
    result = read_gift("Describe a duty handover.{####Both sign the duty log.}")
    c = result.questions[0].question.content
    assert c.type is QuestionType.SHORT
    assert c.answer == "Both sign the duty log."
    assert c.explanation == ""
    assert [p.severity for p in result.problems] == ["warning"]


def test_essay_without_any_reference_answer_is_an_error_at_its_line():
    result = read_gift("// c\n\nFirst{T}\n\nDescribe.{}\n")
    assert len(result.questions) == 1
    assert [(p.row, p.field) for p in result.errors] == [(5, "answer")]


def test_single_accepted_short_answer_becomes_short_question():
    c = content("Who's buried in Grant's tomb?{=no one#Correct}")
    assert c.type is QuestionType.SHORT
    assert c.answer == "no one"
    assert c.explanation == "【选项反馈】\n\n- 答案：Correct"
    assert content("Two plus two is {=%100%four}.").answer == "four"


# --------------------------------------------------------------------------- text handling


def test_formats():
    assert content("[markdown]**bold** text{T}").stem == "**bold** text"
    assert content("[html]<p>a <b>b</b></p><script>x()</script>{T}").stem == "a **b**"
    assert content("[plain]2*3 <b>{T}").stem == r"2\*3 &lt;b>"
    assert content("[moodle]line <i>one</i>\\nline two{T}").stem == "line *one*\nline two"
    # the default format is moodle: plain text shows literally
    assert content("Is 2*3 = 6?{T}").stem == r"Is 2\*3 = 6?"
    # an unknown bracket is text, not a format
    assert content("[note] read{T}").stem == r"\[note\] read"


def test_answers_take_their_own_format_prefix():
    c = content("[markdown]Pick{=[html]<b>x</b> ~[plain]*y*}")
    assert c.options == ("**x**", r"\*y\*")


@pytest.mark.parametrize(
    ("escaped", "char"),
    [("\\:", ":"), ("\\#", "#"), ("\\=", "="), ("\\{", "{"), ("\\}", "}"), ("\\~", "~")],
)
def test_each_escape(escaped, char):
    c = content(f"[markdown]a{escaped}b{{=x{escaped}y ~z####e{escaped}f}}")
    assert c.stem == f"a{char}b"
    assert c.options == (f"x{char}y", "z")
    assert c.explanation == f"e{char}f"


def test_backslash_and_newline_escapes():
    c = content("[markdown]back\\\\slash, new\\nline, literal \\\\n{T}")
    assert c.stem == "back\\slash, new\nline, literal \\n"
    assert only("::a\\:b::x{T}").name == "a:b"


def test_answer_in_the_middle_puts_a_blank():
    c = content("Grant is {~buried =entombed ~living} in Grant's tomb.")
    assert c.stem == r"Grant is \_\_\_\_\_ in Grant's tomb."
    assert c.answer == "B"
    assert content("[markdown]值班员应当{=复核 ~离岗}处置。").stem == r"值班员应当\_\_\_\_\_处置。"


def test_multi_line_question_and_crlf_and_bom():
    result = read_gift("\ufeff::n::first line\r\nsecond line{\r\n=a\r\n~b\r\n}\r\n")
    c = result.questions[0].question.content
    assert c.stem == "first line\nsecond line"
    assert c.options == ("a", "b")


# --------------------------------------------------------------------------- categories, tags


def test_categories_become_tags():
    text = (
        "$CATEGORY: $course$/top/Default for 值机员/报警/处置\n\nQ1{T}\n\n"
        "$CATEGORY: $course$/top\n\nQ2{T}\n\n"
        "$CATEGORY: $system$/top/A//B/C\n\nQ3{T}\n\n"
        "$CATEGORY: tom/Sub\n\nQ4{T}\n\n"
        "$CATEGORY: $course$/Old\nQ5{T}\n"
    )
    result = read_gift(text)
    assert result.errors == []
    assert [q.question.tags for q in result.questions] == [
        ("category:Default for 值机员/报警/处置",),
        (),
        ("category:A/B/C",),
        ("category:tom/Sub",),
        ("category:Old",),
    ]
    # the question right below a category line (no blank line) starts on its own line
    assert result.questions[-1].row == 18


def test_a_category_path_too_long_for_a_tag_loses_its_top_levels():
    levels = [f"第{i}章 安全防范设备值机员职业技能竞赛" for i in range(6)]
    result = read_gift(f"$CATEGORY: $course$/top/{'/'.join(levels)}\n\nQ{{T}}\n")
    (tag,) = result.questions[0].question.tags
    assert tag == "category:" + "/".join(levels[-4:])
    assert len(tag) <= 100
    assert [(p.row, p.severity) for p in result.problems] == [(3, "warning")]


def test_moodle_id_and_tag_comments_difficulty_and_source():
    question = only(
        "// question: 12  name: x\n"
        "// [id:Q-1\\]] [tag:Alarm] [tag:area:alarm-handling] [tag:difficulty:4]\n"
        "// examsvc-source: 团体标准 5.3.1\\nline two \\\\ end\n"
        "Q{T}"
    )
    assert question.tags == ("area:alarm-handling", "idnumber:Q-1]", "tag:Alarm")
    assert question.content.difficulty == 4
    assert question.content.source == "团体标准 5.3.1\nline two \\ end"


def test_tag_with_a_separator_is_repaired_with_a_warning():
    result = read_gift("// [tag:a,b]\nQ{T}")
    assert result.questions[0].question.tags == ("tag:a b",)
    assert result.warnings[0].row == 2


# --------------------------------------------------------------------------- unsupported, errors


@pytest.mark.parametrize(
    ("text", "construct"),
    [
        ("When was Grant born?{#1822:5}", "numerical"),
        ("Match.{=Canada -> Ottawa =Italy -> Rome}", "matching"),
        ("Just a description.", "description"),
        ("Two {=a ~b} blanks {=c ~d} here.", "several blanks"),
        ("Who?{=no one =nobody}", "several accepted answers"),
        ("Who?{=%50%Nazereth}", "partial credit"),
        ("Pick{=a =b ~c}", "several right answers"),
    ],
)
def test_unsupported_constructs_are_listed_per_question(text, construct):
    result = read_gift(f"First{{T}}\n\n// comment\n{text}\n")
    assert len(result.questions) == 1
    assert result.errors == []
    assert len(result.unsupported) == 1
    problem = result.unsupported[0]
    assert problem.row == 4
    assert construct in problem.text()


@pytest.mark.parametrize(
    ("text", "field", "words"),
    [
        ("Q{=a ~b", "answer", "not closed"),
        ("Q}=a ~b{", "answer", "without its {"),
        ("Q{=a ~b}}", "answer", "without its {"),
        ("::name Q{T}", "name", "not closed"),
        ("Q{~a ~b}", "answer", "no right answer"),
        ("Q{x =a ~b}", "answer", "must start with"),
        ("Q{=a ~b ~c ~d ~e ~f ~g ~h ~i}", "options", "at most 8"),
        ("Q{=a ~}", "option_b", "empty"),
        ("Q\ufdd0{T}", "stem", "non-characters"),
    ],
)
def test_errors_name_the_line_where_the_question_starts(text, field, words):
    result = read_gift(f"Good{{T}}\n\n\n{text}\n\nAlso good{{F}}\n")
    assert len(result.questions) == 2
    assert len(result.errors) == 1
    problem = result.errors[0]
    assert (problem.row, problem.field) == (4, field)
    assert words in problem.text()


def test_empty_file_warns_and_oversized_file_is_refused(monkeypatch):
    result = read_gift("// only a comment\n\n")
    assert result.questions == [] and result.errors == []
    assert result.warnings[0].field == "file"
    monkeypatch.setattr(gift, "MAX_GIFT_CHARS", 10)
    result = read_gift("Q{T}\n\nQ2{F}\n")
    assert result.questions == [] and result.errors[0].field == "file"


# --------------------------------------------------------------------------- export


def test_write_gift_layout():
    questions = [
        Question(
            QuestionContent(
                QuestionType.MULTIPLE,
                "下列属于技防的有：{选}",
                ("视频#监控", "%50% 报警", "保安"),
                ("A", "B"),
                explanation="[见] 第3章",
                difficulty=2,
                source="教材\\3.2",
            ),
            tags=("area:basics", "category:报警/处置", "idnumber:Q1", "tag:重点"),
            name="Q: 1",
        ),
        Question(QuestionContent(QuestionType.SINGLE, "单选", ("a", "%5%b"), "A")),
        Question(QuestionContent(QuestionType.TRUEFALSE, "判断", answer=False)),
    ]
    text = write_gift(questions)
    # uncategorised questions first, then each category after its $CATEGORY line
    assert text.index("单选") < text.index("判断") < text.index("$CATEGORY:")
    assert "$CATEGORY: $course$/top/报警/处置\n\n" in text
    assert "// [id:Q1] [tag:area:basics] [tag:重点] [tag:difficulty:2]\n" in text
    assert "// examsvc-source: 教材\\\\3.2\n" in text
    assert "::Q\\: 1::[markdown]下列属于技防的有：\\{选\\}{\n" in text
    assert "\t~%50%视频\\#监控\n\t~%50%%50% 报警\n\t~%-100%保安\n" in text
    assert "\t####[markdown][见] 第3章\n}" in text
    assert "[markdown]单选{\n\t=a\n\t~%0%%5%b\n}" in text
    assert "[markdown]判断{FALSE}" in text
    assert read_gift(text).errors == []


def test_write_gift_short_answer_round_trips_rubric():
    question = Question(
        QuestionContent(
            QuestionType.SHORT,
            "简述",
            answer="第一\n第二",
            rubric=(
                RubricPoint("要点一\n续", Decimal("0.3333")),
                RubricPoint("要点二", Decimal("0.6667")),
            ),
            explanation="解析",
        )
    )
    text = write_gift([question])
    assert (
        "{####【参考答案】\\n\\n第一\\n第二\\n\\n【评分要点】\\n\\n- [33.33%] 要点一\\n  续" in text
    )
    assert only(text).content == question.content


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(banks)
def test_round_trip_preserves_the_bank(bank):
    result = read_gift(write_gift(bank))
    assert result.problems == [] and result.unsupported == []
    got = [q.question for q in result.questions]
    want = expected_order(bank)
    assert [q.content for q in got] == [q.content for q in want]
    assert [q.tags for q in got] == [q.tags for q in want]
    assert [q.name for q in got] == [q.name for q in want]


@settings(max_examples=150, deadline=None)
@given(banks, st.data())
def test_mutated_files_never_crash_and_every_problem_has_its_line(bank, data):
    text = list(write_gift(bank))
    for _ in range(data.draw(st.integers(1, 5))):
        at = data.draw(st.integers(0, len(text) - 1))
        text[at] = data.draw(st.sampled_from("{}~=#:\\\n %[]$/-"))
    result = read_gift("".join(text))  # must not raise
    for problem in [*result.problems, *result.unsupported]:
        assert problem.row is not None or problem.field == "file", problem
    assert all(q.row is not None for q in result.questions)
