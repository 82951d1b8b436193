"""Helpers shared by the bank's web and API tests: logged-in clients, form posts, row counts."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from examsvc.extensions import db
from examsvc.models import Base, Question
from tests.conftest import csrf_from

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

SINGLE = {
    "type": "single",
    "stem": "值班员发现报警信息时，首先应当（　）。",
    "option_a": "核实报警信息",
    "option_b": "关闭报警主机",
    "option_c": "离开岗位",
    "option_d": "忽略报警",
    "answer_single": "A",
    "difficulty": "2",
    "source": "教材 第5章",
    "tags": "area:alarm-handling, level:apply",
}


def client_for(app: Any, username: str, password: str = "password-123") -> Any:
    """A test client logged in as ``username`` through the login form."""
    client = app.test_client()
    token = csrf_from(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login", data={"username": username, "password": password, "csrf_token": token}
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client


def token_of(client: Any) -> str:
    """The session's CSRF token (every page carries it in a meta tag)."""
    return csrf_from(client.get("/", follow_redirects=True).get_data(as_text=True))


def post(client: Any, url: str, data: dict[str, Any], **kwargs: Any) -> Any:
    """POST a form with the session's CSRF token."""
    return client.post(url, data={"csrf_token": token_of(client), **data}, **kwargs)


def create(client: Any, **changes: Any) -> int:
    """Create a question through the editor; returns its id."""
    response = post(client, "/bank/new", {**SINGLE, **changes, "save": "1"})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return int(response.location.rstrip("/").split("/")[-1])


def question_count(app: Any) -> int:
    """How many questions the bank holds."""
    with app.app_context():
        n = db.session.scalar(select(func.count()).select_from(Question)) or 0
        db.session.rollback()
        return n


def row_counts(app: Any) -> dict[str, int]:
    """Rows per table, leaving out the tables that every request may touch (sessions, log)."""
    with app.app_context():
        counts = {
            t.name: db.session.scalar(select(func.count()).select_from(t)) or 0
            for t in Base.metadata.sorted_tables
            if t.name not in ("security_events", "user_sessions", "login_counters")
        }
        db.session.rollback()
        return counts


def field_block(html: str, marker: str) -> str:
    """The part of a page that holds the form field marked by ``marker`` (e.g. ``id="stem"``):
    from the start of its field container to the start of the next one."""
    at = html.index(marker)
    start = max(html.rfind(s, 0, at + len(s)) for s in ('<div class="field', "<fieldset"))
    ends = [
        j
        for j in (html.find(s, at + 1) for s in ('<div class="field', "<fieldset", "</fieldset>"))
        if j != -1
    ]
    return html[start : min(ends, default=len(html))]
