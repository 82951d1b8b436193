"""Interface language: Chinese by default, English on request.

Babel normalises ``zh_CN`` to ``zh_Hans_CN``, so that is the catalog's name. The choice is the
user's explicit one (kept in the session), else the browser's Accept-Language, else Chinese.
"""

from __future__ import annotations

from flask import current_app, has_request_context, request, session
from flask_babel import gettext

from questionbank.problems import Problem

LANG_SESSION_KEY = "lang"


def select_locale() -> str:
    """Flask-Babel locale selector."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # the CLI: EXAMSVC_CLI_LOCALE or the default (Chinese)
        return current_app.config.get("CLI_LOCALE") or current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = session.get(LANG_SESSION_KEY)
    if chosen in languages:
        return chosen
    match = request.accept_languages.best_match(["zh", "en"]) if request else None
    if match == "en":
        return "en"
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def problem_text(problem: Problem) -> str:
    """A domain problem in the current language, with its location."""
    return problem.located(gettext)


def html_lang(locale: str) -> str:
    """The ``lang`` attribute for a Babel locale (``zh_Hans_CN`` → ``zh-CN``)."""
    return "zh-CN" if locale.startswith("zh") else locale.replace("_", "-")
