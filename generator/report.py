"""What a build did, as the CLI and serve report it: counts, time, warnings, changes.

Kept apart from the build so that ``tlgen build`` can answer "nothing changed" from the
last build's manifest without loading the pipeline (``stamp.unchanged``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import Location, Problem


@dataclass(frozen=True, slots=True)
class BuildReport:
    out: Path
    events: int
    entries: int
    pages: int
    files: int
    seconds: float
    warnings: tuple[Problem, ...] = field(default=())
    speakers: int | None = None  # None: the site makes no speaker pages (``disable:``)
    reused: int = 0  # files kept from the last build because their inputs did not change
    changed: tuple[str, ...] = ()  # output paths written anew or removed by this build


def problem_record(p: Problem) -> list[Any]:
    """A warning as the manifest keeps it (JSON), for a later build with nothing to do."""
    loc = p.location
    return [p.message, loc.path if loc else None, loc.line if loc else 0, p.hint, p.severity]


def problem_from(record: list[Any]) -> Problem:
    message, path, line, hint, severity = record
    return Problem(message, Location(path, line) if path else None, hint, severity)
