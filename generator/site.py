"""Assemble the site: which events are published, in what order, and which URLs they
claim. The one place where one event can collide with another.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from generator.config import Config
from generator.errors import Collector, Location
from generator.model import Event


@dataclass(frozen=True, slots=True)
class Site:
    """Everything the render stage needs, already ordered; nothing left to decide."""

    config: Config
    events: tuple[Event, ...]  # newest first

    @property
    def entry_count(self) -> int:
        return sum(len(e.entries) for e in self.events)


def _newest_first_key(event: Event) -> tuple[float, str]:
    start = event.start
    return (start.timestamp() if start else 0.0, event.slug)


def assemble(config: Config, events: Iterable[Event], drafts: bool = False) -> Site:
    """Order events newest first (by their first entry) and refuse URL collisions."""
    problems = Collector()
    published = [e for e in events if drafts or not e.draft]
    by_slug: dict[str, Event] = {}
    for event in sorted(published, key=lambda e: e.path):
        other = by_slug.get(event.slug)
        if other is not None:
            problems.error(
                f"two events claim /events/{event.slug}/: {other.path} and {event.path}",
                Location(event.path, event.line),
                "give one of them another 'slug:' in its front matter",
            )
            continue
        by_slug[event.slug] = event
    problems.raise_if_errors()
    ordered = sorted(by_slug.values(), key=_newest_first_key, reverse=True)
    return Site(config=config, events=tuple(ordered))
