"""Fixtures shared by every tier (flaskr-style: app, client, runner, login helpers, factories).

The database is SQLite in a temporary folder, or PostgreSQL when EXAMSVC_TEST_DATABASE_URL is
set, in a schema of its own that is dropped at the end (so runs never collide).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from examsvc.models import Base

PG_ENV = "EXAMSVC_TEST_DATABASE_URL"
SECRET = "test-secret-key-not-for-production-0123456789"


def _with_search_path(url: str, schema: str) -> str:
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{schema}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database for this test run: a fresh PostgreSQL schema, or a SQLite file."""
    base = os.environ.get(PG_ENV)
    if not base:
        yield "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.db")
        return
    schema = f"t_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base)
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:  # fail, never skip, when PostgreSQL was asked for
        pytest.exit(f"PostgreSQL at {base} is not reachable: {exc}", returncode=3)
    try:
        yield _with_search_path(base, schema)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="session")
def _schema(database_url: str) -> str:
    """Create the tables once per run (tests use create_all; migrations have their own test)."""
    engine = create_engine(database_url)
    Base.metadata.create_all(engine)
    engine.dispose()
    return database_url


def _empty_tables(app: Any) -> None:
    from examsvc.extensions import db

    with app.app_context():
        db.session.remove()
        with db.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
                conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            else:
                conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")  # tables point at each other
                for table in reversed(Base.metadata.sorted_tables):
                    conn.execute(table.delete())
        db.engine.dispose()


@pytest.fixture
def app_config(_schema: str, tmp_path: Any) -> dict[str, Any]:
    """The configuration every test app gets; a test may change it before using ``app``."""
    return {
        "TESTING": True,
        "SECRET_KEY": SECRET,
        "DATABASE_URL": _schema,
        "SERVER_NAME": None,
    }


@pytest.fixture
def app(app_config: dict[str, Any]) -> Iterator[Any]:
    """A configured app on an empty database."""
    from examsvc import create_app

    application = create_app(app_config)
    _empty_tables(application)  # the next test's setup cleans up after this one
    yield application
    with application.app_context():
        from examsvc.extensions import db

        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app: Any) -> Any:
    """A test client."""
    return app.test_client()


@pytest.fixture
def runner(app: Any) -> Any:
    """A CLI runner bound to the app's configuration."""
    return app.test_cli_runner()


_HASHES: dict[str, str] = {}


@pytest.fixture
def make_user(app: Any) -> Callable[..., Any]:
    """Factory: ``make_user("name", "admin", password="…")`` → the committed User."""
    from werkzeug.security import generate_password_hash

    from examsvc.extensions import db
    from examsvc.models import Role, User

    def make(
        username: str, role: str = "admin", password: str = "password-123", **extra: Any
    ) -> Any:
        if password not in _HASHES:  # scrypt is slow on purpose; hash each password once per run
            _HASHES[password] = generate_password_hash(password)
        with app.app_context():
            user = User(
                username=username,
                role=Role(role),
                password_hash=_HASHES[password],
                display_name=extra.pop("display_name", username),
                created_at=datetime.now(UTC),
                **extra,
            )
            db.session.add(user)
            db.session.commit()
            db.session.refresh(user)
            db.session.expunge(user)
            return user

    return make


def csrf_from(html: str) -> str:
    """The CSRF token of the first form in a page."""
    import re

    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'name="csrf-token" content="([^"]+)"', html
    )
    assert match, "no CSRF token in page"
    return match.group(1)


@pytest.fixture
def login(client: Any) -> Callable[..., Any]:
    """``login("name", "password")`` through the login form; returns the response."""

    def do_login(username: str, password: str = "password-123", follow: bool = False) -> Any:
        page = client.get("/login")
        token = csrf_from(page.get_data(as_text=True))
        return client.post(
            "/login",
            data={"username": username, "password": password, "csrf_token": token},
            follow_redirects=follow,
        )

    return do_login


@pytest.fixture
def api_login(client: Any) -> Callable[..., str]:
    """``api_login("name", "password")`` through the JSON API; returns the CSRF token."""

    def do_login(username: str, password: str = "password-123") -> str:
        response = client.post(
            "/api/v1/auth/login", json={"username": username, "password": password}
        )
        assert response.status_code == 200, response.get_json()
        return response.get_json()["csrf_token"]

    return do_login


class Clock:
    """A movable clock installed as the app's CLOCK (``clock.advance(minutes=5)``)."""

    def __init__(self, start: datetime):
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        from datetime import timedelta

        self.now += timedelta(**delta)
        return self.now


@pytest.fixture
def clock(app: Any) -> Clock:
    """Freeze the app's clock at the current time; tests move it."""
    c = Clock(datetime.now(UTC).replace(microsecond=0))
    app.config["CLOCK"] = c
    return c


@pytest.fixture
def world(app: Any, clock: Clock) -> Any:
    """A contest with an open stage and two contestants with papers (tests/factories.py)."""
    from tests.factories import make_world

    with app.app_context():
        return make_world(now=clock.now)


@pytest.fixture
def contestant(app: Any, world: Any) -> Callable[..., Any]:
    """``contestant(0)`` → a logged-in API client for that contestant, with ``.csrf``."""

    def make(index: int = 0) -> Any:
        c = app.test_client()
        r = c.post(
            "/api/v1/auth/login",
            json={"username": world.tickets[index], "password": world.password},
        )
        assert r.status_code == 200, r.get_json()
        c.csrf = r.get_json()["csrf_token"]
        return c

    return make


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    """On PostgreSQL, leave out tests/unit: they use no database at all (the SQLite pass runs
    them), so running them again would prove nothing and cost minutes of CI."""
    if not os.environ.get(PG_ENV) or os.environ.get("EXAMSVC_TEST_UNIT_ON_PG"):
        return
    unit = [item for item in items if "/tests/unit/" in str(item.fspath)]
    if unit:
        config.hook.pytest_deselected(items=unit)
        items[:] = [item for item in items if item not in unit]
