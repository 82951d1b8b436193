"""Paper feasibility as a flow: question classes, groups, and exact greedy optima.

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
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

from questionbank.assembly_pool import BlueprintIndex
from questionbank.model import tag_facet


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
