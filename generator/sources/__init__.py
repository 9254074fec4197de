"""Readers, one per source format, and the table that picks one for a file.

A reader is a module with ``NAME``, ``detect(path, text) -> bool`` and
``read(path, text, config) -> Event`` (and, where it has warnings to give,
``read_with_warnings(path, text, config) -> (Event, problems)``); readers never import
each other, and the table below is the only list of them.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date
from types import ModuleType
from zoneinfo import ZoneInfo

from generator.config import Config
from generator.errors import Location, Problem, TlgenError
from generator.markup import is_web_url
from generator.model import MINUTE, Event
from generator.sources import native, sidecar
from generator.sources.common import (
    MAX_ENTRIES,
    MAX_SOURCE_BYTES,
    NOT_IN_HTML,
    SIDECAR_DATE,
    Undated,
    too_many_entries,
)

__all__ = ["MAX_ENTRIES", "MAX_SOURCE_BYTES", "READERS", "decode", "read_source", "reader_for"]

# Order matters only where two readers could claim one document; their detectors are
# written so that none does (tests/unit/test_reader_*.py check the corpus). A reader is
# imported when a document gets that far down the list: an archive of native files
# loads none of the others (the HTML and JSON readers are most of the import time).
_READER_NAMES = ("native", "liveupdates_text", "wcep_markdown", "dated_text", "html", "jsondoc")


def _readers() -> Iterator[ModuleType]:
    for name in _READER_NAMES:
        yield importlib.import_module(f"generator.sources.{name}")


def __getattr__(name: str) -> object:
    if name == "READERS":  # every reader, in order: ``tuple[ModuleType, ...]``
        return tuple(_readers())
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# The bytes that ``NOT_IN_HTML``'s characters take in UTF-8 and start with: a test of the
# bytes, a fifth of the pattern's time on the text, which then runs only where it may find
_C0_BYTES = bytes([*range(9), 11, *range(14, 32), 127])


def _may_hold_unfit(data: bytes) -> bool:
    """False when the bytes hold nothing ``NOT_IN_HTML`` matches (True may be wrong)."""
    return (
        len(data.translate(None, _C0_BYTES)) != len(data)
        or b"\xc2" in data  # U+0080..U+009F among others
        or b"\xef" in data  # U+FDD0..U+FDEF, U+FFFE, U+FFFF among others
    )


def decode(data: bytes, path: str, capture: bool = False) -> tuple[str, list[Problem]]:
    """UTF-8 text with BOM and CRLF normalised, and any warnings.

    Undecodable bytes in an authored file are an error (it can be re-saved); in a raw
    capture, which is kept byte for byte and cannot be fixed, they are replaced by U+FFFD
    and reported as a warning with the byte offset. A file over ``MAX_SOURCE_BYTES`` is
    an error.
    """
    if len(data) > MAX_SOURCE_BYTES:
        raise TlgenError(
            [
                Problem(
                    f"the file is {len(data) / 2**20:.1f} MB; tlgen reads source files of "
                    f"up to {MAX_SOURCE_BYTES // 2**20} MB",
                    Location(path),
                    "split it into several files, or move it out of the site's folders",
                )
            ]
        )
    warnings: list[Problem] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        if not capture:
            raise TlgenError(
                [
                    Problem(
                        f"not valid UTF-8 at byte {exc.start}",
                        Location(path, line),
                        "re-save the file as UTF-8",
                    )
                ]
            ) from None
        text = data.decode("utf-8-sig", errors="replace")
        warnings.append(
            Problem(
                f"not valid UTF-8 at byte {exc.start}: undecodable bytes read as U+FFFD",
                Location(path, line),
                "the capture is kept as it is; the pages show a replacement character",
                severity="warning",
            )
        )
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise TlgenError(
            [Problem("NUL byte in text", Location(path, line), "remove the NUL byte(s)")]
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _may_hold_unfit(data) and (found := NOT_IN_HTML.search(text)):
        where = Location(path, text.count("\n", 0, found.start()) + 1)
        count = len(NOT_IN_HTML.findall(text))
        what = f"U+{ord(found[0]):04X}" + (f" (and {count - 1} more)" if count > 1 else "")
        if not capture:
            raise TlgenError(
                [Problem(f"control character {what} in text", where, "remove it: it is invisible")]
            )
        text = NOT_IN_HTML.sub("\ufffd", text)
        warnings.append(
            Problem(
                f"control character {what} read as U+FFFD",
                where,
                "the capture is kept as it is; a page may not hold such characters",
                severity="warning",
            )
        )
    return text, warnings


def reader_for(path: str, text: str) -> ModuleType:
    for reader in _readers():
        if reader.detect(path, text):
            return reader
    names = ", ".join(r.NAME for r in _readers())
    raise TlgenError(
        [
            Problem(
                "no reader recognises this document",
                Location(path, 1),
                f"supported formats: {names}",
            )
        ]
    )


def _reader(path: str, text: str, capture: bool, first_day: date | None) -> tuple[ModuleType, bool]:
    """The reader for ``text``, and whether only a sidecar's date lets it read the text:
    a capture with time lines and no date at all, which no reader claims."""
    try:
        return reader_for(path, text), False
    except TlgenError as exc:
        from generator.sources import liveupdates_text

        if not capture or not liveupdates_text.detect_undated(path, text):
            raise
        if first_day is None:
            (problem,) = exc.problems
            hint = f"{problem.hint}; this text has time lines and no date: {SIDECAR_DATE}"
            raise TlgenError([replace(problem, hint=hint)]) from None
        return liveupdates_text, True


def _date_unused(side: sidecar.Sidecar) -> Problem:
    return Problem(
        "the capture dates its updates itself: the sidecar's 'date:' is not used",
        Location(side.path, side.date_line),
        "remove 'date:' from the sidecar; it is for captures that print times without dates",
        severity="warning",
    )


def _times_that_never_were(path: str, event: Event) -> list[Problem]:
    """A warning for each update whose time the clocks skipped that day ("01:30" in London
    on the morning summer time began): a typo, or a time in another zone. Only a time
    read off a clock can be one; a fold (a time shown twice) cannot be told from an exact
    time's first reading, and is left as read."""
    found = []
    for entry in event.entries:
        moment, zone = entry.time, entry.time.tzinfo
        if entry.precision != MINUTE or not isinstance(zone, ZoneInfo):
            continue  # a fixed offset (GMT, +03:00) has no gap
        if moment.utcoffset() == moment.replace(fold=1).utcoffset():
            continue  # neither in a gap nor in a fold
        shown = moment.astimezone(UTC).astimezone(zone)  # what the clocks showed then
        if shown.replace(tzinfo=None, fold=0) == moment.replace(tzinfo=None, fold=0):
            continue  # in a fold: a time that was shown twice
        found.append(
            Problem(
                f"{moment:%H:%M} never came on {moment:%Y-%m-%d} in {zone.key}: the clocks "
                f"went forward; read as {moment:%H:%M} {moment.tzname()}, which they showed "
                f"as {shown:%H:%M} {shown.tzname()}",
                Location(path, entry.line),
                "check the time in the source; a zone with it (18:15 GMT) says which is meant",
                severity="warning",
            )
        )
    return found


def read_source(
    path: str,
    data: bytes,
    config: Config,
    sidecar_data: bytes | None = None,
    sidecar_path: str = "",
    capture: bool = False,
) -> tuple[Event, tuple[Problem, ...]]:
    """Decode, detect and read one source file, with its warnings; ``path`` is how
    messages name it, ``capture`` says it is a raw capture (under ``seeds/``).

    A sidecar's timezone is the default the reader works with (so times are read in it),
    and its date the date of a capture that prints none (read again with it, on
    ``Undated``); its other corrections are applied to the reader's result.
    """
    text, warnings = decode(data, path, capture)
    side = None
    if sidecar_data is not None:
        side_text, _ = decode(sidecar_data, sidecar_path)
        side = sidecar.parse(side_text, sidecar_path)
        if side.timezone:
            config = replace(config, timezone=side.timezone)
    first_day = side.date if side is not None else None
    reader, undated = _reader(path, text, capture, first_day)
    # the page's address, for a reader resolving its links, when the page does not say it
    given = dict(side.source).get("url", "") if side is not None else ""
    address = {"address": given} if given and getattr(reader, "TAKES_ADDRESS", False) else {}
    if undated:
        event, more = reader.read_with_warnings(path, text, config, first_day=first_day)
    elif hasattr(reader, "read_with_warnings"):
        try:
            event, more = reader.read_with_warnings(path, text, config, **address)
        except Undated:
            if first_day is None:
                raise
            event, more = reader.read_with_warnings(
                path, text, config, first_day=first_day, **address
            )
        else:
            if side is not None and first_day is not None:
                more = (*more, _date_unused(side))
    else:
        event, more = reader.read(path, text, config), ()
        if side is not None and first_day is not None:
            more = (_date_unused(side),)
    warnings.extend(more)
    if len(event.entries) > MAX_ENTRIES:
        raise too_many_entries(path, event.line, len(event.entries))
    warnings.extend(_times_that_never_were(path, event))
    if reader is not native:
        event = replace(event, capture=path)
    event = sidecar.apply(event, side) if side else event
    url = event.source.url.strip()
    if url and not is_web_url(url):  # shown as a link on the event page: http(s) only
        warnings.append(
            Problem(
                f"source URL {url!r} is not an http(s) address: left out",
                Location(path, event.line),
                "a sidecar can give the original address: source: {url: https://...}",
                severity="warning",
            )
        )
        event = replace(event, source=replace(event.source, url=""))
    elif url != event.source.url:
        event = replace(event, source=replace(event.source, url=url))
    return event, tuple(warnings)
