"""The exact search behind paper feasibility: flows over question classes, branch and bound.

**Model.** Questions a section may take are grouped into *classes* of interchangeable questions
(same set of sections that accept them, same quota tags, same difficulty). A paper, as far as
counts, quotas and the difficulty band go, is an integer flow::

    source ─[lo_g, hi_g]→ group g ─[avail_K]→ class K ─→ section j ─[count_j]→ sink

where a *group* g gathers the classes with the same quota tags and difficulty, and the flow must
fill every section (value = item count). Each class's capacity counts its questions not
excluded for this contestant, so one question is used at most once. Quotas and the band are
linear *rows* over the groups' flows ``y_g``: ``min_i ≤ Σ_{g carries tag i} y_g ≤ max_i`` and
``band_low ≤ Σ_g difficulty_g · y_g ≤ band_high``.

**Flows.** With bounds on the ``y_g`` (lower bounds included), a flow that fills every section
is found by Edmonds–Karp in phases: first the lower bounds alone, then the rest. An augmenting
path never re-enters the source, so later phases never lower a flow out of the source: the
phase-0 bounds stay met. The sets of questions that can fill sections together form a matroid
(a gammoid), so raising the groups' capacities in order of a row's weight (highest first) gives
the *maximum* of that row over all fillings, and lowest first the minimum (the matroid greedy
algorithm, with the lower bounds contracted first).

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
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

from questionbank.assembly_pool import BlueprintIndex
from questionbank.model import tag_facet

#: flows the search may compute before it gives up undecided (deterministic, unlike a clock)
WORK_LIMIT = 4000
#: subgradient steps per search node when looking for a combined proof (see _lagrange)
LAGRANGE_STEPS = 30
#: multipliers are scaled to integers by this factor before a proof is checked exactly
PROOF_SCALE = 1_000_000


class UndecidedError(RuntimeError):
    """The search hit :data:`WORK_LIMIT` before deciding."""


class _Network:
    """A residual graph with integer capacities; edge ``e``'s reverse is ``e ^ 1``."""

    __slots__ = ("adj", "cap", "to")

    def __init__(self, nodes: int):
        self.to: list[int] = []
        self.cap: list[int] = []
        self.adj: list[list[int]] = [[] for _ in range(nodes)]

    def add(self, u: int, v: int, capacity: int) -> int:
        e = len(self.to)
        self.to += [v, u]
        self.cap += [capacity, 0]
        self.adj[u].append(e)
        self.adj[v].append(e + 1)
        return e

    def flow(self, e: int) -> int:
        return self.cap[e ^ 1]

    def augment(self, s: int, t: int) -> int:
        """Push flow from ``s`` to ``t`` along shortest augmenting paths until none is left."""
        total = 0
        to, cap, adj = self.to, self.cap, self.adj
        while True:
            via = [-1] * len(adj)
            via[s] = -2
            queue = deque([s])
            while queue and via[t] == -1:
                u = queue.popleft()
                for e in adj[u]:
                    v = to[e]
                    if cap[e] > 0 and via[v] == -1:
                        via[v] = e
                        queue.append(v)
            if via[t] == -1:
                return total
            push = None
            v = t
            while v != s:
                e = via[v]
                push = cap[e] if push is None else min(push, cap[e])
                v = to[e ^ 1]
            v = t
            while v != s:
                e = via[v]
                cap[e] -= push
                cap[e ^ 1] += push
                v = to[e ^ 1]
            total += push

    def reaching(self, t: int) -> set[int]:
        """Nodes with a residual path to ``t``."""
        seen = {t}
        queue = deque([t])
        while queue:
            y = queue.popleft()
            for e in self.adj[y]:
                x = self.to[e]
                if self.cap[e ^ 1] > 0 and x not in seen:
                    seen.add(x)
                    queue.append(x)
        return seen


@dataclass(frozen=True)
class Row:
    """A linear bound over the groups: ``low ≤ Σ weights[g] · y[g] ≤ high``."""

    weights: tuple[int, ...]
    low: int
    high: int
    #: the tag facet of a quota row (``area``), so rows of one facet can be summed
    facet: str | None = None

    def value(self, y: list[int]) -> int:
        return sum(w * v for w, v in zip(self.weights, y, strict=True) if w)


@dataclass(frozen=True)
class Filling:
    """A flow that fills every section: ``y`` per group, ``allocation[(class, section)]`` counts."""

    y: list[int]
    allocation: dict[tuple[int, int], int]


class Model:
    """The class-level view of one contestant's feasibility problem (see the module doc)."""

    def __init__(self, index: BlueprintIndex, excluded: set[int]):
        self.index = index
        self.counts = index.counts
        self.item_count = index.item_count
        gone = [0] * len(index.classes)
        for p in excluded:
            number = index.class_of.get(p)
            if number is not None:
                gone[number] += 1
        self.class_avail = [len(c) - g for c, g in zip(index.classes, gone, strict=True)]
        group_of: dict[tuple[int, int], int] = {}
        self.groups: list[tuple[int, int]] = []
        self.class_group: list[int] = []
        self.class_sections: list[list[int]] = []
        for mask, tags, difficulty in index.class_key:
            key = (tags, difficulty)
            g = group_of.get(key)
            if g is None:
                g = group_of[key] = len(self.groups)
                self.groups.append(key)
            self.class_group.append(g)
            self.class_sections.append([j for j in range(len(self.counts)) if mask >> j & 1])
        self.group_avail = [0] * len(self.groups)
        for number, g in enumerate(self.class_group):
            self.group_avail[g] += self.class_avail[number]
        #: flows computed so far: the deterministic measure of the search's effort
        self.work = 0

    def quota_row(self, i: int, low: int, high: int) -> Row:
        """Quota ``i`` as a row."""
        facet = tag_facet(self.index.blueprint.quotas[i].tag)
        return Row(tuple(tags >> i & 1 for tags, _ in self.groups), low, high, facet)

    def band_row(self) -> Row:
        """The difficulty band as a row."""
        return Row(tuple(d for _, d in self.groups), self.index.band_low, self.index.band_high)

    def rows(self) -> list[Row]:
        """Every quota and the band, as rows."""
        rows = [self.quota_row(i, lo, hi) for i, (lo, hi) in enumerate(self.index.quota_bounds())]
        return [*rows, self.band_row()]

    def full_bounds(self) -> tuple[list[int], list[int]]:
        """The loosest bounds: ``0 ≤ y_g ≤ available``."""
        return [0] * len(self.groups), [min(a, self.item_count) for a in self.group_avail]

    def _network(self) -> tuple[_Network, list[int], dict[tuple[int, int], int], list[int]]:
        groups, classes, sections = len(self.groups), len(self.class_avail), len(self.counts)
        net = _Network(2 + groups + classes + sections)
        group_node = 2
        class_node = group_node + groups
        section_node = class_node + classes
        source_edges = [net.add(0, group_node + g, 0) for g in range(groups)]
        class_edges: dict[tuple[int, int], int] = {}
        for number, avail in enumerate(self.class_avail):
            if avail <= 0:
                continue
            net.add(group_node + self.class_group[number], class_node + number, avail)
            for j in self.class_sections[number]:
                class_edges[(number, j)] = net.add(
                    class_node + number, section_node + j, self.item_count
                )
        for j, count in enumerate(self.counts):
            net.add(section_node + j, 1, count)
        return net, source_edges, class_edges, [section_node + j for j in range(sections)]

    def route(
        self, low: list[int], high: list[int], phases: list[list[int]] | None = None
    ) -> Filling | None:
        """A filling with ``low[g] ≤ y[g] ≤ high[g]``, or ``None`` if there is none.

        ``phases`` orders the groups whose capacity is raised from ``low`` to ``high`` (each
        phase augmented to the maximum before the next): by decreasing weight of a row this
        maximises the row (see the module doc). Default: one phase with every group.
        """
        self.work += 1
        net, source_edges, class_edges, _ = self._network()
        for g, e in enumerate(source_edges):
            net.cap[e] = low[g]
        flow = net.augment(0, 1)
        if flow < sum(low):
            return None
        for phase in phases if phases is not None else [list(range(len(self.groups)))]:
            if flow == self.item_count:
                break  # every section is full: later (lower-weight) groups cannot enter
            raised = False
            for g in phase:
                if high[g] > low[g]:
                    net.cap[source_edges[g]] += high[g] - low[g]
                    raised = True
            if raised:
                flow += net.augment(0, 1)
        if flow < self.item_count:
            return None
        y = [net.flow(e) for e in source_edges]
        allocation = {key: f for key, e in class_edges.items() if (f := net.flow(e))}
        return Filling(y, allocation)

    def maximize(self, weights: Sequence[float], low: list[int], high: list[int]) -> Filling | None:
        """A filling within the bounds maximising ``Σ weights[g] · y[g]`` (any signs).

        The greedy order is exact for every filling of the same size, negative weights
        included, because fillings are the bases of a matroid.
        """
        levels = sorted(set(weights), reverse=True)
        phases = [[g for g, w in enumerate(weights) if w == level] for level in levels]
        return self.route(low, high, phases)

    def extreme(self, row: Row, low: list[int], high: list[int], maximize: bool) -> Filling | None:
        """A filling within the bounds whose ``row`` value is the largest (or smallest) possible."""
        return self.maximize(row.weights if maximize else [-w for w in row.weights], low, high)

    def shortfall(self) -> tuple[list[int], int] | None:
        """When the sections cannot all be filled (quotas and band aside): a Hall violator.

        Returns the sections that together need more distinct questions than can serve them,
        and how many questions can serve them; ``None`` when every section can be filled.
        """
        net, source_edges, _, section_nodes = self._network()
        for g, e in enumerate(source_edges):
            net.cap[e] = self.group_avail[g]
        if net.augment(0, 1) >= self.item_count:
            return None
        # Sections that can still reach the sink lie behind a saturated cut: every class that
        # serves them is used up, and used only by them (the usual max-flow/min-cut argument).
        reach = net.reaching(1)
        short = [j for j, node in enumerate(section_nodes) if node in reach]
        serving = sum(
            avail
            for number, avail in enumerate(self.class_avail)
            if avail > 0 and any(j in short for j in self.class_sections[number])
        )
        return short, serving


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
