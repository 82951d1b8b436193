"""Template filters and globals: the one ``|markdown`` filter, dates in the contest's zone."""

from __future__ import annotations

from datetime import datetime

from flask import Flask, url_for
from flask_babel import format_datetime, get_locale
from flask_babel import lazy_gettext as _l
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
    app.add_template_filter(points, "points")
    app.add_template_global(type_title, "type_title")
    app.add_template_global(scoring_text, "scoring_text")
    app.add_template_global(lambda: html_lang(str(get_locale())), "html_lang")
    app.add_template_global(lambda: str(get_locale()), "current_locale")


def points(value: object) -> str:
    """Points without useless decimals: 1.00 → 1, 0.50 → 0.5."""
    from decimal import Decimal

    number = Decimal(str(value))
    text = f"{number.normalize():f}"
    return text


TYPE_TITLES = {
    "single": _l("Single choice"),
    "multiple": _l("Multiple choice"),
    "truefalse": _l("True or false"),
    "short": _l("Short answer"),
}

SCORING_TEXTS = {
    "strict": _l("Full marks only for exactly the right options; otherwise 0."),
    "partial": _l(
        "All right options: full marks; some right options and no wrong one: half; any wrong option: 0."
    ),
    "per_option": _l("Each right option earns its share; any wrong option: 0."),
}


def type_title(qtype: str) -> str:
    """The name of a question type in the current language."""
    return str(TYPE_TITLES.get(str(qtype), qtype))


def scoring_text(qtype: str, scoring: str | None) -> str:
    """How an item of this type is scored, in words."""
    if str(qtype) == "multiple":
        return str(SCORING_TEXTS.get(scoring or "partial", ""))
    if str(qtype) == "short":
        return str(_l("Marked by two graders from the scoring points."))
    return str(_l("Right answer: full marks; otherwise 0."))
