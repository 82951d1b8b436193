"""The contestant API per the contract (shared/spec/interfaces.md), on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from sqlalchemy import func, select

from examsvc.extensions import db
from examsvc.models import Answer, Attempt, AttemptEvent, ItemScore, MarkingTask


def put(client, attempt_id, no, value, seq):
    return client.put(
        f"/api/v1/attempts/{attempt_id}/answers/{no}",
        json={"value": value, "seq": seq},
        headers={"X-CSRFToken": client.csrf},
    )


def post(client, path, body=None):
    return client.post(f"/api/v1{path}", json=body or {}, headers={"X-CSRFToken": client.csrf})


def start(client, stage="prelim"):
    r = post(client, f"/exams/{stage}/start")
    assert r.status_code == 200, r.get_json()
    return r.get_json()


def test_my_exams_and_start_is_idempotent(app, world, contestant, clock):
    c = contestant(0)
    exams = c.get("/api/v1/me/exams").get_json()
    assert exams == [
        {
            "stage": "prelim",
            "name": "初赛",
            "opens_at": exams[0]["opens_at"],
            "closes_at": exams[0]["closes_at"],
            "duration_minutes": 60,
            "status": "open",
            "attempt_id": None,
        }
    ]
    first = start(c)
    again = start(c)
    assert first["id"] == again["id"] and first["status"] == "in_progress"
    assert datetime.fromisoformat(first["deadline"]) == clock.now + timedelta(minutes=60)
    assert datetime.fromisoformat(first["server_time"]) == clock.now
    assert [i["no"] for i in first["items"]] == [1, 2, 3, 4]
    assert [i["type"] for i in first["items"]] == ["single", "multiple", "truefalse", "short"]
    assert first["answers"] == {}
    assert c.get("/api/v1/me/exams").get_json()[0]["status"] == "in_progress"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Attempt)) == 1


def test_deadline_never_passes_the_window(app, world, contestant, clock):
    clock.advance(
        minutes=100
    )  # 10 min after opening + 100 = 110; window closes at 110 min after -10
    c = contestant(0)
    attempt = start(c)
    closes = datetime.fromisoformat(c.get("/api/v1/me/exams").get_json()[0]["closes_at"])
    assert datetime.fromisoformat(attempt["deadline"]) == closes


def test_not_open_yet_and_closed(app, world, contestant, clock):
    c = contestant(0)
    clock.advance(hours=3)
    r = post(c, "/exams/prelim/start")
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "exam_not_open"
    assert post(c, "/exams/final/start").status_code == 404


def test_items_never_carry_keys_or_explanations(app, world, contestant):
    c = contestant(0)
    body = json.dumps(start(c), ensure_ascii=False)
    for secret in (
        "接警后首先核实",
        "围墙属于物防",
        "接警、核实、处置、上报、记录",
        "处置与上报",
        '"answer"',
        "rubric",
        "option_order",
        "BCAD",
    ):
        assert secret not in body


def test_saves_map_shown_keys_and_keep_the_newest(app, world, contestant):
    c = contestant(0)
    attempt = start(c)
    aid = attempt["id"]
    # item 1 shows options in the order B C A D: the contestant's "A" is the original B
    r = put(c, aid, 1, "A", 5)
    assert r.status_code == 200 and r.get_json()["no"] == 1 and r.get_json()["seq"] == 5
    assert put(c, aid, 1, "B", 4).status_code == 200  # stale: acknowledged, ignored
    assert put(c, aid, 1, "D", 5).status_code == 200  # same seq: ignored too
    with app.app_context():
        stored = db.session.get(Answer, (aid, 1))
        assert stored.value == "B" and stored.seq == 5
    assert c.get(f"/api/v1/attempts/{aid}").get_json()["answers"] == {"1": "A"}
    assert put(c, aid, 2, ["c", "Ａ"], 1).status_code == 200
    assert put(c, aid, 3, False, 1).status_code == 200
    assert put(c, aid, 4, "接警后先核实再处置。", 1).status_code == 200
    answers = c.get(f"/api/v1/attempts/{aid}").get_json()["answers"]
    assert answers == {"1": "A", "2": ["A", "C"], "3": False, "4": "接警后先核实再处置。"}
    assert put(c, aid, 1, None, 9).status_code == 200  # null clears
    assert "1" not in {
        k
        for k, v in c.get(f"/api/v1/attempts/{aid}").get_json()["answers"].items()
        if v is not None
    }


def test_bad_saves_are_refused_without_change(app, world, contestant):
    c = contestant(0)
    aid = start(c)["id"]
    for no, value in [(1, "E"), (1, ["A"]), (2, "A"), (3, "对"), (4, "x" * 5001)]:
        r = put(c, aid, no, value, 1)
        assert r.status_code == 422, (no, value, r.get_json())
        assert r.get_json()["error"]["code"] == "invalid_input"
    assert put(c, aid, 99, "A", 1).status_code == 404
    for seq in (0, -1, "1", 1.5, True):
        assert put(c, aid, 1, "A", seq).status_code == 422
    r = c.put(
        f"/api/v1/attempts/{aid}/answers/1", json={"value": "A"}, headers={"X-CSRFToken": c.csrf}
    )
    assert r.status_code == 400
    assert (
        c.put(f"/api/v1/attempts/{aid}/answers/1", json={"value": "A", "seq": 1}).status_code == 400
    )  # no CSRF
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Answer)) == 0


def test_someone_elses_attempt_is_invisible(app, world, contestant):
    a, b = contestant(0), contestant(1)
    aid = start(a)["id"]
    assert b.get(f"/api/v1/attempts/{aid}").status_code == 404
    assert put(b, aid, 1, "A", 1).status_code == 404
    assert post(b, f"/attempts/{aid}/submit").status_code == 404
    assert b.get(f"/api/v1/attempts/{aid}/result").status_code == 404
    assert a.get("/api/v1/attempts/999999").status_code == 404


def test_submit_grades_once_and_closes(app, world, contestant):
    c = contestant(0)
    aid = start(c)["id"]
    put(c, aid, 1, "C", 1)  # shown C = original A: right
    put(c, aid, 2, ["A", "C"], 1)  # shown A,C = original D,B: subset of ABD, no wrong → half
    put(c, aid, 3, False, 1)  # right
    put(c, aid, 4, "接警、核实", 1)
    r = post(c, f"/attempts/{aid}/submit")
    assert r.status_code == 200 and r.get_json()["status"] == "submitted"
    assert post(c, f"/attempts/{aid}/submit").status_code == 200  # harmless
    closed = put(c, aid, 1, "A", 99)
    assert closed.status_code == 409 and closed.get_json()["error"]["code"] == "attempt_closed"
    with app.app_context():
        scores = {s.item_no: s.score for s in db.session.scalars(select(ItemScore))}
        assert scores == {1: 1, 2: 1, 3: 0.5, 4: None}
        attempt = db.session.get(Attempt, aid)
        assert attempt.objective_score == 2.5 and not attempt.theory_final
        assert db.session.scalar(select(func.count()).select_from(MarkingTask)) == 2
        assert db.session.get(Answer, (aid, 1)).value == "A"
    assert c.get(f"/api/v1/attempts/{aid}").get_json()["status"] == "submitted"


def test_deadline_grace_and_overdue_finalization(app, world, contestant, clock):
    c = contestant(0)
    attempt = start(c)
    aid = attempt["id"]
    deadline = datetime.fromisoformat(attempt["deadline"])
    clock.now = deadline + timedelta(seconds=2)  # within the grace
    assert put(c, aid, 1, "C", 1).status_code == 200
    clock.now = deadline + timedelta(seconds=6)
    assert put(c, aid, 1, "A", 2).status_code == 409
    body = c.get(f"/api/v1/attempts/{aid}").get_json()
    assert body["status"] == "submitted"
    assert datetime.fromisoformat(body["submitted_at"]) == deadline
    with app.app_context():
        a = db.session.get(Attempt, aid)
        assert a.submitted_by == "deadline" and a.submitted_at == deadline
        assert db.session.get(Answer, (aid, 1)).value == "A"  # shown C = original A, saved in grace
        assert db.session.get(ItemScore, (aid, 1)).score == 1


def test_timer_submit_before_deadline_is_not_final(app, world, contestant, clock):
    c = contestant(0)
    aid = start(c)["id"]
    clock.advance(minutes=30)
    r = post(c, f"/attempts/{aid}/submit", {"reason": "timer"})
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "deadline_extended"
    assert c.get(f"/api/v1/attempts/{aid}/clock").get_json()["status"] == "in_progress"
    clock.advance(minutes=30)
    assert post(c, f"/attempts/{aid}/submit", {"reason": "timer"}).status_code == 200


def test_second_device_is_refused_until_released(app, world, contestant, clock):
    first = contestant(0)
    aid = start(first)["id"]
    second = app.test_client()
    r = second.post(
        "/api/v1/auth/login", json={"username": world.tickets[0], "password": world.password}
    )
    assert r.status_code == 423 and r.get_json()["error"]["code"] == "session_locked"
    assert put(first, aid, 1, "A", 1).status_code == 200  # the first device carries on
    with app.app_context():
        kinds = [e.kind for e in db.session.scalars(select(AttemptEvent))]
        assert "second_login" in kinds
    # once the first session ends (logout), the contestant can log in elsewhere and resume
    assert post(first, "/auth/logout").status_code == 204
    c2 = contestant(0)
    assert start(c2)["id"] == aid
    assert c2.get(f"/api/v1/attempts/{aid}").get_json()["answers"] == {"1": "A"}


def test_result_only_after_release(app, world, contestant, clock):
    from examsvc.models import Stage

    c = contestant(0)
    aid = start(c)["id"]
    put(c, aid, 1, "C", 1)
    post(c, f"/attempts/{aid}/submit")
    assert c.get(f"/api/v1/attempts/{aid}/result").status_code == 404
    with app.app_context():
        db.session.get(Stage, world.stage_id).results_released_at = clock.now
        db.session.commit()
    result = c.get(f"/api/v1/attempts/{aid}/result").get_json()
    assert [i["score"] for i in result["items"]] == [1.0, 0.0, 0.0, None]
    assert result["final"] is False and "key" not in result["items"][0]


def test_signals_are_recorded(app, world, contestant):
    c = contestant(0)
    aid = start(c)["id"]
    assert post(c, f"/attempts/{aid}/signals", {"kind": "hidden"}).status_code == 204
    assert post(c, f"/attempts/{aid}/signals", {"kind": "evil"}).status_code == 422
    with app.app_context():
        assert [e.kind for e in db.session.scalars(select(AttemptEvent))] == ["hidden"]


def test_staff_cannot_use_contestant_routes(app, world, make_user, api_login, client):
    make_user("wang", "admin")
    token = api_login("wang")
    assert client.get("/api/v1/me/exams").status_code == 403
    assert (
        client.post("/api/v1/exams/prelim/start", headers={"X-CSRFToken": token}).status_code == 403
    )


def test_venue_restriction(app, world, contestant):
    c = contestant(0)
    app.config["EXAM_NETWORKS"] = ["10.20.0.0/16"]
    r = post(c, "/exams/prelim/start")
    assert r.status_code == 403  # the test client comes from 127.0.0.1
    ok = c.post(
        "/api/v1/exams/prelim/start",
        headers={"X-CSRFToken": c.csrf},
        environ_base={"REMOTE_ADDR": "10.20.3.4"},
    )
    assert ok.status_code == 200
    # a forged X-Forwarded-For from an untrusted peer changes nothing
    forged = c.post(
        "/api/v1/exams/prelim/start",
        headers={"X-CSRFToken": c.csrf, "X-Forwarded-For": "10.20.3.4"},
    )
    assert forged.status_code == 403
