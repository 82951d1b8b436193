"""The ``examsvc`` command: Flask's CLI (run, shell, routes, db …) plus examsvc's groups.

Each command is a thin wrapper over a service: it parses arguments, calls the service, commits
once, and prints. A refused command exits non-zero with a one-line reason and writes nothing.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import click
from flask import current_app
from flask.cli import AppGroup, FlaskGroup

from examsvc import create_app
from examsvc.config import ConfigError
from examsvc.errors import ServiceError
from examsvc.extensions import db
from questionbank.problems import ValidationError


def now() -> datetime:
    """The current time (the app's injectable clock when one is configured)."""
    clock = current_app.config.get("CLOCK")
    return clock() if clock else datetime.now(UTC)


def problem_lines(problems: list[Any]) -> str:
    """Problems one per line, located (``row N, column X: …``) and translated."""
    from flask_babel import gettext

    return "\n".join(p.located(gettext) for p in problems)


def service_command(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Run a command body as one unit of work: commit on success; on a refused request roll
    back, print the reason (and every problem) and exit 1."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            result = fn(*args, **kwargs)
            db.session.commit()
            return result
        except (ServiceError, ValidationError) as exc:
            db.session.rollback()
            problems = getattr(exc, "problems", [])
            message = exc.message if isinstance(exc, ServiceError) else "invalid input"
            if problems:
                click.echo(problem_lines(problems), err=True)
            raise click.ClickException(message) from exc

    return wrapper


users_cli = AppGroup("users", help="Staff accounts.")


@users_cli.command("create")
@click.argument("name")
@click.option(
    "--role",
    required=True,
    type=click.Choice(["admin", "author", "reviewer", "grader", "arbitrator", "proctor"]),
)
@click.option("--password", help="Password (at least 8 characters); generated if omitted.")
@click.option("--display-name", default="", help="Name shown in pages.")
@service_command
def create_user_command(name: str, role: str, password: str | None, display_name: str) -> None:
    """Create a staff account; a generated password is printed once."""
    from examsvc.auth import services

    generated = password is None
    password = password or services.generate_password(12)
    services.create_user(db.session, name, role, password, now=now(), display_name=display_name)
    click.echo(f"created {role} {name}")
    if generated:
        click.echo(f"password: {password}  (shown once; store it safely)")


@users_cli.command("disable")
@click.argument("name")
@service_command
def disable_user_command(name: str) -> None:
    """Disable an account and end all its sessions at once."""
    from examsvc.auth import services

    services.set_active(db.session, name, False, now=now())
    click.echo(f"disabled {name}; its sessions are ended")


@users_cli.command("enable")
@click.argument("name")
@service_command
def enable_user_command(name: str) -> None:
    """Enable a disabled account."""
    from examsvc.auth import services

    services.set_active(db.session, name, True, now=now())
    click.echo(f"enabled {name}")


@users_cli.command("list")
def list_users_command() -> None:
    """List accounts (staff and contestants) with role and state."""
    from sqlalchemy import select

    from examsvc.models import User

    for user in db.session.scalars(select(User).order_by(User.role, User.username)):
        state = "active" if user.is_active else "disabled"
        click.echo(f"{user.username}\t{user.role.value}\t{state}\t{user.display_name}")


@click.command("demo")
@click.option("--serve", is_flag=True, help="Serve the demo on http://127.0.0.1:5000 afterwards.")
@click.option("--reset", is_flag=True, help="Wipe a database that holds something else first.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
def demo_command(serve: bool, reset: bool, host: str, port: int) -> None:
    """Build a fresh demo: migrate, load the demo bank, contest, staff and contestants, and
    print their logins. Runs on SQLite in the instance folder unless EXAMSVC_DATABASE_URL says
    otherwise; a database holding anything but an earlier demo is refused without --reset."""
    from examsvc import demo

    try:
        app = demo.prepare_app()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    with app.app_context():
        try:
            logins = demo.build(reset=reset, echo=click.echo)
        except ServiceError as exc:
            raise click.ClickException(exc.message) from exc
    url = f"http://{host}:{port}/"
    click.echo(demo.describe_logins(logins, url))
    if serve:
        click.echo(f"serving on {url} (Ctrl+C to stop)")
        app.run(host=host, port=port, debug=False, use_reloader=False, threaded=True)


def _create_app() -> Any:
    try:
        return create_app()
    except ConfigError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)


main = FlaskGroup(
    create_app=_create_app,
    add_version_option=True,
    load_dotenv=False,
    help="examsvc: question bank and online theory exams. Configure with EXAMSVC_* variables.",
)
main.add_command(demo_command)


def command_groups() -> list[click.Command]:
    """Groups attached to every app's ``cli`` (so ``app.test_cli_runner()`` sees them too)."""
    from examsvc.analysis.commands import analysis_cli
    from examsvc.bank.commands import bank_cli
    from examsvc.contest.commands import contest_cli, papers_cli
    from examsvc.marking.commands import marking_cli
    from examsvc.ranking.commands import awards_command, ranking_cli, skills_cli
    from examsvc.roster.commands import roster_cli
    from examsvc.sitting.commands import exams_cli

    return [
        users_cli,
        bank_cli,
        contest_cli,
        papers_cli,
        exams_cli,
        roster_cli,
        skills_cli,
        ranking_cli,
        awards_command,
        analysis_cli,
        marking_cli,
    ]
