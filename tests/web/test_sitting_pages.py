"""The contestant's pages: exams list, rules, the exam page, the submitted page."""

from __future__ import annotations

from tests.conftest import csrf_from


def test_contestant_flow_through_pages(app, world, client, login, clock):
    assert login(world.tickets[0], world.password).status_code == 302
    assert client.get("/").location == "/exam/"
    mine = client.get("/exam/").get_data(as_text=True)
    assert "初赛" in mine and world.tickets[0] in mine and "可开考" in mine
    rules = client.get("/exam/prelim/").get_data(as_text=True)
    assert "开考须知" in rules and "少选且无错选得一半分" in rules and "开始考试" in rules
    token = csrf_from(rules)
    r = client.post("/exam/prelim/start", data={"csrf_token": token})
    assert r.status_code == 302 and r.location.startswith("/exam/attempt/")
    page = client.get(r.location)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "值班员发现报警信息时" in html and "一、单项选择题（共 1 题，每题 1 分）" in html
    assert 'name="a4"' in html and "js/exam.js" in html
    for secret in ("接警后首先核实", "围墙属于物防", "处置与上报", "BCAD"):
        assert secret not in html
    assert "unsafe-inline" not in page.headers["Content-Security-Policy"]
    assert "<script>" not in html  # no inline script: only JSON data blocks and the static file
    submit = client.post(r.location + "/submit", data={"csrf_token": csrf_from(html)})
    assert submit.status_code == 302 and submit.location.endswith("/done")
    done = client.get(submit.location).get_data(as_text=True)
    assert "您已成功交卷" in done
    assert client.get(r.location).status_code == 302  # no way back into the paper


def test_rules_page_before_opening(app, world, client, login, clock):
    clock.advance(minutes=-60)
    login(world.tickets[0], world.password)
    html = client.get("/exam/prelim/").get_data(as_text=True)
    assert "考试将于" in html and "开始考试" not in html
    assert client.get("/exam/final/").status_code == 404
