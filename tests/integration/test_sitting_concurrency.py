"""Races the database must settle: parallel starts, reordered saves from two tabs, and many
submitters racing the overdue sweep (reliability.md 5, 6, 11)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, select

from examsvc.extensions import db
from examsvc.models import Answer, Attempt, AttemptStatus, ItemScore, MarkingTask
from examsvc.sitting import services


def clone(app, client):
    """Another client sharing ``client``'s login (the same browser in another thread)."""
    other = app.test_client()
    cookie = client.get_cookie("examsvc_session")
    other.set_cookie("examsvc_session", cookie.value)
    other.csrf = client.csrf
    return other


def test_fifty_parallel_starts_make_one_attempt(app, contestant):
    c = contestant(0)
    clients = [clone(app, c) for _ in range(50)]
    barrier = threading.Barrier(50)

    def go(client):
        barrier.wait()
        r = client.post("/api/v1/exams/prelim/start", headers={"X-CSRFToken": client.csrf})
        return r.status_code, (r.get_json() or {}).get("id")

    with ThreadPoolExecutor(50) as pool:
        results = list(pool.map(go, clients))
    assert {status for status, _ in results} == {200}, results
    assert len({aid for _, aid in results}) == 1
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Attempt)) == 1


EDITS = st.lists(
    st.tuples(
        st.sampled_from(["tab1", "tab2"]),
        st.sampled_from([1, 3, 4]),
        st.integers(0, 3),
    ),
    min_size=1,
    max_size=12,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(edits=EDITS, data=st.data())
def test_reordered_duplicated_saves_from_two_tabs_keep_the_newest(app, contestant, edits, data):
    """Saves made in order (increasing seq), delivered shuffled and duplicated: the stored
    answer is always the one with the highest seq delivered, decided by the database."""
    c = getattr(test_reordered_duplicated_saves_from_two_tabs_keep_the_newest, "_client", None)
    if c is None or c.application is not app:
        c = contestant(0)
        test_reordered_duplicated_saves_from_two_tabs_keep_the_newest._client = c
        c.post("/api/v1/exams/prelim/start", headers={"X-CSRFToken": c.csrf})
    with app.app_context():
        aid = db.session.scalar(select(Attempt.id))
        db.session.execute(delete(Answer))
        db.session.commit()
    values = {1: ["A", "B", "C", "D"], 3: [True, False, True, False], 4: ["甲", "乙", "丙", "丁"]}
    messages = []
    for seq, (tab, item, pick) in enumerate(edits, start=1):
        messages.append((item, values[item][pick], seq * 10 + (1 if tab == "tab2" else 0)))
    deliveries = data.draw(
        st.lists(st.sampled_from(messages), min_size=len(messages), max_size=3 * len(messages))
    )
    deliveries += messages  # everything arrives at least once, in some order
    deliveries = data.draw(st.permutations(deliveries))
    for item, value, seq in deliveries:
        r = c.put(
            f"/api/v1/attempts/{aid}/answers/{item}",
            json={"value": value, "seq": seq},
            headers={"X-CSRFToken": c.csrf},
        )
        assert r.status_code == 200
    expected = {}
    for item, value, seq in messages:
        if item not in expected or seq > expected[item][1]:
            expected[item] = (value, seq)
    answers = c.get(f"/api/v1/attempts/{aid}").get_json()
    assert answers["answers"] == {str(i): v for i, (v, _s) in expected.items()}
    assert answers["seqs"] == {str(i): s for i, (_v, s) in expected.items()}


def test_submitters_racing_the_sweep_submit_and_grade_once(app, world, contestant, clock):
    clients = [contestant(i) for i in range(2)]
    attempt_ids = []
    for c in clients:
        r = c.post("/api/v1/exams/prelim/start", headers={"X-CSRFToken": c.csrf})
        attempt_ids.append(r.get_json()["id"])
        c.put(
            f"/api/v1/attempts/{attempt_ids[-1]}/answers/1",
            json={"value": "C", "seq": 1},
            headers={"X-CSRFToken": c.csrf},
        )
    clock.advance(minutes=61)  # past every deadline: the sweep and the submitters compete
    workers = []
    for c, aid in zip(clients, attempt_ids, strict=True):
        workers += [(clone(app, c), aid) for _ in range(10)]
    barrier = threading.Barrier(len(workers) + 1)
    swept = []

    def submit(pair):
        client, aid = pair
        barrier.wait()
        return client.post(
            f"/api/v1/attempts/{aid}/submit", headers={"X-CSRFToken": client.csrf}
        ).status_code

    def sweep():
        with app.app_context():
            barrier.wait()
            for _ in range(5):
                swept.append(
                    services.finalize_overdue(db.session, now=clock.now, grace=timedelta(seconds=3))
                )
                db.session.commit()

    with ThreadPoolExecutor(len(workers) + 1) as pool:
        sweeper = pool.submit(sweep)
        statuses = list(pool.map(submit, workers))
        sweeper.result()
    assert set(statuses) == {200}, statuses
    with app.app_context():
        for aid in attempt_ids:
            attempt = db.session.get(Attempt, aid)
            assert attempt.status is AttemptStatus.SUBMITTED
            assert attempt.submitted_at == attempt.deadline
            assert db.session.scalar(select(func.count()).where(ItemScore.attempt_id == aid)) == 4
            assert db.session.scalar(select(func.count()).where(MarkingTask.attempt_id == aid)) == 2
            assert db.session.get(ItemScore, (aid, 1)).score == 1


def test_close_overdue_command_finalizes_silent_attempts_once(
    app, world, contestant, clock, runner
):
    for i in range(2):
        c = contestant(i)
        c.post("/api/v1/exams/prelim/start", headers={"X-CSRFToken": c.csrf})
    clock.advance(minutes=30)
    assert "0 attempt" in runner.invoke(args=["exams", "close-overdue"]).output
    clock.advance(minutes=40)
    first = runner.invoke(args=["exams", "close-overdue"])
    assert first.exit_code == 0 and "2 attempt" in first.output
    assert "0 attempt" in runner.invoke(args=["exams", "close-overdue"]).output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ItemScore)) == 8
        assert {a.submitted_by for a in db.session.scalars(select(Attempt))} == {"deadline"}
