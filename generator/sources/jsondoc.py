"""JSON sources: one reader for every JSON shape, driven by declared field mappings.

Live blogs arrive as JSON in many shapes (tlgen's own export, TimelineJS, schema.org
``LiveBlogPosting`` JSON-LD, publisher article models, research corpora). Each shape is a
*mapping*: a plain dict, declarable in YAML, that says how to recognise the shape and where
an event's fields and its entries are. The shipped mappings are in ``json_presets.py``; a
site adds its own under ``json_mappings:`` in ``site.yml``, and those are tried first.

The mapping language (every key optional unless marked)::

    json_mappings:
      my-feed:
        description: "Acme live feed"        # shown when a document matches no shape
        match:                                # required: when does this mapping apply
          roots: ["", "*", "@graph.*"]        # where the event object may sit (default "")
          keys: [feed.items]                  # paths that must exist in that object
          equals: {feed.kind: live}           # a path's value (or a value in a list there)
        event:                                # FIELDs, relative to the event object
          title: feed.name                    #  (title falls back to the file's name)
          summary: feed.intro
          url: feed.link
          publisher: {value: Acme}            #  (falls back to site.yml's publisher)
          captured: feed.fetched
          timezone: feed.tz                   #  (falls back to site.yml's timezone)
          date: feed.day                      #  (falls back to the first entry's date)
          slug: feed.id                       #  (falls back to the file's name)
          source_path: feed.file              #  (falls back to the file read)
          language: feed.lang                 #  (a BCP 47 tag; else the site's)
          tags: feed.keywords                 #  (a list's items, or text split at commas)
          intro: feed.lede_html               #  (HTML, sanitised; shown above the updates)
        entries: feed.items                   # required (or zip): a list gives its items,
                                              #  an object is one entry; a list of paths
                                              #  is read in that order
        zip: {text: document, time: timeline} # or: parallel lists read as records
        unique: id                            # later entries repeating this value are dropped
        entry:                                # FIELDs, relative to one entry record
          time: {path: published, format: epoch_s}   # required: a TIME
          label: shown_time                   # the time as printed (else HH:MM)
          title: heading
          anchor: id                          # keep these anchors instead of deriving them
          body: {path: content, format: markdown}    # a BODY
          text: plain                         # ... and for records tlgen already enriched:
          line: line                          #   source line, links, hashtags, mentions,
          links: links                        #   embeds [{handle, text, url, hashtags}],
          embeds: embeds                      #   statements [{speaker, speaker_slug,
          statements: statements              #   quote, kind}]
        enriched: false                       # true: records are tlgen's own finished ones

A PATH is dotted keys and list indexes (``blocks.0.id``, ``-1`` is the last item); ``*``
is every item of a list or every value of an object, ``*[KEY=VALUE]`` only those that are
objects whose KEY is VALUE (``tags.*[type=Keyword].title``); ``""`` is the record itself;
in an entry FIELD a leading ``$.`` starts from the event object instead. Keys (and such
values) holding a ``.`` cannot be addressed.

A FIELD is a PATH, a list of PATHs (the first that gives a non-empty value wins) or
``{path, value, pattern, transforms, lookup}``: ``value`` is a constant used when no path
gives one; ``pattern`` a regular expression searched in the text, whose first group (or
whole match) is kept; ``lookup: {keys: PATH, values: PATH}`` finds the value in the list
``keys`` and takes the item at the same index of ``values``. ``transforms`` run in order:
``strip``, ``squash`` (collapse white space), ``unescape`` (HTML entities), ``strip_html``
(markup to plain text), ``fix_mojibake`` (UTF-8 read as Latin-1, repaired only when the
bytes decode cleanly), ``{join: SEP}`` (a list to text) and ``{cut: SEP}`` (keep what comes
before SEP, e.g. " | Section | Publisher"). Event fields, labels, titles and anchors are
stripped of surrounding white space; bodies and texts are taken as they are.

A TIME is a FIELD plus ``format``: ``iso`` (ISO 8601, the default; a bare date gives a
day-precision entry), ``epoch_ms``, ``epoch_s``, ``ymdhm`` (a ``[Y, M, D, h, m(, s)]``
list), ``fields`` (an object ``{year, month, day, hour, minute, second}`` as TimelineJS
writes it; no hour gives a day-precision entry) or ``clock`` (a printed ``19.30 GMT`` or
``6.15pm``, dated by the FIELD ``date`` or the event's date); ``zone`` names the zone of
times that carry no offset (default: the event's). A time keeps the offset its source wrote
(``+01:00`` stays ``+01:00``, ``Z`` stays UTC); a time the source gives without one (epoch,
a list, a declared ``zone``) is shown in the event's timezone, so its anchor is the
wall-clock time readers of the page saw.

A BODY is a FIELD plus ``format`` (``html``, ``text``, ``markdown`` or ``auto``: HTML for
an entry whose text holds markup, text for the others; default ``text``), ``parts`` and
``extra``. A list of strings is joined by blank lines unless a ``join``
transform says otherwise. ``parts`` turns a list of typed elements into HTML: ``kind`` is
the PATH of the key naming an element's kind (its last ``.``-separated word counts), and
each kind (``"*"`` for the rest) gets a PART: ``{html: PATH}`` (sanitised HTML),
``{tweet: PATH, url: PATH}`` (a Twitter blockquote read into an embed record and shown as a
static blockquote), ``{link: TEMPLATE, text: TEMPLATE}`` (a plain link: nothing from a
third party is embedded), ``{text: TEMPLATE}`` or ``{skip: true}``. ``extra`` lists PARTs
read from the entry itself and appended (TimelineJS media). A TEMPLATE fills ``{path}``
(or ``{path|other.path}``) from the element. Every HTML body passes the site's one
allowlist (``generator.sanitize``, nh3): allowlisted tags and attributes, only http,
https, mailto and relative URLs, no images, frames or scripts.

``detect`` answers "is this JSON" (the first bytes open an object or an array), not "is it
a shape I know": recognising a shape needs the whole document parsed and the site's own
mappings, which only ``read`` has. So ``read`` is where an unknown shape becomes an error
that names the file, lists the known shapes and says how to declare one. Entries are read
in source order, each with the line where its record opens (line 1 in a minified file);
``read_with_warnings`` also says when a document gives all its entries one time.
"""

from __future__ import annotations

import html as htmllib
import json
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, tzinfo
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import PurePosixPath
from typing import Any

from generator.config import Config, language_tag, nearest
from generator.dates import DateError, is_zone, parse_date, parse_time, resolve_zone
from generator.errors import Collector, Location, Problem, TlgenError
from generator.htmltext import html_to_text
from generator.ids import assign_anchors, is_slug, slugify
from generator.markup import is_safe_url
from generator.model import (
    AUTO,
    DAY,
    HTML,
    MARKDOWN,
    MINUTE,
    TEXT,
    Embed,
    Entry,
    Event,
    Source,
    Statement,
)
from generator.sanitize import clean_html, sanitize_html
from generator.sources.common import tag_names, title_from_stem, without_unfit
from generator.sources.html_cut import article_body
from generator.sources.json_presets import PRESETS

NAME = "json"
EXTENSIONS = (".json", ".jsonld", ".json-ld")

PRESETS_FILE = "generator/sources/json_presets.py"
HOW_TO_DECLARE = (
    "declare the shape under 'json_mappings:' in site.yml: a name, then 'match:' (keys the "
    "document has), 'entries:' (the path of the list of updates) and 'entry: {time: ...}'; "
    "the language is described in generator/sources/jsondoc.py"
)

# ---------------------------------------------------------------------------------------
# The mapping language: keys, formats, transforms.

_TOP_KEYS = ("description", "match", "event", "entries", "zip", "unique", "entry", "enriched")
_MATCH_KEYS = ("roots", "keys", "equals")
_EVENT_KEYS = (
    "title",
    "summary",
    "url",
    "publisher",
    "captured",
    "timezone",
    "date",
    "slug",
    "source_path",
    "language",
    "tags",
    "intro",
)
_ENTRY_TEXT_KEYS = ("label", "title", "anchor", "text", "line")
_ENTRY_LIST_KEYS = ("links", "hashtags", "mentions", "embeds", "statements")
_ENTRY_KEYS = ("time", "body", *_ENTRY_TEXT_KEYS, *_ENTRY_LIST_KEYS)
_FIELD_KEYS = ("path", "value", "pattern", "transforms", "lookup")
_TIME_KEYS = (*_FIELD_KEYS, "format", "zone", "date")
_BODY_KEYS = (*_FIELD_KEYS, "format", "parts", "extra")
_PART_KEYS = ("html", "tweet", "url", "link", "text", "skip")
TIME_FORMATS = ("iso", "epoch_ms", "epoch_s", "ymdhm", "fields", "clock")
BODY_FORMATS = {"html": HTML, "text": TEXT, "markdown": MARKDOWN, "auto": AUTO}
TRANSFORMS = ("strip", "squash", "unescape", "strip_html", "fix_mojibake", "join", "cut")
_ARG_TRANSFORMS = ("join", "cut")

_INDEX = re.compile(r"^-?\d+$")
_WHERE = re.compile(r"\*\[([^=\[\]]+)=([^\[\]]*)\]")  # *[KEY=VALUE]
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_ANCHOR = re.compile(r"^[A-Za-z][A-Za-z0-9_.:-]*$")
_DAY_ANCHOR = re.compile(r"^t-\d{4}-\d{2}-\d{2}(?:-\d{1,3})?$")


@dataclass(frozen=True, slots=True)
class _Path:
    """A parsed PATH; ``steps`` are matched as keys, list indexes or ``*`` when resolved."""

    text: str
    steps: tuple[str, ...]
    from_root: bool = False


@dataclass(frozen=True, slots=True)
class _Field:
    paths: tuple[_Path, ...] = ()
    value: Any = None
    pattern: re.Pattern[str] | None = None
    transforms: tuple[tuple[str, str], ...] = ()
    lookup: tuple[_Path, _Path] | None = None


@dataclass(frozen=True, slots=True)
class _Time:
    field: _Field
    format: str = "iso"
    zone: str = ""
    date: _Field | None = None


@dataclass(frozen=True, slots=True)
class _Part:
    kind: str  # html | tweet | link | text | skip
    source: _Path | None = None
    url_path: _Path | None = None
    template: str = ""
    text: str = ""


@dataclass(frozen=True, slots=True)
class _Body:
    field: _Field
    format: str = TEXT
    kind_key: _Path | None = None
    parts: tuple[tuple[str, _Part], ...] = ()
    extra: tuple[_Part, ...] = ()


@dataclass(frozen=True, slots=True)
class Mapping:
    """A validated mapping: what ``validate_mapping`` returns and ``read`` applies."""

    name: str
    description: str
    roots: tuple[_Path, ...]
    keys: tuple[_Path, ...]
    equals: tuple[tuple[_Path, tuple[Any, ...]], ...]
    event: dict[str, _Field]
    entries: tuple[_Path, ...]
    zip: tuple[tuple[str, _Path], ...]
    unique: _Path | None
    time: _Time
    fields: dict[str, _Field]
    body: _Body | None
    enriched: bool = False


class _Checker:
    """Collects every problem of one mapping, each named by its dotted key."""

    def __init__(self, name: str, where: Location) -> None:
        self.name = name
        self.where = where
        self.problems = Collector()

    def error(self, key: str, message: str, hint: str = "") -> None:
        where = f"json_mappings.{self.name}" + (f".{key}" if key else "")
        self.problems.error(f"{where}: {message}", self.where, hint)

    def keys(self, key: str, spec: dict[str, Any], allowed: tuple[str, ...]) -> None:
        for k in spec:
            if k not in allowed:
                self.error(f"{key}.{k}" if key else str(k), "unknown key", nearest(str(k), allowed))

    def path(self, key: str, text: Any, allow_root: bool = False) -> _Path | None:
        if isinstance(text, int) and not isinstance(text, bool):
            text = str(text)
        if not isinstance(text, str):
            self.error(key, "a path must be text such as 'blocks.0.id'")
            return None
        from_root = False
        body = text.strip()
        if body == "$" or body.startswith("$."):
            if not allow_root:
                self.error(key, f"'$.' paths only work inside 'entry:' ({text!r})")
                return None
            from_root, body = True, body[2:]
        steps = tuple(body.split(".")) if body else ()
        if any(not s for s in steps):
            self.error(
                key, f"path {text!r} has an empty step", "write keys separated by single dots"
            )
            return None
        for step in steps:
            if step.startswith("*") and step != "*" and not _WHERE.fullmatch(step):
                self.error(
                    key,
                    f"path {text!r}: {step!r} is neither '*' nor '*[KEY=VALUE]'",
                    "e.g. tags.*[type=Keyword].title",
                )
                return None
        return _Path(text, steps, from_root)

    def paths(self, key: str, value: Any, allow_root: bool = False) -> tuple[_Path, ...]:
        items = value if isinstance(value, list) else [value]
        out = [self.path(key, item, allow_root) for item in items]
        return tuple(p for p in out if p is not None)

    def field(
        self, key: str, spec: Any, allowed: tuple[str, ...] = _FIELD_KEYS, allow_root: bool = False
    ) -> _Field | None:
        if spec is None:
            return None
        if isinstance(spec, str | int | list) and not isinstance(spec, bool):
            return _Field(paths=self.paths(key, spec, allow_root))
        if not isinstance(spec, dict):
            self.error(key, "expected a path, a list of paths or a mapping with 'path:'")
            return None
        self.keys(key, spec, allowed)
        if "path" not in spec and "value" not in spec:
            self.error(key, "give 'path:' (where the value is) or 'value:' (a constant)")
        paths = self.paths(f"{key}.path", spec["path"], allow_root) if "path" in spec else ()
        value = spec.get("value")
        if value is not None and not isinstance(value, str | int | float | bool):
            self.error(f"{key}.value", "a constant must be text or a number")
            value = None
        pattern = None
        if "pattern" in spec:
            try:
                pattern = re.compile(str(spec["pattern"]))
            except re.error as exc:
                self.error(f"{key}.pattern", f"not a regular expression: {exc}")
        transforms = self.transforms(f"{key}.transforms", spec.get("transforms", []))
        lookup = None
        if "lookup" in spec:
            lk = spec["lookup"]
            if not isinstance(lk, dict) or set(lk) != {"keys", "values"}:
                self.error(f"{key}.lookup", "expected {keys: PATH, values: PATH}")
            else:
                keys_path = self.path(f"{key}.lookup.keys", lk["keys"], allow_root)
                values_path = self.path(f"{key}.lookup.values", lk["values"], allow_root)
                if keys_path and values_path:
                    lookup = (keys_path, values_path)
        return _Field(paths, value, pattern, transforms, lookup)

    def transforms(self, key: str, spec: Any) -> tuple[tuple[str, str], ...]:
        if not isinstance(spec, list):
            self.error(key, "transforms are a list, e.g. [unescape, strip]")
            return ()
        out: list[tuple[str, str]] = []
        for item in spec:
            if isinstance(item, str) and item in TRANSFORMS and item not in _ARG_TRANSFORMS:
                out.append((item, ""))
            elif isinstance(item, dict) and len(item) == 1:
                ((name, arg),) = item.items()
                if name in _ARG_TRANSFORMS and isinstance(arg, str):
                    out.append((name, arg))
                else:
                    self.error(
                        key, f"unknown transform {item!r}", "e.g. {join: ' '} or {cut: ' | '}"
                    )
            else:
                hint = nearest(str(item), TRANSFORMS, "transforms")
                self.error(key, f"unknown transform {item!r}", hint)
        return tuple(out)

    def time(self, key: str, spec: Any) -> _Time | None:
        base = self.field(key, spec, _TIME_KEYS, allow_root=True)
        if base is None:
            return None
        extra = spec if isinstance(spec, dict) else {}
        fmt = str(extra.get("format", "iso"))
        if fmt not in TIME_FORMATS:
            self.error(
                f"{key}.format",
                f"unknown time format {fmt!r}",
                nearest(fmt, TIME_FORMATS, "time formats"),
            )
        zone = str(extra.get("zone", "") or "")
        if zone and not is_zone(zone):
            self.error(f"{key}.zone", f"unknown timezone {zone!r}", "e.g. UTC, GMT, Europe/London")
        day = self.field(f"{key}.date", extra.get("date"), allow_root=True)
        return _Time(base, fmt, zone, day)

    def part(self, key: str, spec: Any) -> _Part | None:
        if not isinstance(spec, dict):
            self.error(key, "a part is a mapping such as {html: html} or {link: '{url}'}")
            return None
        self.keys(key, spec, _PART_KEYS)
        if "html" in spec:
            return _Part("html", source=self.path(f"{key}.html", spec["html"]))
        if "tweet" in spec:
            url = self.path(f"{key}.url", spec["url"]) if "url" in spec else None
            return _Part("tweet", source=self.path(f"{key}.tweet", spec["tweet"]), url_path=url)
        if "link" in spec:
            link = self.template(f"{key}.link", spec["link"])
            return _Part(
                "link", template=link, text=self.template(f"{key}.text", spec.get("text", ""))
            )
        if "text" in spec:
            return _Part("text", template=self.template(f"{key}.text", spec["text"]))
        if spec.get("skip") is True:
            return _Part("skip")
        self.error(key, "a part needs one of html, tweet, link, text or skip")
        return None

    def template(self, key: str, spec: Any) -> str:
        if not isinstance(spec, str):
            self.error(key, "a template is text such as '{media.url}'")
            return ""
        for m in _PLACEHOLDER.finditer(spec):
            for alternative in m.group(1).split("|"):
                self.path(key, alternative.strip())
        return spec

    def body(self, key: str, spec: Any) -> _Body | None:
        base = self.field(key, spec, _BODY_KEYS, allow_root=True)
        if base is None:
            return None
        extra = spec if isinstance(spec, dict) else {}
        fmt = str(extra.get("format", "text"))
        if fmt not in BODY_FORMATS:
            self.error(
                f"{key}.format",
                f"unknown body format {fmt!r}",
                nearest(fmt, tuple(BODY_FORMATS), "body formats"),
            )
            fmt = "text"
        kind_key = None
        parts: list[tuple[str, _Part]] = []
        if "parts" in extra:
            spec_parts = extra["parts"]
            if not isinstance(spec_parts, dict) or "kind" not in spec_parts:
                self.error(f"{key}.parts", "expected {kind: PATH, <kind>: PART, '*': PART}")
            else:
                kind_key = self.path(f"{key}.parts.kind", spec_parts["kind"])
                for kind, part_spec in spec_parts.items():
                    if kind != "kind" and (part := self.part(f"{key}.parts.{kind}", part_spec)):
                        parts.append((str(kind), part))
        extras: list[_Part] = []
        if "extra" in extra:
            if not isinstance(extra["extra"], list):
                self.error(f"{key}.extra", "expected a list of parts")
            else:
                for i, item in enumerate(extra["extra"]):
                    if part := self.part(f"{key}.extra.{i}", item):
                        extras.append(part)
        if (parts or extras) and fmt != "html":
            self.error(f"{key}.format", "parts and extra build HTML: write 'format: html'")
        return _Body(base, BODY_FORMATS[fmt], kind_key, tuple(parts), tuple(extras))


_SITE_YML = Location("site.yml")


def validate_mapping(name: str, spec: dict[str, Any], where: Location = _SITE_YML) -> Mapping:
    """Check one declared mapping and compile it; every problem is reported at once, at
    ``where`` (site.yml's ``json_mappings:`` line)."""
    check = _Checker(name, where)
    if not isinstance(spec, dict):
        check.error("", "a mapping must be a dictionary with match:, entries: and entry:")
        check.problems.raise_if_errors()
    check.keys("", spec, _TOP_KEYS)

    match = spec.get("match")
    roots: tuple[_Path, ...] = (_Path("", ()),)
    keys: tuple[_Path, ...] = ()
    equals: list[tuple[_Path, tuple[Any, ...]]] = []
    if not isinstance(match, dict) or not (match.get("keys") or match.get("equals")):
        check.error("match", "required: 'keys:' and/or 'equals:' that recognise this shape")
    if isinstance(match, dict):
        check.keys("match", match, _MATCH_KEYS)
        if "roots" in match:
            roots = check.paths("match.roots", match["roots"])
        keys = check.paths("match.keys", match.get("keys") or [])
        eq = match.get("equals") or {}
        if not isinstance(eq, dict):
            check.error("match.equals", "expected {PATH: value}")
        else:
            for k, v in eq.items():
                if p := check.path(f"match.equals.{k}", k):
                    equals.append((p, tuple(v) if isinstance(v, list) else (v,)))

    event_spec = spec.get("event") or {}
    event: dict[str, _Field] = {}
    if not isinstance(event_spec, dict):
        check.error("event", "expected a mapping of event fields")
    else:
        check.keys("event", event_spec, _EVENT_KEYS)
        for k in _EVENT_KEYS:
            if (f := check.field(f"event.{k}", event_spec.get(k))) is not None:
                event[k] = f

    entries: tuple[_Path, ...] = ()
    zipped: list[tuple[str, _Path]] = []
    if ("entries" in spec) == ("zip" in spec):
        check.error("entries", "give exactly one of 'entries:' (a path) or 'zip:' (parallel lists)")
    elif "entries" in spec:
        entries = check.paths("entries", spec["entries"])
        if not entries and spec["entries"] == []:
            check.error("entries", "give at least one path, e.g. entries: items")
    elif not isinstance(spec["zip"], dict) or not spec["zip"]:
        check.error("zip", "expected {name: PATH, ...}, e.g. {text: document, time: timeline}")
    else:
        for k, v in spec["zip"].items():
            if p := check.path(f"zip.{k}", v):
                zipped.append((str(k), p))
    unique = check.path("unique", spec["unique"]) if "unique" in spec else None

    entry_spec = spec.get("entry")
    fields: dict[str, _Field] = {}
    time_spec: _Time | None = None
    body: _Body | None = None
    if not isinstance(entry_spec, dict) or "time" not in entry_spec:
        check.error(
            "entry", "required: 'entry:' with at least 'time:' (where each entry's time is)"
        )
    else:
        check.keys("entry", entry_spec, _ENTRY_KEYS)
        time_spec = check.time("entry.time", entry_spec["time"])
        body = check.body("entry.body", entry_spec.get("body"))
        for k in (*_ENTRY_TEXT_KEYS, *_ENTRY_LIST_KEYS):
            f = check.field(f"entry.{k}", entry_spec.get(k), allow_root=True)
            if f is not None:
                fields[k] = f
    enriched = spec.get("enriched", False)
    if not isinstance(enriched, bool):
        check.error("enriched", "must be true or false")
    description = spec.get("description", "")
    if not isinstance(description, str):
        check.error("description", "must be text")
    check.problems.raise_if_errors()
    assert time_spec is not None
    return Mapping(
        name=name,
        description=str(description),
        roots=roots,
        keys=keys,
        equals=tuple(equals),
        event=event,
        entries=entries,
        zip=tuple(zipped),
        unique=unique,
        time=time_spec,
        fields=fields,
        body=body,
        enriched=bool(enriched),
    )


@lru_cache(maxsize=1)
def preset_mappings() -> tuple[Mapping, ...]:
    """The shipped shapes, compiled once; a broken preset is a bug, reported as such."""
    return tuple(validate_mapping(n, s, Location(PRESETS_FILE)) for n, s in PRESETS.items())


# ---------------------------------------------------------------------------------------
# Resolving paths and fields.

Where = tuple[str | int, ...]


def _resolve(node: Any, steps: tuple[str, ...], at: Where = ()) -> list[tuple[Where, Any]]:
    """Every (concrete path, value) a path reaches; wildcards expand in document order."""
    found: list[tuple[Where, Any]] = [(at, node)]
    for step in steps:
        nxt: list[tuple[Where, Any]] = []
        for where, value in found:
            if step == "*":
                if isinstance(value, list):
                    nxt.extend(((*where, i), item) for i, item in enumerate(value))
                elif isinstance(value, dict):
                    nxt.extend(((*where, k), item) for k, item in value.items())
            elif step.startswith("*["):  # *[KEY=VALUE], checked by ``_Checker.path``
                key, _, wanted = step[2:-1].partition("=")
                items: Iterable[tuple[Any, Any]] = ()
                if isinstance(value, list):
                    items = enumerate(value)
                elif isinstance(value, dict):
                    items = value.items()
                nxt.extend(
                    ((*where, k), item)
                    for k, item in items
                    if isinstance(item, dict) and _text(item.get(key)) == wanted
                )
            elif isinstance(value, dict):
                if step in value:
                    nxt.append(((*where, step), value[step]))
            elif isinstance(value, list) and _INDEX.match(step):
                i = int(step)
                if -len(value) <= i < len(value):
                    i %= len(value)
                    nxt.append(((*where, i), value[i]))
        found = nxt
        if not found:
            break
    return found


def _at(path: _Path, node: Any, root: Any) -> list[tuple[Where, Any]]:
    return _resolve(root if path.from_root else node, path.steps)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


_HIGH_RUN = re.compile(r"[\u0080-\u00ff]{2,}")


def _fix_mojibake(text: str) -> str:
    """UTF-8 read as Latin-1 (``â\x80\x93`` for an en dash), repaired run by run: only
    the byte sequences that decode as UTF-8 change; a lone ``é`` or ``£`` (real Latin-1)
    and sequences too damaged to decode stay as they are."""

    def repair(m: re.Match[str]) -> str:
        decoded = m.group().encode("latin-1").decode("utf-8", "surrogateescape")
        return "".join(chr(ord(c) - 0xDC00) if "\udc80" <= c <= "\udcff" else c for c in decoded)

    return _HIGH_RUN.sub(repair, text)


def _transform(name: str, arg: str, value: Any) -> Any:
    if name == "join":
        if isinstance(value, list):
            return arg.join(_text(v) for v in value if not _empty(v))
        return value
    if isinstance(value, list):
        return [_transform(name, arg, v) for v in value]
    if not isinstance(value, str):
        return value
    if name == "strip":
        return value.strip()
    if name == "squash":
        return " ".join(value.split())
    if name == "unescape":
        return htmllib.unescape(value)
    if name == "strip_html":  # sanitised first: the standard parser chokes on some markup
        return html_to_text(clean_html(value))[0]
    if name == "fix_mojibake":
        return _fix_mojibake(value)
    if name == "cut":
        return value.split(arg, 1)[0]
    raise AssertionError(name)  # validated names only


def _refine(spec: _Field, value: Any, root: Any) -> Any:
    """Lookup, pattern and transforms applied to one resolved value."""
    if spec.lookup is not None:
        keys = [v for _, v in _at(spec.lookup[0], root, root)]
        values = [v for _, v in _at(spec.lookup[1], root, root)]
        keys = keys[0] if len(keys) == 1 and isinstance(keys[0], list) else keys
        values = values[0] if len(values) == 1 and isinstance(values[0], list) else values
        try:
            value = values[keys.index(value)]
        except (ValueError, IndexError):
            return None
    if spec.pattern is not None:
        if not isinstance(value, str):
            return None
        m = spec.pattern.search(value)
        if not m:
            return None
        value = m.group(1) if m.groups() else m.group(0)
    for name, arg in spec.transforms:
        value = _transform(name, arg, value)
    return value


def _first(spec: _Field | None, node: Any, root: Any) -> tuple[Any, Where]:
    """The first non-empty value a FIELD gives, and where it was; (None, ()) for none."""
    if spec is None:
        return None, ()
    for path in spec.paths:
        for where, value in _at(path, node, root):
            value = _refine(spec, value, root)
            if not _empty(value):
                return value, where
    return spec.value, ()


def _all(spec: _Field | None, node: Any, root: Any) -> list[Any]:
    """Every value a list FIELD gives (lists are flattened one level)."""
    if spec is None:
        return []
    out: list[Any] = []
    for path in spec.paths:
        for _, value in _at(path, node, root):
            value = _refine(spec, value, root)
            if isinstance(value, list):
                out.extend(v for v in value if not _empty(v))
            elif not _empty(value):
                out.append(value)
    return out


def _text(value: Any) -> str:
    if value is None or isinstance(value, dict):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return " ".join(_text(v) for v in value if not _empty(v))
    return str(value)


def _fill(template: str, node: Any) -> str:
    """``{path}`` placeholders filled from ``node``; ``{a|b}`` takes the first non-empty."""

    def one(m: re.Match[str]) -> str:
        for alternative in m.group(1).split("|"):
            steps = tuple(s for s in alternative.strip().split(".") if s)
            for _, value in _resolve(node, steps):
                if not _empty(value) and not isinstance(value, dict | list):
                    return _text(value)
        return ""

    return " ".join(_PLACEHOLDER.sub(one, template).split())


# ---------------------------------------------------------------------------------------
# Line numbers: where each value starts in the text, from one scan of its tokens.

_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[{}\[\],:]')


def value_offsets(text: str) -> dict[Where, int]:
    """Offset just before every value (object member or list item) of a JSON text, by
    concrete path. A regular-expression pass over strings and punctuation: exact, and far
    cheaper than a second, position-keeping parse."""
    offsets: dict[Where, int] = {(): 0}
    path: list[str | int] = []
    kinds: list[str] = []
    expect_key = False
    for m in _TOKEN.finditer(text):
        tok = m.group()
        c = tok[0]
        if c == '"':
            if expect_key:
                path[-1] = json.loads(tok) if "\\" in tok else tok[1:-1]
                expect_key = False
        elif c == ":":
            offsets[tuple(path)] = m.end()
        elif c == "{":
            kinds.append(c)
            path.append("")
            expect_key = True
        elif c == "[":
            kinds.append(c)
            path.append(0)
            offsets[tuple(path)] = m.end()
        elif c == ",":
            if kinds and kinds[-1] == "[":
                path[-1] = int(path[-1]) + 1
                offsets[tuple(path)] = m.end()
            else:
                expect_key = True
        elif kinds:  # } or ]
            kinds.pop()
            path.pop()
            expect_key = False
    return offsets


class _Lines:
    """1-based line of a value by its concrete path; single-line files are all line 1."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.multiline = text.count("\n", 0, len(text) - 1) > 0
        self._offsets: dict[Where, int] | None = None
        self._breaks: list[int] = []

    def line(self, where: Where) -> int:
        if not self.multiline:
            return 1
        if self._offsets is None:
            self._offsets = value_offsets(self.text)
            self._breaks = [m.start() for m in re.finditer("\n", self.text)]
        offset = self._offsets.get(where)
        if offset is None:
            return 1
        while offset < len(self.text) and self.text[offset] in " \t\r\n":
            offset += 1
        return bisect_right(self._breaks, offset - 1) + 1


# ---------------------------------------------------------------------------------------
# HTML: sanitising, tweets, parts.


class _TweetParser(HTMLParser):
    """Twitter's embed blockquote: the post's paragraph, then '— Name (@handle) date'."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[tuple[str, str]] = []  # (text|hashtag|br, text)
        self.after: list[str] = []
        self.date_links: list[tuple[str, str]] = []
        self.state = "before"  # before, in, after
        self.anchor: list[str] | None = None
        self.href = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "p" and self.state == "before":
            self.state = "in"
        elif tag == "br" and self.state == "in":
            self.pieces.append(("br", "\n"))
        elif tag == "a":
            self.anchor, self.href = [], dict(attrs).get("href") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "p" and self.state == "in":
            self.state = "after"
        elif tag == "a" and self.anchor is not None:
            text = "".join(self.anchor)
            if self.state == "in":
                self.pieces.append(("hashtag" if re.match(r"^#\w", text) else "text", text))
            elif self.state == "after":
                self.date_links.append((text, self.href))
            self.anchor = None

    def handle_data(self, data: str) -> None:
        if self.anchor is not None:
            self.anchor.append(data)
        elif self.state == "in":
            self.pieces.append(("text", data))
        elif self.state == "after":
            self.after.append(data)


def _tweet(markup: str, url: str) -> tuple[Embed, str]:
    """An embed record and its static blockquote; nothing is loaded from Twitter. The
    publisher's markup is sanitised before it is read, so only well-formed HTML is parsed."""
    markup = clean_html(markup)
    parser = _TweetParser()
    parser.feed(markup)
    parser.close()
    if parser.state == "before":  # no paragraph: keep whatever text there is
        parser.pieces = [("text", html_to_text(markup)[0])]
    after = " ".join("".join(parser.after).split())
    handle = ""
    if m := re.search(r"\(@(\w{1,50})\)", after):
        handle = m.group(1)
    date_text, date_href = parser.date_links[-1] if parser.date_links else ("", "")
    url = url or date_href.split("?", 1)[0]
    if not handle and (m := re.search(r"(?:twitter|x)\.com/(\w{1,50})/status", url)):
        handle = m.group(1)
    name = after.lstrip("—-– ").split("(@", 1)[0].strip()
    text = " ".join("".join(t for _, t in parser.pieces).split())
    hashtags = tuple(dict.fromkeys(t[1:] for kind, t in parser.pieces if kind == "hashtag"))
    esc = htmllib.escape
    words = []
    for kind, piece in parser.pieces:
        if kind == "br":
            words.append("<br>")
        elif kind == "hashtag":
            words.append(f'<span class="hashtag">{esc(piece, quote=False)}</span>')
        else:
            words.append(esc(piece, quote=False))
    footer = f"— {esc(name, quote=False)} " if name else ""
    if handle:
        footer += f'<cite class="handle">@{esc(handle, quote=False)}</cite>'
    if url and is_safe_url(url):
        link_text = esc(" ".join(date_text.split()) or url, quote=False)
        footer += f' <a href="{esc(url)}" rel="nofollow noopener">{link_text}</a>'
    block = (
        f'<blockquote class="embed embed-social"><p>{"".join(words).strip()}</p>'
        f"<footer>{footer.strip()}</footer></blockquote>"
    )
    return Embed(handle=handle, text=text, url=url, hashtags=hashtags), block


def _value(node: Any, path: _Path | None) -> str:
    """The text at a path of an element, or ``""``."""
    found = _resolve(node, path.steps) if path is not None else []
    return _text(found[0][1]) if found else ""


def _render_part(part: _Part, node: Any, embeds: list[Embed]) -> str:
    """One element as safe HTML (empty when it holds nothing to show)."""
    esc = htmllib.escape
    if part.kind == "html":
        value = _value(node, part.source)
        return sanitize_html(value).strip() if value.strip() else ""
    if part.kind == "tweet":
        markup, url = _value(node, part.source), _value(node, part.url_path)
        if not markup and not url:
            return ""
        embed, block = _tweet(markup, url)
        embeds.append(embed)
        return block
    if part.kind == "link":
        url = _fill(part.template, node)
        text = _fill(part.text, node) if part.text else ""
        if url and is_safe_url(url):
            label = esc(text or url, quote=False)
            return f'<p><a href="{esc(url)}" rel="nofollow noopener">{label}</a></p>'
        return f"<p>{esc(text, quote=False)}</p>" if text else ""
    if part.kind == "text":
        text = _fill(part.template, node)
        return f"<p>{esc(text, quote=False)}</p>" if text else ""
    return ""


def _kind_of(body: _Body, element: Any) -> _Part | None:
    parts = dict(body.parts)
    kind = ""
    if body.kind_key is not None and (found := _resolve(element, body.kind_key.steps)):
        kind = _text(found[0][1]).rsplit(".", 1)[-1]
    return parts.get(kind) or parts.get("*")


# ---------------------------------------------------------------------------------------
# Times.


def _number(value: Any) -> float:
    if isinstance(value, bool):
        raise DateError(f"{value!r} is not a number")
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str) and re.fullmatch(r"-?\d+(?:\.\d+)?", value.strip()):
        return float(value)
    raise DateError(f"{value!r} is not a number")


def _int(value: Any, what: str) -> int:
    number = _number(value)
    if number != int(number):
        raise DateError(f"{what} {value!r} is not a whole number")
    return int(number)


def _as_date(value: Any) -> date:
    text = _text(value).strip()
    try:
        if _DATE_ONLY.match(text):
            return date.fromisoformat(text)
        if re.match(r"^\d{4}-\d{2}-\d{2}[T ]", text):
            return datetime.fromisoformat(text).date()
    except ValueError as exc:
        raise DateError(f"impossible date {text!r}: {exc}") from None
    return parse_date(text)


def _moment(parts: list[int], zone: tzinfo) -> datetime:
    """``[Y, M, D(, h, m, s)]`` as an aware datetime; impossible values raise ValueError."""
    year, month, day, hour, minute, second = (*parts, 0, 0, 0)[:6]
    return datetime(year, month, day, hour, minute, second, tzinfo=zone)


def _read_time(
    spec: _Time, record: Any, root: Any, tz: tzinfo, event_day: date | None
) -> tuple[datetime, str]:
    """(aware time, precision) of one entry; DateError says what is wrong."""
    raw, _ = _first(spec.field, record, root)
    where = " or ".join(repr(p.text) for p in spec.field.paths) or "the record"
    if _empty(raw):
        raise DateError(f"no time at {where}")
    declared = resolve_zone(spec.zone) if spec.zone else None
    zone = declared or tz

    def shown(moment: datetime) -> datetime:
        return moment.astimezone(tz) if declared is not None else moment

    try:
        if spec.format == "iso":
            text = _text(raw).strip()
            if _DATE_ONLY.match(text):
                return datetime.combine(date.fromisoformat(text), time(0), zone), DAY
            try:
                moment = datetime.fromisoformat(text)
            except ValueError:
                raise DateError(f"{text!r} is not an ISO 8601 time") from None
            if moment.tzinfo is None:
                return shown(moment.replace(tzinfo=zone)), MINUTE
            return moment, MINUTE
        if spec.format in ("epoch_ms", "epoch_s"):
            seconds = _number(raw) / (1000 if spec.format == "epoch_ms" else 1)
            return datetime.fromtimestamp(seconds, UTC).astimezone(tz), MINUTE
        if spec.format == "ymdhm":
            if not isinstance(raw, list) or not 3 <= len(raw) <= 6:
                raise DateError(f"{raw!r} is not a [year, month, day, hour, minute] list")
            parts = [_int(v, "time part") for v in raw]
            return shown(_moment(parts, zone)), DAY if len(parts) == 3 else MINUTE
        if spec.format == "fields":
            if not isinstance(raw, dict):
                raise DateError(f"{raw!r} is not an object with year, month, day")
            missing = [k for k in ("year", "month", "day") if _empty(raw.get(k))]
            if missing:
                raise DateError(f"the date has no {', '.join(missing)}: tlgen needs a day")
            ymd = [_int(raw[k], k) for k in ("year", "month", "day")]
            if _empty(raw.get("hour")):
                return _moment(ymd, zone), DAY
            hms = [_int(raw.get(k) or 0, k) for k in ("hour", "minute", "second")]
            micro = _int(raw.get("millisecond") or 0, "millisecond") * 1000
            return shown(_moment([*ymd, *hms], zone).replace(microsecond=micro)), MINUTE
        # clock: a printed time such as "19.30 GMT" on the entry's (or event's) date
        words = _text(raw).split()
        printed = words[-1] if len(words) > 1 and is_zone(words[-1]) else ""
        clock = parse_time(" ".join(words[:-1] if printed else words))
        day_value, _ = _first(spec.date, record, root)
        day = _as_date(day_value) if not _empty(day_value) else event_day
        if day is None:
            raise DateError(f"the time {raw!r} has no date: map 'date:' for the event or entry")
        if printed:
            return datetime.combine(day, clock, resolve_zone(printed)), MINUTE
        return shown(datetime.combine(day, clock, zone)), MINUTE
    except (ValueError, OverflowError, OSError, TypeError) as exc:
        if isinstance(exc, DateError):
            raise
        raise DateError(f"impossible time {raw!r}: {exc}") from None


# ---------------------------------------------------------------------------------------
# The reader.


def detect(path: str, text: str) -> bool:
    """JSON by its first bytes: an object opening with a key (or closing), or an array
    opening with a value. ``[Putin](#)`` Markdown is not an array."""
    head = text[:4096].lstrip("\ufeff \t\r\n")
    if not head or head[0] not in "{[":
        return False
    rest = head[1:].lstrip(" \t\r\n")
    if not rest:
        return path.lower().endswith(EXTENSIONS)
    if head[0] == "{":
        return rest[0] in '"}'
    return rest[0] in '{["]-0123456789' or rest.startswith(("true", "false", "null"))


_SURROGATE_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")
# An escape of a character no page may hold (``decode`` replaces the raw ones): controls
# but tab, newline, form feed and return; noncharacters
_CONTROL_ESCAPE = re.compile(
    r"\\u(?:00(?:0[0-8bBeEfF]|1[0-9a-fA-F]|7[fF]|[89][0-9a-fA-F])|[fF][dD][dDeE][0-9a-fA-F]"
    r"|[fF]{3}[eEfF])"
)


def _replace_surrogates(data: Any) -> tuple[Any, bool]:
    """``data`` with every lone surrogate (a ``"\\ud800"`` escape that is half of no pair)
    replaced by U+FFFD, and whether there was one: no page or file can hold one."""
    found = False

    def fix(value: str) -> str:
        nonlocal found
        if _SURROGATE.search(value):
            found = True
            return _SURROGATE.sub("\ufffd", value)
        return value

    holder: list[Any] = [data]
    stack: list[list[Any] | dict[str, Any]] = [holder]
    while stack:  # iterative: documents nest as deep as json.loads allows
        node = stack.pop()
        if isinstance(node, dict):
            if any(_SURROGATE.search(k) for k in node):
                pairs = [(fix(k), v) for k, v in node.items()]
                node.clear()
                node.update(pairs)
            for key, value in node.items():
                if isinstance(value, str):
                    node[key] = fix(value)
                elif isinstance(value, list | dict):
                    stack.append(value)
        else:
            for i, value in enumerate(node):
                if isinstance(value, str):
                    node[i] = fix(value)
                elif isinstance(value, list | dict):
                    stack.append(value)
    return holder[0], found


def _first_lone_escape(text: str) -> int:
    """Where the first surrogate escape that is half of no pair starts (0 if none is)."""
    previous_high_end = -1
    matches = list(_SURROGATE_ESCAPE.finditer(text))
    for i, m in enumerate(matches):
        code = int(m.group()[-4:], 16)
        start = m.end() - 6
        if code < 0xDC00:  # a high half: paired if a low half follows at once
            nxt = matches[i + 1] if i + 1 < len(matches) else None
            if nxt is None or nxt.end() - 6 != m.end() or int(nxt.group()[-4:], 16) < 0xDC00:
                return start
            previous_high_end = m.end()
        elif start != previous_high_end:  # a low half not right after a high one
            return start
    return 0


def _parse_with_warnings(path: str, text: str) -> tuple[Any, tuple[Problem, ...]]:
    """The document, and a warning if it held lone surrogates (read as U+FFFD, as
    undecodable bytes in a capture are)."""
    data = _parse(path, text)
    if not _SURROGATE_ESCAPE.search(text):
        return data, ()
    data, found = _replace_surrogates(data)
    if not found:
        return data, ()
    at = _first_lone_escape(text)
    return data, (
        Problem(
            "lone surrogate escape (half of a UTF-16 pair) read as U+FFFD",
            Location(path, text.count("\n", 0, at) + 1),
            "the capture is kept as it is; the pages show a replacement character",
            severity="warning",
        ),
    )


def _parse(path: str, text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise TlgenError(
            [
                Problem(
                    f"invalid JSON: {exc.msg}",
                    Location(path, exc.lineno, exc.colno),
                    "fix the JSON syntax (a missing comma or quote, or a trailing comma, is "
                    "the usual cause); a file holds exactly one JSON document",
                )
            ]
        ) from None
    except RecursionError:
        raise TlgenError(
            [
                Problem(
                    "JSON nested too deeply to read",
                    Location(path, 1),
                    "this is no live blog tlgen can read: take it out of the sources",
                )
            ]
        ) from None


def _matches(mapping: Mapping, node: Any) -> bool:
    for path in mapping.keys:
        if not any(v is not None for _, v in _resolve(node, path.steps)):
            return False
    for path, accepted in mapping.equals:
        values = [v for _, v in _resolve(node, path.steps)]
        if not any(
            (not isinstance(v, list | dict) and v in accepted)
            or (
                isinstance(v, list)
                and any(x in accepted for x in v if not isinstance(x, dict | list))
            )
            for v in values
        ):
            return False
    return True


def find_shape(data: Any, mappings: Iterable[Mapping]) -> tuple[Mapping, Where, Any] | None:
    """The first mapping that recognises the document, with its event object."""
    for mapping in mappings:
        for root_path in mapping.roots:
            for where, node in _resolve(data, root_path.steps):
                if isinstance(node, dict) and _matches(mapping, node):
                    return mapping, where, node
    return None


def _user_mappings(config: Config) -> list[Mapping]:
    declared = config.json_mappings or {}
    if not isinstance(declared, dict):
        raise TlgenError(
            [
                Problem(
                    "'json_mappings' must map names to mappings",
                    config.loc("json_mappings"),
                    "e.g. json_mappings: {acme: {match: ..., entries: ..., entry: ...}}",
                )
            ]
        )
    problems: list[Problem] = []
    out: list[Mapping] = []
    for name, spec in declared.items():
        try:
            out.append(validate_mapping(str(name), spec, config.loc("json_mappings")))
        except TlgenError as exc:
            problems.extend(exc.problems)
    if problems:
        raise TlgenError(problems)
    return out


def known_shapes(config: Config | None = None) -> str:
    """One line per shape, the site's own first: what an unrecognised document is told."""
    user = list((config.json_mappings or {}) if config else {})
    shapes = [f"{name} (site.yml)" for name in user]
    shapes += [f"{m.name} ({m.description})" for m in preset_mappings()]
    return "; ".join(shapes)


def read(path: str, text: str, config: Config) -> Event:
    """Parse, recognise the shape and read one event; every problem is located."""
    return read_with_warnings(path, text, config)[0]


# A sidecar's source url is the address a body's links resolve against where the document
# names none
TAKES_ADDRESS = True


def read_with_warnings(
    path: str, text: str, config: Config, address: str = ""
) -> tuple[Event, tuple[Problem, ...]]:
    """``read``, with what the build should be told about the document. ``address``: a
    sidecar's ``source: {url: ...}``, for a document that names none."""
    data, warnings = _parse_with_warnings(path, text)
    shape = find_shape(data, [*_user_mappings(config), *preset_mappings()])
    if shape is None:
        raise TlgenError(
            [
                Problem(
                    "no JSON shape recognises this document; known shapes: " + known_shapes(config),
                    Location(path, 1),
                    HOW_TO_DECLARE,
                )
            ]
        )
    mapping, root_at, root = shape
    event, found = _build(mapping, root_at, root, path, _Lines(text), config, address)
    warnings = (*warnings, *found)
    if (escape := _CONTROL_ESCAPE.search(text)) and (cleaned := without_unfit(event)) is not event:
        # after the mapping, which repairs mojibake made of such characters ("\u0080")
        event = cleaned
        warnings = (
            *warnings,
            Problem(
                f"control character escape {escape[0]} read as U+FFFD",
                Location(path, text.count("\n", 0, escape.start()) + 1),
                "the capture is kept as it is; a page may not hold such characters",
                severity="warning",
            ),
        )
    return event, (*warnings, *_warnings(event))


def _warnings(event: Event) -> tuple[Problem, ...]:
    """A document whose entries all carry one time (the Guardian's JSON-LD gives every
    update the page's own datePublished) is read as it is, but said to be thin. Dated
    entries (a day's digest, read back from tlgen's export) are no such thing."""
    timed = [e.time for e in event.entries if e.precision != DAY]
    times = set(timed)
    if len(timed) > 1 and len(times) == 1:
        return (
            Problem(
                f"all {len(timed)} entries carry one time ({times.pop().isoformat()}): "
                "this document does not hold the time of each update",
                Location(event.path, event.line),
                "their anchors are told apart by -2, -3, ...; a capture with each "
                "update's time (the page itself) is the better source",
                severity="warning",
            ),
        )
    return ()


@dataclass
class _Draft:
    """An entry being read: everything but its anchor."""

    line: int
    time: datetime
    precision: str
    label: str
    title: str
    body: str
    anchor: str = ""
    fields: dict[str, Any] = field(default_factory=dict)
    format: str = TEXT  # the body's
    unresolved: int = 0  # its relative links, kept as words for want of the event's address


def _records(
    mapping: Mapping, root: Any, root_at: Where, lines: _Lines, path: str, problems: Collector
) -> list[tuple[int, Any]]:
    """(line, record) of every entry in source order, repeats dropped."""
    found: list[tuple[Where, Any]] = []
    if mapping.zip:
        columns: list[tuple[str, Where, list[Any]]] = []
        for name, p in mapping.zip:
            hits = _resolve(root, p.steps)
            if not hits or not isinstance(hits[0][1], list):
                problems.error(
                    f"no list at {p.text!r} to read as '{name}'",
                    Location(path, 1),
                    "check the mapping's zip: paths against the document",
                )
                return []
            columns.append((name, hits[0][0], hits[0][1]))
        sizes = {len(col) for _, _, col in columns}
        if len(sizes) > 1:
            counts = ", ".join(
                f"{p.text!r} has {len(col)}"
                for (_, p), (_, _, col) in zip(mapping.zip, columns, strict=True)
            )
            problems.error(
                f"the parallel lists differ in length: {counts}",
                Location(path, lines.line((*root_at, *columns[0][1]))),
                "each position of the lists must describe the same entry",
            )
            return []
        first = columns[0][1]
        for i in range(sizes.pop() if sizes else 0):
            found.append(((*first, i), {name: col[i] for name, _, col in columns}))
    else:
        for p in mapping.entries:
            for where, value in _resolve(root, p.steps):
                if isinstance(value, list):
                    found.extend(((*where, i), item) for i, item in enumerate(value))
                elif value is not None:
                    found.append((where, value))
    seen: set[str] = set()
    out: list[tuple[int, Any]] = []
    for where, record in found:
        if mapping.unique is not None:
            key_hits = _resolve(record, mapping.unique.steps)
            if key_hits and not _empty(key_hits[0][1]):
                key = json.dumps(key_hits[0][1], sort_keys=True)
                if key in seen:
                    continue
                seen.add(key)
        out.append((lines.line((*root_at, *where)), record))
    return out


def _embeds(values: list[Any]) -> tuple[Embed, ...]:
    out = []
    for v in values:
        if not isinstance(v, dict):
            raise ValueError("an embed is an object with handle, text, url and hashtags")
        tags = v.get("hashtags") or []
        out.append(
            Embed(
                handle=_text(v.get("handle")),
                text=_text(v.get("text")),
                url=_text(v.get("url")),
                hashtags=tuple(_text(t) for t in tags) if isinstance(tags, list) else (),
                kind=_text(v.get("kind")) or "social",
            )
        )
    return tuple(out)


def _statements(values: list[Any]) -> tuple[Statement, ...]:
    out = []
    for v in values:
        if not isinstance(v, dict):
            raise ValueError("a statement is an object with speaker, speaker_slug and quote")
        slug = _text(v.get("speaker_slug"))
        if not is_slug(slug):  # it names the speaker's page: /speakers/<slug>/
            raise ValueError(f"statement speaker_slug {slug!r} is not a URL-safe name")
        out.append(
            Statement(
                speaker=_text(v.get("speaker")),
                speaker_slug=slug,
                quote=_text(v.get("quote")),
                kind=_text(v.get("kind")) or "direct",
            )
        )
    return tuple(out)


def _body(
    spec: _Body | None, record: Any, root: Any, base: str = ""
) -> tuple[str, str, list[Embed], str, int]:
    """(body, its format, embeds, problem, links kept as words): HTML bodies come out
    sanitised. ``base``: the event's address, which the links of a body read with
    ``auto`` are relative to; without it, such links are kept as their words."""
    if spec is None:
        return "", TEXT, [], "", 0
    embeds: list[Embed] = []
    value, _ = _first(spec.field, record, root)
    chunks: list[str] = []
    if spec.parts:
        elements = value if isinstance(value, list) else [] if _empty(value) else [value]
        for element in elements:
            part = _kind_of(spec, element)
            if part is not None and (rendered := _render_part(part, element, embeds)):
                chunks.append(rendered)
    elif isinstance(value, list):
        text = "\n\n".join(_text(v) for v in value if not _empty(v))
        chunks.append(sanitize_html(text) if spec.format == HTML else text)
    elif isinstance(value, dict):
        where = " or ".join(repr(p.text) for p in spec.field.paths)
        return "", TEXT, [], f"the body at {where} is an object, not text: declare its 'parts'", 0
    elif not _empty(value):
        text = _text(value)
        chunks.append(sanitize_html(text) if spec.format == HTML else text)
    for part in spec.extra:
        if rendered := _render_part(part, record, embeds):
            chunks.append(rendered)
    if spec.parts or spec.extra:
        # a body that sanitising left empty adds no line: the body is what is shown
        return "\n".join(c for c in chunks if c.strip()), HTML, embeds, "", 0
    text = chunks[0] if chunks else ""
    if spec.format == AUTO:
        if (found := article_body(text, base)) is None:
            return text, TEXT, embeds, "", 0
        return found[0], HTML, [*embeds, *found[1]], "", found[2]
    return text, spec.format, embeds, "", 0


def _event_fields(mapping: Mapping, root: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in _EVENT_KEYS:
        if key != "tags":
            value, _ = _first(mapping.event.get(key), root, root)
            text = None if value is None else _text(value)
            out[key] = text if text is None or key == "intro" else text.strip()
    out["tags"] = _tags(mapping.event.get("tags"), root)
    return out


def _tags(spec: _Field | None, root: Any) -> tuple[str, ...]:
    """A list's items as they are, text split at commas (JSON-LD's ``keywords`` is either),
    as a native event's front matter reads them; each once, in order."""
    if spec is None:
        return ()
    values = [_refine(spec, v, root) for path in spec.paths for _, v in _at(path, root, root)]
    found: list[str] = []
    for value in values if any(not _empty(v) for v in values) else [spec.value]:
        if isinstance(value, list):
            found += (_text(v) for v in value if not isinstance(v, dict | list))
        elif isinstance(value, str | int | float):
            found += _text(value).split(",")
    return tag_names(found)


class _Unusable(Exception):
    """An entry that cannot be read: its message and what to do, located by the caller."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


def _draft(
    mapping: Mapping,
    record: Any,
    root: Any,
    tz: tzinfo,
    event_day: date | None,
    line: int,
    base: str = "",
) -> _Draft:
    """One entry's fields; ``_Unusable`` when its time or its lists cannot be read."""
    try:
        moment, precision = _read_time(mapping.time, record, root, tz, event_day)
    except DateError as exc:
        raise _Unusable(
            f"entry without a usable time: {exc}",
            f"every entry needs a time ({mapping.name} reads entry.time as "
            f"{mapping.time.format}); fix the record or the mapping",
        ) from None
    body, body_format, embeds, trouble, unresolved = _body(mapping.body, record, root, base)
    if trouble:
        raise _Unusable(trouble)
    texts = {k: _first(mapping.fields.get(k), record, root)[0] for k in _ENTRY_TEXT_KEYS}
    if isinstance(texts["line"], int) and not isinstance(texts["line"], bool) and texts["line"] > 0:
        line = texts["line"]  # records that name their own source line (tlgen's export)
    label = _text(texts["label"]).strip()
    if not label:
        label = moment.date().isoformat() if precision == DAY else f"{moment:%H:%M}"
    anchor = _text(texts["anchor"]).strip()
    if "anchor" in mapping.fields:
        if not _ANCHOR.match(anchor):
            raise _Unusable(
                f"entry anchor {anchor!r} is missing or not a usable id",
                "anchors look like t-2016-03-14-1916",
            )
        if _DAY_ANCHOR.match(anchor):
            precision = DAY
    fields: dict[str, Any] = {"embeds": tuple(embeds)}
    for key in ("links", "hashtags", "mentions"):
        if key in mapping.fields:
            values = _all(mapping.fields[key], record, root)
            if not all(isinstance(v, str) for v in values):
                raise _Unusable(f"entry {key} must be a list of text")
            fields[key] = tuple(values)
    try:
        if "embeds" in mapping.fields:
            fields["embeds"] = (*embeds, *_embeds(_all(mapping.fields["embeds"], record, root)))
        if "statements" in mapping.fields:
            fields["statements"] = _statements(_all(mapping.fields["statements"], record, root))
    except ValueError as exc:
        raise _Unusable(f"entry: {exc}") from None
    if "text" in mapping.fields:
        fields["text"] = _text(texts["text"])
    title = _text(texts["title"]).strip()
    return _Draft(
        line, moment, precision, label, title, body, anchor, fields, body_format, unresolved
    )


def _build(
    mapping: Mapping,
    root_at: Where,
    root: Any,
    path: str,
    lines: _Lines,
    config: Config,
    address: str = "",
) -> tuple[Event, tuple[Problem, ...]]:
    """The event a recognised document holds, with its warnings; every unusable entry is
    reported at once. ``address``: where the document's links resolve if it names none."""
    problems = Collector()
    top = Location(path, lines.line(root_at))
    ev = _event_fields(mapping, root)
    zone_label = ev["timezone"] or config.timezone
    try:
        tz = resolve_zone(zone_label)
    except DateError as exc:
        raise TlgenError([Problem(str(exc), top, "correct the timezone in the source")]) from None
    event_day: date | None = None
    if ev["date"]:
        try:
            event_day = _as_date(ev["date"])
        except DateError as exc:
            problems.error(f"event date: {exc}", top, "correct the date in the source")

    url = ev["url"] if isinstance(ev["url"], str) else ""
    if not url.startswith(("https://", "http://")):
        url = address
    base = url if url.startswith(("https://", "http://")) else ""  # for the links of bodies
    drafts: list[_Draft] = []
    for line, record in _records(mapping, root, root_at, lines, path, problems):
        try:
            drafts.append(_draft(mapping, record, root, tz, event_day, line, base))
        except _Unusable as exc:
            problems.error(str(exc), Location(path, line), exc.hint)
    if not drafts and not problems.errors:
        where = [p.text for p in mapping.entries] or [p.text for _, p in mapping.zip]
        problems.error(
            f"no entries: the {mapping.name} shape found no timestamped updates at "
            + " and ".join(repr(w) for w in where),
            top,
            "a document needs at least one entry with a time",
        )
    if unresolved := [d for d in drafts if d.unresolved]:
        count = sum(d.unresolved for d in unresolved)
        problems.warn(
            ("a link is" if count == 1 else f"{count} links are")
            + " relative and the document names no address of its own (no url): kept as words",
            Location(path, unresolved[0].line),
            "give the original page's address in a sidecar (source: {url: https://...})",
        )
    if "anchor" in mapping.fields:
        first_use: dict[str, int] = {}
        for d in drafts:
            if d.anchor in first_use:
                problems.error(
                    f"anchor {d.anchor!r} is used twice (first on line {first_use[d.anchor]})",
                    Location(path, d.line),
                    "each entry needs its own anchor",
                )
            first_use.setdefault(d.anchor, d.line)
        anchors = [d.anchor for d in drafts]
    else:
        anchors = assign_anchors((d.time, d.precision) for d in drafts)
    slug = ev["slug"] or slugify(PurePosixPath(path).stem)
    if not is_slug(slug):
        problems.error(f"slug {slug!r} is not a URL-safe name", top, f"e.g. {slugify(slug)!r}")
    problems.raise_if_errors()

    title = ev["title"] or title_from_stem(PurePosixPath(path).stem)
    entries = tuple(
        Entry(
            anchor=anchor,
            time=d.time,
            label=d.label,
            body=d.body,
            line=d.line,
            # JSON-LD repeats the blog's headline; tlgen's own export holds only real titles
            title=d.title if mapping.enriched or d.title != title else "",
            precision=d.precision,
            body_format=d.format,
            html=d.body if mapping.enriched and d.format == HTML else "",
            **d.fields,
        )
        for d, anchor in zip(drafts, anchors, strict=True)
    )
    publisher = ev["publisher"]
    if publisher is None and not mapping.enriched:
        publisher = config.publisher
    event = Event(
        slug=slug,
        title=title,
        date=event_day or min(e.time for e in entries).date(),
        timezone=zone_label,
        entries=entries,
        path=path,
        line=top.line or 1,
        summary=ev["summary"] or "",
        tags=ev["tags"],
        language=language_tag(ev["language"] or ""),
        intro_html=sanitize_html(ev["intro"]) if ev["intro"] and ev["intro"].strip() else "",
        source=Source(
            url=ev["url"] or "",
            publisher=publisher or "",
            captured=ev["captured"] or "",
            path=ev["source_path"] if ev["source_path"] is not None else path,
        ),
    )
    return event, tuple(problems.warnings)
