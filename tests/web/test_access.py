"""Every route declares who may call it, and the declaration holds for every role.

New routes are picked up from ``app.url_map``: a route without a rule fails here.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from examsvc.auth.access import BUILTIN_PUBLIC
from examsvc.extensions import db
from examsvc.models import Base, Role

ROLES = [r.value for r in Role]
FILLERS = {"int": "999999", "string": "x", "path": "x/y", "default": "x"}


def concrete_urls(app):
    """(endpoint, method, url) for every route, with placeholder values for its arguments."""
    out = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in BUILTIN_PUBLIC:
            continue
        values = {}
        for arg in rule.arguments:
            converter = type(rule._converters[arg]).__name__.lower()
            kind = next((k for k in FILLERS if k in converter), "default")
            values[arg] = FILLERS[kind]
        url = rule.build(values)[1] if values else rule.rule
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            out.append((rule.endpoint, method, url))
    return out


def test_every_route_declares_its_access_rule(app):
    missing = [
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.endpoint not in BUILTIN_PUBLIC
        and not hasattr(app.view_functions[rule.endpoint], "access_roles")
    ]
    assert missing == [], f"routes without @roles_required/@public: {missing}"


def row_counts(app):
    with app.app_context():
        counts = {
            t.name: db.session.scalar(select(func.count()).select_from(t))
            for t in Base.metadata.sorted_tables
            if t.name not in ("security_events", "user_sessions", "login_counters")
        }
        db.session.rollback()
        return counts


@pytest.mark.parametrize("role", [None, *ROLES])
def test_no_route_grants_more_than_its_rule(app, make_user, role):
    """Each role (and anonymous) against every route: refused where the rule says so, and
    a refused call changes nothing."""
    client = app.test_client()
    token = None
    if role:
        make_user("who", role)
        token = client.post(
            "/api/v1/auth/login", json={"username": "who", "password": "password-123"}
        ).get_json()["csrf_token"]
    app.config["TESTING_HIDE_ERRORS"] = True
    before = row_counts(app)
    violations = []
    for endpoint, method, url in concrete_urls(app):
        rule = app.view_functions[endpoint].access_roles
        if rule is None or (role and Role(role) in rule):
            continue  # allowed: behaviour is each feature's own test
        if endpoint in ("auth.logout", "api.api_logout") and role:
            continue  # any logged-in user may log out; this would end the test's session
        headers = {"X-CSRFToken": token} if token else {}
        r = client.open(url, method=method, headers=headers, json={} if method != "GET" else None)
        allowed = r.status_code < 300 or (
            r.status_code == 302 and "/login" not in (r.location or "")
        )
        if allowed:
            violations.append((role, method, url, r.status_code))
    assert violations == []
    assert row_counts(app) == before
