"""Refresh the message catalogs: extract → update → compile, and report what is untranslated.

python scripts/i18n.py           # extract, update, compile
python scripts/i18n.py --check   # exit 1 if any message lacks a Chinese translation
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "examsvc" / "translations"
POT = ROOT / "messages.pot"
LOCALES = ["zh_Hans_CN"]
KEYWORDS = ["_", "gettext", "ngettext:1,2", "lazy_gettext", "_l", "N_"]


def pybabel(*args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", *args],
        check=True,
        cwd=ROOT,
        capture_output=True,
    )


def untranslated(locale: str) -> list[str]:
    po = TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as fh:
        catalog = read_po(fh)
    return [
        str(m.id)
        for m in catalog
        if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)) or m.fuzzy)
    ]


def main() -> int:
    check = "--check" in sys.argv
    if not check:
        keywords = [arg for k in KEYWORDS for arg in ("-k", k)]
        pybabel(
            "extract",
            "-F",
            "babel.cfg",
            "--no-location",
            "--sort-output",
            *keywords,
            "-o",
            str(POT),
            "examsvc",
            "questionbank",
            "templates",
        )
        for locale in LOCALES:
            po = TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"
            if po.exists():
                pybabel(
                    "update",
                    "-i",
                    str(POT),
                    "-d",
                    str(TRANSLATIONS),
                    "-l",
                    locale,
                    "--no-fuzzy-matching",
                    "--ignore-obsolete",
                )
            else:
                pybabel("init", "-i", str(POT), "-d", str(TRANSLATIONS), "-l", locale)
        pybabel("compile", "-d", str(TRANSLATIONS))
    missing = {locale: untranslated(locale) for locale in LOCALES}
    for locale, ids in missing.items():
        for msgid in ids:
            print(f"{locale}: untranslated: {msgid!r}")
    return 1 if check and any(missing.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
