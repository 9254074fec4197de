"""The stat stamp of a build's inputs: how ``tlgen build`` sees that nothing changed
without reading a file or loading the pipeline.

It works as git's index does. A file whose size, modification and change times and inode
are as recorded is taken as unchanged (``touch -d`` or ``cp -p`` can restore a modification
time, never a change time); a path recorded as missing must still be missing; a folder's
times change whenever an entry is added to it, removed or renamed. A stamp is trusted only
if every time it holds is older than the start of the build that took it, as the file
system itself dates that start (``now``: a marker file touched first thing), so a file
saved during a build, or in the file system's clock tick of its start (milliseconds; two
seconds on FAT), is never taken as unchanged. When anything differs, or the stamp is not
trusted, the full build runs: it hashes every source as before, and takes a new stamp.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from pathlib import Path

from generator.cache import Cache, Manifest, code_key
from generator.report import BuildReport, problem_from

RACY_NS = 3_000_000_000  # where no marker can be touched: more than FAT's 2 s tick
_NOW = ".tlgen-now"

Stat = list[int] | None  # size, mtime, ctime (ns), inode; None: the path did not exist


def stat_of(path: str) -> Stat:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError:  # unreadable, a loop of links...: a stamp holding it never holds
        return [-1, -1, -1, -1]
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def walk(folder: Path, prune: bool = False) -> list[str]:
    """``folder`` and every folder and file under it, links to folders not followed (as
    the build reads them); ``prune`` skips hidden and ``_`` folders, which hold no source."""
    found = [os.fspath(folder)]
    for top, dirs, files in os.walk(folder):
        if prune:
            dirs[:] = [d for d in dirs if not d.startswith((".", "_"))]
        found += [os.path.join(top, name) for name in (*dirs, *files)]
    return found


def take(paths: Iterable[str]) -> dict[str, Stat]:
    return {path: stat_of(path) for path in paths}


def now(folder: Path) -> int:
    """The time as the file system dates files now (ns): a marker in ``folder`` is
    touched and read back, with the clock and the granularity the inputs' times have
    (and on a network file system, the server's clock). Where it cannot be, this
    machine's clock less ``RACY_NS``."""
    marker = folder / _NOW
    try:
        folder.mkdir(parents=True, exist_ok=True)
        marker.touch()  # an existing marker too: its times set to now
        return os.stat(marker).st_mtime_ns
    except OSError:
        return time.time_ns() - RACY_NS


def fresh(path: str, recorded: Stat, taken: int) -> bool:
    """Is ``path`` as stamped by a build started at ``taken`` (``now``), and was it not
    new then (nor unreadable)?"""
    if recorded is not None and not (0 <= recorded[1] < taken and 0 <= recorded[2] < taken):
        return False
    return stat_of(path) == recorded


def holds(inputs: dict[str, Stat], taken: int) -> bool:
    """Is every input fresh? (No stamp, as from a build that took none, holds nothing.)"""
    return bool(inputs) and all(fresh(path, stat, taken) for path, stat in inputs.items())


def outputs_intact(target: Path, outputs: dict[str, tuple[str, int, int]]) -> bool:
    """Is every file the last build wrote still there, as it was written?"""
    folder = os.fspath(target) + os.sep  # plain strings: thousands of files, no Path objects
    try:
        for rel, (_, size, mtime) in outputs.items():
            stat = os.stat(folder + rel)
            if stat.st_size != size or stat.st_mtime_ns != mtime:
                return False
    except OSError:
        return False
    return True


def request(config_path: Path, out: Path | None, base_url: str | None, drafts: bool) -> str:
    """What was asked of a build, besides its inputs: the same request of the same files,
    by the same tlgen (``code_key``: its version number alone may stay), builds the same
    site."""
    where = os.fspath(out.absolute()) if out is not None else ""
    return repr((os.fspath(config_path.absolute()), where, base_url, drafts, code_key()))


def report_of(manifest: Manifest, seconds: float) -> BuildReport:
    """The last build's report, for a build that had nothing to do."""
    summary = manifest.summary
    return BuildReport(
        out=Path(manifest.out),
        events=summary["events"],
        entries=summary["entries"],
        pages=summary["pages"],
        files=len(manifest.outputs),
        seconds=seconds,
        warnings=tuple(problem_from(w) for w in summary["warnings"]),
        reused=len(manifest.outputs),
        speakers=summary.get("speakers"),  # absent from a manifest older than the count
    )


def unchanged(
    config_path: Path, out: Path | None, base_url: str | None, drafts: bool, started: float
) -> BuildReport | None:
    """The last build's report if nothing it read or wrote has changed since; else None
    (the full build decides). ``started`` is the ``time.perf_counter()`` of the command."""
    try:
        root = config_path.resolve().parent  # where load_config puts the site
    except OSError:
        return None
    manifest = Cache(root).manifest()
    if (
        not manifest.site_key  # no build, or one that left work to the next (``build``)
        or manifest.request != request(config_path, out, base_url, drafts)
        or not holds(manifest.inputs, manifest.taken)
        or not outputs_intact(Path(manifest.out), manifest.outputs)
    ):
        return None
    try:
        return report_of(manifest, time.perf_counter() - started)
    except (KeyError, TypeError, ValueError):  # a summary from another version: rebuild
        return None
