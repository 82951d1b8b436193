"""The ranking API's shape and roles, the ranking pages, publication and the public results
page, exports, skill-score imports through the web and the API, awards, and the CLI."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import openpyxl
import pytest
from sqlalchemy import select

from examsvc.extensions import db
from examsvc.models import Stage
from examsvc.roster import services as roster
from tests.conftest import SECRET, csrf_from
from tests.contest_factories import give_theory, make_contest, person_name, roster_csv, skills_csv

NOW = datetime(2025, 7, 28, 8, 0, tzinfo=UTC)
ROW_KEYS = {
    "rank",
    "ticket",
    "name",
    "organisation",
    "theory",
    "skill",
    "total",
    "advances",
    "flags",
}


def t(n: int, digit: int = 1) -> str:
    return f"2025{digit}{n:04d}"


@pytest.fixture
def prelim(app, clock):
    """Six prelim contestants: 1–4 with both parts (2 and 3 tied), 5 without skill, 6 absent."""
    clock.now = NOW
    with app.app_context():
        make_contest(now=NOW)
        stage = db.session.scalar(select(Stage).where(Stage.code == "prelim"))
        roster.import_roster(
            db.session, stage, roster_csv(range(6)), "r.csv", secret=SECRET, actor_id=None, now=NOW
        )
        db.session.commit()
        for n, raw in zip(range(1, 6), ["90", "80", "80", "70", "95"], strict=True):
            give_theory(t(n), raw, now=NOW)
    return app


def client_for(app, make_user, name: str, role: str):
    make_user(name, role)
    c = app.test_client()
    r = c.post("/api/v1/auth/login", json={"username": name, "password": "password-123"})
    c.csrf = r.get_json()["csrf_token"]
    return c


def send(c, path: str, body: dict | None = None):
    return c.post(path, json=body or {}, headers={"X-CSRFToken": c.csrf})


@pytest.fixture
def admin(prelim, make_user):
    return client_for(prelim, make_user, "wang", "admin")


@pytest.fixture
def arbitrator(prelim, make_user):
    return client_for(prelim, make_user, "liu", "arbitrator")


SKILLS = {
    "scores": [
        {"ticket": t(1), "skill": 88},
        {"ticket": t(2), "skill": "75.5"},
        {"ticket": t(3), "skill": 75.5},
        {"ticket": t(4), "skill": 60},
    ]
}


def test_the_ranking_api_has_the_contract_shape(admin):
    assert send(admin, "/api/v1/stages/prelim/skills", SKILLS).get_json()["recorded"] == 4
    body = admin.get("/api/v1/stages/prelim/ranking").get_json()
    assert {"rules", "provisional", "rows"} <= set(body)
    assert body["provisional"] is True
    assert body["rules"]["theory_weight"] == "0.3" and body["rules"]["skill_weight"] == "0.7"
    assert "总成绩" in body["rules"]["text"]["zh"]
    assert all(set(row) == ROW_KEYS for row in body["rows"])
    rows = [
        (r["rank"], r["ticket"], r["theory"], r["skill"], r["total"], r["advances"], r["flags"])
        for r in body["rows"]
    ]
    # totals: 1: 27+61.6=88.6; 2,3: 24+52.85=76.85 (tied); 4: 21+42=63; 5: 28.5 (no skill)
    assert rows == [
        (1, t(1), 90.0, 88.0, 88.6, True, []),
        (2, t(2), 80.0, 75.5, 76.85, True, ["tie_unresolved"]),
        (3, t(3), 80.0, 75.5, 76.85, False, ["tie_unresolved"]),
        (4, t(4), 70.0, 60.0, 63.0, False, []),
        (5, t(5), 95.0, None, 28.5, False, ["skill_absent"]),
        (None, t(6), None, None, 0.0, False, ["absent"]),
    ]
    assert body["rows"][0]["name"] == person_name(0)
    assert body["pending"]["ties"] == [[t(2), t(3)]] and body["publishable"] is False


def test_roles(prelim, admin, arbitrator, make_user):
    assert arbitrator.get("/api/v1/stages/prelim/ranking").status_code == 200
    for role in ("grader", "proctor", "author"):
        other = client_for(prelim, make_user, f"x-{role}", role)
        assert other.get("/api/v1/stages/prelim/ranking").status_code == 403
        assert other.get("/ranking/prelim/").status_code == 403
    assert prelim.test_client().get("/api/v1/stages/prelim/ranking").status_code == 401
    assert send(arbitrator, "/api/v1/stages/prelim/ranking/publications").status_code == 403
    assert send(arbitrator, "/api/v1/stages/prelim/skills", SKILLS).status_code == 403
    assert (
        send(
            admin, "/api/v1/stages/prelim/ranking/ties", {"order": [t(3), t(2)], "reason": "x"}
        ).status_code
        == 403
    )
    assert admin.get("/api/v1/stages/nosuch/ranking").status_code == 404


def test_tie_publish_and_the_public_page(prelim, admin, arbitrator):
    public = prelim.test_client()
    assert public.get("/results/bspia-2025/prelim").status_code == 404
    send(admin, "/api/v1/stages/prelim/skills", SKILLS)
    refused = send(admin, "/api/v1/stages/prelim/ranking/publications")
    assert refused.status_code == 409
    assert (
        "provisional" in refused.get_json()["error"]["problems"][0]["message"]
        or refused.get_json()["error"]["problems"]
    )
    wrong = send(
        arbitrator, "/api/v1/stages/prelim/ranking/ties", {"order": [t(1), t(3)], "reason": "复核"}
    )
    assert wrong.status_code == 409
    ok = send(
        arbitrator,
        "/api/v1/stages/prelim/ranking/ties",
        {"order": [t(3), t(2)], "reason": "技能用时更短"},
    )
    assert ok.status_code == 200 and ok.get_json()["provisional"] is False
    assert [r["ticket"] for r in ok.get_json()["rows"][1:3]] == [t(3), t(2)]
    published = send(admin, "/api/v1/stages/prelim/ranking/publications", {"names": "masked"})
    assert published.status_code == 201 and published.get_json()["number"] == 1
    page = public.get("/results/bspia-2025/prelim")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert person_name(0) not in html and person_name(0)[0] + "*" in html
    assert t(3) in html and "88.60" in html and "技能用时更短" in html
    assert public.get("/results/").get_data(as_text=True).count("/results/bspia-2025/prelim") == 1
    # a later change reaches the public page only with a new publication
    send(admin, "/api/v1/stages/prelim/skills", {"scores": [{"ticket": t(4), "skill": 99}]})
    assert "63.00" in public.get("/results/bspia-2025/prelim").get_data(as_text=True)
    second = send(
        admin, "/api/v1/stages/prelim/ranking/publications", {"names": "full", "note": "更正"}
    )
    assert second.get_json()["number"] == 2
    html = public.get("/results/bspia-2025/prelim").get_data(as_text=True)
    assert person_name(0) in html and "90.30" in html  # 21 + 69.3


def test_the_ranking_page_shows_rules_pending_items_and_forms_by_role(prelim, admin, arbitrator):
    send(admin, "/api/v1/stages/prelim/skills", SKILLS)
    html = admin.get("/ranking/prelim/").get_data(as_text=True)
    assert "总成绩 = 理论成绩 × 30% + 技能成绩 × 70%" in html
    assert f"{t(2)} = {t(3)}" in html
    assert 'name="order"' not in html  # administrators wait for the arbitrators
    assert "/ranking/prelim/publish" in html
    html = arbitrator.get("/ranking/prelim/").get_data(as_text=True)
    assert 'name="order"' in html and "/ranking/prelim/publish" not in html
    token = csrf_from(html)
    arbitrator.post(
        "/ranking/prelim/ties",
        data={"csrf_token": token, "order": f"{t(3)}，{t(2)}", "reason": "现场复核"},
    )
    assert admin.get("/api/v1/stages/prelim/ranking").get_json()["provisional"] is False
    token = csrf_from(admin.get("/ranking/prelim/").get_data(as_text=True))
    admin.post("/ranking/prelim/publish", data={"csrf_token": token, "names": "full", "note": ""})
    assert prelim.test_client().get("/results/bspia-2025/prelim").status_code == 200


def test_exports(prelim, admin, arbitrator):
    send(admin, "/api/v1/stages/prelim/skills", SKILLS)
    book = openpyxl.load_workbook(io.BytesIO(arbitrator.get("/ranking/prelim/export.xlsx").data))
    assert book.sheetnames == ["排名", "规则", "审计记录"]
    assert [c.value for c in book["排名"][2]][:7] == [
        1,
        t(1),
        person_name(0),
        book["排名"]["D2"].value,
        90,
        88,
        88.6,
    ]
    assert any(row[2].value == "skill.recorded" for row in book["审计记录"].iter_rows(min_row=2))
    text = arbitrator.get("/ranking/prelim/export.csv").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [
        "rank",
        "ticket",
        "name",
        "organisation",
        "theory",
        "skill",
        "total",
        "advances",
        "flags",
    ]
    assert rows[1][4:8] == ["90.00", "88.00", "88.60", "yes"]
    data = json.loads(arbitrator.get("/ranking/prelim/export.json").data)
    assert data["rows"][0]["total"] == 88.6
    assert arbitrator.get("/ranking/prelim/export.pdf").status_code == 404


def test_skills_through_the_web_page_dry_run_then_import(prelim, admin):
    page = admin.get("/ranking/prelim/skills")
    token = csrf_from(page.get_data(as_text=True))
    bad = {
        "file": (io.BytesIO(skills_csv({t(1): "88", "209990009": "70"})), "s.csv"),
        "csrf_token": token,
    }
    html = admin.post(
        "/ranking/prelim/skills", data=bad, content_type="multipart/form-data"
    ).get_data(as_text=True)
    assert "209990009" in html and "/ranking/prelim/skills/confirm" not in html
    good = {
        "file": (io.BytesIO(skills_csv({t(1): "88", t(2): "缺考"})), "s.csv"),
        "csrf_token": token,
    }
    html = admin.post(
        "/ranking/prelim/skills", data=good, content_type="multipart/form-data"
    ).get_data(as_text=True)
    assert "/ranking/prelim/skills/confirm" in html
    assert (
        admin.get("/api/v1/stages/prelim/ranking").get_json()["rows"][0]["skill"] is None
    )  # dry run
    confirm = {
        "csrf_token": csrf_from(html.split("skills/confirm")[1]),
        "content": html.split('name="content" type="hidden" value="')[1].split('"')[0],
        "filename": "s.csv",
    }
    assert admin.post("/ranking/prelim/skills/confirm", data=confirm).status_code == 302
    rows = admin.get("/api/v1/stages/prelim/ranking").get_json()["rows"]
    assert rows[0]["ticket"] == t(1) and rows[0]["skill"] == 88.0


def test_api_skills_are_all_or_nothing(prelim, admin):
    bad = {
        "scores": [
            {"ticket": t(1), "skill": 88},
            {"ticket": t(2), "skill": 101},
            {"ticket": "x", "skill": 5},
            {"ticket": t(1), "skill": 70},
        ]
    }
    response = send(admin, "/api/v1/stages/prelim/skills", bad)
    assert response.status_code == 422
    fields = [p["field"] for p in response.get_json()["error"]["problems"]]
    assert fields == ["scores[1].skill", "scores[2].ticket", "scores[3].ticket"]
    assert admin.get("/api/v1/stages/prelim/ranking").get_json()["rows"][0]["skill"] is None


def test_contestant_pages_tickets_and_credentials(prelim, admin):
    html = admin.get("/roster/prelim/").get_data(as_text=True)
    assert t(1) in html and person_name(0) in html
    password = roster.ticket_password(SECRET, t(1))
    ticket_page = admin.get(f"/roster/prelim/tickets?ticket={t(1)}").get_data(as_text=True)
    assert password in ticket_page and t(2) not in ticket_page and "初赛" in ticket_page
    text = admin.get("/roster/prelim/credentials.csv").data.decode("utf-8-sig")
    assert text.splitlines()[1] == f"{t(1)},{person_name(0)},{password}"
    assert admin.get("/roster/prelim/tickets?ticket=209999999").status_code == 404


def test_advance_and_awards(prelim, admin, arbitrator, runner):
    send(admin, "/api/v1/stages/prelim/skills", SKILLS)
    assert send(admin, "/api/v1/stages/prelim/advance").status_code == 409  # the tie
    send(
        arbitrator, "/api/v1/stages/prelim/ranking/ties", {"order": [t(2), t(3)], "reason": "复核"}
    )
    moved = send(admin, "/api/v1/stages/prelim/advance").get_json()
    # round_half_up(0.3 × 5 participants) = 2
    assert [(e["from"], e["ticket"]) for e in moved["enrolled"]] == [
        (t(1), t(1, 2)),
        (t(2), t(2, 2)),
    ]
    assert send(admin, "/api/v1/stages/prelim/advance").get_json()["already"] == [t(1), t(2)]
    # the semi and the final with the two of them
    with prelim.app_context():
        for ticket, raw in ((t(1, 2), "90"), (t(2, 2), "85")):
            give_theory(ticket, raw, now=NOW)
    send(
        admin,
        "/api/v1/stages/semi/skills",
        {"scores": [{"ticket": t(1, 2), "skill": 90}, {"ticket": t(2, 2), "skill": 80}]},
    )
    result = runner.invoke(args=["ranking", "advance", "--stage", "semi"])
    assert result.exit_code == 0, result.output
    assert f"{t(1, 2)} → {t(1, 3)}" in result.output
    with prelim.app_context():
        give_theory(t(1, 3), "70", now=NOW)
    send(admin, "/api/v1/stages/final/skills", {"scores": [{"ticket": t(1, 3), "skill": 95}]})
    body = admin.get("/api/v1/stages/final/awards").get_json()
    codes = [a["rule"] for a in body["awards"]]
    assert codes.count("bspia-prize-1") == 1 and body["publication"] is None
    assert {a["ticket"] for a in body["awards"] if a["rule"] == "bspia-training-certificate"} == {
        t(1, 3),
        t(2, 2),
    }
    assert admin.get("/ranking/final/awards").status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(admin.get("/ranking/final/awards.xlsx").data))
    assert book.sheetnames == ["获奖名单", "金额汇总", "说明"]
    cli = runner.invoke(args=["awards", "--stage", "final", "--format", "json"])
    assert cli.exit_code == 0, cli.output
    assert json.loads(cli.output)["money_yuan"] == body["money_yuan"]
    assert admin.get("/api/v1/stages/prelim/awards").status_code == 409


def test_cli_show_export_resolve_and_publish(prelim, admin, runner, tmp_path):
    send(admin, "/api/v1/stages/prelim/skills", SKILLS)
    shown = runner.invoke(args=["ranking", "show", "--stage", "prelim", "--format", "json"])
    assert shown.exit_code == 0 and json.loads(shown.output)["provisional"] is True
    table = runner.invoke(args=["ranking", "show", "--stage", "prelim"])
    assert table.exit_code == 0 and t(1) in table.output and "tie_unresolved" in table.output
    refused = runner.invoke(args=["ranking", "publish", "--stage", "prelim"])
    assert refused.exit_code == 1
    done = runner.invoke(
        args=[
            "ranking",
            "resolve-tie",
            "--stage",
            "prelim",
            "--order",
            f"{t(3)},{t(2)}",
            "--reason",
            "仲裁组决定",
        ]
    )
    assert done.exit_code == 0, done.output
    assert runner.invoke(args=["ranking", "publish", "--stage", "prelim"]).exit_code == 0
    out = tmp_path / "ranking.xlsx"
    assert runner.invoke(args=["ranking", "export", "--stage", "prelim", str(out)]).exit_code == 0
    assert openpyxl.load_workbook(out).sheetnames == ["排名", "规则", "审计记录"]
    csv_out = runner.invoke(args=["ranking", "show", "--stage", "prelim", "--format", "csv"])
    assert csv_out.output.splitlines()[2].startswith(f"2,{t(3)},")


def test_roster_import_page_checks_first_then_imports(prelim, admin):
    token = csrf_from(admin.get("/roster/semi/import").get_data(as_text=True))
    bad = roster_csv(range(2), extra="某某,123,某单位,否")
    html = admin.post(
        "/roster/semi/import",
        data={"file": (io.BytesIO(bad), "r.csv"), "csrf_token": token},
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert "row 4, column 身份证号" in html and "/roster/semi/import/confirm" not in html
    html = admin.post(
        "/roster/semi/import",
        data={"file": (io.BytesIO(roster_csv(range(2))), "r.csv"), "csrf_token": token},
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert person_name(1) in html and "/roster/semi/import/confirm" in html
    with prelim.app_context():
        semi = db.session.scalar(select(Stage).where(Stage.code == "semi"))
        assert roster.stage_roster(db.session, semi) == []  # the check wrote nothing
    content = html.split('name="content" type="hidden" value="')[1].split('"')[0]
    done = admin.post(
        "/roster/semi/import/confirm",
        data={"csrf_token": token, "content": content, "filename": "r.csv"},
    )
    assert done.status_code == 302 and done.location.endswith("/roster/semi/")
    assert t(2, 2) in admin.get("/roster/semi/").get_data(as_text=True)


PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


def test_a_photo_appears_on_the_admission_ticket(prelim, admin):
    token = csrf_from(admin.get("/roster/prelim/").get_data(as_text=True))
    response = admin.post(
        "/roster/prelim/photo",
        data={"csrf_token": token, "ticket": t(1), "photo": (io.BytesIO(PNG), "p.png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    html = admin.get(f"/roster/prelim/tickets?ticket={t(1)}").get_data(as_text=True)
    assert '<img src="/images/' in html
    refused = admin.post(
        "/roster/prelim/photo",
        data={"csrf_token": token, "ticket": t(2), "photo": (io.BytesIO(b"<svg/>"), "p.svg")},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 302
    assert '<img src="/images/' not in admin.get(f"/roster/prelim/tickets?ticket={t(2)}").get_data(
        as_text=True
    )
