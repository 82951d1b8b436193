"""Contestants into a stage: roster imports (all-or-nothing), enrolment with an admission
ticket and a login, credentials, password resets and ID photos.

The file's own rules (ID checksum, age, phone, required fields, an ID number twice in the file)
are checked by :func:`questionbank.io.roster.read_roster`; this module adds what only the
database knows: the same ID number is the same person across the contest's stages (an existing
contestant is reused, and a different name under their ID number is an error), and someone
already enrolled in the stage is reported and skipped, never enrolled twice. Then everybody is
written, or nobody.
"""

from __future__ import annotations

import codecs
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from examsvc.errors import InvalidInputError, NotFoundError
from examsvc.models import AuditRecord, Contest, Contestant, Enrolment, Role, Stage, User
from examsvc.ranking.services import lock_stage
from examsvc.roster.tickets import allocate_tickets, ticket_password, ticket_password_hash
from questionbank.eligibility import EligibilityRules, Person
from questionbank.io.roster import RosterFile, RosterRow, read_roster
from questionbank.io.tables import write_table
from questionbank.problems import N_, Problem


@dataclass(frozen=True)
class Credential:
    """A contestant's login for one stage (the password is the derived one)."""

    ticket: str
    name: str
    organisation: str
    password: str


@dataclass(frozen=True)
class Placement:
    """Where a contestant sits the exam (printed on the admission ticket)."""

    venue: str = ""
    room: str = ""
    seat: str = ""


@dataclass
class RosterReport:
    """What a roster import did, or in a dry run would do."""

    stage: str
    filename: str
    dry_run: bool
    #: data rows in the file
    rows: int = 0
    #: the new enrolments (in a dry run: the people who would be enrolled, without tickets)
    enrolled: list[Credential] = field(default_factory=list)
    #: of those, people the contest already knew (from another stage or a registration)
    reused: int = 0
    #: rows skipped because the person is enrolled in the stage already
    skipped: list[Problem] = field(default_factory=list)
    #: errors: any one of them means nobody is imported
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether the import can go ahead (no error)."""
        return not self.problems


def eligibility_rules(contest: Contest, now: datetime) -> EligibilityRules:
    """The contest's entry rules; "today" is ``now`` in the contest's time zone."""
    today = now.astimezone(ZoneInfo(contest.timezone)).date()
    return EligibilityRules(contest.age_min, contest.age_max, contest.age_reference_date, today)


def import_roster(
    session: Session,
    stage: Stage,
    data: bytes,
    filename: str,
    *,
    secret: str,
    actor_id: int | None,
    now: datetime,
    dry_run: bool = False,
) -> RosterReport:
    """Import a roster file into ``stage``: everyone in it, or (on any error) nobody.

    Each new person gets a contestant record, an admission ticket, a contestant login named
    after the ticket with the ticket's derived password, and an enrolment (source ``roster``).
    The import is audited (``roster.imported``, with the tickets given).

    :raises InvalidInputError: (not in a dry run) listing every problem by row and column when
        any row is invalid; nothing is written. A dry run returns them in the report instead.
    """
    roster = read_roster(data, filename, eligibility_rules(stage.contest, now))
    report = RosterReport(stage.code, filename, dry_run, rows=roster.row_count)
    if not dry_run:
        lock_stage(session, stage)  # two imports at once must not both add the same person
    report.problems = [p for p in roster.problems if p.severity == "error"]
    existing, enrolled = _known(session, stage, [r.person.id_number for r in roster.rows])
    todo: list[tuple[RosterRow, Contestant | None]] = []
    for row in roster.rows:
        person = row.person
        known = existing.get(person.id_number)
        if known is not None and known.name != person.name:
            report.problems.append(
                roster.problem(
                    "name",
                    N_("ID number %(id_number)s belongs to %(name)s in this contest"),
                    row.row,
                    id_number=person.id_number,
                    name=known.name,
                )
            )
        elif known is not None and known.id in enrolled:
            report.skipped.append(_already_enrolled(roster, row, enrolled[known.id]))
        else:
            todo.append((row, known))
    report.problems.sort(key=lambda p: p.row or 0)
    report.reused = sum(1 for _, known in todo if known is not None)
    if report.problems and not dry_run:
        raise InvalidInputError(
            N_("the roster has errors: nobody was imported"), problems=report.problems
        )
    if report.problems or dry_run:
        report.enrolled = [
            Credential("", row.person.name, row.person.organisation, "") for row, _ in todo
        ]
        return report

    people = []
    for row, known in todo:
        contestant = known or new_contestant(session, stage.contest_id, row.person, now=now)
        people.append((contestant, Placement(row.venue, row.room, row.seat)))
    report.enrolled = enrol(session, stage, people, source="roster", secret=secret, now=now)
    session.add(
        AuditRecord(
            at=now,
            actor_id=actor_id,
            action="roster.imported",
            entity="stage",
            entity_id=str(stage.id),
            new={
                "file": filename,
                "enrolled": [c.ticket for c in report.enrolled],
                "already_enrolled": len(report.skipped),
            },
            reason=filename,
        )
    )
    session.flush()
    return report


def _known(
    session: Session, stage: Stage, id_numbers: Sequence[str]
) -> tuple[dict[str, Contestant], dict[int, str]]:
    """The contest's contestants with these ID numbers, and who of them is enrolled in the
    stage (contestant id → ticket)."""
    existing = {
        c.id_number: c
        for c in session.scalars(
            select(Contestant).where(
                Contestant.contest_id == stage.contest_id, Contestant.id_number.in_(id_numbers)
            )
        )
    }
    enrolled = dict(
        session.execute(
            select(Enrolment.contestant_id, Enrolment.ticket).where(
                Enrolment.stage_id == stage.id,
                Enrolment.contestant_id.in_([c.id for c in existing.values()]),
            )
        ).all()
    )
    return existing, enrolled


def _already_enrolled(roster: RosterFile, row: RosterRow, ticket: str) -> Problem:
    found = roster.problem(
        "id_number",
        N_("%(name)s is enrolled in this stage already (ticket %(ticket)s): skipped"),
        row.row,
        name=row.person.name,
        ticket=ticket,
    )
    return found.at(severity="warning")


def new_contestant(
    session: Session, contest_id: int, person: Person, *, now: datetime
) -> Contestant:
    """Add a checked person to the contest."""
    contestant = Contestant(
        contest_id=contest_id,
        id_number=person.id_number,
        name=person.name,
        gender=person.gender,
        birth_date=person.birth_date,
        organisation=person.organisation,
        phone=person.phone,
        union_card=person.union_card,
        occupation=person.occupation,
        created_at=now,
    )
    session.add(contestant)
    return contestant


def enrol(
    session: Session,
    stage: Stage,
    people: Sequence[tuple[Contestant, Placement]],
    *,
    source: str,
    secret: str,
    now: datetime,
) -> list[Credential]:
    """Enrol contestants in ``stage``: a new ticket each (in the given order), a contestant
    login named after it with the derived password, and the enrolment. Callers make sure
    nobody is enrolled twice (the database refuses it too).

    :raises ConflictError: if the stage runs out of ticket numbers.
    """
    session.flush()  # new contestants need their ids
    tickets = allocate_tickets(session, stage, len(people), now=now)
    credentials = []
    for ticket, (contestant, place) in zip(tickets, people, strict=True):
        user = User(
            username=ticket,
            display_name=contestant.name,
            role=Role.CONTESTANT,
            password_hash=ticket_password_hash(secret, ticket),
            created_at=now,
        )
        session.add(user)
        session.flush()
        session.add(
            Enrolment(
                stage_id=stage.id,
                contestant_id=contestant.id,
                ticket=ticket,
                user_id=user.id,
                venue=place.venue,
                room=place.room,
                seat=place.seat,
                source=source,
                created_at=now,
            )
        )
        credentials.append(
            Credential(
                ticket, contestant.name, contestant.organisation, ticket_password(secret, ticket)
            )
        )
    session.flush()
    return credentials


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class RosterEntry:
    """An enrolment with its person."""

    enrolment: Enrolment
    contestant: Contestant


def stage_roster(
    session: Session, stage: Stage, tickets: Sequence[str] | None = None
) -> list[RosterEntry]:
    """The stage's enrolments with their people, by ticket (only ``tickets`` if given).

    :raises NotFoundError: if a ticket asked for is not enrolled in the stage.
    """
    query = (
        select(Enrolment, Contestant)
        .join(Contestant, Contestant.id == Enrolment.contestant_id)
        .where(Enrolment.stage_id == stage.id)
        .order_by(Enrolment.ticket)
    )
    if tickets is not None:
        query = query.where(Enrolment.ticket.in_(tickets))
    entries = [RosterEntry(e, c) for e, c in session.execute(query).all()]
    if tickets is not None and len(entries) != len(set(tickets)):
        raise NotFoundError(N_("no such admission ticket in this stage"))
    return entries


def credentials(session: Session, stage: Stage, *, secret: str) -> list[Credential]:
    """Every contestant's login for the stage (for the organisers; never for contestants)."""
    return [
        Credential(
            e.enrolment.ticket,
            e.contestant.name,
            e.contestant.organisation,
            ticket_password(secret, e.enrolment.ticket),
        )
        for e in stage_roster(session, stage)
    ]


def credentials_csv(rows: Sequence[Credential], *, bom: bool = True) -> bytes:
    """``ticket,name,password`` (with that header) as UTF-8 csv; a name never becomes a
    formula. ``bom``: start with a byte-order mark, so that Excel reads the Chinese names (the
    web download); files the CLI writes start with the header itself."""
    data = write_table(
        ["ticket", "name", "password"], [[c.ticket, c.name, c.password] for c in rows], "csv"
    )
    return data if bom else data.removeprefix(codecs.BOM_UTF8)


def reset_passwords(
    session: Session, stage: Stage, *, secret: str, actor_id: int | None, now: datetime
) -> int:
    """Store the derived password of every ticket of the stage again (after the secret key
    was rotated); returns how many logins changed. Audited (``roster.passwords_reset``)."""
    count = 0
    for entry in stage_roster(session, stage):
        user = session.get(User, entry.enrolment.user_id)
        assert user is not None
        user.password_hash = ticket_password_hash(secret, entry.enrolment.ticket)
        count += 1
    session.add(
        AuditRecord(
            at=now,
            actor_id=actor_id,
            action="roster.passwords_reset",
            entity="stage",
            entity_id=str(stage.id),
            new={"logins": count},
            reason="secret key rotated",
        )
    )
    session.flush()
    return count


def set_photo(
    session: Session, stage: Stage, ticket: str, data: bytes, *, actor_id: int | None, now: datetime
) -> Contestant:
    """Store an ID photo for the contestant holding ``ticket`` (kept for every stage).

    :raises NotFoundError: no such ticket in the stage.
    :raises InvalidInputError: not a PNG/JPEG/GIF/WebP image, or over 5 MB.
    """
    from examsvc.bank.transfer import store_image

    (entry,) = stage_roster(session, stage, [ticket])
    image = store_image(session, data, actor_id=actor_id, now=now)
    entry.contestant.photo_digest = image.digest
    session.flush()
    return entry.contestant


def mask_id_number(id_number: str) -> str:
    """An ID number as printed on a ticket: region and last four digits only."""
    return id_number[:6] + "*" * 8 + id_number[14:] if len(id_number) == 18 else id_number
