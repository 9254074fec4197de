"""Broken and hostile input that is not simply an error: what must build (coercions, BOM
and CRLF, bad bytes in a capture, lone surrogates, bidi controls and emoji in names,
duplicate and backwards times), what must be refused with the exact ``path:line``
message and the previous output left byte for byte (links out of the site's folders,
an output folder inside a source folder, files over the size limits).

Inputs that are plain errors live in ``tests/sites_invalid/`` (one folder each, with the
exact messages); this file holds the cases a folder cannot express.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.check import check_site
from generator.ids import slugify
from generator.sources import MAX_ENTRIES, MAX_SOURCE_BYTES

from .sites import (
    REPO,
    SITE_YML,
    event,
    failure,
    leftovers,
    previous_output,
    snapshot,
    write_site,
)
from .sites import build as run_build

CAPTURE = (
    "Capture title Live updates\n"
    "14/03/2016\n"
    "19:16 GMT\n"
    "The opposition has welcomed the announcement.\n"
)


def built(root: Path) -> Path:
    code, _, err = run_build(root)
    assert code == 0, err
    return root / "public"


def page(out: Path, slug: str) -> str:
    return (out / "events" / slug / "index.html").read_text(encoding="utf-8")


def export(out: Path, slug: str) -> dict:
    return json.loads((out / "events" / f"{slug}.json").read_text(encoding="utf-8"))


# --- what must simply work ---------------------------------------------------------------


def test_yaml_coercions_stay_text(tmp_path: Path) -> None:
    """``NO`` is Norway and ``12:30`` a time: YAML 1.1 would make them False and 750."""
    root = write_site(
        tmp_path / "site",
        {
            "content/events/e.md": (
                "---\ntitle: NO\ndate: 2016-03-14\nsummary: 12:30\n"
                "tags: [NO, yes, on, 1_000, 2016-03-14]\n---\n\n## 18:15 GMT\n\n"
                '"We will go on," Jane Doe said.\n'
            ),
            "content/speakers.yml": "- name: Jane Doe\n  role: NO\n  aliases: [12:30]\n",
            "seeds/capture.txt": CAPTURE,
            "seeds/capture.yml": "title: OFF\nsummary: 1:30\n",
        },
    )
    out = built(root)
    record = export(out, "e")
    assert record["title"] == "NO"
    assert "12:30" in page(out, "e")
    assert sorted(p.name for p in (out / "tags").iterdir() if p.is_dir()) == [
        "1-000",
        "2016-03-14",
        "no",
        "on",
        "yes",
    ]
    assert export(out, "off")["title"] == "OFF"
    speaker = (out / "speakers" / "jane-doe" / "index.html").read_text(encoding="utf-8")
    assert ">NO<" in speaker  # the role, as written


def test_bom_and_crlf_build_exactly_like_plain_files(tmp_path: Path) -> None:
    files = {
        "content/events/e.md": event(body='"We will win," Jane Doe said.'),
        "content/speakers.yml": "- name: Jane Doe\n  aliases: [Doe]\n",
        "seeds/capture.yml": "title: Corrected title\n",
    }
    plain = write_site(tmp_path / "plain", {**files, "seeds/capture.txt": CAPTURE})
    windows = write_site(
        tmp_path / "windows",
        {
            **{k: "\ufeff" + v.replace("\n", "\r\n") for k, v in files.items()},
            "seeds/capture.txt": "\ufeff" + CAPTURE.replace("\n", "\r\n"),
        },
        site_yml="\ufeff" + SITE_YML.replace("\n", "\r\n"),
    )
    a, b = snapshot(built(plain)), snapshot(built(windows))
    capture = "captures/corrected-title/capture.txt"
    assert b.pop(capture) == ("\ufeff" + CAPTURE.replace("\n", "\r\n")).encode()  # as captured
    assert a.pop(capture) == CAPTURE.encode()
    assert a == b


def test_crlf_errors_name_the_line_in_the_file(tmp_path: Path) -> None:
    text = "\ufeff---\r\ntitle: T\r\ndate: 2016-03-14\r\n---\r\n\r\n## Reaction\r\n"
    root = write_site(tmp_path / "site", {"content/events/e.md": text})
    before = previous_output(root)
    code, _, err = run_build(root)
    assert code == 1
    assert err == failure(
        "content/events/e.md:6: entry heading 'Reaction' holds no time\n"
        "  hint: start each entry with '## HH:MM' (optionally a zone: '## 18:15 GMT'); "
        "use '###' for other headings"
    )
    assert snapshot(root / "public") == before


def test_invalid_utf8_in_a_capture_is_read_as_replacement_characters(tmp_path: Path) -> None:
    """A raw capture cannot be re-saved: U+FFFD and a warning with the byte offset, and
    the capture is still published byte for byte."""
    data = CAPTURE.encode().replace(b"welcomed", b"welc\xff\xfemed")
    root = write_site(tmp_path / "site", {"seeds/capture.txt": data})
    code, _, err = run_build(root)
    assert code == 0
    assert err == (
        "seeds/capture.txt:4: warning: not valid UTF-8 at byte 71: undecodable bytes read "
        "as U+FFFD\n  hint: the capture is kept as it is; the pages show a replacement "
        "character\n"
    )
    out = root / "public"
    assert "welc\ufffd\ufffdmed" in page(out, "capture-title")
    assert (out / "captures" / "capture-title" / "capture.txt").read_bytes() == data


def test_lone_surrogates_in_a_json_capture_become_replacement_characters(
    tmp_path: Path,
) -> None:
    """``"\\ud800"`` is valid JSON but no UTF-8 file can hold it: it used to crash the
    writer with UnicodeEncodeError."""
    record = {
        "slug": "half",
        "title": "Half \\ud800 a pair",
        "timezone": "GMT",
        "url": "/events/half/",
        "source": {"url": "", "publisher": "Pub\\udfff", "captured": "", "path": "seeds/x"},
        "entries": [
            {
                "id": "t-2016-03-14-1916",
                "time": "2016-03-14T19:16:00+00:00",
                "label": "19:16 GMT",
                "url": "/events/half/#t-2016-03-14-1916",
                "text": "A whole pair \\ud83d\\ude00 and half of one \\udc00.",
                "html": "<p>A whole pair \\ud83d\\ude00 and half of one \\udc00.</p>\n",
                "statements": [],
                "mentions": [],
                "embeds": [],
                "hashtags": [],
                "links": [],
                "line": 4,
            }
        ],
    }
    text = json.dumps(record, indent=2).replace("\\\\u", "\\u")
    root = write_site(tmp_path / "site", {"seeds/half.json": text})
    code, _, err = run_build(root)
    assert code == 0, err
    assert err == (
        "seeds/half.json:3: warning: lone surrogate escape (half of a UTF-16 pair) read as "
        "U+FFFD\n  hint: the capture is kept as it is; the pages show a replacement "
        "character\n"
    )
    out = root / "public"
    html = page(out, "half")
    assert "Half \ufffd a pair" in html and "\U0001f600 and half of one \ufffd." in html
    assert export(out, "half")["source"]["publisher"] == "Pub\ufffd"


BIDI_TITLE = "Breaking \u202eevil\u202c 🎉 <b>news</b> & \u2067\u05e9\u05dc\u05d5\u05dd\u2069"


def test_bidi_controls_and_emoji_in_names(tmp_path: Path) -> None:
    """Names are text: escaped wherever they appear, kept exactly in the export, and the
    URLs they give are ASCII slugs that do not depend on the build."""
    files = {
        "content/events/🎉.md": event(
            title=json.dumps(BIDI_TITLE, ensure_ascii=False),
            body='"We will win," Jane Doe said. "Party on," \u202eDoe 🎉 said.',
        ),
        "content/speakers.yml": (
            "- name: Jane \u202eDoe 🎉\n  aliases: [Jane Doe, Doe]\n"
            "- name: 🎉🎉\n  aliases: [Party]\n"
        ),
        "seeds/capture.txt": CAPTURE,
        "seeds/capture.yml": "title: '\u202e🦀 crab <i>'\n",
    }
    out = built(write_site(tmp_path / "a", files))
    again = built(write_site(tmp_path / "b", files))
    assert snapshot(out) == snapshot(again)
    slug = slugify("🎉")
    assert re.fullmatch(r"x-[0-9a-f]{10}", slug)
    events = sorted(p.name for p in (out / "events").iterdir() if p.is_dir())
    assert events == sorted([slug, "crab-i"])
    assert sorted(p.name for p in (out / "speakers").iterdir() if p.is_dir()) == ["jane-doe"]
    html = page(out, slug)
    assert "<b>news</b>" not in html and "&lt;b&gt;news&lt;/b&gt;" in html
    assert "\u202eevil\u202c 🎉" in html  # kept as written, never dropped
    assert export(out, slug)["title"] == BIDI_TITLE
    assert "<i>" not in page(out, "crab-i")
    for path in snapshot(out):
        assert path.isascii(), path


def test_duplicate_and_backwards_times_keep_their_own_anchors(tmp_path: Path) -> None:
    body = "Second.\n\n## 18:20 GMT\n\nSame minute.\n\n## 17:00 GMT\n\nEarlier, listed later."
    root = write_site(tmp_path / "site", {"content/events/e.md": event(body=body)})
    out = built(root)
    ids = [e["id"] for e in export(out, "e")["entries"]]
    assert ids == [
        "t-2016-03-14-1820",
        "t-2016-03-14-1820-2",
        "t-2016-03-14-1700",
        "t-2016-03-14-1815",
    ]


CONTROL_PAGE = """<!doctype html><html lang="en"><head><title>Live</title>
<script type="application/ld+json">{"@context": "https://schema.org",
"@type": "LiveBlogPosting", "headline": "Live \\u0007 blog",
"liveBlogUpdate": [{"@type": "BlogPosting", "headline": "One \\u0008",
"datePublished": "2016-03-14T18:15:00Z", "articleBody": "Said \\u000b so"}]}</script>
</head><body><h1>Live &#6; blog</h1>
<div class="update"><time datetime="2016-03-14T18:15:00Z">18:15</time>
<p>Said &#11; so &#x7f; for &#x80;5 and &#x93;quoted&#x94;</p></div></body></html>"""


def test_control_characters_never_reach_a_page(tmp_path: Path) -> None:
    """HTML holds no control characters but white space: a capture's raw ones are read as
    U+FFFD (as its undecodable bytes are), a JSON escape's too; an HTML reference to a C1
    code is shown as a browser shows it ("&#x80;" is "€"). The check then passes."""
    files: dict[str, str | bytes] = {
        "seeds/raw.txt": CAPTURE.replace("welcomed", "wel\x06comed\x85"),
        "seeds/escaped.json": json.dumps(
            {
                "title": {"text": {"headline": "Bell \x07 title"}},
                "events": [
                    {
                        "start_date": {
                            "year": "2016",
                            "month": "3",
                            "day": "14",
                            "hour": "18",
                            "minute": "15",
                        },
                        "text": {"headline": "Head", "text": "a\x0bb"},
                    },
                ],
            }
        ),
        "seeds/page.html": CONTROL_PAGE,
    }
    root = write_site(tmp_path / "site", files)
    code, _, err = run_build(root)
    assert code == 0, err
    assert "seeds/raw.txt:4: warning: control character U+0006 (and 1 more) read as U+FFFD" in err
    assert "seeds/escaped.json:1: warning: control character escape \\u0007 read as" in err
    out = root / "public"
    assert "wel\ufffdcomed\ufffd" in page(out, slugify("Capture title"))
    html = (out / "events" / "page" / "index.html").read_text(encoding="utf-8")
    assert "€5 and “quoted”" in html
    assert [p.render() for p in check_site(out, "/", None).errors] == []


def test_a_nul_escape_in_json_is_a_replacement_character(tmp_path: Path) -> None:
    """A NUL byte in a file is an error; "\\u0000" in a JSON document is a NUL once parsed,
    which tlgen's own export shape (read back) once carried into every page listing it."""
    first = built(write_site(tmp_path / "first", {"content/events/e.md": event()}))
    record = export(first, "e")
    record["title"] = "Nul \x00 title"
    root = write_site(tmp_path / "site", {"seeds/e.json": json.dumps(record)})
    code, _, err = run_build(root)
    assert code == 0, err
    assert "seeds/e.json:1: warning: control character escape \\u0000 read as U+FFFD" in err
    pages = [p.read_bytes() for p in (root / "public").rglob("*.html")]
    assert pages and not any(b"\x00" in p for p in pages)
    assert "Nul \ufffd title" in page(root / "public", "e")


def test_a_control_character_in_an_authored_file_is_an_error(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {"content/events/e.md": event(body="Bell \x07.")})
    code, _, err = run_build(root)
    assert code == 1
    assert "content/events/e.md:9: control character U+0007 in text" in err


def test_updates_printed_in_zones_either_side_of_midnight(tmp_path: Path) -> None:
    """In time order their own days go 9, 8, 9 October: the page shows three runs of
    days, and each heading keeps an id of its own (the check fails duplicate ids)."""
    text = (
        "---\ntitle: Zones\ndate: 2016-10-08\ntimezone: UTC\n---\n\n"
        "## 2016-10-09 08:00 JST\n\nA.\n\n"
        "## 2016-10-08 23:30 UTC\n\nB.\n\n"
        "## 2016-10-09 09:00 JST\n\nC.\n"
    )
    out = built(write_site(tmp_path / "site", {"content/events/e.md": text}))
    html = page(out, "e")
    assert re.findall(r'<h2 class="day-heading" id="([^"]+)"', html) == [
        "d-2016-10-09",
        "d-2016-10-08",
        "d-2016-10-09-2",
    ]
    assert "3 over 2 days" in html
    assert [p.render() for p in check_site(out, "/", None).errors] == []


def test_years_far_from_ours_build_and_check(tmp_path: Path) -> None:
    """Before the year 1000 ``strftime`` writes the year short ("800-06-01"): feeds and the
    sitemap are still RFC 3339, the timeline names the month, and the check passes."""
    files = {
        f"content/events/{year}.md": f"---\ntitle: In {year}\ndate: {year}-06-01\n---\n\n"
        "## 18:15\n\nAn update.\n"
        for year in ("0800", "9999")
    }
    site_yml = SITE_YML.replace("base_url: /", "base_url: https://example.org/")
    out = built(write_site(tmp_path / "site", files, site_yml))
    feed = (out / "feed.xml").read_text(encoding="utf-8")
    assert "<updated>0800-06-01T18:15:00Z</updated>" in feed
    assert "<lastmod>0800-06-01T18:15:00Z</lastmod>" in (out / "sitemap.xml").read_text()
    assert "June 800" in (out / "timeline" / "index.html").read_text(encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "generator", "check"],
        cwd=tmp_path / "site",
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_backwards_times_in_a_capture_are_a_warning(tmp_path: Path) -> None:
    text = (
        CAPTURE
        + "\n19:20 GMT\nLater, listed later.\n\n18:00 GMT\nEarlier.\n\n17:00 GMT\nEarlier still.\n"
    )
    root = write_site(tmp_path / "site", {"seeds/capture.txt": text})
    code, _, err = run_build(root)
    assert code == 0
    assert err == (
        "seeds/capture.txt:6: warning: time runs backwards in this newest-first capture "
        "(19:16 then 19:20); kept on the same day\n"
        "  hint: check the capture; a sidecar can correct the event\n"
    )


# --- an output folder inside a source folder ---------------------------------------------


@pytest.mark.parametrize(
    ("setting", "source"),
    [
        ("output: content/public", "content"),
        ("output: seeds/public", "seeds"),
        ("output: content", "content"),
        ("seeds: public/seeds", "seeds"),
        ("output: templates", "templates"),
    ],
)
def test_output_folder_never_overlaps_a_source_folder(
    tmp_path: Path, setting: str, source: str
) -> None:
    root = write_site(
        tmp_path / "site",
        {"content/events/e.md": event(), "seeds/capture.txt": CAPTURE, "templates/.keep": ""},
        site_yml=SITE_YML + setting + "\n",
    )
    before = previous_output(root)
    tree = snapshot(root)
    code, _, err = run_build(root)
    assert code == 1
    assert re.fullmatch(
        rf"site\.yml:\d+: the output folder \S+/ overlaps the {source} folder \S+/\n"
        r"  hint: write the site to a folder of its own, e\.g\. 'output: public'\n"
        r"build failed with 1 error; the previous output is unchanged\n",
        err,
    ), err
    assert snapshot(root / "public") == before
    assert snapshot(root) == tree


# --- symbolic links out of the site's folders --------------------------------------------

SECRET = "SECRET-OUTSIDE-THE-SITE"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """Files that are not the site's, which links inside the site point to."""
    folder = tmp_path / "outside"
    (folder / "folder").mkdir(parents=True)
    (folder / "event.md").write_text(event(title=SECRET))
    (folder / "folder" / "event.md").write_text(event(title=SECRET))
    (folder / "capture.txt").write_text(CAPTURE.replace("Capture title", SECRET))
    (folder / "sidecar.yml").write_text(f"title: {SECRET}\n")
    (folder / "speakers.yml").write_text(f"- name: {SECRET}\n  aliases: [Jane Doe]\n")
    return folder


def _linked_site(tmp_path: Path, links: dict[str, Path]) -> Path:
    root = write_site(
        tmp_path / "site",
        {
            "content/events/e.md": event(body='"We will win," Jane Doe said.'),
            "seeds/x.txt": CAPTURE,
        },
    )
    for rel, target in links.items():
        os.symlink(target, root / rel)
    return root


def _leaked(root: Path) -> list[str]:
    return [p for p, data in snapshot(root / "public").items() if SECRET.encode() in data]


@pytest.mark.parametrize(
    ("link", "target", "shown"),
    [
        ("content/events/linked.md", "event.md", "content/events/linked.md"),
        ("seeds/linked.txt", "capture.txt", "seeds/linked.txt"),
    ],
)
def test_file_links_out_of_the_site_are_skipped_with_a_warning(
    tmp_path: Path, outside: Path, link: str, target: str, shown: str
) -> None:
    root = _linked_site(tmp_path, {link: outside / target})
    code, _, err = run_build(root)
    assert code == 0
    folder = shown.rsplit("/", 1)[0]
    assert err == (
        f"{shown}: warning: symbolic link out of its folder skipped\n"
        f"  hint: copy the file into {folder}/ instead\n"
    )
    assert _leaked(root) == []


def test_folder_links_out_of_the_site_are_never_followed(tmp_path: Path, outside: Path) -> None:
    root = _linked_site(
        tmp_path,
        {"content/events/linked": outside / "folder", "seeds/linked": outside / "folder"},
    )
    code, _, err = run_build(root)
    assert code == 0, err
    assert _leaked(root) == []


def test_a_link_loop_does_not_hang_the_build(tmp_path: Path) -> None:
    root = _linked_site(tmp_path, {"content/events/loop": Path("..")})
    code, _, err = run_build(root)
    assert code == 0, err


def test_folder_links_out_of_the_site_are_reported(tmp_path: Path, outside: Path) -> None:
    root = _linked_site(tmp_path, {"content/events/linked": outside / "folder"})
    _, _, err = run_build(root)
    assert "content/events/linked: warning: symbolic link out of its folder skipped" in err


@pytest.mark.parametrize(
    ("link", "target"),
    [("seeds/x.yml", "sidecar.yml"), ("content/speakers.yml", "speakers.yml")],
)
def test_sidecar_and_registry_links_out_of_the_site_are_not_followed(
    tmp_path: Path, outside: Path, link: str, target: str
) -> None:
    root = _linked_site(tmp_path, {link: outside / target})
    code, _, err = run_build(root)
    assert code == 0, err
    assert _leaked(root) == []
    assert f"{link}: warning: symbolic link out of its folder skipped" in err


# --- size limits -------------------------------------------------------------------------

MEASURE = """
import resource, sys
from generator.cli import main
code = main(sys.argv[1:])
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(f"peak-rss-mb {peak}", file=sys.stderr)
sys.exit(code)
"""


def measured_build(root: Path) -> tuple[int, str, int]:
    """Build in a child process: (exit code, stderr without the measure, peak RSS in MB)."""
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, "build", "--config", str(root / "site.yml")],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    err, _, peak = done.stderr.rpartition("peak-rss-mb ")
    return done.returncode, err, int(peak)


@pytest.mark.slow
def test_a_50_mb_capture_is_refused_by_name_in_bounded_memory(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {"content/events/e.md": event(), "seeds/.keep": ""})
    block = (CAPTURE * 4096).encode()
    with (root / "seeds" / "huge.txt").open("wb") as f:
        while f.tell() < 50 * 2**20:
            f.write(block)
    size = (root / "seeds" / "huge.txt").stat().st_size
    assert size > MAX_SOURCE_BYTES
    before = previous_output(root)
    code, err, peak = measured_build(root)
    assert code == 1
    assert err == failure(
        f"seeds/huge.txt: the file is {size / 2**20:.1f} MB; tlgen reads source files of up "
        "to 32 MB\n  hint: split it into several files, or move it out of the site's folders"
    )
    assert peak < 400, f"peak RSS {peak} MB"
    assert snapshot(root / "public") == before
    assert leftovers(root / "public") == []


def many_entries(n: int) -> str:
    body = []
    for i in range(n):
        hour, minute = divmod(i % 1440, 60)
        day = 1 + i // 1440 % 28
        body.append(f"## 2016-03-{day:02d} {hour:02d}:{minute:02d} GMT\n\nUpdate {i}.\n")
    return "---\ntitle: Big\ndate: 2016-03-01\n---\n\n" + "\n".join(body)


@pytest.mark.slow
def test_a_100000_entry_event_is_refused_by_name_in_bounded_memory(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {"content/events/big.md": many_entries(100_000)})
    before = previous_output(root)
    code, err, peak = measured_build(root)
    assert code == 1
    assert err == failure(
        "content/events/big.md:1: 100,000 entries; tlgen builds events of up to 20,000 "
        "entries\n  hint: split the event into several files (one per day, say)"
    )
    assert MAX_ENTRIES == 20_000
    assert peak < 400, f"peak RSS {peak} MB"
    assert snapshot(root / "public") == before


@pytest.mark.slow
def test_an_event_of_a_few_thousand_entries_builds_in_bounded_memory(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {"content/events/big.md": many_entries(3_000)})
    code, err, peak = measured_build(root)
    assert code == 0, err
    assert peak < 300, f"peak RSS {peak} MB"
    assert len(export(root / "public", "big")["entries"]) == 3_000


def test_the_quick_test_of_bytes_misses_no_character_a_page_may_not_hold() -> None:
    from generator.sources import _may_hold_unfit
    from generator.sources.common import NOT_IN_HTML

    unfit = [chr(c) for c in range(1, 0x10000) if not 0xD800 <= c <= 0xDFFF]
    unfit = [c for c in unfit if NOT_IN_HTML.match(c)]
    assert len(unfit) == 94
    assert all(_may_hold_unfit(f"a{c}b".encode()) for c in unfit)
    assert not _may_hold_unfit("plain text, “quotes”, é and 😀\n\tform\x0cfeed".encode())


def test_a_time_the_clocks_skipped_is_a_warning(tmp_path: Path) -> None:
    """01:30 never came in London on 27 March 2016; it came twice on 30 October, which
    is no mistake (and cannot be told from an exact time), nor is one with its zone."""
    spring = (
        "---\ntitle: Spring\ndate: 2016-03-27\ntimezone: Europe/London\n---\n\n"
        "## 00:30\n\nA.\n\n## 01:30\n\nB.\n\n## 01:45 GMT\n\nC.\n"
    )
    autumn = spring.replace("Spring", "Autumn").replace("2016-03-27", "2016-10-30")
    root = write_site(
        tmp_path / "site", {"content/events/spring.md": spring, "content/events/autumn.md": autumn}
    )
    code, _, err = run_build(root)
    assert code == 0, err
    assert [line for line in err.splitlines() if "warning" in line] == [
        "content/events/spring.md:11: warning: 01:30 never came on 2016-03-27 in "
        "Europe/London: the clocks went forward; read as 01:30 GMT, which they showed as "
        "02:30 BST"
    ]
