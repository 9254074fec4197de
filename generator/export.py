"""The machine-readable export: ``/events/<slug>.json`` per DESIGN.md's export contract.

Researchers script against these files, so the key order and formatting are fixed here
and nowhere else; change them only on purpose.
"""

from __future__ import annotations

import json
from typing import Any

from generator.config import Config
from generator.model import Entry, Event, Output


def event_url(config: Config, event: Event) -> str:
    return f"{config.base_path}events/{event.slug}/"


def entry_record(config: Config, event: Event, entry: Entry) -> dict[str, Any]:
    return {
        "id": entry.anchor,
        "time": entry.time.isoformat(),
        "label": entry.label,
        "url": f"{event_url(config, event)}#{entry.anchor}",
        "text": entry.text,
        "html": entry.html,
        "statements": [
            {
                "speaker": s.speaker,
                "speaker_slug": s.speaker_slug,
                "quote": s.quote,
                "kind": s.kind,
            }
            for s in entry.statements
        ],
        "mentions": list(entry.mentions),
        "embeds": [
            {
                "kind": m.kind,
                "handle": m.handle,
                "text": m.text,
                "url": m.url,
                "hashtags": list(m.hashtags),
            }
            for m in entry.embeds
        ],
        "hashtags": list(entry.hashtags),
        "links": list(entry.links),
        "line": entry.line,
    }


def event_record(config: Config, event: Event) -> dict[str, Any]:
    """Entries in source order, as captured; pages may show them in another order."""
    return {
        "slug": event.slug,
        "title": event.title,
        "timezone": event.timezone,
        "url": event_url(config, event),
        "source": {
            "url": event.source.url,
            "publisher": event.source.publisher,
            "captured": event.source.captured,
            "path": event.source.path or event.path,
        },
        "entries": [entry_record(config, event, e) for e in event.entries],
    }


def dumps(record: Any) -> bytes:
    """Stable bytes: UTF-8, two-space indent, a final newline."""
    return (json.dumps(record, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def event_json(config: Config, event: Event) -> Output:
    return Output(f"events/{event.slug}.json", dumps(event_record(config, event)))
