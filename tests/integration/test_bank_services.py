"""Bank services on a real database: versions, review rules, duplicates, search, imports."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from examsvc.bank import queries, services, transfer
from examsvc.bank.services import Actor
from examsvc.errors import ConflictError, ForbiddenError, InvalidInputError
from examsvc.extensions import db
from examsvc.models import Image, Question, QuestionEvent, QuestionVersion, Role
from questionbank.io.common import ImageBlob, ImportedQuestion, ImportResult
from questionbank.model import Question as DQ
from questionbank.model import QuestionContent, QuestionStatus, QuestionType
from questionbank.problems import error

NOW = datetime(2025, 7, 1, 9, 0, tzinfo=UTC)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


def single(stem="值班员发现报警信息时，首先应当？", answer="A", difficulty=3):
    return QuestionContent(
        QuestionType.SINGLE,
        stem,
        ("核实报警", "关闭报警", "离开岗位", "忽略"),
        answer,
        difficulty=difficulty,
    )


@pytest.fixture
def ctx(app, make_user):
    author = make_user("author", "author")
    reviewer = make_user("reviewer", "reviewer")
    with app.app_context():
        yield Actor(author.id, Role.AUTHOR), Actor(reviewer.id, Role.REVIEWER)
        db.session.rollback()


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_edit_makes_versions_and_retag_does_not(ctx):
    author, _ = ctx
    q = services.create_question(
        db.session, single(), ["area:alarm-handling"], actor=author, now=NOW
    ).question
    assert q.current_version.number == 1
    same = services.update_question(
        db.session, q.id, single(), ["area:alarm-handling", "level:apply"], actor=author, now=NOW
    )
    assert not same.new_version and q.tags == ["area:alarm-handling", "level:apply"]
    changed = services.update_question(
        db.session, q.id, single(answer="B"), q.tags, actor=author, now=NOW, base_version=1
    )
    assert changed.new_version and q.current_version.number == 2
    assert count(QuestionVersion) == 2
    v1 = services.version(db.session, q.id, 1)
    assert v1.answer == "A"  # the old version is untouched
    with pytest.raises(ConflictError, match="someone else"):
        services.update_question(
            db.session, q.id, single(answer="C"), q.tags, actor=author, now=NOW, base_version=1
        )


def test_invalid_content_lists_every_problem(ctx):
    author, _ = ctx
    bad = QuestionContent(QuestionType.SINGLE, "", ("a",), "Z")
    with pytest.raises(InvalidInputError) as info:
        services.create_question(db.session, bad, ["nofacet"], actor=author, now=NOW)
    assert {p.field for p in info.value.problems} >= {"stem", "options", "answer", "tags"}
    assert count(Question) == 0


def test_review_rules(app, ctx, make_user):
    author, reviewer = ctx
    q = services.create_question(db.session, single(), [], actor=author, now=NOW).question
    with pytest.raises(ForbiddenError):
        services.change_status(db.session, q.id, "approve", actor=author, now=NOW)
    with pytest.raises(ConflictError):
        services.change_status(db.session, q.id, "approve", actor=reviewer, now=NOW)
    services.change_status(db.session, q.id, "submit", actor=author, now=NOW)
    with pytest.raises(InvalidInputError):
        services.change_status(db.session, q.id, "return", actor=reviewer, now=NOW)
    services.change_status(
        db.session, q.id, "return", actor=reviewer, now=NOW, comment="选项C不合理"
    )
    assert q.status is QuestionStatus.DRAFT
    services.change_status(db.session, q.id, "submit", actor=author, now=NOW)
    services.change_status(db.session, q.id, "approve", actor=reviewer, now=NOW)
    assert q.status is QuestionStatus.ACTIVE
    # editing an active question sends it back for review
    services.update_question(
        db.session, q.id, single(stem="值班员接到报警后，第一步应？"), [], actor=author, now=NOW
    )
    assert q.status is QuestionStatus.DRAFT
    # an admin who wrote a version cannot approve it either
    db.session.commit()  # (make_user works in a session of its own)
    admin = Actor(make_user("boss", "admin").id, Role.ADMIN)
    services.update_question(
        db.session, q.id, single(stem="值班员接到报警后，首先应？"), [], actor=admin, now=NOW
    )
    services.change_status(db.session, q.id, "submit", actor=admin, now=NOW)
    with pytest.raises(ForbiddenError, match="yourself"):
        services.change_status(db.session, q.id, "approve", actor=admin, now=NOW)
    actions = [e.action for e in services.history(db.session, q.id)]
    assert actions[:4] == ["created", "submit", "return", "submit"]
    assert (
        db.session.scalar(select(QuestionEvent.comment).where(QuestionEvent.action == "return"))
        == "选项C不合理"
    )


def test_duplicate_stems_are_reported(ctx):
    author, _ = ctx
    first = services.create_question(
        db.session, single("下列哪项 属于技防？"), [], actor=author, now=NOW
    )
    assert first.warnings == []
    second = services.create_question(
        db.session, single("下列哪项属于技防?"), [], actor=author, now=NOW
    )
    assert [w.params["id"] for w in second.warnings] == [first.question.id]


def test_search_filters_and_facets(ctx):
    author, _ = ctx
    for n in range(6):
        services.create_question(
            db.session,
            single(stem=f"题目{n}：报警处置第一步？", difficulty=1 + n % 5),
            ["area:alarm-handling" if n % 2 else "area:basics", "source:textbook"],
            actor=author,
            now=NOW,
        )
    tf = QuestionContent(QuestionType.TRUEFALSE, "紧急报警装置可以被撤防", answer=False)
    services.create_question(db.session, tf, ["area:alarm-handling"], actor=author, now=NOW)
    flt = queries.BankFilter(tags=("area:alarm-handling",))
    page = queries.search(db.session, flt)
    assert page.total == 4
    assert (
        queries.search(db.session, queries.BankFilter(types=(QuestionType.TRUEFALSE,))).total == 1
    )
    assert queries.search(db.session, queries.BankFilter(text="撤防")).total == 1
    assert queries.search(db.session, queries.BankFilter(difficulty_min=4)).total == 2
    facets = queries.facet_counts(db.session, queries.BankFilter())
    assert facets["area"] == {"alarm-handling": 4, "basics": 3}
    assert facets["source"] == {"textbook": 6}
    paged = queries.search(db.session, queries.BankFilter(), page=2, per_page=5)
    assert len(paged.items) == 2 and paged.pages == 2


def result_of(*questions, images=None, problems=()):
    return ImportResult(
        questions=[ImportedQuestion(q, row=i + 2) for i, q in enumerate(questions)],
        problems=list(problems),
        images=images or {},
        format="xlsx",
    )


def test_import_is_all_or_nothing(ctx):
    author, _ = ctx
    good = DQ(single(), ("area:basics",))
    with pytest.raises(InvalidInputError) as info:
        transfer.import_questions(
            db.session,
            result_of(good, problems=[error("answer", "bad key").at(row=3, column="答案")]),
            actor=author,
            now=NOW,
        )
    assert "row 3, column 答案" in info.value.problems[0].located()
    assert count(Question) == 0
    # an id that does not exist is refused too
    with pytest.raises(InvalidInputError) as info:
        transfer.import_questions(
            db.session, result_of(good, DQ(single("另一题？"), id=999)), actor=author, now=NOW
        )
    assert info.value.problems[0].row == 3 and info.value.problems[0].column == "编号"
    assert count(Question) == 0


def test_import_dry_run_then_real_with_updates_and_images(ctx):
    author, _ = ctx
    from questionbank.images import image_digest

    digest = image_digest(PNG)
    blob = ImageBlob(digest, "image/png", PNG)
    with_image = DQ(single(stem=f"如图 ![图](image:{digest}) 所示，应？"), ("area:basics",))
    report = transfer.import_questions(
        db.session,
        result_of(with_image, images={digest: blob}),
        actor=author,
        now=NOW,
        dry_run=True,
    )
    assert report.created == 1 and count(Question) == 0 and count(Image) == 0
    report = transfer.import_questions(
        db.session,
        result_of(with_image, images={digest: blob}),
        actor=author,
        now=NOW,
        status=QuestionStatus.ACTIVE,
    )
    assert count(Question) == 1 and count(Image) == 1
    q = db.session.scalar(select(Question))
    assert q.status is QuestionStatus.ACTIVE
    stored = db.session.scalar(select(Image))
    assert stored.mime == "image/png"
    # a missing image is an error
    missing = DQ(single(stem=f"![x](image:{'b' * 64}) 这是什么？"))
    with pytest.raises(InvalidInputError, match="nothing imported"):
        transfer.import_questions(db.session, result_of(missing), actor=author, now=NOW)
    # re-import with the id updates (new version), unchanged rows are counted
    questions, images = transfer.export_questions(db.session, queries.BankFilter())
    assert set(images) == {stored.digest}
    report = transfer.import_questions(db.session, result_of(*questions), actor=author, now=NOW)
    assert report.unchanged == 1 and report.updated == 0
    edited = DQ(single(stem=questions[0].content.stem, answer="D"), questions[0].tags, id=q.id)
    report = transfer.import_questions(db.session, result_of(edited), actor=author, now=NOW)
    assert report.updated == 1 and q.current_version.number == 2


def test_unsupported_constructs_block_a_real_import(ctx):
    author, _ = ctx
    res = result_of(DQ(single()))
    res.unsupported = [
        error("type", "numerical questions are not supported").at(where="question 2 (n1)")
    ]
    with pytest.raises(InvalidInputError):
        transfer.import_questions(db.session, res, actor=author, now=NOW)
    assert (
        transfer.import_questions(db.session, res, actor=author, now=NOW, dry_run=True).created == 1
    )
    assert (
        transfer.import_questions(
            db.session, res, actor=author, now=NOW, skip_unsupported=True
        ).created
        == 1
    )


def test_image_store_refuses_non_images(ctx):
    author, _ = ctx
    with pytest.raises(InvalidInputError):
        transfer.store_image(db.session, b"<svg onload=alert(1)>", actor_id=author.id, now=NOW)
    a = transfer.store_image(db.session, PNG, actor_id=author.id, now=NOW)
    b = transfer.store_image(db.session, PNG, actor_id=author.id, now=NOW)
    assert a.digest == b.digest and count(Image) == 1


def test_image_route_serves_stored_type(app, client, make_user, login, ctx):
    author, _ = ctx
    digest = transfer.store_image(db.session, PNG, actor_id=author.id, now=NOW).digest
    db.session.commit()
    make_user("contestant1", "contestant")
    assert client.get(f"/images/{digest}").status_code == 302  # login first
    login("author")
    r = client.get(f"/images/{digest}")
    assert r.status_code == 200 and r.headers["Content-Type"] == "image/png"
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert client.get("/images/" + "0" * 64).status_code == 404
    assert client.get("/images/../etc").status_code == 404
