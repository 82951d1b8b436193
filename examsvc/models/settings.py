"""Small site-wide settings and markers kept in the database (shared by every worker)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from examsvc.models.base import Base


class SiteSetting(Base):
    """One named setting, e.g. ``demo.loaded_at``."""

    __tablename__ = "site_settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[datetime]
