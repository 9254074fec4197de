"""The only module that touches the output folder.

A build is written into a fresh sibling folder and swapped in with two renames once every
file is there, so an error, a crash or a full disk mid-build leaves the previous site as
it was. tlgen deletes only folders that carry its marker file, so a mistyped ``--out``
never wipes someone's documents.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
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


def clean_stale(out: Path) -> None:
    """Remove temporary folders a killed build left beside ``out``."""
    if not out.parent.is_dir():
        return
    for sibling in out.parent.iterdir():
        if sibling.name.startswith((f".{out.name}{_TMP}", f".{out.name}{_OLD}")):
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
    outputs: Iterable[Output], out: Path, previous: Written | None = None
) -> WriteReport:
    """Write every output into a new folder, then swap it in for ``out`` atomically.

    A file the last build wrote for the same path with the same input key (and that is
    still as it was written) is hard-linked from the current output instead of rendered
    and written again: only files whose inputs changed cost anything.
    """
    out = out.absolute()
    check_replaceable(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(out)
    tmp = out.parent / f".{out.name}{_TMP}{os.getpid()}"
    old = out.parent / f".{out.name}{_OLD}{os.getpid()}"
    tmp.mkdir()
    (tmp / MARKER).write_bytes(b"made by tlgen; this folder is replaced on every build\n")
    previous = previous if previous and is_ours(out) else {}
    written: Written = {}
    seen: set[str] = set()
    total = reused = 0
    try:
        for output in outputs:
            rel = safe_relpath(output.path)
            key = rel.as_posix().lower()  # case-insensitive hosts would merge these
            if key in seen:
                raise TlgenError(
                    [Problem(f"two pages would be written to {output.path}")],
                )
            seen.add(key)
            target = tmp.joinpath(*rel.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            if output.key and _reuse(
                out.joinpath(*rel.parts), target, output.key, previous.get(output.path)
            ):
                reused += 1
            else:
                data = output.content()
                target.write_bytes(data)
                total += len(data)
            stat = target.stat()
            written[output.path] = (output.key, stat.st_size, stat.st_mtime_ns)
        if out.exists():
            out.rename(old)
        try:
            tmp.rename(out)
        except OSError:
            if old.exists():
                old.rename(out)
            raise
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _remove_ours(old)
    if old.is_dir() and not any(old.iterdir()):
        old.rmdir()  # an empty folder the user made for us
    return WriteReport(files=len(seen), bytes=total, reused=reused, outputs=written)


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
