"""Login, logout, throttling, server-side session revocation, CSRF, headers and language."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from examsvc.extensions import db
from examsvc.models import LoginCounter, SecurityEvent, UserSession
from tests.conftest import csrf_from


def events(app, kind):
    with app.app_context():
        return db.session.scalar(select(func.count()).where(SecurityEvent.kind == kind))


def test_login_page_is_chinese_by_default(client):
    page = client.get("/login")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert '<html lang="zh-CN">' in html
    assert "准考证号" in html and "登录" in html


def test_english_on_request_and_switchable(client):
    html = client.get("/login", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "admission ticket number" in html
    token = csrf_from(client.get("/login").get_data(as_text=True))
    client.post("/language", data={"lang": "en", "csrf_token": token, "next": "/login"})
    assert "Log in" in client.get("/login").get_data(as_text=True)
    assert client.post("/language", data={"lang": "fr", "csrf_token": token}).status_code == 400


def test_login_logout_round_trip(app, client, make_user, login):
    make_user("wang", "admin")
    response = login("wang")
    assert response.status_code == 302 and response.location == "/"
    assert "欢迎" in client.get("/").get_data(as_text=True)
    token = csrf_from(client.get("/").get_data(as_text=True))
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/").location.startswith("/login")
    assert events(app, "login") == 1 and events(app, "logout") == 1


def test_wrong_password_and_unknown_user_look_alike(app, client, make_user, login):
    make_user("wang", "admin")
    bad_password = login("wang", "nope-nope")
    unknown = login("nobody", "nope-nope")
    assert bad_password.status_code == unknown.status_code == 401
    assert "用户名或密码错误" in bad_password.get_data(as_text=True)
    assert events(app, "login_failed") == 2


def test_login_redirects_only_within_site(client, make_user):
    make_user("wang", "admin")
    token = csrf_from(client.get("/login").get_data(as_text=True))
    for target, expected in [
        ("/healthz", "/healthz"),
        ("//evil.example/", "/"),
        ("https://evil.example/", "/"),
    ]:
        client.get("/")  # keep the session
        r = client.post(
            f"/login?next={target}",
            data={"username": "wang", "password": "password-123", "csrf_token": token},
        )
        assert r.location == expected
        token = (
            csrf_from(client.get("/login").get_data(as_text=True))
            if r.status_code != 302
            else token
        )
        client.post(
            "/logout", data={"csrf_token": csrf_from(client.get("/").get_data(as_text=True))}
        )
        token = csrf_from(client.get("/login").get_data(as_text=True))


def test_account_throttled_after_repeated_failures(app, client, make_user, login):
    make_user("wang", "admin")
    for _ in range(5):
        assert login("wang", "wrong-password").status_code == 401
    locked = login("wang")  # even the right password is refused while locked
    assert locked.status_code == 429
    assert "分钟后再试" in locked.get_data(as_text=True)
    # the lock ends by itself
    app.config["CLOCK"] = lambda: datetime.now(UTC) + timedelta(minutes=6)
    assert login("wang").status_code == 302


def test_throttle_counts_across_processes_in_the_database(app, make_user):
    """Counters live in the database: a second app (another worker) sees the same lock."""
    from examsvc import create_app

    make_user("wang", "admin")
    other = create_app(dict(app.config))
    for client in (
        app.test_client(),
        other.test_client(),
        app.test_client(),
        other.test_client(),
        app.test_client(),
    ):
        r = client.post("/api/v1/auth/login", json={"username": "wang", "password": "bad-bad-bad"})
        assert r.status_code == 401
    r = other.test_client().post(
        "/api/v1/auth/login", json={"username": "wang", "password": "password-123"}
    )
    assert r.status_code == 429 and r.get_json()["error"]["code"] == "too_many_attempts"
    assert int(r.headers["Retry-After"]) > 0
    with app.app_context():
        assert db.session.get(LoginCounter, "account:wang").failures == 5
    with other.app_context():
        db.engine.dispose()


def test_venue_behind_one_address_is_not_locked_out_by_one_account(app, make_user):
    for n in range(8):
        make_user(f"c{n}", "contestant")
    client = app.test_client()
    for _ in range(5):
        client.post("/api/v1/auth/login", json={"username": "c0", "password": "bad-bad-bad"})
    for n in range(1, 8):  # same address, other accounts: fine
        r = client.post(
            "/api/v1/auth/login", json={"username": f"c{n}", "password": "password-123"}
        )
        assert r.status_code == 200


def test_cookie_replayed_after_logout_is_refused(app, client, make_user, login):
    make_user("wang", "admin")
    login("wang")
    stolen = client.get_cookie("examsvc_session").value
    token = csrf_from(client.get("/").get_data(as_text=True))
    client.post("/logout", data={"csrf_token": token})
    thief = app.test_client()
    thief.set_cookie("examsvc_session", stolen)
    assert thief.get("/").status_code == 302  # back to login
    assert thief.get("/api/v1/auth/csrf").status_code == 200
    assert thief.post("/api/v1/auth/logout").status_code in (400, 401)


def test_disabling_an_account_ends_its_sessions(app, client, make_user, login, runner):
    make_user("wang", "admin")
    login("wang")
    assert client.get("/").status_code == 200
    result = runner.invoke(args=["users", "disable", "wang"])
    assert result.exit_code == 0, result.output
    assert client.get("/").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(UserSession.revoked_at.is_(None))) == 0
    assert login("wang").status_code == 401


def test_new_session_id_at_login(app, client, make_user, login):
    make_user("wang", "admin")
    client.get("/login")
    before = client.get_cookie("examsvc_session").value
    login("wang")
    after = client.get_cookie("examsvc_session").value
    assert before != after
    set_cookie = app.test_client().get("/login").headers["Set-Cookie"]
    assert "HttpOnly" in set_cookie and "SameSite=Lax" in set_cookie


def test_csrf_refused_on_forms(app, client, make_user, login):
    make_user("wang", "admin")
    login("wang")
    assert client.post("/logout").status_code == 400  # no token
    assert client.post("/logout", data={"csrf_token": "forged"}).status_code == 400
    other = app.test_client()
    make_user("li", "author")
    other.post("/api/v1/auth/login", json={"username": "li", "password": "password-123"})
    foreign = csrf_from(other.get("/").get_data(as_text=True))
    assert client.post("/logout", data={"csrf_token": foreign}).status_code == 400
    assert client.get("/").status_code == 200  # still logged in
    assert events(app, "csrf_denied") == 3


def test_api_login_logout_and_csrf_header(app, client, make_user):
    make_user("wang", "admin")
    r = client.post("/api/v1/auth/login", json={"username": "wang", "password": "password-123"})
    assert r.status_code == 200
    body = r.get_json()
    assert body["role"] == "admin" and body["csrf_token"]
    no_token = client.post("/api/v1/auth/logout")
    assert no_token.status_code == 400
    assert no_token.get_json()["error"]["code"] == "csrf_failed"
    stale = client.post(
        "/api/v1/auth/logout", headers={"X-CSRFToken": "x" + body["csrf_token"][1:]}
    )
    assert stale.status_code == 400
    assert (
        client.post("/api/v1/auth/logout", headers={"X-CSRFToken": body["csrf_token"]}).status_code
        == 204
    )
    after = client.post("/api/v1/auth/logout", headers={"X-CSRFToken": body["csrf_token"]})
    assert after.status_code == 400  # the old token died with the session


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"username": "wang"}, 400),
        ({"username": 1, "password": 2}, 400),
        ({"username": "wang", "password": "bad-bad-bad"}, 401),
    ],
)
def test_api_login_errors_are_json(client, make_user, body, status):
    make_user("wang", "admin")
    r = client.post("/api/v1/auth/login", json=body)
    assert r.status_code == status
    error = r.get_json()["error"]
    assert set(error) >= {"code", "message"}


def test_api_login_requires_json_body(client, make_user):
    make_user("wang", "admin")
    r = client.post("/api/v1/auth/login", data={"username": "wang", "password": "password-123"})
    assert r.status_code == 400  # a cross-site form cannot log anyone in


def test_security_headers(client):
    r = client.get("/login")
    csp = r.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["X-Frame-Options"] == "DENY"


def test_api_errors_have_json_shape(client):
    r = client.get("/api/v1/nothing-here")
    assert r.status_code == 404
    assert r.get_json() == {
        "error": {"code": "not_found", "message": r.get_json()["error"]["message"]}
    }
    r = client.post("/api/v1/auth/logout")
    assert r.status_code in (400, 401) and "error" in r.get_json()


def test_database_down_answers_503(app, client, monkeypatch):
    from sqlalchemy.exc import OperationalError

    def broken(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    app.config["TESTING_HIDE_ERRORS"] = True
    monkeypatch.setattr(db.session, "execute", broken)
    r = client.get("/healthz", headers={"Accept": "application/json"})
    assert r.status_code == 503
    assert "connection refused" not in r.get_data(as_text=True)


def test_users_create_cli(app, runner):
    r = runner.invoke(args=["users", "create", "chen", "--role", "reviewer"])
    assert r.exit_code == 0, r.output
    assert "password:" in r.output
    password = r.output.split("password:")[1].split()[0]
    client = app.test_client()
    assert (
        client.post(
            "/api/v1/auth/login", json={"username": "chen", "password": password}
        ).status_code
        == 200
    )
    again = runner.invoke(args=["users", "create", "chen", "--role", "reviewer"])
    assert again.exit_code == 1 and "exists already" in again.output
    short = runner.invoke(args=["users", "create", "x", "--role", "admin", "--password", "short"])
    assert short.exit_code == 1 and "8 characters" in short.output
