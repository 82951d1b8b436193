"""Forms of the ranking pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, SubmitField, TextAreaField
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, Length, Optional


class TieForm(FlaskForm):
    """The arbitration group's order of tied contestants, best first, with the reason."""

    order = StringField(
        _l("Order (admission tickets, best first, separated by commas)"),
        validators=[DataRequired(), Length(max=500)],
    )
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)])
    submit = SubmitField(_l("Record the order"))


class PublishForm(FlaskForm):
    """Publish the ranking; how names appear on the public page."""

    names = RadioField(
        _l("Names on the public page"),
        choices=[
            SelectChoice("masked", _l("Masked (张*), with the ticket")),
            SelectChoice("full", _l("Full names")),
        ],
        default="masked",
    )
    note = StringField(
        _l("Note (e.g. a correction after an appeal)"), validators=[Optional(), Length(max=500)]
    )
    submit = SubmitField(_l("Publish"))


class AdvanceForm(FlaskForm):
    """Enrol the advancers into the next stage."""

    submit = SubmitField(_l("Enrol the advancers in the next stage"))
