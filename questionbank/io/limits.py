"""What an import may cost, and a zip opener that enforces it before anything parses the zip.

An ``.xlsx`` is a zip of XML files and a bank archive is a zip of a spreadsheet and images, so
both pass through :func:`open_zip`, which refuses, from the zip's directory alone and before a
single member is decompressed:

* a central directory larger than a sane number of members could need (a forged directory of a
  million entries would otherwise cost gigabytes of ``ZipInfo`` objects while being parsed);
* more members than :attr:`ZipLimits.max_members`;
* a total uncompressed size above :attr:`ZipLimits.max_total_bytes`;
* a member that inflates more than :attr:`ZipLimits.max_ratio` times (a zip bomb), unless it is
  small enough not to matter;
* encrypted members, and compression methods other than stored and deflate (bzip2 and LZMA
  chunks are inflated by :mod:`zipfile` without an output bound).

The declared sizes can be trusted once checked: :mod:`zipfile` never returns more bytes than a
member's declared size and fails on a CRC mismatch. Member names that could escape a folder
(zip-slip) are refused by :func:`unsafe_name_reason` for archives whose names we use as paths.
The Moodle XML reader can reuse :func:`open_zip` for ``.mbz``-like archives.
"""

from __future__ import annotations

import io
import posixpath
import struct
import zipfile
from dataclasses import dataclass

from questionbank.problems import N_, Problem, ValidationError, error

#: rows of data a table may have (header excluded)
MAX_ROWS = 50_000
#: characters a single cell may hold (the longest question field is 20,000)
MAX_CELL_CHARS = 20_000
#: columns a header row may have
MAX_COLUMNS = 100
#: the largest file any bank reader accepts at all
MAX_UPLOAD_BYTES = 200 * 1024 * 1024

_MiB = 1024 * 1024
_EOCD = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_EOCD = b"PK\x06\x06"
_ZIP_MAGICS = (b"PK\x03\x04", _EOCD)
#: generous bytes of central directory per member (46 fixed + name + extra + comment)
_DIRECTORY_BYTES_PER_MEMBER = 1024


@dataclass(frozen=True)
class ZipLimits:
    """Caps for one kind of zip; see the module docstring for what each one stops."""

    max_members: int = 10_000
    max_total_bytes: int = 100 * _MiB
    max_ratio: int = 100
    #: members that inflate to less than this are never refused for their ratio
    ratio_floor_bytes: int = 1 * _MiB


#: an .xlsx workbook (XML parts; 100 MB holds about 50,000 rows of long Chinese questions)
XLSX_LIMITS = ZipLimits()
#: a bank archive: one spreadsheet plus images of up to 5 MB each
ARCHIVE_LIMITS = ZipLimits(max_total_bytes=300 * _MiB)


def is_zip(data: bytes) -> bool:
    """Whether ``data`` starts like a zip file (a local header, or an empty archive)."""
    return data[:4] in _ZIP_MAGICS


def _zip_error(message: str, **params: object) -> ValidationError:
    return ValidationError([error("file", message, **params)])


def _directory_size(data: bytes) -> tuple[int, int]:
    """``(members, bytes)`` the end-of-central-directory record (and its Zip64 twin) declares.

    :raises ValidationError: if there is no end record.
    """
    pos = data.rfind(_EOCD, max(0, len(data) - 65_557))
    if pos < 0 or len(data) < pos + 22:
        raise _zip_error(N_("not a zip file (no central directory)"))
    members, size = struct.unpack("<HI", data[pos + 10 : pos + 16])
    locator = pos - 20
    if locator >= 0 and data[locator : locator + 4] == _ZIP64_LOCATOR:
        # zipfile trusts the Zip64 record over the classic one: so must we
        (offset,) = struct.unpack("<Q", data[locator + 8 : locator + 16])
        record = data[offset : offset + 56]
        if len(record) < 56 or record[:4] != _ZIP64_EOCD:
            raise _zip_error(N_("not a readable zip file (bad Zip64 directory)"))
        members64, size64 = struct.unpack("<QQ", record[32:48])
        members, size = max(members, members64), max(size, size64)
    return members, size


def check_zip(zf: zipfile.ZipFile, limits: ZipLimits) -> list[Problem]:
    """Every reason to refuse the opened zip ``zf`` under ``limits`` (empty when it is fine).

    Looks only at the central directory; decompresses nothing.
    """
    infos = zf.infolist()
    if len(infos) > limits.max_members:
        return [
            error(
                "file",
                N_("the zip has %(count)s members, more than %(max)s"),
                count=len(infos),
                max=limits.max_members,
            )
        ]
    problems: list[Problem] = []
    total = 0
    for info in infos:
        total += info.file_size
        if info.flag_bits & 0x1:
            problems.append(
                error("file", N_("zip member %(name)s is encrypted"), name=info.filename)
            )
        elif info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            problems.append(
                error(
                    "file",
                    N_("zip member %(name)s uses an unsupported compression method"),
                    name=info.filename,
                )
            )
        elif info.file_size > limits.ratio_floor_bytes and info.file_size > limits.max_ratio * max(
            info.compress_size, 1
        ):
            problems.append(
                error(
                    "file",
                    N_("zip member %(name)s inflates more than %(ratio)s times (a zip bomb?)"),
                    name=info.filename,
                    ratio=limits.max_ratio,
                )
            )
    if total > limits.max_total_bytes:
        problems.append(
            error(
                "file",
                N_("the zip holds %(size)s MB uncompressed, more than %(max)s MB"),
                size=f"{total / _MiB:.1f}",
                max=f"{limits.max_total_bytes / _MiB:.1f}",
            )
        )
    return problems


def open_zip(data: bytes, limits: ZipLimits) -> zipfile.ZipFile:
    """Open ``data`` as a zip after checking it against ``limits``.

    :raises ValidationError: if it is not a zip or breaks a limit (problems on field ``file``).
    """
    members, directory = _directory_size(data)
    if members > limits.max_members:
        raise _zip_error(
            N_("the zip has %(count)s members, more than %(max)s"),
            count=members,
            max=limits.max_members,
        )
    if directory > limits.max_members * _DIRECTORY_BYTES_PER_MEMBER:
        raise _zip_error(N_("the zip's directory is too large"))
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise _zip_error(
            N_("not a readable zip file: %(reason)s"), reason=describe_error(exc)
        ) from exc
    problems = check_zip(zf, limits)
    if problems:
        zf.close()
        raise ValidationError(problems)
    return zf


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as its author wrote it.

    Zips made by Windows' own "send to compressed folder" on a Chinese system store names in
    GBK without the UTF-8 flag; :mod:`zipfile` then decodes them as CP437 (mojibake). Such
    names are decoded again as UTF-8 or GB18030 when that works.
    """
    name = info.filename
    if info.flag_bits & 0x800 or name.isascii():
        return name
    try:
        raw = name.encode("cp437")
    except UnicodeEncodeError:
        return name
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return name


def unsafe_name_reason(name: str) -> str | None:
    """Why a member name could escape the folder it is extracted to (zip-slip), or ``None``.

    Refused: absolute paths, drive letters, backslashes, NUL, and ``..`` components.
    """
    if "\x00" in name:
        return N_("contains a NUL character")
    if "\\" in name:
        return N_("contains a backslash")
    if name.startswith("/") or (len(name) >= 2 and name[1] == ":"):
        return N_("is an absolute path")
    if ".." in name.split("/"):
        return N_("leaves its folder (..)")
    return None


def normalise_member_path(path: str) -> str | None:
    """``path`` with ``.`` and duplicate slashes folded, or ``None`` if it escapes the root."""
    if unsafe_name_reason(path):
        return None
    folded = posixpath.normpath(path)
    return None if folded.startswith("..") or folded == "." else folded


def xml_has_doctype(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether an XML member declares a DTD (which no genuine Office file does).

    openpyxl parses with defusedxml, which refuses entity declarations; this streaming scan is a
    second barrier that holds even if defusedxml were switched off (``OPENPYXL_DEFUSEDXML``).
    It looks for the declaration in UTF-8 and both UTF-16 byte orders.
    """
    needles = [b"<!DOCTYPE", "<!DOCTYPE".encode("utf-16-le"), "<!DOCTYPE".encode("utf-16-be")]
    overlap = max(len(n) for n in needles)
    tail = b""
    with zf.open(info) as stream:
        while chunk := stream.read(_MiB):
            window = tail + chunk
            if any(n in window for n in needles):
                return True
            tail = window[-overlap:]
    return False


def describe_error(exc: BaseException) -> str:
    """A short, single-line description of a parser's exception for a problem message."""
    text = " ".join(str(exc).split())
    name = type(exc).__name__
    return f"{name}: {text[:200]}" if text else name
