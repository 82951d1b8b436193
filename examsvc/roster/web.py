"""Request helpers shared by the roster, ranking and registration pages and the ranking API:
the secret ticket passwords derive from, uploads carried from a dry run to the import, file
downloads, and the stages the pages list."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Response, abort, current_app, flash
from flask_babel import gettext as _

from examsvc.contest.services import contest_by_code
from examsvc.errors import NotFoundError, ServiceError
from examsvc.extensions import db
from examsvc.models import Stage
from examsvc.roster.forms import ConfirmForm, UploadForm
from examsvc.web.i18n import problem_text

R = TypeVar("R")

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


def flash_error(exc: ServiceError) -> None:
    """Undo the request's writes and show a refusal with its problems (the first 50)."""
    db.session.rollback()
    flash(_(exc.message), "error")
    for problem in exc.problems[:50]:
        flash(problem_text(problem), "error")


def check_upload(
    form: UploadForm,
    check: Callable[[bytes, str], R],
    *,
    ready: Callable[[R], bool],
    command: str,
) -> tuple[R | None, ConfirmForm | None]:
    """The dry run of an uploaded file: ``check(data, filename)`` makes the report; when
    ``ready(report)`` the confirm form carries the file on to the import. Nothing is written.
    ``command`` is the CLI command to use for files too large for the page."""
    if not form.validate_on_submit():
        return None, None
    data, filename = read_upload(form.file)
    if len(data) > MAX_WEB_FILE:
        flash(
            _("The file is too large for the web page: use `%(command)s`.", command=command),
            "error",
        )
        return None, None
    report = check(data, filename)
    db.session.rollback()
    return report, ConfirmForm(content=carry(data), filename=filename) if ready(report) else None


def import_confirmed(run: Callable[[bytes, str], R]) -> R | None:
    """Import the file the confirm form carried back, checked again by ``run(data, filename)``
    (everything or nothing); commits. ``None`` when refused (the reasons are flashed).

    :raises werkzeug 400: when the form is not the confirm form.
    """
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        report = run(uncarry(form.content.data), form.filename.data)
    except ServiceError as exc:
        flash_error(exc)
        return None
    db.session.commit()
    return report
