"""Template filters and globals: the one ``|markdown`` filter, dates in the contest's zone."""

from __future__ import annotations

from datetime import datetime

from flask import Flask, url_for
from flask_babel import format_datetime, get_locale
from markupsafe import Markup

from examsvc.web.i18n import html_lang
from questionbank.render import render_markdown


def markdown_filter(text: str | None) -> Markup:
    """Sanitized HTML for question text (see questionbank.render)."""
    return Markup(render_markdown(text, image_url=image_url))  # noqa: S704 - sanitized by nh3


def image_url(digest: str) -> str:
    """Where the image store serves an image."""
    return url_for("bank.image", digest=digest)


def when(value: datetime | None, fmt: str = "yyyy-MM-dd HH:mm") -> str:
    """A timestamp in the configured time zone (Asia/Shanghai by default)."""
    return format_datetime(value, fmt) if value else ""


def register_templating(app: Flask) -> None:
    """Install filters and globals."""
    app.add_template_filter(markdown_filter, "markdown")
    app.add_template_filter(when, "when")
    app.add_template_global(lambda: html_lang(str(get_locale())), "html_lang")
    app.add_template_global(lambda: str(get_locale()), "current_locale")
