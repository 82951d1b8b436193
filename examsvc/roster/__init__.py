"""Contestants: roster imports, admission tickets and their logins, online registration."""

from flask import Blueprint

bp = Blueprint("roster", __name__)

from examsvc.roster import registration_views, views  # noqa: E402,F401
