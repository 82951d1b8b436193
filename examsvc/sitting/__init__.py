"""Sitting the theory exam: contestant pages, the attempt lifecycle, the proctor console."""

from flask import Blueprint

bp = Blueprint("sitting", __name__)

from examsvc.sitting import proctor_views, views  # noqa: E402,F401
