"""The only module that touches the output folder.

A build writes what changed into a fresh sibling folder, and only once every file is there
does it touch the output: a whole new site is swapped in (one atomic exchange where the
system has it, two renames elsewhere); an edit's few files are moved in under a journal. So
an error, a crash or a full disk mid-build leaves the previous site as it was; the next
build removes what a killed one left, and finishes the moves of one killed while making
them. tlgen deletes only folders that carry its marker file, so a mistyped
``--out`` never wipes someone's documents.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import json
import os
import shutil
import sys
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from stat import S_ISREG
from typing import BinaryIO

from generator.errors import Problem, TlgenError
from generator.model import Output

MARKER = ".tlgen-output"
_TMP = ".tlgen-tmp-"
_OLD = ".tlgen-old-"


# What a build wrote, per output path: (input key, size, mtime in ns).
Written = dict[str, tuple[str, int, int]]
# Per output made of pieces: the file's size and mtime, and each piece's key and length.
Pieces = dict[str, tuple[int, int, list[tuple[str, int]]]]


@dataclass(frozen=True, slots=True)
class WriteReport:
    files: int
    bytes: int
    reused: int = 0
    outputs: Written = field(default_factory=dict)
    rendered: tuple[str, ...] = ()  # paths written anew (not reused): what may have changed
    pieces: Pieces = field(default_factory=dict)


def _check_relpath(path: str) -> None:
    """An output path that stays inside the output folder, or an error: no empty, ``.``
    or ``..`` part (so nothing absolute either), no backslash, no NUL."""
    parts = path.split("/")
    if "\\" in path or "\x00" in path or "" in parts or "." in parts or ".." in parts:
        raise TlgenError(
            [
                Problem(
                    f"output path {path!r} would leave the output folder",
                    hint="a slug or a theme file names it: rename that",
                )
            ]
        )


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
        _finish_commit(sibling, out)
        _remove_ours(sibling)


def _finish_commit(folder: Path, out: Path) -> None:
    """Complete the moves of a build killed while committing (its journal says which)."""
    if not is_ours(folder):
        return
    try:
        moves, removes = json.loads((folder / _JOURNAL).read_bytes())
    except (OSError, ValueError):
        return  # no journal: the build died before committing, its folder only goes
    if is_ours(out):
        with contextlib.suppress(OSError):  # what cannot be finished, the build redoes
            _apply(folder, out, moves, removes)
    shutil.rmtree(folder, ignore_errors=True)


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


@dataclass(frozen=True, slots=True)
class Update:
    """What brings a folder of ``out`` that ``write_site``'s ``finish`` makes (``folder``:
    the search index) up to date with an edit's changed files, when those are moved in
    one by one: ``run(tmp, out, changed, rendered, files)``, with the new files in ``tmp``
    (``rendered``, of all the site's ``files``: each one's key, size and time), returns
    the paths to move from ``tmp`` into ``out`` and those to delete there; None when it
    cannot."""

    folder: str
    run: Callable[[Path, Path, bool, set[str], Written], tuple[list[str], list[str]] | None]


@dataclass(slots=True)
class Staged:
    """A build's sibling folder, made before its sources are read, and the files the
    workers that read them have already written there (output path → input key; "" for
    one whose writing failed or that two events claimed: never taken as it is)."""

    folder: Path
    files: dict[str, str] = field(default_factory=dict)
    halt: Callable[[], None] | None = None  # stops a process still writing there

    def add(self, files: dict[str, str]) -> None:
        for path, key in files.items():
            self.files[path] = "" if path in self.files else key

    def stop_writers(self) -> None:
        """Before the folder goes: nothing may write into it after (or make it again)."""
        if self.halt is not None:
            self.halt()
            self.halt = None


def begin(out: Path) -> Staged:
    """Make the build's sibling folder beside ``out`` (after tidying what killed builds
    left there); ``write_site`` fills it and puts it in place, or removes it."""
    out = out.absolute()
    check_replaceable(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(out)
    tmp = out.parent / f".{out.name}{_TMP}{os.getpid()}"
    _remove_ours(tmp)  # an earlier build of this process that stopped before writing
    tmp.mkdir()
    try:
        _write_file(tmp / MARKER, [b"made by tlgen; this folder is replaced on every build\n"])
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return Staged(tmp)


def abandon(staged: Staged) -> None:
    """A build that stopped before writing: its sibling folder goes."""
    staged.stop_writers()
    _remove_ours(staged.folder)


# The folders this process has made or written into, in the begun folder it writes
# ahead into: (that folder, the folders under it). A worker or a helper lives for one
# build; a folder remembered and since removed only costs the open that fails below.
_MADE: tuple[str, set[str]] = ("", set())


def prewrite(folder: Path, output: Output) -> None:
    """One file written into a begun folder ahead of ``write_site`` (by a worker that
    has just read its event): ``write_site`` takes it if its key is the one it wants."""
    global _MADE
    _check_relpath(output.path)
    target = folder.joinpath(*output.path.split("/"))
    base = os.fspath(folder)
    if _MADE[0] != base:
        _MADE = (base, {base})
    parent = os.path.dirname(target)
    if parent not in _MADE[1]:
        # A folder not met yet is mostly new (an event's own): made before the file is
        # opened, not after an open that fails (one whose parent is missing too: below)
        with contextlib.suppress(FileExistsError, FileNotFoundError):
            os.mkdir(parent)
        _MADE[1].add(parent)
    try:  # a folder removed meanwhile (by hand, or the build stopping) fails the open
        _write_file(target, output.chunks())
    except FileNotFoundError:
        if not folder.is_dir():
            raise  # the build stopped and removed it: never made again from here
        target.parent.mkdir(parents=True, exist_ok=True)
        _write_file(target, output.chunks())


def prewrite_all(folder: Path, outputs: Iterable[Output], done: dict[str, str]) -> None:
    """Each output written ahead (``prewrite``), and told in ``done`` (path → key; no
    key for a file begun and not finished, which is never taken). A failure ends it:
    the build makes what is left, and reports why."""
    for output in outputs:
        done[output.path] = ""
        prewrite(folder, output)
        done[output.path] = output.key


def _discard(folder: Path, path: str) -> None:
    """A file written ahead that is to be written anew or linked."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(folder.joinpath(*path.split("/")))


def _sweep(folder: Path, keep: Container[str]) -> None:
    """Remove what was written ahead and no output claimed (an event superseded or left
    out, a file a dead worker began), with the folders left empty: the folder then
    holds a clean build's files alone. Walked whole, so nothing is missed."""
    base = os.fspath(folder)
    for top, _, files in os.walk(base, topdown=False):
        rel = os.path.relpath(top, base).replace(os.sep, "/")
        prefix = "" if rel == "." else rel + "/"
        for name in files:
            if prefix + name not in keep and not (prefix == "" and name == MARKER):
                os.unlink(os.path.join(top, name))
        if prefix and not os.listdir(top):
            os.rmdir(top)


def write_site(
    outputs: Iterable[Output],
    out: Path,
    previous: Written | None = None,
    finish: Callable[[Path, Path | None, bool], None] | None = None,
    pieces: Pieces | None = None,
    staged: Staged | None = None,
    settled: Callable[[str], bool] | None = None,
    update: Update | None = None,
) -> WriteReport:
    """Write every output, then put the new site in place of ``out`` all at once.

    A file the last build wrote for the same path with the same input key (and that is
    still as it was written) is kept instead of rendered and written again: only files
    whose inputs changed cost anything. The files that did change are written into a
    sibling folder first, so an error or a full disk leaves ``out`` as it was. Then:

    - when few files changed (an edit), they are moved into ``out`` (``_commit``): a few
      renames, with a journal that lets the next build finish them should this one be
      killed in those milliseconds;
    - otherwise the sibling folder is completed with hard links to the kept files and the
      two folders are swapped in one atomic step.

    ``finish`` runs on a complete new folder before the swap (the search index is built
    there), with the current output (or None) and whether any page changed; it takes the
    second way, unless ``update`` brings what it made before up to date. ``pieces``: how
    the last build's files made of pieces were made, so that the pieces whose inputs did
    not change are copied, not made again.
    ``settled(folder)``: is that folder of ``out`` (``""`` for ``out`` itself) as the last
    build left it? Its entries are then known without listing it.

    ``update`` (with ``finish``) lets an edit's files be moved in all the same: it brings
    what ``finish`` made in ``out`` (the search index) up to date (``Update``), its files
    moved in under the same journal, or says it cannot, and the new folder is made whole
    and swapped in.
    """
    out = out.absolute()
    ahead_possible = staged is not None  # workers may have written there: swept after
    staged = staged if staged is not None else begin(out)
    tmp = staged.folder
    ahead = staged.files  # written ahead, not yet claimed (more may come as outputs do)
    old = out.parent / f".{out.name}{_OLD}{os.getpid()}"
    previous = previous if previous and is_ours(out) else {}
    pieces = pieces if previous and pieces else {}
    made: Pieces = {}
    current = os.fspath(out) + os.sep  # plain strings: thousands of files, no Path objects
    written: Written = {}
    rendered: list[str] = []
    kept: list[Output] = []
    seen: set[str] = set()
    folders: set[Path] = set()
    total = 0
    replaced = tmp

    def staged_path(output: Output) -> Path:
        target = tmp.joinpath(*output.path.split("/"))
        if target.parent not in folders:  # one mkdir per folder, not per file
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        return target

    def write(output: Output) -> None:
        nonlocal total
        target = staged_path(output)
        lengths: list[int] = []
        if output.part is None:
            total += _write_file(target, output.chunks())
        else:
            before = _pieces_of(current + output.path, pieces.get(output.path))
            total += _write_file(target, _spliced(output, current + output.path, before, lengths))
        rendered.append(output.path)
        stat = target.stat()
        written[output.path] = (output.key, stat.st_size, stat.st_mtime_ns)
        if output.part is not None:
            recorded = list(zip(output.parts, lengths, strict=True))
            made[output.path] = (stat.st_size, stat.st_mtime_ns, recorded)

    def take(output: Output) -> None:
        """A file a worker wrote ahead, with the key wanted: as good as written here."""
        nonlocal total
        stat = os.stat(os.fspath(tmp) + os.sep + output.path)
        total += stat.st_size
        rendered.append(output.path)
        written[output.path] = (output.key, stat.st_size, stat.st_mtime_ns)

    try:
        for output in outputs:
            _check_relpath(output.path)
            key = output.path.lower()  # case-insensitive hosts would merge these
            if key in seen:
                raise TlgenError(
                    [
                        Problem(
                            f"two pages would be written to {output.path}",
                            hint="names differing only in case are one file on many hosts: "
                            "give one of them another slug",
                        )
                    ],
                )
            seen.add(key)
            before = previous.get(output.path)
            if output.path in ahead:
                if ahead.pop(output.path) == output.key and output.key and output.part is None:
                    take(output)
                    continue
                _discard(tmp, output.path)  # written anew below, or linked
            if output.key and _unchanged(current + output.path, output.key, before):
                assert before is not None
                kept.append(output)
                written[output.path] = before
                if output.part is not None and output.path in pieces:
                    made[output.path] = pieces[output.path]
            else:
                write(output)
        if ahead_possible:  # also a file a worker began and died before reporting
            _sweep(tmp, written)
        strays = None  # or, when the changed files are to be moved in, what to delete
        moves = rendered
        changed = written.keys() != previous.keys() or len(rendered) > 0
        if (finish is None or update is not None) and _few(out, rendered, previous):
            owned = update.folder if update is not None else None
            strays = _strays(out, written, previous, settled, owned)
            if strays is not None and (len(rendered) + len(strays)) * _FEW > len(previous):
                strays = None  # much to delete: swapped in whole
            if strays is not None and update is not None:
                found = update.run(tmp, out, changed, set(rendered), written)
                if found is None:
                    strays = None  # nothing to bring up to date: made whole
                else:
                    moves, strays = rendered + found[0], strays + found[1]
        if strays is None:
            for output in kept:
                try:
                    os.link(current + output.path, staged_path(output))
                except OSError:  # gone, or a filesystem without hard links: write it anew
                    write(output)
            if finish is not None:
                finish(tmp, out if is_ours(out) else None, changed)
            replaced = _swap(tmp, out, old)
    except BaseException:
        staged.stop_writers()
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if strays is not None:
        _commit(tmp, out, moves, strays)
    else:
        _remove_ours(replaced)
        if replaced.is_dir() and not replaced.is_symlink() and not any(replaced.iterdir()):
            replaced.rmdir()  # an empty folder the user made for us
    return WriteReport(len(seen), total, len(kept), written, tuple(rendered), made)


def _pieces_of(
    old: str, recorded: tuple[int, int, list[tuple[str, int]]] | None
) -> dict[str, tuple[int, int]]:
    """Where each piece of the last build's file is (offset, length), by key: only when
    that file is still the one whose pieces were recorded."""
    if recorded is None:
        return {}
    try:
        stat = os.lstat(old)
    except OSError:
        return {}
    if not S_ISREG(stat.st_mode) or (stat.st_size, stat.st_mtime_ns) != recorded[:2]:
        return {}
    found: dict[str, tuple[int, int]] = {}
    offset = 0
    for key, length in recorded[2]:
        found.setdefault(key, (offset, length))
        offset += length
    return found if offset == stat.st_size else {}


_RUN = 1 << 20  # copied in runs of about a megabyte: a whole archive file is not held


class _Copy:
    """A run of the last build's file (``length`` bytes from ``start``) for ``_write_file``
    to copy into the file it writes, by the kernel (``os.copy_file_range``): after an edit
    at 10,000 events the archive files are 790 MB, nearly all copied, and a copy through
    Python's buffers took 1.6 s of the edit. ``done``: every byte was copied; else the
    file written is as it was before, and the run is read instead (``_spliced``)."""

    __slots__ = ("done", "fd", "length", "start")

    def __init__(self, fd: int, start: int, length: int) -> None:
        self.fd, self.start, self.length, self.done = fd, start, length, False

    def into(self, f: BinaryIO) -> int:
        global _KERNEL_COPY
        f.flush()
        out = f.fileno()
        begin = os.lseek(out, 0, os.SEEK_CUR)
        copied = 0
        try:
            while copied < self.length:
                n = os.copy_file_range(self.fd, out, self.length - copied, self.start + copied)
                if n == 0:
                    break  # the file is shorter than when its pieces were found
                copied += n
        except OSError as exc:
            if exc.errno not in _NO_KERNEL_COPY:
                raise  # a full disk, a failing device: as a write's
            _KERNEL_COPY = False  # not between these two files: read from here on
        if copied == self.length:
            self.done = True
            return copied
        os.ftruncate(out, begin)
        os.lseek(out, begin, os.SEEK_SET)
        return 0


# What says a file system or a system cannot copy for us (as ``shutil`` takes them)
_NO_KERNEL_COPY = frozenset(
    (errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EBADF)
)
_KERNEL_COPY = hasattr(os, "copy_file_range")  # Linux; elsewhere the runs are read


def _spliced(
    output: Output, old: str, before: dict[str, tuple[int, int]], lengths: list[int]
) -> Iterator[bytes | _Copy]:
    """The output's pieces, each copied from the last build's file when its key is there
    (else made); ``lengths`` hears each piece's length, for the next build. Pieces that
    follow each other in the last file too are copied in one run (after an edit, nearly
    all of them: 76,000 reads at 10,000 events were a second), by the kernel where it can
    (``_Copy``)."""
    assert output.part is not None
    handle = open(old, "rb") if before else None  # noqa: SIM115 (a generator: closed below)
    run: list[int] = []  # pieces to copy, contiguous in the last file
    start = end = 0

    def copied() -> Iterator[bytes | _Copy]:
        assert handle is not None
        if _KERNEL_COPY:
            copy = _Copy(handle.fileno(), start, end - start)
            yield copy  # ``_write_file`` copies it before it asks for what follows
            if copy.done:
                lengths.extend(before[output.parts[i]][1] for i in run)
                return
        handle.seek(start)
        chunk = handle.read(end - start)
        if len(chunk) == end - start:
            lengths.extend(before[output.parts[i]][1] for i in run)
            yield chunk
            return
        assert output.part is not None
        for i in run:  # the file changed under us: make them
            made = output.part(i)
            lengths.append(len(made))
            yield made

    try:
        for i, key in enumerate(output.parts):
            where = before.get(key) if handle is not None else None
            if where is not None and run and where[0] == end and end - start < _RUN:
                run.append(i)
                end += where[1]
                continue
            if run:
                yield from copied()
                run = []
            if where is not None:
                run, start, end = [i], where[0], where[0] + where[1]
                continue
            chunk = output.part(i)
            lengths.append(len(chunk))
            yield chunk
        if run:
            yield from copied()
    finally:
        if handle is not None:
            handle.close()


def _unchanged(old: str, key: str, before: tuple[str, int, int] | None) -> bool:
    """Is the previous build's file for this path still as written, from the same inputs?
    (A file edited, replaced or linked by hand in the output is written anew.)"""
    if before is None or before[0] != key:
        return False
    try:
        stat = os.lstat(old)
    except OSError:
        return False
    return S_ISREG(stat.st_mode) and (stat.st_size, stat.st_mtime_ns) == (before[1], before[2])


def _few(out: Path, rendered: list[str], previous: Written) -> bool:
    """Can the changed files be moved into ``out`` one by one? When they are a small part
    of the site (so the moves take milliseconds) and each goes over a file or nothing,
    into a folder that exists or is made (``_apply``): a folder is never replaced by a
    file, nor a file by a folder. So an event added is moved in as an edit is: at 10,000
    events, making the whole new folder (a hard link a file) and removing the previous
    one took 9 s of an edit with search under the profiler (``search.update_index``)."""
    if not previous or len(rendered) * _FEW > len(previous):
        return False
    current = os.fspath(out) + os.sep
    made: set[str] = set()  # the folders to be made
    for path in rendered:
        if os.path.isdir(current + path):
            return False
        parent = path.rpartition("/")[0]
        while parent and parent not in made and not os.path.isdir(current + parent):
            if os.path.lexists(current + parent):
                return False  # a file (or a broken link) where a folder goes
            made.add(parent)
            parent = parent.rpartition("/")[0]
    return True


def folders_of(paths: Iterable[str]) -> set[str]:
    """Every folder the files at ``paths`` are in, as relative paths ("" not included)."""
    folders: set[str] = set()
    for path in paths:
        while "/" in path:
            path = path.rpartition("/")[0]
            if path in folders:
                break
            folders.add(path)
    return folders


def _strays(
    out: Path,
    written: Written,
    previous: Written,
    settled: Callable[[str], bool] | None = None,
    owned: str | None = None,
) -> list[str] | None:
    """What is in ``out`` but not in the new site: files the last build wrote that are gone
    now, and anything put there by hand (a clean build would not have it either); a
    folder is listed whole, but for ``owned``, whose files are not the build's outputs
    (``Update``). None when a folder the site needs is a link made by hand:
    nothing is moved through it (the whole new folder is swapped in instead).

    A folder that is as the last build left it (``settled``) holds what that build wrote
    there and nothing else, so it is not listed: at 10,000 events, listing 20,000 folders
    was a second of every edit."""
    folders = folders_of(written)
    children: dict[str, set[str]] = {}  # the last build's files and folders, by folder
    if settled is not None:
        for path in previous:
            while True:
                parent, _, name = path.rpartition("/")
                known = children.setdefault(parent, set())
                if name in known:
                    break
                known.add(name)
                if not parent:
                    break
                path = parent
    strays: list[str] = []

    def walk(folder: str, prefix: str) -> bool:
        here = prefix[:-1]
        if settled is not None and here in children and settled(here):
            for name in sorted(children[here]):
                rel = prefix + name
                if rel in folders:
                    if not walk(folder + os.sep + name, rel + "/"):
                        return False
                elif rel not in written:
                    strays.append(rel)
            return True
        with os.scandir(folder) as entries:
            for entry in entries:
                rel = prefix + entry.name
                if rel in folders:
                    if entry.is_symlink() or not entry.is_dir():
                        return False
                    if not walk(entry.path, rel + "/"):
                        return False
                elif rel not in written and rel != MARKER and rel != owned:
                    strays.append(rel)
        return True

    return strays if walk(os.fspath(out), "") else None


_JOURNAL = ".tlgen-commit"
_FEW = 10  # moved one by one when at most a tenth of the files changed


def _commit(tmp: Path, out: Path, moves: list[str], removes: list[str]) -> None:
    """Move the changed files from ``tmp`` into ``out`` and delete the strays.

    The journal is written first: a build killed halfway through the moves leaves it in
    ``tmp``, and the next build (``clean_stale``) finishes the moves before anything else,
    so the output is whole again. An error or an interrupt during the moves has them tried
    once more: done then, nothing is left to finish (an interrupt still stops the build);
    failing again, they are left to the next build.
    """
    journal = tmp / _JOURNAL
    try:
        _write_file(journal.with_name(_JOURNAL + ".part"), [json.dumps([moves, removes]).encode()])
        os.replace(journal.with_name(_JOURNAL + ".part"), journal)
    except BaseException:  # nothing moved yet: the output is as it was
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    try:
        _apply(tmp, out, moves, removes)
    except BaseException as exc:
        _apply(tmp, out, moves, removes)  # an interrupt lands here at most once
        shutil.rmtree(tmp, ignore_errors=True)
        if not isinstance(exc, Exception):
            raise  # Ctrl-C: the build stops, its output whole
        return
    shutil.rmtree(tmp, ignore_errors=True)


def _apply(tmp: Path, out: Path, moves: list[str], removes: list[str]) -> None:
    """The journal's moves and removals; done twice, it does nothing more."""
    staged, current = os.fspath(tmp) + os.sep, os.fspath(out) + os.sep
    for path in moves:
        try:
            os.replace(staged + path, current + path)
        except FileNotFoundError:
            if not os.path.exists(staged + path):
                continue  # moved already
            os.makedirs(os.path.dirname(current + path), exist_ok=True)  # removed meanwhile
            os.replace(staged + path, current + path)
    for path in removes:
        target = current + path
        if os.path.isdir(target) and not os.path.islink(target):
            shutil.rmtree(target, ignore_errors=True)
        else:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(target)
        while "/" in path:  # a folder left empty goes too, as it would in a clean build
            path = path.rpartition("/")[0]
            try:
                os.rmdir(current + path)
            except OSError:
                break


def _write_file(path: Path, chunks: Iterable[bytes | _Copy]) -> int:
    """Every file of the site is written here, piece by piece as it is made (tests make it
    fail as a full disk would); returns the bytes written."""
    size = 0
    with open(path, "wb") as f:
        for chunk in chunks:
            if isinstance(chunk, _Copy):
                size += chunk.into(f)
            else:
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
