"""In a real Chromium: an administrator imports the skill scores, an arbitrator orders the tie
they create, the administrator publishes, and the public results page shows the result."""

from __future__ import annotations

from datetime import UTC, datetime

from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from examsvc.extensions import db
from examsvc.models import Stage
from examsvc.roster import services as roster
from tests.conftest import SECRET
from tests.contest_factories import give_theory, make_contest, person_name, roster_csv, skills_csv

NOW = datetime(2025, 7, 28, 8, 0, tzinfo=UTC)


def t(n: int) -> str:
    return f"20251{n:04d}"


def log_in(browser: Browser, url: str, username: str) -> Page:
    page = browser.new_page(locale="zh-CN", viewport={"width": 1366, "height": 768})
    page.goto(url + "/login")
    page.get_by_label("用户名或准考证号").fill(username)
    page.get_by_label("密码").fill("password-123")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="欢迎", exact=False)).to_be_visible()
    return page


def test_import_resolve_publish_and_the_public_page(
    app, browser: Browser, page: Page, live_server, make_user, clock, tmp_path
):
    clock.now = NOW
    with app.app_context():
        make_contest(now=NOW)
        stage = db.session.scalar(select(Stage).where(Stage.code == "prelim"))
        roster.import_roster(
            db.session, stage, roster_csv(range(5)), "r.csv", secret=SECRET, actor_id=None, now=NOW
        )
        db.session.commit()
        for n, raw in zip(range(1, 6), ["92", "85", "85", "70", "60"], strict=True):
            give_theory(t(n), raw, now=NOW)
    make_user("wang", "admin", display_name="组委会办公室 王静")
    make_user("liu", "arbitrator", display_name="仲裁组 刘洋")
    scores = tmp_path / "技能成绩.csv"
    scores.write_bytes(
        skills_csv({t(1): "90", t(2): "80.5", t(3): "80.5", t(4): "75", t(5): "缺考"})
    )

    # the administrator checks the file, then records it
    admin = log_in(browser, live_server.url, "wang")
    admin.get_by_role("link", name="成绩排名").first.click()
    admin.get_by_role("link", name="初赛").click()
    admin.get_by_role("link", name="导入技能成绩").click()
    admin.get_by_label("文件（xlsx 或 csv）").set_input_files(str(scores))
    admin.get_by_role("button", name="检查文件").click()
    expect(admin.get_by_text("核查通过：4 个成绩将变更，1 个不变")).to_be_visible()
    admin.get_by_role("button", name="记录 4 个成绩").click()
    expect(admin.get_by_text("已记录 4 个技能成绩")).to_be_visible()
    expect(admin.locator(".tie-group")).to_contain_text(f"{t(2)} = {t(3)}")
    expect(admin.get_by_role("button", name="公布")).to_be_disabled()

    # the arbitrator orders the tie (t3 before t2) with a reason
    arbitrator = log_in(browser, live_server.url, "liu")
    arbitrator.goto(live_server.url + "/ranking/prelim/")
    arbitrator.get_by_label("先后顺序（准考证号，名次在前者在前，用逗号分隔）").fill(
        f"{t(3)}，{t(2)}"
    )
    arbitrator.get_by_label("原因").fill("仲裁组复核：技能操作用时更短者在前")
    arbitrator.get_by_role("button", name="记录先后顺序").click()
    expect(arbitrator.get_by_text("先后顺序已记录。")).to_be_visible()
    expect(arbitrator.get_by_text("并列：已由仲裁组确定先后").first).to_be_visible()

    # the administrator publishes with masked names
    admin.reload()
    expect(admin.get_by_text("已确定：可以公布")).to_be_visible()
    admin.get_by_role("button", name="公布").click()
    expect(admin.get_by_text("已公布（第 1 次）。")).to_be_visible()

    # anyone sees the published result
    page.goto(live_server.url + "/results/bspia-2025/prelim")
    expect(page.get_by_role("heading", name="初赛 · 成绩公示", exact=False)).to_be_visible()
    tickets = page.locator("table.ranking-table tbody tr td:nth-child(2)").all_inner_texts()
    assert tickets == [t(1), t(3), t(2), t(4), t(5)]
    first_row = page.locator("table.ranking-table tbody tr").first
    expect(first_row).to_contain_text("90.60")  # 0.3 × 92 + 0.7 × 90
    expect(first_row).to_contain_text(person_name(0)[0] + "*")
    expect(page.locator("body")).not_to_contain_text(person_name(0))
    expect(page.get_by_text("仲裁组复核：技能操作用时更短者在前")).to_be_visible()
    page.screenshot(path=str(tmp_path / "results.png"), full_page=True)
