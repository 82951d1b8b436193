"""Security events are logged (database and log), and secrets never are (reliability.md 29)."""

from __future__ import annotations

import logging

from sqlalchemy import select

from examsvc.extensions import db
from examsvc.models import SecurityEvent

PASSWORD_CANARY = "canary-Pa55word-7f3e"
TOKEN_CANARY = "canary-token-91ab"


def test_events_logged_and_no_secret_in_logs(app, client, make_user, caplog, world, contestant):
    caplog.set_level(logging.DEBUG)
    make_user("wang", "admin", password=PASSWORD_CANARY)
    make_user("li", "grader")
    # failures, a success, a forbidden call, a CSRF refusal, a blocked second login
    client.post("/api/v1/auth/login", json={"username": "wang", "password": PASSWORD_CANARY + "x"})
    ok = client.post("/api/v1/auth/login", json={"username": "wang", "password": PASSWORD_CANARY})
    token = ok.get_json()["csrf_token"]
    cookie = client.get_cookie("examsvc_session").value
    client.post("/api/v1/auth/logout", headers={"X-CSRFToken": TOKEN_CANARY})
    other = app.test_client()
    other.post("/api/v1/auth/login", json={"username": "li", "password": "password-123"})
    other.get("/proctor/")
    first = contestant(0)
    first.post("/api/v1/exams/prelim/start", headers={"X-CSRFToken": first.csrf})
    app.test_client().post(
        "/api/v1/auth/login", json={"username": world.tickets[0], "password": world.password}
    )
    client.post("/api/v1/auth/logout", headers={"X-CSRFToken": token})

    with app.app_context():
        kinds = {e.kind for e in db.session.scalars(select(SecurityEvent))}
        rows = db.session.scalars(select(SecurityEvent)).all()
        stored = " ".join(f"{r.username} {r.ip} {r.path} {r.detail}" for r in rows)
    assert {
        "login",
        "login_failed",
        "logout",
        "csrf_denied",
        "forbidden",
        "session_blocked",
    } <= kinds
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "login_failed" in logged and "csrf_denied" in logged
    for secret in (
        PASSWORD_CANARY,
        TOKEN_CANARY,
        token,
        cookie,
        world.password,
        app.config["SECRET_KEY"],
    ):
        assert secret not in logged
        assert secret not in stored
