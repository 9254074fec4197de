"""The native format: ``content/events/<slug>.md``, YAML front matter and one ``##``
heading per timestamped entry.

Headings are found by a line scan that skips fenced code, not by a Markdown parse: the
bodies are parsed once, later, and a line scan keeps every record's line number exact.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from functools import lru_cache, partial
from pathlib import PurePosixPath
from typing import Any

from generator.config import Config, nearest
from generator.dates import DateError, combine, is_zone, parse_date, parse_time, resolve_zone
from generator.errors import Collector, Location, Problem, TlgenError
from generator.ids import assign_anchors, is_slug, slugify
from generator.markup import is_web_url
from generator.model import AUTO, DAY, HTML, MARKDOWN, MINUTE, TEXT, Embed, Entry, Event, Source
from generator.sources.common import (
    MARKUP,
    MAX_ENTRIES,
    checked_language,
    read_tags,
    speaker_fixes,
    too_many_entries,
)
from generator.yamlload import YamlDoc, load_yaml

NAME = "native"
EXTENSIONS = (".md", ".markdown")

FRONT_MATTER_KEYS = (
    "title",
    "date",
    "timezone",
    "slug",
    "summary",
    "tags",
    "source",
    "draft",
    "format",
    "speakers",
    "language",
)
SOURCE_KEYS = ("url", "publisher", "captured", "path")
FORMATS = (MARKDOWN, HTML, TEXT, AUTO)

_HEADING = re.compile(r"^ {0,3}(#{1,2})(?:[ \t]+(.*?))?[ \t]*(?:[ \t]#+[ \t]*)?$")
# CommonMark's fences: a backtick one's info string holds no backtick ("``` ```" is code
# in a paragraph); a closing one is a run as long or longer, alone on its line
_FENCE = re.compile(r"^ {0,3}(`{3,}(?=[^`]*$)|~{3,})")
_CLOSING = re.compile(r" {0,3}(`{3,}|~{3,})[ \t]*")
_MAY_OPEN = frozenset("#`~ ")  # what a heading or a fence line starts with
_ENTRY_TIME = re.compile(
    r"^(?:(?P<date>\d{4}-\d{1,2}-\d{1,2})[ T]+)?"
    r"(?P<time>\d{1,2}[:.]\d{2}(?::\d{2}(?:[.,]\d{1,6})?)?(?:\s*[ap]\.?m\.?)?)"
    r"(?=\s|$)\s*(?P<rest>.*)$",
    re.I,
)
_ENTRY_DATE_ONLY = re.compile(r"^(?P<date>\d{4}-\d{1,2}-\d{1,2})(?![\d:. T]*\d[:.]\d)(?P<rest>.*)$")
_ATTRS = re.compile(r'\s*\{(?P<pairs>(?:\s*(?:label|title)="(?:[^"\\]|\\.)*")+)\s*\}\s*$')
_PAIR = re.compile(r'(label|title)=("(?:[^"\\]|\\.)*")')
_SEPARATORS = " \t-–—|:"


def detect(path: str, text: str) -> bool:
    """Markdown with front matter; the extension alone is not enough (``README.md``)."""
    return path.endswith(EXTENSIONS) and text.lstrip("\ufeff").startswith("---")


@dataclass(frozen=True, slots=True)
class _Heading:
    line: int
    date: date | None
    clock: time | None  # None: a dated entry (``## 2011-02-11``), precise to the day
    zone_label: str
    title: str
    label: str


def split_front_matter(text: str, path: str) -> tuple[str, int, list[str], int]:
    """(front matter text, its first line, body lines, first body line)."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        raise TlgenError(
            [
                Problem(
                    "no front matter: an event file starts with a '---' line",
                    Location(path, 1),
                    "begin with ---, then title: and date:, then --- again",
                )
            ]
        )
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return "\n".join(lines[1:i]), 2, lines[i + 1 :], i + 2
    raise TlgenError(
        [
            Problem(
                "front matter opened on line 1 is never closed",
                Location(path, 1),
                "add a line holding only --- after the last front matter key",
            )
        ]
    )


def _text(doc: YamlDoc, key: str, problems: Collector, required: bool = False) -> str:
    value = doc.data.get(key)
    if value is None:
        if required:
            problems.error(f"missing {key!r} in front matter", doc.loc(), f"add '{key}: ...'")
        return ""
    if isinstance(value, (bool, list | dict)):
        problems.error(f"{key!r} must be text", doc.loc(key), f'write {key}: "..."')
        return ""
    return str(value)


def _front_matter(doc: YamlDoc, config: Config, path: str, problems: Collector) -> dict[str, Any]:
    data = doc.data
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise TlgenError(
            [Problem("front matter must be a mapping of keys", doc.loc(), "e.g. title: ...")]
        )
    doc = YamlDoc(data, doc.lines, doc.path)
    for key in data:
        if key not in FRONT_MATTER_KEYS:
            problems.error(
                f"unknown front matter key {key!r}", doc.loc(key), nearest(key, FRONT_MATTER_KEYS)
            )
    out: dict[str, Any] = {
        "title": _text(doc, "title", problems, required=True),
        "summary": _text(doc, "summary", problems),
    }
    out["language"] = checked_language(
        _text(doc, "language", problems), doc.loc("language"), problems
    )
    raw_date = _text(doc, "date", problems)  # entries may carry their own dates
    out["date"] = None
    out["date_text"] = raw_date
    if raw_date:
        try:
            out["date"] = parse_date(raw_date)
        except DateError as exc:
            problems.error(str(exc), doc.loc("date"), "e.g. date: 2016-03-14 or 14 March 2016")
    zone = _text(doc, "timezone", problems) or config.timezone
    out["timezone"] = zone
    try:
        out["tz"] = resolve_zone(zone)
    except DateError as exc:
        problems.error(str(exc), doc.loc("timezone"), "e.g. timezone: Europe/Moscow or MSK")
        out["tz"] = None
    slug = _text(doc, "slug", problems)
    if slug and not is_slug(slug):
        problems.error(
            f"slug {slug!r} is not a URL-safe name",
            doc.loc("slug"),
            f"use lowercase letters, digits and hyphens, e.g. {slugify(slug)!r}",
        )
    out["slug"] = slug or slugify(PurePosixPath(path).stem)
    out["tags"] = read_tags(data.get("tags") or [], doc.loc("tags"), problems) or ()
    draft = data.get("draft", False)
    if not isinstance(draft, bool):
        problems.error(
            "'draft' must be true or false", doc.loc("draft"), "write draft: true or draft: false"
        )
        draft = False
    out["draft"] = draft
    source = data.get("source") or {}
    if not isinstance(source, dict):
        problems.error(
            "'source' must be a mapping", doc.loc("source"), "source: {url: ..., publisher: ...}"
        )
        source = {}
    for key in source:
        if key not in SOURCE_KEYS:
            problems.error(
                f"unknown key {key!r} in source", doc.loc("source", key), nearest(key, SOURCE_KEYS)
            )
    url = str(source.get("url") or "").strip()
    if url and not is_web_url(url):
        problems.error(
            f"source url {url!r} is not an http(s) address",
            doc.loc("source", "url"),
            "give the original page's address, e.g. url: https://example.com/live",
        )
        url = ""
    out["source"] = Source(
        url=url,
        publisher=str(source.get("publisher") or config.publisher or ""),
        captured=str(source.get("captured") or ""),
        path=str(source.get("path") or path),  # an imported event names its capture
    )
    body_format = _text(doc, "format", problems) or MARKDOWN
    if body_format not in FORMATS:
        problems.error(
            f"format must be one of {', '.join(FORMATS)}",
            doc.loc("format"),
            nearest(body_format, FORMATS, "formats"),
        )
    out["format"] = body_format
    fixes = data.get("speakers")
    out["speakers"] = (
        () if fixes is None else speaker_fixes(fixes, path, partial(doc.line, "speakers"), problems)
    )
    return out


def parse_entry_heading(text: str, line: int) -> _Heading | None:
    """``18:15``, ``18:15 GMT``, ``2016-03-14 18:15 Europe/Moscow — Headline``,
    ``2011-02-11`` (a dated entry), ``18:15:30`` (a capture's seconds, kept by ``tlgen
    import``); None if the heading holds no time or date at all.

    A trailing ``{label="20:49, 5 Aug 2024"}`` keeps a time as the source printed it
    when that is not a form tlgen reads, ``{title="- item"}`` a headline the heading
    cannot hold as it is (``tlgen import`` writes them).
    """
    parsed = _parse_heading(text)
    return None if parsed is None else _Heading(line, *parsed)


# A heading's date, time, zone label, title and label
_Parsed = tuple[date | None, time | None, str, str, str]


@lru_cache(maxsize=4096)
def _parse_heading(text: str) -> _Parsed | None:
    """``parse_entry_heading`` but the line, remembered: the same times head the updates
    of many events (half the headings of the bench's archive)."""
    text = text.strip()
    given: dict[str, str] = {}  # {label="..." title="..."}: as the source printed them
    if "{" in text and (m := _ATTRS.search(text)):
        for key, value in _PAIR.findall(m["pairs"]):
            try:
                given[key] = json.loads(value)
            except ValueError:
                raise DateError(f"cannot read the {key} in {m.group(0)!r}") from None
        text = text[: m.start()].rstrip()
    label_override = given.get("label", "")
    if m := _ENTRY_DATE_ONLY.match(text):
        day = parse_date(m["date"])
        title = given.get("title", m["rest"].strip().lstrip(_SEPARATORS).strip())
        return day, None, "", title, label_override or m["date"]
    m = _ENTRY_TIME.match(text)
    if not m:
        return None
    on: date | None = parse_date(m["date"]) if m["date"] else None
    clock = parse_time(m["time"])
    rest = m["rest"].strip()
    zone = ""
    if rest:
        first, _, remainder = rest.partition(" ")
        if is_zone(first.rstrip(_SEPARATORS)):
            zone = first.rstrip(_SEPARATORS)
            rest = remainder
    title = given.get("title", rest.strip().lstrip(_SEPARATORS).strip())
    label = " ".join(p for p in (m["date"], m["time"], zone) if p)
    return on, clock, zone, title, label_override or label


def scan(body: list[str], first: int = 0) -> tuple[list[tuple[int, int, str]], str, int]:
    """(line number, level, heading text) of every ``#``/``##`` heading outside fences,
    the fence left open after the last line ("" if none), and the line that opened it:
    what ``tlgen import`` must keep from splitting an entry, and close."""
    found: list[tuple[int, int, str]] = []
    fence, opened = "", 0
    for offset, raw in enumerate(body):
        if fence:
            if (m := _CLOSING.fullmatch(raw)) and m[1].startswith(fence):
                fence = ""
            continue
        if raw[:1] not in _MAY_OPEN:  # most lines are prose: no heading, no fence
            continue
        if m := _FENCE.match(raw):
            fence, opened = m.group(1), first + offset
            continue
        if raw.startswith(("#", " #", "  #", "   #")) and (h := _HEADING.match(raw)):
            found.append((first + offset, len(h.group(1)), h.group(2) or ""))
    return found, fence, opened if fence else 0


def _left_open(path: str, body: list[str], first: int, fence: str, opened: int) -> list[Problem]:
    """A fence never closed makes the rest of the file its code, as CommonMark reads it:
    the update headings there too, which would be gone in silence."""
    swallowed = [
        first + offset
        for offset, raw in enumerate(body[opened - first + 1 :], opened - first + 1)
        if (h := _HEADING.match(raw)) and len(h.group(1)) == 2
    ]
    if not swallowed:
        return []
    count = len(swallowed)
    return [
        Problem(
            f"the code fence opened here is never closed: {count} update heading"
            f"{'s' if count > 1 else ''} after it (the first on line {swallowed[0]}) "
            f"{'are' if count > 1 else 'is'} read as its code",
            Location(path, opened),
            f"close it with a line of {fence} alone where the code ends",
            severity="warning",
        )
    ]


def _block(body: list[str], first: int, start: int, end: int) -> str:
    """Lines ``start`` to ``end`` (file line numbers, end exclusive), trimmed."""
    return "\n".join(body[start - first : end - first]).strip("\n")


def _format(text: str, body_format: str) -> str:
    """An entry's format: the document's, or with ``format: auto`` its own (HTML where it
    holds a tag, text where it holds none), as a JSON reader's ``format: auto`` decides."""
    if body_format != AUTO:
        return body_format
    return HTML if MARKUP.search(text) else TEXT


# A line of a text or HTML body kept from starting an entry, a day or a fence: ``\#`` and
# ``\```\`` in text, ``&#35;`` and ``&#96;``\`` in HTML (Markdown's ``\#`` is CommonMark's
# own); ``tlgen import`` writes them.
_KEPT_IN_TEXT = re.compile(r"^( {0,3})\\(#{1,2}(?=[ \t]|$)|`{3}|~{3})", re.M)
_KEPT_IN_HTML = re.compile(r"^( {0,3})((?:&#35;){1,2}(?=[ \t]|$)|&#96;(?=``)|&#126;(?=~~))", re.M)
_ENTITIES = {"&#35;": "#", "&#96;": "`", "&#126;": "~"}


def _body(text: str, body_format: str) -> tuple[str, tuple[Embed, ...]]:
    """An HTML body is hand-editable, so it is sanitised like any captured HTML (and keeps
    its own bytes where they say the same, as tlgen's export does: ``sanitize_html``);
    the social posts ``tlgen import`` wrote with their records are read back from it."""
    if body_format == TEXT and "\\" in text:
        return _KEPT_IN_TEXT.sub(r"\1\2", text), ()
    if body_format != HTML:
        return text, ()
    if "&#" in text:
        text = _KEPT_IN_HTML.sub(
            lambda m: m[1] + "".join(_ENTITIES[e] for e in re.findall("&#[0-9]+;", m[2])), text
        )
    from generator.sanitize import sanitize_html  # nh3: not for a Markdown body
    from generator.sources.html_posts import read_posts

    return read_posts(sanitize_html(text))


def read(path: str, text: str, config: Config) -> Event:
    """Parse one native event file into an Event whose entries carry their lines."""
    return read_with_warnings(path, text, config)[0]


def read_with_warnings(path: str, text: str, config: Config) -> tuple[Event, tuple[Problem, ...]]:
    """``read``, with what the build should be told of the file: a fence left open."""
    problems = Collector()
    fm_text, fm_line, body, body_line = split_front_matter(text, path)
    meta = _front_matter(load_yaml(fm_text, path, fm_line), config, path, problems)
    headings, fence, opened = scan(body, body_line)
    left_open = _left_open(path, body, body_line, fence, opened) if fence else []
    problems.extend(left_open)
    if sum(level == 2 for _, level, _ in headings) > MAX_ENTRIES:  # before reading them
        raise too_many_entries(path, 1, sum(level == 2 for _, level, _ in headings))
    end_line = body_line + len(body)

    day: date | None = meta["date"]
    undated_reported = bool(meta["date_text"])
    zone: tzinfo | None = meta["tz"]
    parsed: list[tuple[_Heading, int, int]] = []  # heading, body start, body end
    intro_end = headings[0][0] if headings else end_line
    for idx, (line, level, heading) in enumerate(headings):
        nxt = headings[idx + 1][0] if idx + 1 < len(headings) else end_line
        loc = Location(path, line)
        if level == 1:
            try:
                day = parse_date(heading)
            except DateError as exc:
                problems.error(
                    f"a '#' heading sets the day: {exc}",
                    loc,
                    "write '# 14 March 2016' for a new day; use '###' for headings in an entry",
                )
            continue
        try:
            h = parse_entry_heading(heading, line)
        except DateError as exc:
            problems.error(str(exc), loc, "an entry heading reads '## 18:15' or '## 18:15 GMT'")
            continue
        if h is None:
            problems.error(
                f"entry heading {heading!r} holds no time",
                loc,
                "start each entry with '## HH:MM' (optionally a zone: '## 18:15 GMT'); "
                "use '###' for other headings",
            )
            continue
        if h.date is not None:
            day = h.date
        if day is None:
            if undated_reported:
                continue  # the front matter's date is already reported as unreadable
            problems.error(
                "entry has no date",
                loc,
                "set 'date:' in the front matter, a '# 14 March 2016' day heading, "
                "or write '## 2016-03-14 18:15'",
            )
            undated_reported = True  # said once; the entries after it lack it for the same reason
            continue
        h = _Heading(h.line, day, h.clock, h.zone_label, h.title, h.label)
        parsed.append((h, line + 1, nxt))

    if not parsed and not problems.errors:
        if left_open:  # the updates are there, in the fence's code: that is the error
            why = left_open[0]
            problems.error(f"no entries: {why.message}", why.location, why.hint)
        else:
            problems.error(
                "no entries: this event has no timestamped updates",
                Location(path, body_line),
                "start each update with a heading such as '## 18:15' or '## 18:15 GMT'",
            )
    problems.raise_if_errors()

    moments: list[tuple[datetime, str]] = []
    for h, _, _ in parsed:
        entry_zone = resolve_zone(h.zone_label) if h.zone_label else zone
        assert h.date is not None and entry_zone is not None
        precision = DAY if h.clock is None else MINUTE
        moments.append((combine(h.date, h.clock or time(0, 0), entry_zone), precision))
    anchors = assign_anchors(moments)
    blocks = [_block(body, body_line, start, stop) for _, start, stop in parsed]
    formats = [_format(block, meta["format"]) for block in blocks]
    bodies = map(_body, blocks, formats)
    entries = tuple(
        Entry(
            anchor=anchor,
            time=moment,
            label=h.label,
            title=h.title,
            body=entry_body,
            line=h.line,
            precision=precision,
            body_format=body_format,
            embeds=embeds,
        )
        for (h, _, _), (entry_body, embeds), body_format, (moment, precision), anchor in zip(
            parsed, bodies, formats, moments, anchors, strict=True
        )
    )
    event = Event(
        slug=meta["slug"],
        title=meta["title"],
        date=meta["date"] or entries[0].time.date(),
        timezone=meta["timezone"],
        entries=entries,
        path=path,
        line=1,
        summary=meta["summary"],
        tags=meta["tags"],
        source=meta["source"],
        draft=meta["draft"],
        intro=_block(body, body_line, body_line, intro_end),
        speaker_fixes=meta["speakers"],
        language=meta["language"],
    )
    return event, tuple(problems.warnings)
