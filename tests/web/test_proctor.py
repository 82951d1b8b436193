"""The proctor console and its audited actions."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from examsvc.extensions import db
from examsvc.models import Attempt, AuditRecord, Enrolment, ItemScore


def start(c):
    return c.post("/api/v1/exams/prelim/start", headers={"X-CSRFToken": c.csrf}).get_json()


def proctor_client(app, make_user):
    make_user("zheng", "proctor")
    c = app.test_client()
    c.csrf = c.post(
        "/api/v1/auth/login", json={"username": "zheng", "password": "password-123"}
    ).get_json()["csrf_token"]
    return c


def act(p, **body):
    return p.post(
        "/api/v1/proctor/stages/prelim/actions", json=body, headers={"X-CSRFToken": p.csrf}
    )


def test_console_shows_live_rows(app, world, contestant, make_user, clock):
    c = contestant(0)
    aid = start(c)["id"]
    c.put(
        f"/api/v1/attempts/{aid}/answers/1",
        json={"value": "A", "seq": 1},
        headers={"X-CSRFToken": c.csrf},
    )
    p = proctor_client(app, make_user)
    rows = p.get("/api/v1/proctor/stages/prelim/attempts").get_json()["rows"]
    by_ticket = {r["ticket"]: r for r in rows}
    assert by_ticket[world.tickets[0]]["status"] == "in_progress"
    assert (
        by_ticket[world.tickets[0]]["answered"] == 1 and by_ticket[world.tickets[0]]["items"] == 4
    )
    assert by_ticket[world.tickets[0]]["seconds_left"] == 3600
    assert by_ticket[world.tickets[1]]["status"] == "not_started"
    page = p.get("/proctor/prelim")
    assert page.status_code == 200 and "监考" in page.get_data(as_text=True)
    assert c.get("/api/v1/proctor/stages/prelim/attempts").status_code == 403


def test_extend_is_audited_and_capped_by_the_window(app, world, contestant, make_user, clock):
    c = contestant(0)
    attempt = start(c)
    p = proctor_client(app, make_user)
    assert (
        act(p, action="extend", attempt_id=attempt["id"], minutes=5, reason="").status_code == 422
    )
    r = act(p, action="extend", attempt_id=attempt["id"], minutes=5, reason="电脑死机重启")
    assert r.status_code == 200 and r.get_json() == {"changed": 1}
    new = datetime.fromisoformat(
        c.get(f"/api/v1/attempts/{attempt['id']}/clock").get_json()["deadline"]
    )
    assert new == datetime.fromisoformat(attempt["deadline"]) + timedelta(minutes=5)
    act(p, action="extend", attempt_id=attempt["id"], minutes=240, reason="测试上限")
    capped = datetime.fromisoformat(
        c.get(f"/api/v1/attempts/{attempt['id']}/clock").get_json()["deadline"]
    )
    closes = datetime.fromisoformat(c.get("/api/v1/me/exams").get_json()[0]["closes_at"])
    assert capped == closes
    with app.app_context():
        audits = db.session.scalars(
            select(AuditRecord).where(AuditRecord.action == "attempt.extended")
        ).all()
        assert [a.reason for a in audits] == ["电脑死机重启", "测试上限"]
        assert audits[0].old["deadline"] == attempt["deadline"]


def test_room_extension(app, world, contestant, make_user, clock):
    with app.app_context():
        for e in db.session.scalars(select(Enrolment)):
            e.room = "第一考场"
        db.session.commit()
    ids = [start(contestant(i))["id"] for i in range(2)]
    p = proctor_client(app, make_user)
    r = act(p, action="extend", room="第一考场", minutes=3, reason="全场停电 3 分钟")
    assert r.get_json() == {"changed": 2}
    with app.app_context():
        assert {db.session.get(Attempt, i).extension_seconds for i in ids} == {180}


def test_release_lets_the_contestant_move_computers(app, world, contestant, make_user, clock):
    first = contestant(0)
    aid = start(first)["id"]
    first.put(
        f"/api/v1/attempts/{aid}/answers/3",
        json={"value": True, "seq": 1},
        headers={"X-CSRFToken": first.csrf},
    )
    second = app.test_client()
    login = {"username": world.tickets[0], "password": world.password}
    assert second.post("/api/v1/auth/login", json=login).status_code == 423
    p = proctor_client(app, make_user)
    assert act(p, action="release", attempt_id=aid, reason="原电脑故障").status_code == 200
    r = second.post("/api/v1/auth/login", json=login)
    assert r.status_code == 200
    second.csrf = r.get_json()["csrf_token"]
    assert start(second)["answers"] == {"3": True}
    assert first.get(f"/api/v1/attempts/{aid}").status_code == 401  # the old login was ended


def test_force_submit_and_reopen(app, world, contestant, make_user, clock):
    c = contestant(0)
    aid = start(c)["id"]
    c.put(
        f"/api/v1/attempts/{aid}/answers/1",
        json={"value": "C", "seq": 1},
        headers={"X-CSRFToken": c.csrf},
    )
    p = proctor_client(app, make_user)
    assert act(p, action="force_submit", attempt_id=aid, reason="违规操作").status_code == 200
    assert act(p, action="force_submit", attempt_id=aid, reason="again").status_code == 409
    with app.app_context():
        assert db.session.get(Attempt, aid).submitted_by == "proctor"
    assert (
        c.put(
            f"/api/v1/attempts/{aid}/answers/1",
            json={"value": "A", "seq": 2},
            headers={"X-CSRFToken": c.csrf},
        ).status_code
        == 409
    )
    assert (
        act(p, action="reopen", attempt_id=aid, minutes=10, reason="误操作，恢复作答").status_code
        == 200
    )
    clock.advance(minutes=5)
    assert (
        c.put(
            f"/api/v1/attempts/{aid}/answers/1",
            json={"value": "A", "seq": 2},
            headers={"X-CSRFToken": c.csrf},
        ).status_code
        == 200
    )
    assert (
        c.post(f"/api/v1/attempts/{aid}/submit", headers={"X-CSRFToken": c.csrf}).status_code == 200
    )
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(ItemScore.attempt_id == aid)) == 4
        assert db.session.get(ItemScore, (aid, 1)).score == 0  # shown A = original B: wrong now
        actions = [
            a.action for a in db.session.scalars(select(AuditRecord).order_by(AuditRecord.id))
        ]
        assert actions == ["attempt.force_submitted", "attempt.reopened"]


def test_console_finalizes_overdue_attempts(app, world, contestant, make_user, clock):
    aid = start(contestant(0))["id"]
    clock.advance(minutes=61)
    p = proctor_client(app, make_user)
    rows = p.get("/api/v1/proctor/stages/prelim/attempts").get_json()["rows"]
    assert rows[0]["status"] == "submitted"
    with app.app_context():
        assert db.session.get(Attempt, aid).submitted_by == "deadline"


def test_console_forms_work_without_script(app, world, contestant, make_user, login, client, clock):
    from tests.conftest import csrf_from

    aid = start(contestant(0))["id"]
    make_user("zheng", "proctor")
    login("zheng")
    page = client.get("/proctor/prelim").get_data(as_text=True)
    r = client.post(
        "/proctor/prelim/action",
        data={
            "csrf_token": csrf_from(page),
            "action": "extend",
            "attempt_id": aid,
            "minutes": "2",
            "reason": "网络中断",
        },
    )
    assert r.status_code == 302
    assert "+2′" in client.get("/proctor/prelim").get_data(as_text=True)
