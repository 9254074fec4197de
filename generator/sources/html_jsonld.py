"""schema.org JSON-LD in a captured page: the article's own description of itself.

A page may carry several ``application/ld+json`` scripts, each an object, a list or an
``@graph``; the ``LiveBlogPosting`` among them lists its updates in ``liveBlogUpdate``.
Publishers write HTML entities inside these JSON strings (``&#39;``, ``&quot;``), so every
string read from here is entity-decoded.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from lxml.html import HtmlElement

from generator.sources.html_scan import read_machine

ARTICLE_TYPES = (
    "LiveBlogPosting",
    "NewsArticle",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "Article",
    "BlogPosting",
    "SportsEvent",
    "Event",
)
PUBLISHER_TYPES = ("NewsMediaOrganization", "Organization", "WebSite")


@dataclass(frozen=True, slots=True)
class Update:
    """One ``liveBlogUpdate`` item as the JSON-LD gives it."""

    headline: str
    body: str  # articleBody as written: HTML or text, entities not yet decoded
    published: datetime | date | None
    url: str
    ident: str
    line: int


@dataclass(slots=True)
class JsonLd:
    """Every object of the page's JSON-LD, the article among them, and its updates."""

    objects: list[dict[str, Any]] = field(default_factory=list)
    main: dict[str, Any] | None = None
    updates: list[Update] = field(default_factory=list)


def text(value: Any) -> str:
    """A JSON-LD string with entities decoded and whitespace normalised."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str)), "")
    if isinstance(value, dict):
        value = value.get("name") or value.get("@id") or ""
    if not isinstance(value, str):
        return ""
    return " ".join(html.unescape(value).split())


def types(obj: dict[str, Any]) -> tuple[str, ...]:
    t = obj.get("@type")
    if isinstance(t, str):
        return (t,)
    if isinstance(t, list):
        return tuple(x for x in t if isinstance(x, str))
    return ()


def _top_objects(data: Any) -> Iterator[dict[str, Any]]:
    """Objects at the top of a script: itself, list members, ``@graph`` members."""
    if isinstance(data, list):
        for item in data:
            yield from _top_objects(item)
    elif isinstance(data, dict):
        if "@graph" in data:
            yield from _top_objects(data["@graph"])
        if "@type" in data:
            yield data


def collect(root: HtmlElement) -> JsonLd:
    """Read every JSON-LD script; broken JSON is skipped (the page's blocks remain)."""
    found = JsonLd()
    live: list[tuple[dict[str, Any], HtmlElement, str]] = []
    for script in root.iter("script"):
        kind = (script.get("type") or "").split(";", 1)[0].strip().lower()
        if kind != "application/ld+json" or not script.text:
            continue
        raw = script.text
        try:
            data = json.loads(_unwrap(raw), strict=False)  # raw newlines inside strings occur
        except (ValueError, RecursionError):
            continue
        for obj in _top_objects(data):
            found.objects.append(obj)
            if "LiveBlogPosting" in types(obj):
                live.append((obj, script, raw))
    with_updates = [item for item in live if item[0].get("liveBlogUpdate")]
    if with_updates:
        obj, script, raw = max(with_updates, key=lambda item: _count(item[0]["liveBlogUpdate"]))
        found.main = obj
        found.updates = _updates(obj["liveBlogUpdate"], script, raw)
    else:
        for wanted in ARTICLE_TYPES:
            found.main = next((o for o in found.objects if wanted in types(o)), None)
            if found.main is not None:
                break
    return found


def _unwrap(raw: str) -> str:
    """The JSON inside a script some pages still wrap in ``<!-- -->`` or CDATA."""
    body = raw.strip()
    for start, end in (("<!--", "-->"), ("//<![CDATA[", "//]]>"), ("<![CDATA[", "]]>")):
        if body.startswith(start) and body.endswith(end):
            body = body[len(start) : -len(end)].strip()
    return body


def _count(value: Any) -> int:
    return len(value) if isinstance(value, list) else 1


def _updates(value: Any, script: HtmlElement, raw: str) -> list[Update]:
    items = value if isinstance(value, list) else [value]
    first_line = script.sourceline or 1
    out: list[Update] = []
    cursor, cursor_line = 0, first_line  # counted incrementally: one pass over the text
    for item in items:
        if not isinstance(item, dict):
            continue
        url = text(item.get("url"))
        ident = text(item.get("@id"))
        when = text(item.get("datePublished") or item.get("dateCreated"))
        probe = url or ident
        if probe:
            pos = raw.find(json.dumps(probe)[1:-1], cursor)
            if pos < 0:
                pos = raw.find(probe, cursor)
            if pos >= 0:
                cursor_line += raw.count("\n", cursor, pos)
                cursor = pos
        line = cursor_line
        body = item.get("articleBody") or item.get("text") or item.get("description") or ""
        out.append(
            Update(
                headline=text(item.get("headline") or item.get("name")),
                body=body if isinstance(body, str) else "",
                published=read_machine(when) if when else None,
                url=url,
                ident=ident,
                line=line,
            )
        )
    return out
