"""A person logs in through a real Chromium and sees their home page in Chinese."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def test_login_in_chromium(page: Page, live_server, make_user, tmp_path):
    make_user("wang", "admin", password="secret-pass-1", display_name="王静")
    page.goto(live_server.url + "/")
    expect(page).to_have_url(live_server.url + "/login")
    expect(page.get_by_role("heading", name="登录")).to_be_visible()
    page.get_by_label("用户名或准考证号").fill("wang")
    page.get_by_label("密码").fill("wrong-password")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_text("用户名或密码错误")).to_be_visible()
    page.get_by_label("用户名或准考证号").fill("wang")
    page.get_by_label("密码").fill("secret-pass-1")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="欢迎，王静")).to_be_visible()
    page.screenshot(path=str(tmp_path / "home.png"))
    page.get_by_role("button", name="退出").click()
    expect(page.get_by_text("您已退出登录")).to_be_visible()
