"""Login form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):
    """User name (staff name or admission-ticket number) and password."""

    username = StringField(
        _l("User name or admission ticket number"), validators=[DataRequired(), Length(max=64)]
    )
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)])
    submit = SubmitField(_l("Log in"))
