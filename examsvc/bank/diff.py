"""A readable diff between two versions of a question, field by field.

Each field (stem, options, answer, rubric, explanation, difficulty, source) is turned into
lines of plain text and compared with :mod:`difflib`; the page shows removed and added lines
side by side with unchanged context. The output is plain data: the template escapes every
line (question text is Markdown typed by people and never trusted as HTML). No Flask here.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from questionbank.model import DIFFICULTY_LABELS, OPTION_KEYS, QuestionContent, QuestionType

#: the fields compared, in the order the page shows them
DIFF_FIELDS = ("type", "stem", "options", "answer", "rubric", "explanation", "difficulty", "source")


@dataclass(frozen=True)
class DiffLine:
    """One line of a field's diff: ``kind`` is ``same``, ``added`` or ``removed``."""

    kind: str
    text: str


@dataclass(frozen=True)
class FieldDiff:
    """The diff of one field; ``changed`` is False when both versions agree."""

    field: str
    lines: tuple[DiffLine, ...]

    @property
    def changed(self) -> bool:
        """Whether anything was added or removed."""
        return any(line.kind != "same" for line in self.lines)


def answer_text(content: QuestionContent) -> str:
    """The answer as people write it: ``B``, ``ACD``, 对 / 错, or the reference answer."""
    answer = content.answer
    if content.type is QuestionType.TRUEFALSE:
        return "对" if answer is True else "错" if answer is False else ""
    if isinstance(answer, tuple):
        return "".join(answer)
    return str(answer)


def field_lines(content: QuestionContent, name: str) -> list[str]:
    """The lines of text that stand for field ``name`` of ``content`` in a diff."""
    match name:
        case "type":
            return [content.type.value]
        case "options":
            return [
                f"{key}. {line}" if number == 0 else f"   {line}"
                for key, text in zip(OPTION_KEYS, content.options, strict=False)
                for number, line in enumerate(text.splitlines() or [""])
            ]
        case "answer":
            return answer_text(content).splitlines()
        case "rubric":
            return [f"{point.text}｜{point.share.normalize():f}" for point in content.rubric]
        case "difficulty":
            level = content.difficulty
            return [f"{level} {DIFFICULTY_LABELS.get(level, '')}".strip()]
        case _:
            return str(getattr(content, name) or "").splitlines()


def diff_lines(old: list[str], new: list[str]) -> tuple[DiffLine, ...]:
    """``old`` → ``new`` as same / removed / added lines (removed before added in a change)."""
    lines: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            lines += [DiffLine("same", text) for text in old[a0:a1]]
            continue
        lines += [DiffLine("removed", text) for text in old[a0:a1]]
        lines += [DiffLine("added", text) for text in new[b0:b1]]
    return tuple(lines)


def version_diff(old: QuestionContent, new: QuestionContent) -> list[FieldDiff]:
    """The diff of every field of two versions' contents, in :data:`DIFF_FIELDS` order."""
    return [
        FieldDiff(name, diff_lines(field_lines(old, name), field_lines(new, name)))
        for name in DIFF_FIELDS
    ]
