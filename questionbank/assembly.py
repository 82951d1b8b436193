"""Paper assembly: one fair, unpredictable, reproducible paper per contestant.

**Rules every paper meets** (:func:`assemble` checks them before returning):

* the blueprint's sections in order, each with exactly ``count`` questions it accepts, each
  item worth the section's points, so every paper has the same structure and total points;
* a question at most once per paper, never one the contestant saw in an ``exclude_used_in``
  stage (``excluded``, question ids);
* every quota: the number of questions carrying its tag, across sections, within its bounds;
* the difficulty band: the paper's mean difficulty, the *unweighted* mean over its items (each
  question counts once, whatever its points: the band is about which questions a contestant
  meets; points are the same on every paper anyway), within ±0.3 of the target (the
  blueprint's ``target_difficulty``, else :meth:`Pool.target_difficulty`).

**Randomness.** Question order is shuffled within each section (sections keep blueprint order)
when ``shuffle_questions``; otherwise items follow question id. Options are shuffled per item
when ``shuffle_options``: ``option_order`` lists the original keys in display order. Everything
random comes from the ``random.Random`` passed in, seeded with :func:`paper_seed`, so the same
seed, pool, exclusions and exposure give a byte-identical paper (:meth:`Paper.fingerprint`).

**Exposure.** With an ``exposure`` counter (uses per question id across the papers generated so
far in this run, updated by :func:`assemble`), the least used candidates are preferred, with
random tie-breaks, so use spreads evenly over the bank (:func:`exposure_report`). The paper then
depends on the papers before it too: to regenerate one paper for an audit, replay the stage's
papers in their recorded order from an empty counter (a few milliseconds per paper), or generate
without a counter, in which case a paper depends on its own seed alone.

**Feasibility.** :func:`~questionbank.assembly_feasibility.check_feasibility` tells, before any
drawing, whether a blueprint can be met and what is short. :func:`assemble` never returns a
partial paper: it draws fast (:mod:`questionbank.assembly_draw`) and, if that fails, lets the
exact search (:mod:`questionbank.assembly_solver`) either find a paper or prove there is none,
raising :class:`AssemblyError` with the reasons. An infeasible blueprint is always refused; a
feasible one is refused only if both the randomized draws and the exact search's bounded
effort fail, with a "could not decide" problem (not observed on realistic blueprints).
"""

from __future__ import annotations

import hashlib
import json
import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from questionbank.assembly_draw import draw, least_used, shuffle
from questionbank.assembly_feasibility import check_feasibility, diagnose, rescue
from questionbank.assembly_flow import Model
from questionbank.assembly_pool import DIFFICULTY_BAND, BlueprintIndex, Pool, PoolQuestion
from questionbank.assembly_solver import UndecidedError, solve
from questionbank.blueprint import Blueprint, blueprint_problems
from questionbank.model import OPTION_KEYS
from questionbank.problems import N_, ValidationError, error

__all__ = [
    "DIFFICULTY_BAND",
    "AssemblyError",
    "Paper",
    "PaperItem",
    "Pool",
    "PoolQuestion",
    "assemble",
    "check_feasibility",
    "exposure_report",
    "paper_seed",
]


class AssemblyError(ValidationError):
    """The blueprint cannot be met from the pool for this contestant; ``problems`` say why."""


@dataclass(frozen=True, slots=True)
class PaperItem:
    """One item of a paper, numbered from 1 in display order.

    ``option_order`` lists the question's original option keys in the order shown
    (``("C", "A", "D", "B")``); it is empty for true/false and short answers. ``scoring`` is
    the multiple-choice rule frozen into the item (``None`` for other types).
    """

    no: int
    section_index: int
    question_id: int
    version_id: int
    points: Decimal
    option_order: tuple[str, ...] = ()
    scoring: str | None = None

    def to_dict(self) -> dict[str, object]:
        """The item as plain JSON-ready data (points as a normalised decimal string)."""
        return {
            "no": self.no,
            "section_index": self.section_index,
            "question_id": self.question_id,
            "version_id": self.version_id,
            "points": format(self.points.normalize(), "f"),
            "option_order": list(self.option_order),
            "scoring": self.scoring,
        }


@dataclass(frozen=True)
class Paper:
    """A contestant's paper: its items in display order."""

    items: tuple[PaperItem, ...]

    @property
    def total_points(self) -> Decimal:
        """Full marks of the paper."""
        return sum((item.points for item in self.items), Decimal(0))

    @property
    def question_ids(self) -> tuple[int, ...]:
        """The questions of the paper, in display order."""
        return tuple(item.question_id for item in self.items)

    def mean_difficulty(self, pool: Pool) -> Decimal:
        """The unweighted mean difficulty of the items (difficulties from ``pool``).

        :raises KeyError: if a question of the paper is not in ``pool``.
        """
        total = 0
        for item in self.items:
            q = pool.get(item.question_id)
            if q is None:
                raise KeyError(item.question_id)
            total += q.difficulty
        return Decimal(total) / len(self.items) if self.items else Decimal(0)

    def canonical_json(self) -> str:
        """The canonical serialisation: sorted keys, no spaces, ASCII only."""
        data = {"format": 1, "items": [item.to_dict() for item in self.items]}
        return json.dumps(data, sort_keys=True, separators=(",", ":"))

    def fingerprint(self) -> str:
        """sha256 (hex) of :meth:`canonical_json`: equal exactly for byte-identical papers."""
        return hashlib.sha256(self.canonical_json().encode("ascii")).hexdigest()


def paper_seed(stage_seed: int | str, contestant_key: str) -> int:
    """The seed of one contestant's paper, derived from the stage's recorded seed.

    ``sha256`` of the JSON text ``["examsvc-paper-v1", str(stage_seed), contestant_key]``; the
    first 8 bytes, big-endian, as an unsigned integer. ``contestant_key`` must be stable for
    the contestant (e.g. the admission ticket), so one paper's seed can be recomputed alone.
    Seeds ``5`` and ``"5"`` are the same stage seed.
    """
    material = json.dumps(["examsvc-paper-v1", str(stage_seed), contestant_key])
    return int.from_bytes(hashlib.sha256(material.encode("utf-8")).digest()[:8], "big")


def assemble(
    blueprint: Blueprint,
    pool: Pool,
    rng: random.Random,
    excluded: frozenset[int] = frozenset(),
    exposure: Counter[int] | None = None,
) -> Paper:
    """Draw one paper meeting every rule of the module doc.

    ``excluded``: question ids the contestant must not meet again. ``exposure``: uses per
    question id so far in this run; the paper's questions are added to it.

    :raises AssemblyError: when no such paper exists (or the blueprint is invalid), with every
        problem found; nothing is drawn then and ``exposure`` is unchanged.
    """
    problems = blueprint_problems(blueprint)
    if problems:
        raise AssemblyError(problems)
    index = pool.index(blueprint)
    blocked = index.excluded_positions(excluded)
    chosen = draw(index, rng, blocked, exposure)
    if chosen is None:
        chosen = _exact(index, rng, blocked, exposure)
    paper = _paper(index, chosen, rng)
    _verify(index, chosen, blocked)
    if exposure is not None:
        exposure.update(paper.question_ids)
    return paper


def _exact(
    index: BlueprintIndex, rng: random.Random, blocked: set[int], exposure: Counter[int] | None
) -> list[list[int]]:
    """Chosen positions per section from the exact search, or :class:`AssemblyError`."""
    model = Model(index, blocked)
    try:
        filling = solve(model, model.rows())
    except UndecidedError:
        chosen = rescue(index, blocked, rng, exposure)
        if chosen is not None:
            return chosen
        filling = None
    if filling is None:
        raise AssemblyError(
            diagnose(index, blocked) or [error("sections", N_("no paper found for this blueprint"))]
        )
    chosen: list[list[int]] = [[] for _ in index.counts]
    used = set(blocked)
    # The filling fixes how many questions each class gives each section; which questions of
    # the class is still free, so pick them as the fast path does.
    for (number, j), count in sorted(filling.allocation.items()):
        free = [p for p in index.classes[number] if p not in used]
        picked = least_used(rng, free, count, index, exposure)
        chosen[j] += picked
        used.update(picked)
    return chosen


def _paper(index: BlueprintIndex, chosen: list[list[int]], rng: random.Random) -> Paper:
    blueprint = index.blueprint
    questions = index.pool.questions
    items = []
    for j, section in enumerate(blueprint.sections):
        positions = chosen[j][:]
        if blueprint.shuffle_questions:
            shuffle(rng, positions)
        else:
            positions.sort()  # pool order is question-id order
        scoring = None if section.multiple_scoring is None else str(section.multiple_scoring)
        for p in positions:
            q = questions[p]
            keys = list(OPTION_KEYS[: q.option_count]) if q.type.is_choice else []
            if blueprint.shuffle_options:
                shuffle(rng, keys)
            items.append(
                PaperItem(
                    no=len(items) + 1,
                    section_index=j,
                    question_id=q.question_id,
                    version_id=q.version_id,
                    points=section.points,
                    option_order=tuple(keys),
                    scoring=scoring,
                )
            )
    return Paper(tuple(items))


def _verify(index: BlueprintIndex, chosen: list[list[int]], blocked: set[int]) -> None:
    """Re-check every rule on the drawn positions; a failure is a bug, never a bad input."""
    flat = [p for items in chosen for p in items]
    ok = len(set(flat)) == len(flat) and not blocked.intersection(flat)
    ok = ok and all(
        len(items) == index.counts[j] and all(index.sections[p] >> j & 1 for p in items)
        for j, items in enumerate(chosen)
    )
    for i, (low, high) in enumerate(index.quota_bounds()):
        ok = ok and low <= sum(index.quotas[p] >> i & 1 for p in flat) <= high
    total = sum(index.difficulty[p] for p in flat)
    if not (ok and index.band_low <= total <= index.band_high):
        raise RuntimeError("paper assembly produced a paper that breaks its blueprint")


def exposure_report(papers: Iterable[Paper]) -> tuple[int, float]:
    """``(max, mean)`` uses per question over ``papers``.

    The mean is over the questions that appear on at least one paper; ``max / mean`` near 1
    means use is spread evenly. ``(0, 0.0)`` for no papers.
    """
    uses = Counter(q for paper in papers for q in paper.question_ids)
    if not uses:
        return 0, 0.0
    return max(uses.values()), sum(uses.values()) / len(uses)
