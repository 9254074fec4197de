"""``tlgen serve``: real HTTP on 127.0.0.1, real watchdog on a temporary folder and a fake
``rebuild`` that writes the output folder the way the real build does (a fresh folder
swapped in by renaming). Every wait is bounded."""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

import generator.serve as serve_module
from generator.config import parse_config
from generator.errors import Location, Problem, TlgenError
from generator.serve import (
    Debouncer,
    content_type,
    inject_reload,
    resolve_request_path,
    serve,
    sse_message,
    watch_plan,
    watched_change,
)

WAIT = 8.0  # the longest any single condition is waited for

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>t</title></head>
<body><main>{text}</main></body>
</html>
"""


def wait_for(condition: Callable[[], bool], timeout: float = WAIT) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


@dataclass
class FakeSite:
    """A site folder and a ``rebuild`` that renders content/page.md into public/."""

    root: Path
    builds: int = 0
    texts: list[str] = field(default_factory=list)
    active: int = 0
    most_active: int = 0
    gate: threading.Event = field(default_factory=threading.Event)
    entered: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.gate.set()
        (self.root / "content").mkdir(parents=True)
        (self.root / "site.yml").write_text("title: t\n", encoding="utf-8")
        self.source.write_text("hello", encoding="utf-8")

    @property
    def source(self) -> Path:
        return self.root / "content" / "page.md"

    @property
    def out(self) -> Path:
        return self.root / "public"

    @property
    def watch(self) -> list[Path]:
        names = ("site.yml", "content", "seeds", "themes", "templates")
        return [self.root / name for name in names]

    def rebuild(self, superseded: Callable[[], bool] | None = None) -> str:
        with self.lock:
            self.active += 1
            self.most_active = max(self.most_active, self.active)
        try:
            self.entered.set()
            assert self.gate.wait(WAIT)
            text = self.source.read_text(encoding="utf-8")
            if "BROKEN" in text:
                raise TlgenError(
                    [Problem("heading <h2> without a time", Location("content/page.md", 3), "x")]
                )
            if "CRASH" in text:
                raise RuntimeError("the renderer fell over")
            self._write(text)
            self.texts.append(text)
            return f"built 1 page ({text[:20]})"
        finally:
            with self.lock:
                self.active -= 1
                self.builds += 1

    def _write(self, text: str) -> None:
        tmp = self.root / ".public-tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        (tmp / "events" / "e").mkdir(parents=True)
        (tmp / "empty").mkdir()
        (tmp / "index.html").write_text(PAGE.format(text=text), encoding="utf-8")
        (tmp / "events" / "e" / "index.html").write_text(PAGE.format(text="e"), "utf-8")
        (tmp / "404.html").write_text(PAGE.format(text="custom not found"), "utf-8")
        files = {
            "style.css": "body{}",
            "app.js": "1",
            "e.json": "{}",
            "sitemap.xml": "<urlset/>",
            "feed.xml": "<feed/>",
            "robots.txt": "ok",
            "logo.svg": "<svg/>",
            "font.woff2": "w",
            "img.png": "p",
        }
        for name, body in files.items():
            (tmp / name).write_text(body, encoding="utf-8")
        old = self.root / ".public-old"
        if self.out.exists():
            self.out.rename(old)
        tmp.rename(self.out)
        shutil.rmtree(old, ignore_errors=True)

    def edit(self, text: str) -> None:
        self.source.write_text(text, encoding="utf-8")


@dataclass
class Running:
    url: str
    site: FakeSite
    logs: list[str]
    stop: threading.Event

    @property
    def port(self) -> int:
        return int(urlsplit(self.url).port or 0)

    def get(self, path: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
        """One request with ``path`` sent exactly as written (no normalising)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=WAIT)
        try:
            conn.putrequest(method, path, skip_accept_encoding=True)
            conn.endheaders()
            resp = conn.getresponse()
            return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
        finally:
            conn.close()

    def log_text(self) -> str:
        return "\n".join(self.logs)


@pytest.fixture
def site(tmp_path: Path) -> FakeSite:
    fake = FakeSite(tmp_path / "site")
    (tmp_path / "site" / "secret.txt").write_text("TOPSECRET", encoding="utf-8")
    return fake


@contextmanager
def running(site: FakeSite, **options: object) -> Iterator[Running]:
    logs: list[str] = []
    stop = threading.Event()
    ready = threading.Event()
    urls: list[str] = []
    result: list[int] = []

    def on_ready(url: str) -> None:
        urls.append(url)
        ready.set()

    kwargs: dict[str, object] = {"port": 0, "log": logs.append, "ready": on_ready, "stop": stop}
    kwargs.update(options)

    def run() -> None:
        result.append(serve(site.rebuild, site.out, site.watch, **kwargs))  # type: ignore[arg-type]

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert ready.wait(WAIT), logs
    try:
        yield Running(urls[0], site, logs, stop)
    finally:
        stop.set()
        thread.join(WAIT)
        assert not thread.is_alive(), "serve() did not stop"
        assert result == [0]


class EventStream:
    """A live-reload connection read line by line."""

    def __init__(self, port: int, since: str = "") -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT)
        query = f"?since={since}" if since else ""
        self.conn.request("GET", f"/__tlgen/events{query}")
        self.resp = self.conn.getresponse()
        assert self.resp.status == 200
        assert self.resp.getheader("Content-Type", "").startswith("text/event-stream")

    def next(self) -> tuple[str, str]:
        """The next named event as (name, data); comments and retry lines are skipped."""
        name, data = "", []
        while True:
            line = self.resp.fp.readline().decode()
            assert line, "the stream ended"
            line = line.rstrip("\n")
            if not line:
                if name:
                    return name, "\n".join(data)
                continue
            if line.startswith("event: "):
                name = line[7:]
            elif line.startswith("data: "):
                data.append(line[6:])

    def close(self) -> None:
        self.conn.close()


# --- pure helpers -----------------------------------------------------------------------


def test_resolve_request_path(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "a").mkdir(parents=True)
    (out / "a" / "index.html").write_text("x")
    (out / "f.css").write_text("x")
    (out / "b").mkdir()
    assert resolve_request_path(out, "/") is None
    assert resolve_request_path(out, "/a/") == (out / "a" / "index.html").resolve()
    assert resolve_request_path(out, "/a/?x=1") == (out / "a" / "index.html").resolve()
    assert resolve_request_path(out, "/f.css") == (out / "f.css").resolve()
    assert resolve_request_path(out, "/%66.css") == (out / "f.css").resolve()
    assert resolve_request_path(out, "/f.css/") is None
    assert resolve_request_path(out, "/b/") is None  # no listing
    for bad in ("/../out/f.css", "/a/../../out/f.css", "/%2e%2e/out/f.css", "/a%5c..%5cf.css"):
        assert resolve_request_path(out, bad) is None, bad
    assert resolve_request_path(out, "/f.css%00") is None
    assert resolve_request_path(out, "/%ff") is None


def test_inject_reload() -> None:
    page = b"<html><BODY><p>x</p></BODY></html>"
    injected = inject_reload(page, "abc.3")
    assert injected.startswith(b"<html><BODY><p>x</p><script src=")
    assert b"since=abc.3" in injected and injected.endswith(b"</BODY></html>")
    assert inject_reload(b"<p>fragment</p>").startswith(b"<p>fragment</p><script")


def test_content_types() -> None:
    cases = {
        "a.html": "text/html; charset=utf-8",
        "a.css": "text/css; charset=utf-8",
        "a.js": "text/javascript; charset=utf-8",
        "a.json": "application/json",
        "sitemap.xml": "application/xml",
        "feed.xml": "application/atom+xml",
        "a.txt": "text/plain; charset=utf-8",
        "a.svg": "image/svg+xml",
        "a.png": "image/png",
        "a.woff2": "font/woff2",
        "a.unknown-kind": "application/octet-stream",
    }
    for name, expected in cases.items():
        assert content_type(Path(name)) == expected, name


def test_sse_message_splits_lines() -> None:
    assert (
        sse_message("error", "a:1: x\n  hint: y")
        == b"event: error\ndata: a:1: x\ndata:   hint: y\n\n"
    )


def test_watch_filters(tmp_path: Path) -> None:
    content, out = tmp_path / "content", tmp_path / "public"
    targets = [tmp_path / "site.yml", content, tmp_path / "templates"]
    assert watched_change(content / "events" / "a.md", targets, out)
    assert watched_change(tmp_path / "site.yml", targets, out)
    assert watched_change(tmp_path / "templates", targets, out)  # created later
    assert watched_change(tmp_path / "templates" / "base.html", targets, out)
    for ignored in (".a.md.swp", "a.md~", ".#a.md", "4913", "#a.md#", "x.md___jb_tmp___"):
        assert not watched_change(content / "events" / ignored, targets, out), ignored
    for folder in (".git", "__pycache__", ".tlgen-cache"):
        assert not watched_change(content / folder / "x", targets, out), folder
    assert not watched_change(out / "index.html", targets, out)
    assert not watched_change(tmp_path / "other.txt", targets, out)
    content.mkdir()
    (tmp_path / "site.yml").write_text("")
    assert watch_plan(targets) == {(content, True), (tmp_path, False)}


def test_debouncer_timing() -> None:
    now = [0.0]  # binary fractions keep the arithmetic exact
    d = Debouncer(quiet=0.125, max_wait=1.0, clock=lambda: now[0])
    assert d.due_in() is None
    for _ in range(5):
        d.poke("a")
        d.poke("b")
        now[0] += 0.0625
    assert d.due_in() == 0.0625  # quiet counts from the last change
    assert d.take(timeout=0) is None
    now[0] += 0.0625
    assert d.take(timeout=0) == ["a", "b"]
    assert d.due_in() is None
    for _ in range(32):  # a stream that never goes quiet is still built every max_wait
        d.poke("c")
        now[0] += 0.0625
    assert d.due_in() == 0.0
    d.close()
    assert d.take() is None


# --- over HTTP --------------------------------------------------------------------------


def test_traversal_never_serves_outside(site: FakeSite) -> None:
    with running(site) as srv:
        secret = site.root / "secret.txt"
        (site.out / "link.txt").symlink_to(secret)
        (site.out / "linkdir").symlink_to(site.root)
        attacks = [
            "/../secret.txt",
            "/..%2fsecret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E%2Fsecret.txt",
            "/%252e%252e/secret.txt",
            "/%252e%252e%252fsecret.txt",
            "/..\\secret.txt",
            "/..%5csecret.txt",
            "/events/../../secret.txt",
            "/./../secret.txt",
            "/%00/../secret.txt",
            "/secret.txt%00.html",
            "//" + str(secret).lstrip("/"),
            "/" + quote(str(secret), safe=""),
            "http://127.0.0.1/../secret.txt",
            "/link.txt",
            "/linkdir/secret.txt",
        ]
        for attack in attacks:
            status, _, body = srv.get(attack)
            assert status in (400, 404), attack
            assert b"TOPSECRET" not in body, attack


def test_serving_types_404_head_and_methods(site: FakeSite) -> None:
    with running(site) as srv:
        expected = {
            "/": "text/html; charset=utf-8",
            "/style.css": "text/css; charset=utf-8",
            "/app.js": "text/javascript; charset=utf-8",
            "/e.json": "application/json",
            "/sitemap.xml": "application/xml",
            "/feed.xml": "application/atom+xml",
            "/robots.txt": "text/plain; charset=utf-8",
            "/logo.svg": "image/svg+xml",
            "/img.png": "image/png",
            "/font.woff2": "font/woff2",
        }
        for path, kind in expected.items():
            status, headers, _ = srv.get(path)
            assert (status, headers["content-type"]) == (200, kind), path
            assert headers["x-content-type-options"] == "nosniff"
            assert headers["cache-control"] == "no-store"

        status, headers, body = srv.get("/nowhere/")
        assert status == 404 and b"custom not found" in body
        assert headers["content-type"] == "text/html; charset=utf-8"
        assert srv.get("/empty/")[0] == 404  # a folder without index.html: no listing
        assert srv.get("/.tlgen-output")[0] == 404

        status, headers, _ = srv.get("/events/e")
        assert status == 301 and headers["location"] == "/events/e/"
        assert srv.get("/events/e/")[0] == 200

        status, headers, body = srv.get("/style.css", method="HEAD")
        assert status == 200 and body == b"" and headers["content-length"] == "6"
        for method in ("POST", "PUT", "DELETE"):
            status, headers, _ = srv.get("/", method=method)
            assert status == 405 and headers["allow"] == "GET, HEAD", method


def test_reload_script_is_served_not_written(site: FakeSite) -> None:
    with running(site) as srv:
        _, _, body = srv.get("/")
        assert b'<script src="/__tlgen/livereload.js?since=' in body
        assert body.index(b"/__tlgen/livereload.js") < body.index(b"</body>")
        on_disk = (site.out / "index.html").read_bytes()
        assert b"__tlgen" not in on_disk
        status, headers, script = srv.get("/__tlgen/livereload.js")
        assert status == 200 and headers["content-type"].startswith("text/javascript")
        assert b"textContent" in script and b"innerHTML" not in script
        assert b"EventSource" in script


def test_no_reload_means_no_script_and_no_endpoint(site: FakeSite) -> None:
    with running(site, reload=False) as srv:
        _, _, body = srv.get("/")
        assert b"__tlgen" not in body
        assert srv.get("/__tlgen/events")[0] == 404
        assert srv.get("/__tlgen/livereload.js")[0] == 404


def test_events_reload_error_reload(site: FakeSite) -> None:
    with running(site) as srv:
        stream = EventStream(srv.port)
        try:
            site.edit("second version")
            assert stream.next() == ("reload", "2")
            assert srv.get("/")[2].count(b"second version") == 1

            site.edit("BROKEN")
            name, data = stream.next()
            assert name == "error"
            assert "content/page.md:3: heading <h2> without a time" in data
            assert "Traceback" not in srv.log_text()
            assert "content/page.md:3: heading <h2> without a time\n  hint: x" in srv.logs
            assert b"second version" in srv.get("/")[2]  # still the last good output

            late = EventStream(srv.port)  # a page opened while broken sees the error at once
            assert late.next()[0] == "error"
            late.close()

            site.edit("fixed")
            assert stream.next()[0] == "reload"
            assert b"fixed" in srv.get("/")[2]
        finally:
            stream.close()


def test_stale_page_reloads_when_it_connects(site: FakeSite) -> None:
    with running(site) as srv:
        _, _, body = srv.get("/")
        since = body.split(b"since=")[1].split(b'"')[0].decode()
        site.edit("newer")
        assert wait_for(lambda: site.builds == 2)
        stream = EventStream(srv.port, since)
        assert stream.next()[0] == "reload"
        stream.close()


def test_first_build_fails_then_recovers(site: FakeSite) -> None:
    site.edit("BROKEN <script>")
    with running(site) as srv:
        status, headers, body = srv.get("/")
        assert status == 503 and headers["content-type"] == "text/html; charset=utf-8"
        assert b"content/page.md:3: heading &lt;h2&gt; without a time" in body
        site.edit("good now")
        assert wait_for(lambda: srv.get("/")[0] == 200)
        assert b"good now" in srv.get("/")[2]


def test_unexpected_exception_is_logged_and_serving_goes_on(site: FakeSite) -> None:
    with running(site) as srv:
        site.edit("CRASH")
        assert wait_for(lambda: "the renderer fell over" in srv.log_text())
        assert "RuntimeError" in srv.log_text() and "Traceback" not in srv.log_text()
        assert srv.get("/")[0] == 200
        site.edit("after the crash")
        assert wait_for(lambda: b"after the crash" in srv.get("/")[2])


def test_burst_of_writes_gives_one_rebuild(site: FakeSite) -> None:
    with running(site):
        assert site.builds == 1
        start = time.monotonic()
        for i in range(50):
            site.edit(f"write {i}")
            time.sleep(0.002)
        assert time.monotonic() - start < 0.5
        assert wait_for(lambda: site.builds == 2)
        time.sleep(0.6)  # quiet well past the debounce: nothing more may come
        assert site.builds == 2
        assert site.texts[-1] == "write 49"


def test_editor_save_by_rename_gives_one_rebuild(site: FakeSite) -> None:
    with running(site):
        folder = site.source.parent
        (folder / "4913").write_text("")  # vim's probe file
        (folder / "4913").unlink()
        (folder / ".page.md.swp").write_text("swap")
        site.source.rename(folder / "page.md~")
        (folder / "page.md.tmp").write_text("saved by rename")
        (folder / "page.md.tmp").rename(site.source)
        (folder / "page.md~").unlink()
        assert wait_for(lambda: site.builds == 2)
        time.sleep(0.6)
        assert site.builds == 2 and site.texts[-1] == "saved by rename"
        (folder / ".page.md.swp").unlink()  # ignored: hidden
        time.sleep(0.4)
        assert site.builds == 2


def test_edit_during_rebuild_gives_exactly_one_more(site: FakeSite) -> None:
    with running(site):
        site.gate.clear()
        site.entered.clear()
        site.edit("v2")
        assert site.entered.wait(WAIT)  # the second build is running and held
        site.edit("v3")
        time.sleep(0.4)  # the change is seen and debounced while the build is held
        site.gate.set()
        assert wait_for(lambda: site.builds == 3)
        time.sleep(0.6)
        assert site.builds == 3
        assert site.texts[-1] == "v3"
        assert site.most_active == 1


def test_folder_created_later_is_watched(site: FakeSite) -> None:
    with running(site):
        (site.root / "templates").mkdir()
        assert wait_for(lambda: site.builds == 2)
        time.sleep(0.3)
        (site.root / "templates" / "base.html").write_text("x")
        assert wait_for(lambda: site.builds == 3)


def test_output_and_unwatched_changes_are_ignored(site: FakeSite) -> None:
    with running(site):
        (site.out / "extra.html").write_text("x")
        (site.root / "notes.txt").write_text("x")
        (site.source.parent / ".hidden.md").write_text("x")
        time.sleep(0.6)
        assert site.builds == 1


def test_port_in_use_moves_to_the_next(site: FakeSite) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with running(site, port=port) as srv:
            assert srv.port != port
            assert f"port {port} is in use; serving on {srv.url}" in srv.logs
            assert srv.get("/")[0] == 200


def test_stop_is_prompt_with_an_open_event_stream(site: FakeSite) -> None:
    stop = threading.Event()
    ready = threading.Event()
    urls: list[str] = []
    result: list[int] = []

    def run() -> None:
        result.append(
            serve(
                site.rebuild,
                site.out,
                site.watch,
                port=0,
                log=lambda _: None,
                ready=lambda url: (urls.append(url), ready.set()),
                stop=stop,
            )
        )

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert ready.wait(WAIT)
    stream = EventStream(int(urlsplit(urls[0]).port or 0))
    started = time.monotonic()
    stop.set()
    thread.join(WAIT)
    assert not thread.is_alive() and result == [0]
    assert time.monotonic() - started < 2.0
    stream.close()


def test_polling_mode(site: FakeSite) -> None:
    with running(site, poll=True) as srv:
        assert any("polling" in line for line in srv.logs)
        site.edit("polled")
        assert wait_for(lambda: site.builds == 2)
        assert b"polled" in srv.get("/")[2]


def test_native_watch_failure_falls_back_to_polling(
    site: FakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Broken(serve_module.PollingObserver):
        def start(self) -> None:
            raise OSError(28, "inotify watch limit reached")

    monkeypatch.setattr(serve_module, "Observer", Broken)
    with running(site) as srv:
        assert any("polling" in line and "instead" in line for line in srv.logs), srv.logs
        site.edit("still watched")
        assert wait_for(lambda: site.builds == 2)


def test_base_path_mount(site: FakeSite) -> None:
    with running(site, base_path="/archive/") as srv:
        assert srv.url.endswith("/archive/")
        status, headers, _ = srv.get("/")
        assert status == 302 and headers["location"] == "/archive/"
        assert srv.get("/archive")[0] == 302
        assert srv.get("/archive/")[0] == 200
        assert srv.get("/archive/style.css")[0] == 200
        assert srv.get("/style.css")[0] == 404


def test_a_base_path_beyond_ascii(site: FakeSite) -> None:
    """Served as the pages link to it and a browser asks for it: percent-encoded."""
    base_path = parse_config('base_url: "/ärchiv/"\n', Path("/s")).base_path
    with running(site, base_path=base_path) as srv:
        assert srv.url.endswith("/%C3%A4rchiv/")
        assert srv.get("/%C3%A4rchiv/")[0] == 200
        assert srv.get("/%C3%A4rchiv/style.css")[0] == 200
        assert srv.get("/")[1]["location"] == "/%C3%A4rchiv/"


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_symlink_inside_the_folder_is_fine(site: FakeSite) -> None:
    with running(site) as srv:
        (site.out / "alias.css").symlink_to(site.out / "style.css")
        assert srv.get("/alias.css")[0] == 200
