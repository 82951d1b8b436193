"""The grading API (shared/spec/interfaces.md): blind double marking, the threshold rule,
arbitration, single marking, claims and their expiry, re-marks, and who may do what."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from examsvc.extensions import db
from examsvc.models import Attempt, AuditRecord, ItemScore, MarkingTask
from tests.factories import make_world
from tests.marking_helpers import (
    identity_strings,
    leaks,
    mark,
    marker,
    next_task,
    submit_short_answers,
)

ANSWERS = ["接警后先核实，再处置并上报，最后记录。", "先上报", "核实、处置", "不知道"]


@pytest.fixture
def marking(app, clock):
    """Four submitted attempts (objective items right: 1 + 0 + 0 + …) with short answers."""

    def build(answers=ANSWERS, **world_args):
        with app.app_context():
            world = make_world(contestants=len(answers), now=clock.now, **world_args)
            world.extra["attempts"] = submit_short_answers(world, answers, now=clock.now)
            world.extra["identities"] = identity_strings(world.stage_id)
            return world

    return build


def item_score(app, attempt_id, no=4):
    with app.app_context():
        row = db.session.get(ItemScore, (attempt_id, no))
        db.session.expunge_all()
        return row


def attempt_row(app, attempt_id):
    with app.app_context():
        row = db.session.get(Attempt, attempt_id)
        db.session.expunge_all()
        return row


def answer_of(app, task_id):
    """(attempt id, item no) of a task: what the marker must never see, read from the database."""
    with app.app_context():
        task = db.session.get(MarkingTask, task_id)
        return task.attempt_id, task.item_no


def test_next_gives_the_contract_shape_and_nothing_about_whose(app, marking, make_user):
    world = marking()
    g = marker(app, make_user, "评卷甲")
    r = next_task(g)
    assert r.status_code == 200
    body = r.get_json()
    assert set(body) >= {"task_id", "item", "answer_text"}
    assert set(body["item"]) >= {"stem_html", "reference_html", "rubric", "points"}
    assert "报警处置的基本流程" in body["item"]["stem_html"]
    assert "接警、核实、处置、上报、记录" in body["item"]["reference_html"]
    assert [p["text"] for p in body["item"]["rubric"]] == ["接警", "核实", "处置与上报", "记录"]
    assert [p["max"] for p in body["item"]["rubric"]] == [1.25, 1.25, 1.25, 1.25]
    assert body["item"]["points"] == 5.0
    assert body["answer_text"] in ANSWERS
    assert body["left"] == 4 and "marks" not in body
    identities = world.extra["identities"]
    assert "选手0" in identities and world.tickets[0] in identities  # the check can see them
    assert leaks({"planted": "选手0"}, identities) == ["选手0"]
    assert leaks(body, identities) == []
    for key in ("ticket", "name", "organisation", "seat", "attempt", "attempt_id", "grader"):
        assert key not in body and key not in body["item"]


def test_a_reload_gives_the_same_answer_back(app, marking, make_user):
    marking()
    g = marker(app, make_user, "评卷甲")
    first = next_task(g).get_json()
    again = next_task(g).get_json()
    assert again["task_id"] == first["task_id"]
    assert again["answer_text"] == first["answer_text"]


def drain(client, score_for, **params):
    """Mark everything the client is given; returns the task ids in order."""
    seen = []
    while True:
        r = next_task(client, **params)
        if r.status_code == 204:
            return seen
        assert r.status_code == 200, r.get_json()
        body = r.get_json()
        seen.append(body["task_id"])
        assert mark(client, body["task_id"], score_for(body["answer_text"])).status_code == 204


def test_two_graders_mark_each_answer_once_each_and_never_twice(app, marking, make_user, clock):
    world = marking()
    g1, g2, g3 = (marker(app, make_user, n) for n in ("评卷甲", "评卷乙", "评卷丙"))
    first = drain(g1, lambda text: 3)
    assert len(first) == 4  # one mark per answer, though four more tasks are open
    assert next_task(g1).status_code == 204
    second = drain(g2, lambda text: 3)
    assert len(second) == 4
    assert next_task(g3).status_code == 204  # every answer has its two marks
    answers = [answer_of(app, t) for t in first]
    assert len(set(answers)) == 4
    assert set(answers) == {answer_of(app, t) for t in second}
    for attempt_id in world.extra["attempts"]:
        score = item_score(app, attempt_id)
        assert (score.score, score.final, score.source) == (Decimal("3.00"), True, "marking")
        attempt = attempt_row(app, attempt_id)
        assert attempt.theory_final and attempt.theory_raw == Decimal("4.00")  # item 1 + 3
    with app.app_context():
        actions = db.session.scalars(select(AuditRecord.action)).all()
        assert actions.count("mark.recorded") == 8


@pytest.mark.parametrize(
    ("m1", "m2", "final"),
    [
        ("2.5", "3.5", Decimal("3.00")),  # exactly at the threshold: their mean
        (2.5, 2.75, Decimal("2.63")),  # the mean rounds half-up
        ("2", "3.01", None),  # beyond it: arbitration
        (0, 5, None),
    ],
)
def test_the_threshold_decides_between_mean_and_arbitration(app, marking, make_user, m1, m2, final):
    world = marking(answers=["核实、处置、上报"])
    g1, g2 = marker(app, make_user, "评卷甲"), marker(app, make_user, "评卷乙")
    assert mark(g1, next_task(g1).get_json()["task_id"], m1).status_code == 204
    assert item_score(app, world.extra["attempts"][0]).final is False  # one mark is not enough
    assert mark(g2, next_task(g2).get_json()["task_id"], m2).status_code == 204
    score = item_score(app, world.extra["attempts"][0])
    assert score.final is (final is not None)
    assert score.score == final
    with app.app_context():
        arbitration = db.session.scalar(select(func.count()).where(MarkingTask.slot == 3))
    assert arbitration == (1 if final is None else 0)


def test_an_arbitrator_decides_a_disagreement(app, marking, make_user):
    world = marking(answers=["核实、处置、上报"])
    g1, g2 = marker(app, make_user, "评卷甲"), marker(app, make_user, "评卷乙")
    arbiter = marker(app, make_user, "仲裁丁", "arbitrator")
    assert next_task(arbiter).status_code == 204  # nothing to decide yet
    mark(g1, next_task(g1).get_json()["task_id"], 1, "只答了两点")
    mark(g2, next_task(g2).get_json()["task_id"], 4, "要点基本齐全")
    assert next_task(g1).status_code == 204 and next_task(g2).status_code == 204
    r = next_task(arbiter)
    assert r.status_code == 200
    body = r.get_json()
    assert dict(zip(body["marks"], body["comments"], strict=True)) == {
        1.0: "只答了两点",
        4.0: "要点基本齐全",
    }
    assert body["threshold"] == 1.0 and body["answer_text"] == "核实、处置、上报"
    assert leaks(body, world.extra["identities"]) == []
    assert mark(arbiter, body["task_id"], "2.5", "按要点给分").status_code == 204
    score = item_score(app, world.extra["attempts"][0])
    assert (score.score, score.final, score.source) == (Decimal("2.50"), True, "arbitration")
    attempt = attempt_row(app, world.extra["attempts"][0])
    assert attempt.theory_final and attempt.theory_raw == Decimal("3.50")
    assert next_task(arbiter).status_code == 204
    with app.app_context():
        audit = db.session.scalar(
            select(AuditRecord).where(AuditRecord.action == "mark.arbitrated")
        )
        assert audit.new["score"] == "2.5" and audit.reason == "按要点给分"


def test_single_marking_makes_the_first_mark_final(app, marking, make_user):
    world = marking(answers=["核实、处置、上报", "上报"], double_marking=False)
    g1, g2 = marker(app, make_user, "评卷甲"), marker(app, make_user, "评卷乙")
    body = next_task(g1).get_json()
    assert body["left"] == 2
    mark(g1, body["task_id"], "4.5")
    assert len(drain(g2, lambda text: 1)) == 1  # only one answer was left
    assert next_task(g1).status_code == 204
    scores = sorted(item_score(app, a).score for a in world.extra["attempts"])
    assert scores == [Decimal("1.00"), Decimal("4.50")]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(MarkingTask)) == 2


def test_point_marks_add_up_to_the_mark(app, marking, make_user):
    world = marking(answers=["核实、处置、上报"], double_marking=False)
    g = marker(app, make_user, "评卷甲")
    task = next_task(g).get_json()["task_id"]
    r = mark(g, task, "2.5", points=["1.25", "1.25", 0, 1])
    assert r.status_code == 422  # the points add up to 3.5
    assert r.get_json()["error"]["problems"][0]["field"] == "score"
    r = mark(g, task, 3, points=[1.25, 1.25, 0, "1.5"])
    assert r.status_code == 422 and r.get_json()["error"]["problems"][0]["field"] == "points[3]"
    assert mark(g, task, "3.5", points=["1.25", "1.25", "0", "1"]).status_code == 204
    with app.app_context():
        stored = db.session.get(MarkingTask, task)
        assert stored.point_scores == ["1.25", "1.25", "0", "1"] and stored.score == Decimal("3.50")
    assert item_score(app, world.extra["attempts"][0]).score == Decimal("3.50")


@pytest.mark.parametrize("bad", [5.01, "5.01", -1, "2.555", "abc", "", True, None, [1], "NaN"])
def test_invalid_marks_are_refused_and_change_nothing(app, marking, make_user, bad):
    marking(answers=["核实"])
    g = marker(app, make_user, "评卷甲")
    task = next_task(g).get_json()["task_id"]
    r = mark(g, task, bad)
    assert r.status_code == 422, r.get_json()
    with app.app_context():
        assert db.session.get(MarkingTask, task).marked_at is None
        assert db.session.scalar(select(func.count()).select_from(AuditRecord)) == 0


def test_a_mark_is_given_once_and_only_on_ones_own_claim(app, marking, make_user):
    marking(answers=["核实"])
    g1, g2 = marker(app, make_user, "评卷甲"), marker(app, make_user, "评卷乙")
    mine = next_task(g1).get_json()["task_id"]
    r = mark(g2, mine, 3)
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "task_not_claimed"
    assert mark(g1, mine, 3).status_code == 204
    r = mark(g1, mine, 4)
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "already_marked"
    assert mark(g1, 999999, 3).status_code == 404
    assert g1.post(f"/api/v1/grading/tasks/{mine}", json={"score": 3}).status_code == 400  # CSRF


def test_graders_never_see_arbitration_tasks(app, marking, make_user):
    marking(answers=["核实"])
    g1, g2 = marker(app, make_user, "评卷甲"), marker(app, make_user, "评卷乙")
    mark(g1, next_task(g1).get_json()["task_id"], 0)
    mark(g2, next_task(g2).get_json()["task_id"], 5)
    with app.app_context():
        slot3 = db.session.scalar(select(MarkingTask.id).where(MarkingTask.slot == 3))
    g3 = marker(app, make_user, "评卷丙")
    assert next_task(g3).status_code == 204
    assert mark(g3, slot3, 3).status_code == 404


def test_an_abandoned_claim_expires_and_goes_to_another_grader(app, marking, make_user, clock):
    marking(answers=["核实"])
    g1, g2, g3 = (marker(app, make_user, n) for n in ("评卷甲", "评卷乙", "评卷丙"))
    held = next_task(g1).get_json()["task_id"]
    other = next_task(g2).get_json()["task_id"]
    assert other != held
    assert next_task(g3).status_code == 204  # both slots are held
    clock.advance(minutes=11)  # past the 10-minute claim
    assert mark(g1, held, 2).status_code == 204  # not taken over yet: still theirs to mark
    clock.advance(minutes=11)
    taken = next_task(g3).get_json()["task_id"]
    assert taken == other  # g2's claim lapsed and went to g3
    r = mark(g2, other, 2)
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "task_not_claimed"
    assert mark(g3, taken, 3).status_code == 204


def test_taking_another_question_releases_the_held_answer(app, marking, make_user):
    marking(answers=["核实", "上报"], double_marking=False)
    g1, g2 = marker(app, make_user, "评卷甲"), marker(app, make_user, "评卷乙")
    with app.app_context():
        qid = db.session.scalar(select(MarkingTask.question_id))
    held = next_task(g1, question=qid).get_json()["task_id"]
    assert next_task(g1, question=qid + 1000).status_code == 204  # no such question: nothing
    assert next_task(g1, question=qid).get_json()["task_id"] == held
    assert next_task(g2, question=qid).get_json()["task_id"] != held


def test_a_blank_answer_is_shown_as_blank_and_marked_zero(app, marking, make_user):
    world = marking(answers=[None], double_marking=False)
    g = marker(app, make_user, "评卷甲")
    body = next_task(g).get_json()
    assert body["answer_text"] == "" and body["blank"] is True
    assert mark(g, body["task_id"], 0, "blank").status_code == 204
    assert item_score(app, world.extra["attempts"][0]).score == Decimal("0.00")


def test_an_arbitrator_re_marks_a_final_mark_with_a_reason(app, marking, make_user):
    world = marking(answers=["核实、处置"], double_marking=False)
    g = marker(app, make_user, "评卷甲")
    arbiter = marker(app, make_user, "仲裁丁", "arbitrator")
    task = next_task(g).get_json()["task_id"]

    def remark(client, score, reason):
        return client.post(
            f"/api/v1/grading/tasks/{task}/remark",
            json={"score": score, "reason": reason},
            headers={"X-CSRFToken": client.csrf},
        )

    assert remark(arbiter, 3, "复核").status_code == 409  # not final yet
    mark(g, task, 2)
    assert remark(g, 3, "我想改").status_code == 403
    assert remark(arbiter, 3, "  ").status_code == 422
    assert remark(arbiter, 6, "超过满分").status_code == 422
    r = remark(arbiter, "3.5", "复核：第二要点已答到")
    assert r.status_code == 200 and r.get_json() == {"old": 2.0, "new": 3.5}
    score = item_score(app, world.extra["attempts"][0])
    assert (score.score, score.final, score.source) == (Decimal("3.50"), True, "arbitration")
    assert attempt_row(app, world.extra["attempts"][0]).theory_raw == Decimal("4.50")
    with app.app_context():
        changed = db.session.scalars(
            select(AuditRecord).where(AuditRecord.action == "mark.changed")
        ).all()
        assert len(changed) == 1
        assert changed[0].old == {"score": "2.00", "source": "marking"}
        assert changed[0].new == {"score": "3.5", "source": "arbitration"}
        assert changed[0].reason == "复核：第二要点已答到" and changed[0].actor_id is not None


def test_progress_counts_answers_by_how_far_marking_has_come(app, marking, make_user):
    marking()
    g1, g2 = marker(app, make_user, "评卷甲"), marker(app, make_user, "评卷乙")
    admin = marker(app, make_user, "主任", "admin")
    first = dict(zip(ANSWERS, [5, 1, 3, 0], strict=True))
    second = dict(zip(ANSWERS, [5, "1.5", 0, 0], strict=True))  # disagrees on ANSWERS[2] only
    drain(g1, first.get)
    given = []
    for _ in range(3):  # g2 marks three of the four answers, in its own random order
        body = next_task(g2).get_json()
        given.append(body["answer_text"])
        mark(g2, body["task_id"], second[body["answer_text"]])
    disputed = int(ANSWERS[2] in given)
    r = admin.get("/api/v1/grading/stages/prelim/progress")
    assert r.status_code == 200
    body = r.get_json()
    (question,) = body["questions"]
    assert (question["answers"], question["unmarked"], question["once"], question["twice"]) == (
        4,
        0,
        1,
        3,
    )
    assert question["awaiting_arbitration"] == disputed
    assert question["final"] == 3 - disputed
    assert question["agreement_pairs"] == 3
    assert question["agreement_rate"] == round(100 * (3 - disputed) / 3, 2)
    assert body["theory"] == {
        "submitted": 4,
        "final": 3 - disputed,
        "pending": 1 + disputed,
        "unmarked_items": 1 + disputed,
        "in_progress": 0,
    }
    graders = {g["grader"]: g for g in body["graders"]}
    assert graders["评卷甲"]["marks"] == 4 and graders["评卷乙"]["marks"] == 3
    assert graders["评卷甲"]["paired"] == graders["评卷乙"]["paired"] == 3
    assert graders["评卷甲"]["arbitrated"] == disputed


@pytest.mark.parametrize("role", ["contestant", "proctor", "admin", "author", "reviewer"])
def test_only_graders_and_arbitrators_are_given_answers(app, marking, make_user, role):
    world = marking()
    if role == "contestant":
        c = app.test_client()
        login = {"username": world.tickets[0], "password": world.password}
        assert c.post("/api/v1/auth/login", json=login).status_code == 200
    else:
        c = marker(app, make_user, "某人", role)
    assert next_task(c).status_code == 403


def test_overseers_only_see_the_dashboard_and_regrade(app, marking, make_user):
    marking()
    g = marker(app, make_user, "评卷甲")
    arbiter = marker(app, make_user, "仲裁丁", "arbitrator")
    assert g.get("/api/v1/grading/stages/prelim/progress").status_code == 403
    assert arbiter.get("/api/v1/grading/stages/prelim/progress").status_code == 200
    assert arbiter.get("/api/v1/grading/stages/prelim/regrade").status_code == 403
    assert next_task(g, stage="nope").status_code == 404
    assert g.get("/api/v1/grading/next").status_code == 400
