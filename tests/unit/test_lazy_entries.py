"""A pickled event keeps its entries as one blob, loaded on first use (``LazyEntries``):
its head (dates, count) is read without them, and it equals the event it was made from."""

from __future__ import annotations

import pickle
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from generator.cache import Cache
from generator.model import Entry, Event, LazyEntries


def event(times: list[int]) -> Event:
    entries = tuple(
        Entry(f"t-{m}", datetime(2016, 3, 14, 10, m, tzinfo=UTC), f"10:{m:02d}", f"Body {m}", m)
        for m in times
    )
    return Event("e", "E", date(2016, 3, 14), "UTC", entries, "content/events/e.md")


def test_a_pickled_event_reads_its_head_without_its_entries() -> None:
    original = event([30, 5, 45])
    loaded = pickle.loads(pickle.dumps(original))
    lazy = loaded.entries
    assert isinstance(lazy, LazyEntries)
    assert (loaded.start, loaded.end, len(lazy)) == (original.start, original.end, 3)
    assert lazy._items is None  # nothing above needed them
    assert loaded == original and original == loaded
    assert hash(loaded) == hash(original)
    assert [e.anchor for e in lazy] == ["t-30", "t-5", "t-45"]
    assert lazy[1] == original.entries[1] and lazy[1:] == original.entries[1:]
    assert lazy._blob is None  # held once


def test_pickled_again_loaded_or_not() -> None:
    original = event([1, 2])
    once = pickle.loads(pickle.dumps(original))
    twice = pickle.loads(pickle.dumps(once))  # the blob as it was, not loaded
    assert once.entries._items is None and twice == original
    list(once.entries)
    thrice = pickle.loads(pickle.dumps(once))  # loaded: pickled from its entries
    assert thrice == original
    edited = replace(thrice, entries=(*thrice.entries, *event([3]).entries))
    assert len(pickle.loads(pickle.dumps(edited)).entries) == 3


def test_an_event_without_entries() -> None:
    empty = pickle.loads(pickle.dumps(event([])))
    assert (empty.start, empty.end, len(empty.entries), tuple(empty.entries)) == (None, None, 0, ())


def test_a_sequence_like_a_tuple() -> None:
    original = event([1, 2, 1])
    lazy = pickle.loads(pickle.dumps(original)).entries
    first = original.entries[0]
    assert lazy.count(first) == 2 and lazy.index(original.entries[1]) == 1
    assert first in lazy and list(reversed(lazy)) == list(reversed(original.entries))


def test_heads_are_saved_without_entries_and_load_them_when_asked(tmp_path: Path) -> None:
    """``Cache.save_heads``: one file of events without their entries; a head's reader
    gives it the loader of its entries, asked once, and only when they are read."""
    store = Cache(tmp_path)
    original = event([30, 5, 45])
    fresh, cached = original, pickle.loads(pickle.dumps(original))  # tuples, and a blob
    store.save_heads({"a": (fresh, ()), "b": (cached, ("warned",))})
    assert len((store.dir / "heads.pickle").read_bytes()) < len(pickle.dumps(original))
    heads = store.heads()
    asked: list[str] = []
    for key, (head, _) in heads.items():
        assert isinstance(head.entries, LazyEntries) and head.entries._blob is None
        assert (head.start, head.end, len(head.entries)) == (original.start, original.end, 3)
        head.entries.loader = lambda key=key: asked.append(key) or original.entries
    assert heads["b"][1] == ("warned",) and asked == []
    assert heads["a"][0] == original and asked == ["a"]
    assert pickle.loads(pickle.dumps(heads["b"][0])) == original and asked == ["a", "b"]
    list(heads["b"][0].entries)
    assert asked == ["a", "b"]  # loaded once
    (store.dir / "heads.pickle").write_bytes(b"torn")
    assert store.heads() == {}
    assert Cache(tmp_path, enabled=False).heads() == {}
