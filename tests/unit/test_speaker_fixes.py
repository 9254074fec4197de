"""``speakers:`` in a sidecar or front matter corrects who spoke in one event: a name as the
page shows it becomes another person (the registry's where it knows them), or nobody;
a fix that matches no one is a warning at its line, and a malformed one an error."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import load_event
from generator.config import Config, load_config
from generator.errors import TlgenError
from generator.extract import enrich_event, fix_speakers
from generator.importer import to_native
from generator.registry import parse_registry
from generator.sources import native, read_source

CONFIG = Config(root=Path("/site"), timezone="UTC")
REGISTRY = parse_registry("- name: Jane Smith\n  aliases: [J. Smith]\n", "content/speakers.yml")
BODY = (
    '"We will not leave this city," said John Smith. '
    '"It is over for all of them," said Tom Jones. President Vladimir Putin met them.'
)
EVENT = f"""---
title: Fixes
date: 2016-03-14
speakers:
  John Smith: J. Smith
  Tom Jones: null
  Nobody Here: Someone
---

## 18:15

{BODY}
"""
PLAIN = f"---\ntitle: Fixes\ndate: 2016-03-14\n---\n\n## 18:15\n\n{BODY}\n"


def fixed(text: str = EVENT) -> tuple[list[tuple[str, str, str]], list[str], list[str]]:
    event = enrich_event(native.read("content/events/fixes.md", text, CONFIG), REGISTRY)
    event, warnings = fix_speakers(event, REGISTRY)
    (entry,) = event.entries
    said = [(s.speaker, s.speaker_slug, s.quote) for s in entry.statements]
    return said, list(entry.mentions), [w.render() for w in warnings]


def test_renamed_dropped_and_unmatched() -> None:
    said, mentions, warnings = fixed()
    # John Smith is the registry's Jane Smith (through her alias); Tom Jones speaks no more
    assert said == [("Jane Smith", "jane-smith", "We will not leave this city")]
    assert "Tom Jones" not in mentions
    assert warnings == [
        "content/events/fixes.md:7: warning: speakers: 'Nobody Here' is nobody this event "
        "quotes or names\n  hint: write the name as the event's page shows it"
    ]


def test_without_fixes_the_extractor_is_left_alone() -> None:
    said, mentions, warnings = fixed(PLAIN)
    assert [name for name, _, _ in said] == ["John Smith", "Tom Jones"]
    assert mentions == ["Vladimir Putin"] and warnings == []


def test_a_mention_follows_its_fix() -> None:
    _, mentions, _ = fixed(EVENT.replace("Tom Jones: null", "Vladimir Putin: Vladimir V. Putin"))
    assert mentions == ["Vladimir V. Putin"]
    _, mentions, warnings = fixed(EVENT.replace("Tom Jones: null", "Vladimir Putin: null"))
    assert mentions == []
    # a fix used by a mention alone is used: only "Nobody Here" is said to match no one
    assert [w.split(": ", 2)[2][:22] for w in warnings] == ["speakers: 'Nobody Here"]


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("[Smith]", "'speakers' must be a mapping of names"),
        ("{Smith: [a, b]}", "speakers: 'Smith' must be a name or null"),
    ],
)
def test_malformed_fixes_are_errors_at_their_line(value: str, said: str) -> None:
    with pytest.raises(TlgenError) as caught:
        capture = b"Title\n\n14/03/2016\n\n18:15 GMT\n\nText.\n"
        sidecar = f"title: T\nspeakers: {value}\n".encode()
        read_source("seeds/x.txt", capture, CONFIG, sidecar, "seeds/x.yml", capture=True)
    (problem,) = caught.value.problems
    assert problem.message == said and str(problem.location) == "seeds/x.yml:2"


def test_a_sidecars_fixes_build_and_survive_import(tmp_path: Path) -> None:
    (tmp_path / "site.yml").write_text("title: T\ntimezone: GMT\n")
    (tmp_path / "seeds").mkdir()
    capture = tmp_path / "seeds" / "x.txt"
    capture.write_text(f"Title\n\n14/03/2016\n\n18:15 GMT\n\n{BODY}\n", "utf-8")
    (tmp_path / "seeds" / "x.yml").write_text("speakers:\n  John Smith: Jane Smith\n")
    config = load_config(tmp_path / "site.yml")
    event, warnings = load_event(config, capture)
    assert [s.speaker for s in event.entries[0].statements] == ["Jane Smith", "Tom Jones"]
    assert not warnings
    again = native.read("content/events/title.md", to_native(event), config)
    assert [(f.name, f.to) for f in again.speaker_fixes] == [("John Smith", "Jane Smith")]
