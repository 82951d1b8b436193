"""``examsvc analysis …``: a stage's figures on the terminal, as JSON or as a workbook, and
simulated results for a demo database."""

from __future__ import annotations

import json
import random
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from examsvc.analysis import services
from examsvc.analysis.collect import stem_labels
from examsvc.errors import ConflictError
from examsvc.extensions import db
from questionbank.problems import N_
from questionbank.stats.flags import FlagThresholds, is_flagged
from questionbank.stats.report import to_data

analysis_cli = AppGroup("analysis", help="Results analysis: item statistics and distributions.")


def _thresholds() -> FlagThresholds:
    return FlagThresholds.from_mapping(current_app.config.get("ANALYSIS_FLAG_THRESHOLDS"))


def _fmt(value: float | None, pct: bool = False) -> str:
    if value is None:
        return "—"
    return f"{value * 100:.0f}%" if pct else f"{value:.2f}"


@analysis_cli.command("show")
@click.option("--stage", "stage_code", required=True, help="Stage code (prelim, semi, final).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
def show_command(stage_code: str, fmt: str) -> None:
    """Print the stage's distributions, reliability and flagged questions (or every figure as
    JSON)."""
    from examsvc.cli import service_command

    @service_command
    def run() -> None:
        stage = services.stage_by_code(db.session, stage_code)
        analysis = services.stage_analysis(db.session, stage, _thresholds())
        if fmt == "json":
            body = to_data(analysis)
            body.pop("scores", None)
            click.echo(json.dumps({"stage": stage.code, **body}, ensure_ascii=False, indent=1))
            return
        a, r = analysis, analysis.reliability
        click.echo(f"{stage.contest.name} · {stage.name}")
        click.echo(
            f"participants {a.participants}, absent {a.absent}, waiting for marks {a.pending}"
        )
        for name, s in (("theory", a.theory), ("skill", a.skill), ("total", a.total)):
            click.echo(
                f"{name:7} n={s.n} mean={_fmt(s.mean)} sd={_fmt(s.sd)} "
                f"median={_fmt(s.median)} min={_fmt(s.min)} max={_fmt(s.max)}"
            )
        click.echo(
            f"alpha={_fmt(r.alpha)} KR-20={_fmt(r.kr20)} SEM={_fmt(r.sem)} "
            f"(0–100: {_fmt(r.sem_100)}) over {r.n} papers × {r.slots} slots"
        )
        flagged = [i for i in a.items if is_flagged(i)]
        labels = stem_labels(db.session, [i.question_id for i in flagged])
        click.echo(f"{len(a.items)} questions, {len(flagged)} flagged:")
        for item in flagged:
            codes = ", ".join(f.code for f in item.flags)
            click.echo(
                f"  #{item.question_id} n={item.n} facility={_fmt(item.facility, True)} "
                f"D={_fmt(item.discrimination)} r={_fmt(item.item_rest)} [{codes}] "
                f"{labels.get(item.question_id, '')}"
            )

    run()


@analysis_cli.command("export")
@click.option("--stage", "stage_code", required=True, help="Stage code (prelim, semi, final).")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
def export_command(stage_code: str, out: Path) -> None:
    """Write every figure of the stage's analysis to an xlsx workbook."""
    from examsvc.analysis.views import workbook_for_cli
    from examsvc.cli import service_command

    @service_command
    def run() -> None:
        stage = services.stage_by_code(db.session, stage_code)
        analysis = services.stage_analysis(db.session, stage, _thresholds())
        out.write_bytes(
            workbook_for_cli(stage, analysis, current_app.config["BABEL_DEFAULT_LOCALE"])
        )
        click.echo(f"wrote {out}")

    run()


@analysis_cli.command("simulate")
@click.option("--stage", "stage_code", required=True, help="Stage code (prelim, semi, final).")
@click.option("--seed", default=2025, show_default=True, help="Seed of the simulation.")
def simulate_command(stage_code: str, seed: int) -> None:
    """Demo databases only: sit, submit and mark the stage's closed exam with simulated
    contestants, and record their skill scores."""
    from examsvc.cli import now, service_command
    from examsvc.demo import DEMO_MARKER
    from examsvc.demo.simulate import simulate_stage
    from examsvc.models import SiteSetting

    @service_command
    def run() -> None:
        if db.session.get(SiteSetting, DEMO_MARKER) is None:
            raise ConflictError(N_("simulated results are only for a demo database"))
        stage = services.stage_by_code(db.session, stage_code)
        report = simulate_stage(db.session, stage, random.Random(seed), now())
        click.echo(
            f"{report.attempts} attempt(s), {report.absent} absent, {report.marks} mark(s), "
            f"{report.arbitrated} arbitrated, {report.skill_scores} skill score(s)"
        )

    run()
