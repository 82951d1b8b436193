"""The JSON API ``/api/v1`` (contract: shared/spec/interfaces.md)."""

from flask import Blueprint

bp = Blueprint("api", __name__)

from examsvc.api import analysis, auth, bank, contest, proctor, ranking, sitting  # noqa: E402,F401
