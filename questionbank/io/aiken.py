"""Moodle Aiken: import of single-choice questions.

The format (Moodle's ``question/format/aiken``)::

    值班员接到报警后首先应当？
    A. 立即出警
    B) 通过视频复核
    C. 记录后离岗
    ANSWER: B

A question is its text, then options ``A.`` / ``A)`` followed by a space, in order from A,
then ``ANSWER: X``. Questions are usually separated by a blank line (not required: the ANSWER
line ends a question). Full-width letters and punctuation in the markers (``Ａ．``, ``ANSWER：``)
are accepted, a full-width marker needs no space after it, and the ANSWER key may be lower
case. Text is plain: it is escaped so that it shows literally. Unlike Moodle, a question text
may span several lines (all before the first option); Moodle would drop such a question.

Errors, each at a line (``Problem.row``): an option or ANSWER line before any question text;
an option without a space after its marker; options out of order; a question with fewer than two
options or without an ANSWER line (at the question's first line); an ANSWER that is empty, names
more than one key or names no option.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from questionbank.io.common import ImportResult
from questionbank.io.moodlemeta import add_question
from questionbank.io.moodletext import escape_markdown
from questionbank.model import Question, QuestionContent, QuestionType, fold_width
from questionbank.problems import N_, error, warning

__all__ = ["MAX_AIKEN_CHARS", "read_aiken"]

MAX_AIKEN_CHARS = 20_000_000

_MARKER = re.compile(r"^([A-Z])([.)])$")
_ANSWER = re.compile(r"^ANSWER\s*:\s*(.*)$", re.IGNORECASE)
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass
class _Open:
    """A question being read."""

    row: int
    stem: list[str]
    options: list[str] = field(default_factory=list)
    broken: bool = False

    @property
    def expected(self) -> str:
        """The letter the next option must have."""
        return _LETTERS[len(self.options)] if len(self.options) < len(_LETTERS) else "?"


def _option(line: str) -> tuple[str, str, str] | None:
    """``(letter, marker, rest)`` when the line starts like an option (``A.`` / ``A)``).

    After a full-width marker (``Ａ．``, ``B）``) Chinese text needs no space: ``rest`` then
    starts with one.
    """
    head = fold_width(line[:2])
    match = _MARKER.match(head)
    if not match or len(head) != 2:
        return None
    rest = line[2:]
    if line[1] not in ".)":
        rest = " " + rest
    return match.group(1), match.group(2), rest


def read_aiken(text: str) -> ImportResult:
    """Read an Aiken file into an :class:`ImportResult` (never raises for bad content).

    Valid questions go to ``questions`` with ``row`` = the line of their text; every problem is
    reported with its line number (see the module doc).
    """
    result = ImportResult(format="aiken")
    if len(text) > MAX_AIKEN_CHARS:
        result.problems.append(
            error("file", N_("the file is longer than %(limit)s characters"), limit=MAX_AIKEN_CHARS)
        )
        return result
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    current: _Open | None = None
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        answer = _ANSWER.match(fold_width(line))
        if answer:
            if current is None:
                _fail(result, number, "answer", N_("ANSWER line without a question before it"))
            else:
                _finish(result, current, answer.group(1).strip(), number)
            current = None
            continue
        option = _option(line)
        if option and current is None and option[2][:1].isspace():
            _fail(
                result,
                number,
                "options",
                N_("option %(key)s comes before any question text"),
                key=option[0],
            )
            continue
        if option and current is not None:
            letter, marker, rest = option
            if rest and not rest[0].isspace():
                if letter == current.expected:
                    _fail(
                        result,
                        number,
                        "options",
                        N_("a space is missing after %(marker)s"),
                        marker=letter + marker,
                    )
                    current.broken = True
                    current.options.append(rest.strip())
                    continue
            else:
                if letter != current.expected:
                    _fail(
                        result,
                        number,
                        "options",
                        N_("options out of order: expected %(expected)s, found %(key)s"),
                        expected=current.expected,
                        key=letter,
                    )
                    current.broken = True
                current.options.append(rest.strip())
                continue
        # a line of text: the question text, or the start of the next question
        if current is not None and not current.options:
            current.stem.append(line)
            continue
        if current is not None:
            _fail(result, current.row, "answer", N_("the question has no ANSWER line"))
        current = _Open(row=number, stem=[line])
    if current is not None:
        _fail(result, current.row, "answer", N_("the question has no ANSWER line"))
    if not result.questions and not result.problems:
        result.problems.append(warning("file", N_("the file contains no questions")))
    return result


def _fail(result: ImportResult, row: int, field_name: str, message: str, **params: str) -> None:
    result.problems.append(error(field_name, message, **params).at(row=row))


def _finish(result: ImportResult, question: _Open, value: str, row: int) -> None:
    if question.broken:
        return  # its lines are reported already
    if len(question.options) < 2:
        _fail(
            result,
            question.row,
            "options",
            N_("a question needs at least 2 options, this one has %(count)s"),
            count=str(len(question.options)),
        )
        return
    key = value.rstrip(".)").strip().upper()
    if not key:
        _fail(result, row, "answer", N_("ANSWER names no key"))
        return
    if len(key) != 1 or key not in _LETTERS:
        _fail(
            result,
            row,
            "answer",
            N_("ANSWER %(value)s: Aiken questions have exactly one right option, e.g. B"),
            value=value,
        )
        return
    if key not in _LETTERS[: len(question.options)]:
        _fail(result, row, "answer", N_("ANSWER %(key)s names no option"), key=key)
        return
    content = QuestionContent(
        QuestionType.SINGLE,
        escape_markdown("\n".join(question.stem)).strip(),
        tuple(escape_markdown(option).strip() for option in question.options),
        key,
    )
    add_question(result, Question(content=content), [], row=question.row)
