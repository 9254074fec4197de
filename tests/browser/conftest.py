"""Browser tests: built sites read the way a reader reads them, in headless Chromium.

The browser is Debian's (``apt-get install chromium``; ``TLGEN_CHROMIUM`` names another
binary), driven by Playwright for Python through ``executable_path``: nothing here ever
downloads a browser. axe-core comes from npm (``npm ci --prefix tests/browser``). Each
missing piece skips these tests with the reason, never fails them.

Every page is opened in a context that records every request and aborts any that would
leave this machine: a test fails if a page asked for anything outside loopback (or the
``file://`` folder it was opened from), or if a script on the page threw. Screenshots and
the axe report go to ``test-artifacts/`` at the top of the repository (ignored by git).
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from generator.build import build

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
ARTIFACTS = REPO / "test-artifacts"
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
SLUG = "russia-to-start-withdrawal-from-syria"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    named = os.environ.get("TLGEN_CHROMIUM")
    if named:
        return named if Path(named).is_file() else None
    return shutil.which("chromium") or next(
        (p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if Path(p).is_file()), None
    )


@pytest.fixture(scope="package")  # ended before other tests start a Playwright
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="Playwright is not installed (pip install playwright)"
    )
    executable = chromium_path()
    if executable is None:
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.skip("axe-core is not installed (npm ci --prefix tests/browser)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def build_site(config: Path, out: Path) -> Path:
    build(config, out=out, cache=False)
    return out


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example archive (the repository's site.yml), built once for the session."""
    return build_site(REPO / "site.yml", tmp_path_factory.mktemp("example") / "public")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """A built site as a static host serves it, on loopback; yields its origin."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="session")
def served(example_site: Path) -> Iterator[str]:
    """The example archive, served on loopback; yields its origin."""
    with serve_folder(example_site) as origin:
        yield origin


@pytest.fixture(scope="session")
def served_in_polish(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The example archive with ``language: pl``, its event's English text said to be
    English (its sidecar), served on loopback."""
    root = tmp_path_factory.mktemp("polish")
    for folder in ("content", "seeds"):
        shutil.copytree(REPO / folder, root / folder)
    text = (REPO / "site.yml").read_text(encoding="utf-8")
    (root / "site.yml").write_text(text.replace("language: en", "language: pl"), "utf-8")
    for sidecar in (root / "seeds").glob("*.yml"):
        sidecar.write_text(sidecar.read_text(encoding="utf-8") + "language: en\n", "utf-8")
    with serve_folder(build_site(root / "site.yml", root / "public")) as origin:
        yield origin


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "file"):
        return True
    return parts.scheme in ("http", "https", "ws", "wss") and parts.hostname == "127.0.0.1"


@pytest.fixture
def new_page(browser: Any) -> Iterator[Callable[..., Any]]:
    """``new_page(**context_options)``: a page in a fresh context (1280×900, en-GB, UTC
    unless told otherwise) whose requests are recorded and kept on this machine."""
    contexts: list[Any] = []
    requests: list[str] = []
    errors: list[str] = []

    def make(**options: Any) -> Any:
        settings = {
            "viewport": {"width": 1280, "height": 900},
            "locale": "en-GB",
            "timezone_id": "UTC",
            **options,
        }
        context = browser.new_context(**settings)
        context.on("request", lambda request: requests.append(request.url))
        context.route(lambda url: not is_local(url), lambda route: route.abort())
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        return page

    yield make
    for context in contexts:
        context.close()
    assert [url for url in requests if not is_local(url)] == [], "requests left loopback"
    assert errors == [], "a script on the page threw"
