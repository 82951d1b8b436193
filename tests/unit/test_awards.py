"""Awards from the final ranking, with the notice's table as data."""

import json
import tomllib
from decimal import Decimal

import pytest

from questionbank.awards import (
    DEFAULT_AWARDS,
    AwardRule,
    ProvisionalRankingError,
    award_totals,
    awards_from_data,
    awards_to_data,
    compute_awards,
)
from questionbank.problems import ValidationError
from questionbank.ranking import Entry, RankingRules, rank_stage

D = Decimal


def final_ranking(n=12, tie=False):
    """Final ranking of ``n`` people: F01 first, F02 second, …; F12 absent from both parts."""
    entries = [
        Entry(f"F{i:02}", f"选手{i}", f"单位{i % 3}", D(101 - i), D(100), D(101 - i))
        for i in range(1, n)
    ]
    entries.append(Entry(f"F{n:02}", "缺考者", "单位0", None, None, None))
    if tie:
        entries.append(Entry("F99", "并列", "单位9", D(100), D(100), D(100)))
    return rank_stage(entries, RankingRules())


class P:
    def __init__(self, ticket, name="人", organisation="单位"):
        self.ticket, self.name, self.organisation = ticket, name, organisation


def awards_of(awards, code):
    return [(a.ticket or a.recipient, a.amount_yuan) for a in awards if a.rule_code == code]


def test_the_notice_defaults():
    ranking = final_ranking()
    finalists = list(ranking.rows)  # everyone in the final, even the absent one
    semis = [*finalists, P("S01", "复赛选手", "单位5")]
    awards = compute_awards(
        ranking,
        finalists,
        semis,
        registrations_by_org={"单位0": 10, "单位1": 9, "单位2": 25},
        union_card={"F01": True, "F02": False, "F05": True, "F10": True, "F11": True},
    )
    assert awards_of(awards, "bspia-prize-1") == [("F01", D(6000))]
    assert awards_of(awards, "bspia-prize-2-6") == [(f"F{i:02}", D(3000)) for i in range(2, 7)]
    assert awards_of(awards, "bspia-prize-7-10") == [(f"F{i:02}", D(1000)) for i in range(7, 11)]
    assert awards_of(awards, "capital-labour-medal") == [("F01", None)]
    assert awards_of(awards, "senior-skilled-worker") == [
        ("F01", None),
        ("F02", None),
        ("F03", None),
    ]
    assert [t for t, _ in awards_of(awards, "talent-pool")] == [f"F{i:02}" for i in range(1, 11)]
    # union subsidy only with a card, only within the top ten (F11 has a card but is 11th)
    assert awards_of(awards, "union-subsidy-1") == [("F01", D(2000))]
    assert awards_of(awards, "union-subsidy-2-10") == [("F05", D(1000)), ("F10", D(1000))]
    assert len(awards_of(awards, "bspia-talent-database")) == 12
    assert len(awards_of(awards, "bspia-training-certificate")) == 13
    assert awards_of(awards, "excellent-organising-unit") == [("单位0", None), ("单位2", None)]

    first = awards[0]
    assert (first.recipient, first.organisation, first.rank) == ("选手1", "单位1", 1)
    assert first.reason == "final rank 1; rule bspia-prize-1: final ranks 1–1"
    union = next(a for a in awards if a.rule_code == "union-subsidy-2-10")
    assert "union" in union.reason and "rule union-subsidy-2-10" in union.reason
    org = next(a for a in awards if a.rule_code == "excellent-organising-unit")
    assert org.ticket is None and org.reason.startswith("10 contestants registered")
    catalog = {org.reason_template: "报名 %(count)s 人（规则 %(code)s）"}
    assert org.reason_text(catalog.get) == "报名 10 人（规则 excellent-organising-unit）"


def test_totals_for_the_finance_office():
    ranking = final_ranking()
    awards = compute_awards(ranking, ranking.rows, ranking.rows, {}, {"F01": True, "F02": True})
    totals = {t.rule_code: t for t in award_totals(awards)}
    assert [t.rule_code for t in award_totals(awards)] == [r.code for r in DEFAULT_AWARDS]
    # BSPIA: 6000 + 5 × 3000 + 4 × 1000 = 25,000; union: 2000 + 1000
    assert (totals["bspia-prize-1"].count, totals["bspia-prize-1"].amount_yuan) == (1, D(6000))
    assert (totals["bspia-prize-2-6"].count, totals["bspia-prize-2-6"].amount_yuan) == (5, D(15000))
    assert totals["bspia-prize-7-10"].amount_yuan == D(4000)
    assert totals["union-subsidy-1"].amount_yuan == D(2000)
    assert totals["union-subsidy-2-10"].amount_yuan == D(1000)
    assert totals["excellent-organising-unit"].count == 0
    assert totals["talent-pool"].amount_yuan is None
    money = sum(t.amount_yuan for t in totals.values() if t.amount_yuan is not None)
    assert money == D(28000)


def test_a_small_final_gives_only_the_ranks_that_exist():
    ranking = final_ranking(n=4)  # three ranked, one absent
    awards = compute_awards(ranking, [], [], {}, {})
    assert awards_of(awards, "bspia-prize-2-6") == [("F02", D(3000)), ("F03", D(3000))]
    assert awards_of(awards, "bspia-prize-7-10") == []
    assert all(a.ticket != "F04" for a in awards)


def test_refuses_a_provisional_final_ranking():
    ranking = final_ranking(tie=True)
    assert ranking.provisional
    with pytest.raises(ProvisionalRankingError, match="F01 = F99"):
        compute_awards(ranking, [], [], {}, {})


def test_finalists_repeated_are_counted_once():
    ranking = final_ranking(n=3)
    awards = compute_awards(ranking, [P("A"), P("A"), P("B")], [P("B")], {}, {})
    assert [a.ticket for a in awards if a.rule_code == "bspia-talent-database"] == ["A", "B"]


def test_the_table_round_trips_through_data_json_and_toml():
    data = awards_to_data(DEFAULT_AWARDS)
    assert awards_from_data(data) == list(DEFAULT_AWARDS)
    assert awards_from_data(json.loads(json.dumps(data))) == list(DEFAULT_AWARDS)
    first = data[0]
    assert first["amount_yuan"] == "6000" and first["applies_to"] == "final_rank"
    toml = """
    [[awards]]
    code = "gold"
    name_zh = "金奖"
    applies_to = "final_rank"
    rank_from = 1
    rank_to = 1
    amount_yuan = 8000.5
    """
    (rule,) = awards_from_data(tomllib.loads(toml.replace("\n    ", "\n"))["awards"])
    assert rule.amount_yuan == D("8000.5") and rule.name_en == "" and not rule.requires_union_card


def test_an_edited_table_is_used():
    rules = awards_from_data(
        [
            {"code": "gold", "name_zh": "金奖", "applies_to": "final_rank", "rank_from": 1,
             "rank_to": 2, "amount_yuan": "500.50", "requires_union_card": False},
            {"code": "org5", "name_zh": "组织奖", "applies_to": "organisation",
             "min_registrations": 5},
        ]
    )  # fmt: skip
    ranking = final_ranking(n=5)
    awards = compute_awards(ranking, [], [], {"甲": 5, "乙": 4}, {}, rules=rules)
    assert [(a.rule_code, a.recipient, a.amount_yuan) for a in awards] == [
        ("gold", "选手1", D("500.50")),
        ("gold", "选手2", D("500.50")),
        ("org5", "甲", None),
    ]
    assert award_totals(awards, rules)[0].amount_yuan == D("1001.00")


def test_bad_tables_list_every_problem():
    with pytest.raises(ValidationError) as info:
        awards_from_data(
            [
                {"code": "a", "name_zh": "甲", "applies_to": "final_rank", "rank_from": 3,
                 "rank_to": 2},
                {"code": "b", "name_zh": "乙", "applies_to": "winner"},
                {"code": "c", "name_zh": "丙", "applies_to": "finalist", "amount_yuan": "1.005"},
                {"code": "d", "name_zh": "丁", "applies_to": "organisation"},
                {"code": "e", "name_zh": "戊", "applies_to": "finalist", "colour": "red"},
                {"name_zh": "己", "applies_to": "finalist"},
                {"code": "g", "name_zh": "", "applies_to": "semifinalist", "rank_from": 1},
                {"code": "h", "name_zh": "辛", "applies_to": "finalist", "amount_yuan": "abc"},
                "not a table",
            ]
        )  # fmt: skip
    fields = [p.field for p in info.value.problems]
    assert fields == [
        "awards[0].rank_from",
        "awards[1].applies_to",
        "awards[2].amount_yuan",
        "awards[3].min_registrations",
        "awards[4].colour",
        "awards[5].code",
        "awards[6].name_zh",
        "awards[6].rank_from",
        "awards[7].amount_yuan",
        "awards[8]",
    ]
    with pytest.raises(ValidationError, match="repeated"):
        awards_from_data(awards_to_data(DEFAULT_AWARDS[:2] * 2))


def test_award_rule_validates_on_construction():
    with pytest.raises(ValidationError):
        AwardRule("x", "名", "name", "final_rank", rank_from=1, rank_to=1, amount_yuan=100.0)
    with pytest.raises(ValidationError):
        AwardRule("x", "名", "name", "organisation", min_registrations=10, requires_union_card=True)
    rule = AwardRule("x", "名", "name", "finalist")
    assert rule.applies_to == "finalist"


def test_totals_of_awards_outside_the_table_follow_it():
    ranking = final_ranking(n=3)
    awards = compute_awards(ranking, [], [], {}, {})
    totals = award_totals(awards, DEFAULT_AWARDS[1:2])
    assert [(t.rule_code, t.count, t.amount_yuan) for t in totals] == [
        ("bspia-prize-2-6", 1, D(3000)),
        ("bspia-prize-1", 1, D(6000)),
        ("capital-labour-medal", 1, None),
        ("senior-skilled-worker", 2, None),
        ("talent-pool", 2, None),
    ]
