"""The append-only audit trail of every change that matters for fairness."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column

from examsvc.models.base import Base


class AuditRecord(Base):
    """One change: who, when, what (entity and id), old and new values, and why.

    Rows are only ever inserted: marks, arbitration, skill imports, tie orders, regrades,
    extensions, unlocks, publications and bank reviews all leave one here, so every published
    result can be replayed from raw data and this log."""

    __tablename__ = "audit_records"
    __table_args__ = (Index("ix_audit_records_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime]
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: e.g. ``mark.recorded``, ``attempt.extended``, ``ranking.published``
    action: Mapped[str] = mapped_column(String(60), index=True)
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(64))
    old: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    new: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    reason: Mapped[str] = mapped_column(Text, default="")


#: the database itself refuses to rewrite history: no UPDATE (and on PostgreSQL no DELETE) of
#: audit rows. (SQLite keeps DELETE for the test suite's cleanup; production runs PostgreSQL.)
APPEND_ONLY_SQL = {
    "postgresql": [
        """CREATE OR REPLACE FUNCTION audit_records_append_only() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION 'audit_records is append-only'; END; $$ LANGUAGE plpgsql""",
        """CREATE TRIGGER audit_records_append_only BEFORE UPDATE OR DELETE ON audit_records
        FOR EACH ROW EXECUTE FUNCTION audit_records_append_only()""",
    ],
    "sqlite": [
        """CREATE TRIGGER audit_records_append_only BEFORE UPDATE ON audit_records
        BEGIN SELECT RAISE(ABORT, 'audit_records is append-only'); END""",
    ],
}


def _install_append_only(target: Any, connection: Any, **_kw: Any) -> None:
    for statement in APPEND_ONLY_SQL.get(connection.dialect.name, []):
        connection.exec_driver_sql(statement)


event.listen(AuditRecord.__table__, "after_create", _install_append_only)
