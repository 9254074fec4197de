"""The machine-readable export: ``/events/<slug>.json`` per DESIGN.md's export contract.

Researchers script against these files, so the key order and formatting are fixed here
and nowhere else; change them only on purpose.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring
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
        "title": entry.title,
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
        "summary": event.summary,
        "tags": list(event.tags),
        "language": event.language or config.language,
        "timezone": event.timezone,
        "url": event_url(config, event),
        "source": {
            "url": event.source.url,
            "publisher": event.source.publisher,
            "captured": event.source.captured,
            "path": event.source.path or event.path,
        },
        "intro": event.intro_html,
        "entries": [entry_record(config, event, e) for e in event.entries],
    }


def dumps(record: Any) -> bytes:
    """Stable bytes: UTF-8, two-space indent, a final newline."""
    return (dumps_indented(record, 2) + "\n").encode("utf-8")


class _Unsupported(Exception):
    """A value outside plain JSON types: ``json.dumps`` decides what to do with it."""


def dumps_indented(record: Any, indent: int) -> str:
    """Exactly ``json.dumps(record, ensure_ascii=False, indent=indent)``, about twice as
    fast: with an indent, the standard library falls back to its pure-Python generator
    encoder; this one joins strings, with strings escaped by the same C function. Values
    that are not plain dicts, lists, strings, numbers, booleans or None go to json.dumps."""
    try:
        return _encode(record, "\n", " " * indent)
    except _Unsupported:
        return json.dumps(record, ensure_ascii=False, indent=indent)


def _encode(value: Any, newline: str, step: str) -> str:
    """``value`` at the indentation ``newline`` (a newline and the current indent); strings,
    empty lists and ints inside containers are written in place, without a call."""
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if kind is dict:
        if not value:
            return "{}"
        inner = newline + step
        parts = []
        for key, item in value.items():
            if type(key) is not str:
                raise _Unsupported
            kind = type(item)
            if kind is str:
                parts.append(f"{encode_basestring(key)}: {encode_basestring(item)}")
            elif (kind is list or kind is tuple) and not item:
                parts.append(f"{encode_basestring(key)}: []")
            else:
                parts.append(f"{encode_basestring(key)}: {_encode(item, inner, step)}")
        return f"{{{inner}{(',' + inner).join(parts)}{newline}}}"
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        inner = newline + step
        items = [
            encode_basestring(item) if type(item) is str else _encode(item, inner, step)
            for item in value
        ]
        return f"[{inner}{(',' + inner).join(items)}{newline}]"
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is int:
        return int.__repr__(value)
    if kind is float and value == value and value not in (float("inf"), float("-inf")):
        return float.__repr__(value)
    raise _Unsupported  # NaN, infinities, subclasses, other types: json's own rules


def event_json(config: Config, event: Event) -> Output:
    return Output(f"events/{event.slug}.json", dumps(event_record(config, event)))
