"""Request helpers shared by the roster, ranking and registration pages and the ranking API:
the secret ticket passwords derive from, uploads carried from a dry run to the import, file
downloads, and the stages the pages list."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from flask import Response, abort, current_app

from examsvc.contest.services import contest_by_code
from examsvc.errors import NotFoundError
from examsvc.extensions import db
from examsvc.models import Stage

#: the largest file the pages carry from the dry run to the import (as base64 in the form;
#: Flask's form-field limit is 500 kB); larger rosters go through ``examsvc roster import``
MAX_WEB_FILE = 360_000


def secret() -> str:
    """The key ticket passwords are derived from."""
    return str(current_app.config["SECRET_KEY"])


def download(data: bytes, mimetype: str, filename: str) -> Response:
    """A file download that is never cached (exports hold names, scores and passwords)."""
    return Response(
        data,
        mimetype=mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


def read_upload(field: Any) -> tuple[bytes, str]:
    """The bytes (at most one more than :data:`MAX_WEB_FILE`) and name of an uploaded file."""
    storage = field.data
    data = storage.read(MAX_WEB_FILE + 1)
    return data, (storage.filename or "upload")[:255]


def carry(data: bytes) -> str:
    """A file's bytes as the confirm form carries them."""
    return base64.b64encode(data).decode("ascii")


def uncarry(text: str) -> bytes:
    """The bytes the confirm form carried back.

    :raises werkzeug 400: if they are not base64.
    """
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        abort(400)


def current_stages() -> list[Stage]:
    """The stages of the current (most recent) contest, the one stage codes in URLs name."""
    try:
        contest = contest_by_code(db.session)
    except NotFoundError:
        return []
    return sorted(contest.stages, key=lambda s: s.ordinal)
