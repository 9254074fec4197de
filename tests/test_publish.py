"""Feeds, structured data, exports, timeline, tags, sitemap: the example archive built
under a sub-path, and hostile text that must not break out of its JSON-LD."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from generator.cli import main

REPO = Path(__file__).resolve().parents[1]
SLUG = "russia-to-start-withdrawal-from-syria"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pub") / "out"
    code = main(
        ["build", "--config", str(REPO / "site.yml"), "--out", str(out),
         "--base-url", "https://example.org/archive/", "--no-cache"]
    )  # fmt: skip
    assert code == 0
    return out


def jsonld_of(page: str) -> dict:  # type: ignore[type-arg]
    m = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert m
    return json.loads(m.group(1))


def test_archive_feed_is_atom_with_every_entry(site: Path) -> None:
    feed = ET.parse(site / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 9
    links = [e.find(f"{ATOM}link").get("href") for e in entries]  # type: ignore[union-attr]
    assert f"https://example.org/archive/events/{SLUG}/#t-2016-03-14-1916" in links
    assert feed.find("{http://purl.org/syndication/history/1.0}complete") is not None
    event_feed = ET.parse(site / "events" / SLUG / "feed.xml").getroot()
    assert len(event_feed.findall(f"{ATOM}entry")) == 9
    updated = [e.find(f"{ATOM}updated").text for e in entries]  # type: ignore[union-attr]
    assert updated == sorted(updated, reverse=True)  # newest first, dated by content


def test_live_blog_posting_json_ld(site: Path) -> None:
    page = (site / "events" / SLUG / "index.html").read_text(encoding="utf-8")
    data = jsonld_of(page)
    assert data["@type"] == "LiveBlogPosting"
    assert data["coverageStartTime"] == "2016-03-14T18:15:00+00:00"
    assert data["coverageEndTime"] == "2016-03-14T19:16:00+00:00"
    updates = data["liveBlogUpdate"]
    assert len(updates) == 9
    assert updates[0]["url"] == f"https://example.org/archive/events/{SLUG}/#t-2016-03-14-1916"
    quotes = [q for u in updates for q in u.get("citation", [])]
    assert {q["creator"]["name"] for q in quotes} >= {"Vladimir Putin", "Salim al-Muslat"}
    assert all(q["@type"] == "Quotation" for q in quotes)
    assert f'<link rel="canonical" href="https://example.org/archive/events/{SLUG}/">' in page
    assert '<meta property="og:title"' in page
    assert data["description"].startswith("Putin orders the main part")  # the sidecar's
    assert data["publisher"] == {"@type": "Organization", "name": "RT"}
    assert data["keywords"] == ["syria", "russia"]


def test_a_dated_update_is_published_on_its_day(make_site: Callable[..., Path]) -> None:
    """An update with a date and no time (a dated timeline) has no moment to give: its
    structured data says the day alone; an event without a summary or publisher says
    neither, and names the page it is based on."""
    root = make_site(
        {
            "content/events/e.md": "---\ntitle: Uprising\ntimezone: UTC\n"
            "source: {url: 'https://example.com/live'}\n---\n\n"
            "## 2011-02-11\n\nThe president resigns.\n\n## 2011-02-12 09:30\n\nCrowds.\n"
        }
    )
    assert main(["build", "--config", str(root / "site.yml")]) == 0
    data = jsonld_of((root / "public" / "events" / "e" / "index.html").read_text("utf-8"))
    dates = [u["datePublished"] for u in data["liveBlogUpdate"]]
    assert sorted(dates) == ["2011-02-11", "2011-02-12T09:30:00+00:00"]
    assert "description" not in data and "publisher" not in data
    assert data["isBasedOn"] == "https://example.com/live"


def test_every_root_relative_link_is_under_the_base(site: Path) -> None:
    for page in site.rglob("*.html"):
        for href in re.findall(r'(?:href|src)="(/[^"]*)"', page.read_text(encoding="utf-8")):
            assert href.startswith("/archive/"), (page, href)


def test_exports(site: Path) -> None:
    lines = (site / "archive.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 9
    first = json.loads(lines[0])
    assert first["event"] == SLUG and first["id"] == "t-2016-03-14-1916"
    rows = list(csv.DictReader(io.StringIO((site / "statements.csv").read_text("utf-8"))))
    assert rows[0]["speaker"] == "Salim al-Muslat"
    assert rows[0]["permalink"].endswith("#t-2016-03-14-1916")
    assert {r["kind"] for r in rows} == {"direct", "reported"}


def test_timeline_tags_404_sitemap_robots(site: Path) -> None:
    month = (site / "timeline" / "2016-03" / "index.html").read_text(encoding="utf-8")
    assert month.count('class="item"') == 9
    assert (site / "timeline" / "index.html").is_file()
    tag = (site / "tags" / "syria" / "index.html").read_text(encoding="utf-8")
    assert f"/archive/events/{SLUG}/" in tag
    assert (site / "404.html").is_file()
    urls = [
        loc.text
        for loc in ET.parse(site / "sitemap.xml")
        .getroot()
        .iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    ]
    assert f"https://example.org/archive/events/{SLUG}/" in urls
    assert "Sitemap: https://example.org/archive/sitemap.xml" in (site / "robots.txt").read_text()
    text = (site / "sitemap.xml").read_text(encoding="utf-8")  # as crawlers expect it
    assert '\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n  <url>\n' in text
    page = f"<loc>https://example.org/archive/events/{SLUG}/</loc>\n    <lastmod>"
    assert f"{page}2016-03-14T19:16:00Z</lastmod>" in text  # dated by its last update


def test_hostile_text_cannot_leave_the_json_ld(make_site: Callable[..., Path]) -> None:
    root = make_site(
        {
            "content/events/x.md": '---\ntitle: "</script><script>alert(1)</script>"\n'
            'date: 2016-03-14\nsummary: "<!-- -->"\n---\n## 10:00\n\n'
            '"</script><img src=x onerror=alert(1)> is here," Jane Doe said.\n'
        }
    )
    assert main(["build", "--config", str(root / "site.yml")]) == 0
    page = (root / "public" / "events" / "x" / "index.html").read_text(encoding="utf-8")
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert script and "<" not in script.group(1)
    assert json.loads(script.group(1))["headline"] == "</script><script>alert(1)</script>"
    scripts = re.findall(r"<script[^>]*>", page)
    data = ('type="application/ld+json"', 'type="application/json" id="tlgen-words"')
    assert all(t.endswith(data) or 'src="/static/' in t for t in (s[:-1] for s in scripts))


def test_the_archive_feed_orders_as_an_event_feed_does(tmp_path: Path) -> None:
    """The archive feed is made in pieces and sorted without a (time, link) pair per
    entry; its order is still ``atom``'s: newest first, and at one instant by link, last
    first, across events (``a`` sorts before ``a-b``, whose link continues with ``-``)."""
    from generator.build import build

    root = tmp_path / "site"
    (root / "content" / "events").mkdir(parents=True)
    (root / "site.yml").write_text("title: T\nsearch: false\n")
    for slug in ("a", "a-b", "b"):
        (root / "content" / "events" / f"{slug}.md").write_text(
            f"---\ntitle: {slug}\ndate: 2016-03-14\ntimezone: GMT\n---\n\n"
            "## 10:00 GMT\n\nOne.\n\n## 10:00 GMT\n\nTwo, same minute.\n\n"
            "## 11:00 GMT\n\nThree.\n"
        )
    build(root / "site.yml")
    feed = ET.parse(root / "public" / "feed.xml").getroot()
    links = [e.find(f"{ATOM}link").get("href") for e in feed.findall(f"{ATOM}entry")]  # type: ignore[union-attr]
    times = [e.find(f"{ATOM}updated").text for e in feed.findall(f"{ATOM}entry")]  # type: ignore[union-attr]
    assert [(t, link) for t, link in zip(times, links, strict=True)] == sorted(
        zip(times, links, strict=True), reverse=True
    )
    assert links[:3] == ["/events/b/#t-2016-03-14-1100", "/events/a/#t-2016-03-14-1100",
                         "/events/a-b/#t-2016-03-14-1100"]  # fmt: skip


def test_a_base_url_beyond_ascii(make_site: Callable[..., Path], monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Links, feeds, the sitemap and robots.txt give it as URLs are written: the host in
    IDNA, the path percent-encoded; and the check follows them."""
    root = make_site()
    monkeypatch.chdir(root)
    assert main(["build", "--base-url", "https://bücher.example/ärchiv/"]) == 0
    out = root / "public"
    site_url = "https://xn--bcher-kva.example/%C3%A4rchiv/"
    assert 'href="/%C3%A4rchiv/events/e/"' in (out / "index.html").read_text(encoding="utf-8")
    locs = ET.parse(out / "sitemap.xml").getroot().iter("{*}loc")
    assert all(loc.text and loc.text.startswith(site_url) for loc in locs)
    assert f"Sitemap: {site_url}sitemap.xml" in (out / "robots.txt").read_text()
    assert f"<id>{site_url}feed.xml</id>" in (out / "feed.xml").read_text(encoding="utf-8")
    assert main(["check", "--base-url", "https://bücher.example/ärchiv/"]) == 0
