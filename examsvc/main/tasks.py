"""What each role can do next, shown on the home page. Later features add their entries here."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import lazy_gettext as _l

from examsvc.models import Role, User


@dataclass(frozen=True)
class Task:
    """A link on the home page with a line saying what it is for."""

    title: str
    description: str
    endpoint: str

    @property
    def url(self) -> str:
        return url_for(self.endpoint)


#: role → the tasks it has; each feature adds its pages here (an endpoint that is not
#: registered in this build is left out)
TASKS: dict[Role, list[Task]] = {role: [] for role in Role}
TASKS[Role.PROCTOR] = [
    Task(
        _l("Proctor console"),
        _l("Watch live sittings, extend time, release locks, force-submit."),
        "sitting.proctor_stages",
    ),
]
TASKS[Role.ADMIN] = [
    Task(
        _l("Contest and stages"),
        _l(
            "Load or edit the contest, each stage's exam and blueprint with the bank's supply; "
            "generate and check papers."
        ),
        "contest.overview",
    ),
    Task(
        _l("Proctor console"),
        _l("Watch live sittings, extend time, release locks, force-submit."),
        "sitting.proctor_stages",
    ),
]
MARKING = Task(
    _l("Marking"),
    _l("Mark short answers question by question, blind, double-marked."),
    "marking.marking_home",
)
TASKS[Role.GRADER] = [MARKING]
TASKS[Role.ARBITRATOR] = [
    Task(
        _l("Marking and arbitration"),
        _l("Decide disagreements between the two marks, review final marks, see the dashboard."),
        "marking.marking_home",
    ),
]
TASKS[Role.ADMIN].append(
    Task(
        _l("Marking and regrade"),
        _l("Follow the marking, compare graders, correct keys and regrade."),
        "marking.marking_home",
    )
)
RANKINGS = Task(
    _l("Rankings"),
    _l("Skill scores, the ranking and its rules, ties, publication and advancement."),
    "ranking.stages",
)
TASKS[Role.ADMIN] += [
    Task(
        _l("Contestants"),
        _l("Import rosters, print admission tickets, download logins."),
        "roster.stages",
    ),
    Task(
        _l("Online registrations"),
        _l("Approve or reject individual registrations."),
        "roster.registrations",
    ),
    RANKINGS,
]
TASKS[Role.ARBITRATOR].append(RANKINGS)
TASKS[Role.CONTESTANT] = [
    Task(
        _l("My exams"),
        _l("See your exam, read the rules and start when it opens."),
        "sitting.my_exams",
    ),
]

# ---- the question bank
_BANK = Task(
    _l("Question bank"),
    _l("Find questions by type, status, tag and difficulty; see coverage per knowledge area."),
    "bank.list_questions",
)
_NEW_QUESTION = Task(
    _l("Write a question"),
    _l("Single, multiple choice, true/false or short answer, with a contestant's preview."),
    "bank.new_question",
)
_REVIEW = Task(
    _l("Review questions"),
    _l("Approve questions waiting for review, or send them back with a comment."),
    "bank.review_queue",
)
_IMPORT = Task(
    _l("Import questions"),
    _l("Upload a spreadsheet, zip or Moodle file: dry run first, then confirm."),
    "bank.import_bank",
)
TASKS[Role.AUTHOR] += [_BANK, _NEW_QUESTION, _IMPORT]
TASKS[Role.REVIEWER] += [_REVIEW, _BANK]
TASKS[Role.ADMIN] += [_BANK, _REVIEW, _IMPORT]

ANALYSIS_TASK = Task(
    _l("Results analysis"),
    _l("How each stage's paper behaved: distributions, reliability, question statistics."),
    "analysis.stages",
)
for _role in (Role.ADMIN, Role.AUTHOR, Role.REVIEWER, Role.ARBITRATOR):
    TASKS[_role].append(ANALYSIS_TASK)

ROLE_SUMMARY = {
    Role.ADMIN: _l(
        "Configure the contest, import rosters and skill scores, build papers, publish results."
    ),
    Role.AUTHOR: _l("Write and maintain questions in the bank and send them for review."),
    Role.REVIEWER: _l("Approve questions or send them back with a comment."),
    Role.GRADER: _l("Mark short answers, blind, one question at a time."),
    Role.ARBITRATOR: _l("Decide marking disagreements and resolve ranking ties."),
    Role.PROCTOR: _l("Watch live sittings: extend time, release locks, force-submit."),
    Role.CONTESTANT: _l("Sit your theory exam: answers save automatically."),
}

ROLE_NAMES = {
    Role.ADMIN: _l("Administrator"),
    Role.AUTHOR: _l("Question author"),
    Role.REVIEWER: _l("Reviewer"),
    Role.GRADER: _l("Grader"),
    Role.ARBITRATOR: _l("Arbitrator"),
    Role.PROCTOR: _l("Proctor"),
    Role.CONTESTANT: _l("Contestant"),
}


def tasks_for(user: User) -> list[Task]:
    """The tasks of the user's role whose pages exist in this build."""
    from flask import current_app

    return [t for t in TASKS[user.role] if t.endpoint in current_app.view_functions]
