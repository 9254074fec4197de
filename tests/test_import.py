"""``tlgen import``: building the imported native file gives the same records as building
the raw capture. The export, which holds every record, is compared byte for byte, except
each entry's ``line``: that is where the entry stands in the file it was read from."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.build import load_event, read_event
from generator.cli import main
from generator.config import load_config
from generator.export import dumps, event_record
from generator.extract import enrich_event
from generator.importer import to_native
from generator.registry import load_registry
from generator.sources import read_source

REPO = Path(__file__).resolve().parents[1]


def round_trip(config_path: Path, capture: Path) -> tuple[bytes, bytes, str]:
    config = load_config(config_path)
    registry = load_registry(config.dir("content") / "speakers.yml", "content/speakers.yml")
    raw, _ = load_event(config, capture, registry)  # as the build reads it
    native_text = to_native(read_event(config, capture)[0])  # as `tlgen import` does
    imported, _ = read_source("content/events/imported.md", native_text.encode(), config)
    again = enrich_event(imported, registry)
    return _lineless(event_record(config, raw)), _lineless(event_record(config, again)), native_text


def _lineless(record: dict) -> bytes:  # type: ignore[type-arg]
    for entry in record["entries"]:
        assert entry.pop("line") > 0
    return dumps(record)


def test_seed_round_trip() -> None:
    before, after, text = round_trip(REPO / "site.yml", REPO / "seeds" / "000_588fca7941595965.txt")
    assert after == before
    assert "## 19:16 GMT\n" in text
    assert "path: seeds/000_588fca7941595965.txt" in text


_CORPUS = REPO.parent / "shared" / "corpus"
# Every capture of the corpus, of every format: JSON-LD read update by update as text or
# HTML (``format: auto``), posts in HTML bodies, times with seconds
_CAPTURES = (
    sorted(p.relative_to(_CORPUS).as_posix() for p in _CORPUS.glob("*/*"))
    if _CORPUS.is_dir()
    else ["absent"]  # the fixture skips it
)


@pytest.mark.parametrize("name", _CAPTURES)
def test_corpus_round_trip(corpus: Path, make_site: Callable[..., Path], name: str) -> None:
    root = make_site({})
    (root / "seeds").mkdir()
    capture = root / "seeds" / Path(name).name
    shutil.copyfile(corpus / name, capture)
    before, after, _ = round_trip(root / "site.yml", capture)
    assert after == before


def test_cli_import_then_build(
    make_site: Callable[..., Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = make_site({})
    (root / "seeds").mkdir()
    shutil.copyfile(REPO / "seeds" / "000_588fca7941595965.txt", root / "seeds" / "seed.txt")
    monkeypatch.chdir(root)
    assert main(["import", "seeds/seed.txt"]) == 0
    written = root / "content" / "events" / "russia-to-start-withdrawal-from-syria.md"
    assert written.is_file()
    assert main(["import", "seeds/seed.txt"]) == 1  # exists: not overwritten
    assert "pass --force" in capsys.readouterr().err
    written.write_text(written.read_text().replace("Russia to start withdrawal", "Edited"))
    assert main(["build"]) == 0
    page = root / "public" / "events" / "russia-to-start-withdrawal-from-syria" / "index.html"
    assert "Edited from Syria" in page.read_text()  # the edited file supersedes the capture
    assert (
        root / "public" / "captures" / "russia-to-start-withdrawal-from-syria" / "seed.txt"
    ).is_file()


def test_a_capture_imported_from_elsewhere_is_read_as_a_capture(
    make_site: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    """A saved page outside the site (a download) is a capture like one in seeds/: bytes
    that are not UTF-8 a warning, its sidecar read. A file in content/ is written by hand:
    there they are an error."""
    root = make_site({})
    download = tmp_path / "elsewhere" / "seed.txt"
    download.parent.mkdir()
    seed = (REPO / "seeds" / "000_588fca7941595965.txt").read_bytes()
    download.write_bytes(seed.replace(b"Russia to start", b"Russia \xe0 start"))
    (tmp_path / "elsewhere" / "seed.txt.yml").write_text("summary: Saved by hand.\n")
    monkeypatch.chdir(root)
    assert main(["import", str(download)]) == 0
    err = capsys.readouterr().err
    assert "not valid UTF-8" in err and "warning" in err
    (written,) = (root / "content" / "events").glob("*.md")
    assert "Russia \ufffd start" in written.read_text()
    assert "summary: Saved by hand." in written.read_text()
    authored = root / "content" / "events" / "authored.md"
    authored.write_bytes(b"---\ntitle: A \xe0\ndate: 2024-01-01\n---\n\n## 10:00\n\nText.\n")
    assert main(["import", "--out", "elsewhere", str(authored)]) == 1
    assert "not valid UTF-8" in capsys.readouterr().err


INTRO = (
    'Before *it* all: [a link](https://example.org/ "Its title") and 1. a number,\n'
    "`code` and a_b <c> & \\*.\n\n- a list\n- [with](https://example.org/a_(b))\n\n"
    "> quoted  \n> broken\n\n### Heading"
)


@pytest.mark.parametrize(
    ("intro", "again"),
    [
        (INTRO, ""),  # "" : the intro as it was
        # a table has no Markdown here that makes it again: its words, as text
        (
            "A *table*:\n\n| a | b |\n|---|---|\n| 1 | 2 |",
            "<p>A table:</p>\n<p>a\nb</p>\n<p>1\n2</p>\n",
        ),
    ],
)
def test_import_of_an_export_keeps_the_event_fields(
    make_site: Callable[..., Path], intro: str, again: str
) -> None:
    """tlgen's own export imported: summary, tags, language and titles as they were, the
    intro (HTML there, Markdown here) written as Markdown that makes the same HTML, links
    and all; where no such Markdown is found, as its words."""
    root = make_site(
        {
            "content/events/e.md": "---\ntitle: E\ndate: 2016-03-14\ntimezone: GMT\n"
            "summary: What happened.\ntags: [Syria, 'Geneva, talks']\nlanguage: de\n---\n\n"
            f"{intro}\n\n## 18:15 GMT A title\n\nFirst.\n"
        }
    )
    config = load_config(root / "site.yml")
    exported = dumps(event_record(config, load_event(config, root / "content/events/e.md")[0]))
    (root / "seeds").mkdir()
    (root / "seeds" / "e.json").write_bytes(exported)
    text = to_native(read_event(config, root / "seeds" / "e.json")[0])
    imported, _ = read_source("content/events/e2.md", text.encode(), config)
    assert (imported.summary, imported.tags, imported.language) == (
        "What happened.",
        ("Syria", "Geneva, talks"),
        "de",
    )
    assert imported.entries[0].title == "A title"
    before = enrich_event(load_event(config, root / "content/events/e.md")[0]).intro_html
    assert enrich_event(imported).intro_html == (again or before)
    if not again:  # the link kept, its address as it was
        assert '<a href="https://example.org/a_(b)">with</a>' in before


def test_round_trip_of_a_capture_in_two_formats_with_posts_and_seconds(
    make_site: Callable[..., Path],
) -> None:
    """A JSON-LD capture reads one update as text, another as HTML (it holds markup) with a
    quoted post, each at a time with seconds: the imported file says each update's format
    (``format: auto``), each post's record (``data-handle``...) and each second, and keeps
    a line that would start a day or an update from doing so, in text as in HTML."""
    post = (
        '<blockquote class="twitter-tweet"><p>Crowds at the <a href="https://twitter.com/'
        'hashtag/Square">#Square</a> now</p>&mdash; A Reporter (@reporter) <a href="https:'
        '//twitter.com/reporter/status/1">May 1, 2024</a></blockquote>'
    )
    doc = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting",
        "headline": "Two formats",
        "datePublished": "2024-05-01T09:00:00+01:00",
        "url": "https://example.org/live",
        "liveBlogUpdate": [
            {
                "@type": "BlogPosting",
                "headline": "Plain",
                "datePublished": "2024-05-01T10:15:42.5+01:00",
                "articleBody": 'He said "we will stay" & left.\n# not a day',
            },
            {
                "@type": "BlogPosting",
                "headline": "Marked up",
                "datePublished": "2024-05-01T10:20:07+01:00",
                "articleBody": "<p>A <b>bold</b> <a href='/more'>claim</a>.\n"
                f"## not an update</p>{post}",
            },
        ],
    }
    root = make_site({})
    (root / "seeds").mkdir()
    (root / "seeds" / "live.json").write_text(json.dumps(doc))
    before, after, text = round_trip(root / "site.yml", root / "seeds" / "live.json")
    assert after == before
    record = json.loads(before)
    assert [e["time"] for e in record["entries"]] == [
        "2024-05-01T10:15:42.500000+01:00",
        "2024-05-01T10:20:07+01:00",
    ]
    assert record["entries"][1]["embeds"][0]["handle"] == "reporter"
    assert "format: auto\n" in text
    assert '## 10:15:42.5 +01:00 — Plain {label="10:15"}\n' in text
    assert '## 10:20:07 +01:00 — Marked up {label="10:20"}\n' in text
    assert 'data-handle="reporter"' in text
    assert "data-handle" not in record["entries"][1]["html"]
    assert "\\# not a day\n" in text and "&#35;&#35; not an update" in text
    assert "\n# not a day" in record["entries"][0]["text"]
    assert "\n## not an update" in record["entries"][1]["html"]


@pytest.mark.parametrize(
    ("path", "capture"),
    [
        # a year before 1000 (strftime's %Y writes "999"), a line "# ..." and a fence in text
        (
            "seeds/t.txt",
            "0999-01-01\nA line.\n# not a day\n```\n--------------------------------\n",
        ),
        # a headline a heading cannot hold ("- item"), a heading inside a fence left open,
        # a "# > x" heading (a setext heading, its ">" escaped), a stray "#" (shown as nothing)
        (
            "seeds/w.md",
            "## [2016-03-14](/news/2016/03/14/index.md)\n\n### [- item](/x.md)\n"
            "Text\n# > not a quote\n#\n```\n## inside\n",
        ),
        # a heading in emphasis ("# *em*": its "*" opens no list, so it is not escaped)
        ("seeds/l.txt", "\n14/03/2016\n18:15 GMT\n\n# *em*\n"),
        # a fence open at the end of an intro, and of an update before another ("``` x"
        # closes nothing): closed there, its code is the same
        ("seeds/o.txt", "\n- 2016-03-14\n\n```\n``` the\n\n18:15 GMT\nx\n"),
        (
            "seeds/o.md",
            "## [2016-03-14](/news/x/index.md)\n### [](/news/.md)\n```\n### [](/news/.md)\n"
            "``` the\n### [](/news/.md)\n",
        ),
        # a title YAML's core schema reads as a number: written in quotes
        (
            "seeds/n.html",
            "<!doctype html><html><head><title>0E0</title></head><body><main><article>"
            '<time datetime="2016-03-14T18:15:00Z">18:15</time><p>x</p></article></main>'
            "</body></html>",
        ),
        # an update that is a zero-width no-break space (U+FEFF) alone
        (
            "seeds/z.html",
            "<!doctype html><html><head><title></title></head><body><main>"
            "12:30 2016-03-14 \ufeff \ufeff</main></body></html>",
        ),
        # a TimelineJS text the sanitiser leaves empty, before the media link
        (
            "seeds/t.json",
            '{"title": {"text": {"headline": "T"}}, "events": [{"start_date": {"year": 2016,'
            ' "month": 3, "day": 14, "hour": 18, "minute": 15}, "text": {"text":'
            ' "<script>alert(1)</script>"}, "media": {"url": "https://example.org/a"}}]}',
        ),
    ],
)
def test_lines_that_would_start_a_day_an_update_or_a_fence(path: str, capture: str) -> None:
    """What the fuzzing of tests/reliability/test_fuzz_import.py found, kept as examples."""
    config = load_config(REPO / "site.yml")
    event, _ = read_source(path, capture.encode(), config, capture=True)
    native = to_native(event)
    again, _ = read_source("content/events/i.md", native.encode(), config)
    before, after = (_lineless(event_record(config, enrich_event(e))) for e in (event, again))
    assert after.replace(b"content/events/i.md", path.encode()) == before, native
