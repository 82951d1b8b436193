"""Request helpers of the analysis pages: the thresholds in force, links to questions, who sees
what, and the data the charts are drawn from."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask import current_app, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.routing import BuildError

from examsvc.analysis import services
from examsvc.auth.access import utcnow
from examsvc.bank.queries import BankFilter
from examsvc.extensions import db
from examsvc.models import Role
from questionbank.stats.flags import FlagThresholds, is_flagged, option_label
from questionbank.stats.report import StageAnalysis

#: who may see a stage's analysis and the statistics of questions
STATS_ROLES = (Role.ADMIN, Role.AUTHOR, Role.REVIEWER, Role.ARBITRATOR)
#: who also sees the figures about people: organisations and graders
PEOPLE_ROLES = (Role.ADMIN, Role.ARBITRATOR)


def thresholds() -> FlagThresholds:
    """The flag thresholds of the configuration (``ANALYSIS_FLAG_THRESHOLDS``).

    :raises ValueError: a misconfigured threshold (a startup-time mistake, shown as a 500).
    """
    return FlagThresholds.from_mapping(current_app.config.get("ANALYSIS_FLAG_THRESHOLDS"))


def sees_people() -> bool:
    """Whether the current user may see figures about organisations and graders."""
    return current_user.is_authenticated and current_user.role in PEOPLE_ROLES


def statistics_flags() -> dict[int, list[str]]:
    """Question id → the codes of its statistics flags, over every closed stage (empty for users
    who may not see statistics). A refreshed figures cache is committed at once (a read-only
    request has nothing else pending)."""
    if not current_user.is_authenticated or current_user.role not in STATS_ROLES:
        return {}
    flagged = services.flagged_question_ids(db.session, thresholds(), now=utcnow())
    if services.cache_written(db.session):
        db.session.commit()
    return flagged


def with_flagged(flt: BankFilter, flagged: dict[int, list[str]] | None = None) -> BankFilter:
    """The bank filter with its "flagged by statistics" choice resolved into question ids
    (``flagged`` as :func:`statistics_flags` gives it, computed when not given)."""
    if not flt.flagged:
        return flt
    found = statistics_flags() if flagged is None else flagged
    return replace(flt, ids=tuple(sorted(found)))


def question_url(question_id: int) -> str:
    """The bank's page of a question (``/bank/<id>``)."""
    try:
        return url_for("bank.show_question", question_id=question_id)
    except BuildError:
        # the bank's question page comes with the bank UI; its address is fixed
        return f"{request.script_root}/bank/{question_id}"


def flag_texts(flags: Any) -> list[str]:
    """Flags as sentences in the current language."""
    return [flag.text(_) for flag in flags]


def chart_data(analysis: StageAnalysis, labels: dict[int, str]) -> dict[str, Any]:
    """Everything ``analysis.js`` draws, as plain JSON data with translated strings."""
    a = analysis
    bins = a.histograms["theory"]
    data: dict[str, Any] = {
        "histograms": {
            "labels": [f"{b.low:.0f}–{b.high:.0f}" for b in bins],
            "theory": [b.count for b in a.histograms["theory"]],
            "skill": [b.count for b in a.histograms["skill"]],
            "total": [b.count for b in a.histograms["total"]],
        },
        "scatter": [
            {
                "id": item.question_id,
                "x": round(item.facility, 4),
                "y": round(item.discrimination, 4),
                "label": labels.get(item.question_id, ""),
                "flagged": is_flagged(item),
                "flags": flag_texts(item.flags),
                "url": question_url(item.question_id),
            }
            for item in a.items
            if item.facility is not None and item.discrimination is not None
        ],
        "distractors": [
            {
                "id": item.question_id,
                "label": labels.get(item.question_id, ""),
                "url": question_url(item.question_id),
                "flagged": is_flagged(item),
                "options": [
                    {"key": option_label(o.key), "share": round(o.share, 4), "is_key": o.is_key}
                    for o in item.options
                ],
            }
            for item in sorted(a.items, key=lambda i: (not is_flagged(i), i.question_id))
            if item.options
        ],
        "positions": {
            "letters": list(a.positions.letters),
            "answers": [round(x, 4) for x in a.positions.answer_shares],
            "keys": [round(x, 4) for x in a.positions.key_shares],
        },
        "thresholds": a.thresholds.as_dict(),
        "strings": {
            "theory": _("Theory"),
            "skill": _("Skill"),
            "total": _("Total score"),
            "score": _("Score (0–100)"),
            "contestants": _("Number of contestants"),
            "facility": _("Facility (share of points scored)"),
            "discrimination": _("Discrimination index (upper 27% − lower 27%)"),
            "flagged": _("Flagged"),
            "fine": _("No flag"),
            "limit": _("Threshold"),
            "question": _("Question"),
            "share": _("Share of contestants"),
            "key": _("Key"),
            "distractor": _("Distractor"),
            "answers": _("Share of answers"),
            "keys": _("Share of keys"),
            "letter": _("Letter shown"),
            "bias": _("Bias against co-markers (share of points)"),
            "open": _("Click to open the question"),
        },
    }
    if sees_people():
        data["graders"] = [
            {"name": g.grader, "bias": round(g.bias, 4)}
            for g in a.markers.graders
            if g.bias is not None
        ]
    return data
