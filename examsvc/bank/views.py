"""Bank pages and the image store."""

from __future__ import annotations

from typing import Any

from flask import abort, make_response

from examsvc.auth.access import login_required_any
from examsvc.bank import bp
from examsvc.extensions import db
from examsvc.models import Image


@bp.route("/images/<digest>")
@login_required_any
def image(digest: str) -> Any:
    """An image of the store, with its stored type and nosniff (never sniffed as HTML/SVG)."""
    if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        abort(404)
    found = db.session.get(Image, digest)
    if found is None:
        abort(404)
    response = make_response(found.data)
    response.headers["Content-Type"] = found.mime
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, max-age=31536000, immutable"
    response.headers["Content-Disposition"] = "inline"
    return response
