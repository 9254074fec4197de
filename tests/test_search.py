"""The static search index: built with the site, reproducible, and its results land on
the exact update; a build without Pagefind still succeeds, with a warning."""

from __future__ import annotations

import base64
import contextlib
import gzip
import http.server
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any, cast

import pytest

from generator import search
from generator.build import build
from generator.search import (
    INDEX_DIR,
    PARTS,
    STALE,
    _answer,
    _index,
    _write_files,
    build_index,
    die_with_parent,
    pages_to_index,
)
from generator.stamp import unchanged

REPO = Path(__file__).resolve().parents[1]
pytest.importorskip("pagefind", reason="pagefind[bin] is not installed")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("search") / "out"
    report = build(REPO / "site.yml", out=out, cache=False)
    assert not [w for w in report.warnings if "search" in w.message]
    return out


def test_the_index_holds_the_updates_and_their_metadata(built: Path) -> None:
    fragments = [
        json.loads(gzip.decompress(p.read_bytes())[len(b"pagefind_dcd") :])
        for p in (built / "pagefind" / "fragment").glob("*.pf_fragment")
    ]
    (event,) = fragments  # only primary event pages are indexed, not the other order
    assert event["url"] == "/events/russia-to-start-withdrawal-from-syria/"
    anchors = [a["id"] for a in event["anchors"] if a["id"].startswith("t-")]
    assert anchors[0] == "t-2016-03-14-1916"
    assert "|vladimir-putin|" in event["meta"]["speakers"]
    assert event["meta"]["months"] == "|2016-03|"
    assert "Kirby" in event["content"]
    assert (built / "search" / "index.html").is_file()


def test_the_index_is_reproducible(built: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    build(REPO / "site.yml", out=again, cache=False)
    assert snapshot(again / "pagefind") == snapshot(built / "pagefind")


EVENT = """---
title: Event {n}
date: 2016-03-1{n}
timezone: GMT
---

## 18:20 GMT

The {word} council met again on day {n}.

## 18:15 GMT

"We will rebuild the {word} bridge," the mayor said.
"""
WORDS = ["harbour", "railway", "river", "market", "castle"]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output of a site of five events, search on: five pages to index, in some order."""
    root = tmp_path_factory.mktemp("archive")
    (root / "site.yml").write_text("title: Archive\nbase_url: /\ntimezone: GMT\n")
    for n, word in enumerate(WORDS):
        event = root / "content" / "events" / f"{word}.md"
        event.parent.mkdir(parents=True, exist_ok=True)
        event.write_text(EVENT.format(n=n, word=word))
    report = build(root / "site.yml", cache=False)
    assert not report.warnings
    return root / "public"


def copy_in_order(source: Path, target: Path, reverse: bool) -> Path:
    """``source`` copied file by file in the order of their paths, or the reverse: on a
    file system that lists a folder in creation order (tmpfs), the copies list differently."""
    files = sorted((p for p in source.rglob("*") if p.is_file()), reverse=reverse)
    for path in files:
        if INDEX_DIR in path.relative_to(source).parts:
            continue
        dest = target / path.relative_to(source)
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(path.read_bytes())
    return target


def indexed(archive: Path, folder: Path) -> Path:
    """A copy of the archive in ``folder``, indexed from scratch."""
    site = copy_in_order(archive, folder, reverse=False)
    assert build_index(site, None, True, "en") == []
    return site


def yes_once_begun() -> Callable[[], bool]:
    """serve's test of a newer change: no when the index is begun, yes at every later ask
    (the first that Pagefind's watcher makes)."""
    asked: list[bool] = []

    def superseded() -> bool:
        asked.append(True)
        return len(asked) > 1

    return superseded


@pytest.fixture
def parts_of_two(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parts of at most two pages (500 by default): three parts of the five events."""
    monkeypatch.setattr("generator.search._PART_PAGES", 2)


def test_the_index_does_not_depend_on_the_order_the_folder_lists_its_pages(
    archive: Path, scratch: Path
) -> None:
    """Pagefind numbers pages in the order it meets them, and run over a folder it meets
    them in the order the file system lists them: three clean builds of a 100-event site
    on tmpfs once gave three different indexes. tlgen gives it the pages in path order."""
    a = copy_in_order(archive, scratch / "a", reverse=False)
    b = copy_in_order(archive, scratch / "b", reverse=True)
    if os.listdir(a / "events") == os.listdir(b / "events"):
        pytest.skip("this file system lists a folder by name: the orders cannot differ here")
    assert build_index(a, None, True, "en") == build_index(b, None, True, "en") == []
    assert snapshot(a / INDEX_DIR) == snapshot(b / INDEX_DIR) == snapshot(archive / INDEX_DIR)


def edit(site: Path, word: str) -> Path:
    """``site`` with the event page of ``word`` changed (a word of its first update)."""
    page = site / "events" / word / "index.html"
    page.write_text(page.read_text().replace("council met", "council sat"))
    return site


def test_only_the_marked_pages_are_given_to_pagefind(archive: Path, tmp_path: Path) -> None:
    pages = pages_to_index(archive)
    assert pages == [f"events/{word}/index.html" for word in sorted(WORDS)]
    every = sorted(p.relative_to(archive).as_posix() for p in archive.rglob("*.html"))
    assert len(every) > 3 * len(pages)  # the other order, the speakers, the home page...
    # What Pagefind makes of every page is what it makes of the marked ones alone: it
    # leaves the others out before it numbers the pages.
    site = copy_in_order(archive, tmp_path / "site", reverse=False)
    answer = _index(site, every, "en")
    assert not isinstance(answer, str)
    assert _write_files(site / INDEX_DIR, answer) is None
    made = snapshot(archive / INDEX_DIR)
    del made[PARTS]
    assert snapshot(site / INDEX_DIR) == made


def test_the_pages_to_index_are_pagefinds_own_choice(tmp_path: Path) -> None:
    page = '<!doctype html><html lang="en"><body{}><p>{}</p></body></html>'
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "index.html").write_text(page.format("", "not marked"))
    (tmp_path / "a.html").write_text(page.format("", "not marked either"))
    (tmp_path / "notes.txt").write_text("data-pagefind-body, but not a page")
    assert pages_to_index(tmp_path) == ["a.html", "b/index.html"]  # none marked: every page
    (tmp_path / "c.html").write_text(page.format(" DATA-PAGEFIND-BODY", "marked"))
    (tmp_path / "b" / "index.html").write_text(page.format(" data-pagefind-body", "marked"))
    assert pages_to_index(tmp_path) == ["b/index.html", "c.html"]


def test_a_newer_change_waiting_keeps_the_last_index_marked_stale(
    archive: Path, tmp_path: Path
) -> None:
    """serve's rebuild, a newer change waiting: the index is left to the next build, which
    makes it again even if no page of its own changed."""
    previous = indexed(archive, tmp_path / "previous")
    new = copy_in_order(archive, tmp_path / "new", reverse=False)
    (note,) = build_index(new, previous, True, "en", superseded=lambda: True)
    assert note.render() == (
        "note: the search index is the last build's: a newer change waits, and its build makes it"
    )
    assert (new / INDEX_DIR / STALE).is_file()
    assert snapshot(new / INDEX_DIR) == {**snapshot(previous / INDEX_DIR), STALE: b""}
    assert not (previous / INDEX_DIR / STALE).exists()  # the marker is not written through
    # The next build, no page changed: the stale index is not taken as it is, but its
    # parts are checked against the pages (here all still theirs).
    again = copy_in_order(archive, tmp_path / "again", reverse=False)
    assert build_index(again, new, False, "en") == []
    assert snapshot(again / INDEX_DIR) == snapshot(archive / INDEX_DIR)


def test_a_change_arriving_while_pagefind_works_stops_it(archive: Path, tmp_path: Path) -> None:
    previous = indexed(archive, tmp_path / "previous")
    new = edit(copy_in_order(archive, tmp_path / "new", reverse=False), "river")
    notes = build_index(new, previous, True, "en", yes_once_begun())
    assert [p.severity for p in notes] == ["note"]
    assert (new / INDEX_DIR / STALE).is_file()  # stopped: the last index kept
    # With no newer change, the watching costs nothing and changes nothing.
    fresh = copy_in_order(archive, tmp_path / "fresh", reverse=False)
    assert build_index(fresh, None, True, "en", lambda: False) == []
    assert snapshot(fresh / INDEX_DIR) == snapshot(archive / INDEX_DIR)


def test_a_build_a_newer_change_superseded_is_made_whole_by_the_next(
    make_site: Callable[..., Path], tmp_path: Path
) -> None:
    """serve's loop: an edit's rebuild, a newer change waiting, publishes its pages with
    the last index; the next rebuild, though no page changed, makes the index, and the
    site is a clean build's."""
    events = {f"content/events/{w}.md": EVENT.format(n=n, word=w) for n, w in enumerate(WORDS)}
    root = make_site(events)
    build(root / "site.yml")
    edited = root / "content" / "events" / "river.md"
    edited.write_text(edited.read_text().replace("council met", "council met at dawn"))
    time.sleep(0.02)  # saved before the build's start: its stamp holds afterwards
    build(root / "site.yml", superseded=lambda: True)
    out = root / "public"
    assert b"at dawn" in (out / "events" / "river" / "index.html").read_bytes()
    assert (out / INDEX_DIR / STALE).is_file()
    # ``tlgen build``'s look at the stamps does not take it for done
    assert unchanged(root / "site.yml", None, None, False, 0.0) is None
    report = build(root / "site.yml")
    assert not report.changed  # no page changed, and yet:
    assert not (out / INDEX_DIR / STALE).exists()
    build(root / "site.yml", out=tmp_path / "clean", cache=False)
    assert snapshot(out) == snapshot(tmp_path / "clean")


def fragment_urls(index: Path) -> list[str]:
    """The pages a Pagefind index (one part) holds, by URL."""
    return sorted(
        json.loads(gzip.decompress(p.read_bytes())[len(b"pagefind_dcd") :])["url"]
        for p in (index / "fragment").glob("*.pf_fragment")
    )


def test_a_large_archive_is_indexed_in_parts(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parts_of_two: None
) -> None:
    """Each page in one of the parts, Pagefind's scripts in the first only, and the same
    parts whatever the order."""
    index = indexed(archive, tmp_path / "site") / INDEX_DIR
    parts = [part["path"] for part in json.loads((index / PARTS).read_text())["parts"]]
    assert parts == ["", "part-2/", "part-3/"]  # by a hash of each page's path
    held = [fragment_urls(index / part) for part in parts]
    assert sorted(url for urls in held for url in urls) == [f"/events/{w}/" for w in sorted(WORDS)]
    assert all(len(urls) <= 2 for urls in held)
    assert (index / "pagefind.js").is_file() and (index / "pagefind-worker.js").is_file()
    for part in parts[1:]:
        names = {p.name for p in (index / part).iterdir()}
        assert {"index", "fragment", "pagefind-entry.json"} <= names
        assert not [n for n in names if n.endswith((".js", ".css")) or n.startswith("wasm.")]
    again = copy_in_order(archive, tmp_path / "again", reverse=True)
    assert build_index(again, None, True, "en") == []
    assert snapshot(again / INDEX_DIR) == snapshot(index)
    # no more parts than a search should fetch from: larger ones past that
    monkeypatch.setattr("generator.search._MOST_PARTS", 2)
    fewer = indexed(archive, tmp_path / "fewer")
    listed = json.loads((fewer / INDEX_DIR / PARTS).read_text())["parts"]
    held = [fragment_urls(fewer / INDEX_DIR / part["path"]) for part in listed]
    assert len(held) == 2 and sorted(map(len, held)) == [2, 3]


def test_an_edit_makes_again_only_the_part_that_holds_its_page(
    archive: Path, tmp_path: Path, parts_of_two: None
) -> None:
    previous = indexed(archive, tmp_path / "previous")
    new = edit(copy_in_order(archive, tmp_path / "new", reverse=False), "river")
    old, index = previous / INDEX_DIR, new / INDEX_DIR
    before = snapshot(old)
    counted: list[tuple[int, int]] = []
    assert build_index(new, previous, True, "en", progress=lambda *c: counted.append(c)) == []
    assert counted == [(1, 2), (2, 2)]  # the part of river and castle, and no other
    assert snapshot(old) == before  # nothing written through the links
    assert fragment_urls(index / "part-3") == ["/events/castle/", "/events/river/"]
    linked = [p for p in old.rglob("*") if p.is_file() and p.name != PARTS]
    linked = [p for p in linked if not p.relative_to(old).as_posix().startswith("part-3/")]
    assert len(linked) > 10  # the other parts are the previous index's own files
    assert all(os.path.samefile(p, index / p.relative_to(old)) for p in linked)
    assert snapshot(index / "part-3") != snapshot(old / "part-3")
    clean = edit(copy_in_order(archive, tmp_path / "clean", reverse=False), "river")
    assert build_index(clean, None, True, "en") == []
    assert snapshot(index) == snapshot(clean / INDEX_DIR)


@pytest.fixture
def moved_in(monkeypatch: pytest.MonkeyPatch) -> None:
    """An edit's files moved into the output, however many of the few pages changed (the
    site's edit path at 10,000 events), with parts of two pages."""
    monkeypatch.setattr("generator.write._FEW", 1)
    monkeypatch.setattr("generator.search._PART_PAGES", 2)


def the_site(make_site: Callable[..., Path]) -> Path:
    events = {f"content/events/{w}.md": EVENT.format(n=n, word=w) for n, w in enumerate(WORDS)}
    root = make_site(events)
    build(root / "site.yml")
    return root


def reword(root: Path, word: str) -> None:
    edited = root / "content" / "events" / f"{word}.md"
    edited.write_text(edited.read_text().replace("council met", "council sat"))
    time.sleep(0.02)  # saved before the build's start: its stamp holds afterwards


def test_an_edit_moves_in_its_pages_and_the_parts_that_hold_them(
    make_site: Callable[..., Path], tmp_path: Path, moved_in: None
) -> None:
    """With search on, an edit's files are moved into the output as without it (no whole
    new folder made and swapped in, the previous one removed: 11 s of an edit at 10,000
    events), and with them the part of the index that holds the page: the other parts
    are not touched. The output is then a clean build's, index and all."""
    root = the_site(make_site)
    out = root / "public"
    folder = out.stat().st_ino
    index = out / INDEX_DIR
    parts = [part["path"] for part in json.loads((index / PARTS).read_text())["parts"]]
    held = {part: fragment_urls(index / part) for part in parts}
    (mine,) = [part for part in parts if "/events/river/" in held[part]]
    others = {
        p: p.stat().st_mtime_ns
        for part in parts
        if part != mine
        for p in (index / part).rglob("*")
        if p.is_file() and p.name != PARTS and (part or "part-" not in p.as_posix())
    }
    before = snapshot(index / mine)
    reword(root, "river")
    counted: list[str] = []
    report = build(root / "site.yml", progress=lambda stage, *_: counted.append(stage))
    assert "events/river/index.html" in report.changed and "indexing for search" in counted
    assert out.stat().st_ino == folder  # moved into, not swapped
    assert {p: p.stat().st_mtime_ns for p in others} == others
    assert snapshot(index / mine) != before
    assert sorted(os.listdir(root)) == [".tlgen-cache", "content", "public", "site.yml"]
    build(root / "site.yml", out=tmp_path / "clean", cache=False)
    assert snapshot(out) == snapshot(tmp_path / "clean")


def test_an_edit_reads_only_the_pages_it_changed(
    make_site: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, moved_in: None
) -> None:
    """What the last build found of each page (marked or not, its digest) is kept: an
    edit reads for the index only the pages it wrote, and a page changed by hand in the
    output since is written again, hence read."""
    root = the_site(make_site)
    read: list[str] = []
    real = search._scan_pages

    def counting(pages: list[str], where: Any, *args: Any, **kwargs: Any) -> Any:
        def reading(page: str) -> Path:
            read.append(page)
            return cast(Path, where(page))

        return real(pages, reading, *args, **kwargs)

    monkeypatch.setattr(search, "_scan_pages", counting)
    reword(root, "river")
    build(root / "site.yml")
    assert "events/river/index.html" in read
    assert "events/castle/index.html" not in read and len(read) < 10
    read.clear()
    page = root / "public" / "events" / "castle" / "index.html"
    page.write_bytes(page.read_bytes().replace(b"council", b"COUNCIL"))
    reword(root, "harbour")
    build(root / "site.yml")
    assert {"events/harbour/index.html", "events/castle/index.html"} <= set(read)
    build(root / "site.yml", out=tmp_path / "clean", cache=False)
    assert snapshot(root / "public") == snapshot(tmp_path / "clean")


def test_an_edit_that_leaves_a_part_empty_removes_it(
    make_site: Callable[..., Path], tmp_path: Path, moved_in: None
) -> None:
    """An event deleted: fewer parts, the last one's folder goes with the files moved in."""
    root = the_site(make_site)
    index = root / "public" / INDEX_DIR
    assert (index / "part-3").is_dir()
    (root / "content" / "events" / "castle.md").unlink()
    (root / "content" / "events" / "market.md").unlink()
    build(root / "site.yml")
    parts = [part["path"] for part in json.loads((index / PARTS).read_text())["parts"]]
    assert len(parts) == 2 and not (index / "part-3").exists()
    build(root / "site.yml", out=tmp_path / "clean", cache=False)
    assert snapshot(root / "public") == snapshot(tmp_path / "clean")


def test_an_edit_to_an_output_whose_index_was_removed_makes_it_whole(
    make_site: Callable[..., Path], tmp_path: Path, moved_in: None
) -> None:
    """No index to bring up to date (removed by hand): the edit is not moved in without
    one, the whole site is made with its index, as a clean build's."""
    root = the_site(make_site)
    out = root / "public"
    shutil.rmtree(out / INDEX_DIR)
    reword(root, "river")
    build(root / "site.yml")
    assert (out / INDEX_DIR / PARTS).is_file()
    build(root / "site.yml", out=tmp_path / "clean", cache=False)
    assert snapshot(out) == snapshot(tmp_path / "clean")


def test_an_edit_whose_index_fails_leaves_no_index(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, moved_in: None
) -> None:
    """As a clean build would: the edited pages are there, the index is not, and the
    warning says why."""
    root = the_site(make_site)
    monkeypatch.setattr("generator.search._index", lambda *args: "out of memory")
    reword(root, "river")
    report = build(root / "site.yml")
    (warning,) = [w for w in report.warnings if "search" in w.message]
    assert warning.message == "the search index was not built: out of memory"
    out = root / "public"
    assert b"council sat" in (out / "events" / "river" / "index.html").read_bytes()
    assert not (out / INDEX_DIR).exists()


def test_a_change_arriving_while_the_parts_are_made_stops_them_all(
    archive: Path, tmp_path: Path, parts_of_two: None
) -> None:
    previous = indexed(archive, tmp_path / "previous")
    new = copy_in_order(archive, tmp_path / "new", reverse=False)
    for word in WORDS:  # every part to make again
        edit(new, word)
    notes = build_index(new, previous, True, "en", yes_once_begun())
    assert [p.severity for p in notes] == ["note"]
    assert snapshot(new / INDEX_DIR) == {**snapshot(previous / INDEX_DIR), STALE: b""}


def test_a_part_that_fails_leaves_no_index(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parts_of_two: None
) -> None:
    """Half an index would find some events and silently miss others: none is left, and
    the warning says why."""
    real = _index

    def failing(folder: Path, pages: list[str], *args: Any) -> Any:
        return (
            "out of memory" if "events/harbour/index.html" in pages else real(folder, pages, *args)
        )

    monkeypatch.setattr("generator.search._index", failing)
    site = copy_in_order(archive, tmp_path / "site", reverse=False)
    (warning,) = build_index(site, None, True, "en")
    assert warning.message == "the search index was not built: out of memory"
    assert not (site / INDEX_DIR).exists()


def answers(*replies: object, tail: bytes = b"") -> int:
    """A pipe holding the service's answers (base64 JSON, each ended by a comma)."""
    out, into = os.pipe()
    data = b"".join(base64.b64encode(json.dumps(r).encode()) + b"," for r in replies) + tail

    def write() -> None:
        os.write(into, data)
        os.close(into)

    threading.Thread(target=write, daemon=True).start()
    return out


def test_the_service_answers_are_read_whole_and_failures_named() -> None:
    files = [{"path": f"fragment/{i}.pf_fragment", "content": "x" * 5000} for i in range(400)]
    index = {"type": "GetFiles", "files": files}  # 2 MB: many reads of the pipe
    added = {"message_id": 2, "payload": {"type": "IndexedFile"}}
    assert _answer(answers(added, {"message_id": 3, "payload": index}), 3) == index
    failed = {"message_id": 3, "payload": {"type": "Error", "message": "no pages"}}
    assert _answer(answers(added, failed), 3) == "pagefind: no pages"
    skipped = {"message_id": 2, "payload": {"type": "Error", "message": "bad page"}}
    assert _answer(answers(skipped), 3) == "pagefind stopped before it gave the index"
    assert "form tlgen does not know" in str(_answer(answers(tail=b"Indexed 3 pages,"), 3))
    assert "form tlgen does not know" in str(_answer(answers({"payload": [1]}), 3))


def test_a_pagefind_that_hangs_is_stopped(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("generator.search._TIMEOUT", 0.0)
    monkeypatch.setattr("generator.search._TIMEOUT_PER_PAGE", 0.0)
    site = copy_in_order(archive, tmp_path / "site", reverse=False)
    (warning,) = build_index(site, None, True, "en")
    assert "pagefind took longer than 0 s" in warning.message
    assert not (site / INDEX_DIR).exists()


def test_without_pagefind_the_site_still_builds(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("generator.search.sys.executable", "/nonexistent/python")
    root = make_site()
    report = build(root / "site.yml")
    (warning,) = [w for w in report.warnings if "search index" in w.message]
    assert "pagefind[bin]" in warning.hint
    assert (root / "public" / "events" / "e" / "index.html").is_file()


@contextlib.contextmanager
def serving(folder: Path) -> Iterator[str]:
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@contextlib.contextmanager
def search_page(folder: Path, query: str = "") -> Iterator[Any]:
    """The search page of the site in ``folder``, served, open in headless Chromium."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("Debian's chromium is not installed")
    args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update",
            "--disable-sync"]  # fmt: skip
    with serving(folder) as served, sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=args)
        try:
            page = browser.new_page()
            page.goto(f"{served}/search/{query}")
            yield page
        finally:
            browser.close()


def test_a_result_lands_on_the_exact_update(built: Path) -> None:
    with search_page(built) as page:
        page.fill("#q", "Kirby")
        page.wait_for_selector("#search-results a", timeout=15_000)
        href = page.get_attribute("#search-results a", "href")
        assert href == "/events/russia-to-start-withdrawal-from-syria/#t-2016-03-14-1830"
        page.select_option("#speakers", "john-kirby")  # a filter the event passes
        page.wait_for_selector("#search-results a", timeout=15_000)
        script = "els => els.map(e => e.value)"
        options = page.eval_on_selector_all("#speakers option", script)
        assert "vladimir-putin" in options and "sergey-shoigu" not in options  # never quoted


def test_a_search_is_its_address(built: Path) -> None:
    """/search/?q=...&speakers=... fills the form and searches (a search can be linked
    to, and the back button finds it); what is typed is kept in the address."""
    with search_page(built, "?q=Kirby&speakers=john-kirby&months=nonsense") as page:
        page.wait_for_selector("#search-results a", timeout=15_000)
        assert page.input_value("#q") == "Kirby"
        assert page.input_value("#speakers") == "john-kirby"
        assert page.input_value("#months") == ""  # no such month: any
        href = page.get_attribute("#search-results a", "href")
        assert href == "/events/russia-to-start-withdrawal-from-syria/#t-2016-03-14-1830"
        assert page.evaluate("location.search") == "?q=Kirby&speakers=john-kirby"
        page.fill("#q", "withdrawal of troops")
        page.wait_for_function("location.search === '?q=withdrawal+of+troops&speakers=john-kirby'")
        page.select_option("#speakers", "")
        page.fill("#q", "")
        page.wait_for_function("location.search === ''")
        # a speaker's page links to a search of the events quoting them
        page.goto(page.url.split("/search/")[0] + "/speakers/john-kirby/")
        page.get_by_role("link", name="Search the events with these statements").click()
        page.wait_for_url("**/search/?speakers=john-kirby")
        page.wait_for_function("document.querySelector('#speakers').value === 'john-kirby'")


def test_an_index_in_parts_is_searched_as_one(
    archive: Path, tmp_path: Path, parts_of_two: None
) -> None:
    with search_page(indexed(archive, tmp_path / "site")) as page:
        page.fill("#q", "castle")  # in the third part only
        page.wait_for_selector("#search-results a", timeout=15_000)
        links = page.eval_on_selector_all("#search-results a", "els => els.map(e => e.href)")
        assert [link.split("/", 3)[3] for link in links] == ["events/castle/#t-2016-03-14-1820"]
        page.fill("#q", "council")  # in every event, all three parts
        page.wait_for_function("document.querySelectorAll('#search-results a').length === 5")
        assert page.text_content("#search-status") == "5 events found"


@pytest.mark.skipif(sys.platform != "linux", reason="PR_SET_PDEATHSIG is Linux's")
def test_the_indexer_dies_with_its_build() -> None:
    """The indexer's process asks the kernel to be killed with its parent: a killed build
    leaves no Pagefind running. Read back from the child itself (PR_GET_PDEATHSIG)."""
    probe = (
        "import ctypes; v = ctypes.c_int(); "
        "ctypes.CDLL(None).prctl(2, ctypes.byref(v)); print(v.value)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        preexec_fn=die_with_parent,
    )
    assert done.stdout.strip() == str(int(signal.SIGKILL))
