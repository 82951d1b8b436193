"""``/auth``: log in and out, fetch a CSRF token."""

from __future__ import annotations

from typing import Any

from flask import jsonify
from flask_wtf.csrf import generate_csrf

from examsvc.api import bp
from examsvc.api.common import BadRequestError, json_body
from examsvc.auth.access import login_required_any, public
from examsvc.auth.hooks import log_in, log_out
from examsvc.extensions import csrf


@bp.route("/auth/login", methods=["POST"])
@public
@csrf.exempt  # no session yet to bind a token to; a JSON body cannot be sent cross-site
def api_login() -> Any:
    """Log in; answers the role and the CSRF token for later state-changing requests."""
    body = json_body("username", "password")
    if not isinstance(body["username"], str) or not isinstance(body["password"], str):
        raise BadRequestError("username and password must be strings")
    user = log_in(body["username"], body["password"])
    return jsonify({"role": user.role.value, "csrf_token": generate_csrf()})


@bp.route("/auth/logout", methods=["POST"])
@login_required_any
def api_logout() -> Any:
    """End the session."""
    log_out()
    return "", 204


@bp.route("/auth/csrf", methods=["GET"])
@public
def api_csrf() -> Any:
    """A CSRF token bound to the current session."""
    return jsonify({"csrf_token": generate_csrf()})
