"""``tlgen new event``: the text of a new native event file, ready to fill in.

The file is a draft (``draft: true``), so a build leaves it out until its author removes
that line; ``tlgen serve --drafts`` shows it while it is written. Its first update is
stamped with the time it was made, on the event's clock. The text is read back by the
native reader before it is handed out: what ``new`` writes always builds.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime

from generator.config import Config
from generator.dates import DateError, parse_date, resolve_zone
from generator.errors import EXIT_USAGE, Problem, TlgenError
from generator.ids import is_slug, slugify
from generator.sources.native import read


@dataclass(frozen=True, slots=True)
class NewEvent:
    """What ``new_event`` made: the event's slug (its file is ``<slug>.md``) and text."""

    slug: str
    text: str


# What YAML will not take as it is in a double-quoted scalar (its non-printable
# characters; JSON has escaped the ASCII controls already), written as escapes instead
_NOT_PRINTABLE = re.compile("[\x7f-\x84\x86-\x9f\ufffe\uffff]")
_PLAIN_ZONE = re.compile(r"[A-Za-z][\w/+-]*")


def _usage(message: str, hint: str) -> TlgenError:
    return TlgenError([Problem(message, hint=hint)], EXIT_USAGE)


def _quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar (JSON's strings are YAML's too)."""
    quoted = json.dumps(text, ensure_ascii=False)
    return _NOT_PRINTABLE.sub(lambda m: f"\\u{ord(m[0]):04x}", quoted)


def new_event(
    config: Config,
    title: str,
    now: datetime,
    slug: str = "",
    timezone: str = "",
    day: str = "",
) -> NewEvent:
    """A draft event titled ``title``, dated ``day`` (default: ``now``'s date on the
    event's clock), in ``timezone`` (default: site.yml's), its first update at ``now``.
    Raises a usage error for a title, slug, zone or date that cannot be used."""
    title = " ".join(title.split())
    if not title:
        raise _usage("the event needs a title", 'e.g. tlgen new event "Brussels attacks"')
    if any("\ud800" <= char <= "\udfff" for char in title):  # undecodable bytes of argv
        raise _usage("the title holds bytes that are not UTF-8 text", "type the title again")
    if slug and not is_slug(slug):
        raise _usage(
            f"slug {slug!r} is not a URL-safe name",
            f"use lowercase letters, digits and hyphens, e.g. {slugify(slug)!r}",
        )
    zone_label = timezone or config.timezone
    try:
        zone = resolve_zone(zone_label)
    except DateError as exc:
        raise _usage(str(exc), "e.g. --timezone Europe/Brussels, or --timezone CET") from None
    local = now.astimezone(zone)
    on: date = local.date()
    if day:
        try:
            on = parse_date(day)
        except DateError as exc:
            raise _usage(str(exc), "e.g. --date 2016-03-22") from None
    lines = [
        "---",
        f"title: {_quoted(title)}",
        f"date: {on.isoformat()}",
        f"timezone: {zone_label if _PLAIN_ZONE.fullmatch(zone_label) else _quoted(zone_label)}",
        "draft: true  # remove this line to publish the event",
        "# summary: One sentence on what happened.",
        "# tags: [belgium, transport]",
        "# language: fr  # the text's, when it is not the site's",
        "# source: {url: https://example.org/live, publisher: Example News, captured: "
        f"{local.date().isoformat()}}}",
        "---",
        "",
        f"## {local:%H:%M}",
        "",
        "Write the first update here. Each update starts with a heading that holds its",
        "time: `## 15:10`, or with its day too: `## 2016-03-15 09:00`.",
        "",
    ]
    made = NewEvent(slug or slugify(title), "\n".join(lines))
    event = read(f"{made.slug}.md", made.text, config)  # what new writes always builds
    assert event.title == title and event.draft
    return made
