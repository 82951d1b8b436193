"""The analysis pages, API, export and CLI over a simulated stage; the simulation itself; the
figures following a changed mark; the per-question statistics the bank shows."""

from __future__ import annotations

import csv
import io
import json
import random
import re
from datetime import timedelta
from decimal import Decimal

import openpyxl
import pytest
from sqlalchemy import func, select, update

from examsvc.errors import ConflictError
from examsvc.extensions import db
from examsvc.models import (
    Answer,
    Attempt,
    AttemptStatus,
    AuditRecord,
    ItemScore,
    MarkingTask,
    PaperItem,
    QuestionVersion,
    SiteSetting,
    SkillScore,
    Stage,
)
from tests.analysis_world import make_results_world, simulated_stage

SMALL = [
    ("single", 10, "1", 16),
    ("multiple", 3, "2", 5),
    ("truefalse", 5, "0.5", 8),
    ("short", 2, "5", 3),
]


@pytest.fixture
def results(app, clock):
    """A closed stage of 30 contestants, sat, marked and scored by the simulation. Each question
    meets about 15–20 of them: the flags are set to judge from 10 (a setting)."""
    app.config["ANALYSIS_FLAG_THRESHOLDS"] = {"min_responses": 10}
    with app.app_context():
        world, report = simulated_stage(now=clock.now, contestants=30, sections=SMALL, seed=11)
    return world, report


def services_thresholds(**values):
    from questionbank.stats.flags import FlagThresholds

    return FlagThresholds(**values)


def client_for(app, make_user, role, name=None):
    name = name or f"{role}-user"
    make_user(name, role)
    c = app.test_client()
    r = c.post("/api/v1/auth/login", json={"username": name, "password": "password-123"})
    assert r.status_code == 200
    return c


def chart_json(html: str) -> dict:
    match = re.search(
        r'<script type="application/json" id="analysis-data">(.*?)</script>', html, re.S
    )
    assert match, "no chart data block"
    return json.loads(match.group(1))


def test_simulation_sits_submits_and_marks_through_the_services(app, results):
    world, report = results
    with app.app_context():
        attempts = db.session.scalars(
            select(Attempt).where(Attempt.stage_id == world.stage_id)
        ).all()
        assert len(attempts) == report.attempts == 30 - report.absent
        assert all(a.status is AttemptStatus.SUBMITTED and a.theory_final for a in attempts)
        assert all(a.submitted_at <= a.deadline for a in attempts)
        # every item has a final score, and the raw score is their sum
        for a in attempts[:5]:
            total = db.session.scalar(
                select(func.sum(ItemScore.score)).where(ItemScore.attempt_id == a.id)
            )
            assert a.theory_raw == total
        assert db.session.scalar(select(func.count()).where(ItemScore.final.is_(False))) == 0
        # answers are stored in original keys: a single-choice item scores full marks exactly when
        # the stored answer is the version's key, whatever order the options were shown in
        rows = db.session.execute(
            select(
                Answer.value,
                ItemScore.score,
                PaperItem.points,
                QuestionVersion.answer,
                PaperItem.option_order,
            )
            .join(
                ItemScore,
                (ItemScore.attempt_id == Answer.attempt_id) & (ItemScore.item_no == Answer.item_no),
            )
            .join(Attempt, Attempt.id == Answer.attempt_id)
            .join(
                PaperItem,
                (PaperItem.paper_id == Attempt.paper_id) & (PaperItem.no == Answer.item_no),
            )
            .join(QuestionVersion, QuestionVersion.id == PaperItem.question_version_id)
            .where(QuestionVersion.type == "single")
        ).all()
        assert len(rows) > 200
        assert all((value == key) == (score == points) for value, score, points, key, _o in rows)
        assert len({order for *_r, order in rows}) > 10  # shuffled options
        # two graders on each short answer, an arbitrator where they differed too much
        marks = db.session.scalars(select(MarkingTask).where(MarkingTask.score.is_not(None))).all()
        assert len([m for m in marks if m.slot in (1, 2)]) == report.marks
        assert len([m for m in marks if m.slot == 3]) == report.arbitrated > 0
        for m in marks:
            if m.slot == 3:
                pair = [
                    x
                    for x in marks
                    if (x.attempt_id, x.item_no) == (m.attempt_id, m.item_no) and x.slot < 3
                ]
                assert abs(pair[0].score - pair[1].score) > Decimal("1.0")
        # an audit record per mark (as the marking service writes them) and per skill score
        # (through the skills service)
        actions = dict(
            db.session.execute(
                select(AuditRecord.action, func.count()).group_by(AuditRecord.action)
            ).all()
        )
        assert actions == {
            "mark.recorded": report.marks,
            "mark.arbitrated": report.arbitrated,
            "skill.recorded": report.skill_scores,
        }
        recorded = db.session.scalars(
            select(AuditRecord).where(AuditRecord.action == "skill.recorded")
        ).first()
        skill = db.session.get(SkillScore, int(recorded.entity_id)).score
        assert recorded.new["skill"] == f"{skill:.2f}"
        assert (
            db.session.scalar(select(func.count()).select_from(SkillScore)) == report.skill_scores
        )
    assert set(report.bad_items) == {"miskeyed", "unused", "negative", "easy", "hard"}


def test_simulation_refuses_an_open_stage_and_missing_graders(app, clock):
    with app.app_context():
        world = make_results_world(now=clock.now, contestants=3, sections=SMALL, graders=1)
        stage = db.session.get(Stage, world.stage_id)
        from examsvc.demo.simulate import simulate_stage

        with pytest.raises(ConflictError):
            simulate_stage(db.session, stage, random.Random(1), clock.now - timedelta(hours=2))
        with pytest.raises(ConflictError):
            simulate_stage(db.session, stage, random.Random(1), clock.now)
        db.session.rollback()


def test_stage_page_shows_every_figure_to_an_admin(app, results, make_user):
    _world, report = results
    admin = client_for(app, make_user, "admin")
    page = admin.get("/analysis/prelim")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for heading in ("成绩分布", "试卷信度", "题目", "干扰项分析", "评分一致性", "按单位"):
        assert heading in html, heading
    assert "chart.umd.min.js" in html and "js/analysis.js" in html
    data = chart_json(html)
    participants = 30 - report.absent
    assert sum(data["histograms"]["theory"]) == participants
    assert len(data["histograms"]["labels"]) == 10
    assert {p["url"] for p in data["scatter"]} >= {
        f"/bank/{qid}" for qid in report.bad_items["miskeyed"]
    }
    flagged = {p["id"] for p in data["scatter"] if p["flagged"]}
    assert set(report.bad_items["miskeyed"]) <= flagged
    assert data["distractors"] and data["distractors"][0]["flagged"]  # flagged questions first
    assert [g["name"] for g in data["graders"]] == ["裁判1", "裁判2", "裁判3"]
    assert data["strings"]["theory"] == "理论成绩"
    # the stage list links the page
    assert "/analysis/prelim" in admin.get("/analysis/").get_data(as_text=True)


def test_authors_see_questions_but_not_people(app, results, make_user):
    world, _report = results
    author = client_for(app, make_user, "author")
    html = author.get("/analysis/prelim").get_data(as_text=True)
    assert "按单位" not in html and "裁判1" not in html
    assert "graders" not in chart_json(html)
    body = author.get("/api/v1/stages/prelim/analysis").get_json()
    assert "organisations" not in body and "graders" not in body["markers"]
    assert "scores" not in body
    text = json.dumps(body, ensure_ascii=False)
    assert not any(ticket in text for ticket in world.tickets)
    item = body["items"][0]
    assert item["url"] == f"/bank/{item['question_id']}" and item["label"]
    for role in ("grader", "proctor", "contestant"):
        other = client_for(app, make_user, role)
        assert other.get("/analysis/prelim").status_code == 403
        assert other.get("/api/v1/stages/prelim/analysis").status_code == 403
    assert author.get("/analysis/nosuchstage").status_code == 404


def test_figures_follow_a_changed_mark(app, results, make_user):
    world, report = results
    admin = client_for(app, make_user, "admin")
    easy = report.bad_items["easy"][0]
    before = admin.get(f"/api/v1/questions/{easy}/statistics").get_json()["stages"][0]
    assert "too_easy" in [f["code"] for f in before["flags"]]
    with app.app_context():
        assert db.session.get(SiteSetting, f"analysis.items.{world.stage_id}") is not None
        # an audited re-mark (as the marking service would write it): everyone now scores 0
        targets = db.session.execute(
            select(ItemScore.attempt_id, ItemScore.item_no)
            .join(Attempt, Attempt.id == ItemScore.attempt_id)
            .join(
                PaperItem,
                (PaperItem.paper_id == Attempt.paper_id) & (PaperItem.no == ItemScore.item_no),
            )
            .where(PaperItem.question_id == easy)
        ).all()
        later = db.session.scalar(select(func.max(ItemScore.updated_at))) + timedelta(minutes=5)
        for attempt_id, no in targets:
            db.session.execute(
                update(ItemScore)
                .where(ItemScore.attempt_id == attempt_id, ItemScore.item_no == no)
                .values(score=Decimal(0), source="regrade", updated_at=later)
            )
        db.session.commit()
    after = admin.get(f"/api/v1/questions/{easy}/statistics").get_json()["stages"][0]
    assert after["facility"] == 0
    assert "too_hard" in [f["code"] for f in after["flags"]]
    page = admin.get("/api/v1/stages/prelim/analysis").get_json()
    assert next(i for i in page["items"] if i["question_id"] == easy)["facility"] == 0
    # a mark that is no longer final takes its paper out of every figure
    with app.app_context():
        attempt_id, no = targets[0]
        db.session.execute(
            update(ItemScore)
            .where(ItemScore.attempt_id == attempt_id, ItemScore.item_no == no)
            .values(final=False, updated_at=later + timedelta(minutes=1))
        )
        db.session.commit()
    body = admin.get("/api/v1/stages/prelim/analysis").get_json()
    assert body["pending"] == 1 and body["participants"] == page["participants"] - 1


def test_question_statistics_for_the_bank(app, results, make_user, clock, monkeypatch):
    world, report = results
    reviewer = client_for(app, make_user, "reviewer")
    miskeyed = report.bad_items["miskeyed"][0]
    body = reviewer.get(f"/api/v1/questions/{miskeyed}/statistics").get_json()
    (row,) = body["stages"]
    assert row["stage"] == "prelim" and row["n"] > 10
    assert "likely_wrong_key" in [f["code"] for f in row["flags"]]
    assert any("核对答案" in text for text in row["flag_texts"])
    flagged = reviewer.get("/api/v1/questions/flagged").get_json()["questions"]
    assert "likely_wrong_key" in flagged[str(miskeyed)]
    from examsvc.analysis import services

    with app.app_context():  # the bank list's filter
        from examsvc.analysis.services import flagged_filter
        from examsvc.models import Question

        thresholds = services_thresholds(min_responses=10)
        ids = db.session.scalars(
            select(Question.id).where(flagged_filter(db.session, thresholds, now=clock.now))
        ).all()
        assert sorted(ids) == sorted(int(q) for q in flagged)
        # a stage still sitting shows nothing on bank pages (its figures change with every
        # submission and would be recomputed on every page view)
        stage = db.session.get(Stage, world.stage_id)
        before_close = stage.closes_at - timedelta(seconds=1)
        assert services.question_stats(db.session, miskeyed, thresholds, now=before_close) == []
        assert services.flagged_question_ids(db.session, thresholds, now=before_close) == {}
    unused = world.question_ids[-1] + 1000
    assert reviewer.get(f"/api/v1/questions/{unused}/statistics").get_json()["stages"] == []
    # the cached figures are used while the marks stay the same
    with app.test_request_context():
        from flask import render_template

        from examsvc.analysis.views import question_statistics

        def refuse(*_a, **_k):
            raise AssertionError("recomputed although nothing changed")

        monkeypatch.setattr(services, "stage_analysis", refuse)
        rows = services.question_stats(
            db.session, miskeyed, services.FlagThresholds(min_responses=10), now=clock.now
        )
        monkeypatch.undo()
        assert rows and rows[0][1].flagged
        assert question_statistics(miskeyed) == []  # nobody logged in: nothing to show
        # the partial the bank's question page includes, as a reviewer sees it
        from types import SimpleNamespace

        from flask_login import login_user

        from examsvc.models import User

        login_user(db.session.scalar(select(User).where(User.username == "reviewer-user")))
        html = render_template(
            "analysis/_question_stats.html", question=SimpleNamespace(id=miskeyed)
        )
        assert "初赛" in html and "请核对答案" in html and 'class="flagged"' in html
        assert "/analysis/prelim" in html
        empty = render_template(
            "analysis/_question_stats.html", question=SimpleNamespace(id=unused)
        )
        assert "尚无已完成评分的试卷用到此题" in empty


def test_export_holds_every_table_in_chinese(app, results, make_user):
    admin = client_for(app, make_user, "admin")
    response = admin.get("/analysis/prelim/analysis.xlsx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith('analysis-prelim.xlsx"')
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert {"概况", "信度", "题目统计", "选项", "评分一致性", "裁判"} <= set(book.sheetnames)
    rows = list(book["题目统计"].iter_rows(values_only=True))
    body = admin.get("/api/v1/stages/prelim/analysis").get_json()
    assert len(rows) - 1 == len(body["items"])
    author = client_for(app, make_user, "author")
    names = openpyxl.load_workbook(
        io.BytesIO(author.get("/analysis/prelim/analysis.xlsx").data)
    ).sheetnames
    assert "裁判" not in names and "单位" not in names


def test_cli_show_export_and_simulate(app, results, runner, tmp_path):
    result = runner.invoke(args=["analysis", "show", "--stage", "prelim"])
    assert result.exit_code == 0, result.output
    assert "alpha=" in result.output and "flagged" in result.output
    result = runner.invoke(args=["analysis", "show", "--stage", "prelim", "--format", "json"])
    assert json.loads(result.output)["stage"] == "prelim"
    out = tmp_path / "a.xlsx"
    result = runner.invoke(args=["analysis", "export", "--stage", "prelim", str(out)])
    assert result.exit_code == 0, result.output
    assert "题目统计" in openpyxl.load_workbook(out).sheetnames
    result = runner.invoke(args=["analysis", "show", "--stage", "nope"])
    assert result.exit_code != 0
    # simulated results only ever go into a demo database
    result = runner.invoke(args=["analysis", "simulate", "--stage", "prelim"])
    assert result.exit_code != 0 and "demo" in result.output


def test_a_stage_without_results_yet(app, world, make_user):
    admin = client_for(app, make_user, "admin")
    page = admin.get("/analysis/prelim")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "尚无已评分的选择题或判断题" in html and "尚无经过双评的简答题作答" in html
    data = chart_json(html)
    assert data["scatter"] == [] and sum(data["histograms"]["theory"]) == 0
    body = admin.get("/api/v1/stages/prelim/analysis").get_json()
    assert (
        body["participants"] == 0 and body["items"] == [] and body["reliability"]["alpha"] is None
    )
    # a stage nobody has sat yet is not listed
    assert "/analysis/prelim" not in admin.get("/analysis/").get_data(as_text=True)


def test_the_bank_shows_statistics_and_filters_flagged_questions(app, results, make_user):
    _world, report = results
    reviewer = client_for(app, make_user, "reviewer")
    flagged = {int(q) for q in reviewer.get("/api/v1/questions/flagged").get_json()["questions"]}
    miskeyed = report.bad_items["miskeyed"][0]
    assert miskeyed in flagged
    # the question page carries its statistics
    page = reviewer.get(f"/bank/{miskeyed}").get_data(as_text=True)
    assert "竞赛中的作答统计" in page and "请核对答案" in page
    # the list: a badge on flagged rows, and the filter keeps only them (pages and export too)
    listing = reviewer.get("/bank/?flagged=1")
    html = listing.get_data(as_text=True)
    assert listing.status_code == 200 and 'name="flagged" value="1" checked' in html
    shown = {int(n) for n in re.findall(r'<td class="num"><a href="/bank/(\d+)">', html)}
    assert shown == flagged
    assert html.count("统计标记</span>") == len(flagged)
    assert "flagged=1" in re.search(r'href="([^"]*fmt=csv[^"]*)"', html).group(1)
    everything = reviewer.get("/bank/").get_data(as_text=True)
    assert len(re.findall(r'<td class="num"><a href="/bank/(\d+)">', everything)) > len(flagged)
    api = reviewer.get("/api/v1/questions?flagged=1&per_page=200").get_json()
    assert {item["id"] for item in api["items"]} == flagged
    exported = reviewer.get("/bank/export?fmt=csv&flagged=1").get_data(as_text=True)
    assert len(list(csv.reader(io.StringIO(exported.lstrip("\ufeff"))))) == len(flagged) + 1


def test_unusable_flag_thresholds_refuse_to_start(app_config):
    from examsvc import create_app
    from examsvc.config import ConfigError

    with pytest.raises(ConfigError, match="ANALYSIS_FLAG_THRESHOLDS"):
        create_app({**app_config, "ANALYSIS_FLAG_THRESHOLDS": {"too_easy": 0.1}})
