"""Small helpers the readers share (this module is not a reader)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import fields, is_dataclass, replace
from datetime import date, datetime, time
from typing import Any

from generator.config import language_tag
from generator.dates import DateError, combine, resolve_zone
from generator.errors import Collector, Location, Problem, TlgenError
from generator.ids import assign_anchors
from generator.model import DAY, SpeakerFix

# Limits that keep one hostile or broken file from taking the build's memory and time:
# the largest real capture in the corpus is 1.3 MB with a few hundred updates, and a
# 20,000-entry event builds in about 6 s within 170 MB (docs/RELIABILITY.md). Above
# them a file is an error naming it, never a build that swaps or runs for hours.
MAX_SOURCE_BYTES = 32 * 1024 * 1024
MAX_ENTRIES = 20_000
# A tag: text that holds one is HTML to the readers that decide it entry by entry (``AUTO``)
MARKUP = re.compile(r"<[a-zA-Z/][^>]*>")


# Markdown punctuation, escaped where captured text goes into Markdown (an intro).
_MD_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")


def markdown_paragraphs(paragraphs: Iterable[str]) -> str:
    """Plain text as Markdown that reads as the same words (an event's intro is Markdown;
    a capture's words must not turn into links or emphasis), blank lines between."""
    return "\n\n".join(_MD_PUNCT.sub(r"\\\1", p) for p in paragraphs)


def tag_names(names: Iterable[str]) -> tuple[str, ...]:
    """Each tag once, in order, without the spaces around it; an empty one is none."""
    return tuple(dict.fromkeys(t for t in (name.strip() for name in names) if t))


def read_tags(value: Any, where: Location | None, problems: Collector) -> tuple[str, ...] | None:
    """``tags`` of front matter or a sidecar: a list, or text split at commas; None (and
    an error) for anything else."""
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list) or not all(
        isinstance(t, str | int) and not isinstance(t, bool) for t in items
    ):
        problems.error("'tags' must be a list of words", where, "tags: [syria, russia]")
        return None
    return tag_names(str(t) for t in items)


def checked_language(value: str, where: Location, problems: Collector) -> str:
    """A declared language (front matter, sidecar) as a BCP 47 tag; an error otherwise."""
    tag = language_tag(value)
    if value and not tag:
        hint = "a BCP 47 tag such as de, pt-BR or zh-Hant"
        problems.error(f"{value!r} is not a language tag", where, hint)
    return tag


class Undated(TlgenError):
    """A capture that prints times but no date for them: read again with its sidecar's
    ``date:`` where it has one (``read_source``)."""


# What HTML does not allow in a page (control characters but tab, newline and form feed;
# the noncharacters of the first plane): a capture's are shown as U+FFFD, as its
# undecodable bytes are. (The other planes' are left: a class that holds them makes the
# search ten times slower, and no capture was seen with one.) A NUL byte in a file is an
# error before this is asked; a JSON escape "\u0000" is one of these.
NOT_IN_HTML = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")


def without_unfit(value: Any) -> Any:
    """A record (an Event and all it holds) with what ``NOT_IN_HTML`` matches replaced
    by U+FFFD in every text; the same object where there is none. For a document whose
    escapes ("\\u0006") put such characters in it after ``decode``."""
    if isinstance(value, str):
        return NOT_IN_HTML.sub("\ufffd", value) if NOT_IN_HTML.search(value) else value
    if isinstance(value, tuple):
        items = tuple(without_unfit(item) for item in value)
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    if is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for f in fields(value):
            old = getattr(value, f.name)
            if (new := without_unfit(old)) is not old:
                changes[f.name] = new
        return replace(value, **changes) if changes else value
    return value


SIDECAR_DATE = "give the date of the update at the top in its sidecar: date: 2016-03-14"


def too_many_entries(path: str, line: int, count: int) -> TlgenError:
    return located(
        path,
        line,
        f"{count:,} entries; tlgen builds events of up to {MAX_ENTRIES:,} entries",
        "split the event into several files (one per day, say)",
    )


def located(path: str, line: int, message: str, hint: str = "") -> TlgenError:
    """A one-problem error at ``path:line``, for ``raise located(...)``."""
    return TlgenError([Problem(message, Location(path, line), hint)])


SPEAKERS_HINT = 'speakers: {"Smith": "Jane Smith", "Reuters": null}'


def speaker_fixes(
    value: Any, path: str, line_of: Callable[..., int], problems: Collector
) -> tuple[SpeakerFix, ...]:
    """``speakers:`` (a sidecar's or front matter's): each name as the page shows it, and
    who that is in this event, or null when nobody is (a wrong attribution). ``line_of()``
    is the key's line, ``line_of(name)`` a name's; mistakes go to ``problems``."""
    if not isinstance(value, dict):
        where = Location(path, line_of())
        problems.error("'speakers' must be a mapping of names", where, SPEAKERS_HINT)
        return ()
    fixes = []
    for name, to in value.items():
        where = Location(path, line_of(name))
        if not isinstance(name, str) or not name.strip():
            problems.error(f"speakers: {name!r} is not a name", where, SPEAKERS_HINT)
        elif to is not None and not isinstance(to, str):
            problems.error(f"speakers: {name!r} must be a name or null", where, SPEAKERS_HINT)
        else:
            fixes.append(
                SpeakerFix(" ".join(name.split()), " ".join((to or "").split()), path, where.line)
            )
    return tuple(fixes)


def title_from_stem(stem: str) -> str:
    """``guardian_2011_egypt-crisis-timeline`` -> ``Guardian 2011 egypt crisis timeline``:
    a stand-in title a sidecar corrects; dates and year ranges keep their hyphens."""
    parts = [p if re.fullmatch(r"[\d-]+", p) else p.replace("-", " ") for p in stem.split("_")]
    text = " ".join(p for p in parts if p).strip()
    return text[:1].upper() + text[1:]


def day_stamps(path: str, days: Sequence[date], timezone: str) -> list[tuple[datetime, str]]:
    """(time, anchor) of dated entries in source order: midnight of each day in the zone,
    ``t-YYYY-MM-DD`` anchors, ``-2`` for a second entry on one day."""
    try:
        zone = resolve_zone(timezone)
    except DateError as exc:
        raise located(path, 1, str(exc), "set 'timezone' in site.yml or a sidecar") from None
    moments = [(combine(day, time(0, 0), zone), DAY) for day in days]
    return list(zip((moment for moment, _ in moments), assign_anchors(moments), strict=True))
