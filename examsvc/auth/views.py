"""Login and logout pages."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from examsvc.auth import bp, services
from examsvc.auth.access import login_required_any, public
from examsvc.auth.forms import LoginForm
from examsvc.auth.hooks import log_in, log_out
from examsvc.errors import ServiceError


def safe_next(target: str | None) -> str:
    """A redirect target on this site only (no open redirects)."""
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("main.home")


@bp.route("/login", methods=["GET", "POST"])
@public
def login() -> Any:
    """Log in with a user name (or ticket number) and password."""
    if current_user.is_authenticated and request.method == "GET":
        return redirect(url_for("main.home"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            log_in(form.username.data, form.password.data)
        except services.LoginThrottledError as exc:
            flash(
                _(
                    "Too many failed attempts. Try again in %(minutes)s minutes.",
                    minutes=max(1, round(exc.retry_after / 60)),
                ),
                "error",
            )
            status = 429
        except services.LoginFailedError:
            flash(_("Wrong user name or password."), "error")
            status = 401
        except ServiceError as exc:  # e.g. the exam is open on another computer
            flash(_(exc.message), "error")
            status = exc.status
        else:
            return redirect(safe_next(request.args.get("next")))
    elif request.method == "POST":
        status = 400
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@login_required_any
def logout() -> Any:
    """End the session (POST with CSRF token)."""
    log_out()
    flash(_("You have logged out."), "info")
    return redirect(url_for("auth.login"))
