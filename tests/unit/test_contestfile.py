import copy
import tomllib
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from questionbank.blueprint import MultipleScoring
from questionbank.contest_awards import DEFAULT_AWARDS, AwardSpec
from questionbank.contestfile import (
    AdvanceRounding,
    contest_to_toml,
    load_contest,
    parse_contest,
)
from questionbank.model import QuestionType as T
from questionbank.problems import ValidationError
from questionbank.tomlwriter import toml_value

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "contest.example.toml"
CST = timezone(timedelta(hours=8))


def example_data() -> dict:
    return tomllib.loads(EXAMPLE.read_text("utf-8"), parse_float=Decimal)


def dump(data: dict, prefix: str = "") -> str:
    """A TOML text of a nested dict shaped like the contest file (tables, arrays of tables)."""
    lines, tables, arrays = [], [], []
    for key, value in data.items():
        if isinstance(value, dict):
            tables.append((key, value))
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            arrays.append((key, value))
        else:
            lines.append(f"{key} = {toml_value(value)}")
    for key, value in tables:
        lines += [f"[{prefix}{key}]", dump(value, f"{prefix}{key}.")]
    for key, rows in arrays:
        for row in rows:
            lines += [f"[[{prefix}{key}]]", dump(row, f"{prefix}{key}.")]
    return "\n".join(lines)


def problems_of(data_or_text) -> list[str]:
    text = data_or_text if isinstance(data_or_text, str) else dump(data_or_text)
    with pytest.raises(ValidationError) as info:
        parse_contest(text)
    return [p.located() for p in info.value.problems]


def test_the_example_parses_to_the_demo_contest():
    spec = load_contest(str(EXAMPLE))
    assert (spec.code, spec.timezone, spec.age_min, spec.age_max) == (
        "bspia-2025",
        "Asia/Shanghai",
        18,
        55,
    )
    assert spec.age_reference_date == date(2025, 7, 25)
    assert spec.registration_opens == date(2025, 6, 16)
    assert spec.awards == DEFAULT_AWARDS
    assert [s.code for s in spec.stages] == ["prelim", "semi", "final"]
    assert [s.exam.exclude_used_in for s in spec.stages] == [(), ("prelim",), ("prelim", "semi")]
    for stage in spec.stages:
        assert (stage.theory_weight, stage.skill_weight) == (Decimal("0.30"), Decimal("0.70"))
        assert stage.advance_rounding is AdvanceRounding.HALF_UP
        exam = stage.exam
        assert exam.duration_minutes == 90
        assert exam.opens_at.utcoffset() == timedelta(hours=8)
        assert exam.shuffle_questions and exam.shuffle_options
        bp = exam.blueprint
        assert bp.item_count == 79
        assert bp.total_points == Decimal(100)
        assert [(s.type, s.count, s.points) for s in bp.sections] == [
            (T.SINGLE, 40, Decimal("1.0")),
            (T.MULTIPLE, 15, Decimal("2.0")),
            (T.TRUEFALSE, 20, Decimal("0.5")),
            (T.SHORT, 4, Decimal("5.0")),
        ]
        assert bp.sections[1].multiple_scoring is MultipleScoring.PARTIAL
        assert bp.sections[3].double_marking is True
        assert bp.quotas[0].tag == "source:standard" and bp.quotas[0].min == 16
    assert spec.stage("final").exam.review_after_release is True
    assert spec.stage("prelim").exam.opens_at == datetime(2025, 7, 28, 9, tzinfo=CST)
    with pytest.raises(KeyError):
        spec.stage("quarter")


def test_example_round_trips_through_contest_to_toml():
    spec = load_contest(str(EXAMPLE))
    text = contest_to_toml(spec)
    assert parse_contest(text) == spec
    assert contest_to_toml(parse_contest(text)) == text


def test_minimal_file_takes_defaults():
    data = example_data()
    del data["contest"]["awards"], data["contest"]["age_reference_date"]
    for stage in data["stages"]:
        for key in ("theory_weight", "skill_weight", "advance_ratio", "advance_rounding"):
            del stage[key]
        for key in ("shuffle_questions", "shuffle_options", "review_after_release"):
            del stage["exam"][key]
    spec = parse_contest(dump(data))
    assert spec.awards is None
    assert spec.age_reference_date == date(2025, 7, 25)  # the registration close date
    stage = spec.stages[0]
    assert (stage.theory_weight, stage.skill_weight, stage.advance_ratio) == (
        Decimal("0.30"),
        Decimal("0.70"),
        Decimal("0.30"),
    )
    assert stage.exam.shuffle_questions and not stage.exam.review_after_release


def test_the_issue_example_path_and_message():
    data = example_data()
    data["stages"][1]["exam"]["sections"][2]["count"] = 0
    assert problems_of(data) == ["stages[1].exam.sections[2].count: must be ≥ 1"]


def test_every_problem_is_reported_at_once():
    data = example_data()
    contest = data["contest"]
    contest["timezone"] = "Asia/Beijing"
    contest["age_max"] = 16
    contest["colour"] = "red"
    prelim, semi, final = data["stages"]
    prelim["theory_weight"] = Decimal("0.4")
    prelim["advance_ratio"] = Decimal(0)
    prelim["advance_rounding"] = "round"
    prelim["exam"]["duration_minutes"] = 150
    prelim["exam"]["shufle_options"] = True
    prelim["exam"]["quotas"][0]["min"] = 80
    semi["exam"]["exclude_used_in"] = ["final"]
    semi["exam"]["sections"][1]["multiple_scoring"] = "lenient"
    semi["exam"]["sections"][0]["points"] = Decimal("0.333")
    final["exam"]["closes_at"] = datetime(2025, 9, 6, 8, tzinfo=CST)
    final["exam"]["sections"][0]["double_marking"] = False
    assert problems_of(data) == [
        "contest.colour: unknown key",
        "contest.timezone: unknown time zone Asia/Beijing",
        "contest.age_max: must be ≥ age_min (18)",
        "stages[0].advance_rounding: must be one of half_up, floor, ceil",
        "stages[0].skill_weight: theory_weight + skill_weight must be 1, not 1.10",
        "stages[0].advance_ratio: must be > 0 and ≤ 1",
        "stages[0].exam.quotas[0].min: must be ≤ 79 (the paper has 79 items)",
        "stages[0].exam.shufle_options: unknown key (did you mean shuffle_options?)",
        "stages[0].exam.duration_minutes: must fit the window from opens_at to closes_at "
        "(120 minutes)",
        "stages[1].exam.sections[1].multiple_scoring: must be one of strict, partial, per_option",
        "stages[1].exam.sections[0].points: points must have at most 2 decimal places",
        "stages[1].exam.exclude_used_in: final is not an earlier stage",
        "stages[2].exam.sections[0].double_marking: only for short-answer sections",
        "stages[2].exam.closes_at: must be after opens_at",
    ]


def test_weights_and_ratio_ranges():
    data = example_data()
    prelim = data["stages"][0]
    prelim["theory_weight"] = Decimal("0.4")
    prelim["advance_ratio"] = Decimal("1.5")
    data["stages"][1]["skill_weight"] = Decimal("1.2")
    data["stages"][1]["theory_weight"] = Decimal("-0.2")
    assert problems_of(data) == [
        "stages[0].skill_weight: theory_weight + skill_weight must be 1, not 1.10",
        "stages[0].advance_ratio: must be > 0 and ≤ 1",
        "stages[1].theory_weight: must lie within 0–1",
        "stages[1].skill_weight: must lie within 0–1",
    ]


def test_types_are_checked():
    data = example_data()
    data["contest"]["age_min"] = "18"
    data["contest"]["age_reference_date"] = datetime(2025, 7, 25, 0, 0, tzinfo=CST)
    data["stages"][0]["exam"]["shuffle_options"] = "yes"
    data["stages"][0]["exam"]["sections"][0]["tags_any"] = "area:x"
    data["stages"][0]["exam"]["sections"][1]["points"] = True
    assert problems_of(data) == [
        "contest.age_min: must be an integer",
        "contest.age_reference_date: must be a date like 2025-07-25",
        "stages[0].exam.shuffle_options: must be true or false",
        "stages[0].exam.sections[0].tags_any: must be a list of text",
        "stages[0].exam.sections[1].points: must be a number",
    ]


def test_naive_datetimes_are_refused():
    text = EXAMPLE.read_text("utf-8").replace(
        "opens_at = 2025-07-28T09:00:00+08:00", "opens_at = 2025-07-28T09:00:00"
    )
    assert problems_of(text) == [
        "stages[0].exam.opens_at: must be a date and time with a UTC offset, like 2025-07-28T09:00:00+08:00"
    ]


def test_stage_codes_order_and_windows():
    data = example_data()
    data["stages"] = [data["stages"][0], data["stages"][2]]
    data["stages"][1]["exam"]["exclude_used_in"] = ["prelim"]
    assert problems_of(data) == [
        "stages: must be prelim, semi, final, in this order (found prelim, final)"
    ]
    data = example_data()
    data["stages"][0]["code"], data["stages"][1]["code"] = "semi", "prelim"
    data["stages"][1]["exam"]["exclude_used_in"] = ["semi"]
    assert problems_of(data) == [
        "stages: must be prelim, semi, final, in this order (found semi, prelim, final)"
    ]
    data = example_data()
    data["stages"][2]["code"] = "finale"
    data["stages"][2]["exam"]["exclude_used_in"] = ["prelim", "semi", "prelim"]
    data["stages"][1]["exam"]["opens_at"] = datetime(2025, 7, 28, 10, tzinfo=CST)
    assert problems_of(data) == [
        "stages[2].code: must be one of prelim, semi, final",
        "stages[2].exam.exclude_used_in: names a stage twice",
        "stages[1].exam.opens_at: must not be before the previous stage's exam closes "
        "(2025-07-28T11:00:00+08:00)",
    ]


def test_missing_required_keys():
    assert problems_of("") == ["contest: is required", "stages: is required"]
    data = example_data()
    for key in ("code", "name", "age_min", "age_reference_date", "registration_closes"):
        del data["contest"][key]
    del data["stages"][0]["exam"]["sections"]
    del data["stages"][1]["exam"]
    data["stages"][2]["name"] = "  "
    assert problems_of(data) == [
        "contest.code: is required",
        "contest.name: is required",
        "contest.age_min: is required",
        "contest.age_reference_date: is required (or set registration_closes)",
        "stages[0].exam.sections: is required",
        "stages[1].exam: is required",
        "stages[2].name: must not be empty",
    ]


def test_toml_syntax_error_has_the_line():
    with pytest.raises(ValidationError) as info:
        parse_contest('[contest]\ncode = "x"\nname = \n')
    (problem,) = info.value.problems
    assert problem.row == 3
    assert problem.text().startswith("not valid TOML: ")


def test_award_table_rules():
    data = example_data()
    awards = data["contest"]["awards"]
    awards[2]["ranks"] = [3, 6]  # rank 3 already gets a prize from awards[1]
    awards[3]["prize"] = Decimal("-1")
    awards[4]["honours"] = []
    awards.append({"ranks": [5, 4], "prize": 1})
    awards.append({"ranks": [11], "prize": Decimal("0.001")})
    assert problems_of(data) == [
        "contest.awards[6].ranks: must be [from, to], e.g. [2, 3]",
    ]
    awards.pop()
    assert problems_of(data) == [
        "contest.awards[2].prize: ranks 3–6 already get one from awards[1]",
        "contest.awards[2].union_subsidy: ranks 3–6 already get one from awards[1]",
        "contest.awards[3].prize: must be ≥ 0",
        "contest.awards[4]: gives nothing: set prize, union_subsidy or honours",
        "contest.awards[5].ranks: must be [from, to] with 1 ≤ from ≤ to",
    ]


def test_custom_award_table():
    data = example_data()
    data["contest"]["awards"] = [
        {"ranks": [1, 3], "prize": Decimal("500.50"), "honours": ["一等奖"]},
        {"ranks": [4, 4], "union_subsidy": 100},
    ]
    spec = parse_contest(dump(data))
    assert spec.awards == (
        AwardSpec((1, 3), Decimal("500.50"), None, ("一等奖",)),
        AwardSpec((4, 4), None, Decimal(100), ()),
    )
    assert spec.awards[0].covers(3) and not spec.awards[0].covers(4)
    assert parse_contest(contest_to_toml(spec)) == spec
    data["contest"]["awards"] = []
    nothing = parse_contest(dump(data))  # awards = []: explicitly no award at all
    assert nothing.awards == ()
    assert parse_contest(contest_to_toml(nothing)) == nothing


names = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=30
).filter(lambda s: s.strip() == s and s.strip())


@settings(max_examples=60, deadline=None)
@given(
    name=names,
    stage_name=names,
    honour=names,
    weight=st.integers(0, 100),
    points=st.decimals(min_value=Decimal("0.01"), max_value=Decimal(50), places=2),
    count=st.integers(1, 200),
    minutes=st.integers(1, 120),
    shuffle=st.booleans(),
    target=st.none() | st.decimals(min_value=1, max_value=5, places=1),
)
def test_round_trip_property(
    name, stage_name, honour, weight, points, count, minutes, shuffle, target
):
    data = example_data()
    data["contest"]["name"] = name
    data["contest"]["awards"][4]["honours"] = [honour]
    stage = data["stages"][1]
    stage["name"] = stage_name
    stage["theory_weight"] = Decimal(weight) / 100
    stage["skill_weight"] = 1 - Decimal(weight) / 100
    stage["exam"]["duration_minutes"] = minutes
    stage["exam"]["shuffle_options"] = shuffle
    if target is not None:
        stage["exam"]["target_difficulty"] = target
    stage["exam"]["sections"][0]["points"] = points
    stage["exam"]["sections"][0]["count"] = count
    stage["exam"]["quotas"][0]["min"] = min(16, count)
    spec = parse_contest(dump(copy.deepcopy(data)))
    assert spec.name == name and spec.stages[1].name == stage_name
    assert parse_contest(contest_to_toml(spec)) == spec
