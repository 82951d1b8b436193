"""People-facing names of the bank's codes (types, statuses, actions, fields), translated."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from questionbank.problems import N_

TYPE_NAMES = {
    "single": _l("Single choice"),
    "multiple": _l("Multiple choice"),
    "truefalse": _l("True/false"),
    "short": _l("Short answer"),
}

STATUS_NAMES = {
    "draft": _l("Draft"),
    "review": _l("In review"),
    "active": _l("Active"),
    "retired": _l("Retired"),
}

#: badge colour per status (CSS class)
STATUS_BADGES = {"draft": "", "review": "warn", "active": "ok", "retired": "bad"}

DIFFICULTY_NAMES = {
    1: _l("1 · easy"),
    2: _l("2 · fairly easy"),
    3: _l("3 · medium"),
    4: _l("4 · fairly hard"),
    5: _l("5 · hard"),
}

ACTION_NAMES = {
    "submit": _l("Submit for review"),
    "approve": _l("Approve"),
    "return": _l("Send back"),
    "retire": _l("Retire"),
    "restore": _l("Restore"),
}

#: what the history says for each recorded action
EVENT_NAMES = {
    "created": _l("created"),
    "edited": _l("edited"),
    "imported": _l("imported"),
    "submit": _l("submitted for review"),
    "approve": _l("approved"),
    "return": _l("sent back"),
    "retire": _l("retired"),
    "restore": _l("restored"),
}

FIELD_NAMES = {
    "type": _l("Type"),
    "stem": _l("Stem"),
    "options": _l("Options"),
    "answer": _l("Answer"),
    "rubric": _l("Scoring points"),
    "explanation": _l("Explanation"),
    "difficulty": _l("Difficulty"),
    "source": _l("Source"),
    "tags": _l("Tags"),
}

FACET_NAMES = {
    "area": _l("Knowledge area"),
    "source": _l("Source"),
    "chapter": _l("Chapter / clause"),
    "level": _l("Cognitive level"),
    "provenance": _l("Provenance"),
    "category": _l("Category"),
}

#: the services' English messages that reach people as they are (translated at display time
#: through the catalog; listed here so that pybabel extracts them)
SERVICE_MESSAGES = (
    N_("you cannot approve a version you wrote yourself"),
    N_("say what the author should change"),
    N_("the question is not valid"),
    N_("imported questions start as draft or active"),
    N_("the image was refused"),
)


def type_name(code: object) -> str:
    """The name of a question type code."""
    return str(TYPE_NAMES.get(str(code), code))


def status_name(code: object) -> str:
    """The name of a status code."""
    return str(STATUS_NAMES.get(str(code), code))
