"""Configuration defaults and the checks made when the service starts.

Precedence (lowest first): the defaults below, the instance config file
(``<instance>/examsvc.cfg``, Python syntax), ``EXAMSVC_*`` environment variables (values parsed as
JSON where they can be, so ``EXAMSVC_SAVE_GRACE_SECONDS=3`` is a number), then the mapping passed
to :func:`examsvc.create_app` (tests).
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

#: secret keys that must never run in production (placeholders seen in docs and examples)
KNOWN_DEFAULT_SECRETS = frozenset(
    {"dev", "development", "secret", "changeme", "change-me", "please-change", "examsvc", "test"}
)
MIN_SECRET_LENGTH = 16
SECRET_KEY_FILE = "secret_key"
INSTANCE_CONFIG_FILE = "examsvc.cfg"


class ConfigError(RuntimeError):
    """The configuration cannot be used; the message says what to set."""


class DefaultConfig:
    """Built-in defaults; every name can be overridden as ``EXAMSVC_<NAME>``."""

    #: signing key for sessions and CSRF tokens; required in production
    SECRET_KEY: str | None = None
    #: SQLAlchemy URL; unset = SQLite file ``examsvc.db`` in the instance folder
    DATABASE_URL: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {"pool_pre_ping": True}
    #: SQLite busy timeout in milliseconds (how long a writer waits for the lock)
    SQLITE_BUSY_TIMEOUT_MS = 5000

    # sessions: a signed cookie holding a server-side session id (revocable)
    SESSION_COOKIE_NAME = "examsvc_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    #: set true behind TLS (the reverse proxy terminates HTTPS)
    SESSION_COOKIE_SECURE = False
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    #: a server-side session unused for this long ends
    SESSION_IDLE_MINUTES = 240
    #: how often a session's last-seen time is written (keeps the save path free of extra writes)
    SESSION_TOUCH_SECONDS = 120

    WTF_CSRF_TIME_LIMIT = None  # a token lives as long as its (revocable) session
    WTF_CSRF_SSL_STRICT = True

    # login throttling (counters in the database, so they hold across workers and hosts)
    LOGIN_MAX_FAILURES_PER_ACCOUNT = 5
    LOGIN_MAX_FAILURES_PER_ADDRESS = 100  # a venue behind one NAT address must still log in
    LOGIN_FAILURE_WINDOW_SECONDS = 300
    LOGIN_LOCK_SECONDS = 300

    # i18n
    BABEL_DEFAULT_LOCALE = "zh_Hans_CN"
    BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
    LANGUAGES = {"zh_Hans_CN": "中文", "en": "English"}
    #: language of command-line messages (default: BABEL_DEFAULT_LOCALE, Chinese); "en" for English
    CLI_LOCALE = ""

    # reverse proxies whose X-Forwarded-For is trusted (list of networks, CIDR)
    TRUSTED_PROXIES: list[str] = []

    MAX_CONTENT_LENGTH = 64 * 1024 * 1024

    # exams
    #: saves in flight are accepted this many seconds after the deadline (at most 5)
    SAVE_GRACE_SECONDS = 3
    #: if set, exam routes answer only from these networks (CIDR list), e.g. the venue's LAN
    EXAM_NETWORKS: list[str] = []

    # marking
    #: a grader's claim on an answer lapses after this many minutes (then anyone may take it)
    MARKING_CLAIM_MINUTES = 10

    # results analysis
    #: limits of the statistics flags (questionbank.stats.flags.FlagThresholds): too_easy (0.9),
    #: too_hard (0.2), weak_discrimination (0.2), negative_discrimination (0.0),
    #: min_responses (20); a key left out keeps its default
    ANALYSIS_FLAG_THRESHOLDS: dict[str, Any] = {}


def database_url(config: dict[str, Any], instance_path: str) -> str:
    """The SQLAlchemy URL in force: ``DATABASE_URL`` or SQLite in the instance folder."""
    url = config.get("DATABASE_URL")
    if url:
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
        return url
    return "sqlite:///" + str(Path(instance_path) / "examsvc.db")


def is_production(config: dict[str, Any]) -> bool:
    """Production unless debugging or testing."""
    return not (config.get("DEBUG") or config.get("TESTING"))


def resolve_secret_key(config: dict[str, Any], instance_path: str) -> str | None:
    """The secret key: configured, else the one the demo generated into the instance folder."""
    key = config.get("SECRET_KEY")
    if key:
        return str(key)
    path = Path(instance_path) / SECRET_KEY_FILE
    if path.is_file():
        return path.read_text(encoding="utf-8").strip() or None
    return None


def check_secret_key(key: str | None, production: bool) -> None:
    """Refuse a missing, placeholder or short secret key in production.

    :raises ConfigError: with the one-line reason and what to set.
    """
    if not production:
        return
    if not key:
        raise ConfigError(
            "EXAMSVC_SECRET_KEY is not set: set it to a long random value, e.g. "
            "`export EXAMSVC_SECRET_KEY=\"$(python -c 'import secrets; print(secrets.token_hex(32))')\"`"
        )
    if key.lower() in KNOWN_DEFAULT_SECRETS or len(key) < MIN_SECRET_LENGTH:
        raise ConfigError(
            "EXAMSVC_SECRET_KEY is a placeholder or shorter than 16 characters: "
            "set a long random value"
        )


def write_secret_key(instance_path: str) -> Path:
    """Generate a secret key file in the instance folder (the demo's) unless one exists."""
    import secrets

    path = Path(instance_path) / SECRET_KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32), encoding="utf-8")
        os.chmod(path, 0o600)
    return path
