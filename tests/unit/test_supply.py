"""The bank's supply of a blueprint, and contest data checked like a contest file."""

import tomllib
from collections import Counter
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from questionbank.assembly import Pool, PoolQuestion
from questionbank.blueprint import Blueprint, Quota, Section
from questionbank.contestfile import contest_from_data, parse_contest
from questionbank.model import QuestionType as T
from questionbank.problems import ValidationError
from questionbank.supply import blueprint_supply

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "contest.example.toml"
ALARM, STD = "area:alarm-handling", "source:standard"


def pq(qid, qtype=T.SINGLE, difficulty=3, tags=()):
    return PoolQuestion(
        1000 + qid, qid, qtype, difficulty, frozenset(tags), 4 if qtype.is_choice else 0
    )


def small_pool():
    """10 single (ids 1–10, difficulty 1–5 twice; ids 1–4 alarm-handling, ids 1, 2, 9 standard),
    4 true/false (difficulty 3, ids 11 and 12 standard)."""
    questions = []
    for i in range(1, 11):
        tags = set()
        if i <= 4:
            tags.add(ALARM)
        if i in (1, 2, 9):
            tags.add(STD)
        questions.append(pq(i, T.SINGLE, (i - 1) % 5 + 1, tags))
    questions += [pq(i, T.TRUEFALSE, 3, {STD} if i in (11, 12) else ()) for i in range(11, 15)]
    return Pool(questions)


def test_counts_per_section_and_quota_by_hand():
    blueprint = Blueprint(
        sections=(
            Section(T.SINGLE, 3, Decimal(1), tags_any=(ALARM,), difficulty=(2, 4)),
            Section(T.TRUEFALSE, 2, Decimal("0.5")),
        ),
        quotas=(Quota(STD, 1), Quota("area:law-ethics", 0, 1)),
    )
    supply = blueprint_supply(blueprint, small_pool())
    # alarm-handling singles are ids 1–4 with difficulties 1, 2, 3, 4: ids 2, 3, 4 fit 2–4
    assert [(s.available, s.needed, s.short) for s in supply.sections] == [(3, 3, 0), (4, 2, 0)]
    # standard: ids 1, 2, 9 (single) and 11, 12 (true/false); id 1 (difficulty 1) and id 9 (not
    # alarm-handling) fit no section
    std = supply.quotas[0]
    assert (std.carrying, std.eligible, std.short) == (5, 3, 0)
    assert (supply.quotas[1].carrying, supply.quotas[1].eligible) == (0, 0)
    assert supply.pool_size == 14
    # no target set: section means weighted by count, (3·3 + 3·2) / 5 = 3
    assert supply.target_difficulty == Decimal(3) and not supply.target_set
    assert supply.band == (Decimal("2.7"), Decimal("3.3"))
    assert supply.feasible and supply.problems == ()


def test_short_sections_and_quotas_are_named():
    blueprint = Blueprint(
        sections=(Section(T.SINGLE, 5, Decimal(1), tags_all=(ALARM,)),),
        quotas=(Quota(STD, 4),),
        target_difficulty=Decimal("2.5"),
    )
    supply = blueprint_supply(blueprint, small_pool())
    assert supply.sections[0].available == 4 and supply.sections[0].short == 1
    # standard alarm-handling singles: ids 1 and 2
    assert supply.quotas[0].eligible == 2 and supply.quotas[0].short == 2
    assert supply.target_set and supply.target_difficulty == Decimal("2.5")
    assert not supply.feasible
    assert supply.problems[0].field == "sections[0]"
    assert supply.problems[0].params["short"] == 1


def test_an_invalid_blueprint_gets_its_problems_and_no_counts():
    blueprint = Blueprint(sections=(Section(T.SINGLE, 0, Decimal(1)),))
    supply = blueprint_supply(blueprint, small_pool())
    assert not supply.feasible
    assert [p.field for p in supply.problems] == ["sections[0].count"]
    assert supply.sections[0].available == 0


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([T.SINGLE, T.MULTIPLE, T.TRUEFALSE]),
            st.integers(1, 5),
            st.sets(st.sampled_from([ALARM, STD, "area:basics"]), max_size=2),
        ),
        max_size=40,
    ),
    st.sampled_from([T.SINGLE, T.MULTIPLE, T.TRUEFALSE]),
    st.tuples(st.integers(1, 5), st.integers(1, 5)).map(sorted),
    st.sets(st.sampled_from([ALARM, STD, "area:basics"]), max_size=2),
)
def test_section_counts_match_a_plain_filter(rows, qtype, difficulty, tags_any):
    pool = Pool(pq(i, t, d, tags) for i, (t, d, tags) in enumerate(rows, start=1))
    section = Section(
        qtype, 1, Decimal(1), tags_any=tuple(sorted(tags_any)), difficulty=tuple(difficulty)
    )
    supply = blueprint_supply(Blueprint(sections=(section,), quotas=(Quota(STD, 0),)), pool)
    accepted = [
        d
        for t, d, tags in rows
        if t == qtype and difficulty[0] <= d <= difficulty[1] and (not tags_any or tags & tags_any)
    ]
    assert supply.sections[0].available == len(accepted)
    carrying = Counter(STD in tags for _, _, tags in rows)[True]
    assert supply.quotas[0].carrying == carrying
    # one item: feasible when some accepted difficulty lies within 0.3 of their mean
    if accepted:
        target = Fraction(round(Fraction(sum(accepted), len(accepted)) * 100), 100)
        reachable = any(abs(d - target) <= Fraction(3, 10) for d in accepted)
    else:
        reachable = False
    assert supply.feasible == reachable


# --------------------------------------------------------------------------- contest data


def test_contest_data_is_checked_like_the_file():
    data = tomllib.loads(EXAMPLE.read_text("utf-8"), parse_float=Decimal)
    assert contest_from_data(data) == parse_contest(EXAMPLE.read_text("utf-8"))


def test_contest_data_from_code_reports_key_paths():
    data = tomllib.loads(EXAMPLE.read_text("utf-8"), parse_float=Decimal)
    exam = data["stages"][0]["exam"]
    cst = timezone(timedelta(hours=8))
    exam["opens_at"] = datetime(2025, 7, 28, 12, 0, tzinfo=cst)  # after closes_at
    exam["sections"][1]["count"] = "fifteen"
    exam["duration_minutes"] = 90
    with pytest.raises(ValidationError) as info:
        contest_from_data(data)
    fields = {p.field: p.message for p in info.value.problems}
    assert fields == {
        "stages[0].exam.sections[1].count": "must be an integer",
        "stages[0].exam.closes_at": "must be after opens_at",
    }
