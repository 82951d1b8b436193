"""Online registration: the public form within the registration period, the group template,
and the administrators' approval queue."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from examsvc.extensions import db
from examsvc.models import AuditRecord, Contestant, Enrolment, Registration
from questionbank.eligibility import EligibilityRules
from questionbank.io.roster import read_roster
from tests.conftest import csrf_from
from tests.contest_factories import make_contest, person_id

OPEN_DAY = datetime(2025, 7, 1, 4, 0, tzinfo=UTC)
FORM = {
    "name": "陈建国",
    "gender": "女",
    "id_number": person_id(4),  # born 1975-01-05, 女
    "birth_date": "1975-01-05",
    "organisation": "北京地铁运营有限公司",
    "phone": "139 1077 7341",
    "occupation": "值机员",
    "union_card": "是",
}


@pytest.fixture
def contest(app, clock):
    clock.now = OPEN_DAY
    with app.app_context():
        return make_contest(now=OPEN_DAY)


def post_form(client, **changes):
    page = client.get("/register/bspia-2025")
    data = {**FORM, **changes, "csrf_token": csrf_from(page.get_data(as_text=True))}
    return client.post("/register/bspia-2025", data=data)


def stored(app) -> list[Registration]:
    with app.app_context():
        rows = db.session.scalars(select(Registration).order_by(Registration.id)).all()
        db.session.expunge_all()
        return rows


def test_the_register_link_leads_to_the_current_contest(client, contest):
    response = client.get("/register/")
    assert response.status_code == 302 and response.location.endswith("/register/bspia-2025")


def test_a_valid_registration_waits_for_approval(app, client, contest):
    response = post_form(client)
    assert response.status_code == 200
    assert "陈建国" in response.get_data(as_text=True)
    (registration,) = stored(app)
    assert registration.status == "pending"
    assert registration.data == {
        "name": "陈建国",
        "id_number": person_id(4),
        "organisation": "北京地铁运营有限公司",
        "gender": "女",
        "birth_date": "1975-01-05",
        "age": 50,
        "phone": "13910777341",
        "union_card": True,
        "occupation": "值机员",
    }
    again = post_form(client)
    assert again.status_code == 409 and len(stored(app)) == 1


def test_every_problem_is_shown_at_its_field_and_nothing_is_stored(app, client, contest):
    response = post_form(client, birth_date="1975-01-06", phone="12345", gender="男")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "1975-01-05" in html  # the birth date the ID number says
    assert html.count('class="field-error"') == 3
    assert stored(app) == []


@pytest.mark.parametrize(
    "day", [datetime(2025, 6, 15, 12, tzinfo=UTC), datetime(2025, 7, 25, 16, 1, tzinfo=UTC)]
)
def test_outside_the_registration_period_nothing_is_accepted(app, client, contest, clock, day):
    # 15 June is before it opens; 26 July 00:01 in Beijing is after it closes on 25 July
    clock.now = day
    page = client.get("/register/bspia-2025").get_data(as_text=True)
    assert 'name="id_number"' not in page
    response = client.post("/register/bspia-2025", data={**FORM, "csrf_token": csrf_from(page)})
    assert response.status_code == 409 and stored(app) == []


def test_the_last_day_is_open_in_beijing_time(app, client, contest, clock):
    clock.now = datetime(2025, 7, 25, 15, 59, tzinfo=UTC)  # 23:59 on 25 July in Beijing
    assert post_form(client).status_code == 200


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_organisations_download_the_roster_template(client, contest, fmt):
    response = client.get(f"/register/template.{fmt}")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    rules = EligibilityRules(18, 55, date(2025, 7, 25), date(2025, 7, 1))
    result = read_roster(response.data, f"t.{fmt}", rules)
    assert result.ok and result.row_count == 0
    assert list(result.headers)[:4] == ["name", "gender", "id_number", "organisation"]


def test_admins_approve_into_the_first_stage_or_reject_with_a_reason(
    app, client, contest, make_user, login
):
    post_form(client)
    post_form(client, name="李娜", id_number=person_id(7), gender="男", birth_date="1975-01-08")
    first, second = stored(app)
    anonymous = app.test_client().get("/roster/registrations/")
    assert anonymous.status_code == 302 and "/login" in anonymous.location
    make_user("wang", "admin")
    admin = app.test_client()
    page = admin.get("/login")
    admin.post(
        "/login",
        data={
            "username": "wang",
            "password": "password-123",
            "csrf_token": csrf_from(page.get_data(as_text=True)),
        },
    )
    queue = admin.get("/roster/registrations/")
    html = queue.get_data(as_text=True)
    assert queue.status_code == 200 and "陈建国" in html and "李娜" in html
    token = csrf_from(html)
    response = admin.post(
        f"/roster/registrations/{first.id}", data={"csrf_token": token, "approve": "y"}
    )
    assert response.status_code == 302
    followed = admin.get("/roster/registrations/").get_data(as_text=True)
    assert "202510001" in followed  # the flash names the new ticket
    with app.app_context():
        enrolment = db.session.scalar(select(Enrolment))
        assert (enrolment.ticket, enrolment.source) == ("202510001", "registration")
        assert db.session.get(Contestant, enrolment.contestant_id).union_card is True
    # a second click changes nothing
    admin.post(f"/roster/registrations/{first.id}", data={"csrf_token": token, "approve": "y"})
    # a rejection needs a reason
    admin.post(f"/roster/registrations/{second.id}", data={"csrf_token": token, "reject": "y"})
    assert stored(app)[1].status == "pending"
    admin.post(
        f"/roster/registrations/{second.id}",
        data={"csrf_token": token, "reject": "y", "note": "非本市从业人员"},
    )
    first, second = stored(app)
    assert (first.status, second.status, second.note) == ("approved", "rejected", "非本市从业人员")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Enrolment)) == 1
        actions = db.session.scalars(select(AuditRecord.action).order_by(AuditRecord.id)).all()
        assert actions == ["registration.approved", "registration.rejected"]


def test_cli_lists_and_decides_registrations(app, client, contest, runner):
    post_form(client)
    (registration,) = stored(app)
    listed = runner.invoke(args=["roster", "registrations"])
    assert listed.exit_code == 0 and f"{registration.id}\t陈建国" in listed.output
    approved = runner.invoke(args=["roster", "approve", str(registration.id)])
    assert approved.exit_code == 0 and approved.output.startswith("202510001\t陈建国\t")
    again = runner.invoke(args=["roster", "approve", str(registration.id)])
    assert again.exit_code == 1
