"""The award table as editable data, with the 2025 notice's defaults.

The defaults are section 四、竞赛奖项 of the notice (京安协通字〔2025〕33号). The contest file or an
admin may replace the table (:func:`awards_from_data` / :func:`awards_to_data`); the awards
themselves are computed in :mod:`questionbank.awards`.

Who a rule applies to (``applies_to``):

* ``final_rank``: the contestants ranked ``rank_from``..``rank_to`` in the final (inclusive);
  with ``requires_union_card`` only those holding a union mutual-aid service card
  (工会会员互助服务卡);
* ``finalist``: everyone who advanced to the final (晋级决赛的所有选手);
* ``semifinalist``: everyone who advanced to the semi-final (晋级复赛的所有选手);
* ``organisation``: every organisation with at least ``min_registrations`` registered
  contestants (报名参赛超过10名（含）).

Item 4 of the notice's municipal awards (rewards under the human-resources bureaus' own
policies) has no fixed content and is not in the table.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from questionbank.grading import has_cents_only
from questionbank.problems import N_, Problem, ValidationError, error, raise_if_errors


class AppliesTo(StrEnum):
    """Who an award rule applies to."""

    FINAL_RANK = "final_rank"
    FINALIST = "finalist"
    SEMIFINALIST = "semifinalist"
    ORGANISATION = "organisation"


@dataclass(frozen=True)
class AwardRule:
    """One row of the award table (see the module docstring for ``applies_to``).

    ``amount_yuan`` is money paid (tax included where ``notes`` says so), ``None`` for a
    certificate, an honour or a nomination.

    :raises ValidationError: (on construction) listing every invalid field.
    """

    code: str
    name_zh: str
    name_en: str
    applies_to: str
    rank_from: int | None = None
    rank_to: int | None = None
    amount_yuan: Decimal | None = None
    requires_union_card: bool = False
    notes: str = ""
    #: ``organisation`` rules only: the least number of registered contestants
    min_registrations: int | None = None

    def __post_init__(self) -> None:
        raise_if_errors(award_rule_problems(self))
        object.__setattr__(self, "applies_to", AppliesTo(self.applies_to))


# --------------------------------------------------------------------------- validation

_FIELDS = (
    "code", "name_zh", "name_en", "applies_to", "rank_from", "rank_to", "amount_yuan",
    "requires_union_card", "notes", "min_registrations",
)  # fmt: skip


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def award_rule_problems(rule: AwardRule) -> list[Problem]:
    """Every problem with one award rule (empty when valid)."""
    problems = []
    code = rule.code
    if (
        not isinstance(code, str)
        or not code
        or not code.replace("-", "").replace("_", "").isalnum()
    ):
        problems.append(
            error("code", N_("an award code is letters, digits, - or _, not %(code)s"), code=code)
        )
    if not isinstance(rule.name_zh, str) or not rule.name_zh.strip():
        problems.append(error("name_zh", N_("an award needs a Chinese name")))
    if not isinstance(rule.applies_to, str) or rule.applies_to not in set(AppliesTo):
        problems.append(
            error(
                "applies_to",
                N_(
                    "applies_to is final_rank, finalist, semifinalist or organisation, not %(value)s"
                ),
                value=rule.applies_to,
            )
        )
    elif rule.applies_to == AppliesTo.FINAL_RANK:
        if not (_is_int(rule.rank_from) and _is_int(rule.rank_to)) or not (
            1 <= rule.rank_from <= rule.rank_to  # type: ignore[operator]
        ):
            problems.append(
                error("rank_from", N_("a rank award needs ranks 1 ≤ rank_from ≤ rank_to"))
            )
    elif rule.rank_from is not None or rule.rank_to is not None:
        problems.append(error("rank_from", N_("only final_rank awards have ranks")))
    if rule.applies_to == AppliesTo.ORGANISATION:
        if not _is_int(rule.min_registrations) or rule.min_registrations < 1:  # type: ignore[operator]
            problems.append(
                error("min_registrations", N_("an organisation award needs min_registrations ≥ 1"))
            )
        if rule.requires_union_card:
            problems.append(error("requires_union_card", N_("an organisation holds no union card")))
    elif rule.min_registrations is not None:
        problems.append(
            error("min_registrations", N_("only organisation awards have min_registrations"))
        )
    amount = rule.amount_yuan
    if amount is not None and not (
        isinstance(amount, Decimal)
        and amount.is_finite()
        and amount >= 0
        and has_cents_only(amount)
    ):
        problems.append(
            error(
                "amount_yuan",
                N_("an amount is yuan with at most 2 decimals, not %(value)s"),
                value=str(amount),
            )
        )
    if not isinstance(rule.requires_union_card, bool):
        problems.append(error("requires_union_card", N_("requires_union_card is true or false")))
    if not isinstance(rule.notes, str) or not isinstance(rule.name_en, str):
        problems.append(error("notes", N_("names and notes are text")))
    return problems


def check_award_table(rules: Sequence[AwardRule]) -> None:
    """Check a whole table: every code appears once.

    :raises ValidationError: naming each repeated code.
    """
    seen: set[str] = set()
    problems = []
    for index, rule in enumerate(rules):
        if rule.code in seen:
            problems.append(
                error(
                    f"awards[{index}].code", N_("award code %(code)s is repeated"), code=rule.code
                )
            )
        seen.add(rule.code)
    raise_if_errors(problems)


def _amount_from_data(value: object) -> object:
    if value is None or value == "":
        return None
    if isinstance(value, float):
        # a TOML or JSON number: take its shortest decimal spelling, never its binary value
        return Decimal(repr(value))
    if isinstance(value, str | int) and not isinstance(value, bool):
        try:
            return Decimal(str(value).strip())
        except ArithmeticError:
            return value
    return value


def awards_from_data(data: Iterable[Mapping[str, Any]]) -> list[AwardRule]:
    """Award rules from plain data (the contest file or the admin's table).

    Each mapping has the fields of :class:`AwardRule`; ``amount_yuan`` may be a string or a
    number (read as its decimal spelling), missing optional fields take their defaults.

    :raises ValidationError: listing every problem, with fields ``awards[i].name``.
    """
    rules, problems = [], []
    for index, item in enumerate(data):
        where = f"awards[{index}]"
        if not isinstance(item, Mapping):
            problems.append(error(where, N_("an award rule is a table of fields")))
            continue
        unknown = sorted(set(item) - set(_FIELDS))
        missing = [k for k in ("code", "name_zh", "applies_to") if k not in item]
        for key in unknown:
            problems.append(error(f"{where}.{key}", N_("unknown field %(key)s"), key=key))
        for key in missing:
            problems.append(error(f"{where}.{key}", N_("missing field %(key)s"), key=key))
        if unknown or missing:
            continue
        values = {k: item[k] for k in _FIELDS if k in item}
        values.setdefault("name_en", "")
        values["amount_yuan"] = _amount_from_data(values.get("amount_yuan"))
        try:
            rules.append(AwardRule(**values))
        except ValidationError as exc:
            problems += [p.at(field=f"{where}.{p.field}") for p in exc.problems]
    raise_if_errors(problems)
    check_award_table(rules)
    return rules


def awards_to_data(rules: Iterable[AwardRule]) -> list[dict[str, Any]]:
    """Award rules as plain data (amounts as decimal strings), the inverse of
    :func:`awards_from_data`."""
    out = []
    for rule in rules:
        item: dict[str, Any] = {k: getattr(rule, k) for k in _FIELDS}
        item["applies_to"] = str(rule.applies_to)
        item["amount_yuan"] = None if rule.amount_yuan is None else str(rule.amount_yuan)
        out.append(item)
    return out


# --------------------------------------------------------------------------- defaults


def _rule(code: str, zh: str, en: str, applies_to: AppliesTo, **kw: Any) -> AwardRule:
    return AwardRule(code, zh, en, applies_to, **kw)


_RANK = AppliesTo.FINAL_RANK
#: The notice's award table (四、竞赛奖项).
DEFAULT_AWARDS: tuple[AwardRule, ...] = (
    _rule("bspia-prize-1", "北安协奖金（第一名）", "BSPIA prize, 1st place", _RANK,
          rank_from=1, rank_to=1, amount_yuan=Decimal(6000), notes="含税 tax included"),
    _rule("bspia-prize-2-6", "北安协奖金（第二至第六名）", "BSPIA prize, 2nd–6th place", _RANK,
          rank_from=2, rank_to=6, amount_yuan=Decimal(3000), notes="含税 tax included"),
    _rule("bspia-prize-7-10", "北安协奖金（第七至第十名）", "BSPIA prize, 7th–10th place", _RANK,
          rank_from=7, rank_to=10, amount_yuan=Decimal(1000), notes="含税 tax included"),
    _rule("capital-labour-medal", "“首都劳动奖章”优先推荐", "Capital Labour Medal nomination",
          _RANK, rank_from=1, rank_to=1,
          notes="符合推荐条件的，由所在单位次年度按程序优先推荐；是推荐，不是授予 "
                "nominated first by the employer next year if eligible; not a grant"),
    _rule("senior-skilled-worker", "“北京市职工高级职业技术能手”证书",
          "Beijing Senior Skilled Worker certificate", _RANK, rank_from=1, rank_to=3,
          notes="北京市职工技术协会颁发 issued by the Beijing Workers' Technical Association"),
    _rule("talent-pool", "纳入北京市职工技术协会技能人才库，免费参加相应职业技能培训",
          "Beijing Workers' Technical Association talent pool and free training", _RANK,
          rank_from=1, rank_to=10),
    _rule("union-subsidy-1", "北京市总工会在职职工职业发展助推计划资助（第一名）",
          "Beijing Federation of Trade Unions career subsidy, 1st place", _RANK,
          rank_from=1, rank_to=1, amount_yuan=Decimal(2000), requires_union_card=True,
          notes="持有工会会员互助服务卡 union mutual-aid card holders only"),
    _rule("union-subsidy-2-10", "北京市总工会在职职工职业发展助推计划资助（第二至第十名）",
          "Beijing Federation of Trade Unions career subsidy, 2nd–10th place", _RANK,
          rank_from=2, rank_to=10, amount_yuan=Decimal(1000), requires_union_card=True,
          notes="持有工会会员互助服务卡 union mutual-aid card holders only"),
    _rule("bspia-talent-database", "个人信息录入北安协人才数据库",
          "Entered in the BSPIA talent database", AppliesTo.FINALIST),
    _rule("bspia-training-certificate", "北安协“安全防范设备值机员”培训合格证书",
          "BSPIA Security Equipment Monitoring Operator training certificate",
          AppliesTo.SEMIFINALIST),
    _rule("excellent-organising-unit", "“优秀组织单位”荣誉证书",
          "Excellent Organising Unit certificate", AppliesTo.ORGANISATION,
          min_registrations=10, notes="报名参赛超过10名（含）10 or more registered contestants"),
)  # fmt: skip
