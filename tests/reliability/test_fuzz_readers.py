"""Fuzzing every reader: no input makes a reader raise anything but a located TlgenError.

Each reader in ``generator.sources.READERS`` is called on documents written in its own
syntax (``strategies.py``: front matter and ``## HH:MM`` headings, time lines, date lines,
digests, HTML pages with times and JSON-LD, the JSON shapes, each mixed with hostile
text), on the other readers' documents, and ``read_source`` on arbitrary bytes. A
successful read must give records later stages can use: text that encodes as UTF-8,
URL-safe slugs and anchors. ``TLGEN_FUZZ_EXAMPLES=2000`` runs a deeper search.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.config import Config
from generator.errors import TlgenError
from generator.ids import is_slug
from generator.model import Event
from generator.sources import READERS, read_source

from . import strategies as docs

EXAMPLES = int(os.environ.get("TLGEN_FUZZ_EXAMPLES", "100"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,  # nothing written into the checkout
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
CONFIG = Config(root=Path("/nonexistent-site"), timezone="GMT")
PATHS = {
    "native": "content/events/fuzz.md",
    "liveupdates-text": "seeds/fuzz.txt",
    "wcep-markdown": "seeds/fuzz.md",
    "dated-text": "seeds/fuzz.txt",
    "html": "seeds/fuzz.html",
    "json": "seeds/fuzz.json",
}
OWN = {
    "native": docs.native_doc(),
    "liveupdates-text": docs.liveupdates_doc(),
    "wcep-markdown": docs.wcep_doc(),
    "dated-text": docs.dated_doc(),
    "html": docs.html_doc(),
    "json": docs.json_doc(),
}
BY_NAME = {reader.NAME: reader for reader in READERS}


def check_event(event: Event) -> None:
    """What every later stage relies on, whichever reader made the event."""
    assert is_slug(event.slug), event.slug
    assert event.entries
    for value in (event.title, event.summary, event.intro, event.intro_html, event.source.url):
        value.encode("utf-8")  # no lone surrogates: the writer must be able to write it
    for tag in event.tags:
        tag.encode("utf-8")
    for entry in event.entries:
        assert entry.anchor and all(c.isascii() and c not in "/\\?# \"'<>" for c in entry.anchor)
        assert entry.time.tzinfo is not None
        for value in (entry.body, entry.label, entry.title, entry.text, entry.html):
            value.encode("utf-8")
        for statement in entry.statements:
            assert is_slug(statement.speaker_slug), statement.speaker_slug


def read_checked(reader: ModuleType, text: str) -> None:
    path = PATHS[reader.NAME]
    try:
        if hasattr(reader, "read_with_warnings"):
            event, warnings = reader.read_with_warnings(path, text, CONFIG)
            assert all(w.location is not None for w in warnings)
        else:
            event = reader.read(path, text, CONFIG)
    except TlgenError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.location is not None and problem.location.path == path, problem
            # the HTML reader turns its own bugs into errors; fuzzing must not find any
            assert "this is a bug in tlgen" not in problem.hint, problem.render()
        return
    check_event(event)


@pytest.mark.parametrize("name", sorted(BY_NAME))
def test_reader_on_its_own_syntax(name: str) -> None:
    @FUZZ
    @given(text=OWN[name])
    def run(text: str) -> None:
        read_checked(BY_NAME[name], text)

    run()


@pytest.mark.parametrize("name", sorted(BY_NAME))
def test_reader_on_any_document(name: str) -> None:
    @FUZZ
    @given(text=st.one_of(docs.any_doc(), st.text(docs.CHARS, max_size=300)))
    def run(text: str) -> None:
        read_checked(BY_NAME[name], text)

    run()


@FUZZ
@given(
    data=st.one_of(
        st.binary(max_size=400),
        docs.any_doc().map(lambda t: t.encode("utf-8")),
        st.tuples(docs.any_doc(), st.binary(max_size=8), st.integers(0, 400)).map(
            lambda t: t[0].encode("utf-8")[: t[2]] + t[1] + t[0].encode("utf-8")[t[2] :]
        ),
    ),
    name=st.sampled_from(sorted(set(PATHS.values()))),
)
@example(data=b'{"slug": "a\\ud800", "title": "\\udc00"}', name="seeds/fuzz.json")
@example(data=b"\xef\xbb\xbf---\r\ntitle: x\r\n---\r\n", name="content/events/fuzz.md")
def test_read_source_on_any_bytes(data: bytes, name: str) -> None:
    capture = name.startswith("seeds/")
    try:
        event, warnings = read_source(name, data, CONFIG, capture=capture)
    except TlgenError as exc:
        assert all(p.location is not None and p.location.path == name for p in exc.problems)
        return
    check_event(event)
    assert all(w.severity == "warning" for w in warnings)
