"""Contest configuration and paper generation: services, the CLI, and the admin pages."""

from flask import Blueprint

bp = Blueprint("contest", __name__)

from examsvc.contest import paper_views, views  # noqa: E402,F401
