"""The admin's contest forms: a contest file upload, and a stage with its sections and quotas.

The stage form has no validators of its own (only CSRF): its values are turned into the data a
contest file parses to (:func:`stage_data`) and checked by the contest file's rules, whose
problems come back at key paths (``exam.sections[2].count``) and are shown next to the field
they name (:func:`attach_problems`). A form and a file thus obey the same rules and messages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.widgets import CheckboxInput, ListWidget

from examsvc.models import Stage
from examsvc.web.templating import TYPE_TITLES
from questionbank.problems import Problem

ROUNDING_NAMES = {
    "half_up": _l("round half up"),
    "floor": _l("round down"),
    "ceil": _l("round up"),
}
SCORING_NAMES = {
    "partial": _l("Partial: half marks for some right options and no wrong one"),
    "strict": _l("Strict: exactly the right options or 0"),
    "per_option": _l("Per option: a share for each right option, 0 with any wrong one"),
}


def choices(names: dict[str, Any]) -> list[SelectChoice]:
    """Select options from ``{value: label}``."""
    return [SelectChoice(value, label) for value, label in names.items()]


#: how a datetime-local input sends its value, and what people type by hand
_DATETIME_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S")
_TAG_SEPARATORS = re.compile(r"[\s,，;；、]+")


class SectionForm(Form):
    """One section of the paper (a row of the stage form; the stage form carries the CSRF)."""

    type = SelectField(_l("Question type"), choices=choices(TYPE_TITLES), validate_choice=False)
    count = StringField(_l("Questions"))
    points = StringField(_l("Points each"))
    tags_any = StringField(
        _l("Any of these tags"), description=_l("separated by spaces or commas; empty: any")
    )
    tags_all = StringField(_l("All of these tags"), description=_l("separated by spaces or commas"))
    difficulty_low = StringField(_l("Difficulty from"))
    difficulty_high = StringField(_l("Difficulty to"))
    multiple_scoring = SelectField(
        _l("Multiple-choice scoring"), choices=choices(SCORING_NAMES), validate_choice=False
    )
    double_marking = BooleanField(_l("Two graders mark each answer"), default=True)
    arbitration_threshold = StringField(
        _l("Arbitration threshold"),
        description=_l("marks further apart than this go to an arbitrator"),
    )


class QuotaForm(Form):
    """A paper-wide tag quota (a row of the stage form)."""

    tag = StringField(_l("Tag"))
    min = StringField(_l("At least"))
    max = StringField(_l("At most"), description=_l("empty: no limit"))


class StageForm(FlaskForm):
    """A stage: weights, advancement rule, the exam's window and settings, its blueprint."""

    name = StringField(_l("Stage name"))
    theory_weight = StringField(_l("Theory weight"))
    skill_weight = StringField(_l("Skill weight"))
    advance_ratio = StringField(
        _l("Share of participants who advance"), description=_l("e.g. 0.30 for the top 30%")
    )
    advance_rounding = SelectField(
        _l("Rounding of the number who advance"),
        choices=choices(ROUNDING_NAMES),
        validate_choice=False,
    )
    duration_minutes = StringField(_l("Duration (minutes)"))
    opens_at = StringField(_l("Exam opens"))
    closes_at = StringField(_l("Exam closes"))
    shuffle_questions = BooleanField(_l("Shuffle the questions within each section"))
    shuffle_options = BooleanField(_l("Shuffle the options of each question"))
    exclude_used_in = SelectMultipleField(
        _l("Never repeat questions a contestant met in"),
        choices=[],
        validate_choice=False,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    review_after_release = BooleanField(
        _l("Contestants may see their marked paper once results are released")
    )
    target_difficulty = StringField(
        _l("Target mean difficulty"),
        description=_l("1–5; empty: the mean of the questions the sections accept"),
    )
    sections = FieldList(FormField(SectionForm))
    quotas = FieldList(FormField(QuotaForm))
    discard_unstarted = BooleanField(_l("Discard the papers nobody has started"))


class ContestFileForm(FlaskForm):
    """A contest file, uploaded or pasted; ``discard_unstarted`` confirms a forced load."""

    file = FileField(_l("Contest file (TOML)"))
    text = TextAreaField(_l("…or paste its text"))
    discard_unstarted = BooleanField(
        _l("Discard the papers nobody has started where a blueprint changes")
    )


# --------------------------------------------------------------------------- stored → form


def _number_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def local_input(value: datetime, timezone: str) -> str:
    """A stored UTC time as a ``datetime-local`` value in the contest's time zone."""
    return value.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%dT%H:%M")


def stage_form_data(stage: Stage, timezone: str) -> dict[str, Any]:
    """The stage as the form's initial data, read from the row and its stored blueprint as
    they are (a stored blueprint that is not valid still shows what it holds)."""
    blueprint = stage.blueprint or {}
    sections = []
    for section in blueprint.get("sections", []):
        low, high = [*(section.get("difficulty") or []), "", ""][:2]
        sections.append(
            {
                "type": section.get("type", "single"),
                "count": _number_text(section.get("count")),
                "points": _number_text(section.get("points")),
                "tags_any": " ".join(section.get("tags_any", [])),
                "tags_all": " ".join(section.get("tags_all", [])),
                "difficulty_low": _number_text(low),
                "difficulty_high": _number_text(high),
                "multiple_scoring": section.get("multiple_scoring") or "partial",
                "double_marking": section.get("double_marking", True),
                "arbitration_threshold": _number_text(section.get("arbitration_threshold")),
            }
        )
    quotas = [
        {
            "tag": quota.get("tag", ""),
            "min": _number_text(quota.get("min", 0)),
            "max": _number_text(quota.get("max")),
        }
        for quota in blueprint.get("quotas", [])
    ]
    return {
        "name": stage.name,
        "theory_weight": _number_text(stage.theory_weight),
        "skill_weight": _number_text(stage.skill_weight),
        "advance_ratio": _number_text(stage.advance_ratio),
        "advance_rounding": stage.advance_rounding,
        "duration_minutes": str(stage.duration_minutes),
        "opens_at": local_input(stage.opens_at, timezone),
        "closes_at": local_input(stage.closes_at, timezone),
        "shuffle_questions": blueprint.get("shuffle_questions", stage.shuffle_questions),
        "shuffle_options": blueprint.get("shuffle_options", stage.shuffle_options),
        "exclude_used_in": list(stage.exclude_used_in or []),
        "review_after_release": stage.review_after_release,
        "target_difficulty": _number_text(blueprint.get("target_difficulty")),
        "sections": sections,
        "quotas": quotas,
    }


# --------------------------------------------------------------------------- form → file data


def _number(text: str | None) -> Any:
    """A typed number for the file's rules to check, ``None`` when blank, else the text itself
    (the rules then say "must be a number" at the right key path)."""
    text = (text or "").strip()
    if not text:
        return None
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    try:
        number = Decimal(text)
    except InvalidOperation:
        return text
    return number if number.is_finite() else text


def _tags(text: str | None) -> list[str]:
    return [t for t in _TAG_SEPARATORS.split(text or "") if t]


def _put(target: dict[str, Any], key: str, value: Any) -> None:
    if value is not None:
        target[key] = value


def parse_local(text: str | None, timezone: str) -> datetime | None:
    """A date and time typed in the contest's time zone, as an aware datetime.

    :raises ValueError: the text is not a date and time.
    """
    text = (text or "").strip()
    if not text:
        return None
    for fmt in _DATETIME_FORMATS:
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=ZoneInfo(timezone))
        except ValueError:
            continue
    raise ValueError(text)


def _section_data(form: SectionForm) -> dict[str, Any]:
    qtype = (form.type.data or "").strip()
    data: dict[str, Any] = {"type": qtype}
    _put(data, "count", _number(form.count.data))
    _put(data, "points", _number(form.points.data))
    data["tags_any"] = _tags(form.tags_any.data)
    data["tags_all"] = _tags(form.tags_all.data)
    low, high = _number(form.difficulty_low.data), _number(form.difficulty_high.data)
    if low is not None or high is not None:
        data["difficulty"] = [1 if low is None else low, 5 if high is None else high]
    # settings of other types are left out, as a contest file would not hold them
    if qtype == "multiple":
        data["multiple_scoring"] = form.multiple_scoring.data or "partial"
    if qtype == "short":
        data["double_marking"] = bool(form.double_marking.data)
        _put(data, "arbitration_threshold", _number(form.arbitration_threshold.data))
    return data


def stage_data(form: StageForm, code: str, timezone: str) -> tuple[dict[str, Any], list[str]]:
    """The form as one ``[[stages]]`` table of a contest file, and the fields whose text could
    not be read as a date and time (those are marked on the form and left out of the data)."""
    exam: dict[str, Any] = {}
    unreadable = []
    for key in ("opens_at", "closes_at"):
        field = getattr(form, key)
        try:
            _put(exam, key, parse_local(field.data, timezone))
        except ValueError:
            unreadable.append(key)
            field.errors = [
                *field.errors,
                gettext("enter a date and time like 2025-07-28 09:00"),
            ]
    _put(exam, "duration_minutes", _number(form.duration_minutes.data))
    exam["shuffle_questions"] = bool(form.shuffle_questions.data)
    exam["shuffle_options"] = bool(form.shuffle_options.data)
    exam["exclude_used_in"] = list(form.exclude_used_in.data or [])
    exam["review_after_release"] = bool(form.review_after_release.data)
    _put(exam, "target_difficulty", _number(form.target_difficulty.data))
    exam["sections"] = [_section_data(entry.form) for entry in form.sections.entries]
    exam["quotas"] = []
    for entry in form.quotas.entries:
        quota: dict[str, Any] = {"tag": (entry.form.tag.data or "").strip()}
        _put(quota, "min", _number(entry.form.min.data))
        _put(quota, "max", _number(entry.form.max.data))
        exam["quotas"].append(quota)
    data: dict[str, Any] = {"code": code, "name": (form.name.data or "").strip()}
    for key in ("theory_weight", "skill_weight", "advance_ratio"):
        _put(data, key, _number(getattr(form, key).data))
    data["advance_rounding"] = form.advance_rounding.data or "half_up"
    data["exam"] = exam
    return data, unreadable


# --------------------------------------------------------------------------- problems → fields

_STAGE_KEYS = {"name", "theory_weight", "skill_weight", "advance_ratio", "advance_rounding"}
_EXAM_KEYS = {
    "duration_minutes",
    "opens_at",
    "closes_at",
    "shuffle_questions",
    "shuffle_options",
    "exclude_used_in",
    "review_after_release",
    "target_difficulty",
}
_ROW = re.compile(r"^exam\.(sections|quotas)\[(\d+)\](?:\.(\w+))?$")
#: a section's key that has no field of its own
_SECTION_FIELD = {"difficulty": "difficulty_low"}


def _add_error(field: Any, message: str) -> None:
    if message not in field.errors:
        field.errors = [*field.errors, message]


def attach_problems(
    form: StageForm,
    problems: Iterable[Problem],
    stage_index: int,
    unreadable: Iterable[str] = (),
) -> tuple[list[str], dict[tuple[str, int], list[str]]]:
    """Show each problem of the stage at ``stages[stage_index]`` next to its field.

    Returns the messages that belong to no single field: the general ones (located, e.g. a
    problem of the next stage's window) and those of a whole section or quota row
    (keyed ``("sections", 0)``). The ``unreadable`` fields (dates that could not be read, left
    out of the data) keep their own error rather than a second "is required".
    """
    skip = {f"exam.{key}" for key in unreadable}
    prefix = f"stages[{stage_index}]"
    general: list[str] = []
    rows: dict[tuple[str, int], list[str]] = {}
    for problem in problems:
        path = problem.field
        text = problem.text(gettext)
        relative = path[len(prefix) + 1 :] if path.startswith(prefix + ".") else None
        if relative in skip:
            continue
        field = None
        if relative in _STAGE_KEYS:
            field = getattr(form, relative)
        elif relative and relative.startswith("exam.") and relative[5:] in _EXAM_KEYS:
            field = getattr(form, relative[5:])
        elif relative and (match := _ROW.match(relative)):
            kind, number, key = match.group(1), int(match.group(2)), match.group(3)
            entries = getattr(form, kind).entries
            if number < len(entries) and key:
                name = _SECTION_FIELD.get(key, key) if kind == "sections" else key
                field = getattr(entries[number].form, name, None)
            if field is None:
                rows.setdefault((kind, number), []).append(text)
                continue
        if field is None:
            general.append(problem.located(gettext))
        else:
            _add_error(field, text)
    return general, rows
