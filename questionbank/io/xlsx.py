"""The xlsx side of :mod:`questionbank.io.tables`: open safely, read cells as text, write.

openpyxl does the XML work. What this module adds:

* :func:`open_workbook` checks the zip (:func:`questionbank.io.limits.open_zip`) and refuses any
  part that declares a DTD *before* openpyxl sees the file, and refuses to run at all if
  openpyxl would parse without defusedxml;
* :func:`iter_rows` reads only the cells the sheet's XML holds. openpyxl's ``iter_rows`` pads
  every row to its last cell and every gap up to the declared dimension, so one cell in column
  XFD or a forged ``<dimension>`` would cost millions of padding cells; its worksheet parser,
  used here, costs only what the file itself contains;
* every value becomes the text the spreadsheet shows (see :func:`cell_text`);
* :func:`write_workbook` writes text as text (never a formula) and escapes ``_xHHHH_``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from typing import Any

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.read_only import ReadOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.xml import DEFUSEDXML

from questionbank.io.limits import ZipLimits, open_zip, xml_has_doctype
from questionbank.problems import N_, ValidationError, error

#: OOXML escapes characters in strings as _xHHHH_ (Excel writes a carriage return as _x000D_)
_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_LITERAL_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
#: characters XML 1.0 cannot carry (openpyxl refuses them)
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ZERO_PADDED = re.compile(r"0+")
#: a float beyond this has more digits than a double holds exactly (Excel shows 15)
_EXACT_LIMIT = 1e15


def strip_illegal(text: str) -> str:
    """``text`` without the control characters an XML (and so xlsx) cell cannot hold."""
    return _ILLEGAL.sub("", text)


@contextmanager
def open_workbook(data: bytes, limits: ZipLimits) -> Iterator[Any]:
    """Open xlsx ``data`` read-only after the zip and XML checks; close it afterwards.

    :raises ValidationError: if the zip breaks ``limits``, is not a workbook, holds a DTD, or
        openpyxl is running without defusedxml.
    """
    if not DEFUSEDXML:
        raise ValidationError(
            [error("file", N_("xlsx import is disabled: defusedxml is not active"))]
        )
    with open_zip(data, limits) as zf:
        names = set(zf.namelist())
        if "[Content_Types].xml" not in names:
            raise ValidationError(
                [
                    error(
                        "file",
                        N_("a zip, not an xlsx workbook (images go in a .zip bank archive)"),
                    )
                ]
            )
        for info in zf.infolist():
            if xml_has_doctype(zf, info):
                raise ValidationError(
                    [
                        error(
                            "file",
                            N_("%(name)s declares a DTD (XML entities are refused)"),
                            name=info.filename,
                        )
                    ]
                )
    workbook = openpyxl.load_workbook(
        io.BytesIO(data), read_only=True, data_only=True, keep_links=False
    )
    try:
        yield workbook
    finally:
        workbook.close()


def iter_rows(workbook: Any) -> Iterator[tuple[int, dict[int, tuple[str, str | None]]]]:
    """The non-empty rows of the first worksheet: ``(row number, {column: (text, problem)})``.

    ``problem`` is an English template (or ``None``) for a cell whose text cannot be trusted.

    :raises ValidationError: if the workbook has no worksheet.
    """
    sheets = workbook.worksheets
    if not sheets:
        raise ValidationError([error("file", N_("the workbook has no worksheet"))])
    sheet = sheets[0]
    # openpyxl's own parser, fed as ReadOnlyWorksheet feeds it (see the module docstring)
    with sheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        for number, cells in parser.parse():
            row: dict[int, tuple[str, str | None]] = {}
            for cell in cells:
                if cell["value"] is None:
                    continue
                text, problem = cell_text(cell["value"], lambda c=cell: _number_format(sheet, c))
                if text:
                    row[cell["column"]] = (text, problem)
            if row:
                yield number, row


def _number_format(sheet: Any, cell: dict[str, Any]) -> str:
    try:
        return ReadOnlyCell(
            sheet, cell["row"], cell["column"], None, "n", cell["style_id"]
        ).number_format
    except (IndexError, KeyError, AttributeError, TypeError):
        return "General"


def cell_text(value: object, number_format: Any = lambda: "General") -> tuple[str, str | None]:
    """The text a spreadsheet shows for a cell ``value``, and a problem template or ``None``.

    Strings are decoded (``_xHHHH_``), line endings folded and trimmed; booleans are
    ``TRUE``/``FALSE``; whole numbers print without ``.0`` (zero-padded when the cell's format
    is ``000…``); other numbers with up to 15 significant digits; dates as ``2025-07-28`` and
    date-times as ``2025-07-28 09:00:00``. A number of 16 or more digits (an ID number typed
    into a number cell) has already lost digits: it is returned with a problem.
    """
    if isinstance(value, str):
        text = _OOXML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value)
        return text.replace("\r\n", "\n").replace("\r", "\n").strip(), None
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE"), None
    if isinstance(value, int | float):
        # Excel stores numbers as doubles: a long integer in the XML is exact, a double is not
        if isinstance(value, float) and abs(value) >= _EXACT_LIMIT:
            return (
                f"{value:.0f}",
                N_("a number with 16 or more digits has lost precision: store it as text"),
            )
        if isinstance(value, float) and not value.is_integer():
            return format(value, ".15g"), None
        text = str(int(value))
        fmt = number_format()
        if value >= 0 and _ZERO_PADDED.fullmatch(fmt or ""):
            text = text.zfill(len(fmt))
        return text, None
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat(), None
        return value.isoformat(sep=" "), None
    if isinstance(value, date | time):
        return value.isoformat(), None
    if isinstance(value, timedelta):
        return str(value), None
    return str(value).strip(), None


def write_workbook(
    header: Sequence[str],
    rows: Iterable[Sequence[str | int | None]],
    *,
    sheet_title: str = "Sheet1",
    widths: Sequence[int] | None = None,
) -> bytes:
    """A one-sheet xlsx: a bold, frozen header row, then ``rows`` (see ``tables.write_table``)."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)
    for index, width in enumerate(widths or (), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    heading = []
    for text in header:
        cell = _text_cell(sheet, text)
        cell.font = bold
        heading.append(cell)
    sheet.append(heading)
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _cell(sheet: Any, value: str | int | None) -> Any:
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    return _text_cell(sheet, str(value))


def _text_cell(sheet: Any, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=_LITERAL_ESCAPE.sub("_x005F_", strip_illegal(text)))
    # openpyxl turns a string starting with "=" into a formula; a question's text is text
    cell.data_type = "s"
    return cell
