"""Moodle's text formats turned into the bank's Markdown.

Moodle stores every text (question text, answers, feedback) with a format: ``html``,
``moodle_auto_format`` (GIFT ``[moodle]``, the GIFT default), ``plain_text`` (GIFT ``[plain]``) or
``markdown``. The bank keeps Markdown only, so an import converts:

* **markdown** is kept as it is (the renderer sanitizes it on display);
* **plain text** is escaped so that it shows literally (``2*3`` stays ``2*3``, ``<b>`` shows as
  text), line breaks kept;
* **HTML** is first cleaned with nh3 against the renderer's own allow-list (scripts, styles,
  event handlers, iframes, forms and foreign URL schemes go), then, when it uses only simple
  markup (paragraphs, line breaks, bold, italic, links, images, flat lists, spans), converted to
  Markdown; richer HTML (tables, sub/superscript, code, …) is kept as the cleaned HTML, which
  python-markdown passes through and :func:`questionbank.render.render_markdown` sanitizes again;
* **moodle_auto_format** is treated as HTML (new lines becoming ``<br>``) when it contains tags,
  otherwise as plain text.

Exports always write Markdown (GIFT ``[markdown]``, XML ``format="markdown"``), so a round trip
through this service never goes through these conversions.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import nh3

from questionbank.render import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, URL_SCHEMES

HTML = "html"
PLAIN = "plain"
MOODLE = "moodle"
MARKDOWN = "markdown"

#: Moodle XML ``format`` attribute values and GIFT ``[format]`` prefixes → our four names
FORMAT_NAMES = {
    "html": HTML,
    "moodle_auto_format": MOODLE,
    "moodle": MOODLE,
    "plain_text": PLAIN,
    "plain": PLAIN,
    "markdown": MARKDOWN,
}

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]])")
_ENTITY_LIKE = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_LINE_START_MARK = re.compile(r"^([#>+\-|])", re.M)
_LINE_START_NUMBER = re.compile(r"^(\d+)([.)])", re.M)
_LINE_START_EQUALS = re.compile(r"^=", re.M)
_DIV = re.compile(r"<(/?)div\b[^>]*>", re.IGNORECASE)
_BIG_HEADING = re.compile(r"<(/?)h[12]\b[^>]*>", re.IGNORECASE)
_LOOKS_LIKE_HTML = re.compile(r"</?[A-Za-z][^>]*>")


def format_name(raw: str | None, default: str = HTML) -> str:
    """Our name (``html``, ``plain``, ``moodle``, ``markdown``) of a Moodle format name.

    Unknown or missing names give ``default``.
    """
    return FORMAT_NAMES.get((raw or "").strip().lower(), default)


def escape_markdown(text: str) -> str:
    """Plain text → Markdown that renders as exactly that text (line breaks kept).

    Backslash-escapes the inline markup characters, turns ``<`` and entity-like ``&`` into
    entities, and neutralises what would start a heading, quote, list, table or setext underline
    at the beginning of a line. Leading indentation is dropped (it would make a code block).
    """
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    text = "\n".join(lines)
    text = _ENTITY_LIKE.sub("&amp;", text)
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    text = text.replace("<", "&lt;")
    return _escape_line_starts(text)


def _escape_line_starts(text: str) -> str:
    text = _LINE_START_MARK.sub(r"\\\1", text)
    text = _LINE_START_NUMBER.sub(r"\1\\\2", text)
    # python-markdown cannot backslash-escape "=", so use its entity
    return _LINE_START_EQUALS.sub("&#61;", text)


def clean_html(html: str) -> str:
    """``html`` cleaned with nh3 against the renderer's allow-list (nothing executable left).

    ``<div>`` becomes ``<p>`` and ``<h1>``/``<h2>`` become ``<h3>`` first: the allow-list lacks
    them, and dropping them would run their blocks together.
    """
    html = _DIV.sub(r"<\1p>", html)
    html = _BIG_HEADING.sub(r"<\1h3>", html)
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )


def to_markdown(text: str | None, fmt: str) -> str:
    """Convert a Moodle text in format ``fmt`` (one of our four names) to Markdown, stripped."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    if fmt == MARKDOWN:
        return text.strip()
    if fmt == MOODLE:
        if not _LOOKS_LIKE_HTML.search(text):
            return escape_markdown(text).strip()
        return html_to_markdown(text.strip().replace("\n", "<br>\n"))
    if fmt == PLAIN:
        return escape_markdown(text).strip()
    return html_to_markdown(text)


def html_to_markdown(html: str) -> str:
    """Clean ``html`` and convert it to Markdown when its markup is simple (see module doc)."""
    cleaned = clean_html(html).strip()
    converter = _SimpleHtmlConverter()
    try:
        converter.feed(cleaned)
        converter.close()
    except _NotSimpleError:
        return cleaned
    return converter.markdown()


# --------------------------------------------------------------------------- HTML → Markdown


class _NotSimpleError(Exception):
    """The HTML uses markup the converter does not translate; keep it as HTML."""


_BLOCK_TAGS = {"p", "ul", "ol", "li"}
_INLINE_TAGS = {"strong", "b", "em", "i", "a", "span", "img", "br"}
_WHITESPACE = re.compile(r"[ \t\n\r\f]+")


class _SimpleHtmlConverter(HTMLParser):
    """Paragraphs, line breaks, bold, italic, links, images, spans and flat lists → Markdown."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[int, str]] = []  # (list number or 0, Markdown)
        self.lists = 0
        self.current: list[str] = []
        self.inline_stack: list[tuple[str, str, int]] = []  # (tag, closing markup, position)
        self.list_kind: str | None = None
        self.list_number = 0

    def _flush(self) -> None:
        text = "".join(self.current)
        self.current = []
        self.inline_stack = []
        lines = [line.strip() for line in text.split("\n")]
        text = _escape_line_starts("\n".join(lines).strip())
        if not text:
            return
        if self.list_kind is None:
            self.blocks.append((0, text))
            return
        marker = "-" if self.list_kind == "ul" else f"{self.list_number}."
        self.blocks.append((self.lists, f"{marker} " + text.replace("\n", "\n   ")))

    def markdown(self) -> str:
        """The converted Markdown."""
        self._flush()
        out: list[str] = []
        for index, (in_list, text) in enumerate(self.blocks):
            if index:
                # the items of one list are separated by one new line, everything else by two
                same_list = in_list and self.blocks[index - 1][0] == in_list
                out.append("\n" if same_list else "\n\n")
            out.append(text)
        return "".join(out).strip()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag not in _BLOCK_TAGS | _INLINE_TAGS:
            raise _NotSimpleError(tag)
        if tag == "p":
            self._flush()
        elif tag in ("ul", "ol"):
            if self.list_kind is not None:
                raise _NotSimpleError("nested list")
            self._flush()
            self.list_kind, self.list_number = tag, 0
            self.lists += 1
        elif tag == "li":
            if self.list_kind is None:
                raise _NotSimpleError("li outside a list")
            self._flush()
            self.list_number += 1
        elif tag == "br":
            self.current.append("\n")
        elif tag in ("strong", "b", "em", "i"):
            mark = "**" if tag in ("strong", "b") else "*"
            self.inline_stack.append((tag, mark, len(self.current)))
            self.current.append(mark)
        elif tag == "a":
            href = values.get("href", "")
            self.inline_stack.append((tag, f"]({_link_target(href)})" if href else "", -1))
            if href:
                self.current.append("[")
        elif tag == "img":
            src = values.get("src", "")
            if src:
                alt = _INLINE_SPECIAL.sub(r"\\\1", values.get("alt", ""))
                self.current.append(f"![{alt}]({_link_target(src)})")
        # span: unwrapped

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in ("br", "img"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag not in _BLOCK_TAGS | _INLINE_TAGS:
            raise _NotSimpleError(tag)
        if tag in ("p", "li"):
            self._flush()
        elif tag in ("ul", "ol"):
            self._flush()
            self.list_kind = None
        elif self.inline_stack and self.inline_stack[-1][0] == tag:
            _, closing, position = self.inline_stack.pop()
            if position < 0:
                self.current.append(closing)
                return
            # "** bold **" is not bold in Markdown: keep the inner spaces outside the markers
            inner = "".join(self.current[position + 1 :])
            del self.current[position:]
            if inner.strip():
                lead = inner[: len(inner) - len(inner.lstrip())]
                trail = inner[len(inner.rstrip()) :]
                self.current += [lead, closing, inner.strip(), closing, trail]
            else:
                self.current.append(inner)

    def handle_data(self, data: str) -> None:
        text = _WHITESPACE.sub(" ", data)
        text = _ENTITY_LIKE.sub("&amp;", text)
        text = _INLINE_SPECIAL.sub(r"\\\1", text)
        self.current.append(text.replace("<", "&lt;"))


def _link_target(url: str) -> str:
    """A URL as a Markdown link target (angle brackets when it has parentheses)."""
    url = url.replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")
    return f"<{url}>" if re.search(r"[()]", url) else url
