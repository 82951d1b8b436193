"""Reading a spreadsheet (xlsx or csv) as a table of text, the same way for every import.

The bank, the roster and the skill scores all arrive as "a header row, then one record per
row". :func:`read_table` turns such a file into :class:`TableRow` values holding *text only*:
nothing is guessed (``001`` stays ``001``, ``TRUE`` stays ``TRUE``, an empty cell is ``""``),
whitespace around a cell is trimmed, line endings become ``\\n``, and fully empty rows are
skipped. Each row keeps the number the spreadsheet shows (header = row 1) so that every problem
can be reported as ``row N, column X: …``, with ``X`` the header as the file spells it.

The header is matched against :class:`Column` definitions: the Chinese header or any alias,
ignoring case, width, spaces, ``_``/``-`` and a trailing ``*`` (templates often mark required
columns with it). Unknown, duplicate and missing required headers are errors.

Hostile files are bounded: xlsx zips are checked by :func:`questionbank.io.limits.open_zip`
before openpyxl opens them, XML declaring a DTD is refused, and rows and cells are capped. A
parser's exception never escapes: it becomes a problem on field ``file``.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from questionbank.io import xlsx
from questionbank.io.limits import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_ROWS,
    XLSX_LIMITS,
    ZipLimits,
    describe_error,
    is_zip,
)
from questionbank.problems import N_, Problem, ValidationError, error

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: a text starting like this is a formula to Excel when a csv is opened (CSV injection)
_FORMULA_START = re.compile(r"'*[=+\-@]")


@dataclass(frozen=True)
class Column:
    """A column a table may have: canonical ``name``, Chinese ``header``, English ``aliases``."""

    name: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False


@dataclass(frozen=True)
class TableRow:
    """One non-empty row: its spreadsheet row number and its cells by canonical column name."""

    number: int
    values: Mapping[str, str]

    def __getitem__(self, name: str) -> str:
        """The trimmed text of column ``name`` (``""`` when blank or absent)."""
        return self.values.get(name, "")


@dataclass
class TableResult:
    """What :func:`read_table` found: rows, the file's headers, and every problem."""

    rows: list[TableRow] = field(default_factory=list)
    #: canonical column name → the header as it appears in the file
    headers: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: ``xlsx`` or ``csv`` (empty when the file could not be recognised)
    format: str = ""
    columns: tuple[Column, ...] = ()

    @property
    def ok(self) -> bool:
        """No error-severity problem."""
        return not any(p.severity == "error" for p in self.problems)

    def label(self, name: str) -> str:
        """How to name column ``name`` in a message: its header in the file, else the canonical
        Chinese header (for a column the file does not have)."""
        if name in self.headers:
            return self.headers[name]
        for column in self.columns:
            if column.name == name:
                return column.header
        return name


@dataclass
class CheckedFile:
    """The common part of a file read with :func:`read_table` and then checked row by row
    (the roster, the skill scores): every problem, and how to locate one more."""

    problems: list[Problem] = field(default_factory=list)
    #: ``xlsx`` or ``csv`` (empty when unreadable)
    format: str = ""
    #: how many data rows the file has (checked or not)
    row_count: int = 0
    #: canonical column name → the header as the file spells it
    headers: dict[str, str] = field(default_factory=dict)
    columns: tuple[Column, ...] = ()

    @property
    def ok(self) -> bool:
        """No error-severity problem."""
        return not any(p.severity == "error" for p in self.problems)

    def problem(self, name: str, message: str, row: int, /, **params: object) -> Problem:
        """An error about column ``name`` of ``row`` found after reading (by the service, e.g.
        an unknown ticket), located like the file's own problems."""
        header = self.headers.get(name) or next(
            (c.header for c in self.columns if c.name == name), name
        )
        return error(name, message, **params).at(row=row, column=header)


def normalise_header(text: str) -> str:
    """The form headers are compared in: NFKC, case-folded, no spaces, ``_``, ``-`` or ``*``."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[\s_\-*]+", "", folded)


def column_letter(index: int) -> str:
    """The spreadsheet letter of 1-based column ``index`` (1 → ``A``, 27 → ``AA``)."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def decode_text(data: bytes) -> str | None:
    """Decode a text file: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030.

    Excel on a Chinese Windows saves "CSV" in the ANSI code page (GBK, which GB18030 extends)
    and "CSV UTF-8" with a BOM. Returns ``None`` when no encoding fits or the bytes hold NUL
    characters (binary data).
    """
    candidates: list[tuple[bytes, str]]
    if data.startswith(codecs.BOM_UTF8):
        candidates = [(data[3:], "utf-8")]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = [(data, "utf-16")]
    else:
        candidates = [(data, "utf-8"), (data, "gb18030")]
    for raw, encoding in candidates:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        return None if "\x00" in text else text
    return None


def clean_cell(text: str) -> str:
    """A cell's text as tables hold it: line endings as ``\\n``, surrounding whitespace trimmed."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def escape_csv_formula(text: str) -> str:
    """Guard a csv cell against formula injection: prefix ``'`` when Excel would see a formula.

    Texts starting with ``=``, ``+``, ``-`` or ``@`` (after any apostrophes) get one more
    leading ``'``; :func:`read_table` removes exactly one again, so every text round-trips.
    """
    return "'" + text if _FORMULA_START.match(text) else text


def unescape_csv_formula(text: str) -> str:
    """The inverse of :func:`escape_csv_formula` (applied to every csv cell read)."""
    return text[1:] if text.startswith("'") and _FORMULA_START.match(text) else text


# --------------------------------------------------------------------------- reading

#: a raw row: its number and ``{column index: (text, problem template or None)}``
RawRow = tuple[int, dict[int, tuple[str, str | None]]]


def read_table(
    data: bytes,
    filename: str,
    columns: Sequence[Column],
    *,
    max_rows: int = MAX_ROWS,
    max_cell_chars: int = MAX_CELL_CHARS,
    limits: ZipLimits = XLSX_LIMITS,
) -> TableResult:
    """Read an xlsx or csv file into text rows keyed by the canonical names of ``columns``.

    The kind of file is judged by its content (a zip is an xlsx, an OLE2 file an old ``.xls``,
    anything else csv), never by ``filename`` alone. Never raises for bad input: every problem
    (unreadable file, header errors, too many rows, too long a cell, a value in a column without
    a header) is in :attr:`TableResult.problems`, located by row and column.
    """
    result = TableResult(columns=tuple(columns))
    if is_zip(data):
        result.format = "xlsx"
        try:
            with xlsx.open_workbook(data, limits) as workbook:
                _build(result, xlsx.iter_rows(workbook), max_rows, max_cell_chars)
        except ValidationError as exc:
            result.problems.extend(exc.problems)
        except Exception as exc:  # a hostile file must never become a traceback
            result.problems.append(
                error(
                    "file", N_("not a readable xlsx file: %(reason)s"), reason=describe_error(exc)
                )
            )
        return result
    if data.startswith(_OLE2_MAGIC):
        result.problems.append(
            error("file", N_("old .xls workbooks are not supported: save the file as .xlsx"))
        )
        return result
    result.format = "csv"
    text = decode_text(data)
    if text is None:
        result.problems.append(
            error("file", N_("not a readable csv file: not UTF-8 or GB18030 text"))
        )
        return result
    try:
        _build(result, _csv_rows(text), max_rows, max_cell_chars)
    except csv.Error as exc:
        result.problems.append(
            error("file", N_("not a readable csv file: %(reason)s"), reason=describe_error(exc))
        )
    return result


def _csv_rows(text: str) -> Iterator[RawRow]:
    first_line = text.split("\n", 1)[0]
    delimiter = max(",\t;", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    # a record may span several lines (quoted line breaks): spreadsheets number records
    for number, record in enumerate(reader, start=1):
        yield (
            number,
            {
                index: (unescape_csv_formula(clean_cell(value)), None)
                for index, value in enumerate(record, start=1)
                if value
            },
        )


def _build(
    result: TableResult, raw_rows: Iterable[RawRow], max_rows: int, max_cell_chars: int
) -> None:
    """Match the header, then turn raw rows into :class:`TableRow` values with problems."""
    rows = iter(raw_rows)
    first = next(rows, None)
    if first is None:
        result.problems.append(error("file", N_("the file is empty")))
        return
    number, header_cells = first
    if number != 1 or not any(text for text, _ in header_cells.values()):
        result.problems.append(
            Problem("file", N_("the first row must be the header"), row=1, severity="error")
        )
        return
    by_index, labels = _match_header(result, header_cells)
    if by_index is None:
        return

    count = 0
    for number, cells in rows:
        values: dict[str, str] = {}
        for index, (text, problem) in cells.items():
            if not text:
                continue
            name = by_index.get(index)
            label = labels.get(index) or column_letter(index)
            if name is None:
                if index not in labels:  # unknown headers were reported once, on row 1
                    result.problems.append(
                        Problem(
                            "file", N_("a value in a column without a header"), row=number,
                            column=label,
                        )
                    )  # fmt: skip
                continue
            if problem:
                result.problems.append(Problem(name, problem, row=number, column=label))
            if len(text) > max_cell_chars:
                result.problems.append(
                    Problem(
                        name,
                        N_("the cell holds %(count)s characters, more than %(max)s"),
                        {"count": len(text), "max": max_cell_chars},
                        row=number,
                        column=label,
                    )
                )
                text = text[:max_cell_chars]
            values[name] = text
        if not values:  # fully empty (or only cells already reported as without a column)
            continue
        count += 1
        if count > max_rows:
            result.problems.append(
                Problem(
                    "file",
                    N_("more than %(max)s rows of data: split the file"),
                    {"max": max_rows},
                    row=number,
                )
            )
            return
        result.rows.append(TableRow(number, values))


def _match_header(
    result: TableResult, cells: dict[int, tuple[str, str | None]]
) -> tuple[dict[int, str] | None, dict[int, str]]:
    """Map column indexes to canonical names; report unknown, duplicate and missing headers.

    Returns ``(index → name, index → header text)``; the first is ``None`` when a required
    column is missing or the header is absurdly wide (rows are not read then).
    """
    present = {index: text for index, (text, _) in cells.items() if text}
    labels = dict(present)
    if len(present) > MAX_COLUMNS:
        result.problems.append(
            Problem(
                "file",
                N_("the header has %(count)s columns, more than %(max)s"),
                {"count": len(present), "max": MAX_COLUMNS},
                row=1,
            )
        )
        return None, labels
    lookup: dict[str, Column] = {}
    for column in result.columns:
        for key in (column.header, column.name, *column.aliases):
            lookup[normalise_header(key)] = column
    by_index: dict[int, str] = {}
    seen: dict[str, int] = {}
    for index in sorted(present):
        text = present[index]
        column = lookup.get(normalise_header(text))
        if column is None:
            result.problems.append(Problem("file", N_("unknown column"), row=1, column=text))
        elif column.name in seen:
            result.problems.append(
                Problem(
                    column.name,
                    N_("duplicate column (also column %(other)s)"),
                    {"other": column_letter(seen[column.name])},
                    row=1,
                    column=text,
                )
            )
        else:
            seen[column.name] = index
            by_index[index] = column.name
            result.headers[column.name] = text
    missing = [c for c in result.columns if c.required and c.name not in seen]
    for column in missing:
        result.problems.append(
            Problem(column.name, N_("required column is missing"), row=1, column=column.header)
        )
    return (None if missing else by_index), labels


# --------------------------------------------------------------------------- writing

Cell = str | int | None


def write_table(
    header: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    fmt: str,
    *,
    sheet_title: str = "Sheet1",
    widths: Sequence[int] | None = None,
) -> bytes:
    """Write a header and rows as ``xlsx`` or ``csv`` bytes that :func:`read_table` reads back.

    Text stays text (never a formula, in xlsx or when Excel opens the csv), integers are
    numbers, ``None`` is an empty cell. The csv is UTF-8 with a BOM (so Excel detects the
    encoding) and ``\\r\\n`` record ends. Characters XML cannot hold (C0 controls other than tab
    and line breaks) are dropped from both formats alike.

    :raises ValueError: if ``fmt`` is neither ``xlsx`` nor ``csv``.
    """
    if fmt == "xlsx":
        return xlsx.write_workbook(header, rows, sheet_title=sheet_title, widths=widths)
    if fmt == "csv":
        out = io.StringIO(newline="")
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(
                [
                    "" if v is None else v if isinstance(v, int) else
                    escape_csv_formula(xlsx.strip_illegal(v))
                    for v in row
                ]
            )  # fmt: skip
        return codecs.BOM_UTF8 + out.getvalue().encode("utf-8")
    raise ValueError(f"unknown table format {fmt!r}")
