"""The stage form's script in a real Chromium: rows added and removed in place, the settings of
a section's type shown alone, and what the browser then sends is what the server checks."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from playwright.sync_api import Page, expect

from examsvc.contest import services
from examsvc.extensions import db
from questionbank.contestfile import parse_contest
from tests.factories import import_demo_bank

EXAMPLE = (Path(__file__).resolve().parents[2] / "docs" / "contest.example.toml").read_text("utf-8")


def test_rows_and_type_settings_without_a_round_trip(app, page: Page, live_server, make_user):
    with app.app_context():
        services.load_contest(db.session, parse_contest(EXAMPLE), now=datetime.now(UTC))
        import_demo_bank()
        db.session.commit()
    make_user("boss", "admin")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(live_server.url + "/login")
    page.get_by_label("用户名或准考证号").fill("boss")
    page.get_by_label("密码").fill("password-123")
    page.get_by_role("button", name="登录").click()
    page.goto(live_server.url + "/contest/stages/prelim")
    rows = page.locator('[data-rows="sections"] [data-row]')
    expect(rows).to_have_count(4)
    # only the multiple-choice section shows its scoring rule; only the short one its threshold
    expect(page.locator("#sections-0-multiple_scoring")).to_be_hidden()
    expect(page.locator("#sections-1-multiple_scoring")).to_be_visible()
    expect(page.locator("#sections-3-arbitration_threshold")).to_be_visible()
    url = page.url
    page.get_by_role("button", name="添加部分").click()
    expect(rows).to_have_count(5)
    assert page.url == url  # no round trip
    new = rows.nth(4)
    expect(new.locator("h3")).to_have_text("第 5 部分")
    expect(new.locator('[name="sections-4-count"]')).to_have_value("")
    new.locator('[name="sections-4-type"]').select_option("multiple")
    expect(new.locator('[name="sections-4-multiple_scoring"]')).to_be_visible()
    expect(new.locator('[name="sections-4-arbitration_threshold"]')).to_be_hidden()
    new.locator('[name="sections-4-count"]').fill("3")
    new.locator('[name="sections-4-points"]').fill("1")
    rows.nth(0).get_by_role("button", name="删除此部分").click()
    expect(rows).to_have_count(4)
    page.get_by_role("button", name="对照题库检查").click()
    expect(page.get_by_text("设置有效")).to_be_visible()
    # the server saw four sections: multiple, true/false, short, and the new multiple one
    expect(page.locator("[data-supply-section]")).to_have_count(4)
    expect(page.locator('[data-supply-section="3"]')).to_contain_text("多项选择题")
    expect(page.locator('[data-rows="sections"] [data-row]')).to_have_count(4)
    assert not [e for e in errors if "Content Security Policy" in e or "Uncaught" in e], errors
