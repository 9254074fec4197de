"""``site.yml``: loaded with line marks, validated against one schema, every problem at once.

The schema below is the single list of what ``site.yml`` accepts; the README's table is
written from it, and unknown keys are answered with the nearest valid one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from generator.dates import DateError, resolve_zone
from generator.errors import EXIT_USAGE, Collector, Location, Problem, TlgenError
from generator.yamlload import YamlDoc, load_yaml

ORDERS = ("newest-first", "oldest-first")

# What ``disable:`` can leave out, each with what it removes (the README's list mirrors
# this). Event pages and the home page are always made: they are the archive.
KINDS: dict[str, str] = {
    "speakers": "the speakers' pages and feeds, and the links to them",
    "timeline": "the timeline's pages by month",
    "tags": "the tags' pages, and the links to them",
    "feeds": "every Atom feed: the archive's, each event's and each speaker's",
    "exports": "each event's JSON, archive.jsonl and statements.csv",
    "other_order": "each event's second page, in the order other than entry_order",
    "sitemap": "sitemap.xml (made only when base_url is absolute) and its robots.txt line",
}


@dataclass(frozen=True, slots=True)
class Config:
    """The validated settings of one site; paths are absolute, resolved against ``root``."""

    root: Path
    path: str = "site.yml"
    title: str = "News archive"
    description: str = ""
    base_url: str = "/"
    language: str = "en"
    timezone: str = "UTC"
    theme: str = "default"
    output: str = "public"
    content: str = "content"
    seeds: str = "seeds"
    templates: str = "templates"
    entry_order: str = "newest-first"
    publisher: str = ""
    relative_links: bool = False
    search: bool = True
    disable: tuple[str, ...] = ()
    json_mappings: dict[str, Any] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)  # old path -> new path or URL
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def base_path(self) -> str:
        """The URL path every page lives under: ``/`` or ``/archive/``."""
        return _base_path(self.base_url)

    @property
    def site_url(self) -> str:
        """The absolute origin and path, or ``""`` when ``base_url`` is a bare path."""
        parts = urlsplit(self.base_url)
        if parts.scheme and parts.netloc:
            return f"{parts.scheme}://{_ascii_host(parts.netloc)}{self.base_path}"
        return ""

    def makes(self, kind: str) -> bool:
        """Whether the build makes this kind of output (see ``KINDS``)."""
        return kind not in self.disable

    @property
    def lists_updates(self) -> bool:
        """Whether a page lists updates of many events (speakers, timeline, tags)."""
        return self.makes("speakers") or self.makes("timeline") or self.makes("tags")

    @property
    def statements(self) -> bool:
        """Whether anything made shows statements: otherwise they are not extracted."""
        return self.makes("speakers") or self.makes("exports")

    def dir(self, name: str) -> Path:
        return (self.root / getattr(self, name)).resolve()

    def loc(self, key: str) -> Location:
        """Where ``key`` is set in site.yml, for errors found by later stages."""
        return Location(self.path, self.lines.get(key, 0))


# What a URL path may hold as it is (RFC 3986's pchar and "/"; "%" keeps escapes written)
_PATH_SAFE = "/%:@!$&'()*+,;=~"


@lru_cache(maxsize=16)
def _base_path(base_url: str) -> str:
    """Asked for by every link of every page: worth remembering. Percent-encoded where
    it holds other characters ("/ärchiv/" is "/%C3%A4rchiv/"), as a browser asks for it:
    the sitemap and robots.txt need URLs, and a server compares what it is sent."""
    path = quote(urlsplit(base_url).path or "/", safe=_PATH_SAFE)
    return path if path.endswith("/") else path + "/"


def _ascii_host(netloc: str) -> str:
    """An internationalised host name in its ASCII form (IDNA: "bücher.example" is
    "xn--bcher-kva.example"), as URLs in sitemaps and feeds must give it."""
    if netloc.isascii():
        return netloc
    try:
        return netloc.encode("idna").decode("ascii")
    except UnicodeError:
        return netloc  # not a name IDNA can write; kept as given


# key -> (python type, one-line description); the README table mirrors this.
SCHEMA: dict[str, tuple[type, str]] = {
    "title": (str, "the archive's name, shown on every page"),
    "description": (str, "one sentence under the title on the home page"),
    "base_url": (str, "where the site will live, e.g. https://example.org/archive/"),
    "language": (str, "the BCP 47 language of the pages, e.g. en, de"),
    "timezone": (str, "default zone for events that name none (IANA name or GMT, CET, ...)"),
    "theme": (str, "a folder under themes/ (in the site, then in tlgen)"),
    "output": (str, "the folder the site is written to"),
    "content": (str, "the folder holding events/ and speakers.yml"),
    "seeds": (str, "the folder of raw captured documents"),
    "templates": (str, "the site's own templates, which win over the theme's"),
    "entry_order": (str, "newest-first or oldest-first"),
    "publisher": (str, "default publisher for events that name none"),
    "relative_links": (bool, "write links relative to each page, so file:// works"),
    "search": (bool, "build the static full-text search index (Pagefind)"),
    "disable": (list, "kinds of output not to make: " + ", ".join(KINDS)),
    "json_mappings": (dict, "field mappings for JSON shapes tlgen does not know yet"),
    "redirects": (dict, "old URL paths sent on to where their pages are now"),
}

_TYPE_NAMES = {
    str: "text",
    bool: "true or false",
    int: "a whole number",
    dict: "a mapping",
    list: "a list",
}


def _type_name(value: Any) -> str:
    """What a value of the wrong type is (an empty one never is: it means the default)."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "text"


# BCP 47, as pages and feeds write it: a language, then an optional script, region and
# variants (``de``, ``pt-BR``, ``zh-Hant-TW``, ``sr-Latn``); ``_`` is taken for ``-``.
_LANGUAGE_TAG = re.compile(
    r"[a-z]{2,3}(?:-[a-z]{4})?(?:-(?:[a-z]{2}|\d{3}))?(?:-(?:[a-z0-9]{5,8}|\d[a-z0-9]{3}))*",
    re.I | re.A,  # ASCII: "\u212a" (Kelvin) is no "k" here
)


def language_tag(value: str) -> str:
    """``value`` as a BCP 47 tag in its usual case (``en_gb`` is ``en-GB``); "" when it is
    none (a capture's ``lang="x-default"``, a typo)."""
    value = value.strip().replace("_", "-")
    if not _LANGUAGE_TAG.fullmatch(value):
        return ""
    parts = value.split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())  # a script
        elif len(part) == 2 or (len(part) == 3 and part.isdigit()):
            out.append(part.upper())  # a region
        else:
            out.append(part.lower())
    return "-".join(out)


def nearest(key: str, choices: list[str] | tuple[str, ...], kind: str = "keys") -> str:
    """A 'did you mean' hint, or a list of what is accepted (``kind``) when nothing is
    close."""
    import difflib  # for a mistake only: not imported by every build

    close = difflib.get_close_matches(key, choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean {close[0]!r}?"
    return f"accepted {kind}: " + ", ".join(choices)


def parse_config(text: str, root: Path, path: str = "site.yml", **overrides: Any) -> Config:
    """Validate ``text`` as a site.yml; ``overrides`` (from the command line) win."""
    doc = load_yaml(text, path)
    data = doc.data if doc.data is not None else {}
    problems = Collector()
    if not isinstance(data, dict):
        raise TlgenError(
            [
                Problem(
                    "site.yml must be a mapping of keys to values",
                    Location(path, 1),
                    "e.g. title: My archive",
                )
            ]
        )
    values: dict[str, Any] = {}
    for key, value in data.items():
        loc = doc.loc(key)
        if key not in SCHEMA:
            problems.error(f"unknown key {key!r}", loc, nearest(key, list(SCHEMA)))
            continue
        kind, _ = SCHEMA[key]
        if value is None:
            continue
        if kind is str and isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)  # "language: 1" is odd but harmless as text
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            problems.error(
                f"{key!r} must be {_TYPE_NAMES[kind]}, not {_type_name(value)}",
                loc,
                f"{key}: {SCHEMA[key][1]}",
            )
            continue
        values[key] = value
    values.update({k: v for k, v in overrides.items() if v is not None})

    def check(key: str, ok: bool, message: str, hint: str) -> None:
        if key in values and not ok:
            problems.error(message, doc.loc(key), hint)

    if "timezone" in values:
        try:
            resolve_zone(values["timezone"])
        except DateError as exc:
            problems.error(str(exc), doc.loc("timezone"), "e.g. timezone: Europe/London")
    if "language" in values:  # written into every page's lang, feed and JSON-LD
        tag = language_tag(str(values["language"]))
        check(
            "language",
            bool(tag),
            f"language {values['language']!r} is not a BCP 47 language tag",
            "e.g. language: en, de, pt-BR or sr-Latn",
        )
        values["language"] = tag or values["language"]
    if "entry_order" in values and values["entry_order"] not in ORDERS:  # its hint: then only
        problems.error(
            f"entry_order must be one of {', '.join(ORDERS)}",
            doc.loc("entry_order"),
            nearest(str(values["entry_order"]), ORDERS, "orders"),
        )
    base = str(values.get("base_url", "/"))
    parts = urlsplit(base)
    check(
        "base_url",
        (parts.scheme in ("http", "https") and bool(parts.netloc)) or base.startswith("/"),
        f"base_url {base!r} is neither an http(s) URL nor a path starting with '/'",
        "e.g. base_url: https://example.org/archive/ or base_url: /",
    )
    if "disable" in values:
        kinds = []
        for i, kind in enumerate(values["disable"]):
            if not isinstance(kind, str) or kind not in KINDS:
                problems.error(
                    f"'disable' has {kind!r}, which is not a kind of output",
                    doc.loc("disable", i),
                    nearest(str(kind), tuple(KINDS), "kinds"),
                )
            elif kind not in kinds:
                kinds.append(kind)
        values["disable"] = tuple(sorted(kinds))
    for key in ("output", "content", "seeds", "templates", "theme"):
        check(key, bool(str(values.get(key, "x")).strip()), f"{key!r} is empty", "give a folder")
    if "redirects" in values:
        values["redirects"] = _redirects(values["redirects"], doc, problems)
    problems.raise_if_errors()
    known = {f.name for f in fields(Config)}
    lines = {str(k[0]): line for k, line in doc.lines.items() if len(k) == 1}
    settings = {k: v for k, v in values.items() if k in known}
    return Config(root=root, path=path, lines=lines, **settings)


_REDIRECT_HINT = 'e.g. redirects: {"/events/old-slug/": "/events/new-slug/"}'


def _redirects(mapping: dict[Any, Any], doc: YamlDoc, problems: Collector) -> dict[str, str]:
    """Old paths under the site's base (``/events/old-slug/``), each sent on to a path of
    the site (``/events/new-slug/``, with an ``#anchor`` if need be) or to a URL."""
    found: dict[str, str] = {}
    for old, new in mapping.items():
        loc = doc.loc("redirects", old)
        if not isinstance(old, str) or not old.startswith("/") or "#" in old or "?" in old:
            problems.error(
                f"redirect from {old!r}: not a path of the site", loc, "write it as /old/path/"
            )
            continue
        segments = old.split("/")[1:]
        if any(s in (".", "..") for s in segments) or "" in segments[:-1]:
            problems.error(
                f"redirect from {old!r}: '.', '..' and '//' are not a page's path",
                loc,
                "write the path as the page's address has it, e.g. /events/old-slug/",
            )
            continue
        parts = urlsplit(new) if isinstance(new, str) else None
        if parts is None or not (
            new.startswith("/") or (parts.scheme in ("http", "https") and parts.netloc)
        ):
            problems.error(
                f"redirect from {old!r}: {new!r} is neither a path of the site nor an http(s) URL",
                loc,
                _REDIRECT_HINT,
            )
            continue
        if new.split("#")[0] in (old, old.rstrip("/"), old + "/"):
            problems.error(f"redirect from {old!r} leads to itself", loc, _REDIRECT_HINT)
            continue
        found[old] = new
    return found


def load_config(config_path: Path, **overrides: Any) -> Config:
    """Read and validate ``site.yml``; a missing file is a usage error."""
    try:
        raw = config_path.read_bytes()
    except FileNotFoundError:
        raise TlgenError(
            [
                Problem(
                    f"no configuration file at {config_path}",
                    hint="run tlgen in a site folder (one holding site.yml) or pass --config",
                )
            ],
            exit_code=EXIT_USAGE,
        ) from None
    except OSError as exc:
        raise TlgenError(
            [Problem(f"cannot read {config_path}: {exc.strerror}", hint="check it can be read")]
        ) from None
    name = config_path.name
    try:
        text = raw.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError as exc:
        raise TlgenError(
            [Problem(f"not UTF-8 (byte {exc.start})", Location(name), "save the file as UTF-8")]
        ) from None
    return parse_config(text, config_path.resolve().parent, name, **overrides)
