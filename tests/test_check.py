"""``tlgen check``: the example archive passes, and each kind of breakage in a built site is
reported at the file and line where it is, with the message a user acts on."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

import generator.check as check
from generator.cache import Cache
from generator.check import CheckReport, check_site
from generator.cli import main
from generator.errors import EXIT_USAGE, Location, Problem, TlgenError

REPO = Path(__file__).resolve().parents[1]
SLUG = "russia-to-start-withdrawal-from-syria"
EVENT = f"events/{SLUG}/index.html"
ANCHOR = "t-2016-03-14-1916"  # quotes Salim al-Muslat, whose page links to it
BASE = "/archive/"
SITE_URL = "https://example.org/archive/"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example archive built once at the root and once under a sub-path."""
    root = tmp_path_factory.mktemp("built")
    sites = {"root": root / "root", "sub": root / "sub"}
    config = ["--config", str(REPO / "site.yml"), "--no-cache"]
    assert main(["build", *config, "--out", str(sites["root"])]) == 0
    assert main(["build", *config, "--out", str(sites["sub"]), "--base-url", SITE_URL]) == 0
    return sites


@pytest.fixture
def site(built: dict[str, Path], tmp_path: Path) -> Path:
    """A private copy of the sub-path build, to break."""
    out = tmp_path / "public"
    shutil.copytree(built["sub"], out)
    return out


def run(out: Path, lock: Path | None = None, update: bool = False) -> CheckReport:
    return check_site(out, BASE, lock, update_lock=update, site_url=SITE_URL)


def errors(report: CheckReport) -> list[str]:
    return [p.render() for p in report.errors]


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    """The line (from 1) of the first occurrence of ``needle``: tests follow the templates."""
    text = path.read_text(encoding="utf-8")
    return text[: text.index(needle)].count("\n") + 1


def pages(out: Path) -> list[Path]:
    return [p for p in out.rglob("*.html") if "captures" not in p.relative_to(out).parts]


def replace_everywhere(out: Path, old: str, new: str) -> None:
    """Change a link on every page and feed, so that only what a test breaks is broken."""
    for path in [*pages(out), *out.rglob("*.xml"), *out.rglob("*.csv")]:
        text = path.read_text(encoding="utf-8")
        if old in text:
            path.write_text(text.replace(old, new), encoding="utf-8")


def only(report: CheckReport, message_part: str) -> Problem:
    found = [p for p in report.problems if message_part in p.message]
    assert len(found) == 1, [p.render() for p in report.problems]
    return found[0]


# -- the example archive passes ------------------------------------------------------------


@pytest.mark.parametrize("which", ["root", "sub"])
def test_the_example_archive_passes(built: dict[str, Path], which: str) -> None:
    out = built[which]
    base, url = ("/", "") if which == "root" else (BASE, SITE_URL)
    report = check_site(out, base, None, site_url=url)
    assert errors(report) == []
    assert report.exit_code == 0
    assert report.pages == len(pages(out))
    assert report.links > 100
    assert report.anchors >= 9 * 3  # each update: its permalink, its citation, its speakers
    data = [*out.rglob("*.json"), *out.rglob("*.jsonl"), *out.rglob("*.csv")]
    assert report.data_files == len(data)
    assert report.feeds >= len(list(out.rglob("feed.xml")))
    assert "0 errors" in report.summary() or "no problems" in report.summary()


def test_the_check_does_not_write_into_the_output(site: Path, tmp_path: Path) -> None:
    before = sorted(p.relative_to(site) for p in site.rglob("*"))
    run(site, tmp_path / "anchors.lock")
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before


def test_no_built_site_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(TlgenError) as caught:
        run(tmp_path / "nothing-here")
    assert caught.value.exit_code == EXIT_USAGE
    assert "run tlgen build first" in caught.value.problems[0].hint
    (tmp_path / "empty").mkdir()
    with pytest.raises(TlgenError):
        run(tmp_path / "empty")


def test_the_summary_line_counts_what_was_looked_at(site: Path) -> None:
    report = run(site)
    report.seconds = 0.25
    looked = (
        f"checked {report.pages} pages, {report.links} links ({report.anchors} to anchors), "
        f"{report.feeds} feeds, {report.data_files} data files, 0 locked URLs in 0.25 s"
    )
    assert report.pages > 1 and report.links > 1 and report.feeds > 1
    assert report.summary() == f"{looked}: no problems"
    edit(site / "index.html", "<h1>", '<a href="/archive/gone">x</a><h1>')
    edit(site / "speakers/john-kirby/feed.xml", 'href="https://', 'href="file://', 1)
    broken = run(site)
    broken.seconds = 0.25
    assert broken.summary().endswith(": 1 error, 1 warning")
    edit(site / "speakers/index.html", "<h1>", '<a href="/archive/gone">x</a><h1>')
    edit(site / "speakers/vladimir-putin/feed.xml", 'href="https://', 'href="file://', 1)
    more = run(site)
    more.seconds = 0.25
    assert more.summary().endswith(": 2 errors, 2 warnings")


def test_problems_come_in_file_and_line_order(site: Path) -> None:
    """Links are checked page by page, then each page's HTML parse: reported in one order."""
    edit(site / "speakers/index.html", "<h1>", '<a href="/archive/b/">x</a><h1>')
    edit(site / "index.html", "</h1>", '</h1>\n<a href="/archive/c/">x</a>')
    edit(site / "index.html", "<h1>", "</span><h1>")
    found = [(p.location.path, p.location.line, p.message[:15]) for p in run(site).problems]
    assert found == [
        ("index.html", line_of(site / "index.html", "</span>"), "HTML parse erro"),
        ("index.html", line_of(site / "index.html", "/archive/c/"), 'broken link "/a'),
        ("speakers/index.html", line_of(site / "speakers/index.html", "/b/"), 'broken link "/a'),
    ]


# -- links and anchors ---------------------------------------------------------------------


def test_a_removed_anchor_names_every_link_to_it(site: Path) -> None:
    edit(site / EVENT, f'<article class="entry" id="{ANCHOR}">', '<article class="entry">')
    report = run(site)
    speaker = site / "speakers/salim-al-muslat/index.html"
    link = f"/archive/events/{SLUG}/#{ANCHOR}"
    expected = Problem(
        f'broken link "{link}": {EVENT} has no element with id "{ANCHOR}"',
        Location("speakers/salim-al-muslat/index.html", line_of(speaker, f'href="{link}"')),
        "restore the anchor (an element's id) or fix the link",
    )
    assert expected in report.problems
    # the event page's own permalink and citation link break too, each at its line
    on_event = [p for p in report.errors if p.location and p.location.path == EVENT]
    assert {p.location.line for p in on_event if p.location} == {
        line_of(site / EVENT, f'href="#{ANCHOR}"'),
        line_of(site / EVENT, f'{SLUG}/#{ANCHOR}">'),  # the citation's link
    }
    assert report.exit_code == 1


def test_a_removed_page_names_the_links_to_it(site: Path) -> None:
    (site / "speakers/john-kirby/index.html").unlink()
    report = run(site)
    link = "/archive/speakers/john-kirby/"
    message = f'broken link "{link}": no speakers/john-kirby/index.html in the output'
    assert {str(p.location) for p in report.errors if p.message == message} >= {
        f"{EVENT}:{line}"
        for line, text in enumerate((site / EVENT).read_text().splitlines(), 1)
        if f'href="{link}"' in text
    } | {f"speakers/index.html:{line_of(site / 'speakers/index.html', link)}"}
    # the speaker's feed still names the page as its alternate link
    feed = "speakers/john-kirby/feed.xml"
    assert [p.location for p in report.errors if p.location and p.location.path == feed] == [
        Location(feed, line_of(site / feed, f'href="https://example.org{link}"'))
    ]
    assert all("speakers/john-kirby/" in p.message for p in report.errors)


def test_a_link_without_a_file_name_names_both_files_it_could_be(site: Path) -> None:
    edit(site / "index.html", "<h1>", '<a href="/archive/gone">x</a><h1>')
    assert [p.message for p in run(site).errors] == [
        'broken link "/archive/gone": no gone or gone/index.html in the output'
    ]


def test_comments_are_not_checked(site: Path) -> None:
    edit(site / "index.html", "<h1>", '<!-- <a href="/archive/gone/" id="x"> --><h1>')
    assert errors(run(site)) == []


def test_a_root_relative_link_outside_the_base_path_is_an_error(site: Path) -> None:
    edit(site / "index.html", "<h1>", '<p><a href="/about/">About</a></p>\n<h1>')
    report = run(site)
    problem = only(report, "outside the base path")
    assert problem.render() == (
        f'index.html:{line_of(site / "index.html", "/about/")}: root-relative link "/about/" '
        "is outside the base path /archive/\n"
        "  hint: it would break when the site lives under /archive/; build the URL from the "
        "base path (base_url in site.yml)"
    )


def test_a_relative_link_above_the_base_path_is_an_error(site: Path) -> None:
    edit(site / "index.html", "<h1>", '<a href="../../../elsewhere/">x</a><h1>')
    assert "leads above the base path /archive/" in only(report := run(site), "above").message
    assert report.exit_code == 1


def test_links_that_resolve_in_every_accepted_form(site: Path) -> None:
    """Relative, percent-encoded, extensionless folders, own-origin absolute; externals
    and other schemes are not fetched; a capture counts when the file exists."""
    links = [
        "../",
        "./",
        "vladimir-putin/",
        "vladimir-putin/feed.xml",
        f"../events/{SLUG}/#{ANCHOR}",
        "/archive/speakers",  # a folder without its slash
        "/archive",  # the base itself
        "/archive/events/russia%2Dto-start-withdrawal-from-syria/#t%2D2016-03-14-1916",
        f"https://example.org/archive/events/{SLUG}/#{ANCHOR}",
        f"//example.org/archive/events/{SLUG}.json",
        f"/archive/captures/{SLUG}/000_588fca7941595965.txt",
        "https://example.org/other-site/",  # same host, outside the site: not ours
        "https://elsewhere.example/x/#nothing",
        "mailto:archive@example.org",
        "#main",
        "#top",
        "?page=2",
    ]
    anchors = "".join(f'<a href="{link}">x</a>\n' for link in links)
    edit(site / "speakers/index.html", "<h1>", anchors + "<h1>")
    assert errors(run(site)) == []


def test_own_origin_absolute_links_are_checked(site: Path) -> None:
    edit(site / "index.html", "<h1>", '<a href="https://example.org/archive/gone/">x</a><h1>')
    assert only(run(site), "gone").message == (
        'broken link "https://example.org/archive/gone/": no gone/index.html in the output'
    )


def test_src_action_and_legacy_names(site: Path) -> None:
    edit(
        site / "index.html",
        "<h1>",
        '<img src="missing.png" alt=""><form action="/archive/find/"></form>'
        '<a name="legacy"></a><a href="#legacy">ok</a><h1>',
    )
    report = run(site)
    assert sorted(p.message for p in report.errors) == [
        'broken link "/archive/find/": no find/index.html in the output',
        'broken link "missing.png": no missing.png in the output',
    ]


def test_srcset_open_graph_and_refresh_targets_are_links(site: Path) -> None:
    """Every address a page makes a browser or a link preview fetch or follow is checked:
    each candidate of a ``srcset``, an Open Graph URL, a refresh's target."""
    edit(
        site / "index.html",
        "<h1>",
        '<img src="/archive/static/style.css" srcset="small.png 1x, /archive/big.png 2x" alt="">'
        '<meta property="og:image" content="https://example.org/archive/og.png">'
        '<meta http-equiv="refresh" content="0; url=\'/archive/moved/\'"><h1>',
    )
    assert sorted(p.message for p in run(site).errors) == [
        'broken link "/archive/big.png": no big.png in the output',
        'broken link "/archive/moved/": no moved/index.html in the output',
        'broken link "https://example.org/archive/og.png": no og.png in the output',
        'broken link "small.png": no small.png in the output',
    ]


def test_an_empty_page_is_reported(site: Path) -> None:
    (site / "empty.html").write_bytes(b" \n")
    problem = only(run(site), "empty")
    assert (problem.message, problem.location.path) == ("empty page", "empty.html")


# -- HTML conformance ----------------------------------------------------------------------


def test_a_stray_end_tag_and_an_unclosed_element(site: Path) -> None:
    page = site / "index.html"
    edit(page, "<h1>", '<div class="unclosed"><p>text</span>\n<h1>')
    report = run(site)
    stray = only(report, "unexpected-end-tag")
    line = line_of(page, "</span>")
    col = len('<div class="unclosed"><p>text</span>')  # where the offending tag ends
    assert stray.render() == (
        f"index.html:{line}:{col}: HTML parse error (unexpected-end-tag): Unexpected end tag "
        "(span). Ignored.\n  hint: remove the stray end tag, or add the start tag it closes"
    )
    early = only(report, "end-tag-too-early")
    assert early.message == (
        "HTML parse error (end-tag-too-early): End tag (main) seen too early. "
        "Expected other end tag."
    )
    assert early.location is not None
    assert early.location.line == line_of(page, "</main>")


def test_duplicate_attributes_and_duplicate_ids(site: Path) -> None:
    page = site / EVENT
    edit(page, "<h1>", f'<h1 class="a" class="b" id="{ANCHOR}">')
    report = run(site)
    attribute = only(report, "duplicate-attribute").location
    assert attribute is not None
    assert (attribute.path, attribute.line) == (EVENT, line_of(page, 'class="b"'))
    # html5lib points into the repeated attribute, where it noticed the repetition
    assert len('<h1 class="a" ') < attribute.col <= len('<h1 class="a" class="b"')
    duplicate = only(report, "duplicate id")
    first = line_of(page, f'id="{ANCHOR}">')  # the <h1> now comes first
    later = line_of(page, f'<article class="entry" id="{ANCHOR}">')
    assert duplicate.message == f'duplicate id "{ANCHOR}" (first at line {first})'
    assert duplicate.location == Location(EVENT, later)
    assert "an anchor must name one place" in duplicate.hint


def test_a_page_that_is_not_utf8(site: Path) -> None:
    page = site / "speakers/index.html"
    page.write_bytes(page.read_bytes().replace(b"<h1>", b"<h1>\xff", 1))
    problem = only(run(site), "not UTF-8")
    assert problem.location is not None
    assert problem.location.path == "speakers/index.html"


# -- feeds, JSON, JSON-LD ------------------------------------------------------------------


def test_a_truncated_feed(site: Path) -> None:
    feed = site / "speakers/vladimir-putin/feed.xml"
    text = feed.read_text(encoding="utf-8")
    feed.write_text(text[: text.index("</entry>") + 4], encoding="utf-8")
    problem = only(run(site), "XML does not parse")
    assert problem.message == "XML does not parse: unclosed token"
    assert problem.location == Location(
        "speakers/vladimir-putin/feed.xml", line_of(feed, "</en"), 3
    )


def test_an_atom_entry_without_a_title_or_a_valid_date(site: Path) -> None:
    feed = site / "speakers/john-kirby/feed.xml"
    text = feed.read_text(encoding="utf-8")
    start = text.index("<entry>")
    title = text.index("<title>", start)
    text = text[:title] + text[text.index("</title>", title) + len("</title>") :]
    feed.write_text(text.replace("<updated>2016", "<updated>14/03/2016", 1), encoding="utf-8")
    report = run(site)
    missing = only(report, "without <title>")
    assert missing.render() == (
        f"speakers/john-kirby/feed.xml:{line_of(feed, '<entry>')}: Atom entry without <title>\n"
        "  hint: feed readers need id, title, updated and link on every entry (RFC 4287)"
    )
    date = only(report, "RFC 3339")
    assert date.message == '<updated> "14/03/2016-03-14T18:30:00Z" is not an RFC 3339 date-time'


def test_feed_links_are_checked(site: Path) -> None:
    feed = site / "speakers/john-kirby/feed.xml"
    edit(feed, f'#{"t-2016-03-14-1830"}" />', '#t-1999-01-01-0000" />')
    problem = only(run(site), "t-1999")
    assert problem.location == Location(
        "speakers/john-kirby/feed.xml", line_of(feed, "t-1999-01-01-0000")
    )
    assert problem.message.endswith(f'{EVENT} has no element with id "t-1999-01-01-0000"')


def test_an_atom_feed_without_its_id_title_and_updated(site: Path) -> None:
    feed = site / "speakers/john-kirby/feed.xml"
    text = feed.read_text(encoding="utf-8")
    head, entries = text.split("<entry>", 1)
    for name in ("id", "title", "updated"):
        start = head.index(f"<{name}>")
        head = head[:start] + head[head.index(f"</{name}>", start) + len(name) + 3 :]
    feed.write_text(head + "<entry>" + entries, encoding="utf-8")
    hint = "feed readers need id, title, updated and link on every entry (RFC 4287)"
    found = [p for p in run(site).problems if "Atom" in p.message]
    assert [(p.message, p.location, p.hint) for p in found] == [
        (f"Atom feed without <{name}>", Location("speakers/john-kirby/feed.xml", 2), hint)
        for name in ("id", "title", "updated")
    ]


def test_atom_entries_repeating_an_id_and_updated_are_one_warning(site: Path) -> None:
    """Feed readers keep one entry per id and date: the rest would vanish in silence."""
    feed = site / "speakers/john-kirby/feed.xml"
    text = feed.read_text(encoding="utf-8")
    first = text[text.index("  <entry>") : text.index("</entry>") + len("</entry>\n")]
    feed.write_text(text.replace(first, first * 3, 1), encoding="utf-8")
    problem = only(run(site), "repeat")
    entry_id = f"https://example.org/archive/{EVENT[: -len('index.html')]}#t-2016-03-14-1830"
    assert problem.severity == "warning"
    assert problem.message == (
        f'2 Atom entries repeat the id and updated of an earlier entry (first: "{entry_id}")'
    )
    lines = feed.read_text(encoding="utf-8").split("\n")
    second = [n for n, line in enumerate(lines, 1) if line == "  <entry>"][1]
    assert problem.location == Location("speakers/john-kirby/feed.xml", second)


def test_feed_links_that_are_not_web_addresses_are_one_warning(site: Path) -> None:
    feed = site / "speakers/john-kirby/feed.xml"
    edit(feed, 'href="https://example.org/archive/events/', 'href="file:///srv/events/', 2)
    problem = only(run(site), "not web addresses")
    assert problem.severity == "warning"
    assert problem.message.startswith('2 feed links are not web addresses (first: "file:///srv/')
    assert problem.location == Location(
        "speakers/john-kirby/feed.xml", line_of(feed, "file:///srv/")
    )


def test_an_rss_feed_in_the_output_is_checked(site: Path) -> None:
    """A theme or static folder may ship RSS: its items and links are checked as Atom's are."""
    feeds = run(site).feeds
    (site / "static/no-channel.xml").write_text("<rss version='2.0'/>\n", encoding="utf-8")
    (site / "static/feed.xml").write_text(
        "<rss version='2.0'>\n<channel>\n<title>x</title>\n"
        "<link>https://example.org/archive/</link>\n"
        "<item><title>kept</title><link>/archive/gone/</link></item>\n"
        "<item><pubDate>Mon, 14 Mar 2016 18:30:00 GMT</pubDate></item>\n"
        "</channel>\n</rss>\n",
        encoding="utf-8",
    )
    report = run(site)
    assert sorted((p.location.path, p.location.line, p.message) for p in report.problems) == [
        ("static/feed.xml", 5, 'broken link "/archive/gone/": no gone/index.html in the output'),
        ("static/feed.xml", 6, "RSS item without <title> or <description>"),
        ("static/no-channel.xml", 1, "RSS feed without <channel>"),
    ]
    assert report.feeds == feeds + 2


def test_captures_are_published_as_they_are_not_checked(site: Path) -> None:
    """A publisher's file under captures/ is kept byte for byte: its JSON or XML is theirs,
    not a fault of the build to report."""
    folder = site / "captures" / SLUG
    (folder / "001_feed.json").write_text('{"updates": [1,,]}', encoding="utf-8")
    (folder / "002_feed.xml").write_text("<rss><channel></rss>", encoding="utf-8")
    (folder / "003_rows.csv").write_text('"open\n', encoding="utf-8")
    assert [p.render() for p in run(site).problems] == []


def test_a_dtd_entity_bomb_is_refused_quickly(site: Path) -> None:
    lol = "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">\n' for i in range(1, 10))
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE feed [\n<!ENTITY lol0 "lol">\n'
        f'{lol}]>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>&lol9;</title></feed>\n'
    )
    (site / "feed.xml").write_text(bomb, encoding="utf-8")
    started = time.perf_counter()
    report = run(site)
    assert time.perf_counter() - started < 5
    problem = only(report, "DOCTYPE")
    assert problem.render() == (
        "feed.xml:2: XML with a DOCTYPE is refused: its entities could expand without bound\n"
        "  hint: tlgen writes feeds and sitemaps without a DOCTYPE; remove it"
    )


def test_broken_json_and_jsonl(site: Path) -> None:
    export = site / f"events/{SLUG}.json"
    edit(export, '"timezone": "GMT",', '"timezone": "GMT",,')
    (site / "archive.jsonl").write_text('{"id": 1}\n{"id": 2\n', encoding="utf-8")
    report = run(site)
    broken = only(report, "JSON does not parse")
    assert broken.location == Location(f"events/{SLUG}.json", line_of(export, ",,"), 21)
    assert (
        broken.message == "JSON does not parse: Expecting property name enclosed in double quotes"
    )
    line = only(report, "JSON line")
    assert line.location == Location("archive.jsonl", 2, 9)


def test_data_files_that_are_not_utf8_or_do_not_parse(site: Path) -> None:
    (site / "archive.jsonl").write_bytes(b'{"id": "caf\xe9"}\n')
    (site / "statements.csv").write_bytes(b"a,b\n\xff,1\n")
    (site / "big.csv").write_text("a\n" + "x" * 200_000 + "\n", encoding="utf-8")
    assert [(p.location.path, p.location.line, p.message) for p in run(site).problems] == [
        ("archive.jsonl", 1, "not UTF-8 (byte 11)"),
        ("big.csv", 2, "CSV does not parse: field larger than field limit (131072)"),
        ("statements.csv", 2, "not UTF-8 (byte 4)"),
    ]


def test_a_broken_json_ld_block(site: Path) -> None:
    page = site / EVENT
    edit(
        page,
        "</head>",
        '<script type="application/ld+json">\n{"@type": "LiveBlogPosting",\n'
        ' "x-test": "x",}\n</script>\n</head>',
    )
    problem = only(run(site), "JSON-LD")
    assert problem.location == Location(EVENT, line_of(page, '"x-test"'), 16)
    assert problem.message == (
        "JSON-LD does not parse: Expecting property name enclosed in double quotes"
    )


def report_anchors(lock: Path) -> int:
    return sum("#" in line for line in lock.read_text(encoding="utf-8").splitlines()[4:])


# -- anchors.lock --------------------------------------------------------------------------


def test_the_first_run_creates_the_lock(site: Path, tmp_path: Path) -> None:
    lock = tmp_path / "anchors.lock"
    report = run(site, lock)
    assert report.notes == [
        f"created anchors.lock with {len(pages(site))} pages and {report_anchors(lock)} "
        "anchors; commit it with the site, so that a lost anchor fails the check"
    ]
    assert report_anchors(lock) >= 9  # every update of the event, at least
    raw = lock.read_bytes()
    assert b"\r" not in raw
    lines = raw.decode("utf-8").splitlines()
    header = [line for line in lines if line.startswith("#")]
    entries = [line for line in lines if not line.startswith("#")]
    assert header and lines[: len(header)] == header
    assert entries == sorted(entries)
    assert "/" in entries
    assert f"/events/{SLUG}/" in entries
    assert f"/events/{SLUG}/#{ANCHOR}" in entries
    assert "/speakers/vladimir-putin/" in entries
    assert not any(e.startswith("/archive/") for e in entries)  # base path stripped
    assert not any(e.endswith("#main") for e in entries)  # only permalink targets
    # the second run checks it and leaves it as it was
    again = run(site, lock)
    assert again.notes == []
    assert again.locked == len(entries)
    assert errors(again) == []
    assert lock.read_bytes() == raw


def test_the_lock_does_not_depend_on_the_base_path(built: dict[str, Path], tmp_path: Path) -> None:
    root_lock, sub_lock = tmp_path / "root.lock", tmp_path / "sub.lock"
    check_site(built["root"], "/", root_lock)
    run(built["sub"], sub_lock)
    assert root_lock.read_text(encoding="utf-8") == sub_lock.read_text(encoding="utf-8")
    # a site moved to a sub-path still satisfies the lock it was published with
    assert errors(run(built["sub"], root_lock)) == []


def test_a_lost_anchor_fails_until_the_lock_is_updated(site: Path, tmp_path: Path) -> None:
    lock = tmp_path / "anchors.lock"
    run(site, lock)
    # the update is gone from the page, and every link to it with it
    page = site / EVENT
    text = page.read_text(encoding="utf-8")
    start = text.index(f'<article class="entry" id="{ANCHOR}">')
    end = text.index("</article>", start) + len("</article>")
    page.write_text(text[:start] + text[end:], encoding="utf-8")
    replace_everywhere(site, f"{SLUG}/#{ANCHOR}", f"{SLUG}/")
    report = run(site, lock)
    entry = f"/events/{SLUG}/#{ANCHOR}"
    assert [p.render() for p in report.errors] == [
        f"anchors.lock:{line_of(lock, entry + chr(10))}: anchor {entry} was published before "
        "and is gone\n"
        "  hint: restore it (links and citations to it break), or, if the removal is "
        "deliberate, run tlgen check --update-lock"
    ]
    updated = run(site, lock, update=True)
    assert errors(updated) == []
    assert updated.notes == [f"updated anchors.lock: 0 added, 1 removed ({entry})"]
    assert entry not in lock.read_text(encoding="utf-8")
    assert errors(run(site, lock)) == []


def test_a_lost_page_and_new_anchors(site: Path, tmp_path: Path) -> None:
    lock = tmp_path / "anchors.lock"
    run(site, lock)
    shutil.rmtree(site / "speakers/john-kirby")
    replace_everywhere(site, "/archive/speakers/john-kirby/", "/archive/speakers/")
    edit(site / "index.html", "<h1>", '<section id="new"><a href="#new">new</a></section><h1>')
    report = run(site, lock)
    assert [p.message for p in report.errors] == [
        "page /speakers/john-kirby/ was published before and is gone"
    ]
    assert report.notes == [
        "1 published URL is not in anchors.lock yet (first: /#new); run tlgen check "
        "--update-lock to record them"
    ]
    assert "/#new" not in lock.read_text(encoding="utf-8")  # only --update-lock adds it
    run(site, lock, update=True)
    assert "/#new\n" in lock.read_text(encoding="utf-8")


def test_a_malformed_lock_line(site: Path, tmp_path: Path) -> None:
    lock = tmp_path / "anchors.lock"
    lock.write_text("# a comment\nevents/x/\n", encoding="utf-8")
    problem = only(run(site, lock), "not a URL path")
    assert problem.location == Location("anchors.lock", 2)


def test_lost_pages_are_one_problem_each_with_their_anchors_counted(
    site: Path, tmp_path: Path
) -> None:
    """A page gone is said once, at its own line (or its first anchor's), with how many of
    its anchors went with it, and where its readers most likely should go instead."""
    lock = tmp_path / "anchors.lock"
    run(site, lock)
    text = lock.read_text(encoding="utf-8")
    lock.write_text(
        text
        + "/events/gone/#t-1\n/events/gone/\n/events/gone/#t-2\n"
        + "/events/only-anchors/#t-9\n/events/only-anchors/#t-8\n"
        + "/speakers/ex-spokesman-john-kirby/\n",
        encoding="utf-8",
    )
    first = text.count("\n") + 1
    report = run(site, lock)
    restore = "restore it (links and citations to it break)"
    deliberate = ", or, if the removal is deliberate, run tlgen check --update-lock"
    assert [(p.location.line, p.message, p.hint) for p in report.problems] == [
        (
            first + 1,
            "page /events/gone/ (and 2 anchors on it) was published before and is gone",
            f"{restore}, send its readers on (site.yml: redirects: "
            f"{{/events/gone/: /new/}}){deliberate}",
        ),
        (
            first + 3,
            "page /events/only-anchors/ (and 2 anchors on it) was published before and is gone",
            f"{restore}, send its readers on (site.yml: redirects: "
            f"{{/events/only-anchors/: /new/}}){deliberate}",
        ),
        (
            first + 5,
            "page /speakers/ex-spokesman-john-kirby/ was published before and is gone",
            f"{restore}, send its readers on (site.yml: redirects: "
            f"{{/speakers/ex-spokesman-john-kirby/: /speakers/john-kirby/}}){deliberate}",
        ),
    ]


def test_a_malformed_lock_line_is_dropped_by_the_update(site: Path, tmp_path: Path) -> None:
    lock = tmp_path / "anchors.lock"
    run(site, lock)
    good = lock.read_text(encoding="utf-8")
    lock.write_text(good + "events/x/\n", encoding="utf-8")
    report = run(site, lock)
    assert [(p.location, p.message) for p in report.problems] == [
        (Location("anchors.lock", good.count("\n") + 1), '"events/x/" is not a URL path')
    ]
    updated = run(site, lock, update=True)
    assert updated.problems == []
    assert updated.notes == ["updated anchors.lock: 0 added, 0 removed"]
    assert lock.read_text(encoding="utf-8") == good


@pytest.mark.parametrize("existing", [False, True], ids=["first-run", "update"])
def test_a_lock_that_cannot_be_written(site: Path, tmp_path: Path, existing: bool) -> None:
    """Said as a problem, with no note claiming it was written, nothing left behind."""
    lock = tmp_path / "anchors.lock"
    if existing:
        lock.write_text("/\n/gone/\n", encoding="utf-8")
    temp = tmp_path / "anchors.lock.tmp"
    temp.symlink_to(tmp_path / "no-such-folder" / "file")  # the write fails
    report = run(site, lock, update=existing)
    assert [(p.severity, p.message) for p in report.problems] == [
        ("error" if existing else "warning", "cannot write anchors.lock: No such file or directory")
    ]
    assert report.notes == []
    assert not temp.is_symlink()
    assert lock.exists() == existing


# -- speed: workers and the cache ----------------------------------------------------------


def test_worker_processes_and_the_cache_agree_with_one_process(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(site / "index.html", "<h1>", "<p>x</span><h1>")
    serial = [p.render() for p in run(site).problems]
    monkeypatch.setattr(check, "PARALLEL_BYTES", 0)
    cache = Cache(tmp_path)
    parallel = check_site(site, BASE, None, site_url=SITE_URL, cache=cache)
    assert [p.render() for p in parallel.problems] == serial

    def no_parse(path: str) -> list[tuple[int, int, str, str]]:
        raise AssertionError(f"{path} parsed again although it is in the cache")

    monkeypatch.setattr(check, "_html5_errors", no_parse)
    again = Cache(tmp_path)  # as the next ``tlgen check`` opens it: committed, not held
    cached = check_site(site, BASE, None, site_url=SITE_URL, cache=again)
    assert [p.render() for p in cached.problems] == serial


def test_sitemap_urls_are_checked(site: Path) -> None:
    (site / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        "  <url><loc>https://example.org/archive/speakers/</loc></url>\n"
        "  <url><loc>https://example.org/archive/nowhere/</loc></url>\n"
        "</urlset>\n",
        encoding="utf-8",
    )
    assert [p.render().split("\n")[0] for p in run(site).errors] == [
        'sitemap.xml:4: broken link "https://example.org/archive/nowhere/": no nowhere/index.html '
        "in the output"
    ]


def test_relative_links_in_the_404_page(site: Path) -> None:
    page = site / "404.html"
    if not page.exists():
        page.write_text((site / "index.html").read_text(encoding="utf-8"), encoding="utf-8")
    edit(page, "</main>", '<a href="speakers/">Speakers</a></main>')
    problem = only(run(site), "in 404.html")
    line = line_of(page, 'href="speakers/"')
    assert problem.render() == (
        f'404.html:{line}: page-relative link "speakers/" in 404.html\n'
        "  hint: hosts serve 404.html at whatever URL was missing, so only "
        "root-relative links (starting with the base path) work in it"
    )


def test_robots_sitemap_and_csv_permalinks(site: Path) -> None:
    (site / "robots.txt").write_text(
        "User-agent: *\nSitemap: https://example.org/archive/missing-sitemap.xml\n",
        encoding="utf-8",
    )
    (site / "statements.csv").write_text(
        "speaker,quote,permalink\n"
        f'"Putin","a, b",https://example.org/archive/events/{SLUG}/#{ANCHOR}\n'
        f"Lavrov,c,https://example.org/archive/events/{SLUG}/#t-1999-01-01-0000\n"
        "Kirby,d\n",
        encoding="utf-8",
    )
    assert [str(p.location) + " " + p.message for p in run(site).errors] == [
        'robots.txt:2 broken link "https://example.org/archive/missing-sitemap.xml": '
        "no missing-sitemap.xml in the output",
        f'statements.csv:3 broken link "https://example.org/archive/events/{SLUG}/'
        f'#t-1999-01-01-0000": {EVENT} has no element with id "t-1999-01-01-0000"',
        "statements.csv:4 CSV row has 2 fields, the header 3",
    ]


def test_control_characters_are_placed_exactly(site: Path) -> None:
    """Mojibake (UTF-8 read as Latin-1) leaves C1 controls; html5lib places them by buffer,
    so the check finds them itself: the first per line, with its column."""
    page = site / EVENT
    edit(page, "The Syrian opposition has welcomed", "The Syrian \u00e2\x80\u00a6 \x80 welcomed")
    problem = only(run(site), "invalid-codepoint")
    line = line_of(page, "\u00e2\x80")
    col = page.read_text(encoding="utf-8").splitlines()[line - 1].index("\x80") + 1
    assert problem.location == Location(EVENT, line, col)
    assert problem.message == (
        "HTML parse error (invalid-codepoint): character U+0080 is not allowed in HTML "
        "(2 on this line)"
    )
    assert "mojibake" in problem.hint


def test_a_capture_whose_name_holds_url_syntax_is_linked_percent_encoded(
    tmp_path: Path,
) -> None:
    """``#``, ``?`` and spaces are fine in a file name and not in a link: the capture is
    published under its name and linked percent-encoded, so the link finds it."""
    root = tmp_path / "site"
    (root / "seeds").mkdir(parents=True)
    (root / "site.yml").write_text("title: T\nbase_url: /archive/\nsearch: false\n")
    shutil.copyfile(REPO / "seeds" / "000_588fca7941595965.txt", root / "seeds" / "cap #1?.txt")
    assert main(["build", "--config", str(root / "site.yml")]) == 0
    out = root / "public"
    assert (out / "captures" / SLUG / "cap #1?.txt").is_file()
    assert "/archive/captures/" + SLUG + "/cap%20%231%3F.txt" in (out / EVENT).read_text()
    assert errors(check_site(out, BASE, None)) == []
