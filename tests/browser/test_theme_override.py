"""The default theme, overridden without copying it (examples/override-site/), built with
``relative_links: true`` and read from disk; and tlgen's name on every page it renders.

Only the last test needs a browser; the others read the built files."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from generator import __version__
from generator.build import build

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "override-site"
THEME = REPO / "themes" / "default"
GENERATOR = f'<meta name="generator" content="tlgen {__version__}">'


class Links(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.urls: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(str(a["id"]))
        for name in ("href", "src"):
            if a.get(name) and not (tag == "blockquote" or (name == "href" and tag == "base")):
                self.urls.append(str(a[name]))


@pytest.fixture(scope="module")
def override_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example copied aside (a build writes into its site folder) and built."""
    root = tmp_path_factory.mktemp("override") / "site"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("public", ".tlgen-cache"))
    build(root / "site.yml", cache=False)
    return root / "public"


def pages(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


def test_the_overrides_win_and_the_rest_is_the_theme(override_site: Path) -> None:
    home = (override_site / "index.html").read_text(encoding="utf-8")
    assert "This home page comes from <code>templates/index.html</code>" in home
    static = override_site / "static"
    assert (static / "site.css").read_bytes() == (EXAMPLE / "static" / "site.css").read_bytes()
    for name in ("style.css", "tlgen.js"):  # the theme's, not copied into the site
        assert not (EXAMPLE / "static" / name).exists()
        assert (static / name).read_bytes() == (THEME / "static" / name).read_bytes()
    for page in pages(override_site):
        text = page.read_text(encoding="utf-8")
        css = re.findall(r'<link rel="stylesheet" href="([^"]+)">', text)
        assert [Path(c).name for c in css] == ["style.css", "site.css"], page  # site.css wins
    event = (override_site / "events" / "harbour-summit" / "index.html").read_text("utf-8")
    assert '<article class="entry" id="t-2031-06-02-0930"' in event  # the theme's event.html


def test_multi_day_event_reads_by_day_in_both_orders(override_site: Path) -> None:
    folder = override_site / "events" / "harbour-summit"
    oldest = (folder / "index.html").read_text(encoding="utf-8")  # entry_order: oldest-first
    newest = (folder / "newest-first" / "index.html").read_text(encoding="utf-8")
    anchors = ["t-2031-06-02-0930", "t-2031-06-02-1645", "t-2031-06-03-1005"]
    for text, order in ((oldest, anchors), (newest, anchors[::-1])):
        assert re.findall(r'<article class="entry" id="([^"]+)"', text) == order
        days = re.findall(r'<h2 class="day-heading" id="d-([\d-]+)">', text)
        assert days == sorted(days, reverse=order[0] != anchors[0])
        assert len(days) == 2 and text.count('<h3 class="entry-heading">') == 3
        assert text.count("<h1>") == 1
    assert '<a href="index.html" aria-current="page">Oldest first</a>' in oldest
    assert '<a href="../index.html">Oldest first</a>' in newest
    assert '<link rel="canonical" href="../index.html">' in newest
    # the citation of an update names the publisher, title, time as printed and capture date
    assert (
        "Example Gazette, “Harbour summit, day by day (a made-up example)”, 10:05 CEST, "
        '3 June 2031. <a href="../index.html#t-2031-06-03-1005">'
        "/events/harbour-summit/#t-2031-06-03-1005</a> (captured 2031-06-04)"
    ) in newest
    assert '<span class="entry-title">Timetable agreed</span>' in oldest
    assert '<blockquote class="embed embed-social">' in oldest


def test_relative_links_resolve_on_disk(override_site: Path) -> None:
    checked = 0
    for page in pages(override_site):
        links = Links(page.read_text(encoding="utf-8"))
        for url in links.urls:
            if re.match(r"[a-z]+:", url):
                assert url.startswith(("https://", "http://", "data:", "mailto:")), url
                continue
            if page.name == "404.html":  # served at any address: root-relative on purpose
                assert url.startswith(("/", "#")), url
                continue
            assert not url.startswith("/"), f"{page}: {url} is not relative"
            path, _, fragment = url.partition("#")
            path = path.partition("?")[0]  # a search's address: the page is the file
            target = (page.parent / unquote(path)).resolve() if path else page
            assert target.is_file(), f"{page}: {url} leads nowhere on disk"
            if fragment:
                assert fragment in Links(target.read_text(encoding="utf-8")).ids, url
            checked += 1
    assert checked > 100


@pytest.mark.parametrize("site", ["example", "override"])
def test_every_page_names_its_generator(site: str, example_site: Path, override_site: Path) -> None:
    out = example_site if site == "example" else override_site
    for page in pages(out):
        assert page.read_text(encoding="utf-8").count(GENERATOR) == 1, page
    captures = [p for p in out.glob("captures/*/*") if p.is_file()]
    for capture in captures:  # copied byte for byte: not tlgen's pages, nothing added
        assert capture.read_bytes() == (REPO / "seeds" / capture.name).read_bytes()
    assert len(captures) == (1 if site == "example" else 0)


def test_every_page_template_extends_base() -> None:
    for template in (THEME / "templates").glob("*.html"):
        if template.name == "base.html" or template.name.startswith("_"):
            continue
        assert template.read_text(encoding="utf-8").startswith('{% extends "base.html" %}'), (
            template.name
        )


def test_read_from_disk_in_a_browser(new_page: Callable[..., Any], override_site: Path) -> None:
    page = new_page(viewport={"width": 360, "height": 800})
    page.goto((override_site / "index.html").as_uri())
    page.get_by_role("link", name="Harbour summit, day by day (a made-up example)").click()
    page.wait_for_url("**/events/harbour-summit/index.html")
    accent = "getComputedStyle(document.documentElement).getPropertyValue('--accent').trim()"
    assert page.evaluate(accent) == "#1d5c3a"  # the site's stylesheet, after the theme's
    assert page.locator(".copy-cite").count() == 3  # the theme's script ran from disk
    page.locator(".facts").get_by_role("link", name="Marco Placeholder").click()
    page.wait_for_url("**/speakers/marco-placeholder/index.html")
    page.locator(".statement a.permalink").first.click()
    page.wait_for_url("**/events/harbour-summit/index.html#t-2031-06-02-1645")
    page.wait_for_function("document.querySelector('#t-2031-06-02-1645.is-target')")
    page.select_option("#speaker-filter", "jane-example")
    assert page.locator(".entry:not([hidden])").count() == 2
    page.get_by_role("link", name="Newest first").click()
    page.wait_for_url("**/events/harbour-summit/newest-first/index.html")
    assert page.locator(".entry").first.get_attribute("id") == "t-2031-06-03-1005"
