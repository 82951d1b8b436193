"""Home page per role, language choice, health check."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, jsonify, redirect, render_template, request, session, url_for
from flask_login import current_user
from sqlalchemy import text

from examsvc.auth.access import public
from examsvc.auth.views import safe_next
from examsvc.extensions import db
from examsvc.main import bp
from examsvc.main.tasks import tasks_for
from examsvc.models import Role
from examsvc.web.i18n import LANG_SESSION_KEY


@bp.route("/")
@public
def home() -> Any:
    """What the logged-in role can do next; the login page for visitors."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    if current_user.role is Role.CONTESTANT:
        return redirect(url_for("sitting.my_exams"))
    return render_template("main/home.html", tasks=tasks_for(current_user))


@bp.route("/language", methods=["POST"])
@public
def set_language() -> Any:
    """Choose the interface language (kept in the session; CSRF-protected like every POST)."""
    lang = request.form.get("lang", "")
    if lang not in current_app.config["LANGUAGES"]:
        abort(400)
    session[LANG_SESSION_KEY] = lang
    return redirect(safe_next(request.form.get("next")))


@bp.route("/healthz")
@public
def health() -> Any:
    """Liveness and database reachability (503 when the database is down)."""
    db.session.execute(text("SELECT 1"))
    return jsonify({"status": "ok"})


@bp.app_context_processor
def _navigation() -> dict[str, Any]:
    """Role names and the navigation of the logged-in role, for every template."""
    from examsvc.main.tasks import ROLE_NAMES, ROLE_SUMMARY

    def nav_items() -> list[Any]:
        return tasks_for(current_user) if current_user.is_authenticated else []

    return {
        "role_name": lambda role: ROLE_NAMES.get(role, role),
        "role_summary": lambda role: ROLE_SUMMARY.get(role, ""),
        "nav_items": nav_items,
    }
