"""Markdown → sanitized HTML: the one function every page that shows question text uses.

Question text is Markdown (python-markdown with tables, fenced code and sane lists). The HTML it
produces, including any raw HTML an author or an imported file slipped in, is cleaned by nh3
against an explicit allow-list. Images may come only from the service's own image store: the
Markdown names them as ``image:<sha256>`` and :func:`render_markdown` turns that into the URL the
service serves them at; any other image source is dropped.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable

import markdown
import nh3

#: bump when the allow-list or the Markdown extensions change, so stored HTML is re-rendered
RENDERER_VERSION = 1

IMAGE_SCHEME = "image:"
_IMAGE_REF = re.compile(r"^image:([0-9a-f]{64})$")
#: ``![alt](image:<sha>)``, also with ``<>`` around the source or a title after it
_MARKDOWN_IMAGE = re.compile(
    r"!\[[^\]]*\]\(\s*<?image:([0-9a-f]{64})>?(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\)"
)

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "hr",
        "em",
        "strong",
        "b",
        "i",
        "u",
        "s",
        "sub",
        "sup",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "img",
        "a",
        "span",
        "h3",
        "h4",
        "h5",
        "h6",
        "dl",
        "dt",
        "dd",
    }
)
ALLOWED_ATTRIBUTES = {
    "img": {"src", "alt", "title", "width", "height"},
    "a": {"href", "title"},
    "th": {"align", "colspan", "rowspan"},
    "td": {"align", "colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "image"})

_local = threading.local()


def _converter() -> markdown.Markdown:
    md = getattr(_local, "md", None)
    if md is None:
        md = markdown.Markdown(
            extensions=["tables", "fenced_code", "sane_lists", "nl2br"],
            output_format="html",
        )
        _local.md = md
    return md


def default_image_url(digest: str) -> str:
    """Where the service serves an image of the store (overridable per call)."""
    return f"/images/{digest}"


def render_markdown(text: str | None, image_url: Callable[[str], str] = default_image_url) -> str:
    """Render Markdown to HTML that is safe to embed in a page.

    Nothing executable survives: ``<script>``, event-handler attributes, ``javascript:`` and
    ``data:`` URLs, ``<iframe>``, ``<style>``, forms and SVG are removed; ``<img>`` keeps only
    sources of the form ``image:<sha256>`` (rewritten through ``image_url``); links get
    ``rel="noopener noreferrer"``.
    """
    if not text:
        return ""
    md = _converter()
    md.reset()
    html = md.convert(text)

    def keep_attribute(tag: str, attr: str, value: str) -> str | None:
        if tag == "img" and attr == "src":
            match = _IMAGE_REF.match(value)
            return image_url(match.group(1)) if match else None
        if tag == "a" and attr == "href" and value.startswith(IMAGE_SCHEME):
            return None
        return value

    cleaned = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        attribute_filter=keep_attribute,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    # an <img> whose source was dropped is useless: remove it entirely
    return re.sub(r"<img(?![^>]*\ssrc=)[^>]*>", "", cleaned)


def image_refs(text: str | None) -> set[str]:
    """The image-store digests a Markdown text refers to."""
    return set(_MARKDOWN_IMAGE.findall(text or ""))


def plain_text(text: str | None, limit: int | None = None) -> str:
    """A one-line plain-text form of Markdown, for lists and titles (no HTML at all)."""
    html = render_markdown(text, image_url=lambda _d: "")
    stripped = nh3.clean(html, tags=set())
    flat = " ".join(stripped.split())
    flat = flat.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    flat = flat.replace("&quot;", '"').replace("&#39;", "'")
    if limit and len(flat) > limit:
        return flat[: limit - 1] + "…"
    return flat
