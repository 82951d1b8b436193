"""The contest administration pages: overview, contest file, stage form with the bank's supply,
papers (generate, verify, sample, answer key), and who may reach them."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from decimal import Decimal
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sqlalchemy import func, select

from examsvc.contest import papers, services
from examsvc.extensions import db
from examsvc.models import (
    Attempt,
    AuditRecord,
    Contest,
    Enrolment,
    Paper,
    PaperItem,
    PaperRun,
    Question,
    QuestionTag,
    QuestionVersion,
    Stage,
)
from questionbank.contestfile import parse_contest
from questionbank.model import QuestionStatus
from tests.conftest import csrf_from
from tests.factories import PASSWORD, enrol, import_demo_bank

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = (ROOT / "docs" / "contest.example.toml").read_text(encoding="utf-8")
NOW = datetime(2025, 7, 1, tzinfo=UTC)


# --------------------------------------------------------------------------- helpers


class FormFields(HTMLParser):
    """The values a browser would send for the form with class ``stage-form`` (no button)."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._first_option: str | None = None
        self._chosen = False
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and "stage-form" in (a.get("class") or ""):
            self.inside = True
        if not self.inside or ("name" not in a and tag not in ("option",)):
            return
        if tag == "input":
            kind = a.get("type", "text")
            if kind == "checkbox":
                if "checked" in a:
                    self.fields.append((a["name"], a.get("value", "on")))
            elif kind not in ("submit", "button"):
                self.fields.append((a["name"], a.get("value") or ""))
        elif tag == "select":
            self._select, self._first_option, self._chosen = a["name"], None, False
        elif tag == "option" and self._select:
            if self._first_option is None:
                self._first_option = a.get("value", "")
            if "selected" in a:
                self.fields.append((self._select, a.get("value", "")))
                self._chosen = True
        elif tag == "textarea":
            self._textarea = a["name"]
            self.fields.append((a["name"], ""))

    def handle_data(self, data):
        if self._textarea:
            name, value = self.fields[-1]
            self.fields[-1] = (name, value + data)

    def handle_endtag(self, tag):
        if tag == "select" and self._select:
            if not self._chosen and self._first_option is not None:
                self.fields.append((self._select, self._first_option))
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self.inside = False


def form_of(html: str) -> dict[str, list[str]]:
    parser = FormFields()
    parser.feed(html)
    out: dict[str, list[str]] = {}
    for name, value in parser.fields:
        out.setdefault(name, []).append(value)
    return out


def error_of(html: str, field_id: str) -> str:
    """The error shown under a field (``<p class="field-error" id="{field_id}-error">``)."""
    match = re.search(rf'<p class="field-error" id="{re.escape(field_id)}-error">([^<]*)</p>', html)
    return match.group(1) if match else ""


def flashes(html: str) -> str:
    return " ".join(re.findall(r'<p class="flash[^"]*">([^<]*)</p>', html))


@pytest.fixture
def admin(client, make_user, login):
    make_user("boss", "admin")
    login("boss")
    return client


@pytest.fixture
def contest(app):
    """The example contest loaded and the demo bank imported (327 active questions)."""
    with app.app_context():
        services.load_contest(db.session, parse_contest(EXAMPLE), now=NOW)
        import_demo_bank()
        db.session.commit()


def token(client) -> str:
    return csrf_from(client.get("/contest/").get_data(as_text=True))


def stage(code: str) -> Stage:
    return db.session.scalar(select(Stage).where(Stage.code == code))


def active_count(qtype: str, *, tag: str | None = None, low: int = 1, high: int = 5) -> int:
    """Active questions of a type, difficulty range and tag, counted straight from the tables."""
    query = (
        select(func.count(func.distinct(Question.id)))
        .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
        .where(
            Question.status == QuestionStatus.ACTIVE,
            QuestionVersion.type == qtype,
            QuestionVersion.difficulty.between(low, high),
        )
    )
    if tag:
        query = query.join(QuestionTag, QuestionTag.question_id == Question.id).where(
            QuestionTag.tag == tag
        )
    return db.session.scalar(query)


def generate(app, code: str = "prelim", people: int = 3) -> list[int]:
    """Enrol people and build their papers through the services; returns the paper ids."""
    with app.app_context():
        enrol(stage(code), people)
        plan = papers.prepare(db.session, stage(code), now=NOW, seed=11)
        papers.generate_batch(db.session, plan, plan.pending, now=NOW)
        db.session.commit()
        return [p.id for p in papers.stage_papers(db.session, stage(code))]


def start(app, paper_id: int) -> None:
    """Mark a paper as started (an attempt exists)."""
    with app.app_context():
        paper = db.session.get(Paper, paper_id)
        db.session.add(
            Attempt(
                enrolment_id=paper.enrolment_id,
                paper_id=paper.id,
                stage_id=paper.stage_id,
                started_at=NOW,
                deadline=NOW,
            )
        )
        db.session.commit()


# --------------------------------------------------------------------------- overview and file


def test_loading_a_contest_file_from_the_page(app, admin):
    page = admin.get("/contest/").get_data(as_text=True)
    assert "尚未加载竞赛" in page
    csrf = csrf_from(page)
    upload = {"file": (io.BytesIO(EXAMPLE.encode()), "contest.toml"), "csrf_token": csrf}
    r = admin.post("/contest/load", data={**upload, "action": "check"})
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "创建竞赛 bspia-2025" in html and "prelim, semi, final" in html
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Contest)) == 0  # a dry run
    text = unescape(re.search(r'<textarea name="text" hidden>([^<]*)</textarea>', html).group(1))
    r = admin.post("/contest/load", data={"text": text, "csrf_token": csrf, "action": "apply"})
    assert r.status_code == 200 and "已加载" in r.get_data(as_text=True)
    page = admin.get("/contest/").get_data(as_text=True)
    assert "2025年第四届安全防范设备值机员职业技能竞赛" in page
    assert "2025-07-28 09:00 – 11:00" in page  # the window in the contest's zone
    assert "理论 30% · 技能 70%" in page and "前 30%，四舍五入" in page
    assert "北安协奖金（含税）" in page and "6000" in page  # the file's award table
    with app.app_context():
        record = db.session.scalar(
            select(AuditRecord).where(AuditRecord.action == "contest.loaded")
        )
        assert record.actor_id is not None


def test_a_dry_run_lists_every_problem_at_its_key_path(app, admin):
    bad = EXAMPLE.replace("count = 15", "count = 0", 1).replace(
        "shuffle_options = true", "shufle_options = true", 1
    )
    r = admin.post(
        "/contest/load", data={"text": bad, "csrf_token": token(admin), "action": "apply"}
    )
    html = r.get_data(as_text=True)
    assert r.status_code == 422
    assert "<code>stages[0].exam.sections[1].count</code> 须 ≥ 1" in html
    assert "<code>stages[0].exam.shufle_options</code>" in html and "shuffle_options" in html
    assert "文件有 2 处问题" in html
    r = admin.post(
        "/contest/load",
        data={"text": "[contest\ncode=1", "csrf_token": token(admin), "action": "check"},
    )
    assert r.status_code == 422 and "第 1 行" in r.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Contest)) == 0


def test_download_round_trips_and_a_changed_file_needs_the_confirmation(app, admin, contest):
    ids = generate(app)
    start(app, ids[0])
    r = admin.get("/contest/config.toml")
    assert r.status_code == 200 and r.mimetype == "application/toml"
    assert 'filename="bspia-2025.toml"' in r.headers["Content-Disposition"]
    downloaded = r.get_data(as_text=True)
    assert parse_contest(downloaded) == parse_contest(EXAMPLE)
    csrf = token(admin)
    r = admin.post("/contest/load", data={"text": downloaded, "csrf_token": csrf})
    assert "不会有任何变化" in r.get_data(as_text=True)
    changed = downloaded.replace("count = 40", "count = 39", 1)
    r = admin.post("/contest/load", data={"text": changed, "csrf_token": csrf, "action": "check"})
    html = r.get_data(as_text=True)
    assert "2 份无人开始的试卷将被作废" in html and 'name="discard_unstarted"' in html
    r = admin.post("/contest/load", data={"text": changed, "csrf_token": csrf, "action": "apply"})
    assert r.status_code == 409
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Paper)) == 3
    r = admin.post(
        "/contest/load",
        data={"text": changed, "csrf_token": csrf, "action": "apply", "discard_unstarted": "y"},
    )
    assert r.status_code == 200
    with app.app_context():
        assert db.session.scalars(select(Paper.id)).all() == [ids[0]]
        assert stage("prelim").blueprint["sections"][0]["count"] == 39


# --------------------------------------------------------------------------- the stage form


def test_the_stage_form_shows_the_supply_of_a_known_bank(app, admin, contest):
    html = admin.get("/contest/stages/prelim").get_data(as_text=True)
    with app.app_context():
        singles, multiples = active_count("single"), active_count("multiple")
        standard = db.session.scalar(
            select(func.count())
            .select_from(QuestionTag)
            .where(QuestionTag.tag == "source:standard")
        )
    assert singles == 144  # the demo bank, as the paper-generation tests count it
    assert f"单项选择题：在用 {singles} 道，需要 40 道" in html
    assert f"多项选择题：在用 {multiples} 道，需要 15 道" in html
    assert re.search(
        rf"<code>source:standard</code></td>\s*<td class=\"num\">{standard}</td>", html
    )
    assert 'data-feasible="true"' in html
    # narrow the first section: alarm handling, difficulty 2–4, ten questions
    fields = form_of(html)
    fields.update(
        {
            "sections-0-tags_any": ["area:alarm-handling"],
            "sections-0-difficulty_low": ["2"],
            "sections-0-difficulty_high": ["4"],
            "sections-0-count": ["10"],
            "action": ["check"],
        }
    )
    html = admin.post("/contest/stages/prelim", data=fields).get_data(as_text=True)
    with app.app_context():
        expected = active_count("single", tag="area:alarm-handling", low=2, high=4)
    assert 0 < expected < singles
    line = f"单项选择题，任一标签 area:alarm-handling，难度 2–4：在用 {expected} 道，需要 10 道"
    assert line in html and "尚未保存" in html
    with app.app_context():
        assert stage("prelim").blueprint["sections"][0]["count"] == 40  # only checked


def test_an_unchanged_form_saves_nothing_and_edits_save(app, admin, contest):
    fields = form_of(admin.get("/contest/stages/semi").get_data(as_text=True))
    assert fields["exclude_used_in"] == ["prelim"] and fields["opens_at"] == ["2025-08-09T09:00"]
    r = admin.post("/contest/stages/semi", data={**fields, "action": "save"}, follow_redirects=True)
    assert "没有变化" in flashes(r.get_data(as_text=True))
    fields.update(
        name=["复赛（理论）"],
        opens_at=["2025-08-09T08:30"],
        duration_minutes=["100"],
        action=["save"],
    )
    fields["quotas-1-tag"], fields["quotas-1-min"], fields["quotas-1-max"] = (
        ["level:apply"],
        ["0"],
        ["30"],
    )
    r = admin.post("/contest/stages/semi", data=fields)
    assert r.status_code == 302
    with app.app_context():
        semi = stage("semi")
        assert semi.name == "复赛（理论）" and semi.duration_minutes == 100
        assert semi.opens_at == datetime(2025, 8, 9, 0, 30, tzinfo=UTC)
        assert semi.blueprint["quotas"][1] == {"tag": "level:apply", "min": 0, "max": 30}
        record = db.session.scalar(select(AuditRecord).where(AuditRecord.action == "stage.saved"))
        assert record.entity_id == "bspia-2025/semi" and record.new["papers_discarded"] == 0


def test_problems_are_shown_next_to_their_fields(app, admin, contest):
    fields = form_of(admin.get("/contest/stages/prelim").get_data(as_text=True))
    fields.update(
        {
            "skill_weight": ["0.6"],
            "closes_at": ["someday"],
            "sections-1-count": ["0"],
            "sections-2-points": ["abc"],
            "sections-3-difficulty_low": ["4"],
            "sections-3-difficulty_high": ["2"],
            "quotas-0-max": ["3"],
            "action": ["save"],
        }
    )
    r = admin.post("/contest/stages/prelim", data=fields)
    html = r.get_data(as_text=True)
    assert r.status_code == 422 and "未保存任何内容" in html
    assert error_of(html, "skill_weight") == "理论权重与技能权重之和须为 1，而不是 0.9"
    assert error_of(html, "closes_at") == "请输入日期和时间，如 2025-07-28 09:00"
    assert error_of(html, "sections-1-count") == "须 ≥ 1"
    assert error_of(html, "sections-2-points") == "须为数字"
    assert error_of(html, "sections-3-difficulty_low").startswith("须为 [下限, 上限]")
    assert error_of(html, "quotas-0-max") == "须 ≥ 下限 min（16）"
    with app.app_context():
        assert stage("prelim").skill_weight == Decimal("0.7")
    # a window that runs into the next stage is reported at that stage's key path
    fields = form_of(admin.get("/contest/stages/prelim").get_data(as_text=True))
    fields.update(closes_at=["2025-08-10T09:00"], action=["check"])
    html = admin.post("/contest/stages/prelim", data=fields).get_data(as_text=True)
    assert "stages[1].exam.opens_at" in html


def test_rows_are_added_and_removed_without_script(app, admin, contest):
    fields = form_of(admin.get("/contest/stages/prelim").get_data(as_text=True))
    html = admin.post("/contest/stages/prelim", data={**fields, "action": "add_section"}).get_data(
        as_text=True
    )
    added = form_of(html)
    assert added["sections-4-type"] == ["single"] and added["sections-4-count"] == [""]
    html = admin.post(
        "/contest/stages/prelim", data={**added, "action": "remove_section:0"}
    ).get_data(as_text=True)
    removed = form_of(html)
    assert "sections-0-type" not in removed and removed["sections-1-type"] == ["multiple"]
    html = admin.post(
        "/contest/stages/prelim", data={**removed, "action": "remove_quota:0"}
    ).get_data(as_text=True)
    assert "quotas-0-tag" not in form_of(html)
    with app.app_context():
        assert len(stage("prelim").blueprint["sections"]) == 4  # nothing saved by row buttons


def test_a_blueprint_change_needs_the_confirmation_and_discards_only_unstarted(app, admin, contest):
    ids = generate(app)
    start(app, ids[1])
    fields = form_of(admin.get("/contest/stages/prelim").get_data(as_text=True))
    fields.update({"sections-2-count": ["18"], "action": ["save"]})
    r = admin.post("/contest/stages/prelim", data=fields)
    html = r.get_data(as_text=True)
    assert r.status_code == 409
    assert "2 份无人开始的试卷将被作废" in html and 'name="discard_unstarted"' in html
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Paper)) == 3
        assert stage("prelim").blueprint["sections"][2]["count"] == 20
    r = admin.post("/contest/stages/prelim", data={**fields, "discard_unstarted": "y"})
    assert r.status_code == 302
    assert "2 份未开始的试卷已作废" in flashes(admin.get(r.location).get_data(as_text=True))
    with app.app_context():
        assert db.session.scalars(select(Paper.id)).all() == [ids[1]]
        assert stage("prelim").blueprint["sections"][2]["count"] == 18
        record = db.session.scalar(select(AuditRecord).where(AuditRecord.action == "stage.saved"))
        assert record.new["papers_discarded"] == 2 and record.new["forced"] is True


# --------------------------------------------------------------------------- papers


def test_generation_from_the_page_then_verify(app, admin, contest):
    with app.app_context():
        enrol(stage("prelim"), 4)
        db.session.commit()
    page = admin.get("/contest/stages/prelim/papers").get_data(as_text=True)
    assert 'data-status="missing">4<' in page
    r = admin.post(
        "/contest/stages/prelim/papers/generate",
        data={"csrf_token": csrf_from(page), "seed": "42"},
        follow_redirects=True,
    )
    html = r.get_data(as_text=True)
    assert "已生成 4 份试卷（赛段种子 42）" in flashes(html)
    assert 'data-status="papers">4<' in html and "P00003" in html
    with app.app_context():
        assert stage("prelim").paper_seed == "42"
        assert db.session.scalar(select(func.count()).select_from(PaperRun)) == 1
        (high, mean) = papers.exposure(db.session, stage("prelim"))
    assert f"每题最多用于 {high} 份试卷，平均 {mean:.1f} 份" in flashes(html)
    html = admin.get("/contest/stages/prelim/papers/verify").get_data(as_text=True)
    assert 'data-verified="4"' in html and "全部 4 份试卷重新生成后完全一致" in html
    with app.app_context():  # tamper with one paper: verification must name it
        paper = db.session.scalars(select(Paper).order_by(Paper.id)).first()
        item = db.session.get(PaperItem, (paper.id, 1))
        item.option_order = item.option_order[::-1]
        ticket = db.session.get(Enrolment, paper.enrolment_id).ticket
        db.session.commit()
    html = admin.get("/contest/stages/prelim/papers/verify").get_data(as_text=True)
    assert re.search(rf"data-mismatched>.*{ticket}", html, re.S) and "1 份" in html


def test_an_infeasible_blueprint_writes_nothing(app, admin):
    with app.app_context():
        text = EXAMPLE.replace("count = 40", "count = 150", 1)
        services.load_contest(db.session, parse_contest(text), now=NOW)
        import_demo_bank()
        enrol(stage("prelim"), 2)
        db.session.commit()
    page = admin.get("/contest/stages/prelim").get_data(as_text=True)
    assert 'data-feasible="false"' in page and "缺 6 道" in page
    r = admin.post(
        "/contest/stages/prelim/papers/generate",
        data={"csrf_token": csrf_from(page)},
        follow_redirects=True,
    )
    html = r.get_data(as_text=True)
    assert "题库无法满足" in flashes(html) and "缺 6 道" in flashes(html)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Paper)) == 0
        assert db.session.scalar(select(func.count()).select_from(PaperRun)) == 0
        assert stage("prelim").paper_seed is None


def items_markup(html: str) -> list[str]:
    return re.findall(
        r'<h2 class="section-title">.*?</h2>|<article class="item".*?</article>', html, re.S
    )


def test_the_sample_paper_is_the_exam_page_and_the_key_is_right(app, admin, contest, clock):
    ids = generate(app, people=2)
    sample = admin.get(f"/contest/stages/prelim/papers/{ids[0]}").get_data(as_text=True)
    with app.app_context():
        paper = db.session.get(Paper, ids[0])
        ticket = db.session.get(Enrolment, paper.enrolment_id).ticket
        first = db.session.get(PaperItem, (paper.id, 1))
        version = db.session.get(QuestionVersion, first.question_version_id)
        explanations = [
            db.session.get(QuestionVersion, i.question_version_id).explanation for i in paper.items
        ]
    # nothing secret on the contestant's view
    assert not [e for e in explanations if e and e in sample]
    assert "data-feasible" not in sample and "key-shown" not in sample
    # the exam page of that contestant shows exactly the same items
    clock.now = datetime(2025, 7, 28, 1, 30, tzinfo=UTC)  # 09:30 in Beijing: the window is open
    contestant = app.test_client()
    contestant.post("/api/v1/auth/login", json={"username": ticket, "password": PASSWORD})
    csrf = contestant.get("/api/v1/auth/csrf").get_json()["csrf_token"]
    attempt = contestant.post(
        "/api/v1/exams/prelim/start", headers={"X-CSRFToken": csrf}
    ).get_json()
    exam = contestant.get(f"/exam/attempt/{attempt['id']}").get_data(as_text=True)
    assert len(items_markup(sample)) == 4 + 79 and items_markup(sample) == items_markup(exam)
    # the key: the original key shown in the contestant's letters
    key = admin.get(f"/contest/stages/prelim/papers/{ids[0]}/key").get_data(as_text=True)
    article = re.search(r'<article class="item key-item" id="item-1">.*?</article>', key, re.S)
    assert version.type.value == "single"
    shown = "ABCDEFGH"[first.option_order.index(version.answer)]
    assert f'<dd class="key-shown"><strong>{shown}</strong></dd>' in article.group(0)
    assert f'<dd class="key-original">{version.answer}</dd>' in article.group(0)
    assert f"<code>{first.option_order}</code>" in article.group(0)
    assert f"题目 {version.question_id}，版本 {version.number}" in article.group(0)
    if version.explanation:
        assert version.explanation.split("\n")[0][:10] in article.group(0)
    # a short answer: reference answer and scoring points
    short = re.search(r'<article class="item key-item" id="item-76">.*?</article>', key, re.S)
    assert "参考答案" in short.group(0) and "评分要点" in short.group(0)


def test_the_stage_api(app, admin, contest):
    generate(app, people=2)
    body = admin.get("/api/v1/stages/prelim").get_json()
    with app.app_context():
        expected = [active_count(t) for t in ("single", "multiple", "truefalse", "short")]
    assert [s["available"] for s in body["supply"]["sections"]] == expected
    assert body["supply"]["feasible"] is True and body["papers"]["papers"] == 2
    assert body["exam"]["item_count"] == 79 and body["exam"]["total_points"] == "100"
    assert body["exam"]["opens_at"] == "2025-07-28T01:00:00+00:00"
    assert admin.get("/api/v1/stages/nope").status_code == 404


# --------------------------------------------------------------------------- who may


def test_only_admins_reach_the_contest_pages(app, client, make_user, contest):
    ids = generate(app, people=1)
    with app.app_context():
        ticket = db.session.scalars(select(Enrolment.ticket)).first()
    paper = f"/contest/stages/prelim/papers/{ids[0]}"
    gets = [
        "/contest/",
        "/contest/config.toml",
        "/contest/stages/prelim",
        "/contest/stages/prelim/papers",
        "/contest/stages/prelim/papers/verify",
        paper,
        paper + "/key",
        "/api/v1/stages/prelim",
    ]
    posts = ["/contest/load", "/contest/stages/prelim", "/contest/stages/prelim/papers/generate"]
    logins = [
        (role, "password-123") for role in ("author", "reviewer", "grader", "arbitrator", "proctor")
    ]
    for role, _ in logins:
        make_user(role, role)
    for username, password in [*logins, (ticket, PASSWORD)]:
        c = app.test_client()
        r = c.post("/api/v1/auth/login", json={"username": username, "password": password})
        csrf = r.get_json()["csrf_token"]
        for url in gets:
            assert c.get(url).status_code == 403, (username, url)
        for url in posts:
            assert c.post(url, headers={"X-CSRFToken": csrf}, data={}).status_code == 403, (
                username,
                url,
            )
    anonymous = app.test_client()
    assert "/login" in anonymous.get(paper + "/key").location
    assert anonymous.get("/api/v1/stages/prelim").status_code == 401
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Paper)) == 1


def test_admins_find_the_pages_from_home(app, admin):
    home = admin.get("/").get_data(as_text=True)
    assert 'href="/contest/"' in home


def test_a_stage_made_outside_the_contest_file_is_shown_not_broken(app, admin, world):
    """make_world's stage has a bare blueprint and papers without a generation run."""
    assert "初赛" in admin.get("/contest/").get_data(as_text=True)
    page = admin.get("/contest/stages/prelim").get_data(as_text=True)
    assert "已保存的组卷方案无效" in page and "sections[0].count" in page
    r = admin.post("/contest/stages/prelim", data={**form_of(page), "action": "check"})
    assert r.status_code == 422 and "已保存的竞赛配置无效" in r.get_data(as_text=True)
    assert admin.get("/contest/config.toml").status_code == 422
    html = admin.get("/contest/stages/prelim/papers/verify").get_data(as_text=True)
    assert "2 份试卷没有生成记录" in html
    with app.app_context():
        paper_id = db.session.scalars(select(Paper.id).order_by(Paper.id)).first()
    key = admin.get(f"/contest/stages/prelim/papers/{paper_id}/key").get_data(as_text=True)
    items = re.findall(r'<article class="item key-item".*?</article>', key, re.S)
    # item 1: options shown B C A D, key A → shown C; item 2: shown D C B A, key ABD → shown ACD
    assert '<dd class="key-shown"><strong>C</strong></dd>' in items[0]
    assert '<dd class="key-original">A</dd>' in items[0] and "<code>BCAD</code>" in items[0]
    assert '<dd class="key-shown"><strong>ACD</strong></dd>' in items[1]
    assert "接警后首先核实" in items[0]  # the explanation
    assert "错" in items[2] and "评分要点" in items[3] and "记录" in items[3]
    assert admin.get(f"/contest/stages/prelim/papers/{paper_id + 99}/key").status_code == 404
