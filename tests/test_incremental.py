"""Incremental builds give exactly the bytes of a clean build.

Random sequences of edits, additions and deletions (of events, captures, sidecars, the
registry, site.yml and templates) are applied to a site; after each step the site is
built incrementally (with its cache and previous output) and cleanly (no cache, a new
folder), and the two outputs must be identical, file for file, byte for byte.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from generator import build as build_module
from generator import cache, write
from generator.build import build
from generator.errors import TlgenError
from generator.model import Entry, LazyEntries

REPO = Path(__file__).resolve().parents[1]

SITE_YML = "title: Test archive\nbase_url: /\ntimezone: GMT\n"
SPEAKERS = "- name: Jane Doe\n  aliases: [Doe]\n- name: John Roe\n  aliases: [Roe]\n"


def event_text(rng: random.Random, title: str) -> str:
    lines = [f"---\ntitle: {title}\ndate: 2016-03-{rng.randint(10, 20)}\ntimezone: GMT\n---\n"]
    for _ in range(rng.randint(1, 4)):
        who = rng.choice(["Jane Doe", "John Roe", "Doe", "Roe"])
        lines.append(
            f"## {rng.randint(8, 20):02d}:{rng.choice(['00', '15', '30'])} GMT\n\n"
            f'"We {rng.choice(["agree", "disagree", "will see"])} on point {rng.randint(1, 9)},"'
            f" {who} said. [#Tag{rng.randint(1, 3)}](#)\n"
        )
    return "\n".join(lines)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.mark.parametrize("commit", ["swap", "in place", "in place, search"])
def test_random_edits_give_clean_build_bytes(
    make_site: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, commit: str
) -> None:
    """``commit``: the new output swapped in whole (when much changed, or a first search
    index), or the changed files moved into it (as after an edit to a large site), with
    the search index's changed parts (``search.update_index``: parts of two pages here)."""
    settings = ""
    if commit.startswith("in place"):
        monkeypatch.setattr(write, "_FEW", 1)  # however many changed, if not more than all
        settings = "" if commit.endswith("search") else "search: false\n"
        monkeypatch.setattr("generator.search._PART_PAGES", 2)
    # Sources unchanged since the last build are not hashed again (``stamp.fresh``): the
    # short pause before each build makes every earlier save older than its start.
    rng = random.Random(2016_03_14)
    root = make_site({"content/events/e0.md": event_text(rng, "Event 0")}, SITE_YML + settings)
    (root / "content" / "speakers.yml").write_text(SPEAKERS)
    (root / "seeds").mkdir()
    seed = REPO / "seeds" / "000_588fca7941595965.txt"
    events = root / "content" / "events"
    counter = 1

    def step(kind: str) -> None:
        nonlocal counter
        existing = sorted(events.glob("*.md"))
        if kind == "add" or not existing:
            (events / f"e{counter}.md").write_text(event_text(rng, f"Event {counter}"))
            counter += 1
        elif kind == "edit":
            target = rng.choice(existing)
            target.write_text(event_text(rng, target.stem.upper()))
        elif kind == "delete" and len(existing) > 1:
            rng.choice(existing).unlink()
        elif kind == "touch":
            target = rng.choice(existing)
            target.write_bytes(target.read_bytes())  # new mtime, same bytes
        elif kind == "capture":
            capture = root / "seeds" / "seed.txt"
            if capture.exists():
                capture.unlink()
            else:
                shutil.copyfile(seed, capture)
        elif kind == "sidecar" and (root / "seeds" / "seed.txt").exists():
            (root / "seeds" / "seed.yml").write_text(f"summary: Summary {rng.randint(1, 99)}\n")
        elif kind == "registry":
            extra = rng.choice(["", "- name: Sergey Lavrov\n  aliases: [Lavrov]\n"])
            (root / "content" / "speakers.yml").write_text(SPEAKERS + extra)
        elif kind == "config":
            order = rng.choice(["newest-first", "oldest-first"])
            disable = rng.choice(["", "[speakers, timeline, tags, exports, other_order]", "[tags]"])
            (root / "site.yml").write_text(
                f"title: Test {rng.randint(1, 3)}\nentry_order: {order}\n{settings}"
                + (f"disable: {disable}\n" if disable else "")
            )
        elif kind == "template":
            (root / "templates").mkdir(exist_ok=True)
            (root / "templates" / "index.html").write_text(
                '{% extends "base.html" %}{% block main %}'
                f"<h1>Home {rng.randint(1, 3)}</h1>{{{{ events|length }}}}{{% endblock %}}"
            )

    kinds = ["add", "edit", "delete", "touch", "capture", "sidecar", "registry", "config",
             "template"]  # fmt: skip
    incremental = root / "public"
    for i in range(24):
        step(rng.choice(kinds))
        time.sleep(0.012)
        build(root / "site.yml")
        clean = tmp_path / f"clean-{i}"
        build(root / "site.yml", out=clean, cache=False)
        assert snapshot(incremental) == snapshot(clean), f"step {i}"


def test_nothing_changed_writes_nothing(make_site: Callable[..., Path]) -> None:
    root = make_site()
    first = build(root / "site.yml")
    assert first.reused == 0
    files = {p: p.stat().st_mtime_ns for p in (root / "public").rglob("*") if p.is_file()}
    again = build(root / "site.yml")
    assert again.reused == again.files == first.files
    assert {p: p.stat().st_mtime_ns for p in (root / "public").rglob("*") if p.is_file()} == files


def test_no_cache_reads_and_writes_everything_anew(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--no-cache`` after a cached build: the last build's manifest and records are
    not looked at nor written, every source is read and every file written (README: "read
    and render everything anew"), and the bytes are the same."""
    root = make_site()
    first = build(root / "site.yml")
    before, kept = snapshot(root / "public"), snapshot(root / ".tlgen-cache")
    read: list[Path] = []
    real = build_module.read_input
    monkeypatch.setattr(
        build_module,
        "read_input",
        lambda config, path, *a: read.append(path) or real(config, path, *a),
    )
    again = build(root / "site.yml", cache=False)
    assert again.reused == 0 and again.files == first.files
    assert len(read) == first.events
    assert snapshot(root / "public") == before
    assert snapshot(root / ".tlgen-cache") == kept  # ignored: not written either


def test_tlgen_changed_under_the_same_version_builds_anew(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A checkout, or an install from git, keeps its version number while its readers and
    pages change: none of the last build's records or files is taken as it was."""
    root = make_site()
    first = build(root / "site.yml")
    monkeypatch.setattr(build_module, "code_key", lambda: "tlgen changed")
    read: list[object] = []
    real = build_module.event_from
    monkeypatch.setattr(build_module, "event_from", lambda *a: read.append(a) or real(*a))
    again = build(root / "site.yml")
    made = {path for path in first.changed if not path.startswith("static/")}
    assert made <= set(again.changed) and len(read) == 1  # static files: keyed by their bytes
    assert build(root / "site.yml").reused == first.files  # and then kept as before


def test_the_code_key_follows_the_modules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "sources").mkdir()
    (tmp_path / "__pycache__").mkdir()
    module, compiled = tmp_path / "sources" / "reader.py", tmp_path / "__pycache__" / "a.pyc"
    module.write_text("A = 1\n")
    compiled.write_bytes(b"x")
    key = cache.code_key.__wrapped__(str(tmp_path))
    compiled.write_bytes(b"xy")  # not a module
    (tmp_path / "notes.txt").write_text("x")
    assert cache.code_key.__wrapped__(str(tmp_path)) == key
    module.write_text("A = 2\n")  # the same size, a later time
    os.utime(module, ns=(time.time_ns(), time.time_ns() + 10**9))
    assert cache.code_key.__wrapped__(str(tmp_path)) != key

    def gone(path: str) -> os.stat_result:  # listed, then removed before its stat
        raise FileNotFoundError(path)

    monkeypatch.setattr(cache.os, "stat", gone)
    assert cache.code_key.__wrapped__(str(tmp_path)) == cache.digest("code")


def test_one_edit_renders_only_what_depends_on_it(make_site: Callable[..., Path]) -> None:
    rng = random.Random(7)
    root = make_site({f"content/events/e{i}.md": event_text(rng, f"E{i}") for i in range(5)})
    build(root / "site.yml")
    out = root / "public"
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    (root / "content" / "events" / "e3.md").write_text(event_text(rng, "E3 edited"))
    report = build(root / "site.yml")
    after = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    rewritten = {p.relative_to(out).as_posix() for p in after if before.get(p) != after[p]}
    rewritten.discard(".tlgen-output")  # the marker is written with every build
    rewritten = {p for p in rewritten if not p.startswith("pagefind/")}  # one index for all
    assert "events/e3/index.html" in rewritten and "events/e3.json" in rewritten
    for other in ("e0", "e1", "e2", "e4"):  # the other events' files are reused as they are
        assert not {f"events/{other}/index.html", f"events/{other}.json"} & rewritten
    assert "static/style.css" not in rewritten
    assert report.files - report.reused == len(rewritten)  # the index is not an Output


def test_a_hand_edited_output_file_is_rebuilt(make_site: Callable[..., Path]) -> None:
    root = make_site()
    build(root / "site.yml")
    page = root / "public" / "index.html"
    original = page.read_bytes()
    page.write_bytes(b"tampered")
    build(root / "site.yml")
    assert page.read_bytes() == original


def test_deleting_the_cache_is_safe(make_site: Callable[..., Path]) -> None:
    root = make_site()
    build(root / "site.yml")
    before = snapshot(root / "public")
    shutil.rmtree(root / ".tlgen-cache")
    build(root / "site.yml")
    assert snapshot(root / "public") == before


def test_pages_listing_updates_follow_their_event_and_only_them(
    make_site: Callable[..., Path], tmp_path: Path
) -> None:
    """Timeline, tag and speaker pages are keyed by the updates they list (and their
    event's title and address): a new title reaches every one of them, and an event's
    edit leaves the pages of other events' tags and speakers as they were."""
    head = "---\ntitle: {title}\ndate: 2016-0{month}-14\ntimezone: GMT\n---\n\n## 10:00 GMT\n\n"
    one = head.replace("{month}", "3") + '"Yes," Jane Doe said. [#Alpha](#)\n'
    two = head.format(title="Other", month=4) + '"No," John Roe said. [#Beta](#)\n'
    root = make_site(
        {"content/events/one.md": one.format(title="First"), "content/events/two.md": two},
        SITE_YML + "search: false\n",
    )
    (root / "content" / "speakers.yml").write_text(SPEAKERS)
    build(root / "site.yml")
    (root / "content" / "events" / "one.md").write_text(one.format(title="Renamed"))
    report = build(root / "site.yml")
    for page in ("timeline/2016-03/index.html", "tags/alpha/index.html",
                 "speakers/jane-doe/index.html"):  # fmt: skip
        assert page in report.changed
        assert "Renamed" in (root / "public" / page).read_text()
    for page in ("timeline/2016-04/index.html", "tags/beta/index.html",
                 "speakers/john-roe/index.html"):  # fmt: skip
        assert page not in report.changed
    build(root / "site.yml", out=tmp_path / "clean", cache=False)
    assert snapshot(root / "public") == snapshot(tmp_path / "clean")


_FIELD_EVENT = """---
title: First
date: 2016-03-14
timezone: GMT
summary: What happened first.
tags: [syria, russia]
source:
  url: https://example.com/live
  publisher: RT
  captured: "2016-03-14"
---

An introduction.

## 10:00 GMT

"Yes," Jane Doe said. [#Alpha](#)

## 11:15 GMT

"No," Roe said of the [plan](https://example.com/plan).
"""
_FIELD_OTHER = (
    "---\ntitle: Other\ndate: 2016-04-02\ntags: [russia]\n---\n\n"  # in the site's zone
    '## 09:00\n\n"Maybe," J. Roe said. [#Beta](#)\n'
)
_FIELD_QUIET = (  # no statement: a new language changes none of its records
    "---\ntitle: Quiet\ndate: 2016-03-20\ntimezone: GMT\nlanguage: en\n---\n\n"
    "## 12:00 GMT\n\nNothing was said. [#Alpha](#)\n"
)
_FIELD_SPEAKERS = (
    "- name: Jane Doe\n  slug: jane\n  aliases: [Doe]\n  role: Envoy\n"
    "  description: Speaks for the ministry.\n  wikidata: Q1\n"
    "- name: John Roe\n  aliases: [Roe]\n"
)
_FIELD_SITE = (
    "title: Test archive\nbase_url: https://example.org/archive/\ntimezone: GMT\n"
    "description: An archive.\nsearch: false\n"
)


@pytest.mark.parametrize(
    ("file", "old", "new"),
    [
        ("content/events/one.md", "title: First", "title: First, renamed"),
        ("content/events/one.md", "summary: What happened first.", "summary: Told again."),
        ("content/events/one.md", "tags: [syria, russia]", "tags: [syria]"),
        ("content/events/one.md", "timezone: GMT", "timezone: Europe/Moscow"),
        ("content/events/one.md", "date: 2016-03-14", "date: 2016-03-15"),
        ("content/events/one.md", "date: 2016-03-14", "date: 2016-05-14"),  # another month
        ("content/events/one.md", "---\n\nAn", "slug: first\n---\n\nAn"),
        ("content/events/one.md", "---\n\nAn", "language: de\n---\n\nAn"),
        ("content/events/three.md", "language: en", "language: de"),  # each line kept
        ("content/events/one.md", "publisher: RT", "publisher: RT News"),
        ("content/events/one.md", "https://example.com/live", "https://example.com/live2"),
        ("content/events/one.md", '"2016-03-14"\n', '"2016-03-16"\n'),
        ("content/events/one.md", '4"\n---', '4"\nspeakers: {John Roe: null}\n---'),
        ("content/events/one.md", '4"\n---', '4"\nspeakers: {John Roe: Jane Doe}\n---'),
        ("content/events/one.md", "An introduction.", "Another introduction."),
        ("content/events/one.md", '"Yes,"', '"Yes, indeed,"'),
        ("content/events/one.md", "## 11:15 GMT", "## 11:20 GMT"),
        ("content/events/one.md", "[#Alpha](#)", "[#Gamma](#)"),
        ("content/events/one.md", "example.com/plan", "example.com/plan-b"),
        ("content/speakers.yml", "name: Jane Doe", "name: Jane Q. Doe"),
        ("content/speakers.yml", "slug: jane", "slug: jane-doe"),
        ("content/speakers.yml", "role: Envoy", "role: Ambassador"),
        ("content/speakers.yml", "Speaks for the ministry.", "Spoke for the ministry."),
        ("content/speakers.yml", "wikidata: Q1", "wikidata: Q2"),
        ("content/speakers.yml", "aliases: [Roe]", "aliases: [Roe, J. Roe]"),
        ("static/site.css", "body {}", "body { margin: 0 }"),
        ("site.yml", "title: Test archive", "title: Another archive"),
        ("site.yml", "description: An archive.", "description: Another archive."),
        ("site.yml", "timezone: GMT", "timezone: Europe/Berlin"),
        ("site.yml", "timezone: GMT\n", "timezone: GMT\nlanguage: fr\n"),
        ("site.yml", "timezone: GMT\n", "timezone: GMT\nentry_order: oldest-first\n"),
        ("site.yml", "example.org/archive/", "example.net/"),
    ],
)
@pytest.mark.parametrize(
    ("serving", "lean", "search"),
    [(False, False, False), (True, False, False), (False, True, False), (False, False, True)],
    ids=["build", "serve", "lean", "search"],
)
def test_one_field_edited_gives_clean_build_bytes(
    make_site: Callable[..., Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    file: str,
    old: str,
    new: str,
    serving: bool,
    lean: bool,
    search: bool,
) -> None:
    """Each input a page may show, changed alone: the random edits above rewrite a whole
    event at once, so a page key missing one of its inputs could pass them. ``serving``:
    as ``tlgen serve`` builds, with the events it read kept in memory and the edited
    event's page shown ahead of the rebuild (``preview``), in the bytes the rebuild writes.
    ``lean``: no page lists every update, so the pages are made from each event's head
    (its entries loaded only where a page needs them: ``build._entries_of``). ``search``:
    with the search index, in parts of two pages, the changed files moved in."""
    if search:
        monkeypatch.setattr(write, "_FEW", 1)
        monkeypatch.setattr("generator.search._PART_PAGES", 2)
    root = make_site(
        {
            "content/events/one.md": _FIELD_EVENT,
            "content/events/two.md": _FIELD_OTHER,
            "content/events/three.md": _FIELD_QUIET,
            "static/site.css": "body {}\n",
        },
        _FIELD_SITE.replace("search: false", f"search: {str(search).lower()}")
        + ("disable: [speakers, timeline, tags, feeds, exports]\n" if lean else ""),
    )
    (root / "content" / "speakers.yml").write_text(_FIELD_SPEAKERS)
    memory = build_module.Memory() if serving else None
    build(root / "site.yml", memory=memory)
    before = snapshot(root / "public")
    path = root / file
    text = path.read_text()
    assert text.count(old) == 1
    path.write_text(text.replace(old, new))
    shown = build_module.preview(memory, [path]) if memory is not None else {}
    build(root / "site.yml", memory=memory)
    build(root / "site.yml", out=tmp_path / "clean", cache=False)
    after = snapshot(root / "public")
    if not (lean and "speakers" in file + new):  # who said what: no page shows it then
        assert after != before
    assert after == snapshot(tmp_path / "clean")
    assert {page: after[page] for page in shown} == shown


@pytest.mark.parametrize(
    ("sidecar", "removed"),
    [
        ("summary: Told again by the other capture.\n", False),
        ("", False),  # no summary left to give
        ("summary: Told by the other capture.\ntags: [withdrawal]\n", False),
        ("summary: Told by the other capture.\nlanguage: de\n", False),
        ("", True),
    ],
    ids=["summary edited", "summary removed", "tags given", "language given", "capture removed"],
)
def test_a_merged_event_follows_its_other_capture(
    make_site: Callable[..., Path], tmp_path: Path, sidecar: str, removed: bool
) -> None:
    """Two captures of one blog are one event, read from one of them (here b.txt, equal
    in all else) with what only the other gives (a summary, tags, a language): an edit
    to the other's sidecar, or its removal, reaches the event's files, whose own source
    did not change."""
    root = make_site({}, SITE_YML + "search: false\n")
    seeds = root / "seeds"
    seeds.mkdir()
    for name in ("a", "b"):
        shutil.copyfile(REPO / "seeds" / "000_588fca7941595965.txt", seeds / f"{name}.txt")
        (seeds / f"{name}.yml").write_text(f"source:\n  url: {_RT_URL}\n")
    told = f"source:\n  url: {_RT_URL}\nsummary: Told by the other capture.\n"
    (seeds / "a.yml").write_text(told)
    if removed:  # the event's own capture says as much: only its list of captures changes
        (seeds / "b.yml").write_text(told)
    build(root / "site.yml")
    before = snapshot(root / "public")
    if removed:
        (seeds / "a.txt").unlink()
        (seeds / "a.yml").unlink()
    else:
        (seeds / "a.yml").write_text(f"source:\n  url: {_RT_URL}\n{sidecar}")
    build(root / "site.yml")
    build(root / "site.yml", out=tmp_path / "clean", cache=False)
    after = snapshot(root / "public")
    assert len([p for p in after if p.startswith("events/") and p.endswith(".json")]) == 1
    assert after != before
    assert after == snapshot(tmp_path / "clean")


_RT_URL = "https://www.rt.com/news/335433-russia-syria-withdrawal-live/"


def test_a_file_saved_again_while_it_is_built_is_built_as_saved(
    make_site: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build hashes every source first and reads the changed ones after: a save in
    between is read as saved, kept under the key of what was read, and the next build
    finds the site as it is."""
    rng = random.Random(5)
    root = make_site({f"content/events/e{i}.md": event_text(rng, f"E{i}") for i in range(3)})
    build(root / "site.yml")
    target = root / "content" / "events" / "e1.md"
    target.write_text(event_text(rng, "E1 first save"))
    real = build_module.read_all

    def saved_again(*args: object, **kwargs: object) -> object:
        target.write_text(event_text(rng, "E1 second save"))
        return real(*args, **kwargs)

    monkeypatch.setattr(build_module, "read_all", saved_again)
    build(root / "site.yml")
    assert "E1 second save" in (root / "public" / "events" / "e1" / "index.html").read_text()
    monkeypatch.setattr(build_module, "read_all", real)
    build(root / "site.yml")
    build(root / "site.yml", out=tmp_path / "clean", cache=False)
    assert snapshot(root / "public") == snapshot(tmp_path / "clean")


def test_compiled_templates_are_kept_and_follow_their_source(
    make_site: Callable[..., Path],
) -> None:
    root = make_site()
    build(root / "site.yml")
    compiled = list((root / ".tlgen-cache").glob("v-*/jinja-*/*.cache"))
    assert compiled, "no compiled template kept"
    (root / "templates").mkdir()
    (root / "templates" / "index.html").write_text(
        '{% extends "base.html" %}{% block main %}<h1>Changed home</h1>{% endblock %}'
    )
    build(root / "site.yml")
    assert "<h1>Changed home</h1>" in (root / "public" / "index.html").read_text()
    (root / "templates" / "index.html").write_text(
        '{% extends "base.html" %}{% block main %}<h1>Changed again</h1>{% endblock %}'
    )
    build(root / "site.yml")
    assert "<h1>Changed again</h1>" in (root / "public" / "index.html").read_text()


def test_links_switched_between_relative_and_not_build_from_the_cache(
    make_site: Callable[..., Path], tmp_path: Path
) -> None:
    """Jinja compiles a filter that needs the page (``link`` with ``relative_links``) into
    a call that passes it: the compiled templates of one setting failed the other's
    build ("_as_written() takes 1 positional argument but 2 were given")."""
    root = make_site()
    site_yml = (root / "site.yml").read_text()
    for relative in (True, False, True):
        (root / "site.yml").write_text(site_yml + f"relative_links: {str(relative).lower()}\n")
        build(root / "site.yml")
        clean = tmp_path / f"clean-{relative}"
        build(root / "site.yml", out=clean, cache=False)
        assert snapshot(root / "public") == snapshot(clean)


def test_the_cache_lets_go_of_what_no_build_uses(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Records no build used for a week go (at most once a day), with other versions'
    folders; what the build used stays, however old."""
    from generator import cache

    root = make_site()
    build(root / "site.yml")
    store = cache.Cache(root)
    ((used, _),) = store.manifest().sources.values()
    week = cache.UNUSED_FOR + 60
    old = time.time() - week
    store.put("event", used, store.get("event", used), now=old)
    stale, recent = "ab" + "0" * 30, "cd" + "0" * 30
    store.put("event", stale, b"a record of an earlier configuration" * 30_000, now=old)
    store.put("event", recent, b"a record of an earlier configuration")
    other = root / cache.CACHE_DIR / "v-000000000000"
    other.mkdir()
    os.utime(other, (old, old))
    store.close()
    size = (store.dir / "memo.sqlite").stat().st_size
    tomorrow = time.time() + 25 * 3600  # the build just pruned: the next is due then
    assert store.prune("event", [used], now=tomorrow) == 1
    assert store.get("event", used) is not None and store.get("event", recent) is not None
    assert store.get("event", stale) is None and not other.exists()
    store.close()
    assert (store.dir / "memo.sqlite").stat().st_size < size - 1_000_000  # given back
    store.put("event", stale, b"x", now=old)
    assert store.prune("event", [used]) == 0  # pruned today already
    assert store.prune("event", [used], now=tomorrow) == 1


def test_a_failed_build_keeps_what_it_read(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build stopped by one bad source keeps the records of the others: the build
    after the fix makes only the fixed one's."""
    rng = random.Random(5)
    files = {f"content/events/e{i}.md": event_text(rng, f"E{i}") for i in range(4)}
    files["content/events/e9.md"] = "---\ntitle: [unclosed\n---\n\n## 10:00 GMT\n\nText.\n"
    root = make_site(files)
    with pytest.raises(TlgenError):
        build(root / "site.yml")
    assert not (root / "public").exists()
    made: list[str] = []
    event_from = build_module.event_from
    monkeypatch.setattr(
        build_module, "event_from", lambda c, src, r: made.append(src.name) or event_from(c, src, r)
    )
    (root / "content" / "events" / "e9.md").write_text(event_text(rng, "E9"))
    build(root / "site.yml")
    assert made == ["content/events/e9.md"]


def test_two_builds_at_once_share_the_cache(
    make_site: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two processes building one site at once (into two folders) both write its cache
    file: each gets a clean build's bytes, and the file holds every record after."""
    rng = random.Random(13)
    root = make_site({f"content/events/e{i}.md": event_text(rng, f"E{i}") for i in range(40)})
    command = [sys.executable, "-m", "generator", "build", "--config", str(root / "site.yml")]
    builds = [
        subprocess.Popen([*command, "--out", str(tmp_path / f"out{n}")], stderr=subprocess.PIPE)
        for n in range(2)
    ]
    for child in builds:
        _, err = child.communicate(timeout=300)
        assert child.returncode == 0, err.decode()
        assert b"Traceback" not in err
    build(root / "site.yml", out=tmp_path / "clean", cache=False)
    clean = snapshot(tmp_path / "clean")
    assert snapshot(tmp_path / "out0") == clean and snapshot(tmp_path / "out1") == clean
    made: list[str] = []
    event_from = build_module.event_from
    monkeypatch.setattr(
        build_module, "event_from", lambda c, src, r: made.append(src.name) or event_from(c, src, r)
    )
    build(root / "site.yml", out=tmp_path / "third")
    assert made == [] and snapshot(tmp_path / "third") == clean


def test_an_edit_loads_the_entries_of_the_pages_it_changes_only(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no page listing updates (``disable:``), an edit reads the cached events'
    heads (the home page, the order) and no other event's entries."""
    rng = random.Random(9)
    site_yml = SITE_YML + "search: false\ndisable: [speakers, timeline, tags, feeds, exports]\n"
    root = make_site(
        {f"content/events/e{i}.md": event_text(rng, f"E{i}") for i in range(6)}, site_yml
    )
    build(root / "site.yml")
    loaded: list[int] = []
    items = LazyEntries.items

    def counted(self: LazyEntries) -> tuple[Entry, ...]:
        if self._items is None:
            loaded.append(len(self))
        return items(self)

    monkeypatch.setattr(LazyEntries, "items", counted)
    asked: list[str] = []
    get = cache.Cache.get
    monkeypatch.setattr(
        cache.Cache, "get", lambda self, kind, key: asked.append(key) or get(self, kind, key)
    )
    time.sleep(0.012)
    (root / "content" / "events" / "e2.md").write_text(event_text(rng, "E2 edited"))
    report = build(root / "site.yml")
    assert sorted(report.changed) == [
        "events/e2/index.html",
        "events/e2/oldest-first/index.html",
        "index.html",
    ]
    assert loaded == []  # the edited event is read from its source, not from the cache
    assert len(asked) == 1  # its new key, a miss: the others' heads came in one file
    monkeypatch.undo()
    (root / "site.yml").write_text(site_yml.replace("speakers, ", ""))
    build(root / "site.yml")  # every entry is needed again: speakers' pages list them
    assert (root / "public" / "speakers").is_dir()


def test_pages_made_again_from_heads_find_their_entries(
    make_site: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages made again from the last build's heads need their events' entries: from
    each event's own record in the cache, or from its source where that record is gone."""
    rng = random.Random(11)
    site_yml = SITE_YML + "search: false\ndisable: [speakers, timeline, tags, feeds, exports]\n"
    root = make_site(
        {f"content/events/e{i}.md": event_text(rng, f"E{i}") for i in range(4)}, site_yml
    )
    time.sleep(0.012)  # saved in an earlier clock tick than the build's start: stamped
    build(root / "site.yml")
    store = cache.Cache(root)
    assert (store.dir / "heads.pickle").is_file()
    keys = sorted(key for key, _ in store.manifest().sources.values())
    gone, kept = keys[:2], keys[2:]
    later = time.time() + cache.UNUSED_FOR + 25 * 3600  # every record unused long enough
    assert store.prune("event", kept, now=later) == len(gone)
    store.close()
    for page in (root / "public" / "events").rglob("index.html"):
        page.unlink()  # made again, from the same keys
    read: list[str] = []
    read_input = build_module.read_input
    monkeypatch.setattr(
        build_module, "read_input", lambda *a: read.append(a[1].name) or read_input(*a)
    )
    build(root / "site.yml")
    assert len(read) == len(gone)
    monkeypatch.undo()
    build(root / "site.yml", out=tmp_path / "clean", cache=False)
    assert snapshot(root / "public") == snapshot(tmp_path / "clean")
