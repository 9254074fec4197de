"""Small helpers the readers share (this module is not a reader)."""

from __future__ import annotations

import re

from generator.errors import Location, Problem, TlgenError


def located(path: str, line: int, message: str, hint: str = "") -> TlgenError:
    """A one-problem error at ``path:line``, for ``raise located(...)``."""
    return TlgenError([Problem(message, Location(path, line), hint)])


def title_from_stem(stem: str) -> str:
    """``guardian_2011_egypt-crisis-timeline`` -> ``Guardian 2011 egypt crisis timeline``:
    a stand-in title a sidecar corrects; dates and year ranges keep their hyphens."""
    parts = [p if re.fullmatch(r"[\d-]+", p) else p.replace("-", " ") for p in stem.split("_")]
    text = " ".join(p for p in parts if p).strip()
    return text[:1].upper() + text[1:]
