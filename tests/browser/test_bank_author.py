"""An author writes a question in a real Chromium: fills the editor, adds an option (the
script reveals it in place), previews it as a contestant will see it, saves it and submits it
for review. No inline script or style may be needed: the page runs under the service's CSP."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from sqlalchemy import select

from examsvc.extensions import db
from examsvc.models import Question


def test_author_creates_previews_saves_and_submits(
    page: Page, live_server, make_user, app, tmp_path
):
    make_user("liming", "author", password="secret-pass-1", display_name="命题人 李明")
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))

    page.goto(live_server.url + "/login")
    page.get_by_label("用户名或准考证号").fill("liming")
    page.get_by_label("密码").fill("secret-pass-1")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="欢迎，命题人 李明")).to_be_visible()

    page.get_by_role("link", name="编写题目").first.click()
    expect(page.get_by_role("heading", name="新建题目: 单项选择题")).to_be_visible()
    page.get_by_label("题干").fill("值班员发现**入侵报警**后，首先应当（　）。")
    page.get_by_label("选项A", exact=True).fill("立即离开岗位去现场")
    page.get_by_label("选项B", exact=True).fill("调取视频复核报警信息")
    page.get_by_label("选项C", exact=True).fill("关闭报警主机")
    page.get_by_label("选项D", exact=True).fill("等待下一班处理")
    expect(page.get_by_label("选项E", exact=True)).to_be_hidden()
    page.get_by_role("button", name="添加选项").click()  # revealed by the script, no reload
    page.get_by_label("选项E", exact=True).fill("通知保洁人员")
    page.get_by_role("radio", name="B", exact=True).check()
    page.get_by_label("标签").fill("area:alarm-handling, level:apply")
    page.get_by_label("来源").fill("教材 第5章")

    page.get_by_role("button", name="预览").click()
    preview = page.locator("#preview")
    expect(preview.get_by_role("heading", name="预览：选手将看到的样子")).to_be_visible()
    expect(preview.locator("strong", has_text="入侵报警")).to_be_visible()
    expect(preview.get_by_text("通知保洁人员")).to_be_visible()
    expect(preview.get_by_role("radio")).to_have_count(5)
    expect(page.get_by_label("选项E", exact=True)).to_have_value("通知保洁人员")
    page.screenshot(path=str(tmp_path / "preview.png"), full_page=True)
    with app.app_context():
        assert db.session.scalar(select(Question.id)) is None  # a preview saves nothing
        db.session.rollback()

    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已保存为草稿")).to_be_visible()
    expect(page.get_by_role("heading", name="选手看到的样子")).to_be_visible()
    page.get_by_role("button", name="提交审核").click()
    expect(page.get_by_text("已提交审核。")).to_be_visible()
    expect(page.locator("h1 .badge")).to_have_text("待审核")
    page.screenshot(path=str(tmp_path / "submitted.png"), full_page=True)
    with app.app_context():
        question = db.session.scalars(select(Question)).one()
        assert question.status.value == "review"
        assert question.current_version.options[4] == "通知保洁人员"
        assert question.current_version.answer == "B"
        db.session.rollback()
    assert problems == []  # no script error, no CSP violation
