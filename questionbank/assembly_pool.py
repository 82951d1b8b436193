"""The pool a stage's papers are drawn from, indexed once per blueprint.

A :class:`Pool` holds the active question versions of the bank as :class:`PoolQuestion` values,
sorted by question id, so that the order the database returned them in never changes a paper.
:meth:`Pool.index` builds (once, then caches) a :class:`BlueprintIndex`: which questions each
section may take, which carry each quota's tag, their difficulty, and the *classes* of
interchangeable questions the exact feasibility search works on. Building it is linear in the
pool; every paper of the stage then reuses it, which is what keeps assembly at a few
milliseconds per paper.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from fractions import Fraction

from questionbank.blueprint import MAX_DIFFICULTY, MIN_DIFFICULTY, Blueprint
from questionbank.model import MAX_OPTIONS, MIN_OPTIONS, QuestionType

#: every paper's mean difficulty stays within this distance of the stage's target
DIFFICULTY_BAND = Decimal("0.3")


@dataclass(frozen=True, slots=True)
class PoolQuestion:
    """One active question version as assembly sees it.

    ``option_count`` is the number of options of a choice question (2–8), 0 for true/false and
    short answers.
    """

    version_id: int
    question_id: int
    type: QuestionType
    difficulty: int
    tags: frozenset[str]
    option_count: int = 0


def _pool_question_problem(q: PoolQuestion) -> str | None:
    if not isinstance(q.type, QuestionType):
        return "unknown type"
    if isinstance(q.difficulty, bool) or not MIN_DIFFICULTY <= q.difficulty <= MAX_DIFFICULTY:
        return "difficulty must be 1–5"
    if q.type.is_choice and not MIN_OPTIONS <= q.option_count <= MAX_OPTIONS:
        return "a choice question needs 2–8 options"
    if not q.type.is_choice and q.option_count != 0:
        return "only choice questions have options"
    return None


class Pool:
    """The questions a stage may draw from (one active version per question).

    :raises ValueError: if two entries share a question id or a version id, or an entry is
        malformed (difficulty outside 1–5, a choice question without 2–8 options).
    """

    def __init__(self, questions: Iterable[PoolQuestion]):
        ordered = sorted(questions, key=lambda q: q.question_id)
        positions: dict[int, int] = {}
        versions: set[int] = set()
        for position, q in enumerate(ordered):
            problem = _pool_question_problem(q)
            if problem:
                raise ValueError(f"question {q.question_id}: {problem}")
            if q.question_id in positions:
                raise ValueError(f"question {q.question_id} is in the pool twice")
            if q.version_id in versions:
                raise ValueError(f"version {q.version_id} is in the pool twice")
            positions[q.question_id] = position
            versions.add(q.version_id)
        self.questions: tuple[PoolQuestion, ...] = tuple(ordered)
        self.positions = positions
        self._indexes: dict[Blueprint, BlueprintIndex] = {}

    def __len__(self) -> int:
        return len(self.questions)

    def __iter__(self) -> Iterator[PoolQuestion]:
        return iter(self.questions)

    def get(self, question_id: int) -> PoolQuestion | None:
        """The entry of a question, or ``None`` if it is not in the pool."""
        position = self.positions.get(question_id)
        return None if position is None else self.questions[position]

    def index(self, blueprint: Blueprint) -> BlueprintIndex:
        """The index of this pool for ``blueprint`` (built on first use, then cached)."""
        index = self._indexes.get(blueprint)
        if index is None:
            index = self._indexes[blueprint] = BlueprintIndex(self, blueprint)
        return index

    def target_difficulty(self, blueprint: Blueprint) -> Decimal:
        """The mean difficulty every paper of ``blueprint`` must stay within ±0.3 of.

        The blueprint's ``target_difficulty`` when set; otherwise the mean a uniformly random
        paper would have: each section's eligible questions' mean difficulty, weighted by the
        section's count (the plain pool mean over eligible questions when all sections draw from
        the same questions), rounded half-even to 0.01.
        """
        return self.index(blueprint).target


class BlueprintIndex:
    """What one blueprint may take from one pool, precomputed for every paper of a stage.

    Positions are indices into ``pool.questions``. Per section ``j``: ``candidates[j]`` (sorted
    positions it accepts), ``with_tag[j][i]`` / ``without_tag[j][i]`` (split by quota ``i``'s
    tag) and ``by_difficulty[j][d]``. Per position: ``difficulty``, ``sections`` (bit ``j`` set
    when section ``j`` accepts it) and ``quotas`` (bit ``i`` set when it carries quota ``i``'s
    tag). ``classes`` groups eligible positions that are interchangeable for feasibility (same
    sections, quota tags and difficulty); ``class_of`` maps a position to its class number.
    """

    def __init__(self, pool: Pool, blueprint: Blueprint):
        self.pool = pool
        self.blueprint = blueprint
        sections = blueprint.sections
        quotas = blueprint.quotas
        self.counts = [s.count for s in sections]
        self.item_count = blueprint.item_count
        self.question_ids = [q.question_id for q in pool.questions]
        self.difficulty = [q.difficulty for q in pool.questions]
        self.sections: list[int] = []
        self.quotas: list[int] = []
        self.candidates: list[list[int]] = [[] for _ in sections]
        for position, q in enumerate(pool.questions):
            mask = 0
            for j, section in enumerate(sections):
                if section.accepts(q.type, q.difficulty, q.tags):
                    mask |= 1 << j
                    self.candidates[j].append(position)
            tags = 0
            for i, quota in enumerate(quotas):
                if quota.tag in q.tags:
                    tags |= 1 << i
            self.sections.append(mask)
            self.quotas.append(tags)
        self.with_tag = [
            [[p for p in cands if self.quotas[p] >> i & 1] for i in range(len(quotas))]
            for cands in self.candidates
        ]
        self.without_tag = [
            [[p for p in cands if not self.quotas[p] >> i & 1] for i in range(len(quotas))]
            for cands in self.candidates
        ]
        self.by_difficulty = [
            {d: [p for p in cands if self.difficulty[p] == d] for d in range(1, 6)}
            for cands in self.candidates
        ]
        keys: dict[tuple[int, int, int], int] = {}
        self.classes: list[list[int]] = []
        self.class_key: list[tuple[int, int, int]] = []
        self.class_of: dict[int, int] = {}
        for position, mask in enumerate(self.sections):
            if not mask:
                continue
            key = (mask, self.quotas[position], self.difficulty[position])
            number = keys.get(key)
            if number is None:
                number = keys[key] = len(self.classes)
                self.classes.append([])
                self.class_key.append(key)
            self.classes[number].append(position)
            self.class_of[position] = number
        self.target = self._target()
        n = Decimal(self.item_count)
        #: the paper's difficulty sum must lie within [band_low, band_high]
        self.band_low = int((n * (self.target - DIFFICULTY_BAND)).to_integral_value(ROUND_CEILING))
        self.band_high = int((n * (self.target + DIFFICULTY_BAND)).to_integral_value(ROUND_FLOOR))

    def _target(self) -> Decimal:
        if self.blueprint.target_difficulty is not None:
            return self.blueprint.target_difficulty
        total = Fraction(0)
        weight = 0
        for j, cands in enumerate(self.candidates):
            if cands:
                total += (
                    Fraction(sum(self.difficulty[p] for p in cands), len(cands)) * self.counts[j]
                )
                weight += self.counts[j]
        if not weight:
            return Decimal(3)
        # Exact arithmetic, then one rounding: round() of a Fraction rounds half to even.
        return Decimal(round(total / weight * 100)) / 100

    def excluded_positions(self, excluded: Iterable[int]) -> set[int]:
        """Positions of the excluded question ids that some section could take."""
        positions = self.pool.positions
        return {p for q in excluded if (p := positions.get(q)) is not None and self.sections[p]}

    def available(self, j: int, blocked: set[int]) -> int:
        """How many candidates of section ``j`` are not blocked."""
        bit = 1 << j
        return len(self.candidates[j]) - sum(1 for p in blocked if self.sections[p] & bit)

    def quota_bounds(self) -> list[tuple[int, int]]:
        """``(min, max)`` per quota, ``max`` being the item count when the quota sets none."""
        n = self.item_count
        return [(q.min, n if q.max is None else q.max) for q in self.blueprint.quotas]
