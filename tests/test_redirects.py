"""``redirects:`` in site.yml: an address that moved (an event's slug, a speaker's name)
keeps working on a static host, its pages and its anchors; ``tlgen check`` follows it."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.cli import main

EVENT = """---
title: Storm
date: 2016-03-14
timezone: GMT
---

## 19:15

"We will stay," Jane Doe said.

## 19:40

Roads closed.
"""
SITE = "title: R\nbase_url: https://example.org/archive/\ntimezone: GMT\n"
MOVES = (
    "redirects:\n"
    "  /events/old-storm/: /events/storm/\n"
    "  /speakers/minister-jane-doe/: /speakers/jane-doe/\n"
    '  /storm.html: "/events/storm/#t-2016-03-14-1940"\n'
    "  /elsewhere/: https://other.example/storm\n"
)


def _refresh(page: Path) -> str:
    m = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]*)">', page.read_text())
    assert m, page
    return m.group(1)


def test_redirect_pages(make_site: Callable[..., Path]) -> None:
    root = make_site({"content/events/storm.md": EVENT}, site_yml=SITE + MOVES)
    assert main(["build", "--config", str(root / "site.yml")]) == 0
    out = root / "public"
    moved = out / "events" / "old-storm" / "index.html"
    text = moved.read_text()
    assert _refresh(moved) == "/archive/events/storm/"
    assert '<link rel="canonical" href="https://example.org/archive/events/storm/">' in text
    assert '<meta name="robots" content="noindex">' in text
    # the anchor of the update that was linked goes on with the reader
    assert 'location.replace("/archive/events/storm/" + location.hash)' in text
    assert '<a href="/archive/events/storm/">/archive/events/storm/</a>' in text
    # the pages under a folder sent on are sent on too; the event's data and feed are not
    other = out / "events" / "old-storm" / "oldest-first" / "index.html"
    assert _refresh(other) == "/archive/events/storm/oldest-first/"
    assert sorted(p.name for p in (out / "events" / "old-storm").iterdir()) == [
        "index.html",
        "oldest-first",
    ]
    assert _refresh(out / "speakers" / "minister-jane-doe" / "index.html") == (
        "/archive/speakers/jane-doe/"
    )
    anchored = (out / "storm.html").read_text()
    assert 'location.replace("/archive/events/storm/#t-2016-03-14-1940")' in anchored
    assert _refresh(out / "elsewhere" / "index.html") == "https://other.example/storm"
    assert "old-storm" not in (out / "sitemap.xml").read_text()
    assert main(["check", "--config", str(root / "site.yml")]) == 0


def test_redirects_with_relative_links(make_site: Callable[..., Path]) -> None:
    site = SITE + "relative_links: true\n" + MOVES
    root = make_site({"content/events/storm.md": EVENT}, site_yml=site)
    assert main(["build", "--config", str(root / "site.yml")]) == 0
    moved = root / "public" / "events" / "old-storm" / "oldest-first" / "index.html"
    assert _refresh(moved) == "../../storm/oldest-first/index.html"


def test_check_follows_a_moved_page_to_its_anchors(
    make_site: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """An event published as old-storm (its anchors locked), then renamed: without a
    redirect its anchors are lost; with one they are where it went."""
    root = make_site({"content/events/old-storm.md": EVENT}, site_yml=SITE)
    config = ["--config", str(root / "site.yml")]
    assert main(["build", *config]) == 0 and main(["check", *config]) == 0
    assert "/events/old-storm/#t-2016-03-14-1915" in (root / "anchors.lock").read_text()
    (root / "content/events/old-storm.md").rename(root / "content/events/storm.md")
    assert main(["build", *config]) == 0
    capsys.readouterr()
    assert main(["check", *config]) == 1
    lost = capsys.readouterr().err
    # one problem for the page, its anchors counted in it, not one for each of them
    assert "page /events/old-storm/ (and 2 anchors on it) was published before" in lost
    assert "anchor /events/old-storm/#" not in lost
    # the new address is guessed where the old one's name ends in it
    assert "send its readers on (site.yml: redirects: {/events/old-storm/: /events/storm/})" in (
        lost
    )
    assert "{/events/old-storm/oldest-first/: /new/}" in lost
    (root / "site.yml").write_text(SITE + MOVES)
    assert main(["build", *config]) == 0
    assert main(["check", *config]) == 0, capsys.readouterr().err
    # a redirect whose page has not the anchor: lost again
    (root / "site.yml").write_text(SITE + MOVES.replace("/events/storm/\n", "/tags/\n", 1))
    assert main(["build", *config]) == 0
    capsys.readouterr()
    assert main(["check", *config]) == 1
    assert "anchor /events/old-storm/#t-2016-03-14-1915 was published" in capsys.readouterr().err
    # sent off the site: its anchors are no longer this site's to check
    off = SITE + MOVES.replace("/events/storm/\n", "https://other.example/storm\n", 1)
    (root / "site.yml").write_text(off)
    assert main(["build", *config]) == 0
    capsys.readouterr()
    assert main(["check", *config]) == 1
    lost = capsys.readouterr().err
    assert "page /events/old-storm/oldest-first/ (and 2 anchors on it)" in lost  # no page
    assert "page /events/old-storm/ " not in lost and "anchor /events/old-storm/#" not in lost
