"""Results analysis: how a stage's paper behaved, fed back into the question bank."""

from typing import Any

from flask import Blueprint

from examsvc.config import ConfigError
from questionbank.stats.flags import FlagThresholds

bp = Blueprint("analysis", __name__)


@bp.record_once
def _check_settings(state: Any) -> None:
    """Refuse to start with unusable flag thresholds (rather than fail on every bank page)."""
    try:
        FlagThresholds.from_mapping(state.app.config.get("ANALYSIS_FLAG_THRESHOLDS"))
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"ANALYSIS_FLAG_THRESHOLDS is not usable: {exc}") from exc


from examsvc.analysis import views  # noqa: E402,F401
