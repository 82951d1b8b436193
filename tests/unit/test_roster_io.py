"""Eligibility of contestants and the roster file: every problem by row and column."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from questionbank.eligibility import (
    EligibilityRules,
    PersonForm,
    check_people,
    check_person,
    parse_date,
    parse_yes_no,
)
from questionbank.identity import make_id_number
from questionbank.io.roster import read_roster, roster_template
from questionbank.io.tables import read_table, write_table
from questionbank.problems import ValidationError

REF = date(2025, 7, 25)
RULES = EligibilityRules(age_min=18, age_max=55, reference_date=REF, today=date(2025, 6, 20))
ID_1990 = make_id_number("110105", date(1990, 3, 7), 1, "男")
ID_1985 = make_id_number("110108", date(1985, 11, 2), 7, "女")


def fields(exc: ValidationError) -> dict[str, str]:
    return {p.field: p.text() for p in exc.problems}


def test_a_valid_person_is_normalised():
    person = check_person(
        PersonForm(
            name=" 张  伟 ",
            id_number=ID_1990.lower(),
            organisation="北京某物业公司",
            gender="M",
            birth_date="1990年3月7日",
            phone="+86 139-1077-7341",
            union_card="是",
        ),
        RULES,
    )
    assert person.name == "张 伟"
    assert (person.gender, person.birth_date, person.age) == ("男", date(1990, 3, 7), 35)
    assert person.phone == "13910777341" and person.union_card is True


def test_gender_and_birth_date_come_from_the_id_number_when_not_given():
    person = check_person(PersonForm(name="李娜", id_number=ID_1985, organisation="某高校"), RULES)
    assert (person.gender, person.birth_date, person.union_card) == ("女", date(1985, 11, 2), False)


def test_every_problem_of_a_person_is_reported_at_once():
    with pytest.raises(ValidationError) as info:
        check_person(
            PersonForm(
                name="",
                id_number=ID_1990,
                organisation="x" * 201,
                gender="女",
                birth_date="1990-03-08",
                phone="12345",
                union_card="也许",
                occupation="y" * 101,
            ),
            RULES,
        )
    got = fields(info.value)
    assert set(got) == {
        "name", "organisation", "gender", "birth_date", "phone", "union_card", "occupation",
    }  # fmt: skip
    assert got["gender"] == "the ID number says 男, the form says 女"
    assert got["birth_date"] == "the ID number says born 1990-03-07, the form says 1990-03-08"


def test_a_bad_check_digit_is_named():
    bad = ID_1990[:17] + ("0" if ID_1990[17] != "0" else "1")
    with pytest.raises(ValidationError) as info:
        check_person(PersonForm(name="王", id_number=bad, organisation="o"), RULES)
    assert fields(info.value)["id_number"].startswith(f"expected check digit {ID_1990[17]}")


@pytest.mark.parametrize(
    ("born", "eligible"),
    [
        (date(2007, 7, 25), True),  # 18 on the reference day itself
        (date(2007, 7, 26), False),  # 18 one day later
        (date(1969, 7, 26), True),  # 55 years and 364 days
        (date(1969, 7, 25), False),  # 56 on the day
    ],
)
def test_age_limits_are_inclusive_on_the_reference_date(born, eligible):
    form = PersonForm(
        name="赵", id_number=make_id_number("110101", born, 3, "男"), organisation="o"
    )
    if eligible:
        assert check_person(form, RULES).birth_date == born
    else:
        with pytest.raises(ValidationError) as info:
            check_person(form, RULES)
        assert "contestants must be 18–55" in fields(info.value)["id_number"]


def test_phone_required_only_when_asked():
    form = PersonForm(name="赵", id_number=ID_1990, organisation="o")
    assert check_person(form, RULES).phone == ""
    with pytest.raises(ValidationError) as info:
        check_person(form, RULES, phone_required=True)
    assert fields(info.value) == {"phone": "required"}


def test_repeated_id_numbers_are_reported_on_the_later_row_even_if_invalid_otherwise():
    rows = [
        (2, PersonForm(name="甲", id_number=ID_1990, organisation="o")),
        (3, PersonForm(name="乙", id_number=ID_1985, organisation="o")),
        (4, PersonForm(name="丙", id_number=ID_1990.lower(), organisation="")),
    ]
    passed, problems = check_people(rows, RULES)
    assert [r.row for r in passed] == [2, 3]
    assert sorted((p.row, p.field, p.text()) for p in problems) == [
        (4, "id_number", f"ID number {ID_1990} is also on row 2"),
        (4, "organisation", "required"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-07-25", date(2025, 7, 25)),
        ("2025/7/5", date(2025, 7, 5)),
        ("2025.07.25", date(2025, 7, 25)),
        ("2025年7月25日", date(2025, 7, 25)),
        ("20250725", date(2025, 7, 25)),
        ("2025-02-30", None),
        ("25/7/2025", None),
    ],
)
def test_dates(text, expected):
    assert parse_date(text) == expected


def test_yes_no():
    assert [parse_yes_no(t) for t in ("是", "Y", "yes", "", "否", "no", "0", "maybe")] == [
        True, True, True, False, False, False, False, None,
    ]  # fmt: skip


# --------------------------------------------------------------------------- the file


def csv_bytes(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


def test_a_roster_with_english_aliases_and_placements_reads():
    data = csv_bytes(
        "name,gender,id_number,organisation,phone,union_card,occupation,room,seat",
        f"张伟,男,{ID_1990},北京某保安服务公司,13910777341,是,值机员,第1考场,05",
        f"李娜,,{ID_1985},北京某大学,,否,,第2考场,",
    )
    result = read_roster(data, "r.csv", RULES)
    assert result.ok and result.row_count == 2
    assert [(r.row, r.person.name, r.room, r.seat) for r in result.rows] == [
        (2, "张伟", "第1考场", "05"),
        (3, "李娜", "第2考场", ""),
    ]


def test_every_error_is_located_by_row_and_the_files_column_name():
    data = csv_bytes(
        "序号,姓名,身份证号码,工作单位,手机,工会会员卡",
        f"1,张伟,{ID_1990},北京某物业,139,是",
        f"2,李娜,{ID_1985[:17]}0,,,",
        f"3,王强,{ID_1990},北京某物业,,不知道",
    )
    result = read_roster(data, "r.csv", RULES)
    assert not result.ok and result.rows == []
    located = [p.located() for p in result.problems]
    assert located[0] == (
        "row 2, column 手机: 139 is not a mainland mobile number (11 digits starting 13–19)"
    )
    assert any(
        line.startswith("row 3, column 身份证号码: expected check digit") for line in located
    )
    assert "row 3, column 工作单位: required" in located
    assert f"row 4, column 身份证号码: ID number {ID_1990} is also on row 2" in located
    assert "row 4, column 工会会员卡: answer 是 or 否 (yes or no), not 不知道" in located


def test_missing_required_columns_and_unknown_columns_are_header_errors():
    result = read_roster(csv_bytes("姓名,电话号码", "张伟,1"), "r.csv", RULES)
    located = {p.located() for p in result.problems}
    assert "row 1, column 电话号码: unknown column" in located
    assert "row 1, column 身份证号: required column is missing" in located
    assert result.rows == []


def test_the_template_round_trips_as_an_empty_roster_in_both_formats():
    for fmt in ("xlsx", "csv"):
        data = roster_template(fmt)
        table = read_table(data, f"t.{fmt}", [])
        header = [p.column for p in table.problems if p.message == "unknown column"]
        assert header[:7] == ["姓名", "性别", "身份证号", "工作单位", "手机", "工会会员卡", "岗位"]
        result = read_roster(data, f"t.{fmt}", RULES)
        assert result.ok and result.rows == [] and result.row_count == 0


def test_an_xlsx_roster_with_the_id_typed_as_a_number_is_refused_with_its_cell():
    data = write_table(["姓名", "身份证号", "工作单位"], [["张伟", ID_1990, "o"]], "xlsx")
    assert read_roster(data, "r.xlsx", RULES).ok
    import io

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data))
    book.active["B2"].value = 110105199003070013  # Excel keeps 15 digits of a number
    book.active["B2"].value = float(book.active["B2"].value)
    out = io.BytesIO()
    book.save(out)
    result = read_roster(out.getvalue(), "r.xlsx", RULES)
    assert not result.ok
    assert result.problems[0].row == 2 and result.problems[0].column == "身份证号"


@settings(max_examples=60, deadline=None)
@given(
    cells=st.lists(st.lists(st.text(max_size=25), min_size=3, max_size=3), min_size=1, max_size=6)
)
def test_arbitrary_cells_never_crash_and_bad_rows_never_pass(cells):
    data = write_table(["姓名", "身份证号", "工作单位"], cells, "csv")
    result = read_roster(data, "r.csv", RULES)
    problem_rows = {p.row for p in result.problems}
    assert all(r.row not in problem_rows for r in result.rows)
    assert len(result.rows) <= result.row_count
