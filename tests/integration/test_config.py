"""Configuration layers, the secret-key guard, and the database settings in force."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import text

from examsvc import create_app
from examsvc.config import ConfigError
from examsvc.extensions import db


def test_precedence_defaults_file_env_mapping(tmp_path, monkeypatch):
    instance = tmp_path / "inst"
    instance.mkdir()
    monkeypatch.setenv("EXAMSVC_INSTANCE_PATH", str(instance))
    base = {"TESTING": True, "SECRET_KEY": "k" * 32}

    assert create_app(base).config["LOGIN_LOCK_SECONDS"] == 300  # default

    (instance / "examsvc.cfg").write_text("LOGIN_LOCK_SECONDS = 60\nSESSION_IDLE_MINUTES = 30\n")
    app = create_app(base)
    assert app.config["LOGIN_LOCK_SECONDS"] == 60  # instance file over default
    assert app.config["SESSION_IDLE_MINUTES"] == 30

    monkeypatch.setenv("EXAMSVC_LOGIN_LOCK_SECONDS", "90")
    assert create_app(base).config["LOGIN_LOCK_SECONDS"] == 90  # environment over file

    app = create_app({**base, "LOGIN_LOCK_SECONDS": 120})
    assert app.config["LOGIN_LOCK_SECONDS"] == 120  # mapping over environment
    assert app.config["SESSION_IDLE_MINUTES"] == 30


def test_default_database_is_sqlite_in_instance_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("EXAMSVC_INSTANCE_PATH", str(tmp_path / "inst"))
    monkeypatch.delenv("EXAMSVC_DATABASE_URL", raising=False)
    app = create_app({"TESTING": True, "SECRET_KEY": "k" * 32})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite:///" + str(
        tmp_path / "inst" / "examsvc.db"
    )


def test_postgresql_url_gets_psycopg_driver(monkeypatch):
    monkeypatch.setenv("EXAMSVC_DATABASE_URL", "postgresql://u@127.0.0.1:5432/x")
    app = create_app({"TESTING": True, "SECRET_KEY": "k" * 32})
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql+psycopg://")


@pytest.mark.parametrize("key", [None, "", "dev", "changeme", "short"])
def test_production_refuses_missing_or_placeholder_secret(tmp_path, monkeypatch, key):
    monkeypatch.setenv("EXAMSVC_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("EXAMSVC_SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="EXAMSVC_SECRET_KEY"):
        create_app({"SECRET_KEY": key} if key is not None else {})


def test_production_accepts_generated_instance_key(tmp_path, monkeypatch):
    from examsvc.config import write_secret_key

    monkeypatch.setenv("EXAMSVC_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("EXAMSVC_SECRET_KEY", raising=False)
    path = write_secret_key(str(tmp_path))
    app = create_app({"DATABASE_URL": "sqlite:///" + str(tmp_path / "x.db")})
    assert app.config["SECRET_KEY"] == path.read_text().strip()
    assert oct(path.stat().st_mode)[-3:] == "600"


def test_cli_refusal_is_one_clear_line(tmp_path):
    env = {"EXAMSVC_INSTANCE_PATH": str(tmp_path), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-m", "examsvc", "routes"], env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "EXAMSVC_SECRET_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_database_settings_in_force(app):
    with app.app_context():
        conn = db.session.connection()
        if conn.dialect.name == "sqlite":
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
        else:
            assert conn.execute(text("SHOW synchronous_commit")).scalar() == "on"
        db.session.rollback()
