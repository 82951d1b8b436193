"""Builders for the results tests: a contest with its three stages, rosters as csv bytes, and
theory results put straight into the attempts (marking is another module's business)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from examsvc.extensions import db
from examsvc.models import (
    Attempt,
    AttemptStatus,
    Contest,
    Enrolment,
    ItemScore,
    Paper,
    Stage,
)
from questionbank.identity import make_id_number

#: the prelim's exam: 28 July 2025, 09:00–11:00 in Beijing
PRELIM_OPENS = datetime(2025, 7, 28, 1, 0, tzinfo=UTC)
REFERENCE = date(2025, 7, 25)


@dataclass
class ContestIds:
    """Ids and codes of a made contest."""

    contest_id: int
    code: str
    stage_ids: dict[str, int]


def make_contest(
    *,
    code: str = "bspia-2025",
    now: datetime | None = None,
    registration: tuple[date, date] | None = (date(2025, 6, 16), date(2025, 7, 25)),
    weights: tuple[str, str] = ("0.30", "0.70"),
    advance_ratio: str = "0.30",
    advance_rounding: str = "half_up",
) -> ContestIds:
    """A contest with prelim (28 July), semi (8 Aug) and final (6 Sep) stages, committed."""
    now = now or datetime.now(UTC)
    contest = Contest(
        code=code,
        name="2025年第四届安全防范设备值机员职业技能竞赛",
        timezone="Asia/Shanghai",
        age_min=18,
        age_max=55,
        age_reference_date=REFERENCE,
        registration_opens=registration[0] if registration else None,
        registration_closes=registration[1] if registration else None,
        created_at=now,
        updated_at=now,
    )
    db.session.add(contest)
    db.session.flush()
    ids = {}
    for ordinal, (stage_code, name, day) in enumerate(
        [("prelim", "初赛", 0), ("semi", "复赛", 11), ("final", "决赛", 40)]
    ):
        opens = PRELIM_OPENS + timedelta(days=day)
        stage = Stage(
            contest_id=contest.id,
            code=stage_code,
            ordinal=ordinal,
            name=name,
            theory_weight=Decimal(weights[0]),
            skill_weight=Decimal(weights[1]),
            advance_ratio=Decimal(advance_ratio),
            advance_rounding=advance_rounding,
            duration_minutes=60,
            opens_at=opens,
            closes_at=opens + timedelta(hours=2),
            blueprint={},
            updated_at=now,
        )
        db.session.add(stage)
        db.session.flush()
        ids[stage_code] = stage.id
    db.session.commit()
    return ContestIds(contest.id, code, ids)


ORGS = [
    "北京城建物业管理有限公司",
    "北京保安服务总公司",
    "北京政法职业学院",
    "北京地铁运营有限公司",
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ["伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超"]


def person_id(n: int, born: date | None = None) -> str:
    """A valid synthetic ID number for person ``n`` (born ``n`` days after 1 January 1975
    unless said otherwise: eligible, and unique for n < 9000)."""
    born = born or date(1975, 1, 1) + timedelta(days=n)
    return make_id_number("110105", born, 0, "男" if n % 2 else "女")


def person_name(n: int) -> str:
    """A believable, unique-enough name for person ``n``."""
    return (
        SURNAMES[n % len(SURNAMES)]
        + GIVEN[(n // len(SURNAMES)) % len(GIVEN)]
        + ("" if n < len(SURNAMES) * len(GIVEN) else str(n))
    )


def roster_csv(people: list[tuple[str, str, str]] | range, *, extra: str = "") -> bytes:
    """A roster file: rows of (name, id_number, organisation), or person numbers."""
    lines = ["姓名,身份证号,工作单位,工会会员卡"]
    for item in people:
        if isinstance(item, int):
            item = (person_name(item), person_id(item), ORGS[item % len(ORGS)])
        name, id_number, org = item
        lines.append(f"{name},{id_number},{org},{'是' if len(lines) % 3 == 0 else '否'}")
    if extra:
        lines.append(extra)
    return ("\n".join(lines) + "\n").encode("utf-8")


def skills_csv(scores: dict[str, str]) -> bytes:
    """A skill-score file from ``{ticket: score text}``."""
    lines = ["准考证号,技能成绩", *(f"{t},{s}" for t, s in scores.items())]
    return ("\n".join(lines) + "\n").encode("utf-8")


def give_theory(
    ticket: str,
    raw: str | None,
    *,
    full: str = "100",
    unmarked: int = 0,
    in_progress: bool = False,
    now: datetime | None = None,
) -> int:
    """An attempt for ``ticket``: final with ``raw`` out of ``full`` points, or pending
    (``unmarked`` answers left, or still ``in_progress``). Returns the attempt id."""
    now = now or datetime.now(UTC)
    enrolment = db.session.scalar(select(Enrolment).where(Enrolment.ticket == ticket))
    assert enrolment is not None, ticket
    paper = Paper(
        enrolment_id=enrolment.id,
        stage_id=enrolment.stage_id,
        seed=f"seed-{ticket}",
        fingerprint="f" * 64,
        blueprint_fingerprint="b" * 64,
        total_points=Decimal(full),
        item_count=1 + unmarked,
        created_at=now,
    )
    db.session.add(paper)
    db.session.flush()
    final = raw is not None and not unmarked and not in_progress
    attempt = Attempt(
        enrolment_id=enrolment.id,
        paper_id=paper.id,
        stage_id=enrolment.stage_id,
        status=AttemptStatus.IN_PROGRESS if in_progress else AttemptStatus.SUBMITTED,
        started_at=now - timedelta(minutes=50),
        deadline=now + timedelta(days=3650) if in_progress else now,
        submitted_at=None if in_progress else now,
        theory_raw=Decimal(raw) if final else None,
        theory_final=final,
    )
    db.session.add(attempt)
    db.session.flush()
    for no in range(1, unmarked + 1):
        db.session.add(
            ItemScore(
                attempt_id=attempt.id, item_no=no, score=None, source="marking", final=False,
                updated_at=now,
            )
        )  # fmt: skip
    db.session.commit()
    return attempt.id


def finish_marking(attempt_id: int, raw: str) -> None:
    """Mark an attempt's pending answers final with the theory score ``raw``."""
    attempt = db.session.get(Attempt, attempt_id)
    for score in db.session.scalars(select(ItemScore).where(ItemScore.attempt_id == attempt_id)):
        score.final, score.score = True, Decimal(0)
    attempt.theory_raw, attempt.theory_final = Decimal(raw), True
    attempt.status = AttemptStatus.SUBMITTED
    db.session.commit()


def tickets_of(stage_id: int) -> list[str]:
    """The stage's tickets in order."""
    return list(
        db.session.scalars(
            select(Enrolment.ticket)
            .where(Enrolment.stage_id == stage_id)
            .order_by(Enrolment.ticket)
        )
    )
