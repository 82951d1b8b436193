"""Marking: automatic grading at submission, blind double marking of short answers, arbitration,
re-marks, the marking dashboard, key corrections and regrades."""

from flask import Blueprint

bp = Blueprint("marking", __name__)

from examsvc.marking import views  # noqa: E402,F401
