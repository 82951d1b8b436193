"""Stage results: skill scores, the ranking, tie orders, publication, advancement, awards and
the public results page."""

from flask import Blueprint

bp = Blueprint("ranking", __name__)

from examsvc.ranking import public_views, views  # noqa: E402,F401
