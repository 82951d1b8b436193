"""The JSON API ``/api/v1`` (contract: shared/spec/interfaces.md)."""

from flask import Blueprint

bp = Blueprint("api", __name__)

from examsvc.api import (  # noqa: E402,F401
    analysis,
    auth,
    bank,
    contest,
    grading,
    proctor,
    ranking,
    sitting,
)
