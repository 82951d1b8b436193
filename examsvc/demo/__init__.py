"""The demo: a believable contest in Chinese that every role can log in to and work in.

``examsvc demo`` migrates the database and loads, through the normal services and import paths,
the demo bank, the demo contest, staff accounts for every role and contestants. Each feature adds
its part to :func:`build`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import Flask, current_app
from sqlalchemy import inspect, select, text

from examsvc import create_app, instance_path
from examsvc.auth import services as accounts
from examsvc.config import write_secret_key
from examsvc.errors import ConflictError
from examsvc.extensions import db
from examsvc.models import SiteSetting, User

DEMO_MARKER = "demo.loaded_at"
STAFF_PASSWORD = "demo2025!"  # printed for the demo on purpose

#: (user name, role, display name, what to try)
DEMO_STAFF = [
    ("admin", "admin", "组委会办公室 王静", "配置竞赛、导入名单、生成试卷、发布成绩"),
    ("author", "author", "命题人 李明", "编写题目、提交审核"),
    ("author2", "author", "命题人 周敏", "编写题目、提交审核"),
    ("reviewer", "reviewer", "审题专家 陈建国", "审核题目"),
    ("grader1", "grader", "裁判 赵磊", "简答题阅卷（双评）"),
    ("grader2", "grader", "裁判 孙丽", "简答题阅卷（双评）"),
    ("grader3", "grader", "裁判 吴强", "简答题阅卷（双评）"),
    ("arbitrator", "arbitrator", "仲裁组 刘洋", "仲裁评分分歧、处理并列"),
    ("proctor", "proctor", "监考 郑华", "监考台：延时、解锁、强制交卷"),
]


@dataclass(frozen=True)
class Login:
    """A printed demo login."""

    username: str
    password: str
    role: str
    name: str
    note: str


def prepare_app() -> Flask:
    """The app for the demo, with a generated secret key in the instance folder."""
    from flask import Flask as _Flask

    path = instance_path() or _Flask("examsvc", instance_relative_config=True).instance_path
    write_secret_key(path)
    return create_app()


def _has_foreign_data() -> bool:
    names = set(inspect(db.session.connection()).get_table_names())
    if "users" not in names:
        return False
    marker = "site_settings" in names and db.session.get(SiteSetting, DEMO_MARKER) is not None
    has_users = db.session.scalar(select(User.id).limit(1)) is not None
    db.session.rollback()
    return has_users and not marker


def reset_database() -> None:
    """Drop every table (including Alembic's) so the demo starts from nothing."""
    db.session.remove()
    with db.engine.begin() as conn:
        # questions and their versions point at each other; SQLite (foreign keys on) refuses
        # to drop either while the other refers to it, so cut the cycle first
        if "questions" in inspect(conn).get_table_names():
            conn.execute(text("UPDATE questions SET current_version_id = NULL"))
    db.drop_all()
    with db.engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


def build(*, reset: bool = False, echo: Callable[[str], None] = print) -> list[Login]:
    """Migrate and load the demo; returns the logins to print.

    :raises ConflictError: if the database holds data that is not an earlier demo and
        ``reset`` is not given.
    """
    from flask_migrate import upgrade

    if _has_foreign_data() and not reset:
        raise ConflictError(
            "the database holds data that is not an earlier demo; "
            "run `examsvc demo --reset` to wipe it, or point EXAMSVC_DATABASE_URL elsewhere"
        )
    echo("resetting the demo database …")
    reset_database()
    echo("migrating …")
    upgrade(directory=str(current_app.extensions["migrate"].directory))
    now = datetime.now(UTC)
    before = now - timedelta(days=60)  # the bank and the staff predate the contest
    logins = _load_staff(before)
    from examsvc.demo.bank_demo import load_bank
    from examsvc.demo.story import build_story

    counts = load_bank(db.session, before, echo)
    echo(
        f"question bank: {counts['active']} active, {counts['review']} waiting for review, "
        f"{counts['drafts']} drafts"
    )
    db.session.commit()
    echo("contest: prelim sat, marked, published and advanced; semi-final open now …")
    story = build_story(db.session, now=now, secret=current_app.config["SECRET_KEY"])
    echo(
        f"prelim: {story.prelim_contestants} contestants; semi: {story.advanced} advanced, "
        f"{story.submitted} already submitted"
    )
    for ticket, name, password in story.waiting[:3]:
        logins.append(
            Login(ticket, password, "contestant", f"选手 {name}", "复赛进行中：登录后开始考试")
        )
    db.session.merge(SiteSetting(key=DEMO_MARKER, value={"at": now.isoformat()}, updated_at=now))
    db.session.commit()
    return logins


def _load_staff(now: datetime) -> list[Login]:
    logins = []
    for username, role, name, note in DEMO_STAFF:
        accounts.create_user(db.session, username, role, STAFF_PASSWORD, now=now, display_name=name)
        logins.append(Login(username, STAFF_PASSWORD, role, name, note))
    return logins


def describe_logins(logins: list[Login], url: str) -> str:
    """The text printed after the demo is built."""
    lines = ["", f"examsvc 演示已就绪 / demo ready: {url}", "", "登录 / logins:"]
    width = max(len(login.username) for login in logins)
    for login in logins:
        lines.append(
            f"  {login.username.ljust(width)}  {login.password}  [{login.role}] {login.name} — {login.note}"
        )
    return "\n".join(lines)
