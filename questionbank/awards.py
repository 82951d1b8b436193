"""Who receives which award, and what the awards cost in all.

The award table and who each rule applies to are in :mod:`questionbank.award_rules`. Every
:class:`Award` says why it was given, naming its rule, so the list can be checked by hand
against the table and the final ranking. Awards are computed only from a final ranking that is
not provisional (an unresolved tie could move someone across a prize boundary).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from questionbank.award_rules import (
    DEFAULT_AWARDS,
    AppliesTo,
    AwardRule,
    awards_from_data,
    awards_to_data,
    check_award_table,
)
from questionbank.problems import N_
from questionbank.ranking import Ranking

__all__ = [
    "DEFAULT_AWARDS",
    "AppliesTo",
    "Award",
    "AwardRule",
    "AwardTotal",
    "Person",
    "ProvisionalRankingError",
    "award_totals",
    "awards_from_data",
    "awards_to_data",
    "compute_awards",
]


class ProvisionalRankingError(ValueError):
    """Awards were asked for on a provisional final ranking (an unresolved tie)."""


class Person(Protocol):
    """Anyone with a ticket, a name and an organisation (a :class:`RankedRow` will do)."""

    @property
    def ticket(self) -> str: ...  # pragma: no cover

    @property
    def name(self) -> str: ...  # pragma: no cover

    @property
    def organisation(self) -> str: ...  # pragma: no cover


@dataclass(frozen=True)
class Award:
    """One award to one contestant (``ticket`` set) or one organisation (``ticket`` None).

    ``recipient`` is the contestant's name or the organisation. ``reason_template`` is an
    English template marked for translation and ``reason_params`` its values; :attr:`reason`
    fills it in.
    """

    rule_code: str
    name_zh: str
    name_en: str
    recipient: str
    ticket: str | None
    organisation: str
    rank: int | None
    amount_yuan: Decimal | None
    reason_template: str
    reason_params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def reason(self) -> str:
        """Why this award was given, naming the rule (English)."""
        return self.reason_text()

    def reason_text(self, translate: Callable[[str], str] | None = None) -> str:
        """The reason, translated by ``translate`` (a gettext) if given."""
        template = translate(self.reason_template) if translate else self.reason_template
        return template % dict(self.reason_params)


@dataclass(frozen=True)
class AwardTotal:
    """How many of one award were given and their money in all (``None``: no money)."""

    rule_code: str
    name_zh: str
    name_en: str
    count: int
    amount_yuan: Decimal | None


def compute_awards(
    final_ranking: Ranking,
    finalists: Iterable[Person],
    semifinalists: Iterable[Person],
    registrations_by_org: Mapping[str, int],
    union_card: Mapping[str, bool],
    rules: Sequence[AwardRule] = DEFAULT_AWARDS,
) -> list[Award]:
    """Every award under ``rules``, in table order, then by rank, ticket or organisation.

    ``finalists`` and ``semifinalists`` are everyone who advanced to the final and to the
    semi-final (repeats are ignored; finalists are usually semifinalists too and then get
    both awards). ``registrations_by_org`` counts registered contestants per organisation;
    ``union_card`` says who holds a union mutual-aid card (a ticket missing from it does not).

    :raises ProvisionalRankingError: if ``final_ranking`` is provisional.
    :raises ValidationError: if two rules share a code.
    """
    if final_ranking.provisional:
        raise ProvisionalRankingError(
            "the final ranking is provisional (an unresolved tie): no awards until an "
            "arbitrator orders " + "; ".join(" = ".join(group) for group in final_ranking.ties)
        )
    check_award_table(rules)
    finalists, semifinalists = _unique(finalists), _unique(semifinalists)
    awards: list[Award] = []
    for rule in rules:
        match rule.applies_to:
            case AppliesTo.FINAL_RANK:
                awards += _rank_awards(rule, final_ranking, union_card)
            case AppliesTo.FINALIST:
                template = N_("advanced to the final; rule %(code)s: every finalist")
                awards += [_person_award(rule, p, None, template) for p in finalists]
            case AppliesTo.SEMIFINALIST:
                template = N_("advanced to the semi-final; rule %(code)s: every semi-finalist")
                awards += [_person_award(rule, p, None, template) for p in semifinalists]
            case AppliesTo.ORGANISATION:
                awards += _organisation_awards(rule, registrations_by_org)
    return awards


def _unique(people: Iterable[Person]) -> list[Person]:
    by_ticket = {p.ticket: p for p in people}
    return [by_ticket[t] for t in sorted(by_ticket)]


def _rank_awards(rule: AwardRule, ranking: Ranking, union_card: Mapping[str, bool]) -> list[Award]:
    awards = []
    for row in ranking.rows:
        if row.rank is None or not rule.rank_from <= row.rank <= rule.rank_to:  # type: ignore[operator]
            continue
        if rule.requires_union_card:
            if union_card.get(row.ticket) is not True:
                continue
            template = N_(
                "final rank %(rank)s, holds a union mutual-aid card; "
                "rule %(code)s: final ranks %(rank_from)s–%(rank_to)s with a union card"
            )
        else:
            template = N_(
                "final rank %(rank)s; rule %(code)s: final ranks %(rank_from)s–%(rank_to)s"
            )
        awards.append(_person_award(rule, row, row.rank, template))
    return awards


def _person_award(rule: AwardRule, person: Person, rank: int | None, template: str) -> Award:
    params: dict[str, Any] = {"code": rule.code}
    if rank is not None:
        params |= {"rank": rank, "rank_from": rule.rank_from, "rank_to": rule.rank_to}
    return Award(
        rule_code=rule.code,
        name_zh=rule.name_zh,
        name_en=rule.name_en,
        recipient=person.name,
        ticket=person.ticket,
        organisation=person.organisation,
        rank=rank,
        amount_yuan=rule.amount_yuan,
        reason_template=template,
        reason_params=params,
    )


def _organisation_awards(rule: AwardRule, registrations: Mapping[str, int]) -> list[Award]:
    template = N_(
        "%(count)s contestants registered; rule %(code)s: organisations with %(min)s or more"
    )
    return [
        Award(
            rule_code=rule.code,
            name_zh=rule.name_zh,
            name_en=rule.name_en,
            recipient=org,
            ticket=None,
            organisation=org,
            rank=None,
            amount_yuan=rule.amount_yuan,
            reason_template=template,
            reason_params={"count": count, "code": rule.code, "min": rule.min_registrations},
        )
        for org, count in sorted(registrations.items())
        if org and count >= rule.min_registrations  # type: ignore[operator]
    ]


def award_totals(
    awards: Iterable[Award], rules: Sequence[AwardRule] = DEFAULT_AWARDS
) -> list[AwardTotal]:
    """Per rule (in table order): how many awards and their money in all, for the finance
    office. Rules that gave nothing are listed with count 0; awards of rules not in
    ``rules`` follow in the order first seen.
    """
    counts: dict[str, list[Award]] = {rule.code: [] for rule in rules}
    for award in awards:
        counts.setdefault(award.rule_code, []).append(award)
    names = {rule.code: (rule.name_zh, rule.name_en, rule.amount_yuan) for rule in rules}
    totals = []
    for code, given in counts.items():
        if code in names:
            name_zh, name_en, amount = names[code]
        else:  # an award of a rule outside the table: describe it from the award itself
            name_zh, name_en, amount = given[0].name_zh, given[0].name_en, given[0].amount_yuan
        money = sum((a.amount_yuan for a in given if a.amount_yuan is not None), Decimal(0))
        has_money = amount is not None or any(a.amount_yuan is not None for a in given)
        totals.append(AwardTotal(code, name_zh, name_en, len(given), money if has_money else None))
    return totals
