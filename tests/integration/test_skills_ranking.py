"""Skill scores, the ranking from the database, ties, publication, advancement, awards, and a
published ranking replayed from raw scores and the audit log."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from examsvc.errors import ConflictError, InvalidInputError
from examsvc.extensions import db
from examsvc.models import AuditRecord, Enrolment, RankingPublication, SkillScore, Stage
from examsvc.ranking import advancement, publication, skills, ties
from examsvc.ranking.awards import stage_awards
from examsvc.ranking.services import stage_ranking
from examsvc.roster import services as roster
from tests.conftest import SECRET
from tests.contest_factories import (
    finish_marking,
    give_theory,
    make_contest,
    roster_csv,
    skills_csv,
)

NOW = datetime(2025, 7, 28, 8, 0, tzinfo=UTC)


def stage(code: str = "prelim") -> Stage:
    return db.session.scalar(select(Stage).where(Stage.code == code))


def enrol(people, code: str = "prelim") -> list[str]:
    report = roster.import_roster(
        db.session, stage(code), roster_csv(people), "r.csv", secret=SECRET, actor_id=None, now=NOW
    )
    db.session.commit()
    return [c.ticket for c in report.enrolled]


def record(scores: dict[str, str], code: str = "prelim", batch: str = "judges.csv", **kw):
    report = skills.import_skills_file(
        db.session, stage(code), skills_csv(scores), batch, actor_id=None, now=NOW, **kw
    )
    db.session.commit()
    return report


def ranked(code: str = "prelim"):
    return stage_ranking(db.session, stage(code))


STAGE_DIGITS = {"prelim": 1, "semi": 2, "final": 3}


def t(n: int, code: str = "prelim") -> str:
    """Ticket ``n`` of a stage (the scheme of examsvc.roster.tickets)."""
    return f"2025{STAGE_DIGITS[code]}{n:04d}"


@pytest.fixture
def ten(app):
    """A contest whose prelim has ten contestants, tickets 202510001–202510010."""
    with app.app_context():
        make_contest(now=NOW)
        assert enrol(range(10)) == [t(n) for n in range(1, 11)]
    return app


def audits(action: str) -> list[AuditRecord]:
    return list(
        db.session.scalars(
            select(AuditRecord).where(AuditRecord.action == action).order_by(AuditRecord.id)
        )
    )


# --------------------------------------------------------------------------- skill scores


def test_skill_import_is_all_or_nothing_and_reports_unknown_tickets(ten):
    with ten.app_context():
        with pytest.raises(InvalidInputError) as info:
            record({t(1): "85.5", t(2): "90", "209990001": "70", t(3): "101"})
        assert [p.located() for p in info.value.problems] == [
            "row 4, column 准考证号: ticket 209990001 is not enrolled in this stage",
            "row 5, column 技能成绩: a skill score is from 0 to 100, not 101",
        ]
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(SkillScore)) == 0
        assert audits("skill.recorded") == []


def test_only_changed_scores_are_written_each_with_an_audit_record(ten):
    with ten.app_context():
        report = record({t(1): "85.5", t(2): "90"})
        assert (report.changed, report.unchanged) == (2, 0)
        assert record({t(1): "85.50", t(2): "90"}, batch="again.csv").changed == 0
        report = record({t(1): "86", t(2): "缺考"}, batch="fix.xlsx")
        assert (report.changed, report.unchanged) == (2, 0)
        scores = {s.enrolment_id: s.score for s in db.session.scalars(select(SkillScore))}
        assert list(scores.values()) == [Decimal("86.00")]
        trail = [
            (a.old["skill"], a.new["skill"], a.new["ticket"], a.reason)
            for a in audits("skill.recorded")
        ]
        assert trail == [
            (None, "85.50", t(1), "judges.csv"),
            (None, "90.00", t(2), "judges.csv"),
            ("85.50", "86.00", t(1), "fix.xlsx"),
            ("90.00", None, t(2), "fix.xlsx"),
        ]


# --------------------------------------------------------------------------- the ranking


def test_ranking_from_the_database_with_absences_and_pending_theory(ten):
    with ten.app_context():
        give_theory(t(1), "45", full="50")  # 90.00 on the 0–100 scale
        give_theory(t(2), "100")
        pending = give_theory(t(5), None, unmarked=2)
        running = give_theory(t(6), None, in_progress=True)
        record({t(1): "80", t(3): "90", t(5): "70"})
        live = ranked()
        rows = {r["ticket"]: r for r in live.rows()}
        # 0.3 × 90 + 0.7 × 80 = 83.00; theory only: 0.3 × 100 = 30.00; skill only: 0.7 × 90 = 63.00
        assert (rows[t(1)]["theory"], rows[t(1)]["skill"], rows[t(1)]["total"]) == (
            Decimal("90.00"), Decimal("80.00"), Decimal("83.00"),
        )  # fmt: skip
        assert (rows[t(2)]["total"], rows[t(2)]["flags"]) == (Decimal("30.00"), ["skill_absent"])
        assert (rows[t(3)]["total"], rows[t(3)]["flags"]) == (Decimal("63.00"), ["theory_absent"])
        assert (rows[t(4)]["rank"], rows[t(4)]["flags"]) == (None, ["absent"])
        assert rows[t(5)]["flags"] == ["theory_pending"] and rows[t(5)]["theory"] is None
        assert (
            rows[t(6)]["flags"] == ["theory_pending", "skill_absent"] and rows[t(6)]["rank"] is None
        )
        assert [r["ticket"] for r in live.rows()][:4] == [t(1), t(3), t(5), t(2)]  # 83, 63, 49, 30
        assert [(p.ticket, p.state, p.unmarked) for p in live.pending] == [
            (t(5), "marking", 2), (t(6), "in_progress", 0),
        ]  # fmt: skip
        assert [p.text() for p in live.blocks()] == [
            "theory marking is not finished: 2 answers to mark, 1 exams still open"
        ]
        assert t(2) in live.missing_skill and t(1) not in live.missing_skill
        with pytest.raises(ConflictError):
            publication.publish(db.session, stage(), actor_id=None, now=NOW)
        with pytest.raises(ConflictError) as info:
            advancement.advance(db.session, stage(), secret=SECRET, actor_id=None, now=NOW)
        assert "theory marking is not finished" in info.value.problems[0].text()
        db.session.rollback()
        finish_marking(pending, "60")
        finish_marking(running, "50")
        live = ranked()
        assert live.blocks() == [] and live.pending == []
        row = {r["ticket"]: r for r in live.rows()}[t(5)]
        assert (row["total"], row["flags"]) == (Decimal("67.00"), [])  # 18 + 49


def test_an_unresolved_tie_blocks_until_an_arbitrator_orders_it(ten):
    with ten.app_context():
        for n in (1, 2, 3):
            give_theory(t(n), "80")
        record({t(1): "90", t(2): "90", t(3): "95"})
        live = ranked()
        assert live.ranking.provisional and live.ranking.ties == [(t(1), t(2))]
        assert [r["flags"] for r in live.rows()[:3]] == [[], ["tie_unresolved"], ["tie_unresolved"]]
        with pytest.raises(ConflictError) as info:
            publication.publish(db.session, stage(), actor_id=None, now=NOW)
        assert f"the order of {t(1)} = {t(2)}" in info.value.problems[0].text()
        db.session.rollback()
        with pytest.raises(ConflictError):  # not a tie group
            ties.resolve_tie(db.session, stage(), [t(1), t(3)], "复核", actor_id=None, now=NOW)
        with pytest.raises(InvalidInputError):  # no reason
            ties.resolve_tie(db.session, stage(), [t(2), t(1)], " ", actor_id=None, now=NOW)
        db.session.rollback()
        after = ties.resolve_tie(
            db.session, stage(), [t(2), t(1)], "仲裁组：技能操作用时更短", actor_id=None, now=NOW
        )
        db.session.commit()
        assert not after.ranking.provisional
        assert [(r["ticket"], r["rank"], r["flags"]) for r in after.rows()[:3]] == [
            (t(3), 1, []), (t(2), 2, ["tie_resolved"]), (t(1), 3, ["tie_resolved"]),
        ]  # fmt: skip
        (audit,) = audits("ranking.tie_resolved")
        assert audit.new["tickets"] == [t(2), t(1)] and audit.reason == "仲裁组：技能操作用时更短"


# --------------------------------------------------------------------------- publication


def settle(app) -> None:
    """Theory and skill for all ten (distinct totals)."""
    for n in range(1, 11):
        give_theory(t(n), str(50 + n), now=NOW)
    record({t(n): str(60 + 3 * n) for n in range(1, 11)})


def test_a_publication_is_a_frozen_snapshot_and_replays_from_the_audit_log(ten, runner):
    with ten.app_context():
        settle(ten)
        first = publication.publish(db.session, stage(), names="masked", actor_id=None, now=NOW)
        db.session.commit()
        live_rows = publication.snapshot_rows(ranked().rows())
        assert first.number == 1 and first.snapshot["rows"] == live_rows
        assert first.snapshot["rows"][0] == {
            "rank": 1, "ticket": t(10), "name": live_rows[0]["name"], "organisation": live_rows[0]["organisation"],
            "theory": "60.00", "skill": "90.00", "total": "81.00", "advances": True, "flags": [],
        }  # fmt: skip
        (audit,) = audits("ranking.published")
        assert audit.new["digest"] == first.snapshot["digest"] == publication.digest(first.snapshot)

        # later score changes alter the live ranking, never the publication
        later = NOW + timedelta(hours=2)
        skills.import_skills_file(
            db.session, stage(), skills_csv({t(1): "100"}), "appeal.csv", actor_id=None, now=later
        )
        db.session.commit()
        db.session.expire_all()
        kept = db.session.get(RankingPublication, first.id)
        assert kept.snapshot["rows"] == live_rows
        assert publication.snapshot_rows(ranked().rows()) != live_rows
        assert publication.replay(db.session, stage(), kept).matches

        second = publication.publish(db.session, stage(), note="申诉复核", actor_id=None, now=later)
        db.session.commit()
        assert (
            second.number == 2
            and publication.latest_publication(db.session, stage()).id == second.id
        )
        assert publication.replay(db.session, stage(), second).matches
        assert publication.replay(db.session, stage(), kept).matches
    result = runner.invoke(args=["ranking", "verify", "--stage", "prelim"])
    assert result.exit_code == 0, result.output
    assert "publication 1: reproduced exactly" in result.output
    assert "publication 2: reproduced exactly" in result.output

    with ten.app_context():  # a snapshot altered in the database no longer replays
        kept = db.session.get(RankingPublication, first.id)
        rows = [dict(r) for r in kept.snapshot["rows"]]
        rows[0]["total"] = "99.00"
        kept.snapshot = {**kept.snapshot, "rows": rows}
        db.session.commit()
        replayed = publication.replay(db.session, stage(), kept)
        assert not replayed.matches and len(replayed.differences) == 2
    assert (
        runner.invoke(args=["ranking", "verify", "--stage", "prelim", "--number", "1"]).exit_code
        == 1
    )


def test_replay_reproduces_every_row_from_raw_scores_after_many_changes(ten):
    """Scores change back and forth around several publications; each publication is
    recomputed exactly from the attempts, the skill-score audit trail and the tie orders."""
    with ten.app_context():
        settle(ten)
        moments = [NOW + timedelta(minutes=10 * i) for i in range(1, 7)]
        published = []
        changes = [
            {t(1): "99", t(2): "缺考"},
            {t(2): "75.25", t(3): "60.5"},
            {t(4): "0", t(1): "71"},
        ]
        for when, change in zip(moments[::2], changes, strict=True):
            published.append(publication.publish(db.session, stage(), actor_id=None, now=when))
            db.session.commit()
            skills.import_skills_file(
                db.session, stage(), skills_csv(change), "change.csv", actor_id=None, now=when
            )
            db.session.commit()
        for item in published:
            result = publication.replay(db.session, stage(), item)
            assert result.matches, result.differences
            assert result.rows == item.snapshot["rows"]


# --------------------------------------------------------------------------- advancement


def test_advancement_enrols_the_top_30_percent_once_and_is_audited(ten):
    with ten.app_context():
        settle(ten)
        report = advancement.advance(db.session, stage(), secret=SECRET, actor_id=None, now=NOW)
        db.session.commit()
        # round_half_up(0.30 × 10) = 3, best first
        assert (report.advance_count, report.participants) == (3, 10)
        assert [(old, c.ticket) for old, c in report.enrolled] == [
            (t(10), t(1, "semi")), (t(9), t(2, "semi")), (t(8), t(3, "semi")),
        ]  # fmt: skip
        semi = db.session.scalars(
            select(Enrolment).where(Enrolment.stage_id == stage("semi").id)
        ).all()
        assert {e.source for e in semi} == {"advance"} and len(semi) == 3
        again = advancement.advance(db.session, stage(), secret=SECRET, actor_id=None, now=NOW)
        db.session.commit()
        assert again.enrolled == [] and again.already == [t(10), t(9), t(8)]
        assert (
            db.session.scalar(
                select(func.count())
                .select_from(Enrolment)
                .where(Enrolment.stage_id == stage("semi").id)
            )
            == 3
        )
        trail = audits("ranking.advanced")
        assert [a.new["enrolled"] for a in trail] == [
            {t(10): t(1, "semi"), t(9): t(2, "semi"), t(8): t(3, "semi")}, {},
        ]  # fmt: skip
        assert trail[0].new["advancers"] == [t(10), t(9), t(8)]


def test_advancement_is_refused_while_provisional_and_from_the_final(ten):
    with ten.app_context():
        settle(ten)
        assert enrol([20]) == [t(11)]
        give_theory(t(11), "59")  # the same theory and skill as t(9): a tie
        record({t(11): "87"})
        assert ranked().ranking.provisional
        with pytest.raises(ConflictError) as info:
            advancement.advance(db.session, stage(), secret=SECRET, actor_id=None, now=NOW)
        assert "provisional" in info.value.problems[0].text()
        db.session.rollback()
        with pytest.raises(ConflictError):
            advancement.advance(db.session, stage("final"), secret=SECRET, actor_id=None, now=NOW)


# --------------------------------------------------------------------------- awards


def test_awards_follow_the_published_final_ranking(app):
    with app.app_context():
        make_contest(now=NOW)
        semi = enrol(range(14), "semi")
        final = enrol(range(12), "final")
        for n, ticket in enumerate(final, start=1):
            give_theory(ticket, str(100 - n), now=NOW)
        record({ticket: str(100 - n) for n, ticket in enumerate(final, start=1)}, "final")
        publication.publish(db.session, stage("final"), actor_id=None, now=NOW)
        db.session.commit()
        report = stage_awards(db.session, stage("final"))
        assert report.publication == 1
        by_rule: dict[str, list] = {}
        for award in report.awards:
            by_rule.setdefault(award.rule_code, []).append(award)
        assert [(a.ticket, a.amount_yuan) for a in by_rule["bspia-prize-1"]] == [
            (final[0], Decimal(6000))
        ]
        assert len(by_rule["bspia-prize-2-6"]) == 5 and len(by_rule["bspia-prize-7-10"]) == 4
        assert len(by_rule["bspia-talent-database"]) == 12
        assert len(by_rule["bspia-training-certificate"]) == 14  # everyone enrolled in the semi
        # roster_csv gives people 2, 5, 8 and 11 a union card: final ranks 3, 6, 9 (and 12)
        union = [(a.ticket, a.rank) for a in by_rule.get("union-subsidy-2-10", [])]
        assert union == [(final[2], 3), (final[5], 6), (final[8], 9)]
        assert "union-subsidy-1" not in by_rule
        totals = {x.rule_code: (x.count, x.amount_yuan) for x in report.totals}
        assert totals["bspia-prize-2-6"] == (5, Decimal(15000))
        assert report.money == Decimal(6000 + 15000 + 4000 + 3000)
        assert semi  # the semi-finalists were enrolled
        with pytest.raises(ConflictError):
            stage_awards(db.session, stage("prelim"))


STEPS = st.lists(
    st.one_of(
        st.tuples(
            st.just("skill"),
            st.integers(0, 5),
            st.sampled_from(["缺考", "0", "59.5", "60", "75.25", "88", "100"]),
        ),
        st.tuples(st.just("publish"), st.just(0), st.just("")),
    ),
    min_size=1,
    max_size=10,
)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=STEPS)
def test_every_publication_replays_exactly_whatever_happened_between(app, steps):
    """Random skill changes (including absences) and publications, with ties ordered by the
    arbitrators when they block: every publication is recomputed exactly from the raw data and
    the audit trail alone."""
    with app.app_context():
        ids = make_contest(code=f"c-{uuid.uuid4().hex[:8]}", now=NOW)
        stage = db.session.get(Stage, ids.stage_ids["prelim"])
        report = roster.import_roster(
            db.session, stage, roster_csv(range(6)), "r.csv", secret=SECRET, actor_id=None, now=NOW
        )
        db.session.commit()
        tickets = [c.ticket for c in report.enrolled]
        for ticket, raw in zip(tickets, ["80", "80", "70", "70", "60", "90"], strict=True):
            give_theory(ticket, raw, now=NOW)  # equal theories make ties possible
        when = NOW
        for action, who, value in steps:
            when += timedelta(minutes=1)
            if action == "skill":
                skills.import_skills_file(
                    db.session, stage, skills_csv({tickets[who]: value}), "s.csv",
                    actor_id=None, now=when,
                )  # fmt: skip
            else:
                for group in stage_ranking(db.session, stage).ranking.ties:
                    ties.resolve_tie(
                        db.session, stage, list(reversed(group)), "抽签", actor_id=None, now=when
                    )
                if stage_ranking(db.session, stage).blocks():
                    continue  # nobody has a result yet
                publication.publish(db.session, stage, actor_id=None, now=when)
            db.session.commit()
        for item in publication.publications(db.session, stage):
            result = publication.replay(db.session, stage, item)
            assert result.matches, result.differences
