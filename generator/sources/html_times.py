"""When each update happened: its printed time, put on the right day in the right zone.

A block may state its moment outright (``<time datetime>``), print a date with its time,
sit under a day heading, or print only ``19:30``. The last are dated from the page's own
dates (``dateModified`` for the newest update, ``datePublished`` for the oldest) and carried
across the blog, a day back or on where the clock jumps past midnight. The printed time
always wins over a machine-readable one that disagrees: it is what readers saw and cite.
"""

from __future__ import annotations

import bisect
from datetime import date, datetime, time, timedelta, tzinfo

from generator.dates import combine, resolve_zone
from generator.sources.html_meta import Page, uhr_zone
from generator.sources.html_scan import Block, Printed, scope_days

# A clock jumping this far the "wrong" way between neighbours crossed midnight.
ROLLOVER = timedelta(hours=3)
# A newest update this far after the page's dateModified must be from the day before.
_MODIFIED_SLACK = timedelta(minutes=10)


def local(moment: datetime, zone: tzinfo) -> datetime:
    """``moment`` on the wall clock of ``zone`` (naive moments are taken as already there)."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=zone)
    return aware.astimezone(zone).replace(microsecond=0)


def zone_for(page: Page, printed: Printed | None) -> tzinfo:
    """The zone printed with a time ("BST", "Uhr"), else the page's."""
    if printed is None or not printed.zone:
        return page.zone
    if printed.zone.lower() == "uhr":
        wanted = uhr_zone(page.meta.lang)
        return page.zone if page.zone_label == wanted else resolve_zone(wanted)
    return resolve_zone(printed.zone)


def has_clock(block: Block) -> bool:
    """Does the block say the time of day (printed, or a full ``datetime``), not only a
    date? Only those go through ``block_times``."""
    return block.printed is not None or isinstance(block.machine, datetime)


def _clock(page: Page, block: Block) -> tuple[time, tzinfo, datetime | None, date | None]:
    """(wall clock, zone, exact moment if the page gives one, the date it states if any)."""
    printed = block.printed
    zone = zone_for(page, printed)
    machine = block.machine
    moment = local(machine, zone) if isinstance(machine, datetime) else None
    machine_day = machine if isinstance(machine, date) and moment is None else None
    if printed is None:
        if moment is None:  # the scan keeps only blocks with a time: cannot happen
            raise ValueError("a block without a time")
        return moment.time().replace(second=0), zone, moment, moment.date()
    day = printed.day or (moment.date() if moment else machine_day)
    if moment is not None and moment.time().replace(second=0) != printed.clock:
        moment = None  # the machine time is something else (an edit, a server clock)
    return printed.clock, zone, moment, day


def _seconds(t: time) -> int:
    return t.hour * 3600 + t.minute * 60 + t.second


def _anchor(page: Page, clocks: list[time], newest_first: bool) -> tuple[int, date | None]:
    """Which block the page's own date belongs to, and that date."""
    n = len(clocks)
    value, is_modified = page.meta.modified, True
    if value is None:
        value, is_modified = page.meta.published, False
    if value is None or n == 0:
        return -1, None
    newest = 0 if newest_first else n - 1
    index = newest if is_modified else n - 1 - newest
    if not isinstance(value, datetime):
        return index, value
    when = local(value, page.zone)
    day = when.date()
    if is_modified and combine(day, clocks[index], page.zone) > when + _MODIFIED_SLACK:
        day -= timedelta(days=1)  # modified at 00:05, newest update at 23:50
    return index, day


def assign_days(
    page: Page, clocks: list[time], stated: list[date | None], offsets: list[int]
) -> list[date] | None:
    """A date for every block: its own, its day heading's, else carried from the page's
    dates; None when the page gives no date at all."""
    n = len(clocks)
    days = list(stated)
    falls = sum(clocks[i] < clocks[i - 1] for i in range(1, n))
    rises = sum(clocks[i] > clocks[i - 1] for i in range(1, n))
    newest_first = falls >= rises
    anchor_index, anchor_day = _anchor(page, clocks, newest_first)

    marks = scope_days(page.scan)
    if marks:
        # A heading usually opens its day; some tickers close each day with it instead
        # (BR24: the entries, then "Dienstag, 27. August 2024"). Blocks before the first
        # heading that is the page's own newest day show the second convention.
        mark_offsets = [m[0] for m in marks]
        trailing = offsets[0] < marks[0][0] and anchor_day == marks[0][1]
        for i in range(n):
            if days[i] is None:
                k = bisect.bisect_left(mark_offsets, offsets[i])
                if trailing and k < len(marks):
                    days[i] = marks[k][1]
                elif not trailing and k > 0:
                    days[i] = marks[k - 1][1]

    if all(d is None for d in days):
        if anchor_day is None:
            return None
        days[anchor_index] = anchor_day

    def step(here: time, there: time, newer: bool) -> int:
        """Days from a neighbour with clock ``there`` to this block, ``newer`` or not."""
        gap = _seconds(here) - _seconds(there)
        if newer and gap < -ROLLOVER.total_seconds():
            return 1
        if not newer and gap > ROLLOVER.total_seconds():
            return -1
        return 0

    for i in range(1, n):  # downwards: older on a newest-first page
        prev = days[i - 1]
        if days[i] is None and prev is not None:
            days[i] = prev + timedelta(days=step(clocks[i], clocks[i - 1], not newest_first))
    for i in range(n - 2, -1, -1):  # upwards
        nxt = days[i + 1]
        if days[i] is None and nxt is not None:
            days[i] = nxt + timedelta(days=step(clocks[i], clocks[i + 1], newest_first))
    out = [d for d in days if d is not None]
    return out if len(out) == n else None


def block_times(
    page: Page, blocks: list[Block], fallback: list[date | None] | None = None
) -> list[tuple[datetime, str]] | None:
    """(moment, label) for each block, in order; None when no date can be known.

    ``fallback`` gives a date per block from elsewhere (the JSON-LD update it matched).
    """
    if not blocks:
        return []
    info = [_clock(page, b) for b in blocks]
    stated = [day for *_, day in info]
    if fallback is not None:
        stated = [s or f for s, f in zip(stated, fallback, strict=True)]
    offsets = [page.scan.starts.get(b.element, 0) for b in blocks]
    days = assign_days(page, [c for c, *_ in info], stated, offsets)
    if days is None:
        return None
    out: list[tuple[datetime, str]] = []
    for block, (clock, zone, moment, _), day in zip(blocks, info, days, strict=True):
        when = moment if moment is not None else combine(day, clock, zone)
        printed = block.printed
        out.append((when, printed.label if printed is not None else f"{when:%H:%M}"))
    return out
