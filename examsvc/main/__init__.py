"""The home page of each role and the language switch."""

from flask import Blueprint

bp = Blueprint("main", __name__)

from examsvc.main import views  # noqa: E402,F401
