"""Whether a blueprint can be filled from a pool, and if not, exactly what is short.

:func:`check_feasibility` answers for one contestant (their exclusions) before anything is
drawn. It proves feasibility cheaply when it can (a draw with a fixed seed that meets every
rule), and otherwise decides with the exact search of :mod:`questionbank.assembly_solver`,
naming what is short, most specific first:

1. a section with fewer candidates than its count (``section 2 (multiple, tags any of …,
   difficulty 2–4): 12 available, needs 15, short by 3``);
2. sections that compete for the same questions and together need more than exist (a Hall
   violator found from a minimum cut);
3. a quota that no filling of the sections can meet on its own (at most 12 questions with the
   tag fit, needs 20: short by 8; or the sections force too many);
4. quotas of one facet (``area:…``) whose sum no filling can meet (more than the paper holds);
5. the difficulty band out of reach of every filling;
6. otherwise the smallest combination of quotas and the band that cannot hold together.

Each step is a proof of infeasibility; feasibility is reported only when a paper was found.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from decimal import Decimal
from itertools import combinations

from questionbank.assembly_draw import RESCUE_ATTEMPTS, draw
from questionbank.assembly_flow import Model, Row
from questionbank.assembly_pool import DIFFICULTY_BAND, BlueprintIndex, Pool
from questionbank.assembly_solver import UndecidedError, facet_sums, solve
from questionbank.blueprint import Blueprint, blueprint_problems
from questionbank.problems import N_, Problem, error

_CENT = Decimal("0.01")
#: the largest subset of quotas (and the band) searched for the smallest conflict
CONFLICT_SIZE = 3


def check_feasibility(
    blueprint: Blueprint, pool: Pool, excluded: frozenset[int] = frozenset()
) -> list[Problem]:
    """Every reason ``blueprint`` cannot be filled from ``pool`` for a contestant.

    ``excluded`` are the question ids the contestant has already seen (``exclude_used_in``).
    Returns ``[]`` when a paper meeting every section, quota and the difficulty band exists.
    Problems name their subject in ``field`` (``sections[1]``, ``quotas[0]``,
    ``target_difficulty``; 0-based like the contest file's key paths) while their messages
    number sections from 1 (``section 2``). Invalid blueprints return their validation problems.
    Raises nothing.
    """
    problems = blueprint_problems(blueprint)
    if problems:
        return problems
    index = pool.index(blueprint)
    blocked = index.excluded_positions(excluded)
    # A found paper is the cheapest proof; a fixed seed keeps the answer reproducible.
    if draw(index, random.Random(0), blocked, None) is not None:
        return []
    return diagnose(index, blocked)


def diagnose(index: BlueprintIndex, blocked: set[int]) -> list[Problem]:
    """The exact verdict for one contestant: ``[]`` if a paper exists, else what is short."""
    model = Model(index, blocked)
    problems = _section_problems(index, model, blocked)
    if problems:
        return problems
    problems = _single_row_problems(index, model)
    if problems:
        return problems
    rows = model.rows()
    try:
        if solve(model, rows) is not None:
            return []
        return [_conflict(index, model, rows)]
    except UndecidedError:
        if rescue(index, blocked) is not None:
            return []
        return [
            error(
                "quotas",
                N_(
                    "could not decide whether a paper meeting every quota and the difficulty "
                    "band exists (search limit reached); loosen or remove some quotas"
                ),
            )
        ]


def rescue(
    index: BlueprintIndex,
    blocked: set[int],
    rng: random.Random | None = None,
    exposure: Mapping[int, int] | None = None,
) -> list[list[int]] | None:
    """A last, longer randomized search when the exact search ran out of budget."""
    return draw(index, rng or random.Random(0), blocked, exposure, attempts=RESCUE_ATTEMPTS)


def _section_problems(index: BlueprintIndex, model: Model, blocked: set[int]) -> list[Problem]:
    sections = index.blueprint.sections
    problems = []
    for j, section in enumerate(sections):
        available = index.available(j, blocked)
        if available < section.count:
            problems.append(
                error(
                    f"sections[{j}]",
                    N_(
                        "section %(no)s (%(section)s): %(available)s available, needs "
                        "%(needed)s, short by %(short)s"
                    ),
                    no=j + 1,
                    section=section.describe(),
                    available=available,
                    needed=section.count,
                    short=section.count - available,
                )
            )
    if problems:
        return problems
    violator = model.shortfall()
    if violator is None:
        return []
    short, serving = violator
    needed = sum(index.counts[j] for j in short)
    return [
        error(
            "sections",
            N_(
                "sections %(nos)s (%(sections)s) compete for the same questions: together they "
                "need %(needed)s, only %(available)s can serve them, short by %(short)s"
            ),
            nos=", ".join(str(j + 1) for j in short),
            sections="; ".join(sections[j].describe() for j in short),
            needed=needed,
            available=serving,
            short=needed - serving,
        )
    ]


def _mean(total: int, n: int) -> str:
    return str((Decimal(total) / n).quantize(_CENT))


def _single_row_problems(index: BlueprintIndex, model: Model) -> list[Problem]:
    problems = []
    low, high = model.full_bounds()
    for i, quota in enumerate(index.blueprint.quotas):
        lo, hi = index.quota_bounds()[i]
        row = model.quota_row(i, lo, hi)
        most = model.extreme(row, low, high, maximize=True)
        least = model.extreme(row, low, high, maximize=False)
        assert most is not None and least is not None  # the sections can be filled
        if row.value(most.y) < lo:
            problems.append(
                error(
                    f"quotas[{i}]",
                    N_(
                        "quota %(quota)s: at most %(available)s questions carrying %(tag)s fit "
                        "the sections, short by %(short)s"
                    ),
                    quota=quota.describe(),
                    tag=quota.tag,
                    available=row.value(most.y),
                    short=lo - row.value(most.y),
                )
            )
        elif row.value(least.y) > hi:
            problems.append(
                error(
                    f"quotas[{i}]",
                    N_(
                        "quota %(quota)s: the sections need at least %(needed)s questions "
                        "carrying %(tag)s, %(over)s too many"
                    ),
                    quota=quota.describe(),
                    tag=quota.tag,
                    needed=row.value(least.y),
                    over=row.value(least.y) - hi,
                )
            )
    problems += _facet_problems(index, model, low, high)
    band = model.band_row()
    n = index.item_count
    params = {
        "low": str(index.target - DIFFICULTY_BAND),
        "high": str(index.target + DIFFICULTY_BAND),
        "target": str(index.target),
    }
    if band.low > band.high:
        problems.append(
            error(
                "target_difficulty",
                N_(
                    "no paper of %(n)s items has a mean difficulty within %(low)s–%(high)s "
                    "(target %(target)s ± 0.3)"
                ),
                n=n,
                **params,
            )
        )
        return problems
    hardest = model.extreme(band, low, high, maximize=True)
    easiest = model.extreme(band, low, high, maximize=False)
    assert hardest is not None and easiest is not None
    if band.value(hardest.y) < band.low:
        problems.append(
            error(
                "target_difficulty",
                N_(
                    "the mean difficulty must be within %(low)s–%(high)s (target %(target)s ± "
                    "0.3), but the hardest paper possible has mean %(best)s: short by %(short)s "
                    "difficulty points"
                ),
                best=_mean(band.value(hardest.y), n),
                short=band.low - band.value(hardest.y),
                **params,
            )
        )
    elif band.value(easiest.y) > band.high:
        problems.append(
            error(
                "target_difficulty",
                N_(
                    "the mean difficulty must be within %(low)s–%(high)s (target %(target)s ± "
                    "0.3), but the easiest paper possible has mean %(best)s: over by %(over)s "
                    "difficulty points"
                ),
                best=_mean(band.value(easiest.y), n),
                over=band.value(easiest.y) - band.high,
                **params,
            )
        )
    return problems


def _facet_problems(
    index: BlueprintIndex, model: Model, low: list[int], high: list[int]
) -> list[Problem]:
    """Quotas of one facet whose sum no filling of the sections can meet."""
    quotas = index.blueprint.quotas
    bounds = index.quota_bounds()
    rows = [model.quota_row(i, lo, hi) for i, (lo, hi) in enumerate(bounds)]
    problems = []
    for total in facet_sums(rows, index.item_count):
        members = [i for i, r in enumerate(rows) if r.facet and _within(r, total)]
        names = ", ".join(quotas[i].describe() for i in members)
        most = model.extreme(total, low, high, maximize=True)
        least = model.extreme(total, low, high, maximize=False)
        assert most is not None and least is not None
        if total.value(most.y) < total.low:
            problems.append(
                error(
                    "quotas",
                    N_(
                        "quotas %(quotas)s together need at least %(needed)s questions, at most "
                        "%(available)s fit the sections, short by %(short)s"
                    ),
                    quotas=names,
                    needed=total.low,
                    available=total.value(most.y),
                    short=total.low - total.value(most.y),
                )
            )
        elif total.value(least.y) > total.high:
            problems.append(
                error(
                    "quotas",
                    N_(
                        "quotas %(quotas)s together allow at most %(allowed)s questions, the "
                        "sections need at least %(needed)s, %(over)s too many"
                    ),
                    quotas=names,
                    allowed=total.high,
                    needed=total.value(least.y),
                    over=total.value(least.y) - total.high,
                )
            )
    return problems


def _within(row: Row, total: Row) -> bool:
    return all(w <= t for w, t in zip(row.weights, total.weights, strict=True))


def _row_names(index: BlueprintIndex, chosen: Iterable[int]) -> str:
    quotas = index.blueprint.quotas
    names = [
        f"quota {quotas[k].describe()}"
        if k < len(quotas)
        else f"the difficulty band (target {index.target} ± {DIFFICULTY_BAND})"
        for k in chosen
    ]
    return ", ".join(names)


def _conflict(index: BlueprintIndex, model: Model, rows: list[Row]) -> Problem:
    """The smallest set of rows (quotas, band) that no filling meets together.

    Subsets of up to :data:`CONFLICT_SIZE` rows are tried; past that all rows are named.
    """
    culprit: tuple[int, ...] = tuple(range(len(rows)))
    for size in range(1, min(len(rows), CONFLICT_SIZE + 1)):
        found = None
        for combo in combinations(range(len(rows)), size):
            try:
                if solve(model, [rows[k] for k in combo]) is None:
                    found = combo
                    break
            except UndecidedError:
                continue
        if found is not None:
            culprit = found
            break
    return error(
        "quotas",
        N_("%(parts)s cannot all hold on one paper with these sections"),
        parts=_row_names(index, culprit),
    )
