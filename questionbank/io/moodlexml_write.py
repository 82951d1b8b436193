"""Writing a bank as Moodle XML (read back by :func:`questionbank.io.moodlexml.read_moodlexml`).

Texts are written with ``format="markdown"`` (Moodle renders Markdown), so they come back
unchanged. Types: single → ``multichoice`` with ``<single>true</single>`` (key 100, others 0);
multiple → ``<single>false</single>``, each key ``100 / number of keys`` and each other option
-100 (a wrong pick scores 0, like the contest rule); true/false → ``truefalse``; short →
``essay`` whose ``graderinfo`` holds the reference answer and the rubric. The explanation is the
general feedback. Defaults Moodle needs: ``defaultgrade`` per type (single 1, multiple 2,
true/false 0.5, short 5: the typical paper's points), ``penalty`` Moodle's defaults (1/3 for
choices, 1 for true/false, 0 for essays), ``shuffleanswers`` true, ``answernumbering`` ``ABCD``
(the bank's keys), ``hidden`` 0.

Categories, tags, idnumber and difficulty follow :mod:`questionbank.io.moodlemeta`; the source
goes into ``<examsvc_source>``, an element Moodle ignores. A question without a name gets one
from its stem (Moodle requires names), which a re-import then keeps. Images referred to as
``image:<sha256>`` are embedded as ``<file encoding="base64">`` in the field that uses them and
referred to as ``@@PLUGINFILE@@/<sha256>.<ext>``, when their bytes are known (``images`` or
``Question.images``); otherwise the reference is left as it is. Characters XML 1.0 cannot hold
(control characters other than tab and new line) are dropped, and CR becomes a new line.
"""

from __future__ import annotations

import base64
import re
import xml.etree.ElementTree as ET  # builds and serialises only; parsing uses defusedxml
from decimal import Decimal

from questionbank.images import extension_for, sniff_image_type
from questionbank.io.common import ImageBlob
from questionbank.io.moodlemeta import (
    category_path,
    compose_grader_info,
    group_by_category,
    main_category,
    tags_to_moodle,
)
from questionbank.model import Question, QuestionType
from questionbank.render import plain_text

SOURCE_ELEMENT = "examsvc_source"
MARKDOWN = "markdown"

DEFAULT_GRADES = {
    QuestionType.SINGLE: "1.0000000",
    QuestionType.MULTIPLE: "2.0000000",
    QuestionType.TRUEFALSE: "0.5000000",
    QuestionType.SHORT: "5.0000000",
}
PENALTIES = {
    QuestionType.SINGLE: "0.3333333",
    QuestionType.MULTIPLE: "0.3333333",
    QuestionType.TRUEFALSE: "1.0000000",
    QuestionType.SHORT: "0.0000000",
}

_IMAGE_REF = re.compile(r"image:([0-9a-f]{64})")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _percent(value: Decimal) -> str:
    text = f"{value:.5f}".rstrip("0").rstrip(".")
    return text or "0"


class _Writer:
    """Builds the ``<quiz>`` tree; knows the image bytes available."""

    def __init__(self, images: dict[str, ImageBlob]) -> None:
        self.images = images

    def image_file(self, digest: str, question: Question) -> tuple[str, bytes] | None:
        """``(file name, bytes)`` of an image, or ``None`` when its bytes are unknown."""
        blob = self.images.get(digest)
        data = blob.data if blob else question.images.get(digest)
        if not data:
            return None
        mime = blob.mime if blob else sniff_image_type(data)
        if mime is None:
            return None
        return f"{digest}.{extension_for(mime)}", data

    def text_field(
        self, parent: ET.Element, tag: str, text: str, question: Question, fmt: str = MARKDOWN
    ) -> ET.Element:
        """``<tag format="…"><text>…</text><file …/>…</tag>`` with the images it refers to."""
        node = ET.SubElement(parent, tag, format=fmt)
        files: dict[str, bytes] = {}

        def embed(match: re.Match[str]) -> str:
            found = self.image_file(match.group(1), question)
            if found is None:
                return match.group(0)
            files[found[0]] = found[1]
            return f"@@PLUGINFILE@@/{found[0]}"

        ET.SubElement(node, "text").text = _xml_text(_IMAGE_REF.sub(embed, text.strip()))
        for name, data in files.items():
            file = ET.SubElement(node, "file", name=name, path="/", encoding="base64")
            file.text = base64.b64encode(data).decode("ascii")
        return node

    def question(self, question: Question, index: int) -> ET.Element:
        """The ``<question>`` element of one bank question."""
        content = question.content
        qtype = {
            QuestionType.SINGLE: "multichoice",
            QuestionType.MULTIPLE: "multichoice",
            QuestionType.TRUEFALSE: "truefalse",
            QuestionType.SHORT: "essay",
        }[content.type]
        category = main_category(question.tags)
        moodle_tags, idnumber = tags_to_moodle(question.tags, content.difficulty, category)
        node = ET.Element("question", type=qtype)
        name = question.name.strip() or plain_text(content.stem, 60) or f"question {index}"
        ET.SubElement(ET.SubElement(node, "name"), "text").text = _xml_text(name)
        self.text_field(node, "questiontext", content.stem, question)
        self.text_field(node, "generalfeedback", content.explanation, question)
        ET.SubElement(node, "defaultgrade").text = DEFAULT_GRADES[content.type]
        ET.SubElement(node, "penalty").text = PENALTIES[content.type]
        ET.SubElement(node, "hidden").text = "0"
        ET.SubElement(node, "idnumber").text = _xml_text(idnumber)
        if content.type.is_choice:
            self._choices(node, question)
        elif content.type is QuestionType.TRUEFALSE:
            for value in (True, False):
                answer = ET.SubElement(
                    node,
                    "answer",
                    fraction="100" if content.answer is value else "0",
                    format="moodle_auto_format",
                )
                ET.SubElement(answer, "text").text = "true" if value else "false"
                self._empty(answer, "feedback")
        else:
            for tag, value in (
                ("responseformat", "editor"),
                ("responserequired", "1"),
                ("responsefieldlines", "15"),
                ("attachments", "0"),
                ("attachmentsrequired", "0"),
            ):
                ET.SubElement(node, tag).text = value
            info = compose_grader_info(str(content.answer), content.rubric)
            self.text_field(node, "graderinfo", info, question)
            self._empty(node, "responsetemplate")
        if moodle_tags:
            tags = ET.SubElement(node, "tags")
            for tag in moodle_tags:
                ET.SubElement(ET.SubElement(tags, "tag"), "text").text = _xml_text(tag)
        if content.source.strip():
            ET.SubElement(node, SOURCE_ELEMENT).text = _xml_text(content.source.strip())
        return node

    def _choices(self, node: ET.Element, question: Question) -> None:
        content = question.content
        keys = content.key_set()
        single = content.type is QuestionType.SINGLE
        ET.SubElement(node, "single").text = "true" if single else "false"
        ET.SubElement(node, "shuffleanswers").text = "true"
        ET.SubElement(node, "answernumbering").text = "ABCD"
        ET.SubElement(node, "showstandardinstruction").text = "0"
        for tag in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
            self._empty(node, tag)
        if not single:
            ET.SubElement(node, "shownumcorrect")
        for key, option in zip(content.option_keys, content.options, strict=True):
            if single:
                fraction = "100" if key in keys else "0"
            else:
                fraction = _percent(Decimal(100) / len(keys)) if key in keys else "-100"
            answer = self.text_field(node, "answer", option, question)
            answer.set("fraction", fraction)
            self._empty(answer, "feedback")

    @staticmethod
    def _empty(parent: ET.Element, tag: str) -> None:
        ET.SubElement(ET.SubElement(parent, tag, format="html"), "text").text = ""


def _category(tag: str | None) -> ET.Element:
    node = ET.Element("question", type="category")
    ET.SubElement(ET.SubElement(node, "category"), "text").text = _xml_text(category_path(tag))
    info = ET.SubElement(node, "info", format="moodle_auto_format")
    ET.SubElement(info, "text").text = ""
    ET.SubElement(node, "idnumber").text = ""
    return node


def write_moodlexml(questions: list[Question], images: dict[str, ImageBlob] | None = None) -> bytes:
    """The questions as a Moodle XML file (UTF-8 bytes), grouped by main category.

    ``images`` (by digest) supplies the bytes of ``image:<sha256>`` references, in addition to
    each question's own ``Question.images``. Never raises for valid questions.
    """
    writer = _Writer(images or {})
    root = ET.Element("quiz")
    current: str | None = None
    for index, question in enumerate(group_by_category(list(questions)), start=1):
        category = main_category(question.tags)
        if category != current:
            root.append(_category(category))
            current = category
        root.append(writer.question(question, index))
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'.encode()
