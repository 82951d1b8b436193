"""The award table of the final stage, as data the contest file may replace.

One :class:`AwardSpec` row per range of final ranks. In the contest file::

    [[contest.awards]]
    ranks = [1, 1]            # final ranks from–to, inclusive
    prize = 6000              # yuan, the BSPIA prize (tax included)
    union_subsidy = 2000      # yuan, paid only to holders of a union mutual-aid card
    honours = ["北京市职工高级职业技术能手证书"]

Ranges may overlap (a ``[1, 10]`` row for the talent pool next to ``[1, 1]``), but a rank gets a
prize, and a subsidy, from one row at most. Awards that do not depend on a rank (every finalist's
talent-database entry, every semifinalist's training certificate, the organising-unit
certificate) are fixed rules of the service, not rows of this table.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from questionbank.keypath import TableReader, join_path
from questionbank.problems import N_, Problem, error

MONEY_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class AwardSpec:
    """One row of the award table: what final ranks ``ranks[0]``–``ranks[1]`` receive."""

    ranks: tuple[int, int]
    prize: Decimal | None = None
    union_subsidy: Decimal | None = None
    honours: tuple[str, ...] = ()

    def covers(self, rank: int) -> bool:
        """Whether this row applies to final rank ``rank``."""
        return self.ranks[0] <= rank <= self.ranks[1]


_SENIOR = "北京市职工高级职业技术能手证书"
#: the award table of the 2025 notice (京安协通字〔2025〕33号, section 四)
DEFAULT_AWARDS: tuple[AwardSpec, ...] = (
    AwardSpec(
        (1, 1), Decimal(6000), Decimal(2000), ("优先推荐“首都劳动奖章”评选（符合条件者）", _SENIOR)
    ),
    AwardSpec((2, 3), Decimal(3000), Decimal(1000), (_SENIOR,)),
    AwardSpec((4, 6), Decimal(3000), Decimal(1000)),
    AwardSpec((7, 10), Decimal(1000), Decimal(1000)),
    AwardSpec(
        (1, 10), None, None, ("纳入北京市职工技术协会技能人才库", "免费参加相应职业技能培训")
    ),
)


def _money_problems(path: str, value: Decimal | None) -> list[Problem]:
    if value is None:
        return []
    if value < 0:
        return [error(path, N_("must be ≥ %(min)s"), min=0)]
    if value != value.quantize(MONEY_PLACES):
        return [error(path, N_("must have at most 2 decimal places"))]
    return []


def awards_problems(awards: tuple[AwardSpec, ...], path: str = "contest.awards") -> list[Problem]:
    """Every problem with an award table: ranks, amounts, and no rank paid twice."""
    problems: list[Problem] = []
    paid: dict[str, dict[int, int]] = {"prize": {}, "union_subsidy": {}}
    for i, award in enumerate(awards):
        at = join_path(path, i)
        low, high = award.ranks
        if low < 1 or high < low:
            problems.append(
                error(join_path(at, "ranks"), N_("must be [from, to] with 1 ≤ from ≤ to"))
            )
            continue
        for key in ("prize", "union_subsidy"):
            amount = getattr(award, key)
            problems += _money_problems(join_path(at, key), amount)
            if amount is None:
                continue
            clash = next((paid[key][r] for r in range(low, high + 1) if r in paid[key]), None)
            if clash is not None:
                problems.append(
                    error(
                        join_path(at, key),
                        N_("ranks %(low)s–%(high)s already get one from awards[%(other)s]"),
                        low=low,
                        high=high,
                        other=clash,
                    )
                )
            for rank in range(low, high + 1):
                paid[key].setdefault(rank, i)
        if any(not h.strip() for h in award.honours):
            problems.append(error(join_path(at, "honours"), N_("must not hold empty text")))
        if award.prize is None and award.union_subsidy is None and not award.honours:
            problems.append(error(at, N_("gives nothing: set prize, union_subsidy or honours")))
    return problems


def read_awards(contest: TableReader) -> tuple[AwardSpec, ...] | None:
    """Read ``[[contest.awards]]`` from the ``[contest]`` table.

    Returns ``None`` when the table sets no awards or after recording problems (at key paths
    like ``contest.awards[1].prize``) in ``contest.problems``.
    """
    if not contest.has("awards"):
        return None
    before = len(contest.problems)
    rows: list[AwardSpec] = []
    for reader in contest.table_list("awards") or []:
        ranks = reader.int_list("ranks", required=True)
        if ranks is not None and len(ranks) != 2:
            reader.fail("ranks", N_("must be [from, to], e.g. [2, 3]"))
        prize = reader.decimal("prize")
        subsidy = reader.decimal("union_subsidy")
        honours = reader.text_list("honours")
        reader.finish()
        if ranks is not None and len(ranks) == 2 and honours is not None:
            rows.append(AwardSpec((ranks[0], ranks[1]), prize, subsidy, honours))
    if len(contest.problems) > before:
        return None
    awards = tuple(rows)
    problems = awards_problems(awards, contest.key_path("awards"))
    contest.problems.extend(problems)
    return None if problems else awards


def to_award_rules(awards: tuple[AwardSpec, ...]) -> list:
    """The award rules (:class:`questionbank.award_rules.AwardRule`) a contest file's table
    stands for: per row a prize rule, a union-subsidy rule (union-card holders only) and one
    rule per honour, plus the service's fixed rules that do not depend on a rank (finalists'
    talent database, semifinalists' training certificate, the organising-unit certificate)."""
    from questionbank.award_rules import DEFAULT_AWARDS as FIXED
    from questionbank.award_rules import AppliesTo, AwardRule

    rules = []
    for i, award in enumerate(awards, start=1):
        low, high = award.ranks
        span = {"applies_to": "final_rank", "rank_from": low, "rank_to": high}
        if award.prize is not None:
            rules.append(
                AwardRule(
                    f"prize-{i}",
                    "北安协奖金（含税）",
                    "BSPIA prize (tax incl.)",
                    amount_yuan=award.prize,
                    **span,
                )
            )
        if award.union_subsidy is not None:
            rules.append(
                AwardRule(
                    f"union-{i}",
                    "北京市总工会职工职业发展助推计划资助",
                    "Union career-development subsidy",
                    amount_yuan=award.union_subsidy,
                    requires_union_card=True,
                    **span,
                )
            )
        for j, honour in enumerate(award.honours, start=1):
            rules.append(AwardRule(f"honour-{i}-{j}", honour, honour, **span))
    rules += [r for r in FIXED if r.applies_to is not AppliesTo.FINAL_RANK]
    return rules
