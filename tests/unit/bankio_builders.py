"""Small builders of spreadsheet, zip and image bytes for the questionbank.io tests.

Files are generated in the tests rather than committed, so that every fixture is readable here.
"""

from __future__ import annotations

import codecs
import csv
import io
import time
import tracemalloc
import zipfile
from collections.abc import Iterable, Sequence

import openpyxl

from questionbank.io.tables import Column, column_letter

#: a generic table for the tests of questionbank.io.tables
TABLE_COLUMNS = [
    Column("code", "编码", ("code",), required=True),
    Column("name", "名称", ("name", "title"), required=True),
    Column("value", "数值", ("value",)),
    Column("when", "日期", ("date",)),
]
TABLE_HEADER = ["编码", "名称", "数值"]

BANK_HEADER = [
    "题型", "题干", "选项A", "选项B", "选项C", "选项D", "答案", "评分要点", "解析", "难度",
    "标签", "来源", "编号",
]  # fmt: skip

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"png-body"
JPEG = b"\xff\xd8\xff\xe0" + b"jpeg-body"
GIF = b"GIF89a" + b"gif-body"
WEBP = b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"webp-body"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def xlsx_bytes(rows: Iterable[Sequence[object]]) -> bytes:
    """A workbook (normal openpyxl mode, so strings go to sharedStrings.xml) with ``rows``.

    A cell given as ``(value, number_format)`` gets that number format.
    """
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if isinstance(value, tuple):
                cell = sheet.cell(r, c, value[0])
                cell.number_format = value[1]
            elif value is not None:
                sheet.cell(r, c, value)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def replace_parts(data: bytes, parts: dict[str, bytes]) -> bytes:
    """The zip ``data`` with members replaced (or added) by ``parts``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename not in parts:
                dst.writestr(info.filename, src.read(info), zipfile.ZIP_DEFLATED)
        for name, content in parts.items():
            dst.writestr(name, content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def read_part(data: bytes, name: str) -> bytes:
    """One member of a zip."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.read(name)


def zip_bytes(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip holding ``members`` (names used verbatim, so hostile names are possible)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as zf:
        for name, content in members.items():
            zf.writestr(zipfile.ZipInfo(name, (2025, 1, 1, 0, 0, 0)), content, compression)
    return out.getvalue()


def csv_bytes(rows: Iterable[Sequence[str]], encoding: str = "utf-8", bom: bool = False) -> bytes:
    """A csv file in ``encoding`` (optionally with a UTF-8 BOM)."""
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    data = out.getvalue().encode(encoding)
    return codecs.BOM_UTF8 + data if bom else data


def bank_row(**cells: str) -> list[str]:
    """A bank csv/xlsx row by canonical names (``type``, ``stem``, ``option_a`` …)."""
    names = [
        "type", "stem", "option_a", "option_b", "option_c", "option_d", "answer", "rubric",
        "explanation", "difficulty", "tags", "source", "id",
    ]  # fmt: skip
    unknown = set(cells) - set(names)
    assert not unknown, unknown
    return [cells.get(name, "") for name in names]


def billion_laughs(root: str, body: str) -> bytes:
    """An XML document ``body`` (root element ``root``) preceded by a DTD whose ``&lol9;``
    expands to 10**9 ``lol`` if entities are expanded."""
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    ]
    prolog = f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE {root} [{"".join(entities)}]>\n'
    return (prolog + body).encode()


SST_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def with_shared_strings(base: bytes, strings_xml: bytes, sheet_xml: bytes) -> bytes:
    """``base`` (an openpyxl workbook, which writes inline strings) given a shared-string table
    ``strings_xml`` (as Excel writes one) and the worksheet ``sheet_xml`` that uses it."""
    types = read_part(base, "[Content_Types].xml").decode()
    override = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SST_CONTENT_TYPE}"/>'
    types = types.replace("</Types>", override + "</Types>")
    return replace_parts(
        base,
        {
            "[Content_Types].xml": types.encode(),
            "xl/sharedStrings.xml": strings_xml,
            "xl/worksheets/sheet1.xml": sheet_xml,
        },
    )


# --------------------------------------------------------------------------- xlsx parts

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def sheet_xml(rows_xml: str, dimension: str = "") -> bytes:
    """A worksheet part with inline-string rows (``rows_xml`` is the <sheetData> content)."""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN_NS}">{dim}'
        f"<sheetData>{rows_xml}</sheetData></worksheet>"
    ).encode()


def inline_row(number: int, texts: Sequence[str], first_column: int = 1) -> str:
    """A worksheet row of inline strings starting at column ``first_column``."""
    cells = "".join(
        f'<c r="{column_letter(first_column + i)}{number}" t="inlineStr"><is><t>{t}</t></is></c>'
        for i, t in enumerate(texts)
    )
    return f'<row r="{number}">{cells}</row>'


def shared_row(number: int, indexes: Sequence[int]) -> str:
    """A worksheet row of shared-string cells (indexes into sharedStrings.xml)."""
    cells = "".join(
        f'<c r="{column_letter(i)}{number}" t="s"><v>{index}</v></c>'
        for i, index in enumerate(indexes, start=1)
    )
    return f'<row r="{number}">{cells}</row>'


#: a sheet whose rows 1 and 2 use shared strings 0-1 and 2-3
SHARED_SHEET = sheet_xml(shared_row(1, [0, 1]) + shared_row(2, [2, 3]))


def bounded(call, seconds=2.0, megabytes=40):
    """Run ``call``; assert it took less than ``seconds`` and (unless ``megabytes`` is None,
    as tracemalloc slows big parses several times) peaked below ``megabytes``."""
    if megabytes is not None:
        tracemalloc.start()
    started = time.perf_counter()
    try:
        result = call()
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] if megabytes is not None else 0
    finally:
        tracemalloc.stop()
    assert elapsed < seconds, elapsed
    if megabytes is not None:
        assert peak < megabytes * 1024 * 1024, peak
    return result
