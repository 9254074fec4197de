"""The records every stage passes along: plain frozen dataclasses, no I/O, no behaviour
beyond what can be derived from their own fields.

Frozen records are what let stages be pure functions: a reader's result can be cached by
the hash of its input bytes, sent to another process, and compared in a test.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from operator import attrgetter
from typing import Any, TypeVar, overload

# What an entry's body is written in: Markdown (native files, scraped live-updates text),
# sanitised HTML (archived pages, JSON article models) or plain text (research corpora,
# where '*' and '<' are just characters).
MARKDOWN = "markdown"
HTML = "html"
TEXT = "text"
# A document whose updates are each HTML where they hold markup, plain text where they
# hold none (a JSON-LD articleBody is either): decided update by update, never a body's.
AUTO = "auto"

# How precise an entry's timestamp is: a live blog prints minutes, a dated news
# timeline only days (its anchor then has no time part).
MINUTE = "minute"
DAY = "day"

_T = TypeVar("_T")


def _pickled_by_fields(cls: type[_T]) -> type[_T]:
    """Pickle a record as its class and its field values: loading calls the generated
    ``__init__``, about twice as fast as the dataclass default for frozen slotted classes
    (which sets each field through a Python loop). The cache holds tens of thousands."""
    get = attrgetter(*(f.name for f in fields(cls)))  # type: ignore[arg-type]

    def reduce(self: _T) -> tuple[type[_T], tuple[object, ...]]:
        return cls, get(self)

    cls.__reduce__ = reduce  # type: ignore[assignment,method-assign]
    return cls


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Source:
    """Where an event came from: the original page, its publisher, when it was captured."""

    url: str = ""
    publisher: str = ""
    captured: str = ""
    path: str = ""


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Statement:
    """Something a speaker said: ``direct`` in their words, ``reported`` without quotes."""

    speaker: str
    speaker_slug: str
    quote: str
    kind: str = "direct"


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Embed:
    """A social post quoted in an update, kept as static text: nothing is fetched."""

    handle: str
    text: str
    url: str
    hashtags: tuple[str, ...] = ()
    kind: str = "social"


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Entry:
    """One timestamped update of an event.

    ``time`` is timezone-aware and ``label`` is the time as the source printed it; the
    anchor is derived from the local wall-clock time, never from the entry's position.
    ``body`` is the entry as its source wrote it (see ``body_format``); readers of
    structured formats may fill ``embeds`` themselves, the extract stage fills the rest.
    """

    anchor: str
    time: datetime
    label: str
    body: str
    line: int
    title: str = ""
    precision: str = MINUTE
    body_format: str = MARKDOWN
    html: str = ""
    text: str = ""
    statements: tuple[Statement, ...] = ()
    mentions: tuple[str, ...] = ()
    embeds: tuple[Embed, ...] = ()
    hashtags: tuple[str, ...] = ()
    links: tuple[str, ...] = ()


class LazyEntries(Sequence["Entry"]):
    """An event's entries as a pickled event holds them: one blob, unpickled on first use.

    An edit rebuilds from the cache, and a clean build's main process gets each event
    from a worker; both need every event's head (title, dates, count: the home page,
    the order) but the entries of only those events a page to be made lists. With the
    listing kinds disabled (``disable:``), that is the edited event alone. The count
    and the first and last times are kept beside the blob."""

    __slots__ = ("_blob", "_items", "_length", "first", "last", "loader")

    def __init__(
        self,
        blob: bytes | None,
        count: int,
        first: datetime | None,
        last: datetime | None,
        items: tuple[Entry, ...] | None = None,
    ) -> None:
        self._blob, self._items = blob, items
        self._length, self.first, self.last = count, first, last
        # Where the entries are, for a head read without them (``head``): set by its reader
        self.loader: Callable[[], tuple[Entry, ...]] | None = None

    @classmethod
    def of(cls, entries: Sequence[Entry]) -> LazyEntries:
        if isinstance(entries, LazyEntries):
            return entries
        items = tuple(entries)
        times = [e.time for e in items]
        return cls(None, len(items), min(times, default=None), max(times, default=None), items)

    def head(self) -> tuple[Any, ...]:
        """How the head alone is pickled: the count and times, no entries (see
        ``cache.Cache.save_heads``); its reader gives it a ``loader``."""
        return LazyEntries, (None, self._length, self.first, self.last)

    def items(self) -> tuple[Entry, ...]:
        if self._items is None:
            if self._blob is None and self.loader is not None:
                self._items = tuple(self.loader())
            else:
                self._items = pickle.loads(self._blob or b"")
            self._blob, self.loader = None, None  # held once: pickled again if the event is
        return self._items

    def __reduce__(self) -> tuple[Any, ...]:
        blob = self._blob
        if blob is None:
            blob = pickle.dumps(self.items(), protocol=pickle.HIGHEST_PROTOCOL)
        return LazyEntries, (blob, self._length, self.first, self.last)

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> Entry: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Entry, ...]: ...
    def __getitem__(self, index: int | slice) -> Entry | tuple[Entry, ...]:
        return self.items()[index]

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.items())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyEntries):
            other = other.items()
        return isinstance(other, tuple) and self.items() == other

    def __hash__(self) -> int:
        return hash(self.items())

    def __repr__(self) -> str:
        return repr(self.items())


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class SpeakerFix:
    """A correction of one event's speakers (``speakers:`` in a sidecar or front matter):
    ``name`` as the built page shows it is ``to`` in this event, or nobody (``to`` ""),
    whose statements are then left unattributed. ``path`` and ``line``: where it is set."""

    name: str
    to: str
    path: str
    line: int


@dataclass(frozen=True, slots=True)
class Event:
    """One archived live blog: its provenance and its entries in source order."""

    slug: str
    title: str
    date: date
    timezone: str
    entries: Sequence[Entry]  # a tuple, or ``LazyEntries`` once pickled
    path: str
    line: int = 1
    summary: str = ""
    tags: tuple[str, ...] = ()
    source: Source = field(default_factory=Source)
    draft: bool = False
    intro: str = ""
    intro_html: str = ""
    # The raw capture this event was read from ("seeds/x.html"), copied into the site
    # unchanged; "" for events written in the native format.
    capture: str = ""
    # Other captures of the same source URL, less complete than the one read.
    further_captures: tuple[str, ...] = ()
    # A hash of everything the event was made from (set by the build's memo), "" if none.
    key: str = ""
    # A hash of each entry, made when the event is read (and kept in the cache with it): a
    # page listing updates of many events is then keyed by what it lists, cheaply.
    entry_keys: tuple[str, ...] = ()
    # Corrections of who spoke, applied after extraction (``extract.fix_speakers``)
    speaker_fixes: tuple[SpeakerFix, ...] = ()
    # The language of its text (a BCP 47 tag) when its source says; "" for the site's
    language: str = ""

    @property
    def start(self) -> datetime | None:
        if type(self.entries) is LazyEntries:
            return self.entries.first
        return min((e.time for e in self.entries), default=None)

    @property
    def end(self) -> datetime | None:
        if type(self.entries) is LazyEntries:
            return self.entries.last
        return max((e.time for e in self.entries), default=None)

    def __reduce__(self) -> tuple[Any, ...]:
        """As ``_pickled_by_fields``, with the entries as one lazy blob (``LazyEntries``)."""
        values = list(_event_fields(self))
        values[_ENTRIES] = LazyEntries.of(self.entries)
        return Event, tuple(values)


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Speaker:
    """A person who is quoted; from ``content/speakers.yml`` or found in the text."""

    slug: str
    name: str
    aliases: tuple[str, ...] = ()
    role: str = ""
    description: str = ""
    wikidata: str = ""


@dataclass(frozen=True, slots=True)
class Output:
    """One file of the built site: a POSIX path relative to the output root and its bytes.

    ``key`` identifies everything the bytes depend on; when the last build wrote the same
    path with the same key, the file is reused and ``make`` (which renders the bytes on
    demand) is never called.
    """

    path: str
    data: bytes = b""
    key: str = ""
    # The bytes at once, or piece by piece: a file of the whole archive (its feed, its
    # JSON Lines) is then written as it is made, never held in memory whole.
    make: Callable[[], bytes | Iterable[bytes]] | None = field(default=None, compare=False)
    # Or made of pieces, each with the key of its inputs, ``part(i)`` making the i-th: the
    # writer copies a piece from the last build's file when its key is the same, so one
    # edit costs the archive-wide files (its feed, its JSON Lines) only the pieces it changed.
    parts: tuple[str, ...] = ()
    part: Callable[[int], bytes] | None = field(default=None, compare=False)

    def chunks(self) -> Iterator[bytes]:
        if self.part is not None:
            yield from map(self.part, range(len(self.parts)))
            return
        made = self.make() if self.make is not None else self.data
        if isinstance(made, bytes):
            yield made
        else:
            yield from made

    def content(self) -> bytes:
        return b"".join(self.chunks())


_event_fields = attrgetter(*(f.name for f in fields(Event)))
_ENTRIES = [f.name for f in fields(Event)].index("entries")
