"""Marking in a real Chromium: two graders mark a question's answers with the keyboard only
(scoring points, full marks, blank → 0, Enter), and an arbitrator settles the disagreement."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from examsvc.extensions import db
from examsvc.models import ItemScore, MarkingTask
from tests.factories import make_world
from tests.marking_helpers import identity_strings, leaks, submit_short_answers

FULL = "接警、核实、处置并上报、记录"
PARTIAL = "只写了接警"


@pytest.fixture
def answers(app):
    with app.app_context():
        now = datetime.now(UTC)
        world = make_world(contestants=3, now=now)
        attempts = submit_short_answers(world, [FULL, PARTIAL, None], now=now)
        return {"attempts": attempts, "identities": identity_strings(world.stage_id)}


def log_in(page: Page, url: str, name: str) -> None:
    page.goto(url + "/login")
    page.get_by_label("用户名或准考证号").fill(name)
    page.get_by_label("密码").fill("password-123")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="欢迎，" + name)).to_be_visible()


def open_queue(page: Page, url: str, button: str) -> None:
    page.goto(url + "/marking/")
    page.get_by_role("link", name=button).click()
    expect(page.locator("#answer-text")).to_be_visible()


def mark_by_keyboard(page: Page, plan: dict[str, str], identities: list[str]) -> list[str]:
    """Mark every answer the page shows until nothing is left; ``plan`` maps an answer text
    ("" for blank) to keystrokes: ``full``, ``blank`` or point marks like ``1.25 0 0 0``."""
    seen = []
    while page.locator("#nothing-left").count() == 0:
        assert leaks(page.content(), identities) == []
        blank = page.locator("#answer-text.blank").count() == 1
        text = "" if blank else page.locator("#answer-text").inner_text()
        seen.append(text)
        action = plan[text]
        # the first scoring point has the focus when the page opens: no mouse needed
        expect(page.locator("#p0")).to_be_focused()
        if action == "full":
            page.keyboard.press("Alt+f")
            expect(page.locator("#mark-total")).to_have_text("5")
            key = "Enter"
        elif action == "blank":
            key = "Alt+b"
        else:
            for n, value in enumerate(action.split()):
                if n:
                    page.keyboard.press("Tab")
                page.keyboard.type(value)
            expected = sum(Decimal(v) for v in action.split())
            expect(page.locator("#mark-total")).to_have_text(f"{expected.normalize():f}")
            key = "Enter"
        with page.expect_navigation():  # saved, then the next answer (or none) is shown
            page.keyboard.press(key)
        expect(page.locator(".flash-success")).to_have_text("评分已保存。")
    return seen


def test_graders_mark_by_keyboard_and_an_arbitrator_decides(
    app, browser, browser_context_args, live_server, make_user, answers, tmp_path
):
    for name, role in (("裁判赵", "grader"), ("裁判孙", "grader"), ("仲裁刘", "arbitrator")):
        make_user(name, role, display_name=name)
    url = live_server.url

    def new_page() -> Page:  # each marker in a browser of their own (own cookies)
        return browser.new_context(**browser_context_args).new_page()

    first = new_page()
    log_in(first, url, "裁判赵")
    open_queue(first, url, "评阅本题")
    expect(first.locator("#left-count")).to_have_text("本题还剩 3 份")
    first.screenshot(path=str(tmp_path / "marking.png"), full_page=True)
    seen = mark_by_keyboard(
        first, {FULL: "full", PARTIAL: "1.25 0 0 0", "": "blank"}, answers["identities"]
    )
    assert sorted(seen) == sorted([FULL, PARTIAL, ""])

    second = new_page()
    log_in(second, url, "裁判孙")
    open_queue(second, url, "评阅本题")
    seen = mark_by_keyboard(
        second, {FULL: "full", PARTIAL: "full", "": "blank"}, answers["identities"]
    )
    assert sorted(seen) == sorted([FULL, PARTIAL, ""])

    arbiter = new_page()
    log_in(arbiter, url, "仲裁刘")
    open_queue(arbiter, url, "开始仲裁")
    expect(arbiter.locator("#answer-text")).to_have_text(PARTIAL)
    marks = arbiter.locator(".prior-marks li strong").all_inner_texts()
    assert sorted(marks) == ["1.25", "5"]
    arbiter.screenshot(path=str(tmp_path / "arbitration.png"), full_page=True)
    mark_by_keyboard(arbiter, {PARTIAL: "1.25 1.25 0 0"}, answers["identities"])

    full, partial, blank = answers["attempts"]
    with app.app_context():
        finals = {a: db.session.get(ItemScore, (a, 4)) for a in answers["attempts"]}
        assert (finals[full].score, finals[full].source) == (Decimal("5.00"), "marking")
        assert (finals[partial].score, finals[partial].source) == (Decimal("2.50"), "arbitration")
        assert (finals[blank].score, finals[blank].source) == (Decimal("0.00"), "marking")
        assert all(t.marked_at is not None for t in db.session.query(MarkingTask))


def test_all_or_nothing_points_are_ticked_with_space(
    app, browser, browser_context_args, live_server, make_user
):
    with app.app_context():  # 4 points over 4 scoring points: 1 mark each, all or nothing
        now = datetime.now(UTC)
        world = make_world(
            contestants=1, now=now, points=["1", "2", "0.5", "4"], double_marking=False
        )
        (attempt,) = submit_short_answers(world, [PARTIAL], now=now)
    make_user("裁判吴", "grader", display_name="裁判吴")
    page = browser.new_context(**browser_context_args).new_page()
    log_in(page, live_server.url, "裁判吴")
    open_queue(page, live_server.url, "评阅本题")
    expect(page.locator("#p0")).to_be_focused()
    expect(page.locator("#p0")).to_have_attribute("type", "checkbox")
    page.keyboard.press("Space")  # 接警: given
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # 处置与上报: given
    expect(page.locator("#mark-total")).to_have_text("2")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.type("接警写到了，处置勉强")  # the comment
    page.keyboard.press("Enter")  # a new line, not a submission
    expect(page.locator("#comment")).to_have_value("接警写到了，处置勉强\n")
    page.keyboard.press("Control+Enter")
    expect(page.locator("#nothing-left")).to_be_visible()
    with app.app_context():
        task = db.session.query(MarkingTask).one()
        assert (task.score, task.point_scores) == (Decimal("2.00"), ["1.00", "0", "1.00", "0"])
        assert task.comment == "接警写到了，处置勉强"
        assert db.session.get(ItemScore, (attempt, 4)).score == Decimal("2.00")
