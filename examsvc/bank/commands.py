"""``examsvc bank import|export``: the bank from and to files (shared/spec/bank-format.md).

An import is checked in full before anything is written; then it is written in chunks under
a progress bar, all in one transaction, so a failure at any point leaves the database as it
was. The actor of a command-line import is the system (no user id, administrator's rights).
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from pathlib import Path

import click
from flask.cli import AppGroup

from examsvc.bank.filters import filter_from_args
from examsvc.bank.forms import EXPORT_FORMATS, IMPORT_FORMATS
from examsvc.bank.queries import BankFilter, type_status_counts
from examsvc.bank.services import Actor
from examsvc.bank.transfer import ImportReport, export_questions, import_questions
from examsvc.cli import now, service_command
from examsvc.extensions import db
from examsvc.models import Role
from questionbank.io.common import ImportResult
from questionbank.io.formats import read_bank, write_bank
from questionbank.model import QuestionStatus, QuestionType
from questionbank.problems import Problem, ValidationError

SYSTEM = Actor(None, Role.ADMIN)
#: questions written per step of the progress bar
CHUNK = 25
#: export format by file suffix when --format is not given
SUFFIX_FORMATS = {
    ".xlsx": "xlsx",
    ".csv": "csv",
    ".zip": "zip",
    ".gift": "gift",
    ".xml": "moodlexml",
}

bank_cli = AppGroup("bank", help="The question bank: import and export files.")


def _located(problems: list[Problem]) -> list[str]:
    """Problems as ``row N, column X: …`` lines, in the CLI's language (as errors are)."""
    from flask_babel import gettext

    return [f"  {p.located(gettext)}" for p in problems]


def counts_table(counts: dict[tuple[str, str], int]) -> list[str]:
    """Lines of a type × status table (rows: types; columns: statuses; and totals)."""
    statuses = [s.value for s in QuestionStatus]
    lines = [f"  {'type':<10}" + "".join(f"{s:>9}" for s in statuses) + f"{'total':>9}"]
    for qtype in QuestionType:
        row = [counts.get((qtype.value, s), 0) for s in statuses]
        lines.append(f"  {qtype.value:<10}" + "".join(f"{n:>9}" for n in row) + f"{sum(row):>9}")
    return lines


def describe(report: ImportReport, path: Path, status: str, skip: bool) -> list[str]:
    """The summary of an import or dry run (``skip``: unsupported questions are skipped)."""
    per_type = Counter(report.counts_by_type)
    total = sum(per_type.values())
    verb = "would import" if report.dry_run else "imported"
    lines = [
        f"{path.name}: {report.format}, {total} question(s): "
        + (
            ", ".join(f"{t.value} {per_type[t.value]}" for t in QuestionType if per_type[t.value])
            or "none"
        ),
        f"{verb}: {report.created} new (as {status}), {report.updated} updated "
        f"(new versions), {report.unchanged} unchanged, {report.images} image(s)",
    ]
    if report.warnings:
        lines.append(f"warnings ({len(report.warnings)}):")
        lines += _located(report.warnings)
    if report.unsupported:
        what = "skipped" if skip else "a real import refuses the file without --skip-unsupported"
        lines.append(f"unsupported ({len(report.unsupported)}, {what}):")
        lines += _located(report.unsupported)
    return lines


def _chunks(result: ImportResult) -> list[ImportResult]:
    """The checked result split for the progress bar; images travel with the first chunk
    (later chunks find them in the store, flushed in the same transaction)."""
    parts = [result.questions[i : i + CHUNK] for i in range(0, len(result.questions), CHUNK)]
    return [
        ImportResult(
            questions=part,
            images=result.images if number == 0 else {},
            format=result.format,
        )
        for number, part in enumerate(parts or [[]])
    ]


@bank_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check and report; write nothing.")
@click.option(
    "--format", "fmt", type=click.Choice(IMPORT_FORMATS), default="auto", show_default=True
)
@click.option(
    "--status",
    type=click.Choice(["draft", "active"]),
    default="draft",
    show_default=True,
    help="Status of new questions.",
)
@click.option(
    "--skip-unsupported",
    is_flag=True,
    help="Skip Moodle question kinds with no equivalent here instead of refusing the file.",
)
@service_command
def import_command(
    path: Path, dry_run: bool, fmt: str, status: str, skip_unsupported: bool
) -> None:
    """Import questions from PATH (xlsx, csv, zip, GIFT, Aiken, Moodle XML), all or nothing.

    Prints the counts per type and status and every warning; on any error prints every
    problem as ``row N, column X: …``, writes nothing and exits 1.
    """
    result = read_bank(path.read_bytes(), path.name, fmt)
    when = now()
    options = {"actor": SYSTEM, "now": when, "status": QuestionStatus(status)}
    # the whole file is checked first (the dry run), so nothing below can fail half-way
    # except a concurrent change, which rolls the one transaction back
    report = import_questions(
        db.session, result, dry_run=True, skip_unsupported=skip_unsupported, **options
    )
    if dry_run:
        click.echo("\n".join(describe(report, path, status, skip_unsupported)))
        click.echo("dry run: nothing was written")
        return
    if result.unsupported and not skip_unsupported:
        import_questions(db.session, result, **options)  # refuses, listing them
    done = ImportReport(format=report.format, dry_run=False, status=status)
    with click.progressbar(_chunks(result), label="importing", file=sys.stderr) as bar:
        for chunk in bar:
            part = import_questions(db.session, chunk, skip_unsupported=True, **options)
            done.created += part.created
            done.updated += part.updated
            done.unchanged += part.unchanged
    done.counts_by_type = report.counts_by_type
    done.images = report.images
    done.warnings = report.warnings
    done.unsupported = report.unsupported
    click.echo("\n".join(describe(done, path, status, skip=True)))
    click.echo("the bank now holds:")
    click.echo("\n".join(counts_table(type_status_counts(db.session, BankFilter()))))


class _Args(dict):
    """click's options as the query-string shape filter_from_args reads."""

    def getlist(self, key: str) -> list[str]:
        value = self.get(key)
        return list(value) if isinstance(value, list | tuple) else ([value] if value else [])


@bank_cli.command("export")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    default=None,
    help="Default: from PATH's suffix (.xlsx .csv .zip .gift .xml), else xlsx.",
)
@click.option("--tag", "tags", multiple=True, help="Only questions with this tag (repeatable).")
@click.option("--type", "types", multiple=True, type=click.Choice([t.value for t in QuestionType]))
@click.option(
    "--status", "statuses", multiple=True, type=click.Choice([s.value for s in QuestionStatus])
)
@service_command
def export_command(
    path: Path,
    fmt: str | None,
    tags: tuple[str, ...],
    types: tuple[str, ...],
    statuses: tuple[str, ...],
) -> None:
    """Export the questions matching the filters to PATH (with ids: re-importing updates)."""
    fmt = fmt or SUFFIX_FORMATS.get(path.suffix.lower(), "xlsx")
    flt = filter_from_args(_Args(tag=list(tags), type=list(types), status=list(statuses)))
    questions, images = export_questions(db.session, flt)
    try:
        data = write_bank(questions, fmt, images)
    except ValidationError:
        raise
    except ValueError as exc:  # no writer for the format in this build
        raise click.ClickException(str(exc)) from exc
    # written beside the target and renamed, so a failure never leaves half a file
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(data)
    os.replace(partial, path)
    per_type = Counter(q.content.type.value for q in questions)
    click.echo(
        f"exported {len(questions)} question(s) ("
        + (", ".join(f"{t} {n}" for t, n in sorted(per_type.items())) or "none")
        + f") and {len(images)} image(s) to {path} as {fmt}"
    )
