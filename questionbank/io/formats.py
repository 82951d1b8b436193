"""Which reader or writer handles a bank file: detection and the registry of formats.

``examsvc bank import`` and ``bank export`` go through :func:`read_bank` and :func:`write_bank`;
a format is a name in :data:`READERS` / :data:`WRITERS`. The Moodle formats are written in their
own modules and plug in with one line each at the marked hook points (their functions are
imported on first use, so this module needs no other change).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import PurePosixPath

from questionbank.io.archive import read_archive, write_archive
from questionbank.io.common import ImageBlob, ImportResult
from questionbank.io.limits import (
    ARCHIVE_LIMITS,
    MAX_UPLOAD_BYTES,
    describe_error,
    is_zip,
    open_zip,
)
from questionbank.io.spreadsheet import read_spreadsheet, write_spreadsheet
from questionbank.io.tables import decode_text, normalise_header
from questionbank.model import Question
from questionbank.problems import N_, error

#: ``reader(data, filename) -> ImportResult``; never raises for bad content
Reader = Callable[[bytes, str], ImportResult]
#: ``writer(questions, images) -> bytes``
Writer = Callable[[Sequence[Question], Mapping[str, ImageBlob]], bytes]

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SAMPLE_BYTES = 64 * 1024
_BANK_HEADERS = frozenset(normalise_header(h) for h in ("题型", "type", "题干", "stem"))
_AIKEN_ANSWER = re.compile(r"^ANSWER\s*:\s*[A-Za-z]\s*$", re.MULTILINE)
_GIFT_ANSWERS = re.compile(r"\{[^{}]*\}", re.DOTALL)


def text_reader(module: str, function: str) -> Reader:
    """A reader for ``module.function(text: str) -> ImportResult`` (imported on first use).

    The bytes are decoded as UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030.
    """

    def read(data: bytes, _filename: str) -> ImportResult:
        text = decode_text(data)
        if text is None:
            return ImportResult(
                problems=[error("file", N_("not readable text: not UTF-8 or GB18030"))]
            )
        return getattr(importlib.import_module(module), function)(text)

    return read


def bytes_reader(module: str, function: str) -> Reader:
    """A reader for ``module.function(data: bytes) -> ImportResult`` (imported on first use)."""

    def read(data: bytes, _filename: str) -> ImportResult:
        return getattr(importlib.import_module(module), function)(data)

    return read


def text_writer(module: str, function: str) -> Writer:
    """A writer for ``module.function(questions) -> str``, encoded as UTF-8."""

    def write(questions: Sequence[Question], _images: Mapping[str, ImageBlob]) -> bytes:
        text = getattr(importlib.import_module(module), function)(list(questions))
        return text.encode("utf-8")

    return write


def images_writer(module: str, function: str) -> Writer:
    """A writer for ``module.function(questions, images) -> bytes``."""

    def write(questions: Sequence[Question], images: Mapping[str, ImageBlob]) -> bytes:
        return getattr(importlib.import_module(module), function)(list(questions), dict(images))

    return write


READERS: dict[str, Reader] = {
    "xlsx": read_spreadsheet,
    "csv": read_spreadsheet,
    "zip": read_archive,
    "gift": text_reader("questionbank.io.gift", "read_gift"),
    "aiken": text_reader("questionbank.io.aiken", "read_aiken"),
    "moodlexml": bytes_reader("questionbank.io.moodlexml", "read_moodlexml"),
}

WRITERS: dict[str, Writer] = {
    "xlsx": lambda questions, _images: write_spreadsheet(questions, "xlsx"),
    "csv": lambda questions, _images: write_spreadsheet(questions, "csv"),
    "zip": lambda questions, images: write_archive(questions, images),
    "gift": text_writer("questionbank.io.gift", "write_gift"),
    "moodlexml": images_writer("questionbank.io.moodlexml", "write_moodlexml"),
}


def detect_format(data: bytes, filename: str) -> str:
    """The format of a bank file: ``xlsx``, ``zip``, ``csv``, ``gift``, ``aiken``,
    ``moodlexml``, ``xls`` (refused later), or ``""`` when it cannot be told.

    Binary signatures decide first (a zip holding ``[Content_Types].xml`` is a workbook,
    any other zip a bank archive; OLE2 is an old ``.xls``), then XML (a ``<quiz>`` document),
    then the extension (``.csv``, ``.gift``, ``.xml``), then the text itself: a header row
    naming 题型/题干 is csv, ``ANSWER: X`` lines are Aiken, ``{…}`` answer blocks or ``::``
    titles are GIFT.
    """
    suffix = PurePosixPath(filename.replace("\\", "/")).suffix.lower()
    if is_zip(data):
        try:
            with open_zip(data, ARCHIVE_LIMITS) as zf:
                return "xlsx" if "[Content_Types].xml" in zf.namelist() else "zip"
        except Exception:  # the reader will report why; the name is the best guess
            return "xlsx" if suffix in (".xlsx", ".xlsm") else "zip"
    if data.startswith(_OLE2_MAGIC):
        return "xls"
    by_suffix = {".csv": "csv", ".gift": "gift", ".xml": "moodlexml"}.get(suffix, "")
    text = _sample_text(data)
    if text is None:
        return by_suffix  # its reader will say why the bytes are not readable
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith("<"):
        return "moodlexml" if "<quiz" in head[:4096] or suffix == ".xml" else ""
    if by_suffix:
        return by_suffix
    first_line = head.split("\n", 1)[0]
    cells = {normalise_header(c.strip('"')) for c in re.split(r"[,\t;]", first_line)}
    if cells & _BANK_HEADERS:
        return "csv"
    if _AIKEN_ANSWER.search(text):
        return "aiken"
    if "::" in text or _GIFT_ANSWERS.search(text):
        return "gift"
    return ""


def _sample_text(data: bytes) -> str | None:
    """The first 64 KB decoded like a text file (tolerating a character cut at the end)."""
    sample = data[:_SAMPLE_BYTES]
    if len(data) <= _SAMPLE_BYTES:
        return decode_text(sample)
    for cut in range(4):  # a UTF-8 / GB18030 character is at most 4 bytes
        text = decode_text(sample[: len(sample) - cut])
        if text is not None:
            return text
    return None


def read_bank(data: bytes, filename: str, fmt: str = "auto") -> ImportResult:
    """Read a bank file in format ``fmt`` (``auto`` = :func:`detect_format`).

    Never raises for bad input: an unknown or unsupported format, a file too large, or an
    exception escaping a reader all become problems on field ``file``.
    """
    if len(data) > MAX_UPLOAD_BYTES:
        return _failed(fmt, N_("the file is larger than %(max)s MB"), max=MAX_UPLOAD_BYTES >> 20)
    if fmt == "auto":
        fmt = detect_format(data, filename)
        if not fmt:
            return _failed(
                "", N_("cannot tell the format of %(name)s: give it explicitly"), name=filename
            )
    if fmt == "xls":
        return _failed(fmt, N_("old .xls workbooks are not supported: save the file as .xlsx"))
    reader = READERS.get(fmt)
    if reader is None:
        return _failed(
            fmt,
            N_("format %(fmt)s cannot be imported (available: %(available)s)"),
            fmt=fmt,
            available=", ".join(sorted(READERS)),
        )
    try:
        result = reader(data, filename)
    except Exception as exc:  # an import reports, it never crashes
        return _failed(
            fmt, N_("the file could not be read: %(reason)s"), reason=describe_error(exc)
        )
    result.format = result.format or fmt
    return result


def _failed(fmt: str, message: str, /, **params: object) -> ImportResult:
    return ImportResult(problems=[error("file", message, **params)], format=fmt)


def write_bank(
    questions: Sequence[Question], fmt: str, images: Mapping[str, ImageBlob] | None = None
) -> bytes:
    """Write ``questions`` in format ``fmt`` (``xlsx``, ``csv``, ``zip`` …).

    ``images`` (by digest) are needed only by formats that carry image files (``zip``).

    :raises ValueError: if no writer is registered for ``fmt``.
    :raises ValidationError: if a ``zip`` export misses an image the questions show.
    """
    writer = WRITERS.get(fmt)
    if writer is None:
        raise ValueError(f"cannot export format {fmt!r} (available: {', '.join(sorted(WRITERS))})")
    return writer(questions, images or {})
