"""Markdown image references in question text, found and rewritten on import and export.

In the bank an image is ``![alt](image:<sha256>)`` (see :mod:`questionbank.render`); in a bank
archive it is ``![alt](images/x.png)``, a path inside the zip. Only inline Markdown images are
recognised (``![alt](dest)``, ``![alt](<dest> "title")``, ``![](图片/报警 1.png)``); reference-style images and raw
``<img>`` tags are not rewritten, and the renderer drops them as it drops every image that is
not in the store.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from questionbank.problems import N_, Problem, error, warning

#: ``![alt](dest "title")``; ``dest`` may be wrapped in ``<>``, and (unlike CommonMark, but as
#: authors write Windows file names) may hold spaces without them
IMAGE_PATTERN = re.compile(
    r"!\[(?P<alt>[^\]\n]*)\]\(\s*(?P<dest><[^>\n]*>|[^()<>\n\"']+?)"
    r"(?P<title>(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?)\s*\)"
)
_STORE_REF = re.compile(r"image:[0-9a-f]{64}")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]+:")

#: given the path of an image, the new destination (``None`` on error) and any problems
ImageResolver = Callable[[str], tuple[str | None, list[Problem]]]


def rewrite_images(text: str, field_name: str, resolve: ImageResolver) -> tuple[str, list[Problem]]:
    """``text`` with every relative image path replaced by what ``resolve`` maps it to.

    Store references (``image:<sha256>``) are kept as they are. An external source
    (``http:``, ``data:`` …) is kept but warned about: pages show only images of the store.
    Problems carry ``field_name`` and no location.
    """
    problems: list[Problem] = []

    def replace(match: re.Match[str]) -> str:
        dest = match.group("dest")
        path = dest[1:-1].strip() if dest.startswith("<") else dest.strip()
        if _STORE_REF.fullmatch(path):
            return match.group(0)
        if _SCHEME.match(path) or path.startswith("//"):
            problems.append(
                warning(
                    field_name,
                    N_("external image %(src)s will not be shown (only imported images are)"),
                    src=path,
                )
            )
            return match.group(0)
        new, found = resolve(path)
        problems.extend(p.at(field=field_name) for p in found)
        if new is None:
            return match.group(0)
        return f"![{match.group('alt')}]({new}{match.group('title')})"

    return IMAGE_PATTERN.sub(replace, text), problems


def no_image_files(path: str) -> tuple[str | None, list[Problem]]:
    """The resolver of a plain spreadsheet, which carries no image files: every path is an error."""
    return None, [
        error(
            "image",
            N_("image %(path)s: import images in a .zip holding the spreadsheet and the images"),
            path=path,
        )
    ]


def store_refs_to_paths(text: str, path_of: Callable[[str], str]) -> str:
    """``text`` with ``image:<sha256>`` sources replaced by ``path_of(sha256)`` (for export)."""

    def replace(match: re.Match[str]) -> str:
        dest = match.group("dest")
        path = dest[1:-1].strip() if dest.startswith("<") else dest.strip()
        if not _STORE_REF.fullmatch(path):
            return match.group(0)
        return f"![{match.group('alt')}]({path_of(path[6:])}{match.group('title')})"

    return IMAGE_PATTERN.sub(replace, text)


def store_digests(text: str) -> list[str]:
    """The digests of the ``image:<sha256>`` images ``text`` shows, in order of appearance."""
    found = []
    for match in IMAGE_PATTERN.finditer(text):
        dest = match.group("dest")
        path = dest[1:-1].strip() if dest.startswith("<") else dest.strip()
        if _STORE_REF.fullmatch(path):
            found.append(path[6:])
    return found
