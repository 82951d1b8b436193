"""Who may enter the contest: the checks a roster row and an online registration both pass.

A person is given as text (:class:`PersonForm`, as typed into a form or read from a
spreadsheet cell) and becomes a :class:`Person` only if every rule holds:

* name (1–50 characters), resident ID number and organisation (1–200 characters) are required;
* the ID number passes GB 11643 (length, characters, birth date, check digit:
  :func:`questionbank.identity.check_id_number`);
* the age on the contest's reference date is within its limits, both ends inclusive
  (:func:`questionbank.identity.check_age`);
* a gender, if given, is 男/女 (or M/F, male/female) and agrees with the ID number's order
  code; if not given it is taken from the ID number;
* a birth date, if given, agrees with the ID number;
* a mobile number, if given (required for online registration), is a mainland mobile number;
* the union-card answer, if given, is yes or no (是/否, Y/N, 1/0, true/false);
* occupation is at most 100 characters.

:func:`check_people` adds the rule across rows: the same ID number twice in one file is an
error on the later row, naming the earlier one. Every problem is reported at once, each on the
canonical field it concerns, so a spreadsheet reader can place it by row and column.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from questionbank.identity import (
    FEMALE,
    MALE,
    check_age,
    check_id_number,
    check_mobile,
    normalise_id_number,
)
from questionbank.problems import N_, Problem, ValidationError, error, raise_if_errors

MAX_NAME = 50
MAX_ORGANISATION = 200
MAX_OCCUPATION = 100

_GENDERS = {"男": MALE, "M": MALE, "MALE": MALE, "女": FEMALE, "F": FEMALE, "FEMALE": FEMALE}
_YES = {"是", "有", "Y", "YES", "TRUE", "1", "√", "✓"}
_NO = {"否", "无", "没有", "N", "NO", "FALSE", "0", "×", "✗"}
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class EligibilityRules:
    """A contest's entry rules: ages ``age_min``..``age_max`` (inclusive) on ``reference_date``.

    ``today`` is the date a birth date may not be after (passed in: the clock is a parameter).
    """

    age_min: int
    age_max: int
    reference_date: date
    today: date


@dataclass(frozen=True)
class PersonForm:
    """A person as text, before any check (field names are the canonical ones)."""

    name: str = ""
    id_number: str = ""
    organisation: str = ""
    gender: str = ""
    birth_date: str = ""
    phone: str = ""
    union_card: str = ""
    occupation: str = ""


@dataclass(frozen=True)
class Person:
    """A checked, normalised person: eligible for the contest."""

    name: str
    id_number: str
    organisation: str
    gender: str
    birth_date: date
    age: int
    phone: str
    union_card: bool
    occupation: str


def clean_text(text: str) -> str:
    """``text`` with width folded (NFKC) and runs of whitespace made one space, trimmed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text or "")).strip()


def parse_yes_no(text: str) -> bool | None:
    """``True`` for 是/Y/yes/1/true…, ``False`` for 否/N/no/0/false… or blank, ``None`` otherwise."""
    value = clean_text(text).upper()
    if not value or value in _NO:
        return False
    if value in _YES:
        return True
    return None


def parse_date(text: str) -> date | None:
    """A date written ``2025-07-25``, ``2025/7/25``, ``2025.7.25``, ``2025年7月25日`` or
    ``20250725`` (a spreadsheet's date cell reads as the first); ``None`` if it is none of them
    or does not exist."""
    value = clean_text(text)
    match = _DATE.fullmatch(value) or _COMPACT_DATE.fullmatch(value)
    if not match:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def check_person(
    form: PersonForm, rules: EligibilityRules, *, phone_required: bool = False
) -> Person:
    """Check one person against ``rules`` (see the module docstring).

    :raises ValidationError: listing every problem, each on its canonical field (``name``,
        ``id_number``, ``organisation``, ``gender``, ``birth_date``, ``phone``, ``union_card``,
        ``occupation``).
    """
    problems: list[Problem] = []
    name = _required(form.name, "name", MAX_NAME, problems)
    organisation = _required(form.organisation, "organisation", MAX_ORGANISATION, problems)
    occupation = clean_text(form.occupation)
    if len(occupation) > MAX_OCCUPATION:
        problems.append(_too_long("occupation", MAX_OCCUPATION))

    info = None
    age = 0
    if not clean_text(form.id_number):
        problems.append(error("id_number", N_("required")))
    else:
        try:
            info = check_id_number(form.id_number, rules.today)
            age = check_age(info.birth_date, rules.reference_date, rules.age_min, rules.age_max)
        except ValidationError as exc:
            problems += exc.problems

    gender = info.gender if info else ""
    if clean_text(form.gender):
        given = _GENDERS.get(clean_text(form.gender).upper())
        if given is None:
            problems.append(
                error("gender", N_("gender is 男 or 女, not %(value)s"), value=form.gender.strip())
            )
        elif info and given != info.gender:
            problems.append(
                error(
                    "gender",
                    N_("the ID number says %(id_gender)s, the form says %(given)s"),
                    id_gender=info.gender,
                    given=given,
                )
            )

    if clean_text(form.birth_date):
        born = parse_date(form.birth_date)
        if born is None:
            problems.append(
                error(
                    "birth_date",
                    N_("%(value)s is not a date (write it as 1990-03-07)"),
                    value=form.birth_date.strip(),
                )
            )
        elif info and born != info.birth_date:
            problems.append(
                error(
                    "birth_date",
                    N_("the ID number says born %(id_date)s, the form says %(given)s"),
                    id_date=info.birth_date.isoformat(),
                    given=born.isoformat(),
                )
            )

    phone = ""
    if clean_text(form.phone):
        try:
            phone = check_mobile(form.phone)
        except ValidationError as exc:
            problems += exc.problems
    elif phone_required:
        problems.append(error("phone", N_("required")))

    union_card = parse_yes_no(form.union_card)
    if union_card is None:
        problems.append(
            error(
                "union_card",
                N_("answer 是 or 否 (yes or no), not %(value)s"),
                value=form.union_card.strip(),
            )
        )

    raise_if_errors(problems)
    assert info is not None  # no problem means the ID number was read
    return Person(
        name=name,
        id_number=info.number,
        organisation=organisation,
        gender=gender,
        birth_date=info.birth_date,
        age=age,
        phone=phone,
        union_card=bool(union_card),
        occupation=occupation,
    )


def _required(text: str, field: str, limit: int, problems: list[Problem]) -> str:
    value = clean_text(text)
    if not value:
        problems.append(error(field, N_("required")))
    elif len(value) > limit:
        problems.append(_too_long(field, limit))
    return value


def _too_long(field: str, limit: int) -> Problem:
    return error(field, N_("at most %(max)s characters"), max=limit)


@dataclass(frozen=True)
class CheckedRow:
    """A row that passed: its number (as the file shows it) and the person."""

    row: int
    person: Person


def check_people(
    rows: Iterable[tuple[int, PersonForm]], rules: EligibilityRules
) -> tuple[list[CheckedRow], list[Problem]]:
    """Check numbered rows of people and the rule across them (one ID number, one row).

    Returns the rows that passed and every problem, each with its ``row`` set (and its
    ``field``, for the caller to name the column). A row repeating an earlier row's ID number
    is an error on the later row; it is not returned.
    """
    passed: list[CheckedRow] = []
    problems: list[Problem] = []
    first_row: dict[str, int] = {}
    for number, form in rows:
        row_problems: list[Problem] = []
        person = None
        try:
            person = check_person(form, rules)
        except ValidationError as exc:
            row_problems += exc.problems
        # repeats are found on the number as written (normalised), valid or not
        id_number = normalise_id_number(form.id_number)
        earlier = first_row.setdefault(id_number, number) if id_number else number
        if earlier != number:
            row_problems.append(
                error(
                    "id_number",
                    N_("ID number %(id_number)s is also on row %(row)s"),
                    id_number=id_number,
                    row=earlier,
                )
            )
        if row_problems:
            problems += [p.at(row=number) for p in row_problems]
        elif person is not None:
            passed.append(CheckedRow(number, person))
    return passed, problems
