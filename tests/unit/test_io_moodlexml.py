"""Moodle XML import and export: question types, categories, tags, texts, images, hostile files.

Fixtures follow the published Moodle XML format description (Moodle docs "Moodle XML format"
and the fixtures in Moodle's question/format/xml/tests), written here by hand.
"""

import base64
import time
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from moodle_banks import banks, expected_order

from questionbank.images import image_digest
from questionbank.io import moodlexml
from questionbank.io.common import ImageBlob
from questionbank.io.moodlexml import read_moodlexml, write_moodlexml
from questionbank.model import Question, QuestionContent, QuestionType, RubricPoint

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(32))
PNG_B64 = base64.b64encode(PNG).decode()
PNG_DIGEST = image_digest(PNG)
SVG_B64 = base64.b64encode(b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>').decode()


def quiz(*questions: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n' + "\n".join(questions) + "\n</quiz>\n"
    ).encode()


def category(path: str) -> str:
    return f"""<question type="category"><category><text>{path}</text></category>
      <info format="moodle_auto_format"><text></text></info><idnumber></idnumber></question>"""


def answer(fraction, text, feedback="", fmt="html"):
    return (
        f'<answer fraction="{fraction}" format="{fmt}"><text><![CDATA[{text}]]></text>'
        f'<feedback format="html"><text><![CDATA[{feedback}]]></text></feedback></answer>'
    )


def multichoice(name, text, answers, single="true", extra="", idnumber=""):
    return f"""<question type="multichoice">
      <name><text>{name}</text></name>
      <questiontext format="html"><text><![CDATA[{text}]]></text></questiontext>
      <generalfeedback format="html"><text><![CDATA[<p>General.</p>]]></text></generalfeedback>
      <defaultgrade>1.0000000</defaultgrade><penalty>0.3333333</penalty><hidden>0</hidden>
      <idnumber>{idnumber}</idnumber><single>{single}</single><shuffleanswers>true</shuffleanswers>
      <answernumbering>abc</answernumbering>
      <correctfeedback format="html"><text>Your answer is correct.</text></correctfeedback>
      {"".join(answers)}{extra}</question>"""


def truefalse(name, right="true", feedback=("", "")):
    return f"""<question type="truefalse"><name><text>{name}</text></name>
      <questiontext format="moodle_auto_format"><text>{name} is true?</text></questiontext>
      <generalfeedback format="moodle_auto_format"><text></text></generalfeedback>
      {answer(100 if right == "true" else 0, "true", feedback[0], "moodle_auto_format")}
      {answer(100 if right == "false" else 0, "false", feedback[1], "moodle_auto_format")}
      </question>"""


def essay(name, graderinfo, fmt="html", general=""):
    return f"""<question type="essay"><name><text>{name}</text></name>
      <questiontext format="markdown"><text>简述{name}。</text></questiontext>
      <generalfeedback format="markdown"><text>{general}</text></generalfeedback>
      <responseformat>editor</responseformat><responserequired>1</responserequired>
      <graderinfo format="{fmt}"><text><![CDATA[{graderinfo}]]></text></graderinfo>
      <responsetemplate format="html"><text></text></responsetemplate></question>"""


def shortanswer(name, *answers):
    return f"""<question type="shortanswer"><name><text>{name}</text></name>
      <questiontext format="plain_text"><text>Who is buried in Grant's tomb?</text></questiontext>
      <usecase>0</usecase>{"".join(answer(f, t, fb, "moodle_auto_format") for f, t, fb in answers)}
      </question>"""


def read_one(*questions: str):
    result = read_moodlexml(quiz(*questions))
    assert result.errors == [], [str(p) for p in result.errors]
    assert len(result.questions) == 1
    return result.questions[0].question


# --------------------------------------------------------------------------- question types


def test_single_choice_from_html():
    question = read_one(
        multichoice(
            "Q-single",
            '<p dir="ltr" style="text-align:left">值班员<b>首先</b>应当？</p>',
            [answer(0, "<p>离岗</p>", "不对"), answer(100, "<p>复核</p>"), answer(0, "记录")],
        )
    )
    assert question.name == "Q-single"
    c = question.content
    assert (c.type, c.stem, c.options, c.answer) == (
        QuestionType.SINGLE,
        "值班员**首先**应当？",
        ("离岗", "复核", "记录"),
        "B",
    )
    assert c.explanation == "General.\n\n【选项反馈】\n\n- A：不对"


def test_multiple_choice_keys_are_the_positive_fractions():
    c = read_one(
        multichoice(
            "M",
            "Pick",
            [answer(50, "a"), answer(-100, "b"), answer(50, "c"), answer(0, "d")],
            single="false",
        )
    ).content
    assert c.type is QuestionType.MULTIPLE
    assert c.answer == ("A", "C")


def test_multiple_choice_with_thirds():
    answers = [answer("33.33333", x) for x in "abc"] + [answer("-100", "d")]
    assert read_one(multichoice("M", "P", answers, "false")).content.answer == ("A", "B", "C")


def test_choice_warnings_and_errors():
    result = read_moodlexml(
        quiz(
            multichoice("one-positive", "P", [answer(100, "a"), answer(0, "b")], "false"),
            multichoice("partial", "P", [answer(100, "a"), answer(50, "b")]),
            multichoice("no-key", "P", [answer(50, "a"), answer(0, "b")]),
            multichoice("bad-fraction", "P", [answer("lots", "a"), answer(100, "b")]),
            multichoice("two-full", "P", [answer(100, "a"), answer(100, "b")]),
        )
    )
    assert [q.question.name for q in result.questions] == ["one-positive", "partial"]
    assert result.questions[0].question.content.type is QuestionType.SINGLE
    assert [p.where for p in result.warnings] == [
        "question 1 (one-positive)",
        "question 2 (partial)",
    ]
    assert [(p.where, p.field) for p in result.errors] == [
        ("question 3 (no-key)", "answer"),
        ("question 4 (bad-fraction)", "answer"),
    ]
    assert [p.where for p in result.unsupported] == ["question 5 (two-full)"]


def test_truefalse_and_its_feedback():
    question = read_one(truefalse("False one", "false", ("Wrong.", "Right.")))
    assert question.content.type is QuestionType.TRUEFALSE
    assert question.content.answer is False
    assert question.content.stem == "False one is true?"
    assert question.content.explanation == "【选项反馈】\n\n- 对：Wrong.\n- 错：Right."
    assert read_one(truefalse("T")).content.answer is True


def test_essay_graderinfo_is_the_reference_answer_and_rubric():
    info = "参考：接警、复核、处置\n\n【评分要点】\n\n- [50%] 接警\n- [50%] 复核与处置\n  并记录"
    c = read_one(essay("报警处置", info, fmt="markdown", general="见第5章")).content
    assert c.type is QuestionType.SHORT
    assert c.answer == "参考：接警、复核、处置"
    assert c.rubric == (
        RubricPoint("接警", Decimal("0.5")),
        RubricPoint("复核与处置\n并记录", Decimal("0.5")),
    )
    assert c.explanation == "见第5章"


def test_essay_rubric_in_html_is_read_too():
    info = "<p>答案</p><p>【评分要点】</p><ul><li>[25%] 一</li><li>[75%] 二</li></ul>"
    c = read_one(essay("E", info)).content
    assert c.answer == "答案"
    assert [p.share for p in c.rubric] == [Decimal("0.25"), Decimal("0.75")]


def test_rubric_points_without_shares_get_equal_shares():
    c = read_one(essay("E", "答案\n【评分要点】\n- [x%] 一\n- 二", fmt="markdown")).content
    assert c.rubric == (RubricPoint("[x%] 一", Decimal("0.5")), RubricPoint("二", Decimal("0.5")))


def test_unreadable_rubric_stays_in_the_answer_with_a_warning():
    result = read_moodlexml(quiz(essay("E", "答案\n【评分要点】\n自由发挥", fmt="markdown")))
    assert "【评分要点】" in result.questions[0].question.content.answer
    assert result.warnings[0].field == "rubric"


def test_essay_without_graderinfo_falls_back_to_general_feedback():
    result = read_moodlexml(quiz(essay("E", "", general="Model answer")))
    c = result.questions[0].question.content
    assert (c.answer, c.explanation) == ("Model answer", "")
    assert result.warnings[0].where == "question 1 (E)"
    result = read_moodlexml(quiz(essay("E", "")))
    assert [(p.where, p.field) for p in result.errors] == [("question 1 (E)", "answer")]


def test_shortanswer_maps_only_with_one_full_answer():
    result = read_moodlexml(
        quiz(
            shortanswer("one", (100, "no one", "Yes")),
            shortanswer("two", (100, "no one", ""), (100, "nobody", "")),
            shortanswer("partial", (50, "Nazereth", "")),
        )
    )
    c = result.questions[0].question.content
    assert (c.type, c.answer, c.explanation) == (
        QuestionType.SHORT,
        "no one",
        "【选项反馈】\n\n- 答案：Yes",
    )
    assert [p.where for p in result.unsupported] == ["question 2 (two)", "question 3 (partial)"]
    assert "several accepted answers" in result.unsupported[0].text()


@pytest.mark.parametrize(
    "qtype",
    [
        "numerical",
        "matching",
        "multianswer",
        "calculated",
        "calculatedsimple",
        "calculatedmulti",
        "ddwtos",
        "ddimageortext",
        "gapselect",
        "description",
        "randomsamatch",
        "ordering",
    ],
)
def test_unsupported_types_are_listed(qtype):
    other = f'<question type="{qtype}"><name><text>X</text></name></question>'
    result = read_moodlexml(quiz(truefalse("A"), other, truefalse("B")))
    assert [q.question.name for q in result.questions] == ["A", "B"]
    assert len(result.unsupported) == 1
    assert result.unsupported[0].where == "question 2 (X)"
    assert qtype in result.unsupported[0].text()


def test_question_without_type_is_an_error():
    result = read_moodlexml(quiz("<question><name><text>?</text></name></question>"))
    assert result.errors[0].where == "question 1 (?)"


# --------------------------------------------------------------------------- metadata


def test_categories_tags_idnumber_and_source():
    result = read_moodlexml(
        quiz(
            category("$course$/top/Default for 值机员"),
            category("$course$/top/Default for 值机员/报警/处置"),
            multichoice(
                "Q",
                "P",
                [answer(100, "a"), answer(0, "b")],
                idnumber="Q-1",
                extra="<tags><tag><text>Alarm</text></tag>"
                "<tag><text>area:alarm-handling</text></tag><tag><text>difficulty:5</text></tag>"
                "</tags><examsvc_source>团体标准 5.3</examsvc_source>",
            ),
            category("$course$/top"),
            truefalse("Top"),
            category("$module$/Old style"),
            truefalse("Old"),
        )
    )
    assert result.errors == []
    first, top, old = (q.question for q in result.questions)
    assert first.tags == (
        "area:alarm-handling",
        "category:Default for 值机员/报警/处置",
        "idnumber:Q-1",
        "tag:Alarm",
    )
    assert first.content.difficulty == 5
    assert first.content.source == "团体标准 5.3"
    assert top.tags == ()
    assert old.tags == ("category:Old style",)


def test_text_formats():
    def stem(fmt, text):
        q = f"""<question type="truefalse"><name><text>n</text></name>
          <questiontext format="{fmt}"><text><![CDATA[{text}]]></text></questiontext>
          {answer(100, "true")}{answer(0, "false")}</question>"""
        return read_one(q).content.stem

    assert stem("markdown", "**b** <i>x</i>") == "**b** <i>x</i>"
    assert stem("plain_text", "2*3 <b>") == r"2\*3 &lt;b>"
    assert stem("moodle_auto_format", "a\nb *c*") == "a\nb \\*c\\*"
    assert stem("moodle_auto_format", "a\n<b>b</b>") == "a\n**b**"
    assert stem("html", "<div>a</div><div>b &amp; <span>c</span></div>") == "a\n\nb & c"
    assert (
        stem("html", "<ul><li>一</li><li>二</li></ul><ol><li>x</li></ol>") == "- 一\n- 二\n\n1. x"
    )
    assert stem("html", "<table><tr><td>1</td></tr></table>") == (
        "<table><tbody><tr><td>1</td></tr></tbody></table>"
    )


def test_dangerous_html_is_stripped_on_import():
    c = read_one(
        multichoice(
            "X",
            '<p onclick="steal()">Hi<script>alert(1)</script><iframe src="//evil"></iframe>'
            '<a href="javascript:alert(1)">link</a><style>p{}</style></p>',
            [answer(100, '<img src="x" onerror="alert(1)">a'), answer(0, "b")],
        )
    ).content
    assert "script" not in c.stem and "iframe" not in c.stem and "javascript" not in c.stem
    assert "onclick" not in c.stem and "onerror" not in c.options[0]
    assert c.stem == "Hilink"


# --------------------------------------------------------------------------- images


def test_embedded_image_is_checked_stored_and_referenced_by_digest():
    q = f"""<question type="truefalse"><name><text>img</text></name>
      <questiontext format="html"><text><![CDATA[<p>看图 <img src="@@PLUGINFILE@@/my%20pic.png?time=1" alt="图"></p>]]></text>
      <file name="my pic.png" path="/" encoding="base64">{PNG_B64}</file></questiontext>
      <generalfeedback format="markdown"><text>![](@@PLUGINFILE@@/my%20pic.png)</text></generalfeedback>
      {answer(100, "true")}{answer(0, "false")}</question>"""
    result = read_moodlexml(quiz(q))
    assert result.errors == []
    question = result.questions[0].question
    assert question.content.stem == f"看图 ![图](image:{PNG_DIGEST})"
    # a file of another field of the same question is found too
    assert question.content.explanation == f"![](image:{PNG_DIGEST})"
    assert result.images == {PNG_DIGEST: ImageBlob(PNG_DIGEST, "image/png", PNG)}
    assert question.images == {PNG_DIGEST: PNG}


def test_images_of_rejected_questions_are_not_kept_and_shared_images_are_stored_once():
    def question(name, right):
        return f"""<question type="truefalse"><name><text>{name}</text></name>
          <questiontext format="html"><text><![CDATA[<img src="@@PLUGINFILE@@/a.png">]]></text>
          <file name="a.png" encoding="base64">{PNG_B64}</file></questiontext>
          {answer(right, "true")}{answer(0, "false")}</question>"""

    result = read_moodlexml(quiz(question("bad", 0)))
    assert result.errors and result.images == {}
    result = read_moodlexml(quiz(question("one", 100), question("two", 100)))
    assert list(result.images) == [PNG_DIGEST] and len(result.questions) == 2


@pytest.mark.parametrize(
    ("file", "words"),
    [
        (f'<file name="a.png" encoding="base64">{SVG_B64}</file>', "not a PNG, JPEG, GIF or WebP"),
        ('<file name="a.png" encoding="base64">aGVsbG8=</file>', "not a PNG"),
        ('<file name="a.png" encoding="base64">AAA</file>', "not valid base64"),
        ('<file name="a.png" encoding="base64"></file>', "empty"),
        ('<file name="a.png" encoding="hex">00</file>', "not base64-encoded"),
        ("", "not in the file"),
    ],
)
def test_bad_images_are_errors_at_the_question(file, words):
    q = f"""<question type="truefalse"><name><text>img</text></name>
      <questiontext format="html"><text><![CDATA[<img src="@@PLUGINFILE@@/a.png">]]></text>{file}</questiontext>
      {answer(100, "true")}{answer(0, "false")}</question>"""
    result = read_moodlexml(quiz(q))
    assert result.questions == [] and result.images == {}
    assert result.errors[0].where == "question 1 (img)"
    assert words in result.errors[0].text()


def test_oversized_image_is_refused():
    big = base64.b64encode(PNG + bytes(5 * 1024 * 1024)).decode()
    q = f"""<question type="truefalse"><name><text>big</text></name>
      <questiontext format="html"><text><![CDATA[<img src="@@PLUGINFILE@@/a.png">]]></text>
      <file name="a.png" encoding="base64">{big}</file></questiontext>
      {answer(100, "true")}{answer(0, "false")}</question>"""
    result = read_moodlexml(quiz(q))
    assert "larger than 5 MB" in result.errors[0].text()


# --------------------------------------------------------------------------- hostile files


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<quiz><question type="truefalse"><name><text>&lol9;</text></name></question></quiz>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<quiz><question type="essay"><name><text>x</text></name>
<questiontext format="plain_text"><text>&xxe;</text></questiontext></question></quiz>"""

PARAMETER_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY % ext SYSTEM "http://127.0.0.1:9/evil.dtd"> %ext;]><quiz/>"""

EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE quiz SYSTEM "http://127.0.0.1:9/evil.dtd"><quiz/>"""


@pytest.mark.parametrize("data", [BILLION_LAUGHS, XXE, PARAMETER_ENTITY, EXTERNAL_DTD])
def test_entities_and_dtds_are_refused_quickly(data):
    started = time.perf_counter()
    result = read_moodlexml(data)
    assert time.perf_counter() - started < 1
    assert result.questions == []
    assert len(result.problems) == 1
    problem = result.problems[0]
    assert problem.field == "file" and "refused" in problem.text()
    assert "root:" not in str(result)  # nothing of /etc/passwd came in


def test_undeclared_entity_and_malformed_xml_are_problems_with_a_line():
    result = read_moodlexml(b"<quiz>\n<question type='truefalse'>\n<name><text>&xxe;</text>")
    assert result.problems[0].row == 3 and "well-formed" in result.problems[0].text()
    result = read_moodlexml(quiz(truefalse("A")) + b"<junk")
    assert result.questions == [] and result.errors[0].field == "file"


def test_not_a_quiz_and_unreadable_encodings():
    assert "<quiz>" in read_moodlexml(b"<html><body/></html>").errors[0].text()
    assert read_moodlexml(b'<?xml version="1.0" encoding="nope"?><quiz/>').errors[0].field == "file"
    gbk = quiz(truefalse("中文")).decode().replace("UTF-8", "GBK").encode("gbk")
    assert read_moodlexml(gbk).questions[0].question.name == "中文"


def test_size_and_element_caps(monkeypatch):
    data = quiz(truefalse("A"), truefalse("B"))
    monkeypatch.setattr(moodlexml, "MAX_XML_ELEMENTS", 20)
    result = read_moodlexml(data)
    assert result.questions == [] and "more than 20 XML elements" in result.errors[0].text()
    monkeypatch.setattr(moodlexml, "MAX_XML_BYTES", 100)
    assert "larger than 100 bytes" in read_moodlexml(data).errors[0].text()


def test_empty_quiz_warns():
    result = read_moodlexml(quiz(category("$course$/top/A")))
    assert result.errors == [] and result.warnings[0].field == "file"


# --------------------------------------------------------------------------- export


def test_export_defaults_and_structure():
    questions = [
        Question(
            QuestionContent(QuestionType.MULTIPLE, "多选", ("a", "b", "c", "d"), ("A", "B", "C")),
            tags=("category:报警", "tag:重点"),
        ),
        Question(QuestionContent(QuestionType.SINGLE, "单选 **x**", ("a", "b"), "B"), name="S1"),
        Question(QuestionContent(QuestionType.TRUEFALSE, "判断", answer=True)),
        Question(
            QuestionContent(
                QuestionType.SHORT,
                "简答",
                answer="要点",
                rubric=(RubricPoint("一", Decimal("0.5")), RubricPoint("二", Decimal("0.5"))),
            )
        ),
    ]
    text = write_moodlexml(questions).decode()
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>')
    # uncategorised questions first; the category element before its questions
    assert text.index("单选") < text.index("$course$/top/报警") < text.index("多选")
    assert "<name>\n      <text>S1</text>" in text
    assert "<name>\n      <text>判断</text>" in text  # a name made from the stem
    assert '<questiontext format="markdown">' in text
    for element in (
        "<defaultgrade>1.0000000</defaultgrade>",
        "<defaultgrade>2.0000000</defaultgrade>",
        "<defaultgrade>0.5000000</defaultgrade>",
        "<defaultgrade>5.0000000</defaultgrade>",
        "<penalty>0.3333333</penalty>",
        "<single>false</single>",
        "<shuffleanswers>true</shuffleanswers>",
        "<answernumbering>ABCD</answernumbering>",
        '<answer format="markdown" fraction="33.33333">',
        '<answer format="markdown" fraction="-100">',
        '<answer fraction="100" format="moodle_auto_format">',
        "<responseformat>editor</responseformat>",
        "<text>要点\n\n【评分要点】\n\n- [50%] 一\n- [50%] 二</text>",
        "<text>重点</text>",
        "<text>difficulty:3</text>",
    ):
        assert element in text, element


def test_export_embeds_images_and_reads_them_back():
    stem = f"看图 ![图](image:{PNG_DIGEST})"
    question = Question(QuestionContent(QuestionType.TRUEFALSE, stem, answer=False))
    data = write_moodlexml([question], {PNG_DIGEST: ImageBlob(PNG_DIGEST, "image/png", PNG)})
    text = data.decode()
    assert f"@@PLUGINFILE@@/{PNG_DIGEST}.png" in text
    assert f'<file name="{PNG_DIGEST}.png" path="/" encoding="base64">{PNG_B64}</file>' in text
    result = read_moodlexml(data)
    assert result.questions[0].question.content.stem == stem
    assert result.images[PNG_DIGEST].data == PNG
    # the question's own images work as well; unknown images stay as references
    data = write_moodlexml([Question(question.content, images={PNG_DIGEST: PNG})])
    assert f"@@PLUGINFILE@@/{PNG_DIGEST}.png" in data.decode()
    assert f"image:{PNG_DIGEST}" in write_moodlexml([question]).decode()


def test_export_drops_characters_xml_cannot_hold():
    question = Question(QuestionContent(QuestionType.TRUEFALSE, "a\x01b\r\nc", answer=True))
    result = read_moodlexml(write_moodlexml([question]))
    assert result.questions[0].question.content.stem == "ab\nc"


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(banks)
def test_round_trip_preserves_the_bank(bank):
    result = read_moodlexml(write_moodlexml(bank))
    assert result.problems == [] and result.unsupported == []
    got = [q.question for q in result.questions]
    want = expected_order(bank)
    assert [q.content for q in got] == [q.content for q in want]
    assert [q.tags for q in got] == [q.tags for q in want]
    # a question without a name gets one made from its stem (Moodle needs names)
    assert all(g.name == w.name for g, w in zip(got, want, strict=True) if w.name)


@settings(max_examples=150, deadline=None)
@given(banks, st.data())
def test_mutated_files_never_crash(bank, data):
    raw = bytearray(write_moodlexml(bank))
    for _ in range(data.draw(st.integers(1, 5))):
        at = data.draw(st.integers(0, len(raw) - 1))
        raw[at] = data.draw(st.sampled_from(b"<>&/\"'=!?x\x00\xff "))
    result = read_moodlexml(bytes(raw))  # must not raise
    assert all(p.row is not None or p.where or p.field == "file" for p in result.problems)
    if any(p.field == "file" and p.severity == "error" for p in result.problems):
        assert result.questions == [] and result.images == {}  # never a partial file
