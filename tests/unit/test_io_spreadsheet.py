"""The bank spreadsheet: notations, located problems, export, and export → import round trips."""

from decimal import Decimal

import pytest
from bankio_builders import BANK_HEADER, bank_row, csv_bytes

from questionbank.io.spreadsheet import read_spreadsheet, write_spreadsheet
from questionbank.io.tables import read_table
from questionbank.model import (
    Question,
    QuestionContent,
    QuestionType,
    RubricPoint,
    equal_shares,
)

SHA = "ab" * 32


def read_rows(*rows, header=BANK_HEADER, filename="bank.csv"):
    return read_spreadsheet(csv_bytes([header, *rows]), filename)


def located(result):
    return [p.located() for p in result.problems]


def only(result):
    assert located(result) == []
    (imported,) = result.questions
    return imported.question


def single(answer="B", **cells):
    return bank_row(type="单选", stem="值班员首先应？", option_a="甲", option_b="乙",
                    option_c="丙", answer=answer, **cells)  # fmt: skip


def multiple(answer):
    return bank_row(type="多选", stem="下列属于技防的有", option_a="a", option_b="b",
                    option_c="c", option_d="d", answer=answer)  # fmt: skip


def short(rubric="", answer="接警、核实、处置"):
    return bank_row(type="简答", stem="简述报警处置的步骤", answer=answer, rubric=rubric)


# --------------------------------------------------------------------------- notations


@pytest.mark.parametrize("answer", ["B", "b", "Ｂ", " B ", "ｂ"])
def test_single_answer_notations(answer):
    assert only(read_rows(single(answer))).content.answer == "B"


@pytest.mark.parametrize(
    "answer",
    [
        "ACD",
        "A,C,D",
        "A、C、D",
        "DCA",
        "Ａ，Ｃ，Ｄ",
        "a c d",
        "C;A;D",
        "C；A；D",
        "A/C/D",
        "ａｃｄ",
    ],
)
def test_multiple_answer_notations(answer):
    assert only(read_rows(multiple(answer))).content.answer == ("A", "C", "D")


@pytest.mark.parametrize(
    ("answer", "value"),
    [
        *[(w, True) for w in ["对", "正确", "√", "✓", "✔", "T", "t", "TRUE", "true", "True", "Y",
                              "y", "yes", "是", "Ｔ", "ｔｒｕｅ"]],
        *[(w, False) for w in ["错", "错误", "×", "✗", "✘", "F", "f", "FALSE", "false", "N",
                               "n", "No", "否", "Ｆ"]],
    ],
)  # fmt: skip
def test_true_false_notations(answer, value):
    row = bank_row(type="判断", stem="紧急报警装置可以被撤防", answer=answer)
    assert only(read_rows(row)).content.answer is value


def test_a_short_answer_is_kept_verbatim_not_folded():
    row = short(answer="Ａ，B 两步\n第二行")
    assert only(read_rows(row)).content.answer == "Ａ，B 两步\n第二行"


@pytest.mark.parametrize(
    ("name", "qtype"),
    [
        *[(n, QuestionType.SINGLE) for n in ["单选", "单选题", "单项选择", "single", "SINGLE",
                                             "Ｓｉｎｇｌｅ"]],
        *[(n, QuestionType.MULTIPLE) for n in ["多选", "多选题", "多项选择", "multiple"]],
        *[(n, QuestionType.TRUEFALSE) for n in ["判断", "判断题", "truefalse", "TrueFalse"]],
        *[(n, QuestionType.SHORT) for n in ["简答", "简答题", "short"]],
    ],
)  # fmt: skip
def test_type_names(name, qtype):
    cells = {
        QuestionType.SINGLE: dict(option_a="a", option_b="b", answer="A"),
        QuestionType.MULTIPLE: dict(option_a="a", option_b="b", answer="AB"),
        QuestionType.TRUEFALSE: dict(answer="对"),
        QuestionType.SHORT: dict(answer="ref"),
    }[qtype]
    assert only(read_rows(bank_row(type=name, stem="题干", **cells))).content.type is qtype


@pytest.mark.parametrize(
    ("cell", "level"),
    [("", 3), ("1", 1), ("５", 5), ("易", 1), ("较易", 2), ("中等", 3), ("较难", 4), ("难", 5)],
)
def test_difficulty(cell, level):
    assert only(read_rows(single(difficulty=cell))).content.difficulty == level


def test_tags_and_ids():
    row = single(tags="Area: basics；LEVEL:remember, area:basics\nsource:textbook", id="０42")
    question = only(read_rows(row))
    assert question.tags == ("area:basics", "level:remember", "source:textbook")
    assert question.id == 42
    assert only(read_rows(single())).id is None


# --------------------------------------------------------------------------- rubric


@pytest.mark.parametrize(
    ("cell", "points"),
    [
        ("", ()),
        ("接警\n核实\n处置", equal_shares(["接警", "核实", "处置"])),
        ("接警|0.4\n核实｜30%\n 处置 | 0.3 ", (("接警", "0.4"), ("核实", "0.3"), ("处置", "0.3"))),
        ("a|b|0.5\nc｜d｜５０％", (("a|b", "0.5"), ("c｜d", "0.5"))),
        ("\n 要点一|0.5\n\n要点二|0.5\n", (("要点一", "0.5"), ("要点二", "0.5"))),
        ("only one", (("only one", "1"),)),
        ("trailing bar|\nplain|", (("trailing bar", "0.5"), ("plain", "0.5"))),
    ],
)
def test_rubric_cells(cell, points):
    expected = tuple(p if isinstance(p, RubricPoint) else RubricPoint(p[0], Decimal(p[1]))
                     for p in points)  # fmt: skip
    assert only(read_rows(short(cell))).content.rubric == expected
    assert equal_shares(["a", "b", "c"])[2].share == Decimal("0.3334")


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("a|abc\nb|0.5", "scoring point 1: share abc is not a number like 0.4 or 40%"),
        ("a|0.5\nb|0.4", "the shares add up to 0.900, not 1"),
        ("a|60%\nb|60%", "the shares add up to 1.200, not 1"),
        ("a|0.5\nb", "give a share on every scoring point or on none"),
        ("a|0\nb|1", "scoring point 1 needs a positive share"),
        ("|0.5\nb|0.5", "scoring point 1 has no text"),
        ("a|NaN\nb|0.5", "scoring point 1: share NaN is not a number like 0.4 or 40%"),
    ],
)
def test_bad_rubrics(cell, message):
    result = read_rows(short(cell))
    assert located(result) == [f"row 2, column 评分要点: {message}"]
    assert result.questions == []


def test_only_short_answers_have_a_rubric():
    assert located(read_rows(single(rubric="a|1"))) == [
        "row 2, column 评分要点: only short answers have a rubric"
    ]


# --------------------------------------------------------------------------- problems


def test_every_problem_of_a_file_is_listed_with_row_and_column():
    rows = [
        bank_row(type="单选", stem="下列哪项属于技防？", option_a="门卫", option_c="摄像机",
                 answer="C"),
        bank_row(type="多选", stem="s3", option_a="a", option_b="b", option_c="c", answer="A"),
        bank_row(type="判断", stem="s4", option_a="x", answer="可能"),
        bank_row(type="问答", stem="s5", answer="x"),
        bank_row(type="简答", difficulty="很难", tags="area", id="abc"),
        single(),
        bank_row(type="单选", stem="下列哪项 属于技防?", option_a="a", option_b="b", answer="AB"),
        bank_row(stem="no type", answer="x"),
        bank_row(type="单选", stem="s10", option_a="a", option_b="b", answer="1"),
        bank_row(type="单选", stem="s11", answer="A", difficulty="7", id="0"),
    ]  # fmt: skip
    result = read_rows(*rows)
    assert located(result) == [
        "row 2, column 选项B: option B is empty (options must be consecutive from A)",
        "row 3, column 答案: a multiple choice needs two or more keys, e.g. ACD",
        "row 4, column 选项A: options must be empty for true/false and short answers",
        "row 4, column 答案: a true/false answer must be 对 or 错 (√/×, T/F, true/false, Y/N),"
        " not 可能",
        "row 5, column 题型: unknown question type 问答 (单选, 多选, 判断 or 简答)",
        "row 6, column 题干: the stem is empty",
        "row 6, column 答案: the answer is missing",
        "row 6, column 难度: difficulty must be 1–5 or 易/较易/中等/较难/难, not 很难",
        "row 6, column 标签: tag area must be facet:value",
        "row 6, column 编号: the id must be a positive whole number, not abc",
        "row 8, column 题干: the same stem as row 2",
        "row 8, column 答案: a single choice needs exactly one key, e.g. B",
        "row 9, column 题型: the question type is missing",
        "row 10, column 答案: the answer must be option keys like B or ACD, not 1",
        "row 11, column 选项A: a choice question needs at least 2 options",
        "row 11, column 答案: key A names no option",
        "row 11, column 难度: difficulty must be 1–5, not 7",
        "row 11, column 编号: the id must be a positive whole number, not 0",
    ]
    warnings = [p.located() for p in result.warnings]
    assert warnings == ["row 8, column 题干: the same stem as row 2"]
    assert not result.ok
    # valid rows are still read (and shown in a dry run); the import as a whole is refused
    assert [q.row for q in result.questions] == [7]


def test_columns_are_named_as_the_file_spells_them():
    header = ["Type", "STEM", "option_a", "Option_B", "answer"]
    result = read_rows(["single", "q", "a", "b", "C"], header=header)
    assert located(result) == ["row 2, column answer: key C names no option"]
    result = read_rows(["single", "q", "", "b", "B"], header=header)
    assert located(result) == [
        "row 2, column option_a: option A is empty (options must be consecutive from A)"
    ]
    result = read_rows(["single", "q", "a", "", "C"], header=header)
    assert located(result) == [
        "row 2, column option_a: a choice question needs at least 2 options",
        "row 2, column answer: key C names no option",
    ]


def test_an_option_column_the_file_lacks_is_named_canonically():
    result = read_rows(["单选", "q", "丙", "C"], header=["题型", "题干", "选项C", "答案"])
    assert located(result) == [
        "row 2, column 选项A: option A is empty (options must be consecutive from A)",
        "row 2, column 选项B: option B is empty (options must be consecutive from A)",
    ]


def test_a_file_without_questions_is_warned_about():
    result = read_rows()
    assert [p.located() for p in result.warnings] == ["file: the file holds no questions"]
    assert result.ok


def test_header_problems_stop_before_rows():
    result = read_rows(["单选", "q"], header=["题型", "题干", "备注"])
    assert located(result) == [
        "row 1, column 备注: unknown column",
        "row 1, column 答案: required column is missing",
    ]
    assert result.questions == []


def test_duplicate_stems_warn_and_duplicate_ids_are_errors():
    result = read_rows(single(id="5"), single(id="6"), single(id="5"))
    assert located(result) == [
        "row 3, column 题干: the same stem as row 2",
        "row 4, column 题干: the same stem as row 2",
        "row 4, column 编号: question 5 is also updated by row 2",
    ]
    assert [p.severity for p in result.problems] == ["warning", "warning", "error"]
    assert [q.row for q in result.questions] == [2, 3]


def test_images_need_the_archive_and_store_references_are_kept():
    row = bank_row(
        type="简答",
        stem=f"看图 ![监控画面](image:{SHA}) 与 ![](http://example.com/x.png)",
        answer="见 ![](images/answer.png)",
    )
    result = read_rows(row)
    assert located(result) == [
        "row 2, column 题干: external image http://example.com/x.png will not be shown"
        " (only imported images are)",
        "row 2, column 答案: image images/answer.png: import images in a .zip holding the"
        " spreadsheet and the images",
    ]
    row = bank_row(type="判断", stem=f"看图 ![监控画面](image:{SHA})", answer="对")
    assert only(read_rows(row)).content.stem == f"看图 ![监控画面](image:{SHA})"


def test_xlsx_and_csv_read_alike():
    questions = [q.question for q in read_rows(single(), multiple("CA"), short("a|1")).questions]
    assert len(questions) == 3
    xlsx = read_spreadsheet(write_spreadsheet(questions, "xlsx"), "b.xlsx")
    assert xlsx.format == "xlsx"
    assert [q.question for q in xlsx.questions] == questions


# --------------------------------------------------------------------------- export


def content(qtype, **kw):
    return QuestionContent(type=qtype, stem=kw.pop("stem", "题干"), **kw)


def test_export_layout():
    questions = [
        Question(content(QuestionType.TRUEFALSE, answer=False), tags=("area:basics",), id=9),
        Question(content(QuestionType.MULTIPLE, options=tuple("abcdef"), answer=("A", "F"))),
        Question(
            content(QuestionType.SHORT, answer="ref", rubric=equal_shares(["x\ny", "z"])),
            tags=("a:1", "b:2"),
        ),
    ]
    data = write_spreadsheet(questions, "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert (
        lines[0]
        == "题型,题干,选项A,选项B,选项C,选项D,选项E,选项F,答案,评分要点,解析,难度,标签,来源,编号"
    )
    assert lines[1] == "判断,题干,,,,,,,错,,,3,area:basics,,9"
    assert lines[2] == "多选,题干,a,b,c,d,e,f,AF,,,3,,,"
    # a line break inside a cell is a bare "\n" in a quoted field; records end in "\r\n"
    assert lines[3] == '简答,题干,,,,,,,ref,"x y|0.5\nz|0.5",,3,"a:1, b:2",,'
    assert lines[4:] == [""]


def test_export_has_at_least_four_option_columns():
    question = Question(content(QuestionType.SINGLE, options=("a", "b"), answer="A"))
    table = read_table(write_spreadsheet([question], "xlsx"), "b.xlsx", [])
    assert [p.column for p in table.problems][:7] == ["题型", "题干", "选项A", "选项B", "选项C",
                                                      "选项D", "答案"]  # fmt: skip
    with pytest.raises(ValueError, match="unknown table format"):
        write_spreadsheet([question], "ods")
