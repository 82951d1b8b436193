"""Fill Chinese translations into the catalog from a JSON object {msgid: msgstr} on stdin.

python scripts/po_fill.py < new-translations.json && python scripts/i18n.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

PO = (
    Path(__file__).resolve().parent.parent
    / "examsvc/translations/zh_Hans_CN/LC_MESSAGES/messages.po"
)


def main() -> int:
    pairs = json.load(sys.stdin)
    with PO.open("rb") as fh:
        catalog = read_po(fh)
    unknown = []
    for msgid, msgstr in pairs.items():
        message = catalog.get(msgid)
        if message is None:
            unknown.append(msgid)
            continue
        message.string = msgstr
        message.flags.discard("fuzzy")
    with PO.open("wb") as fh:
        write_po(fh, catalog, width=100, omit_header=False, sort_output=True, no_location=True)
    for msgid in unknown:
        print(f"not in catalog (run scripts/i18n.py first?): {msgid!r}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
