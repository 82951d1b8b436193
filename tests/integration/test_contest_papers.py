"""Loading the contest file and generating papers on a real database."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from examsvc.contest import papers, services
from examsvc.errors import ConflictError
from examsvc.extensions import db
from examsvc.models import Attempt, Contest, Paper, PaperItem, PaperRun, Question, Stage
from questionbank.assembly import AssemblyError
from questionbank.contestfile import parse_contest
from questionbank.model import QuestionType
from tests.factories import enrol, import_demo_bank

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = (ROOT / "docs" / "contest.example.toml").read_text(encoding="utf-8")
NOW = datetime(2025, 7, 1, tzinfo=UTC)


def load(text=EXAMPLE, **kw):
    report = services.load_contest(db.session, parse_contest(text), now=NOW, **kw)
    db.session.flush()
    return report


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield
        db.session.rollback()


def stage(code):
    return db.session.scalar(select(Stage).where(Stage.code == code))


def test_load_is_idempotent_and_keyed_by_codes(ctx):
    first = load()
    assert first.created and first.stages_created == ["prelim", "semi", "final"]
    again = load()
    assert not again.created and again.stages_updated == [] and again.stages_created == []
    contest = db.session.scalar(select(Contest))
    assert contest.code == "bspia-2025" and [s.code for s in contest.stages] == [
        "prelim",
        "semi",
        "final",
    ]
    prelim = stage("prelim")
    assert prelim.duration_minutes == 90 and prelim.theory_weight == Decimal("0.3")
    assert prelim.blueprint["sections"][1]["multiple_scoring"] == "partial"
    assert stage("semi").exclude_used_in == ["prelim"]
    codes = {rule["code"] for rule in contest.awards}
    assert {"prize-1", "union-1", "bspia-training-certificate"} <= codes
    renamed = load(EXAMPLE.replace('name = "初赛"', 'name = "初赛（理论）"'))
    assert renamed.stages_updated == ["prelim"] and stage("prelim").name == "初赛（理论）"


def test_papers_for_every_contestant_reproducible_and_pinned(ctx):
    load()
    assert import_demo_bank() == 327
    prelim = stage("prelim")
    enrol(prelim, 12)
    plan = papers.prepare(db.session, prelim, now=NOW, seed=20250728)
    assert len(plan.pending) == 12
    for batch in plan.batches(5):
        papers.generate_batch(db.session, plan, batch, now=NOW)
    db.session.flush()
    all_papers = papers.stage_papers(db.session, prelim)
    assert len(all_papers) == 12
    for paper in all_papers:
        assert paper.item_count == 79 and paper.total_points == 100
        kinds = [db.session.get(Question, i.question_id).type for i in paper.items]
        assert (
            kinds
            == [QuestionType.SINGLE] * 40
            + [QuestionType.MULTIPLE] * 15
            + [QuestionType.TRUEFALSE] * 20
            + [QuestionType.SHORT] * 4
        )
        assert len({i.question_id for i in paper.items}) == 79
        assert papers.verify_paper(db.session, paper)
    orders = {tuple(i.question_id for i in p.items[:40]) for p in all_papers}
    assert len(orders) == 12  # every contestant a different paper
    assert {p.items[40].scoring for p in all_papers} == {"partial"}
    # re-running fills nothing new and changes nothing
    again = papers.prepare(db.session, prelim, now=NOW)
    assert again.pending == []
    with pytest.raises(ConflictError):
        papers.prepare(db.session, prelim, now=NOW, seed=1)
    # the bank changes afterwards: papers keep their versions and still verify
    from examsvc.bank.services import Actor, content_of, update_question
    from examsvc.models import Role

    item = all_papers[0].items[0]
    question = db.session.get(Question, item.question_id)
    content = content_of(question.current_version)
    from dataclasses import replace

    update_question(
        db.session,
        question.id,
        replace(content, stem=content.stem + "（修订）"),
        question.tags,
        actor=Actor(None, Role.ADMIN),
        now=NOW,
    )
    db.session.flush()
    assert (
        db.session.get(PaperItem, (all_papers[0].id, 1)).question_version_id
        == item.question_version_id
    )
    assert papers.verify_paper(db.session, all_papers[0])


def test_exclusions_across_stages(ctx):
    load()
    import_demo_bank()
    prelim, semi = stage("prelim"), stage("semi")
    people = enrol(prelim, 3)
    for e in people:  # the same people go on to the semi-final
        from examsvc.models import Enrolment, User
        from tests.factories import password_hash

        user = User(
            username="S" + e.ticket,
            role="contestant",
            password_hash=password_hash(),
            display_name="x",
            created_at=NOW,
        )
        db.session.add(user)
        db.session.flush()
        db.session.add(
            Enrolment(
                stage_id=semi.id,
                contestant_id=e.contestant_id,
                ticket="S" + e.ticket,
                user_id=user.id,
                created_at=NOW,
            )
        )
    db.session.flush()
    for s in (prelim, semi):
        plan = papers.prepare(db.session, s, now=NOW, seed=7)
        papers.generate_batch(db.session, plan, plan.pending, now=NOW)
    db.session.flush()
    by_person = {}
    for paper in papers.stage_papers(db.session, prelim) + papers.stage_papers(db.session, semi):
        from examsvc.models import Enrolment

        person = db.session.get(Enrolment, paper.enrolment_id).contestant_id
        by_person.setdefault(person, []).append({i.question_id for i in paper.items})
    for first, second in by_person.values():
        assert not first & second


def test_infeasible_blueprint_writes_nothing_and_says_what_is_short(ctx):
    load(EXAMPLE.replace("count = 40", "count = 150", 1))
    import_demo_bank()
    prelim = stage("prelim")
    enrol(prelim, 2)
    with pytest.raises(AssemblyError) as info:
        papers.prepare(db.session, prelim, now=NOW)
    text = "; ".join(p.located() for p in info.value.problems)
    assert "short by 6" in text  # 144 single questions for 150 places
    assert db.session.scalar(select(func.count()).select_from(Paper)) == 0
    assert db.session.scalar(select(func.count()).select_from(PaperRun)) == 0
    assert prelim.paper_seed is None


def test_blueprint_change_after_papers_needs_force(ctx):
    from tests.factories import make_world  # noqa: F401  (keeps the import path warm)

    load()
    import_demo_bank()
    prelim = stage("prelim")
    enrolments = enrol(prelim, 3)
    plan = papers.prepare(db.session, prelim, now=NOW, seed=3)
    papers.generate_batch(db.session, plan, plan.pending, now=NOW)
    db.session.flush()
    started = db.session.scalar(select(Paper).where(Paper.enrolment_id == enrolments[0].id))
    db.session.add(
        Attempt(
            enrolment_id=enrolments[0].id,
            paper_id=started.id,
            stage_id=prelim.id,
            started_at=NOW,
            deadline=NOW,
        )
    )
    db.session.flush()
    changed = EXAMPLE.replace("count = 20\npoints = 0.5", "count = 18\npoints = 0.5", 1)
    with pytest.raises(ConflictError):
        load(changed)
    report = load(changed, force=True)
    assert report.papers_discarded == 2 and report.blueprints_changed == ["prelim"]
    remaining = db.session.scalars(select(Paper)).all()
    assert [p.id for p in remaining] == [started.id]  # the started paper is untouched


def test_cli_contest_load_and_papers(app, runner, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(EXAMPLE.replace("count = 15", "count = 0", 1), encoding="utf-8")
    r = runner.invoke(args=["contest", "load", str(bad)])
    assert r.exit_code == 1 and "stages[0].exam.sections[1].count" in r.output
    good = tmp_path / "contest.toml"
    good.write_text(EXAMPLE, encoding="utf-8")
    r = runner.invoke(args=["contest", "load", str(good)])
    assert r.exit_code == 0 and "contest bspia-2025 created" in r.output
    with app.app_context():
        import_demo_bank()
        enrol(stage("prelim"), 4)
        db.session.commit()
    r = runner.invoke(args=["papers", "generate", "--stage", "prelim", "--seed", "42"])
    assert r.exit_code == 0, r.output
    assert "4 paper(s) generated" in r.output and "seed 42" in r.output
    assert (
        "0 paper(s) generated"
        in runner.invoke(args=["papers", "generate", "--stage", "prelim"]).output
    )
    r = runner.invoke(args=["papers", "verify", "--stage", "prelim"])
    assert r.exit_code == 0 and "all 4 paper(s) regenerate identically" in r.output
    assert (
        "enrolled 4, papers 4"
        in runner.invoke(args=["papers", "status", "--stage", "prelim"]).output
    )
