"""Individual online registration (the notice's QR-code route) and its approval queue.

Anyone may register while the contest's registration period is open (``registration_opens``
to ``registration_closes``, both days inclusive, in the contest's time zone). The form is
checked by the same rules as a roster row (:mod:`questionbank.eligibility`), with a mobile
number required so the organisers can reach the person. A registration waits, ``pending``,
until an administrator approves it (the person is enrolled in the contest's first stage with
a ticket and a login, source ``registration``) or rejects it with a note. Both decisions are
audited; a decision is taken once (a conditional update), so two administrators clicking at
the same moment cannot enrol someone twice.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from examsvc.errors import ConflictError, InvalidInputError, NotFoundError
from examsvc.models import AuditRecord, Contest, Contestant, Enrolment, Registration, Stage
from examsvc.ranking.services import lock_stage
from examsvc.roster.services import (
    Credential,
    Placement,
    eligibility_rules,
    enrol,
    new_contestant,
)
from questionbank.eligibility import Person, PersonForm, check_person
from questionbank.identity import normalise_id_number
from questionbank.problems import N_, Problem, ValidationError

PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"


class Window(StrEnum):
    """Where ``now`` is relative to the registration period."""

    UNSET = "unset"
    BEFORE = "before"
    OPEN = "open"
    AFTER = "after"


def registration_window(contest: Contest, now: datetime) -> Window:
    """Whether registration is open for ``contest`` at ``now`` (days in the contest's zone)."""
    if contest.registration_opens is None or contest.registration_closes is None:
        return Window.UNSET
    today = now.astimezone(ZoneInfo(contest.timezone)).date()
    if today < contest.registration_opens:
        return Window.BEFORE
    if today > contest.registration_closes:
        return Window.AFTER
    return Window.OPEN


def registration_data(person: Person) -> dict[str, object]:
    """A checked person as a registration keeps it (plain JSON values)."""
    data = asdict(person)
    data["birth_date"] = person.birth_date.isoformat()
    return data


def submit_registration(
    session: Session, contest: Contest, form: PersonForm, *, now: datetime
) -> Registration:
    """Record a registration, pending approval.

    :raises ConflictError: outside the registration period, or when the ID number is registered
        or enrolled in the contest already (the message does not say which, nor by whom).
    :raises InvalidInputError: listing every problem with the form (field by field).
    """
    if registration_window(contest, now) is not Window.OPEN:
        raise ConflictError(N_("registration is not open"))
    try:
        person = check_person(form, eligibility_rules(contest, now), phone_required=True)
    except ValidationError as exc:
        raise InvalidInputError(N_("please correct the form"), problems=exc.problems) from exc
    if _taken(session, contest, person.id_number):
        raise ConflictError(
            N_("this ID number is registered for the contest already; contact the organisers")
        )
    registration = Registration(
        contest_id=contest.id, data=registration_data(person), status=PENDING, created_at=now
    )
    session.add(registration)
    session.flush()
    return registration


def _taken(session: Session, contest: Contest, id_number: str) -> bool:
    if session.scalar(
        select(Contestant.id).where(
            Contestant.contest_id == contest.id, Contestant.id_number == id_number
        )
    ):
        return True
    # registrations keep their fields as JSON: compare in Python (a few hundred rows at most)
    pending = session.scalars(
        select(Registration).where(
            Registration.contest_id == contest.id, Registration.status == PENDING
        )
    )
    return any(r.data.get("id_number") == id_number for r in pending)


@dataclass(frozen=True)
class QueueItem:
    """A pending registration and what the rules say about it today."""

    registration: Registration
    problems: list[Problem]


def pending_registrations(session: Session, contest: Contest, *, now: datetime) -> list[QueueItem]:
    """The pending registrations, oldest first, each re-checked against today's rules."""
    rules = eligibility_rules(contest, now)
    items = []
    for registration in session.scalars(
        select(Registration)
        .where(Registration.contest_id == contest.id, Registration.status == PENDING)
        .order_by(Registration.created_at, Registration.id)
    ):
        try:
            check_person(_form(registration), rules, phone_required=True)
            problems: list[Problem] = []
        except ValidationError as exc:
            problems = exc.problems
        items.append(QueueItem(registration, problems))
    return items


def _form(registration: Registration) -> PersonForm:
    data = registration.data
    return PersonForm(
        name=str(data.get("name", "")),
        id_number=str(data.get("id_number", "")),
        organisation=str(data.get("organisation", "")),
        gender=str(data.get("gender", "")),
        birth_date=str(data.get("birth_date", "")),
        phone=str(data.get("phone", "")),
        union_card="是" if data.get("union_card") else "否",
        occupation=str(data.get("occupation", "")),
    )


def first_stage(session: Session, contest: Contest) -> Stage:
    """The contest's first stage (the one registrations enrol into).

    :raises NotFoundError: the contest has no stage yet.
    """
    stage = session.scalar(
        select(Stage).where(Stage.contest_id == contest.id).order_by(Stage.ordinal).limit(1)
    )
    if stage is None:
        raise NotFoundError(N_("the contest has no stage yet"))
    return stage


def _decide(
    session: Session,
    registration_id: int,
    status: str,
    *,
    actor_id: int | None,
    now: datetime,
    note: str,
) -> Registration:
    """Move a pending registration to ``status`` exactly once.

    :raises NotFoundError: no such registration.
    :raises ConflictError: it was decided already.
    """
    registration = session.get(Registration, registration_id)
    if registration is None:
        raise NotFoundError(N_("no such registration"))
    result = session.execute(
        update(Registration)
        .where(Registration.id == registration_id, Registration.status == PENDING)
        .values(status=status, decided_at=now, decided_by_id=actor_id, note=note)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise ConflictError(N_("this registration was decided already"))
    session.refresh(registration)
    return registration


def approve_registration(
    session: Session,
    registration_id: int,
    *,
    secret: str,
    actor_id: int | None,
    now: datetime,
) -> Credential:
    """Approve a registration: enrol the person in the contest's first stage with a ticket and
    a login (reusing them if the contest knows their ID number already). Audited.

    :raises NotFoundError: no such registration, or the contest has no stage.
    :raises ConflictError: decided already, or the person is enrolled in the stage already.
    :raises InvalidInputError: the registration no longer passes the rules (every problem).
    """
    registration = _decide(session, registration_id, APPROVED, actor_id=actor_id, now=now, note="")
    contest = session.get(Contest, registration.contest_id)
    assert contest is not None
    try:
        person = check_person(_form(registration), eligibility_rules(contest, now))
    except ValidationError as exc:
        raise InvalidInputError(
            N_("the registration no longer passes the rules"), problems=exc.problems
        ) from exc
    stage = first_stage(session, contest)
    lock_stage(session, stage)
    contestant = session.scalar(
        select(Contestant).where(
            Contestant.contest_id == contest.id,
            Contestant.id_number == normalise_id_number(person.id_number),
        )
    )
    if contestant is not None and session.scalar(
        select(Enrolment.id).where(
            Enrolment.stage_id == stage.id, Enrolment.contestant_id == contestant.id
        )
    ):
        raise ConflictError(N_("this person is enrolled in the stage already"))
    contestant = contestant or new_contestant(session, contest.id, person, now=now)
    (credential,) = enrol(
        session, stage, [(contestant, Placement())], source="registration", secret=secret, now=now
    )
    _audit(session, registration, "registration.approved", actor_id, now, "", credential.ticket)
    return credential


def reject_registration(
    session: Session, registration_id: int, note: str, *, actor_id: int | None, now: datetime
) -> Registration:
    """Reject a registration with a note saying why. Audited.

    :raises InvalidInputError: no note.
    :raises NotFoundError, ConflictError: as for approval.
    """
    note = (note or "").strip()
    if not note:
        raise InvalidInputError(N_("say why (it goes into the audit trail)"))
    registration = _decide(
        session, registration_id, REJECTED, actor_id=actor_id, now=now, note=note
    )
    _audit(session, registration, "registration.rejected", actor_id, now, note, None)
    return registration


def _audit(
    session: Session,
    registration: Registration,
    action: str,
    actor_id: int | None,
    now: datetime,
    reason: str,
    ticket: str | None,
) -> None:
    new: dict[str, object] = {"status": registration.status, "name": registration.data.get("name")}
    if ticket:
        new["ticket"] = ticket
    session.add(
        AuditRecord(
            at=now,
            actor_id=actor_id,
            action=action,
            entity="registration",
            entity_id=str(registration.id),
            old={"status": PENDING},
            new=new,
            reason=reason,
        )
    )
    session.flush()
