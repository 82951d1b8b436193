"""Roster imports: all-or-nothing, every error by row, age boundaries, the same person across
stages, tickets that are never reused, derived passwords that log in, credentials."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import delete, func, select

from examsvc.errors import InvalidInputError
from examsvc.extensions import db
from examsvc.models import AuditRecord, Contestant, Enrolment, Stage, User
from examsvc.roster import services
from examsvc.roster.tickets import ticket_password
from tests.conftest import SECRET
from tests.contest_factories import (
    ORGS,
    make_contest,
    person_id,
    person_name,
    roster_csv,
    tickets_of,
)

NOW = datetime(2025, 7, 20, 2, 0, tzinfo=UTC)


@pytest.fixture
def contest(app):
    with app.app_context():
        return make_contest(now=NOW)


def stage(code: str) -> Stage:
    return db.session.scalar(select(Stage).where(Stage.code == code))


def run_import(data: bytes, code: str = "prelim", **kw):
    return services.import_roster(
        db.session, stage(code), data, "roster.csv", secret=SECRET, actor_id=None, now=NOW, **kw
    )


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_valid_roster_enrols_everyone_with_sequential_tickets(app, contest):
    with app.app_context():
        report = run_import(roster_csv(range(5)))
        db.session.commit()
        assert [c.ticket for c in report.enrolled] == [f"20251000{i}" for i in range(1, 6)]
        assert [c.name for c in report.enrolled] == [person_name(i) for i in range(5)]
        assert all(c.password == ticket_password(SECRET, c.ticket) for c in report.enrolled)
        assert (count(Contestant), count(Enrolment)) == (5, 5)
        users = db.session.scalars(select(User).order_by(User.username)).all()
        assert [u.username for u in users] == tickets_of(contest.stage_ids["prelim"])
        assert {u.role.value for u in users} == {"contestant"}
        first = db.session.scalar(select(Contestant).where(Contestant.id_number == person_id(0)))
        assert (first.name, first.organisation, first.gender) == (person_name(0), ORGS[0], "女")
        audit = db.session.scalar(
            select(AuditRecord).where(AuditRecord.action == "roster.imported")
        )
        assert audit.new["enrolled"] == [c.ticket for c in report.enrolled]


def test_one_bad_row_imports_nobody_and_every_error_is_listed_by_row(app, contest):
    bad_check = person_id(7)[:17] + ("1" if person_id(7)[17] != "1" else "2")
    data = roster_csv(
        [
            (person_name(1), person_id(1), ORGS[0]),
            (person_name(2), bad_check, ORGS[1]),
            ("", person_id(3), ORGS[1]),
            (person_name(4), person_id(1), ORGS[2]),
        ]
    )
    with app.app_context():
        with pytest.raises(InvalidInputError) as info:
            run_import(data)
        db.session.rollback()
        located = [p.located() for p in info.value.problems]
        assert located[0].startswith("row 3, column 身份证号: expected check digit")
        assert located[1:] == [
            "row 4, column 姓名: required",
            f"row 5, column 身份证号: ID number {person_id(1)} is also on row 2",
        ]
        assert (count(Contestant), count(Enrolment), count(User), count(AuditRecord)) == (
            0,
            0,
            0,
            0,
        )
        # the dry run reports the same problems and writes nothing either
        report = run_import(data, dry_run=True)
        assert [p.located() for p in report.problems] == located and report.enrolled
        db.session.rollback()
        assert count(Contestant) == 0


@pytest.mark.parametrize(
    ("born", "ok"),
    [
        (date(2007, 7, 25), True),  # 18 on the reference date (25 July 2025)
        (date(2007, 7, 26), False),  # turns 18 the day after
        (date(1969, 7, 26), True),  # 55 years and 364 days
        (date(1969, 7, 25), False),  # 56 on the reference date
    ],
)
def test_age_boundaries_are_inclusive_on_the_reference_date(app, contest, born, ok):
    data = roster_csv([("周敏", person_id(1, born), ORGS[0])])
    with app.app_context():
        if ok:
            assert len(run_import(data).enrolled) == 1
        else:
            with pytest.raises(InvalidInputError) as info:
                run_import(data)
            (problem,) = info.value.problems
            assert problem.row == 2 and "contestants must be 18–55" in problem.text()


def test_the_same_person_is_one_contestant_across_stages_and_never_enrolled_twice(app, contest):
    with app.app_context():
        run_import(roster_csv(range(3)))
        db.session.commit()
        # the semi-final roster names two of them again: reused, with semi-final tickets
        report = run_import(roster_csv([0, 1]), "semi")
        db.session.commit()
        assert report.reused == 2 and [c.ticket for c in report.enrolled] == [
            "202520001",
            "202520002",
        ]
        assert count(Contestant) == 3 and count(Enrolment) == 5
        # the prelim roster again with one new person: the three are reported, not duplicated
        report = run_import(roster_csv(range(4)))
        db.session.commit()
        assert [p.row for p in report.skipped] == [2, 3, 4]
        assert all(p.severity == "warning" for p in report.skipped)
        assert "is enrolled in this stage already (ticket 202510001)" in report.skipped[0].text()
        assert [c.ticket for c in report.enrolled] == ["202510004"]
        assert count(Contestant) == 4 and count(Enrolment) == 6


def test_a_different_name_under_a_known_id_number_is_an_error(app, contest):
    with app.app_context():
        run_import(roster_csv([0]))
        db.session.commit()
        with pytest.raises(InvalidInputError) as info:
            run_import(roster_csv([("冒名者", person_id(0), ORGS[0])]), "semi")
        (problem,) = info.value.problems
        assert problem.located() == (
            f"row 2, column 姓名: ID number {person_id(0)} belongs to {person_name(0)} in this contest"
        )


def test_ticket_numbers_are_never_reused(app, contest):
    with app.app_context():
        run_import(roster_csv(range(3)))
        db.session.commit()
        # an enrolment and its login removed by hand: its number stays used up
        last = db.session.scalar(select(Enrolment).where(Enrolment.ticket == "202510003"))
        db.session.execute(delete(User).where(User.id == last.user_id))
        db.session.commit()
        db.session.close()  # the enrolment went with its login (ON DELETE CASCADE)
        assert tickets_of(contest.stage_ids["prelim"]) == ["202510001", "202510002"]
        report = run_import(roster_csv([5]))
        assert [c.ticket for c in report.enrolled] == ["202510004"]


def test_a_staff_name_that_looks_like_a_ticket_is_skipped(app, contest, make_user):
    make_user("202510001", "proctor")
    with app.app_context():
        report = run_import(roster_csv(range(2)))
        assert [c.ticket for c in report.enrolled] == ["202510002", "202510003"]


def test_derived_passwords_log_in_and_change_with_the_secret_key(app, contest, client):
    with app.app_context():
        report = run_import(roster_csv(range(1)))
        db.session.commit()
    ticket, password = report.enrolled[0].ticket, report.enrolled[0].password
    ok = client.post("/api/v1/auth/login", json={"username": ticket, "password": password})
    assert ok.status_code == 200 and ok.get_json()["role"] == "contestant"
    client.post("/api/v1/auth/logout", headers={"X-CSRFToken": ok.get_json()["csrf_token"]})
    # rotate the key: the stored hash still holds the old password until reset-passwords
    new_secret = "another-secret-key-0123456789abcdef"
    app.config["SECRET_KEY"] = new_secret
    runner = app.test_cli_runner()
    result = runner.invoke(args=["roster", "reset-passwords", "--stage", "prelim"])
    assert result.exit_code == 0, result.output
    assert "reset 1 password(s)" in result.output
    fresh = app.test_client()
    assert (
        fresh.post(
            "/api/v1/auth/login", json={"username": ticket, "password": password}
        ).status_code
        == 401
    )
    new_password = ticket_password(new_secret, ticket)
    assert new_password != password
    assert (
        fresh.post(
            "/api/v1/auth/login", json={"username": ticket, "password": new_password}
        ).status_code
        == 200
    )


def test_cli_import_writes_credentials_and_a_bad_file_writes_nothing(
    app, contest, runner, tmp_path
):
    good, bad, out = tmp_path / "good.csv", tmp_path / "bad.csv", tmp_path / "logins.csv"
    good.write_bytes(roster_csv(range(3)))
    bad.write_bytes(roster_csv(range(3), extra=f"某某,{person_id(9)[:17]}Y,某单位,否"))
    result = runner.invoke(args=["roster", "import", str(bad), "--stage", "prelim"])
    assert result.exit_code == 1
    assert "row 5, column 身份证号: " in result.output  # the message is in the CLI's language
    assert "nobody was imported" in result.output
    result = runner.invoke(
        args=["roster", "import", str(good), "--stage", "prelim", "--credentials", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "enrolled 3 contestant(s) in prelim" in result.output
    assert out.read_bytes().startswith(b"ticket,name,password\r\n")
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[0] == ["ticket", "name", "password"]
    assert rows[1] == ["202510001", person_name(0), ticket_password(SECRET, "202510001")]
    assert len(rows) == 4
    again = tmp_path / "all.csv"
    result = runner.invoke(args=["roster", "credentials", "--stage", "prelim", str(again)])
    assert result.exit_code == 0 and again.read_text(encoding="utf-8-sig") == out.read_text(
        encoding="utf-8-sig"
    )
