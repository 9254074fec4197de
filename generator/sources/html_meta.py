"""What a captured page says about itself: title, publisher, address, language, dates, the
zone its times are printed in, and the capture date a saving tool may have written.

Preference orders are explicit: JSON-LD first (the publisher's structured statement), then
Open Graph and ``<meta>`` tags, then the visible page (``<h1>``, ``<title>``).
"""

from __future__ import annotations

import html
import re
from collections import Counter
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from generator.config import Config
from generator.dates import MONTHS, DateError, resolve_zone
from generator.errors import Problem
from generator.sources.common import tag_names
from generator.sources.html_jsonld import PUBLISHER_TYPES, JsonLd, text, types
from generator.sources.html_scan import Scan, read_machine

# The zone a page's language implies when nothing else says: one zone per language here.
_LANG_ZONES = {
    "pl": "Europe/Warsaw",
    "de": "Europe/Berlin",
    "de-at": "Europe/Vienna",
    "de-ch": "Europe/Zurich",
    "fr": "Europe/Paris",
    "fr-ch": "Europe/Zurich",
    "fr-be": "Europe/Brussels",
    "it": "Europe/Rome",
    "nl": "Europe/Amsterdam",
    "nl-be": "Europe/Brussels",
    "cs": "Europe/Prague",
    "sk": "Europe/Bratislava",
    "hu": "Europe/Budapest",
    "da": "Europe/Copenhagen",
    "sv": "Europe/Stockholm",
    "nb": "Europe/Oslo",
    "fi": "Europe/Helsinki",
    "el": "Europe/Athens",
    "ro": "Europe/Bucharest",
    "bg": "Europe/Sofia",
    "hr": "Europe/Zagreb",
    "ja": "Asia/Tokyo",
    "ko": "Asia/Seoul",
    "en-gb": "Europe/London",
    "en-ie": "Europe/Dublin",
    "pt-pt": "Europe/Lisbon",
}
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ")
_SINGLEFILE = re.compile(r"saved date:\s*\w{3}\s+(\w{3})\s+(\d{1,2})\s+(\d{4})", re.I)
_WAYBACK = re.compile(r"FILE ARCHIVED ON \d{1,2}:\d{2}:\d{2} (\w{3}) (\d{1,2}), (\d{4})")
# The address a saving tool wrote into the file: a browser's "Save page as" (the "mark of
# the web"), SingleFile's header
_SAVED_FROM = re.compile(
    r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->|Page saved with SingleFile\s+url:\s*(\S+)", re.I
)


@dataclass(slots=True)
class Meta:
    """The page-level facts an Event needs."""

    title: str = ""
    publisher: str = ""
    url: str = ""
    base: str = ""  # what relative links in the page resolve against
    lang: str = ""
    summary: str = ""
    tags: tuple[str, ...] = ()
    modified: datetime | date | None = None
    published: datetime | date | None = None
    captured: str = ""
    body_line: int = 1


@dataclass(slots=True)
class Page:
    """One page being read: its text, what the scan found, its zone and metadata."""

    path: str
    raw: str
    scan: Scan
    zone: tzinfo
    zone_label: str
    meta: Meta
    intro: str = ""
    warnings: list[Problem] = field(default_factory=list)
    # the line of each link kept as words for want of the page's address (``base``)
    unresolved: list[int] = field(default_factory=list)
    ids: dict[str, HtmlElement] = field(default_factory=dict)
    suffixes: dict[str, HtmlElement | None] = field(default_factory=dict)


def words(text_: str) -> set[str]:
    return set(re.findall(r"[^\W_]+", text_.lower()))


def _metas(root: HtmlElement) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """First value per name, and every (name, value) in order (``article:tag`` repeats)."""
    first: dict[str, str] = {}
    every: list[tuple[str, str]] = []
    for m in root.iter("meta"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or "").strip().lower()
        value = m.get("content")
        if key and value is not None:
            value = " ".join(value.split())
            every.append((key, value))
            first.setdefault(key, value)
    return first, every


def strip_suffix(title: str, names: list[str]) -> str:
    """``... | The Guardian`` -> ``...``: trailing parts that name the site go."""
    name_words = [w for w in (words(n) for n in names if n) if w]
    changed = True
    while changed:
        changed = False
        for sep in _TITLE_SEPARATORS:
            head, found, tail = title.rpartition(sep)
            tail_words = words(tail)
            if not found or not head.strip() or not tail_words:
                continue
            if any(tail_words <= nw or nw <= tail_words for nw in name_words):
                title, changed = head.strip(), True
                break
    return title


def _looks_like_name(name: str) -> bool:
    """'The Mirror' is a name; 'mirror' and 'sportowefakty.wp.pl' are identifiers."""
    return bool(name) and name != name.lower()


def _publisher(ld: JsonLd, metas: dict[str, str]) -> str:
    candidates = [text(ld.main.get("publisher")) if ld.main else "", metas.get("og:site_name", "")]
    for wanted in PUBLISHER_TYPES:
        candidates.extend(text(o.get("name")) for o in ld.objects if wanted in types(o))
    candidates.append(metas.get("application-name", ""))
    named = [c for c in candidates if c]
    return next((c for c in named if _looks_like_name(c)), named[0] if named else "")


def _when(value: Any) -> datetime | date | None:
    return read_machine(text(value)) if value else None


def captured(raw: str) -> str:
    """The capture date a saving tool wrote into the file (SingleFile, the Wayback Machine).
    A page's own published/modified dates say nothing about when it was captured."""
    for pattern in (_SINGLEFILE, _WAYBACK):
        for chunk in (raw[:6000], raw[-6000:]):
            m = pattern.search(chunk)
            month = MONTHS.get(m.group(1).lower()) if m else None
            if m and month:
                try:
                    return date(int(m.group(3)), month, int(m.group(2))).isoformat()
                except ValueError:
                    continue
    return ""


def saved_from(raw: str) -> str:
    """The page's address as a saving tool wrote it, for a page that does not say it."""
    for chunk in (raw[:6000], raw[-6000:]):
        if m := _SAVED_FROM.search(chunk):
            url = html.unescape(m.group(1) or m.group(2))
            if urlsplit(url).scheme.lower() in ("http", "https"):
                return url
    return ""


def language(*declared: str | None) -> str:
    """The page's language, as specific as its declarations agree: ``lang="en"`` with
    ``og:locale`` ``en_GB`` is ``en-gb``."""
    codes = [c.strip().lower().replace("_", "-") for c in declared if c and c.strip()]
    if not codes:
        return ""
    primary = codes[0].split("-", 1)[0]
    return max((c for c in codes if c.split("-", 1)[0] == primary), key=len)


def metadata(root: HtmlElement, ld: JsonLd, raw: str) -> Meta:
    """Everything page-level, read before the page's chrome is stripped."""
    metas, every = _metas(root)
    main = ld.main or {}
    meta = Meta(publisher=_publisher(ld, metas))
    names = [meta.publisher, metas.get("og:site_name", "")]
    names += [text(o.get("name")) for o in ld.objects if set(types(o)) & set(PUBLISHER_TYPES)]
    h1 = next(root.iter("h1"), None)
    candidates = [
        text(main.get("headline") or main.get("name")),
        metas.get("og:title", ""),
        " ".join(h1.text_content().split()) if h1 is not None else "",
        " ".join(html.unescape(root.findtext(".//title") or "").split()),
    ]
    meta.title = next((strip_suffix(c, names) for c in candidates if c), "")
    canonical = next(
        (ln.get("href", "") for ln in root.iter("link") if "canonical" in (ln.get("rel") or "")),
        "",
    )
    page_of = main.get("mainEntityOfPage")
    meta.url = (
        canonical.strip()
        or metas.get("og:url", "")
        or text(main.get("url"))
        or (text(page_of.get("@id")) if isinstance(page_of, dict) else text(page_of))
        or saved_from(raw)
    )
    base = root.find(".//base")
    meta.base = meta.url
    if base is not None and base.get("href"):
        with suppress(ValueError):  # a malformed <base>: links resolve against the page
            joined = urljoin(meta.url, base.get("href", "").strip())
            # a relative one, with no address to resolve it against, gives none either
            if urlsplit(joined).scheme.lower() in ("http", "https"):
                meta.base = joined
    meta.lang = language(root.get("lang"), metas.get("language"), metas.get("og:locale"))
    meta.summary = text(main.get("description")) or metas.get("og:description", "")
    tags = [v for k, v in every if k == "article:tag"]
    keywords = main.get("keywords")
    tags += [text(k) for k in (keywords if isinstance(keywords, list) else [keywords]) if k]
    meta.tags = tag_names(t for tag in tags for t in tag.split(","))
    meta.modified = _when(main.get("dateModified")) or _when(
        metas.get("article:modified_time") or metas.get("og:updated_time")
    )
    meta.published = (
        _when(main.get("datePublished"))
        or _when(metas.get("article:published_time"))
        or _when(main.get("startDate"))
    )
    meta.captured = captured(raw)
    return meta


def _offset_label(offset: timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{mins:02d}"


def lang_zone(lang: str) -> str:
    return _LANG_ZONES.get(lang) or _LANG_ZONES.get(lang.split("-", 1)[0], "")


def uhr_zone(lang: str) -> str:
    """Where "12.31 Uhr" is told: the page's German-speaking country, else Germany."""
    zone = lang_zone(lang)
    return zone if lang.startswith("de") and zone else "Europe/Berlin"


def event_zone(scan: Scan, ld: JsonLd, meta: Meta, config: Config) -> tuple[str, tzinfo]:
    """The zone the page's times are in: a zone printed with them ("BST"; "Uhr"), then the
    page's language if its machine-readable offsets agree, then those offsets, then the
    site's default."""
    printed = Counter(b.printed.zone for b in scan.blocks if b.printed and b.printed.zone)
    label = ""
    if printed:
        word = printed.most_common(1)[0][0]
        label = uhr_zone(meta.lang) if word.lower() == "uhr" else word.upper()
    moments = [u.published for u in ld.updates if isinstance(u.published, datetime)]
    moments += [b.machine for b in scan.blocks if isinstance(b.machine, datetime)]
    # "Z" is how many sites serialise any time; a non-zero offset says where the page is.
    offsets = [off for m in moments if (off := m.utcoffset())]
    by_lang = lang_zone(meta.lang)
    if not label and by_lang:
        zone = resolve_zone(by_lang)
        local = [m for m in moments if m.utcoffset()]
        agree = sum(zone.utcoffset(m.replace(tzinfo=None)) == m.utcoffset() for m in local)
        if agree * 2 >= len(local):
            label = by_lang
    if not label and offsets:
        label = _offset_label(Counter(offsets).most_common(1)[0][0])
    if not label and any(m.tzinfo is not None for m in moments):
        label = "UTC"
    label = label or config.timezone
    try:
        return label, resolve_zone(label)
    except DateError:
        return "UTC", UTC
