"""Moodle XML: import (export in :mod:`questionbank.io.moodlexml_write`).

The file is parsed with ``defusedxml``: entity declarations (billion laughs, external entities)
and external references are refused with a problem, the input is capped at
:data:`MAX_XML_BYTES` and :data:`MAX_XML_ELEMENTS`, and a file that fails any of this yields no
questions at all. Questions are read one ``<question>`` at a time.

Mapping (besides :mod:`questionbank.io.moodlemeta` for categories, tags, idnumber, difficulty,
rubric and feedback):

* ``multichoice`` with ``<single>true</single>``: single choice, the 100 % answer is the key
  (other positive fractions are dropped with a warning; several 100 % answers are unsupported);
  ``<single>false</single>``: multiple choice, the positively weighted answers are the keys (one
  positive answer makes a single choice, with a warning);
* ``truefalse``: the answer (``true`` / ``false``) with fraction 100;
* ``essay``: a short answer; reference answer and rubric from ``graderinfo``;
* ``shortanswer`` with exactly one accepted answer at 100 %: a short answer with that reference
  answer (Moodle grades it by string match, this bank by hand); several answers or partial
  credit are unsupported;
* ``<name>`` → ``Question.name`` (no tag: the name is not a classification);
  ``generalfeedback`` → explanation; ``<examsvc_source>`` (written by this service) → source;
* texts in every format are converted to Markdown (:mod:`questionbank.io.moodletext`);
  ``@@PLUGINFILE@@/x.png`` references to the ``<file encoding="base64">`` elements of the
  question become ``image:<sha256>`` after :func:`questionbank.images.check_image` accepted the
  bytes (PNG, JPEG, GIF, WebP up to 5 MB); the images land in ``ImportResult.images`` and in
  ``Question.images``.

Every other question type (numerical, matching, cloze/multianswer, calculated*, ddwtos,
gapselect, description, random…) is listed in ``ImportResult.unsupported``. Problems are located
by ``where`` = ``question N (name)``, N counting the questions of the file (categories not
counted).
"""

from __future__ import annotations

import base64
import binascii
import io
import re
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import unquote
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree as DefusedET

from questionbank.images import check_image
from questionbank.io.common import ImageBlob, ImportResult
from questionbank.io.moodlemeta import (
    add_question,
    category_tag,
    fold_feedback,
    parse_grader_info,
    tags_from_moodle,
    unsupported,
)
from questionbank.io.moodletext import HTML, MOODLE, format_name, to_markdown
from questionbank.io.moodlexml_write import SOURCE_ELEMENT, write_moodlexml
from questionbank.model import (
    OPTION_KEYS,
    Question,
    QuestionContent,
    QuestionType,
)
from questionbank.problems import N_, Problem, ValidationError, error, warning

__all__ = ["MAX_XML_BYTES", "MAX_XML_ELEMENTS", "read_moodlexml", "write_moodlexml"]

MAX_XML_BYTES = 64 * 1024 * 1024
MAX_XML_ELEMENTS = 500_000

_SUPPORTED = {"multichoice", "truefalse", "essay", "shortanswer"}
_DECLARED_ENCODING = re.compile(r"^(\ufeff?<\?xml[^>]*?encoding=)[\"'][^\"']*[\"']")
_DECLARATION = re.compile(rb"^<\?xml[^>]*?encoding=[\"']([A-Za-z0-9._-]+)[\"'][^>]*\?>")
_PLUGINFILE = re.compile(r"@@PLUGINFILE@@/([^\"'<>()\s?#]+)(?:\?[^\"'<>()\s#]*)?")


class _TooManyElementsError(Exception):
    """The file has more elements than :data:`MAX_XML_ELEMENTS`."""


def read_moodlexml(data: bytes) -> ImportResult:
    """Read a Moodle XML file into an :class:`ImportResult` (never raises for bad content).

    Valid questions go to ``questions`` (``where`` = ``question N (name)``), their images to
    ``images``, every error and warning to ``problems``, unsupported question types to
    ``unsupported``. A file that is not well-formed, declares entities, refers to external
    resources or exceeds the size caps gives one problem and nothing else.
    """
    result = ImportResult(format="moodlexml")
    if len(data) > MAX_XML_BYTES:
        result.problems.append(
            error("file", N_("the file is larger than %(limit)s bytes"), limit=MAX_XML_BYTES)
        )
        return result
    data, fatal = _as_utf8(data)
    reader = _Reader(result)
    try:
        fatal = fatal or reader.run(data)
    except defusedxml.DTDForbidden:
        fatal = error(
            "file",
            N_("the file has a document type declaration (DTD), which is refused: "
               "it could declare entities or fetch external resources"),
        )  # fmt: skip
    except defusedxml.EntitiesForbidden:
        fatal = error("file", N_("the file declares XML entities, which are refused"))
    except defusedxml.ExternalReferenceForbidden:
        fatal = error("file", N_("the file refers to an external resource, which is refused"))
    except defusedxml.DefusedXmlException:
        fatal = error("file", N_("the file uses an XML feature that is refused"))
    except _TooManyElementsError:
        fatal = error(
            "file", N_("the file has more than %(limit)s XML elements"), limit=MAX_XML_ELEMENTS
        )
    except ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        fatal = error("file", N_("the file is not well-formed XML: %(detail)s"), detail=str(exc))
        fatal = fatal.at(row=line)
    except ValueError as exc:  # e.g. an encoding expat cannot handle
        fatal = error("file", N_("the file cannot be read as XML: %(detail)s"), detail=str(exc))
    if fatal is not None:
        return ImportResult(format="moodlexml", problems=[fatal])
    if not result.questions and not result.problems and not result.unsupported:
        result.problems.append(warning("file", N_("the file contains no questions")))
    return result


def _as_utf8(data: bytes) -> tuple[bytes, Problem | None]:
    """``data`` as UTF-8, re-encoded when its declaration names another encoding.

    Moodle writes UTF-8, but a hand-made file may be in GBK or GB18030, which expat cannot read.
    """
    match = _DECLARATION.match(data.lstrip(b"\xef\xbb\xbf"))
    if not match:
        return data, None
    encoding = match.group(1).decode("ascii")
    if encoding.lower().replace("_", "-") in ("utf-8", "utf8", "us-ascii", "ascii"):
        return data, None
    try:
        text = data.decode(encoding)
    except (LookupError, UnicodeDecodeError) as exc:
        return data, error(
            "file", N_("the file cannot be decoded as %(encoding)s: %(detail)s"),
            encoding=encoding, detail=str(exc),
        )  # fmt: skip
    text = _DECLARED_ENCODING.sub(r'\1"UTF-8"', text, count=1)
    return text.encode("utf-8"), None


def _text_of(node: Element | None, path: str = "text") -> str:
    if node is None:
        return ""
    return (node.findtext(path) or "").strip()


class _Reader:
    """Reads the ``<question>`` elements of one file into an :class:`ImportResult`."""

    def __init__(self, result: ImportResult) -> None:
        self.result = result
        self.category: str | None = None
        self.index = 0

    def run(self, data: bytes) -> Problem | None:
        """Parse ``data``; a problem if the root is not ``<quiz>``."""
        depth = 0
        count = 0
        events: Any = DefusedET.iterparse(
            io.BytesIO(data), events=("start", "end"), forbid_dtd=True
        )
        for event, elem in events:
            if event == "start":
                count += 1
                if count > MAX_XML_ELEMENTS:
                    raise _TooManyElementsError
                if depth == 0 and elem.tag != "quiz":
                    return error(
                        "file",
                        N_("not a Moodle XML file: the root element is <%(tag)s>, not <quiz>"),
                        tag=str(elem.tag),
                    )
                depth += 1
                continue
            depth -= 1
            if depth == 1 and elem.tag == "question":
                self.question(elem)
                elem.clear()  # keep memory flat: the question is read
        return None

    def question(self, elem: Element) -> None:
        """Read one ``<question>`` element."""
        qtype = (elem.get("type") or "").strip()
        if qtype == "category":
            self.category = category_tag(_text_of(elem.find("category")))
            return
        self.index += 1
        name = _text_of(elem.find("name"))
        where = f"question {self.index} ({name})" if name else f"question {self.index}"
        if not qtype:
            self.result.problems.append(
                error("type", N_("the question has no type")).at(where=where)
            )
            return
        if qtype not in _SUPPORTED:
            construct = f"question type {qtype}"
            if qtype == "multianswer":
                construct += " (cloze)"
            self.result.unsupported.append(unsupported(construct, where=where))
            return
        parse = _QuestionParser(elem)
        content = parse.content(qtype)
        if content is None:
            if parse.unsupported:
                self.result.unsupported.append(unsupported(parse.unsupported, where=where))
            else:
                self.result.problems += [p.at(where=where) for p in parse.problems]
            return
        moodle_tags = [_text_of(tag) for tag in elem.findall("tags/tag")]
        idnumber = (elem.findtext("idnumber") or "").strip()
        meta = tags_from_moodle(moodle_tags, idnumber, self.category)
        content = replace(
            content,
            difficulty=meta.difficulty or 3,
            source=(elem.findtext(SOURCE_ELEMENT) or "").strip(),
        )
        images = {digest: blob.data for digest, blob in parse.images.items()}
        question = Question(content=content, tags=tuple(meta.tags), name=name, images=images)
        problems = [*parse.problems, *meta.problems]
        if add_question(self.result, question, problems, where=where):
            for digest, blob in parse.images.items():
                self.result.images.setdefault(digest, blob)


class _QuestionParser:
    """The content of one supported question, its problems and the images it refers to."""

    def __init__(self, elem: Element) -> None:
        self.elem = elem
        self.problems: list[Problem] = []
        self.unsupported: str | None = None
        self.images: dict[str, ImageBlob] = {}
        self.all_files = {f.get("name", ""): f for f in elem.iter("file")}

    # -- texts and images
    def text(self, node: Element | None, default: str = HTML) -> str:
        """The Markdown of a text field (``<x format="…"><text>…</text><file/>…</x>``)."""
        if node is None:
            return ""
        raw = node.findtext("text") or ""
        local = {f.get("name", ""): f for f in node.findall("file")}
        raw = _PLUGINFILE.sub(lambda m: self._image(m.group(0), unquote(m.group(1)), local), raw)
        return to_markdown(raw, format_name(node.get("format"), default))

    def _image(self, reference: str, name: str, local: dict[str, Element]) -> str:
        file = local.get(name)
        if file is None:
            file = self.all_files.get(name)
        if file is None:
            self.problems.append(
                error("image", N_("%(name)s is referred to but not in the file"), name=name)
            )
            return reference
        if (file.get("encoding") or "base64").lower() != "base64":
            self.problems.append(error("image", N_("%(name)s is not base64-encoded"), name=name))
            return reference
        try:
            data = base64.b64decode(file.text or "")
            digest, mime = check_image(data, name)
        except binascii.Error:
            self.problems.append(error("image", N_("%(name)s is not valid base64"), name=name))
            return reference
        except ValidationError as exc:
            self.problems += exc.problems
            return reference
        self.images[digest] = ImageBlob(digest, mime, data)
        return f"image:{digest}"

    def answers(self, default: str = HTML) -> list[tuple[Decimal, str, str]]:
        """``(fraction in percent, text, feedback)`` of every ``<answer>``."""
        found = []
        for answer in self.elem.findall("answer"):
            raw = answer.get("fraction", "0")
            try:
                fraction = Decimal(raw.strip())
                if not fraction.is_finite():
                    raise InvalidOperation
            except InvalidOperation:
                self.problems.append(
                    error("answer", N_("fraction %(value)s is not a number"), value=raw)
                )
                fraction = Decimal(0)
            text = self.text(answer, default)
            found.append((fraction, text, self.text(answer.find("feedback"))))
        return found

    # -- the four types
    def content(self, qtype: str) -> QuestionContent | None:
        """The question's content, or ``None`` (see ``problems`` / ``unsupported``)."""
        stem = self.text(self.elem.find("questiontext"))
        explanation = self.text(self.elem.find("generalfeedback"))
        if qtype == "essay":
            return self._essay(stem, explanation)
        answers = self.answers(MOODLE if qtype != "multichoice" else HTML)
        if qtype == "truefalse":
            return self._truefalse(stem, explanation, answers)
        if qtype == "shortanswer":
            return self._shortanswer(stem, explanation, answers)
        return self._multichoice(stem, explanation, answers)

    def _essay(self, stem: str, explanation: str) -> QuestionContent:
        info = self.text(self.elem.find("graderinfo"))
        answer, rubric, problems = parse_grader_info(info)
        self.problems += problems
        if not answer and not rubric and explanation:
            answer, explanation = explanation, ""
            self.problems.append(
                warning(
                    "answer",
                    N_("an essay without information for graders: its general feedback is "
                       "taken as the reference answer"),
                )
            )  # fmt: skip
        return QuestionContent(
            QuestionType.SHORT, stem, answer=answer, rubric=rubric, explanation=explanation
        )

    def _truefalse(
        self, stem: str, explanation: str, answers: list[tuple[Decimal, str, str]]
    ) -> QuestionContent | None:
        by_value = {
            text.strip().lower(): (fraction, feedback) for fraction, text, feedback in answers
        }
        right = [value for value, (fraction, _) in by_value.items() if fraction > 0]
        if len(right) != 1 or right[0] not in ("true", "false"):
            self.problems.append(
                error("answer", N_("a true/false question needs one right answer, true or false"))
            )
            return None
        feedback = [
            ("对", by_value.get("true", (0, ""))[1]),
            ("错", by_value.get("false", (0, ""))[1]),
        ]
        return QuestionContent(
            QuestionType.TRUEFALSE,
            stem,
            answer=right[0] == "true",
            explanation=fold_feedback(explanation, feedback),
        )

    def _shortanswer(
        self, stem: str, explanation: str, answers: list[tuple[Decimal, str, str]]
    ) -> QuestionContent | None:
        if len(answers) != 1:
            self.unsupported = "short answer with several accepted answers"
            return None
        fraction, text, feedback = answers[0]
        if fraction != 100:
            self.unsupported = "short answer with partial credit"
            return None
        return QuestionContent(
            QuestionType.SHORT,
            stem,
            answer=text,
            explanation=fold_feedback(explanation, [("答案", feedback)]),
        )

    def _multichoice(
        self, stem: str, explanation: str, answers: list[tuple[Decimal, str, str]]
    ) -> QuestionContent | None:
        single = (self.elem.findtext("single") or "true").strip().lower() in ("true", "1")
        options = tuple(text for _, text, _ in answers)
        keys = [OPTION_KEYS[i] if i < len(OPTION_KEYS) else "?" for i in range(len(answers))]
        explanation = fold_feedback(
            explanation,
            [(key, feedback) for key, (_, _, feedback) in zip(keys, answers, strict=True)],
        )
        positive = [
            key for key, (fraction, _, _) in zip(keys, answers, strict=True) if fraction > 0
        ]
        if single:
            full = [
                key for key, (fraction, _, _) in zip(keys, answers, strict=True) if fraction >= 100
            ]
            if len(full) > 1:
                self.unsupported = "single choice with several right answers"
                return None
            if not full:
                self.problems.append(error("answer", N_("no answer has the fraction 100")))
                return None
            if len(positive) > 1:
                self.problems.append(
                    warning("answer", N_("partial credit of the other options is dropped"))
                )
            return QuestionContent(
                QuestionType.SINGLE, stem, options, full[0], explanation=explanation
            )
        if not positive:
            self.problems.append(error("answer", N_("no answer has a positive fraction")))
            return None
        if len(positive) == 1:
            self.problems.append(
                warning(
                    "answer", N_("only one option has a positive weight: imported as single choice")
                )
            )
            return QuestionContent(
                QuestionType.SINGLE, stem, options, positive[0], explanation=explanation
            )
        return QuestionContent(
            QuestionType.MULTIPLE, stem, options, tuple(positive), explanation=explanation
        )
