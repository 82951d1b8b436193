"""What the bank can supply to a blueprint: the numbers an admin needs next to each section.

For each section, how many questions of the pool it accepts (type, ``tags_any`` / ``tags_all``,
difficulty range) against the ``count`` it needs; for each quota, how many questions carry its
tag and how many of those some section could take; the difficulty target every paper must stay
near; and the verdict of :func:`~questionbank.assembly_feasibility.check_feasibility` for the
blueprint as a whole. Counts of one section ignore the others: sections that compete for the
same questions can each look well supplied and still be short together, which the feasibility
verdict tells.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from questionbank.assembly_feasibility import check_feasibility
from questionbank.assembly_pool import DIFFICULTY_BAND, Pool
from questionbank.blueprint import Blueprint, Quota, Section, blueprint_problems
from questionbank.problems import Problem


@dataclass(frozen=True)
class SectionSupply:
    """Section ``index`` (0-based) and the number of pool questions it accepts."""

    index: int
    section: Section
    available: int

    @property
    def needed(self) -> int:
        """The section's count."""
        return self.section.count

    @property
    def short(self) -> int:
        """How many questions the section lacks on its own (0 when supplied)."""
        return max(0, self.section.count - self.available)


@dataclass(frozen=True)
class QuotaSupply:
    """Quota ``index`` (0-based): questions carrying its tag, and of those the ones that some
    section of the blueprint accepts (only those can count towards the quota)."""

    index: int
    quota: Quota
    carrying: int
    eligible: int

    @property
    def short(self) -> int:
        """How far the eligible questions fall below the quota's minimum (0 when enough)."""
        return max(0, self.quota.min - self.eligible)


@dataclass(frozen=True)
class BlueprintSupply:
    """The supply of a whole blueprint from one pool, and whether a paper can be built."""

    pool_size: int
    sections: tuple[SectionSupply, ...]
    quotas: tuple[QuotaSupply, ...]
    target_difficulty: Decimal
    #: True when the blueprint sets the target; False when it is the pool's own mean
    target_set: bool
    #: check_feasibility's problems; empty when a paper meeting every rule exists
    problems: tuple[Problem, ...]

    @property
    def feasible(self) -> bool:
        """Whether a paper meeting every section, quota and the difficulty band exists."""
        return not self.problems

    @property
    def band(self) -> tuple[Decimal, Decimal]:
        """The range every paper's mean difficulty must lie in."""
        return self.target_difficulty - DIFFICULTY_BAND, self.target_difficulty + DIFFICULTY_BAND


def blueprint_supply(blueprint: Blueprint, pool: Pool) -> BlueprintSupply:
    """The supply of ``blueprint`` from ``pool`` (the bank's active questions).

    An invalid blueprint gets its validation problems as the verdict and zero counts for the
    parts that cannot be read. Raises nothing.
    """
    invalid = blueprint_problems(blueprint)
    if invalid:
        return BlueprintSupply(
            pool_size=len(pool),
            sections=tuple(SectionSupply(j, s, 0) for j, s in enumerate(blueprint.sections)),
            quotas=tuple(QuotaSupply(i, q, 0, 0) for i, q in enumerate(blueprint.quotas)),
            target_difficulty=blueprint.target_difficulty or Decimal(3),
            target_set=blueprint.target_difficulty is not None,
            problems=tuple(invalid),
        )
    index = pool.index(blueprint)
    sections = tuple(
        SectionSupply(j, section, len(index.candidates[j]))
        for j, section in enumerate(blueprint.sections)
    )
    quotas = []
    for i, quota in enumerate(blueprint.quotas):
        carrying = sum(1 for q in pool.questions if quota.tag in q.tags)
        eligible = sum(
            1 for p, mask in enumerate(index.sections) if mask and index.quotas[p] >> i & 1
        )
        quotas.append(QuotaSupply(i, quota, carrying, eligible))
    return BlueprintSupply(
        pool_size=len(pool),
        sections=sections,
        quotas=tuple(quotas),
        target_difficulty=index.target,
        target_set=blueprint.target_difficulty is not None,
        problems=tuple(check_feasibility(blueprint, pool)),
    )
