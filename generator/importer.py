"""``tlgen import``: any source's Event written back as a native Markdown file, for
hand editing.

The promise is that building the written file gives the same records as building the
capture, so each heading is checked by parsing it back; where the printed time is not a
form the native reader understands, the heading carries it as ``{label="..."}``.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, time
from typing import Any

import yaml

from generator.dates import DateError, combine, resolve_zone
from generator.htmltext import html_to_text
from generator.model import DAY, HTML, MARKDOWN, TEXT, Entry, Event
from generator.sources.common import markdown_paragraphs
from generator.sources.native import parse_entry_heading

_HEADING_LINE = re.compile(r"^( {0,3})(#{1,2})(?=[ \t]|$)", re.M)


def _offset(moment: datetime) -> str:
    delta = moment.utcoffset()
    assert delta is not None
    minutes = int(delta.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _reads_back(heading: str, entry: Entry, day: date, zone: str) -> bool:
    """Would the native reader give this entry's time, precision and label?"""
    try:
        parsed = parse_entry_heading(heading, 0)
        if parsed is None:
            return False
        tz = resolve_zone(parsed.zone_label or zone)
    except DateError:
        return False
    moment = combine(parsed.date or day, parsed.clock or time(0, 0), tz)
    precision = DAY if parsed.clock is None else "minute"
    return (
        parsed.label == entry.label
        and precision == entry.precision
        and moment.isoformat() == entry.time.isoformat()
        and parsed.title == entry.title
    )


def _heading(entry: Entry, day: date, zone: str) -> str:
    title = f" — {entry.title}" if entry.title else ""
    local = entry.time
    if entry.precision == DAY:
        candidates = [f"{local:%Y-%m-%d}"]
    else:
        candidates = [
            entry.label,
            f"{local:%H:%M}",
            f"{local:%Y-%m-%d %H:%M}",
            f"{local:%Y-%m-%d %H:%M} {_offset(local)}",
        ]
    for candidate in candidates:
        if candidate and _reads_back(candidate + title, entry, day, zone):
            return candidate + title
    canonical = candidates[-1] + title
    return f"{canonical} {{label={json.dumps(entry.label, ensure_ascii=False)}}}"


def _escape_headings(body: str, body_format: str) -> str:
    """A body line that looks like a ``#``/``##`` heading would split the entry."""
    if body_format == HTML:
        return _HEADING_LINE.sub(lambda m: m.group(1) + "&#35;" * len(m.group(2)), body)
    return _HEADING_LINE.sub(lambda m: m.group(1) + "\\" + m.group(2), body)


def to_native(event: Event) -> str:
    """The native Markdown text of ``event`` (front matter, day headings, entries)."""
    formats = {e.body_format for e in event.entries}
    body_format = formats.pop() if len(formats) == 1 else HTML
    front: dict[str, Any] = {
        "title": event.title,
        "date": event.date.isoformat(),
        "timezone": event.timezone,
        "slug": event.slug,
    }
    if event.summary:
        front["summary"] = event.summary
    if event.tags:
        front["tags"] = list(event.tags)
    if event.language:
        front["language"] = event.language
    source = {
        "url": event.source.url,
        "publisher": event.source.publisher,
        "captured": event.source.captured,
        "path": event.capture or event.source.path,
    }
    front["source"] = {k: v for k, v in source.items() if v}
    if event.draft:
        front["draft"] = True
    if event.speaker_fixes:  # a sidecar's corrections of who spoke go on with the event
        front["speakers"] = {fix.name: fix.to or None for fix in event.speaker_fixes}
    if body_format != MARKDOWN:
        front["format"] = body_format
    parts = [
        "---\n",
        yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=10_000),
        "---\n",
    ]
    if event.intro:
        parts.append(f"\n{event.intro}\n")
    elif event.intro_html:  # read as HTML (tlgen's own export): its words, as Markdown
        text, _ = html_to_text(event.intro_html)
        paragraphs = [p for p in text.split("\n\n") if p.strip()]
        parts.append(f"\n{markdown_paragraphs(paragraphs)}\n")
    day = event.date
    for entry in event.entries:
        local_day = entry.time.date()
        if local_day != day:
            if entry.precision != DAY:  # a dated entry's heading names its day itself
                parts.append(f"\n# {local_day.isoformat()}\n")
            day = local_day
        body = entry.body if entry.body_format == body_format else entry.html
        if body_format == TEXT and entry.body_format != TEXT:
            body = entry.text
        parts.append(f"\n## {_heading(entry, day, event.timezone)}\n")
        if body.strip():
            parts.append(f"\n{_escape_headings(body.strip(), body_format)}\n")
    return "".join(parts)
