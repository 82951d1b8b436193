"""Migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import uuid

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from examsvc import create_app
from examsvc.extensions import db
from examsvc.models import Base


def _fresh_database(tmp_path):
    base = os.environ.get("EXAMSVC_TEST_DATABASE_URL")
    if not base:
        return "sqlite:///" + str(tmp_path / "migrated.db"), None
    schema = f"m_{uuid.uuid4().hex[:10]}"
    engine = create_engine(base)
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    return f"{base}?options=-csearch_path%3D{schema}", (engine, schema)


def test_upgrade_from_empty_matches_models(tmp_path):
    from flask_migrate import downgrade, upgrade

    url, cleanup = _fresh_database(tmp_path)
    try:
        app = create_app({"TESTING": True, "SECRET_KEY": "k" * 32, "DATABASE_URL": url})
        with app.app_context():
            upgrade()
            with db.engine.connect() as conn:
                context = MigrationContext.configure(
                    conn, opts={"compare_type": True, "target_metadata": Base.metadata}
                )
                diff = compare_metadata(context, Base.metadata)
                tables = set(inspect(conn).get_table_names())
            assert diff == [], f"models and migrations differ: {diff}"
            assert {t.name for t in Base.metadata.sorted_tables} <= tables
            downgrade(revision="base")  # and every revision can be undone
            with db.engine.connect() as conn:
                assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
            db.engine.dispose()
    finally:
        if cleanup:
            engine, schema = cleanup
            with engine.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            engine.dispose()


def test_audit_records_cannot_be_rewritten(app):
    from datetime import UTC, datetime

    import pytest
    from sqlalchemy import update
    from sqlalchemy.exc import DBAPIError

    from examsvc.models import AuditRecord

    with app.app_context():
        db.session.add(
            AuditRecord(
                at=datetime.now(UTC),
                action="mark.recorded",
                entity="attempt",
                entity_id="1",
                reason="x",
            )
        )
        db.session.commit()
        with pytest.raises(DBAPIError, match="append-only"):
            db.session.execute(update(AuditRecord).values(reason="rewritten"))
            db.session.flush()
        db.session.rollback()
