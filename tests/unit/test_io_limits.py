"""Hostile files are refused quickly with bounded memory: entities, zip bombs, forged sheets,
unsupported zips, unreadable bytes, and zip member names that could escape a folder."""

import io
import os
import zipfile

import defusedxml
import openpyxl
import pytest
from bankio_builders import (
    MAIN_NS,
    SHARED_SHEET,
    TABLE_COLUMNS,
    TABLE_HEADER,
    billion_laughs,
    bounded,
    inline_row,
    read_part,
    replace_parts,
    sheet_xml,
    with_shared_strings,
    xlsx_bytes,
    zip_bytes,
)

from questionbank.io.limits import (
    ZipLimits,
    member_name,
    normalise_member_path,
    unsafe_name_reason,
)
from questionbank.io.tables import read_table

HEADER = TABLE_HEADER


def read(data, filename="t.xlsx", **kw):
    return read_table(data, filename, TABLE_COLUMNS, **kw)


def located(result):
    return [p.located() for p in result.problems]


@pytest.fixture(scope="module")
def base_xlsx():
    """A small genuine workbook to build hostile variants from."""
    return xlsx_bytes([HEADER, ["001", "值班员", "1"]])


# --------------------------------------------------------------------------- hostile xlsx


def test_billion_laughs_in_shared_strings_is_refused(base_xlsx):
    bomb = billion_laughs("sst", f'<sst xmlns="{MAIN_NS}"><si><t>&lol9;</t></si></sst>')
    data = with_shared_strings(base_xlsx, bomb, SHARED_SHEET)
    result = bounded(lambda: read(data, "t.xlsx"))
    assert located(result) == [
        "file: xl/sharedStrings.xml declares a DTD (XML entities are refused)"
    ]


def test_billion_laughs_in_a_worksheet_is_refused(base_xlsx):
    bomb = billion_laughs(
        "worksheet",
        f'<worksheet xmlns="{MAIN_NS}"><sheetData><row r="1"><c r="A1" t="inlineStr">'
        "<is><t>&lol9;</t></is></c></row></sheetData></worksheet>",
    )
    data = replace_parts(base_xlsx, {"xl/worksheets/sheet1.xml": bomb})
    result = bounded(lambda: read(data, "t.xlsx"))
    assert located(result) == [
        "file: xl/worksheets/sheet1.xml declares a DTD (XML entities are refused)"
    ]


def test_external_entities_are_refused(base_xlsx):
    workbook = read_part(base_xlsx, "xl/workbook.xml").decode()
    xxe = workbook.replace(
        "<workbook", '<!DOCTYPE workbook [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><workbook', 1
    )
    data = replace_parts(base_xlsx, {"xl/workbook.xml": xxe.encode()})
    assert located(read(data, "t.xlsx")) == [
        "file: xl/workbook.xml declares a DTD (XML entities are refused)"
    ]


def test_defusedxml_is_the_second_barrier(base_xlsx):
    """Even past the DTD scan, openpyxl parses with defusedxml and refuses the entities."""
    from defusedxml import EntitiesForbidden
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML is True
    assert defusedxml.__version__
    bomb = billion_laughs("sst", f'<sst xmlns="{MAIN_NS}"><si><t>&lol9;</t></si></sst>')
    data = with_shared_strings(base_xlsx, bomb, SHARED_SHEET)
    with pytest.raises(ValueError, match="Unable to read workbook") as raised:
        openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    assert isinstance(raised.value.__cause__, EntitiesForbidden)


def test_a_utf16_doctype_is_found_too(base_xlsx):
    bomb = billion_laughs("sst", f'<sst xmlns="{MAIN_NS}"><si><t>&lol9;</t></si></sst>')
    utf16 = bomb.decode().replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    data = with_shared_strings(base_xlsx, utf16, SHARED_SHEET)
    assert "declares a DTD" in located(read(data, "t.xlsx"))[0]


def test_zip_bomb_ratio_is_refused_before_inflating(base_xlsx):
    bomb = b"<" + b" " * (20 * 1024 * 1024)
    data = replace_parts(base_xlsx, {"xl/worksheets/sheet1.xml": bomb})
    assert len(data) < 200_000
    result = bounded(lambda: read(data, "t.xlsx"), seconds=1, megabytes=5)
    assert located(result) == [
        "file: zip member xl/worksheets/sheet1.xml inflates more than 100 times (a zip bomb?)"
    ]


def test_total_size_and_member_count_caps(base_xlsx):
    noise = replace_parts(base_xlsx, {"xl/media/noise.bin": os.urandom(2 * 1024 * 1024)})
    result = read(noise, "t.xlsx", limits=ZipLimits(max_total_bytes=1024 * 1024))
    assert located(result) == ["file: the zip holds 2.0 MB uncompressed, more than 1.0 MB"]
    with zipfile.ZipFile(io.BytesIO(base_xlsx)) as zf:
        count = len(zf.infolist())
    result = read(base_xlsx, "t.xlsx", limits=ZipLimits(max_members=3))
    assert located(result) == [f"file: the zip has {count} members, more than 3"]


def test_unsupported_compression_is_refused(base_xlsx):
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base_xlsx)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info), zipfile.ZIP_BZIP2)
    assert "uses an unsupported compression method" in located(read(out.getvalue(), "t.xlsx"))[0]


def test_a_forged_dimension_and_a_far_cell_cost_nothing(base_xlsx):
    rows = inline_row(1, HEADER) + inline_row(1_048_576, ["far"], first_column=16_384)
    sheet = sheet_xml(rows, dimension="A1:XFD1048576")
    data = replace_parts(base_xlsx, {"xl/worksheets/sheet1.xml": sheet})
    result = bounded(lambda: read(data, "t.xlsx"), seconds=2)
    assert located(result) == ["row 1048576, column XFD: a value in a column without a header"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04 truncated", "file: not a zip file (no central directory)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "file: old .xls workbooks"),
        (bytes(range(256)) * 4, "file: not a readable csv file: not UTF-8 or GB18030 text"),
        (zip_bytes({"images/a.png": b"x"}), "file: a zip, not an xlsx workbook"),
    ],
)
def test_unreadable_files_are_problems_not_tracebacks(data, message):
    result = read(data, "t.xlsx")
    assert len(result.problems) == 1
    assert result.problems[0].located().startswith(message)


def test_broken_xml_is_a_problem(base_xlsx):
    data = replace_parts(base_xlsx, {"xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row>"})
    (problem,) = read(data, "t.xlsx").problems
    assert problem.located().startswith("file: not a readable xlsx file: ParseError")


def test_a_truncated_real_xlsx_is_a_problem(base_xlsx):
    (problem,) = read(base_xlsx[: len(base_xlsx) // 2], "t.xlsx").problems
    assert problem.field == "file"


# --------------------------------------------------------------------------- zip names


@pytest.mark.parametrize(
    "name", ["../evil.png", "a/../../evil.png", "/etc/passwd", "C:/x.png", "a\\b.png", "a\x00b"]
)
def test_unsafe_member_names(name):
    assert unsafe_name_reason(name) is not None
    assert normalise_member_path(name) is None


@pytest.mark.parametrize(
    ("name", "folded"), [("images/a.png", "images/a.png"), ("./images//a.png", "images/a.png")]
)
def test_safe_member_names(name, folded):
    assert unsafe_name_reason(name) is None
    assert normalise_member_path(name) == folded


def test_gbk_member_names_are_repaired():
    info = zipfile.ZipInfo("图片/报警.png".encode("gbk").decode("cp437"))
    assert member_name(info) == "图片/报警.png"
    utf8 = zipfile.ZipInfo("图片/报警.png")
    utf8.flag_bits |= 0x800
    assert member_name(utf8) == "图片/报警.png"
