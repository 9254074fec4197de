"""The export's JSON writer gives exactly what ``json.dumps`` gives, faster, and leaves
what it does not know to ``json.dumps``."""

from __future__ import annotations

import enum
import json
from typing import Any

import pytest

from generator.export import dumps, dumps_indented


class Kind(enum.IntEnum):
    DIRECT = 1


@pytest.mark.parametrize(
    "record",
    [
        {},
        [],
        {"a": [], "b": {}, "c": [[], {}], "d": ()},
        {"text": 'quote "é" \u2028 \n \x00 </script>', "n": -0, "big": 10**30},
        {"floats": [0.1, -2.5e-300, 1e308, 3.0], "flags": [True, False, None]},
        {"nested": {"deeper": [{"id": "t-1", "tags": ["a", ("b", "c")]}]}},
        ("top", "level", "tuple"),
        "a string alone",
        {"nan": float("nan")},  # json's own spelling: NaN
        {"inf": [float("inf"), float("-inf")]},
        {1: "an int key", "b": 2},  # json makes it "1"
        {"subclass": Kind.DIRECT},  # an int subclass: json writes its int
        {"true": True, "key": {"x": 1.5}, "empty": ""},
    ],
)
@pytest.mark.parametrize("indent", [2, 4])
def test_the_writer_matches_json_dumps(record: Any, indent: int) -> None:
    expected = json.dumps(record, ensure_ascii=False, indent=indent)
    assert dumps_indented(record, indent) == expected
    if indent == 2:
        assert dumps(record) == (expected + "\n").encode("utf-8")


def test_plain_records_are_written_without_json_dumps(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast path is the path: an event's record (strings, numbers, booleans, None,
    lists and dicts) never falls back to ``json.dumps``, which would give the same bytes
    twice as slowly."""
    record = {
        "slug": "e",
        "tags": [],
        "entries": [{"id": "t-1", "line": 3, "score": 0.5, "draft": False, "on": True}],
        "source": {"url": None, "path": ("a", "b")},
        "empty": {},
    }
    expected = json.dumps(record, ensure_ascii=False, indent=2)

    def fallback(*args: object, **kwargs: object) -> str:
        raise AssertionError("fell back to json.dumps")

    monkeypatch.setattr(json, "dumps", fallback)
    assert dumps_indented(record, 2) == expected
