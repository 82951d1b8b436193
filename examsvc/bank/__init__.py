"""The question bank: authoring, review, versions, import/export, images."""

from flask import Blueprint

bp = Blueprint("bank", __name__)

from examsvc.bank import views  # noqa: E402,F401
