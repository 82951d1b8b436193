#!/usr/bin/env bash
# Sets itself up and runs the whole test suite: ./test.sh [pytest arguments]
# SQLite by default; PostgreSQL with
#   EXAMSVC_TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test ./test.sh
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -x .venv/bin/python ]; then
  "${PYTHON:-python3}" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
# a real (non-editable) install: the suite checks that the installed copy works on its own
.venv/bin/python -m pip install -q --disable-pip-version-check ".[test]"

if ! command -v "${EXAMSVC_CHROMIUM:-/usr/bin/chromium}" >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian's chromium for the browser tests …"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null
  else
    echo "note: no Chromium at /usr/bin/chromium — browser tests will be skipped (apt-get install chromium)"
  fi
fi

exec .venv/bin/python -m pytest "$@"
