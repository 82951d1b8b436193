"""``examsvc contest …`` and ``examsvc papers …``."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from examsvc.cli import now, problem_lines, service_command
from examsvc.contest import papers, services
from examsvc.extensions import db
from questionbank.assembly import AssemblyError
from questionbank.contestfile import parse_contest

contest_cli = AppGroup("contest", help="The contest, its stages and their exam blueprints.")
papers_cli = AppGroup("papers", help="Papers: one per contestant, built before the exam.")


@contest_cli.command("load")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--force",
    is_flag=True,
    help="Allow a blueprint change after papers exist: papers nobody has started are discarded.",
)
@service_command
def load_command(path: Path, force: bool) -> None:
    """Create or update the contest and its stages from a TOML file (idempotent)."""
    spec = parse_contest(path.read_text(encoding="utf-8"))
    report = services.load_contest(db.session, spec, now=now(), force=force)
    click.echo(report.summary())


@contest_cli.command("export")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path), required=False)
@click.option("--contest", "contest_code", default=None, help="Contest code (default: latest).")
@service_command
def export_command(path: Path | None, contest_code: str | None) -> None:
    """Write the contest as configured now as a contest file (to PATH, or print it)."""
    from examsvc.contest.spec import contest_spec
    from questionbank.contestfile import contest_to_toml

    text = contest_to_toml(contest_spec(services.contest_by_code(db.session, contest_code)))
    if path is None:
        click.echo(text, nl=False)
    else:
        path.write_text(text, encoding="utf-8")
        click.echo(f"written to {path}")


@papers_cli.command("generate")
@click.option("--stage", "stage_code", required=True, help="Stage code: prelim, semi or final.")
@click.option("--seed", type=int, default=None, help="Record this seed (first run only).")
@click.option("--contest", "contest_code", default=None, help="Contest code (default: latest).")
def generate_command(stage_code: str, seed: int | None, contest_code: str | None) -> None:
    """Build a paper for every enrolled contestant who has none. Re-running fills in missing
    papers and never changes one already built. Refuses, writing nothing, when the bank cannot
    satisfy the blueprint."""
    from examsvc.errors import ServiceError

    try:
        stage = services.stage_by_code(db.session, stage_code, contest_code)
        plan = papers.prepare(db.session, stage, now=now(), seed=seed)
        db.session.commit()
        done = 0
        with click.progressbar(length=len(plan.pending), label="papers") as bar:
            for batch in plan.batches():
                done += papers.generate_batch(db.session, plan, batch, now=now())
                db.session.commit()
                bar.update(len(batch))
    except AssemblyError as exc:
        db.session.rollback()
        click.echo(problem_lines(exc.problems), err=True)
        raise click.ClickException(
            "the bank cannot satisfy the blueprint; no paper was written"
        ) from exc
    except ServiceError as exc:
        db.session.rollback()
        raise click.ClickException(exc.message) from exc
    high, mean = papers.exposure(db.session, stage)
    click.echo(
        f"{done} paper(s) generated for {stage.code} (seed {stage.paper_seed}); "
        f"exposure max {high}, mean {mean:.1f}"
    )


@papers_cli.command("verify")
@click.option("--stage", "stage_code", required=True)
@click.option("--contest", "contest_code", default=None)
@service_command
def verify_command(stage_code: str, contest_code: str | None) -> None:
    """Regenerate every paper of the stage from its seed and compare byte for byte."""
    from examsvc.contest.inspection import verify_stage

    stage = services.stage_by_code(db.session, stage_code, contest_code)
    result = verify_stage(db.session, stage)
    total = result.total
    bad = result.mismatched + result.unverifiable
    if bad:
        tickets = ", ".join(ticket for _id, ticket in bad[:20])
        raise click.ClickException(
            f"{len(bad)} of {total} paper(s) differ from their seed: {tickets}"
        )
    click.echo(f"all {total} paper(s) regenerate identically")


@papers_cli.command("status")
@click.option("--stage", "stage_code", required=True)
@click.option("--contest", "contest_code", default=None)
def status_command(stage_code: str, contest_code: str | None) -> None:
    """Enrolled contestants, papers built, missing, started."""
    stage = services.stage_by_code(db.session, stage_code, contest_code)
    counts = papers.generation_status(db.session, stage)
    click.echo(", ".join(f"{k} {v}" for k, v in counts.items()))
