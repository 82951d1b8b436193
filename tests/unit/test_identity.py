"""Resident ID numbers, ages and mobile numbers."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from questionbank.identity import (
    FEMALE,
    MALE,
    IdInfo,
    age_on,
    check_age,
    check_id_number,
    check_mobile,
    id_check_digit,
    make_id_number,
)
from questionbank.problems import ValidationError

TODAY = date(2025, 7, 25)


def messages(text, today=TODAY):
    with pytest.raises(ValidationError) as info:
        check_id_number(text, today)
    assert all(p.field == "id_number" for p in info.value.problems)
    return [p.text() for p in info.value.problems]


# --------------------------------------------------------------------------- valid numbers


def test_gb11643_example_computed_by_hand():
    # 1·7 + 1·9 + 0·10 + 1·5 + 0·8 + 5·4 + 1·2 + 9·1 + 4·6 + 9·3 + 1·7 + 2·9 + 3·10 + 1·5
    # + 0·8 + 0·4 + 2·2 = 167; 167 mod 11 = 2; "10X98765432"[2] = X
    assert id_check_digit("11010519491231002") == "X"
    info = check_id_number("11010519491231002X", TODAY)
    assert info == IdInfo("11010519491231002X", "110105", date(1949, 12, 31), FEMALE)


def test_more_numbers_computed_by_hand():
    # 4·7+4·9+0+5·5+2·8+4·4+1·2+8·1+8·6+0+0+1·9+0+1·5+0+0+1·2 = 195; 195 mod 11 = 8 → "4"
    assert check_id_number("440524188001010014", TODAY).birth_date == date(1880, 1, 1)
    # 7+9+0+5+0+4+2+9+54+0+0+27+0+35+0+0+2 = 154; 154 mod 11 = 0 → "1"; digit 17 odd → 男
    info = check_id_number("110101199003070011", TODAY)
    assert (info.birth_date, info.gender, info.region) == (date(1990, 3, 7), MALE, "110101")


def test_full_width_digits_lower_case_x_and_spaces_are_normalised():
    info = check_id_number(" １１０１０５１９４９１２３１００２ｘ ", TODAY)
    assert info.number == "11010519491231002X"
    assert check_id_number("11010519491231002x", TODAY).number == "11010519491231002X"


# --------------------------------------------------------------------------- every error


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "an ID number has 18 characters, not 0"),
        ("1101051949123100", "an ID number has 18 characters, not 16"),
        ("11010519491231002X1", "an ID number has 18 characters, not 19"),
        ("11010519491231002A", "character 18 (A) is not allowed: 17 digits then a digit or X"),
        ("1101051949123100X2", "character 17 (X) is not allowed: 17 digits then a digit or X"),
        ("110105-9491231002X", "character 7 (-) is not allowed: 17 digits then a digit or X"),
        ("110105194912310021", "expected check digit X, got 1"),
        ("110101199003070012", "expected check digit 1, got 2"),
    ],
)
def test_precise_messages(text, expected):
    assert messages(text) == [expected]


def test_a_date_that_does_not_exist():
    first17 = "11010519490231002"  # 31 February
    text = first17 + id_check_digit(first17)
    assert messages(text) == ["digits 7–14 (19490231) are not a date of birth"]
    first17 = "11010517990101002"  # before 1800 is implausible
    assert messages(first17 + id_check_digit(first17)) == [
        "digits 7–14 (17990101) are not a date of birth"
    ]


def test_leap_days_in_the_number():
    assert check_id_number(make_id_number("110105", date(2000, 2, 29), 3, "女"), TODAY)
    first17 = "11010519000229002"  # 1900 was not a leap year
    assert "not a date of birth" in messages(first17 + id_check_digit(first17))[0]


def test_a_birth_date_in_the_future():
    text = make_id_number("110105", date(2025, 7, 26), 0, "男")
    assert messages(text) == ["the date of birth 2025-07-26 is in the future"]
    assert check_id_number(text, date(2025, 7, 26)).birth_date == date(2025, 7, 26)


def test_region_code_plausibility_and_several_problems_at_once():
    first17 = "01010519491231002"
    text = first17 + id_check_digit(first17)
    assert messages(text) == ["region code 010105 is not plausible"]
    assert messages("010105194902310020") == [
        "region code 010105 is not plausible",
        "digits 7–14 (19490231) are not a date of birth",
        f"expected check digit {id_check_digit('01010519490231002')}, got 0",
    ]


# --------------------------------------------------------------------------- synthetic numbers


def test_make_id_number_by_hand():
    assert make_id_number("110101", date(1990, 3, 7), 0, "男") == "110101199003070011"
    assert make_id_number("110105", date(1949, 12, 31), 1, "女") == "11010519491231002X"
    for bad in [
        dict(region="010101"),
        dict(region="11010"),
        dict(seq=500),
        dict(seq=-1),
        dict(gender="X"),
        dict(birth=date(1799, 12, 31)),
    ]:
        kw = dict(region="110101", birth=date(1990, 3, 7), seq=0, gender="男") | bad
        with pytest.raises(ValueError):
            make_id_number(**kw)


@settings(max_examples=1000, deadline=None, database=None)
@given(
    region=st.integers(100_000, 999_999).map(str),
    birth=st.dates(date(1800, 1, 1), TODAY),
    seq=st.integers(0, 499),
    gender=st.sampled_from(["男", "女", "M", "f"]),
)
def test_make_id_number_always_passes_and_round_trips(region, birth, seq, gender):
    number = make_id_number(region, birth, seq, gender)
    info = check_id_number(number, TODAY)
    assert info.number == number and len(number) == 18
    assert info.birth_date == birth and info.region == region
    assert info.gender == (MALE if gender in ("男", "M") else FEMALE)
    # any single wrong check digit is caught
    wrong = next(c for c in "0123456789X" if c != number[-1])
    with pytest.raises(ValidationError, match="expected check digit"):
        check_id_number(number[:-1] + wrong, TODAY)


# --------------------------------------------------------------------------- ages


@pytest.mark.parametrize(
    ("birth", "on", "age"),
    [
        (date(2007, 7, 25), date(2025, 7, 25), 18),  # the 18th birthday itself
        (date(2007, 7, 26), date(2025, 7, 25), 17),  # one day short
        (date(1970, 7, 25), date(2025, 7, 25), 55),
        (date(1969, 7, 26), date(2025, 7, 25), 55),  # 55 years and 364 days
        (date(1969, 7, 25), date(2025, 7, 25), 56),  # 56 on the day
        (date(2004, 2, 29), date(2022, 2, 28), 17),  # leap-day birthday in a common year…
        (date(2004, 2, 29), date(2022, 3, 1), 18),  # …comes on 1 March
        (date(2004, 2, 29), date(2024, 2, 29), 20),  # and on the day in a leap year
        (date(2004, 2, 29), date(2024, 2, 28), 19),
        (date(2000, 1, 1), date(2000, 1, 1), 0),
    ],
)
def test_age_on(birth, on, age):
    assert age_on(birth, on) == age


def test_age_on_before_birth_is_an_error():
    with pytest.raises(ValueError):
        age_on(date(2000, 1, 2), date(2000, 1, 1))


def test_check_age_boundaries_are_inclusive():
    on = date(2025, 7, 25)
    assert check_age(date(2007, 7, 25), on, 18, 55) == 18
    assert check_age(date(1969, 7, 26), on, 18, 55) == 55
    for birth, age in [(date(2007, 7, 26), 17), (date(1969, 7, 25), 56)]:
        with pytest.raises(ValidationError) as info:
            check_age(birth, on, 18, 55)
        assert info.value.problems[0].text() == (
            f"aged {age} on 2025-07-25; contestants must be 18–55"
        )
    with pytest.raises(ValidationError, match="after the reference date"):
        check_age(date(2026, 1, 1), on, 18, 55)


@settings(max_examples=500, deadline=None, database=None)
@given(birth=st.dates(date(1900, 1, 1), date(2020, 12, 31)), days=st.integers(0, 40_000))
def test_age_agrees_with_adding_years(birth, days):
    on = birth + timedelta(days=days)
    age = age_on(birth, on)

    # the age-th birthday has passed (1 March for 29 February), the next one has not
    def birthday(years):
        try:
            return birth.replace(year=birth.year + years)
        except ValueError:
            return date(birth.year + years, 3, 1)

    assert birthday(age) <= on < birthday(age + 1)


# --------------------------------------------------------------------------- mobile numbers


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("13910777341", "13910777341"),
        ("139-1077-7341", "13910777341"),
        (" 139 1077 7341 ", "13910777341"),
        ("+86 139 1077 7341", "13910777341"),
        ("+86-13910777341", "13910777341"),
        ("008613910777341", "13910777341"),
        ("8613910777341", "13910777341"),
        ("１３９１０７７７３４１", "13910777341"),
        ("19912345678", "19912345678"),
    ],
)
def test_mobile_numbers_are_normalised(text, number):
    assert check_mobile(text) == number


@pytest.mark.parametrize(
    "text", ["", "1391077734", "139107773411", "12910777341", "23910777341", "010-12345678",
             "+85213910777341", "1391077734a", "١٣٩١٠٧٧٧٣٤١"],
)  # fmt: skip
def test_bad_mobile_numbers(text):
    with pytest.raises(ValidationError) as info:
        check_mobile(text)
    assert info.value.problems[0].field == "phone"
