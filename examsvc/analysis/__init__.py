"""Results analysis: how a stage's paper behaved, fed back into the question bank."""

from flask import Blueprint

bp = Blueprint("analysis", __name__)

from examsvc.analysis import views  # noqa: E402,F401
