"""What makes the folder an archive people can subscribe to, cite and script against:
Atom feeds, schema.org JSON-LD, the JSONL and CSV exports, the sitemap and robots.txt.

Each function is pure (records in, bytes or text out); dates come from the content, never
from the clock, so two builds of the same sources give the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

from generator.config import Config
from generator.export import entry_record, event_url
from generator.feeds import ATOM_TAIL, FeedItem, absolute, atom, atom_entry, atom_head, rfc3339
from generator.ids import digest
from generator.model import DAY, Entry, Event


def speaker_page(config: Config, slug: str) -> str:
    return f"{config.base_path}speakers/{slug}/"


def text_language(config: Config, event: Event) -> str:
    """The language of an event's own text where it is not the site's ("" where it is):
    pages and feeds mark that text with it, for screen readers and translation."""
    own = event.language
    return own if own and own.casefold() != config.language.casefold() else ""


def entry_item(
    config: Config, event: Event, entry: Entry, url: str = "", lang: str = ""
) -> FeedItem:
    """``url``: the event's, when the caller has it already; ``lang``: the item's
    language, where it is not the feed's."""
    title = f"{entry.label}: {entry.title}" if entry.title else f"{event.title}, {entry.label}"
    body = entry.text or "\n\n".join(f"@{e.handle}: {e.text} {e.url}" for e in entry.embeds)
    return FeedItem(
        path=f"{url or event_url(config, event)}#{entry.anchor}",
        title=title,
        updated=entry.time,
        content=body,
        lang=lang,
    )


def event_feed(config: Config, event: Event) -> bytes:
    """Every update of one event, each linking to its anchor."""
    url = event_url(config, event)
    return atom(
        site_url=config.site_url,
        base_path=config.base_path,
        title=f"{event.title} · {config.title}",
        self_path=f"{url}feed.xml",
        page_path=url,
        items=[entry_item(config, event, e, url) for e in event.entries],
        lang=event.language or config.language,
    )


# A file of the whole archive as pieces: each piece's key, and how to make the i-th.
Pieces = tuple[tuple[str, ...], Callable[[int], bytes]]


def archive_feed(config: Config, events: Sequence[Event], keys: Sequence[str]) -> Pieces:
    """Every update of the archive in one complete feed (RFC 5005): a mirror needs no
    paging to have it all. ``keys``: each event's memo key (with the config's), so an
    edit changes only the pieces of the feed made from its event; newest first, the
    entries of one event mostly follow each other, and each such run is one piece."""
    urls = [event_url(config, ev) for ev in events]
    stride = max((len(ev.entries) for ev in events), default=0) + 1
    runs: list[tuple[int, list[int]]] = []
    for item in _feed_order(events, urls, stride):
        i, j = divmod(item, stride)
        if runs and runs[-1][0] == i:
            runs[-1][1].append(j)
        else:
            runs.append((i, [j]))
    updated = max((end for ev in events if (end := ev.end) is not None), default=None)
    head = atom_head(
        site_url=config.site_url, base_path=config.base_path, title=config.title,
        self_path=f"{config.base_path}feed.xml", page_path=config.base_path, updated=updated,
        lang=config.language,
    )  # fmt: skip
    names = (
        digest("feed-head", head),
        *(digest(keys[i], "feed", ",".join(map(str, js))) for i, js in runs),
        digest("feed-tail", ATOM_TAIL),
    )

    def make(n: int) -> bytes:
        if n == 0:
            return head.encode("utf-8")
        if n > len(runs):
            return ATOM_TAIL.encode("utf-8")
        i, js = runs[n - 1]
        event, url = events[i], urls[i]
        lang = text_language(config, event)
        return "".join(
            atom_entry(
                config.site_url, config.base_path, entry_item(config, event, entry, url, lang)
            )
            for entry in map(event.entries.__getitem__, js)
        ).encode("utf-8")

    return names, make


def _feed_order(events: Sequence[Event], urls: list[str], stride: int) -> list[int]:
    """Every entry of the archive as ``i * stride + j`` (event i, entry j) in the feed's
    order: by time, then by link (``url#anchor``), both reversed, as ``atom`` orders its
    items. Sorted without a (time, link) tuple per entry, a tenth of the peak memory of a
    clean build at 300,000 entries: first by link (event URLs end in "/" and slugs hold
    none, so links compare as (URL, anchor)), then by time with a stable sort."""
    items: list[int] = []
    stamps: list[float] = []  # each item's time, for a sort keyed without a Python call
    for i in sorted(range(len(events)), key=urls.__getitem__, reverse=True):
        entries = events[i].entries
        anchors = [e.anchor for e in entries]
        times = [e.time.timestamp() for e in entries]
        for j in sorted(range(len(entries)), key=anchors.__getitem__, reverse=True):
            items.append(i * stride + j)
            stamps.append(times[j])
    order = sorted(range(len(items)), key=stamps.__getitem__, reverse=True)
    return [items[k] for k in order]


def archive_jsonl(config: Config, events: Sequence[Event], keys: Sequence[str]) -> Pieces:
    """One line per entry of the whole archive, in the export's entry shape plus the
    event it belongs to; events newest first, entries in source order. One piece per event."""
    encode = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps's, made once

    def make(i: int) -> bytes:
        event = events[i]
        return "".join(
            encode({"event": event.slug, **entry_record(config, event, entry)}) + "\n"
            for entry in event.entries
        ).encode("utf-8")

    return tuple(digest(key, "jsonl") for key in keys), make


STATEMENT_COLUMNS = ("speaker", "speaker_slug", "time", "quote", "kind", "permalink", "event")


def statements_csv(config: Config, events: Sequence[Event], keys: Sequence[str]) -> Pieces:
    """Every statement as a spreadsheet row (RFC 4180, UTF-8 with a header); after the
    header, one piece per event."""

    def make(n: int) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        if n == 0:
            writer.writerow(STATEMENT_COLUMNS)
            return out.getvalue().encode("utf-8")
        event = events[n - 1]
        page = _url(config, event_url(config, event))  # the permalink's part before "#"
        for entry in event.entries:
            for s in entry.statements:
                writer.writerow(
                    [
                        s.speaker,
                        s.speaker_slug,
                        entry.time.isoformat(),
                        s.quote,
                        s.kind,
                        f"{page}#{entry.anchor}",
                        event.slug,
                    ]
                )
        return out.getvalue().encode("utf-8")

    names = (digest("csv-head", *STATEMENT_COLUMNS), *(digest(key, "csv") for key in keys))
    return names, make


def _iso(entry: Entry) -> str:
    return entry.time.date().isoformat() if entry.precision == DAY else entry.time.isoformat()


def _url(config: Config, path: str) -> str:
    return absolute(config.site_url, config.base_path, path) if config.site_url else path


def live_blog_posting(config: Config, event: Event) -> dict[str, Any]:
    """schema.org LiveBlogPosting: the coverage window and one update per entry, each
    with its URL, time and the quotations it holds (``Quotation`` with ``creator``)."""
    start, end = event.start, event.end
    assert start is not None and end is not None
    page = _url(config, event_url(config, event))
    updates = []
    for entry in event.entries:
        update: dict[str, Any] = {
            "@type": "BlogPosting",
            "@id": f"{page}#{entry.anchor}",
            "url": f"{page}#{entry.anchor}",
            "datePublished": _iso(entry),
            "headline": entry.title or f"{event.title}, {entry.label}",
            "articleBody": entry.text,
        }
        quotes = [
            {
                "@type": "Quotation",
                "text": s.quote,
                "creator": {
                    "@type": "Person",
                    "name": s.speaker,
                    **(
                        {"url": _url(config, speaker_page(config, s.speaker_slug))}
                        if config.makes("speakers")
                        else {}
                    ),
                },
            }
            for s in entry.statements
            if s.kind == "direct"
        ]
        if quotes:
            update["citation"] = quotes
        updates.append(update)
    record: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting",
        "@id": page,
        "url": page,
        "headline": event.title,
        "coverageStartTime": start.isoformat(),
        "coverageEndTime": end.isoformat(),
        "datePublished": start.isoformat(),
        "dateModified": end.isoformat(),
        "inLanguage": event.language or config.language,
        "liveBlogUpdate": updates,
    }
    if event.summary:
        record["description"] = event.summary
    if event.source.publisher:
        record["publisher"] = {"@type": "Organization", "name": event.source.publisher}
    if event.source.url:
        record["isBasedOn"] = event.source.url
    if event.tags:
        record["keywords"] = list(event.tags)
    return record


def script_json(record: Any) -> str:
    """JSON that can sit inside ``<script>``: no content can close the element or open
    a comment, whatever the source text holds. On one line: it is read by machines, and
    the C encoder writes it (json's indented output is Python's, twice as slow)."""
    text = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escaped)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def sitemap(config: Config, pages: Iterable[tuple[str, datetime | None]]) -> bytes:
    """Absolute URLs of every page (the protocol requires them), dated by content."""
    from xml.etree import ElementTree as ET  # not for a site without a sitemap

    ns = "http://www.sitemaps.org/schemas/sitemap/0.9"
    ET.register_namespace("", ns)
    root = ET.Element(f"{{{ns}}}urlset")
    for path, modified in pages:
        url = ET.SubElement(root, f"{{{ns}}}url")
        ET.SubElement(url, f"{{{ns}}}loc").text = absolute(config.site_url, config.base_path, path)
        if modified is not None:
            ET.SubElement(url, f"{{{ns}}}lastmod").text = rfc3339(modified)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n").encode("utf-8")


def robots(config: Config) -> bytes:
    lines = ["User-agent: *", "Allow: /"]
    if config.site_url and config.makes("sitemap"):
        lines.append(f"Sitemap: {config.site_url}sitemap.xml")
    return ("\n".join(lines) + "\n").encode("utf-8")
