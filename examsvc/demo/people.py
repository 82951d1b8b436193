"""The demo's contestants: the demo roster (``roster.csv``, 60 synthetic people, made by
``make_roster.py``) imported into a stage through the real roster import, and a few online
registrations waiting for approval.

``examsvc demo`` calls :func:`load_demo_people` once the demo contest exists.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from examsvc.models import Contest, Registration, Stage
from examsvc.roster.registration import PENDING, registration_data
from examsvc.roster.services import RosterReport, eligibility_rules, import_roster
from questionbank.eligibility import PersonForm, check_person
from questionbank.identity import make_id_number

DEMO_ROSTER = Path(__file__).with_name("roster.csv")

#: individuals who registered online (the notice's QR-code route) and wait for approval
DEMO_REGISTRATIONS = [
    PersonForm(
        name="郝思远",
        gender="男",
        id_number=make_id_number("110108", date(1991, 4, 12), 37, "男"),
        birth_date="1991-04-12",
        organisation="北京中关村科技园区物业服务中心",
        phone="13800006601",
        union_card="是",
        occupation="监控中心值机员",
    ),
    PersonForm(
        name="欧阳晓雯",
        gender="女",
        id_number=make_id_number("110105", date(1998, 10, 3), 112, "女"),
        birth_date="1998-10-03",
        organisation="北京京安保安服务有限公司",
        phone="13800006602",
        union_card="否",
        occupation="保安员",
    ),
    PersonForm(
        name="米兰",
        gender="女",
        id_number=make_id_number("130602", date(2004, 2, 29), 8, "女"),
        birth_date="2004-02-29",
        organisation="北京政法职业学院",
        phone="13800006603",
        union_card="否",
        occupation="安全防范技术专业学生",
    ),
]


def load_demo_roster(session: Session, stage: Stage, *, secret: str, now: datetime) -> RosterReport:
    """Import the demo roster into ``stage`` (tickets and logins as for any roster).

    :raises InvalidInputError: if the file does not pass (the demo data is out of date).
    """
    return import_roster(
        session, stage, DEMO_ROSTER.read_bytes(), DEMO_ROSTER.name, secret=secret, actor_id=None,
        now=now,
    )  # fmt: skip


def add_demo_registrations(
    session: Session, contest: Contest, *, now: datetime
) -> list[Registration]:
    """Add the demo's pending online registrations, checked like any (the demo's clock may be
    outside the registration period, so the period itself is not checked here).

    :raises ValidationError: if one no longer passes the contest's rules.
    """
    rules = eligibility_rules(contest, now)
    added = []
    for form in DEMO_REGISTRATIONS:
        person = check_person(form, rules, phone_required=True)
        registration = Registration(
            contest_id=contest.id, data=registration_data(person), status=PENDING, created_at=now
        )
        session.add(registration)
        added.append(registration)
    session.flush()
    return added


def load_demo_people(session: Session, stage: Stage, *, secret: str, now: datetime) -> RosterReport:
    """The demo roster in ``stage`` and the pending registrations of its contest."""
    report = load_demo_roster(session, stage, secret=secret, now=now)
    add_demo_registrations(session, stage.contest, now=now)
    return report
