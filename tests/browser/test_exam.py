"""A contestant sits the exam in a real Chromium: every type, reload, offline, a killed tab,
the countdown submitting at zero, and keyboard-only answering."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from examsvc.extensions import db
from examsvc.models import Answer, Attempt, AttemptStatus


@pytest.fixture
def exam(app):
    from tests.factories import make_world

    with app.app_context():
        return make_world(now=datetime.now(UTC))


def log_in_and_start(page: Page, url: str, ticket: str, password: str) -> None:
    page.goto(url + "/login")
    page.get_by_label("用户名或准考证号").fill(ticket)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="我的考试")).to_be_visible()
    page.get_by_role("link", name="考试须知").click()
    page.get_by_role("button", name="开始考试").click()
    expect(page.locator("#timer")).not_to_have_text("--:--")


def all_saved(page: Page) -> None:
    expect(page.locator("#save-overall")).to_have_text("全部答案已保存 ✓", timeout=10_000)


def stored(app) -> dict[int, object]:
    with app.app_context():
        values = {a.item_no: a.value for a in db.session.query(Answer).all()}
        db.session.rollback()
        return values


def test_answer_reload_offline_and_killed_tab(app, page: Page, live_server, exam, tmp_path):
    log_in_and_start(page, live_server.url, exam.tickets[0], exam.password)
    # item 1 shows B C A D: clicking the option text "立即核实报警信息" (original A) picks shown C
    page.locator("#item-1").get_by_text("立即核实报警信息").click()
    page.locator("#item-2").get_by_text("视频监控").click()
    page.locator("#item-2").get_by_text("入侵报警").click()
    page.locator("#item-3").get_by_text("错").click()
    page.locator("#a4").fill("接警、核实、处置")
    all_saved(page)
    expect(page.locator('[data-save-state="4"]')).to_have_text("已保存 ✓")
    assert stored(app) == {1: "A", 2: ["A", "B"], 3: False, 4: "接警、核实、处置"}

    page.reload()
    expect(page.locator("#item-1").get_by_label("立即核实报警信息")).to_be_checked()
    expect(page.locator("#item-2").get_by_label("视频监控")).to_be_checked()
    expect(page.locator("#item-2").get_by_label("围墙")).not_to_be_checked()
    expect(page.locator("#a4")).to_have_value("接警、核实、处置")

    # offline: keep answering, nothing is lost, everything goes out when the network is back
    page.context.set_offline(True)
    page.locator("#item-1").get_by_text("忽略并继续值守").click()
    page.locator("#a4").fill("接警、核实、处置、上报、记录")
    page.wait_for_timeout(2500)
    expect(page.locator("#save-overall")).not_to_have_text("全部答案已保存 ✓")
    assert stored(app)[4] == "接警、核实、处置"
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    all_saved(page)
    assert stored(app) == {1: "D", 2: ["A", "B"], 3: False, 4: "接警、核实、处置、上报、记录"}

    # a tab killed while offline: the answer waits in localStorage and goes out on the next load
    page.context.set_offline(True)
    page.locator("#a4").fill("写到一半浏览器崩溃了")
    page.wait_for_timeout(1500)
    page.close()
    page.context.set_offline(False)
    again = page.context.new_page()
    again.goto(live_server.url + "/exam/")
    again.get_by_role("link", name="继续作答").click()
    all_saved(again)
    expect(again.locator("#a4")).to_have_value("写到一半浏览器崩溃了")
    assert stored(app)[4] == "写到一半浏览器崩溃了"
    again.screenshot(path=str(tmp_path / "exam.png"), full_page=True)

    # submit with the confirmation dialog
    again.get_by_role("button", name="交卷").click()
    expect(again.locator("#submit-summary")).to_contain_text("已答：4 题")
    again.get_by_role("button", name="确认交卷").click()
    expect(again.get_by_role("heading", name="您已成功交卷")).to_be_visible()
    with app.app_context():
        attempt = db.session.query(Attempt).one()
        assert attempt.status is AttemptStatus.SUBMITTED and attempt.submitted_by == "contestant"


def test_countdown_submits_at_zero(app, page: Page, live_server):
    from tests.factories import make_world

    with app.app_context():
        world = make_world(
            now=datetime.now(UTC),
            opens_in=timedelta(minutes=-10),
            window=timedelta(minutes=10, seconds=14),
        )
    log_in_and_start(page, live_server.url, world.tickets[0], world.password)
    page.locator("#item-3").get_by_text("对").click()
    all_saved(page)
    expect(page.get_by_role("heading", name="您已成功交卷")).to_be_visible(timeout=25_000)
    with app.app_context():
        attempt = db.session.query(Attempt).one()
        assert attempt.status is AttemptStatus.SUBMITTED
        assert attempt.submitted_by in ("timer", "deadline")
        assert attempt.submitted_at <= attempt.deadline
        assert db.session.get(Answer, (attempt.id, 3)).value is True


def test_keyboard_only(app, page: Page, live_server, exam):
    log_in_and_start(page, live_server.url, exam.tickets[0], exam.password)
    first = page.locator("#item-1 input").first
    first.focus()
    page.keyboard.press("Space")  # selects the first shown option (original B)
    page.keyboard.press("ArrowDown")  # moves the selection to the second (original C)
    page.keyboard.press("Tab")  # to item 2's first checkbox… via its flag button
    for _ in range(6):
        if page.evaluate("document.activeElement.type") == "checkbox":
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Space")
    all_saved(page)
    values = stored(app)
    assert values[1] == "C"
    assert values[2] == ["D"]  # item 2 shows D C B A: the first checkbox is original D
    focused = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert focused != "none"  # the focus is visible
