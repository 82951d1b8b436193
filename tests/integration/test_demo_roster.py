"""The demo roster and registrations load through the real services."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from sqlalchemy import select

from examsvc.demo import make_roster
from examsvc.demo.people import DEMO_ROSTER, load_demo_people
from examsvc.extensions import db
from examsvc.models import Contestant, Stage
from examsvc.roster.registration import pending_registrations
from questionbank.io.tables import write_table
from tests.conftest import SECRET
from tests.contest_factories import make_contest

NOW = datetime(2025, 7, 1, 4, 0, tzinfo=UTC)


def test_the_committed_roster_is_what_the_generator_makes():
    assert DEMO_ROSTER.read_bytes() == write_table(make_roster.HEADER, make_roster.rows(), "csv")


def test_150_contestants_and_three_pending_registrations(app):
    with app.app_context():
        make_contest(now=NOW)
        stage = db.session.scalar(select(Stage).where(Stage.code == "prelim"))
        report = load_demo_people(db.session, stage, secret=SECRET, now=NOW)
        db.session.commit()
        assert report.ok and len(report.enrolled) == 150
        assert (
            report.enrolled[0].ticket == "202510001" and report.enrolled[-1].ticket == "202510150"
        )
        people = db.session.scalars(select(Contestant)).all()
        per_org = Counter(p.organisation for p in people)
        assert max(per_org.values()) >= 10  # someone earns the organising-unit certificate
        assert 30 < sum(p.union_card for p in people) < 90
        pending = pending_registrations(db.session, stage.contest, now=NOW)
        assert len(pending) == 3 and all(item.problems == [] for item in pending)
