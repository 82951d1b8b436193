"""Flags: questions whose statistics say an author should look at them.

Each flag compares a figure of :mod:`questionbank.stats.items` with a threshold from
:class:`FlagThresholds` (settings, with these defaults):

* ``too_easy``: facility above ``too_easy`` (0.9);
* ``too_hard``: facility below ``too_hard`` (0.2);
* ``negative_discrimination``: discrimination index below ``negative_discrimination`` (0):
  the weaker contestants did better than the stronger ones; a wrong key or a misleading stem;
* ``weak_discrimination``: discrimination index at or above that but below
  ``weak_discrimination`` (0.2, Ebel's "poor" limit);
* ``likely_wrong_key`` (choice questions): an option of the key was chosen less often than
  some distractor, the classic sign of a mis-keyed question;
* ``unused_distractor`` (single and multiple choice): a distractor nobody chose, so it does
  no work. Only judged when enough contestants went wrong for the silence to mean something:
  the wrong answers ``n × (1 − facility)``, spread evenly, would give every distractor at least
  ``UNUSED_EVIDENCE`` (3) choosers (then an unused one would happen by chance about 5% of
  the time). An easy question answered by 30 leaves no evidence about its distractors.

Below ``min_responses`` contestants (20) figures are too noisy to judge (the discrimination
index of 20 contestants still has a standard error around 0.3): the question only gets
``few_responses``. Messages are English templates (``N_``), translated by the service.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from questionbank.model import QuestionType
from questionbank.problems import N_
from questionbank.stats.data import FALSE_KEY, TRUE_KEY
from questionbank.stats.items import ItemStats

TOO_EASY = "too_easy"
TOO_HARD = "too_hard"
NEGATIVE = "negative_discrimination"
WEAK = "weak_discrimination"
WRONG_KEY = "likely_wrong_key"
UNUSED = "unused_distractor"
FEW = "few_responses"

#: wrong answers per distractor needed before an unchosen distractor counts as unused
UNUSED_EVIDENCE = 3

#: every flag code, most serious first
FLAG_CODES = (WRONG_KEY, NEGATIVE, WEAK, TOO_HARD, TOO_EASY, UNUSED, FEW)
#: flags that mean "look at this question" (``few_responses`` only says "not enough data")
PROBLEM_CODES = frozenset(FLAG_CODES) - {FEW}


@dataclass(frozen=True)
class FlagThresholds:
    """The limits the flags use (settings; see the module docstring)."""

    too_easy: float = 0.9
    too_hard: float = 0.2
    weak_discrimination: float = 0.2
    negative_discrimination: float = 0.0
    min_responses: int = 20

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any] | None) -> FlagThresholds:
        """Thresholds from a settings mapping; unknown keys are ignored, missing ones default.

        :raises ValueError: if ``values`` is not a mapping, a value is not a number, or the
            limits contradict each other.
        """
        if values is not None and not isinstance(values, Mapping):
            raise ValueError(f"flag thresholds are a mapping of names to numbers, not {values!r}")
        known = {f.name: f for f in fields(cls)}
        given: dict[str, Any] = {}
        for name, value in (values or {}).items():
            if name not in known:
                continue
            if isinstance(value, bool):
                raise ValueError(f"{name} must be a number, not {value!r}")
            given[name] = int(value) if name == "min_responses" else float(value)
        thresholds = cls(**given)
        thresholds.check()
        return thresholds

    def check(self) -> None:
        """:raises ValueError: unless 0 ≤ too_hard < too_easy ≤ 1, negative ≤ weak and
        min_responses ≥ 2."""
        if not 0 <= self.too_hard < self.too_easy <= 1:
            raise ValueError("flag thresholds need 0 ≤ too_hard < too_easy ≤ 1")
        if not -1 <= self.negative_discrimination <= self.weak_discrimination <= 1:
            raise ValueError("flag thresholds need -1 ≤ negative ≤ weak discrimination ≤ 1")
        if self.min_responses < 2:
            raise ValueError("min_responses must be at least 2")

    def as_dict(self) -> dict[str, float | int]:
        """The thresholds by name."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class ItemFlag:
    """One flag on a question: its ``code`` (see :data:`FLAG_CODES`) and an English message
    template with parameters."""

    code: str
    message: str
    params: Mapping[str, Any]

    def text(self, translate: Callable[[str], str] | None = None) -> str:
        """The message with its parameters, translated by ``translate`` if given."""
        template = translate(self.message) if translate else self.message
        try:
            return template % dict(self.params)
        except (KeyError, ValueError, TypeError):
            return template

    def as_dict(self) -> dict[str, Any]:
        """Code, message template and parameters (JSON)."""
        return {"code": self.code, "message": self.message, "params": dict(self.params)}


def option_label(key: str) -> str:
    """An option as people read it: the letter, or √ / × for true / false."""
    return {TRUE_KEY: "√", FALSE_KEY: "×"}.get(key, key)


def _pct(value: float) -> str:
    return f"{value * 100:.0f}%"


def _num(value: float) -> str:
    return f"{value:.2f}"


def item_flags(stats: ItemStats, thresholds: FlagThresholds | None = None) -> tuple[ItemFlag, ...]:
    """The flags a question's statistics raise, most serious first."""
    t = thresholds or FlagThresholds()
    if stats.n < t.min_responses:
        return (
            ItemFlag(
                FEW,
                N_("only %(n)s contestants answered it (at least %(min)s are needed to judge)"),
                {"n": stats.n, "min": t.min_responses},
            ),
        )
    found: list[ItemFlag] = []
    found += _key_flags(stats)
    d = stats.discrimination
    if d is not None and d < t.negative_discrimination:
        found.append(
            ItemFlag(
                NEGATIVE,
                N_(
                    "discrimination index %(d)s is below %(limit)s: weaker contestants did "
                    "better than stronger ones"
                ),
                {"d": _num(d), "limit": _num(t.negative_discrimination)},
            )
        )
    elif d is not None and d < t.weak_discrimination:
        found.append(
            ItemFlag(
                WEAK,
                N_(
                    "discrimination index %(d)s is below %(limit)s: it hardly separates strong from weak"
                ),
                {"d": _num(d), "limit": _num(t.weak_discrimination)},
            )
        )
    f = stats.facility
    if f is not None and f < t.too_hard:
        found.append(
            ItemFlag(
                TOO_HARD,
                N_("facility %(f)s is below %(limit)s: too hard"),
                {"f": _pct(f), "limit": _pct(t.too_hard)},
            )
        )
    if f is not None and f > t.too_easy:
        found.append(
            ItemFlag(
                TOO_EASY,
                N_("facility %(f)s is above %(limit)s: too easy"),
                {"f": _pct(f), "limit": _pct(t.too_easy)},
            )
        )
    if stats.qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE) and f is not None:
        unused = [o.key for o in stats.distractors if o.count == 0]
        wrong = stats.n * (1 - f)
        if unused and wrong >= UNUSED_EVIDENCE * len(stats.distractors):
            found.append(
                ItemFlag(
                    UNUSED,
                    N_("nobody chose distractor %(keys)s"),
                    {"keys": ", ".join(unused)},
                )
            )
    return tuple(sorted(found, key=lambda flag: FLAG_CODES.index(flag.code)))


def _key_flags(stats: ItemStats) -> list[ItemFlag]:
    if not stats.has_options or not stats.key_options or not stats.distractors:
        return []
    weakest_key = min(stats.key_options, key=lambda o: (o.count, o.key))
    strongest = min(stats.distractors, key=lambda o: (-o.count, o.key))
    if strongest.count <= weakest_key.count:
        return []
    return [
        ItemFlag(
            WRONG_KEY,
            N_(
                "key option %(key)s was chosen by %(key_share)s but distractor %(other)s by "
                "%(other_share)s: check the key"
            ),
            {
                "key": option_label(weakest_key.key),
                "key_share": _pct(weakest_key.share),
                "other": option_label(strongest.key),
                "other_share": _pct(strongest.share),
            },
        )
    ]


def with_flags(items: list[ItemStats], thresholds: FlagThresholds | None = None) -> list[ItemStats]:
    """The items with their :attr:`ItemStats.flags` filled in."""
    return [replace(item, flags=item_flags(item, thresholds)) for item in items]


def is_flagged(item: ItemStats) -> bool:
    """Whether any flag asks an author to look at the question (not just ``few_responses``)."""
    return any(flag.code in PROBLEM_CODES for flag in item.flags)
