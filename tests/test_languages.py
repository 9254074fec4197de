"""A site in another language: the theme's words and dates in it, a site's own words,
their mistakes located, and pages made again when a word changes."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.cli import main

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
