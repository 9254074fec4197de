"""Sidecars: ``<name>.yml`` beside a raw capture corrects or completes what the capture
says (title, slug, timezone, the date of a capture that prints none, provenance, who
spoke) without touching the captured bytes.

Not a reader: the reader table applies a sidecar around whichever reader reads the file.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from typing import Any

from generator.config import nearest
from generator.dates import DateError, parse_date, resolve_zone
from generator.errors import Collector, Location, Problem, TlgenError
from generator.ids import is_slug, slugify
from generator.markup import is_web_url
from generator.model import Event, SpeakerFix
from generator.sources.common import checked_language, read_tags, speaker_fixes
from generator.yamlload import load_yaml

KEYS = (
    "title",
    "slug",
    "summary",
    "tags",
    "timezone",
    "language",
    "date",
    "source",
    "draft",
    "speakers",
)
SOURCE_KEYS = ("url", "publisher", "captured")


@dataclass(frozen=True, slots=True)
class Sidecar:
    """Only what the sidecar sets; empty values leave the capture's own reading alone."""

    path: str
    title: str = ""
    slug: str = ""
    summary: str = ""
    tags: tuple[str, ...] | None = None
    timezone: str = ""
    # The day of the update at the top, for a capture that prints times without dates
    # (the readers that raise ``Undated``); where it gives dates, ``date`` is not used.
    date: date | None = None
    date_line: int = 0
    source: tuple[tuple[str, str], ...] = ()
    draft: bool | None = None
    speakers: tuple[SpeakerFix, ...] = ()
    language: str = ""


def parse(text: str, path: str) -> Sidecar:
    doc = load_yaml(text, path)
    data = doc.data if doc.data is not None else {}
    if not isinstance(data, dict):
        raise TlgenError(
            [Problem("a sidecar must be a mapping of keys", Location(path, 1), "e.g. title: ...")]
        )
    problems = Collector()
    values: dict[str, Any] = {"path": path}
    for key, value in data.items():
        loc = doc.loc(key)
        if key not in KEYS:
            problems.error(f"unknown sidecar key {key!r}", loc, nearest(key, KEYS))
        elif value is None:
            continue
        elif key in ("title", "slug", "summary", "timezone", "language"):
            if isinstance(value, dict | list | bool):
                problems.error(f"{key!r} must be text", loc, "put it in quotes")
                continue
            values[key] = str(value)
        elif key == "tags":
            if (tags := read_tags(value, loc, problems)) is not None:
                values["tags"] = tags
        elif key == "date":
            try:
                values["date"] = parse_date(str(value).strip())
            except DateError as exc:
                problems.error(str(exc), loc, "the day of the update at the top: date: 2016-03-14")
                continue
            values["date_line"] = loc.line
        elif key == "speakers":
            values["speakers"] = speaker_fixes(value, path, partial(doc.line, "speakers"), problems)
        elif key == "draft":
            if not isinstance(value, bool):
                problems.error(
                    "'draft' must be true or false", loc, "write draft: true or draft: false"
                )
                continue
            values["draft"] = value
        elif key == "source":
            if not isinstance(value, dict):
                problems.error(
                    "'source' must be a mapping", loc, "source: {url: ..., publisher: ...}"
                )
                continue
            pairs = []
            for sub, sub_value in value.items():
                if sub not in SOURCE_KEYS:
                    problems.error(
                        f"unknown key {sub!r} in source",
                        doc.loc("source", sub),
                        nearest(sub, SOURCE_KEYS),
                    )
                elif sub == "url" and sub_value and not is_web_url(str(sub_value).strip()):
                    problems.error(
                        f"source url {str(sub_value).strip()!r} is not an http(s) address",
                        doc.loc("source", sub),
                        "give the original page's address, e.g. url: https://example.com/live",
                    )
                elif sub_value is not None:
                    pairs.append((sub, str(sub_value).strip() if sub == "url" else str(sub_value)))
            values["source"] = tuple(pairs)
    if (slug := values.get("slug")) and not is_slug(slug):
        problems.error(
            f"slug {slug!r} is not a URL-safe name",
            doc.loc("slug"),
            f"use lowercase letters, digits and hyphens, e.g. {slugify(slug)!r}",
        )
    if zone := values.get("timezone"):
        try:
            resolve_zone(zone)
        except DateError as exc:
            problems.error(str(exc), doc.loc("timezone"), "e.g. timezone: Europe/Moscow or MSK")
    if "language" in values:
        values["language"] = checked_language(values["language"], doc.loc("language"), problems)
    problems.raise_if_errors()
    return Sidecar(**values)


def apply(event: Event, sidecar: Sidecar) -> Event:
    """The event with the sidecar's corrections; a new title gives a new slug only when
    the sidecar sets no slug of its own."""
    changes: dict[str, Any] = {}
    if sidecar.title:
        changes["title"] = sidecar.title
        changes["slug"] = slugify(sidecar.title)
    if sidecar.slug:
        changes["slug"] = sidecar.slug
    if sidecar.summary:
        changes["summary"] = sidecar.summary
    if sidecar.tags is not None:
        changes["tags"] = sidecar.tags
    if sidecar.timezone:
        changes["timezone"] = sidecar.timezone
    if sidecar.language:
        changes["language"] = sidecar.language
    if sidecar.draft is not None:
        changes["draft"] = sidecar.draft
    if sidecar.source:
        changes["source"] = replace(event.source, **dict(sidecar.source))
    if sidecar.speakers:
        changes["speaker_fixes"] = event.speaker_fixes + sidecar.speakers
    return replace(event, **changes)
