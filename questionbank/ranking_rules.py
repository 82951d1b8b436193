"""The settings of a stage ranking and their plain description in Chinese and English.

The ranking page and every export show :func:`rules_text`, so that anyone can recompute the
ranking by hand from the printed scores (competition.md: fair, impartial, open).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from questionbank.problems import N_, Problem, error, raise_if_errors


class AdvanceRounding(StrEnum):
    """How ``advance_ratio × participants`` becomes a whole number of advancers."""

    HALF_UP = "half_up"
    FLOOR = "floor"
    CEIL = "ceil"


@dataclass(frozen=True)
class RankingRules:
    """A stage's ranking settings (defaults from the 2025 notice: 30 % / 70 %, top 30 %).

    ``theory_weight`` and ``skill_weight`` are non-negative and add up to 1 (the total is on
    the 0–100 scale); ``advance_ratio`` is between 0 and 1.

    :raises ValidationError: (on construction) listing every invalid setting.
    """

    theory_weight: Decimal = Decimal("0.30")
    skill_weight: Decimal = Decimal("0.70")
    advance_ratio: Decimal = Decimal("0.30")
    advance_rounding: str = AdvanceRounding.HALF_UP

    def __post_init__(self) -> None:
        raise_if_errors(_rules_problems(self))
        # store the enum so comparisons and the description never see a stray string
        object.__setattr__(self, "advance_rounding", AdvanceRounding(self.advance_rounding))

    def advance_count(self, participants: int) -> int:
        """How many of ``participants`` advance: ``advance_ratio × participants``, rounded."""
        exact = Fraction(self.advance_ratio) * participants
        match self.advance_rounding:
            case AdvanceRounding.FLOOR:
                return exact.numerator // exact.denominator
            case AdvanceRounding.CEIL:
                return -(-exact.numerator // exact.denominator)
        # half-up: floor(x + 1/2), x never negative here
        return (2 * exact.numerator + exact.denominator) // (2 * exact.denominator)

    def to_data(self) -> dict[str, str]:
        """The settings as plain strings (the ``rules`` object of the ranking JSON)."""
        return {
            "theory_weight": str(self.theory_weight),
            "skill_weight": str(self.skill_weight),
            "advance_ratio": str(self.advance_ratio),
            "advance_rounding": str(self.advance_rounding),
            "precision": "0.01 half_up",
            "order": "total desc, skill desc, arbitrator's order",
        }


def _is_decimal(value: object) -> bool:
    return isinstance(value, Decimal) and value.is_finite()


def _rules_problems(rules: RankingRules) -> list[Problem]:
    problems = []
    weights_ok = True
    for name in ("theory_weight", "skill_weight"):
        value = getattr(rules, name)
        if not _is_decimal(value) or not 0 <= value <= 1:
            weights_ok = False
            problems.append(
                error(name, N_("a weight is a decimal from 0 to 1, not %(value)s"), value=value)
            )
    if weights_ok and rules.theory_weight + rules.skill_weight != 1:
        problems.append(
            error(
                "skill_weight",
                N_("the theory and skill weights must add up to 1, not %(sum)s"),
                sum=str(rules.theory_weight + rules.skill_weight),
            )
        )
    if not _is_decimal(rules.advance_ratio) or not 0 <= rules.advance_ratio <= 1:
        problems.append(
            error(
                "advance_ratio",
                N_("the advance ratio is a decimal from 0 to 1, not %(value)s"),
                value=rules.advance_ratio,
            )
        )
    if rules.advance_rounding not in {r.value for r in AdvanceRounding}:
        problems.append(
            error(
                "advance_rounding",
                N_("advance_rounding is half_up, floor or ceil, not %(value)s"),
                value=rules.advance_rounding,
            )
        )
    return problems


def _percent(value: Decimal) -> str:
    text = format((value * 100).normalize(), "f")
    return f"{text}%"


_ROUNDING_ZH = {
    AdvanceRounding.HALF_UP: "四舍五入取整",
    AdvanceRounding.FLOOR: "向下取整",
    AdvanceRounding.CEIL: "向上取整",
}
_ROUNDING_EN = {
    AdvanceRounding.HALF_UP: "rounded half up",
    AdvanceRounding.FLOOR: "rounded down",
    AdvanceRounding.CEIL: "rounded up",
}


def rules_text(rules: RankingRules, lang: str | None = None) -> str:
    """A plain description of ``rules``: Chinese (``lang="zh"``), English (``"en"``) or both.

    :raises ValueError: for another ``lang``.
    """
    tw, sw, ratio = (
        _percent(v) for v in (rules.theory_weight, rules.skill_weight, rules.advance_ratio)
    )
    rounding = AdvanceRounding(rules.advance_rounding)
    zh = (
        f"总成绩 = 理论成绩 × {tw} + 技能成绩 × {sw}，两项均为百分制（理论成绩按试卷满分折算为百分制）。"
        "理论成绩、技能成绩先各自保留两位小数（四舍五入），再由这两个数计算总成绩并保留两位小数"
        "（四舍五入），显示相同的成绩即视为相同。"
        "按总成绩从高到低排名，不设并列名次：总成绩相同者，技能成绩高者排名优先；"
        "总成绩与技能成绩均相同者，由仲裁组确定先后并记录理由，确定前排名为暂定，"
        "不得公布或用于晋级。某一部分缺考按 0 分计并标注“缺考”；两部分均缺考者不参加排名。"
        f"晋级人数 = 参赛人数 × {ratio}，{_ROUNDING_ZH[rounding]}；名次在前的该数量选手晋级。"
    )
    en = (
        f"Total = theory × {tw} + skill × {sw}, both on a 0–100 scale (the theory paper is "
        "scaled to 100 from its full marks). Theory and skill are each rounded half up to two "
        "decimals first, the total is computed from those two numbers and rounded half up to "
        "two decimals, so scores that print alike are treated alike. Ranked by total, highest "
        "first, with no tied ranks: on equal totals the higher skill score ranks first; on "
        "equal total and skill the arbitration group records the order with a reason, and "
        "until then the ranking is provisional and cannot be published or used for "
        "advancement. A missing part counts 0 and is marked absent; a contestant absent from "
        f"both parts is not ranked. Advancers = participants × {ratio}, "
        f"{_ROUNDING_EN[rounding]}; that many contestants from the top advance."
    )
    if lang == "zh":
        return zh
    if lang == "en":
        return en
    if lang is None:
        return f"{zh}\n{en}"
    raise ValueError(f"no rules text in {lang!r}")
