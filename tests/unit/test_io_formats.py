"""The dispatcher: format detection, read_bank / write_bank, and the reader/writer hooks."""

import sys
import types
from pathlib import Path

import pytest
from bankio_builders import BANK_HEADER, PNG, bank_row, csv_bytes, zip_bytes

from questionbank.io import formats
from questionbank.io.common import ImportResult
from questionbank.io.formats import (
    READERS,
    WRITERS,
    bytes_reader,
    detect_format,
    images_writer,
    read_bank,
    text_reader,
    text_writer,
    write_bank,
)
from questionbank.io.spreadsheet import write_spreadsheet
from questionbank.model import Question, QuestionContent, QuestionType
from questionbank.problems import N_, error

QUESTION = Question(QuestionContent(QuestionType.TRUEFALSE, "紧急报警装置可以被撤防", answer=False))
CSV = csv_bytes([BANK_HEADER, bank_row(type="判断", stem="紧急报警装置可以被撤防", answer="错")])
AIKEN = "值班员首先应？\nA. 报告\nB. 离开\nANSWER: A\n".encode()
GIFT = "::Q1:: 紧急报警装置可以被撤防 {F}\n".encode()
XML = b'<?xml version="1.0" encoding="UTF-8"?>\n<quiz><question type="truefalse"/></quiz>'


def located(result):
    return [p.located() for p in result.problems]


@pytest.mark.parametrize(
    ("data", "filename", "fmt"),
    [
        (write_spreadsheet([QUESTION], "xlsx"), "bank.xlsx", "xlsx"),
        (write_spreadsheet([QUESTION], "xlsx"), "bank.zip", "xlsx"),
        (zip_bytes({"bank.csv": CSV, "images/a.png": PNG}), "bank.zip", "zip"),
        (zip_bytes({"bank.csv": CSV}), "upload", "zip"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "bank.xls", "xls"),
        (CSV, "bank.csv", "csv"),
        (CSV, "bank.txt", "csv"),
        (CSV.decode("utf-8-sig").encode("gb18030"), "upload", "csv"),
        (b"type,stem,answer\r\ntruefalse,x,T\r\n", "", "csv"),
        (AIKEN, "questions.txt", "aiken"),
        (GIFT, "questions.txt", "gift"),
        ("紧急报警装置可以被撤防 {FALSE}".encode(), "q.txt", "gift"),
        (b"anything", "q.gift", "gift"),
        (XML, "moodle.xml", "moodlexml"),
        (b"\xef\xbb\xbf  " + XML, "export", "moodlexml"),
        (b"just some words", "notes.txt", ""),
        (bytes(range(256)), "blob.bin", ""),
    ],
)
def test_detect_format(data, filename, fmt):
    assert detect_format(data, filename) == fmt


def test_a_zip_breaking_limits_is_still_routed_by_its_name():
    bomb = zip_bytes({"xl/worksheets/sheet1.xml": b" " * (20 << 20)})
    assert detect_format(bomb, "b.xlsx") == "xlsx"
    assert detect_format(bomb, "b.zip") == "zip"
    assert located(read_bank(bomb, "b.xlsx")) == [
        "file: zip member xl/worksheets/sheet1.xml inflates more than 100 times (a zip bomb?)"
    ]


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (write_spreadsheet([QUESTION], "xlsx"), "bank.xlsx"),
        (CSV, "bank.csv"),
        (zip_bytes({"bank.csv": CSV}), "bank.zip"),
    ],
)
def test_read_bank_auto(data, filename):
    result = read_bank(data, filename)
    assert located(result) == []
    assert [q.question for q in result.questions] == [QUESTION]
    assert result.format == detect_format(data, filename)


def test_read_bank_explicit_format_and_refusals(monkeypatch):
    assert [q.question for q in read_bank(CSV, "whatever", "csv").questions] == [QUESTION]
    assert located(read_bank(GIFT, "q.gift", "odt")) == [
        "file: format odt cannot be imported (available: aiken, csv, gift, moodlexml, xlsx, zip)"
    ]
    assert located(read_bank(b"just words", "notes.txt")) == [
        "file: cannot tell the format of notes.txt: give it explicitly"
    ]
    assert located(read_bank(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(9), "b.xls")) == [
        "file: old .xls workbooks are not supported: save the file as .xlsx"
    ]
    monkeypatch.setattr(formats, "MAX_UPLOAD_BYTES", 100)
    assert located(read_bank(CSV, "bank.csv")) == ["file: the file is larger than 0 MB"]


def test_a_crashing_reader_becomes_a_problem(monkeypatch):
    def boom(_data, _name):
        raise RuntimeError("parser bug")

    monkeypatch.setitem(READERS, "gift", boom)
    result = read_bank(GIFT, "q.gift")
    assert located(result) == ["file: the file could not be read: RuntimeError: parser bug"]
    assert result.format == "gift"


@pytest.fixture
def fake_moodle(monkeypatch):
    """A stand-in for the Moodle modules another helper writes, to exercise the hook adapters."""
    module = types.ModuleType("fake_moodle")
    seen = {}

    def read_text(text):
        seen["text"] = text
        return ImportResult(format="gift", problems=[error("file", N_("read %(n)s"), n=len(text))])

    def read_bytes(data):
        seen["bytes"] = data
        return ImportResult(format="moodlexml")

    module.read_gift = read_text
    module.read_moodlexml = read_bytes
    module.write_gift = lambda questions: f"{len(questions)} 题"
    module.write_moodlexml = lambda questions, images: f"<quiz n='{len(images)}'/>".encode()
    monkeypatch.setitem(sys.modules, "fake_moodle", module)
    return seen


def test_hook_adapters_plug_a_format_in_with_one_line(fake_moodle, monkeypatch):
    monkeypatch.setitem(READERS, "gift", text_reader("fake_moodle", "read_gift"))
    monkeypatch.setitem(READERS, "moodlexml", bytes_reader("fake_moodle", "read_moodlexml"))
    monkeypatch.setitem(WRITERS, "gift", text_writer("fake_moodle", "write_gift"))
    monkeypatch.setitem(WRITERS, "moodlexml", images_writer("fake_moodle", "write_moodlexml"))

    result = read_bank("::Q:: 撤防 {F}".encode("gb18030"), "q.gift")
    assert fake_moodle["text"] == "::Q:: 撤防 {F}"  # decoded from GB18030 for the reader
    assert located(result) == ["file: read 12"]
    assert read_bank(XML, "moodle.xml").format == "moodlexml"
    assert fake_moodle["bytes"] == XML
    assert located(read_bank(bytes(range(256)), "q.gift")) == [
        "file: not readable text: not UTF-8 or GB18030"
    ]
    assert write_bank([QUESTION], "gift") == "1 题".encode()
    assert write_bank([QUESTION], "moodlexml", {"d": None}) == b"<quiz n='1'/>"


def test_write_bank():
    for fmt in ("xlsx", "csv", "zip"):
        result = read_bank(write_bank([QUESTION], fmt), f"bank.{fmt}")
        assert [q.question for q in result.questions] == [QUESTION], fmt
    with pytest.raises(ValueError, match="cannot export format 'aiken'"):
        write_bank([QUESTION], "aiken")


def test_the_io_package_imports_neither_flask_nor_pandas():
    import subprocess

    code = (
        "import sys, questionbank.io.formats, questionbank.io.tables;"
        "print(sorted(m for m in ('flask', 'pandas') if m in sys.modules))"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root
    )
    assert out.stdout.strip() == "[]"


def test_real_moodle_formats_are_detected_and_round_trip():
    """The dispatcher reaches the real GIFT, Aiken and Moodle XML modules by content alone."""
    from questionbank.io.formats import detect_format, read_bank, write_bank
    from questionbank.model import Question, QuestionContent, QuestionType

    bank = [
        Question(
            QuestionContent(QuestionType.SINGLE, "报警后首先应？", ("核实", "离岗"), "A"),
            ("area:alarm-handling",),
        ),
        Question(
            QuestionContent(QuestionType.TRUEFALSE, "紧急报警装置可以被撤防。", answer=False),
            ("area:basics",),
        ),
    ]
    for fmt, name in [("gift", "bank.txt"), ("moodlexml", "bank.dat")]:
        data = write_bank(bank, fmt)
        assert detect_format(data, name) == fmt
        result = read_bank(data, name)
        assert result.ok and [q.question.content for q in result.questions] == [
            q.content for q in bank
        ]
    aiken = "报警后首先应？\nA. 核实\nB. 离岗\nANSWER: A\n".encode()
    assert detect_format(aiken, "x.txt") == "aiken"
    assert read_bank(aiken, "x.txt").questions[0].question.content.answer == "A"
