"""``tlgen import``: building the imported native file gives the same records as building
the raw capture. The export, which holds every record, is compared byte for byte, except
each entry's ``line``: that is where the entry stands in the file it was read from."""

from __future__ import annotations

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


@pytest.mark.parametrize(
    "name",
    [
        "text/guardian_2011_egypt-crisis-timeline.txt",
        "text/latimes_2011-2012_syria-crisis-timeline.txt",
        "text/wcep-nixworks_2016-03-14_daily-index.md",
    ],
)
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


def test_import_of_an_export_keeps_the_event_fields(make_site: Callable[..., Path]) -> None:
    """tlgen's own export imported: summary, tags, language and titles as they were, the
    intro (HTML there, Markdown here) as its words, with Markdown's punctuation escaped."""
    root = make_site(
        {
            "content/events/e.md": "---\ntitle: E\ndate: 2016-03-14\ntimezone: GMT\n"
            "summary: What happened.\ntags: [Syria, 'Geneva, talks']\nlanguage: de\n---\n\n"
            "Before *it* all: [a link](https://example.org/) and 1. a number.\n\n"
            "## 18:15 GMT A title\n\nFirst.\n"
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
    assert enrich_event(imported).intro_html == ("<p>Before it all: a link and 1. a number.</p>\n")
