import subprocess
import sys

import pytest

from questionbank.render import image_refs, plain_text, render_markdown

DIGEST = "ab" * 32

XSS = [
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "<img src=x onerror=alert(1)>",
    "<a href='data:text/html,<script>alert(1)</script>'>d</a>",
    "<svg onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    "<style>*{}</style>",
    "<form action=x><button>go</button></form>",
    "<p onclick='alert(1)'>p</p>",
    "![x](https://evil.example/x.png)",
    "<object data=x></object><embed src=x>",
    "<math><mi xlink:href='javascript:alert(1)'>x</mi></math>",
]


@pytest.mark.parametrize("payload", XSS)
def test_nothing_executable_survives(payload):
    html = render_markdown(payload).lower()
    for bad in (
        "<script",
        "javascript:",
        "onerror",
        "onload",
        "onclick",
        "<iframe",
        "<svg",
        "<style",
        "<form",
        "data:",
        "evil.example",
        "<object",
        "<embed",
        "<math",
    ):
        assert bad not in html, (payload, html)


def test_markdown_features_kept():
    html = render_markdown("**粗** *斜* `c`\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- x\n- y")
    for tag in ("<strong>", "<em>", "<code>", "<table>", "<td>", "<ul>", "<li>"):
        assert tag in html


def test_images_only_from_store():
    html = render_markdown(f"![图]( image:{DIGEST} )", image_url=lambda d: f"/img/{d}")
    assert f'src="/img/{DIGEST}"' in html
    assert image_refs(f"x ![a](image:{DIGEST}) y") == {DIGEST}


def test_links_are_safe():
    assert 'rel="noopener noreferrer"' in render_markdown("[a](https://example.com)")


def test_plain_text():
    assert plain_text("**粗体** & <b>x</b>") == "粗体 & x"
    assert plain_text("一二三四五", limit=3) == "一二…"


def test_questionbank_does_not_import_flask():
    code = (
        "import sys, importlib, pkgutil, questionbank\n"
        "for m in pkgutil.walk_packages(questionbank.__path__, 'questionbank.'):\n"
        "    importlib.import_module(m.name)\n"
        "assert 'flask' not in sys.modules, 'flask imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
