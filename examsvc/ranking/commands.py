"""``examsvc skills …``, ``examsvc ranking …`` and ``examsvc awards``: thin wrappers over the
ranking services. Each finalizes the stage's overdue attempts first, so a sitting whose time is
up counts as submitted here as everywhere else."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext
from flask_babel import gettext
from sqlalchemy import select

from examsvc.cli import now, problem_lines, service_command
from examsvc.contest.services import stage_by_code
from examsvc.errors import NotFoundError
from examsvc.extensions import db
from examsvc.models import Stage, User
from examsvc.ranking import advancement, exports, publication, skills, ties
from examsvc.ranking.awards import stage_awards
from examsvc.ranking.services import stage_ranking
from examsvc.roster.services import credentials_csv
from examsvc.sitting.services import finalize_overdue
from examsvc.sitting.web import grace

skills_cli = AppGroup("skills", help="Skill scores from the judges.")
ranking_cli = AppGroup("ranking", help="Stage rankings: show, export, ties, publish, advance.")


def _stage(code: str) -> Stage:
    """The stage, with its overdue attempts finalized (committed by the command)."""
    stage = stage_by_code(db.session, code)
    finalize_overdue(db.session, now=now(), grace=grace(), stage_ids=[stage.id])
    return stage


def _actor(username: str | None) -> int | None:
    if not username:
        return None
    user_id = db.session.scalar(select(User.id).where(User.username == username))
    if user_id is None:
        raise NotFoundError(f"no user {username}")
    return user_id


@skills_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--stage", "stage_code", required=True)
@click.option("--dry-run", is_flag=True, help="Check and report; record nothing.")
@service_command
def import_skills_command(path: Path, stage_code: str, dry_run: bool) -> None:
    """Import skill scores (columns 准考证号/ticket and 技能成绩/skill; 缺考 = absent). Any
    error: nothing is recorded and every problem is listed by row."""
    stage = stage_by_code(db.session, stage_code)
    report = skills.import_skills_file(
        db.session, stage, path.read_bytes(), path.name, actor_id=None, now=now(), dry_run=dry_run
    )
    if report.warnings:
        click.echo(problem_lines(report.warnings), err=True)
    if dry_run:
        db.session.rollback()
        if report.problems:
            click.echo(problem_lines(report.problems), err=True)
            raise click.ClickException(f"{len(report.problems)} problem(s)")
        click.echo(f"would record {report.changed} score(s); {report.unchanged} unchanged")
        return
    click.echo(
        f"recorded {report.changed} skill score(s) in {stage.code}; {report.unchanged} unchanged"
    )


@ranking_cli.command("show")
@click.option("--stage", "stage_code", required=True)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table")
@service_command
def show_command(stage_code: str, fmt: str) -> None:
    """The stage ranking (live), with its rules and what is still pending."""
    ranked = stage_ranking(db.session, _stage(stage_code))
    if fmt == "json":
        click.echo(json.dumps(exports.ranking_json(ranked), ensure_ascii=False, indent=2))
    elif fmt == "csv":
        click.echo(exports.ranking_csv(ranked).decode("utf-8-sig"), nl=False)
    else:
        click.echo(ranked.ranking.rules_text("zh"))
        click.echo(exports.ranking_table(ranked))
        for problem in ranked.blocks():
            click.echo(f"pending: {problem.text(gettext)}")


@ranking_cli.command("export")
@click.option("--stage", "stage_code", required=True)
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@service_command
def export_command(stage_code: str, out: Path) -> None:
    """Write the ranking to OUT: a workbook (.xlsx: ranking, rules, audit trail), .csv or .json."""
    ranked = stage_ranking(db.session, _stage(stage_code))
    suffix = out.suffix.lower()
    if suffix == ".csv":
        out.write_bytes(exports.ranking_csv(ranked))
    elif suffix == ".json":
        out.write_text(
            json.dumps(exports.ranking_json(ranked), ensure_ascii=False, indent=2), "utf-8"
        )
    else:
        out.write_bytes(exports.ranking_workbook(db.session, ranked, str))
    click.echo(f"ranking of {stage_code} written to {out}")


@ranking_cli.command("resolve-tie")
@click.option("--stage", "stage_code", required=True)
@click.option(
    "--order", required=True, help="Tickets of the tied contestants, best first: T1,T2[,…]"
)
@click.option("--reason", required=True, help="The arbitration group's reason (audited).")
@click.option("--by", "by", help="The arbitrator's user name, recorded as the actor.")
@service_command
def resolve_tie_command(stage_code: str, order: str, reason: str, by: str | None) -> None:
    """Record the arbitrators' order for contestants whose total and skill scores are equal."""
    stage = _stage(stage_code)
    tickets = [t.strip() for t in order.split(",") if t.strip()]
    ranked = ties.resolve_tie(db.session, stage, tickets, reason, actor_id=_actor(by), now=now())
    state = "provisional" if ranked.ranking.provisional else "no unresolved tie left"
    click.echo(f"order recorded: {' > '.join(tickets)}; the ranking is {state}")


@ranking_cli.command("publish")
@click.option("--stage", "stage_code", required=True)
@click.option("--names", type=click.Choice(["masked", "full"]), default="masked", show_default=True)
@click.option("--note", default="", help="Why (e.g. a correction after an appeal).")
@click.option("--by", "by", help="The administrator's user name, recorded as the actor.")
@service_command
def publish_command(stage_code: str, names: str, note: str, by: str | None) -> None:
    """Publish the stage ranking (a frozen, numbered snapshot shown on the public page).
    Refused while provisional or while theory marking is unfinished."""
    found = publication.publish(
        db.session, _stage(stage_code), names=names, note=note, actor_id=_actor(by), now=now()
    )
    click.echo(
        f"published {stage_code} ranking no. {found.number} (digest {found.snapshot['digest'][:16]}…)"
    )


@ranking_cli.command("advance")
@click.option("--stage", "stage_code", required=True)
@click.option(
    "--credentials",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write ticket,name,password of the newly enrolled to this csv file.",
)
@service_command
def advance_command(stage_code: str, credentials: Path | None) -> None:
    """Enrol the advancers into the next stage (idempotent; audited). Refused while the
    ranking is provisional or theory marking is unfinished."""
    report = advancement.advance(
        db.session, _stage(stage_code), secret=str(current_app.config["SECRET_KEY"]),
        actor_id=None, now=now(),
    )  # fmt: skip
    click.echo(
        f"{report.advance_count} of {report.participants} participants advance to "
        f"{report.next_stage}: {len(report.enrolled)} enrolled now, {len(report.already)} already"
    )
    for old, cred in report.enrolled:
        click.echo(f"{old} → {cred.ticket}\t{cred.name}\t{cred.password}")
    if report.no_longer:
        click.echo(
            f"enrolled earlier but no longer advancing: {', '.join(report.no_longer)}", err=True
        )
    if credentials:
        credentials.write_bytes(credentials_csv([c for _, c in report.enrolled], bom=False))


@ranking_cli.command("verify")
@click.option("--stage", "stage_code", required=True)
@click.option("--number", type=int, help="Publication number (default: every publication).")
def verify_command(stage_code: str, number: int | None) -> None:
    """Recompute publications from raw scores and the audit trail and compare them."""
    stage = stage_by_code(db.session, stage_code)
    found = publication.publications(db.session, stage)
    if number is not None:
        found = [p for p in found if p.number == number]
    if not found:
        raise click.ClickException("no such publication")
    bad = 0
    for item in sorted(found, key=lambda p: p.number):
        result = publication.replay(db.session, stage, item)
        click.echo(
            f"publication {item.number}: {'reproduced exactly' if result.matches else 'DIFFERS'}"
        )
        for line in result.differences:
            click.echo(f"  {line}", err=True)
        bad += not result.matches
    if bad:
        raise click.ClickException(f"{bad} publication(s) could not be reproduced")


@click.command("awards")
@with_appcontext
@click.option("--stage", "stage_code", default="final", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the xlsx for the finance office.",
)
@service_command
def awards_command(stage_code: str, fmt: str, output: Path | None) -> None:
    """Who receives which award under the contest's award table, and why."""
    report = stage_awards(db.session, _stage(stage_code))
    if fmt == "json":
        click.echo(json.dumps(exports.awards_json(report, gettext), ensure_ascii=False, indent=2))
    elif fmt == "csv":
        click.echo(exports.awards_csv(report).decode("utf-8-sig"), nl=False)
    else:
        basis = (
            f"publication {report.publication}"
            if report.publication
            else "live ranking (not published)"
        )
        click.echo(f"awards of {report.stage.contest.name}, from the final {basis}")
        click.echo(exports.awards_table(report))
    if output:
        output.write_bytes(exports.awards_workbook(report, gettext))
