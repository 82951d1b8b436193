"""The database models, one module per concept; importing this package registers them all."""

from examsvc.models.accounts import (
    STAFF_ROLES,
    LoginCounter,
    Role,
    SecurityEvent,
    User,
    UserSession,
)
from examsvc.models.audit import AuditRecord
from examsvc.models.bank import (
    BankImport,
    Image,
    Question,
    QuestionEvent,
    QuestionTag,
    QuestionVersion,
)
from examsvc.models.base import Base
from examsvc.models.settings import SiteSetting

__all__ = [
    "STAFF_ROLES",
    "AuditRecord",
    "BankImport",
    "Base",
    "Image",
    "LoginCounter",
    "Question",
    "QuestionEvent",
    "QuestionTag",
    "QuestionVersion",
    "Role",
    "SecurityEvent",
    "SiteSetting",
    "User",
    "UserSession",
]
