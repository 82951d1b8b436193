"""The image store's rules: which images are accepted and what they are named.

Images are named by the SHA-256 of their bytes (so the same picture is stored once and a name can
never point at other content), accepted only as PNG, JPEG, GIF or WebP recognised by their magic
bytes (never by file name or declared type), and at most 5 MB each. SVG is refused: it can carry
script.
"""

from __future__ import annotations

import hashlib

from questionbank.problems import N_, ValidationError, error

MAX_IMAGE_BYTES = 5 * 1024 * 1024

EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp"}


def sniff_image_type(data: bytes) -> str | None:
    """The MIME type of ``data`` judged by its magic bytes, or ``None`` if not an accepted image."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def image_digest(data: bytes) -> str:
    """The store name of an image: the hex SHA-256 of its bytes."""
    return hashlib.sha256(data).hexdigest()


def check_image(data: bytes, name: str = "image") -> tuple[str, str]:
    """Validate an uploaded or imported image and return ``(digest, mime)``.

    :raises ValidationError: if it is larger than 5 MB, empty, or not PNG / JPEG / GIF / WebP.
    """
    if not data:
        raise ValidationError([error("image", N_("%(name)s is empty"), name=name)])
    if len(data) > MAX_IMAGE_BYTES:
        raise ValidationError([error("image", N_("%(name)s is larger than 5 MB"), name=name)])
    mime = sniff_image_type(data)
    if mime is None:
        raise ValidationError(
            [error("image", N_("%(name)s is not a PNG, JPEG, GIF or WebP image"), name=name)]
        )
    return image_digest(data), mime


def extension_for(mime: str) -> str:
    """The usual file extension of an accepted image type."""
    return EXTENSIONS[mime]
