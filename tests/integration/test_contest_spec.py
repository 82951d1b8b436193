"""The contest read back from the database as a contest file, and saving one stage."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from examsvc.contest import editing, papers, services
from examsvc.contest.spec import award_specs, contest_spec
from examsvc.errors import ConflictError, InvalidInputError
from examsvc.extensions import db
from examsvc.models import Attempt, AuditRecord, Contest, Paper, Stage
from questionbank.award_rules import DEFAULT_AWARDS, awards_to_data
from questionbank.contest_awards import AwardSpec
from questionbank.contestfile import contest_to_toml, parse_contest
from tests.factories import enrol, import_demo_bank

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = (ROOT / "docs" / "contest.example.toml").read_text(encoding="utf-8")
NOW = datetime(2025, 7, 1, tzinfo=UTC)


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield
        db.session.rollback()


def contest() -> Contest:
    return db.session.scalar(select(Contest))


def test_the_stored_contest_reads_back_as_its_file(ctx):
    spec = parse_contest(EXAMPLE)
    services.load_contest(db.session, spec, now=NOW)
    db.session.flush()
    db.session.expire_all()
    rebuilt = contest_spec(contest())
    assert rebuilt == spec
    text = contest_to_toml(rebuilt)
    assert "opens_at = 2025-07-28T09:00:00+08:00" in text  # the contest's zone, not UTC
    assert "theory_weight = 0.3\n" in text
    again = services.load_contest(db.session, parse_contest(text), now=NOW)
    assert not again.stages_updated and not again.blueprints_changed
    preview = editing.preview_load(db.session, parse_contest(text), now=NOW)
    assert preview.changes_nothing and not preview.contest_changes


def test_award_tables_read_back():
    # no table set: the defaults apply, and the file says nothing
    assert award_specs([]) is None
    # a table that is not regrouped from a file: one row per rule that depends on the rank
    rows = award_specs(awards_to_data(DEFAULT_AWARDS))
    assert rows is not None
    assert AwardSpec((1, 1), prize=Decimal(6000)) in rows
    assert AwardSpec((2, 10), union_subsidy=Decimal(1000)) in rows
    assert (
        AwardSpec((1, 10), honours=("纳入北京市职工技术协会技能人才库，免费参加相应职业技能培训",))
        in rows
    )
    assert len(rows) == 8  # the eight final-rank rules of the notice's table


def test_an_explicitly_empty_award_table_survives(ctx):
    head, rest = EXAMPLE.split("# The award table", 1)
    text = head + "awards = []\n\n" + rest[rest.index("# -----") :]
    spec = parse_contest(text)
    assert spec.awards == ()
    services.load_contest(db.session, spec, now=NOW)
    db.session.flush()
    assert contest_spec(contest()).awards == ()


def test_an_unreadable_stored_blueprint_is_refused_with_its_problems(ctx):
    services.load_contest(db.session, parse_contest(EXAMPLE), now=NOW)
    stage = db.session.scalar(select(Stage).where(Stage.code == "semi"))
    stage.blueprint = {"sections": [{"type": "single"}]}
    db.session.flush()
    with pytest.raises(InvalidInputError) as info:
        contest_spec(contest())
    assert {p.field for p in info.value.problems} >= {"sections[0].count", "sections[0].points"}


def test_save_stage_follows_the_rule_of_the_file(ctx):
    services.load_contest(db.session, parse_contest(EXAMPLE), now=NOW)
    import_demo_bank()
    prelim = db.session.scalar(select(Stage).where(Stage.code == "prelim"))
    people = enrol(prelim, 3)
    plan = papers.prepare(db.session, prelim, now=NOW, seed=9)
    papers.generate_batch(db.session, plan, plan.pending, now=NOW)
    db.session.flush()
    started = db.session.scalar(select(Paper).where(Paper.enrolment_id == people[0].id))
    db.session.add(
        Attempt(
            enrolment_id=people[0].id,
            paper_id=started.id,
            stage_id=prelim.id,
            started_at=NOW,
            deadline=NOW,
        )
    )
    db.session.flush()
    spec = contest_spec(contest()).stage("prelim")
    # a new name is no blueprint change: saved without any confirmation, papers kept
    renamed = replace(spec, name="初赛（理论）")
    report = services.save_stage(db.session, prelim, renamed, now=NOW, actor_id=None)
    assert report.stages_updated == ["prelim"] and report.papers_discarded == 0
    assert db.session.scalar(select(Paper.id).where(Paper.stage_id == prelim.id).limit(1))
    # fewer single-choice questions: refused without force, nothing changes
    blueprint = spec.exam.blueprint
    fewer = replace(
        blueprint, sections=(replace(blueprint.sections[0], count=39), *blueprint.sections[1:])
    )
    changed = replace(renamed, exam=replace(spec.exam, blueprint=fewer))
    stake = editing.papers_at_stake(db.session, prelim, fewer)
    assert (stake.unstarted, stake.started) == (2, 1)
    with pytest.raises(ConflictError):
        services.save_stage(db.session, prelim, changed, now=NOW)
    assert prelim.blueprint_fingerprint == blueprint.fingerprint()
    report = services.save_stage(db.session, prelim, changed, now=NOW, force=True, actor_id=None)
    assert report.papers_discarded == 2 and report.blueprints_changed == ["prelim"]
    remaining = db.session.scalars(select(Paper).where(Paper.stage_id == prelim.id)).all()
    assert [p.id for p in remaining] == [started.id]
    assert prelim.blueprint["sections"][0]["count"] == 39
    audit = db.session.scalars(
        select(AuditRecord).where(AuditRecord.action == "stage.saved").order_by(AuditRecord.id)
    ).all()
    assert len(audit) == 2
    assert audit[1].new["papers_discarded"] == 2 and audit[1].new["forced"] is True
    assert audit[1].old["blueprint_fingerprint"] == blueprint.fingerprint()
    with pytest.raises(InvalidInputError):
        services.save_stage(db.session, prelim, replace(changed, code="semi"), now=NOW)


def test_cli_export_writes_what_loads_back_unchanged(app, runner, tmp_path):
    source = tmp_path / "contest.toml"
    source.write_text(EXAMPLE, encoding="utf-8")
    assert runner.invoke(args=["contest", "load", str(source)]).exit_code == 0
    out = tmp_path / "out.toml"
    r = runner.invoke(args=["contest", "export", str(out)])
    assert r.exit_code == 0, r.output
    assert parse_contest(out.read_text(encoding="utf-8")) == parse_contest(EXAMPLE)
    printed = runner.invoke(args=["contest", "export"]).output
    assert printed == out.read_text(encoding="utf-8")
    r = runner.invoke(args=["contest", "load", str(out)])
    assert r.exit_code == 0 and "updated" in r.output and "stages updated" not in r.output
    assert runner.invoke(args=["contest", "export", "--contest", "nope"]).exit_code == 1
