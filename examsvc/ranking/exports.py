"""The ranking and the awards as JSON, CSV, text tables and workbooks.

JSON numbers: scores are JSON numbers (``85.5``) that are the two-decimal values exactly as
printed (a two-decimal value converts to the shortest float that prints back the same);
``null`` marks an absent part. The rules keep their settings as decimal strings
(``"0.3"``), as :meth:`RankingRules.to_data` gives them, with the rule text in both languages.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from examsvc.models import Attempt, AuditRecord, Enrolment, Stage, User
from examsvc.ranking.awards import AwardsReport
from examsvc.ranking.publication import latest_publication
from examsvc.ranking.services import StageRanking, score_text
from questionbank.io import reports
from questionbank.io.tables import write_table

FLAG_LABELS_ZH = {
    "theory_absent": "理论缺考",
    "skill_absent": "技能缺考",
    "absent": "缺考",
    "theory_pending": "理论待评",
    "tie_unresolved": "并列待仲裁",
    "tie_resolved": "并列已裁定",
}
CSV_HEADER = (
    "rank",
    "ticket",
    "name",
    "organisation",
    "theory",
    "skill",
    "total",
    "advances",
    "flags",
)


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _text(value: Decimal | None) -> str:
    return score_text(value) or ""


def rules_json(ranked: StageRanking) -> dict[str, Any]:
    """The rules in force: settings and their text in Chinese and English."""
    ranking = ranked.ranking
    return {
        **ranking.rules.to_data(),
        "text": {"zh": ranking.rules_text("zh"), "en": ranking.rules_text("en")},
    }


def ranking_json(ranked: StageRanking) -> dict[str, Any]:
    """The ranking as the API answers it (interfaces.md), plus the pending items."""
    ranking = ranked.ranking
    rows = []
    for row in ranked.rows():
        rows.append({**row, **{k: _number(row[k]) for k in ("theory", "skill", "total")}})
    return {
        "stage": ranked.stage.code,
        "rules": rules_json(ranked),
        "provisional": ranking.provisional,
        "participants": ranking.participants,
        "advance_count": ranking.advance_count,
        "publishable": not ranked.blocks(),
        "pending": {
            "unmarked_answers": ranked.unmarked,
            "theory": [p.ticket for p in ranked.pending],
            "missing_skill": ranked.missing_skill,
            "ties": [list(group) for group in ranking.ties],
        },
        "rows": rows,
    }


def ranking_csv(ranked: StageRanking) -> bytes:
    """The ranking as csv (UTF-8 with BOM; English headers, flags as in the API)."""
    rows = [
        [
            "" if r["rank"] is None else r["rank"],
            r["ticket"],
            r["name"],
            r["organisation"],
            _text(r["theory"]),
            _text(r["skill"]),
            _text(r["total"]),
            "yes" if r["advances"] else "no",
            " ".join(r["flags"]),
        ]
        for r in ranked.rows()
    ]
    return write_table(CSV_HEADER, rows, "csv")


def ranking_table(ranked: StageRanking) -> str:
    """The ranking as an aligned text table for the terminal."""
    lines = [
        f"{'#':>4}  {'ticket':<12}{'theory':>8}{'skill':>8}{'total':>8}  adv  name · organisation · flags"
    ]
    for r in ranked.rows():
        rank = "-" if r["rank"] is None else str(r["rank"])
        lines.append(
            f"{rank:>4}  {r['ticket']:<12}{_text(r['theory']) or '—':>8}{_text(r['skill']) or '—':>8}"
            f"{_text(r['total']):>8}  {'yes' if r['advances'] else '':<3}  {r['name']} · "
            f"{r['organisation']}{' · ' + ', '.join(r['flags']) if r['flags'] else ''}"
        )
    return "\n".join(lines)


def stage_audit(session: Session, stage: Stage) -> list[tuple[AuditRecord, str]]:
    """The audit trail of a stage: its own records (roster, ties, publications, advancement),
    its enrolments' (skill scores) and its attempts' (proctor actions), oldest first, with the
    actor's user name."""
    # entity ids are stored as text
    enrolments = [
        str(i) for i in session.scalars(select(Enrolment.id).where(Enrolment.stage_id == stage.id))
    ]
    attempts = [
        str(i) for i in session.scalars(select(Attempt.id).where(Attempt.stage_id == stage.id))
    ]
    rows = session.execute(
        select(AuditRecord, User.username)
        .outerjoin(User, User.id == AuditRecord.actor_id)
        .where(
            or_(
                (AuditRecord.entity == "stage") & (AuditRecord.entity_id == str(stage.id)),
                (AuditRecord.entity == "enrolment") & AuditRecord.entity_id.in_(enrolments),
                (AuditRecord.entity == "attempt") & AuditRecord.entity_id.in_(attempts),
            )
        )
        .order_by(AuditRecord.id)
    ).all()
    return [(record, username or "") for record, username in rows]


def _json(value: Any) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def ranking_workbook(
    session: Session, ranked: StageRanking, when: Callable[[Any], str] = str
) -> bytes:
    """The ranking workbook: 排名, 规则 (the rules in force and the state of the ranking) and
    审计记录 (the stage's audit trail). ``when`` formats timestamps."""
    ranking = ranked.ranking
    rows = [
        [
            r["rank"], r["ticket"], r["name"], r["organisation"], r["theory"], r["skill"],
            r["total"], "是" if r["advances"] else "", "、".join(FLAG_LABELS_ZH.get(f, f) for f in r["flags"]),
        ]
        for r in ranked.rows()
    ]  # fmt: skip
    data = ranking.rules.to_data()
    publication = latest_publication(session, ranked.stage)
    rules = [
        ("竞赛 contest", ranked.stage.contest.name),
        ("阶段 stage", f"{ranked.stage.name} ({ranked.stage.code})"),
        ("理论权重 theory weight", data["theory_weight"]),
        ("技能权重 skill weight", data["skill_weight"]),
        ("晋级比例 advance ratio", data["advance_ratio"]),
        ("晋级取整 rounding", data["advance_rounding"]),
        ("参赛人数 participants", str(ranking.participants)),
        ("晋级人数 advancing", str(ranking.advance_count)),
        ("状态 state", "可公布 final" if not ranked.blocks() else "暂定 provisional / pending"),
        (
            "最近公布 last publication",
            f"第{publication.number}次 {when(publication.published_at)}"
            if publication
            else "未公布 none",
        ),
        ("规则 rules", ranking.rules_text("zh")),
        ("Rules", ranking.rules_text("en")),
    ]
    audit = [
        [
            when(r.at),
            user,
            r.action,
            f"{r.entity} {r.entity_id}",
            _json(r.old),
            _json(r.new),
            r.reason,
        ]
        for r, user in stage_audit(session, ranked.stage)
    ]
    return reports.ranking_workbook(rows, rules, audit)


# --------------------------------------------------------------------------- awards


def award_rows(
    report: AwardsReport, translate: Callable[[str], str] | None = None
) -> list[list[Any]]:
    """One row per award: code, name, recipient, ticket, organisation, rank, yuan, reason."""
    return [
        [
            a.rule_code, a.name_zh, a.recipient, a.ticket or "", a.organisation, a.rank,
            a.amount_yuan, a.reason_text(translate),
        ]
        for a in report.awards
    ]  # fmt: skip


def awards_json(
    report: AwardsReport, translate: Callable[[str], str] | None = None
) -> dict[str, Any]:
    """The awards as JSON (money as decimal strings: it is money)."""
    return {
        "stage": report.stage.code,
        "publication": report.publication,
        "awards": [
            {
                "rule": a.rule_code,
                "award": a.name_zh,
                "award_en": a.name_en,
                "recipient": a.recipient,
                "ticket": a.ticket,
                "organisation": a.organisation,
                "rank": a.rank,
                "amount_yuan": None if a.amount_yuan is None else str(a.amount_yuan),
                "reason": a.reason_text(translate),
            }
            for a in report.awards
        ],
        "totals": [
            {
                "rule": t.rule_code,
                "award": t.name_zh,
                "count": t.count,
                "amount_yuan": None if t.amount_yuan is None else str(t.amount_yuan),
            }
            for t in report.totals
        ],
        "money_yuan": str(report.money),
    }


AWARDS_CSV_HEADER = (
    "rule",
    "award",
    "recipient",
    "ticket",
    "organisation",
    "rank",
    "amount_yuan",
    "reason",
)


def awards_csv(report: AwardsReport) -> bytes:
    """The awards as csv."""
    rows = [[str(c) if isinstance(c, Decimal) else c for c in row] for row in award_rows(report)]
    return write_table(AWARDS_CSV_HEADER, rows, "csv")


def awards_table(report: AwardsReport) -> str:
    """The awards as text for the terminal: one line per award, then the totals."""
    lines = [
        f"{row[0]:<28}{row[2]:<10}{row[3]:<12}{'' if row[6] is None else row[6]:>8}  {row[7]}"
        for row in award_rows(report)
    ]
    lines.append("")
    lines += [
        f"{t.rule_code:<28}{t.count:>4}  {'' if t.amount_yuan is None else t.amount_yuan}"
        for t in report.totals
    ]
    lines.append(f"total yuan: {report.money}")
    return "\n".join(lines)


def awards_workbook(report: AwardsReport, translate: Callable[[str], str] | None = None) -> bytes:
    """The awards workbook for the finance office."""
    totals = [[t.rule_code, t.name_zh, t.count, t.amount_yuan] for t in report.totals]
    basis = (
        f"依据决赛排名第{report.publication}次公布 (publication {report.publication})"
        if report.publication
        else "依据尚未公布的决赛排名 (the final ranking is not published yet)"
    )
    notes = [basis, f"奖金合计 {report.money} 元 (total yuan)"]
    return reports.awards_workbook(award_rows(report, translate), totals, notes)
