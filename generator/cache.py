"""The on-disk memo of pure stages, ``.tlgen-cache/`` in the site folder.

Keys are content hashes of everything a result depends on (tlgen's version and code too), so
a stale entry is never *wrong*, only unused: the folder is safe to delete at any time.
Two memos: a source's bytes (with its sidecar, the config and the registry) → its event
records, a row each of one SQLite file (and the last build's events without their entries,
all in one file: ``heads``); and the last build's manifest (each output path → the key of its
inputs), which lets the next build reuse unchanged files instead of rendering them again,
with where each piece of the archive-wide files is (so an edit copies the others from the
last file).
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import os
import pickle
import time
import weakref
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from generator import __version__
from generator.ids import digest

CACHE_DIR = ".tlgen-cache"
UNUSED_FOR = 7 * 24 * 3600  # seconds since it was written before an unused entry goes
_PRUNED = "pruned"  # a marker: when this version's folder was last pruned
_HEADS = "heads.pickle"  # the last build's events without their entries (``save_heads``)
_MANIFEST = "manifest.json"  # what the last build wrote (``save_manifest``)
_PIECES = "pieces.pickle"  # how it made its files of pieces (``save_pieces``)
_SCANNED = "scanned.pickle"  # what the search index found of each page (``save_scanned``)
_MEMO = "memo.sqlite"  # the records (``Cache.put``)
_FORMAT = 6  # bump when the layout of cached values changes
_WAIT = 0.5  # seconds a build waits for another's writes before going without the cache
_BATCH = 1 << 20  # bytes put per commit: one commit holds little of the heap


VERSION_KEY = digest("tlgen", __version__, str(_FORMAT))


@functools.cache
def code_key(package: str = os.path.dirname(os.path.abspath(__file__))) -> str:
    """tlgen's own modules as they are on disk (each one's path, size and modification
    time; a stat each, no read): a checkout, or an install from git, keeps one version
    number across changes to its readers and its pages, whose records and files the
    cache would otherwise keep. An install keeps its files' times, so its key holds."""
    stamps: list[str] = []
    for top, folders, files in os.walk(package):
        folders[:] = sorted(f for f in folders if f != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                try:
                    stat = os.stat(os.path.join(top, name))
                except OSError:  # gone since it was listed (a checkout switching branches)
                    continue
                rel = os.path.relpath(os.path.join(top, name), package)
                stamps.append(f"{rel}:{stat.st_size}:{stat.st_mtime_ns}")
    return digest("code", *stamps)


@dataclass
class Manifest:
    """What the last successful build wrote: per output path, its input key, size and
    modification time (so a file edited by hand in the output is never reused)."""

    site_key: str = ""
    out: str = ""
    outputs: dict[str, tuple[str, int, int]] = field(default_factory=dict)
    summary: dict[str, Any] = field(default_factory=dict)
    # The stat stamp of every input (``stamp.py``), taken by a build started at ``taken``
    # (ns) for ``request``: what lets the next build see that nothing changed, unread.
    inputs: dict[str, list[int] | None] = field(default_factory=dict)
    taken: int = 0
    request: str = ""
    # Each source's memo key under ``base_key``, and its sidecar: a source whose stamp
    # (in ``inputs``) holds is not read again to be hashed (``stamp.fresh``).
    sources: dict[str, list[str]] = field(default_factory=dict)
    base_key: str = ""
    # The output's folders as the build left them, looked at at ``folders_at`` (ns).
    folders: dict[str, list[int] | None] = field(default_factory=dict)
    folders_at: int = 0


class Cache:
    """Pickled stage results under ``root/.tlgen-cache/``; every failure is a miss.

    The records are in one SQLite file (``memo.sqlite``), not a file each. A clean build
    of a thousand events made 1,300 files and folders for them, and making files is what
    file systems do slowest: one without a journal scans past every file deleted in the
    last minute for each new one (0.5 s of a clean build after ``rm -rf``). The file is
    opened on first use, and anew in a forked process (a connection must not cross a
    fork). Puts are committed every ``_BATCH`` bytes, by ``close`` and at exit.
    """

    def __init__(self, root: Path, enabled: bool = True) -> None:
        self.dir = root / CACHE_DIR / f"v-{VERSION_KEY[:12]}"
        self.enabled = enabled
        self._db: Any = None  # sqlite3.Connection, made by ``_connect``
        self._pid = 0  # the process that made it
        self._pending = 0  # bytes put and not yet committed
        self._closer: weakref.finalize | None = None
        self._broken = False  # damaged or not to be opened: this build goes without
        self._unwritable = False  # locked by another build, read-only, full: reads only

    def _connect(self, create: bool) -> Any:
        """The open database, or None: not there (and not to be made), or unusable."""
        if self._db is not None and self._pid == os.getpid():
            return self._db
        if self._broken or not self.enabled:
            return None
        path = self.dir / _MEMO
        new = not path.is_file()
        if new and not create:
            return None
        try:
            import sqlite3  # not for a build with nothing to do
        except ImportError:  # a Python built without it: every record a miss
            self._broken = True
            return None
        try:
            if create:
                self.dir.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(path, timeout=_WAIT, isolation_level=None, check_same_thread=False)
        except (sqlite3.Error, OSError):
            self._broken = True
            return None
        self._db, self._pid, self._pending = db, os.getpid(), 0
        self._closer = weakref.finalize(self, _close, db, self._pid)
        try:
            # A cache: the last writes lost to a crash of the machine are only misses.
            db.execute("PRAGMA synchronous=OFF")
            db.execute("PRAGMA journal_mode=TRUNCATE")  # no file made and removed per commit
            if new:  # (it writes: not to be asked of a file another build is writing)
                db.execute("PRAGMA auto_vacuum=INCREMENTAL")  # prune gives space back
            db.execute(
                "CREATE TABLE IF NOT EXISTS memo (kind TEXT NOT NULL, key TEXT NOT NULL,"
                " value BLOB NOT NULL, written INTEGER NOT NULL, PRIMARY KEY (kind, key))"
            )
        except sqlite3.Error as exc:
            self._failed(exc)
            return None
        return db

    def _failed(self, exc: Exception) -> None:
        """The rest of this build goes without the file: it is locked by another build
        for longer than ``_WAIT``, or cannot be read; or it is damaged, and removed for
        the next build to start anew."""
        import sqlite3

        self._broken = True
        self.close(commit=False)
        if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError):
            for suffix in ("", "-journal"):
                with contextlib.suppress(OSError):
                    os.unlink(f"{self.dir / _MEMO}{suffix}")

    def holds(self) -> bool:
        """Whether any record may be here (there is a file of them): a stat, not a query,
        for a build with nothing to do."""
        return self.enabled and (self.dir / _MEMO).is_file()

    def get(self, kind: str, key: str) -> Any | None:
        db = self._connect(create=False)
        if db is None:
            return None
        import sqlite3

        try:
            query = "SELECT value FROM memo WHERE kind = ? AND key = ?"
            row = db.execute(query, (kind, key)).fetchone()
        except sqlite3.Error as exc:
            self._failed(exc)
            return None
        try:
            return None if row is None else pickle.loads(row[0])
        except Exception:  # a foreign or damaged value is only a miss
            return None

    def put(self, kind: str, key: str, value: Any, now: float | None = None) -> None:
        """``now``: when it is taken to be written (``prune`` goes by it; tests set it)."""
        db = None if self._unwritable else self._connect(create=True)
        if db is None:
            return
        import sqlite3

        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            if not db.in_transaction:
                db.execute("BEGIN IMMEDIATE")  # waits ``_WAIT`` for another build's writes
            db.execute(
                "INSERT OR REPLACE INTO memo VALUES (?, ?, ?, ?)",
                (kind, key, data, int(time.time() if now is None else now)),
            )
            self._pending += len(data)
            if self._pending >= _BATCH:
                db.execute("COMMIT")
                self._pending = 0
        except sqlite3.OperationalError:  # not kept: the next build is only slower
            self._unwritable = True  # what is there can still be read
            with contextlib.suppress(sqlite3.Error):
                if db.in_transaction:
                    db.execute("ROLLBACK")  # the batch goes too, and the lock with it
        except sqlite3.Error as exc:
            self._failed(exc)

    def close(self, commit: bool = True) -> None:
        """Commit (unless told not to) and let go of the file; a later use opens it again."""
        db, closer, self._db, self._closer = self._db, self._closer, None, None
        if closer is not None:
            closer.detach()
        if db is not None:
            _close(db, self._pid, commit)

    def prune(self, kind: str, used: Iterable[str], now: float | None = None) -> int:
        """Remove the ``kind`` entries not in ``used`` that were written more than
        ``UNUSED_FOR`` ago, and other versions' folders left as long; at most once a
        day. Without it the cache grows by a record per edit, and by every record each
        time site.yml or the registry changes (every key holds both). An entry another
        configuration (``--base-url``, ``--drafts``) still uses only costs it a read."""
        if not self.enabled:
            return 0
        import shutil  # not for a build with nothing to do

        now = time.time() if now is None else now
        marker = self.dir / _PRUNED
        try:
            if now - marker.stat().st_mtime < 24 * 3600:
                return 0
        except OSError:
            pass  # never pruned
        keep, cutoff = set(used), now - UNUSED_FOR
        removed = self._remove(kind, keep, cutoff)
        if removed is None:
            return 0  # tried again by the next build
        try:
            for other in os.scandir(self.dir.parent):
                if (
                    other.name.startswith("v-")
                    and other.path != os.fspath(self.dir)
                    and other.is_dir(follow_symlinks=False)
                    and other.stat(follow_symlinks=False).st_mtime < cutoff
                ):
                    shutil.rmtree(other.path, ignore_errors=True)
            marker.touch()
        except OSError:
            pass  # tried again by the next build
        return removed

    def _remove(self, kind: str, keep: set[str], cutoff: float) -> int | None:
        """``prune``'s deletion, the space freed given back to the file system; None
        where it could not be done."""
        db = self._connect(create=False)
        if db is None:
            return None if self._broken else 0
        import sqlite3

        try:
            if db.in_transaction:
                db.execute("COMMIT")
                self._pending = 0
            query = "SELECT key FROM memo WHERE kind = ? AND written < ?"
            old = db.execute(query, (kind, int(cutoff))).fetchall()
            gone = [(kind, key) for (key,) in old if key not in keep]
            if gone:
                db.execute("BEGIN IMMEDIATE")
                db.executemany("DELETE FROM memo WHERE kind = ? AND key = ?", gone)
                db.execute("COMMIT")
                db.executescript("PRAGMA incremental_vacuum;")  # execute() frees one page
        except sqlite3.Error as exc:
            self._failed(exc)
            return None
        return len(gone)

    def _read(self, name: str) -> bytes | None:
        """A file of this folder, whole; None where it is missing or unreadable."""
        if not self.enabled:
            return None
        try:
            with open(self.dir / name, "rb", buffering=0) as f:
                return f.readall()
        except OSError:
            return None

    def _write(self, name: str, data: bytes) -> None:
        """A file of this folder, replaced whole (never seen half written)."""
        if not self.enabled:
            return
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            _atomic_write(self.dir / name, data)
        except OSError:
            pass  # a cache that cannot be written only makes the next build slower

    def manifest(self) -> Manifest:
        """The last build's manifest; a missing, foreign or mistyped one is empty."""
        raw = self._read(_MANIFEST)
        if raw is None:
            return Manifest()
        try:
            data = json.loads(raw)
            values = {}
            for name, default in asdict(Manifest()).items():
                value = data.get(name, default)
                if type(value) is not type(default):
                    return Manifest()
                values[name] = value
            manifest = Manifest(**values)
            manifest.outputs = {
                k: (str(v[0]), int(v[1]), int(v[2])) for k, v in manifest.outputs.items()
            }
            return manifest
        except Exception:
            return Manifest()

    def save_manifest(self, manifest: Manifest) -> None:
        data = {f.name: getattr(manifest, f.name) for f in fields(Manifest)}
        data["outputs"] = {k: list(v) for k, v in sorted(manifest.outputs.items())}
        self._write(_MANIFEST, json.dumps(data).encode("utf-8"))

    def heads(self) -> dict[str, Any]:
        """The last build's events without their entries (``save_heads``), by memo key:
        read at once, they spare an edit a thousand records (the entries of only the pages
        made again are needed). The reader gives each a loader of its entries."""
        raw = self._read(_HEADS)
        try:
            heads = pickle.loads(raw) if raw is not None else None
        except Exception:  # truncated or foreign: the events' own records serve
            return {}
        return heads if isinstance(heads, dict) else {}

    def save_heads(self, heads: dict[str, Any]) -> None:
        """``heads`` (memo key → a value holding events) pickled without any event's
        entries (``LazyEntries.head``): each is in its own record (``put``) already."""
        if not self.enabled:
            return
        from generator.model import LazyEntries  # not for a build with nothing to do

        class HeadPickler(pickle.Pickler):
            def reducer_override(self, obj: Any) -> Any:
                return obj.head() if type(obj) is LazyEntries else NotImplemented

        data = io.BytesIO()
        HeadPickler(data, protocol=pickle.HIGHEST_PROTOCOL).dump(heads)
        self._write(_HEADS, data.getvalue())

    def pieces(self, out: str) -> dict[str, Any]:
        """How the last build into ``out`` made its files of pieces (``write.Pieces``);
        apart from the manifest, which a build with nothing changed reads alone."""
        return self._of_out(_PIECES, out)

    def save_pieces(self, out: str, pieces: dict[str, Any]) -> None:
        self._save_of_out(_PIECES, out, pieces)

    def scanned(self, out: str) -> dict[str, Any]:
        """What the last build into ``out`` found of each page for its search index (page
        → size, time, digest or "" as ``search._scan_pages`` found it), so that an edit
        reads only the pages it changed."""
        return self._of_out(_SCANNED, out)

    def save_scanned(self, out: str, scanned: dict[str, Any]) -> None:
        self._save_of_out(_SCANNED, out, scanned)

    def _of_out(self, name: str, out: str) -> dict[str, Any]:
        """A mapping the last build saved for the output folder ``out``; empty when it
        built into another, or the file is missing or unreadable."""
        raw = self._read(name)
        try:
            saved_out, value = pickle.loads(raw) if raw is not None else ("", None)
        except Exception:
            return {}
        return value if saved_out == out and isinstance(value, dict) else {}

    def _save_of_out(self, name: str, out: str, value: dict[str, Any]) -> None:
        if self.enabled:
            self._write(name, pickle.dumps((out, value), protocol=pickle.HIGHEST_PROTOCOL))


def _atomic_write(path: Path, data: bytes) -> None:
    import tempfile  # only a build that writes pays for it

    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _close(db: Any, pid: int, commit: bool = True) -> None:
    """Commit (unless told not) and close ``db``, in the process that opened it only."""
    if pid != os.getpid():
        return  # a forked child's copy: the parent's to close
    try:
        if commit and db.in_transaction:
            db.execute("COMMIT")
    except Exception:
        pass  # the puts since the last commit are lost: misses
    finally:
        with contextlib.suppress(Exception):
            db.close()
