"""PostgreSQL goes away under load: the service answers 503, acknowledges nothing it did not
store, and recovers by itself (reliability.md 30).

The database is reached through a small TCP relay that the test can cut, which is what a
network failure or a crashed server looks like to the service (connections reset, new ones
refused), without stopping the shared PostgreSQL cluster.
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
from urllib.parse import urlsplit, urlunsplit

import pytest
from sqlalchemy import select

from examsvc import create_app
from examsvc.extensions import db
from examsvc.models import Answer

OUTAGE_SECONDS = 5

pytestmark = pytest.mark.skipif(
    not os.environ.get("EXAMSVC_TEST_DATABASE_URL"), reason="PostgreSQL only"
)


class Relay:
    """A TCP relay to PostgreSQL that can be cut and restored."""

    def __init__(self, host: str, port: int):
        self.target = (host, port)
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.up = threading.Event()
        self.up.set()
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.up.is_set():
                client.close()
                continue
            try:
                server = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.sockets += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        self.up.clear()
        with self.lock:
            for s in self.sockets:
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()
            self.sockets.clear()

    def restore(self) -> None:
        self.up.set()

    def close(self) -> None:
        self.cut()
        self.listener.close()


def test_outage_answers_503_and_recovers(app, world, contestant):
    parts = urlsplit(app.config["SQLALCHEMY_DATABASE_URI"])
    relay = Relay(parts.hostname or "127.0.0.1", parts.port or 5432)
    netloc = parts.netloc.replace(
        f"{parts.hostname}:{parts.port or 5432}", f"127.0.0.1:{relay.port}"
    )
    relayed = create_app(
        {
            **app.config,
            "DATABASE_URL": urlunsplit(parts._replace(netloc=netloc)),
            "TESTING_HIDE_ERRORS": True,
        }
    )
    c = contestant(0)
    client = relayed.test_client()
    client.set_cookie("examsvc_session", c.get_cookie("examsvc_session").value)
    aid = client.post("/api/v1/exams/prelim/start", headers={"X-CSRFToken": c.csrf}).get_json()[
        "id"
    ]

    acked: dict[int, str] = {}
    statuses: list[int] = []
    stop = threading.Event()

    def stream() -> None:
        seq = 0
        while not stop.is_set():
            seq += 1
            r = client.put(
                f"/api/v1/attempts/{aid}/answers/4",
                json={"value": f"答案{seq}", "seq": seq},
                headers={"X-CSRFToken": c.csrf},
            )
            statuses.append(r.status_code)
            if r.status_code == 200:
                acked[seq] = f"答案{seq}"
            else:
                assert r.status_code == 503, r.get_data(as_text=True)
                assert r.get_json()["error"]["code"] == "unavailable"
                time.sleep(0.05)

    worker = threading.Thread(target=stream)
    worker.start()
    try:
        while len(acked) < 20:
            time.sleep(0.01)
        relay.cut()
        time.sleep(OUTAGE_SECONDS)
        during = statuses.count(503)
        relay.restore()
        restored = len(acked)
        deadline = time.time() + 30
        while len(acked) < restored + 20 and time.time() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        worker.join(timeout=30)
        relay.close()
        with relayed.app_context():
            db.engine.dispose()

    assert during > 0, "the outage was not noticed"
    assert len(acked) >= restored + 20, "the service did not recover by itself"
    assert set(statuses) <= {200, 503}
    with app.app_context():
        stored = db.session.scalar(
            select(Answer).where(Answer.attempt_id == aid, Answer.item_no == 4)
        )
        top = max(acked)
        assert stored.seq >= top and (stored.seq != top or stored.value == acked[top])
