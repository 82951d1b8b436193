"""A bank with its images: a ``.zip`` holding one spreadsheet and the image files it names.

Import: the zip is checked (:func:`questionbank.io.limits.open_zip`: member count, sizes,
zip-bomb ratios) and any member whose name could escape a folder (``../``, absolute paths,
backslashes) refuses the whole archive. The one spreadsheet (``.xlsx`` or ``.csv``, at any
depth) is read as :mod:`questionbank.io.spreadsheet` reads it; its Markdown images
``![](images/x.png)`` (in stems, options, answers and explanations) are looked up relative to
the spreadsheet's folder, checked by :func:`questionbank.images.check_image` (PNG, JPEG, GIF or
WebP by their magic bytes, at most 5 MB) and rewritten to ``image:<sha256>``. A missing or
refused image is an error at its row and column. An image whose bytes are another accepted
type than its extension says is taken by its bytes, with a warning; files no question uses are
warnings.

Export: ``image:<sha256>`` sources become ``images/<sha256>.<ext>`` and those files are written
beside ``bank.xlsx`` (or ``bank.csv``), so export → import gives back the same questions.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from urllib.parse import unquote

from questionbank.images import EXTENSIONS, MAX_IMAGE_BYTES, check_image
from questionbank.io.common import ImageBlob, ImportResult
from questionbank.io.imagerefs import store_digests, store_refs_to_paths
from questionbank.io.limits import (
    ARCHIVE_LIMITS,
    describe_error,
    member_name,
    normalise_member_path,
    open_zip,
    unsafe_name_reason,
)
from questionbank.io.spreadsheet import BANK_COLUMNS, questions_from_table, write_spreadsheet
from questionbank.io.tables import read_table
from questionbank.model import Question, QuestionType
from questionbank.problems import N_, Problem, ValidationError, error, warning

SPREADSHEET_EXTENSIONS = (".xlsx", ".csv")
#: what file managers leave in zips: never part of a bank
_JUNK_PREFIXES = ("__MACOSX/",)
_JUNK_NAMES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})
_EXTENSION_TYPES = {
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
}
#: fixed member timestamps make an export's zip layer reproducible
_EPOCH = (1980, 1, 1, 0, 0, 0)


def read_archive(data: bytes, filename: str = "") -> ImportResult:
    """Read a bank archive (a zip with one spreadsheet and its images).

    Never raises for bad input: every problem is in the result; ``images`` holds every image
    the questions use, by digest.
    """
    result = ImportResult(format="zip")
    try:
        with open_zip(data, ARCHIVE_LIMITS) as zf:
            _read(zf, result)
    except ValidationError as exc:
        result.problems.extend(exc.problems)
    except Exception as exc:  # a hostile zip must never become a traceback
        result.problems.append(
            error("file", N_("not a readable zip file: %(reason)s"), reason=describe_error(exc))
        )
        result.questions.clear()
    return result


def _read(zf: zipfile.ZipFile, result: ImportResult) -> None:
    if "[Content_Types].xml" in zf.namelist():
        result.problems.append(
            error("file", N_("an xlsx workbook, not a bank archive: import it as xlsx"))
        )
        return
    members: dict[str, zipfile.ZipInfo] = {}
    for info in zf.infolist():
        name = member_name(info)
        if unsafe_name_reason(name):
            result.problems.append(
                error("file", N_("zip member %(name)s has an unsafe path: refused"), name=name)
            )
            continue
        base = posixpath.basename(name.rstrip("/"))
        junk = base in _JUNK_NAMES or base.startswith("~$")  # "~$x.xlsx": Excel's lock file
        if info.is_dir() or name.startswith(_JUNK_PREFIXES) or junk:
            continue
        members[name] = info
    if result.problems:
        return
    sheets = [name for name in members if name.lower().endswith(SPREADSHEET_EXTENSIONS)]
    if len(sheets) != 1:
        result.problems.append(
            error(
                "file",
                N_("the zip must hold exactly one spreadsheet (.xlsx or .csv), not %(count)s"),
                count=len(sheets),
            )
        )
        return
    sheet = sheets[0]
    images = _ArchiveImages(zf, members, posixpath.dirname(sheet))
    table = read_table(zf.read(members[sheet]), sheet, BANK_COLUMNS)
    found = questions_from_table(table, images.resolve)
    result.questions.extend(found.questions)
    result.problems.extend(found.problems)
    result.images.update(images.blobs)
    for name in sorted(members):
        if name != sheet and name not in images.used:
            result.problems.append(
                warning("file", N_("%(name)s is not used by any question"), name=name)
            )


class _ArchiveImages:
    """Resolves image paths of one spreadsheet to zip members, checking each image once."""

    def __init__(self, zf: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo], folder: str):
        self.zf = zf
        self.members = members
        self.folder = folder
        self.by_lower: dict[str, list[str]] = {}
        for name in members:
            self.by_lower.setdefault(name.lower(), []).append(name)
        self.blobs: dict[str, ImageBlob] = {}
        self.used: set[str] = set()
        self.checked: dict[str, tuple[str | None, list[Problem]]] = {}

    def resolve(self, path: str) -> tuple[str | None, list[Problem]]:
        """``image:<sha256>`` for the member ``path`` names, or ``None`` and the problems."""
        name = self._find(path)
        if name is None:
            target = normalise_member_path(posixpath.join(self.folder, path))
            message = (
                N_("image %(path)s is not in the zip")
                if target
                else N_("image %(path)s is not a path inside the zip")
            )
            return None, [error("image", message, path=path)]
        self.used.add(name)
        if name not in self.checked:
            self.checked[name] = self._check(name, path)
        return self.checked[name]

    def _find(self, path: str) -> str | None:
        for candidate in dict.fromkeys((path, unquote(path))):
            target = normalise_member_path(posixpath.join(self.folder, candidate))
            if target is None:
                continue
            if target in self.members:
                return target
            # authors on Windows do not see case: accept a case-only difference if unambiguous
            matches = self.by_lower.get(target.lower(), [])
            if len(matches) == 1:
                return matches[0]
        return None

    def _check(self, name: str, path: str) -> tuple[str | None, list[Problem]]:
        info = self.members[name]
        if info.file_size > MAX_IMAGE_BYTES:
            return None, [error("image", N_("%(name)s is larger than 5 MB"), name=path)]
        try:
            data = self.zf.read(info)
            digest, mime = check_image(data, name=path)
        except ValidationError as exc:
            return None, [p.at(field="image") for p in exc.problems]
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            return None, [
                error(
                    "image",
                    N_("image %(path)s cannot be read: %(reason)s"),
                    path=path,
                    reason=describe_error(exc),
                )
            ]
        self.blobs[digest] = ImageBlob(digest, mime, data)
        problems = []
        named = _EXTENSION_TYPES.get(posixpath.splitext(name)[1].lower().lstrip("."))
        if named and named != mime:
            problems.append(
                warning(
                    "image",
                    N_(
                        "%(path)s is named like %(named)s but holds %(actual)s: taken as %(actual)s"
                    ),
                    path=path,
                    named=named,
                    actual=mime,
                )
            )
        return f"image:{digest}", problems


def write_archive(
    questions: Sequence[Question],
    images: Mapping[str, ImageBlob] | None = None,
    *,
    fmt: str = "xlsx",
) -> bytes:
    """A bank archive of ``questions`` and the images they show, readable by :func:`read_archive`.

    Each ``image:<sha256>`` is looked up in ``images``, then in the question's own
    :attr:`~questionbank.model.Question.images` bytes.

    :raises ValidationError: if a question shows an image found in neither place.
    :raises ValueError: if ``fmt`` is neither ``xlsx`` nor ``csv``.
    """
    blobs = dict(images or {})
    needed: dict[str, ImageBlob] = {}
    missing: list[Problem] = []
    for question in questions:
        for digest in dict.fromkeys(_digests(question)):
            blob = blobs.get(digest) or _own_blob(question, digest)
            if blob is None:
                missing.append(
                    error(
                        "images",
                        N_("image %(digest)s of question %(id)s is missing"),
                        digest=digest,
                        id=question.id if question.id is not None else "(new)",
                    )
                )
            else:
                needed[digest] = blob
    if missing:
        raise ValidationError(missing)

    def path_of(digest: str) -> str:
        return f"images/{digest}.{EXTENSIONS[needed[digest].mime]}"

    exported = [_with_paths(q, path_of) for q in questions]
    sheet = write_spreadsheet(exported, fmt)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        _write(zf, f"bank.{fmt}", sheet, zipfile.ZIP_DEFLATED)
        for digest in sorted(needed):
            # images are compressed already: store them
            _write(zf, path_of(digest), needed[digest].data, zipfile.ZIP_STORED)
    return out.getvalue()


def _write(zf: zipfile.ZipFile, name: str, data: bytes, compression: int) -> None:
    info = zipfile.ZipInfo(name, date_time=_EPOCH)
    info.compress_type = compression
    info.external_attr = 0o644 << 16
    zf.writestr(info, data)


def _image_fields(question: Question) -> list[str]:
    content = question.content
    texts = [content.stem, *content.options, content.explanation]
    if content.type is QuestionType.SHORT and isinstance(content.answer, str):
        texts.append(content.answer)
    return texts


def _digests(question: Question) -> list[str]:
    return [d for text in _image_fields(question) for d in store_digests(text)]


def _own_blob(question: Question, digest: str) -> ImageBlob | None:
    data = question.images.get(digest)
    if not data:
        return None
    try:
        actual, mime = check_image(data)
    except ValidationError:
        return None
    return ImageBlob(digest, mime, data) if actual == digest else None


def _with_paths(question: Question, path_of: Callable[[str], str]) -> Question:
    content = question.content
    answer = content.answer
    if content.type is QuestionType.SHORT and isinstance(answer, str):
        answer = store_refs_to_paths(answer, path_of)
    return replace(
        question,
        content=replace(
            content,
            stem=store_refs_to_paths(content.stem, path_of),
            options=tuple(store_refs_to_paths(o, path_of) for o in content.options),
            explanation=store_refs_to_paths(content.explanation, path_of),
            answer=answer,
        ),
    )
