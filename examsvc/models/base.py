"""The declarative base every model shares, with a constraint naming convention and column types
that behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, DateTime, MetaData, Numeric, String, TypeDecorator
from sqlalchemy import Enum as SAEnum
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, registry

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC and always returned timezone-aware (UTC).

    SQLite has no time zones; PostgreSQL ``timestamptz`` does. Storing naive UTC on SQLite and
    aware values on PostgreSQL, and handing back aware UTC on both, keeps deadline arithmetic
    identical on the two databases. A naive value given to it is refused: it is a bug.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


#: JSON that is JSONB on PostgreSQL
JSONType = JSON().with_variant(JSONB(), "postgresql")

#: marks and points: exact decimals with two places
Score = Numeric(8, 2, asdecimal=True)


def str_enum(enum_cls: type[enum.Enum], name: str) -> SAEnum:
    """A portable enum column: a VARCHAR with a CHECK constraint holding the enum's values."""
    return SAEnum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(m.value) for m in enum_cls),
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    """Shared declarative base (handed to Flask-SQLAlchemy as ``model_class``)."""

    registry = registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={
            datetime: UTCDateTime(),
            Decimal: Score,
            dict[str, Any]: JSONType,
            list[Any]: JSONType,
            str: String(255),
        },
    )
    metadata = registry.metadata
