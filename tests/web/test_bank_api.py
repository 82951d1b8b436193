"""The bank through the JSON API: list, create, read, edit with base_version, review actions,
versions, facets, images; errors in the JSON shape with a problems list; CSRF and roles."""

from __future__ import annotations

import pytest

from tests.web.bank_helpers import PNG, question_count

BODY = {
    "type": "multiple",
    "stem": "下列属于入侵报警系统误报常见原因的有（　）。",
    "options": ["小动物闯入探测区", "探测器安装位置不当", "值机员按时交接班", "环境温度剧烈变化"],
    "answer": ["D", "A", "B"],
    "explanation": "交接班与误报无关。",
    "difficulty": 3,
    "source": "教材 报警信息甄别",
    "tags": ["area:alarm-screening", "level:understand"],
}


@pytest.fixture
def api(app, make_user):
    """``api(username)`` → a client logged in through the API, and its CSRF header."""
    for name, role in [
        ("author", "author"),
        ("author2", "author"),
        ("reviewer", "reviewer"),
        ("admin", "admin"),
        ("grader", "grader"),
    ]:
        make_user(name, role)

    def login(username):
        client = app.test_client()
        response = client.post(
            "/api/v1/auth/login", json={"username": username, "password": "password-123"}
        )
        assert response.status_code == 200
        return client, {"X-CSRFToken": response.get_json()["csrf_token"]}

    return login


def create(client, headers, **changes):
    response = client.post("/api/v1/questions", json={**BODY, **changes}, headers=headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_create_read_and_list(api):
    client, headers = api("author")
    made = create(client, headers)
    assert made["status"] == "draft" and made["version"] == 1 and made["warnings"] == []
    assert made["current"]["answer"] == ["A", "B", "D"]
    assert made["current"]["html"]["options"][0] == "<p>小动物闯入探测区</p>"
    full = client.get(f"/api/v1/questions/{made['id']}").get_json()
    assert full["current"]["explanation"] == "交接班与误报无关。"
    assert full["tags"] == ["area:alarm-screening", "level:understand"]
    create(
        client, headers, type="truefalse", stem="误报也要记录。", options=[], answer=True, tags=[]
    )
    listed = client.get("/api/v1/questions?type=multiple&tag=area:alarm-screening").get_json()
    assert listed["total"] == 1 and listed["items"][0]["id"] == made["id"]
    assert listed["items"][0]["stem_text"].startswith("下列属于入侵报警系统")
    assert client.get("/api/v1/questions?q=误报也要").get_json()["total"] == 1
    assert client.get("/api/v1/questions?per_page=1&page=2").get_json()["pages"] == 2
    facets = client.get("/api/v1/questions/facets").get_json()
    assert facets["tags"]["area"] == {"alarm-screening": 1}
    assert {"type": "truefalse", "status": "draft", "count": 1} in facets["types"]


def test_invalid_content_answers_422_with_problems(app, api):
    client, headers = api("author")
    response = client.post(
        "/api/v1/questions",
        json={**BODY, "stem": "", "options": ["甲", "", "丙"], "answer": "AZ", "tags": ["bad"]},
        headers=headers,
    )
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "invalid_input"
    fields = {p["field"] for p in error["problems"]}
    assert {"stem", "option_b", "answer", "tags"} <= fields
    assert all(p["message"] for p in error["problems"])
    assert question_count(app) == 0
    bad_shape = client.post("/api/v1/questions", json={"stem": "x"}, headers=headers)
    assert bad_shape.status_code == 400 and bad_shape.get_json()["error"]["code"] == "bad_request"


def test_edit_with_base_version_and_conflict(api):
    client, headers = api("author")
    qid = create(client, headers)["id"]
    url = f"/api/v1/questions/{qid}"
    retag = client.put(url, json={"base_version": 1, "tags": ["area:basics"]}, headers=headers)
    assert retag.status_code == 200
    assert retag.get_json()["new_version"] is False and retag.get_json()["tags"] == ["area:basics"]
    edit = client.put(url, json={"base_version": 1, "answer": "AB"}, headers=headers)
    assert edit.get_json()["version"] == 2 and edit.get_json()["current"]["answer"] == ["A", "B"]
    stale = client.put(url, json={"base_version": 1, "answer": "ABD"}, headers=headers)
    assert stale.status_code == 409 and stale.get_json()["error"]["code"] == "conflict"
    assert client.put(url, json={"answer": "A"}, headers=headers).status_code == 400
    assert client.put(url, json={"base_version": "2"}, headers=headers).status_code == 400
    versions = client.get(f"{url}/versions").get_json()
    assert [v["number"] for v in versions["items"]] == [1, 2]
    assert versions["items"][0]["answer"] == ["A", "B", "D"]
    assert client.get(f"{url}/versions/1").get_json()["answer"] == ["A", "B", "D"]
    assert client.get(f"{url}/versions/7").status_code == 404


def test_review_actions_follow_the_rules(api):
    author, a_headers = api("author")
    reviewer, r_headers = api("reviewer")
    admin, ad_headers = api("admin")
    qid = create(author, a_headers)["id"]
    status = f"/api/v1/questions/{qid}/status"
    assert author.post(status, json={"action": "submit"}, headers=a_headers).status_code == 200
    denied = author.post(status, json={"action": "approve"}, headers=a_headers)
    assert denied.status_code == 403
    no_comment = reviewer.post(status, json={"action": "return"}, headers=r_headers)
    assert no_comment.status_code == 422
    back = reviewer.post(
        status, json={"action": "return", "comment": "补充解析"}, headers=r_headers
    )
    assert back.get_json()["status"] == "draft"
    history = author.get(f"/api/v1/questions/{qid}/versions").get_json()["history"]
    assert history[-1]["comment"] == "补充解析" and history[-1]["to_status"] == "draft"
    # an administrator who wrote the current version may not approve it
    admin.put(
        f"/api/v1/questions/{qid}",
        json={"base_version": 1, "explanation": "补充后的解析"},
        headers=ad_headers,
    )
    admin.post(status, json={"action": "submit"}, headers=ad_headers)
    own = admin.post(status, json={"action": "approve"}, headers=ad_headers)
    assert own.status_code == 403
    ok = reviewer.post(status, json={"action": "approve", "comment": ""}, headers=r_headers)
    assert ok.status_code == 200 and ok.get_json()["status"] == "active"
    unknown = reviewer.post(status, json={"action": "delete"}, headers=r_headers)
    assert unknown.status_code == 422


def test_roles_and_csrf(app, api):
    author, headers = api("author")
    qid = create(author, headers)["id"]
    reviewer, r_headers = api("reviewer")
    assert reviewer.get(f"/api/v1/questions/{qid}").status_code == 200
    assert reviewer.post("/api/v1/questions", json=BODY, headers=r_headers).status_code == 403
    assert (
        reviewer.put(f"/api/v1/questions/{qid}", json={"base_version": 1}, headers=r_headers)
    ).status_code == 403
    grader, g_headers = api("grader")
    for url in ("/api/v1/questions", f"/api/v1/questions/{qid}", "/api/v1/questions/facets"):
        response = grader.get(url)
        assert response.status_code == 403 and response.get_json()["error"]["code"] == "forbidden"
    assert grader.post("/api/v1/questions", json=BODY, headers=g_headers).status_code == 403
    status = grader.post(
        f"/api/v1/questions/{qid}/status", json={"action": "retire"}, headers=g_headers
    )
    assert status.status_code == 403
    anonymous = app.test_client().get("/api/v1/questions")
    assert anonymous.status_code == 401
    # no token, or a wrong one: refused, nothing written
    assert author.post("/api/v1/questions", json=BODY).status_code == 400
    wrong = author.post("/api/v1/questions", json=BODY, headers={"X-CSRFToken": "forged"})
    assert wrong.status_code == 400 and wrong.get_json()["error"]["code"] == "csrf_failed"
    assert question_count(app) == 1


def test_image_upload(api):
    client, headers = api("author")
    response = client.post(
        "/api/v1/images", data=PNG, headers={**headers, "Content-Type": "image/png"}
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["mime"] == "image/png" and body["markdown"] == f"![](image:{body['digest']})"
    made = create(client, headers, stem=f"看图：{body['markdown']}")
    assert f"/images/{body['digest']}" in made["current"]["html"]["stem"]
    refused = client.post(
        "/api/v1/images", data=b"<svg/>", headers={**headers, "Content-Type": "image/svg+xml"}
    )
    assert refused.status_code == 422 and refused.get_json()["error"]["problems"]
