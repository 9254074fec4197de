"""The editing loop with the real build: an edited event's page is rendered ahead of the
rebuild (``preview``) with exactly the bytes the rebuild then writes, and a browser reloads
only the pages a change touched. Every wait is bounded."""

from __future__ import annotations

import functools
import http.client
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from generator.build import Memory, build, preview
from generator.serve import Broadcaster, serve

WAIT = 8.0
SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_588fca7941595965.txt"

SPEAKERS = "- name: Jane Doe\n  aliases: [Doe]\n"


def event(title: str, said: str) -> str:
    return (
        f"---\ntitle: {title}\ndate: 2016-03-14\ntimezone: GMT\n---\n\n"
        f'## 18:15 GMT\n\n"{said}," Jane Doe said. [#Budget](#)\n\n'
        "## 18:30 GMT\n\nThe debate went on.\n"
    )


@pytest.fixture
def root(make_site: Callable[..., Path]) -> Path:
    site = make_site(
        {
            "content/events/alpha.md": event("Alpha", "We will see"),
            "content/events/beta.md": event("Beta", "Not today"),
            "content/speakers.yml": SPEAKERS,
        }
    )
    return site


def slug_page(root: Path, name: str) -> str:
    """The output path of an event's page, as the last build wrote it."""
    found = [p for p in (root / "public" / "events").glob("*/index.html") if name in p.read_text()]
    assert len(found) == 1, found
    return found[0].relative_to(root / "public").as_posix()


def test_preview_gives_the_bytes_the_rebuild_writes(root: Path) -> None:
    memory = Memory()
    build(root / "site.yml", memory=memory)
    alpha = root / "content" / "events" / "alpha.md"
    alpha.write_text(event("Alpha", "We agree on everything"))
    pages = preview(memory, [alpha])
    page = slug_page(root, "Alpha")
    other_order = page.replace("index.html", "oldest-first/index.html")
    assert set(pages) == {page, other_order}
    assert b"We agree on everything" in pages[page]
    report = build(root / "site.yml", memory=memory)
    for rel, data in pages.items():
        assert (root / "public" / rel).read_bytes() == data, rel
    assert page in report.changed and slug_page(root, "Beta") not in report.changed
    # The rebuild read nothing again: the preview's event was kept, and cached on disk.
    assert not memory.unsaved


def test_preview_declines_what_it_cannot_show_alone(root: Path) -> None:
    memory = Memory()
    build(root / "site.yml", memory=memory)
    events = root / "content" / "events"
    alpha = events / "alpha.md"
    assert preview(memory, [alpha]) == {}  # saved unchanged: nothing to show early
    assert preview(memory, [events / "4913"]) == {}  # an editor's probe, gone already
    (events / "gamma.md").write_text(event("Gamma", "New"))
    assert preview(memory, [events / "gamma.md"]) == {}  # a new event: the index changes
    (events / "gamma.md").unlink()
    assert preview(memory, [root / "site.yml"]) == {}
    alpha.write_text("---\nslug: elsewhere\n" + event("Alpha", "We will see")[4:])
    assert preview(memory, [alpha]) == {}  # a new URL: links to it change
    alpha.write_text("---\ntitle: [broken\n---\n")
    assert preview(memory, [alpha]) == {}  # the rebuild reports the error
    alpha.unlink()
    assert preview(memory, [alpha]) == {}


def test_a_capture_merged_with_another_is_not_previewed(
    make_site: Callable[..., Path], tmp_path: Path
) -> None:
    """Two captures of one blog are one event, read from one of them with the summary only
    the other gives: the edited capture alone would show a page without it (and an edit
    may make the other the one read), so the rebuild shows it."""
    root = make_site({}, "title: T\nbase_url: /\ntimezone: GMT\nsearch: false\n")
    (root / "seeds").mkdir()
    url = "https://www.rt.com/news/335433-russia-syria-withdrawal-live/"
    for name, more in (("a", "summary: Told by the other capture.\n"), ("b", "")):
        shutil.copyfile(SEED, root / "seeds" / f"{name}.txt")
        (root / "seeds" / f"{name}.yml").write_text(f"source:\n  url: {url}\n{more}")
    memory = Memory()
    build(root / "site.yml", memory=memory)
    read = root / "seeds" / "b.txt"  # equal in all else, the later path is read
    read.write_bytes(read.read_bytes().replace(b"has welcomed", b"welcomed", 1))
    assert preview(memory, [read]) == {}
    build(root / "site.yml", memory=memory)
    build(root / "site.yml", out=tmp_path / "clean", cache=False)
    (page,) = (root / "public" / "events").glob("*/index.html")
    assert b"Told by the other capture." in page.read_bytes()
    assert (
        page.read_bytes() == (tmp_path / "clean" / page.relative_to(root / "public")).read_bytes()
    )


def test_broadcaster_tells_pages_apart() -> None:
    hub = Broadcaster()
    hub.publish(None)  # the first build: every page
    hub.publish(None, frozenset({"events/a/index.html"}))
    hub.publish(None, frozenset({"feed.xml"}))
    assert hub.touches("events/b/index.html", 0, 3)
    assert hub.touches("events/a/index.html", 1, 3)
    assert not hub.touches("events/b/index.html", 1, 3)
    assert hub.touches(None, 1, 3)  # a page that did not say which it is: reload
    for _ in range(100):  # older than remembered: reload to be safe
        hub.publish(None, frozenset())
    assert hub.touches("events/b/index.html", 1, hub.state.generation)


class Stream:
    """A live-reload connection for one page."""

    def __init__(self, port: int, page: str, since: str) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT)
        self.conn.request("GET", f"/__tlgen/events?since={since}&page=/{page}")
        self.resp = self.conn.getresponse()
        assert self.resp.status == 200

    def next(self) -> tuple[str, str]:
        name, data = "", ""
        while True:
            line = self.resp.fp.readline().decode()
            assert line, "the stream ended"
            line = line.rstrip("\n")
            if not line and name:
                return name, data
            if line.startswith("event: "):
                name = line[7:]
            elif line.startswith("data: "):
                data = line[6:]

    def close(self) -> None:
        self.conn.close()


@contextmanager
def serving(root: Path) -> Iterator[tuple[int, list[str]]]:
    memory = Memory()
    logs: list[str] = []
    ready = threading.Event()
    urls: list[str] = []
    stop = threading.Event()

    def rebuild(superseded: Callable[[], bool]) -> object:
        return build(root / "site.yml", memory=memory, superseded=superseded)

    def on_ready(url: str) -> None:
        urls.append(url)
        ready.set()

    watch = [root / "site.yml", root / "content"]
    thread = threading.Thread(
        target=serve,
        args=(rebuild, root / "public", watch),
        kwargs={
            "port": 0,
            "log": logs.append,
            "ready": on_ready,
            "stop": stop,
            "preview": functools.partial(preview, memory),
        },
        daemon=True,
    )
    thread.start()
    assert ready.wait(WAIT * 4), logs
    try:
        yield int(urls[0].rsplit(":", 1)[1].strip("/")), logs
    finally:
        stop.set()
        thread.join(WAIT)


def wait_for(condition: Callable[[], bool]) -> bool:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def get(port: int, path: str) -> bytes:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT)
    try:
        conn.request("GET", "/" + path)
        return conn.getresponse().read()
    finally:
        conn.close()


def since_of(body: bytes) -> str:
    return body.split(b"since=")[1].split(b'"')[0].decode()


def test_an_edit_reloads_its_page_and_not_the_others(root: Path) -> None:
    with serving(root) as (port, logs):
        alpha, beta = slug_page(root, "Alpha"), slug_page(root, "Beta")
        a_stream = Stream(port, alpha, since_of(get(port, alpha)))
        b_stream = Stream(port, beta, since_of(get(port, beta)))
        try:
            (root / "content" / "events" / "alpha.md").write_text(event("Alpha", "Edited once"))
            assert a_stream.next()[0] == "reload"  # the preview, before the rebuild
            assert b"Edited once" in get(port, alpha)
            assert wait_for(lambda: sum("BuildReport" in line for line in logs) == 2), logs
            (root / "content" / "events" / "beta.md").write_text(event("Beta", "Edited too"))
            name, generation = b_stream.next()
            # Beta's first reload is its own edit's: the edit of Alpha (its preview and its
            # rebuild) changed nothing Beta shows, so Beta was never reloaded for it.
            assert name == "reload" and int(generation) >= 4
            assert b"Edited too" in get(port, beta)
            assert any("showing events/" in line for line in logs), logs
        finally:
            a_stream.close()
            b_stream.close()


def test_the_command_shows_an_edit_before_its_rebuild(root: Path) -> None:
    """``tlgen serve`` as a user runs it: the edit is previewed, then rebuilt."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--port", "0"],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(proc.stdout or ()), daemon=True).start()
    try:
        assert wait_for(lambda: any("serving on" in line for line in lines)), lines
        port = int(next(line for line in lines if "serving on" in line).split(":")[-1][:-2])
        page = slug_page(root, "Alpha")
        (root / "content" / "events" / "alpha.md").write_text(event("Alpha", "Seen at once"))
        assert wait_for(lambda: b"Seen at once" in get(port, page)), lines
        assert wait_for(lambda: sum(line.startswith("built ") for line in lines) == 2), lines
        shown = next(i for i, line in enumerate(lines) if line.startswith("showing "))
        assert page in lines[shown] and lines[shown + 1].startswith("built "), lines
        assert b"Seen at once" in (root / "public" / page).read_bytes()
    finally:
        proc.terminate()
        proc.wait(WAIT)
