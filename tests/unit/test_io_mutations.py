"""Mutated and arbitrary input never becomes a traceback, and never yields an invalid question."""

import pytest
from bankio_builders import BANK_HEADER, PNG, bank_row, csv_bytes, read_part, replace_parts
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from questionbank.io.archive import read_archive, write_archive
from questionbank.io.common import ImageBlob, ImportResult
from questionbank.io.spreadsheet import read_spreadsheet, write_spreadsheet
from questionbank.model import Question, QuestionContent, QuestionType, validate_content

DIGEST = __import__("hashlib").sha256(PNG).hexdigest()
BANK = [
    Question(QuestionContent(QuestionType.SINGLE, "值班员首先应？", ("报告", "离开"), "A"), id=3),
    Question(QuestionContent(QuestionType.MULTIPLE, "技防有", ("a", "b", "c"), ("A", "C"))),
    Question(QuestionContent(QuestionType.TRUEFALSE, f"看图 ![](image:{DIGEST})", answer=True)),
    Question(QuestionContent(QuestionType.SHORT, "步骤", answer="接警、核实"), tags=("area:x",)),
]
XLSX = write_spreadsheet(BANK, "xlsx")
CSV = write_spreadsheet(BANK, "csv")
ZIP = write_archive(BANK, {DIGEST: ImageBlob(DIGEST, "image/png", PNG)})
SHEET = "xl/worksheets/sheet1.xml"


@st.composite
def mutated(draw, data: bytes):
    """``data`` with a few random byte edits: flips, insertions, deletions, a truncation."""
    buf = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        pos = draw(st.integers(0, max(len(buf) - 1, 0)))
        kind = draw(st.sampled_from(["flip", "insert", "delete", "truncate"]))
        if kind == "flip" and buf:
            buf[pos] ^= draw(st.integers(1, 255))
        elif kind == "insert":
            buf[pos:pos] = draw(st.binary(min_size=1, max_size=8))
        elif kind == "delete":
            del buf[pos : pos + draw(st.integers(1, 16))]
        else:
            del buf[pos:]
    return bytes(buf)


def check(result):
    assert isinstance(result, ImportResult)
    for imported in result.questions:
        assert validate_content(imported.question.content) == []
    for problem in result.problems:
        assert problem.located()  # every problem renders


SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


READERS = {
    "xlsx": (lambda d: read_spreadsheet(d, "bank.xlsx"), XLSX),
    "csv": (lambda d: read_spreadsheet(d, "bank.csv"), CSV),
    "zip": (lambda d: read_archive(d, "bank.zip"), ZIP),
}


@pytest.mark.parametrize("fmt", sorted(READERS))
@SETTINGS
@given(choice=st.data())
def test_mutated_files_never_crash(fmt, choice):
    reader, original = READERS[fmt]
    check(reader(choice.draw(mutated(original))))


@SETTINGS
@given(choice=st.data())
def test_mutated_worksheet_xml_never_crashes(choice):
    """Byte edits of the zip mostly break its CRCs; edits of the XML inside reach openpyxl."""
    xml = choice.draw(mutated(read_part(XLSX, SHEET)))
    check(read_spreadsheet(replace_parts(XLSX, {SHEET: xml}), "bank.xlsx"))


WORDS = ["单选", "多选", "判断", "简答", "single", "A", "ACD", "A、C", "对", "×", "a|0.5",
         "b｜50%", "|", "易", "难", "7", "0", "-1", "area:x", "bad tag", "![](images/a.png)",
         "![](image:" + DIGEST + ")", "=1+1", "'", "\n", " ", "", "１２"]  # fmt: skip
#: any text but NUL and other C0 controls (a NUL marks a binary file: refused as a whole)
CELLS = st.one_of(
    st.sampled_from(WORDS),
    st.text(st.characters(exclude_categories=("Cs", "Cc")) | st.sampled_from("\n\t"), max_size=6),
)


@SETTINGS
@given(rows=st.lists(st.lists(CELLS, min_size=0, max_size=len(BANK_HEADER) + 2), max_size=6))
def test_arbitrary_cells_are_validated_and_located(rows):
    result = read_spreadsheet(csv_bytes([BANK_HEADER, *rows]), "bank.csv")
    check(result)
    filled = [row for row in rows if any(c.strip() for c in row)]
    for problem in result.problems:
        if problem.row is None:  # only a file without questions has a problem without a row
            assert problem.located() == "file: the file holds no questions"
            assert not filled
            continue
        assert problem.row >= 2
        assert problem.column
    assert result.ok == (not result.errors)
    if result.ok:
        assert len(result.questions) == len(filled)


def test_the_base_files_are_valid():
    for fmt, (reader, original) in READERS.items():
        result = reader(original)
        assert result.errors == [], fmt
        assert [q.question for q in result.questions] == BANK, fmt
    assert bank_row(type="单选")[0] == "单选"
