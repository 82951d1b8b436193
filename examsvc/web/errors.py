"""Every error becomes one clear response: JSON ``{"error": {"code", "message"}}`` under
``/api/``, a page elsewhere. Domain errors (ServiceError) are mapped here and nowhere else;
stack traces never reach a client, and a database outage answers 503."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, jsonify, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException

from examsvc.auth.access import AccessDenied, client_ip, utcnow
from examsvc.auth.services import record_event
from examsvc.database import begin_write
from examsvc.errors import ServiceError
from examsvc.extensions import db

log = logging.getLogger("examsvc.errors")

MESSAGES = {
    400: "The request is not valid.",
    401: "Please log in.",
    403: "You may not do this.",
    404: "Not found.",
    405: "Method not allowed.",
    409: "Conflict with the current state.",
    413: "The upload is too large.",
    422: "The input is not valid.",
    429: "Too many requests; try again later.",
    500: "Something went wrong on our side.",
    503: "The service is unavailable for a moment; nothing was lost, please retry.",
}
CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "invalid_input",
    429: "too_many_requests",
    500: "internal_error",
    503: "unavailable",
}


def wants_json() -> bool:
    """API paths, and requests that ask for JSON, get JSON errors."""
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return (
        best == "application/json"
        and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


def error_response(
    status: int, code: str | None = None, message: str | None = None, **extra: Any
) -> Any:
    """The response for an error, JSON or HTML as the request wants."""
    code = code or CODES.get(status, "error")
    text = message or _(MESSAGES.get(status, "Error."))
    if wants_json():
        body: dict[str, Any] = {"code": code, "message": text}
        body.update(extra)
        response = jsonify({"error": body})
    else:
        page = render_template("errors/error.html", status=status, message=text, code=code)
        response = make_response(page)
    response.status_code = status
    return response


def _log_event(kind: str, **detail: Any) -> None:
    """Write a security event in its own small transaction (never fails the response)."""
    try:
        db.session.rollback()
        begin_write(db.session)
        from flask_login import current_user

        user = current_user if current_user and current_user.is_authenticated else None
        record_event(
            db.session,
            kind,
            now=utcnow(),
            user_id=user.id if user else None,
            username=user.username if user else "",
            ip=client_ip(),
            path=request.path,
            detail=detail,
        )
        db.session.commit()
    except Exception:  # the log must never turn a 403 into a 500
        db.session.rollback()
        log.exception("could not record security event %s", kind)


def register_error_handlers(app: Flask) -> None:
    """Install the handlers on ``app``."""

    @app.errorhandler(AccessDenied)
    def _denied(exc: AccessDenied) -> Any:
        if exc.status == 401:
            logging.getLogger("examsvc.security").info(
                "unauthorized ip=%s path=%s", client_ip(), request.path
            )
            if not wants_json():
                return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
            return error_response(401)
        _log_event("forbidden", method=request.method)
        return error_response(403)

    @app.errorhandler(CSRFError)
    def _csrf(exc: CSRFError) -> Any:
        _log_event("csrf_denied", reason=exc.description, method=request.method)
        return error_response(
            400,
            "csrf_failed",
            _("The form expired or was not sent by this site; reload the page and try again."),
        )

    @app.errorhandler(ServiceError)
    def _service(exc: ServiceError) -> Any:
        db.session.rollback()
        extra: dict[str, Any] = {}
        if exc.problems:
            extra["problems"] = [
                {"field": p.field, "row": p.row, "column": p.column, "message": p.text(_)}
                for p in exc.problems
            ]
        response = error_response(exc.status, exc.code, _(exc.message), **extra)
        retry = getattr(exc, "retry_after", None)
        if retry:
            response.headers["Retry-After"] = str(retry)
        return response

    @app.errorhandler(OperationalError)
    @app.errorhandler(DBAPIError)
    def _database(exc: Exception) -> Any:
        db.session.rollback()
        log.error(
            "database error on %s %s: %s", request.method, request.path, exc.__class__.__name__
        )
        return error_response(503)

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> Any:
        status = exc.code or 500
        return error_response(
            status, CODES.get(status), None if status in MESSAGES else exc.description
        )

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Any:
        db.session.rollback()
        if app.testing and not app.config.get("TESTING_HIDE_ERRORS"):
            raise exc
        log.exception("unhandled error on %s %s", request.method, request.path)
        return error_response(500)
