"""``tlgen check``: the built site keeps its promises before it is published.

Permanent links are the point of an archive, so the check reads the output folder the way a
reader and a crawler will: every internal link and ``#anchor`` must land somewhere (in pages,
feeds, the sitemap, robots.txt and the permalink columns of CSV exports), pages must parse as
HTML without errors, feeds, JSON exports and JSON-LD must parse, and ``anchors.lock`` (a list
of every page and permalink anchor ever published, committed with the site) fails the check
when one of them disappears. Captures under ``captures/`` are the archived bytes, not tlgen's
output: they count as link targets and are never checked themselves.

A published anchor is an element id the page links to from inside that element (the update's
permalink sits in its ``<article id>``); the skip link's ``#main`` is not one.

Two parsers, for two jobs: lxml (C, keeps source lines) collects ids and links in one fast
pass per page; html5lib (the HTML standard's parsing algorithm) is used only to report parse
errors, in worker processes on large sites because it is pure Python. XML is read with expat
and refused at the first DOCTYPE, so an entity bomb never expands. Nothing here writes to the
output folder; only the lock file is written, and only when it is new or ``--update-lock``
asks for it.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import datetime
from multiprocessing import get_context
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit
from xml.parsers import expat

import html5lib
import lxml.etree
from html5lib.constants import E as HTML5_MESSAGES

from generator.cache import Cache
from generator.errors import EXIT_USAGE, Location, Problem, TlgenError
from generator.ids import digest

LOCK_NAME = "anchors.lock"
LOCK_HEADER = (
    "# anchors.lock: every page and permanent anchor this site has published, written by\n"
    "# `tlgen check`. One URL path per line, relative to base_url, sorted. The check fails\n"
    "# when one of them is gone from the built site; `tlgen check --update-lock` records new\n"
    "# ones and accepts a deliberate removal. Commit this file with the site.\n"
)
ATOM = "http://www.w3.org/2005/Atom"
ATOM_ENTRY_NEEDS = ("id", "title", "updated", "link")

# (element, attribute) pairs whose value is one URL; srcset is handled on its own.
URL_ATTRS: dict[str, tuple[str, ...]] = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "script": ("src",),
    "img": ("src",),
    "iframe": ("src",),
    "form": ("action",),
    "source": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "blockquote": ("cite",),
    "q": ("cite",),
    "ins": ("cite",),
    "del": ("cite",),
}
CSV_LINK_COLUMNS = frozenset({"permalink", "url", "link"})
OPEN_GRAPH_URLS = frozenset({"og:url", "og:image", "og:audio", "og:video"})
# Above this much HTML, html5lib runs in worker processes: it parses ~3 MB/s per core.
PARALLEL_BYTES = 4_000_000
HTML5_CACHE_KIND = "check-html5"

# What html5lib reports as "invalid-codepoint": C0 and C1 controls, noncharacters.
BAD_CHARACTERS = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef"
    + "".join(chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(17))
    + "]"
)
HTML5_HINTS = {
    "invalid-codepoint": "control characters in text are mostly mojibake (UTF-8 read as "
    "Latin-1); fix the source's encoding and rebuild",
    "unexpected-end-tag": "remove the stray end tag, or add the start tag it closes",
    "end-tag-too-early": "an element opened inside is not closed before this end tag",
    "expected-closing-tag-but-got-eof": "an element is never closed; add its end tag",
    "eof-in-tag": "a tag is cut off at the end of the file",
    "duplicate-attribute": "an attribute is written twice on one tag; keep one",
    "expected-doctype-but-got-start-tag": "start the page with <!doctype html>",
    "expected-doctype-but-got-chars": "start the page with <!doctype html>",
}
HTML_SOURCE_HINT = "the markup comes from a template or an entry's HTML; fix it there and rebuild"


@dataclass
class CheckReport:
    """What ``check_site`` found and how much it looked at; the CLI prints it."""

    problems: list[Problem] = field(default_factory=list)
    pages: int = 0
    links: int = 0  # internal links resolved (in pages, feeds and sitemaps)
    anchors: int = 0  # of those, links whose #fragment was looked up in the target page
    feeds: int = 0
    data_files: int = 0  # .json, .jsonl and .csv files parsed
    locked: int = 0  # lock entries verified
    notes: list[str] = field(default_factory=list)  # what happened to the lock file
    seconds: float = 0.0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != "error"]

    @property
    def exit_code(self) -> int:
        return 1 if self.errors else 0

    def summary(self) -> str:
        """One line with the counts, e.g. for the end of ``tlgen check``'s output."""

        def n(count: int, word: str) -> str:
            return f"{count} {word}{'' if count == 1 else 's'}"

        looked = (
            f"checked {n(self.pages, 'page')}, {n(self.links, 'link')} "
            f"({self.anchors} to anchors), {n(self.feeds, 'feed')}, "
            f"{n(self.data_files, 'data file')}, {n(self.locked, 'locked URL')} "
            f"in {self.seconds:.2f} s"
        )
        errors, warnings = len(self.errors), len(self.warnings)
        if not errors and not warnings:
            return f"{looked}: no problems"
        return f"{looked}: {n(errors, 'error')}, {n(warnings, 'warning')}"


@dataclass(slots=True)
class _Link:
    line: int
    value: str
    self_anchor: str = ""  # the fragment, when the link sits inside the element it names


@dataclass(slots=True)
class _Page:
    rel: str
    ids: dict[str, int] = field(default_factory=dict)
    names: set[str] = field(default_factory=set)
    links: list[_Link] = field(default_factory=list)
    moved: str = ""  # where a page that moved sends its reader (its refresh's URL)

    def has_anchor(self, fragment: str) -> bool:
        return fragment in self.ids or fragment in self.names


@dataclass(slots=True)
class _Job:
    """html5lib's errors for one page: from the cache, a worker process, or this one."""

    rel: str
    path: str
    key: str = ""
    found: list[tuple[int, int, str, str]] | None = None
    future: Future | None = None


@dataclass(frozen=True, slots=True)
class _Target:
    rel: str | None  # the file in the output, None when there is none
    want: str  # what was looked for, for the message
    fragment: str


class _Resolver:
    """Maps a link, as written on a page, to a file of the output folder."""

    def __init__(self, files: set[str], base_path: str, site_url: str) -> None:
        self.files = files
        self.base = base_path if base_path.endswith("/") else base_path + "/"
        parts = urlsplit(site_url)
        self.host = parts.netloc.lower()
        origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else "http://tlgen.invalid"
        self.origin = origin
        self.memo: dict[tuple[str, str], _Target | str | None] = {}

    def url_of(self, rel: str) -> str:
        """The URL a file is served at; relative links resolve against it."""
        return self.origin + self.base + quote(rel)

    def locate(self, rel: str) -> str | None:
        """The output file a decoded path (relative to the base) is served from."""
        if rel == "" or rel.endswith("/"):
            index = rel + "index.html"
            return index if index in self.files else None
        if rel in self.files:
            return rel
        index = rel + "/index.html"
        return index if index in self.files else None

    def resolve(self, value: str, from_rel: str) -> _Target | str | None:
        """``None``: not ours to check; a string: why the link is wrong; else its target.

        Memoised: a site repeats the same links on many pages (navigation, permalinks).
        """
        if value.startswith("#"):
            return _Target(from_rel, from_rel, unquote(value[1:]))
        relative = not value.startswith("/") and ":" not in value.split("/", 1)[0]
        # A relative link means the same from every page of a folder ("?q" excepted).
        scope = from_rel if value.startswith("?") else from_rel.rpartition("/")[0] + "/"
        key = (value, scope if relative else "")
        if key not in self.memo:
            self.memo[key] = self._resolve(value, self.url_of(from_rel))
        return self.memo[key]

    def _resolve(self, value: str, from_url: str) -> _Target | str | None:
        parts = urlsplit(value)
        scheme = parts.scheme.lower()
        if scheme and scheme not in ("http", "https"):
            return None  # mailto:, tel:, data:, tag: ...: not a file of this site
        absolute = bool(scheme) or value.startswith("//")
        if absolute and (not self.host or parts.netloc.lower() != self.host):
            return None  # another origin: never fetched
        joined = urlsplit(urljoin(from_url, value))
        path = joined.path or "/"
        if not (path.startswith(self.base) or path == self.base[:-1]):
            if absolute:
                return None  # elsewhere on the same host: not part of this site
            if value.startswith("/"):
                return f'root-relative link "{value}" is outside the base path {self.base}'
            return f'link "{value}" leads above the base path {self.base}'
        rel = unquote(path[len(self.base) :])
        want = rel + "index.html" if rel == "" or rel.endswith("/") else rel
        return _Target(self.locate(rel), want, unquote(joined.fragment))


def _page_relative(value: str) -> bool:
    """``../x/`` or ``x.html``: resolved against the page, unlike ``/x``, ``#x`` or ``a:x``."""
    return not value.startswith(("/", "#", "?")) and ":" not in value.split("/", 1)[0]


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _page_path(rel: str) -> str:
    """The URL path (without the base) a page is published at: folders end in ``/``."""
    if rel == "index.html":
        return "/"
    if rel.endswith("/index.html"):
        return "/" + quote(rel[: -len("index.html")])
    return "/" + quote(rel)


def _html5_errors(path: str) -> list[tuple[int, int, str, str]]:
    """html5lib's parse errors of one page as (line, column, code, message).

    Module level so that worker processes can run it; the column is where the offending
    token ends, counted from 1.
    """
    text = Path(path).read_bytes().decode("utf-8", errors="replace")
    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("etree"))
    parser.parse(text)
    found = _bad_characters(text)
    for (line, col), code, data in parser.errors:
        if code == "invalid-codepoint":
            continue  # html5lib places these by buffer, not by character: see above
        template = HTML5_MESSAGES.get(code, code)
        try:
            message = template % data if data else template
        except (KeyError, TypeError, ValueError):
            message = template
        found.append((int(line), int(col), str(code), str(message)))
    return found


def _bad_characters(text: str) -> list[tuple[int, int, str, str]]:
    """Characters HTML forbids in a page (controls, noncharacters), the first one per line.

    In archived text they are nearly always mojibake: UTF-8 bytes read as Latin-1 leave C1
    controls behind (an ellipsis becomes "a-circumflex, U+0080, broken bar").
    """
    found = []
    for number, line in enumerate(text.split("\n"), 1):
        match = BAD_CHARACTERS.search(line)
        if match:
            count = len(BAD_CHARACTERS.findall(line))
            more = f" ({count} on this line)" if count > 1 else ""
            message = f"character U+{ord(match.group()):04X} is not allowed in HTML{more}"
            found.append((number, match.start() + 1, "invalid-codepoint", message))
    return found


def _output_files(out_dir: Path) -> list[str]:
    """Every file of the output as a sorted POSIX path relative to ``out_dir``."""
    found = []
    for folder, dirs, names in os.walk(out_dir):
        dirs.sort()
        base = Path(folder).relative_to(out_dir)
        for name in names:
            found.append((base / name).as_posix())
    return sorted(found)


def _ours(rel: str) -> bool:
    """Captures are published byte for byte, so only tlgen's own files are checked."""
    return not rel.startswith("captures/") and not rel.startswith(".")


def _decode(data: bytes, rel: str, problems: list[Problem]) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(
            Problem(
                f"not UTF-8 (byte {exc.start})",
                Location(rel, line),
                "tlgen writes UTF-8; was this file edited or copied in by hand?",
            )
        )
        return None


# <meta http-equiv="refresh" content="0; url=/events/new/">: a page that moved
_REFRESH = re.compile(r"\s*\d+\s*[;,]\s*url\s*=\s*(\S.*?)\s*$", re.I)


def _collect_page(rel: str, data: bytes, problems: list[Problem]) -> _Page:
    """One lxml pass: ids (duplicates are errors), links with their lines, JSON-LD blocks."""
    page = _Page(rel)
    parser = lxml.etree.HTMLParser(encoding="utf-8", huge_tree=True)
    root = lxml.etree.fromstring(data, parser) if data.strip() else None
    if root is None:
        problems.append(Problem("empty page", Location(rel), HTML_SOURCE_HINT))
        return page
    for el in root.iter():
        tag = el.tag
        if not isinstance(tag, str):
            continue  # comments and processing instructions
        line = el.sourceline or 0
        ident = el.get("id")
        if ident is not None:
            if ident in page.ids:
                problems.append(
                    Problem(
                        f'duplicate id "{ident}" (first at line {page.ids[ident]})',
                        Location(rel, line),
                        "an anchor must name one place: rename or remove one of them",
                    )
                )
            else:
                page.ids[ident] = line
        if tag == "a" and el.get("name"):
            page.names.add(el.get("name", ""))
        values = [el.get(attr) for attr in URL_ATTRS.get(tag, ())]
        if tag in ("img", "source") and el.get("srcset"):
            values += [c.strip().split(" ")[0] for c in el.get("srcset", "").split(",")]
        if tag == "meta" and el.get("property") in OPEN_GRAPH_URLS:
            values.append(el.get("content"))
        refresh = tag == "meta" and (el.get("http-equiv") or "").lower() == "refresh"
        if refresh and (m := _REFRESH.match(el.get("content") or "")):
            page.moved = m.group(1).strip("'\"")
            values.append(page.moved)
        for raw in values:
            value = (raw or "").strip(" \t\n\r\f")
            if not value:
                continue
            link = _Link(line, value)
            if "#" in value:
                fragment = unquote(value.split("#", 1)[1])
                if fragment and (
                    ident == fragment or any(a.get("id") == fragment for a in el.iterancestors())
                ):
                    link.self_anchor = fragment  # a permalink: it sits in what it names
            page.links.append(link)
        if tag == "script":
            kind = (el.get("type") or "").split(";")[0].strip().lower()
            if kind in ("application/ld+json", "application/json"):
                try:
                    json.loads(el.text or "")
                except json.JSONDecodeError as exc:
                    problems.append(
                        Problem(
                            f"{'JSON-LD' if kind.endswith('ld+json') else 'JSON data'} "
                            f"does not parse: {exc.msg}",
                            # the first line shares its columns with the <script> tag
                            Location(rel, line + exc.lineno - 1, exc.colno * (exc.lineno > 1)),
                            (
                                "search engines ignore structured data that does not parse"
                                if kind.endswith("ld+json")
                                else "the page's script falls back to English words"
                            )
                            + f"; check the template writing <script type={kind}>",
                        )
                    )
    return page


class _RefusedDoctype(Exception):
    """Raised from inside expat, before any entity is declared or expanded."""


@dataclass(slots=True)
class _Node:
    tag: str  # "{namespace}name" or "name"
    attrs: dict[str, str]
    line: int
    children: list[_Node] = field(default_factory=list)
    text: str = ""

    def find(self, tag: str) -> _Node | None:
        return next((c for c in self.children if c.tag == tag), None)


def _parse_xml(data: bytes) -> _Node:
    """A small tree with line numbers; a DOCTYPE or entity declaration is refused outright.

    Raises ``_RefusedDoctype`` or ``expat.ExpatError`` (with ``lineno``/``offset``).
    """
    parser = expat.ParserCreate(namespace_separator="}")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    stack: list[_Node] = []
    top: list[_Node] = []
    texts: list[list[str]] = []

    def refuse(*_args: object) -> None:
        raise _RefusedDoctype(parser.CurrentLineNumber)

    def start(name: str, attrs: dict[str, str]) -> None:
        tag = "{" + name if "}" in name else name
        node = _Node(tag, attrs, parser.CurrentLineNumber)
        (stack[-1].children if stack else top).append(node)
        stack.append(node)
        texts.append([])

    def end(_name: str) -> None:
        stack.pop().text = "".join(texts.pop()).strip()

    def data_(chunk: str) -> None:
        if texts:
            texts[-1].append(chunk)

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse  # type: ignore[assignment]
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = data_
    parser.Parse(data, True)
    return top[0]


def _rfc3339(text: str) -> bool:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return False
    return "T" in text.upper() and moment.tzinfo is not None


class _Checker:
    """One run of the check: the output's files, its pages and the problems found."""

    def __init__(self, out_dir: Path, base_path: str, site_url: str, cache: Cache | None) -> None:
        self.out = out_dir
        self.cache = cache
        self.files = _output_files(out_dir)
        self.resolver = _Resolver(set(self.files), base_path, site_url)
        self.report = CheckReport()
        self.problems = self.report.problems
        self.pages: dict[str, _Page] = {}
        self.published: set[str] = set()
        self.pool: ProcessPoolExecutor | None = None

    def run(self) -> None:
        html = [f for f in self.files if f.endswith((".html", ".htm")) and _ours(f)]
        if not html:
            raise TlgenError(
                [
                    Problem(
                        f"no built site in {self.out}: it holds no HTML pages",
                        hint="run tlgen build first, or pass the output folder with --out",
                    )
                ],
                exit_code=EXIT_USAGE,
            )
        try:
            self._run(html)
        finally:
            self._stop_pool()

    def _run(self, html: list[str]) -> None:
        jobs = self._start_html5(html)
        for rel in html:
            data = (self.out / rel).read_bytes()
            if _decode(data, rel, self.problems) is None:
                continue
            self.pages[rel] = _collect_page(rel, data, self.problems)
            self.published.add(_page_path(rel))
        self.report.pages = len(self.pages)
        for page in self.pages.values():
            self._check_links(page)
        for rel in self.files:
            if not _ours(rel):
                continue
            if rel.endswith(".xml"):
                self._check_xml(rel)
            elif rel.endswith((".json", ".jsonl")):
                self._check_json(rel)
            elif rel.endswith(".csv"):
                self._check_csv(rel)
            elif rel == "robots.txt":
                self._check_robots(rel)
        self._finish_html5(jobs)

    # -- HTML ---------------------------------------------------------------------------------

    def _start_html5(self, html: list[str]) -> list[_Job]:
        """Start html5lib on every page not in the cache: in worker processes on large sites.

        Workers are forked, and only on Linux from a process without threads: spawned ones
        would re-import the caller's ``__main__``, and forking threads can deadlock. Anywhere
        else the pages are parsed here, slower but the same.
        """
        jobs = []
        size = 0
        for rel in html:
            job = _Job(rel, str(self.out / rel))
            if self.cache is not None:
                data = (self.out / rel).read_bytes()
                job.key = digest("check-html5", html5lib.__version__, data)
                job.found = self.cache.get(HTML5_CACHE_KIND, job.key)
            if job.found is None:
                size += os.path.getsize(job.path)
            jobs.append(job)
        workers = min(os.cpu_count() or 1, 8)
        forkable = sys.platform == "linux" and threading.active_count() == 1
        if size and size >= PARALLEL_BYTES and workers > 1 and forkable:
            try:
                self.pool = ProcessPoolExecutor(workers, mp_context=get_context("fork"))
                for job in jobs:
                    if job.found is None:
                        job.future = self.pool.submit(_html5_errors, job.path)
            except (OSError, ValueError, BrokenProcessPool):
                self._stop_pool()  # no processes here (a sandbox): parse in this one
        return jobs

    def _stop_pool(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None

    def _finish_html5(self, jobs: list[_Job]) -> None:
        for job in jobs:
            if job.rel not in self.pages:
                continue  # not UTF-8: already reported
            if job.found is None:  # not in the cache
                if job.future is not None and self.pool is not None:
                    try:
                        job.found = job.future.result()
                    except BrokenProcessPool:
                        self._stop_pool()  # a worker died: parse the rest here
                if job.found is None:
                    job.found = _html5_errors(job.path)
                if self.cache is not None:
                    self.cache.put(HTML5_CACHE_KIND, job.key, job.found)
            for line, col, code, message in job.found:
                self.problems.append(
                    Problem(
                        f"HTML parse error ({code}): {message}",
                        Location(job.rel, line, col),
                        HTML5_HINTS.get(code, HTML_SOURCE_HINT),
                    )
                )
        if self.cache is not None:
            self.cache.close()

    def _resolve(self, rel: str, line: int, value: str) -> _Target | None:
        """Resolve one link found in ``rel``; a link that cannot work is reported here."""
        target = self.resolver.resolve(value, rel)
        if target is None:
            return None
        self.report.links += 1
        if isinstance(target, str):
            self.problems.append(
                Problem(
                    target,
                    Location(rel, line),
                    f"it would break when the site lives under {self.resolver.base}; "
                    "build the URL from the base path (base_url in site.yml)",
                )
            )
            return None
        if target.rel is None:
            want = target.want
            if not want.endswith(".html") and "." not in want.rsplit("/", 1)[-1]:
                want = f"{want} or {want}/index.html"
            self.problems.append(
                Problem(
                    f'broken link "{value}": no {want} in the output',
                    Location(rel, line),
                    "fix the link in its template or content, or restore the page it names",
                )
            )
            return None
        fragment = target.fragment
        page = self.pages.get(target.rel)
        if fragment and page is not None and not fragment.startswith(":~:"):
            self.report.anchors += 1
            if not page.has_anchor(fragment) and fragment.lower() != "top":
                self.problems.append(
                    Problem(
                        f'broken link "{value}": {target.rel} has no element with id "{fragment}"',
                        Location(rel, line),
                        "restore the anchor (an element's id) or fix the link",
                    )
                )
        return target

    def _check_links(self, page: _Page) -> None:
        for link in page.links:
            if page.rel == "404.html" and _page_relative(link.value):
                self.problems.append(
                    Problem(
                        f'page-relative link "{link.value}" in 404.html',
                        Location(page.rel, link.line),
                        "hosts serve 404.html at whatever URL was missing, so only "
                        "root-relative links (starting with the base path) work in it",
                    )
                )
                continue
            target = self._resolve(page.rel, link.line, link.value)
            if (
                target is not None
                and link.self_anchor
                and target.rel == page.rel
                and target.fragment == link.self_anchor
            ):
                path = _page_path(page.rel)
                self.published.add(f"{path}#{quote(link.self_anchor, safe='')}")

    # -- feeds, sitemaps, JSON ----------------------------------------------------------------

    def _check_xml(self, rel: str) -> None:
        data = (self.out / rel).read_bytes()
        try:
            root = _parse_xml(data)
        except _RefusedDoctype as exc:
            self.problems.append(
                Problem(
                    "XML with a DOCTYPE is refused: its entities could expand without bound",
                    Location(rel, int(exc.args[0])),
                    "tlgen writes feeds and sitemaps without a DOCTYPE; remove it",
                )
            )
            return
        except expat.ExpatError as exc:
            self.problems.append(
                Problem(
                    f"XML does not parse: {expat.ErrorString(exc.code)}",
                    Location(rel, exc.lineno, exc.offset + 1),
                    "feeds and sitemaps must be well-formed XML; check the code writing them",
                )
            )
            return
        if root.tag == f"{{{ATOM}}}feed":
            self.report.feeds += 1
            self._check_atom(rel, root)
        elif root.tag == "rss":
            self.report.feeds += 1
            self._check_rss(rel, root)
        elif root.tag.endswith("}urlset"):
            for url in root.children:
                loc = url.find(root.tag[: -len("urlset")] + "loc")
                if loc is not None and loc.text:
                    self._resolve(rel, loc.line, loc.text)

    def _check_atom(self, rel: str, feed: _Node) -> None:
        """RFC 4287's essentials: what a feed reader needs to show and de-duplicate entries."""
        hint = "feed readers need id, title, updated and link on every entry (RFC 4287)"
        for name in ("id", "title", "updated"):
            if feed.find(f"{{{ATOM}}}{name}") is None:
                self.problems.append(
                    Problem(f"Atom feed without <{name}>", Location(rel, feed.line), hint)
                )
        seen: set[tuple[str, str]] = set()
        repeated: list[tuple[_Node, str]] = []
        not_web: list[_Node] = []
        for node in feed.children:
            if node.tag != f"{{{ATOM}}}entry":
                continue
            for name in ATOM_ENTRY_NEEDS:
                if node.find(f"{{{ATOM}}}{name}") is None:
                    self.problems.append(
                        Problem(f"Atom entry without <{name}>", Location(rel, node.line), hint)
                    )
            ident, updated = node.find(f"{{{ATOM}}}id"), node.find(f"{{{ATOM}}}updated")
            if ident is not None and updated is not None:
                key = (ident.text, updated.text)
                if key in seen:
                    repeated.append((node, ident.text))
                seen.add(key)
        if repeated:
            node, ident_text = repeated[0]
            self.problems.append(
                Problem(
                    f"{_count(len(repeated), 'Atom entry repeats', 'Atom entries repeat')} "
                    f'the id and updated of an earlier entry (first: "{ident_text}")',
                    Location(rel, node.line),
                    "RFC 4287 forbids it, and feed readers show only one of them; "
                    "give each entry its own id",
                    severity="warning",
                )
            )
        for node in self._walk(feed):
            if node.tag in (f"{{{ATOM}}}updated", f"{{{ATOM}}}published") and not _rfc3339(
                node.text
            ):
                self.problems.append(
                    Problem(
                        f'<{node.tag.rsplit("}", 1)[1]}> "{node.text}" is not an RFC 3339 '
                        "date-time",
                        Location(rel, node.line),
                        "write e.g. 2016-03-14T18:15:00Z",
                    )
                )
            elif node.tag == f"{{{ATOM}}}link" and node.attrs.get("href"):
                href = node.attrs["href"]
                if urlsplit(href).scheme.lower() not in ("", "http", "https"):
                    not_web.append(node)
                else:
                    self._resolve(rel, node.line, href)
        if not_web:
            first = not_web[0]
            self.problems.append(
                Problem(
                    f"{_count(len(not_web), 'feed link is', 'feed links are')} not web "
                    f'addresses (first: "{first.attrs["href"]}")',
                    Location(rel, first.line),
                    "feed readers cannot open them; set base_url to the site's address "
                    "(https://...) so that links are absolute",
                    severity="warning",
                )
            )

    def _check_rss(self, rel: str, rss: _Node) -> None:
        channel = rss.find("channel")
        if channel is None:
            self.problems.append(
                Problem("RSS feed without <channel>", Location(rel, rss.line), "see RSS 2.0")
            )
            return
        for node in self._walk(channel):
            if (
                node.tag == "item"
                and node.find("title") is None
                and node.find("description") is None
            ):
                self.problems.append(
                    Problem(
                        "RSS item without <title> or <description>",
                        Location(rel, node.line),
                        "RSS 2.0 needs one of them on every item",
                    )
                )
            elif node.tag == "link" and node.text:
                self._resolve(rel, node.line, node.text)

    @staticmethod
    def _walk(node: _Node) -> Iterator[_Node]:
        stack = [node]
        while stack:
            current = stack.pop()
            yield current
            stack.extend(reversed(current.children))

    def _check_json(self, rel: str) -> None:
        text = _decode((self.out / rel).read_bytes(), rel, self.problems)
        if text is None:
            return
        self.report.data_files += 1
        # A JSON Lines file is a document per line; a line's error is on that line.
        if rel.endswith(".jsonl"):
            docs = [(n, "JSON line", line) for n, line in enumerate(text.split("\n"), 1)]
        else:
            docs = [(0, "JSON", text)]
        for number, what, doc in docs:
            if not doc.strip() and number:
                continue
            try:
                json.loads(doc)
            except json.JSONDecodeError as exc:
                self.problems.append(
                    Problem(
                        f"{what} does not parse: {exc.msg}",
                        Location(rel, number or exc.lineno, exc.colno),
                        "exports are read by scripts; check the code writing this file",
                    )
                )

    def _check_csv(self, rel: str) -> None:
        """Every row as wide as the header; permalink columns resolve like any link."""
        text = _decode((self.out / rel).read_bytes(), rel, self.problems)
        if text is None:
            return
        self.report.data_files += 1
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            header = next(reader, [])
            links = [i for i, name in enumerate(header) if name in CSV_LINK_COLUMNS]
            for row in reader:
                if len(row) != len(header):
                    self.problems.append(
                        Problem(
                            f"CSV row has {len(row)} fields, the header {len(header)}",
                            Location(rel, reader.line_num),
                            "spreadsheets and scripts shift the columns of such a row; "
                            "check the code writing this file",
                        )
                    )
                    continue
                for i in links:
                    if row[i]:
                        self._resolve(rel, reader.line_num, row[i])
        except csv.Error as exc:
            self.problems.append(
                Problem(
                    f"CSV does not parse: {exc}",
                    Location(rel, reader.line_num),
                    "build the site again (tlgen build); a file tlgen wrote should parse",
                )
            )

    def _check_robots(self, rel: str) -> None:
        """The ``Sitemap:`` lines crawlers follow must name files that exist."""
        text = _decode((self.out / rel).read_bytes(), rel, self.problems) or ""
        for number, line in enumerate(text.split("\n"), 1):
            field_name, _, value = line.partition(":")
            if field_name.strip().lower() == "sitemap" and value.strip():
                self._resolve(rel, number, value.strip())

    # -- anchors.lock -------------------------------------------------------------------------

    def check_lock(self, lock_path: Path, update: bool) -> None:
        """Published URLs must stay; new ones are recorded on the first run or on request."""
        name = lock_path.name
        current = self.published
        if not lock_path.exists():
            if not self._write_lock(lock_path, severity="warning"):
                return
            anchors = sum("#" in entry for entry in current)
            self.report.notes.append(
                f"created {name} with {len(current) - anchors} pages and {anchors} anchors; "
                "commit it with the site, so that a lost anchor fails the check"
            )
            return
        locked: dict[str, int] = {}
        for number, line in enumerate(lock_path.read_text(encoding="utf-8").split("\n"), 1):
            entry = line.strip()
            if not entry or entry.startswith("#"):
                continue
            if not entry.startswith("/"):
                if update:
                    continue  # dropped by the rewrite below
                self.problems.append(
                    Problem(
                        f'"{entry}" is not a URL path',
                        Location(name, number),
                        "each line is a path such as /events/<slug>/#t-2016-03-14-1915; "
                        "run tlgen check --update-lock to rewrite the file",
                    )
                )
                continue
            locked.setdefault(entry, number)
        gone = [entry for entry in locked if not self._still_there(entry)]
        self.report.locked += len(locked)
        if not update:
            self._report_gone(name, gone, locked)
        new = sorted(current - set(locked))
        if update:
            changed = _lock_text(current) != lock_path.read_text(encoding="utf-8")
            if changed and not self._write_lock(lock_path, severity="error"):
                return
            shown = ", ".join(gone[:5]) + (f" and {len(gone) - 5} more" if len(gone) > 5 else "")
            removed = f" ({shown})" if gone else ""
            self.report.notes.append(
                f"updated {name}: {len(new)} added, {len(gone)} removed{removed}"
            )
        elif new:
            self.report.notes.append(
                f"{_count(len(new), 'published URL is', 'published URLs are')} not in "
                f"{name} yet (first: {new[0]}); "
                "run tlgen check --update-lock to record them"
            )

    def _report_gone(self, name: str, gone: list[str], locked: dict[str, int]) -> None:
        """One problem for each lost page, its lost anchors counted in it (a renamed event
        loses hundreds), and one for each anchor lost from a page still there."""
        paths = {entry: entry.partition("#")[0] for entry in gone}
        lost = {path for path in paths.values() if not self.resolver.locate(unquote(path[1:]))}
        anchors = Counter(path for entry, path in paths.items() if path in lost and entry != path)
        said: set[str] = set()
        for entry in gone:
            path = paths[entry]
            if path in lost:  # said once: at the page's line, or its first anchor's
                if path in said or (entry != path and path in locked):
                    continue
                said.add(path)
                count = anchors[path]
                what = f"page {path}" + (
                    f" (and {_count(count, 'anchor', 'anchors')} on it)" if count else ""
                )
                moved = ", send its readers on (site.yml: redirects: "
                moved += f"{{{path}: {self._successor(path) or '/new/'}}})"
            else:
                what, moved = f"anchor {entry}", ""
            self.problems.append(
                Problem(
                    f"{what} was published before and is gone",
                    Location(name, locked[entry]),
                    f"restore it (links and citations to it break){moved}, or, if "
                    "the removal is deliberate, run tlgen check --update-lock",
                )
            )

    def _successor(self, path: str) -> str:
        """The page a lost one most likely became: beside it, named by the end of its name
        (``/speakers/ex-minister-jane-doe/``: ``/speakers/jane-doe/``, a role dropped from
        a speaker's name), the longest such; "" when there is none."""
        parent, _, name = path.rstrip("/").rpartition("/")
        ends = [name[i + 1 :] for i, c in enumerate(name) if c == "-"]  # longest first
        return next((p for end in ends if (p := f"{parent}/{end}/") in self.published), "")

    def _write_lock(self, lock_path: Path, severity: str) -> bool:
        """Sorted, LF, UTF-8, written whole: the file is reviewed as a diff."""
        temp = lock_path.with_name(lock_path.name + ".tmp")
        try:
            temp.write_bytes(_lock_text(self.published).encode("utf-8"))
            temp.replace(lock_path)
        except OSError as exc:
            temp.unlink(missing_ok=True)
            self.problems.append(
                Problem(
                    f"cannot write {lock_path.name}: {exc.strerror}",
                    Location(lock_path.name),
                    "check that the site folder is writable",
                    severity=severity,
                )
            )
            return False
        return True

    def _still_there(self, entry: str) -> bool:
        path, _, fragment = entry.partition("#")
        rel = self.resolver.locate(unquote(path[1:]))
        if rel is None:
            return False
        if not fragment:
            return True
        page = self.pages.get(rel)
        if page is None or page.has_anchor(unquote(fragment)):
            return page is not None
        if not page.moved:
            return False
        # A page that moved (site.yml's redirects) keeps its anchors where it went to
        target = self.resolver.resolve(page.moved, rel)
        if not isinstance(target, _Target):
            return target is None  # sent off the site: not ours to check
        there = self.pages.get(target.rel) if target.rel else None
        return there is not None and (bool(target.fragment) or there.has_anchor(unquote(fragment)))


def _lock_text(entries: set[str]) -> str:
    return LOCK_HEADER + "".join(f"{entry}\n" for entry in sorted(entries))


def check_site(
    out_dir: Path,
    base_path: str,
    lock_path: Path | None,
    update_lock: bool = False,
    site_url: str = "",
    cache: Cache | None = None,
) -> CheckReport:
    """Check the built site in ``out_dir`` as served under ``base_path`` (``/archive/``).

    ``site_url`` (``https://example.org/archive/``), when known, makes absolute links to the
    site's own origin internal. ``lock_path`` is the anchors lock (``None``: no lock check).
    ``cache`` (the build's ``.tlgen-cache/``) keeps html5lib's verdict per page content, so
    a second check only parses the pages that changed.
    Raises ``TlgenError`` with the usage exit code when ``out_dir`` holds no built site.
    """
    started = time.perf_counter()
    if not out_dir.is_dir():
        raise TlgenError(
            [
                Problem(
                    f"no built site at {out_dir}",
                    hint="run tlgen build first, or pass the output folder with --out",
                )
            ],
            exit_code=EXIT_USAGE,
        )
    checker = _Checker(out_dir, base_path, site_url, cache)
    checker.run()
    if lock_path is not None:
        checker.check_lock(lock_path, update_lock)
    report = checker.report
    report.problems.sort(
        key=lambda p: (
            (p.location.path, p.location.line, p.location.col) if p.location else ("", 0, 0)
        )
    )
    report.seconds = time.perf_counter() - started
    return report
