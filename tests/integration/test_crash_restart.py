"""Kill every server process with SIGKILL under a stream of saves, restart, and find every
acknowledged save in the database, deadlines unchanged (reliability.md 8 and 9).

The long, loaded version (10 kills, many clients) is bench/crash.py; this is the CI version.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import select

from examsvc.extensions import db
from examsvc.models import Answer, Attempt

ROOT = Path(__file__).resolve().parents[2]
KILLS = 3


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn with several workers serving the test database."""

    def __init__(self, database_url: str, port: int, log: Path):
        self.port = port
        self.log = log
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("EXAMSVC_")},
            "EXAMSVC_DATABASE_URL": database_url,
            "EXAMSVC_SECRET_KEY": "crash-test-secret-key-0123456789abcdef",
        }
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log.open("ab") as log:
            self._spawn(log)
        self._wait_ready()

    def _spawn(self, log) -> None:
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--workers",
                "3",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
                "examsvc:create_app()",
            ],
            cwd=ROOT,
            env=self.env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )

    def _wait_ready(self) -> None:
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=1)
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start: " + self.log.read_text()[-2000:])

    def kill(self) -> None:
        assert self.proc is not None
        os.killpg(self.proc.pid, signal.SIGKILL)  # master and every worker, no goodbye
        self.proc.wait(timeout=10)


class Contestant:
    """A browser-like client: cookies, CSRF header, retries on refused connections."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self.csrf = ""

    def call(self, method: str, path: str, body: object | None = None) -> tuple[int, dict]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            self.base + path,
            data=data,
            method=method,
            headers={"Content-Type": "application/json", "X-CSRFToken": self.csrf},
        )
        try:
            with self.opener.open(request, timeout=10) as response:
                return response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read() or b"{}")


@pytest.mark.slow
def test_acknowledged_saves_survive_sigkill(app, world, tmp_path):
    database_url = app.config["SQLALCHEMY_DATABASE_URI"]
    port = free_port()
    server = Server(database_url, port, tmp_path / "gunicorn.log")
    server.start()
    client = Contestant(f"http://127.0.0.1:{port}")
    status, body = client.call(
        "POST", "/api/v1/auth/login", {"username": world.tickets[0], "password": world.password}
    )
    assert status == 200, body
    client.csrf = body["csrf_token"]
    status, attempt = client.call("POST", "/api/v1/exams/prelim/start")
    assert status == 200, attempt
    aid, deadline = attempt["id"], attempt["deadline"]

    acked: dict[int, str] = {}
    stop = threading.Event()

    def stream() -> None:
        seq = 0
        while not stop.is_set():
            seq += 1
            value = f"第{seq}次保存的答案"
            try:
                status, body = client.call(
                    "PUT", f"/api/v1/attempts/{aid}/answers/4", {"value": value, "seq": seq}
                )
            except (OSError, ValueError):  # down, or a half-sent reply while dying
                time.sleep(0.05)  # the server is down: the browser retries later
                continue
            if status == 200:
                acked[body["seq"]] = value

    def wait_for(count: int) -> None:
        limit = time.time() + 60
        while len(acked) < count:
            assert worker.is_alive(), "the save stream died"
            assert time.time() < limit, f"only {len(acked)} saves acknowledged, waiting for {count}"
            time.sleep(0.01)

    worker = threading.Thread(target=stream, daemon=True)
    worker.start()
    try:
        for _ in range(KILLS):
            wait_for(len(acked) + 20)
            server.kill()
            time.sleep(0.3)
            server.start()
        wait_for(len(acked) + 20)
    finally:
        stop.set()
        worker.join(timeout=20)
        server.kill()

    with app.app_context():
        answer = db.session.scalar(
            select(Answer).where(Answer.attempt_id == aid, Answer.item_no == 4)
        )
        top = max(acked)
        assert answer.seq >= top, f"acknowledged seq {top} lost; database has {answer.seq}"
        if answer.seq == top:
            assert answer.value == acked[top]
        stored_deadline = db.session.scalar(select(Attempt.deadline).where(Attempt.id == aid))
        assert stored_deadline.isoformat() == deadline  # a restart moves no deadline
