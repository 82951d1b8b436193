"""The Chinese catalog is complete and compiled: every people-facing message has a translation."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "examsvc" / "translations" / "zh_Hans_CN" / "LC_MESSAGES"


def test_every_message_is_translated(tmp_path):
    pot = tmp_path / "messages.pot"
    keywords = [
        a for k in ("_", "gettext", "ngettext:1,2", "lazy_gettext", "_l", "N_") for a in ("-k", k)
    ]
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            *keywords,
            "-o",
            str(pot),
            "examsvc",
            "questionbank",
            "templates",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as fh:
        wanted = {m.id for m in read_po(fh) if m.id}
    with (CATALOG / "messages.po").open("rb") as fh:
        po = read_po(fh)
    translated = {m.id for m in po if m.id and m.string and not m.fuzzy}
    missing = sorted(str(m) for m in wanted - translated)
    assert missing == [], "untranslated (run scripts/i18n.py, then fill them in): " + repr(
        missing[:20]
    )


def test_compiled_catalog_matches_po():
    with (CATALOG / "messages.po").open("rb") as fh:
        po = {m.id: m.string for m in read_po(fh) if m.id and m.string}
    with (CATALOG / "messages.mo").open("rb") as fh:
        mo = {m.id: m.string for m in read_mo(fh) if m.id}
    assert mo == po, "messages.mo is stale: run scripts/i18n.py"
