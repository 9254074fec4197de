"""``tlgen import``: any source's Event written back as a native Markdown file, for
hand editing.

The promise is that building the written file gives the same records as building the
capture, so each heading is checked by parsing it back; where the printed time is not a
form the native reader understands, the heading carries it as ``{label="..."}``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import date, datetime, time
from typing import Any

from generator import markup
from generator.dates import DateError, combine, resolve_zone
from generator.htmltext import text_to_html
from generator.model import AUTO, DAY, HTML, MARKDOWN, TEXT, Entry, Event
from generator.sources.common import MARKUP
from generator.sources.html_markdown import markdown_of
from generator.sources.html_posts import annotate
from generator.sources.native import parse_entry_heading, scan
from generator.yamlload import dump as yaml_text

_HEADING_LINE = re.compile(r"^( {0,3})(#{1,2})(?=[ \t]|$)", re.M)
_FENCE_LINE = re.compile(r"^( {0,3})(`{3}|~{3})")
# What opens another block at a line's start, escaped in a heading's words made a line
_BLOCK_START = re.compile(r"^(\d{1,9}(?=[.)])|)([>+*=#`~.)-])")


def _offset(moment: datetime) -> str:
    delta = moment.utcoffset()
    assert delta is not None
    minutes = int(delta.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _reads_back(heading: str, entry: Entry, day: date, zone: str) -> bool:
    """Would the native reader give this entry's time, precision and label?"""
    found, _, _ = scan([f"## {heading}"])  # a closing run of "#" is not the heading's text
    if [text for _, _, text in found] != [heading]:
        return False
    try:
        parsed = parse_entry_heading(heading, 0)
        if parsed is None:
            return False
        tz = resolve_zone(parsed.zone_label or zone)
    except DateError:
        return False
    moment = combine(parsed.date or day, parsed.clock or time(0, 0), tz)
    precision = DAY if parsed.clock is None else "minute"
    return (
        parsed.label == entry.label
        and precision == entry.precision
        and moment.isoformat() == entry.time.isoformat()
        and parsed.title == entry.title
    )


def _clock(moment: datetime) -> str:
    """``18:15``, with the seconds (and their fraction) where the capture gave them."""
    if moment.microsecond:
        return f"{moment:%H:%M:%S.%f}".rstrip("0")
    return f"{moment:%H:%M:%S}" if moment.second else f"{moment:%H:%M}"


def _heading(entry: Entry, day: date, zone: str) -> str:
    title = f" — {entry.title}" if entry.title else ""
    local = entry.time
    if entry.precision == DAY:
        candidates = [local.date().isoformat()]  # four digits: strftime's %Y has not always
    else:
        clock = _clock(local)
        candidates = [
            entry.label,
            clock,
            f"{local.date().isoformat()} {clock}",
            f"{clock} {_offset(local)}",
            f"{local.date().isoformat()} {clock} {_offset(local)}",
        ]
    for candidate in candidates:
        if candidate and _reads_back(candidate + title, entry, day, zone):
            return candidate + title
    # the time as tlgen reads it; the label as the source printed it, and the headline
    # where the heading cannot hold it as it is ("- item", "#")
    given: list[dict[str, str]] = [{"label": entry.label}]
    if entry.title:
        given += [{"title": entry.title}, {"label": entry.label, "title": entry.title}]
    pool = candidates if entry.precision == DAY else candidates[1:]  # not the label itself
    for values in given:
        attrs = " ".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in values.items())
        shown = "" if "title" in values else title
        for candidate in pool:
            if _reads_back(f"{candidate}{shown} {{{attrs}}}", entry, day, zone):
                return f"{candidate}{shown} {{{attrs}}}"
    return f"{candidates[-1]}{shown} {{{attrs}}}"


def _kept_in_entry(body: str, body_format: str, last: bool = False) -> str:
    """``body`` (its blank lines at the end kept) as it is written under its heading,
    without them: a line that would start a day or an update (``#``, ``##``) escaped, or in
    Markdown made a setext heading, and in text and HTML one that would open a fence (the
    reader unescapes them: ``native._body``). A Markdown fence left open is closed after
    the body's last newline, which is its code's; a body without one is left open if it
    is the ``last``, else closed after it: the same code, since a body's last line is read
    ended (``markup.parse``)."""
    trailing = len(body) - len(body.rstrip("\n"))
    body = body.rstrip("\n")
    lines = body.split("\n")
    if body_format == MARKDOWN:
        found, fence, _ = scan(lines)
        for index, _, _ in found:
            lines[index] = _HEADING_LINE.sub(r"\1\\\2", lines[index])
        if found:  # as setext headings, where they render so: their words as they are, or
            shown = markup.render_shown(body)  # with a block's opening mark escaped ("> x")
            for escape in (False, True):
                setext = _setext(body.split("\n"), found, escape)
                if markup.render_shown("\n".join(setext)) == shown:
                    lines = setext
                    break
        if fence and trailing:  # the code's last newlines are its own: closed after them
            return "\n".join(lines) + "\n" * trailing + fence
        return "\n".join([*lines, fence] if fence and not last else lines)
    for index, line in enumerate(lines):
        if m := _HEADING_LINE.match(line) or _FENCE_LINE.match(line):
            lead, mark = m.group(1), m.group(2)
            if body_format == HTML:
                written = (
                    "".join(f"&#{ord(c)};" for c in mark)
                    if mark[0] == "#"
                    else (f"&#{ord(mark[0])};{mark[1:]}")
                )
            else:
                written = "\\" + mark
            lines[index] = lead + written + line[m.end() :]
    return "\n".join(lines)


def _setext(lines: list[str], found: list[tuple[int, int, str]], escape: bool) -> list[str]:
    """``lines`` with the headings ``found`` (index, level, text) written as setext ones."""
    for index, level, text in reversed(found):
        if text.strip():  # after a blank line: a setext heading interrupts no paragraph
            blank = [""] if index and lines[index - 1].strip() else []
            words = _BLOCK_START.sub(r"\1\\\2", text.strip()) if escape else text.strip()
            lines[index : index + 1] = [*blank, words, "===" if level == 1 else "---"]
        else:  # an empty heading shows nothing (``extract``): a blank line ends what it did
            lines[index] = ""
    return lines


def _document_format(entries: Sequence[Entry]) -> str:
    """The entries' one format; ``auto`` where each is HTML or text as ``format: auto``
    reads it back (a JSON-LD capture's are: ``jsondoc``); else HTML, which every
    entry can be written in (``_as_html``)."""
    formats = {e.body_format for e in entries}
    if len(formats) == 1:
        return formats.pop()
    if formats == {HTML, TEXT} and all(
        bool(MARKUP.search(e.body)) == (e.body_format == HTML) or not e.body.strip()
        for e in entries
    ):
        return AUTO
    return HTML


def _as_html(entry: Entry) -> str:
    """An entry's body in an event whose entries come in several formats and are written
    as HTML: a text's HTML as the build makes it; a Markdown body's as markdown-it
    renders it (its posts and hashtags then plain links: no reader mixes Markdown in)."""
    if entry.html:  # a finished record (tlgen's own export)
        return entry.html
    if entry.body_format == TEXT:
        return text_to_html(entry.body)
    return markup.render_shown(entry.body)


def to_native(event: Event) -> str:
    """The native Markdown text of ``event`` (front matter, day headings, entries)."""
    body_format = _document_format(event.entries)
    front: dict[str, Any] = {
        "title": event.title,
        "date": event.date.isoformat(),
        "timezone": event.timezone,
        "slug": event.slug,
    }
    if event.summary:
        front["summary"] = event.summary
    if event.tags:
        front["tags"] = list(event.tags)
    if event.language:
        front["language"] = event.language
    source = {
        "url": event.source.url,
        "publisher": event.source.publisher,
        "captured": event.source.captured,
        "path": event.capture or event.source.path,
    }
    front["source"] = {k: v for k, v in source.items() if v}
    if event.draft:
        front["draft"] = True
    if event.speaker_fixes:  # a sidecar's corrections of who spoke go on with the event
        front["speakers"] = {fix.name: fix.to or None for fix in event.speaker_fixes}
    if body_format != MARKDOWN:
        front["format"] = body_format
    parts = [
        "---\n",
        yaml_text(front),
        "---\n",
    ]
    if event.intro:  # Markdown, whose lines must not start a day or an update either
        parts.append(f"\n{_kept_in_entry(event.intro, MARKDOWN)}\n")
    elif event.intro_html:  # read as HTML (tlgen's own export): as Markdown, if it can be
        parts.append(f"\n{markdown_of(event.intro_html)}\n")
    day = event.date
    for number, entry in enumerate(event.entries, 1):
        local_day = entry.time.date()
        if local_day != day:
            if entry.precision != DAY:  # a dated entry's heading names its day itself
                parts.append(f"\n# {local_day.isoformat()}\n")
            day = local_day
        body = entry.body if body_format in (entry.body_format, AUTO) else _as_html(entry)
        if entry.body_format == HTML and body_format in (HTML, AUTO):
            body = annotate(body, entry.embeds)
        parts.append(f"\n## {_heading(entry, day, event.timezone)}\n")
        if body.strip("\n"):  # a body of Unicode spaces alone is a paragraph to markdown-it
            written = entry.body_format if body_format == AUTO else body_format
            last = number == len(event.entries)
            # blank lines aside, as the reader takes it: a first line's indent may be code
            parts.append(f"\n{_kept_in_entry(body.lstrip(chr(10)), written, last)}\n")
    return "".join(parts)
