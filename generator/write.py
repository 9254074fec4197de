"""The only module that touches the output folder.

A build is written into a fresh sibling folder and swapped in once every file is there (one
atomic exchange where the system has it, two renames elsewhere), so an error, a crash or a
full disk mid-build leaves the previous site as it was; the next build removes what a
killed one left. tlgen deletes only folders that carry its marker file, so a mistyped
``--out`` never wipes someone's documents.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath

from generator.errors import Problem, TlgenError
from generator.model import Output

MARKER = ".tlgen-output"
_TMP = ".tlgen-tmp-"
_OLD = ".tlgen-old-"


# What a build wrote, per output path: (input key, size, mtime in ns).
Written = dict[str, tuple[str, int, int]]


@dataclass(frozen=True, slots=True)
class WriteReport:
    files: int
    bytes: int
    reused: int = 0
    outputs: Written = field(default_factory=dict)
    rendered: tuple[str, ...] = ()  # paths written anew (not reused): what may have changed


def safe_relpath(path: str) -> PurePosixPath:
    """An output path that stays inside the output folder, or an error."""
    rel = PurePosixPath(path)
    if (
        not path
        or rel.is_absolute()
        or "\\" in path
        or "\x00" in path
        or any(part in ("..", ".", "") for part in path.split("/"))
    ):
        raise TlgenError([Problem(f"output path {path!r} would leave the output folder")])
    return rel


def is_ours(folder: Path) -> bool:
    return (folder / MARKER).is_file()


def _remove_ours(folder: Path) -> None:
    if folder.is_dir() and not folder.is_symlink() and is_ours(folder):
        shutil.rmtree(folder, ignore_errors=True)


def _alive(folder: Path) -> bool:
    """Is the build that named ``folder`` (``.public.tlgen-tmp-<pid>``) still running in
    another process? Its folders are left alone until it ends."""
    pid = folder.name.rsplit("-", 1)[-1]
    if not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):
        return True  # another user's process, or a number no process can have: keep it
    return True


def clean_stale(out: Path) -> None:
    """Tidy what a killed build left beside ``out``: its temporary folders are removed,
    and where it died between the two renames of a swap (``out`` gone, the previous
    output set aside), the previous output is put back first."""
    if not out.parent.is_dir():
        return
    stale = [
        sibling
        for sibling in sorted(out.parent.iterdir())
        if sibling.name.startswith((f".{out.name}{_TMP}", f".{out.name}{_OLD}"))
        and not _alive(sibling)
    ]
    aside = [s for s in stale if s.name.startswith(f".{out.name}{_OLD}") and is_ours(s)]
    if aside and not out.exists() and not out.is_symlink():
        newest = max(aside, key=lambda folder: folder.stat().st_mtime_ns)
        newest.rename(out)
        stale.remove(newest)
    for sibling in stale:
        _remove_ours(sibling)


def check_replaceable(out: Path) -> None:
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise TlgenError(
            [Problem(f"{out} exists and is not a folder", hint="choose another --out")]
        )
    if out.is_dir() and not is_ours(out) and any(out.iterdir()):
        raise TlgenError(
            [
                Problem(
                    f"{out} is not empty and was not made by tlgen; refusing to replace it",
                    hint="choose an empty or new folder with --out, or empty this one",
                )
            ]
        )


def write_site(
    outputs: Iterable[Output],
    out: Path,
    previous: Written | None = None,
    finish: Callable[[Path, Path | None, bool], None] | None = None,
) -> WriteReport:
    """Write every output into a new folder, then swap it in for ``out`` atomically.

    A file the last build wrote for the same path with the same input key (and that is
    still as it was written) is hard-linked from the current output instead of rendered
    and written again: only files whose inputs changed cost anything. ``finish`` runs on
    the complete new folder before the swap (the search index is built there), with the
    current output (or None) and whether any page changed.
    """
    out = out.absolute()
    check_replaceable(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(out)
    tmp = out.parent / f".{out.name}{_TMP}{os.getpid()}"
    old = out.parent / f".{out.name}{_OLD}{os.getpid()}"
    tmp.mkdir()
    previous = previous if previous and is_ours(out) else {}
    written: Written = {}
    rendered: list[str] = []
    seen: set[str] = set()
    folders: set[Path] = set()
    total = reused = 0
    try:
        _write_file(tmp / MARKER, [b"made by tlgen; this folder is replaced on every build\n"])
        for output in outputs:
            rel = safe_relpath(output.path)
            key = rel.as_posix().lower()  # case-insensitive hosts would merge these
            if key in seen:
                raise TlgenError(
                    [Problem(f"two pages would be written to {output.path}")],
                )
            seen.add(key)
            target = tmp.joinpath(*rel.parts)
            if target.parent not in folders:  # one mkdir per folder, not per file
                target.parent.mkdir(parents=True, exist_ok=True)
                folders.add(target.parent)
            if output.key and _reuse(
                out.joinpath(*rel.parts), target, output.key, previous.get(output.path)
            ):
                reused += 1
            else:
                total += _write_file(target, output.chunks())
                rendered.append(output.path)
            stat = target.stat()
            written[output.path] = (output.key, stat.st_size, stat.st_mtime_ns)
        if finish is not None:
            changed = written.keys() != previous.keys() or reused < len(seen)
            finish(tmp, out if is_ours(out) else None, changed)
        replaced = _swap(tmp, out, old)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _remove_ours(replaced)
    if replaced.is_dir() and not replaced.is_symlink() and not any(replaced.iterdir()):
        replaced.rmdir()  # an empty folder the user made for us
    return WriteReport(len(seen), total, reused, written, tuple(rendered))


def _write_file(path: Path, chunks: Iterable[bytes]) -> int:
    """Every file of the site is written here, piece by piece as it is made (tests make it
    fail as a full disk would); returns the bytes written."""
    size = 0
    with open(path, "wb") as f:
        for chunk in chunks:
            f.write(chunk)
            size += len(chunk)
    return size


def _swap(tmp: Path, out: Path, old: Path) -> Path:
    """Put the finished ``tmp`` in place of ``out``; return where the previous output
    went (``tmp`` or ``old``), for the caller to remove.

    Where the system can (Linux), both folders trade places in one atomic step, so ``out``
    always exists; elsewhere two renames, and a build killed between them leaves the
    previous output at ``old``, which the next build puts back (``clean_stale``).
    """
    if out.exists() and _exchange(tmp, out):
        return tmp
    if out.exists():
        out.rename(old)
    try:
        tmp.rename(out)
    except OSError:
        if old.exists():
            old.rename(out)
        raise
    return old


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


@lru_cache(maxsize=1)
def _renameat2() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        func = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a libc without it (glibc < 2.28, musl < 1.2.?)
        return None
    func.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    func.restype = ctypes.c_int
    return func  # type: ignore[no-any-return]


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically (``renameat2(RENAME_EXCHANGE)``); False where the
    system or the file system cannot, and nothing has moved."""
    func = _renameat2()
    if func is None:
        return False
    return func(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0


def _reuse(old: Path, target: Path, key: str, before: tuple[str, int, int] | None) -> bool:
    """Link the previous build's file when its inputs and the file itself are unchanged."""
    if before is None or before[0] != key:
        return False
    try:
        stat = old.stat()
        if (stat.st_size, stat.st_mtime_ns) != (before[1], before[2]) or old.is_symlink():
            return False
        os.link(old, target)
    except OSError:
        return False  # gone, changed, or a filesystem without hard links: write it anew
    return True
