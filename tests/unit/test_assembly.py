import hashlib
import json
import random
import time
from collections import Counter
from contextlib import ExitStack, nullcontext
from decimal import Decimal
from fractions import Fraction
from itertools import combinations
from unittest import mock

import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from questionbank.assembly import (
    AssemblyError,
    Pool,
    PoolQuestion,
    assemble,
    check_feasibility,
    exposure_report,
    paper_seed,
)
from questionbank.blueprint import Blueprint, MultipleScoring, Quota, Section, blueprint_problems
from questionbank.model import OPTION_KEYS
from questionbank.model import QuestionType as T

STD = "source:standard"
FAST = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def pq(qid, qtype=T.SINGLE, difficulty=3, tags=(), options=None):
    if options is None:
        options = 4 if qtype.is_choice else 0
    return PoolQuestion(1000 + qid, qid, qtype, difficulty, frozenset(tags), options)


def section(qtype, count, points="1", **kw):
    return Section(qtype, count, Decimal(points), **kw)


# --------------------------------------------------------------------------- independent oracle


def target_of(bp: Blueprint, questions) -> Fraction:
    """The band's centre, computed here independently of the implementation."""
    if bp.target_difficulty is not None:
        return Fraction(bp.target_difficulty)
    total, weight = Fraction(0), 0
    for s in bp.sections:
        ds = [q.difficulty for q in questions if s.accepts(q.type, q.difficulty, q.tags)]
        if ds:
            total += Fraction(sum(ds), len(ds)) * s.count
            weight += s.count
    return Fraction(round(total / weight * 100), 100) if weight else Fraction(3)


def meets_rules(bp, chosen, target) -> bool:
    for quota in bp.quotas:
        n = sum(quota.tag in q.tags for q in chosen)
        if n < quota.min or (quota.max is not None and n > quota.max):
            return False
    mean = Fraction(sum(q.difficulty for q in chosen), len(chosen))
    return abs(mean - target) <= Fraction(3, 10)


def brute_force_feasible(bp, questions, excluded) -> bool:
    """Try every choice of questions per section (tiny instances only)."""
    target = target_of(bp, questions)
    free = [q for q in questions if q.question_id not in excluded]

    def fill(j, used, chosen):
        if j == len(bp.sections):
            return meets_rules(bp, chosen, target)
        s = bp.sections[j]
        cands = [
            q for q in free if q.question_id not in used and s.accepts(q.type, q.difficulty, q.tags)
        ]
        return any(
            fill(j + 1, used | {q.question_id for q in combo}, chosen + list(combo))
            for combo in combinations(cands, s.count)
        )

    return fill(0, frozenset(), [])


def assert_valid(paper, bp, questions, excluded=frozenset()):
    """Every rule of a paper, checked from the outside."""
    by_id = {q.question_id: q for q in questions}
    items = paper.items
    assert [i.no for i in items] == list(range(1, bp.item_count + 1))
    assert [i.section_index for i in items] == [
        j for j, s in enumerate(bp.sections) for _ in range(s.count)
    ]
    ids = [i.question_id for i in items]
    assert len(set(ids)) == len(ids), "a question twice"
    assert not set(ids) & set(excluded), "an excluded question"
    for item in items:
        s = bp.sections[item.section_index]
        q = by_id[item.question_id]
        assert s.accepts(q.type, q.difficulty, q.tags)
        assert item.version_id == q.version_id
        assert item.points == s.points
        assert item.scoring == (str(s.multiple_scoring) if s.multiple_scoring else None)
        keys = tuple(OPTION_KEYS[: q.option_count])
        if q.type.is_choice:
            assert sorted(item.option_order) == list(keys)
            if not bp.shuffle_options:
                assert item.option_order == keys
        else:
            assert item.option_order == ()
    if not bp.shuffle_questions:
        for j in range(len(bp.sections)):
            in_section = [i.question_id for i in items if i.section_index == j]
            assert in_section == sorted(in_section)
    assert paper.total_points == bp.total_points
    chosen = [by_id[i] for i in ids]
    assert meets_rules(bp, chosen, target_of(bp, questions))


# --------------------------------------------------------------------------- strategies

TAGS = ["a:x", "a:y", "b:z"]


@st.composite
def tiny_instances(draw):
    n = draw(st.integers(3, 9))
    questions = [
        pq(
            qid,
            draw(st.sampled_from([T.SINGLE, T.SINGLE, T.TRUEFALSE])),
            draw(st.integers(1, 5)),
            draw(st.sets(st.sampled_from(TAGS), max_size=2)),
        )
        for qid in range(1, n + 1)
    ]
    filters = st.sampled_from([(), (), (), ("a:x",), ("a:y",), ("a:x", "b:z")])
    sections = []
    for _ in range(draw(st.integers(1, 3))):
        sections.append(
            section(
                draw(st.sampled_from([T.SINGLE, T.SINGLE, T.TRUEFALSE])),
                draw(st.integers(1, 2)),
                tags_any=draw(filters),
                tags_all=draw(st.sampled_from([(), (), (), ("b:z",)])),
                difficulty=(draw(st.sampled_from([1, 1, 2])), draw(st.sampled_from([3, 5, 5]))),
            )
        )
    quotas = []
    for tag in draw(st.lists(st.sampled_from(TAGS), max_size=2, unique=True)):
        low = draw(st.integers(0, 2))
        quotas.append(Quota(tag, low, draw(st.none() | st.integers(low, low + 2))))
    target = draw(st.sampled_from([None, None, None, "1.5", "2.5", "3", "3.7"]))
    bp = Blueprint(
        tuple(sections),
        tuple(quotas),
        None if target is None else Decimal(target),
        shuffle_questions=draw(st.booleans()),
        shuffle_options=draw(st.booleans()),
    )
    assume(not blueprint_problems(bp))
    excluded = frozenset(draw(st.sets(st.integers(1, n), max_size=2)))
    return bp, questions, excluded


@st.composite
def quota_instances(draw):
    """Sections that can always be filled, so that quotas and the band decide."""
    n = draw(st.integers(4, 10))
    questions = [
        pq(
            qid,
            T.SINGLE if qid % 3 else T.TRUEFALSE,
            draw(st.integers(1, 5)),
            draw(st.sets(st.sampled_from(TAGS), max_size=3)),
        )
        for qid in range(1, n + 1)
    ]
    singles = sum(1 for q in questions if q.type is T.SINGLE)
    sections = [section(T.SINGLE, draw(st.integers(1, min(4, singles))))]
    if draw(st.booleans()):
        sections.append(section(T.TRUEFALSE, 1))
    items = sum(s.count for s in sections)
    quotas = []
    for tag in draw(st.lists(st.sampled_from(TAGS), min_size=1, max_size=3, unique=True)):
        low = draw(st.integers(0, items))
        quotas.append(Quota(tag, low, draw(st.none() | st.integers(low, items))))
    target = draw(st.sampled_from([None, "2", "2.5", "3", "3.5", "4"]))
    bp = Blueprint(tuple(sections), tuple(quotas), None if target is None else Decimal(target))
    return bp, questions, frozenset()


@st.composite
def realistic_instances(draw):
    rng = random.Random(draw(st.integers(0, 2**32)))
    n = draw(st.integers(30, 160))
    types = [T.SINGLE, T.SINGLE, T.MULTIPLE, T.TRUEFALSE, T.SHORT]
    questions = []
    for qid in range(1, n + 1):
        qtype = rng.choice(types)
        tags = {rng.choice([STD, "source:textbook"]), f"area:{rng.choice('abcd')}"}
        options = rng.randint(2, 8) if qtype.is_choice else 0
        questions.append(pq(qid, qtype, rng.choice([1, 2, 2, 3, 3, 3, 4, 4, 5]), tags, options))
    sections = []
    for qtype in draw(st.lists(st.sampled_from(types), min_size=1, max_size=5)):
        tags_any = tuple(draw(st.sets(st.sampled_from(["area:a", "area:b", "area:c"]), max_size=2)))
        sections.append(section(qtype, draw(st.integers(1, 12)), "2", tags_any=tags_any))
    items = sum(s.count for s in sections)
    quotas = []
    if draw(st.booleans()):
        low = draw(st.integers(0, items))
        quotas.append(Quota(STD, low, draw(st.none() | st.integers(low, items))))
    if draw(st.booleans()):
        quotas.append(Quota("area:d", 0, draw(st.integers(0, items))))
    target = draw(st.none() | st.sampled_from(["2.5", "3", "3.2"]))
    bp = Blueprint(tuple(sections), tuple(quotas), None if target is None else Decimal(target))
    return bp, questions


# --------------------------------------------------------------------------- properties


def exact_search_only() -> ExitStack:
    """Disable the randomized draw (and its rescue), leaving the exact search to find papers."""
    stack = ExitStack()
    for where in ("questionbank.assembly.draw", "questionbank.assembly_feasibility.draw"):
        stack.enter_context(mock.patch(where, return_value=None))
    return stack


@FAST
@given(tiny_instances() | quota_instances(), st.integers(0, 2**32), st.booleans())
def test_feasibility_is_exact_and_papers_obey_every_rule(instance, seed, heuristic):
    """Against brute force: a paper exists ⇔ no problem is reported ⇔ assemble succeeds."""
    bp, questions, excluded = instance
    pool = Pool(questions)
    expected = brute_force_feasible(bp, questions, excluded)
    event("feasible" if expected else "infeasible")
    # Half of the runs skip the fast draw, so the exact search alone must find every paper.
    with nullcontext() if heuristic else exact_search_only():
        problems = check_feasibility(bp, pool, excluded)
        assert (problems == []) is expected, problems
        exposure = Counter({1: 5})
        if expected:
            event(f"feasible with {len(bp.quotas)} quotas")
            paper = assemble(bp, pool, random.Random(seed), excluded, exposure)
            assert_valid(paper, bp, questions, excluded)
            assert exposure == Counter({1: 5}) + Counter(paper.question_ids)
        else:
            with pytest.raises(AssemblyError) as info:
                assemble(bp, pool, random.Random(seed), excluded, exposure)
            assert info.value.problems == problems
            event("reason: " + problems[0].field.split("[")[0])
            assert exposure == Counter({1: 5}), "a refused paper counted as used"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(realistic_instances(), st.integers(0, 2**32))
def test_every_paper_of_a_run_obeys_every_rule(instance, seed):
    bp, questions = instance
    pool = Pool(questions)
    problems = check_feasibility(bp, pool)
    exposure: Counter = Counter()
    seen: dict[int, frozenset[int]] = {}
    for k in range(6):
        # later papers exclude an earlier paper's questions, as exclude_used_in does
        excluded = seen.get(k - 3, frozenset())
        rng = random.Random(paper_seed(seed, f"T{k}"))
        try:
            paper = assemble(bp, pool, rng, excluded, exposure)
        except AssemblyError as exc:
            assert exc.problems == check_feasibility(bp, pool, excluded) != []
            continue
        if not excluded:
            assert problems == []
        assert_valid(paper, bp, questions, excluded)
        seen[k] = frozenset(paper.question_ids)


@FAST
@given(realistic_instances(), st.integers(0, 2**32))
def test_same_seed_same_paper_whatever_the_pool_order(instance, seed):
    bp, questions = instance
    assume(check_feasibility(bp, Pool(questions)) == [])
    first = assemble(bp, Pool(questions), random.Random(seed))
    shuffled = questions[:]
    random.Random(seed).shuffle(shuffled)
    again = assemble(bp, Pool(shuffled), random.Random(seed))
    assert again.canonical_json() == first.canonical_json()
    assert again.fingerprint() == first.fingerprint()
    assert again == first


# --------------------------------------------------------------------------- hand-made cases


def located(problems):
    return [p.located() for p in problems]


def test_a_short_section_is_named_with_numbers():
    questions = [pq(i, T.SINGLE) for i in range(1, 11)]
    questions += [pq(i, T.MULTIPLE, 3, {"area:x"}) for i in range(11, 23)]  # 12 fit section 2
    questions += [pq(i, T.MULTIPLE, 5, {"area:x"}) for i in range(23, 26)]  # too hard
    bp = Blueprint(
        (
            section(T.SINGLE, 5),
            section(T.MULTIPLE, 15, "2", tags_any=("area:x",), difficulty=(2, 4)),
        ),
        target_difficulty=Decimal(3),
    )
    expected = [
        "sections[1]: section 2 (multiple, tags any of area:x, difficulty 2–4): 12 available, "
        "needs 15, short by 3"
    ]
    pool = Pool(questions)
    assert located(check_feasibility(bp, pool)) == expected
    with pytest.raises(AssemblyError) as info:
        assemble(bp, pool, random.Random(1))
    assert located(info.value.problems) == expected
    # exclusions count: with 2 of the singles seen before, section 1 is fine still (8 ≥ 5)...
    bp1 = Blueprint((section(T.SINGLE, 9),), target_difficulty=Decimal(3))
    assert check_feasibility(bp1, pool, frozenset({1})) == []
    # ...but not with 2
    assert located(check_feasibility(bp1, pool, frozenset({1, 2}))) == [
        "sections[0]: section 1 (single): 8 available, needs 9, short by 1"
    ]


def test_competing_sections_are_found_together():
    questions = [pq(i, T.SINGLE, 3, {"area:x"}) for i in range(1, 9)]
    questions += [pq(i, T.TRUEFALSE) for i in range(9, 15)]
    bp = Blueprint(
        (
            section(T.SINGLE, 5, tags_any=("area:x",)),
            section(T.TRUEFALSE, 4),
            section(T.SINGLE, 6),
        )
    )
    # each single section alone has its 8 candidates, but together they need 11
    assert located(check_feasibility(bp, Pool(questions))) == [
        "sections: sections 1, 3 (single, tags any of area:x; single) compete for the same "
        "questions: together they need 11, only 8 can serve them, short by 3"
    ]


def test_a_question_fits_two_sections_but_is_used_once():
    questions = [pq(1, T.SINGLE, 3, {"area:x", "area:y"}), pq(2, T.SINGLE, 3, {"area:y"})]
    questions += [pq(3, T.SINGLE, 3, {"area:x"})]
    bp = Blueprint(
        (section(T.SINGLE, 1, tags_any=("area:x",)), section(T.SINGLE, 2, tags_any=("area:y",)))
    )
    pool = Pool(questions)
    for seed in range(20):
        paper = assemble(bp, pool, random.Random(seed))
        assert_valid(paper, bp, questions)
        assert [i.question_id for i in paper.items[:1]] == [3]  # the only way to fill both


def test_a_quota_across_sections_that_cannot_be_met():
    questions = [pq(i, T.SINGLE, 3, {STD} if i <= 2 else ()) for i in range(1, 11)]
    questions += [pq(i, T.TRUEFALSE, 3, {STD} if i <= 13 else ()) for i in range(11, 21)]
    bp = Blueprint((section(T.SINGLE, 5), section(T.TRUEFALSE, 5)), quotas=(Quota(STD, 7),))
    assert located(check_feasibility(bp, Pool(questions))) == [
        "quotas[0]: quota source:standard ≥ 7: at most 5 questions carrying source:standard "
        "fit the sections, short by 2"
    ]
    ok = Blueprint(bp.sections, quotas=(Quota(STD, 5),))
    for seed in range(10):
        paper = assemble(ok, Pool(questions), random.Random(seed))
        assert_valid(paper, ok, questions)


def test_a_quota_maximum_the_sections_must_break():
    questions = [pq(i, T.SINGLE, 3, {STD}) for i in range(1, 7)]
    questions += [pq(i, T.TRUEFALSE, 3) for i in range(7, 12)]
    bp = Blueprint((section(T.SINGLE, 5), section(T.TRUEFALSE, 2)), quotas=(Quota(STD, 0, 3),))
    assert located(check_feasibility(bp, Pool(questions))) == [
        "quotas[0]: quota source:standard ≤ 3: the sections need at least 5 questions carrying "
        "source:standard, 2 too many"
    ]


def test_two_quotas_that_hold_alone_but_not_together():
    questions = [pq(i, T.SINGLE, 3, {"a:x"} if i <= 5 else {"b:y"}) for i in range(1, 11)]
    bp = Blueprint((section(T.SINGLE, 6),), quotas=(Quota("a:x", 0, 2), Quota("b:y", 0, 3)))
    pool = Pool(questions)
    for alone in bp.quotas:
        assert check_feasibility(Blueprint(bp.sections, (alone,)), pool) == []
    assert located(check_feasibility(bp, pool)) == [
        "quotas: quota a:x ≤ 2, quota b:y ≤ 3 cannot all hold on one paper with these sections"
    ]


def test_quotas_of_one_facet_that_overflow_the_paper():
    # every question has one area; three areas of exactly 3 cannot fit 8 items
    questions = [pq(i, T.SINGLE, 3, {f"area:{'abc'[i % 3]}"}) for i in range(1, 31)]
    quotas = tuple(Quota(f"area:{c}", 3, 3) for c in "abc")
    bp = Blueprint((section(T.SINGLE, 8),), quotas)
    assert located(check_feasibility(bp, Pool(questions))) == [
        "quotas: quotas area:a 3–3, area:b 3–3, area:c 3–3 together need at least 9 questions, "
        "at most 8 fit the sections, short by 1"
    ]
    at_most = Blueprint((section(T.SINGLE, 8),), tuple(Quota(f"area:{c}", 0, 2) for c in "abc"))
    assert located(check_feasibility(at_most, Pool(questions))) == [
        "quotas: quotas area:a ≤ 2, area:b ≤ 2, area:c ≤ 2 together allow at most 6 questions, "
        "the sections need at least 8, 2 too many"
    ]


def test_undecided_search_is_rescued_or_refused():
    questions = [pq(i, T.SINGLE, 1 + i % 5, {"a:x"} if i % 2 else {"b:y"}) for i in range(1, 41)]
    bp = Blueprint((section(T.SINGLE, 10),), quotas=(Quota("a:x", 5, 5), Quota("b:y", 5, 5)))
    pool = Pool(questions)
    with mock.patch("questionbank.assembly_solver.WORK_LIMIT", 0):
        # the fast draw fails (patched away), the exact search gives up at once, and the
        # longer randomized rescue still finds a paper
        with mock.patch("questionbank.assembly.draw", return_value=None):
            assert_valid(assemble(bp, pool, random.Random(0)), bp, questions)
        with exact_search_only():
            problems = check_feasibility(bp, pool)
            assert [p.field for p in problems] == ["quotas"]
            assert "could not decide" in problems[0].text()
            with pytest.raises(AssemblyError) as info:
                assemble(bp, pool, random.Random(0))
            assert info.value.problems == problems


def test_a_quota_and_the_band_in_conflict():
    # the tagged questions are all easy, the untagged ones hard
    questions = [pq(i, T.SINGLE, 1, {STD}) for i in range(1, 11)]
    questions += [pq(i, T.SINGLE, 5) for i in range(11, 21)]
    bp = Blueprint((section(T.SINGLE, 10),), quotas=(Quota(STD, 8),), target_difficulty=Decimal(3))
    assert located(check_feasibility(bp, Pool(questions))) == [
        "quotas: quota source:standard ≥ 8, the difficulty band (target 3 ± 0.3) cannot all "
        "hold on one paper with these sections"
    ]


def test_the_band_out_of_reach():
    questions = [pq(i, T.SINGLE, 1 + i % 2) for i in range(1, 21)]  # difficulties 1 and 2
    bp = Blueprint((section(T.SINGLE, 10),), target_difficulty=Decimal(4))
    assert located(check_feasibility(bp, Pool(questions))) == [
        "target_difficulty: the mean difficulty must be within 3.7–4.3 (target 4 ± 0.3), but "
        "the hardest paper possible has mean 2.00: short by 17 difficulty points"
    ]
    easy = Blueprint((section(T.SINGLE, 10),), target_difficulty=Decimal(1))
    assert (
        located(check_feasibility(easy, Pool(questions)))
        == [
            "target_difficulty: the mean difficulty must be within 0.7–1.3 (target 1 ± 0.3), but "
            "the easiest paper possible has mean 1.00: over by 0 difficulty points"
        ]
        or check_feasibility(easy, Pool(questions)) == []
    )


def test_the_band_is_reached_by_swaps_when_the_target_is_off_centre():
    rng = random.Random(5)
    questions = [pq(i, T.SINGLE, rng.choice([1, 2, 3, 3, 4, 5])) for i in range(1, 301)]
    bp = Blueprint((section(T.SINGLE, 40),), target_difficulty=Decimal("3.9"))
    pool = Pool(questions)
    for seed in range(20):
        paper = assemble(bp, pool, random.Random(seed))
        assert abs(paper.mean_difficulty(pool) - Decimal("3.9")) <= Decimal("0.3")


def test_default_target_is_the_count_weighted_pool_mean():
    questions = [pq(i, T.SINGLE, 2) for i in range(1, 11)]
    questions += [pq(i, T.SHORT, 5) for i in range(11, 14)]
    bp = Blueprint((section(T.SINGLE, 4), section(T.SHORT, 1)))
    # (4 × 2 + 1 × 5) / 5 = 2.6; the plain pool mean (20 + 15) / 13 = 2.69 would make the
    # band 2.39–2.99 unreachable for every paper (all papers have mean exactly 2.6)
    assert Pool(questions).target_difficulty(bp) == Decimal("2.6")
    assert_valid(assemble(bp, Pool(questions), random.Random(0)), bp, questions)


def test_invalid_blueprint_is_refused():
    bp = Blueprint((section(T.SINGLE, 0),))
    assert located(check_feasibility(bp, Pool([pq(1)]))) == ["sections[0].count: must be ≥ 1"]
    with pytest.raises(AssemblyError):
        assemble(bp, Pool([pq(1)]), random.Random(0))


def test_pool_rejects_bad_entries():
    with pytest.raises(ValueError, match="twice"):
        Pool([pq(1), pq(1)])
    with pytest.raises(ValueError, match="version"):
        Pool([pq(1), PoolQuestion(1001, 2, T.SINGLE, 3, frozenset(), 4)])
    with pytest.raises(ValueError, match="difficulty"):
        Pool([pq(1, difficulty=6)])
    with pytest.raises(ValueError, match="options"):
        Pool([pq(1, T.SINGLE, options=1)])
    with pytest.raises(ValueError, match="options"):
        Pool([pq(1, T.SHORT, options=4)])


# --------------------------------------------------------------------------- randomness


def demo_pool(n=400, seed=7):
    rng = random.Random(seed)
    types = [T.SINGLE] * 8 + [T.MULTIPLE] * 3 + [T.TRUEFALSE] * 4 + [T.SHORT]
    return [
        pq(
            i,
            qtype := rng.choice(types),
            rng.choice([1, 2, 2, 3, 3, 3, 4, 4, 5]),
            {rng.choice([STD, "source:textbook"])},
            4 if qtype.is_choice else 0,
        )
        for i in range(1, n + 1)
    ]


DEMO = Blueprint(
    (
        section(T.SINGLE, 10),
        section(T.MULTIPLE, 4, "2", multiple_scoring=MultipleScoring.STRICT),
        section(T.TRUEFALSE, 5, "0.5"),
        section(T.SHORT, 2, "5"),
    ),
    quotas=(Quota(STD, 5),),
)


def test_paper_seed_is_documented_sha256():
    material = json.dumps(["examsvc-paper-v1", "2025", "A-0001"]).encode()
    expected = int.from_bytes(hashlib.sha256(material).digest()[:8], "big")
    assert paper_seed(2025, "A-0001") == paper_seed("2025", "A-0001") == expected
    assert paper_seed(2025, "A-0002") != expected
    assert paper_seed(2026, "A-0001") != expected


def test_golden_paper():
    """A stored paper must regenerate identically after any code change.

    If this fails, papers already handed out can no longer be regenerated from their seeds:
    change the algorithm only together with a new ``format`` / seed version.
    """
    questions = demo_pool()
    paper = assemble(DEMO, Pool(questions), random.Random(paper_seed(42, "A-0001")))
    assert_valid(paper, DEMO, questions)
    assert paper.fingerprint() == GOLDEN


GOLDEN = "1f3023cc32ed4cfdd47e303d9d9f77ae522d090fa826a05b72a3cfe24b2829ca"


def test_paper_serialisation_is_canonical():
    paper = assemble(DEMO, Pool(demo_pool()), random.Random(3))
    data = json.loads(paper.canonical_json())
    assert data["format"] == 1
    assert data["items"][0]["no"] == 1
    assert data["items"][10]["scoring"] == "strict"
    assert data["items"][0]["points"] == "1"
    assert hashlib.sha256(paper.canonical_json().encode()).hexdigest() == paper.fingerprint()


def test_different_contestants_get_different_orders():
    pool = Pool(demo_pool())
    a = assemble(DEMO, pool, random.Random(paper_seed(1, "A-0001")))
    b = assemble(DEMO, pool, random.Random(paper_seed(1, "A-0002")))
    assert a.question_ids != b.question_ids
    assert [i.option_order for i in a.items[:10]] != [i.option_order for i in b.items[:10]]
    # even the same questions come in another order
    small = [pq(i, T.SINGLE) for i in range(1, 11)]
    bp = Blueprint((section(T.SINGLE, 10),), target_difficulty=Decimal(3))
    orders = {assemble(bp, Pool(small), random.Random(s)).question_ids for s in range(5)}
    assert len(orders) == 5
    assert {frozenset(o) for o in orders} == {frozenset(range(1, 11))}


def test_no_shuffling_keeps_bank_order():
    questions = demo_pool()
    bp = Blueprint(DEMO.sections, DEMO.quotas, shuffle_questions=False, shuffle_options=False)
    paper = assemble(bp, Pool(questions), random.Random(0))
    assert_valid(paper, bp, questions)
    assert paper.items[0].option_order == ("A", "B", "C", "D")


def test_later_stages_never_repeat_a_question():
    questions = demo_pool()
    pool = Pool(questions)
    prelim = assemble(DEMO, pool, random.Random(1))
    semi = assemble(DEMO, pool, random.Random(2), frozenset(prelim.question_ids))
    final = assemble(
        DEMO, pool, random.Random(3), frozenset(prelim.question_ids + semi.question_ids)
    )
    assert not set(prelim.question_ids) & set(semi.question_ids)
    assert not set(final.question_ids) & (set(prelim.question_ids) | set(semi.question_ids))


def test_exposure_spreads_use_evenly():
    # a pool 3× the paper size: 200 papers should use every question about equally often
    rng = random.Random(11)
    bp = DEMO
    questions = []
    for s in bp.sections:
        for _ in range(3 * s.count):
            qid = len(questions) + 1
            tags = {STD} if rng.random() < 0.4 else set()
            questions.append(pq(qid, s.type, rng.choice([2, 3, 3, 4]), tags))
    pool = Pool(questions)
    exposure: Counter = Counter()
    papers = [
        assemble(bp, pool, random.Random(paper_seed(9, f"T{k}")), exposure=exposure)
        for k in range(200)
    ]
    for paper in papers:
        assert_valid(paper, bp, questions)
    top, mean = exposure_report(papers)
    print(
        f"\nexposure over 200 papers, pool 3× paper: max {top}, mean {mean:.1f}, "
        f"max/mean {top / mean:.2f}"
    )
    assert mean == pytest.approx(200 * bp.item_count / len(questions))
    assert top / mean <= 1.5
    # without balancing, plain random draws spread worse
    plain = [assemble(bp, pool, random.Random(k)) for k in range(200)]
    plain_top, plain_mean = exposure_report(plain)
    assert plain_top / plain_mean > top / mean


def test_exposure_report_of_nothing():
    assert exposure_report([]) == (0, 0.0)


def test_timing_300_papers_of_100_items_from_20000_questions():
    rng = random.Random(2025)
    types = [T.SINGLE] * 8 + [T.MULTIPLE] * 4 + [T.TRUEFALSE] * 5 + [T.SHORT] * 3
    questions = []
    for qid in range(1, 20_001):
        qtype = types[qid % len(types)]
        tags = {rng.choice([STD, "source:textbook"]), f"area:{rng.randrange(8)}"}
        questions.append(pq(qid, qtype, rng.choice([1, 2, 2, 3, 3, 3, 4, 4, 5]), tags))
    bp = Blueprint(
        (
            section(T.SINGLE, 50),
            section(T.MULTIPLE, 20, "2"),
            section(T.TRUEFALSE, 25, "0.4"),
            section(T.SHORT, 5, "4"),
        ),
        quotas=(Quota(STD, 20), Quota("area:0", 0, 20)),
    )
    start = time.perf_counter()
    pool = Pool(questions)
    assert check_feasibility(bp, pool) == []
    indexed = time.perf_counter()
    exposure: Counter = Counter()
    papers = [
        assemble(bp, pool, random.Random(paper_seed(7, f"T{k:04}")), exposure=exposure)
        for k in range(300)
    ]
    done = time.perf_counter()
    for paper in papers[:20]:
        assert_valid(paper, bp, questions)
    print(
        f"\npool of 20,000 indexed and checked in {(indexed - start) * 1000:.0f} ms; "
        f"300 papers × {bp.item_count} items in {(done - indexed) * 1000:.0f} ms "
        f"({(done - indexed) / 300 * 1000:.2f} ms per paper); exposure max/mean "
        f"{exposure_report(papers)[0]}/{exposure_report(papers)[1]:.2f}"
    )
