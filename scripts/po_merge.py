"""Resolve a merge conflict in the Chinese catalog: keep every translation from both sides.

git merge other-branch      # conflict in messages.po
python scripts/po_merge.py  # takes both sides' translations, re-extracts, recompiles
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
REL = "examsvc/translations/zh_Hans_CN/LC_MESSAGES/messages.po"


def side(stage: int):
    data = subprocess.run(
        ["git", "show", f":{stage}:{REL}"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    return read_po(io.BytesIO(data))


def main() -> int:
    ours, theirs = side(2), side(3)
    for message in theirs:
        mine = ours.get(message.id) if message.id else None
        if message.id and message.string and not (mine and mine.string):
            ours.add(message.id, message.string)
    with (ROOT / REL).open("wb") as fh:
        write_po(fh, ours, width=100, sort_output=True, no_location=True)
    subprocess.run([sys.executable, "scripts/i18n.py"], cwd=ROOT, check=True)
    subprocess.run(["git", "add", REL, REL.replace(".po", ".mo")], cwd=ROOT, check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
