"""The on-disk memo of pure stages, ``.tlgen-cache/`` in the site folder.

Keys are content hashes of everything a result depends on (tlgen's version included), so
a stale entry is never *wrong*, only unused: the folder is safe to delete at any time.
Two memos: a source's bytes (with its sidecar, the config and the registry) → its event
records, each in its own file (and the last build's events without their entries, all in
one: ``heads``); and the last build's manifest (each output path → the key of its
inputs), which lets the next build reuse unchanged files instead of rendering them again,
with where each piece of the archive-wide files is (so an edit copies the others from the
last file).
"""

from __future__ import annotations

import io
import json
import os
import pickle
import time
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
_FORMAT = 4  # bump when the layout of cached values changes


VERSION_KEY = digest("tlgen", __version__, str(_FORMAT))


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
    """Pickled stage results under ``root/.tlgen-cache/``; every failure is a miss."""

    def __init__(self, root: Path, enabled: bool = True) -> None:
        self.dir = root / CACHE_DIR / f"v-{VERSION_KEY[:12]}"
        self._root = os.fspath(self.dir)
        self.enabled = enabled

    def _path(self, kind: str, key: str) -> str:
        """A plain string: an edit asks for every event's file."""
        return os.path.join(self._root, kind, key[:2], key + ".pickle")

    def holds(self, kind: str) -> bool:
        """Whether any ``kind`` entry may be here (a folder for them exists)."""
        return self.enabled and os.path.isdir(os.path.join(self._root, kind))

    def get(self, kind: str, key: str) -> Any | None:
        if not self.enabled:
            return None
        try:  # one read of the whole file: an edit gets every event, a third faster so
            with open(self._path(kind, key), "rb", buffering=0) as f:
                return pickle.loads(f.readall())
        except Exception:  # a missing, truncated or foreign file is only a miss
            return None

    def put(self, kind: str, key: str, value: Any) -> None:
        if not self.enabled:
            return
        path = Path(self._path(kind, key))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            _atomic_write(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            pass  # a cache that cannot be written only makes the next build slower

    def prune(self, kind: str, used: Iterable[str], now: float | None = None) -> int:
        """Remove the ``kind`` entries not in ``used`` that were written more than
        ``UNUSED_FOR`` ago, and other versions' folders left as long; at most once a
        day. Without it the folder grows by a record per edit, and by every record each
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
        keep, cutoff, removed = set(used), now - UNUSED_FOR, 0
        try:
            for folder in os.scandir(self.dir / kind):
                if not folder.is_dir(follow_symlinks=False):
                    continue
                for entry in os.scandir(folder.path):
                    name = entry.name.removesuffix(".pickle")
                    if name not in keep and entry.stat(follow_symlinks=False).st_mtime < cutoff:
                        os.unlink(entry.path)
                        removed += 1
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

    def manifest(self) -> Manifest:
        """The last build's manifest; a missing, foreign or mistyped one is empty."""
        if not self.enabled:
            return Manifest()
        try:
            data = json.loads((self.dir / "manifest.json").read_text(encoding="utf-8"))
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
        if not self.enabled:
            return
        data = {f.name: getattr(manifest, f.name) for f in fields(Manifest)}
        data["outputs"] = {k: list(v) for k, v in sorted(manifest.outputs.items())}
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            _atomic_write(self.dir / "manifest.json", json.dumps(data).encode("utf-8"))
        except OSError:
            pass

    def heads(self) -> dict[str, Any]:
        """The last build's events without their entries (``save_heads``), by memo key:
        read at once, they spare an edit a thousand files (the entries of only the pages
        made again are needed). The reader gives each a loader of its entries."""
        if not self.enabled:
            return {}
        try:
            with open(self.dir / _HEADS, "rb", buffering=0) as f:
                heads = pickle.loads(f.readall())
        except Exception:  # missing, truncated or foreign: the events' own files serve
            return {}
        return heads if isinstance(heads, dict) else {}

    def save_heads(self, heads: dict[str, Any]) -> None:
        """``heads`` (memo key → a value holding events) pickled without any event's
        entries (``LazyEntries.head``): each is in its own file (``put``) already."""
        if not self.enabled:
            return
        from generator.model import LazyEntries  # not for a build with nothing to do

        class HeadPickler(pickle.Pickler):
            def reducer_override(self, obj: Any) -> Any:
                return obj.head() if type(obj) is LazyEntries else NotImplemented

        data = io.BytesIO()
        try:
            HeadPickler(data, protocol=pickle.HIGHEST_PROTOCOL).dump(heads)
            self.dir.mkdir(parents=True, exist_ok=True)
            _atomic_write(self.dir / _HEADS, data.getvalue())
        except OSError:
            pass

    def pieces(self, out: str) -> dict[str, Any]:
        """How the last build into ``out`` made its files of pieces (``write.Pieces``);
        apart from the manifest, which a build with nothing changed reads alone."""
        if not self.enabled:
            return {}
        try:
            with open(self.dir / "pieces.pickle", "rb") as f:
                saved_out, pieces = pickle.load(f)
        except Exception:
            return {}
        return pieces if saved_out == out and isinstance(pieces, dict) else {}

    def save_pieces(self, out: str, pieces: dict[str, Any]) -> None:
        if not self.enabled:
            return
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            data = pickle.dumps((out, pieces), protocol=pickle.HIGHEST_PROTOCOL)
            _atomic_write(self.dir / "pieces.pickle", data)
        except OSError:
            pass


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
