"""Admission-ticket numbers and the passwords printed on the tickets.

**Numbers.** ``<year><stage digit><4-digit sequence>``: the year the stage's exam opens (in the
contest's time zone), the stage's place in the contest (prelim 1, semi 2, final 3), then a
sequence from 0001. The first prelim contestant of 2025 is ``202510001``. The last number
given out under each prefix is kept in the database (site setting ``tickets.last:<prefix>``),
so a number is never given twice, not even after an enrolment is deleted. A number whose user
name is already taken (a staff account called ``202510007``) is skipped. At most 9,999
contestants per stage and year.

**Passwords.** Only password hashes are stored, yet the admission ticket must print the
password later. So a ticket's password is *derived*: ``HMAC-SHA256(SECRET_KEY,
"ticket-password:" + ticket)`` mapped onto 10 characters of
:data:`examsvc.auth.services.PASSWORD_ALPHABET` (no look-alike characters; about 57 bits).
Anyone holding the secret key can recompute every password, and nobody else can. Rotating
the secret key changes every derived password: run ``examsvc roster reset-passwords --stage
CODE`` for each stage afterwards, then reprint the tickets.

The derived passwords are hashed with PBKDF2-SHA256 (20,000 rounds, about 10 ms) instead of
the staff accounts' scrypt (about 100 ms): they are long random strings that the secret key
reproduces anyway, and a roster of a thousand contestants must import within one request.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from examsvc.auth.services import PASSWORD_ALPHABET
from examsvc.database import insert_for
from examsvc.errors import ConflictError
from examsvc.models import Enrolment, SiteSetting, Stage, User
from questionbank.problems import N_

SEQUENCE_DIGITS = 4
PASSWORD_LENGTH = 10
TICKET_HASH_METHOD = "pbkdf2:sha256:20000"
_PURPOSE = b"ticket-password:"


def ticket_prefix(stage: Stage) -> str:
    """``<year><stage digit>`` for the stage (e.g. ``20251`` for the 2025 prelim)."""
    year = stage.opens_at.astimezone(ZoneInfo(stage.contest.timezone)).year
    return f"{year}{stage.ordinal + 1}"


def counter_key(prefix: str) -> str:
    """The site setting that holds the last sequence number given under ``prefix``."""
    return f"tickets.last:{prefix}"


def allocate_tickets(session: Session, stage: Stage, count: int, *, now: datetime) -> list[str]:
    """Reserve ``count`` new ticket numbers for ``stage``, in increasing order.

    The counter row is locked (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite writers are
    serialised already), so two imports at once never get the same number.

    :raises ConflictError: if the stage would pass 9,999 tickets in its year.
    """
    if count <= 0:
        return []
    prefix = ticket_prefix(stage)
    key = counter_key(prefix)
    session.execute(
        insert_for(session, SiteSetting.__table__)
        .values(key=key, value={"last": 0}, updated_at=now)
        .on_conflict_do_nothing(index_elements=["key"])
    )
    setting = session.scalar(
        select(SiteSetting)
        .where(SiteSetting.key == key)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    assert setting is not None
    last = max(int(setting.value.get("last", 0)), _highest_in_use(session, prefix))
    pattern = re.compile(rf"{prefix}\d{{{SEQUENCE_DIGITS}}}")
    taken = {
        name
        for name in session.scalars(select(User.username).where(User.username.like(f"{prefix}%")))
        if pattern.fullmatch(name)
    }
    tickets: list[str] = []
    while len(tickets) < count:
        last += 1
        if last >= 10**SEQUENCE_DIGITS:
            raise ConflictError(N_("no admission ticket numbers left for this stage this year"))
        ticket = f"{prefix}{last:0{SEQUENCE_DIGITS}d}"
        if ticket not in taken:
            tickets.append(ticket)
    setting.value = {"last": last}
    setting.updated_at = now
    session.flush()
    return tickets


def _highest_in_use(session: Session, prefix: str) -> int:
    """The highest sequence number among existing tickets of the prefix (0 if none): the
    counter can then never hand out a number that was made some other way."""
    highest = 0
    for ticket in session.scalars(
        select(Enrolment.ticket).where(Enrolment.ticket.like(f"{prefix}%"))
    ):
        rest = ticket[len(prefix) :]
        if len(rest) == SEQUENCE_DIGITS and rest.isdigit():
            highest = max(highest, int(rest))
    return highest


def ticket_password(secret: str, ticket: str) -> str:
    """The password printed on admission ticket ``ticket`` (see the module docstring)."""
    digest = hmac.new(secret.encode("utf-8"), _PURPOSE + ticket.encode("utf-8"), hashlib.sha256)
    number = int.from_bytes(digest.digest(), "big")
    chars = []
    for _ in range(PASSWORD_LENGTH):
        number, index = divmod(number, len(PASSWORD_ALPHABET))
        chars.append(PASSWORD_ALPHABET[index])
    return "".join(chars)


def ticket_password_hash(secret: str, ticket: str) -> str:
    """The stored hash of the ticket's derived password."""
    return generate_password_hash(ticket_password(secret, ticket), method=TICKET_HASH_METHOD)
