"""read_table / write_table: text-only cells, encodings, headers, caps, and writing.

Hostile files (entities, zip bombs, forged sheets) are in test_io_limits.py.
"""

import io
from datetime import datetime

import openpyxl
import pytest
from bankio_builders import (
    MAIN_NS,
    SHARED_SHEET,
    TABLE_COLUMNS,
    TABLE_HEADER,
    bounded,
    csv_bytes,
    inline_row,
    read_part,
    replace_parts,
    sheet_xml,
    with_shared_strings,
    xlsx_bytes,
)

from questionbank.io.tables import (
    column_letter,
    escape_csv_formula,
    read_table,
    unescape_csv_formula,
    write_table,
)

HEADER = TABLE_HEADER


def read(data, filename="t.csv", **kw):
    return read_table(data, filename, TABLE_COLUMNS, **kw)


def located(result):
    return [p.located() for p in result.problems]


def values(result):
    return [(row.number, dict(row.values)) for row in result.rows]


@pytest.fixture(scope="module")
def base_xlsx():
    """A small genuine workbook to build variants from."""
    return xlsx_bytes([HEADER, ["001", "值班员", "1"]])


# --------------------------------------------------------------------------- csv text


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", False), ("utf-8", True), ("gb18030", False), ("utf-16", False)],
)
def test_csv_encodings_read_the_same(encoding, bom):
    data = csv_bytes([HEADER, ["001", "值班员交接班", "√"]], encoding, bom)
    if encoding == "gb18030":
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")
    result = read(data)
    assert result.problems == []
    assert result.format == "csv"
    assert values(result) == [(2, {"code": "001", "name": "值班员交接班", "value": "√"})]


def test_csv_text_is_never_guessed():
    row = ["001", "TRUE", "2025-07-28", "1e5"]
    result = read(csv_bytes([[*HEADER, "日期"], row, ["NaN", "NULL", "0.10", "N/A"]]))
    assert result.problems == []
    assert values(result) == [
        (2, {"code": "001", "name": "TRUE", "value": "2025-07-28", "when": "1e5"}),
        (3, {"code": "NaN", "name": "NULL", "value": "0.10", "when": "N/A"}),
    ]


def test_csv_trims_skips_empty_rows_and_numbers_records():
    data = (
        "编码,名称,数值\r\n"
        "  001 , a\r\n"  # row 2
        ",,\r\n"  # row 3: empty cells
        "\r\n"  # row 4: blank line
        '002,"line one\r\nline two ",\r\n'  # row 5, one record on two lines
        "003,c,\r\n"  # row 6
    ).encode()
    result = read(data)
    assert result.problems == []
    assert values(result) == [
        (2, {"code": "001", "name": "a"}),
        (5, {"code": "002", "name": "line one\nline two"}),
        (6, {"code": "003", "name": "c"}),
    ]


def test_tab_separated_utf16_as_excel_unicode_text_saves_it():
    data = "编码\t名称\r\n001\t甲\r\n".encode("utf-16")
    assert values(read(data)) == [(2, {"code": "001", "name": "甲"})]


# --------------------------------------------------------------------------- xlsx cells


def test_xlsx_cells_read_as_the_text_a_spreadsheet_shows():
    data = xlsx_bytes(
        [
            [*HEADER, "日期"],
            ["001", True, 3.0, datetime(2025, 7, 28)],
            [(1, "000"), "TRUE", 0.1 + 0.2, datetime(2025, 7, 28, 9, 30)],
            [(7, "0"), False, 12, "2025-07-28"],
            [123456789012345, "x", -2.5, None],
        ]
    )
    result = read(data, "t.xlsx")
    assert result.problems == []
    assert result.format == "xlsx"
    assert values(result) == [
        (2, {"code": "001", "name": "TRUE", "value": "3", "when": "2025-07-28"}),
        (3, {"code": "001", "name": "TRUE", "value": "0.3", "when": "2025-07-28 09:30:00"}),
        (4, {"code": "7", "name": "FALSE", "value": "12", "when": "2025-07-28"}),
        (5, {"code": "123456789012345", "name": "x", "value": "-2.5"}),
    ]


def test_an_id_number_typed_into_a_number_cell_is_reported():
    result = read(xlsx_bytes([HEADER, [1.10101199001011e17, "x"]]), "t.xlsx")
    assert located(result) == [
        "row 2, column 编码: a number with 16 or more digits has lost precision: store it as text"
    ]


def test_xlsx_rows_keep_their_numbers_across_gaps(base_xlsx):
    rows = inline_row(1, HEADER) + inline_row(2, ["a", "b"]) + inline_row(5, [" c ", "d"])
    data = replace_parts(base_xlsx, {"xl/worksheets/sheet1.xml": sheet_xml(rows)})
    assert values(read(data, "t.xlsx")) == [
        (2, {"code": "a", "name": "b"}),
        (5, {"code": "c", "name": "d"}),
    ]


def test_excel_carriage_return_escapes_are_decoded(base_xlsx):
    strings = (
        f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN_NS}" count="4" uniqueCount="4">'
        "<si><t>编码</t></si><si><t>名称</t></si><si><t>001</t></si>"
        '<si><t xml:space="preserve">line one_x000D_\nline two</t></si></sst>'
    ).encode()
    result = read(with_shared_strings(base_xlsx, strings, SHARED_SHEET), "t.xlsx")
    assert result.problems == []
    assert values(result) == [(2, {"code": "001", "name": "line one\nline two"})]


def test_content_decides_the_kind_of_file_not_the_name(base_xlsx):
    assert read(base_xlsx, "bank.csv").format == "xlsx"
    assert values(read(base_xlsx, "bank.csv")) == [
        (2, {"code": "001", "name": "值班员", "value": "1"})
    ]
    assert read(csv_bytes([HEADER, ["1", "a"]]), "bank.xlsx").format == "csv"


# --------------------------------------------------------------------------- headers


def test_headers_match_aliases_ignoring_case_width_space_and_star():
    data = csv_bytes([["CODE", "  Title ", "数 值*", "Ｄａｔｅ"], ["1", "a", "2", "3"]])
    result = read(data)
    assert result.problems == []
    assert result.headers == {
        "code": "CODE",
        "name": "Title",
        "value": "数 值*",
        "when": "Ｄａｔｅ",
    }
    assert values(result) == [(2, {"code": "1", "name": "a", "value": "2", "when": "3"})]


def test_unknown_and_duplicate_headers_are_listed_with_their_columns():
    data = csv_bytes([["编码", "备注", "名称", "NAME", "数值"], ["1", "x", "a", "b", "2"]])
    result = read(data)
    assert located(result) == [
        "row 1, column 备注: unknown column",
        "row 1, column NAME: duplicate column (also column C)",
    ]
    assert not result.ok
    # the first of duplicate columns is read; unknown columns are reported once, not per row
    assert values(result) == [(2, {"code": "1", "name": "a", "value": "2"})]


def test_missing_required_headers_are_errors_and_no_row_is_read():
    result = read(csv_bytes([["数值", "other"], ["1", "2"]]))
    assert located(result) == [
        "row 1, column other: unknown column",
        "row 1, column 编码: required column is missing",
        "row 1, column 名称: required column is missing",
    ]
    assert result.rows == []


def test_a_value_in_a_column_without_header_is_an_error():
    data = csv_bytes([["编码", "名称", "", "数值"], ["1", "a", "stray", "2", "more"]])
    assert located(read(data)) == [
        "row 2, column C: a value in a column without a header",
        "row 2, column E: a value in a column without a header",
    ]


def test_the_first_row_must_be_the_header():
    assert located(read(b"\r\n\xe7\xbc\x96\xe7\xa0\x81\r\n")) == [
        "row 1: the first row must be the header"
    ]
    assert located(read(b"")) == ["file: the file is empty"]


# --------------------------------------------------------------------------- size caps


def test_too_many_rows_is_an_error_at_the_first_row_over():
    rows = [HEADER] + [[str(i), "x"] for i in range(5)]
    result = read(csv_bytes(rows), max_rows=3)
    assert located(result) == ["row 5: more than 3 rows of data: split the file"]
    assert len(result.rows) == 3


def test_default_row_cap_on_csv_is_quick():
    rows = [HEADER] + [[str(i), "x"] for i in range(50_001)]
    result = bounded(lambda: read(csv_bytes(rows)), seconds=5, megabytes=None)
    assert located(result)[-1] == "row 50002: more than 50000 rows of data: split the file"


def test_default_row_cap_on_xlsx(base_xlsx):
    rows = inline_row(1, HEADER) + "".join(inline_row(n, [str(n), "x"]) for n in range(2, 50_003))
    data = replace_parts(base_xlsx, {"xl/worksheets/sheet1.xml": sheet_xml(rows)})
    result = bounded(lambda: read(data, "t.xlsx"), seconds=10, megabytes=None)
    assert located(result) == ["row 50002: more than 50000 rows of data: split the file"]


def test_a_too_long_cell_is_an_error_and_truncated():
    result = read(csv_bytes([HEADER, ["1", "长" * 25_000]]))
    assert located(result) == [
        "row 2, column 名称: the cell holds 25000 characters, more than 20000"
    ]
    assert len(result.rows[0]["name"]) == 20_000


def test_a_giant_csv_field_is_a_problem_not_a_crash():
    result = read(csv_bytes([HEADER, ["1", "x" * 200_000]]))
    assert result.problems[0].located().startswith("file: not a readable csv file: Error: field")


def test_a_huge_xlsx_cell_is_refused_quickly(base_xlsx):
    rows = inline_row(1, HEADER) + inline_row(2, ["1", "x" * 1_000_000])
    data = replace_parts(base_xlsx, {"xl/worksheets/sheet1.xml": sheet_xml(rows)})
    result = bounded(lambda: read(data, "t.xlsx"), megabytes=60)
    assert located(result) == [
        "row 2, column 名称: the cell holds 1000000 characters, more than 20000"
    ]


# --------------------------------------------------------------------------- writing


def test_csv_output_has_bom_and_guards_formulas():
    texts = ["=1+1", "'=x", "-5", "@a", "+1", "plain", "'quoted", "''+2"]
    data = write_table(["编码", "名称"], [[str(i), t] for i, t in enumerate(texts)], "csv")
    assert data.startswith(b"\xef\xbb\xbf\xe7\xbc\x96\xe7\xa0\x81,")
    text = data.decode("utf-8-sig")
    assert "0,'=1+1\r\n" in text
    assert "1,''=x\r\n" in text
    assert "5,plain\r\n" in text
    assert "6,'quoted\r\n" in text
    assert [row["name"] for row in read(data).rows] == texts


@pytest.mark.parametrize("text", ["=1+1", "'=x", "-", "'", "x'=", "''", "@"])
def test_formula_escape_is_a_bijection(text):
    assert unescape_csv_formula(escape_csv_formula(text)) == text


def test_xlsx_output_keeps_text_as_text():
    texts = ["=SUM(A1:A2)", "literal _x0041_ escape", "bell\x07dropped", "多行\n文本", "001"]
    data = write_table(["编码", "名称"], [[str(i), t] for i, t in enumerate(texts)], "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet["B2"].data_type == "s"
    assert sheet["B2"].value == "=SUM(A1:A2)"
    assert b"_x005F_x0041_" in read_part(data, "xl/worksheets/sheet1.xml")
    assert [row["name"] for row in read(data, "t.xlsx").rows] == [
        "=SUM(A1:A2)",
        "literal _x0041_ escape",
        "belldropped",
        "多行\n文本",
        "001",
    ]


def test_write_table_numbers_and_blanks():
    data = write_table(["编码", "名称", "数值"], [["a", "b", 7], ["c", "d", None]], "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet["C2"].value == 7
    assert sheet["C3"].value is None
    with pytest.raises(ValueError, match="unknown table format"):
        write_table(["a"], [], "ods")


def test_column_letters():
    assert [column_letter(i) for i in (1, 26, 27, 52, 16_384)] == ["A", "Z", "AA", "AZ", "XFD"]
