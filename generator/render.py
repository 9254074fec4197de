"""Pages from a finished Site through the theme's Jinja templates; returns Outputs and
writes nothing.

Template lookup, first match wins: the site's ``templates/`` folder, then
``themes/<theme>/templates/`` in the site, then the theme shipped with tlgen. Static files
merge the same way (``themes/<theme>/static/`` then the site's ``static/``), file by file,
so a site overrides one template or one stylesheet without copying the theme.

Templates see views (plain dicts), not the internal records, so the records can change
without breaking a user's templates.
"""

from __future__ import annotations

import contextlib
import functools
import html
import json
import pickle
import posixpath
import traceback
from collections.abc import Callable, Iterable, Iterator, MutableMapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from types import CodeType
from typing import Any
from urllib.parse import quote, unquote

import jinja2
from markupsafe import Markup, escape

try:
    from markupsafe import _escape_inner  # markupsafe 3: escape(s) is Markup(_escape_inner(s))
except ImportError:  # pragma: no cover  # older markupsafe: the same text, at escape's cost

    def _escape_inner(text: str, /) -> str:
        return str(escape(text))


from generator import __version__
from generator.config import KINDS, ORDERS, Config
from generator.errors import Location, Problem, TlgenError
from generator.export import event_json, event_url
from generator.feeds import FeedItem, atom
from generator.ids import digest, record_key, slugify
from generator.model import DAY, Entry, Event, Output, Statement
from generator.publish import (
    archive_feed,
    archive_jsonl,
    event_feed,
    live_blog_posting,
    robots,
    script_json,
    sitemap,
    speaker_page,
    statements_csv,
    text_language,
)
from generator.site import Month, Site, SpeakerIndex, Tag
from generator.theme import static_files, template_dirs
from generator.words import Words, load_words


def _escape_output(value: Any) -> str:
    """What ``{{ value }}`` writes, as markupsafe's ``escape`` writes it, without making a
    Markup object of every printed string (a quarter of an event page's rendering)."""
    kind = type(value)
    if kind is str:
        return _escape_inner(value)
    if kind is Markup:
        return value
    return escape(value)


class _Template(jinja2.Template):
    """Templates whose printed values go through ``_escape_output``. Compiled templates
    call ``escape`` (a global of their module) only on what they print, and only join
    the results into the page, so a plain escaped string is as good as a Markup."""

    @classmethod
    def from_code(
        cls,
        environment: jinja2.Environment,
        code: CodeType,
        globals: MutableMapping[str, Any],
        uptodate: Callable[[], bool] | None = None,
    ) -> jinja2.Template:
        template = super().from_code(environment, code, globals, uptodate)
        if template.root_render_func.__globals__.get("escape") is escape:
            template.root_render_func.__globals__["escape"] = _escape_output
        return template


# What ``getattr`` finds on a plain dict: its type's attributes (dicts have no __dict__).
_DICT_ATTRIBUTES = frozenset(name for cls in dict.__mro__ for name in vars(cls))


class _Environment(jinja2.Environment):
    """Jinja's environment with a fast path for ``view.key`` on the plain dicts templates
    see. Jinja tries ``getattr`` first and the key after the AttributeError, which costs
    an exception per lookup (a third of an event page). Same result: attributes
    (``tag.items`` is the method) still win, a missing key is still undefined."""

    template_class = _Template

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


class _BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept between builds (a build that renders compiles nothing it
    compiled before); a cache that cannot be written only costs the next build."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def environment(config: Config, compiled: Path | None = None) -> jinja2.Environment:
    """``compiled``: a folder for compiled templates (in ``.tlgen-cache/``). Jinja keys
    them by the template's source; the folder's name adds this module's and Jinja's
    versions and ``relative_links``, which decide what the compiled code is (a filter
    that needs the page, as ``link`` does with relative links, is compiled into a call
    that passes it)."""
    cache = None
    if compiled is not None:
        code = (jinja2.__version__, Path(__file__).read_bytes(), str(config.relative_links))
        own = digest(*code)[:12]
        folder = compiled / f"jinja-{own}"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            cache = _BytecodeCache(str(folder))
        except OSError:
            cache = None
    env = _Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs(config)]),
        bytecode_cache=cache,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # one environment per build (serve makes a new one for each): a template cannot
        # change under it, so no file is asked for its time at every page
        auto_reload=False,
    )
    env.tlgen_root = config.root  # type: ignore[attr-defined]  # for located errors
    words = load_words(config)[0]  # the build reported the tables' mistakes
    env.globals["t"] = words
    env.globals["words_script"] = Markup(script_json(words.for_script()))
    env.filters["date"] = words.day
    env.filters["range"] = words.span
    base = config.base_path
    if config.relative_links:  # links depend on the page: the functions need its context
        env.globals["url"] = jinja2.pass_context(
            lambda ctx, path="": page_link(config, ctx, base + path.lstrip("/"))
        )
        env.filters["link"] = jinja2.pass_context(lambda ctx, href: page_link(config, ctx, href))
    else:  # links as written (page_link's answer), without a derived context per call
        env.globals["url"] = lambda path="": base + path.lstrip("/")
        env.filters["link"] = _as_written
    env.globals["generator"] = f"tlgen {__version__}"
    return env


def _as_written(href: str) -> str:
    return href


def page_link(config: Config, ctx: Any, href: str) -> str:
    """``href`` (a path under ``base_path``) as the page being rendered writes it: as it is,
    or with ``relative_links`` relative to that page and with ``index.html`` spelled out,
    so the folder works opened from disk. 404.html keeps root-relative links: hosts serve
    it at whatever address was missing."""
    page = ctx.get("page_path", "")
    if not (config.relative_links and page and page != "404.html"):
        return href
    if not href.startswith(config.base_path):
        return href  # external, or an in-page #anchor
    path, mark, fragment = href[len(config.base_path) :].partition("#")
    if not path or path.endswith("/"):
        path += "index.html"
    return _relative(path, posixpath.dirname(page) or ".") + mark + fragment


@functools.lru_cache(maxsize=4096)
def _relative(path: str, start: str) -> str:
    """``posixpath.relpath``, remembered: it asks the OS for the working folder twice per
    call, and a site links the same few pages from many (both are site paths, so the
    answer does not depend on that folder)."""
    return posixpath.relpath(path, start)


@dataclass(frozen=True, slots=True)
class _Day:
    date: date
    entries: list[dict[str, Any]]
    id: str  # "d-2016-03-14"; "-2" on a second run of one day (below)


def mark_quotes(body: str, statements: tuple[Statement, ...]) -> str:
    """Wrap each direct quotation found in the body in ``<q>`` naming its speaker; a quote
    the markup splits (across paragraphs, say) stays as it is."""
    for statement in statements:
        if statement.kind != "direct":
            continue
        for variant in dict.fromkeys(html.escape(statement.quote, quote=q) for q in (False, True)):
            variant = variant.replace("&#x27;", "'")
            at = body.find(variant)
            if at >= 0 and not body.startswith("<q ", max(0, at - 40)):
                tag = f'<q class="quote" data-speaker="{html.escape(statement.speaker_slug)}">'
                body = f"{body[:at]}{tag}{variant}</q>{body[at + len(variant) :]}"
                break
    return body


def words_of(env: jinja2.Environment) -> Words:
    """The site's words, as its templates see them (``t``)."""
    words = env.globals["t"]
    assert isinstance(words, Words)
    return words


def _entry_view(
    config: Config, words: Words, entry: Entry, url: str, canonical: str
) -> dict[str, Any]:
    """One update as its event page shows it; ``url`` and ``canonical`` are the event's."""
    linked = config.makes("speakers")  # quotes name their speaker's page
    speakers = {s.speaker_slug: s.speaker for s in entry.statements} if linked else {}
    day = entry.time.date()
    iso = day.isoformat() if entry.precision == DAY else entry.time.isoformat()
    label = entry.label
    # the citation's date: the label when it is a time, the date unless the label has it
    timed = len(iso) > 10
    when = [label if timed else "", "" if timed and str(day.year) in label else words.day(day)]
    return {
        "anchor": entry.anchor,
        "iso": iso,
        "label": label,
        "title": entry.title,
        "html": Markup(mark_quotes(entry.html, entry.statements if linked else ())),
        "text": entry.text,
        "url": f"{url}#{entry.anchor}",
        "speakers": [
            {"name": name, "slug": slug, "url": speaker_page(config, slug)}
            for slug, name in speakers.items()
        ],
        "statements": entry.statements,
        "embeds": entry.embeds,
        "hashtags": entry.hashtags,
        "date": day,
        "permalink": f"{canonical}#{entry.anchor}",
        "when": ", ".join(filter(None, when)),
    }


def canonical_url(config: Config, url: str) -> str:
    """The address an event page (at ``url``) is cited by: absolute when the site's is known."""
    return config.site_url + url[len(config.base_path) :] if config.site_url else url


def ordered_entries(config: Config, event: Event, order: str = "") -> list[Entry]:
    """Chronological, newest or oldest first (``order``, default ``entry_order``); entries
    of one instant keep source order."""
    newest = (order or config.entry_order) == "newest-first"
    indexed = sorted(
        enumerate(event.entries),
        key=lambda pair: (pair[1].time.timestamp(), pair[0] if not newest else -pair[0]),
        reverse=newest,
    )
    return [entry for _, entry in indexed]


def capture_path(event: Event, capture: str) -> str:
    """Where a raw capture is published: always ``.txt``, so that no browser or host
    treats a captured page (with the publisher's scripts) as a page of the archive. The
    file keeps its name; links to it are percent-encoded (a name may hold ``#``, ``?``,
    spaces)."""
    name = PurePosixPath(capture).name
    return f"captures/{event.slug}/{name if name.endswith('.txt') else name + '.txt'}"


def coverage(event: Event, words: Words) -> str:
    """``18:15–19:16, 14 March 2016`` or, for dated timelines, the span of days."""
    start, end = event.start, event.end
    assert start is not None and end is not None
    if all(e.precision == DAY for e in event.entries):
        return words.span(start.date(), end.date())
    times = {"start": f"{start:%H:%M}", "end": f"{end:%H:%M}"}
    if start.date() == end.date():
        return words("coverage_day", date=words.day(start), **times)
    return words("coverage_days", start_date=words.day(start), end_date=words.day(end), **times)


def order_url(config: Config, event: Event, order: str) -> str:
    """The event page in ``entry_order``; the other order at ``<event>/<order>/``."""
    url = event_url(config, event)
    return url if order == config.entry_order else f"{url}{order}/"


def event_view(config: Config, words: Words, event: Event, order: str = "") -> dict[str, Any]:
    return _ordered_view(event_parts(config, words, event), order or config.entry_order)


@dataclass(frozen=True, slots=True)
class EventParts:
    """What the pages of both orders of one event share, computed once: the view without
    its order (entry views with their quotes marked, the JSON-LD) and each entry's time,
    to order by."""

    view: dict[str, Any]  # every key of the event view but order, days, multi_day, entries
    entries: list[dict[str, Any]]  # entry views in source order
    times: list[float]


def event_parts(config: Config, words: Words, event: Event) -> EventParts:
    start, end = event.start, event.end
    assert start is not None and end is not None
    url = event_url(config, event)
    canonical = canonical_url(config, url)
    paths = sorted(event_page_paths(config, event), key=lambda p: ORDERS.index(p[0]))
    quoted: dict[str, str] = {}
    for entry in event.entries if config.makes("speakers") else ():
        for statement in entry.statements:
            quoted.setdefault(statement.speaker_slug, statement.speaker)
    tags = config.makes("tags")
    tag_pages: dict[str, str] = {}  # "C++" and "#c++" are one tag: shown as first written
    for tag in event.tags:
        tag_pages.setdefault(slugify(tag), tag)
    view = {
        "speakers": [
            {"name": name, "slug": slug, "url": speaker_page(config, slug)}
            for slug, name in sorted(quoted.items(), key=lambda kv: kv[1].casefold())
        ],
        "orders": [{"name": o, "url": order_url(config, event, o)} for o, _ in paths],
        "jsonld": Markup(script_json(live_blog_posting(config, event))),
        "canonical": canonical,
        "feed_url": f"{url}feed.xml" if config.makes("feeds") else "",
        # as ``%Y-%m`` writes them (a year unpadded), without strftime per entry
        "months": sorted({f"{e.time.year}-{e.time.month:02d}" for e in event.entries}),
        "tag_links": [
            {"name": t, "url": f"{config.base_path}tags/{slug}/" if tags else ""}
            for slug, t in tag_pages.items()
        ],
        "slug": event.slug,
        "title": event.title,
        "summary": event.summary,
        "lang": text_language(config, event),
        "intro_html": Markup(event.intro_html),
        "url": url,
        "json_url": (
            f"{config.base_path}events/{event.slug}.json" if config.makes("exports") else ""
        ),
        "timezone": event.timezone,
        "tags": event.tags,
        "source": event.source,
        "start": start,
        "end": end,
        "dates": words.span(start.date(), end.date()),
        "coverage": coverage(event, words),
        "capture_url": (
            config.base_path + quote(capture_path(event, event.capture)) if event.capture else ""
        ),
        "further_captures": [
            config.base_path + quote(capture_path(event, c)) for c in event.further_captures
        ],
        "count": len(event.entries),
    }
    return EventParts(
        view,
        [_entry_view(config, words, e, url, canonical) for e in event.entries],
        [e.time.timestamp() for e in event.entries],
    )


class _Once:
    """An event's parts, computed by whichever of its two pages is rendered first."""

    __slots__ = ("config", "event", "parts", "words")

    def __init__(self, config: Config, words: Words, event: Event) -> None:
        self.config, self.words, self.event = config, words, event
        self.parts: EventParts | None = None

    def get(self) -> EventParts:
        if self.parts is None:
            self.parts = event_parts(self.config, self.words, self.event)
        return self.parts


def _ordered_view(parts: EventParts, order: str) -> dict[str, Any]:
    """The event view in ``order`` (see ``ordered_entries``: one instant keeps source
    order either way)."""
    times = parts.times
    if order == "newest-first":
        indices = sorted(range(len(times)), key=lambda i: (times[i], -i), reverse=True)
    else:
        indices = sorted(range(len(times)), key=lambda i: (times[i], i))
    entries = [parts.entries[i] for i in indices]
    days: list[_Day] = []
    runs: dict[date, int] = {}
    for view in entries:
        day = view["date"]
        if not days or days[-1].date != day:
            # Each update's day is its own clock's: updates printed in zones on either
            # side of midnight, in time order, may come back to a day already shown.
            runs[day] = runs.get(day, 0) + 1
            suffix = f"-{runs[day]}" if runs[day] > 1 else ""
            days.append(_Day(day, [], f"d-{day.isoformat()}{suffix}"))
        days[-1].entries.append(view)
    return {
        "speakers": parts.view["speakers"],
        "order": order,
        **parts.view,
        "days": days,
        "day_count": len(runs),
        "multi_day": len(runs) > 1,
        "entries": entries,
    }


def _render(env: jinja2.Environment, name: str, path: str, **context: Any) -> Output:
    try:
        template = env.get_template(name)
        text = template.render(page_path=path, **context)
    except jinja2.TemplateSyntaxError as exc:
        raise TlgenError(
            [
                Problem(
                    f"template error: {exc.message}",
                    Location(exc.filename or name, exc.lineno),
                    "correct the template at that line",
                )
            ]
        ) from None
    except jinja2.TemplateNotFound as exc:
        raise TlgenError(
            [Problem(f"template {exc.name!r} not found", hint="check the theme's templates/")]
        ) from None
    except jinja2.UndefinedError as exc:
        raise TlgenError(
            [Problem(f"template {name}: {exc.message}", hint="check the variable's name")]
        ) from None
    except jinja2.TemplateError as exc:
        raise TlgenError(
            [Problem(f"template {name}: {exc}", hint="correct the template")]
        ) from None
    except Exception as exc:  # a template that raises (a filter, 1 // 0): located too
        raise TlgenError(
            [
                Problem(
                    f"template error: {type(exc).__name__}: {exc}",
                    _template_location(env, exc),
                    "fix the expression on that line of the template",
                )
            ]
        ) from None
    return Output(path, text.encode("utf-8"))


def _template_location(env: jinja2.Environment, exc: BaseException) -> Location | None:
    """The template line an exception came from (Jinja maps its frames to templates)."""
    roots = getattr(env, "tlgen_root", None)
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith((".html", ".xml", ".txt")) and Path(frame.filename).exists():
            file = Path(frame.filename)
            shown = file.as_posix()
            if roots is not None and file.is_relative_to(roots):
                shown = file.relative_to(roots).as_posix()
            return Location(shown, frame.lineno or 0)
    return None


def render_static(config: Config) -> Iterator[Output]:
    for rel, file in static_files(config).items():
        data = file.read_bytes()
        yield Output(rel, data, key=digest("static", data))


def _fingerprint(event: Event) -> str:
    """What an event page depends on besides the theme and config: the event's own
    inputs (its memo key) and what assembling the site added to it, the fields another
    capture of its blog may have given it too (``site.merge_captures``)."""
    if not event.key:
        return digest("event", pickle.dumps(event, protocol=pickle.HIGHEST_PROTOCOL))
    return digest(
        event.key, event.slug, event.capture, event.language, event.summary, repr(event.tags),
        *event.further_captures,
    )  # fmt: skip


def _page(
    env: jinja2.Environment, base: str, name: str, path: str, key: str, **context: Any
) -> Output:
    """A page rendered only when its bytes are needed (the writer may reuse the file); a
    context value that is a function (a view) is called then too, so an unchanged page
    costs its key alone."""
    return Output(
        path,
        key=digest(base, name, key),
        make=lambda: (
            _render(
                env, name, path, **{k: v() if callable(v) else v for k, v in context.items()}
            ).data
        ),
    )


def _key_of(value: Any) -> str:
    """A key from a view's *values*. Not pickle: its bytes depend on which objects are
    shared (a freshly read event and a cached one pickle differently), which made every
    page that lists many events look changed after any edit."""
    return digest("view", json.dumps(value, sort_keys=True, default=repr, ensure_ascii=False))


def card_view(config: Config, words: Words, event: Event) -> dict[str, Any]:
    """What the home page shows of an event (not its entries)."""
    start, end = event.start, event.end
    assert start is not None and end is not None
    return {
        "slug": event.slug,
        "title": event.title,
        "summary": event.summary,
        "lang": text_language(config, event),
        "url": event_url(config, event),
        "source": event.source,
        "start": start,
        "end": end,
        "dates": words.span(start.date(), end.date()),
        "count": len(event.entries),
    }


def render_site(site: Site, theme_key: str = "", compiled: Path | None = None) -> Iterator[Output]:
    """Every page, the JSON export, captures and the theme's static files, each with the
    key of its inputs, then the redirects (``site.yml``'s ``redirects``, never where a file
    is made); ``theme_key`` (a fingerprint of the templates) joins every key;
    ``compiled``: where compiled templates are kept (see ``environment``)."""
    made: set[str] = set()
    for output in _site_files(site, theme_key, compiled):
        made.add(output.path)
        yield output
    config = site.config
    if config.redirects:
        env, base = environment(config, compiled), page_base(config, theme_key)
        yield from _redirects(env, base, config, site_meta(config), made)


def redirect_path(old: str) -> str:
    """The file a redirect from ``old`` (a path under the base, as site.yml gives it) is
    written to: a folder's ``index.html``, or the ``.html`` file it names."""
    rel = unquote(old.lstrip("/"))
    if rel == "" or rel.endswith("/"):
        return rel + "index.html"
    return rel if rel.endswith(".html") else rel + "/index.html"


def _redirects(
    env: jinja2.Environment, base: str, config: Config, meta: dict[str, Any], made: set[str]
) -> Iterator[Output]:
    """A small page at each old path sending its reader on, ``#anchor`` and all (a static
    host has no other way): a slug changed, a speaker's name was corrected. A folder sent
    to a folder of the site sends on the pages under it too (an event's other order)."""
    for old in config.redirects:
        if (path := redirect_path(old)) in made:
            raise TlgenError(
                [
                    Problem(
                        f"redirect from {old!r}: the site makes {path} there",
                        config.loc("redirects"),
                        "remove the redirect: that address holds a page of the site",
                    )
                ]
            )
    moves = {redirect_path(old): (old, new) for old, new in _under(config.redirects, made)}
    moves.update({redirect_path(old): (old, new) for old, new in config.redirects.items()})
    for path, (old, new) in sorted(moves.items()):
        if path in made:
            continue  # a page under an old folder that the site makes again
        external = not new.startswith("/")
        target = new if external else config.base_path + new.lstrip("/")
        canonical = new if external or not config.site_url else config.site_url + new[1:]
        yield _page(
            env, base, "redirect.html", path, digest(old, new), site=meta, target=target,
            canonical=canonical,
        )  # fmt: skip


def _under(redirects: dict[str, str], made: set[str]) -> Iterator[tuple[str, str]]:
    """For a folder sent to a folder of the site, each page the site makes under that one:
    ``/events/old/oldest-first/`` to ``/events/new/oldest-first/``."""
    folders: dict[str, list[tuple[str, str]]] = {}  # a folder of the site: what is sent there
    for old, new in redirects.items():
        if old.endswith("/") and new.startswith("/") and new.endswith("/"):
            folders.setdefault(unquote(new[1:]), []).append((old, new))
    if not folders:
        return
    for path in made:
        if not path.endswith("index.html"):
            continue
        parts = path.split("/")[:-1]  # the page's folders
        for depth in range(len(parts)):
            if (under := "".join(f"{part}/" for part in parts[:depth])) in folders:
                rest = path[len(under) : -len("index.html")]
                for old, new in folders[under]:
                    yield old + rest, new + rest


def _site_files(site: Site, theme_key: str, compiled: Path | None) -> Iterator[Output]:
    config = site.config
    env = environment(config, compiled)
    meta = site_meta(config)
    base = page_base(config, theme_key)
    words = words_of(env)
    cards = [card_view(config, words, e) for e in site.events]
    yield _page(env, base, "index.html", "index.html", _key_of(cards), site=meta, events=cards)
    fingerprints = [_fingerprint(e) for e in site.events]
    everything = digest(base, *fingerprints)
    for event, fingerprint in zip(site.events, fingerprints, strict=True):
        yield from event_outputs(env, config, base, meta, event, fingerprint)
    yield from _lists(env, base, site, meta, (*LISTS, "tags/"))
    yield _page(env, base, "404.html", "404.html", "", site=meta)
    if config.search:
        facets = {
            "speakers": [(i.speaker.slug, i.speaker.name) for i in site.speakers],
            "events": [(e.slug, e.title) for e in site.events],
            "months": [(m.key, words.month(m.key)) for m in site.months],
        }
        yield _page(
            env, base, "search.html", "search/index.html", _key_of(facets), site=meta,
            facets=facets,
        )  # fmt: skip
    events, keys = site.events, [digest(base, f) for f in fingerprints]
    for path, kind, pieces in (
        ("feed.xml", "feeds", archive_feed),
        ("archive.jsonl", "exports", archive_jsonl),
        ("statements.csv", "exports", statements_csv),
    ):
        if config.makes(kind):
            parts, part = pieces(config, events, keys)
            yield Output(path, key=digest(everything, path), parts=parts, part=part)
    yield Output("robots.txt", robots(config), key=digest(base, "robots"))
    if config.site_url and config.makes("sitemap"):
        pages = list(_sitemap_pages(site))
        yield Output(
            "sitemap.xml", key=digest(everything, "sitemap"), make=lambda: sitemap(config, pages)
        )
    yield from render_captures(site)
    yield from render_static(config)


LISTS = ("speakers/", "timeline/")  # where the lists of ``render_share`` go, and no other


def render_share(
    site: Site,
    theme_key: str = "",
    compiled: Path | None = None,
    events: Sequence[Event] = (),
    lists: bool = True,
) -> Iterator[Output]:
    """The files of ``events`` (see ``event_outputs``), then, with ``lists``, the speakers'
    pages and feeds and the timeline's pages, as ``render_site`` makes them: the share
    of a build another process can make beside it (``build``)."""
    config = site.config
    env = environment(config, compiled)
    base, meta = page_base(config, theme_key), site_meta(config)
    for event in events:
        yield from event_outputs(env, config, base, meta, event)
    if lists:
        yield from _lists(env, base, site, meta)


# Where each kind of page listing the archive's updates goes
_LIST_KINDS = {"speakers/": "speakers", "timeline/": "timeline", "tags/": "tags"}


def lists_made(config: Config) -> bool:
    """Whether ``render_share`` makes any list: a helper is worth starting."""
    return any(config.makes(_LIST_KINDS[prefix]) for prefix in LISTS)


def _lists(
    env: jinja2.Environment,
    base: str,
    site: Site,
    meta: dict[str, Any],
    prefixes: tuple[str, ...] = LISTS,
) -> Iterator[Output]:
    """The pages listing the archive's updates, those of ``prefixes`` the config makes."""
    renders = {"speakers/": render_speakers, "timeline/": render_timeline, "tags/": render_tags}
    made = [renders[p] for p in prefixes if site.config.makes(_LIST_KINDS[p])]
    if not made:
        return
    ids = _Identities(site.events)  # it reads every entry
    for render in made:
        yield from render(env, base, site, meta, ids)


def page_base(config: Config, theme_key: str = "") -> str:
    """What every page's key starts from: the theme's fingerprint and the config."""
    return digest(theme_key or _key_of(sorted(map(str, template_dirs(config)))), repr(config))


def event_outputs(
    env: jinja2.Environment,
    config: Config,
    base: str,
    meta: dict[str, Any],
    event: Event,
    fingerprint: str = "",
) -> Iterator[Output]:
    """The files of one event alone (its pages, feed and JSON): functions of the event,
    the config and the theme, so a worker that has just read the event can make them."""
    fingerprint = fingerprint or _fingerprint(event)
    if config.makes("feeds"):
        yield Output(
            f"events/{event.slug}/feed.xml",
            key=digest(base, "event-feed", fingerprint),
            make=lambda: event_feed(config, event),
        )
    parts = _Once(config, words_of(env), event)
    for order, path in event_page_paths(config, event):
        other = [order] if order != config.entry_order else []
        yield Output(
            path,
            key=digest(base, "event.html", *other, fingerprint),
            make=functools.partial(_event_page_in, env, meta, path, parts, order),
        )
    if config.makes("exports"):
        yield Output(
            f"events/{event.slug}.json",
            key=digest(base, "json", fingerprint),
            make=lambda: event_json(config, event).data,
        )


def event_of(path: str) -> str | None:
    """The slug of the event whose file (of ``event_outputs``) ``path`` is, or None: every
    such file is ``events/<slug>.json`` or under ``events/<slug>/``."""
    if not path.startswith("events/"):
        return None
    slug, slash, _ = path[7:].partition("/")
    return slug if slash else slug.removesuffix(".json")


def event_page_paths(config: Config, event: Event) -> list[tuple[str, str]]:
    """The event's page in ``entry_order`` and the other order's page (readable without
    JavaScript) unless disabled, as (order, path)."""
    first = [(config.entry_order, f"events/{event.slug}/index.html")]
    if not config.makes("other_order"):
        return first
    return first + [(o, f"events/{event.slug}/{o}/index.html") for o in ORDERS if o != first[0][0]]


def site_meta(config: Config) -> dict[str, Any]:
    """What every template sees as ``site``."""
    return {
        "title": config.title,
        "description": config.description,
        "language": config.language,
        "base_url": config.base_url,
        "search": config.search,
        "outputs": {kind: config.makes(kind) for kind in KINDS},
    }


def render_event_page(
    env: jinja2.Environment,
    config: Config,
    meta: dict[str, Any],
    event: Event,
    path: str,
    order: str,
) -> bytes:
    """One event page: a function of the event, the config and the theme alone, so that
    `tlgen serve` can show an edited event before the pages that list it are rebuilt."""
    return _event_page(env, meta, path, event_view(config, words_of(env), event, order))


def _event_page(
    env: jinja2.Environment, meta: dict[str, Any], path: str, view: dict[str, Any]
) -> bytes:
    """The one way an event page is rendered (the build shares ``view``'s parts between
    the two orders; serve's preview makes them for the one page it shows)."""
    return _render(env, "event.html", path, site=meta, event=view).data


def _event_page_in(
    env: jinja2.Environment, meta: dict[str, Any], path: str, parts: _Once, order: str
) -> bytes:
    """An event page in ``order``, from the parts its other order may have made already."""
    return _event_page(env, meta, path, _ordered_view(parts.get(), order))


def _sitemap_pages(site: Site) -> Iterator[tuple[str, datetime | None]]:
    """Every HTML page of the site with the time its content last changed."""
    config = site.config
    latest = max((e.end for e in site.events if e.end), default=None)
    yield config.base_path, latest
    for event in site.events:
        yield event_url(config, event), event.end
    if config.makes("speakers"):
        yield f"{config.base_path}speakers/", latest
        for index in site.speakers:
            yield speaker_page(config, index.speaker.slug), index.last
    if config.makes("timeline"):
        yield f"{config.base_path}timeline/", latest
        for month in site.months:
            yield f"{config.base_path}timeline/{month.key}/", month.days[0][1][0][1].time
    if config.makes("tags"):
        yield f"{config.base_path}tags/", latest
        for tag in site.tags:
            yield f"{config.base_path}tags/{tag.slug}/", None


def _item_view(config: Config, event: Event, entry: Entry) -> dict[str, Any]:
    """One update as listed outside its event page: when, where, the start of its text."""
    text = " ".join(entry.text.split()) or " ".join(e.text for e in entry.embeds)
    url = event_url(config, event)
    return {
        "label": entry.label,
        "iso": entry.time.date().isoformat() if entry.precision == DAY else entry.time.isoformat(),
        "title": entry.title,
        "event_title": event.title,
        "event_url": url,
        "lang": text_language(config, event),
        "url": f"{url}#{entry.anchor}",
        "excerpt": text if len(text) <= 240 else text[:239].rsplit(" ", 1)[0] + "…",
    }


class _Identities:
    """Each entry as a page listing it sees it: its record's hash (made when it was read)
    and its event's slug and title. A page listing updates is keyed by these, far cheaper
    than by the views made from them, which are then made only for the pages whose updates
    changed."""

    def __init__(self, events: Iterable[Event]) -> None:
        self.keys: dict[int, str] = {}  # id(entry) → its event's head and its record's hash
        for event in events:
            head = digest(event.slug, event.title, event.language)
            keys = event.entry_keys or tuple(map(record_key, event.entries))
            self.keys.update(zip(map(id, event.entries), [head + key for key in keys], strict=True))

    def items(self, items: Iterable[tuple[Event, Entry]]) -> str:
        """The identity of a list of updates."""
        keys = self.keys
        return "\n".join([keys[id(entry)] for _, entry in items])


def render_timeline(
    env: jinja2.Environment, base: str, site: Site, meta: dict[str, Any], ids: _Identities
) -> Iterator[Output]:
    """``/timeline/`` (the months) and one page per month, newest day first."""
    config = site.config
    months = [
        {
            "key": m.key,
            "name": words_of(env).month(m.key),
            "url": f"{config.base_path}timeline/{m.key}/",
            "count": m.count,
            "days": [{"date": d, "count": len(items)} for d, items in m.days],
        }
        for m in site.months
    ]
    yield _page(
        env, base, "timeline.html", "timeline/index.html", _key_of(months), site=meta,
        months=months,
    )  # fmt: skip
    for position, (month, view) in enumerate(zip(site.months, months, strict=True)):
        newer = months[position - 1] if position > 0 else None
        older = months[position + 1] if position + 1 < len(months) else None
        key = digest(_key_of([view, newer, older]), *(ids.items(items) for _, items in month.days))

        def page(
            month: Month = month, view: Any = view, newer: Any = newer, older: Any = older
        ) -> dict[str, Any]:
            return {
                **view,
                "days": [
                    {"date": d, "items": [_item_view(config, ev, en) for ev, en in items]}
                    for d, items in month.days
                ],
                "newer": newer,
                "older": older,
            }

        path = f"timeline/{month.key}/index.html"
        yield _page(env, base, "timeline_month.html", path, key, site=meta, month=page)


def render_tags(
    env: jinja2.Environment, base: str, site: Site, meta: dict[str, Any], ids: _Identities
) -> Iterator[Output]:
    """``/tags/`` (each tag with its counts) and one page per tag."""
    config = site.config
    summaries = [tag_summary(config, tag) for tag in site.tags]
    yield _page(
        env, base, "tags.html", "tags/index.html", _key_of(summaries), site=meta, tags=summaries
    )
    for tag, summary in zip(site.tags, summaries, strict=True):
        key = digest(
            tag.slug,
            tag.name,
            *tag.spellings,
            *map(_fingerprint, tag.events),
            ids.items(tag.entries),
        )

        def view(tag: Tag = tag, summary: dict[str, Any] = summary) -> dict[str, Any]:
            return {
                **summary,
                "spellings": list(tag.spellings),
                "events": [card_view(config, words_of(env), e) for e in tag.events],
                "items": [_item_view(config, ev, en) for ev, en in tag.entries],
            }

        path = f"tags/{tag.slug}/index.html"
        yield _page(env, base, "tag.html", path, key, site=meta, tag=view)


def tag_summary(config: Config, tag: Tag) -> dict[str, Any]:
    """What ``/tags/`` shows of a tag: its page and its counts (the lists are on its page,
    so that the index of a large archive is neither slow to make nor to key)."""
    return {
        "slug": tag.slug,
        "name": tag.name,
        "url": f"{config.base_path}tags/{tag.slug}/",
        "event_count": len(tag.events),
        "count": len(tag.entries),
    }


def speaker_summary(config: Config, index: SpeakerIndex) -> dict[str, Any]:
    """What ``/speakers/`` shows of a speaker: the record, the page, the counts and dates."""
    speaker = index.speaker
    return {
        "slug": speaker.slug,
        "name": speaker.name,
        "role": speaker.role,
        "description": speaker.description,
        "wikidata": speaker.wikidata,
        "spellings": list(index.spellings),
        "url": (url := speaker_page(config, speaker.slug)),
        "feed_url": url + "feed.xml" if config.makes("feeds") else "",
        "count": len(index.said),
        "first": index.first,
        "last": index.last,
    }


def speaker_view(config: Config, index: SpeakerIndex) -> dict[str, Any]:
    """A speaker's page: the summary, and every statement grouped by event."""
    groups: dict[str, dict[str, Any]] = {}
    for said in index.said:
        event, entry = said.event, said.entry
        group = groups.get(event.slug)
        if group is None:
            url = event_url(config, event)
            lang = text_language(config, event)
            group = groups[event.slug] = {
                "title": event.title,
                "url": url,
                "lang": lang,
                "items": [],
            }
        group["items"].append(
            {
                "quote": said.statement.quote,
                "kind": said.statement.kind,
                "label": entry.label,
                "iso": entry.time.isoformat(),
                "date": entry.time.date(),
                "url": f"{group['url']}#{entry.anchor}",
            }
        )
    return {**speaker_summary(config, index), "events": list(groups.values())}


def render_speakers(
    env: jinja2.Environment, base: str, site: Site, meta: dict[str, Any], ids: _Identities
) -> Iterator[Output]:
    """``/speakers/`` (each speaker with counts and dates), one page and one Atom feed per
    speaker."""
    config = site.config
    summaries = [speaker_summary(config, index) for index in site.speakers]
    yield _page(
        env, base, "speakers.html", "speakers/index.html", _key_of(summaries), site=meta,
        speakers=summaries,
    )  # fmt: skip
    for index in site.speakers:
        path = f"speakers/{index.speaker.slug}/"
        key = _speaker_key(index, ids)

        def view(index: SpeakerIndex = index) -> dict[str, Any]:
            return speaker_view(config, index)

        yield _page(env, base, "speaker.html", path + "index.html", key, site=meta, speaker=view)
        if not config.makes("feeds"):
            continue
        yield Output(
            path + "feed.xml",
            key=digest(base, "speaker-feed", key),
            make=functools.partial(speaker_feed, config, index),
        )


def _speaker_key(index: SpeakerIndex, ids: _Identities) -> str:
    """The identity of a speaker's page: the record, and each statement as its update
    (see ``_Identities``) and its place among the update's statements."""
    speaker = index.speaker
    keys = ids.keys
    said = "\n".join([f"{keys[id(s.entry)]}/{s.position}" for s in index.said])
    fields = (speaker.slug, speaker.name, speaker.role, speaker.description, speaker.wikidata)
    return digest(*fields, said)


def speaker_feed(config: Config, index: SpeakerIndex) -> bytes:
    seen: dict[tuple[str, str], int] = {}
    urls: dict[str, str] = {}
    name = index.speaker.name
    items = []
    for s in index.said:  # the n-th statement of one update gets "/n": ids stay unique and stable
        n = seen[(s.event.slug, s.entry.anchor)] = seen.get((s.event.slug, s.entry.anchor), 0) + 1
        url = urls.get(s.event.slug) or urls.setdefault(s.event.slug, event_url(config, s.event))
        items.append(
            FeedItem(
                path=f"{url}#{s.entry.anchor}",
                title=f"{name}, {s.entry.label}: {s.event.title}",
                updated=s.entry.time,
                content=s.statement.quote,
                author=name,
                id_suffix="" if n == 1 else f"/{n}",
                lang=text_language(config, s.event),
            )
        )
    return atom(
        site_url=config.site_url,
        base_path=config.base_path,
        title=f"{index.speaker.name} · {config.title}",
        self_path=speaker_page(config, index.speaker.slug) + "feed.xml",
        page_path=speaker_page(config, index.speaker.slug),
        items=items,
        lang=config.language,
    )


def render_captures(site: Site) -> Iterator[Output]:
    """The captured bytes, unchanged: what the archive was built from stays inspectable.
    Keyed by the file's stat as ``stamp.stat_of`` takes it, not its bytes (not read when
    unchanged): the change time and inode tell an edit that kept the size and put the
    modification time back (``touch -r``, ``cp -p``), as they do for sources."""
    for event in site.events:
        for capture in filter(None, (event.capture, *event.further_captures)):
            file = site.config.root / capture
            st = file.stat()
            times = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
            yield Output(
                capture_path(event, capture),
                key=digest("capture", capture, *map(str, times)),
                make=file.read_bytes,
            )
