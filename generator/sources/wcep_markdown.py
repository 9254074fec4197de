"""Daily news digests in Markdown: the Wikipedia Current Events portal as mirrored by
nixworks (``news/YYYY/MM/DD/index.md``), and any digest written the same way.

The shape::

    ## [2016-03-14](/news/2016/03/14/index.md)          <- a day heading (linked or not)
    ### [Russian President Vladimir Putin orders ...](/news/2016/03/14/...md)
    Russian President Vladimir Putin has ordered ...    <- the entry's body (Markdown)
    _Context: ..._
    ## [Previous Day...](/news/2016/03/13/index.md)     <- navigation

It is kept apart from ``dated_text`` because little is shared: this is Markdown (a
heading per entry, links, ``_..._``, ``&#39;`` entities) where that one is plain text
(a separator per entry, ``*`` and ``<`` as characters).

What is read, and why:

- A ``##`` heading whose text (or link text) is a date starts a day; every ``###``
  heading under it is one entry: its headline is the entry's title, the lines up to the
  next heading its Markdown body. Entries carry a date and no time: precision DAY,
  anchors ``t-2016-03-14``, ``-2``, ``-3`` ... in source order, time = midnight in
  ``config.timezone`` (a sidecar can set it), label = the date as printed.
- Links in headings point into the mirror's own pages (``/news/2016/03/14/...md``): on
  the archive's origin they would be dead links, so the records keep the headline words
  and leave the targets to the capture, which is published beside the event unchanged.
- A ``##`` heading that links to another digest page (``index.md``) or reads "Previous
  day"/"Next day" is navigation: dropped, and it ends the day. Any other ``##`` heading
  that is no date, and any ``###`` entry outside a day, is an error with its line.
- The digest has no title line: the title is the file stem humanised; a sidecar
  ``<name>.yml`` corrects it. Text above the first day heading is the intro.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import PurePosixPath

from generator import markup
from generator.config import Config
from generator.dates import (
    DATE_LINE,
    DateError,
    date_line,
)
from generator.ids import slugify
from generator.model import DAY, MARKDOWN, Entry, Event, Source
from generator.sources.common import day_stamps, located, title_from_stem

NAME = "wcep-markdown"

_DETECT_CHARS = 8192
_HEADING = re.compile(r"^ {0,3}(?P<level>#{2,3})[ \t]+(?P<text>.*?)[ \t]*(?:[ \t]#+[ \t]*)?$")
_LINK = re.compile(r"^\[(?P<text>.*)\]\((?P<target>[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)\)$", re.S)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_DATE_SHAPE = DATE_LINE
_NAVIGATION = re.compile(r"^(?:previous|next|earlier|later)\b", re.I)


def _unlink(text: str) -> tuple[str, str]:
    """(words, link target) of ``[words](target)``; ``(text, "")`` for plain text."""
    m = _LINK.match(text)
    if m:
        return m["text"].strip(), m["target"]
    return text.strip(), ""


def _plain(markdown: str) -> str:
    """A headline's readable text: entities decoded, emphasis and escapes undone."""
    tokens = markup.parser().parseInline(markdown)
    return " ".join(markup.inline_text(tokens[0]).split()) if tokens else markdown


def detect(path: str, text: str) -> bool:
    """The first line is a ``##`` heading holding a date, and a ``###`` entry follows."""
    head = text[:_DETECT_CHARS]
    first = next((raw for raw in head.split("\n") if raw.strip()), "")
    m = _HEADING.match(first)
    if not m or m["level"] != "##":
        return False
    words, _ = _unlink(m["text"])
    return bool(_DATE_SHAPE.match(words)) and bool(re.search(r"^ {0,3}###[ \t]", head, re.M))


@dataclass(slots=True)
class _Item:
    line: int
    day: date
    label: str
    title: str
    body: list[str]


def _scan(text: str, path: str) -> tuple[list[str], list[_Item]]:
    """(intro lines, entries in source order)."""
    intro: list[str] = []
    items: list[_Item] = []
    day: tuple[date, str] | None = None
    sink: list[str] | None = intro  # where body lines go; None after navigation
    fence = ""
    for no, raw in enumerate(text.split("\n"), start=1):
        h = None
        if fence:
            if raw.lstrip(" ").startswith(fence):
                fence = ""
        elif m := _FENCE.match(raw):
            fence = m.group(1)[0] * 3
        else:
            h = _HEADING.match(raw)
        if h:
            words, target = _unlink(h["text"])
            if h["level"] == "##":
                try:
                    found = date_line(words)
                except DateError as exc:
                    raise located(
                        path, no, str(exc), "a day heading reads '## 2016-03-14'"
                    ) from None
                if found is not None:
                    day, sink = (found, words), None
                elif target.endswith("index.md") or _NAVIGATION.match(words):
                    day, sink = None, None  # "Previous Day...": the mirror's navigation
                else:
                    raise located(
                        path,
                        no,
                        f"the '##' heading {words!r} is not a date",
                        "'##' headings give the day ('## 2016-03-14'); entries are '###'",
                    )
                continue
            if day is None:
                raise located(
                    path,
                    no,
                    "this entry has no day heading above it",
                    "put a day heading such as '## 2016-03-14' above the '###' entries",
                )
            items.append(_Item(no, day[0], day[1], _plain(words), []))
            sink = items[-1].body
            continue
        if sink is not None:
            sink.append(raw)
        elif raw.strip():
            raise located(
                path,
                no,
                "text outside an entry",
                "start an entry with a '###' heading, or move the text above the first day",
            )
    return intro, items


def read(path: str, text: str, config: Config) -> Event:
    """Read a Markdown daily digest into an Event (see the module docstring)."""
    intro, items = _scan(text, path)
    if not items:
        raise located(
            path,
            1,
            "no entries: a digest has '###' entries under a '## 2016-03-14' day heading",
            "give each entry a '###' heading under its day",
        )
    stamps = day_stamps(path, [i.day for i in items], config.timezone)
    entries = tuple(
        Entry(
            anchor=anchor,
            time=moment,
            label=item.label,
            title=item.title,
            body="\n".join(item.body).strip("\n"),
            line=item.line,
            precision=DAY,
            body_format=MARKDOWN,
        )
        for item, (moment, anchor) in zip(items, stamps, strict=True)
    )
    stem = PurePosixPath(path).stem
    return Event(
        slug=slugify(stem),
        title=title_from_stem(stem),
        date=min(i.day for i in items),
        timezone=config.timezone,
        entries=entries,
        path=path,
        intro="\n".join(intro).strip("\n"),
        source=Source(publisher=config.publisher, path=path),
    )
