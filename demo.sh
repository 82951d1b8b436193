#!/usr/bin/env bash
# Sets itself up and serves a fresh demo on http://127.0.0.1:5000 (SQLite in ./instance).
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -x .venv/bin/python ]; then
  "${PYTHON:-python3}" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install -q --disable-pip-version-check .

export EXAMSVC_INSTANCE_PATH="${EXAMSVC_INSTANCE_PATH:-$PWD/instance}"
exec .venv/bin/examsvc demo --serve "$@"
