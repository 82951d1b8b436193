"""Forms of the roster pages and of the public registration form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, Length, Optional


class UploadForm(FlaskForm):
    """A spreadsheet to check (the dry run comes first)."""

    file = FileField(_l("File (xlsx or csv)"), validators=[FileRequired()])
    submit = SubmitField(_l("Check the file"))


class ConfirmForm(FlaskForm):
    """The checked file, carried back to be imported for real."""

    content = HiddenField(validators=[DataRequired()])
    filename = HiddenField(validators=[DataRequired(), Length(max=255)])
    submit = SubmitField(_l("Import"))


class PhotoForm(FlaskForm):
    """An ID photo for one contestant."""

    ticket = HiddenField(validators=[DataRequired(), Length(max=32)])
    photo = FileField(_l("ID photo"), validators=[FileRequired()])
    submit = SubmitField(_l("Upload"))


class RegistrationForm(FlaskForm):
    """Individual online registration (the fields of a roster row)."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=50)])
    gender = SelectField(
        _l("Gender"),
        choices=[
            SelectChoice("", "—"),
            SelectChoice("男", _l("Male")),
            SelectChoice("女", _l("Female")),
        ],
        default="",
    )
    id_number = StringField(
        _l("Resident ID number"),
        validators=[DataRequired(), Length(max=40)],
        description=_l("18 characters; the last may be X."),
    )
    birth_date = StringField(
        _l("Date of birth"),
        validators=[DataRequired(), Length(max=20)],
        render_kw={"type": "date"},
        description=_l("Must agree with the ID number."),
    )
    organisation = StringField(
        _l("Employer, school or unit"), validators=[DataRequired(), Length(max=200)]
    )
    phone = StringField(
        _l("Mobile number"),
        validators=[DataRequired(), Length(max=30)],
        render_kw={"type": "tel", "autocomplete": "tel"},
    )
    occupation = StringField(_l("Position"), validators=[Optional(), Length(max=100)])
    union_card = RadioField(
        _l("Do you hold a union mutual-aid service card (工会会员互助服务卡)?"),
        choices=[SelectChoice("否", _l("No")), SelectChoice("是", _l("Yes"))],
        default="否",
    )
    submit = SubmitField(_l("Register"))


class DecisionForm(FlaskForm):
    """Approve or reject a registration (a reason is needed to reject)."""

    note = TextAreaField(_l("Reason (for a rejection)"), validators=[Optional(), Length(max=500)])
    approve = SubmitField(_l("Approve and enrol"))
    reject = SubmitField(_l("Reject"))
