"""Dates, times and zones as newsrooms print them, read without the locale.

``strptime`` month names follow the process locale; archives must build the same
everywhere, so month names are tables here. Zones come from the IANA database
(``zoneinfo``, with the ``tzdata`` package where the system has none) or from the
abbreviations printed next to times in live blogs.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from generator.patterns import lazy

# Abbreviations with one fixed offset: "19:16 GMT" means UTC+0 even in London's summer.
_FIXED: dict[str, float] = {
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "WET": 0,
    "BST": 1,
    "IST": 1,  # Irish Standard Time, as printed by UK and Irish newsrooms
    "WEST": 1,
    "CET": 1,
    "MEZ": 1,
    "CEST": 2,
    "MESZ": 2,
    "EET": 2,
    "EEST": 3,
    "MSK": 3,
    "AST": -4,
    "EST": -5,
    "EDT": -4,
    "CST": -6,
    "CDT": -5,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
    "AKST": -9,
    "AKDT": -8,
    "HST": -10,
    "JST": 9,
    "KST": 9,
    "HKT": 8,
    "SGT": 8,
    "AWST": 8,
    "ACST": 9.5,
    "AEST": 10,
    "AEDT": 11,
    "NZST": 12,
    "NZDT": 13,
}
# Abbreviations that name a region whose offset changes with the season.
_REGIONAL: dict[str, str] = {
    "ET": "America/New_York",
    "CT": "America/Chicago",
    "MT": "America/Denver",
    "PT": "America/Los_Angeles",
    "UK": "Europe/London",
}

MONTHS: dict[str, int] = {}
for _i, _names in enumerate(
    [
        "january jan januar stycznia styczeń",
        "february feb februar lutego luty",
        "march mar märz marz marca marzec",
        "april apr kwietnia kwiecień",
        "may mai maja maj",
        "june jun juni czerwca czerwiec",
        "july jul juli lipca lipiec",
        "august aug sierpnia sierpień",
        "september sep sept września wrzesień",
        "october oct oktober okt października październik",
        "november nov listopada listopad",
        "december dec dezember dez grudnia grudzień",
    ],
    start=1,
):
    for _n in _names.split():
        MONTHS[_n] = _i

# Weekday names as dates and times print them (English, German, Polish), for a pattern
# with re.I; the HTML reader's scan uses it too.
WEEKDAYS = (
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs"
    "|fri|sat|sun|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag"
    "|poniedziałek|wtorek|środa|czwartek|piątek|sobota|niedziela"
)
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY_NUM = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
_DMY = lazy(rf"^(\d{{1,2}})(?:st|nd|rd|th)?\.?\s+({_MONTH_RE})\.?,?\s+(\d{{4}})$", re.I)
_MDY = lazy(rf"^({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})$", re.I)
_WEEKDAY_PREFIX = lazy(rf"^(?:{WEEKDAYS})\.?,?\s+", re.I)

_TIME = re.compile(
    r"^(?P<h>\d{1,2})[:.h](?P<m>\d{2})(?::(?P<s>\d{2})(?:[.,](?P<f>\d{1,6}))?)?"
    r"(?:\s*(?P<ampm>[ap]\.?m\.?))?"
    r"(?:\s*(?:Uhr))?$",
    re.I,
)


class DateError(ValueError):
    """A date, time or zone that cannot be read; the message says what was expected."""


_OFFSET = re.compile(r"(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?")


@lru_cache(maxsize=256)
def resolve_zone(label: str) -> tzinfo:
    """The tzinfo for an IANA name (``Europe/Moscow``), an abbreviation (``GMT``, ``ET``)
    or a numeric offset (``+03:00``, ``UTC+3``)."""
    name = label.strip()
    upper = name.upper()
    if upper in _FIXED:
        return timezone(timedelta(hours=_FIXED[upper]), upper if upper != "Z" else "UTC")
    if upper in _REGIONAL:
        return ZoneInfo(_REGIONAL[upper])
    m = _OFFSET.fullmatch(upper)
    if m:
        sign = -1 if m.group(1) == "-" else 1
        hours, minutes = int(m.group(2)), int(m.group(3) or 0)
        if hours > 14 or minutes > 59:
            raise DateError(f"offset {label!r} is out of range")
        return timezone(sign * timedelta(hours=hours, minutes=minutes))
    if name not in _NOT_ZONES:  # IANA: "Europe/Moscow", and old names such as "Singapore"
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a folder's name
            pass
    raise DateError(
        f"unknown timezone {label!r}: use an IANA name such as 'Europe/London' "
        f"or an abbreviation such as GMT, BST, CET, EST, ET, PT, MSK"
    )


# Files of a zoneinfo folder that name no zone, or this machine's own (the same
# site.yml must give the same pages anywhere)
_NOT_ZONES = frozenset(("localtime", "posixrules", "Factory", "leapseconds", "tzdata.zi"))


def is_zone(label: str) -> bool:
    """Is a word printed after a time a zone? An abbreviation, an offset or an IANA name
    with a "/"; not an IANA name without one ("Israel", "PRC", "Singapore"), which is a
    zone only where one is declared (``timezone:``): printed after a time, it opens a
    headline ("18:15 Israel strikes ...")."""
    name = label.strip()
    upper = name.upper()
    bare = "/" not in name and name not in ("UTC", "GMT")
    if bare and upper not in _FIXED and upper not in _REGIONAL and not _OFFSET.fullmatch(upper):
        return False
    try:
        resolve_zone(label)
    except DateError:
        return False
    return True


def parse_date(text: str) -> date:
    """A calendar date as printed: ``2016-03-14``, ``14/03/2016``, ``14 March 2016``,
    ``Monday 14 March 2016``, ``March 14, 2016``, ``Dienstag, 27. August 2024``."""
    s = text.strip()
    if not _ISO_DATE.match(s):  # the usual form needs no weekday taken off (nor its pattern)
        s = _WEEKDAY_PREFIX.sub("", s)
    try:
        if m := _ISO_DATE.match(s):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _DMY_NUM.match(s):
            return date(int(m[3]), int(m[2]), int(m[1]))
        if m := _DMY.match(s):
            return date(int(m[3]), MONTHS[m[2].lower()], int(m[1]))
        if m := _MDY.match(s):
            return date(int(m[3]), MONTHS[m[1].lower()], int(m[2]))
    except ValueError as exc:
        raise DateError(f"impossible date {text!r}: {exc}") from None
    raise DateError(f"cannot read {text!r} as a date: write it as 2016-03-14 or 14 March 2016")


def parse_time(text: str) -> time:
    """A wall-clock time: ``18:15``, ``6.15pm``, ``12.31 Uhr``, ``18:15:30`` (a fraction of
    a second too, ``18:15:30.25``: a capture's time, written back by ``tlgen import``);
    impossible times fail."""
    m = _TIME.match(text.strip())
    if not m:
        raise DateError(f"cannot read {text!r} as a time: write it as HH:MM, e.g. 18:15")
    hour, minute = int(m["h"]), int(m["m"])
    if ampm := m["ampm"]:
        if not 1 <= hour <= 12:
            raise DateError(f"impossible time {text!r}: with am/pm the hour is 1 to 12")
        hour = hour % 12 + (12 if ampm.lower().startswith("p") else 0)
    if hour > 23 or minute > 59:
        raise DateError(f"impossible time {text!r}: hours run 0-23 and minutes 0-59")
    second = int(m["s"] or 0)
    if second > 59:
        raise DateError(f"impossible time {text!r}: seconds run 0-59")
    return time(hour, minute, second, int((m["f"] or "0").ljust(6, "0")))


def combine(day: date, clock: time, zone: tzinfo) -> datetime:
    """An aware datetime; wall-clock times in a DST gap or fold keep their first reading."""
    return datetime.combine(day, clock, tzinfo=zone)


_LINE_CORE = (
    r"\d{4}-\d{1,2}-\d{1,2}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\.?\s+(?:{_MONTH_RE})\.?,?\s+\d{{4}}"
    rf"|(?:{_MONTH_RE})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
)
# A line that is wholly a date, optionally after a weekday: how timelines and day lines
# print them. The numeric form (14/03/2016) only where a format says it is day-first.
DATE_LINE = lazy(rf"^(?:(?P<weekday>[^\W\d_]+)\.?,?\s+)?(?P<core>{_LINE_CORE})$", re.I)
DATE_LINE_NUMERIC = lazy(
    rf"^(?:(?P<weekday>[^\W\d_]+)\.?,?\s+)?(?P<core>{_LINE_CORE}|\d{{1,2}}[./]\d{{1,2}}[./]\d{{4}})$",
    re.I,
)


def date_line(text: str, numeric: bool = False) -> date | None:
    """The date ``text`` wholly is, None if it is no date; a date-shaped but impossible
    one (``2011-02-30``) raises DateError. "Since 14 March 2016" is no date line: the
    word before the date must be a weekday."""
    if len(text) > 40:
        return None
    m = (DATE_LINE_NUMERIC if numeric else DATE_LINE).match(text)
    if not m:
        return None
    try:
        return parse_date(text)
    except DateError:
        if m["weekday"]:
            parse_date(m["core"])  # raises if the date itself is impossible
            return None
        raise
