"""``Cache``: the records in one SQLite file. Every failure is a miss, never an error:
a damaged file, a file another build holds, a forked process."""

from __future__ import annotations

import gc
import os
import sqlite3
import sys
import time
from pathlib import Path

import pytest

from generator import cache
from generator.cache import Cache


def rows(root: Path) -> int:
    """The records another connection sees: what was committed."""
    with sqlite3.connect(Cache(root).dir / "memo.sqlite") as db:
        return int(db.execute("SELECT count(*) FROM memo").fetchone()[0])


def test_what_is_put_is_got_back_by_another_build(tmp_path: Path) -> None:
    store = Cache(tmp_path)
    assert not store.holds() and store.get("event", "k") is None
    store.put("event", "k", {"records": [1, 2]})
    store.put("check-html5", "k", ())  # kinds do not meet
    assert store.get("event", "k") == {"records": [1, 2]}  # seen before it is committed
    store.close()
    again = Cache(tmp_path)
    assert again.holds()
    assert again.get("event", "k") == {"records": [1, 2]} and again.get("check-html5", "k") == ()
    assert again.get("event", "other") is None


def test_puts_are_committed_in_batches_and_at_the_end(tmp_path: Path) -> None:
    store = Cache(tmp_path)
    blob = os.urandom(cache._BATCH // 4)
    for n in range(3):
        store.put("event", f"k{n}", blob)
    assert rows(tmp_path) == 0  # under a batch: not yet
    store.put("event", "k3", blob)
    assert rows(tmp_path) == 4
    store.put("event", "k4", blob)
    assert rows(tmp_path) == 4  # a batch begun anew: not a commit per put from here on
    del store  # never closed: committed when let go
    gc.collect()
    assert rows(tmp_path) == 5


def test_a_disabled_cache_keeps_nothing(tmp_path: Path) -> None:
    store = Cache(tmp_path, enabled=False)
    store.put("event", "k", 1)
    store.close()
    assert store.get("event", "k") is None and not store.holds()
    assert store.prune("event", []) == 0
    assert not (tmp_path / cache.CACHE_DIR).exists()


@pytest.mark.parametrize("damage", [b"", b"not a database at all " * 500, b"SQLite format 3\0"])
def test_a_damaged_file_is_a_miss_and_is_made_anew(tmp_path: Path, damage: bytes) -> None:
    store = Cache(tmp_path)
    store.put("event", "k", 1)
    store.close()
    path = store.dir / "memo.sqlite"
    data = path.read_bytes()
    path.write_bytes(damage + data[len(damage) + 4096 :] if damage else data[:1000])
    damaged = Cache(tmp_path)
    assert damaged.get("event", "k") is None
    damaged.put("event", "k", 2)  # no error: this build goes without
    damaged.close()
    fresh = Cache(tmp_path)
    assert fresh.get("event", "k") is None
    fresh.put("event", "k", 3)
    fresh.close()
    assert Cache(tmp_path).get("event", "k") == 3


def test_a_prune_keeps_the_puts_not_yet_committed(tmp_path: Path) -> None:
    """Pruning commits the build's pending puts first (its own transaction cannot begin
    inside theirs): they are kept, and only the records unused for long go."""
    store = Cache(tmp_path)
    week_ago = time.time() - 2 * cache.UNUSED_FOR
    store.put("event", "old", 1, now=week_ago)
    store.put("event", "used", 2, now=week_ago)
    store.put("event", "new", 3)
    assert rows(tmp_path) == 0  # pending
    assert store.prune("event", ["used"]) == 1
    assert store.get("event", "old") is None and store.get("event", "used") == 2
    store.close()
    again = Cache(tmp_path)
    assert again.get("event", "new") == 3 and again.get("event", "used") == 2


@pytest.mark.parametrize("first", ["get", "put", "prune"])
def test_a_file_damaged_while_a_build_reads_it_is_let_go(tmp_path: Path, first: str) -> None:
    """Damaged under an open connection (another program writing over it): whichever use
    meets it first, it is a miss, the build goes on without the file, and the file is
    removed for the next build to make anew."""
    store = Cache(tmp_path)
    for i in range(50):
        store.put("event", f"k{i}", "x" * 5000)
    store.close()
    reading = Cache(tmp_path)
    assert reading.get("event", "k1") == "x" * 5000  # the file is open
    path = reading.dir / "memo.sqlite"
    path.write_bytes(b"not a database at all " * (path.stat().st_size // 22))
    if first == "get":
        assert reading.get("event", "k2") is None
    elif first == "put":
        reading.put("event", "k2", 2)
    else:
        assert reading.prune("event", [], now=time.time() + 2 * cache.UNUSED_FOR) == 0
    assert not path.exists()
    assert reading.get("event", "k1") is None  # the rest of this build goes without
    reading.put("event", "k3", 3)
    reading.close()
    later = Cache(tmp_path)
    assert later.get("event", "k1") is None
    later.put("event", "k1", 1)
    later.close()
    assert Cache(tmp_path).get("event", "k1") == 1


def test_a_file_another_build_is_writing_is_waited_for_briefly(tmp_path: Path) -> None:
    first = Cache(tmp_path)
    first.put("event", "a", 1)
    first.close()
    other = sqlite3.connect(first.dir / "memo.sqlite", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another build, writing
    store = Cache(tmp_path)
    assert store.get("event", "a") == 1  # reading is not held up
    started = time.perf_counter()
    store.put("event", "b", 2)
    for n in range(3):
        store.put("event", f"c{n}", 3)
    assert time.perf_counter() - started < 3 * cache._WAIT  # given up once, not per put
    assert store.get("event", "a") == 1  # what is there is still read
    store.close()
    other.execute("COMMIT")
    other.close()
    later = Cache(tmp_path)
    assert later.get("event", "b") is None and later.get("event", "a") == 1
    later.put("event", "b", 2)
    later.close()
    assert Cache(tmp_path).get("event", "b") == 2


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork() is POSIX")
def test_a_forked_process_opens_the_file_anew(tmp_path: Path) -> None:
    """A connection must not cross a fork: the child's reads and writes use its own,
    and the parent's goes on working."""
    store = Cache(tmp_path)
    store.put("event", "parent", "p")
    store.close()
    assert store.get("event", "parent") == "p"  # the parent's connection, open at the fork
    inherited = store._db
    pid = os.fork()
    if pid == 0:  # the child: no pytest here, only an exit status
        ok = store.get("event", "parent") == "p" and store._db is not inherited
        store.put("event", "child", "c")
        store.close()
        os._exit(0 if ok else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert store.get("event", "child") == "c" and store.get("event", "parent") == "p"
    store.put("event", "after", "a")
    store.close()
    assert Cache(tmp_path).get("event", "after") == "a"


def test_a_python_without_sqlite3_builds_without_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Python built without its sqlite3 module (a pyenv build missing libsqlite3's
    headers) keeps no records: slower rebuilds, never a failed one."""
    monkeypatch.setitem(sys.modules, "sqlite3", None)  # import sqlite3 raises ImportError
    store = Cache(tmp_path)
    store.put("event", "k", 1)
    assert store.get("event", "k") is None and store.prune("event", []) == 0
    store.close()
    store.save_manifest(cache.Manifest(site_key="s"))
    assert Cache(tmp_path).manifest().site_key == "s"  # the other files are kept as ever
