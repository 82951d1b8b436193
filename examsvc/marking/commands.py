"""``examsvc marking …``: marking status, key corrections and regrades from the command line."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from examsvc.cli import now, service_command
from examsvc.errors import NotFoundError
from examsvc.extensions import db
from examsvc.models import Role, User

marking_cli = AppGroup("marking", help="Marking of short answers, key corrections, regrades.")


def _stage(code: str):
    from examsvc.sitting.proctor import stage_by_code

    return stage_by_code(db.session, code)


def _admin(name: str | None) -> int | None:
    """The id of the administrator the change is recorded under (none: the command line)."""
    if not name:
        return None
    user = db.session.scalar(select(User).where(User.username == name))
    if user is None or user.role is not Role.ADMIN:
        raise NotFoundError(f"no administrator {name}")
    return user.id


@marking_cli.command("status")
@click.option("--stage", "stage_code", required=True, help="Stage code, e.g. prelim.")
@service_command
def status_command(stage_code: str) -> None:
    """Theory-score status and marking progress per question of a stage."""
    from examsvc.marking import dashboard

    stage = _stage(stage_code)
    theory = dashboard.theory_status(db.session, stage)
    click.echo(
        f"theory scores: {theory.final} final, {theory.pending} pending "
        f"({theory.unmarked_items} answer(s) unmarked), {theory.in_progress} still sitting"
    )
    for row in dashboard.progress(db.session, stage):
        rate = row.agreement.rate
        click.echo(
            f"question {row.question_id}\tanswers {row.answers}\tunmarked {row.unmarked}\t"
            f"once {row.once}\ttwice {row.twice}\tarbitration {row.awaiting_arbitration}\t"
            f"final {row.final}\tagreement {'-' if rate is None else f'{rate}%'}"
        )


@marking_cli.command("correct-key")
@click.option("--question", "question_id", required=True, type=int, help="Question id.")
@click.option("--answer", required=True, help="The right key: B, ACD, 对/错 …")
@click.option("--reason", required=True, help="Why (goes into the audit trail).")
@click.option("--actor", default=None, help="Administrator user name to record the change under.")
@service_command
def correct_key_command(question_id: int, answer: str, reason: str, actor: str | None) -> None:
    """Correct an objective question's key: a new version that stays active. Papers keep their
    version; run ``examsvc marking regrade`` to apply the new key to submitted attempts."""
    from examsvc.bank.services import Actor
    from examsvc.marking.regrade import correct_key

    version = correct_key(
        db.session,
        question_id,
        answer,
        actor=Actor(_admin(actor), Role.ADMIN),
        now=now(),
        reason=reason,
    )
    click.echo(f"question {question_id}: version {version.number} has the corrected key")


@marking_cli.command("regrade")
@click.option("--stage", "stage_code", required=True, help="Stage code, e.g. prelim.")
@click.option("--question", "question_id", type=int, default=None, help="Only this question.")
@click.option("--apply", "apply_", is_flag=True, help="Apply (without it: a dry run).")
@click.option("--reason", default="", help="Why (goes into the audit trail).")
@click.option("--actor", default=None, help="Administrator user name to record the change under.")
@service_command
def regrade_command(
    stage_code: str, question_id: int | None, apply_: bool, reason: str, actor: str | None
) -> None:
    """Recompute objective items whose question's key was corrected after the paper was
    built. A dry run by default: it lists every score that would change (ticket, item, old →
    new); --apply writes them, audited."""
    from examsvc.marking.regrade import apply_regrade, regrade_preview

    stage = _stage(stage_code)
    if apply_:
        changes = apply_regrade(
            db.session,
            stage,
            question_id=question_id,
            actor_id=_admin(actor),
            now=now(),
            reason=reason,
        )
    else:
        changes = regrade_preview(db.session, stage, question_id=question_id)
    for change in changes:
        note = "  (stem or options changed too)" if change.content_changed else ""
        click.echo(
            f"{change.ticket}\titem {change.item_no}\tquestion {change.question_id} "
            f"v{change.from_version}→v{change.to_version}\t{change.old} → {change.new}{note}"
        )
    verb = "regraded" if apply_ else "would change (dry run; --apply to write)"
    click.echo(f"{len(changes)} score(s) {verb}")
