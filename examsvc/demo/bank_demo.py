"""The demo's question bank: ``bank.csv`` (327 original questions) imported as active through
the normal import path, plus a few drafts by the demo author, three of them waiting for review,
so that the reviewer has work to do."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from examsvc.bank import services
from examsvc.bank.services import Actor
from examsvc.bank.transfer import import_questions
from examsvc.models import Role, User
from questionbank.io.formats import read_bank
from questionbank.model import QuestionContent, QuestionStatus, QuestionType, RubricPoint

BANK_FILE = Path(__file__).with_name("bank.csv")

#: (content, tags, submitted for review?) written by the demo author
DRAFTS: list[tuple[QuestionContent, tuple[str, ...], bool]] = [
    (
        QuestionContent(
            QuestionType.SINGLE,
            "值机员交接班时，下列做法正确的是（　）。",
            (
                "口头交代清楚即可，无需书面记录",
                "接班人员未到岗时，交班人员可以先行离岗",
                "双方共同查看设备运行状态和未处理完的事项，并在值班记录上签字确认",
                "只交接钥匙和门禁卡，未处理完的警情由交班人员下班后自行跟进",
            ),
            "C",
            explanation="交接班应当面交接设备状态、在办事项和注意事项，双方签字确认；接班人员未到岗，交班人员不得离岗。",
            difficulty=2,
            source="团体标准 T/BAX 0001.2 值机服务（交接班）",
        ),
        ("area:duty-management", "level:apply", "source:standard", "provenance:needs-expert"),
        True,
    ),
    (
        QuestionContent(
            QuestionType.MULTIPLE,
            "值班时发现某路视频图像出现“雪花”干扰，值机员可以采取的初步处置措施有（　）。",
            (
                "检查该路视频在监控中心一侧的线缆接头是否松动",
                "切换到相邻摄像机，确认是单路故障还是多路故障",
                "立即拆开摄像机机身自行维修",
                "记录故障现象、时间和点位，并报告维护人员",
            ),
            ("A", "B", "D"),
            explanation="值机员负责发现、初步判断、记录和报告故障；拆修设备属于维护人员的工作。",
            difficulty=3,
            source="教材 系统故障处置",
        ),
        ("area:fault-handling", "level:apply", "source:textbook", "provenance:needs-expert"),
        True,
    ),
    (
        QuestionContent(
            QuestionType.TRUEFALSE,
            "报警信息经视频复核确认为误报后，值机员可以不作任何记录。",
            answer=False,
            explanation="误报同样要记录报警时间、位置、复核情况和原因，便于分析误报规律和追溯。",
            difficulty=1,
            source="教材 报警信息甄别",
        ),
        ("area:alarm-screening", "level:remember", "source:textbook", "provenance:needs-expert"),
        True,
    ),
    (
        QuestionContent(
            QuestionType.SHORT,
            "简述值机员接到入侵报警后的处置步骤。",
            answer="确认报警位置和类型；调取视频进行复核；确认警情后按规定报告并通知处置力量，必要时报警110；跟踪处置过程；做好记录并保存相关录像等证据。",
            rubric=(
                RubricPoint("确认报警位置和类型", Decimal("0.2")),
                RubricPoint("调取视频复核", Decimal("0.2")),
                RubricPoint("按规定报告并通知处置力量（必要时报110）", Decimal("0.2")),
                RubricPoint("跟踪处置过程", Decimal("0.2")),
                RubricPoint("记录并保存证据", Decimal("0.2")),
            ),
            difficulty=3,
            source="教材 报警分析与警情处置",
        ),
        ("area:alarm-handling", "level:apply", "source:textbook", "provenance:needs-expert"),
        False,
    ),
    (
        QuestionContent(
            QuestionType.SINGLE,
            "值班期间发现某路摄像机画面持续黑屏，值机员首先应当（　）。",
            (
                "不予理会，留给下一班处理",
                "确认是否为单路故障，记录现象并及时报告维护人员",
                "自行到现场更换摄像机",
                "关闭整个视频监控系统后重新启动",
            ),
            "B",
            explanation="先判断故障范围并记录、报告；擅自更换设备或重启整个系统会扩大影响。",
            difficulty=2,
            source="教材 系统故障处置",
        ),
        ("area:fault-handling", "level:apply", "source:textbook", "provenance:needs-expert"),
        False,
    ),
]


def _user_id(session: Session, username: str) -> int | None:
    return session.scalar(select(User.id).where(User.username == username))


def load_bank(
    session: Session, now: datetime, echo: Callable[[str], None] = print
) -> dict[str, int]:
    """Import the demo bank as active and add the author's drafts; returns counts.

    :raises InvalidInputError: if the shipped bank file does not import cleanly.
    """
    admin = Actor(_user_id(session, "admin"), Role.ADMIN)
    author = Actor(_user_id(session, "author"), Role.AUTHOR)
    echo("importing the demo question bank …")
    result = read_bank(BANK_FILE.read_bytes(), BANK_FILE.name, "csv")
    report = import_questions(session, result, actor=admin, now=now, status=QuestionStatus.ACTIVE)
    submitted = 0
    for offset, (content, tags, submit) in enumerate(DRAFTS, start=1):
        when = now + timedelta(minutes=offset)
        saved = services.create_question(session, content, tags, actor=author, now=when)
        if submit:
            services.change_status(session, saved.question.id, "submit", actor=author, now=when)
            submitted += 1
    session.flush()
    return {"active": report.created, "drafts": len(DRAFTS) - submitted, "review": submitted}
