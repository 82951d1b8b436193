"""``examsvc roster …``: import contestants, export their logins, reset passwords after a key
rotation, and decide online registrations."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from examsvc.cli import now, problem_lines, service_command
from examsvc.contest.services import contest_by_code, stage_by_code
from examsvc.extensions import db
from examsvc.roster import registration as reg
from examsvc.roster import services
from questionbank.problems import Problem

roster_cli = AppGroup("roster", help="Contestants, admission tickets and registrations.")


def _secret() -> str:
    return str(current_app.config["SECRET_KEY"])


def _echo_problems(problems: list[Problem]) -> None:
    if problems:
        click.echo(problem_lines(problems), err=True)


@roster_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--stage", "stage_code", required=True, help="Stage code (prelim, semi, final).")
@click.option(
    "--credentials",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write ticket,name,password of the new contestants to this csv file.",
)
@click.option("--dry-run", is_flag=True, help="Check the file and report; write nothing.")
@service_command
def import_command(path: Path, stage_code: str, credentials: Path | None, dry_run: bool) -> None:
    """Import contestants (xlsx/csv), check eligibility, enrol them in the stage and give each
    an admission ticket and a password. Any invalid row: nobody is imported, every problem is
    listed by row."""
    stage = stage_by_code(db.session, stage_code)
    report = services.import_roster(
        db.session,
        stage,
        path.read_bytes(),
        path.name,
        secret=_secret(),
        actor_id=None,
        now=now(),
        dry_run=dry_run,
    )
    _echo_problems(report.skipped)
    if dry_run:
        _echo_problems(report.problems)
        db.session.rollback()
        verdict = "would enrol" if report.ok else "would refuse the file; it would enrol"
        click.echo(f"{verdict} {len(report.enrolled)} of {report.rows} row(s) in {stage.code}")
        if not report.ok:
            raise click.ClickException(f"{len(report.problems)} problem(s)")
        return
    click.echo(
        f"enrolled {len(report.enrolled)} contestant(s) in {stage.code} "
        f"({report.reused} known from before, {len(report.skipped)} enrolled already)"
    )
    if credentials:
        credentials.write_bytes(services.credentials_csv(report.enrolled, bom=False))
        click.echo(f"logins written to {credentials}")


@roster_cli.command("credentials")
@click.option("--stage", "stage_code", required=True)
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
def credentials_command(stage_code: str, out: Path) -> None:
    """Write ticket,name,password of every contestant of the stage to OUT (csv)."""
    stage = stage_by_code(db.session, stage_code)
    rows = services.credentials(db.session, stage, secret=_secret())
    out.write_bytes(services.credentials_csv(rows, bom=False))
    click.echo(f"{len(rows)} login(s) written to {out}")


@roster_cli.command("reset-passwords")
@click.option("--stage", "stage_code", required=True)
@service_command
def reset_passwords_command(stage_code: str) -> None:
    """Store every ticket's password again from the current secret key. Run it for each stage
    after rotating EXAMSVC_SECRET_KEY (ticket passwords are derived from it), then reprint the
    admission tickets."""
    stage = stage_by_code(db.session, stage_code)
    count = services.reset_passwords(db.session, stage, secret=_secret(), actor_id=None, now=now())
    click.echo(f"reset {count} password(s) in {stage.code}")


@roster_cli.command("registrations")
def registrations_command() -> None:
    """List the pending online registrations of the current contest (id, name, problems)."""
    from flask_babel import gettext

    contest = contest_by_code(db.session)
    for item in reg.pending_registrations(db.session, contest, now=now()):
        r = item.registration
        state = "; ".join(p.text(gettext) for p in item.problems) or "eligible"
        click.echo(f"{r.id}\t{r.data.get('name')}\t{r.data.get('organisation')}\t{state}")


@roster_cli.command("approve")
@click.argument("registration_id", type=int)
@service_command
def approve_command(registration_id: int) -> None:
    """Approve a registration: enrol the person in the first stage; prints their login."""
    credential = reg.approve_registration(
        db.session, registration_id, secret=_secret(), actor_id=None, now=now()
    )
    click.echo(f"{credential.ticket}\t{credential.name}\t{credential.password}")


@roster_cli.command("reject")
@click.argument("registration_id", type=int)
@click.option("--reason", required=True, help="Why (kept in the audit trail).")
@service_command
def reject_command(registration_id: int, reason: str) -> None:
    """Reject a registration with a reason."""
    reg.reject_registration(db.session, registration_id, reason, actor_id=None, now=now())
    click.echo(f"rejected registration {registration_id}")
