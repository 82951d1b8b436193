"""Blind, race-free double marking under load (reliability.md 15): eight graders drain 500
answers at once, two arbitrators settle the disagreements. Figures: tasks handed out twice 0,
graders holding both marks of an answer 0, identity strings shown 0, answers left unmarked 0,
server errors 0."""

from __future__ import annotations

import random
import re
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from examsvc.extensions import db
from examsvc.models import Attempt, ItemScore, MarkingTask
from tests.marking_helpers import build_crowd, leaks, mark, marker, next_task

ATTEMPTS = 250  # × 2 short items = 500 answers, 1000 marks to give
GRADERS = 8
ARBITRATORS = 2


@pytest.fixture
def app_config(app_config):
    """Threads of one process share the GIL: a thread holding SQLite's write lock can wait its
    turn behind the others for a while, so the busy timeout is generous here (processes, as
    in production, do not wait on each other like this)."""
    return {**app_config, "SQLITE_BUSY_TIMEOUT_MS": 60_000}


def drain(client, stage, seed, barrier):
    """Mark until nothing is left: returns (task ids handed out, bodies, statuses)."""
    rng = random.Random(seed)
    handed, bodies, statuses = [], [], []
    barrier.wait()
    while True:
        r = next_task(client, stage=stage)
        statuses.append(r.status_code)
        if r.status_code != 200:
            return handed, bodies, statuses
        body = r.get_json()
        bodies.append(body)
        handed.append(body["task_id"])
        # the answer's number fixes a fair mark; now and then a grader is far off (→ arbitration)
        n = int(re.search(r"答案(\d+)", body["answer_text"]).group(1))
        score = n % 4 + (rng.choice([0, 0, 0, 0, 0.5, 1, 2]) if "marks" not in body else 0.25)
        statuses.append(mark(client, body["task_id"], score).status_code)


def test_eight_graders_drain_five_hundred_answers(app, make_user):
    with app.app_context():
        crowd = build_crowd(ATTEMPTS)
    graders = [marker(app, make_user, f"评卷{i}") for i in range(GRADERS)]
    arbitrators = [marker(app, make_user, f"仲裁{i}", "arbitrator") for i in range(ARBITRATORS)]

    started = time.monotonic()
    barrier = threading.Barrier(GRADERS)
    with ThreadPoolExecutor(GRADERS) as pool:
        results = list(
            pool.map(
                lambda pair: drain(pair[1], crowd.stage_code, pair[0], barrier), enumerate(graders)
            )
        )
    barrier = threading.Barrier(ARBITRATORS)
    with ThreadPoolExecutor(ARBITRATORS) as pool:
        decided = list(pool.map(lambda c: drain(c, crowd.stage_code, 0, barrier), arbitrators))
    elapsed = time.monotonic() - started

    handed = [t for result in results for t in result[0]]
    arbitrated = [t for result in decided for t in result[0]]
    statuses = Counter(s for result in results + decided for s in result[2])
    print(
        f"\n{len(handed)} marks by {GRADERS} graders, {len(arbitrated)} arbitrations, "
        f"{elapsed:.1f} s, statuses {dict(statuses)}"
    )
    assert set(statuses) <= {200, 204}, statuses  # no 409, no 5xx
    assert len(handed) == 2 * 2 * ATTEMPTS
    duplicates = len(handed) + len(arbitrated) - len(set(handed) | set(arbitrated))
    assert duplicates == 0
    shown = [body for result in results + decided for body in result[1]]
    assert sum(len(leaks(body, crowd.identities)) for body in shown) == 0
    assert all(not set(body) & {"ticket", "name", "organisation", "seat"} for body in shown)
    with app.app_context():
        unmarked = db.session.scalar(select(func.count()).where(MarkingTask.marked_at.is_(None)))
        assert unmarked == 0
        same_grader_twice = db.session.scalar(
            select(func.count()).select_from(
                select(MarkingTask.attempt_id, MarkingTask.item_no, MarkingTask.grader_id)
                .group_by(MarkingTask.attempt_id, MarkingTask.item_no, MarkingTask.grader_id)
                .having(func.count() > 1)
                .subquery()
            )
        )
        assert same_grader_twice == 0
        assert db.session.scalar(select(func.count()).where(MarkingTask.slot == 3)) == len(
            arbitrated
        )
        assert db.session.scalar(select(func.count()).where(ItemScore.final.is_(False))) == 0
        assert db.session.scalar(select(func.count()).where(Attempt.theory_final.is_(False))) == 0
