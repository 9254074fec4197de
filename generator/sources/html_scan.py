"""Finding the timestamped updates of an archived live-blog page without knowing its publisher.

A live blog is a run of sibling blocks (same tag, same leading class) that each open with a
time: a ``<time>`` element, or a printed time such as ``19:30``, ``12.31 Uhr``, ``12.05 BST``
or ``20:49, 5 Aug 2024``. The scan walks the parsed page once, notes every such time and the
text offset where it stands, and lets each time vote for the ancestors it opens; the sibling
group with most votes is the blog. Numbers that only look like times (race times ``65.25
sek.``, scores ``4 : 2`` or ``1:0``) are refused: a time has two-digit minutes and valid
ranges, no unit or further digits after it, and must open a text within the first few words
of its block (or be the text of a ``<time>`` element).

Day headings (``Dienstag, 27. August 2024``) found near the blocks set the date of the blocks
that have none of their own.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time

from lxml import etree
from lxml.html import HtmlElement

from generator.dates import MONTHS, WEEKDAYS, DateError, is_zone, parse_date, parse_time

# How far (in characters of visible text) into a block its time may stand: room for a
# relative "42m ago" or a short byline before the printed time, not for a teaser headline.
WINDOW = 40
# Day headings are read this many levels above the blocks' container, no further: far
# enough for a heading in the next section of the same article, not the page's sidebars.
DAY_SCOPE_LEVELS = 2

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY = rf"(?:{WEEKDAYS})\.?"
_DATE = (
    rf"(?:\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|\d{{1,2}}\.\d{{1,2}}\.\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\.?\s+(?:{_MONTH})\.?,?\s+\d{{4}}"
    rf"|(?:{_MONTH})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})"
)
_CLOCK = (
    r"(?<![\d:.,])(?P<h>[01]?\d|2[0-3])[:.h](?P<m>[0-5]\d)(?!\d)"
    r"(?:\s*(?P<ampm>[ap]\.?m\.?)(?![a-z]))?"
    r"(?:[ \t\u00a0]*(?P<zone>Uhr\b|[A-Z]{2,5}\b))?"
)
# A printed time that opens a block: optionally a date first ("27.08.2024, 12:32 Uhr",
# "Monday 14 March 2016 19.15 GMT"), optionally a date after ("20:49, 5 Aug 2024").
_OPENING = re.compile(
    rf"(?:(?:{_WEEKDAY}),?\s+)?(?:(?P<date1>{_DATE})[,\s]+(?:um\s+|at\s+|godz\.\s*)?)?"
    rf"{_CLOCK}"
    rf"(?:,?\s+(?:on\s+)?(?:(?:{_WEEKDAY}),?\s+)?(?P<date2>{_DATE}))?",
    re.I,
)
_ANYWHERE = re.compile(_CLOCK, re.I)
# What may not follow a time: more digits (a race time "1:02.45"), a unit ("65.25 sek.").
_NOT_A_TIME = re.compile(
    r"^\s*(?:[.,:]\d|\d|%|(?:sek|sec|secs|s|min|mins|km|kg|m|pkt|pts|zł|€|\$)(?![^\W\d_]))",
    re.I,
)
_ISO = re.compile(
    r"^\s*(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*"
    r"(Z|[+-]\d{2}:?\d{2})?)?\s*$"
)
_WEEKDAY_PREFIX = re.compile(rf"^(?:{_WEEKDAY}),?\s+", re.I)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Tags whose blocks are a heading or paragraph followed by their content (the "flat" form:
# <h2>12.31 Uhr: Headline</h2><p>...</p>) rather than a container holding one update.
FLAT_TAGS = _HEADINGS | {"p", "strong", "b", "em", "span", "dt"}


@dataclass(frozen=True, slots=True)
class Printed:
    """A time as the page prints it; ``zone`` is the word after it (``BST``, ``Uhr``)."""

    label: str
    clock: time
    zone: str = ""
    day: date | None = None
    end: int = 0  # where the printed time ends in the text it was found in


def read_printed(text: str, anchored: bool = True) -> Printed | None:
    """The printed time at the start of ``text`` (or anywhere in it, for the text of a
    ``<time>`` element); None for anything that only looks like a time."""
    head = text[:160]
    offset = len(head) - len(head.lstrip()) if anchored else 0
    m = _OPENING.match(head, offset) if anchored else _ANYWHERE.search(head)
    if not m:
        return None
    end = m.end()
    zone = m["zone"] or ""
    ampm = m["ampm"] or ""
    day_text = m.groupdict().get("date1") or ""
    if ampm and int(m["h"]) > 12:  # "19:30 am Montag": German "am", not a.m.
        end, ampm, zone = m.start("ampm"), "", ""
    elif zone and zone.lower() != "uhr" and not (zone.isupper() and is_zone(zone)):
        end, zone = m.start("zone"), ""  # "19:30 Piotr": a word, not a zone
    else:
        day_text = day_text or m.groupdict().get("date2") or ""
    if _NOT_A_TIME.match(head[end:]):
        return None
    try:
        clock = parse_time(f"{m['h']}:{m['m']}{ampm}")
        day = parse_date(_WEEKDAY_PREFIX.sub("", day_text)) if day_text else None
    except DateError:
        return None
    label = " ".join(head[m.start() : end].split()).rstrip(",")
    return Printed(label, clock, zone, day, end - offset)


def read_machine(value: str) -> datetime | date | None:
    """An ISO 8601 date or date-time from an attribute; naive when it names no offset."""
    m = _ISO.match(value or "")
    if not m:
        return None
    try:
        if not m[2]:
            return date.fromisoformat(m[1])
        return datetime.fromisoformat(f"{m[1]}T{m[2]}{m[3] or ''}")
    except ValueError:
        return None


def read_day(text: str) -> date | None:
    """A text that is nothing but a date: a day heading."""
    s = " ".join(text.split())
    if not 6 <= len(s) <= 60 or not any(c.isdigit() for c in s):
        return None
    try:
        return parse_date(_WEEKDAY_PREFIX.sub("", s))
    except DateError:
        return None


@dataclass(slots=True)
class Stamp:
    """A time found in the page at text ``offset``, inside ``element``."""

    offset: int
    element: HtmlElement
    printed: Printed | None = None
    machine: datetime | date | None = None
    text_owner: HtmlElement | None = None  # the element whose .text (or .tail) holds it
    in_tail: bool = False


@dataclass(slots=True)
class Block:
    """One update found by the scan: its element(s) and the times at its start."""

    element: HtmlElement
    stamps: list[Stamp] = field(default_factory=list)
    flat: bool = False
    content: list[HtmlElement] = field(default_factory=list)  # following siblings (flat)

    @property
    def printed(self) -> Printed | None:
        return next((s.printed for s in self.stamps if s.printed), None)

    @property
    def machine(self) -> datetime | date | None:
        found = [s.machine for s in self.stamps if s.machine is not None]
        full = [m for m in found if isinstance(m, datetime)]
        return full[0] if full else (found[0] if found else None)


@dataclass(slots=True)
class Scan:
    """What one pass over the page found: the blog's blocks and the day headings."""

    blocks: list[Block]
    days: list[tuple[int, HtmlElement, date]]  # (offset, element, date) in document order
    starts: dict[HtmlElement, int]
    ends: dict[HtmlElement, int]
    stamps: list[Stamp] = field(default_factory=list)  # every time found, by offset
    offsets: list[int] = field(default_factory=list)  # their offsets, for bisect

    def stamps_at(self, el: HtmlElement) -> list[Stamp]:
        """The times at the start of ``el`` (for a block named by JSON-LD, not by the scan)."""
        start = self.starts.get(el)
        if start is None:
            return []
        stop = min(start + WINDOW, self.ends.get(el, start))
        lo = bisect.bisect_left(self.offsets, start)
        hi = bisect.bisect_right(self.offsets, stop)
        return [st for st in self.stamps[lo:hi] if _within(st.element, el)]


def signature(el: HtmlElement) -> tuple[str, str]:
    """Tag and first class: what repeated blocks of one kind share (modifiers differ)."""
    classes = (el.get("class") or "").split()
    return (str(el.tag), classes[0] if classes else "")


def _time_element_stamp(el: HtmlElement, offset: int) -> Stamp | None:
    machine = read_machine(el.get("datetime") or "")
    if machine is None:
        for name, value in el.attrib.items():
            if name.startswith("data-") and (machine := read_machine(value)) is not None:
                break
    printed = read_printed(el.text_content(), anchored=False)
    if machine is None and printed is None:
        return None
    return Stamp(offset, el, printed, machine)


def scan(root: HtmlElement) -> Scan:
    """One pass over ``root``: times, day headings and the text offsets of every element."""
    offset = 0
    starts: dict[HtmlElement, int] = {}
    ends: dict[HtmlElement, int] = {}
    stamps: list[Stamp] = []
    days: list[tuple[int, HtmlElement, date]] = []
    for event, el in etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            starts[el] = offset
            tag = el.tag
            if not isinstance(tag, str):  # a comment or processing instruction
                continue
            if tag == "time" and (st := _time_element_stamp(el, offset)):
                stamps.append(st)
            if tag in _HEADINGS or (len(el) == 0 and tag not in ("time", "a")):
                text = el.text_content() if tag in _HEADINGS else (el.text or "")
                if (day := read_day(text)) is not None:
                    days.append((offset, el, day))
            if el.text and (s := el.text.strip()):
                if printed := read_printed(s):
                    stamps.append(Stamp(offset, el, printed, text_owner=el))
                offset += len(s)
        else:
            ends[el] = offset
            parent = el.getparent()  # a comment's tail is the page's text too
            if el.tail and parent is not None and (s := el.tail.strip()):
                if printed := read_printed(s):
                    stamps.append(Stamp(offset, parent, printed, text_owner=el, in_tail=True))
                offset += len(s)
    stamps.sort(key=lambda st: st.offset)
    blocks = _blocks(root, stamps, starts, ends)
    offsets = [st.offset for st in stamps]
    return Scan(blocks, _dedupe_days(days), starts, ends, stamps, offsets)


def _dedupe_days(days: list[tuple[int, HtmlElement, date]]) -> list[tuple[int, HtmlElement, date]]:
    """A heading holding a date also holds it in its text children: keep it once."""
    out: list[tuple[int, HtmlElement, date]] = []
    for item in days:
        if out and out[-1][0] == item[0] and out[-1][2] == item[2]:
            continue
        out.append(item)
    return out


def _link_dense(el: HtmlElement, starts: dict[HtmlElement, int], ends: dict) -> bool:
    """Teasers and related-link lists are mostly link text; updates are not."""
    total = ends.get(el, 0) - starts.get(el, 0)
    if total <= 0:
        return True
    linked = 0
    for a in el.iter("a"):
        linked += ends.get(a, 0) - starts.get(a, 0)
    return linked > 0.6 * total


def _blocks(
    root: HtmlElement,
    stamps: list[Stamp],
    starts: dict[HtmlElement, int],
    ends: dict[HtmlElement, int],
) -> list[Block]:
    votes: dict[tuple[HtmlElement, tuple[str, str]], dict[HtmlElement, list[Stamp]]] = {}
    for st in stamps:
        el: HtmlElement | None = st.element
        while el is not None and el is not root:
            if st.offset - starts[el] > WINDOW:
                break
            parent = el.getparent()
            if parent is None:
                break
            votes.setdefault((parent, signature(el)), {}).setdefault(el, []).append(st)
            el = parent
    # Most blocks wins; on a tie (a page with one update) the larger blocks, so that the
    # update is the whole block and not the line holding its time.
    ranked = sorted(
        votes.items(),
        key=lambda kv: (-len(kv[1]), -sum(ends[m] - starts[m] for m in kv[1])),
    )
    for (parent, sig), members in ranked:
        dense = sum(_link_dense(m, starts, ends) for m in members)
        if dense * 2 > len(members):
            continue
        chosen = dict(members)
        # The same kind of block under more containers of the same kind (one per day);
        # not one inside another (<b><b>18:15</b></b>): a printed time opens one update.
        claimed = {id(st) for found in members.values() for st in found}
        psig = signature(parent)
        for (other, osig), more in ranked:
            if other is not parent and osig == sig and signature(other) == psig:
                for el, found in more.items():
                    if not any(id(st) in claimed for st in found):
                        chosen[el] = found
                        claimed.update(id(st) for st in found)
        return _assemble(chosen, sig, starts, ends)
    return []


def _assemble(
    members: dict[HtmlElement, list[Stamp]],
    sig: tuple[str, str],
    starts: dict[HtmlElement, int],
    ends: dict[HtmlElement, int],
) -> list[Block]:
    ordered = sorted(members, key=lambda el: starts[el])
    flat = sig[0] in FLAT_TAGS
    blocks = [Block(el, sorted(members[el], key=lambda s: s.offset), flat=flat) for el in ordered]
    if flat:
        member_set = set(ordered)
        for block in blocks:
            sib = block.element.getnext()
            while sib is not None and sib not in member_set:
                if isinstance(sib.tag, str):
                    if read_day(sib.text_content()) is not None:
                        break
                    if any(inner in member_set for inner in sib.iterdescendants()):
                        break  # it holds the next update (<div><h2>18:15</h2>...</div>)
                    block.content.append(sib)
                sib = sib.getnext()
    return blocks


def untimed_peers(blocks: list[Block]) -> list[tuple[int, HtmlElement]]:
    """Blocks of the blog's own kind that carry no time (a heat result, "Koniec."), with
    the index of the timed block they follow in document order (-1: before the first)."""
    if not blocks or blocks[0].flat:
        return []
    sig = signature(blocks[0].element)
    index = {b.element: i for i, b in enumerate(blocks)}
    found: list[tuple[int, HtmlElement]] = []
    last = -1  # carried from one container to the next (one per day)
    for parent in dict.fromkeys(b.element.getparent() for b in blocks):
        if parent is None:
            continue
        for child in parent:
            if child in index:
                last = index[child]
            elif (
                isinstance(child.tag, str)
                and signature(child) == sig
                and child.text_content().strip()
            ):
                found.append((last, child))
    return found


def scope_days(result: Scan) -> list[tuple[int, date]]:
    """Day headings that belong to the blog: near its blocks, not inside one of them."""
    if not result.blocks:
        return []
    parent = result.blocks[0].element.getparent()
    scope = parent
    for _ in range(DAY_SCOPE_LEVELS):
        up = scope.getparent() if scope is not None else None
        if up is None or up not in result.starts:  # not above the scanned root
            break
        scope = up
    if scope is None or scope not in result.starts:
        return []
    lo, hi = result.starts[scope], result.ends[scope]
    inside = [(result.starts[b.element], result.ends[b.element]) for b in result.blocks]
    out: list[tuple[int, date]] = []
    for offset, el, day in result.days:
        if not lo <= offset <= hi:
            continue
        if any(s <= offset < e for s, e in inside):
            continue
        if not _within(el, scope):
            continue
        out.append((offset, day))
    return out


def _within(el: HtmlElement, ancestor: HtmlElement) -> bool:
    node: HtmlElement | None = el
    while node is not None:
        if node is ancestor:
            return True
        node = node.getparent()
    return False
