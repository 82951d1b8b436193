"""The database models, one module per concept; importing this package registers them all."""

from examsvc.models.accounts import (
    STAFF_ROLES,
    LoginCounter,
    Role,
    SecurityEvent,
    User,
    UserSession,
)
from examsvc.models.attempts import Answer, Attempt, AttemptEvent, AttemptStatus, ItemScore
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
from examsvc.models.contest import Contest, Contestant, Enrolment, Stage
from examsvc.models.marking import MarkingTask
from examsvc.models.papers import Paper, PaperItem, PaperRun
from examsvc.models.results import RankingPublication, Registration, SkillScore, TieResolution
from examsvc.models.settings import SiteSetting

__all__ = [
    "STAFF_ROLES",
    "Answer",
    "Attempt",
    "AttemptEvent",
    "AttemptStatus",
    "AuditRecord",
    "BankImport",
    "Base",
    "Contest",
    "Contestant",
    "Enrolment",
    "Image",
    "ItemScore",
    "LoginCounter",
    "MarkingTask",
    "Paper",
    "PaperItem",
    "PaperRun",
    "Question",
    "QuestionEvent",
    "QuestionTag",
    "QuestionVersion",
    "RankingPublication",
    "Registration",
    "Role",
    "SecurityEvent",
    "SiteSetting",
    "SkillScore",
    "Stage",
    "TieResolution",
    "User",
    "UserSession",
]
