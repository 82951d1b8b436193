"""Browser tests: Debian's Chromium driven by Playwright, against a real server on loopback.

Never ``playwright install`` (it downloads a browser; there is no network for that here).
Without Chromium the tests are skipped locally, but under CI=true they fail instead.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("EXAMSVC_CHROMIUM", "/usr/bin/chromium")


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
    if shutil.which(CHROMIUM) is None:
        if os.environ.get("CI") == "true":
            raise pytest.UsageError(f"CI=true but Chromium is missing at {CHROMIUM}")
        skip = pytest.mark.skip(reason=f"Chromium not installed at {CHROMIUM}")
        for item in items:
            if "tests/browser" in str(item.fspath):
                item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "viewport": {"width": 1366, "height": 768}, "locale": "zh-CN"}


class LiveServer:
    """The test app served by Werkzeug in a thread."""

    def __init__(self, app: Any):
        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.thread.join(timeout=5)
        self.server.server_close()


@pytest.fixture
def live_server(app: Any) -> Iterator[LiveServer]:
    """A running server for the app; ``live_server.url`` is its base URL."""
    with LiveServer(app) as server:
        yield server
