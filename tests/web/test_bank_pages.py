"""The bank's pages: the editor per type with messages next to their fields, preview, image
upload, versions and diff, the review flow, import (dry run → confirm), export, and who may
open which page."""

from __future__ import annotations

import hashlib
import io

import pytest
from sqlalchemy import select

from examsvc.extensions import db
from examsvc.models import BankImport, Image, Question, QuestionEvent
from tests.web.bank_helpers import (
    PNG,
    SINGLE,
    client_for,
    create,
    field_block,
    post,
    question_count,
    row_counts,
)


@pytest.fixture
def staff(make_user):
    """An author, a second author, a reviewer and an administrator."""
    make_user("author", "author", display_name="命题人 李明")
    make_user("author2", "author", display_name="命题人 周敏")
    make_user("reviewer", "reviewer", display_name="审题专家 陈建国")
    make_user("admin", "admin", display_name="组委会 王静")


@pytest.fixture
def author(app, staff):
    return client_for(app, "author")


@pytest.fixture
def reviewer(app, staff):
    return client_for(app, "reviewer")


def current(app, question_id):
    """(status, version number, answer JSON, tags) of a question."""
    with app.app_context():
        q = db.session.get(Question, question_id)
        found = (q.status.value, q.current_version.number, q.current_version.answer, q.tags)
        db.session.rollback()
        return found


# --------------------------------------------------------------------------- editor


def test_editor_fields_follow_the_type(author):
    single = author.get("/bank/new?type=single").get_data(as_text=True)
    assert 'type="radio" name="answer_single" value="A"' in single
    assert 'name="option_h"' in single and "添加选项" in single
    # 4 options shown, the other 4 prepared but hidden (no inline style: the hidden attribute)
    assert single.count('data-row="option" data-index="5" hidden') == 2
    assert 'style="' not in single and "<script>" not in single
    multiple = author.get("/bank/new?type=multiple").get_data(as_text=True)
    assert 'type="checkbox" name="answer_multiple" value="C"' in multiple
    truefalse = author.get("/bank/new?type=truefalse").get_data(as_text=True)
    assert 'name="answer_truefalse" value="true"' in truefalse and "正确（对）" in truefalse
    assert 'name="option_a"' not in truefalse
    short = author.get("/bank/new?type=short").get_data(as_text=True)
    assert 'name="answer_short"' in short and 'name="rubric-0-share"' in short
    assert "评分要点" in short and 'name="option_a"' not in short
    # difficulty with the Chinese labels, tags with suggestions
    assert "1 · 易" in single and "5 · 难" in single
    assert 'list="known-tags"' in single and '<datalist id="known-tags">' in single


def test_pages_render_in_english_too(author):
    qid = create(author)
    english = {"Accept-Language": "en"}
    assert "Question bank" in author.get("/bank/", headers=english).get_data(as_text=True)
    page = author.get(f"/bank/{qid}", headers=english).get_data(as_text=True)
    assert "As a contestant sees it" in page and "Submit for review" in page
    editor = author.get(f"/bank/{qid}/edit", headers=english).get_data(as_text=True)
    assert "1 · easy" in editor and "Add option" in editor


def test_single_choice_saved_and_shown(app, author):
    qid = create(author)
    assert current(app, qid) == ("draft", 1, "A", ["area:alarm-handling", "level:apply"])
    page = author.get(f"/bank/{qid}").get_data(as_text=True)
    assert "值班员发现报警信息时" in page and "核实报警信息" in page
    assert "草稿" in page and "提交审核" in page
    assert "<strong>A</strong>" in page  # the key, for staff
    assert "教材 第5章" in page and "2 · 较易" in page


def test_multiple_truefalse_and_short_are_saved(app, author):
    multi = create(
        author,
        type="multiple",
        stem="下列属于技防手段的有（　）。",
        answer_multiple=["C", "A"],
        answer_single="",
    )
    assert current(app, multi)[2] == ["A", "C"]
    tf = create(author, type="truefalse", stem="紧急报警装置可以被撤防。", answer_truefalse="false")
    assert current(app, tf)[2] is False
    short = create(
        author,
        type="short",
        stem="简述接警后的处置步骤。",
        answer_short="核实、报告、处置、记录",
        **{
            "rubric-0-text": "核实",
            "rubric-0-share": "60%",
            "rubric-1-text": "记录",
            "rubric-1-share": "0.4",
        },
    )
    with app.app_context():
        version = db.session.get(Question, short).current_version
        assert version.rubric == [
            {"text": "核实", "share": "0.6"},
            {"text": "记录", "share": "0.4"},
        ]
        assert version.options == []  # options typed before a type change are dropped
        db.session.rollback()


def test_validation_messages_appear_next_to_their_fields(app, author):
    response = post(
        author,
        "/bank/new",
        {
            **SINGLE,
            "stem": "  ",
            "option_b": "",  # a gap: B empty while C and D are filled
            "answer_single": "",
            "tags": "nofacet",
            "save": "1",
        },
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "请修改下面标出的栏目" in html
    assert "题干为空" in field_block(html, 'id="stem"')
    assert "选项 B 为空" in field_block(html, 'id="option_b"')
    assert "选项 B 为空" not in field_block(html, 'id="option_c"')
    assert "单选题需要且只能有一个答案" in field_block(html, 'name="answer_single"')
    assert "标签 nofacet 须为" in field_block(html, 'id="tags"')
    assert 'aria-invalid="true" aria-describedby="err-stem"' in html
    # what was typed is kept
    assert "核实报警信息" in html and 'value="nofacet"' in html
    assert question_count(app) == 0


def test_rubric_problems_are_shown_with_the_rubric(app, author):
    response = post(
        author,
        "/bank/new",
        {
            "type": "short",
            "stem": "简述。",
            "answer_short": "参考答案",
            "rubric-0-text": "要点一",
            "rubric-0-share": "0.5",
            "rubric-1-text": "要点二",
            "rubric-1-share": "0.3",
            "rubric-2-text": "要点三",
            "rubric-2-share": "很多",
            "save": "1",
        },
    )
    assert response.status_code == 422
    block = field_block(response.get_data(as_text=True), '<fieldset class="rubric')
    assert "评分要点 3：占比必须是数字" in block
    assert question_count(app) == 0
    response = post(
        author,
        "/bank/new",
        {
            "type": "short",
            "stem": "简述。",
            "answer_short": "参考答案",
            "rubric-0-text": "要点一",
            "rubric-0-share": "0.5",
            "rubric-1-text": "要点二",
            "rubric-1-share": "0.3",
            "save": "1",
        },
    )
    block = field_block(response.get_data(as_text=True), '<fieldset class="rubric')
    assert "各要点比例之和为 0.800，不等于 1" in block


def test_preview_shows_the_contestant_view_without_saving(app, author):
    response = post(
        author,
        "/bank/new",
        {
            **SINGLE,
            "stem": "**重点**：下列说法正确的是？<script>alert(1)</script>",
            "option_b": "<img src=x onerror=alert(2)>乙",
            "preview": "1",
        },
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    preview = html[html.index('id="preview"') : html.index('id="question-editor"')]
    assert "<strong>重点</strong>" in preview
    assert '<article class="question qtype-single"' in preview
    assert 'type="radio" name="preview" value="B" disabled' in preview
    assert "<script>alert(1)" not in html and "onerror" not in preview
    assert "核实报警信息" in preview and "尚未保存" in preview
    assert question_count(app) == 0


def test_add_option_works_without_javascript(author):
    response = post(author, "/bank/new", {**SINGLE, "option_count": "4", "add_option": "1"})
    html = response.get_data(as_text=True)
    assert 'name="option_count" type="hidden" value="5"' in html
    assert 'data-index="5" hidden' not in html and 'data-index="6" hidden' in html
    # the typed text survives the round trip
    assert "关闭报警主机" in html


def test_add_rubric_row_and_change_type_without_javascript(author):
    html = post(author, "/bank/new", {"type": "short", "add_rubric_row": "1"}).get_data(
        as_text=True
    )
    assert 'data-index="2" hidden' not in html and 'data-index="3" hidden' in html
    html = post(author, "/bank/new", {**SINGLE, "type": "truefalse", "apply_type": "1"}).get_data(
        as_text=True
    )
    assert 'name="answer_truefalse"' in html and 'name="option_a"' not in html
    assert "值班员发现报警信息时" in html


def test_image_upload_offers_markdown_and_refuses_other_files(app, author):
    response = post(
        author,
        "/bank/new",
        {**SINGLE, "upload_image": "1", "image": (io.BytesIO(PNG), "sketch.png")},
        content_type="multipart/form-data",
    )
    digest = hashlib.sha256(PNG).hexdigest()
    html = response.get_data(as_text=True)
    assert f'value="![](image:{digest})"' in html
    assert "值班员发现报警信息时" in html  # the form kept its text
    with app.app_context():
        assert db.session.get(Image, digest).mime == "image/png"
        db.session.rollback()
    assert author.get(f"/images/{digest}").headers["Content-Type"] == "image/png"
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    response = post(
        author,
        "/bank/new",
        {**SINGLE, "upload_image": "1", "image": (io.BytesIO(svg), "x.png")},
        content_type="multipart/form-data",
    )
    assert "不是 PNG、JPEG、GIF 或 WebP 图片" in field_block(
        response.get_data(as_text=True), 'id="image"'
    )
    # a question showing the image renders it from the store
    qid = create(author, stem=f"看图作答：![](image:{digest})")
    assert f'src="/images/{digest}"' in author.get(f"/bank/{qid}").get_data(as_text=True)


def test_edit_makes_a_version_and_a_stale_edit_is_a_conflict(app, staff):
    first, second = client_for(app, "author"), client_for(app, "author2")
    qid = create(first)
    form = first.get(f"/bank/{qid}/edit").get_data(as_text=True)
    assert 'name="base_version" type="hidden" value="1"' in form
    assert "核实报警信息" in form and 'value="A" checked' in form
    ok = post(second, f"/bank/{qid}/edit", {**SINGLE, "answer_single": "B", "base_version": "1"})
    assert ok.status_code == 302
    assert current(app, qid)[1:3] == (2, "B")
    stale = post(
        first,
        f"/bank/{qid}/edit",
        {**SINGLE, "stem": "我的修改", "answer_single": "C", "base_version": "1", "save": "1"},
    )
    assert stale.status_code == 409
    html = stale.get_data(as_text=True)
    assert "你编辑期间，其他人保存了这道题" in html
    assert "我的修改" in html  # nothing typed is lost
    assert f"/bank/{qid}/diff?from=1&amp;to=2" in html
    assert 'name="base_version" type="hidden" value="2"' in html
    assert current(app, qid)[1:3] == (2, "B")


def test_duplicate_stem_warning_after_save_and_retag_makes_no_version(app, author):
    first = create(author)
    second = create(author, stem=SINGLE["stem"].replace("，", ","))
    page = author.get(f"/bank/{second}").get_data(as_text=True)
    assert f"题干与题目 {first} 相同" in page
    response = post(
        author, f"/bank/{first}/edit", {**SINGLE, "tags": "area:basics", "base_version": "1"}
    )
    assert response.status_code == 302
    assert current(app, first)[1] == 1 and current(app, first)[3] == ["area:basics"]
    assert "题目内容没有变化，标签已保存" in author.get(f"/bank/{first}").get_data(as_text=True)


# --------------------------------------------------------------------------- review


def act(client, question_id, action, comment=""):
    return post(client, f"/bank/{question_id}/status", {"action": action, "comment": comment})


def test_review_flow(app, author, reviewer):
    qid = create(author)
    assert act(author, qid, "submit").status_code == 302
    assert current(app, qid)[0] == "review"
    # an author may not approve, and is not offered the button
    page = author.get(f"/bank/{qid}").get_data(as_text=True)
    assert 'value="approve"' not in page
    assert act(author, qid, "approve").status_code == 403
    # a reviewer may not edit
    assert reviewer.get(f"/bank/{qid}/edit").status_code == 403
    # sending back needs a comment
    refused = act(reviewer, qid, "return", "   ")
    assert refused.status_code == 422
    assert "退回修改必须填写意见" in refused.get_data(as_text=True)
    assert current(app, qid)[0] == "review"
    assert act(reviewer, qid, "return", "选项C的表述不准确").status_code == 302
    assert current(app, qid)[0] == "draft"
    history = author.get(f"/bank/{qid}").get_data(as_text=True)
    assert "选项C的表述不准确" in history and "审题专家 陈建国" in history
    # corrected, resubmitted, approved
    post(author, f"/bank/{qid}/edit", {**SINGLE, "option_c": "离开岗位去现场", "base_version": "1"})
    act(author, qid, "submit")
    page = reviewer.get(f"/bank/{qid}").get_data(as_text=True)
    assert 'value="approve"' in page and "只有已启用的题目才能被抽入试卷" in page
    assert act(reviewer, qid, "approve").status_code == 302
    assert current(app, qid)[0] == "active"
    # approving twice is refused with the current state
    again = act(reviewer, qid, "approve")
    assert again.status_code == 409 and "已启用" in again.get_data(as_text=True)


def test_a_reviewer_cannot_approve_a_version_they_wrote(app, staff):
    admin = client_for(app, "admin")  # administrators may write and review
    qid = create(admin)
    act(admin, qid, "submit")
    page = admin.get(f"/bank/{qid}").get_data(as_text=True)
    assert "这一版是你编写的，须由其他审题专家审核通过" in page
    refused = act(admin, qid, "approve")
    assert refused.status_code == 403
    assert "不能审核通过自己编写的版本" in refused.get_data(as_text=True)
    assert current(app, qid)[0] == "review"
    assert act(client_for(app, "reviewer"), qid, "approve").status_code == 302


def test_retire_and_restore(app, author):
    qid = create(author)
    assert act(author, qid, "retire").status_code == 302
    assert current(app, qid)[0] == "retired"
    response = author.get(f"/bank/{qid}/edit")
    assert response.status_code == 302 and response.location.endswith(f"/bank/{qid}")
    assert "恢复" in author.get(f"/bank/{qid}").get_data(as_text=True)
    assert act(author, qid, "restore").status_code == 302
    assert current(app, qid)[0] == "draft"
    with app.app_context():
        actions = db.session.scalars(
            select(QuestionEvent.action).where(QuestionEvent.question_id == qid)
        ).all()
        assert actions == ["created", "retire", "restore"]
        db.session.rollback()


# --------------------------------------------------------------------------- versions


def test_versions_and_readable_diff(app, author):
    qid = create(author)
    post(
        author,
        f"/bank/{qid}/edit",
        {
            **SINGLE,
            "stem": "值班员发现<b>报警</b>信息时，应当（　）。",
            "answer_single": "B",
            "difficulty": "4",
            "base_version": "1",
        },
    )
    old = author.get(f"/bank/{qid}/versions/1").get_data(as_text=True)
    assert "值班员发现报警信息时，首先应当" in old and "<strong>A</strong>" in old
    diff = author.get(f"/bank/{qid}/diff").get_data(as_text=True)
    removed = diff.index('class="diff-line diff-removed"')
    added = diff.index('class="diff-line diff-added"')
    assert removed < added
    assert "值班员发现&lt;b&gt;报警&lt;/b&gt;信息时" in diff  # escaped, never markup
    assert "<b>报警</b>" not in diff
    for heading in ("题干", "答案", "难度"):
        assert f">{heading}</h2>" in diff
    assert ">选项</h2>" not in diff  # unchanged fields are left out
    assert "4 较难" in diff and 'style="' not in diff
    same = author.get(f"/bank/{qid}/diff?from=2&to=2").get_data(as_text=True)
    assert "这两个版本的内容相同" in same
    assert author.get(f"/bank/{qid}/versions/9").status_code == 404
    assert author.get(f"/bank/{qid}/diff?from=x").status_code == 400


# --------------------------------------------------------------------------- list


def test_list_filters_facets_coverage_and_pages(app, author, reviewer, monkeypatch):
    for n in range(3):
        create(author, stem=f"报警题{n}", tags="area:alarm-handling, level:apply")
    create(
        author, stem="故障题", type="truefalse", answer_truefalse="true", tags="area:fault-handling"
    )
    multi = create(
        author,
        type="multiple",
        stem="多选报警题",
        answer_multiple=["A", "B"],
        tags="area:alarm-handling",
    )
    act(author, multi, "submit")
    act(reviewer, multi, "approve")
    html = author.get("/bank/?tag=area:alarm-handling").get_data(as_text=True)
    assert "共 4 道题目符合条件" in html
    assert "故障题" not in html and "报警题2" in html
    # facet counts for the filtered set; the chosen tag can be removed again
    assert 'aria-pressed="true">alarm-handling</a>' in html
    assert 'href="/bank/"' in html
    # coverage: active multiple-choice questions with area:alarm-handling
    coverage = html[html.index('class="coverage"') :]
    assert ">alarm-handling</a></th>" in coverage
    assert '<td class="num">1</td>' in coverage
    text = author.get("/bank/?q=故障").get_data(as_text=True)
    assert "共 1 道题目符合条件" in text
    typed = author.get("/bank/?type=truefalse&status=draft").get_data(as_text=True)
    assert "共 1 道题目符合条件" in typed
    review = reviewer.get("/bank/review").get_data(as_text=True)
    assert "共 0 道题目符合条件" in review
    monkeypatch.setattr("examsvc.bank.views.PER_PAGE", 2)
    first = author.get("/bank/").get_data(as_text=True)
    assert "第 1 页，共 3 页" in first and "page=2" in first
    assert "第 3 页，共 3 页" in author.get("/bank/?page=3").get_data(as_text=True)


# --------------------------------------------------------------------------- import / export

GOOD_CSV = (
    "题型,题干,选项A,选项B,选项C,答案,解析,难度,标签\n"
    "单选,监控中心值班员交接班时应当？,口头交代,签字确认,不交接,B,交接须签字,易,area:duty-management\n"
    "判断,紧急报警装置可以被撤防。,,,,错,,2,area:alarm-handling\n"
).encode("utf-8-sig")
BAD_CSV = (
    "题型,题干,选项A,选项B,答案\n单选,第一题？,甲,乙,A\n单选,第二题？,甲,乙,Z\n问答,第三题？,,,答\n"
).encode()


def upload(client, data, name="bank.csv", **fields):
    return post(
        client,
        "/bank/import",
        {"file": (io.BytesIO(data), name), "format": "auto", "status": "draft", **fields},
        content_type="multipart/form-data",
    )


def test_import_dry_run_then_confirm(app, author):
    response = upload(author, GOOD_CSV)
    assert response.status_code == 302
    assert question_count(app) == 0  # the dry run wrote no question
    report = author.get(response.location).get_data(as_text=True)
    assert "试导入" in report and "确认导入" in report
    assert "单项选择题" in report and "判断题" in report
    token = response.location.rsplit("/", 1)[-1]
    assert len(token) >= 40
    done = post(author, f"/bank/import/{token}/confirm", {"token": token})
    assert done.status_code == 302
    assert question_count(app) == 2
    assert "导入完成：新增 2 道" in author.get(done.location).get_data(as_text=True)
    with app.app_context():
        row = db.session.scalar(select(BankImport).where(BankImport.token == token))
        assert row.state == "imported" and row.report["created"] == 2
        db.session.rollback()
    again = post(author, f"/bank/import/{token}/confirm", {"token": token})
    assert "已经导入或已放弃" in author.get(again.location).get_data(as_text=True)
    assert question_count(app) == 2
    # the same file again: duplicates are warnings on the dry-run report
    report = author.get(upload(author, GOOD_CSV).location).get_data(as_text=True)
    assert "题干与题库中已有的题目" in report


def test_import_with_errors_shows_every_problem_and_writes_nothing(app, author):
    before = row_counts(app)
    response = upload(author, BAD_CSV)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "未导入任何题目" in html
    table = html[html.index('class="data problems"') :]
    assert (
        '<td class="num">3</td>' in table and "答案" in table and "答案 Z 没有对应的选项" in table
    )
    assert '<td class="num">4</td>' in table and "题型" in table
    assert row_counts(app) == before


def test_import_as_active_is_for_administrators(app, author, staff):
    assert upload(author, GOOD_CSV, status="active").status_code == 403
    admin = client_for(app, "admin")
    response = upload(admin, GOOD_CSV, status="active")
    token = response.location.rsplit("/", 1)[-1]
    # someone else's upload is not found, not even confirmable
    assert author.get(f"/bank/import/{token}").status_code == 404
    assert post(author, f"/bank/import/{token}/confirm", {"token": token}).status_code == 404
    post(admin, f"/bank/import/{token}/confirm", {"token": token})
    with app.app_context():
        statuses = set(db.session.scalars(select(Question.status)))
        assert {s.value for s in statuses} == {"active"}
        db.session.rollback()


def test_discarded_upload_cannot_be_confirmed(app, author):
    token = upload(author, GOOD_CSV).location.rsplit("/", 1)[-1]
    assert post(author, f"/bank/import/{token}/discard", {"token": token}).status_code == 302
    post(author, f"/bank/import/{token}/confirm", {"token": token})
    assert question_count(app) == 0


GIFT = """::Q1:: 值班员发现报警信息时，首先应当？ {=核实报警信息 ~关闭报警主机 ~离开岗位}

::M1:: 匹配设备与用途 { =摄像机 -> 采集图像 =报警主机 -> 接收报警 =录像机 -> 存储录像 }
""".encode()


def test_unsupported_moodle_questions_need_skipping_on_confirm(app, author):
    token = upload(author, GIFT, name="bank.gift").location.rsplit("/", 1)[-1]
    report = author.get(f"/bank/import/{token}").get_data(as_text=True)
    assert "不支持的题目（1）" in report and 'name="skip_unsupported"' in report
    refused = post(author, f"/bank/import/{token}/confirm", {"token": token})
    assert refused.status_code == 422
    assert "导入被拒绝，未写入任何数据" in refused.get_data(as_text=True)
    assert question_count(app) == 0
    post(author, f"/bank/import/{token}/confirm", {"token": token, "skip_unsupported": "y"})
    assert question_count(app) == 1


def test_export_downloads_the_filtered_bank_and_round_trips(app, author):
    create(author)
    create(author, stem="另一道题？", tags="area:basics")
    response = author.get("/bank/export?fmt=csv&tag=area:basics")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert ".csv" in response.headers["Content-Disposition"]
    text = response.get_data().decode("utf-8-sig")
    assert "另一道题？" in text and "值班员发现报警信息时" not in text
    xlsx = author.get("/bank/export?fmt=xlsx")
    assert xlsx.mimetype.endswith("spreadsheetml.sheet") and xlsx.data[:2] == b"PK"
    assert author.get("/bank/export?fmt=exe").status_code == 400
    # the export re-imports as "unchanged"
    report = author.get(upload(author, response.get_data()).location).get_data(as_text=True)
    assert "<dt>未变</dt><dd>1</dd>" in report


# --------------------------------------------------------------------------- who may do what

PAGES = [
    ("GET", "/bank/"),
    ("GET", "/bank/review"),
    ("GET", "/bank/{qid}"),
    ("GET", "/bank/{qid}/versions/1"),
    ("GET", "/bank/{qid}/diff"),
    ("GET", "/bank/export?fmt=csv"),
    ("GET", "/bank/new"),
    ("GET", "/bank/{qid}/edit"),
    ("GET", "/bank/import"),
]
#: role → the pages (by index in PAGES) it may open
MAY_OPEN = {
    "author": set(range(9)),
    "admin": set(range(9)),
    "reviewer": {0, 1, 2, 3, 4, 5},
    "grader": set(),
    "arbitrator": set(),
    "proctor": set(),
    "contestant": set(),
}


@pytest.mark.parametrize("role", sorted(MAY_OPEN))
def test_role_table(app, make_user, role):
    make_user("writer", "author")
    qid = create(client_for(app, "writer"))
    make_user("who", role)
    client = client_for(app, "who")
    for index, (method, url) in enumerate(PAGES):
        response = client.open(url.format(qid=qid), method=method)
        expected = 200 if index in MAY_OPEN[role] else 403
        assert response.status_code == expected, (role, url, response.status_code)
    # state changes are refused too, and change nothing
    before = row_counts(app)
    status = act(client, qid, "retire").status_code
    if role in ("author", "admin", "reviewer"):
        assert status == 302
    else:
        assert status == 403 and row_counts(app) == before
