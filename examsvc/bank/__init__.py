"""The question bank: authoring, review, versions, import/export, images."""

from flask import Blueprint

bp = Blueprint("bank", __name__)

from examsvc.bank import views, views_edit, views_question, views_transfer  # noqa: E402,F401
