"""The contest as configured, read back from the database as the contest file's dataclasses.

What the admin downloads (``contest_to_toml`` of :func:`contest_spec`) loads back unchanged:
``load_contest(parse_contest(contest_to_toml(contest_spec(c))))`` reports no change. The stage
form edits one stage of :func:`contest_data` and checks the whole with
:func:`questionbank.contestfile.contest_from_data`, so a form obeys the file's rules.
"""

from __future__ import annotations

import re
import tomllib
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from examsvc.contest.services import blueprint_of
from examsvc.errors import InvalidInputError
from examsvc.models import Contest, Stage
from questionbank.award_rules import DEFAULT_AWARDS, AppliesTo, AwardRule, awards_from_data
from questionbank.contest import AdvanceRounding, ContestSpec, ExamSpec, StageSpec
from questionbank.contest_awards import AwardSpec
from questionbank.contestfile import contest_to_toml
from questionbank.problems import N_, ValidationError

#: rule codes made by questionbank.contest_awards.to_award_rules from row ``i`` of a file
_ROW_CODE = re.compile(r"^(?:(prize|union)-(\d+)|honour-(\d+)-(\d+))$")


def plain(value: Decimal) -> Decimal:
    """A stored decimal without its column's padding (``0.3000`` → ``0.3``)."""
    return Decimal(format(value.normalize(), "f"))


def award_table(contest: Contest) -> list[AwardRule]:
    """The award rules in force: the contest's own table, else the notice's defaults.

    :raises ValidationError: the stored table is not valid.
    """
    return awards_from_data(contest.awards) if contest.awards else list(DEFAULT_AWARDS)


def award_specs(data: list[Any]) -> tuple[AwardSpec, ...] | None:
    """The contest file's ``[[contest.awards]]`` rows for a stored award table.

    ``[]`` (nothing set: the notice's defaults apply) gives ``None``. A table loaded from a
    contest file is regrouped into its rows exactly; any other table gives one row per rule
    that depends on the final rank (a paid rule with ``requires_union_card`` becomes a union
    subsidy, another paid rule a prize, an unpaid one an honour). Rules that do not depend on
    a rank are fixed rules of the service and are not part of the file.

    :raises ValidationError: the stored table is not valid.
    """
    if not data:
        return None
    rules = [r for r in awards_from_data(data) if r.applies_to is AppliesTo.FINAL_RANK]
    matches = [_ROW_CODE.match(r.code) for r in rules]
    if all(matches):
        rows: dict[int, dict[str, Any]] = {}
        for rule, match in zip(rules, matches, strict=True):
            assert match is not None
            row_no = int(match.group(2) or match.group(3))
            row = rows.setdefault(row_no, {"ranks": (rule.rank_from, rule.rank_to), "honours": []})
            if match.group(1) == "prize":
                row["prize"] = rule.amount_yuan
            elif match.group(1) == "union":
                row["union_subsidy"] = rule.amount_yuan
            else:
                row["honours"].append((int(match.group(4)), rule.name_zh))
        return tuple(
            AwardSpec(
                ranks=row["ranks"],
                prize=row.get("prize"),
                union_subsidy=row.get("union_subsidy"),
                honours=tuple(text for _, text in sorted(row["honours"])),
            )
            for _, row in sorted(rows.items())
        )
    out = []
    for rule in rules:
        ranks = (rule.rank_from or 1, rule.rank_to or rule.rank_from or 1)
        if rule.amount_yuan is None:
            out.append(AwardSpec(ranks, honours=(rule.name_zh,)))
        elif rule.requires_union_card:
            out.append(AwardSpec(ranks, union_subsidy=rule.amount_yuan))
        else:
            out.append(AwardSpec(ranks, prize=rule.amount_yuan))
    return tuple(out)


def stage_spec(stage: Stage, timezone: str) -> StageSpec:
    """A stored stage as the contest file's dataclass (times in the contest's time zone).

    :raises ValidationError: the stored blueprint is not valid.
    """
    zone = ZoneInfo(timezone)
    return StageSpec(
        code=stage.code,
        name=stage.name,
        exam=ExamSpec(
            duration_minutes=stage.duration_minutes,
            opens_at=stage.opens_at.astimezone(zone),
            closes_at=stage.closes_at.astimezone(zone),
            blueprint=blueprint_of(stage.blueprint),
            exclude_used_in=tuple(stage.exclude_used_in or ()),
            review_after_release=stage.review_after_release,
        ),
        theory_weight=plain(stage.theory_weight),
        skill_weight=plain(stage.skill_weight),
        advance_ratio=plain(stage.advance_ratio),
        advance_rounding=AdvanceRounding(stage.advance_rounding),
    )


def contest_spec(contest: Contest) -> ContestSpec:
    """The contest and its stages as the contest file's dataclasses.

    :raises InvalidInputError: what is stored cannot be written as a contest file (a stage
        without a valid blueprint, an invalid award table), with the problems.
    """
    try:
        stages = tuple(stage_spec(s, contest.timezone) for s in contest.stages)
        awards = award_specs(contest.awards)
    except ValidationError as exc:
        raise InvalidInputError(
            N_("the stored contest configuration is not valid: load a contest file"),
            problems=exc.problems,
        ) from exc
    return ContestSpec(
        code=contest.code,
        name=contest.name,
        timezone=contest.timezone,
        age_min=contest.age_min,
        age_max=contest.age_max,
        age_reference_date=contest.age_reference_date,
        stages=stages,
        registration_opens=contest.registration_opens,
        registration_closes=contest.registration_closes,
        awards=awards,
    )


def contest_data(spec: ContestSpec) -> dict[str, Any]:
    """A spec as the data a contest file parses to (for editing one part and checking all)."""
    return tomllib.loads(contest_to_toml(spec), parse_float=Decimal)
