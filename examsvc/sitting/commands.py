"""``examsvc exams …``: finalizing overdue attempts (once, or as a periodic sweep)."""

from __future__ import annotations

import time
from datetime import timedelta

import click
from flask import current_app
from flask.cli import AppGroup

from examsvc.extensions import db
from examsvc.sitting import services

exams_cli = AppGroup("exams", help="Exam sittings.")


def _grace() -> timedelta:
    return timedelta(seconds=min(5, int(current_app.config["SAVE_GRACE_SECONDS"])))


def _now():  # the app's injectable clock
    from examsvc.cli import now

    return now()


@exams_cli.command("close-overdue")
def close_overdue_command() -> None:
    """Finalize and grade every attempt past its deadline (submitted at its deadline, with the
    answers saved before it). Safe to run any time, from several places at once."""
    done = services.finalize_overdue(db.session, now=_now(), grace=_grace())
    db.session.commit()
    click.echo(f"finalized {done} attempt(s)")


@exams_cli.command("sweep")
@click.option("--every", default=30, show_default=True, help="Seconds between sweeps.")
@click.option("--count", default=0, help="Stop after this many sweeps (0 = run until stopped).")
def sweep_command(every: int, count: int) -> None:
    """Run close-overdue periodically (e.g. as a systemd service beside gunicorn). Attempts are
    also finalized by the next request that touches them, so the sweep is a safety net."""
    runs = 0
    while True:
        done = services.finalize_overdue(db.session, now=_now(), grace=_grace())
        db.session.commit()
        if done:
            click.echo(f"finalized {done} attempt(s)")
        runs += 1
        if count and runs >= count:
            return
        time.sleep(max(1, every))
