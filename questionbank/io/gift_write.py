"""Writing a bank as Moodle GIFT (read back by :func:`questionbank.io.gift.read_gift`).

Every text is written as ``[markdown]`` with GIFT's escapes (``\\\\ \\# \\= \\~ \\{ \\} \\:`` and
``\\n`` for a new line), so one question never spans a blank line and reads back unchanged.
Single choice: ``=key ~other``; multiple choice: each key ``~%w%`` with w = 100 / number of keys
and each other option ``~%-100%`` (in Moodle a wrong pick then scores 0, like the contest's
rule); true/false: ``{TRUE}`` / ``{FALSE}``; short answer: an essay ``{####…}`` whose general
feedback holds the reference answer, rubric and explanation (:mod:`questionbank.io.moodlemeta`);
the explanation of the other types is the general feedback ``####``.

Before each question a comment ``// [id:…] [tag:…] [tag:difficulty:N]`` carries the idnumber,
tags and difficulty in the syntax Moodle itself reads, and ``// examsvc-source: …`` the source
(Moodle ignores it). Questions are grouped by their main category, each group after a
``$CATEGORY: $course$/top/…`` line. GIFT cannot hold files: ``image:<sha256>`` references stay
as they are (Moodle shows them as broken images; this service reads them back intact).
"""

from __future__ import annotations

import re
from decimal import Decimal

from questionbank.io.moodlemeta import (
    category_path,
    compose_essay_feedback,
    group_by_category,
    main_category,
    tags_to_moodle,
)
from questionbank.model import Question, QuestionType

SOURCE_COMMENT = "// examsvc-source:"

_ESCAPES = str.maketrans(
    {
        "\\": "\\\\",
        "#": "\\#",
        "=": "\\=",
        "~": "\\~",
        "{": "\\{",
        "}": "\\}",
        ":": "\\:",
        "\n": "\\n",
        "\r": "",
    }
)
_WEIGHT_LIKE = re.compile(r"^%-?\d+(?:\.\d+)?%")


def escape_gift(text: str) -> str:
    """``text`` with GIFT's special characters escaped and new lines written as ``\\n``."""
    return text.translate(_ESCAPES)


def _text(text: str) -> str:
    """An answer or feedback text; ``[markdown]`` in front only where a ``[`` would mislead."""
    escaped = escape_gift(text.strip())
    return f"[markdown]{escaped}" if escaped.startswith("[") else escaped


def _percent(value: Decimal) -> str:
    """A weight as Moodle writes it: at most 5 decimals, no trailing zeros (33.33333, 50)."""
    text = f"{value:.5f}".rstrip("0").rstrip(".")
    return text or "0"


def write_gift(questions: list[Question]) -> str:
    """The questions as a GIFT text (UTF-8 when saved), grouped by main category.

    Never raises for valid questions; see the module doc for the mapping.
    """
    chunks: list[str] = []
    current: str | None = None
    for question in group_by_category(list(questions)):
        category = main_category(question.tags)
        if category != current:
            chunks.append(f"$CATEGORY: {category_path(category)}\n")
            current = category
        chunks.append(_question(question, category))
    return "\n".join(chunks)


def _question(question: Question, category: str | None) -> str:
    content = question.content
    moodle_tags, idnumber = tags_to_moodle(question.tags, content.difficulty, category)
    marks = [f"[id:{_bracket(idnumber)}]"] if idnumber else []
    marks += [f"[tag:{_bracket(tag)}]" for tag in moodle_tags]
    lines = ["// " + " ".join(marks)]
    if content.source.strip():
        source = content.source.strip().replace("\\", "\\\\").replace("\r", "")
        lines.append(f"{SOURCE_COMMENT} {source.replace(chr(10), chr(92) + 'n')}")
    head = f"::{escape_gift(question.name.strip())}::" if question.name.strip() else ""
    head += "[markdown]" + escape_gift(content.stem.strip())
    general = f"####{_text(content.explanation)}" if content.explanation.strip() else ""
    match content.type:
        case QuestionType.SINGLE | QuestionType.MULTIPLE:
            lines.append(head + "{")
            lines += [f"\t{line}" for line in _choice_lines(question)]
            if general:
                lines.append(f"\t{general}")
            lines.append("}")
        case QuestionType.TRUEFALSE:
            lines.append(
                head + "{" + ("TRUE" if content.answer is True else "FALSE") + general + "}"
            )
        case QuestionType.SHORT:
            feedback = compose_essay_feedback(
                str(content.answer), content.rubric, content.explanation
            )
            lines.append(head + "{####" + _text(feedback) + "}")
    return "\n".join(lines) + "\n"


def _choice_lines(question: Question) -> list[str]:
    content = question.content
    keys = content.key_set()
    lines = []
    for key, option in zip(content.option_keys, content.options, strict=True):
        text = _text(option)
        if content.type is QuestionType.SINGLE:
            if key in keys:
                lines.append(f"={text}")
            else:
                # an option starting like a weight would lose its start: weigh it explicitly
                lines.append(f"~%0%{text}" if _WEIGHT_LIKE.match(text) else f"~{text}")
        elif key in keys:
            lines.append(f"~%{_percent(Decimal(100) / len(keys))}%{text}")
        else:
            lines.append(f"~%-100%{text}")
    return lines


def _bracket(value: str) -> str:
    """A value inside Moodle's ``[id:…]`` / ``[tag:…]`` comment syntax (``]`` escaped)."""
    return value.replace("]", "\\]")
