"""A site in another language: the theme's words and dates in it, a site's own words,
their mistakes located, and pages made again when a word changes."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.cli import main
from generator.config import parse_config
from generator.importer import to_native
from generator.sources import read_source

REPO = Path(__file__).resolve().parents[1]

SITE_DE = """title: Archiv
language: de
timezone: Europe/Berlin
search: false
"""

EVENT = """---
title: Nahost-Ticker
date: 2024-08-26
timezone: Europe/Berlin
tags: [Nahost]
---
## 2024-08-26 23:50

"Wir werden nicht nachgeben", sagte Benjamin Netanjahu am Abend in Jerusalem.

## 2024-08-27 08:15

Die Armee meldete neue Angriffe. [#Gaza](#)
"""


def text_of(page: Path) -> str:
    markup = page.read_text(encoding="utf-8")
    markup = re.sub(r"<script.*?</script>", "", markup, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", markup).split())


@pytest.fixture
def german(make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_site({"content/events/ticker.md": EVENT}, site_yml=SITE_DE)
    monkeypatch.chdir(root)
    return root


def test_a_german_site_reads_german(german: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build"]) == 0
    assert "warning" not in capsys.readouterr().err
    out = german / "public"
    event = out / "events" / "ticker" / "index.html"
    assert '<html lang="de">' in event.read_text(encoding="utf-8")
    page = text_of(event)
    for said in (
        "Zum Inhalt springen",
        "Berichtszeitraum 26. August 2024, 23:50 Uhr – 27. August 2024, 08:15 Uhr",
        "Meldungen 2 an 2 Tagen",
        "Zitiert Benjamin Netanjahu",
        "26. August 2024",  # the day's heading
        "„Nahost-Ticker“, 2024-08-26 23:50.",  # the citation, as the source dated it
    ):
        assert said in page, said
    assert "Updates" not in page and "Coverage" not in page
    assert "2 Meldungen" in text_of(out / "index.html")
    assert "August 2024 2 Meldungen an 2 Tagen" in text_of(out / "timeline" / "index.html")
    assert "1 Aussage, am 26. August 2024" in text_of(
        out / "speakers" / "benjamin-netanjahu" / "index.html"
    )
    assert "Ein Schlagwort: 1 Ereignis, 0 Meldungen." in text_of(
        out / "tags" / "nahost" / "index.html"
    )
    assert main(["check"]) == 0


def test_a_site_changes_a_word_and_the_pages_follow(german: Path) -> None:
    assert main(["build"]) == 0
    index = german / "public" / "index.html"
    assert "Ereignisse" in text_of(index)
    table = german / "themes" / "default" / "strings" / "de.yml"
    table.parent.mkdir(parents=True)
    table.write_text("events: Geschehnisse\n", encoding="utf-8")
    assert main(["build"]) == 0
    assert "Geschehnisse" in text_of(index) and "Ereignisse" not in text_of(index)


def test_a_mistake_in_a_table_fails_the_build_and_keeps_the_output(
    german: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build"]) == 0
    index = german / "public" / "index.html"
    before = index.read_bytes()
    table = german / "themes" / "default" / "strings" / "de.yml"
    table.parent.mkdir(parents=True)
    table.write_text("events: Geschehnisse\nabout: 'gebaut mit {generatr}'\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["build"]) == 1
    err = capsys.readouterr().err
    assert "themes/default/strings/de.yml:2: the word 'about' has no value {generatr}" in err
    assert "hint: its values: {generator}" in err
    assert index.read_bytes() == before


def test_a_language_the_theme_lacks(
    make_site: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = make_site({"content/events/ticker.md": EVENT}, site_yml=SITE_DE.replace("de", "ja"))
    monkeypatch.chdir(root)
    assert main(["build", "--strict"]) == 1
    assert "site.yml:2: the theme has no words in the language 'ja'" in capsys.readouterr().err
    assert main(["build"]) == 0
    assert "warning: the theme has no words" in capsys.readouterr().err
    page = text_of(root / "public" / "events" / "ticker" / "index.html")
    assert "Updates" in page and "2024年8月26日" in page  # English words, Japanese dates


SITE_EN = """title: Archive
language: en
timezone: UTC
search: false
"""

ENGLISH = """---
title: Storm live
date: 2024-08-26
---
## 10:00

"We are ready for it," said Jane Smith, the mayor.
"""


def test_an_event_in_another_language_is_marked_as_such(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A German event in an English archive: its own text says lang="de" (WCAG 3.1.2), the
    theme's words around it stay English, and an English event's pages say nothing."""
    german = EVENT.replace("tags: [Nahost]\n", "tags: [Nahost]\nlanguage: de\n")
    root = make_site(
        {"content/events/ticker.md": german, "content/events/storm.md": ENGLISH},
        site_yml=SITE_EN,
    )
    monkeypatch.chdir(root)
    assert main(["build"]) == 0
    out = root / "public"
    page = (out / "events" / "ticker" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page and '<h1 lang="de">Nahost-Ticker</h1>' in page
    assert page.count('<div class="entry-body" lang="de">') == 2
    assert "<dt>Coverage</dt>" in page  # the theme's words: the site's language
    assert '"inLanguage":"de"' in page
    storm = (out / "events" / "storm" / "index.html").read_text(encoding="utf-8")
    assert storm.count("lang=") == 1 and '"inLanguage":"en"' in storm
    index = (out / "index.html").read_text(encoding="utf-8")
    assert '<h2 lang="de"><a href="/events/ticker/">' in index
    assert '<h2><a href="/events/storm/">' in index
    month = (out / "timeline" / "2024-08" / "index.html").read_text(encoding="utf-8")
    assert month.count('<p lang="de">') == 2
    assert re.search(r'href="/events/storm/">Storm live</a>\s*<p>', month)
    speaker = (out / "speakers" / "benjamin-netanjahu" / "index.html").read_text("utf-8")
    assert 'lang="de"><p>Wir werden nicht nachgeben</p></blockquote>' in speaker
    # the feeds say it too: the event's of its text, the archive's of each entry
    feed = (out / "events" / "ticker" / "feed.xml").read_text(encoding="utf-8")
    assert re.search(r'<feed [^>]*xml:lang="de">', feed) and "<entry>" in feed
    archive = (out / "feed.xml").read_text(encoding="utf-8")
    assert re.search(r'<feed [^>]*xml:lang="en">', archive)
    assert archive.count('<entry xml:lang="de">') == 2 and archive.count("<entry>") == 1
    said = (out / "speakers" / "benjamin-netanjahu" / "feed.xml").read_text("utf-8")
    assert said.count('<entry xml:lang="de">') == 1
    assert main(["check"]) == 0


def test_a_sidecar_gives_a_capture_its_language(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_site({}, site_yml=SITE_EN)
    shutil.copytree(REPO / "seeds", root / "seeds")
    sidecar = next((root / "seeds").glob("*.yml"))
    sidecar.write_text(sidecar.read_text(encoding="utf-8") + "language: en-GB\n", "utf-8")
    monkeypatch.chdir(root)
    assert main(["build"]) == 0
    page = next((root / "public" / "events").glob("*/index.html")).read_text("utf-8")
    assert '<h1 lang="en-GB">' in page


@pytest.mark.parametrize("where", ["front matter", "sidecar"])
def test_a_language_that_is_no_tag_is_an_error(
    make_site: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    where: str,
) -> None:
    if where == "front matter":
        root = make_site(
            {"content/events/storm.md": ENGLISH.replace("---\n##", "language: Deutsch\n---\n##")},
            site_yml=SITE_EN,
        )
        expected = "content/events/storm.md:4: 'Deutsch' is not a language tag"
    else:
        root = make_site({}, site_yml=SITE_EN)
        shutil.copytree(REPO / "seeds", root / "seeds")
        sidecar = next((root / "seeds").glob("*.yml"))
        lines = sidecar.read_text(encoding="utf-8").count("\n")
        sidecar.write_text(sidecar.read_text(encoding="utf-8") + "language: english\n", "utf-8")
        expected = f"seeds/{sidecar.name}:{lines + 1}: 'english' is not a language tag"
    monkeypatch.chdir(root)
    assert main(["build"]) == 1
    err = capsys.readouterr().err
    assert expected in err, err
    assert "hint: a BCP 47 tag such as de, pt-BR or zh-Hant" in err


def test_import_keeps_the_language(tmp_path: Path) -> None:
    config = parse_config("title: x\n", tmp_path)
    event, _ = read_source("seeds/x.html", GERMAN_PAGE.encode(), config, capture=True)
    text = to_native(event)
    assert "\nlanguage: de\n" in text
    again, _ = read_source("content/events/x.md", text.encode(), config)
    assert again.language == "de"


GERMAN_PAGE = """<!DOCTYPE html><html lang="de"><head><title>Ticker</title>
<meta property="article:modified_time" content="2024-08-27T10:40:00+00:00"></head><body>
<article><section><div class="rt">
<h2>12.31 Uhr: Zeitung widerspricht Minister</h2><p>Erster Absatz.</p>
<h2>00.15 Uhr: Nacht ruhig</h2><p>Nichts Neues.</p>
</div></section></article></body></html>"""
