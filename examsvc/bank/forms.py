"""The bank's forms: the question editor (one form, its fields following the type), review
actions, import and its confirmation.

The editor works without JavaScript: "add option", "add scoring point", "change type" and
"upload image" are submit buttons that re-render the form. ``static/js/bank-editor.js`` only
makes them quicker (revealing a prepared row instead of a round trip).
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import AnyOf, Length, Optional

from examsvc.bank.labels import DIFFICULTY_NAMES, TYPE_NAMES

try:  # WTForms 3.3 deprecates (value, label) tuples as choices
    from wtforms import SelectChoice
except ImportError:  # pragma: no cover - older WTForms

    def SelectChoice(value: str, label: Any = None) -> Any:  # type: ignore[no-redef]
        """A choice as older WTForms takes it."""
        return (value, value if label is None else label)


from questionbank.model import MAX_STEM_CHARS, MAX_TEXT_CHARS, OPTION_KEYS, QuestionType

#: options shown on a new choice question
DEFAULT_OPTIONS = 4
#: scoring-point rows the form can hold (a rubric rarely has more than 6 points)
MAX_RUBRIC_ROWS = 12
#: empty rows prepared beyond the visible ones, for the "add" buttons to reveal
SPARE_ROWS = 2

IMPORT_FORMATS = ("auto", "xlsx", "csv", "zip", "gift", "aiken", "moodlexml")
EXPORT_FORMATS = ("xlsx", "csv", "zip", "gift", "moodlexml")


def option_field(key: str) -> str:
    """The form field of option ``key`` (``option_b``)."""
    return f"option_{key.lower()}"


class RubricRowForm(Form):
    """One scoring point: its text and its share (0.25, 25 % … or empty for equal shares)."""

    text = StringField(_l("Scoring point"), validators=[Length(max=2000)])
    share = StringField(_l("Share"), validators=[Length(max=20)])


class QuestionForm(FlaskForm):
    """The editor. Option fields ``option_a`` … ``option_h`` are added below the class."""

    type = SelectField(
        _l("Type"),
        choices=[SelectChoice(t.value, TYPE_NAMES[t.value]) for t in QuestionType],
        default=QuestionType.SINGLE.value,
    )
    base_version = HiddenField()
    option_count = HiddenField()
    stem = TextAreaField(
        _l("Stem"),
        validators=[Length(max=MAX_STEM_CHARS)],
        description=_l("Markdown: **bold**, lists, tables; images as ![](image:…)."),
    )
    answer_single = RadioField(_l("Answer"), choices=[], validate_choice=False)
    answer_multiple = SelectMultipleField(_l("Answer"), choices=[], validate_choice=False)
    answer_truefalse = RadioField(
        _l("Answer"),
        choices=[SelectChoice("true", _l("True (对)")), SelectChoice("false", _l("False (错)"))],
        validate_choice=False,
    )
    answer_short = TextAreaField(_l("Reference answer"), validators=[Length(max=MAX_TEXT_CHARS)])
    rubric = FieldList(FormField(RubricRowForm), max_entries=MAX_RUBRIC_ROWS)
    explanation = TextAreaField(_l("Explanation"), validators=[Length(max=MAX_TEXT_CHARS)])
    difficulty = SelectField(
        _l("Difficulty"),
        choices=[SelectChoice(str(level), name) for level, name in DIFFICULTY_NAMES.items()],
        default="3",
    )
    source = StringField(
        _l("Source"),
        validators=[Length(max=500)],
        description=_l("Where the fact comes from, e.g. 教材 第3章 3.2 or 团体标准 5.3.1."),
    )
    tags = StringField(
        _l("Tags"),
        validators=[Length(max=2000)],
        description=_l("facet:value, separated by commas, e.g. area:alarm-handling, level:apply."),
    )
    image = FileField(_l("Image (PNG, JPEG, GIF or WebP, up to 5 MB)"))

    save = SubmitField(_l("Save"))
    preview = SubmitField(_l("Preview"))
    add_option = SubmitField(_l("Add option"))
    add_rubric_row = SubmitField(_l("Add scoring point"))
    apply_type = SubmitField(_l("Change type"))
    upload_image = SubmitField(_l("Upload image"))

    def pressed(self) -> str:
        """Which button sent the form (``save`` when none is named, e.g. Enter in a field)."""
        for name in ("preview", "add_option", "add_rubric_row", "apply_type", "upload_image"):
            if getattr(self, name).data:
                return name
        return "save"

    @property
    def qtype(self) -> QuestionType:
        """The type the form is for."""
        try:
            return QuestionType(self.type.data)
        except ValueError:
            return QuestionType.SINGLE

    def option_fields(self) -> list[Any]:
        """The eight option fields, A first."""
        return [getattr(self, option_field(key)) for key in OPTION_KEYS]

    def visible_options(self) -> int:
        """How many option rows to show: the filled ones, at least the count asked for."""
        filled = [i + 1 for i, f in enumerate(self.option_fields()) if (f.data or "").strip()]
        try:
            asked = int(self.option_count.data or 0)
        except ValueError:
            asked = 0
        return max(min(asked, len(OPTION_KEYS)), max(filled, default=0), 2)

    def visible_rubric_rows(self) -> int:
        """How many scoring-point rows to show (at least one)."""
        filled = [
            i + 1
            for i, row in enumerate(self.rubric.entries)
            if (row.form.text.data or "").strip() or (row.form.share.data or "").strip()
        ]
        return max(filled, default=1)

    def prepare_rows(self, rubric_rows: int) -> None:
        """Make sure the rubric has ``rubric_rows`` visible rows plus spare hidden ones."""
        wanted = min(MAX_RUBRIC_ROWS, rubric_rows + SPARE_ROWS)
        while len(self.rubric.entries) < wanted:
            self.rubric.append_entry()

    def values(self) -> dict[str, Any]:
        """The form's input as the plain values :func:`examsvc.bank.editing.draft_from_values`
        takes."""
        qtype = self.qtype
        answer: Any = {
            QuestionType.SINGLE: self.answer_single.data,
            QuestionType.MULTIPLE: self.answer_multiple.data,
            QuestionType.TRUEFALSE: self.answer_truefalse.data,
            QuestionType.SHORT: self.answer_short.data,
        }[qtype]
        return {
            "type": qtype.value,
            "stem": self.stem.data,
            "options": [f.data for f in self.option_fields()],
            "answer": answer,
            "rubric": [(row.form.text.data, row.form.share.data) for row in self.rubric.entries],
            "explanation": self.explanation.data,
            "difficulty": self.difficulty.data,
            "source": self.source.data,
            "tags": self.tags.data,
        }


for _key in OPTION_KEYS:
    setattr(
        QuestionForm,
        option_field(_key),
        TextAreaField(
            _l("Option %(key)s", key=_key), validators=[Optional(), Length(max=MAX_TEXT_CHARS)]
        ),
    )


class StatusForm(FlaskForm):
    """A review action on a question, with an optional comment (required to send back)."""

    action = HiddenField(validators=[AnyOf(["submit", "approve", "return", "retire", "restore"])])
    comment = TextAreaField(_l("Comment"), validators=[Length(max=5000)])


class ImportForm(FlaskForm):
    """Upload a bank file for a dry run."""

    file = FileField(_l("Bank file"), validators=[FileRequired(_l("Choose a file."))])
    format = SelectField(
        _l("Format"),
        choices=[
            SelectChoice("auto", _l("Detect from the file")),
            SelectChoice("xlsx", "Excel (.xlsx)"),
            SelectChoice("csv", "CSV"),
            SelectChoice("zip", _l("Zip with images (.zip)")),
            SelectChoice("gift", "Moodle GIFT"),
            SelectChoice("aiken", "Moodle Aiken"),
            SelectChoice("moodlexml", "Moodle XML"),
        ],
        default="auto",
    )
    status = SelectField(
        _l("Status of new questions"),
        choices=[
            SelectChoice("draft", _l("Draft")),
            SelectChoice("active", _l("Active (administrators only)")),
        ],
        default="draft",
    )
    skip_unsupported = BooleanField(_l("Skip questions of unsupported kinds"))
    submit = SubmitField(_l("Check the file (dry run)"))


class ConfirmImportForm(FlaskForm):
    """Confirm a checked upload by its token."""

    token = HiddenField(validators=[Length(min=20, max=43)])
    skip_unsupported = BooleanField(_l("Skip questions of unsupported kinds"))
    submit = SubmitField(_l("Import now"))
