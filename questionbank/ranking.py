"""The stage ranking: totals, order, ties, advancement.

The rules (shared/spec/competition.md; the settings are :class:`RankingRules`):

1. **Scores.** ``theory`` is the raw paper score scaled to 0–100 from the paper's full marks,
   rounded half-up to two decimals (:func:`~questionbank.grading.theory_score`); ``skill`` (0–100
   from the judges) is rounded half-up to two decimals. ``total = theory_weight × theory +
   skill_weight × skill`` is computed exactly from those two *rounded* numbers and then rounded
   half-up to two decimals. So every number compared is a number people see printed, two totals
   that print alike are treated alike, and anyone can recompute a total from the printed theory
   and skill. All arithmetic is exact Decimal (an inexact step raises); floats never appear.
2. **Absence.** A missing part counts 0 for the total and flags the row ``theory_absent`` or
   ``skill_absent``. A contestant with neither part is flagged ``absent``, gets no rank, is
   listed last and is not a participant.
3. **Order.** Total, highest first; on equal totals the higher skill (an absent skill counts 0).
   Contestants still equal form a *tie group*. If a :class:`TieOrder` recorded by an
   arbitrator names exactly that group's tickets (the same set), its order is used and the rows
   are flagged ``tie_resolved``; when several match, the last recorded wins. Otherwise the group
   is placed in ticket order for display, flagged ``tie_unresolved``, listed in
   :attr:`Ranking.ties`, and the whole ranking is *provisional*. A tie order that matches no
   current group (scores changed since) is ignored and listed in
   :attr:`Ranking.stale_tie_orders`.
4. **Ranks.** 1, 2, …, participants; never two people on one rank.
5. **Advancement.** ``count = advance_ratio × participants`` rounded half-up, down or up
   (``advance_rounding``); the first ``count`` ranks advance. ``advances`` is computed even for
   a provisional ranking, but :attr:`Ranking.can_advance` is then False and
   :attr:`Ranking.advance_block` says why: the service must not enrol anyone or publish.
6. **Determinism.** The input order of entries never matters: every order is decided by the
   scores, the tie orders and finally the ticket.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, Inexact, localcontext
from itertools import groupby

from questionbank.grading import quantize_score, theory_score
from questionbank.problems import N_, Problem, error, raise_if_errors
from questionbank.ranking_rules import AdvanceRounding, RankingRules, rules_text

__all__ = [
    "AdvanceRounding",
    "Entry",
    "RankedRow",
    "Ranking",
    "RankingRules",
    "TieOrder",
    "rank_stage",
]

HUNDRED = Decimal(100)
ZERO = Decimal("0.00")

FLAG_THEORY_ABSENT = "theory_absent"
FLAG_SKILL_ABSENT = "skill_absent"
FLAG_ABSENT = "absent"
FLAG_TIE_UNRESOLVED = "tie_unresolved"
FLAG_TIE_RESOLVED = "tie_resolved"


@dataclass(frozen=True)
class Entry:
    """One contestant's raw results in a stage.

    ``theory_raw`` is the paper's score out of ``theory_full`` (``None``: absent from the
    theory exam); ``skill`` is 0–100 (``None``: absent from the skills part).
    ``contestant_key`` is the service's own key for the person, carried through untouched.
    """

    ticket: str
    name: str
    organisation: str
    theory_raw: Decimal | None
    theory_full: Decimal | None
    skill: Decimal | None
    contestant_key: str = ""


@dataclass(frozen=True)
class TieOrder:
    """An arbitrator's order for contestants whose total and skill are equal.

    :raises ValidationError: (on construction) unless it names two or more distinct tickets and
        gives a reason.
    """

    tickets: tuple[str, ...]
    reason: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "tickets", tuple(self.tickets))
        problems = []
        if len(self.tickets) < 2 or len(set(self.tickets)) != len(self.tickets):
            problems.append(error("order", N_("a tie order names two or more distinct tickets")))
        if not self.reason or not self.reason.strip():
            problems.append(error("reason", N_("a tie order needs a reason")))
        raise_if_errors(problems)


@dataclass(frozen=True)
class RankedRow:
    """One row of a stage ranking; ``theory`` and ``skill`` are ``None`` when absent."""

    rank: int | None
    ticket: str
    name: str
    organisation: str
    theory: Decimal | None
    skill: Decimal | None
    total: Decimal
    advances: bool
    flags: tuple[str, ...]
    contestant_key: str = ""


@dataclass(frozen=True)
class Ranking:
    """A computed stage ranking (see the module docstring for the rules)."""

    rows: list[RankedRow]
    rules: RankingRules
    provisional: bool
    #: the unresolved tie groups, in rank order, each in its provisional (ticket) order
    ties: list[tuple[str, ...]]
    participants: int
    advance_count: int
    #: tie orders that matched no current tie group and were ignored
    stale_tie_orders: list[TieOrder] = field(default_factory=list)
    #: tie orders that decided a tie group
    applied_tie_orders: list[TieOrder] = field(default_factory=list)

    @property
    def can_advance(self) -> bool:
        """Whether this ranking may be published and used to enrol the next stage."""
        return not self.provisional

    @property
    def advance_block(self) -> Problem | None:
        """Why advancing or publishing is refused (``None`` when it is allowed)."""
        if not self.provisional:
            return None
        groups = "; ".join(" = ".join(group) for group in self.ties)
        return error(
            "ranking",
            N_(
                "the ranking is provisional: the order of %(groups)s (equal total and skill) "
                "must be set by an arbitrator first"
            ),
            groups=groups,
        )

    def advancers(self) -> list[RankedRow]:
        """The rows that advance, in rank order."""
        return [row for row in self.rows if row.advances]

    def row(self, ticket: str) -> RankedRow:
        """The row of ``ticket``.

        :raises KeyError: if nobody has that ticket.
        """
        for row in self.rows:
            if row.ticket == ticket:
                return row
        raise KeyError(ticket)

    def rules_text(self, lang: str | None = None) -> str:
        """The rules in force, in Chinese (``"zh"``), English (``"en"``) or both (``None``)."""
        return rules_text(self.rules, lang)


@dataclass(frozen=True)
class _Scored:
    entry: Entry
    theory: Decimal | None
    skill: Decimal | None
    total: Decimal

    @property
    def sort_key(self) -> tuple[Decimal, Decimal]:
        return (self.total, self.skill if self.skill is not None else ZERO)


def _score(entry: Entry, rules: RankingRules) -> _Scored:
    theory = None
    if entry.theory_raw is not None:
        theory = theory_score(entry.theory_raw, entry.theory_full)  # type: ignore[arg-type]
    skill = quantize_score(Decimal(entry.skill)) if entry.skill is not None else None
    # exact arithmetic: an inexact step raises instead of rounding silently
    with localcontext() as ctx:
        ctx.prec = 60
        ctx.traps[Inexact] = True
        weighted = rules.theory_weight * (theory or ZERO) + rules.skill_weight * (skill or ZERO)
    return _Scored(entry, theory, skill, quantize_score(weighted))


def _entry_problems(entries: Sequence[Entry]) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for entry in entries:
        where = f"ticket {entry.ticket}"
        if not entry.ticket or entry.ticket in seen:
            problems.append(
                error("ticket", N_("ticket %(ticket)s is empty or repeated"), ticket=entry.ticket)
            )
        seen.add(entry.ticket)
        if entry.theory_raw is not None:
            raw, full = entry.theory_raw, entry.theory_full
            valid = _finite(raw) and _finite(full) and full > 0 and 0 <= raw <= full  # type: ignore[operator]
            if not valid:
                problems.append(
                    error(
                        "theory",
                        N_("a theory score of %(raw)s out of %(full)s is impossible"),
                        raw=str(raw),
                        full=str(full),
                    ).at(where=where)
                )
        if entry.skill is not None and (not _finite(entry.skill) or not 0 <= entry.skill <= 100):
            problems.append(
                error(
                    "skill",
                    N_("a skill score is a decimal from 0 to 100, not %(skill)s"),
                    skill=str(entry.skill),
                ).at(where=where)
            )
    return problems


def _finite(value: object) -> bool:
    return (
        isinstance(value, Decimal | int)
        and not isinstance(value, bool)
        and Decimal(value).is_finite()
    )


def _order_group(
    group: list[_Scored], tie_orders: Sequence[TieOrder]
) -> tuple[list[_Scored], TieOrder | None]:
    """A tie group in its final order, and the tie order used (``None``: unresolved)."""
    by_ticket = {s.entry.ticket: s for s in group}
    for order in reversed(tie_orders):  # the last one recorded wins
        if set(order.tickets) == by_ticket.keys():
            return [by_ticket[t] for t in order.tickets], order
    return sorted(group, key=lambda s: s.entry.ticket), None


def rank_stage(
    entries: Iterable[Entry], rules: RankingRules, tie_orders: Sequence[TieOrder] = ()
) -> Ranking:
    """Rank a stage's entries under ``rules`` and the arbitrators' ``tie_orders``.

    ``tie_orders`` are in the order they were recorded (the last matching one wins). The rules
    are in the module docstring.

    :raises ValidationError: for repeated tickets, impossible theory scores (raw outside
        0..full, full not positive) or skill scores outside 0–100, listing every one.
    """
    entries = list(entries)
    raise_if_errors(_entry_problems(entries))
    scored = [_score(e, rules) for e in entries]
    present = [s for s in scored if s.theory is not None or s.skill is not None]
    absent = sorted((s for s in scored if s.theory is None and s.skill is None), key=_ticket)

    # best first; the ticket only makes the grouping below deterministic
    present.sort(key=lambda s: (_negate(s.sort_key), s.entry.ticket))
    ordered: list[tuple[_Scored, str | None]] = []
    ties: list[tuple[str, ...]] = []
    applied: list[TieOrder] = []
    for _, members in groupby(present, key=lambda s: s.sort_key):
        group = list(members)
        if len(group) == 1:
            ordered.append((group[0], None))
            continue
        group, order = _order_group(group, tie_orders)
        if order is None:
            ties.append(tuple(s.entry.ticket for s in group))
            ordered += [(s, FLAG_TIE_UNRESOLVED) for s in group]
        else:
            applied.append(order)
            ordered += [(s, FLAG_TIE_RESOLVED) for s in group]

    participants = len(ordered)
    count = rules.advance_count(participants)
    rows = [
        _row(s, rank, rank <= count, tie_flag)
        for rank, (s, tie_flag) in enumerate(ordered, start=1)
    ]
    rows += [_row(s, None, False, None) for s in absent]
    return Ranking(
        rows=rows,
        rules=rules,
        provisional=bool(ties),
        ties=ties,
        participants=participants,
        advance_count=count,
        stale_tie_orders=[o for o in tie_orders if not any(o is a for a in applied)],
        applied_tie_orders=applied,
    )


def _ticket(s: _Scored) -> str:
    return s.entry.ticket


def _negate(key: tuple[Decimal, Decimal]) -> tuple[Decimal, Decimal]:
    return (-key[0], -key[1])


def _row(s: _Scored, rank: int | None, advances: bool, tie_flag: str | None) -> RankedRow:
    if s.theory is None and s.skill is None:
        flags: tuple[str, ...] = (FLAG_ABSENT,)
    else:
        flags = tuple(
            flag
            for flag, on in (
                (FLAG_THEORY_ABSENT, s.theory is None),
                (FLAG_SKILL_ABSENT, s.skill is None),
                (tie_flag, tie_flag is not None),
            )
            if on
        )  # type: ignore[assignment]
    e = s.entry
    return RankedRow(
        rank=rank,
        ticket=e.ticket,
        name=e.name,
        organisation=e.organisation,
        theory=s.theory,
        skill=s.skill,
        total=s.total,
        advances=advances,
        flags=flags,
        contestant_key=e.contestant_key,
    )
