"""The stage ranking: hand-worked examples and Hypothesis properties against an oracle.

The oracle below is written independently of :mod:`questionbank.ranking`: Fractions and integer
rounding instead of Decimal, and a rank *counted* for each person (1 + people strictly ahead +
place inside the tie group) instead of a sorted list.
"""

import math
import random
from collections import defaultdict
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from questionbank.problems import ValidationError
from questionbank.ranking import Entry, RankingRules, TieOrder, rank_stage

D = Decimal
RULES = RankingRules()  # 0.30 / 0.70, top 30 %, half up


def entry(ticket, theory=None, skill=None, full=100, name=None, org="单位"):
    return Entry(
        ticket=ticket,
        name=name or f"选手{ticket}",
        organisation=org,
        theory_raw=None if theory is None else D(str(theory)),
        theory_full=D(str(full)),
        skill=None if skill is None else D(str(skill)),
        contestant_key=f"c-{ticket}",
    )


def order(ranking):
    return [row.ticket for row in ranking.rows]


# --------------------------------------------------------------------------- hand-worked


def test_scaling_rounding_and_total_by_hand():
    r = rank_stage([entry("A", 87.5, 85.125, full=120)], RULES)
    (row,) = r.rows
    # 87.5 / 120 × 100 = 72.9166… → 72.92; skill 85.125 → 85.13;
    # 0.30 × 72.92 + 0.70 × 85.13 = 21.876 + 59.591 = 81.467 → 81.47
    assert (row.theory, row.skill, row.total) == (D("72.92"), D("85.13"), D("81.47"))
    assert str(row.total) == "81.47"
    assert row.rank == 1 and row.flags == () and row.contestant_key == "c-A"


def test_totals_that_print_alike_are_treated_alike():
    entries = [
        entry("A", 85.55, 80),  # 25.665 + 56 = 81.665 → 81.67
        entry("B", 100, 73.81),  # 30 + 51.667 = 81.667 → 81.67, lower skill
        entry("C", 85.56, 80),  # 25.668 + 56 = 81.668 → 81.67, same skill as A
        entry("D", 85.53, 80),  # 25.659 + 56 = 81.659 → 81.66
    ]
    r = rank_stage(entries, RULES)
    assert [row.total for row in r.rows] == [D("81.67"), D("81.67"), D("81.67"), D("81.66")]
    # A and C print the same total and skill: a tie, although 81.665 < 81.668 unrounded
    assert order(r) == ["A", "C", "B", "D"]
    assert r.ties == [("A", "C")]
    assert r.provisional and not r.can_advance
    assert [row.flags for row in r.rows] == [("tie_unresolved",), ("tie_unresolved",), (), ()]
    assert [row.rank for row in r.rows] == [1, 2, 3, 4]
    assert "A = C" in r.advance_block.text()


def test_a_roster_of_ten_by_hand():
    entries = [
        entry("01", 90, 95),  # 27 + 66.5 = 93.50
        entry("02", 100, 92),  # 30 + 64.4 = 94.40
        entry("03", 80, 99),  # 24 + 69.3 = 93.30
        entry("04", 70, 98),  # 21 + 68.6 = 89.60
        entry("05", 96, 96),  # 28.8 + 67.2 = 96.00
        entry("06", 60, None),  # 18 + 0 = 18.00, skill absent
        entry("07", None, 90),  # 0 + 63 = 63.00, theory absent
        entry("08", None, None),  # absent: not ranked
        entry("09", 94, 94),  # 28.2 + 65.8 = 94.00
        entry("10", 88, 94.8571),  # skill 94.86: 26.4 + 66.402 = 92.802 → 92.80
        entry("11", 73, 98),  # 21.9 + 68.6 = 90.50
    ]
    r = rank_stage(entries, RULES)
    assert order(r) == ["05", "02", "09", "01", "03", "10", "11", "04", "07", "06", "08"]
    assert [row.total for row in r.rows] == [
        D(x)
        for x in [
            "96.00",
            "94.40",
            "94.00",
            "93.50",
            "93.30",
            "92.80",
            "90.50",
            "89.60",
            "63.00",
            "18.00",
            "0.00",
        ]
    ]
    assert [row.rank for row in r.rows] == [*range(1, 11), None]
    assert r.participants == 10 and r.advance_count == 3  # 0.3 × 10
    assert [row.ticket for row in r.advancers()] == ["05", "02", "09"]
    assert r.row("07").flags == ("theory_absent",) and r.row("07").theory is None
    assert r.row("06").flags == ("skill_absent",) and r.row("06").skill is None
    assert r.row("08").flags == ("absent",) and not r.row("08").advances
    assert not r.provisional and r.can_advance and r.advance_block is None
    assert r.ties == [] and r.stale_tie_orders == []


def test_equal_totals_higher_skill_first_and_absent_skill_counts_zero():
    entries = [
        entry("A", 100, 50),  # 30 + 35 = 65.00, skill 50
        entry("B", None, D("92.86")),  # 65.002 → 65.00, skill 92.86
        entry("C", D("216.67"), None, full=D("1000")),  # theory 21.67 → 6.501 → 6.50
        entry("D", None, D("9.29")),  # 6.503 → 6.50, skill 9.29 beats C's absent skill
    ]
    r = rank_stage(entries, RULES)
    assert order(r) == ["B", "A", "D", "C"]
    assert [row.total for row in r.rows] == [D("65.00"), D("65.00"), D("6.50"), D("6.50")]
    assert not r.provisional


def test_tie_orders_resolve_exact_groups_and_stale_ones_are_reported():
    entries = [entry(t, 80, 80) for t in ("X", "Y", "Z")] + [entry("W", 70, 70)]
    unresolved = rank_stage(entries, RULES)
    assert unresolved.ties == [("X", "Y", "Z")] and not unresolved.can_advance

    partial = TieOrder(("Z", "X"), "not the whole group")
    old = TieOrder(("Y", "X", "Z"), "first draw")
    new = TieOrder(("Z", "Y", "X"), "arbitration 2025-08-02: redrawn")
    r = rank_stage(entries, RULES, [partial, old, new])
    assert order(r) == ["Z", "Y", "X", "W"]
    assert all(row.flags == ("tie_resolved",) for row in r.rows[:3])
    assert not r.provisional and r.can_advance and r.ties == []
    assert r.applied_tie_orders == [new]
    assert r.stale_tie_orders == [partial, old]


def test_a_tie_order_goes_stale_when_scores_change():
    tie = TieOrder(("X", "Y"), "draw")
    before = rank_stage([entry("X", 80, 80), entry("Y", 80, 80)], RULES, [tie])
    assert order(before) == ["X", "Y"] and before.stale_tie_orders == []
    after = rank_stage([entry("X", 80, 80), entry("Y", 80, 81)], RULES, [tie])
    assert order(after) == ["Y", "X"] and after.stale_tie_orders == [tie]
    assert all(row.flags == () for row in after.rows)


@pytest.mark.parametrize(
    ("participants", "half_up", "floor", "ceil"),
    [(0, 0, 0, 0), (1, 0, 0, 1), (5, 2, 1, 2), (7, 2, 2, 3), (10, 3, 3, 3), (15, 5, 4, 5)],
)
def test_advance_count_by_hand(participants, half_up, floor, ceil):
    entries = [entry(f"{i:02}", 50, i) for i in range(participants)] + [entry("zz")]
    for rounding, expected in [("half_up", half_up), ("floor", floor), ("ceil", ceil)]:
        r = rank_stage(entries, RankingRules(advance_rounding=rounding))
        assert r.participants == participants
        assert r.advance_count == expected == len(r.advancers())


def test_rules_are_validated():
    with pytest.raises(ValidationError) as info:
        RankingRules(D("0.4"), D("0.7"), D("1.2"), "nearest")
    assert {p.field for p in info.value.problems} == {
        "skill_weight",
        "advance_ratio",
        "advance_rounding",
    }
    with pytest.raises(ValidationError):
        RankingRules(0.3, 0.7)  # floats never
    with pytest.raises(ValidationError):
        TieOrder(("A",), "one person is no tie")
    with pytest.raises(ValidationError):
        TieOrder(("A", "A"), "twice")
    with pytest.raises(ValidationError):
        TieOrder(("A", "B"), " ")


def test_impossible_entries_are_refused_all_at_once():
    bad = [
        entry("A", 101, 50),
        entry("A", 50, 50),
        entry("B", 10, 100.01),
        entry("C", 10, 50, full=0),
        Entry("D", "n", "o", D(5), None, None),
    ]
    with pytest.raises(ValidationError) as info:
        rank_stage(bad, RULES)
    assert len(info.value.problems) == 5


def test_rules_text_and_data():
    r = rank_stage([], RankingRules(D("0.25"), D("0.75"), D("0.3"), "ceil"))
    zh, en = r.rules_text("zh"), r.rules_text("en")
    assert "理论成绩 × 25% + 技能成绩 × 75%" in zh and "向上取整" in zh and "不设并列名次" in zh
    assert "theory × 25% + skill × 75%" in en and "rounded up" in en
    assert r.rules_text() == f"{zh}\n{en}"
    assert r.rules.to_data()["advance_rounding"] == "ceil"
    assert r.participants == 0 and r.rows == [] and r.can_advance
    with pytest.raises(ValueError):
        r.rules_text("fr")


# --------------------------------------------------------------------------- the oracle


def half_up(x: Fraction) -> Fraction:
    return Fraction(math.floor(x * 100 + Fraction(1, 2)), 100)


def oracle(entries, rules, tie_orders):
    """Expected ``{ticket: (rank, total, flags)}``, unresolved groups, advance count."""
    keys, totals, absent = {}, {}, set()
    for e in entries:
        th = None
        if e.theory_raw is not None:
            th = half_up(Fraction(e.theory_raw) * 100 / Fraction(e.theory_full))
        sk = None if e.skill is None else half_up(Fraction(e.skill))
        if th is None and sk is None:
            absent.add(e.ticket)
            continue
        total = half_up(
            Fraction(rules.theory_weight) * (th or 0) + Fraction(rules.skill_weight) * (sk or 0)
        )
        totals[e.ticket] = total
        keys[e.ticket] = (total, sk or 0)
    groups = defaultdict(set)
    for t, k in keys.items():
        groups[k].add(t)
    result, unresolved = {}, set()
    for t, k in keys.items():
        group = groups[k]
        flag, place = None, 0
        if len(group) > 1:
            matching = [o for o in tie_orders if set(o.tickets) == group]
            if matching:
                flag, place = "tie_resolved", matching[-1].tickets.index(t)
            else:
                flag, place = "tie_unresolved", sorted(group).index(t)
                unresolved.add(frozenset(group))
        ahead = sum(1 for other in keys.values() if other > k)
        result[t] = (1 + ahead + place, totals[t], flag)
    exact = Fraction(rules.advance_ratio) * len(keys)
    count = {
        "half_up": math.floor(exact + Fraction(1, 2)),
        "floor": math.floor(exact),
        "ceil": math.ceil(exact),
    }[rules.advance_rounding]
    return result, absent, unresolved, count, groups


# --------------------------------------------------------------------------- strategies

# pools small enough that equal totals and equal skills are common, with values whose
# weighted sums land on x.xx5 (0.3 × 85.55 = 25.665, 0.7 × 72.35 = 50.645, …)
THEORY = [
    (None, 100),
    (None, None),
    ("85.55", 100),
    ("85.56", 100),
    ("71.15", 100),
    ("62.35", 100),
    ("90.45", 100),
    ("100", 100),
    ("0", 100),
    ("80.1", 100),
    ("87.5", 120),
    ("72.5", 120),
    ("60", 90),
    ("45.25", 97.5),
]
SKILL = [
    None,
    "80",
    "72.3",
    "90.1",
    "66.7",
    "85.125",
    "72.35",
    "73.81",
    "81.55",
    "100",
    "0",
    "90.005",
]
WEIGHTS = [
    # the notice's weights three times as often as the others
    ("0.30", "0.70"),
    ("0.30", "0.70"),
    ("0.30", "0.70"),
    ("0.25", "0.75"),
    ("0.5", "0.5"),
    ("0.333", "0.667"),
    ("0", "1"),
    ("1", "0"),
]
RATIOS = ["0.30", "0", "1", "0.5", "0.25", "0.333"]


def make_entry(i, t, s):
    raw, full = THEORY[t]
    return Entry(
        ticket=f"T{i:02}",
        name=f"n{i}",
        organisation="o",
        theory_raw=None if raw is None else D(raw),
        theory_full=None if full is None else D(str(full)),
        skill=None if SKILL[s] is None else D(SKILL[s]),
    )


rosters = st.lists(
    st.tuples(st.integers(0, len(THEORY) - 1), st.integers(0, len(SKILL) - 1)), max_size=24
).map(lambda pairs: [make_entry(i, t, s) for i, (t, s) in enumerate(pairs)])
rules_st = st.builds(
    lambda w, r, rounding: RankingRules(D(w[0]), D(w[1]), D(r), rounding),
    st.sampled_from(WEIGHTS),
    st.sampled_from(RATIOS),
    st.sampled_from(["half_up", "floor", "ceil"]),
)
SOME = settings(
    max_examples=1500, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)


def consistent_tie_orders(entries, rules, seed, share):
    """Tie orders for about ``share`` of the current tie groups, all from one preference."""
    rng = random.Random(seed)
    preference = sorted(e.ticket for e in entries)
    rng.shuffle(preference)
    rank_of = {t: i for i, t in enumerate(preference)}
    *_, groups = oracle(entries, rules, [])
    return [
        TieOrder(tuple(sorted(g, key=rank_of.get)), "draw")
        for _, g in sorted(groups.items())
        if len(g) > 1 and rng.random() < share
    ]


# --------------------------------------------------------------------------- properties


@SOME
@given(
    entries=rosters, rules=rules_st, seed=st.integers(0, 10**6), share=st.sampled_from([0, 0.5, 1])
)
def test_ranking_matches_the_oracle(entries, rules, seed, share):
    ties = consistent_tie_orders(entries, rules, seed, share)
    rng = random.Random(seed)
    stale = (
        [TieOrder(tuple(rng.sample([e.ticket for e in entries], 2)), "old")]
        if len(entries) > 1
        else []
    )
    r = rank_stage(entries, rules, stale + ties)
    expected, absent, unresolved, count, _ = oracle(entries, rules, stale + ties)

    assert r.participants == len(expected) and r.advance_count == count
    ranked = [row for row in r.rows if row.rank is not None]
    assert [row.rank for row in ranked] == list(range(1, len(expected) + 1))
    assert [row.ticket for row in r.rows[len(ranked) :]] == sorted(absent)
    for row in ranked:
        rank, total, flag = expected[row.ticket]
        assert row.rank == rank
        assert isinstance(row.total, Decimal) and row.total.as_tuple().exponent == -2
        assert Fraction(row.total) == total
        assert (
            (flag in row.flags) if flag else not {"tie_resolved", "tie_unresolved"} & set(row.flags)
        )
        assert row.advances == (rank <= count)
    for row in r.rows[len(ranked) :]:
        assert row.flags == ("absent",) and not row.advances and row.total == 0
    assert {frozenset(t) for t in r.ties} == unresolved
    assert r.provisional == bool(unresolved) == (not r.can_advance)
    assert (r.advance_block is None) == r.can_advance


@SOME
@given(entries=rosters, rules=rules_st, seed=st.integers(0, 10**6))
def test_input_order_never_matters(entries, rules, seed):
    ties = consistent_tie_orders(entries, rules, seed, 0.5)
    shuffled = list(entries)
    random.Random(seed).shuffle(shuffled)
    assert rank_stage(shuffled, rules, ties) == rank_stage(entries, rules, ties)


@SOME
@given(
    entries=rosters.filter(bool),
    rules=rules_st,
    data=st.data(),
    seed=st.integers(0, 10**6),
    resolve=st.booleans(),
)
def test_raising_a_score_never_lowers_a_rank(entries, rules, data, seed, resolve):
    i = data.draw(st.integers(0, len(entries) - 1))
    e = entries[i]
    if data.draw(st.booleans()):
        old = e.skill or D(0)
        share = data.draw(st.sampled_from([D("0.001"), D("0.01"), D("0.5"), D(1)]))
        raised = replace(e, skill=old + (100 - old) * share)
    else:
        full = e.theory_full or D(100)
        old = e.theory_raw or D(0)
        step = data.draw(st.sampled_from([D("0.01"), D("0.5"), D(1), full - old]))
        raised = replace(e, theory_full=full, theory_raw=min(full, old + step))
    after_entries = [*entries[:i], raised, *entries[i + 1 :]]

    def rank_of(roster):
        # ties resolved consistently: every group by the same preference over all tickets
        ties = consistent_tie_orders(roster, rules, seed, 1 if resolve else 0)
        rank = rank_stage(roster, rules, ties).row(e.ticket).rank
        return math.inf if rank is None else rank

    assert rank_of(after_entries) <= rank_of(entries)


@SOME
@given(entries=rosters, ratio=st.sampled_from(RATIOS))
def test_advancement_counts_for_every_rounding_rule(entries, ratio):
    for rounding, fn in [
        ("floor", math.floor),
        ("half_up", lambda x: math.floor(x + Fraction(1, 2))),
        ("ceil", math.ceil),
    ]:
        r = rank_stage(entries, RankingRules(advance_ratio=D(ratio), advance_rounding=rounding))
        exact = Fraction(D(ratio)) * r.participants
        assert r.advance_count == fn(exact) <= r.participants
        assert [row.rank for row in r.advancers()] == list(range(1, r.advance_count + 1))
        # unresolved ties always block advancement, whoever they involve
        assert r.can_advance == (not r.ties)
