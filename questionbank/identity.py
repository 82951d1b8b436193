"""Roster eligibility: resident ID numbers, ages and mobile numbers (pure functions).

An 18-digit PRC resident ID number (GB 11643-1999) is ``RRRRRR YYYYMMDD SSS C``: a 6-digit
region code, the date of birth, a 3-digit order code whose last digit is odd for men and even
for women, and a check digit. The check digit is ``"10X98765432"[Σ dᵢ·wᵢ mod 11]`` with the
weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2. Only the region code's first digit is checked
(1–9): a full region table goes stale and a roster is not the place to police it.

Ages are in full years (周岁). Someone born on 29 February has their birthday on 1 March in a
common year: they turn 18 on 1 March, not on 28 February.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from questionbank.problems import N_, Problem, ValidationError, error, raise_if_errors

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_DIGITS = "10X98765432"
ID_LENGTH = 18
#: earliest plausible birth year (GB 11643 itself gives an example born in 1880)
MIN_BIRTH_YEAR = 1800
MALE, FEMALE = "男", "女"

_MOBILE = re.compile(r"1[3-9]\d{9}")
_MOBILE_SEPARATORS = re.compile(r"[\s\-()（）]")


@dataclass(frozen=True)
class IdInfo:
    """What an ID number says: the normalised number, region code, birth date and gender."""

    number: str
    region: str
    birth_date: date
    gender: str


def id_check_digit(first17: str) -> str:
    """The GB 11643 check digit of 17 digits.

    :raises ValueError: unless ``first17`` is exactly 17 ASCII digits.
    """
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise ValueError(f"17 digits expected, not {first17!r}")
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_DIGITS[total % 11]


def normalise_id_number(text: str) -> str:
    """``text`` with full-width characters folded, surrounding spaces removed, ``x`` → ``X``."""
    return unicodedata.normalize("NFKC", text or "").strip().upper()


def check_id_number(text: str, today: date | None = None) -> IdInfo:
    """Check an 18-digit resident ID number and return what it says.

    ``today`` is the date a birth date may not be after (default: the system date; pass it
    in wherever the clock matters).

    :raises ValidationError: with field ``id_number`` and a precise message: wrong length,
        a character that is not allowed (at its position), a region code starting with 0, a
        birth date that does not exist, is before 1800 or in the future, or a wrong check
        digit ("expected check digit X, got Y"). Every problem found is listed.
    """
    number = normalise_id_number(text)
    if len(number) != ID_LENGTH:
        raise _id_error(
            N_("an ID number has 18 characters, not %(n)s"), n=len(number), value=number
        )
    for position, char in enumerate(number, start=1):
        allowed = char in "0123456789" or (position == ID_LENGTH and char == "X")
        if not allowed:
            raise _id_error(
                N_("character %(position)s (%(char)s) is not allowed: 17 digits then a digit or X"),
                position=position,
                char=char,
                value=number,
            )
    problems: list[Problem] = []
    if number[0] == "0":
        problems.append(_problem(N_("region code %(region)s is not plausible"), region=number[:6]))
    birth = _birth_date(number[6:14])
    if birth is None:
        problems.append(
            _problem(N_("digits 7–14 (%(digits)s) are not a date of birth"), digits=number[6:14])
        )
    elif birth > (today or date.today()):
        problems.append(
            _problem(N_("the date of birth %(date)s is in the future"), date=birth.isoformat())
        )
    expected = id_check_digit(number[:17])
    if number[17] != expected:
        problems.append(
            _problem(
                N_("expected check digit %(expected)s, got %(got)s"),
                expected=expected,
                got=number[17],
            )
        )
    raise_if_errors(problems)
    gender = MALE if int(number[16]) % 2 else FEMALE
    return IdInfo(number=number, region=number[:6], birth_date=birth, gender=gender)  # type: ignore[arg-type]


def _birth_date(digits: str) -> date | None:
    try:
        born = date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None
    return born if born.year >= MIN_BIRTH_YEAR else None


def _problem(message: str, **params: object) -> Problem:
    return error("id_number", message, **params)


def _id_error(message: str, **params: object) -> ValidationError:
    return ValidationError([_problem(message, **params)])


def make_id_number(region: str, birth: date, seq: int, gender: str) -> str:
    """A valid synthetic ID number (for tests and the demo roster).

    ``seq`` (0–499) numbers people of one gender born on one day in one region: the order
    code is ``2 × seq + 1`` for 男 and ``2 × seq`` for 女, so its last digit carries the
    gender. ``gender`` is 男/女 (or M/F).

    :raises ValueError: for a region that is not 6 digits starting 1–9, a birth year before
        1800, a ``seq`` outside 0–499 or an unknown gender.
    """
    if not re.fullmatch(r"[1-9]\d{5}", region or ""):
        raise ValueError(f"a region code is 6 digits starting 1–9, not {region!r}")
    if birth.year < MIN_BIRTH_YEAR:
        raise ValueError(f"birth year {birth.year} is before {MIN_BIRTH_YEAR}")
    if not 0 <= seq <= 499:
        raise ValueError(f"seq is 0–499, not {seq}")
    male = {"男": True, "M": True, "女": False, "F": False}.get((gender or "").strip().upper())
    if male is None:
        raise ValueError(f"gender is 男 or 女, not {gender!r}")
    first17 = f"{region}{birth:%Y%m%d}{2 * seq + male:03d}"
    return first17 + id_check_digit(first17)


# --------------------------------------------------------------------------- age


def age_on(birth: date, on: date) -> int:
    """Age in full years (周岁) on the day ``on``.

    The birthday counts from its day: 18 on the 18th birthday itself. Born on 29 February,
    the birthday in a common year is 1 March.

    :raises ValueError: if ``on`` is before ``birth``.
    """
    if on < birth:
        raise ValueError(f"{on} is before the birth date {birth}")
    # comparing (month, day) puts 29 Feb after 28 Feb and before 1 Mar in every year
    before_birthday = (on.month, on.day) < (birth.month, birth.day)
    return on.year - birth.year - before_birthday


def check_age(birth: date, on: date, min_age: int, max_age: int) -> int:
    """Return the age on ``on`` if it is within ``min_age``..``max_age`` inclusive.

    18 on the reference day is eligible; 55 years and 364 days is eligible (still 55);
    56 on the day is not.

    :raises ValidationError: (field ``id_number``) when the age is outside the limits or the
        person is not born yet on ``on``.
    """
    if on < birth:
        raise _id_error(
            N_("born %(birth)s, after the reference date %(on)s"),
            birth=birth.isoformat(),
            on=on.isoformat(),
        )
    age = age_on(birth, on)
    if not min_age <= age <= max_age:
        raise _id_error(
            N_("aged %(age)s on %(on)s; contestants must be %(min)s–%(max)s"),
            age=age,
            on=on.isoformat(),
            min=min_age,
            max=max_age,
        )
    return age


# --------------------------------------------------------------------------- mobile numbers


def check_mobile(text: str) -> str:
    """A mainland mobile number normalised to its 11 digits.

    Full-width digits, spaces, hyphens and brackets are dropped, and a ``+86`` / ``0086`` /
    ``86`` country prefix in front of 11 digits is removed.

    :raises ValidationError: (field ``phone``) unless 11 digits starting 13–19 remain.
    """
    number = _MOBILE_SEPARATORS.sub("", unicodedata.normalize("NFKC", text or ""))
    for prefix in ("+86", "0086", "86"):
        if number.startswith(prefix) and len(number) == len(prefix) + 11:
            number = number[len(prefix) :]
            break
    if not _MOBILE.fullmatch(number) or not number.isascii():
        raise ValidationError(
            [
                error(
                    "phone",
                    N_("%(value)s is not a mainland mobile number (11 digits starting 13–19)"),
                    value=(text or "").strip(),
                )
            ]
        )
    return number
