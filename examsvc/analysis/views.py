"""The analysis pages: the stages with results, a stage's analysis with its charts, its xlsx
export, and the per-question statistics the bank's question page includes."""

from __future__ import annotations

from typing import Any

from flask import Response, render_template
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_login import current_user

from examsvc.analysis import bp, services
from examsvc.analysis.collect import stem_labels
from examsvc.analysis.web import (
    STATS_ROLES,
    chart_data,
    flag_texts,
    question_url,
    sees_people,
    thresholds,
)
from examsvc.auth.access import roles_required, utcnow
from examsvc.extensions import db
from examsvc.web.templating import TYPE_TITLES
from questionbank.io.stats_xlsx import analysis_workbook
from questionbank.stats.flags import is_flagged, option_label


@bp.route("/analysis/")
@roles_required(*STATS_ROLES)
def stages() -> Any:
    """The stages that have results to analyse."""
    return render_template("analysis/stages.html", stages=services.stages_with_results(db.session))


@bp.route("/analysis/<stage_code>")
@roles_required(*STATS_ROLES)
def stage_report(stage_code: str) -> Any:
    """A stage's analysis: distributions, reliability, questions, distractors, markers."""
    stage = services.stage_by_code(db.session, stage_code)
    analysis = services.stage_analysis(db.session, stage, thresholds())
    labels = stem_labels(db.session, [i.question_id for i in analysis.items])
    return render_template(
        "analysis/stage.html",
        stage=stage,
        a=analysis,
        labels=labels,
        charts=chart_data(analysis, labels),
        people=sees_people(),
        flagged=[i for i in analysis.items if is_flagged(i)],
        question_url=question_url,
        flag_texts=flag_texts,
        option_label=option_label,
    )


@bp.route("/analysis/<stage_code>/analysis.xlsx")
@roles_required(*STATS_ROLES)
def export_stage(stage_code: str) -> Any:
    """Every figure of the stage's analysis as a workbook."""
    stage = services.stage_by_code(db.session, stage_code)
    analysis = services.stage_analysis(db.session, stage, thresholds())
    data = workbook(stage, analysis)
    return Response(
        data,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={
            "Content-Disposition": f'attachment; filename="analysis-{stage.code}.xlsx"',
            "Cache-Control": "no-store",
        },
    )


def workbook(stage: Any, analysis: Any, *, people: bool | None = None) -> bytes:
    """The stage's workbook in the current language."""
    labels = stem_labels(db.session, [i.question_id for i in analysis.items])
    return analysis_workbook(
        analysis,
        title=f"{stage.contest.name} · {stage.name}",
        translate=_,
        question_labels=labels,
        type_names={code: str(title) for code, title in TYPE_TITLES.items()},
        include_people=sees_people() if people is None else people,
    )


def workbook_for_cli(stage: Any, analysis: Any, locale: str) -> bytes:
    """The workbook written by ``examsvc analysis export`` (in ``locale``, with every table)."""
    with force_locale(locale):
        return workbook(stage, analysis, people=True)


@bp.app_template_global()
def question_statistics(question_id: int) -> list[dict[str, Any]]:
    """A question's statistics in every stage it appeared in, for
    ``templates/analysis/_question_stats.html`` (empty for users who may not see them).

    The figures may be recomputed and cached here (see ``services.stage_figures``); such a cache
    write is committed at once (the including page is a read-only GET, nothing else is pending).
    """
    if not current_user.is_authenticated or current_user.role not in STATS_ROLES:
        return []
    rows = services.question_stats(db.session, question_id, thresholds(), now=utcnow())
    if services.cache_written(db.session):
        db.session.commit()
    return [
        {
            "stage": stage,
            "figures": figures,
            "flags": flag_texts(figures.flags),
            "flagged": figures.flagged,
            "options": [dict(o, label=option_label(o["key"])) for o in figures.options],
        }
        for stage, figures in rows
    ]


@bp.app_context_processor
def _analysis_helpers() -> dict[str, Any]:
    """The number format the analysis templates use."""

    def pct(value: float | None, digits: int = 0) -> str:
        return "—" if value is None else f"{value * 100:.{digits}f}%"

    def num(value: Any, digits: int = 2) -> str:
        return "—" if value is None else f"{float(value):.{digits}f}"

    return {"pct": pct, "num": num, "locale_name": lambda: str(get_locale())}
