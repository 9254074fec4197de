"""Scraped live-updates text: the seed's format (``seeds/000_588fca7941595965.txt``).

The shape, as a scraper of a "live updates" page writes it::

    Russia to start withdrawal from Syria Live updates     <- title + page chrome
    14/03/2016                                             <- the page's date (dd/mm/yyyy)
    - 14 March 2016                                        <- a day line: sets the day
    19:16 GMT                                              <- a time line starts an entry
    The Syrian opposition has welcomed ...                 <- Markdown paragraphs
    - **19:14 GMT**                                        <- the other time-line style
    [@RT.com](#) [#Putin](#) orders ... <http://on.rt.com/76wy>   <- a social embed
    -                                                      <- a lone '-' (empty list item)

What is read, and why:

- Time lines are lines holding only a time, optionally bulleted, bold or a heading, with
  an optional zone (``19:16 GMT``, ``- **14:05 CET**``, ``09:30 ET``, ``12.31 Uhr``,
  ``6.15pm``). A printed zone is the entry's zone; an entry printing none takes the zone
  the capture prints most often, else ``config.timezone`` (which a sidecar can set). A
  ``:`` time or one with a zone that is impossible (``25:61``) is an error with its line;
  a bare dotted number (``65.25``) that is no valid time is just text, never a timestamp.
- The ``dd/mm/yyyy`` line above the first entry is the event's date. Day lines (``- 14
  March 2016``, ``Monday 14 March 2016``) set the day of the entries after them.
- Days across midnight: when the capture has day lines between its entries, they alone
  say when the day changes. Otherwise the capture's order is read from its times (most
  steps going down: newest-first; up: oldest-first; a tie: ambiguous), taking each step
  the short way round the clock. In a newest-first capture a step up by more than twelve
  hours (``00:10`` then ``23:55``) is the previous day; in an oldest-first one a step down
  by more than twelve hours is the next day. The date line (or the day line) above the
  first entry dates the first entry. Any other step against the order ("a time running
  backwards") keeps the day and is reported as a warning by ``read_with_warnings``; an
  ambiguous order never changes a date. Nothing else invents a date.
- Paragraphs the scraper broke mid-sentence across a blank line are re-joined only where
  the text shows it: the first ends without closing punctuation (a letter, digit, comma,
  semicolon or dash) and the next starts with a lowercase letter.
- Bodies stay Markdown as captured (the scraper wrote ``*...*`` and ``**...**``); embeds
  and ``[#Tag](#)`` hashtags are found from it by the extract stage.
- Dropped as page chrome, and only these: "Live updates"/"LIVE" ending the title line
  (or standing on a line of its own above the first entry), the date and day lines
  (their dates are in every entry's time), lone ``-`` lines, and the time lines (each
  becomes its entry's label). Every other word lands in the title, the intro or an
  entry. Without a title line the title is the file stem; a sidecar can correct it.
- Zones are compared as printed wall-clock times when the order is read: captures print
  one zone throughout.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import PurePosixPath

from generator.config import Config
from generator.dates import (
    DATE_LINE_NUMERIC,
    DateError,
    combine,
    date_line,
    parse_date,
    parse_time,
    resolve_zone,
)
from generator.errors import Location, Problem
from generator.ids import assign_anchors, slugify
from generator.model import MARKDOWN, MINUTE, Entry, Event, Source
from generator.sources.common import SIDECAR_DATE, Undated, located, title_from_stem

NAME = "liveupdates-text"

_DETECT_CHARS = 16384
_MARK = r"(?:[-*+\u2022][ \t]+|#{1,6}[ \t]+)?"  # a bullet or heading mark before the time
_STRONG = r"(?:\*\*|__|\*|_)?"
_TIME_LINE = re.compile(
    rf"^[ \t]*{_MARK}{_STRONG}[ \t]*"
    r"(?P<label>(?P<clock>\d{1,2}(?P<sep>[:.h])\d{2}"
    r"(?P<suffix>[ \t\u00a0]*(?i:[ap]\.?m\.?|uhr))?)"
    r"(?:[ \t\u00a0]+(?P<zone>[A-Z]{1,5}|(?:UTC|GMT)?[+-]\d{1,2}(?::?\d{2})?))?)"
    rf"[ \t]*{_STRONG}[ \t]*:?[ \t]*$"
)
_NUM_DATE = re.compile(r"^[ \t]*\d{1,2}[./]\d{1,2}[./]\d{4}[ \t]*$")
_DAY_WRAP = re.compile(
    rf"^[ \t]*(?P<bullet>{_MARK}){_STRONG}[ \t]*(?P<inner>.*?)[ \t]*{_STRONG}[ \t]*$"
)
_DAY_SHAPE = DATE_LINE_NUMERIC
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CHROME_END = re.compile(
    r"(?:[ \t]*[-\u2013\u2014|:\u2022][ \t]*|[ \t]+)"
    r"(?:live(?:[ \t]+(?:updates?|blog|coverage|news|ticker|reports?))?)[ \t]*[!.]?$",
    re.I,
)
_CHROME_ONLY = re.compile(
    r"^live(?:[ \t]+(?:updates?|blog|coverage|news|ticker|reports?))?[ \t]*[!.]?$", re.I
)
_CHROME_START = re.compile(r"^(?:live(?:[ \t]+updates?)?)[ \t]*[-\u2013\u2014|:\u2022][ \t]*", re.I)
# A block that is Markdown structure, not running text, is never re-joined.
_NOT_PROSE = re.compile(r"^(?:[ \t]{4}|[ \t]*(?:[#>|<]|[-*+][ \t]|\d+[.)][ \t]|\[@|`{3}|~{3}))")
_OPEN_END = ",;\u2013\u2014"
_HALF_DAY = 12 * 60
_TITLE_MAX = 300


@dataclass(frozen=True, slots=True)
class _Stamp:
    """A time line: when, in which printed zone, and the label as printed."""

    line: int
    clock: time
    zone: str
    label: str


@dataclass(slots=True)
class _Section:
    """The lines between two time lines (the preamble has no stamp)."""

    stamp: _Stamp | None
    day: date | None = None
    day_line_before: bool = False  # a day line stands between this stamp and the last
    lines: list[tuple[int, str | None]] = field(default_factory=list)  # None: a break


@dataclass(frozen=True, slots=True)
class _Block:
    line: int
    text: str


def _time_match(line: str) -> re.Match[str] | None:
    if len(line) > 60 or not any(c.isdigit() for c in line):
        return None
    return _TIME_LINE.match(line)


def _stamp(raw: str, line: int, path: str) -> _Stamp | None:
    """The time line on ``raw``, None if it holds none; an impossible time is an error."""
    m = _time_match(raw)
    if not m:
        return None
    explicit = m["sep"] == ":" or bool(m["zone"]) or bool(m["suffix"])
    try:
        clock = parse_time(m["clock"])
    except DateError as exc:
        if not explicit:
            return None  # "65.25" alone: a number, not a timestamp
        hint = "a time line reads '19:16 GMT' or '- **19:14 GMT**'"
        raise located(path, line, str(exc), hint) from None
    zone = m["zone"] or ""
    if zone:
        try:
            resolve_zone(zone)
        except DateError as exc:
            raise located(path, line, str(exc), "write a zone tlgen knows, or none") from None
    return _Stamp(line, clock, zone, m["label"])


def _day_line(raw: str, line: int, path: str) -> date | None:
    if len(raw) > 80 or not re.search(r"\d{4}", raw):
        return None
    m = _DAY_WRAP.match(raw)
    if not m:
        return None
    try:
        return date_line(m["inner"], numeric=True)
    except DateError as exc:
        raise located(path, line, str(exc), "a day line reads '- 14 March 2016'") from None


def _plain_head(text: str) -> list[str] | None:
    """The lines the detectors look at; None for markup (HTML, JSON, front matter)."""
    head = text[:_DETECT_CHARS]
    return None if head.lstrip().startswith(("<", "{", "---")) else head.split("\n")


def detect(path: str, text: str) -> bool:
    """A ``dd/mm/yyyy`` line or a bulleted day line near the top, and a time line."""
    lines = _plain_head(text)
    if lines is None:
        return False
    top = [raw for raw in lines[:80] if raw.strip()][:12]
    dated = False
    for raw in top:
        if _NUM_DATE.match(raw):
            dated = True
            break
        m = _DAY_WRAP.match(raw)
        if m and m["bullet"] and _DAY_SHAPE.match(m["inner"]):
            dated = True
            break
    return dated and any(_time_match(raw) for raw in lines)


def detect_undated(path: str, text: str) -> bool:
    """Time lines and no date line: a capture read only with its sidecar's ``date:``
    (``read_source`` asks when no reader claims a text)."""
    lines = _plain_head(text)
    return lines is not None and any(_time_match(raw) for raw in lines)


def _scan(
    text: str, path: str, first_day: date | None = None
) -> tuple[list[_Section], date | None, int]:
    """Sections in source order (preamble first), the date line's date and its line.
    ``first_day``: the date a sidecar gives a capture without one (a date line's)."""
    preamble = _Section(None)
    sections = [preamble]
    current = preamble
    page_date: date | None = None
    page_date_line = 0
    day: date | None = first_day
    day_line_seen = False
    fence = ""
    for no, raw in enumerate(text.split("\n"), start=1):
        if fence:
            current.lines.append((no, raw))
            if raw.lstrip(" ").startswith(fence):
                fence = ""
            continue
        if m := _FENCE.match(raw):
            fence = m.group(1)[0] * 3
            current.lines.append((no, raw))
            continue
        stripped = raw.strip()
        if not stripped:
            current.lines.append((no, None))
            continue
        if stripped == "-":
            continue  # an empty list item the scraper left: no words, dropped
        if stamp := _stamp(raw, no, path):
            current = _Section(stamp, day, day_line_seen)
            sections.append(current)
            day_line_seen = False
            continue
        if _NUM_DATE.match(raw) and current is preamble and page_date is None:
            try:
                page_date = parse_date(stripped)
            except DateError as exc:
                raise located(
                    path, no, str(exc), "the page's date line reads day/month/year: 14/03/2016"
                ) from None
            page_date_line = no
            day = day or page_date
            continue
        if (found := _day_line(raw, no, path)) is not None:
            day = found
            day_line_seen = True
            continue
        current.lines.append((no, raw))
    return sections, page_date, page_date_line


def _blocks(lines: list[tuple[int, str | None]]) -> list[_Block]:
    """Blank-line separated blocks, with mid-sentence breaks re-joined."""
    blocks: list[_Block] = []
    start = 0
    buf: list[str] = []
    for no, raw in [*lines, (0, None)]:
        if raw is None:
            if buf:
                blocks.append(_Block(start, "\n".join(buf)))
                buf = []
            continue
        if not buf:
            start = no
        buf.append(raw)
    joined: list[_Block] = []
    for block in blocks:
        if joined and _continues(joined[-1].text, block.text):
            prev = joined[-1]
            joined[-1] = _Block(prev.line, prev.text.rstrip() + " " + block.text.lstrip())
        else:
            joined.append(block)
    return joined


def _continues(prev: str, nxt: str) -> bool:
    """True when ``nxt`` visibly carries on the sentence ``prev`` broke off."""
    if _NOT_PROSE.match(prev) or _NOT_PROSE.match(nxt):
        return False
    tail = prev.rstrip()[-1:]
    head = nxt.lstrip()[:1]
    return bool(tail) and (tail.isalnum() or tail in _OPEN_END) and head.islower()


def _title(preamble: list[_Block]) -> tuple[str, int, list[_Block]]:
    """(title without chrome, its line, the blocks left for the intro)."""
    preamble = [b for b in preamble if not _CHROME_ONLY.match(b.text.strip())]
    if not preamble:
        return "", 0, []
    first = preamble[0]
    if "\n" in first.text or len(first.text) > _TITLE_MAX:
        return "", 0, preamble
    title = re.sub(r"^#{1,6}[ \t]+", "", first.text.strip())
    if len(title) > 4 and title[:2] in ("**", "__") and title[-2:] == title[:2]:
        title = title[2:-2].strip()
    title = _CHROME_END.sub("", title)
    title = _CHROME_START.sub("", title).strip()
    if _CHROME_ONLY.match(title):
        title = ""
    return title, first.line, preamble[1:]


def _step(prev: time, cur: time) -> int:
    """Minutes from ``prev`` to ``cur`` the short way round the clock (-720..720)."""
    delta = (cur.hour * 60 + cur.minute) - (prev.hour * 60 + prev.minute)
    if delta > _HALF_DAY:
        delta -= 24 * 60
    elif delta < -_HALF_DAY:
        delta += 24 * 60
    return delta


def _days(entries: list[_Section], path: str) -> tuple[list[date], list[Problem]]:
    """Each entry's day, following the rule in the module docstring; and the warnings."""
    stamps = [s.stamp for s in entries if s.stamp is not None]
    steps = [
        _step(stamps[i - 1].clock, stamps[i].clock) if not entries[i].day_line_before else 0
        for i in range(1, len(entries))
    ]
    down = sum(1 for s in steps if s < 0)
    up = sum(1 for s in steps if s > 0)
    order = "newest-first" if down > up else "oldest-first" if up > down else ""
    infer = bool(order) and not any(s.day_line_before for s in entries[1:])
    warnings: list[Problem] = []
    days: list[date] = []
    for i, section in enumerate(entries):
        assert section.stamp is not None and section.day is not None
        if i == 0 or section.day_line_before:
            days.append(section.day)
            continue
        prev, cur = stamps[i - 1].clock, section.stamp.clock
        raw = (cur.hour * 60 + cur.minute) - (prev.hour * 60 + prev.minute)
        step = steps[i - 1]
        day = days[-1]
        wraps = (raw > 0) != (step > 0) and raw != 0  # the short way crosses midnight
        against = (order == "newest-first" and step > 0) or (order == "oldest-first" and step < 0)
        if wraps and not against and order:
            if infer:
                try:
                    day = day + timedelta(days=-1 if order == "newest-first" else 1)
                except OverflowError:
                    raise located(path, section.stamp.line, "date out of range") from None
            else:
                warnings.append(
                    Problem(
                        f"the time goes from {prev:%H:%M} to {cur:%H:%M} across midnight "
                        "without a day line; kept on the same day",
                        Location(path, section.stamp.line),
                        "add a day line such as '- 15 March 2016' above this entry",
                        severity="warning",
                    )
                )
        elif against:
            warnings.append(
                Problem(
                    f"time runs backwards in this {order} capture "
                    f"({prev:%H:%M} then {cur:%H:%M}); kept on the same day",
                    Location(path, section.stamp.line),
                    "check the capture; a sidecar can correct the event",
                    severity="warning",
                )
            )
        days.append(day)
    return days, warnings


def read_with_warnings(
    path: str, text: str, config: Config, first_day: date | None = None
) -> tuple[Event, tuple[Problem, ...]]:
    """The Event, and warnings about times that run against the capture's order.
    ``first_day``: a sidecar's ``date:``, for a capture without a date line (``Undated``)."""
    sections, page_date, page_date_line = _scan(text, path, first_day)
    preamble, entries = sections[0], sections[1:]
    if not entries:
        raise located(
            path,
            page_date_line or 1,
            "no time lines: a live-updates capture starts each update with a line holding its time",
            "time lines read '19:16 GMT', '- **19:14 GMT**', '14:05 CET' or '09:30'",
        )
    first = entries[0].stamp
    assert first is not None
    if entries[0].day is None:
        raise Undated(
            [
                Problem(
                    "no date for this update: the capture has no date line above it",
                    Location(path, first.line),
                    "add the page's date under the title (14/03/2016) or a day line "
                    f"(- 14 March 2016), or {SIDECAR_DATE}",
                )
            ]
        )
    days, warnings = _days(entries, path)

    printed = Counter(s.stamp.zone for s in entries if s.stamp and s.stamp.zone)
    zone_label = printed.most_common(1)[0][0] if printed else config.timezone
    try:
        default_zone: tzinfo = resolve_zone(zone_label)
    except DateError as exc:
        raise located(
            path, first.line, str(exc), "set 'timezone' in site.yml or a sidecar"
        ) from None

    moments: list[tuple[datetime, str]] = []
    for section, day in zip(entries, days, strict=True):
        assert section.stamp is not None
        zone = resolve_zone(section.stamp.zone) if section.stamp.zone else default_zone
        moments.append((combine(day, section.stamp.clock, zone), MINUTE))
    anchors = assign_anchors(moments)
    records = tuple(
        Entry(
            anchor=anchor,
            time=moment,
            label=section.stamp.label,
            body="\n\n".join(b.text for b in _blocks(section.lines)),
            line=section.stamp.line,
            body_format=MARKDOWN,
        )
        for section, (moment, _), anchor in zip(entries, moments, anchors, strict=True)
        if section.stamp is not None
    )

    title, title_line, intro = _title(_blocks(preamble.lines))
    stem = PurePosixPath(path).stem
    event = Event(
        slug=slugify(title or stem),
        title=title or title_from_stem(stem),
        date=page_date or days[0],
        timezone=zone_label,
        entries=records,
        path=path,
        line=title_line or 1,
        intro="\n\n".join(b.text for b in intro),
        source=Source(publisher=config.publisher, path=path),
    )
    return event, tuple(warnings)


def read(path: str, text: str, config: Config) -> Event:
    """Read a scraped live-updates capture into an Event (see the module docstring)."""
    return read_with_warnings(path, text, config)[0]
