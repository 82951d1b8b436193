"""The fast path of paper assembly: a randomized draw, then improving swaps.

1. Sections are filled scarcest first (fewest spare candidates), each from a random sample of
   about three times its count, keeping the least-used questions of the sample (ties broken at
   random). With a sample that large this is the "power of d choices" rule: it spreads use over
   the bank almost evenly while each paper stays unpredictable. A section whose candidates are
   few is scanned whole, so its least-used questions are always preferred.
2. If a quota or the difficulty band is missed, swaps repair it: an item is replaced by an
   unused candidate of the same section that moves the paper toward the violated bound (a
   question with the quota's tag, or an easier / harder one). A swap is kept when it lowers
   the total violation (or keeps it, half of the time, to walk across plateaus).
3. A few restarts with a shuffled section order; if all fail the caller falls back to the exact
   search of :mod:`questionbank.assembly_solver`, which either finds a paper or proves none
   exists. This module therefore never decides that a blueprint is infeasible.

Randomness comes only from the ``random.Random`` passed in, through :func:`randbelow` and
``rng.random()``, whose results CPython keeps stable across versions for a given seed.
"""

from __future__ import annotations

import random
from collections.abc import Mapping

from questionbank.assembly_pool import BlueprintIndex

#: sample this many times a section's count before keeping the least used
SAMPLE_FACTOR = 3
#: restarts of the draw before the exact search takes over
ATTEMPTS = 4
#: restarts when the exact search could not decide within its budget (a last try)
RESCUE_ATTEMPTS = 40
#: swaps tried per attempt: a base plus a multiple of the item count
SWAPS_BASE = 40
SWAPS_PER_ITEM = 6
_PROBES = 8
_SMALL = 32


def randbelow(rng: random.Random, n: int) -> int:
    """A uniform integer in ``[0, n)`` from ``rng.getrandbits`` (stable across Python versions)."""
    bits = n.bit_length()
    while True:
        value = rng.getrandbits(bits)
        if value < n:
            return value


def shuffle(rng: random.Random, items: list) -> None:
    """Fisher–Yates shuffle of ``items`` in place using :func:`randbelow`."""
    for i in range(len(items) - 1, 0, -1):
        j = randbelow(rng, i + 1)
        items[i], items[j] = items[j], items[i]


def least_used(
    rng: random.Random,
    positions: list[int],
    k: int,
    index: BlueprintIndex,
    exposure: Mapping[int, int] | None,
) -> list[int]:
    """``k`` of ``positions``: the least used so far, ties (and no ``exposure``) broken at random."""
    if exposure is None:
        if k < len(positions):
            positions = positions[:]
            shuffle(rng, positions)
        return positions[:k]
    ids = index.question_ids
    keyed = sorted((exposure.get(ids[p], 0), rng.random(), p) for p in positions)
    return [p for _, _, p in keyed[:k]]


def sample_free(
    rng: random.Random, candidates: list[int], want: int, blocked: set[int]
) -> list[int]:
    """Up to ``want`` distinct unblocked positions drawn at random from ``candidates``.

    Small lists are scanned whole (so nothing free is missed); large ones are probed at random.
    """
    n = len(candidates)
    if n <= max(2 * want, _SMALL):
        return [p for p in candidates if p not in blocked]
    found: list[int] = []
    seen: set[int] = set()
    for _ in range(4 * want + 20):
        p = candidates[randbelow(rng, n)]
        if p not in blocked and p not in seen:
            seen.add(p)
            found.append(p)
            if len(found) == want:
                return found
    # Unlucky or crowded: fall back to a full scan rather than miss free candidates.
    return [p for p in candidates if p not in blocked]


class _Draft:
    """A paper being repaired: the chosen positions per section and its running totals."""

    def __init__(self, index: BlueprintIndex, chosen: list[list[int]], blocked: set[int]):
        self.index = index
        self.chosen = chosen
        self.blocked = blocked
        self.bounds = index.quota_bounds()
        self.tag_counts = [0] * len(self.bounds)
        self.difficulty_sum = 0
        for items in chosen:
            for p in items:
                self._count(p, 1)

    def _count(self, p: int, sign: int) -> None:
        tags = self.index.quotas[p]
        for i in range(len(self.bounds)):
            if tags >> i & 1:
                self.tag_counts[i] += sign
        self.difficulty_sum += sign * self.index.difficulty[p]

    def violation(self) -> int:
        """How far the paper is from every quota and the band, in questions / difficulty points."""
        total = 0
        for count, (low, high) in zip(self.tag_counts, self.bounds, strict=True):
            total += max(0, low - count) + max(0, count - high)
        d = self.difficulty_sum
        return total + max(0, self.index.band_low - d) + max(0, d - self.index.band_high)

    def violated(self) -> list[tuple[str, int]]:
        """The violated bounds: ``("more", i)``, ``("fewer", i)``, ``("harder", 0)``, ``("easier", 0)``."""
        out = []
        for i, (count, (low, high)) in enumerate(zip(self.tag_counts, self.bounds, strict=True)):
            if count < low:
                out.append(("more", i))
            elif count > high:
                out.append(("fewer", i))
        if self.difficulty_sum < self.index.band_low:
            out.append(("harder", 0))
        elif self.difficulty_sum > self.index.band_high:
            out.append(("easier", 0))
        return out

    def swap(self, j: int, slot: int, new: int) -> None:
        old = self.chosen[j][slot]
        self._count(old, -1)
        self._count(new, 1)
        self.chosen[j][slot] = new
        self.blocked.discard(old)
        self.blocked.add(new)


def _pick_in(
    rng: random.Random,
    draft: _Draft,
    candidates: list[int],
    exposure: Mapping[int, int] | None,
) -> int | None:
    free = sample_free(rng, candidates, _PROBES // 2, draft.blocked)
    if not free:
        return None
    if len(free) > _PROBES // 2:
        free = [free[randbelow(rng, len(free))] for _ in range(_PROBES // 2)]
    return least_used(rng, free, 1, draft.index, exposure)[0]


def _propose(
    rng: random.Random, draft: _Draft, goal: tuple[str, int], exposure: Mapping[int, int] | None
) -> tuple[int, int, int] | None:
    """A swap ``(section, slot, new position)`` aimed at ``goal``, or ``None`` if none was found."""
    index = draft.index
    kind, i = goal
    j = randbelow(rng, len(draft.chosen))
    items = draft.chosen[j]
    if kind in ("more", "fewer"):
        want_tag = kind == "more"
        slots = [s for s, p in enumerate(items) if bool(index.quotas[p] >> i & 1) != want_tag]
        pool = index.with_tag[j][i] if want_tag else index.without_tag[j][i]
        if not slots or not pool:
            return None
        new = _pick_in(rng, draft, pool, exposure)
    else:
        harder = kind == "harder"
        slots = [
            s
            for s, p in enumerate(items)
            if (index.difficulty[p] < 5 if harder else index.difficulty[p] > 1)
        ]
        if not slots:
            return None
        slot = slots[randbelow(rng, len(slots))]
        d = index.difficulty[items[slot]]
        levels = range(d + 1, 6) if harder else range(1, d)
        choices = [lv for lv in levels if index.by_difficulty[j][lv]]
        if not choices:
            return None
        level = choices[randbelow(rng, len(choices))]
        new = _pick_in(rng, draft, index.by_difficulty[j][level], exposure)
        return None if new is None else (j, slot, new)
    if new is None:
        return None
    return j, slots[randbelow(rng, len(slots))], new


def _repair(rng: random.Random, draft: _Draft, exposure: Mapping[int, int] | None) -> bool:
    current = draft.violation()
    budget = SWAPS_BASE + SWAPS_PER_ITEM * draft.index.item_count
    while current and budget:
        budget -= 1
        goals = draft.violated()
        move = _propose(rng, draft, goals[randbelow(rng, len(goals))], exposure)
        if move is None:
            continue
        j, slot, new = move
        old = draft.chosen[j][slot]
        draft.swap(j, slot, new)
        after = draft.violation()
        if after < current or (after == current and rng.random() < 0.5):
            current = after
        else:
            draft.swap(j, slot, old)
    return current == 0


def draw(
    index: BlueprintIndex,
    rng: random.Random,
    excluded: set[int],
    exposure: Mapping[int, int] | None,
    attempts: int = ATTEMPTS,
) -> list[list[int]] | None:
    """Chosen positions per section (in draw order) meeting every count, quota and the band.

    ``excluded`` are positions the paper must not use. Returns ``None`` when the heuristic gave
    up after ``attempts`` restarts, which proves nothing: the caller then runs the exact search.
    """
    order = sorted(
        range(len(index.counts)),
        key=lambda j: (index.available(j, excluded) - index.counts[j], j),
    )
    for attempt in range(attempts):
        if attempt:
            shuffle(rng, order)
        blocked = set(excluded)
        chosen: list[list[int]] = [[] for _ in index.counts]
        for j in order:
            count = index.counts[j]
            sample = sample_free(rng, index.candidates[j], SAMPLE_FACTOR * count, blocked)
            if len(sample) < count:
                break
            picked = least_used(rng, sample, count, index, exposure)
            chosen[j] = picked
            blocked.update(picked)
        else:
            if _repair(rng, _Draft(index, chosen, blocked), exposure):
                return chosen
    return None
