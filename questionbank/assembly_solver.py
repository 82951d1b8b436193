"""The exact search behind paper feasibility: branch and bound over the flow model.

The model (questions grouped into classes and groups, a paper as a flow, quotas and the band
as linear *rows* over the groups' flows ``y_g``) and its exact flow computations live in
:mod:`questionbank.assembly_flow`.

**Branch and bound.** Sections alone are a flow problem (exact, polynomial). With quotas and the
band the rows cut across sections and no single flow captures them (the general problem is
NP-hard), so :func:`solve` searches. At each node it

1. tightens the groups' bounds by interval propagation of every row and of
   ``Σ y_g = item count`` (plus implied rows: the sum of the quotas of each tag facet, see
   :func:`facet_sums`);
2. finds a filling (none: prune), and returns it if it meets every row;
3. for each violated row, computes the row's best value over all fillings within the node's
   bounds (out of reach: prune);
4. combines the rows with Lagrange multipliers (:func:`_lagrange`): multipliers found in
   floating point, but a proof of infeasibility is accepted only after an exact integer
   re-check, and every filling met on the way is tried as a solution;
5. otherwise splits the widest group of a violated row at the middle of its range.

Every pruning step is a proof and a solution is returned only when it meets every row, so the
search is *exact*: it answers "a paper exists" only with one in hand and "none exists" only
with a proof. It always terminates (each split halves a range), but its worst case is
exponential, so it stops after :data:`WORK_LIMIT` flows (a deterministic count, so the outcome
never depends on the machine's speed) and raises :class:`UndecidedError`. Callers then try a
longer randomized search and, failing that, refuse the paper with "could not decide": the one
outcome that may refuse a feasible blueprint, never one that accepts an infeasible one. On the
blueprints tried (up to eight cross-cutting quotas over 3,000 questions) decisions take
milliseconds to a few seconds.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from questionbank.assembly_flow import Filling, Model, Row

#: flows the search may compute before it gives up undecided (deterministic, unlike a clock)
WORK_LIMIT = 4000
#: subgradient steps per search node when looking for a combined proof (see _lagrange)
LAGRANGE_STEPS = 30
#: multipliers are scaled to integers by this factor before a proof is checked exactly
PROOF_SCALE = 1_000_000


class UndecidedError(RuntimeError):
    """The search hit :data:`WORK_LIMIT` before deciding."""


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def _propagate(low: list[int], high: list[int], rows: list[Row]) -> bool:
    """Tighten bounds by interval reasoning on each row; ``False`` when some row is out of reach."""
    for _ in range(20):
        changed = False
        for row in rows:
            top = sum(w * high[g] for g, w in enumerate(row.weights) if w)
            bottom = sum(w * low[g] for g, w in enumerate(row.weights) if w)
            if top < row.low or bottom > row.high:
                return False
            for g, w in enumerate(row.weights):
                if not w:
                    continue
                new_low = max(low[g], _ceil_div(row.low - (top - w * high[g]), w))
                new_high = min(high[g], (row.high - (bottom - w * low[g])) // w)
                if new_low > new_high:
                    return False
                if new_low != low[g] or new_high != high[g]:
                    top += w * (new_high - high[g])
                    bottom += w * (new_low - low[g])
                    low[g], high[g] = new_low, new_high
                    changed = True
        if not changed:
            return True
    return True


def _simplex_projection(values: list[float]) -> list[float]:
    """The Euclidean projection of ``values`` onto ``{x ≥ 0, Σ x = 1}``."""
    ordered = sorted(values, reverse=True)
    total = 0.0
    shift = 0.0
    for k, v in enumerate(ordered, start=1):
        total += v
        candidate = (total - 1) / k
        if v - candidate > 0:
            shift = candidate
    return [max(0.0, v - shift) for v in values]


def _meets(rows: list[Row], y: list[int]) -> bool:
    return all(r.low <= r.value(y) <= r.high for r in rows)


def _combined(rows: list[Row], lam: Sequence[float]) -> tuple[list[float], float]:
    """Weights and bound of ``Σ λ⁺_r (row_r ≥ low_r) + λ⁻_r (−row_r ≥ −high_r)``."""
    n = len(rows)
    groups = len(rows[0].weights)
    weights = [
        sum((lam[r] - lam[n + r]) * rows[r].weights[g] for r in range(n)) for g in range(groups)
    ]
    bound = sum(lam[r] * rows[r].low - lam[n + r] * rows[r].high for r in range(n))
    return weights, bound


def _lagrange(
    model: Model, rows: list[Row], low: list[int], high: list[int], start: Filling
) -> Filling | bool | None:
    """Look for a filling meeting every row, or a proof that none exists within the bounds.

    Any multipliers ``λ ≥ 0`` combine the rows into one implied row; if even the filling that
    maximises it falls short, no filling meets the rows (weak duality). Multipliers are searched
    in floating point (projected subgradient descent on the simplex), but a proof is accepted
    only after re-checking it with integer multipliers and the exact greedy maximum, so rounding
    can never prune a feasible node. Each greedy filling is also tried as a solution.
    Returns the filling, ``False`` for a proof, ``None`` when neither was found.
    """
    # Rows on a common scale, so that one step size fits all of them.
    scale = [max(1, *(abs(w) for w in r.weights)) for r in rows]
    filling = start
    lam: list[float] | None = None
    for step in range(LAGRANGE_STEPS):
        values = [r.value(filling.y) for r in rows]
        gradient = [(v - r.low) / k for v, r, k in zip(values, rows, scale, strict=True)]
        gradient += [(r.high - v) / k for v, r, k in zip(values, rows, scale, strict=True)]
        if lam is None:
            lam = _simplex_projection([max(0.0, -x) for x in gradient])
        else:
            gap = sum(m * x for m, x in zip(lam, gradient, strict=True))
            if gap < 0 and _proves_infeasible(model, rows, scale, lam, low, high):
                return False
            size = max(abs(x) for x in gradient) or 1.0
            lam = _simplex_projection(
                [m - x / size / math.sqrt(step) for m, x in zip(lam, gradient, strict=True)]
            )
        weights, _ = _combined(rows, [m / scale[i % len(rows)] for i, m in enumerate(lam)])
        found = model.maximize(weights, low, high)
        if found is None:
            return False
        if _meets(rows, found.y):
            return found
        filling = found
    return None


def _proves_infeasible(
    model: Model,
    rows: list[Row],
    scale: list[int],
    lam: list[float],
    low: list[int],
    high: list[int],
) -> bool:
    """Exact check of a candidate proof: integer multipliers, exact greedy maximum."""
    integral = [round(m / scale[i % len(rows)] * PROOF_SCALE) for i, m in enumerate(lam)]
    weights, bound = _combined(rows, integral)
    best = model.maximize(weights, low, high)
    if best is None:
        return True
    return sum(w * v for w, v in zip(weights, best.y, strict=True)) < bound


def facet_sums(rows: list[Row], item_count: int) -> list[Row]:
    """Implied rows: the sum of the quota rows of each facet with two quotas or more.

    Quotas of one facet (``area:a`` … ``area:h``) usually tag disjoint questions, so their
    sum must fit the paper; no single row shows that, and interval reasoning misses it.
    """
    by_facet: dict[str, list[Row]] = {}
    for row in rows:
        if row.facet is not None:
            by_facet.setdefault(row.facet, []).append(row)
    sums = []
    for members in by_facet.values():
        if len(members) > 1:
            weights = tuple(map(sum, zip(*(r.weights for r in members), strict=True)))
            low = sum(r.low for r in members)
            high = min(sum(r.high for r in members), item_count * max(weights, default=0))
            sums.append(Row(weights, low, high, None))
    return sums


def solve(model: Model, rows: list[Row]) -> Filling | None:
    """A filling of every section meeting every row, or ``None`` if none exists (exact).

    :raises UndecidedError: after :data:`WORK_LIMIT` flows without a decision.
    """
    total = Row((1,) * len(model.groups), model.item_count, model.item_count)
    # Implied rows change no answer; they only let the bounds prune sooner.
    rows = [*rows, *facet_sums(rows, model.item_count)]
    all_rows = [total, *rows]
    stack = [model.full_bounds()]
    limit = model.work + WORK_LIMIT
    while stack:
        low, high = stack.pop()
        if model.work > limit:
            raise UndecidedError(f"no decision after {WORK_LIMIT} flows")
        if not _propagate(low, high, all_rows):
            continue
        filling = model.route(low, high)
        if filling is None:
            continue
        broken = [r for r in rows if not r.low <= r.value(filling.y) <= r.high]
        if not broken:
            return filling
        out_of_reach = False
        for row in broken:
            needs_more = row.value(filling.y) < row.low
            best = model.extreme(row, low, high, maximize=needs_more)
            if best is None:
                out_of_reach = True
                break
            value = row.value(best.y)
            if (needs_more and value < row.low) or (not needs_more and value > row.high):
                out_of_reach = True
                break
            if _meets(rows, best.y):
                return best
        if out_of_reach:
            continue
        if len(broken) > 1 or len(rows) > 1:
            outcome = _lagrange(model, rows, low, high, filling)
            if outcome is False:
                continue
            if isinstance(outcome, Filling):
                return outcome
        free = [g for row in broken for g, w in enumerate(row.weights) if w and low[g] < high[g]]
        if not free:
            # Every group of a violated row is fixed, so the row's value is the same for every
            # filling of this node: nothing below it can meet the row.
            continue
        g = max(free, key=lambda g: (high[g] - low[g], -g))
        middle = (low[g] + high[g]) // 2
        left = (low[:], high[:])
        left[1][g] = middle
        right = (low[:], high[:])
        right[0][g] = middle + 1
        # Depth first, into the half holding the current filling's value first.
        if filling.y[g] <= middle:
            stack += [right, left]
        else:
            stack += [left, right]
    return None
