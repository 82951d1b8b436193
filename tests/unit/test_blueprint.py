from decimal import Decimal

import pytest

from questionbank.blueprint import (
    Blueprint,
    MultipleScoring,
    Quota,
    Section,
    blueprint_from_dict,
    blueprint_problems,
    check_blueprint,
)
from questionbank.model import QuestionType as T
from questionbank.problems import ValidationError


def typical() -> Blueprint:
    return Blueprint(
        sections=(
            Section(T.SINGLE, 40, Decimal("1")),
            Section(T.MULTIPLE, 15, Decimal("2")),
            Section(T.TRUEFALSE, 20, Decimal("0.5")),
            Section(T.SHORT, 4, Decimal("5")),
        ),
        quotas=(Quota("source:standard", 16),),
    )


def located(problems):
    return [p.located() for p in problems]


def test_totals_of_the_typical_paper():
    bp = typical()
    assert bp.item_count == 79
    assert bp.total_points == Decimal(100)
    assert blueprint_problems(bp) == []


def test_type_specific_defaults():
    single, multiple, tf, short = typical().sections
    assert multiple.multiple_scoring is MultipleScoring.PARTIAL
    assert (short.double_marking, short.arbitration_threshold) == (True, Decimal("1.0"))
    for section in (single, tf):
        assert section.multiple_scoring is None
        assert section.double_marking is None
        assert section.arbitration_threshold is None
    strict = Section(T.MULTIPLE, 1, Decimal(2), multiple_scoring=MultipleScoring.STRICT)
    assert strict.multiple_scoring is MultipleScoring.STRICT
    single_marked = Section(T.SHORT, 1, Decimal(5), double_marking=False)
    assert single_marked.double_marking is False


@pytest.mark.parametrize(
    ("qtype", "difficulty", "tags", "expected"),
    [
        (T.SINGLE, 3, {"area:x", "source:standard"}, True),
        (T.MULTIPLE, 3, {"area:x", "source:standard"}, False),  # wrong type
        (T.SINGLE, 5, {"area:x", "source:standard"}, False),  # too hard
        (T.SINGLE, 1, {"area:x", "source:standard"}, False),  # too easy
        (T.SINGLE, 2, {"area:y", "source:standard"}, True),  # any of area:x / area:y
        (T.SINGLE, 2, {"area:z", "source:standard"}, False),  # none of tags_any
        (T.SINGLE, 2, {"area:x"}, False),  # lacks a tags_all tag
    ],
)
def test_section_accepts(qtype, difficulty, tags, expected):
    section = Section(
        T.SINGLE,
        5,
        Decimal(1),
        tags_any=("area:x", "area:y"),
        tags_all=("source:standard",),
        difficulty=(2, 4),
    )
    assert section.accepts(qtype, difficulty, frozenset(tags)) is expected


def test_describe_names_filters():
    section = Section(T.MULTIPLE, 15, Decimal(2), tags_any=("area:x",), difficulty=(2, 4))
    assert section.describe() == "multiple, tags any of area:x, difficulty 2–4"
    assert typical().sections[0].describe() == "single"
    assert Quota("source:standard", 16).describe() == "source:standard ≥ 16"
    assert Quota("area:law", 0, 5).describe() == "area:law ≤ 5"
    assert Quota("level:apply", 10, 20).describe() == "level:apply 10–20"


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        (Section(T.SINGLE, 0, Decimal(1)), "sections[0].count: must be ≥ 1"),
        (Section(T.SINGLE, 1, Decimal(0)), "sections[0].points: must be > 0"),
        (
            Section(T.SINGLE, 1, Decimal("0.125")),
            "sections[0].points: points must have at most 2 decimal places",
        ),
        (
            Section(T.SINGLE, 1, Decimal(1), difficulty=(0, 5)),
            "sections[0].difficulty: must lie within 1–5",
        ),
        (
            Section(T.SINGLE, 1, Decimal(1), difficulty=(4, 2)),
            "sections[0].difficulty: must be [low, high] with low ≤ high",
        ),
        (
            Section(T.SINGLE, 1, Decimal(1), multiple_scoring=MultipleScoring.STRICT),
            "sections[0].multiple_scoring: only for multiple-choice sections",
        ),
        (
            Section(T.TRUEFALSE, 1, Decimal(1), double_marking=True),
            "sections[0].double_marking: only for short-answer sections",
        ),
        (
            Section(T.SHORT, 1, Decimal(5), arbitration_threshold=Decimal(-1)),
            "sections[0].arbitration_threshold: must be ≥ 0",
        ),
        (
            Section(T.SINGLE, 1, Decimal(1), tags_any=("nofacet",)),
            "sections[0].tags_any: tag nofacet must be facet:value",
        ),
    ],
)
def test_section_problems_name_the_key(section, expected):
    assert located(blueprint_problems(Blueprint((section,)))) == [expected]


def test_quota_and_target_problems():
    bp = Blueprint(
        sections=(Section(T.SINGLE, 10, Decimal(1)),),
        quotas=(
            Quota("source:standard", 11),
            Quota("area:x", 5, 3),
            Quota("area:x", 0, 3),
            Quota("bad", -1),
        ),
        target_difficulty=Decimal("5.5"),
    )
    assert located(blueprint_problems(bp)) == [
        "quotas[0].min: must be ≤ 10 (the paper has 10 items)",
        "quotas[1].max: must be ≥ min (5)",
        "quotas[2].tag: a quota for area:x is already set",
        "quotas[3].tag: tag bad must be facet:value",
        "quotas[3].min: must be ≥ 0",
        "target_difficulty: must lie within 1–5",
    ]
    assert located(blueprint_problems(Blueprint(()))) == [
        "sections: at least one section is required"
    ]
    with pytest.raises(ValidationError):
        check_blueprint(bp)
    assert check_blueprint(typical()) is not None


def test_fingerprint_is_stable_and_canonical():
    a = typical()
    # the same meaning written differently: 1 vs 1.00 points, tags in another order
    b = Blueprint(
        sections=(
            Section(T.SINGLE, 40, Decimal("1.00")),
            Section(T.MULTIPLE, 15, Decimal("2.0")),
            Section(T.TRUEFALSE, 20, Decimal("0.50")),
            Section(T.SHORT, 4, Decimal("5.0")),
        ),
        quotas=(Quota("source:standard", 16),),
    )
    assert a.fingerprint() == b.fingerprint()
    assert len(a.fingerprint()) == 64
    c = Blueprint((*a.sections[:1], Section(T.MULTIPLE, 14, Decimal(2)), *a.sections[2:]), a.quotas)
    assert c.fingerprint() != a.fingerprint()
    d = Blueprint(a.sections, a.quotas, shuffle_options=False)
    assert d.fingerprint() != a.fingerprint()
    one = Blueprint((Section(T.SINGLE, 2, Decimal("1.50"), tags_any=("b:y", "a:x")),))
    assert one.canonical_json() == (
        '{"quotas":[],"sections":[{"count":2,"difficulty":[1,5],"points":"1.5",'
        '"tags_all":[],"tags_any":["a:x","b:y"],"type":"single"}],'
        '"shuffle_options":true,"shuffle_questions":true}'
    )


def test_blueprint_from_dict_reads_and_normalises():
    bp = blueprint_from_dict(
        {
            "shuffle_options": False,
            "target_difficulty": Decimal("3.2"),
            "sections": [
                {"type": "single", "count": 3, "points": Decimal("1.0"), "tags_any": ["Area: X"]},
                {"type": "multiple", "count": 2, "points": 2, "multiple_scoring": "strict"},
            ],
            "quotas": [{"tag": "area:X", "min": 1, "max": 2}],
        }
    )
    assert bp.shuffle_options is False and bp.shuffle_questions is True
    assert bp.target_difficulty == Decimal("3.2")
    assert bp.sections[0].tags_any == ("area:X",)
    assert bp.sections[1].points == Decimal(2)
    assert bp.sections[1].multiple_scoring is MultipleScoring.STRICT
    assert bp.quotas == (Quota("area:X", 1, 2),)


def test_blueprint_from_dict_reports_every_problem_at_its_path():
    with pytest.raises(ValidationError) as info:
        blueprint_from_dict(
            {
                "sections": [
                    {"type": "single", "count": 1, "points": 1},
                    {"type": "essay", "count": "3", "points": 1, "difficulty": [1, 2, 3]},
                    {"type": "multiple", "count": 1, "points": 1, "multiple_scoring": "lenient"},
                    {"type": "short", "count": 1, "points": 1, "double_mark": True},
                ],
                "quotas": [{"tag": "a:b", "minimum": 1}],
                "shuffle": True,
            },
            path="stages[0].exam",
        )
    assert located(info.value.problems) == [
        "stages[0].exam.sections[1].type: must be one of single, multiple, truefalse, short",
        "stages[0].exam.sections[1].count: must be an integer",
        "stages[0].exam.sections[1].difficulty: must be [low, high], e.g. [2, 4]",
        "stages[0].exam.sections[2].multiple_scoring: must be one of strict, partial, per_option",
        "stages[0].exam.sections[3].double_mark: unknown key (did you mean double_marking?)",
        "stages[0].exam.quotas[0].minimum: unknown key (did you mean min?)",
        "stages[0].exam.shuffle: unknown key (did you mean shuffle_options?)",
    ]


def test_blueprint_from_dict_requires_sections():
    with pytest.raises(ValidationError) as info:
        blueprint_from_dict({})
    assert located(info.value.problems) == ["sections: is required"]
