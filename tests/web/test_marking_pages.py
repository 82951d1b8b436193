"""Marking pages: the marker's home, the marking screen (plain forms, no script needed), the
arbitration screen, final marks and re-marks, the dashboard, key corrections and the regrade."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from examsvc.extensions import db
from examsvc.models import AuditRecord, ItemScore, MarkingTask, Question
from tests.conftest import csrf_from
from tests.factories import make_world
from tests.marking_helpers import identity_strings, leaks, submit_short_answers

GRACE = timedelta(seconds=3)
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def staged(app, clock):
    def build(answers, **world_args):
        with app.app_context():
            world = make_world(contestants=len(answers), now=clock.now, **world_args)
            world.extra["attempts"] = submit_short_answers(world, answers, now=clock.now)
            world.extra["identities"] = identity_strings(world.stage_id)
            return world

    return build


def page_login(app, make_user, name, role):
    make_user(name, role, display_name=name)
    client = app.test_client()
    token = csrf_from(client.get("/login").get_data(as_text=True))
    r = client.post(
        "/login", data={"username": name, "password": "password-123", "csrf_token": token}
    )
    assert r.status_code == 302
    return client


def task_id_in(html):
    return int(re.search(r"/marking/prelim/tasks/(\d+)", html).group(1))


def test_a_grader_marks_through_the_plain_form(app, staged, make_user):
    world = staged([XSS, "接警、核实"])
    g = page_login(app, make_user, "评卷甲", "grader")
    home = g.get("/marking/").get_data(as_text=True)
    with app.app_context():
        qid = db.session.scalar(select(MarkingTask.question_id))
    assert f"/marking/prelim/mark?question={qid}" in home
    assert f'data-left="{qid}">2<' in home
    screen = g.get(f"/marking/prelim/mark?question={qid}")
    html = screen.get_data(as_text=True)
    assert screen.status_code == 200
    assert leaks(html, world.extra["identities"]) == []
    assert "<script>alert" not in html and "<img src=x" not in html
    assert html.count('data-point data-max="1.25"') == 4  # four scoring points of 1.25
    assert "2 left on this question" in html or "本题还剩 2 份" in html
    task = task_id_in(html)
    token = csrf_from(html)
    r = g.post(
        f"/marking/prelim/tasks/{task}",
        data={
            "csrf_token": token,
            "question": qid,
            "point_count": 4,
            "p0": "1.25",
            "p1": "0.5",
            "p2": "",
            "p3": "1",
            "comment": "要点不全",
        },
    )
    assert r.status_code == 302 and f"question={qid}" in r.location
    with app.app_context():
        marked = db.session.get(MarkingTask, task)
        assert marked.score == Decimal("2.75") and marked.comment == "要点不全"
        assert marked.point_scores == ["1.25", "0.5", "0", "1"]
    nxt = g.get(r.location).get_data(as_text=True)
    second = task_id_in(nxt)
    assert second != task
    assert "<script>alert" not in nxt and "<img src=x" not in nxt
    shown = html + nxt  # the answer with markup is shown as text on one of the two screens
    assert (
        "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in shown
    )
    r = g.post(
        f"/marking/prelim/tasks/{second}",
        data={"csrf_token": csrf_from(nxt), "question": qid, "blank": "1"},
    )
    assert r.status_code == 302
    done = g.get(r.location).get_data(as_text=True)
    assert 'id="nothing-left"' in done
    with app.app_context():
        assert db.session.get(MarkingTask, second).score == Decimal("0.00")


def test_a_bad_form_mark_is_refused_and_the_answer_stays(app, staged, make_user):
    staged(["核实"])
    g = page_login(app, make_user, "评卷甲", "grader")
    html = g.get("/marking/prelim/mark").get_data(as_text=True)
    task = task_id_in(html)
    r = g.post(
        f"/marking/prelim/tasks/{task}",
        data={"csrf_token": csrf_from(html), "point_count": 4, "p0": "9", "p1": "0"},
        follow_redirects=True,
    )
    page = r.get_data(as_text=True)
    assert task_id_in(page) == task  # the same answer again
    assert "flash-error" in page
    with app.app_context():
        assert db.session.get(MarkingTask, task).marked_at is None


def test_the_arbitration_screen_shows_both_marks_and_decides(app, staged, make_user):
    world = staged(["核实、上报"])
    graders = [page_login(app, make_user, n, "grader") for n in ("评卷甲", "评卷乙")]
    marks = (["1.25", "1.25", "1.25", "1.25"], ["0", "0", "0", "0"])
    for client, points in zip(graders, marks, strict=True):
        html = client.get("/marking/prelim/mark").get_data(as_text=True)
        data = {"csrf_token": csrf_from(html), "point_count": 4, "comment": f"评语{points[0]}"}
        data.update({f"p{i}": v for i, v in enumerate(points)})
        client.post(f"/marking/prelim/tasks/{task_id_in(html)}", data=data)
    arbiter = page_login(app, make_user, "仲裁丁", "arbitrator")
    home = arbiter.get("/marking/").get_data(as_text=True)
    assert "/marking/prelim/mark?question=" in home
    html = arbiter.get("/marking/prelim/mark").get_data(as_text=True)
    assert leaks(html, world.extra["identities"]) == []
    assert 'data-prior-mark="1"' in html and 'data-prior-mark="2"' in html
    assert "评语1.25" in html and "评语0" in html
    data = {"csrf_token": csrf_from(html), "point_count": 4, "p0": "1.25", "p1": "1.25"}
    arbiter.post(f"/marking/prelim/tasks/{task_id_in(html)}", data=data)
    with app.app_context():
        score = db.session.get(ItemScore, (world.extra["attempts"][0], 4))
        assert (score.score, score.source) == (Decimal("2.50"), "arbitration")
    final = arbiter.get("/marking/prelim/final").get_data(as_text=True)
    assert "核实、上报" in final and leaks(final, world.extra["identities"]) == []
    handle = int(re.search(r"/marking/prelim/remark/(\d+)", final).group(1))
    arbiter.post(
        f"/marking/prelim/remark/{handle}",
        data={"csrf_token": csrf_from(final), "score": "3", "reason": "复核后加分"},
    )
    with app.app_context():
        assert db.session.get(ItemScore, (world.extra["attempts"][0], 4)).score == Decimal("3.00")
        audit = db.session.scalar(select(AuditRecord).where(AuditRecord.action == "mark.changed"))
        assert audit.reason == "复核后加分"


def test_the_dashboard_compares_graders(app, staged, make_user):
    staged(["核实", "上报", "记录"], double_marking=False)
    g = page_login(app, make_user, "评卷甲", "grader")
    for _ in range(3):
        html = g.get("/marking/prelim/mark").get_data(as_text=True)
        data = {"csrf_token": csrf_from(html), "point_count": 4, "p0": "1.25"}
        g.post(f"/marking/prelim/tasks/{task_id_in(html)}", data=data)
    admin = page_login(app, make_user, "主任", "admin")
    page = admin.get("/marking/prelim/dashboard")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "评卷甲" in html and 'data-cell="final">3<' in html
    assert g.get("/marking/prelim/dashboard").status_code == 403
    assert admin.get("/marking/prelim/mark").status_code == 403


def test_an_admin_corrects_a_key_and_regrades_from_the_page(app, staged, make_user):
    world = staged(["核实", "上报"], double_marking=False)
    with app.app_context():
        q1 = world.question_ids[0]
    admin = page_login(app, make_user, "主任", "admin")
    html = admin.get("/marking/prelim/regrade").get_data(as_text=True)
    assert 'id="no-changes"' in html
    r = admin.post(
        "/marking/prelim/key",
        data={"csrf_token": csrf_from(html), "question": q1, "answer": "B", "reason": "答案印错"},
    )
    assert r.status_code == 302
    html = admin.get(r.location).get_data(as_text=True)
    assert html.count("v1 → v2") == 2  # both contestants answered A, now wrong
    with app.app_context():
        question = db.session.get(Question, q1)
        assert question.status.value == "active"
    admin.post(
        "/marking/prelim/regrade",
        data={"csrf_token": csrf_from(html), "question": q1, "reason": "答案更正"},
    )
    with app.app_context():
        scores = db.session.scalars(select(ItemScore).where(ItemScore.item_no == 1)).all()
        assert {(s.score, s.source) for s in scores} == {(Decimal("0.00"), "regrade")}
        assert (
            db.session.scalar(select(func.count()).where(AuditRecord.action == "regrade.applied"))
            == 2
        )
    assert 'id="no-changes"' in admin.get("/marking/prelim/regrade").get_data(as_text=True)


def test_marking_appears_on_the_home_page_of_each_marking_role(app, make_user):
    for name, role in (("g", "grader"), ("a", "arbitrator"), ("m", "admin")):
        client = page_login(app, make_user, name, role)
        assert 'href="/marking/"' in client.get("/").get_data(as_text=True)


def test_the_regrade_page_warns_of_papers_still_open(app, clock, make_user):
    from examsvc.models import User
    from examsvc.sitting import services

    with app.app_context():
        world = make_world(contestants=1, now=clock.now)
        user = db.session.scalar(select(User).where(User.username == world.tickets[0]))
        services.start_attempt(
            db.session, user.id, "prelim", now=clock.now, user_session_id=None, grace=GRACE
        )
        db.session.commit()
    admin = page_login(app, make_user, "主任", "admin")
    html = admin.get("/marking/prelim/regrade").get_data(as_text=True)
    assert "还有 1 份试卷尚未交卷" in html
