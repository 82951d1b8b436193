"""Logging in and out (pages), accounts and sessions."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from examsvc.auth import views  # noqa: E402,F401  (registers the routes)
