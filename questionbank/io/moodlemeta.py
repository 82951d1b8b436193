"""What Moodle formats carry besides the question itself, mapped to the bank and back.

One mapping, shared by GIFT and Moodle XML, so both formats behave alike:

* **Categories.** A Moodle category path ``$course$/top/A/B`` becomes the tag ``category:A/B``:
  the context marker (``$course$``, ``$system$``, ``$module$``, ``$coursecategory$``) and the
  ``top`` category that follows it are dropped, the remaining names are kept (also Moodle's
  ``Default for …`` names), joined with ``/``; a path too long for a tag (100 characters) loses
  its top levels, with a warning. Moodle writes a ``/`` inside a category name as
  ``//``; it becomes a plain ``/`` (so it reads as a deeper level). A question in no category
  (or in ``top``) gets no ``category:`` tag. On export a question's first ``category:`` tag (in
  sorted order) becomes its Moodle category ``$course$/top/A/B``; further ``category:`` tags
  travel as Moodle tags and come back unchanged.
* **Tags.** A Moodle tag that is already a bank tag (``facet:value`` with a valid facet) is kept
  as it is; any other Moodle tag ``text`` becomes ``tag:text``. On export ``tag:text`` is written
  back as the bare Moodle tag ``text`` (when ``text`` itself does not look like ``facet:value``),
  every other tag as it is. Separators a bank tag cannot hold (``,`` ``;`` …) are replaced by
  spaces, with a warning.
* **Difficulty** travels as the Moodle tag ``difficulty:N`` (N = 1–5), which Moodle shows and
  keeps; on import such a tag sets the difficulty instead of becoming a tag. The facet
  ``difficulty`` is therefore reserved in these formats.
* **idnumber** (XML ``<idnumber>``, GIFT ``// [id:…]``) becomes the tag ``idnumber:…`` and back.
* **Short answers** (Moodle essays). The reference answer and the rubric go into the essay's
  information for graders (XML ``graderinfo``), the rubric under a line ``【评分要点】`` as a
  Markdown list ``- [50%] 要点``, readable in Moodle and read back here. GIFT has no grader
  information, so there the general feedback holds ``【参考答案】`` (reference answer),
  ``【评分要点】`` (rubric) and ``【解析】`` (explanation) sections. A foreign essay without these
  markers takes its grader information (XML) or, failing that, its general feedback as the
  reference answer, with a warning.
* **Feedback on single answers** has no place in the bank: it is appended to the explanation
  under ``【选项反馈】`` as ``- B：…`` lines (``对``/``错`` for true/false), so nothing the
  author wrote is lost. Moodle's combined feedback and hints are dropped.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from questionbank.io.common import ImportedQuestion, ImportResult
from questionbank.model import (
    MAX_TAG_CHARS,
    Question,
    RubricPoint,
    equal_shares,
    normalise_tag,
    tag_facet,
    tag_problems,
    validate_content,
)
from questionbank.problems import N_, Problem, warning

CATEGORY_FACET = "category"
DIFFICULTY_FACET = "difficulty"
IDNUMBER_FACET = "idnumber"
PLAIN_TAG_FACET = "tag"
CATEGORY_ROOT = "$course$/top"

ANSWER_HEADING = "【参考答案】"
RUBRIC_HEADING = "【评分要点】"
EXPLANATION_HEADING = "【解析】"
FEEDBACK_HEADING = "【选项反馈】"

_CONTEXT = re.compile(r"^\$[a-z]+\$$")
_TAG_SEPARATORS = re.compile(r"[,，;；\r\n\t]+")
# also in the escaped form plain text or converted HTML gives: "\- \[60%\] text"
_RUBRIC_POINT = re.compile(r"^\\?- (?:\\?\[(\d+(?:\.\d+)?)%\\?\] ?)?(.*)$")
_DIFFICULTY = re.compile(r"^difficulty:([1-5])$")


# --------------------------------------------------------------------------- categories


def category_tag(path: str) -> str | None:
    """The ``category:`` tag of a Moodle category path, or ``None`` for the top category."""
    # "//" is Moodle's escape for a "/" inside a name
    escaped_slash = "\ufdef"
    segments = [
        s.replace(escaped_slash, "/").strip() for s in path.replace("//", escaped_slash).split("/")
    ]
    segments = [s for s in segments if s]
    if segments and _CONTEXT.match(segments[0]):
        segments = segments[1:]
    if segments and segments[0] == "top":
        segments = segments[1:]
    if not segments:
        return None
    return f"{CATEGORY_FACET}:{'/'.join(segments)}"


def category_path(tag: str | None) -> str:
    """The Moodle category path of a ``category:`` tag (the course's top category for ``None``)."""
    if not tag:
        return CATEGORY_ROOT
    value = tag.partition(":")[2]
    segments = [s.strip() for s in value.split("/") if s.strip()]
    return "/".join([CATEGORY_ROOT, *segments])


def main_category(tags: tuple[str, ...] | list[str]) -> str | None:
    """The ``category:`` tag a question is filed under on export (the first in sorted order)."""
    categories = sorted(t for t in tags if tag_facet(t) == CATEGORY_FACET)
    return categories[0] if categories else None


def group_by_category(questions: list[Question]) -> list[Question]:
    """Questions reordered for export: uncategorised first, then by category, stable within.

    Uncategorised questions come first so that they land in the category the Moodle user picks
    for the import rather than in a ``top`` category Moodle may refuse.
    """
    order: dict[str | None, int] = {None: -1}
    for question in questions:
        order.setdefault(main_category(question.tags), len(order))
    return sorted(questions, key=lambda q: order[main_category(q.tags)])


# --------------------------------------------------------------------------- tags


@dataclass
class MoodleMeta:
    """Tags, difficulty and problems gathered from Moodle's tags, idnumber and category."""

    tags: list[str]
    difficulty: int | None
    problems: list[Problem]


def _looks_faceted(text: str) -> bool:
    return ":" in text and not tag_problems(text)


def _clean_tag(raw: str, problems: list[Problem]) -> str:
    """NFKC, trimmed, separators replaced by spaces (with a warning); the facet is not touched."""
    text = unicodedata.normalize("NFKC", raw).strip()
    if _TAG_SEPARATORS.search(text):
        problems.append(
            warning(
                "tags",
                N_("tag %(tag)s: separators replaced by spaces"),
                tag=text.replace("\n", " "),
            )
        )
        text = " ".join(_TAG_SEPARATORS.sub(" ", text).split())
    return text


def tags_from_moodle(
    moodle_tags: list[str], idnumber: str = "", category: str | None = None
) -> MoodleMeta:
    """Bank tags (and the difficulty) from a question's Moodle tags, idnumber and category tag.

    Problems are tag problems (errors for tags the bank cannot hold, warnings for repaired ones),
    without a location: the reader adds it.
    """
    problems: list[Problem] = []
    tags: list[str] = []
    difficulty: int | None = None
    for raw in moodle_tags:
        text = _clean_tag(raw, problems)
        if not text:
            continue
        tag = normalise_tag(text)
        match = _DIFFICULTY.match(tag)
        if match:
            difficulty = difficulty or int(match.group(1))
        elif _looks_faceted(tag):
            tags.append(tag)
        else:
            tags.append(normalise_tag(f"{PLAIN_TAG_FACET}:{text}"))
    if idnumber.strip():
        tags.append(normalise_tag(_clean_tag(f"{IDNUMBER_FACET}:{idnumber}", problems)))
    if category:
        tags.append(_shorten_category(normalise_tag(_clean_tag(category, problems)), problems))
    unique = sorted(set(tags))
    for tag in unique:
        problems += tag_problems(tag)
    return MoodleMeta(unique, difficulty, problems)


def _shorten_category(tag: str, problems: list[Problem]) -> str:
    """A category tag within the tag length limit: deep Moodle paths lose their top levels."""
    if len(tag) <= MAX_TAG_CHARS:
        return tag
    segments = tag.partition(":")[2].split("/")
    while len(segments) > 1 and len(f"{CATEGORY_FACET}:{'/'.join(segments)}") > MAX_TAG_CHARS:
        segments = segments[1:]
    short = f"{CATEGORY_FACET}:{'/'.join(segments)}"[:MAX_TAG_CHARS]
    problems.append(
        warning(
            "tags",
            N_("category %(tag)s is too long for a tag: kept as %(short)s"),
            tag=tag,
            short=short,
        )
    )
    return short


def tags_to_moodle(
    tags: tuple[str, ...], difficulty: int, category: str | None
) -> tuple[list[str], str]:
    """Moodle tags and the idnumber for a question's tags, difficulty and export category.

    ``category`` (the question's main category) is left out: it is the Moodle category.
    """
    idnumber = ""
    moodle: list[str] = []
    for tag in sorted(tags):
        facet, _, value = tag.partition(":")
        if tag == category:
            continue
        if facet == IDNUMBER_FACET and not idnumber:
            idnumber = value
        elif facet == PLAIN_TAG_FACET and not _looks_faceted(normalise_tag(value)):
            # a bare Moodle tag that an import would read as facet:value keeps its prefix
            moodle.append(value)
        else:
            moodle.append(tag)
    moodle.append(f"{DIFFICULTY_FACET}:{difficulty}")
    return moodle, idnumber


# --------------------------------------------------------------------------- rubric, feedback


def _format_share(share: Decimal) -> str:
    return format((share * 100).normalize(), "f")


def _indent(text: str) -> str:
    """Continuation lines of a list item are indented by two spaces."""
    return text.strip().replace("\n", "\n  ")


def compose_grader_info(answer: str, rubric: tuple[RubricPoint, ...]) -> str:
    """The essay's information for graders: the reference answer, then the rubric if any."""
    parts = [answer.strip()]
    if rubric:
        points = "\n".join(f"- [{_format_share(p.share)}%] {_indent(p.text)}" for p in rubric)
        parts += [RUBRIC_HEADING, points]
    return "\n\n".join(parts)


def parse_grader_info(text: str) -> tuple[str, tuple[RubricPoint, ...], list[Problem]]:
    """The reference answer and rubric of :func:`compose_grader_info` text.

    Text without a ``【评分要点】`` line is all reference answer. A rubric section that cannot be
    read is left in the reference answer, with a warning.
    """
    lines = text.strip().split("\n")
    if lines and lines[0].strip() == ANSWER_HEADING:
        lines = lines[1:]
    heading_at = _last_heading(lines, RUBRIC_HEADING)
    if heading_at is None:
        return "\n".join(lines).strip(), (), []
    rubric = _parse_rubric(lines[heading_at + 1 :])
    if rubric is None:
        return (
            "\n".join(lines).strip(),
            (),
            [warning("rubric", N_("the rubric could not be read; it stays in the answer"))],
        )
    return "\n".join(lines[:heading_at]).strip(), rubric, []


def _last_heading(lines: list[str], heading: str) -> int | None:
    for index in range(len(lines) - 1, -1, -1):
        if lines[index].strip() == heading:
            return index
    return None


def _parse_rubric(lines: list[str]) -> tuple[RubricPoint, ...] | None:
    points: list[list[str | None]] = []  # [share, text]
    for line in lines:
        match = _RUBRIC_POINT.match(line)
        if match:
            points.append([match.group(1), match.group(2)])
        elif line.startswith("  ") and points:
            points[-1][1] = f"{points[-1][1]}\n{line[2:]}"
        elif line.strip():
            return None
    texts = [(text or "").strip() for _, text in points]
    shares = [share for share, _ in points]
    if not points:
        return None
    if all(share is None for share in shares):
        return equal_shares(texts)
    if any(share is None for share in shares):
        return None
    try:
        return tuple(
            RubricPoint(text, Decimal(share) / 100)  # type: ignore[arg-type]
            for text, share in zip(texts, shares, strict=True)
        )
    except InvalidOperation:
        return None


def compose_essay_feedback(answer: str, rubric: tuple[RubricPoint, ...], explanation: str) -> str:
    """GIFT general feedback of a short answer: reference answer, rubric, explanation sections."""
    parts = [ANSWER_HEADING, compose_grader_info(answer, rubric)]
    if explanation.strip():
        parts += [EXPLANATION_HEADING, explanation.strip()]
    return "\n\n".join(parts)


def parse_essay_feedback(
    text: str,
) -> tuple[str, tuple[RubricPoint, ...], str, list[Problem]] | None:
    """Reference answer, rubric, explanation and problems of :func:`compose_essay_feedback` text.

    ``None`` when ``text`` does not start with the ``【参考答案】`` line (not written by us).
    """
    lines = text.strip().split("\n")
    if not lines or lines[0].strip() != ANSWER_HEADING:
        return None
    explanation = ""
    heading_at = _last_heading(lines, EXPLANATION_HEADING)
    if heading_at is not None and heading_at > 0:
        explanation = "\n".join(lines[heading_at + 1 :]).strip()
        lines = lines[:heading_at]
    answer, rubric, problems = parse_grader_info("\n".join(lines[1:]))
    return answer, rubric, explanation, problems


def fold_feedback(explanation: str, feedback: list[tuple[str, str]]) -> str:
    """The explanation with per-answer feedback appended as ``- label：text`` lines."""
    items = [(label, text.strip()) for label, text in feedback if text and text.strip()]
    if not items:
        return explanation.strip()
    block = "\n".join(f"- {label}：{_indent(text)}" for label, text in items)
    return "\n\n".join(p for p in (explanation.strip(), FEEDBACK_HEADING, block) if p)


# --------------------------------------------------------------------------- reader plumbing


def add_question(
    result: ImportResult,
    question: Question,
    problems: list[Problem],
    *,
    row: int | None = None,
    where: str | None = None,
) -> bool:
    """Validate ``question`` and add it to ``result`` unless it has errors; whether it was added.

    ``problems`` (found while reading it) and the validation problems of its content are added
    to ``result.problems`` at the question's location (``row`` or ``where``).
    """
    found = [*problems, *validate_content(question.content)]
    located = [p.at(row=row, where=where) for p in found]
    result.problems += located
    if any(p.severity == "error" for p in located):
        return False
    result.questions.append(ImportedQuestion(question, row=row, where=where))
    return True


def unsupported(construct: str, *, row: int | None = None, where: str | None = None) -> Problem:
    """The problem reporting a Moodle construct the bank has no equivalent for."""
    return Problem(
        field="type",
        message=N_("%(construct)s has no equivalent in this bank; the question is skipped"),
        params={"construct": construct},
        row=row,
        where=where,
    )
