"""``tlgen import``'s promise on any document a reader reads: building the native file it
writes gives the records of building the capture (the export, each entry's ``line`` and
the capture's path aside).

Documents come from ``strategies.py`` in each reader's syntax, hostile text and all; the
corpus test (tests/test_import.py) holds the promise on real captures. Deterministic at
the default number of examples, so that CI never meets a new one by chance;
``TLGEN_FUZZ_EXAMPLES=2000`` searches deeper, and differently each run.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from generator.errors import TlgenError
from generator.export import event_record
from generator.extract import enrich_event
from generator.importer import to_native
from generator.model import Event
from generator.sources import read_source

from .test_fuzz_readers import BY_NAME, CONFIG, EXAMPLES, OWN, PATHS

IMPORT = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=EXAMPLES <= 100,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _record(event: Event) -> dict[str, Any]:
    record = event_record(CONFIG, enrich_event(event))
    for entry in record["entries"]:
        entry.pop("line")
    record["source"].pop("path", None)
    return record


@pytest.mark.parametrize("name", sorted(BY_NAME))
def test_an_imported_file_reads_as_its_capture(name: str) -> None:
    @IMPORT
    @given(text=OWN[name])
    def run(text: str) -> None:
        path = PATHS[name]
        try:
            event, _ = read_source(path, text.encode(), CONFIG, capture=path.startswith("seeds/"))
        except TlgenError:
            return
        if any(entry.html for entry in event.entries):
            return  # tlgen's own export: its records as it holds them, not read from text
        native = to_native(event)
        try:
            again, _ = read_source("content/events/imported.md", native.encode(), CONFIG)
        except TlgenError as exc:
            raise AssertionError(f"{exc.problems[0].render()}\n{native}") from None
        before, after = _record(event), _record(again)
        assert after == before, json.dumps([before, after], ensure_ascii=False)[:3000] + native

    run()
