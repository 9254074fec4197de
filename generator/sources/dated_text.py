"""Dated news timelines in plain text: a date line, the day's sentences, a separator.

The shape (the "Crisis" and "Timeline17" timeline-summarisation corpora, and anything
written the same way)::

    2011-02-11                                <- a date line: the whole line is a date
    Hosni Mubarak resigns ...                 <- one or more sentence lines
    --------------------------------          <- a separator (3+ '-', '=', '_' or '*')

What is read, and why:

- Each date line starts an entry; its sentences run to the separator or the next date
  line. Date lines are ISO (``2011-02-11``) or written with a month name (``11 February
  2011``, ``February 11, 2011``, optionally after a weekday); slashed numeric dates are
  refused as ambiguous (US or European order). A date-shaped line that is no real date
  (``2011-02-30``) is an error with its line, never text.
- Entries carry a date and no time: precision DAY, anchor ``t-2011-02-11`` (``-2`` for a
  second entry of one day), time = midnight of that date in ``config.timezone`` (which a
  sidecar can set), label = the date as printed. Numbers in the sentences that look like
  times (``10.30``, ``4.9 million``) are text and never timestamps: times are not read.
- Bodies are plain TEXT, one paragraph per source line: these corpora are not Markdown,
  so ``*``, ``<`` and ``_`` must stay characters. The words are kept exactly as captured,
  PTB tokenisation included (`` `` Tunisia-style '' ``, ``-LRB-``, ``Egypt 's``): the
  tokenisation is lossy (``"``, ``“`` and ``”`` all became ``` `` ```), so undoing it
  would guess, and researchers align these texts token for token with their dataset.
  Only surrounding whitespace (the corpora's trailing spaces) is dropped.
- The files have no title line, so the title is the file stem humanised
  (``guardian_2011_egypt-crisis-timeline`` -> "Guardian 2011 egypt crisis timeline");
  a sidecar ``<name>.yml`` corrects it. A short line above the first date is the title
  instead; further lines there become the intro, escaped so Markdown does not read them.
- Text after a separator but before the next date line belongs to no date: an error,
  never dropped or guessed into a neighbour. So is a date line with no sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePosixPath

from generator.config import Config
from generator.dates import (
    DATE_LINE,
    DateError,
    date_line,
)
from generator.errors import TlgenError
from generator.ids import slugify
from generator.model import DAY, TEXT, Entry, Event, Source
from generator.sources.common import day_stamps, located, markdown_paragraphs, title_from_stem

NAME = "dated-text"

_DETECT_CHARS = 8192
_SEPARATOR = re.compile(r"^[ \t]*(?:-{3,}|={3,}|_{3,}|\*{3,})[ \t]*$")
_DATE_SHAPE = DATE_LINE
_TITLE_MAX = 200


def _is_date_line(line: str) -> bool:
    """Shape only, for detection: never raises."""
    s = line.strip()
    return len(s) <= 40 and bool(_DATE_SHAPE.match(s))


def detect(path: str, text: str) -> bool:
    """A date line at the top (after at most a title line) and a second date line or a
    separator: one date alone is not yet a timeline."""
    lines = [raw for raw in text[:_DETECT_CHARS].split("\n") if raw.strip()]
    first = next((i for i, raw in enumerate(lines[:3]) if _is_date_line(raw)), None)
    if first is None or lines[0].lstrip().startswith(("<", "{", "---", "#")):
        return False
    rest = lines[first + 1 :]
    return any(_SEPARATOR.match(raw) or _is_date_line(raw) for raw in rest)


@dataclass(slots=True)
class _Block:
    line: int
    day: date
    label: str
    sentences: list[str] = field(default_factory=list)


def _scan(text: str, path: str) -> tuple[list[tuple[int, str]], list[_Block]]:
    """(lines above the first date, dated blocks in source order)."""
    preamble: list[tuple[int, str]] = []
    blocks: list[_Block] = []
    current: _Block | None = None
    for no, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.strip()
        if not stripped:
            continue
        if _SEPARATOR.match(stripped):
            if current is not None and not current.sentences:
                raise _empty(path, current)
            current = None
            continue
        try:
            day = date_line(stripped)
        except DateError as exc:
            raise located(path, no, str(exc), "a date line reads 2011-02-11") from None
        if day is not None:
            if current is not None and not current.sentences:
                raise _empty(path, current)
            current = _Block(no, day, stripped)
            blocks.append(current)
            continue
        if current is not None:
            current.sentences.append(stripped)
        elif blocks:
            raise located(
                path,
                no,
                "text after a separator line belongs to no date",
                "start each entry with a date line such as 2011-02-11",
            )
        else:
            preamble.append((no, stripped))
    if current is not None and not current.sentences:
        raise _empty(path, current)
    return preamble, blocks


def _empty(path: str, block: _Block) -> TlgenError:
    return located(
        path,
        block.line,
        f"the entry dated {block.label} has no text",
        "write its sentences under the date line, or remove the date line",
    )


def read(path: str, text: str, config: Config) -> Event:
    """Read a dated plain-text timeline into an Event (see the module docstring)."""
    preamble, blocks = _scan(text, path)
    if not blocks:
        raise located(
            path,
            1,
            "no dated entries: a dated timeline has a date line above each entry",
            "start each entry with a line holding only its date, e.g. 2011-02-11",
        )
    stamps = day_stamps(path, [b.day for b in blocks], config.timezone)
    entries = tuple(
        Entry(
            anchor=anchor,
            time=moment,
            label=block.label,
            body="\n\n".join(block.sentences),
            line=block.line,
            precision=DAY,
            body_format=TEXT,
        )
        for block, (moment, anchor) in zip(blocks, stamps, strict=True)
    )
    title, title_line = "", 0
    if preamble and len(preamble[0][1]) <= _TITLE_MAX:
        title_line, title = preamble[0]
        preamble = preamble[1:]
    stem = PurePosixPath(path).stem
    return Event(
        slug=slugify(title or stem),
        title=title or title_from_stem(stem),
        date=min(b.day for b in blocks),
        timezone=config.timezone,
        entries=entries,
        path=path,
        line=title_line or 1,
        intro=markdown_paragraphs(line for _, line in preamble),
        source=Source(publisher=config.publisher, path=path),
    )
