"""No answer key leaks (reliability.md 13): canary strings planted in explanations, rubrics and
reference answers never appear in anything a contestant can reach, in any attempt state.

Every GET route a contestant may call is taken from ``app.url_map`` (so new routes are crawled
automatically); a route with an argument this test does not know how to fill fails the test
until the filler below learns it.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from examsvc.extensions import db
from examsvc.models import Attempt, Role, Stage
from questionbank.model import QuestionContent, QuestionType, RubricPoint

CANARIES = {
    "explanation": "CANARY-EXPLANATION-4f1d",
    "reference": "CANARY-REFERENCE-8c2a",
    "rubric": "CANARY-RUBRIC-77e0",
}
#: field names that would carry secrets ("key" is allowed: the option labels the contestant sees)
FORBIDDEN_KEYS = {
    "answer_key",
    "correct",
    "correct_answer",
    "rubric",
    "explanation",
    "reference",
    "reference_html",
    "option_order",
    "mapping",
}


@pytest.fixture
def world(app, clock):
    """The conftest world, with canaries planted in every secret field."""
    from decimal import Decimal

    import tests.factories as factories

    planted = [
        QuestionContent(
            QuestionType.SINGLE,
            "单选题干？",
            ("甲", "乙", "丙", "丁"),
            "C",
            explanation=CANARIES["explanation"],
        ),
        QuestionContent(
            QuestionType.MULTIPLE,
            "多选题干？",
            ("甲", "乙", "丙", "丁"),
            ("A", "D"),
            explanation=CANARIES["explanation"],
        ),
        QuestionContent(
            QuestionType.TRUEFALSE, "判断题干。", answer=True, explanation=CANARIES["explanation"]
        ),
        QuestionContent(
            QuestionType.SHORT,
            "简答题干。",
            answer=CANARIES["reference"],
            rubric=(
                RubricPoint(CANARIES["rubric"], Decimal("0.5")),
                RubricPoint("要点二", Decimal("0.5")),
            ),
            explanation=CANARIES["explanation"],
        ),
    ]
    original = factories.SAMPLE
    factories.SAMPLE = planted
    try:
        with app.app_context():
            return factories.make_world(now=clock.now)
    finally:
        factories.SAMPLE = original


def contestant_get_routes(app):
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        roles = getattr(app.view_functions[rule.endpoint], "access_roles", False)
        if roles is None or (roles and Role.CONTESTANT in roles):
            yield rule


def fill(rule, attempt_id):
    values = {}
    for arg in rule.arguments:
        if arg == "attempt_id":
            values[arg] = attempt_id
        elif arg in ("stage_code", "stage", "code"):
            values[arg] = "prelim"
        elif arg == "no":
            values[arg] = 1
        elif arg == "digest":
            values[arg] = "0" * 64
        elif arg in ("contest_code", "contest"):
            values[arg] = "bspia-test"
        elif arg == "fmt":  # a download's format (the roster template)
            values[arg] = "csv"
        else:
            pytest.fail(f"teach test_secrecy how to fill <{arg}> of {rule.rule}")
    return rule.build(values)[1]


def crawl(app, client, attempt_id):
    seen = {}
    for rule in contestant_get_routes(app):
        url = fill(rule, attempt_id)
        r = client.get(url, follow_redirects=True)
        seen[url] = r.get_data(as_text=True)
    return seen


def field_names(value, found=None):
    """Every dictionary key anywhere in a JSON value."""
    found = set() if found is None else found
    if isinstance(value, dict):
        found.update(value)
        for v in value.values():
            field_names(v, found)
    elif isinstance(value, list):
        for v in value:
            field_names(v, found)
    return found


def assert_clean(pages, state):
    for url, body in pages.items():
        for name, canary in CANARIES.items():
            assert canary not in body, f"{name} leaked at {url} ({state})"
        if body.startswith(("{", "[")):
            keys = field_names(json.loads(body))
            assert not keys & FORBIDDEN_KEYS, f"{keys & FORBIDDEN_KEYS} at {url} ({state})"


def test_no_contestant_route_leaks_in_any_state(app, world, contestant, clock):
    c = contestant(0)
    pages = crawl(app, c, 999999)
    assert len(pages) >= 8
    assert_clean(pages, "before start")

    attempt = c.post("/api/v1/exams/prelim/start", headers={"X-CSRFToken": c.csrf}).get_json()
    aid = attempt["id"]
    for no, value in ((1, "A"), (2, ["B"]), (3, False), (4, "我的回答")):
        c.put(
            f"/api/v1/attempts/{aid}/answers/{no}",
            json={"value": value, "seq": 1},
            headers={"X-CSRFToken": c.csrf},
        )
    assert_clean(crawl(app, c, aid), "in progress")

    c.post(f"/api/v1/attempts/{aid}/submit", headers={"X-CSRFToken": c.csrf})
    assert_clean(crawl(app, c, aid), "submitted")

    clock.advance(hours=3)
    assert_clean(crawl(app, c, aid), "window closed")

    with app.app_context():
        db.session.scalar(select(Stage)).results_released_at = clock.now
        db.session.commit()
    released = crawl(app, c, aid)
    assert_clean(released, "results released without review")
    assert any("/result" in url for url in released)

    # another contestant's attempt is never reachable either
    other = contestant(1)
    assert_clean(crawl(app, other, aid), "someone else's attempt")
    with app.app_context():
        assert db.session.scalar(select(Attempt.id)) == aid
