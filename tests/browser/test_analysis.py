"""The analysis page of the demo contest's prelim with simulated results (demo bank, contest file
and paper assembly through the real services) in a real Chromium: every chart is drawn (a
Chart.js instance on a canvas of non-zero size), the CSP holds, a flagged dot leads to the
question, and a screenshot is kept in the test's folder."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.analysis_world import demo_contest_prelim


def test_demo_prelim_analysis_draws_its_charts(
    app, page: Page, live_server, make_user, clock, tmp_path
):
    # 40 contestants meet each of the pool's ~300 questions about ten times: judge from 8 (a
    # setting; a real prelim has hundreds of contestants)
    app.config["ANALYSIS_FLAG_THRESHOLDS"] = {"min_responses": 8}
    with app.app_context():
        _world, report = demo_contest_prelim(now=clock.now, contestants=40)
    assert report.attempts > 30
    make_user("wang", "admin", password="secret-pass-1", display_name="王静")
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))

    page.goto(live_server.url + "/login")
    page.get_by_label("用户名或准考证号").fill("wang")
    page.get_by_label("密码").fill("secret-pass-1")
    page.get_by_role("button", name="登录").click()
    page.get_by_role("link", name="成绩分析").first.click()
    page.get_by_role("link", name="初赛").click()
    expect(page.get_by_role("heading", name="成绩分布")).to_be_visible()

    page.wait_for_function(
        "() => window.examsvcCharts && ['hist-theory','hist-skill','hist-total','scatter',"
        "'positions','graders'].every(id => window.examsvcCharts[id])"
    )
    sizes = page.evaluate(
        """() => Object.entries(window.examsvcCharts).map(([id, chart]) =>
             [id, chart.canvas.width, chart.canvas.height, chart.data.datasets.length])"""
    )
    drawn = {id_: (w, h, sets) for id_, w, h, sets in sizes}
    for id_ in ("hist-theory", "hist-skill", "hist-total", "scatter", "positions", "graders"):
        width, height, sets = drawn[id_]
        assert width > 100 and height > 100 and sets >= 1, (id_, drawn[id_])
    # the scatter holds every question with figures, the flagged ones in their own dataset
    counts = page.evaluate(
        "() => window.examsvcCharts.scatter.data.datasets.slice(0, 2).map(d => d.data.length)"
    )
    assert counts[1] > 0 and sum(counts) > 200  # 79 items a paper from a pool of hundreds

    # distractor charts are drawn as they scroll into view
    page.locator("#distractor-grid").scroll_into_view_if_needed()
    page.wait_for_function(
        "() => Object.keys(window.examsvcCharts).filter(k => k.startsWith('distractor-')).length >= 3"
    )
    first = page.locator(".distractor-chart").first
    box = first.bounding_box()
    assert box and box["width"] > 100 and box["height"] > 50
    # the unflagged questions' charts wait behind a click
    drawn = page.evaluate("() => Object.keys(window.examsvcCharts).length")
    page.get_by_text("其余选择题和判断题").click()
    page.locator("#distractor-rest .distractor-chart").first.scroll_into_view_if_needed()
    page.wait_for_function(f"() => Object.keys(window.examsvcCharts).length > {drawn}")
    page.get_by_text("其余选择题和判断题").click()  # closed again for the screenshot

    # the whole page at once (a viewport as tall as the page, so every lazy chart is drawn and
    # nothing is resized while the screenshot is taken)
    height = page.evaluate("document.documentElement.scrollHeight")
    page.set_viewport_size({"width": 1366, "height": height})
    page.wait_for_function(
        "() => document.querySelectorAll('#distractor-grid .distractor-chart').length <= "
        "Object.keys(window.examsvcCharts).filter(k => k.startsWith('distractor-')).length"
    )
    page.screenshot(path=str(tmp_path / "analysis.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 768})
    assert (tmp_path / "analysis.png").stat().st_size > 50_000
    assert problems == [], problems  # no CSP violation, no script error

    # a flagged dot is a link to the question in the bank
    page.locator("#scatter").scroll_into_view_if_needed()
    point = page.evaluate(
        """() => {
             const chart = window.examsvcCharts.scatter;
             const el = chart.getDatasetMeta(1).data[0];
             const rect = chart.canvas.getBoundingClientRect();
             return {x: rect.left + el.x, y: rect.top + el.y, id: chart.data.datasets[1].data[0].id};
           }"""
    )
    page.mouse.click(point["x"], point["y"])
    page.wait_for_url(f"**/bank/{point['id']}")
