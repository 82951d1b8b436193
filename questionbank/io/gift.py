"""Moodle GIFT: import and export.

Reading follows Moodle's own importer (``question/format/gift/format.php``): questions are
separated by blank lines; lines starting with ``//`` are comments; ``$CATEGORY: path`` switches
the category of the questions that follow; ``::name::`` names a question; ``[html]``,
``[moodle]``, ``[plain]`` and ``[markdown]`` choose the text format (Moodle's default is
``moodle``); ``\\: \\# \\= \\{ \\} \\~ \\\\`` escape characters and ``\\n`` is a new line. The answer
block ``{…}`` decides the type:

* ``{=right ~wrong …}``: single choice (its ``=`` option is the key); partial weights ``~%50%``
  on other options are dropped with a warning; two ``=`` options are not representable;
* ``{~%50%a ~%50%b ~%-100%c}`` (no ``=``): multiple choice, the positively weighted options
  being the keys (a single positive option makes a single choice, with a warning);
* ``{T}`` ``{TRUE}`` ``{F}`` ``{FALSE}``: true/false;
* ``{}``: an essay, i.e. a short answer (see :mod:`questionbank.io.moodlemeta` for where its
  reference answer and rubric come from);
* ``{=answer}`` (one full-credit answer): a short answer with that reference answer;
* ``#`` after an answer is its feedback (folded into the explanation), ``####`` the general
  feedback (the explanation);
* text after the block (answer-in-the-middle questions) puts a ``_____`` blank where the block
  was.

Not representable, reported in ``ImportResult.unsupported`` and skipped: descriptions (no answer
block), numerical ``{#…}``, matching ``{=a -> b …}``, several blanks in one question, short
answers with several answers or partial credit, and single choices with several ``=`` answers.

Moodle's ``// [id:…] [tag:…]`` comments carry the idnumber and tags; this service adds
``[tag:difficulty:N]`` and a ``// examsvc-source: …`` comment for the source. Every problem has
``row`` = the line where the question (its text, after its comments) starts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from questionbank.io.common import ImportResult
from questionbank.io.gift_write import SOURCE_COMMENT, write_gift
from questionbank.io.moodlemeta import (
    add_question,
    category_tag,
    fold_feedback,
    parse_essay_feedback,
    tags_from_moodle,
    unsupported,
)
from questionbank.io.moodletext import MARKDOWN, MOODLE, format_name, to_markdown
from questionbank.model import OPTION_KEYS, Question, QuestionContent, QuestionType, RubricPoint
from questionbank.problems import N_, Problem, error, warning

__all__ = ["MAX_GIFT_CHARS", "read_gift", "write_gift"]

MAX_GIFT_CHARS = 20_000_000

# Escaped characters are swapped for Unicode non-characters while the structure is parsed (as
# Moodle does with "&&058;" placeholders); text holding such non-characters is refused.
_PLACEHOLDERS = {
    "\\": "\ufdd0",
    ":": "\ufdd1",
    "#": "\ufdd2",
    "=": "\ufdd3",
    "{": "\ufdd4",
    "}": "\ufdd5",
    "~": "\ufdd6",
    "n": "\ufdd7",
}
_RESTORE = str.maketrans({v: ("\n" if k == "n" else k) for k, v in _PLACEHOLDERS.items()})
_ESCAPE = re.compile(r"\\([\\:#={}~n])")
_NONCHARACTER = re.compile("[\ufdd0-\ufdef]")
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
_ID = re.compile(r"\[id:((?:\\\]|[^\]])+)\]")
_TAG = re.compile(r"\[tag:((?:\\\]|[^\]])+)\]")
_SOURCE_ESCAPE = re.compile(r"\\([\\n])")
_GIFT_FORMATS = ("html", "moodle", "plain", "markdown")
_TRUE = ("T", "TRUE")
_FALSE = ("F", "FALSE")
#: the blank of an answer-in-the-middle question, as Markdown and as any other format
_BLANK_MARKDOWN = r"\_\_\_\_\_"
_BLANK = "_____"


def _protect(text: str) -> str:
    return _ESCAPE.sub(lambda m: _PLACEHOLDERS[m.group(1)], text)


def _restore(text: str) -> str:
    return text.translate(_RESTORE)


@dataclass
class _Block:
    """The lines of one question: ``(line number, text)`` pairs and its comment lines."""

    lines: list[tuple[int, str]] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)


def _blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    current = _Block()
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if not stripped:
            if current.lines or current.comments:
                blocks.append(current)
                current = _Block()
        elif stripped.startswith("//"):
            current.comments.append(stripped)
        else:
            current.lines.append((number, line))
    if current.lines or current.comments:
        blocks.append(current)
    return blocks


def read_gift(text: str) -> ImportResult:
    """Read a GIFT file into an :class:`ImportResult` (never raises for bad content).

    Valid questions go to ``questions`` (``row`` = their first line), every error and warning
    to ``problems``, constructs with no equivalent to ``unsupported``; see the module doc.
    """
    result = ImportResult(format="gift")
    if len(text) > MAX_GIFT_CHARS:
        result.problems.append(
            error("file", N_("the file is longer than %(limit)s characters"), limit=MAX_GIFT_CHARS)
        )
        return result
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    category: str | None = None
    for block in _blocks(text):
        lines = block.lines
        if lines and lines[0][1].strip().startswith("$CATEGORY:"):
            path = lines[0][1].strip()[len("$CATEGORY:") :]
            category = category_tag(path)  # Moodle does not unescape category paths either
            lines = lines[1:]  # a question right below the category line (no blank line)
        if lines:
            _read_question(result, lines, block.comments, category)
    if not result.questions and not result.problems and not result.unsupported:
        result.problems.append(warning("file", N_("the file contains no questions")))
    return result


def _split_format(text: str, default: str) -> tuple[str, str]:
    """``[format]`` prefix of a GIFT text: (our format name, the text without it)."""
    if text.startswith("["):
        end = text.find("]")
        if end > 0 and text[1:end] in _GIFT_FORMATS:
            return format_name(text[1:end]), text[end + 1 :]
    return default, text


def _text(fragment: str, default: str) -> str:
    """A protected GIFT text fragment (with its optional format prefix) as Markdown."""
    fmt, body = _split_format(fragment.strip(), default)
    return to_markdown(_restore(body), fmt)


@dataclass
class _Parsed:
    """What one question's text says, before it becomes a :class:`Question`."""

    content: QuestionContent | None = None
    name: str = ""
    problems: list[Problem] = field(default_factory=list)
    unsupported: str | None = None


def _read_question(
    result: ImportResult, lines: list[tuple[int, str]], comments: list[str], category: str | None
) -> None:
    row = lines[0][0]
    body = "\n".join(line for _, line in lines).strip()
    if _NONCHARACTER.search(body):
        result.problems.append(
            error("stem", N_("the text contains Unicode non-characters (U+FDD0–U+FDEF)")).at(
                row=row
            )
        )
        return
    parsed = _parse(_protect(body))
    if parsed.unsupported:
        result.unsupported.append(unsupported(parsed.unsupported, row=row))
        return
    if parsed.content is None:
        result.problems += [p.at(row=row) for p in parsed.problems]
        return
    comment_text = "\n".join(comments)
    id_match = _ID.search(comment_text)
    idnumber = id_match.group(1).replace("\\]", "]") if id_match else ""
    moodle_tags = [t.replace("\\]", "]") for t in _TAG.findall(comment_text)]
    meta = tags_from_moodle(moodle_tags, idnumber, category)
    content = replace(
        parsed.content,
        difficulty=meta.difficulty or parsed.content.difficulty,
        source=_source(comments),
    )
    question = Question(content=content, tags=tuple(meta.tags), name=parsed.name)
    add_question(result, question, [*parsed.problems, *meta.problems], row=row)


def _source(comments: list[str]) -> str:
    for comment in comments:
        if comment.startswith(SOURCE_COMMENT):
            value = comment[len(SOURCE_COMMENT) :].strip()
            return _SOURCE_ESCAPE.sub(lambda m: "\n" if m.group(1) == "n" else "\\", value)
    return ""


def _parse(text: str) -> _Parsed:
    """Parse one question's protected text (comments removed)."""
    name = ""
    if text.startswith("::"):
        end = text.find("::", 2)
        if end < 0:
            return _Parsed(problems=[error("name", N_("the question name is not closed by ::"))])
        name = _restore(text[2:end]).strip()
        text = text[end + 2 :].strip()
    open_at, close_at = text.find("{"), text.find("}")
    if open_at < 0 and close_at < 0:
        return _Parsed(unsupported="description (a text without an answer block)")
    if open_at >= 0 and close_at < 0:
        return _Parsed(problems=[error("answer", N_("the answer block { is not closed by }"))])
    if open_at < 0 or close_at < open_at:
        return _Parsed(problems=[error("answer", N_("a } comes without its {"))])
    after = text[close_at + 1 :]
    if "{" in after:
        return _Parsed(unsupported="missing word with several blanks")
    if "}" in after:
        return _Parsed(problems=[error("answer", N_("a } comes without its {"))])
    fmt, before = _split_format(text[:open_at].lstrip(), MOODLE)
    if after.strip():
        before += (_BLANK_MARKDOWN if fmt == MARKDOWN else _BLANK) + after
    stem = to_markdown(_restore(before), fmt)
    answer = text[open_at + 1 : close_at]
    general = ""
    general_at = answer.rfind("####")
    if general_at >= 0:
        general, answer = answer[general_at + 4 :], answer[:general_at]
    answer = answer.strip()
    parsed = _parse_answer(answer, stem, fmt, _text(general, fmt))
    parsed.name = name
    return parsed


def _parse_answer(answer: str, stem: str, fmt: str, explanation: str) -> _Parsed:
    if not answer:
        return _essay(stem, explanation)
    if answer.startswith("#"):
        return _Parsed(unsupported="numerical question {#…}")
    if "~" in answer:
        return _choice(answer, stem, fmt, explanation)
    if "=" in answer and "->" in answer:
        return _Parsed(unsupported="matching question (->)")
    bits = answer.split("#", 2)
    value = bits[0].strip().upper()
    if value in _TRUE + _FALSE:
        is_true = value in _TRUE
        wrong, right = (_text(b, fmt) for b in (*bits[1:], "", "")[:2])
        feedback = [("对", right if is_true else wrong), ("错", wrong if is_true else right)]
        content = QuestionContent(
            QuestionType.TRUEFALSE,
            stem,
            answer=is_true,
            explanation=fold_feedback(explanation, feedback),
        )
        return _Parsed(content)
    return _short_answer(answer, stem, fmt, explanation)


def _essay(stem: str, general: str) -> _Parsed:
    problems: list[Problem] = []
    rubric: tuple[RubricPoint, ...] = ()
    explanation = ""
    sections = parse_essay_feedback(general)
    if sections is not None:
        answer, rubric, explanation, problems = sections
    else:
        answer = general
        if general:
            problems.append(
                warning(
                    "answer",
                    N_("an essay without a 【参考答案】 section: its general feedback is taken "
                       "as the reference answer"),
                )
            )  # fmt: skip
    content = QuestionContent(
        QuestionType.SHORT, stem, answer=answer, rubric=rubric, explanation=explanation
    )
    return _Parsed(content, problems=problems)


def _short_answer(answer: str, stem: str, fmt: str, explanation: str) -> _Parsed:
    parts = answer.split("=")
    if not parts[0].strip():
        parts = parts[1:]
    if len(parts) != 1:
        return _Parsed(unsupported="short answer with several accepted answers")
    part = parts[0].strip()
    weight = _WEIGHT.match(part)
    if weight:
        if Decimal(weight.group(1)) != 100:
            return _Parsed(unsupported="short answer with partial credit")
        part = part[weight.end() :]
    text, _, feedback = part.partition("#")
    content = QuestionContent(
        QuestionType.SHORT,
        stem,
        answer=_text(text, fmt),
        explanation=fold_feedback(explanation, [("答案", _text(feedback, fmt))]),
    )
    return _Parsed(content)


def _choice(answer: str, stem: str, fmt: str, explanation: str) -> _Parsed:
    parts = answer.replace("=", "~=").split("~")
    if parts[0].strip():
        return _Parsed(
            problems=[
                error(
                    "answer",
                    N_("%(text)s: every answer must start with = or ~"),
                    text=_restore(parts[0].strip()),
                )
            ]
        )
    options: list[str] = []
    weights: list[Decimal] = []
    full: list[bool] = []
    feedback: list[tuple[str, str]] = []
    for index, raw in enumerate(parts[1:]):
        part = raw.strip()
        weight = Decimal(0)
        is_full = part.startswith("=")
        if is_full:
            part, weight = part[1:], Decimal(100)
        elif match := _WEIGHT.match(part):
            part, weight = part[match.end() :], Decimal(match.group(1))
        text, _, note = part.partition("#")
        options.append(_text(text, fmt))
        weights.append(weight)
        full.append(is_full)
        key = OPTION_KEYS[index] if index < len(OPTION_KEYS) else str(index + 1)
        feedback.append((key, _text(note, fmt)))
    problems: list[Problem] = []
    explanation = fold_feedback(explanation, feedback)
    positive = [OPTION_KEYS[i] for i, w in enumerate(weights) if w > 0 and i < len(OPTION_KEYS)]
    if any(full):
        if full.count(True) > 1:
            return _Parsed(unsupported="single choice with several right answers (=)")
        key = OPTION_KEYS[full.index(True)] if full.index(True) < len(OPTION_KEYS) else "?"
        if len(positive) > 1:
            problems.append(warning("answer", N_("partial credit of the other options is dropped")))
        return _Parsed(
            _choice_content(QuestionType.SINGLE, stem, options, key, explanation), "", problems
        )
    if not positive:
        return _Parsed(
            problems=[error("answer", N_("no right answer: mark it with = or a positive weight"))]
        )
    if len(positive) == 1:
        problems.append(
            warning(
                "answer", N_("only one option has a positive weight: imported as single choice")
            )
        )
        return _Parsed(
            _choice_content(QuestionType.SINGLE, stem, options, positive[0], explanation),
            "",
            problems,
        )
    return _Parsed(
        _choice_content(QuestionType.MULTIPLE, stem, options, tuple(positive), explanation),
        "",
        problems,
    )


def _choice_content(
    qtype: QuestionType,
    stem: str,
    options: list[str],
    answer: str | tuple[str, ...],
    explanation: str,
) -> QuestionContent:
    return QuestionContent(qtype, stem, tuple(options), answer, explanation=explanation)
