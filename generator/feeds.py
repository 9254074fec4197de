"""Atom feeds (RFC 4287) as Outputs: built with the standard library's XML writer, so
every title and quote is escaped, and dated from the content, never from the clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from generator import __version__

ATOM = "http://www.w3.org/2005/Atom"
_FALLBACK_ID = "tag:tlgen.invalid,2000:"


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One ``<entry>``: a stable id, a link to the exact update, its time and words."""

    path: str  # root-relative URL with its #anchor
    title: str
    updated: datetime
    content: str  # plain text
    author: str = ""
    id_suffix: str = ""  # tells apart several items that link to one update


def absolute(site_url: str, base_path: str, path: str) -> str:
    """An absolute IRI for ``path`` (which starts with ``base_path``) when the site's
    address is known; a tag IRI otherwise, which is still unique and stable."""
    if site_url:
        return site_url + path[len(base_path) :]
    return _FALLBACK_ID + path


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def atom(
    *,
    site_url: str,
    base_path: str,
    title: str,
    self_path: str,
    page_path: str,
    items: list[FeedItem],
    complete: bool = True,
) -> bytes:
    """A whole feed, newest first; ``complete`` marks it as RFC 5005 complete (every
    entry is in this one document), so an archive can be mirrored from its feeds."""
    ET.register_namespace("", ATOM)
    ET.register_namespace("fh", "http://purl.org/syndication/history/1.0")
    feed = ET.Element(f"{{{ATOM}}}feed")
    ordered = sorted(items, key=lambda i: (i.updated.timestamp(), i.path), reverse=True)
    ET.SubElement(feed, f"{{{ATOM}}}id").text = absolute(site_url, base_path, self_path)
    ET.SubElement(feed, f"{{{ATOM}}}title").text = _xml_safe(title)
    updated = max((i.updated for i in items), default=datetime(1970, 1, 1, tzinfo=UTC))
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _stamp(updated)
    generator = ET.SubElement(feed, f"{{{ATOM}}}generator", version=__version__)
    generator.text = "tlgen"
    ET.SubElement(
        feed,
        f"{{{ATOM}}}link",
        rel="self",
        href=absolute(site_url, base_path, self_path) if site_url else self_path,
    )
    ET.SubElement(
        feed,
        f"{{{ATOM}}}link",
        rel="alternate",
        href=absolute(site_url, base_path, page_path) if site_url else page_path,
    )
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = _xml_safe(title)
    if complete:
        ET.SubElement(feed, "{http://purl.org/syndication/history/1.0}complete")
    for item in ordered:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        url = absolute(site_url, base_path, item.path)
        href = url if site_url else item.path  # a reader can follow a root-relative link
        ET.SubElement(entry, f"{{{ATOM}}}id").text = url + item.id_suffix
        ET.SubElement(entry, f"{{{ATOM}}}title").text = _xml_safe(item.title)
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _stamp(item.updated)
        ET.SubElement(entry, f"{{{ATOM}}}published").text = _stamp(item.updated)
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=href)
        if item.author:
            who = ET.SubElement(entry, f"{{{ATOM}}}author")
            ET.SubElement(who, f"{{{ATOM}}}name").text = _xml_safe(item.author)
        ET.SubElement(entry, f"{{{ATOM}}}content", type="text").text = _xml_safe(item.content)
    ET.indent(feed)
    body = ET.tostring(feed, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n").encode("utf-8")


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_safe(text: str) -> str:
    """XML 1.0 forbids most control characters even escaped; scraped text has them."""
    return _NOT_XML.sub("", text)
