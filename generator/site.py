"""Assemble the site: which events are published, in what order, and which URLs they
claim. The one place where one event can collide with another.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import NamedTuple
from urllib.parse import urlsplit

from generator.config import Config
from generator.errors import Collector, Location
from generator.ids import slugify
from generator.model import Entry, Event, Speaker, Statement
from generator.registry import Registry


class Said(NamedTuple):
    """One statement where it was made: the event and the entry it links back to. A
    tuple, made in half the time of a dataclass: a build makes one per statement of
    the archive (half a million at 10,000 events), every time."""

    event: Event
    entry: Entry
    statement: Statement
    position: int = 0  # among the entry's statements


@dataclass(frozen=True, slots=True)
class SpeakerIndex:
    """A speaker and everything they said across the archive, oldest first."""

    speaker: Speaker
    said: tuple[Said, ...]
    # The other ways the text wrote an unregistered speaker's name that gives one page
    # ("Jose Perez" beside "José Pérez"), most used first: shown, never merged in silence.
    spellings: tuple[str, ...] = ()

    @property
    def first(self) -> datetime:
        return self.said[0].entry.time

    @property
    def last(self) -> datetime:
        return self.said[-1].entry.time


@dataclass(frozen=True, slots=True)
class Tag:
    """A tag: the events tagged with it and the updates carrying it as a hashtag."""

    slug: str
    name: str
    events: tuple[Event, ...]
    entries: tuple[tuple[Event, Entry], ...]
    # Other spellings with the same slug ("C#" beside "C++"), first seen first; the same
    # words in other letter cases or with a "#" are one spelling
    spellings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Month:
    """One page of the cross-event timeline: a calendar month, newest day first. Pages by
    month keep their URLs as the archive grows, so links into them never break."""

    key: str  # "2016-03"
    days: tuple[tuple[date, tuple[tuple[Event, Entry], ...]], ...]

    @property
    def count(self) -> int:
        return sum(len(items) for _, items in self.days)


@dataclass(frozen=True, slots=True)
class Site:
    """Everything the render stage needs, already ordered; nothing left to decide."""

    config: Config
    events: tuple[Event, ...]  # newest first
    speakers: tuple[SpeakerIndex, ...] = ()  # by name
    tags: tuple[Tag, ...] = ()  # by name
    months: tuple[Month, ...] = ()  # newest first

    @property
    def entry_count(self) -> int:
        return sum(len(e.entries) for e in self.events)


def _instants(events: Iterable[Event]) -> dict[int, float]:
    """Each entry's moment as a number, by ``id``: the indexes sort every entry, and an
    aware datetime's ``timestamp()`` asks its zone each time."""
    return {id(entry): entry.time.timestamp() for event in events for entry in event.entries}


def index_speakers(
    events: Iterable[Event], registry: Registry, instants: dict[int, float] | None = None
) -> tuple[SpeakerIndex, ...]:
    """Every speaker with a statement; the registry's record where it knows them."""
    events = tuple(events)
    at = instants if instants is not None else _instants(events)
    names: dict[str, dict[str, int]] = {}  # each page's spellings, counted, first seen first
    quoting: list[tuple[Event, Entry]] = []
    for event in events:
        for entry in event.entries:
            if entry.statements:
                quoting.append((event, entry))
                for statement in entry.statements:
                    spelled = names.setdefault(statement.speaker_slug, {})
                    spelled[statement.speaker] = spelled.get(statement.speaker, 0) + 1
    # Each speaker's statements in time order, then by link: the entries are put in that
    # order once, rather than each speaker's statements (more, and sharing their keys)
    quoting.sort(key=lambda p: (at[id(p[1])], p[0].slug, p[1].anchor))
    said: dict[str, list[Said]] = {}
    for event, entry in quoting:
        for position, statement in enumerate(entry.statements):
            said.setdefault(statement.speaker_slug, []).append(
                Said(event, entry, statement, position)
            )
    index = []
    for slug, items in said.items():
        registered = registry.speakers.get(slug)
        # most used first; ties in the order first seen (a stable sort)
        spellings = sorted(names[slug], key=lambda n: -names[slug][n])
        speaker = registered or Speaker(slug=slug, name=spellings[0])
        index.append(
            SpeakerIndex(speaker, tuple(items), () if registered else tuple(spellings[1:]))
        )
    index.sort(key=lambda s: (s.speaker.name.casefold(), s.speaker.slug))
    return tuple(index)


def _newest_first_key(event: Event) -> tuple[float, str]:
    start = event.start
    return (start.timestamp() if start else 0.0, event.slug)


def _source_key(url: str) -> str:
    """One key for the ways one URL gets written: scheme, host case, fragment, slash."""
    parts = urlsplit(url.strip())
    if not parts.netloc:
        return ""
    return (
        f"{parts.netloc.lower()}{parts.path.rstrip('/')}{'?' + parts.query if parts.query else ''}"
    )


def _completeness(event: Event) -> tuple[int, int, int, str]:
    """More updates, then more of the page kept (longer html, with links and embeds), win."""
    return (
        len(event.entries),
        sum(len(e.html) for e in event.entries),
        sum(len(e.embeds) for e in event.entries),
        event.path,
    )


def merge_captures(events: list[Event]) -> list[Event]:
    """Two captures of one source URL make one event: the more complete capture is read,
    the other is listed beside it as a further capture (never dropped in silence)."""
    # A native file made by ``tlgen import`` names its capture in source.path: the edited
    # file supersedes the raw capture, which is still published beside it.
    captures = {e.capture for e in events if e.capture}
    edited = {e.source.path for e in events if not e.capture and e.source.path in captures}
    events = [
        replace(e, capture=e.source.path) if not e.capture and e.source.path in edited else e
        for e in events
        if e.capture not in edited
    ]
    groups: dict[str, list[Event]] = {}
    merged: list[Event] = []
    for event in events:
        key = _source_key(event.source.url) if event.capture else ""
        if key:
            groups.setdefault(key, []).append(event)
        else:
            merged.append(event)
    for group in groups.values():
        ranked = sorted(group, key=_completeness, reverse=True)
        best, rest = ranked[0], ranked[1:]
        further = tuple(sorted(e.capture for e in rest))
        # one blog: what the capture read does not say (a JSON capture may lack the
        # page's language, its standfirst or keywords), another capture of it may; an
        # event page's key holds each field set here (``render._fingerprint``)
        merged.append(
            replace(
                best,
                further_captures=best.further_captures + further,
                language=next((e.language for e in ranked if e.language), ""),
                summary=next((e.summary for e in ranked if e.summary), ""),
                tags=next((e.tags for e in ranked if e.tags), ()),
            )
        )
    return merged


def index_tags(
    events: Iterable[Event], instants: dict[int, float] | None = None
) -> tuple[Tag, ...]:
    """Event tags and entry hashtags, merged by slug ("Putin" and "#putin" are one)."""
    events = tuple(events)
    at = instants if instants is not None else _instants(events)
    names: dict[str, str] = {}
    spelt: dict[str, dict[str, str]] = {}  # slug -> each spelling, folded -> as first seen
    tagged: dict[str, list[Event]] = {}
    carried: dict[str, list[tuple[Event, Entry]]] = {}
    for event in events:
        listed: set[str] = set()  # two spellings of one tag list the event once
        for tag in dict.fromkeys(event.tags):
            slug = slugify(tag)
            names.setdefault(slug, tag)
            spelt.setdefault(slug, {}).setdefault(tag.lstrip("#").casefold(), tag)
            if slug not in listed:
                listed.add(slug)
                tagged.setdefault(slug, []).append(event)
        for entry in event.entries:
            if not entry.hashtags:
                continue
            by_slug: dict[str, str] = {}  # the first spelling of each tag in the entry
            for hashtag in entry.hashtags:
                slug = slugify(hashtag)
                by_slug.setdefault(slug, hashtag)
                spelt.setdefault(slug, {}).setdefault(hashtag.casefold(), hashtag)
            for tag, hashtag in by_slug.items():
                names.setdefault(tag, hashtag)
                carried.setdefault(tag, []).append((event, entry))
    tags = [
        Tag(
            slug,
            names[slug],
            tuple(tagged.get(slug, ())),
            tuple(sorted(carried.get(slug, ()), key=lambda p: -at[id(p[1])])),
            tuple(
                spelling
                for folded, spelling in spelt[slug].items()
                if folded != names[slug].lstrip("#").casefold()
            ),
        )
        for slug in names
    ]
    return tuple(sorted(tags, key=lambda t: (t.name.casefold(), t.slug)))


def index_months(
    events: Iterable[Event], instants: dict[int, float] | None = None
) -> tuple[Month, ...]:
    """Every entry of every event by its own local day, newest day and entry first."""
    events = tuple(events)
    at = instants if instants is not None else _instants(events)
    days: dict[date, list[tuple[Event, Entry]]] = {}
    for event in events:
        for entry in event.entries:
            days.setdefault(entry.time.date(), []).append((event, entry))
    months: dict[str, list[tuple[date, tuple[tuple[Event, Entry], ...]]]] = {}
    for day in sorted(days, reverse=True):
        items = sorted(days[day], key=lambda p: (-at[id(p[1])], p[0].slug))
        months.setdefault(f"{day:%Y-%m}", []).append((day, tuple(items)))
    return tuple(Month(key, tuple(items)) for key, items in months.items())


def assemble(
    config: Config,
    events: Iterable[Event],
    registry: Registry | None = None,
    drafts: bool = False,
) -> Site:
    """Order events newest first (by their first entry) and refuse URL collisions."""
    problems = Collector()
    published = merge_captures([e for e in events if drafts or not e.draft])
    by_slug: dict[str, Event] = {}
    for event in sorted(published, key=lambda e: e.path):
        other = by_slug.get(event.slug)
        if other is not None:
            problems.error(
                f"two events claim /events/{event.slug}/: {other.path} and {event.path}",
                Location(event.path, event.line),
                "give one of them another 'slug:' in its front matter",
            )
            continue
        by_slug[event.slug] = event
    problems.raise_if_errors()
    ordered = sorted(by_slug.values(), key=_newest_first_key, reverse=True)
    # Each index only if a page is made from it (``disable:``): an index reads every
    # entry, and the entries of an event from the cache are loaded only when read.
    speakers, tags = config.makes("speakers"), config.makes("tags")
    months = config.makes("timeline") or config.search
    instants = _instants(ordered) if speakers or tags or months else {}
    return Site(
        config=config,
        events=tuple(ordered),
        speakers=index_speakers(ordered, registry or Registry(), instants) if speakers else (),
        tags=index_tags(ordered, instants) if tags else (),
        months=index_months(ordered, instants) if months else (),
    )
